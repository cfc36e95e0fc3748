#!/bin/sh
# The alerts of every screen (第二十一条, policy 12 三次派单): an open
# medical-safety risk nobody acknowledged is a banner under the top line
# naming its number, F12 or ! opens it, and acknowledging it (an action,
# here or in another terminal) takes the banner away; a third dispatch is a
# notice on the top line until the case is opened or acknowledged. The
# office and its leadership see them, a clerk does not.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/alerts.db"
c init >/dev/null
Y=$(date +%Y)
c add --channel phone --name 甲 --phone 13700000001 --text "停车场收费太贵" --class simple >/dev/null
c add --channel phone --name 乙 --phone 13700000002 --text "手术后纱布遗留体内" --flags safety >/dev/null
c add --channel phone --name 丙 --phone 13700000003 --text "输错药了" --flags safety >/dev/null
S1=TS$Y-00002 S2=TS$Y-00003
events() { sqlite3 "$DB" "SELECT count(*) FROM events WHERE action = 'acknowledge'"; }

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the safety banner names both cases" \
	"^ ! Medical-safety risk not acknowledged: $S1, $S2 — F12 or ! opens it"
if screen_text | sed -n 2p | grep -q 'Medical-safety risk'; then ok "the banner is line 2, under the top line"
else notok "the banner is line 2, under the top line" "$(screen_text | head -4)"; fi
if screen_text | sed -n 3p | grep -q '^Queue '; then ok "the queue starts a line lower"
else notok "the queue starts a line lower" "$(screen_text | head -4)"; fi
keys '!'
check "! opens the first safety case" "^ $S1 +registered"
check "the banner stays on the case screen" "Medical-safety risk not acknowledged: $S1, $S2"
# acknowledge is the menu's last entry (13 of 13 for a registered case)
keys a
check "the menu offers Acknowledge" '│ *13 Acknowledge the alert'
keys End Enter
check "its note is optional" 'Note \(optional\)'
keys Enter
check "acknowledged" "$S1: done \\(Acknowledge the alert"
check "the banner now names only the other" "not acknowledged: $S2 —"
not_shown "the acknowledged case is off the banner" "acknowledged: $S1"
expect_eq "one acknowledge event" 1 "$(events)"
# Acknowledged, the menu agrees with the core's refusal (exit 5, "already
# acknowledged"): it no longer offers it (12 entries).
keys a
check "the menu again" '│ *12 '
not_shown "acknowledged, the menu no longer offers Acknowledge" 'Acknowledge the alert'
keys Escape
expect_rc "the command line refuses it too" 5 c acknowledge "$S1"
expect_eq "recorded with who" root "$(sqlite3 "$DB" "SELECT actor FROM events WHERE action = 'acknowledge'")"
keys F12
check "F12 opens the one left" "^ $S2 +registered"
# another terminal acknowledges: this one reads the database on its next refresh
c acknowledge "$S2" --note "已通知医务部" >/dev/null
n=0
while screen_text | grep -q 'Medical-safety risk' && [ $n -lt 80 ]; do sleep 0.1; n=$((n + 1)); done
not_shown "another terminal's acknowledgement takes the banner away (within 8 s)" 'Medical-safety risk'
if screen_text | sed -n 2p | grep -q "^ $S2 "; then ok "the case screen takes line 2 back"
else notok "the case screen takes line 2 back" "$(screen_text | head -3)"; fi
keys F12
check "F12 with nothing waiting says so" 'No alert waits'
keys q q q
expect_eq "q three times quits (two cases opened)" 0 "$(wait_exit)"

staff "$DB" || { echo "ok - # SKIP not root (the escalation needs real Unix users)"; exit 0; }
# A new risk: a clerk is not shown it, an officer is.
c add --channel phone --name 丁 --phone 13700000004 --text "用错血型" --flags safety >/dev/null
S3=TS$Y-00004
share_db "$DB"
as_start "$CLERK"
check "the clerk's queue" "$CLERK \\(clerk\\)"
not_shown "a clerk is not shown the banner" 'Medical-safety risk'
keys F10
as_start "$OFFICER"
check "an officer is shown it" "not acknowledged: $S3 —"
keys F10

# The third dispatch of case 1 (simple: one approval, the office head's, a
# supervisor's):
# unsatisfied twice, so round 3, escalated.
N=TS$Y-00001
for r in 1 2 3; do
	c transfer "$N" --lead LOGISTICS >/dev/null
	c feedback "$N" --dept LOGISTICS --text "已处理" >/dev/null
	c draft "$N" --text "答复" >/dev/null
	as "$SUP" "$CDESK" --db "$DB" approve "$N" >/dev/null
	c reply "$N" --method phone >/dev/null
	[ $r -lt 3 ] && c callback "$N" --result unsatisfied >/dev/null
done
c acknowledge "$S3" >/dev/null
expect_eq "case 1 is in round 3, escalated" "3 1" \
	"$(sqlite3 "$DB" "SELECT round || ' ' || escalated FROM cases WHERE number = '$N'")"
share_db "$DB"
as_start "$SUP"
check "the supervisor's top line notes the third dispatch" " Third dispatch: $N \\(F12\\) *$"
not_shown "no safety banner (acknowledged)" 'Medical-safety risk'
keys F12
check "F12 opens it" "^ $N +.*round 3"
not_shown "opened, the notice goes" '^ .*│.*Third dispatch'
keys F10
as_start "$OFFICER"
check "another user still has the notice" "Third dispatch: $N"
keys F10
expect_rc "the officer acknowledges it" 0 as "$OFFICER" "$CDESK" --db "$DB" acknowledge "$N"
expect_rc "twice is refused" 5 c acknowledge "$N"
as_start "$OFFICER"
check "the queue again" "$OFFICER \\(officer\\)"
not_shown "acknowledged, the notice is gone" '^ .*│.*Third dispatch'
keys F10
