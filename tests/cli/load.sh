# The load script's smoke: 100 processes (20 adding, 40 acting, 40 reading)
# over one small database for 5 seconds, no error, and `cdesk check` passes
# after it. (make bench runs it for 60 s on 100,000 cases.)
. tests/lib.sh

B="$CDESK_TOP/${BUILD:-build}"
"$B/cdesk" --db "$TMP/load.db" demo --cases 300 --at "2026-11-27 16:00" >/dev/null 2>&1
expect_rc "bench/load.sh: 100 processes for 5 s, no error" 0 \
	sh "$CDESK_TOP/bench/load.sh" "$B" 5 20 40 40 1000 "$TMP/load.db"
expect_match "the latency table has the adds" '^add  *[1-9][0-9]* .* 0$' "$TMP/out"
expect_match "the latency table has the reads" '^read .* 0$' "$TMP/out"
# $CDESK_TRACE_LOCK: each command's lock times, joined to its latency by pid
expect_match "where the adds' time went (the lock trace)" \
	'^    slowest 1% .* ms: asleep for a lock [0-9.]*, holding the write lock [0-9.]*' "$TMP/out"
expect_match "… the median adds held the write lock" \
	'^    p45-p55 .*holding the write lock [0-9]*\.[0-9]* \(commit [0-9.]*\)' "$TMP/out"
n0=300
n1=$(sqlite3 "$TMP/load.db" "SELECT count(*) FROM cases")
expect_eq "every add is in the database" "$(( n0 + $(sed -n 's/^add  *\([0-9]*\) .*/\1/p' "$TMP/out") ))" "$n1"
