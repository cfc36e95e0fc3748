/* merge: a duplicate (第十五条第五项) joins another case; both timelines say so. */
#include "core/i18n.h"
#include "action.h"

#include <stdio.h>
#include <stdlib.h>

enum { P_INTO, P_NOTE };

static const struct action_param params[] = {
	[P_INTO] = { "into", PT_CASE, PF_REQUIRED, 32, N_("Merge into case number:"), "NUMBER",
		     NULL, 0 },
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return case_status_final(r->status) ? action_refuse_inactive(err, r) : 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	struct case_record target;
	const char *note = TEXT(a, P_NOTE);
	json_t *o;
	char *s;
	int rc;

	(void)step;
	if ((rc = case_get(ctx->st, TEXT(a, P_INTO), false, &target, err)))
		return rc;
	if (target.id == r->id)
		rc = err_set(err, ERR_USAGE, "%s cannot be merged into itself", r->number);
	else if (target.status == STATUS_MERGED || target.status == STATUS_REJECTED)
		rc = err_set(err, ERR_STATE, "%s (%s): cannot take a duplicate; %s", target.number,
			     status_code(target.status), target.status == STATUS_MERGED ?
			     R_("merge into the case it was merged into") : R_("it was not accepted"));
	else
		rc = action_cancel_open_transfers(ctx, r, "merged into another case", err);
	if (rc) {
		case_record_free(&target);
		return rc;
	}
	r->status = STATUS_MERGED;
	snprintf(r->merged_into, sizeof r->merged_into, "%s", target.number);
	r->closed_at = ctx->at;
	action_meet_due(ctx, r);
	/* The surviving case's timeline says what joined it. */
	o = json_pack("{s:s}", "merged_from", r->number);
	if (cases_late_entry(ctx))
		json_object_set_new(o, "entered_late", json_true());
	s = cases_json_dump(o);
	json_decref(o);
	rc = store_event_append(ctx->st, &(struct store_event_in){
					.case_id = target.id, .round = target.round,
					.actor = ctx->actor, .at = ctx->at, .recorded = ctx->now,
					.action = "merged-in", .after = s,
					.note = note && *note ? note : NULL }, NULL, err);
	free(s);
	case_record_free(&target);
	return rc;
}

const struct case_action_def action_merge = {
	CA_MERGE, "merge", N_("Merge into another case"), N_("merged"),
	N_("merge a duplicate into another case"), N_("merged"), true,
	PARAMS(params), allowed, NULL, apply, 0,
};
