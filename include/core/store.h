/* The SQLite case store: opening, schema and migrations, the hash-chained event log, checks, backup. */
#ifndef CDESK_CORE_STORE_H
#define CDESK_CORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/date.h"
#include "core/err.h"

/*
 * One open database file. Every connection runs in WAL mode with foreign
 * keys on and a busy handler that waits (with backoff, up to
 * STORE_BUSY_MS) instead of failing, so that many terminals can share one
 * file and a clerk never sees "database is locked". The WAL is persistent:
 * the -wal and -shm files stay when the last connection closes, so that
 * they keep the owner they were made with.
 *
 * The schema is described in src/core/schema.c (one SQL script per
 * version); `PRAGMA user_version` holds the version and
 * `PRAGMA application_id` marks the file as a cdesk database.
 *
 * Times in the database are ISO 8601 local date-times "YYYY-MM-DD HH:MM:SS"
 * (dates "YYYY-MM-DD"); money is integer fen.
 */
struct store;

#define STORE_SCHEMA_VERSION 17         /* the version this program writes */
#define STORE_APPLICATION_ID 0x43445348 /* "CDSH" in PRAGMA application_id */
#define STORE_BUSY_MS 30000             /* longest wait for another writer */

/*
 * Opens the database at path. When create is false the file must exist and
 * be a cdesk database: a missing file fails with ERR_NOTFOUND ("no database
 * at …; create one with 'cdesk init'"), a file that is not SQLite or not
 * cdesk's with ERR_DATA, a schema newer than STORE_SCHEMA_VERSION with
 * ERR_DATA ("… upgrade cdesk"). An older schema is migrated forward in one
 * transaction. When create is true a missing file is created with mode 0660
 * (owner and the staff group; see README) and given the current schema.
 * path ":memory:" opens a private in-memory database (create must be true).
 */
int store_open(const char *path, bool create, struct store **out, struct err *err);

/*
 * Opens the cdesk database at path for reading only (the read-only commands
 * on a file or in a directory that cannot be written): SQLite's read-only
 * mode, or, when the directory cannot hold the -shm a WAL reader needs and
 * the -wal is empty, the file as an immutable one. Fails as store_open does,
 * and with ERR_PERM when the schema would need a migration.
 */
int store_open_readonly(const char *path, struct store **out, struct err *err);

/* True when st was opened read-only (store_open_readonly, or a file SQLite
 * could only open for reading): a command that would record something (an
 * identity viewed) decides what to do without writing. */
bool store_is_readonly(struct store *st);

/*
 * `cdesk init`: creates a new database at path with mode 0660. Refuses with
 * ERR_CONFLICT when a file already exists there (an existing cdesk database
 * is never overwritten), and with ERR_PERM when cdesk runs setgid
 * (config_secure) for a user other than root. On success *out is the open store (may be NULL
 * when the caller does not want it). A file it made and could not finish (a
 * full disk) is removed.
 */
int store_init(const char *path, struct store **out, struct err *err);
/* Removes the new database at path with its -wal, -shm and -journal: for
 * `cdesk init` when what follows store_init fails (its first admin not
 * registered), so that no half-made database is left to open. */
void store_init_undo(const char *path);

/* Closes the connection; NULL is allowed. */
void store_close(struct store *st);

/* The SQL script that brings version-1 to version (1..STORE_SCHEMA_VERSION),
 * NULL otherwise. The schema's documentation is in src/core/schema.c. */
const char *store_schema_sql(int version);

/* Registers on db the SQL functions the scripts use (the migration to
 * version 6 converts the event log with cdesk_unhex and cdesk_compact, the
 * one to version 10 its whole-case events with cdesk_compact10, the one to
 * 15 the events' own times with cdesk_event_stored);
 * store_migrate does so itself. SQLITE_OK or SQLite's error code. */
int store_schema_functions(sqlite3 *db);

/* The raw connection, for read-only queries (reports) and tests. Writers go
 * through the functions of this header and of core/cases.h. */
sqlite3 *store_db(struct store *st);

/* The file's path as given to store_open (":memory:" for memory). */
const char *store_path(const struct store *st);

/* The schema version of the open database (after migration). */
int store_schema_version(struct store *st);

/*
 * Migrates the open database up to version target (<= STORE_SCHEMA_VERSION)
 * in one transaction. store_open does this automatically; tests use it to
 * build an old database. Fails with ERR_DATA when the database is newer than
 * target, ERR_INTERNAL on an SQL failure (nothing is then changed).
 */
int store_migrate(struct store *st, int target, struct err *err);

/*
 * Opens a path without migrating: only for tests that need a database at an
 * old version (create with store_open_raw + store_migrate(st, 1)).
 */
int store_open_raw(const char *path, struct store **out, struct err *err);

/*
 * Write transactions. store_begin takes the write lock at once (BEGIN
 * IMMEDIATE), waiting for other writers through the busy handler and
 * retrying, so that a transaction never fails half-way on a lock. Fails
 * with ERR_CONFLICT only after STORE_BUSY_MS of waiting. Nesting is not
 * supported.
 */
int store_begin(struct store *st, struct err *err);
int store_commit(struct store *st, struct err *err);
/* Rolls back the open transaction, if any. Never fails. */
void store_rollback(struct store *st);

/*
 * Bulk writing (`cdesk import`, `cdesk demo`): store_bulk_begin opens one
 * write transaction (as store_begin); until store_bulk_commit or
 * store_bulk_rollback, every store_begin/commit/rollback of the actions
 * becomes a savepoint inside it, so each action stays all or nothing while
 * thousands share one commit. store_bulk_rollback undoes everything since
 * store_bulk_begin. Not nestable.
 */
int store_bulk_begin(struct store *st, struct err *err);
int store_bulk_commit(struct store *st, struct err *err);
void store_bulk_rollback(struct store *st);

/*
 * Loading a new file that no one else uses yet (`cdesk demo`, see
 * src/core/store_load.c): store_load_begin, outside a transaction, sets
 * aside the secondary indexes no action reads a case by, the full-text
 * and report totals' triggers, syncing and the WAL; the bulk transactions
 * then only write rows. store_load_finish builds the indexes and the
 * full-text index of every case loaded, empties the report's kept totals,
 * puts the triggers back and the file in WAL mode, syncing FULL. A file
 * whose load did not finish lacks its indexes: its caller removes it.
 */
int store_load_begin(struct store *st, struct err *err);
int store_load_finish(struct store *st, struct err *err);

/* Sets err from the connection's last SQLite error with context ctx (a
 * msgid, translated: make pot extracts the second argument); returns
 * ERR_INTERNAL (ERR_CONFLICT for SQLITE_BUSY / SQLITE_LOCKED). */
int store_sql_error(struct store *st, const char *ctx, struct err *err);

/* Runs SQL (one or more statements, no results); ERR_INTERNAL on failure. */
int store_exec(struct store *st, const char *sql, struct err *err);

/*
 * The prepared statement of sql, prepared once and kept until store_close,
 * for the writers that run the same statement for every case of an import
 * or a demo. It comes back reset with no bindings; step it, then
 * sqlite3_reset it (never finalize it). sql is copied; two statements are
 * the same when their text is. ERR_INTERNAL when sql does not prepare.
 */
int store_stmt(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err);

/*
 * The event log. Each event belongs to a case (case_id > 0) or to the whole
 * database (case_id 0: init, migration, bulk recomputation). Events are
 * append-only: triggers make SQLite itself refuse UPDATE and DELETE on them.
 * Each event's hash is SHA-256 over the previous event's hash and this
 * event's fields (see store_event_hash), so that an edit made outside cdesk
 * breaks the chain and store_check names the first broken event.
 */
struct store_event {
	int64_t id;
	int64_t case_id;            /* 0: a database-level event */
	int round;                  /* the case's dispatch round then; 0 for none */
	char actor[64];             /* the Unix login */
	char at[20];                /* effective time (--at), "YYYY-MM-DD HH:MM:SS" */
	char recorded[20];          /* the real time of recording */
	char action[24];            /* "add", "transfer", "feedback", … */
	char *before;               /* JSON object of the changed fields before; may be NULL */
	char *after;                /* JSON object after; may be NULL */
	char *note;                 /* free text (reason, comment); may be NULL */
	char prev_hash[65];         /* hex: the hash of the event before it (not stored: read
	                               from that row); 64 zeros for the first event */
	char hash[65];
};

/* An event as a writer gives it: the store numbers, chains and hashes it. */
struct json_t;
struct store_event_in {
	int64_t case_id;            /* 0: a database-level event */
	int round;                  /* the case's dispatch round then; 0 for none */
	const char *actor;          /* the Unix login; NULL: "unknown" */
	struct cdatetime at;        /* effective time (--at) */
	struct cdatetime recorded;  /* the real time of recording */
	const char *action;
	const char *before;         /* JSON object text; may be NULL */
	const char *after;          /* JSON object text; may be NULL */
	/* after as a JSON object instead (after is then not read; not changed,
	 * the caller keeps its reference): the event is stored and hashed
	 * exactly as its compact, key-sorted dump given as after would be, but
	 * a whole-case event (add) is stripped from the object instead of from
	 * the text parsed back (a third of the demo's direct path, perf record). */
	const struct json_t *after_obj;
	const char *note;           /* free text; may be NULL */
};

/*
 * Appends one event inside the caller's transaction (store_begin): the next
 * id, chained to the last event's hash (store_event_hash). The only writer
 * of the event log. Fills ev_id (may be NULL). Fails with ERR_INTERNAL on
 * an SQL failure.
 */
int store_event_append(struct store *st, const struct store_event_in *ev, int64_t *ev_id,
		       struct err *err);

/*
 * The events of one case in order (case_id 0: the database-level events).
 * *out is a fresh array of *n events; free with store_events_free.
 */
int store_events_list(struct store *st, int64_t case_id, struct store_event **out, int *n,
		      struct err *err);
void store_events_free(struct store_event *evs, int n);

/* Computes the hex hash of ev (its prev_hash and fields, a whole-case
 * event's in their canonical form: see store_events.c) into hex[65]. */
void store_event_hash(const struct store_event *ev, char hex[65]);

/* The events' recorded time as read in SQL (an event e): stored empty
 * when it is its effective time (schema 15). */
#define STORE_RECORDED(e) "coalesce(nullif(" e ".recorded, ''), " e ".at)"

/*
 * The events' rows as a full export writes them (column by column) and a
 * full import reads them: as they are read through STORE_RECORDED, the
 * same whatever their stored form. store_export_column gives the SQL
 * expression that reads column of table so (NULL: the column as stored);
 * store_events_compact brings rows inserted in that form to the stored one
 * inside the caller's transaction, the triggers on events dropped (an SQL
 * failure: ERR_INTERNAL).
 */
const char *store_export_column(const char *table, const char *column);
int store_events_compact(struct store *st, struct err *err);

/* An event's fields as stored (schema 15: its own effective time at as "")
 * given back as the text they were written as (malloc'd); NULL when that
 * is the stored text itself, or it is NULL. */
char *store_event_after_read(const char *at, const char *stored);

/* True for the actions whose event holds the whole case ("add", "import"). */
bool store_event_whole(const char *action);

/* A whole-case event's fields without their nulls and without the fields
 * at their default or derived from another (schema 10 and 12), as stored
 * (malloc'd); NULL when after has none to take out or action is another. */
char *store_event_strip(const char *action, const char *after);

/* Puts back into o, the fields of a whole-case event of action as stored,
 * each field left out at its default or derived value (an absent other is
 * null). */
void store_event_defaults(const char *action, struct json_t *o);

/*
 * `cdesk check`. Runs PRAGMA integrity_check and foreign_key_check, then
 * walks the whole event chain. Returns 0 when all is well; ERR_FAIL with a
 * message naming the first problem ("event 1234 (case TS2026-00042,
 * transfer): hash does not match its contents"); ERR_INTERNAL when the check
 * itself could not run. events_checked (may be NULL) gets the number of
 * events verified.
 */
int store_check(struct store *st, int64_t *events_checked, struct err *err);

/*
 * `cdesk backup FILE`: copies the live database to path with SQLite's
 * online backup API (safe while others write). Refuses an existing path
 * with ERR_CONFLICT; the copy is created with mode 0660. When cdesk runs
 * setgid (config_secure), refused with ERR_PERM for a user other than root,
 * and root's copy gets the database's group.
 */
int store_backup(struct store *st, const char *path, struct err *err);

/*
 * Unsaved intake forms. The TUI saves the form as the clerk types, one
 * draft per user (a JSON object of its own design), so that a crash or a
 * closed terminal loses nothing; on the next start it offers the draft
 * back. These do not touch the event log.
 */
/* Replaces user's draft; ERR_USAGE when json is not valid UTF-8 or too big (1 MB). */
int store_draft_save(struct store *st, const char *user, const char *json,
		     struct cdatetime saved, struct err *err);
/* *json is a fresh string and *saved when it was saved; ERR_NOTFOUND when
 * the user has no draft. */
int store_draft_load(struct store *st, const char *user, char **json, struct cdatetime *saved,
		     struct err *err);
/* Removes user's draft (no draft is not an error). */
int store_draft_delete(struct store *st, const char *user, struct err *err);

/*
 * Several drafts per user (one per form the clerk started): slot 0 is the
 * draft of the calls above, slots 1.. the others. Same table, the row's key
 * "login" for slot 0 and "login#N" for slot N (a Unix login has no '#').
 */
struct store_draft {
	int slot;
	struct cdatetime saved;
	char *json;
};
int store_draft_save_slot(struct store *st, const char *user, int slot, const char *json,
			  struct cdatetime saved, struct err *err);
int store_draft_delete_slot(struct store *st, const char *user, int slot, struct err *err);
/* The user's drafts, latest first, into a fresh array (store_drafts_free). */
int store_drafts_list(struct store *st, const char *user, struct store_draft **out, int *n,
		      struct err *err);
void store_drafts_free(struct store_draft *d, int n);

/* Formats t as "YYYY-MM-DD HH:MM:SS" into buf[20]; a helper for SQL binds. */
char *store_time(struct cdatetime t, char buf[20]);
/* Parses a stored time ("YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD"); false when malformed. */
bool store_parse_time(const char *s, struct cdatetime *out);

#endif
