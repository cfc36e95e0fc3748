/* The line editor and multiline text field: a pure wchar_t buffer, no curses, tested alone. */
#ifndef CDESK_TUI_LINEEDIT_H
#define CDESK_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/*
 * Positions are in characters (wchar_t), never bytes; widths are display
 * columns by wcwidth (a Chinese character is 2). A single-line editor
 * refuses newlines; a multiline one keeps them and wraps at display width.
 * Control characters other than newline are refused, so nothing typed can
 * smuggle an escape sequence to the terminal.
 */
struct lineedit {
	wchar_t *buf;
	size_t len, cap;
	size_t cur;                 /* cursor: 0..len */
	size_t max;                 /* at most this many characters; 0 = no limit */
	bool multiline;
	size_t scroll;              /* single line: first character shown;
	                               multiline: first visual row shown */
	bool changed;               /* set on every edit; callers clear it */
};

void le_init(struct lineedit *e, size_t max, bool multiline);
void le_free(struct lineedit *e);
/* Replaces the content with UTF-8 text (invalid bytes become U+FFFD,
 * refused characters are dropped); the cursor goes to the end. */
void le_set(struct lineedit *e, const char *utf8);
/* The content as a fresh UTF-8 string. */
char *le_get(const struct lineedit *e);
bool le_empty(const struct lineedit *e);

/* Inserts c at the cursor. False (nothing changes) for a control
 * character, a newline in a single-line editor, or when full. */
bool le_insert(struct lineedit *e, wchar_t c);
/* Inserts UTF-8 text character by character; returns the number inserted. */
size_t le_insert_utf8(struct lineedit *e, const char *utf8);
bool le_backspace(struct lineedit *e);
bool le_delete(struct lineedit *e);
/* Deletes from the cursor to the end of its line. */
bool le_kill_to_end(struct lineedit *e);
/* Deletes from the start of the cursor's line to the cursor. */
bool le_kill_to_start(struct lineedit *e);
void le_left(struct lineedit *e);
void le_right(struct lineedit *e);
/* Home/End: start/end of the current line (multiline: of the logical line). */
void le_home(struct lineedit *e);
void le_end(struct lineedit *e);

/* Display width of characters [from, to) (controls count 1). */
int le_width(const struct lineedit *e, size_t from, size_t to);

/*
 * Single line, width columns: adjusts scroll so the cursor is visible (with
 * one column for it at the end), and returns the cursor's column. The
 * visible characters are [scroll, le_visible_end()).
 */
int le_view(struct lineedit *e, int width);
size_t le_visible_end(const struct lineedit *e, int width);

/* A visual row of a wrapped multiline buffer: characters [start, end). */
struct le_row {
	size_t start, end;
};
/*
 * Wraps at width columns (a wide character that does not fit moves to the
 * next row whole; newlines end rows). Fills at most max rows; returns the
 * total number of rows (at least 1).
 */
int le_wrap(const struct lineedit *e, int width, struct le_row *rows, int max);
/* The visual row and column of the cursor when wrapped at width. */
void le_cursor_pos(const struct lineedit *e, int width, int *row, int *col);
/* Multiline: moves to the previous/next visual row at the nearest column.
 * False at the first/last row (the caller may move to another field). */
bool le_up(struct lineedit *e, int width);
bool le_down(struct lineedit *e, int width);
/* Multiline: adjusts scroll so the cursor row is within height rows. */
void le_scroll_to_cursor(struct lineedit *e, int width, int height);

/* UTF-8 <-> wide characters, independent of the locale. */
size_t utf8_to_wcs(const char *s, wchar_t *out, size_t max);  /* returns count; out may be NULL */
char *wcs_to_utf8(const wchar_t *w, size_t n);                 /* fresh string */

#endif
