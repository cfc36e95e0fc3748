/* The demo database: the run over the generated complaints, each case taken by the walked or the direct path, and the helpers both share. */
#include "core/cases.h"
#include "core/demo.h"
#include "core/users.h"
#include "core/util.h"
#include "demo_run.h"

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

const char *const demo_clerks[] = { "liuyan", "zhoumin", "wangfang", "chenxue" };
const char *const demo_officers[] = { "chenjing", "sunli", "hetao" };

const char *const demo_replies[] = {
	"经调查核实，您反映的情况属实，科室已对当事人进行批评教育，并在全科会议上通报整改。",
	"经调查，相关诊疗过程符合诊疗规范，医生已向您当面解释；对沟通不到位之处，我们深表歉意。",
	"经核查，您反映的收费问题系录入错误，多收费用已按原渠道退还，并对责任人进行了处理。",
	"经了解，您反映的问题部分属实，医院已制定整改措施，感谢您的监督。",
	"感谢您的来信，相关建议已转相关部门研究落实，我们将持续改进服务。",
};
const char *const demo_feedbacks[] = {
	"经科室调查，当事人对所反映情况基本承认，已进行批评教育并扣发当月绩效。",
	"经调阅病历及监控，诊疗过程符合规范，已安排主治医生与患者家属沟通解释。",
	"经核查费用清单，确有重复收费，已办理退费，并对收费人员进行培训。",
	"已对相关设施进行维修，并加强巡查。",
	"经调查，反映情况部分属实，科室已制定整改措施。",
};

struct demo_recent {
	struct demo_complaint c;
	char number[32];
	struct cdatetime received;
	bool usable;                /* neither merged nor rejected */
};

const char *demo_dept_actor(struct demo_run *d, const char *dept)
{
	size_t i;

	for (i = 0; dept[i] && i + sizeof "01" < sizeof d->dept_actor; i++)
		d->dept_actor[i] = (char)(dept[i] >= 'A' && dept[i] <= 'Z' ? dept[i] + 32 : dept[i]);
	snprintf(d->dept_actor + i, sizeof d->dept_actor - i, "01");
	return d->dept_actor;
}

struct cdatetime demo_work_after(struct demo_run *d, struct cdatetime t, int n)
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

bool demo_may_stay_overdue(struct demo_run *d, struct cdatetime received)
{
	return calendar_working_days_between(d->cal, received.day, d->opt->now.day) <=
	       OVERDUE_WINDOW;
}

int demo_failed(struct demo_run *d, const char *action, struct err *err)
{
	return err_prefix(err, "demo: %s %s: ", action, d->number);
}

enum finding demo_pick_finding(struct demo_run *d)
{
	int x = rnd(d, 100);

	return x < 30 ? FINDING_SUBSTANTIATED : x < 65 ? FINDING_PARTLY : FINDING_NOT;
}

void demo_fill_input(const struct demo_complaint *c, struct cdatetime received,
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

static int one_case(struct demo_run *d, struct cdatetime received, struct err *err)
{
	struct demo_complaint c;
	struct case_input in;
	struct case_record rec = { 0 };
	struct demo_recent *orig = NULL;
	bool office;
	int rc;

	office = calendar_is_working_day(d->cal, received.day) && received.sec >= 8 * 3600 &&
		 received.sec < 17 * 3600 + 1800;
	/* About one in fifty is the same matter again from the same person. */
	if (d->nring > 0 && chance(d, 20)) {
		struct demo_recent *p = &d->ring[rnd(d, d->nring < RING ? d->nring : RING)];
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
		rc = demo_fast_case(d, &c, received, &rec, &done, err);
		if (rc || done) {
			if (done) {
				struct demo_recent *slot = &d->ring[d->nring++ % RING];
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
	demo_fill_input(&c, received, &in);
	d->ctx.at = received;
	d->ctx.actor = PICK(d, demo_clerks);
	d->t = received;
	d->stopped = false;
	d->stats->actions++;
	if (case_add(&d->ctx, &in, &rec, err))
		return err_prefix(err, "demo: add (%s, %s): ", demo_topic_name(c.topic),
				  c.text);
	snprintf(d->number, sizeof d->number, "%s", rec.number);
	if (orig) {
		if (demo_at(d, demo_work_after(d, d->t, rnd(d, 2)), PICK(d, demo_officers))) {
			if (case_merge(&d->ctx, d->number, orig->number,
				       "同一投诉人就同一事项重复反映，已告知投诉人合并办理", err)) {
				case_record_free(&rec);
				return demo_failed(d, "merge", err);
			}
		}
		rc = 0;
	} else {
		rc = demo_walk(d, &c, &rec, err);
	}
	if (!rc)
		rc = demo_load(d, &rec, err);
	if (!rc) {
		struct demo_recent *slot = &d->ring[d->nring++ % RING];
		count_final(d, &rec);
		slot->c = c;
		snprintf(slot->number, sizeof slot->number, "%s", rec.number);
		slot->received = received;
		slot->usable = rec.status != STATUS_MERGED && rec.status != STATUS_REJECTED;
	}
	case_record_free(&rec);
	return rc;
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
	for (size_t i = 0; !rc && i < sizeof demo_clerks / sizeof demo_clerks[0]; i++)
		rc = users_seed(&d->ctx, demo_clerks[i], USER_CLERK, NULL, NULL, err);
	for (size_t i = 0; !rc && i < sizeof demo_officers / sizeof demo_officers[0]; i++)
		rc = users_seed(&d->ctx, demo_officers[i], USER_OFFICER, NULL, NULL, err);
	for (int i = 0; !rc && i < rules_dept_count(d->rules); i++) {
		const char *code = rules_dept(d->rules, i)->code;
		rc = users_seed(&d->ctx, demo_dept_actor(d, code), USER_HANDLER, code, NULL, err);
	}
	for (int c = 0; !rc && c < CLASS__COUNT; c++) {
		const char *const *steps;
		int n = rules_approval_chain(d->rules, (enum handling_class)c, &steps);
		for (int i = 0; !rc && i < n; i++) {
			const char *need = rules_approver(d->rules, steps[i]), *colon = strchr(need, ':');
			char role[32];
			snprintf(role, sizeof role, "%.*s", colon ? (int)(colon - need) : (int)strlen(need),
				 need);
			rc = users_seed(&d->ctx, demo_role_actor(steps[i]),
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
int demo_build(struct store *st, const struct ruleset *rules, const struct calendar *cal,
	       const struct demo_options *opt, struct demo_stats *stats, struct err *err)
{
	struct demo_run d = { 0 };
	struct cdatetime *times;
	int batch = opt->batch > 0 ? opt->batch : 1000, rc = 0;

	if (opt->ncases < 1)
		return err_set(err, ERR_USAGE, "the number of cases must be at least 1");
	if ((rc = rules_keywords(rules, err)))
		return rc;
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
	/* the indexes, the full-text index and the triggers' work built once,
	 * after the rows (store_load.c) */
	if ((rc = store_load_begin(st, err))) {
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
			/* each case, not each batch: the listener throttles */
			if (!rc && k + 1 < end && opt->progress)
				opt->progress(k + 1, opt->ncases, opt->progress_arg);
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
	if (rc) {
		/* the batches committed keep their indexes */
		struct err e2 = { 0 };
		store_load_finish(st, &e2);
		return rc;
	}
	return store_load_finish(st, err);
}
