/*
 * `cdesk backup FILE`: one consistent snapshot of the live database
 * (VACUUM INTO, which reads under one read transaction, so writers go on
 * and never restart it) into a private temporary file beside FILE; the copy
 * is put in WAL mode, verified as `cdesk check` verifies a database
 * (integrity, foreign keys, the event chain), synced, and only then linked
 * into place. A failed backup leaves no file behind.
 */
#include "core/store.h"
#include "store_priv.h"
#include "core/config.h"
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

/* The snapshot: VACUUM INTO the empty file tmp. */
static int snapshot(struct store *st, const char *tmp, const char *path, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "VACUUM INTO ?", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "backup", err);
	sqlite3_bind_text(s, 1, tmp, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	rc = sqlite3_extended_errcode(st->db);
	if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ||
	    (rc & 0xff) == SQLITE_CANTOPEN)
		return err_set(err, ERR_FAIL, "backup: the copy could not be written beside %s "
			       "(%s): is the disk full? nothing was left there", path,
			       sqlite3_errmsg(st->db));
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
			db ? sqlite3_errmsg(db) : "out of memory");
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ok ? 0 : err->code;
}

/* The copy checked as `cdesk check` checks a database. */
static int verify(const char *tmp, struct err *err)
{
	struct store *copy;
	int rc;

	if ((rc = store_open(tmp, false, &copy, err)))
		return rc;
	rc = store_check(copy, NULL, err);
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
			     "the backup there: %s", path, strerror(errno));
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
			     "%s", path, strerror(errno));
		goto fail;
	}
	if ((rc = snapshot(st, tmp, path, err)) || (rc = set_wal(tmp, err)) || (rc = verify(tmp, err)))
		goto fail;
	/* Checkpointed: the -wal and -shm of the temporary name are empty. */
	remove_sidecars(tmp);
	if (sync_path(tmp, O_RDONLY) != 0) {
		rc = err_set(err, ERR_INTERNAL, "%s: cannot write the copy to disk: %s", path,
			     strerror(errno));
		goto fail;
	}
	/* link, not rename: a file made at path meanwhile is never replaced. */
	if (link(tmp, path) != 0) {
		rc = err_set(err, errno == EEXIST ? ERR_CONFLICT : ERR_INTERNAL,
			     "%s: cannot put the copy in place: %s", path, strerror(errno));
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
