/*
 * Text as Type 3 fonts: each glyph pango shaped is drawn from its outline in
 * the real font. cairo 1.16 (Debian 12) embeds an OpenType/CFF font such as
 * Noto Sans CJK as a CFF subset that it sometimes writes wrong: in a small
 * subset the glyph of 如 comes out unreadable and prints blank (FreeType
 * refuses it; poppler shows nothing). A cairo user font draws the outlines
 * itself, so the PDF gets vector glyphs cairo writes as a Type 3 font, with
 * the text kept (ToUnicode) for search and pdftotext.
 */
#include "pdf_priv.h"

#include <stdlib.h>

#define PDF_FACES_MAX 16
/* outlines are taken at this many units an em: FreeType's 1/64 unit steps
 * are then invisible */
#define OUTLINE_EM 1000.0

struct pdf_face {
	cairo_font_face_t *real;    /* the face pango chose (referenced) */
	cairo_font_face_t *user;    /* the user font drawing its outlines */
};

struct pdf_faces {
	struct pdf_face v[PDF_FACES_MAX];
	int n;
};

static const cairo_user_data_key_t real_key;

static cairo_font_face_t *real_of(cairo_scaled_font_t *sf)
{
	return cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &real_key);
}

/* Sets cr to draw the real face in font units (an em is 1). */
static void real_font(cairo_t *cr, cairo_font_face_t *real)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	cairo_set_font_face(cr, real);
	cairo_scale(cr, 1 / OUTLINE_EM, 1 / OUTLINE_EM);
	cairo_set_font_size(cr, OUTLINE_EM);
}

static cairo_status_t face_init(cairo_scaled_font_t *sf, cairo_t *cr,
				cairo_font_extents_t *extents)
{
	cairo_font_extents_t fe;

	real_font(cr, real_of(sf));
	cairo_font_extents(cr, &fe);
	extents->ascent = fe.ascent / OUTLINE_EM;
	extents->descent = fe.descent / OUTLINE_EM;
	extents->height = fe.height / OUTLINE_EM;
	extents->max_x_advance = fe.max_x_advance / OUTLINE_EM;
	extents->max_y_advance = fe.max_y_advance / OUTLINE_EM;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t face_glyph(cairo_scaled_font_t *sf, unsigned long glyph, cairo_t *cr,
				 cairo_text_extents_t *extents)
{
	cairo_glyph_t g = { glyph, 0, 0 };
	cairo_text_extents_t te;

	extents->x_advance = 0;
	/* pango's empty and unknown glyphs draw nothing */
	if (glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG))
		return CAIRO_STATUS_SUCCESS;
	real_font(cr, real_of(sf));
	cairo_glyph_extents(cr, &g, 1, &te);
	extents->x_advance = te.x_advance / OUTLINE_EM;
	cairo_glyph_path(cr, &g, 1);
	cairo_fill(cr);
	return CAIRO_STATUS_SUCCESS;
}

static cairo_font_face_t *user_face(struct pdf *p, cairo_font_face_t *real)
{
	struct pdf_faces *f = p->faces;
	struct pdf_face *pf;

	if (!f)
		f = p->faces = xcalloc(1, sizeof *f);
	for (int i = 0; i < f->n; i++)
		if (f->v[i].real == real)
			return f->v[i].user;
	if (f->n == PDF_FACES_MAX)
		return NULL;
	pf = &f->v[f->n++];
	pf->real = cairo_font_face_reference(real);
	pf->user = cairo_user_font_face_create();
	cairo_font_face_set_user_data(pf->user, &real_key, pf->real, NULL);
	cairo_user_font_face_set_init_func(pf->user, face_init);
	cairo_user_font_face_set_render_glyph_func(pf->user, face_glyph);
	return pf->user;
}

void pdf_faces_free(struct pdf *p)
{
	if (!p->faces)
		return;
	for (int i = 0; i < p->faces->n; i++) {
		cairo_font_face_destroy(p->faces->v[i].user);
		cairo_font_face_destroy(p->faces->v[i].real);
	}
	free(p->faces);
	p->faces = NULL;
}

/* One run of a line from x (its left) on the baseline y. */
static void show_run(struct pdf *p, const char *text, PangoLayoutRun *run, double x, double y)
{
	PangoGlyphString *gs = run->glyphs;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
	cairo_font_face_t *face = sf ? user_face(p, cairo_scaled_font_get_font_face(sf)) : NULL;
	cairo_glyph_t *g;
	cairo_text_cluster_t *cl;
	PangoGlyphItemIter it;
	cairo_matrix_t fm;
	int ncl = 0, acc = 0;

	if (!face) {        /* more faces than the cache holds: as cairo would */
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_glyph_string(p->cr, run->item->analysis.font, gs);
		return;
	}
	g = xcalloc((size_t)gs->num_glyphs + 1, sizeof *g);
	cl = xcalloc((size_t)gs->num_glyphs + 1, sizeof *cl);
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];
		g[i].index = gi->glyph;
		g[i].x = x + (double)(acc + gi->geometry.x_offset) / PANGO_SCALE;
		g[i].y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
		acc += gi->geometry.width;
	}
	for (gboolean ok = pango_glyph_item_iter_init_start(&it, run, text); ok;
	     ok = pango_glyph_item_iter_next_cluster(&it)) {
		cl[ncl].num_bytes = it.end_index - it.start_index;
		cl[ncl].num_glyphs = abs(it.end_glyph - it.start_glyph);
		ncl++;
	}
	cairo_scaled_font_get_font_matrix(sf, &fm);
	cairo_save(p->cr);
	cairo_set_font_face(p->cr, face);
	cairo_set_font_matrix(p->cr, &fm);
	cairo_show_text_glyphs(p->cr, text + run->item->offset, run->item->length, g,
			       gs->num_glyphs, cl, ncl, 0);
	cairo_restore(p->cr);
	free(g);
	free(cl);
}

void pdf_show_line(struct pdf *p, const char *text, PangoLayoutLine *line, double x, double y)
{
	for (GSList *r = line->runs; r; r = r->next) {
		PangoLayoutRun *run = r->data;
		show_run(p, text, run, x, y);
		x += (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
	}
}

void pdf_show_layout(struct pdf *p, PangoLayout *l, double x, double y)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	const char *text = pango_layout_get_text(l);

	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		pdf_show_line(p, text, pango_layout_iter_get_line_readonly(it),
			      x + (double)r.x / PANGO_SCALE,
			      y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}
