/*
 * Case store benchmark: cases inserted per second (one transaction each, as
 * clerks add them, and in one bulk transaction, as an import does), and on
 * a demo database the first page of the overdue queue, the next page, and a
 * Chinese full-text search (trigram, and the short-query fallback).
 *
 *   bench_store insert DB N     fresh DB at path: N single adds, then 10 N in bulk
 *   bench_store query DB        queries on an existing database (cdesk demo)
 *
 * Run from the repository top (it reads data/rules.ini and data/holidays).
 */
#include "../tests/unit/sample_case.h"
#include "core/users.h"
#include "core/calendar.h"
#include "core/cases.h"
#include "core/rules.h"
#include "core/store.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* CPU time of this process: the machine may be shared, and wall time then
 * measures the neighbours too. Both are printed. */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct err *err)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, err->msg);
	exit(1);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void setup(struct case_ctx *ctx, struct ruleset **rs, struct calendar **cal)
{
	struct err err = { 0 };

	if (rules_load("data/rules.ini", rs, &err))
		die("rules", &err);
	if (calendar_load_dir("data/holidays", cal, &err))
		die("calendar", &err);
	memset(ctx, 0, sizeof *ctx);
	ctx->rules = *rs;
	ctx->cal = *cal;
	ctx->actor = "bench";
	ctx->prefix = "TS";
	datetime_parse("2026-11-27 16:00", &ctx->now, &err);
	ctx->at = ctx->now;
}

/* The bench acts as "bench", an officer of the database (roles apply to it as to anyone). */
static void register_bench(struct case_ctx *ctx)
{
	struct err err = { 0 };

	if (store_begin(ctx->st, &err) ||
	    users_seed(ctx, "bench", USER_OFFICER, NULL, NULL, &err) ||
	    store_commit(ctx->st, &err))
		die("register the bench user", &err);
}

static void add_one(struct case_ctx *ctx, int i, struct err *err)
{
	struct case_input in;
	char phone[24];

	sample_case(&in, i, phone, ctx->now);
	if (case_add(ctx, &in, NULL, err))
		die("add", err);
}

static int run_insert(const char *path, int n)
{
	struct case_ctx ctx;
	struct ruleset *rs;
	struct calendar *cal;
	struct err err = { 0 };
	char *wal = malloc(strlen(path) + 8), *shm = malloc(strlen(path) + 8);
	double t0, t1, c0, c1;

	sprintf(wal, "%s-wal", path);
	sprintf(shm, "%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	setup(&ctx, &rs, &cal);
	if (store_init(path, &ctx.st, &err))
		die("init", &err);
	register_bench(&ctx);
	t0 = bench_now_s();
	c0 = cpu_s();
	for (int i = 0; i < n; i++)
		add_one(&ctx, i, &err);
	t1 = bench_now_s();
	c1 = cpu_s();
	printf("insert, one transaction a case (as clerks add): %d cases, %.2f s wall = %.0f "
	       "cases/s; %.2f s CPU = %.0f cases/s\n", n, t1 - t0, n / (t1 - t0), c1 - c0,
	       n / (c1 - c0));
	t0 = bench_now_s();
	c0 = cpu_s();
	if (store_bulk_begin(ctx.st, &err))
		die("bulk", &err);
	for (int i = 0; i < 10 * n; i++)
		add_one(&ctx, n + i, &err);
	if (store_bulk_commit(ctx.st, &err))
		die("commit", &err);
	t1 = bench_now_s();
	c1 = cpu_s();
	printf("insert, one bulk transaction (as import does): %d cases, %.2f s wall = %.0f "
	       "cases/s; %.2f s CPU = %.0f cases/s\n", 10 * n, t1 - t0, 10 * n / (t1 - t0),
	       c1 - c0, 10 * n / (c1 - c0));
	store_close(ctx.st);
	unlink(path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
	rules_free(rs);
	calendar_free(cal);
	return 0;
}

/* Median and first-run milliseconds of a query run reps times. */
struct timing {
	double first, median;
	int n;
};

static struct timing time_list(struct case_ctx *ctx, const char *cursor, char *next, int reps)
{
	double t[64];
	struct timing r = { 0 };
	struct case_filter f;
	struct err err = { 0 };

	case_filter_init(&f);
	for (int k = 0; k < reps; k++) {
		struct case_page p = { 0 };
		double t0 = bench_now_s();
		if (case_list(ctx, QUEUE_OVERDUE, NULL, &f, SORT_DUE, false, 0, cursor, 50, &p, &err))
			die("list overdue", &err);
		t[k] = (bench_now_s() - t0) * 1000;
		r.n = p.n;
		if (next)
			snprintf(next, 96, "%s", p.cursor);
		case_page_free(&p);
	}
	r.first = t[0];
	qsort(t, (size_t)reps, sizeof t[0], cmp_d);
	r.median = t[reps / 2];
	return r;
}

static struct timing time_search(struct case_ctx *ctx, const char *q, int reps)
{
	double t[64];
	struct timing r = { 0 };
	struct err err = { 0 };

	for (int k = 0; k < reps; k++) {
		struct case_page p = { 0 };
		double t0 = bench_now_s();
		if (case_search(ctx, q, NULL, 50, &p, &err))
			die("search", &err);
		t[k] = (bench_now_s() - t0) * 1000;
		r.n = p.n;
		case_page_free(&p);
	}
	r.first = t[0];
	qsort(t, (size_t)reps, sizeof t[0], cmp_d);
	r.median = t[reps / 2];
	return r;
}

static int run_query(const char *path)
{
	struct case_ctx ctx;
	struct ruleset *rs;
	struct calendar *cal;
	struct err err = { 0 };
	struct timing t;
	sqlite3_stmt *s;
	char cursor[96] = "";
	long long ncases = 0;

	setup(&ctx, &rs, &cal);
	if (store_open(path, false, &ctx.st, &err))
		die("open", &err);
	register_bench(&ctx);
	if (sqlite3_prepare_v2(store_db(ctx.st), "SELECT count(*) FROM cases", -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		ncases = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	printf("%s: %lld cases, as of 2026-11-27 16:00\n", path, ncases);
	t = time_list(&ctx, NULL, cursor, 21);
	printf("  overdue queue, first page (%d rows): first run %.2f ms, median %.2f ms\n", t.n,
	       t.first, t.median);
	if (cursor[0]) {
		t = time_list(&ctx, cursor, NULL, 21);
		printf("  overdue queue, next page (%d rows): first run %.2f ms, median %.2f ms\n",
		       t.n, t.first, t.median);
	} else {
		printf("  overdue queue: a single page, no next page to time\n");
	}
	t = time_search(&ctx, "输液费", 11);
	printf("  search \"输液费\" (FTS5 trigram, first 50): first run %.2f ms, median %.2f ms\n",
	       t.first, t.median);
	t = time_search(&ctx, "红包", 11);
	printf("  search \"红包\" (two characters, LIKE fallback, first 50): first run %.2f ms, "
	       "median %.2f ms\n", t.first, t.median);
	t = time_search(&ctx, "心肌梗死", 11);
	printf("  search \"心肌梗死\" (rarer words, first 50): first run %.2f ms, median %.2f ms\n",
	       t.first, t.median);
	store_close(ctx.st);
	rules_free(rs);
	calendar_free(cal);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "insert") == 0)
		return run_insert(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "query") == 0)
		return run_query(argv[2]);
	fprintf(stderr, "usage: bench_store insert DB N | bench_store query DB\n");
	return 2;
}
