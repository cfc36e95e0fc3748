/* Private to the report's renderers (report_check.c, report_text.c,
 * report_csv.c, report_json.c): what more than one of them uses. */
#ifndef CDESK_CORE_REPORT_PRIV_H
#define CDESK_CORE_REPORT_PRIV_H

#include "core/report.h"

#include <sqlite3.h>
#include <stddef.h>

/* The totals by name, in the order of the CSV rows and the JSON members. */
struct report_totals_field {
	const char *name;
	size_t offset;              /* of its long in struct report_totals */
};
#define REPORT_NTOTALS 8
extern const struct report_totals_field report_totals_fields[REPORT_NTOTALS];

/* The total report_totals_fields[i] of t. */
long report_totals_get(const struct report_totals *t, size_t i);

/* arr, or arr moved to room for one more than its n items of size bytes
 * (capacity *cap, doubled from first). */
void *report_grow(void *arr, int n, int *cap, int first, size_t size);
/* Appends a row to one of the 第三十五条 lists (*arr, *n, *cap: r->late,
 * r->returns …), zeroed, still open (closed -1), numbered number ("?" when
 * NULL); returns it. */
struct report_late *report_late_push(struct report_late **arr, int *n, int *cap,
				     const char *number);

/* The late entries recorded in the period and the chain head, into r
 * (report_audit.c, called by report_build). */
int report_audit(sqlite3 *db, struct report *r, struct err *err);

#endif
