/* The command table: one row a command; `cdesk --help` is generated from it. */
#include "cli/cli.h"
#include "core/actions.h"

#include <stdio.h>
#include <string.h>

const struct command cli_commands[] = {
	{ "classify", "suggest kind, category, departments, class and flags for a text", cmd_classify },
	{ "due", "compute a due date in working days", cmd_due },
	{ "calendar", "print a month of the working-day calendar", cmd_calendar },
	{ "report", "the quarterly or monthly summary as text, CSV or JSON, or printed", cmd_report },
	{ "print", "print a case's registration form or reply letter", cmd_print },
	{ "digest", "per department: cases due within one working day and overdue", cmd_digest },
	{ "init", "create the database file (mode 0660)", cmd_init },
	{ "add", "register a case from options or JSON on stdin", cmd_add },
	{ "show", "a case with its transfers, drafts and timeline", cmd_show },
	{ "list", "a queue: new, overdue, feedback, dept:CODE, all …", cmd_list },
	{ "search", "find cases by number, phone, name or words", cmd_search },
	{ "recompute", "recompute running deadlines after a calendar or rules change", cmd_recompute },
	{ "check", "database integrity and the audit hash chain", cmd_check },
	{ "backup", "copy the live database to a new file", cmd_backup },
	{ "import", "add cases from a CSV file, all or nothing (or restore an export)", cmd_import },
	{ "export", "every case (or every event) as CSV or JSON", cmd_export },
	{ "demo", "create a realistic sample database (--cases N --seed S)", cmd_demo },
	{ "config", "the effective settings and the file and line each came from", cmd_config },
	{ "user", "staff and roles: user add LOGIN --role R, list, role, disable", cmd_user },
	{ "help", "help COMMAND: a command's options, one line each", cmd_help },
};

const int cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

int cli_run(struct cli *c, int argc, char **argv)
{
	int a;

	/* The commands that only read work on a database that cannot be
	 * written (a read-only copy, a read-only mount). */
	static const char readers[] = " show list search report check export digest ";
	char word[32];

	snprintf(word, sizeof word, " %s ", argv[0]);
	c->app->read_only = strlen(argv[0]) < 24 && strstr(readers, word) != NULL;
	cli_progress_init();
	for (int k = 0; k < cli_command_count; k++)
		if (strcmp(cli_commands[k].name, argv[0]) == 0)
			return cli_commands[k].run(c, argc, argv);
	/* the words of bash completion: not a command of the help */
	if (strcmp(argv[0], "_complete") == 0)
		return cmd_complete(c, argc, argv);
	if ((a = case_action_find(argv[0])) >= 0)
		return cli_act(c, a, argc, argv);
	return cli_usage_error(NULL, "unknown command '%s' (see 'cdesk --help')", argv[0]);
}

void cli_list_commands(void)
{
	for (int i = 0; i < cli_command_count; i++)
		printf("  %-10s %s\n", cli_commands[i].name, cli_commands[i].help);
	printf("\nThe steps of a case (each takes NUMBER, --if-version N, --at and --json):\n");
	for (int i = 0; i < CA__COUNT; i++)
		printf("  %-10s %s\n", case_action_get(i)->code, case_action_get(i)->help);
}
