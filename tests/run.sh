#!/bin/sh
# Runs every test: cmocka unit binaries in BUILD/tests, then the CLI scripts in
# tests/cli, then (mode "all") the tmux-driven TUI scripts in tests/tui.
# Scripts print "ok - NAME" or "not ok - NAME" per check (see tests/lib.sh).
# Ends with "check: N passed, M failed" and exits non-zero on any failure.
B=${1:-build}
MODE=${2:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
export CDESK="$top/$B/cdesk" CDESK_DATA="$top/data" CDESK_TOP="$top" BUILD="$B"
unset CDESK_DB CDESK_CONFIG
export XDG_CONFIG_HOME="$(mktemp -d)" XDG_DATA_HOME="$(mktemp -d)"
pass=0; fail=0; failed=""
log=$(mktemp)
for t in "$top/$B"/tests/test_* "$top/$B"/tests/unit_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	(cd "$top" && "$t") >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0}; f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" != 0 ]; then
		failed="$failed $name"
		cat "$log"
	fi
	echo "unit  $name: $p passed, $f failed"
done
run_scripts() {
	kind=$1; shift
	for s in "$@"; do
		[ -f "$s" ] || continue
		name=$(basename "$s" .sh)
		t0=$(date +%s)
		(cd "$top" && sh "$s") >"$log" 2>&1
		rc=$?
		secs=$(( $(date +%s) - t0 ))
		p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
		if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; echo "not ok - $name exited $rc" >>"$log"; fi
		pass=$((pass + p)); fail=$((fail + f))
		if [ "$f" != 0 ]; then failed="$failed $name"; cat "$log"; fi
		echo "$kind $name: $p passed, $f failed ($secs s)"
	done
}
run_scripts "cli  " "$top"/tests/cli/*.sh
if [ "$MODE" = all ]; then
	run_scripts "tui  " "$top"/tests/tui/*.sh
fi
rm -f "$log"
rm -rf "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
[ -n "$failed" ] && echo "failed:$failed"
echo "check ($B): $pass passed, $fail failed"
[ "$fail" = 0 ]
