#!/bin/sh
# Long work shows a progress bar (count, percent, rate, time left) on a
# terminal's standard error, and nothing when standard error is not a
# terminal (issue 10). The terminal is script(1)'s pty.
. "$CDESK_TOP/tests/lib.sh"
command -v script >/dev/null || { echo "ok - # skip: no script(1)"; exit 0; }
# (at 12:00 on 2026-12-03 this seed once picked a review after its window
# had closed over the 2024 Spring Festival, and the demo stopped)
# The bar's checks draw at once (CDESK_PROGRESS_DELAY=0), so that they
# hold on a fast machine too; the quick command's keeps the half second.
export CDESK_PROGRESS_DELAY=0
script -qc "'$CDESK' --db '$TMP/t.db' demo --cases 1200 --seed 7 --at '2026-12-03 12:00'" /dev/null >"$TMP/tty" 2>&1
tr '\r' '\n' <"$TMP/tty" >"$TMP/lines"
expect_match "demo on a terminal: a bar with count, percent, rate and time left" \
	'^demo  [0-9,]+ of 1,200  [0-9]+%  [0-9,]+/s  [0-9]+:[0-9]{2} left  \[#* *\]' "$TMP/lines"
expect_match "demo on a terminal: the summary still printed" '1200 demo cases' "$TMP/lines"
# the indexes built after the rows have their own bar (a million cases:
# half a minute after the rows' bar has ended)
expect_match "demo on a terminal: a bar for the indexes after the rows" \
	'^indexes  [0-9]+ of [0-9]+  [0-9]+%' "$TMP/lines"
"$CDESK" --db "$TMP/p.db" demo --cases 1200 --seed 7 >"$TMP/out" 2>"$TMP/err"
expect_eq "demo, standard error not a terminal: nothing on it" "" "$(cat "$TMP/err")"
expect_match "demo, not a terminal: the summary" '1200 demo cases' "$TMP/out"
# a quick command draws nothing even on a terminal (one case: its only
# report is the last, which never draws, however slow the machine)
CDESK_PROGRESS_DELAY= script -qc "'$CDESK' --db '$TMP/q.db' demo --cases 1" /dev/null >"$TMP/tty2" 2>&1
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
# The part below builds a 102,000-case file (150 MB) and takes a minute and a
# half under the sanitizers: it runs in the plain build's pass of make check
# only (the report's progress under the sanitizers: test_build_progress in
# tests/unit/test_report_build.c).
if [ "$BUILD" = build-san ]; then
	echo "ok - # SKIP the 102,000-case part under the sanitizers (run in the plain pass)"
	exit 0
fi
# ---- backup and a report over more than 100,000 cases. A demo of 1,000
# cases copied 101 times by SQL (a demo of 100,000 takes minutes): the
# copies have new numbers, no full-text rows, and are open in a second
# round, so the report rebuilds each one's state (seconds, not a blink).
"$CDESK" --db "$TMP/big.db" demo --cases 1000 --seed 7 --at "2026-11-30 16:00" >/dev/null 2>&1
cols=$(sqlite3 "$TMP/big.db" "SELECT group_concat(CASE name
	WHEN 'id' THEN 'id + k.n * 1000000' WHEN 'number' THEN 'number || ''-'' || k.n'
	WHEN 'seq' THEN 'seq + k.n * 100000' WHEN 'merged_into' THEN 'NULL'
	WHEN 'suggestion' THEN 'substr(suggestion, 1, 300)'
	WHEN 'status' THEN '''registered''' WHEN 'closed_at' THEN 'NULL'
	WHEN 'due_met' THEN 'NULL' WHEN 'round' THEN '2'
	WHEN 'round_at' THEN '''2026-11-15 09:00:00''' WHEN 'due' THEN '''2027-06-30 23:59:59'''
	ELSE name END, ', ') FROM pragma_table_info('cases')")
sqlite3 "$TMP/big.db" "DROP TRIGGER cases_fts_insert;
	WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 101)
	INSERT INTO cases SELECT $cols FROM cases, k;"
expect_eq "the big database: 102,000 cases" "102000" \
	"$(sqlite3 "$TMP/big.db" "SELECT count(*) FROM cases")"
R="report quarterly 2026Q4 --at '2026-12-01 12:00'"
script -qc "'$CDESK' --db '$TMP/big.db' $R" /dev/null >"$TMP/tty4" 2>&1
tr '\r' '\n' <"$TMP/tty4" >"$TMP/lines4"
expect_match "report over 102,000 cases on a terminal: a bar with count, percent, rate and time left" \
	'^report  [0-9,]+ of [0-9,]+  [0-9]+%  [0-9,]+/s  [0-9]+:[0-9]{2} left  \[#* *\]' "$TMP/lines4"
expect_match "… whose total is every case read (102,000 and the quarter's)" \
	'^report  [0-9,]+ of 10[2-9],[0-9]{3}  ' "$TMP/lines4"
eval "'$CDESK' --db '$TMP/big.db' $R" >"$TMP/out4" 2>"$TMP/err4"
sed 's/^\x1b\[K//' "$TMP/lines4" | grep -Fxq "$(head -1 "$TMP/out4")" &&
	ok "… and the report's first line on a clean line" ||
	notok "… the report's first line not on a line of its own" "$(grep -a -m1 -F "$(head -1 "$TMP/out4")" "$TMP/lines4" | cat -v)"
expect_eq "report, standard error not a terminal: nothing on it" "" "$(cat "$TMP/err4")"
expect_eq "report on a terminal: the same report" \
	"$(cat "$TMP/out4")" "$(tr -d '\r' <"$TMP/tty4" | sed 's/^.*\x1b\[K//')"
# a report over fewer cases: none, however slow (the small database), even
# with the bar drawn at once
script -qc "'$CDESK' --db '$TMP/t.db' report quarterly 2026Q4" /dev/null >"$TMP/tty5" 2>&1
expect_nomatch "report over 1,200 cases: no bar" '^report  ' "$TMP/tty5"
script -qc "'$CDESK' --db '$TMP/big.db' backup '$TMP/copy.db'" /dev/null >"$TMP/tty6" 2>&1
tr '\r' '\n' <"$TMP/tty6" >"$TMP/lines6"
expect_match "backup on a terminal: the copy's bar, pages of pages" \
	'^backup  [0-9,]+ of [0-9,]+  [0-9]+%  [0-9,]+/s  [0-9]+:[0-9]{2} left  \[#* *\]' "$TMP/lines6"
expect_match "… then the check's, pages read" \
	'^backup: checking the copy, pages read  [0-9,]+  [0-9,]+/s  [0-9]+ s' "$TMP/lines6"
expect_match "… and the result on a clean line" "^(.\[K)?backed up to $TMP/copy.db" "$TMP/lines6"
expect_eq "the copy has every case" "102000" "$(sqlite3 "$TMP/copy.db" "SELECT count(*) FROM cases")"
rm -f "$TMP/copy.db"
"$CDESK" --db "$TMP/big.db" backup "$TMP/copy.db" >"$TMP/out7" 2>"$TMP/err7"
expect_eq "backup, standard error not a terminal: nothing on it" "" "$(cat "$TMP/err7")"
expect_match "… and the result" "^backed up to $TMP/copy.db" "$TMP/out7"
