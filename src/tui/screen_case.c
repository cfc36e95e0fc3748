/* The case screen: every field, the timeline, and the actions the case's state allows. */
#include "tui/i18n.h"
#include "tui/layout.h"
#include "tui/tui_internal.h"
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
	struct cline *lines;        /* wrapped to the width */
	int n, cap, top, rows, cols;
};

enum case_act { CA_TRANSFER, CA_RETURN, CA_FEEDBACK, CA_DRAFT, CA_APPROVE, CA_REFUSE, CA_REPLY,
		CA_CALLBACK, CA_CLOSE, CA_REJECT, CA_MERGE, CA_PAUSE, CA_RESUME, CA_REOPEN,
		CA_REVIEW, CA_CLASS, CA_ATTACH, CA__COUNT };

static const char *const act_label[CA__COUNT] = {
	[CA_TRANSFER] = N_("Transfer to departments (转交办)"),
	[CA_RETURN] = N_("Return a transfer, with the reason"),
	[CA_FEEDBACK] = N_("Record a department's written feedback"),
	[CA_DRAFT] = N_("Draft the reply"),
	[CA_APPROVE] = N_("Approve the draft"),
	[CA_REFUSE] = N_("Send the draft back"),
	[CA_REPLY] = N_("Record the reply sent"),
	[CA_CALLBACK] = N_("Record the callback (回访)"),
	[CA_CLOSE] = N_("Close"),
	[CA_REJECT] = N_("Not accepted (不予受理)"),
	[CA_MERGE] = N_("Merge into another case"),
	[CA_PAUSE] = N_("Pause the clock"),
	[CA_RESUME] = N_("Resume the clock"),
	[CA_REOPEN] = N_("Reopen"),
	[CA_REVIEW] = N_("Review requested (复核)"),
	[CA_CLASS] = N_("Change the handling class"),
	[CA_ATTACH] = N_("Add a document kept on file"),
};

static const struct binding case_keys[] = {
	{ 'a', false, KM_LIST, ACT_CASE_ACTION, N_("Actions: what this case's state allows"), true },
	{ '\r', false, KM_TEXT, ACT_CASE_ACTION, N_("Actions this case's state allows"), false },
	{ 't', false, KM_LIST, ACT_TOGGLE, N_("Transfer: route to departments"), true },
	{ KEY_F(7), true, KM_TEXT, ACT_REFRESH, N_("Reload the case"), false },
};

/* The core's names of the actions (case_allowed, and the timeline's events). */
static const char *const act_code[CA__COUNT] = {
	[CA_TRANSFER] = "transfer", [CA_RETURN] = "return", [CA_FEEDBACK] = "feedback",
	[CA_DRAFT] = "draft", [CA_APPROVE] = "approve", [CA_REFUSE] = "refuse",
	[CA_REPLY] = "reply", [CA_CALLBACK] = "callback", [CA_CLOSE] = "close",
	[CA_REJECT] = "reject", [CA_MERGE] = "merge", [CA_PAUSE] = "pause",
	[CA_RESUME] = "resume", [CA_REOPEN] = "reopen", [CA_REVIEW] = "review",
	[CA_CLASS] = "reclass", [CA_ATTACH] = "attach",
};

/* Which actions the case's state allows: the core decides (case_allowed). */
static bool allowed(const struct case_record *r, enum case_act a)
{
	struct err err = { 0 };

	if (a == CA_CLOSE)
		return !case_allowed(r, "close", &err) || !case_allowed(r, "close-on-spot", &err) ||
		       !case_allowed(r, "close-unreasonable", &err);
	return case_allowed(r, act_code[a], &err) == 0;
}

/* A timeline event's name in the interface language. */
static const char *event_label(const char *action)
{
	static const struct { const char *code, *label; } names[] = {
		{ "add", N_("registered") }, { "transfer", N_("transfer") },
		{ "return", N_("returned") }, { "feedback", N_("feedback") },
		{ "draft", N_("drafted") }, { "approve", N_("approved") },
		{ "refuse", N_("sent back") }, { "reply", N_("replied") },
		{ "callback", N_("callback") }, { "close", N_("closed") },
		{ "reject", N_("not accepted") }, { "merge", N_("merged") },
		{ "pause", N_("paused") }, { "resume", N_("resumed") },
		{ "reopen", N_("reopened") }, { "review", N_("review") },
		{ "reclass", N_("class changed") }, { "attach", N_("document") },
		{ "recompute", N_("due recomputed") },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].code, action) == 0)
			return _(names[i].label);
	return action;
}

static void add_line(struct case_screen *c, enum role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_line(struct case_screen *c, enum role r, const char *fmt, ...)
{
	va_list ap;
	char *s, *lines[256];
	int n;

	va_list ap2;
	int len;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)(len > 0 ? len : 0) + 1);
	vsnprintf(s, (size_t)(len > 0 ? len : 0) + 1, fmt, ap2);
	va_end(ap2);
	n = layout_wrap(s, c->cols > 4 ? c->cols - 2 : 2, lines, 256);
	for (int i = 0; i < n; i++) {
		if (i >= 256)
			break;
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->lines = xrealloc(c->lines, (size_t)c->cap * sizeof *c->lines);
		}
		c->lines[c->n].text = lines[i];
		c->lines[c->n].role = r;
		c->n++;
	}
	free(s);
}

static void clear_lines(struct case_screen *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->lines[i].text);
	c->n = 0;
}

#define S(x) ((x) ? (x) : "")

static void build(struct screen *s)
{
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	struct case_record *r = &c->rec;
	char a[20], b[20], fl[128];
	struct store_event *evs = NULL;
	int nev = 0;
	struct err err = { 0 };

	clear_lines(c);
	if (!c->loaded) {
		add_line(c, ROLE_ERROR, "%s", _("The case could not be loaded."));
		return;
	}
	datetime_format(r->received, a);
	add_line(c, ROLE_TITLE, "%s  %s  %s %s  %s %d", r->number,
		 t->zh ? status_label(r->status) : status_code(r->status), _("class"),
		 t->zh ? class_label(r->hclass) : class_code(r->hclass), _("round"), r->round);
	if (r->due.day != CDATE_NONE) {
		int left = case_days_left(t->cal, r, t->today);
		datetime_format(r->due, b);
		if (r->due_met.day != CDATE_NONE)
			add_line(c, ROLE_NORMAL, "%s %.16s (%s)", _("Reply due"), b, _("met"));
		else if (!case_status_final(r->status))
			add_line(c, left < 0 ? ROLE_OVERDUE : left <= 1 ? ROLE_DUE_SOON : ROLE_NORMAL,
				 "%s %s %.16s — %s", left < 0 ? "!" : left <= 1 ? "~" : " ",
				 _("Reply due"), b, left < 0 ? _("overdue") : left == 0 ? _("due today")
				 : _("working days left"));
		if (r->due_met.day == CDATE_NONE && !case_status_final(r->status) && left)
			add_line(c, ROLE_DIM, "  %s: %d", left < 0 ? _("working days overdue")
						       : _("working days left"), left < 0 ? -left : left);
	}
	flags_format(r->flags, fl, sizeof fl);
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
		sbuf_addn(&d, "", 0);
		for (int i = 0; i < r->ndepts; i++)
			sbuf_addf(&d, "%s%s%s", i ? ", " : "", tui_dept_label(t, r->depts[i]),
				  i == 0 && r->ndepts > 1 ? _(" (lead)") : "");
		add_line(c, ROLE_NORMAL, "%s: %s   %s: %s", _("Departments"), d.s, _("Flags"),
			 fl[0] ? fl : _("(none)"));
		sbuf_free(&d);
	}
	if (r->claim_fen || r->paid_fen)
		add_line(c, ROLE_NORMAL, "%s: %lld.%02lld   %s: %lld.%02lld", _("Claim (yuan)"),
			 (long long)(r->claim_fen / 100), (long long)(r->claim_fen % 100), _("Paid"),
			 (long long)(r->paid_fen / 100), (long long)(r->paid_fen % 100));
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
	if (r->ntransfers) {
		add_line(c, ROLE_SUGGEST, "%s", _("Transfers"));
		for (int i = 0; i < r->ntransfers; i++) {
			const struct case_transfer *tr = &r->transfers[i];
			static const char *const st[] = { N_("open"), N_("answered"), N_("returned"),
							  N_("cancelled") };
			datetime_format(tr->due, b);
			add_line(c, tr->state == TRANSFER_OPEN ? ROLE_NORMAL : ROLE_DIM,
				 "  %s %d  %s%s  %s  %s %.16s", _("round"), tr->round,
				 tui_dept_label(t, tr->dept), tr->lead ? _(" (lead)") : "", _(st[tr->state]),
				 _("feedback due"), b);
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

	add_line(c, ROLE_SUGGEST, "%s", _("Timeline"));
	if (case_events(t->store, r, &evs, &nev, &err) == 0) {
		for (int i = 0; i < nev; i++)
		{
			char *who = text_fit(evs[i].actor, 10, true);
			char *what = text_fit(event_label(evs[i].action), 12, true);
			add_line(c, ROLE_NORMAL, "  %.16s  %s %s %s", evs[i].at, who, what,
				 S(evs[i].note));
			free(who);
			free(what);
		}
		store_events_free(evs, nev);
	} else {
		add_line(c, ROLE_ERROR, "%s", err.msg);
	}
}

static void load(struct screen *s)
{
	struct case_screen *c = s->data;
	struct err err = { 0 };

	if (c->loaded)
		case_record_free(&c->rec);
	c->loaded = case_get(s->tui->store, c->number, true, &c->rec, &err) == 0;
	if (!c->loaded)
		tui_error(s->tui, "%s", err.msg);
	build(s);
}

static void case_free_screen(struct screen *s)
{
	struct case_screen *c = s->data;

	clear_lines(c);
	free(c->lines);
	if (c->loaded)
		case_record_free(&c->rec);
	free(c);
}

static void case_resize(struct screen *s, int rows, int cols)
{
	struct case_screen *c = s->data;
	bool rewrap = cols != c->cols;

	c->rows = rows;
	c->cols = cols;
	if (rewrap)
		build(s);
}

static void case_draw(struct screen *s, WINDOW *w)
{
	struct case_screen *c = s->data;

	if (c->top > c->n - c->rows)
		c->top = c->n - c->rows;
	if (c->top < 0)
		c->top = 0;
	for (int i = 0; i < c->rows && c->top + i < c->n; i++)
		tui_draw(w, i, 1, c->lines[c->top + i].text, c->cols - 2, false,
			 c->lines[c->top + i].role);
}

/* Prompts for a required text; false when the clerk gave up. */
static bool ask(struct tui *t, const char *label, char *buf, size_t size, bool required)
{
	for (;;) {
		if (!tui_prompt(t, label, buf, size))
			return false;
		if (*buf || !required)
			return true;
		tui_error(t, "%s", _("This cannot be empty."));
	}
}

static int choose_dept(struct tui *t, const char *title, bool with_none)
{
	const char *items[130];
	int n = 0, k, nd = rules_dept_count(t->rules);

	if (with_none)
		items[n++] = _("(done)");
	for (int i = 0; i < nd && n < 130; i++)
		items[n++] = tui_dept_label(t, rules_dept(t->rules, i)->code);
	k = tui_choose(t, title, items, n, 0);
	if (k < 0 || (with_none && k == 0))
		return -1;
	return with_none ? k - 1 : k;
}

/* A department of an open transfer of this round, chosen. */
static const char *choose_open_transfer(struct tui *t, struct case_record *r)
{
	const char *items[32];
	int idx[32], n = 0, k;

	for (int i = 0; i < r->ntransfers && n < 32; i++)
		if (r->transfers[i].round == r->round && r->transfers[i].state == TRANSFER_OPEN) {
			idx[n] = i;
			items[n++] = tui_dept_label(t, r->transfers[i].dept);
		}
	if (!n) {
		tui_error(t, "%s", _("No department holds an open transfer of this round."));
		return NULL;
	}
	k = tui_choose(t, _("Which department?"), items, n, 0);
	return k < 0 ? NULL : r->transfers[idx[k]].dept;
}

static int run_action(struct screen *s, enum case_act a)
{
	struct case_screen *c = s->data;
	struct tui *t = s->tui;
	struct case_ctx ctx;
	struct err err = { 0 };
	char text[2048] = "", note[1024] = "";
	const char *num = c->number;
	int rc = -1, k;

	tui_case_ctx(t, &ctx);
	switch (a) {
	case CA_TRANSFER: {
		const char *co[RULES_MAX_DEPTS];
		int nco = 0, lead = choose_dept(t, _("Lead department"), false), d;
		if (lead < 0)
			return SF_REDRAW;
		while (nco < RULES_MAX_DEPTS - 1 &&
		       (d = choose_dept(t, _("Add a co-department, or (done)"), true)) >= 0)
			co[nco++] = rules_dept(t->rules, d)->code;
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		rc = case_transfer(&ctx, num, rules_dept(t->rules, lead)->code, co, nco,
				   note[0] ? note : NULL, &err);
		break;
	}
	case CA_RETURN: {
		const char *dept = choose_open_transfer(t, &c->rec);
		if (!dept || !ask(t, _("Reason for returning (第二十二条):"), note, sizeof note, true))
			return SF_REDRAW;
		rc = case_return(&ctx, num, dept, note, &err);
		break;
	}
	case CA_FEEDBACK: {
		const char *dept = choose_open_transfer(t, &c->rec);
		if (!dept || !ask(t, _("Written feedback (书面反馈):"), text, sizeof text, true))
			return SF_REDRAW;
		rc = case_feedback(&ctx, num, dept, text, &err);
		break;
	}
	case CA_DRAFT:
		if (!ask(t, _("Reply draft:"), text, sizeof text, true))
			return SF_REDRAW;
		rc = case_draft(&ctx, num, text, &err);
		break;
	case CA_APPROVE:
		if (!tui_confirm(t, _("Approve the current draft?")))
			return SF_REDRAW;
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		rc = case_approve(&ctx, num, false, note[0] ? note : NULL, &err);
		break;
	case CA_REFUSE:
		if (!ask(t, _("Why is the draft sent back?"), note, sizeof note, true))
			return SF_REDRAW;
		rc = case_approve(&ctx, num, true, note, &err);
		break;
	case CA_REPLY: {
		const char *items[REPLY__COUNT];
		for (int i = 0; i < REPLY__COUNT; i++)
			items[i] = t->zh ? reply_method_label(i) : reply_method_code(i);
		if ((k = tui_choose(t, _("How was the reply given?"), items, REPLY__COUNT, 0)) < 0)
			return SF_REDRAW;
		rc = case_reply(&ctx, num, k, NULL, &err);
		break;
	}
	case CA_CALLBACK: {
		const char *items[SATISFACTION__COUNT];
		for (int i = 0; i < SATISFACTION__COUNT; i++)
			items[i] = t->zh ? satisfaction_label(i) : satisfaction_code(i);
		if ((k = tui_choose(t, _("The complainant is"), items, SATISFACTION__COUNT, 0)) < 0)
			return SF_REDRAW;
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		rc = case_callback(&ctx, num, k, note[0] ? note : NULL, &err);
		break;
	}
	case CA_CLOSE: {
		const char *items[FINDING__COUNT];
		const char *basis[] = { _("after a satisfied callback"), _("resolved on the spot"),
					_("written reply to unreasonable demands") };
		char paid[32] = "0";
		int b;
		for (int i = 0; i < FINDING__COUNT; i++)
			items[i] = t->zh ? finding_label(i) : finding_code(i);
		if ((k = tui_choose(t, _("Finding (有效投诉)"), items, FINDING__COUNT, 0)) < 0)
			return SF_REDRAW;
		if ((b = tui_choose(t, _("Closed on what basis?"), basis, 3,
				    c->rec.status == STATUS_REGISTERED ? 1 : 0)) < 0)
			return SF_REDRAW;
		if (!tui_prompt(t, _("Compensation paid, yuan (0 for none):"), paid, sizeof paid))
			return SF_REDRAW;
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		{
			char *end;
			double v = strtod(paid, &end);
			if (*end || v < 0) {
				tui_error(t, _("'%s' is not an amount in yuan."), paid);
				return SF_REDRAW;
			}
			rc = case_close(&ctx, num, k, b, (int64_t)(v * 100 + 0.5),
					note[0] ? note : NULL, &err);
		}
		break;
	}
	case CA_REJECT: {
		const char *items[REJECT__COUNT];
		for (int i = 0; i < REJECT__COUNT; i++)
			items[i] = t->zh ? reject_reason_label(i) : reject_reason_code(i);
		if ((k = tui_choose(t, _("Why is it not accepted? (第二十六条)"), items, REJECT__COUNT,
				    0)) < 0)
			return SF_REDRAW;
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		rc = case_reject(&ctx, num, k, note[0] ? note : NULL, &err);
		break;
	}
	case CA_MERGE:
		if (!ask(t, _("Merge into case number:"), text, sizeof text, true))
			return SF_REDRAW;
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		rc = case_merge(&ctx, num, text, note[0] ? note : NULL, &err);
		break;
	case CA_PAUSE:
		if (!ask(t, _("Why is the clock paused?"), note, sizeof note, true))
			return SF_REDRAW;
		rc = case_pause(&ctx, num, note, &err);
		break;
	case CA_RESUME:
		tui_prompt(t, _("Note (optional):"), note, sizeof note);
		rc = case_resume(&ctx, num, note[0] ? note : NULL, &err);
		break;
	case CA_REOPEN:
		if (!ask(t, _("Why is it reopened?"), note, sizeof note, true))
			return SF_REDRAW;
		rc = case_reopen(&ctx, num, note, &err);
		break;
	case CA_REVIEW:
		if (!ask(t, _("What does the complainant dispute?"), note, sizeof note, true))
			return SF_REDRAW;
		rc = case_review(&ctx, num, note, &err);
		break;
	case CA_CLASS: {
		const char *items[CLASS__COUNT];
		for (int i = 0; i < CLASS__COUNT; i++)
			items[i] = t->zh ? class_label(i) : class_code(i);
		if ((k = tui_choose(t, _("Handling class"), items, CLASS__COUNT, c->rec.hclass)) < 0)
			return SF_REDRAW;
		if (!ask(t, _("Why does the class change?"), note, sizeof note, true))
			return SF_REDRAW;
		rc = case_set_class(&ctx, num, k, note, &err);
		break;
	}
	case CA_ATTACH: {
		char path[512] = "";
		if (!ask(t, _("Document description:"), text, sizeof text, true))
			return SF_REDRAW;
		tui_prompt(t, _("File path (optional):"), path, sizeof path);
		rc = case_attach(&ctx, num, text, path[0] ? path : NULL, &err);
		break;
	}
	default:
		return SF_REDRAW;
	}
	if (rc)
		tui_error(t, "%s", err.msg);
	else
		tui_info(t, _("%s: done (%s)."), num, _(act_label[a]));
	load(s);
	if (!rc)
		c->top = c->n;          /* show the end of the timeline, where the new event is */
	return SF_REDRAW;
}

static int case_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct case_screen *c = s->data;
	int page = c->rows > 2 ? c->rows - 1 : 1;

	(void)ev;
	switch (a) {
	case ACT_UP: case ACT_WHEEL_UP: c->top -= a == ACT_UP ? 1 : 3; break;
	case ACT_DOWN: case ACT_WHEEL_DOWN: c->top += a == ACT_DOWN ? 1 : 3; break;
	case ACT_PGUP: c->top -= page; break;
	case ACT_PGDN: c->top += page; break;
	case ACT_HOME: c->top = 0; break;
	case ACT_END: c->top = c->n; break;
	case ACT_TOGGLE:
		if (!c->loaded)
			break;
		if (!allowed(&c->rec, CA_TRANSFER)) {
			tui_error(s->tui, _("%s cannot be transferred in its state (%s)."), c->number,
				  s->tui->zh ? status_label(c->rec.status) : status_code(c->rec.status));
			break;
		}
		return run_action(s, CA_TRANSFER);
	case ACT_CASE_ACTION: case ACT_OPEN: case ACT_CLICK_OPEN: {
		const char *items[CA__COUNT];
		enum case_act map[CA__COUNT];
		int n = 0, k;
		if (!c->loaded)
			break;
		for (int i = 0; i < CA__COUNT; i++)
			if (allowed(&c->rec, i)) {
				map[n] = i;
				items[n++] = _(act_label[i]);
			}
		if (!n) {
			tui_error(s->tui, "%s", _("No action is possible in this state."));
			break;
		}
		k = tui_choose(s->tui, _("Act on the case"), items, n, 0);
		if (k >= 0)
			return run_action(s, map[k]);
		break;
	}
	case ACT_REFRESH:
		load(s);
		return SF_UNHANDLED;
	default:
		return SF_UNHANDLED;
	}
	return SF_REDRAW;
}

static void case_screen_resume(struct screen *s)
{
	load(s);
}

struct screen *screen_case_new(struct tui *t, const char *case_no)
{
	struct screen *s = screen_alloc(t, "case", N_("Case"));
	struct case_screen *c = xcalloc(1, sizeof *c);

	snprintf(c->number, sizeof c->number, "%s", case_no);
	c->cols = t->body_cols;
	c->rows = t->body_rows;
	s->data = c;
	s->keys = case_keys;
	s->nkeys = sizeof case_keys / sizeof case_keys[0];
	s->free = case_free_screen;
	s->resize = case_resize;
	s->draw = case_draw;
	s->key = case_key;
	s->resume = case_screen_resume;
	load(s);
	return s;
}
