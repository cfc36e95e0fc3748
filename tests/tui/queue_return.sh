#!/bin/sh
# Back from a case opened deep in a long queue (End, then Enter, then q): the
# queue keeps the selection on that case with a full page around it, not the
# last row of its first page alone above a blank screen (an officer's walk).
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/queue_return.db"
"$CDESK" --db "$DB" demo --cases 450 --seed 7 >/dev/null 2>&1 || { notok "demo"; exit 1; }

start 80 24 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the queues" 'Queue 1/'
keys Left
check "All cases" '◀ All cases ▶'
keys End
check "End: the last case" '450/450 *$'
LAST=$(screen_text | grep -E '^[ !~=] TS' | tail -1 | grep -o 'TS[0-9]*-[0-9]*' | head -1)
keys Enter
check "opened" "^ $LAST "
keys q
check "back: still the last case, selected" '450/450 *$'
if [ "$(screen_text | grep -c '^[ !~=] TS')" -ge 15 ]; then ok "… on a full page"
else notok "… on a full page" "$(screen_text | head -12)"; fi
check "… the opened case on it" "^. $LAST "
