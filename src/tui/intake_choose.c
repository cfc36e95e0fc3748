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

/* The vocabulary of a choice field: channel, kind or class. */
static const struct vocab *field_vocab(int f)
{
	return f == FI_CHANNEL ? &vocab_channel : f == FI_KIND ? &vocab_kind : &vocab_class;
}

/* Term i as the screen shows it: the Chinese label, or the code. */
static const char *term(struct tui *t, const struct vocab *v, int i)
{
	return t->zh ? vocab_label(v, i) : vocab_code(v, i);
}

/* "[x] name" (or "[ ] name") into label; returns label. */
static const char *check_item(char label[96], bool on, const char *name)
{
	snprintf(label, 96, "[%s] %s", on ? "x" : " ", name);
	return label;
}

/* Whether code is among the n codes. */
static bool has_code(char (*codes)[RULES_CODE_MAX], int n, const char *code)
{
	for (int j = 0; j < n; j++)
		if (strcmp(codes[j], code) == 0)
			return true;
	return false;
}

/* The text shown in a non-text field. */
/* A category as the form lists it: its Chinese name in Chinese, else its code. */
static const char *category_label(struct tui *t, const char *code)
{
	const struct category *c = rules_category_find(t->rules, code);

	return c && t->zh ? c->name_zh : code;
}

/* The clerk's n codes, else "(suggested) " and the suggestion's, by label. */
static void code_list(struct tui *t, char *buf, size_t size, char (*mine)[RULES_CODE_MAX],
		      int n, char (*suggested)[RULES_CODE_MAX], int nsuggested,
		      const char *(*label)(struct tui *t, const char *code))
{
	char (*codes)[RULES_CODE_MAX] = n ? mine : suggested;
	size_t len = 0;

	buf[0] = '\0';
	if (!n) {
		len += (size_t)snprintf(buf, size, "%s", _("(suggested) "));
		n = nsuggested;
	}
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? _(", ") : "",
					label(t, codes[i]));
}

void intake_field_value(struct tui *t, struct intake *in, int f, char *buf, size_t size)
{
	buf[0] = '\0';
	switch (f) {
	case FI_CHANNEL:
	case FI_KIND:
	case FI_CLASS:
		if (in->choice[f] >= 0)
			snprintf(buf, size, "%s", term(t, field_vocab(f), in->choice[f]));
		else if (f == FI_CHANNEL)
			snprintf(buf, size, "%s", _("(choose: Enter)"));
		else
			snprintf(buf, size, _("(suggested: %s)"),
				 term(t, field_vocab(f), f == FI_KIND ? (int)in->sug.kind
								      : (int)in->sug.hclass));
		break;
	case FI_UNIT:
		snprintf(buf, size, "%s", in->choice[f] >= 0 ? rules_unit(t->rules, in->choice[f])
							     : _("(choose: Enter)"));
		break;
	case FI_ANON:
		snprintf(buf, size, "%s", in->toggle[f] ? _("[x] yes") : _("[ ] no"));
		break;
	case FI_DEPTS:
		code_list(t, buf, size, in->depts, in->ndepts, in->sug.depts, in->sug.ndepts,
			  tui_dept_label);
		break;
	case FI_CATS:
		code_list(t, buf, size, in->cats, in->ncats, in->sug.categories, in->sug.ncategories,
			  category_label);
		break;
	case FI_FLAGS: {
		unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;
		size_t len = 0;
		for (int b = 0; b < FLAG__COUNT && len < size; b++)
			if (fl & (1u << b))
				len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? _(", ") : "",
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
	case FI_KIND:
	case FI_CLASS:
		if (f != FI_CHANNEL) {
			items[n++] = _("(the suggestion)");
			(*cur)++;
		}
		for (int i = 0; i < field_vocab(f)->n; i++)
			items[n++] = term(t, field_vocab(f), i);
		break;
	case FI_UNIT:
		items[n++] = _("(none)");
		for (int i = 0; i < rules_unit_count(t->rules) && n < CHOOSE_MAX; i++)
			items[n++] = rules_unit(t->rules, i);
		(*cur)++;
		break;
	case FI_DEPTS:
		/* the suggestion is preselected: Enter on the first row takes it whole */
		items[n++] = in->ndepts ? _("(back to the suggestion)") : _("(the suggestion: take it)");
		for (int i = 0; i < rules_dept_count(t->rules) && n < CHOOSE_MAX; i++) {
			const char *code = rules_dept(t->rules, i)->code;
			bool on = in->ndepts ? has_code(in->depts, in->ndepts, code)
					     : has_code(in->sug.depts, in->sug.ndepts, code);
			items[n] = check_item(labels[n], on, tui_dept_label(t, code));
			n++;
		}
		*cur = 0;
		break;
	case FI_CATS:
		items[n++] = in->ncats ? _("(back to the suggestion)") : _("(the suggestion: take it)");
		for (int i = 0; i < rules_category_count(t->rules) && n < CHOOSE_MAX; i++) {
			const struct category *c = rules_category(t->rules, i);
			bool on = in->ncats ? has_code(in->cats, in->ncats, c->code)
					    : has_code(in->sug.categories, in->sug.ncategories, c->code);
			items[n] = check_item(labels[n], on, t->zh ? c->name_zh : c->code);
			n++;
		}
		*cur = 0;
		break;
	case FI_FLAGS: {
		unsigned fl = (in->sug.flags | in->flags_set) & ~in->flags_clear;
		for (int b = 0; b < FLAG__COUNT; b++) {
			items[n] = check_item(labels[n], fl & (1u << b),
					      t->zh ? flag_label(1u << b) : flag_code(1u << b));
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

/* Takes code out of the list codes (of *n, at most max) when it is there, else
 * adds it; NULL (the item "the suggestion") empties the list. */
static void toggle_code(char (*codes)[RULES_CODE_MAX], int *n, int max, const char *code)
{
	int j;

	if (!code) {
		*n = 0;
		return;
	}
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
		/* a change starts from the suggestion, not from nothing */
		if (k && !in->ndepts)
			for (int i = 0; i < in->sug.ndepts; i++)
				memcpy(in->depts[in->ndepts++], in->sug.depts[i], RULES_CODE_MAX);
		toggle_code(in->depts, &in->ndepts, RULES_MAX_DEPTS,
			    k ? rules_dept(t->rules, k - 1)->code : NULL);
		break;
	case FI_CATS:
		if (k && !in->ncats)
			for (int i = 0; i < in->sug.ncategories; i++)
				memcpy(in->cats[in->ncats++], in->sug.categories[i],
				       RULES_CODE_MAX);
		toggle_code(in->cats, &in->ncats, RULES_MAX_CATEGORIES,
			    k ? rules_category(t->rules, k - 1)->code : NULL);
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
