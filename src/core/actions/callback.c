/* callback: the complainant's satisfaction after the reply (回访); unsatisfied opens the next dispatch round (二次派单). */
#include "action.h"

enum { P_RESULT, P_NOTE };

static const struct action_param params[] = {
	[P_RESULT] = PARAM_CHOICE("result", &vocab_satisfaction, N_("The complainant is")),
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	int rc;

	(void)a;
	if ((rc = action_refuse_inactive(err, r)))
		return rc;
	if (r->status != STATUS_REPLIED)
		return action_refuse(err, r, "no reply has been sent in round %d; call back after "
				     "the reply", r->round);
	if (r->satisfaction >= 0)
		return action_refuse(err, r, "the callback was already recorded (%s)",
				     satisfaction_code(r->satisfaction));
	return 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int sat = a->v[P_RESULT].choice;

	r->satisfaction = sat;
	r->callback_at = ctx->at;
	action_set_str(&r->callback_note, TEXT(a, P_NOTE));
	step->extra = json_pack("{s:s}", "callback", satisfaction_code(sat));
	if (sat == UNSATISFIED)
		step->done = N_("unsatisfied: reopened as the next dispatch round");
	return sat == UNSATISFIED ? action_next_round(ctx, r, false, err) : 0;
}

const struct case_action_def action_callback = {
	CA_CALLBACK, "callback", N_("Record the callback (回访)"), N_("callback"),
	N_("record the complainant's satisfaction"), N_("callback recorded"), true,
	PARAMS(params), allowed, NULL, apply, 0,
};
