/* The intake form's choice fields: what each shows, and its pick list
 * (channel, kind, class, unit chosen; departments, categories, flags toggled). */
#include "tui/i18n.h"
#include "tui/tui_internal.h"
#include "core/util.h"
#include "intake.h"

#include <stdio.h>
#include <string.h>

/* The most items of a pick list (more subject units, departments or categories
 * are not listed). */
#define CHOOSE_MAX 160

/* The text shown in a non-text field. */
void intake_field_value(struct tui *t, struct intake *in, int f, char *buf, size_t size)
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

/*
 * The items of field f's pick list into items (labels holds those made
 * here) and the item to start on into *cur; the number of items, or -1 when
 * f has no list. Kind, class and unit start with "the suggestion" (or
 * "none"); departments, categories and flags show [x] on those in force.
 */
static int choose_items(struct tui *t, struct intake *in, int f, const char **items,
			char (*labels)[96], int *cur)
{
	int n = 0;

	*cur = in->choice[f];
	switch (f) {
	case FI_CHANNEL:
		for (n = 0; n < CHANNEL__COUNT; n++)
			items[n] = t->zh ? channel_label(n) : channel_code(n);
		break;
	case FI_KIND:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < KIND__COUNT; i++)
			items[n++] = t->zh ? kind_label(i) : kind_code(i);
		(*cur)++;
		break;
	case FI_CLASS:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < CLASS__COUNT; i++)
			items[n++] = t->zh ? class_label(i) : class_code(i);
		(*cur)++;
		break;
	case FI_UNIT:
		items[n++] = _("(none)");
		for (int i = 0; i < rules_unit_count(t->rules) && n < CHOOSE_MAX; i++)
			items[n++] = rules_unit(t->rules, i);
		(*cur)++;
		break;
	case FI_DEPTS:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < rules_dept_count(t->rules) && n < CHOOSE_MAX; i++) {
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
		*cur = 0;
		break;
	case FI_CATS:
		items[n++] = _("(the suggestion)");
		for (int i = 0; i < rules_category_count(t->rules) && n < CHOOSE_MAX; i++) {
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
		*cur = 0;
		break;
	case FI_FLAGS: {
		unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;
		for (int b = 0; b < FLAG__COUNT; b++) {
			snprintf(labels[n], sizeof labels[n], "[%s] %s", fl & (1u << b) ? "x" : " ",
				 t->zh ? flag_label(1u << b) : flag_code(1u << b));
			items[n] = labels[n];
			n++;
		}
		*cur = 0;
		break;
	}
	default:
		return -1;
	}
	return n;
}

/* Takes code out of the list codes (of *n, at most max) when it is there, else adds it. */
static void toggle_code(char (*codes)[RULES_CODE_MAX], int *n, int max, const char *code)
{
	int j;

	for (j = 0; j < *n; j++)
		if (strcmp(codes[j], code) == 0)
			break;
	if (j < *n) {
		memmove(codes[j], codes[j + 1], (size_t)(*n - j - 1) * RULES_CODE_MAX);
		(*n)--;
	} else if (*n < max) {
		snprintf(codes[(*n)++], RULES_CODE_MAX, "%s", code);
	}
}

/* Turns a flag over against the suggestion: set or clear only what differs from it. */
static void toggle_flag(struct intake *in, unsigned bit)
{
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
}

/* Item k of field f's pick list taken (as choose_items made it). */
static void choose_apply(struct tui *t, struct intake *in, int f, int k)
{
	switch (f) {
	case FI_CHANNEL: in->choice[f] = k; break;
	case FI_KIND: case FI_CLASS: case FI_UNIT: in->choice[f] = k - 1; break;
	case FI_DEPTS:
		if (k == 0)
			in->ndepts = 0;
		else
			toggle_code(in->depts, &in->ndepts, RULES_MAX_DEPTS,
				    rules_dept(t->rules, k - 1)->code);
		break;
	case FI_CATS:
		if (k == 0)
			in->ncats = 0;
		else
			toggle_code(in->cats, &in->ncats, RULES_MAX_CATEGORIES,
				    rules_category(t->rules, k - 1)->code);
		break;
	case FI_FLAGS:
		toggle_flag(in, 1u << k);
		break;
	}
}

void intake_choose(struct screen *s, int f)
{
	struct tui *t = s->tui;
	struct intake *in = s->data;
	const char *items[CHOOSE_MAX];
	char labels[CHOOSE_MAX][96];
	int n, k, cur;

	if ((n = choose_items(t, in, f, items, labels, &cur)) < 0)
		return;
	k = tui_choose(t, _(intake_defs[f].label), items, n, cur);
	if (k < 0)
		return;
	in->dirty = true;
	choose_apply(t, in, f, k);
	intake_save_draft(s);
}
