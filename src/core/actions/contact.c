/*
 * contact: the contact log (接待记录) — a call, visit or message with the
 * complainant or their family: when (--at), how, which way, with whom,
 * what was said. The policy expects every contact on file (第十八条,
 * policy 12 on callbacks); it is an event, so it is never edited.
 */
#include "action.h"

enum { P_METHOD, P_DIRECTION, P_WITH, P_TEXT };

static const struct vocab_term method_terms[] = {
	{ "phone", "电话" }, { "visit", "来访/面谈" }, { "message", "短信/微信" }, { "letter", "信函" },
};
static const struct vocab methods = { method_terms, 4 };

static const struct vocab_term direction_terms[] = {
	{ "in", "对方来联系" }, { "out", "我方联系对方" },
};
static const struct vocab directions = { direction_terms, 2 };

static const struct action_param params[] = {
	[P_METHOD] = PARAM_CHOICE("method", &methods, N_("How was the contact?")),
	[P_DIRECTION] = PARAM_CHOICE("direction", &directions, N_("Who made the contact?")),
	[P_WITH] = { "with", PT_TEXT, 0, CASE_SHORT_MAX,
		     N_("With whom (empty: the complainant):"), "NAME", NULL, 0 },
	[P_TEXT] = PARAM_TEXT("text", PF_REQUIRED | PF_NOTE, CASE_TEXT_MAX, N_("What was said:"),
			       "TEXT|-"),
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return r->status == STATUS_MERGED ? action_refuse_merged(err, r, "log the contact there") : 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	(void)ctx;
	(void)r;
	(void)err;
	step->extra = json_pack("{s:{s:s, s:s, s:s?}}", "contact",
				"method", method_terms[a->v[P_METHOD].choice].code,
				"direction", direction_terms[a->v[P_DIRECTION].choice].code,
				"with", TEXT(a, P_WITH));
	return 0;
}

const struct case_action_def action_contact = {
	CA_CONTACT, "contact", N_("Log a contact (接待记录)"), N_("contact"),
	N_("log a call, visit or message with the complainant"), N_("contact logged"), false,
	PARAMS(params), allowed, NULL, apply, 0,
};
