/*
 * The words and rows both the text report (report_text.c) and the PDF
 * (src/app/pdf_report.c) print: the notes under the tables and the rows of
 * the tables (一, 七, 八, 十 … 十四), written once so that the two never say different things of the
 * same figures.
 */
#include "core/date.h"
#include "core/money.h"
#include "core/report.h"
#include "core/util.h"
#include "report_priv.h"

#include <stdio.h>
#include <string.h>

static void fmt_change(long now, long before, char *buf, size_t size)
{
	if (before <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%+.1f%%", 100.0 * (double)(now - before) / (double)before);
}

void report_totals_row(const struct report *r, int i, struct report_cells *out)
{
	const struct report_totals *t = &r->totals, *p = &r->prev, *y = &r->year_ago;
	const struct {
		const char *label;
		int indent;
		long a, b, c;
	} rows[REPORT_TOTALS_ROWS] = {
		{ "收到", 0, t->received, p->received, y->received },
		{ "受理", 1, t->accepted, p->accepted, y->accepted },
		{ "不予受理", 1, t->rejected, p->rejected, y->rejected },
		{ "合并（重复投诉）", 1, t->merged, p->merged, y->merged },
		{ "受理中：办结", 0, t->closed, p->closed, y->closed },
		{ "期末未结", 4, t->open_at_end, p->open_at_end, y->open_at_end },
		{ "办结中：按期办结", 0, t->closed_on_time, p->closed_on_time, y->closed_on_time },
		{ "期末逾期未结（含往期）", 0, t->overdue_at_end, p->overdue_at_end,
		  y->overdue_at_end },
	};

	memset(out, 0, sizeof *out);
	if (i < 0 || i >= REPORT_TOTALS_ROWS)
		return;
	out->indent = rows[i].indent;
	snprintf(out->cell[0], sizeof out->cell[0], "%s", rows[i].label);
	snprintf(out->cell[1], sizeof out->cell[1], "%ld", rows[i].a);
	strcpy(out->cell[2], "-");
	strcpy(out->cell[3], "-");
	strcpy(out->cell[4], "-");
	strcpy(out->cell[5], "-");
	if (r->have_prev) {
		snprintf(out->cell[2], sizeof out->cell[2], "%ld", rows[i].b);
		fmt_change(rows[i].a, rows[i].b, out->cell[3], sizeof out->cell[3]);
	}
	if (r->have_year_ago) {
		snprintf(out->cell[4], sizeof out->cell[4], "%ld", rows[i].c);
		fmt_change(rows[i].a, rows[i].c, out->cell[5], sizeof out->cell[5]);
	}
}

void report_cells_ptrs(const struct report_cells *c, int n, const char **out)
{
	for (int k = 0; k < n; k++)
		out[k] = c->cell[k];
}

void report_dept_row(const struct report *r, int i, report_pct_fn *pct, struct report_cells *out)
{
	const struct report_dept *x = &r->depts[i];

	memset(out, 0, sizeof *out);
	out->bar = x->received;
	snprintf(out->cell[0], sizeof out->cell[0], "%s", x->name);
	snprintf(out->cell[1], sizeof out->cell[1], "%ld", x->received);
	snprintf(out->cell[2], sizeof out->cell[2], "%ld", x->closed);
	pct(x->closed_on_time, x->closed, out->cell[3], sizeof out->cell[3]);
	snprintf(out->cell[4], sizeof out->cell[4], "%ld", x->overdue_now);
	if (x->median_reply_days >= 0)
		snprintf(out->cell[5], sizeof out->cell[5], "%.1f", x->median_reply_days);
	else
		strcpy(out->cell[5], "-");
	snprintf(out->cell[6], sizeof out->cell[6], "%ld", x->reopened);
	snprintf(out->cell[7], sizeof out->cell[7], "%ld", x->callbacks);
	pct(x->satisfied, x->callbacks, out->cell[8], sizeof out->cell[8]);
}

void report_finding_row(const struct report *r, int i, report_pct_fn *pct,
			struct report_cells *out)
{
	long n = i < FINDING__COUNT ? r->findings[i] :
		 i == FINDING__COUNT ? r->finding_none : r->finding_na;

	memset(out, 0, sizeof *out);
	out->bar = n;
	snprintf(out->cell[0], sizeof out->cell[0], "%s",
		 i < FINDING__COUNT ? finding_label((enum finding)i) :
		 i == FINDING__COUNT ? "未认定" : "无需认定");
	snprintf(out->cell[1], sizeof out->cell[1], "%ld", n);
	pct(n, r->totals.closed, out->cell[2], sizeof out->cell[2]);
}

void report_repeat_row(const struct report *r, int i, report_pct_fn *pct,
		       struct report_cells *out)
{
	(void)pct;
	memset(out, 0, sizeof *out);
	snprintf(out->cell[0], sizeof out->cell[0], "%s", r->repeat[i].who);
	snprintf(out->cell[1], sizeof out->cell[1], "%ld", r->repeat[i].cases);
}

void report_trend_row(const struct report *r, int i, report_pct_fn *pct, struct report_cells *out)
{
	const struct report_trend *x = &r->trend[i];

	memset(out, 0, sizeof *out);
	out->bar = x->received;
	report_period_code(&x->period, out->cell[0]);
	snprintf(out->cell[1], sizeof out->cell[1], "%ld", x->received);
	snprintf(out->cell[2], sizeof out->cell[2], "%ld", x->closed);
	snprintf(out->cell[3], sizeof out->cell[3], "%ld", x->closed_on_time);
	pct(x->closed_on_time, x->closed, out->cell[4], sizeof out->cell[4]);
	snprintf(out->cell[5], sizeof out->cell[5], "%ld", x->overdue_at_end);
}

void report_resp_row(const struct report *r, int i, report_pct_fn *pct, struct report_cells *out)
{
	const struct report_resp *x = &r->resp[i];

	(void)pct;
	memset(out, 0, sizeof *out);
	snprintf(out->cell[0], sizeof out->cell[0], "%s", x->dept);
	snprintf(out->cell[1], sizeof out->cell[1], "%s", *x->staff ? x->staff : "（科室）");
	snprintf(out->cell[2], sizeof out->cell[2], "%ld", x->substantiated);
	snprintf(out->cell[3], sizeof out->cell[3], "%ld", x->partly);
}

void report_late_entry_row(const struct report *r, int i, report_pct_fn *pct,
			   struct report_cells *out)
{
	const struct report_late_entry *x = &r->late_entries[i];

	(void)pct;
	memset(out, 0, sizeof *out);
	snprintf(out->cell[0], sizeof out->cell[0], "%s", x->number[0] ? x->number : "-");
	snprintf(out->cell[1], sizeof out->cell[1], "%s", x->action);
	snprintf(out->cell[2], sizeof out->cell[2], "%s", x->actor);
	strlcpy_(out->cell[3], x->at, 17);
	strlcpy_(out->cell[4], x->recorded, 17);
}

/* "%d" of n into buf (room for any int), without printf: a million-case
 * quarter lists a hundred thousand rows of the 第三十五条 list. */
static void put_int(char *buf, int n)
{
	char digits[12];
	unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
	int k = 0;

	do
		digits[k++] = (char)('0' + u % 10u);
	while ((u /= 10u) > 0);
	if (n < 0)
		*buf++ = '-';
	while (k > 0)
		*buf++ = digits[--k];
	*buf = '\0';
}

/* The cells of the 第三十五条 list are short: only the cells the row sets
 * are cleared (the rest of *out is left as it was). */
void report_late_fill(const struct report_late *x, const char *item, const char *open,
		      struct report_cells *out)
{
	out->indent = 0;
	out->bar = 0;
	for (int k = 7; k < 9; k++)
		out->cell[k][0] = '\0';
	strlcpy_(out->cell[0], item, sizeof out->cell[0]);
	if (x->round > 0)       /* an earlier round's late reply */
		snprintf(out->cell[1], sizeof out->cell[1], "%s#%d", x->number, x->round);
	else
		strlcpy_(out->cell[1], x->number, sizeof out->cell[1]);
	strlcpy_(out->cell[2], x->dept, sizeof out->cell[2]);
	date_format(x->received, out->cell[3]);
	date_format(x->due, out->cell[4]);
	if (x->closed >= 0)
		date_format(x->closed, out->cell[5]);
	else
		strlcpy_(out->cell[5], open, sizeof out->cell[5]);
	put_int(out->cell[6], x->days_late);
}

int report_late_rows(const struct report *r)
{
	return r->nlate + r->nlate_feedback + r->nreturns + r->nrepeats + r->nlate_rectify;
}

void report_late_row(const struct report *r, int i, report_pct_fn *pct, struct report_cells *out)
{
	const struct {
		const struct report_late *rows;
		int n;
		const char *item, *open;
	} lists[] = {
		{ r->late, r->nlate, "(一)", "未结" },
		{ r->late_feedback, r->nlate_feedback, "(二)", "未反馈" },
		{ r->returns, r->nreturns, "(三)", "" },
		{ r->repeats, r->nrepeats, "(五)", NULL },
		{ r->late_rectify, r->nlate_rectify, "(六)", "未整改" },
	};

	(void)pct;
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; i -= lists[k++].n) {
		const struct report_late *x;
		char n[24];
		if (i >= lists[k].n)
			continue;
		x = &lists[k].rows[i];
		if (!lists[k].open) {   /* "重复%d件" */
			memcpy(n, "重复", sizeof "重复" - 1);
			put_int(n + sizeof "重复" - 1, x->cases);
			strcat(n, "件");
		}
		report_late_fill(x, k == 0 && x->supervised ? "(四)" : lists[k].item,
				 lists[k].open ? lists[k].open : n, out);
		return;
	}
	memset(out, 0, sizeof *out);
}

void report_claim_row(const struct report *r, int i, report_pct_fn *pct, struct report_cells *out)
{
	static const char *const stages[5] = { "报理赔中心", "鉴定", "医调委调解", "诉讼",
					       "赔付结案" };
	char *label = out->cell[0], *value = out->cell[1];
	char thr[32];

	(void)pct;
	memset(out, 0, sizeof *out);
	if (i == 0) {
		strcpy(label, "提出索赔（件）");
		snprintf(value, sizeof out->cell[1], "%ld", r->claims);
	} else if (i == 1) {
		money_format_as(r->claim_threshold_fen, MONEY_GROUPED, thr, sizeof thr);
		snprintf(label, sizeof out->cell[0], "索赔达到 %s 元（件）", thr);
		snprintf(value, sizeof out->cell[1], "%ld", r->claims_over);
	} else if (i == 2 || i == 3) {
		strcpy(label, i == 2 ? "索赔总额（元）" : "实际赔付总额（元）");
		money_format_as(i == 2 ? r->claimed_fen : r->paid_fen, MONEY_GROUPED, value,
				sizeof out->cell[1]);
	} else if (i < 9) {     /* the dispute track, by the latest stage */
		snprintf(label, sizeof out->cell[0], "纠纷处理：%s（件）", stages[i - 4]);
		snprintf(value, sizeof out->cell[1], "%ld", r->dispute_stage[i - 4]);
	} else if (i < REPORT_CLAIM_ROWS) {     /* reviews concluded, by outcome */
		snprintf(label, sizeof out->cell[0], "复核：%s（件）", report_review_label(i - 9));
		snprintf(value, sizeof out->cell[1], "%ld", r->review_outcome[i - 9]);
	}
}

static int nclaims(const struct report *r) { (void)r; return REPORT_CLAIM_ROWS; }
static int ndepts(const struct report *r) { return r->ndepts; }
static int nfindings(const struct report *r) { (void)r; return REPORT_FINDING_ROWS; }
static int nrepeat(const struct report *r) { return r->nrepeat; }
static int nresp(const struct report *r) { return r->nresp; }
static int nlate_entries(const struct report *r) { return r->nlate_entries; }

const struct report_table report_tables[RT__COUNT] = {
	[RT_DEPTS] = { "七、承办部门办理情况", RN_DEPTS, 9, ndepts, report_dept_row,
		       "（本期无投诉）", 0 },
	[RT_FINDINGS] = { "八、投诉核实认定", RN_FINDINGS, 3, nfindings, report_finding_row,
			  NULL, 0 },
	[RT_CLAIMS] = { "九、索赔情况", RN_CLAIMS, 2, nclaims, report_claim_row, NULL, 0 },
	[RT_REPEAT] = { "十、重复投诉人", RN_REPEAT, 2, nrepeat, report_repeat_row,
			"（本期无重复投诉人）", 0 },
	[RT_LATE] = { "十一、逾期通报名单（第三十五条）", RN_LATE, 7, report_late_rows,
		      report_late_row, "（本期无逾期案件）", 2 },
	[RT_RESP] = { "十三、有效投诉责任科室与人员（第三十二、三十四条）", RN_RESP, 4, nresp,
		      report_resp_row, "（本期无有效或部分有效投诉）", 0 },
	[RT_LATE_ENTRIES] = { "十四、补录事项", RN_LATE_ENTRIES, 5, nlate_entries,
			      report_late_entry_row, "（本期无补录事项）", 2 },
};

char *report_note(const struct report *r, enum report_note n)
{
	char asof[11];
	long sum = 0;

	date_format(r->as_of, asof);
	switch (n) {
	case RN_TOTALS:
		return xasprintf("每件投诉在每个总数中只计一次。收到 = 受理 + 不予受理 + 合并；"
				 "受理 = 办结 + 期末未结。状态按期末（%s）计算，期末以后才办结的按未结"
				 "计；按期指在答复期限内办结。期末逾期未结含往期收到、期末仍未办结且已"
				 "过期限的投诉。", asof);
	case RN_DEPTS:
		for (int i = 0; i < r->ndepts; i++)
			sum += r->depts[i].received;
		return xasprintf("涉及多个部门的投诉在每个承办部门各计一次（收到各行之和 %ld，"
				 "收到总数 %ld，计入至少一个部门的 %ld 件）。按期率 = 按期办结 / 办结；"
				 "期末逾期为期末仍未办结且已过期限的件数（含往期）；答复中位为收到至答复"
				 "的工作日数的中位数；重开为本期收到且被重新派单的件数；满意率 = （满意 "
				 "+ 基本满意）/ 回访。", sum, r->totals.received, r->depts_distinct);
	case RN_FINDINGS:
		return xasprintf("按本期收到并已办结的投诉统计，各项之和等于办结数（%ld）；咨询、"
				 "建议、表扬无需核实认定，计入“无需认定”，不计为无效。",
				 r->totals.closed);
	case RN_CLAIMS:
		return xstrdup("按本期收到的投诉统计；达到阈值的应报医疗纠纷理赔处理中心。阈值见 "
			       "rules.ini。纠纷处理按期末所处的最后阶段计；复核按本期作出的结论计。");
	case RN_REPEAT:
		return xasprintf("本期投诉两次及以上的投诉人 %ld 人，共 %ld 件（列出前 %d 位）。"
				 "按电话识别，无电话时按姓名；匿名投诉不计。",
				 r->repeat_people, r->repeat_cases, REPORT_TOP_REPEAT);
	case RN_LATE:
		return xasprintf(
			"(一) 逾期答复 %d 件：本期内逾期办结 %ld 件，期末（%s）逾期未结 %ld 件（含往期"
			"收到）。(二) 逾期反馈 %d 件：部门书面反馈晚于其转办期限（本期内反馈，或期末仍"
			"未反馈），承办部门为逾期的部门，答复/办结为反馈日期，期末仍未反馈的为“未反馈”。"
			"答复/办结为答复期限得到满足（答复或办结）的日期；逾期日为期限之后至该日（未结的"
			"至期末）的工作日数，按节假日日历计算，在期限后但未满一个工作日的计 0。多部门的"
			"投诉列主办部门，\"+n\" 为协办部门数；未转办或各部门均已退回的投诉由投诉管理部门"
			"承担。答复期限第一轮自收到起算，其后各轮自重开起算；\"#n\" 为已重开案件第 n 轮"
			"的逾期答复，不因后一轮按期而略去。(三) 退回理由未获认可（同轮再次转交该科室）的，"
			"答复/办结为退回日。(四) 为督办件的逾期答复。(五) 同一科室、人员被重复投诉：本期收"
			"到的投诉中同一被投诉科室及人员 2 件及以上，或同一科室 %d 件及以上的，逐件列出，"
			"承办部门为被投诉科室（/人员），并注明件数。(六) 整改逾期 %d 件：结案时确定的整"
			"改晚于其期限完成或期末仍未完成，承办部门为责任科室。",
			r->nlate, r->late_closed, asof, r->late_open, r->nlate_feedback,
			r->repeat_unit, r->nlate_rectify);
	case RN_RESP:
		return xstrdup("按本期结案的有效、部分有效投诉统计，责任科室、人员为结案时的认定（未"
			       "指明的为主办科室），供考核（第三十二、三十四条）。");
	case RN_TREND:
		return xstrdup("每期的数字按该期期末的状态计算，与该期单独出具的报告一致。");
	case RN_LATE_ENTRIES:
		return xstrdup("补录指登记时间（--at）早于实际录入时间超过规定时限（cdesk.ini "
			       "[cases] late_margin，默认 10 分钟）的处理步骤，仅管理员和投诉办公室专员"
			       "可以补录；按实际录入时间列入本期。");
	case RN_CHAIN:
		return xasprintf("制表时事件链共 %lld 个事件，链头如下；日后以 cdesk check --anchor "
				 "链头 核对，可确认此后没有事件被删除或改动。",
				 (long long)r->chain_events);
	}
	return xstrdup("");
}

char *report_note_breakdown(const struct report *r, const struct report_breakdown *bd,
			    const char *what)
{
	if (!bd->multi)
		return xasprintf("每件投诉计一次，各行之和等于收到总数（%ld）。", r->totals.received);
	return xasprintf("涉及多个%s的投诉在每个%s中各计一次，各行之和（%ld）可大于收到总数（%ld）；"
			 "计入至少一个%s的投诉 %ld 件。占比以收到总数为分母。", what, what,
			 report_row_sum(bd), r->totals.received, what, bd->distinct);
}
