/* The installed (setgid) binary's privilege: core dumps off, the database's group held only while the store opens. */
#include "app/app.h"
#include "core/config.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

static bool privileged;         /* app_priv_init found a setgid (or setuid) start */
static gid_t priv_gid;          /* the effective gid the binary was started with */
static uid_t priv_uid;
static int raised;              /* nesting of app_priv_raise */

/*
 * ncurses trusts $TERMINFO, $TERMINFO_DIRS, $TERMCAP and ~/.terminfo unless
 * the real and effective ids differ, and app_priv_init makes them equal: a
 * terminal description of the user's would be parsed by a process that can
 * take the group back. Point ncurses at the system's description of $TERM
 * (the first directory it searches), and when the system has none, let
 * ~/.terminfo not supply one either ($HOME goes), as a setgid ncurses would.
 */
static void terminfo_system_only(void)
{
	static const char *const dirs[] = { "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo",
					    "/usr/lib/terminfo" };
	const char *term = getenv("TERM");

	unsetenv("TERMINFO");
	unsetenv("TERMINFO_DIRS");
	unsetenv("TERMCAP");
	if (!term || !*term || strchr(term, '/'))
		return;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *f = xasprintf("%s/%c/%s", dirs[i], term[0], term);
		int found = access(f, R_OK) == 0;
		free(f);
		if (found) {
			setenv("TERMINFO", dirs[i], 1);
			return;
		}
	}
	unsetenv("HOME");
}

void app_priv_init(void)
{
	struct rlimit none = { 0, 0 };

	if (!config_secure())
		return;
	/* A core file or a debugger would hand the user what the group
	 * protects: the open database's pages. Not dumpable also makes
	 * /proc/PID/ of this process root's. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || setrlimit(RLIMIT_CORE, &none) != 0)
		fatal("cannot turn core dumps off");
	privileged = true;
	priv_gid = getegid();
	priv_uid = geteuid();
	app_priv_lower();
	terminfo_system_only();
}

bool app_priv_active(void)
{
	return privileged;
}

gid_t app_priv_group(void)
{
	return privileged ? priv_gid : getegid();
}

void app_priv_raise(void)
{
	if (!privileged || raised++ > 0)
		return;
	/* The saved set-group-ID still holds the installed group, so an
	 * unprivileged process may take it back. */
	if ((priv_uid != getuid() && seteuid(priv_uid) != 0) ||
	    (priv_gid != getgid() && setegid(priv_gid) != 0))
		fatal("cannot take the group of the database back");
}

void app_priv_lower(void)
{
	if (!privileged)
		return;
	if (raised > 0 && --raised > 0)
		return;
	if (setegid(getgid()) != 0 || seteuid(getuid()) != 0 || getegid() != getgid() ||
	    geteuid() != getuid())
		fatal("cannot give the group of the database up");
}
