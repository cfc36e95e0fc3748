/* Unit tests of report_build on a database made with SQL: the figures, the
 * query plans, the kept totals, the digest and the progress (the rendering:
 * tests/unit/test_report.c). */
#include "testutil.h"

#include "core/calendar.h"
#include "core/digest.h"
#include "core/progress.h"
#include "core/report.h"
#include "core/store.h"
#include "core/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Inserts a case from "column", "value" pairs ending with NULL; the
 * columns every row needs get plain defaults (round_at: the received time).
 * A value "NULL" is SQL NULL.
 */
static void add_case(sqlite3 *db, const char *number, const char *received, ...)
{
	static int seq;
	struct sbuf cols = { 0 }, vals = { 0 };
	const char *defaults[][2] = {
		{ "channel", "phone" }, { "kind", "complaint" }, { "account", "投诉内容" },
		{ "dept", "MEDICAL" }, { "depts", "MEDICAL" }, { "class", "general" },
		{ "receiver", "clerk" }, { "status", "routed" }, { "due", "2026-12-31 23:59:59" },
		{ "updated", "2026-10-01 00:00:00" }, { "round_at", NULL },
	};
	bool given[N_ROWS(defaults)] = { false };
	va_list ap;
	char *sql, *msg = NULL;

	sbuf_addf(&cols, "number, year, seq, received");
	sbuf_addf(&vals, "'%s', %.4s, %d, '%s'", number, received, ++seq, received);
	va_start(ap, received);
	for (const char *c; (c = va_arg(ap, const char *));) {
		const char *v = va_arg(ap, const char *);
		for (size_t i = 0; i < N_ROWS(defaults); i++)
			if (!strcmp(defaults[i][0], c))
				given[i] = true;
		sbuf_addf(&cols, ", %s", c);
		if (!strcmp(v, "NULL"))
			sbuf_add(&vals, ", NULL");
		else
			sbuf_addf(&vals, ", '%s'", v);
	}
	va_end(ap);
	for (size_t i = 0; i < N_ROWS(defaults); i++) {
		if (given[i])
			continue;
		sbuf_addf(&cols, ", %s", defaults[i][0]);
		sbuf_addf(&vals, ", '%s'", defaults[i][1] ? defaults[i][1] : received);
	}
	sql = xasprintf("INSERT INTO cases (%s) VALUES (%s)", cols.s, vals.s);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	free(sql);
	sbuf_free(&cols);
	sbuf_free(&vals);
}

/* The shipped holiday calendar, loaded by the group setup. */
static struct calendar *cal;

static sqlite3 *fixture_db(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(store_schema_functions(db), SQLITE_OK);
	for (int v = 1; v <= STORE_SCHEMA_VERSION; v++)
		assert_int_equal(sqlite3_exec(db, store_schema_sql(v), NULL, NULL, NULL), SQLITE_OK);
	/* 2026Q3: every outcome; figures worked out by hand in test_build */
	add_case(db, "TS2026-00001", "2026-07-01 10:00:00", "unit", "心内科",
		 "categories", "MEDICAL", "phone", "13900000002", "name", "李四",
		 "due", "2026-07-08 23:59:59", "replied_at", "2026-07-06 10:00:00",
		 "due_met", "2026-07-06 10:00:00", "satisfaction", "satisfied",
		 "callback_at", "2026-07-07 09:00:00", "status", "closed",
		 "closed_at", "2026-07-07 10:00:00", "finding", "substantiated", NULL);
	add_case(db, "TS2026-00002", "2026-07-02 09:00:00", "channel", "visit",
		 "class", "important", "depts", "MEDICAL,NURSING", "unit", "急诊科",
		 "categories", "MEDICAL,NURSING", "due", "2026-07-16 23:59:59",
		 "replied_at", "2026-07-20 09:00:00", "due_met", "2026-07-20 09:00:00",
		 "satisfaction", "basic", "callback_at", "2026-07-21 09:00:00",
		 "status", "closed", "closed_at", "2026-07-21 10:00:00", "finding", "partly",
		 "claim_fen", "500000", "paid_fen", "100000", NULL);
	add_case(db, "TS2026-00003", "2026-08-03 09:00:00", "dept", "NURSING", "depts", "NURSING",
		 "unit", "心内科", "categories", "NURSING", "phone", "13800000001",
		 "name", "张三", "due", "2026-08-10 23:59:59", NULL);
	add_case(db, "TS2026-00004", "2026-08-05 09:00:00", "class", "simple", "dept", "OFFICE",
		 "depts", "OFFICE", "phone", "13800000001", "name", "张三",
		 "status", "rejected", "closed_at", "2026-08-06 09:00:00",
		 "due", "2026-08-05 23:59:59", NULL);
	add_case(db, "TS2026-00005", "2026-08-06 09:00:00", "dept", "NURSING", "depts", "NURSING",
		 "categories", "NURSING", "phone", "13800000001", "name", "张三",
		 "status", "merged", "closed_at", "2026-08-06 12:00:00", NULL);
	add_case(db, "TS2026-00006", "2026-09-01 09:00:00", "channel", "letter", "unit", "骨科",
		 "categories", "MEDICAL", "due", "2026-09-08 23:59:59",
		 "due_met", "2026-10-10 09:00:00", "status", "closed",
		 "closed_at", "2026-10-12 09:00:00", "finding", "not", "paid_fen", "50000", NULL);
	add_case(db, "TS2026-00007", "2026-09-10 09:00:00", "channel", "visit", "unit", "心内科",
		 "categories", "MEDICAL", "anonymous", "1", "phone", "13800000001",
		 "due", "2026-09-17 23:59:59", "status", "paused",
		 "paused_at", "2026-09-11 09:00:00", NULL);
	add_case(db, "TS2026-00008", "2026-09-28 10:00:00", "kind", "consultation",
		 "class", "simple", "dept", "OFFICE", "depts", "OFFICE",
		 "due", "2026-09-28 23:59:59", "status", "closed",
		 "closed_at", "2026-09-28 11:00:00", "finding", "not", NULL);
	add_case(db, "TS2026-00009", "2026-09-29 09:00:00", "channel", "web", "unit", "急诊科",
		 "categories", "MEDICAL", "due", "2026-10-12 23:59:59", NULL);
	add_case(db, "TS2026-00010", "2026-07-10 09:00:00", "channel", "authority", "unit", "骨科",
		 "categories", "MEDICAL,MEDICAL", "round", "2", "status", "registered",
		 "round_at", "2026-07-20 09:00:00", "due", "2026-08-20 23:59:59",
		 "satisfaction", "unsatisfied", "callback_at", "2026-07-20 09:00:00",
		 "claim_fen", "2000000", NULL);
	/* J's unsatisfied callback as its event records it (the reply of round 2
	 * would clear it from the row) */
	if (sqlite3_exec(db, "INSERT INTO events (case_id, round, actor, at, recorded, action, "
			 "before, after, hash) VALUES (10, 1, 'clerk', "
			 "'2026-07-20 09:00:00', '2026-07-20 09:00:00', 'callback', "
			 "'{\"satisfaction\":null}', '{\"callback\":\"unsatisfied\"}', '')",
			 NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("events: %s", sqlite3_errmsg(db));
	/* 2026Q2: one still overdue at the end of Q3, one closed late in Q3 */
	add_case(db, "TS2026-00011", "2026-06-10 09:00:00", "due", "2026-06-17 23:59:59", NULL);
	add_case(db, "TS2026-00012", "2026-06-25 09:00:00", "dept", "NURSING", "depts", "NURSING",
		 "due", "2026-07-02 23:59:59", "due_met", "2026-07-03 09:00:00",
		 "status", "closed", "closed_at", "2026-07-03 10:00:00", "finding", "not", NULL);
	/* 2025Q3: closed on time */
	add_case(db, "TS2025-00001", "2025-08-01 09:00:00", "due", "2025-08-08 23:59:59",
		 "status", "closed", "closed_at", "2025-08-05 10:00:00",
		 "due_met", "2025-08-05 10:00:00", "finding", "not", NULL);
	return db;
}

static const struct report_name dept_names[] = {
	{ "MEDICAL", "医务部" }, { "NURSING", "护理部" }, { "OFFICE", "办公室" },
};
static const struct report_name cat_names[] = {
	{ "MEDICAL", "医疗质量" }, { "NURSING", "护理服务" },
};

static struct report *build(sqlite3 *db, const char *period, const char *now)
{
	struct report_source src = { db, cal, dept_names, 3, cat_names, 2, 1000000, "示范医院",
				     { 0, 0 }, NULL, 0 };
	struct report_period p;
	struct report *r = NULL;
	struct err err = { 0 };

	assert_int_equal(datetime_parse(now, &src.now, NULL), 0);
	assert_int_equal(report_period_parse(period, &p, NULL), 0);
	if (report_build(&src, &p, &r, &err))
		fail_msg("report_build: %s", err.msg);
	if (report_check(r, &err))
		fail_msg("report_check: %s", err.msg);
	return r;
}

static long row_n(const struct report_breakdown *b, const char *label)
{
	for (int i = 0; i < b->nrows; i++)
		if (!strcmp(b->rows[i].label, label))
			return b->rows[i].n;
	return -1;
}

static const struct report_dept *dept(const struct report *r, const char *code)
{
	for (int i = 0; i < r->ndepts; i++)
		if (!strcmp(r->depts[i].code, code))
			return &r->depts[i];
	fail_msg("no department %s", code);
	return NULL;
}

static const struct report_late *late(const struct report *r, const char *number)
{
	for (int i = 0; i < r->nlate; i++)
		if (!strcmp(r->late[i].number, number))
			return &r->late[i];
	fail_msg("%s not in the overdue list", number);
	return NULL;
}

/* A department's figures in test_build's report. */
struct want_dept {
	const char *code;
	long received, closed, on_time, overdue;
	double median;              /* working days received→reply */
};

static const struct want_dept want_depts[] = {
	{ "MEDICAL", 6, 2, 1, 3, 7.5 },
	{ "NURSING", 3, 1, 0, 1, 12.0 },
	{ "OFFICE", 2, 1, 1, 0, 0.0 },
};

/* Long on purpose: every figure of one report built once from the fixture,
 * in the order the report prints them. */
static void test_build(void **state)
{
	sqlite3 *db = *state;
	struct err err = { 0 };
	struct report *r;
	const struct report_dept *d;
	char buf[11];

	r = build(db, "2026Q3", "2026-10-20 10:00");
	assert_false(r->partial);
	assert_string_equal(date_format(r->as_of, buf), "2026-09-30");
	/* totals: 10 received; D rejected, E merged; A, B, H closed (F only
	 * after the quarter); A and H on time; C, F, J and the Q2 case K
	 * overdue at the end (G paused, I not yet due) */
	assert_int_equal(r->totals.received, 10);
	assert_int_equal(r->totals.rejected, 1);
	assert_int_equal(r->totals.merged, 1);
	assert_int_equal(r->totals.accepted, 8);
	assert_int_equal(r->totals.closed, 3);
	assert_int_equal(r->totals.open_at_end, 5);
	assert_int_equal(r->totals.closed_on_time, 2);
	assert_int_equal(r->totals.overdue_at_end, 4);
	/* 2026Q2: K and L received, both open at its end, K overdue */
	assert_int_equal(r->prev.received, 2);
	assert_int_equal(r->prev.closed, 0);
	assert_int_equal(r->prev.open_at_end, 2);
	assert_int_equal(r->prev.overdue_at_end, 1);
	assert_int_equal(r->year_ago.received, 1);
	assert_int_equal(r->year_ago.closed_on_time, 1);
	assert_int_equal(r->trend[0].received, 0);
	assert_int_equal(r->trend[3].received, 1);      /* 2025Q3 */
	/* breakdowns */
	assert_int_equal(row_n(&r->by_channel, "来电"), 5);
	assert_int_equal(row_n(&r->by_channel, "来访"), 2);
	assert_int_equal(row_n(&r->by_channel, "来信"), 1);
	assert_int_equal(row_n(&r->by_channel, "上级转办"), 1);
	assert_int_equal(row_n(&r->by_kind, "咨询"), 1);
	assert_int_equal(row_n(&r->by_class, "简单"), 2);
	assert_int_equal(row_n(&r->by_class, "一般"), 7);
	assert_int_equal(row_n(&r->by_class, "重要"), 1);
	assert_int_equal(row_n(&r->by_category, "医疗质量"), 6);
	assert_int_equal(row_n(&r->by_category, "护理服务"), 3);
	assert_int_equal(row_n(&r->by_category, "（未分类）"), 2);
	assert_int_equal(r->by_category.distinct, 10);
	assert_string_equal(r->by_unit.rows[0].label, "心内科");
	assert_int_equal(r->by_unit.rows[0].n, 3);
	assert_string_equal(r->by_unit.rows[1].label, "急诊科");
	assert_int_equal(row_n(&r->by_unit, "骨科"), 2);
	assert_int_equal(row_n(&r->by_unit, "（未填写）"), 3);
	/* departments (OFFICE: D rejected and H closed, nothing open) */
	for (size_t i = 0; i < N_ROWS(want_depts); i++) {
		const struct want_dept *w = &want_depts[i];
		d = dept(r, w->code);
		if (d->received != w->received || d->closed != w->closed ||
		    d->closed_on_time != w->on_time || d->overdue_now != w->overdue ||
		    d->median_reply_days != w->median)
			fail_msg("%s: got %ld %ld %ld %ld %.1f, want %ld %ld %ld %ld %.1f", w->code,
				 d->received, d->closed, d->closed_on_time, d->overdue_now,
				 d->median_reply_days, w->received, w->closed, w->on_time,
				 w->overdue, w->median);
	}
	d = dept(r, "MEDICAL");
	assert_string_equal(d->name, "医务部");
	assert_int_equal(d->reopened, 1);
	assert_int_equal(d->callbacks, 3);
	assert_int_equal(d->satisfied, 2);
	assert_int_equal(d->replied, 2);         /* J's reply was of round 1 */
	assert_int_equal(r->depts_distinct, 10);
	/* findings, claims, repeat complainants (the anonymous G not counted) */
	assert_int_equal(r->findings[FINDING_SUBSTANTIATED], 1);
	assert_int_equal(r->findings[FINDING_PARTLY], 1);
	/* the consultation closed on the spot needs no finding: not 无效 (issue 11) */
	assert_int_equal(r->findings[FINDING_NOT], 0);
	assert_int_equal(r->finding_na, 1);
	assert_int_equal(r->finding_none, 0);
	assert_int_equal(r->claims, 2);
	assert_int_equal(r->claims_over, 1);
	assert_int_equal(r->claimed_fen, 2500000);
	assert_int_equal(r->paid_fen, 100000);
	assert_int_equal(r->repeat_people, 1);
	assert_int_equal(r->repeat_cases, 3);
	assert_string_equal(r->repeat[0].who, "张* 138****0001");
	/* the overdue list: working days counted on the 2026 calendar */
	assert_int_equal(r->nlate, 6);
	assert_int_equal(r->late_open, 4);
	assert_int_equal(r->late_closed, 2);
	assert_int_equal(late(r, "TS2026-00003")->days_late, 37);
	assert_int_equal(late(r, "TS2026-00006")->days_late, 16);
	assert_int_equal(late(r, "TS2026-00010")->days_late, 29);
	assert_int_equal(late(r, "TS2026-00011")->days_late, 74);
	assert_int_equal(late(r, "TS2026-00002")->days_late, 2);
	assert_string_equal(late(r, "TS2026-00002")->dept, "医务部+1");
	assert_int_equal(late(r, "TS2026-00012")->days_late, 1);
	assert_string_equal(date_format(late(r, "TS2026-00012")->closed, buf), "2026-07-03");
	assert_int_equal(late(r, "TS2026-00003")->closed, -1);
	report_free(r);

	/* Q2 on its own: K overdue by the 8 working days after 06-17 */
	r = build(db, "2026Q2", "2026-10-20 10:00");
	assert_int_equal(r->totals.received, 2);
	assert_int_equal(r->totals.overdue_at_end, 1);
	assert_int_equal(late(r, "TS2026-00011")->days_late, 8);
	report_free(r);

	/* a month, and a period not yet over: as of today */
	r = build(db, "2026-09", "2026-09-29 12:00");
	assert_true(r->partial);
	assert_string_equal(date_format(r->as_of, buf), "2026-09-29");
	assert_int_equal(r->totals.received, 4);        /* F, G, H and I */
	report_free(r);
	r = build(db, "2026-08", "2026-10-20 10:00");
	assert_int_equal(r->totals.received, 3);
	assert_int_equal(r->totals.rejected, 1);
	assert_int_equal(r->totals.merged, 1);
	assert_string_equal(report_period_code(&r->trend[0].period, buf), "2026-01");
	report_free(r);

	{
		struct report_source src = { db, cal, NULL, 0, NULL, 0, 1000000, "", { 0, 0 }, NULL, 0 };
		struct report_period p;
		datetime_parse("2026-10-20 10:00", &src.now, NULL);
		report_period_parse("2026Q4", &p, NULL);
		src.now.day -= 30;
		assert_int_equal(report_build(&src, &p, &r, &err), ERR_USAGE);
		assert_non_null(strstr(err.msg, "2026Q4 has not begun"));
	}
}

/* ---- every query of report_build a range over an index (issue 13) ---- */

struct traced {
	char *sql[64];
	int n;
};

static int trace_sql(unsigned type, void *arg, void *p, void *x)
{
	struct traced *t = arg;
	char *full;

	(void)x;
	if (type != SQLITE_TRACE_STMT || t->n == 64)
		return 0;
	full = sqlite3_expanded_sql(p);
	if (!full)
		return 0;
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->sql[i], full)) {
			sqlite3_free(full);
			return 0;
		}
	t->sql[t->n++] = full;
	return 0;
}

/* Whether an index is partial (holds only the rows of its WHERE clause). */
static bool partial_index(sqlite3 *db, const char *name)
{
	sqlite3_stmt *q;
	bool yes = false;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT sql LIKE '% WHERE %' FROM sqlite_master "
					    "WHERE type = 'index' AND name = ?1", -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		yes = sqlite3_column_int(q, 0) != 0;
	sqlite3_finalize(q);
	return yes;
}

/* Whether a plan's line reads a whole table or index of cases, events or
 * transfers (under any of the report's aliases), rather than a range; a
 * whole partial index (the open transfers) is a range of its own. */
static bool full_scan(sqlite3 *db, const char *detail)
{
	static const char *const names[] = { "cases", "c", "events", "e", "n", "d", "x",
					     "transfers", "t", "u" };
	const char *by = strstr(detail, " INDEX ");
	char name[32], index[64];
	bool base = false;

	if (strncmp(detail, "SCAN ", 5) || sscanf(detail + 5, "%31s", name) != 1)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		base = base || !strcmp(name, names[i]);
	return base && !(by && sscanf(by + 7, "%63s", index) == 1 && partial_index(db, index));
}

/* Fails the test when the plan of a traced statement reads a whole table;
 * frees them all. How many there were. */
static int check_plans(sqlite3 *db, struct traced *t)
{
	for (int i = 0; i < t->n; i++) {
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s", t->sql[i]);
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(q, 3);
			if (full_scan(db, detail))
				fail_msg("the report reads a whole table: %s\n  in: %s", detail,
					 t->sql[i]);
		}
		sqlite3_finalize(q);
		free(sql);
		sqlite3_free(t->sql[i]);
	}
	return t->n;
}

static void test_build_plans(void **state)
{
	sqlite3 *db = *state;
	struct traced t = { { 0 }, 0 };

	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_sql, &t);
	report_free(build(db, "2026Q3", "2026-10-20 10:00"));
	sqlite3_trace_v2(db, 0, NULL, NULL);
	/* the totals, breakdowns, late lists, accountability, audit … */
	assert_true(check_plans(db, &t) >= 10);
}

/* The accountability's pass over the period's close events reads them from
 * report_closes (schema 16) in order of time, no event row nor its JSON;
 * the earlier close events naming a rectification, from its partial index
 * (not every earlier close event); their cases' number, receipt and
 * departments from cases_brief (schema 14), not the case rows; no lookup
 * of a later close event of the case (later_at). The late feedback given
 * in the period from the late transfers alone (transfers_late, schema 16). */
static void test_build_close_covered(void **state)
{
	sqlite3 *db = *state;
	struct traced t = { { 0 }, 0 };
	int found = 0, rectify = 0, brief = 0, events = 0, late = 0;

	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_sql, &t);
	report_free(build(db, "2026Q3", "2026-10-20 10:00"));
	sqlite3_trace_v2(db, 0, NULL, NULL);
	for (int i = 0; i < t.n; i++) {
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s", t.sql[i]);
		sqlite3_stmt *q;
		if (strstr(t.sql[i], "INDEXED BY transfers_late") &&
		    sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
			while (sqlite3_step(q) == SQLITE_ROW)
				late += !strcmp((const char *)sqlite3_column_text(q, 3),
						"SEARCH t USING COVERING INDEX transfers_late "
						"(done_at>? AND done_at<?)");
			sqlite3_finalize(q);
		}
		if (strstr(t.sql[i], "FROM report_closes WHERE at >=") &&
		    sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
			while (sqlite3_step(q) == SQLITE_ROW) {
				const char *d = (const char *)sqlite3_column_text(q, 3);
				found += !strcmp(d, "SEARCH report_closes USING PRIMARY KEY "
						 "(at>? AND at<?)");
				rectify += !strcmp(d, "SEARCH report_closes USING INDEX "
						   "report_closes_rectify (at<?)");
				brief += !strcmp(d, "SEARCH c USING COVERING INDEX cases_brief (id=?)");
				events += strstr(d, " e ") || strstr(d, " n ") ||
					  strstr(d, "events_close");
			}
			sqlite3_finalize(q);
		}
		free(sql);
		sqlite3_free(t.sql[i]);
	}
	assert_int_equal(found, 1);
	assert_int_equal(rectify, 1);
	assert_int_equal(brief, 2);
	assert_int_equal(events, 0);
	assert_int_equal(late, 1);
}

static char *json_of(const struct report *r)
{
	struct sbuf b = { 0 };
	struct err err = { 0 };

	if (report_render_json(r, &b, &err))
		fail_msg("render: %s", err.msg);
	return b.s;
}

static long kept_rows(sqlite3 *db)
{
	sqlite3_stmt *q;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM report_totals", -1, &q,
					    NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* An event of TS2025-00001 whose "before" is before. */
static void kept_event(sqlite3 *db, const char *before)
{
	char *sql = xasprintf("INSERT INTO events (case_id, round, actor, at, recorded, action, "
			      "before, after, hash) SELECT id, 1, 'clerk', '2026-10-20 09:00:00', "
			      "'2026-10-20 09:00:00', 'note', '%s', '{}', '' FROM cases WHERE "
			      "number = 'TS2025-00001'", before);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
}

/* Sets the columns of TS2025-00001 as set says ("due = '…'"). */
static void kept_update(sqlite3 *db, const char *set)
{
	char *sql = xasprintf("UPDATE cases SET %s WHERE number = 'TS2025-00001'", set);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
}

/* The rows report_totals_check finds wrong in the kept totals (each
 * reported into pr). */
static long totals_bad(sqlite3 *db, struct testutil_problems *pr)
{
	struct err err = { 0 };
	long bad = -1;

	if (report_totals_check(db, &bad, testutil_on_problem, pr, &err))
		fail_msg("report_totals_check: %s", err.msg);
	return bad;
}

/* Schema 11: the totals of ended periods kept by a report, read by the next
 * one instead of every case; dropped by a change; recounted by check. */
static void test_totals_kept(void **state)
{
	sqlite3 *db = *state;
	struct traced t = { { 0 }, 0 };
	struct report *r;
	struct testutil_problems pr = { 0, "" };
	char *first, *again, *recount;

	r = build(db, "2026Q3", "2026-10-20 10:00");
	first = json_of(r);
	report_free(r);
	/* the trend's seven ended quarters before 2026Q3 (2025Q3 among them) */
	assert_int_equal(kept_rows(db), 7);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_sql, &t);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	sqlite3_trace_v2(db, 0, NULL, NULL);
	again = json_of(r);
	report_free(r);
	assert_string_equal(first, again);
	/* not every case received before the end: only the period's own */
	for (int i = 0; i < t.n; i++)
		if (strstr(t.sql[i], "SELECT id, received, closed_at") && !strstr(t.sql[i], "UNION"))
			fail_msg("the report read every case: %s", t.sql[i]);
	check_plans(db, &t);
	assert_int_equal(totals_bad(db, &pr), 0);

	/* TS2025-00001 (received 2025-08-01) closed late after all: the rows of
	 * the quarters that ended after its receipt go, the older three stay */
	kept_update(db, "due = '2025-08-04 23:59:59'");
	assert_int_equal(kept_rows(db), 3);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	assert_int_equal(r->year_ago.closed, 1);
	assert_int_equal(r->year_ago.closed_on_time, 0);
	again = (free(again), json_of(r));
	report_free(r);
	assert_int_equal(kept_rows(db), 7);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM report_totals", NULL, NULL, NULL), SQLITE_OK);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	recount = json_of(r);
	report_free(r);
	assert_string_equal(again, recount);
	/* an event undoing something of that case drops them too */
	kept_event(db, "{\"status\":\"replied\"}");
	assert_int_equal(kept_rows(db), 3);

	/* check: a row changed behind cdesk's back, a row of no period */
	assert_int_equal(sqlite3_exec(db, "UPDATE report_totals SET closed = closed + 1 WHERE "
				      "period = '2025Q1'; INSERT INTO report_totals VALUES "
				      "('2025Q9', '', 0, 0, 0, 0, 0, 0)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(totals_bad(db, &pr), 2);
	assert_int_equal(pr.n, 2);
	assert_non_null(strstr(pr.last, "2025Q9"));
	free(first);
	free(again);
	free(recount);
}

/* Schema 13: a step writes every state column, changed or not: only a
 * changed value of a column the totals read drops the kept rows, and an
 * event only when its "before" names a field of the rebuilt history. */
static void test_totals_kept_unchanged(void **state)
{
	sqlite3 *db = *state;
	struct report *r;
	struct testutil_problems pr = { 0, "" };

	r = build(db, "2026Q3", "2026-10-20 10:00");
	report_free(r);
	assert_int_equal(kept_rows(db), 7);
	/* every counted column written with the value it has, as a note does */
	assert_int_equal(sqlite3_exec(db, "UPDATE cases SET received = received, closed_at = "
				      "closed_at, status = status, due = due, due_met = due_met, "
				      "paused_at = paused_at, round = round, round_at = round_at, "
				      "satisfaction = 'unsatisfied', version = version + 1",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(kept_rows(db), 7);
	kept_event(db, "{\"satisfaction\":\"satisfied\",\"note\":\"x\"}");
	assert_int_equal(kept_rows(db), 7);
	assert_int_equal(totals_bad(db, &pr), 0);
	/* a NULL made a value counts as a change (IS NOT, not !=) */
	kept_update(db, "paused_at = '2025-08-01 09:30:00'");
	assert_int_equal(kept_rows(db), 3);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	report_free(r);
	assert_int_equal(kept_rows(db), 7);
	kept_event(db, "{\"due_met\":null}");
	assert_int_equal(kept_rows(db), 3);
}

static void test_digest(void **state)
{
	sqlite3 *db = *state;
	struct err err = { 0 };
	struct digest d;
	struct cdatetime now;
	static const struct {
		const char *dept, *number;
		bool overdue;
		int days;
	} want[] = {
		{ "MEDICAL", "TS2026-00011", true, -73 },
		{ "MEDICAL", "TS2026-00010", true, -28 },
		{ "MEDICAL", "TS2026-00014", false, 0 },
		{ "NURSING", "TS2026-00003", true, -36 },
		{ "NURSING", "TS2026-00014", false, 0 },
		{ "OFFICE", "TS2026-00013", false, 1 },
	};

	add_case(db, "TS2026-00013", "2026-09-29 08:00:00", "dept", "OFFICE", "depts", "OFFICE",
		 "due", "2026-09-30 17:00:00", NULL);
	add_case(db, "TS2026-00014", "2026-09-29 08:30:00", "dept", "NURSING",
		 "depts", "NURSING,MEDICAL", "due", "2026-09-29 23:59:59", NULL);
	/* due on 10-08, after the holiday: not within one working day of 09-29 */
	add_case(db, "TS2026-00015", "2026-09-29 08:40:00", "due", "2026-10-08 23:59:59", NULL);
	/* met (replied, awaiting the callback): nothing to chase */
	add_case(db, "TS2026-00016", "2026-09-01 08:40:00", "due", "2026-09-08 23:59:59",
		 "due_met", "2026-09-07 10:00:00", "status", "replied", NULL);
	datetime_parse("2026-09-29 12:00", &now, NULL);
	assert_int_equal(digest_build(db, cal, now, NULL, &d, &err), 0);
	assert_int_equal(d.n, 6);
	for (int i = 0; i < d.n && i < 6; i++) {
		assert_string_equal(d.v[i].dept, want[i].dept);
		assert_string_equal(d.v[i].number, want[i].number);
		assert_int_equal(d.v[i].overdue, want[i].overdue);
		assert_int_equal(d.v[i].days, want[i].days);
	}
	assert_false(d.v[2].lead);
	assert_true(d.v[4].lead);
	digest_free(&d);
	assert_int_equal(digest_build(db, cal, now, "NURSING", &d, &err), 0);
	assert_int_equal(d.n, 2);
	digest_free(&d);
	/* on 09-30 the next working day is 10-08 (National Day) */
	datetime_parse("2026-09-30 09:00", &now, NULL);
	assert_int_equal(digest_build(db, cal, now, "MEDICAL", &d, &err), 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.v[3].number, "TS2026-00015");
	assert_int_equal(d.v[3].days, 1);
	assert_true(d.v[2].overdue);        /* TS2026-00014, due yesterday */
	digest_free(&d);
}

/* What the progress listener was told of a report. */
struct heard {
	int notes, ends;
	long long last, total;
	bool rising, report_only;
};

static void hear(const char *what, long long done, long long total, void *arg)
{
	struct heard *h = arg;

	if (done < 0) {
		h->ends++;
		return;
	}
	h->rising = h->rising && done > h->last && done < total;
	h->report_only = h->report_only && !strcmp(what, "report");
	if (h->total && total != h->total)
		h->rising = false;
	h->notes++;
	h->last = done;
	h->total = total;
}

/* Adds n old closed cases (received in 2020, before any trend): they count
 * in no figure of 2026Q3, and the report still reads each. */
static void add_old_cases(sqlite3 *db, int n)
{
	char *sql = xasprintf(
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
		"INSERT INTO cases (number, year, seq, received, channel, kind, account, dept, "
		"depts, class, receiver, status, due, closed_at, round_at, updated) "
		"SELECT printf('TS2020-%%06d', i), 2020, i, '2020-03-01 09:00:00', 'phone', "
		"'complaint', 'x', 'MEDICAL', 'MEDICAL', 'general', 'clerk', 'closed', "
		"'2020-03-08 23:59:59', '2020-03-05 09:00:00', '2020-03-01 09:00:00', "
		"'2020-03-05 09:00:00' FROM k", n);

	if (sqlite3_exec(db, "DROP TRIGGER cases_fts_insert", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("old cases: %s", sqlite3_errmsg(db));
	free(sql);
}

/* A report over more than 100,000 cases tells its progress, rising to the
 * rows its scans read; one over 100,000 or fewer tells nothing (issue 10). */
static void test_build_progress(void **state)
{
	sqlite3 *db = *state;
	struct report *r;
	struct heard h = { 0, 0, 0, 0, true, true };
	/* the fixture: 13 cases received before 2026Q3's end, 10 in it */
	const long long before = 13, in = 10;

	add_old_cases(db, 100000 - (int)before);
	progress_listen(hear, &h);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	assert_int_equal(h.notes, 0);       /* 100,000 cases: not over */
	assert_int_equal(h.ends, 0);
	assert_int_equal(r->totals.received, 10);
	report_free(r);

	add_case(db, "TS2019-00001", "2019-05-01 09:00:00", "status", "closed",
		 "closed_at", "2019-05-02 09:00:00", NULL);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	progress_listen(NULL, NULL);
	assert_true(h.notes >= 90);         /* every 1,024th of 100,011 rows */
	assert_int_equal(h.ends, 1);
	assert_true(h.rising);
	assert_true(h.report_only);
	assert_int_equal(h.total, before + 1 + 100000 - before + in);
	assert_true(h.last >= h.total - 1024);
	/* the figures are those without the old cases */
	assert_int_equal(r->totals.received, 10);
	report_free(r);
}

/*
 * 第三十五条(五): the repeated subjects in their order, by unit, then staff,
 * then case number as NOCASE orders it (report_late.c sorts them by keys: the
 * names' ranks, the number's first 16 bytes folded, the whole number past
 * them). 心内科 has three cases in the fixture; 眼科 gets five, two of them
 * naming 王五, whose numbers strcmp would put the other way round, two
 * alike in their first 16 bytes.
 */
static void test_build_repeats(void **state)
{
	sqlite3 *db = *state;
	static const struct { const char *number, *dept; int cases; } want[] = {
		{ "TS2026-00001", "心内科", 3 }, { "TS2026-00003", "心内科", 3 },
		{ "TS2026-00007", "心内科", 3 },
		{ "TS2026-00100", "眼科", 5 }, { "TS2026-00100-XYZ-LONG-A", "眼科", 5 },
		{ "ts2026-00100-xyz-long-B", "眼科", 5 }, { "ts2026-00101", "眼科", 5 },
		{ "TS2026-00102", "眼科", 5 },
		{ "ts2026-00101", "眼科/王五", 2 }, { "TS2026-00102", "眼科/王五", 2 },
	};
	struct report *r;

	add_case(db, "TS2026-00102", "2026-07-03 09:00:00", "unit", "眼科", "staff", "王五", NULL);
	add_case(db, "ts2026-00101", "2026-07-04 09:00:00", "unit", "眼科", "staff", "王五", NULL);
	add_case(db, "ts2026-00100-xyz-long-B", "2026-07-05 09:00:00", "unit", "眼科", NULL);
	add_case(db, "TS2026-00100-XYZ-LONG-A", "2026-07-06 09:00:00", "unit", "眼科", NULL);
	add_case(db, "TS2026-00100", "2026-07-07 09:00:00", "unit", "眼科", "staff", "李医生",
		 NULL);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	assert_int_equal(r->nrepeats, (int)N_ROWS(want));
	for (size_t i = 0; i < N_ROWS(want); i++)
		if (strcmp(r->repeats[i].number, want[i].number) ||
		    strcmp(r->repeats[i].dept, want[i].dept) || r->repeats[i].cases != want[i].cases)
			fail_msg("row %zu: %s %s %d, want %s %s %d", i, r->repeats[i].number,
				 r->repeats[i].dept, r->repeats[i].cases, want[i].number,
				 want[i].dept, want[i].cases);
	report_free(r);
}

/*
 * 十、重复投诉人: complainants by phone, else by name; the top list by cases,
 * then by key ("n:" before "p:", then the digits), whatever the order the
 * cases came in; each shown as the first of its cases names them (赵六 came
 * second on 王二's phone).
 */
static void test_build_repeat_people(void **state)
{
	sqlite3 *db = *state;
	static const struct { const char *who; long cases; } want[] = {
		{ "张* 138****0001", 3 }, { "孙*", 2 }, { "周* 136****0005", 2 },
		{ "王* 137****0009", 2 },
	};
	struct report *r;

	add_case(db, "TS2026-00201", "2026-07-03 09:00:00", "phone", "13700000009", "name", "王二",
		 NULL);
	add_case(db, "TS2026-00202", "2026-07-04 09:00:00", "phone", "13700000009", "name", "赵六",
		 NULL);
	add_case(db, "TS2026-00203", "2026-07-05 09:00:00", "phone", "13600000005", "name", "周八",
		 NULL);
	add_case(db, "TS2026-00204", "2026-07-06 09:00:00", "phone", "13600000005", "name", "周八",
		 NULL);
	add_case(db, "TS2026-00205", "2026-07-07 09:00:00", "name", "孙七", NULL);
	add_case(db, "TS2026-00206", "2026-07-08 09:00:00", "phone", "", "name", "孙七", NULL);
	r = build(db, "2026Q3", "2026-10-20 10:00");
	assert_int_equal(r->repeat_people, 4);
	assert_int_equal(r->repeat_cases, 9);
	assert_int_equal(r->nrepeat, (int)N_ROWS(want));
	for (size_t i = 0; i < N_ROWS(want); i++)
		if (strcmp(r->repeat[i].who, want[i].who) || r->repeat[i].cases != want[i].cases)
			fail_msg("row %zu: %s %ld, want %s %ld", i, r->repeat[i].who,
				 r->repeat[i].cases, want[i].who, want[i].cases);
	report_free(r);
}

/* The group: the UTF-8 locale and the shipped calendar, which no report
 * changes. */
static int group_setup(void **state)
{
	return testutil_setup_locale(state) ? -1 : testutil_load_data(NULL, &cal);
}

static int group_teardown(void **state)
{
	(void)state;
	calendar_free(cal);
	return 0;
}

/* Each test: a fresh fixture_db in *state. */
static int setup(void **state)
{
	*state = fixture_db();
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

static long closes_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* A close event of TS2025-00001 at at, its "after" after. */
static void closes_event(sqlite3 *db, const char *at, const char *after)
{
	char *sql = xasprintf("INSERT INTO events (case_id, round, actor, at, recorded, action, "
			      "before, after, hash) SELECT id, 1, 'clerk', '%s', '%s', 'close', "
			      "'{}', '%s', '' FROM cases WHERE number = 'TS2025-00001'", at, at,
			      after);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
}

static long closes_bad(sqlite3 *db, struct testutil_problems *pr)
{
	struct err err = { 0 };
	long bad = 0;

	if (report_closes_check(db, &bad, testutil_on_problem, pr, &err))
		fail_msg("report_closes_check: %s", err.msg);
	return bad;
}

/* Schema 16: each close event's row in report_closes, added in the same
 * statement as the event; a later close of the case sets the earlier rows'
 * later_at (the earliest one); check finds a row changed, one missing, one
 * of no event. */
static void test_closes_kept(void **state)
{
	sqlite3 *db = *state;
	struct testutil_problems pr = { 0, "" };
	long before = closes_count(db, "SELECT count(*) FROM report_closes");
	char *one;

	assert_int_equal(before, closes_count(db, "SELECT count(*) FROM events WHERE "
					      "action = 'close' AND case_id IS NOT NULL"));
	assert_int_equal(closes_bad(db, &pr), 0);
	closes_event(db, "2026-07-10 09:00:00", "{\"finding\":\"partly\",\"responsible\":"
		     "\"d1\",\"responsible_staff\":\"王五\",\"rectify_due\":"
		     "\"2026-07-20 23:59:59\",\"closed_at\":\"\"}");
	assert_int_equal(closes_count(db, "SELECT count(*) FROM report_closes"), before + 1);
	one = xasprintf("SELECT count(*) FROM report_closes r JOIN cases c ON c.id = r.case_id "
			"WHERE c.number = 'TS2025-00001' AND r.at = '2026-07-10 09:00:00' AND "
			"r.finding = 'partly' AND responsible = 'd1' AND r.staff = '王五' AND "
			"rectify_due = '2026-07-20 23:59:59' AND later_at IS NULL");
	assert_int_equal(closes_count(db, one), 1);
	/* reopened and closed again later, then a close dated between the two
	 * (entered late): the first row's later_at is the earliest of them */
	closes_event(db, "2026-09-01 10:00:00", "{\"finding\":\"not\"}");
	assert_int_equal(closes_count(db, "SELECT count(*) FROM report_closes WHERE "
				      "at = '2026-07-10 09:00:00' AND later_at = "
				      "'2026-09-01 10:00:00'"), 1);
	closes_event(db, "2026-08-01 10:00:00", "{}");
	assert_int_equal(closes_count(db, "SELECT count(*) FROM report_closes WHERE "
				      "at = '2026-07-10 09:00:00' AND later_at = "
				      "'2026-08-01 10:00:00'"), 1);
	/* later is by the log's order, as the report's "no later close before
	 * the end": the close entered after it, though dated before */
	assert_int_equal(closes_count(db, "SELECT count(*) FROM report_closes WHERE "
				      "at = '2026-09-01 10:00:00' AND later_at = "
				      "'2026-08-01 10:00:00'"), 1);
	assert_int_equal(closes_count(db, "SELECT count(*) FROM report_closes WHERE "
				      "at = '2026-08-01 10:00:00' AND later_at IS NULL AND "
				      "finding IS NULL"), 1);
	assert_int_equal(closes_bad(db, &pr), 0);

	/* changed behind cdesk's back: a finding, a later close forgotten, a
	 * row removed, a row of no event */
	assert_int_equal(sqlite3_exec(db, "UPDATE report_closes SET finding = 'substantiated' "
				      "WHERE at = '2026-09-01 10:00:00'", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(closes_bad(db, &pr), 1);
	assert_non_null(strstr(pr.last, "is not that event's"));
	/* the last close's row removed (the highest event, reported last) */
	assert_int_equal(sqlite3_exec(db, "DELETE FROM report_closes WHERE at = "
				      "'2026-08-01 10:00:00'", NULL, NULL, NULL), SQLITE_OK);
	pr.n = 0;
	assert_int_equal(closes_bad(db, &pr), 2);
	assert_int_equal(pr.n, 2);
	assert_non_null(strstr(pr.last, "lack the row of close event"));
	assert_int_equal(sqlite3_exec(db, "UPDATE report_closes SET later_at = NULL WHERE "
				      "at = '2026-07-10 09:00:00'; INSERT INTO report_closes VALUES "
				      "('2026-07-01 00:00:00', 999999, 1, NULL, NULL, NULL, NULL, "
				      "NULL)", NULL, NULL, NULL), SQLITE_OK);
	pr.n = 0;
	assert_int_equal(closes_bad(db, &pr), 4);
	assert_int_equal(pr.n, 4);
	assert_non_null(strstr(pr.last, "event 999999 that is not"));
	free(one);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TESTUTIL_MAIN(group_setup, group_teardown,
	      TEST(test_build),
	      TEST(test_build_repeats),
	      TEST(test_build_repeat_people),
	      TEST(test_build_progress),
	      TEST(test_build_plans),
	      TEST(test_build_close_covered),
	      TEST(test_totals_kept),
	      TEST(test_totals_kept_unchanged),
	      TEST(test_closes_kept),
	      TEST(test_digest))
