/* SQLite's and the system's error texts (src/core/syserr.c): the library's
 * words under C; in Chinese a sentence naming what failed, keyed on the
 * result code or errno, with the library's words in parentheses. */
#include "testutil.h"

#include "core/err.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_c_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	assert_string_equal(err_sqlite_text(SQLITE_FULL, "database or disk is full"),
			    "database or disk is full");
	assert_string_equal(err_sqlite_text(SQLITE_BUSY, NULL), sqlite3_errstr(SQLITE_BUSY));
	assert_string_equal(err_errno_text(ENOSPC), strerror(ENOSPC));
	assert_string_equal(err_errno_text(ENOENT), "No such file or directory");
}

static void test_chinese(void **state)
{
	const char *a, *b;

	(void)state;
	if (!setlocale(LC_ALL, "zh_CN.UTF-8")) {
		skip();
		return;
	}
	/* the build tree's catalog: BUILD/locale beside BUILD/tests/test_syserr */
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 16);
	if (n <= 0) {
		skip();
		return;
	}
	exe[n] = '\0';
	for (int up = 0; up < 2 && (slash = strrchr(exe, '/')); up++)
		*slash = '\0';
	strcat(exe, "/locale");
	bindtextdomain("cdesk", exe);
	bind_textdomain_codeset("cdesk", "UTF-8");
	unsetenv("LANGUAGE");
	assert_string_equal(err_sqlite_text(SQLITE_FULL, "database or disk is full"),
			    "磁盘已满（database or disk is full）");
	assert_string_equal(err_sqlite_text(SQLITE_IOERR_WRITE, "disk I/O error"),
			    "读写磁盘出错（disk I/O error）");
	assert_string_equal(err_sqlite_text(SQLITE_LOCKED, "database table is locked"),
			    "数据库被锁定（database table is locked）");
	assert_string_equal(err_sqlite_text(SQLITE_READONLY, NULL),
			    "数据库文件只读（attempt to write a readonly database）");
	assert_string_equal(err_errno_text(ENOSPC), "磁盘已满（No space left on device）");
	assert_string_equal(err_errno_text(EROFS), "只读文件系统（Read-only file system）");
	/* two texts of one message do not overwrite each other */
	a = err_errno_text(EACCES);
	b = err_sqlite_text(SQLITE_FULL, "x");
	assert_string_equal(a, "没有权限（Permission denied）");
	assert_string_equal(b, "磁盘已满（x）");
	/* an errno without words: the system's own (localised) text */
	assert_string_equal(err_errno_text(ECHILD), strerror(ECHILD));
	setlocale(LC_ALL, "C");
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_c_locale),
	      cmocka_unit_test(test_chinese))
