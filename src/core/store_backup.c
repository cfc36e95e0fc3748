/*
 * `cdesk backup FILE`: one consistent snapshot of the live database
 * (VACUUM INTO, which reads under one read transaction, so writers go on
 * and never restart it) into a private temporary file beside FILE; the copy
 * is put in WAL mode, verified as `cdesk check` verifies a database
 * (integrity, foreign keys, the event chain), synced, and only then linked
 * into place. A failed backup leaves no file behind.
 *
 * VACUUM INTO is one statement; its progress is read from SQLite's progress
 * handler: the copy's size against the live file's used pages while it is
 * written, then the pages the check has read (no total: the integrity check
 * reads some pages more than once).
 */
#include "core/store.h"
#include "store_priv.h"
#include "core/config.h"
#include "core/progress.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void remove_sidecars(const char *tmp)
{
	static const char *const ext[] = { "-wal", "-shm", "-journal" };

	for (int i = 0; i < 3; i++) {
		char *f = xasprintf("%s%s", tmp, ext[i]);
		unlink(f);
		free(f);
	}
}

/* Removes the temporary copy and whatever SQLite made beside it. */
static void remove_copy(const char *tmp)
{
	unlink(tmp);
	remove_sidecars(tmp);
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* How far the copy or its check is, for SQLite's progress handler. */
struct watch {
	const char *tmp;            /* the copy being written */
	sqlite3 *db;                /* the copy being checked */
	long long pages, page_size; /* the live file's used pages */
};

/* VM instructions between two looks: a few hundred a second */
enum { WATCH_STEPS = 2000 };

static int copy_tick(void *arg)
{
	const struct watch *w = arg;
	struct stat sb;

	if (stat(w->tmp, &sb) == 0) {
		long long done = (long long)sb.st_size / w->page_size;
		/* the last pages are written as the statement ends */
		progress_note("backup", done < w->pages ? done : w->pages - 1, w->pages);
	}
	return 0;
}

static int check_tick(void *arg)
{
	const struct watch *w = arg;
	int read = 0, hi;

	sqlite3_db_status(w->db, SQLITE_DBSTATUS_CACHE_MISS, &read, &hi, 0);
	progress_note("backup: checking the copy, pages read", read, 0);
	return 0;
}

static long long pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	long long v = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The snapshot: VACUUM INTO the empty file tmp. */
static int snapshot(struct store *st, const char *tmp, const char *path, struct err *err)
{
	struct watch w = { tmp, NULL, 0, 0 };
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "VACUUM INTO ?", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "backup", err);
	sqlite3_bind_text(s, 1, tmp, -1, SQLITE_STATIC);
	w.page_size = pragma_int(st->db, "PRAGMA page_size");
	w.pages = pragma_int(st->db, "PRAGMA page_count") - pragma_int(st->db, "PRAGMA freelist_count");
	if (w.page_size > 0 && w.pages > 1)
		sqlite3_progress_handler(st->db, WATCH_STEPS, copy_tick, &w);
	rc = sqlite3_step(s);
	sqlite3_progress_handler(st->db, 0, NULL, NULL);
	progress_end("backup");
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	rc = sqlite3_extended_errcode(st->db);
	if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ||
	    (rc & 0xff) == SQLITE_CANTOPEN)
		return err_set(err, ERR_FAIL, "backup: the copy could not be written beside %s "
			       "(%s): is the disk full? nothing was left there", path,
			       err_sqlite_db(st->db));
	return store_sql_error(st, "backup: taking the snapshot", err);
}

/* The copy in WAL mode, as every cdesk database is (the mode is kept in the
 * file); this connection does not keep its -wal, so none is left behind. */
static int set_wal(const char *tmp, struct err *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int ok = 0;

	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
	if (!ok)
		err_set(err, ERR_INTERNAL, "backup: the copy cannot be put in WAL mode: %s",
			db ? err_sqlite_db(db) : "out of memory");
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ok ? 0 : err->code;
}

/* The copy checked as `cdesk check` checks a database. */
static int verify(const char *tmp, struct err *err)
{
	struct store *copy;
	int rc;

	struct watch w = { tmp, NULL, 0, 0 };

	if ((rc = store_open(tmp, false, &copy, err)))
		return rc;
	w.db = copy->db;
	sqlite3_progress_handler(copy->db, WATCH_STEPS, check_tick, &w);
	rc = store_check(copy, NULL, err);
	sqlite3_progress_handler(copy->db, 0, NULL, NULL);
	progress_end("backup: checking the copy, pages read");
	if (!rc)
		sqlite3_exec(copy->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	store_close(copy);
	if (rc)
		err_prefix(err, "backup: the copy failed its check: ");
	return rc;
}

int store_backup(struct store *st, const char *path, struct err *err)
{
	char *dir_buf = xstrdup(path), *base_buf = xstrdup(path), *tmp;
	const char *dir = dirname(dir_buf);
	struct stat sb, db;
	int rc, fd;

	if ((rc = store_refuse_staff_file("backup", path, err)))
		goto out_free;
	if (lstat(path, &sb) == 0) {
		rc = err_set(err, ERR_CONFLICT, "%s already exists; 'cdesk backup' never "
			     "overwrites a file", path);
		goto out_free;
	}
	tmp = xasprintf("%s/.%s.backup-XXXXXX", dir, basename(base_buf));
	if ((fd = mkstemp(tmp)) < 0) {
		rc = err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_PERM, "%s: cannot create "
			     "the backup there: %s", path, err_errno_text(errno));
		free(tmp);
		goto out_free;
	}
	rc = fchmod(fd, 0660);
	/* Installed, root's copy gets the database's group, as the database
	 * has, whatever directory it lands in. */
	if (!rc && config_secure() && stat(st->path, &db) == 0)
		rc = fchown(fd, (uid_t)-1, db.st_gid);
	close(fd);
	if (rc) {
		rc = err_set(err, ERR_INTERNAL, "%s: cannot set the mode and group of the copy: "
			     "%s", path, err_errno_text(errno));
		goto fail;
	}
	if ((rc = snapshot(st, tmp, path, err)) || (rc = set_wal(tmp, err)) || (rc = verify(tmp, err)))
		goto fail;
	/* Checkpointed: the -wal and -shm of the temporary name are empty. */
	remove_sidecars(tmp);
	if (sync_path(tmp, O_RDONLY) != 0) {
		rc = err_set(err, ERR_INTERNAL, "%s: cannot write the copy to disk: %s", path,
			     err_errno_text(errno));
		goto fail;
	}
	/* link, not rename: a file made at path meanwhile is never replaced. */
	if (link(tmp, path) != 0) {
		rc = err_set(err, errno == EEXIST ? ERR_CONFLICT : ERR_INTERNAL,
			     "%s: cannot put the copy in place: %s", path, err_errno_text(errno));
		goto fail;
	}
	unlink(tmp);
	sync_path(dir, O_RDONLY | O_DIRECTORY);
	free(tmp);
	goto out_free;
fail:
	remove_copy(tmp);
	free(tmp);
out_free:
	free(dir_buf);
	free(base_buf);
	return rc;
}
