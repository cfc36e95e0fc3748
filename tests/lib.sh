# Shared helpers for the CLI and TUI test scripts (POSIX sh).
# Each check prints "ok - NAME" or "not ok - NAME" with what differed.
: "${CDESK:?run through tests/run.sh or make check}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected: $2" "actual:   $3"; fi
}
# expect_rc NAME EXPECTED_RC CMD... (stdout to $TMP/out, stderr to $TMP/err)
expect_rc() {
	name=$1; want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" = "$want" ]; then ok "$name"; else
		notok "$name" "exit $got, expected $want" "stderr: $(head -c 400 "$TMP/err")"; fi
}
# expect_match NAME REGEX FILE
expect_match() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else
		notok "$1" "no line matches /$2/ in:" "$(head -c 600 "$3")"; fi
}
expect_nomatch() {
	if grep -Eq -- "$2" "$3"; then notok "$1" "a line matches /$2/ in:" "$(head -c 600 "$3")"; else ok "$1"; fi
}
# golden NAME FILE_EXPECTED FILE_ACTUAL
golden() {
	if cmp -s "$2" "$3"; then ok "$1"; else notok "$1" "differs from $2:" "$(diff "$2" "$3" | head -20)"; fi
}

# ---- other people (SPEC §9: one login may not draft and approve, nor fill
# two steps of a chain). Real Unix users, made when running as root (CI) and
# removed on exit: $OFFICER (officer: office_proofread), $SUP and $SUP2
# (supervisors: office_head, supervisor), $HOFFICE (handler of OFFICE:
# hospital_office), $NURSE (handler of NURSING), $CLERK (clerk).
# staff DB registers them in DB (the script's login, its admin, made it)
# and opens DB and $TMP to them; false (and nothing made) when not root.
# as LOGIN CMD... runs CMD as that user.
STAFF_MADE=
staff_users() {
	[ "$(id -u)" = 0 ] || return 1
	[ -n "$STAFF_MADE" ] && return 0
	p=cdt$$
	OFFICER=${p}o SUP=${p}s SUP2=${p}t HOFFICE=${p}h NURSE=${p}n CLERK=${p}c
	for u in "$OFFICER" "$SUP" "$SUP2" "$HOFFICE" "$NURSE" "$CLERK"; do
		n=0
		until useradd -M -N -s /usr/sbin/nologin "$u" 2>/dev/null; do
			n=$((n + 1)); [ $n -gt 20 ] && { echo "not ok - useradd $u"; return 1; }
			sleep 0.2
		done
		STAFF_MADE="$STAFF_MADE $u"
	done
	# (after the tmux helpers' own cleanup, when a TUI script has them)
	trap 'command -v cleanup_tmux >/dev/null && cleanup_tmux
	      for u in $STAFF_MADE; do userdel "$u" 2>/dev/null; done; rm -rf "$TMP"' EXIT
	chmod 1777 "$TMP"
	return 0
}
# share_db FILE: every test user may open FILE (its -wal and -shm, which
# cdesk keeps, too).
share_db() {
	for f in "$1" "$1-wal" "$1-shm"; do [ -e "$f" ] && chmod 0666 "$f"; done
	return 0
}
staff() {
	staff_users || return 1
	share_db "$1"
	# The fixtures date their steps months back (--at), as a site entering
	# old files would: the late-entry margin is widened for them (the
	# margin itself is tested in tests/cli/audit.sh); the shipped settings
	# are kept otherwise.
	if [ -z "${CDESK_CONFIG:-}" ]; then
		if grep -q '^late_margin *=' "$CDESK_DATA/cdesk.ini" 2>/dev/null; then
			sed 's/^late_margin *=.*/late_margin = 5256000/' "$CDESK_DATA/cdesk.ini" \
				>"$TMP/staff.ini"
		else
			printf '[cases]\nlate_margin = 5256000\n' >"$TMP/staff.ini"
		fi
		chmod 0644 "$TMP/staff.ini"
		CDESK_CONFIG=$TMP/staff.ini; export CDESK_CONFIG
	fi
	for r in "$OFFICER officer" "$SUP supervisor" "$SUP2 supervisor" \
		 "$HOFFICE handler --dept OFFICE" "$NURSE handler --dept NURSING" "$CLERK clerk"; do
		set -- "$1" $r
		"$CDESK" --db "$1" user add "$2" --role $3 $4 $5 >/dev/null || echo "not ok - user add $2"
		set -- "$1"
	done
	return 0
}
as() { login=$1; shift; runuser -u "$login" -- "$@"; }

# Fixture steps on $DB: `c CMD…` is cdesk on it; `run CMD…` and `run_as LOGIN
# CMD…` (a step another person takes: the approvals, SPEC §9) report a
# failure once, with the command, and clear fixture_ok.
fixture_ok=true
c() { "$CDESK" --db "$DB" "$@"; }
run() {
	if ! out=$(c "$@" 2>&1); then
		fixture_ok=false
		notok "fixture: $*" "$out"
	fi
}
run_as() {
	who=$1; shift
	if ! out=$(as "$who" "$CDESK" --db "$DB" "$@" 2>&1); then
		fixture_ok=false
		notok "fixture: $who $*" "$out"
	fi
}

# bad_import_csv FILE: a CSV for import with one good row and each kind of bad
# row after it (tests/cli/data.sh, i18n.sh).
bad_import_csv() {
	printf 'channel,name,phone,account,claim,received,visit_date,depts\n' >"$1"
	printf 'visit,王五,13800000001,正常的一行,,2026-07-01 09:00,,\n' >>"$1"
	printf 'telegram,王五,13800000001,渠道不对,,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,日期不对,,2026-02-30 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,负数索赔,-100,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,\347\216\213\377,13800000001,坏的UTF-8,,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,少了字段,,2026-07-01 09:00\n' >>"$1"
	printf 'visit,王五,138"00,引号,,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,"终端\033[2J转义",,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,未来的时间,,2027-01-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,未知部门,,2026-07-01 09:00,,NOSUCH\n' >>"$1"
	printf 'visit,,,没有姓名和电话,,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,abc,电话不对,,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,,,2026-07-01 09:00,,\n' >>"$1"
	printf 'visit,王五,13800000001,就诊在受理之后,,2026-07-01 09:00,2026-07-02,\n' >>"$1"
	printf 'visit,王五,13800000001,"没有结束的引号,,2026-07-01 09:00,,\n' >>"$1"
}
