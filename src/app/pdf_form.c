/*
 * A case's documents as A4 PDF: the registration form (《医院投诉登记表》,
 * 第十八条) with a box for each field and the complainant's account wrapped
 * in its box, and the reply letter under the hospital's letterhead with room
 * for the seal. The wording follows data/templates/.
 */
#include "app/pdf.h"
#include "core/cases.h"
#include "core/money.h"
#include "core/store.h"
#include "pdf_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_W 64.0
#define PAD 4.0
#define MIN_ROW 21.0

struct doc_arg {
	const struct app *a;
	const struct case_record *rec;
	const char *depts;          /* by name, lead first */
	const char *reply;
};

static char *short_time(struct cdatetime t, char buf[20])
{
	buf[0] = '\0';
	if (t.day != CDATE_NONE) {
		datetime_format(t, buf);
		buf[16] = '\0';
	}
	return buf;
}

static char *zh_date(cdate d, char buf[32])
{
	int y, m, dd;

	buf[0] = '\0';
	if (d != CDATE_NONE) {
		date_to_ymd(d, &y, &m, &dd);
		snprintf(buf, 32, "%d年%d月%d日", y, m, dd);
	}
	return buf;
}

/* The reply sent, else the newest approved draft; NULL when there is none. */
static const char *reply_of(const struct case_record *rec)
{
	if (rec->reply_text && *rec->reply_text)
		return rec->reply_text;
	for (int i = rec->ndrafts - 1; i >= 0; i--)
		if (rec->drafts[i].state == DRAFT_APPROVED)
			return rec->drafts[i].text;
	return NULL;
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
			cairo_move_to(p->cr, PDF_LEFT + PAD + 3, shift + (double)base / PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
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
	const struct case_record *rec = d->rec;
	char received[20], due[20], visit[11] = "", claim[32] = "", group[16], buf[96];
	const char *name = rec->anonymous ? "（匿名）" : rec->name;

	if (rec->visit_date != CDATE_NONE)
		date_format(rec->visit_date, visit);
	if (rec->claim_fen > 0)
		money_format_as(rec->claim_fen, MONEY_GROUPED, claim, sizeof claim);
	snprintf(group, sizeof group, "%d", rec->group_size > 0 ? rec->group_size : 1);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, "医院投诉登记表", 18, PDF_C | PDF_BOLD) + 8;
	snprintf(buf, sizeof buf, "编号：%s", rec->number);
	pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH / 2, buf, PDF_SIZE + 0.5, PDF_L | PDF_NUM);
	snprintf(buf, sizeof buf, "登记时间：%s", short_time(rec->received, received));
	p->y += pdf_text(p, PDF_LEFT + PDF_WIDTH / 2, p->y, PDF_WIDTH / 2, buf, PDF_SIZE + 0.5,
			 PDF_R | PDF_NUM) + 5;
	{
		const struct cell r1[] = { { "来源渠道", channel_label(rec->channel), 0.34 },
					   { "类型", kind_label(rec->kind), 0.33 },
					   { "处理级别", class_label(rec->hclass), 0.33 } };
		const struct cell r2[] = { { "投诉人", name, 0.34 },
					   { "联系电话", rec->anonymous ? "" : rec->phone, 0.33 },
					   { "与患者关系", rec->relation, 0.33 } };
		const struct cell r3[] = { { "联系地址", rec->anonymous ? "" : rec->address, 1 } };
		const struct cell r4[] = { { "投诉人数", group, 0.34 },
					   { "代表", rec->representatives, 0.66 } };
		const struct cell r5[] = { { "患者姓名", rec->patient_name, 0.34 },
					   { "病历/住院号", rec->patient_record, 0.33 },
					   { "就诊日期", visit, 0.33 } };
		const struct cell r6[] = { { "被投诉科室", rec->unit, 0.5 },
					   { "涉及人员", rec->staff, 0.5 } };
		box_row(p, r1, 3);
		box_row(p, r2, 3);
		box_row(p, r3, 1);
		box_row(p, r4, 2);
		box_row(p, r5, 3);
		box_row(p, r6, 2);
	}
	text_box(p, "投诉内容（投诉人陈述）", rec->text, 150);
	text_box(p, "投诉诉求", rec->demand, 50);
	{
		const struct cell r7[] = { { "索赔金额（元）", claim, 0.4 },
					   { "承办部门", d->depts, 0.6 } };
		const struct cell r8[] = { { "答复期限", short_time(rec->due, due), 0.4 },
					   { "接待人（首诉负责）", rec->receiver, 0.6 } };
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

static void seal_block(struct pdf *p, const struct app *a, cdate day)
{
	char date[32];
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
	p->y += pdf_text(p, x, p->y, w, zh_date(day, date), PDF_SIZE + 1.5, PDF_C | PDF_NUM);
	p->y = cy + 21 * PDF_MM + 6;
}

static void draw_letter(struct pdf *p, void *arg)
{
	const struct doc_arg *d = arg;
	const struct case_record *rec = d->rec;
	char buf[1024], rd[32];
	const char *salutation = !rec->anonymous && rec->name && *rec->name ? rec->name : "投诉人";
	const double size = PDF_SIZE + 2;
	char *reply = xstrdup(d->reply ? d->reply : ""), *line, *save = NULL;

	letterhead(p, d->a);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, "投诉答复函", 17, PDF_C | PDF_BOLD) + 6;
	snprintf(buf, sizeof buf, "编号：%s", rec->number);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, buf, PDF_SIZE, PDF_R | PDF_NUM) + 14;
	snprintf(buf, sizeof buf, "%s：", salutation);
	pdf_para(p, buf, size, PDF_L);
	snprintf(buf, sizeof buf, "　　您于 %s 通过%s反映的问题我院已收悉。经%s调查核实，现答复如下：",
		 zh_date(rec->received.day, rd), channel_label(rec->channel), d->depts);
	pdf_para(p, buf, size, PDF_L);
	for (line = strtok_r(reply, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *para = xasprintf("　　%s", line);
		pdf_para(p, para, size, PDF_L);
		free(para);
	}
	free(reply);
	pdf_para(p, "　　如对本答复有异议，可自收到本答复之日起三十日内向我院医患关系协调办公室"
		    "（投诉科）申请复核。", size, PDF_L);
	seal_block(p, d->a, rec->replied_at.day != CDATE_NONE ? rec->replied_at.day : d->a->at.day);
}

int app_case_pdf(struct app *a, struct store *st, enum app_document doc, const char *number,
		 struct sbuf *out, char *number_out, struct err *err)
{
	struct ruleset *rs;
	struct store *own = NULL;
	struct case_record rec;
	struct sbuf depts = { 0 };
	int rc;

	if ((rc = app_rules(a, &rs, err)))
		return rc;
	if (!st && (rc = app_open_store(a, false, &own, err)))
		return rc;
	memset(&rec, 0, sizeof rec);
	if ((rc = case_get(own ? own : st, number, true, &rec, err))) {
		store_close(own);
		return rc;
	}
	if (number_out)
		snprintf(number_out, 32, "%s", rec.number);
	sbuf_addn(&depts, "", 0);
	for (int i = 0; i < rec.ndepts; i++) {
		const struct department *dp = rules_dept_find(rs, rec.depts[i]);
		sbuf_addf(&depts, "%s%s", i ? "、" : "", dp ? dp->name_zh : rec.depts[i]);
	}
	{
		struct doc_arg d = { a, &rec, depts.s, reply_of(&rec) };
		char title[64];
		snprintf(title, sizeof title, "%s　%s",
			 doc == APP_DOC_LETTER ? "投诉答复函" : "医院投诉登记表", rec.number);
		if (doc == APP_DOC_LETTER && !d.reply)
			rc = err_set(err, ERR_STATE, "%s has no reply yet: draft one and have it "
				     "approved before printing the letter", rec.number);
		else
			rc = pdf_run(a->cfg->print_font, a->cfg->site_name, title,
				     doc != APP_DOC_LETTER, doc == APP_DOC_LETTER ? draw_letter
									 : draw_form,
				     &d, out, err);
	}
	sbuf_free(&depts);
	case_record_free(&rec);
	store_close(own);
	return rc;
}
