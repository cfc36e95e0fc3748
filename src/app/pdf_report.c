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

static void fmt_change(long now, long before, char *buf, size_t size)
{
	if (before <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%+.1f%%", 100.0 * (double)(now - before) / (double)before);
}

static void note(struct pdf *p, const char *text)
{
	pdf_gray(p, 0.3);
	pdf_para(p, text, NOTE_SIZE, PDF_L);
	pdf_gray(p, 0);
}

/* The height a note takes under a table (pdf_table_end's gap included). */
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
	const struct report_totals *t = &r->totals, *pv = &r->prev, *y = &r->year_ago;
	const struct {
		const char *label;
		long a, b, c;
	} rows[] = {
		{ "收到", t->received, pv->received, y->received },
		{ "　受理", t->accepted, pv->accepted, y->accepted },
		{ "　不予受理", t->rejected, pv->rejected, y->rejected },
		{ "　合并（重复投诉）", t->merged, pv->merged, y->merged },
		{ "受理中：办结", t->closed, pv->closed, y->closed },
		{ "　　　　期末未结", t->open_at_end, pv->open_at_end, y->open_at_end },
		{ "办结中：按期办结", t->closed_on_time, pv->closed_on_time, y->closed_on_time },
		{ "期末逾期未结（含往期）", t->overdue_at_end, pv->overdue_at_end, y->overdue_at_end },
	};

	snprintf(t_this, sizeof t_this, "本%s", pw);
	snprintf(t_prev, sizeof t_prev, "上%s", pw);
	pdf_heading(p, "一、总体情况", 60);
	pdf_table(p, cols, 6);
	pdf_table_keep(p, (int)(sizeof rows / sizeof rows[0]), 5 + 2 * PDF_SIZE);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char a[24], b[24] = "-", c[24] = "-", ch1[16] = "-", ch2[16] = "-";
		const char *cells[6] = { rows[i].label, a, b, ch1, c, ch2 };
		snprintf(a, sizeof a, "%ld", rows[i].a);
		if (r->have_prev) {
			snprintf(b, sizeof b, "%ld", rows[i].b);
			fmt_change(rows[i].a, rows[i].b, ch1, sizeof ch1);
		}
		if (r->have_year_ago) {
			snprintf(c, sizeof c, "%ld", rows[i].c);
			fmt_change(rows[i].a, rows[i].c, ch2, sizeof ch2);
		}
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	pdf_fmt_pct(t->closed_on_time, t->closed, asof, sizeof asof);
	snprintf(buf, sizeof buf, "按期办结率 %s（按期办结 / 办结）", asof);
	pdf_para(p, buf, PDF_SIZE, PDF_BOLD | PDF_NUM);
	date_format(r->as_of, asof);
	snprintf(buf, sizeof buf,
		 "注：每件投诉在每个总数中只计一次。收到 = 受理 + 不予受理 + 合并；受理 = 办结 + "
		 "期末未结。状态按期末（%s）计算，期末以后才办结的按未结计；按期指在答复期限内办结。"
		 "期末逾期未结含往期收到、期末仍未办结且已过期限的投诉。", asof);
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

	if (bd->multi)
		snprintf(buf, sizeof buf,
			 "注：涉及多个%s的投诉在每个%s中各计一次，各行之和（%ld）可大于收到总数（%ld）；"
			 "计入至少一个%s的投诉 %ld 件。占比以收到总数为分母。",
			 what, what, pdf_row_sum(bd), r->totals.received, what, bd->distinct);
	else
		snprintf(buf, sizeof buf, "注：每件投诉计一次，各行之和等于收到总数（%ld）。",
			 r->totals.received);
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

static void sec_depts(struct pdf *p, const struct report *r, double target)
{
	const struct pdf_col cols[] = { { "承办部门", 0, PDF_L }, { "收到", 44, PDF_R | PDF_NUM },
					{ "办结", 44, PDF_R | PDF_NUM },
					{ "按期率", 54, PDF_R | PDF_NUM },
					{ "期末逾期", 54, PDF_R | PDF_NUM },
					{ "答复中位", 54, PDF_R | PDF_NUM },
					{ "重开", 38, PDF_R | PDF_NUM }, { "回访", 38, PDF_R | PDF_NUM },
					{ "满意率", 54, PDF_R | PDF_NUM } };
	long sum = 0;
	char buf[640];

	for (int i = 0; i < r->ndepts; i++)
		sum += r->depts[i].received;
	snprintf(buf, sizeof buf,
		 "注：涉及多个部门的投诉在每个承办部门各计一次（收到各行之和 %ld，收到总数 %ld，"
		 "计入至少一个部门的 %ld 件）。按期率 = 按期办结 / 办结；期末逾期为期末仍未办结且"
		 "已过期限的件数（含往期）；答复中位为收到至答复的工作日数的中位数；重开为本期"
		 "收到且被重新派单的件数；满意率 = （满意 + 基本满意）/ 回访。",
		 sum, r->totals.received, r->depts_distinct);
	pdf_heading(p, "七、承办部门办理情况", 60);
	pdf_table(p, cols, 9);
	pdf_table_keep(p, r->ndepts ? r->ndepts : 1, note_h(p, buf));
	for (int i = 0; i < r->ndepts; i++) {
		const struct report_dept *x = &r->depts[i];
		char rc[16], cl[16], ot[16], od[16], md[16] = "-", ro[16], cb[16], sat[16];
		const char *cells[9] = { x->name, rc, cl, ot, od, md, ro, cb, sat };
		snprintf(rc, sizeof rc, "%ld", x->received);
		snprintf(cl, sizeof cl, "%ld", x->closed);
		pdf_fmt_pct(x->closed_on_time, x->closed, ot, sizeof ot);
		snprintf(od, sizeof od, "%ld", x->overdue_now);
		if (x->median_reply_days >= 0)
			snprintf(md, sizeof md, "%.1f", x->median_reply_days);
		snprintf(ro, sizeof ro, "%ld", x->reopened);
		snprintf(cb, sizeof cb, "%ld", x->callbacks);
		pdf_fmt_pct(x->satisfied, x->callbacks, sat, sizeof sat);
		pdf_row(p, cells);
	}
	if (r->ndepts == 0) {
		const char *cells[9] = { "（本期无投诉）", "", "", "", "", "", "", "", "" };
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, buf);
	if (r->ndepts > 0)
		pdf_chart_depts(p, r, target);
}

static void sec_findings(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { "认定结果", 0, PDF_L }, { "件数", 80, PDF_R | PDF_NUM },
					{ "占比", 80, PDF_R | PDF_NUM } };
	char buf[320];

	snprintf(buf, sizeof buf, "注：按本期收到并已办结的投诉统计，各项之和等于办结数（%ld）；"
		 "咨询、建议、表扬无需核实认定，计入“无需认定”，不计为无效。",
		 r->totals.closed);
	pdf_heading(p, "八、投诉核实认定", 60);
	pdf_table(p, cols, 3);
	pdf_table_keep(p, FINDING__COUNT + 2, note_h(p, buf));
	for (int i = 0; i <= FINDING__COUNT + 1; i++) {
		long n = i < FINDING__COUNT ? r->findings[i] :
			 i == FINDING__COUNT ? r->finding_none : r->finding_na;
		char ns[24], pct[16];
		const char *cells[3] = {
			i < FINDING__COUNT ? finding_label((enum finding)i) :
			i == FINDING__COUNT ? "未认定" : "无需认定", ns, pct
		};
		snprintf(ns, sizeof ns, "%ld", n);
		pdf_fmt_pct(n, r->totals.closed, pct, sizeof pct);
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, buf);
}

static void sec_claims(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { "项目", 0, PDF_L }, { "数值", 140, PDF_R | PDF_NUM } };
	char thr[32], label[96], n1[24], n2[24], y1[32], y2[32];
	const char *cells[2] = { "提出索赔（件）", n1 };

	static const char claims_note[] =
		"注：按本期收到的投诉统计；达到阈值的应报医疗纠纷理赔处理中心。阈值见 rules.ini。"
		"纠纷处理按期末所处的最后阶段计。";

	pdf_heading(p, "九、索赔情况", 200);     /* its nine rows kept with it */
	pdf_table(p, cols, 2);
	pdf_table_keep(p, 9, note_h(p, claims_note));
	money_format_as(r->claim_threshold_fen, MONEY_GROUPED, thr, sizeof thr);
	snprintf(n1, sizeof n1, "%ld", r->claims);
	pdf_row(p, cells);
	snprintf(label, sizeof label, "索赔达到 %s 元（件）", thr);
	snprintf(n2, sizeof n2, "%ld", r->claims_over);
	cells[0] = label;
	cells[1] = n2;
	pdf_row(p, cells);
	cells[0] = "索赔总额（元）";
	cells[1] = money_format_as(r->claimed_fen, MONEY_GROUPED, y1, sizeof y1);
	pdf_row(p, cells);
	cells[0] = "实际赔付总额（元）";
	cells[1] = money_format_as(r->paid_fen, MONEY_GROUPED, y2, sizeof y2);
	pdf_row(p, cells);
	for (int i = 0; i < 5; i++) {   /* the dispute track, by the latest stage */
		static const char *const st[5] = { "报理赔中心", "鉴定", "医调委调解", "诉讼",
						   "赔付结案" };
		snprintf(label, sizeof label, "纠纷处理：%s（件）", st[i]);
		snprintf(n1, sizeof n1, "%ld", r->dispute_stage[i]);
		cells[0] = label, cells[1] = n1;
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, claims_note);
}

static void sec_repeat(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { "投诉人（已遮蔽）", 0, PDF_L },
					{ "件数", 80, PDF_R | PDF_NUM } };
	char buf[256];

	snprintf(buf, sizeof buf,
		 "注：本期投诉两次及以上的投诉人 %ld 人，共 %ld 件（列出前 %d 位）。按电话识别，"
		 "无电话时按姓名；匿名投诉不计。",
		 r->repeat_people, r->repeat_cases, REPORT_TOP_REPEAT);
	pdf_heading(p, "十、重复投诉人", 60);
	pdf_table(p, cols, 2);
	pdf_table_keep(p, r->nrepeat ? r->nrepeat : 1, note_h(p, buf));
	for (int i = 0; i < r->nrepeat; i++) {
		char n[24];
		const char *cells[2] = { r->repeat[i].who, n };
		snprintf(n, sizeof n, "%ld", r->repeat[i].cases);
		pdf_row(p, cells);
	}
	if (r->nrepeat == 0) {
		const char *cells[2] = { "（本期无重复投诉人）", "" };
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, buf);
}

static void late_row(struct pdf *p, const struct report_late *x, const char *item,
		     const char *open)
{
	char rc[11], due[11], cl[16], days[16], num[48];
	const char *cells[7] = { item, num, x->dept, rc, due, cl, days };

	if (x->round > 0)       /* an earlier round's late reply */
		snprintf(num, sizeof num, "%s#%d", x->number, x->round);
	else
		snprintf(num, sizeof num, "%s", x->number);
	date_format(x->received, rc);
	date_format(x->due, due);
	if (x->closed >= 0)
		date_format(x->closed, cl);
	else
		snprintf(cl, sizeof cl, "%s", open);
	snprintf(days, sizeof days, "%d", x->days_late);
	pdf_row(p, cells);
}

static void sec_late(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { "条款", 34, PDF_L }, { "案件编号", 84, PDF_L | PDF_NUM },
					{ "承办部门", 0, PDF_L }, { "收到", 62, PDF_L | PDF_NUM },
					{ "期限", 62, PDF_L | PDF_NUM },
					{ "答复/办结", 62, PDF_L | PDF_NUM },
					{ "逾期日", 40, PDF_R | PDF_NUM } };
	int n = r->nlate + r->nlate_feedback + r->nreturns + r->nlate_rectify;
	char buf[1536], asof[11];

	date_format(r->as_of, asof);
	snprintf(buf, sizeof buf,
		 "注：(一) 逾期答复 %d 件：本期内逾期办结 %ld 件，期末（%s）逾期未结 %ld 件（含往期收到）。"
		 "(二) 逾期反馈 %d 件：部门书面反馈晚于其转办期限（本期内反馈，或期末仍未反馈），"
		 "承办部门为逾期的部门，答复/办结为反馈日期，期末仍未反馈的为“未反馈”。答复/办结"
		 "为答复期限得到满足（答复或办结）的日期；逾期日为期限之后至该日（未结的至期末）的"
		 "工作日数，按节假日日历计算，在期限后但未满一个工作日的计 0。多部门的投诉列主办"
		 "部门，\"+n\" 为协办部门数；未转办或各部门均已退回的投诉由投诉管理部门承担。"
		 "答复期限第一轮自收到起算，其后各轮自重开起算；\"#n\" 为已重开案件第 n 轮的逾期"
		 "答复，不因后一轮按期而略去。(三) 退回理由未获认可（同轮再次转交该科室）的，"
		 "答复/办结为退回日。(四) 为督办件的逾期答复。(六) 整改逾期 %d 件：结案时确定的整改晚于其期限完成"
		 "或期末仍未完成，承办部门为责任科室。",
		 r->nlate, r->late_closed, asof, r->late_open, r->nlate_feedback, r->nlate_rectify);
	pdf_heading(p, "十一、逾期通报名单（第三十五条）", 60);
	pdf_table(p, cols, 7);
	pdf_table_keep(p, n ? n : 1, note_h(p, buf));
	for (int i = 0; i < r->nlate; i++)
		late_row(p, &r->late[i], r->late[i].supervised ? "(四)" : "(一)", "未结");
	for (int i = 0; i < r->nlate_feedback; i++)
		late_row(p, &r->late_feedback[i], "(二)", "未反馈");
	for (int i = 0; i < r->nreturns; i++)
		late_row(p, &r->returns[i], "(三)", "");
	for (int i = 0; i < r->nlate_rectify; i++)
		late_row(p, &r->late_rectify[i], "(六)", "未整改");
	if (n == 0) {
		const char *cells[7] = { "", "", "（本期无逾期案件）", "", "", "", "" };
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, buf);
}

/* 第三十二、三十四条: the appraisal's table of substantiated findings. */
static void sec_resp(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { "责任科室", 0, PDF_L }, { "责任人员", 130, PDF_L },
					{ "有效", 70, PDF_R | PDF_NUM },
					{ "部分有效", 70, PDF_R | PDF_NUM } };
	static const char resp_note[] =
		"注：按本期结案的有效、部分有效投诉统计，责任科室、人员为结案时的认定（未指明的为"
		"主办科室），供考核（第三十二、三十四条）。";

	pdf_heading(p, "十三、有效投诉责任科室与人员（第三十二、三十四条）", 60);
	pdf_table(p, cols, 4);
	pdf_table_keep(p, r->nresp ? r->nresp : 1, note_h(p, resp_note));
	for (int i = 0; i < r->nresp; i++) {
		const struct report_resp *x = &r->resp[i];
		char n1[24], n2[24];
		const char *cells[4] = { x->dept, *x->staff ? x->staff : "（科室）", n1, n2 };
		snprintf(n1, sizeof n1, "%ld", x->substantiated);
		snprintf(n2, sizeof n2, "%ld", x->partly);
		pdf_row(p, cells);
	}
	if (r->nresp == 0) {
		const char *cells[4] = { "（本期无有效或部分有效投诉）", "", "", "" };
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, resp_note);
}

/* The steps entered late (recorded in the period, dated earlier). */
static void sec_late_entries(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { "案件编号", 84, PDF_L | PDF_NUM }, { "步骤", 70, PDF_L },
					{ "录入人", 0, PDF_L },
					{ "登记时间", 96, PDF_L | PDF_NUM },
					{ "实际录入", 96, PDF_L | PDF_NUM } };
	static const char le_note[] =
		"注：补录指登记时间（--at）早于实际录入时间超过规定时限（cdesk.ini [cases] "
		"late_margin，默认 10 分钟）的处理步骤，仅管理员和投诉办公室专员可以补录；按实际录"
		"入时间列入本期。";

	pdf_heading(p, "十四、补录事项", 60);
	pdf_table(p, cols, 5);
	pdf_table_keep(p, r->nlate_entries ? r->nlate_entries : 1, note_h(p, le_note));
	for (int i = 0; i < r->nlate_entries; i++) {
		const struct report_late_entry *x = &r->late_entries[i];
		char at[17], rec[17];
		const char *cells[5] = { x->number[0] ? x->number : "-", x->action, x->actor, at,
					 rec };
		strlcpy_(at, x->at, sizeof at);
		strlcpy_(rec, x->recorded, sizeof rec);
		pdf_row(p, cells);
	}
	if (r->nlate_entries == 0) {
		const char *cells[5] = { "", "", "（本期无补录事项）", "", "" };
		pdf_row(p, cells);
	}
	pdf_table_end(p);
	note(p, le_note);
}

/* The foot: the event chain's head, for a later cdesk check --anchor. */
static void sec_chain(struct pdf *p, const struct report *r)
{
	char buf[300], anchor[96];

	snprintf(buf, sizeof buf, "制表时事件链共 %lld 个事件，链头如下；日后以 cdesk check "
		 "--anchor 链头 核对，可确认此后没有事件被删除或改动。", (long long)r->chain_events);
	pdf_heading(p, "审计链", 60);
	note(p, buf);
	/* as report_chain_anchor() (src/core/report_audit.c) writes it */
	snprintf(anchor, sizeof anchor, "%lld:%s", (long long)r->chain_events, r->chain_hash);
	pdf_para(p, anchor, NOTE_SIZE, PDF_L | PDF_NUM);
}

static void sec_trend(struct pdf *p, const struct report *r)
{
	const struct pdf_col cols[] = { { r->period.kind == PERIOD_QUARTER ? "季度" : "月份", 0,
					  PDF_L | PDF_NUM },
					{ "收到", 80, PDF_R | PDF_NUM }, { "办结", 80, PDF_R | PDF_NUM },
					{ "按期办结", 80, PDF_R | PDF_NUM },
					{ "按期办结率", 80, PDF_R | PDF_NUM },
					{ "期末逾期", 80, PDF_R | PDF_NUM } };

	pdf_heading(p, r->period.kind == PERIOD_QUARTER ? "十二、近八个季度趋势"
							: "十二、近八个月趋势", 200);
	static const char trend_note[] = "注：每期的数字按该期期末的状态计算，与该期单独出具的报告一致。";

	pdf_chart_trend(p, r);
	pdf_table(p, cols, 6);
	pdf_table_keep(p, r->ntrend, note_h(p, trend_note));
	for (int i = 0; i < r->ntrend; i++) {
		const struct report_trend *x = &r->trend[i];
		char code[8], rc[16], cl[16], ok[16], ot[16], od[16];
		const char *cells[6] = { code, rc, cl, ok, ot, od };
		report_period_code(&x->period, code);
		snprintf(rc, sizeof rc, "%ld", x->received);
		snprintf(cl, sizeof cl, "%ld", x->closed);
		snprintf(ok, sizeof ok, "%ld", x->closed_on_time);
		pdf_fmt_pct(x->closed_on_time, x->closed, ot, sizeof ot);
		snprintf(od, sizeof od, "%ld", x->overdue_at_end);
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
	sec_depts(p, r, ra->target);
	sec_findings(p, r);
	sec_claims(p, r);
	sec_repeat(p, r);
	sec_late(p, r);
	sec_trend(p, r);
	sec_resp(p, r);
	sec_late_entries(p, r);
	sec_chain(p, r);
}

long pdf_row_sum(const struct report_breakdown *b)
{
	long s = 0;

	for (int i = 0; i < b->nrows; i++)
		s += b->rows[i].n;
	return s;
}

int app_report_pdf(struct app *a, const struct report *r, struct sbuf *out, struct err *err)
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
