/* Printing a case's documents from its screen: the registration form and
 * the reply letter, printed or printed again, after a question; a failure
 * is said in the print command's own words. */
#include "tui/i18n.h"
#include "tui/tui_internal.h"
#include "core/util.h"

#include <stdio.h>

void tui_case_print(struct tui *t, const char *number)
{
	const char *items[] = { _("The registration form (登记表)"), _("The reply letter (答复函)") };
	static const enum app_document docs[] = { APP_DOC_FORM, APP_DOC_LETTER };
	struct sbuf doc = { 0 };
	struct err err = { 0 };
	char q[512];
	int k = tui_choose(t, _("Print"), items, 2, 0);

	if (k < 0)
		return;
	snprintf(q, sizeof q, _("Print %s of %s?"), items[k], number);
	if (!tui_confirm(t, q)) {
		tui_info(t, "%s", _("Not printed."));
		return;
	}
	tui_busy(t, _("Printing…"));
	/* dated today, as an action now would be */
	tui_refresh_clock(t);
	if (app_case_document(t->app, t->store, docs[k], number, &doc, NULL, &err) ||
	    app_print(t->app, doc.s, doc.len, &err))
		tui_error(t, _("Not printed: %s"), err.msg);
	else
		tui_info(t, _("%s: %s sent to '%s'."), number, items[k], app_print_command(t->app));
	sbuf_free(&doc);
}
