/* Private to the report's text forms (report_text.c, report_doc.c): lines, blocks and tables laid out by display width. */
#ifndef CDESK_CORE_REPORT_DOC_H
#define CDESK_CORE_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/text.h"

/* Lines of text, kept in chunks of the struct's own (no allocation a line). */
struct lines {
	char **v;
	int n, cap;
	char **chunks;
	int nchunks, capchunks;
	size_t used, size;          /* of the last chunk */
};

/* A section: its lines, of which the first head repeat on a continued page. */
struct block {
	struct lines l;
	int head;
};

struct doc {
	struct block *b;
	int n, cap;
	int width;
	bool utf8;              /* bars in block characters (screen only) */
	int bar_cols;           /* 0: no bars (print) */
	struct sbuf scratch;    /* where a table row is laid out before it is kept */
};

struct col {
	const char *title;
	int width;
	bool right;
};

/* Keeps a copy of s (then freed) as l's next line. */
void rdoc_lines_push(struct lines *l, char *s);
/* Keeps a copy of the len bytes at s as l's next line. */
void rdoc_lines_push_n(struct lines *l, const char *s, size_t len);
void rdoc_lines_free(struct lines *l);
struct block *rdoc_doc_block(struct doc *d);
void rdoc_doc_free(struct doc *d);
void rdoc_cell(struct sbuf *line, const char *s, int width, bool right);
char *rdoc_row_line(const struct col *cols, int ncols, const char *const *cells);
int rdoc_cols_width(const struct col *cols, int ncols);
char *rdoc_rule_line(int width, char ch);
struct block *rdoc_table_start(struct doc *d, const char *title, const struct col *cols, int ncols);
void rdoc_add_bar(const struct doc *d, struct sbuf *line, long n, long max, int cols);
void rdoc_table_row(struct doc *d, struct block *b, const struct col *cols, int ncols, const char *const *cells, long bar_n, long bar_max);
void rdoc_wrap(struct lines *l, const char *first_prefix, const char *text, int width);
void rdoc_note(struct doc *d, struct block *b, const char *text);
void rdoc_block_end(struct block *b);

#endif
