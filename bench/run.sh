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
# The real-complaint corpus: its tuning and held-back figures (tests/data/README).
run bench_corpus data/rules.ini tests/data/corpus.tsv
# The learned model (cdesk rules learn) against the rules alone: on the corpus
# (trained on the tuning part, scored on the held-back part) and on a demo
# database of 1,000 cases made once in BUILD_DIR/bench/ (older closed cases
# trained on, the newest fifth scored), then throughput with a model.
[ -f "$B/bench/learn-demo.db" ] || CDESK_DATA="$top/data" "$B/cdesk" --db "$B/bench/learn-demo.db" demo --cases 1000 >/dev/null
run bench_learn data/rules.ini tests/data/corpus.tsv "$B/bench/learn-demo.db"

# The case store: cases inserted per second, then the first page of the
# overdue queue, the next page and a Chinese full-text search at 100,000 and
# 1,000,000 cases. The databases are made once with `cdesk demo` (as of
# 2026-11-27 16:00) and kept in BUILD_DIR/bench/.
run bench_store insert "$B/bench/insert.db" 1000
for n in 100000 1000000; do
	db="$B/bench/store-$n.db"
	if [ ! -f "$db" ]; then
		echo "== cdesk demo --cases $n (once, kept as $db)"
		start=$(date +%s)
		rm -f "$db.part" "$db.part-wal" "$db.part-shm"
		"$B/cdesk" --db "$db.part" demo --cases $n --at "2026-11-27 16:00" &&
			mv "$db.part" "$db" || { status=1; continue; }
		echo "demo: $n cases in $(( $(date +%s) - start )) s"
	fi
	run bench_store query "$db"
done

exit $status
