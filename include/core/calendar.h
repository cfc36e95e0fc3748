/* The working-day calendar: Chinese holidays and make-up days, arithmetic by table look-up. */
#ifndef CDESK_CORE_CALENDAR_H
#define CDESK_CORE_CALENDAR_H

#include <stdbool.h>

#include "core/date.h"
#include "core/err.h"

/*
 * A calendar covers CAL_FIRST_YEAR..CAL_LAST_YEAR: per-day tables for the
 * years read from a file, built at load time, and a closed-form count for
 * the others, so every query below is O(1) (a due date finds its year in
 * the per-year counts in a step or two). A year without a holiday file
 * is Monday–Friday; calendar_year_known() tells callers so they can warn.
 */
#define CAL_FIRST_YEAR 2000
#define CAL_LAST_YEAR 2099

struct calendar;

enum day_kind {
	DAY_WORKDAY,        /* an ordinary Monday–Friday */
	DAY_WEEKEND,        /* Saturday or Sunday, not a make-up day */
	DAY_HOLIDAY,        /* a listed public holiday (may fall on any weekday) */
	DAY_MAKEUP          /* a weekend day listed as a working day (调休) */
};

/* A Monday–Friday calendar with no year known. Never fails. */
struct calendar *calendar_new(void);

/*
 * Loads every "cn-YYYY.ini" in dir. Fails with ERR_DATA and
 * "path:line: what is wrong" on the first malformed file; *out is then
 * untouched (a calendar is never half loaded).
 */
int calendar_load_dir(const char *dir, struct calendar **out, struct err *err);

/* Adds one year file to cal; on failure cal is unchanged. */
int calendar_add_file(struct calendar *cal, const char *path, struct err *err);

void calendar_free(struct calendar *cal);

/* True when a holiday file for year was loaded. */
bool calendar_year_known(const struct calendar *cal, int year);
/* True when every year from the year of a to the year of b is known. */
bool calendar_span_known(const struct calendar *cal, cdate a, cdate b);
/* True when day lies within CAL_FIRST_YEAR..CAL_LAST_YEAR. */
bool calendar_in_range(cdate day);

bool calendar_is_working_day(const struct calendar *cal, cdate day);
enum day_kind calendar_day_kind(const struct calendar *cal, cdate day);
/* The holiday's name ("春节") for a DAY_HOLIDAY or DAY_MAKEUP day, else NULL. */
const char *calendar_day_name(const struct calendar *cal, cdate day);

/*
 * The Nth working day after from (Civil Code art. 201/203: the starting day
 * is not counted). n = 0 gives from itself if it is a working day, else the
 * next working day. Negative n counts backwards. Results outside the
 * calendar's range are clamped to its ends.
 */
cdate calendar_add_working_days(const struct calendar *cal, cdate from, int n);

/*
 * Working days in (a, b] when b >= a, and minus the working days in (b, a]
 * when b < a. With a = today and b = a due date: >0 days left, 0 due today
 * (or due on the last non-working day), <0 days overdue.
 */
int calendar_working_days_between(const struct calendar *cal, cdate a, cdate b);

/*
 * Working days left until a deadline at the end of day due, seen on today:
 * >0 days left, 0 due today, <0 overdue. Unlike working_days_between, a
 * deadline that has passed is never 0: a Friday deadline seen on Saturday is
 * -1 (overdue), since the queues and the case screen must not call it due.
 */
int calendar_days_left(const struct calendar *cal, cdate today, cdate due);

#endif
