/* The fixture of the case tests (tests/unit/test_cases.c, tests/unit/test_cases_find.c):
 * the users, the shortcuts to add, read and step a case, and the REFUSED and OK
 * checks. Static inline: each test file uses a part. */
#ifndef CDESK_CASES_FIXTURE_H
#define CDESK_CASES_FIXTURE_H

#include "testutil.h"

#define T testutil_time

#include "core/actions.h"
#include "core/util.h"

#include <string.h>

/* "clerk" is the admin, who may take every step but the approvals. */
TESTUTIL_FX_FILE("clerk", "clerk:admin", "officer:officer", "proofreader:officer",
		 "supervisor:supervisor", "office1:handler:OFFICE")

static inline int64_t count(struct testutil_fx *f, const char *sql)
{
	return testutil_count(f->st, sql);
}

/* A plain complaint; returns its number in num[32]. */
static inline void add(struct testutil_fx *f, const char *when, const char *text, char *num)
{
	f->ctx.at = T(when);
	testutil_add_case(&f->ctx, "13800000000", text, num);
}

static inline struct case_record get(struct testutil_fx *f, const char *num)
{
	struct case_record r;
	struct err err = { 0 };
	if (case_get(f->st, num, true, &r, &err))
		fail_msg("get %s: %s", num, err.msg);
	return r;
}

static inline enum case_status status_of(struct testutil_fx *f, const char *num)
{
	struct case_record r = get(f, num);
	enum case_status s = r.status;
	case_record_free(&r);
	return s;
}

/* num's due day as text, in d[11]. */
static inline const char *due_of(struct testutil_fx *f, const char *num, char *d)
{
	struct case_record r = get(f, num);
	date_format(r.due.day, d);
	case_record_free(&r);
	return d;
}

/* The login that fills the next step of num's chain (or, with nothing to
 * approve, a supervisor): the separation of duties of SPEC §9. */
static inline const char *approver(struct testutil_fx *f, const char *num)
{
	struct case_record r = get(f, num);
	const struct case_draft *d = NULL;
	const char *const *steps;
	const char *who = "supervisor", *need;
	int n = rules_approval_chain(rules, r.hclass, &steps), k = 0;

	for (int i = 0; i < r.ndrafts; i++)
		if (r.drafts[i].state == DRAFT_PENDING)
			d = &r.drafts[i];
	for (int i = 0; d && i < d->napprovals; i++)
		k += d->approvals[i].approved;
	if (d && k < n) {
		need = rules_approver(rules, steps[k]);
		who = strcmp(need, "officer") == 0 ? "proofreader" : strncmp(need, "handler", 7) == 0
		      ? "office1" : "supervisor";
	}
	case_record_free(&r);
	return who;
}

/* Approves (or sends back) num as the next step's approver, then acts as "clerk" again. */
static inline int approve_as_next(struct testutil_fx *f, const char *num, bool refuse,
				  const char *note, struct err *err)
{
	int rc;

	f->ctx.actor = approver(f, num);
	rc = case_approve(&f->ctx, num, refuse, note, err);
	f->ctx.actor = "clerk";
	return rc;
}

static inline void at(struct testutil_fx *f, const char *when)
{
	f->ctx.at = T(when);
}

/* Asserts that an action failed with code and left no trace. */
#define REFUSED(f, code, call) do { \
	int64_t ev_ = count(f, "SELECT count(*) FROM events"); \
	int64_t ver_ = count(f, "SELECT coalesce(sum(version), 0) FROM cases"); \
	int64_t tr_ = count(f, "SELECT count(*) || '' || coalesce(sum(length(state)), 0) FROM transfers"); \
	struct err err_ = { 0 }; \
	int rc_ = (call); \
	(void)err_; \
	if (rc_ != (code)) fail_msg("%s: expected %d, got %d", #call, code, rc_); \
	assert_int_equal(count(f, "SELECT count(*) FROM events"), ev_); \
	assert_int_equal(count(f, "SELECT coalesce(sum(version), 0) FROM cases"), ver_); \
	assert_int_equal(count(f, "SELECT count(*) || '' || coalesce(sum(length(state)), 0) FROM transfers"), tr_); \
} while (0)

#define OK(call) do { struct err err_ = { 0 }; int rc_ = (call); \
	if (rc_) fail_msg("%s: %d %s", #call, rc_, err_.msg); } while (0)

/* Routes, gets feedback, drafts, approves along the chain, replies. */
static inline void walk_to_replied(struct testutil_fx *f, const char *n, const char *day)
{
	char t[32];
	snprintf(t, sizeof t, "%s 10:00", day);
	at(f, t);
	OK(case_transfer(&f->ctx, n, "NURSING", NULL, 0, NULL, &err_));
	snprintf(t, sizeof t, "%s 11:00", day);
	at(f, t);
	OK(case_feedback(&f->ctx, n, "NURSING", "已调查核实", &err_));
	OK(case_draft(&f->ctx, n, "您好，经调查……", &err_));
	OK(approve_as_next(f, n, false, NULL, &err_));
	OK(approve_as_next(f, n, false, NULL, &err_));
	snprintf(t, sizeof t, "%s 15:00", day);
	at(f, t);
	OK(case_reply(&f->ctx, n, REPLY_LETTER, NULL, &err_));
}

#endif
