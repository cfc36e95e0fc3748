/* The working-day calendar: holiday files read into per-day tables so that every query is a lookup. */
#include "core/calendar.h"
#include "core/ini.h"
#include "core/text.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2000-01-01 .. 2099-12-31: 100 years, 25 of them leap. */
#define CAL_NDAYS 36525
#define CAL_NYEARS (CAL_LAST_YEAR - CAL_FIRST_YEAR + 1)
#define CAL_NAME_MAX 96         /* bytes of one holiday name in a file */

/*
 * Only the days of the years read from a file are in the per-day tables
 * (written, so only their pages are touched: the tables of a whole century
 * were most of the calendar's start-up); a year without a file is
 * Monday-Friday, counted in closed form.
 */
struct calendar {
	cdate base;                     /* CAL_FIRST_YEAR-01-01 */
	int wd0;                        /* the base's weekday, 0 Monday .. 6 Sunday */
	uint8_t kind[CAL_NDAYS];        /* enum day_kind + 1 in a year read; 0 elsewhere */
	uint16_t name[CAL_NDAYS];       /* index into names; 0 = none */
	/* cum[i], in a year read: its working days from 1 January through day
	 * index i. ycum[y]: the working days before year y's 1 January (from
	 * the base), ycum[CAL_NYEARS] all of them; yfirst[y] the day index of
	 * that 1 January. 16 bits hold day counts (fewer than 65536 days). */
	uint16_t cum[CAL_NDAYS];
	/* nth[yfirst[y] + j], in a year read: the day index of its working day j (from 0) */
	uint16_t nth[CAL_NDAYS];
	int32_t ycum[CAL_NYEARS + 1];
	int32_t yfirst[CAL_NYEARS + 1];
	char **names;                   /* names[0] is unused */
	int nnames;
	char *year_file[CAL_NYEARS];    /* the file a year came from; NULL = not loaded */
};

_Static_assert(CAL_NDAYS < 65536, "calendar: cum and nth hold day indexes in 16 bits");

static bool weekday_off(cdate day)
{
	return date_weekday(day) >= 6;
}

/* Monday-Friday days among day indexes 0..n-1. */
static int32_t weekdays_before(const struct calendar *cal, int32_t n)
{
	int32_t a = cal->wd0 + n, b = cal->wd0;

	return (a / 7 * 5 + (a % 7 < 5 ? a % 7 : 5)) - (b / 7 * 5 + (b % 7 < 5 ? b % 7 : 5));
}

/* Rebuilds the sums of the years read and each year's count from kind[]. */
static void rebuild_sums(struct calendar *cal)
{
	for (int y = 0; y < CAL_NYEARS; y++) {
		int32_t from = cal->yfirst[y], to = cal->yfirst[y + 1], w = 0;

		if (cal->year_file[y]) {
			for (int32_t i = from; i < to; i++) {
				int k = cal->kind[i] - 1;
				if (k == DAY_WORKDAY || k == DAY_MAKEUP)
					cal->nth[from + w++] = (uint16_t)i;
				cal->cum[i] = (uint16_t)w;
			}
		} else {
			w = weekdays_before(cal, to) - weekdays_before(cal, from);
		}
		cal->ycum[y + 1] = cal->ycum[y] + w;
	}
}

/* A calendar of weekends only, its sums not yet built. */
static struct calendar *cal_alloc(void)
{
	struct calendar *cal = xcalloc(1, sizeof *cal);
	cdate last;

	if (date_from_ymd(CAL_FIRST_YEAR, 1, 1, &cal->base) ||
	    date_from_ymd(CAL_LAST_YEAR, 12, 31, &last) || last - cal->base + 1 != CAL_NDAYS)
		fatal("calendar: CAL_NDAYS does not match %d..%d", CAL_FIRST_YEAR, CAL_LAST_YEAR);
	cal->wd0 = date_weekday(cal->base) - 1;
	for (int y = 0; y <= CAL_NYEARS; y++) {
		cdate d;
		date_from_ymd(CAL_FIRST_YEAR + y, 1, 1, &d);
		cal->yfirst[y] = y < CAL_NYEARS ? d - cal->base : CAL_NDAYS;
	}
	cal->names = xcalloc(1, sizeof *cal->names);
	cal->nnames = 1;
	return cal;
}

struct calendar *calendar_new(void)
{
	struct calendar *cal = cal_alloc();

	rebuild_sums(cal);
	return cal;
}

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	for (int i = 1; i < cal->nnames; i++)
		free(cal->names[i]);
	free(cal->names);
	for (int y = 0; y < CAL_NYEARS; y++)
		free(cal->year_file[y]);
	free(cal);
}

static uint16_t intern_name(struct calendar *cal, const char *s)
{
	for (int i = 1; i < cal->nnames; i++)
		if (strcmp(cal->names[i], s) == 0)
			return (uint16_t)i;
	if (cal->nnames >= UINT16_MAX)
		fatal("calendar: too many holiday names");
	cal->names = xrealloc(cal->names, sizeof *cal->names * (size_t)(cal->nnames + 1));
	cal->names[cal->nnames] = xstrdup(s);
	return (uint16_t)cal->nnames++;
}

/* ---- reading one year file ---- */

enum { MARK_NONE, MARK_HOLIDAY, MARK_WORKDAY };

/* What a year file says, checked completely before the calendar is touched. */
struct year_draft {
	int year;
	cdate first;                    /* the year's 1 January */
	int ndays;                      /* 365 or 366 */
	uint8_t mark[366];
	int line[366];                  /* the line that marked the day */
	char *name[366];                /* holiday names joined with "、", or the make-up day's */
};

static void draft_free(struct year_draft *d)
{
	for (int i = 0; i < 366; i++)
		free(d->name[i]);
}

/* "cn-YYYY.ini" as the last path component; the year, or 0. */
static int file_name_year(const char *path)
{
	const char *b = strrchr(path, '/');
	int y = 0;

	b = b ? b + 1 : path;
	if (strlen(b) != 11 || strncmp(b, "cn-", 3) != 0 || strcmp(b + 7, ".ini") != 0)
		return 0;
	for (int i = 3; i < 7; i++) {
		if (b[i] < '0' || b[i] > '9')
			return 0;
		y = y * 10 + (b[i] - '0');
	}
	return y;
}

/* Parses a key "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" (spaces allowed around ".."). */
static int parse_range(const struct ini *ini, const char *sec, const char *key,
		       const struct year_draft *d, cdate *a, cdate *b, struct err *err)
{
	char first[64], second[64];
	const char *dots = strstr(key, "..");
	struct err e = { 0 };
	int ya, yb;

	if (dots) {
		size_t n = (size_t)(dots - key);
		const char *s = dots + 2;

		while (n > 0 && key[n - 1] == ' ')
			n--;
		while (*s == ' ')
			s++;
		if (n >= sizeof first || strlen(s) >= sizeof second)
			return ini_fail(ini, sec, key, err, "not a date or a range FROM..TO");
		memcpy(first, key, n);
		first[n] = '\0';
		snprintf(second, sizeof second, "%s", s);
	} else {
		if (strlen(key) >= sizeof first)
			return ini_fail(ini, sec, key, err, "not a date or a range FROM..TO");
		snprintf(first, sizeof first, "%s", key);
		snprintf(second, sizeof second, "%s", key);
	}
	if (date_parse(first, a, &e) || date_parse(second, b, &e))
		return ini_fail(ini, sec, key, err, "%s", e.msg);
	ya = date_year(*a);
	yb = date_year(*b);
	if (ya != d->year || yb != d->year)
		return ini_fail(ini, sec, key, err, "%s is not in %d, the year of this file",
				ya != d->year ? first : second, d->year);
	if (*b < *a)
		return ini_fail(ini, sec, key, err, "the range ends (%s) before it starts (%s)",
				second, first);
	return 0;
}

/* The name a date is given: non-empty, valid UTF-8, one line, not too long. */
static int check_name(const struct ini *ini, const char *sec, const char *key, const char *v,
		      struct err *err)
{
	if (!v || !*v)
		return ini_fail(ini, sec, key, err,
				"needs a name (the holiday, e.g. %s = 春节)", key);
	if (!text_utf8_valid(v, strlen(v)))
		return ini_fail(ini, sec, key, err, "the name is not valid UTF-8");
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ini_fail(ini, sec, key, err, "the name contains a control character");
	if (strlen(v) >= CAL_NAME_MAX)
		return ini_fail(ini, sec, key, err, "the name is longer than %d bytes",
				CAL_NAME_MAX - 1);
	return 0;
}

/* Appends name to a day's names unless it is already there. */
static void add_day_name(char **slot, const char *name)
{
	char *joined;

	if (!*slot) {
		*slot = xstrdup(name);
		return;
	}
	for (const char *p = *slot; p;) {
		const char *sep = strstr(p, "、");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		if (n == strlen(name) && strncmp(p, name, n) == 0)
			return;
		p = sep ? sep + strlen("、") : NULL;
	}
	joined = xasprintf("%s、%s", *slot, name);
	free(*slot);
	*slot = joined;
}

static int read_section(const struct ini *ini, const char *sec, int mark, struct year_draft *d,
			struct err *err)
{
	int nkeys = ini_key_count(ini, sec);

	for (int k = 0; k < nkeys; k++) {
		const char *key = ini_key_name(ini, sec, k), *v;
		int line = ini_line(ini, sec, key);
		cdate a, b;

		if (parse_range(ini, sec, key, d, &a, &b, err))
			return ERR_DATA;
		v = ini_get(ini, sec, key);
		if (check_name(ini, sec, key, v, err))
			return ERR_DATA;
		for (cdate day = a; day <= b; day++) {
			int i = day - d->first;
			char ds[11];

			/* the date for a message only (formatting every day was a tenth of the load) */
			if (d->mark[i] != MARK_NONE || (mark == MARK_WORKDAY && date_weekday(day) < 6))
				date_format(day, ds);
			else
				ds[0] = '\0';
			if (mark == MARK_WORKDAY) {
				static const char *const wd[] = { "", "Monday", "Tuesday", "Wednesday",
								  "Thursday", "Friday" };
				int w = date_weekday(day);
				if (d->mark[i] == MARK_HOLIDAY)
					return ini_fail(ini, sec, key, err,
							"%s is also a holiday (line %d); a day is either "
							"a holiday or a make-up working day", ds,
							d->line[i]);
				if (d->mark[i] == MARK_WORKDAY)
					return ini_fail(ini, sec, key, err,
							"%s is already a make-up working day (line %d)",
							ds, d->line[i]);
				if (w < 6)
					return ini_fail(ini, sec, key, err,
							"%s is a %s; a make-up working day must be a "
							"Saturday or Sunday", ds, wd[w]);
			} else if (d->mark[i] == MARK_WORKDAY) {
				return ini_fail(ini, sec, key, err,
						"%s is also a make-up working day (line %d)", ds,
						d->line[i]);
			}
			if (d->mark[i] == MARK_NONE)
				d->line[i] = line;
			d->mark[i] = (uint8_t)mark;
			add_day_name(&d->name[i], v);
		}
	}
	return 0;
}

static int read_year_file(const struct calendar *cal, const char *path, struct year_draft *d,
			  struct err *err)
{
	struct ini *ini;
	int fyear = file_name_year(path), rc = ERR_DATA;
	bool have_cal = false;
	long year;

	if (!fyear)
		return err_set(err, ERR_DATA, "%s: a holiday file must be named cn-YYYY.ini", path);
	if ((rc = ini_open(path, &ini, err)))
		return rc;
	rc = ERR_DATA;
	for (int s = 0; s < ini_section_count(ini); s++) {
		const char *sec = ini_section_name(ini, s);
		for (int t = 0; t < s; t++)
			if (strcmp(ini_section_name(ini, t), sec) == 0) {
				ini_fail(ini, sec, NULL, err, "the section appears twice");
				goto out;
			}
		if (strcmp(sec, "calendar") == 0) {
			have_cal = true;
		} else if (strcmp(sec, "holidays") != 0 && strcmp(sec, "workdays") != 0) {
			ini_fail(ini, sec, NULL, err,
				 "unknown section (expected [calendar], [holidays] or [workdays])");
			goto out;
		}
	}
	if (!have_cal) {
		err_set(err, ERR_DATA, "%s:1: missing [calendar] section with year = %d", path, fyear);
		goto out;
	}
	for (int k = 0; k < ini_key_count(ini, "calendar"); k++) {
		const char *key = ini_key_name(ini, "calendar", k);
		if (strcmp(key, "year") != 0 && strcmp(key, "source") != 0) {
			ini_fail(ini, "calendar", key, err, "unknown key (expected year or source)");
			goto out;
		}
	}
	if (ini_get_int(ini, "calendar", "year", CAL_FIRST_YEAR, CAL_LAST_YEAR, &year, err))
		goto out;
	if (year != fyear) {
		ini_fail(ini, "calendar", "year", err,
			 "%ld does not match the year in the file name (cn-%04d.ini)", year, fyear);
		goto out;
	}
	if (cal->year_file[year - CAL_FIRST_YEAR]) {
		ini_fail(ini, "calendar", "year", err, "%ld is already loaded from %s", year,
			 cal->year_file[year - CAL_FIRST_YEAR]);
		goto out;
	}
	d->year = (int)year;
	date_from_ymd(d->year, 1, 1, &d->first);
	d->ndays = date_is_leap(d->year) ? 366 : 365;
	if (read_section(ini, "holidays", MARK_HOLIDAY, d, err) ||
	    read_section(ini, "workdays", MARK_WORKDAY, d, err))
		goto out;
	rc = 0;
out:
	ini_close(ini);
	return rc;
}

/* Reads one year file into cal; the sums are rebuilt by the caller. */
static int add_file(struct calendar *cal, const char *path, struct err *err)
{
	struct year_draft *d = xcalloc(1, sizeof *d);
	int rc = read_year_file(cal, path, d, err);

	if (rc == 0) {
		for (int i = 0; i < d->ndays; i++) {
			int di = d->first - cal->base + i;
			enum day_kind k = weekday_off(d->first + i) ? DAY_WEEKEND : DAY_WORKDAY;

			if (d->mark[i] == MARK_HOLIDAY)
				k = DAY_HOLIDAY;
			else if (d->mark[i] == MARK_WORKDAY)
				k = DAY_MAKEUP;
			cal->kind[di] = (uint8_t)(k + 1);
			cal->name[di] = d->name[i] ? intern_name(cal, d->name[i]) : 0;
		}
		cal->year_file[d->year - CAL_FIRST_YEAR] = xstrdup(path);
	}
	draft_free(d);
	free(d);
	return rc;
}

int calendar_add_file(struct calendar *cal, const char *path, struct err *err)
{
	int rc = add_file(cal, path, err);

	if (rc == 0)
		rebuild_sums(cal);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int calendar_load_dir(const char *dir, struct calendar **out, struct err *err)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **files = NULL;
	size_t nfiles = 0;
	struct calendar *cal;
	int rc = 0;

	if (!dp)
		return err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_DATA, "%s: %s", dir,
			       err_errno_text(errno));
	while ((de = readdir(dp))) {
		size_t n = strlen(de->d_name);
		if (n < 4 || strcmp(de->d_name + n - 4, ".ini") != 0)
			continue;
		files = xrealloc(files, sizeof *files * (nfiles + 1));
		files[nfiles++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(dp);
	if (nfiles)
		qsort(files, nfiles, sizeof *files, cmp_str);
	cal = cal_alloc();
	for (size_t i = 0; i < nfiles && !rc; i++)
		rc = add_file(cal, files[i], err);
	if (!rc)
		rebuild_sums(cal);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	if (rc) {
		calendar_free(cal);
		return rc;
	}
	*out = cal;
	return 0;
}

/* ---- queries ---- */

bool calendar_year_known(const struct calendar *cal, int year)
{
	return year >= CAL_FIRST_YEAR && year <= CAL_LAST_YEAR &&
	       cal->year_file[year - CAL_FIRST_YEAR] != NULL;
}

bool calendar_span_known(const struct calendar *cal, cdate a, cdate b)
{
	int ya = date_year(a < b ? a : b), yb = date_year(a < b ? b : a);

	for (int y = ya; y <= yb; y++)
		if (!calendar_year_known(cal, y))
			return false;
	return true;
}

bool calendar_in_range(cdate day)
{
	cdate first, last;

	date_from_ymd(CAL_FIRST_YEAR, 1, 1, &first);
	date_from_ymd(CAL_LAST_YEAR, 12, 31, &last);
	return day >= first && day <= last;
}

enum day_kind calendar_day_kind(const struct calendar *cal, cdate day)
{
	int64_t i = (int64_t)day - cal->base;

	if (i < 0 || i >= CAL_NDAYS || !cal->kind[i])
		return weekday_off(day) ? DAY_WEEKEND : DAY_WORKDAY;
	return (enum day_kind)(cal->kind[i] - 1);
}

bool calendar_is_working_day(const struct calendar *cal, cdate day)
{
	enum day_kind k = calendar_day_kind(cal, day);

	return k == DAY_WORKDAY || k == DAY_MAKEUP;
}

const char *calendar_day_name(const struct calendar *cal, cdate day)
{
	int64_t i = (int64_t)day - cal->base;

	if (i < 0 || i >= CAL_NDAYS || !cal->name[i])
		return NULL;
	return cal->names[cal->name[i]];
}

/*
 * Working days in the range with index <= i. Days outside the range count as
 * non-working, so arithmetic that leaves the range stops at its ends.
 */
static int32_t worked_through(const struct calendar *cal, cdate day)
{
	int64_t i = (int64_t)day - cal->base;
	int y;

	if (i < 0)
		return 0;
	if (i >= CAL_NDAYS)
		return cal->ycum[CAL_NYEARS];
	y = (int)(i * 4 / 1461);        /* this year or the next */
	while (y > 0 && cal->yfirst[y] > i)
		y--;
	while (cal->yfirst[y + 1] <= i)
		y++;
	if (cal->year_file[y])
		return cal->ycum[y] + cal->cum[i];
	return cal->ycum[y] + weekdays_before(cal, (int32_t)i + 1) -
	       weekdays_before(cal, cal->yfirst[y]);
}

/* The day index of the working day numbered k (from 0, 0 <= k < the total). */
static int32_t nth_working(const struct calendar *cal, int64_t k)
{
	int y = (int)(k / 262), j;      /* at most 262 Monday-Fridays a year: this year or before */
	int32_t t;

	if (y >= CAL_NYEARS)
		y = CAL_NYEARS - 1;
	while (y > 0 && cal->ycum[y] > k)
		y--;
	while (cal->ycum[y + 1] <= k)
		y++;
	j = (int)(k - cal->ycum[y]);
	if (cal->year_file[y])
		return cal->nth[cal->yfirst[y] + j];
	/* Monday-Friday: the weekday numbered t counting positions from the
	 * base's Monday is at position t / 5 * 7 + t % 5 */
	t = weekdays_before(cal, cal->yfirst[y]) + (cal->wd0 < 5 ? cal->wd0 : 5) + j;
	return t / 5 * 7 + t % 5 - cal->wd0;
}

cdate calendar_add_working_days(const struct calendar *cal, cdate from, int n)
{
	int64_t k;
	int32_t total = cal->ycum[CAL_NYEARS];

	if (n > 0)
		k = (int64_t)worked_through(cal, from) + n - 1;
	else    /* n = 0: the first working day at or after from; n < 0: before from */
		k = (int64_t)worked_through(cal, from - 1) + n;
	if (k < 0)
		return cal->base;
	if (k >= total)
		return cal->base + CAL_NDAYS - 1;
	return cal->base + nth_working(cal, k);
}

int calendar_working_days_between(const struct calendar *cal, cdate a, cdate b)
{
	return (int)(worked_through(cal, b) - worked_through(cal, a));
}

int calendar_days_left(const struct calendar *cal, cdate today, cdate due)
{
	int n = calendar_working_days_between(cal, today, due);

	if (today > due && n > -1)
		return -1;
	return n;
}
