/*
 * Connection settings for speed (store_tune), and for make bench the SQL
 * trace (store_trace_setup) and the lock trace (store_trace_lock_setup).
 *
 * For make bench: with $CDESK_TRACE_SQL naming a file, every SQL statement
 * a connection runs (parameters filled in, statements run by triggers left
 * out) is appended to it, one per line ending ';', so that bench/run.sh can
 * give the sqlite3 shell exactly the same SQL. Never when config_secure():
 * an installed cdesk writes no file its user names.
 */
#include "store_priv.h"
#include "core/config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int trace_cb(unsigned type, void *arg, void *p, void *x)
{
	FILE *f = arg;
	const char *sql = x;
	char *full;
	size_t n;

	/* Trigger bodies start "--"; FTS5's own statements name 'main'. */
	if (type != SQLITE_TRACE_STMT || !sql || strncmp(sql, "--", 2) == 0 ||
	    strstr(sql, "'main'."))
		return 0;
	full = sqlite3_expanded_sql(p);
	sql = full ? full : sql;
	n = strlen(sql);
	while (n > 0 && strchr("; \t\n", sql[n - 1]))
		n--;
	fprintf(f, "%.*s;\n", (int)n, sql);
	sqlite3_free(full);
	return 0;
}

void store_trace_setup(sqlite3 *db)
{
	static FILE *f;
	const char *path = config_secure() ? NULL : getenv("CDESK_TRACE_SQL");

	if (!path || !*path)
		return;
	if (!f && !(f = fopen(path, "a")))
		return;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_cb, f);
}

/*
 * Statement journals and temporary tables in memory, as installed (no file
 * in /var/tmp made and removed by each add). The checkpoint when the last
 * connection closes (copying the WAL into the database, an fdatasync of the
 * database file, truncating the WAL) is kept although it is the largest
 * part of an add: without it (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE; measured
 * side by side, an add in 15.5 ms instead of 27 at the median on a loaded
 * machine) the newest commits would live only in the -wal file, and a
 * database copied with cp or opened read-only would miss them or fail to
 * open. On a calm machine it is not even faster (issue 13, 5,000 cases,
 * medians of 21 alternated: 6.0 ms wall and 5.4 of CPU without it, 5.2
 * and 4.3 with it): the next process to open the file, finding no other
 * connection, rebuilds the WAL index by reading the whole -wal.
 */
void store_tune(sqlite3 *db)
{
	sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}

double store_trace_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What SQLite's own autocheckpoint does (sqlite3_wal_autocheckpoint is
 * this hook with the threshold), timed. Called after the commit has
 * released the write lock: the hold ends here. */
static int trace_wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store *st = arg;
	double t = store_trace_ms();

	if (st->lt.tx_start > 0) {
		st->lt.hold += t - st->lt.tx_start;
		st->lt.tx_start = 0;
	}
	if (st->lt.autockpt > 0 && frames >= st->lt.autockpt) {
		sqlite3_wal_checkpoint(db, name);
		st->lt.ckpt += store_trace_ms() - t;
		st->lt.ckpts++;
	}
	return SQLITE_OK;
}

/*
 * For bench/load.sh: with $CDESK_TRACE_LOCK naming a file, each connection
 * appends one line when it closes: its process id and, in ms, the time from
 * opening to closing, spent sleeping in the busy handler (and how often),
 * in BEGIN IMMEDIATE (the wait included), holding the write lock (from
 * BEGIN to the lock's release by COMMIT or ROLLBACK), in COMMIT (writing and
 * syncing the WAL; an autocheckpoint it runs is counted apart), in
 * autocheckpoints (how many) and in closing (the checkpoint of the last
 * connection). Never when
 * config_secure(), as $CDESK_TRACE_SQL.
 */
void store_trace_lock_setup(struct store *st)
{
	const char *path = config_secure() ? NULL : getenv("CDESK_TRACE_LOCK");
	sqlite3_stmt *s;

	if (!path || !*path)
		return;
	st->lt.on = true;
	st->lt.opened = store_trace_ms();
	st->lt.autockpt = 1000;
	if (sqlite3_prepare_v2(st->db, "PRAGMA wal_autocheckpoint", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			st->lt.autockpt = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_wal_hook(st->db, trace_wal_hook, st);
}

void store_trace_lock_write(struct store *st, double close_ms)
{
	const char *path = config_secure() ? NULL : getenv("CDESK_TRACE_LOCK");
	char line[320];
	int fd, n;

	if (!st->lt.on || !path || !*path)
		return;
	n = snprintf(line, sizeof line, "pid %d total %.2f wait %.2f waits %d begin %.2f "
		     "hold %.2f commit %.2f checkpoint %.2f checkpoints %d close %.2f\n",
		     (int)getpid(), store_trace_ms() - st->lt.opened, st->lt.wait, st->lt.waits,
		     st->lt.begin, st->lt.hold, st->lt.commit, st->lt.ckpt, st->lt.ckpts, close_ms);
	/* one write with O_APPEND: the lines of many processes do not mix */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (n > 0 && write(fd, line, (size_t)n) < 0)
		n = 0;
	close(fd);
}
