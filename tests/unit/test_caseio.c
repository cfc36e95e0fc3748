/* CSV import (new complaints and restores) and export, on :memory: databases. */
#include "testutil.h"
#include "sample_case.h"

#include "core/caseio.h"
#include "core/demo.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ruleset *rules;
static struct calendar *cal;

TESTUTIL_DATA_GROUP(data)

static void ctx_open(struct case_ctx *ctx)
{
	struct err err = { 0 };

	memset(ctx, 0, sizeof *ctx);
	assert_int_equal(store_open(":memory:", true, &ctx->st, &err), 0);
	ctx->rules = rules;
	ctx->cal = cal;
	ctx->actor = "tester";
	assert_int_equal(testutil_users(ctx->st, "tester:admin", NULL), 0);
	ctx->prefix = "TS";
	assert_int_equal(datetime_parse("2026-11-27 16:00", &ctx->now, &err), 0);
	ctx->at = ctx->now;
}

/* Fills ctx's store with n demo cases (numbers "TS") received from
 * y-m-d on, up to ctx's now; cases received before fast_before are
 * written the fast way (INT32_MIN: every case walked). */
static void demo_fill(struct case_ctx *ctx, int n, uint64_t seed, int y, int m, int d,
		      cdate fast_before)
{
	struct demo_options o = { 0 };
	struct demo_stats s;
	struct err err = { 0 };

	o.ncases = n;
	o.seed = seed;
	date_from_ymd(y, m, d, &o.first);
	o.now = ctx->now;
	o.prefix = "TS";
	o.fast_before = fast_before;
	assert_int_equal(demo_build(ctx->st, rules, cal, &o, &s, &err), 0);
}

static void collect(const char *msg, void *arg)
{
	sbuf_addf(arg, "%s\n", msg);
}

static int ncases(struct store *st)
{
	return (int)testutil_count(st, "SELECT count(*) FROM cases");
}

static int import(struct case_ctx *ctx, const char *csv, struct sbuf *errs,
		  struct caseio_result *res, struct err *err)
{
	return caseio_import_csv(ctx, csv, strlen(csv), NULL, collect, errs, res, err);
}

static void test_intake(void **state)
{
	struct case_ctx ctx;
	struct caseio_result res;
	struct sbuf errs = { 0 };
	struct err err = { 0 };
	struct case_record r;
	static const char csv[] =
		"渠道,投诉人,电话,投诉内容,索赔金额,受理时间,匿名\r\n"
		"来访,张三,13800000000,\"护士打针态度很差，\r\n还多收了钱\",12000,2026-07-01 09:15,否\r\n"
		"web,,,\"举报医生收红包\",,2026-07-02 20:00,是\r\n";

	(void)state;
	ctx_open(&ctx);
	assert_int_equal(import(&ctx, csv, &errs, &res, &err), 0);
	assert_null(errs.s);
	assert_int_equal(res.imported, 2);
	assert_false(res.restored);
	assert_string_equal(res.first, "TS2026-00001");
	assert_string_equal(res.last, "TS2026-00002");
	assert_int_equal(case_get(ctx.st, "TS2026-00001", false, &r, &err), 0);
	assert_string_equal(r.text, "护士打针态度很差，\n还多收了钱");
	assert_int_equal(r.claim_fen, 1200000);
	assert_int_equal(r.channel, CHANNEL_VISIT);
	case_record_free(&r);
	assert_int_equal(case_get(ctx.st, "TS2026-00002", false, &r, &err), 0);
	assert_true(r.anonymous);
	assert_true(r.flags & FLAG_ANONYMOUS);
	case_record_free(&r);
	store_close(ctx.st);
}

static void test_bad_rows_change_nothing(void **state)
{
	struct case_ctx ctx;
	struct caseio_result res;
	struct sbuf errs = { 0 };
	struct err err = { 0 };
	static const char csv[] =
		"channel,name,phone,account,claim,received,class,flags\n"
		"visit,甲,13800,好的一行,,2026-07-01 09:00,,\n"
		"visit,乙,13800,金额,12.345,2026-07-01 09:00,,\n"
		"visit,丙,13800,级别,,2026-07-01 09:00,urgent,\n"
		"visit,丁,13800,标记,,2026-07-01 09:00,,media;rainbow\n"
		"visit,戊,13800,日期,,2026-13-01 09:00,,\n"
		"visit,己,13800,太晚,,2026-11-28 09:00,,\n";

	(void)state;
	ctx_open(&ctx);
	assert_int_equal(import(&ctx, csv, &errs, &res, &err), ERR_DATA);
	assert_string_equal(err.msg, "5 of 6 rows refused; nothing imported");
	assert_string_equal(errs.s,
		"line 3, field 'claim': '12.345' has more than two decimals (yuan.fen)\n"
		"line 4, field 'class': unknown value 'urgent' (one of: simple, general, important, "
		"emergency)\n"
		"line 5, field 'flags': unknown flag 'rainbow' (safety, claim, group, media, legal, "
		"anonymous)\n"
		"line 6, field 'received': '2026-13-01 09:00': there is no month 13\n"
		"line 7, field 'received': 2026-11-28 09:00:00 is in the future (now "
		"2026-11-27 16:00:00)\n");
	assert_int_equal(ncases(ctx.st), 0);
	assert_int_equal(res.imported, 0);
	/* The numbers the refused import would have taken are still free. */
	sbuf_free(&errs);
	assert_int_equal(import(&ctx, "channel,name,account\nvisit,甲,一件\n", &errs, &res, &err), 0);
	assert_string_equal(res.first, "TS2026-00001");
	store_close(ctx.st);
	sbuf_free(&errs);
}

static void test_header_errors(void **state)
{
	struct case_ctx ctx;
	struct caseio_result res;
	struct sbuf errs = { 0 };
	struct err err = { 0 };

	(void)state;
	ctx_open(&ctx);
	assert_int_equal(import(&ctx, "channel,account,due\nvisit,x,2026-01-01\n", &errs, &res,
				&err), ERR_DATA);
	assert_non_null(strstr(err.msg, "field 'due': a state column needs a status column"));
	assert_int_equal(import(&ctx, "channel,account,channel\n", &errs, &res, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "appears twice"));
	assert_int_equal(import(&ctx, "channel,account\n", &errs, &res, &err), ERR_DATA);
	assert_string_equal(err.msg, "no rows after the header; nothing imported");
	assert_int_equal(ncases(ctx.st), 0);
	store_close(ctx.st);
}

/* What exporter (caseio_export_csv, caseio_export_full) writes of st, as a
 * string of *len bytes (len may be NULL). */
static char *exported(struct store *st, int (*exporter)(struct store *, FILE *, struct err *),
		      size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct err err = { 0 };

	assert_non_null(f);
	assert_int_equal(exporter(st, f, &err), 0);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = n;
	return buf;
}

static void test_round_trip(void **state)
{
	struct case_ctx a, b;
	struct caseio_result res;
	struct sbuf errs = { 0 };
	struct err err = { 0 };
	char *e1, *e2, *gap, *line2, *line3;

	(void)state;
	ctx_open(&a);
	demo_fill(&a, 150, 9, 2026, 1, 1, INT32_MIN);
	e1 = exported(a.st, caseio_export_csv, NULL);
	ctx_open(&b);
	assert_int_equal(import(&b, e1, &errs, &res, &err), 0);
	assert_true(res.restored);
	assert_int_equal(res.imported, 150);
	e2 = exported(b.st, caseio_export_csv, NULL);
	assert_string_equal(e1, e2);
	assert_int_equal(store_check(b.st, NULL, &err), 0);
	free(e2);

	/* A gap in the numbers is refused, naming the line, and changes nothing. */
	store_close(b.st);
	ctx_open(&b);
	gap = xstrdup(e1);
	line2 = strstr(gap, "\r\n") + 2;
	line3 = strstr(line2, "\r\nTS") + 2;
	memmove(line2, line3, strlen(line3) + 1);
	assert_int_equal(import(&b, gap, &errs, &res, &err), ERR_DATA);
	assert_non_null(strstr(errs.s, "line 2, field 'number': TS2026-00002 is not the next "
				       "number of 2026 (that is 00001)"));
	assert_int_equal(ncases(b.st), 0);
	free(gap);
	free(e1);
	sbuf_free(&errs);
	store_close(a.st);
	store_close(b.st);
}

static void test_json_export(void **state)
{
	struct case_ctx ctx;
	struct err err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	json_t *j;
	json_error_t je;

	(void)state;
	ctx_open(&ctx);
	demo_fill(&ctx, 30, 2, 2026, 6, 1, INT32_MIN);
	f = open_memstream(&buf, &len);
	assert_int_equal(caseio_export_json(ctx.st, f, true, &err), 0);
	fclose(f);
	j = json_loads(buf, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 30);
	assert_non_null(json_object_get(json_array_get(j, 0), "events"));
	assert_true(json_array_size(json_object_get(json_array_get(j, 0), "events")) >= 1);
	json_decref(j);
	free(buf);
	store_close(ctx.st);
}

static int64_t count_events(struct store *st, const char *where)
{
	sqlite3_stmt *s;
	char *sql = xasprintf("SELECT count(*) FROM events WHERE %s", where);
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	free(sql);
	return n;
}

/* cdesk check passes: every event of the file verified. */
static void chain_intact(struct store *st)
{
	struct err err = { 0 };
	int64_t checked = 0;

	if (store_check(st, &checked, &err))
		fail_msg("store_check: %s", err.msg);
	assert_int_equal(checked, count_events(st, "1"));
	assert_true(checked > 0);
}

/* Someone with the sqlite3 shell drops the trigger and edits the sixth
 * event matching where, if only by a trailing space: cdesk check names
 * that event and verifies the ones before it. */
static void edit_caught(struct store *st, const char *where)
{
	struct err err = { 0 };
	sqlite3_stmt *s;
	char *sql = xasprintf("SELECT id FROM events WHERE %s ORDER BY id LIMIT 1 OFFSET 5", where);
	char *edit, want[32];
	int64_t id = 0, checked = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	free(sql);
	edit = xasprintf("DROP TRIGGER events_no_update; UPDATE events SET after = after || ' ' "
			 "WHERE id = %lld", (long long)id);
	assert_int_equal(store_exec(st, edit, &err), 0);
	free(edit);
	assert_int_equal(store_check(st, &checked, &err), ERR_FAIL);
	snprintf(want, sizeof want, "event %lld ", (long long)id);
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, "does not match its contents"));
	assert_int_equal(checked, id - 1);
}

/*
 * The three writers of case rows and events: the demo's direct path (plain
 * old cases written in their final state) with the actions around it, the
 * restore of its export, and cases added one by one. Each database passes
 * the chain check, the restore gives back the same export, and an event
 * edited with SQL is caught in each.
 */
static void test_chain_every_writer(void **state)
{
	struct case_ctx demo, restored, added;
	struct caseio_result res;
	struct sbuf errs = { 0 };
	struct err err = { 0 };
	char *e1, *e2;

	(void)state;
	ctx_open(&demo);
	demo_fill(&demo, 300, 4, 2025, 6, 1, demo.now.day + 1);
	assert_true(count_events(demo.st, "note LIKE 'demo: history%'") > 100);
	assert_true(count_events(demo.st, "action = 'approve'") > 0);   /* walked ones too */
	chain_intact(demo.st);

	e1 = exported(demo.st, caseio_export_csv, NULL);
	ctx_open(&restored);
	assert_int_equal(import(&restored, e1, &errs, &res, &err), 0);
	assert_int_equal(res.imported, 300);
	chain_intact(restored.st);
	e2 = exported(restored.st, caseio_export_csv, NULL);
	assert_string_equal(e1, e2);

	ctx_open(&added);
	for (int i = 0; i < 40; i++) {
		struct case_input in;
		char phone[24];

		sample_case(&in, i, phone, added.now);
		assert_int_equal(case_add(&added, &in, NULL, &err), 0);
	}
	chain_intact(added.st);

	edit_caught(demo.st, "note LIKE 'demo: history%'");
	edit_caught(restored.st, "action = 'import'");
	edit_caught(added.st, "action = 'add'");
	free(e1);
	free(e2);
	sbuf_free(&errs);
	store_close(demo.st);
	store_close(restored.st);
	store_close(added.st);
}

static int import_full(struct case_ctx *ctx, const char *data, size_t len,
		       struct caseio_result *res, struct err *err)
{
	FILE *f = fmemopen((void *)data, len, "rb");
	int rc;

	assert_non_null(f);
	rc = caseio_import_full(ctx, f, "t.jsonl", res, err);
	fclose(f);
	return rc;
}

/* A full export restores every table: the restored database passes its
 * check and exports the same bytes; a changed byte, a truncated file and a
 * target with cases are refused and change nothing. */
static void test_full_round_trip(void **state)
{
	struct case_ctx a, b;
	struct caseio_result res;
	struct err err = { 0 };
	size_t n1, n2;
	char *e1, *e2, *p;
	int rc;

	(void)state;
	ctx_open(&a);
	demo_fill(&a, 60, 5, 2026, 1, 1, INT32_MIN);
	e1 = exported(a.st, caseio_export_full, &n1);
	assert_non_null(strstr(e1, "\"warning\":\"contains identities"));
	ctx_open(&b);
	assert_int_equal(import_full(&b, e1, n1, &res, &err), 0);
	assert_int_equal(res.imported, 60);
	assert_int_equal(store_check(b.st, NULL, &err), 0);
	assert_int_equal(testutil_count(b.st, "SELECT count(*) FROM transfers"),
			 testutil_count(a.st, "SELECT count(*) FROM transfers"));
	e2 = exported(b.st, caseio_export_full, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(e1, e2, n1);
	free(e2);

	/* into a database with cases: refused */
	assert_int_equal(import_full(&b, e1, n1, &res, &err), ERR_CONFLICT);
	store_close(b.st);

	/* one digit changed: the SHA-256 of the last line no longer matches */
	ctx_open(&b);
	p = strstr(e1, "\n[1,");
	assert_non_null(p);
	p[2] = p[2] == '1' ? '7' : '1';
	rc = import_full(&b, e1, n1, &res, &err);
	if (rc != ERR_DATA)
		fprintf(stderr, "%s\n", err.msg);
	assert_int_equal(rc, ERR_DATA);
	assert_int_equal(ncases(b.st), 0);
	assert_int_equal(testutil_count(b.st, "SELECT count(*) FROM users"), 1);
	p[2] = p[2] == '7' ? '1' : '7';

	/* truncated inside a table */
	assert_int_equal(import_full(&b, e1, n1 / 2, &res, &err), ERR_DATA);
	assert_int_equal(ncases(b.st), 0);
	assert_int_equal(store_check(b.st, NULL, &err), 0);
	free(e1);
	store_close(a.st);
	store_close(b.st);
}

TESTUTIL_MAIN(data_setup, data_teardown,
	      cmocka_unit_test(test_full_round_trip),
	      cmocka_unit_test(test_intake),
	      cmocka_unit_test(test_bad_rows_change_nothing),
	      cmocka_unit_test(test_header_errors),
	      cmocka_unit_test(test_round_trip),
	      cmocka_unit_test(test_json_export),
	      cmocka_unit_test(test_chain_every_writer))
