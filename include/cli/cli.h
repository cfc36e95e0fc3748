/* The command line: option parsing, error reporting and the command table, over the app context. */
#ifndef CDESK_CLI_CLI_H
#define CDESK_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

/* A command's run: the shared context and what only the command line has. */
struct cli {
	struct app *app;            /* configuration, actor, --at, --db, rules, calendar */
	bool json;                  /* --json */
};

/* One option a command accepts besides the common ones. */
struct cli_opt {
	const char *name;           /* long name without "--" */
	bool has_arg;
	const char **value;         /* set to the argument (or "1" for a flag) */
};

/*
 * Parses argv[1..] of a command: its own opts, plus the common --json,
 * --at DATETIME and --db PATH (both set in c->app) and --help. Positional
 * arguments are collected into pos (at most maxpos). Returns 0, 1 when
 * --help was given (usage was printed), or ERR_USAGE after printing what
 * was wrong.
 */
int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
	      const char **pos, int maxpos, int *npos, const char *usage);

/* cli_parse for a command of exactly one positional argument, put in *arg;
 * without it, the usage error says missing (a printf format). Returns as
 * cli_parse. */
int cli_parse_one(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
		  const char **arg, const char *usage, const char *missing, ...)
	__attribute__((format(printf, 7, 8)));

/* Prints "cdesk: <message>" to stderr and returns err->code. */
int cli_fail(const struct err *err);
/* Prints a usage error naming what was wrong; returns ERR_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the fallback warning (app_calendar_warning) to stderr when a year
 * of the span has no holiday file. */
void cli_warn_calendar(struct cli *c, cdate a, cdate b);
/* Prints "cdesk: warning: …" when fontconfig lacks [print] font (a PDF is made). */
void cli_warn_font(struct cli *c);

typedef int (*cli_handler)(struct cli *c, int argc, char **argv);

struct command {
	const char *name;
	const char *help;           /* one line for `cdesk --help` */
	cli_handler run;
	bool reads;                 /* only reads: works on a database that cannot be written */
};

extern const struct command cli_commands[];
extern const int cli_command_count;

/* Command handlers, one file per group under src/cli/. */
int cmd_classify(struct cli *c, int argc, char **argv);    /* cli_rules.c */
int cmd_rules(struct cli *c, int argc, char **argv);       /* cli_rules_learn.c */
int cmd_due(struct cli *c, int argc, char **argv);         /* cli_calendar.c */
int cmd_calendar(struct cli *c, int argc, char **argv);    /* cli_calendar.c */
int cmd_report(struct cli *c, int argc, char **argv);      /* cli_report.c */
int cmd_digest(struct cli *c, int argc, char **argv);      /* cli_report.c */
int cmd_print(struct cli *c, int argc, char **argv);       /* cli_print.c */
/* cli_cases.c */
int cmd_add(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_recompute(struct cli *c, int argc, char **argv);
/* Every action of the case-action table (core/actions.h) as a command: its
 * options and usage come from the action's parameters. */
int cli_act(struct cli *c, int action, int argc, char **argv);
/* Runs argv[0] (a command of the table, or an action); prints the unknown. */
int cli_run(struct cli *c, int argc, char **argv);
/* "  name       help" for every command and action, for cdesk --help. */
void cli_list_commands(void);
/* cli_admin.c */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);        /* cli_user.c */
int cmd_config(struct cli *c, int argc, char **argv);      /* cli_config.c */
int cmd_help(struct cli *c, int argc, char **argv);        /* cli_help.c */
int cmd_complete(struct cli *c, int argc, char **argv);    /* cli_complete.c */

/* Long work draws a progress bar on standard error when it is a terminal
 * (cli_progress.c); nothing otherwise. */
void cli_progress_init(void);

/* `COMMAND --help`: usage, what the command does, one line per option. */
void cli_print_help(const char *cmd, const char *usage, const struct cli_opt *opts);
/* cli_data.c */
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);

#endif
