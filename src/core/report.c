/*
 * The report's figures from the database (SPEC §7). Three reads:
 *   1. one scan of the cases_totals index (received, closed_at, status, due,
 *      due_met, paused_at, round, round_at) for the totals of every period in
 *      the trend, the previous period and the same period a year before, and for the ids of
 *      the cases late in the period or overdue at its end;
 *   2. one scan of the period's cases (the cases_period index, covering) for the breakdowns, the
 *      departments, findings, claims and repeat complainants;
 *   3. a lookup of each late case (by receipt and id, in cases_period) for
 *      the overdue list.
 * A case changed after the report period's end (or reopened after another
 * span's) is rebuilt from cases_period and its later events' "before".
 * Pass 1 and the history of reopened cases are here, passes 2 and 3 in
 * report_detail.c. Times are compared as the ISO strings they are stored as; working days
 * come from the calendar's O(1) functions.
 */
#include "core/report.h"
#include "report_pass.h"
#include "report_priv.h"
#include "report_progress.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static bool is_final(const char *status)
{
	return status && (!strcmp(status, "closed") || !strcmp(status, "rejected") ||
			  !strcmp(status, "merged"));
}

struct state report_state_at(const struct span *s, const char *status, const char *closed_at,
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

static void ids_push(struct ids *a, int64_t id, const char *rec)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
		a->rec = xrealloc(a->rec, (size_t)a->cap * sizeof *a->rec);
	}
	strlcpy_(a->rec[a->n], rec, sizeof a->rec[a->n]);
	a->v[a->n++] = id;
}

/* snprintf "%s" of src ("" for NULL) into dst, without printf. */
static void hcpy(char *dst, size_t size, const char *src)
{
	strlcpy_(dst, src ? src : "", size);
}

struct history {
	sqlite3_stmt *row, *events;
	struct hist *fixed;         /* the report period's rebuilt cases, by id */
	int nfixed, capfixed;
};

/* Case id, received rec (as stored), as it is now into h. */
static int hist_load(sqlite3 *db, struct history *hs, int64_t id, const char *rec, struct hist *h)
{
	sqlite3_stmt *q = hs->row;
	int rc;

	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, rec, -1, SQLITE_TRANSIENT);
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
	hcpy(h->klass, sizeof h->klass, col_text(q, 11));
	hcpy(h->depts, sizeof h->depts, col_text(q, 12));
	hcpy(h->paused_from, sizeof h->paused_from, col_text(q, 13));
	return SQLITE_OK;
}

/* Undoes on h the changes of one event (its "before", JSON). */
static void hist_apply(struct hist *h, const char *before)
{
	static const struct {
		const char *key;
		size_t off, size;
	} keys[] = {
#define K(k, f) { k, offsetof(struct hist, f), sizeof ((struct hist *)0)->f }
		K("status", status), K("closed_at", closed_at), K("due_time", due),
		K("due_met", due_met), K("paused_at", paused_at), K("replied_at", replied_at),
		K("satisfaction", satisfaction), K("callback_at", callback_at),
		K("finding", finding), K("round_at", round_at), K("class", klass),
		K("paused_from", paused_from),
#undef K
	};
	json_t *o = json_loads(before, 0, NULL);
	json_t *v;

	if (!o)
		return;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if ((v = json_object_get(o, keys[i].key)))
			hcpy((char *)h + keys[i].off, keys[i].size,
			     json_is_string(v) ? json_string_value(v) : NULL);
	if ((v = json_object_get(o, "round")) && json_is_integer(v))
		h->round = (int)json_integer_value(v);
	/* the departments as they were: a later transfer moves no blame back */
	if ((v = json_object_get(o, "depts")) && json_is_array(v)) {
		size_t k, len = 0;
		json_t *e;
		h->depts[0] = '\0';
		json_array_foreach(v, k, e)
			if (json_is_string(e) && len + strlen(json_string_value(e)) + 2 <
			    sizeof h->depts)
				len += (size_t)snprintf(h->depts + len, sizeof h->depts - len,
							"%s%s", len ? "," : "",
							json_string_value(e));
	}
	json_decref(o);
}

/* The events of a case dated at or after an end, newest first: their
 * "before" (those that have one), and how many there are. */
struct befores {
	struct sbuf text;           /* each before, ending in NUL */
	size_t *at;                 /* where each begins in text */
	int n, cap;
	int events;
};

/* Case id's events dated at or after end into b (emptied first). */
static int hist_befores(sqlite3 *db, struct history *hs, int64_t id, const char *end,
			struct befores *b)
{
	sqlite3_stmt *q = hs->events;
	int rc;

	b->text.len = 0;
	b->n = b->events = 0;
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, end, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *before = col_text(q, 0);
		b->events++;
		if (!before)
			continue;
		if (b->n == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 16;
			b->at = xrealloc(b->at, (size_t)b->cap * sizeof *b->at);
		}
		sbuf_addn(&b->text, "", 0);
		b->at[b->n++] = b->text.len;
		sbuf_addn(&b->text, before, strlen(before) + 1);
	}
	return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
}

static void hist_apply_all(struct hist *h, const struct befores *b)
{
	for (int i = 0; i < b->n; i++)
		hist_apply(h, b->text.s + b->at[i]);
}

/* Undoes on h every event of the case dated at or after end. */
static int hist_revert(sqlite3 *db, struct history *hs, struct hist *h, const char *end,
		       struct befores *b)
{
	int rc = hist_befores(db, hs, h->id, end, b);

	if (rc == SQLITE_OK)
		hist_apply_all(h, b);
	return rc;
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

const struct hist *report_history_find(const struct history *hs, int64_t id)
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
	/* The case by its receipt and id in cases_period (covering), not its
	 * row (a page read for each case rebuilt). */
	if (sqlite3_prepare_v2(db, "SELECT status, closed_at, due, due_met, paused_at, replied_at, "
			       "satisfaction, callback_at, finding, round, round_at, class, depts, paused_from "
			       "FROM cases INDEXED BY cases_period "
			       "WHERE received = ?2 AND id = ?1", -1, &hs->row, NULL) != SQLITE_OK ||
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
#define TOTALS_COLS "id, received, closed_at, status, due, due_met, paused_at, round, round_at"
/* Every case received before the end ?1. */
static const char totals_all_sql[] = "SELECT " TOTALS_COLS " FROM cases WHERE received < ?1";
/* The cases that count in the period from ?2 to ?1 alone: received in it,
 * or before it and open now, or closed from its first day on (open at its
 * end, or closed in it: late perhaps). The others, closed before it began,
 * count nowhere in it. Named indexes: the planner would scan cases_totals
 * from the first case for the second and third parts. */
static const char totals_cur_sql[] =
	"SELECT " TOTALS_COLS " FROM cases WHERE received >= ?2 AND received < ?1 "
	"UNION ALL SELECT " TOTALS_COLS " FROM cases INDEXED BY cases_open_due "
	"WHERE status NOT IN ('closed', 'rejected', 'merged') AND received < ?2 "
	"UNION ALL SELECT " TOTALS_COLS " FROM cases INDEXED BY cases_closed_totals "
	"WHERE closed_at IS NOT NULL "
	"AND closed_at >= ?2 AND received < ?2 AND status IN ('closed', 'rejected', 'merged')";

/*
 * Pass 1 over the spans (icur the report period's, or -1: totals only). With
 * only_cur, the other spans' totals are known (report_cache.c): only the
 * cases that count in the report period are read, and only its totals made.
 */
static int pass_totals(sqlite3 *db, struct span *spans, int nspans, int icur, bool only_cur,
		       struct history *hs, struct ids *late, struct err *err)
{
	const struct span *cur = icur >= 0 ? &spans[icur] : NULL, *oldest = &spans[0];
	const struct span *last = &spans[0];
	int hrc = SQLITE_OK;

	for (int i = 1; i < nspans; i++) {
		if (spans[i].period.first < oldest->period.first)
			oldest = &spans[i];
		if (strcmp(spans[i].end, last->end) > 0)
			last = &spans[i];
	}
	sqlite3_stmt *q;
	/* b: the events after the report period's end of the row's case; o:
	 * after another span's end */
	struct befores b = { { 0 }, NULL, 0, 0, 0 }, o = { { 0 }, NULL, 0, 0, 0 };
	int rc;

	if (sqlite3_prepare_v2(db, only_cur ? totals_cur_sql : totals_all_sql, -1, &q, NULL) !=
	    SQLITE_OK)
		return sql_fail(db, "preparing the totals", err);
	sqlite3_bind_text(q, 1, cur ? cur->end : last->end, -1, SQLITE_STATIC);
	if (only_cur)
		sqlite3_bind_text(q, 2, cur->first, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *rec = col_text(q, 1), *closed_at = col_text(q, 2);
		const char *status = col_text(q, 3), *due = col_text(q, 4);
		const char *due_met = col_text(q, 5), *paused_at = col_text(q, 6);
		struct hist h0;
		bool need = false, later = false, changed = false, at_cur = false;

		report_progress_row();
		if (!rec || !status)
			continue;
		/* Most of a large file: received before the trend and closed before
		 * its first end, it counts nowhere. */
		if (strcmp(rec, oldest->first) < 0 && final_by(oldest, status, closed_at))
			continue;
		/* Open at some end by the row: was it reopened after that end? */
		for (int i = 0; i < nspans && !need; i++)
			need = (!only_cur || i == icur) && strcmp(rec, spans[i].end) < 0 &&
			       !final_by(&spans[i], status, closed_at);
		if (need) {
			const char *round_at = col_text(q, 8);
			later = sqlite3_column_int(q, 7) > 1 && round_at && strcmp(round_at, rec) > 0;
			/* the report period's class and departments are those at its end:
			 * a step dated after it (its events kept in b for the rebuilding) */
			at_cur = cur && strcmp(rec, cur->end) < 0 && !final_by(cur, status, closed_at);
			if (at_cur && (hrc = hist_befores(db, hs, id, cur->end, &b)) != SQLITE_OK)
				break;
			changed = at_cur && b.events > 0;
			/* the whole row only for a case whose state is rebuilt */
			if ((later || changed) && (hrc = hist_load(db, hs, id, rec, &h0)) != SQLITE_OK)
				break;
		}
		for (int i = 0; i < nspans; i++) {
			struct span *s = &spans[i];
			const char *st_status = status, *st_closed = closed_at, *st_due = due;
			const char *st_met = due_met, *st_paused = paused_at;
			struct hist h;
			struct state st;
			if ((only_cur && i != icur) || strcmp(rec, s->end) >= 0)
				continue;
			if (!final_by(s, status, closed_at) &&
			    ((later && strcmp(h0.round_at, s->end) >= 0) || (i == icur && changed))) {
				h = h0;
				if (i == icur && at_cur)
					hist_apply_all(&h, &b);
				else if ((hrc = hist_revert(db, hs, &h, s->end, &o)) != SQLITE_OK)
					break;
				st_status = h.status, st_closed = nz(h.closed_at), st_due = nz(h.due);
				st_met = nz(h.due_met), st_paused = nz(h.paused_at);
				if (i == icur)
					fixed_push(hs, &h);
			}
			st = report_state_at(s, st_status, st_closed, st_due, st_met, st_paused);
			if (strcmp(rec, s->first) >= 0)
				count_in(&s->t, &st, st_status);
			if (st.overdue)
				s->t.overdue_at_end++;
			if (i == icur && (st.overdue || (st.closed && !st.on_time &&
							  strcmp(st_closed, cur->first) >= 0)))
				ids_push(late, id, rec);
		}
		if (hrc != SQLITE_OK)
			break;
	}
	sqlite3_finalize(q);
	sbuf_free(&b.text);
	free(b.at);
	sbuf_free(&o.text);
	free(o.at);
	if (hrc != SQLITE_OK || rc != SQLITE_DONE)
		return sql_fail(db, "reading the totals", err);
	if (hs->nfixed)
		qsort(hs->fixed, (size_t)hs->nfixed, sizeof *hs->fixed, hist_cmp);
	for (int i = 0; i < nspans; i++)
		if (!only_cur || i == icur)
			finish_totals(&spans[i].t);
	return 0;
}

static int build(const struct report_source *src, const struct report_period *p,
		 struct report **out, struct err *err)
{
	struct span spans[REPORT_TREND + 1], cur;
	int nspans = 0, year_ago_at = -1;
	bool missing = false;
	struct ids late = { 0 };
	struct history hist;
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
		free(late.rec);
		return rc;
	}
	/* the other periods' totals kept, when every one is: then only the
	 * report period's cases are read */
	for (int i = 0; i < nspans; i++)
		if (i != REPORT_TREND - 1 && !report_cache_load(src->db, &spans[i]))
			missing = true;
	if (missing)
		for (int i = 0; i < nspans; i++)
			memset(&spans[i].t, 0, sizeof spans[i].t);
	report_progress_begin(src->db, cur.first, cur.end, !missing);
	if ((rc = pass_totals(src->db, spans, nspans, REPORT_TREND - 1, !missing, &hist, &late,
			      err))) {
		report_progress_end();
		history_free(&hist);
		free(late.v);
		free(late.rec);
		return rc;
	}
	r = report_new();
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

	rc = report_details(src->db, src, &cur, &hist, &late, r, err);
	report_progress_end();
	if (!rc)
		rc = report_audit(src->db, r, err);
	free(late.v);
	free(late.rec);
	history_free(&hist);
	if (rc) {
		report_free(r);
		return rc;
	}
	/* counted anew: kept for the next report, from the same snapshot */
	if (missing)
		for (int i = 0; i < nspans; i++)
			if (i != REPORT_TREND - 1 && !report_cache_save(src->db, &spans[i]))
				break;
	*out = r;
	return 0;
}

/*
 * One read transaction for the whole report (its passes see one state of
 * the file), in which the totals counted anew are kept: a commit by another
 * process since it began makes their write fail, and they are not kept.
 */
int report_build(const struct report_source *src, const struct report_period *p,
		 struct report **out, struct err *err)
{
	bool own = sqlite3_get_autocommit(src->db);
	int rc;

	if (own && sqlite3_exec(src->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return sql_fail(src->db, "beginning the report", err);
	rc = build(src, p, out, err);
	if (own && sqlite3_exec(src->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(src->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* For report_cache.c: pass 1 over spans alone, none of them the report's. */
int report_recount(sqlite3 *db, struct span *spans, int nspans, struct err *err)
{
	struct history hs;
	int rc;

	for (int i = 0; i < nspans; i++)
		memset(&spans[i].t, 0, sizeof spans[i].t);
	if ((rc = history_open(db, &hs, err)))
		return rc;
	rc = pass_totals(db, spans, nspans, -1, false, &hs, NULL, err);
	history_free(&hs);
	return rc;
}

void report_span_init(struct span *s, const struct report_period *p, cdate today)
{
	span_init(s, p, today);
}
