/* Unit tests of the users and the role matrix: registration, refusals by role, the approval chain's separation of duties, migration. */
#include "testutil.h"

#include "core/actions.h"
#include "core/util.h"

#include <string.h>
#include <unistd.h>

TESTUTIL_FX_FILE("adm", "adm:admin", "clk:clerk", "off:officer", "off2:officer",
		 "nur:handler:NURSING", "med:handler:MEDICAL", "sup:supervisor", "sup2:supervisor",
		 "hof:handler:OFFICE")

#define T testutil_time

#define OK(call) do { struct err err_ = { 0 }; int rc_ = (call); \
	if (rc_) fail_msg("%s: %d %s", #call, rc_, err_.msg); } while (0)
#define AS(f, who, code, call) do { struct err err_ = { 0 }; int rc_; \
	(f)->ctx.actor = (who); rc_ = (call); (f)->ctx.actor = "adm"; \
	if (rc_ != (code)) fail_msg("%s as %s: %d (expected %d) %s", #call, who, rc_, code, err_.msg); \
	} while (0)

static void add(struct testutil_fx *f, char *num)
{
	testutil_add_case(&f->ctx, NULL, NULL, num);
}

/* Every key has a row; the limits name a role the row allows; the admin is
 * no approver; the handler may only its departments' steps and reading. */
static void test_matrix_shape(void **state)
{
	(void)state;
	for (int a = 0; a < CA__KEYS; a++) {
		const struct role_grant *g = &case_role_matrix[a];
		assert_non_null(case_action_key(a));
		assert_int_equal(case_action_key_find(case_action_key(a)), a);
		if (g->by_chain) {
			assert_int_equal(g->roles, 0);
			continue;
		}
		if (g->roles == 0)
			fail_msg("%s: nobody may do it", case_action_key(a));
		if (g->limit != RL_NONE) {
			assert_true(g->roles & (1u << g->limited_role));
			assert_non_null(g->why);
		}
		if ((g->roles & (1u << USER_HANDLER)) && a != CA_RETURN && a != CA_FEEDBACK &&
		    a != CA_DRAFT && a != CA_SHOW && a != CA_LIST && a != CA_SEARCH)
			fail_msg("%s: a handler may do it", case_action_key(a));
	}
	assert_true(case_role_matrix[CA_APPROVE].by_chain && case_role_matrix[CA_REFUSE].by_chain);
	assert_int_equal(case_action_key_find("nosuch"), -1);
	assert_null(case_action_key(CA__KEYS));
}

/* cases_permit by string key, for every role: allowed or ERR_PERM naming the key. */
static void test_permit_by_key(void **state)
{
	struct testutil_fx *f = *state;
	static const struct { const char *key; const char *allowed; } rows[] = {
		{ "add", "adm clk off" }, { "list", "adm clk off nur sup" },
		{ "search", "adm clk off nur sup" }, { "import", "adm" },
		{ "export", "adm off sup" }, { "recompute", "adm" }, { "user", "adm" },
		{ "backup", "adm" }, { "report", "adm off sup" }, { "print", "adm clk off sup" },
		{ "transfer", "adm off" }, { "reply", "adm off" }, { "correct", "adm off" },
		{ "contact", "adm clk off" },
	};
	static const char *const who[] = { "adm", "clk", "off", "nur", "sup" };

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		for (size_t k = 0; k < sizeof who / sizeof who[0]; k++) {
			struct err err = { 0 };
			char w[8];
			int want, rc;
			snprintf(w, sizeof w, "%s", who[k]);
			want = strstr(rows[i].allowed, w) ? 0 : ERR_PERM;
			f->ctx.actor = who[k];
			rc = cases_permit(&f->ctx, (enum case_action)case_action_key_find(rows[i].key), NULL, &err);
			if (rc != want)
				fail_msg("%s by %s: %d, expected %d (%s)", rows[i].key, who[k], rc, want,
					 err.msg);
			if (rc && strncmp(err.msg, rows[i].key, strlen(rows[i].key)) != 0)
				fail_msg("%s by %s: the refusal does not name it: %s", rows[i].key,
					 who[k], err.msg);
		}
	f->ctx.actor = "stranger";
	{
		struct err err = { 0 };
		assert_int_equal(cases_permit(&f->ctx, CA_LIST, NULL, &err), ERR_PERM);
		assert_non_null(strstr(err.msg, "ask an administrator (adm)"));
	}
}

/* The chain of a general case: officer drafts; never its own approval; a
 * supervisor may not fill the officer's step; one login not two steps. */
static void test_separation_of_duties(void **state)
{
	struct testutil_fx *f = *state;
	char n[32];

	add(f, n);
	OK(case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err_));
	AS(f, "med", ERR_PERM, case_feedback(&f->ctx, n, "NURSING", "越权", &err_));
	AS(f, "nur", 0, case_feedback(&f->ctx, n, "NURSING", "已调查", &err_));
	AS(f, "clk", ERR_PERM, case_draft(&f->ctx, n, "稿", &err_));
	AS(f, "off", 0, case_draft(&f->ctx, n, "稿", &err_));
	AS(f, "off", ERR_PERM, case_approve(&f->ctx, n, false, NULL, &err_));   /* its author */
	AS(f, "sup", ERR_PERM, case_approve(&f->ctx, n, false, NULL, &err_));   /* step 1 is an officer's */
	AS(f, "adm", ERR_PERM, case_approve(&f->ctx, n, false, NULL, &err_));
	AS(f, "off2", 0, case_approve(&f->ctx, n, false, NULL, &err_));
	AS(f, "off2", ERR_PERM, case_approve(&f->ctx, n, false, NULL, &err_));  /* wrong role and a second step */
	AS(f, "sup", 0, case_approve(&f->ctx, n, false, NULL, &err_));
	AS(f, "clk", ERR_PERM, case_reply(&f->ctx, n, REPLY_PHONE, NULL, &err_));
	AS(f, "off", 0, case_reply(&f->ctx, n, REPLY_PHONE, NULL, &err_));
	AS(f, "nur", 0, cases_permit(&f->ctx, CA_SHOW, NULL, &err_));
}

/* A clerk closes only on the spot; the TUI's menu offers the same. */
static void test_clerk_on_spot(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	struct err err = { 0 };
	char n[32];

	add(f, n);
	OK(case_get(f->st, n, true, &r, &err_));
	f->ctx.actor = "clk";
	assert_int_equal(case_offered(&f->ctx, &r, CA_CLOSE, &err), 0);
	assert_int_equal(case_offered(&f->ctx, &r, CA_TRANSFER, &err), ERR_PERM);
	f->ctx.actor = "nur";
	assert_int_equal(case_offered(&f->ctx, &r, CA_FEEDBACK, &err), ERR_PERM);
	f->ctx.actor = "adm";
	case_record_free(&r);
	AS(f, "clk", ERR_PERM, case_close(&f->ctx, n, FINDING_NOT, CLOSE_SATISFIED, 0, NULL, &err_));
	AS(f, "clk", 0, case_close(&f->ctx, n, FINDING_NOT, CLOSE_ON_SPOT, 0, NULL, &err_));
}

/* Users: only an admin changes them, each change a database-level event; the last admin stays. */
static void test_users_and_events(void **state)
{
	struct testutil_fx *f = *state;
	const char *depts[] = { "护理部" };
	struct user u;
	struct err err = { 0 };

	AS(f, "clk", ERR_PERM, users_add(&f->ctx, "x", USER_CLERK, NULL, 0, NULL, &err_));
	OK(users_add(&f->ctx, "x", USER_HANDLER, depts, 1, "李", &err_));
	OK(users_get(f->st, "x", &u, &err_));
	assert_int_equal(u.role, USER_HANDLER);
	assert_string_equal(u.depts[0], "NURSING");
	assert_int_equal(users_add(&f->ctx, "x", USER_CLERK, NULL, 0, NULL, &err), ERR_CONFLICT);
	assert_int_equal(users_add(&f->ctx, "y", USER_HANDLER, NULL, 0, NULL, &err), ERR_USAGE);
	OK(users_disable(&f->ctx, "x", &err_));
	f->ctx.actor = "x";
	assert_int_equal(cases_permit(&f->ctx, CA_LIST, NULL, &err), ERR_PERM);
	f->ctx.actor = "adm";
	assert_int_equal(users_set_role(&f->ctx, "adm", USER_CLERK, NULL, 0, &err), ERR_CONFLICT);
	assert_int_equal(users_bootstrap(&f->ctx, NULL, NULL, &err), ERR_CONFLICT);
	{
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) FROM events "
						    "WHERE case_id IS NULL AND action LIKE 'user-%'",
						    -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 9 + 2);   /* the fixture's and two changes */
		sqlite3_finalize(s);
	}
	assert_int_equal(store_check(f->st, NULL, &err), 0);
}

/* A version 3 database migrates to 4 with an empty users table. */
static void test_migration(void **state)
{
	struct store *st;
	struct err err = { 0 };
	char path[] = "/tmp/cdesk-users-XXXXXX";
	int fd = mkstemp(path);
	sqlite3_stmt *s;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	st = testutil_store_at(path, 3);
	store_close(st);
	assert_int_equal(store_open(path, false, &st, &err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM users", -1, &s,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0);
	sqlite3_finalize(s);
	store_close(st);
	unlink(path);
}

TESTUTIL_MAIN(data_setup, data_teardown,
	      cmocka_unit_test(test_matrix_shape),
	      TESTUTIL_FX_TEST(test_permit_by_key),
	      TESTUTIL_FX_TEST(test_separation_of_duties),
	      TESTUTIL_FX_TEST(test_clerk_on_spot),
	      TESTUTIL_FX_TEST(test_users_and_events),
	      cmocka_unit_test(test_migration))
