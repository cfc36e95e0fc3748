/* Unit tests of the audit (core/audit.h): the replay of sparse events, the
 * anchor's form, and when a step is a late entry. */
#include "testutil.h"

#define T testutil_time

#include "core/audit.h"
#include "core/util.h"

#include <jansson.h>
#include <string.h>

TESTUTIL_FX_FILE("clerk", "clerk:admin")

static void sql(struct testutil_fx *f, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(f->st), q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
}

static long replay(struct testutil_fx *f, struct testutil_problems *fd)
{
	struct err err = { 0 };
	long cases = 0, bad = -1;

	memset(fd, 0, sizeof *fd);
	assert_int_equal(audit_replay(f->st, &cases, &bad, testutil_on_problem, fd, &err), 0);
	return bad;
}

/* Rewrites the add event to hold only its non-null fields, as a log that
 * stores only what is set would. */
static void sparsen_add(struct testutil_fx *f)
{
	sqlite3_stmt *s;
	json_t *o;
	char *dump;
	void *it;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT after FROM events WHERE "
					    "action = 'add'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	o = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
	sqlite3_finalize(s);
	assert_non_null(o);
	for (it = json_object_iter(o); it;) {
		const char *k = json_object_iter_key(it);
		json_t *v = json_object_iter_value(it);
		it = json_object_iter_next(o, it);
		if (json_is_null(v))
			json_object_del(o, k);
	}
	dump = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	sql(f, "DROP TRIGGER events_no_update");
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "UPDATE events SET after = ? WHERE "
					    "action = 'add'", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, dump, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	free(dump);
}

static void test_replay_sparse_events(void **state)
{
	struct testutil_fx *f = *state;
	struct testutil_problems fd;
	struct err err = { 0 };
	char num[32];

	f->ctx.at = T("2026-07-03 09:15");
	testutil_add_case(&f->ctx, "13800000000", "护士态度很差", num);
	f->ctx.at = T("2026-07-03 10:00");
	assert_int_equal(case_transfer(&f->ctx, num, "NURSING", NULL, 0, NULL, &err), 0);
	assert_int_equal(replay(f, &fd), 0);
	/* the add event's missing fields are null, a later event's unchanged */
	sparsen_add(f);
	assert_int_equal(replay(f, &fd), 0);
	assert_int_equal(fd.n, 0);
	/* an edit of the row behind cdesk's back, a null field set */
	sql(f, "UPDATE cases SET staff = '李医生'");
	assert_int_equal(replay(f, &fd), 1);
	assert_non_null(strstr(fd.last, num));
	assert_non_null(strstr(fd.last, "staff is not what its events say"));
	assert_null(strstr(fd.last, "李医生"));
	/* a row with no event at all */
	sql(f, "UPDATE cases SET staff = NULL");
	assert_int_equal(replay(f, &fd), 0);
	sql(f, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE case_id IS NOT NULL");
	assert_int_equal(replay(f, &fd), 1);
	assert_non_null(strstr(fd.last, "has no events"));
}

static void test_anchor_form(void **state)
{
	struct err err = { 0 };
	const char *full = "7:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	(void)state;
	assert_int_equal(audit_anchor(NULL, full, &err), 0);
	assert_int_equal(audit_anchor(NULL, "7:9F86D081884C", &err), 0);
	assert_int_equal(audit_anchor(NULL, "7:9f86d081884", &err), ERR_USAGE);
	assert_int_equal(audit_anchor(NULL, "0:9f86d081884c", &err), ERR_USAGE);
	assert_int_equal(audit_anchor(NULL, "x:9f86d081884c", &err), ERR_USAGE);
	assert_int_equal(audit_anchor(NULL, "7:9f86d081884g", &err), ERR_USAGE);
	assert_int_equal(audit_anchor(NULL, "9f86d081884c", &err), ERR_USAGE);
	assert_int_equal(audit_anchor(NULL, NULL, &err), ERR_USAGE);
}

static void test_late_entry(void **state)
{
	struct case_ctx c = { 0 };

	(void)state;
	c.now = T("2026-11-20 12:00");
	c.at = T("2026-11-20 11:49");
	assert_false(cases_late_entry(&c));         /* --at not given: the clock's */
	c.at_fixed = true;
	assert_true(cases_late_entry(&c));          /* 11 minutes > the default 10 */
	c.at = T("2026-11-20 11:50");
	assert_false(cases_late_entry(&c));         /* 10 minutes: within */
	c.at = T("2026-11-19 23:59");
	assert_true(cases_late_entry(&c));          /* across midnight */
	c.late_margin = 24 * 60;
	assert_false(cases_late_entry(&c));
	assert_int_equal(cases_late_margin(&c), 1440);
}

TESTUTIL_MAIN(data_setup, data_teardown,
	      TESTUTIL_FX_TEST(test_replay_sparse_events),
	      cmocka_unit_test(test_anchor_form),
	      cmocka_unit_test(test_late_entry))
