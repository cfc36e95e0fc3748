/* The walked path of the demo: a case taken through its life by the real case actions (transfer, feedback, draft, approve, reply, callback, close, ...). */
#include "core/cases.h"
#include "core/demo.h"
#include "demo_run.h"
#include "cases_db.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* The login behind an approval-chain role of rules.ini. */
const char *demo_role_actor(const char *role)
{
	static const struct { const char *role, *actor; } map[] = {
		{ "office_head", "wanghong" }, { "supervisor", "zhaoming" },
		{ "office", "sunli" }, { "hospital_office", "office02" },
		{ "department", "dept01" }, { "functional_office", "yiwu01" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].role, role) == 0)
			return map[i].actor;
	return role;
}

static int64_t secs_of(struct cdatetime t)
{
	return (int64_t)t.day * 86400 + t.sec;
}

static struct cdatetime time_of(int64_t s)
{
	struct cdatetime t;

	t.day = (cdate)(s / 86400);
	t.sec = (int32_t)(s % 86400);
	return t;
}

/* k increasing times in (from, to]: in office hours over working days when
 * the window is longer than a day, else spread over the window itself. */
static void spread(struct demo_run *d, struct cdatetime from, struct cdatetime to, int k,
		   struct cdatetime *out)
{
	int64_t a = secs_of(from), b = secs_of(to);
	int days = calendar_working_days_between(d->cal, from.day, to.day);

	if (b <= a + 60 * k)
		b = a + 60 * k + 60;
	if (days >= 2) {
		int offs[16];
		assert(k <= COUNT(offs));
		for (int i = 0; i < k; i++)
			offs[i] = rnd(d, days) + 1;     /* working days 1..days after from */
		for (int i = 1; i < k; i++)           /* insertion sort, k is tiny */
			for (int j = i; j > 0 && offs[j] < offs[j - 1]; j--) {
				int x = offs[j];
				offs[j] = offs[j - 1];
				offs[j - 1] = x;
			}
		for (int i = 0; i < k; i++) {
			struct cdatetime u;
			u.day = calendar_add_working_days(d->cal, from.day, offs[i]);
			u.sec = 8 * 3600 + 1800 + rnd(d, 7 * 3600);
			if (i && datetime_cmp(u, out[i - 1]) <= 0)
				u = datetime_add_seconds(out[i - 1], 300 + rnd(d, 3600));
			if (u.day == to.day && u.sec > to.sec && to.sec > 0)
				u.sec = to.sec - (k - i) * 60 > 0 ? to.sec - (k - i) * 60 : u.sec;
			out[i] = u;
		}
		return;
	}
	/* A short window: one step after another, minutes apart, so that work
	 * begun in office hours stays there instead of running into the night. */
	{
		int64_t room = (b - a) / (k + 1), prev = a;
		for (int i = 0; i < k; i++) {
			int64_t step = 600 + rnd(d, 3000);
			if (step > room)
				step = room > 60 ? room : 60;
			prev += step;
			out[i] = time_of(prev);
		}
	}
}

bool demo_at(struct demo_run *d, struct cdatetime t, const char *actor)
{
	if (d->stopped)
		return false;
	if (datetime_cmp(t, d->opt->now) > 0) {
		d->stopped = true;
		return false;
	}
	if (datetime_cmp(t, d->t) <= 0)
		t = datetime_add_seconds(d->t, 60);
	if (datetime_cmp(t, d->opt->now) > 0) {
		d->stopped = true;
		return false;
	}
	d->t = t;
	d->ctx.at = t;
	d->ctx.actor = actor;
	d->stats->actions++;
	return true;
}

int demo_load(struct demo_run *d, struct case_record *rec, struct err *err)
{
	case_record_free(rec);
	if (case_get(d->st, d->number, false, rec, err))
		return demo_failed(d, "load", err);
	return 0;
}

/* Draft, approvals along the class's chain, reply — the last at reply_at. */
static int answer(struct demo_run *d, struct case_record *rec, const char *drafter,
		  struct cdatetime reply_at, struct err *err)
{
	const char *const *steps = NULL;
	int nsteps = rules_approval_chain(d->rules, rec->hclass, &steps);
	struct cdatetime ts[12];
	enum reply_method method;

	if (nsteps < 0)
		nsteps = 0;
	if (nsteps > COUNT(ts) - 2)
		nsteps = COUNT(ts) - 2;
	spread(d, d->t, reply_at, nsteps + 2, ts);
	if (!demo_at(d, ts[0], drafter))
		return 0;
	ACT(d, case_draft(&d->ctx, d->number, PICK(d, demo_replies), err), "draft");
	/* Now and then the first approver sends the draft back once. */
	if (nsteps > 0 && chance(d, 40)) {
		if (!demo_at(d, ts[1], demo_role_actor(steps[0])))
			return 0;
		ACT(d, case_approve(&d->ctx, d->number, true, "答复内容不够具体，请补充整改措施", err),
		    "approve");
		if (!demo_at(d, datetime_add_seconds(d->t, 1800 + rnd(d, 3600)), drafter))
			return 0;
		ACT(d, case_draft(&d->ctx, d->number, PICK(d, demo_replies), err), "draft");
	}
	for (int i = 0; i < nsteps; i++) {
		if (!demo_at(d, ts[1 + i], demo_role_actor(steps[i])))
			return 0;
		ACT(d, case_approve(&d->ctx, d->number, false, NULL, err), "approve");
	}
	if (!demo_at(d, ts[nsteps + 1], PICK(d, demo_officers)))
		return 0;
	method = rec->channel == CHANNEL_LETTER || rec->channel == CHANNEL_AUTHORITY
		 ? REPLY_LETTER : chance(d, 300) ? REPLY_IN_PERSON : REPLY_PHONE;
	ACT(d, case_reply(&d->ctx, d->number, method, NULL, err), "reply");
	return 0;
}

/* One dispatch round through the departments up to the reply. */
static int routed_round(struct demo_run *d, struct case_record *rec, bool late, bool overdue,
			struct err *err)
{
	const char *co[RULES_MAX_DEPTS];
	int nco = 0, fbdays;
	struct cdatetime tt, fbdue, last, reply_at;
	char lead[RULES_CODE_MAX];

	snprintf(lead, sizeof lead, "%s", rec->depts[0]);
	for (int i = 1; i < rec->ndepts && nco < RULES_MAX_DEPTS - 1; i++)
		co[nco++] = rec->depts[i];
	/* Sometimes the office adds a co-department the rules did not see. */
	if (nco == 0 && chance(d, 50) && rules_dept_count(d->rules) > 1) {
		const struct department *dep = rules_dept(d->rules, rnd(d, rules_dept_count(d->rules)));
		if (strcmp(dep->code, lead) != 0)
			co[nco++] = dep->code;
	}
	if (rec->hclass == CLASS_EMERGENCY)
		tt = datetime_add_seconds(d->t, 300 + rnd(d, 1200));
	else
		tt = demo_work_after(d, d->t, chance(d, 700) ? 0 : 1);
	if (!demo_at(d, tt, PICK(d, demo_officers)))
		return 0;
	ACT(d, case_transfer(&d->ctx, d->number, lead, co, nco, NULL, err), "transfer");
	if (nco)
		d->stats->multi_dept++;
	if (rules_due_feedback(d->rules, d->cal, rec->hclass, 1 + nco, d->t, &fbdue, err))
		return demo_failed(d, "feedback due", err);
	fbdays = calendar_working_days_between(d->cal, d->t.day, fbdue.day);

	/* A department that thinks the matter is not its own sends it back,
	 * and the office routes the case elsewhere. */
	if (nco == 0 && chance(d, 25) && rules_dept_count(d->rules) > 1) {
		const struct department *dep;
		if (!demo_at(d, demo_work_after(d, d->t, rnd(d, 2)), demo_dept_actor(d, lead)))
			return 0;
		ACT(d, case_return(&d->ctx, d->number, lead,
				   "经核实，该事项不属于本科室职责范围，建议转相关职能部门办理。", err),
		    "return");
		d->stats->returned++;
		do {
			dep = rules_dept(d->rules, rnd(d, rules_dept_count(d->rules)));
		} while (strcmp(dep->code, lead) == 0);
		if (!demo_at(d, demo_work_after(d, d->t, 0), PICK(d, demo_officers)))
			return 0;
		snprintf(lead, sizeof lead, "%s", dep->code);
		ACT(d, case_transfer(&d->ctx, d->number, lead, NULL, 0, "改派", err), "transfer");
	}

	/* Waiting for the complainant's materials stops the clock a while. */
	if (chance(d, 25)) {
		if (!demo_at(d, demo_work_after(d, d->t, rnd(d, 2)), PICK(d, demo_officers)))
			return 0;
		ACT(d, case_pause(&d->ctx, d->number, "等待投诉人补充病历资料", err), "pause");
		if (!demo_at(d, demo_work_after(d, d->t, 2 + rnd(d, 6)), PICK(d, demo_officers))) {
			d->stats->paused++;
			return 0;
		}
		ACT(d, case_resume(&d->ctx, d->number, "投诉人已补充材料", err), "resume");
		fbdays += 4;
	}
	if (overdue)
		return 0;   /* the department never answers: it stays overdue */

	/* Each open transfer's written feedback, counted from the transfer (or
	 * the resumption): on time, or late. */
	tt = d->t;
	case_record_free(rec);
	if (case_get(d->st, d->number, true, rec, err))
		return demo_failed(d, "load", err);
	last = d->t;
	{
		char open[RULES_MAX_DEPTS * 2][RULES_CODE_MAX];
		int nopen = 0;
		for (int i = 0; i < rec->ntransfers && nopen < COUNT(open); i++)
			if (rec->transfers[i].round == rec->round &&
			    rec->transfers[i].state == TRANSFER_OPEN)
				snprintf(open[nopen++], RULES_CODE_MAX, "%s", rec->transfers[i].dept);
		for (int i = 0; i < nopen; i++) {
			int k = late ? fbdays + 1 + rnd(d, 4) : 1 + rnd(d, fbdays > 1 ? fbdays : 1);
			struct cdatetime tf = rec->hclass == CLASS_EMERGENCY
				? datetime_add_seconds(last, 600 + rnd(d, 1800)) : demo_work_after(d, tt, k);
			if (datetime_cmp(tf, last) <= 0)
				tf = datetime_add_seconds(last, 600);
			d->t = last;
			if (!demo_at(d, tf, demo_dept_actor(d, open[i])))
				return 0;
			last = d->t;
			ACT(d, case_feedback(&d->ctx, d->number, open[i], PICK(d, demo_feedbacks), err),
			    "feedback");
		}
	}
	/* Now and then the office upgrades the class once the facts are in. */
	ACT(d, demo_load(d, rec, err), "load");
	if (rec->hclass == CLASS_GENERAL && rec->claim_fen > 0 && chance(d, 150)) {
		if (!demo_at(d, demo_work_after(d, d->t, 0), PICK(d, demo_officers)))
			return 0;
		ACT(d, case_set_class(&d->ctx, d->number, CLASS_IMPORTANT,
				      "涉及医疗纠纷和索赔，升级为重要投诉", err), "class");
		ACT(d, demo_load(d, rec, err), "load");
	}
	if (late || datetime_cmp(rec->due, d->t) <= 0)
		reply_at = demo_work_after(d, datetime_cmp(rec->due, d->t) > 0 ? rec->due : d->t,
				      1 + rnd(d, 3));
	else
		reply_at = rec->due.sec == 86399
			? (struct cdatetime){ rec->due.day, 17 * 3600 } : rec->due;
	if (datetime_cmp(reply_at, d->t) <= 0)
		reply_at = datetime_add_seconds(d->t, 3600);
	return answer(d, rec, demo_dept_actor(d, lead), reply_at, err);
}

/* Callback and closure; an unsatisfied callback opens the next round. */
static int callback_close(struct demo_run *d, struct case_record *rec, bool unsatisfied,
			  bool *reopened, struct err *err)
{
	enum satisfaction s;
	enum finding f;
	int64_t paid = 0;

	*reopened = false;
	if (!demo_at(d, demo_work_after(d, d->t, 1 + rnd(d, 3)), PICK(d, demo_officers)))
		return 0;
	s = unsatisfied ? UNSATISFIED : chance(d, 780) ? SATISFIED : BASICALLY_SATISFIED;
	ACT(d, case_callback(&d->ctx, d->number, s,
			     s == UNSATISFIED ? "投诉人对处理结果不满意，要求重新调查" : NULL, err),
	    "callback");
	if (s == UNSATISFIED) {
		*reopened = true;
		return 0;
	}
	if (!demo_at(d, demo_work_after(d, d->t, rnd(d, 2)), PICK(d, demo_officers)))
		return 0;
	f = demo_pick_finding(d);
	if (rec->claim_fen > 0 && f != FINDING_NOT && chance(d, 600))
		paid = rec->claim_fen * (10 + rnd(d, 50)) / 100 / 10000 * 10000;
	ACT(d, case_close(&d->ctx, d->number, f, CLOSE_SATISFIED, paid, NULL, err), "close");
	return 0;
}

/* Walks one case from registration as far as now allows. */
int demo_walk(struct demo_run *d, const struct demo_complaint *c, struct case_record *rec,
	      struct err *err)
{
	int x = rnd(d, 1000);
	bool late = x < 80, overdue = x >= 80 && x < 110, unsatisfied = x >= 110 && x < 150;
	bool reject = x >= 150 && x < 170, review = x >= 170 && x < 175;
	bool reopened;

	/* An old case the department never answered was answered late. */
	if (overdue && !demo_may_stay_overdue(d, rec->received)) {
		overdue = false;
		late = true;
	}

	if (c->topic == TOPIC_LEGAL || (reject && c->kind == KIND_COMPLAINT)) {
		static const int reasons[] = { REJECT_NO_FACTS, REJECT_OUT_OF_REMIT,
					       REJECT_HIGHER_OFFICE };
		enum reject_reason why = c->topic == TOPIC_LEGAL
			? (strstr(c->text, "报警") ? REJECT_POLICE : REJECT_COURT)
			: (enum reject_reason)PICK(d, reasons);
		if (!demo_at(d, demo_work_after(d, d->t, rnd(d, 2)), PICK(d, demo_officers)))
			return 0;
		ACT(d, case_reject(&d->ctx, d->number, why, "已告知投诉人不予受理的理由及其他救济途径",
				   err), "reject");
		return 0;
	}
	/* Simple matters: answered at the desk, or by the office the same day. */
	if (rec->hclass == CLASS_SIMPLE) {
		if (chance(d, 600)) {
			if (!demo_at(d, datetime_add_seconds(d->t, 300 + rnd(d, 2400)), d->ctx.actor))
				return 0;
			ACT(d, case_close(&d->ctx, d->number,
					  c->kind == KIND_COMPLAINT ? demo_pick_finding(d) : FINDING_NOT,
					  CLOSE_ON_SPOT, 0, "当场解释答复，投诉人表示理解", err), "close");
			return 0;
		}
		ACT(d, answer(d, rec, PICK(d, demo_officers),
			      late ? demo_work_after(d, rec->due, 1 + rnd(d, 2))
				   : datetime_cmp(rec->due, d->t) > 0 ? rec->due
				   : datetime_add_seconds(d->t, 3600), err), "answer");
		ACT(d, demo_load(d, rec, err), "load");
		return callback_close(d, rec, false, &reopened, err);
	}
	for (int round = 1; round <= 3; round++) {
		ACT(d, routed_round(d, rec, late && round == 1, overdue, err), "round");
		if (d->stopped || overdue)
			return 0;
		ACT(d, demo_load(d, rec, err), "load");
		ACT(d, callback_close(d, rec, unsatisfied && round == 1, &reopened, err), "callback");
		if (d->stopped)
			return 0;
		if (!reopened)
			break;
		ACT(d, demo_load(d, rec, err), "load");
	}
	if (review && !d->stopped) {
		/* Asked within the review window (reopen.c): a case whose window
		 * closed before the chosen day (a long holiday) is not reviewed. */
		struct cdatetime when = demo_work_after(d, d->t, 5 + rnd(d, 10));
		cdate last = case_review_last_day(d->rules, rec);
		if (last != CDATE_NONE && when.day > last)
			return 0;
		if (!demo_at(d, when, PICK(d, demo_officers)))
			return 0;
		ACT(d, case_review(&d->ctx, d->number, "投诉人对处理结论有异议，申请复核", err),
		    "review");
		d->stats->reviewed++;
		ACT(d, demo_load(d, rec, err), "load");
		/* The review goes back to the departments, on its own deadline. */
		ACT(d, routed_round(d, rec, false, false, err), "round");
		if (d->stopped)
			return 0;
		ACT(d, demo_load(d, rec, err), "load");
		ACT(d, callback_close(d, rec, false, &reopened, err), "callback");
	}
	return 0;
}
