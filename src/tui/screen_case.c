/* The case screen: every field, the timeline, and the actions the case's state allows. */
#include "tui/i18n.h"
#include "tui/layout.h"
#include "tui/tui_internal.h"
#include "core/actions.h"
#include "core/audit.h"
#include "core/money.h"
#include "core/privacy.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cline {
	char *text;
	enum role role;
};

struct case_screen {
	char number[32];
	struct case_record rec;
	bool loaded;
	bool disclosed;             /* this screen's view of the identity is recorded */
	struct cline *lines;        /* wrapped to the width */
	int n, cap, top;
	int width;                  /* the width the lines were wrapped for */
};

static const struct binding case_keys[] = {
	{ 'a', false, KM_LIST, ACT_CASE_ACTION, N_("Actions: what this case's state allows"), true },
	{ '\r', false, KM_TEXT, ACT_CASE_ACTION, N_("Actions this case's state allows"), false },
	{ 't', false, KM_LIST, ACT_TOGGLE, N_("Transfer: route to departments"), true },
	{ 'e', false, KM_LIST, ACT_CASE_EDIT, N_("Correct a registered field"), true },
	{ 'p', false, KM_LIST, ACT_PRINT, N_("Print: the registration form or the reply letter"), true },
	{ KEY_F(7), true, KM_TEXT, ACT_REFRESH, N_("Reload the case"), false },
};

/* Whether the user's role and the case's state allow an action: the core
 * decides (cases_permit and the row's allowed), with the refusal in err. */
static int offered(struct tui *t, const struct case_record *r, enum case_action a,
		   struct err *err)
{
	struct case_ctx ctx;

	tui_case_ctx(t, &ctx);
	return case_offered(&ctx, r, a, err);
}

/* A timeline event's name in the interface language. */
static const char *event_label(const char *action)
{
	/* Events that are not rows of the action table. */
	static const struct { const char *code, *label; } others[] = {
		{ "add", N_("registered") }, { "merged-in", N_("duplicate merged in") },
		{ "recompute", N_("due recomputed") },
		{ "identity-view", N_("identity viewed") },
	};
	const struct case_action_def *d = case_action_get(case_action_find(action));

	if (d)
		return _(d->timeline);
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (strcmp(others[i].code, action) == 0)
			return _(others[i].label);
	return action;
}

static void push_line(struct case_screen *c, enum role r, char *text)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->lines = xrealloc(c->lines, (size_t)c->cap * sizeof *c->lines);
	}
	c->lines[c->n].text = text;
	c->lines[c->n].role = r;
	c->n++;
}

static void add_line(struct case_screen *c, enum role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_line(struct case_screen *c, enum role r, const char *fmt, ...)
{
	va_list ap, ap2;
	char *s, *lines[256];
	int n, len;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)(len > 0 ? len : 0) + 1);
	vsnprintf(s, (size_t)(len > 0 ? len : 0) + 1, fmt, ap2);
	va_end(ap2);
	n = layout_wrap(s, c->width > 4 ? c->width - 2 : 2, lines, 256);
	for (int i = 0; i < n && i < 256; i++)
		push_line(c, r, lines[i]);
	free(s);
}

/* prefix, then text wrapped in the column after it: a long timeline note
 * goes on under its note, not at the margin. */
static void add_column(struct case_screen *c, enum role r, const char *prefix, const char *text)
{
	int pw = text_width(prefix), width = (c->width > 4 ? c->width - 2 : 2) - pw, n;
	char *lines[256];

	if (width < 16 || !text[0]) {
		add_line(c, r, "%s%s", prefix, text);
		return;
	}
	n = layout_wrap(text, width, lines, 256);
	for (int i = 0; i < n && i < 256; i++) {
		push_line(c, r, i ? xasprintf("%*s%s", pw, "", lines[i])
			  : xasprintf("%s%s", prefix, lines[i]));
		free(lines[i]);
	}
}

static void clear_lines(struct case_screen *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->lines[i].text);
	c->n = 0;
}

#define S(x) ((x) ? (x) : "")

/* The case's fields: state, due, complainant, patient, subject, departments, account. */
static void build_fields(struct screen *s)
{
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	struct case_record *r = &c->rec;
	char a[20], b[20], fl[128];
	datetime_format(r->received, a);
	add_line(c, ROLE_TITLE, "%s  %s  %s %s  %s %d", r->number,
		 t->zh ? status_label(r->status) : status_code(r->status), _("class"),
		 t->zh ? class_label(r->hclass) : class_code(r->hclass), _("round"), r->round);
	if (r->due.day != CDATE_NONE) {
		int left = case_days_left(t->cal, r, t->today);
		datetime_format(r->due, b);
		if (r->due_met.day != CDATE_NONE)
			add_line(c, ROLE_NORMAL, "%s %.16s (%s)", _("Reply due"), b, _("met"));
		else if (!case_status_final(r->status)) {
			/* one line: the count in words ("3 working days overdue") */
			char when[64];
			int n = left < 0 ? -left : left;
			if (left == 0)
				snprintf(when, sizeof when, "%s", _("due today"));
			else
				snprintf(when, sizeof when, left < 0
					 ? ngettext("%d working day overdue", "%d working days overdue", n)
					 : ngettext("%d working day left", "%d working days left", n), n);
			add_line(c, left < 0 ? ROLE_OVERDUE : left <= 1 ? ROLE_DUE_SOON : ROLE_NORMAL,
				 "%s %s %.16s — %s", left < 0 ? "!" : left <= 1 ? "~" : " ",
				 _("Reply due"), b, when);
		}
	}
	/* the flags in the interface language (医疗安全, not safety) */
	fl[0] = '\0';
	for (int i = 0; i < FLAG__COUNT; i++)
		if (r->flags & (1u << i)) {
			size_t len = strlen(fl);
			snprintf(fl + len, sizeof fl - len, "%s%s", len ? (t->zh ? "、" : ",") : "",
				 t->zh ? flag_label(1u << i) : flag_code(1u << i));
		}
	add_line(c, ROLE_NORMAL, "%s: %.16s   %s: %s   %s: %s", _("Received"), a, _("Channel"),
		 t->zh ? channel_label(r->channel) : channel_code(r->channel), _("Kind"),
		 t->zh ? kind_label(r->kind) : kind_code(r->kind));
	add_line(c, ROLE_NORMAL, "%s: %s%s   %s: %s   %s: %s", _("Complainant"), S(r->name),
		 r->anonymous ? _(" (anonymous)") : "", _("Phone"), S(r->phone), _("Relation"),
		 S(r->relation));
	if (r->address || r->id_number)
		add_line(c, ROLE_NORMAL, "%s: %s   %s: %s", _("Address"), S(r->address),
			 _("ID number"), S(r->id_number));
	if (r->group_size > 1)
		add_line(c, ROLE_NORMAL, "%s: %d   %s: %s", _("Group size"), r->group_size,
			 _("Representatives"), S(r->representatives));
	{
		char vd[16] = "";
		if (r->visit_date != CDATE_NONE)
			date_format(r->visit_date, vd);
		add_line(c, ROLE_NORMAL, "%s: %s   %s: %s   %s: %s", _("Patient"),
			 S(r->patient_name), _("Record no."), S(r->patient_record), _("Visit date"), vd);
	}
	add_line(c, ROLE_NORMAL, "%s: %s   %s: %s", _("Subject unit"), S(r->unit), _("Staff named"),
		 S(r->staff));
	{
		struct sbuf d = { 0 };
		/* the names, or the short labels when the names would wrap the
		 * line inside a name ("Medical Aff" / "airs") */
		for (int pass = 0; pass < 2; pass++) {
			sbuf_free(&d);
			sbuf_addf(&d, "%s: ", _("Departments"));
			for (int i = 0; i < r->ndepts; i++)
				sbuf_addf(&d, "%s%s%s", i ? _(", ") : "",
					  pass ? tui_dept_label_fit(t, r->depts[i], 0)
					       : tui_dept_label(t, r->depts[i]),
					  i == 0 && r->ndepts > 1 ? _(" (lead)") : "");
			sbuf_addf(&d, "   %s: %s", _("Flags"), fl[0] ? fl : _("(none)"));
			if (text_width(d.s) <= c->width - 2)
				break;
		}
		add_line(c, ROLE_NORMAL, "%s", d.s);
		sbuf_free(&d);
	}
	if (r->claim_fen || r->paid_fen) {
		char claim[MONEY_BUF], paid[MONEY_BUF];
		add_line(c, ROLE_NORMAL, "%s: %s   %s: %s", _("Claim (yuan)"),
			 money_format(r->claim_fen, claim, sizeof claim), _("Paid"),
			 money_format(r->paid_fen, paid, sizeof paid));
	}
	add_line(c, ROLE_NORMAL, "%s: %s%s", _("First receiver"), r->receiver,
		 r->override ? _("   (the clerk overrode the suggestion)") : "");
	if (r->merged_into[0])
		add_line(c, ROLE_NORMAL, "%s: %s", _("Merged into"), r->merged_into);
	add_line(c, ROLE_SUGGEST, "%s", _("Account"));
	add_line(c, ROLE_NORMAL, "%s", S(r->text));
	if (r->demand) {
		add_line(c, ROLE_SUGGEST, "%s", _("Demand"));
		add_line(c, ROLE_NORMAL, "%s", r->demand);
	}
}

/* Transfers, drafts, the reply, the callback, the pause and the documents. */
static void build_steps(struct screen *s)
{
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	struct case_record *r = &c->rec;
	char b[20];

	if (r->ntransfers) {
		add_line(c, ROLE_SUGGEST, "%s", _("Transfers"));
		for (int i = 0; i < r->ntransfers; i++) {
			const struct case_transfer *tr = &r->transfers[i];
			static const char *const st[] = { N_("open"), N_("answered"), N_("returned"),
							  N_("cancelled") };
			char *line = NULL;
			datetime_format(tr->due, b);
			for (int pass = 0; pass < 2; pass++) {
				free(line);
				line = xasprintf("  %s %d  %s%s  %s  %s %.16s", _("round"), tr->round,
						 pass ? tui_dept_label_fit(t, tr->dept, 0)
						      : tui_dept_label(t, tr->dept),
						 tr->lead ? _(" (lead)") : "", _(st[tr->state]),
						 _("feedback due"), b);
				if (text_width(line) <= c->width - 2)
					break;
			}
			add_line(c, tr->state == TRANSFER_OPEN ? ROLE_NORMAL : ROLE_DIM, "%s", line);
			free(line);
			if (tr->feedback)
				add_line(c, ROLE_NORMAL, "    %s", tr->feedback);
			if (tr->reason)
				add_line(c, ROLE_NORMAL, "    %s: %s", _("reason"), tr->reason);
		}
	}
	for (int i = 0; i < r->ndrafts; i++) {
		static const char *const st[] = { N_("pending"), N_("approved"), N_("sent back"),
						  N_("superseded") };
		add_line(c, ROLE_SUGGEST, "%s %d (%s, %s)", _("Reply draft"), r->drafts[i].version,
			 r->drafts[i].author, _(st[r->drafts[i].state]));
		add_line(c, ROLE_NORMAL, "%s", S(r->drafts[i].text));
	}
	if (r->reply_text) {
		add_line(c, ROLE_SUGGEST, "%s (%s)", _("Reply sent"),
			 r->reply_method >= 0 ? (t->zh ? reply_method_label(r->reply_method)
						       : reply_method_code(r->reply_method)) : "");
		add_line(c, ROLE_NORMAL, "%s", r->reply_text);
	}
	if (r->satisfaction >= 0)
		add_line(c, ROLE_NORMAL, "%s: %s %s", _("Callback"),
			 t->zh ? satisfaction_label(r->satisfaction)
			       : satisfaction_code(r->satisfaction), S(r->callback_note));
	if (r->status == STATUS_PAUSED)
		add_line(c, ROLE_DUE_SOON, "%s: %s", _("Paused"), S(r->pause_reason));
	for (int i = 0; i < r->nmaterials; i++)
		add_line(c, ROLE_NORMAL, "%s: %s %s", _("Document"), S(r->materials[i].description),
			 S(r->materials[i].path));
}

/* The timeline, one line an event. */
static void build_timeline(struct screen *s)
{
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	struct store_event *evs = NULL;
	int nev = 0;
	struct err err = { 0 };
	char *last = NULL;

	add_line(c, ROLE_SUGGEST, "%s", _("Timeline"));
	if (case_events(t->store, &c->rec, &evs, &nev, &err) == 0) {
		for (int i = 0; i < nev; i++)
		{
			char *who = text_fit(evs[i].actor, 10, true);
			char *what = text_fit(event_label(evs[i].action), 12, true);
			char *basis = case_event_basis(&evs[i]);
			char *prefix = xasprintf("  %.16s  %s %s ", evs[i].at, who, what);
			add_column(c, ROLE_NORMAL, prefix, S(evs[i].note));
			free(prefix);
			if (case_event_late(&evs[i]))
				add_line(c, ROLE_NORMAL, _("      entered late (recorded %s)"),
					 evs[i].recorded);
			/* the files that computed deadlines, when they changed */
			if (basis && (!last || strcmp(basis, last) != 0)) {
				char *msg = xasprintf(_("      deadlines by %s"), basis);
				size_t k = strspn(msg, " ");
				char *indent = xasprintf("%.*s", (int)k, msg);
				add_column(c, ROLE_NORMAL, indent, msg + k);
				free(indent);
				free(msg);
				free(last);
				last = basis;
			} else {
				free(basis);
			}
			free(who);
			free(what);
		}
		store_events_free(evs, nev);
		free(last);
	} else {
		add_line(c, ROLE_ERROR, "%s", err.msg);
	}
}

static void build(struct screen *s)
{
	struct case_screen *c = s->data;

	clear_lines(c);
	if (!c->loaded) {
		add_line(c, ROLE_ERROR, "%s", _("The case could not be loaded."));
		return;
	}
	build_fields(s);
	build_steps(s);
	build_timeline(s);
}

/* Reads the case again; also the screen's resume. */
static void load(struct screen *s)
{
	struct case_screen *c = s->data;
	struct err err = { 0 };
	struct case_ctx ctx;
	enum case_view view = VIEW_PLAIN;

	if (c->loaded)
		case_record_free(&c->rec);
	/* The permission to see it, and the identity masked or its disclosure
	 * recorded once per opening (core/privacy.h). */
	tui_case_ctx(s->tui, &ctx);
	c->loaded = case_get_view(&ctx, c->number, c->disclosed ? NULL : "tui", &c->rec, &view,
				  &err) == 0;
	if (!c->loaded || view == VIEW_UNRECORDED)
		tui_error(s->tui, "%s", err.msg);
	if (view == VIEW_DISCLOSED)
		c->disclosed = true;
	build(s);
}

static void case_free_screen(struct screen *s)
{
	struct case_screen *c = s->data;

	clear_lines(c);
	free(c->lines);
	if (c->loaded)
		case_record_free(&c->rec);
}

static void case_resize(struct screen *s)
{
	struct case_screen *c = s->data;

	if (s->cols != c->width) {
		c->width = s->cols;
		build(s);
	}
}

static void case_draw(struct screen *s, WINDOW *w)
{
	struct case_screen *c = s->data;

	if (c->top > c->n - s->rows)
		c->top = c->n - s->rows;
	if (c->top < 0)
		c->top = 0;
	for (int i = 0; i < s->rows && c->top + i < c->n; i++)
		tui_draw(w, i, 1, c->lines[c->top + i].text, s->cols - 2, false,
			 c->lines[c->top + i].role);
}

/* A department from the catalog, the list starting on start (NULL: on the
 * first row, "(done)" when with_none). */
/* A department by its index in rules.ini; -1 on Esc, -2 for "(done)" when
 * with_none. The nskip codes of skip are not offered (the lead, and those
 * already picked, as co-departments: the core refuses a department twice). */
static int choose_dept(struct tui *t, const char *title, bool with_none, const char *start,
		       const char *const *skip, int nskip)
{
	int nd = rules_dept_count(t->rules), n = 0, k, at = 0;
	const char **items = xcalloc((size_t)nd + 1, sizeof *items);
	int *map = xcalloc((size_t)nd + 1, sizeof *map);

	if (with_none) {
		map[n] = -2;
		items[n++] = _("(done)");
	}
	for (int i = 0; i < nd; i++) {
		const char *code = rules_dept(t->rules, i)->code;
		bool skipped = false;
		for (int j = 0; j < nskip; j++)
			skipped = skipped || (skip[j] && !strcmp(skip[j], code));
		if (skipped)
			continue;
		if (start && !strcmp(code, start))
			at = n;
		map[n] = i;
		items[n++] = tui_dept_label(t, code);
	}
	k = tui_choose(t, title, items, n, at);
	k = k < 0 ? -1 : map[k];
	free(items);
	free(map);
	return k;
}

/* A department of an open transfer of this round, chosen; NULL on Esc. */
static const char *choose_open_transfer(struct tui *t, struct case_record *r)
{
	const char **items = xcalloc((size_t)r->ntransfers + 1, sizeof *items);
	int *idx = xcalloc((size_t)r->ntransfers + 1, sizeof *idx), n = 0, k;
	const char *dept = NULL;

	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && r->transfers[i].state == TRANSFER_OPEN) {
			idx[n] = i;
			items[n++] = tui_dept_label(t, r->transfers[i].dept);
		}
	if (!n)
		tui_error(t, "%s", _("No department holds an open transfer of this round."));
	else if (n == 1)  /* nothing to choose: no question */
		dept = r->transfers[idx[0]].dept;
	else if ((k = tui_choose(t, _("Which department?"), items, n, 0)) >= 0)
		dept = r->transfers[idx[k]].dept;
	free(items);
	free(idx);
	return dept;
}

/* The term of a vocabulary offered first: for a variant of the action (close's
 * basis), the first the case's state allows. */
static int first_allowed_term(const struct case_action_def *d, int pi,
			      const struct case_record *r)
{
	const struct action_param *p = &d->params[pi];
	struct action_args args;
	struct err err = { 0 };

	memset(&args, 0, sizeof args);
	for (int i = 0; i < d->nparams; i++)
		args.v[i].choice = -1;
	/* Only this parameter is set: a row's allowed looks at its variant alone. */
	for (int k = 0; k < p->choices->n; k++) {
		args.v[pi].text = p->choices->terms[k].code;
		args.v[pi].choice = k;
		if (d->allowed(r, &args, &err) == 0)
			return k;
	}
	return 0;
}

/* Which of the PF_PICK fields to change; -1 on Esc. */
static int choose_field(struct tui *t, const struct case_action_def *d)
{
	const char *items[ACTION_MAX_PARAMS];
	int map[ACTION_MAX_PARAMS], n = 0, k;

	for (int i = 0; i < d->nparams; i++)
		if (d->params[i].flags & PF_PICK) {
			map[n] = i;
			items[n++] = _(d->params[i].prompt);
		}
	k = tui_choose(t, _("Which field is corrected?"), items, n, 0);
	return k < 0 ? -1 : map[k];
}

/* The current value of a PF_PICK field, to edit. */
static void field_current(const struct action_param *p, const struct case_record *r,
			  char *buf, size_t size)
{
	if (p->type == PT_MONEY) {
		int64_t fen = *(const int64_t *)((const char *)r + p->rec_off);
		money_format(fen, buf, size);
	} else {
		const char *v = *(char *const *)((const char *)r + p->rec_off);
		/* A masked identity is no value to edit: the marker would be saved. */
		if (r->identity_masked && v && strcmp(v, case_identity_marker()) == 0)
			v = NULL;
		snprintf(buf, size, "%s", v ? v : "");
	}
}

/* A long text (a reply, a draft, feedback) in the editor box; buf (the
 * current value, freed here) starts it. */
static bool ask_long(struct screen *s, const struct action_param *p, char *buf, char **out)
{
	struct tui *t = s->tui;
	char *text = buf;

	for (;;) {
		if (!tui_edit_long(t, _(p->prompt), (size_t)p->max, &text)) {
			free(text);
			return false;
		}
		if (*text || !(p->flags & PF_REQUIRED))
			break;
		tui_error(t, "%s", _("This cannot be empty."));
	}
	if (*text || (p->flags & PF_PICK))
		*out = text;
	else
		free(text);
	return true;
}

/*
 * Asks for one parameter as its type says. The value goes into *out (a new
 * string, or NULL when left unset). False when the clerk pressed Esc: the
 * whole action is then cancelled.
 */
/* The case's next department not yet named: the lead, then each
 * co-department in turn (the registered suggestion routes with Enter). */
static const char *next_dept(const struct case_record *r, const struct case_action_def *d,
			     char *const *vals, int pi, char codes[][RULES_CODE_MAX], int npicked)
{
	for (int j = 0; j < r->ndepts; j++) {
		bool named = false;
		for (int i = 0; i < pi; i++)
			named = named || (d->params[i].type == PT_DEPT && vals[i] &&
					  !strcmp(vals[i], r->depts[j]));
		for (int i = 0; i < npicked; i++)
			named = named || !strcmp(codes[i], r->depts[j]);
		if (!named)
			return r->depts[j];
	}
	return NULL;
}

static bool ask_param(struct screen *s, const struct case_action_def *d, int pi, char **vals)
{
	char **out = &vals[pi];
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	const struct action_param *p = &d->params[pi];
	bool required = p->flags & PF_REQUIRED;
	size_t size = (size_t)(p->max ? p->max : CASE_NOTE_MAX) * 4 + 1;
	char *buf;
	int k;

	*out = NULL;
	switch (p->type) {
	case PT_DEPT:
		if ((k = choose_dept(t, _(p->prompt), false,
				     next_dept(&c->rec, d, vals, pi, NULL, 0), NULL, 0)) < 0)
			return false;
		*out = xstrdup(rules_dept(t->rules, k)->code);
		return true;
	case PT_OPEN_DEPT: {
		const char *dept = choose_open_transfer(t, &c->rec);
		if (!dept)
			return false;
		*out = xstrdup(dept);
		return true;
	}
	case PT_DEPTS: {
		struct sbuf b = { 0 };
		char picked[RULES_MAX_DEPTS][RULES_CODE_MAX];
		const char *skip[ACTION_MAX_PARAMS + RULES_MAX_DEPTS];
		int n = 0, nskip = 0;
		/* the departments already named (the lead) are not offered again */
		for (int i = 0; i < pi; i++)
			if (d->params[i].type == PT_DEPT && vals[i])
				skip[nskip++] = vals[i];
		/* one at a time, until (done) */
		char *title = xasprintf(_("%s: add one, or (done)"), _(p->prompt));
		while (n < RULES_MAX_DEPTS - 1 &&
		       (k = choose_dept(t, title, true,
					next_dept(&c->rec, d, vals, pi, picked, n), skip, nskip)) >= 0) {
			snprintf(picked[n], sizeof picked[n], "%s", rules_dept(t->rules, k)->code);
			skip[nskip++] = picked[n];
			sbuf_addf(&b, "%s%s", n ? "," : "", picked[n]);
			n++;
		}
		free(title);
		if (k == -1) {
			sbuf_free(&b);
			return false;
		}
		*out = b.s;
		return true;
	}
	case PT_CHOICE: {
		const char **items = xcalloc((size_t)p->choices->n, sizeof *items);
		for (int i = 0; i < p->choices->n; i++)
			items[i] = t->zh ? p->choices->terms[i].label : p->choices->terms[i].code;
		k = tui_choose(t, _(p->prompt), items, p->choices->n,
			       first_allowed_term(d, pi, &c->rec));
		free(items);
		if (k < 0)
			return false;
		*out = xstrdup(p->choices->terms[k].code);
		return true;
	}
	default:
		break;
	}
	buf = xcalloc(1, size);
	if (p->flags & PF_PICK)
		field_current(p, &c->rec, buf, size);
	if (p->type == PT_LONGTEXT && (size_t)p->max > CASE_NOTE_MAX)
		return ask_long(s, p, buf, out);
	for (;;) {
		if (!tui_prompt(t, _(p->prompt), buf, size)) {
			free(buf);
			return false;
		}
		if (text_chars(buf) > (size_t)(p->max ? p->max : CASE_NOTE_MAX))
			tui_error(t, _("%zu characters; the limit is %zu. Shorten it (nothing was cut)."),
				  text_chars(buf), (size_t)(p->max ? p->max : CASE_NOTE_MAX));
		else if (*buf || !required)
			break;
		else
			tui_error(t, "%s", _("This cannot be empty."));
	}
	if (*buf || (p->flags & PF_PICK))
		*out = buf;
	else
		free(buf);
	return true;
}

/*
 * Runs an action of the table: asks for its parameters in order (Esc at any
 * step cancels all of it), confirms a consequential one, then runs it with
 * the version on screen, so a case changed meanwhile by another terminal is
 * refused (and reloaded) rather than acted on blind.
 */
static int run_action(struct screen *s, enum case_action a)
{
	const struct case_action_def *d = case_action_get(a);
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	char *vals[ACTION_MAX_PARAMS] = { 0 };
	bool ok = true, picked = false;
	struct case_ctx ctx;
	struct err err = { 0 };
	int rc = -1;

	for (int i = 0; ok && i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		int pi = i;
		if (!p->prompt)
			continue;
		if (p->flags & PF_PICK) {
			if (picked)
				continue;
			picked = true;
			if ((pi = choose_field(t, d)) < 0) {
				ok = false;
				break;
			}
		}
		ok = ask_param(s, d, pi, vals);
	}
	if (ok && d->confirm) {
		char q[256];
		snprintf(q, sizeof q, _("%s: %s now?"), c->number, _(d->label));
		ok = tui_confirm(t, q);
	}
	if (ok) {
		tui_case_ctx(t, &ctx);
		rc = case_act(&ctx, a, c->number, c->rec.version, (const char *const *)vals, NULL,
			      &err);
		if (rc)
			tui_error(t, "%s", err.msg);
		else
			tui_info(t, _("%s: done (%s)."), c->number, _(d->label));
	} else {
		tui_info(t, "%s", _("Cancelled; nothing was changed."));
	}
	for (int i = 0; i < ACTION_MAX_PARAMS; i++)
		free(vals[i]);
	if (rc >= 0) {
		load(s);
		if (!rc)
			c->top = c->n;  /* show the end of the timeline, where the new event is */
	}
	return SF_REDRAW;
}

static int case_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct case_screen *c = s->data;
	int page = s->rows > 2 ? s->rows - 1 : 1;

	(void)ev;
	switch (a) {
	case ACT_UP: case ACT_WHEEL_UP: c->top -= a == ACT_UP ? 1 : 3; break;
	case ACT_DOWN: case ACT_WHEEL_DOWN: c->top += a == ACT_DOWN ? 1 : 3; break;
	case ACT_PGUP: c->top -= page; break;
	case ACT_PGDN: c->top += page; break;
	case ACT_HOME: c->top = 0; break;
	case ACT_END: c->top = c->n; break;
	case ACT_TOGGLE:
	case ACT_CASE_EDIT: {
		enum case_action ca = a == ACT_TOGGLE ? CA_TRANSFER : CA_CORRECT;
		struct err err = { 0 };
		if (!c->loaded)
			break;
		if (offered(s->tui, &c->rec, ca, &err)) {
			tui_error(s->tui, "%s", err.msg);
			break;
		}
		return run_action(s, ca);
	}
	case ACT_CASE_ACTION: case ACT_OPEN: case ACT_CLICK_OPEN: {
		const char *items[CA__COUNT];
		enum case_action map[CA__COUNT];
		int n = 0, k;
		if (!c->loaded)
			break;
		for (int i = 0; i < CA__COUNT; i++)
			if (offered(s->tui, &c->rec, i, &(struct err){ 0 }) == 0) {
				map[n] = i;
				items[n++] = _(case_action_get(i)->label);
			}
		if (!n) {
			tui_error(s->tui, "%s", _("No action is possible in this state for your role."));
			break;
		}
		k = tui_choose(s->tui, _("Act on the case"), items, n, 0);
		if (k >= 0)
			return run_action(s, map[k]);
		break;
	}
	case ACT_PRINT:
		if (c->loaded)
			tui_case_print(s->tui, c->number);
		break;
	case ACT_REFRESH:
		load(s);
		return SF_UNHANDLED;
	default:
		return SF_UNHANDLED;
	}
	return SF_REDRAW;
}

static const struct screen_ops c_ops = {
	"case", N_("Case"), KM_LIST, case_keys, SCREEN_N(case_keys),
	case_free_screen, case_resize, case_draw, case_key, NULL, NULL, load,
	sizeof(struct case_screen), NULL,
};

struct screen *screen_case_new(struct tui *t, const char *case_no)
{
	struct screen *s = screen_new(t, &c_ops);
	struct case_screen *c = s->data;

	snprintf(c->number, sizeof c->number, "%s", case_no);
	tui_alert_opened(t, case_no);
	c->width = s->cols;
	load(s);
	return s;
}
