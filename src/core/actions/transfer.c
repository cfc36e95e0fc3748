/* transfer: route a case to a lead department and co-departments in its round (转交办, 第十九、二十条). */
#include "action.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_LEAD, P_CO, P_NOTE };

static const struct action_param params[] = {
	[P_LEAD] = { "lead", PT_DEPT, 0, 0, N_("Lead department"), "DEPT", NULL, 0 },
	[P_CO] = { "co", PT_DEPTS, 0, 0, N_("Co-departments"), "DEPT,DEPT", NULL,
		   0 },
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return action_require(err, r, action_routing_open(r), "a reply is already being drafted "
			      "or was sent; routing is over for this round");
}

static int check(const struct case_ctx *ctx, const struct action_args *a, struct err *err)
{
	(void)ctx;
	if (!GIVEN(a, P_LEAD) && !GIVEN(a, P_CO))
		return err_set(err, ERR_USAGE, "name a lead department (--lead) or co-departments "
			       "(--co)");
	for (int i = 0; i < a->v[P_CO].ncodes; i++)
		if (GIVEN(a, P_LEAD) && strcmp(a->v[P_CO].codes[i], a->v[P_LEAD].codes[0]) == 0)
			return err_set(err, ERR_USAGE, "department %s is named twice",
				       a->v[P_LEAD].codes[0]);
	return 0;
}

static int insert_transfer(const struct case_ctx *ctx, struct case_record *r, const char *dept,
			   bool lead, int ndepts, json_t *list, struct err *err)
{
	struct case_transfer t = { 0 };
	sqlite3_stmt *s;
	int rc;

	t.round = r->round;
	strlcpy_(t.dept, dept, sizeof t.dept);
	t.lead = lead;
	t.state = TRANSFER_OPEN;
	t.at = ctx->at;
	t.done_at = cases_no_time();
	snprintf(t.by, sizeof t.by, "%s", ctx->actor);
	if ((rc = rules_due_feedback(ctx->rules, ctx->cal, r->hclass, ndepts, ctx->at, &t.due, err)))
		return rc;
	if ((rc = action_prepare_row(ctx, r, "INSERT INTO transfers (case_id, round, dept, lead, "
				      "state, at, due, by) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
				      &s, err)))
		return rc;
	cases_bind_text(s, 3, dept);
	sqlite3_bind_int(s, 4, lead);
	cases_bind_time(s, 5, t.at);
	cases_bind_time(s, 6, t.due);
	cases_bind_text(s, 7, ctx->actor);
	if ((rc = cases_stmt_run(ctx->st, s, "transfer", err)))
		return rc;
	t.id = sqlite3_last_insert_rowid(store_db(ctx->st));
	json_array_append_new(list, cases_transfer_json(&t));
	r->transfers = xrealloc(r->transfers, (size_t)(r->ntransfers + 1) * sizeof t);
	r->transfers[r->ntransfers++] = t;
	return 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	char codes[RULES_MAX_DEPTS + 1][RULES_CODE_MAX];
	bool lead = GIVEN(a, P_LEAD), have_lead = false;
	int n = 0, live, rc;
	json_t *list;

	if (lead)
		snprintf(codes[n++], RULES_CODE_MAX, "%s", a->v[P_LEAD].codes[0]);
	for (int i = 0; i < a->v[P_CO].ncodes; i++)
		snprintf(codes[n++], RULES_CODE_MAX, "%s", a->v[P_CO].codes[i]);
	for (int i = 0; i < r->ntransfers; i++) {
		const struct case_transfer *t = &r->transfers[i];
		if (t->round != r->round ||
		    (t->state != TRANSFER_OPEN && t->state != TRANSFER_ANSWERED))
			continue;
		have_lead |= t->lead;
		for (int k = 0; k < n; k++)
			if (strcmp(t->dept, codes[k]) == 0)
				return err_set(err, ERR_CONFLICT, "%s: %s already holds a transfer of "
					       "round %d (%s)", r->number, t->dept, r->round,
					       cases_transfer_states[t->state]);
	}
	if (lead && have_lead)
		return err_set(err, ERR_CONFLICT, "%s already has a lead department in round %d "
			       "(%s); add co-departments with --co", r->number, r->round,
			       r->depts[0]);
	if (!lead && !have_lead)
		return err_set(err, ERR_USAGE, "%s has no lead department in round %d; name one "
			       "with --lead", r->number, r->round);
	action_round_counts(r, NULL, NULL, &live);
	if (live + n > RULES_MAX_DEPTS)
		return err_set(err, ERR_USAGE, "at most %d departments on a case", RULES_MAX_DEPTS);
	list = json_array();
	for (int k = 0; k < n; k++)
		if ((rc = insert_transfer(ctx, r, codes[k], lead && k == 0, live + n, list, err))) {
			json_decref(list);
			return rc;
		}
	r->status = STATUS_ROUTED;
	step->extra = json_pack("{s:o}", "transfers", list);
	step->links = true;
	return action_sync_depts(ctx, r, err);
}

const struct case_action_def action_transfer = {
	CA_TRANSFER, "transfer", N_("Transfer to departments (转交办)"), N_("transfer"),
	N_("route a case to a lead department and co-departments"), N_("transferred"), true,
	PARAMS(params), allowed, check, apply, 0,
};
