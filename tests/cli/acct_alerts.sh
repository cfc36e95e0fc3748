#!/bin/sh
# Issue 11, the rest: acknowledging a medical-safety risk or a third
# dispatch (第二十一条, policy 12), a department's queue with its safety
# risks first, 第三十五条(五)'s repeated subjects and the reviews' outcomes
# in the report. Every figure worked out by hand in the comments.
. tests/lib.sh

DB=
fresh() { DB=$TMP/$1.db; c init >/dev/null || notok "init $1"; }
csv_row() { tr -d '\r' <"$TMP/out" | grep -E "^$1"; }

# ---- 1. acknowledge. Case 1 is no safety risk; case 2 is (flag given):
# acknowledged once, with who and when on its event; a second time refused.
fresh ack
c add --at "2026-11-02 09:00" --channel phone --name 甲 --phone 13700000001 \
	--text "停车场收费太贵" >/dev/null
c add --at "2026-11-02 09:10" --channel phone --name 乙 --phone 13700000002 \
	--text "手术后纱布遗留体内" --flags safety >/dev/null
expect_rc "ack: a case with nothing to acknowledge is refused" 5 c acknowledge TS2026-00001
expect_match "ack: the refusal says why" "neither a medical-safety risk nor a third dispatch" "$TMP/err"
expect_rc "ack: the safety risk acknowledged" 0 c acknowledge TS2026-00002 --note "已报医务部" \
	--at "2026-11-02 09:20"
expect_eq "ack: the event records who, when and what" "$(id -un)|2026-11-02 09:20:00|1|0" \
	"$(sqlite3 "$DB" "SELECT actor || '|' || at || '|' || json_extract(after, '\$.safety') || '|' || json_extract(after, '\$.escalated') FROM events WHERE action = 'acknowledge'")"
expect_rc "ack: show" 0 c show TS2026-00002
expect_match "ack: on the timeline" "acknowledge" "$TMP/out"
expect_rc "ack: a second time is refused" 5 c acknowledge TS2026-00002
expect_match "ack: as already acknowledged" "already acknowledged" "$TMP/err"
expect_eq "ack: still one event" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE action = 'acknowledge'")"
expect_rc "ack: --help names it" 0 c acknowledge --help
expect_match "ack: its help line" "medical-safety risk or a third dispatch" "$TMP/out"

# ---- 2. 医务部's queue lists its safety risks first. Case 1, an emergency
# (no safety flag) received 09:00, is due 11:00; case 2, a safety risk
# received 10:00, is due 12:00: by due date 1 would come first.
fresh medq
c add --at "2026-11-02 09:00" --channel phone --name 丙 --phone 13700000003 \
	--text "门诊医生态度差" --class emergency --depts MEDICAL >/dev/null
c add --at "2026-11-02 10:00" --channel phone --name 丁 --phone 13700000004 \
	--text "手术后纱布遗留体内" --flags safety --depts MEDICAL >/dev/null
expect_rc "medq: list dept:MEDICAL" 0 c list dept:MEDICAL --at "2026-11-02 10:30"
expect_eq "medq: the safety risk first" "TS2026-00002 TS2026-00001" \
	"$(grep -o '^TS2026-0000[0-9]' "$TMP/out" | tr '\n' ' ' | sed 's/ $//')"
expect_rc "medq: a page of one" 0 c list dept:MEDICAL --limit 1 --at "2026-11-02 10:30"
expect_match "medq: page 1 is the safety risk" '^TS2026-00002 ' "$TMP/out"
cur=$(sed -n 's/^next-cursor: //p' "$TMP/out" "$TMP/err" | head -1)
expect_rc "medq: page 2 from the cursor" 0 c list dept:MEDICAL --limit 1 --cursor "$cur" \
	--at "2026-11-02 10:30"
expect_match "medq: page 2 is the other" '^TS2026-00001 ' "$TMP/out"
expect_rc "medq: the due-date order elsewhere is kept" 0 c list all --at "2026-11-02 10:30"

# ---- 3. 第三十五条(五) in 2026-09: 心内科 three times (any staff), 骨科's
# 李四 twice, 骨科 otherwise never; 眼科 once. Rows: 心内科 x3 (unit, 3 ≥ 3),
# 骨科/李四 x2 (unit and staff, 2 ≥ 2); 骨科 alone only 2 (< 3): no unit rows.
fresh rep
n=0
for u in "心内科:" "心内科:王五" "心内科:王五" "骨科:李四" "骨科:李四" "眼科:"; do
	n=$((n + 1))
	unit=${u%%:*} staff=${u#*:}
	c add --at "2026-09-0$n 09:00" --channel phone --name 客$n --phone 1370000010$n \
		--text "医生态度差" --unit "$unit" ${staff:+--staff "$staff"} >/dev/null
done
expect_rc "rep: report monthly 2026-09" 0 c report monthly 2026-09 --at "2026-10-10 10:00"
expect_eq "rep: 心内科's three rows under (五)" 3 "$(grep -cE '^\(五\) +TS2026-0000[123] +心内科 .*重复3件' "$TMP/out")"
expect_eq "rep: 心内科/王五 twice: its own rows" 2 "$(grep -cE '^\(五\) +TS2026-0000[23] +心内科/王五 .*重复2件' "$TMP/out")"
expect_eq "rep: 骨科/李四's two rows" 2 "$(grep -cE '^\(五\) +TS2026-0000[45] +骨科/李四 .*重复2件' "$TMP/out")"
expect_nomatch "rep: 骨科 alone is not repeated (2 < 3)" '^\(五\) +TS2026-0000[0-9] +骨科 ' "$TMP/out"
grep '^(五)' "$TMP/out" >"$TMP/five"
expect_nomatch "rep: 眼科 once is not" '眼科' "$TMP/five"
expect_rc "rep: the CSV" 0 c report monthly 2026-09 --format csv --at "2026-10-10 10:00"
expect_eq "rep: CSV repeat_subject rows" 7 "$(csv_row repeat_subject | wc -l)"
expect_eq "rep: a row with its subject and count" "repeat_subject,TS2026-00004,骨科/李四,2026-09-04,2026-09-11,,2" \
	"$(csv_row 'repeat_subject,TS2026-00004')"
expect_rc "rep: the JSON" 0 c report monthly 2026-09 --format json --at "2026-10-10 10:00"
expect_eq "rep: JSON repeat_subjects" 7 \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["repeat_subjects"]))' "$TMP/out")"
printf '[report]\nrepeat_unit = 4\n' >"$TMP/rep.ini"
expect_rc "rep: with repeat_unit = 4" 0 env CDESK_CONFIG="$TMP/rep.ini" "$CDESK" --db "$DB" \
	report monthly 2026-09 --format csv --at "2026-10-10 10:00"
expect_eq "rep: 心内科 (3 < 4) leaves; 心内科/王五 and 骨科/李四 stay" 4 "$(csv_row repeat_subject | wc -l)"
printf '[report]\nrepeat_unit = 1\n' >"$TMP/bad.ini"
expect_rc "rep: repeat_unit = 1 is refused" 7 env CDESK_CONFIG="$TMP/bad.ini" "$CDESK" --db "$DB" \
	report monthly 2026-09 --at "2026-10-10 10:00"
expect_match "rep: naming the key" "repeat_unit.*from 2 to 10000" "$TMP/err"

# ---- 4. reviews (复核) concluded, by outcome: 2026-09's conclusions are 1
# upheld, 1 changed, 1 referred; a fourth, concluded 10-02, is October's.
fresh rev
for n in 1 2 3 4; do
	c add --at "2026-09-0$n 09:00" --channel visit --name 复$n --phone 1370000020$n \
		--text "医生态度差" >/dev/null
	c close TS2026-0000$n --on-spot --finding not --at "2026-09-0$n 09:30" >/dev/null
	c review TS2026-0000$n --reason "不服处理" --at "2026-09-1$n 09:00" >/dev/null
done
c conclude TS2026-00001 --outcome upheld --at "2026-09-20 10:00" >/dev/null
c conclude TS2026-00002 --outcome changed --finding partly --at "2026-09-21 10:00" >/dev/null
c conclude TS2026-00003 --outcome referred --note "移送医调委" --at "2026-09-22 10:00" >/dev/null
c conclude TS2026-00004 --outcome upheld --at "2026-10-02 10:00" >/dev/null
expect_rc "rev: report monthly 2026-09" 0 c report monthly 2026-09 --format csv --at "2026-10-10 10:00"
expect_eq "rev: upheld, changed, referred" "claims,review_upheld,1 claims,review_changed,1 claims,review_referred,1" \
	"$(csv_row 'claims,review_' | tr '\n' ' ' | sed 's/ $//')"
expect_rc "rev: the text" 0 c report monthly 2026-09 --at "2026-10-10 10:00"
expect_match "rev: 复核 upheld row" '^复核：维持原处理（件） +1$' "$TMP/out"
expect_match "rev: 复核 changed row" '^复核：改变原处理（件） +1$' "$TMP/out"
expect_match "rev: 复核 referred row" '^复核：移送处理（件） +1$' "$TMP/out"
expect_rc "rev: October's" 0 c report monthly 2026-10 --format json --at "2026-11-10 10:00"
expect_eq "rev: October's one upheld" "1 0 0" \
	"$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["reviews"]; print(r["upheld"], r["changed"], r["referred"])' "$TMP/out")"

# ---- 5. an unissued report as of the period's end, whatever came after
# it. Three general cases received 09-10 (reply due 09-17, 5 working days);
# after the end: 1 reclassed important (10-05), 2 returned by 护理部 and
# transferred to 稽核科 (10-05), 3 closed on the spot (10-05). September's
# report: class 一般 3, 重要 0; 护理部 holds 2, the office 1 and 3 (never
# routed by the end); none closed, 3 open and overdue at the end.
fresh asof
for n in 1 2 3; do
	c add --at "2026-09-10 09:0$n" --channel phone --name 期$n --phone 1370000030$n \
		--text "医生态度差" --class general >/dev/null
done
c transfer TS2026-00002 --lead NURSING --at "2026-09-11 09:00" >/dev/null
c reclass TS2026-00001 --class important --reason "升级" --at "2026-10-05 09:00" >/dev/null
c return TS2026-00002 --dept NURSING --reason "不属于本科" --at "2026-10-05 09:00" >/dev/null
c transfer TS2026-00002 --lead BILLING --at "2026-10-05 10:00" >/dev/null
c close TS2026-00003 --on-spot --finding not --at "2026-10-05 09:00" >/dev/null
expect_rc "asof: report monthly 2026-09" 0 c report monthly 2026-09 --format csv --at "2026-10-20 10:00"
expect_eq "asof: a reclass after the end keeps the class of the end" "class,general,一般,3,100.0 class,important,重要,0,0.0" \
	"$(csv_row 'class,(general|important)' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "asof: a transfer after the end leaves 护理部 with the case" "dept,NURSING,护理部,1" \
	"$(csv_row 'dept,NURSING' | cut -d, -f1-4)"
expect_eq "asof: 稽核科 took it only after the end" "" "$(csv_row 'dept,BILLING')"
expect_eq "asof: the office answers for 1 and 3" "dept,COMPLAINT,医患关系协调办公室(投诉科),2" \
	"$(csv_row 'dept,COMPLAINT' | cut -d, -f1-4)"
expect_eq "asof: a close after the end: none closed, 3 open at the end" "totals,closed,0 totals,open_at_end,3" \
	"$(csv_row 'totals,(closed|open_at_end),' | cut -d, -f1-3 | tr '\n' ' ' | sed 's/ $//')"
expect_rc "asof: today's list sees the changes" 0 c show TS2026-00001
expect_match "asof: case 1 is important now" '^class +important' "$TMP/out"
