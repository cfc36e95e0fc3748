#!/bin/sh
# Confidentiality in the full-screen interface (SPEC §9): a clerk's queue and
# case screen show （保密） for a misconduct reporter, and its search by the
# reporter's phone finds nothing; an officer's case screen shows the name,
# and opening it is one identity-view event. Real Unix users: as root only.
. tests/lib.sh
. tests/tui/tmux.inc

# (the report is filed as general, so that it keeps the queue's first row:
# the rules now raise a named 举报 to important, due later)
DB="$TMP/conf.db"
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --channel phone --kind report --class general --name 李举报 --phone 13911112222 \
	--text "举报内科医生手术前暗示收红包" >/dev/null
"$CDESK" --db "$DB" add --channel visit --name 王普通 --phone 13600001111 \
	--text "门诊排队时间太长" >/dev/null
"$CDESK" --db "$DB" add --channel visit --anonymous --phone 13733334444 \
	--text "护士态度很差，输液时打针多次失败" >/dev/null
N=TS$(date +%Y)-00001
N3=TS$(date +%Y)-00003
"$CDESK" --db "$DB" transfer "$N3" --lead NURSING >/dev/null
staff "$DB" || { echo "ok - # SKIP not root (the roles need real Unix users)"; exit 0; }
views() { "$CDESK" --db "$DB" export --events | grep -c 'identity-view'; }

# as_start_zh LOGIN: as_start in Chinese, 110 columns wide.
as_start_zh() { as_start "$1" zh_CN.UTF-8 110; }
no_name() {
	if screen_text | grep -Eq '李举报|13911112222|13733334444'; then
		notok "$1" "the screen shows the reporter:" "$(screen_text | grep -E '李举报|13911112222|13733334444')"
	else ok "$1"; fi
}

as_start_zh "$CLERK"
check "the clerk's queue shows the ordinary complainant" '王普通'
check "the clerk's queue shows （保密） for the reporter" "$N.*（保密）"
no_name "the clerk's queue names no reporter"
keys Enter
check "the clerk opens the case" "$N"
check "the clerk's case screen shows （保密）" '投诉人: （保密）'
no_name "the clerk's case screen names no reporter"
keys F10
wait_exit >/dev/null
expect_eq "the clerk's masked view is not an identity-view event" 0 "$(views)"

as_start_zh "$OFFICER"
check "the officer's queue names the reporter" "$N.*李举报"
keys Enter
check "the officer's case screen names the reporter" '投诉人: 李举报'
keys F10
wait_exit >/dev/null
expect_eq "the officer's opening is one identity-view event" 1 "$(views)"

# A handler of NURSING: its queues hold only the case transferred to NURSING.
as_start_zh "$NURSE"
check "the handler's top line shows its role" "$NURSE"
check "the handler's New queue is empty: the new cases were never transferred to NURSING" \
	'此处没有案件'
screen_text >"$TMP/screen"
tries=0
while ! grep -q "$N3" "$TMP/screen" && [ $tries -lt 25 ]; do
	keys Right; sleep 0.1; screen_text >"$TMP/screen"; tries=$((tries + 1))
done
expect_match "a handler's queue holds its department's case" "$N3" "$TMP/screen"
expect_nomatch "... and no other" "TS[0-9]{4}-0000[12]" "$TMP/screen"
no_name "the handler's queue names no complainant of a protected case"
keys F10
wait_exit >/dev/null
