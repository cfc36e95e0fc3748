/* Modal helpers: yes/no on the status line, a pick list, a one-line prompt. Each follows resizes. */
#include "tui/tui_internal.h"
#include "tui/i18n.h"
#include "tui/lineedit.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Waits for a key, redrawing on resizes; false when the session is ending. */
bool tui_modal_key(struct tui *t, struct key_event *ev, void (*overlay)(struct tui *, void *),
		   void *arg)
{
	for (;;) {
		if (tui_hangup())
			return false;
		tui_redraw(t);
		if (!tui_too_small(t) && overlay)
			overlay(t, arg);
		if (!tui_read(t, ev))
			continue;
		if (ev->fkey && ev->ch == KEY_RESIZE) {
			tui_handle_resize(t);
			continue;
		}
		if (ev->fkey && ev->ch == KEY_MOUSE) {
			MEVENT me;
			getmouse(&me);
			ev->y = me.y;
			ev->x = me.x;
		}
		if (tui_too_small(t)) {
			/* kept: read again once the window is large enough */
			if (!(ev->fkey && ev->ch == KEY_MOUSE))
				tui_unread(t, ev, false);
			continue;
		}
		return true;
	}
}

static void confirm_overlay(struct tui *t, void *arg)
{
	const char *q = arg, *yn = _("[y/n]");
	int w, ynw = text_width(yn) + 1;

	move(t->rows - 2, 0);
	clrtoeol();
	/* a long question is cut ("…"), never its [y/n] */
	w = tui_draw(stdscr, t->rows - 2, 0, q, t->cols - 1 - ynw, false, ROLE_SELECTED);
	w += tui_draw(stdscr, t->rows - 2, w, " ", 1, false, ROLE_SELECTED);
	w += tui_draw(stdscr, t->rows - 2, w, yn, ynw, false, ROLE_SELECTED);
	move(t->rows - 2, w < t->cols ? w : t->cols - 1);
	curs_set(1);
	refresh();
}

bool tui_confirm(struct tui *t, const char *question)
{
	struct key_event ev;
	char saved[sizeof t->status];

	memcpy(saved, t->status, sizeof saved);
	t->status[0] = '\0';
	for (;;) {
		if (!tui_modal_key(t, &ev, confirm_overlay, (void *)question)) {
			memcpy(t->status, saved, sizeof saved);
			return false;
		}
		if (!ev.fkey && (ev.ch == 'y' || ev.ch == 'Y' || ev.ch == 0x662f /* 是 */)) {
			memcpy(t->status, saved, sizeof saved);
			return true;
		}
		if ((!ev.fkey && (ev.ch == 'n' || ev.ch == 'N' || ev.ch == 27 ||
				  ev.ch == 0x5426 /* 否 */)) ||
		    (ev.fkey && ev.ch == KEY_F(10))) {
			memcpy(t->status, saved, sizeof saved);
			return false;
		}
	}
}

struct choose_state {
	const char *title;
	const char *const *items;
	int n, sel, top;            /* sel, top: positions in vis */
	int y, x, h, w;             /* box on screen */
	int *vis, nvis;             /* the items the filter lets through */
	struct lineedit filter;     /* typed: the list narrows to what matches */
	int number;                 /* digits typed in a long list: that item */
};

/* The items the filter lets through, the selection kept on its item when it stays. */
static void choose_filter(struct choose_state *c)
{
	char *f = le_get(&c->filter);
	int keep = c->nvis ? c->vis[c->sel] : c->sel;

	c->nvis = 0;
	for (int i = 0; i < c->n; i++)
		if (!*f || tui_filter_match(c->items[i], f))
			c->vis[c->nvis++] = i;
	c->sel = 0;
	for (int k = 0; k < c->nvis; k++)
		if (c->vis[k] == keep)
			c->sel = k;
	free(f);
}

static void choose_layout(struct tui *t, struct choose_state *c)
{
	int w = text_width(c->title) + 16, digits = c->n >= 100 ? 3 : c->n >= 10 ? 2 : 1;

	for (int i = 0; i < c->n; i++) {
		int iw = text_width(c->items[i]) + 5 + digits;
		if (iw > w)
			w = iw;
	}
	if (w > t->cols - 4)
		w = t->cols - 4;
	if (w < 24)
		w = 24;
	c->h = c->n + 2;
	if (c->h > t->body_rows - 2)
		c->h = t->body_rows - 2;
	c->w = w;
	c->y = 1 + (t->body_rows - c->h) / 2;
	c->x = (t->cols - w) / 2;
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + c->h - 2)
		c->top = c->sel - (c->h - 2) + 1;
	if (c->top > 0 && c->top + c->h - 2 > c->nvis)
		c->top = c->nvis > c->h - 2 ? c->nvis - (c->h - 2) : 0;
}

static void choose_overlay(struct tui *t, void *arg)
{
	struct choose_state *c = arg;
	int digits = c->n >= 100 ? 3 : c->n >= 10 ? 2 : 1;
	char *f = le_get(&c->filter), pos[64], head[512];
	WINDOW *w;

	choose_layout(t, c);
	w = newwin(c->h, c->w, c->y, c->x);
	if (!w) {
		free(f);
		return;
	}
	werase(w);
	/* Unicode box characters rather than the terminal's alternate character
	 * set, which some (vt100 in tmux) show as letters */
	for (int y = 0; y < c->h; y++) {
		const char *l = y == 0 ? "┌" : y == c->h - 1 ? "└" : "│";
		const char *r = y == 0 ? "┐" : y == c->h - 1 ? "┘" : "│";
		mvwaddstr(w, y, 0, l);
		mvwaddstr(w, y, c->w - 1, r);
		if (y == 0 || y == c->h - 1)
			for (int x = 1; x < c->w - 1; x++)
				mvwaddstr(w, y, x, "─");
	}
	if (*f)
		snprintf(head, sizeof head, "%s ［%s］", c->title, f);
	else if (c->number)
		snprintf(head, sizeof head, "%s ［%d］", c->title, c->number);
	else
		snprintf(head, sizeof head, "%s", c->title);
	tui_draw(w, 0, 2, head, c->w - 4, false, ROLE_TITLE);
	for (int i = 0; i < c->h - 2 && c->top + i < c->nvis; i++) {
		int k = c->vis[c->top + i];
		char *row = xasprintf("%*d %s", digits, k + 1, c->items[k]);
		tui_draw(w, 1 + i, 1, row, c->w - 2, true,
			 c->top + i == c->sel ? ROLE_SELECTED : ROLE_NORMAL);
		free(row);
	}
	if (!c->nvis)
		tui_draw(w, 1, 2, _("(nothing matches; Backspace)"), c->w - 4, false, ROLE_DIM);
	/* where the list is: the selected item of how many, more above or below */
	snprintf(pos, sizeof pos, " %s%d/%d%s ", c->top > 0 ? "▲ " : "",
		 c->nvis ? c->sel + 1 : 0, c->nvis, c->top + c->h - 2 < c->nvis ? " ▼" : "");
	tui_draw(w, c->h - 1, c->w - 1 - text_width(pos), pos, text_width(pos), false, ROLE_DIM);
	curs_set(0);
	wrefresh(w);
	delwin(w);
	free(f);
}

/* One key of the list; the item chosen (>= 0), -1 Esc, -2 go on. */
static int choose_key(struct choose_state *c, const struct key_event *ev)
{
	struct screen probe = { 0 };
	enum action a;
	int page = c->h - 2 > 1 ? c->h - 2 : 1;

	/* letters filter: only keys that are no characters are commands */
	probe.mode = KM_TEXT;
	a = keys_lookup(&probe, ev);
	if (ev->fkey && ev->ch == KEY_MOUSE) {
		int row = ev->y - c->y - 1;
		if (row >= 0 && row < c->h - 2 && c->top + row < c->nvis && ev->x >= c->x &&
		    ev->x < c->x + c->w)
			return c->vis[c->top + row];
		return -2;
	}
	if (!ev->fkey && ev->ch >= '0' && ev->ch <= '9' && le_empty(&c->filter)) {
		/* a digit picks that item; in a list of more than 9 digits make the
		 * number and Enter takes it */
		int d = (int)(ev->ch - '0');
		if (c->n <= 9)
			return d >= 1 && d <= c->n ? d - 1 : -2;
		c->number = c->number * 10 + d;
		if (c->number > c->n)
			c->number = d;
		for (int k = 0; k < c->nvis; k++)
			if (c->vis[k] == c->number - 1)
				c->sel = k;
		return -2;
	}
	switch (a) {
	case ACT_UP: if (c->sel > 0) c->sel--; break;
	case ACT_DOWN: if (c->sel + 1 < c->nvis) c->sel++; break;
	case ACT_PGUP: c->sel = c->sel > page ? c->sel - page : 0; break;
	case ACT_PGDN: c->sel = c->sel + page < c->nvis ? c->sel + page : c->nvis - 1; break;
	case ACT_HOME: c->sel = 0; break;
	case ACT_END: c->sel = c->nvis - 1; break;
	case ACT_OPEN: return c->nvis ? c->vis[c->sel] : -2;
	case ACT_BACK: case ACT_QUIT:
		/* Esc first empties a filter, then leaves */
		if (!le_empty(&c->filter)) {
			le_set(&c->filter, "");
			choose_filter(c);
			break;
		}
		return -1;
	case ACT_DELETE_BACK:
		if (le_backspace(&c->filter))
			choose_filter(c);
		c->number /= 10;
		break;
	case ACT_NONE:
		if (!ev->fkey && (ev->ch > ' ' || (ev->ch == ' ' && !le_empty(&c->filter))) &&
		    le_insert(&c->filter, (wchar_t)ev->ch)) {
			c->number = 0;
			choose_filter(c);
		}
		break;
	default:
		break;
	}
	if (c->sel < 0)
		c->sel = 0;
	return -2;
}

int tui_choose(struct tui *t, const char *title, const char *const *items, int n, int current)
{
	struct choose_state c = { 0 };
	struct key_event ev;
	int k = -2;

	if (n <= 0)
		return -1;
	c.title = title;
	c.items = items;
	c.n = n;
	c.sel = current >= 0 && current < n ? current : 0;
	c.vis = xcalloc((size_t)n, sizeof *c.vis);
	le_init(&c.filter, 64, false);
	tui_pinyin_load(t->app && t->app->cfg ? t->app->cfg->data_dir : NULL);
	choose_filter(&c);
	c.sel = current >= 0 && current < n ? current : 0;
	while (k == -2) {
		if (!tui_modal_key(t, &ev, choose_overlay, &c))
			k = -1;
		else
			k = choose_key(&c, &ev);
	}
	free(c.vis);
	le_free(&c.filter);
	return k;
}

struct prompt_state {
	const char *label;
	struct lineedit *e;
	const char *msg;            /* a refusal, on the line above */
};

static void prompt_overlay(struct tui *t, void *arg)
{
	struct prompt_state *p = arg;
	int lw, col, width;
	char *vis;
	size_t end;

	if (p->msg)
		tui_draw(stdscr, t->rows - 3, 0, p->msg, t->cols, true, ROLE_ERROR);
	move(t->rows - 2, 0);
	clrtoeol();
	lw = tui_draw(stdscr, t->rows - 2, 0, p->label, t->cols / 2, false, ROLE_TITLE);
	lw += tui_draw(stdscr, t->rows - 2, lw, " ", 1, false, ROLE_NORMAL);
	width = t->cols - lw - 1;
	col = le_view(p->e, width);
	end = le_visible_end(p->e, width);
	vis = wcs_to_utf8(p->e->buf + p->e->scroll, end - p->e->scroll);
	tui_draw(stdscr, t->rows - 2, lw, vis, width, true, ROLE_FIELD_ACTIVE);
	free(vis);
	move(t->rows - 2, lw + col);
	curs_set(1);
	refresh();
}

bool tui_prompt(struct tui *t, const char *label, char *buf, size_t size)
{
	struct lineedit e;
	struct prompt_state p = { label, &e, NULL };
	struct key_event ev;
	bool ok = false;

	/* no cut: a text too long for buf is refused below, kept for shortening */
	le_init(&e, 0, false);
	le_set(&e, buf);
	for (;;) {
		struct screen probe = { 0 };
		enum action a;

		if (!tui_modal_key(t, &ev, prompt_overlay, &p))
			break;
		probe.mode = KM_TEXT;
		a = keys_lookup(&probe, &ev);
		p.msg = NULL;
		if (a == ACT_OPEN) {
			char *s = le_get(&e);
			if (strlen(s) >= size) {
				p.msg = _("Too long for this question: shorten the text (nothing was cut).");
				free(s);
				continue;
			}
			strlcpy_(buf, s, size);
			free(s);
			ok = true;
			break;
		}
		if (a == ACT_BACK || a == ACT_QUIT)
			break;
		switch (a) {
		case ACT_LEFT: le_left(&e); break;
		case ACT_RIGHT: le_right(&e); break;
		case ACT_HOME: le_home(&e); break;
		case ACT_END: le_end(&e); break;
		case ACT_DELETE_BACK: le_backspace(&e); break;
		case ACT_DELETE: le_delete(&e); break;
		case ACT_KILL_LINE: le_kill_to_end(&e); break;
		case ACT_KILL_START: le_kill_to_start(&e); break;
		case ACT_NONE:
			if (!ev.fkey)
				le_insert(&e, (wchar_t)ev.ch);
			break;
		default: break;
		}
	}
	le_free(&e);
	return ok;
}
