/* rectified: the rectification (整改) named at closure is done (第三十二、三十四条, policy 12 (五)). */
#include "action.h"

#include <stdio.h>
#include <string.h>

static const struct action_param params[] = {
	PARAM_TEXT("text", PF_REQUIRED | PF_NOTE, CASE_NOTE_MAX, N_("What was rectified:"), "TEXT"),
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	if (r->status == STATUS_CLOSED)
		return 0;
	return action_refuse(err, r, "a rectification (整改) is named when the case is closed");
}

/* The close event's due day, when that rectification is still pending. */
static int pending(const struct case_ctx *ctx, const struct case_record *r, char due[20],
		   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "SELECT json_extract(e.after, '$.rectify_due') FROM events e "
				"WHERE e.case_id = ?1 AND e.action = 'close' AND "
				"json_extract(e.after, '$.rectify_due') IS NOT NULL AND NOT EXISTS "
				"(SELECT 1 FROM events d WHERE d.case_id = ?1 AND d.action = "
				"'rectified' AND d.id > e.id) ORDER BY e.id DESC LIMIT 1", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(due, 20, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	return err_set(err, ERR_NOTFOUND, "%s: no rectification (整改) is pending; one is named "
		       "at closure (close --measures … --rectify-by DATE)", r->number);
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	char due[20], now[20];
	int rc;

	(void)a;
	if ((rc = pending(ctx, r, due, err)))
		return rc;
	datetime_format(ctx->at, now);
	step->extra = json_pack("{s:s,s:b}", "rectify_due", due, "late", strcmp(now, due) > 0);
	return 0;
}

const struct case_action_def action_rectified = {
	CA_RECTIFIED, "rectified", N_("Rectification done (整改完成)"), N_("rectified"),
	N_("record that the rectification named at closure is done"), N_("rectification recorded"),
	false, PARAMS(params), allowed, NULL, apply, 0,
};
