/* note: a remark on the case's timeline that changes nothing else (a phone number to try, what a colleague said). */
#include "action.h"

static const struct action_param params[] = {
	PARAM_TEXT("text", PF_REQUIRED | PF_NOTE, CASE_TEXT_MAX, N_("Note:"), "TEXT|-"),
};

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	(void)step;
	(void)a;
	(void)ctx;
	(void)r;
	(void)err;
	return 0;
}

const struct case_action_def action_note = {
	CA_NOTE, "note", N_("Add a note"), N_("note"), N_("add a note to a case's timeline"), N_("note added"),
	false, PARAMS(params), action_any_state, NULL, apply, 0,
};
