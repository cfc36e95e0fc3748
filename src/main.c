/* cdesk: arguments, the app context (configuration, clock, actor), then the TUI or one command. */
#include "app/app.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/text.h"
#include "tui/tui.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#ifndef CDESK_VERSION
#define CDESK_VERSION "0.1.0"
#endif

static const char usage[] = "cdesk [--db PATH] [--config FILE] [COMMAND [ARGS…]]";

static void print_help(void)
{
	printf(_("cdesk %s — the complaint desk of a hospital\n\n"), CDESK_VERSION);
	printf(_("usage: %s\n\n"), usage);
	fputs(_("With no command, cdesk opens the full-screen interface.\n\n"), stdout);
	fputs(_("Options:\n"
		"  --db PATH       database file (else $CDESK_DB, cdesk.ini, XDG data dir)\n"
		"  --config FILE   configuration file (else $CDESK_CONFIG, XDG, /etc/cdesk)\n"
		"  --help, -h      this help; COMMAND --help (or help COMMAND) for a command's options\n"
		"  --version, -V   the version\n\n"
		"Every command also takes --json (machine-readable output) and\n"
		"--at \"YYYY-MM-DD HH:MM\" (the effective time of the action).\n\n"
		"Commands:\n"), stdout);
	cli_list_commands();
	fputs(_("\nExit status: 0 ok, 1 failed check, 2 usage or invalid input, 3 not found,\n"
		"4 permission denied, 5 refused by the case's state, 6 conflict or busy,\n"
		"7 malformed data file, 70 internal error. See cdesk(1).\n"), stdout);
}

int main(int argc, char **argv)
{
	struct app app;
	struct cli c = { &app, false };
	struct err err = { 0 };
	const char *db_opt = NULL, *config_opt = NULL;
	int i, rc;

	/* Before anything reads the environment or a file: installed setgid,
	 * no core dumps and the installed group set aside (app_priv_init). */
	app_priv_init();
	/* A file size limit (ulimit -f) makes a write fail (EFBIG), reported
	 * as a full disk, instead of killing cdesk half-way through a commit. */
	signal(SIGXFSZ, SIG_IGN);
	text_init_locale();
	/* Messages follow the messages locale from here on, the command
	 * line's as the TUI's (LANG=zh_CN.UTF-8 Chinese, C English). */
	cli_i18n_init();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_help();
			return 0;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("cdesk %s\n", CDESK_VERSION);
			return 0;
		} else if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(usage, "option '%s' needs a value", a);
			if (a[2] == 'd')
				db_opt = argv[++i];
			else
				config_opt = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			db_opt = a + 5;
		} else if (strncmp(a, "--config=", 9) == 0) {
			config_opt = a + 9;
		} else {
			return cli_usage_error(usage, "unknown option '%s'", a);
		}
	}
	if (app_init(&app, config_opt, db_opt, &err))
		return cli_fail(&err);
	if (i >= argc) {
		rc = tui_main(&app);
	} else {
		rc = cli_run(&c, argc - i, argv + i);
	}
	app_free(&app);
	return rc;
}
