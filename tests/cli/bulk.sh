#!/bin/sh
# Bulk writing (cdesk demo, cdesk import): the full-text index is written
# once per bulk transaction, not one segment per case (src/core/store_bulk.c),
# and what it indexes is what the triggers would have: every case found,
# the triggers back afterwards for ordinary commands (the full-text ones and
# the report totals' ones of schema 11 alike), cdesk check content.
. "$CDESK_TOP/tests/lib.sh"
AT="2026-11-27 16:00"
DB=$TMP/d.db
segments() { sqlite3 "$1" "SELECT count(DISTINCT segid) FROM cases_fts_idx"; }
triggers() { sqlite3 "$1" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master
	WHERE type = 'trigger' AND tbl_name = 'cases' ORDER BY name)"; }
fts_ok() { sqlite3 "$1" "INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)" 2>&1; }

$CDESK --db "$DB" demo --cases 300 --seed 5 --at "$AT" >/dev/null 2>&1
# one per case merged now and then: 15 segments before
n=$(segments "$DB")
[ "$n" -ge 1 ] && [ "$n" -le 2 ] && ok "demo: the index of 300 cases in 1 or 2 segments" ||
	notok "demo: the index of 300 cases in 1 or 2 segments" "got $n"
expect_eq "demo: the index holds every case" "300" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM cases_fts_docsize")"
expect_eq "demo: the FTS5 integrity check passes" "" "$(fts_ok "$DB")"
expect_eq "demo: the triggers are back after the bulk" \
	"cases_fts_delete cases_fts_insert cases_fts_update report_totals_add report_totals_change report_totals_remove" "$(triggers "$DB")"
expect_eq "demo: no TEMP table left in the file" "0" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name LIKE 'cdesk_bulk%'")"
expect_rc "demo: cdesk check passes" 0 $CDESK --db "$DB" check
# a case found by a phone number the generator gave it (the names column)
row=$(sqlite3 -separator ' ' "$DB" "SELECT number, phone FROM cases WHERE phone IS NOT NULL
	ORDER BY id LIMIT 1 OFFSET 150")
num=${row% *} phone=${row#* }
$CDESK --db "$DB" search "$phone" --at "$AT" >"$TMP/s1" 2>&1
expect_match "demo: search by its phone finds case $num" "$num" "$TMP/s1"
# an ordinary add after the bulk is indexed by the triggers again
expect_rc "after the bulk: cdesk add" 0 $CDESK --db "$DB" add --at "$AT" --channel phone \
	--text "病房的暖气片漏水无人修理" --name 张三 --phone 13800000000
$CDESK --db "$DB" search 暖气片漏水 --at "$AT" >"$TMP/s2" 2>&1
expect_match "after the bulk: the new case is found by search" "暖气片漏水" "$TMP/s2"
expect_eq "after the bulk: the FTS5 integrity check still passes" "" "$(fts_ok "$DB")"

# the CSV restore (cdesk import) is a bulk writer too
printf '[privacy]\nidentity_roles = officer, supervisor, admin\n' >"$TMP/see.ini"
CDESK_CONFIG=$TMP/see.ini $CDESK --db "$DB" export --output "$TMP/d.csv" 2>/dev/null
$CDESK --db "$TMP/i.db" init >/dev/null 2>&1
$CDESK --db "$TMP/i.db" import "$TMP/d.csv" >/dev/null 2>&1
expect_eq "import: every case indexed" "301" \
	"$(sqlite3 "$TMP/i.db" "SELECT count(*) FROM cases_fts_docsize")"
n=$(segments "$TMP/i.db")
[ "$n" -ge 1 ] && [ "$n" -le 2 ] && ok "import: the index of 301 cases in 1 or 2 segments" ||
	notok "import: the index of 301 cases in 1 or 2 segments" "got $n"
expect_eq "import: the FTS5 integrity check passes" "" "$(fts_ok "$TMP/i.db")"
expect_eq "import: the triggers are back" \
	"cases_fts_delete cases_fts_insert cases_fts_update report_totals_add report_totals_change report_totals_remove" "$(triggers "$TMP/i.db")"
$CDESK --db "$TMP/i.db" search "$phone" --at "$AT" >"$TMP/s3" 2>&1
expect_match "import: search by phone finds case $num" "$num" "$TMP/s3"
expect_rc "import: cdesk check passes" 0 $CDESK --db "$TMP/i.db" check

# A load killed on the way (SIGKILL: no handler runs) leaves a file without
# its full-text index. Every command refuses it by name instead of opening
# a database whose cases no search finds (before: `check` failed with one
# problem per case, list and the TUI opened it).
K=$TMP/killed.db
$CDESK --db "$K" demo --cases 3000 --seed 5 --at "$AT" >/dev/null 2>"$TMP/k.err" &
pid=$!
i=0
# until the first batch of 1,000 is committed (read-only: a plain sqlite3
# would make the file before the demo does; the demo starts while it reads)
while [ $i -lt 600 ] && [ "$(sqlite3 -readonly "$K" "SELECT count(*) FROM cases" 2>/dev/null || echo 0)" -lt 1 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
expect_eq "killed demo: the file is marked as loading" "1" \
	"$(sqlite3 "$K" "SELECT count(*) FROM meta WHERE key = 'loading'" 2>&1)$(cat "$TMP/k.err")"
for cmd in check "list all" "show TS2026-00001" "search 护士"; do
	# shellcheck disable=SC2086
	$CDESK --db "$K" $cmd >"$TMP/k.out" 2>&1
	rc=$?
	expect_eq "killed demo: $cmd exits 7" "7" "$rc"
	expect_match "killed demo: $cmd names the unfinished load" "never finished" "$TMP/k.out"
done
expect_rc "killed demo: a new demo over it is refused (never overwrites)" 6 \
	$CDESK --db "$K" demo --cases 10 --at "$AT"

# make run (scripts/run.sh) makes its demo under another name: killed on
# the way, it leaves neither a half-made demo.db nor the part.
R=$TMP/run.db
CDESK_DEMO_DB=$R sh "$CDESK_TOP/scripts/run.sh" "$CDESK" >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ] && [ "$(sqlite3 -readonly "$R.part" "SELECT count(*) FROM cases" 2>/dev/null || echo 0)" -lt 1 ]; do
	sleep 0.1; i=$((i + 1))
done
# (the demo under way, rows committed, when killed: else the check below
# would pass on a demo that never ran)
[ $i -lt 600 ] && ok "make run: its demo was under way in $R.part" ||
	notok "make run: its demo was under way in $R.part" "no case in it after 60 s"
kill -TERM "$(pgrep -P $pid)" 2>/dev/null; wait $pid 2>/dev/null
[ ! -e "$R" ] && [ ! -e "$R.part" ] && ok "make run killed during its demo: nothing left to open" ||
	notok "make run killed during its demo: nothing left to open" "$(ls "$TMP")"

# make run moves the finished demo's -wal with it: its committed pages may
# still be there, not yet copied into the file. A stand-in for cdesk makes
# a demo whose only row lives in its -wal, and opens the result as the TUI
# would; an orphaned -wal of a removed demo is not read into the new one.
F=$TMP/fake-cdesk
cat >"$F" <<'FAKE'
#!/bin/sh
[ "$1" = --help ] && { echo "  demo      make a demo database"; exit 0; }
db=$2
if [ "$3" = demo ]; then
	sqlite3 "$db" "PRAGMA journal_mode = WAL;" "PRAGMA wal_autocheckpoint = 0;" \
		"CREATE TABLE t (x); INSERT INTO t VALUES ('in the wal');" \
		".shell cp '$db' '$db.copy' && cp '$db-wal' '$db.copy-wal'" >/dev/null
	rm -f "$db" "$db-wal" "$db-shm"
	mv "$db.copy" "$db" && mv "$db.copy-wal" "$db-wal"
	exit
fi
sqlite3 "$db" "SELECT x FROM t"
FAKE
chmod +x "$F"
W=$TMP/wal.db
printf 'not a wal of this file' >"$W-wal"
expect_eq "make run: the demo's -wal moved with it (its row found), the orphan gone" \
	"in the wal" "$(CDESK_DEMO_DB=$W sh "$CDESK_TOP/scripts/run.sh" "$F" 2>&1 | tail -1)"
expect_eq "make run: no part left" "" "$(ls "$TMP" | grep 'wal.db.part')"
