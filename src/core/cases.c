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
	if ((rc = cases_check_at(ctx, err)))
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

	if ((rc = cases_record_save(ctx, r, err)) || (links && (rc = cases_save_links(ctx, r, err)))) {
		json_decref(extra);
		goto fail;
	}
	if ((rc = case_get_id(ctx->st, r->id, false, &fresh, err))) {
		json_decref(extra);
		goto fail;
	}
	rc = cases_record_event(ctx, old, &fresh, action, extra, note, err);
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
		return cases_reply_due(ctx, r, &r->due, err);
	return 0;
}



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
	if ((rc = cases_step_done(ctx->st, s, "transfer", err)))
		return rc;
	t.id = sqlite3_last_insert_rowid(store_db(ctx->st));
	json_array_append_new(list, cases_transfer_json(&t));
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

	if (cases_check_text("note", note, CASE_NOTE_MAX, true, false, err))
		return ERR_USAGE;
	if ((!lead || !*lead) && nco <= 0)
		return err_set(err, ERR_USAGE, "name a lead department (--lead) or co-departments "
			       "(--co)");
	if (nco < 0 || nco > RULES_MAX_DEPTS)
		return err_set(err, ERR_USAGE, "at most %d departments", RULES_MAX_DEPTS);
	if (lead && *lead && (rc = cases_dept_code(ctx, lead, codes[n++], err)))
		return rc;
	for (int i = 0; i < nco; i++) {
		if ((rc = cases_dept_code(ctx, co[i], codes[n], err)))
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
					     cases_transfer_states[t->state]);
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

	if ((rc = cases_dept_code(ctx, dept, code, err)))
		return rc;
	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && strcmp(r->transfers[i].dept, code) == 0)
			found = &r->transfers[i];   /* the latest of this round */
	if (!found)
		return refuse(err, r, "no transfer to %s in round %d", code, r->round);
	if (found->state != TRANSFER_OPEN)
		return refuse(err, r, "the transfer to %s was already %s", code,
			      cases_transfer_states[found->state]);
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
	sqlite3_bind_text(s, 1, cases_transfer_states[state], -1, SQLITE_STATIC);
	cases_bind_time(s, 2, ctx->at);
	cases_bind_text(s, 3, ctx->actor);
	cases_bind_text(s, 4, feedback);
	cases_bind_text(s, 5, reason);
	sqlite3_bind_int64(s, 6, t->id);
	if ((rc = cases_step_done(ctx->st, s, "transfer", err)))
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

	if (cases_check_text(is_return ? "the reason for returning" : "the feedback", text,
		       is_return ? CASE_NOTE_MAX : CASE_TEXT_MAX, true, true, err))
		return ERR_USAGE;
	/* An unknown department is bad input, whatever the case's state. */
	if ((rc = cases_dept_code(ctx, dept, code, err)))
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
			json_pack("{s:o}", "transfer", cases_transfer_json(t)), true,
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
	sqlite3_bind_text(s, 1, cases_draft_states[st], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	return cases_step_done(ctx->st, s, "draft", err);
}

int case_draft(const struct case_ctx *ctx, const char *number, const char *text,
	       struct err *err)
{
	struct case_record r, old;
	const char *const *steps;
	int rc, version = 1, nsteps;
	sqlite3_stmt *s;
	struct case_draft *cur;

	if (cases_check_text("the draft", text, CASE_TEXT_MAX, true, true, err))
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
	sqlite3_bind_text(s, 6, cases_draft_states[nsteps > 0 ? DRAFT_PENDING : DRAFT_APPROVED], -1,
			  SQLITE_STATIC);
	cases_bind_text(s, 7, text);
	if ((rc = cases_step_done(ctx->st, s, "draft", err)))
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

	if (cases_check_text("the note", note, CASE_NOTE_MAX, true, refuse_it, err))
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
	if ((rc = cases_step_done(ctx->st, s, "approval", err)))
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
	if (cases_check_text("the reply", text, CASE_TEXT_MAX, true, false, err))
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
	return cases_reply_due(ctx, r, &r->due, err);
}

int case_callback(const struct case_ctx *ctx, const char *number, enum satisfaction sat,
		  const char *note, struct err *err)
{
	struct case_record r, old;
	int rc;

	if ((int)sat < 0 || sat >= SATISFACTION__COUNT)
		return err_set(err, ERR_USAGE, "satisfaction must be one of: %s", satisfaction_codes());
	if (cases_check_text("the note", note, CASE_NOTE_MAX, true, false, err))
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
	if (cases_check_text("the note", note, CASE_NOTE_MAX, true, false, err))
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
	if (cases_check_text("the note", note, CASE_NOTE_MAX, true, false, err))
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
	if (cases_check_text("the note", note, CASE_NOTE_MAX, true, false, err))
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
	if ((rc = cases_record_save(ctx, &r, err))) {
		case_record_free(&old);
		goto fail_target;
	}
	/* The surviving case's timeline says what joined it. */
	{
		json_t *o = json_pack("{s:s}", "merged_from", r.number);
		char *s = cases_json_dump(o);
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

	if (cases_check_text("the reason for pausing", reason, CASE_NOTE_MAX, true, true, err))
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

	if (cases_check_text("the note", note, CASE_NOTE_MAX, true, false, err))
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
			if ((rc = cases_step_done(ctx->st, s, "transfer", err)))
				goto fail_old;
			json_array_append_new(moved, cases_transfer_json(t));
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

	if (cases_check_text(review ? "the reason for the review" : "the reason for reopening", reason,
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
	if (cases_check_text("the reason", reason, CASE_NOTE_MAX, true, false, err))
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
	if (!cases_time_set(r.due_met) && (rc = cases_reply_due(ctx, &r, &r.due, err))) {
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
		if ((rc = cases_reply_due(ctx, &r, &due, err)))
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
		was = cases_transfer_json(t);
		t->due = due;
		if ((rc = cases_prepare(ctx->st, "UPDATE transfers SET due = ? WHERE id = ?", &s,
					err)))
			goto fail;
		cases_bind_time(s, 1, t->due);
		sqlite3_bind_int64(s, 2, t->id);
		if ((rc = cases_step_done(ctx->st, s, "transfer", err))) {
			json_decref(was);
			goto fail;
		}
		{
			json_t *is = cases_transfer_json(t);
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

	if (cases_check_text("the description", description, CASE_NOTE_MAX, false, true, err) ||
	    cases_check_text("the path", path, 1024, false, false, err))
		return ERR_USAGE;
	if ((rc = action_begin(ctx, "attach", number, &r, err)))
		return rc;
	record_copy_head(&old, &r);
	if ((rc = cases_insert_material(ctx, r.id, description, path, err))) {
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

