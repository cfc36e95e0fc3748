/* The working-day calendar against the official 2023–2026 dates, and malformed holiday files. */
#include "testutil.h"

#include "core/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Expected values below were worked out by hand from the State Council
 * notices (data/holidays/), not from the implementation: each row names the
 * holiday or make-up day that decides it.
 */

static struct calendar *cal;

static cdate D(const char *s)
{
	cdate d;
	struct err e = { 0 };

	if (date_parse(s, &d, &e))
		fail_msg("bad date in test: %s", e.msg);
	return d;
}

static void assert_date(cdate got, const char *want, const char *what)
{
	char buf[11];

	date_format(got, buf);
	if (strcmp(buf, want) != 0)
		fail_msg("%s: got %s, expected %s", what, buf, want);
}

static int setup(void **state)
{
	(void)state;
	return testutil_load_data(NULL, &cal);
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(cal);
	cal = NULL;
	return 0;
}

struct add_row {
	const char *from;
	int n;
	const char *want;
	const char *why;
};

static const struct add_row add_rows[] = {
	/* 2023 */
	{ "2022-12-30", 1, "2023-01-03", "元旦 01-01 (Sun) and 01-02 (Mon); 2022 has no file" },
	{ "2023-01-19", 1, "2023-01-20", "an ordinary Friday before 春节" },
	{ "2023-01-20", 1, "2023-01-28", "春节 01-21..27, make-up Saturday 01-28" },
	{ "2023-01-20", 2, "2023-01-29", "make-up Sunday 01-29" },
	{ "2023-01-20", 3, "2023-01-30", "Monday after the make-up weekend" },
	{ "2023-01-27", 1, "2023-01-28", "from a holiday to a make-up day" },
	{ "2023-01-29", 1, "2023-01-30", "after the make-up Sunday" },
	{ "2023-04-04", 1, "2023-04-06", "清明节 04-05 (Wed)" },
	{ "2023-04-04", 3, "2023-04-10", "over the 04-08/09 weekend" },
	{ "2023-04-21", 1, "2023-04-23", "make-up Sunday 04-23 for 劳动节" },
	{ "2023-04-23", 1, "2023-04-24", "after make-up 04-23" },
	{ "2023-04-28", 1, "2023-05-04", "劳动节 04-29..05-03" },
	{ "2023-04-28", 3, "2023-05-06", "make-up Saturday 05-06" },
	{ "2023-04-28", 4, "2023-05-08", "Monday after make-up 05-06" },
	{ "2023-06-21", 1, "2023-06-25", "端午节 06-22..24, make-up Sunday 06-25" },
	{ "2023-06-21", 2, "2023-06-26", "after make-up 06-25" },
	{ "2023-09-28", 1, "2023-10-07", "中秋节 09-29 + 国庆节 09-30..10-06, make-up 10-07" },
	{ "2023-09-28", 2, "2023-10-08", "make-up Sunday 10-08" },
	{ "2023-09-28", 5, "2023-10-11", "" },
	{ "2023-12-29", 1, "2024-01-02", "year end: weekend, then 元旦 2024-01-01 (Mon)" },
	/* 2024 */
	{ "2024-02-02", 1, "2024-02-04", "make-up Sunday 02-04 for 春节" },
	{ "2024-02-04", 1, "2024-02-05", "after make-up 02-04" },
	{ "2024-02-09", 1, "2024-02-18", "春节 02-10..17, make-up Sunday 02-18" },
	{ "2024-02-09", 2, "2024-02-19", "after make-up 02-18" },
	{ "2024-04-03", 1, "2024-04-07", "清明节 04-04..06, make-up Sunday 04-07" },
	{ "2024-04-03", 2, "2024-04-08", "" },
	{ "2024-04-26", 1, "2024-04-28", "make-up Sunday 04-28 for 劳动节" },
	{ "2024-04-30", 1, "2024-05-06", "劳动节 05-01..05" },
	{ "2024-05-10", 1, "2024-05-11", "make-up Saturday 05-11" },
	{ "2024-05-10", 2, "2024-05-13", "" },
	{ "2024-06-07", 1, "2024-06-11", "端午节 06-10 (Mon)" },
	{ "2024-09-13", 1, "2024-09-14", "make-up Saturday 09-14 for 中秋节" },
	{ "2024-09-13", 2, "2024-09-18", "中秋节 09-15..17" },
	{ "2024-09-13", 10, "2024-09-29", "ten days ending on make-up Sunday 09-29" },
	{ "2024-09-27", 1, "2024-09-29", "make-up Sunday 09-29 for 国庆节" },
	{ "2024-09-27", 2, "2024-09-30", "" },
	{ "2024-09-27", 3, "2024-10-08", "国庆节 10-01..07" },
	{ "2024-10-11", 1, "2024-10-12", "make-up Saturday 10-12" },
	{ "2024-10-11", 2, "2024-10-14", "" },
	{ "2024-12-31", 1, "2025-01-02", "year end: 元旦 2025-01-01 (Wed)" },
	/* 2025 */
	{ "2025-01-24", 1, "2025-01-26", "make-up Sunday 01-26 for 春节" },
	{ "2025-01-24", 2, "2025-01-27", "" },
	{ "2025-01-24", 3, "2025-02-05", "春节 01-28..02-04" },
	{ "2025-02-07", 1, "2025-02-08", "make-up Saturday 02-08" },
	{ "2025-02-07", 2, "2025-02-10", "" },
	{ "2025-04-03", 1, "2025-04-07", "清明节 04-04..06" },
	{ "2025-04-25", 1, "2025-04-27", "make-up Sunday 04-27 for 劳动节" },
	{ "2025-04-30", 1, "2025-05-06", "劳动节 05-01..05" },
	{ "2025-05-30", 1, "2025-06-03", "端午节 05-31..06-02" },
	{ "2025-09-26", 1, "2025-09-28", "make-up Sunday 09-28 for 国庆节" },
	{ "2025-09-30", 1, "2025-10-09", "国庆节 and 中秋节 10-01..08" },
	{ "2025-09-30", 3, "2025-10-11", "make-up Saturday 10-11" },
	{ "2025-09-30", 4, "2025-10-13", "" },
	{ "2025-09-30", 5, "2025-10-14", "the example of the issue" },
	{ "2025-12-31", 1, "2026-01-04", "year end: 元旦 2026-01-01..03, make-up Sunday 01-04" },
	{ "2025-12-31", 2, "2026-01-05", "" },
	/* 2026 */
	{ "2026-01-04", 1, "2026-01-05", "after make-up 01-04" },
	{ "2026-02-13", 1, "2026-02-14", "make-up Saturday 02-14 for 春节" },
	{ "2026-02-13", 2, "2026-02-24", "春节 02-15..23" },
	{ "2026-02-13", 10, "2026-03-05", "across 春节 and make-up 02-28" },
	{ "2026-02-27", 1, "2026-02-28", "make-up Saturday 02-28" },
	{ "2026-02-27", 2, "2026-03-02", "" },
	{ "2026-04-03", 1, "2026-04-07", "清明节 04-04..06" },
	{ "2026-04-30", 1, "2026-05-06", "劳动节 05-01..05" },
	{ "2026-05-08", 1, "2026-05-09", "make-up Saturday 05-09" },
	{ "2026-05-08", 2, "2026-05-11", "" },
	{ "2026-06-18", 1, "2026-06-22", "端午节 06-19..21" },
	{ "2026-09-18", 1, "2026-09-20", "make-up Sunday 09-20 for 国庆节" },
	{ "2026-09-18", 2, "2026-09-21", "" },
	{ "2026-09-24", 1, "2026-09-28", "中秋节 09-25..27" },
	{ "2026-09-30", 1, "2026-10-08", "国庆节 10-01..07" },
	{ "2026-09-30", 3, "2026-10-10", "make-up Saturday 10-10" },
	{ "2026-09-30", 4, "2026-10-12", "" },
	{ "2026-12-31", 1, "2027-01-01", "2027 has no file: 01-01 is an ordinary Friday" },
	{ "2026-12-31", 2, "2027-01-04", "" },
	/* 2027: no file, Monday–Friday */
	{ "2027-03-05", 1, "2027-03-08", "fallback weekend" },
	{ "2027-03-08", 5, "2027-03-15", "fallback week" },
	/* n = 0: the day itself when it is a working day, else the next one */
	{ "2026-02-13", 0, "2026-02-13", "a working Friday" },
	{ "2026-02-14", 0, "2026-02-14", "a make-up Saturday" },
	{ "2026-02-15", 0, "2026-02-24", "inside 春节" },
	{ "2026-02-21", 0, "2026-02-24", "a Saturday inside 春节" },
	{ "2026-03-07", 0, "2026-03-09", "an ordinary Saturday" },
	/* negative n: counting backwards */
	{ "2026-10-08", -1, "2026-09-30", "back over 国庆节" },
	{ "2026-02-24", -1, "2026-02-14", "back to make-up 02-14" },
	{ "2026-02-24", -2, "2026-02-13", "" },
	{ "2026-01-05", -1, "2026-01-04", "back to make-up 01-04" },
	{ "2026-01-05", -2, "2025-12-31", "back over 元旦 into 2025" },
	{ "2023-01-30", -1, "2023-01-29", "back to make-up 01-29" },
	{ "2023-01-30", -3, "2023-01-20", "back over 春节" },
	{ "2025-10-14", -5, "2025-09-30", "the example backwards" },
	{ "2026-02-22", -1, "2026-02-14", "from inside 春节" },
	/* the ends of the calendar's range */
	{ "1999-12-31", 1, "2000-01-03", "before the range: 2000-01-01 is a Saturday" },
	{ "2099-12-29", 10, "2099-12-31", "clamped to the last day of the range" },
	{ "2000-01-05", -10, "2000-01-01", "clamped to the first day of the range" },
};

static void test_add_working_days(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(add_rows); i++) {
		const struct add_row *r = &add_rows[i];
		char what[160];

		snprintf(what, sizeof what, "%s %+d (%s)", r->from, r->n, r->why);
		assert_date(calendar_add_working_days(cal, D(r->from), r->n), r->want, what);
	}
}

struct between_row {
	const char *a, *b;
	int want;
};

static const struct between_row between_rows[] = {
	{ "2025-09-30", "2025-10-14", 5 },
	{ "2025-10-14", "2025-09-30", -5 },
	{ "2026-02-13", "2026-02-24", 2 },      /* 02-14 (make-up) and 02-24 */
	{ "2026-02-24", "2026-02-13", -2 },
	{ "2026-02-14", "2026-02-23", 0 },      /* due on the last day off: 0 left */
	{ "2026-02-20", "2026-02-20", 0 },
	{ "2026-03-02", "2026-03-02", 0 },
	{ "2026-03-02", "2026-03-03", 1 },
	{ "2026-03-03", "2026-03-02", -1 },
	{ "2025-12-31", "2026-01-05", 2 },      /* 01-04 (make-up), 01-05 */
	{ "2026-12-31", "2027-01-04", 2 },      /* 2027-01-01 counts: no file */
	{ "2022-12-31", "2023-12-31", 249 },    /* 260 weekdays - 18 holidays + 7 make-up */
	{ "2023-12-31", "2024-12-31", 251 },    /* 262 - 19 + 8 */
	{ "2024-12-31", "2025-12-31", 248 },    /* 261 - 18 + 5 */
	{ "2025-12-31", "2026-12-31", 248 },    /* 261 - 19 + 6 */
	{ "2026-12-31", "2022-12-31", -(249 + 251 + 248 + 248) },
	{ "2026-12-31", "2027-12-31", 261 },    /* Monday–Friday only */
};

static void test_working_days_between(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(between_rows); i++) {
		const struct between_row *r = &between_rows[i];
		int got = calendar_working_days_between(cal, D(r->a), D(r->b));

		if (got != r->want)
			fail_msg("between %s and %s: got %d, expected %d", r->a, r->b, got, r->want);
	}
}

/* A deadline that has passed is overdue even when no working day came since. */
static void test_days_left(void **state)
{
	static const struct { const char *today, *due; int want; } rows[] = {
		{ "2026-11-27", "2026-11-27", 0 },      /* Friday, due today */
		{ "2026-11-28", "2026-11-27", -1 },     /* Saturday after a Friday deadline */
		{ "2026-11-29", "2026-11-27", -1 },     /* Sunday */
		{ "2026-11-30", "2026-11-27", -1 },     /* Monday: one working day late */
		{ "2026-12-01", "2026-11-27", -2 },
		{ "2026-11-26", "2026-11-27", 1 },
		{ "2026-10-01", "2026-09-30", -1 },     /* National Day holiday */
		{ "2026-10-09", "2026-09-30", -2 },     /* 10-08 Thu and 10-09 Fri worked */
		{ "2026-11-28", "2026-11-30", 1 },      /* Saturday, due Monday */
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		int got = calendar_days_left(cal, D(rows[i].today), D(rows[i].due));
		if (got != rows[i].want)
			fail_msg("days left on %s for %s: got %d, expected %d", rows[i].today,
				 rows[i].due, got, rows[i].want);
	}
}

/* add(from, n) and between(from, result) agree for every day of 2022–2027. */
static void test_add_between_agree(void **state)
{
	static const int ns[] = { 1, 2, 3, 5, 7, 10, 20, -1, -5, -10 };

	(void)state;
	for (cdate d = D("2022-06-01"); d <= D("2027-06-30"); d++)
		for (size_t k = 0; k < N_ROWS(ns); k++) {
			cdate r = calendar_add_working_days(cal, d, ns[k]);
			int back = calendar_working_days_between(cal, d, r);
			int want = ns[k];

			/* Backwards, (r, d] holds the |n| - 1 working days between them, and d
			 * itself when it is a working day. */
			if (ns[k] < 0)
				want = ns[k] + 1 - (calendar_is_working_day(cal, d) ? 1 : 0);
			assert_true(calendar_is_working_day(cal, r));
			if (back != want) {
				char b[11], c[11];
				fail_msg("%s %+d = %s but between says %d", date_format(d, b), ns[k],
					 date_format(r, c), back);
			}
		}
}

struct kind_row {
	const char *day;
	enum day_kind kind;
	const char *name;
};

static const struct kind_row kind_rows[] = {
	{ "2026-02-13", DAY_WORKDAY, NULL },
	{ "2026-02-14", DAY_MAKEUP, "春节" },
	{ "2026-02-15", DAY_HOLIDAY, "春节" },   /* a Sunday inside the range */
	{ "2026-02-23", DAY_HOLIDAY, "春节" },
	{ "2026-02-24", DAY_WORKDAY, NULL },
	{ "2026-02-07", DAY_WEEKEND, NULL },
	{ "2026-01-04", DAY_MAKEUP, "元旦" },
	{ "2025-10-05", DAY_HOLIDAY, "国庆节" },
	{ "2025-10-06", DAY_HOLIDAY, "国庆节、中秋节" },
	{ "2025-10-08", DAY_HOLIDAY, "国庆节" },
	{ "2025-10-11", DAY_MAKEUP, "国庆节" },
	{ "2023-09-29", DAY_HOLIDAY, "中秋节" },
	{ "2023-09-30", DAY_HOLIDAY, "国庆节" },
	{ "2024-09-14", DAY_MAKEUP, "中秋节" },
	{ "2027-01-01", DAY_WORKDAY, NULL },     /* no file */
	{ "2027-01-02", DAY_WEEKEND, NULL },
	{ "1999-12-31", DAY_WORKDAY, NULL },     /* outside the range: Monday–Friday */
	{ "2100-01-02", DAY_WEEKEND, NULL },
};

static void test_day_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(kind_rows); i++) {
		const struct kind_row *r = &kind_rows[i];
		cdate d = D(r->day);
		const char *name = calendar_day_name(cal, d);
		bool working = r->kind == DAY_WORKDAY || r->kind == DAY_MAKEUP;

		if (calendar_day_kind(cal, d) != r->kind)
			fail_msg("%s: kind %d, expected %d", r->day, calendar_day_kind(cal, d), r->kind);
		if (calendar_is_working_day(cal, d) != working)
			fail_msg("%s: working %d, expected %d", r->day, !working, working);
		if ((name == NULL) != (r->name == NULL) || (name && strcmp(name, r->name) != 0))
			fail_msg("%s: name '%s', expected '%s'", r->day, name ? name : "(null)",
				 r->name ? r->name : "(null)");
	}
}

static void test_years_known(void **state)
{
	(void)state;
	for (int y = 2023; y <= 2026; y++)
		assert_true(calendar_year_known(cal, y));
	assert_false(calendar_year_known(cal, 2022));
	assert_false(calendar_year_known(cal, 2027));
	assert_false(calendar_year_known(cal, 1999));
	assert_false(calendar_year_known(cal, 2100));
	assert_true(calendar_span_known(cal, D("2023-01-01"), D("2026-12-31")));
	assert_true(calendar_span_known(cal, D("2026-12-31"), D("2023-01-01")));
	assert_false(calendar_span_known(cal, D("2026-12-31"), D("2027-01-01")));
	assert_false(calendar_span_known(cal, D("2022-12-31"), D("2023-01-02")));
	assert_true(calendar_in_range(D("2000-01-01")));
	assert_true(calendar_in_range(D("2099-12-31")));
	assert_false(calendar_in_range(D("1999-12-31")));
	assert_false(calendar_in_range(D("2100-01-01")));
}

static void test_new_is_monday_to_friday(void **state)
{
	struct calendar *c = calendar_new();

	(void)state;
	assert_false(calendar_year_known(c, 2026));
	assert_int_equal(calendar_day_kind(c, D("2026-02-16")), DAY_WORKDAY);
	assert_null(calendar_day_name(c, D("2026-02-16")));
	assert_date(calendar_add_working_days(c, D("2026-02-13"), 1), "2026-02-16", "fresh");
	assert_int_equal(calendar_working_days_between(c, D("2026-02-13"), D("2026-02-20")), 5);
	calendar_free(c);
}

/* ---- malformed files ---- */

static char tmpdir[64];

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
	FILE *f;

	sprintf(path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

struct bad_row {
	const char *name;       /* file name */
	const char *text;
	int line;               /* expected line in the message */
	const char *what;       /* a fragment of the message */
};

#define HEAD "; test\n[calendar]\nyear = 2027\n\n[holidays]\n2027-01-01 = 元旦\n"
/* line:     1        2           3          4   5           6 */

static const struct bad_row bad_rows[] = {
	{ "cn-2027.ini", HEAD "2027-02-30 = 春节\n", 7, "2027-02 has 28 days" },
	{ "cn-2027.ini", HEAD "2027-2-3 = 春节\n", 7, "not a date" },
	{ "cn-2027.ini", HEAD "2026-12-31 = 元旦\n", 7, "2026-12-31 is not in 2027" },
	{ "cn-2027.ini", HEAD "2027-12-30..2028-01-02 = 元旦\n", 7, "2028-01-02 is not in 2027" },
	{ "cn-2027.ini", HEAD "2027-02-10..2027-02-05 = 春节\n", 7, "ends (2027-02-05) before" },
	{ "cn-2027.ini", HEAD "2027-02-10..x = 春节\n", 7, "'x': not a date" },
	{ "cn-2027.ini", HEAD "2027-02-10 =\n", 7, "needs a name" },
	{ "cn-2027.ini", HEAD "2027-02-10 = 春节\n2027-02-10 = 春节\n", 8, "listed twice" },
	{ "cn-2027.ini", HEAD "2027-02-06..2027-02-12 = 春节\n\n[workdays]\n2027-02-06 = 春节\n",
	  10, "2027-02-06 is also a holiday (line 7)" },
	{ "cn-2027.ini", HEAD "\n[workdays]\n2027-02-05 = 春节\n", 9,
	  "2027-02-05 is a Friday; a make-up working day must be a Saturday or Sunday" },
	{ "cn-2027.ini", HEAD "\n[workdays]\n2027-02-06 = 春节\n2027-02-06..2027-02-07 = 春节\n", 10,
	  "already a make-up working day (line 9)" },
	{ "cn-2027.ini", HEAD "\n[extra]\nfoo = bar\n", 8, "unknown section" },
	{ "cn-2027.ini", "[calendar]\nyear = 2027\nregion = cn\n", 3, "unknown key" },
	{ "cn-2027.ini", "[calendar]\nyear = 2028\n", 2, "does not match the year in the file name" },
	{ "cn-2027.ini", "[calendar]\nyear = twenty\n", 2, "not a whole number" },
	{ "cn-2027.ini", "[holidays]\n2027-01-01 = 元旦\n", 1, "missing [calendar]" },
	{ "cn-2027.ini", HEAD "this line has no equals sign\n", 7, "syntax error" },
	{ "cn-2027.ini", HEAD "[holidays]\n2027-05-01 = 劳动节\n", 7, "appears twice" },
	{ "cn-2026.ini", "; again\n[calendar]\nyear = 2026\n", 3, "already loaded" },
};

static int setup_tmp(void **state)
{
	(void)state;
	if (testutil_mkdtemp(tmpdir, sizeof tmpdir, "cal"))
		return -1;
	return setup(state);
}

static int teardown_tmp(void **state)
{
	if (testutil_rmtree(tmpdir))
		return -1;
	return teardown(state);
}

static void test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_rows); i++) {
		const struct bad_row *r = &bad_rows[i];
		char *path = write_file(r->name, r->text), prefix[128];
		struct err e = { 0 };
		int rc = calendar_add_file(cal, path, &e);

		snprintf(prefix, sizeof prefix, "%s:%d: ", path, r->line);
		if (rc != ERR_DATA)
			fail_msg("row %zu: rc %d, expected ERR_DATA (%s)", i, rc, e.msg);
		if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || !strstr(e.msg, r->what))
			fail_msg("row %zu: message '%s', expected '%s...%s'", i, e.msg, prefix,
				 r->what);
		/* Nothing of the refused file reached the calendar. */
		assert_false(calendar_year_known(cal, 2027));
		assert_int_equal(calendar_day_kind(cal, D("2027-01-01")), DAY_WORKDAY);
		assert_null(calendar_day_name(cal, D("2027-01-01")));
		assert_date(calendar_add_working_days(cal, D("2026-12-31"), 1), "2027-01-01",
			    "unchanged after a refused file");
		assert_int_equal(calendar_day_kind(cal, D("2026-02-14")), DAY_MAKEUP);
		unlink(path);
		free(path);
	}
}

static void test_bad_file_name(void **state)
{
	char *path = write_file("holidays-2027.ini", "[calendar]\nyear = 2027\n");
	struct err e = { 0 };

	(void)state;
	assert_int_equal(calendar_add_file(cal, path, &e), ERR_DATA);
	assert_non_null(strstr(e.msg, "must be named cn-YYYY.ini"));
	assert_false(calendar_year_known(cal, 2027));
	unlink(path);
	free(path);
}

static void test_good_file_added(void **state)
{
	char *path = write_file("cn-2027.ini",
				"[calendar]\nyear = 2027\nsource = test\n[holidays]\n"
				"2027-01-01 = 元旦\n2027-02-05 .. 2027-02-11 = 春节\n"
				"[workdays]\n2027-02-06 .. 2027-02-07 = 春节\n");
	struct err e = { 0 };

	(void)state;
	/* The make-up days fall inside the holiday range: refused. */
	assert_int_equal(calendar_add_file(cal, path, &e), ERR_DATA);
	assert_non_null(strstr(e.msg, ":8: "));
	free(path);
	path = write_file("cn-2027.ini",
			  "[calendar]\nyear = 2027\nsource = test\n[holidays]\n"
			  "2027-01-01 = 元旦\n2027-02-08 .. 2027-02-12 = 春节\n"
			  "[workdays]\n2027-02-06 .. 2027-02-07 = 春节\n");
	assert_int_equal(calendar_add_file(cal, path, &e), 0);
	assert_true(calendar_year_known(cal, 2027));
	assert_int_equal(calendar_day_kind(cal, D("2027-01-01")), DAY_HOLIDAY);
	assert_date(calendar_add_working_days(cal, D("2026-12-31"), 1), "2027-01-04", "2027 known");
	assert_date(calendar_add_working_days(cal, D("2027-02-05"), 3), "2027-02-15", "spaces");
	unlink(path);
	free(path);
}

/*
 * Mutated copies of a good file (bytes changed, lines dropped or repeated):
 * each is either accepted whole or refused with "path:line:" and leaves a
 * fresh calendar exactly Monday–Friday. Deterministic, so a failure repeats.
 */
static const char good_2027[] =
	"; a year\n[calendar]\nyear = 2027\nsource = test\n\n[holidays]\n"
	"2027-01-01 = 元旦\n2027-02-06..2027-02-12 = 春节\n2027-10-01..2027-10-07 = 国庆节\n"
	"\n[workdays]\n2027-02-20 = 春节\n2027-09-26 = 国庆节\n2027-10-09 = 国庆节\n";

static void test_mutated_files(void **state)
{
	static const char junk[] = "=.[]:;#\n 0123456789-ax\xe4\xb8\x80\xff";
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	int accepted = 0, refused = 0;
	cdate jan1, dec31;

	(void)state;
	date_from_ymd(2027, 1, 1, &jan1);
	date_from_ymd(2027, 12, 31, &dec31);
	for (int iter = 0; iter < 400; iter++) {
		char text[sizeof good_2027 + 64], *path;
		size_t len = strlen(good_2027);
		struct calendar *c = calendar_new();
		struct err e = { 0 };
		int nmut;

		memcpy(text, good_2027, len + 1);
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		nmut = 1 + (int)(seed % 3);
		for (int k = 0; k < nmut; k++) {
			size_t at;
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			at = (size_t)(seed >> 8) % len;
			if ((seed & 3) == 0 && len > 2) {               /* delete a byte */
				memmove(text + at, text + at + 1, len - at);
				len--;
			} else if ((seed & 3) == 1 && len + 1 < sizeof text) {  /* insert one */
				memmove(text + at + 1, text + at, len - at + 1);
				text[at] = junk[(seed >> 32) % (sizeof junk - 1)];
				len++;
			} else {                                        /* replace one */
				text[at] = junk[(seed >> 32) % (sizeof junk - 1)];
			}
		}
		path = write_file("cn-2027.ini", text);
		if (calendar_add_file(c, path, &e) == 0) {
			accepted++;
			assert_true(calendar_year_known(c, 2027));
			for (cdate d = jan1; d <= dec31; d++)
				if (calendar_day_kind(c, d) == DAY_MAKEUP)
					assert_true(date_weekday(d) >= 6);
		} else {
			refused++;
			assert_int_equal(e.code, ERR_DATA);
			if (strncmp(e.msg, path, strlen(path)) != 0 || e.msg[strlen(path)] != ':')
				fail_msg("mutation %d: message '%s' does not start with the file", iter,
					 e.msg);
			assert_false(calendar_year_known(c, 2027));
			for (cdate d = jan1; d <= dec31; d++)
				assert_int_equal(calendar_day_kind(c, d),
						 date_weekday(d) >= 6 ? DAY_WEEKEND : DAY_WORKDAY);
			assert_int_equal(calendar_working_days_between(c, jan1 - 1, dec31), 261);
		}
		unlink(path);
		free(path);
		calendar_free(c);
	}
	print_message("mutated holiday files: %d accepted, %d refused\n", accepted, refused);
	assert_true(refused > 0);
}

static void test_bad_dir_leaves_out(void **state)
{
	struct calendar *sentinel = (struct calendar *)&sentinel, *out = sentinel;
	char *good = write_file("cn-2027.ini", "[calendar]\nyear = 2027\n");
	char *bad = write_file("cn-2028.ini", "[calendar]\nyear = 2028\n[holidays]\n2028-13-01 = x\n");
	struct err e = { 0 };

	(void)state;
	assert_int_equal(calendar_load_dir(tmpdir, &out, &e), ERR_DATA);
	assert_ptr_equal(out, sentinel);
	assert_non_null(strstr(e.msg, "cn-2028.ini:4: "));
	assert_non_null(strstr(e.msg, "no month 13"));
	unlink(bad);
	assert_int_equal(calendar_load_dir(tmpdir, &out, &e), 0);
	assert_true(calendar_year_known(out, 2027));
	assert_false(calendar_year_known(out, 2026));
	calendar_free(out);
	out = sentinel;
	assert_int_equal(calendar_load_dir("/nonexistent/cdesk/holidays", &out, &e), ERR_NOTFOUND);
	assert_ptr_equal(out, sentinel);
	unlink(good);
	free(good);
	free(bad);
}

/*
 * The century, day by day, beside a count that steps one day at a time: the
 * tables hold only the years read from a file, the other years are counted
 * in closed form, and the k-th working day is found by a search over the
 * counts; every day's count and a spread of additions must agree.
 */
static void test_century_stepwise(void **state)
{
	static const int ns[] = { 1, 3, 15, 60, 0, -1, -4, -30 };
	cdate first = D("2000-01-01"), last = D("2099-12-31");
	int count = 0;

	(void)state;
	for (cdate d = first; d <= last; d++) {
		count += calendar_is_working_day(cal, d);
		if (calendar_working_days_between(cal, first - 1, d) != count)
			fail_msg("day %d: between gives %d, stepping %d", (int)(d - first),
				 calendar_working_days_between(cal, first - 1, d), count);
	}
	for (cdate d = D("2000-03-01"); d <= D("2099-10-01"); d += 37)
		for (size_t k = 0; k < N_ROWS(ns); k++) {
			int n = ns[k], left = n < 0 ? -n : n;
			cdate want = d;

			if (n == 0)
				while (!calendar_is_working_day(cal, want))
					want++;
			while (left > 0) {
				want += n > 0 ? 1 : -1;
				left -= calendar_is_working_day(cal, want);
			}
			if (calendar_add_working_days(cal, d, n) != want)
				fail_msg("day %d + %d working days: %d, stepping %d", (int)(d - first), n,
					 (int)(calendar_add_working_days(cal, d, n) - first),
					 (int)(want - first));
		}
	/* the ends clamp */
	assert_int_equal(calendar_add_working_days(cal, last, 5), last);
	assert_int_equal(calendar_add_working_days(cal, first, -5), first);
}

int main(void)
{
	/* One group, so that the runner counts every test; the ones that add
	 * 2027 to the shared calendar come after those that expect it unknown. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_working_days),
		cmocka_unit_test(test_working_days_between),
		cmocka_unit_test(test_days_left),
		cmocka_unit_test(test_add_between_agree),
		cmocka_unit_test(test_century_stepwise),
		cmocka_unit_test(test_day_kinds),
		cmocka_unit_test(test_years_known),
		cmocka_unit_test(test_new_is_monday_to_friday),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_file_name),
		cmocka_unit_test(test_bad_dir_leaves_out),
		cmocka_unit_test(test_mutated_files),
		cmocka_unit_test(test_good_file_added),
	};

	return cmocka_run_group_tests_name("calendar", tests, setup_tmp, teardown_tmp);
}
