/* The table of a case row's columns (src/core/case_columns.c): a case written
 * with every field set reads back the same, after the insert and after a save
 * of its state, and the table covers every column of the cases table. */
#include "testutil.h"
#include "core/util.h"
#include "../../src/core/cases_db.h"

#include <jansson.h>

#define T testutil_time

TESTUTIL_FX_FILE("clerk", "clerk:admin")

/* A row numbered number with every field away from cases_record_init's
 * defaults (strings owned by the caller's literals: never freed). */
static void fill(struct case_record *r, const char *number)
{
	cases_record_init(r);
	snprintf(r->number, sizeof r->number, "%s", number);
	r->received = T("2026-07-01 08:30");
	r->channel = CHANNEL_LETTER;
	r->kind = KIND_SUGGESTION;
	r->name = "李四";
	r->phone = "13912345678";
	r->relation = "家属";
	r->address = "北京市海淀区";
	r->id_number = "11010519491231002X";
	r->anonymous = true;
	r->group_size = 7;
	r->representatives = "王五、赵六";
	r->patient_name = "李老";
	r->patient_record = "ZY-0042";
	assert_int_equal(date_from_ymd(2026, 6, 30, &r->visit_date), 0);
	r->unit = "心内科";
	r->staff = "张医生";
	r->text = "候诊时间过长";
	r->demand = "道歉";
	r->claim_fen = 150050;
	r->suggestion = "{\"dept\":\"MEDICAL\"}";
	r->override = "{\"class\":\"important\"}";
	snprintf(r->override_by, sizeof r->override_by, "clerk");
	snprintf(r->receiver, sizeof r->receiver, "clerk");
	r->paid_fen = 20000;
	snprintf(r->categories[0], RULES_CODE_MAX, "attitude");
	snprintf(r->categories[1], RULES_CODE_MAX, "waiting");
	r->ncategories = 2;
	snprintf(r->depts[0], RULES_CODE_MAX, "NURSING");
	snprintf(r->depts[1], RULES_CODE_MAX, "MEDICAL");
	r->ndepts = 2;
	r->hclass = CLASS_IMPORTANT;
	r->flags = 5;
	r->escalated = true;
	r->status = STATUS_PAUSED;
	r->paused_from = STATUS_ROUTED;
	r->round = 2;
	r->round_at = T("2026-07-02 09:00");
	r->round_paused = 3;
	r->due = T("2026-07-20 17:00");
	r->due_met = T("2026-07-10 10:00");
	r->reply_text = "已答复";
	r->reply_method = REPLY_LETTER;
	r->replied_at = T("2026-07-10 10:00");
	r->satisfaction = UNSATISFIED;
	r->callback_at = T("2026-07-11 10:00");
	r->callback_note = "不满意";
	r->finding = FINDING_PARTLY;
	r->close_note = "部分属实";
	r->close_unreasonable = true;
	r->closed_at = T("2026-07-12 10:00");
	r->reject_reason = REJECT_POLICE;
	r->reject_note = "已报警";
	r->paused_at = T("2026-07-13 10:00");
	r->pause_reason = "等待鉴定";
	r->paused_days = 4;
	r->in_review = true;
	r->review_at = T("2026-07-14 10:00");
	r->review_reason = "复核";
}

/* Fails unless the case numbered r->number reads back as r (case_to_json). */
static void assert_reads_back(struct testutil_fx *f, const struct case_record *r)
{
	struct case_record got;
	struct err err = { 0 };
	json_t *want_j, *got_j;
	char *want, *have;

	if (case_get(f->st, r->number, false, &got, &err))
		fail_msg("get %s: %s", r->number, err.msg);
	want_j = case_to_json(r, false);
	got_j = case_to_json(&got, false);
	want = json_dumps(want_j, JSON_SORT_KEYS);
	have = json_dumps(got_j, JSON_SORT_KEYS);
	assert_string_equal(have, want);
	assert_int_equal(got.id, r->id);
	free(want);
	free(have);
	json_decref(want_j);
	json_decref(got_j);
	case_record_free(&got);
}

static void test_round_trip(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record a, b;
	struct err err = { 0 };

	fill(&a, "TS2026-00001");
	a.status = STATUS_ROUTED;           /* not paused: paused_from is not stored */
	a.updated = f->ctx.now;
	assert_int_equal(cases_row_insert(&f->ctx, &a, 1, &err), 0);
	a.paused_from = STATUS_REGISTERED;  /* as it reads back */
	assert_reads_back(f, &a);

	fill(&b, "TS2026-00002");
	snprintf(b.merged_into, sizeof b.merged_into, "%s", a.number);
	b.updated = f->ctx.now;
	assert_int_equal(cases_row_insert(&f->ctx, &b, 2, &err), 0);
	assert_reads_back(f, &b);
	assert_int_equal(testutil_count(f->st, "SELECT seq * 10000 + year FROM cases "
				       "WHERE number = 'TS2026-00002'"), 22026);
	assert_int_equal(testutil_count(f->st, "SELECT count(*) FROM cases WHERE dept = "
				       "'NURSING'"), 2);

	/* a save writes the state, not the intake fields, and bumps the version */
	b.status = STATUS_CLOSED;
	b.round = 3;
	b.reply_method = b.satisfaction = b.finding = b.reject_reason = -1;
	b.merged_into[0] = '\0';
	b.ndepts = 1;
	b.name = "改过";                    /* an intake field: not written */
	f->ctx.now = T("2026-11-21 08:00");
	assert_int_equal(cases_record_save(&f->ctx, &b, &err), 0);
	b.name = "李四";
	b.version = 2;
	b.updated = f->ctx.now;
	b.paused_from = STATUS_REGISTERED;  /* stored only while paused */
	assert_reads_back(f, &b);
}

/* Every column of the cases table is read, and written by the insert but
 * id, version (1) and the year and sequence it gets apart. */
static void test_every_column(void **state)
{
	struct testutil_fx *f = *state;
	sqlite3_stmt *s;
	const char *ins = cases_insert_sql();
	char *sel = xasprintf("SELECT %s FROM cases c", cases_columns());
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sel, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_column_count(s), cases_ncolumns());
	sqlite3_finalize(s);
	free(sel);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT name FROM pragma_table_info"
					    "('cases')", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);
		char first[64], mid[64], last[64];
		n++;
		snprintf(first, sizeof first, "(%s,", c);
		snprintf(mid, sizeof mid, " %s,", c);
		snprintf(last, sizeof last, " %s)", c);
		if (strcmp(c, "id") && strcmp(c, "version") && !strstr(ins, first) &&
		    !strstr(ins, mid) && !strstr(ins, last))
			fail_msg("column %s of cases is not written by the insert", c);
	}
	sqlite3_finalize(s);
	/* read: all but year, seq and dept (the first of depts) */
	assert_int_equal(cases_ncolumns(), n - 3);
}

TESTUTIL_MAIN(data_setup, data_teardown,
	      TESTUTIL_FX_TEST(test_round_trip),
	      TESTUTIL_FX_TEST(test_every_column))
