/* cdesk: arguments, configuration, then the TUI or one command. */
#include "cli/cli.h"
#include "core/text.h"
#include "core/util.h"
#include "tui/i18n.h"
#include "tui/tui.h"

#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef CDESK_VERSION
#define CDESK_VERSION "0.1.0"
#endif

static const char usage[] = "cdesk [--db PATH] [--config FILE] [COMMAND [ARGS…]]";

static void print_help(void)
{
	printf("cdesk %s — the complaint desk of a hospital\n\n", CDESK_VERSION);
	printf("usage: %s\n\n", usage);
	printf("With no command, cdesk opens the full-screen interface.\n\n");
	printf("Options:\n"
	       "  --db PATH       database file (else $CDESK_DB, cdesk.ini, XDG data dir)\n"
	       "  --config FILE   configuration file (else $CDESK_CONFIG, XDG, /etc/cdesk)\n"
	       "  --help          this help; COMMAND --help for a command's usage\n"
	       "  --version       the version\n\n"
	       "Every command also takes --json (machine-readable output) and\n"
	       "--at \"YYYY-MM-DD HH:MM\" (the effective time of the action).\n\n"
	       "Commands:\n");
	for (int i = 0; i < cli_command_count; i++)
		printf("  %-10s %s\n", cli_commands[i].name, cli_commands[i].help);
	printf("\nExit status: 0 ok, 1 failed check, 2 usage or invalid input, 3 not found,\n"
	       "4 permission denied, 5 refused by the case's state, 6 conflict,\n"
	       "7 malformed data file, 70 internal error. See cdesk(1).\n");
}

static void set_actor(struct cli *c)
{
	struct passwd *pw = getpwuid(getuid());
	const char *name = pw ? pw->pw_name : getenv("USER");

	snprintf(c->actor, sizeof c->actor, "%s", name && *name ? name : "unknown");
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	struct err err = { 0 };
	int i, rc;

	text_init_locale();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_help();
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("cdesk %s\n", CDESK_VERSION);
			return 0;
		} else if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(usage, "option '%s' needs a value", a);
			if (a[2] == 'd')
				c.db_opt = argv[++i];
			else
				c.config_opt = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			c.db_opt = a + 5;
		} else if (strncmp(a, "--config=", 9) == 0) {
			c.config_opt = a + 9;
		} else {
			return cli_usage_error(usage, "unknown option '%s'", a);
		}
	}
	c.data_dir = config_default_data_dir();
	if (config_load(c.config_opt, c.data_dir, &c.cfg, &err)) {
		free(c.data_dir);
		return cli_fail(&err);
	}
	c.now = datetime_from_unix((int64_t)time(NULL));
	c.at = c.now;
	set_actor(&c);
	if (i >= argc) {
		rc = tui_main(&c);
	} else {
		const struct command *cmd = NULL;
		for (int k = 0; k < cli_command_count; k++)
			if (strcmp(cli_commands[k].name, argv[i]) == 0)
				cmd = &cli_commands[k];
		if (!cmd)
			rc = cli_usage_error(NULL, "unknown command '%s' (see 'cdesk --help')", argv[i]);
		else {
			/*
			 * Commands print English except the reasons of a
			 * suggestion and the messages about a field's value
			 * (core/field.h, the same as the form's), which follow
			 * the messages locale (LANG=zh_CN.UTF-8 gives Chinese;
			 * C stays English).
			 */
			setlocale(LC_MESSAGES, "");
			i18n_bind();
			rc = cmd->run(&c, argc - i, argv + i);
		}
	}
	if (c.rules)
		rules_free(c.rules);
	if (c.cal)
		calendar_free(c.cal);
	config_free(c.cfg);
	free(c.data_dir);
	return rc;
}
