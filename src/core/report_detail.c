/*
 * Passes 2 and 3 of the report (see report.c): one scan of the period's cases
 * for the breakdowns, the departments, findings, claims and repeat
 * complainants, then a lookup of each late case (by receipt and id, in
 * cases_period) for the overdue list.
 */
#include "core/report.h"
#include "report_pass.h"
#include "report_progress.h"
#include "report_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A growable count table keyed by code, for units, categories, departments:
 * the rows in the order their codes first came, found through a hash. */
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
	struct hindex index;        /* over v, by the code as a row keeps it */
};

/* The first row whose code is code, added at the end if there is none: as
 * the linear search this replaced, a code longer than a row holds matches
 * no row (each adds one), a shorter one the first row cut to it. The probe
 * meets rows of one hash in the order they were added. */
static struct tally_row *tally_get(struct tally *t, const char *code)
{
	/* the hash of the code as a row keeps it: its first bytes */
	uint32_t h = util_hash(code, REPORT_LABEL_MAX - 1);
	struct hindex *x = &t->index;
	int i;

	hindex_reserve(x, t->n, 64);
	for (i = hindex_first(x, h); x->v[i].item; i = hindex_next(x, i)) {
		struct tally_row *row = &t->v[x->v[i].item - 1];
		if (x->v[i].hash == h && !strcmp(row->code, code))
			return row;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
	}
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	strlcpy_(t->v[t->n].code, code, sizeof t->v[t->n].code);
	x->v[i] = (struct hindex_slot){ h, t->n + 1 };
	return &t->v[t->n++];
}

static void tally_free(struct tally *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i].days);
	free(t->v);
	hindex_free(&t->index);
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

/* A complainant: the cases under one key, "p:phone" or "n:name" (cut at 63
 * bytes), and the name and phone of the first of them (who they are shown
 * as). The strings are offsets in struct people's text; NONE: NULL. */
#define NONE ((size_t)-1)
struct person {
	size_t key, name, phone;
	long n;
};

/* The complainants of the period, each once (open addressing over v by key). */
struct people {
	struct person *v;
	int n, cap;
	struct hindex index;        /* over v, by key */
	struct sbuf text;
};

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
	struct people people;
	struct repeat_cases repeats;        /* the cases naming a unit, merged ones not */
};

/* What a case adds to the row of each of its departments. */
struct dept_share {
	bool closed, on_time, reopened, callback, satisfied;
	int unsatisfied;            /* unsatisfied callbacks by the end (reopened cases) */
	int reply_days;             /* working days to the reply; -1: none */
};

static void dept_count(struct tally_row *t, const struct dept_share *s)
{
	t->n++;
	t->d.received++;
	if (s->closed)
		t->d.closed++;
	if (s->on_time)
		t->d.closed_on_time++;
	if (s->reopened)
		t->d.reopened++;
	if (s->callback) {
		t->d.callbacks++;
		if (s->satisfied)
			t->d.satisfied++;
	}
	t->d.callbacks += s->unsatisfied;
	if (s->reply_days >= 0) {
		if (t->ndays == t->capdays) {
			t->capdays = t->capdays ? t->capdays * 2 : 16;
			t->days = xrealloc(t->days, (size_t)t->capdays * sizeof *t->days);
		}
		t->days[t->ndays++] = s->reply_days;
	}
}

static size_t text_keep(struct sbuf *b, const char *s)
{
	size_t at;

	if (!s)
		return NONE;
	sbuf_addn(b, "", 0);
	at = b->len;
	sbuf_addn(b, s, strlen(s) + 1);
	return at;
}

/* A named complainant, for the repeat complainants (anonymous cases are not):
 * one more case under its key. */
static void person_add(struct pass2 *p, const char *phone, const char *name)
{
	struct people *pp = &p->people;
	struct hindex *x = &pp->index;
	char key[64];
	uint32_t h;
	int i;

	/* snprintf "p:%s" or "n:%s" into 64 bytes, by hand */
	key[0] = phone && *phone ? 'p' : 'n';
	key[1] = ':';
	strlcpy_(key + 2, phone && *phone ? phone : name, sizeof key - 2);
	hindex_reserve(x, pp->n, 1024);
	h = util_hash(key, SIZE_MAX);
	for (i = hindex_first(x, h); x->v[i].item; i = hindex_next(x, i))
		if (x->v[i].hash == h && !strcmp(pp->text.s + pp->v[x->v[i].item - 1].key, key)) {
			pp->v[x->v[i].item - 1].n++;
			return;
		}
	if (pp->n == pp->cap) {
		pp->cap = pp->cap ? pp->cap * 2 : 256;
		pp->v = xrealloc(pp->v, (size_t)pp->cap * sizeof *pp->v);
	}
	pp->v[pp->n] = (struct person){ text_keep(&pp->text, key), text_keep(&pp->text, name),
					text_keep(&pp->text, phone), 1 };
	x->v[i] = (struct hindex_slot){ h, ++pp->n };
}

/* "张* 138****0001": how complainant x is shown. */
static void person_who(const struct people *pp, const struct person *x, char *who, size_t size)
{
	char nm[8] = "", ph[16] = "";

	mask_name(x->name == NONE ? NULL : pp->text.s + x->name, nm, sizeof nm);
	mask_phone(x->phone == NONE ? NULL : pp->text.s + x->phone, ph, sizeof ph);
	/* Cut silently: the masked name and phone fit, but the compiler cannot tell. */
	if (snprintf(who, size, "%s%s%s", nm, *nm && *ph ? " " : "", ph) < 0)
		who[0] = '\0';
}

static void people_free(struct people *pp)
{
	free(pp->v);
	hindex_free(&pp->index);
	sbuf_free(&pp->text);
}

/* Held by no department: registered (never transferred in its round, or
 * every transfer returned), or paused from there. */
static bool unrouted(const char *status, const char *paused_from)
{
	return status && (!strcmp(status, "registered") ||
			  (!strcmp(status, "paused") && paused_from &&
			   !strcmp(paused_from, "registered")));
}

/* Over 120 lines on purpose: one case row counted into every figure of the
 * report in the order the columns are read; each step reads what the one
 * before set (the round, the state at the end), so its parts would share all. */
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
	const char *paused_from = col_text(q, 24);
	struct state st;
	char parts[RULES_MAX_DEPTS * 2][REPORT_LABEL_MAX];
	int n, i;
	int reply_days = -1;
	bool reopened;
	bool callback, satisfied;
	int unsatisfied = 0;
	struct dept_share share;

	if (h) {
		/* reopened after the end: its fields as they were then */
		status = h->status, closed_at = nz(h->closed_at), due = nz(h->due);
		due_met = nz(h->due_met), paused_at = nz(h->paused_at);
		replied_at = nz(h->replied_at), satisfaction = nz(h->satisfaction);
		callback_at = nz(h->callback_at), finding = nz(h->finding);
		round = h->round, round_at = nz(h->round_at);
		klass = nz(h->klass), depts = nz(h->depts), paused_from = nz(h->paused_from);
	}
	st = report_state_at(cur, status, closed_at, due, due_met, paused_at);
	/* anonymous: nobody is called back, and no one is counted satisfied */
	callback = !anonymous && callback_at && satisfaction && strcmp(callback_at, cur->end) < 0;
	satisfied = callback && (!strcmp(satisfaction, "satisfied") ||
				 !strcmp(satisfaction, "basic"));
	/* An unsatisfied callback reopens the case and a later round's reply
	 * clears it from the row: a reopened case's events tell how many there
	 * were by the end. They replace the row's own unsatisfied result. */
	if (round > 1 && unsat && !anonymous) {
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

	share = (struct dept_share){ .closed = st.closed, .on_time = st.on_time,
				     .reopened = reopened, .callback = callback,
				     .satisfied = satisfied, .unsatisfied = unsatisfied,
				     .reply_days = reply_days };
	/* nobody held it at the end (never transferred, or every transfer
	 * returned): the office answers for it, not the suggested departments */
	if (src->office && unrouted(status, paused_from))
		depts = src->office;
	n = split_codes(depts, parts, RULES_MAX_DEPTS * 2);
	for (i = 0; i < n; i++)
		dept_count(tally_get(&p->depts, parts[i]), &share);
	if (n == 0)
		p->dept_none++;
	p->dept_distinct++;

	if (st.closed) {
		int f = finding ? finding_parse(finding) : -1;
		int k = kind ? kind_parse(kind) : -1;
		if (k != KIND_COMPLAINT && k != KIND_REPORT && k >= 0)
			r->finding_na++;    /* no finding due: never 无效 */
		else if (f >= 0)
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
	if (!anonymous && ((phone && *phone) || (name && *name)))
		person_add(p, phone, name);
	/* the row as it is now, as the subject is not rebuilt at the end */
	if (sqlite3_column_type(q, 27) == SQLITE_NULL)
		report_repeat_add(&p->repeats, col_text(q, 26), unit, col_text(q, 25), rec,
				  col_text(q, 7));
}

/* The complainants with two cases or more; the top list by cases, then by
 * key (strcmp), as a walk of them sorted by key would keep it. */
static void pass2_repeat(struct pass2 *p, struct report *r)
{
	const struct people *pp = &p->people;
	const struct person *top[REPORT_TOP_REPEAT];
	int ntop = 0;

	for (int i = 0; i < pp->n; i++) {
		const struct person *x = &pp->v[i];
		int pos;
		if (x->n < 2)
			continue;
		r->repeat_people++;
		r->repeat_cases += x->n;
		/* after every one with more cases, or as many and a smaller key */
		for (pos = ntop; pos > 0 && (top[pos - 1]->n < x->n ||
					     (top[pos - 1]->n == x->n &&
					      strcmp(pp->text.s + top[pos - 1]->key,
						     pp->text.s + x->key) > 0)); pos--)
			;
		if (pos < REPORT_TOP_REPEAT) {
			int last = ntop < REPORT_TOP_REPEAT ? ntop : REPORT_TOP_REPEAT - 1;
			memmove(&top[pos + 1], &top[pos], (size_t)(last - pos) * sizeof top[0]);
			top[pos] = x;
			if (ntop < REPORT_TOP_REPEAT)
				ntop++;
		}
	}
	for (int i = 0; i < ntop; i++) {
		person_who(pp, top[i], r->repeat[i].who, sizeof r->repeat[i].who);
		r->repeat[i].cases = top[i]->n;
	}
	r->nrepeat = ntop;
}

static int pass_details(sqlite3 *db, const struct report_source *src, const struct span *cur,
			const struct history *hs, struct report *r, struct pass2 *p,
			struct err *err)
{
	static const char sql[] =
		"SELECT received, channel, kind, class, unit, status, closed_at, due, due_met, "
		"replied_at, round, satisfaction, callback_at, finding, claim_fen, paid_fen, "
		"phone, name, anonymous, depts, categories, paused_at, round_at, id, paused_from, "
		"staff, number, merged_into FROM cases WHERE received >= ?1 AND received < ?2";
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
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		report_progress_row();
		pass2_case(p, r, cur, src, q, report_history_find(hs, sqlite3_column_int64(q, 23)),
			   unsat);
	}
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
	/* by receipt and id in the period's covering index, not the case rows
	 * (a page read for each): the late cases are mostly the period's */
	static const char sql[] =
		"SELECT number, depts, received, due, due_met, closed_at, status, paused_at, "
		"paused_from FROM cases INDEXED BY cases_period WHERE received = ?2 AND id = ?1";
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return sql_fail(db, "preparing the overdue list", err);
	for (int i = 0; i < late->n; i++) {
		const char *number, *depts, *rec, *due, *due_met, *closed_at, *status, *paused_at;
		const char *pfrom;
		char parts[RULES_MAX_DEPTS * 2][REPORT_LABEL_MAX];
		struct report_late *l;
		const struct hist *h;
		struct state st;
		int n;

		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, late->v[i]);
		sqlite3_bind_text(q, 2, late->rec[i], -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_ROW) {
			sqlite3_finalize(q);
			return sql_fail(db, "reading a late case", err);
		}
		number = col_text(q, 0), depts = col_text(q, 1), rec = col_text(q, 2);
		due = col_text(q, 3), due_met = col_text(q, 4), closed_at = col_text(q, 5);
		status = col_text(q, 6), paused_at = col_text(q, 7);
		pfrom = col_text(q, 8);
		if ((h = report_history_find(hs, late->v[i]))) {
			status = h->status, closed_at = nz(h->closed_at), due = nz(h->due);
			due_met = nz(h->due_met), paused_at = nz(h->paused_at);
			depts = nz(h->depts), pfrom = nz(h->paused_from);
		}
		st = report_state_at(cur, status, closed_at, due, due_met, paused_at);
		if (src->office && unrouted(status, pfrom))
			depts = src->office;
		n = split_codes(depts, parts, RULES_MAX_DEPTS * 2);
		l = report_late_push(&r->late, &r->nlate, &r->late_cap, number);
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

int report_details(sqlite3 *db, const struct report_source *src, const struct span *cur,
		   const struct history *hs, const struct ids *late, struct report *r,
		   struct err *err)
{
	struct pass2 p2;
	int rc;

	memset(&p2, 0, sizeof p2);
	rc = pass_details(db, src, cur, hs, r, &p2, err);
	if (!rc)
		rc = pass_late(db, src, cur, hs, late, r, &p2, err);
	if (!rc)
		rc = report_late_feedback(db, src, cur, r, err);
	if (!rc)
		rc = report_late_rounds(db, src, cur, r, err);
	if (!rc)
		rc = report_accountability(db, src, cur, r, err);
	if (!rc)
		rc = report_mark_supervised(db, cur, r, err);
	if (!rc)
		rc = report_disputes(db, cur, r, err);
	if (!rc)
		rc = report_returns(db, src, cur, r, err);
	if (!rc)
		rc = report_reviews(db, cur, r, err);
	if (!rc) {
		fill_breakdowns(&p2, r, src);
		fill_depts(&p2, r, src);
		pass2_repeat(&p2, r);
		report_repeats(src, &p2.repeats, r);
	}
	report_repeats_free(&p2.repeats);
	tally_free(&p2.units);
	tally_free(&p2.cats);
	tally_free(&p2.depts);
	people_free(&p2.people);
	return rc;
}
