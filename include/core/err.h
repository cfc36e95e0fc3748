/* Error reporting for the core: a status code and a message the caller shows. */
#ifndef CDESK_CORE_ERR_H
#define CDESK_CORE_ERR_H

/*
 * Status codes double as the command line's exit codes, so that scripts can
 * tell a typo from a missing case from a refused action.
 */
enum err_code {
	ERR_OK = 0,
	ERR_FAIL = 1,       /* generic failure (e.g. a check found a problem) */
	ERR_USAGE = 2,      /* bad command line or invalid input value */
	ERR_NOTFOUND = 3,   /* no such case, department, file */
	ERR_PERM = 4,       /* the acting user's role may not do this */
	ERR_STATE = 5,      /* refused by the case's state */
	ERR_CONFLICT = 6,   /* duplicate, locked, concurrent change */
	ERR_DATA = 7,       /* malformed configuration, rules, calendar, CSV */
	ERR_INTERNAL = 70   /* a bug or an unexpected library failure */
};

struct err {
	int code;           /* enum err_code; ERR_OK when nothing went wrong */
	char msg[1024];
};

/* Sets code and a printf-style message; returns code so callers can
 * `return err_set(err, ERR_USAGE, "...")`. err may be NULL. The format is
 * translated (the "cdesk" domain, core/i18n.h) before it is filled in, so
 * a literal format is a msgid (`make pot` extracts err_set's third and
 * err_prefix's second argument); a message made elsewhere goes in as "%s". */
int err_set(struct err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with more context ("file.ini:12: " ...). */
int err_prefix(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *err);

/*
 * A library's error text for a message (src/core/syserr.c). Under the C
 * locale exactly the library's words (sqlite3_errmsg, strerror); in another
 * messages language a sentence naming what failed, keyed on the result code
 * or errno, with the library's words in parentheses ("磁盘已满（database or
 * disk is full）"). The text lives in one of a few static buffers, until a
 * few more calls.
 */
struct sqlite3;
const char *err_sqlite_text(int rc, const char *raw);   /* raw NULL: sqlite3_errstr(rc) */
const char *err_sqlite_db(struct sqlite3 *db);          /* the last error of db */
const char *err_errno_text(int e);                      /* for strerror(e) */

#endif
