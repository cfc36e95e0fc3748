/* Unit tests of print templates (core/template.h) and the print pipe (core/print.h). */
#include "testutil.h"

#include "core/print.h"
#include "core/template.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct template_var vars[] = {
	{ "number", "TS2026-00042" },
	{ "name", "张三" },
	{ "account", "第一行\n第二行" },
	{ "empty", NULL },
	{ "evil", "a\x1b[2Jb" },
};

static char *fill(const char *tpl, int width, int *rc, struct err *err)
{
	struct sbuf out = { 0 };

	*rc = template_fill("t.txt", tpl, vars, 5, width, &out, err);
	return out.s;
}

/* A template at 80 columns: what it gives, or (rc != 0) the message. */
static const struct fill_case {
	const char *tpl;
	int rc;
	const char *want;
} fill_cases[] = {
	{ "编号：{{number}} 投诉人：{{name}}{{empty}}\n", 0, "编号：TS2026-00042 投诉人：张三\n" },
	/* a multi-line value continues with the placeholder line's indent */
	{ "内容：\n    {{account}}\n结束", 0, "内容：\n    第一行\n    第二行\n结束\n" },
	/* escapes: literal braces, control characters of a value */
	{ "{{{{number}} {{evil}}\n", 0, "{{number}} a\\x1b[2Jb\n" },
	/* CRLF templates read as LF */
	{ "a\r\nb\r\n", 0, "a\nb\n" },
	{ "ok\n{{nmber}}\n", ERR_DATA, "t.txt:2: unknown placeholder {{nmber}}" },
	{ "ok\nok\n{{number\n}}", ERR_DATA, "t.txt:3: '{{' without '}}' on the same line" },
};

static void test_fill(void **state)
{
	struct err err = { 0 };
	int rc;

	(void)state;
	for (const struct fill_case *c = fill_cases; c < fill_cases + N_ROWS(fill_cases); c++) {
		char *s = fill(c->tpl, 80, &rc, &err);

		assert_int_equal(rc, c->rc);
		if (c->rc) {
			assert_null(s);
			assert_string_equal(err.msg, c->want);
		} else {
			assert_string_equal(s, c->want);
		}
		free(s);
	}
}

/* Lines longer than the page are cut by display width, indent kept. */
static void test_width(void **state)
{
	struct err err = { 0 };
	int rc;
	char *s, *line, *save;
	int n = 0;

	(void)state;
	s = fill("  一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n", 20, &rc, &err);
	assert_int_equal(rc, 0);
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		assert_true(text_width(line) <= 20);
		assert_memory_equal(line, "  ", 2);
		n++;
	}
	assert_int_equal(n, 4);     /* 2 + 30×2 = 62 columns: 20, 2+18, 2+18, 2+6 */
	free(s);
}

static void test_print_pipe(void **state)
{
	static const char page[] = "第 1 页\f第 2 页\n";
	char dir[] = "/tmp/cdesk-print-XXXXXX", *cmd, *got;
	struct err err = { 0 };
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	cmd = xasprintf("cat > %s/out", dir);
	assert_int_equal(print_pipe(cmd, page, strlen(page), false, &err), 0);
	free(cmd);
	cmd = xasprintf("%s/out", dir);
	got = util_read_file(cmd, &len);
	assert_int_equal(len, strlen(page));
	assert_memory_equal(got, page, strlen(page));
	free(got);
	unlink(cmd);
	free(cmd);
	rmdir(dir);

	assert_refused(print_pipe("exit 3", "x", 1, false, &err), ERR_FAIL, err,
		       "failed with exit status 3");
	assert_refused(print_pipe("cdesk-no-such-printer-cmd", "x", 1, false, &err), ERR_NOTFOUND,
		       err, "was not found");
	assert_refused(print_pipe("kill -9 $$", "x", 1, false, &err), ERR_FAIL, err, "killed by signal 9");
	assert_int_equal(print_pipe("", "x", 1, false, &err), ERR_USAGE);
	/* a command that reads nothing and exits 0 must not kill us with SIGPIPE */
	{
		size_t big = 1 << 20;
		char *data = xmalloc(big);
		memset(data, 'x', big);
		assert_refused(print_pipe("true", data, big, false, &err), ERR_FAIL, err, "stopped reading");
		free(data);
	}
	/* quiet: the command's standard output is /dev/null, ours stays what it was */
	{
		struct stat before, after;
		assert_int_equal(fstat(1, &before), 0);
		assert_int_equal(print_pipe("cat >/dev/null; "
					    "test \"$(readlink /proc/$$/fd/1)\" = /dev/null",
					    "x", 1, true, &err), 0);
		assert_int_equal(fstat(1, &after), 0);
		assert_true(before.st_dev == after.st_dev && before.st_ino == after.st_ino);
	}
}

/* Control characters in a template line are measured by their escapes (4
 * columns each) but cut by their bytes: every byte of the line once, in
 * order (found by fuzz_template: the cut counted the escaped bytes and read
 * past the end of the line). */
static void test_width_controls(void **state)
{
	struct err err = { 0 };
	char tpl[32];
	int rc;
	char *s;

	(void)state;
	memset(tpl, '\x01', 30);
	strcpy(tpl + 30, "\n");
	s = fill(tpl, 20, &rc, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "\x01\x01\x01\x01\x01\n\x01\x01\x01\x01\x01\n"
			       "\x01\x01\x01\x01\x01\n\x01\x01\x01\x01\x01\n"
			       "\x01\x01\x01\x01\x01\n\x01\x01\x01\x01\x01\n");
	free(s);
}

TESTUTIL_MAIN(testutil_setup_locale, NULL,
	      cmocka_unit_test(test_fill),
	      cmocka_unit_test(test_width_controls),
	      cmocka_unit_test(test_width),
	      cmocka_unit_test(test_print_pipe))
