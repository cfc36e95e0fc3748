#!/bin/sh
# q on an inner screen is back (only the queues quit with it); Ctrl-C asks
# before quitting; Ctrl-Z suspends to a job-control shell and fg brings the
# screen back as it was, the form's typing kept.
. tests/lib.sh
. tests/tui/tmux.inc

one_case_db suspend
open_queues
keys Enter
check "a case opens" '│ Case *$'
keys q
check "q on the case screen is back to the queues" 'Queue [0-9]+/'
expect_eq "and cdesk still runs" none "$(wait_exit 1)"
keys c
check "the calendar" '│ Calendar *$'
keys q
check "q on the calendar is back too" 'Queue [0-9]+/'

keys C-c
check "Ctrl-C asks" 'Quit cdesk\? \[y/n\]'
keys n
check "n: still here" 'Queue [0-9]+/'
expect_eq "not quit" none "$(wait_exit 1)"
keys F2
check "the form" 'Rule suggestion'
typ "孙七"
keys C-c
check "Ctrl-C with a dirty form says so" 'Quit cdesk\? A form has unsaved input \(the draft is kept\)\. \[y/n\]'
keys y
expect_eq "y quits" 0 "$(wait_exit)"

# Ctrl-Z under an interactive shell with job control
tm kill-server >/dev/null 2>&1
SOCK="cdesk-test-$$-z"
tm -f /dev/null new-session -d -x 100 -y 30 \
	"env LANG=C.UTF-8 LC_ALL= TERM=xterm-256color PS1='sh\$ ' CDESK_LOCALEDIR= bash --norc --noprofile -i"
sleep 0.3
typ "'$CDESK' --db '$DB'"; keys Enter
check "cdesk from the shell" 'Unsaved intake forms were kept'
keys Enter
check "the kept form" 'Complainant +孙七'
typ "（续）"
keys C-z
check "Ctrl-Z: back at the shell" 'Stopped'
typ "fg"; keys Enter
check "fg: the screen is back" 'Complainant +孙七（续）'
check "and says so" 'Back from the shell; nothing was lost'
typ "又"
check "typing goes on" 'Complainant +孙七（续）又'
keys F10 y
check "quit to the shell" 'sh\$ *$'
