#!/bin/sh
# Runs every benchmark program and prints its figures. Usage: bench/run.sh BUILD_DIR
# (make bench passes build/). Run from anywhere; the programs run from the repo top.
# First the side-by-side table with the sqlite3 shell, then each program.
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

# The side-by-side table: each command of cdesk and the sqlite3 shell running
# the same SQL (collected with $CDESK_TRACE_SQL) on the same file, whole
# processes, alternated, medians (bench/bench_cmp.c). The database is made
# once with `cdesk demo` (as of 2026-11-27 16:00) and kept in BUILD_DIR/bench/;
# add writes to two copies of it kept alike (cdesk's and the shell's).
# BENCH_CASES="100000 1000000" adds a size; BENCH_RUNS the runs of each.
demo_db() {
	n=$1 db="$B/bench/store-$1.db"
	[ -f "$db" ] && return 0
	echo "== cdesk demo --cases $n (once, kept as $db)"
	start=$(date +%s)
	rm -f "$db.part" "$db.part-wal" "$db.part-shm" "$B/bench/demo.cpu"
	# the CPU time too: on a shared machine the wall time says little
	timer=; [ -x /usr/bin/time ] && timer="/usr/bin/time -o $B/bench/demo.cpu -f %U+%S"
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)
	$timer "$B/cdesk" --db "$db.part" demo --cases "$n" --at "2026-11-27 16:00" &&
		mv "$db.part" "$db" || return 1
	rm -f "$db.part-wal" "$db.part-shm"
	cpu=$(cat "$B/bench/demo.cpu" 2>/dev/null)
	echo "demo: $n cases in $(( $(date +%s) - start )) s${cpu:+, CPU (user+sys) $cpu s}${load:+, load average $load at the start}"
}
events() { sqlite3 "$1" "SELECT max(id) FROM events" 2>/dev/null; }
runs=${BENCH_RUNS:-9}
# Start-up alone: `cdesk --version` beside `sqlite3 :memory:` running select 1
# (the dynamic loading and the libraries' constructors; no data file).
echo 'SELECT 1;' >"$B/bench/select1.sql"
"$B/bench/bench_cmp" --sql "$B/bench/select1.sql" "start-up (--version)" "$runs" :memory: -- \
	"$B/cdesk" --version || status=1
for n in ${BENCH_CASES:-100000}; do
	demo_db "$n" || { status=1; continue; }
	db="$B/bench/store-$n.db"
	echo "== cdesk beside the sqlite3 shell, same SQL, $n cases (medians of $runs)"
	num=$(sqlite3 "$db" "SELECT number FROM cases ORDER BY id LIMIT 1 OFFSET $(( n / 2 ))")
	cmp() { label=$1; shift; "$B/bench/bench_cmp" "$label" "$runs" "$db" -- "$B/cdesk" --db "$db" "$@" || status=1; }
	cmp "list overdue --limit 20" list overdue --limit 20
	cmp "show" show "$num"
	cmp "search 红包" search 红包
	cmp "report quarterly 2026Q3" report quarterly 2026Q3
	# the same report beside a hand-written aggregate SQL over the same ranges
	# (bench/report_floor.sql): the floor issue 13 measures against
	"$B/bench/bench_cmp" --sql bench/report_floor.sql "report quarterly 2026Q3 / aggregate SQL" \
		"$runs" "$db" -- "$B/cdesk" --db "$db" report quarterly 2026Q3 || status=1
	a="$B/bench/add-$n-cdesk.db" b="$B/bench/add-$n-sqlite3.db"
	if [ ! -f "$a" ] || [ ! -f "$b" ] || [ "$(events "$a")" != "$(events "$b")" ]; then
		rm -f "$a" "$a-wal" "$a-shm" "$b" "$b-wal" "$b-shm"
		cp "$db" "$a" && cp "$db" "$b" || { status=1; continue; }
	fi
	"$B/bench/bench_cmp" --each "$b" "add (fsync'd)" "$runs" "$a" -- "$B/cdesk" --db "$a" \
		add --channel phone --text "医生收红包，要求退款" --name 张三 --phone 13800000000 ||
		status=1
done

# 100 terminals over one database for 60 s (BENCH_LOAD_SECONDS): 20 adding,
# 40 acting, 40 reading, a second between one person's commands; the latency
# table (target: p95 under 100 ms, no error). bench/load.sh.
if [ -x "$B/bench/bench_load" ]; then
	echo "== 100 processes over one database (bench/load.sh)"
	sh bench/load.sh "$B" "${BENCH_LOAD_SECONDS:-60}" || status=1
fi

[ -n "$BENCH_ONLY_CMP" ] && exit $status

run bench_calendar data/holidays
# The quarterly report at 100,000 and 1,000,000 synthetic cases (target: under
# 1 s at a million). The databases are made once (26 s for the million) and
# kept in BUILD_DIR/bench/.
run bench_report make 100000 "$B/bench/report-100k.db"
run bench_report run "$B/bench/report-100k.db" 2026Q3
if [ -n "$BENCH_MILLION" ]; then
	run bench_report make 1000000 "$B/bench/report-1m.db"
	run bench_report run "$B/bench/report-1m.db" 2026Q3
fi
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
# 2026-11-27 16:00) and kept in BUILD_DIR/bench/. The million-case parts
# (the demo takes minutes) run with BENCH_MILLION=1.
run bench_store insert "$B/bench/insert.db" 1000
for n in 100000 ${BENCH_MILLION:+1000000}; do
	demo_db "$n" || { status=1; continue; }
	run bench_store query "$B/bench/store-$n.db"
done

exit $status
