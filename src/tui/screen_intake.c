/* The intake form: every field a clerk fills, validated as typed, with the live rule suggestion beside it. */
#include "tui/i18n.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/tui_internal.h"
#include "core/field.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum field_type { F_TEXT, F_MULTI, F_CHOICE, F_TOGGLE, F_MULTICHOICE };

enum field_id {
	FI_CHANNEL, FI_KIND, FI_RECEIVED, FI_NAME, FI_PHONE, FI_RELATION, FI_ADDRESS, FI_IDNUM,
	FI_ANON, FI_GROUP, FI_REPS, FI_PATIENT, FI_RECORD, FI_VISIT, FI_UNIT, FI_STAFF, FI_TEXT,
	FI_DEMAND, FI_CLAIM, FI_CLASS, FI_DEPTS, FI_CATS, FI_FLAGS, FI_MATERIALS, FI__COUNT
};

struct field_def {
	const char *key;            /* draft JSON key */
	const char *label;          /* N_() */
	enum field_type type;
	size_t max;                 /* characters, for the fields not in the table */
	int height;                 /* rows of a multiline field */
	bool required;
	int cf;                     /* enum case_field checking it (core/field.h), or -1 */
};

static const struct field_def defs[FI__COUNT] = {
	[FI_CHANNEL] = { "channel", N_("Channel"), F_CHOICE, 0, 1, true, -1 },
	[FI_KIND] = { "kind", N_("Kind"), F_CHOICE, 0, 1, false, -1 },
	[FI_RECEIVED] = { "received", N_("Received"), F_TEXT, 0, 1, true, CF_RECEIVED },
	[FI_NAME] = { "name", N_("Complainant"), F_TEXT, 0, 1, false, CF_NAME },
	[FI_PHONE] = { "phone", N_("Phone"), F_TEXT, 0, 1, false, CF_PHONE },
	[FI_RELATION] = { "relation", N_("Relation"), F_TEXT, 0, 1, false, CF_RELATION },
	[FI_ADDRESS] = { "address", N_("Address"), F_TEXT, 0, 1, false, CF_ADDRESS },
	[FI_IDNUM] = { "id_number", N_("ID number"), F_TEXT, 0, 1, false, CF_ID_NUMBER },
	[FI_ANON] = { "anonymous", N_("Anonymous"), F_TOGGLE, 0, 1, false, -1 },
	[FI_GROUP] = { "group_size", N_("Group size"), F_TEXT, 0, 1, false, CF_GROUP_SIZE },
	[FI_REPS] = { "representatives", N_("Representatives"), F_TEXT, 0, 1, false,
		      CF_REPRESENTATIVES },
	[FI_PATIENT] = { "patient_name", N_("Patient"), F_TEXT, 0, 1, false, CF_PATIENT_NAME },
	[FI_RECORD] = { "patient_record", N_("Record no."), F_TEXT, 0, 1, false, CF_PATIENT_RECORD },
	[FI_VISIT] = { "visit_date", N_("Visit date"), F_TEXT, 0, 1, false, CF_VISIT_DATE },
	[FI_UNIT] = { "unit", N_("Subject unit"), F_CHOICE, 0, 1, false, -1 },
	[FI_STAFF] = { "staff", N_("Staff named"), F_TEXT, 0, 1, false, CF_STAFF },
	[FI_TEXT] = { "text", N_("Account"), F_MULTI, 0, 4, true, CF_ACCOUNT },
	[FI_DEMAND] = { "demand", N_("Demand"), F_MULTI, 0, 2, false, CF_DEMAND },
	[FI_CLAIM] = { "claim", N_("Claim (yuan)"), F_TEXT, 0, 1, false, CF_CLAIM },
	[FI_CLASS] = { "class", N_("Class"), F_CHOICE, 0, 1, false, -1 },
	[FI_DEPTS] = { "depts", N_("Departments"), F_MULTICHOICE, 0, 1, false, -1 },
	[FI_CATS] = { "categories", N_("Categories"), F_MULTICHOICE, 0, 1, false, -1 },
	[FI_FLAGS] = { "flags", N_("Flags"), F_MULTICHOICE, 0, 1, false, -1 },
	[FI_MATERIALS] = { "materials", N_("Materials"), F_TEXT, CASE_NOTE_MAX, 1, false, -1 },
};

/*
 * Characters a text field's editor takes: beyond the field's limit, so that
 * an overlong value is shown refused with the limit's message rather than
 * silently cut.
 */
static size_t editor_cap(int f)
{
	return defs[f].cf >= 0 ? case_fields[defs[f].cf].max * 2 + 16 : defs[f].max;
}

struct dup {
	char number[32];
	char line[160];
};

struct intake {
	struct lineedit ed[FI__COUNT];     /* text fields */
	int choice[FI__COUNT];             /* choice fields: -1 = unset / suggested */
	bool toggle[FI__COUNT];
	char depts[RULES_MAX_DEPTS][RULES_CODE_MAX];  /* override: empty = suggested */
	int ndepts;
	char cats[RULES_MAX_CATEGORIES][RULES_CODE_MAX];
	int ncats;
	unsigned flags_set, flags_clear;
	int focus;
	int scroll;                        /* first form row shown */
	int rows, cols, form_w, label_w, field_w, panel_x, panel_w;
	bool dirty;
	struct rule_suggestion sug;
	struct dup dups[5];
	int ndups;
	char dup_key[256];                 /* name|phone|text prefix the dups were found for */
};

static const struct binding intake_keys[] = {
	{ 19 /* Ctrl-S */, false, KM_TEXT, ACT_SAVE, N_("Save: register the case and show its number"), true },
	{ '\t', false, KM_TEXT, ACT_NEXT_FIELD, NULL, false },
	{ KEY_BTAB, true, KM_TEXT, ACT_PREV_FIELD, NULL, false },
	{ KEY_F(8), true, KM_TEXT, ACT_MERGE, N_("Merge: save and merge into the possible duplicate"), true },
	{ KEY_F(9), true, KM_TEXT, ACT_CHOOSE, N_("Choose: pick a code from its list (codes are never typed)"), true },
	{ ' ', false, KM_LIST, ACT_TOGGLE, N_("Toggle / choose"), false },
	{ KEY_F(3), true, KM_TEXT, ACT_QUEUES, NULL, false },
};

static bool is_text(int f)
{
	return defs[f].type == F_TEXT || defs[f].type == F_MULTI;
}

/*
 * The part a reason explains, as the panel shows it: "dept" or "科室",
 * "flag:media" or "标记:媒体"; an unknown part is shown as it is.
 */
static void reason_part(const struct tui *t, const char *part, char *buf, size_t size)
{
	const char *shown = NULL;
	unsigned flag;

	if (strcmp(part, "kind") == 0)
		shown = C_("reason part", "kind");
	else if (strcmp(part, "dept") == 0)
		shown = C_("reason part", "dept");
	else if (strcmp(part, "category") == 0)
		shown = C_("reason part", "category");
	else if (strcmp(part, "class") == 0)
		shown = C_("reason part", "class");
	else if (strcmp(part, "claim") == 0)
		shown = C_("reason part", "claim");
	if (shown) {
		snprintf(buf, size, "%s", shown);
		return;
	}
	if (strncmp(part, "flag:", 5) == 0 && (flag = flag_parse(part + 5)) != 0) {
		snprintf(buf, size, "%s:%s", C_("reason part", "flag"),
			 t->zh ? flag_label(flag) : flag_code(flag));
		return;
	}
	snprintf(buf, size, "%s", part);
}

static char *field_str(struct intake *in, int f)
{
	return le_get(&in->ed[f]);
}

/*
 * Validation of one field as typed: a message, or NULL when fine. The
 * table's fields get case_field_check's message, the one `cdesk add` and
 * CSV import give for the same value.
 */
static const char *validate(struct tui *t, struct intake *in, int f, char *buf, size_t size)
{
	char *s;
	const char *msg = NULL;
	struct err err = { 0 };

	if (defs[f].type == F_CHOICE && f == FI_CHANNEL && in->choice[f] < 0)
		return _("Choose the channel (Enter or F9).");
	if (!is_text(f))
		return NULL;
	s = field_str(in, f);
	if (defs[f].cf >= 0 ? case_field_check(defs[f].cf, s, t->rules, t->now, &err)
			    : text_check_field(_(defs[f].label), s, defs[f].max,
					       defs[f].type == F_MULTI, &err)) {
		snprintf(buf, size, "%s", err.msg);
		msg = buf;
	}
	free(s);
	return msg;
}

/* The rule module's view of the form as typed so far. */
static void classify(struct tui *t, struct intake *in)
{
	struct rule_input ri = { 0 };
	char *text = field_str(in, FI_TEXT), *demand = field_str(in, FI_DEMAND);
	char *claim = field_str(in, FI_CLAIM), *group = field_str(in, FI_GROUP);
	struct case_input ci;
	struct err err = { 0 };

	ri.text = text;
	ri.demand = demand;
	ri.unit = in->choice[FI_UNIT] >= 0 ? rules_unit(t->rules, in->choice[FI_UNIT]) : NULL;
	/* what is not (yet) valid counts as not given */
	case_input_init(&ci);
	case_field_set(&ci, CF_CLAIM, claim, t->rules, t->now, &err);
	case_field_set(&ci, CF_GROUP_SIZE, group, t->rules, t->now, &err);
	ri.claim_fen = ci.claim_fen;
	ri.group_size = ci.group_size;
	ri.channel = in->choice[FI_CHANNEL];
	ri.anonymous = in->toggle[FI_ANON];
	rules_classify(t->rules, &ri, &in->sug);
	free(text);
	free(demand);
	free(claim);
	free(group);
}

/* Possible duplicates: open cases of the last N days with the same phone or name. */
static void find_dups(struct tui *t, struct intake *in)
{
	char *name = field_str(in, FI_NAME), *phone = field_str(in, FI_PHONE);
	char key[256];
	const char *queries[2];
	int nq = 0;
	struct case_ctx ctx;
	cdate since = t->today - rules_duplicate_days(t->rules);

	snprintf(key, sizeof key, "%s|%s", name, phone);
	if (strcmp(key, in->dup_key) == 0)
		goto out;
	snprintf(in->dup_key, sizeof in->dup_key, "%s", key);
	in->ndups = 0;
	{
		/* only the digits of the phone */
		char *d = phone;
		for (char *p = phone; *p; p++)
			if (isdigit((unsigned char)*p))
				*d++ = *p;
		*d = '\0';
	}
	if (strlen(phone) >= 7)
		queries[nq++] = phone;
	if (text_chars(name) >= 2)
		queries[nq++] = name;
	tui_case_ctx(t, &ctx);
	for (int q = 0; q < nq && in->ndups < 5; q++) {
		struct case_page page = { 0 };
		struct err err = { 0 };
		if (case_search(&ctx, queries[q], NULL, 20, &page, &err))
			continue;
		for (int i = 0; i < page.n && in->ndups < 5; i++) {
			const struct case_record *r = &page.items[i];
			bool seen = false;
			if (case_status_final(r->status) || r->received.day < since)
				continue;
			/* the name query matches accounts too: keep same-person matches */
			if (q == 1 || nq == 1) {
				if (queries[q] == name && (!r->name || strcmp(r->name, name) != 0))
					continue;
			}
			for (int k = 0; k < in->ndups; k++)
				if (strcmp(in->dups[k].number, r->number) == 0)
					seen = true;
			if (seen)
				continue;
			snprintf(in->dups[in->ndups].number, sizeof in->dups[0].number, "%s", r->number);
			snprintf(in->dups[in->ndups].line, sizeof in->dups[0].line, "%s %s %.40s",
				 r->number, r->name ? r->name : "", r->text ? r->text : "");
			in->ndups++;
		}
		case_page_free(&page);
	}
out:
	free(name);
	free(phone);
}

/* The draft as JSON, saved on every change so a crash loses nothing. */
static char *to_json(struct intake *in)
{
	json_t *o = json_object(), *a;
	char *out;

	for (int f = 0; f < FI__COUNT; f++) {
		if (is_text(f)) {
			char *s = field_str(in, f);
			json_object_set_new(o, defs[f].key, json_string(s));
			free(s);
		} else if (defs[f].type == F_CHOICE) {
			json_object_set_new(o, defs[f].key, json_integer(in->choice[f]));
		} else if (defs[f].type == F_TOGGLE) {
			json_object_set_new(o, defs[f].key, json_boolean(in->toggle[f]));
		}
	}
	a = json_array();
	for (int i = 0; i < in->ndepts; i++)
		json_array_append_new(a, json_string(in->depts[i]));
	json_object_set_new(o, "depts", a);
	a = json_array();
	for (int i = 0; i < in->ncats; i++)
		json_array_append_new(a, json_string(in->cats[i]));
	json_object_set_new(o, "categories", a);
	json_object_set_new(o, "flags_set", json_integer(in->flags_set));
	json_object_set_new(o, "flags_clear", json_integer(in->flags_clear));
	json_object_set_new(o, "focus", json_integer(in->focus));
	out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return out;
}

static void from_json(struct intake *in, const char *json)
{
	json_t *o = json_loads(json, 0, NULL), *a, *v;
	size_t i;

	if (!o)
		return;
	for (int f = 0; f < FI__COUNT; f++) {
		json_t *x = json_object_get(o, defs[f].key);
		if (!x)
			continue;
		if (is_text(f) && json_is_string(x))
			le_set(&in->ed[f], json_string_value(x));
		else if (defs[f].type == F_CHOICE && json_is_integer(x))
			in->choice[f] = (int)json_integer_value(x);
		else if (defs[f].type == F_TOGGLE)
			in->toggle[f] = json_is_true(x);
	}
	a = json_object_get(o, "depts");
	json_array_foreach(a, i, v)
		if (json_is_string(v) && in->ndepts < RULES_MAX_DEPTS)
			snprintf(in->depts[in->ndepts++], RULES_CODE_MAX, "%s", json_string_value(v));
	a = json_object_get(o, "categories");
	json_array_foreach(a, i, v)
		if (json_is_string(v) && in->ncats < RULES_MAX_CATEGORIES)
			snprintf(in->cats[in->ncats++], RULES_CODE_MAX, "%s", json_string_value(v));
	in->flags_set = (unsigned)json_integer_value(json_object_get(o, "flags_set"));
	in->flags_clear = (unsigned)json_integer_value(json_object_get(o, "flags_clear"));
	in->focus = (int)json_integer_value(json_object_get(o, "focus"));
	if (in->focus < 0 || in->focus >= FI__COUNT)
		in->focus = 0;
	json_decref(o);
}

static void save_draft(struct screen *s)
{
	struct intake *in = s->data;
	struct err err = { 0 };
	char *json = to_json(in);

	tui_refresh_clock(s->tui);
	if (store_draft_save(s->tui->store, s->tui->app->actor, json, s->tui->now, &err))
		tui_error(s->tui, _("The draft could not be kept: %s"), err.msg);
	free(json);
}

/* The text shown in a non-text field. */
static void field_value(struct tui *t, struct intake *in, int f, char *buf, size_t size)
{
	buf[0] = '\0';
	switch (f) {
	case FI_CHANNEL:
		if (in->choice[f] >= 0)
			snprintf(buf, size, "%s", t->zh ? channel_label(in->choice[f])
							: channel_code(in->choice[f]));
		else
			snprintf(buf, size, "%s", _("(choose: Enter)"));
		break;
	case FI_KIND:
		if (in->choice[f] >= 0)
			snprintf(buf, size, "%s", t->zh ? kind_label(in->choice[f])
							: kind_code(in->choice[f]));
		else
			snprintf(buf, size, _("(suggested: %s)"), t->zh ? kind_label(in->sug.kind)
									 : kind_code(in->sug.kind));
		break;
	case FI_UNIT:
		snprintf(buf, size, "%s", in->choice[f] >= 0 ? rules_unit(t->rules, in->choice[f])
							     : _("(choose: Enter)"));
		break;
	case FI_CLASS:
		if (in->choice[f] >= 0)
			snprintf(buf, size, "%s", t->zh ? class_label(in->choice[f])
							: class_code(in->choice[f]));
		else
			snprintf(buf, size, _("(suggested: %s)"), t->zh ? class_label(in->sug.hclass)
									 : class_code(in->sug.hclass));
		break;
	case FI_ANON:
		snprintf(buf, size, "%s", in->toggle[f] ? _("[x] yes") : _("[ ] no"));
		break;
	case FI_DEPTS: {
		size_t len = 0;
		int n = in->ndepts ? in->ndepts : in->sug.ndepts;
		if (!in->ndepts)
			len += (size_t)snprintf(buf, size, "%s", _("(suggested) "));
		for (int i = 0; i < n && len < size; i++)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					 tui_dept_label(t, in->ndepts ? in->depts[i] : in->sug.depts[i]));
		break;
	}
	case FI_CATS: {
		size_t len = 0;
		int n = in->ncats ? in->ncats : in->sug.ncategories;
		if (!in->ncats)
			len += (size_t)snprintf(buf, size, "%s", _("(suggested) "));
		for (int i = 0; i < n && len < size; i++) {
			const char *code = in->ncats ? in->cats[i] : in->sug.categories[i];
			const struct category *c = rules_category_find(t->rules, code);
			len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					 c && t->zh ? c->name_zh : code);
		}
		break;
	}
	case FI_FLAGS: {
		unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;
		size_t len = 0;
		for (int b = 0; b < FLAG__COUNT && len < size; b++)
			if (fl & (1u << b))
				len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						 t->zh ? flag_label(1u << b) : flag_code(1u << b));
		if (!len)
			snprintf(buf, size, "%s", _("(none)"));
		if (in->flags_set || in->flags_clear) {
			len = strlen(buf);
			snprintf(buf + len, size - len, " %s", _("(changed)"));
		}
		break;
	}
	default:
		break;
	}
}

static void intake_resize(struct screen *s, int rows, int cols)
{
	struct intake *in = s->data;

	in->rows = rows;
	in->cols = cols;
	in->panel_w = cols >= 120 ? 46 : cols * 2 / 5;
	in->form_w = cols - in->panel_w - 1;
	in->panel_x = in->form_w + 1;
	in->label_w = 0;
	for (int f = 0; f < FI__COUNT; f++) {
		int w = text_width(_(defs[f].label)) + (defs[f].required ? 1 : 0);
		if (w > in->label_w)
			in->label_w = w;
	}
	if (in->label_w > 16)
		in->label_w = 16;
	in->field_w = in->form_w - in->label_w - 1;
	if (in->field_w < 10)
		in->field_w = 10;
}

/* The form row where field f starts. */
static int field_row(int f)
{
	int r = 0;

	for (int i = 0; i < f; i++)
		r += defs[i].height;
	return r;
}

static void draw_panel(struct screen *s, WINDOW *w)
{
	struct tui *t = s->tui;
	struct intake *in = s->data;
	int x = in->panel_x + 1, pw = in->panel_w - 2, y = 0;
	char buf[512], due[20];
	struct cdatetime dt = t->now, d;
	struct err err = { 0 };
	int nd = in->ndepts ? in->ndepts : in->sug.ndepts;
	enum handling_class hc = in->choice[FI_CLASS] >= 0 ? (enum handling_class)in->choice[FI_CLASS]
							   : in->sug.hclass;
	char *recv = field_str(in, FI_RECEIVED);
	unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;

	for (int r = 0; r < in->rows; r++)
		mvwaddstr(w, r, in->panel_x, "│");
	tui_draw(w, y++, x, _("Rule suggestion (live)"), pw, false, ROLE_SUGGEST);
	snprintf(buf, sizeof buf, "%s: %s", _("Kind"), t->zh ? kind_label(in->sug.kind)
							  : kind_code(in->sug.kind));
	tui_draw(w, y++, x, buf, pw, false, ROLE_NORMAL);
	field_value(t, in, FI_CATS, buf, sizeof buf);
	{
		char *b2 = xasprintf("%s: %s", _("Category"), buf);
		tui_draw(w, y++, x, b2, pw, false, ROLE_NORMAL);
		free(b2);
	}
	field_value(t, in, FI_DEPTS, buf, sizeof buf);
	{
		char *b2 = xasprintf("%s: %s", _("Departments"), buf);
		tui_draw(w, y++, x, b2, pw, false, ROLE_NORMAL);
		free(b2);
	}
	snprintf(buf, sizeof buf, "%s: %s%s", _("Class"), t->zh ? class_label(hc) : class_code(hc),
		 in->choice[FI_CLASS] >= 0 ? _(" (override)") : "");
	tui_draw(w, y++, x, buf, pw, false, ROLE_NORMAL);
	if (*recv)
		datetime_parse(recv, &dt, &err);
	free(recv);
	if (rules_due_reply(t->rules, t->cal, hc, nd > 0 ? nd : 1, dt, &d, &err) == 0) {
		datetime_format(d, due);
		snprintf(buf, sizeof buf, "%s: %.16s", _("Reply due"), due);
	} else {
		snprintf(buf, sizeof buf, "%s: %.200s", _("Reply due"), err.msg);
	}
	tui_draw(w, y++, x, buf, pw, false, ROLE_DUE_SOON);
	{
		char fb[256] = "";
		size_t len = 0;
		for (int b = 0; b < FLAG__COUNT; b++)
			if (fl & (1u << b))
				len += (size_t)snprintf(fb + len, sizeof fb - len, "%s%s", len ? ", " : "",
						 t->zh ? flag_label(1u << b) : flag_code(1u << b));
		snprintf(buf, sizeof buf, "%s: %s", _("Flags"), len ? fb : _("(none)"));
		tui_draw(w, y++, x, buf, pw, false, fl & FLAG_SAFETY ? ROLE_OVERDUE : ROLE_NORMAL);
	}
	if (in->sug.defaulted)
		tui_draw(w, y++, x, _("No rule matched: the complaint office by default."), pw, false,
			 ROLE_DIM);
	tui_draw(w, y++, x, _("Why:"), pw, false, ROLE_SUGGEST);
	{
		/* the keywords behind each part, wrapped; the duplicates keep their rows */
		int last = in->rows - (in->ndups ? 1 + in->ndups : 1);
		for (int i = 0; i < in->sug.nreasons && y < last; i++) {
			char *lines[8];
			int n;
			char part[64];
			reason_part(t, in->sug.reasons[i].part, part, sizeof part);
			snprintf(buf, sizeof buf, "%s: %s", part, in->sug.reasons[i].detail);
			n = layout_wrap(buf, pw - 2, lines, 8);
			for (int k = 0; k < n && k < 8; k++) {
				if (y < last)
					tui_draw(w, y++, x + (k ? 2 : 0), lines[k], pw - (k ? 2 : 0), false,
						 ROLE_DIM);
				free(lines[k]);
			}
		}
		y = y < last ? y : last;
	}
	if (in->ndups) {
		tui_draw(w, y++, x, _("Possible duplicates (F8 merges into the first):"), pw, false,
			 ROLE_OVERDUE);
		for (int i = 0; i < in->ndups && y < in->rows; i++)
			tui_draw(w, y++, x, in->dups[i].line, pw, false, ROLE_NORMAL);
	} else {
		tui_draw(w, y++, x, _("No possible duplicate."), pw, false, ROLE_DIM);
	}
}

static void intake_draw(struct screen *s, WINDOW *w)
{
	struct intake *in = s->data;
	struct tui *t = s->tui;
	char vbuf[512], msgbuf[1024];
	const char *msg = NULL;
	int frow = field_row(in->focus), visible = in->rows - 1;

	classify(t, in);
	if (frow < in->scroll)
		in->scroll = frow;
	if (frow + defs[in->focus].height > in->scroll + visible)
		in->scroll = frow + defs[in->focus].height - visible;
	for (int f = 0, row = 0; f < FI__COUNT; row += defs[f].height, f++) {
		int y = row - in->scroll;
		bool focus = f == in->focus;
		char lab[64];
		const char *bad = validate(t, in, f, msgbuf, sizeof msgbuf);
		enum role r = focus ? ROLE_FIELD_ACTIVE : bad && (f != in->focus) &&
			      !(is_text(f) && le_empty(&in->ed[f])) ? ROLE_INVALID : ROLE_FIELD;

		if (focus)
			msg = bad;
		if (y < 0 || y >= visible)
			continue;
		snprintf(lab, sizeof lab, "%s%s", _(defs[f].label), defs[f].required ? "*" : "");
		tui_draw(w, y, 0, lab, in->label_w, true, focus ? ROLE_TITLE : ROLE_NORMAL);
		if (defs[f].type == F_TEXT) {
			struct lineedit *e = &in->ed[f];
			size_t end;
			char *vis;
			le_view(e, in->field_w);
			end = le_visible_end(e, in->field_w);
			vis = wcs_to_utf8(e->buf + e->scroll, end - e->scroll);
			tui_draw(w, y, in->label_w + 1, vis, in->field_w, true, r);
			free(vis);
		} else if (defs[f].type == F_MULTI) {
			struct lineedit *e = &in->ed[f];
			int total = le_wrap(e, in->field_w - 1, NULL, 0);
			struct le_row *rows = xmalloc((size_t)total * sizeof *rows);
			le_wrap(e, in->field_w - 1, rows, total);
			le_scroll_to_cursor(e, in->field_w - 1, defs[f].height);
			for (int k = 0; k < defs[f].height; k++) {
				size_t ri = e->scroll + (size_t)k;
				char *vis = ri < (size_t)total
						    ? wcs_to_utf8(e->buf + rows[ri].start,
								  rows[ri].end - rows[ri].start)
						    : xstrdup("");
				if (y + k < visible)
					tui_draw(w, y + k, in->label_w + 1, vis, in->field_w, true, r);
				free(vis);
			}
			free(rows);
		} else {
			field_value(t, in, f, vbuf, sizeof vbuf);
			tui_draw(w, y, in->label_w + 1, vbuf, in->field_w, true, r);
		}
	}
	if (msg) {
		tui_draw(w, in->rows - 1, 0, msg, in->form_w, true, ROLE_ERROR);
	} else {
		const char *hint = defs[in->focus].type == F_MULTI
					   ? _("Enter: new line. Tab: next field. Ctrl-S: save.")
				   : is_text(in->focus)
					   ? _("Tab/↓: next field. Ctrl-S: save. Esc: back (the draft is kept).")
					   : _("Enter or F9: choose from the list. Tab: next field.");
		tui_draw(w, in->rows - 1, 0, hint, in->form_w, true, ROLE_DIM);
	}
	draw_panel(s, w);
}

static bool intake_cursor(const struct screen *s, int *y, int *x)
{
	struct intake *in = s->data;
	int f = in->focus, row = field_row(f) - in->scroll;

	if (defs[f].type == F_TEXT) {
		*y = row;
		*x = in->label_w + 1 + le_width(&in->ed[f], in->ed[f].scroll, in->ed[f].cur);
	} else if (defs[f].type == F_MULTI) {
		int r, c;
		le_cursor_pos(&in->ed[f], in->field_w - 1, &r, &c);
		*y = row + r - (int)in->ed[f].scroll;
		*x = in->label_w + 1 + c;
	} else {
		return false;
	}
	if (*x >= in->form_w)
		*x = in->form_w - 1;
	return *y >= 0 && *y < in->rows - 1;
}

static void choose_list(struct screen *s, int f)
{
	struct tui *t = s->tui;
	struct intake *in = s->data;
	const char *items[160];
	char labels[160][96];
	int n = 0, k, cur = in->choice[f];

	switch (f) {
	case FI_CHANNEL:
		for (n = 0; n < CHANNEL__COUNT; n++)
			items[n] = t->zh ? channel_label(n) : channel_code(n);
		break;
	case FI_KIND:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < KIND__COUNT; i++)
			items[n++] = t->zh ? kind_label(i) : kind_code(i);
		cur++;
		break;
	case FI_CLASS:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < CLASS__COUNT; i++)
			items[n++] = t->zh ? class_label(i) : class_code(i);
		cur++;
		break;
	case FI_UNIT:
		items[n++] = _("(none)");
		for (int i = 0; i < rules_unit_count(t->rules) && n < 160; i++)
			items[n++] = rules_unit(t->rules, i);
		cur++;
		break;
	case FI_DEPTS:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < rules_dept_count(t->rules) && n < 160; i++) {
			const char *code = rules_dept(t->rules, i)->code;
			bool on = false;
			for (int j = 0; j < in->ndepts; j++)
				if (strcmp(in->depts[j], code) == 0)
					on = true;
			snprintf(labels[n], sizeof labels[n], "[%s] %s", on ? "x" : " ",
				 tui_dept_label(t, code));
			items[n] = labels[n];
			n++;
		}
		cur = 0;
		break;
	case FI_CATS:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < rules_category_count(t->rules) && n < 160; i++) {
			const struct category *c = rules_category(t->rules, i);
			bool on = false;
			for (int j = 0; j < in->ncats; j++)
				if (strcmp(in->cats[j], c->code) == 0)
					on = true;
			snprintf(labels[n], sizeof labels[n], "[%s] %s", on ? "x" : " ",
				 t->zh ? c->name_zh : c->code);
			items[n] = labels[n];
			n++;
		}
		cur = 0;
		break;
	case FI_FLAGS: {
		unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;
		for (int b = 0; b < FLAG__COUNT; b++) {
			snprintf(labels[n], sizeof labels[n], "[%s] %s", fl & (1u << b) ? "x" : " ",
				 t->zh ? flag_label(1u << b) : flag_code(1u << b));
			items[n] = labels[n];
			n++;
		}
		cur = 0;
		break;
	}
	default:
		return;
	}
	k = tui_choose(t, _(defs[f].label), items, n, cur);
	if (k < 0)
		return;
	in->dirty = true;
	switch (f) {
	case FI_CHANNEL: in->choice[f] = k; break;
	case FI_KIND: case FI_CLASS: case FI_UNIT: in->choice[f] = k - 1; break;
	case FI_DEPTS:
		if (k == 0) {
			in->ndepts = 0;
		} else {
			const char *code = rules_dept(t->rules, k - 1)->code;
			int j;
			for (j = 0; j < in->ndepts; j++)
				if (strcmp(in->depts[j], code) == 0)
					break;
			if (j < in->ndepts) {
				memmove(in->depts[j], in->depts[j + 1],
					(size_t)(in->ndepts - j - 1) * RULES_CODE_MAX);
				in->ndepts--;
			} else if (in->ndepts < RULES_MAX_DEPTS) {
				snprintf(in->depts[in->ndepts++], RULES_CODE_MAX, "%s", code);
			}
		}
		break;
	case FI_CATS:
		if (k == 0) {
			in->ncats = 0;
		} else {
			const char *code = rules_category(t->rules, k - 1)->code;
			int j;
			for (j = 0; j < in->ncats; j++)
				if (strcmp(in->cats[j], code) == 0)
					break;
			if (j < in->ncats) {
				memmove(in->cats[j], in->cats[j + 1],
					(size_t)(in->ncats - j - 1) * RULES_CODE_MAX);
				in->ncats--;
			} else if (in->ncats < RULES_MAX_CATEGORIES) {
				snprintf(in->cats[in->ncats++], RULES_CODE_MAX, "%s", code);
			}
		}
		break;
	case FI_FLAGS: {
		unsigned bit = 1u << k;
		unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;
		if (fl & bit) {
			in->flags_set &= ~bit;
			if (in->sug.flags & bit)
				in->flags_clear |= bit;
		} else {
			in->flags_clear &= ~bit;
			if (!(in->sug.flags & bit))
				in->flags_set |= bit;
		}
		break;
	}
	}
	save_draft(s);
}

/* Builds the case input; returns the first invalid field or -1 with its
 * message in msg. Strings are allocated into strs (freed by the caller). */
static int build_input(struct screen *s, struct case_input *ci, char **strs, char *msg, size_t size)
{
	struct intake *in = s->data;
	struct tui *t = s->tui;
	struct err err = { 0 };

	for (int f = 0; f < FI__COUNT; f++) {
		const char *bad = validate(t, in, f, msg, size);
		if (bad) {
			if (bad != msg)
				snprintf(msg, size, "%s", bad);
			return f;
		}
	}
	case_input_init(ci);
	for (int f = 0; f < FI__COUNT; f++)
		strs[f] = is_text(f) ? field_str(in, f) : NULL;
	for (int f = 0; f < FI__COUNT; f++)
		if (defs[f].cf >= 0 &&
		    case_field_set(ci, defs[f].cf, strs[f], t->rules, t->now, &err)) {
			snprintf(msg, size, "%s", err.msg);
			return f;
		}
	ci->channel = in->choice[FI_CHANNEL];
	ci->kind = in->choice[FI_KIND];
	ci->anonymous = in->toggle[FI_ANON];
	ci->unit = in->choice[FI_UNIT] >= 0 ? rules_unit(t->rules, in->choice[FI_UNIT]) : NULL;
	ci->hclass = in->choice[FI_CLASS];
	for (int i = 0; i < in->ndepts; i++)
		ci->depts[i] = in->depts[i];
	ci->ndepts = in->ndepts;
	for (int i = 0; i < in->ncats; i++)
		ci->categories[i] = in->cats[i];
	ci->ncategories = in->ncats;
	ci->flags_set = in->flags_set;
	ci->flags_clear = in->flags_clear;
	if (strs[FI_MATERIALS] && *strs[FI_MATERIALS]) {
		/* "a; b; c": one document each */
		char *p = strs[FI_MATERIALS], *tok;
		while ((tok = strsep(&p, ";")) && ci->nmaterials < 8) {
			while (*tok == ' ')
				tok++;
			if (*tok)
				ci->materials[ci->nmaterials++] = tok;
		}
	}
	return -1;
}

static int save(struct screen *s, bool merge)
{
	struct intake *in = s->data;
	struct tui *t = s->tui;
	struct case_input ci;
	char *strs[FI__COUNT] = { 0 };
	char msg[1024];
	struct case_record rec = { 0 };
	struct case_ctx ctx;
	struct err err = { 0 };
	int bad = build_input(s, &ci, strs, msg, sizeof msg), rc = SF_REDRAW;

	if (bad >= 0) {
		/* the message names the field (and is the one the other paths give) */
		in->focus = bad;
		tui_error(t, "%s", msg);
		goto out;
	}
	if (merge && !in->ndups) {
		tui_error(t, "%s", _("There is no possible duplicate to merge into."));
		goto out;
	}
	if (merge) {
		char q[256];
		snprintf(q, sizeof q, _("Register this complaint and merge it into %s?"),
			 in->dups[0].number);
		if (!tui_confirm(t, q))
			goto out;
	}
	tui_case_ctx(t, &ctx);
	if (case_add(&ctx, &ci, &rec, &err)) {
		tui_error(t, "%s", err.msg);
		goto out;
	}
	/* registered: the draft must not be offered again, whatever happens next */
	store_draft_delete(t->store, t->app->actor, &err);
	in->dirty = false;
	if (merge) {
		if (case_merge(&ctx, rec.number, in->dups[0].number, _("duplicate found at intake"),
			       &err))
			tui_error(t, _("Registered %s, but the merge failed: %s"), rec.number, err.msg);
		else
			tui_info(t, _("Registered %s and merged it into %s."), rec.number,
				 in->dups[0].number);
	} else {
		char due[20], q[256];
		datetime_format(rec.due, due);
		snprintf(q, sizeof q, _("Registered %s. Print the registration form for the complainant to sign?"),
			 rec.number);
		if (tui_confirm(t, q)) {
			int prc = tui_print_form(t, rec.number);
			if (prc)
				tui_error(t, _("Registered %s; printing failed (status %d): try 'cdesk print form %s'."),
					  rec.number, prc, rec.number);
			else
				tui_info(t, _("Registered %s (reply due %.16s); the registration form was sent to the printer."),
					 rec.number, due);
		} else {
			tui_info(t, _("Registered %s (reply due %.16s)."), rec.number, due);
		}
	}
	case_record_free(&rec);
	rc = SF_POP | SF_FORCE_POP | SF_REDRAW;
out:
	for (int f = 0; f < FI__COUNT; f++)
		free(strs[f]);
	return rc;
}

static int intake_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct intake *in = s->data;
	int f = in->focus;
	struct lineedit *e = &in->ed[f];
	bool text = is_text(f), multi = defs[f].type == F_MULTI, changed = false;

	switch (a) {
	case ACT_SAVE: return save(s, false);
	case ACT_MERGE: return save(s, true);
	case ACT_NEXT_FIELD:
		if (f == FI_NAME || f == FI_PHONE)
			find_dups(s->tui, in);
		in->focus = (f + 1) % FI__COUNT;
		return SF_REDRAW;
	case ACT_PREV_FIELD:
		in->focus = (f + FI__COUNT - 1) % FI__COUNT;
		return SF_REDRAW;
	case ACT_UP:
		if (multi && le_up(e, in->field_w - 1))
			return SF_REDRAW;
		in->focus = f > 0 ? f - 1 : 0;
		return SF_REDRAW;
	case ACT_DOWN:
		if (multi && le_down(e, in->field_w - 1))
			return SF_REDRAW;
		if (f == FI_NAME || f == FI_PHONE)
			find_dups(s->tui, in);
		in->focus = f + 1 < FI__COUNT ? f + 1 : f;
		return SF_REDRAW;
	case ACT_PGUP: in->focus = 0; return SF_REDRAW;
	case ACT_PGDN: in->focus = FI__COUNT - 1; return SF_REDRAW;
	case ACT_CLICK: case ACT_CLICK_OPEN: {
		int row = ev->y + in->scroll;
		if (ev->x >= in->form_w)
			return SF_NONE;
		for (int k = 0; k < FI__COUNT; k++)
			if (row >= field_row(k) && row < field_row(k) + defs[k].height)
				in->focus = k;
		if (a == ACT_CLICK_OPEN && !is_text(in->focus))
			choose_list(s, in->focus);
		return SF_REDRAW;
	}
	case ACT_WHEEL_UP: in->focus = f > 0 ? f - 1 : 0; return SF_REDRAW;
	case ACT_WHEEL_DOWN: in->focus = f + 1 < FI__COUNT ? f + 1 : f; return SF_REDRAW;
	case ACT_CHOOSE: case ACT_TOGGLE:
		if (!text) {
			if (defs[f].type == F_TOGGLE) {
				in->toggle[f] = !in->toggle[f];
				in->dirty = true;
				save_draft(s);
			} else {
				choose_list(s, f);
			}
		}
		return SF_REDRAW;
	case ACT_OPEN:
		if (multi) {
			changed = le_insert(e, L'\n');
			break;
		}
		if (!text)
			return intake_key(s, ACT_CHOOSE, ev);
		return intake_key(s, ACT_NEXT_FIELD, ev);
	case ACT_LEFT: if (text) le_left(e); return SF_REDRAW;
	case ACT_RIGHT: if (text) le_right(e); return SF_REDRAW;
	case ACT_HOME: if (text) le_home(e); return SF_REDRAW;
	case ACT_END: if (text) le_end(e); return SF_REDRAW;
	case ACT_DELETE_BACK: if (text) changed = le_backspace(e); break;
	case ACT_DELETE: if (text) changed = le_delete(e); break;
	case ACT_KILL_LINE: if (text) changed = le_kill_to_end(e); break;
	case ACT_NONE:
		if (ev->fkey)
			return SF_NONE;
		if (text) {
			changed = le_insert(e, (wchar_t)ev->ch);
		} else if (ev->ch == ' ') {
			return intake_key(s, ACT_TOGGLE, ev);
		}
		break;
	default:
		return SF_UNHANDLED;
	}
	if (changed) {
		in->dirty = true;
		save_draft(s);
	}
	return SF_REDRAW;
}

static bool intake_dirty(const struct screen *s)
{
	const struct intake *in = s->data;

	return in->dirty;
}

static void intake_free(struct screen *s)
{
	struct intake *in = s->data;

	for (int f = 0; f < FI__COUNT; f++)
		le_free(&in->ed[f]);
	free(in);
}

static const struct screen_ops intake_ops = {
	"intake", N_("New case"), KM_TEXT, intake_keys, SCREEN_N(intake_keys),
	intake_free, intake_resize, intake_draw, intake_key, intake_dirty, intake_cursor, NULL,
};

static struct screen *intake_new(struct tui *t, const char *json)
{
	struct intake *in = xcalloc(1, sizeof *in);
	struct screen *s = screen_alloc(t, &intake_ops, in);
	char now[20];

	for (int f = 0; f < FI__COUNT; f++) {
		le_init(&in->ed[f], editor_cap(f), defs[f].type == F_MULTI);
		in->choice[f] = -1;
	}
	/* a walk-in is the commonest case: the desk, now */
	in->choice[FI_CHANNEL] = CHANNEL_VISIT;
	datetime_format(t->now, now);
	now[16] = '\0';
	le_set(&in->ed[FI_RECEIVED], now);
	in->focus = FI_NAME;
	if (json) {
		from_json(in, json);
		in->dirty = true;
	}
	for (int f = 0; f < FI__COUNT; f++)
		in->ed[f].changed = false;
	if (json)
		find_dups(t, in);
	return s;
}

struct screen *screen_intake_new(struct tui *t)
{
	return intake_new(t, NULL);
}

struct screen *screen_intake_from_draft(struct tui *t, const char *json)
{
	return intake_new(t, json);
}
