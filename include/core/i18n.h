/* Translation in the core and the app layer (no curses): the "cdesk" text
 * domain of gettext, bound by the interface (app_i18n_bind). Under the C
 * locale every message is the English msgid, byte for byte. */
#ifndef CDESK_CORE_I18N_H
#define CDESK_CORE_I18N_H

#include <libintl.h>
#include <stdbool.h>

/* A message translated where it is made (a reason, an error). */
#define R_(s) dgettext("cdesk", s)
/* Marks a string for translation where it is stored; translated when shown. */
#define N_(s) (s)
/* R_ with a context (msgctxt), for a word that means several things. */
#define RC_(ctx, s) core_pgettext(ctx "\004" s, s)

static inline const char *core_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = dgettext("cdesk", ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}

/* True when messages are translated: a catalog answers for the messages
 * locale (its header is the translation of ""; a variable, so that
 * xgettext does not take "" for a message). */
static inline bool core_translated(void)
{
	static const char *const header = "";

	return *dgettext("cdesk", header) != '\0';
}

#endif
