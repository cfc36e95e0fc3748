/* Unit tests of loading a new file (store_load.c) and of the event writer inside bulk transactions: what is set aside comes back as it was, and the chain stays whole across rolled-back actions. */
#include "testutil.h"

#include "core/store.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

	assert_int_equal(store_bulk_begin(st, &err), 0);
	add_case(st, 2, "病房的暖气片漏水");
	add_case(st, 3, "挂号排队太久");
	assert_int_equal(store_bulk_commit(st, &err), 0);
	assert_int_equal(store_load_finish(st, &err), 0);

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
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
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
		cmocka_unit_test(test_bulk_chain_after_rollback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
