/*
 * The store's private header: struct store and two small binding helpers,
 * shared by store.c (opening, transactions, busy handling, backup),
 * store_events.c (the event log, its hash chain and check) and
 * store_drafts.c (intake drafts). Nothing outside src/core/store*.c
 * includes it.
 */
#ifndef CDESK_CORE_STORE_PRIV_H
#define CDESK_CORE_STORE_PRIV_H

#include "core/store.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdbool.h>

/* Schema objects (indexes, triggers) a bulk transaction (store_bulk.c) or
 * a load (store_load.c) sets aside, to be created again from their SQL. */
struct set_aside {
	struct aside {
		int kind;           /* store_load.c: an index or a trigger */
		char *name, *sql;
		char *guard;        /* store_bulk.c: the TEMP trigger standing in, or NULL */
	} *v;
	int n;
	char *batch;                /* the full-text insert trigger's statement over the new cases */
};

struct store {
	sqlite3 *db;
	char *path;
	int version;
	bool in_tx;
	bool bulk;                  /* inside store_bulk_begin: actions are savepoints */
	bool in_sp;                 /* an action's savepoint is open */
	long busy_ms;               /* the whole wait allowed for a lock (STORE_BUSY_MS) */
	long long busy_until;       /* busy handler: give up then (monotonic ms) */
	bool busy_fixed;            /* store_begin set busy_until for all its retries */
	struct cached_stmt { char *sql; sqlite3_stmt *s; } *stmts;   /* store_stmt */
	int nstmts, capstmts;
	struct set_aside fts;       /* store_bulk.c: the FTS triggers of a bulk transaction */
	bool fts_deferred;
	struct set_aside load;      /* store_load.c: the indexes and triggers of a load */
	bool loading;
	/* store_events.c: the last event written in this bulk transaction
	 * (id 0: read it from the file); cleared by every rollback and commit */
	int64_t last_event_id;
	char last_event_hash[65];
	/* store_tune.c: $CDESK_TRACE_LOCK, for bench/load.sh (ms, monotonic) */
	struct store_lock_trace {
		bool on;
		int autockpt;           /* PRAGMA wal_autocheckpoint, which the hook keeps */
		double opened, tx_start, wait, begin, hold, commit, ckpt;
		int waits, ckpts;
	} lt;
};

/* store_tune.c: $CDESK_TRACE_SQL, for make bench; settings for speed. */
void store_trace_setup(sqlite3 *db);
void store_tune(sqlite3 *db);
/* store_tune.c: $CDESK_TRACE_LOCK, for bench/load.sh: the time a connection
 * spent waiting for locks, holding the write lock, committing and
 * checkpointing, appended to the file as one line when it closes. */
double store_trace_ms(void);
void store_trace_lock_setup(struct store *st);
void store_trace_lock_write(struct store *st, double close_ms);

static inline void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static inline char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/* store_bulk.c: inside a bulk transaction, sets the FTS triggers aside (or
 * leaves them when they are not of cdesk's shape); _finish indexes the
 * bulk's cases and restores the triggers, before the commit; _abandon
 * after a rollback. */
void store_bulk_fts_defer(struct store *st);
int store_bulk_fts_finish(struct store *st, struct err *err);
void store_bulk_fts_abandon(struct store *st);
/* The full-text insert trigger's one statement (INSERT ... VALUES (new.x,
 * ...) as INSERT ... SELECT new.x, ... FROM main.cases AS new WHERE where
 * ORDER BY new.id), or NULL when the trigger's body is not a single INSERT
 * ... VALUES (...). */
char *store_bulk_fts_statement(const char *trigger, const char *where);
/* store_exec, again while it fails as busy within the busy budget (a
 * change of journal mode, which SQLite does not hand to the busy handler
 * while another connection reads). */
int store_exec_retry(struct store *st, const char *sql, struct err *err);

/* store_bulk.c: adds an object to a (its guard NULL); the new entry. */
struct aside *store_aside_add(struct set_aside *a, int kind, const char *name, const char *sql);
/* store_bulk.c: frees all a holds and empties it. */
void store_aside_free(struct set_aside *a);
/* store.c: the integer a PRAGMA returns, into *out; an SQLite result. */
int store_pragma_int(struct store *st, const char *pragma, int *out);
/* store_identify.c: classifies the file st opened: a cdesk database (its
 * version in st->version), an empty file (*empty), or ERR_DATA naming what
 * else it is (another program's, truncated, damaged, a load unfinished). */
int store_identify(struct store *st, bool *empty, struct err *err);

/* store_fts.c: cdesk_fts_has, cdesk_fts_fold and cdesk_fts_nterms on db,
 * over FTS5's trigram tokenizer; an SQLite result. */
int store_fts_functions(sqlite3 *db);
/* store_events.c: cdesk_event_after(at, after), the fields as written, and
 * cdesk_event_stored(at, after), as stored at schema 15, on db. */
int store_event_functions(sqlite3 *db);

/* store_load.c: frees what store_load_begin set aside (store_close). */
void store_load_abandon(struct store *st);

/* store.c: a new file at path with mode 0660 (ERR_CONFLICT when it exists);
 * ERR_PERM when an installed cdesk runs for a user other than root and
 * would make a file of theirs (what: "init" or "backup"). */
int store_create_file(const char *path, struct err *err);
int store_refuse_staff_file(const char *what, const char *path, struct err *err);

/*
 * store_events.c: the forms a whole-case event is stored in (the schema
 * version that brought each), each read back into the same canonical text
 * its hash is over; store_compact.c: the migrations' rewrite into a newer
 * form. _canonical gives that text (malloc'd), NULL when it is the stored
 * text itself; _strip the text as stored at form, NULL when nothing is taken
 * out; _hash the hash over the fields of ev with after as given; _hash_ok
 * whether ev's hash is right at form (over its canonical form or its text).
 */
enum { FORM_V6 = 6, FORM_V10 = 10, FORM_V12 = 12 };
char *store_form_canonical(const char *action, const char *after, int form);
char *store_form_strip(const char *action, const char *after, int form);
void store_form_hash(const struct store_event *ev, const char *after, char hex[65]);
bool store_form_hash_ok(const struct store_event *ev, int form);
bool store_unhex(const char *hex, size_t len, unsigned char d[32]);

#endif
