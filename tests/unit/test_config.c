/* Unit tests of cdesk.ini loading, the INI wrapper's line numbers and the vocabularies. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/ini.h"
#include "core/vocab.h"

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_defaults(void **state)
{
	struct config *cfg = NULL;
	struct err err = { 0 };
	(void)state;
	assert_int_equal(config_load(NULL, SRC("data"), &cfg, &err), 0);
	assert_string_equal(cfg->case_prefix, "TS");
	assert_string_equal(cfg->print_cmd, "lp");
	assert_null(cfg->db_path);
	config_free(cfg);
}

/* A cdesk.ini that is refused, and what the message says. */
struct bad_file {
	const char *name, *text, *want;
};

static const struct bad_file bad_files[] = {
	{ "b.ini", "[site]\nname = x\n\n[cases]\nprefx = HX\n",
	  "b.ini:5: [cases] prefx: unknown setting" },
	{ "c.ini", "[site]\nname = x\nthis line is wrong\n", "c.ini:3: syntax error" },
	{ "f.ini", "[site]\nname = x\n[cases]#\nprefix = HX\n", "f.ini:3: syntax error" },
	{ "d.ini", "[cases]\nprefix = 投诉\n", "d.ini:2: [cases] prefix" },
	{ "e.ini", "[ui]\nlanguage = fr\n", "not one of" },
};

static void test_explicit_and_errors(void **state)
{
	struct config *cfg = NULL;
	struct err err = { 0 };
	const char *p;
	(void)state;
	p = write_file("a.ini", "[site]\nname = 测试医院\n[cases]\nprefix = HX\n");
	assert_int_equal(config_load(p, SRC("data"), &cfg, &err), 0);
	assert_string_equal(cfg->site_name, "测试医院");
	assert_string_equal(cfg->case_prefix, "HX");
	config_free(cfg);

	for (size_t i = 0; i < N_ROWS(bad_files); i++) {
		const struct bad_file *t = &bad_files[i];
		p = write_file(t->name, t->text);
		assert_int_equal(config_load(p, SRC("data"), &cfg, &err), ERR_DATA);
		if (!strstr(err.msg, t->want))
			fail_msg("%s: '%s' is not in '%s'", t->name, t->want, err.msg);
	}

	assert_int_equal(config_load("/nonexistent/x.ini", SRC("data"), &cfg, &err), ERR_NOTFOUND);
}

static void test_db_path_order(void **state)
{
	struct config cfg = { 0 };
	char *p;
	(void)state;
	cfg.db_path = "/srv/cdesk.db";
	unsetenv("CDESK_DB");
	p = config_db_path(&cfg, "x.db");
	assert_string_equal(p, "x.db");
	free(p);
	setenv("CDESK_DB", "env.db", 1);
	p = config_db_path(&cfg, NULL);
	assert_string_equal(p, "env.db");
	free(p);
	unsetenv("CDESK_DB");
	p = config_db_path(&cfg, NULL);
	assert_string_equal(p, "/srv/cdesk.db");
	free(p);
}

/* The INI reader: iniparser 4's value rules, names lower-cased, line numbers,
 * a key written twice refused with both lines, a byte-order mark skipped. */
static void test_ini_format(void **state)
{
	struct ini *ini = NULL;
	struct err err = { 0 };
	const char *p;
	(void)state;
	p = write_file("fmt.ini", "\xef\xbb\xbf; comment\n[Site]\nName = 示范医院 ; trailing\n"
		       "quoted = \"a ; b # c\"  ; comment\nsingle = 'x y'\nempty =\nemptyq = \"\"\n"
		       "hash = v#w\n\n[other]\nk = 1\n[site]\nlast = z\n");
	assert_int_equal(ini_open(p, &ini, &err), 0);
	assert_string_equal(ini_get(ini, "site", "name"), "示范医院");
	assert_string_equal(ini_get(ini, "SITE", "NAME"), "示范医院");
	assert_string_equal(ini_get(ini, "site", "quoted"), "a ; b # c");
	assert_string_equal(ini_get(ini, "site", "single"), "x y");
	assert_string_equal(ini_get(ini, "site", "empty"), "");
	assert_string_equal(ini_get(ini, "site", "emptyq"), "");
	assert_string_equal(ini_get(ini, "site", "hash"), "v");
	assert_null(ini_get(ini, "site", "missing"));
	assert_null(ini_get(ini, "nosuch", "name"));
	assert_int_equal(ini_line(ini, "site", "name"), 3);
	assert_int_equal(ini_line(ini, "site", NULL), 12);
	assert_int_equal(ini_section_count(ini), 3);
	assert_string_equal(ini_section_name(ini, 2), "site");
	assert_int_equal(ini_key_count(ini, "site"), 7);
	assert_string_equal(ini_key_name(ini, "site", 6), "last");
	assert_string_equal(ini_key_value(ini, "site", 0), "示范医院");
	ini_close(ini);

	p = write_file("dup.ini", "[a]\nx = 1\n[b]\nx = 2\n[A]\nX = 3\n");
	assert_int_equal(ini_open(p, &ini, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "dup.ini:6: [a] x: listed twice in [a] (first at line 2)"));
	p = write_file("before.ini", "x = 1\n[a]\n");
	assert_int_equal(ini_open(p, &ini, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "before.ini:1: x: a key before any section"));
	/* Many keys: the index grows and every one is still found. */
	{
		char big[40000];
		size_t n = 0;
		n += (size_t)snprintf(big + n, sizeof big - n, "[s]\n");
		for (int i = 0; i < 2000; i++)
			n += (size_t)snprintf(big + n, sizeof big - n, "k%d = %d\n", i, i * 7);
		p = write_file("big.ini", big);
		assert_int_equal(ini_open(p, &ini, &err), 0);
		for (int i = 0; i < 2000; i++) {
			char k[16], v[16];
			snprintf(k, sizeof k, "k%d", i);
			snprintf(v, sizeof v, "%d", i * 7);
			assert_string_equal(ini_get(ini, "s", k), v);
			assert_int_equal(ini_line(ini, "s", k), i + 2);
		}
		ini_close(ini);
	}
}

static void test_vocab(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(channel_parse("visit"), CHANNEL_VISIT);
	assert_int_equal(channel_parse("来电"), CHANNEL_PHONE);
	assert_int_equal(channel_parse("fax"), -1);
	assert_string_equal(class_label(CLASS_IMPORTANT), "重要");
	assert_int_equal(flag_parse("media"), FLAG_MEDIA);
	assert_string_equal(flags_format(FLAG_CLAIM | FLAG_GROUP, buf, sizeof buf), "claim,group");
	assert_string_equal(channel_codes(), "visit, phone, letter, web, authority");
	assert_int_equal(reject_reason_parse("court"), REJECT_COURT);
	assert_int_equal(satisfaction_parse("基本满意"), BASICALLY_SATISFIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_explicit_and_errors),
		cmocka_unit_test(test_db_path_order),
		cmocka_unit_test(test_vocab),
		cmocka_unit_test(test_ini_format),
	};
	int rc;

	snprintf(dir, sizeof dir, "/tmp/cdesk-test-config-XXXXXX");
	assert_non_null(mkdtemp(dir));
	unsetenv("CDESK_CONFIG");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (testutil_rmtree(dir))
		rc = rc ? rc : 1;
	return rc;
}
