/* reopen and review: a closed or not-accepted case opens again, as the next dispatch round or as a review (复核) with its own deadline. */
#include "action.h"

static const struct action_param reopen_params[] = {
	PARAM_REASON(N_("Why is it reopened?")),
};

static const struct action_param review_params[] = {
	PARAM_REASON(N_("What does the complainant dispute?")),
};

static int allowed_as(const struct case_record *r, bool review, struct err *err)
{
	if (r->status == STATUS_CLOSED || r->status == STATUS_REJECTED)
		return 0;
	if (r->status == STATUS_MERGED)
		return action_refuse(err, r, "the case was merged; reopen the case it was merged "
				     "into");
	return action_refuse(err, r, review ? N_("only a closed or not-accepted case can be "
						 "reviewed (复核)")
			     : N_("only a closed or not-accepted case can be reopened"));
}

static int reopen_allowed(const struct case_record *r, const struct action_args *a,
			  struct err *err)
{
	(void)a;
	return allowed_as(r, false, err);
}

static int review_allowed(const struct case_record *r, const struct action_args *a,
			  struct err *err)
{
	(void)a;
	return allowed_as(r, true, err);
}

/*
 * A review is asked within rules.ini review_window_days (default 30) days
 * of the reply — of the decision not to accept when there was none.
 */
cdate case_review_last_day(const struct ruleset *rules, const struct case_record *rec)
{
	struct cdatetime from = cases_time_set(rec->replied_at) ? rec->replied_at : rec->closed_at;

	return cases_time_set(from) ? from.day + rules_settings(rules)->review_window_days : CDATE_NONE;
}

static int within_window(const struct case_ctx *ctx, const struct case_record *r,
			 struct err *err)
{
	cdate end = case_review_last_day(ctx->rules, r);
	int days = rules_settings(ctx->rules)->review_window_days;
	char last[11];

	if (end == CDATE_NONE || ctx->at.day <= end)
		return 0;
	return action_refuse(err, r, cases_time_set(r->replied_at)
			     ? N_("a review (复核) is asked within %d days of the reply; that "
				  "window closed on %s (reopen it instead, cdesk reopen)")
			     : N_("a review (复核) is asked within %d days of the decision; that "
				  "window closed on %s (reopen it instead, cdesk reopen)"), days,
			     date_format(end, last));
}

/* Variant 0 reopens as the next dispatch round, 1 opens a review (复核). */
static int open_again(const struct case_ctx *ctx, struct case_record *r,
		      const struct action_args *a, struct action_step *step, struct err *err)
{
	const char *reason = TEXT(a, 0);
	bool review = a->variant == 1;
	int rc;

	(void)step;
	if (review && (rc = within_window(ctx, r, err)))
		return rc;
	if (review) {
		r->review_at = ctx->at;
		action_set_str(&r->review_reason, reason);
	}
	if ((rc = action_next_round(ctx, r, review, err)))
		return rc;
	action_forget_callback(r);
	return 0;
}

const struct case_action_def action_reopen = {
	CA_REOPEN, "reopen", N_("Reopen"), N_("reopened"), N_("reopen a closed case as the next dispatch round"),
	N_("reopened"), true, PARAMS(reopen_params), reopen_allowed, NULL, open_again, 0,
};

const struct case_action_def action_review = {
	CA_REVIEW, "review", N_("Review requested (复核)"), N_("review"),
	N_("open a review (复核) of a closed case"), N_("review (复核) opened"), true,
	PARAMS(review_params), review_allowed, NULL, open_again, 1,
};
