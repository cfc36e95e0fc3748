/* The demo database: each generated complaint walked through its life with the case actions, at realistic times. */
#include "core/cases.h"
#include "core/demo.h"
#include "core/users.h"
#include "core/util.h"
#include "cases_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RING 64                 /* recent cases a duplicate may repeat */
/* A case the generator leaves overdue (the department never answers) is
 * still open at now only when it was received at most this many working
 * days before now; an older one is answered late and closed, as a working
 * office would have done: the Overdue queue shows a handful of recent
 * cases, a few to about twenty working days late, never years. */
#define OVERDUE_WINDOW 25

/* The office's staff, as Unix logins. */
static const char *const clerks[] = { "liuyan", "zhoumin", "wangfang", "chenxue" };
static const char *const officers[] = { "chenjing", "sunli", "hetao" };

struct recent {
	struct demo_complaint c;
	char number[32];
	struct cdatetime received;
	bool usable;                /* neither merged nor rejected */
};

struct demo_run {
	struct store *st;
	const struct ruleset *rules;
	const struct calendar *cal;
	const struct demo_options *opt;
	struct demo_rng rng;
	struct demo_stats *stats;
	struct case_ctx ctx;
	char number[32];            /* the case being walked */
	struct cdatetime t;         /* the time of its last action */
	bool stopped;               /* its next action lies after now */
	struct recent *ring;
	int nring;
	char dept_actor[64];
	struct fast *fast;          /* the direct writer of old, plain cases */
	int api_share;              /* permille of unusual lives walked by the actions */
};

static int rnd(struct demo_run *d, int n)
{
	return demo_rng_below(&d->rng, n);
}

static bool chance(struct demo_run *d, int permille)
{
	return demo_rng_chance(&d->rng, permille);
}

/* A department's handler: "nursing01" for NURSING. */
static const char *dept_actor(struct demo_run *d, const char *dept)
{
	size_t i;

	for (i = 0; dept[i] && i < 40; i++)
		d->dept_actor[i] = (char)(dept[i] >= 'A' && dept[i] <= 'Z' ? dept[i] + 32 : dept[i]);
	snprintf(d->dept_actor + i, sizeof d->dept_actor - i, "01");
	return d->dept_actor;
}

/* The login behind an approval-chain role of rules.ini. */
static const char *role_actor(const char *role)
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

/*
 * Registers everyone the demo acts as (SPEC §9), before the first case:
 * clerks, officers, each department's handler, each chain step's approver
 * in the role [approvers] names for it. office02 reviews for the hospital
 * office, so that office01, drafting a case the office leads, never
 * approves its own draft.
 */
static int demo_users(struct demo_run *d, struct err *err)
{
	int rc = 0;

	d->ctx.actor = "demo";
	d->ctx.at.day = d->opt->first;
	d->ctx.at.sec = 8 * 3600;
	if ((rc = store_begin(d->st, err)))
		return rc;
	for (size_t i = 0; !rc && i < sizeof clerks / sizeof clerks[0]; i++)
		rc = users_seed(&d->ctx, clerks[i], USER_CLERK, NULL, NULL, err);
	for (size_t i = 0; !rc && i < sizeof officers / sizeof officers[0]; i++)
		rc = users_seed(&d->ctx, officers[i], USER_OFFICER, NULL, NULL, err);
	for (int i = 0; !rc && i < rules_dept_count(d->rules); i++) {
		const char *code = rules_dept(d->rules, i)->code;
		rc = users_seed(&d->ctx, dept_actor(d, code), USER_HANDLER, code, NULL, err);
	}
	for (int c = 0; !rc && c < CLASS__COUNT; c++) {
		const char *const *steps;
		int n = rules_approval_chain(d->rules, (enum handling_class)c, &steps);
		for (int i = 0; !rc && i < n; i++) {
			const char *need = rules_approver(d->rules, steps[i]), *colon = strchr(need, ':');
			char role[32];
			snprintf(role, sizeof role, "%.*s", colon ? (int)(colon - need) : (int)strlen(need),
				 need);
			rc = users_seed(&d->ctx, role_actor(steps[i]),
					(enum user_role)vocab_parse(&vocab_user_role, role),
					colon ? colon + 1 : NULL, NULL, err);
		}
	}
	if (rc) {
		store_rollback(d->st);
		return rc;
	}
	return store_commit(d->st, err);
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

/* A time during office hours, n working days after t's day (n >= 1), or
 * later the same day (n = 0), always after t. */
static struct cdatetime work_after(struct demo_run *d, struct cdatetime t, int n)
{
	struct cdatetime u;

	if (n <= 0) {
		u = datetime_add_seconds(t, 600 + rnd(d, 3 * 3600));
		if (u.day == t.day && u.sec < 17 * 3600 + 1800)
			return u;
		n = 1;
	}
	u.day = calendar_add_working_days(d->cal, t.day, n);
	u.sec = 8 * 3600 + 1800 + rnd(d, 8 * 3600);
	if (datetime_cmp(u, t) <= 0)
		u = datetime_add_seconds(t, 600);
	return u;
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

/* Moves the case's clock to t; false (and the case stops) when t is after now. */
static bool at(struct demo_run *d, struct cdatetime t, const char *actor)
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

/* Whether a case received then may still be open and overdue at now. */
static bool may_stay_overdue(struct demo_run *d, struct cdatetime received)
{
	return calendar_working_days_between(d->cal, received.day, d->opt->now.day) <=
	       OVERDUE_WINDOW;
}

static int failed(struct demo_run *d, const char *action, struct err *err)
{
	return err_prefix(err, "demo: %s %s: ", action, d->number);
}

#define ACT(d, call, name) do { if ((call) != 0) return failed((d), (name), err); } while (0)

static int load(struct demo_run *d, struct case_record *rec, struct err *err)
{
	case_record_free(rec);
	if (case_get(d->st, d->number, false, rec, err))
		return failed(d, "load", err);
	return 0;
}

/* Draft, approvals along the class's chain, reply — the last at reply_at. */
static int answer(struct demo_run *d, struct case_record *rec, const char *drafter,
		  struct cdatetime reply_at, struct err *err)
{
	const char *const *steps = NULL;
	int nsteps = rules_approval_chain(d->rules, rec->hclass, &steps);
	struct cdatetime ts[12];
	static const char *const drafts[] = {
		"经调查核实，您反映的情况属实，科室已对当事人进行批评教育，并在全科会议上通报整改。",
		"经调查，相关诊疗过程符合诊疗规范，医生已向您当面解释；对沟通不到位之处，我们深表歉意。",
		"经核查，您反映的收费问题系录入错误，多收费用已按原渠道退还，并对责任人进行了处理。",
		"经了解，您反映的问题部分属实，医院已制定整改措施，感谢您的监督。",
		"感谢您的来信，相关建议已转相关部门研究落实，我们将持续改进服务。",
	};
	enum reply_method method;

	if (nsteps < 0)
		nsteps = 0;
	if (nsteps > 10)
		nsteps = 10;
	spread(d, d->t, reply_at, nsteps + 2, ts);
	if (!at(d, ts[0], drafter))
		return 0;
	ACT(d, case_draft(&d->ctx, d->number, drafts[rnd(d, 5)], err), "draft");
	/* Now and then the first approver sends the draft back once. */
	if (nsteps > 0 && chance(d, 40)) {
		if (!at(d, ts[1], role_actor(steps[0])))
			return 0;
		ACT(d, case_approve(&d->ctx, d->number, true, "答复内容不够具体，请补充整改措施", err),
		    "approve");
		if (!at(d, datetime_add_seconds(d->t, 1800 + rnd(d, 3600)), drafter))
			return 0;
		ACT(d, case_draft(&d->ctx, d->number, drafts[rnd(d, 5)], err), "draft");
	}
	for (int i = 0; i < nsteps; i++) {
		if (!at(d, ts[1 + i], role_actor(steps[i])))
			return 0;
		ACT(d, case_approve(&d->ctx, d->number, false, NULL, err), "approve");
	}
	if (!at(d, ts[nsteps + 1], officers[rnd(d, 3)]))
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
		tt = work_after(d, d->t, chance(d, 700) ? 0 : 1);
	if (!at(d, tt, officers[rnd(d, 3)]))
		return 0;
	ACT(d, case_transfer(&d->ctx, d->number, lead, co, nco, NULL, err), "transfer");
	if (nco)
		d->stats->multi_dept++;
	if (rules_due_feedback(d->rules, d->cal, rec->hclass, 1 + nco, d->t, &fbdue, err))
		return failed(d, "feedback due", err);
	fbdays = calendar_working_days_between(d->cal, d->t.day, fbdue.day);

	/* A department that thinks the matter is not its own sends it back,
	 * and the office routes the case elsewhere. */
	if (nco == 0 && chance(d, 25) && rules_dept_count(d->rules) > 1) {
		const struct department *dep;
		if (!at(d, work_after(d, d->t, rnd(d, 2)), dept_actor(d, lead)))
			return 0;
		ACT(d, case_return(&d->ctx, d->number, lead,
				   "经核实，该事项不属于本科室职责范围，建议转相关职能部门办理。", err),
		    "return");
		d->stats->returned++;
		do {
			dep = rules_dept(d->rules, rnd(d, rules_dept_count(d->rules)));
		} while (strcmp(dep->code, lead) == 0);
		if (!at(d, work_after(d, d->t, 0), officers[rnd(d, 3)]))
			return 0;
		snprintf(lead, sizeof lead, "%s", dep->code);
		ACT(d, case_transfer(&d->ctx, d->number, lead, NULL, 0, "改派", err), "transfer");
	}

	/* Waiting for the complainant's materials stops the clock a while. */
	if (chance(d, 25)) {
		if (!at(d, work_after(d, d->t, rnd(d, 2)), officers[rnd(d, 3)]))
			return 0;
		ACT(d, case_pause(&d->ctx, d->number, "等待投诉人补充病历资料", err), "pause");
		if (!at(d, work_after(d, d->t, 2 + rnd(d, 6)), officers[rnd(d, 3)])) {
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
		return failed(d, "load", err);
	last = d->t;
	{
		static const char *const fbs[] = {
			"经科室调查，当事人对所反映情况基本承认，已进行批评教育并扣发当月绩效。",
			"经调阅病历及监控，诊疗过程符合规范，已安排主治医生与患者家属沟通解释。",
			"经核查费用清单，确有重复收费，已办理退费，并对收费人员进行培训。",
			"已对相关设施进行维修，并加强巡查。",
			"经调查，反映情况部分属实，科室已制定整改措施。",
		};
		char open[RULES_MAX_DEPTS * 2][RULES_CODE_MAX];
		int nopen = 0;
		for (int i = 0; i < rec->ntransfers && nopen < RULES_MAX_DEPTS * 2; i++)
			if (rec->transfers[i].round == rec->round &&
			    rec->transfers[i].state == TRANSFER_OPEN)
				snprintf(open[nopen++], RULES_CODE_MAX, "%s", rec->transfers[i].dept);
		for (int i = 0; i < nopen; i++) {
			int k = late ? fbdays + 1 + rnd(d, 4) : 1 + rnd(d, fbdays > 1 ? fbdays : 1);
			struct cdatetime tf = rec->hclass == CLASS_EMERGENCY
				? datetime_add_seconds(last, 600 + rnd(d, 1800)) : work_after(d, tt, k);
			if (datetime_cmp(tf, last) <= 0)
				tf = datetime_add_seconds(last, 600);
			d->t = last;
			if (!at(d, tf, dept_actor(d, open[i])))
				return 0;
			last = d->t;
			ACT(d, case_feedback(&d->ctx, d->number, open[i], fbs[rnd(d, 5)], err),
			    "feedback");
		}
	}
	/* Now and then the office upgrades the class once the facts are in. */
	ACT(d, load(d, rec, err), "load");
	if (rec->hclass == CLASS_GENERAL && rec->claim_fen > 0 && chance(d, 150)) {
		if (!at(d, work_after(d, d->t, 0), officers[rnd(d, 3)]))
			return 0;
		ACT(d, case_set_class(&d->ctx, d->number, CLASS_IMPORTANT,
				      "涉及医疗纠纷和索赔，升级为重要投诉", err), "class");
		ACT(d, load(d, rec, err), "load");
	}
	if (late || datetime_cmp(rec->due, d->t) <= 0)
		reply_at = work_after(d, datetime_cmp(rec->due, d->t) > 0 ? rec->due : d->t,
				      1 + rnd(d, 3));
	else
		reply_at = rec->due.sec == 86399
			? (struct cdatetime){ rec->due.day, 17 * 3600 } : rec->due;
	if (datetime_cmp(reply_at, d->t) <= 0)
		reply_at = datetime_add_seconds(d->t, 3600);
	return answer(d, rec, dept_actor(d, lead), reply_at, err);
}

static enum finding pick_finding(struct demo_run *d)
{
	int x = rnd(d, 100);

	return x < 30 ? FINDING_SUBSTANTIATED : x < 65 ? FINDING_PARTLY : FINDING_NOT;
}

/* Callback and closure; an unsatisfied callback opens the next round. */
static int callback_close(struct demo_run *d, struct case_record *rec, bool unsatisfied,
			  bool *reopened, struct err *err)
{
	enum satisfaction s;
	enum finding f;
	int64_t paid = 0;

	*reopened = false;
	if (!at(d, work_after(d, d->t, 1 + rnd(d, 3)), officers[rnd(d, 3)]))
		return 0;
	s = unsatisfied ? UNSATISFIED : chance(d, 780) ? SATISFIED : BASICALLY_SATISFIED;
	ACT(d, case_callback(&d->ctx, d->number, s,
			     s == UNSATISFIED ? "投诉人对处理结果不满意，要求重新调查" : NULL, err),
	    "callback");
	if (s == UNSATISFIED) {
		*reopened = true;
		return 0;
	}
	if (!at(d, work_after(d, d->t, rnd(d, 2)), officers[rnd(d, 3)]))
		return 0;
	f = pick_finding(d);
	if (rec->claim_fen > 0 && f != FINDING_NOT && chance(d, 600))
		paid = rec->claim_fen * (10 + rnd(d, 50)) / 100 / 10000 * 10000;
	ACT(d, case_close(&d->ctx, d->number, f, CLOSE_SATISFIED, paid, NULL, err), "close");
	return 0;
}

/* Walks one case from registration as far as now allows. */
static int walk(struct demo_run *d, const struct demo_complaint *c, struct case_record *rec,
		struct err *err)
{
	int x = rnd(d, 1000);
	bool late = x < 80, overdue = x >= 80 && x < 110, unsatisfied = x >= 110 && x < 150;
	bool reject = x >= 150 && x < 170, review = x >= 170 && x < 175;
	bool reopened;

	/* An old case the department never answered was answered late. */
	if (overdue && !may_stay_overdue(d, rec->received)) {
		overdue = false;
		late = true;
	}

	if (c->topic == TOPIC_LEGAL || (reject && c->kind == KIND_COMPLAINT)) {
		static const int reasons[] = { REJECT_NO_FACTS, REJECT_OUT_OF_REMIT,
					       REJECT_HIGHER_OFFICE };
		enum reject_reason why = c->topic == TOPIC_LEGAL
			? (strstr(c->text, "报警") ? REJECT_POLICE : REJECT_COURT)
			: (enum reject_reason)reasons[rnd(d, 3)];
		if (!at(d, work_after(d, d->t, rnd(d, 2)), officers[rnd(d, 3)]))
			return 0;
		ACT(d, case_reject(&d->ctx, d->number, why, "已告知投诉人不予受理的理由及其他救济途径",
				   err), "reject");
		return 0;
	}
	/* Simple matters: answered at the desk, or by the office the same day. */
	if (rec->hclass == CLASS_SIMPLE) {
		if (chance(d, 600)) {
			if (!at(d, datetime_add_seconds(d->t, 300 + rnd(d, 2400)), d->ctx.actor))
				return 0;
			ACT(d, case_close(&d->ctx, d->number,
					  c->kind == KIND_COMPLAINT ? pick_finding(d) : FINDING_NOT,
					  CLOSE_ON_SPOT, 0, "当场解释答复，投诉人表示理解", err), "close");
			return 0;
		}
		ACT(d, answer(d, rec, officers[rnd(d, 3)],
			      late ? work_after(d, rec->due, 1 + rnd(d, 2))
				   : datetime_cmp(rec->due, d->t) > 0 ? rec->due
				   : datetime_add_seconds(d->t, 3600), err), "answer");
		ACT(d, load(d, rec, err), "load");
		return callback_close(d, rec, false, &reopened, err);
	}
	for (int round = 1; round <= 3; round++) {
		ACT(d, routed_round(d, rec, late && round == 1, overdue, err), "round");
		if (d->stopped || overdue)
			return 0;
		ACT(d, load(d, rec, err), "load");
		ACT(d, callback_close(d, rec, unsatisfied && round == 1, &reopened, err), "callback");
		if (d->stopped)
			return 0;
		if (!reopened)
			break;
		ACT(d, load(d, rec, err), "load");
	}
	if (review && !d->stopped) {
		if (!at(d, work_after(d, d->t, 5 + rnd(d, 10)), officers[rnd(d, 3)]))
			return 0;
		ACT(d, case_review(&d->ctx, d->number, "投诉人对处理结论有异议，申请复核", err),
		    "review");
		d->stats->reviewed++;
		ACT(d, load(d, rec, err), "load");
		/* The review goes back to the departments, on its own deadline. */
		ACT(d, routed_round(d, rec, false, false, err), "round");
		if (d->stopped)
			return 0;
		ACT(d, load(d, rec, err), "load");
		ACT(d, callback_close(d, rec, false, &reopened, err), "callback");
	}
	return 0;
}

static void fill_input(const struct demo_complaint *c, struct cdatetime received,
		       struct case_input *in)
{
	case_input_init(in);
	in->channel = (int)c->channel;
	in->kind = (int)c->kind;
	in->received = received;
#define S(x) (c->x[0] ? c->x : NULL)
	in->name = S(name);
	in->phone = S(phone);
	in->relation = S(relation);
	in->address = S(address);
	in->id_number = S(id_number);
	in->anonymous = c->anonymous;
	in->group_size = c->group_size;
	in->representatives = S(representatives);
	in->patient_name = S(patient_name);
	in->patient_record = S(patient_record);
	in->unit = S(unit);
	in->staff = S(staff);
	in->text = c->text;
	in->demand = S(demand);
#undef S
	in->visit_date = c->visit_days_before >= 0 ? received.day - c->visit_days_before
						   : CDATE_NONE;
	in->claim_fen = c->claim_fen;
	for (int i = 0; i < c->nmaterials; i++)
		in->materials[in->nmaterials++] = c->materials[i];
}

static void count_final(struct demo_run *d, const struct case_record *rec)
{
	struct demo_stats *s = d->stats;

	switch (rec->status) {
	case STATUS_CLOSED:
		s->closed++;
		if (rec->round > 1)
			s->reopened++;
		if (rec->due_met.day != CDATE_NONE && datetime_cmp(rec->due_met, rec->due) > 0)
			s->late++;
		break;
	case STATUS_REJECTED: s->rejected++; break;
	case STATUS_MERGED: s->merged++; break;
	default:
		s->open++;
		if (rec->status == STATUS_PAUSED)
			s->paused++;
		else if (rec->due_met.day == CDATE_NONE &&
			 datetime_cmp(rec->due, d->opt->now) < 0)
			s->overdue++;
		if (rec->round > 1)
			s->reopened++;
		break;
	}
}


/*
 * The direct path. At a million cases, walking each one through the case
 * actions costs about 4 ms a case, over an hour; old cases whose life was
 * plain (closed on time or late, answered at the desk, not accepted) are
 * instead written directly in their final state, with their transfers and
 * a short timeline (add, transfer, feedback, reply, callback, close) whose
 * events are hash-chained exactly as store_event_append chains them and
 * numbered from case_seq as case_add numbers them. Anything else (still
 * open, reopened, merged, paused, returned, reviewed) takes the actions.
 */
struct fast {
	sqlite3_stmt *seq, *ins_case, *ins_dept, *ins_cat, *ins_tr, *ins_ev, *last_ev;
	int64_t ev_id;
	char ev_hash[65];
	bool ev_known;              /* ev_id/ev_hash are the log's last event */
};

struct fev {
	struct cdatetime at;
	const char *actor;          /* NULL: who[] */
	const char *action;
	char before[160], after[320];
	const char *note;
	char who[32];
};

static const char fast_case_sql[] =
	"INSERT INTO cases (number, year, seq, received, channel, kind, name, phone, relation, "
	"address, id_number, anonymous, group_size, representatives, patient_name, patient_record, "
	"visit_date, unit, staff, account, demand, claim_fen, paid_fen, categories, dept, depts, "
	"class, flags, receiver, status, round, round_at, due, due_met, reply_text, reply_method, "
	"replied_at, satisfaction, callback_at, finding, close_note, closed_at, reject_reason, "
	"reject_note, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, 1, "
	"?4, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43)";

static void fast_free(struct fast *f)
{
	if (!f)
		return;
	sqlite3_finalize(f->seq);
	sqlite3_finalize(f->ins_case);
	sqlite3_finalize(f->ins_dept);
	sqlite3_finalize(f->ins_cat);
	sqlite3_finalize(f->ins_tr);
	sqlite3_finalize(f->ins_ev);
	sqlite3_finalize(f->last_ev);
	free(f);
}

static int fast_prepare(struct demo_run *d, struct err *err)
{
	sqlite3 *db = store_db(d->st);
	struct fast *f;

	if (d->fast)
		return 0;
	f = xcalloc(1, sizeof *f);
	if (sqlite3_prepare_v2(db, "INSERT INTO case_seq (year, last) VALUES (?, 1) ON CONFLICT "
			       "(year) DO UPDATE SET last = last + 1 RETURNING last", -1, &f->seq,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, fast_case_sql, -1, &f->ins_case, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO case_depts (dept, case_id, lead) VALUES (?, ?, ?)",
			       -1, &f->ins_dept, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO case_categories (category, case_id) VALUES (?, ?)",
			       -1, &f->ins_cat, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO transfers (case_id, round, dept, lead, state, at, "
			       "due, by, done_at, done_by, feedback) VALUES (?, 1, ?, ?, 'answered', "
			       "?, ?, ?, ?, ?, ?)", -1, &f->ins_tr, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO events (id, case_id, round, actor, at, recorded, "
			       "action, before, after, note, prev_hash, hash) VALUES (?, ?, 1, ?, ?, "
			       "?, ?, ?, ?, ?, ?, ?)", -1, &f->ins_ev, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", -1,
			       &f->last_ev, NULL) != SQLITE_OK) {
		int rc = store_sql_error(d->st, "demo", err);
		fast_free(f);
		return rc;
	}
	d->fast = f;
	return 0;
}

static int fast_step(struct demo_run *d, sqlite3_stmt *s, struct err *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_sql_error(d->st, "demo", err);
	return 0;
}

/* Appends one event; after, when not NULL, replaces e->after. */
static int fast_event(struct demo_run *d, int64_t case_id, const struct fev *e, const char *after,
		      struct err *err)
{
	struct fast *f = d->fast;
	struct store_event ev = { 0 };
	sqlite3_stmt *s;

	if (!f->ev_known) {
		s = f->last_ev;
		if (sqlite3_step(s) == SQLITE_ROW) {
			f->ev_id = sqlite3_column_int64(s, 0);
			snprintf(f->ev_hash, sizeof f->ev_hash, "%s",
				 (const char *)sqlite3_column_text(s, 1));
		} else {
			f->ev_id = 0;
			memset(f->ev_hash, '0', 64);
			f->ev_hash[64] = '\0';
		}
		sqlite3_reset(s);
		f->ev_known = true;
	}
	ev.id = f->ev_id + 1;
	ev.case_id = case_id;
	ev.round = 1;
	snprintf(ev.actor, sizeof ev.actor, "%s", e->actor ? e->actor : e->who);
	store_time(e->at, ev.at);
	store_time(d->opt->now, ev.recorded);
	snprintf(ev.action, sizeof ev.action, "%s", e->action);
	ev.before = e->before[0] ? (char *)e->before : NULL;
	ev.after = after ? (char *)after : e->after[0] ? (char *)e->after : NULL;
	ev.note = (char *)e->note;
	memcpy(ev.prev_hash, f->ev_hash, sizeof ev.prev_hash);
	store_event_hash(&ev, ev.hash);
	s = f->ins_ev;
	sqlite3_bind_int64(s, 1, ev.id);
	sqlite3_bind_int64(s, 2, case_id);
	cases_bind_text(s, 3, ev.actor);
	cases_bind_text(s, 4, ev.at);
	cases_bind_text(s, 5, ev.recorded);
	cases_bind_text(s, 6, ev.action);
	cases_bind_text(s, 7, ev.before);
	cases_bind_text(s, 8, ev.after);
	cases_bind_text(s, 9, ev.note);
	cases_bind_text(s, 10, ev.prev_hash);
	cases_bind_text(s, 11, ev.hash);
	if (fast_step(d, s, err))
		return err->code;
	f->ev_id = ev.id;
	memcpy(f->ev_hash, ev.hash, sizeof f->ev_hash);
	d->stats->actions++;
	return 0;
}

static const char *const reply_texts[] = {
	"经调查核实，您反映的情况属实，科室已对当事人进行批评教育，并在全科会议上通报整改。",
	"经调查，相关诊疗过程符合诊疗规范，医生已向您当面解释；对沟通不到位之处，我们深表歉意。",
	"经核查，您反映的收费问题系录入错误，多收费用已按原渠道退还，并对责任人进行了处理。",
	"经了解，您反映的问题部分属实，医院已制定整改措施，感谢您的监督。",
	"感谢您的来信，相关建议已转相关部门研究落实，我们将持续改进服务。",
};

/* Plans the case's whole life; writes it when it ended before now and was
 * plain, else leaves *done false (nothing written) for the actions. */
static int fast_case(struct demo_run *d, const struct demo_complaint *c,
		     struct cdatetime received, struct case_record *r, bool *done, struct err *err)
{
	struct rule_input ri = { 0 };
	struct rule_suggestion sg;
	struct fev ev[16];
	struct { char dept[RULES_CODE_MAX]; struct cdatetime at, due, done; int fb; } tr[RULES_MAX_DEPTS];
	int nev = 0, ntr = 0, x = rnd(d, 1000), seq, rc;
	bool late = x < 80;
	struct cdatetime t = received, none = { CDATE_NONE, 0 };
	const char *clerk = clerks[rnd(d, 4)], *officer = officers[rnd(d, 3)];
	char depts[256], cats[256], vd[11], t1[20];
	sqlite3_stmt *s;

	*done = false;
	/* Overdue, reopened, reviewed: the actions, for recent overdue cases
	 * and a share of the others that keeps a million cases in minutes. */
	if (x >= 80 && x < 175 && !(x >= 150 && x < 170)) {
		bool overdue = x < 110;
		if (overdue ? may_stay_overdue(d, received) : chance(d, d->api_share))
			return 0;
		late = overdue;
	}
	ri.text = c->text;
	ri.demand = c->demand;
	ri.unit = c->unit[0] ? c->unit : NULL;
	ri.claim_fen = c->claim_fen;
	ri.group_size = c->group_size;
	ri.channel = (int)c->channel;
	ri.anonymous = c->anonymous;
	rules_classify(d->rules, &ri, &sg);
	memset(r, 0, sizeof *r);
	r->received = received;
	r->channel = c->channel;
	r->kind = c->kind;
	r->hclass = sg.hclass;
	r->ndepts = sg.ndepts;
	memcpy(r->depts, sg.depts, sizeof r->depts);
	if (r->ndepts == 0 && rules_default_dept(d->rules)) {
		snprintf(r->depts[0], RULES_CODE_MAX, "%s", rules_default_dept(d->rules)->code);
		r->ndepts = 1;
	}
	if (r->ndepts == 0)
		return 0;
	r->ncategories = sg.ncategories;
	memcpy(r->categories, sg.categories, sizeof r->categories);
	r->flags = sg.flags | (c->anonymous ? FLAG_ANONYMOUS : 0);
	r->claim_fen = c->claim_fen > 0 ? c->claim_fen : sg.claim_fen;
	r->round = 1;
	r->round_at = received;
	r->reply_method = r->satisfaction = r->finding = r->reject_reason = -1;
	r->visit_date = c->visit_days_before >= 0 ? received.day - c->visit_days_before : CDATE_NONE;
	r->due_met = r->replied_at = r->callback_at = r->closed_at = none;
	r->paused_at = r->review_at = none;
	if (rules_due_reply(d->rules, d->cal, r->hclass, r->ndepts, received, &r->due, err))
		return failed(d, "due", err);

	/* The add event carries the case as registered, as case_add's does. */
	r->status = STATUS_REGISTERED;
	ev[nev].at = received;
	ev[nev].actor = clerk;
	ev[nev].action = "add";
	ev[nev].before[0] = ev[nev].after[0] = '\0';
	ev[nev].note = NULL;
	nev++;

	if (c->topic == TOPIC_LEGAL || (x >= 150 && x < 170 && c->kind == KIND_COMPLAINT)) {
		static const int reasons[] = { REJECT_NO_FACTS, REJECT_OUT_OF_REMIT,
					       REJECT_HIGHER_OFFICE };
		t = work_after(d, t, rnd(d, 2));
		r->status = STATUS_REJECTED;
		r->reject_reason = c->topic == TOPIC_LEGAL
			? (strstr(c->text, "报警") ? REJECT_POLICE : REJECT_COURT) : reasons[rnd(d, 3)];
		r->reject_note = "已告知投诉人不予受理的理由及其他救济途径";
		r->closed_at = t;
		ev[nev] = (struct fev){ t, officer, "reject", "", "", r->reject_note, "" };
		snprintf(ev[nev].before, sizeof ev[nev].before, "{\"status\": \"registered\"}");
		snprintf(ev[nev].after, sizeof ev[nev].after,
			 "{\"status\": \"rejected\", \"reject_reason\": \"%s\", \"closed_at\": \"%s\"}",
			 reject_reason_code(r->reject_reason), store_time(t, t1));
		nev++;
	} else if (x >= 150 && x < 170) {
		return 0;
	} else if (r->hclass == CLASS_SIMPLE && chance(d, 600)) {
		t = datetime_add_seconds(t, 300 + rnd(d, 2400));
		r->status = STATUS_CLOSED;
		r->finding = c->kind == KIND_COMPLAINT ? (int)pick_finding(d) : FINDING_NOT;
		r->close_note = "当场解释答复，投诉人表示理解";
		r->closed_at = r->due_met = t;
		ev[nev] = (struct fev){ t, clerk, "close", "", "", r->close_note, "" };
		snprintf(ev[nev].before, sizeof ev[nev].before, "{\"status\": \"registered\"}");
		snprintf(ev[nev].after, sizeof ev[nev].after,
			 "{\"status\": \"closed\", \"finding\": \"%s\", \"closed_at\": \"%s\"}",
			 finding_code(r->finding), store_time(t, t1));
		nev++;
	} else {
		struct cdatetime reply_at, last;
		if (r->hclass != CLASS_SIMPLE) {
			struct cdatetime tt = r->hclass == CLASS_EMERGENCY
				? datetime_add_seconds(t, 300 + rnd(d, 1200))
				: work_after(d, t, chance(d, 700) ? 0 : 1);
			struct cdatetime fbdue;
			int fbdays;
			if (rules_due_feedback(d->rules, d->cal, r->hclass, r->ndepts, tt, &fbdue, err))
				return failed(d, "feedback due", err);
			fbdays = calendar_working_days_between(d->cal, tt.day, fbdue.day);
			ev[nev] = (struct fev){ tt, officer, "transfer", "", "", NULL, "" };
			snprintf(ev[nev].before, sizeof ev[nev].before, "{\"status\": \"registered\"}");
			snprintf(ev[nev].after, sizeof ev[nev].after, "{\"status\": \"routed\"}");
			nev++;
			last = tt;
			for (int i = 0; i < r->ndepts && ntr < RULES_MAX_DEPTS; i++) {
				int k = late ? fbdays + 1 + rnd(d, 4) : 1 + rnd(d, fbdays > 1 ? fbdays : 1);
				struct cdatetime tf = r->hclass == CLASS_EMERGENCY
					? datetime_add_seconds(last, 600 + rnd(d, 1800))
					: work_after(d, tt, k);
				if (datetime_cmp(tf, last) <= 0)
					tf = datetime_add_seconds(last, 600);
				last = tf;
				snprintf(tr[ntr].dept, RULES_CODE_MAX, "%s", r->depts[i]);
				tr[ntr].at = tt;
				tr[ntr].due = fbdue;
				tr[ntr].done = tf;
				tr[ntr].fb = rnd(d, 5);
				ev[nev] = (struct fev){ tf, NULL, "feedback", "", "", NULL, "" };
				snprintf(ev[nev].who, sizeof ev[nev].who, "%s", dept_actor(d, r->depts[i]));
				snprintf(ev[nev].after, sizeof ev[nev].after,
					 "{\"transfer\": {\"dept\": \"%s\", \"state\": \"answered\"}}",
					 r->depts[i]);
				nev++;
				ntr++;
			}
			t = last;
		}
		if (late || datetime_cmp(r->due, t) <= 0)
			reply_at = work_after(d, datetime_cmp(r->due, t) > 0 ? r->due : t, 1 + rnd(d, 3));
		else if (r->due.sec == 86399)
			reply_at = (struct cdatetime){ r->due.day, 16 * 3600 + rnd(d, 3600) };
		else
			reply_at = r->due;
		if (datetime_cmp(reply_at, t) <= 0)
			reply_at = datetime_add_seconds(t, 3600);
		t = reply_at;
		r->replied_at = r->due_met = t;
		r->reply_method = c->channel == CHANNEL_LETTER || c->channel == CHANNEL_AUTHORITY
			? REPLY_LETTER : chance(d, 300) ? REPLY_IN_PERSON : REPLY_PHONE;
		r->reply_text = (char *)reply_texts[rnd(d, 5)];
		ev[nev] = (struct fev){ t, officer, "reply", "", "", NULL, "" };
		snprintf(ev[nev].after, sizeof ev[nev].after,
			 "{\"status\": \"replied\", \"reply_method\": \"%s\", \"due_met\": \"%s\"}",
			 reply_method_code(r->reply_method), store_time(t, t1));
		nev++;
		t = work_after(d, t, 1 + rnd(d, 3));
		r->callback_at = t;
		r->satisfaction = chance(d, 780) ? SATISFIED : BASICALLY_SATISFIED;
		ev[nev] = (struct fev){ t, officer, "callback", "", "", NULL, "" };
		snprintf(ev[nev].after, sizeof ev[nev].after, "{\"satisfaction\": \"%s\"}",
			 satisfaction_code(r->satisfaction));
		nev++;
		t = work_after(d, t, rnd(d, 2));
		r->status = STATUS_CLOSED;
		r->finding = (int)pick_finding(d);
		if (r->claim_fen > 0 && r->finding != FINDING_NOT && chance(d, 600))
			r->paid_fen = r->claim_fen * (10 + rnd(d, 50)) / 100 / 10000 * 10000;
		r->closed_at = t;
		ev[nev] = (struct fev){ t, officer, "close", "", "", NULL, "" };
		snprintf(ev[nev].before, sizeof ev[nev].before, "{\"status\": \"replied\"}");
		snprintf(ev[nev].after, sizeof ev[nev].after,
			 "{\"status\": \"closed\", \"finding\": \"%s\", \"closed_at\": \"%s\"}",
			 finding_code(r->finding), store_time(t, t1));
		nev++;
	}
	if (datetime_cmp(t, d->opt->now) > 0)
		return 0;       /* its life runs past now: the actions take it */

	if ((rc = fast_prepare(d, err)))
		return rc;
	s = d->fast->seq;
	sqlite3_bind_int(s, 1, date_year(received.day));
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_sql_error(d->st, "demo: case number", err);
	}
	seq = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	snprintf(r->number, sizeof r->number, "%s%d-%05d", d->ctx.prefix, date_year(received.day),
		 seq);
	snprintf(r->receiver, sizeof r->receiver, "%s", clerk);
	{
		size_t n = 0;
		depts[0] = cats[0] = '\0';
		for (int i = 0; i < r->ndepts; i++)
			n += (size_t)snprintf(depts + n, sizeof depts - n, "%s%s", i ? "," : "",
					      r->depts[i]);
		n = 0;
		for (int i = 0; i < r->ncategories; i++)
			n += (size_t)snprintf(cats + n, sizeof cats - n, "%s%s", i ? "," : "",
					      r->categories[i]);
	}
	s = d->fast->ins_case;
	sqlite3_bind_text(s, 1, r->number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, date_year(received.day));
	sqlite3_bind_int(s, 3, seq);
	cases_bind_time(s, 4, received);
	cases_bind_text(s, 5, channel_code(r->channel));
	cases_bind_text(s, 6, kind_code(r->kind));
	cases_bind_text(s, 7, c->name);
	cases_bind_text(s, 8, c->phone);
	cases_bind_text(s, 9, c->relation);
	cases_bind_text(s, 10, c->address);
	cases_bind_text(s, 11, c->id_number);
	sqlite3_bind_int(s, 12, c->anonymous);
	sqlite3_bind_int(s, 13, c->group_size > 1 ? c->group_size : 1);
	cases_bind_text(s, 14, c->representatives);
	cases_bind_text(s, 15, c->patient_name);
	cases_bind_text(s, 16, c->patient_record);
	cases_bind_text(s, 17, r->visit_date != CDATE_NONE ? date_format(r->visit_date, vd) : NULL);
	cases_bind_text(s, 18, c->unit);
	cases_bind_text(s, 19, c->staff);
	cases_bind_text(s, 20, c->text);
	cases_bind_text(s, 21, c->demand);
	sqlite3_bind_int64(s, 22, r->claim_fen);
	sqlite3_bind_int64(s, 23, r->paid_fen);
	sqlite3_bind_text(s, 24, cats, -1, SQLITE_TRANSIENT);
	cases_bind_text(s, 25, r->depts[0]);
	sqlite3_bind_text(s, 26, depts, -1, SQLITE_TRANSIENT);
	cases_bind_text(s, 27, class_code(r->hclass));
	sqlite3_bind_int(s, 28, (int)r->flags);
	cases_bind_text(s, 29, clerk);
	cases_bind_text(s, 30, status_code(r->status));
	cases_bind_time(s, 31, r->due);
	cases_bind_time(s, 32, r->due_met);
	cases_bind_text(s, 33, r->reply_text);
	cases_bind_text(s, 34, r->reply_method >= 0 ? reply_method_code(r->reply_method) : NULL);
	cases_bind_time(s, 35, r->replied_at);
	cases_bind_text(s, 36, r->satisfaction >= 0 ? satisfaction_code(r->satisfaction) : NULL);
	cases_bind_time(s, 37, r->callback_at);
	cases_bind_text(s, 38, r->finding >= 0 ? finding_code(r->finding) : NULL);
	cases_bind_text(s, 39, r->close_note);
	cases_bind_time(s, 40, r->closed_at);
	cases_bind_text(s, 41, r->reject_reason >= 0 ? reject_reason_code(r->reject_reason) : NULL);
	cases_bind_text(s, 42, r->reject_note);
	cases_bind_time(s, 43, d->opt->now);
	if ((rc = fast_step(d, s, err)))
		return rc;
	r->id = sqlite3_last_insert_rowid(store_db(d->st));
	for (int i = 0; i < r->ndepts; i++) {
		s = d->fast->ins_dept;
		cases_bind_text(s, 1, r->depts[i]);
		sqlite3_bind_int64(s, 2, r->id);
		sqlite3_bind_int(s, 3, i == 0);
		if ((rc = fast_step(d, s, err)))
			return rc;
	}
	for (int i = 0; i < r->ncategories; i++) {
		s = d->fast->ins_cat;
		cases_bind_text(s, 1, r->categories[i]);
		sqlite3_bind_int64(s, 2, r->id);
		if ((rc = fast_step(d, s, err)))
			return rc;
	}
	for (int i = 0; i < ntr; i++) {
		static const char *const fbs[] = {
			"经科室调查，当事人对所反映情况基本承认，已进行批评教育并扣发当月绩效。",
			"经调阅病历及监控，诊疗过程符合规范，已安排主治医生与患者家属沟通解释。",
			"经核查费用清单，确有重复收费，已办理退费，并对收费人员进行培训。",
			"已对相关设施进行维修，并加强巡查。",
			"经调查，反映情况部分属实，科室已制定整改措施。",
		};
		char who[64];
		snprintf(who, sizeof who, "%s", dept_actor(d, tr[i].dept));
		s = d->fast->ins_tr;
		sqlite3_bind_int64(s, 1, r->id);
		cases_bind_text(s, 2, tr[i].dept);
		sqlite3_bind_int(s, 3, i == 0);
		cases_bind_time(s, 4, tr[i].at);
		cases_bind_time(s, 5, tr[i].due);
		cases_bind_text(s, 6, officer);
		cases_bind_time(s, 7, tr[i].done);
		cases_bind_text(s, 8, who);
		cases_bind_text(s, 9, fbs[tr[i].fb]);
		if ((rc = fast_step(d, s, err)))
			return rc;
	}
	/* The add event holds the case as registered, like case_add's. */
	{
		struct case_record r0 = *r;
		json_t *o;
		char *js;
		r0.status = STATUS_REGISTERED;
		r0.due_met = r0.replied_at = r0.callback_at = r0.closed_at = none;
		r0.reply_method = r0.satisfaction = r0.finding = r0.reject_reason = -1;
		r0.reply_text = r0.close_note = r0.reject_note = NULL;
		r0.paid_fen = 0;
		r0.name = (char *)(c->name[0] ? c->name : NULL);
		r0.phone = (char *)(c->phone[0] ? c->phone : NULL);
		r0.text = (char *)c->text;
		r0.demand = (char *)(c->demand[0] ? c->demand : NULL);
		r0.unit = (char *)(c->unit[0] ? c->unit : NULL);
		r0.anonymous = c->anonymous;
		r0.group_size = c->group_size;
		o = case_to_json(&r0, false);
		json_object_del(o, "version");
		json_object_del(o, "updated");
		json_object_del(o, "suggestion");
		js = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		ev[0].note = "demo: history written directly (add, transfer, feedback, reply, "
			     "callback, close)";
		rc = 0;
		for (int i = 0; i < nev && !rc; i++)
			rc = fast_event(d, r->id, &ev[i], i == 0 ? js : NULL, err);
		free(js);
		if (rc)
			return rc;
	}
	*done = true;
	return 0;
}

static int one_case(struct demo_run *d, struct cdatetime received, struct err *err)
{
	struct demo_complaint c;
	struct case_input in;
	struct case_record rec = { 0 };
	struct recent *orig = NULL;
	bool office;
	int rc;

	office = calendar_is_working_day(d->cal, received.day) && received.sec >= 8 * 3600 &&
		 received.sec < 17 * 3600 + 1800;
	/* About one in fifty is the same matter again from the same person. */
	if (d->nring > 0 && chance(d, 20)) {
		struct recent *p = &d->ring[rnd(d, d->nring < RING ? d->nring : RING)];
		if (p->usable && received.day - p->received.day <= 30 &&
		    datetime_cmp(p->received, received) < 0)
			orig = p;
	}
	if (orig && received.day < d->opt->fast_before && !chance(d, d->api_share))
		orig = NULL;
	if (orig)
		demo_complaint_repeat(&d->rng, &orig->c, &c);
	else
		demo_complaint_make(&d->rng, d->rules, office, &c);
	if (!orig && received.day < d->opt->fast_before) {
		bool done = false;
		rc = fast_case(d, &c, received, &rec, &done, err);
		if (rc || done) {
			if (done) {
				struct recent *slot = &d->ring[d->nring++ % RING];
				count_final(d, &rec);
				if (rec.ndepts > 1)
					d->stats->multi_dept++;
				slot->c = c;
				snprintf(slot->number, sizeof slot->number, "%s", rec.number);
				slot->received = received;
				slot->usable = rec.status != STATUS_REJECTED;
			}
			return rc;
		}
	}
	if (d->fast)
		d->fast->ev_known = false;  /* the actions append events of their own */
	fill_input(&c, received, &in);
	d->ctx.at = received;
	d->ctx.actor = clerks[rnd(d, 4)];
	d->t = received;
	d->stopped = false;
	d->stats->actions++;
	if (case_add(&d->ctx, &in, &rec, err))
		return err_prefix(err, "demo: add (%s, %s): ", demo_topic_name(c.topic),
				  c.text);
	snprintf(d->number, sizeof d->number, "%s", rec.number);
	if (orig) {
		if (at(d, work_after(d, d->t, rnd(d, 2)), officers[rnd(d, 3)])) {
			if (case_merge(&d->ctx, d->number, orig->number,
				       "同一投诉人就同一事项重复反映，已告知投诉人合并办理", err)) {
				case_record_free(&rec);
				return failed(d, "merge", err);
			}
		}
		rc = 0;
	} else {
		rc = walk(d, &c, &rec, err);
	}
	if (!rc)
		rc = load(d, &rec, err);
	if (!rc) {
		struct recent *slot = &d->ring[d->nring++ % RING];
		count_final(d, &rec);
		slot->c = c;
		snprintf(slot->number, sizeof slot->number, "%s", rec.number);
		slot->received = received;
		slot->usable = rec.status != STATUS_MERGED && rec.status != STATUS_REJECTED;
	}
	case_record_free(&rec);
	return rc;
}

int demo_build(struct store *st, const struct ruleset *rules, const struct calendar *cal,
	       const struct demo_options *opt, struct demo_stats *stats, struct err *err)
{
	struct demo_run d = { 0 };
	struct cdatetime *times;
	int batch = opt->batch > 0 ? opt->batch : 1000, rc = 0;

	if (opt->ncases < 1)
		return err_set(err, ERR_USAGE, "the number of cases must be at least 1");
	if (opt->first > opt->now.day)
		return err_set(err, ERR_USAGE, "the first day of receipt is after today");
	memset(stats, 0, sizeof *stats);
	d.st = st;
	d.rules = rules;
	d.cal = cal;
	d.opt = opt;
	d.stats = stats;
	d.ring = xcalloc(RING, sizeof *d.ring);
	d.api_share = opt->ncases <= 20000 ? 1000 : (int)(INT64_C(20000000) / opt->ncases);
	demo_rng_seed(&d.rng, opt->seed);
	d.ctx.st = st;
	d.ctx.rules = rules;
	d.ctx.cal = cal;
	d.ctx.now = opt->now;
	d.ctx.prefix = opt->prefix ? opt->prefix : "TS";
	if ((rc = demo_users(&d, err))) {
		free(d.ring);
		return rc;
	}
	times = xmalloc((size_t)opt->ncases * sizeof *times);
	demo_received_times(&d.rng, cal, opt->first, opt->now, opt->ncases, times);
	for (int i = 0; i < opt->ncases && !rc; i += batch) {
		int end = i + batch < opt->ncases ? i + batch : opt->ncases;
		if ((rc = store_bulk_begin(st, err)))
			break;
		for (int k = i; k < end && !rc; k++) {
			rc = one_case(&d, times[k], err);
			if (!rc)
				stats->cases++;
		}
		if (rc) {
			fast_free(d.fast);
			d.fast = NULL;
			store_bulk_rollback(st);
			stats->cases = i;
			break;
		}
		if ((rc = store_bulk_commit(st, err)))
			break;
		if (opt->progress)
			opt->progress(end, opt->ncases, opt->progress_arg);
	}
	fast_free(d.fast);
	free(times);
	free(d.ring);
	return rc;
}
