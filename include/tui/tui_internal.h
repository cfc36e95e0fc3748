/* What the frame shares with the screens beyond screen.h: store glue and drawing internals. */
#ifndef CDESK_TUI_TUI_INTERNAL_H
#define CDESK_TUI_TUI_INTERNAL_H

#include "tui/screen.h"
#include "core/cases.h"

/* Runs the interface (src/tui/frame.c); tui_main calls it once the case store exists. */
int tui_run(struct app *a);

/* Frame internals used by the modal helpers (src/tui/modal.c). */
void tui_redraw(struct tui *t);
bool tui_read(struct tui *t, struct key_event *ev);
/* After an Esc curses made no key of: the rest of a sequence sent with it
 * read whole from body, ev the key it names, or no key (ch 0) when unknown
 * (src/tui/keys.c). */
void keys_read_escape(WINDOW *body, struct tui *t, struct key_event *ev);
/* "Searching…": shown on the status line at once, before slow work. */
void tui_busy(struct tui *t, const char *what);
/* tui_read without waiting: false at once when no key is there. */
bool tui_read_nowait(struct tui *t, struct key_event *ev);
/* Gives the terminal to another program (an editor, the shell on Ctrl-Z) and
 * takes it back, the screen redrawn as it was. */
void tui_leave_screen(void);
void tui_enter_screen(struct tui *t);
/*
 * Long text (a reply, a draft, feedback) in a multi-line editor box: CJK
 * wrapped by display column, the cursor moved by rows and columns, pasted
 * text taken whole; or $EDITOR on a private temporary file when [ui] editor
 * says so (Ctrl-O from the box too). max characters at most: a longer text
 * is refused with a message and kept for shortening, never cut. *text (in:
 * the text to start with, may be NULL; out: a fresh string on true). False
 * when the clerk gave up (Esc).
 */
bool tui_edit_long(struct tui *t, const char *title, size_t max, char **text);
/* Reads data_dir/pinyin_initials.txt once (src/tui/pinyin.c). */
void tui_pinyin_load(const char *data_dir);
/* Whether a pick list's item matches what was typed: its text contains it
 * (ASCII without regard to case), or it is letters the pinyin initials of
 * the item's characters contain ("sfc" → 收费处). */
bool tui_filter_match(const char *item, const char *filter);
/* Keeps ev to be read again by tui_read (at the end of the queue, or at its
 * front when first); dropped only when 256 keys already wait. */
void tui_unread(struct tui *t, const struct key_event *ev, bool first);
/* The modal helpers' wait for a key: redraws (then overlay(t, arg)), follows
 * resizes, keeps keys typed while too small; false when the session ends. */
bool tui_modal_key(struct tui *t, struct key_event *ev, void (*overlay)(struct tui *, void *),
		   void *arg);
/* True once the terminal hung up or SIGHUP/SIGTERM arrived: every loop must end. */
bool tui_hangup(void);
void tui_handle_resize(struct tui *t);
bool tui_too_small(const struct tui *t);
void tui_refresh_clock(struct tui *t);
bool tui_any_dirty(struct tui *t);
/* The part of a help text before ": " (or "："), for the key line. Static buffer. */
const char *tui_short_label(const char *label);
/* The frame's lines (src/tui/frame_lines.c), drawn on stdscr by tui_redraw:
 * the top line over screen s (NULL: none), the status line, the key line of
 * s and the global keys; and, in place of all, the notice that the window is
 * smaller than TUI_MIN_COLS x TUI_MIN_ROWS. */
void tui_draw_top(struct tui *t, const struct screen *s);
void tui_draw_status(struct tui *t);
void tui_draw_keys(struct tui *t, const struct screen *s);
void tui_draw_too_small(struct tui *t);

/* Opens the configured database (never creates one); fails with the store's message. */
int tui_store_open(struct tui *t, struct err *err);
void tui_store_close(struct tui *t);
/* The user's role code for the top line. */
const char *tui_store_role(struct tui *t);
/* Offers the draft forms saved by an earlier session (src/tui/drafts.c):
 * Enter opens one, Esc is "not now" (kept), d discards after a question;
 * any other key is "not now" and then does what it does. */
void tui_offer_draft(struct tui *t);
/* Prints the registration form of a case through the configured print
 * command, its output silenced (app_case_document, app_print); returns 0, or
 * the failure's status. */
int tui_print_form(struct tui *t, const char *number);
/* The same, the failure's words (the print command's own) in err. */
int tui_print_form_err(struct tui *t, const char *number, struct err *err);
/* p on the case screen: the registration form or the reply letter, printed
 * (again) after a question (src/tui/case_print.c). */
void tui_case_print(struct tui *t, const char *number);
/* A case context for an action now, by the Unix login (app_case_ctx). */
void tui_case_ctx(struct tui *t, struct case_ctx *ctx);

/* Intake form with a saved draft (JSON, NULL: a blank form) restored into it,
 * kept in the user's draft slot (store_draft_save_slot). */
struct screen *screen_intake_from_draft(struct tui *t, const char *json, int slot);
/* The intake form for F2: back to the one open, else the kept drafts offered
 * (src/tui/drafts.c); NULL when the clerk chose none. */
struct screen *tui_intake_open(struct tui *t);

/* The alerts (src/tui/alerts.c): read again from the database (true when
 * the safety line came or went, and the layout must follow); the safety
 * line drawn on line 1; the top line's notice of third dispatches into buf
 * ("" when none); the case F12 opens (NULL when none), marked opened. */
bool tui_alerts_refresh(struct tui *t);
void tui_alerts_draw(struct tui *t);
void tui_alerts_notice(struct tui *t, char *buf, size_t size);
const char *tui_alerts_jump(struct tui *t);
/* A case opened on this terminal: its third-dispatch notice goes here. */
void tui_alert_opened(struct tui *t, const char *number);
/* Whether the user's role is shown the alerts (the store's user). */
bool tui_store_sees_alerts(struct tui *t);

/* Department label in the interface language ("医务部" / "Medical Affairs"). */
const char *tui_dept_label(struct tui *t, const char *code);

/* The label when it fits in width display columns, else the catalog's short
 * label in the interface language (short_zh / short_en) when it has one,
 * else the label (to be cut with "…"). */
const char *tui_dept_label_fit(struct tui *t, const char *code, int width);

/* The widest label tui_dept_label_fit gives at its narrowest: each
 * department's short label, or its label when it has none. */
int tui_dept_short_width(struct tui *t);

#endif
