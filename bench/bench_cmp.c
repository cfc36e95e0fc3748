/*
 * One command of cdesk beside the sqlite3 shell running the same SQL on the
 * same file: whole processes, alternated, medians of wall time.
 *
 *   bench_cmp NAME RUNS DB -- CDESK ARGS...
 *       runs CDESK ARGS once with $CDESK_TRACE_SQL set to collect every
 *       statement it runs, then RUNS times each, alternately, CDESK ARGS
 *       (without the trace) and `sqlite3 DB` reading the collected SQL.
 *   bench_cmp --sql FILE NAME RUNS DB -- CDESK ARGS...
 *       the same with the SQL given (from another build's trace: an older
 *       cdesk without $CDESK_TRACE_SQL).
 *   bench_cmp --each DB2 NAME RUNS DB -- CDESK ARGS...
 *       for a command that writes (add): each run of CDESK ARGS is traced
 *       and the sqlite3 shell runs that run's SQL on DB2, a copy of DB in
 *       the same state, so that both files stay alike and no statement
 *       conflicts (the trace's own cost is inside cdesk's figure).
 *
 * Prints NAME, the median wall times and their ratio, then the median CPU
 * times (user + system, steadier on a shared machine) and theirs. Output of
 * both goes to /dev/null;
 * a failing run is reported and makes the exit status 1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define MAXRUNS 101

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Runs argv with stdin from in (or /dev/null), stdout and stderr to /dev/null;
 * trace, if not NULL, is put in $CDESK_TRACE_SQL. Returns the wall time in
 * ms, or -1 when the command fails; *cpu gets its user + system time. */
static double run(char **argv, const char *in, const char *trace, double *cpu)
{
	struct rusage ru;
	double t0 = bench_now_ms();
	int status;
	pid_t pid;

	/* the child inherits it; this process runs no cdesk itself */
	if (trace)
		setenv("CDESK_TRACE_SQL", trace, 1);
	else
		unsetenv("CDESK_TRACE_SQL");
	if ((pid = bench_spawn(argv, in, NULL)) < 0)
		return -1;
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return bench_now_ms() - t0;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *each = NULL, *sql = NULL, *name, *db;
	char trace[] = "/tmp/cdesk-bench-XXXXXX";
	char *sqlite_argv[] = { "sqlite3", "-init", "/dev/null", "-batch", NULL, NULL };
	double a[MAXRUNS], b[MAXRUNS], ca[MAXRUNS], cb[MAXRUNS], c0;
	int runs, fd, fail = 0, i = 1;

	if (argc > 2 && strcmp(argv[1], "--each") == 0) {
		each = argv[2];
		i = 3;
	} else if (argc > 2 && strcmp(argv[1], "--sql") == 0) {
		sql = argv[2];
		i = 3;
	}
	if (argc - i < 5 || strcmp(argv[i + 3], "--") != 0) {
		fprintf(stderr, "usage: bench_cmp [--each DB2 | --sql FILE] NAME RUNS DB -- CDESK ARGS...\n");
		return 2;
	}
	name = argv[i];
	runs = atoi(argv[i + 1]);
	db = argv[i + 2];
	argv += i + 4;
	if (runs < 1 || runs > MAXRUNS)
		runs = 9;
	if ((fd = mkstemp(trace)) < 0) {
		perror("bench_cmp: mkstemp");
		return 1;
	}
	close(fd);
	sqlite_argv[4] = (char *)(each ? each : db);
	if (sql) {
		char *cmd;
		/* A copy of the given SQL in the trace file's place. */
		if (asprintf(&cmd, "cp '%s' '%s'", sql, trace) < 0 || system(cmd) != 0) {
			fprintf(stderr, "bench_cmp: cannot copy %s\n", sql);
			unlink(trace);
			return 1;
		}
		free(cmd);
	}
	if (!each) {
		/* The traced run also warms the page cache; then one warm-up of the shell. */
		if (run(argv, NULL, sql ? NULL : trace, &c0) < 0 ||
		    run(sqlite_argv, trace, NULL, &c0) < 0) {
			fprintf(stderr, "bench_cmp: %s: the command or the shell failed\n", name);
			unlink(trace);
			return 1;
		}
	}
	for (int k = 0; k < runs; k++) {
		if (each)
			if (truncate(trace, 0) != 0)
				fail = 1;
		a[k] = run(argv, NULL, each ? trace : NULL, &ca[k]);
		b[k] = run(sqlite_argv, trace, NULL, &cb[k]);
		if (a[k] < 0 || b[k] < 0)
			fail = 1;
	}
	unlink(trace);
	if (fail) {
		printf("%-28s failed (the command or the shell exited non-zero)\n", name);
		return 1;
	}
	double ma = median(a, runs), mb = median(b, runs), mca = median(ca, runs),
	       mcb = median(cb, runs);
	/* Pad by display width: a CJK character (3 bytes in UTF-8) takes 2 columns. */
	int pad = 28;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		pad -= (*c & 0xc0) == 0x80 ? 0 : ((*c & 0xf0) == 0xe0 ? 2 : 1);
	printf("%s%*s wall: cdesk %7.2f ms  sqlite3 %7.2f ms  ratio %4.2f   "
	       "cpu: %7.2f / %7.2f ms  ratio %4.2f\n", name, pad > 0 ? pad : 0, "", ma, mb,
	       ma / mb, mca, mcb, mcb > 0 ? mca / mcb : 0.0);
	return 0;
}
