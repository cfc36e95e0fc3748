/* Shared by the benchmarks under bench/: the monotonic clock. */
#ifndef CDESK_BENCH_BENCH_H
#define CDESK_BENCH_BENCH_H

#include <fcntl.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

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

/* Starts argv (found on $PATH when it has no '/') with standard input from
 * in, standard error to err (created 0600), both /dev/null when NULL, and
 * standard output to /dev/null. Returns the child's pid, or -1. */
static inline pid_t bench_spawn(char **argv, const char *in, const char *err)
{
	pid_t pid = fork();

	if (pid == 0) {
		int i = open(in ? in : "/dev/null", O_RDONLY), null = open("/dev/null", O_WRONLY);
		int e = err ? open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600) : null;
		if (i < 0 || null < 0 || e < 0)
			_exit(127);
		dup2(i, 0);
		dup2(null, 1);
		dup2(e, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

#endif
