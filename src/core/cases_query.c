/* Queues and search over the cases: keyset-paginated queries that every index serves. */
#include "core/actions.h"
#include "core/cases.h"
#include "core/privacy.h"
#include "core/text.h"
#include "core/util.h"
#include "cases_db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Repeated word for word in the partial indexes of src/core/schema.c. */
#define OPEN_COND "c.status NOT IN ('closed', 'rejected', 'merged')"

/* Marks a label for translation; the TUI translates it. */
#define N_(s) (s)

/* The paused are left out of the due queues: their clock stands still. */
#define DUE_COND OPEN_COND " AND c.status != 'paused' AND c.due_met IS NULL AND "

const struct case_queue_def case_queues[QUEUE__COUNT] = {
	[QUEUE_NEW] = { "new", N_("New (unrouted)"), "c.status = 'registered'",
		{ QP_NONE }, "cases_status_due", false },
	[QUEUE_MINE] = { "mine", N_("Mine"), OPEN_COND " AND c.receiver = ?",
		{ QP_ACTOR }, "cases_receiver_due", false },
	[QUEUE_DUE_TODAY] = { "due-today", N_("Due today"), DUE_COND "c.due >= ? AND c.due <= ?",
		{ QP_NOW, QP_TODAY_END }, "cases_open_due", false },
	[QUEUE_DUE_SOON] = { "due-soon", N_("Due soon"), DUE_COND "c.due > ? AND c.due <= ?",
		{ QP_TODAY_END, QP_SOON_END }, "cases_open_due", false },
	/* The reply late, a department's feedback late (its own clock: an
	 * open transfer of the case's round past its deadline), or the
	 * callback late (policy 12 (三): the working day after the reply). */
	[QUEUE_OVERDUE] = { "overdue", N_("Overdue"), OPEN_COND " AND c.status != 'paused' AND "
		"((c.due_met IS NULL AND c.due < ?) OR EXISTS (SELECT 1 FROM transfers t "
		"WHERE t.case_id = c.id AND t.round = c.round AND t.state = 'open' AND t.due < ?) "
		"OR (c.status = 'replied' AND c.satisfaction IS NULL AND c.anonymous = 0 "
		"AND c.replied_at < ?))",
		{ QP_NOW, QP_NOW, QP_CALLBACK_LATE }, "cases_open_due", false },
	[QUEUE_FEEDBACK] = { "feedback", N_("Awaiting department feedback"),
		"c.status = 'routed'", { QP_NONE }, "cases_status_due", false },
	[QUEUE_APPROVAL] = { "approval", N_("Awaiting approval"), "c.status = 'drafted'",
		{ QP_NONE }, "cases_status_due", false },
	[QUEUE_CALLBACK] = { "callback", N_("Awaiting callback"),
		"c.status = 'replied' AND c.satisfaction IS NULL", { QP_NONE },
		"cases_status_due", false },
	/* The planner prefers the wider open-case index here and then reads
	 * every open row; the partial index holds only these. */
	[QUEUE_REOPENED] = { "reopened", N_("Reopened"),
		OPEN_COND " AND (c.round > 1 OR c.in_review = 1)", { QP_NONE },
		"cases_reopened_due", true },
	[QUEUE_CLOSED] = { "closed-recent", N_("Closed recently"),
		"c.closed_at IS NOT NULL AND c.closed_at >= ?", { QP_MONTH_AGO },
		"cases_closed", false },
	/* The rectification named at closure (its close event) past its due
	 * day and not recorded done (a later "rectified" event). */
	[QUEUE_RECTIFY] = { "rectify-late", N_("Rectification overdue"), "c.status = 'closed' AND "
		"EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.action = 'close' "
		"AND json_extract(e.after, '$.rectify_due') < ? AND NOT EXISTS (SELECT 1 FROM "
		"events d WHERE d.case_id = c.id AND d.action = 'rectified' AND d.id > e.id))",
		{ QP_NOW }, "cases_closed", false },
	/* 督办 (policy 12): the cases whose latest supervise event names the
	 * actor; and the third dispatches, gone to leadership. */
	[QUEUE_SUPERVISED] = { "supervised", N_("Supervised by me (督办)"), OPEN_COND " AND "
		"(SELECT json_extract(e.after, '$.supervisor') FROM events e WHERE e.case_id = c.id "
		"AND e.action = 'supervise' ORDER BY e.id DESC LIMIT 1) = ?", { QP_ACTOR },
		"cases_open_due", false },
	[QUEUE_ESCALATED] = { "escalated", N_("Escalated to leadership"), OPEN_COND
		" AND c.escalated = 1", { QP_NONE }, "cases_open_due", false },
	/* EXISTS, not IN: the open cases are walked in order and each is
	 * probed, instead of every case the department ever had being
	 * collected first. */
	[QUEUE_DEPT] = { "dept:CODE", N_("Department"), OPEN_COND " AND EXISTS (SELECT 1 FROM "
		"case_depts d WHERE d.case_id = c.id AND d.dept = ?)", { QP_DEPT },
		"cases_open_due", false },
	[QUEUE_ALL] = { "all", N_("All cases"), NULL, { QP_NONE }, NULL, false },
};

int case_queue_parse(const char *s, char *dept)
{
	if (!s)
		return -1;
	if (strncmp(s, "dept:", 5) == 0) {
		if (!s[5] || strlen(s + 5) >= RULES_CODE_MAX)
			return -1;
		if (dept)
			snprintf(dept, RULES_CODE_MAX, "%s", s + 5);
		return QUEUE_DEPT;
	}
	for (int i = 0; i < QUEUE__COUNT; i++)
		if (i != QUEUE_DEPT && strcmp(s, case_queues[i].code) == 0)
			return i;
	if (strcmp(s, "closed") == 0)
		return QUEUE_CLOSED;
	return -1;
}

const char *case_queue_code(enum case_queue q)
{
	return (int)q >= 0 && q < QUEUE__COUNT ? case_queues[q].code : "?";
}

const char *case_queue_codes(void)
{
	static char buf[256];
	size_t len = 0;

	if (!buf[0])
		for (int i = 0; i < QUEUE__COUNT; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "",
						case_queues[i].code);
	return buf;
}

void case_filter_init(struct case_filter *f)
{
	memset(f, 0, sizeof *f);
	f->hclass = f->channel = f->kind = f->status = -1;
	f->from = f->to = CDATE_NONE;
}

void case_page_free(struct case_page *p)
{
	for (int i = 0; i < p->n; i++)
		case_record_free(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof *p);
}

/* Parameters collected while the SQL is built, bound afterwards. */
struct binds {
	struct { bool is_int; int64_t i; char *s; } v[48];
	int n;
};

static void bind_s(struct binds *b, const char *s)
{
	b->v[b->n].is_int = false;
	b->v[b->n++].s = xstrdup(s);
}

static void bind_i(struct binds *b, int64_t i)
{
	b->v[b->n].is_int = true;
	b->v[b->n].s = NULL;
	b->v[b->n++].i = i;
}

static void binds_apply(struct binds *b, sqlite3_stmt *s)
{
	for (int i = 0; i < b->n; i++) {
		if (b->v[i].is_int)
			sqlite3_bind_int64(s, i + 1, b->v[i].i);
		else
			sqlite3_bind_text(s, i + 1, b->v[i].s, -1, SQLITE_TRANSIENT);
	}
}

static void binds_free(struct binds *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->v[i].s);
	b->n = 0;
}

static void time_str(struct cdatetime t, char buf[20])
{
	store_time(t, buf);
}

/* Runs the page query; cursor column key_col (NULL: id alone) of the last row. */
static int run_page(struct store *st, const char *sql, struct binds *b, int limit,
		    int key_index, struct case_page *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	if ((rc = cases_prepare(st, sql, &s, err)))
		return rc;
	binds_apply(b, s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == limit) {
			out->more = true;
			break;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->items = xrealloc(out->items, (size_t)cap * sizeof *out->items);
		}
		case_from_row(s, &out->items[out->n]);
		if (key_index >= 0) {
			const unsigned char *k = sqlite3_column_text(s, key_index);
			snprintf(out->cursor, sizeof out->cursor, "%lld:%s",
				 (long long)out->items[out->n].id, k ? (const char *)k : "");
		} else {
			snprintf(out->cursor, sizeof out->cursor, "%lld",
				 (long long)out->items[out->n].id);
		}
		out->n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		case_page_free(out);
		return store_sql_error(st, "query", err);
	}
	if (!out->more)
		out->cursor[0] = '\0';
	return 0;
}

/* "ID:KEY" (or "ID" when keyless) into its parts; false when malformed. */
static bool cursor_parse(const char *cursor, bool keyed, int64_t *id, const char **key)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)cursor[0]))
		return false;
	v = strtoll(cursor, &end, 10);
	if (v <= 0)
		return false;
	*id = v;
	if (!keyed)
		return *end == '\0';
	if (*end != ':')
		return false;
	*key = end + 1;
	return text_utf8_valid(*key, strlen(*key)) && strlen(*key) < 40;
}

static void add_filter(struct sbuf *w, struct binds *b, const struct case_filter *f)
{
	static const struct { const char *col; const struct vocab *vocab; } terms[] = {
		{ "c.class", &vocab_class }, { "c.channel", &vocab_channel },
		{ "c.kind", &vocab_kind }, { "c.status", &vocab_status },
	};
	char t[20];

	if (!f)
		return;
	const int value[] = { f->hclass, f->channel, f->kind, f->status };
	if (f->dept && *f->dept) {
		sbuf_add(w, " AND EXISTS (SELECT 1 FROM case_depts d WHERE d.case_id = c.id AND "
			 "d.dept = ?)");
		bind_s(b, f->dept);
	}
	if (f->unit && *f->unit) {
		sbuf_add(w, " AND c.unit = ?");
		bind_s(b, f->unit);
	}
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		if (value[i] >= 0 && value[i] < terms[i].vocab->n) {
			sbuf_addf(w, " AND %s = ?", terms[i].col);
			bind_s(b, vocab_code(terms[i].vocab, value[i]));
		}
	}
	if (f->flags) {
		sbuf_add(w, " AND (c.flags & ?) = ?");
		bind_i(b, f->flags);
		bind_i(b, f->flags);
	}
	if (f->from != CDATE_NONE) {
		struct cdatetime d = { f->from, 0 };
		sbuf_add(w, " AND c.received >= ?");
		time_str(d, t);
		bind_s(b, t);
	}
	if (f->to != CDATE_NONE) {
		struct cdatetime d = { f->to, 86399 };
		sbuf_add(w, " AND c.received <= ?");
		time_str(d, t);
		bind_s(b, t);
	}
}

/* The value of one parameter of a queue's condition. */
static void bind_param(struct binds *b, const struct case_ctx *ctx, enum case_queue_param p,
		       const char *dept, int soon_days)
{
	struct cdatetime t = { ctx->at.day, 86399 };
	char s[20];

	switch (p) {
	case QP_ACTOR: bind_s(b, ctx->actor); return;
	case QP_DEPT: bind_s(b, dept); return;
	case QP_NOW: t = ctx->at; break;
	case QP_TODAY_END: break;
	case QP_SOON_END:
		t.day = calendar_add_working_days(ctx->cal, ctx->at.day,
						  soon_days > 0 ? soon_days : 2);
		break;
	case QP_MONTH_AGO: t = (struct cdatetime){ ctx->at.day - 30, 0 }; break;
	case QP_CALLBACK_LATE:
		t = (struct cdatetime){ rules_callback_late_before(ctx->rules, ctx->cal,
								   ctx->at.day), 0 };
		break;
	case QP_NONE: return;
	}
	time_str(t, s);
	bind_s(b, s);
}

/* "'', ?, ?": the handler's departments, bound in order. */
static void scope_depts(struct sbuf *w, struct binds *b, const struct case_viewer *v)
{
	sbuf_add(w, "''");
	for (int i = 0; i < v->u.ndepts; i++) {
		sbuf_add(w, ", ?");
		bind_s(b, v->u.depts[i]);
	}
}

/*
 * Whether the handler's transfers are few beside all cases (under one in a
 * hundred, counted no further than that): then its cases are collected
 * from the transfers' index and sorted, instead of the queue's index being
 * walked for the rare one of them.
 */
static bool scope_rare(struct store *st, const struct case_viewer *v)
{
	struct sbuf q = { 0 };
	struct binds b = { .n = 0 };
	sqlite3_stmt *s;
	int64_t total = 0, n = 0;
	bool rare = false;

	sbuf_add(&q, "SELECT (SELECT coalesce(max(id), 0) FROM cases), (SELECT count(*) FROM "
		 "(SELECT 1 FROM transfers t WHERE t.dept IN (");
	scope_depts(&q, &b, v);
	sbuf_add(&q, ") LIMIT (SELECT coalesce(max(id), 0) / 100 + 1 FROM cases)))");
	if (cases_prepare(st, q.s, &s, NULL) == 0) {
		binds_apply(&b, s);
		if (sqlite3_step(s) == SQLITE_ROW) {
			total = sqlite3_column_int64(s, 0);
			n = sqlite3_column_int64(s, 1);
			rare = n <= total / 100;
		}
		sqlite3_finalize(s);
	}
	sbuf_free(&q);
	binds_free(&b);
	return rare;
}

/* A handler sees only the cases ever transferred to its departments (SPEC §9). */
static void add_scope(struct store *st, struct sbuf *w, struct binds *b,
		      const struct case_viewer *v)
{
	if (!v->scoped)
		return;
	if (scope_rare(st, v)) {
		sbuf_add(w, " AND c.id IN (SELECT t.case_id FROM transfers t WHERE t.dept IN (");
	} else {
		sbuf_add(w, " AND EXISTS (SELECT 1 FROM transfers t WHERE t.case_id = c.id AND "
			 "t.dept IN (");
	}
	scope_depts(w, b, v);
	sbuf_add(w, "))");
}

/* Whether s holds q, ASCII letters in either case (as LIKE and the
 * trigram index compare). */
static bool holds(const char *s, const char *q)
{
	size_t n = strlen(q);

	for (; s && *s; s++)
		if (strncasecmp(s, q, n) == 0)
			return true;
	return false;
}

/*
 * The page as the viewer may see it: protected identities masked. For a
 * search for q, a protected case stays only when q is in what the viewer
 * sees of it (its account or demand with the identity cut out), so that
 * a name or phone quoted in the account finds nothing either.
 */
static void mask_page(const struct case_viewer *v, struct case_page *p, const char *q)
{
	int k = 0;

	for (int i = 0; i < p->n; i++) {
		struct case_record *r = &p->items[i];
		if (!case_viewer_sees(v, r)) {
			case_identity_mask(r);
			if (q && !holds(r->text, q) && !holds(r->demand, q)) {
				case_record_free(r);
				continue;
			}
		}
		if (k != i)
			p->items[k] = *r;
		k++;
	}
	p->n = k;
}

/* Whether some year's sequence went past 99,999 (six-digit case numbers). */
static bool long_numbers(struct store *st)
{
	sqlite3_stmt *s;
	struct err err = { 0 };
	bool yes = true;            /* when in doubt, the order that is always right */

	if (cases_prepare(st, "SELECT coalesce(max(last), 0) > 99999 FROM case_seq", &s, &err))
		return yes;
	if (sqlite3_step(s) == SQLITE_ROW)
		yes = sqlite3_column_int(s, 0) != 0;
	sqlite3_finalize(s);
	return yes;
}

/* The order of case numbers by their value, not their text: the prefix and
 * year, then the sequence zero-padded (TS2026-100080 after TS2026-99999). */
#define CASE_NUMBER_SORT_KEY \
	"(substr(c.number, 1, instr(c.number, '-')) || " \
	"printf('%012d', CAST(substr(c.number, instr(c.number, '-') + 1) AS INTEGER)))"

/*
 * The WHERE of queue q (its condition, its parameters, the filter and the
 * viewer's scope) into w and b; def set to the queue's row. ERR_USAGE for an
 * unknown queue, ERR_NOTFOUND for an unknown department.
 */
static int queue_where(const struct case_ctx *ctx, enum case_queue q, const char *dept,
		       const struct case_filter *f, int soon_days, const struct case_viewer *v,
		       struct sbuf *w, struct binds *b, const struct case_queue_def **def,
		       struct err *err)
{
	if ((int)q < 0 || q >= QUEUE__COUNT)
		return err_set(err, ERR_USAGE, "unknown queue (one of: %s)", case_queue_codes());
	if (q == QUEUE_DEPT) {
		if (!dept || !rules_dept_find(ctx->rules, dept))
			return err_set(err, ERR_NOTFOUND, "unknown department '%s'", dept ? dept : "");
		dept = rules_dept_find(ctx->rules, dept)->code;
	}
	*def = &case_queues[q];
	sbuf_add(w, "1");
	if ((*def)->cond) {
		sbuf_add(w, " AND ");
		sbuf_add(w, (*def)->cond);
	}
	for (int i = 0; i < 3 && (*def)->params[i] != QP_NONE; i++)
		bind_param(b, ctx, (*def)->params[i], dept, soon_days);
	add_filter(w, b, f);
	add_scope(ctx->st, w, b, v);
	return 0;
}

int case_list(const struct case_ctx *ctx, enum case_queue q, const char *dept,
	      const struct case_filter *f, enum case_sort sort, bool desc, int soon_days,
	      const char *cursor, int limit, struct case_page *out, struct err *err)
{
	struct sbuf w = { 0 };
	struct binds b = { .n = 0 };
	const char *key_col, *key = NULL, *dir = desc ? "DESC" : "ASC", *cmp = desc ? "<" : ">";
	const struct case_queue_def *def;
	int64_t cid = 0;
	int rc;
	char *sql, *safety_key = NULL;
	struct case_viewer v;

	memset(out, 0, sizeof *out);
	if ((rc = cases_permit(ctx, CA_LIST, NULL, err)))
		return rc;
	case_viewer_get(ctx, &v);
	if (limit < 1 || limit > 1000)
		return err_set(err, ERR_USAGE, "page size %d is out of range (1-1000)", limit);
	if ((int)q < 0 || q >= QUEUE__COUNT)
		return err_set(err, ERR_USAGE, "unknown queue (one of: %s)", case_queue_codes());
	switch (sort) {
	case SORT_DUE: key_col = "c.due"; break;
	case SORT_RECEIVED: key_col = "c.received"; break;
	case SORT_NUMBER:
		/* the text's order is the value's while every sequence has five
		 * digits (and then the number's index serves) */
		key_col = long_numbers(ctx->st) ? CASE_NUMBER_SORT_KEY : "c.number";
		break;
	default: return err_set(err, ERR_USAGE, "unknown sort order");
	}
	if (cursor && *cursor && !cursor_parse(cursor, true, &cid, &key))
		return err_set(err, ERR_USAGE, "malformed page cursor '%.40s'", cursor);
	if ((rc = queue_where(ctx, q, dept, f, soon_days, &v, &w, &b, &def, err))) {
		sbuf_free(&w);
		binds_free(&b);
		return rc;
	}
	/* 第二十一条: a department's medical-safety risks come first (the
	 * flag leads the key, so the page cursor keeps it) */
	if (q == QUEUE_DEPT)
		key_col = safety_key = xasprintf("(CASE WHEN c.flags & 1 THEN '%c' ELSE '%c' END "
						 "|| coalesce(%s, ''))", desc ? '1' : '0',
						 desc ? '0' : '1', key_col);
	if (key) {
		sbuf_addf(&w, " AND (%s, c.id) %s (?, ?)", key_col, cmp);
		bind_s(&b, key);
		bind_i(&b, cid);
	}
	sql = xasprintf("SELECT %s, %s FROM cases c%s%s WHERE %s ORDER BY %s %s, "
			"c.id %s LIMIT %d", cases_columns(), key_col, def->force_index ? " INDEXED BY " : "",
			def->force_index ? def->index : "", w.s, key_col, dir, dir, limit + 1);
	rc = run_page(ctx->st, sql, &b, limit, cases_ncolumns(), out, err);
	if (!rc)
		mask_page(&v, out, NULL);
	free(sql);
	free(safety_key);
	sbuf_free(&w);
	binds_free(&b);
	return rc;
}

int case_list_count(const struct case_ctx *ctx, enum case_queue q, const char *dept,
		    const struct case_filter *f, int soon_days, int64_t *count, struct err *err)
{
	struct sbuf w = { 0 };
	struct binds b = { .n = 0 };
	const struct case_queue_def *def;
	struct case_viewer v;
	sqlite3_stmt *s;
	char *sql;
	int rc;

	*count = 0;
	if ((rc = cases_permit(ctx, CA_LIST, NULL, err)))
		return rc;
	/* a handler counts only its departments' cases, as it lists them */
	case_viewer_get(ctx, &v);
	if ((rc = queue_where(ctx, q, dept, f, soon_days, &v, &w, &b, &def, err))) {
		sbuf_free(&w);
		binds_free(&b);
		return rc;
	}
	sql = xasprintf("SELECT count(*) FROM cases c WHERE %s", w.s);
	rc = cases_prepare(ctx->st, sql, &s, err);
	if (!rc) {
		binds_apply(&b, s);
		if (sqlite3_step(s) == SQLITE_ROW)
			*count = sqlite3_column_int64(s, 0);
		else
			rc = store_sql_error(ctx->st, "count", err);
		sqlite3_finalize(s);
	}
	free(sql);
	sbuf_free(&w);
	binds_free(&b);
	return rc;
}

/* A case number: letters, digits, '-', digits. */
static bool looks_like_number(const char *q)
{
	const char *p = q;

	while (isalpha((unsigned char)*p))
		p++;
	if (p == q || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '-' || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

/* The FTS5 query of each trigram of q (three characters or more), with
 * AND: "abc" AND "bcd" … */
static void fts_terms(struct sbuf *out, const char *q)
{
	for (const char *p = q; *p; p++) {
		const char *e = p;
		int n = 0;
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		while (*e && n < 3)
			for (n++, e++; ((unsigned char)*e & 0xc0) == 0x80; e++)
				;
		if (n < 3)
			break;
		sbuf_add(out, out->len ? " AND \"" : "\"");
		for (const char *c = p; c < e; c++)
			sbuf_addn(out, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
		sbuf_add(out, "\"");
	}
}

static bool looks_like_phone(const char *q)
{
	int digits = 0;

	for (const char *p = q; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+- ", *p))
			return false;
	}
	return digits >= 3;
}

char *cases_like_pattern(const char *q)
{
	struct sbuf b = { 0 };

	sbuf_add(&b, "%");
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			sbuf_add(&b, "\\");
		sbuf_addn(&b, p, 1);
	}
	sbuf_add(&b, "%");
	return b.s;
}

int case_search(const struct case_ctx *ctx, const char *query, const char *cursor, int limit,
		struct case_page *out, struct err *err)
{
	struct binds b = { .n = 0 };
	struct sbuf sql = { 0 };
	char *q, *pat;
	size_t len;
	int64_t cid = 0;
	int rc;
	struct case_viewer v;
	bool hide;

	memset(out, 0, sizeof *out);
	if ((rc = cases_permit(ctx, CA_SEARCH, NULL, err)))
		return rc;
	case_viewer_get(ctx, &v);
	/* A protected name or phone is never matched for a viewer who may not
	 * see it: neither the case nor its count may give it away. */
	hide = !v.sees_identity;
	if (!query)
		return err_set(err, ERR_USAGE, "the search text is empty");
	if (text_check_field("search text", query, 200, false, err))
		return ERR_USAGE;
	/* Trim surrounding blanks. */
	while (*query == ' ' || *query == '\t')
		query++;
	q = xstrdup(query);
	len = strlen(q);
	while (len && (q[len - 1] == ' ' || q[len - 1] == '\t'))
		q[--len] = '\0';
	if (!len) {
		free(q);
		return err_set(err, ERR_USAGE, "the search text is empty");
	}
	if (limit < 1 || limit > 1000) {
		free(q);
		return err_set(err, ERR_USAGE, "page size %d is out of range (1-1000)", limit);
	}
	if (cursor && *cursor && !cursor_parse(cursor, false, &cid, NULL)) {
		free(q);
		return err_set(err, ERR_USAGE, "malformed page cursor '%.40s'", cursor);
	}
	if (looks_like_number(q)) {
		sbuf_addf(&sql, "SELECT %s FROM cases c WHERE c.number = ?", cases_columns());
		bind_s(&b, q);
		add_scope(ctx->st, &sql, &b, &v);
	} else if (text_chars(q) >= 3) {
		/* The text holds the query as a substring: the index (schema
		 * 15: no positions) gives the cases holding each of its
		 * trigrams, cdesk_fts_has those holding them in a row. Digits
		 * are looked for among names and phones only. */
		struct sbuf terms = { 0 };
		fts_terms(&terms, q);
		sbuf_addf(&sql, "SELECT %s FROM cases_fts f JOIN cases c ON c.id = f.rowid "
			  "WHERE cases_fts MATCH ? AND cdesk_fts_has(?, %s, %s)", cases_columns(),
			  looks_like_phone(q) ? "NULL, NULL" : "c.account, c.demand",
			  "coalesce(c.name, '') || ' ' || coalesce(c.patient_name, '') || ' ' || "
			  "coalesce(c.phone, '')");
		bind_s(&b, terms.s);
		bind_s(&b, q);
		sbuf_free(&terms);
		if (hide && looks_like_phone(q)) {
			sbuf_add(&sql, " AND NOT " PRIVACY_PROTECTED_SQL);
		} else if (hide) {
			pat = cases_like_pattern(q);
			sbuf_add(&sql, " AND (NOT " PRIVACY_PROTECTED_SQL " OR c.account LIKE ? "
				 "ESCAPE '\\' OR c.demand LIKE ? ESCAPE '\\')");
			bind_s(&b, pat);
			bind_s(&b, pat);
			free(pat);
		}
		add_scope(ctx->st, &sql, &b, &v);
		if (cid) {
			sbuf_add(&sql, " AND f.rowid < ?");
			bind_i(&b, cid);
		}
		sbuf_add(&sql, " ORDER BY f.rowid DESC");
		goto run;
	} else {
		/* Trigrams need three characters: scan for one or two. */
		pat = cases_like_pattern(q);
		sbuf_addf(&sql, "SELECT %s FROM cases c WHERE (c.account LIKE ?1 ESCAPE '\\' "
			  "OR c.demand LIKE ?1 ESCAPE '\\' OR (", cases_columns());
		if (hide)
			sbuf_add(&sql, "NOT " PRIVACY_PROTECTED_SQL " AND ");
		sbuf_add(&sql, "(c.name LIKE ?1 ESCAPE '\\' "
			 "OR c.patient_name LIKE ?1 ESCAPE '\\' OR c.phone LIKE ?1 ESCAPE '\\')))");
		bind_s(&b, pat);
		free(pat);
		add_scope(ctx->st, &sql, &b, &v);
	}
	if (cid) {
		sbuf_addf(&sql, " AND c.id < ?%d", b.n + 1);
		bind_i(&b, cid);
	}
	sbuf_add(&sql, " ORDER BY c.id DESC");
run:
	sbuf_addf(&sql, " LIMIT %d", limit + 1);
	rc = run_page(ctx->st, sql.s, &b, limit, -1, out, err);
	if (!rc)
		mask_page(&v, out, looks_like_number(q) ? NULL : q);
	sbuf_free(&sql);
	binds_free(&b);
	free(q);
	return rc;
}
