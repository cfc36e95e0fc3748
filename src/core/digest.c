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

/* One row of the reply query: an item for each department answering for the case. */
static void reply_row(struct digest *out, sqlite3_stmt *q, const struct calendar *cal,
		      struct cdatetime now, const char *nowbuf, const char *dept,
		      const char *office)
{
	const char *number = (const char *)sqlite3_column_text(q, 0);
	const char *depts = (const char *)sqlite3_column_text(q, 1);
	const char *rec = (const char *)sqlite3_column_text(q, 2);
	const char *due = (const char *)sqlite3_column_text(q, 3);
	const char *status = (const char *)sqlite3_column_text(q, 4);
	struct cdatetime r = { 0, 0 }, d = { 0, 0 };
	int ndepts = 0, k = 0;

	if (!parse_stored(due, &d))
		return;
	parse_stored(rec, &r);
	/* nobody holds it: the office answers for it, not the suggestion */
	if (office && status && !strcmp(status, "registered"))
		depts = office;
	for (const char *p = depts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		ndepts++;
	for (const char *p = depts; p && *p; k++) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		struct digest_item *it;
		if (len == 0 || len >= RULES_CODE_MAX ||
		    (dept && (strlen(dept) != len || strncmp(dept, p, len)))) {
			p = c ? c + 1 : NULL;
			continue;
		}
		it = push(out);
		fill(it, number, p, len, r, d, due, nowbuf, cal, now, q);
		it->safety = (sqlite3_column_int(q, 7) & FLAG_SAFETY) != 0;
		it->lead = k == 0;
		it->ndepts = ndepts;
		p = c ? c + 1 : NULL;
	}
}

/* The open transfers of the current round whose feedback is due by the limit. */
static int feedback_rows(sqlite3 *db, const struct calendar *cal, struct cdatetime now,
			 const char *nowbuf, const char *limit, const char *dept,
			 struct digest *out, struct err *err)
{
	static const char sql[] =
		"SELECT c.number, t.dept, c.received, t.due, c.status, c.class, c.unit, t.lead "
		"FROM transfers t JOIN cases c ON c.id = t.case_id "
		"WHERE t.state = 'open' AND t.round = c.round "
		"AND c.status NOT IN ('closed', 'rejected', 'merged', 'paused') "
		"AND t.due <= ?1 AND (?2 IS NULL OR t.dept = ?2) ORDER BY t.due, c.id";
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	sqlite3_bind_text(q, 1, limit, -1, SQLITE_STATIC);
	if (dept)
		sqlite3_bind_text(q, 2, dept, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *number = (const char *)sqlite3_column_text(q, 0);
		const char *code = (const char *)sqlite3_column_text(q, 1);
		const char *due = (const char *)sqlite3_column_text(q, 3);
		struct cdatetime r = { 0, 0 }, d = { 0, 0 };
		struct digest_item *it;

		if (!code || strlen(code) >= RULES_CODE_MAX || !parse_stored(due, &d))
			continue;
		parse_stored((const char *)sqlite3_column_text(q, 2), &r);
		it = push(out);
		fill(it, number, code, strlen(code), r, d, due, nowbuf, cal, now, q);
		it->lead = sqlite3_column_int(q, 7) != 0;
		it->ndepts = 1;
		it->feedback = true;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	return 0;
}

/* The replied cases whose callback is due by the limit: the office's to make. */
static int callback_rows(sqlite3 *db, const struct calendar *cal, const struct ruleset *rules,
			 struct cdatetime now, const char *nowbuf, const char *limit,
			 const char *office, struct digest *out, struct err *err)
{
	static const char sql[] =
		"SELECT number, replied_at, received, replied_at, status, class, unit FROM cases "
		"WHERE status = 'replied' AND satisfaction IS NULL AND anonymous = 0 "
		"AND replied_at IS NOT NULL ORDER BY replied_at, id";
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct cdatetime r = { 0, 0 }, replied, d;
		char due[20];
		struct digest_item *it;

		if (!parse_stored((const char *)sqlite3_column_text(q, 1), &replied) ||
		    rules_due_callback(rules, cal, replied, &d, NULL))
			continue;
		datetime_format(d, due);
		if (strcmp(due, limit) > 0)
			break;          /* in reply order: the rest are due later */
		parse_stored((const char *)sqlite3_column_text(q, 2), &r);
		it = push(out);
		fill(it, (const char *)sqlite3_column_text(q, 0), office, strlen(office), r, d, due,
		     nowbuf, cal, now, q);
		it->lead = true;
		it->ndepts = 1;
		it->callback = true;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	return 0;
}

int digest_build_office(sqlite3 *db, const struct calendar *cal, const struct ruleset *rules,
			struct cdatetime now, const char *dept, const char *office,
			struct digest *out, struct err *err)
{
	static const char sql[] =
		"SELECT number, depts, received, due, status, class, unit, flags FROM cases "
		"WHERE status NOT IN ('closed', 'rejected', 'merged') AND status <> 'paused' "
		"AND due_met IS NULL AND due <= ?1 ORDER BY due, id";
	sqlite3_stmt *q;
	char limit[20], day[11], nowbuf[20];
	int rc;

	memset(out, 0, sizeof *out);
	out->now = now;
	out->horizon = calendar_add_working_days(cal, now.day, 1);
	snprintf(limit, sizeof limit, "%s 23:59:59", date_format(out->horizon, day));
	datetime_format(now, nowbuf);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	sqlite3_bind_text(q, 1, limit, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		reply_row(out, q, cal, now, nowbuf, dept, office);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		digest_free(out);
		return err_set(err, ERR_INTERNAL, "digest: %s", err_sqlite_db(db));
	}
	if (office && (rc = feedback_rows(db, cal, now, nowbuf, limit, dept, out, err))) {
		digest_free(out);
		return rc;
	}
	if (office && rules && strlen(office) < RULES_CODE_MAX && (!dept || !strcmp(dept, office)) &&
	    (rc = callback_rows(db, cal, rules, now, nowbuf, limit, office, out, err))) {
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
