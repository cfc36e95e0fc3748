/* The late lists of 第三十五条 that are not the cases' deadlines at the end: departments' feedback, and earlier rounds. */
#include "core/calendar.h"
#include "core/report.h"
#include "core/util.h"
#include "report_pass.h"
#include "report_priv.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *name_of(const struct report_source *src, const char *code)
{
	for (int i = 0; i < src->ndepts; i++)
		if (!strcmp(src->depts[i].code, code))
			return src->depts[i].name;
	return code;
}

/* The lead department of a stored list "A,B,C" as its name, "+n" for the others. */
static void lead_of(const struct report_source *src, const char *depts, char *out, size_t size)
{
	char code[REPORT_LABEL_MAX];
	int n = 0;
	const char *c;

	if (!depts || !*depts) {
		snprintf(out, size, "（未分派）");
		return;
	}
	c = strchr(depts, ',');
	snprintf(code, sizeof code, "%.*s", c ? (int)(c - depts) : (int)strlen(depts), depts);
	for (const char *p = depts; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		n++;
	if (n > 1)
		snprintf(out, size, "%.40s+%d", name_of(src, code), n - 1);
	else
		snprintf(out, size, "%s", name_of(src, code));
}

/* sql prepared with ?1 the period's first second and ?2 its end. */
static int period_query(sqlite3 *db, const char *sql, const struct span *cur, const char *what,
			sqlite3_stmt **q, struct err *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, q, NULL) != SQLITE_OK)
		return sql_fail(db, what, err);
	sqlite3_bind_text(*q, 1, cur->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(*q, 2, cur->end, -1, SQLITE_STATIC);
	return 0;
}

/* Working days from due to end, never below 0. */
static int days_late(const struct calendar *cal, cdate due, cdate end)
{
	int n = calendar_working_days_between(cal, due, end);

	return n < 0 ? 0 : n;
}

/*
 * 第三十五条(二): the transfers whose written feedback was late — given in
 * the period after its own deadline, or owed past it at the end while the
 * case was still open. Returned and cancelled transfers owe none.
 */
int report_late_feedback(sqlite3 *db, const struct report_source *src, const struct span *cur,
			 struct report *r, struct err *err)
{
	/* Three ranges, each over an index of transfers: given late in the
	 * period (transfers_late, schema 16: the late ones alone, where
	 * transfers_done holds every answered transfer, nine in ten on time);
	 * owed at the end and still not given; given after it (schema 6).
	 * The first, most of the rows, needs no more of the case than
	 * cases_brief holds (schema 14): SQLite reads the case rows otherwise,
	 * half of this pass at a million cases. */
#define LATE_FEEDBACK_OF(by, c) "SELECT c.number, t.dept, c.received, t.due, t.done_at, t.id " \
		"FROM transfers t INDEXED BY " by " JOIN cases c " c "ON c.id = t.case_id " \
		"WHERE t.state IN ('open', 'answered') AND t.due < ?2 AND t.at < ?2 AND "
#define LATE_FEEDBACK_OWED " AND (c.closed_at IS NULL OR c.closed_at >= ?2)"
	static const char sql[] =
		LATE_FEEDBACK_OF("transfers_late", "INDEXED BY cases_brief ")
		"t.done_at IS NOT NULL AND t.done_at > t.due AND t.done_at >= ?1 "
		"AND t.done_at < ?2 UNION ALL "
		LATE_FEEDBACK_OF("transfers_owed", "") "t.done_at IS NULL" LATE_FEEDBACK_OWED " UNION ALL "
		LATE_FEEDBACK_OF("transfers_done", "") "t.done_at IS NOT NULL AND t.done_at >= ?2"
		LATE_FEEDBACK_OWED " ORDER BY 2, 1, 6";
#undef LATE_FEEDBACK_OF
#undef LATE_FEEDBACK_OWED
	sqlite3_stmt *q;
	int rc;

	if ((rc = period_query(db, sql, cur, "preparing the late feedback list", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *number = col_text(q, 0), *dept = col_text(q, 1);
		const char *done = col_text(q, 4);
		struct report_late *l;
		bool owed = !done || strcmp(done, cur->end) >= 0;

		/* owed at the end but only due on its last day: not yet late */
		if (owed && strcmp(col_text(q, 3), cur->last_sec) >= 0)
			continue;
		l = report_late_push(&r->late_feedback, &r->nlate_feedback, &r->late_feedback_cap,
				     number);
		strlcpy_(l->dept, name_of(src, dept ? dept : "?"), sizeof l->dept);
		l->received = day_of(col_text(q, 2));
		l->due = day_of(col_text(q, 3));
		l->closed = owed ? -1 : day_of(done);
		l->days_late = days_late(src->cal, l->due, owed ? cur->as_of : l->closed);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(db, "reading the late feedback list", err);
	return 0;
}

/*
 * A round ends when an unsatisfied callback, a reopening or a review starts
 * the next: the event's "before" keeps that round's deadline and when it was
 * met. Met late within the period, it is a late reply of its own (a case
 * late in round 1 and on time in round 2 is never forgotten). Round 1 is
 * counted from receipt, later rounds from their reopening.
 */
int report_late_rounds(sqlite3 *db, const struct report_source *src, const struct span *cur,
		       struct report *r, struct err *err)
{
	static const char sql[] =
		"SELECT c.number, c.depts, c.received, json_extract(e.before, '$.due_time'), "
		"json_extract(e.before, '$.due_met'), json_extract(e.before, '$.round') "
		"FROM events e JOIN cases c ON c.id = e.case_id "
		"WHERE json_extract(e.before, '$.round') IS NOT NULL "
		"AND json_extract(e.before, '$.due_met') > json_extract(e.before, '$.due_time') "
		"AND json_extract(e.before, '$.due_met') >= ?1 "
		"AND json_extract(e.before, '$.due_met') < ?2 ORDER BY c.number, e.id";
	sqlite3_stmt *q;
	int rc;

	if ((rc = period_query(db, sql, cur, "preparing the earlier rounds", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct report_late *l = report_late_push(&r->late, &r->nlate, &r->late_cap,
							 col_text(q, 0));

		lead_of(src, col_text(q, 1), l->dept, sizeof l->dept);
		l->received = day_of(col_text(q, 2));
		l->due = day_of(col_text(q, 3));
		l->closed = day_of(col_text(q, 4));
		l->round = sqlite3_column_int(q, 5);
		l->days_late = days_late(src->cal, l->due, l->closed);
		r->late_closed++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(db, "reading the earlier rounds", err);
	return 0;
}

static void resp_count(struct report *r, const char *dept, const char *staff, bool partly)
{
	struct report_resp *x = NULL;

	for (int i = 0; i < r->nresp && !x; i++)
		if (!strcmp(r->resp[i].dept, dept) && !strcmp(r->resp[i].staff, staff))
			x = &r->resp[i];
	if (!x) {
		r->resp = report_grow(r->resp, r->nresp, &r->resp_cap, 16, sizeof *r->resp);
		x = memset(&r->resp[r->nresp++], 0, sizeof *x);
		strlcpy_(x->dept, dept, sizeof x->dept);
		strlcpy_(x->staff, staff, sizeof x->staff);
	}
	if (partly)
		x->partly++;
	else
		x->substantiated++;
}

static int resp_cmp(const void *a, const void *b)
{
	const struct report_resp *x = a, *y = b;
	int c = strcmp(x->dept, y->dept);

	return c ? c : strcmp(x->staff, y->staff);
}

static int nocase_cmp(const char *a, const char *b);

/* The list by case number: at most one row a case (its last closure before
 * the end), sorted here, not by SQLite over every close event of the period. */
static int late_by_number(const void *a, const void *b)
{
	return nocase_cmp(((const struct report_late *)a)->number,
			  ((const struct report_late *)b)->number);
}

/*
 * The close events of the period: each substantiated or partly substantiated
 * finding counts for its responsible department (a close event without one,
 * from before closure named it or written by the demo: the lead) and staff (a case closed
 * again after a reopening counts its last closure of the period); each
 * rectification named is late when done after its due day or still undone
 * past it at the end.
 */
int report_accountability(sqlite3 *db, const struct report_source *src, const struct span *cur,
			  struct report *r, struct err *err)
{
	/* The close events of the period that count (a substantiated finding
	 * or a rectification), and the earlier ones naming a rectification,
	 * each the last closure of its case before the end (no later close
	 * before then: later_at), read from report_closes (schema 16): no
	 * JSON, no lookup of a later close. Their cases' columns from
	 * cases_brief (schema 14), not the case rows, as SQLite looks an id up
	 * in the table itself; the rectification's day only when one was
	 * named. */
	static const char sql[] =
		"WITH j AS (SELECT id, case_id, at, finding AS f, responsible AS resp, staff, "
		"rectify_due AS due FROM report_closes WHERE at >= ?1 AND at < ?2 AND "
		"(finding IN ('substantiated', 'partly') OR rectify_due IS NOT NULL) AND "
		"(later_at IS NULL OR later_at >= ?2) UNION ALL SELECT id, case_id, at, finding, "
		"responsible, staff, rectify_due FROM report_closes INDEXED BY report_closes_rectify "
		"WHERE rectify_due IS NOT NULL AND at < ?1 AND (later_at IS NULL OR later_at >= ?2)) "
		"SELECT c.number, c.received, j.f, coalesce(j.resp, CASE WHEN instr(c.depts, ',') > 0 "
		"THEN substr(c.depts, 1, instr(c.depts, ',') - 1) ELSE nullif(c.depts, '') END), "
		"j.staff, j.due, CASE WHEN j.due IS NOT NULL THEN (SELECT min(d.at) FROM events d "
		"WHERE d.case_id = j.case_id AND d.action = 'rectified' AND d.id > j.id) END, j.at "
		"FROM j JOIN cases c INDEXED BY cases_brief ON c.id = j.case_id";
	sqlite3_stmt *q;
	int rc;

	if ((rc = period_query(db, sql, cur, "preparing the accountability", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *finding = col_text(q, 2), *dept = col_text(q, 3), *staff = col_text(q, 4);
		const char *due = col_text(q, 5), *done = col_text(q, 6);
		bool owed = !done || strcmp(done, cur->end) >= 0;
		struct report_late *l;

		if (finding && dept && strcmp(col_text(q, 7), cur->first) >= 0 &&
		    (!strcmp(finding, "substantiated") || !strcmp(finding, "partly")))
			resp_count(r, name_of(src, dept), staff ? staff : "", !strcmp(finding, "partly"));
		if (!due || (owed ? strcmp(due, cur->last_sec) >= 0
				  : strcmp(done, due) <= 0 || strcmp(done, cur->first) < 0))
			continue;
		l = report_late_push(&r->late_rectify, &r->nlate_rectify, &r->late_rectify_cap,
				     col_text(q, 0));
		strlcpy_(l->dept, dept ? name_of(src, dept) : "（未认定）", sizeof l->dept);
		l->received = day_of(col_text(q, 1));
		l->due = day_of(due);
		l->closed = owed ? -1 : day_of(done);
		l->days_late = days_late(src->cal, l->due, owed ? cur->as_of : l->closed);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(db, "reading the accountability", err);
	if (r->nresp)
		qsort(r->resp, (size_t)r->nresp, sizeof *r->resp, resp_cmp);
	if (r->nlate_rectify > 1)
		qsort(r->late_rectify, (size_t)r->nlate_rectify, sizeof *r->late_rectify,
		      late_by_number);
	return 0;
}

/*
 * A late reply of a round that had a supervisor named (督办) before the end
 * is 第三十五条(四), 未按时完成领导督办件: the round of the row (an earlier
 * round's, or the one the case was in at the end). The unary + keeps the
 * round out of the index's key, so that the case's round at the end is only
 * looked for when it has a supervise event (the partial index
 * events_supervise).
 */
static int str_nocase_cmp(const void *a, const void *b)
{
	return nocase_cmp(*(char *const *)a, *(char *const *)b);
}

int report_mark_supervised(sqlite3 *db, const struct span *cur, struct report *r,
			   struct err *err)
{
	sqlite3_stmt *q;
	char **sup = NULL;          /* the numbers of the cases supervised before the end */
	int nsup = 0, capsup = 0, rc;

	/* Few cases are ever supervised: only the late rows of those (read
	 * from events_supervise, sorted as NOCASE compares) are looked for. */
	if ((rc = period_query(db, "SELECT DISTINCT c.number FROM events e INDEXED BY "
			       "events_supervise JOIN cases c ON c.id = e.case_id WHERE "
			       "e.action = 'supervise' AND e.at < ?2", cur,
			       "preparing the supervised cases", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sup = report_grow(sup, nsup, &capsup, 16, sizeof *sup);
		sup[nsup++] = xstrdup(col_text(q, 0));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		for (int i = 0; i < nsup; i++)
			free(sup[i]);
		free(sup);
		return sql_fail(db, "reading the supervised cases", err);
	}
	if (nsup)
		qsort(sup, (size_t)nsup, sizeof *sup, str_nocase_cmp);
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM events e JOIN cases c ON c.id = e.case_id "
			       "WHERE c.number = ?1 AND e.action = 'supervise' AND e.at < ?2 AND "
			       "+e.round = (CASE WHEN ?3 > 0 THEN ?3 ELSE (SELECT max(x.round) "
			       "FROM events x WHERE x.case_id = c.id AND x.at < ?2) END)", -1, &q,
			       NULL) != SQLITE_OK) {
		for (int i = 0; i < nsup; i++)
			free(sup[i]);
		free(sup);
		return sql_fail(db, "preparing the supervised", err);
	}
	for (int i = 0; i < r->nlate; i++) {
		const char *number = r->late[i].number;
		r->late[i].supervised = false;
		if (!nsup || !bsearch(&number, sup, (size_t)nsup, sizeof *sup, str_nocase_cmp))
			continue;
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, r->late[i].number, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, cur->end, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 3, r->late[i].round);
		r->late[i].supervised = sqlite3_step(q) == SQLITE_ROW;
	}
	sqlite3_finalize(q);
	for (int i = 0; i < nsup; i++)
		free(sup[i]);
	free(sup);
	return 0;
}

int report_disputes(sqlite3 *db, const struct span *cur, struct report *r, struct err *err)
{
	static const char *const stages[5] = { "claims-centre", "appraisal", "mediation",
					       "litigation", "settlement" };
	sqlite3_stmt *q;
	int rc;

	/* the cases with a dispute event (events_dispute, few), not every case
	 * of the period looked up in it */
	if ((rc = period_query(db, "SELECT (SELECT json_extract(e.after, '$.dispute_stage') FROM "
			       "events e WHERE e.case_id = c.id AND e.action = 'dispute' AND "
			       "e.at < ?2 ORDER BY e.at DESC, e.id DESC LIMIT 1) AS s FROM cases c "
			       "WHERE c.id IN (SELECT d.case_id FROM events d INDEXED BY "
			       "events_dispute WHERE d.action = 'dispute' AND d.at < ?2) AND "
			       "c.received >= ?1 AND c.received < ?2 AND s IS NOT NULL", cur,
			       "preparing the disputes", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		for (int i = 0; i < 5; i++)
			if (!strcmp(col_text(q, 0), stages[i]))
				r->dispute_stage[i]++;
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, "reading the disputes", err);
}

/*
 * A department's return whose reason the office did not accept: it was
 * transferred to the same department again in the same round (第三十五条(三),
 * 无正当理由推托或拒绝接收). Returns in the period, by department.
 */
int report_returns(sqlite3 *db, const struct report_source *src, const struct span *cur,
		   struct report *r, struct err *err)
{
	static const char sql[] =
		"SELECT c.number, t.dept, c.received, t.due, t.done_at FROM transfers t "
		"JOIN cases c ON c.id = t.case_id WHERE t.state = 'returned' AND t.done_at >= ?1 "
		"AND t.done_at < ?2 AND EXISTS (SELECT 1 FROM transfers u WHERE u.case_id = "
		"t.case_id AND u.dept = t.dept AND u.round = t.round AND u.id > t.id AND u.at < ?2) "
		"ORDER BY t.dept, c.number";
	sqlite3_stmt *q;
	int rc;

	if ((rc = period_query(db, sql, cur, "preparing the returns", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct report_late *l = report_late_push(&r->returns, &r->nreturns,
							 &r->returns_cap, col_text(q, 0));

		strlcpy_(l->dept, name_of(src, col_text(q, 1) ? col_text(q, 1) : "?"),
			 sizeof l->dept);
		l->received = day_of(col_text(q, 2));
		l->due = day_of(col_text(q, 3));
		l->closed = day_of(col_text(q, 4));
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, "reading the returns", err);
}

/* Compares as SQLite's NOCASE does (ASCII letters folded), the collation
 * of cases.number. */
static int nocase_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

/* The number's key: its first 16 bytes, ASCII letters folded as NOCASE
 * folds them, zero-padded, big-endian: two keys compare as the numbers do
 * (nocase_cmp) unless both begin with the same 16 bytes. */
static void number_key(const char *s, uint64_t key[2])
{
	key[0] = key[1] = 0;
	for (int i = 0; i < 16 && s[i]; i++) {
		unsigned c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		key[i / 8] |= (uint64_t)c << (56 - 8 * (i % 8));
	}
}

/* The numbers of x and y compared as nocase_cmp does. */
static int number_cmp(const struct repeat_case *x, const struct repeat_case *y)
{
	if (x->key[0] != y->key[0])
		return x->key[0] < y->key[0] ? -1 : 1;
	if (x->key[1] != y->key[1])
		return x->key[1] < y->key[1] ? -1 : 1;
	return nocase_cmp(x->num, y->num);
}

static int by_unit_number(const void *a, const void *b)
{
	const struct repeat_case *x = a, *y = b;

	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return number_cmp(x, y);
}

/* from, n cases, into to in the order of their int at off (a rank below
 * nranks), stably; count: nranks + 1 ints, left zeroed. */
static void counting_sort(const struct repeat_case *from, struct repeat_case *to, int n,
			  int *count, int nranks, size_t off)
{
#define RANK(x) (*(const int *)((const char *)(x) + off))
	for (int i = 0; i < n; i++)
		count[RANK(&from[i]) + 1]++;
	for (int r = 0; r < nranks; r++)
		count[r + 1] += count[r];
	for (int i = 0; i < n; i++)
		to[count[RANK(&from[i])]++] = from[i];
#undef RANK
	memset(count, 0, (size_t)(nranks + 1) * sizeof *count);
}

/* The index of name s in a->names, added when new. */
static int name_intern(struct repeat_cases *a, const char *s)
{
	struct hindex *x = &a->index;
	uint32_t h = util_hash(s, SIZE_MAX);
	int i;

	hindex_reserve(x, a->nnames, 256);
	for (i = hindex_first(x, h); x->v[i].item; i = hindex_next(x, i))
		if (x->v[i].hash == h && !strcmp(a->names[x->v[i].item - 1], s))
			return x->v[i].item - 1;
	a->names = report_grow(a->names, a->nnames, &a->capnames, 64, sizeof *a->names);
	a->names[a->nnames] = xstrdup(s);
	x->v[i] = (struct hindex_slot){ h, ++a->nnames };
	return a->nnames - 1;
}

void report_repeat_add(struct repeat_cases *a, const char *number, const char *unit,
		       const char *staff, const char *received, const char *due)
{
	struct repeat_case *x;

	if (!unit || !*unit || !number)
		return;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
		a->by_staff = xrealloc(a->by_staff, (size_t)a->cap * sizeof *a->by_staff);
	}
	x = &a->v[a->n++];
	number_key(number, x->key);
	sbuf_addn(&a->numbers, "", 0);
	x->number = a->numbers.len;
	sbuf_addn(&a->numbers, number, strlen(number) + 1);
	x->unit = name_intern(a, unit);
	x->staff = name_intern(a, staff ? staff : "");
	x->received = day_of(received);
	x->due = due ? day_of(due) : x->received;
}

void report_repeats_free(struct repeat_cases *a)
{
	for (int i = 0; i < a->nnames; i++)
		free(a->names[i]);
	free(a->names);
	hindex_free(&a->index);
	sbuf_free(&a->numbers);
	free(a->v);
	free(a->by_staff);
	memset(a, 0, sizeof *a);
}

struct ranked {
	char *name;
	int index;                  /* in names before the sort */
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ranked *)a)->name, ((const struct ranked *)b)->name);
}

static void repeat_row(struct report *r, const struct repeat_cases *a,
		       const struct repeat_case *x, bool staff, int n)
{
	struct report_late *l = report_late_push(&r->repeats, &r->nrepeats, &r->repeats_cap,
						 x->num);
	/* "unit/staff", cut as snprintf would */
	size_t len = strlcpy_(l->dept, a->names[x->unit], sizeof l->dept);

	if (staff && len < sizeof l->dept - 1) {
		l->dept[len++] = '/';
		strlcpy_(l->dept + len, a->names[x->staff], sizeof l->dept - len);
	}
	l->received = x->received;
	l->due = x->due;
	l->cases = n;
}

/*
 * 第三十五条(五), 同一科室或人员被重复投诉: the period's cases (a merged
 * duplicate is not a case of its own; pass 2 hands them over) naming the
 * same subject unit and staff member, two or more, or the same unit,
 * src->repeat_unit or more (default 3). One row per case, under its subject,
 * the subject's count with it: by unit, then staff ("" for the unit's own
 * rows), then case number. The names are put in strcmp order once and the
 * cases sorted by their ranks.
 */
void report_repeats(const struct report_source *src, struct repeat_cases *a, struct report *r)
{
	int i = 0, k = 0, *rank;

	r->repeat_unit = src->repeat_unit > 0 ? src->repeat_unit : 3;
	if (!a->n)
		return;
	/* names[] sorted, each case's indexes moved to their ranks */
	rank = xmalloc((size_t)a->nnames * sizeof *rank);
	{
		struct ranked *sorted = xmalloc((size_t)a->nnames * sizeof *sorted);
		for (int m = 0; m < a->nnames; m++)
			sorted[m] = (struct ranked){ a->names[m], m };
		qsort(sorted, (size_t)a->nnames, sizeof *sorted, name_cmp);
		for (int m = 0; m < a->nnames; m++) {
			rank[sorted[m].index] = m;
			a->names[m] = sorted[m].name;
		}
		free(sorted);
	}
	for (int m = 0; m < a->n; m++) {
		a->v[m].unit = rank[a->v[m].unit];
		a->v[m].staff = rank[a->v[m].staff];
		a->v[m].num = a->numbers.s + a->v[m].number;
	}
	free(rank);
	qsort(a->v, (size_t)a->n, sizeof *a->v, by_unit_number);
	/* by unit, staff and number: the cases by unit and number sorted again,
	 * stably, by staff and then by unit (two counting sorts by rank) */
	{
		int *count = xcalloc((size_t)a->nnames + 1, sizeof *count);
		struct repeat_case *tmp = xmalloc((size_t)a->n * sizeof *tmp);
		counting_sort(a->v, tmp, a->n, count, a->nnames, offsetof(struct repeat_case, staff));
		counting_sort(tmp, a->by_staff, a->n, count, a->nnames,
			      offsetof(struct repeat_case, unit));
		free(tmp);
		free(count);
	}
	while (i < a->n) {
		int j = i;
		while (j < a->n && a->v[j].unit == a->v[i].unit)
			j++;
		if (j - i >= r->repeat_unit)
			for (int m = i; m < j; m++)
				repeat_row(r, a, &a->v[m], false, j - i);
		/* the same unit's staff, in the same order: a->by_staff[k..] */
		while (k < a->n && a->by_staff[k].unit == a->v[i].unit) {
			int e = k;
			while (e < a->n && a->by_staff[e].unit == a->by_staff[k].unit &&
			       a->by_staff[e].staff == a->by_staff[k].staff)
				e++;
			if (*a->names[a->by_staff[k].staff] && e - k >= 2)
				for (int m = k; m < e; m++)
					repeat_row(r, a, &a->by_staff[m], true, e - k);
			k = e;
		}
		i = j;
	}
}

/* Reviews (复核) concluded within the period, by their outcome. */
int report_reviews(sqlite3 *db, const struct span *cur, struct report *r, struct err *err)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = period_query(db, "SELECT json_extract(after, '$.outcome') FROM events WHERE "
			       "action = 'conclude' AND at >= ?1 AND at < ?2", cur,
			       "preparing the reviews", &q, err)))
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		for (int i = 0; i < 3; i++)
			if (col_text(q, 0) && !strcmp(col_text(q, 0), report_review_code(i)))
				r->review_outcome[i]++;
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, "reading the reviews", err);
}

static const struct { const char *code, *label; } review_outcomes[3] = {
	{ "upheld", "维持原处理" }, { "changed", "改变原处理" }, { "referred", "移送处理" },
};

const char *report_review_code(int i)
{
	return i >= 0 && i < 3 ? review_outcomes[i].code : "?";
}

const char *report_review_label(int i)
{
	return i >= 0 && i < 3 ? review_outcomes[i].label : "?";
}
