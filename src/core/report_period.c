/* Report periods: quarters ("2026Q3") and months ("2026-08"), their days and neighbours. */
#include "core/report.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define PERIOD_MIN_YEAR CAL_FIRST_YEAR
#define PERIOD_MAX_YEAR CAL_LAST_YEAR

int report_period_make(enum period_kind kind, int year, int num, struct report_period *out,
		       struct err *err)
{
	int m0, m1;

	if (year < PERIOD_MIN_YEAR || year > PERIOD_MAX_YEAR)
		return err_set(err, ERR_USAGE, "year %d is outside %d..%d", year, PERIOD_MIN_YEAR,
			       PERIOD_MAX_YEAR);
	if (kind == PERIOD_QUARTER && (num < 1 || num > 4))
		return err_set(err, ERR_USAGE, "quarter %d: a quarter is 1 to 4", num);
	if (kind == PERIOD_MONTH && (num < 1 || num > 12))
		return err_set(err, ERR_USAGE, "month %d: a month is 1 to 12", num);
	m0 = kind == PERIOD_QUARTER ? (num - 1) * 3 + 1 : num;
	m1 = kind == PERIOD_QUARTER ? m0 + 2 : m0;
	out->kind = kind;
	out->year = year;
	out->num = num;
	date_from_ymd(year, m0, 1, &out->first);
	date_from_ymd(year, m1, date_days_in_month(year, m1), &out->last);
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

int report_period_parse(const char *s, struct report_period *out, struct err *err)
{
	size_t len = s ? strlen(s) : 0;
	struct report_period p;
	int year, num;

	if (len == 6 && all_digits(s, 4) && (s[4] == 'Q' || s[4] == 'q') && all_digits(s + 5, 1)) {
		year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		num = s[5] - '0';
		if (report_period_make(PERIOD_QUARTER, year, num, &p, err))
			return err_prefix(err, "%s: ", s);
	} else if (len == 7 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2)) {
		year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		num = (s[5] - '0') * 10 + (s[6] - '0');
		if (report_period_make(PERIOD_MONTH, year, num, &p, err))
			return err_prefix(err, "%s: ", s);
	} else {
		return err_set(err, ERR_USAGE,
			       "'%s' is not a period: expected a quarter like 2026Q3 or a month "
			       "like 2026-08", s ? s : "");
	}
	*out = p;
	return 0;
}

struct report_period report_period_shift(const struct report_period *p, int n)
{
	int per_year = p->kind == PERIOD_QUARTER ? 4 : 12;
	int idx = p->year * per_year + (p->num - 1) + n;
	struct report_period r;
	int year = idx / per_year, num = idx % per_year + 1;

	if (year < PERIOD_MIN_YEAR) {
		year = PERIOD_MIN_YEAR;
		num = 1;
	} else if (year > PERIOD_MAX_YEAR) {
		year = PERIOD_MAX_YEAR;
		num = per_year;
	}
	report_period_make(p->kind, year, num, &r, NULL);
	return r;
}

struct report_period report_period_year_ago(const struct report_period *p)
{
	return report_period_shift(p, p->kind == PERIOD_QUARTER ? -4 : -12);
}

struct report_period report_period_of(enum period_kind kind, cdate day)
{
	struct report_period r;
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < PERIOD_MIN_YEAR) {
		y = PERIOD_MIN_YEAR;
		m = 1;
	} else if (y > PERIOD_MAX_YEAR) {
		y = PERIOD_MAX_YEAR;
		m = 12;
	}
	report_period_make(kind, y, kind == PERIOD_QUARTER ? (m - 1) / 3 + 1 : m, &r, NULL);
	return r;
}

char *report_period_code(const struct report_period *p, char *buf)
{
	if (p->kind == PERIOD_QUARTER)
		snprintf(buf, 8, "%04uQ%u", (unsigned)p->year % 10000u, (unsigned)p->num % 10u);
	else
		snprintf(buf, 8, "%04u-%02u", (unsigned)p->year % 10000u, (unsigned)p->num % 100u);
	return buf;
}

char *report_period_label(const struct report_period *p, char *buf)
{
	static const char *const zh[] = { "一", "二", "三", "四" };

	if (p->kind == PERIOD_QUARTER)
		snprintf(buf, 32, "%d年第%s季度", p->year, zh[(p->num - 1) & 3]);
	else
		snprintf(buf, 32, "%d年%d月", p->year, p->num);
	return buf;
}
