/*
 * The page engine of the PDF documents (pdf.c), for pdf_report.c,
 * pdf_chart.c and pdf_form.c. A document is drawn twice by the same
 * function: a first pass only measures and counts the pages, the second
 * draws them, so every footer can say "第 n 页 共 m 页". Lengths are in
 * points (1/72 inch); y grows down the page.
 */
#ifndef CDESK_APP_PDF_PRIV_H
#define CDESK_APP_PDF_PRIV_H

#include <stdbool.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "app/app.h"
#include "core/err.h"
#include "core/util.h"

#define PDF_A4_W 595.276
#define PDF_A4_H 841.890
#define PDF_MM (72.0 / 25.4)
#define PDF_LEFT (20 * PDF_MM)
#define PDF_RIGHT (PDF_A4_W - 20 * PDF_MM)
#define PDF_TOP (27 * PDF_MM)           /* where the body starts, under the header */
#define PDF_BOTTOM (PDF_A4_H - 22 * PDF_MM)
#define PDF_WIDTH (PDF_RIGHT - PDF_LEFT)

#define PDF_SIZE 9.5                    /* body text, points */

enum pdf_align { PDF_L, PDF_C, PDF_R };
/* Text flags: or'ed with the alignment. */
#define PDF_BOLD 0x10
#define PDF_NUM 0x20                    /* tabular figures */

struct pdf_faces;

struct pdf {
	cairo_t *cr;
	PangoContext *pc;
	struct pdf_faces *faces;    /* the Type 3 faces drawn (pdf_glyphs.c) */
	bool dry;                   /* the measuring pass: nothing drawn */
	int page, npages;           /* npages: counted by the first pass */
	double y;                   /* where the next block goes */
	const char *font;           /* the family (fontconfig) */
	const char *head_left;      /* the running header; NULL: none */
	const char *head_right;
	bool first_head;            /* the header on the first page too */
	/* a table being drawn: its header repeats on a new page */
	const struct pdf_col *cols;
	int ncols;
	int rows_left;              /* rows still to come, when pdf_table_keep was told */
	double keep;                /* points kept with the last row (its note) */
};

struct pdf_col {
	const char *title;
	double width;               /* points; the last column takes what is left when 0 */
	int align;                  /* enum pdf_align, | PDF_NUM for numbers */
};

/* The entries of the engine's table (app/pdf_engine.h), as app/pdf.h's
 * app_pdf_font_warning, app_report_pdf and app_case_pdf describe them. */
char *pdf_engine_font_warning(const struct app *a);
int pdf_engine_report(struct app *a, const struct report *r, struct sbuf *out, struct err *err);
int pdf_engine_case(struct app *a, struct store *st, enum app_document doc, const char *number,
		    struct sbuf *out, char *number_out, struct err *err);

/* Draws a document with draw(p, arg) twice and appends the PDF to out. */
int pdf_run(const char *font, const char *head_left, const char *head_right, bool first_head,
	    void (*draw)(struct pdf *p, void *arg), void *arg, struct sbuf *out, struct err *err);

/* A layout of text in the family at size points, wrapped at width (0: not
 * wrapped), flags as for pdf_text. To unref. */
PangoLayout *pdf_layout(struct pdf *p, const char *text, double size, int flags, double width);
/* The height text takes wrapped at width. */
double pdf_text_height(struct pdf *p, const char *text, double size, int flags, double width);
/* Draws text at x, y (its top) in a box width wide, aligned by flags;
 * returns its height. */
double pdf_text(struct pdf *p, double x, double y, double width, const char *text, double size,
		int flags);
/* Starts a new page (the header drawn, y at the top). */
void pdf_new_page(struct pdf *p);
/* Makes room for h points: a new page when they do not fit below y. */
void pdf_need(struct pdf *p, double h);
/* A paragraph wrapped to the body width at y; y moves under it. */
void pdf_para(struct pdf *p, const char *text, double size, int flags);
/* A section heading kept with at least keep points of what follows. */
void pdf_heading(struct pdf *p, const char *text, double keep);
/* Text drawn as Type 3 glyphs from the fonts' outlines (pdf_glyphs.c): a
 * layout with its top left at x, y; one line of layout text from x on the
 * baseline y. pdf_faces_free frees what they made, at the end of a pass. */
void pdf_show_layout(struct pdf *p, PangoLayout *l, double x, double y);
void pdf_show_line(struct pdf *p, const char *text, PangoLayoutLine *line, double x, double y);
void pdf_faces_free(struct pdf *p);

/* Lines and boxes, in the current colour; width in points. */
void pdf_line(struct pdf *p, double x0, double y0, double x1, double y1, double width);
void pdf_rect(struct pdf *p, double x, double y, double w, double h, double width, bool fill);
void pdf_gray(struct pdf *p, double g);
void pdf_rgb(struct pdf *p, double r, double g, double b);

/* A table: pdf_table opens it with its header row (on a new page when even
 * the header and one row do not fit); pdf_row adds a row, never split: when
 * it does not fit, the table continues on a new page under its header again.
 * pdf_table_end closes it with a rule. */
void pdf_table(struct pdf *p, const struct pdf_col *cols, int ncols);
void pdf_row(struct pdf *p, const char *const *cells);
void pdf_table_end(struct pdf *p);
/* The table has nrows rows more, and its last row goes with keep points of
 * what follows (the note under it): never a note alone on a new page. */
void pdf_table_keep(struct pdf *p, int nrows, double keep);

#endif
