#!/bin/sh
# The life of a case (SPEC §2) walked from the command line, and bad input
# for every command: each refused with the right exit code and no change.
. tests/lib.sh
DB="$TMP/cases.db"
C() { "$CDESK" --db "$DB" "$@"; }

# A snapshot of everything a refused command must leave alone.
# (sqlite3 rather than cdesk show: the sanitizer build starts slowly.) Every
# change bumps the case's version and adds an event.
snap() { sqlite3 "$DB" "SELECT * FROM cases WHERE number = '$1'; SELECT count(*), max(id)
	FROM events; SELECT count(*) FROM cases; SELECT * FROM transfers; SELECT * FROM drafts;
	SELECT count(*) FROM approvals; SELECT count(*) FROM materials" >"$TMP/snap.$2"; }
# unchanged NAME NUMBER CODE CMD...: the command exits CODE and the case is as it was.
unchanged() {
	name=$1; num=$2; code=$3; shift 3
	snap "$num" before
	expect_rc "$name: exit $code" "$code" "$@"
	expect_match "$name: says why" "cdesk: ." "$TMP/err"
	snap "$num" after
	if cmp -s "$TMP/snap.before" "$TMP/snap.after"; then ok "$name: no change"; else
		notok "$name: no change" "$(diff "$TMP/snap.before" "$TMP/snap.after" | head -5)"; fi
}

# ---- the database file ----
expect_rc "show before init: not found" 3 C show TS2026-00001
expect_match "says to run init" "cdesk init" "$TMP/err"
expect_rc "init" 0 C init
expect_match "init names the file" "created .*cases.db" "$TMP/out"
expect_eq "mode 0660" "660" "$(stat -c %a "$DB")"
expect_rc "init again refused" 6 C init
# The approvals are other people's (SPEC §9): real users, as root.
staff "$DB" || echo "not ok - the approvals need other Unix users: run as root"
A() { who=$1; shift; as "$who" "$CDESK" --db "$DB" "$@"; }
echo "not a database at all, just text" >"$TMP/text.db"
expect_rc "foreign file refused" 7 "$CDESK" --db "$TMP/text.db" list all
expect_match "foreign file message" "not a cdesk database" "$TMP/err"
CDESK_DB="$DB" "$CDESK" list all >"$TMP/out" 2>"$TMP/err"
expect_eq "CDESK_DB is used" 0 $?

# ---- add: the contract other programs rely on ----
expect_rc "add" 0 C add --channel visit --name 张三 --phone 13800000000 \
	--text "护士态度很差，输液时打针多次失败" --claim 12000 --unit 心内科 --at "2026-07-03 09:15"
expect_eq "add prints the number first" "TS2026-00001" "$(head -1 "$TMP/out")"
N=TS2026-00001
expect_rc "add --json" 0 C add --json --channel phone --name 李四 --text "门诊挂号排队两个小时" \
	--at "2026-07-03 10:00"
expect_match "add --json number" '^  "number": "TS2026-00002"' "$TMP/out"
printf '{"channel":"letter","name":"王五","phone":"13912345678","text":"食堂饭菜不卫生，吃了拉肚子","claim":"300.5","depts":["LOGISTICS"]}' |
	C add --json-in --at "2026-07-03 11:00" >"$TMP/out" 2>"$TMP/err"
expect_eq "add JSON on stdin" 0 $?
expect_eq "add JSON number" "TS2026-00003" "$(head -1 "$TMP/out")"
printf '{"channel":"web","anonymous":true,"text":"保安打人"}' | C add - --at "2026-07-03 11:30" >"$TMP/out" 2>"$TMP/err"
expect_eq "add - reads JSON" 0 $?
expect_rc "show JSON-added case" 0 C show TS2026-00003 --json
expect_match "JSON claim in fen" '^  "claim_fen": 30050' "$TMP/out"
expect_match "override recorded" '"depts": \[' "$TMP/out"

expect_rc "show --json" 0 C show $N --json
for k in number status class dept depts due round flags events; do
	expect_match "show --json has $k" "^  \"$k\": " "$TMP/out"
done
expect_match "show status" '^  "status": "registered"' "$TMP/out"
expect_match "show due date" '^  "due": "2026-07-10"' "$TMP/out"
expect_match "show flags claim" '"claim"' "$TMP/out"
expect_rc "show text" 0 C show $N
expect_match "show text timeline" "^timeline" "$TMP/out"

# ---- bad input for add: exit code and nothing registered ----
add_bad() {
	name=$1; code=$2; shift 2
	before=$(sqlite3 "$DB" "SELECT count(*) FROM cases")
	expect_rc "add $name" "$code" C add "$@"
	expect_eq "add $name: nothing added" "$before" "$(sqlite3 "$DB" "SELECT count(*) FROM cases")"
}
add_bad "negative claim" 2 --channel visit --name 张三 --text "医生态度差" --claim -5
add_bad "malformed claim" 2 --channel visit --name 张三 --text "医生态度差" --claim 12abc
add_bad "no channel" 2 --name 张三 --text "医生态度差"
add_bad "unknown channel" 2 --channel fax --name 张三 --text "医生态度差"
add_bad "no text" 2 --channel visit --name 张三
add_bad "invalid UTF-8" 2 --channel visit --name 张三 --text "$(printf 'bad \377\376 text')"
add_bad "escape sequence" 2 --channel visit --name 张三 --text "$(printf 'red \033[31m text')"
add_bad "escape in name" 2 --channel visit --name "$(printf '\033]0;x\007')" --text "医生态度差"
add_bad "oversize text" 2 --channel visit --name 张三 --text "$(head -c 20001 /dev/zero | tr '\0' x)"
add_bad "30 February visit" 2 --channel visit --name 张三 --text "医生态度差" --visit-date 2026-02-30
add_bad "malformed --at" 2 --channel visit --name 张三 --text "医生态度差" --at 2026-13-01
add_bad "30 February --at" 2 --channel visit --name 张三 --text "医生态度差" --at "2026-02-30 09:00"
add_bad "future --at" 2 --channel visit --name 张三 --text "医生态度差" --at "2099-01-05 09:00"
add_bad "unknown unit" 3 --channel visit --name 张三 --text "医生态度差" --unit 火星科
add_bad "unknown dept" 3 --channel visit --name 张三 --text "医生态度差" --depts NOSUCH
add_bad "bad JSON" 2 --json-in </dev/null
printf '{"channel":"visit","text":"x","bogus":1}' >"$TMP/bad.json"
add_bad "unknown JSON key" 2 - <"$TMP/bad.json"
expect_match "unknown JSON key named" "bogus" "$TMP/err"
# jansson reads a JSON number with a fraction as a double: refused for money
printf '{"channel":"visit","name":"张三","text":"医生态度差","claim":300.5}' >"$TMP/bad.json"
add_bad "JSON real claim" 2 - <"$TMP/bad.json"
expect_match "JSON real claim says how" 'claim.*string of yuan' "$TMP/err"
printf '{"channel":"visit","name":"张三","text":"医生态度差","claim":12.345}' >"$TMP/bad.json"
add_bad "JSON real claim not rounded" 2 - <"$TMP/bad.json"

# ---- the life of a case ----
expect_rc "transfer lead+co" 0 C transfer $N --lead NURSING --co 医务部 --note "请核实" --at "2026-07-03 10:00"
expect_match "routed" "routed" "$TMP/out"
expect_rc "return by MEDICAL" 0 C return $N --dept MEDICAL --reason "不属于医务部职责" --at "2026-07-04 10:00"
unchanged "draft before feedback" $N 5 C draft $N --text "太早" --at "2026-07-06 09:00"
expect_match "draft refusal says why" "waiting for written feedback" "$TMP/err"
expect_rc "feedback" 0 C feedback $N --dept NURSING --text "已调查，涉事护士已批评教育" --at "2026-07-06 10:00"
expect_match "status feedback" ", feedback," "$TMP/out"
printf '您好：经调查核实……\n此复。\n' | C draft $N --text - --at "2026-07-06 11:00" >"$TMP/out" 2>"$TMP/err"
expect_eq "draft from stdin" 0 $?
unchanged "reply before approval" $N 5 C reply $N --method letter --at "2026-07-06 12:00"
expect_rc "approve 1" 0 A "$OFFICER" approve $N --at "2026-07-06 13:00"
expect_rc "refuse" 0 A "$SUP" refuse $N --note "措辞需修改" --at "2026-07-06 14:00"
expect_match "refused draft goes back" ", feedback," "$TMP/out"
expect_rc "draft v2" 0 C draft $N --text "您好：经调查核实，修改稿。" --at "2026-07-06 15:00"
expect_rc "approve 1 again" 0 A "$OFFICER" approve $N --at "2026-07-06 16:00"
expect_rc "approve 2" 0 A "$SUP" approve $N --at "2026-07-06 17:00"
expect_match "approved" ", approved," "$TMP/out"
expect_rc "reply" 0 C reply $N --method letter --at "2026-07-07 09:00"
unchanged "close before callback" $N 5 C close $N --finding partly --at "2026-07-07 10:00"
expect_rc "callback unsatisfied" 0 C callback $N --result unsatisfied --note "不满意" --at "2026-07-08 09:00"
expect_match "second dispatch" "registered, round 2" "$TMP/out"
expect_rc "round 2 transfer" 0 C transfer $N --lead 护理部 --at "2026-07-08 10:00"
expect_rc "pause" 0 C pause $N --reason "等待患者提供病历" --at "2026-07-08 11:00"
unchanged "feedback while paused" $N 5 C feedback $N --dept NURSING --text x --at "2026-07-09 09:00"
expect_rc "resume" 0 C resume $N --at "2026-07-13 09:00"
expect_rc "show after resume" 0 C show $N --json
expect_match "three working days paused" '^  "paused_days": 3' "$TMP/out"
expect_match "reply due moved by 3" '^  "due": "2026-07-20"' "$TMP/out"
expect_rc "feedback 2" 0 C feedback $N --dept NURSING --text "再次调查" --at "2026-07-14 10:00"
expect_rc "draft 3" 0 C draft $N --text "再次答复" --at "2026-07-14 11:00"
A "$OFFICER" approve $N --at "2026-07-14 12:00" >/dev/null 2>&1
A "$SUP" approve $N --at "2026-07-14 13:00" >/dev/null 2>&1
expect_rc "reply 2 by phone" 0 C reply $N --method phone --at "2026-07-15 09:00"
# round 1 was answered by letter: that written reply counts for close --unreasonable
# in round 2 too (issue 11); tests/cli/accountability.sh checks both ways
expect_rc "callback basic" 0 C callback $N --result basic --at "2026-07-16 09:00"
expect_rc "close" 0 C close $N --finding partly --paid 500 --at "2026-07-16 10:00"
expect_match "closed" ", closed," "$TMP/out"
unchanged "transfer a closed case" $N 5 C transfer $N --lead NURSING --at "2026-07-17 09:00"
expect_match "closed refusal says reopen" "reopen" "$TMP/err"
expect_rc "review" 0 C review $N --reason "申请复核" --at "2026-07-20 09:00"
expect_rc "show review" 0 C show $N --json
expect_match "in review" '^  "in_review": true' "$TMP/out"
expect_match "review due" '^  "due": "2026-08-03"' "$TMP/out"
expect_rc "attach" 0 C attach $N --desc "复核申请书" --path /srv/scan/review.pdf --at "2026-07-20 09:05"
expect_rc "reclass" 0 C reclass TS2026-00002 --class important --reason "多次投诉" --at "2026-07-03 12:00"
expect_rc "show reclass" 0 C show TS2026-00002 --json
expect_match "reclass moves due" '^  "due": "2026-07-17"' "$TMP/out"

# on the spot, not accepted, merged, reopened
expect_rc "close on the spot" 0 C close TS2026-00004 --finding not --on-spot --at "2026-07-03 12:00"
expect_rc "reopen" 0 C reopen TS2026-00004 --reason "又来投诉" --at "2026-07-06 09:00"
expect_match "reopen round 2" "round 2" "$TMP/out"
C add --channel phone --name 张三 --phone 13800000000 --text "护士态度差，重复投诉" --at "2026-07-03 13:00" >/dev/null
C add --channel visit --name 赵六 --text "已经向法院起诉了医院" --at "2026-07-03 14:00" >/dev/null
expect_rc "merge" 0 C merge TS2026-00005 --into TS2026-00001 --at "2026-07-03 15:00"
expect_match "merged" ", merged," "$TMP/out"
expect_rc "reject" 0 C reject TS2026-00006 --reason court --note "已起诉" --at "2026-07-03 15:00"
unchanged "merge into a merged case" TS2026-00002 5 C merge TS2026-00002 --into TS2026-00005 --at "2026-07-03 16:00"
unchanged "merge into itself" TS2026-00002 2 C merge TS2026-00002 --into TS2026-00002 --at "2026-07-03 16:00"
unchanged "reopen an open case" TS2026-00002 5 C reopen TS2026-00002 --reason x --at "2026-07-03 16:00"
unchanged "resume an unpaused case" TS2026-00002 5 C resume TS2026-00002 --at "2026-07-03 16:00"

# ---- bad input for each action ----
M=TS2026-00002
for spec in "transfer --lead NURSING" "return --dept NURSING --reason x" \
	"feedback --dept NURSING --text x" "draft --text x" "approve" "reply --method letter" \
	"callback --result basic" "close --finding not" "reject --reason court" \
	"merge --into $M" "pause --reason x" "resume" "reopen --reason x" "review --reason x" \
	"reclass --class simple" "attach --desc x" "show"; do
	set -- $spec
	cmd=$1; shift
	expect_rc "$cmd unknown case" 3 C "$cmd" TS2026-09999 "$@" --at "2026-07-03 16:00"
	expect_match "$cmd unknown case named" "no case TS2026-09999" "$TMP/err"
done
# Options a command does not take are a usage error before anything runs.
expect_rc "unknown option" 2 C transfer $M --bogus x
unchanged "transfer unknown dept" $M 3 C transfer $M --lead NOSUCH --at "2026-07-03 16:00"
unchanged "transfer malformed --at" $M 2 C transfer $M --lead NURSING --at "2026-07-3 16:00"
unchanged "transfer 30 February" $M 2 C transfer $M --lead NURSING --at "2026-02-30 16:00"
unchanged "transfer before receipt" $M 2 C transfer $M --lead NURSING --at "2026-07-01 09:00"
unchanged "an action dated before the last step" $N 2 C attach $N --desc x --at "2026-07-19 09:00"
unchanged "transfer in the future" $M 2 C transfer $M --lead NURSING --at "2099-07-01 09:00"
unchanged "transfer note with escape" $M 2 C transfer $M --lead NURSING --note "$(printf '\033[2J')" --at "2026-07-03 16:00"
unchanged "return unknown dept" $M 3 C return $M --dept NOSUCH --reason x --at "2026-07-03 16:00"
unchanged "return without transfer" $M 5 C return $M --dept NURSING --reason x --at "2026-07-03 16:00"
unchanged "return without reason" $M 2 C return $M --dept NURSING --at "2026-07-03 16:00"
unchanged "feedback invalid UTF-8" $M 2 C feedback $M --dept NURSING --text "$(printf '\377')" --at "2026-07-03 16:00"
unchanged "draft oversize" $M 2 C draft $M --text "$(head -c 20001 /dev/zero | tr '\0' y)" --at "2026-07-03 16:00"
unchanged "draft invalid UTF-8" $M 2 C draft $M --text "$(printf 'a\377b')" --at "2026-07-03 16:00"
unchanged "approve nothing" $M 5 A "$SUP" approve $M --at "2026-07-03 16:00"
unchanged "reply bad method" $M 2 C reply $M --method fax --at "2026-07-03 16:00"
unchanged "callback bad result" $M 2 C callback $M --result happy --at "2026-07-03 16:00"
unchanged "callback before reply" $M 5 C callback $M --result basic --at "2026-07-03 16:00"
unchanged "close bad finding" $M 2 C close $M --finding maybe --at "2026-07-03 16:00"
unchanged "close negative paid" $M 2 C close $M --finding not --on-spot --paid -3 --at "2026-07-03 16:00"
unchanged "reject bad reason" $M 2 C reject $M --reason boredom --at "2026-07-03 16:00"
unchanged "pause without reason" $M 2 C pause $M --at "2026-07-03 16:00"
unchanged "reclass bad class" $M 2 C reclass $M --class huge --at "2026-07-03 16:00"
unchanged "attach escape" $M 2 C attach $M --desc "$(printf 'x\033[31m')" --at "2026-07-03 16:00"
unchanged "show malformed number" $M 2 C show "$(printf 'TS\033[2J')"

# ---- queues and search ----
expect_rc "list all --json" 0 C list all --json
expect_match "list is an array" '^\[' "$TMP/out"
expect_eq "list all has every case" 6 "$(grep -c '^    "number"' "$TMP/out")"
expect_rc "list new" 0 C list new --json
expect_match "list new has the reopened case" '"TS2026-00004"' "$TMP/out"
expect_rc "list dept:NURSING" 0 C list dept:NURSING --json
expect_rc "list reopened" 0 C list reopened --json
expect_match "reopened has round 2" '"TS2026-00004"' "$TMP/out"
expect_rc "list overdue" 0 C list overdue --json
expect_match "overdue has the reopened case" '"TS2026-00004"' "$TMP/out"
expect_rc "list page 1" 0 C list all --limit 4
expect_eq "page of 4" 4 "$(wc -l <"$TMP/out")"
cursor=$(sed -n 's/^next-cursor: //p' "$TMP/err")
expect_rc "list page 2" 0 C list all --limit 4 --cursor "$cursor"
expect_eq "page 2 has the rest" 2 "$(wc -l <"$TMP/out")"
expect_rc "list unknown queue" 2 C list someday
expect_rc "list unknown dept" 3 C list dept:NOSUCH
expect_rc "list bad cursor" 2 C list all --cursor garbage
expect_rc "search trigram" 0 C search 打针多次 --json
expect_match "search finds it" '"TS2026-00001"' "$TMP/out"
expect_rc "search two characters" 0 C search 食堂 --json
expect_match "two-character search" '"TS2026-00003"' "$TMP/out"
expect_rc "search phone" 0 C search 3912345 --json
expect_match "phone search" '"TS2026-00003"' "$TMP/out"
expect_rc "search number" 0 C search ts2026-00006
expect_match "number search" 'TS2026-00006' "$TMP/out"
expect_rc "search escape refused" 2 C search "$(printf '\033[2J')"

# ---- the audit trail ----
expect_rc "check" 0 C check
expect_match "check counts events" "hash chain intact" "$TMP/out"
expect_rc "backup" 0 C backup "$TMP/backup.db"
expect_eq "backup mode 0660" "660" "$(stat -c %a "$TMP/backup.db")"
expect_rc "backup exists refused" 6 C backup "$TMP/backup.db"
expect_rc "check backup" 0 "$CDESK" --db "$TMP/backup.db" check
sqlite3 "$DB" "UPDATE events SET note = 'x' WHERE id = 3" >"$TMP/out" 2>"$TMP/err"
expect_eq "events cannot be edited" 1 "$([ $? != 0 ] && echo 1)"
expect_match "the database says append-only" "append-only" "$TMP/err"
E=$(sqlite3 "$DB" "SELECT id FROM events WHERE case_id = 1 ORDER BY id LIMIT 1 OFFSET 1")
sqlite3 "$DB" "DROP TRIGGER events_no_update; UPDATE events SET note = '改过' WHERE id = $E"
expect_rc "check finds the edit" 1 C check
expect_match "check names the event" "event $E \(case TS2026-00001" "$TMP/err"

# ---- recompute after a calendar change ----
C add --channel phone --name 国庆 --text "护士态度差" --at "2026-09-28 09:00" >/dev/null
R=$(sqlite3 "$DB" "SELECT number FROM cases WHERE name = '国庆'")
expect_rc "recompute with the same calendar" 0 C recompute --json
expect_match "nothing moved" '"changed": 0' "$TMP/out"
mkdir -p "$TMP/data/holidays"
cp "$CDESK_DATA"/rules.ini "$CDESK_DATA"/cdesk.ini "$TMP/data/"
CDESK_DATA="$TMP/data" "$CDESK" --db "$DB" recompute >"$TMP/out" 2>"$TMP/err"
expect_eq "recompute without holidays" 0 $?
expect_match "recompute reports" "checked, 1 with deadlines moved" "$TMP/out"
expect_match "no holiday file is said" "counting Monday-Friday|no holiday" "$TMP/err"
expect_rc "show recomputed" 0 C show "$R" --json
expect_match "National Day no longer counted" '^  "due": "2026-10-05"' "$TMP/out"
expect_match "recompute event" '"action": "recompute"' "$TMP/out"
expect_rc "recompute unknown case" 3 C recompute TS2026-09999

# ---- another user outside the staff group (only when run as root with setpriv) ----
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env CDESK_DATA="$CDESK_DATA" "$CDESK" "$@"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && as_nobody --version >/dev/null 2>&1; then
	P=$(mktemp -d /tmp/cdesk-perm-XXXXXX)
	chmod 755 "$P"
	"$CDESK" --db "$P/p.db" init >/dev/null
	as_nobody --db "$P/p.db" list all >"$TMP/out" 2>"$TMP/err"
	expect_eq "others cannot open the database" 4 $?
	expect_match "permission message points to the README" "staff group" "$TMP/err"
	rm -rf "$P"
else
	ok "others cannot open the database # SKIP not root or no setpriv"
fi
