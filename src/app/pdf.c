/*
 * The page engine of the PDF documents: A4 pages with a running header and a
 * "第 n 页 共 m 页" footer, text set by pango in the configured family
 * (fontconfig), paragraphs and tables that break between rows.
 */
#include "app/pdf_engine.h"
#include "pdf_priv.h"
#include "core/i18n.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The engine's table (app/pdf_engine.h): the one symbol cdesk-pdf.so exports. */
__attribute__((visibility("default"))) const struct pdf_engine *cdesk_pdf_engine(void)
{
	static const struct pdf_engine e = {
		.abi = PDF_ENGINE_ABI,
		.version = CDESK_VERSION,
		.app_size = sizeof(struct app),
		.font_warning = pdf_engine_font_warning,
		.report_pdf = pdf_engine_report,
		.case_pdf = pdf_engine_case,
	};
	return &e;
}

/* At exit: the font caches of pango, cairo and fontconfig are given back, so
 * that LeakSanitizer (make SANITIZE=1) sees only leaks of cdesk's own. */
static void release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

/* Registers release_fonts once, before fontconfig is first used. */
static void fonts_at_exit(void)
{
	static bool registered;

	if (!registered) {
		registered = true;
		atexit(release_fonts);
	}
}

char *pdf_engine_font_warning(const struct app *a)
{
	const char *want = a->cfg->print_font && *a->cfg->print_font ? a->cfg->print_font
								     : "Noto Sans CJK SC";
	FcPattern *pat = FcNameParse((const FcChar8 *)"");
	FcPattern *match;
	FcResult res;
	FcChar8 *fam;
	char *warning = NULL;
	bool found = false;

	fonts_at_exit();
	if (!pat)
		return NULL;
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)want);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	for (int i = 0; match && FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (!strcasecmp((const char *)fam, want))
			found = true;
	if (!found)
		warning = xasprintf(R_("warning: [print] font '%s' is not installed: the PDF is set in "
				       "'%s' (fc-list : family lists the fonts)"), want,
				    match && FcPatternGetString(match, FC_FAMILY, 0, &fam) ==
				    FcResultMatch ? (const char *)fam : "?");
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return warning;
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
	sbuf_addn(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

PangoLayout *pdf_layout(struct pdf *p, const char *text, double size, int flags, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttrList *attrs = pango_attr_list_new();
	int align = flags & 0x0f;

	pango_font_description_set_family(fd, p->font);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (flags & PDF_BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (flags & PDF_NUM)
		pango_attr_list_insert(attrs, pango_attr_font_features_new("tnum=1"));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align == PDF_R ? PANGO_ALIGN_RIGHT
				      : align == PDF_C ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

double pdf_text_height(struct pdf *p, const char *text, double size, int flags, double width)
{
	PangoLayout *l = pdf_layout(p, text, size, flags, width);
	int w, h;

	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

double pdf_text(struct pdf *p, double x, double y, double width, const char *text, double size,
		int flags)
{
	PangoLayout *l = pdf_layout(p, text, size, flags, width);
	int w, h;

	pango_layout_get_size(l, &w, &h);
	if (!p->dry) {
		pdf_show_layout(p, l, x, y);
	}
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

void pdf_gray(struct pdf *p, double g)
{
	cairo_set_source_rgb(p->cr, g, g, g);
}

void pdf_rgb(struct pdf *p, double r, double g, double b)
{
	cairo_set_source_rgb(p->cr, r, g, b);
}

void pdf_line(struct pdf *p, double x0, double y0, double x1, double y1, double width)
{
	if (p->dry)
		return;
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y0);
	cairo_line_to(p->cr, x1, y1);
	cairo_stroke(p->cr);
}

void pdf_rect(struct pdf *p, double x, double y, double w, double h, double width, bool fill)
{
	if (p->dry)
		return;
	cairo_rectangle(p->cr, x, y, w, h);
	if (fill) {
		cairo_fill(p->cr);
		return;
	}
	cairo_set_line_width(p->cr, width);
	cairo_stroke(p->cr);
}

static void footer(struct pdf *p)
{
	char buf[64];

	snprintf(buf, sizeof buf, "第 %d 页 共 %d 页", p->page, p->npages ? p->npages : p->page);
	pdf_gray(p, 0.25);
	pdf_text(p, PDF_LEFT, PDF_A4_H - 14 * PDF_MM, PDF_WIDTH, buf, 8.5, PDF_C | PDF_NUM);
	pdf_gray(p, 0);
}

void pdf_new_page(struct pdf *p)
{
	if (p->page > 0) {
		footer(p);
		if (!p->dry)
			cairo_show_page(p->cr);
	}
	p->page++;
	p->y = PDF_TOP;
	if (!p->head_left || (p->page == 1 && !p->first_head)) {
		p->y = 18 * PDF_MM;
		return;
	}
	pdf_gray(p, 0.2);
	pdf_text(p, PDF_LEFT, 12 * PDF_MM, PDF_WIDTH * 0.55, p->head_left, 8.5, PDF_L);
	if (p->head_right)
		pdf_text(p, PDF_LEFT + PDF_WIDTH * 0.4, 12 * PDF_MM, PDF_WIDTH * 0.6, p->head_right,
			 8.5, PDF_R);
	pdf_line(p, PDF_LEFT, 17.5 * PDF_MM, PDF_RIGHT, 17.5 * PDF_MM, 0.6);
	pdf_gray(p, 0);
}

void pdf_need(struct pdf *p, double h)
{
	if (p->y + h > PDF_BOTTOM)
		pdf_new_page(p);
}

/* Draws l at PDF_LEFT from p->y line by line, a new page where a line does
 * not fit; p->y ends under its last line. */
static void flow_lines(struct pdf *p, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double shift = p->y;

	do {
		PangoRectangle r;
		double y0, h;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		y0 = (double)r.y / PANGO_SCALE;
		h = (double)r.height / PANGO_SCALE;
		if (y0 + shift + h > PDF_BOTTOM) {
			pdf_new_page(p);
			shift = p->y - y0;
		}
		if (!p->dry) {
			pdf_show_line(p, pango_layout_get_text(l), pango_layout_iter_get_line_readonly(it),
				      PDF_LEFT + (double)r.x / PANGO_SCALE,
				      shift + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
		}
		p->y = y0 + shift + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

void pdf_para(struct pdf *p, const char *text, double size, int flags)
{
	PangoLayout *l = pdf_layout(p, text, size, flags, PDF_WIDTH);
	int w, h, lines = pango_layout_get_line_count(l);

	pango_layout_get_size(l, &w, &h);
	/* a short paragraph is kept whole; a long one starts where it is, with
	 * at least two lines, and breaks between lines */
	if (lines <= 3 || (double)h / PANGO_SCALE <= PDF_BOTTOM - p->y)
		pdf_need(p, (double)h / PANGO_SCALE);
	else
		pdf_need(p, 2.0 * h / PANGO_SCALE / lines);
	flow_lines(p, l);
	g_object_unref(l);
	p->y += 3;
}

void pdf_heading(struct pdf *p, const char *text, double keep)
{
	double h = pdf_text_height(p, text, 11.5, PDF_BOLD, PDF_WIDTH);

	p->y += 6;
	pdf_need(p, h + 4 + keep);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, text, 11.5, PDF_BOLD) + 4;
}

/* ---- tables ---- */

#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.0

static double col_width(const struct pdf *p, int i)
{
	double used = 0;

	if (p->cols[i].width > 0)
		return p->cols[i].width;
	for (int j = 0; j < p->ncols; j++)
		used += p->cols[j].width;
	return PDF_WIDTH - used;
}

static double row_height(struct pdf *p, const char *const *cells, int bold)
{
	double h = 0;

	for (int i = 0; i < p->ncols; i++) {
		double w = col_width(p, i) - 2 * CELL_PAD_X;
		double ch = pdf_text_height(p, cells[i], PDF_SIZE, p->cols[i].align | bold, w);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD_Y;
}

static void draw_row(struct pdf *p, const char *const *cells, int bold, double h)
{
	double x = PDF_LEFT;

	for (int i = 0; i < p->ncols; i++) {
		double w = col_width(p, i);
		int align = p->cols[i].align;
		/* a header over numbers is right-aligned like them, never in tabular figures */
		if (bold)
			align &= ~PDF_NUM;
		pdf_text(p, x + CELL_PAD_X, p->y + CELL_PAD_Y, w - 2 * CELL_PAD_X, cells[i], PDF_SIZE,
			 align | bold);
		x += w;
	}
	p->y += h;
}

static void table_header(struct pdf *p)
{
	const char *titles[16];
	double h;

	for (int i = 0; i < p->ncols && i < 16; i++)
		titles[i] = p->cols[i].title;
	h = row_height(p, titles, PDF_BOLD);
	pdf_gray(p, 0.9);
	pdf_rect(p, PDF_LEFT, p->y, PDF_WIDTH, h, 0, true);
	pdf_gray(p, 0);
	pdf_line(p, PDF_LEFT, p->y, PDF_RIGHT, p->y, 0.8);
	draw_row(p, titles, PDF_BOLD, h);
	pdf_line(p, PDF_LEFT, p->y, PDF_RIGHT, p->y, 0.5);
}

void pdf_table(struct pdf *p, const struct pdf_col *cols, int ncols)
{
	p->cols = cols;
	p->ncols = ncols < 16 ? ncols : 16;
	pdf_need(p, 3 * (PDF_SIZE * 1.5 + 2 * CELL_PAD_Y));
	table_header(p);
}

void pdf_row(struct pdf *p, const char *const *cells)
{
	double h = row_height(p, cells, 0), keep = 0;

	if (p->rows_left > 0 && --p->rows_left == 0)
		keep = p->keep;
	if (p->y + h + keep > PDF_BOTTOM) {
		pdf_line(p, PDF_LEFT, p->y, PDF_RIGHT, p->y, 0.8);
		pdf_new_page(p);
		table_header(p);
	}
	draw_row(p, cells, 0, h);
	pdf_gray(p, 0.75);
	pdf_line(p, PDF_LEFT, p->y, PDF_RIGHT, p->y, 0.3);
	pdf_gray(p, 0);
}

void pdf_table_end(struct pdf *p)
{
	pdf_line(p, PDF_LEFT, p->y, PDF_RIGHT, p->y, 0.8);
	p->y += 5;
	p->cols = NULL;
	p->ncols = 0;
	p->rows_left = 0;
}

void pdf_table_keep(struct pdf *p, int nrows, double keep)
{
	p->rows_left = nrows;
	p->keep = keep;
}

/* ---- the two passes ---- */

static int pass(struct pdf *p, cairo_write_func_t write, void *closure,
		void (*draw)(struct pdf *, void *), void *arg, struct err *err)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write, closure, PDF_A4_W, PDF_A4_H);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_status_t st;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "cdesk " CDESK_VERSION);
	if (p->head_right)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, p->head_right);
	p->cr = cairo_create(s);
	p->pc = pango_cairo_create_context(p->cr);
	/* Simplified Chinese: a font fallback picks SC glyphs, never JP or TC */
	pango_context_set_language(p->pc, pango_language_from_string("zh-cn"));
	/* the same metrics in both passes and at any resolution */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pc, fo);
	cairo_font_options_destroy(fo);
	p->page = 0;
	p->cols = NULL;
	pdf_new_page(p);
	draw(p, arg);
	footer(p);
	cairo_show_page(p->cr);
	g_object_unref(p->pc);
	cairo_destroy(p->cr);
	pdf_faces_free(p);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(err, ERR_FAIL, "drawing the PDF: %s", cairo_status_to_string(st));
	return 0;
}

int pdf_run(const char *font, const char *head_left, const char *head_right, bool first_head,
	    void (*draw)(struct pdf *p, void *arg), void *arg, struct sbuf *out, struct err *err)
{
	struct pdf p = { 0 };
	struct sbuf doc = { 0 };
	int rc;

	fonts_at_exit();
	p.font = font && *font ? font : "Noto Sans CJK SC";
	p.head_left = head_left;
	p.head_right = head_right;
	p.first_head = first_head;
	p.dry = true;
	if ((rc = pass(&p, discard, NULL, draw, arg, err)))
		return rc;
	p.npages = p.page;
	p.dry = false;
	if ((rc = pass(&p, append, &doc, draw, arg, err))) {
		sbuf_free(&doc);
		return rc;
	}
	sbuf_addn(out, doc.s, doc.len);
	sbuf_free(&doc);
	return 0;
}
