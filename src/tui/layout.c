/* Column layout and width-exact cutting over core/text.h; no curses here. */
#include "tui/layout.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int layout_columns(struct column *cols, int n, int total)
{
	int used = n > 0 ? n - 1 : 0, grow = 0, spare, given = 0, last = -1;

	for (int i = 0; i < n; i++) {
		cols[i].width = cols[i].min;
		used += cols[i].min;
		grow += cols[i].grow;
		if (cols[i].grow)
			last = i;
	}
	spare = total - used;
	if (spare <= 0 || grow == 0)
		return used;
	for (int i = 0; i < n; i++) {
		if (!cols[i].grow)
			continue;
		int add = spare * cols[i].grow / grow;
		cols[i].width += add;
		given += add;
	}
	cols[last].width += spare - given;
	return total;
}

char *layout_fit_right(const char *s, int width)
{
	char *cut = text_fit(s ? s : "", width, false);
	int w = text_width(cut);
	char *out = xmalloc(strlen(cut) + (size_t)(width - w) + 1);

	memset(out, ' ', (size_t)(width - w));
	strcpy(out + (width - w), cut);
	free(cut);
	return out;
}

char *layout_row(const struct column *cols, int n, const char *const *cells)
{
	struct sbuf b = { 0 };

	sbuf_addn(&b, "", 0);
	for (int i = 0; i < n; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *cut = cols[i].right ? NULL : layout_ellipsize(c, cols[i].width);
		/* a cut cell ends in "…" */
		char *cell = cols[i].right ? layout_fit_right(c, cols[i].width)
					   : text_fit(cut, cols[i].width, true);
		free(cut);
		if (i > 0)
			sbuf_add(&b, " ");
		sbuf_add(&b, cell);
		free(cell);
	}
	return b.s;
}

char *layout_ellipsize(const char *s, int width)
{
	char *all = text_sanitize(s ? s : "");
	char *cut, *out;

	if (width <= 0) {
		free(all);
		return xstrdup("");
	}
	if (text_width(all) <= width) {
		return all;
	}
	free(all);
	cut = text_fit(s, width - 1, false);
	out = xasprintf("%s…", cut);
	free(cut);
	return out;
}

/* The byte offset of the character before offset i of s (i > 0). */
static size_t prev_char(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80);
	return i;
}

static bool starts_with_any(const char *p, const char *const *set)
{
	for (; *set; set++)
		if (!strncmp(p, *set, strlen(*set)))
			return true;
	return false;
}

/* Marks a line must not begin with: closing punctuation and brackets. */
static bool no_line_start(const char *p)
{
	static const char *const set[] = {
		"，", "。", "、", "；", "：", "？", "！", "）", "》", "〉", "」", "』", "】",
		"〕", "”", "’", "…", "·", "%", "％", ",", ".", ";", ":", "?", "!", ")", NULL
	};
	return starts_with_any(p, set);
}

/* True when the character before offset i of s (i > 0) is an opening mark,
 * which must not end a line. */
static bool no_line_end(const char *s, size_t i)
{
	static const char *const set[] = {
		"（", "《", "〈", "「", "『", "【", "〔", "“", "‘", "(", NULL
	};
	return starts_with_any(s + prev_char(s, i), set);
}

int layout_wrap(const char *s, int width, char **lines, int max)
{
	int n = 0;
	const char *p = s ? s : "";

	if (width < 2)
		width = 2;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *para = xstrndup(p, len);
		const char *q = para;

		do {
			char *piece, *sub;
			/* text_fit escapes controls, so advance over the source by
			 * the characters that fit rather than by the piece's bytes */
			size_t take = 0;
			int w = 0;
			while (q[take]) {
				size_t k = 1;
				while (q[take + k] && ((unsigned char)q[take + k] & 0xc0) == 0x80)
					k++;
				char *one = xstrndup(q + take, k);
				int cw = text_width(one);
				free(one);
				if (w + cw > width)
					break;
				w += cw;
				take += k;
			}
			if (take == 0 && q[0]) {
				/* a character wider than the line: take it alone */
				take = 1;
				while (q[take] && ((unsigned char)q[take] & 0xc0) == 0x80)
					take++;
			}
			/* Chinese line breaking (禁则): no line begins with a closing
			 * mark nor ends with an opening one; the characters before
			 * the break go down with it, within the second half of the
			 * line (a run of marks longer than that breaks anyway) */
			if (q[take] && take > 0) {
				size_t t = take;
				while (t > take / 2 && (no_line_start(q + t) || no_line_end(q, t)))
					t = prev_char(q, t);
				if (t > take / 2)
					take = t;
			}
			/* Latin words are not broken when a space in the second half
			 * of the line allows a cleaner cut (Chinese breaks anywhere) */
			if (q[take] && q[take] != ' ' && take > 0 && q[take - 1] != ' ') {
				size_t sp = take;
				while (sp > take / 2 && q[sp - 1] != ' ')
					sp--;
				if (sp > take / 2)
					take = sp;
			}
			sub = xstrndup(q, take);
			piece = text_fit(sub, width, false);
			free(sub);
			if (n < max)
				lines[n] = piece;
			else
				free(piece);
			n++;
			q += take;
		} while (*q);
		free(para);
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}
