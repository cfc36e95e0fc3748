/* Progress of a report over many cases (src/core/report_progress.c): the
 * rows of its two scans, told to the progress listener (core/progress.h). */
#ifndef CDESK_CORE_REPORT_PROGRESS_H
#define CDESK_CORE_REPORT_PROGRESS_H

#include <sqlite3.h>
#include <stdbool.h>

/* A report reads this many cases or fewer without telling its progress. */
#define REPORT_PROGRESS_MIN 100000

/* Counts the rows the report's scans will read (the cases received before
 * end, then those from first; with period_only those from first twice): when
 * someone listens and there are more than REPORT_PROGRESS_MIN cases, the
 * rows read are told from then on. */
void report_progress_begin(sqlite3 *db, const char *first, const char *end, bool period_only);

/* One row read by a scan. */
void report_progress_row(void);

/* The report's scans are over (also on failure). */
void report_progress_end(void);

#endif
