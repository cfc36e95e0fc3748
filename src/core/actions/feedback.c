/* return and feedback: a department answers its open transfer, or sends it back with a reason (第二十二条). */
#include "action.h"

#include <stdio.h>
#include <string.h>

enum { P_DEPT, P_TEXT };

static const struct action_param return_params[] = {
	[P_DEPT] = { "dept", PT_OPEN_DEPT, PF_REQUIRED, 0, N_("Which department?"), "DEPT", NULL,
		     0 },
	[P_TEXT] = PARAM_REASON(N_("Reason for returning (第二十二条):")),
};

static const struct action_param feedback_params[] = {
	[P_DEPT] = { "dept", PT_OPEN_DEPT, PF_REQUIRED, 0, N_("Which department?"), "DEPT", NULL,
		     0 },
	[P_TEXT] = PARAM_TEXT("text", PF_REQUIRED, CASE_TEXT_MAX, N_("Written feedback (书面反馈):"), "TEXT|-"),
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	int open;

	(void)a;
	action_round_counts(r, &open, NULL, NULL);
	return action_require(err, r, open > 0, "no department holds an open transfer in round %d",
			      r->round);
}

/* The open transfer of dept in the current round, or a refusal. */
static int find_open(struct case_record *r, const char *code, struct case_transfer **out,
		     struct err *err)
{
	struct case_transfer *found = NULL;

	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && strcmp(r->transfers[i].dept, code) == 0)
			found = &r->transfers[i];   /* the latest of this round */
	if (!found)
		return action_refuse(err, r, "no transfer to %s in round %d", code, r->round);
	if (found->state != TRANSFER_OPEN)
		return action_refuse(err, r, "the transfer to %s was already %s", code,
				     cases_transfer_states[found->state]);
	*out = found;
	return 0;
}

/*
 * Every department of the round returned the case: nobody leads it, and it
 * is back in the office's new-case queue (registered) to be routed again;
 * the returning departments no longer answer for it.
 */
static void drop_returned_lead(struct case_record *r)
{
	int open, answered;

	action_round_counts(r, &open, &answered, NULL);
	if (open == 0 && answered == 0 && r->status == STATUS_REGISTERED)
		r->ndepts = 0;
}

/* The department's feedback (variant 0) or its return (variant 1). */
static int answer(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		  struct action_step *step, struct err *err)
{
	bool is_return = a->variant == 1;
	struct case_transfer *t = NULL;
	const char *text = TEXT(a, P_TEXT);
	int rc;

	if ((rc = find_open(r, a->v[P_DEPT].codes[0], &t, err)) ||
	    (rc = action_close_transfer(ctx, t, is_return ? TRANSFER_RETURNED : TRANSFER_ANSWERED,
					is_return ? NULL : text, is_return ? text : NULL, err)) ||
	    (rc = action_sync_depts(ctx, r, err)))
		return rc;
	if (r->status == STATUS_ROUTED || r->status == STATUS_FEEDBACK ||
	    r->status == STATUS_REGISTERED)
		r->status = action_routing_status(r);
	if (is_return)
		drop_returned_lead(r);
	step->extra = json_pack("{s:o}", "transfer", cases_transfer_json(t));
	step->links = true;
	return 0;
}

const struct case_action_def action_return = {
	CA_RETURN, "return", N_("Return a transfer, with the reason"), N_("returned"),
	N_("a department sends its transfer back, with a reason"), N_("returned by the department"),
	true, PARAMS(return_params), allowed, NULL, answer, 1,
};

const struct case_action_def action_feedback = {
	CA_FEEDBACK, "feedback", N_("Record a department's written feedback"), N_("feedback"),
	N_("a department's written result on its transfer"), N_("feedback recorded"), false,
	PARAMS(feedback_params), allowed, NULL, answer, 0,
};
