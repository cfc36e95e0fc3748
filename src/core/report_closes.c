/*
 * cdesk check for the report's close events (report_closes, schema 16):
 * every row against the close event it is made from, and every close
 * event against its row (report_closes.h).
 */
#include "core/i18n.h"
#include "core/report.h"
#include "report_closes.h"
#include "report_pass.h"

#include <stdio.h>

int report_closes_check(sqlite3 *db, long *bad, void (*fn)(const char *msg, void *arg),
			void *arg, struct err *err)
{
	/* each row that is not its event's, then each close event without a
	 * row: the event's id, and which */
	static const char sql[] =
		"SELECT id, 1 FROM (SELECT at, id, case_id, finding, responsible, staff, "
		"rectify_due, later_at FROM report_closes EXCEPT " REPORT_CLOSES_ROWS ") UNION ALL "
		"SELECT e.id, 0 FROM events e WHERE e.action = 'close' AND e.case_id IS NOT NULL "
		"AND e.id NOT IN (SELECT id FROM report_closes) ORDER BY 1, 2";
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return sql_fail(db, "reading the report's close events", err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);
		char *msg = sqlite3_column_int(q, 1)
				    ? sqlite3_mprintf(R_("the report's close events have a row "
							 "for event %lld that is not that "
							 "event's: changed outside cdesk"), id)
				    : sqlite3_mprintf(R_("the report's close events lack the "
							 "row of close event %lld: changed "
							 "outside cdesk"), id);
		(*bad)++;
		if (fn)
			fn(msg ? msg : "out of memory", arg);
		sqlite3_free(msg);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(db, "reading the report's close events", err);
	return 0;
}
