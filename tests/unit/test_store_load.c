/* Unit tests of loading a new file (store_load.c) and of the event writer inside bulk transactions: what is set aside comes back as it was, and the chain stays whole across rolled-back actions. */
#include "testutil.h"

#include "core/store.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *one(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v ? v : xstrdup("");
}

static const char schema_sql[] =
	"SELECT group_concat(type || ' ' || name || ': ' || sql, char(10)) FROM (SELECT type, name, "
	"sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger') ORDER BY name)";

static void add_case(struct store *st, int id, const char *account)
{
	char *sql = xasprintf("INSERT INTO cases (id, number, year, seq, received, channel, kind, "
			      "account, categories, dept, depts, class, status, round_at, due, updated, receiver) "
			      "VALUES (%d, 'TS2026-%05d', 2026, %d, '2026-07-01 09:00:00', 'visit', "
			      "'complaint', '%s', '', 'NURSING', 'NURSING', 'general', 'registered', "
			      "'2026-07-01 09:00:00', '2026-07-31 23:59:59', '2026-07-01 09:00:00', 'liuyan')",
			      id, id, id, account);
	struct err err = { 0 };

	if (store_exec(st, sql, &err))
		fail_msg("%s", err.msg);
	free(sql);
}

/* The indexes and the triggers set aside for the load are back, word for
 * word, with the full-text index of every case loaded and the report's
 * kept totals emptied; the file is in WAL mode again. */
static void test_load_restores(void **state)
{
	char dir[] = "/tmp/cdesk-test-load-XXXXXX", *path, *before, *during, *after, *v;
	struct store *st;
	struct err err = { 0 };
	(void)state;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/l.db", dir);
	assert_int_equal(store_init(path, &st, &err), 0);
	add_case(st, 1, "before the load 暖气片");
	assert_int_equal(store_exec(st, "INSERT INTO report_totals VALUES ('2026Q2', "
				    "'2026-07-01 00:00:00', 1, 0, 0, 0, 0, 0)", &err), 0);
	before = one(st, schema_sql);

	assert_int_equal(store_load_begin(st, &err), 0);
	during = one(st, schema_sql);
	assert_null(strstr(during, "cases_period"));
	assert_null(strstr(during, "events_round_met"));
	assert_null(strstr(during, "cases_fts_insert"));
	assert_null(strstr(during, "report_totals_add"));
	/* kept: what the actions read a case's rows by, and the log's guards */
	assert_non_null(strstr(during, "index events_case:"));
	assert_non_null(strstr(during, "index transfers_case:"));
	assert_non_null(strstr(during, "trigger events_no_update:"));
	v = one(st, "PRAGMA journal_mode");
	assert_string_equal(v, "memory");
	free(v);
	/* committed: a load killed from here on is refused at open */
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM meta WHERE key = 'loading'"), 1);

	assert_null(strstr(during, "report_closes_add"));
	assert_int_equal(store_bulk_begin(st, &err), 0);
	add_case(st, 2, "病房的暖气片漏水");
	add_case(st, 3, "挂号排队太久");
	/* two closes of case 2: made into the report's rows at the end */
	for (int i = 0; i < 2; i++) {
		struct cdatetime t;
		date_from_ymd(2026, 7, 3 + i, &t.day);
		t.sec = 9 * 3600;
		assert_int_equal(store_event_append(st, &(struct store_event_in){
			.case_id = 2, .round = 1, .actor = "clerk", .at = t, .recorded = t,
			.action = "close", .after = "{\"finding\":\"substantiated\"}" }, NULL, &err), 0);
	}
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM report_closes"), 0);
	assert_int_equal(store_bulk_commit(st, &err), 0);
	assert_int_equal(store_load_finish(st, &err), 0);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM report_closes WHERE case_id = 2 "
				     "AND finding = 'substantiated'"), 2);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM report_closes WHERE later_at = "
				     "'2026-07-04 09:00:00'"), 1);

	after = one(st, schema_sql);
	assert_string_equal(after, before);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM cases_fts_docsize"), 3);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH "
				     "'暖气片'"), 2);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM report_totals"), 0);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM temp.sqlite_master"), 0);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM meta WHERE key = 'loading'"), 0);
	v = one(st, "PRAGMA journal_mode");
	assert_string_equal(v, "wal");
	free(v);
	assert_int_equal(store_exec(st, "INSERT INTO cases_fts (cases_fts, rank) VALUES "
				    "('integrity-check', 1)", &err), 0);
	/* the triggers work again: a case added now is indexed */
	add_case(st, 4, "暖气片又坏了");
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH "
				     "'暖气片'"), 3);
	assert_int_equal(store_check(st, NULL, &err), 0);
	store_close(st);

	free(before);
	free(during);
	free(after);
	assert_int_equal(testutil_rmtree(dir), 0);
	free(path);
}

/* A child process that will hold a read transaction on path for hold_ms.
 * It is forked before this process opens path: a child forked after would
 * share SQLite's record of this process's locks and take none of its own. */
struct reader {
	pid_t pid;
	int go, ready;
};

static struct reader reader_fork(const char *path, int hold_ms)
{
	int go[2], ready[2];
	struct reader r;
	char c;

	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	r.pid = fork();
	assert_true(r.pid >= 0);
	if (r.pid == 0) {
		sqlite3 *db;
		close(go[1]);
		close(ready[0]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN; SELECT count(*) FROM cases", NULL, NULL, NULL) != SQLITE_OK)
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		usleep((useconds_t)hold_ms * 1000);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	close(go[0]);
	close(ready[1]);
	r.go = go[1];
	r.ready = ready[0];
	return r;
}

/* Lets the child begin its read; returns once it has. */
static void reader_start(struct reader *r)
{
	char c;

	assert_int_equal(write(r->go, "g", 1), 1);
	assert_int_equal(read(r->ready, &c, 1), 1);
	close(r->go);
	close(r->ready);
}

static void reader_wait(struct reader *r)
{
	int ws;

	assert_int_equal(waitpid(r->pid, &ws, 0), r->pid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Leaving WAL mode needs the file to itself, and SQLite does not hand that
 * wait to the busy handler: a load started while another process read the
 * file failed at once ("gave up after 30.0 s"). It waits now, within the
 * budget; past the budget it fails as busy and leaves the file as it was. */
static void test_load_waits_for_reader(void **state)
{
	char dir[] = "/tmp/cdesk-test-load-XXXXXX", *path, *v;
	struct store *st;
	struct err err = { 0 };
	struct reader r;
	struct timespec t0;
	double ms;
	(void)state;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/l.db", dir);
	assert_int_equal(store_init(path, &st, &err), 0);
	add_case(st, 1, "before the load");
	store_close(st);

	r = reader_fork(path, 400);
	assert_int_equal(store_open(path, false, &st, &err), 0);
	reader_start(&r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_load_begin(st, &err))
		fail_msg("a load behind a reader of 0.4 s: %s", err.msg);
	ms = ms_since(&t0);
	assert_true(ms >= 250);
	reader_wait(&r);
	assert_int_equal(store_load_finish(st, &err), 0);
	store_close(st);

	/* a reader that outlasts the budget (0.3 s here) */
	r = reader_fork(path, 1500);
	setenv("CDESK_BUSY_TIMEOUT", "0.3", 1);
	assert_int_equal(store_open(path, false, &st, &err), 0);
	unsetenv("CDESK_BUSY_TIMEOUT");
	reader_start(&r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_not_equal(store_load_begin(st, &err), 0);
	ms = ms_since(&t0);
	assert_true(ms >= 250 && ms < 1400);
	assert_non_null(strstr(err.msg, "busy"));
	reader_wait(&r);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM meta WHERE key = 'loading'"), 0);
	v = one(st, "PRAGMA journal_mode");
	assert_string_equal(v, "wal");
	free(v);
	assert_int_equal(store_check(st, NULL, &err), 0);
	store_close(st);
	assert_int_equal(testutil_rmtree(dir), 0);
	free(path);
}

static int append(struct store *st, const char *action, struct err *err)
{
	struct cdatetime t;

	date_from_ymd(2026, 7, 3, &t.day);
	t.sec = 9 * 3600;
	return store_event_append(st, &(struct store_event_in){
					  .round = 1, .actor = "clerk", .at = t, .recorded = t,
					  .action = action, .after = "{\"a\":1}" }, NULL, err);
}

/* Inside one bulk transaction the writer keeps the last event: an action
 * rolled back takes its events with it, and the next event links to the
 * one before them, not to the one undone. */
static void test_bulk_chain_after_rollback(void **state)
{
	struct store *st;
	struct err err = { 0 };
	int64_t n;
	(void)state;

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	assert_int_equal(store_bulk_begin(st, &err), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_begin(st, &err), 0);
		assert_int_equal(append(st, "one", &err), 0);
		assert_int_equal(store_commit(st, &err), 0);
	}
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(append(st, "undone", &err), 0);
	assert_int_equal(append(st, "undone", &err), 0);
	store_rollback(st);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(append(st, "after", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_bulk_commit(st, &err), 0);
	/* and after the commit, from the file again */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(append(st, "later", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events WHERE action = 'undone'"),
			 0);
	assert_int_equal(store_check(st, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(testutil_count(st, "SELECT max(id) FROM events"), 5);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_restores),
		cmocka_unit_test(test_load_waits_for_reader),
		cmocka_unit_test(test_bulk_chain_after_rollback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
