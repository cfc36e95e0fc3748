/* A report's progress: "report  61,440 of 204,000  30% …" on the command
 * line's bar, for a report over more than REPORT_PROGRESS_MIN cases. */
#include "report_progress.h"
#include "core/progress.h"

#include <stddef.h>

static long long done, total;

static long long count_rows(sqlite3 *db, const char *sql, const char *first, const char *end)
{
	sqlite3_stmt *q;
	long long n = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, end, -1, SQLITE_STATIC);
	if (first)
		sqlite3_bind_text(q, 2, first, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

void report_progress_begin(sqlite3 *db, const char *first, const char *end, bool period_only)
{
	long long before, in;

	done = total = 0;
	if (!progress_listening())
		return;
	/* through the received index: milliseconds against the scans' seconds */
	before = count_rows(db, "SELECT count(*) FROM cases WHERE received < ?1", NULL, end);
	if (before <= REPORT_PROGRESS_MIN)
		return;
	in = count_rows(db, "SELECT count(*) FROM cases WHERE received < ?1 AND received >= ?2",
			first, end);
	/* the other periods' totals kept: the period's cases, twice */
	total = period_only ? 2 * in : before + in;
	if (total <= REPORT_PROGRESS_MIN)
		total = 0;
}

void report_progress_row(void)
{
	/* every 1,024th row: the listener throttles, but a call a row is waste */
	if (total && (++done & 1023) == 0 && done < total)
		progress_note("report", done, total);
}

void report_progress_end(void)
{
	if (total)
		progress_end("report");
	done = total = 0;
}
