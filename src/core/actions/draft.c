/* draft, approve, refuse and reply: the reply drafted, taken along the class's approval chain (第二十四条), and given. */
#include "core/i18n.h"
#include "action.h"

#include <stdio.h>
#include <string.h>

static int set_draft_state(const struct case_ctx *ctx, int64_t id, enum draft_state st,
			   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_stmt(ctx->st, "UPDATE drafts SET state = ? WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_text(s, 1, cases_draft_states[st], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	return cases_stmt_run(ctx->st, s, "draft", err);
}

/* ---- draft ---- */

static const struct action_param draft_params[] = {
	PARAM_TEXT("text", PF_REQUIRED, CASE_TEXT_MAX, N_("Reply draft:"), "TEXT|-"),
};

static int draft_allowed(const struct case_record *r, const struct action_args *a,
			 struct err *err)
{
	int open, rc;

	(void)a;
	if ((rc = action_refuse_inactive(err, r)))
		return rc;
	action_round_counts(r, &open, NULL, NULL);
	if (r->status == STATUS_REPLIED)
		return action_refuse(err, r, "the reply was already sent");
	if (open > 0)
		return action_refuse(err, r, "still waiting for written feedback from %d "
				     "department(s); draft when it is in", open);
	if (r->status == STATUS_REGISTERED && r->hclass != CLASS_SIMPLE &&
	    r->kind != KIND_CONSULTATION)
		return action_refuse(err, r, "a %s case is answered from the departments' "
				     "feedback; transfer it first", class_code(r->hclass));
	return 0;
}

static int draft_apply(const struct case_ctx *ctx, struct case_record *r,
		       const struct action_args *a, struct action_step *step, struct err *err)
{
	const char *const *steps;
	const char *text = TEXT(a, 0);
	int rc, version = 1, nsteps;
	sqlite3_stmt *s;
	struct case_draft *cur;

	for (int i = 0; i < r->ndrafts; i++)
		if (r->drafts[i].version >= version)
			version = r->drafts[i].version + 1;
	if ((cur = action_current_draft(r)) &&
	    (rc = set_draft_state(ctx, cur->id, DRAFT_SUPERSEDED, err)))
		return rc;
	nsteps = rules_approval_chain(ctx->rules, r->hclass, &steps);
	if ((rc = action_prepare_row(ctx, r, "INSERT INTO drafts (case_id, round, version, "
				      "author, at, state, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
				      &s, err)))
		return rc;
	sqlite3_bind_int(s, 3, version);
	cases_bind_text(s, 4, ctx->actor);
	cases_bind_time(s, 5, ctx->at);
	sqlite3_bind_text(s, 6, cases_draft_states[nsteps > 0 ? DRAFT_PENDING : DRAFT_APPROVED], -1,
			  SQLITE_STATIC);
	cases_bind_text(s, 7, text);
	if ((rc = cases_stmt_run(ctx->st, s, "draft", err)))
		return rc;
	/* A class without an approval chain needs no approval. */
	r->status = nsteps > 0 ? STATUS_DRAFTED : STATUS_APPROVED;
	step->extra = json_pack("{s:{s:i, s:s, s:i}}", "draft", "version", version, "text", text,
				"approval_steps", nsteps);
	return 0;
}

const struct case_action_def action_draft = {
	CA_DRAFT, "draft", N_("Draft the reply"), N_("drafted"), N_("draft the reply"), N_("reply drafted"), false,
	PARAMS(draft_params), draft_allowed, NULL, draft_apply, 0,
};

/* ---- approve and refuse ---- */

static const struct action_param approve_params[] = {
	PARAM_NOTE,
};

static const struct action_param refuse_params[] = {
	PARAM_TEXT("note", PF_REQUIRED | PF_NOTE, CASE_NOTE_MAX, N_("Why is the draft sent back?"),
		   "WHY"),
};

static int approve_allowed(const struct case_record *r, const struct action_args *a,
			   struct err *err)
{
	const struct case_draft *d = action_current_draft(r);

	(void)a;
	return action_require(err, r, r->status == STATUS_DRAFTED && d && d->state == DRAFT_PENDING,
			      "%s", r->status == STATUS_APPROVED ? "the draft is already approved; "
			      "send the reply" : "no reply draft awaits approval");
}

/* The next approval (variant 0) or the draft sent back (variant 1). */
static int approval(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		    struct action_step *step, struct err *err)
{
	const char *note = TEXT(a, 0);
	bool refuse = a->variant == 1;
	struct case_draft *d = action_current_draft(r);
	const char *const *steps;
	const char *role;
	int rc, nsteps, at = 0;
	sqlite3_stmt *s;

	nsteps = rules_approval_chain(ctx->rules, r->hclass, &steps);
	for (int i = 0; i < d->napprovals; i++)
		at += d->approvals[i].approved;
	role = at < nsteps ? steps[at] : "approver";
	if ((rc = store_stmt(ctx->st, "INSERT INTO approvals (draft_id, step, role, actor, "
			     "approved, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, d->id);
	sqlite3_bind_int(s, 2, at);
	cases_bind_text(s, 3, role);
	cases_bind_text(s, 4, ctx->actor);
	sqlite3_bind_int(s, 5, !refuse);
	cases_bind_time(s, 6, ctx->at);
	cases_bind_text(s, 7, note);
	if ((rc = cases_stmt_run(ctx->st, s, "approval", err)))
		return rc;
	if (refuse) {
		if ((rc = set_draft_state(ctx, d->id, DRAFT_REFUSED, err)))
			return rc;
		r->status = action_routing_status(r);
	} else if (at + 1 >= nsteps) {
		if ((rc = set_draft_state(ctx, d->id, DRAFT_APPROVED, err)))
			return rc;
		r->status = STATUS_APPROVED;
	}
	step->extra = json_pack("{s:{s:i, s:i, s:s, s:i, s:b}}", "approval", "draft", d->version,
				"step", at + 1, "role", role, "of", nsteps, "approved", !refuse);
	return 0;
}

const struct case_action_def action_approve = {
	CA_APPROVE, "approve", N_("Approve the draft"), N_("approved"),
	N_("the next approval of the reply draft"), N_("approved"), true,
	PARAMS(approve_params), approve_allowed, NULL, approval, 0,
};

const struct case_action_def action_refuse_draft = {
	CA_REFUSE, "refuse", N_("Send the draft back"), N_("sent back"),
	N_("send the reply draft back to be redrafted, with the reason"), N_("draft sent back"), true,
	PARAMS(refuse_params), approve_allowed, NULL, approval, 1,
};

/* ---- reply ---- */

enum { P_METHOD, P_TEXT };

static const struct action_param reply_params[] = {
	[P_METHOD] = PARAM_CHOICE("method", &vocab_reply_method, N_("How was the reply given?")),
	[P_TEXT] = PARAM_TEXT("text", 0, CASE_TEXT_MAX, NULL, "TEXT|-"),
};

static int reply_allowed(const struct case_record *r, const struct action_args *a,
			 struct err *err)
{
	const struct case_draft *d = action_current_draft(r);

	(void)a;
	return action_require(err, r, r->status == STATUS_APPROVED && d &&
			      d->state == DRAFT_APPROVED, "%s", r->status == STATUS_REPLIED ?
			      R_("the reply was already sent") : r->status == STATUS_DRAFTED ?
			      R_("the draft still awaits approval") :
			      R_("no approved reply draft; draft and approve it first"));
}

static int reply_apply(const struct case_ctx *ctx, struct case_record *r,
		       const struct action_args *a, struct action_step *step, struct err *err)
{
	(void)step;
	(void)err;
	action_set_str(&r->reply_text, GIVEN(a, P_TEXT) ? TEXT(a, P_TEXT) :
		       action_current_draft(r)->text);
	r->reply_method = a->v[P_METHOD].choice;
	r->replied_at = ctx->at;
	action_meet_due(ctx, r);
	action_forget_callback(r);
	r->status = STATUS_REPLIED;
	return 0;
}

const struct case_action_def action_reply = {
	CA_REPLY, "reply", N_("Record the reply sent"), N_("replied"), N_("record the reply sent and how"),
	N_("reply sent"), true, PARAMS(reply_params), reply_allowed, NULL, reply_apply, 0,
};
