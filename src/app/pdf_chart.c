/*
 * The report's charts, drawn from struct report like its tables: a breakdown
 * as horizontal bars, the departments' rates against the target, the trend.
 */
#include "pdf_report.h"

#include <stdbool.h>
#include <stdio.h>

#define BAR_BLUE 0.25, 0.42, 0.68
#define BAR_GREEN 0.30, 0.62, 0.38
#define TARGET_RED 0.80, 0.15, 0.15
#define AXIS_SIZE 7.5

/* A tick step giving at most five steps up to max, and the top of the axis. */
static long nice_step(long max, long *top)
{
	static const long steps[] = { 1, 2, 5 };
	long step = 1;

	for (long mag = 1; ; mag *= 10) {
		bool found = false;
		for (int i = 0; i < 3; i++) {
			step = steps[i] * mag;
			if (max <= step * 5) {
				found = true;
				break;
			}
		}
		if (found)
			break;
	}
	*top = max <= 0 ? step : ((max + step - 1) / step) * step;
	return step;
}

void pdf_chart_bars(struct pdf *p, const struct report_breakdown *bd)
{
	const double rowh = 12.5, label_w = 120, x0 = PDF_LEFT + label_w, x1 = PDF_RIGHT - 40;
	double h = bd->nrows * rowh + 10, y;
	long max = 1;

	for (int i = 0; i < bd->nrows; i++)
		if (bd->rows[i].n > max)
			max = bd->rows[i].n;
	pdf_need(p, h);
	y = p->y + 4;
	for (int i = 0; i < bd->nrows; i++, y += rowh) {
		char n[24];
		double w = (x1 - x0) * (double)bd->rows[i].n / (double)max;
		pdf_text(p, PDF_LEFT, y + 1, label_w - 6, bd->rows[i].label, 8, PDF_R);
		pdf_rgb(p, BAR_BLUE);
		if (w > 0)
			pdf_rect(p, x0, y + 2, w, rowh - 4, 0, true);
		pdf_gray(p, 0);
		snprintf(n, sizeof n, "%ld", bd->rows[i].n);
		pdf_text(p, x0 + w + 3, y + 1, 40, n, 8, PDF_L | PDF_NUM);
	}
	pdf_gray(p, 0.4);
	pdf_line(p, x0, p->y + 4, x0, y, 0.6);
	pdf_gray(p, 0);
	p->y += h;
}

/* A vertical axis from y_bottom up to y_top labelled 0..top by step, with
 * grid lines across to x1; suffix after each number ("%" or ""). */
static void y_axis(struct pdf *p, double x0, double x1, double y_top, double y_bottom, long top,
		   long step, const char *suffix)
{
	for (long v = 0; v <= top; v += step) {
		char buf[24];
		double y = y_bottom - (y_bottom - y_top) * (double)v / (double)top;
		snprintf(buf, sizeof buf, "%ld%s", v, suffix);
		pdf_gray(p, 0.85);
		if (v > 0)
			pdf_line(p, x0, y, x1, y, 0.4);
		pdf_gray(p, 0.2);
		pdf_text(p, x0 - 44, y - 5, 40, buf, AXIS_SIZE, PDF_R | PDF_NUM);
	}
	pdf_gray(p, 0.2);
	pdf_line(p, x0, y_top, x0, y_bottom, 0.7);
	pdf_line(p, x0, y_bottom, x1, y_bottom, 0.7);
	pdf_gray(p, 0);
}

static void legend(struct pdf *p, double x, double y, const char *a, const char *b,
		   const char *c)
{
	pdf_rgb(p, BAR_BLUE);
	pdf_rect(p, x, y + 2, 9, 7, 0, true);
	pdf_gray(p, 0);
	pdf_text(p, x + 12, y, 80, a, AXIS_SIZE, PDF_L);
	pdf_rgb(p, BAR_GREEN);
	pdf_rect(p, x + 90, y + 2, 9, 7, 0, true);
	pdf_gray(p, 0);
	pdf_text(p, x + 102, y, 80, b, AXIS_SIZE, PDF_L);
	if (c) {
		pdf_rgb(p, TARGET_RED);
		pdf_line(p, x + 180, y + 5.5, x + 195, y + 5.5, 1.2);
		pdf_gray(p, 0);
		pdf_text(p, x + 198, y, 90, c, AXIS_SIZE, PDF_L);
	}
}

static void bar(struct pdf *p, double x, double w, double y_bottom, double h, double r,
		double g, double b)
{
	pdf_rgb(p, r, g, b);
	if (h > 0)
		pdf_rect(p, x, y_bottom - h, w, h, 0, true);
	pdf_gray(p, 0);
}

void pdf_chart_depts(struct pdf *p, const struct report *r, double target)
{
	const double plot_h = 130, x0 = PDF_LEFT + 46, x1 = PDF_RIGHT - 4;
	double slot = (x1 - x0) / r->ndepts, y_top, y_bottom, ty, h;
	char buf[128];

	h = 16 + 14 + plot_h + 30;
	pdf_need(p, h);
	snprintf(buf, sizeof buf, "各承办部门按期率与满意率（目标按期率 %g%%）", target);
	p->y += pdf_text(p, PDF_LEFT, p->y + 4, PDF_WIDTH, buf, 9, PDF_C | PDF_BOLD) + 6;
	snprintf(buf, sizeof buf, "目标 %g%%", target);
	legend(p, x0, p->y, "按期率", "满意率", buf);
	y_top = p->y + 14;
	y_bottom = y_top + plot_h;
	y_axis(p, x0, x1, y_top, y_bottom, 100, 20, "%");
	for (int i = 0; i < r->ndepts; i++) {
		const struct report_dept *x = &r->depts[i];
		double sx = x0 + slot * i, bw = slot * 0.32;
		double ot = pdf_pct_value(x->closed_on_time, x->closed);
		double sat = pdf_pct_value(x->satisfied, x->callbacks);
		if (ot >= 0)
			bar(p, sx + slot * 0.16, bw, y_bottom, plot_h * ot / 100, BAR_BLUE);
		if (sat >= 0)
			bar(p, sx + slot * 0.52, bw, y_bottom, plot_h * sat / 100, BAR_GREEN);
		pdf_text(p, sx, y_bottom + 3, slot, x->name, r->ndepts > 10 ? 6.5 : AXIS_SIZE, PDF_C);
	}
	ty = y_bottom - plot_h * target / 100;
	pdf_rgb(p, TARGET_RED);
	if (!p->dry) {
		const double dash[] = { 4, 2 };
		cairo_set_dash(p->cr, dash, 2, 0);
		pdf_line(p, x0, ty, x1, ty, 1.2);
		cairo_set_dash(p->cr, NULL, 0, 0);
	}
	pdf_gray(p, 0);
	p->y = y_bottom + 30;
}

void pdf_chart_trend(struct pdf *p, const struct report *r)
{
	const double plot_h = 140, x0 = PDF_LEFT + 46, x1 = PDF_RIGHT - 4;
	double slot, y_top, y_bottom;
	long max = 0, top, step;

	if (r->ntrend <= 0)
		return;
	for (int i = 0; i < r->ntrend; i++)
		if (r->trend[i].received > max)
			max = r->trend[i].received;
	step = nice_step(max, &top);
	slot = (x1 - x0) / r->ntrend;
	pdf_need(p, 14 + 14 + plot_h + 34);
	legend(p, x0, p->y + 2, "收到", "按期办结", NULL);
	pdf_text(p, PDF_LEFT, p->y + 2, 40, "件数", AXIS_SIZE, PDF_R);
	y_top = p->y + 18;
	y_bottom = y_top + plot_h;
	y_axis(p, x0, x1, y_top, y_bottom, top, step, "");
	for (int i = 0; i < r->ntrend; i++) {
		const struct report_trend *t = &r->trend[i];
		double sx = x0 + slot * i, bw = slot * 0.32;
		char code[8], n[16];
		bar(p, sx + slot * 0.16, bw, y_bottom, plot_h * (double)t->received / (double)top,
		    BAR_BLUE);
		bar(p, sx + slot * 0.52, bw, y_bottom,
		    plot_h * (double)t->closed_on_time / (double)top, BAR_GREEN);
		snprintf(n, sizeof n, "%ld", t->received);
		pdf_text(p, sx + slot * 0.06, y_bottom - plot_h * (double)t->received / (double)top - 10,
			 slot * 0.52, n, 6.5, PDF_C | PDF_NUM);
		report_period_code(&t->period, code);
		pdf_text(p, sx, y_bottom + 3, slot, code, AXIS_SIZE, PDF_C | PDF_NUM);
	}
	pdf_text(p, x0, y_bottom + 14, x1 - x0, r->period.kind == PERIOD_QUARTER ? "季度" : "月份",
		 AXIS_SIZE, PDF_C);
	p->y = y_bottom + 30;
}
