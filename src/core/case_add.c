/* Registering a case: validation, classification, the gapless number, the first event. */
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

void case_input_init(struct case_input *in)
{
	memset(in, 0, sizeof *in);
	in->channel = -1;
	in->kind = -1;
	in->hclass = -1;
	in->received = cases_no_time();
	in->visit_date = CDATE_NONE;
}

static json_t *suggestion_json(const struct rule_suggestion *sg)
{
	json_t *o = json_object(), *a;
	char flags[128];

	json_object_set_new(o, "kind", json_string(kind_code(sg->kind)));
	a = json_array();
	for (int i = 0; i < sg->ncategories; i++)
		json_array_append_new(a, json_string(sg->categories[i]));
	json_object_set_new(o, "categories", a);
	a = json_array();
	for (int i = 0; i < sg->ndepts; i++)
		json_array_append_new(a, json_string(sg->depts[i]));
	json_object_set_new(o, "depts", a);
	json_object_set_new(o, "class", json_string(class_code(sg->hclass)));
	json_object_set_new(o, "flags", json_string(flags_format(sg->flags, flags, sizeof flags)));
	json_object_set_new(o, "claim_fen", json_integer(sg->claim_fen));
	json_object_set_new(o, "defaulted", json_boolean(sg->defaulted));
	a = json_array();
	for (int i = 0; i < sg->nreasons; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "part", sg->reasons[i].part,
						   "rule", sg->reasons[i].rule,
						   "detail", sg->reasons[i].detail));
	json_object_set_new(o, "reasons", a);
	return o;
}

static int validate_input(const struct case_ctx *ctx, const struct case_input *in,
			  struct cdatetime received, struct err *err)
{
	static const struct { const char *field; size_t off; size_t max; bool multi; } texts[] = {
		{ "name", offsetof(struct case_input, name), CASE_SHORT_MAX, false },
		{ "relation", offsetof(struct case_input, relation), CASE_SHORT_MAX, false },
		{ "address", offsetof(struct case_input, address), CASE_NOTE_MAX, false },
		{ "id number", offsetof(struct case_input, id_number), CASE_SHORT_MAX, false },
		{ "representatives", offsetof(struct case_input, representatives), CASE_NOTE_MAX, true },
		{ "patient name", offsetof(struct case_input, patient_name), CASE_SHORT_MAX, false },
		{ "patient record", offsetof(struct case_input, patient_record), CASE_SHORT_MAX, false },
		{ "unit", offsetof(struct case_input, unit), CASE_SHORT_MAX, false },
		{ "staff", offsetof(struct case_input, staff), CASE_SHORT_MAX, false },
		{ "demand", offsetof(struct case_input, demand), CASE_NOTE_MAX, true },
	};
	char a[20], n[20];

	if (in->channel < 0 || in->channel >= CHANNEL__COUNT)
		return err_set(err, ERR_USAGE, "channel is required (one of: %s)", channel_codes());
	if (in->kind < -1 || in->kind >= KIND__COUNT)
		return err_set(err, ERR_USAGE, "kind must be one of: %s", kind_codes());
	if (in->hclass < -1 || in->hclass >= CLASS__COUNT)
		return err_set(err, ERR_USAGE, "class must be one of: %s", class_codes());
	if (cases_check_text("the account (text)", in->text, CASE_TEXT_MAX, true, true, err))
		return ERR_USAGE;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = *(const char *const *)((const char *)in + texts[i].off);
		if (cases_check_text(texts[i].field, v, texts[i].max, texts[i].multi, false, err))
			return ERR_USAGE;
	}
	if (cases_check_phone(in->phone, err))
		return ERR_USAGE;
	if (!in->anonymous && (!in->name || !*in->name) && (!in->phone || !*in->phone))
		return err_set(err, ERR_USAGE, "the complainant's name or phone is required "
			       "(or mark the complaint anonymous)");
	if (in->group_size < 0 || in->group_size > 100000)
		return err_set(err, ERR_USAGE, "group size %d is out of range (1-100000)",
			       in->group_size);
	if (in->claim_fen < 0)
		return err_set(err, ERR_USAGE, "the claimed amount may not be negative");
	if (in->claim_fen > INT64_C(1000000000000000))
		return err_set(err, ERR_USAGE, "the claimed amount is implausibly large");
	if (datetime_cmp(received, ctx->now) > 0)
		return err_set(err, ERR_USAGE, "received time %s is in the future (now %s)",
			       store_time(received, a), store_time(ctx->now, n));
	if (in->visit_date != CDATE_NONE && in->visit_date > received.day) {
		char d[11];
		return err_set(err, ERR_USAGE, "visit date %s is after the complaint was received",
			       date_format(in->visit_date, d));
	}
	if (in->unit && *in->unit && !rules_unit_valid(ctx->rules, in->unit))
		return err_set(err, ERR_NOTFOUND, "unknown subject unit '%s' (see the [units] of "
			       "rules.ini)", in->unit);
	if (in->ndepts < 0 || in->ndepts > RULES_MAX_DEPTS || in->ncategories < 0 ||
	    in->ncategories > RULES_MAX_CATEGORIES || in->nmaterials < 0 || in->nmaterials > 8)
		return err_set(err, ERR_USAGE, "too many departments, categories or materials");
	for (int i = 0; i < in->nmaterials; i++)
		if (cases_check_text("material", in->materials[i], CASE_NOTE_MAX, false, true, err))
			return ERR_USAGE;
	return 0;
}

int cases_insert_material(const struct case_ctx *ctx, int64_t case_id, const char *desc,
			   const char *path, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(ctx->st, "INSERT INTO materials (case_id, description, path, "
				"added_by, at) VALUES (?, ?, ?, ?, ?)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, case_id);
	cases_bind_text(s, 2, desc);
	cases_bind_text(s, 3, path);
	cases_bind_text(s, 4, ctx->actor);
	cases_bind_time(s, 5, ctx->at);
	return cases_step_done(ctx->st, s, "materials", err);
}

int case_add(const struct case_ctx *ctx, const struct case_input *in, struct case_record *out,
	     struct err *err)
{
	struct rule_suggestion sg;
	struct rule_input ri = { 0 };
	struct case_record r = { 0 };
	struct cdatetime received = cases_time_set(in->received) ? in->received : ctx->at;
	json_t *override = json_object(), *sugg;
	char *sugg_s = NULL, *over_s = NULL;
	int rc, seq = 0;

	if (out)
		memset(out, 0, sizeof *out);
	if ((rc = cases_permit(ctx, "add", NULL, err)))
		goto done_json;
	if ((rc = validate_input(ctx, in, received, err)))
		goto done_json;

	ri.text = in->text;
	ri.demand = in->demand;
	ri.unit = in->unit;
	ri.claim_fen = in->claim_fen;
	ri.group_size = in->group_size;
	ri.channel = in->channel;
	ri.anonymous = in->anonymous;
	rules_classify(ctx->rules, &ri, &sg);
	sugg = suggestion_json(&sg);
	sugg_s = cases_json_dump(sugg);
	json_decref(sugg);

	/* The values in force: the suggestion, then the clerk's overrides. */
	cases_record_init(&r);
	r.received = received;
	r.channel = (enum channel)in->channel;
	r.kind = in->kind >= 0 ? (enum case_kind)in->kind : sg.kind;
	if (in->kind >= 0 && (enum case_kind)in->kind != sg.kind)
		json_object_set_new(override, "kind", json_string(kind_code(r.kind)));
	r.hclass = in->hclass >= 0 ? (enum handling_class)in->hclass : sg.hclass;
	if (in->hclass >= 0 && (enum handling_class)in->hclass != sg.hclass)
		json_object_set_new(override, "class", json_string(class_code(r.hclass)));
	if (in->ndepts > 0) {
		json_t *a = json_array();
		for (int i = 0; i < in->ndepts; i++) {
			if ((rc = cases_dept_code(ctx, in->depts[i], r.depts[i], err))) {
				json_decref(a);
				goto done_json;
			}
			for (int k = 0; k < i; k++)
				if (strcmp(r.depts[k], r.depts[i]) == 0) {
					rc = err_set(err, ERR_USAGE, "department %s is named twice",
						     r.depts[i]);
					json_decref(a);
					goto done_json;
				}
			json_array_append_new(a, json_string(r.depts[i]));
		}
		r.ndepts = in->ndepts;
		json_object_set_new(override, "depts", a);
	} else {
		r.ndepts = sg.ndepts;
		memcpy(r.depts, sg.depts, sizeof r.depts);
		if (r.ndepts == 0 && rules_default_dept(ctx->rules)) {
			snprintf(r.depts[0], RULES_CODE_MAX, "%s", rules_default_dept(ctx->rules)->code);
			r.ndepts = 1;
		}
	}
	if (r.ndepts == 0) {
		rc = err_set(err, ERR_DATA, "rules.ini names no department to handle this case");
		goto done_json;
	}
	if (in->ncategories > 0) {
		json_t *a = json_array();
		for (int i = 0; i < in->ncategories; i++) {
			const struct category *c = rules_category_find(ctx->rules, in->categories[i]);
			if (!c) {
				char *clean = text_sanitize(in->categories[i]);
				rc = err_set(err, ERR_NOTFOUND, "unknown category '%s'", clean);
				free(clean);
				json_decref(a);
				goto done_json;
			}
			snprintf(r.categories[i], RULES_CODE_MAX, "%s", c->code);
			json_array_append_new(a, json_string(c->code));
		}
		r.ncategories = in->ncategories;
		json_object_set_new(override, "categories", a);
	} else {
		r.ncategories = sg.ncategories;
		memcpy(r.categories, sg.categories, sizeof r.categories);
	}
	r.flags = (sg.flags | in->flags_set) & ~in->flags_clear;
	if (in->anonymous)
		r.flags |= FLAG_ANONYMOUS;
	if (r.flags != sg.flags) {
		char f[128];
		json_object_set_new(override, "flags", json_string(flags_format(r.flags, f, sizeof f)));
	}
	r.claim_fen = in->claim_fen > 0 ? in->claim_fen : sg.claim_fen;
	r.status = STATUS_REGISTERED;
	r.round = 1;
	r.round_at = received;
	if ((rc = rules_due_reply(ctx->rules, ctx->cal, r.hclass, r.ndepts, received, &r.due, err)))
		goto done_json;
	if (json_object_size(override))
		over_s = cases_json_dump(override);

	/* The intake fields as typed, borrowed from in (r is never freed). */
	r.name = (char *)in->name;
	r.phone = (char *)in->phone;
	r.relation = (char *)in->relation;
	r.address = (char *)in->address;
	r.id_number = (char *)in->id_number;
	r.anonymous = in->anonymous;
	r.group_size = in->group_size;
	r.representatives = (char *)in->representatives;
	r.patient_name = (char *)in->patient_name;
	r.patient_record = (char *)in->patient_record;
	r.visit_date = in->visit_date;
	r.unit = (char *)in->unit;
	r.staff = (char *)in->staff;
	r.text = (char *)in->text;
	r.demand = (char *)in->demand;
	r.suggestion = sugg_s;
	r.override = over_s;
	if (over_s)
		snprintf(r.override_by, sizeof r.override_by, "%s", ctx->actor ? ctx->actor : "");
	snprintf(r.receiver, sizeof r.receiver, "%s", ctx->actor ? ctx->actor : "");

	if ((rc = store_begin(ctx->st, err)))
		goto done_json;
	if ((rc = cases_number_next(ctx, date_year(received.day), &seq, r.number, sizeof r.number,
				    err)) ||
	    (rc = cases_row_insert(ctx, &r, seq, err)))
		goto rollback;
	for (int i = 0; i < in->nmaterials; i++) {
		char *desc = xstrdup(in->materials[i]), *eq = strchr(desc, '=');
		if (eq)
			*eq++ = '\0';
		rc = cases_insert_material(ctx, r.id, desc, eq, err);
		free(desc);
		if (rc)
			goto rollback;
	}
	{
		struct case_record full;
		json_t *extra;
		if ((rc = case_get_id(ctx->st, r.id, false, &full, err)))
			goto rollback;
		extra = json_object();
		if (full.suggestion)
			json_object_set_new(extra, "suggestion", json_loads(full.suggestion, 0, NULL));
		if (in->nmaterials > 0) {
			json_t *m = json_array();
			for (int i = 0; i < in->nmaterials; i++)
				json_array_append_new(m, json_string(in->materials[i]));
			json_object_set_new(extra, "materials", m);
		}
		rc = cases_record_event(ctx, NULL, &full, "add", extra, NULL, err);
		if (!rc && out)
			*out = full;
		else
			case_record_free(&full);
		if (rc)
			goto rollback;
	}
	if ((rc = store_commit(ctx->st, err))) {
		if (out)
			case_record_free(out);
		goto done_json;
	}
	goto done_json;
rollback:
	store_rollback(ctx->st);
done_json:
	json_decref(override);
	free(sugg_s);
	free(over_s);
	return rc;
}

