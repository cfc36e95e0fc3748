#!/bin/sh
# Many terminals over one database: bench/bench_load.c's worker processes
# (adding, acting, reading) for SECONDS, with their latency table.
#   bench/load.sh BUILD_DIR [SECONDS [ADDERS ACTORS READERS [PAUSE_MS [DB]]]]
# Defaults: 60 s, 20 adding, 40 acting (a note), 40 reading (list overdue,
# search 红包, show), 1000 ms between one person's commands on average.
# Without DB, a copy of BUILD_DIR/bench/store-100000.db when it exists (make
# bench makes it), else a new 500-case demo; either in a temporary directory,
# removed afterwards. Exits 1 on any error. Each cdesk's lock times go to
# $CDESK_TRACE_LOCK (a file in the temporary directory unless set), and the
# table is followed by where the median and the slowest commands' time went.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $B in /*) ;; *) B="$top/$B" ;; esac
secs=${2:-60} adders=${3:-20} actors=${4:-40} readers=${5:-40} pause=${6:-1000} db=$7
load="$B/bench/bench_load"
[ -x "$load" ] || { echo "load: $load is not built (make bench builds it)" >&2; exit 1; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
if [ -z "$db" ]; then
	db="$dir/load.db"
	if [ -f "$B/bench/store-100000.db" ]; then
		cp "$B/bench/store-100000.db" "$db" || exit 1
	else
		"$B/cdesk" --db "$db" demo --cases 500 --at "2026-11-27 16:00" >/dev/null 2>&1 ||
			{ echo "load: cdesk demo failed" >&2; exit 1; }
	fi
fi
CDESK_TRACE_LOCK=${CDESK_TRACE_LOCK:-$dir/locks}
export CDESK_TRACE_LOCK
sqlite3 "$db" "SELECT number FROM cases ORDER BY id DESC LIMIT 200" >"$dir/cases" ||
	{ echo "load: cannot read $db" >&2; exit 1; }
"$load" "$B/cdesk" "$db" "$secs" "$adders" "$actors" "$readers" "$pause" "$dir/cases"
rc=$?
CDESK_TRACE_LOCK= "$B/cdesk" --db "$db" check >"$dir/check" 2>&1 ||
	{ echo "load: cdesk check failed after the run:"; cat "$dir/check"; rc=1; }
exit $rc
