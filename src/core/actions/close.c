/* close: a case closes with its finding (第二十五条) after a satisfied callback, on the spot, or after a written reply to unreasonable demands. */
#include "action.h"

enum { P_FINDING, P_BASIS, P_PAID, P_NOTE, P_RESP, P_STAFF, P_MEASURES, P_RECTIFY_BY };

static const struct vocab_term basis_terms[] = {
	{ "satisfied", "回访满意" }, { "on-spot", "当场解决" }, { "unreasonable", "书面答复后仍无理要求" },
};
/* In the order of enum close_basis (core/cases.h). */
const struct vocab action_close_basis = { basis_terms, 3 };

static const struct action_param params[] = {
	/* required of complaints and reports (apply); consultations, suggestions
	 * and compliments need none */
	[P_FINDING] = { "finding", PT_CHOICE, 0, 0, N_("Finding (有效投诉)"), NULL, &vocab_finding,
			0 },
	[P_BASIS] = { "basis", PT_CHOICE, PF_AS_FLAGS, 0, N_("Closed on what basis?"), NULL,
		      &action_close_basis, 0 },
	[P_PAID] = { "paid", PT_MONEY, 0, 0, N_("Compensation paid, yuan (0 for none):"), "YUAN",
		     NULL, 0 },
	[P_NOTE] = PARAM_NOTE,
	/* accountability of a substantiated finding (第三十二、三十四条, policy 12 (五)) */
	[P_RESP] = { "responsible", PT_DEPT, 0, 0, N_("Responsible department (default: the lead)"),
		     "DEPT", NULL, 0 },
	[P_STAFF] = { "staff", PT_TEXT, 0, CASE_SHORT_MAX, N_("Responsible staff (optional):"),
		      "NAME", NULL, 0 },
	[P_MEASURES] = { "measures", PT_LONGTEXT, 0, CASE_NOTE_MAX,
			 N_("Rectification measures (整改, optional):"), "TEXT", NULL, 0 },
	[P_RECTIFY_BY] = { "rectify-by", PT_TEXT, 0, 10, N_("Rectification due (YYYY-MM-DD):"),
			   "DATE", NULL, 0 },
};

static int allowed_as(const struct case_record *r, int b, struct err *err)
{
	int rc, open, answered;

	if ((rc = action_refuse_inactive(err, r)))
		return rc;
	action_round_counts(r, &open, &answered, NULL);
	switch (b) {
	case CLOSE_ON_SPOT:
		if (r->status == STATUS_REGISTERED && r->round == 1 && open + answered == 0)
			return 0;
		return action_refuse(err, r, "only a newly registered, unrouted case can be closed "
				     "as resolved on the spot");
	case CLOSE_UNREASONABLE:
		/* a later round's: apply looks for an earlier round's letter */
		if (r->status == STATUS_REPLIED && (r->reply_method == REPLY_LETTER || r->round > 1))
			return 0;
		return action_refuse(err, r, "closing on unreasonable demands needs a written "
				     "(letter) reply sent first");
	default:
		if (r->status != STATUS_REPLIED)
			return action_refuse(err, r, "a case closes after its reply and a satisfied "
					     "callback (or as resolved on the spot at "
					     "registration)");
		/* nobody to call back: the reply on record closes it */
		if (r->anonymous)
			return 0;
		if (r->satisfaction != SATISFIED && r->satisfaction != BASICALLY_SATISFIED)
			return action_refuse(err, r, "no satisfied callback yet: record it with "
					     "'cdesk callback' (or close --unreasonable after a "
					     "written reply)");
		return 0;
	}
}

/* Without values (the TUI's menu): whether any basis applies. */
static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	if (a)
		return allowed_as(r, a->v[P_BASIS].choice < 0 ? CLOSE_SATISFIED :
				  a->v[P_BASIS].choice, err);
	for (int b = CLOSE_ON_SPOT; b <= CLOSE_UNREASONABLE; b++)
		if (allowed_as(r, b, err) == 0)
			return 0;
	return allowed_as(r, CLOSE_SATISFIED, err);
}

/* A reply by letter in any round of the case (the events keep the earlier rounds'). */
static int written_reply(const struct case_ctx *ctx, const struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (r->reply_method == REPLY_LETTER)
		return 0;
	if ((rc = cases_prepare(ctx->st, "SELECT 1 FROM events WHERE case_id = ? AND action = "
				"'reply' AND json_extract(after, '$.reply_method') = 'letter'", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	return action_refuse(err, r, "closing on unreasonable demands needs a written (letter) "
			     "reply sent first, in this round or an earlier one");
}

static bool needs_finding(enum case_kind k)
{
	return k == KIND_COMPLAINT || k == KIND_REPORT;
}

/*
 * A substantiated or partly substantiated finding names who answers for it:
 * the responsible department (by default the lead; the office's when none),
 * optionally the staff, and the rectification (整改) with its due day. Kept
 * in the close event, which the report's tables and the rectify-late queue
 * read.
 */
static int accountability(const struct case_ctx *ctx, const struct case_record *r,
			  const struct action_args *a, json_t *extra, struct err *err)
{
	int f = a->v[P_FINDING].choice;
	bool upheld = f == FINDING_SUBSTANTIATED || f == FINDING_PARTLY;
	const char *dept = GIVEN(a, P_RESP) ? a->v[P_RESP].codes[0] : r->ndepts ? r->depts[0] :
			   rules_default_dept(ctx->rules) ? rules_default_dept(ctx->rules)->code : NULL;
	cdate due;
	char buf[20];

	if (!upheld) {
		if (GIVEN(a, P_RESP) || GIVEN(a, P_STAFF) || GIVEN(a, P_MEASURES) ||
		    GIVEN(a, P_RECTIFY_BY))
			return err_set(err, ERR_USAGE, "only a substantiated or partly substantiated "
				       "finding names the responsible and the rectification");
		return 0;
	}
	if (GIVEN(a, P_MEASURES) != GIVEN(a, P_RECTIFY_BY))
		return err_set(err, ERR_USAGE, "rectification measures (--measures) go with their "
			       "due day (--rectify-by YYYY-MM-DD)");
	if (dept)
		json_object_set_new(extra, "responsible", json_string(dept));
	if (GIVEN(a, P_STAFF))
		json_object_set_new(extra, "responsible_staff", json_string(TEXT(a, P_STAFF)));
	if (!GIVEN(a, P_MEASURES))
		return 0;
	if (date_parse(TEXT(a, P_RECTIFY_BY), &due, NULL))
		return err_set(err, ERR_USAGE, "--rectify-by: '%s' is not a date (YYYY-MM-DD)",
			       TEXT(a, P_RECTIFY_BY));
	if (due < ctx->at.day)
		return err_set(err, ERR_USAGE, "--rectify-by %s is before the closure",
			       TEXT(a, P_RECTIFY_BY));
	snprintf(buf, sizeof buf, "%s 23:59:59", date_format(due, (char[11]){ 0 }));
	json_object_set_new(extra, "measures", json_string(TEXT(a, P_MEASURES)));
	json_object_set_new(extra, "rectify_due", json_string(buf));
	return 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int b = a->v[P_BASIS].choice < 0 ? CLOSE_SATISFIED : a->v[P_BASIS].choice;
	int rc;

	if (needs_finding(r->kind) && a->v[P_FINDING].choice < 0)
		return err_set(err, ERR_USAGE, "%s is a %s: it closes with its finding (--finding "
			       "%s)", r->number, kind_code(r->kind), finding_codes());
	if (b == CLOSE_UNREASONABLE && (rc = written_reply(ctx, r, err)))
		return rc;
	step->extra = json_pack("{s:s}", "basis", basis_terms[b].code);
	if ((rc = accountability(ctx, r, a, step->extra, err)))
		return rc;      /* case_act frees the step's extra */
	r->status = STATUS_CLOSED;
	r->finding = a->v[P_FINDING].choice;
	r->close_unreasonable = b == CLOSE_UNREASONABLE;
	action_set_str(&r->close_note, TEXT(a, P_NOTE));
	r->closed_at = ctx->at;
	r->paid_fen = a->v[P_PAID].fen;
	r->in_review = false;
	action_meet_due(ctx, r);
	return 0;
}

const struct case_action_def action_close = {
	CA_CLOSE, "close", N_("Close"), N_("closed"), N_("close a case with its finding"), N_("closed"), true,
	PARAMS(params), allowed, NULL, apply, 0,
};
