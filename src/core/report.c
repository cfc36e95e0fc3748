/*
 * The report's figures from the database (SPEC §7). Three reads:
 *   1. one scan of the cases_report index (received, closed_at, status, due,
 *      due_met, paused_at) for the totals of every period in the trend, the
 *      previous period and the same period a year before, and for the ids of
 *      the cases late in the period or overdue at its end;
 *   2. one scan of the period's cases (by received) for the breakdowns, the
 *      departments, findings, claims and repeat complainants;
 *   3. a lookup by id of each late case for the overdue list.
 * Times are compared as the ISO strings they are stored as; working days
 * come from the calendar's O(1) functions.
 */
#include "core/report.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
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

static void day_string(cdate d, const char *time, char out[20])
{
	char buf[11];

	snprintf(out, 20, "%s %s", date_format(d, buf), time);
}

static void span_init(struct span *s, const struct report_period *p, cdate today)
{
	memset(s, 0, sizeof *s);
	s->period = *p;
	s->as_of = p->last < today ? p->last : today;
	day_string(p->first, "00:00:00", s->first);
	day_string(s->as_of + 1, "00:00:00", s->end);
	day_string(s->as_of, "23:59:59", s->last_sec);
}

/* The day of a stored time ("YYYY-MM-DD…"); CDATE of 0 when malformed. */
static cdate day_of(const char *s)
{
	cdate d = 0;

	if (s && strlen(s) >= 10)
		date_from_ymd(atoi(s), atoi(s + 5), atoi(s + 8), &d);
	return d;
}

static bool is_final(const char *status)
{
	return status && (!strcmp(status, "closed") || !strcmp(status, "rejected") ||
			  !strcmp(status, "merged"));
}

/* The state of one case at the end of a span, from the indexed columns. */
struct state {
	bool final;                 /* closed, rejected or merged by the end */
	bool closed;                /* final as "closed" */
	bool on_time;               /* closed and its deadline met in time */
	bool overdue;               /* open at the end, past due, not met, not paused */
};

static struct state state_at(const struct span *s, const char *status, const char *closed_at,
			     const char *due, const char *due_met, const char *paused_at)
{
	struct state st = { false, false, false, false };

	st.final = is_final(status) && closed_at && strcmp(closed_at, s->end) < 0;
	if (st.final) {
		st.closed = !strcmp(status, "closed");
		if (st.closed) {
			const char *met = due_met ? due_met : closed_at;
			st.on_time = due && strcmp(met, due) <= 0;
		}
		return st;
	}
	/* A case paused at the end has its clock stopped: not overdue then. */
	if (status && !strcmp(status, "paused") && paused_at && strcmp(paused_at, s->end) < 0)
		return st;
	st.overdue = due && strcmp(due, s->last_sec) < 0 &&
		     !(due_met && strcmp(due_met, s->end) < 0);
	return st;
}

static void count_in(struct report_totals *t, const struct state *st, const char *status)
{
	t->received++;
	if (st->final) {
		if (!strcmp(status, "rejected"))
			t->rejected++;
		else if (!strcmp(status, "merged"))
			t->merged++;
		else
			t->closed++;
	}
	if (st->on_time)
		t->closed_on_time++;
}

static void finish_totals(struct report_totals *t)
{
	t->accepted = t->received - t->rejected - t->merged;
	t->open_at_end = t->accepted - t->closed;
}

/* An array of case ids. */
struct ids {
	int64_t *v;
	int n, cap;
};

static void ids_push(struct ids *a, int64_t id)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
	}
	a->v[a->n++] = id;
}

static int sql_fail(sqlite3 *db, const char *what, struct err *err)
{
	return err_set(err, ERR_INTERNAL, "report: %s: %s", what, sqlite3_errmsg(db));
}

static const char *col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

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
	int round;
};

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static void hcpy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

struct history {
	sqlite3_stmt *row, *events;
	struct hist *fixed;         /* the report period's rebuilt cases, by id */
	int nfixed, capfixed;
};

static int hist_load(sqlite3 *db, struct history *hs, int64_t id, struct hist *h)
{
	sqlite3_stmt *q = hs->row;
	int rc;

	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_NOTFOUND : sqlite3_errcode(db);
	memset(h, 0, sizeof *h);
	h->id = id;
	hcpy(h->status, sizeof h->status, col_text(q, 0));
	hcpy(h->closed_at, sizeof h->closed_at, col_text(q, 1));
	hcpy(h->due, sizeof h->due, col_text(q, 2));
	hcpy(h->due_met, sizeof h->due_met, col_text(q, 3));
	hcpy(h->paused_at, sizeof h->paused_at, col_text(q, 4));
	hcpy(h->replied_at, sizeof h->replied_at, col_text(q, 5));
	hcpy(h->satisfaction, sizeof h->satisfaction, col_text(q, 6));
	hcpy(h->callback_at, sizeof h->callback_at, col_text(q, 7));
	hcpy(h->finding, sizeof h->finding, col_text(q, 8));
	h->round = sqlite3_column_int(q, 9);
	hcpy(h->round_at, sizeof h->round_at, col_text(q, 10));
	return SQLITE_OK;
}

/* Undoes on h every event of the case dated at or after end. */
static int hist_revert(sqlite3 *db, struct history *hs, struct hist *h, const char *end)
{
	static const struct {
		const char *key;
		size_t off, size;
	} keys[] = {
#define K(k, f) { k, offsetof(struct hist, f), sizeof ((struct hist *)0)->f }
		K("status", status), K("closed_at", closed_at), K("due_time", due),
		K("due_met", due_met), K("paused_at", paused_at), K("replied_at", replied_at),
		K("satisfaction", satisfaction), K("callback_at", callback_at),
		K("finding", finding), K("round_at", round_at),
#undef K
	};
	sqlite3_stmt *q = hs->events;
	int rc;

	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, h->id);
	sqlite3_bind_text(q, 2, end, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *before = col_text(q, 0);
		json_t *o = before ? json_loads(before, 0, NULL) : NULL;
		json_t *v;
		if (!o)
			continue;
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if ((v = json_object_get(o, keys[i].key)))
				hcpy((char *)h + keys[i].off, keys[i].size,
				     json_is_string(v) ? json_string_value(v) : NULL);
		if ((v = json_object_get(o, "round")) && json_is_integer(v))
			h->round = (int)json_integer_value(v);
		json_decref(o);
	}
	return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
}

static void fixed_push(struct history *hs, const struct hist *h)
{
	if (hs->nfixed == hs->capfixed) {
		hs->capfixed = hs->capfixed ? hs->capfixed * 2 : 16;
		hs->fixed = xrealloc(hs->fixed, (size_t)hs->capfixed * sizeof *hs->fixed);
	}
	hs->fixed[hs->nfixed++] = *h;
}

static int hist_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct hist *)a)->id, y = ((const struct hist *)b)->id;

	return (x > y) - (x < y);
}

/* The rebuilt state of case id at the report period's end, or NULL. */
static const struct hist *fixed_find(const struct history *hs, int64_t id)
{
	struct hist key;

	if (!hs->nfixed)
		return NULL;
	key.id = id;
	return bsearch(&key, hs->fixed, (size_t)hs->nfixed, sizeof key, hist_cmp);
}

static void history_free(struct history *hs)
{
	sqlite3_finalize(hs->row);
	sqlite3_finalize(hs->events);
	free(hs->fixed);
}

static int history_open(sqlite3 *db, struct history *hs, struct err *err)
{
	memset(hs, 0, sizeof *hs);
	if (sqlite3_prepare_v2(db, "SELECT status, closed_at, due, due_met, paused_at, replied_at, "
			       "satisfaction, callback_at, finding, round, round_at FROM cases "
			       "WHERE id = ?1", -1, &hs->row, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT before FROM events WHERE case_id = ?1 AND at >= ?2 "
			       "ORDER BY id DESC", -1, &hs->events, NULL) != SQLITE_OK) {
		history_free(hs);
		return sql_fail(db, "preparing the case history", err);
	}
	return 0;
}

static bool final_by(const struct span *s, const char *status, const char *closed_at)
{
	return is_final(status) && closed_at && strcmp(closed_at, s->end) < 0;
}


/*
 * Pass 1: every case received before the report's end, through the covering
 * index. Fills the spans' totals, and the ids of the report period's cases
 * late (closed in the period after the deadline) or overdue at its end.
 */
static int pass_totals(sqlite3 *db, struct span *spans, int nspans, int icur,
		       struct history *hs, struct ids *late, struct err *err)
{
	const struct span *cur = &spans[icur], *oldest = &spans[0];
	int hrc = SQLITE_OK;

	for (int i = 1; i < nspans; i++)
		if (spans[i].period.first < oldest->period.first)
			oldest = &spans[i];
	static const char sql[] =
		"SELECT id, received, closed_at, status, due, due_met, paused_at FROM cases "
		"WHERE received < ?1";
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return sql_fail(db, "preparing the totals", err);
	sqlite3_bind_text(q, 1, cur->end, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *rec = col_text(q, 1), *closed_at = col_text(q, 2);
		const char *status = col_text(q, 3), *due = col_text(q, 4);
		const char *due_met = col_text(q, 5), *paused_at = col_text(q, 6);
		struct hist h0;
		bool need = false, later = false;

		if (!rec || !status)
			continue;
		/* Most of a large file: received before the trend and closed before
		 * its first end, it counts nowhere. */
		if (strcmp(rec, oldest->first) < 0 && final_by(oldest, status, closed_at))
			continue;
		/* Open at some end by the row: was it reopened after that end? */
		for (int i = 0; i < nspans && !need; i++)
			need = strcmp(rec, spans[i].end) < 0 &&
			       !final_by(&spans[i], status, closed_at);
		if (need) {
			if ((hrc = hist_load(db, hs, id, &h0)) != SQLITE_OK)
				break;
			later = h0.round > 1 && strcmp(h0.round_at, rec) > 0;
		}
		for (int i = 0; i < nspans; i++) {
			struct span *s = &spans[i];
			const char *st_status = status, *st_closed = closed_at, *st_due = due;
			const char *st_met = due_met, *st_paused = paused_at;
			struct hist h;
			struct state st;
			if (strcmp(rec, s->end) >= 0)
				continue;
			if (later && !final_by(s, status, closed_at) &&
			    strcmp(h0.round_at, s->end) >= 0) {
				h = h0;
				if ((hrc = hist_revert(db, hs, &h, s->end)) != SQLITE_OK)
					break;
				st_status = h.status, st_closed = nz(h.closed_at), st_due = nz(h.due);
				st_met = nz(h.due_met), st_paused = nz(h.paused_at);
				if (i == icur)
					fixed_push(hs, &h);
			}
			st = state_at(s, st_status, st_closed, st_due, st_met, st_paused);
			if (strcmp(rec, s->first) >= 0)
				count_in(&s->t, &st, st_status);
			if (st.overdue)
				s->t.overdue_at_end++;
			if (i == icur && (st.overdue || (st.closed && !st.on_time &&
							  strcmp(st_closed, cur->first) >= 0)))
				ids_push(late, id);
		}
		if (hrc != SQLITE_OK)
			break;
	}
	sqlite3_finalize(q);
	if (hrc != SQLITE_OK || rc != SQLITE_DONE)
		return sql_fail(db, "reading the totals", err);
	if (hs->nfixed)
		qsort(hs->fixed, (size_t)hs->nfixed, sizeof *hs->fixed, hist_cmp);
	for (int i = 0; i < nspans; i++)
		finish_totals(&spans[i].t);
	return 0;
}

/* ---- pass 2: the period's cases ---- */

/* A growable count table keyed by code, for units, categories, departments. */
struct tally_row {
	char code[REPORT_LABEL_MAX];
	long n;
	struct report_dept d;       /* department figures (departments only) */
	int *days;                  /* working days to reply (departments only) */
	int ndays, capdays;
};

struct tally {
	struct tally_row *v;
	int n, cap;
};

static struct tally_row *tally_get(struct tally *t, const char *code)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].code, code))
			return &t->v[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
	}
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	strlcpy_(t->v[t->n].code, code, sizeof t->v[t->n].code);
	return &t->v[t->n++];
}

static void tally_free(struct tally *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i].days);
	free(t->v);
}

/* Splits a comma-separated list of codes into parts (at most max), skipping
 * empty and repeated entries so a case counts once in each row. */
static int split_codes(const char *s, char parts[][REPORT_LABEL_MAX], int max)
{
	int n = 0;

	while (s && *s && n < max) {
		const char *c = strchr(s, ',');
		size_t len = c ? (size_t)(c - s) : strlen(s);
		bool dup = false;
		if (len > 0 && len < REPORT_LABEL_MAX) {
			memcpy(parts[n], s, len);
			parts[n][len] = '\0';
			for (int i = 0; i < n; i++)
				if (!strcmp(parts[i], parts[n]))
					dup = true;
			if (!dup)
				n++;
		}
		if (!c)
			break;
		s = c + 1;
	}
	return n;
}

struct person {
	char key[64];               /* "p:phone" or "n:name" */
	char who[48];
};

static int person_cmp(const void *a, const void *b)
{
	return strcmp(((const struct person *)a)->key, ((const struct person *)b)->key);
}

/* "张*" from a name: its first character and a star. */
static void mask_name(const char *name, char *out, size_t size)
{
	size_t k = 1;

	if (!name || !*name) {
		out[0] = '\0';
		return;
	}
	while (name[k] && ((unsigned char)name[k] & 0xc0) == 0x80)
		k++;
	snprintf(out, size, "%.*s*", (int)k, name);
}

/* "138****0001": the first three and last four digits. */
static void mask_phone(const char *phone, char *out, size_t size)
{
	size_t len = phone ? strlen(phone) : 0;

	if (len >= 8)
		snprintf(out, size, "%.3s****%s", phone, phone + len - 4);
	else if (len > 0)
		snprintf(out, size, "****%s", len > 2 ? phone + len - 2 : "");
	else
		out[0] = '\0';
}

static const char *name_of(const struct report_name *names, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i].code, code))
			return names[i].name;
	return code;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int row_cmp_desc(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->code, y->code);
}

struct pass2 {
	long channel[CHANNEL__COUNT + 1];   /* last: unknown code */
	long kind[KIND__COUNT + 1];
	long klass[CLASS__COUNT + 1];
	struct tally units, cats, depts;
	long cat_none, unit_none, dept_none, cat_distinct, dept_distinct;
	struct person *people;
	int npeople, cappeople;
};

static void pass2_case(struct pass2 *p, struct report *r, const struct span *cur,
		       const struct report_source *src, sqlite3_stmt *q, const struct hist *h,
		       sqlite3_stmt *unsat)
{
	const char *rec = col_text(q, 0), *channel = col_text(q, 1), *kind = col_text(q, 2);
	const char *klass = col_text(q, 3), *unit = col_text(q, 4), *status = col_text(q, 5);
	const char *closed_at = col_text(q, 6), *due = col_text(q, 7), *due_met = col_text(q, 8);
	const char *replied_at = col_text(q, 9);
	int round = sqlite3_column_int(q, 10);
	const char *satisfaction = col_text(q, 11), *callback_at = col_text(q, 12);
	const char *finding = col_text(q, 13);
	int64_t claim = sqlite3_column_int64(q, 14), paid = sqlite3_column_int64(q, 15);
	const char *phone = col_text(q, 16), *name = col_text(q, 17);
	bool anonymous = sqlite3_column_int(q, 18) != 0;
	const char *depts = col_text(q, 19), *cats = col_text(q, 20);
	const char *paused_at = col_text(q, 21), *round_at = col_text(q, 22);
	struct state st;
	char parts[RULES_MAX_DEPTS * 2][REPORT_LABEL_MAX];
	int n, i;
	int reply_days = -1;
	bool reopened;
	bool callback, satisfied;
	int unsatisfied = 0;

	if (h) {
		/* reopened after the end: its fields as they were then */
		status = h->status, closed_at = nz(h->closed_at), due = nz(h->due);
		due_met = nz(h->due_met), paused_at = nz(h->paused_at);
		replied_at = nz(h->replied_at), satisfaction = nz(h->satisfaction);
		callback_at = nz(h->callback_at), finding = nz(h->finding);
		round = h->round, round_at = nz(h->round_at);
	}
	st = state_at(cur, status, closed_at, due, due_met, paused_at);
	callback = callback_at && satisfaction && strcmp(callback_at, cur->end) < 0;
	satisfied = callback && (!strcmp(satisfaction, "satisfied") ||
				 !strcmp(satisfaction, "basic"));
	/* An unsatisfied callback reopens the case and a later round's reply
	 * clears it from the row: a reopened case's events tell how many there
	 * were by the end. They replace the row's own unsatisfied result. */
	if (round > 1 && unsat) {
		sqlite3_reset(unsat);
		sqlite3_bind_int64(unsat, 1, sqlite3_column_int64(q, 23));
		sqlite3_bind_text(unsat, 2, cur->end, -1, SQLITE_STATIC);
		if (sqlite3_step(unsat) == SQLITE_ROW)
			unsatisfied = sqlite3_column_int(unsat, 0);
		if (callback && !satisfied)
			callback = false;
	}
	i = channel ? channel_parse(channel) : -1;
	p->channel[i >= 0 ? i : CHANNEL__COUNT]++;
	i = kind ? kind_parse(kind) : -1;
	p->kind[i >= 0 ? i : KIND__COUNT]++;
	i = klass ? class_parse(klass) : -1;
	p->klass[i >= 0 ? i : CLASS__COUNT]++;
	if (unit && *unit)
		tally_get(&p->units, unit)->n++;
	else
		p->unit_none++;

	n = split_codes(cats, parts, RULES_MAX_CATEGORIES * 2);
	for (i = 0; i < n; i++)
		tally_get(&p->cats, parts[i])->n++;
	if (n == 0)
		p->cat_none++;
	p->cat_distinct++;

	/* Working days to the reply of the round the case is in (a reopened
	 * case's round starts at its reopening): to the reply, else to a closure
	 * without one (resolved on the spot). */
	if (!round_at || strcmp(round_at, cur->end) >= 0)
		round_at = rec;
	if (replied_at && strcmp(replied_at, cur->end) < 0)
		reply_days = calendar_working_days_between(src->cal, day_of(round_at),
							   day_of(replied_at));
	else if (st.closed)
		reply_days = calendar_working_days_between(src->cal, day_of(round_at),
							   day_of(due_met ? due_met : closed_at));
	/* reopened by the end: a second round that began before it, or a third */
	reopened = round > 2 || (round == 2 && strcmp(round_at, rec) > 0);

	n = split_codes(depts, parts, RULES_MAX_DEPTS * 2);
	for (i = 0; i < n; i++) {
		struct tally_row *t = tally_get(&p->depts, parts[i]);
		t->n++;
		t->d.received++;
		if (st.closed)
			t->d.closed++;
		if (st.on_time)
			t->d.closed_on_time++;
		if (reopened)
			t->d.reopened++;
		if (callback) {
			t->d.callbacks++;
			if (satisfied)
				t->d.satisfied++;
		}
		t->d.callbacks += unsatisfied;
		if (reply_days >= 0) {
			if (t->ndays == t->capdays) {
				t->capdays = t->capdays ? t->capdays * 2 : 16;
				t->days = xrealloc(t->days, (size_t)t->capdays * sizeof *t->days);
			}
			t->days[t->ndays++] = reply_days;
		}
	}
	if (n == 0)
		p->dept_none++;
	p->dept_distinct++;

	if (st.closed) {
		int f = finding ? finding_parse(finding) : -1;
		if (f >= 0)
			r->findings[f]++;
		else
			r->finding_none++;
		r->paid_fen += paid;
	}
	if (claim > 0) {
		r->claims++;
		r->claimed_fen += claim;
		if (claim >= src->claim_threshold_fen)
			r->claims_over++;
	}
	if (!anonymous && ((phone && *phone) || (name && *name))) {
		struct person *x;
		char nm[8] = "", ph[16] = "";
		if (p->npeople == p->cappeople) {
			p->cappeople = p->cappeople ? p->cappeople * 2 : 256;
			p->people = xrealloc(p->people, (size_t)p->cappeople * sizeof *p->people);
		}
		x = &p->people[p->npeople++];
		if (phone && *phone)
			snprintf(x->key, sizeof x->key, "p:%s", phone);
		else
			snprintf(x->key, sizeof x->key, "n:%s", name);
		mask_name(name, nm, sizeof nm);
		mask_phone(phone, ph, sizeof ph);
		/* Cut silently: the masked name and phone fit, but the compiler cannot tell. */
		if (snprintf(x->who, sizeof x->who, "%s%s%s", nm, *nm && *ph ? " " : "", ph) < 0)
			x->who[0] = '\0';
	}
}

static void pass2_repeat(struct pass2 *p, struct report *r)
{
	struct report_repeat top[REPORT_TOP_REPEAT];
	int ntop = 0;

	if (p->npeople)
		qsort(p->people, (size_t)p->npeople, sizeof *p->people, person_cmp);
	for (int i = 0; i < p->npeople;) {
		int j = i + 1;
		while (j < p->npeople && !strcmp(p->people[j].key, p->people[i].key))
			j++;
		if (j - i >= 2) {
			long n = j - i;
			int pos;
			r->repeat_people++;
			r->repeat_cases += n;
			/* keep the top list sorted by cases, then by first seen */
			for (pos = ntop; pos > 0 && top[pos - 1].cases < n; pos--)
				;
			if (pos < REPORT_TOP_REPEAT) {
				int last = ntop < REPORT_TOP_REPEAT ? ntop : REPORT_TOP_REPEAT - 1;
				memmove(&top[pos + 1], &top[pos], (size_t)(last - pos) * sizeof top[0]);
				strlcpy_(top[pos].who, p->people[i].who, sizeof top[pos].who);
				top[pos].cases = n;
				if (ntop < REPORT_TOP_REPEAT)
					ntop++;
			}
		}
		i = j;
	}
	memcpy(r->repeat, top, (size_t)ntop * sizeof top[0]);
	r->nrepeat = ntop;
}

static int pass_details(sqlite3 *db, const struct report_source *src, const struct span *cur,
			const struct history *hs, struct report *r, struct pass2 *p,
			struct err *err)
{
	static const char sql[] =
		"SELECT received, channel, kind, class, unit, status, closed_at, due, due_met, "
		"replied_at, round, satisfaction, callback_at, finding, claim_fen, paid_fen, "
		"phone, name, anonymous, depts, categories, paused_at, round_at, id "
		"FROM cases WHERE received >= ?1 AND received < ?2";
	sqlite3_stmt *q, *unsat;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return sql_fail(db, "preparing the breakdowns", err);
	sqlite3_bind_text(q, 1, cur->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, cur->end, -1, SQLITE_STATIC);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE case_id = ?1 AND "
			       "action = 'callback' AND at < ?2 AND "
			       "json_extract(after, '$.callback') = 'unsatisfied'", -1, &unsat,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(q);
		return sql_fail(db, "preparing the callbacks", err);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		pass2_case(p, r, cur, src, q, fixed_find(hs, sqlite3_column_int64(q, 23)), unsat);
	sqlite3_finalize(unsat);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(db, "reading the breakdowns", err);
	return 0;
}

static void fill_breakdowns(struct pass2 *p, struct report *r, const struct report_source *src)
{
	struct tally_row *u;
	char label[REPORT_LABEL_MAX];

	for (int i = 0; i < CHANNEL__COUNT; i++)
		report_breakdown_add(&r->by_channel, channel_code((enum channel)i),
				     channel_label((enum channel)i), p->channel[i]);
	if (p->channel[CHANNEL__COUNT])
		report_breakdown_add(&r->by_channel, "", "（其他）", p->channel[CHANNEL__COUNT]);
	for (int i = 0; i < KIND__COUNT; i++)
		report_breakdown_add(&r->by_kind, kind_code((enum case_kind)i),
				     kind_label((enum case_kind)i), p->kind[i]);
	if (p->kind[KIND__COUNT])
		report_breakdown_add(&r->by_kind, "", "（其他）", p->kind[KIND__COUNT]);
	for (int i = 0; i < CLASS__COUNT; i++)
		report_breakdown_add(&r->by_class, class_code((enum handling_class)i),
				     class_label((enum handling_class)i), p->klass[i]);
	if (p->klass[CLASS__COUNT])
		report_breakdown_add(&r->by_class, "", "（其他）", p->klass[CLASS__COUNT]);

	/* categories: configured order, then codes not configured, then none */
	r->by_category.multi = true;
	for (int i = 0; i < src->ncategories; i++)
		for (int k = 0; k < p->cats.n; k++)
			if (!strcmp(p->cats.v[k].code, src->categories[i].code) && p->cats.v[k].n) {
				report_breakdown_add(&r->by_category, src->categories[i].code,
						     src->categories[i].name, p->cats.v[k].n);
				p->cats.v[k].n = -p->cats.v[k].n;
			}
	for (int k = 0; k < p->cats.n; k++) {
		if (p->cats.v[k].n > 0)
			report_breakdown_add(&r->by_category, p->cats.v[k].code, p->cats.v[k].code,
					     p->cats.v[k].n);
		else
			p->cats.v[k].n = -p->cats.v[k].n;
	}
	if (p->cat_none)
		report_breakdown_add(&r->by_category, "", "（未分类）", p->cat_none);
	r->by_category.distinct = p->cat_distinct;

	/* subject units: the most complained about, then the rest together */
	if (p->units.n)
		qsort(p->units.v, (size_t)p->units.n, sizeof *p->units.v, row_cmp_desc);
	{
		long rest = 0;
		int nrest = 0;
		for (int i = 0; i < p->units.n; i++) {
			u = &p->units.v[i];
			if (i < REPORT_TOP_UNITS) {
				report_breakdown_add(&r->by_unit, "", u->code, u->n);
			} else {
				rest += u->n;
				nrest++;
			}
		}
		if (nrest) {
			snprintf(label, sizeof label, "其他（%d 个科室）", nrest);
			report_breakdown_add(&r->by_unit, "", label, rest);
		}
		if (p->unit_none)
			report_breakdown_add(&r->by_unit, "", "（未填写）", p->unit_none);
	}
}

static void dept_from_tally(struct report *r, struct tally_row *t, const char *name)
{
	struct report_dept *d = report_dept_add(r, t->code, name);

	*d = t->d;
	strlcpy_(d->code, t->code, sizeof d->code);
	strlcpy_(d->name, name, sizeof d->name);
	d->replied = t->ndays;
	d->median_reply_days = -1;
	if (t->ndays) {
		qsort(t->days, (size_t)t->ndays, sizeof *t->days, int_cmp);
		d->median_reply_days = t->ndays % 2
			? t->days[t->ndays / 2]
			: (t->days[t->ndays / 2 - 1] + t->days[t->ndays / 2]) / 2.0;
	}
}

/* Departments in the configured order, then codes not configured. */
static void fill_depts(struct pass2 *p, struct report *r, const struct report_source *src)
{
	bool *used = xcalloc((size_t)p->depts.n + 1, sizeof *used);

	for (int c = 0; c < src->ndepts; c++)
		for (int k = 0; k < p->depts.n; k++)
			if (!used[k] && !strcmp(p->depts.v[k].code, src->depts[c].code)) {
				used[k] = true;
				dept_from_tally(r, &p->depts.v[k], src->depts[c].name);
			}
	for (int k = 0; k < p->depts.n; k++)
		if (!used[k])
			dept_from_tally(r, &p->depts.v[k], p->depts.v[k].code);
	if (p->dept_none) {
		struct report_dept *d = report_dept_add(r, "", "（未分派）");
		d->received = p->dept_none;
	}
	r->depts_distinct = p->dept_distinct;
	free(used);
}

static int late_cmp(const void *a, const void *b)
{
	const struct report_late *x = a, *y = b;
	int c = strcmp(x->dept, y->dept);

	if (c)
		return c;
	if (x->days_late != y->days_late)
		return x->days_late < y->days_late ? 1 : -1;
	return strcmp(x->number, y->number);
}

/* Pass 3: the overdue list, and each department's cases overdue at the end. */
static int pass_late(sqlite3 *db, const struct report_source *src, const struct span *cur,
		     const struct history *hs, const struct ids *late, struct report *r,
		     struct pass2 *p, struct err *err)
{
	static const char sql[] =
		"SELECT number, depts, received, due, due_met, closed_at, status, paused_at "
		"FROM cases WHERE id = ?1";
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return sql_fail(db, "preparing the overdue list", err);
	for (int i = 0; i < late->n; i++) {
		const char *number, *depts, *rec, *due, *due_met, *closed_at, *status, *paused_at;
		char parts[RULES_MAX_DEPTS * 2][REPORT_LABEL_MAX];
		struct report_late *l;
		const struct hist *h;
		struct state st;
		int n;

		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, late->v[i]);
		if (sqlite3_step(q) != SQLITE_ROW) {
			sqlite3_finalize(q);
			return sql_fail(db, "reading a late case", err);
		}
		number = col_text(q, 0), depts = col_text(q, 1), rec = col_text(q, 2);
		due = col_text(q, 3), due_met = col_text(q, 4), closed_at = col_text(q, 5);
		status = col_text(q, 6), paused_at = col_text(q, 7);
		if ((h = fixed_find(hs, late->v[i]))) {
			status = h->status, closed_at = nz(h->closed_at), due = nz(h->due);
			due_met = nz(h->due_met), paused_at = nz(h->paused_at);
		}
		st = state_at(cur, status, closed_at, due, due_met, paused_at);
		n = split_codes(depts, parts, RULES_MAX_DEPTS * 2);
		l = report_late_add(r);
		strlcpy_(l->number, number ? number : "?", sizeof l->number);
		if (n == 0)
			strlcpy_(l->dept, "（未分派）", sizeof l->dept);
		else if (n == 1)
			strlcpy_(l->dept, name_of(src->depts, src->ndepts, parts[0]), sizeof l->dept);
		else
			snprintf(l->dept, sizeof l->dept, "%.40s+%d",
				 name_of(src->depts, src->ndepts, parts[0]), n - 1);
		l->received = day_of(rec);
		l->due = day_of(due);
		if (st.overdue) {
			l->closed = -1;
			l->days_late = calendar_working_days_between(src->cal, l->due, cur->as_of);
			r->late_open++;
			for (int k = 0; k < n; k++)
				tally_get(&p->depts, parts[k])->d.overdue_now++;
		} else {
			l->closed = day_of(due_met ? due_met : closed_at);
			l->days_late = calendar_working_days_between(
				src->cal, l->due, day_of(due_met ? due_met : closed_at));
			r->late_closed++;
		}
		if (l->days_late < 0)
			l->days_late = 0;
	}
	sqlite3_finalize(q);
	if (r->nlate)
		qsort(r->late, (size_t)r->nlate, sizeof *r->late, late_cmp);
	return 0;
}

int report_build(const struct report_source *src, const struct report_period *p,
		 struct report **out, struct err *err)
{
	struct span spans[REPORT_TREND + 1], cur;
	int nspans = 0, year_ago_at = -1;
	struct ids late = { 0 };
	struct history hist;
	struct pass2 p2;
	struct report *r;
	struct report_period ya = report_period_year_ago(p);
	char code[8];
	int rc;

	if (p->first > src->now.day)
		return err_set(err, ERR_USAGE, "%s has not begun yet", report_period_code(p, code));
	for (int i = 0; i < REPORT_TREND; i++) {
		struct report_period q = report_period_shift(p, i - (REPORT_TREND - 1));
		span_init(&spans[nspans++], &q, src->now.day);
		if (q.year == ya.year && q.num == ya.num)
			year_ago_at = i;
	}
	if (year_ago_at < 0) {
		year_ago_at = nspans;
		span_init(&spans[nspans++], &ya, src->now.day);
	}
	cur = spans[REPORT_TREND - 1];

	if ((rc = history_open(src->db, &hist, err))) {
		free(late.v);
		return rc;
	}
	if ((rc = pass_totals(src->db, spans, nspans, REPORT_TREND - 1, &hist, &late, err))) {
		history_free(&hist);
		free(late.v);
		return rc;
	}
	r = report_new();
	memset(&p2, 0, sizeof p2);
	strlcpy_(r->site, src->site ? src->site : "", sizeof r->site);
	r->period = *p;
	r->as_of = cur.as_of;
	r->partial = cur.as_of < p->last;
	r->generated = src->now;
	r->calendar_known = calendar_span_known(src->cal, spans[0].period.first, cur.as_of);
	r->claim_threshold_fen = src->claim_threshold_fen;
	r->totals = spans[REPORT_TREND - 1].t;
	r->prev = spans[REPORT_TREND - 2].t;
	r->year_ago = spans[year_ago_at].t;
	r->have_prev = r->have_year_ago = true;
	for (int i = 0; i < REPORT_TREND; i++) {
		r->trend[i].period = spans[i].period;
		r->trend[i].received = spans[i].t.received;
		r->trend[i].closed = spans[i].t.closed;
		r->trend[i].closed_on_time = spans[i].t.closed_on_time;
		r->trend[i].overdue_at_end = spans[i].t.overdue_at_end;
	}
	r->ntrend = REPORT_TREND;

	rc = pass_details(src->db, src, &cur, &hist, r, &p2, err);
	if (!rc)
		rc = pass_late(src->db, src, &cur, &hist, &late, r, &p2, err);
	if (!rc) {
		fill_breakdowns(&p2, r, src);
		fill_depts(&p2, r, src);
		pass2_repeat(&p2, r);
	}
	tally_free(&p2.units);
	tally_free(&p2.cats);
	tally_free(&p2.depts);
	free(p2.people);
	free(late.v);
	history_free(&hist);
	if (rc) {
		report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}
