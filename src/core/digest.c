/* The daily digest: one indexed read of the open cases due before the end of the next working day. */
#include "core/digest.h"
#include "core/util.h"
#include "core/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int item_cmp(const void *a, const void *b)
{
	const struct digest_item *x = a, *y = b;
	int c = strcmp(x->dept, y->dept);

	if (c)
		return c;
	if (x->safety != y->safety)
		return x->safety ? -1 : 1;
	if (x->overdue != y->overdue)
		return x->overdue ? -1 : 1;
	c = datetime_cmp(x->due, y->due);
	return c ? c : strcmp(x->number, y->number);
}

static struct digest_item *push(struct digest *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
	}
	memset(&d->v[d->n], 0, sizeof d->v[d->n]);
	return &d->v[d->n++];
}

static bool parse_stored(const char *s, struct cdatetime *t)
{
	return s && datetime_parse(s, t, NULL) == 0;
}

static void fill(struct digest_item *it, const char *number, const char *dept, size_t len,
		 struct cdatetime r, struct cdatetime d, const char *due, const char *nowbuf,
		 const struct calendar *cal, struct cdatetime now, sqlite3_stmt *q)
{
	const char *status = (const char *)sqlite3_column_text(q, 4);
	const char *klass = (const char *)sqlite3_column_text(q, 5);
	const char *unit = (const char *)sqlite3_column_text(q, 6);

	snprintf(it->number, sizeof it->number, "%s", number ? number : "?");
	memcpy(it->dept, dept, len);
	it->dept[len] = '\0';
	it->received = r;
	it->due = d;
	it->overdue = strcmp(due, nowbuf) < 0;
	it->days = calendar_days_left(cal, now.day, d.day);
	snprintf(it->status, sizeof it->status, "%s", status ? status : "");
	snprintf(it->hclass, sizeof it->hclass, "%s", klass ? klass : "");
	snprintf(it->unit, sizeof it->unit, "%s", unit ? unit : "");
}

/* What the passes of a digest share: where items go and what they are measured by. */
struct pass {
	struct digest *out;
	const struct calendar *cal;
	const struct ruleset *rules;
	struct cdatetime now;
	const char *nowbuf, *limit;     /* now, and the end of the horizon, as stored */
	const char *dept, *office;      /* one department only; the office's code */
};

/* One row of the reply query: an item for each department answering for the case. */
static bool reply_row(struct pass *p, sqlite3_stmt *q)
{
	const char *number = (const char *)sqlite3_column_text(q, 0);
	const char *depts = (const char *)sqlite3_column_text(q, 1);
	const char *rec = (const char *)sqlite3_column_text(q, 2);
	const char *due = (const char *)sqlite3_column_text(q, 3);
	const char *status = (const char *)sqlite3_column_text(q, 4);
	struct cdatetime r = { 0, 0 }, d = { 0, 0 };
	int ndepts = 0, k = 0;

	if (!parse_stored(due, &d))
		return true;
	parse_stored(rec, &r);
	/* nobody holds it: the office answers for it, not the suggestion */
	if (p->office && status && !strcmp(status, "registered"))
		depts = p->office;
	for (const char *c = depts; c && *c; c = strchr(c, ',') ? strchr(c, ',') + 1 : NULL)
		ndepts++;
	for (const char *c = depts; c && *c; k++) {
		const char *e = strchr(c, ',');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		struct digest_item *it;
		if (len == 0 || len >= RULES_CODE_MAX ||
		    (p->dept && (strlen(p->dept) != len || strncmp(p->dept, c, len)))) {
			c = e ? e + 1 : NULL;
			continue;
		}
		it = push(p->out);
		fill(it, number, c, len, r, d, due, p->nowbuf, p->cal, p->now, q);
		it->safety = (sqlite3_column_int(q, 7) & FLAG_SAFETY) != 0;
		it->lead = k == 0;
		it->ndepts = ndepts;
		c = e ? e + 1 : NULL;
	}
	return true;
}

/* One open transfer of the current round whose feedback is due by the limit. */
static bool feedback_row(struct pass *p, sqlite3_stmt *q)
{
	const char *number = (const char *)sqlite3_column_text(q, 0);
	const char *code = (const char *)sqlite3_column_text(q, 1);
	const char *due = (const char *)sqlite3_column_text(q, 3);
	struct cdatetime r = { 0, 0 }, d = { 0, 0 };
	struct digest_item *it;

	if (!code || strlen(code) >= RULES_CODE_MAX || !parse_stored(due, &d))
		return true;
	parse_stored((const char *)sqlite3_column_text(q, 2), &r);
	it = push(p->out);
	fill(it, number, code, strlen(code), r, d, due, p->nowbuf, p->cal, p->now, q);
	it->lead = sqlite3_column_int(q, 7) != 0;
	it->ndepts = 1;
	it->feedback = true;
	return true;
}

/* One replied case, in reply order, whose callback is due by the limit: the
 * office's to make; false at the first due later (so are the rest). */
static bool callback_row(struct pass *p, sqlite3_stmt *q)
{
	struct cdatetime r = { 0, 0 }, replied, d;
	char due[20];
	struct digest_item *it;

	if (!parse_stored((const char *)sqlite3_column_text(q, 1), &replied) ||
	    rules_due_callback(p->rules, p->cal, replied, &d, NULL))
		return true;
	datetime_format(d, due);
	if (strcmp(due, p->limit) > 0)
		return false;
	parse_stored((const char *)sqlite3_column_text(q, 2), &r);
	it = push(p->out);
	fill(it, (const char *)sqlite3_column_text(q, 0), p->office, strlen(p->office), r, d, due,
	     p->nowbuf, p->cal, p->now, q);
	it->lead = true;
	it->ndepts = 1;
	it->callback = true;
	return true;
}

/* Runs sql (?1 the limit, ?2 the department or NULL, where it has them) and
 * gives each row to row until it returns false. */
static int each_row(sqlite3 *db, const char *sql, struct pass *p,
		    bool (*row)(struct pass *, sqlite3_stmt *), struct err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	if (sqlite3_bind_parameter_count(q) >= 1)
		sqlite3_bind_text(q, 1, p->limit, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(q) >= 2 && p->dept)
		sqlite3_bind_text(q, 2, p->dept, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && row(p, q))
		;
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	return 0;
}

/* The cases whose reply is due by the limit. */
static const char reply_sql[] =
	"SELECT number, depts, received, due, status, class, unit, flags FROM cases "
	"WHERE status NOT IN ('closed', 'rejected', 'merged') AND status <> 'paused' "
	"AND due_met IS NULL AND due <= ?1 ORDER BY due, id";
static const char feedback_sql[] =
	"SELECT c.number, t.dept, c.received, t.due, c.status, c.class, c.unit, t.lead "
	"FROM transfers t JOIN cases c ON c.id = t.case_id "
	"WHERE t.state = 'open' AND t.round = c.round "
	"AND c.status NOT IN ('closed', 'rejected', 'merged', 'paused') "
	"AND t.due <= ?1 AND (?2 IS NULL OR t.dept = ?2) ORDER BY t.due, c.id";
static const char callback_sql[] =
	"SELECT number, replied_at, received, replied_at, status, class, unit FROM cases "
	"WHERE status = 'replied' AND satisfaction IS NULL AND anonymous = 0 "
	"AND replied_at IS NOT NULL ORDER BY replied_at, id";

int digest_build_office(sqlite3 *db, const struct calendar *cal, const struct ruleset *rules,
			struct cdatetime now, const char *dept, const char *office,
			struct digest *out, struct err *err)
{
	char limit[20], day[11], nowbuf[20];
	struct pass p = { out, cal, rules, now, nowbuf, limit, dept, office };
	int rc;

	memset(out, 0, sizeof *out);
	out->now = now;
	out->horizon = calendar_add_working_days(cal, now.day, 1);
	snprintf(limit, sizeof limit, "%s 23:59:59", date_format(out->horizon, day));
	datetime_format(now, nowbuf);
	if ((rc = each_row(db, reply_sql, &p, reply_row, err)) ||
	    (office && (rc = each_row(db, feedback_sql, &p, feedback_row, err))) ||
	    (office && rules && strlen(office) < RULES_CODE_MAX && (!dept || !strcmp(dept, office)) &&
	     (rc = each_row(db, callback_sql, &p, callback_row, err)))) {
		digest_free(out);
		return rc;
	}
	if (out->n)
		qsort(out->v, (size_t)out->n, sizeof *out->v, item_cmp);
	return 0;
}

int digest_build(sqlite3 *db, const struct calendar *cal, struct cdatetime now,
		 const char *dept, struct digest *out, struct err *err)
{
	return digest_build_office(db, cal, NULL, now, dept, NULL, out, err);
}

void digest_free(struct digest *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
