#!/bin/sh
# Orienting: the queue says where the selection is (n/N), the queue picker
# counts each queue, text cut to its column ends in "…", the key line gives
# a function key's letter where letters are commands, and the calendar warns
# when a count runs into a year without a holiday file.
. tests/lib.sh
. tests/tui/tmux.inc

new_db orient
# a case registered now: the first row of the first queue (new cases) and
# the last of "All cases" by due date; switching queues once carried that
# selection over, so All cases opened on its last row
"$CDESK" --db "$DB" add --channel visit --name 王芳 --phone 13912345678 \
	--text "护士态度很差" >/dev/null
total=$(sqlite3 "$DB" "SELECT count(*) FROM cases")
open_queues
# every queue, the departments' too, "All cases" last (as completion lists them)
nq=$("$CDESK" --db "$DB" _complete queues | wc -l)
keys g
check "… the department queues too" 'Department: Medical Affairs \([0-9]+\)'
typ "$nq"
check "digits in a long list make a number" "┌─Queues ［$nq］"
check "the picker counts every queue" "All cases \\($total\\)"
keys Enter
check "all cases" "Queue $nq/$nq ◀ All cases"
check "the header says where the selection is" " 1/$total *\$"
keys Down Down
check "… and follows it" " 3/$total *\$"
# (text cut to its column ends in "…": tests/tui/labels.sh, a department's
# name no longer being cut here)
check "the key line gives F1's letter" 'F1/\? Help'
check "… F2's" 'F2/n New'
check "… F4's" 'F4,/ Search'

# the calendar: 30 working days from today runs into a year without a file
y=$(date +%Y)
if [ -f "$CDESK_TOP/data/holidays/cn-$((y + 1)).ini" ]; then
	ok "# SKIP next year has a holiday file"
else
	keys c
	check "the calendar" '│ Calendar *$'
	keys Enter
	check "asks for a count" 'Working days from the selected day'
	typ 40; keys Enter
	check "the count is marked" '40 working days from .* !'
	check "and the screen says why" '! a year here has no holiday file: Mon-Fri counted'
	keys q
fi
keys q
expect_eq "q quits from the queues" 0 "$(wait_exit)"

# help: complete and without contradictions
start 100 40 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "queues" 'Queue [0-9]+/'
keys F1
check "help lists the mouse" 'Mouse +Click selects, double-click opens'
check "… digits in pick lists" 'Pick lists +A digit picks that item'
check "… typing filters, by pinyin initials" 'pinyin initials \(sfc → 收费处\)'
check "… Space and Enter in the form" 'The form +Enter: next field'
check "… q on inner screens" 'q +Back on an inner screen'
not_shown "no line the queue screen contradicts" 'Tab +Next field|Enter +Open / choose|Ctrl-K'
keys Escape F10
expect_eq "quits" 0 "$(wait_exit)"

# 80x24: headings the columns cannot hold give way to abbreviations
start 80 24 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "80x24 queues" 'Queue [0-9]+/'
check "the department heading is abbreviated" '  Case +Received +Compl\. +Unit +Dept\. '
not_shown "no heading cut mid-word" 'Departm[^e]|Complai[^n]'
keys F10
wait_exit >/dev/null
