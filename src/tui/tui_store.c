/* The frame's link to the case store: opening the database, the user's role, draft recovery. */
#include "tui/tui_internal.h"
#include "tui/i18n.h"
#include "core/config.h"
#include "core/store.h"
#include "core/util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int tui_store_open(struct tui *t, struct err *err)
{
	char *path = config_db_path(t->cli->cfg, t->cli->db_opt);
	int rc = store_open(path, false, &t->store, err);

	free(path);
	return rc;
}

void tui_store_close(struct tui *t)
{
	store_close(t->store);
	t->store = NULL;
}

/* Role names for the top line (SPEC §9), translated when shown. */
static const char *const role_names[] = { N_("clerk"), N_("officer"), N_("department handler"),
					   N_("supervisor"), N_("admin") };

const char *tui_store_role(struct tui *t)
{
	(void)t;
	/* roles are not in the store yet (SPEC §9): every user acts as an officer */
	return role_names[1];
}

void tui_case_ctx(struct tui *t, struct case_ctx *ctx)
{
	tui_refresh_clock(t);
	memset(ctx, 0, sizeof *ctx);
	ctx->st = t->store;
	ctx->rules = t->rules;
	ctx->cal = t->cal;
	ctx->actor = t->cli->actor;
	ctx->at = t->now;
	ctx->now = t->now;
	ctx->prefix = t->cli->cfg->case_prefix ? t->cli->cfg->case_prefix : "TS";
}

void tui_offer_draft(struct tui *t)
{
	struct err err = { 0 };
	char *json = NULL, when[20];
	struct cdatetime saved;
	char q[256];

	if (store_draft_load(t->store, t->cli->actor, &json, &saved, &err))
		return;
	datetime_format(saved, when);
	snprintf(q, sizeof q, _("An unsaved intake form from %s was kept. Open it again? (n: discard it)"),
		 when);
	if (tui_confirm(t, q)) {
		tui_push(t, screen_intake_from_draft(t, json));
		tui_info(t, "%s", _("The unsaved form is back; Ctrl-S saves it."));
	} else {
		store_draft_delete(t->store, t->cli->actor, &err);
		tui_info(t, "%s", _("The unsaved form was discarded."));
	}
	free(json);
}

const char *tui_dept_label(struct tui *t, const char *code)
{
	const struct department *d = rules_dept_find(t->rules, code);

	if (!d)
		return code;
	return t->zh || !d->name_en[0] ? d->name_zh : d->name_en;
}

int tui_print_form(struct tui *t, const char *number)
{
	char *argv[] = { "print", "form", (char *)number, NULL };
	int out = dup(1), null = open("/dev/null", O_WRONLY), rc;

	/* the print command's chatter ("request id is …") must not reach the screen */
	fflush(stdout);
	if (null >= 0) {
		dup2(null, 1);
		close(null);
	}
	rc = cmd_print(t->cli, 3, argv);
	fflush(stdout);
	if (out >= 0) {
		dup2(out, 1);
		close(out);
	}
	return rc;
}
