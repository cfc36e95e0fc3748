#!/bin/sh
# cdesk export --full / import --full (issue 13): a restore loses nothing —
# check passes, every quarterly report (text and JSON) is the same, and the
# restored database's own full export is byte-identical; a non-empty target,
# a changed or truncated file, and the wrong role are refused and change
# nothing. The CSV export neutralises cells a spreadsheet would run.
. tests/lib.sh
X=$CDESK
AT="2026-11-20 10:00"
DB=$TMP/src.db
$X --db "$DB" demo --cases 150 --at "$AT" >/dev/null || { notok "demo"; exit 1; }
# An unsaved intake form too (the TUI keeps one per clerk).
sqlite3 "$DB" "INSERT INTO intake_drafts VALUES ('clerk1', '2026-11-20 09:00:00', '{\"name\":\"张三\"}')"
# A name and an account a spreadsheet would take for formulas.
N=$($X --db "$DB" add --at "$AT" --channel phone --name '=HYPERLINK("http://x","点我")' \
	--phone 13800000000 --text '@SUM(1+1) 护士态度差，打针多次失败' | head -1 | grep -o '^TS[0-9-]*')

expect_rc "export --full" 0 $X --db "$DB" export --full --output "$TMP/full.jsonl"
expect_eq "the file is 0600" "600" "$(stat -c %a "$TMP/full.jsonl")"
expect_match "its first line says it holds identities" '^\{"cdesk":"full export","warning":"contains identities' "$TMP/full.jsonl"
$X --db "$DB" export --full >"$TMP/stdout.jsonl"
expect_eq "to standard output (a file): 0600 too" "600" "$(stat -c %a "$TMP/stdout.jsonl")"
expect_eq "… and the same bytes" "" "$(cmp "$TMP/full.jsonl" "$TMP/stdout.jsonl" 2>&1)"
for t in cases events transfers drafts approvals materials intake_drafts users case_seq cases_fts; do
	grep -q "^{\"table\":\"$t\"" "$TMP/full.jsonl" && ok "table $t is in it" || notok "table $t is in it"
done

# ---- into a new database
R=$TMP/restored.db
expect_rc "import --full into a new file" 0 $X --db "$R" import --full "$TMP/full.jsonl"
expect_match "… says what it restored" "restored .*restored.db: 151 cases" "$TMP/out"
expect_rc "the restored database passes check" 0 $X --db "$R" check
$X --db "$R" export --full --output "$TMP/again.jsonl"
expect_eq "its export --full is byte-identical" "" "$(cmp "$TMP/full.jsonl" "$TMP/again.jsonl" 2>&1)"
diffs=
for q in $(sqlite3 "$DB" "SELECT DISTINCT year || 'Q' || ((CAST(substr(received, 6, 2) AS INT) + 2) / 3) FROM cases"); do
	for f in text json csv; do
		$X --db "$DB" report quarterly "$q" --format $f --at "$AT" >"$TMP/a" 2>/dev/null
		$X --db "$R" report quarterly "$q" --format $f --at "$AT" >"$TMP/b" 2>/dev/null
		cmp -s "$TMP/a" "$TMP/b" || diffs="$diffs $q/$f"
	done
done
expect_eq "every quarterly report (text, JSON, CSV) is identical" "" "$diffs"
$X --db "$DB" show "$N" --json --at "$AT" >"$TMP/a"
$X --db "$R" show "$N" --json --at "$AT" >"$TMP/b"
golden "a case with its timeline shows the same" "$TMP/a" "$TMP/b"
# schema 16: the report's close events are not in the file; the import
# makes them again from the events
expect_eq "the file holds no report_closes" "0" "$(grep -c '"report_closes"' "$TMP/full.jsonl")"
expect_eq "… the restored database has them as the source has" \
	"$(sqlite3 "$DB" "SELECT count(*), group_concat(at || id || case_id || ifnull(finding, '-') || ifnull(later_at, '-'), ';') FROM report_closes")" \
	"$(sqlite3 "$R" "SELECT count(*), group_concat(at || id || case_id || ifnull(finding, '-') || ifnull(later_at, '-'), ';') FROM report_closes")"
expect_eq "… several" "1" "$(sqlite3 "$R" "SELECT count(*) > 3 FROM report_closes")"
expect_rc "search works in the restored database" 0 $X --db "$R" search 打针多次失败
expect_match "… and finds the case" "$N" "$TMP/out"

# ---- into an empty database made by init; never into a non-empty one
E=$TMP/empty.db
$X --db "$E" init >/dev/null
# a report on the empty file keeps its ended periods' totals (all zero)
$X --db "$E" report quarterly 2026Q3 >/dev/null 2>&1
expect_rc "import --full into a database just made by init" 0 $X --db "$E" import --full "$TMP/full.jsonl"
expect_eq "… the empty file's kept report totals are gone" 0 \
	"$(sqlite3 "$E" "SELECT count(*) FROM report_totals")"
expect_rc "… check passes" 0 $X --db "$E" check
expect_rc "import --full into a database with cases: conflict" 6 $X --db "$R" import --full "$TMP/full.jsonl"
expect_match "… says it must be empty" "already holds cases; import --full restores into an empty database" "$TMP/err"
$X --db "$R" export --full --output "$TMP/after.jsonl"
expect_eq "… and changes nothing" "" "$(cmp "$TMP/full.jsonl" "$TMP/after.jsonl" 2>&1)"

# ---- a changed or truncated file: refused, nothing left behind
sed '5s/"/\x27/' "$TMP/full.jsonl" | sed 's/"office_proofread"/"office_proofreaX"/' >"$TMP/changed.jsonl"
expect_rc "a changed file is refused" 7 $X --db "$TMP/c.db" import --full "$TMP/changed.jsonl"
expect_match "… naming the line" "changed.jsonl:[0-9]+:" "$TMP/err"
expect_eq "… and no database is left" "no" "$([ -e "$TMP/c.db" ] && echo yes || echo no)"
head -n 2000 "$TMP/full.jsonl" >"$TMP/cut.jsonl"
expect_rc "a truncated file is refused" 7 $X --db "$TMP/c.db" import --full "$TMP/cut.jsonl"
expect_match "… as truncated" "cut.jsonl:[0-9]+: .*(ends inside a table|truncated)" "$TMP/err"
expect_eq "… and no database is left" "no" "$([ -e "$TMP/c.db" ] && echo yes || echo no)"
echo '{"cdesk":"something else"}' >"$TMP/other.jsonl"
expect_rc "not a full export" 7 $X --db "$TMP/c.db" import --full "$TMP/other.jsonl"
expect_match "… says so" "is not a full export of cdesk" "$TMP/err"
printf '{"cdesk":"full export","format":1,"schema_version":4}\n{"table":"meta","columns":["key","value"],"rows":1}\n["a\\u0000b","c"]\n' >"$TMP/nul.jsonl"
expect_rc "a file without its end line" 7 $X --db "$TMP/c.db" import --full "$TMP/nul.jsonl"

# ---- roles: export --full is CA_EXPORT (officer yes, clerk no), import --full is CA_IMPORT (admin)
if staff "$DB"; then
	expect_rc "officer: export --full" 0 as "$OFFICER" $X --db "$DB" export --full --output "$TMP/o.jsonl"
	expect_rc "clerk: export --full is refused" 4 as "$CLERK" $X --db "$DB" export --full --output "$TMP/k.jsonl"
	$X --db "$TMP/e2.db" init >/dev/null
	share_db "$TMP/e2.db"
	$X --db "$TMP/e2.db" user add "$OFFICER" --role officer >/dev/null
	expect_rc "officer: import --full is refused" 4 as "$OFFICER" $X --db "$TMP/e2.db" import --full "$TMP/o.jsonl"
	expect_match "… by role" "not allowed" "$TMP/err"
fi

# ---- the CSV export: cells a spreadsheet would run begin with an apostrophe
# (exported by a role that sees the protected identities, so that the file
# restores: the admin's own export masks them, tests/cli/confidential.sh)
printf '[privacy]\nidentity_roles = officer, supervisor, admin\n' >"$TMP/see.ini"
CDESK_CONFIG=$TMP/see.ini $X --db "$DB" export --format csv >"$TMP/cases.csv"
expect_match "a name beginning = is written '=" "\"'=HYPERLINK\(\"\"http" "$TMP/cases.csv"
expect_match "an account beginning @ is written '@" "\"'@SUM\(1\+1\)" "$TMP/cases.csv"
expect_nomatch "no cell begins with = or @" '(^|,)[=@]' "$TMP/cases.csv"
$X --db "$DB" export --events >"$TMP/events.csv"
expect_nomatch "nor in the events CSV" '(^|,)[=@]' "$TMP/events.csv"
$X --db "$TMP/csv.db" init >/dev/null
$X --db "$TMP/csv.db" import "$TMP/cases.csv" >/dev/null 2>"$TMP/err"
expect_eq "a CSV restore reads the name back as it was" '=HYPERLINK("http://x","点我")' \
	"$(sqlite3 "$TMP/csv.db" "SELECT name FROM cases WHERE number = '$N'")"
