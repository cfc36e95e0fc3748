/* Issued reports: the copy of a closed period's report as it was issued, and what has changed since. */
#ifndef CDESK_CORE_REPORT_ISSUE_H
#define CDESK_CORE_REPORT_ISSUE_H

#include <sqlite3.h>

#include "core/err.h"
#include "core/util.h"

/* The copy kept when a report was issued (strings owned; free with report_issued_free). */
struct report_issued {
	char period[8];             /* "2026Q3", "2026-08" */
	char issued_at[20];         /* "YYYY-MM-DD HH:MM:SS" */
	char issued_by[64];         /* the Unix login */
	char *text, *csv, *json;    /* the three renderings as issued */
};

/*
 * Keeps the renderings of period's report as issued by `by` at `at`, in the
 * table report_issues (made on first use), in one transaction. ERR_CONFLICT
 * when the period was issued already (an issued report is never replaced:
 * later edits show as corrections), ERR_INTERNAL on SQL failure.
 */
int report_issue_save(sqlite3 *db, const char *period, const char *by, const char *at,
		      const char *text, const char *csv, const char *json, struct err *err);

/* The issued copy of period: 0 and *out filled, or ERR_NOTFOUND when it was never issued. */
int report_issue_load(sqlite3 *db, const char *period, struct report_issued *out,
		      struct err *err);
void report_issued_free(struct report_issued *r);

/*
 * The figures that changed since issue: the rows of the CSV issued and of
 * now's that differ, the lines that name when and by whom a report was made
 * left aside. Appends to was the issued rows that are gone, to now the rows
 * in their place, each ending in "\n" (CR stripped); returns the number of
 * rows that differ (0: no correction).
 */
int report_corrections(const char *issued_csv, const char *now_csv, struct sbuf *was,
		       struct sbuf *now);

#endif
