/* libFuzzer harness for dates and times: any bytes as a date, a date-time
 * and a time of day (core/date.h). It must never crash or read out of
 * bounds; what parses formats back to text that parses to the same value,
 * and a refusal always has a message. */
#include "core/date.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size), buf[32];
	struct err err = { 0 };
	struct cdatetime t, back;
	cdate d, d2;
	int32_t sec;

	if (date_parse(s, &d, &err) == 0) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		if (m < 1 || m > 12 || dd < 1 || dd > date_days_in_month(y, m))
			abort();
		if (date_parse(date_format(d, buf), &d2, &err) || d2 != d)
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	err.msg[0] = '\0';
	if (datetime_parse(s, &t, &err) == 0) {
		if (t.sec < 0 || t.sec >= 86400)
			abort();
		if (datetime_parse(datetime_format(t, buf), &back, &err) ||
		    datetime_cmp(t, back) != 0)
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	err.msg[0] = '\0';
	if (time_parse(s, &sec, &err) == 0) {
		if (sec < 0 || sec >= 86400)
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	free(s);
	return 0;
}
