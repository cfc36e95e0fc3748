#!/bin/sh
# The other screens through tmux: overdue and due-soon markers with and
# without colour, search (Chinese substrings), possible duplicates merged
# with one key, the calendar, help from the key table, [ui] language.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/screens.db"
"$CDESK" --db "$DB" init >/dev/null
D40=$(date -d "-40 days" +%F 2>/dev/null || date -v-40d +%F)
TODAY=$(date +%F)
add() { "$CDESK" --db "$DB" add "$@" >/dev/null 2>"$TMP/add.err" || cat "$TMP/add.err"; }
add --channel phone --text "门诊挂号排队两个小时没人管" --name "钱一" --phone 13512345678 --at "$D40 10:00"
add --channel visit --text "护士输液态度冷淡" --name "孙二" --phone 13600000002 --class simple
add --channel letter --text "停车场收费太贵" --name "周三" --phone 13700000003

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "queues open on the new queue" 'New \(unrouted\)'
check "an overdue row carries the ! marker and days late" '^ ?! TS[0-9]{4}-[0-9]{5} .*钱一.*[0-9]+ late'
check "a case due within a working day carries the ~ marker" '^ ?~ TS[0-9]{4}-[0-9]{5} .*孙二.*(today|1 left)'
keys Down Down                  # the colours show on rows that are not selected
sleep 0.2
if tm capture-pane -p -e | grep '钱一' | grep -q "$(printf '\033')\\[[0-9;]*31[;m]"; then
	ok "the overdue row is red"; else notok "the overdue row is red" "$(tm capture-pane -p -e | grep '钱一' | od -c | head -5)"; fi
if tm capture-pane -p -e | grep '孙二' | grep -q "$(printf '\033')\\[[0-9;]*33[;m]"; then
	ok "the row due soon is yellow"; else notok "the row due soon is yellow" "$(tm capture-pane -p -e | grep '孙二' | od -c | head -5)"; fi
keys Home

# sorting and filtering
keys f
check "f offers the filters" '┌.*Filter by'
keys Down Down Enter            # channel
check "then the channel list" '┌.*Channel'
keys Down Enter                 # phone
check "the filter is shown" 'filter: Channel=phone'
check "the phone case stays" '钱一'
not_shown "the visit case is filtered out" '孙二'
keys f Enter
check "no filter brings all back" '孙二'

# search: a Chinese substring of the account
keys F4
check "F4 opens search" 'Search:'
typ "输液"; keys Enter
check "a two-character Chinese word finds the case" 'TS[0-9]{4}-[0-9]{5} .*孙二'
keys C-a C-k
typ "1370000"; keys Enter
check "phone digits find the case" 'TS[0-9]{4}-[0-9]{5} .*周三'
keys Enter
check "Enter opens the found case" '停车场收费太贵'
keys Escape Escape
check "Esc Esc is back at the queue" 'Queue [0-9]+/'

# a case of 40 days ago is too old to be a duplicate
keys F2
check "the intake form opens" 'Rule suggestion'
typ "钱一"; keys Tab
typ "13512345678"; keys Tab
check "an old case is not a possible duplicate" 'No possible duplicate'
keys Escape
check "leaving asks" 'Leave it\?'
keys y

# possible duplicates (open cases of the last days) with a one-key merge
keys F2
check "F2 offers the form left above beside a blank one" 'A blank form'
keys F2                         # F2 again: the blank form
check "the intake form" 'Rule suggestion'
typ "周三"; keys Tab
typ "137 0000 0003"; keys Tab
check "the same phone shows a possible duplicate" 'Possible duplicates'
check "the duplicate is listed with its date" 'TS[0-9]{4}-00003 [0-9]{4}-[0-9]{2}-[0-9]{2}'
check "… and named, with its phone" '│  周三 13700000003'
keys Down Down                  # relation, patient → account
typ "又来投诉停车收费"
keys F8
check "F8 asks before merging" 'merge it into TS[0-9]{4}-00003\? .*\[y/n\]'
keys y
check "merged at once" 'Registered TS[0-9]{4}-00004 and merged it into TS[0-9]{4}-00003'
"$CDESK" --db "$DB" show TS2026-00004 --json 2>/dev/null | tr -d '\n' | sed 's/": */":/g' >"$TMP/m.json"
"$CDESK" --db "$DB" list all --json >/dev/null 2>&1
n4=$("$CDESK" --db "$DB" list all 2>/dev/null | grep -c '00004')
expect_eq "the new case exists once" 1 "$n4"
if grep -q '"status":"merged"' "$TMP/m.json" || "$CDESK" --db "$DB" list all 2>/dev/null | grep '00004' | grep -q merged; then
	ok "the new case is merged"; else notok "the new case is merged" "$(head -c 300 "$TMP/m.json")"; fi

# the calendar screen: a month and N working days worked out on the spot
keys F6
check "F6 opens the calendar" 'Working days from this day'
keys PageDown
keys Enter
check "Enter asks for a number of working days" 'Working days from the selected day'
typ "7"; keys Enter
check "the count is worked out" '^.* 7 working days from [0-9-]{10}: 20[0-9]{2}-[0-9]{2}-[0-9]{2}'
keys Enter C-a C-k
typ "abc"; keys Enter
check "a bad count is refused with a message" "'abc' is not a number of working days"

# help is the key table
keys F1
check "help names the calendar keys" 'PgUp.*Previous month'
check "help names the global keys" 'F10 +Quit'
keys End
check "… and q, back on an inner screen, at the end" 'q +Back on an inner screen; on the first screen it quits'
keys Escape Escape
keys q
expect_eq "q quits" 0 "$(wait_exit)"

# the same rows without colour keep their markers
start 100 30 LANG=C.UTF-8 LC_ALL= NO_COLOR=1 TERM=xterm-256color
check "NO_COLOR: the overdue marker stays" '^ ?! TS[0-9]{4}-[0-9]{5} .*钱一'
if tm capture-pane -p -e | grep -Eq "$(printf '\033')\\[([0-9]+;)*(3[0-7]|4[0-7])(;[0-9]+)*m"; then
	notok "NO_COLOR: no colour at all"; else ok "NO_COLOR: no colour at all"; fi
keys q
wait_exit >/dev/null

# [ui] language overrides the locale, both ways
printf '[ui]\nlanguage = zh_CN\n' >"$TMP/zh.ini"
start 100 30 LANG=C.UTF-8 LC_ALL= CDESK_CONFIG="$TMP/zh.ini" TERM=xterm-256color
check "[ui] language = zh_CN under C.UTF-8 is Chinese" '新登记（未交办）'
keys q
wait_exit >/dev/null
printf '[ui]\nlanguage = en\n' >"$TMP/en.ini"
start 100 30 LANG=zh_CN.UTF-8 LC_ALL= CDESK_CONFIG="$TMP/en.ini" TERM=xterm-256color
check "[ui] language = en under zh_CN.UTF-8 is English" 'New \(unrouted\)'
keys q
wait_exit >/dev/null

# no terminal: a clear message, not a broken screen
"$CDESK" --db "$DB" </dev/null >"$TMP/nt.out" 2>"$TMP/nt.err"
expect_eq "without a terminal cdesk exits 2" 2 "$?"
expect_match "and says a terminal is needed" 'needs a terminal' "$TMP/nt.err"

# mouse (SGR reports, as xterm sends them): a click selects a row, a double
# click opens it, the wheel scrolls
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "mouse: queues" 'Queue [0-9]+/'
keys End                        # the all-cases queue
tm send-keys -l "$(printf '\033[<0;20;5M\033[<0;20;5m')"
sleep 0.3
tm send-keys -l "$(printf '\033[<0;20;5M\033[<0;20;5m\033[<0;20;5M\033[<0;20;5m')"
check "mouse: a double click on the second row opens that case" '护士输液态度冷淡|停车场收费太贵|门诊挂号排队'
keys Escape
check "mouse: back at the queue" 'Queue [0-9]+/'
keys q
wait_exit >/dev/null

# a year without a holiday file: a warning on the top line
mkdir -p "$TMP/data"
cp -r "$CDESK_DATA"/. "$TMP/data/"
rm -f "$TMP/data/holidays/cn-$(date +%Y).ini"
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color CDESK_DATA="$TMP/data"
check "no holiday file for this year: the top line warns" "示范医院 .* ! no $(date +%Y) holiday file: Mon-Fri only"
keys F6
check "and the calendar screen says which file is missing" "No holiday file for $(date +%Y): Monday-Friday only \\(data/holidays/cn-$(date +%Y).ini\\)"
keys Escape q
wait_exit >/dev/null
