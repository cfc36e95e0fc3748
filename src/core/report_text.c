/*
 * The report as text: paged for an A4 printer, and unpaged with bar charts
 * for the screen. Both lay out the same sections (tables aligned by display
 * width, notes wrapped the Chinese way) from one struct report.
 */
#include "core/money.h"
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

static void fmt_change(long now, long before, char *buf, size_t size)
{
	if (before <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%+.1f%%", 100.0 * (double)(now - before) / (double)before);
}

static void fmt_median(double m, char *buf, size_t size)
{
	if (m < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f", m);
}

static const char *period_word(const struct report *r)
{
	return r->period.kind == PERIOD_QUARTER ? "季度" : "月";
}

/* ---- the sections ---- */

static void sec_totals(struct doc *d, const struct report *r)
{
	const char *pw = period_word(r);
	char t_this[16], t_prev[16];
	struct col cols[] = { { "项目", 22, false }, { t_this, 8, true }, { t_prev, 8, true },
			      { "环比", 8, true }, { "去年同期", 8, true }, { "同比", 8, true } };
	struct block *b;
	char asof[11], buf[512];
	const struct report_totals *t = &r->totals, *p = &r->prev, *y = &r->year_ago;
	struct {
		const char *label;
		long a, b, c;
	} rows[] = {
		{ "收到", t->received, p->received, y->received },
		{ "  受理", t->accepted, p->accepted, y->accepted },
		{ "  不予受理", t->rejected, p->rejected, y->rejected },
		{ "  合并（重复投诉）", t->merged, p->merged, y->merged },
		{ "受理中：办结", t->closed, p->closed, y->closed },
		{ "        期末未结", t->open_at_end, p->open_at_end, y->open_at_end },
		{ "办结中：按期办结", t->closed_on_time, p->closed_on_time, y->closed_on_time },
		{ "期末逾期未结（含往期）", t->overdue_at_end, p->overdue_at_end, y->overdue_at_end },
	};

	snprintf(t_this, sizeof t_this, "本%s", pw);
	snprintf(t_prev, sizeof t_prev, "上%s", pw);
	b = rdoc_table_start(d, "一、总体情况", cols, 6);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char a[24], bb[24], c[24], ch1[16], ch2[16];
		const char *cells[6] = { rows[i].label, a, bb, ch1, c, ch2 };
		snprintf(a, sizeof a, "%ld", rows[i].a);
		if (r->have_prev)
			snprintf(bb, sizeof bb, "%ld", rows[i].b);
		else
			strcpy(bb, "-");
		if (r->have_year_ago)
			snprintf(c, sizeof c, "%ld", rows[i].c);
		else
			strcpy(c, "-");
		if (r->have_prev)
			fmt_change(rows[i].a, rows[i].b, ch1, sizeof ch1);
		else
			strcpy(ch1, "-");
		if (r->have_year_ago)
			fmt_change(rows[i].a, rows[i].c, ch2, sizeof ch2);
		else
			strcpy(ch2, "-");
		rdoc_table_row(d, b, cols, 6, cells, 0, 0);
	}
	{
		char pct[16];
		fmt_pct(t->closed_on_time, t->closed, pct, sizeof pct);
		snprintf(buf, sizeof buf, "按期办结率 %s（按期办结 / 办结）", pct);
		rdoc_lines_push(&b->l, xstrdup(buf));
	}
	date_format(r->as_of, asof);
	snprintf(buf, sizeof buf,
		 "每件投诉在每个总数中只计一次。收到 = 受理 + 不予受理 + 合并；受理 = 办结 + "
		 "期末未结。状态按期末（%s）计算，期末以后才办结的按未结计；按期指在答复期限内办结。"
		 "期末逾期未结含往期收到、期末仍未办结且已过期限的投诉。",
		 asof);
	rdoc_note(d, b, buf);
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
	char buf[512];

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
	if (bd->multi)
		snprintf(buf, sizeof buf,
			 "涉及多个%s的投诉在每个%s中各计一次，各行之和（%ld）可大于收到总数（%ld）；"
			 "计入至少一个%s的投诉 %ld 件。占比以收到总数为分母。",
			 rule, rule, report_row_sum(bd), r->totals.received, rule, bd->distinct);
	else
		snprintf(buf, sizeof buf, "每件投诉计一次，各行之和等于收到总数（%ld）。",
			 r->totals.received);
	rdoc_note(d, b, buf);
	rdoc_block_end(b);
}

static void sec_depts(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "承办部门", 14, false }, { "收到", 5, true }, { "办结", 5, true },
			      { "按期率", 7, true }, { "期末逾期", 8, true },
			      { "答复中位", 8, true }, { "重开", 4, true }, { "回访", 4, true },
			      { "满意率", 7, true } };
	struct block *b = rdoc_table_start(d, "七、承办部门办理情况", cols, 9);
	long sum = 0, max = 0;
	char buf[640];

	for (int i = 0; i < r->ndepts; i++)
		if (r->depts[i].received > max)
			max = r->depts[i].received;
	for (int i = 0; i < r->ndepts; i++) {
		const struct report_dept *x = &r->depts[i];
		char rc[16], cl[16], ot[16], od[16], md[16], ro[16], cb[16], sat[16];
		const char *cells[9] = { x->name, rc, cl, ot, od, md, ro, cb, sat };
		snprintf(rc, sizeof rc, "%ld", x->received);
		snprintf(cl, sizeof cl, "%ld", x->closed);
		fmt_pct(x->closed_on_time, x->closed, ot, sizeof ot);
		snprintf(od, sizeof od, "%ld", x->overdue_now);
		fmt_median(x->median_reply_days, md, sizeof md);
		snprintf(ro, sizeof ro, "%ld", x->reopened);
		snprintf(cb, sizeof cb, "%ld", x->callbacks);
		fmt_pct(x->satisfied, x->callbacks, sat, sizeof sat);
		rdoc_table_row(d, b, cols, 9, cells, x->received, max);
		sum += x->received;
	}
	if (r->ndepts == 0)
		rdoc_lines_push(&b->l, xstrdup("（本期无投诉）"));
	snprintf(buf, sizeof buf,
		 "涉及多个部门的投诉在每个承办部门各计一次（收到各行之和 %ld，收到总数 %ld，"
		 "计入至少一个部门的 %ld 件）。按期率 = 按期办结 / 办结；期末逾期为期末仍未办结且"
		 "已过期限的件数（含往期）；答复中位为收到至答复的工作日数的中位数；重开为本期"
		 "收到且被重新派单的件数；满意率 = （满意 + 基本满意）/ 回访。",
		 sum, r->totals.received, r->depts_distinct);
	rdoc_note(d, b, buf);
	rdoc_block_end(b);
}

static void sec_findings(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "认定结果", 24, false }, { "件数", 8, true }, { "占比", 8, true } };
	struct block *b = rdoc_table_start(d, "八、投诉核实认定", cols, 3);
	long max = r->finding_none > r->finding_na ? r->finding_none : r->finding_na;
	char buf[320];

	for (int i = 0; i < FINDING__COUNT; i++)
		if (r->findings[i] > max)
			max = r->findings[i];
	for (int i = 0; i <= FINDING__COUNT + 1; i++) {
		long n = i < FINDING__COUNT ? r->findings[i] :
			 i == FINDING__COUNT ? r->finding_none : r->finding_na;
		char ns[24], pct[16];
		const char *cells[3] = {
			i < FINDING__COUNT ? finding_label((enum finding)i) :
			i == FINDING__COUNT ? "未认定" : "无需认定", ns, pct
		};
		snprintf(ns, sizeof ns, "%ld", n);
		fmt_pct(n, r->totals.closed, pct, sizeof pct);
		rdoc_table_row(d, b, cols, 3, cells, n, max);
	}
	snprintf(buf, sizeof buf, "按本期收到并已办结的投诉统计，各项之和等于办结数（%ld）；"
		 "咨询、建议、表扬无需核实认定，计入“无需认定”，不计为无效。",
		 r->totals.closed);
	rdoc_note(d, b, buf);
	rdoc_block_end(b);
}

static void sec_claims(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "项目", 28, false }, { "数值", 20, true } };
	struct block *b = rdoc_table_start(d, "九、索赔情况", cols, 2);
	char thr[32], label[96], n1[24], n2[24], y1[32], y2[32];
	const char *cells[2] = { "提出索赔（件）", n1 };

	money_format_as(r->claim_threshold_fen, MONEY_GROUPED, thr, sizeof thr);
	snprintf(n1, sizeof n1, "%ld", r->claims);
	rdoc_table_row(d, b, cols, 2, cells, 0, 0);
	snprintf(label, sizeof label, "索赔达到 %s 元（件）", thr);
	snprintf(n2, sizeof n2, "%ld", r->claims_over);
	cells[0] = label;
	cells[1] = n2;
	rdoc_table_row(d, b, cols, 2, cells, 0, 0);
	cells[0] = "索赔总额（元）";
	cells[1] = money_format_as(r->claimed_fen, MONEY_GROUPED, y1, sizeof y1);
	rdoc_table_row(d, b, cols, 2, cells, 0, 0);
	cells[0] = "实际赔付总额（元）";
	cells[1] = money_format_as(r->paid_fen, MONEY_GROUPED, y2, sizeof y2);
	rdoc_table_row(d, b, cols, 2, cells, 0, 0);
	for (int i = 0; i < 5; i++) {   /* the dispute track, by the latest stage */
		static const char *const st[5] = { "报理赔中心", "鉴定", "医调委调解", "诉讼",
						   "赔付结案" };
		snprintf(label, sizeof label, "纠纷处理：%s（件）", st[i]);
		snprintf(n1, sizeof n1, "%ld", r->dispute_stage[i]);
		cells[0] = label, cells[1] = n1;
		rdoc_table_row(d, b, cols, 2, cells, 0, 0);
	}
	rdoc_note(d, b, "按本期收到的投诉统计；达到阈值的应报医疗纠纷理赔处理中心。阈值见 rules.ini。"
		"纠纷处理按期末所处的最后阶段计。");
	rdoc_block_end(b);
}

static void sec_repeat(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "投诉人（已遮蔽）", 32, false }, { "件数", 8, true } };
	struct block *b = rdoc_table_start(d, "十、重复投诉人", cols, 2);
	char buf[256];

	for (int i = 0; i < r->nrepeat; i++) {
		char n[24];
		const char *cells[2] = { r->repeat[i].who, n };
		snprintf(n, sizeof n, "%ld", r->repeat[i].cases);
		rdoc_table_row(d, b, cols, 2, cells, 0, 0);
	}
	if (r->nrepeat == 0)
		rdoc_lines_push(&b->l, xstrdup("（本期无重复投诉人）"));
	snprintf(buf, sizeof buf,
		 "本期投诉两次及以上的投诉人 %ld 人，共 %ld 件（列出前 %d 位）。按电话识别，"
		 "无电话时按姓名；匿名投诉不计。",
		 r->repeat_people, r->repeat_cases, REPORT_TOP_REPEAT);
	rdoc_note(d, b, buf);
	rdoc_block_end(b);
}

static void late_row(struct doc *d, struct block *b, struct col *cols,
		     const struct report_late *x, const char *item, const char *open)
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
	rdoc_table_row(d, b, cols, 7, cells, 0, 0);
}

static void sec_late(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "条款", 4, false }, { "案件编号", 14, false },
			      { "承办部门", 12, false }, { "收到", 10, false },
			      { "期限", 10, false }, { "答复/办结", 10, false },
			      { "逾期日", 6, true } };
	struct block *b = rdoc_table_start(d, "十一、逾期通报名单（第三十五条）", cols, 7);
	char buf[1536], asof[11];

	for (int i = 0; i < r->nlate; i++)
		late_row(d, b, cols, &r->late[i], r->late[i].supervised ? "(四)" : "(一)", "未结");
	for (int i = 0; i < r->nlate_feedback; i++)
		late_row(d, b, cols, &r->late_feedback[i], "(二)", "未反馈");
	for (int i = 0; i < r->nreturns; i++)
		late_row(d, b, cols, &r->returns[i], "(三)", "");
	for (int i = 0; i < r->nlate_rectify; i++)
		late_row(d, b, cols, &r->late_rectify[i], "(六)", "未整改");
	if (r->nlate == 0 && r->nlate_feedback == 0 && r->nlate_rectify == 0 && r->nreturns == 0)
		rdoc_lines_push(&b->l, xstrdup("（本期无逾期案件）"));
	date_format(r->as_of, asof);
	snprintf(buf, sizeof buf,
		 "(一) 逾期答复 %d 件：本期内逾期办结 %ld 件，期末（%s）逾期未结 %ld 件（含往期收到）。"
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
	rdoc_note(d, b, buf);
	rdoc_block_end(b);
}

/* 第三十二、三十四条: the appraisal's table of substantiated findings. */
static void sec_resp(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "责任科室", 20, false }, { "责任人员", 16, false },
			      { "有效", 8, true }, { "部分有效", 8, true } };
	struct block *b = rdoc_table_start(d, "十三、有效投诉责任科室与人员（第三十二、三十四条）", cols, 4);

	for (int i = 0; i < r->nresp; i++) {
		const struct report_resp *x = &r->resp[i];
		char n1[24], n2[24];
		const char *cells[4] = { x->dept, *x->staff ? x->staff : "（科室）", n1, n2 };
		snprintf(n1, sizeof n1, "%ld", x->substantiated);
		snprintf(n2, sizeof n2, "%ld", x->partly);
		rdoc_table_row(d, b, cols, 4, cells, 0, 0);
	}
	if (r->nresp == 0)
		rdoc_lines_push(&b->l, xstrdup("（本期无有效或部分有效投诉）"));
	rdoc_note(d, b, "按本期结案的有效、部分有效投诉统计，责任科室、人员为结案时的认定（未指明的为"
		"主办科室），供考核（第三十二、三十四条）。");
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
		const struct report_trend *x = &r->trend[i];
		char code[8], rc[16], cl[16], ot[16], od[16];
		const char *cells[5] = { code, rc, cl, ot, od };
		report_period_code(&x->period, code);
		snprintf(rc, sizeof rc, "%ld", x->received);
		snprintf(cl, sizeof cl, "%ld", x->closed);
		fmt_pct(x->closed_on_time, x->closed, ot, sizeof ot);
		snprintf(od, sizeof od, "%ld", x->overdue_at_end);
		rdoc_table_row(d, b, cols, 5, cells, x->received, max);
	}
	rdoc_note(d, b, "每期的数字按该期期末的状态计算，与该期单独出具的报告一致。");
	rdoc_block_end(b);
}

/* The steps entered late (recorded in the period, dated earlier). */
static void sec_late_entries(struct doc *d, const struct report *r)
{
	struct col cols[] = { { "案件编号", 14, false }, { "步骤", 10, false },
			      { "录入人", 12, false }, { "登记时间", 16, false },
			      { "实际录入", 16, false } };
	struct block *b = rdoc_table_start(d, "十四、补录事项", cols, 5);

	for (int i = 0; i < r->nlate_entries; i++) {
		const struct report_late_entry *x = &r->late_entries[i];
		char at[17], rec[17];
		const char *cells[5] = { x->number[0] ? x->number : "-", x->action, x->actor, at,
					 rec };
		strlcpy_(at, x->at, sizeof at);
		strlcpy_(rec, x->recorded, sizeof rec);
		rdoc_table_row(d, b, cols, 5, cells, 0, 0);
	}
	if (r->nlate_entries == 0)
		rdoc_lines_push(&b->l, xstrdup("（本期无补录事项）"));
	rdoc_note(d, b, "补录指登记时间（--at）早于实际录入时间超过规定时限（cdesk.ini [cases] "
	     "late_margin，默认 10 分钟）的处理步骤，仅管理员和投诉办公室专员可以补录；按实际录"
	     "入时间列入本期。");
	rdoc_block_end(b);
}

/* The foot: the event chain's head, for a later cdesk check --anchor. */
static void sec_chain(struct doc *d, const struct report *r)
{
	struct block *b = rdoc_doc_block(d);
	char buf[300], anchor[96];

	snprintf(buf, sizeof buf, "制表时事件链共 %lld 个事件，链头如下；日后以 cdesk check "
		 "--anchor 链头 核对，可确认此后没有事件被删除或改动。", (long long)r->chain_events);
	rdoc_lines_push(&b->l, xstrdup("审计链"));
	rdoc_note(d, b, buf);
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
	sec_depts(d, r);
	sec_findings(d, r);
	sec_claims(d, r);
	sec_repeat(d, r);
	sec_late(d, r);
	sec_trend(d, r);
	sec_resp(d, r);
	sec_late_entries(d, r);
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

int report_render_text(const struct report *r, const struct report_layout *lay,
		       struct sbuf *out, struct err *err)
{
	struct doc d = { 0 };
	struct lines placed = { 0 };
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
#define PLACE(s) do { rdoc_lines_push(&placed, xstrdup(s)); pages[npages - 1].count++; used++; } while (0)
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
			char *fit = text_fit(placed.v[k], lay->width, false);
			sbuf_addf(out, "%s\n", fit);
			free(fit);
		}
	}
	free(pages);
	rdoc_lines_free(&placed);
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
			char *fit = text_fit(d.b[i].l.v[k], width, false);
			sbuf_addf(out, "%s\n", fit);
			free(fit);
		}
	rdoc_doc_free(&d);
	return 0;
}
