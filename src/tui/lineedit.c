/* The line editor: a wchar_t buffer with a cursor, measured in display columns. No curses here. */
#include "tui/lineedit.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int wc_width(wchar_t c)
{
	int w = wcwidth(c);

	return w < 0 ? 1 : w;
}

static bool refused(const struct lineedit *e, wchar_t c)
{
	if (c == L'\n')
		return !e->multiline;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return true;
	/* bidi overrides and line separators could reorder or break what is shown */
	if (c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069))
		return true;
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return true;
	return false;
}

void le_init(struct lineedit *e, size_t max, bool multiline)
{
	memset(e, 0, sizeof *e);
	e->max = max;
	e->multiline = multiline;
}

void le_free(struct lineedit *e)
{
	free(e->buf);
	e->buf = NULL;
	e->len = e->cap = e->cur = e->scroll = 0;
}

size_t utf8_to_wcs(const char *s, wchar_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && (!out || n < max)) {
		uint32_t c;
		int len, i;

		if (p[0] < 0x80) {
			c = p[0];
			len = 1;
		} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
			c = p[0] & 0x1f;
			len = 2;
		} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
			c = p[0] & 0x0f;
			len = 3;
		} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
			c = p[0] & 0x07;
			len = 4;
		} else {
			c = 0xfffd;
			len = 1;
			goto put;
		}
		for (i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				break;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (i < len || (len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
		    (c >= 0xd800 && c <= 0xdfff)) {
			c = 0xfffd;
			len = i < len ? i : len;
		}
put:
		if (out)
			out[n] = (wchar_t)c;
		n++;
		p += len;
	}
	return n;
}

char *wcs_to_utf8(const wchar_t *w, size_t n)
{
	char *s = xmalloc(n * 4 + 1), *p = s;

	for (size_t i = 0; i < n; i++) {
		uint32_t c = (uint32_t)w[i];
		if (c >= 0xd800 && c <= 0xdfff)
			c = 0xfffd;
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xc0 | (c >> 6));
			*p++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*p++ = (char)(0xe0 | (c >> 12));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		} else {
			*p++ = (char)(0xf0 | (c >> 18));
			*p++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*p = '\0';
	return s;
}

void le_set(struct lineedit *e, const char *utf8)
{
	e->len = e->cur = e->scroll = 0;
	le_insert_utf8(e, utf8 ? utf8 : "");
	e->changed = true;
}

char *le_get(const struct lineedit *e)
{
	return wcs_to_utf8(e->buf, e->len);
}

bool le_empty(const struct lineedit *e)
{
	return e->len == 0;
}

bool le_insert(struct lineedit *e, wchar_t c)
{
	if (refused(e, c) || (e->max && e->len >= e->max))
		return false;
	if (e->len + 1 > e->cap) {
		e->cap = e->cap ? e->cap * 2 : 32;
		e->buf = xrealloc(e->buf, e->cap * sizeof *e->buf);
	}
	memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof *e->buf);
	e->buf[e->cur++] = c;
	e->len++;
	e->changed = true;
	return true;
}

size_t le_insert_utf8(struct lineedit *e, const char *utf8)
{
	size_t n = utf8_to_wcs(utf8, NULL, 0), k = 0;
	wchar_t *w = xmalloc((n + 1) * sizeof *w);

	utf8_to_wcs(utf8, w, n);
	for (size_t i = 0; i < n; i++)
		if (le_insert(e, w[i]))
			k++;
	free(w);
	return k;
}

bool le_backspace(struct lineedit *e)
{
	if (e->cur == 0)
		return false;
	e->cur--;
	return le_delete(e);
}

bool le_delete(struct lineedit *e)
{
	if (e->cur >= e->len)
		return false;
	memmove(e->buf + e->cur, e->buf + e->cur + 1, (e->len - e->cur - 1) * sizeof *e->buf);
	e->len--;
	e->changed = true;
	return true;
}

bool le_kill_to_end(struct lineedit *e)
{
	size_t end = e->cur;

	while (end < e->len && e->buf[end] != L'\n')
		end++;
	if (end == e->cur)
		return false;
	memmove(e->buf + e->cur, e->buf + end, (e->len - end) * sizeof *e->buf);
	e->len -= end - e->cur;
	e->changed = true;
	return true;
}

bool le_kill_to_start(struct lineedit *e)
{
	size_t start = e->cur;

	while (start > 0 && e->buf[start - 1] != L'\n')
		start--;
	if (start == e->cur)
		return false;
	memmove(e->buf + start, e->buf + e->cur, (e->len - e->cur) * sizeof *e->buf);
	e->len -= e->cur - start;
	e->cur = start;
	e->changed = true;
	return true;
}

void le_left(struct lineedit *e)
{
	if (e->cur > 0)
		e->cur--;
}

void le_right(struct lineedit *e)
{
	if (e->cur < e->len)
		e->cur++;
}

void le_home(struct lineedit *e)
{
	while (e->cur > 0 && e->buf[e->cur - 1] != L'\n')
		e->cur--;
}

void le_end(struct lineedit *e)
{
	while (e->cur < e->len && e->buf[e->cur] != L'\n')
		e->cur++;
}

int le_width(const struct lineedit *e, size_t from, size_t to)
{
	int w = 0;

	for (size_t i = from; i < to && i < e->len; i++)
		w += wc_width(e->buf[i]);
	return w;
}

int le_view(struct lineedit *e, int width)
{
	if (width < 2)
		width = 2;
	if (e->scroll > e->cur)
		e->scroll = e->cur;
	/* keep the cursor, and the cell it stands on, inside the width */
	while (e->scroll < e->cur &&
	       le_width(e, e->scroll, e->cur) +
			       (e->cur < e->len ? wc_width(e->buf[e->cur]) : 1) > width)
		e->scroll++;
	/* after deleting at the end, show as much as fits */
	while (e->scroll > 0 &&
	       le_width(e, e->scroll - 1, e->len) + (e->cur == e->len ? 1 : 0) <= width)
		e->scroll--;
	return le_width(e, e->scroll, e->cur);
}

size_t le_visible_end(const struct lineedit *e, int width)
{
	size_t i = e->scroll;
	int w = 0;

	while (i < e->len && w + wc_width(e->buf[i]) <= width)
		w += wc_width(e->buf[i++]);
	return i;
}

int le_wrap(const struct lineedit *e, int width, struct le_row *rows, int max)
{
	int n = 0, w = 0;
	size_t start = 0;

	if (width < 2)
		width = 2;
	for (size_t i = 0; i < e->len; i++) {
		wchar_t c = e->buf[i];
		if (c == L'\n') {
			if (n < max)
				rows[n] = (struct le_row){ start, i };
			n++;
			start = i + 1;
			w = 0;
			continue;
		}
		if (w + wc_width(c) > width) {
			if (n < max)
				rows[n] = (struct le_row){ start, i };
			n++;
			start = i;
			w = 0;
		}
		w += wc_width(c);
	}
	if (n < max)
		rows[n] = (struct le_row){ start, e->len };
	return n + 1;
}

/* Visual row index of position pos. */
static int row_of(const struct le_row *rows, int n, size_t pos)
{
	for (int r = 0; r < n; r++) {
		/* a position at a row's end belongs to it unless the next row starts there */
		if (pos >= rows[r].start && (pos < rows[r].end ||
					     (pos == rows[r].end &&
					      (r + 1 == n || rows[r + 1].start != pos))))
			return r;
	}
	return n - 1;
}

static struct le_row *wrap_all(const struct lineedit *e, int width, int *n)
{
	int total = le_wrap(e, width, NULL, 0);
	struct le_row *rows = xmalloc((size_t)total * sizeof *rows);

	le_wrap(e, width, rows, total);
	*n = total;
	return rows;
}

void le_cursor_pos(const struct lineedit *e, int width, int *row, int *col)
{
	int n;
	struct le_row *rows = wrap_all(e, width, &n);
	int r = row_of(rows, n, e->cur);

	*row = r;
	*col = le_width(e, rows[r].start, e->cur);
	free(rows);
}

static bool move_row(struct lineedit *e, int width, int delta)
{
	int n, r, col, w = 0;
	struct le_row *rows = wrap_all(e, width, &n);
	size_t i;

	r = row_of(rows, n, e->cur);
	if (r + delta < 0 || r + delta >= n) {
		free(rows);
		return false;
	}
	col = le_width(e, rows[r].start, e->cur);
	r += delta;
	i = rows[r].start;
	while (i < rows[r].end && w + wc_width(e->buf[i]) <= col)
		w += wc_width(e->buf[i++]);
	e->cur = i;
	free(rows);
	return true;
}

bool le_up(struct lineedit *e, int width)
{
	return move_row(e, width, -1);
}

bool le_down(struct lineedit *e, int width)
{
	return move_row(e, width, 1);
}

void le_scroll_to_cursor(struct lineedit *e, int width, int height)
{
	int row, col;

	if (height < 1)
		height = 1;
	le_cursor_pos(e, width, &row, &col);
	if ((size_t)row < e->scroll)
		e->scroll = (size_t)row;
	else if ((size_t)row >= e->scroll + (size_t)height)
		e->scroll = (size_t)(row - height + 1);
}
