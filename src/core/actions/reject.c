/* reject: not accepted (不予受理, 第二十六条), with the reason; the case is kept and counted. */
#include "action.h"

enum { P_REASON, P_NOTE };

static const struct action_param params[] = {
	[P_REASON] = PARAM_CHOICE("reason", &vocab_reject_reason, N_("Why is it not accepted? (第二十六条)")),
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return action_require(err, r, action_routing_open(r), "a reply is already drafted or "
			      "sent; not accepting is decided before that");
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int rc;

	(void)step;
	if ((rc = action_cancel_open_transfers(ctx, r, "case not accepted", err)))
		return rc;
	r->status = STATUS_REJECTED;
	r->reject_reason = a->v[P_REASON].choice;
	action_set_str(&r->reject_note, TEXT(a, P_NOTE));
	r->closed_at = ctx->at;
	action_meet_due(ctx, r);
	return 0;
}

const struct case_action_def action_reject = {
	CA_REJECT, "reject", N_("Not accepted (不予受理)"), N_("not accepted"),
	N_("not accepted (不予受理), with the reason"), N_("not accepted"), true,
	PARAMS(params), allowed, NULL, apply, 0,
};
