/* The life of a case: registration and every later step, each one transaction and one event. */
#include "core/cases.h"
#include "core/text.h"
#include "core/util.h"
#include "cases_db.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cdatetime cases_no_time(void)
{
	struct cdatetime t = { CDATE_NONE, 0 };
	return t;
}

int cases_prepare(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err)
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, s, NULL) != SQLITE_OK) {
		*s = NULL;
		return store_sql_error(st, "database", err);
	}
	return 0;
}

void cases_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void cases_bind_time(sqlite3_stmt *s, int i, struct cdatetime t)
{
	char buf[20];

	if (t.day == CDATE_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, store_time(t, buf), -1, SQLITE_TRANSIENT);
}

/* Runs a prepared statement expecting no rows, then finalizes it. */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what, struct err *err)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, what, err);
}

bool case_status_final(enum case_status s)
{
	return s == STATUS_CLOSED || s == STATUS_REJECTED || s == STATUS_MERGED;
}

int cases_permit(const struct case_ctx *ctx, const char *action,
		 const struct case_record *rec, struct err *err)
{
	/* Roles (SPEC §9) arrive in a later issue; this is the one place they
	 * will be checked. */
	(void)ctx;
	(void)action;
	(void)rec;
	(void)err;
	return 0;
}

/* ---- rows ---- */

static char *col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t && *t ? xstrdup((const char *)t) : NULL;
}

static void col_buf(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

static struct cdatetime col_time(sqlite3_stmt *s, int i)
{
	struct cdatetime t;
	const char *v = (const char *)sqlite3_column_text(s, i);

	if (!v || !store_parse_time(v, &t))
		return cases_no_time();
	return t;
}

static int col_enum(sqlite3_stmt *s, int i, int (*parse)(const char *))
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	return v ? parse(v) : -1;
}

/* Splits "A,B,C" into up to max codes. */
static int split_codes(const char *list, char (*out)[RULES_CODE_MAX], int max)
{
	int n = 0;
	const char *p = list;

	while (p && *p && n < max) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0 && len < RULES_CODE_MAX) {
			memcpy(out[n], p, len);
			out[n++][len] = '\0';
		}
		p = e ? e + 1 : NULL;
	}
	return n;
}

void case_from_row(sqlite3_stmt *s, struct case_record *r)
{
	const char *v;
	int k;

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	col_buf(s, 1, r->number, sizeof r->number);
	r->received = col_time(s, 2);
	k = col_enum(s, 3, channel_parse);
	r->channel = k < 0 ? CHANNEL_VISIT : (enum channel)k;
	k = col_enum(s, 4, kind_parse);
	r->kind = k < 0 ? KIND_COMPLAINT : (enum case_kind)k;
	r->name = col_str(s, 5);
	r->phone = col_str(s, 6);
	r->relation = col_str(s, 7);
	r->address = col_str(s, 8);
	r->id_number = col_str(s, 9);
	r->anonymous = sqlite3_column_int(s, 10) != 0;
	r->group_size = sqlite3_column_int(s, 11);
	r->representatives = col_str(s, 12);
	r->patient_name = col_str(s, 13);
	r->patient_record = col_str(s, 14);
	r->visit_date = CDATE_NONE;
	if ((v = (const char *)sqlite3_column_text(s, 15))) {
		struct err e;
		if (date_parse(v, &r->visit_date, &e))
			r->visit_date = CDATE_NONE;
	}
	r->unit = col_str(s, 16);
	r->staff = col_str(s, 17);
	r->text = col_str(s, 18);
	r->demand = col_str(s, 19);
	r->claim_fen = sqlite3_column_int64(s, 20);
	r->paid_fen = sqlite3_column_int64(s, 21);
	r->ncategories = split_codes((const char *)sqlite3_column_text(s, 22), r->categories,
				     RULES_MAX_CATEGORIES);
	r->ndepts = split_codes((const char *)sqlite3_column_text(s, 24), r->depts, RULES_MAX_DEPTS);
	k = col_enum(s, 25, class_parse);
	r->hclass = k < 0 ? CLASS_GENERAL : (enum handling_class)k;
	r->flags = (unsigned)sqlite3_column_int(s, 26);
	r->escalated = sqlite3_column_int(s, 27) != 0;
	r->suggestion = col_str(s, 28);
	r->override = col_str(s, 29);
	col_buf(s, 30, r->override_by, sizeof r->override_by);
	col_buf(s, 31, r->receiver, sizeof r->receiver);
	k = col_enum(s, 32, status_parse);
	r->status = k < 0 ? STATUS_REGISTERED : (enum case_status)k;
	r->round = sqlite3_column_int(s, 33);
	r->round_at = col_time(s, 34);
	r->round_paused = sqlite3_column_int(s, 35);
	r->due = col_time(s, 36);
	r->due_met = col_time(s, 37);
	r->reply_text = col_str(s, 38);
	r->reply_method = col_enum(s, 39, reply_method_parse);
	r->replied_at = col_time(s, 40);
	r->satisfaction = col_enum(s, 41, satisfaction_parse);
	r->callback_at = col_time(s, 42);
	r->callback_note = col_str(s, 43);
	r->finding = col_enum(s, 44, finding_parse);
	r->close_note = col_str(s, 45);
	r->close_unreasonable = sqlite3_column_int(s, 46) != 0;
	r->closed_at = col_time(s, 47);
	r->reject_reason = col_enum(s, 48, reject_reason_parse);
	r->reject_note = col_str(s, 49);
	col_buf(s, 50, r->merged_into, sizeof r->merged_into);
	k = col_enum(s, 51, status_parse);
	r->paused_from = k < 0 ? STATUS_REGISTERED : (enum case_status)k;
	r->paused_at = col_time(s, 52);
	r->pause_reason = col_str(s, 53);
	r->paused_days = sqlite3_column_int(s, 54);
	r->in_review = sqlite3_column_int(s, 55) != 0;
	r->review_at = col_time(s, 56);
	r->review_reason = col_str(s, 57);
	r->version = sqlite3_column_int64(s, 58);
	r->updated = col_time(s, 59);
}

static void transfer_free(struct case_transfer *t)
{
	free(t->feedback);
	free(t->reason);
}

void case_record_free(struct case_record *r)
{
	if (!r)
		return;
	free(r->name); free(r->phone); free(r->relation); free(r->address); free(r->id_number);
	free(r->representatives); free(r->patient_name); free(r->patient_record);
	free(r->unit); free(r->staff); free(r->text); free(r->demand);
	free(r->suggestion); free(r->override);
	free(r->reply_text); free(r->callback_note); free(r->close_note); free(r->reject_note);
	free(r->pause_reason); free(r->review_reason);
	for (int i = 0; i < r->ntransfers; i++)
		transfer_free(&r->transfers[i]);
	free(r->transfers);
	for (int i = 0; i < r->ndrafts; i++) {
		struct case_draft *d = &r->drafts[i];
		free(d->text);
		for (int k = 0; k < d->napprovals; k++)
			free(d->approvals[k].note);
		free(d->approvals);
	}
	free(r->drafts);
	for (int i = 0; i < r->nmaterials; i++) {
		free(r->materials[i].description);
		free(r->materials[i].path);
	}
	free(r->materials);
	memset(r, 0, sizeof *r);
}

static const char *const transfer_states[] = { "open", "answered", "returned", "cancelled" };
static const char *const draft_states[] = { "pending", "approved", "refused", "superseded" };

static int state_index(const char *const *names, int n, const char *v)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(names[i], v) == 0)
			return i;
	return 0;
}

static int load_details(struct store *st, struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	if ((rc = cases_prepare(st, "SELECT id, round, dept, lead, state, at, due, done_at, by, "
				"done_by, feedback, reason, paused_days FROM transfers WHERE case_id = ? "
				"ORDER BY id",
				&s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct case_transfer *t;
		if (r->ntransfers == cap) {
			cap = cap ? 2 * cap : 8;
			r->transfers = xrealloc(r->transfers, (size_t)cap * sizeof *t);
		}
		t = &r->transfers[r->ntransfers++];
		memset(t, 0, sizeof *t);
		t->id = sqlite3_column_int64(s, 0);
		t->round = sqlite3_column_int(s, 1);
		col_buf(s, 2, t->dept, sizeof t->dept);
		t->lead = sqlite3_column_int(s, 3) != 0;
		t->state = (enum transfer_state)state_index(transfer_states, 4,
				(const char *)sqlite3_column_text(s, 4));
		t->at = col_time(s, 5);
		t->due = col_time(s, 6);
		t->done_at = col_time(s, 7);
		col_buf(s, 8, t->by, sizeof t->by);
		col_buf(s, 9, t->done_by, sizeof t->done_by);
		t->feedback = col_str(s, 10);
		t->reason = col_str(s, 11);
		t->paused_days = sqlite3_column_int(s, 12);
	}
	sqlite3_finalize(s);

	cap = 0;
	if ((rc = cases_prepare(st, "SELECT id, round, version, author, at, state, text FROM drafts "
				"WHERE case_id = ? ORDER BY version", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct case_draft *d;
		if (r->ndrafts == cap) {
			cap = cap ? 2 * cap : 4;
			r->drafts = xrealloc(r->drafts, (size_t)cap * sizeof *d);
		}
		d = &r->drafts[r->ndrafts++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(s, 0);
		d->round = sqlite3_column_int(s, 1);
		d->version = sqlite3_column_int(s, 2);
		col_buf(s, 3, d->author, sizeof d->author);
		d->at = col_time(s, 4);
		d->state = (enum draft_state)state_index(draft_states, 4,
				(const char *)sqlite3_column_text(s, 5));
		d->text = col_str(s, 6);
	}
	sqlite3_finalize(s);
	for (int i = 0; i < r->ndrafts; i++) {
		struct case_draft *d = &r->drafts[i];
		int acap = 0;
		if ((rc = cases_prepare(st, "SELECT step, role, actor, approved, at, note FROM approvals "
					"WHERE draft_id = ? ORDER BY id", &s, err)))
			return rc;
		sqlite3_bind_int64(s, 1, d->id);
		while (sqlite3_step(s) == SQLITE_ROW) {
			struct case_approval *a;
			if (d->napprovals == acap) {
				acap = acap ? 2 * acap : 4;
				d->approvals = xrealloc(d->approvals, (size_t)acap * sizeof *a);
			}
			a = &d->approvals[d->napprovals++];
			memset(a, 0, sizeof *a);
			a->step = sqlite3_column_int(s, 0);
			col_buf(s, 1, a->role, sizeof a->role);
			col_buf(s, 2, a->actor, sizeof a->actor);
			a->approved = sqlite3_column_int(s, 3) != 0;
			a->at = col_time(s, 4);
			a->note = col_str(s, 5);
		}
		sqlite3_finalize(s);
	}

	cap = 0;
	if ((rc = cases_prepare(st, "SELECT id, description, path, added_by, at FROM materials "
				"WHERE case_id = ? ORDER BY id", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct case_material *m;
		if (r->nmaterials == cap) {
			cap = cap ? 2 * cap : 4;
			r->materials = xrealloc(r->materials, (size_t)cap * sizeof *m);
		}
		m = &r->materials[r->nmaterials++];
		memset(m, 0, sizeof *m);
		m->id = sqlite3_column_int64(s, 0);
		m->description = col_str(s, 1);
		m->path = col_str(s, 2);
		col_buf(s, 3, m->added_by, sizeof m->added_by);
		m->at = col_time(s, 4);
	}
	sqlite3_finalize(s);
	return 0;
}

static bool number_wellformed(const char *n)
{
	size_t len = strlen(n);

	if (len == 0 || len >= 32)
		return false;
	for (const char *p = n; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

static int get_where(struct store *st, const char *where, const char *number, int64_t id,
		     bool details, struct case_record *out, struct err *err)
{
	sqlite3_stmt *s;
	char *sql = xasprintf("SELECT " CASE_COLUMNS " FROM cases c WHERE %s", where);
	int rc = cases_prepare(st, sql, &s, err);

	free(sql);
	memset(out, 0, sizeof *out);
	if (rc)
		return rc;
	if (number)
		sqlite3_bind_text(s, 1, number, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		case_from_row(s, out);
		sqlite3_finalize(s);
		if (details && (rc = load_details(st, out, err))) {
			case_record_free(out);
			return rc;
		}
		return 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "case", err);
	if (number)
		return err_set(err, ERR_NOTFOUND, "no case %s", number);
	return err_set(err, ERR_NOTFOUND, "no case with id %lld", (long long)id);
}

int case_get(struct store *st, const char *number, bool details, struct case_record *out,
	     struct err *err)
{
	memset(out, 0, sizeof *out);
	if (!number_wellformed(number)) {
		char *clean = text_sanitize(number);
		int rc = err_set(err, ERR_USAGE, "'%.60s' is not a case number (like TS2026-00042)",
				 clean);
		free(clean);
		return rc;
	}
	return get_where(st, "c.number = ?1", number, 0, details, out, err);
}

int case_get_id(struct store *st, int64_t id, bool details, struct case_record *out,
		struct err *err)
{
	return get_where(st, "c.id = ?1", NULL, id, details, out, err);
}

int case_events(struct store *st, const struct case_record *rec, struct store_event **out,
		int *n, struct err *err)
{
	return store_events_list(st, rec->id, out, n, err);
}

/* ---- writing ---- */

static void join_codes(char (*codes)[RULES_CODE_MAX], int n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", codes[i]);
}

/* Writes the mutable columns of r and its department and category rows.
 * The intake fields (account, names …) are not rewritten, so the
 * full-text index is not touched by the steps of a case. */
static int record_save(const struct case_ctx *ctx, struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	char depts[RULES_MAX_DEPTS * RULES_CODE_MAX], cats[RULES_MAX_CATEGORIES * RULES_CODE_MAX];
	int rc;

	join_codes(r->depts, r->ndepts, depts, sizeof depts);
	join_codes(r->categories, r->ncategories, cats, sizeof cats);
	if ((rc = cases_prepare(ctx->st,
			"UPDATE cases SET paid_fen = ?2, categories = ?3, dept = ?4, depts = ?5, "
			"class = ?6, flags = ?7, escalated = ?8, status = ?9, round = ?10, "
			"round_at = ?11, round_paused = ?12, due = ?13, due_met = ?14, reply_text = ?15, "
			"reply_method = ?16, replied_at = ?17, satisfaction = ?18, callback_at = ?19, "
			"callback_note = ?20, finding = ?21, close_note = ?22, close_unreasonable = ?23, "
			"closed_at = ?24, reject_reason = ?25, reject_note = ?26, "
			"merged_into = (SELECT id FROM cases WHERE number = ?27), paused_from = ?28, "
			"paused_at = ?29, pause_reason = ?30, paused_days = ?31, in_review = ?32, "
			"review_at = ?33, review_reason = ?34, version = version + 1, updated = ?35 "
			"WHERE id = ?1", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_int64(s, 2, r->paid_fen);
	sqlite3_bind_text(s, 3, cats, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, r->ndepts ? r->depts[0] : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, depts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, class_code(r->hclass), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, (int)r->flags);
	sqlite3_bind_int(s, 8, r->escalated);
	sqlite3_bind_text(s, 9, status_code(r->status), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 10, r->round);
	cases_bind_time(s, 11, r->round_at);
	sqlite3_bind_int(s, 12, r->round_paused);
	cases_bind_time(s, 13, r->due);
	cases_bind_time(s, 14, r->due_met);
	cases_bind_text(s, 15, r->reply_text);
	cases_bind_text(s, 16, r->reply_method >= 0 ? reply_method_code(r->reply_method) : NULL);
	cases_bind_time(s, 17, r->replied_at);
	cases_bind_text(s, 18, r->satisfaction >= 0 ? satisfaction_code(r->satisfaction) : NULL);
	cases_bind_time(s, 19, r->callback_at);
	cases_bind_text(s, 20, r->callback_note);
	cases_bind_text(s, 21, r->finding >= 0 ? finding_code(r->finding) : NULL);
	cases_bind_text(s, 22, r->close_note);
	sqlite3_bind_int(s, 23, r->close_unreasonable);
	cases_bind_time(s, 24, r->closed_at);
	cases_bind_text(s, 25, r->reject_reason >= 0 ? reject_reason_code(r->reject_reason) : NULL);
	cases_bind_text(s, 26, r->reject_note);
	cases_bind_text(s, 27, r->merged_into);
	cases_bind_text(s, 28, r->status == STATUS_PAUSED ? status_code(r->paused_from) : NULL);
	cases_bind_time(s, 29, r->paused_at);
	cases_bind_text(s, 30, r->pause_reason);
	sqlite3_bind_int(s, 31, r->paused_days);
	sqlite3_bind_int(s, 32, r->in_review);
	cases_bind_time(s, 33, r->review_at);
	cases_bind_text(s, 34, r->review_reason);
	cases_bind_time(s, 35, ctx->now);
	if ((rc = step_done(ctx->st, s, "case", err)))
		return rc;
	return 0;
}

/* Replaces the case's rows in case_depts and case_categories. */
static int save_links(const struct case_ctx *ctx, const struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "DELETE FROM case_depts WHERE case_id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	if ((rc = step_done(ctx->st, s, "departments", err)))
		return rc;
	for (int i = 0; i < r->ndepts; i++) {
		if ((rc = cases_prepare(ctx->st, "INSERT OR IGNORE INTO case_depts (dept, case_id, lead) "
					"VALUES (?, ?, ?)", &s, err)))
			return rc;
		sqlite3_bind_text(s, 1, r->depts[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, r->id);
		sqlite3_bind_int(s, 3, i == 0);
		if ((rc = step_done(ctx->st, s, "departments", err)))
			return rc;
	}
	if ((rc = cases_prepare(ctx->st, "DELETE FROM case_categories WHERE case_id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	if ((rc = step_done(ctx->st, s, "categories", err)))
		return rc;
	for (int i = 0; i < r->ncategories; i++) {
		if ((rc = cases_prepare(ctx->st, "INSERT OR IGNORE INTO case_categories (category, "
					"case_id) VALUES (?, ?)", &s, err)))
			return rc;
		sqlite3_bind_text(s, 1, r->categories[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, r->id);
		if ((rc = step_done(ctx->st, s, "categories", err)))
			return rc;
	}
	return 0;
}

/* The fields an event's before/after compare: the case as JSON without the
 * bookkeeping that changes every time. */
static json_t *snapshot(const struct case_record *r)
{
	json_t *o = case_to_json(r, false);

	json_object_del(o, "version");
	json_object_del(o, "updated");
	json_object_del(o, "suggestion");
	return o;
}

/* before/after objects holding only the keys whose values differ. */
static void diff(json_t *a, json_t *b, json_t **before, json_t **after)
{
	const char *key;
	json_t *v;

	*before = json_object();
	*after = json_object();
	json_object_foreach(a, key, v) {
		json_t *w = json_object_get(b, key);
		if (!w || !json_equal(v, w)) {
			json_object_set(*before, key, v);
			json_object_set(*after, key, w ? w : json_null());
		}
	}
	json_object_foreach(b, key, v)
		if (!json_object_get(a, key))
			json_object_set(*after, key, v);
}

static char *dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	return s ? s : xstrdup("{}");
}

/*
 * Appends the event of an action: the changed fields of the case between
 * old and new, plus extra (details of the step: a transfer, a draft …)
 * merged into "after". Takes ownership of extra.
 */
static int record_event(const struct case_ctx *ctx, const struct case_record *old,
			const struct case_record *new, const char *action, json_t *extra,
			const char *note, struct err *err)
{
	json_t *a = old ? snapshot(old) : json_object(), *b = snapshot(new), *before, *after;
	char *sb, *sa;
	int rc;

	diff(a, b, &before, &after);
	if (extra) {
		json_object_update(after, extra);
		json_decref(extra);
	}
	sb = json_object_size(before) ? dump(before) : NULL;
	sa = dump(after);
	rc = store_event_append(ctx->st, new->id, new->round, ctx->actor, ctx->at, ctx->now, action,
				sb, sa, note && *note ? note : NULL, NULL, err);
	free(sb);
	free(sa);
	json_decref(a);
	json_decref(b);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ---- validation ---- */

static int check_text(const char *field, const char *s, size_t max, bool multiline,
		      bool required, struct err *err)
{
	if (!s || !*s) {
		if (required)
			return err_set(err, ERR_USAGE, "%s is required", field);
		return 0;
	}
	return text_check_field(field, s, max, multiline, err);
}

static int check_phone(const char *p, struct err *err)
{
	int digits = 0;

	if (!p || !*p)
		return 0;
	if (text_check_field("phone", p, 30, false, err))
		return ERR_USAGE;
	for (const char *q = p; *q; q++) {
		if (isdigit((unsigned char)*q))
			digits++;
		else if (!strchr("+-() ", *q))
			return err_set(err, ERR_USAGE, "phone: '%s' may hold only digits, spaces and "
				       "+-()", p);
	}
	if (digits < 3)
		return err_set(err, ERR_USAGE, "phone: '%s' has too few digits", p);
	return 0;
}

static int check_at(const struct case_ctx *ctx, struct err *err)
{
	char a[20], n[20];

	if (datetime_cmp(ctx->at, ctx->now) > 0)
		return err_set(err, ERR_USAGE, "--at %s is in the future (now %s)",
			       store_time(ctx->at, a), store_time(ctx->now, n));
	return 0;
}

/* A department by code or Chinese name into its code; ERR_NOTFOUND. */
static int dept_code(const struct case_ctx *ctx, const char *s, char *code, struct err *err)
{
	const struct department *d;

	if (!s || !*s)
		return err_set(err, ERR_USAGE, "a department code is required");
	if (text_check_field("department", s, CASE_SHORT_MAX, false, err))
		return ERR_USAGE;
	d = rules_dept_find(ctx->rules, s);
	if (!d) {
		struct sbuf b = { 0 };
		int rc;
		for (int i = 0; i < rules_dept_count(ctx->rules); i++)
			sbuf_addf(&b, "%s%s", i ? ", " : "", rules_dept(ctx->rules, i)->code);
		rc = err_set(err, ERR_NOTFOUND, "unknown department '%s' (known: %s)", s,
			     b.s ? b.s : "none");
		sbuf_free(&b);
		return rc;
	}
	snprintf(code, RULES_CODE_MAX, "%s", d->code);
	return 0;
}

/* ---- due dates ---- */

/* The reply due of the current round: by class and departments from the
 * round's start, moved on by the working days paused in this round. */
static int reply_due(const struct case_ctx *ctx, const struct case_record *r,
		     struct cdatetime *due, struct err *err)
{
	int rc;

	if (r->in_review)
		rc = rules_due_review(ctx->rules, ctx->cal, r->round_at, due, err);
	else
		rc = rules_due_reply(ctx->rules, ctx->cal, r->hclass, r->ndepts > 0 ? r->ndepts : 1,
				     r->round_at, due, err);
	if (rc)
		return rc;
	if (r->round_paused > 0)
		due->day = calendar_add_working_days(ctx->cal, due->day, r->round_paused);
	return 0;
}

/* ---- add ---- */

void case_input_init(struct case_input *in)
{
	memset(in, 0, sizeof *in);
	in->channel = -1;
	in->kind = -1;
	in->hclass = -1;
	in->received = cases_no_time();
	in->visit_date = CDATE_NONE;
}

static json_t *suggestion_json(const struct rule_suggestion *sg)
{
	json_t *o = json_object(), *a;
	char flags[128];

	json_object_set_new(o, "kind", json_string(kind_code(sg->kind)));
	a = json_array();
	for (int i = 0; i < sg->ncategories; i++)
		json_array_append_new(a, json_string(sg->categories[i]));
	json_object_set_new(o, "categories", a);
	a = json_array();
	for (int i = 0; i < sg->ndepts; i++)
		json_array_append_new(a, json_string(sg->depts[i]));
	json_object_set_new(o, "depts", a);
	json_object_set_new(o, "class", json_string(class_code(sg->hclass)));
	json_object_set_new(o, "flags", json_string(flags_format(sg->flags, flags, sizeof flags)));
	json_object_set_new(o, "claim_fen", json_integer(sg->claim_fen));
	json_object_set_new(o, "defaulted", json_boolean(sg->defaulted));
	a = json_array();
	for (int i = 0; i < sg->nreasons; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "part", sg->reasons[i].part,
						   "rule", sg->reasons[i].rule,
						   "detail", sg->reasons[i].detail));
	json_object_set_new(o, "reasons", a);
	return o;
}

static int validate_input(const struct case_ctx *ctx, const struct case_input *in,
			  struct cdatetime received, struct err *err)
{
	static const struct { const char *field; size_t off; size_t max; bool multi; } texts[] = {
		{ "name", offsetof(struct case_input, name), CASE_SHORT_MAX, false },
		{ "relation", offsetof(struct case_input, relation), CASE_SHORT_MAX, false },
		{ "address", offsetof(struct case_input, address), CASE_NOTE_MAX, false },
		{ "id number", offsetof(struct case_input, id_number), CASE_SHORT_MAX, false },
		{ "representatives", offsetof(struct case_input, representatives), CASE_NOTE_MAX, true },
		{ "patient name", offsetof(struct case_input, patient_name), CASE_SHORT_MAX, false },
		{ "patient record", offsetof(struct case_input, patient_record), CASE_SHORT_MAX, false },
		{ "unit", offsetof(struct case_input, unit), CASE_SHORT_MAX, false },
		{ "staff", offsetof(struct case_input, staff), CASE_SHORT_MAX, false },
		{ "demand", offsetof(struct case_input, demand), CASE_NOTE_MAX, true },
	};
	char a[20], n[20];

	if (in->channel < 0 || in->channel >= CHANNEL__COUNT)
		return err_set(err, ERR_USAGE, "channel is required (one of: %s)", channel_codes());
	if (in->kind < -1 || in->kind >= KIND__COUNT)
		return err_set(err, ERR_USAGE, "kind must be one of: %s", kind_codes());
	if (in->hclass < -1 || in->hclass >= CLASS__COUNT)
		return err_set(err, ERR_USAGE, "class must be one of: %s", class_codes());
	if (check_text("the account (text)", in->text, CASE_TEXT_MAX, true, true, err))
		return ERR_USAGE;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = *(const char *const *)((const char *)in + texts[i].off);
		if (check_text(texts[i].field, v, texts[i].max, texts[i].multi, false, err))
			return ERR_USAGE;
	}
	if (check_phone(in->phone, err))
		return ERR_USAGE;
	if (!in->anonymous && (!in->name || !*in->name) && (!in->phone || !*in->phone))
		return err_set(err, ERR_USAGE, "the complainant's name or phone is required "
			       "(or mark the complaint anonymous)");
	if (in->group_size < 0 || in->group_size > 100000)
		return err_set(err, ERR_USAGE, "group size %d is out of range (1-100000)",
			       in->group_size);
	if (in->claim_fen < 0)
		return err_set(err, ERR_USAGE, "the claimed amount may not be negative");
	if (in->claim_fen > INT64_C(1000000000000000))
		return err_set(err, ERR_USAGE, "the claimed amount is implausibly large");
	if (datetime_cmp(received, ctx->now) > 0)
		return err_set(err, ERR_USAGE, "received time %s is in the future (now %s)",
			       store_time(received, a), store_time(ctx->now, n));
	if (in->visit_date != CDATE_NONE && in->visit_date > received.day) {
		char d[11];
		return err_set(err, ERR_USAGE, "visit date %s is after the complaint was received",
			       date_format(in->visit_date, d));
	}
	if (in->unit && *in->unit && !rules_unit_valid(ctx->rules, in->unit))
		return err_set(err, ERR_NOTFOUND, "unknown subject unit '%s' (see the [units] of "
			       "rules.ini)", in->unit);
	if (in->ndepts < 0 || in->ndepts > RULES_MAX_DEPTS || in->ncategories < 0 ||
	    in->ncategories > RULES_MAX_CATEGORIES || in->nmaterials < 0 || in->nmaterials > 8)
		return err_set(err, ERR_USAGE, "too many departments, categories or materials");
	for (int i = 0; i < in->nmaterials; i++)
		if (check_text("material", in->materials[i], CASE_NOTE_MAX, false, true, err))
			return ERR_USAGE;
	return 0;
}

static int insert_material(const struct case_ctx *ctx, int64_t case_id, const char *desc,
			   const char *path, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "INSERT INTO materials (case_id, description, path, "
				"added_by, at) VALUES (?, ?, ?, ?, ?)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, case_id);
	cases_bind_text(s, 2, desc);
	cases_bind_text(s, 3, path);
	cases_bind_text(s, 4, ctx->actor);
	cases_bind_time(s, 5, ctx->at);
	return step_done(ctx->st, s, "materials", err);
}

int case_add(const struct case_ctx *ctx, const struct case_input *in, struct case_record *out,
	     struct err *err)
{
	struct rule_suggestion sg;
	struct rule_input ri = { 0 };
	struct case_record r = { 0 };
	struct cdatetime received = cases_time_set(in->received) ? in->received : ctx->at;
	json_t *override = json_object(), *sugg;
	sqlite3_stmt *s = NULL;
	char *sugg_s = NULL, *over_s = NULL, cats[256], depts[256], t1[20], t2[20], t3[20];
	char vd[11];
	int rc, seq = 0;

	if (out)
		memset(out, 0, sizeof *out);
	if ((rc = cases_permit(ctx, "add", NULL, err)))
		goto done_json;
	if ((rc = validate_input(ctx, in, received, err)))
		goto done_json;

	ri.text = in->text;
	ri.demand = in->demand;
	ri.unit = in->unit;
	ri.claim_fen = in->claim_fen;
	ri.group_size = in->group_size;
	ri.channel = in->channel;
	ri.anonymous = in->anonymous;
	rules_classify(ctx->rules, &ri, &sg);
	sugg = suggestion_json(&sg);
	sugg_s = dump(sugg);
	json_decref(sugg);

	/* The values in force: the suggestion, then the clerk's overrides. */
	r.received = received;
	r.channel = (enum channel)in->channel;
	r.kind = in->kind >= 0 ? (enum case_kind)in->kind : sg.kind;
	if (in->kind >= 0 && (enum case_kind)in->kind != sg.kind)
		json_object_set_new(override, "kind", json_string(kind_code(r.kind)));
	r.hclass = in->hclass >= 0 ? (enum handling_class)in->hclass : sg.hclass;
	if (in->hclass >= 0 && (enum handling_class)in->hclass != sg.hclass)
		json_object_set_new(override, "class", json_string(class_code(r.hclass)));
	if (in->ndepts > 0) {
		json_t *a = json_array();
		for (int i = 0; i < in->ndepts; i++) {
			if ((rc = dept_code(ctx, in->depts[i], r.depts[i], err))) {
				json_decref(a);
				goto done_json;
			}
			for (int k = 0; k < i; k++)
				if (strcmp(r.depts[k], r.depts[i]) == 0) {
					rc = err_set(err, ERR_USAGE, "department %s is named twice",
						     r.depts[i]);
					json_decref(a);
					goto done_json;
				}
			json_array_append_new(a, json_string(r.depts[i]));
		}
		r.ndepts = in->ndepts;
		json_object_set_new(override, "depts", a);
	} else {
		r.ndepts = sg.ndepts;
		memcpy(r.depts, sg.depts, sizeof r.depts);
		if (r.ndepts == 0 && rules_default_dept(ctx->rules)) {
			snprintf(r.depts[0], RULES_CODE_MAX, "%s", rules_default_dept(ctx->rules)->code);
			r.ndepts = 1;
		}
	}
	if (r.ndepts == 0) {
		rc = err_set(err, ERR_DATA, "rules.ini names no department to handle this case");
		goto done_json;
	}
	if (in->ncategories > 0) {
		json_t *a = json_array();
		for (int i = 0; i < in->ncategories; i++) {
			const struct category *c = rules_category_find(ctx->rules, in->categories[i]);
			if (!c) {
				char *clean = text_sanitize(in->categories[i]);
				rc = err_set(err, ERR_NOTFOUND, "unknown category '%s'", clean);
				free(clean);
				json_decref(a);
				goto done_json;
			}
			snprintf(r.categories[i], RULES_CODE_MAX, "%s", c->code);
			json_array_append_new(a, json_string(c->code));
		}
		r.ncategories = in->ncategories;
		json_object_set_new(override, "categories", a);
	} else {
		r.ncategories = sg.ncategories;
		memcpy(r.categories, sg.categories, sizeof r.categories);
	}
	r.flags = (sg.flags | in->flags_set) & ~in->flags_clear;
	if (in->anonymous)
		r.flags |= FLAG_ANONYMOUS;
	if (r.flags != sg.flags) {
		char f[128];
		json_object_set_new(override, "flags", json_string(flags_format(r.flags, f, sizeof f)));
	}
	r.claim_fen = in->claim_fen > 0 ? in->claim_fen : sg.claim_fen;
	r.status = STATUS_REGISTERED;
	r.round = 1;
	r.round_at = received;
	if ((rc = rules_due_reply(ctx->rules, ctx->cal, r.hclass, r.ndepts, received, &r.due, err)))
		goto done_json;
	if (json_object_size(override))
		over_s = dump(override);
	join_codes(r.depts, r.ndepts, depts, sizeof depts);
	join_codes(r.categories, r.ncategories, cats, sizeof cats);

	if ((rc = store_begin(ctx->st, err)))
		goto done_json;
	if ((rc = cases_prepare(ctx->st, "INSERT INTO case_seq (year, last) VALUES (?, 1) "
				"ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
				&s, err)))
		goto rollback;
	sqlite3_bind_int(s, 1, date_year(received.day));
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = store_sql_error(ctx->st, "case number", err);
		sqlite3_finalize(s);
		goto rollback;
	}
	seq = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	snprintf(r.number, sizeof r.number, "%s%d-%05d", ctx->prefix ? ctx->prefix : "TS",
		 date_year(received.day), seq);

	if ((rc = cases_prepare(ctx->st,
			"INSERT INTO cases (number, year, seq, received, channel, kind, name, phone, "
			"relation, address, id_number, anonymous, group_size, representatives, "
			"patient_name, patient_record, visit_date, unit, staff, account, demand, "
			"claim_fen, categories, dept, depts, class, flags, suggestion, override, "
			"override_by, receiver, status, round, round_at, due, updated) VALUES "
			"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
			"?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, "
			"'registered', 1, ?4, ?32, ?33)", &s, err)))
		goto rollback;
	sqlite3_bind_text(s, 1, r.number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, date_year(received.day));
	sqlite3_bind_int(s, 3, seq);
	sqlite3_bind_text(s, 4, store_time(received, t1), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, channel_code(r.channel), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, kind_code(r.kind), -1, SQLITE_STATIC);
	cases_bind_text(s, 7, in->name);
	cases_bind_text(s, 8, in->phone);
	cases_bind_text(s, 9, in->relation);
	cases_bind_text(s, 10, in->address);
	cases_bind_text(s, 11, in->id_number);
	sqlite3_bind_int(s, 12, in->anonymous);
	sqlite3_bind_int(s, 13, in->group_size > 1 ? in->group_size : 1);
	cases_bind_text(s, 14, in->representatives);
	cases_bind_text(s, 15, in->patient_name);
	cases_bind_text(s, 16, in->patient_record);
	cases_bind_text(s, 17, in->visit_date != CDATE_NONE ? date_format(in->visit_date, vd) : NULL);
	cases_bind_text(s, 18, in->unit);
	cases_bind_text(s, 19, in->staff);
	cases_bind_text(s, 20, in->text);
	cases_bind_text(s, 21, in->demand);
	sqlite3_bind_int64(s, 22, r.claim_fen);
	sqlite3_bind_text(s, 23, cats, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 24, r.depts[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 25, depts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 26, class_code(r.hclass), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 27, (int)r.flags);
	cases_bind_text(s, 28, sugg_s);
	cases_bind_text(s, 29, over_s);
	cases_bind_text(s, 30, over_s ? ctx->actor : NULL);
	cases_bind_text(s, 31, ctx->actor);
	sqlite3_bind_text(s, 32, store_time(r.due, t2), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 33, store_time(ctx->now, t3), -1, SQLITE_TRANSIENT);
	if ((rc = step_done(ctx->st, s, "new case", err)))
		goto rollback;
	r.id = sqlite3_last_insert_rowid(store_db(ctx->st));
	if ((rc = save_links(ctx, &r, err)))
		goto rollback;
	for (int i = 0; i < in->nmaterials; i++) {
		char *desc = xstrdup(in->materials[i]), *eq = strchr(desc, '=');
		if (eq)
			*eq++ = '\0';
		rc = insert_material(ctx, r.id, desc, eq, err);
		free(desc);
		if (rc)
			goto rollback;
	}
	{
		struct case_record full;
		json_t *extra;
		if ((rc = case_get_id(ctx->st, r.id, false, &full, err)))
			goto rollback;
		extra = json_object();
		if (full.suggestion)
			json_object_set_new(extra, "suggestion", json_loads(full.suggestion, 0, NULL));
		if (in->nmaterials > 0) {
			json_t *m = json_array();
			for (int i = 0; i < in->nmaterials; i++)
				json_array_append_new(m, json_string(in->materials[i]));
			json_object_set_new(extra, "materials", m);
		}
		rc = record_event(ctx, NULL, &full, "add", extra, NULL, err);
		if (!rc && out)
			*out = full;
		else
			case_record_free(&full);
		if (rc)
			goto rollback;
	}
	if ((rc = store_commit(ctx->st, err))) {
		if (out)
			case_record_free(out);
		goto done_json;
	}
	goto done_json;
rollback:
	store_rollback(ctx->st);
done_json:
	json_decref(override);
	free(sugg_s);
	free(over_s);
	return rc;
}

/* ---- the steps ---- */

/*
 * Starts an action: validates the time, takes the write lock, loads the
 * case with its details and asks cases_permit. On failure nothing is held.
 */
static int action_begin(const struct case_ctx *ctx, const char *action, const char *number,
			struct case_record *r, struct err *err)
{
	int rc;
	char a[20], b[20];

	memset(r, 0, sizeof *r);
	if ((rc = check_at(ctx, err)))
		return rc;
	if (!number || !*number)
		return err_set(err, ERR_USAGE, "a case number is required");
	if ((rc = store_begin(ctx->st, err)))
		return rc;
	if ((rc = case_get(ctx->st, number, true, r, err)))
		goto fail;
	if ((rc = cases_permit(ctx, action, r, err)))
		goto fail;
	if (datetime_cmp(ctx->at, r->received) < 0) {
		rc = err_set(err, ERR_USAGE, "%s: --at %s is before the case was received (%s)",
			     r->number, store_time(ctx->at, a), store_time(r->received, b));
		goto fail;
	}
	/* A timeline runs forwards: a step may not be dated before the last. */
	{
		sqlite3_stmt *s;
		if ((rc = cases_prepare(ctx->st, "SELECT at, action FROM events WHERE case_id = ? "
					"ORDER BY at DESC LIMIT 1", &s, err)))
			goto fail;
		sqlite3_bind_int64(s, 1, r->id);
		if (sqlite3_step(s) == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(s, 0), store_time(ctx->at, a)) > 0) {
			rc = err_set(err, ERR_USAGE, "%s: --at %s is before the case's last step (%s, "
				     "%s)", r->number, a, (const char *)sqlite3_column_text(s, 0),
				     (const char *)sqlite3_column_text(s, 1));
			sqlite3_finalize(s);
			goto fail;
		}
		sqlite3_finalize(s);
	}
	return 0;
fail:
	case_record_free(r);
	store_rollback(ctx->st);
	return rc;
}

/* Saves r, records the event against old, commits; on failure rolls back. */
static int action_end(const struct case_ctx *ctx, struct case_record *old,
		      struct case_record *r, const char *action, json_t *extra, bool links,
		      const char *note, struct err *err)
{
	struct case_record fresh;
	int rc;

	if ((rc = record_save(ctx, r, err)) || (links && (rc = save_links(ctx, r, err)))) {
		json_decref(extra);
		goto fail;
	}
	if ((rc = case_get_id(ctx->st, r->id, false, &fresh, err))) {
		json_decref(extra);
		goto fail;
	}
	rc = record_event(ctx, old, &fresh, action, extra, note, err);
	case_record_free(&fresh);
	if (rc)
		goto fail;
	return store_commit(ctx->st, err);
fail:
	store_rollback(ctx->st);
	return rc;
}

/* Duplicates the scalar state of a record for the "before" of an event. */
static void record_copy_head(struct case_record *dst, const struct case_record *src)
{
	*dst = *src;
	dst->transfers = NULL;
	dst->ntransfers = 0;
	dst->drafts = NULL;
	dst->ndrafts = 0;
	dst->materials = NULL;
	dst->nmaterials = 0;
#define DUP(f) dst->f = src->f ? xstrdup(src->f) : NULL
	DUP(name); DUP(phone); DUP(relation); DUP(address); DUP(id_number);
	DUP(representatives); DUP(patient_name); DUP(patient_record); DUP(unit); DUP(staff);
	DUP(text); DUP(demand); DUP(suggestion); DUP(override); DUP(reply_text);
	DUP(callback_note); DUP(close_note); DUP(reject_note); DUP(pause_reason); DUP(review_reason);
#undef DUP
}

static void set_str(char **field, const char *v)
{
	free(*field);
	*field = v && *v ? xstrdup(v) : NULL;
}

static int refuse(struct err *err, const struct case_record *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct err *err, const struct case_record *r, const char *fmt, ...)
{
	char why[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return err_set(err, ERR_STATE, "%s (%s): %s", r->number, status_code(r->status), why);
}

/* Transfers of the current round that are open / answered. */
static void round_counts(const struct case_record *r, int *open, int *answered, int *live)
{
	*open = *answered = 0;
	if (live)
		*live = 0;
	for (int i = 0; i < r->ntransfers; i++) {
		const struct case_transfer *t = &r->transfers[i];
		if (t->round != r->round)
			continue;
		if (t->state == TRANSFER_OPEN)
			(*open)++;
		if (t->state == TRANSFER_ANSWERED)
			(*answered)++;
	}
	if (live)
		*live = *open + *answered;
}

/* The routing status that the round's transfers imply. */
static enum case_status routing_status(const struct case_record *r)
{
	int open, answered;

	round_counts(r, &open, &answered, NULL);
	if (open > 0)
		return STATUS_ROUTED;
	if (answered > 0)
		return STATUS_FEEDBACK;
	return STATUS_REGISTERED;
}

/* A refusal for any final or paused case; NULL when the case is active. */
static int refuse_inactive(struct err *err, const struct case_record *r)
{
	switch (r->status) {
	case STATUS_CLOSED:
	case STATUS_REJECTED:
		return refuse(err, r, "the case is %s; reopen it first (cdesk reopen)",
			      r->status == STATUS_CLOSED ? "closed" : "not accepted");
	case STATUS_MERGED:
		return refuse(err, r, "the case was merged into %s; work on that case",
			      r->merged_into);
	case STATUS_PAUSED:
		return refuse(err, r, "the case is paused (%s); resume it first (cdesk resume)",
			      r->pause_reason ? r->pause_reason : "no reason");
	default:
		return 0;
	}
}

static struct case_draft *current_draft(const struct case_record *r)
{
	for (int i = r->ndrafts - 1; i >= 0; i--)
		if (r->drafts[i].state == DRAFT_PENDING || r->drafts[i].state == DRAFT_APPROVED)
			return &r->drafts[i];
	return NULL;
}

int case_allowed(const struct case_record *r, const char *action, struct err *err)
{
	int open, answered, rc;
	const struct case_draft *d = current_draft(r);

	round_counts(r, &open, &answered, NULL);
	if (!strcmp(action, "attach"))
		return 0;
	if (!strcmp(action, "resume"))
		return r->status == STATUS_PAUSED ? 0 : refuse(err, r, "the case is not paused");
	if (!strcmp(action, "reopen") || !strcmp(action, "review")) {
		if (r->status == STATUS_CLOSED || r->status == STATUS_REJECTED)
			return 0;
		if (r->status == STATUS_MERGED)
			return refuse(err, r, "the case was merged; reopen the case it was merged into");
		return refuse(err, r, "only a closed or not-accepted case can be %s",
			      action[2] == 'v' ? "reviewed (复核)" : "reopened");
	}
	if (!strcmp(action, "merge") || !strcmp(action, "reclass")) {
		if (case_status_final(r->status))
			return refuse_inactive(err, r);
		if (action[0] == 'r' && (r->status == STATUS_DRAFTED || r->status == STATUS_APPROVED))
			return refuse(err, r, "a reply draft is in approval under the %s chain; "
				      "change the class before drafting", class_code(r->hclass));
		return 0;
	}
	/* Everything else needs an active case. */
	if ((rc = refuse_inactive(err, r)))
		return rc;
	if (!strcmp(action, "pause"))
		return 0;
	if (!strcmp(action, "transfer") || !strcmp(action, "reject")) {
		if (r->status == STATUS_REGISTERED || r->status == STATUS_ROUTED ||
		    r->status == STATUS_FEEDBACK)
			return 0;
		return refuse(err, r, action[0] == 't' ? "a reply is already being drafted or was "
			      "sent; routing is over for this round" : "a reply is already drafted "
			      "or sent; not accepting is decided before that");
	}
	if (!strcmp(action, "return") || !strcmp(action, "feedback"))
		return open > 0 ? 0 : refuse(err, r, "no department holds an open transfer in "
					     "round %d", r->round);
	if (!strcmp(action, "draft")) {
		if (r->status == STATUS_REPLIED)
			return refuse(err, r, "the reply was already sent");
		if (open > 0)
			return refuse(err, r, "still waiting for written feedback from %d "
				      "department(s); draft when it is in", open);
		if (r->status == STATUS_REGISTERED && r->hclass != CLASS_SIMPLE &&
		    r->kind != KIND_CONSULTATION)
			return refuse(err, r, "a %s case is answered from the departments' "
				      "feedback; transfer it first", class_code(r->hclass));
		return 0;
	}
	if (!strcmp(action, "approve") || !strcmp(action, "refuse")) {
		if (r->status == STATUS_DRAFTED && d && d->state == DRAFT_PENDING)
			return 0;
		return refuse(err, r, r->status == STATUS_APPROVED ? "the draft is already "
			      "approved; send the reply" : "no reply draft awaits approval");
	}
	if (!strcmp(action, "reply")) {
		if (r->status == STATUS_APPROVED && d && d->state == DRAFT_APPROVED)
			return 0;
		return refuse(err, r, r->status == STATUS_REPLIED ? "the reply was already sent" :
			      r->status == STATUS_DRAFTED ? "the draft still awaits approval" :
			      "no approved reply draft; draft and approve it first");
	}
	if (!strcmp(action, "callback")) {
		if (r->status != STATUS_REPLIED)
			return refuse(err, r, "no reply has been sent in round %d; call back after "
				      "the reply", r->round);
		if (r->satisfaction >= 0)
			return refuse(err, r, "the callback was already recorded (%s)",
				      satisfaction_code(r->satisfaction));
		return 0;
	}
	if (!strcmp(action, "close")) {
		if (r->status != STATUS_REPLIED)
			return refuse(err, r, "a case closes after its reply and a satisfied callback "
				      "(or as resolved on the spot at registration)");
		if (r->satisfaction != SATISFIED && r->satisfaction != BASICALLY_SATISFIED)
			return refuse(err, r, "no satisfied callback yet: record it with 'cdesk "
				      "callback' (or close --unreasonable after a written reply)");
		return 0;
	}
	if (!strcmp(action, "close-unreasonable")) {
		if (r->status == STATUS_REPLIED && r->reply_method == REPLY_LETTER)
			return 0;
		return refuse(err, r, "closing on unreasonable demands needs a written (letter) "
			      "reply sent first");
	}
	if (!strcmp(action, "close-on-spot")) {
		if (r->status == STATUS_REGISTERED && r->round == 1 && open + answered == 0)
			return 0;
		return refuse(err, r, "only a newly registered, unrouted case can be closed as "
			      "resolved on the spot");
	}
	return err_set(err, ERR_USAGE, "unknown action '%s'", action);
}

/* Sets the case's departments to those of the round's live transfers (lead
 * first) and recomputes a running reply due when their number changed. */
static int sync_depts(const struct case_ctx *ctx, struct case_record *r, struct err *err)
{
	char d[RULES_MAX_DEPTS][RULES_CODE_MAX];
	int n = 0, old = r->ndepts;

	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->ntransfers && n < RULES_MAX_DEPTS; i++) {
			const struct case_transfer *t = &r->transfers[i];
			if (t->round != r->round || (pass == 0) != t->lead ||
			    (t->state != TRANSFER_OPEN && t->state != TRANSFER_ANSWERED))
				continue;
			snprintf(d[n++], RULES_CODE_MAX, "%s", t->dept);
		}
	if (n == 0)
		return 0;   /* nobody holds it: keep the departments last known */
	memcpy(r->depts, d, sizeof d);
	r->ndepts = n;
	if (n != old && !cases_time_set(r->due_met) && !r->in_review)
		return reply_due(ctx, r, &r->due, err);
	return 0;
}

static json_t *transfer_json(const struct case_transfer *t);

static int insert_transfer(const struct case_ctx *ctx, struct case_record *r, const char *dept,
			   bool lead, int ndepts, json_t *list, struct err *err)
{
	struct case_transfer t = { 0 };
	sqlite3_stmt *s;
	int rc;

	t.round = r->round;
	strlcpy_(t.dept, dept, sizeof t.dept);
	t.lead = lead;
	t.state = TRANSFER_OPEN;
	t.at = ctx->at;
	t.done_at = cases_no_time();
	snprintf(t.by, sizeof t.by, "%s", ctx->actor);
	if ((rc = rules_due_feedback(ctx->rules, ctx->cal, r->hclass, ndepts, ctx->at, &t.due, err)))
		return rc;
	if ((rc = cases_prepare(ctx->st, "INSERT INTO transfers (case_id, round, dept, lead, state, "
				"at, due, by) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_int(s, 2, r->round);
	cases_bind_text(s, 3, dept);
	sqlite3_bind_int(s, 4, lead);
	cases_bind_time(s, 5, t.at);
	cases_bind_time(s, 6, t.due);
	cases_bind_text(s, 7, ctx->actor);
	if ((rc = step_done(ctx->st, s, "transfer", err)))
		return rc;
	t.id = sqlite3_last_insert_rowid(store_db(ctx->st));
	json_array_append_new(list, transfer_json(&t));
	r->transfers = xrealloc(r->transfers, (size_t)(r->ntransfers + 1) * sizeof t);
	r->transfers[r->ntransfers++] = t;
	return 0;
}

int case_transfer(const struct case_ctx *ctx, const char *number, const char *lead,
		  const char *const *co, int nco, const char *note, struct err *err)
{
	struct case_record r, old;
	char codes[RULES_MAX_DEPTS + 1][RULES_CODE_MAX];
	int n = 0, rc, open, answered, live;
	bool have_lead = false;
	json_t *list;

	if (check_text("note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((!lead || !*lead) && nco <= 0)
		return err_set(err, ERR_USAGE, "name a lead department (--lead) or co-departments "
			       "(--co)");
	if (nco < 0 || nco > RULES_MAX_DEPTS)
		return err_set(err, ERR_USAGE, "at most %d departments", RULES_MAX_DEPTS);
	if (lead && *lead && (rc = dept_code(ctx, lead, codes[n++], err)))
		return rc;
	for (int i = 0; i < nco; i++) {
		if ((rc = dept_code(ctx, co[i], codes[n], err)))
			return rc;
		for (int k = 0; k < n; k++)
			if (strcmp(codes[k], codes[n]) == 0)
				return err_set(err, ERR_USAGE, "department %s is named twice", codes[n]);
		n++;
	}
	if ((rc = action_begin(ctx, "transfer", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "transfer", err)))
		goto fail;
	for (int i = 0; i < r.ntransfers; i++) {
		const struct case_transfer *t = &r.transfers[i];
		if (t->round != r.round ||
		    (t->state != TRANSFER_OPEN && t->state != TRANSFER_ANSWERED))
			continue;
		if (t->lead)
			have_lead = true;
		for (int k = 0; k < n; k++)
			if (strcmp(t->dept, codes[k]) == 0) {
				rc = err_set(err, ERR_CONFLICT, "%s: %s already holds a transfer of round "
					     "%d (%s)", r.number, t->dept, r.round,
					     transfer_states[t->state]);
				goto fail;
			}
	}
	if (lead && *lead && have_lead) {
		rc = err_set(err, ERR_CONFLICT, "%s already has a lead department in round %d (%s); "
			     "add co-departments with --co", r.number, r.round, r.depts[0]);
		goto fail;
	}
	if ((!lead || !*lead) && !have_lead) {
		rc = err_set(err, ERR_USAGE, "%s has no lead department in round %d; name one with "
			     "--lead", r.number, r.round);
		goto fail;
	}
	round_counts(&r, &open, &answered, &live);
	if (live + n > RULES_MAX_DEPTS) {
		rc = err_set(err, ERR_USAGE, "at most %d departments on a case", RULES_MAX_DEPTS);
		goto fail;
	}
	record_copy_head(&old, &r);
	list = json_array();
	for (int k = 0; k < n; k++)
		if ((rc = insert_transfer(ctx, &r, codes[k], lead && *lead && k == 0, live + n, list,
					  err))) {
			json_decref(list);
			case_record_free(&old);
			goto fail;
		}
	r.status = STATUS_ROUTED;
	if ((rc = sync_depts(ctx, &r, err))) {
		json_decref(list);
		case_record_free(&old);
		goto fail;
	}
	rc = action_end(ctx, &old, &r, "transfer", json_pack("{s:o}", "transfers", list), true,
			note, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

/* The open transfer of dept in the current round, or a refusal. */
static int find_open_transfer(const struct case_ctx *ctx, struct case_record *r,
			      const char *dept, struct case_transfer **out, struct err *err)
{
	char code[RULES_CODE_MAX];
	int rc;
	struct case_transfer *found = NULL;

	if ((rc = dept_code(ctx, dept, code, err)))
		return rc;
	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && strcmp(r->transfers[i].dept, code) == 0)
			found = &r->transfers[i];   /* the latest of this round */
	if (!found)
		return refuse(err, r, "no transfer to %s in round %d", code, r->round);
	if (found->state != TRANSFER_OPEN)
		return refuse(err, r, "the transfer to %s was already %s", code,
			      transfer_states[found->state]);
	*out = found;
	return 0;
}

static int close_transfer(const struct case_ctx *ctx, struct case_transfer *t,
			  enum transfer_state state, const char *feedback, const char *reason,
			  struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "UPDATE transfers SET state = ?, done_at = ?, done_by = ?, "
				"feedback = coalesce(?, feedback), reason = coalesce(?, reason) "
				"WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_text(s, 1, transfer_states[state], -1, SQLITE_STATIC);
	cases_bind_time(s, 2, ctx->at);
	cases_bind_text(s, 3, ctx->actor);
	cases_bind_text(s, 4, feedback);
	cases_bind_text(s, 5, reason);
	sqlite3_bind_int64(s, 6, t->id);
	if ((rc = step_done(ctx->st, s, "transfer", err)))
		return rc;
	t->state = state;
	t->done_at = ctx->at;
	snprintf(t->done_by, sizeof t->done_by, "%s", ctx->actor);
	if (feedback)
		set_str(&t->feedback, feedback);
	if (reason)
		set_str(&t->reason, reason);
	return 0;
}

/* Cancels every open transfer of the current round (reject, merge). */
static int cancel_open_transfers(const struct case_ctx *ctx, struct case_record *r,
				 const char *why, struct err *err)
{
	int rc;

	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && r->transfers[i].state == TRANSFER_OPEN &&
		    (rc = close_transfer(ctx, &r->transfers[i], TRANSFER_CANCELLED, NULL, why, err)))
			return rc;
	return 0;
}

static int transfer_step(const struct case_ctx *ctx, const char *number, const char *dept,
			 const char *text, bool is_return, struct err *err)
{
	struct case_record r, old;
	struct case_transfer *t = NULL;
	char code[RULES_CODE_MAX];
	int rc;

	if (check_text(is_return ? "the reason for returning" : "the feedback", text,
		       is_return ? CASE_NOTE_MAX : CASE_TEXT_MAX, true, true, err))
		return ERR_USAGE;
	/* An unknown department is bad input, whatever the case's state. */
	if ((rc = dept_code(ctx, dept, code, err)))
		return rc;
	if ((rc = action_begin(ctx, is_return ? "return" : "feedback", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, is_return ? "return" : "feedback", err)))
		goto fail;
	if ((rc = find_open_transfer(ctx, &r, code, &t, err)))
		goto fail;
	record_copy_head(&old, &r);
	if ((rc = close_transfer(ctx, t, is_return ? TRANSFER_RETURNED : TRANSFER_ANSWERED,
				 is_return ? NULL : text, is_return ? text : NULL, err)) ||
	    (rc = sync_depts(ctx, &r, err))) {
		case_record_free(&old);
		goto fail;
	}
	if (r.status == STATUS_ROUTED || r.status == STATUS_FEEDBACK ||
	    r.status == STATUS_REGISTERED)
		r.status = routing_status(&r);
	rc = action_end(ctx, &old, &r, is_return ? "return" : "feedback",
			json_pack("{s:o}", "transfer", transfer_json(t)), true,
			is_return ? text : NULL, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_return(const struct case_ctx *ctx, const char *number, const char *dept,
		const char *reason, struct err *err)
{
	return transfer_step(ctx, number, dept, reason, true, err);
}

int case_feedback(const struct case_ctx *ctx, const char *number, const char *dept,
		  const char *text, struct err *err)
{
	return transfer_step(ctx, number, dept, text, false, err);
}


static int set_draft_state(const struct case_ctx *ctx, int64_t id, enum draft_state st,
			   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "UPDATE drafts SET state = ? WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_text(s, 1, draft_states[st], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	return step_done(ctx->st, s, "draft", err);
}

int case_draft(const struct case_ctx *ctx, const char *number, const char *text,
	       struct err *err)
{
	struct case_record r, old;
	const char *const *steps;
	int rc, version = 1, nsteps;
	sqlite3_stmt *s;
	struct case_draft *cur;

	if (check_text("the draft", text, CASE_TEXT_MAX, true, true, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "draft", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "draft", err)))
		goto fail;
	record_copy_head(&old, &r);
	for (int i = 0; i < r.ndrafts; i++)
		if (r.drafts[i].version >= version)
			version = r.drafts[i].version + 1;
	if ((cur = current_draft(&r)) && (rc = set_draft_state(ctx, cur->id, DRAFT_SUPERSEDED, err)))
		goto fail_old;
	nsteps = rules_approval_chain(ctx->rules, r.hclass, &steps);
	if ((rc = cases_prepare(ctx->st, "INSERT INTO drafts (case_id, round, version, author, at, "
				"state, text) VALUES (?, ?, ?, ?, ?, ?, ?)", &s, err)))
		goto fail_old;
	sqlite3_bind_int64(s, 1, r.id);
	sqlite3_bind_int(s, 2, r.round);
	sqlite3_bind_int(s, 3, version);
	cases_bind_text(s, 4, ctx->actor);
	cases_bind_time(s, 5, ctx->at);
	sqlite3_bind_text(s, 6, draft_states[nsteps > 0 ? DRAFT_PENDING : DRAFT_APPROVED], -1,
			  SQLITE_STATIC);
	cases_bind_text(s, 7, text);
	if ((rc = step_done(ctx->st, s, "draft", err)))
		goto fail_old;
	/* A class without an approval chain needs no approval. */
	r.status = nsteps > 0 ? STATUS_DRAFTED : STATUS_APPROVED;
	rc = action_end(ctx, &old, &r, "draft",
			json_pack("{s:{s:i, s:s, s:i}}", "draft", "version", version, "text", text,
				  "approval_steps", nsteps), false, NULL, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail_old:
	case_record_free(&old);
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_approve(const struct case_ctx *ctx, const char *number, bool refuse_it,
		 const char *note, struct err *err)
{
	struct case_record r, old;
	struct case_draft *d;
	const char *const *steps;
	int rc, nsteps, step = 0;
	sqlite3_stmt *s;
	const char *role;

	if (check_text("the note", note, CASE_NOTE_MAX, true, refuse_it, err))
		return err_set(err, ERR_USAGE, "%s%s", err->msg,
			       refuse_it ? " (say why the draft is sent back)" : "");
	if ((rc = action_begin(ctx, refuse_it ? "refuse" : "approve", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "approve", err)))
		goto fail;
	d = current_draft(&r);
	nsteps = rules_approval_chain(ctx->rules, r.hclass, &steps);
	for (int i = 0; i < d->napprovals; i++)
		if (d->approvals[i].approved)
			step++;
	role = step < nsteps ? steps[step] : "approver";
	record_copy_head(&old, &r);
	if ((rc = cases_prepare(ctx->st, "INSERT INTO approvals (draft_id, step, role, actor, "
				"approved, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)", &s, err)))
		goto fail_old;
	sqlite3_bind_int64(s, 1, d->id);
	sqlite3_bind_int(s, 2, step);
	cases_bind_text(s, 3, role);
	cases_bind_text(s, 4, ctx->actor);
	sqlite3_bind_int(s, 5, !refuse_it);
	cases_bind_time(s, 6, ctx->at);
	cases_bind_text(s, 7, note);
	if ((rc = step_done(ctx->st, s, "approval", err)))
		goto fail_old;
	if (refuse_it) {
		if ((rc = set_draft_state(ctx, d->id, DRAFT_REFUSED, err)))
			goto fail_old;
		r.status = routing_status(&r);
	} else if (step + 1 >= nsteps) {
		if ((rc = set_draft_state(ctx, d->id, DRAFT_APPROVED, err)))
			goto fail_old;
		r.status = STATUS_APPROVED;
	}
	rc = action_end(ctx, &old, &r, refuse_it ? "refuse" : "approve",
			json_pack("{s:{s:i, s:i, s:s, s:i, s:b}}", "approval", "draft", d->version,
				  "step", step + 1, "role", role, "of", nsteps, "approved", !refuse_it),
			false, note, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail_old:
	case_record_free(&old);
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_reply(const struct case_ctx *ctx, const char *number, enum reply_method method,
	       const char *text, struct err *err)
{
	struct case_record r, old;
	struct case_draft *d;
	int rc;

	if ((int)method < 0 || method >= REPLY__COUNT)
		return err_set(err, ERR_USAGE, "reply method must be one of: %s", reply_method_codes());
	if (check_text("the reply", text, CASE_TEXT_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "reply", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "reply", err)))
		goto fail;
	d = current_draft(&r);
	record_copy_head(&old, &r);
	set_str(&r.reply_text, text && *text ? text : d->text);
	r.reply_method = (int)method;
	r.replied_at = ctx->at;
	if (!cases_time_set(r.due_met))
		r.due_met = ctx->at;
	r.satisfaction = -1;
	r.callback_at = cases_no_time();
	set_str(&r.callback_note, NULL);
	r.status = STATUS_REPLIED;
	rc = action_end(ctx, &old, &r, "reply", NULL, false, NULL, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

/* Starts the next dispatch round (二次派单) from ctx->at. */
static int next_round(const struct case_ctx *ctx, struct case_record *r, bool review,
		      struct err *err)
{
	r->round++;
	r->round_at = ctx->at;
	r->round_paused = 0;
	r->status = STATUS_REGISTERED;
	r->in_review = review;
	r->due_met = cases_no_time();
	set_str(&r->reply_text, NULL);
	r->reply_method = -1;
	r->replied_at = cases_no_time();
	r->finding = -1;
	set_str(&r->close_note, NULL);
	r->close_unreasonable = false;
	r->closed_at = cases_no_time();
	r->reject_reason = -1;
	set_str(&r->reject_note, NULL);
	/* The third dispatch goes to leadership (a review is not a dispatch). */
	if (r->round >= 3 && !review)
		r->escalated = true;
	return reply_due(ctx, r, &r->due, err);
}

int case_callback(const struct case_ctx *ctx, const char *number, enum satisfaction sat,
		  const char *note, struct err *err)
{
	struct case_record r, old;
	int rc;

	if ((int)sat < 0 || sat >= SATISFACTION__COUNT)
		return err_set(err, ERR_USAGE, "satisfaction must be one of: %s", satisfaction_codes());
	if (check_text("the note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "callback", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "callback", err)))
		goto fail;
	record_copy_head(&old, &r);
	r.satisfaction = (int)sat;
	r.callback_at = ctx->at;
	set_str(&r.callback_note, note);
	if (sat == UNSATISFIED && (rc = next_round(ctx, &r, false, err))) {
		case_record_free(&old);
		goto fail;
	}
	rc = action_end(ctx, &old, &r, "callback",
			json_pack("{s:s}", "callback", satisfaction_code(sat)), false, note, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_close(const struct case_ctx *ctx, const char *number, enum finding f,
	       enum close_basis basis, int64_t paid_fen, const char *note, struct err *err)
{
	struct case_record r, old;
	int rc;

	if ((int)f < 0 || f >= FINDING__COUNT)
		return err_set(err, ERR_USAGE, "finding must be one of: %s", finding_codes());
	if (paid_fen < 0)
		return err_set(err, ERR_USAGE, "the amount paid may not be negative");
	if (check_text("the note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "close", number, &r, err)))
		return rc;
	if ((int)basis < CLOSE_SATISFIED || basis > CLOSE_UNREASONABLE) {
		rc = err_set(err, ERR_USAGE, "unknown closure basis");
		goto fail;
	}
	if ((rc = case_allowed(&r, basis == CLOSE_ON_SPOT ? "close-on-spot" :
			       basis == CLOSE_UNREASONABLE ? "close-unreasonable" : "close", err)))
		goto fail;
	record_copy_head(&old, &r);
	r.status = STATUS_CLOSED;
	r.finding = (int)f;
	r.close_unreasonable = basis == CLOSE_UNREASONABLE;
	set_str(&r.close_note, note);
	r.closed_at = ctx->at;
	r.paid_fen = paid_fen;
	r.in_review = false;
	if (!cases_time_set(r.due_met))
		r.due_met = ctx->at;
	rc = action_end(ctx, &old, &r, "close",
			json_pack("{s:s}", "basis", basis == CLOSE_ON_SPOT ? "on-spot" :
				  basis == CLOSE_UNREASONABLE ? "unreasonable" : "satisfied"),
			false, note, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_reject(const struct case_ctx *ctx, const char *number, enum reject_reason why,
		const char *note, struct err *err)
{
	struct case_record r, old;
	int rc;

	if ((int)why < 0 || why >= REJECT__COUNT)
		return err_set(err, ERR_USAGE, "reason must be one of: %s", reject_reason_codes());
	if (check_text("the note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "reject", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "reject", err)))
		goto fail;
	record_copy_head(&old, &r);
	if ((rc = cancel_open_transfers(ctx, &r, "case not accepted", err))) {
		case_record_free(&old);
		goto fail;
	}
	r.status = STATUS_REJECTED;
	r.reject_reason = (int)why;
	set_str(&r.reject_note, note);
	r.closed_at = ctx->at;
	if (!cases_time_set(r.due_met))
		r.due_met = ctx->at;
	rc = action_end(ctx, &old, &r, "reject", NULL, false, note, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_merge(const struct case_ctx *ctx, const char *number, const char *into,
	       const char *note, struct err *err)
{
	struct case_record r, old, target;
	int rc;

	if (!into || !*into)
		return err_set(err, ERR_USAGE, "the case to merge into is required (--into)");
	if (check_text("the note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "merge", number, &r, err)))
		return rc;
	if ((rc = case_get(ctx->st, into, false, &target, err)))
		goto fail;
	if (target.id == r.id) {
		rc = err_set(err, ERR_USAGE, "%s cannot be merged into itself", r.number);
		goto fail_target;
	}
	if ((rc = case_allowed(&r, "merge", err)))
		goto fail_target;
	if (target.status == STATUS_MERGED || target.status == STATUS_REJECTED) {
		rc = err_set(err, ERR_STATE, "%s (%s): cannot take a duplicate; %s", target.number,
			     status_code(target.status), target.status == STATUS_MERGED ?
			     "merge into the case it was merged into" : "it was not accepted");
		goto fail_target;
	}
	record_copy_head(&old, &r);
	if ((rc = cancel_open_transfers(ctx, &r, "merged into another case", err))) {
		case_record_free(&old);
		goto fail_target;
	}
	r.status = STATUS_MERGED;
	snprintf(r.merged_into, sizeof r.merged_into, "%s", target.number);
	r.closed_at = ctx->at;
	if (!cases_time_set(r.due_met))
		r.due_met = ctx->at;
	if ((rc = record_save(ctx, &r, err))) {
		case_record_free(&old);
		goto fail_target;
	}
	/* The surviving case's timeline says what joined it. */
	{
		json_t *o = json_pack("{s:s}", "merged_from", r.number);
		char *s = dump(o);
		json_decref(o);
		rc = store_event_append(ctx->st, target.id, target.round, ctx->actor, ctx->at,
					ctx->now, "merged-in", NULL, s, note && *note ? note : NULL,
					NULL, err);
		free(s);
	}
	if (rc) {
		case_record_free(&old);
		goto fail_target;
	}
	rc = action_end(ctx, &old, &r, "merge", NULL, false, note, err);
	case_record_free(&old);
	case_record_free(&target);
	case_record_free(&r);
	return rc;
fail_target:
	case_record_free(&target);
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_pause(const struct case_ctx *ctx, const char *number, const char *reason,
	       struct err *err)
{
	struct case_record r, old;
	int rc;

	if (check_text("the reason for pausing", reason, CASE_NOTE_MAX, true, true, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "pause", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "pause", err)))
		goto fail;
	record_copy_head(&old, &r);
	r.paused_from = r.status;
	r.status = STATUS_PAUSED;
	r.paused_at = ctx->at;
	set_str(&r.pause_reason, reason);
	rc = action_end(ctx, &old, &r, "pause", NULL, false, reason, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_resume(const struct case_ctx *ctx, const char *number, const char *note,
		struct err *err)
{
	struct case_record r, old;
	int rc, days;
	sqlite3_stmt *s;
	json_t *moved;

	if (check_text("the note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "resume", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "resume", err)))
		goto fail;
	if (datetime_cmp(ctx->at, r.paused_at) < 0) {
		rc = err_set(err, ERR_USAGE, "%s: resuming before the pause began", r.number);
		goto fail;
	}
	record_copy_head(&old, &r);
	/* Working days in (pause day, resume day]: pausing and resuming on the
	 * same day moves nothing. */
	days = calendar_working_days_between(ctx->cal, r.paused_at.day, ctx->at.day);
	if (days < 0)
		days = 0;
	moved = json_array();
	if (days > 0) {
		if (!cases_time_set(r.due_met))
			r.due.day = calendar_add_working_days(ctx->cal, r.due.day, days);
		for (int i = 0; i < r.ntransfers; i++) {
			struct case_transfer *t = &r.transfers[i];
			if (t->round != r.round || t->state != TRANSFER_OPEN)
				continue;
			t->due.day = calendar_add_working_days(ctx->cal, t->due.day, days);
			t->paused_days += days;
			if ((rc = cases_prepare(ctx->st, "UPDATE transfers SET due = ?, paused_days = ? "
						"WHERE id = ?", &s, err)))
				goto fail_old;
			cases_bind_time(s, 1, t->due);
			sqlite3_bind_int(s, 2, t->paused_days);
			sqlite3_bind_int64(s, 3, t->id);
			if ((rc = step_done(ctx->st, s, "transfer", err)))
				goto fail_old;
			json_array_append_new(moved, transfer_json(t));
		}
	}
	r.paused_days += days;
	r.round_paused += days;
	r.status = r.paused_from;
	r.paused_at = cases_no_time();
	set_str(&r.pause_reason, NULL);
	rc = action_end(ctx, &old, &r, "resume",
			json_pack("{s:i, s:o}", "paused_working_days", days, "transfers", moved),
			false, note, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail_old:
	json_decref(moved);
	case_record_free(&old);
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

static int reopen_step(const struct case_ctx *ctx, const char *number, const char *reason,
		       bool review, struct err *err)
{
	struct case_record r, old;
	const char *action = review ? "review" : "reopen";
	int rc;

	if (check_text(review ? "the reason for the review" : "the reason for reopening", reason,
		       CASE_NOTE_MAX, true, true, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, action, number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, action, err)))
		goto fail;
	record_copy_head(&old, &r);
	if (review)
		r.review_at = ctx->at;
	if (review)
		set_str(&r.review_reason, reason);
	if ((rc = next_round(ctx, &r, review, err))) {
		case_record_free(&old);
		goto fail;
	}
	r.satisfaction = -1;
	r.callback_at = cases_no_time();
	set_str(&r.callback_note, NULL);
	rc = action_end(ctx, &old, &r, action, NULL, false, reason, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_reopen(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err)
{
	return reopen_step(ctx, number, reason, false, err);
}

int case_review(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err)
{
	return reopen_step(ctx, number, reason, true, err);
}

int case_set_class(const struct case_ctx *ctx, const char *number, enum handling_class c,
		   const char *reason, struct err *err)
{
	struct case_record r, old;
	int rc;

	if ((int)c < 0 || c >= CLASS__COUNT)
		return err_set(err, ERR_USAGE, "class must be one of: %s", class_codes());
	if (check_text("the reason", reason, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "reclass", number, &r, err)))
		return rc;
	if ((rc = case_allowed(&r, "reclass", err)))
		goto fail;
	if (r.hclass == c) {
		rc = err_set(err, ERR_USAGE, "%s is already %s", r.number, class_code(c));
		goto fail;
	}
	record_copy_head(&old, &r);
	r.hclass = c;
	/* A met deadline is never moved. */
	if (!cases_time_set(r.due_met) && (rc = reply_due(ctx, &r, &r.due, err))) {
		case_record_free(&old);
		goto fail;
	}
	rc = action_end(ctx, &old, &r, "reclass", NULL, false, reason, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int case_recompute(const struct case_ctx *ctx, const char *number, bool *changed,
		   struct err *err)
{
	struct case_record r, old;
	struct cdatetime due;
	json_t *moved;
	int rc, open, answered, live;
	sqlite3_stmt *s;

	if (changed)
		*changed = false;
	if ((rc = action_begin(ctx, "recompute", number, &r, err)))
		return rc;
	if (case_status_final(r.status)) {
		case_record_free(&r);
		store_rollback(ctx->st);
		return 0;
	}
	record_copy_head(&old, &r);
	moved = json_array();
	if (!cases_time_set(r.due_met)) {
		if ((rc = reply_due(ctx, &r, &due, err)))
			goto fail;
		r.due = due;
	}
	round_counts(&r, &open, &answered, &live);
	for (int i = 0; i < r.ntransfers; i++) {
		struct case_transfer *t = &r.transfers[i];
		json_t *was;
		if (t->round != r.round || t->state != TRANSFER_OPEN)
			continue;
		if ((rc = rules_due_feedback(ctx->rules, ctx->cal, r.hclass, live > 0 ? live : 1,
					     t->at, &due, err)))
			goto fail;
		if (t->paused_days > 0)
			due.day = calendar_add_working_days(ctx->cal, due.day, t->paused_days);
		if (datetime_cmp(due, t->due) == 0)
			continue;
		was = transfer_json(t);
		t->due = due;
		if ((rc = cases_prepare(ctx->st, "UPDATE transfers SET due = ? WHERE id = ?", &s,
					err)))
			goto fail;
		cases_bind_time(s, 1, t->due);
		sqlite3_bind_int64(s, 2, t->id);
		if ((rc = step_done(ctx->st, s, "transfer", err))) {
			json_decref(was);
			goto fail;
		}
		{
			json_t *is = transfer_json(t);
			json_array_append_new(moved, json_pack("{s:s, s:O, s:O}", "dept", t->dept,
							       "from", json_object_get(was, "due"),
							       "to", json_object_get(is, "due")));
			json_decref(is);
		}
		json_decref(was);
	}
	if (datetime_cmp(old.due, r.due) == 0 && json_array_size(moved) == 0) {
		json_decref(moved);
		case_record_free(&old);
		case_record_free(&r);
		store_rollback(ctx->st);
		return 0;
	}
	rc = action_end(ctx, &old, &r, "recompute", json_pack("{s:o}", "transfers_moved", moved),
			false, NULL, err);
	if (rc == 0 && changed)
		*changed = true;
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	json_decref(moved);
	case_record_free(&old);
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int cases_recompute_all(const struct case_ctx *ctx, int *checked, int *changed,
			struct err *err)
{
	sqlite3_stmt *s;
	char (*numbers)[32] = NULL;
	int n = 0, cap = 0, rc;

	if (checked)
		*checked = 0;
	if (changed)
		*changed = 0;
	/* Collect first: each case is then its own transaction. */
	if ((rc = cases_prepare(ctx->st, "SELECT number FROM cases WHERE status NOT IN "
				"('closed', 'rejected', 'merged') ORDER BY id", &s, err)))
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			numbers = xrealloc(numbers, (size_t)cap * sizeof *numbers);
		}
		snprintf(numbers[n++], 32, "%s", (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	for (int i = 0; i < n; i++) {
		bool ch;
		if ((rc = case_recompute(ctx, numbers[i], &ch, err)))
			break;
		if (checked)
			(*checked)++;
		if (ch && changed)
			(*changed)++;
	}
	free(numbers);
	return rc;
}

int case_attach(const struct case_ctx *ctx, const char *number, const char *description,
		const char *path, struct err *err)
{
	struct case_record r, old;
	int rc;

	if (check_text("the description", description, CASE_NOTE_MAX, false, true, err) ||
	    check_text("the path", path, 1024, false, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "attach", number, &r, err)))
		return rc;
	record_copy_head(&old, &r);
	if ((rc = insert_material(ctx, r.id, description, path, err))) {
		case_record_free(&old);
		case_record_free(&r);
		store_rollback(ctx->st);
		return rc;
	}
	rc = action_end(ctx, &old, &r, "attach",
			json_pack("{s:{s:s, s:s?}}", "material", "description", description,
				  "path", path && *path ? path : NULL), false, NULL, err);
	case_record_free(&old);
	case_record_free(&r);
	return rc;
}

/* ---- JSON ---- */

static json_t *jstr(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *jtime(struct cdatetime t)
{
	char buf[20];
	return cases_time_set(t) ? json_string(store_time(t, buf)) : json_null();
}

static json_t *jdate(struct cdatetime t)
{
	char buf[11];
	return cases_time_set(t) ? json_string(date_format(t.day, buf)) : json_null();
}

static json_t *transfer_json(const struct case_transfer *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "round", json_integer(t->round));
	json_object_set_new(o, "dept", json_string(t->dept));
	json_object_set_new(o, "lead", json_boolean(t->lead));
	json_object_set_new(o, "state", json_string(transfer_states[t->state]));
	json_object_set_new(o, "at", jtime(t->at));
	json_object_set_new(o, "due", jdate(t->due));
	json_object_set_new(o, "due_time", jtime(t->due));
	json_object_set_new(o, "by", jstr(t->by));
	json_object_set_new(o, "done_at", jtime(t->done_at));
	json_object_set_new(o, "done_by", jstr(t->done_by));
	json_object_set_new(o, "feedback", jstr(t->feedback));
	json_object_set_new(o, "reason", jstr(t->reason));
	json_object_set_new(o, "paused_days", json_integer(t->paused_days));
	return o;
}

json_t *case_to_json(const struct case_record *r, bool details)
{
	json_t *o = json_object(), *a;
	char vd[11];

	json_object_set_new(o, "number", json_string(r->number));
	json_object_set_new(o, "status", json_string(status_code(r->status)));
	json_object_set_new(o, "class", json_string(class_code(r->hclass)));
	json_object_set_new(o, "dept", r->ndepts ? json_string(r->depts[0]) : json_null());
	a = json_array();
	for (int i = 0; i < r->ndepts; i++)
		json_array_append_new(a, json_string(r->depts[i]));
	json_object_set_new(o, "depts", a);
	json_object_set_new(o, "due", jdate(r->due));
	json_object_set_new(o, "due_time", jtime(r->due));
	json_object_set_new(o, "due_met", jtime(r->due_met));
	json_object_set_new(o, "round", json_integer(r->round));
	json_object_set_new(o, "round_at", jtime(r->round_at));
	json_object_set_new(o, "round_paused_days", json_integer(r->round_paused));
	a = json_array();
	for (unsigned bit = 1; bit < (1u << FLAG__COUNT); bit <<= 1)
		if (r->flags & bit)
			json_array_append_new(a, json_string(flag_code(bit)));
	if (r->escalated)
		json_array_append_new(a, json_string("escalated"));
	json_object_set_new(o, "flags", a);
	json_object_set_new(o, "escalated", json_boolean(r->escalated));
	json_object_set_new(o, "received", jtime(r->received));
	json_object_set_new(o, "channel", json_string(channel_code(r->channel)));
	json_object_set_new(o, "kind", json_string(kind_code(r->kind)));
	json_object_set_new(o, "name", jstr(r->name));
	json_object_set_new(o, "phone", jstr(r->phone));
	json_object_set_new(o, "relation", jstr(r->relation));
	json_object_set_new(o, "address", jstr(r->address));
	json_object_set_new(o, "id_number", jstr(r->id_number));
	json_object_set_new(o, "anonymous", json_boolean(r->anonymous));
	json_object_set_new(o, "group_size", json_integer(r->group_size));
	json_object_set_new(o, "representatives", jstr(r->representatives));
	json_object_set_new(o, "patient_name", jstr(r->patient_name));
	json_object_set_new(o, "patient_record", jstr(r->patient_record));
	json_object_set_new(o, "visit_date", r->visit_date != CDATE_NONE ?
			    json_string(date_format(r->visit_date, vd)) : json_null());
	json_object_set_new(o, "unit", jstr(r->unit));
	json_object_set_new(o, "staff", jstr(r->staff));
	json_object_set_new(o, "text", jstr(r->text));
	json_object_set_new(o, "demand", jstr(r->demand));
	json_object_set_new(o, "claim_fen", json_integer(r->claim_fen));
	json_object_set_new(o, "paid_fen", json_integer(r->paid_fen));
	a = json_array();
	for (int i = 0; i < r->ncategories; i++)
		json_array_append_new(a, json_string(r->categories[i]));
	json_object_set_new(o, "categories", a);
	json_object_set_new(o, "suggestion", r->suggestion ? json_loads(r->suggestion, 0, NULL)
			    : json_null());
	json_object_set_new(o, "override", r->override ? json_loads(r->override, 0, NULL)
			    : json_null());
	json_object_set_new(o, "override_by", jstr(r->override_by));
	json_object_set_new(o, "receiver", jstr(r->receiver));
	json_object_set_new(o, "reply_text", jstr(r->reply_text));
	json_object_set_new(o, "reply_method", r->reply_method >= 0 ?
			    json_string(reply_method_code(r->reply_method)) : json_null());
	json_object_set_new(o, "replied_at", jtime(r->replied_at));
	json_object_set_new(o, "satisfaction", r->satisfaction >= 0 ?
			    json_string(satisfaction_code(r->satisfaction)) : json_null());
	json_object_set_new(o, "callback_at", jtime(r->callback_at));
	json_object_set_new(o, "callback_note", jstr(r->callback_note));
	json_object_set_new(o, "finding", r->finding >= 0 ? json_string(finding_code(r->finding))
			    : json_null());
	json_object_set_new(o, "close_note", jstr(r->close_note));
	json_object_set_new(o, "close_unreasonable", json_boolean(r->close_unreasonable));
	json_object_set_new(o, "closed_at", jtime(r->closed_at));
	json_object_set_new(o, "reject_reason", r->reject_reason >= 0 ?
			    json_string(reject_reason_code(r->reject_reason)) : json_null());
	json_object_set_new(o, "reject_note", jstr(r->reject_note));
	json_object_set_new(o, "merged_into", jstr(r->merged_into));
	json_object_set_new(o, "paused", json_boolean(r->status == STATUS_PAUSED));
	json_object_set_new(o, "paused_from", r->status == STATUS_PAUSED ?
			    json_string(status_code(r->paused_from)) : json_null());
	json_object_set_new(o, "paused_at", jtime(r->paused_at));
	json_object_set_new(o, "pause_reason", jstr(r->pause_reason));
	json_object_set_new(o, "paused_days", json_integer(r->paused_days));
	json_object_set_new(o, "in_review", json_boolean(r->in_review));
	json_object_set_new(o, "review_at", jtime(r->review_at));
	json_object_set_new(o, "review_reason", jstr(r->review_reason));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "updated", jtime(r->updated));
	if (!details)
		return o;
	a = json_array();
	for (int i = 0; i < r->ntransfers; i++)
		json_array_append_new(a, transfer_json(&r->transfers[i]));
	json_object_set_new(o, "transfers", a);
	a = json_array();
	for (int i = 0; i < r->ndrafts; i++) {
		const struct case_draft *d = &r->drafts[i];
		json_t *ap = json_array();
		for (int k = 0; k < d->napprovals; k++) {
			const struct case_approval *p = &d->approvals[k];
			json_array_append_new(ap, json_pack("{s:i, s:s, s:s, s:b, s:o, s:o}",
				"step", p->step + 1, "role", p->role, "actor", p->actor,
				"approved", p->approved, "at", jtime(p->at), "note", jstr(p->note)));
		}
		json_array_append_new(a, json_pack("{s:i, s:i, s:s, s:o, s:s, s:s, s:o}",
			"version", d->version, "round", d->round, "author", d->author,
			"at", jtime(d->at), "state", draft_states[d->state], "text", d->text ? d->text : "",
			"approvals", ap));
	}
	json_object_set_new(o, "drafts", a);
	a = json_array();
	for (int i = 0; i < r->nmaterials; i++) {
		const struct case_material *m = &r->materials[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:o}", "description",
			m->description ? m->description : "", "path", jstr(m->path),
			"added_by", m->added_by, "at", jtime(m->at)));
	}
	json_object_set_new(o, "materials", a);
	return o;
}

json_t *case_event_to_json(const struct store_event *ev)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(ev->id));
	json_object_set_new(o, "round", json_integer(ev->round));
	json_object_set_new(o, "actor", json_string(ev->actor));
	json_object_set_new(o, "at", json_string(ev->at));
	json_object_set_new(o, "recorded", json_string(ev->recorded));
	json_object_set_new(o, "action", json_string(ev->action));
	json_object_set_new(o, "before", ev->before ? json_loads(ev->before, 0, NULL) : json_null());
	json_object_set_new(o, "after", ev->after ? json_loads(ev->after, 0, NULL) : json_null());
	json_object_set_new(o, "note", jstr(ev->note));
	json_object_set_new(o, "hash", json_string(ev->hash));
	return o;
}

int case_days_left(const struct calendar *cal, const struct case_record *rec, cdate today)
{
	if (!cases_time_set(rec->due))
		return 0;
	return calendar_days_left(cal, today, rec->due.day);
}
