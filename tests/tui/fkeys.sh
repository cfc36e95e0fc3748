#!/bin/sh
# Every function key has a letter alternative shown in the key line: on the
# intake form, where letters are typed, F8 (merge) is also Ctrl-D and F9
# (choose) Ctrl-P, and the key line says so; Ctrl-D does what F8 does.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/fk.db"
"$CDESK" --db "$DB" init >/dev/null
open_queues
keys F2
check "the form opens" 'Rule suggestion'
check "the key line names Ctrl-P beside F9" 'F9/\^P Choose'
check "… and Ctrl-D beside F8" 'F8/\^D Merge'
# the same key on the same field, in two fresh sessions: the same screen
screen_text | sed 1d >"$TMP/before"
keys F8
sleep 0.5
screen_text | sed 1d >"$TMP/f9"
keys F10
wait_exit >/dev/null
open_queues "queues open again"
keys F2
check "the form opens again" 'Rule suggestion'
keys C-d
sleep 0.5
screen_text | sed 1d >"$TMP/cp"
golden "Ctrl-D does what F8 does" "$TMP/f9" "$TMP/cp"
if cmp -s "$TMP/before" "$TMP/f9"; then notok "F8 on an empty form answered (the required fields)"; else
	ok "F8 (and so Ctrl-D) on an empty form answered (the required fields)"; fi
