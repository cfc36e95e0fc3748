/* The context both interfaces run in: configuration, the clock, the store, reports and printing. */
#ifndef CDESK_APP_APP_H
#define CDESK_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/calendar.h"
#include "core/config.h"
#include "core/date.h"
#include "core/err.h"
#include "core/rules.h"
#include "core/util.h"

struct case_ctx;
struct report;
struct report_period;
struct store;
struct learn_model;

/*
 * What the command line and the full-screen interface share. app_init fills
 * it in; the interfaces read its fields and may set at and at_set (--at),
 * db_opt (a command's --db) and quiet_print (the TUI); the calendar and the
 * rules are loaded on first use.
 */
struct app {
	struct config *cfg;         /* cdesk.ini as loaded */
	char *data_dir;             /* the shipped data directory (config_default_data_dir) */
	const char *db_opt;         /* --db, or NULL */
	const char *config_opt;     /* --config, or NULL */
	char actor[64];             /* the Unix login, recorded on every event */
	bool at_set;                /* --at given */
	struct cdatetime at;        /* effective time: --at, else now */
	struct cdatetime now;       /* the real local time */
	bool quiet_print;           /* the print command's standard output goes to
	                               /dev/null (the TUI: nothing may write under
	                               its screen) */
	struct calendar *cal;       /* loaded on first use (app_calendar) */
	struct ruleset *rules;      /* loaded on first use (app_rules) */
	char *basis;                /* app_deadline_basis, made on first use */
	bool read_only;             /* the command only reads: a database that cannot
	                               be written is opened read-only */
	struct learn_model *learn;  /* the learned model, loaded on the first classification (app_learn.c) */
	struct store *store;        /* the store the command has open (app_use_store), through
	                               which the learned model is read; NULL: it opens its own */
	char learn_warning[320];    /* why a stored model is not used, or "" */
};

/* The SHA-256 of rules.ini and of each holiday file of the data directory
 * as compact JSON ({"holidays": {"cn-2026.ini": HEX, …}, "rules.ini": HEX}),
 * recorded on the events that compute deadlines (app_basis.c). */
const char *app_deadline_basis(struct app *a);

/*
 * The first call of main. Installed setgid (config_secure), it turns core
 * dumps off, makes the process undumpable and lowers the effective gid to the
 * real one: every file the user names (--output, import, the print command)
 * is then opened with the user's own rights, and the installed group is taken
 * back only while app_open_store opens the database. Does nothing otherwise.
 * Exits through fatal() when the system refuses.
 */
void app_priv_init(void);
/* True when app_priv_init found cdesk installed setgid (or setuid). */
bool app_priv_active(void);
/* The installed group (the effective gid cdesk started with); without
 * privilege, the effective gid. */
gid_t app_priv_group(void);
/* Takes the installed group as the effective gid, and gives it up again;
 * calls nest. No-ops without privilege; a refusal is fatal(). */
void app_priv_raise(void);
void app_priv_lower(void);

/*
 * Loads cdesk.ini (config_opt, else the documented path; see config_load),
 * reads the clock into now and at and the real uid's login into actor. The
 * option strings are kept, not copied. Returns 0, or config_load's failure
 * (ERR_DATA with file:line for a malformed file, ERR_PERM for a --config an
 * installed cdesk does not read), or ERR_PERM for a uid with no passwd entry,
 * with nothing left to free.
 */
/* Binds the "cdesk" text domain (both interfaces' catalog, no locale
 * change): $CDESK_LOCALEDIR if set (not when installed setgid); else
 * "locale" beside the running binary when it holds our catalog (a build
 * tree: build/cdesk finds build/locale); else the compiled-in
 * CDESK_LOCALEDIR. src/app/app_i18n.c. */
void app_i18n_bind(void);

int app_init(struct app *a, const char *config_opt, const char *db_opt, struct err *err);
/* Frees what app_init and the lazy loaders allocated; a is then zeroed. */
void app_free(struct app *a);

/* The real local time, from the system clock: the only place cdesk reads it. */
struct cdatetime app_clock(void);
/* Sets now to the real time t, and at with it unless --at was given. */
void app_set_now(struct app *a, struct cdatetime t);

/* The holiday calendar from data_dir/holidays, loaded on the first call.
 * Returns 0, or calendar_load_dir's failure (ERR_DATA with file:line). */
int app_calendar(struct app *a, struct calendar **out, struct err *err);
/* The rules from data_dir/rules.ini, loaded on the first call. Returns 0, or
 * rules_load's failure (ERR_DATA with file:line). */
int app_rules(struct app *a, struct ruleset **out, struct err *err);
/*
 * The learned model (core/learn.h) of the configured database, for
 * rules_set_learner: loaded on the first classification, NULL when there is
 * no database, no model or one trained on fewer closed cases than [rules]
 * learn_min_cases; a model of another database is refused, the reason kept
 * in learn_warning. ctx is the struct app.
 */
const struct learn_model *app_learn_get(void *ctx);
/* The store st (NULL: none) is open for the command: app_learn_get reads the
 * model through it rather than opening the database a second time. The
 * caller clears it (NULL) before closing st. */
void app_use_store(struct app *a, struct store *st);
/* [rules] learn_min_cases of cdesk.ini (default 200); ERR_DATA when it is not a count. */
int app_learn_min_cases(const struct app *a, int *out, struct err *err);
/* [rules] learn_fallback of cdesk.ini as permille for rules_set_learn_fallback:
 * a percent 1 to 100 ("60" or "60%"), or "off" (LEARN_NEVER: the calibrated
 * threshold alone); ERR_DATA otherwise. */
int app_learn_fallback(const struct app *a, int *out, struct err *err);
/*
 * The fallback warning for the dates from..to (either order): NULL when the
 * calendar is not loaded or has a holiday file for every year of the span,
 * else a fresh string with one line a year that has none, each ending in a
 * newline: "warning: no holiday calendar for 2027 (data/holidays/cn-2027.ini);
 * counting Monday-Friday only".
 */
char *app_calendar_warning(const struct app *a, cdate from, cdate to);

/*
 * The database path to use (see config_db_path) in *out, to free. Installed
 * setgid, a db_opt naming another file than the installed database fails
 * with ERR_PERM naming --db.
 */
int app_db_path(struct app *a, char **out, struct err *err);

/*
 * Opens the database at the configured path (db_opt, $CDESK_DB, cdesk.ini,
 * XDG; see app_db_path). create: make it when missing (only `cdesk init`
 * does). Installed setgid, with the installed group held for the open, and
 * for a user other than root only when the database, its -wal and its -shm
 * exist and none is the user's (ERR_PERM). Returns 0, or app_db_path's or
 * store_open's failure (ERR_NOTFOUND for a missing file, ERR_DATA for one
 * that is not a cdesk database, …).
 */
int app_open_store(struct app *a, bool create, struct store **st, struct err *err);

/*
 * Fills ctx for an action on st: the rules and the calendar, the actor, at
 * and now, the case number prefix ([cases] prefix, "TS" by default). The
 * rules and the calendar must have been loaded (app_rules, app_calendar);
 * ctx points into a and stays valid while a does.
 */
void app_case_ctx(struct app *a, struct store *st, struct case_ctx *ctx);

/*
 * The report of period p as of at, from st, or from the configured database
 * opened for the call when st is NULL, with the department and category
 * names and the claim threshold of the rules. Returns 0 with *out to free
 * with report_free; fails as app_calendar, app_rules, app_open_store or
 * report_build do. The result is not yet checked (report_check).
 */
int app_report_build(struct app *a, struct store *st, const struct report_period *p,
		     struct report **out, struct err *err);

/* The documents of a case, filled from data_dir/templates/. */
enum app_document {
	APP_DOC_FORM,               /* 《医院投诉登记表》, registration-form.txt */
	APP_DOC_LETTER,             /* the reply letter, reply-letter.txt */
	APP_DOC_NOTICE              /* the complainant told: not-accepted-notice.txt
				     * (第二十六条) or merged-notice.txt (第十五条) */
};

/*
 * Appends the document doc of case number to out, dated at, 80 columns wide.
 * Returns 0; fails with ERR_NOTFOUND when the template or the case does not
 * exist, ERR_STATE for a letter of a case with neither a reply sent nor an
 * approved draft, and as app_rules, app_open_store or template_fill do.
 */
int app_case_document(
	struct app *a,
	struct store *st,           /* the open database; NULL: the configured one, for the call */
	enum app_document doc,
	const char *number,         /* as given: the prefix may be in any case */
	struct sbuf *out,
	char *number_out,           /* the case's number as stored, at least 32 bytes; or NULL */
	struct err *err
);

struct template_var;
/* Draws a document from the values of its template's placeholders (the same
 * as the text's, by name: "number", "name", "account" …) and the template
 * filled with them (text), appending to out. */
typedef int app_document_draw(const struct app *a, const struct template_var *vars, int nvars,
			      const char *text, struct sbuf *out, struct err *err);
/* As app_case_document, the document drawn by draw (the PDF, app/pdf.h)
 * instead of filled into the text template. */
int app_case_document_draw(struct app *a, struct store *st, enum app_document doc,
			   const char *number, app_document_draw *draw, struct sbuf *out,
			   char *number_out, struct err *err);

/* The print command in use: [print] command of cdesk.ini, else "lp". */
const char *app_print_command(const struct app *a);
/* Sends data to the print command (print_pipe; its output silenced when
 * quiet_print is set). Returns 0; fails as print_pipe does. */
int app_print(struct app *a, const char *data, size_t len, struct err *err);
/*
 * A file being written for --output: a fresh temporary file beside the
 * target (mkstemp: O_CREAT|O_EXCL, so no planted name or symlink is
 * followed; mode 0600 less the umask), renamed over the target when done.
 */
struct app_output {
	const char *path;           /* the target; NULL: standard output */
	char *tmp;                  /* the temporary file's name */
	FILE *f;                    /* write here */
};

/*
 * Opens o for path, or for standard output when path is NULL or "-", with
 * the user's own rights (never the installed group). Returns 0; fails with
 * ERR_NOTFOUND when the directory does not exist, ERR_FAIL naming the file
 * and the system's reason otherwise.
 */
int app_output_open(struct app_output *o, const char *path, struct err *err);
/*
 * Finishes o: keep, the written file replaces the target (rename); not keep,
 * it is removed. Returns 0; fails with ERR_FAIL naming the file when writing,
 * closing or renaming failed (then no partial file is left behind).
 */
int app_output_close(struct app_output *o, bool keep, struct err *err);
/*
 * Writes data to path through app_output_open and app_output_close, or to
 * standard output when path is NULL or "-". Fails as they do.
 */
int app_write_output(const char *path, const char *data, size_t len, struct err *err);

#endif
