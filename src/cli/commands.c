/* The command table: one row a command; `cdesk --help` is generated from it. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/actions.h"

#include <stdio.h>
#include <string.h>

const struct command cli_commands[] = {
	{ "classify", N_("suggest kind, category, departments, class and flags for a text"), cmd_classify, false },
	{ "due", N_("compute a due date in working days"), cmd_due, false },
	{ "calendar", N_("print a month of the working-day calendar"), cmd_calendar, false },
	{ "report", N_("the quarterly or monthly summary as text, CSV or JSON, or printed"), cmd_report, true },
	{ "print", N_("print a case's registration form or reply letter"), cmd_print, false },
	{ "digest", N_("per department: cases due within one working day and overdue"), cmd_digest, true },
	{ "init", N_("create the database file (mode 0660)"), cmd_init, false },
	{ "add", N_("register a case from options or JSON on stdin"), cmd_add, false },
	{ "show", N_("a case with its transfers, drafts and timeline"), cmd_show, true },
	{ "list", N_("a queue: new, overdue, feedback, dept:CODE, all …"), cmd_list, true },
	{ "search", N_("find cases by number, phone, name or words"), cmd_search, true },
	{ "recompute", N_("recompute running deadlines after a calendar or rules change"), cmd_recompute, false },
	{ "check", N_("database integrity and the audit hash chain"), cmd_check, true },
	{ "backup", N_("copy the live database to a new file"), cmd_backup, false },
	{ "import", N_("add cases from a CSV file, all or nothing (or restore an export)"), cmd_import, false },
	{ "export", N_("every case (or every event) as CSV or JSON"), cmd_export, true },
	{ "demo", N_("create a realistic sample database (--cases N --seed S)"), cmd_demo, false },
	{ "config", N_("the effective settings and the file and line each came from"), cmd_config, false },
	{ "user", N_("staff and roles: user add LOGIN --role R, list, role, disable"), cmd_user, false },
	{ "rules", N_("learning from the office: rules learn, rules misses, rules model"), cmd_rules, false },
	{ "help", N_("help COMMAND: a command's options, one line each"), cmd_help, false },
};

const int cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

int cli_run(struct cli *c, int argc, char **argv)
{
	int a;

	cli_progress_init();
	for (int k = 0; k < cli_command_count; k++)
		if (strcmp(cli_commands[k].name, argv[0]) == 0) {
			/* a reader works on a read-only copy or mount */
			c->app->read_only = cli_commands[k].reads;
			return cli_commands[k].run(c, argc, argv);
		}
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
		printf("  %-10s %s\n", cli_commands[i].name, _(cli_commands[i].help));
	fputs(_("\nThe steps of a case (each takes NUMBER, --if-version N, --at and --json):\n"),
	      stdout);
	for (int i = 0; i < CA__COUNT; i++)
		printf("  %-10s %s\n", case_action_get(i)->code, _(case_action_get(i)->help));
}
