/* Speed of the working-day calendar: due dates and working days between, per second on one core. */
#include "core/calendar.h"
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NINPUT (1 << 16)        /* inputs cycled through, to defeat caching of one answer */
#define CALLS 50000000L

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "data/holidays";
	static cdate from[NINPUT], to[NINPUT];
	static int n[NINPUT];
	struct calendar *cal;
	struct err err = { 0 };
	cdate first, span;
	uint64_t sum = 0, state = 88172645463325252ULL;
	double t0, t_add, t_between;

	if (calendar_load_dir(dir, &cal, &err)) {
		fprintf(stderr, "bench_calendar: %s\n", err.msg);
		return 1;
	}
	date_from_ymd(2023, 1, 1, &first);
	date_from_ymd(2027, 1, 1, &span);
	span -= first;
	for (int i = 0; i < NINPUT; i++) {     /* xorshift: dates across 2023-2026, n 1..20 */
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		from[i] = first + (cdate)(state % (uint64_t)span);
		to[i] = first + (cdate)((state >> 20) % (uint64_t)span);
		n[i] = 1 + (int)((state >> 40) % 20);
	}

	t0 = bench_now_s();
	for (long i = 0; i < CALLS; i++)
		sum += (uint64_t)calendar_add_working_days(cal, from[i & (NINPUT - 1)],
							   n[i & (NINPUT - 1)]);
	t_add = bench_now_s() - t0;

	t0 = bench_now_s();
	for (long i = 0; i < CALLS; i++)
		sum += (uint64_t)calendar_working_days_between(cal, from[i & (NINPUT - 1)],
							       to[i & (NINPUT - 1)]);
	t_between = bench_now_s() - t0;

	printf("calendar: due dates (add_working_days):      %7.1f million/s  (%ld calls in %.3f s)\n",
	       CALLS / t_add / 1e6, CALLS, t_add);
	printf("calendar: working days between two dates:    %7.1f million/s  (%ld calls in %.3f s)\n",
	       CALLS / t_between / 1e6, CALLS, t_between);
	printf("calendar: (checksum %llu; target for due dates: above 10 million/s on one core)\n",
	       (unsigned long long)(sum % 1000003));
	calendar_free(cal);
	return 0;
}
