/* attach: a document kept on file (第三十条), by description and optional path. */
#include "action.h"

enum { P_DESC, P_PATH };

static const struct action_param params[] = {
	[P_DESC] = { "desc", PT_TEXT, PF_REQUIRED, CASE_NOTE_MAX, N_("Document description:"),
		     "TEXT", NULL, 0 },
	[P_PATH] = { "path", PT_TEXT, 0, 1024, N_("File path (optional):"), "PATH", NULL, 0 },
};

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int rc = cases_insert_material(ctx, r->id, TEXT(a, P_DESC), TEXT(a, P_PATH), err);

	if (!rc)
		step->extra = json_pack("{s:{s:s, s:s?}}", "material", "description", TEXT(a, P_DESC),
					"path", TEXT(a, P_PATH));
	return rc;
}

const struct case_action_def action_attach = {
	CA_ATTACH, "attach", N_("Add a document kept on file"), N_("document"), N_("record a document kept on file"),
	N_("material recorded"), false, PARAMS(params), action_any_state, NULL, apply, 0,
};
