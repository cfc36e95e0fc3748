/* dispute: a stage of the medical-dispute track (第十四、二十一、二十三条) — claims centre, appraisal, mediation, litigation, settlement — with its date. */
#include "action.h"

enum { P_STAGE, P_REF, P_PAID, P_NOTE };

static const struct vocab_term stage_terms[] = {
	{ "claims-centre", "报医疗纠纷理赔处理中心" }, { "appraisal", "医疗事故技术鉴定" },
	{ "mediation", "医调委调解" }, { "litigation", "诉讼" }, { "settlement", "赔付结案" },
};
/* In the order of a dispute's track; the report counts cases by their latest. */
const struct vocab action_dispute_stages = { stage_terms, 5 };

static const struct action_param params[] = {
	[P_STAGE] = PARAM_CHOICE("stage", &action_dispute_stages, N_("Stage of the dispute")),
	[P_REF] = { "ref", PT_TEXT, 0, CASE_SHORT_MAX, N_("Reference (file or case number):"),
		    "TEXT", NULL, 0 },
	[P_PAID] = { "paid", PT_MONEY, 0, 0, N_("Amount paid at settlement, yuan:"), "YUAN", NULL,
		     0 },
	[P_NOTE] = PARAM_NOTE,
};

/* Any case not merged away: a dispute may outlast the complaint's closure. */
static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	if (r->status == STATUS_MERGED)
		return action_refuse_merged(err, r, "record the dispute on that case");
	return 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int stage = a->v[P_STAGE].choice;
	bool paid = a->v[P_PAID].fen > 0;

	(void)ctx;
	if (paid && stage != 4)
		return err_set(err, ERR_USAGE, "--paid goes with --stage settlement");
	step->extra = json_pack("{s:s}", "dispute_stage", stage_terms[stage].code);
	if (GIVEN(a, P_REF))
		json_object_set_new(step->extra, "dispute_ref", json_string(TEXT(a, P_REF)));
	if (paid) {
		r->paid_fen = a->v[P_PAID].fen;         /* the amount paid, as at closure */
		json_object_set_new(step->extra, "dispute_paid_fen", json_integer(r->paid_fen));
	}
	return 0;
}

const struct case_action_def action_dispute = {
	CA_DISPUTE, "dispute", N_("Record a dispute stage (医疗纠纷)"), N_("dispute stage"),
	N_("record a stage of the medical-dispute track with its date (--at)"),
	N_("dispute stage recorded"), false, PARAMS(params), allowed, NULL, apply, 0,
};
