/*
 * The report as text: paged for an A4 printer, and unpaged with bar charts
 * for the screen. Both lay out the same sections (tables aligned by display
 * width, notes wrapped the Chinese way) from one struct report.
 */
#include "core/report.h"
#include "core/text.h"
#include "report_doc.h"
#include "report_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- numbers ---- */

static void fmt_pct(long num, long den, char *buf, size_t size)
{
	if (den <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f%%", 100.0 * (double)num / (double)den);
}

static const char *period_word(const struct report *r)
{
	return r->period.kind == PERIOD_QUARTER ? "季度" : "月";
}

/* ---- the sections ---- */

/* A shared note (report_notes.c) under b, then freed. */
static void note_of(struct doc *d, struct block *b, char *text)
{
	rdoc_note(d, b, text);
	free(text);
}

static void sec_totals(struct doc *d, const struct report *r)
{
	const char *pw = period_word(r);
	char t_this[16], t_prev[16];
	struct col cols[] = { { "项目", 22, false }, { t_this, 8, true }, { t_prev, 8, true },
			      { "环比", 8, true }, { "去年同期", 8, true }, { "同比", 8, true } };
	struct block *b;
	char asof[11], buf[512];
	const struct report_totals *t = &r->totals;

	snprintf(t_this, sizeof t_this, "本%s", pw);
	snprintf(t_prev, sizeof t_prev, "上%s", pw);
	b = rdoc_table_start(d, "一、总体情况", cols, 6);
	for (int i = 0; i < REPORT_TOTALS_ROWS; i++) {
		struct report_cells c;
		char label[96];
		const char *cells[6];
		report_totals_row(r, i, &c);
		/* a full-width space is two columns of spaces */
		snprintf(label, sizeof label, "%*s%s", 2 * c.indent, "", c.cell[0]);
		cells[0] = label;
		for (int k = 1; k < 6; k++)
			cells[k] = c.cell[k];
		rdoc_table_row(d, b, cols, 6, cells, 0, 0);
	}
	{
		char pct[16];
		fmt_pct(t->closed_on_time, t->closed, pct, sizeof pct);
		snprintf(buf, sizeof buf, "按期办结率 %s（按期办结 / 办结）", pct);
		rdoc_lines_push(&b->l, xstrdup(buf));
	}
	date_format(r->as_of, asof);
	note_of(d, b, report_note(r, RN_TOTALS));
	if (r->partial) {
		snprintf(buf, sizeof buf, "本%s尚未结束，数字截至 %s。", pw, asof);
		rdoc_note(d, b, buf);
	}
	if (!r->calendar_known)
		rdoc_note(d, b, "本期缺少节假日日历，工作日按周一至周五计算。");
	rdoc_block_end(b);
}

static void sec_breakdown(struct doc *d, const struct report *r, const char *title,
			  const char *what, const struct report_breakdown *bd, const char *rule)
{
	struct col cols[] = { { what, 24, false }, { "件数", 8, true }, { "占比", 8, true } };
	struct block *b = rdoc_table_start(d, title, cols, 3);
	long max = 0;

	for (int i = 0; i < bd->nrows; i++)
		if (bd->rows[i].n > max)
			max = bd->rows[i].n;
	for (int i = 0; i < bd->nrows; i++) {
		char n[24], pct[16];
		const char *cells[3] = { bd->rows[i].label, n, pct };
		snprintf(n, sizeof n, "%ld", bd->rows[i].n);
		fmt_pct(bd->rows[i].n, r->totals.received, pct, sizeof pct);
		rdoc_table_row(d, b, cols, 3, cells, bd->rows[i].n, max);
	}
	if (bd->nrows == 0)
		rdoc_lines_push(&b->l, xstrdup("（本期无投诉）"));
	note_of(d, b, report_note_breakdown(r, bd, rule));
	rdoc_block_end(b);
}

/* The text's columns of the tables in report_tables. */
static const struct col depts_cols[] = {
	{ "承办部门", 14, false }, { "收到", 5, true }, { "办结", 5, true }, { "按期率", 7, true },
	{ "期末逾期", 8, true }, { "答复中位", 8, true }, { "重开", 4, true }, { "回访", 4, true },
	{ "满意率", 7, true },
};
static const struct col findings_cols[] = {
	{ "认定结果", 24, false }, { "件数", 8, true }, { "占比", 8, true },
};
static const struct col claims_cols[] = { { "项目", 28, false }, { "数值", 20, true } };
static const struct col repeat_cols[] = { { "投诉人（已遮蔽）", 32, false }, { "件数", 8, true } };
static const struct col late_cols[] = {
	{ "条款", 4, false }, { "案件编号", 14, false }, { "承办部门", 12, false },
	{ "收到", 10, false }, { "期限", 10, false }, { "答复/办结", 10, false },
	{ "逾期日", 6, true },
};
static const struct col resp_cols[] = {
	{ "责任科室", 20, false }, { "责任人员", 16, false }, { "有效", 8, true },
	{ "部分有效", 8, true },
};
static const struct col late_entries_cols[] = {
	{ "案件编号", 14, false }, { "步骤", 10, false }, { "录入人", 12, false },
	{ "登记时间", 16, false }, { "实际录入", 16, false },
};

/* One of the tables the PDF prints too (report_tables): its rows, the row of
 * an empty table, the note; bars (screen) where the row gives one. */
static void table(struct doc *d, const struct report *r, enum report_table_id id,
		  const struct col *cols, bool bars)
{
	const struct report_table *t = &report_tables[id];
	struct block *b = rdoc_table_start(d, t->title, cols, t->ncols);
	int n = t->rows(r);
	struct report_cells c;
	long max = 0;

	for (int i = 0; bars && i < n; i++) {
		t->row(r, i, fmt_pct, &c);
		if (c.bar > max)
			max = c.bar;
	}
	for (int i = 0; i < n; i++) {
		const char *cells[9];
		t->row(r, i, fmt_pct, &c);
		report_cells_ptrs(&c, t->ncols, cells);
		rdoc_table_row(d, b, cols, t->ncols, cells, bars ? c.bar : 0, max);
	}
	if (n == 0 && t->empty)
		rdoc_lines_push(&b->l, xstrdup(t->empty));
	note_of(d, b, report_note(r, t->note));
	rdoc_block_end(b);
}

static void sec_trend(struct doc *d, const struct report *r)
{
	struct col cols[] = { { r->period.kind == PERIOD_QUARTER ? "季度" : "月份", 10, false },
			      { "收到", 8, true }, { "办结", 8, true }, { "按期办结率", 10, true },
			      { "期末逾期", 8, true } };
	struct block *b = rdoc_table_start(d, r->period.kind == PERIOD_QUARTER ? "十二、近八个季度趋势"
								   : "十二、近八个月趋势",
				      cols, 5);
	long max = 0;

	for (int i = 0; i < r->ntrend; i++)
		if (r->trend[i].received > max)
			max = r->trend[i].received;
	for (int i = 0; i < r->ntrend; i++) {
		struct report_cells c;
		report_trend_row(r, i, fmt_pct, &c);
		/* the on-time count is the PDF's */
		const char *cells[5] = { c.cell[0], c.cell[1], c.cell[2], c.cell[4], c.cell[5] };
		rdoc_table_row(d, b, cols, 5, cells, r->trend[i].received, max);
	}
	note_of(d, b, report_note(r, RN_TREND));
	rdoc_block_end(b);
}

/* The foot: the event chain's head, for a later cdesk check --anchor. */
static void sec_chain(struct doc *d, const struct report *r)
{
	struct block *b = rdoc_doc_block(d);
	char anchor[96];

	rdoc_lines_push(&b->l, xstrdup("审计链"));
	note_of(d, b, report_note(r, RN_CHAIN));
	rdoc_lines_push(&b->l, xasprintf("    %s", report_chain_anchor(r, anchor, sizeof anchor)));
	rdoc_block_end(b);
}

static void build_doc(struct doc *d, const struct report *r)
{
	sec_totals(d, r);
	sec_breakdown(d, r, "二、按来源渠道", "渠道", &r->by_channel, "渠道");
	sec_breakdown(d, r, "三、按投诉类型", "类型", &r->by_kind, "类型");
	sec_breakdown(d, r, "四、按处理级别", "级别", &r->by_class, "级别");
	sec_breakdown(d, r, "五、按问题类别", "类别", &r->by_category, "类别");
	sec_breakdown(d, r, "六、被投诉科室（前十位）", "科室", &r->by_unit, "科室");
	table(d, r, RT_DEPTS, depts_cols, true);
	table(d, r, RT_FINDINGS, findings_cols, true);
	table(d, r, RT_CLAIMS, claims_cols, false);
	table(d, r, RT_REPEAT, repeat_cols, false);
	table(d, r, RT_LATE, late_cols, false);
	sec_trend(d, r);
	table(d, r, RT_RESP, resp_cols, false);
	table(d, r, RT_LATE_ENTRIES, late_entries_cols, false);
	sec_chain(d, r);
}

/* ---- text for the printer ---- */

static char *two_sides(const char *left, const char *right, int width)
{
	int rw = text_width(right);
	char *l = text_fit(left, width - rw - 2 > 0 ? width - rw - 2 : 0, true);
	char *line = xasprintf("%s  %s", l, right);

	free(l);
	return line;
}

struct page {
	int first, count;       /* into the flat list of placed lines */
};

/* The placed lines: the doc's own, not copies. */
struct placed {
	const char **v;
	int n, cap;
};

int report_render_text(const struct report *r, const struct report_layout *lay,
		       struct sbuf *out, struct err *err)
{
	struct doc d = { 0 };
	struct placed placed = { 0 };
	struct page *pages = NULL;
	int npages = 0, body, used = 0;
	char plabel[32], f[11], l[11], gen[11];
	const int header = 4;

	if (lay->width < 72 || lay->page_lines < 20)
		return err_set(err, ERR_USAGE, "page of %d columns and %d lines is too small "
			       "(at least 72 and 20)", lay->width, lay->page_lines);
	if (report_check(r, err))
		return err->code;
	d.width = lay->width;
	build_doc(&d, r);
	body = lay->page_lines - header;

	/* Place blocks on pages: keep a block whole when it fits on a page;
	 * split a longer one, repeating its title and column headings. */
	pages = xrealloc(pages, sizeof *pages);
	pages[0].first = 0;
	pages[0].count = 0;
	npages = 1;
#define NEW_PAGE() do { \
		pages = xrealloc(pages, (size_t)(npages + 1) * sizeof *pages); \
		pages[npages].first = placed.n; pages[npages].count = 0; npages++; used = 0; \
	} while (0)
#define PLACE(s) do { \
		placed.v = report_grow(placed.v, placed.n, &placed.cap, 1024, sizeof *placed.v); \
		placed.v[placed.n++] = (s); pages[npages - 1].count++; used++; \
	} while (0)
	for (int i = 0; i < d.n; i++) {
		struct block *b = &d.b[i];
		int n = b->l.n;
		if (n > body - used && used > 0 && (n <= body || body - used < b->head + 2))
			NEW_PAGE();
		for (int k = 0; k < n; k++) {
			bool blank = b->l.v[k][0] == '\0';
			/* a blank line never opens a page (nor makes an empty last one) */
			if (blank && (used == 0 || used == body))
				continue;
			if (used == body) {
				NEW_PAGE();
				for (int h = 0; h < b->head; h++)
					PLACE(b->l.v[h]);
			}
			PLACE(b->l.v[k]);
		}
	}
#undef PLACE
#undef NEW_PAGE

	report_period_label(&r->period, plabel);
	date_format(r->period.first, f);
	date_format(r->period.last, l);
	date_format(r->generated.day, gen);
	for (int p = 0; p < npages; p++) {
		char right[48], title[160], gline[32], *h1, *h2, *rule;
		int last = pages[p].first + pages[p].count;
		if (p > 0)
			sbuf_add(out, "\f");
		snprintf(right, sizeof right, "第 %d 页 共 %d 页", p + 1, npages);
		h1 = two_sides(r->site, right, lay->width);
		snprintf(title, sizeof title, "投诉%s分析报告  %s（%s 至 %s）",
			 r->period.kind == PERIOD_QUARTER ? "季度" : "月度", plabel, f, l);
		snprintf(gline, sizeof gline, "制表 %s", gen);
		h2 = two_sides(title, gline, lay->width);
		rule = rdoc_rule_line(lay->width, '=');
		sbuf_addf(out, "%s\n%s\n%s\n\n", h1, h2, rule);
		free(h1);
		free(h2);
		free(rule);
		while (last > pages[p].first && placed.v[last - 1][0] == '\0')
			last--;
		for (int k = pages[p].first; k < last; k++) {
			text_fit_append(out, placed.v[k], lay->width);
			sbuf_addn(out, "\n", 1);
		}
	}
	free(pages);
	free(placed.v);
	rdoc_doc_free(&d);
	return 0;
}

/* ---- the screen: one long page with bars ---- */

int report_render_screen(const struct report *r, int width, bool utf8, struct sbuf *out,
			 struct err *err)
{
	struct doc d = { 0 };
	char plabel[32], f[11], l[11];

	if (width < 60)
		return err_set(err, ERR_USAGE, "%d columns are too narrow for the report", width);
	if (report_check(r, err))
		return err->code;
	d.width = width;
	d.utf8 = utf8;
	/* bars fill what a table leaves of the width, up to 40 columns */
	d.bar_cols = 40;
	build_doc(&d, r);
	report_period_label(&r->period, plabel);
	date_format(r->period.first, f);
	date_format(r->period.last, l);
	sbuf_addf(out, "%s  %s（%s 至 %s）\n\n", r->site, plabel, f, l);
	for (int i = 0; i < d.n; i++)
		for (int k = 0; k < d.b[i].l.n; k++) {
			text_fit_append(out, d.b[i].l.v[k], width);
			sbuf_addn(out, "\n", 1);
		}
	rdoc_doc_free(&d);
	return 0;
}
