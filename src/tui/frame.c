/* The frame of the full-screen interface: terminal set-up, the screen stack, the main loop (tui_run). */
#include "tui/tui.h"
#include "tui/i18n.h"
#include "tui/lineedit.h"
#include "tui/screen.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_hangup;
static bool curses_up;
static int saved_stderr = -1;
static WINDOW *body;

static void on_hangup(int sig)
{
	(void)sig;
	got_hangup = 1;
}

/* Restores the terminal and stderr; safe to call twice (fatal hook, exit). */
static void tui_restore(void)
{
	if (curses_up) {
		endwin();
		curses_up = false;
	}
	if (saved_stderr >= 0) {
		dup2(saved_stderr, 2);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

struct screen *screen_new(struct tui *t, const struct screen_ops *ops)
{
	struct screen *s = xcalloc(1, sizeof *s);

	s->tui = t;
	s->data = ops->size ? xcalloc(1, ops->size) : NULL;
	s->ops = ops;
	s->mode = ops->mode;
	s->rows = t->body_rows;
	s->cols = t->body_cols;
	if (ops->init)
		ops->init(s);
	return s;
}

static void screen_destroy(struct screen *s)
{
	if (s->ops->free)
		s->ops->free(s);
	free(s->data);
	free(s);
}

/* The body is rows x cols: the screen is told so. */
static void screen_resize(struct screen *s, int rows, int cols)
{
	s->rows = rows;
	s->cols = cols;
	if (s->ops->resize)
		s->ops->resize(s);
}

void tui_push(struct tui *t, struct screen *s)
{
	if (!s)
		return;
	if (t->depth == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->stack = xrealloc(t->stack, (size_t)t->cap * sizeof *t->stack);
	}
	t->stack[t->depth++] = s;
	screen_resize(s, t->body_rows, t->body_cols);
}

struct screen *tui_top(struct tui *t)
{
	return t->depth ? t->stack[t->depth - 1] : NULL;
}

static void tui_pop(struct tui *t)
{
	struct screen *s;

	if (t->depth <= 0)
		return;
	s = t->stack[--t->depth];
	screen_destroy(s);
	s = tui_top(t);
	if (s && s->ops->resume)
		s->ops->resume(s);
}

void tui_status(struct tui *t, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_role = role;
}

bool tui_too_small(const struct tui *t)
{
	return t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS;
}

void tui_refresh_clock(struct tui *t)
{
	t->now = app_clock();
	t->today = t->now.day;
	/* an action's time and the report's "as of" follow the clock */
	app_set_now(t->app, t->now);
}

static void layout_frame(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	t->body_rows = t->rows - 3 - t->alert_rows > 1 ? t->rows - 3 - t->alert_rows : 1;
	t->body_cols = t->cols > 1 ? t->cols : 1;
	if (body)
		delwin(body);
	body = newwin(t->body_rows, t->body_cols, 1 + t->alert_rows, 0);
	if (!body)
		fatal("cannot create a window of %dx%d", t->body_cols, t->body_rows);
	keypad(body, TRUE);
	wtimeout(body, 1000);
}

/* Every screen on the stack keeps its layout in step, not only the top. */
static void resize_all(struct tui *t)
{
	layout_frame(t);
	for (int i = 0; i < t->depth; i++)
		screen_resize(t->stack[i], t->body_rows, t->body_cols);
}

void tui_redraw(struct tui *t)
{
	struct screen *s = tui_top(t);
	int cy, cx;

	if (tui_too_small(t)) {
		tui_draw_too_small(t);
		return;
	}
	erase();
	tui_draw_top(t, s);
	tui_alerts_draw(t);
	tui_draw_status(t);
	tui_draw_keys(t, s);
	wnoutrefresh(stdscr);
	werase(body);
	if (s)
		s->ops->draw(s, body);
	if (s && s->ops->cursor && s->ops->cursor(s, &cy, &cx)) {
		curs_set(1);
		wmove(body, cy, cx);
		wnoutrefresh(body);
	} else {
		curs_set(0);
		wnoutrefresh(body);
	}
	doupdate();
}

bool tui_hangup(void)
{
	return got_hangup;
}

/*
 * Reads one event. Returns false on timeout (no event) and when the terminal
 * has gone away: a closed terminal makes wget_wch fail at once, so without
 * this check every waiting loop would spin at full speed forever.
 */
bool tui_read(struct tui *t, struct key_event *ev)
{
	wint_t ch;
	int rc;

	ev->y = ev->x = -1;
	if (got_hangup)
		return false;
	if (t->npending && !tui_too_small(t)) {
		*ev = t->pending[0];
		memmove(t->pending, t->pending + 1, (size_t)--t->npending * sizeof *t->pending);
		return true;
	}
	rc = wget_wch(body, &ch);
	if (rc == ERR) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
			got_hangup = 1;
		return false;
	}
	ev->ch = ch;
	ev->fkey = rc == KEY_CODE_YES;
	if (!ev->fkey && ch == 27)
		keys_read_escape(body, t, ev);
	return true;
}

bool tui_read_nowait(struct tui *t, struct key_event *ev)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };

	/* curses reads the terminal a byte at a time: nothing waiting on the
	 * descriptor is nothing typed; a waiting key is read whole (an escape
	 * sequence with its delay) */
	if (t->npending || (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)))
		return tui_read(t, ev);
	return false;
}

void tui_leave_screen(void)
{
	def_prog_mode();
	endwin();
	/* what runs now (an editor) may speak on stderr */
	if (saved_stderr >= 0)
		dup2(saved_stderr, 2);
}

void tui_enter_screen(struct tui *t)
{
	int devnull = open("/dev/null", O_WRONLY);

	if (devnull >= 0) {
		dup2(devnull, 2);
		close(devnull);
	}
	reset_prog_mode();
	tui_handle_resize(t);
	tui_redraw(t);
}

void tui_busy(struct tui *t, const char *what)
{
	if (tui_too_small(t))
		return;
	move(t->rows - 2, 0);
	clrtoeol();
	tui_draw(stdscr, t->rows - 2, 0, what, t->cols, true, ROLE_DIM);
	curs_set(0);
	refresh();
}

void tui_unread(struct tui *t, const struct key_event *ev, bool first)
{
	int cap = (int)(sizeof t->pending / sizeof t->pending[0]);

	if (t->npending >= cap)
		return;
	if (first) {
		memmove(t->pending + 1, t->pending, (size_t)t->npending * sizeof *t->pending);
		t->pending[0] = *ev;
	} else {
		t->pending[t->npending] = *ev;
	}
	t->npending++;
}

/* Turns a mouse report into an action; ACT_NONE when it means nothing here. */
static enum action mouse_action(struct tui *t, struct key_event *ev)
{
	MEVENT me;

	if (getmouse(&me) != OK)
		return ACT_NONE;
	ev->y = me.y - 1 - t->alert_rows;
	ev->x = me.x;
	if (me.bstate & BUTTON4_PRESSED)
		return ACT_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	if (me.bstate & BUTTON5_PRESSED)
		return ACT_WHEEL_DOWN;
#endif
	if (ev->y < 0 || ev->y >= t->body_rows)
		return ACT_NONE;
	if (me.bstate & BUTTON1_DOUBLE_CLICKED)
		return ACT_CLICK_OPEN;
	if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
		return ACT_CLICK;
	return ACT_NONE;
}

void tui_handle_resize(struct tui *t)
{
	resize_all(t);
	clearok(curscr, TRUE);
}

bool tui_any_dirty(struct tui *t)
{
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i]->ops->dirty && t->stack[i]->ops->dirty(t->stack[i]))
			return true;
	return false;
}

/* Pops screens down to depth keep, asking once if any has unsaved input. */
static bool pop_to(struct tui *t, int keep)
{
	bool dirty = false;

	for (int i = keep; i < t->depth; i++)
		if (t->stack[i]->ops->dirty && t->stack[i]->ops->dirty(t->stack[i]))
			dirty = true;
	if (dirty && !tui_confirm(t, _("The form has unsaved input. Leave it? (the draft is kept)")))
		return false;
	while (t->depth > keep)
		tui_pop(t);
	return true;
}

/* The index of the bottom-most screen called name, or -1. */
static int find_screen(struct tui *t, const char *name)
{
	for (int i = 0; i < t->depth; i++)
		if (strcmp(t->stack[i]->ops->name, name) == 0)
			return i;
	return -1;
}

/* The keys that go to a screen: back to it when it is on the stack, else a
 * new one, from make when it has one, else plainly of its ops. */
struct screen_action {
	enum action action;
	const char *name;
	const struct screen_ops *ops;
	struct screen *(*make)(struct tui *);
};

static const struct screen_action screen_actions[] = {
	{ ACT_NEW, "intake", NULL, tui_intake_open },
	{ ACT_QUEUES, "queues", &screen_queues_ops, NULL },
	{ ACT_SEARCH, "search", &screen_search_ops, NULL },
	{ ACT_REPORTS, "reports", &screen_reports_ops, NULL },
	{ ACT_CALENDAR, "calendar", &screen_calendar_ops, NULL },
};

/* Back to the screen of a when it is on the stack (true when what was above
 * it was given up for it, as pop_to), else a new one on top. */
static bool go_to(struct tui *t, const struct screen_action *a)
{
	int i = find_screen(t, a->name);

	if (i >= 0)
		return pop_to(t, i + 1);
	tui_push(t, a->make ? a->make(t) : screen_new(t, a->ops));
	return false;
}

/*
 * Ctrl-Z: the terminal back to the shell until fg, then the screen as it
 * was. A process group no job-control shell watches (its parent in the same
 * group) would never be woken: it is told so instead of stopping.
 */
static void suspend(struct tui *t)
{
	struct sigaction dfl, old;

	if (getpgid(getppid()) == getpgrp()) {
		tui_error(t, "%s", _("Ctrl-Z: no shell with job control started cdesk; nothing to go back to."));
		return;
	}
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	tui_leave_screen();
	sigaction(SIGTSTP, &dfl, &old);
	kill(0, SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	tui_enter_screen(t);
	tui_info(t, "%s", _("Back from the shell; nothing was lost."));
}

static void global_action(struct tui *t, enum action a)
{
	struct screen *top = tui_top(t);

	for (size_t i = 0; i < sizeof screen_actions / sizeof screen_actions[0]; i++)
		if (screen_actions[i].action == a) {
			if (go_to(t, &screen_actions[i]) && a == ACT_NEW)
				tui_info(t, "%s", _("Back to the form being filled in."));
			return;
		}
	switch (a) {
	case ACT_HELP:
		if (top && strcmp(top->ops->name, "help") != 0)
			tui_push(t, screen_help_new(t, top));
		break;
	case ACT_QUIT:
		if (!tui_any_dirty(t) ||
		    tui_confirm(t, _("A form has unsaved input. Quit anyway? (the draft is kept)")))
			t->running = false;
		break;
	case ACT_BACK:
		if (t->depth > 1)
			pop_to(t, t->depth - 1);
		break;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		break;
	case ACT_ALERT:
		if (tui_alerts_jump(t))
			tui_push(t, screen_case_new(t, tui_alerts_jump(t)));
		else
			tui_info(t, "%s", _("No alert waits: nothing to open."));
		break;
	case ACT_SUSPEND:
		suspend(t);
		break;
	case ACT_INTERRUPT:
		if (tui_confirm(t, tui_any_dirty(t)
				? _("Quit cdesk? A form has unsaved input (the draft is kept).")
				: _("Quit cdesk?")))
			t->running = false;
		break;
	default:
		break;
	}
}

static void dispatch(struct tui *t, struct key_event *ev)
{
	struct screen *s = tui_top(t);
	enum action a;
	int flags;

	if (ev->fkey && ev->ch == KEY_MOUSE) {
		a = mouse_action(t, ev);
		if (a == ACT_NONE)
			return;
	} else {
		a = keys_lookup(s, ev);
	}
	/* q on an inner screen is back; only the first screen quits with it */
	if (a == ACT_QUIT && !ev->fkey && ev->ch == 'q' && t->depth > 1)
		a = ACT_BACK;
	flags = s ? s->ops->key(s, a, ev) : SF_UNHANDLED;
	if (flags & SF_UNHANDLED)
		global_action(t, a);
	if (flags & SF_POP) {
		if (t->depth > 1 && tui_top(t) == s) {
			if (flags & SF_FORCE_POP) {
				tui_pop(t);
			} else {
				pop_to(t, t->depth - 1);
			}
		}
	}
	if (flags & SF_QUIT)
		global_action(t, ACT_QUIT);
	if (t->then_push) {
		struct screen *next = t->then_push;
		t->then_push = NULL;
		tui_push(t, next);
	}
}

static void fatal_hook(void)
{
	tui_restore();
}

/* The user's role for the top line: from the store when there is one. */
static const char *user_role(struct tui *t)
{
	(void)t;
	return tui_store_role(t);
}

/* The alerts read again; the layout follows the safety line. */
static void alerts_refresh(struct tui *t, time_t *at)
{
	*at = time(NULL);
	if (tui_alerts_refresh(t))
		tui_handle_resize(t);
}

static int run(struct tui *t)
{
	struct key_event ev;
	int last_minute = -1, last_alerts = -1;
	time_t alerts_at = 0;
	bool alerts_owed = false;
	bool settle = false;

	t->running = true;
	tui_redraw(t);
	while (t->running && !got_hangup) {
		bool have = tui_read(t, &ev);

		if (got_hangup)
			break;
		if (!have) {
			/* timeout: keep the clock on the top line current */
			tui_refresh_clock(t);
			/* another terminal's acknowledgement, a new risk: every 5 s,
			 * and once idle after keys that came too fast to look */
			if (t->now.sec / 5 != last_alerts || alerts_owed) {
				last_alerts = t->now.sec / 5;
				alerts_refresh(t, &alerts_at);
				alerts_owed = false;
				settle = true;
			}
			if (t->now.sec / 60 != last_minute || settle) {
				last_minute = t->now.sec / 60;
				tui_redraw(t);
			}
			if (settle) {
				settle = false;
				wtimeout(body, 1000);
			}
			continue;
		}
		if (ev.fkey && ev.ch == KEY_RESIZE) {
			tui_handle_resize(t);
			tui_redraw(t);
			/* some terminals (tmux) repaint after the first frame that
			 * follows a resize: draw once more when things settle */
			settle = true;
			wtimeout(body, 100);
			continue;
		}
		if (tui_too_small(t)) {
			/* F10 with nothing unsaved quits at once; anything else is
			 * kept for when the window is large enough again, as typed */
			if (ev.fkey && ev.ch == KEY_F(10) && !tui_any_dirty(t))
				t->running = false;
			else if (!(ev.fkey && ev.ch == KEY_MOUSE))
				tui_unread(t, &ev, false);
			tui_redraw(t);
			continue;
		}
		t->status[0] = '\0';
		t->status_role = ROLE_NORMAL;
		dispatch(t, &ev);
		if (t->depth == 0)
			t->running = false;
		/* an action here shows at once; typing reads the database at
		 * most once a second */
		if (t->running && time(NULL) != alerts_at)
			alerts_refresh(t, &alerts_at);
		else
			alerts_owed = true;
		if (t->running)
			tui_redraw(t);
	}
	return 0;
}

/* A failure before the screen is up: "cdesk: <message>" on stderr, the exit status. */
static int fail(const struct err *err)
{
	fprintf(stderr, "cdesk: %s\n", err->msg[0] ? err->msg : "failed");
	return err->code ? err->code : ERR_FAIL;
}

int tui_run(struct app *a)
{
	struct tui t = { 0 };
	struct err err = { 0 };
	const char *nc = getenv("NO_COLOR");
	struct sigaction sa;
	SCREEN *scr;
	int rc;

	/* the locale first: wide characters and the translation depend on it */
	setlocale(LC_ALL, "");
	text_init_locale();
	t.zh = i18n_init(a->cfg->language);
	t.app = a;
	/* the print command's "request id is …" must not land on the screen */
	a->quiet_print = true;
	if (app_calendar(a, &t.cal, &err) || app_rules(a, &t.rules, &err))
		return fail(&err);
	tui_refresh_clock(&t);
	if (tui_store_open(&t, &err))
		return fail(&err);
	t.role = user_role(&t);
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "cdesk: %s\n",
			_("the full-screen interface needs a terminal; see 'cdesk --help' for commands"));
		tui_store_close(&t);
		return ERR_USAGE;
	}

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "cdesk: %s '%s'\n", _("cannot use the terminal type"),
			getenv("TERM") ? getenv("TERM") : "");
		tui_store_close(&t);
		return ERR_USAGE;
	}
	set_term(scr);
	curses_up = true;
	util_set_fatal_hook(fatal_hook);
	/* nothing may write under the screen: stderr goes nowhere until endwin */
	saved_stderr = dup(2);
	{
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, 2);
			close(devnull);
		}
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	raw();                      /* Ctrl-S saves instead of stopping the terminal */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	t.color = has_colors() && !(nc && *nc);
	if (t.color) {
		start_color();
		use_default_colors();
	}
	theme_init(t.color);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		  | BUTTON5_PRESSED
#endif
		  , NULL);
	mouseinterval(200);
	t.sees_alerts = tui_store_sees_alerts(&t);
	tui_alerts_refresh(&t);
	layout_frame(&t);

	tui_push(&t, screen_new(&t, &screen_queues_ops));
	tui_offer_draft(&t);
	rc = run(&t);

	while (t.depth)
		tui_pop(&t);
	free(t.stack);
	if (body)
		delwin(body);
	body = NULL;
	tui_restore();
	delscreen(scr);
	util_set_fatal_hook(NULL);
	tui_store_close(&t);
	return rc;
}
