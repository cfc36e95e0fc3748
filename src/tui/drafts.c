/* The kept intake drafts: the offer at start-up and the choice F2 gives
 * (a blank form, or one of the forms started earlier), discarding one only
 * after a question. */
#include "tui/i18n.h"
#include "tui/tui_internal.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct offer {
	struct store_draft *d;
	int n;
	bool blank;                 /* the first row is "a blank form" (F2) */
	bool startup;
	char **rows;
	int nrows, sel, top;
	int y, x, h, w;
};

/* "2026-12-02 09:14  孙七 13600001234  患者说…": when, then the first words. */
static char *describe(const struct store_draft *d)
{
	static const char *const keys[] = { "name", "phone", "patient_name", "text" };
	json_t *o = json_loads(d->json, 0, NULL);
	struct sbuf b = { 0 };
	char when[20];
	char *line, *fit;

	datetime_format(d->saved, when);
	sbuf_addf(&b, "%.16s ", when);
	for (size_t i = 0; o && i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = json_string_value(json_object_get(o, keys[i]));
		if (v && *v)
			sbuf_addf(&b, " %s", v);
	}
	if (b.len <= 17)
		sbuf_addf(&b, " %s", _("(nothing typed yet)"));
	json_decref(o);
	/* one line: newlines of the account become spaces */
	for (char *p = b.s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (text_width(b.s) > 60) {
		fit = text_fit(b.s, 59, false);
		line = xasprintf("%s…", fit);
		free(fit);
	} else {
		line = xstrdup(b.s);
	}
	sbuf_free(&b);
	return line;
}

static void offer_rows(struct offer *o)
{
	for (int i = 0; i < o->nrows; i++)
		free(o->rows[i]);
	free(o->rows);
	o->nrows = 0;
	o->rows = xcalloc((size_t)o->n + 1, sizeof *o->rows);
	if (o->blank)
		o->rows[o->nrows++] = xstrdup(_("A blank form"));
	for (int i = 0; i < o->n; i++) {
		char *d = describe(&o->d[i]);
		o->rows[o->nrows++] = xasprintf("%d %s", i + 1, d);
		free(d);
	}
	if (o->sel >= o->nrows)
		o->sel = o->nrows - 1;
}

static void draw_box(WINDOW *w, int h, int wd)
{
	for (int y = 0; y < h; y++) {
		mvwaddstr(w, y, 0, y == 0 ? "┌" : y == h - 1 ? "└" : "│");
		mvwaddstr(w, y, wd - 1, y == 0 ? "┐" : y == h - 1 ? "┘" : "│");
		if (y == 0 || y == h - 1)
			for (int x = 1; x < wd - 1; x++)
				mvwaddstr(w, y, x, "─");
	}
}

static void offer_overlay(struct tui *t, void *arg)
{
	struct offer *o = arg;
	const char *title = o->startup ? _("Unsaved intake forms were kept from an earlier session")
				       : _("New case: a blank form, or go on with a kept one");
	const char *hint = _("Enter: open  d: discard…  Esc: not now (kept)");
	int list = o->nrows, wd = text_width(title) + 4;
	WINDOW *w;

	for (int i = 0; i < o->nrows; i++)
		if (text_width(o->rows[i]) + 4 > wd)
			wd = text_width(o->rows[i]) + 4;
	if (text_width(hint) + 4 > wd)
		wd = text_width(hint) + 4;
	if (wd > t->cols - 2)
		wd = t->cols - 2;
	if (list > t->body_rows - 5)
		list = t->body_rows - 5;
	o->h = list + 3;
	o->w = wd;
	o->y = 1 + (t->body_rows - o->h) / 2;
	o->x = (t->cols - wd) / 2;
	if (o->sel < o->top)
		o->top = o->sel;
	if (o->sel >= o->top + list)
		o->top = o->sel - list + 1;
	w = newwin(o->h, o->w, o->y, o->x);
	if (!w)
		return;
	werase(w);
	draw_box(w, o->h, o->w);
	tui_draw(w, 0, 2, title, o->w - 4, false, ROLE_TITLE);
	for (int i = 0; i < list && o->top + i < o->nrows; i++)
		tui_draw(w, 1 + i, 1, o->rows[o->top + i], o->w - 2, true,
			 o->top + i == o->sel ? ROLE_SELECTED : ROLE_NORMAL);
	tui_draw(w, o->h - 2, 2, hint, o->w - 4, false, ROLE_DIM);
	curs_set(0);
	wrefresh(w);
	delwin(w);
}

/* Discards the draft on row sel after the question; true when it went. */
static bool discard(struct tui *t, struct offer *o)
{
	int k = o->sel - (o->blank ? 1 : 0);
	struct err err = { 0 };
	char q[512];

	if (k < 0)
		return false;
	snprintf(q, sizeof q, _("Discard the kept form %s? It cannot be brought back."),
		 o->rows[o->sel]);
	if (!tui_confirm(t, q))
		return false;
	if (store_draft_delete_slot(t->store, t->app->actor, o->d[k].slot, &err)) {
		tui_error(t, _("The draft could not be discarded: %s"), err.msg);
		return false;
	}
	free(o->d[k].json);
	memmove(o->d + k, o->d + k + 1, (size_t)(o->n - k - 1) * sizeof *o->d);
	o->n--;
	offer_rows(o);
	tui_info(t, "%s", _("The kept form was discarded."));
	return true;
}

/*
 * The offer's loop: the row chosen (-1: not now). At start-up a key that is
 * no answer is "not now" and is then read again by the main loop.
 */
static int offer_loop(struct tui *t, struct offer *o)
{
	struct key_event ev;

	for (;;) {
		struct screen probe = { 0 };
		enum action a;

		if (!o->nrows || !tui_modal_key(t, &ev, offer_overlay, o))
			return -1;
		probe.mode = KM_LIST;
		a = keys_lookup(&probe, &ev);
		if (!ev.fkey && (ev.ch == 'y' || ev.ch == 'Y'))
			a = ACT_OPEN;
		if (!ev.fkey && ev.ch >= '1' && ev.ch <= '9' &&
		    (int)(ev.ch - '1') < o->n) {
			o->sel = (int)(ev.ch - '1') + (o->blank ? 1 : 0);
			return o->sel;
		}
		if (!ev.fkey && (ev.ch == 'n' || ev.ch == 'N'))
			return -1;
		if ((!ev.fkey && (ev.ch == 'd' || ev.ch == 'D')) || (ev.fkey && ev.ch == KEY_DC)) {
			discard(t, o);
			continue;
		}
		switch (a) {
		case ACT_UP: if (o->sel > 0) o->sel--; continue;
		case ACT_DOWN: if (o->sel + 1 < o->nrows) o->sel++; continue;
		case ACT_HOME: case ACT_PGUP: o->sel = 0; continue;
		case ACT_END: case ACT_PGDN: o->sel = o->nrows - 1; continue;
		case ACT_OPEN: return o->sel;
		case ACT_NEW:
			/* F2 F2: a blank form at once */
			if (o->blank && ev.fkey)
				return 0;
			break;
		case ACT_BACK: case ACT_QUIT:
			if (!ev.fkey && (ev.ch == 27 || ev.ch == 'q'))
				return -1;
			break;
		default:
			break;
		}
		if (o->startup) {
			tui_unread(t, &ev, true);
			return -1;
		}
	}
}

static void offer_free(struct offer *o)
{
	for (int i = 0; i < o->nrows; i++)
		free(o->rows[i]);
	free(o->rows);
	store_drafts_free(o->d, o->n);
}

/* The first slot no kept draft uses. */
static int free_slot(const struct offer *o)
{
	for (int slot = 0;; slot++) {
		bool used = false;
		for (int i = 0; i < o->n; i++)
			if (o->d[i].slot == slot)
				used = true;
		if (!used)
			return slot;
	}
}

void tui_offer_draft(struct tui *t)
{
	struct offer o = { 0 };
	struct err err = { 0 };
	int k;

	if (store_drafts_list(t->store, t->app->actor, &o.d, &o.n, &err) || !o.n) {
		store_drafts_free(o.d, o.n);
		return;
	}
	o.startup = true;
	offer_rows(&o);
	k = offer_loop(t, &o);
	if (k >= 0) {
		tui_push(t, screen_intake_from_draft(t, o.d[k].json, o.d[k].slot));
		tui_info(t, "%s", _("The unsaved form is back; Ctrl-S saves it."));
	} else if (o.n) {
		tui_info(t, o.n == 1 ? _("The unsaved form is kept; F2 offers it again.")
				     : _("The unsaved forms are kept; F2 offers them again."));
	}
	offer_free(&o);
}

struct screen *tui_intake_open(struct tui *t)
{
	struct offer o = { 0 };
	struct err err = { 0 };
	struct screen *s = NULL;
	int k;

	if (store_drafts_list(t->store, t->app->actor, &o.d, &o.n, &err) || !o.n) {
		store_drafts_free(o.d, o.n);
		return screen_intake_from_draft(t, NULL, 0);
	}
	o.blank = true;
	offer_rows(&o);
	k = offer_loop(t, &o);
	if (k == 0)
		s = screen_intake_from_draft(t, NULL, free_slot(&o));
	else if (k > 0)
		s = screen_intake_from_draft(t, o.d[k - 1].json, o.d[k - 1].slot);
	offer_free(&o);
	return s;
}
