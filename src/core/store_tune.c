/*
 * Connection settings for speed (store_tune), and for make bench the SQL
 * trace (store_trace_setup).
 *
 * For make bench: with $CDESK_TRACE_SQL naming a file, every SQL statement
 * a connection runs (parameters filled in, statements run by triggers left
 * out) is appended to it, one per line ending ';', so that bench/run.sh can
 * give the sqlite3 shell exactly the same SQL. Never when config_secure():
 * an installed cdesk writes no file its user names.
 */
#include "store_priv.h"
#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * open.
 */
void store_tune(sqlite3 *db)
{
	sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}
