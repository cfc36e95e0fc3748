/* gettext for the command line: its messages follow the messages locale
 * (LANG, LC_MESSAGES, LC_ALL); LANG=C keeps every message English. The
 * catalog is the TUI's ("cdesk", bound by app_i18n_bind: $CDESK_LOCALEDIR,
 * else build/locale beside a build tree's binary, else the installed one).
 * What a script reads stays untranslated: --json keys and values, CSV
 * headers, codes (statuses, queues, departments), option names. */
#ifndef CDESK_CLI_I18N_H
#define CDESK_CLI_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
/* Marks a string for translation where it is stored (tables); _() when shown. */
#define N_(s) (s)
/* gettext with a context (msgctxt), for a short word that means several things. */
#define C_(ctx, s) cli_pgettext(ctx "\004" s, s)

/* Sets the messages locale from the environment and binds the catalog. */
void cli_i18n_init(void);

/* The translation of ctx_msgid ("ctx\004msgid"), else msgid. */
const char *cli_pgettext(const char *ctx_msgid, const char *msgid);

/* True when the messages are translated (a catalog answers for the
 * messages locale). A record display then shows the Chinese labels of its
 * terms in place of "code label", which LANG=C keeps byte for byte. */
bool cli_zh(void);

/* Prints label padded with spaces to cols display columns, then one space
 * (printf's "%-12s " for an English label, by width for a Chinese one). */
void cli_put_label(const char *label, int cols);
/* Prints s padded to cols display columns (cut when wider), sanitised. */
void cli_put_cell(const char *s, int cols);

#endif
