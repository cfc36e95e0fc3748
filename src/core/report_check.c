/*
 * The struct report: made, grown and freed here, and checked against its
 * counting rules before any renderer prints it; with the few helpers the
 * renderers (report_text.c, report_csv.c, report_json.c) share.
 */
#include "core/report.h"
#include "report_priv.h"

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct report *report_new(void)
{
	struct report *r = xcalloc(1, sizeof *r);

	r->by_category.multi = true;
	r->calendar_known = true;
	return r;
}

static void breakdown_free(struct report_breakdown *b)
{
	free(b->rows);
	b->rows = NULL;
	b->nrows = b->cap = 0;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	breakdown_free(&r->by_channel);
	breakdown_free(&r->by_kind);
	breakdown_free(&r->by_class);
	breakdown_free(&r->by_category);
	breakdown_free(&r->by_unit);
	free(r->depts);
	free(r->late);
	free(r->late_entries);
	free(r->late_feedback);
	free(r->late_rectify);
	free(r->returns);
	free(r->repeats);
	free(r->resp);
	free(r);
}

void *report_grow(void *arr, int n, int *cap, int first, size_t size)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : first;
	return xrealloc(arr, (size_t)*cap * size);
}

const struct report_totals_field report_totals_fields[REPORT_NTOTALS] = {
	{ "received", offsetof(struct report_totals, received) },
	{ "accepted", offsetof(struct report_totals, accepted) },
	{ "rejected", offsetof(struct report_totals, rejected) },
	{ "merged", offsetof(struct report_totals, merged) },
	{ "closed", offsetof(struct report_totals, closed) },
	{ "open_at_end", offsetof(struct report_totals, open_at_end) },
	{ "closed_on_time", offsetof(struct report_totals, closed_on_time) },
	{ "overdue_at_end", offsetof(struct report_totals, overdue_at_end) },
};

long report_totals_get(const struct report_totals *t, size_t i)
{
	return *(const long *)((const char *)t + report_totals_fields[i].offset);
}

struct report_row *report_breakdown_add(struct report_breakdown *b, const char *code,
					const char *label, long n)
{
	struct report_row *row;

	b->rows = report_grow(b->rows, b->nrows, &b->cap, 8, sizeof *b->rows);
	row = memset(&b->rows[b->nrows++], 0, sizeof *row);
	strlcpy_(row->code, code ? code : "", sizeof row->code);
	strlcpy_(row->label, label ? label : "", sizeof row->label);
	row->n = n;
	return row;
}

struct report_dept *report_dept_add(struct report *r, const char *code, const char *name)
{
	struct report_dept *d;

	r->depts = report_grow(r->depts, r->ndepts, &r->dept_cap, 16, sizeof *r->depts);
	d = memset(&r->depts[r->ndepts++], 0, sizeof *d);
	strlcpy_(d->code, code ? code : "", sizeof d->code);
	strlcpy_(d->name, name ? name : "", sizeof d->name);
	d->median_reply_days = -1;
	return d;
}

struct report_late *report_late_push(struct report_late **arr, int *n, int *cap,
				     const char *number)
{
	struct report_late *l;

	*arr = report_grow(*arr, *n, cap, 16, sizeof **arr);
	l = memset(&(*arr)[(*n)++], 0, sizeof *l);
	strlcpy_(l->number, number ? number : "?", sizeof l->number);
	l->closed = -1;
	return l;
}

struct report_late *report_late_add(struct report *r)
{
	return report_late_push(&r->late, &r->nlate, &r->late_cap, NULL);
}

/* ---- the check ---- */

struct checker {
	struct sbuf msg;
	int failed;
};

static void fail(struct checker *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct checker *ck, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (ck->msg.len + strlen(buf) < 900)
		sbuf_addf(&ck->msg, "%s%s", ck->failed ? "; " : "", buf);
	ck->failed++;
}

long report_row_sum(const struct report_breakdown *b)
{
	long s = 0;

	for (int i = 0; i < b->nrows; i++)
		s += b->rows[i].n;
	return s;
}

static void check_breakdown(struct checker *ck, const char *what, const struct report_breakdown *b,
			    long total)
{
	long sum = report_row_sum(b);

	for (int i = 0; i < b->nrows; i++)
		if (b->rows[i].n < 0 || b->rows[i].n > total)
			fail(ck, "%s row '%s' counts %ld of %ld cases", what, b->rows[i].code,
			     b->rows[i].n, total);
	if (!b->multi) {
		if (sum != total)
			fail(ck, "%s add up to %ld, not to the %ld received", what, sum, total);
		return;
	}
	if (b->distinct != total)
		fail(ck, "%s cover %ld distinct cases, not the %ld received", what, b->distinct,
		     total);
	if (sum < b->distinct)
		fail(ck, "%s rows add up to %ld, fewer than the %ld cases they cover", what, sum,
		     b->distinct);
}

static void check_totals(struct checker *ck, const char *what, const struct report_totals *t)
{
	if (t->received < 0 || t->rejected < 0 || t->merged < 0 || t->closed < 0 ||
	    t->open_at_end < 0 || t->closed_on_time < 0 || t->overdue_at_end < 0)
		fail(ck, "%s: a negative count", what);
	if (t->accepted + t->rejected + t->merged != t->received)
		fail(ck, "%s: accepted %ld + not accepted %ld + merged %ld != received %ld", what,
		     t->accepted, t->rejected, t->merged, t->received);
	if (t->closed + t->open_at_end != t->accepted)
		fail(ck, "%s: closed %ld + open %ld != accepted %ld", what, t->closed,
		     t->open_at_end, t->accepted);
	if (t->closed_on_time > t->closed)
		fail(ck, "%s: %ld closed on time of %ld closed", what, t->closed_on_time, t->closed);
}

int report_check(const struct report *r, struct err *err)
{
	struct checker ck = { { 0 }, 0 };
	const struct report_totals *t = &r->totals;
	long fsum = r->finding_none + r->finding_na, dsum = 0, nopen = 0, nclosed = 0;

	check_totals(&ck, "totals", t);
	if (r->have_prev)
		check_totals(&ck, "previous period", &r->prev);
	if (r->have_year_ago)
		check_totals(&ck, "a year before", &r->year_ago);
	check_breakdown(&ck, "channels", &r->by_channel, t->received);
	check_breakdown(&ck, "kinds", &r->by_kind, t->received);
	check_breakdown(&ck, "classes", &r->by_class, t->received);
	check_breakdown(&ck, "categories", &r->by_category, t->received);
	check_breakdown(&ck, "subject units", &r->by_unit, t->received);

	for (int i = 0; i < FINDING__COUNT; i++)
		fsum += r->findings[i];
	if (fsum != t->closed)
		fail(&ck, "findings add up to %ld, not to the %ld closed", fsum, t->closed);

	for (int i = 0; i < r->ndepts; i++) {
		const struct report_dept *d = &r->depts[i];
		dsum += d->received;
		if (d->received > t->received)
			fail(&ck, "department %s received %ld of %ld cases", d->code, d->received,
			     t->received);
		if (d->closed > d->received || d->closed_on_time > d->closed)
			fail(&ck, "department %s: %ld closed on time, %ld closed, %ld received",
			     d->code, d->closed_on_time, d->closed, d->received);
		if (d->satisfied > d->callbacks)
			fail(&ck, "department %s: %ld satisfied of %ld callbacks", d->code,
			     d->satisfied, d->callbacks);
		if (d->overdue_now > t->overdue_at_end)
			fail(&ck, "department %s: %ld overdue of %ld overdue in all", d->code,
			     d->overdue_now, t->overdue_at_end);
	}
	if (r->depts_distinct != t->received)
		fail(&ck, "departments cover %ld distinct cases, not the %ld received",
		     r->depts_distinct, t->received);
	if (dsum < r->depts_distinct)
		fail(&ck, "department rows add up to %ld, fewer than the %ld cases they cover",
		     dsum, r->depts_distinct);

	if (r->claims_over > r->claims || r->claims > t->received)
		fail(&ck, "claims: %ld over the threshold of %ld claims, %ld received",
		     r->claims_over, r->claims, t->received);
	if (r->repeat_cases > t->received || r->repeat_cases < 2 * r->repeat_people)
		fail(&ck, "repeat complainants: %ld people with %ld cases of %ld received",
		     r->repeat_people, r->repeat_cases, t->received);

	for (int i = 0; i < r->nlate; i++) {
		if (r->late[i].closed < 0)
			nopen++;
		else
			nclosed++;
	}
	if (nopen != r->late_open || nclosed != r->late_closed)
		fail(&ck, "overdue list has %ld open and %ld closed entries, not %ld and %ld",
		     nopen, nclosed, r->late_open, r->late_closed);
	if (r->late_open != t->overdue_at_end)
		fail(&ck, "overdue list has %ld cases open at the end, totals say %ld",
		     r->late_open, t->overdue_at_end);

	if (r->ntrend > 0) {
		const struct report_trend *last = &r->trend[r->ntrend - 1];
		if (last->period.kind != r->period.kind || last->period.year != r->period.year ||
		    last->period.num != r->period.num)
			fail(&ck, "the trend does not end with the report's period");
		else if (last->received != t->received || last->closed != t->closed ||
			 last->closed_on_time != t->closed_on_time ||
			 last->overdue_at_end != t->overdue_at_end)
			fail(&ck, "the trend's last period differs from the totals");
	}
	for (int i = 0; i < r->ntrend; i++)
		if (r->trend[i].closed_on_time > r->trend[i].closed)
			fail(&ck, "trend %d: %ld closed on time of %ld closed", i,
			     r->trend[i].closed_on_time, r->trend[i].closed);
	if (r->have_prev && r->ntrend > 1) {
		const struct report_trend *p = &r->trend[r->ntrend - 2];
		if (p->received != r->prev.received || p->closed != r->prev.closed)
			fail(&ck, "the trend's previous period differs from the comparison");
	}

	if (ck.failed) {
		err_set(err, ERR_FAIL, "the report fails %d of its counting rules and was not "
			"printed: %s", ck.failed, ck.msg.s);
		sbuf_free(&ck.msg);
		return ERR_FAIL;
	}
	sbuf_free(&ck.msg);
	return 0;
}
