#!/bin/sh
# Runs every test: cmocka unit binaries in BUILD/tests, then the CLI scripts in
# tests/cli, then (mode "all") the tmux-driven TUI scripts in tests/tui.
# Scripts print "ok - NAME" or "not ok - NAME" per check (see tests/lib.sh).
# Ends with "check: N passed, M failed" and exits non-zero on any failure.
#
# The tests run in CDESK_TEST_JOBS lanes at once (default: the number of
# processors, at most 4). Each lane takes the next test not yet taken (a
# mkdir per test is the claim: atomic, so no test runs twice), so a long
# script holds one lane while the others go on. The slowest tests are
# started first: the seconds of each test's last run are kept in
# BUILD/tests/times, and a test with no record starts before those with a
# short one. Every test is independent (its own mktemp directory, its own
# tmux server, Unix users named by its process id, its own XDG directories).
# A line per test is printed as it ends; the summary and the logs of failures come at the end,
# in the tests' own order.
B=${1:-build}
MODE=${2:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
export CDESK="$top/$B/cdesk" CDESK_DATA="$top/data" CDESK_TOP="$top" BUILD="$B"
unset CDESK_DB CDESK_CONFIG
jobs=${CDESK_TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in ''|*[!0-9]*) jobs=1 ;; esac
[ "$jobs" -gt 4 ] && [ -z "$CDESK_TEST_JOBS" ] && jobs=4
[ "$jobs" -lt 1 ] && jobs=1
work=$(mktemp -d)
times="$top/$B/tests/times"

# The list: "kind path" per line, kind being unit, cli or tui.
{
	for t in "$top/$B"/tests/test_* "$top/$B"/tests/unit_*; do
		[ -x "$t" ] && echo "unit $t"
	done
	for s in "$top"/tests/cli/*.sh; do [ -f "$s" ] && echo "cli $s"; done
	if [ "$MODE" = all ]; then
		for s in "$top"/tests/tui/*.sh; do [ -f "$s" ] && echo "tui $s"; done
	fi
} >"$work/list"
# CDESK_TESTS="cli/classify* tui/form": only the tests whose KIND/NAME
# matches one of the shell patterns (for a developer; make check runs all).
if [ -n "$CDESK_TESTS" ]; then
	while read -r kind path; do
		name=$(basename "$path" .sh)
		for pat in $CDESK_TESTS; do
			case "$kind/$name" in $pat) echo "$kind $path"; break ;; esac
		done
	done <"$work/list" >"$work/some"
	mv "$work/some" "$work/list"
fi
# The order to start them: by the last run's seconds, longest first (a test
# never timed counts as 1000 s, so it starts early); ties keep list order.
n=$(wc -l <"$work/list" | tr -d ' ')
if [ "$n" = 0 ]; then
	echo "not ok - no test to run${CDESK_TESTS:+ (CDESK_TESTS='$CDESK_TESTS' matches none)}"
	rm -rf "$work"
	exit 1
fi
i=0
while read -r kind path; do
	i=$((i + 1))
	name=$(basename "$path" .sh)
	s=$(grep -s "^$kind $name " "$times" | tail -1 | cut -d' ' -f3)
	echo "${s:-1000} $i $kind $path"
done <"$work/list" | sort -k1,1nr -k2,2n >"$work/order"

# run_one N KIND PATH: runs one test, writes N.log and N.res
# ("KIND NAME PASSED FAILED SECONDS") and prints the test's line.
run_one() {
	i=$1; kind=$2; path=$3
	name=$(basename "$path" .sh)
	log="$work/$i.log"
	# its own configuration and data directories: no test sees another's
	mkdir -p "$work/$i.xdg/config" "$work/$i.xdg/data"
	export XDG_CONFIG_HOME="$work/$i.xdg/config" XDG_DATA_HOME="$work/$i.xdg/data"
	t0=$(date +%s)
	if [ "$kind" = unit ]; then
		(cd "$top" && "$path") >"$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		p=${p:-0}; f=${f:-0}
	else
		(cd "$top" && sh "$path") >"$log" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	fi
	secs=$(( $(date +%s) - t0 ))
	if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; echo "not ok - $name exited $rc" >>"$log"; fi
	# a test that reports no check at all did not run its checks
	if [ "$p" = 0 ] && [ "$f" = 0 ]; then f=1; echo "not ok - $name reported no check" >>"$log"; fi
	echo "$kind $name $p $f $secs" >"$work/$i.res"
	printf '%-5s %s: %s passed, %s failed (%s s)\n' "$kind" "$name" "$p" "$f" "$secs"
}

lane() {
	while read -r _ i kind path; do
		mkdir "$work/claim.$i" 2>/dev/null || continue
		run_one "$i" "$kind" "$path" </dev/null
	done <"$work/order"
}
l=0
while [ $l -lt "$jobs" ]; do
	lane &
	l=$((l + 1))
done
wait

pass=0; fail=0; failed=""
i=1
: >"$work/times"
while [ $i -le $n ]; do
	if [ -f "$work/$i.res" ]; then
		read -r kind name p f secs <"$work/$i.res"
		pass=$((pass + p)); fail=$((fail + f))
		echo "$kind $name $secs" >>"$work/times"
		if [ "$f" != 0 ]; then
			failed="$failed $name"
			echo "---- $kind $name"
			cat "$work/$i.log"
		fi
	else
		fail=$((fail + 1)); failed="$failed #$i"
		echo "not ok - test $i of the list never ran"
	fi
	i=$((i + 1))
done
# the times of the tests run now, and the older ones of those not run
if [ -d "$top/$B/tests" ]; then
	[ -f "$times" ] && awk 'NR == FNR { ran[$1 " " $2] = 1; next }
		!(($1 " " $2) in ran)' "$work/times" "$times" >>"$work/times"
	# copied beside it, then renamed: a run stopped half-way, or two runs
	# ending together, never leave a cut-short file
	cp "$work/times" "$times.$$" 2>/dev/null && mv -f "$times.$$" "$times"
fi
rm -rf "$work"
[ -n "$failed" ] && echo "failed:$failed"
echo "check ($B): $pass passed, $fail failed ($jobs lanes)"
[ "$fail" = 0 ]
