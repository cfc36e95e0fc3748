#!/bin/sh
# Runs every benchmark program and prints its figures. Usage: bench/run.sh BUILD_DIR
# (make bench passes build/). Run from anywhere; the programs run from the repo top.
# Add a line below for each new bench/NAME.c (built to BUILD_DIR/bench/NAME).
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case $B in /*) ;; *) B="$top/$B" ;; esac
status=0
run() {
	name=$1; shift
	if [ ! -x "$B/bench/$name" ]; then
		echo "bench: $B/bench/$name is not built (make bench builds it)" >&2
		status=1
		return
	fi
	echo "== $name"
	"$B/bench/$name" "$@" || status=1
}

run bench_calendar data/holidays
# The quarterly report at 100,000 and 1,000,000 synthetic cases (target: under
# 1 s at a million). The databases are made once (26 s for the million) and
# kept in BUILD_DIR/bench/.
run bench_report make 100000 "$B/bench/report-100k.db"
run bench_report run "$B/bench/report-100k.db" 2026Q3
run bench_report make 1000000 "$B/bench/report-1m.db"
run bench_report run "$B/bench/report-1m.db" 2026Q3
run bench_rules data/rules.ini tests/data/complaints.tsv

exit $status
