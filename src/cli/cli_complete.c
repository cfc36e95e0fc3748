/*
 * `cdesk _complete WHAT [PREFIX]`: the words bash completion offers
 * (data/completion/cdesk.bash), one a line — commands, queues, department
 * codes, or the numbers of the cases the user may list. Not in the help:
 * it is for the completion script. Prints nothing when the database cannot
 * be opened (completion must never print an error under the prompt).
 */
#include "cli/cli.h"
#include "session.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/rules.h"
#include "core/store.h"

#include <stdio.h>
#include <string.h>

static void word(const char *w, const char *prefix)
{
	if (strncmp(w, prefix, strlen(prefix)) == 0)
		printf("%s\n", w);
}

static void complete_cases(struct cli *c, const char *prefix)
{
	struct session s;
	struct case_page page = { 0 };
	struct err err = { 0 };

	if (session_open(c, &s, &err)) {
		store_close(s.st);
		return;
	}
	/* the newest 200 the user may see: enough to complete what is typed */
	if (case_list(&s.ctx, QUEUE_ALL, NULL, NULL, SORT_NUMBER, true, 0, NULL, 200, &page,
		      &err) == 0)
		for (int i = 0; i < page.n; i++)
			word(page.items[i].number, prefix);
	case_page_free(&page);
	store_close(s.st);
}

int cmd_complete(struct cli *c, int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "", *prefix = argc > 2 ? argv[2] : "";
	struct ruleset *rs;
	struct err err = { 0 };

	if (strcmp(what, "commands") == 0) {
		for (int k = 0; k < cli_command_count; k++)
			word(cli_commands[k].name, prefix);
		for (int i = 0; i < CA__COUNT; i++)
			word(case_action_get(i)->code, prefix);
	} else if (strcmp(what, "queues") == 0) {
		for (int q = 0; q < QUEUE__COUNT; q++)
			if (q != QUEUE_DEPT)
				word(case_queue_code(q), prefix);
		if (app_rules(c->app, &rs, &err) == 0)
			for (int i = 0; i < rules_dept_count(rs); i++) {
				char d[RULES_CODE_MAX + 8];
				snprintf(d, sizeof d, "dept:%s", rules_dept(rs, i)->code);
				word(d, prefix);
			}
	} else if (strcmp(what, "depts") == 0) {
		if (app_rules(c->app, &rs, &err) == 0)
			for (int i = 0; i < rules_dept_count(rs); i++)
				word(rules_dept(rs, i)->code, prefix);
	} else if (strcmp(what, "cases") == 0) {
		complete_cases(c, prefix);
	} else {
		return cli_usage_error("cdesk _complete commands|queues|depts|cases [PREFIX]",
				       "unknown kind '%s'", what);
	}
	return 0;
}
