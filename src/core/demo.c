/* The demo database: each generated complaint walked through its life with the case actions, at realistic times. */
#include "core/cases.h"
#include "core/demo.h"
#include "core/util.h"
#include "cases_db.h"

#include <assert.h>
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

/* The office's replies and the departments' written feedback. */
static const char *const replies[] = {
	"经调查核实，您反映的情况属实，科室已对当事人进行批评教育，并在全科会议上通报整改。",
	"经调查，相关诊疗过程符合诊疗规范，医生已向您当面解释；对沟通不到位之处，我们深表歉意。",
	"经核查，您反映的收费问题系录入错误，多收费用已按原渠道退还，并对责任人进行了处理。",
	"经了解，您反映的问题部分属实，医院已制定整改措施，感谢您的监督。",
	"感谢您的来信，相关建议已转相关部门研究落实，我们将持续改进服务。",
};
static const char *const feedbacks[] = {
	"经科室调查，当事人对所反映情况基本承认，已进行批评教育并扣发当月绩效。",
	"经调阅病历及监控，诊疗过程符合规范，已安排主治医生与患者家属沟通解释。",
	"经核查费用清单，确有重复收费，已办理退费，并对收费人员进行培训。",
	"已对相关设施进行维修，并加强巡查。",
	"经调查，反映情况部分属实，科室已制定整改措施。",
};

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
/* An element of a const array, chosen by the generator. */
#define PICK(d, a) ((a)[rnd((d), COUNT(a))])

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

	for (i = 0; dept[i] && i + sizeof "01" < sizeof d->dept_actor; i++)
		d->dept_actor[i] = (char)(dept[i] >= 'A' && dept[i] <= 'Z' ? dept[i] + 32 : dept[i]);
	snprintf(d->dept_actor + i, sizeof d->dept_actor - i, "01");
	return d->dept_actor;
}

/* The login behind an approval-chain role of rules.ini. */
static const char *role_actor(const char *role)
{
	static const struct { const char *role, *actor; } map[] = {
		{ "office_head", "wanghong" }, { "supervisor", "zhaoming" },
		{ "office", "sunli" }, { "hospital_office", "office01" },
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
	enum reply_method method;

	if (nsteps < 0)
		nsteps = 0;
	if (nsteps > COUNT(ts) - 2)
		nsteps = COUNT(ts) - 2;
	spread(d, d->t, reply_at, nsteps + 2, ts);
	if (!at(d, ts[0], drafter))
		return 0;
	ACT(d, case_draft(&d->ctx, d->number, PICK(d, replies), err), "draft");
	/* Now and then the first approver sends the draft back once. */
	if (nsteps > 0 && chance(d, 40)) {
		if (!at(d, ts[1], role_actor(steps[0])))
			return 0;
		ACT(d, case_approve(&d->ctx, d->number, true, "答复内容不够具体，请补充整改措施", err),
		    "approve");
		if (!at(d, datetime_add_seconds(d->t, 1800 + rnd(d, 3600)), drafter))
			return 0;
		ACT(d, case_draft(&d->ctx, d->number, PICK(d, replies), err), "draft");
	}
	for (int i = 0; i < nsteps; i++) {
		if (!at(d, ts[1 + i], role_actor(steps[i])))
			return 0;
		ACT(d, case_approve(&d->ctx, d->number, false, NULL, err), "approve");
	}
	if (!at(d, ts[nsteps + 1], PICK(d, officers)))
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
	if (!at(d, tt, PICK(d, officers)))
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
		if (!at(d, work_after(d, d->t, 0), PICK(d, officers)))
			return 0;
		snprintf(lead, sizeof lead, "%s", dep->code);
		ACT(d, case_transfer(&d->ctx, d->number, lead, NULL, 0, "改派", err), "transfer");
	}

	/* Waiting for the complainant's materials stops the clock a while. */
	if (chance(d, 25)) {
		if (!at(d, work_after(d, d->t, rnd(d, 2)), PICK(d, officers)))
			return 0;
		ACT(d, case_pause(&d->ctx, d->number, "等待投诉人补充病历资料", err), "pause");
		if (!at(d, work_after(d, d->t, 2 + rnd(d, 6)), PICK(d, officers))) {
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
		char open[RULES_MAX_DEPTS * 2][RULES_CODE_MAX];
		int nopen = 0;
		for (int i = 0; i < rec->ntransfers && nopen < COUNT(open); i++)
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
			ACT(d, case_feedback(&d->ctx, d->number, open[i], PICK(d, feedbacks), err),
			    "feedback");
		}
	}
	/* Now and then the office upgrades the class once the facts are in. */
	ACT(d, load(d, rec, err), "load");
	if (rec->hclass == CLASS_GENERAL && rec->claim_fen > 0 && chance(d, 150)) {
		if (!at(d, work_after(d, d->t, 0), PICK(d, officers)))
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
	if (!at(d, work_after(d, d->t, 1 + rnd(d, 3)), PICK(d, officers)))
		return 0;
	s = unsatisfied ? UNSATISFIED : chance(d, 780) ? SATISFIED : BASICALLY_SATISFIED;
	ACT(d, case_callback(&d->ctx, d->number, s,
			     s == UNSATISFIED ? "投诉人对处理结果不满意，要求重新调查" : NULL, err),
	    "callback");
	if (s == UNSATISFIED) {
		*reopened = true;
		return 0;
	}
	if (!at(d, work_after(d, d->t, rnd(d, 2)), PICK(d, officers)))
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
			: (enum reject_reason)PICK(d, reasons);
		if (!at(d, work_after(d, d->t, rnd(d, 2)), PICK(d, officers)))
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
		ACT(d, answer(d, rec, PICK(d, officers),
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
		if (!at(d, work_after(d, d->t, 5 + rnd(d, 10)), PICK(d, officers)))
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
 * a short timeline (add, transfer, feedback, reply, callback, close). The
 * number, the row and the events are written by the functions case_add and
 * the actions use (cases_number_next, cases_row_insert, store_event_append),
 * so they are numbered, stored and hash-chained alike. Anything else (still
 * open, reopened, merged, paused, returned, reviewed) takes the actions.
 */

/* One event of a planned timeline; the strings are owned. */
struct fev {
	struct cdatetime at;
	char *actor;
	const char *action;
	char *before, *after;       /* JSON objects, or NULL */
	const char *note;
};

/* A case's planned timeline, in order. */
struct fplan {
	struct fev *ev;
	int n, cap;
};

static struct fev *plan_event(struct fplan *p, struct cdatetime at, const char *actor,
			      const char *action, const char *note)
{
	struct fev *e;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->ev = xrealloc(p->ev, (size_t)p->cap * sizeof *p->ev);
	}
	e = &p->ev[p->n++];
	e->at = at;
	e->actor = xstrdup(actor);
	e->action = action;
	e->before = e->after = NULL;
	e->note = note;
	return e;
}

static void plan_free(struct fplan *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->ev[i].actor);
		free(p->ev[i].before);
		free(p->ev[i].after);
	}
	free(p->ev);
	memset(p, 0, sizeof *p);
}

static const char fast_transfer_sql[] =
	"INSERT INTO transfers (case_id, round, dept, lead, state, at, due, by, done_at, done_by, "
	"feedback) VALUES (?, 1, ?, ?, 'answered', ?, ?, ?, ?, ?, ?)";

/* Plans the case's whole life; writes it when it ended before now and was
 * plain, else leaves *done false (nothing written) for the actions. */
static int fast_case(struct demo_run *d, const struct demo_complaint *c,
		     struct cdatetime received, struct case_record *r, bool *done, struct err *err)
{
	struct rule_input ri = { 0 };
	struct rule_suggestion sg;
	struct fplan plan = { 0 };
	struct fev *e;
	struct { char dept[RULES_CODE_MAX]; struct cdatetime at, due, done; int fb; } tr[RULES_MAX_DEPTS];
	int ntr = 0, x = rnd(d, 1000), seq, rc = 0;
	bool late = x < 80;
	struct cdatetime t = received;
	const char *clerk = PICK(d, clerks), *officer = PICK(d, officers);
	char t1[20];
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
	cases_record_init(r);
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
	r->round_at = received;
	r->visit_date = c->visit_days_before >= 0 ? received.day - c->visit_days_before : CDATE_NONE;
	if (rules_due_reply(d->rules, d->cal, r->hclass, r->ndepts, received, &r->due, err))
		return failed(d, "due", err);

	/* The add event carries the case as registered, as case_add's does
	 * (its "after" is filled in when the case is written). */
	plan_event(&plan, received, clerk, "add", NULL);

	if (c->topic == TOPIC_LEGAL || (x >= 150 && x < 170 && c->kind == KIND_COMPLAINT)) {
		static const int reasons[] = { REJECT_NO_FACTS, REJECT_OUT_OF_REMIT,
					       REJECT_HIGHER_OFFICE };
		t = work_after(d, t, rnd(d, 2));
		r->status = STATUS_REJECTED;
		r->reject_reason = c->topic == TOPIC_LEGAL
			? (strstr(c->text, "报警") ? REJECT_POLICE : REJECT_COURT) : PICK(d, reasons);
		r->reject_note = "已告知投诉人不予受理的理由及其他救济途径";
		r->closed_at = t;
		e = plan_event(&plan, t, officer, "reject", r->reject_note);
		e->before = xstrdup("{\"status\": \"registered\"}");
		e->after = xasprintf("{\"status\": \"rejected\", \"reject_reason\": \"%s\", "
				     "\"closed_at\": \"%s\"}", reject_reason_code(r->reject_reason),
				     store_time(t, t1));
	} else if (x >= 150 && x < 170) {
		goto out;
	} else if (r->hclass == CLASS_SIMPLE && chance(d, 600)) {
		t = datetime_add_seconds(t, 300 + rnd(d, 2400));
		r->status = STATUS_CLOSED;
		r->finding = c->kind == KIND_COMPLAINT ? (int)pick_finding(d) : FINDING_NOT;
		r->close_note = "当场解释答复，投诉人表示理解";
		r->closed_at = r->due_met = t;
		e = plan_event(&plan, t, clerk, "close", r->close_note);
		e->before = xstrdup("{\"status\": \"registered\"}");
		e->after = xasprintf("{\"status\": \"closed\", \"finding\": \"%s\", \"closed_at\": "
				     "\"%s\"}", finding_code(r->finding), store_time(t, t1));
	} else {
		struct cdatetime reply_at, last;
		if (r->hclass != CLASS_SIMPLE) {
			struct cdatetime tt = r->hclass == CLASS_EMERGENCY
				? datetime_add_seconds(t, 300 + rnd(d, 1200))
				: work_after(d, t, chance(d, 700) ? 0 : 1);
			struct cdatetime fbdue;
			int fbdays;
			if (rules_due_feedback(d->rules, d->cal, r->hclass, r->ndepts, tt, &fbdue, err)) {
				rc = failed(d, "feedback due", err);
				goto out;
			}
			fbdays = calendar_working_days_between(d->cal, tt.day, fbdue.day);
			e = plan_event(&plan, tt, officer, "transfer", NULL);
			e->before = xstrdup("{\"status\": \"registered\"}");
			e->after = xstrdup("{\"status\": \"routed\"}");
			last = tt;
			for (int i = 0; i < r->ndepts && ntr < COUNT(tr); i++) {
				int k = late ? fbdays + 1 + rnd(d, 4) : 1 + rnd(d, fbdays > 1 ? fbdays : 1);
				struct cdatetime tf = r->hclass == CLASS_EMERGENCY
					? datetime_add_seconds(last, 600 + rnd(d, 1800))
					: work_after(d, tt, k);
				if (datetime_cmp(tf, last) <= 0)
					tf = datetime_add_seconds(last, 600);
				last = tf;
				snprintf(tr[ntr].dept, sizeof tr[ntr].dept, "%s", r->depts[i]);
				tr[ntr].at = tt;
				tr[ntr].due = fbdue;
				tr[ntr].done = tf;
				tr[ntr].fb = rnd(d, COUNT(feedbacks));
				e = plan_event(&plan, tf, dept_actor(d, r->depts[i]), "feedback", NULL);
				e->after = xasprintf("{\"transfer\": {\"dept\": \"%s\", \"state\": "
						     "\"answered\"}}", r->depts[i]);
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
		r->reply_text = (char *)PICK(d, replies);
		e = plan_event(&plan, t, officer, "reply", NULL);
		e->after = xasprintf("{\"status\": \"replied\", \"reply_method\": \"%s\", "
				     "\"due_met\": \"%s\"}", reply_method_code(r->reply_method),
				     store_time(t, t1));
		t = work_after(d, t, 1 + rnd(d, 3));
		r->callback_at = t;
		r->satisfaction = chance(d, 780) ? SATISFIED : BASICALLY_SATISFIED;
		e = plan_event(&plan, t, officer, "callback", NULL);
		e->after = xasprintf("{\"satisfaction\": \"%s\"}", satisfaction_code(r->satisfaction));
		t = work_after(d, t, rnd(d, 2));
		r->status = STATUS_CLOSED;
		r->finding = (int)pick_finding(d);
		if (r->claim_fen > 0 && r->finding != FINDING_NOT && chance(d, 600))
			r->paid_fen = r->claim_fen * (10 + rnd(d, 50)) / 100 / 10000 * 10000;
		r->closed_at = t;
		e = plan_event(&plan, t, officer, "close", NULL);
		e->before = xstrdup("{\"status\": \"replied\"}");
		e->after = xasprintf("{\"status\": \"closed\", \"finding\": \"%s\", \"closed_at\": "
				     "\"%s\"}", finding_code(r->finding), store_time(t, t1));
	}
	if (datetime_cmp(t, d->opt->now) > 0)
		goto out;       /* its life runs past now: the actions take it */

	if ((rc = cases_number_next(&d->ctx, date_year(received.day), &seq, r->number,
				    sizeof r->number, err)))
		goto write_failed;
	snprintf(r->receiver, sizeof r->receiver, "%s", clerk);
	/* The add event holds the case as registered, like case_add's, with
	 * the intake fields the direct path has always put in it. */
	{
		struct case_record r0 = *r;
		json_t *o;
		r0.status = STATUS_REGISTERED;
		r0.due_met = r0.replied_at = r0.callback_at = r0.closed_at = cases_no_time();
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
		plan.ev[0].after = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		plan.ev[0].note = "demo: history written directly (add, transfer, feedback, reply, "
				  "callback, close)";
		json_decref(o);
	}

	/* The row as the complainant gave it (borrowed from c). */
	r->name = (char *)c->name;
	r->phone = (char *)c->phone;
	r->relation = (char *)c->relation;
	r->address = (char *)c->address;
	r->id_number = (char *)c->id_number;
	r->anonymous = c->anonymous;
	r->group_size = c->group_size;
	r->representatives = (char *)c->representatives;
	r->patient_name = (char *)c->patient_name;
	r->patient_record = (char *)c->patient_record;
	r->unit = (char *)c->unit;
	r->staff = (char *)c->staff;
	r->text = (char *)c->text;
	r->demand = (char *)c->demand;
	if ((rc = cases_row_insert(&d->ctx, r, seq, err)))
		goto write_failed;
	for (int i = 0; i < ntr; i++) {
		if ((rc = store_stmt(d->st, fast_transfer_sql, &s, err)))
			goto write_failed;
		sqlite3_bind_int64(s, 1, r->id);
		cases_bind_text(s, 2, tr[i].dept);
		sqlite3_bind_int(s, 3, i == 0);
		cases_bind_time(s, 4, tr[i].at);
		cases_bind_time(s, 5, tr[i].due);
		cases_bind_text(s, 6, officer);
		cases_bind_time(s, 7, tr[i].done);
		cases_bind_text(s, 8, dept_actor(d, tr[i].dept));
		cases_bind_text(s, 9, feedbacks[tr[i].fb]);
		if ((rc = cases_stmt_run(d->st, s, "transfers", err)))
			goto write_failed;
	}
	for (int i = 0; i < plan.n; i++) {
		e = &plan.ev[i];
		if ((rc = store_event_append(d->st, r->id, 1, e->actor, e->at, d->opt->now, e->action,
					     e->before, e->after, e->note, NULL, err)))
			goto write_failed;
		d->stats->actions++;
	}
	*done = true;
	goto out;
write_failed:
	rc = err_prefix(err, "demo: %s: ", r->number);
out:
	plan_free(&plan);
	return rc;
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
	fill_input(&c, received, &in);
	d->ctx.at = received;
	d->ctx.actor = PICK(d, clerks);
	d->t = received;
	d->stopped = false;
	d->stats->actions++;
	if (case_add(&d->ctx, &in, &rec, err))
		return err_prefix(err, "demo: add (%s, %s): ", demo_topic_name(c.topic),
				  c.text);
	snprintf(d->number, sizeof d->number, "%s", rec.number);
	if (orig) {
		if (at(d, work_after(d, d->t, rnd(d, 2)), PICK(d, officers))) {
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
			store_bulk_rollback(st);
			stats->cases = i;
			break;
		}
		if ((rc = store_bulk_commit(st, err)))
			break;
		if (opt->progress)
			opt->progress(end, opt->ncases, opt->progress_arg);
	}
	free(times);
	free(d.ring);
	return rc;
}
