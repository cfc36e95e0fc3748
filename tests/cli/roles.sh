#!/bin/sh
# Who may do what (SPEC §9): the whole role × action matrix, each action
# tried by each role on a fresh copy of one database whose cases stand in
# every state, allowed (exit 0) or refused (exit 4, naming the action and
# the roles that may); then the separation of duties along an approval
# chain, a handler on another department's transfer, and users themselves.
# Needs real Unix users: as root (CI) only.
. tests/lib.sh
M=$TMP/master.db
DB=$M
C() { "$CDESK" --db "$DB" "$@"; }
A() { who=$1; shift; as "$who" "$CDESK" --db "$DB" "$@"; }

if ! "$CDESK" --db "$M" init >/dev/null || ! staff "$M"; then
	echo "ok - # SKIP not root (the roles need real Unix users)"
	exit 0
fi

# ---- one case in each state (by the admin, and the approvals by their roles) ----
n=0
add() {	n=$((n + 1)); C add --channel visit --name "张$n" --phone "138000000$(printf %02d $n)" \
	--text "护士态度很差，输液时打针多次失败" --at "2026-07-01 09:$(printf %02d $n)" "$@" \
	>/dev/null || echo "not ok - fixture add $n"; }
step() { C "$@" >/dev/null 2>"$TMP/ferr" || notok "fixture: $*" "$(cat "$TMP/ferr")"; }
add; REG=TS2026-00001                                   # registered
add; ROUTED=TS2026-00002; step transfer $ROUTED --lead NURSING --at "2026-07-02 09:00"
add; FB=TS2026-00003; step transfer $FB --lead NURSING --at "2026-07-02 09:00"
step feedback $FB --dept NURSING --text "已调查" --at "2026-07-02 10:00"
add; DRAFTED=TS2026-00004; step transfer $DRAFTED --lead NURSING --at "2026-07-02 09:00"
step feedback $DRAFTED --dept NURSING --text "已调查" --at "2026-07-02 10:00"
step draft $DRAFTED --text "答复稿" --at "2026-07-02 11:00"
add; APPROVED=TS2026-00005; step transfer $APPROVED --lead NURSING --at "2026-07-02 09:00"
step feedback $APPROVED --dept NURSING --text "已调查" --at "2026-07-02 10:00"
step draft $APPROVED --text "答复稿" --at "2026-07-02 11:00"
A "$OFFICER" approve $APPROVED --at "2026-07-02 12:00" >/dev/null || echo "not ok - fixture approve 1"
A "$SUP" approve $APPROVED --at "2026-07-02 13:00" >/dev/null || echo "not ok - fixture approve 2"
add; REPLIED=TS2026-00006
for c in $REPLIED TS2026-00007; do
	step transfer $c --lead NURSING --at "2026-07-02 09:00"
	step feedback $c --dept NURSING --text "已调查" --at "2026-07-02 10:00"
	step draft $c --text "答复稿" --at "2026-07-02 11:00"
	A "$OFFICER" approve $c --at "2026-07-02 12:00" >/dev/null || echo "not ok - fixture approve $c"
	A "$SUP" approve $c --at "2026-07-02 13:00" >/dev/null || echo "not ok - fixture approve $c"
	step reply $c --method phone --at "2026-07-02 14:00"
	[ $c = $REPLIED ] && add
done
SATISFIED=TS2026-00007; step callback $SATISFIED --result satisfied --at "2026-07-02 15:00"
add; CLOSED=TS2026-00008; step close $CLOSED --finding not --on-spot --at "2026-07-02 09:00"
add; PAUSED=TS2026-00009; step pause $PAUSED --reason "等待材料" --at "2026-07-02 09:00"
# not accepted, in 2025 (its own numbers: the 2026 ones below stay as they are)
step add --channel visit --name 王拒 --phone 13800000099 --text "已向法院起诉的事项" \
	--at "2025-12-01 09:00"
REJ=TS2025-00001; step reject $REJ --reason court --at "2025-12-02 09:00"
# in review (复核), also 2025's
step add --channel visit --name 李复 --phone 13800000098 --text "对处理结果有异议" \
	--at "2025-12-03 09:00"
REV=TS2025-00002; step close $REV --on-spot --finding not --at "2025-12-03 10:00"
step review $REV --reason "对结论有异议" --at "2025-12-04 09:00"
# closed with a rectification (整改) to do, also 2025's
step add --channel visit --name 赵改 --phone 13800000097 --text "护士态度差" --at "2025-12-05 09:00"
REC=TS2025-00003; step close $REC --on-spot --finding substantiated --measures "科室培训" \
	--rectify-by 2025-12-31 --at "2025-12-05 10:00"
# a medical-safety risk (第二十一条) to acknowledge, also 2025's
step add --channel phone --name 钱安 --phone 13800000096 --text "手术后纱布遗留体内" --flags safety \
	--at "2025-12-08 09:00"
SAF=TS2025-00004
printf 'channel,received,name,account\nphone,2026-07-03 09:00,王五,门诊排队时间太长\n' >"$TMP/in.csv"
chmod 0644 "$TMP/in.csv"

# ---- the matrix: KEY CASE ARGS, then clerk officer handler supervisor admin ----
# (+ allowed, - refused with exit 4). The handler is $NURSE, of NURSING; the
# drafted case awaits its first step, office_proofread (an officer's).
cat >"$TMP/matrix" <<EOF
transfer $REG|--lead NURSING|- + - - +
return $ROUTED|--dept NURSING --reason 不属于本科室|- - + - +
feedback $ROUTED|--dept NURSING --text 已调查|- - + - +
draft $FB|--text 答复稿|- + + - +
approve $DRAFTED||- + - - -
refuse $DRAFTED|--note 重写|- + - - -
reply $APPROVED|--method letter|- + - - +
callback $REPLIED|--result satisfied|- + - - +
close $SATISFIED|--finding not|- + - - +
close $REG|--finding not --on-spot|+ + - - +
reject $REG|--reason court|- + - - +
tell $REJ|--method phone|+ + - - +
conclude $REV|--outcome upheld|- + - + +
rectified $REC|--text 已培训|- + - - +
supervise $ROUTED|--by $SUP|- + - + +
dispute $ROUTED|--stage mediation|- + - - +
acknowledge $SAF||- + - + +
merge $REG|--into $ROUTED|- + - - +
pause $REG|--reason 等待材料|- + - - +
resume $PAUSED||- + - - +
reopen $CLOSED|--reason 再议|- + - - +
review $CLOSED|--reason 复核 --at 2026-07-10|- + - - +
reclass $REG|--class simple --reason 改判|- + - - +
attach $REG|--desc 病历复印件|+ + - - +
attach $ROUTED|--desc 病历复印件|- + - - +
note $REG|--text 下午再来|+ + - - +
note $ROUTED|--text 下午再来|- + - - +
contact $REG|--method phone --direction out --text 已告知|+ + - - +
correct $REG|--phone 13900001111 --reason 登记有误|- + - - +
add|--channel visit --name 赵六 --text 挂号排队太久|+ + - - +
show $ROUTED||+ + + + +
show $REG||+ + - + +
list all||+ + + + +
search 张1||+ + + + +
import $TMP/in.csv||- - - - +
export|--output @OUT@|- + - + +
recompute||- - - - +
user add|someone --role clerk|- - - - +
backup @OUT@||- - - - +
report quarterly 2026Q3|--output @OUT@|- + - + +
digest||- + - + +
print form $REG|--output @OUT@|+ + - + +
EOF
roles="clerk officer handler supervisor admin"
login_of() {
	case $1 in clerk) echo "$CLERK" ;; officer) echo "$OFFICER" ;; handler) echo "$NURSE" ;;
	supervisor) echo "$SUP" ;; admin) echo root ;; esac
}
k=0; tried=0
while IFS='|' read -r cmd args marks; do
	set -- $marks
	may=""
	for r in $roles; do [ "$1" = + ] && may="$may $r"; shift; done
	set -- $marks
	for r in $roles; do
		k=$((k + 1)); want=$1; shift
		out="$TMP/out.$k"
		DB="$TMP/try.db"
		rm -f "$DB" "$DB-wal" "$DB-shm"
		cp "$M" "$DB"; share_db "$DB"
		c=$(echo "$cmd" | sed "s|@OUT@|$out|g"); a=$(echo "$args" | sed "s|@OUT@|$out|g")
		name="$r: $c $a"
		A "$(login_of $r)" $c $a >"$TMP/out" 2>"$TMP/err"
		rc=$?
		tried=$((tried + 1))
		if [ "$want" = + ]; then
			expect_eq "$name: allowed" 0 "$rc"
			[ "$rc" = 0 ] || sed 's/^/#   /' "$TMP/err"
			continue
		fi
		expect_eq "$name: refused, exit 4" 4 "$rc"
		key=${c%% *}
		[ "$key" = digest ] && key=report
		expect_match "$name: names the action" "^cdesk: (.*: )?$key:" "$TMP/err"
		for m in $may; do
			expect_match "$name: names $m" "$m" "$TMP/err"
		done
	done
done <"$TMP/matrix"
DB=$M
# Every step and permission key is in the table above.
for a in $("$CDESK" --help | sed -n '/^The steps/,$p' | awk 'NF > 1 && /^  /{print $1}') \
	add show list search import export recompute user backup report print; do
	grep -q "^$a[ |]" "$TMP/matrix" || notok "the matrix tries $a"
done
expect_eq "the matrix: every role tried on every row" "$(( $(wc -l <"$TMP/matrix") * 5 ))" "$tried"

# ---- separation of duties ----
add; G=TS2026-00010; step transfer $G --lead NURSING --at "2026-07-03 09:00"
step feedback $G --dept NURSING --text "已调查" --at "2026-07-03 10:00"
expect_rc "an officer drafts" 0 A "$OFFICER" draft $G --text "答复稿" --at "2026-07-03 11:00"
expect_rc "the drafter's own approval refused" 4 A "$OFFICER" approve $G --at "2026-07-03 12:00"
expect_match "the refusal names the author" "drafted version 1 of the reply; its author may not" "$TMP/err"
expect_match "and the step's role" "office_proofread, needs an officer other than the author" "$TMP/err"
expect_rc "the drafter may not send it back either" 4 A "$OFFICER" refuse $G --note x --at "2026-07-03 12:00"
expect_rc "the admin is no approver" 4 C approve $G --at "2026-07-03 12:00"
expect_match "the step needs an officer" "office_proofread, needs an officer" "$TMP/err"
expect_rc "a supervisor may not fill the officer's step" 4 A "$SUP" approve $G --at "2026-07-03 12:00"
expect_match "the step and its role named" "step 1 of 2 of the general approval chain, office_proofread, needs an officer" "$TMP/err"
# A new case led by NURSING, reclassed to class $2 for reason $3 and fed
# back, on 3 July.
reclassed() {
	step transfer "$1" --lead NURSING --at "2026-07-03 09:00"
	step reclass "$1" --class "$2" --reason "$3" --at "2026-07-03 09:05"
	step feedback "$1" --dept NURSING --text "已调查" --at "2026-07-03 09:10"
}
add; E=TS2026-00011; reclassed $E emergency "升级"
step draft $E --text "答复稿" --at "2026-07-03 09:20"
expect_rc "emergency step 1 by a supervisor" 0 A "$SUP" approve $E --at "2026-07-03 09:30"
expect_rc "the same login on step 2 refused" 4 A "$SUP" approve $E --at "2026-07-03 09:40"
expect_match "one login, two steps" "already filled step 1 \(office_head\) of this draft's chain; one login may not fill two steps" "$TMP/err"
expect_rc "another supervisor fills step 2" 0 A "$SUP2" approve $E --at "2026-07-03 09:50"
expect_match "approved" ", approved," "$TMP/out"
add; I=TS2026-00012; reclassed $I important "重要"
expect_rc "the department drafts an important reply (第二十四条)" 0 A "$NURSE" draft $I --text "答复稿" --at "2026-07-03 09:20"
expect_rc "important step 1, office_proofread" 0 A "$OFFICER" approve $I --at "2026-07-03 09:30"
expect_rc "step 2 refused to a supervisor" 4 A "$SUP" approve $I --at "2026-07-03 09:40"
expect_match "hospital_office needs the hospital office's handler" "hospital_office, needs a handler of OFFICE" "$TMP/err"
expect_rc "the hospital office reviews" 0 A "$HOFFICE" approve $I --at "2026-07-03 09:50"
expect_rc "the supervisor signs" 0 A "$SUP" approve $I --at "2026-07-03 10:00"

# ---- a handler and another department's transfer ----
add; MED=TS2026-00013; step transfer $MED --lead MEDICAL --at "2026-07-03 09:00"
expect_rc "a NURSING handler on MEDICAL's feedback: refused" 4 A "$NURSE" feedback $MED --dept MEDICAL --text "越权反馈" --at "2026-07-03 10:00"
expect_match "the refusal names both departments" "the transfer to MEDICAL is not for a handler of NURSING" "$TMP/err"
expect_rc "nor may it return it" 4 A "$NURSE" return $MED --dept MEDICAL --reason x --at "2026-07-03 10:00"
expect_rc "nor see the case" 4 A "$NURSE" show $MED
expect_rc "the transfer is still open" 0 C show $MED --json
expect_match "still routed" '"status": "routed"' "$TMP/out"

# ---- users ----
expect_rc "a clerk may not add users" 4 A "$CLERK" user add x --role admin
expect_match "the user refusal names the admin role" "user: not allowed .*this is done by: admin" "$TMP/err"
expect_rc "disable the clerk" 0 C user disable "$CLERK"
expect_rc "a disabled login is refused" 4 A "$CLERK" list all
expect_match "the refusal names an admin to ask" "disabled user of this database; ask an administrator \(root" "$TMP/err"
expect_rc "a new role enables it again" 0 C user role "$CLERK" officer
expect_rc "the login works again" 0 A "$CLERK" list all
expect_rc "a handler needs a department" 2 C user add h2 --role handler
expect_rc "an unknown department refused" 3 C user add h2 --role handler --dept NOSUCH
expect_rc "the last admin stays" 6 C user role root clerk
expect_rc "user list --json" 0 C user list --json
expect_match "the handler's departments listed" '"NURSING"' "$TMP/out"
expect_eq "every user change is a database-level event" \
	"$(sqlite3 "$M" "SELECT count(*) FROM events WHERE action LIKE 'user-%' AND case_id IS NULL")" \
	"$(sqlite3 "$M" "SELECT count(*) FROM events WHERE action LIKE 'user-%'")"
expect_rc "the chain holds" 0 C check
D2=$TMP/other.db
"$CDESK" --db "$D2" init >/dev/null; share_db "$D2"
expect_rc "an unknown login is refused" 4 as "$CLERK" "$CDESK" --db "$D2" list all
expect_match "naming the admin to ask" "is not a registered user of this database; ask an administrator \(root\)" "$TMP/err"
expect_rc "and may not register itself" 4 as "$CLERK" "$CDESK" --db "$D2" user add "$CLERK" --role admin
# A database from before roles has no users: only its file's owner (here
# root) registers the first admin.
D3=$TMP/old.db
"$CDESK" --db "$D3" init >/dev/null; share_db "$D3"
sqlite3 "$D3" "DELETE FROM users"
expect_rc "no users: everyone refused" 4 as "$CLERK" "$CDESK" --db "$D3" list all
expect_match "the refusal says how to begin" "no user is registered in .*its owner registers the first admin" "$TMP/err"
expect_rc "no users: a stranger may not make itself admin" 4 as "$CLERK" "$CDESK" --db "$D3" user add "$CLERK" --role admin
expect_rc "the file's owner registers the first admin" 0 "$CDESK" --db "$D3" user add root --role admin
expect_rc "then the admin adds the others" 0 "$CDESK" --db "$D3" user add "$CLERK" --role clerk
expect_rc "and the clerk works" 0 as "$CLERK" "$CDESK" --db "$D3" list all
