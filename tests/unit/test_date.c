/* Civil dates: strict parsing and its messages, leap years, weekdays, round trips, date-times. */
#include "testutil.h"

#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct bad_date {
	const char *text;
	const char *msg;        /* a fragment the message must hold */
};

static const struct bad_date bad_dates[] = {
	{ "2026-02-30", "2026-02 has 28 days" },
	{ "2026-02-29", "2026-02 has 28 days" },
	{ "2023-02-29", "2023-02 has 28 days" },
	{ "1900-02-29", "1900-02 has 28 days" },  /* divisible by 100, not by 400 */
	{ "2100-02-29", "2100-02 has 28 days" },
	{ "2026-04-31", "2026-04 has 30 days" },
	{ "2026-01-32", "2026-01 has 31 days" },
	{ "2026-01-00", "2026-01 has 31 days" },
	{ "2026-13-01", "there is no month 13" },
	{ "2026-00-10", "there is no month 0" },
	{ "1899-12-31", "year 1899 is out of range 1900-2199" },
	{ "2200-01-01", "year 2200 is out of range" },
	{ "2026-2-3", "not a date (expected YYYY-MM-DD)" },
	{ "20260203", "not a date" },
	{ "2026/02/03", "not a date" },
	{ "2026-02-03x", "not a date" },
	{ " 2026-02-03", "not a date" },
	{ "2026-02-3 ", "not a date" },
	{ "2026-0a-03", "not a date" },
	{ "+026-02-03", "not a date" },
	{ "", "not a date" },
	{ "abc", "'abc': not a date" },
};

static void test_parse_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_dates); i++) {
		struct err e = { 0 };
		cdate d = 12345;

		if (date_parse(bad_dates[i].text, &d, &e) != ERR_USAGE)
			fail_msg("'%s' was accepted", bad_dates[i].text);
		assert_int_equal(e.code, ERR_USAGE);
		assert_int_equal(d, 12345);         /* untouched */
		if (!strstr(e.msg, bad_dates[i].msg))
			fail_msg("'%s': message '%s' lacks '%s'", bad_dates[i].text, e.msg,
				 bad_dates[i].msg);
		if (bad_dates[i].text[0] && !strstr(e.msg, bad_dates[i].text))
			fail_msg("'%s': message '%s' does not name the text", bad_dates[i].text,
				 e.msg);
	}
}

static void test_parse_null(void **state)
{
	struct err e = { 0 };
	cdate d;

	(void)state;
	assert_int_equal(date_parse(NULL, &d, &e), ERR_USAGE);
}

struct good_date {
	const char *text;
	cdate day;
	int weekday;
};

static const struct good_date good_dates[] = {
	{ "1970-01-01", 0, 4 },
	{ "1969-12-31", -1, 3 },
	{ "1900-01-01", -25567, 1 },
	{ "2000-01-01", 10957, 6 },
	{ "2000-02-29", 11016, 2 },   /* divisible by 400: leap */
	{ "2024-02-29", 19782, 4 },
	{ "2025-09-30", 20361, 2 },
	{ "2026-02-14", 20498, 6 },
	{ "2026-11-28", 20785, 6 },
	{ "2199-12-31", 84005, 2 },
};

static void test_parse_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(good_dates); i++) {
		const struct good_date *g = &good_dates[i];
		struct err e = { 0 };
		cdate d;
		char buf[11];

		if (date_parse(g->text, &d, &e))
			fail_msg("'%s' refused: %s", g->text, e.msg);
		if (d != g->day)
			fail_msg("'%s' is day %d, expected %d", g->text, (int)d, (int)g->day);
		if (date_weekday(d) != g->weekday)
			fail_msg("'%s' weekday %d, expected %d", g->text, date_weekday(d), g->weekday);
		assert_string_equal(date_format(d, buf), g->text);
	}
}

static void test_leap_and_month_lengths(void **state)
{
	(void)state;
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2028));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
	assert_false(date_is_leap(2026));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);
}

/* Every day of the supported range: day -> y-m-d -> day and -> text -> day. */
static void test_round_trip(void **state)
{
	cdate first, last, prev;
	int py = 0, pm = 0, pd = 0;

	(void)state;
	assert_int_equal(date_from_ymd(DATE_MIN_YEAR, 1, 1, &first), 0);
	assert_int_equal(date_from_ymd(DATE_MAX_YEAR, 12, 31, &last), 0);
	prev = first - 1;
	for (cdate d = first; d <= last; d++) {
		int y, m, dd;
		cdate back;
		char buf[11];
		struct err e = { 0 };

		date_to_ymd(d, &y, &m, &dd);
		if (date_from_ymd(y, m, dd, &back) || back != d)
			fail_msg("day %d -> %d-%d-%d does not come back", (int)d, y, m, dd);
		if (date_parse(date_format(d, buf), &back, &e) || back != d)
			fail_msg("day %d -> '%s' does not parse back", (int)d, buf);
		if (date_year(d) != y)
			fail_msg("date_year(%d) = %d, expected %d", (int)d, date_year(d), y);
		/* Consecutive days are consecutive dates. */
		if (d != first && !(y == py && m == pm && dd == pd + 1) &&
		    !(y == py && m == pm + 1 && dd == 1 && pd == date_days_in_month(py, pm)) &&
		    !(y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31))
			fail_msg("%d-%d-%d follows %d-%d-%d", y, m, dd, py, pm, pd);
		if (date_weekday(d) != date_weekday(prev) % 7 + 1)
			fail_msg("weekday of day %d", (int)d);
		py = y;
		pm = m;
		pd = dd;
		prev = d;
	}
	assert_int_equal(date_from_ymd(2026, 2, 29, &prev), ERR_USAGE);
	assert_int_equal(date_from_ymd(1899, 12, 31, &prev), ERR_USAGE);
	assert_int_equal(date_from_ymd(2200, 1, 1, &prev), ERR_USAGE);
}

static void test_datetime_parse(void **state)
{
	static const struct {
		const char *text;
		const char *want;       /* formatted, or NULL when refused */
	} rows[] = {
		{ "2026-02-13", "2026-02-13 00:00:00" },
		{ "2026-02-13 18:00", "2026-02-13 18:00:00" },
		{ "2026-02-13T18:00:05", "2026-02-13 18:00:05" },
		{ "2026-02-13 23:59:59", "2026-02-13 23:59:59" },
		{ "2026-02-13 24:00", NULL },
		{ "2026-02-13 18:60", NULL },
		{ "2026-02-13 18:00:60", NULL },
		{ "2026-02-13_18:00", NULL },
		{ "2026-02-13 18", NULL },
		{ "2026-02-13 8:00", NULL },
		{ "2026-02-13 18:00:0", NULL },
		{ "2026-02-30 10:00", NULL },
		{ "2026-02-13 ", NULL },
		{ "2026-02", NULL },
	};

	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cdatetime t;
		struct err e = { 0 };
		char buf[20];
		int rc = datetime_parse(rows[i].text, &t, &e);

		if (rows[i].want) {
			if (rc)
				fail_msg("'%s' refused: %s", rows[i].text, e.msg);
			assert_string_equal(datetime_format(t, buf), rows[i].want);
		} else if (rc != ERR_USAGE || !strstr(e.msg, rows[i].text)) {
			fail_msg("'%s': rc %d, message '%s'", rows[i].text, rc, e.msg);
		}
	}
}

static void test_time_parse(void **state)
{
	int32_t s;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(time_parse("17:30", &s, &e), 0);
	assert_int_equal(s, 17 * 3600 + 30 * 60);
	assert_int_equal(time_parse("00:00:01", &s, &e), 0);
	assert_int_equal(s, 1);
	assert_int_equal(time_parse("23:59:59", &s, &e), 0);
	assert_int_equal(s, 86399);
	assert_int_equal(time_parse("24:00", &s, &e), ERR_USAGE);
	assert_int_equal(time_parse("7:30", &s, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "'7:30'"));
	assert_int_equal(time_parse("17.30", &s, &e), ERR_USAGE);
	assert_int_equal(time_parse(NULL, &s, &e), ERR_USAGE);
}

static struct cdatetime dt(const char *s)
{
	struct cdatetime t;
	struct err e = { 0 };

	if (datetime_parse(s, &t, &e))
		fail_msg("%s", e.msg);
	return t;
}

static void test_add_seconds(void **state)
{
	static const struct {
		const char *from;
		int64_t secs;
		const char *want;
	} rows[] = {
		{ "2026-02-13 23:59:59", 1, "2026-02-14 00:00:00" },
		{ "2026-02-14 00:00:00", -1, "2026-02-13 23:59:59" },
		{ "2026-02-13 18:00:00", 2 * 3600, "2026-02-13 20:00:00" },
		{ "2026-02-13 23:00:00", 2 * 3600, "2026-02-14 01:00:00" },
		{ "2024-02-28 23:30:00", 3600, "2024-02-29 00:30:00" },
		{ "2026-02-28 23:30:00", 3600, "2026-03-01 00:30:00" },
		{ "2026-12-31 23:59:59", 1, "2027-01-01 00:00:00" },
		{ "1970-01-01 00:00:00", -1, "1969-12-31 23:59:59" },
		{ "1970-01-01 00:00:00", -86400 * 366LL - 1, "1968-12-30 23:59:59" },
		{ "2026-02-13 12:00:00", 86400LL * 365, "2027-02-13 12:00:00" },
		{ "2026-02-13 12:00:00", 0, "2026-02-13 12:00:00" },
	};

	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char buf[20];
		struct cdatetime t = datetime_add_seconds(dt(rows[i].from), rows[i].secs);

		if (strcmp(datetime_format(t, buf), rows[i].want) != 0)
			fail_msg("%s %+lld s = %s, expected %s", rows[i].from,
				 (long long)rows[i].secs, buf, rows[i].want);
		assert_true(t.sec >= 0 && t.sec < 86400);
	}
}

static void test_cmp_and_unix(void **state)
{
	char buf[20];

	(void)state;
	assert_true(datetime_cmp(dt("2026-02-13 10:00"), dt("2026-02-13 10:01")) < 0);
	assert_true(datetime_cmp(dt("2026-02-14"), dt("2026-02-13 23:59:59")) > 0);
	assert_int_equal(datetime_cmp(dt("2026-02-13 10:00"), dt("2026-02-13T10:00:00")), 0);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(datetime_format(datetime_from_unix(0), buf), "1970-01-01 00:00:00");
	assert_string_equal(datetime_format(datetime_from_unix(1771063200), buf),
			    "2026-02-14 10:00:00");
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	/* Where the zone database is installed, +08:00; else the library's UTC. */
	datetime_format(datetime_from_unix(1771063200), buf);
	assert_true(strcmp(buf, "2026-02-14 18:00:00") == 0 ||
		    strcmp(buf, "2026-02-14 10:00:00") == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_null),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_leap_and_month_lengths),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_datetime_parse),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_add_seconds),
		cmocka_unit_test(test_cmp_and_unix),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
