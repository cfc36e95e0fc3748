/* The typed calls of the case steps (over case_act, for C callers: the demo, tests), case_status_final, cases_permit, and recompute. */
#include "core/actions.h"
#include "core/cases.h"
#include "core/util.h"
#include "actions/action.h"
#include "cases_db.h"

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

/* ---- the typed calls: each builds the values of its row and runs case_act ---- */

#define ACT(a, ...) case_act(ctx, a, number, 0, (const char *const[ACTION_MAX_PARAMS]){ __VA_ARGS__ }, NULL, err)

int case_transfer(const struct case_ctx *ctx, const char *number, const char *lead,
		  const char *const *co, int nco, const char *note, struct err *err)
{
	struct sbuf b = { 0 };
	int rc;

	for (int i = 0; i < nco; i++)
		sbuf_addf(&b, "%s%s", i ? "," : "", co[i] ? co[i] : "");
	rc = ACT(CA_TRANSFER, lead, b.s, note);
	sbuf_free(&b);
	return rc;
}

int case_return(const struct case_ctx *ctx, const char *number, const char *dept,
		const char *reason, struct err *err)
{
	return ACT(CA_RETURN, dept ? dept : "", reason);
}

int case_feedback(const struct case_ctx *ctx, const char *number, const char *dept,
		  const char *text, struct err *err)
{
	return ACT(CA_FEEDBACK, dept ? dept : "", text);
}

int case_draft(const struct case_ctx *ctx, const char *number, const char *text,
	       struct err *err)
{
	return ACT(CA_DRAFT, text);
}

int case_approve(const struct case_ctx *ctx, const char *number, bool refuse,
		 const char *note, struct err *err)
{
	return refuse ? ACT(CA_REFUSE, note) : ACT(CA_APPROVE, note);
}

int case_reply(const struct case_ctx *ctx, const char *number, enum reply_method method,
	       const char *text, struct err *err)
{
	return ACT(CA_REPLY, vocab_code(&vocab_reply_method, (int)method), text);
}

int case_callback(const struct case_ctx *ctx, const char *number, enum satisfaction s,
		  const char *note, struct err *err)
{
	return ACT(CA_CALLBACK, vocab_code(&vocab_satisfaction, (int)s), note);
}

int case_close(const struct case_ctx *ctx, const char *number, enum finding f,
	       enum close_basis basis, int64_t paid_fen, const char *note, struct err *err)
{
	static const char *const bases[] = { "satisfied", "on-spot", "unreasonable" };
	char paid[32];

	if (paid_fen < 0)
		return err_set(err, ERR_USAGE, "the amount paid may not be negative");
	snprintf(paid, sizeof paid, "%lld.%02lld", (long long)(paid_fen / 100),
		 (long long)(paid_fen % 100));
	return ACT(CA_CLOSE, vocab_code(&vocab_finding, (int)f),
		   (int)basis >= 0 && basis <= CLOSE_UNREASONABLE ? bases[basis] : "?", paid, note);
}

int case_reject(const struct case_ctx *ctx, const char *number, enum reject_reason r,
		const char *note, struct err *err)
{
	return ACT(CA_REJECT, vocab_code(&vocab_reject_reason, (int)r), note);
}

int case_merge(const struct case_ctx *ctx, const char *number, const char *into,
	       const char *note, struct err *err)
{
	return ACT(CA_MERGE, into, note);
}

int case_pause(const struct case_ctx *ctx, const char *number, const char *reason,
	       struct err *err)
{
	return ACT(CA_PAUSE, reason);
}

int case_resume(const struct case_ctx *ctx, const char *number, const char *note,
		struct err *err)
{
	return ACT(CA_RESUME, note);
}

int case_reopen(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err)
{
	return ACT(CA_REOPEN, reason);
}

int case_review(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err)
{
	return ACT(CA_REVIEW, reason);
}

int case_set_class(const struct case_ctx *ctx, const char *number, enum handling_class c,
		   const char *reason, struct err *err)
{
	return ACT(CA_RECLASS, vocab_code(&vocab_class, (int)c), reason);
}

int case_attach(const struct case_ctx *ctx, const char *number, const char *description,
		const char *path, struct err *err)
{
	return ACT(CA_ATTACH, description, path);
}

/* ---- recompute ---- */

int case_recompute(const struct case_ctx *ctx0, const char *number, bool *changed,
		   struct err *err)
{
	struct case_ctx cx, *ctx = &cx;
	struct action_step step = { 0 };
	struct case_record r, old;
	struct cdatetime due;
	json_t *moved;
	int rc, open, answered, live;
	sqlite3_stmt *s;

	if (changed)
		*changed = false;
	if ((rc = action_begin(ctx0, &cx, CA_RECOMPUTE, number, 0, &r, err)))
		return rc;
	if (case_status_final(r.status)) {
		case_record_free(&r);
		store_rollback(ctx->st);
		return 0;
	}
	action_copy_head(&old, &r);
	moved = json_array();
	if (!cases_time_set(r.due_met)) {
		if ((rc = cases_reply_due(ctx, &r, &due, err)))
			goto fail;
		r.due = due;
	}
	action_round_counts(&r, &open, &answered, &live);
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
	step.extra = json_pack("{s:o}", "transfers_moved", moved);
	rc = action_finish(ctx, &old, &r, "recompute", &step, err);
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

