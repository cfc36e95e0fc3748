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
