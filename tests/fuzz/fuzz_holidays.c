/* libFuzzer harness for the holiday files: any bytes as data/holidays/
 * cn-2026.ini (written to a private directory, read by calendar_add_file).
 * It must never crash or read out of bounds; a file either loads whole or
 * is refused with a message naming it and leaving the calendar as it was;
 * a loaded calendar answers for every day of its year. */
#include "core/calendar.h"
#include "core/date.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/cdesk-fuzz-holidays-XXXXXX";
static char path[64];

/* Each run used to leave its directory behind in /tmp. */
static void remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar *cal = calendar_new();
	struct err err = { 0 };
	cdate first, last;
	FILE *f;

	if (!path[0]) {
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/cn-2026.ini", dir);
		atexit(remove_dir);
	}
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	date_from_ymd(2026, 1, 1, &first);
	date_from_ymd(2026, 12, 31, &last);
	if (calendar_add_file(cal, path, &err) == 0) {
		if (!calendar_year_known(cal, 2026))
			abort();
		for (cdate d = first; d <= last; d++)
			(void)calendar_day_kind(cal, d);
		(void)calendar_add_working_days(cal, first, 15);
		if (calendar_working_days_between(cal, first, last) < 0)
			abort();
	} else {
		if (!strstr(err.msg, "cn-2026.ini") || calendar_year_known(cal, 2026))
			abort();
	}
	calendar_free(cal);
	return 0;
}
