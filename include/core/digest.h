/* The daily digest for cron: per department, open cases due within one working day and overdue. */
#ifndef CDESK_CORE_DIGEST_H
#define CDESK_CORE_DIGEST_H

#include <stdbool.h>

#include <sqlite3.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/rules.h"

/* One case for one of its departments. */
struct digest_item {
	char number[32];
	char dept[RULES_CODE_MAX];
	bool lead;                  /* the lead department of the case */
	int ndepts;
	struct cdatetime received, due;
	bool overdue;               /* due before now */
	int days;                   /* working days from today to the due day (<0: overdue) */
	char status[16];
	char hclass[16];
	char unit[64];
	bool feedback;              /* the department's feedback deadline (its transfer), not the reply's */
	bool callback;              /* the callback's deadline (the office's), not the reply's */
	bool safety;                /* a medical-safety risk (第二十一条): listed first */
};

struct digest {
	struct digest_item *v;
	int n, cap;
	struct cdatetime now;
	cdate horizon;              /* the end of the next working day is the limit */
};

/*
 * Collects, for each department (or only dept, a code, when not NULL), the
 * open cases that are not paused and whose reply deadline is not met, due
 * before the end of the next working day after now's day. Sorted by
 * department, overdue first, then by due time. ERR_INTERNAL on SQL failure.
 */
int digest_build(sqlite3 *db, const struct calendar *cal, struct cdatetime now,
		 const char *dept, struct digest *out, struct err *err);
/*
 * The same, answering for each case to whoever holds it: a case that no
 * department holds (registered: never transferred, or every transfer
 * returned) is the complaint office's (office, a code; NULL: its suggested
 * departments), and every open transfer whose own feedback deadline falls
 * before the limit is an item of its department with feedback set. With
 * rules, a replied case whose callback (rules_due_callback) falls before
 * the limit is an item of the office with callback set.
 */
int digest_build_office(sqlite3 *db, const struct calendar *cal, const struct ruleset *rules,
			struct cdatetime now, const char *dept, const char *office,
			struct digest *out, struct err *err);
void digest_free(struct digest *d);

#endif
