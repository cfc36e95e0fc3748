/* pause and resume: the clock stops while the office waits on the complainant; on resume every running deadline moves by the working days paused. */
#include "action.h"

static const struct action_param pause_params[] = {
	PARAM_TEXT("reason", PF_REQUIRED | PF_NOTE, CASE_NOTE_MAX, N_("Why is the clock paused?"), "TEXT"),
};

static const struct action_param resume_params[] = {
	PARAM_NOTE,
};

static int pause_apply(const struct case_ctx *ctx, struct case_record *r,
		       const struct action_args *a, struct action_step *step, struct err *err)
{
	(void)step;
	(void)err;
	r->paused_from = r->status;
	r->status = STATUS_PAUSED;
	r->paused_at = ctx->at;
	action_set_str(&r->pause_reason, TEXT(a, 0));
	return 0;
}

const struct case_action_def action_pause = {
	CA_PAUSE, "pause", N_("Pause the clock"), N_("paused"),
	N_("stop the clock while waiting on the complainant"), N_("paused"), true,
	PARAMS(pause_params), action_active, NULL, pause_apply, 0,
};

static int resume_allowed(const struct case_record *r, const struct action_args *a,
			  struct err *err)
{
	(void)a;
	return r->status == STATUS_PAUSED ? 0 : action_refuse(err, r, "the case is not paused");
}

static int resume_apply(const struct case_ctx *ctx, struct case_record *r,
			const struct action_args *a, struct action_step *step, struct err *err)
{
	json_t *moved;
	int days, rc;

	(void)a;
	if (datetime_cmp(ctx->at, r->paused_at) < 0)
		return err_set(err, ERR_USAGE, "%s: resuming before the pause began", r->number);
	/* Working days in (pause day, resume day]: pausing and resuming on the
	 * same day moves nothing. */
	days = calendar_working_days_between(ctx->cal, r->paused_at.day, ctx->at.day);
	if (days < 0)
		days = 0;
	moved = json_array();
	if (days > 0 && !cases_time_set(r->due_met))
		r->due.day = calendar_add_working_days(ctx->cal, r->due.day, days);
	for (int i = 0; days > 0 && i < r->ntransfers; i++) {
		struct case_transfer *t = &r->transfers[i];
		if (t->round != r->round || t->state != TRANSFER_OPEN)
			continue;
		t->due.day = calendar_add_working_days(ctx->cal, t->due.day, days);
		t->paused_days += days;
		if ((rc = action_save_transfer_due(ctx, t, err))) {
			json_decref(moved);
			return rc;
		}
		json_array_append_new(moved, cases_transfer_json(t));
	}
	r->paused_days += days;
	r->round_paused += days;
	r->status = r->paused_from;
	r->paused_at = cases_no_time();
	action_set_str(&r->pause_reason, NULL);
	step->extra = json_pack("{s:i, s:o}", "paused_working_days", days, "transfers", moved);
	return 0;
}

const struct case_action_def action_resume = {
	CA_RESUME, "resume", N_("Resume the clock"), N_("resumed"),
	N_("restart the clock; deadlines move by the days paused"), N_("resumed"), true,
	PARAMS(resume_params), resume_allowed, NULL, resume_apply, 0,
};
