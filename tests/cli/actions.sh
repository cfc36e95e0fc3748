#!/bin/sh
# The table of case actions from the command line: every action is a command
# whose usage comes from its parameters; the contact log, notes and
# corrections; a step on a stale version is a conflict (exit 6) that changes
# nothing.
. tests/lib.sh
DB="$TMP/a.db"
C() { "$CDESK" --db "$DB" "$@"; }
C init >/dev/null
C add --channel visit --name 王芳 --phone 13912345678 --relation 女儿 --patient 王建国 \
	--text "护士态度很差，收费处还多收了钱" --demand "道歉并退费" --at "2026-07-03 09:15" >/dev/null
N=TS2026-00001

# Every action of the table is a command with a usage line, listed by --help.
"$CDESK" --help >"$TMP/help"
for a in transfer return feedback draft approve refuse reply callback close reject merge \
	pause resume reopen review reclass attach note contact correct tell conclude rectified supervise dispute; do
	expect_rc "$a --help" 0 C "$a" --help
	expect_match "$a usage names the number" "^usage: cdesk $a NUMBER .*--if-version N" "$TMP/out"
	expect_match "$a is listed by cdesk --help" "^  $a +[a-z]" "$TMP/help"
done
C close --help >"$TMP/out"
expect_match "close usage: finding codes from the vocabulary" '--finding substantiated\|partly\|not' "$TMP/out"
expect_match "close usage: the basis as exclusive flags" '\[--on-spot \| --unreasonable\]' "$TMP/out"
expect_rc "a required option is named" 2 C contact $N --method phone --text x
expect_match "says which" "direction is required" "$TMP/err"
expect_rc "an unknown choice lists the valid ones" 2 C contact $N --method fax --direction in --text x
expect_match "lists them" "phone, visit, message, letter" "$TMP/err"

# ---- the contact log (接待记录) and notes ----
expect_rc "contact" 0 C contact $N --method phone --direction out --with 王芳 \
	--text "告知已转护理部调查，五个工作日内答复" --at "2026-07-03 10:00"
expect_match "contact done" "^$N: contact logged, registered" "$TMP/out"
expect_rc "note" 0 C note $N --text "投诉人下午可能再来" --at "2026-07-03 10:05"
C show $N --json >"$TMP/show.json"
expect_match "the contact is an event" '"action": "contact"' "$TMP/show.json"
expect_match "with how and who" '"method": "phone"' "$TMP/show.json"
expect_match "what was said" '告知已转护理部调查' "$TMP/show.json"
expect_match "the note is an event" '投诉人下午可能再来' "$TMP/show.json"
C show $N >"$TMP/show.txt"
expect_match "show lists the contact on the timeline" 'contact' "$TMP/show.txt"

# ---- correcting a registered field ----
expect_rc "correct needs a reason" 2 C correct $N --phone 13912345679
expect_rc "correct needs a field" 2 C correct $N --reason "登记有误"
expect_rc "correct a bad phone refused" 2 C correct $N --phone 12a --reason "登记有误"
expect_rc "correct the same value refused" 2 C correct $N --phone 13912345678 --reason "同"
expect_match "says nothing changes" "nothing to correct" "$TMP/err"
expect_rc "correct" 0 C correct $N --phone 13912345679 --patient 王建民 --reason "登记时听错" \
	--at "2026-07-03 10:10"
C show $N --json >"$TMP/show.json"
expect_match "the phone is corrected" '^  "phone": "13912345679"' "$TMP/show.json"
expect_match "the patient is corrected" '^  "patient_name": "王建民"' "$TMP/show.json"
tr -d '\n ' <"$TMP/show.json" >"$TMP/flat.json"
expect_match "the event keeps the phone before" '"action":"correct".*"before":\{[^}]*"phone":"13912345678"' "$TMP/flat.json"
expect_match "and after" '"action":"correct".*"after":\{[^}]*"phone":"13912345679"' "$TMP/flat.json"
expect_match "and the reason" '"note":"登记时听错"' "$TMP/flat.json"
expect_rc "search finds the corrected patient" 0 C search 王建民
expect_match "found" "$N" "$TMP/out"
expect_rc "the chain still verifies" 0 C check

# ---- optimistic concurrency: the version the user saw ----
V=$(sed -n 's/^  "version": \([0-9]*\),*/\1/p' "$TMP/show.json")
expect_rc "a step on the version seen" 0 C transfer $N --lead NURSING --if-version "$V" --at "2026-07-03 11:00"
sqlite3 "$DB" "SELECT version, (SELECT count(*) FROM events) FROM cases WHERE number = '$N'" >"$TMP/before"
expect_rc "a step on a stale version is a conflict" 6 C transfer $N --co BILLING --if-version "$V" --at "2026-07-03 11:05"
expect_match "says who changed it" "changed by someone else.*last step: transfer by" "$TMP/err"
sqlite3 "$DB" "SELECT version, (SELECT count(*) FROM events) FROM cases WHERE number = '$N'" >"$TMP/after"
if cmp -s "$TMP/before" "$TMP/after"; then ok "the conflict changed nothing"; else notok "the conflict changed nothing"; fi
expect_rc "--if-version must be a number" 2 C note $N --text x --if-version abc

# "Now" is read once the write lock is held: a step that waited for another
# terminal's transaction is dated after that terminal's step, not refused as
# "before the case's last step".
N2=$(C add --channel phone --name 李雷 --phone 13800001111 --text "门诊排队太久" | head -1)
printf "BEGIN IMMEDIATE;\nINSERT INTO events (case_id, round, actor, at, recorded, action, note, hash) SELECT id, 1, 'other', datetime('now', 'localtime', '+2 seconds'), datetime('now', 'localtime'), 'note', 'another terminal', '' FROM cases WHERE number = '%s';\n.shell sleep 3\nCOMMIT;\n" "$N2" |
	sqlite3 "$DB" >/dev/null 2>&1 &
sleep 0.5
expect_rc "a step that waited for the lock is dated after it" 0 C note "$N2" --text "等锁后记录"
wait
