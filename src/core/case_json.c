/* A case and its events as JSON (show --json, export, the events' before and after). */
#include "core/audit.h"
#include "core/cases.h"
#include "core/text.h"
#include "core/util.h"
#include "cases_db.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON ---- */

static json_t *jstr(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *jtime(struct cdatetime t)
{
	char buf[20];
	return cases_time_set(t) ? json_string(store_time(t, buf)) : json_null();
}

static json_t *jdate(struct cdatetime t)
{
	char buf[11];
	return cases_time_set(t) ? json_string(date_format(t.day, buf)) : json_null();
}

/* Term i of v as its code, or null where i is -1 (none). */
static json_t *jterm(const struct vocab *v, int i)
{
	return i >= 0 ? json_string(vocab_code(v, i)) : json_null();
}

json_t *cases_codes_json(const char (*codes)[RULES_CODE_MAX], int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

json_t *cases_transfer_json(const struct case_transfer *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "round", json_integer(t->round));
	json_object_set_new(o, "dept", json_string(t->dept));
	json_object_set_new(o, "lead", json_boolean(t->lead));
	json_object_set_new(o, "state", json_string(cases_transfer_states[t->state]));
	json_object_set_new(o, "at", jtime(t->at));
	json_object_set_new(o, "due", jdate(t->due));
	json_object_set_new(o, "due_time", jtime(t->due));
	json_object_set_new(o, "by", jstr(t->by));
	json_object_set_new(o, "done_at", jtime(t->done_at));
	json_object_set_new(o, "done_by", jstr(t->done_by));
	json_object_set_new(o, "feedback", jstr(t->feedback));
	json_object_set_new(o, "reason", jstr(t->reason));
	json_object_set_new(o, "paused_days", json_integer(t->paused_days));
	return o;
}

json_t *case_to_json(const struct case_record *r, bool details)
{
	json_t *o = json_object(), *a;
	char vd[11];

	json_object_set_new(o, "number", json_string(r->number));
	json_object_set_new(o, "status", json_string(status_code(r->status)));
	json_object_set_new(o, "class", json_string(class_code(r->hclass)));
	json_object_set_new(o, "dept", r->ndepts ? json_string(r->depts[0]) : json_null());
	json_object_set_new(o, "depts", cases_codes_json(r->depts, r->ndepts));
	json_object_set_new(o, "due", jdate(r->due));
	json_object_set_new(o, "due_time", jtime(r->due));
	json_object_set_new(o, "due_met", jtime(r->due_met));
	json_object_set_new(o, "round", json_integer(r->round));
	json_object_set_new(o, "round_at", jtime(r->round_at));
	json_object_set_new(o, "round_paused_days", json_integer(r->round_paused));
	a = json_array();
	for (unsigned bit = 1; bit < (1u << FLAG__COUNT); bit <<= 1)
		if (r->flags & bit)
			json_array_append_new(a, json_string(flag_code(bit)));
	if (r->escalated)
		json_array_append_new(a, json_string("escalated"));
	json_object_set_new(o, "flags", a);
	json_object_set_new(o, "escalated", json_boolean(r->escalated));
	json_object_set_new(o, "received", jtime(r->received));
	json_object_set_new(o, "channel", json_string(channel_code(r->channel)));
	json_object_set_new(o, "kind", json_string(kind_code(r->kind)));
	json_object_set_new(o, "name", jstr(r->name));
	json_object_set_new(o, "phone", jstr(r->phone));
	json_object_set_new(o, "relation", jstr(r->relation));
	json_object_set_new(o, "address", jstr(r->address));
	json_object_set_new(o, "id_number", jstr(r->id_number));
	json_object_set_new(o, "anonymous", json_boolean(r->anonymous));
	json_object_set_new(o, "group_size", json_integer(r->group_size));
	json_object_set_new(o, "representatives", jstr(r->representatives));
	json_object_set_new(o, "patient_name", jstr(r->patient_name));
	json_object_set_new(o, "patient_record", jstr(r->patient_record));
	json_object_set_new(o, "visit_date", r->visit_date != CDATE_NONE ?
			    json_string(date_format(r->visit_date, vd)) : json_null());
	json_object_set_new(o, "unit", jstr(r->unit));
	json_object_set_new(o, "staff", jstr(r->staff));
	json_object_set_new(o, "text", jstr(r->text));
	json_object_set_new(o, "demand", jstr(r->demand));
	json_object_set_new(o, "claim_fen", json_integer(r->claim_fen));
	json_object_set_new(o, "paid_fen", json_integer(r->paid_fen));
	json_object_set_new(o, "categories", cases_codes_json(r->categories, r->ncategories));
	json_object_set_new(o, "suggestion", r->suggestion ? json_loads(r->suggestion, 0, NULL)
			    : json_null());
	json_object_set_new(o, "override", r->override ? json_loads(r->override, 0, NULL)
			    : json_null());
	json_object_set_new(o, "override_by", jstr(r->override_by));
	json_object_set_new(o, "receiver", jstr(r->receiver));
	json_object_set_new(o, "reply_text", jstr(r->reply_text));
	json_object_set_new(o, "reply_method", jterm(&vocab_reply_method, r->reply_method));
	json_object_set_new(o, "replied_at", jtime(r->replied_at));
	json_object_set_new(o, "satisfaction", jterm(&vocab_satisfaction, r->satisfaction));
	json_object_set_new(o, "callback_at", jtime(r->callback_at));
	json_object_set_new(o, "callback_note", jstr(r->callback_note));
	json_object_set_new(o, "finding", jterm(&vocab_finding, r->finding));
	json_object_set_new(o, "close_note", jstr(r->close_note));
	json_object_set_new(o, "close_unreasonable", json_boolean(r->close_unreasonable));
	json_object_set_new(o, "closed_at", jtime(r->closed_at));
	json_object_set_new(o, "reject_reason", jterm(&vocab_reject_reason, r->reject_reason));
	json_object_set_new(o, "reject_note", jstr(r->reject_note));
	json_object_set_new(o, "merged_into", jstr(r->merged_into));
	json_object_set_new(o, "paused", json_boolean(r->status == STATUS_PAUSED));
	json_object_set_new(o, "paused_from", r->status == STATUS_PAUSED ?
			    json_string(status_code(r->paused_from)) : json_null());
	json_object_set_new(o, "paused_at", jtime(r->paused_at));
	json_object_set_new(o, "pause_reason", jstr(r->pause_reason));
	json_object_set_new(o, "paused_days", json_integer(r->paused_days));
	json_object_set_new(o, "in_review", json_boolean(r->in_review));
	json_object_set_new(o, "review_at", jtime(r->review_at));
	json_object_set_new(o, "review_reason", jstr(r->review_reason));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "updated", jtime(r->updated));
	if (r->identity_masked)
		json_object_set_new(o, "identity_hidden", json_true());
	if (!details)
		return o;
	a = json_array();
	for (int i = 0; i < r->ntransfers; i++)
		json_array_append_new(a, cases_transfer_json(&r->transfers[i]));
	json_object_set_new(o, "transfers", a);
	a = json_array();
	for (int i = 0; i < r->ndrafts; i++) {
		const struct case_draft *d = &r->drafts[i];
		json_t *ap = json_array();
		for (int k = 0; k < d->napprovals; k++) {
			const struct case_approval *p = &d->approvals[k];
			json_array_append_new(ap, json_pack("{s:i, s:s, s:s, s:b, s:o, s:o}",
				"step", p->step + 1, "role", p->role, "actor", p->actor,
				"approved", p->approved, "at", jtime(p->at), "note", jstr(p->note)));
		}
		json_array_append_new(a, json_pack("{s:i, s:i, s:s, s:o, s:s, s:s, s:o}",
			"version", d->version, "round", d->round, "author", d->author,
			"at", jtime(d->at), "state", cases_draft_states[d->state], "text", d->text ? d->text : "",
			"approvals", ap));
	}
	json_object_set_new(o, "drafts", a);
	a = json_array();
	for (int i = 0; i < r->nmaterials; i++) {
		const struct case_material *m = &r->materials[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:o}", "description",
			m->description ? m->description : "", "path", jstr(m->path),
			"added_by", m->added_by, "at", jtime(m->at)));
	}
	json_object_set_new(o, "materials", a);
	return o;
}

json_t *case_event_to_json(const struct store_event *ev)
{
	/* An unreadable before or after (changed outside cdesk) shows as null. */
	json_t *before = ev->before ? json_loads(ev->before, 0, NULL) : NULL;
	json_t *after = ev->after ? json_loads(ev->after, 0, NULL) : NULL;

	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:o?, s:o?, s:o, s:b, s:s}",
			 "id", (json_int_t)ev->id, "round", ev->round, "actor", ev->actor,
			 "at", ev->at, "recorded", ev->recorded, "action", ev->action,
			 "before", before, "after", after, "note", jstr(ev->note),
			 "entered_late", case_event_late(ev), "hash", ev->hash);
}

int case_days_left(const struct calendar *cal, const struct case_record *rec, cdate today)
{
	if (!cases_time_set(rec->due))
		return 0;
	return calendar_days_left(cal, today, rec->due.day);
}

json_t *case_reasons_json(const struct rule_suggestion *s)
{
	json_t *a = json_array();

	for (int i = 0; i < s->nreasons; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "part", s->reasons[i].part,
						   "rule", s->reasons[i].rule,
						   "detail", s->reasons[i].detail));
	return a;
}
