/*
 * A case's documents as A4 PDF: the registration form (《医院投诉登记表》,
 * 第十八条) with a box for each field and the complainant's account wrapped
 * in its box, and the reply letter under the hospital's letterhead with room
 * for the seal. The wording follows data/templates/.
 */
#include "core/template.h"
#include "pdf_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_W 64.0
#define PAD 4.0
#define MIN_ROW 21.0

struct doc_arg {
	const struct app *a;
	const struct template_var *vars;    /* the template's values (app_document.c) */
	int nvars;
};

/* The value of placeholder name, "" when it has none. */
static const char *var(const struct doc_arg *d, const char *name)
{
	for (int i = 0; i < d->nvars; i++)
		if (!strcmp(d->vars[i].name, name))
			return d->vars[i].value ? d->vars[i].value : "";
	return "";
}

/* "2026-07-06 10:00" as 2026年7月6日 into buf; "" when t is not such a time. */
static char *zh_date_of(const char *t, char buf[32])
{
	int y, m, dd;

	buf[0] = '\0';
	if (sscanf(t, "%d-%d-%d", &y, &m, &dd) == 3)
		snprintf(buf, 32, "%d年%d月%d日", y, m, dd);
	return buf;
}

/* ---- the form ---- */

struct cell {
	const char *label;
	const char *value;
	double share;               /* of the row's width */
};

/* One row of boxes, each a shaded label and its value, never split. */
static void box_row(struct pdf *p, const struct cell *c, int n)
{
	double h = MIN_ROW, x = PDF_LEFT;

	for (int i = 0; i < n; i++) {
		double w = PDF_WIDTH * c[i].share - LABEL_W - 2 * PAD;
		double th = pdf_text_height(p, c[i].value, PDF_SIZE + 0.5, PDF_L, w) + 2 * PAD;
		double lh = pdf_text_height(p, c[i].label, 8.5, PDF_BOLD, LABEL_W - 2 * PAD) + 2 * PAD + 1;
		if (th > h)
			h = th;
		if (lh > h)
			h = lh;
	}
	pdf_need(p, h);
	for (int i = 0; i < n; i++) {
		double w = PDF_WIDTH * c[i].share;
		pdf_gray(p, 0.93);
		pdf_rect(p, x, p->y, LABEL_W, h, 0, true);
		pdf_gray(p, 0);
		pdf_rect(p, x, p->y, w, h, 0.7, false);
		pdf_line(p, x + LABEL_W, p->y, x + LABEL_W, p->y + h, 0.5);
		pdf_text(p, x + PAD, p->y + PAD + 1, LABEL_W - 2 * PAD, c[i].label, 8.5, PDF_L | PDF_BOLD);
		pdf_text(p, x + LABEL_W + PAD, p->y + PAD, w - LABEL_W - 2 * PAD, c[i].value,
			 PDF_SIZE + 0.5, PDF_L | PDF_NUM);
		x += w;
	}
	p->y += h;
}

static void box_edges(struct pdf *p, double top, double bottom)
{
	pdf_rect(p, PDF_LEFT, top, PDF_WIDTH, bottom - top, 0.7, false);
}

/*
 * A box the full width with its label on top and text wrapped inside, at
 * least min_h high; a text longer than the page goes on in a box on the next
 * page, line by line.
 */
static void text_box(struct pdf *p, const char *label, const char *text, double min_h)
{
	PangoLayout *l = pdf_layout(p, text && *text ? text : "", PDF_SIZE + 0.5, PDF_L,
				    PDF_WIDTH - 2 * PAD - 6);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double top, lh = (PDF_SIZE + 0.5) * 1.6, shift = 0;
	bool first_line = true;

	pdf_need(p, 20 + 3 * lh);
	top = p->y;
	pdf_gray(p, 0.93);
	pdf_rect(p, PDF_LEFT, top, PDF_WIDTH, 17, 0, true);
	pdf_gray(p, 0);
	pdf_text(p, PDF_LEFT + PAD, top + 3, PDF_WIDTH, label, 8.5, PDF_L | PDF_BOLD);
	pdf_line(p, PDF_LEFT, top + 17, PDF_RIGHT, top + 17, 0.5);
	p->y = top + 17 + PAD;
	do {
		PangoRectangle r;
		int base = pango_layout_iter_get_baseline(it);
		double y0, h;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		h = (double)r.height / PANGO_SCALE;
		y0 = (double)r.y / PANGO_SCALE;
		if (first_line)
			shift = p->y - y0;
		first_line = false;
		if (y0 + shift + h > PDF_BOTTOM) {
			box_edges(p, top, p->y + PAD);
			pdf_new_page(p);
			top = p->y;
			pdf_gray(p, 0.4);
			pdf_text(p, PDF_LEFT + PAD, top + 3, PDF_WIDTH, "（续）", 8, PDF_L);
			pdf_gray(p, 0);
			shift = top + 16 - y0;
		}
		if (!p->dry) {
			pdf_show_line(p, pango_layout_get_text(l), pango_layout_iter_get_line_readonly(it),
				      PDF_LEFT + PAD + 3 + (double)r.x / PANGO_SCALE,
				      shift + (double)base / PANGO_SCALE);
		}
		p->y = y0 + shift + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	if (p->y + PAD < top + min_h)
		p->y = top + min_h - PAD;
	pdf_need(p, PAD);
	p->y += PAD;
	box_edges(p, top, p->y);
}

static void sign_line(struct pdf *p, const char *who)
{
	double y = p->y + 24;

	pdf_text(p, PDF_LEFT, y - 13, 80, who, PDF_SIZE + 0.5, PDF_L);
	pdf_line(p, PDF_LEFT + 72, y, PDF_LEFT + 250, y, 0.6);
	pdf_text(p, PDF_LEFT + 290, y - 13, PDF_WIDTH - 290, "日期：　　　　年　　月　　日",
		 PDF_SIZE + 0.5, PDF_L);
	p->y = y + 8;
}

static void draw_form(struct pdf *p, void *arg)
{
	const struct doc_arg *d = arg;
	char buf[96];

	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, "医院投诉登记表", 18, PDF_C | PDF_BOLD) + 8;
	snprintf(buf, sizeof buf, "编号：%s", var(d, "number"));
	pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH / 2, buf, PDF_SIZE + 0.5, PDF_L | PDF_NUM);
	snprintf(buf, sizeof buf, "登记时间：%s", var(d, "received"));
	p->y += pdf_text(p, PDF_LEFT + PDF_WIDTH / 2, p->y, PDF_WIDTH / 2, buf, PDF_SIZE + 0.5,
			 PDF_R | PDF_NUM) + 5;
	{
		const struct cell r1[] = { { "来源渠道", var(d, "channel"), 0.34 },
					   { "类型", var(d, "kind"), 0.33 },
					   { "处理级别", var(d, "class"), 0.33 } };
		const struct cell r2[] = { { "投诉人", var(d, "name"), 0.34 },
					   { "联系电话", var(d, "phone"), 0.33 },
					   { "与患者关系", var(d, "relation"), 0.33 } };
		const struct cell r3[] = { { "联系地址", var(d, "address"), 1 } };
		const struct cell r4[] = { { "投诉人数", var(d, "group_size"), 0.34 },
					   { "代表", var(d, "representatives"), 0.66 } };
		const struct cell r5[] = { { "患者姓名", var(d, "patient_name"), 0.34 },
					   { "病历/住院号", var(d, "patient_record"), 0.33 },
					   { "就诊日期", var(d, "visit_date"), 0.33 } };
		const struct cell r6[] = { { "被投诉科室", var(d, "unit"), 0.5 },
					   { "涉及人员", var(d, "staff"), 0.5 } };
		box_row(p, r1, 3);
		box_row(p, r2, 3);
		box_row(p, r3, 1);
		box_row(p, r4, 2);
		box_row(p, r5, 3);
		box_row(p, r6, 2);
	}
	text_box(p, "投诉内容（投诉人陈述）", var(d, "account"), 150);
	text_box(p, "投诉诉求", var(d, "demand"), 50);
	{
		const struct cell r7[] = { { "索赔金额（元）", var(d, "claim"), 0.4 },
					   { "承办部门", var(d, "depts"), 0.6 } };
		const struct cell r8[] = { { "答复期限", var(d, "due"), 0.4 },
					   { "接待人（首诉负责）", var(d, "receiver"), 0.6 } };
		box_row(p, r7, 2);
		box_row(p, r8, 2);
	}
	pdf_need(p, 100);
	p->y += 10;
	pdf_para(p, "以上内容已向本人宣读（或经本人阅读），与本人所述一致。", PDF_SIZE + 0.5, PDF_L);
	sign_line(p, "投诉人签名：");
	sign_line(p, "接待人签名：");
}

/* ---- the letter ---- */

static void letterhead(struct pdf *p, const struct app *a)
{
	const char *head = a->cfg->letterhead && *a->cfg->letterhead ? a->cfg->letterhead
								     : a->cfg->site_name;

	pdf_rgb(p, 0.62, 0.08, 0.08);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, head ? head : "", 19, PDF_C | PDF_BOLD) + 3;
	if (a->cfg->letterhead_note && *a->cfg->letterhead_note)
		p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, a->cfg->letterhead_note, 8.5,
				 PDF_C | PDF_NUM) + 3;
	pdf_line(p, PDF_LEFT, p->y + 2, PDF_RIGHT, p->y + 2, 1.6);
	pdf_line(p, PDF_LEFT, p->y + 5, PDF_RIGHT, p->y + 5, 0.5);
	pdf_gray(p, 0);
	p->y += 22;
}

static void seal_block(struct pdf *p, const struct app *a, const char *date)
{
	double x = PDF_LEFT + PDF_WIDTH * 0.55, w = PDF_WIDTH * 0.45, cy;

	pdf_need(p, 140);
	p->y += 30;
	cy = p->y + 22;
	/* the seal goes over the signature: a dashed circle marks its room */
	pdf_gray(p, 0.7);
	if (!p->dry) {
		const double dash[] = { 3, 3 };
		cairo_set_dash(p->cr, dash, 2, 0);
		cairo_set_line_width(p->cr, 0.6);
		cairo_new_sub_path(p->cr);
		cairo_arc(p->cr, x + w / 2, cy, 21 * PDF_MM, 0, 2 * G_PI);
		cairo_stroke(p->cr);
		cairo_set_dash(p->cr, NULL, 0, 0);
	}
	pdf_text(p, x, cy - 50, w, "（盖章）", 8, PDF_C);
	pdf_gray(p, 0);
	p->y += pdf_text(p, x, p->y, w, a->cfg->site_name ? a->cfg->site_name : "", PDF_SIZE + 1.5,
			 PDF_C) + 6;
	p->y += pdf_text(p, x, p->y, w, date, PDF_SIZE + 1.5, PDF_C | PDF_NUM);
	p->y = cy + 21 * PDF_MM + 6;
}

/* The letter's date: the reply's day ({{reply_date}} where the templates have
 * it, else the day it was sent), the day of printing while it is a draft. */
static const char *letter_date(const struct doc_arg *d, char buf[32])
{
	if (*var(d, "reply_date"))
		return var(d, "reply_date");
	if (*zh_date_of(var(d, "replied_at"), buf))
		return buf;
	return var(d, "today");
}

static void draw_letter(struct pdf *p, void *arg)
{
	const struct doc_arg *d = arg;
	char buf[1024], date[32];
	const double size = PDF_SIZE + 2;
	char *reply = xstrdup(var(d, "reply")), *line, *save = NULL;

	letterhead(p, d->a);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, "投诉答复函", 17, PDF_C | PDF_BOLD) + 6;
	snprintf(buf, sizeof buf, "编号：%s", var(d, "number"));
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, buf, PDF_SIZE, PDF_R | PDF_NUM) + 14;
	snprintf(buf, sizeof buf, "%s：", var(d, "salutation"));
	pdf_para(p, buf, size, PDF_L);
	snprintf(buf, sizeof buf, "　　您于 %s 通过%s反映的问题我院已收悉。经%s调查核实，现答复如下：",
		 var(d, "received_date"), var(d, "channel"), var(d, "depts"));
	pdf_para(p, buf, size, PDF_L);
	for (line = strtok_r(reply, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *para = xasprintf("　　%s", line);
		pdf_para(p, para, size, PDF_L);
		free(para);
	}
	free(reply);
	pdf_para(p, "　　如对本答复有异议，可自收到本答复之日起三十日内向我院医患关系协调办公室"
		    "（投诉科）申请复核。", size, PDF_L);
	seal_block(p, d->a, letter_date(d, date));
}

/* ---- any other document: its filled template, line for line ---- */

#define MONO "Noto Sans Mono CJK SC"
#define MONO_SIZE 10.5          /* 80 columns of half an em: 420 pt of the 482 */


/* The template's lines in a monospaced CJK face, so its spacing lines up as
 * on the 80-column printout (a CJK character is two columns, one em); a form
 * feed starts a page. */
static void draw_text(struct pdf *p, void *arg)
{
	const char *font = p->font;
	char *text = xstrdup(arg ? arg : ""), *line = text;

	p->font = MONO;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line == '\f') {
			pdf_new_page(p);
			line++;
		}
		pdf_need(p, MONO_SIZE * 1.6);
		p->y += pdf_text(p, PDF_LEFT, p->y, 0, *line ? line : " ", MONO_SIZE, PDF_L) +
			MONO_SIZE * 0.25;
		line = nl ? nl + 1 : NULL;
	}
	p->font = font;
	free(text);
}

static int run_doc(const struct app *a, const struct template_var *vars, int nvars,
		   const char *text, int kind, struct sbuf *out, struct err *err)
{
	struct doc_arg d = { a, vars, nvars };
	static const char *const titles[] = { "医院投诉登记表", "投诉答复函", "告知书" };
	char title[64];

	snprintf(title, sizeof title, "%s　%s", titles[kind], var(&d, "number"));
	if (kind == 2)
		return pdf_run(a->cfg->print_font, a->cfg->site_name, title, false, draw_text,
			       (void *)text, out, err);
	return pdf_run(a->cfg->print_font, a->cfg->site_name, title, kind == 0,
		       kind == 1 ? draw_letter : draw_form, &d, out, err);
}

static int form_pdf(const struct app *a, const struct template_var *vars, int nvars,
		    const char *text, struct sbuf *out, struct err *err)
{
	return run_doc(a, vars, nvars, text, 0, out, err);
}

static int letter_pdf(const struct app *a, const struct template_var *vars, int nvars,
		      const char *text, struct sbuf *out, struct err *err)
{
	return run_doc(a, vars, nvars, text, 1, out, err);
}

/* A document the PDF has no layout of its own for (the notices): the text. */
static int text_pdf(const struct app *a, const struct template_var *vars, int nvars,
		    const char *text, struct sbuf *out, struct err *err)
{
	return run_doc(a, vars, nvars, text, 2, out, err);
}

/* Through app_document.c: the case read, its values and the refusals exactly
 * as for the text (the letter of a case without a reply, …). */
int pdf_engine_case(struct app *a, struct store *st, enum app_document doc, const char *number,
		    struct sbuf *out, char *number_out, struct err *err)
{
	return app_case_document_draw(a, st, doc, number,
				      doc == APP_DOC_LETTER ? letter_pdf
				      : doc == APP_DOC_FORM ? form_pdf : text_pdf,
				      out, number_out, err);
}
