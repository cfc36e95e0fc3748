/* Civil dates as day numbers and local date-times: the arithmetic every module shares. */
#ifndef CDESK_CORE_DATE_H
#define CDESK_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* Days since 1970-01-01 (proleptic Gregorian); negative before. */
typedef int32_t cdate;

/* A local wall-clock time: cdesk stores ISO 8601 local time, no zone. */
struct cdatetime {
	cdate day;
	int32_t sec;        /* seconds since midnight, 0..86399 */
};

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

/* 0 and *out set when y-m-d is a real date in range; ERR_USAGE otherwise. */
int date_from_ymd(int y, int m, int d, cdate *out);
void date_to_ymd(cdate day, int *y, int *m, int *d);
int date_year(cdate day);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int date_weekday(cdate day);
bool date_is_leap(int year);
int date_days_in_month(int year, int month);

/* Strict "YYYY-MM-DD"; the message names the text and what is wrong
 * ("2026-02-30: February 2026 has 28 days"). */
int date_parse(const char *s, cdate *out, struct err *err);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *date_format(cdate day, char *buf);

/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS", 'T' allowed in
 * place of the space. A date alone means 00:00:00. */
int datetime_parse(const char *s, struct cdatetime *out, struct err *err);
/* "YYYY-MM-DD HH:MM:SS" into buf (at least 20 bytes); returns buf. */
char *datetime_format(struct cdatetime t, char *buf);
/* "HH:MM" or "HH:MM:SS" into seconds since midnight. */
int time_parse(const char *s, int32_t *sec, struct err *err);

/* Compares two date-times: <0, 0, >0. */
int datetime_cmp(struct cdatetime a, struct cdatetime b);
/* Adds seconds (may be negative), carrying into the day. */
struct cdatetime datetime_add_seconds(struct cdatetime t, int64_t secs);

/* The local time now from a Unix timestamp (callers pass time(NULL); the
 * core itself never reads the clock). */
struct cdatetime datetime_from_unix(int64_t t);

#endif
