/* gettext for the command line: its messages follow the messages locale
 * (LANG, LC_MESSAGES, LC_ALL); LANG=C keeps every message English. The
 * catalog is the TUI's ("cdesk", bound by app_i18n_bind: $CDESK_LOCALEDIR,
 * else build/locale beside a build tree's binary, else the installed one).
 * What a script reads stays untranslated: --json keys and values, CSV
 * headers, codes (statuses, queues, departments), option names. */
#ifndef CDESK_CLI_I18N_H
#define CDESK_CLI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
/* Marks a string for translation where it is stored (tables); _() when shown. */
#define N_(s) (s)

/* Sets the messages locale from the environment and binds the catalog. */
void cli_i18n_init(void);

#endif
