/* Private to the case commands (src/cli/cli_*.c): the open database with its case context, and the output they share. */
#ifndef CDESK_CLI_SESSION_H
#define CDESK_CLI_SESSION_H

#include "cli/cli.h"
#include "core/actions.h"
#include "core/cases.h"

#include <jansson.h>

/* The store plus rules and calendar, as every case command needs them. */
struct session {
	struct store *st;
	struct case_ctx ctx;
};

int session_open(struct cli *c, struct session *s, struct err *err);
/* The same over a new database created at path (cdesk demo). */
int session_create(struct cli *c, struct session *s, const char *path, struct err *err);
/* Only the store at --db, for a command that needs the permission a but no
 * case context (backup, print, report, digest); on failure *st is NULL. */
int session_open_for(struct cli *c, enum case_action a, struct store **st, struct err *err);
/* Closes the store and reports err; returns its exit status. */
int session_fail(struct session *s, const struct err *err);
void print_json(json_t *j);
/* All of standard input (for "--text -" and JSON input); NULL on a read error. */
char *read_stdin(void);
/* A value given as "-" is read from stdin (once); the result is owned by *hold. */
const char *maybe_stdin(const char *v, char **hold);
const char *transfer_state_code(enum transfer_state s);
void fmt_time(struct cdatetime t, char buf[20]);
void fmt_day(struct cdatetime t, char buf[20]);
/* The case as show --json prints it, events included. */
json_t *case_json_full(struct session *s, const struct case_record *r);
/* After a step: the case's new state (or its JSON), and the calendar warning. */
int print_after(struct cli *c, struct session *s, const char *number, const char *what);

#endif
