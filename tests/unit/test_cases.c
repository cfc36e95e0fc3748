/* Unit tests of the life of a case: every step allowed and refused, numbering,
 * deadlines, the action table's matrix (queues, search, the JSON contract:
 * tests/unit/test_cases_find.c). */
#include "cases_fixture.h"

static void test_add_numbering_and_fields(void **state)
{
	struct testutil_fx *f = *state;
	struct case_input in;
	struct case_record r;
	struct err err = { 0 };
	char n1[32], n2[32], n3[32];

	add(f, "2026-07-03 09:15", NULL, n1);
	add(f, "2026-07-03 09:20", NULL, n2);
	add(f, "2025-12-31 16:00", NULL, n3);
	assert_string_equal(n1, "TS2026-00001");
	assert_string_equal(n2, "TS2026-00002");
	assert_string_equal(n3, "TS2025-00001");

	r = get(f, "ts2026-00001");     /* numbers are case-insensitive */
	assert_string_equal(r.number, "TS2026-00001");
	assert_int_equal(r.status, STATUS_REGISTERED);
	assert_int_equal(r.round, 1);
	assert_string_equal(r.receiver, "clerk");
	assert_string_equal(r.depts[0], "NURSING");
	assert_int_equal(r.hclass, CLASS_GENERAL);
	assert_non_null(r.suggestion);
	assert_non_null(strstr(r.suggestion, "NURSING"));
	assert_null(r.override);
	/* general, one department: 5 working days after Friday 3 July 2026 */
	{
		char d[11];
		assert_string_equal(date_format(r.due.day, d), "2026-07-10");
	}
	case_record_free(&r);

	/* Overrides are recorded with their author. */
	case_input_init(&in);
	in.channel = CHANNEL_PHONE;
	in.anonymous = true;
	in.text = "门诊挂号排队太久";
	in.hclass = CLASS_IMPORTANT;
	in.depts[0] = "医务部";
	in.depts[1] = "outpatient";
	in.ndepts = 2;
	in.claim_fen = 1200000;
	in.unit = "心内科";
	in.visit_date = T("2026-07-01 00:00").day;
	in.materials[0] = "病历复印件=/srv/scan/1.pdf";
	in.nmaterials = 1;
	f->ctx.actor = "officer";
	at(f, "2026-07-06 10:00");
	OK(case_add(&f->ctx, &in, &r, &err_));
	assert_string_equal(r.number, "TS2026-00003");
	assert_int_equal(r.hclass, CLASS_IMPORTANT);
	assert_int_equal(r.ndepts, 2);
	assert_string_equal(r.depts[0], "MEDICAL");
	assert_string_equal(r.depts[1], "OUTPATIENT");
	assert_true(r.flags & FLAG_ANONYMOUS);
	assert_true(r.flags & FLAG_CLAIM);
	assert_int_equal(r.claim_fen, 1200000);
	assert_non_null(r.override);
	assert_non_null(strstr(r.override, "important"));
	assert_string_equal(r.override_by, "officer");
	case_record_free(&r);
	r = get(f, "TS2026-00003");
	assert_int_equal(r.nmaterials, 1);
	assert_string_equal(r.materials[0].description, "病历复印件");
	assert_string_equal(r.materials[0].path, "/srv/scan/1.pdf");
	case_record_free(&r);
	assert_int_equal(count(f, "SELECT count(*) FROM case_depts WHERE case_id = 4"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE action = 'add'"), 4);
	(void)err;
}

static void test_add_refusals(void **state)
{
	struct testutil_fx *f = *state;
	struct case_input in;
	char n[32], big[CASE_TEXT_MAX * 3 + 8];
	int64_t cases0;
	struct err err = { 0 };

	add(f, "2026-07-03 09:15", NULL, n);
	cases0 = count(f, "SELECT count(*) FROM cases");
#define TRY(code, field_stmt) do { \
	case_input_init(&in); in.channel = CHANNEL_VISIT; in.name = "李四"; \
	in.text = "医生态度不好"; at(f, "2026-07-03 10:00"); field_stmt; \
	REFUSED(f, code, case_add(&f->ctx, &in, NULL, &err)); } while (0)
	TRY(ERR_USAGE, in.claim_fen = -100);
	TRY(ERR_USAGE, in.text = "bad \xff\xfe utf-8");
	TRY(ERR_USAGE, in.text = "escape \x1b[31m red");
	TRY(ERR_USAGE, in.name = "张\x07三");
	memset(big, 'x', CASE_TEXT_MAX + 1);
	big[CASE_TEXT_MAX + 1] = '\0';
	TRY(ERR_USAGE, in.text = big);
	TRY(ERR_USAGE, in.text = "");
	TRY(ERR_USAGE, in.channel = -1);
	TRY(ERR_USAGE, in.name = NULL);                       /* nobody and not anonymous */
	TRY(ERR_USAGE, in.phone = "abc");
	TRY(ERR_NOTFOUND, in.unit = "不存在科");
	TRY(ERR_NOTFOUND, (in.depts[0] = "NOSUCH", in.ndepts = 1));
	TRY(ERR_NOTFOUND, (in.categories[0] = "nosuch", in.ncategories = 1));
	TRY(ERR_USAGE, in.received = T("2026-12-01 09:00"));  /* after now */
	TRY(ERR_USAGE, in.visit_date = T("2026-07-04 00:00").day);
	TRY(ERR_USAGE, (in.depts[0] = "MEDICAL", in.depts[1] = "医务部", in.ndepts = 2));
#undef TRY
	assert_int_equal(count(f, "SELECT count(*) FROM cases"), cases0);
	/* A refused add consumes no number: the next is still gapless. */
	add(f, "2026-07-03 11:00", NULL, n);
	assert_string_equal(n, "TS2026-00002");
}

/* A complaint received at 09:15 on Friday 3 July 2026 and routed at 10:00
 * to NURSING with MEDICAL beside it, the transfer's note note; its number
 * in n[32]. */
static void add_routed_to_two(struct testutil_fx *f, const char *note, char *n)
{
	const char *co[] = { "MEDICAL" };

	add(f, "2026-07-03 09:15", NULL, n);
	at(f, "2026-07-03 10:00");
	OK(case_transfer(&f->ctx, n, "NURSING", co, 1, note, &err_));
}

static void test_life_happy_path(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32], d[11];

	add_routed_to_two(f, "请核实", n);
	r = get(f, n);
	assert_int_equal(r.status, STATUS_ROUTED);
	assert_int_equal(r.ntransfers, 2);
	assert_true(r.transfers[0].lead);
	assert_false(r.transfers[1].lead);
	/* two departments: 10 working days; feedback 7 */
	assert_string_equal(date_format(r.due.day, d), "2026-07-17");
	assert_string_equal(date_format(r.transfers[0].due.day, d), "2026-07-14");
	case_record_free(&r);

	at(f, "2026-07-06 09:00");
	OK(case_feedback(&f->ctx, n, "NURSING", "护理部已调查", &err_));
	assert_int_equal(status_of(f, n), STATUS_ROUTED);    /* MEDICAL still open */
	OK(case_feedback(&f->ctx, n, "医务部", "医务部无异议", &err_));
	assert_int_equal(status_of(f, n), STATUS_FEEDBACK);
	OK(case_draft(&f->ctx, n, "答复草稿一", &err_));
	assert_int_equal(status_of(f, n), STATUS_DRAFTED);
	f->ctx.actor = "proofreader";
	OK(case_approve(&f->ctx, n, false, "校对无误", &err_));
	assert_int_equal(status_of(f, n), STATUS_DRAFTED);   /* general: two steps */
	OK(approve_as_next(f, n, false, NULL, &err_));
	r = get(f, n);
	assert_int_equal(r.status, STATUS_APPROVED);
	assert_int_equal(r.drafts[0].napprovals, 2);
	assert_string_equal(r.drafts[0].approvals[0].role, "office_proofread");
	assert_string_equal(r.drafts[0].approvals[1].role, "supervisor");
	assert_string_equal(r.drafts[0].approvals[1].actor, "supervisor");
	case_record_free(&r);
	at(f, "2026-07-07 09:00");
	OK(case_reply(&f->ctx, n, REPLY_PHONE, NULL, &err_));
	r = get(f, n);
	assert_int_equal(r.status, STATUS_REPLIED);
	assert_string_equal(r.reply_text, "答复草稿一");
	assert_int_equal(r.due_met.day, T("2026-07-07 09:00").day);
	case_record_free(&r);
	at(f, "2026-07-08 09:00");
	OK(case_callback(&f->ctx, n, SATISFIED, NULL, &err_));
	OK(case_close(&f->ctx, n, FINDING_SUBSTANTIATED, CLOSE_SATISFIED, 50000, NULL, &err_));
	r = get(f, n);
	assert_int_equal(r.status, STATUS_CLOSED);
	assert_int_equal(r.finding, FINDING_SUBSTANTIATED);
	assert_int_equal(r.paid_fen, 50000);
	case_record_free(&r);
	/* one event per step, the whole chain intact */
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE case_id IS NOT NULL"), 10);
	{
		struct err err = { 0 };
		assert_int_equal(store_check(f->st, NULL, &err), 0);
	}
}

static void test_refusals_by_state(void **state)
{
	struct testutil_fx *f = *state;
	struct err err = { 0 };
	char n[32], m[32];
	const char *co[] = { "MEDICAL" };

	add(f, "2026-07-03 09:15", NULL, n);
	add(f, "2026-07-03 09:30", NULL, m);
	at(f, "2026-07-03 12:00");
	/* nothing to approve, reply, call back or close yet */
	REFUSED(f, ERR_STATE, case_draft(&f->ctx, n, "太早", &err));   /* general: route first */
	REFUSED(f, ERR_STATE, approve_as_next(f, n, false, NULL, &err));
	REFUSED(f, ERR_STATE, case_reply(&f->ctx, n, REPLY_LETTER, NULL, &err));
	REFUSED(f, ERR_STATE, case_callback(&f->ctx, n, SATISFIED, NULL, &err));
	REFUSED(f, ERR_STATE, case_close(&f->ctx, n, FINDING_NOT, CLOSE_SATISFIED, 0, NULL, &err));
	REFUSED(f, ERR_STATE, case_close(&f->ctx, n, FINDING_NOT, CLOSE_UNREASONABLE, 0, NULL, &err));
	REFUSED(f, ERR_STATE, case_resume(&f->ctx, n, NULL, &err));
	REFUSED(f, ERR_STATE, case_reopen(&f->ctx, n, "why", &err));
	REFUSED(f, ERR_STATE, case_review(&f->ctx, n, "why", &err));
	REFUSED(f, ERR_STATE, case_feedback(&f->ctx, n, "NURSING", "no transfer", &err));
	/* bad input */
	REFUSED(f, ERR_NOTFOUND, case_transfer(&f->ctx, "TS2026-09999", "NURSING", NULL, 0, NULL, &err));
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, "不是编号", "NURSING", NULL, 0, NULL, &err));
	REFUSED(f, ERR_NOTFOUND, case_transfer(&f->ctx, n, "NOSUCH", NULL, 0, NULL, &err));
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, n, NULL, NULL, 0, NULL, &err));
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, n, NULL, co, 1, NULL, &err));  /* no lead yet */
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, n, "MEDICAL", co, 1, NULL, &err));
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, n, "NURSING", NULL, 0, "\x1b]0;owned\x07", &err));
	REFUSED(f, ERR_USAGE, case_pause(&f->ctx, n, "", &err));
	REFUSED(f, ERR_USAGE, case_merge(&f->ctx, n, n, NULL, &err));
	REFUSED(f, ERR_NOTFOUND, case_merge(&f->ctx, n, "TS2026-09999", NULL, &err));
	REFUSED(f, ERR_USAGE, case_close(&f->ctx, n, FINDING_NOT, CLOSE_ON_SPOT, -1, NULL, &err));
	/* time: not before receipt, not in the future */
	at(f, "2026-07-03 09:00");
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err));
	at(f, "2026-12-01 09:00");
	REFUSED(f, ERR_USAGE, case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err));

	at(f, "2026-07-03 12:00");
	OK(case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err_));
	REFUSED(f, ERR_CONFLICT, case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err));
	REFUSED(f, ERR_CONFLICT, case_transfer(&f->ctx, n, "MEDICAL", NULL, 0, NULL, &err)); /* 2nd lead */
	REFUSED(f, ERR_STATE, case_draft(&f->ctx, n, "feedback pending", &err));
	REFUSED(f, ERR_STATE, case_return(&f->ctx, n, "MEDICAL", "not ours", &err));
	REFUSED(f, ERR_USAGE, case_return(&f->ctx, n, "NURSING", "", &err));
	OK(case_feedback(&f->ctx, n, "NURSING", "done", &err_));
	REFUSED(f, ERR_STATE, case_feedback(&f->ctx, n, "NURSING", "again", &err));
	/* the timeline runs forwards */
	at(f, "2026-07-03 11:00");
	REFUSED(f, ERR_USAGE, case_draft(&f->ctx, n, "dated before the feedback", &err));
	assert_non_null(strstr(err.msg, "last step"));
	at(f, "2026-07-03 12:00");
	OK(case_draft(&f->ctx, n, "draft", &err_));
	REFUSED(f, ERR_STATE, case_transfer(&f->ctx, n, NULL, co, 1, NULL, &err));
	REFUSED(f, ERR_STATE, case_reject(&f->ctx, n, REJECT_COURT, NULL, &err));
	REFUSED(f, ERR_STATE, case_reply(&f->ctx, n, REPLY_LETTER, NULL, &err));
	REFUSED(f, ERR_USAGE, approve_as_next(f, n, true, "", &err));    /* refusal needs why */
	OK(approve_as_next(f, n, false, NULL, &err_));
	OK(approve_as_next(f, n, false, NULL, &err_));
	REFUSED(f, ERR_STATE, approve_as_next(f, n, false, NULL, &err));
	OK(case_reply(&f->ctx, n, REPLY_PHONE, NULL, &err_));
	REFUSED(f, ERR_STATE, case_reply(&f->ctx, n, REPLY_PHONE, NULL, &err));
	/* phone reply: no closing on unreasonable demands */
	REFUSED(f, ERR_STATE, case_close(&f->ctx, n, FINDING_NOT, CLOSE_UNREASONABLE, 0, NULL, &err));
	REFUSED(f, ERR_STATE, case_close(&f->ctx, n, FINDING_NOT, CLOSE_ON_SPOT, 0, NULL, &err));
	OK(case_callback(&f->ctx, n, BASICALLY_SATISFIED, NULL, &err_));
	REFUSED(f, ERR_STATE, case_callback(&f->ctx, n, SATISFIED, NULL, &err));
	OK(case_close(&f->ctx, n, FINDING_PARTLY, CLOSE_SATISFIED, 0, NULL, &err_));
	/* closed: everything but reopen, review and attach is refused */
	REFUSED(f, ERR_STATE, case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err));
	REFUSED(f, ERR_STATE, case_pause(&f->ctx, n, "wait", &err));
	REFUSED(f, ERR_STATE, case_close(&f->ctx, n, FINDING_NOT, CLOSE_SATISFIED, 0, NULL, &err));
	REFUSED(f, ERR_STATE, case_merge(&f->ctx, n, m, NULL, &err));
	REFUSED(f, ERR_STATE, case_set_class(&f->ctx, n, CLASS_IMPORTANT, NULL, &err));
	OK(case_attach(&f->ctx, n, "回访录音", NULL, &err_));
	/* merged cases refuse, and cannot take duplicates */
	OK(case_merge(&f->ctx, m, n, "重复投诉", &err_));
	REFUSED(f, ERR_STATE, case_pause(&f->ctx, m, "wait", &err));
	REFUSED(f, ERR_STATE, case_reopen(&f->ctx, m, "why", &err));
	{
		char k[32];
		add(f, "2026-07-04 09:00", NULL, k);
		at(f, "2026-07-04 10:00");
		REFUSED(f, ERR_STATE, case_merge(&f->ctx, k, m, NULL, &err));
	}
}

static void test_on_spot_unreasonable_reject_merge(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char a[32], b[32], c[32], d[32];

	add(f, "2026-07-03 09:15", NULL, a);
	at(f, "2026-07-03 09:30");
	OK(case_close(&f->ctx, a, FINDING_NOT, CLOSE_ON_SPOT, 0, "当场解释", &err_));
	assert_int_equal(status_of(f, a), STATUS_CLOSED);

	add(f, "2026-07-03 10:00", NULL, b);
	walk_to_replied(f, b, "2026-07-06");
	at(f, "2026-07-07 09:00");
	OK(case_close(&f->ctx, b, FINDING_NOT, CLOSE_UNREASONABLE, 0, NULL, &err_));
	r = get(f, b);
	assert_true(r.close_unreasonable);
	case_record_free(&r);

	add(f, "2026-07-03 11:00", NULL, c);
	at(f, "2026-07-03 12:00");
	OK(case_transfer(&f->ctx, c, "NURSING", NULL, 0, NULL, &err_));
	OK(case_reject(&f->ctx, c, REJECT_COURT, "已起诉", &err_));
	r = get(f, c);
	assert_int_equal(r.status, STATUS_REJECTED);
	assert_int_equal(r.reject_reason, REJECT_COURT);
	assert_int_equal(r.transfers[0].state, TRANSFER_CANCELLED);
	case_record_free(&r);

	add(f, "2026-07-03 13:00", NULL, d);
	at(f, "2026-07-03 14:00");
	OK(case_merge(&f->ctx, d, b, NULL, &err_));
	r = get(f, d);
	assert_int_equal(r.status, STATUS_MERGED);
	assert_string_equal(r.merged_into, b);
	case_record_free(&r);
	/* the surviving case's timeline says so */
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE action = 'merged-in' AND "
			       "case_id = (SELECT id FROM cases WHERE number = 'TS2026-00002')"), 1);
}

static void test_return_reroutes(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32], d[11];

	add_routed_to_two(f, NULL, n);
	assert_string_equal(due_of(f, n, d), "2026-07-17");   /* two departments */
	at(f, "2026-07-04 10:00");
	OK(case_return(&f->ctx, n, "MEDICAL", "不属于医务部职责", &err_));
	r = get(f, n);
	assert_int_equal(r.status, STATUS_ROUTED);
	assert_int_equal(r.ndepts, 1);
	assert_string_equal(date_format(r.due.day, d), "2026-07-10");   /* back to one */
	assert_int_equal(r.transfers[1].state, TRANSFER_RETURNED);
	assert_string_equal(r.transfers[1].reason, "不属于医务部职责");
	case_record_free(&r);
	OK(case_return(&f->ctx, n, "NURSING", "也不是护理部", &err_));
	assert_int_equal(status_of(f, n), STATUS_REGISTERED);   /* needs routing again */
	/* a new lead may now be named */
	OK(case_transfer(&f->ctx, n, "OUTPATIENT", NULL, 0, NULL, &err_));
	assert_int_equal(status_of(f, n), STATUS_ROUTED);
}

static void test_unsatisfied_rounds_and_escalation(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32], d[11];

	add(f, "2026-07-03 09:15", NULL, n);
	walk_to_replied(f, n, "2026-07-06");
	at(f, "2026-07-08 09:00");
	OK(case_callback(&f->ctx, n, UNSATISFIED, "不满意", &err_));
	r = get(f, n);
	assert_int_equal(r.round, 2);
	assert_int_equal(r.status, STATUS_REGISTERED);
	assert_false(r.escalated);
	/* a fresh deadline from the reopening: 5 working days after 8 July */
	assert_string_equal(date_format(r.due.day, d), "2026-07-15");
	assert_int_equal(r.due_met.day, CDATE_NONE);
	case_record_free(&r);
	walk_to_replied(f, n, "2026-07-09");
	at(f, "2026-07-10 09:00");
	OK(case_callback(&f->ctx, n, UNSATISFIED, NULL, &err_));
	r = get(f, n);
	assert_int_equal(r.round, 3);
	assert_true(r.escalated);
	/* transfers of each round are kept apart */
	assert_int_equal(r.ntransfers, 2);
	assert_int_equal(r.transfers[0].round, 1);
	assert_int_equal(r.transfers[1].round, 2);
	case_record_free(&r);
	/* the reopened queue shows it */
	{
		struct case_page p;
		struct err err = { 0 };
		at(f, "2026-07-10 10:00");
		assert_int_equal(case_list(&f->ctx, QUEUE_REOPENED, NULL, NULL, SORT_DUE, false, 0,
					   NULL, 10, &p, &err), 0);
		assert_int_equal(p.n, 1);
		case_page_free(&p);
	}
}

static void test_pause_resume_moves_running_deadlines(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32], d[11];

	add(f, "2026-07-03 09:15", NULL, n);
	at(f, "2026-07-03 10:00");
	OK(case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err_));
	at(f, "2026-07-06 10:00");                  /* Monday */
	OK(case_pause(&f->ctx, n, "等待患者提供病历", &err_));
	assert_int_equal(status_of(f, n), STATUS_PAUSED);
	{
		struct err err = { 0 };
		REFUSED(f, ERR_STATE, case_feedback(&f->ctx, n, "NURSING", "x", &err));
		REFUSED(f, ERR_STATE, case_pause(&f->ctx, n, "again", &err));
	}
	at(f, "2026-07-09 15:00");                  /* Thursday: 3 working days */
	OK(case_resume(&f->ctx, n, NULL, &err_));
	r = get(f, n);
	assert_int_equal(r.status, STATUS_ROUTED);
	assert_int_equal(r.paused_days, 3);
	assert_string_equal(date_format(r.due.day, d), "2026-07-15");            /* 10 July + 3 */
	assert_string_equal(date_format(r.transfers[0].due.day, d), "2026-07-13"); /* 8 July + 3 */
	case_record_free(&r);

	/* After the reply the deadline is met and a pause moves nothing. */
	at(f, "2026-07-10 09:00");
	OK(case_feedback(&f->ctx, n, "NURSING", "ok", &err_));
	OK(case_draft(&f->ctx, n, "d", &err_));
	OK(approve_as_next(f, n, false, NULL, &err_));
	OK(approve_as_next(f, n, false, NULL, &err_));
	OK(case_reply(&f->ctx, n, REPLY_LETTER, NULL, &err_));
	at(f, "2026-07-13 09:00");
	OK(case_pause(&f->ctx, n, "联系不上", &err_));
	at(f, "2026-07-20 09:00");
	OK(case_resume(&f->ctx, n, NULL, &err_));
	r = get(f, n);
	assert_string_equal(date_format(r.due.day, d), "2026-07-15");
	assert_int_equal(r.status, STATUS_REPLIED);
	case_record_free(&r);
}

static void test_reclass_recomputes_unless_met(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32], d[11];
	struct err err = { 0 };

	add(f, "2026-07-03 09:15", NULL, n);
	at(f, "2026-07-03 11:00");
	OK(case_set_class(&f->ctx, n, CLASS_IMPORTANT, "涉及医疗安全", &err_));
	r = get(f, n);
	assert_int_equal(r.hclass, CLASS_IMPORTANT);
	assert_string_equal(date_format(r.due.day, d), "2026-07-17");   /* 10 working days */
	case_record_free(&r);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE action = 'reclass' AND "
			       "before LIKE '%2026-07-10%' AND after LIKE '%2026-07-17%'"), 1);
	REFUSED(f, ERR_USAGE, case_set_class(&f->ctx, n, CLASS_IMPORTANT, NULL, &err));
	OK(case_set_class(&f->ctx, n, CLASS_GENERAL, NULL, &err_));
	walk_to_replied(f, n, "2026-07-06");
	/* met: a later class change leaves the deadline where it was */
	at(f, "2026-07-07 09:00");
	OK(case_set_class(&f->ctx, n, CLASS_IMPORTANT, NULL, &err_));
	assert_string_equal(due_of(f, n, d), "2026-07-10");
}

/* The last day a review of num may be asked (case_review_last_day). */
static cdate review_last_day(struct testutil_fx *f, const char *num)
{
	struct case_record r = get(f, num);
	cdate last = case_review_last_day(rules, &r);

	case_record_free(&r);
	return last;
}

static void test_reopen_and_review(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32], d[11];

	add(f, "2026-07-03 09:15", NULL, n);
	assert_int_equal(review_last_day(f, n), CDATE_NONE);   /* not yet decided */
	at(f, "2026-07-03 09:30");
	OK(case_close(&f->ctx, n, FINDING_NOT, CLOSE_ON_SPOT, 0, NULL, &err_));
	/* No reply: the window runs from the closing day (review_window_days 30). */
	assert_string_equal(date_format(review_last_day(f, n), d), "2026-08-02");
	at(f, "2026-07-06 09:00");
	OK(case_review(&f->ctx, n, "对处理结果不服，申请复核", &err_));
	r = get(f, n);
	assert_int_equal(r.status, STATUS_REGISTERED);
	assert_true(r.in_review);
	assert_int_equal(r.round, 2);
	assert_string_equal(date_format(r.due.day, d), "2026-07-20");   /* 10 working days */
	assert_int_equal(r.finding, -1);
	case_record_free(&r);
	walk_to_replied(f, n, "2026-07-07");
	at(f, "2026-07-08 09:00");
	OK(case_callback(&f->ctx, n, SATISFIED, NULL, &err_));
	OK(case_close(&f->ctx, n, FINDING_PARTLY, CLOSE_SATISFIED, 0, NULL, &err_));
	/* Replied: from the reply's day, whatever day it closed. */
	assert_string_equal(date_format(review_last_day(f, n), d), "2026-08-06");
	at(f, "2026-07-09 09:00");
	OK(case_reopen(&f->ctx, n, "发现新情况", &err_));
	r = get(f, n);
	assert_int_equal(r.round, 3);
	assert_false(r.in_review);
	assert_true(r.escalated);
	assert_int_equal(r.status, STATUS_REGISTERED);
	case_record_free(&r);
}

static void test_simple_case_office_drafts(void **state)
{
	struct testutil_fx *f = *state;
	struct case_input in;
	struct case_record r;
	char n[32];

	case_input_init(&in);
	in.channel = CHANNEL_PHONE;
	in.name = "王五";
	in.text = "请问门诊几点开始挂号";
	in.hclass = CLASS_SIMPLE;
	at(f, "2026-07-03 09:00");
	OK(case_add(&f->ctx, &in, &r, &err_));
	snprintf(n, sizeof n, "%s", r.number);
	case_record_free(&r);
	OK(case_draft(&f->ctx, n, "门诊7:30开始挂号", &err_));
	OK(approve_as_next(f, n, false, NULL, &err_));    /* simple: one step */
	assert_int_equal(status_of(f, n), STATUS_APPROVED);
	OK(case_reply(&f->ctx, n, REPLY_PHONE, "已电话告知", &err_));
	r = get(f, n);
	assert_string_equal(r.reply_text, "已电话告知");
	case_record_free(&r);
}

/* For every row of the action table (and each variant of close), values that are
 * valid wherever the state allows the action. */
static const struct { enum case_action a; const char *kv[4]; } tries[] = {
	{ CA_TRANSFER, { "co=BILLING" } },
	{ CA_RETURN, { "dept=NURSING", "reason=不属于本部门" } },
	{ CA_FEEDBACK, { "dept=NURSING", "text=已处理" } },
	{ CA_DRAFT, { "text=答复" } },
	{ CA_APPROVE, { NULL } },
	{ CA_REFUSE, { "note=重写" } },
	{ CA_REPLY, { "method=letter" } },
	{ CA_CALLBACK, { "result=satisfied" } },
	{ CA_CLOSE, { "finding=not" } },
	{ CA_CLOSE, { "finding=not", "basis=on-spot" } },
	{ CA_CLOSE, { "finding=not", "basis=unreasonable" } },
	{ CA_REJECT, { "reason=no-facts" } },
	{ CA_MERGE, { "into=TS2026-00001" } },
	{ CA_PAUSE, { "reason=等待" } },
	{ CA_RESUME, { NULL } },
	{ CA_REOPEN, { "reason=再议" } },
	{ CA_REVIEW, { "reason=复核" } },
	{ CA_RECLASS, { "class=emergency", "reason=升级" } },
	{ CA_ATTACH, { "desc=材料" } },
	{ CA_NOTE, { "text=投诉人下午再来" } },
	{ CA_CONTACT, { "method=phone", "direction=out", "text=已电话告知进度" } },
	{ CA_CORRECT, { "phone=13900001111", "reason=登记时听错" } },
	{ CA_TELL, { "method=phone", "note=已电话告知不予受理的理由" } },
	{ CA_CONCLUDE, { "outcome=upheld" } },
	{ CA_RECTIFIED, { "text=已组织科室培训" } },
	{ CA_SUPERVISE, { "by=clerk" } },
	{ CA_DISPUTE, { "stage=mediation", "ref=医调委(2026)12号" } },
	{ CA_ACKNOWLEDGE, { NULL } },
};

/* The values of tries[k] by parameter index. */
static void try_values(size_t k, const char *values[ACTION_MAX_PARAMS], char store[4][64])
{
	const struct case_action_def *d = case_action_get(tries[k].a);

	memset(values, 0, ACTION_MAX_PARAMS * sizeof *values);
	for (int i = 0; i < 4 && tries[k].kv[i]; i++) {
		const char *eq = strchr(tries[k].kv[i], '=');
		int p;
		snprintf(store[i], 64, "%.*s", (int)(eq - tries[k].kv[i]), tries[k].kv[i]);
		p = case_action_param(d, store[i]);
		assert_true(p >= 0);
		values[p] = eq + 1;
	}
}

/* After an action with a PF_NOTE parameter given, its event's note is that text. */
static void check_note(struct testutil_fx *f, const struct case_action_def *d,
		       const char *const v[ACTION_MAX_PARAMS])
{
	for (int i = 0; i < d->nparams; i++) {
		sqlite3_stmt *s;
		if (!(d->params[i].flags & PF_NOTE) || !v[i])
			continue;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT note FROM events "
						    "ORDER BY id DESC LIMIT 1", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		if (!sqlite3_column_text(s, 0) ||
		    strcmp((const char *)sqlite3_column_text(s, 0), v[i]) != 0)
			fail_msg("%s --%s %s: the event's note is '%s'", d->code, d->params[i].name,
				 v[i], sqlite3_column_text(s, 0) ?
				 (const char *)sqlite3_column_text(s, 0) : "(none)");
		sqlite3_finalize(s);
	}
}

/* The row's allowed() says yes exactly when the action is not refused by state, in every
 * state, for every row of the table; done, the event's note is the PF_NOTE text. */
static void test_allowed_agrees_with_actions(void **state)
{
	struct testutil_fx *f = *state;
	char n[32];
	const char *steps[][2] = {
		{ "registered", NULL }, { "routed", "transfer" }, { "feedback", "feedback" },
		{ "drafted", "draft" }, { "drafted", "approve" }, { "approved", "approve" },
		{ "replied", "reply" }, { "replied", "callback" }, { "closed", "close" },
		{ "registered", "reopen" }, { "paused", "pause" }, { "registered", "resume" },
		{ "rejected", "reject" },
	};
	bool covered[CA__COUNT] = { false };
	struct err err = { 0 };
	int checked = 0;
	const size_t ntries = sizeof tries / sizeof tries[0];

	add(f, "2026-07-03 08:00", NULL, n);            /* TS2026-00001, the merge target */
	add(f, "2026-07-03 09:15", NULL, n);
	at(f, "2026-07-03 10:00");
	for (size_t st = 0; st < sizeof steps / sizeof steps[0]; st++) {
		struct case_record r;
		if (steps[st][1]) {
			int a = case_action_find(steps[st][1]);
			const char *v[ACTION_MAX_PARAMS];
			char hold[4][64];
			size_t k = 0;
			while (tries[k].a != (enum case_action)a)
				k++;
			try_values(k, v, hold);
			if (a == CA_TRANSFER)
				v[0] = "NURSING", v[1] = NULL;
			if (a == CA_APPROVE)
				f->ctx.actor = approver(f, n);
			OK(case_act(&f->ctx, a, n, 0, v, NULL, &err_));
			f->ctx.actor = "clerk";
		}
		r = get(f, n);
		assert_string_equal(status_code(r.status), steps[st][0]);
		for (size_t k = 0; k < ntries; k++) {
			const struct case_action_def *d = case_action_get(tries[k].a);
			struct action_args args;
			struct err e1 = { 0 }, e2 = { 0 };
			const char *v[ACTION_MAX_PARAMS];
			char hold[4][64];
			int allowed, rc;
			try_values(k, v, hold);
			OK(case_action_parse(&f->ctx, d, v, &args, &err_));
			allowed = d->allowed(&r, &args, &e1);
			assert_int_equal(store_bulk_begin(f->st, &err), 0);
			if (tries[k].a == CA_APPROVE || tries[k].a == CA_REFUSE)
				f->ctx.actor = approver(f, n);
			rc = case_act(&f->ctx, tries[k].a, n, 0, v, NULL, &e2);
			f->ctx.actor = "clerk";
			if (rc == 0)
				check_note(f, d, v);
			store_bulk_rollback(f->st);
			if ((allowed == 0) != (rc != ERR_STATE))
				fail_msg("%s in %s: allowed says %d (%s), the action %d (%s)", d->code,
					 steps[st][0], allowed, e1.msg, rc, e2.msg);
			if (allowed)
				assert_string_equal(e1.msg, e2.msg);
			/* The menu's question (no values) is yes when any variant is. */
			if (!allowed)
				assert_int_equal(case_allowed(&r, tries[k].a, &e1), 0);
			covered[tries[k].a] = true;
			checked++;
		}
		case_record_free(&r);
	}
	for (int a = 0; a < CA__COUNT; a++)
		if (!covered[a])
			fail_msg("action %s is not in the matrix", case_action_get(a)->code);
	assert_int_equal(checked, (int)(sizeof steps / sizeof steps[0] * ntries));
	assert_int_equal(case_allowed(&(struct case_record){ 0 }, CA__COUNT, &err), ERR_USAGE);
}

/* A safety case's acknowledge: allowed while the risk waits, refused by
 * allowed (the menu's question) with apply's own words once acknowledged. */
static void test_acknowledge_allowed_once(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	struct err e1 = { 0 }, e2 = { 0 };
	const char *none[ACTION_MAX_PARAMS] = { NULL };
	char n[32], *sql;

	add(f, "2026-07-03 09:15", NULL, n);
	sql = xasprintf("UPDATE cases SET flags = flags | %d WHERE number = '%s'", FLAG_SAFETY, n);
	assert_int_equal(sqlite3_exec(store_db(f->st), sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	at(f, "2026-07-03 10:00");
	r = get(f, n);
	assert_true(r.alert_read);
	assert_true(r.alert_pending);
	assert_int_equal(case_allowed(&r, CA_ACKNOWLEDGE, &e1), 0);
	case_record_free(&r);
	OK(case_act(&f->ctx, CA_ACKNOWLEDGE, n, 0, none, NULL, &err_));
	r = get(f, n);
	assert_true(r.alert_read);
	assert_false(r.alert_pending);
	assert_int_equal(case_allowed(&r, CA_ACKNOWLEDGE, &e1), ERR_STATE);
	assert_int_equal(case_act(&f->ctx, CA_ACKNOWLEDGE, n, 0, none, NULL, &e2), ERR_STATE);
	assert_string_equal(e1.msg, e2.msg);
	assert_non_null(strstr(e1.msg, "already acknowledged"));
	case_record_free(&r);
	/* Read without its details, the record does not know: allowed lets
	 * apply decide. */
	assert_int_equal(case_get(f->st, n, false, &r, &e1), 0);
	assert_false(r.alert_read);
	assert_int_equal(case_allowed(&r, CA_ACKNOWLEDGE, &e1), 0);
	case_record_free(&r);
}

/* The deadline basis of an add (the hashes of the rules and holiday files)
 * is asked for before the write lock is taken: hashing the files inside
 * the transaction kept every other writer waiting (issue 13). */
static struct store *basis_store;
static int basis_calls, basis_in_tx;

static const char *basis_get(void *arg)
{
	(void)arg;
	basis_calls++;
	if (!sqlite3_get_autocommit(store_db(basis_store)))
		basis_in_tx++;
	return "{\"rules.ini\":\"ab\"}";
}

static void test_add_basis_before_lock(void **state)
{
	struct testutil_fx *f = *state;
	char n1[32];

	basis_store = f->st;
	basis_calls = basis_in_tx = 0;
	f->ctx.deadline_basis = NULL;
	f->ctx.deadline_basis_get = basis_get;
	add(f, "2026-07-03 09:15", NULL, n1);
	assert_int_equal(basis_calls, 1);
	assert_int_equal(basis_in_tx, 0);
	/* and it is recorded on the add's event, as before */
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE action = 'add' AND "
			      "json_extract(after, '$.deadline_basis.\"rules.ini\"') = 'ab'"), 1);
	f->ctx.deadline_basis_get = NULL;
}

TESTUTIL_MAIN(data_setup, data_teardown,
	      TESTUTIL_FX_TEST(test_add_basis_before_lock),
	      TESTUTIL_FX_TEST(test_add_numbering_and_fields),
	      TESTUTIL_FX_TEST(test_add_refusals),
	      TESTUTIL_FX_TEST(test_life_happy_path),
	      TESTUTIL_FX_TEST(test_refusals_by_state),
	      TESTUTIL_FX_TEST(test_on_spot_unreasonable_reject_merge),
	      TESTUTIL_FX_TEST(test_return_reroutes),
	      TESTUTIL_FX_TEST(test_unsatisfied_rounds_and_escalation),
	      TESTUTIL_FX_TEST(test_pause_resume_moves_running_deadlines),
	      TESTUTIL_FX_TEST(test_reclass_recomputes_unless_met),
	      TESTUTIL_FX_TEST(test_reopen_and_review),
	      TESTUTIL_FX_TEST(test_simple_case_office_drafts),
	      TESTUTIL_FX_TEST(test_allowed_agrees_with_actions),
	      TESTUTIL_FX_TEST(test_acknowledge_allowed_once))
