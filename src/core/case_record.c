/* Case rows: SQL helpers, loading a case with its details, saving its state and appending its events. */
#include "core/alerts.h"
#include "core/cases.h"
#include "core/privacy.h"
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
int cases_step_done(struct store *st, sqlite3_stmt *s, const char *what, struct err *err)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, what, err);
}

/* ---- rows ---- */

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

static int load_details(struct store *st, struct case_record *r, struct err *err)
{
	int rc;

	if ((rc = cases_details_load(st, &cases_transfers, r->id, &r->transfers, &r->ntransfers,
				     err)) ||
	    (rc = cases_details_load(st, &cases_drafts, r->id, &r->drafts, &r->ndrafts, err)) ||
	    (rc = cases_details_load(st, &cases_materials, r->id, &r->materials, &r->nmaterials,
				     err)))
		return rc;
	for (int i = 0; i < r->ndrafts; i++) {
		struct case_draft *d = &r->drafts[i];
		if ((rc = cases_details_load(st, &cases_approvals, d->id, &d->approvals,
					     &d->napprovals, err)))
			return rc;
	}
	/* Whether an alert waits: the menu offers acknowledge only then. */
	if ((r->flags & FLAG_SAFETY) || r->escalated) {
		bool safety = false, escalated = false;
		if ((rc = case_alert_of(st, r->id, &safety, &escalated, err)))
			return rc;
		r->alert_pending = safety || escalated;
	}
	r->alert_read = true;
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

static int get_where(struct store *st, bool by_number, const char *number, int64_t id,
		     bool details, struct case_record *out, struct err *err)
{
	/* the two statements' text, made once: formatted at every load, it was
	 * a twentieth of a walked demo case (perf record, 3,000 cases) */
	static char *sql[2];
	sqlite3_stmt *s;
	int rc;

	if (!sql[by_number])
		sql[by_number] = xasprintf("SELECT %s FROM cases c WHERE %s", cases_columns(),
					   by_number ? "c.number = ?1" : "c.id = ?1");
	/* Kept prepared (store_stmt), reset as soon as the row is read: every
	 * action loads its case, a demo or an import thousands of them. */
	rc = store_stmt(st, sql[by_number], &s, err);
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
		sqlite3_reset(s);
		if (details && (rc = load_details(st, out, err))) {
			case_record_free(out);
			return rc;
		}
		return 0;
	}
	sqlite3_reset(s);
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
	return get_where(st, true, number, 0, details, out, err);
}

int case_get_id(struct store *st, int64_t id, bool details, struct case_record *out,
		struct err *err)
{
	return get_where(st, false, NULL, id, details, out, err);
}

int case_events(struct store *st, const struct case_record *rec, struct store_event **out,
		int *n, struct err *err)
{
	int rc = store_events_list(st, rec->id, out, n, err);

	/* A viewer who may not see the identity does not read it in the
	 * timeline either (SPEC §9). */
	if (!rc && rec->identity_masked)
		case_events_mask(st, rec, *out, *n);
	return rc;
}

/* ---- writing ---- */

void cases_join_codes(char (*codes)[RULES_CODE_MAX], int n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", codes[i]);
}

/* Writes the mutable columns of r and its department and category rows.
 * The intake fields (account, names …) are not rewritten, so the
 * full-text index is not touched by the steps of a case. */
int cases_record_save(const struct case_ctx *ctx, struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_stmt(ctx->st, cases_update_sql(), &s, err)))
		return rc;
	sqlite3_bind_int64(s, cases_bind_columns(s, 1, r, false, ctx->now), r->id);
	return cases_stmt_run(ctx->st, s, "case", err);
}

/* Replaces the case's rows in case_depts and case_categories. */
int cases_save_links(const struct case_ctx *ctx, const struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_stmt(ctx->st, "DELETE FROM case_depts WHERE case_id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	if ((rc = cases_stmt_run(ctx->st, s, "departments", err)))
		return rc;
	if ((rc = store_stmt(ctx->st, "DELETE FROM case_categories WHERE case_id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	if ((rc = cases_stmt_run(ctx->st, s, "categories", err)))
		return rc;
	return cases_links_insert(ctx->st, r, err);
}

/* The fields an event's before/after compare: the case as JSON without the
 * bookkeeping that changes every time. */
json_t *cases_snapshot(const struct case_record *r)
{
	/* without the suggestion it would parse only to delete it: the parse
	 * was a seventh of a walked demo case (perf record, 3,000 cases) */
	struct case_record r0 = *r;
	json_t *o;

	r0.suggestion = NULL;
	o = case_to_json(&r0, false);

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

char *cases_json_dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	return s ? s : xstrdup("{}");
}

/*
 * Appends the event of an action: the changed fields of the case between
 * old and new, plus extra (details of the step: a transfer, a draft …)
 * merged into "after". Takes ownership of extra.
 */
int cases_record_event(const struct case_ctx *ctx, const struct case_record *old,
			const struct case_record *new, const char *action, json_t *extra,
			const char *note, struct err *err)
{
	json_t *a = old ? cases_snapshot(old) : json_object(), *b = cases_snapshot(new), *before,
	       *after;
	char *sb;
	int rc;

	diff(a, b, &before, &after);
	if (extra) {
		json_object_update(after, extra);
		json_decref(extra);
	}
	/* The files that computed the deadlines: on add, and where a due moved. */
	if (!old || json_object_get(after, "due_time") || json_object_get(after, "transfers") ||
	    json_object_get(after, "transfers_moved")) {
		const char *basis = ctx->deadline_basis ? ctx->deadline_basis
				    : ctx->deadline_basis_get
				    ? ctx->deadline_basis_get(ctx->deadline_basis_arg) : NULL;
		if (basis)
			json_object_set_new(after, "deadline_basis", json_loads(basis, 0, NULL));
	}
	/* A late entry says so; the event's "recorded" holds the real time. */
	if (cases_late_entry(ctx))
		json_object_set_new(after, "entered_late", json_true());
	sb = json_object_size(before) ? cases_json_dump(before) : NULL;
	/* after as an object: an add's whole case is stripped of its defaults
	 * without being dumped and parsed back */
	rc = store_event_append(ctx->st, &(struct store_event_in){
					.case_id = new->id, .round = new->round,
					.actor = ctx->actor, .at = ctx->at, .recorded = ctx->now,
					.action = action, .before = sb, .after_obj = after,
					.note = note && *note ? note : NULL }, NULL, err);
	free(sb);
	json_decref(a);
	json_decref(b);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ---- validation ---- */

int cases_check_text(const char *field, const char *s, size_t max, bool multiline,
		      bool required, struct err *err)
{
	if (!s || !*s) {
		if (required)
			return err_set(err, ERR_USAGE, "%s is required", field);
		return 0;
	}
	return text_check_field(field, s, max, multiline, err);
}

int cases_check_at(const struct case_ctx *ctx, struct err *err)
{
	char a[20], n[20];

	if (datetime_cmp(ctx->at, ctx->now) > 0)
		return err_set(err, ERR_USAGE, "--at %s is in the future (now %s)",
			       store_time(ctx->at, a), store_time(ctx->now, n));
	return 0;
}

/* A department by code or Chinese name into its code; ERR_NOTFOUND. */
int cases_dept_code(const struct case_ctx *ctx, const char *s, char *code, struct err *err)
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
int cases_reply_due(const struct case_ctx *ctx, const struct case_record *r,
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
