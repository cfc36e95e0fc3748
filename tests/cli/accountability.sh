#!/bin/sh
# Issue 11: figures a department can be held to. Each reproduction starts
# from `cdesk init` on its own database; every figure is worked out by hand
# in the comments (working days from data/holidays/cn-2026.ini: 09-25 中秋节,
# 09-20 a make-up Sunday, 10-01..07 国庆节, 10-10 a make-up Saturday).
. tests/lib.sh

DB=
fresh() {	# fresh NAME: a new database, with the staff the approvals need
	DB=$TMP/$1.db
	run init
	staff "$DB" || notok "the approvals need other Unix users: run as root"
}
# a general complaint by phone (default: a doctor's manner), routed to DEPT (default MEDICAL)
complaint() {	# complaint AT NAME PHONE [TEXT [DEPT]]
	run add --at "$1" --channel phone --name "$2" --phone "$3" --text "${4:-医生态度差}" \
		--class general --depts "${5:-MEDICAL}"
}
# a general case from transfer to reply (approvals: office_proofread, supervisor)
# (transfer_to_reply NUMBER AT_TRANSFER AT_FEEDBACK AT_REPLY LEAD METHOD FEEDBACK DRAFT)
transfer_to_reply() {
	run transfer "$1" --lead "$5" --at "$2"
	run feedback "$1" --dept "$5" --text "$7" --at "$3"
	run draft "$1" --text "$8" --at "$3"
	run_as "$OFFICER" approve "$1" --at "$3"
	run_as "$SUP" approve "$1" --at "$3"
	run reply "$1" --method "$6" --at "$4"
}
to_reply() {	# to_reply NUMBER AT_TRANSFER AT_FEEDBACK AT_REPLY LEAD METHOD
	transfer_to_reply "$1" "$2" "$3" "$4" "$5" "${6:-phone}" "调查结果" "经调查，已整改。"
}
# the second round's reply, after an unsatisfied callback reopened the case
round2_reply() {	# round2_reply NUMBER AT LEAD METHOD
	transfer_to_reply "$1" "$2" "$2" "$2" "$3" "$4" "再次调查" "再次答复。"
}
csv_row() { tr -d '\r' <"$TMP/out" | grep -E "^$1" | head -1; }

# ---- 1. an unrouted case is the complaint office's, not the suggested
# department's. Registered 09-01 09:00, simple: due the same day 23:59:59.
# On 09-03 08:00 it is 2 working days overdue (09-02, 09-03); at the end of
# Q3 it is 21 working days late (09-02..09-30: 21 weekdays less 09-25 plus
# the make-up 09-20).
fresh unrouted
run add --at "2026-09-01 09:00" --channel phone --name 赵一 --phone 13700000001 \
	--text "请问出院结算后押金怎么退"
$fixture_ok && ok "unrouted: fixture"
expect_rc "unrouted: digest --dept FINANCE" 0 c digest --dept FINANCE --at "2026-09-03 08:00"
expect_nomatch "unrouted: not 财务科's in its digest" "TS2026-00001" "$TMP/out"
expect_rc "unrouted: digest --dept COMPLAINT" 0 c digest --dept COMPLAINT --at "2026-09-03 08:00"
expect_match "unrouted: the office's, 2 working days overdue" \
	"TS2026-00001 +期限 2026-09-01 23:59  逾期 2 个工作日" "$TMP/out"
expect_rc "unrouted: report 2026Q3 csv" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
expect_eq "unrouted: section 十一 lists it under the office" \
	"late,TS2026-00001,医患关系协调办公室(投诉科),2026-09-01,2026-09-01,,21" "$(csv_row late,TS2026-00001)"
expect_eq "unrouted: no 财务科 row in the department table" "" "$(csv_row dept,FINANCE)"
# received 1, closed 0, no on-time rate, 1 overdue at the end, no reply, 0 reopened, 0 callbacks
expect_eq "unrouted: the office's department row" \
	"dept,COMPLAINT,医患关系协调办公室(投诉科),1,0,0,,1,,0,0," "$(csv_row dept,COMPLAINT)"
expect_rc "unrouted: report 2026Q3 text" 0 c report quarterly 2026Q3 --at "2026-10-20 10:00"
expect_nomatch "unrouted: 财务科 is in no row of the text" "^财务科" "$TMP/out"
# show as of a time says overdue in words, never "(-2 working days left)"
expect_rc "unrouted: show --at" 0 c show TS2026-00001 --at "2026-09-03 08:00"
expect_match "show: 2 working days overdue" \
	"^due +2026-09-01 23:59:59 \(2 working days overdue, 逾期 2 个工作日\)$" "$TMP/out"
expect_nomatch "show: never negative days left" "-[0-9]+ working days left" "$TMP/out"
expect_rc "unrouted: show --at before it is due" 0 c show TS2026-00001 --at "2026-09-01 10:00"
expect_match "show: due later today" "^due +2026-09-01 23:59:59 \(0 working days left\)$" "$TMP/out"
expect_rc "unrouted: list --at" 0 c list all --at "2026-09-03 08:00"
expect_match "list --at: -2 as of that time" "^TS2026-00001 .* 2026-09-01 +-2 " "$TMP/out"

# ---- 2. a department that returns its transfer is no longer blamed; when
# every department returned it, the case is back in the new-case queue with
# no lead, the office's. Case 1 (OUTPATIENT alone) is returned; case 2 (lead
# MEDICAL, co NURSING) is returned by NURSING only.
fresh returns
complaint "2026-11-02 09:00" 钱二 13700000002 "门诊挂号排队太久" OUTPATIENT
run transfer TS2026-00001 --lead OUTPATIENT --at "2026-11-02 10:00"
run return TS2026-00001 --dept OUTPATIENT --reason "不属本科职责范围" --at "2026-11-03 10:00"
complaint "2026-11-02 09:00" 孙三 13700000003 "医生误诊，护士态度差" MEDICAL,NURSING
run transfer TS2026-00002 --lead MEDICAL --co NURSING --at "2026-11-02 10:00"
run return TS2026-00002 --dept NURSING --reason "护理无涉" --at "2026-11-03 10:00"
$fixture_ok && ok "returns: fixture"
expect_rc "returns: show the returned case" 0 c show TS2026-00001
expect_match "returns: registered again" "^TS2026-00001  registered" "$TMP/out"
expect_match "returns: no lead" "^depts +- \(no department holds it" "$TMP/out"
expect_rc "returns: list new" 0 c list new
expect_match "returns: in the new-case queue, no department" "^TS2026-00001 +registered +general +- " "$TMP/out"
expect_rc "returns: show the partly returned case" 0 c show TS2026-00002
expect_match "returns: MEDICAL alone holds it" "^depts +MEDICAL \(lead\)$" "$TMP/out"
expect_rc "returns: digest --dept OUTPATIENT" 0 c digest --dept OUTPATIENT --at "2026-11-20 09:00"
expect_nomatch "returns: OUTPATIENT not blamed" "TS2026-0000" "$TMP/out"
expect_rc "returns: digest --dept NURSING" 0 c digest --dept NURSING --at "2026-11-20 09:00"
expect_nomatch "returns: NURSING not blamed" "TS2026-0000" "$TMP/out"
expect_rc "returns: digest --dept COMPLAINT" 0 c digest --dept COMPLAINT --at "2026-11-20 09:00"
expect_match "returns: the office's" "TS2026-00001 +期限" "$TMP/out"
expect_rc "returns: report 2026Q4 csv" 0 c report quarterly 2026Q4 --format csv --at "2026-11-20 09:00"
expect_eq "returns: no OUTPATIENT row" "" "$(csv_row dept,OUTPATIENT)"
expect_eq "returns: no NURSING row" "" "$(csv_row dept,NURSING)"

# ---- 3. department feedback deadlines are clocks of their own. Transferred
# 11-02 10:00 to MEDICAL (lead) and NURSING, general with two departments:
# feedback due 11-11, reply due 11-16. On 11-12 the reply is not late but
# both feedbacks are, by 1 working day.
fresh feedback
complaint "2026-11-02 09:00" 李四 13700000004 "护士态度差，医生误诊" MEDICAL,NURSING
run transfer TS2026-00001 --lead MEDICAL --co NURSING --at "2026-11-02 10:00"
$fixture_ok && ok "feedback: fixture"
expect_rc "feedback: list overdue" 0 c list overdue --at "2026-11-12 09:00"
expect_match "feedback: in the overdue list" "^TS2026-00001 +routed" "$TMP/out"
expect_match "feedback: with the departments" \
	"feedback late 反馈逾期: MEDICAL \(due 2026-11-11, 1 working days\), NURSING \(due 2026-11-11, 1 working days\)" "$TMP/out"
expect_rc "feedback: list overdue the day before" 0 c list overdue --at "2026-11-11 09:00"
expect_nomatch "feedback: not late before its deadline" "TS2026-00001" "$TMP/out"
expect_rc "feedback: digest --dept NURSING" 0 c digest --dept NURSING --at "2026-11-12 09:00"
expect_match "feedback: in the department's digest" \
	"TS2026-00001 +反馈期限 2026-11-11 23:59  逾期 1 个工作日" "$TMP/out"
expect_match "feedback: counted once" "护理部（NURSING）：逾期 1 件" "$TMP/out"
expect_rc "feedback: show" 0 c show TS2026-00001 --at "2026-11-12 09:00"
expect_match "feedback: show says the feedback is late" \
	"round 1 NURSING open, due 2026-11-11, feedback 1 working days late" "$TMP/out"
expect_rc "feedback: report 2026Q4 so far" 0 c report quarterly 2026Q4 --format csv --at "2026-11-12 09:00"
expect_eq "feedback: 第三十五条(二) row for 医务部" \
	"late_feedback,TS2026-00001,医务部,2026-11-02,2026-11-11,,1" "$(csv_row late_feedback,TS2026-00001,医务部)"
expect_eq "feedback: 第三十五条(二) row for 护理部" \
	"late_feedback,TS2026-00001,护理部,2026-11-02,2026-11-11,,1" "$(csv_row late_feedback,TS2026-00001,护理部)"
expect_rc "feedback: report text" 0 c report quarterly 2026Q4 --at "2026-11-12 09:00"
expect_match "feedback: the text names the item" \
	"^\(二\) +TS2026-00001 +医务部 +2026-11-02 +2026-11-11 +未反馈 +1$" "$TMP/out"
# answered late (11-13, 2 working days after 11-11): listed as answered late
run feedback TS2026-00001 --dept MEDICAL --text "调查结果" --at "2026-11-13 09:00"
expect_rc "feedback: report after a late answer" 0 c report quarterly 2026Q4 --format csv --at "2026-11-13 10:00"
expect_eq "feedback: answered 2 working days late" \
	"late_feedback,TS2026-00001,医务部,2026-11-02,2026-11-11,2026-11-13,2" "$(csv_row late_feedback,TS2026-00001,医务部)"

# ---- 4. a late reply says late. General, received 07-01 10:00: due 07-08;
# replied 07-10 (2 working days late: 07-09, 07-10).
fresh late
complaint "2026-07-01 10:00" 周五 13700000005
to_reply TS2026-00001 "2026-07-01 11:00" "2026-07-03 10:00" "2026-07-10 10:00" MEDICAL
$fixture_ok && ok "late: fixture"
expect_rc "late: show" 0 c show TS2026-00001
expect_match "late: met late" \
	"^due +2026-07-08 23:59:59 \(met late 2026-07-10 10:00:00, 2 working days late, 逾期 2 个工作日\)$" "$TMP/out"

# ---- 5. compliments, consultations and suggestions need no finding and are
# never 无效; a complaint still needs one.
fresh kinds
run add --at "2026-08-03 09:00" --channel phone --kind compliment --name 吴六 \
	--phone 13700000006 --text "感谢心内科医生的耐心" --class simple --depts OFFICE
run add --at "2026-08-03 09:00" --channel phone --kind suggestion --name 郑七 \
	--phone 13700000007 --text "建议增加停车位" --class simple --depts OFFICE
run add --at "2026-08-03 09:00" --channel phone --name 王八 --phone 13700000008 \
	--text "挂号收费有误" --class simple --depts OFFICE
expect_rc "kinds: a compliment closes without a finding" 0 \
	c close TS2026-00001 --on-spot --at "2026-08-03 10:00"
expect_rc "kinds: a suggestion closes without a finding" 0 \
	c close TS2026-00002 --on-spot --at "2026-08-03 10:00"
expect_rc "kinds: a complaint needs its finding" 2 \
	c close TS2026-00003 --on-spot --at "2026-08-03 10:00"
expect_match "kinds: says which option" "--finding" "$TMP/err"
expect_rc "kinds: the complaint is still open" 0 c show TS2026-00003
expect_match "kinds: still registered" "^TS2026-00003  registered" "$TMP/out"
run close TS2026-00003 --on-spot --finding not --at "2026-08-03 10:00"
expect_rc "kinds: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
# 3 closed: the complaint 无效, the compliment and the suggestion 无需认定
expect_eq "kinds: one 无效 (the complaint)" "finding,not,无效,1" "$(csv_row finding,not)"
expect_eq "kinds: two need no finding" "finding,n/a,无需认定,2" "$(csv_row finding,n/a)"

# ---- 6. anonymous cases close on the reply, without a callback, and are
# not in the satisfaction rate. Case 1 anonymous, replied 07-03, closed
# 07-06 with no callback; case 2 anonymous with a phone given, called back
# satisfied: no callback counted either. Case 3, named, satisfied: 医务部
# has 1 callback, 1 satisfied (100.0).
fresh anonymous
run add --at "2026-07-01 09:00" --channel visit --anonymous --text "医生态度差" \
	--class general --depts MEDICAL
run add --at "2026-07-01 09:00" --channel visit --anonymous --phone 13700000009 \
	--text "医生态度差" --class general --depts MEDICAL
run add --at "2026-07-01 09:00" --channel visit --name 冯九 --phone 13700000010 \
	--text "医生态度差" --class general --depts MEDICAL
for n in 1 2 3; do
	to_reply TS2026-0000$n "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-03 10:00" MEDICAL
done
run callback TS2026-00002 --result satisfied --at "2026-07-03 11:00"
$fixture_ok && ok "anonymous: fixture"
expect_rc "anonymous: closes without a callback" 0 \
	c close TS2026-00001 --finding not --at "2026-07-06 10:00"
expect_rc "named: still needs its callback" 5 c close TS2026-00003 --finding not --at "2026-07-03 10:30"
run callback TS2026-00003 --result satisfied --at "2026-07-03 11:00"
run close TS2026-00002 --finding not --at "2026-07-06 10:00"
run close TS2026-00003 --finding not --at "2026-07-06 10:00"
expect_rc "anonymous: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
# received 3, closed 3 on time (100.0), 0 overdue, replies 2 working days
# (07-01 → 07-03), 0 reopened, 1 callback, satisfaction 100.0
expect_eq "anonymous: the department row counts only the named callback" \
	"dept,MEDICAL,医务部,3,3,3,100.0,0,2.0,0,1,100.0" "$(csv_row dept,MEDICAL)"

# ---- 7. a written reply in an earlier round counts for close --unreasonable.
# Case 1: letter in round 1, unsatisfied, phone in round 2: may close
# --unreasonable. Case 2: phone in both rounds: refused, unchanged.
fresh unreasonable
for n in 1 2; do
	complaint "2026-07-01 09:00" 陈$n 1370000002$n "要求赔偿"
done
to_reply TS2026-00001 "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-03 10:00" MEDICAL letter
to_reply TS2026-00002 "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-03 10:00" MEDICAL phone
for n in 1 2; do
	run callback TS2026-0000$n --result unsatisfied --at "2026-07-06 10:00"
done
round2_reply TS2026-00001 "2026-07-07 10:00" MEDICAL phone
round2_reply TS2026-00002 "2026-07-07 10:00" MEDICAL phone
$fixture_ok && ok "unreasonable: fixture"
expect_rc "unreasonable: round 1's letter counts" 0 \
	c close TS2026-00001 --finding not --unreasonable --at "2026-07-08 10:00"
expect_rc "unreasonable: no letter in any round" 5 \
	c close TS2026-00002 --finding not --unreasonable --at "2026-07-08 10:00"
expect_match "unreasonable: says why" "written \(letter\) reply" "$TMP/err"
expect_rc "unreasonable: case 2 still replied" 0 c show TS2026-00002
expect_match "unreasonable: not closed" "^TS2026-00002  replied" "$TMP/out"
# the round-1 draft that was sent is kept as approved, not "superseded"
expect_rc "drafts: show" 0 c show TS2026-00001
expect_match "drafts: round 1's sent draft stays approved" "^drafts +v1 by [^,]*, approved," "$TMP/out"
expect_match "drafts: round 2's too" "^ +v2 by [^,]*, approved," "$TMP/out"

# ---- 8. a late earlier round is never forgotten. General, received 07-01
# 10:00: round 1 due 07-08, replied 07-13 (3 working days late: 07-09,
# 07-10, 07-13); unsatisfied 07-14 10:00 starts round 2, due 5 working days
# from the reopening (07-21), replied on time 07-15, closed 07-16.
fresh rounds
complaint "2026-07-01 10:00" 褚十 13700000031
to_reply TS2026-00001 "2026-07-01 11:00" "2026-07-02 10:00" "2026-07-13 10:00" MEDICAL
run callback TS2026-00001 --result unsatisfied --at "2026-07-14 10:00"
round2_reply TS2026-00001 "2026-07-15 10:00" MEDICAL phone
run callback TS2026-00001 --result satisfied --at "2026-07-16 09:00"
run close TS2026-00001 --finding not --at "2026-07-16 10:00"
$fixture_ok && ok "rounds: fixture"
expect_rc "rounds: show" 0 c show TS2026-00001
expect_match "rounds: round 2 counted from its reopening" "^due +2026-07-21 23:59:59 \(met 2026-07-15" "$TMP/out"
expect_rc "rounds: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
expect_eq "rounds: round 1's late reply is in the overdue list" \
	"late,TS2026-00001#1,医务部,2026-07-01,2026-07-08,2026-07-13,3" "$(csv_row 'late,TS2026-00001#1')"
expect_eq "rounds: round 2 was on time" "" "$(csv_row 'late,TS2026-00001,')"
expect_eq "rounds: its last round closed on time" "totals,closed_on_time,1,0,0" "$(csv_row totals,closed_on_time)"
expect_rc "rounds: report text" 0 c report quarterly 2026Q3 --at "2026-10-20 10:00"
expect_match "rounds: the text row" "^\(一\) +TS2026-00001#1 +医务部 +2026-07-01 +2026-07-08 +2026-07-13 +3$" "$TMP/out"

# ---- 9. an unissued report is computed as of its period's end: a reopening
# in November, a new class and a new department change nothing of Q3. The
# case: general, 医务部, received 08-03, replied 08-05 (2 working days),
# satisfied and closed 08-06.
fresh asof
complaint "2026-08-03 09:00" 卫甲 13700000041
to_reply TS2026-00001 "2026-08-03 10:00" "2026-08-04 10:00" "2026-08-05 10:00" MEDICAL
run callback TS2026-00001 --result satisfied --at "2026-08-06 10:00"
run close TS2026-00001 --finding substantiated --at "2026-08-06 11:00"
expect_rc "asof: report 2026Q3 before" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
# (the chain head at the foot is the log's when printed, so it moves on)
tr -d '\r' <"$TMP/out" | grep -Ev "^(report,(as_of|generated)|chain,head)," >"$TMP/q3-before"
run reopen TS2026-00001 --reason "投诉人再次来电" --at "2026-11-02 10:00"
run reclass TS2026-00001 --class important --reason "涉及多次投诉" --at "2026-11-02 11:00"
run transfer TS2026-00001 --lead NURSING --at "2026-11-02 12:00"
$fixture_ok && ok "asof: fixture"
expect_rc "asof: report 2026Q3 after" 0 c report quarterly 2026Q3 --format csv --at "2026-11-20 10:00"
tr -d '\r' <"$TMP/out" | grep -Ev "^(report,(as_of|generated)|chain,head)," >"$TMP/q3-after"
golden "asof: Q3 unchanged by November's reopening" "$TMP/q3-before" "$TMP/q3-after"
expect_eq "asof: still general" "class,general,一般,1,100.0" "$(tr -d '\r' <"$TMP/out" | grep '^class,general')"
# 1 received, 1 closed on time, 0 overdue, 2 working days, 0 reopened in Q3, 1 satisfied callback
expect_eq "asof: still 医务部's" "dept,MEDICAL,医务部,1,1,1,100.0,0,2.0,0,1,100.0" \
	"$(tr -d '\r' <"$TMP/out" | grep '^dept,MEDICAL')"

# ---- 10. a report issued for a closed period is kept as issued: printing it
# again gives the same figures, and later edits show as corrections, never
# silently changed numbers. Q3 holds one case (08-03, unrouted: the office's).
fresh issue
complaint "2026-08-03 09:00" 蒋乙 13700000051
$fixture_ok && ok "issue: fixture"
expect_rc "issue: not before the period's end" 2 \
	as "$SUP" "$CDESK" --db "$DB" report quarterly 2026Q3 --issue --at "2026-09-20 10:00"
expect_match "issue: says why" "2026Q3 has not ended \(its last day is 2026-09-30\)" "$TMP/err"
expect_rc "issue: an officer may not issue" 4 \
	as "$OFFICER" "$CDESK" --db "$DB" report quarterly 2026Q3 --issue --at "2026-10-08 10:00"
expect_rc "issue: the supervisor issues it" 0 \
	as "$SUP" "$CDESK" --db "$DB" report quarterly 2026Q3 --issue --format csv --at "2026-10-08 10:00"
cp "$TMP/out" "$TMP/issued.csv"
expect_match "issue: says so" "report 2026Q3 issued by $SUP at 2026-10-08 10:00:00" "$TMP/err"
expect_rc "issue: only once" 6 \
	as "$SUP" "$CDESK" --db "$DB" report quarterly 2026Q3 --issue --at "2026-10-09 10:00"
expect_rc "issue: printed again later" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
tr -d '\r' <"$TMP/out" | grep -v '^correction,' | grep -v '^section,issued_or_now' >"$TMP/again.csv"
tr -d '\r' <"$TMP/issued.csv" | grep -v '^section,issued_or_now' >"$TMP/issued.lf"
golden "issue: the same figures, the same as_of and time of making" "$TMP/issued.lf" "$TMP/again.csv"
expect_nomatch "issue: no correction yet" "^correction," "$TMP/out"
# a case of Q3 registered late (10-21, received 09-03): the issued copy stands,
# the change is listed as a correction (received 1 → 2 and the rest)
complaint "2026-09-03 09:00" 沈丙 13700000052 "护士态度差" NURSING
expect_rc "issue: text after a change" 0 c report quarterly 2026Q3 --at "2026-10-22 10:00"
expect_match "issue: the issued figure stands" "^收到 +1 " "$TMP/out"
expect_match "issue: a corrections section" "签发后更正（corrections since issue）" "$TMP/out"
expect_match "issue: the row as issued" "^  totals,received,1,0,0$" "$TMP/out"
expect_match "issue: the row now" "^  totals,received,2,0,0$" "$TMP/out"
expect_rc "issue: csv after a change" 0 c report quarterly 2026Q3 --format csv --at "2026-10-22 10:00"
expect_match "issue: csv correction row" '^correction,now,"totals,received,2,0,0"' "$TMP/out"
expect_rc "issue: an unissued quarter is computed" 0 c report quarterly 2026Q2 --format csv --at "2026-10-22 10:00"
expect_nomatch "issue: no corrections in an unissued report" "^correction," "$TMP/out"

# ---- 11. recompute --at recomputes every case it may and lists the ones it
# may not; paused working days are counted again on the new calendar. Case 1:
# general, received 09-28 09:00, paused 09-28 10:00 to 10-09 09:00 — 4
# working days with the holidays (09-29, 09-30, 10-08, 10-09), so due 10-10
# (the make-up Saturday) + 4 = 10-15. On a calendar without holidays the
# pause stood 9 working days (09-29 … 10-09) and the reply is due 10-05 + 9 =
# 10-16. Case 2 was received 11-02: a recompute as of 10-20 may not touch it.
fresh recompute
complaint "2026-09-28 09:00" 韩丁 13700000061
run pause TS2026-00001 --reason "等待投诉人补充材料" --at "2026-09-28 10:00"
run resume TS2026-00001 --at "2026-10-09 09:00"
complaint "2026-11-02 09:00" 杨戊 13700000062
$fixture_ok && ok "recompute: fixture"
expect_rc "recompute: the holiday calendar's due" 0 c show TS2026-00001
expect_match "recompute: due 10-15, 4 paused" "^due +2026-10-15 23:59:59" "$TMP/out"
mkdir -p "$TMP/nohol/holidays"
cp "$CDESK_DATA"/rules.ini "$CDESK_DATA"/cdesk.ini "$TMP/nohol/"
CDESK_DATA="$TMP/nohol" "$CDESK" --db "$DB" recompute --at "2026-10-20 10:00" >"$TMP/out" 2>"$TMP/err"
expect_eq "recompute --at: exit 5 when some were not recomputed" 5 $?
expect_match "recompute --at: the others are done" "^1 open case\(s\) checked, 1 with deadlines moved" "$TMP/out"
expect_match "recompute --at: lists the one it may not" \
	"^  TS2026-00002: --at 2026-10-20 10:00:00 is before the case was received" "$TMP/out"
expect_rc "recompute: show" 0 c show TS2026-00001 --json
expect_match "recompute: the pause recounted (9 working days)" '^  "round_paused_days": 9' "$TMP/out"
expect_match "recompute: due 10-16" '^  "due": "2026-10-16"' "$TMP/out"

# ---- 12. not accepted (第二十六条) and merged (第十五条五): the complainant is
# told — a notice from data/templates with the statutory reason, and the
# telling recorded (how, when). --reason takes the Chinese words too.
fresh notice
run add --at "2026-08-03 09:00" --channel phone --name 朱己 --phone 13700000071 \
	--text "已经起诉了医院，想问进度"
complaint "2026-08-03 09:00" 秦庚 13700000072 "护士态度差" NURSING
complaint "2026-08-04 09:00" 秦庚 13700000072 "护士态度差，再次反映" NURSING
$fixture_ok && ok "notice: fixture"
expect_rc "notice: reject --reason 法院 (a word of the label)" 0 \
	c reject TS2026-00001 --reason 法院 --note "投诉人已于7月向区法院起诉" --at "2026-08-03 10:00"
expect_rc "notice: show" 0 c show TS2026-00001
expect_match "notice: the reason is court" "^not accepted +court 已向法院起诉" "$TMP/out"
expect_rc "notice: a word of no label" 2 c reject TS2026-00002 --reason 无关事项 --at "2026-08-03 10:00"
run merge TS2026-00003 --into TS2026-00002 --at "2026-08-04 10:00"
expect_rc "notice: print the not-accepted notice" 0 c print notice TS2026-00001 --output -
expect_match "notice: its title" "投诉不予受理告知书" "$TMP/out"
expect_match "notice: the statutory reason" "第二十六条所列“已向法院起诉”的情形" "$TMP/out"
expect_match "notice: what to do instead" "请依照司法程序办理" "$TMP/out"
expect_match "notice: the note" "投诉人已于7月向区法院起诉" "$TMP/out"
expect_match "notice: dated the day it was decided" "^ +2026年8月3日$" "$TMP/out"
expect_rc "notice: print the merged notice" 0 c print notice TS2026-00003 --output -
expect_match "notice: merged into" "（编号 TS2026-00002）属同一事项" "$TMP/out"
expect_rc "notice: no notice for an open case" 5 c print notice TS2026-00002 --output -
expect_match "notice: says why" "a notice is for a case not accepted" "$TMP/err"
expect_rc "notice: tell, by letter" 0 c tell TS2026-00001 --method letter --note "挂号信寄出" --at "2026-08-04 09:00"
expect_rc "notice: tell the merged one, by phone" 0 c tell TS2026-00003 --method 电话 --at "2026-08-04 11:00"
expect_rc "notice: no telling of an open case" 5 c tell TS2026-00002 --method phone --at "2026-08-04 11:00"
expect_rc "notice: the timeline" 0 c show TS2026-00001 --json
expect_match "notice: told how" '"told": "letter"' "$TMP/out"
expect_match "notice: told when" '"at": "2026-08-04 09:00:00"' "$TMP/out"

# ---- 13. the callback clock (policy 12 (三)): due the working day after the
# reply (rules.ini callback_days, default 1). Replied Friday 07-03: the
# callback is due Monday 07-06; on 07-07 it is 1 working day late. With
# callback_days = 2 it is due 07-07 and not yet late.
fresh callback
complaint "2026-07-01 09:00" 尤辛 13700000081
to_reply TS2026-00001 "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-03 10:00" MEDICAL
$fixture_ok && ok "callback: fixture"
expect_rc "callback: list overdue on its day" 0 c list overdue --at "2026-07-06 09:00"
expect_nomatch "callback: not late on its day" "TS2026-00001" "$TMP/out"
expect_rc "callback: digest on its day" 0 c digest --dept COMPLAINT --at "2026-07-06 09:00"
expect_match "callback: due today in the office's digest" "TS2026-00001 +回访期限 2026-07-06 23:59  今日到期" "$TMP/out"
expect_rc "callback: list overdue the day after" 0 c list overdue --at "2026-07-07 09:00"
expect_match "callback: late in the overdue queue" "^TS2026-00001 +replied" "$TMP/out"
expect_match "callback: says so" "callback late 回访逾期: due 2026-07-06, 1 working days" "$TMP/out"
expect_rc "callback: digest the day after" 0 c digest --dept COMPLAINT --at "2026-07-07 09:00"
expect_match "callback: late in the digest" "TS2026-00001 +回访期限 2026-07-06 23:59  逾期 1 个工作日" "$TMP/out"
expect_rc "callback: not in 医务部's digest" 0 c digest --dept MEDICAL --at "2026-07-07 09:00"
expect_nomatch "callback: the office's, not the department's" "回访期限" "$TMP/out"
mkdir -p "$TMP/cb2"
cp -r "$CDESK_DATA"/holidays "$CDESK_DATA"/cdesk.ini "$TMP/cb2/"
sed 's/^callback_days = 1$/callback_days = 2/' "$CDESK_DATA/rules.ini" >"$TMP/cb2/rules.ini"
CDESK_DATA="$TMP/cb2" "$CDESK" --db "$DB" list overdue --at "2026-07-07 09:00" >"$TMP/out" 2>"$TMP/err"
expect_nomatch "callback: callback_days = 2, not late on 07-07" "TS2026-00001" "$TMP/out"
run callback TS2026-00001 --result satisfied --at "2026-07-07 10:00"
expect_rc "callback: list overdue after it" 0 c list overdue --at "2026-07-08 09:00"
expect_nomatch "callback: done, off the queue" "TS2026-00001" "$TMP/out"

# ---- 14. review (复核): asked within review_window_days (default 30) days of
# the reply, with its own deadline (review_days working days), ended with a
# recorded outcome. Replied 07-06, closed 07-07: the window closes 08-05.
fresh review
for n in 1 2; do
	complaint "2026-07-01 09:00" 许$n 1370000009$n
	to_reply TS2026-0000$n "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-06 10:00" MEDICAL
	run callback TS2026-0000$n --result satisfied --at "2026-07-07 09:00"
	run close TS2026-0000$n --finding substantiated --at "2026-07-07 10:00"
done
$fixture_ok && ok "review: fixture"
expect_rc "review: after the window" 5 c review TS2026-00001 --reason "不服" --at "2026-08-10 09:00"
expect_match "review: says when it closed" "within 30 days of the reply; that window closed on 2026-08-05" "$TMP/err"
expect_rc "review: within the window" 0 c review TS2026-00001 --reason "对认定有异议" --at "2026-08-04 09:00"
expect_rc "review: its own deadline" 0 c show TS2026-00001 --json
# 10 working days after 08-04: 08-18
expect_match "review: due 08-18" '^  "due": "2026-08-18"' "$TMP/out"
expect_rc "review: upheld" 0 c conclude TS2026-00001 --outcome upheld --at "2026-08-10 09:00"
expect_rc "review: show after" 0 c show TS2026-00001
expect_match "review: closed again" "^TS2026-00001  closed" "$TMP/out"
expect_match "review: the finding reviewed stands" "^finding +substantiated" "$TMP/out"
expect_rc "review: json" 0 c show TS2026-00001 --json
expect_match "review: the outcome recorded" '"outcome": "upheld"' "$TMP/out"
run review TS2026-00002 --reason "对认定有异议" --at "2026-08-04 09:00"
expect_rc "review: changed needs a finding" 2 c conclude TS2026-00002 --outcome changed --at "2026-08-10 09:00"
expect_rc "review: referred needs where" 2 c conclude TS2026-00002 --outcome referred --at "2026-08-10 09:00"
expect_rc "review: changed" 0 c conclude TS2026-00002 --outcome changed --finding partly --at "2026-08-10 09:00"
expect_rc "review: show changed" 0 c show TS2026-00002
expect_match "review: the new finding" "^finding +partly" "$TMP/out"
expect_rc "review: no outcome without a review" 5 c conclude TS2026-00002 --outcome upheld --at "2026-08-11 09:00"

# ---- 15. accountability at closure (第三十二、三十四条, policy 12 (五)): a
# substantiated or partly substantiated finding names the responsible
# department (default the lead) and staff, and the rectification (整改) with
# its due day; overdue rectifications are a queue and rows (六) of 十一; the
# report's table counts the findings by department and staff.
# 1: 有效, responsible 护理部 / 护士甲, rectify by 08-20, never done: at the
#    end of Q3 29 working days late (08-21 … 08-31: 7; September: 22).
# 2: 部分有效, no --responsible: the lead 医务部; rectify by 08-10, done
#    08-12 (2 working days late: 08-11, 08-12).
fresh account
for n in 1 2 3; do
	complaint "2026-07-01 09:00" 何$n 1370000010$n
	to_reply TS2026-0000$n "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-03 10:00" MEDICAL
	run callback TS2026-0000$n --result satisfied --at "2026-07-03 11:00"
done
$fixture_ok && ok "account: fixture"
expect_rc "account: close with the responsible and the rectification" 0 c close TS2026-00001 \
	--finding substantiated --responsible NURSING --staff 护士甲 --measures "科室培训，规范输液操作" \
	--rectify-by 2026-08-20 --at "2026-08-06 10:00"
expect_rc "account: measures need their due day" 2 \
	c close TS2026-00002 --finding partly --measures "培训" --at "2026-08-06 10:00"
expect_rc "account: a date it is" 2 \
	c close TS2026-00002 --finding partly --measures "培训" --rectify-by 8月10日 --at "2026-08-06 10:00"
expect_rc "account: close, the lead answers" 0 c close TS2026-00002 --finding partly \
	--measures "加强沟通培训" --rectify-by 2026-08-10 --at "2026-08-06 10:00"
expect_rc "account: none for a finding not upheld" 2 \
	c close TS2026-00003 --finding not --responsible NURSING --at "2026-08-06 10:00"
run close TS2026-00003 --finding not --at "2026-08-06 10:00"
expect_rc "account: nothing to rectify" 3 c rectified TS2026-00003 --text "无" --at "2026-08-07 10:00"
expect_rc "account: rectify-late queue before the due days" 0 c list rectify-late --at "2026-08-10 12:00"
expect_nomatch "account: none late yet" "TS2026-0000" "$TMP/out"
expect_rc "account: rectify-late queue on 08-11" 0 c list rectify-late --at "2026-08-11 09:00"
expect_match "account: 2 is late" "^TS2026-00002 " "$TMP/out"
expect_nomatch "account: 1 is not yet" "^TS2026-00001 " "$TMP/out"
expect_rc "account: rectified late" 0 c rectified TS2026-00002 --text "已完成培训" --at "2026-08-12 10:00"
expect_rc "account: only once" 3 c rectified TS2026-00002 --text "再次" --at "2026-08-13 10:00"
expect_rc "account: rectify-late queue on 08-21" 0 c list rectify-late --at "2026-08-21 09:00"
expect_match "account: 1 is late" "^TS2026-00001 " "$TMP/out"
expect_nomatch "account: 2 is done" "^TS2026-00002 " "$TMP/out"
expect_rc "account: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
expect_eq "account: 医务部, partly" "responsible,医务部,,0,1" "$(csv_row responsible,医务部)"
expect_eq "account: 护理部 / 护士甲, substantiated" "responsible,护理部,护士甲,1,0" "$(csv_row responsible,护理部)"
expect_eq "account: 1's rectification still late" \
	"late_rectify,TS2026-00001,护理部,2026-07-01,2026-08-20,,29" "$(csv_row late_rectify,TS2026-00001)"
expect_eq "account: 2's done late" \
	"late_rectify,TS2026-00002,医务部,2026-07-01,2026-08-10,2026-08-12,2" "$(csv_row late_rectify,TS2026-00002)"
expect_rc "account: report text" 0 c report quarterly 2026Q3 --at "2026-10-20 10:00"
expect_match "account: (六) in 十一" "^\(六\) +TS2026-00001 +护理部 +2026-07-01 +2026-08-20 +未整改 +29$" "$TMP/out"
expect_match "account: the appraisal table" "^护理部 +护士甲 +1 +0$" "$TMP/out"
# schema 16: each close kept for the report's accountability as its event
# says (report_closes), added by the close's own statement; check agrees
expect_eq "account: the closes kept for the report" \
	"TS2026-00001|substantiated|NURSING|护士甲|2026-08-20 23:59:59|
TS2026-00002|partly|MEDICAL||2026-08-10 23:59:59|
TS2026-00003|not||||" \
	"$(sqlite3 "$DB" "SELECT c.number, r.finding, r.responsible, r.staff, r.rectify_due, r.later_at FROM report_closes r JOIN cases c ON c.id = r.case_id ORDER BY c.number")"
expect_rc "account: check agrees with them" 0 c check
sqlite3 "$DB" "UPDATE report_closes SET staff = '护士乙' WHERE staff = '护士甲'"
expect_rc "account: check finds one changed behind cdesk's back" 1 c check
expect_match "account: … naming its close event" \
	"the report's close events have a row for event [0-9]+ that is not that event's" "$TMP/err"

# ---- 16. a medical-safety risk (第二十一条: act at once) is an emergency, due
# in hours (rules.ini [class:emergency] hours = 2): received 12-01 09:00, due
# 11:00 the same day; the digest lists it first; an officer lowers it only
# with a reason.
fresh safety
complaint "2026-12-01 08:00" 吕壬 13700000111 "护理部门口排队太久" NURSING
run add --at "2026-12-01 09:00" --channel phone --name 施癸 --phone 13700000112 \
	--text "护士给错药，病人昏迷"
$fixture_ok && ok "safety: fixture"
expect_rc "safety: show" 0 c show TS2026-00002
expect_match "safety: flagged" "^flags +safety" "$TMP/out"
expect_match "safety: emergency" "^class +emergency" "$TMP/out"
expect_match "safety: due in two hours" "^due +2026-12-01 11:00:00" "$TMP/out"
expect_rc "safety: digest (unrouted: the office's)" 0 c digest --dept COMPLAINT --at "2026-12-07 12:00"
expect_eq "safety: listed first" "TS2026-00002" \
	"$(grep -E '^  TS2026-' "$TMP/out" | head -1 | awk '{print $1}')"
expect_match "safety: marked" "TS2026-00002 +【医疗安全】期限 2026-12-01 11:00" "$TMP/out"
expect_rc "safety: lowered without a reason" 2 c reclass TS2026-00002 --class general --at "2026-12-01 09:30"
expect_match "safety: says why" "medical-safety risk \(第二十一条\)" "$TMP/err"
expect_rc "safety: lowered with a reason" 0 c reclass TS2026-00002 --class general \
	--reason "核实为误传，患者无碍" --at "2026-12-01 09:30"

# ---- 17. escalation (policy 12 二次/三次派单): a second dispatch is
# supervised (督办): the supervisor is named and sees it in a queue; its late
# reply is 第三十五条(四). A third goes to leadership (the escalated queue).
# 1: replied 07-03, unsatisfied 07-06 10:00: round 2 due 07-13 (5 working
# days), supervised by $SUP, never replied: at the end of Q3 57 working days
# late (07-14 … 07-31: 14; August: 21; September: 22); no department holds
# round 2, so the office answers for it.
# 2: unsatisfied twice: the third dispatch, escalated.
fresh escalate
for n in 1 2; do
	complaint "2026-07-01 09:00" 孔$n 1370000012$n
	to_reply TS2026-0000$n "2026-07-01 10:00" "2026-07-02 10:00" "2026-07-03 10:00" MEDICAL
	run callback TS2026-0000$n --result unsatisfied --at "2026-07-06 10:00"
done
run supervise TS2026-00001 --by "$SUP" --note "二次派单，科主任督办" --at "2026-07-06 11:00"
round2_reply TS2026-00002 "2026-07-07 10:00" MEDICAL phone
run callback TS2026-00002 --result unsatisfied --at "2026-07-08 10:00"
$fixture_ok && ok "escalate: fixture"
expect_rc "escalate: only a supervisor supervises" 2 c supervise TS2026-00002 --by "$OFFICER" --at "2026-07-08 11:00"
expect_rc "escalate: the supervisor's queue" 0 as "$SUP" "$CDESK" --db "$DB" list supervised --at "2026-07-08 12:00"
expect_match "escalate: 1 is supervised by $SUP" "^TS2026-00001 " "$TMP/out"
expect_nomatch "escalate: 2 is not" "^TS2026-00002 " "$TMP/out"
expect_rc "escalate: another supervisor's" 0 as "$SUP2" "$CDESK" --db "$DB" list supervised --at "2026-07-08 12:00"
expect_nomatch "escalate: none for $SUP2" "^TS2026-0000" "$TMP/out"
expect_rc "escalate: the leadership queue" 0 c list escalated --at "2026-07-08 12:00"
expect_match "escalate: 2, the third dispatch" "^TS2026-00002 " "$TMP/out"
expect_nomatch "escalate: not 1, the second" "^TS2026-00001 " "$TMP/out"
expect_rc "escalate: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
expect_eq "escalate: 第三十五条(四), the supervised round late" \
	"late_supervised,TS2026-00001,医患关系协调办公室(投诉科),2026-07-01,2026-07-13,,57" \
	"$(csv_row late_supervised,TS2026-00001)"
expect_rc "escalate: report text" 0 c report quarterly 2026Q3 --at "2026-10-20 10:00"
expect_match "escalate: the item named" "^\(四\) +TS2026-00001 " "$TMP/out"

# ---- 18. the medical-dispute track (第十四、二十一、二十三条): each stage a step
# with its date; the report counts the period's cases by their latest stage
# by the end; the complainant's routes and rights print as a notice.
# 1: claims centre 07-10, mediation 08-20, settled 10-15 (after Q3: mediation
#    at the end of Q3); 2: claims centre 09-01; 3: none.
fresh dispute
for n in 1 2 3; do
	run add --at "2026-07-01 09:00" --channel visit --name 曹$n --phone 1370000013$n \
		--text "手术后感染，要求赔偿" --class important --depts MEDICAL --claim 50000
done
run dispute TS2026-00001 --stage claims-centre --ref "理赔(2026)31号" --at "2026-07-10 10:00"
run dispute TS2026-00001 --stage mediation --ref "医调委(2026)12号" --at "2026-08-20 10:00"
run dispute TS2026-00001 --stage settlement --paid 30000 --at "2026-10-15 10:00"
run dispute TS2026-00002 --stage claims-centre --at "2026-09-01 10:00"
$fixture_ok && ok "dispute: fixture"
expect_rc "dispute: --paid only at settlement" 2 c dispute TS2026-00003 --stage mediation --paid 10 --at "2026-09-02 10:00"
expect_rc "dispute: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
expect_eq "dispute: mediation at the end of Q3" "claims,dispute_mediation,1" "$(csv_row claims,dispute_mediation)"
expect_eq "dispute: the claims centre" "claims,dispute_claims-centre,1" "$(csv_row claims,dispute_claims-centre)"
expect_eq "dispute: not settled by then" "claims,dispute_settlement,0" "$(csv_row claims,dispute_settlement)"
expect_rc "dispute: show" 0 c show TS2026-00001
expect_match "dispute: the amount paid" "^claim +50000.00 yuan" "$TMP/out"
expect_rc "dispute: the routes and rights notice" 0 c print notice TS2026-00003 --output -
expect_match "dispute: its title" "医疗纠纷处理途径告知书" "$TMP/out"
expect_match "dispute: the mediation route" "医疗纠纷人民调解委员会" "$TMP/out"

# ---- 19. 第三十五条(三): a return whose reason was not accepted — the office
# sent the case back to the same department in the round. 1: OUTPATIENT
# returns 08-04, the office transfers it to OUTPATIENT again 08-05: listed.
# 2: OUTPATIENT returns 08-04, the office routes it to NURSING: the reason
# was accepted, not listed.
fresh returned
for n in 1 2; do
	complaint "2026-08-03 09:00" 严$n 1370000014$n "门诊挂号排队太久" OUTPATIENT
	run transfer TS2026-0000$n --lead OUTPATIENT --at "2026-08-03 10:00"
	run return TS2026-0000$n --dept OUTPATIENT --reason "不属本科" --at "2026-08-04 10:00"
done
run transfer TS2026-00001 --lead OUTPATIENT --note "属门诊部职责，请办理" --at "2026-08-05 10:00"
run transfer TS2026-00002 --lead NURSING --at "2026-08-05 10:00"
$fixture_ok && ok "returned: fixture"
expect_rc "returned: report 2026Q3" 0 c report quarterly 2026Q3 --format csv --at "2026-10-20 10:00"
expect_eq "returned: the refused return" "return_refused,TS2026-00001,门诊办,2026-08-03,2026-08-06,2026-08-04,0" \
	"$(csv_row return_refused,TS2026-00001)"
expect_eq "returned: an accepted return is not listed" "" "$(csv_row return_refused,TS2026-00002)"
expect_rc "returned: report text" 0 c report quarterly 2026Q3 --at "2026-10-20 10:00"
expect_match "returned: (三) named" "^\(三\) +TS2026-00001 +门诊办 " "$TMP/out"
