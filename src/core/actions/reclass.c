/* reclass: the handling class changes (第十五条); a running reply deadline follows, a met one never moves. */
#include "action.h"

enum { P_CLASS, P_REASON };

static const struct action_param params[] = {
	[P_CLASS] = PARAM_CHOICE("class", &vocab_class, N_("Handling class")),
	[P_REASON] = PARAM_TEXT("reason", PF_NOTE, CASE_NOTE_MAX, N_("Why does the class change?"), "TEXT"),
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	if (case_status_final(r->status))
		return action_refuse_inactive(err, r);
	if (r->status == STATUS_DRAFTED || r->status == STATUS_APPROVED)
		return action_refuse(err, r, "a reply draft is in approval under the %s chain; "
				     "change the class before drafting", class_code(r->hclass));
	return 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int c = a->v[P_CLASS].choice;

	(void)step;
	if ((int)r->hclass == c)
		return err_set(err, ERR_USAGE, "%s is already %s", r->number, class_code(r->hclass));
	/* 第二十一条: a medical-safety risk is lowered from emergency only with a reason */
	if ((r->flags & FLAG_SAFETY) && r->hclass == CLASS_EMERGENCY && !TEXT(a, P_REASON))
		return err_set(err, ERR_USAGE, "%s is a medical-safety risk (第二十一条): say why it "
			       "is lowered from emergency (--reason)", r->number);
	r->hclass = (enum handling_class)c;
	/* A met deadline is never moved. */
	return cases_time_set(r->due_met) ? 0 : cases_reply_due(ctx, r, &r->due, err);
}

const struct case_action_def action_reclass = {
	CA_RECLASS, "reclass", N_("Change the handling class"), N_("class changed"),
	N_("change a case's handling class; deadlines follow"), N_("class changed"), false,
	PARAMS(params), allowed, NULL, apply, 0,
};
