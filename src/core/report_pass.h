/* Private to report_build (report.c) and its passes over the period's cases
 * (report_detail.c): a period's bounds, a case's state at its end, the
 * rebuilt fields of a case reopened after it, and the second pass's entry. */
#ifndef CDESK_CORE_REPORT_PASS_H
#define CDESK_CORE_REPORT_PASS_H

#include "core/report.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One period's bounds as stored strings, and its totals. */
struct span {
	struct report_period period;
	cdate as_of;
	char first[20];             /* "YYYY-MM-DD 00:00:00" of the first day */
	char end[20];               /* "YYYY-MM-DD 00:00:00" of the day after as_of */
	char last_sec[20];          /* "YYYY-MM-DD 23:59:59" of as_of */
	struct report_totals t;
};

/* The day of a stored time ("YYYY-MM-DD…"); CDATE of 0 when malformed.
 * The digits of a well-formed time read directly (what atoi gives them);
 * anything else as atoi reads it. */
static inline cdate day_of(const char *s)
{
	cdate d = 0;
	int k;

	if (!s)
		return 0;
	for (k = 0; k < 10 && s[k]; k++)
		if (k == 4 || k == 7 ? s[k] != '-' : s[k] < '0' || s[k] > '9')
			break;
	if (k == 10 && (s[10] < '0' || s[10] > '9')) {
#define DIGIT(i) (s[i] - '0')
		date_from_ymd(DIGIT(0) * 1000 + DIGIT(1) * 100 + DIGIT(2) * 10 + DIGIT(3),
			      DIGIT(5) * 10 + DIGIT(6), DIGIT(8) * 10 + DIGIT(9), &d);
#undef DIGIT
	} else if (strlen(s) >= 10) {
		date_from_ymd(atoi(s), atoi(s + 5), atoi(s + 8), &d);
	}
	return d;
}

static inline const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static inline const char *col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static inline int sql_fail(sqlite3 *db, const char *what, struct err *err)
{
	return err_set(err, ERR_INTERNAL, "report: %s: %s", what, sqlite3_errmsg(db));
}

/* The state of one case at the end of a span, from the indexed columns. */
struct state {
	bool final;                 /* closed, rejected or merged by the end */
	bool closed;                /* final as "closed" */
	bool on_time;               /* closed and its deadline met in time */
	bool overdue;               /* open at the end, past due, not met, not paused */
};

/* The state at the end of s of a case with these stored fields (NULL: none). */
struct state report_state_at(const struct span *s, const char *status, const char *closed_at,
			     const char *due, const char *due_met, const char *paused_at);

/* An array of case ids, with each case's receipt as stored (the key of
 * the cases_period index, in which pass 3 finds the case by both). */
struct ids {
	int64_t *v;
	char (*rec)[20];
	int n, cap;
};

/*
 * A case's fields as they were at some time. The row holds only the current
 * round; a case reopened (or reviewed) after a period's end had its earlier
 * closure cleared, so its state at that end is rebuilt by undoing, newest
 * first, the "before" values of its events dated at or after the end.
 */
struct hist {
	int64_t id;
	char status[16], closed_at[20], due[20], due_met[20], paused_at[20];
	char replied_at[20], satisfaction[16], callback_at[20], finding[16], round_at[20];
	char klass[16], paused_from[16];
	char depts[RULES_MAX_DEPTS * RULES_CODE_MAX];   /* "A,B" as stored */
	int round;
};

/* The case history of report_build: its statements and the rebuilt cases. */
struct history;

/* The rebuilt state of case id at the report period's end, or NULL. */
const struct hist *report_history_find(const struct history *hs, int64_t id);

/*
 * Passes 2 and 3 (report_detail.c): the period's cases for the breakdowns,
 * the departments, findings, claims and repeat complainants; then each case
 * of late (from pass 1) for the overdue list. Fills those parts of r.
 * Returns 0, or ERR_INTERNAL on an SQL failure (r then partly filled).
 */
/*
 * In src/core/report_late.c, after the overdue list: 第三十五条(二), each
 * transfer whose feedback was late (r->late_feedback); and the earlier
 * rounds of reopened cases whose reply was late, met within the period
 * (added to r->late as closed late, with round set).
 */
int report_late_feedback(sqlite3 *db, const struct report_source *src, const struct span *cur,
			 struct report *r, struct err *err);
int report_late_rounds(sqlite3 *db, const struct report_source *src, const struct span *cur,
		       struct report *r, struct err *err);
/* 第三十五条(三): the returns not accepted (r->returns). */
int report_returns(sqlite3 *db, const struct report_source *src, const struct span *cur,
		   struct report *r, struct err *err);
/* The period's cases by the latest dispute stage by the end (r->dispute_stage). */
int report_disputes(sqlite3 *db, const struct span *cur, struct report *r, struct err *err);
/* 第三十五条(五): the period's cases naming a subject unit, gathered by pass 2
 * (report_repeat_add), then the repeated subjects (r->repeats). by_staff is
 * the same cases in another order. The units and staff are kept once each
 * (names), the cases holding their index, and sorted by integer keys: the
 * names' ranks, the number's first 16 bytes. */
struct repeat_case {
	uint64_t key[2];            /* the number's first 16 bytes folded as NOCASE, big-endian */
	size_t number;              /* its offset in numbers */
	const char *num;            /* the number itself, once every case is in */
	int unit, staff;            /* indexes in names (staff: "" when none) */
	cdate received, due;
};
struct repeat_cases {
	struct repeat_case *v, *by_staff;
	int n, cap;
	struct sbuf numbers;        /* the cases' numbers, each ending in NUL */
	char **names;               /* the units and staff, each once */
	int nnames, capnames;
	struct hindex index;        /* over names */
};
void report_repeat_add(struct repeat_cases *a, const char *number, const char *unit,
		       const char *staff, const char *received, const char *due);
void report_repeats(const struct report_source *src, struct repeat_cases *a, struct report *r);
void report_repeats_free(struct repeat_cases *a);
/* The reviews concluded, by outcome. */
int report_reviews(sqlite3 *db, const struct span *cur, struct report *r, struct err *err);
/* Marks the late replies of supervised rounds (督办, 第三十五条(四)). */
int report_mark_supervised(sqlite3 *db, const struct span *cur, struct report *r,
			   struct err *err);
/* The accountability of closures (close events): r->late_rectify and r->resp. */
int report_accountability(sqlite3 *db, const struct report_source *src, const struct span *cur,
			  struct report *r, struct err *err);

/* report_cache.c: the kept totals of a completed span, into s->t (false:
 * none kept, or s has not ended). */
bool report_cache_load(sqlite3 *db, struct span *s);
/* Keeps s's totals if it has ended, in the report's read transaction, never
 * waiting for a lock: false when they could not be written (a read-only
 * file, another process holding the write lock or having written since the
 * transaction began), and the next save would fail too. */
bool report_cache_save(sqlite3 *db, const struct span *s);
/* report.c: a span's bounds as of today; the totals of spans, none of them
 * the report's period, counted from every case (pass 1). */
void report_span_init(struct span *s, const struct report_period *p, cdate today);
int report_recount(sqlite3 *db, struct span *spans, int nspans, struct err *err);

int report_details(sqlite3 *db, const struct report_source *src, const struct span *cur,
		   const struct history *hs, const struct ids *late, struct report *r,
		   struct err *err);

#endif
