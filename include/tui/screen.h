/* Screens, the screen stack, the key table and colour roles of the full-screen interface. */
#ifndef CDESK_TUI_SCREEN_H
#define CDESK_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

#include "app/app.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/alerts.h"
#include "core/rules.h"

/*
 * The frame owns the terminal. Its layout, top to bottom:
 *   line 0            top line: site, user and role, date, calendar banner,
 *                     third dispatches not yet seen
 *   line 1            only while a medical-safety risk is unacknowledged:
 *                     its banner (the body then starts a line lower)
 *   lines 1..rows-3   the body (from line 2 under a banner): the current
 *                     screen draws here (its WINDOW)
 *   line rows-2       status line: errors, confirmations, prompts
 *   line rows-1       key line: the keys that work on this screen
 * Below TUI_MIN_COLS x TUI_MIN_ROWS it shows "window too small" instead and
 * calls no screen's draw() until the terminal is large enough again.
 */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

struct tui;
struct screen;
struct store;                   /* include/core/store.h, when it exists */

/* What a handler returns: bits telling the loop what to do next. Handlers
 * never draw; the loop redraws when REDRAW is set. */
enum screen_flags {
	SF_NONE = 0,
	SF_REDRAW = 1 << 0,         /* state changed: redraw the screen */
	SF_QUIT = 1 << 1,           /* leave cdesk (the frame asks first if a form is dirty) */
	SF_POP = 1 << 2,            /* close this screen, back to the one below */
	SF_UNHANDLED = 1 << 3,      /* not mine: let the frame apply its global meaning */
	SF_FORCE_POP = 1 << 4       /* close without asking even though dirty() is true */
};

/*
 * Actions. Keys map to actions (the key table in src/tui/keys.c), actions to
 * handlers (each screen's key()). The help screen and the key line are
 * generated from the same table.
 */
enum action {
	ACT_NONE = 0,                 /* no binding: a character for text input */
	/* global */
	ACT_HELP, ACT_NEW, ACT_QUEUES, ACT_SEARCH, ACT_REPORTS, ACT_CALENDAR, ACT_QUIT, ACT_BACK,
	ACT_REFRESH, ACT_SUSPEND, ACT_INTERRUPT, ACT_ALERT,
	/* moving */
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_OPEN,
	/* mouse: ev->y, ev->x are relative to the screen's window */
	ACT_CLICK, ACT_CLICK_OPEN, ACT_WHEEL_UP, ACT_WHEEL_DOWN,
	/* lists */
	ACT_SORT, ACT_FILTER, ACT_NEXT_QUEUE, ACT_PREV_QUEUE,
	/* forms and editing */
	ACT_SAVE, ACT_CHOOSE, ACT_DELETE_BACK, ACT_DELETE, ACT_KILL_LINE, ACT_KILL_START, ACT_NEWLINE,
	ACT_TOGGLE, ACT_MERGE, ACT_ACCEPT_SUGGESTION, ACT_PRINT,
	/* the case screen */
	ACT_CASE_ACTION, ACT_CASE_EDIT,
	/* calendar */
	ACT_PREV_MONTH, ACT_NEXT_MONTH, ACT_PREV_YEAR, ACT_NEXT_YEAR, ACT_TODAY, ACT_COUNT_DAYS,
	ACT__COUNT
};

/* Which keys a screen's focus lets through as commands. */
enum key_mode {
	KM_LIST,                    /* letters are commands (n, q, /, j, k, ?) */
	KM_TEXT                     /* letters are input: only function, control and
	                               cursor keys are commands */
};

/* One input event as the frame read it. */
struct key_event {
	wint_t ch;                  /* the character, or a KEY_* code when fkey */
	bool fkey;                  /* ch is a curses KEY_* code (wget_wch KEY_CODE_YES) */
	int y, x;                   /* mouse position in the screen's window, or -1 */
};

/* One row of a key table: this key means this action. */
struct binding {
	wint_t key;                 /* a character, or a KEY_* code with fkey */
	bool fkey;
	enum key_mode mode;         /* KM_LIST: only when letters are commands; KM_TEXT: always */
	enum action action;
	const char *help;           /* N_() text for the help screen; NULL: the action's own */
	bool bar;                   /* shown on the key line */
};

/*
 * A screen: a plain struct of function pointers and its private data.
 * screen_new makes one of a kind (screen_queues_ops …), or a constructor
 * does (screen_case_new() …, for a screen that takes more); the frame
 * sets rows and cols and calls resize() once before the first draw() and
 * after every terminal resize, and free() when the screen is popped. Any
 * pointer may be NULL except draw and key.
 */
struct screen {
	const struct screen_ops *ops;   /* what is fixed about its kind (below) */
	enum key_mode mode;         /* may change as focus moves (a form field vs its list) */
	struct tui *tui;
	void *data;                 /* private state: ops->size bytes, freed by the frame */
	int rows, cols;             /* the body, kept by the frame (before each resize()) */
};

/*
 * What is fixed about a kind of screen: a const table each screen file
 * defines once (tmux's struct window_mode). Any handler but key and draw may
 * be NULL.
 */
struct screen_ops {
	const char *name;           /* "queues", "intake", "case", … (tests, debugging) */
	const char *title;          /* N_() title shown on the top line */
	enum key_mode mode;         /* the mode it starts in */
	const struct binding *keys; /* its own bindings, checked before the global ones */
	int nkeys;
	void (*free)(struct screen *s);
	/* The body is now s->rows x s->cols; recompute layout (never lose content). */
	void (*resize)(struct screen *s);
	/* Draws the whole body into w (erased before the call). */
	void (*draw)(struct screen *s, WINDOW *w);
	/* Handles one key: a = the bound action (ACT_NONE for plain text).
	 * Returns enum screen_flags. */
	int (*key)(struct screen *s, enum action a, const struct key_event *ev);
	/* True while the screen holds unsaved input (the frame asks before
	 * popping it or quitting). */
	bool (*dirty)(const struct screen *s);
	/* Where the terminal cursor goes after draw (text fields); false hides it. */
	bool (*cursor)(const struct screen *s, int *y, int *x);
	/* Called when the screen becomes the top again (reload data). */
	void (*resume)(struct screen *s);
	size_t size;                /* of the private state, zeroed by screen_new */
	/* Sets up a new screen's private state (screen_new). */
	void (*init)(struct screen *s);
};
/* The number of elements of an array (a screen's keys). */
#define SCREEN_N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A new screen of the kind ops describes: its private state (ops->size
 * bytes, zeroed; freed by the frame after ops->free) set up by ops->init,
 * rows and cols the body's. */
struct screen *screen_new(struct tui *t, const struct screen_ops *ops);

/* The screen stack. tui_push takes ownership; the pushed screen is resized
 * to the body before its first draw. */
void tui_push(struct tui *t, struct screen *s);
/* The screen on top, or NULL. */
struct screen *tui_top(struct tui *t);

/*
 * Application context available to screens. The frame fills it in; screens
 * read it and never free it.
 */
struct tui {
	struct app *app;            /* configuration, actor (Unix login), the clock */
	struct calendar *cal;       /* loaded calendar (never NULL while running) */
	struct ruleset *rules;      /* loaded rules (never NULL while running) */
	struct store *store;        /* the open database; NULL until the store exists */
	cdate today;                /* today's date (the real clock, read once a minute) */
	struct cdatetime now;
	const char *role;           /* the user's role code ("clerk", …) */
	int rows, cols;             /* the terminal */
	int body_rows, body_cols;   /* the body area the current screen draws in */
	bool color;                 /* colours in use (not NO_COLOR, terminal has them) */
	bool zh;                    /* the interface language is Chinese */
	bool running;
	struct screen **stack;
	int depth, cap;
	char status[512];           /* status line text (UTF-8) */
	int status_role;            /* enum role of the status line */
	/* Keys read but not yet handled (typed while the window was too small,
	 * or while a question that does not take them was shown): tui_read
	 * returns them first, in order, once the window is large enough. */
	struct key_event pending[256];
	int npending;
	/* A screen a handler wants in place of its own: pushed once the
	 * handler's SF_POP has taken it off (the saved form → its case). */
	struct screen *then_push;
	/* What the office must see at once (src/tui/alerts.c): read from the
	 * database for the roles that see them; a line under the top line
	 * while a safety risk waits (alert_rows 1), the third dispatches on
	 * the top line until opened here or acknowledged anywhere. */
	bool sees_alerts;
	struct case_alerts alerts;
	int alert_rows;
	char opened[ALERTS_MAX][32];
	int nopened;
};

/*
 * The status line: errors, confirmations. Never stderr while the screen is
 * up. The message stays until the next key.
 */
void tui_status(struct tui *t, int role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define tui_error(t, ...) tui_status((t), ROLE_ERROR, __VA_ARGS__)
#define tui_info(t, ...) tui_status((t), ROLE_OK, __VA_ARGS__)

/*
 * Modal helpers that run their own small loop (they follow resizes):
 * tui_confirm asks a yes/no question on the status line (y/Y/是 Enter = yes).
 * tui_choose shows a list in a box and returns the chosen index, or -1 on Esc.
 * tui_prompt edits one line of text on the status line; returns true on
 * Enter with the UTF-8 text in buf, false on Esc.
 */
bool tui_confirm(struct tui *t, const char *question);
int tui_choose(struct tui *t, const char *title, const char *const *items, int n, int current);
bool tui_prompt(struct tui *t, const char *label, char *buf, size_t size);

/* Key table (src/tui/keys.c). */
extern const struct binding tui_global_keys[];
extern const int tui_global_key_count;
/* The action bound to ev on screen s: its own keys first, then the global ones
 * allowed by its mode; ACT_NONE when none. */
enum action keys_lookup(const struct screen *s, const struct key_event *ev);
/* The untranslated (N_) description of an action, for help. */
const char *keys_action_help(enum action a);
/* A key's name as shown on the key line and the help screen ("F1", "Ctrl-S", "?"),
 * into buf (at least 32 bytes). */
const char *keys_name(const struct binding *b, char *buf, size_t size);

/* Colour roles, mapped to colour pairs in one table with a monochrome
 * fallback (src/tui/theme.c). Meaning never rests on colour alone: queues
 * also carry a marker column. */
enum role {
	ROLE_NORMAL,
	ROLE_BAR,                   /* top and key lines */
	ROLE_BANNER,                /* calendar warning on the top line */
	ROLE_TITLE,                 /* screen titles, column headers */
	ROLE_SELECTED,              /* the highlighted row or field */
	ROLE_OVERDUE,               /* red */
	ROLE_DUE_SOON,              /* yellow: due within one working day */
	ROLE_ERROR,                 /* status line error */
	ROLE_OK,                    /* status line confirmation */
	ROLE_FIELD,                 /* an input field */
	ROLE_FIELD_ACTIVE,          /* the field being edited */
	ROLE_INVALID,               /* a field whose content does not validate */
	ROLE_DIM,                   /* secondary text */
	ROLE_KEY,                   /* key names on the key line */
	ROLE_HOLIDAY,               /* calendar: holiday */
	ROLE_WEEKEND,               /* calendar: weekend */
	ROLE_MAKEUP,                /* calendar: make-up working day */
	ROLE_SUGGEST,               /* suggestion panel headings */
	ROLE__COUNT
};

/* Sets up colour pairs; color false (NO_COLOR, monochrome) uses attributes only. */
void theme_init(bool color);
/* The curses attributes of a role. */
attr_t theme_attr(enum role r);

/*
 * Safe drawing: s (UTF-8) is sanitised (control characters and escape
 * sequences shown escaped), cut at width display columns never inside a
 * character, and padded to width when pad is set. Returns the columns drawn.
 */
int tui_draw(WINDOW *w, int y, int x, const char *s, int width, bool pad, enum role r);

/* The kinds of screen that need nothing but screen_new. */
extern const struct screen_ops screen_calendar_ops;
extern const struct screen_ops screen_queues_ops;
extern const struct screen_ops screen_search_ops;
/* The quarterly and monthly report with bar charts (src/tui/screen_reports.c). */
extern const struct screen_ops screen_reports_ops;

/* Screen constructors, for the screens that take more than the frame. */
struct screen *screen_help_new(struct tui *t, const struct screen *about);
struct screen *screen_intake_new(struct tui *t);
struct screen *screen_case_new(struct tui *t, const char *case_no);

#endif
