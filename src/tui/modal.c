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
	const char *q = arg;
	char *line = xasprintf("%s %s", q, _("[y/n]"));
	int w;

	move(t->rows - 2, 0);
	clrtoeol();
	w = tui_draw(stdscr, t->rows - 2, 0, line, t->cols - 1, false, ROLE_SELECTED);
	free(line);
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
	int n, sel, top;
	int y, x, h, w;             /* box on screen */
};

static void choose_layout(struct tui *t, struct choose_state *c)
{
	int w = text_width(c->title) + 4;

	for (int i = 0; i < c->n; i++) {
		int iw = text_width(c->items[i]) + 4;
		if (iw > w)
			w = iw;
	}
	if (w > t->cols - 4)
		w = t->cols - 4;
	if (w < 20)
		w = 20;
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
}

static void choose_overlay(struct tui *t, void *arg)
{
	struct choose_state *c = arg;
	WINDOW *w;

	choose_layout(t, c);
	w = newwin(c->h, c->w, c->y, c->x);
	if (!w)
		return;
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
	tui_draw(w, 0, 2, c->title, c->w - 4, false, ROLE_TITLE);
	for (int i = 0; i < c->h - 2 && c->top + i < c->n; i++) {
		int k = c->top + i;
		tui_draw(w, 1 + i, 1, c->items[k], c->w - 2, true,
			 k == c->sel ? ROLE_SELECTED : ROLE_NORMAL);
	}
	curs_set(0);
	wrefresh(w);
	delwin(w);
}

int tui_choose(struct tui *t, const char *title, const char *const *items, int n, int current)
{
	struct choose_state c = { title, items, n, current >= 0 && current < n ? current : 0, 0,
				  0, 0, 0, 0 };
	struct key_event ev;

	if (n <= 0)
		return -1;
	for (;;) {
		struct screen probe = { 0 };
		enum action a;

		if (!tui_modal_key(t, &ev, choose_overlay, &c))
			return -1;
		probe.mode = KM_LIST;
		a = keys_lookup(&probe, &ev);
		if (ev.fkey && ev.ch == KEY_MOUSE) {
			int row = ev.y - c.y - 1;
			if (row >= 0 && row < c.h - 2 && c.top + row < n && ev.x >= c.x &&
			    ev.x < c.x + c.w)
				return c.top + row;
			continue;
		}
		switch (a) {
		case ACT_UP: if (c.sel > 0) c.sel--; break;
		case ACT_DOWN: if (c.sel + 1 < n) c.sel++; break;
		case ACT_PGUP: c.sel = c.sel > c.h - 2 ? c.sel - (c.h - 2) : 0; break;
		case ACT_PGDN: c.sel = c.sel + c.h - 2 < n ? c.sel + c.h - 2 : n - 1; break;
		case ACT_HOME: c.sel = 0; break;
		case ACT_END: c.sel = n - 1; break;
		case ACT_OPEN: return c.sel;
		case ACT_BACK: case ACT_QUIT: return -1;
		default:
			/* a digit picks the item directly */
			if (!ev.fkey && ev.ch >= '1' && ev.ch <= '9' && (int)(ev.ch - '1') < n)
				return (int)(ev.ch - '1');
			break;
		}
	}
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
