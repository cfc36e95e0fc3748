/* Layout helpers for columns of mixed Chinese and Latin text; no curses, tested alone. */
#ifndef CDESK_TUI_LAYOUT_H
#define CDESK_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* A column of a table: its minimum width and how it shares spare columns. */
struct column {
	const char *title;          /* N_() heading */
	int min;                    /* display columns at least */
	int grow;                   /* share of the spare width (0: fixed) */
	bool right;                 /* right-aligned (numbers) */
	int width;                  /* computed by layout_columns */
};

/*
 * Gives each column its width for a total of total display columns, with
 * one space between columns: min widths first, the rest shared by grow.
 * Returns the width used (<= total unless the minimums alone exceed it).
 */
int layout_columns(struct column *cols, int n, int total);

/*
 * One table row as a fresh UTF-8 string: each cell sanitised, cut at its
 * column's width never inside a character, padded (left or right aligned) so
 * every row of the table has the same display width.
 */
char *layout_row(const struct column *cols, int n, const char *const *cells);

/* s cut and padded to exactly width columns, right-aligned. Fresh string. */
char *layout_fit_right(const char *s, int width);

/* s cut to width columns with "…" at the end when it did not fit. Fresh string. */
char *layout_ellipsize(const char *s, int width);

/* Wraps UTF-8 text into lines of at most width columns (breaks at any
 * character; newlines kept). Returns the number of lines; lines[i] are fresh
 * strings (the first max are filled). */
int layout_wrap(const char *s, int width, char **lines, int max);

#endif
