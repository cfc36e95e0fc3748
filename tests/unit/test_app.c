/* Unit tests of the app layer (app/app.h): configuration and clock, case context, output, documents, reports. */
#include "testutil.h"

#define T testutil_time

#include "app/app.h"
#include "core/cases.h"
#include "core/report.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fx {
	char dir[32];               /* a private temporary directory */
	char *ini;                  /* its cdesk.ini */
	struct app app;
	struct store *st;           /* :memory:, with one case */
	char number[32];
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err err = { 0 };
	struct case_input in;
	struct case_record r;
	struct case_ctx ctx;
	struct ruleset *rs;
	struct calendar *cal;
	FILE *ini;

	snprintf(f->dir, sizeof f->dir, "/tmp/cdesk-app-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->ini = xasprintf("%s/cdesk.ini", f->dir);
	if (!(ini = fopen(f->ini, "w")))
		return -1;
	fprintf(ini, "[site]\nname = 示范医院\n[print]\ncommand = cat > %s/printed\n", f->dir);
	fclose(ini);
	setenv("CDESK_DATA", SRC("data"), 1);
	if (app_init(&f->app, f->ini, NULL, &err) ||
	    app_rules(&f->app, &rs, &err) || app_calendar(&f->app, &cal, &err) ||
	    store_open(":memory:", true, &f->st, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	f->app.at = T("2026-07-03 09:15");
	f->app.at_set = true;
	app_case_ctx(&f->app, f->st, &ctx);
	if (users_bootstrap(&ctx, NULL, NULL, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	case_input_init(&in);
	in.channel = CHANNEL_VISIT;
	in.name = "张三";
	in.text = "护士态度很差，输液时打针多次失败";
	if (case_add(&ctx, &in, &r, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	snprintf(f->number, sizeof f->number, "%s", r.number);
	case_record_free(&r);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *printed = xasprintf("%s/printed", f->dir);

	store_close(f->st);
	app_free(&f->app);
	unlink(printed);
	unlink(f->ini);
	rmdir(f->dir);
	free(printed);
	free(f->ini);
	free(f);
	return 0;
}

static void test_init_and_clock(void **state)
{
	struct fx *f = *state;
	struct app a;
	struct err err = { 0 };
	struct cdatetime t = T("2026-08-01 10:00");

	assert_int_equal(app_init(&a, f->ini, "x.db", &err), 0);
	assert_string_equal(a.cfg->site_name, "示范医院");
	assert_string_equal(a.db_opt, "x.db");
	assert_true(a.actor[0] != '\0');
	assert_false(a.at_set);
	assert_memory_equal(&a.at, &a.now, sizeof a.at);
	/* the effective time follows the clock until --at is given */
	app_set_now(&a, t);
	assert_int_equal(a.at.day, t.day);
	a.at_set = true;
	a.at = T("2026-07-01 08:00");
	app_set_now(&a, T("2026-08-02 10:00"));
	assert_int_equal(a.at.day, T("2026-07-01 08:00").day);
	assert_int_equal(a.now.day, T("2026-08-02 10:00").day);
	assert_null(a.cal);
	assert_null(a.rules);
	app_free(&a);
	assert_null(a.cfg);
	/* a malformed cdesk.ini is refused with nothing to free */
	assert_int_not_equal(app_init(&a, SRC("data/rules.ini"), NULL, &err), 0);
	assert_int_equal(err.code, ERR_DATA);
	assert_null(a.data_dir);
}

static void test_calendar_and_ctx(void **state)
{
	struct fx *f = *state;
	struct calendar *cal;
	struct case_ctx ctx;
	struct err err = { 0 };
	cdate a, b;
	char *w;

	/* loaded once */
	assert_int_equal(app_calendar(&f->app, &cal, &err), 0);
	assert_ptr_equal(cal, f->app.cal);
	assert_int_equal(date_parse("2025-12-30", &a, &err), 0);
	assert_null(app_calendar_warning(&f->app, a, a));
	assert_int_equal(date_parse("2028-01-02", &b, &err), 0);
	w = app_calendar_warning(&f->app, b, a);
	assert_string_equal(w,
		"warning: no holiday calendar for 2027 (data/holidays/cn-2027.ini); counting "
		"Monday-Friday only\n"
		"warning: no holiday calendar for 2028 (data/holidays/cn-2028.ini); counting "
		"Monday-Friday only\n");
	free(w);

	app_case_ctx(&f->app, f->st, &ctx);
	assert_ptr_equal(ctx.st, f->st);
	assert_ptr_equal(ctx.rules, f->app.rules);
	assert_ptr_equal(ctx.cal, f->app.cal);
	assert_string_equal(ctx.actor, f->app.actor);
	assert_int_equal(ctx.at.day, f->app.at.day);
	assert_int_equal(ctx.at.sec, f->app.at.sec);
	assert_int_equal(ctx.now.day, f->app.now.day);
	assert_string_equal(ctx.prefix, "TS");
}

static void test_write_output(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	char *path = xasprintf("%s/out.txt", f->dir), *bad = xasprintf("%s/no/out.txt", f->dir);
	char *got;
	size_t len;

	assert_int_equal(app_write_output(path, "第一行\n", strlen("第一行\n"), &err), 0);
	got = util_read_file(path, &len);
	assert_non_null(got);
	assert_string_equal(got, "第一行\n");
	free(got);
	assert_int_equal(app_write_output(bad, "x", 1, &err), ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, bad));
	unlink(path);
	free(path);
	free(bad);
}

static void test_documents_and_print(void **state)
{
	struct fx *f = *state;
	struct sbuf doc = { 0 };
	struct err err = { 0 };
	char number[32] = "", typed[32], *printed, *got;
	size_t len;

	/* the number as typed, in lower case; the case's own comes back */
	snprintf(typed, sizeof typed, "%s", f->number);
	typed[0] = 't';
	typed[1] = 's';
	assert_int_equal(app_case_document(&f->app, f->st, APP_DOC_FORM, typed, &doc, number,
					   &err), 0);
	assert_string_equal(number, f->number);
	assert_non_null(strstr(doc.s, f->number));
	assert_non_null(strstr(doc.s, "示范医院"));
	assert_non_null(strstr(doc.s, "2026-07-03 09:15"));  /* received at --at */
	assert_non_null(strstr(doc.s, "护士态度很差"));

	/* the form goes to the print command; quiet keeps its output to itself */
	f->app.quiet_print = true;
	assert_non_null(strstr(app_print_command(&f->app), "cat > "));
	assert_int_equal(app_print(&f->app, doc.s, doc.len, &err), 0);
	printed = xasprintf("%s/printed", f->dir);
	got = util_read_file(printed, &len);
	assert_int_equal(len, doc.len);
	assert_memory_equal(got, doc.s, doc.len);
	free(got);
	free(printed);
	sbuf_free(&doc);

	/* no reply yet: no letter; no such case: not found; nothing appended */
	assert_int_equal(app_case_document(&f->app, f->st, APP_DOC_LETTER, f->number, &doc, NULL,
					   &err), ERR_STATE);
	assert_non_null(strstr(err.msg, "has no reply yet"));
	assert_int_equal(app_case_document(&f->app, f->st, APP_DOC_FORM, "TS2026-09999", &doc,
					   NULL, &err), ERR_NOTFOUND);
	assert_int_equal(doc.len, 0);
	/* no store given: the configured database, which does not exist here */
	f->app.db_opt = "/nonexistent/cdesk.db";
	assert_int_not_equal(app_case_document(&f->app, NULL, APP_DOC_FORM, f->number, &doc, NULL,
					       &err), 0);
	f->app.db_opt = NULL;
	sbuf_free(&doc);
}

static void test_report(void **state)
{
	struct fx *f = *state;
	struct report_period p;
	struct report *r = NULL;
	struct err err = { 0 };

	assert_int_equal(report_period_parse("2026Q3", &p, &err), 0);
	f->app.at = T("2026-10-10 12:00");
	assert_int_equal(app_report_build(&f->app, f->st, &p, &r, &err), 0);
	assert_int_equal(report_check(r, &err), 0);
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_and_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_and_ctx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents_and_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
	};

	text_init_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
