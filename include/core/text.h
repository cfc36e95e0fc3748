/* UTF-8 text: validation, sanitising for display, display width. */
#ifndef CDESK_CORE_TEXT_H
#define CDESK_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct sbuf;

/*
 * Width functions need an LC_CTYPE with UTF-8; text_init_locale() makes sure
 * of one (the environment's if it is UTF-8, else C.UTF-8) and returns false
 * when none could be set.
 */
bool text_init_locale(void);

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *s, size_t len);

/*
 * Checks user input for a field: valid UTF-8, no control characters other
 * than newline and tab when multiline, at most max_chars characters (0 = no
 * limit). Fails with ERR_USAGE naming field and the problem ("name: 101
 * characters, at most 100 allowed"; translated through the "cdesk" domain).
 */
int text_check_field(const char *field, const char *s, size_t max_chars, bool multiline,
		     struct err *err);

/* False when s[0..len) is valid UTF-8; else true with what is wrong in
 * what ("invalid UTF-8 at byte 4 (byte 0xff)", as text_check_field says it). */
bool text_utf8_problem(const char *s, size_t len, char *what, size_t size);

/* Number of characters (code points) in a valid UTF-8 string. */
size_t text_chars(const char *s);

/* Display columns of a valid UTF-8 string (wcwidth; controls count as their
 * escaped form "\x1b" = 4 columns). */
int text_width(const char *s);

/*
 * Copies s into a fresh allocation cut at max_cols display columns, never in
 * the middle of a character, with control characters escaped (\n, \t, \x1b…)
 * and invalid bytes shown as \xNN. When pad is true the result is padded with
 * spaces to exactly max_cols. Safe to send to a terminal.
 */
char *text_fit(const char *s, int max_cols, bool pad);
/* text_fit(s, max_cols, false) appended to out instead of a fresh
 * allocation; returns its display columns (text_width of what it appended). */
int text_fit_append(struct sbuf *out, const char *s, int max_cols);
/* How many bytes of s text_fit(s, max_cols, …) takes (an escaped control
 * character or bad byte is one byte of s but several of the result). */
size_t text_fit_bytes(const char *s, int max_cols);

/* Escapes control characters and invalid bytes with no width limit. */
char *text_sanitize(const char *s);

/*
 * What a message quotes of user input: s sanitised (text_sanitize) and cut
 * after max_chars characters with "…", into buf. Never fails.
 */
void text_excerpt(const char *s, size_t max_chars, char *buf, size_t size);

/* "A,B , C" (or with the full-width "，") into up to max trimmed, non-empty
 * parts pointing into a copy of s kept in *hold (the caller frees it, also
 * on failure); -1 when there are more than max. */
int text_split_list(const char *s, const char **out, int max, char **hold);
#endif
