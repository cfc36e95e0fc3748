/* The direct path of the demo: a plain old case planned whole and written in its final state, with its transfers and a short hash-chained timeline. */
#include "core/cases.h"
#include "core/demo.h"
#include "core/util.h"
#include "cases_db.h"
#include "demo_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * At a million cases, walking each one through the case actions costs
 * about 4 ms a case, over an hour; old cases whose life was plain (closed
 * on time or late, answered at the desk, not accepted) are instead written
 * directly in their final state, with their transfers and a short timeline
 * (add, transfer, feedback, reply, callback, close). The number, the row
 * and the events are written by the functions case_add and the actions use
 * (cases_number_next, cases_row_insert, store_event_append), so they are
 * numbered, stored and hash-chained alike. Anything else (still open,
 * reopened, merged, paused, returned, reviewed) takes the actions.
 *
 * The generator's draws are taken in the same order as they always were:
 * the same seed gives the same database.
 */

/* One event of a planned timeline; the strings are owned. */
struct fev {
	struct cdatetime at;
	char *actor;
	const char *action;
	char *before, *after;       /* JSON objects, or NULL */
	json_t *whole;              /* the add event's after, as an object (after NULL) */
	const char *note;
};

/* A department's transfer of a planned life, answered. */
struct ftransfer {
	char dept[RULES_CODE_MAX];
	struct cdatetime at, due, done;
	int fb;                     /* its feedback: an index of demo_feedbacks */
};

/* A case's planned life: its timeline in order, its transfers, its staff. */
struct fplan {
	struct fev *ev;
	int n, cap;
	struct ftransfer tr[RULES_MAX_DEPTS];
	int ntr;
	const char *clerk, *officer;
	bool late;                  /* the department answers after its due */
	struct cdatetime t;         /* the time of the last planned event */
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
	e->whole = NULL;
	e->note = note;
	return e;
}

static void plan_free(struct fplan *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->ev[i].actor);
		free(p->ev[i].before);
		free(p->ev[i].after);
		json_decref(p->ev[i].whole);
	}
	free(p->ev);
	memset(p, 0, sizeof *p);
}

/* The case as registered: classified by the rules, due computed. Leaves
 * r->ndepts 0 when no department would take it. */
static int fast_record(struct demo_run *d, const struct demo_complaint *c,
		       struct cdatetime received, struct case_record *r, struct err *err)
{
	struct rule_input ri = { 0 };
	struct rule_suggestion sg;

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
		return demo_failed(d, "due", err);
	return 0;
}

/* An event's "after" as the actions write it (compact, keys sorted): every
 * field the step changed, so that cdesk check's replay of the events gives
 * the case (audit.c). */
static char *after_dump(json_t *o)
{
	char *s = cases_json_dump(o);

	json_decref(o);
	return s;
}

/* Not accepted: a legal matter, or a complaint the office rejects. */
static void plan_reject(struct demo_run *d, const struct demo_complaint *c,
			struct case_record *r, struct fplan *p)
{
	static const int reasons[] = { REJECT_NO_FACTS, REJECT_OUT_OF_REMIT,
				       REJECT_HIGHER_OFFICE };
	struct cdatetime t = demo_work_after(d, p->t, rnd(d, 2));
	struct fev *e;
	char t1[20];

	r->status = STATUS_REJECTED;
	r->reject_reason = c->topic == TOPIC_LEGAL
		? (strstr(c->text, "报警") ? REJECT_POLICE : REJECT_COURT) : PICK(d, reasons);
	r->reject_note = "已告知投诉人不予受理的理由及其他救济途径";
	r->closed_at = t;
	e = plan_event(p, t, p->officer, "reject", r->reject_note);
	e->before = xstrdup("{\"status\": \"registered\"}");
	e->after = after_dump(json_pack("{s:s, s:s, s:s, s:s}", "status", "rejected",
					"reject_reason", reject_reason_code(r->reject_reason),
					"reject_note", r->reject_note, "closed_at", store_time(t, t1)));
	p->t = t;
}

/* A simple matter answered at the desk and closed there. */
static void plan_on_spot(struct demo_run *d, const struct demo_complaint *c,
			 struct case_record *r, struct fplan *p)
{
	struct cdatetime t = datetime_add_seconds(p->t, 300 + rnd(d, 2400));
	struct fev *e;
	char t1[20];

	r->status = STATUS_CLOSED;
	r->finding = c->kind == KIND_COMPLAINT ? (int)demo_pick_finding(d) : FINDING_NOT;
	r->close_note = "当场解释答复，投诉人表示理解";
	r->closed_at = r->due_met = t;
	e = plan_event(p, t, p->clerk, "close", r->close_note);
	e->before = xstrdup("{\"status\": \"registered\"}");
	e->after = after_dump(json_pack("{s:s, s:s, s:s, s:s, s:s}", "status", "closed",
					"finding", finding_code(r->finding), "close_note",
					r->close_note, "closed_at", store_time(t, t1),
					"due_met", t1));
	p->t = t;
}

/* The transfer to the case's departments and each one's written feedback,
 * on time or (p->late) after its due. */
static int plan_routed(struct demo_run *d, const struct case_record *r, struct fplan *p,
		       struct err *err)
{
	struct cdatetime tt = r->hclass == CLASS_EMERGENCY
		? datetime_add_seconds(p->t, 300 + rnd(d, 1200))
		: demo_work_after(d, p->t, chance(d, 700) ? 0 : 1);
	struct cdatetime fbdue, last;
	struct fev *e;
	int fbdays;

	if (rules_due_feedback(d->rules, d->cal, r->hclass, r->ndepts, tt, &fbdue, err))
		return demo_failed(d, "feedback due", err);
	fbdays = calendar_working_days_between(d->cal, tt.day, fbdue.day);
	e = plan_event(p, tt, p->officer, "transfer", NULL);
	e->before = xstrdup("{\"status\": \"registered\"}");
	e->after = xstrdup("{\"status\": \"routed\"}");
	last = tt;
	for (int i = 0; i < r->ndepts && p->ntr < COUNT(p->tr); i++) {
		struct ftransfer *tr = &p->tr[p->ntr];
		int k = p->late ? fbdays + 1 + rnd(d, 4) : 1 + rnd(d, fbdays > 1 ? fbdays : 1);
		struct cdatetime tf = r->hclass == CLASS_EMERGENCY
			? datetime_add_seconds(last, 600 + rnd(d, 1800))
			: demo_work_after(d, tt, k);
		if (datetime_cmp(tf, last) <= 0)
			tf = datetime_add_seconds(last, 600);
		last = tf;
		snprintf(tr->dept, sizeof tr->dept, "%s", r->depts[i]);
		tr->at = tt;
		tr->due = fbdue;
		tr->done = tf;
		tr->fb = rnd(d, COUNT(demo_feedbacks));
		e = plan_event(p, tf, demo_dept_actor(d, r->depts[i]), "feedback", NULL);
		e->after = xasprintf("{\"transfer\": {\"dept\": \"%s\", \"state\": "
				     "\"answered\"}}", r->depts[i]);
		p->ntr++;
	}
	p->t = last;
	return 0;
}

/* The office's reply (at the due, or after it when late), the callback and
 * the closure. */
static void plan_reply_close(struct demo_run *d, const struct demo_complaint *c,
			     struct case_record *r, struct fplan *p)
{
	struct cdatetime t = p->t, reply_at;
	struct fev *e;
	char t1[20];

	if (p->late || datetime_cmp(r->due, t) <= 0)
		reply_at = demo_work_after(d, datetime_cmp(r->due, t) > 0 ? r->due : t, 1 + rnd(d, 3));
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
	r->reply_text = (char *)PICK(d, demo_replies);
	e = plan_event(p, t, p->officer, "reply", NULL);
	e->after = after_dump(json_pack("{s:s, s:s, s:s, s:s, s:s}", "status", "replied",
					"reply_method", reply_method_code(r->reply_method),
					"due_met", store_time(t, t1), "replied_at", t1,
					"reply_text", r->reply_text));
	t = demo_work_after(d, t, 1 + rnd(d, 3));
	r->callback_at = t;
	r->satisfaction = chance(d, 780) ? SATISFIED : BASICALLY_SATISFIED;
	e = plan_event(p, t, p->officer, "callback", NULL);
	e->after = after_dump(json_pack("{s:s, s:s}", "satisfaction",
					satisfaction_code(r->satisfaction), "callback_at",
					store_time(t, t1)));
	t = demo_work_after(d, t, rnd(d, 2));
	r->status = STATUS_CLOSED;
	r->finding = (int)demo_pick_finding(d);
	if (r->claim_fen > 0 && r->finding != FINDING_NOT && chance(d, 600))
		r->paid_fen = r->claim_fen * (10 + rnd(d, 50)) / 100 / 10000 * 10000;
	r->closed_at = t;
	e = plan_event(p, t, p->officer, "close", NULL);
	e->before = xstrdup("{\"status\": \"replied\"}");
	e->after = after_dump(json_pack("{s:s, s:s, s:s, s:I}", "status", "closed", "finding",
					finding_code(r->finding), "closed_at", store_time(t, t1),
					"paid_fen", (json_int_t)r->paid_fen));
	p->t = t;
}

/* The add event holds the case as registered, like case_add's, with the
 * intake fields the direct path has always put in it. */
static void plan_add_after(const struct demo_complaint *c, const struct case_record *r,
			   struct fplan *p)
{
	struct case_record r0 = *r;
	struct case_input in;
	json_t *o;

	r0.status = STATUS_REGISTERED;
	r0.due_met = r0.replied_at = r0.callback_at = r0.closed_at = cases_no_time();
	r0.reply_method = r0.satisfaction = r0.finding = r0.reject_reason = -1;
	r0.reply_text = r0.close_note = r0.reject_note = NULL;
	r0.paid_fen = 0;
	demo_fill_input(c, r->received, &in);
	cases_borrow_intake(&in, &r0);
	o = case_to_json(&r0, false);
	json_object_del(o, "version");
	json_object_del(o, "updated");
	json_object_del(o, "suggestion");
	/* stored as store_event_append would store its dump */
	p->ev[0].whole = o;
	p->ev[0].note = "demo: history written directly (add, transfer, feedback, reply, "
			"callback, close)";
}

static const char fast_transfer_sql[] =
	"INSERT INTO transfers (case_id, round, dept, lead, state, at, due, by, done_at, done_by, "
	"feedback) VALUES (?, 1, ?, ?, 'answered', ?, ?, ?, ?, ?, ?)";

/* Writes the planned case: its number, its row (the complainant's fields
 * borrowed from c), its transfers and its events. */
static int fast_write(struct demo_run *d, const struct demo_complaint *c, struct case_record *r,
		      struct fplan *p, struct err *err)
{
	struct case_input in;
	sqlite3_stmt *s;
	int seq;

	if (cases_number_next(&d->ctx, date_year(r->received.day), &seq, r->number,
			      sizeof r->number, err))
		goto failed;
	snprintf(r->receiver, sizeof r->receiver, "%s", p->clerk);
	plan_add_after(c, r, p);
	demo_fill_input(c, r->received, &in);
	cases_borrow_intake(&in, r);
	if (cases_row_insert(&d->ctx, r, seq, err))
		goto failed;
	for (int i = 0; i < p->ntr; i++) {
		const struct ftransfer *tr = &p->tr[i];
		if (store_stmt(d->st, fast_transfer_sql, &s, err))
			goto failed;
		sqlite3_bind_int64(s, 1, r->id);
		cases_bind_text(s, 2, tr->dept);
		sqlite3_bind_int(s, 3, i == 0);
		cases_bind_time(s, 4, tr->at);
		cases_bind_time(s, 5, tr->due);
		cases_bind_text(s, 6, p->officer);
		cases_bind_time(s, 7, tr->done);
		cases_bind_text(s, 8, demo_dept_actor(d, tr->dept));
		cases_bind_text(s, 9, demo_feedbacks[tr->fb]);
		if (cases_stmt_run(d->st, s, "transfers", err))
			goto failed;
	}
	for (int i = 0; i < p->n; i++) {
		const struct fev *e = &p->ev[i];
		const struct store_event_in ev = {
			.case_id = r->id, .round = 1, .actor = e->actor, .at = e->at,
			.recorded = d->opt->now, .action = e->action, .before = e->before,
			.after = e->after, .after_obj = e->whole, .note = e->note,
		};

		if (store_event_append(d->st, &ev, NULL, err))
			goto failed;
		d->stats->actions++;
	}
	return 0;
failed:
	return err_prefix(err, "demo: %s: ", r->number);
}

int demo_fast_case(struct demo_run *d, const struct demo_complaint *c,
		   struct cdatetime received, struct case_record *r, bool *done,
		   struct err *err)
{
	struct fplan plan = { 0 };
	int x = rnd(d, 1000), rc;
	bool reject = x >= 150 && x < 170;

	*done = false;
	plan.late = x < 80;
	plan.clerk = PICK(d, demo_clerks);
	plan.officer = PICK(d, demo_officers);
	plan.t = received;
	/* Overdue, reopened, reviewed: the actions, for recent overdue cases
	 * and a share of the others that keeps a million cases in minutes. */
	if (x >= 80 && x < 175 && !reject) {
		bool overdue = x < 110;
		if (overdue ? demo_may_stay_overdue(d, received) : chance(d, d->api_share))
			return 0;
		plan.late = overdue;
	}
	if ((rc = fast_record(d, c, received, r, err)) || r->ndepts == 0)
		return rc;

	/* The add event carries the case as registered, as case_add's does
	 * (its "after" is filled in when the case is written). */
	plan_event(&plan, received, plan.clerk, "add", NULL);
	if (c->topic == TOPIC_LEGAL || (reject && c->kind == KIND_COMPLAINT)) {
		plan_reject(d, c, r, &plan);
	} else if (reject) {
		goto out;       /* drawn for rejection but no complaint: the actions take it */
	} else if (r->hclass == CLASS_SIMPLE && chance(d, 600)) {
		plan_on_spot(d, c, r, &plan);
	} else {
		if (r->hclass != CLASS_SIMPLE && (rc = plan_routed(d, r, &plan, err)))
			goto out;
		plan_reply_close(d, c, r, &plan);
	}
	if (datetime_cmp(plan.t, d->opt->now) > 0)
		goto out;       /* its life runs past now: the actions take it */
	if ((rc = fast_write(d, c, r, &plan, err)) == 0)
		*done = true;
out:
	plan_free(&plan);
	return rc;
}
