/* tell: the complainant told that the case is not accepted (第二十六条) or merged (第十五条), how and when. */
#include "action.h"

enum { P_METHOD, P_NOTE };

static const struct action_param params[] = {
	[P_METHOD] = PARAM_CHOICE("method", &vocab_reply_method, N_("Told how? (当面/电话/书面)")),
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	if (r->status == STATUS_REJECTED || r->status == STATUS_MERGED)
		return 0;
	return action_refuse(err, r, "only a case not accepted (cdesk reject) or merged (cdesk "
			     "merge) is told so with a notice");
}

/* The event keeps how and when (--at); the notice is printed by `cdesk print notice`. */
static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	(void)ctx;
	(void)err;
	step->extra = json_pack("{s:s,s:s}", "told", reply_method_code(a->v[P_METHOD].choice),
				"notice", r->status == STATUS_MERGED ? "merged" : "not-accepted");
	return 0;
}

const struct case_action_def action_tell = {
	CA_TELL, "tell", N_("Record that the complainant was told (告知)"), N_("complainant told"),
	N_("record how and when the complainant was told the case is not accepted or merged"),
	N_("telling recorded"), false, PARAMS(params), allowed, NULL, apply, 0,
};
