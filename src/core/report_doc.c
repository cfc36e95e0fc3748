/* The text layout of the report (report_doc.h): lines, blocks, aligned table rows and the Chinese way of wrapping notes. */
#include "core/report.h"
#include "core/text.h"
#include "report_doc.h"
#include "report_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lines and blocks of the text layout ---- */


#define LINES_CHUNK 65536

void rdoc_lines_push_n(struct lines *l, const char *s, size_t len)
{
	char *at;

	if (!l->nchunks || l->size - l->used < len + 1) {
		l->size = len + 1 > LINES_CHUNK ? len + 1 : LINES_CHUNK;
		l->chunks = report_grow(l->chunks, l->nchunks, &l->capchunks, 8, sizeof *l->chunks);
		l->chunks[l->nchunks++] = xmalloc(l->size);
		l->used = 0;
	}
	at = l->chunks[l->nchunks - 1] + l->used;
	memcpy(at, s, len);
	at[len] = '\0';
	l->used += len + 1;
	l->v = report_grow(l->v, l->n, &l->cap, 32, sizeof *l->v);
	l->v[l->n++] = at;
}

void rdoc_lines_push(struct lines *l, char *s)
{
	rdoc_lines_push_n(l, s, strlen(s));
	free(s);
}

void rdoc_lines_free(struct lines *l)
{
	for (int i = 0; i < l->nchunks; i++)
		free(l->chunks[i]);
	free(l->chunks);
	free(l->v);
	memset(l, 0, sizeof *l);
}



struct block *rdoc_doc_block(struct doc *d)
{
	d->b = report_grow(d->b, d->n, &d->cap, 16, sizeof *d->b);
	memset(&d->b[d->n], 0, sizeof d->b[d->n]);
	return &d->b[d->n++];
}

void rdoc_doc_free(struct doc *d)
{
	for (int i = 0; i < d->n; i++)
		rdoc_lines_free(&d->b[i].l);
	free(d->b);
	sbuf_free(&d->scratch);
}


static void add_spaces(struct sbuf *line, int n)
{
	static const char spaces[] = "                                ";

	for (; n > 0; n -= (int)sizeof spaces - 1)
		sbuf_addn(line, spaces, n < (int)sizeof spaces - 1 ? (size_t)n : sizeof spaces - 1);
}

/* Appends s to line fitted into width columns, aligned by display width:
 * fitted in place (one walk of s, no copy of it), then padded; a right-aligned
 * cell moves its text past the padding once it knows its width. */
void rdoc_cell(struct sbuf *line, const char *s, int width, bool right)
{
	size_t at = line->len;
	int pad = width - text_fit_append(line, s, width);

	if (pad <= 0)
		return;
	if (!right) {
		add_spaces(line, pad);
		return;
	}
	add_spaces(line, pad);
	memmove(line->s + at + pad, line->s + at, line->len - at - (size_t)pad);
	memset(line->s + at, ' ', (size_t)pad);
}

/* The cells joined with two spaces, trailing blanks cut, into b (emptied). */
static void row_line_into(struct sbuf *b, const struct col *cols, int ncols,
			  const char *const *cells)
{
	b->len = 0;
	sbuf_addn(b, "", 0);
	for (int i = 0; i < ncols; i++) {
		if (i)
			sbuf_addn(b, "  ", 2);
		rdoc_cell(b, cells[i], cols[i].width, cols[i].right);
	}
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
}

/* Joins cells with two spaces, trailing blanks cut. */
char *rdoc_row_line(const struct col *cols, int ncols, const char *const *cells)
{
	struct sbuf b = { 0 };

	row_line_into(&b, cols, ncols, cells);
	return b.s;
}

int rdoc_cols_width(const struct col *cols, int ncols)
{
	int w = 0;

	for (int i = 0; i < ncols; i++)
		w += cols[i].width + (i ? 2 : 0);
	return w;
}

char *rdoc_rule_line(int width, char ch)
{
	char *s = xmalloc((size_t)width + 1);

	memset(s, ch, (size_t)width);
	s[width] = '\0';
	return s;
}

/* Starts a section with a title, the column headings and a rule under them. */
struct block *rdoc_table_start(struct doc *d, const char *title, const struct col *cols,
				 int ncols)
{
	struct block *b = rdoc_doc_block(d);
	const char *heads[16];

	rdoc_lines_push(&b->l, xstrdup(title));
	for (int i = 0; i < ncols && i < 16; i++)
		heads[i] = cols[i].title;
	rdoc_lines_push(&b->l, rdoc_row_line(cols, ncols, heads));
	rdoc_lines_push(&b->l, rdoc_rule_line(rdoc_cols_width(cols, ncols), '-'));
	b->head = 3;
	return b;
}

/* A bar of n/max of cols columns, appended to line. */
void rdoc_add_bar(const struct doc *d, struct sbuf *line, long n, long max, int cols)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	long units;

	if (cols <= 0 || max <= 0 || n <= 0)
		return;
	units = (long)((double)n / (double)max * cols * 8 + 0.5);
	if (units < 1)
		units = 1;
	sbuf_add(line, "  ");
	if (!d->utf8) {
		for (long i = 0; i < (units + 4) / 8 || (i == 0 && units < 4); i++)
			sbuf_addn(line, "#", 1);
		return;
	}
	for (long i = 0; i < units / 8; i++)
		sbuf_add(line, "█");
	sbuf_add(line, eighths[units % 8]);
}

void rdoc_table_row(struct doc *d, struct block *b, const struct col *cols, int ncols,
		      const char *const *cells, long bar_n, long bar_max)
{
	struct sbuf *line = &d->scratch;

	row_line_into(line, cols, ncols, cells);
	if (d->bar_cols > 0 && bar_max > 0) {
		/* pad to the table's width so that bars start in one column */
		int room = d->width - rdoc_cols_width(cols, ncols) - 2;
		for (int w = text_width(line->s); w < rdoc_cols_width(cols, ncols); w++)
			sbuf_addn(line, " ", 1);
		rdoc_add_bar(d, line, bar_n, bar_max, room < d->bar_cols ? room : d->bar_cols);
	}
	rdoc_lines_push_n(&b->l, line->s, line->len);
}

static bool is_word_byte(char c)
{
	return (unsigned char)c < 0x80 && c != ' ';
}

static bool ends_opening(const char *s)
{
	static const char *const opening[] = { "（", "“", "《", "「", "【", "(", "‘" };

	for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++)
		if (strncmp(s, opening[i], strlen(opening[i])) == 0)
			return true;
	return false;
}

static bool starts_closing(const char *s)
{
	static const char *const closing[] = { "。", "，", "、", "；", "：", "）", "！", "？",
					       "”", "」", "》", ")", ",", ".", ";", ":", "%" };

	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (strncmp(s, closing[i], strlen(closing[i])) == 0)
			return true;
	return false;
}

/*
 * Wraps text into lines of at most width columns: the first starts with
 * first_prefix, the others with an indent of the same width. Breaks at a
 * space when one is near, else anywhere between characters (Chinese has no
 * spaces to break at).
 */
void rdoc_wrap(struct lines *l, const char *first_prefix, const char *text, int width)
{
	int indent = text_width(first_prefix);
	const char *rest = text;
	bool first = true;

	while (*rest) {
		int avail = width - indent;
		char *piece = text_fit(rest, avail, false);
		size_t take = strlen(piece);
		struct sbuf line = { 0 };

		if (take < strlen(rest)) {
			/* no closing punctuation at the start of a line */
			for (int tries = 0; tries < 3 && take > 0 && starts_closing(rest + take);
			     tries++) {
				size_t back = take - 1;
				while (back > 0 && ((unsigned char)rest[back] & 0xc0) == 0x80)
					back--;
				if (back > 0)
					take = back;
			}
			/* never through an ASCII word or number: break at the space before
			 * it, else just before it ("（330）", not "（33" and "0）") */
			if (take > 0 && is_word_byte(rest[take]) && is_word_byte(rest[take - 1])) {
				size_t w = take;
				while (w > 0 && is_word_byte(rest[w - 1]) && take - w < 16)
					w--;
				if (w > 0 && (rest[w - 1] == ' ' || !is_word_byte(rest[w - 1])))
					take = w;
			}
			/* no opening bracket or quote at the end of a line */
			for (int tries = 0; tries < 2 && take > 0; tries++) {
				size_t back = take - 1;
				while (back > 0 && ((unsigned char)rest[back] & 0xc0) == 0x80)
					back--;
				if (back == 0 || !ends_opening(rest + back))
					break;
				take = back;
			}
		}
		if (take == 0)
			take = 1;
		if (first)
			sbuf_add(&line, first_prefix);
		else
			for (int i = 0; i < indent; i++)
				sbuf_addn(&line, " ", 1);
		sbuf_addn(&line, rest, take);
		while (line.len && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		rdoc_lines_push(l, line.s);
		free(piece);
		rest += take;
		while (*rest == ' ')
			rest++;
		first = false;
	}
}

void rdoc_note(struct doc *d, struct block *b, const char *text)
{
	rdoc_wrap(&b->l, "注：", text, d->width);
}

void rdoc_block_end(struct block *b)
{
	rdoc_lines_push(&b->l, xstrdup(""));
}

