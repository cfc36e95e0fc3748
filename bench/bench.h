/* Shared by the benchmarks under bench/: the monotonic clock. */
#ifndef CDESK_BENCH_BENCH_H
#define CDESK_BENCH_BENCH_H

#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds on the monotonic clock. */
static inline double bench_now_ms(void)
{
	return bench_now_s() * 1e3;
}

#endif
