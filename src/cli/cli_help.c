/*
 * `cdesk COMMAND --help` and `cdesk help COMMAND`: the usage line, what the
 * command does, then one line per option. A step of a case takes its lines
 * from the action table (each parameter's question); `add` from the field
 * table; every other command from the rows below, so an option's help is
 * written once however many commands take it.
 */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/actions.h"
#include "core/field.h"
#include "core/vocab.h"

#include <stdio.h>
#include <string.h>

struct opt_help {
	const char *cmd;            /* the command, or "*" for any */
	const char *opt;
	const char *meta;           /* the value's placeholder; NULL: a flag */
	const char *help;
};

static const struct opt_help opt_helps[] = {
	{ "add", "anonymous", NULL, N_("the complainant gives no name (no callback)") },
	{ "add", "depts", "CODE,...", N_("the departments to route to (else the rules' suggestion)") },
	{ "add", "categories", "CODE,...", N_("the categories (else the rules' suggestion)") },
	{ "add", "flags", "FLAG,...", N_("flags to raise besides the suggested ones") },
	{ "add", "no-flags", "FLAG,...", N_("suggested flags the clerk rules out") },
	{ "add", "material", "TEXT", N_("materials handed in (one per option)") },
	{ "add", "json-in", NULL, N_("read the case as JSON from standard input") },
	{ "due", "days", "N", N_("N working days after DATE") },
	{ "due", "class", "CLASS", N_("the handling class whose deadline to compute") },
	{ "due", "time", "HH:MM", N_("the time of receipt (the 17:00 rule)") },
	{ "due", "depts", "N", N_("how many departments take part") },
	{ "import", "encoding", "utf-8|gb18030", N_("the file's character set (default utf-8)") },
	{ "import", "full", NULL, N_("restore a full export into an empty database") },
	{ "export", "format", "csv|json", N_("the output format (default csv)") },
	{ "export", "events", NULL, N_("the events (the audit trail) instead of the cases") },
	{ "export", "full", NULL, N_("every table and the event chain, for import --full") },
	{ "demo", "cases", "N", N_("how many cases (default 2000)") },
	{ "demo", "seed", "S", N_("the random seed (the same seed, the same database)") },
	{ "demo", "from", "YYYY-MM-DD", N_("the first day cases are received") },
	{ "demo", "fast-history", NULL, N_("write the history in bulk (large databases)") },
	{ "report", "format", "text|csv|json|pdf", N_("the output format (default text)") },
	{ "report", "print", NULL, N_("send the report to the print command") },
	{ "report", "issue", NULL, N_("issue the report of a closed period (kept as issued)") },
	{ "print", "format", "text|pdf", N_("the document's format") },
	{ "digest", "dept", "CODE", N_("one department only") },
	{ "check", "anchor", "N:HASH", N_("confirm that a chain head printed earlier is still there") },
	{ "classify", "amount", "YUAN", N_("the amount claimed, in yuan") },
	{ "classify", "claim", "YUAN", N_("the amount claimed, in yuan") },
	{ "classify", "group", "N", N_("how many people complain together") },
	{ "classify", "channel", "CHANNEL", N_("how the complaint came (walk-in, phone, letter …)") },
	{ "classify", "demand", "TEXT", N_("what the complainant asks for") },
	{ "classify", "anonymous", NULL, N_("the complainant gives no name") },
	{ "classify", "lines", NULL, N_("each line of standard input is a text of its own (with --json: one object a line)") },
	{ "list", "sort", "due|received|number", N_("the order of the rows (default due)") },
	{ "list", "desc", NULL, N_("the reverse order") },
	{ "list", "dept", "CODE", N_("only cases routed to the department") },
	{ "list", "unit", "UNIT", N_("only cases about the subject unit") },
	{ "list", "class", "CLASS", N_("only cases of the handling class") },
	{ "list", "channel", "CHANNEL", N_("only cases received by the channel") },
	{ "list", "kind", "KIND", N_("only cases of the kind") },
	{ "list", "status", "STATUS", N_("only cases in the status") },
	{ "list", "from", "YYYY-MM-DD", N_("received on or after the day") },
	{ "list", "to", "YYYY-MM-DD", N_("received on or before the day") },
	{ "list", "soon", "N", N_("due within N working days") },
	{ "user", "role", "ROLE", N_("clerk, officer, handler, supervisor or admin") },
	{ "user", "name", "姓名", N_("the staff member's name") },
	{ "user", "dept", "CODE", N_("a handler's department (one per option)") },
	{ "rules", "limit", "N", N_("rules misses: at most N cases (default 20)") },
	{ "rules", "part", "PART", N_("rules misses: only lead, co-depts, categories, class, flags or kind") },
	{ "*", "limit", "N", N_("at most N rows") },
	{ "*", "cursor", "C", N_("the next page: the cursor the previous page printed") },
	{ "*", "output", "FILE", N_("write to FILE (created anew, mode 0600)") },
	{ "*", "if-version", "N", N_("refuse if the case changed since version N (see show --json)") },
};

static const struct opt_help *find_help(const char *cmd, const char *opt)
{
	const struct opt_help *any = NULL;

	for (size_t i = 0; i < sizeof opt_helps / sizeof opt_helps[0]; i++) {
		const struct opt_help *h = &opt_helps[i];
		if (strcmp(h->opt, opt) != 0)
			continue;
		if (strcmp(h->cmd, cmd) == 0)
			return h;
		if (strcmp(h->cmd, "*") == 0)
			any = h;
	}
	return any;
}

static void line(const char *name, const char *meta, const char *help)
{
	char left[64];
	size_t n;

	/* the help in the messages locale (never gettext(""): the header) */
	if (*help)
		help = _(help);
	n = strlen(help);
	/* a question of the TUI ("Note (optional):", "备注（可选）：") as a line of help */
	while (n && (help[n - 1] == ':' || help[n - 1] == ' ' ||
		     (n >= 3 && !memcmp(help + n - 3, "：", 3))))
		n -= help[n - 1] == ':' || help[n - 1] == ' ' ? 1 : 3;

	snprintf(left, sizeof left, "--%s%s%s", name, meta ? " " : "", meta ? meta : "");
	/* a long placeholder puts the help on the next line */
	if (strlen(left) > 24)
		printf("  %s\n  %-24s %.*s\n", left, "", (int)n, help);
	else
		printf("  %-24s %.*s\n", left, (int)n, help);
}

/* An option of a step: its parameter's question, or its choice's label. */
static bool action_line(const struct case_action_def *d, const struct cli_opt *o)
{
	char codes[256];

	for (int i = 0; i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS)) {
			for (int k = 1; k < p->choices->n; k++)
				if (strcmp(p->choices->terms[k].code, o->name) == 0) {
					line(o->name, NULL, p->choices->terms[k].label);
					return true;
				}
			continue;
		}
		if (strcmp(p->name, o->name) != 0)
			continue;
		if (p->type == PT_CHOICE)
			vocab_codes(p->choices, "|", codes, sizeof codes);
		line(o->name, p->type == PT_CHOICE ? codes : p->meta ? p->meta : "TEXT",
		     p->prompt ? p->prompt : "");
		if (p->flags & PF_REQUIRED)
			printf("  %-24s %s\n", "", _("(required)"));
		return true;
	}
	return false;
}

static bool field_line(const struct cli_opt *o)
{
	int f = case_field_find(o->name);

	if (f < 0 || !case_fields[f].option || strcmp(case_fields[f].option, o->name) != 0)
		return false;
	line(o->name, "TEXT", case_fields[f].label);
	return true;
}

static const char *command_help(const char *cmd)
{
	int a = case_action_find(cmd);

	if (a >= 0)
		return case_action_get(a)->help;
	for (int k = 0; k < cli_command_count; k++)
		if (strcmp(cli_commands[k].name, cmd) == 0)
			return cli_commands[k].help;
	return NULL;
}

void cli_print_help(const char *cmd, const char *usage, const struct cli_opt *opts)
{
	int a = case_action_find(cmd);
	const char *what = command_help(cmd);

	printf(_("usage: %s\n"), usage);
	if (what)
		printf("\n%s\n", _(what));
	fputs(_("\nOptions:\n"), stdout);
	for (int k = 0; opts && opts[k].name; k++) {
		const struct opt_help *h;
		if (a >= 0 && action_line(case_action_get(a), &opts[k]))
			continue;
		if (strcmp(cmd, "add") == 0 && field_line(&opts[k]))
			continue;
		h = find_help(cmd, opts[k].name);
		line(opts[k].name, h ? h->meta : opts[k].has_arg ? "VALUE" : NULL,
		     h ? h->help : "");
	}
	line("at", "DATETIME", N_("the effective time, \"YYYY-MM-DD HH:MM\" (default: now)"));
	line("db", "PATH", N_("the database file"));
	line("json", NULL, N_("machine-readable output (JSON)"));
	line("help", NULL, N_("this help"));
	fputs(_("\nSee cdesk(1) for the whole description.\n"), stdout);
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	char help[] = "--help";
	char *args[2];

	if (argc < 2) {
		printf(_("usage: %s\n"), "cdesk help COMMAND");
		fputs(_("\nCommands:\n"), stdout);
		cli_list_commands();
		return 0;
	}
	if (argc > 2)
		return cli_usage_error("cdesk help COMMAND", "one command at a time");
	args[0] = argv[1];
	args[1] = help;
	return cli_run(c, 2, args);
}
