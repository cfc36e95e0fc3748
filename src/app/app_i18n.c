/* The "cdesk" text domain, bound alike for the TUI and the command line. */
#include "app/app.h"
#include "core/config.h"
#include "core/util.h"

#include <libintl.h>
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

void app_i18n_bind(void)
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
