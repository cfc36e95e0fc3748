/* The frame's link to the case store: opening the database, the user's role, printing (draft recovery: drafts.c). */
#include "tui/tui_internal.h"
#include "app/pdf.h"
#include "tui/i18n.h"
#include "core/cases.h"
#include "core/store.h"
#include "core/text.h"
#include "core/users.h"
#include "core/util.h"
#include "core/vocab.h"

#include <stdio.h>
#include <stdlib.h>

int tui_store_open(struct tui *t, struct err *err)
{
	struct case_ctx ctx;
	struct user u;
	int rc;

	if ((rc = app_open_store(t->app, false, &t->store, err)))
		return rc;
	/* An unknown or disabled login is refused before the screen is up. */
	app_case_ctx(t->app, t->store, &ctx);
	if ((rc = users_actor(&ctx, &u, err)))
		tui_store_close(t);
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
	struct user u;

	if (!t->store || users_get(t->store, t->app->actor, &u, NULL))
		return NULL;
	/* in Chinese the core's names (core/vocab.c), as the command line and
	 * its refusals say them */
	return t->zh ? vocab_label(&vocab_user_role, u.role) : role_names[u.role];
}

void tui_case_ctx(struct tui *t, struct case_ctx *ctx)
{
	tui_refresh_clock(t);
	app_case_ctx(t->app, t->store, ctx);
}

const char *tui_dept_label(struct tui *t, const char *code)
{
	const struct department *d = rules_dept_find(t->rules, code);

	if (!d)
		return code;
	return t->zh || !d->name_en[0] ? d->name_zh : d->name_en;
}

static const char *dept_short(struct tui *t, const struct department *d)
{
	const char *sh = t->zh || !d->name_en[0] ? d->short_zh : d->short_en;

	return sh[0] ? sh : tui_dept_label(t, d->code);
}

const char *tui_dept_label_fit(struct tui *t, const char *code, int width)
{
	const struct department *d = rules_dept_find(t->rules, code);
	const char *full = tui_dept_label(t, code);

	if (!d || text_width(full) <= width)
		return full;
	return dept_short(t, d);
}

int tui_dept_short_width(struct tui *t)
{
	int most = 0;

	for (int i = 0; i < rules_dept_count(t->rules); i++) {
		int w = text_width(dept_short(t, rules_dept(t->rules, i)));
		if (w > most)
			most = w;
	}
	return most;
}

int tui_print_form(struct tui *t, const char *number)
{
	struct err err = { 0 };

	return tui_print_form_err(t, number, &err);
}

int tui_print_form_err(struct tui *t, const char *number, struct err *err)
{
	struct sbuf doc = { 0 };
	int rc;

	/* dated today, as an action now would be */
	tui_refresh_clock(t);
	if (app_print_pdf(t->app))
		rc = app_case_pdf(t->app, t->store, APP_DOC_FORM, number, &doc, NULL, err);
	else
		rc = app_case_document(t->app, t->store, APP_DOC_FORM, number, &doc, NULL, err);
	if (!rc)
		rc = app_print(t->app, doc.s, doc.len, err);
	sbuf_free(&doc);
	return rc;
}

bool tui_store_sees_alerts(struct tui *t)
{
	struct user u;

	if (!t->store || users_get(t->store, t->app->actor, &u, NULL))
		return false;
	return case_alerts_role_sees((int)u.role) && !u.disabled;
}
