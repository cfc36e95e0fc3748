/* Registering a case: validation, classification, the gapless number, the first event. */
#include "core/actions.h"
#include "core/cases.h"
#include "core/field.h"
#include "core/text.h"
#include "core/util.h"
#include "cases_db.h"

#include <ctype.h>
#include <libintl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cross-field messages follow the messages locale like the field checks. */
#define R_(s) dgettext("cdesk", s)

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
	json_t *o = json_object();
	char flags[128];

	json_object_set_new(o, "kind", json_string(kind_code(sg->kind)));
	json_object_set_new(o, "categories", cases_codes_json(sg->categories, sg->ncategories));
	json_object_set_new(o, "depts", cases_codes_json(sg->depts, sg->ndepts));
	json_object_set_new(o, "class", json_string(class_code(sg->hclass)));
	json_object_set_new(o, "flags", json_string(flags_format(sg->flags, flags, sizeof flags)));
	json_object_set_new(o, "claim_fen", json_integer(sg->claim_fen));
	json_object_set_new(o, "defaulted", json_boolean(sg->defaulted));
	json_object_set_new(o, "reasons", case_reasons_json(sg));
	return o;
}

/* Every field as case_field_check checks it typed, then what no single
 * field can say. Messages are the same whichever way the case came in. */
static int validate_input(const struct case_ctx *ctx, const struct case_input *in,
			  struct cdatetime received, struct err *err)
{
	struct case_input eff = *in;
	int rc;

	/* received as it takes effect: the input's, else ctx->at */
	eff.received = received;
	for (int f = 0; f < CF__COUNT; f++)
		if ((rc = case_field_check_input(&eff, (enum case_field)f, ctx->rules, ctx->now, err)))
			return rc;
	if (!in->anonymous && (!in->name || !*in->name) && (!in->phone || !*in->phone))
		return err_set(err, ERR_USAGE, R_("the complainant's name or phone is required "
						  "(or mark the complaint anonymous)"));
	if (in->visit_date != CDATE_NONE && in->visit_date > received.day) {
		char d[11];
		return err_set(err, ERR_USAGE, R_("visit date %s is after the complaint was received"),
			       date_format(in->visit_date, d));
	}
	if (in->ndepts < 0 || in->ndepts > RULES_MAX_DEPTS || in->ncategories < 0 ||
	    in->ncategories > RULES_MAX_CATEGORIES || in->nmaterials < 0 || in->nmaterials > CASE_MATERIALS_MAX)
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

	if ((rc = store_stmt(ctx->st, "INSERT INTO materials (case_id, description, path, "
			     "added_by, at) VALUES (?, ?, ?, ?, ?)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, case_id);
	cases_bind_text(s, 2, desc);
	cases_bind_text(s, 3, path);
	cases_bind_text(s, 4, ctx->actor);
	cases_bind_time(s, 5, ctx->at);
	return cases_stmt_run(ctx->st, s, "materials", err);
}

/* The rule module's suggestion for the input. */
static void classify_input(const struct case_ctx *ctx, const struct case_input *in,
			   struct rule_suggestion *sg)
{
	struct rule_input ri = { 0 };

	ri.text = in->text;
	ri.demand = in->demand;
	ri.unit = in->unit;
	ri.claim_fen = in->claim_fen;
	ri.group_size = in->group_size;
	ri.channel = in->channel;
	ri.anonymous = in->anonymous;
	rules_classify(ctx->rules, &ri, sg);
}

/* A code the clerk gave made a known one into code[RULES_CODE_MAX], or refused. */
typedef int code_fn(const struct case_ctx *ctx, const char *given, char *code, struct err *err);

/* The codes in force, into out and *nout: the clerk's n, each made known
 * by code_of and noted in override under key (with twice, what a code is,
 * not NULL, one named twice is refused), else the nsuggested suggested. */
static int codes_in_force(const struct case_ctx *ctx, const char *const *given, int n,
			  const char (*suggested)[RULES_CODE_MAX], int nsuggested, code_fn *code_of,
			  const char *twice, char (*out)[RULES_CODE_MAX], int *nout, const char *key,
			  json_t *override, struct err *err)
{
	int rc;

	if (n <= 0) {
		memcpy(out, suggested, (size_t)nsuggested * sizeof *out);
		*nout = nsuggested;
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if ((rc = code_of(ctx, given[i], out[i], err)))
			return rc;
		for (int k = 0; twice && k < i; k++)
			if (strcmp(out[k], out[i]) == 0)
				return err_set(err, ERR_USAGE, "%s %s is named twice", twice, out[i]);
	}
	*nout = n;
	json_object_set_new(override, key,
			    cases_codes_json((const char (*)[RULES_CODE_MAX])out, n));
	return 0;
}

/* The departments in force: the clerk's (each a known one, none twice),
 * noted in override, else the suggestion's, else rules.ini's default. */
static int override_depts(const struct case_ctx *ctx, const struct case_input *in,
			  const struct rule_suggestion *sg, struct case_record *r,
			  json_t *override, struct err *err)
{
	int rc = codes_in_force(ctx, in->depts, in->ndepts, sg->depts, sg->ndepts,
				cases_dept_code, "department", r->depts, &r->ndepts, "depts",
				override, err);

	if (!rc && r->ndepts == 0 && rules_default_dept(ctx->rules)) {
		snprintf(r->depts[0], RULES_CODE_MAX, "%s", rules_default_dept(ctx->rules)->code);
		r->ndepts = 1;
	}
	return rc;
}

/* A category by its code into code[RULES_CODE_MAX]; ERR_NOTFOUND. */
static int category_code(const struct case_ctx *ctx, const char *s, char *code, struct err *err)
{
	const struct category *c = rules_category_find(ctx->rules, s);

	if (!c) {
		char *clean = text_sanitize(s);
		int rc = err_set(err, ERR_NOTFOUND, "unknown category '%s'", clean);
		free(clean);
		return rc;
	}
	snprintf(code, RULES_CODE_MAX, "%s", c->code);
	return 0;
}


/* The values in force: the suggestion, then the clerk's overrides, each one
 * that differs noted in override (the case's "override" column). */
static int apply_overrides(const struct case_ctx *ctx, const struct case_input *in,
			   const struct rule_suggestion *sg, struct case_record *r,
			   json_t *override, struct err *err)
{
	int rc;

	r->kind = in->kind >= 0 ? (enum case_kind)in->kind : sg->kind;
	if (in->kind >= 0 && (enum case_kind)in->kind != sg->kind)
		json_object_set_new(override, "kind", json_string(kind_code(r->kind)));
	r->hclass = in->hclass >= 0 ? (enum handling_class)in->hclass : sg->hclass;
	if (in->hclass >= 0 && (enum handling_class)in->hclass != sg->hclass)
		json_object_set_new(override, "class", json_string(class_code(r->hclass)));
	if ((rc = override_depts(ctx, in, sg, r, override, err)))
		return rc;
	if (r->ndepts == 0)
		return err_set(err, ERR_DATA, "rules.ini names no department to handle this case");
	if ((rc = codes_in_force(ctx, in->categories, in->ncategories, sg->categories,
				 sg->ncategories, category_code, NULL, r->categories, &r->ncategories,
				 "categories", override, err)))
		return rc;
	r->flags = (sg->flags | in->flags_set) & ~in->flags_clear;
	if (in->anonymous)
		r->flags |= FLAG_ANONYMOUS;
	/* A medical-safety risk is acted on at once (第二十一条): emergency, by
	 * the hour, unless the clerk chose the class; an officer may lower it
	 * later with a reason (reclass). */
	if ((r->flags & FLAG_SAFETY) && in->hclass < 0 && r->hclass != CLASS_EMERGENCY) {
		r->hclass = CLASS_EMERGENCY;
		json_object_set_new(override, "class", json_string(class_code(r->hclass)));
		json_object_set_new(override, "class_why", json_string("safety"));
	}
	if (r->flags != sg->flags) {
		char f[128];
		json_object_set_new(override, "flags",
				    json_string(flags_format(r->flags, f, sizeof f)));
	}
	r->claim_fen = in->claim_fen > 0 ? in->claim_fen : sg->claim_fen;
	return 0;
}

void cases_borrow_intake(const struct case_input *in, struct case_record *r)
{
	r->name = (char *)in->name;
	r->phone = (char *)in->phone;
	r->relation = (char *)in->relation;
	r->address = (char *)in->address;
	r->id_number = (char *)in->id_number;
	r->anonymous = in->anonymous;
	r->group_size = in->group_size;
	r->representatives = (char *)in->representatives;
	r->patient_name = (char *)in->patient_name;
	r->patient_record = (char *)in->patient_record;
	r->visit_date = in->visit_date;
	r->unit = (char *)in->unit;
	r->staff = (char *)in->staff;
	r->text = (char *)in->text;
	r->demand = (char *)in->demand;
}

/* The "add" event, carrying the suggestion and the materials; the case as
 * written goes to out (when not NULL). */
static int add_event(const struct case_ctx *ctx, const struct case_input *in, int64_t id,
		     struct case_record *out, struct err *err)
{
	struct case_record full;
	json_t *extra;
	int rc;

	if ((rc = case_get_id(ctx->st, id, false, &full, err)))
		return rc;
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
	return rc;
}

/* In the open transaction: the gapless number, the row, the materials
 * ("DESC=PATH" or "DESC"), the event. */
static int insert_case(const struct case_ctx *ctx, const struct case_input *in,
		       struct case_record *r, struct case_record *out, struct err *err)
{
	int rc, seq = 0;

	if ((rc = cases_number_next(ctx, date_year(r->received.day), &seq, r->number,
				    sizeof r->number, err)) ||
	    (rc = cases_row_insert(ctx, r, seq, err)))
		return rc;
	for (int i = 0; i < in->nmaterials; i++) {
		char *desc = xstrdup(in->materials[i]), *eq = strchr(desc, '=');
		if (eq)
			*eq++ = '\0';
		rc = cases_insert_material(ctx, r->id, desc, eq, err);
		free(desc);
		if (rc)
			return rc;
	}
	return add_event(ctx, in, r->id, out, err);
}

int case_add(const struct case_ctx *ctx, const struct case_input *in, struct case_record *out,
	     struct err *err)
{
	struct rule_suggestion sg;
	struct case_record r = { 0 };
	struct case_ctx c;
	struct cdatetime received = cases_time_set(in->received) ? in->received : ctx->at;
	json_t *override = json_object(), *sugg;
	char *sugg_s = NULL, *over_s = NULL;
	int rc;

	if (out)
		memset(out, 0, sizeof *out);
	if ((rc = cases_permit(ctx, CA_ADD, NULL, err)) ||
	    (rc = rules_keywords(ctx->rules, err)))
		goto done_json;
	if ((rc = validate_input(ctx, in, received, err)))
		goto done_json;

	classify_input(ctx, in, &sg);
	sugg = suggestion_json(&sg);
	sugg_s = cases_json_dump(sugg);
	json_decref(sugg);

	cases_record_init(&r);
	r.received = received;
	r.channel = (enum channel)in->channel;
	if ((rc = apply_overrides(ctx, in, &sg, &r, override, err)))
		goto done_json;
	r.status = STATUS_REGISTERED;
	r.round = 1;
	r.round_at = received;
	if ((rc = rules_due_reply(ctx->rules, ctx->cal, r.hclass, r.ndepts, received, &r.due, err)))
		goto done_json;
	if (json_object_size(override))
		over_s = cases_json_dump(override);

	cases_borrow_intake(in, &r);
	r.suggestion = sugg_s;
	r.override = over_s;
	if (over_s)
		snprintf(r.override_by, sizeof r.override_by, "%s", ctx->actor ? ctx->actor : "");
	snprintf(r.receiver, sizeof r.receiver, "%s", ctx->actor ? ctx->actor : "");

	/* The deadline basis hashes the rules and holiday files: done before
	 * the write lock, which every other writer waits for (issue 13). */
	c = *ctx;
	if (!c.deadline_basis && c.deadline_basis_get) {
		c.deadline_basis = c.deadline_basis_get(c.deadline_basis_arg);
		c.deadline_basis_get = NULL;
	}
	if ((rc = store_begin(c.st, err)))
		goto done_json;
	if ((rc = insert_case(&c, in, &r, out, err))) {
		store_rollback(ctx->st);
		goto done_json;
	}
	if ((rc = store_commit(ctx->st, err)) && out)
		case_record_free(out);
done_json:
	json_decref(override);
	free(sugg_s);
	free(over_s);
	return rc;
}
