#!/bin/sh
# cdesk import / export / demo: good and bad CSV files (golden errors), GB18030,
# the export → import round trip, and the demo's determinism.
. tests/lib.sh
G=tests/cli/golden
AT="2026-07-03 10:00"
DB=$TMP/a.db
$CDESK --db "$DB" init >/dev/null || { notok "init"; exit 1; }

count() { $CDESK --db "$1" list all --limit 1000 --json | grep -c '"number"'; }

# A good file: quoted fields, a doubled quote, a newline inside a field, yuan with decimals.
cat >"$TMP/good.csv" <<'EOF'
channel,name,phone,account,demand,claim,received,unit,depts
visit,张三,13800000000,"护士打针态度很差，还说""嫌慢就去别的医院""",要求道歉,,2026-07-01 09:15,,
phone,李四,13900000000,"多收了输液费
两次，要求退费",退费,200.50,2026-07-02 14:00,心内科,BILLING;FINANCE
EOF
expect_rc "import good file" 0 $CDESK --db "$DB" import "$TMP/good.csv" --at "$AT"
expect_eq "import names the new numbers" "imported 2 cases (TS2026-00001 … TS2026-00002)" "$(cat "$TMP/out")"
$CDESK --db "$DB" show TS2026-00002 --json >"$TMP/show.json"
expect_match "claim in yuan stored as fen" '"claim_fen": 20050' "$TMP/show.json"
expect_match "newline inside a quoted field kept" '"text": "多收了输液费\\n两次' "$TMP/show.json"
expect_match "departments from the file" '"dept": "BILLING"' "$TMP/show.json"
$CDESK --db "$DB" show TS2026-00001 --json >"$TMP/show1.json"
expect_match "doubled quote read as one" '还说\\"嫌慢就去别的医院\\"' "$TMP/show1.json"

# A bad file: every bad row reported with line and field, nothing imported.
bad_import_csv "$TMP/bad.csv"
(cd "$TMP" && $CDESK --db "$DB" import bad.csv --at "$AT") >"$TMP/out" 2>"$TMP/err"
expect_eq "bad file exits 7 (malformed data)" 7 $?
golden "bad file: every bad row with line and field" "$G/import-bad.err" "$TMP/err"
expect_eq "bad file imports nothing" 2 "$(count "$DB")"

printf 'channel,account,colour\nvisit,x,red\n' >"$TMP/col.csv"
expect_rc "unknown column refused" 7 $CDESK --db "$DB" import "$TMP/col.csv" --at "$AT"
expect_match "unknown column named" "line 1, field 'colour': unknown column" "$TMP/err"
printf 'name,phone\n张三,1380000\n' >"$TMP/nochan.csv"
expect_rc "missing channel column refused" 7 $CDESK --db "$DB" import "$TMP/nochan.csv" --at "$AT"
expect_match "missing column named" "the column 'channel'" "$TMP/err"
expect_rc "missing file" 3 $CDESK --db "$DB" import "$TMP/nope.csv"
expect_rc "unknown encoding" 2 $CDESK --db "$DB" import "$TMP/good.csv" --encoding latin9
expect_rc "import into no database" 3 $CDESK --db "$TMP/none.db" import "$TMP/good.csv"

printf 'channel,name,account\nletter,孙八,来信反映食堂饭菜太贵\n' >"$TMP/stdin.csv"
$CDESK --db "$DB" import - --at "$AT" --json <"$TMP/stdin.csv" >"$TMP/out" 2>"$TMP/err"
expect_eq "import from standard input" 0 $?
expect_match "import --json names the number" '"first": "TS2026-00003"' "$TMP/out"

# Chinese column names, GB18030 as hospital spreadsheets save it.
cat >"$TMP/zh.csv" <<'EOF'
渠道,投诉人,电话,投诉内容,索赔金额,受理时间
来访,赵六,13700000000,医生态度冷漠，要求赔偿,12000,2026-07-02 10:30
来电,钱七,13600000000,停车场太难停车,,2026-07-02 11:00
EOF
if iconv -f UTF-8 -t GB18030 "$TMP/zh.csv" >"$TMP/zh-gb.csv" 2>/dev/null; then
	expect_rc "GB18030 import" 0 $CDESK --db "$DB" import "$TMP/zh-gb.csv" --encoding gb18030 --at "$AT"
	$CDESK --db "$DB" show TS2026-00004 --json >"$TMP/gb.json"
	expect_match "GB18030 name converted" '"name": "赵六"' "$TMP/gb.json"
	expect_match "GB18030 claim" '"claim_fen": 1200000' "$TMP/gb.json"
	expect_rc "GB18030 without --encoding refused" 7 $CDESK --db "$DB" import "$TMP/zh-gb.csv" --at "$AT"
	expect_match "GB18030 as UTF-8: invalid UTF-8 named" "line 1, field 1: invalid UTF-8" "$TMP/err"
else
	notok "iconv to GB18030 unavailable"
fi

# Export: CSV restores into an empty database and exports again the same.
# The round trip carries the protected identities, so it is exported by a
# role that sees them ([privacy] identity_roles): the admin's own export
# masks them, and the masked file does not import (tests/cli/confidential.sh).
printf '[privacy]\nidentity_roles = officer, supervisor, admin\n' >"$TMP/see.ini"
CDESK_CONFIG=$TMP/see.ini; export CDESK_CONFIG
D1=$TMP/demo1.db
expect_rc "demo small" 0 $CDESK --db "$D1" demo --cases 120 --seed 7 --at "2026-11-20 16:00"
expect_match "demo summary" "120 demo cases" "$TMP/out"
# Received since 2024 (the default --from), yet nothing overdue for years:
# demo.c keeps a case overdue only when received in the last 25 working
# days, so no overdue case was due before 2026-10-09 (about 30 working days
# before --at, past the National Day holiday).
$CDESK --db "$D1" list overdue --json --limit 1000 --at "2026-11-20 16:00" >"$TMP/od.json"
expect_eq "demo: no case overdue by more than ~30 working days" 0 \
	"$(grep -E '^    "due": "' "$TMP/od.json" | awk -F'"' '$4 < "2026-10-09"' | wc -l | tr -d ' ')"
expect_rc "demo refuses an existing file" 6 $CDESK --db "$D1" demo --cases 10 --at "2026-11-20 16:00"
expect_rc "export csv" 0 $CDESK --db "$D1" export --format csv --output "$TMP/e1.csv"
expect_eq "export has a header and 120 rows" 121 "$(grep -c '^TS20\|^number,' "$TMP/e1.csv")"
D2=$TMP/demo2.db
$CDESK --db "$D2" init >/dev/null
expect_rc "re-import the export" 0 $CDESK --db "$D2" import "$TMP/e1.csv" --at "2026-11-20 16:00"
expect_match "re-import restores" "restored 120 cases" "$TMP/out"
$CDESK --db "$D2" export --format csv >"$TMP/e2.csv"
golden "export → import → export gives the same cases" "$TMP/e1.csv" "$TMP/e2.csv"
expect_rc "restored database passes check" 0 $CDESK --db "$D2" check
expect_rc "restoring twice refused (numbers taken)" 7 $CDESK --db "$D2" import "$TMP/e1.csv" --at "2026-11-20 16:00"
# (line 1 says the file holds protected identities; the header is line 2)
expect_match "restoring twice names the number" "line 3, field 'number': TS20[0-9-]* is already in the database" "$TMP/err"
expect_eq "refused restore changes nothing" 120 "$(count "$D2")"

expect_rc "export json with events" 0 $CDESK --db "$D1" export --format json --events
expect_match "json export is an array" '^\[' "$TMP/out"
expect_match "json export carries events" '"events": \[' "$TMP/out"
expect_rc "export events csv" 0 $CDESK --db "$D1" export --format csv --events
expect_eq "events csv header" "id,case,round,actor,at,recorded,action,before,after,note,prev_hash,hash" "$(grep -v '^#' "$TMP/out" | head -1 | tr -d '\r')"
expect_rc "export bad format" 2 $CDESK --db "$D1" export --format xml

# The same seed and --at give the same database; another seed does not.
D3=$TMP/demo3.db
$CDESK --db "$D3" demo --cases 120 --seed 7 --at "2026-11-20 16:00" >/dev/null
$CDESK --db "$D3" export --format csv >"$TMP/e3.csv"
golden "demo is deterministic (same seed, same export)" "$TMP/e1.csv" "$TMP/e3.csv"
$CDESK --db "$D1" export --format csv --events | grep -v ",identity-view" | cut -d, -f1-7 >"$TMP/ev1"
$CDESK --db "$D3" export --format csv --events | grep -v ",identity-view" | cut -d, -f1-7 >"$TMP/ev3"
golden "demo timelines are deterministic" "$TMP/ev1" "$TMP/ev3"
D4=$TMP/demo4.db
$CDESK --db "$D4" demo --cases 120 --seed 8 --at "2026-11-20 16:00" >/dev/null
$CDESK --db "$D4" export --format csv >"$TMP/e4.csv"
if cmp -s "$TMP/e1.csv" "$TMP/e4.csv"; then notok "another seed gives another database"; else ok "another seed gives another database"; fi
expect_rc "demo bad --cases" 2 $CDESK --db "$TMP/x.db" demo --cases 0
expect_rc "demo bad --seed" 2 $CDESK --db "$TMP/x.db" demo --seed -1

# The direct path for big databases: the same invariants (chain, numbers, round trip).
D5=$TMP/demo5.db
expect_rc "demo --fast-history" 0 $CDESK --db "$D5" demo --cases 150 --seed 3 --fast-history --at "2026-11-20 16:00"
expect_rc "fast history passes check (hash chain)" 0 $CDESK --db "$D5" check
$CDESK --db "$D5" export --format csv >"$TMP/e5.csv"
expect_eq "fast history numbers are gapless" "$(grep -c '^TS2025-' "$TMP/e5.csv")" \
	"$(grep -o '^TS2025-[0-9]*' "$TMP/e5.csv" | tail -1 | sed 's/TS2025-0*//')"
D6=$TMP/demo6.db
$CDESK --db "$D6" init >/dev/null
$CDESK --db "$D6" import "$TMP/e5.csv" --at "2026-11-20 16:00" >/dev/null
$CDESK --db "$D6" export --format csv >"$TMP/e6.csv"
golden "fast history round trip" "$TMP/e5.csv" "$TMP/e6.csv"
