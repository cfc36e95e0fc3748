/* Common includes for the cmocka unit tests. */
#ifndef CDESK_TESTUTIL_H
#define CDESK_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#ifndef CDESK_SRCDIR
#define CDESK_SRCDIR "."
#endif
/* A path in the source tree, e.g. SRC("data/rules.ini"). */
#define SRC(p) CDESK_SRCDIR "/" p

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/cases.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/text.h"
#include "core/users.h"

#include <sqlite3.h>

/* The settings, two departments, a category and the four classes: the
 * head of a small rules file a test writes, before its own [rule:…]. */
#define TESTUTIL_RULES_HEAD                                                          \
	"[settings]\ndefault_dept = COMPLAINT\ndefault_category = other\ncutoff = 17:30\n" \
	"claim_threshold_yuan = 10000\nduplicate_days = 30\nreview_days = 10\n"           \
	"[dept:complaint]\nname_zh = 投诉科\n[dept:nursing]\nname_zh = 护理部\n"            \
	"[category:other]\nname_zh = 其他\n"                                               \
	"[class:simple]\nreply_days = 0\nfeedback_days = 0\napproval = office_head\n"     \
	"[class:general]\nreply_days = 5\nfeedback_days = 3\napproval = supervisor\n"     \
	"[class:important]\nreply_days = 10\nfeedback_days = 7\napproval = supervisor\n"  \
	"[class:emergency]\nhours = 2\nfeedback_hours = 2\napproval = office_head\n"

/* The number of rows of a table. */
#define N_ROWS(a) (sizeof (a) / sizeof (a)[0])

/* Whether the rule named rule is among the reasons of suggestion s. */
static inline bool testutil_fired(const struct rule_suggestion *s, const char *rule)
{
	for (int i = 0; i < s->nreasons; i++)
		if (strcmp(s->reasons[i].rule, rule) == 0)
			return true;
	return false;
}

/* A group setup for tests that measure text: the UTF-8 locale, or the
 * group fails. */
static inline int testutil_setup_locale(void **state)
{
	(void)state;
	return text_init_locale() ? 0 : -1;
}

/* Loads the shipped rules and holiday calendar (for a group setup), either
 * left out when its pointer is NULL; prints why and returns -1 when either
 * is refused. */
static inline int testutil_load_data(struct ruleset **rules, struct calendar **cal)
{
	struct err err = { 0 };

	if ((rules && rules_load(SRC("data/rules.ini"), rules, &err)) ||
	    (cal && calendar_load_dir(SRC("data/holidays"), cal, &err))) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/*
 * Registers the users a fixture acts as (SPEC §9), each "login:role" or
 * "login:handler:DEPT,DEPT", the list ending in NULL; -1 on failure.
 */
static inline int testutil_vusers(struct store *st, va_list ap)
{
	struct case_ctx ctx = { .st = st, .actor = "fixture" };
	struct err err = { 0 };
	const char *spec;
	int rc = 0;

	while (!rc && (spec = va_arg(ap, const char *))) {
		char login[64], role[32], depts[128] = "";
		if (sscanf(spec, "%63[^:]:%31[^:]:%127s", login, role, depts) < 2 ||
		    vocab_parse(&vocab_user_role, role) < 0 ||
		    users_seed(&ctx, login, (enum user_role)vocab_parse(&vocab_user_role, role),
			       depts[0] ? depts : NULL, NULL, &err)) {
			fprintf(stderr, "fixture: user %s: %s\n", spec, err.msg);
			rc = -1;
		}
	}
	return rc;
}

static inline int testutil_users(struct store *st, ...)
{
	va_list ap;
	int rc;

	va_start(ap, st);
	rc = testutil_vusers(st, ap);
	va_end(ap);
	return rc;
}

static inline void testutil_free_data(struct ruleset *rules, struct calendar *cal)
{
	rules_free(rules);
	calendar_free(cal);
}

/* The first column of the first row of sql (a count, a PRAGMA), or -1. */
static inline int64_t testutil_count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* A new file at path as the given schema version of cdesk made it: opened
 * raw and migrated that far, failing the test when refused. */
static inline struct store *testutil_store_at(const char *path, int version)
{
	struct store *st;
	struct err err = { 0 };

	if (store_open_raw(path, &st, &err) || store_migrate(st, version, &err))
		fail_msg("store at version %d: %s", version, err.msg);
	return st;
}

/* A date-time as typed, for fixtures; fails the test on a typo. */
static inline struct cdatetime testutil_time(const char *s)
{
	struct cdatetime t;
	struct err err;

	if (datetime_parse(s, &t, &err))
		fail_msg("bad time %s", s);
	return t;
}

/* Adds a plain complaint by visit from 张三 (with phone, unless NULL; text
 * NULL: a nurse's manner), failing the test when refused; its number in
 * num[32]. */
static inline void testutil_add_case(const struct case_ctx *ctx, const char *phone,
				     const char *text, char *num)
{
	struct case_input in;
	struct case_record r;
	struct err err = { 0 };

	case_input_init(&in);
	in.channel = CHANNEL_VISIT;
	in.name = "张三";
	in.phone = phone;
	in.text = text ? text : "护士态度很差，输液时打针多次失败";
	if (case_add(ctx, &in, &r, &err))
		fail_msg("add: %s", err.msg);
	snprintf(num, 32, "%s", r.number);
	case_record_free(&r);
}

/* A case context on a fresh :memory: store with the given rules and
 * calendar, numbering "TS", now 2026-11-20 12:00, acting at
 * 2026-07-03 09:15; the caller registers its users and sets the actor.
 * NULL when the store does not open. */
struct testutil_fx {
	struct store *st;
	struct case_ctx ctx;
};

static inline struct testutil_fx *testutil_fx_open(struct ruleset *rules, struct calendar *cal)
{
	struct testutil_fx *f = calloc(1, sizeof *f);
	struct err err = { 0 };

	if (!f || store_open(":memory:", true, &f->st, &err)) {
		fprintf(stderr, "fixture: %s\n", f ? err.msg : "out of memory");
		free(f);
		return NULL;
	}
	f->ctx.st = f->st;
	f->ctx.rules = rules;
	f->ctx.cal = cal;
	f->ctx.prefix = "TS";
	f->ctx.now = testutil_time("2026-11-20 12:00");
	f->ctx.at = testutil_time("2026-07-03 09:15");
	return f;
}

/* A test teardown for a testutil_fx in *state. */
static inline int testutil_fx_teardown(void **state)
{
	struct testutil_fx *f = *state;

	store_close(f->st);
	free(f);
	return 0;
}

/* A test run on a fresh testutil_fx: the file's setup (which opens one
 * with testutil_fx_open) and testutil_fx_teardown. */
#define TESTUTIL_FX_TEST(f) cmocka_unit_test_setup_teardown(f, setup, testutil_fx_teardown)

/* A group setup and teardown (NAME_setup, NAME_teardown) loading the shipped
 * rules and calendar into the file's statics rules and cal. */
#define TESTUTIL_DATA_GROUP(name)                                                 \
	static int name##_setup(void **state)                                      \
	{                                                                          \
		(void)state;                                                       \
		return testutil_load_data(&rules, &cal);                           \
	}                                                                          \
	static int name##_teardown(void **state)                                   \
	{                                                                          \
		(void)state;                                                       \
		testutil_free_data(rules, cal);                                    \
		return 0;                                                          \
	}

/* A test setup: a fresh testutil_fx in *state with the users given (as for
 * testutil_users, the list ending in NULL), acting as actor; -1 on failure. */
static inline int testutil_fx_setup(void **state, struct ruleset *rules, struct calendar *cal,
				    const char *actor, ...)
{
	struct testutil_fx *f = testutil_fx_open(rules, cal);
	va_list ap;
	int rc;

	if (!f)
		return -1;
	va_start(ap, actor);
	rc = testutil_vusers(f->st, ap);
	va_end(ap);
	if (rc) {
		testutil_fx_teardown((void **)&f);
		return -1;
	}
	f->ctx.actor = actor;
	*state = f;
	return 0;
}

/* Collects the problems a checker reports through its callback: how many,
 * and the last message (pass testutil_on_problem and a struct
 * testutil_problems as its argument). */
struct testutil_problems {
	int n;
	char last[600];
};

static inline void testutil_on_problem(const char *msg, void *arg)
{
	struct testutil_problems *p = arg;

	p->n++;
	snprintf(p->last, sizeof p->last, "%s", msg);
}

/* A new directory /tmp/cdesk-test-TAG-XXXXXX into dir (at least 64
 * bytes); 0, or -1 when it cannot be made. */
static inline int testutil_mkdtemp(char *dir, size_t size, const char *tag)
{
	snprintf(dir, size, "/tmp/cdesk-test-%s-XXXXXX", tag);
	return mkdtemp(dir) ? 0 : -1;
}

/* Removes dir and all in it; 0, or -1 (said on stderr) when it cannot. */
static inline int testutil_rmtree(const char *dir)
{
	char cmd[320];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "could not remove %s\n", dir);
		return -1;
	}
	return 0;
}

/* The file's static tmpdir and a group setup and teardown (setup_dir,
 * teardown_dir) that make it anew (testutil_mkdtemp with tag) and remove
 * it with all in it. */
#define TESTUTIL_TMPDIR_GROUP(tag)                                                 \
	static char tmpdir[256];                                                   \
	static int setup_dir(void **state)                                         \
	{                                                                          \
		(void)state;                                                       \
		return testutil_mkdtemp(tmpdir, sizeof tmpdir, tag);               \
	}                                                                          \
	static int teardown_dir(void **state)                                      \
	{                                                                          \
		(void)state;                                                       \
		testutil_rmtree(tmpdir);                                           \
		return 0;                                                          \
	}

/* The fixture of a file whose tests act on a fresh store: the statics rules
 * and cal loaded by the group setup data_setup (and data_teardown), and the
 * test setup `setup` (testutil_fx_setup acting as actor with the users
 * listed after it). */
#define TESTUTIL_FX_FILE(actor, ...)                                               \
	static struct ruleset *rules;                                              \
	static struct calendar *cal;                                               \
	TESTUTIL_DATA_GROUP(data)                                                  \
	static int setup(void **state)                                             \
	{                                                                          \
		return testutil_fx_setup(state, rules, cal, actor, __VA_ARGS__, NULL); \
	}

/* call is refused with code, and the message it leaves in err (a struct
 * err) contains needle. */
#define assert_refused(call, code, err, needle)                                    \
	do {                                                                       \
		assert_int_equal((call), (code));                                  \
		assert_non_null(strstr((err).msg, (needle)));                      \
	} while (0)

/* The main of a test file: runs the tests listed after the group's setup
 * and teardown (each may be NULL) as one cmocka group. */
#define TESTUTIL_MAIN(group_setup, group_teardown, ...)                            \
	int main(void)                                                             \
	{                                                                          \
		const struct CMUnitTest tests[] = { __VA_ARGS__ };                 \
		return cmocka_run_group_tests(tests, group_setup, group_teardown); \
	}
#endif
