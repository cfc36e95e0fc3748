/* gettext for the interface: every user-visible string goes through _(). */
#ifndef CDESK_TUI_I18N_H
#define CDESK_TUI_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
/* Marks a string for translation where it is stored (tables); translate with _() when shown. */
#define N_(s) (s)
/* gettext with a context (msgctxt), for short words that mean different things. */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

static inline const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = gettext(ctx_msgid);
	return t == ctx_msgid ? msgid : t;
}

/*
 * Binds the "cdesk" text domain only (no locale change): $CDESK_LOCALEDIR,
 * else the build tree's catalog, else the installed one, as below.
 */
void i18n_bind(void);

/*
 * Binds the "cdesk" text domain: $CDESK_LOCALEDIR if set; else "locale"
 * beside the running binary when it holds our catalog (a build tree:
 * build/cdesk finds build/locale); else the compiled-in CDESK_LOCALEDIR.
 * language ("en", "zh_CN" or empty) forces a language over the locale.
 * Returns true when the interface is Chinese.
 */
bool i18n_init(const char *language);

#endif
