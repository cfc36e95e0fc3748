/* Civil-date arithmetic (days from civil, after H. Hinnant) and strict parsing. */
#include "core/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : mdays[m - 1];
}

static cdate days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (cdate)(era * 146097 + doe - 719468);
}

int date_from_ymd(int y, int m, int d, cdate *out)
{
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return ERR_USAGE;
	*out = days_from_civil(y, m, d);
	return 0;
}

void date_to_ymd(cdate z, int *py, int *pm, int *pd)
{
	int era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	if (py)
		*py = y + (m <= 2);
	if (pm)
		*pm = m;
	if (pd)
		*pd = d;
}

int date_year(cdate day)
{
	int y;

	date_to_ymd(day, &y, NULL, NULL);
	return y;
}

int date_weekday(cdate day)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((day % 7 + 7) % 7);

	return (w + 3) % 7 + 1;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parses exactly "YYYY-MM-DD" at s; returns 0, or ERR_USAGE with a message. */
static int parse_ymd(const char *s, const char *whole, cdate *out, struct err *err)
{
	int y, m, d;

	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return err_set(err, ERR_USAGE, "'%s': not a date (expected YYYY-MM-DD)", whole);
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return err_set(err, ERR_USAGE, "'%s': year %d is out of range %d-%d", whole, y,
			       DATE_MIN_YEAR, DATE_MAX_YEAR);
	if (m < 1 || m > 12)
		return err_set(err, ERR_USAGE, "'%s': there is no month %d", whole, m);
	if (d < 1 || d > date_days_in_month(y, m))
		return err_set(err, ERR_USAGE, "'%s': %04d-%02d has %d days", whole, y, m,
			       date_days_in_month(y, m));
	return date_from_ymd(y, m, d, out);
}

int date_parse(const char *s, cdate *out, struct err *err)
{
	cdate d;

	if (!s || strlen(s) != 10)
		return err_set(err, ERR_USAGE, "'%s': not a date (expected YYYY-MM-DD)", s ? s : "");
	if (parse_ymd(s, s, &d, err))
		return ERR_USAGE;
	*out = d;
	return 0;
}

/* v as n decimal digits, zero-padded (v < 10^n). */
static void put_digits(char *p, unsigned v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10u);
		v /= 10u;
	}
}

char *date_format(cdate day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	/* "%04u-%02u-%02u" by hand: two snprintf calls a time written were 5%
	 * of cdesk demo */
	put_digits(buf, (unsigned)y % 10000u, 4);
	buf[4] = '-';
	put_digits(buf + 5, (unsigned)m % 100u, 2);
	buf[7] = '-';
	put_digits(buf + 8, (unsigned)d % 100u, 2);
	buf[10] = '\0';
	return buf;
}

static int parse_hms(const char *s, const char *whole, int32_t *sec, struct err *err)
{
	size_t n = strlen(s);
	int h, mi, se = 0;

	if ((n != 5 && n != 8) || digits(s, 2, &h) || s[2] != ':' || digits(s + 3, 2, &mi) ||
	    (n == 8 && (s[5] != ':' || digits(s + 6, 2, &se))))
		return err_set(err, ERR_USAGE, "'%s': not a time (expected HH:MM or HH:MM:SS)", whole);
	if (h > 23 || mi > 59 || se > 59)
		return err_set(err, ERR_USAGE, "'%s': time out of range", whole);
	*sec = h * 3600 + mi * 60 + se;
	return 0;
}

int time_parse(const char *s, int32_t *sec, struct err *err)
{
	int32_t v;

	if (!s || parse_hms(s, s, &v, err))
		return err_set(err, ERR_USAGE, "'%s': not a time (expected HH:MM or HH:MM:SS)",
			       s ? s : "");
	*sec = v;
	return 0;
}

int datetime_parse(const char *s, struct cdatetime *out, struct err *err)
{
	struct cdatetime t = { 0, 0 };
	size_t n;

	if (!s)
		return err_set(err, ERR_USAGE, "missing date-time");
	n = strlen(s);
	if (n < 10)
		return err_set(err, ERR_USAGE,
			       "'%s': not a date-time (expected YYYY-MM-DD [HH:MM[:SS]])", s);
	if (parse_ymd(s, s, &t.day, err))
		return ERR_USAGE;
	if (n > 10) {
		if (s[10] != ' ' && s[10] != 'T')
			return err_set(err, ERR_USAGE,
				       "'%s': not a date-time (expected YYYY-MM-DD [HH:MM[:SS]])", s);
		if (parse_hms(s + 11, s, &t.sec, err))
			return ERR_USAGE;
	}
	*out = t;
	return 0;
}

char *datetime_format(struct cdatetime t, char *buf)
{
	char d[11];

	date_format(t.day, d);
	unsigned s = (unsigned)t.sec % 86400u;

	memcpy(buf, d, 10);
	buf[10] = ' ';
	put_digits(buf + 11, s / 3600u, 2);
	buf[13] = ':';
	put_digits(buf + 14, s / 60u % 60u, 2);
	buf[16] = ':';
	put_digits(buf + 17, s % 60u, 2);
	buf[19] = '\0';
	return buf;
}

int datetime_cmp(struct cdatetime a, struct cdatetime b)
{
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return (a.sec > b.sec) - (a.sec < b.sec);
}

struct cdatetime datetime_add_seconds(struct cdatetime t, int64_t secs)
{
	int64_t total = (int64_t)t.day * 86400 + t.sec + secs;
	int64_t day = total >= 0 ? total / 86400 : -((-total + 86399) / 86400);

	t.day = (cdate)day;
	t.sec = (int32_t)(total - day * 86400);
	return t;
}

struct cdatetime datetime_from_unix(int64_t ts)
{
	time_t tt = (time_t)ts;
	struct tm tm;
	struct cdatetime t = { 0, 0 };

	if (!localtime_r(&tt, &tm))
		return t;
	if (date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &t.day))
		return t;
	t.sec = tm.tm_hour * 3600 + tm.tm_min * 60 + (tm.tm_sec > 59 ? 59 : tm.tm_sec);
	return t;
}
