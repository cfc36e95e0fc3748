/* The intake form: every field a clerk fills, edited and validated as typed,
 * the draft kept on every change. The pick lists are in intake_choose.c, the
 * live rule suggestion beside the form and saving in intake_panel.c. */
#include "tui/i18n.h"
#include "tui/lineedit.h"
#include "tui/tui_internal.h"
#include "core/field.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "intake.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct field_def intake_defs[FI__COUNT] = {
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
	[FI_MORE] = { "more", N_("More"), F_FOLD, 0, 1, false, -1 },
};

/*
 * The order shown: the essentials of a walk-in or a call first (SPEC's
 * intake: channel, complainant, phone, relation, patient, account, demand,
 * subject unit), then the fold, then the rest, which a clerk needs less
 * often and the rule suggestion mostly fills (departments, class).
 */
static const int form_order[FI__COUNT] = {
	FI_CHANNEL, FI_NAME, FI_PHONE, FI_RELATION, FI_PATIENT, FI_TEXT, FI_DEMAND, FI_UNIT,
	FI_MORE,
	FI_RECEIVED, FI_KIND, FI_ADDRESS, FI_IDNUM, FI_ANON, FI_GROUP, FI_REPS, FI_RECORD,
	FI_VISIT, FI_STAFF, FI_CLAIM, FI_CLASS, FI_DEPTS, FI_CATS, FI_FLAGS, FI_MATERIALS,
};

/* Where field f is in form_order. */
static int order_pos(int f)
{
	for (int i = 0; i < FI__COUNT; i++)
		if (form_order[i] == f)
			return i;
	return 0;
}

/* How many rows of form_order are shown: up to the fold, or all. */
static int shown_count(const struct intake *in)
{
	return in->more ? FI__COUNT : order_pos(FI_MORE) + 1;
}

void intake_show_field(struct intake *in, int f)
{
	if (order_pos(f) >= shown_count(in))
		in->more = true;
}

/* The field shown after (step 1) or before (-1) f; f itself at either end. */
static int step_field(const struct intake *in, int f, int step, bool wrap)
{
	int n = shown_count(in), i = order_pos(f) + step;

	if (i < 0)
		i = wrap ? n - 1 : 0;
	if (i >= n)
		i = wrap ? 0 : n - 1;
	return form_order[i];
}

/*
 * Characters a text field's editor takes: beyond the field's limit, so that
 * an overlong value is shown refused with the limit's message rather than
 * silently cut.
 */
static size_t editor_cap(int f)
{
	const struct field_def *d = &intake_defs[f];

	return d->cf >= 0 ? case_fields[d->cf].max * 2 + 16 : d->max;
}

static const struct binding intake_keys[] = {
	{ 19 /* Ctrl-S */, false, KM_TEXT, ACT_SAVE, N_("Save: register the case and show its number"), true },
	{ '\t', false, KM_TEXT, ACT_NEXT_FIELD, NULL, false },
	{ KEY_BTAB, true, KM_TEXT, ACT_PREV_FIELD, NULL, false },
	{ KEY_F(8), true, KM_TEXT, ACT_MERGE, N_("Merge: save and merge into the possible duplicate"), true },
	{ KEY_F(9), true, KM_TEXT, ACT_CHOOSE, N_("Choose: pick a code from its list (codes are never typed)"), true },
	/* the letters type text here: Ctrl-D (duplicate) and Ctrl-P (pick) stand
	 * for F8 and F9 where a terminal lacks them, shown in the key line */
	{ 4 /* Ctrl-D */, false, KM_TEXT, ACT_MERGE, NULL, false },
	{ 16 /* Ctrl-P */, false, KM_TEXT, ACT_CHOOSE, NULL, false },
	{ ' ', false, KM_LIST, ACT_TOGGLE, N_("Toggle / choose"), false },
	{ KEY_F(3), true, KM_TEXT, ACT_QUEUES, NULL, false },
};

bool intake_is_text(int f)
{
	return intake_defs[f].type == F_TEXT || intake_defs[f].type == F_MULTI;
}

char *intake_field_str(struct intake *in, int f)
{
	return le_get(&in->ed[f]);
}

/*
 * Validation of one field as typed: a message, or NULL when fine. The
 * table's fields get case_field_check's message, the one `cdesk add` and
 * CSV import give for the same value.
 */
const char *intake_validate(struct tui *t, struct intake *in, int f, char *buf, size_t size)
{
	const struct field_def *d = &intake_defs[f];
	char *s;
	const char *msg = NULL;
	struct err err = { 0 };

	if (d->type == F_CHOICE && f == FI_CHANNEL && in->choice[f] < 0)
		return _("Choose the channel (Enter or F9).");
	if (!intake_is_text(f))
		return NULL;
	s = intake_field_str(in, f);
	if (d->cf >= 0 ? case_field_check(d->cf, s, t->rules, t->now, &err)
		       : text_check_field(_(d->label), s, d->max, d->type == F_MULTI, &err)) {
		snprintf(buf, size, "%s", err.msg);
		msg = buf;
	}
	free(s);
	return msg;
}

/* The draft as JSON, saved on every change so a crash loses nothing. */
static char *to_json(struct intake *in)
{
	json_t *o = json_object();
	char *out;

	for (int f = 0; f < FI__COUNT; f++) {
		if (intake_is_text(f)) {
			char *s = intake_field_str(in, f);
			json_object_set_new(o, intake_defs[f].key, json_string(s));
			free(s);
		} else if (intake_defs[f].type == F_CHOICE) {
			json_object_set_new(o, intake_defs[f].key, json_integer(in->choice[f]));
		} else if (intake_defs[f].type == F_TOGGLE) {
			json_object_set_new(o, intake_defs[f].key, json_boolean(in->toggle[f]));
		}
	}
	json_object_set_new(o, "depts", cases_codes_json(
		(const char (*)[RULES_CODE_MAX])in->depts, in->ndepts));
	json_object_set_new(o, "categories", cases_codes_json(
		(const char (*)[RULES_CODE_MAX])in->cats, in->ncats));
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
		json_t *x = json_object_get(o, intake_defs[f].key);
		if (!x)
			continue;
		if (intake_is_text(f) && json_is_string(x))
			le_set(&in->ed[f], json_string_value(x));
		else if (intake_defs[f].type == F_CHOICE && json_is_integer(x))
			in->choice[f] = (int)json_integer_value(x);
		else if (intake_defs[f].type == F_TOGGLE)
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

void intake_save_draft(struct screen *s)
{
	struct intake *in = s->data;
	struct err err = { 0 };
	char *json = to_json(in);

	tui_refresh_clock(s->tui);
	if (store_draft_save_slot(s->tui->store, s->tui->app->actor, in->slot, json, s->tui->now,
				  &err))
		tui_error(s->tui, _("The draft could not be kept: %s"), err.msg);
	free(json);
}

static void intake_resize(struct screen *s)
{
	struct intake *in = s->data;
	int rows = s->rows, cols = s->cols;

	in->rows = rows;
	in->cols = cols;
	in->panel_w = cols >= 120 ? 46 : cols * 2 / 5;
	in->form_w = cols - in->panel_w - 1;
	in->panel_x = in->form_w + 1;
	in->label_w = 0;
	for (int f = 0; f < FI__COUNT; f++) {
		int w = text_width(_(intake_defs[f].label)) + (intake_defs[f].required ? 1 : 0);
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

	for (int i = 0; form_order[i] != f; i++)
		r += intake_defs[form_order[i]].height;
	return r;
}

/* The fold's row: what it hides, and what * means. */
static void fold_label(const struct intake *in, char *buf, size_t size)
{
	snprintf(buf, size, "%s", in->more
		 ? _("▾ Fewer fields (Enter)   * = required")
		 : _("▸ More (Enter): address, ID, group…   * = required"));
}

static void intake_draw(struct screen *s, WINDOW *w)
{
	struct intake *in = s->data;
	struct tui *t = s->tui;
	char vbuf[512], msgbuf[1024];
	const char *msg = NULL;
	int frow = field_row(in->focus), visible = in->rows - 1;

	intake_classify(t, in);
	if (frow < in->scroll)
		in->scroll = frow;
	if (frow + intake_defs[in->focus].height > in->scroll + visible)
		in->scroll = frow + intake_defs[in->focus].height - visible;
	for (int i = 0, row = 0, f; i < shown_count(in); row += intake_defs[f].height, i++) {
		int y;
		f = form_order[i];
		y = row - in->scroll;
		bool focus = f == in->focus;
		char lab[64];
		const char *bad = intake_validate(t, in, f, msgbuf, sizeof msgbuf);
		enum role r = focus ? ROLE_FIELD_ACTIVE
			      : bad && (f != in->focus) && !(intake_is_text(f) && le_empty(&in->ed[f]))
			      ? ROLE_INVALID : ROLE_FIELD;

		if (focus)
			msg = bad;
		if (y < 0 || y >= visible)
			continue;
		if (f == FI_MORE) {
			fold_label(in, vbuf, sizeof vbuf);
			tui_draw(w, y, 0, vbuf, in->form_w, true, focus ? ROLE_SELECTED : ROLE_DIM);
			continue;
		}
		snprintf(lab, sizeof lab, "%s%s", _(intake_defs[f].label),
			 intake_defs[f].required ? "*" : "");
		tui_draw(w, y, 0, lab, in->label_w, true, focus ? ROLE_TITLE : ROLE_NORMAL);
		if (intake_defs[f].type == F_TEXT) {
			struct lineedit *e = &in->ed[f];
			size_t end;
			char *vis;
			le_view(e, in->field_w);
			end = le_visible_end(e, in->field_w);
			vis = wcs_to_utf8(e->buf + e->scroll, end - e->scroll);
			tui_draw(w, y, in->label_w + 1, vis, in->field_w, true, r);
			free(vis);
		} else if (intake_defs[f].type == F_MULTI) {
			struct lineedit *e = &in->ed[f];
			int total = le_wrap(e, in->field_w - 1, NULL, 0);
			struct le_row *rows = xmalloc((size_t)total * sizeof *rows);
			le_wrap(e, in->field_w - 1, rows, total);
			le_scroll_to_cursor(e, in->field_w - 1, intake_defs[f].height);
			for (int k = 0; k < intake_defs[f].height; k++) {
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
			intake_field_value(t, in, f, vbuf, sizeof vbuf);
			tui_draw(w, y, in->label_w + 1, vbuf, in->field_w, true, r);
		}
	}
	if (msg) {
		tui_draw(w, in->rows - 1, 0, msg, in->form_w, true, ROLE_ERROR);
	} else {
		const char *hint = intake_defs[in->focus].type == F_MULTI
					   ? _("Enter: new line. Tab: next field. Ctrl-S: save.")
				   : intake_is_text(in->focus)
					   ? _("Tab/↓: next field. Ctrl-S: save. Esc: back (the draft is kept).")
					   : _("Enter or F9: choose from the list. Tab: next field.");
		tui_draw(w, in->rows - 1, 0, hint, in->form_w, true, ROLE_DIM);
	}
	intake_draw_panel(s, w);
}

static bool intake_cursor(const struct screen *s, int *y, int *x)
{
	struct intake *in = s->data;
	int f = in->focus, row = field_row(f) - in->scroll;

	if (intake_defs[f].type == F_TEXT) {
		*y = row;
		*x = in->label_w + 1 + le_width(&in->ed[f], in->ed[f].scroll, in->ed[f].cur);
	} else if (intake_defs[f].type == F_MULTI) {
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

static int intake_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct intake *in = s->data;
	int f = in->focus;
	struct lineedit *e = &in->ed[f];
	bool text = intake_is_text(f), multi = intake_defs[f].type == F_MULTI, changed = false;

	switch (a) {
	case ACT_SAVE: return intake_save(s, false);
	case ACT_MERGE: return intake_save(s, true);
	case ACT_NEXT_FIELD:
		if (f == FI_NAME || f == FI_PHONE)
			intake_find_dups(s->tui, in);
		in->focus = step_field(in, f, 1, true);
		return SF_REDRAW;
	case ACT_PREV_FIELD:
		in->focus = step_field(in, f, -1, true);
		return SF_REDRAW;
	case ACT_UP:
		if (multi && le_up(e, in->field_w - 1))
			return SF_REDRAW;
		in->focus = step_field(in, f, -1, false);
		return SF_REDRAW;
	case ACT_DOWN:
		if (multi && le_down(e, in->field_w - 1))
			return SF_REDRAW;
		if (f == FI_NAME || f == FI_PHONE)
			intake_find_dups(s->tui, in);
		in->focus = step_field(in, f, 1, false);
		return SF_REDRAW;
	case ACT_PGUP: in->focus = form_order[0]; return SF_REDRAW;
	case ACT_PGDN: in->focus = form_order[shown_count(in) - 1]; return SF_REDRAW;
	case ACT_CLICK: case ACT_CLICK_OPEN: {
		int row = ev->y + in->scroll;
		if (ev->x >= in->form_w)
			return SF_NONE;
		for (int i = 0; i < shown_count(in); i++) {
			int k = form_order[i];
			if (row >= field_row(k) && row < field_row(k) + intake_defs[k].height)
				in->focus = k;
		}
		if (a == ACT_CLICK_OPEN && in->focus == FI_MORE)
			return intake_key(s, ACT_CHOOSE, ev);
		if (a == ACT_CLICK_OPEN && !intake_is_text(in->focus))
			intake_choose(s, in->focus);
		return SF_REDRAW;
	}
	case ACT_WHEEL_UP: in->focus = step_field(in, f, -1, false); return SF_REDRAW;
	case ACT_WHEEL_DOWN: in->focus = step_field(in, f, 1, false); return SF_REDRAW;
	case ACT_CHOOSE: case ACT_TOGGLE:
		if (f == FI_MORE) {
			in->more = !in->more;
			if (in->more)
				in->focus = step_field(in, f, 1, false);
		} else if (!text) {
			if (intake_defs[f].type == F_TOGGLE) {
				in->toggle[f] = !in->toggle[f];
				in->dirty = true;
				intake_save_draft(s);
			} else {
				intake_choose(s, f);
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
	case ACT_KILL_START: if (text) changed = le_kill_to_start(e); break;
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
		intake_save_draft(s);
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
}

static const struct screen_ops intake_ops = {
	"intake", N_("New case"), KM_TEXT, intake_keys, SCREEN_N(intake_keys),
	intake_free, intake_resize, intake_draw, intake_key, intake_dirty, intake_cursor, NULL,
	sizeof(struct intake), NULL,
};

/* A blank form's state in in (its editors made anew). */
static void intake_blank(struct tui *t, struct intake *in, int slot)
{
	char now[20];

	memset(in, 0, sizeof *in);
	for (int f = 0; f < FI__COUNT; f++) {
		le_init(&in->ed[f], editor_cap(f), intake_defs[f].type == F_MULTI);
		in->choice[f] = -1;
	}
	/* a walk-in is the commonest case: the desk, now */
	in->choice[FI_CHANNEL] = CHANNEL_VISIT;
	datetime_format(t->now, now);
	now[16] = '\0';
	le_set(&in->ed[FI_RECEIVED], now);
	in->focus = FI_NAME;
	in->slot = slot;
}

void intake_reset(struct screen *s)
{
	struct intake *in = s->data;
	int slot = in->slot;

	for (int f = 0; f < FI__COUNT; f++)
		le_free(&in->ed[f]);
	tui_refresh_clock(s->tui);
	intake_blank(s->tui, in, slot);
	intake_resize(s);
}

static struct screen *intake_new(struct tui *t, const char *json, int slot)
{
	struct screen *s = screen_new(t, &intake_ops);
	struct intake *in = s->data;
	struct err err = { 0 };

	/* the keyword rules are parsed for the first form: a broken one is said
	 * here (and saving refuses with it, as cdesk add does) */
	if (rules_keywords(t->rules, &err))
		tui_error(t, "%s", err.msg);
	intake_blank(t, in, slot);
	if (json) {
		from_json(in, json);
		in->dirty = true;
	}
	for (int f = 0; f < FI__COUNT; f++)
		in->ed[f].changed = false;
	if (json) {
		intake_find_dups(t, in);
		/* a draft with something below the fold shows it */
		for (int i = order_pos(FI_MORE) + 1; i < FI__COUNT; i++) {
			int f = form_order[i];
			if ((intake_is_text(f) && f != FI_RECEIVED && !le_empty(&in->ed[f])) ||
			    (intake_defs[f].type == F_CHOICE && in->choice[f] >= 0) ||
			    (intake_defs[f].type == F_TOGGLE && in->toggle[f]) ||
			    (f == FI_DEPTS && in->ndepts) || (f == FI_CATS && in->ncats) ||
			    (f == FI_FLAGS && (in->flags_set || in->flags_clear)))
				in->more = true;
		}
		intake_show_field(in, in->focus);
	}
	return s;
}

struct screen *screen_intake_new(struct tui *t)
{
	return intake_new(t, NULL, 0);
}

struct screen *screen_intake_from_draft(struct tui *t, const char *json, int slot)
{
	return intake_new(t, json, slot);
}
