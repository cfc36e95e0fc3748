/* The intake form's live side: the rule suggestion with its reasons and the
 * possible duplicates beside the form, and saving the form as a case. */
#include "tui/i18n.h"
#include "tui/layout.h"
#include "tui/tui_internal.h"
#include "core/field.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "intake.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The rule module's view of the form as typed so far. */
void intake_classify(struct tui *t, struct intake *in)
{
	struct rule_input ri = { 0 };
	char *text = intake_field_str(in, FI_TEXT), *demand = intake_field_str(in, FI_DEMAND);
	char *claim = intake_field_str(in, FI_CLAIM), *group = intake_field_str(in, FI_GROUP);
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
void intake_find_dups(struct tui *t, struct intake *in)
{
	char *name = intake_field_str(in, FI_NAME), *phone = intake_field_str(in, FI_PHONE);
	char key[256];
	const char *queries[2];
	int nq = 0;
	struct case_ctx ctx;
	cdate since = t->today - rules_settings(t->rules)->duplicate_days;

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
			{
				/* who, how to reach them, when: enough to tell two apart */
				char when[20];
				datetime_format(r->received, when);
				snprintf(in->dups[in->ndups].line, sizeof in->dups[0].line,
					 "%s %.10s", r->number, when);
				snprintf(in->dups[in->ndups].who, sizeof in->dups[0].who,
					 "  %s %s", r->name ? r->name : "", r->phone ? r->phone : "");
			}
			in->ndups++;
		}
		case_page_free(&page);
	}
out:
	free(name);
	free(phone);
}

void intake_draw_panel(struct screen *s, WINDOW *w)
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
	char *recv = intake_field_str(in, FI_RECEIVED);
	unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;

	for (int r = 0; r < in->rows; r++)
		mvwaddstr(w, r, in->panel_x, "│");
	tui_draw(w, y++, x, _("Rule suggestion (live)"), pw, false, ROLE_SUGGEST);
	snprintf(buf, sizeof buf, "%s: %s", _("Kind"), t->zh ? kind_label(in->sug.kind)
							  : kind_code(in->sug.kind));
	tui_draw(w, y++, x, buf, pw, false, ROLE_NORMAL);
	intake_field_value(t, in, FI_CATS, buf, sizeof buf);
	{
		char *b2 = xasprintf("%s: %s", _("Category"), buf);
		tui_draw(w, y++, x, b2, pw, false, ROLE_NORMAL);
		free(b2);
	}
	intake_field_value(t, in, FI_DEPTS, buf, sizeof buf);
	{
		char *b2 = xasprintf("%s: %s", _("Departments"), buf);
		/* too wide for the panel: the short labels, not a cut name */
		if (text_width(b2) > pw) {
			size_t len = (size_t)snprintf(buf, sizeof buf, "%s: %s", _("Departments"),
						      in->ndepts ? "" : _("(suggested) "));
			for (int i = 0; i < nd && len < sizeof buf; i++)
				len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? _(", ") : "",
					tui_dept_label_fit(t, in->ndepts ? in->depts[i] : in->sug.depts[i], 0));
			free(b2);
			b2 = xstrdup(buf);
		}
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
				len += (size_t)snprintf(fb + len, sizeof fb - len, "%s%s", len ? _(", ") : "",
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
		int last = in->rows - (in->ndups ? 1 + 2 * in->ndups : 1);
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
		tui_draw(w, y++, x, _("Possible duplicates (F8: merge into one):"), pw, false,
			 ROLE_OVERDUE);
		for (int i = 0; i < in->ndups && y + 1 < in->rows; i++) {
			tui_draw(w, y++, x, in->dups[i].line, pw, false, ROLE_NORMAL);
			tui_draw(w, y++, x, in->dups[i].who, pw, false, ROLE_DIM);
		}
	} else {
		tui_draw(w, y++, x, _("No possible duplicate."), pw, false, ROLE_DIM);
	}
}

/* Builds the case input; returns the first invalid field or -1 with its
 * message in msg. Strings are allocated into strs (freed by the caller). */
static int build_input(struct screen *s, struct case_input *ci, char **strs, char *msg, size_t size)
{
	struct intake *in = s->data;
	struct tui *t = s->tui;
	struct err err = { 0 };

	for (int f = 0; f < FI__COUNT; f++) {
		const char *bad = intake_validate(t, in, f, msg, size);
		if (bad) {
			if (bad != msg)
				snprintf(msg, size, "%s", bad);
			return f;
		}
	}
	case_input_init(ci);
	for (int f = 0; f < FI__COUNT; f++)
		strs[f] = intake_is_text(f) ? intake_field_str(in, f) : NULL;
	for (int f = 0; f < FI__COUNT; f++)
		if (intake_defs[f].cf >= 0 &&
		    case_field_set(ci, intake_defs[f].cf, strs[f], t->rules, t->now, &err)) {
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
		while ((tok = strsep(&p, ";")) && ci->nmaterials < CASE_MATERIALS_MAX) {
			while (*tok == ' ')
				tok++;
			if (*tok)
				ci->materials[ci->nmaterials++] = tok;
		}
	}
	return -1;
}

/*
 * Registered: the number shown large with what usually comes next, one key
 * each: another case, the case itself, the form for the complainant to sign.
 * Returns the screen flags.
 */
static int after_save(struct screen *s, const struct case_record *rec)
{
	struct tui *t = s->tui;
	char due[20], title[256];
	const char *items[] = { _("Register another (再登记一件)"), _("Open the case (打开案件)"),
				_("Print the registration form (打印登记表)"),
				_("Back to the queues (Esc)") };
	struct err err = { 0 };
	int k;

	datetime_format(rec->due, due);
	snprintf(title, sizeof title, _("Registered %s — reply due %.16s"), rec->number, due);
	k = tui_choose(t, title, items, 4, 0);
	switch (k) {
	case 0:
		intake_reset(s);
		tui_info(t, _("Registered %s. A blank form for the next one."), rec->number);
		return SF_REDRAW;
	case 1:
		t->then_push = screen_case_new(t, rec->number);
		break;
	case 2:
		if (tui_print_form_err(t, rec->number, &err))
			tui_error(t, _("Registered %s, but the form was not printed: %s"), rec->number,
				  err.msg);
		else
			tui_info(t, _("Registered %s (reply due %.16s); the registration form was sent to the printer."),
				 rec->number, due);
		return SF_POP | SF_FORCE_POP | SF_REDRAW;
	default:
		break;
	}
	tui_info(t, _("Registered %s (reply due %.16s)."), rec->number, due);
	return SF_POP | SF_FORCE_POP | SF_REDRAW;
}

int intake_save(struct screen *s, bool merge)
{
	struct intake *in = s->data;
	struct tui *t = s->tui;
	struct case_input ci;
	char *strs[FI__COUNT] = { 0 };
	char msg[1024];
	struct case_record rec = { 0 };
	struct case_ctx ctx;
	struct err err = { 0 };
	int bad = build_input(s, &ci, strs, msg, sizeof msg), rc = SF_REDRAW, into = 0;

	if (bad >= 0) {
		/* the message names the field (and is the one the other paths give) */
		in->focus = bad;
		intake_show_field(in, bad);
		tui_error(t, "%s", msg);
		goto out;
	}
	if (merge && !in->ndups) {
		tui_error(t, "%s", _("There is no possible duplicate to merge into."));
		goto out;
	}
	if (merge) {
		char q[256];
		if (in->ndups > 1) {
			/* F8: which case the complainant is following up */
			const char *items[5];
			int k;
			char lines[5][320];
			for (int i = 0; i < in->ndups; i++) {
				snprintf(lines[i], sizeof lines[i], "%s %s", in->dups[i].line,
					 in->dups[i].who + 2);
				items[i] = lines[i];
			}
			k = tui_choose(t, _("Merge into which case?"), items, in->ndups, 0);
			if (k < 0)
				goto out;
			into = k;
		}
		snprintf(q, sizeof q, _("Register this complaint and merge it into %s?"),
			 in->dups[into].number);
		if (!tui_confirm(t, q))
			goto out;
	}
	tui_case_ctx(t, &ctx);
	if (case_add(&ctx, &ci, &rec, &err)) {
		tui_error(t, "%s", err.msg);
		goto out;
	}
	/* registered: the draft must not be offered again, whatever happens next */
	store_draft_delete_slot(t->store, t->app->actor, in->slot, &err);
	in->dirty = false;
	if (merge) {
		if (case_merge(&ctx, rec.number, in->dups[into].number, _("duplicate found at intake"),
			       &err))
			tui_error(t, _("Registered %s, but the merge failed: %s"), rec.number, err.msg);
		else
			tui_info(t, _("Registered %s and merged it into %s."), rec.number,
				 in->dups[into].number);
	} else {
		rc = after_save(s, &rec);
		case_record_free(&rec);
		goto out;
	}
	case_record_free(&rec);
	rc = SF_POP | SF_FORCE_POP | SF_REDRAW;
out:
	for (int f = 0; f < FI__COUNT; f++)
		free(strs[f]);
	return rc;
}
