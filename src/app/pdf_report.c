/*
 * The quarterly and monthly report as an A4 PDF: the sections of the text
 * report drawn as tables from the same struct report, with charts where
 * looking beats reading (pdf_chart.c).
 */
#include "app/pdf.h"
#include "core/money.h"
#include "core/report.h"
#include "core/vocab.h"
#include "pdf_priv.h"
#include "pdf_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_SIZE 8.0

/* Percentages rounded as the JSON form rounds them (to 0.1, half up). */
double pdf_pct_value(long num, long den)
{
	return den <= 0 ? -1 : (double)(long)(1000.0 * (double)num / (double)den + 0.5) / 10.0;
}

void pdf_fmt_pct(long num, long den, char *buf, size_t size)
{
	if (den <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f%%", pdf_pct_value(num, den));
}

static void note(struct pdf *p, const char *text)
{
	pdf_gray(p, 0.3);
	pdf_para(p, text, NOTE_SIZE, PDF_L);
	pdf_gray(p, 0);
}

/* The height a note takes under a table (pdf_table_end's gap included). */
/* "注：" and a note the text report prints too (core/report.h), which is freed. */
static void shared_note(char *buf, size_t size, char *text)
{
	snprintf(buf, size, "注：%s", text);
	free(text);
}

static double note_h(struct pdf *p, const char *text)
{
	return 5 + pdf_text_height(p, text, NOTE_SIZE, PDF_L, PDF_WIDTH) + 3;
}

static void title_block(struct pdf *p, const struct report *r)
{
	char plabel[32], f[11], l[11], gen[11], buf[256];
	const char *pw = r->period.kind == PERIOD_QUARTER ? "季度" : "月度";

	report_period_label(&r->period, plabel);
	date_format(r->period.first, f);
	date_format(r->period.last, l);
	date_format(r->generated.day, gen);
	snprintf(buf, sizeof buf, "投诉%s分析报告", pw);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, buf, 20, PDF_C | PDF_BOLD) + 4;
	snprintf(buf, sizeof buf, "%s（%s 至 %s）", plabel, f, l);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, buf, 11, PDF_C | PDF_NUM) + 2;
	snprintf(buf, sizeof buf, "%s　制表 %s", r->site, gen);
	pdf_gray(p, 0.3);
	p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, buf, 9, PDF_C | PDF_NUM) + 8;
	pdf_gray(p, 0);
}

static void sec_totals(struct pdf *p, const struct report *r)
{
	const char *pw = r->period.kind == PERIOD_QUARTER ? "季度" : "月";
	char t_this[16], t_prev[16], buf[512], asof[11];
	const struct pdf_col cols[] = { { "项目", 0, PDF_L }, { t_this, 62, PDF_R | PDF_NUM },
					{ t_prev, 62, PDF_R | PDF_NUM }, { "环比", 62, PDF_R | PDF_NUM },
					{ "去年同期", 62, PDF_R | PDF_NUM },
					{ "同比", 62, PDF_R | PDF_NUM } };
	const struct report_totals *t = &r->totals;

	snprintf(t_this, sizeof t_this, "本%s", pw);
	snprintf(t_prev, sizeof t_prev, "上%s", pw);
	pdf_heading(p, "一、总体情况", 60);
	pdf_table(p, cols, 6);
	pdf_table_keep(p, REPORT_TOTALS_ROWS, 5 + 2 * PDF_SIZE);
	for (int i = 0; i < REPORT_TOTALS_ROWS; i++) {
		struct report_cells c;
		char label[96] = "";
		const char *cells[6];
		report_totals_row(r, i, &c);
		for (int k = 0; k < c.indent; k++)
			strcat(label, "　");
		strcat(label, c.cell[0]);
		cells[0] = label;
		for (int k = 1; k < 6; k++)
			cells[k] = c.cell[k];
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	pdf_fmt_pct(t->closed_on_time, t->closed, asof, sizeof asof);
	snprintf(buf, sizeof buf, "按期办结率 %s（按期办结 / 办结）", asof);
	pdf_para(p, buf, PDF_SIZE, PDF_BOLD | PDF_NUM);
	date_format(r->as_of, asof);
	shared_note(buf, sizeof buf, report_note(r, RN_TOTALS));
	note(p, buf);
	if (r->partial) {
		snprintf(buf, sizeof buf, "本%s尚未结束，数字截至 %s。", pw, asof);
		note(p, buf);
	}
	if (!r->calendar_known)
		note(p, "本期缺少节假日日历，工作日按周一至周五计算。");
}

static void sec_breakdown(struct pdf *p, const struct report *r, const char *title,
			  const char *what, const struct report_breakdown *bd, bool chart)
{
	const struct pdf_col cols[] = { { what, 0, PDF_L }, { "件数", 80, PDF_R | PDF_NUM },
					{ "占比", 80, PDF_R | PDF_NUM } };
	char buf[512];

	shared_note(buf, sizeof buf, report_note_breakdown(r, bd, what));
	pdf_heading(p, title, 60);
	if (chart && bd->nrows > 0)
		pdf_chart_bars(p, bd);
	pdf_table(p, cols, 3);
	pdf_table_keep(p, bd->nrows ? bd->nrows : 1, note_h(p, buf));
	for (int i = 0; i < bd->nrows; i++) {
		char n[24], pct[16];
		const char *cells[3] = { bd->rows[i].label, n, pct };
		snprintf(n, sizeof n, "%ld", bd->rows[i].n);
		pdf_fmt_pct(bd->rows[i].n, r->totals.received, pct, sizeof pct);
		pdf_row(p, cells);
	}
	if (bd->nrows == 0) {
		const char *cells[3] = { "（本期无投诉）", "", "" };
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, buf);
}

/* The PDF's columns of the tables in report_tables. */
static const struct pdf_col depts_cols[] = {
	{ "承办部门", 0, PDF_L }, { "收到", 44, PDF_R | PDF_NUM }, { "办结", 44, PDF_R | PDF_NUM },
	{ "按期率", 54, PDF_R | PDF_NUM }, { "期末逾期", 54, PDF_R | PDF_NUM },
	{ "答复中位", 54, PDF_R | PDF_NUM }, { "重开", 38, PDF_R | PDF_NUM },
	{ "回访", 38, PDF_R | PDF_NUM }, { "满意率", 54, PDF_R | PDF_NUM },
};
static const struct pdf_col findings_cols[] = {
	{ "认定结果", 0, PDF_L }, { "件数", 80, PDF_R | PDF_NUM }, { "占比", 80, PDF_R | PDF_NUM },
};
static const struct pdf_col claims_cols[] = {
	{ "项目", 0, PDF_L }, { "数值", 140, PDF_R | PDF_NUM },
};
static const struct pdf_col repeat_cols[] = {
	{ "投诉人（已遮蔽）", 0, PDF_L }, { "件数", 80, PDF_R | PDF_NUM },
};
static const struct pdf_col late_cols[] = {
	{ "条款", 34, PDF_L }, { "案件编号", 84, PDF_L | PDF_NUM }, { "承办部门", 0, PDF_L },
	{ "收到", 62, PDF_L | PDF_NUM }, { "期限", 62, PDF_L | PDF_NUM },
	{ "答复/办结", 62, PDF_L | PDF_NUM }, { "逾期日", 40, PDF_R | PDF_NUM },
};
static const struct pdf_col resp_cols[] = {
	{ "责任科室", 0, PDF_L }, { "责任人员", 130, PDF_L }, { "有效", 70, PDF_R | PDF_NUM },
	{ "部分有效", 70, PDF_R | PDF_NUM },
};
static const struct pdf_col late_entries_cols[] = {
	{ "案件编号", 84, PDF_L | PDF_NUM }, { "步骤", 70, PDF_L }, { "录入人", 0, PDF_L },
	{ "登记时间", 96, PDF_L | PDF_NUM }, { "实际录入", 96, PDF_L | PDF_NUM },
};

/* One of the tables the text report prints too (report_tables): heading
 * (with room for head points below it), rows (the row of an empty table),
 * the note; keep rows (0: all) stay on the page with the note. */
static void table(struct pdf *p, const struct report *r, enum report_table_id id,
		  const struct pdf_col *cols, double head, int keep)
{
	const struct report_table *t = &report_tables[id];
	int n = t->rows(r);
	char buf[1536];

	shared_note(buf, sizeof buf, report_note(r, t->note));
	pdf_heading(p, t->title, head);
	pdf_table(p, cols, t->ncols);
	pdf_table_keep(p, keep ? keep : n ? n : 1, note_h(p, buf));
	for (int i = 0; i < n; i++) {
		struct report_cells c;
		const char *cells[9];
		t->row(r, i, pdf_fmt_pct, &c);
		report_cells_ptrs(&c, t->ncols, cells);
		pdf_row(p, cells);
	}
	if (n == 0 && t->empty) {
		const char *cells[9] = { "", "", "", "", "", "", "", "", "" };
		cells[t->empty_col] = t->empty;
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, buf);
}

/* The foot: the event chain's head, for a later cdesk check --anchor. */
static void sec_chain(struct pdf *p, const struct report *r)
{
	char buf[300], anchor[96];

	shared_note(buf, sizeof buf, report_note(r, RN_CHAIN));
	pdf_heading(p, "审计链", 60);
	note(p, buf);
	pdf_para(p, report_chain_anchor(r, anchor, sizeof anchor), NOTE_SIZE, PDF_L | PDF_NUM);
}

static void sec_trend(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { r->period.kind == PERIOD_QUARTER ? "季度" : "月份", 0,
					  PDF_L | PDF_NUM },
					{ "收到", 80, PDF_R | PDF_NUM }, { "办结", 80, PDF_R | PDF_NUM },
					{ "按期办结", 80, PDF_R | PDF_NUM },
					{ "按期办结率", 80, PDF_R | PDF_NUM },
					{ "期末逾期", 80, PDF_R | PDF_NUM } };

	char trend_note[512];

	shared_note(trend_note, sizeof trend_note, report_note(r, RN_TREND));
	pdf_heading(p, r->period.kind == PERIOD_QUARTER ? "十二、近八个季度趋势"
							: "十二、近八个月趋势", 200);

	pdf_chart_trend(p, r);
	pdf_table(p, cols, 6);
	pdf_table_keep(p, r->ntrend, note_h(p, trend_note));
	for (int i = 0; i < r->ntrend; i++) {
		struct report_cells c;
		const char *cells[6];
		report_trend_row(r, i, pdf_fmt_pct, &c);
		report_cells_ptrs(&c, 6, cells);
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, trend_note);
}

struct report_arg {
	const struct report *r;
	double target;
};

static void draw_report(struct pdf *p, void *arg)
{
	const struct report_arg *ra = arg;
	const struct report *r = ra->r;

	title_block(p, r);
	sec_totals(p, r);
	sec_breakdown(p, r, "二、按来源渠道", "渠道", &r->by_channel, true);
	sec_breakdown(p, r, "三、按投诉类型", "类型", &r->by_kind, false);
	sec_breakdown(p, r, "四、按处理级别", "级别", &r->by_class, false);
	sec_breakdown(p, r, "五、按问题类别", "类别", &r->by_category, true);
	sec_breakdown(p, r, "六、被投诉科室（前十位）", "科室", &r->by_unit, false);
	table(p, r, RT_DEPTS, depts_cols, 60, 0);
	if (r->ndepts > 0)
		pdf_chart_depts(p, r, ra->target);
	table(p, r, RT_FINDINGS, findings_cols, 60, 0);
	table(p, r, RT_CLAIMS, claims_cols, 200, 9);     /* its nine rows kept with it */
	table(p, r, RT_REPEAT, repeat_cols, 60, 0);
	table(p, r, RT_LATE, late_cols, 60, 0);
	sec_trend(p, r);
	table(p, r, RT_RESP, resp_cols, 60, 0);
	table(p, r, RT_LATE_ENTRIES, late_entries_cols, 60, 0);
	sec_chain(p, r);
}

int pdf_engine_report(struct app *a, const struct report *r, struct sbuf *out, struct err *err)
{
	struct report_arg ra = { r, 90 };
	char plabel[32], title[96];
	int rc;

	if ((rc = report_check(r, err)))
		return rc;
	if (a->cfg->target_on_time)
		ra.target = strtod(a->cfg->target_on_time, NULL);
	report_period_label(&r->period, plabel);
	snprintf(title, sizeof title, "投诉%s分析报告　%s",
		 r->period.kind == PERIOD_QUARTER ? "季度" : "月度", plabel);
	return pdf_run(a->cfg->print_font, r->site, title, true, draw_report, &ra, out, err);
}
