#!/bin/sh
# Storage (issue 13): an add event is stored without its null fields, its
# fields at their default (schema 10) and those at the value most cases are
# registered with or derived from another field (12), the events without a link column (9), the
# hashes as 32-byte BLOBs (shown as hex), the full-text index keeps no copy
# of the texts (external content over the cases: search and check's
# full-text checks work as before) nor positions (15: search keeps the
# cases holding the query's trigrams in a row), and a database of schema version 5
# (tests/data/schema5.sql, made by the cdesk before schema 6) is migrated on
# open with its chain head unchanged: the hash is over a canonical form of
# each event that does not depend on how it is stored.
. tests/lib.sh
DB=$TMP/s.db
C() { "$CDESK" --db "$DB" "$@"; }
q() { sqlite3 "$1" "$2"; }
# tampered NAME DB SQL: $TMP/t.db, a copy of DB changed by SQL with sqlite3
# past the append-only triggers; ok when check finds it (exit 1).
tampered() {
	cp "$2" "$TMP/t.db"
	q "$TMP/t.db" "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; $3"
	expect_rc "$1" 1 "$CDESK" --db "$TMP/t.db" check
}

# ---- a new database
C init >/dev/null
C add --channel phone --text '护士态度不好，输液时打针多次失败' --name 张三 --phone 13800000000 \
	>/dev/null
C note TS2026-00001 --text '已电话联系' >/dev/null
expect_eq "the add event holds no null field" "0" \
	"$(q "$DB" "SELECT count(*) FROM events WHERE action = 'add' AND after LIKE '%null%'")"
DEFAULTS="'anonymous', 'claim_fen', 'close_unreasonable', 'escalated', 'group_size', 'in_review', 'paid_fen', 'paused', 'paused_days', 'round', 'round_paused_days'"
expect_eq "nor any field at its default (false, 0, round and group size 1)" "0" \
	"$(q "$DB" "SELECT count(*) FROM events e, json_each(e.after) j WHERE e.action = 'add' AND j.key IN ($DEFAULTS)")"
expect_eq "… but the fields it has" "张三" \
	"$(q "$DB" "SELECT json_extract(after, '\$.name') FROM events WHERE action = 'add'")"
DEFAULTS12="'class', 'kind', 'status', 'flags', 'dept', 'due_time', 'round_at'"
# a field of an add event at its schema-12 default (or derived value)
AT12="(j.key = 'class' AND j.value = 'general' OR j.key = 'kind' AND j.value = 'complaint' OR j.key = 'status' AND j.value = 'registered' OR j.key = 'flags' AND j.value = '[]' OR j.key = 'dept' AND j.value = json_extract(e.after, '\$.depts[0]') OR j.key = 'due_time' AND j.value = json_extract(e.after, '\$.due') || ' 23:59:59' OR j.key = 'round_at' AND j.value = json_extract(e.after, '\$.received'))"
expect_eq "nor (schema 12) class general, kind complaint, status registered, no flags, nor the lead department, due time and round start derived from the departments, due day and receipt" "0" \
	"$(q "$DB" "SELECT count(*) FROM events e, json_each(e.after) j WHERE e.action = 'add' AND j.key IN ($DEFAULTS12)")"
expect_eq "… which the case has" "general|complaint|NURSING|1|1" \
	"$(q "$DB" "SELECT class, kind, dept, due = (SELECT json_extract(after, '\$.due') || ' 23:59:59' FROM events WHERE action = 'add'), round_at = received FROM cases")"
expect_eq "the phones have no index of their own (no query looks one up by value)" "0" \
	"$(q "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'cases_phone'")"
expect_eq "a new database has pages of 8 KB" "8192" "$(q "$DB" "PRAGMA page_size")"
expect_eq "every hash is a 32-byte BLOB" "0" \
	"$(q "$DB" "SELECT count(*) FROM events WHERE typeof(hash) != 'blob' OR length(hash) != 32")"
expect_eq "the events keep no link column (it is the hash of the event before)" "0" \
	"$(q "$DB" "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'prev_hash'")"
expect_rc "check passes" 0 C check
expect_match "the head is printed in hex" "^chain head: 3:[0-9a-f]{64}$" "$TMP/out"
expect_match "the replay takes the absent fields as null" "^1 cases match the replay" "$TMP/out"
HEX=$(q "$DB" "SELECT lower(hex(hash)) FROM events WHERE id = 3")
expect_match "… the head is the last event's hash" "^chain head: 3:$HEX$" "$TMP/out"
C show TS2026-00001 --json >"$TMP/show.json"
expect_match "show --json gives each event's hash in hex" "\"hash\": \"$HEX\"" "$TMP/show.json"
tampered "an add event changed with sqlite3 is found" "$DB" \
	"UPDATE events SET after = json_set(after, '\$.phone', '13111111111') WHERE action = 'add'"
expect_match "it is named" "event 2 .*its hash does not match its contents" "$TMP/err"
tampered "… and so is a null field put back into it" "$DB" \
	"UPDATE events SET after = json_set(after, '\$.address', json('null')) WHERE action = 'add'"

D2=$TMP/d.db
"$CDESK" --db "$D2" init >/dev/null
"$CDESK" --db "$D2" add --channel phone --text '匿名反映收费问题，多收了检查费' --anonymous \
	--claim 300 >/dev/null
expect_eq "a field away from its default is kept" "1|30000" \
	"$(q "$D2" "SELECT json_extract(after, '\$.anonymous'), json_extract(after, '\$.claim_fen') FROM events WHERE action = 'add'")"
expect_eq "… the others are left out" "0" \
	"$(q "$D2" "SELECT count(*) FROM events e, json_each(e.after) j WHERE e.action = 'add' AND j.key IN ($DEFAULTS) AND j.key NOT IN ('anonymous', 'claim_fen')")"
expect_rc "check passes: the replay takes an absent field at its default" 0 "$CDESK" --db "$D2" check
expect_match "… the case matches" "^1 cases match the replay" "$TMP/out"
for t in "json_set(after, '\$.round', 2)|a default field set to another value" \
	"json_set(after, '\$.kind', 'suggestion')|a field left out at its schema-12 default set to another value" \
	"json_set(after, '\$.due_time', '2026-01-05 12:00:00')|a derived field set to another value" \
	"json_set(after, '\$.dept', json('null'))|a derived field set to null" \
	"json_set(after, '\$.depts', json('[\"MEDICAL\"]'))|the field another is derived from changed" \
	"json_set(after, '\$.paused', json('null'))|a default field set to null" \
	"json_set(after, '\$.anonymous', json('false'))|a field away from its default set to it"; do
	tampered "${t#*|} with sqlite3: check fails" "$D2" \
		"UPDATE events SET after = ${t%%|*} WHERE action = 'add'"
	expect_match "… naming the event" "event 2 .*its hash does not match its contents" "$TMP/err"
done

# ---- the full-text index: no copy of the texts, search as before
expect_eq "the index keeps no copy of the texts" "0" \
	"$(q "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'cases_fts_content'")"
C add --channel visit --text '医生态度不好，要求道歉' --name 李四 --phone 13900000000 >/dev/null
expect_rc "search by words" 0 C search 态度不好
expect_eq "… finds both cases" "2" "$(grep -c '^TS2026-' "$TMP/out")"
expect_rc "search by name" 0 C search 李四
expect_eq "… finds the one" "TS2026-00002" "$(grep -o '^TS2026-[0-9]*' "$TMP/out")"
expect_rc "a correction of the phone" 0 C correct TS2026-00002 --phone 13700000000 --reason 记错
C search 13700000000 >"$TMP/s1"
expect_eq "… search finds the new phone" "TS2026-00002" "$(grep -o '^TS2026-[0-9]*' "$TMP/s1")"
C search 13900000000 >"$TMP/s2"
expect_eq "… and not the old one" "" "$(grep -o '^TS2026-[0-9]*' "$TMP/s2")"
expect_rc "check passes after the correction" 0 C check
expect_match "… the index matches" "the full-text index and the department rows match" "$TMP/out"
# schema 15: the index keeps no positions; search keeps only the cases
# whose text holds the query's trigrams in a row, as the phrase query of a
# full index did
expect_eq "the index keeps no positions" "1" \
	"$(q "$DB" "SELECT instr(sql, 'detail = none') > 0 FROM sqlite_master WHERE name = 'cases_fts'")"
C add --channel visit --text '打针多了，针多次也不好' --name 赵六 >/dev/null
C search 打针多次 >"$TMP/s3"
expect_eq "a search holds the query's trigrams in a row, not apart" "TS2026-00001" \
	"$(grep -o '^TS2026-[0-9]*' "$TMP/s3")"
C search 针多次 >"$TMP/s3"
expect_eq "… one trigram: both" "TS2026-00003 TS2026-00001" \
	"$(grep -o '^TS2026-[0-9]*' "$TMP/s3" | tr '\n' ' ' | sed 's/ $//')"
C search 13800000000 >"$TMP/s3"
expect_eq "… a phone: among the names and phones" "TS2026-00001" \
	"$(grep -o '^TS2026-[0-9]*' "$TMP/s3")"
C search 态度不好，输液 >"$TMP/s3"
expect_eq "… across punctuation" "TS2026-00001" "$(grep -o '^TS2026-[0-9]*' "$TMP/s3")"
for t in "DELETE FROM cases_fts WHERE rowid = 1|case TS2026-00001: missing from the full-text index" \
	"UPDATE cases_fts SET names = '王五 13700000000' WHERE rowid = 2|case TS2026-00002: its full-text index row is not its text" \
	"INSERT INTO cases_fts (rowid, account, demand, names) VALUES (99, 'x', '', '')|full-text index has a row 99 for no case" \
	"INSERT INTO cases_fts (cases_fts, rowid, account, demand, names) VALUES ('delete', 1, '护士态度不好，输液时打针多次失败', '', '张三  13800000000')|case TS2026-00001: missing from the full-text index"; do
	cp "$DB" "$TMP/t.db"
	q "$TMP/t.db" "${t%%|*}"
	expect_rc "index tampered (${t%%|*}): check fails" 1 "$CDESK" --db "$TMP/t.db" check
	expect_match "… naming it" "${t#*|}" "$TMP/err"
done

# ---- schema 15: an event recorded at its effective time keeps recorded empty
C add --channel visit --text '候诊时间太长' --name 钱七 --at "$(date -d '-1 day' '+%Y-%m-%d %H:%M')" >/dev/null
L=$(q "$DB" "SELECT max(id) FROM events")
expect_eq "the events recorded at their time keep no recorded time, the other its own" \
	"$((L - 1))|1" \
	"$(q "$DB" "SELECT sum(recorded = ''), sum(recorded != '' AND recorded > at) FROM events")"
C export --events >"$TMP/ev.csv"
expect_eq "the events CSV gives each its time" "0" \
	"$(grep -c '^[0-9]*,[^,]*,[0-9]*,[^,]*,[^,]*,,' "$TMP/ev.csv")"
expect_match "… the effective time where it was recorded then" \
	"^2,TS2026-00001,1,[^,]*,([0-9: -]{19}),\\1," "$TMP/ev.csv"
expect_rc "check passes" 0 C check
C show TS2026-00001 --json >"$TMP/show.json"
AT2=$(q "$DB" "SELECT at FROM events WHERE id = 2")
expect_match "… show gives the effective time as recorded" "\"recorded\": \"$AT2\"" "$TMP/show.json"
C show "$(q "$DB" "SELECT number FROM cases ORDER BY id DESC LIMIT 1")" --json >"$TMP/show.json"
expect_match "… and the other its own" "\"recorded\": \"$(q "$DB" "SELECT recorded FROM events WHERE id = $L")\"" "$TMP/show.json"
tampered "a recorded time put into an event that had none is found" "$DB" \
	"UPDATE events SET recorded = '2020-01-01 00:00:00' WHERE id = 2"
expect_match "… named" "event 2 .*its hash does not match" "$TMP/err"
tampered "… and a recorded time taken out" "$DB" "UPDATE events SET recorded = '' WHERE id = $L"
expect_match "… named" "event $L .*its hash does not match" "$TMP/err"
C export --full --output "$TMP/full.jsonl"
expect_eq "a full export gives each event its recorded time" "0" \
	"$(grep -c '^\[[0-9]*,[0-9null]*,[0-9]*,"[^"]*","[^"]*",""' "$TMP/full.jsonl")"
"$CDESK" --db "$TMP/r.db" import --full "$TMP/full.jsonl" >/dev/null
expect_eq "… restored, they are stored as in the file exported" \
	"$(q "$DB" "SELECT group_concat(quote(recorded), '|') FROM events")" \
	"$(q "$TMP/r.db" "SELECT group_concat(quote(recorded), '|') FROM events")"
"$CDESK" --db "$TMP/r.db" export --full --output "$TMP/full2.jsonl"
expect_eq "… and exported again the same bytes" "" "$(cmp "$TMP/full.jsonl" "$TMP/full2.jsonl" 2>&1)"

# ---- a database of schema version 5, migrated on open
OLD=$TMP/old.db
q "$OLD" ".read $CDESK_TOP/tests/data/schema5.sql"
DB5=$TMP/old5.db
cp "$OLD" "$DB5"
expect_eq "the fixture is at schema version 5" "5" "$(q "$OLD" "PRAGMA user_version")"
FTS5=$(q "$OLD" "SELECT group_concat(rowid) FROM (SELECT rowid FROM cases_fts WHERE cases_fts MATCH '前几天' ORDER BY rowid)")
BYTES5=$(q "$OLD" "SELECT sum(length(after)) + sum(length(hash)) + sum(length(prev_hash)) FROM events")
expect_rc "check migrates it and passes" 0 "$CDESK" --db "$OLD" check
expect_match "the chain head is the one the old cdesk printed" \
	"^chain head: 139:9b99f790b01cd2a6e821d84857455ec478044f71af464742028814c3680ced98$" "$TMP/out"
expect_match "the cases match their events" "^12 cases match the replay of their events" "$TMP/out"
expect_eq "it is at the current schema version" "17" "$(q "$OLD" "PRAGMA user_version")"
expect_eq "events_close holds no close event's after" \
	"CREATE INDEX events_close ON events (at, case_id) WHERE action = 'close'" \
	"$(q "$OLD" "SELECT sql FROM sqlite_master WHERE name = 'events_close'")"
# schema 16: the report's close events filled from the events, one row each
expect_eq "the report's close events, one a close event, each its event's" "12|12|12" \
	"$(q "$OLD" "SELECT (SELECT count(*) FROM events WHERE action = 'close'), count(*), sum(EXISTS (SELECT 1 FROM events e WHERE e.id = r.id AND e.action = 'close' AND e.at = r.at AND e.case_id = r.case_id AND r.finding IS json_extract(e.after, '\$.finding'))) FROM report_closes r")"
tampered "a close event's row missing from them is found" "$OLD" \
	"DELETE FROM report_closes WHERE id = (SELECT max(id) FROM report_closes)"
expect_match "… naming the event" \
	"the report's close events lack the row of close event $(q "$OLD" "SELECT max(id) FROM report_closes")" "$TMP/err"
expect_eq "its add events lost their nulls" "0" \
	"$(q "$OLD" "SELECT count(*) FROM events WHERE action = 'add' AND after LIKE '%null%'")"
expect_eq "… and their fields at the default" "0" \
	"$(q "$OLD" "SELECT count(*) FROM events e, json_each(e.after) j WHERE e.action = 'add' AND j.key IN ($DEFAULTS) AND j.value = (CASE j.key WHEN 'round' THEN 1 WHEN 'group_size' THEN 1 ELSE 0 END)")"
expect_eq "… nor (schema 12) those at their value of most cases or derived from another" "0" \
	"$(q "$OLD" "SELECT count(*) FROM events e, json_each(e.after) j WHERE e.action = 'add' AND $AT12")"
expect_eq "… which its add events had" "1" \
	"$(q "$DB5" "SELECT count(*) >= 12 * 4 FROM events e, json_each(e.after) j WHERE e.action = 'add' AND $AT12")"
expect_eq "… which the old file's had" "1" \
	"$(grep -c '"round_paused_days":0' "$CDESK_TOP/tests/data/schema5.sql" | awk '{ print ($1 >= 12) }')"
expect_eq "its hashes are BLOBs" "139|0" \
	"$(q "$OLD" "SELECT count(*), sum(typeof(hash) != 'blob' OR length(hash) != 32) FROM events")"
expect_eq "… and no link column" "0" \
	"$(q "$OLD" "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'prev_hash'")"
BYTES6=$(q "$OLD" "SELECT sum(length(after)) + sum(length(hash)) FROM events")
expect_eq "the events' fields, hashes and links take under seven tenths of the room" "1" \
	"$([ "$BYTES6" -lt $((BYTES5 * 7 / 10)) ] && echo 1 || echo "$BYTES5 -> $BYTES6")"
expect_eq "its index keeps no copy of the texts" "0" \
	"$(q "$OLD" "SELECT count(*) FROM sqlite_master WHERE name = 'cases_fts_content'")"
expect_eq "the index finds what it found before" "$FTS5" \
	"$(q "$OLD" "SELECT group_concat(rowid) FROM (SELECT rowid FROM cases_fts WHERE cases_fts MATCH '前几天' ORDER BY rowid)")"
expect_eq "… several cases" "1" "$(case $FTS5 in *,*) echo 1 ;; *) echo "$FTS5" ;; esac)"
expect_rc "the anchor printed before the migration is in the chain" 0 "$CDESK" --db "$OLD" \
	check --anchor 139:9b99f790b01cd2a6e821d84857455ec478044f71af464742028814c3680ced98
N=$(q "$OLD" "SELECT number FROM cases ORDER BY id LIMIT 1")
expect_rc "an action after the migration" 0 "$CDESK" --db "$OLD" note "$N" --text '迁移后备注'
expect_rc "… keeps the chain intact" 0 "$CDESK" --db "$OLD" check
expect_match "… one event longer" "^chain head: 140:" "$TMP/out"
expect_rc "the events CSV still gives each event's link" 0 "$CDESK" --db "$OLD" export --events
expect_eq "… the hash of the event before it (zeros for the first)" "1" \
	"$(awk -F, '{ sub(/\r$/, "") } NR > 1 && $1 ~ /^[0-9]+$/ && length($NF) == 64 { n++; if ($(NF-1) != prev) bad++; prev = $NF } END { print bad || n < 140 ? "bad " bad " of " n : 1 }' \
	  prev=0000000000000000000000000000000000000000000000000000000000000000 "$TMP/out")"
# the migrated chain, cut or rewritten, is still found out
tampered "an event cut from the migrated chain is found" "$OLD" "DELETE FROM events WHERE id = 70"
expect_match "… as a gap" "event 71 .*the chain has a gap" "$TMP/err"
tampered "an event whose hash was replaced is found" "$OLD" \
	"UPDATE events SET hash = (SELECT hash FROM events WHERE id = 71) WHERE id = 70"
expect_match "… by its own hash" "event 70 .*its hash does not match" "$TMP/err"

# A file whose old add event was already changed outside cdesk: the
# migration keeps the change, and check still names the event.
BAD=$TMP/bad.db
q "$BAD" ".read $CDESK_TOP/tests/data/schema5.sql"
q "$BAD" "DROP TRIGGER events_no_update; UPDATE events SET after = json_set(after, '\$.staff', '王医生') WHERE id = (SELECT min(id) FROM events WHERE action = 'add')"
ID=$(q "$BAD" "SELECT min(id) FROM events WHERE action = 'add'")
expect_rc "a tampered old file: the migration runs, check fails" 1 "$CDESK" --db "$BAD" check
expect_match "… naming the event" "event $ID .*its hash does not match its contents" "$TMP/err"
expect_eq "… migrated all the same" "17" "$(q "$BAD" "PRAGMA user_version")"
