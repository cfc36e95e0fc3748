/* acknowledge: the complaint office has seen a medical-safety risk (第二十一条) or a third dispatch (policy 12 三次派单); the banner and the top line's notice go in every terminal. */
#include "action.h"
#include "core/alerts.h"

static const struct action_param params[] = {
	PARAM_NOTE,
};

static int refuse_acknowledged(struct err *err, const struct case_record *r)
{
	return action_refuse(err, r, "already acknowledged: %s",
			     r->escalated ? "its medical-safety risk and this dispatch"
			     : "its medical-safety risk");
}

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	if (case_status_final(r->status))
		return action_refuse_inactive(err, r);
	if (!(r->flags & FLAG_SAFETY) && !r->escalated)
		return action_refuse(err, r, "nothing to acknowledge: the case is neither a "
				     "medical-safety risk nor a third dispatch");
	/* Loaded with its details, the record knows whether anything waits: the
	 * menu then agrees with apply's refusal. */
	if (r->alert_read && !r->alert_pending)
		return refuse_acknowledged(err, r);
	return 0;
}

/* The event says what was acknowledged; who and when are the event's own. */
static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	bool safety = false, escalated = false;
	int rc;

	(void)a;
	if ((rc = case_alert_of(ctx->st, r->id, &safety, &escalated, err)))
		return rc;
	if (!safety && !escalated)
		return refuse_acknowledged(err, r);
	step->extra = json_pack("{s:b,s:b}", "safety", safety, "escalated", escalated);
	return 0;
}

const struct case_action_def action_acknowledge = {
	CA_ACKNOWLEDGE, "acknowledge", N_("Acknowledge the alert (已知悉)"), N_("acknowledged"),
	N_("acknowledge a medical-safety risk or a third dispatch: its banner goes in every terminal"),
	N_("acknowledged"), false, PARAMS(params), allowed, NULL, apply, 0,
};
