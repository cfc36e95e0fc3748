/* conclude: a review (复核) ends with its recorded outcome — the handling upheld, changed, or the matter referred on. */
#include "action.h"

#include <string.h>

enum { P_OUTCOME, P_FINDING, P_NOTE };

static const struct vocab_term outcome_terms[] = {
	{ "upheld", "维持原处理" }, { "changed", "改变原处理" }, { "referred", "移送处理" },
};
static const struct vocab outcome_vocab = { outcome_terms, 3 };
enum { OUTCOME_UPHELD, OUTCOME_CHANGED, OUTCOME_REFERRED };

static const struct action_param params[] = {
	[P_OUTCOME] = PARAM_CHOICE("outcome", &outcome_vocab, N_("Outcome of the review (复核结论)")),
	/* the new finding of a changed handling; upheld keeps the one reviewed */
	[P_FINDING] = { "finding", PT_CHOICE, 0, 0, N_("Finding after the review"), NULL,
			&vocab_finding, 0 },
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return action_require(err, r, r->in_review, "no review (复核) is open; open one with "
			      "cdesk review");
}

/* The finding the review was asked against: the review event's "before". */
static int reviewed_finding(const struct case_ctx *ctx, const struct case_record *r,
			    struct err *err)
{
	sqlite3_stmt *s;
	int f = -1;

	if (cases_prepare(ctx->st, "SELECT json_extract(before, '$.finding') FROM events WHERE "
			  "case_id = ? AND action = 'review' ORDER BY id DESC LIMIT 1", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		f = finding_parse((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return f;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int outcome = a->v[P_OUTCOME].choice, finding = a->v[P_FINDING].choice;

	if (outcome == OUTCOME_CHANGED && finding < 0)
		return err_set(err, ERR_USAGE, "a changed handling names its new finding "
			       "(--finding %s)", finding_codes());
	if (outcome != OUTCOME_CHANGED && finding >= 0)
		return err_set(err, ERR_USAGE, "--finding goes with --outcome changed; %s keeps "
			       "the finding reviewed", outcome_terms[outcome].code);
	if (outcome == OUTCOME_REFERRED && !TEXT(a, P_NOTE))
		return err_set(err, ERR_USAGE, "say where the matter was referred (--note)");
	r->finding = outcome == OUTCOME_CHANGED ? finding : reviewed_finding(ctx, r, err);
	r->status = STATUS_CLOSED;
	r->closed_at = ctx->at;
	r->in_review = false;
	action_meet_due(ctx, r);
	step->extra = json_pack("{s:s}", "outcome", outcome_terms[outcome].code);
	return 0;
}

const struct case_action_def action_conclude = {
	CA_CONCLUDE, "conclude", N_("Conclude the review (复核结论)"), N_("review concluded"),
	N_("end a review (复核) with its outcome: upheld, changed or referred"),
	N_("review concluded"), true, PARAMS(params), allowed, NULL, apply, 0,
};
