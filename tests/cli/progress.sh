#!/bin/sh
# Long work shows a progress bar (count, percent, rate, time left) on a
# terminal's standard error, and nothing when standard error is not a
# terminal (issue 10). The terminal is script(1)'s pty.
. "$CDESK_TOP/tests/lib.sh"
command -v script >/dev/null || { echo "ok - # skip: no script(1)"; exit 0; }
# (at 12:00 on 2026-12-03 this seed once picked a review after its window
# had closed over the 2024 Spring Festival, and the demo stopped)
script -qc "'$CDESK' --db '$TMP/t.db' demo --cases 1200 --seed 7 --at '2026-12-03 12:00'" /dev/null >"$TMP/tty" 2>&1
tr '\r' '\n' <"$TMP/tty" >"$TMP/lines"
expect_match "demo on a terminal: a bar with count, percent, rate and time left" \
	'^demo  [0-9,]+ of 1,200  [0-9]+%  [0-9,]+/s  [0-9]+:[0-9]{2} left  \[#* *\]' "$TMP/lines"
expect_match "demo on a terminal: the summary still printed" '1200 demo cases' "$TMP/lines"
"$CDESK" --db "$TMP/p.db" demo --cases 1200 --seed 7 >"$TMP/out" 2>"$TMP/err"
expect_eq "demo, standard error not a terminal: nothing on it" "" "$(cat "$TMP/err")"
expect_match "demo, not a terminal: the summary" '1200 demo cases' "$TMP/out"
# a quick command draws nothing even on a terminal (one case: its only
# report is the last, which never draws, however slow the machine)
script -qc "'$CDESK' --db '$TMP/q.db' demo --cases 1" /dev/null >"$TMP/tty2" 2>&1
expect_nomatch "a command under half a second: no bar" ' left  \[' "$TMP/tty2"
# import: under half a second (1,200 rows) it draws nothing, and its summary
# starts on a clean line either way (a bar is cleared before it)
printf '[privacy]\nidentity_roles = officer, supervisor, admin\n' >"$TMP/see.ini"
CDESK_CONFIG=$TMP/see.ini "$CDESK" --db "$TMP/t.db" export --output "$TMP/t.csv" 2>/dev/null
"$CDESK" --db "$TMP/i.db" init >/dev/null
script -qc "'$CDESK' --db '$TMP/i.db' import '$TMP/t.csv'" /dev/null >"$TMP/tty3" 2>&1
tr '\r' '\n' <"$TMP/tty3" >"$TMP/lines3"
expect_match "import on a terminal: the summary on a clean line" '^(.\[K)?restored 1200 cases' "$TMP/lines3"
expect_nomatch "import: no bar left on the summary's line" 'import  [0-9,]+.*restored' "$TMP/lines3"
