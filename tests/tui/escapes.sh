#!/bin/sh
# Escape sequences the terminfo entry in use lacks are read whole: Home and
# End as ESC [ 1 ~ / ESC [ 4 ~, vt100's F-keys (ESC O Q is F2), never Esc
# plus letters; an unknown sequence is ignored whole.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/esc.db"
"$CDESK" --db "$DB" init >/dev/null
raw() { tm send-keys -l -- "$(printf "$1")"; sleep 0.1; }

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=vt100
check "queues open under vt100" 'Queue [0-9]+/'
raw '\033OQ'
check "ESC O Q is F2: the form opens" 'Rule suggestion'
typ "abc"
raw '\033[1~'
typ "X"
check "ESC [ 1 ~ is Home" 'Complainant +Xabc'
raw '\033[4~'
typ "Y"
check "ESC [ 4 ~ is End" 'Complainant +XabcY'
raw '\033[99~'
raw '\033[1;5C'
typ "Z"
check "unknown sequences change nothing and are not Esc" 'Complainant +XabcYZ'
not_shown "no Esc was read" 'Leave it\?'
keys Escape
check "a real Esc still asks" 'Leave it\?'
keys y
check "back" 'Queue [0-9]+/'
keys F10
expect_eq "quits" 0 "$(wait_exit)"
