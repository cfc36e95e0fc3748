/*
 * The SQLite case store: opening, migrations, write transactions, busy
 * handling, backup. The event chain and its check are in store_events.c,
 * intake drafts in store_drafts.c, struct store in store_priv.h.
 */
#include "core/store.h"
#include "store_priv.h"
#include "core/config.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Messages a clerk may see in the full-screen interface too. */
#define R_(s) dgettext("cdesk", s)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The wait allowed for a lock: STORE_BUSY_MS, or $CDESK_BUSY_TIMEOUT seconds
 * (0.1 to 3600; for tests and for sites that would rather fail sooner; not
 * when installed setgid). */
static long busy_budget(void)
{
	/* Installed setgid, nothing is taken from the environment (README). */
	const char *v = config_secure() ? NULL : getenv("CDESK_BUSY_TIMEOUT");
	char *end;
	double s;

	if (!v || !*v)
		return STORE_BUSY_MS;
	s = strtod(v, &end);
	if (*end || s < 0.1 || s > 3600)
		return STORE_BUSY_MS;
	return (long)(s * 1000);
}

/*
 * Waits for another connection's lock with a growing sleep instead of
 * failing at once. SQLite calls this with the number of earlier calls for
 * the same lock; returning 0 gives up (SQLITE_BUSY). The budget is wall
 * time for the whole statement (for store_begin, all its retries
 * together), so a held lock fails after busy_ms, not after a multiple.
 */
static int busy_wait(void *arg, int count)
{
	/* Short steps: a writer that slept 100 ms missed every commit of the
	 * others in between (100 terminals: p95 of add 5.0 s with steps up to
	 * 100 ms, 0.97 s with 5 ms, bench/load.sh on a loaded machine). */
	static const int steps_ms[] = { 1, 2, 3, 4, 5 };
	struct store *st = arg;
	long long now = now_ms(), left;
	int ms;
	struct timespec ts;

	if (count == 0 && !st->busy_fixed)
		st->busy_until = now + st->busy_ms;
	left = st->busy_until - now;
	if (left <= 0)
		return 0;
	ms = count < (int)(sizeof steps_ms / sizeof steps_ms[0]) ? steps_ms[count] : 5;
	/* Spread waiting processes apart so they do not wake in lockstep. */
	ms += (int)((getpid() + count) % 3);
	if (ms > left)
		ms = (int)left;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	if (st->lt.on) {
		double t = store_trace_ms();
		nanosleep(&ts, NULL);
		st->lt.wait += store_trace_ms() - t;
		st->lt.waits++;
	} else {
		nanosleep(&ts, NULL);
	}
	return 1;
}

int store_sql_error(struct store *st, const char *ctx, struct err *err)
{
	int rc = st && st->db ? sqlite3_extended_errcode(st->db) : SQLITE_ERROR;
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : "no database";
	/* The file, named once: ctx is often the file itself. */
	const char *path = st && st->path && strcmp(ctx, st->path) != 0 ? st->path : NULL;
	char what[512];

	/* ctx is a msgid ("begin transaction" → 开始事务; make pot's
	 * -kstore_sql_error:2), or a file's name that stays as it is */
	ctx = R_(ctx);

	snprintf(what, sizeof what, "%s%s%s", ctx, path ? ": " : "", path ? path : "");
	if ((rc & 0xff) == SQLITE_READONLY)
		return err_set(err, ERR_PERM, R_("%s cannot be written (%s); the staff group needs "
			       "write access to the file and its directory (see the README)"), what,
			       msg);
	if ((rc & 0xff) == SQLITE_FULL)
		return err_set(err, ERR_FAIL, R_("%s could not be written: the disk is full (%s); "
			       "free space and try again; nothing was changed"), what, msg);
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ||
	    rc == SQLITE_IOERR_SHORT_READ)
		return err_set(err, ERR_DATA, R_("%s is damaged or truncated (%s); restore it from a "
			       "backup (cdesk backup) and run 'cdesk check'"), what, msg);
	if ((rc & 0xff) == SQLITE_IOERR)
		return err_set(err, ERR_FAIL, R_("%s could not be written or read (%s): the disk is "
			       "full, the file over its size limit (ulimit -f), or the disk is "
			       "failing; nothing was changed"), what, msg);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return err_set(err, ERR_CONFLICT,
			       R_("%s: the database is busy (locked by another cdesk or sqlite3); "
			       "gave up after %.1f s, try again"), ctx,
			       (st ? st->busy_ms : STORE_BUSY_MS) / 1000.0);
	return err_set(err, ERR_INTERNAL, "%s: %s", ctx, err_sqlite_text(rc, msg));
}

int store_exec(struct store *st, const char *sql, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = store_sql_error(st, "database", err);
		if (msg && rc == ERR_INTERNAL)
			err_set(err, ERR_INTERNAL, "database: %s",
				err_sqlite_text(sqlite3_extended_errcode(st->db), msg));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int store_pragma_int(struct store *st, const char *pragma, int *out)
{
	sqlite3_stmt *s;
	char *sql = xasprintf("PRAGMA %s", pragma);
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	free(sql);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

/* Resets the cached statements, so that none still holds a read or a
 * write of the transaction being ended. */
static void stmts_reset(struct store *st)
{
	for (int i = 0; i < st->nstmts; i++)
		sqlite3_reset(st->stmts[i].s);
}

/*
 * Runs a transaction statement, again while it fails as busy: the busy
 * handler waits, and this covers the cases SQLite does not hand to it. All
 * the attempts share one budget of busy_ms. Returns the last SQLite result.
 */
static int exec_retry(struct store *st, const char *sql)
{
	int rc;

	st->busy_until = now_ms() + st->busy_ms;
	st->busy_fixed = true;
	for (int attempt = 0;; attempt++) {
		rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK || (rc & 0xff) != SQLITE_BUSY || !busy_wait(st, 10 + attempt))
			break;
	}
	st->busy_fixed = false;
	return rc;
}

int store_exec_retry(struct store *st, const char *sql, struct err *err)
{
	return exec_retry(st, sql) == SQLITE_OK ? 0 : store_sql_error(st, "database", err);
}

/* Runs sql, a statement without parameters or rows, kept prepared: the
 * savepoint of each action of a bulk transaction was parsed again by
 * sqlite3_exec every time (a demo walks some twenty actions a case). */
static int run_kept(struct store *st, const char *sql)
{
	struct err e = { 0 };
	sqlite3_stmt *s;
	int rc;

	if (store_stmt(st, sql, &s, &e))
		return SQLITE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return SQLITE_OK;
	}
	return rc;  /* left unreset, so that the error is still the connection's */
}

int store_begin(struct store *st, struct err *err)
{
	if (st->bulk) {
		if (st->in_sp)
			return err_set(err, ERR_INTERNAL, "begin transaction: already in one");
		if (run_kept(st, "SAVEPOINT action") != SQLITE_OK)
			return store_sql_error(st, "begin transaction", err);
		st->in_sp = true;
		return 0;
	}
	double t = st->lt.on ? store_trace_ms() : 0;

	/* BEGIN IMMEDIATE takes the write lock now, so the transaction cannot
	 * fail later on a lock it would have had to upgrade. */
	if (exec_retry(st, "BEGIN IMMEDIATE") != SQLITE_OK) {
		if (st->lt.on)
			st->lt.begin += store_trace_ms() - t;
		return store_sql_error(st, "begin transaction", err);
	}
	if (st->lt.on) {
		st->lt.tx_start = store_trace_ms();
		st->lt.begin += st->lt.tx_start - t;
	}
	st->in_tx = true;
	return 0;
}

int store_commit(struct store *st, struct err *err)
{
	stmts_reset(st);
	if (st->bulk) {
		if (st->in_sp && run_kept(st, "RELEASE action") != SQLITE_OK) {
			int code = store_sql_error(st, "commit", err);
			store_rollback(st);
			return code;
		}
		st->in_sp = false;
		return 0;
	}
	double t = st->lt.on ? store_trace_ms() : 0, ckpt = st->lt.ckpt;
	int rc = exec_retry(st, "COMMIT");

	/* the autocheckpoint that COMMIT may run is counted apart; a COMMIT
	 * that wrote nothing calls no WAL hook, and ends the hold here */
	if (st->lt.on) {
		st->lt.commit += store_trace_ms() - t - (st->lt.ckpt - ckpt);
		if (rc == SQLITE_OK && st->lt.tx_start > 0) {
			st->lt.hold += store_trace_ms() - st->lt.tx_start;
			st->lt.tx_start = 0;
		}
	}
	if (rc != SQLITE_OK) {
		int code = store_sql_error(st, "commit", err);
		store_rollback(st);
		return code;
	}
	st->in_tx = false;
	return 0;
}

void store_rollback(struct store *st)
{
	if (st) {
		stmts_reset(st);
		st->last_event_id = 0;
	}
	if (st && st->bulk) {
		if (st->in_sp)
			sqlite3_exec(st->db, "ROLLBACK TO action; RELEASE action", NULL, NULL, NULL);
		st->in_sp = false;
		return;
	}
	if (st && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	if (st && st->lt.tx_start > 0) {
		st->lt.hold += store_trace_ms() - st->lt.tx_start;
		st->lt.tx_start = 0;
	}
	if (st)
		st->in_tx = false;
}

int store_bulk_begin(struct store *st, struct err *err)
{
	int rc;

	if (st->bulk || st->in_tx)
		return err_set(err, ERR_INTERNAL, "bulk transaction: already in a transaction");
	/* A big transaction would spill its dirty pages into the WAL again and
	 * again with the default 2 MB cache; 256 MB keeps them in memory. Each
	 * action's savepoint journals the pages it changes: in memory, not a
	 * temporary file. */
	sqlite3_exec(st->db, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY", NULL, NULL,
		     NULL);
	if ((rc = store_begin(st, err)))
		return rc;
	store_bulk_fts_defer(st);
	st->bulk = true;
	st->in_sp = false;
	st->last_event_id = 0;
	return 0;
}

int store_bulk_commit(struct store *st, struct err *err)
{
	int rc;

	st->bulk = false;
	st->in_sp = false;
	st->last_event_id = 0;
	stmts_reset(st);
	if ((rc = store_bulk_fts_finish(st, err))) {
		store_rollback(st);
		store_bulk_fts_abandon(st);
		return rc;
	}
	return store_commit(st, err);
}

void store_bulk_rollback(struct store *st)
{
	if (!st)
		return;
	st->bulk = false;
	st->in_sp = false;
	store_rollback(st);
	store_bulk_fts_abandon(st);
}

static int migrate(struct store *st, int target, struct err *err);

int store_migrate(struct store *st, int target, struct err *err)
{
	int rc;

	if (target < 0 || target > STORE_SCHEMA_VERSION)
		return err_set(err, ERR_INTERNAL, "no schema version %d", target);
	/* The migration to 6 drops the old event log: with temporary data in
	 * memory, that took 400 MB at 100,000 cases. A temporary file instead,
	 * unless installed setgid (see store_tune). */
	if (!config_secure())
		sqlite3_exec(st->db, "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
	rc = migrate(st, target, err);
	sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	return rc;
}

static int migrate(struct store *st, int target, struct err *err)
{
	int v = 0, rc;

	if ((rc = store_begin(st, err)))
		return rc;
	/* Read the version under the write lock: another process may have
	 * migrated the file while this one waited. */
	if (store_pragma_int(st, "user_version", &v) != SQLITE_OK) {
		rc = store_sql_error(st, "schema version", err);
		goto fail;
	}
	if (v > target) {
		rc = err_set(err, ERR_DATA, "%s: database schema version %d is newer than %d",
			     st->path, v, target);
		goto fail;
	}
	if (v < target && store_schema_functions(st->db) != SQLITE_OK) {
		rc = store_sql_error(st, "migration", err);
		goto fail;
	}
	for (int k = v + 1; k <= target; k++) {
		char *sql;
		if ((rc = store_exec(st, store_schema_sql(k), err))) {
			err_prefix(err, "migrating %s to schema version %d: ", st->path, k);
			goto fail;
		}
		sql = xasprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", k,
				STORE_APPLICATION_ID);
		rc = store_exec(st, sql, err);
		free(sql);
		if (rc)
			goto fail;
	}
	if ((rc = store_commit(st, err)))
		return rc;
	st->version = target > v ? target : v;
	return 0;
fail:
	store_rollback(st);
	return rc;
}

static int connect(const char *path, int flags, struct store **out, struct err *err)
{
	struct store *st = xcalloc(1, sizeof *st);

	st->path = xstrdup(path);
	st->busy_ms = busy_budget();
	/* One thread uses a connection (cdesk starts none): no mutex around
	 * each call (SQLite's default, serialized, locks one for every
	 * sqlite3_column_text; 4% of a million-case report). */
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(err, ERR_DATA, "%s: cannot open the database: %s", path,
			st->db ? err_sqlite_db(st->db) : "out of memory");
		store_close(st);
		return ERR_DATA;
	}
	sqlite3_extended_result_codes(st->db, 1);
	store_trace_setup(st->db);
	sqlite3_busy_handler(st->db, busy_wait, st);
	store_trace_lock_setup(st);
	/* The -wal and -shm files stay when the last connection closes: made
	 * once (by root, for an installed cdesk) they keep their owner, where a
	 * deleted one would be made again by whoever connects next. The limit
	 * keeps a persistent -wal from staying at its largest size. */
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &(int){ 1 });
	sqlite3_exec(st->db, "PRAGMA journal_size_limit = 4194304", NULL, NULL, NULL);
	/* Installed setgid, a temporary file would be the user's to open while
	 * it holds sorted rows; keep temporary tables and indices in memory. */
	if (config_secure())
		sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	store_tune(st->db);
	/* search and cdesk check read the full-text index through them, the
	 * exports and the migration the events' fields (schema 15) */
	if (store_fts_functions(st->db) != SQLITE_OK || store_event_functions(st->db) != SQLITE_OK) {
		int rc = store_sql_error(st, "the full-text index", err);
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

int store_open_raw(const char *path, struct store **out, struct err *err)
{
	int rc = connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, out, err);

	if (rc == 0)
		rc = store_exec(*out, "PRAGMA foreign_keys = ON", err);
	return rc;
}

/* Creates path with mode 0660 (umask notwithstanding) so the group can
 * share it (the installed group, or a staff group); the WAL and
 * shared-memory files SQLite makes beside it copy the database file's mode. */
int store_create_file(const char *path, struct err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0660);

	if (fd < 0)
		return err_set(err, errno == EEXIST ? ERR_CONFLICT : ERR_NOTFOUND,
			       "%s: cannot create the database: %s", path, err_errno_text(errno));
	if (fchmod(fd, 0660) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return err_set(err, ERR_INTERNAL, "%s: cannot set mode 0660: %s", path, err_errno_text(e));
	}
	close(fd);
	return 0;
}

int store_open(const char *path, bool create, struct store **out, struct err *err)
{
	struct store *st = NULL;
	bool memory = strcmp(path, ":memory:") == 0, empty = false, made = false;
	int rc, flags = SQLITE_OPEN_READWRITE;
	struct stat sb;

	*out = NULL;
	if (!*path)
		return err_set(err, ERR_USAGE, "the database path is empty");
	if (memory && !create)
		return err_set(err, ERR_USAGE, "an in-memory database is always new");
	if (!memory && stat(path, &sb) != 0) {
		if (errno != ENOENT || !create)
			return err_set(err, ERR_NOTFOUND, "no database at %s (%s); create one with "
				       "'cdesk init'", path, err_errno_text(errno));
		if ((rc = store_create_file(path, err)))
			return rc;
		made = true;
	} else if (!memory && !S_ISREG(sb.st_mode)) {
		return err_set(err, ERR_DATA, "%s is not a cdesk database (not a regular file)",
			       path);
	} else if (!memory && faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) != 0) {
		/* AT_EACCESS: installed setgid, the effective group opens it */
		if (config_secure())
			return err_set(err, ERR_PERM, "%s: %s; an installed cdesk opens it through "
				       "its group: root:GROUP, mode 0660 (make install-server; see "
				       "the README, shared server)", path, err_errno_text(errno));
		return err_set(err, ERR_PERM, "%s: %s: this command writes, and the file cannot be "
			       "written (show, list, search, report, check and export work on a "
			       "read-only one); the database is shared through the staff group "
			       "with mode 0660 (see the README)", path, err_errno_text(errno));
	}
	if (memory)
		flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
	if ((rc = connect(path, flags, &st, err)))
		goto fail;
	if ((rc = store_identify(st, &empty, err)))
		goto fail;
	if (empty && !create) {
		rc = err_set(err, ERR_DATA, "%s is empty, not a cdesk database; create one with "
			     "'cdesk init'", path);
		goto fail;
	}
	if (empty && !memory) {
		/* WAL lets readers and one writer work at once; the setting is
		 * persistent, so it is made once, before anyone else opens it.
		 * Pages of 8 KB, before the first table (issue 13): a 100,000-case
		 * demo 3% smaller than at 4 KB (less room lost at page ends for
		 * rows of Chinese text). An older file keeps its page size. */
		if ((rc = store_exec(st, "PRAGMA page_size = 8192", err)))
			goto fail;
		if ((rc = store_exec(st, "PRAGMA journal_mode = WAL", err)))
			goto fail;
	}
	if ((rc = store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err)))
		goto fail;
	if (st->version < STORE_SCHEMA_VERSION &&
	    (rc = store_migrate(st, STORE_SCHEMA_VERSION, err)))
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	if (made)
		unlink(path);
	return rc;
}

/* "file:PATH?immutable=1", PATH percent-encoded as an URI path. */
static char *immutable_uri(const char *path)
{
	struct sbuf b = { 0 };

	sbuf_add(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
			sbuf_addf(&b, "%%%02X", *p);
		else
			sbuf_addn(&b, (const char *)p, 1);
	}
	sbuf_add(&b, "?immutable=1");
	return b.s;
}

/* True when path's -wal holds nothing (missing or empty): an immutable
 * open then reads everything that was committed. */
static bool wal_empty(const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;
	bool empty = stat(wal, &sb) != 0 || sb.st_size == 0;

	free(wal);
	return empty;
}

int store_open_readonly(const char *path, struct store **out, struct err *err)
{
	struct store *st = NULL;
	bool empty = false;
	struct stat sb;
	int rc;

	*out = NULL;
	if (!*path)
		return err_set(err, ERR_USAGE, "the database path is empty");
	if (stat(path, &sb) != 0)
		return err_set(err, ERR_NOTFOUND, "no database at %s (%s); create one with "
			       "'cdesk init'", path, err_errno_text(errno));
	if (!S_ISREG(sb.st_mode))
		return err_set(err, ERR_DATA, "%s is not a cdesk database (not a regular file)",
			       path);
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0)
		return err_set(err, ERR_PERM, "%s: %s; the database is shared through the staff "
			       "group (see the README)", path, err_errno_text(errno));
	if ((rc = connect(path, SQLITE_OPEN_READONLY, &st, err)))
		return rc;
	rc = store_identify(st, &empty, err);
	if (rc && !wal_empty(path) && (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CANTOPEN)
		rc = err_set(err, ERR_PERM, "%s: its -wal holds changes not yet in the file, which "
			     "SQLite reads only with a -shm it cannot make in a directory that "
			     "cannot be written: copy the file with its -wal to one that can, or "
			     "open it once with write access", path);
	else if (rc && wal_empty(path)) {
		/* A read-only directory: SQLite cannot make the -shm a WAL reader
		 * needs. Nobody can write there either, so the file is read as an
		 * immutable one. */
		char *uri = immutable_uri(path);
		store_close(st);
		st = NULL;
		err_clear(err);
		rc = connect(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &st, err);
		free(uri);
		if (!rc) {
			free(st->path);
			st->path = xstrdup(path);
			rc = store_identify(st, &empty, err);
		}
	}
	if (!rc && empty)
		rc = err_set(err, ERR_DATA, "%s is empty, not a cdesk database; create one with "
			     "'cdesk init'", path);
	if (!rc && st->version < STORE_SCHEMA_VERSION)
		rc = err_set(err, ERR_PERM, "%s: schema version %d must be migrated to %d, which "
			     "needs write access to the file: run any cdesk command with write "
			     "access once", path, st->version, STORE_SCHEMA_VERSION);
	if (rc) {
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

static int mkdir_parents(const char *path)
{
	char *dir = xstrdup(path);
	int rc = 0;

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0770) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Installed setgid, a file the store creates belongs to the user who ran
 * cdesk: a staff user's database or backup would be theirs to edit or read
 * outside cdesk. Only root makes them. */
int store_refuse_staff_file(const char *what, const char *path, struct err *err)
{
	if (!config_secure() || getuid() == 0)
		return 0;
	return err_set(err, ERR_PERM, "%s %s: refused: an installed cdesk (setgid) lets only "
		       "root create %s, which would otherwise belong to you", what, path,
		       strcmp(what, "backup") == 0 ? "a copy of the database" : "the database");
}

int store_init(const char *path, struct store **out, struct err *err)
{
	struct store *st;
	struct stat sb;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = store_refuse_staff_file("init", path, err)))
		return rc;
	if (strcmp(path, ":memory:") != 0) {
		if (stat(path, &sb) == 0)
			return err_set(err, ERR_CONFLICT, "%s already exists; 'cdesk init' never "
				       "overwrites a database", path);
		mkdir_parents(path);
	}
	if ((rc = store_open(path, true, &st, err))) {
		/* the file did not exist: what was made of it is removed */
		if (strcmp(path, ":memory:") != 0 && rc != ERR_CONFLICT)
			store_init_undo(path);
		return rc;
	}
	if (out)
		*out = st;
	else
		store_close(st);
	return 0;
}

void store_init_undo(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };

	if (!path || strcmp(path, ":memory:") == 0)
		return;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char *p = xasprintf("%s%s", path, ext[i]);
		unlink(p);
		free(p);
	}
}

void store_close(struct store *st)
{
	double t;

	if (!st)
		return;
	if (st->db) {
		store_rollback(st);
		store_bulk_fts_abandon(st);
		store_load_abandon(st);
		for (int i = 0; i < st->nstmts; i++) {
			sqlite3_finalize(st->stmts[i].s);
			free(st->stmts[i].sql);
		}
		t = st->lt.on ? store_trace_ms() : 0;
		sqlite3_close_v2(st->db);
		if (st->lt.on)
			store_trace_lock_write(st, store_trace_ms() - t);
	}
	free(st->stmts);
	free(st->path);
	free(st);
}

int store_stmt(struct store *st, const char *sql, sqlite3_stmt **out, struct err *err)
{
	sqlite3_stmt *s;

	for (int i = 0; i < st->nstmts; i++)
		if (strcmp(st->stmts[i].sql, sql) == 0) {
			*out = s = st->stmts[i].s;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return 0;
		}
	*out = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "database", err);
	if (st->nstmts == st->capstmts) {
		st->capstmts = st->capstmts ? 2 * st->capstmts : 16;
		st->stmts = xrealloc(st->stmts, (size_t)st->capstmts * sizeof *st->stmts);
	}
	st->stmts[st->nstmts].sql = xstrdup(sql);
	st->stmts[st->nstmts++].s = s;
	*out = s;
	return 0;
}

bool store_is_readonly(struct store *st)
{
	return st && st->db && sqlite3_db_readonly(st->db, "main") == 1;
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_schema_version(struct store *st)
{
	return st->version;
}

char *store_time(struct cdatetime t, char buf[20])
{
	return datetime_format(t, buf);
}

bool store_parse_time(const char *s, struct cdatetime *out)
{
	struct err e;

	return s && datetime_parse(s, out, &e) == 0;
}
