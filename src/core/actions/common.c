/* What several steps of a case share: refusals, the round's transfers, drafts, rounds and deadlines. */
#include "core/i18n.h"
#include "action.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The case's status in a refusal: its code under C, its name otherwise. */
static const char *status_word(enum case_status s)
{
	switch (s) {
	case STATUS_REGISTERED: return RC_("status", "registered");
	case STATUS_ROUTED: return RC_("status", "routed");
	case STATUS_FEEDBACK: return RC_("status", "feedback");
	case STATUS_DRAFTED: return RC_("status", "drafted");
	case STATUS_APPROVED: return RC_("status", "approved");
	case STATUS_REPLIED: return RC_("status", "replied");
	case STATUS_PAUSED: return RC_("status", "paused");
	case STATUS_CLOSED: return RC_("status", "closed");
	case STATUS_REJECTED: return RC_("status", "rejected");
	case STATUS_MERGED: return RC_("status", "merged");
	case STATUS__COUNT: break;
	}
	return status_code(s);
}

int action_refuse(struct err *err, const struct case_record *r, const char *fmt, ...)
{
	char why[700];
	va_list ap;

	/* fmt is a msgid (make pot's -kaction_refuse:3) */
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, R_(fmt), ap);
	va_end(ap);
	return err_set(err, ERR_STATE, "%s (%s): %s", r->number, status_word(r->status), why);
}

int action_require(struct err *err, const struct case_record *r, bool ok, const char *fmt, ...)
{
	char why[700];
	va_list ap;
	int rc;

	if ((rc = action_refuse_inactive(err, r)) || ok)
		return rc;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, R_(fmt), ap);     /* -kaction_require:4 */
	va_end(ap);
	return action_refuse(err, r, "%s", why);
}

bool action_routing_open(const struct case_record *r)
{
	return r->status == STATUS_REGISTERED || r->status == STATUS_ROUTED ||
	       r->status == STATUS_FEEDBACK;
}

int action_refuse_merged(struct err *err, const struct case_record *r, const char *instead)
{
	/* instead is a msgid (-kaction_refuse_merged:3) */
	return action_refuse(err, r, "the case was merged into %s; %s", r->merged_into, R_(instead));
}

void action_forget_callback(struct case_record *r)
{
	r->satisfaction = -1;
	r->callback_at = cases_no_time();
	action_set_str(&r->callback_note, NULL);
}

int action_refuse_inactive(struct err *err, const struct case_record *r)
{
	switch (r->status) {
	case STATUS_CLOSED:
	case STATUS_REJECTED:
		return action_refuse(err, r, r->status == STATUS_CLOSED
				     ? N_("the case is closed; reopen it first (cdesk reopen)")
				     : N_("the case is not accepted; reopen it first (cdesk reopen)"));
	case STATUS_MERGED:
		return action_refuse_merged(err, r, "work on that case");
	case STATUS_PAUSED:
		return action_refuse(err, r, "the case is paused (%s); resume it first (cdesk resume)",
				     r->pause_reason ? r->pause_reason : R_("no reason"));
	default:
		return 0;
	}
}

void action_round_counts(const struct case_record *r, int *open, int *answered, int *live)
{
	int o = 0, a = 0;

	for (int i = 0; i < r->ntransfers; i++) {
		const struct case_transfer *t = &r->transfers[i];
		if (t->round != r->round)
			continue;
		o += t->state == TRANSFER_OPEN;
		a += t->state == TRANSFER_ANSWERED;
	}
	if (open)
		*open = o;
	if (answered)
		*answered = a;
	if (live)
		*live = o + a;
}

enum case_status action_routing_status(const struct case_record *r)
{
	int open, answered;

	action_round_counts(r, &open, &answered, NULL);
	if (open > 0)
		return STATUS_ROUTED;
	if (answered > 0)
		return STATUS_FEEDBACK;
	return STATUS_REGISTERED;
}

struct case_draft *action_current_draft(const struct case_record *r)
{
	/* of this round: an earlier round's sent draft stays as it was sent */
	for (int i = r->ndrafts - 1; i >= 0; i--)
		if (r->drafts[i].round == r->round &&
		    (r->drafts[i].state == DRAFT_PENDING || r->drafts[i].state == DRAFT_APPROVED))
			return &r->drafts[i];
	return NULL;
}

void action_set_str(char **field, const char *v)
{
	free(*field);
	*field = v && *v ? xstrdup(v) : NULL;
}

int action_sync_depts(const struct case_ctx *ctx, struct case_record *r, struct err *err)
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

int action_close_transfer(const struct case_ctx *ctx, struct case_transfer *t,
			  enum transfer_state state, const char *feedback, const char *reason,
			  struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_stmt(ctx->st, "UPDATE transfers SET state = ?, done_at = ?, done_by = ?, "
			     "feedback = coalesce(?, feedback), reason = coalesce(?, reason) "
			     "WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_text(s, 1, cases_transfer_states[state], -1, SQLITE_STATIC);
	cases_bind_time(s, 2, ctx->at);
	cases_bind_text(s, 3, ctx->actor);
	cases_bind_text(s, 4, feedback);
	cases_bind_text(s, 5, reason);
	sqlite3_bind_int64(s, 6, t->id);
	if ((rc = cases_stmt_run(ctx->st, s, "transfer", err)))
		return rc;
	t->state = state;
	t->done_at = ctx->at;
	snprintf(t->done_by, sizeof t->done_by, "%s", ctx->actor);
	if (feedback)
		action_set_str(&t->feedback, feedback);
	if (reason)
		action_set_str(&t->reason, reason);
	return 0;
}

int action_cancel_open_transfers(const struct case_ctx *ctx, struct case_record *r,
				 const char *why, struct err *err)
{
	int rc;

	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && r->transfers[i].state == TRANSFER_OPEN &&
		    (rc = action_close_transfer(ctx, &r->transfers[i], TRANSFER_CANCELLED, NULL, why,
						err)))
			return rc;
	return 0;
}

int action_next_round(const struct case_ctx *ctx, struct case_record *r, bool review,
		      struct err *err)
{
	r->round++;
	r->round_at = ctx->at;
	r->round_paused = 0;
	r->status = STATUS_REGISTERED;
	r->in_review = review;
	r->due_met = cases_no_time();
	action_set_str(&r->reply_text, NULL);
	r->reply_method = -1;
	r->replied_at = cases_no_time();
	r->finding = -1;
	action_set_str(&r->close_note, NULL);
	r->close_unreasonable = false;
	r->closed_at = cases_no_time();
	r->reject_reason = -1;
	action_set_str(&r->reject_note, NULL);
	/* The third dispatch goes to leadership (a review is not a dispatch). */
	if (r->round >= 3 && !review)
		r->escalated = true;
	return cases_reply_due(ctx, r, &r->due, err);
}

void action_meet_due(const struct case_ctx *ctx, struct case_record *r)
{
	if (!cases_time_set(r->due_met))
		r->due_met = ctx->at;
}

int action_any_state(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)r;
	(void)a;
	(void)err;
	return 0;
}

int action_active(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return action_refuse_inactive(err, r);
}

int action_save_transfer_due(const struct case_ctx *ctx, const struct case_transfer *t,
			     struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "UPDATE transfers SET due = ?, paused_days = ? "
				"WHERE id = ?", &s, err)))
		return rc;
	cases_bind_time(s, 1, t->due);
	sqlite3_bind_int(s, 2, t->paused_days);
	sqlite3_bind_int64(s, 3, t->id);
	return cases_step_done(ctx->st, s, "transfer", err);
}
