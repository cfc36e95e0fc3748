/* SQLite's and the system's error texts as a message shows them: under the C
 * locale the library's own text, as ever; in another language a sentence
 * naming what failed (数据库被锁定, 磁盘已满 …), keyed on the SQLite result
 * code or errno, with the library's text in parentheses. */
#include "core/err.h"
#include "core/i18n.h"

#include <errno.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* A few texts of one message at a time (two in one printf stay apart). */
static char *next_buf(void)
{
	static char bufs[4][512];
	static int next;

	next = (next + 1) % 4;
	return bufs[next];
}

/* "words (raw)" when words has a translation; else NULL. */
static const char *framed(const char *msgid, const char *raw)
{
	const char *words = R_(msgid);
	char *b;

	if (words == msgid || strcmp(words, msgid) == 0)
		return NULL;
	b = next_buf();
	snprintf(b, 512, R_("%s (%s)"), words, raw);
	return b;
}

static const char *sqlite_words(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY: return N_("the database is busy (another program is writing)");
	case SQLITE_LOCKED: return N_("the database is locked");
	case SQLITE_FULL: return N_("the disk is full");
	case SQLITE_READONLY: return N_("the database file is read-only");
	case SQLITE_CANTOPEN: return N_("the database file cannot be opened");
	case SQLITE_PERM: return N_("access to the database was denied");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return N_("the database file is damaged or not a database");
	case SQLITE_IOERR: return N_("reading or writing the disk failed");
	case SQLITE_NOMEM: return N_("out of memory");
	case SQLITE_CONSTRAINT: return N_("the change breaks a rule of the database");
	case SQLITE_TOOBIG: return N_("a value is too large for the database");
	case SQLITE_SCHEMA: return N_("the database's structure changed meanwhile");
	case SQLITE_INTERRUPT: return N_("the database work was interrupted");
	case SQLITE_PROTOCOL: return N_("the database's locking failed");
	}
	return N_("the database reported an error");
}

const char *err_sqlite_text(int rc, const char *raw)
{
	const char *t;

	if (!raw)
		raw = sqlite3_errstr(rc);
	t = framed(sqlite_words(rc), raw);
	return t ? t : raw;
}

const char *err_sqlite_db(sqlite3 *db)
{
	if (!db)
		return err_sqlite_text(SQLITE_NOMEM, "out of memory");
	return err_sqlite_text(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

static const char *errno_words(int e)
{
	switch (e) {
	case ENOSPC: return N_("the disk is full");
#ifdef EDQUOT
	case EDQUOT: return N_("the disk quota is used up");
#endif
	case EROFS: return N_("the file system is read-only");
	case EACCES:
	case EPERM: return N_("permission denied");
	case ENOENT: return N_("no such file or directory");
	case EEXIST: return N_("the file already exists");
	case ENOTDIR: return N_("a part of the path is not a directory");
	case EISDIR: return N_("it is a directory");
	case EFBIG: return N_("the file is too large");
	case EIO: return N_("reading or writing the disk failed");
	case ELOOP: return N_("a symbolic link is in the way");
	case EMFILE:
	case ENFILE: return N_("too many open files");
	case ENOMEM: return N_("out of memory");
	case EPIPE: return N_("the reader went away (broken pipe)");
	case EBUSY: return N_("the file is in use");
	}
	return NULL;
}

const char *err_errno_text(int e)
{
	const char *w = errno_words(e), *t;
	/* the raw text in English: the system's own words, as an IT person
	 * searches for them */
	locale_t c = newlocale(LC_MESSAGES_MASK, "C", (locale_t)0);
	const char *raw;
	char *b = next_buf();

	raw = c ? strerror_l(e, c) : strerror(e);
	snprintf(b, 512, "%s", raw);
	if (c)
		freelocale(c);
	t = w ? framed(w, b) : NULL;
	return t ? t : strerror(e);
}
