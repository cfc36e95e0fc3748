/* The command table: one row a command; `cdesk --help` is generated from it. */
#include "cli/cli.h"

const struct command cli_commands[] = {
	{ "classify", "suggest kind, category, departments, class and flags for a text", cmd_classify },
	{ "due", "compute a due date in working days", cmd_due },
	{ "calendar", "print a month of the working-day calendar", cmd_calendar },
	{ "report", "the quarterly or monthly summary as text, CSV or JSON, or printed", cmd_report },
	{ "print", "print a case's registration form or reply letter", cmd_print },
	{ "digest", "per department: cases due within one working day and overdue", cmd_digest },
};

const int cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
