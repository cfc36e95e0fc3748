/*
 * What an existing file is, before cdesk opens it as its database: a cdesk
 * database (its schema version), an empty file, another program's SQLite
 * file, a truncated or damaged one, or one a load never finished (the
 * messages name which, and what to do).
 */
#include "store_priv.h"

#include <stdio.h>
#include <string.h>

/* An SQLite file that SQLite cannot read: truncated (shorter than its
 * header says) or damaged; anything else is not an SQLite file. */
static int damaged(const char *path, struct err *err)
{
	unsigned char h[100];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(h, 1, sizeof h, f) : 0;
	long long size = -1, want;
	unsigned page;

	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (f)
		fclose(f);
	if (n < 16 || memcmp(h, "SQLite format 3", 16) != 0)
		return err_set(err, ERR_DATA, "%s is not a cdesk database (not an SQLite file)",
			       path);
	page = n == sizeof h ? (unsigned)h[16] << 8 | h[17] : 0;
	if (page == 1)
		page = 65536;
	want = n == sizeof h ? (long long)page * ((long long)h[28] << 24 | h[29] << 16 |
						  h[30] << 8 | h[31]) : 0;
	if (n < sizeof h)
		return err_set(err, ERR_DATA, "%s is a truncated database (%lld bytes, shorter "
			       "than its own header); restore it from a backup", path, size);
	if (want > 0 && size >= 0 && size < want)
		return err_set(err, ERR_DATA, "%s is a truncated database (%lld bytes where its "
			       "header says %lld); restore it from a backup", path, size, want);
	return err_set(err, ERR_DATA, "%s is a damaged database (SQLite cannot read it); "
		       "restore it from a backup", path);
}

/* A file whose load (store_load.c: `cdesk demo`) never finished. */
static int unfinished_load(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;

	/* no meta table (a file of schema 0) holds no mark; the mark that
	 * cannot be read (busy past the budget, a damaged page) is not taken
	 * for none */
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'loading'", -1, &s,
			       NULL) != SQLITE_OK)
		return (sqlite3_errcode(st->db) & 0xff) == SQLITE_ERROR ? 0 :
		       store_sql_error(st, st->path, err);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		rc = err_set(err, ERR_DATA, "%s was left half-written by a load (cdesk demo) that "
			     "never finished: its indexes are missing. Remove the file and make "
			     "it again", st->path);
	else if (step != SQLITE_DONE)
		rc = store_sql_error(st, st->path, err);
	sqlite3_finalize(s);
	return rc;
}

/* Classifies an existing file: a cdesk database (version in *version), an
 * empty file, or something else (ERR_DATA with a clear message). */
int store_identify(struct store *st, bool *empty, struct err *err)
{
	int appid = 0, tables = 0, rc;
	sqlite3_stmt *s;

	*empty = false;
	rc = store_pragma_int(st, "application_id", &appid);
	if (rc == SQLITE_OK)
		rc = store_pragma_int(st, "user_version", &st->version);
	if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
		return damaged(st->path, err);
	if (rc != SQLITE_OK)
		return store_sql_error(st, st->path, err);
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) !=
	    SQLITE_OK) {
		rc = sqlite3_errcode(st->db) & 0xff;
		if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
			return damaged(st->path, err);
		return store_sql_error(st, "opening the database", err);
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		tables = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (appid == 0 && st->version == 0 && tables == 0) {
		*empty = true;
		return 0;
	}
	if (appid != STORE_APPLICATION_ID)
		return err_set(err, ERR_DATA,
			       "%s is not a cdesk database (an SQLite file of another program)",
			       st->path);
	if (st->version > STORE_SCHEMA_VERSION)
		return err_set(err, ERR_DATA,
			       "%s: database schema version %d is newer than this cdesk knows "
			       "(%d); upgrade cdesk", st->path, st->version, STORE_SCHEMA_VERSION);
	return unfinished_load(st, err);
}
