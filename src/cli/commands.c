/* The command table: one row a command; `cdesk --help` is generated from it. */
#include "cli/cli.h"

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
	{ "transfer", "route a case to a lead department and co-departments", cmd_transfer },
	{ "return", "a department sends its transfer back, with a reason", cmd_return },
	{ "feedback", "a department's written result on its transfer", cmd_feedback },
	{ "draft", "draft the reply", cmd_draft },
	{ "approve", "the next approval of the reply draft (or --refuse)", cmd_approve },
	{ "reply", "record the reply sent and how", cmd_reply },
	{ "callback", "record the complainant's satisfaction", cmd_callback },
	{ "close", "close a case with its finding", cmd_close },
	{ "reject", "not accepted (不予受理), with the reason", cmd_reject },
	{ "merge", "merge a duplicate into another case", cmd_merge },
	{ "pause", "stop the clock while waiting on the complainant", cmd_pause },
	{ "resume", "restart the clock; deadlines move by the days paused", cmd_resume },
	{ "reopen", "reopen a closed case as the next dispatch round", cmd_reopen },
	{ "review", "open a review (复核) of a closed case", cmd_review },
	{ "reclass", "change a case's handling class; deadlines follow", cmd_reclass },
	{ "attach", "record a document kept on file", cmd_attach },
	{ "check", "database integrity and the audit hash chain", cmd_check },
	{ "backup", "copy the live database to a new file", cmd_backup },
	{ "import", "add cases from a CSV file, all or nothing (or restore an export)", cmd_import },
	{ "export", "every case (or every event) as CSV or JSON", cmd_export },
	{ "demo", "create a realistic sample database (--cases N --seed S)", cmd_demo },
};

const int cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
