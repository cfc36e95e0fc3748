#!/bin/sh
# Confidentiality (SPEC §9, policy 12 item 10): a misconduct reporter's (举报人)
# and an anonymous complainant's identity is shown only to the roles of
# [privacy] identity_roles (officer and supervisor by default); everyone
# else sees "(confidential)" in show, list, search, print, export and the
# events' before/after, and a search by the protected phone or name finds
# nothing. Each disclosure is an identity-view event; an export holding
# identities says so in its first line and is mode 0600. A handler sees
# only the cases transferred to its departments.
# Needs real Unix users: as root (CI) only.
. tests/lib.sh
DB=$TMP/c.db
C() { "$CDESK" --db "$DB" "$@"; }
A() { who=$1; shift; as "$who" "$CDESK" --db "$DB" "$@"; }

if ! C init >/dev/null || ! staff "$DB"; then
	echo "ok - # SKIP not root (the roles need real Unix users)"
	exit 0
fi
step() { C "$@" >/dev/null 2>"$TMP/ferr" || notok "fixture: $*" "$(cat "$TMP/ferr")"; }
# TS2026-00001: a 举报 (kind report) by name, to MEDICAL; its phone corrected,
# so the old one is in an event's before. TS2026-00002: anonymous, with a
# phone, to NURSING. TS2026-00003: an ordinary complaint, to MEDICAL.
step add --channel phone --kind report --name 李举报 --phone 13911112222 \
	--id-number 110101199003071233 --address 北京市东城区某街1号 \
	--text "我叫李举报，举报内科医生手术前暗示收红包，请打13911113333联系我" --at "2026-07-01 09:00"
step correct TS2026-00001 --phone 13911113333 --reason 电话记错 --at "2026-07-01 09:05"
step transfer TS2026-00001 --lead MEDICAL --at "2026-07-01 10:00"
step add --channel visit --anonymous --phone 13733334444 \
	--text "护士态度很差，输液时打针多次失败" --at "2026-07-01 09:10"
step transfer TS2026-00002 --lead NURSING --at "2026-07-01 10:00"
step add --channel visit --name 王普通 --phone 13600001111 --text "门诊排队时间太长" \
	--at "2026-07-01 09:20"
step transfer TS2026-00003 --lead MEDICAL --at "2026-07-01 10:00"
# TS2026-00004: a simple 举报 with an approved reply, for the letter.
step add --channel letter --kind report --class simple --name 赵实名 --phone 13522223333 \
	--address 上海市黄浦区某路2号 --text "举报挂号窗口工作人员索要好处费" --at "2026-07-01 09:30"
step draft TS2026-00004 --text "您反映的问题已查实并处理。" --at "2026-07-01 11:00"
A "$SUP" approve TS2026-00004 --at "2026-07-01 12:00" >/dev/null || echo "not ok - fixture approve"
ID='李举报|李举|1391111|110101199003071233|北京市东城区|13733334444|赵实名|13522223333|上海市黄浦区'
views() { C export --events | grep -c 'identity-view'; }

# ---- a clerk: everything masked, nothing found by the protected phone or name ----
expect_rc "clerk: show of the 举报 case" 0 A "$CLERK" show TS2026-00001
cp "$TMP/out" "$TMP/show1"
expect_nomatch "clerk: show names no reporter" "$ID" "$TMP/show1"
expect_match "clerk: show says (confidential)" '^name +\(confidential\)' "$TMP/show1"
expect_match "clerk: the account's quote of the name and phone is cut out" \
	'^account +我叫\(confidential\)，举报内科医生手术前暗示收红包，请打\(confidential\)联系我' "$TMP/show1"
expect_match "clerk: the phone is (confidential)" '^phone +\(confidential\)' "$TMP/show1"
expect_match "clerk: the ID number is (confidential)" '^id number +\(confidential\)' "$TMP/show1"
expect_rc "clerk: show --json" 0 A "$CLERK" show TS2026-00001 --json
cp "$TMP/out" "$TMP/json1"
expect_nomatch "clerk: show --json and its events name no reporter" "$ID" "$TMP/json1"
expect_match "clerk: show --json marks identity_hidden" '"identity_hidden": true' "$TMP/json1"
expect_match "clerk: the corrected phone in the event is masked" \
	'"phone": "\(confidential\)"' "$TMP/json1"
expect_rc "clerk: show of the anonymous case" 0 A "$CLERK" show TS2026-00002 --json
expect_nomatch "clerk: the anonymous phone is not shown" "$ID" "$TMP/out"
expect_rc "clerk: list all" 0 A "$CLERK" list all
expect_nomatch "clerk: list names no protected complainant" "$ID" "$TMP/out"
expect_match "clerk: list shows the ordinary complainant" '王普通' "$TMP/out"
expect_rc "clerk: list --json" 0 A "$CLERK" list all --json
expect_nomatch "clerk: list --json names no protected complainant" "$ID" "$TMP/out"
for q in 13911113333 13911112222 13733334444 李举报 李举 1391111; do
	expect_rc "clerk: search $q" 0 A "$CLERK" search "$q" --json
	expect_eq "clerk: search $q finds nothing" "[]" "$(cat "$TMP/out")"
done
for q in 我叫李举报 请打1391111; do
	expect_rc "clerk: search $q (quoted in the account)" 0 A "$CLERK" search "$q" --json
	expect_eq "clerk: search $q finds nothing" "[]" "$(cat "$TMP/out")"
done
expect_rc "clerk: search by the account still finds the case" 0 A "$CLERK" search 收红包
expect_match "clerk: ... as TS2026-00001" 'TS2026-00001' "$TMP/out"
expect_nomatch "clerk: ... without the reporter" "$ID" "$TMP/out"
expect_rc "clerk: search 王普通 finds an ordinary case" 0 A "$CLERK" search 王普通
expect_match "clerk: ... TS2026-00003" 'TS2026-00003' "$TMP/out"
expect_rc "clerk: print form" 0 A "$CLERK" print form TS2026-00001 --output "$TMP/form-clerk.txt"
expect_nomatch "clerk: the printed form names no reporter" "$ID" "$TMP/form-clerk.txt"
expect_match "clerk: the printed form says （保密）" '（保密）' "$TMP/form-clerk.txt"
expect_rc "clerk: print letter" 0 A "$CLERK" print letter TS2026-00004 --output "$TMP/l-clerk.txt"
expect_nomatch "clerk: the letter names no reporter" "$ID" "$TMP/l-clerk.txt"
expect_match "clerk: ... and is still the letter" '您反映的问题已查实并处理' "$TMP/l-clerk.txt"
expect_rc "clerk: export refused" 4 A "$CLERK" export
expect_nomatch "clerk: ... with no identity on its output" "$ID" "$TMP/out"
expect_rc "clerk: digest refused" 4 A "$CLERK" digest
expect_nomatch "clerk: ... with no identity on its output" "$ID" "$TMP/out"
expect_eq "clerk: no identity-view event for masked views" 0 "$(views)"
expect_rc "clerk: user list is open to a clerk" 0 A "$CLERK" user list

# ---- a handler of NURSING: its department's cases only, masked ----
expect_rc "handler: show of a MEDICAL-only case refused" 4 A "$NURSE" show TS2026-00003
expect_match "handler: ... naming why" 'never transferred to NURSING' "$TMP/err"
expect_rc "handler: show of the MEDICAL 举报 case refused" 4 A "$NURSE" show TS2026-00001
expect_nomatch "handler: ... with no identity" "$ID" "$TMP/out"
expect_rc "handler: show of its NURSING anonymous case" 0 A "$NURSE" show TS2026-00002
expect_nomatch "handler: ... masked" "$ID" "$TMP/out"
expect_match "handler: ... phone (confidential)" '^phone +\(confidential\)' "$TMP/out"
expect_rc "handler: list all" 0 A "$NURSE" list all
expect_match "handler: list holds its NURSING case" 'TS2026-00002' "$TMP/out"
expect_nomatch "handler: list holds no other case" 'TS2026-0000[134]' "$TMP/out"
expect_nomatch "handler: list names no protected complainant" "$ID" "$TMP/out"
expect_rc "handler: list dept:MEDICAL" 0 A "$NURSE" list dept:MEDICAL
expect_eq "handler: ... is empty" "" "$(cat "$TMP/out")"
for q in 13911113333 13733334444 李举报 王普通 TS2026-00003 收红包; do
	expect_rc "handler: search $q" 0 A "$NURSE" search "$q" --json
	expect_eq "handler: search $q finds nothing" "[]" "$(cat "$TMP/out")"
done
expect_rc "handler: search by its case's account" 0 A "$NURSE" search 打针多次失败
expect_match "handler: ... finds TS2026-00002" 'TS2026-00002' "$TMP/out"
expect_rc "handler: export refused" 4 A "$NURSE" export
expect_rc "handler: print refused" 4 A "$NURSE" print form TS2026-00002 --output "$TMP/f-n.txt"
expect_rc "handler: digest refused" 4 A "$NURSE" digest
expect_rc "handler: user list is open to a handler" 0 A "$NURSE" user list

# ---- the admin is not an identity role by default ----
expect_rc "admin: show" 0 C show TS2026-00001
expect_nomatch "admin: show names no reporter" "$ID" "$TMP/out"
expect_rc "admin: export --output" 0 C export --output "$TMP/admin.csv"
expect_nomatch "admin: the export names no reporter" "$ID" "$TMP/admin.csv"
expect_nomatch "admin: ... and has no CONFIDENTIAL line" '^# CONFIDENTIAL' "$TMP/admin.csv"
expect_rc "admin: export --events" 0 C export --events
expect_nomatch "admin: the events export names no reporter" "$ID" "$TMP/out"
expect_eq "admin: still no identity-view event" 0 "$(views)"

# ---- an officer and a supervisor see it, and each view is recorded ----
expect_rc "officer: show" 0 A "$OFFICER" show TS2026-00001
expect_match "officer: sees the reporter's name" '^name +李举报' "$TMP/out"
expect_match "officer: ... and phone" '^phone +13911113333' "$TMP/out"
expect_eq "officer: one identity-view event for one show" 1 "$(views)"
C show TS2026-00001 --json >"$TMP/adminjson"
expect_match "the event says who viewed it" "identity viewed by $OFFICER \\(show\\)" "$TMP/adminjson"
expect_rc "supervisor: show --json of the anonymous case" 0 A "$SUP" show TS2026-00002 --json
expect_match "supervisor: sees the anonymous phone" '"phone": "13733334444"' "$TMP/out"
expect_eq "supervisor: its view recorded" 2 "$(views)"
expect_rc "officer: show of an ordinary case" 0 A "$OFFICER" show TS2026-00003
expect_eq "officer: an ordinary case's view is not recorded" 2 "$(views)"
expect_rc "officer: search by the protected phone" 0 A "$OFFICER" search 13911113333
expect_match "officer: ... finds it" 'TS2026-00001' "$TMP/out"
expect_rc "officer: print form" 0 A "$OFFICER" print form TS2026-00001 --output "$TMP/form-o.txt"
expect_match "officer: the form names the reporter" '李举报' "$TMP/form-o.txt"
expect_eq "officer: the printed form recorded" 3 "$(views)"
expect_eq "officer: the printed form's file is mode 0600" 600 "$(stat -c %a "$TMP/form-o.txt")"
expect_rc "officer: digest" 0 A "$OFFICER" digest --json
expect_nomatch "officer: the digest carries no identity at all" "$ID" "$TMP/out"
expect_rc "officer: a step after the views, dated earlier by --at" 0 \
	A "$OFFICER" pause TS2026-00003 --reason 等待材料 --at "2026-07-01 11:00"
( umask 022; A "$OFFICER" export --output "$TMP/o.csv" >"$TMP/out" 2>"$TMP/err" )
expect_eq "officer: export exit" 0 $?
expect_match "officer: the export's first line says it holds identities" \
	'^# CONFIDENTIAL: holds the protected identity of 3 complainants' "$TMP/o.csv"
head -1 "$TMP/o.csv" >"$TMP/first"
expect_match "officer: ... on line 1" '^# CONFIDENTIAL' "$TMP/first"
expect_match "officer: the export holds the reporter" '李举报' "$TMP/o.csv"
expect_eq "officer: the export is mode 0600" 600 "$(stat -c %a "$TMP/o.csv")"
expect_eq "officer: one event for the export" 4 "$(views)"
C export --events | grep identity-view | tail -1 >"$TMP/last"
expect_match "officer: ... listing the protected cases" 'TS2026-00001.*TS2026-00002.*TS2026-00004' "$TMP/last"
expect_rc "officer: print letter" 0 A "$OFFICER" print letter TS2026-00004 --output "$TMP/l-o.txt"
expect_match "officer: the letter is addressed to the reporter" '赵实名' "$TMP/l-o.txt"
expect_eq "officer: the printed letter is one identity-view event" 5 "$(views)"
C show TS2026-00004 --json >"$TMP/j4"
expect_match "... named print letter" "identity viewed by $OFFICER \\(print letter\\)" "$TMP/j4"
"$CDESK" --db "$TMP/back.db" init >/dev/null
expect_rc "the marked export imports back" 0 "$CDESK" --db "$TMP/back.db" import "$TMP/o.csv"
expect_rc "... with the cases as they were" 0 "$CDESK" --db "$TMP/back.db" show TS2026-00003
"$CDESK" --db "$TMP/back2.db" init >/dev/null
expect_rc "a masked export does not import back" 7 "$CDESK" --db "$TMP/back2.db" import "$TMP/admin.csv"
expect_match "... naming the line, the field and why" \
	"line 2, field 'name': '\\(confidential\\)' is the mask of a protected identity" "$TMP/err"
expect_rc "the marker is no name for cdesk add" 2 C add --channel visit --name "（保密）" \
	--text "门诊排队时间太长"
expect_rc "the views keep the event chain whole (cdesk check)" 0 C check

# ---- [privacy] identity_roles ----
printf '[privacy]\nidentity_roles = officer\n' >"$TMP/officer.ini"
chmod 0644 "$TMP/officer.ini"
expect_rc "identity_roles = officer: supervisor show" 0 \
	as "$SUP" "$CDESK" --config "$TMP/officer.ini" --db "$DB" show TS2026-00002
expect_nomatch "identity_roles = officer: the supervisor sees no identity" "$ID" "$TMP/out"
printf '[privacy]\nidentity_roles = clerk, admin\n' >"$TMP/clerk.ini"
expect_rc "identity_roles = clerk, admin: admin show" 0 \
	"$CDESK" --config "$TMP/clerk.ini" --db "$DB" show TS2026-00001
expect_match "identity_roles = clerk, admin: the admin sees it" '李举报' "$TMP/out"
printf '[privacy]\nidentity_roles = officer, boss\n' >"$TMP/bad.ini"
expect_rc "identity_roles with an unknown role refused" 7 \
	"$CDESK" --config "$TMP/bad.ini" --db "$DB" show TS2026-00001
expect_match "... naming the file, line, key and word" \
	"bad.ini:2: \\[privacy\\] identity_roles: 'boss' is not a role" "$TMP/err"
