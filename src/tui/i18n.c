/* Text domain binding and the language choice ([ui] language or the locale). */
#include "tui/i18n.h"
#include "core/config.h"
#include "core/util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CDESK_LOCALEDIR
#define CDESK_LOCALEDIR "/usr/local/share/locale"
#endif

/* "locale" beside the running binary, when it holds a catalog. */
static char *build_tree_localedir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash, *dir, *mo;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	dir = xasprintf("%s/locale", exe);
	mo = xasprintf("%s/zh_CN/LC_MESSAGES/cdesk.mo", dir);
	if (access(mo, R_OK) != 0) {
		free(dir);
		dir = NULL;
	}
	free(mo);
	return dir;
}

void i18n_bind(void)
{
	/* Installed setgid, only the installed catalogs: a translation is a
	 * printf format, so a catalog of the user's choosing could make cdesk
	 * write where it should not. */
	const char *env = config_secure() ? NULL : getenv("CDESK_LOCALEDIR");
	char *dir = env && *env ? xstrdup(env) : config_secure() ? NULL : build_tree_localedir();

	bindtextdomain("cdesk", dir ? dir : CDESK_LOCALEDIR);
	bind_textdomain_codeset("cdesk", "UTF-8");
	textdomain("cdesk");
	free(dir);
}

bool i18n_init(const char *language)
{
	const char *msgs;

	i18n_bind();

	if (language && strcmp(language, "zh_CN") == 0) {
		/* gettext ignores LANGUAGE under the C locale, so make the
		 * messages category Chinese too */
		if (!setlocale(LC_MESSAGES, "zh_CN.UTF-8"))
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "zh_CN", 1);
		return true;
	}
	if (language && strcmp(language, "en") == 0) {
		setenv("LANGUAGE", "en", 1);
		setlocale(LC_MESSAGES, "C.UTF-8");
		return false;
	}
	msgs = getenv("LANGUAGE");
	if (msgs && *msgs) {
		const char *loc = setlocale(LC_MESSAGES, NULL);
		if (loc && strcmp(loc, "C") != 0 && strcmp(loc, "POSIX") != 0)
			return strncmp(msgs, "zh", 2) == 0;
	}
	msgs = setlocale(LC_MESSAGES, NULL);
	return msgs && strncmp(msgs, "zh", 2) == 0;
}
