/* The report as CSV: UTF-8 with a byte-order mark, one block a section. */
#include "core/csv.h"
#include "core/money.h"
#include "core/report.h"
#include "report_priv.h"

#include <stdarg.h>
#include <stdio.h>

/* A leading = + - @ would be read as a formula by a spreadsheet. */
static void csv_field(struct sbuf *b, const char *s)
{
	csv_write_cell(b, s);
}

static void csv_row(struct sbuf *b, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_addn(b, ",", 1);
		csv_field(b, va_arg(ap, const char *));
	}
	va_end(ap);
	sbuf_add(b, "\r\n");
}

static void csv_pct(long num, long den, char *buf, size_t size)
{
	if (den <= 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%.1f", 100.0 * (double)num / (double)den);
}

static void csv_breakdown(struct sbuf *b, const char *section, const struct report_breakdown *bd,
			  long total)
{
	csv_row(b, 5, "section", "code", "label", "cases", "percent");
	for (int i = 0; i < bd->nrows; i++) {
		char n[24], pct[16];
		snprintf(n, sizeof n, "%ld", bd->rows[i].n);
		csv_pct(bd->rows[i].n, total, pct, sizeof pct);
		csv_row(b, 5, section, bd->rows[i].code, bd->rows[i].label, n, pct);
	}
	sbuf_add(b, "\r\n");
}

/* The report's own rows, then the totals this period, the previous and a year before. */
static void csv_totals(struct sbuf *out, const struct report *r)
{
	char code[8], f[11], l[11], a[11], g[20], v1[24], v2[24], v3[24];
	const struct report_totals *t[3] = { &r->totals, &r->prev, &r->year_ago };

	csv_row(out, 3, "section", "key", "value");
	csv_row(out, 3, "report", "site", r->site);
	csv_row(out, 3, "report", "period", report_period_code(&r->period, code));
	csv_row(out, 3, "report", "first", date_format(r->period.first, f));
	csv_row(out, 3, "report", "last", date_format(r->period.last, l));
	csv_row(out, 3, "report", "as_of", date_format(r->as_of, a));
	csv_row(out, 3, "report", "generated", datetime_format(r->generated, g));
	sbuf_add(out, "\r\n");

	csv_row(out, 5, "section", "item", "this", "previous", "year_ago");
	for (size_t i = 0; i < REPORT_NTOTALS; i++) {
		long vals[3];
		for (int k = 0; k < 3; k++)
			vals[k] = report_totals_get(t[k], i);
		snprintf(v1, sizeof v1, "%ld", vals[0]);
		if (r->have_prev)
			snprintf(v2, sizeof v2, "%ld", vals[1]);
		else
			v2[0] = '\0';
		if (r->have_year_ago)
			snprintf(v3, sizeof v3, "%ld", vals[2]);
		else
			v3[0] = '\0';
		csv_row(out, 5, "totals", report_totals_fields[i].name, v1, v2, v3);
	}
	sbuf_add(out, "\r\n");
}

static void csv_depts(struct sbuf *out, const struct report *r)
{
	csv_row(out, 12, "section", "code", "label", "received", "closed", "closed_on_time",
		"closed_on_time_percent", "overdue_now", "median_reply_days", "reopened",
		"callbacks", "satisfaction_percent");
	for (int i = 0; i < r->ndepts; i++) {
		const struct report_dept *x = &r->depts[i];
		struct report_cells c;
		char ot[16];
		report_dept_row(r, i, csv_pct, &c);
		snprintf(ot, sizeof ot, "%ld", x->closed_on_time);
		if (x->median_reply_days < 0)
			c.cell[5][0] = '\0';
		csv_row(out, 12, "dept", x->code, x->name, c.cell[1], c.cell[2], ot, c.cell[3],
			c.cell[4], c.cell[5], c.cell[6], c.cell[7], c.cell[8]);
	}
	sbuf_add(out, "\r\n");
}

/* The findings, the claims and the repeat complainants. */
static void csv_outcomes(struct sbuf *out, const struct report *r)
{
	char v1[24], v2[24];

	csv_row(out, 4, "section", "code", "label", "cases");
	for (int i = 0; i <= FINDING__COUNT; i++) {
		long n = i < FINDING__COUNT ? r->findings[i] : r->finding_none;
		snprintf(v1, sizeof v1, "%ld", n);
		csv_row(out, 4, "finding", i < FINDING__COUNT ? finding_code((enum finding)i) : "",
			i < FINDING__COUNT ? finding_label((enum finding)i) : "未认定", v1);
	}
	/* consultations, suggestions, compliments: no finding due */
	snprintf(v1, sizeof v1, "%ld", r->finding_na);
	csv_row(out, 4, "finding", "n/a", "无需认定", v1);
	sbuf_add(out, "\r\n");

	csv_row(out, 3, "section", "item", "value");
	snprintf(v1, sizeof v1, "%ld", r->claims);
	csv_row(out, 3, "claims", "claims", v1);
	snprintf(v1, sizeof v1, "%ld", r->claims_over);
	csv_row(out, 3, "claims", "over_threshold", v1);
	money_format(r->claim_threshold_fen, v1, sizeof v1);
	csv_row(out, 3, "claims", "threshold_yuan", v1);
	money_format(r->claimed_fen, v1, sizeof v1);
	csv_row(out, 3, "claims", "claimed_yuan", v1);
	money_format(r->paid_fen, v1, sizeof v1);
	csv_row(out, 3, "claims", "paid_yuan", v1);
	for (int i = 0; i < 5; i++) {   /* the dispute track, by the latest stage */
		static const char *const st[5] = { "dispute_claims-centre", "dispute_appraisal",
			"dispute_mediation", "dispute_litigation", "dispute_settlement" };
		snprintf(v1, sizeof v1, "%ld", r->dispute_stage[i]);
		csv_row(out, 3, "claims", st[i], v1);
	}
	for (int i = 0; i < 3; i++) {   /* reviews concluded, by outcome */
		char key[32];
		snprintf(key, sizeof key, "review_%s", report_review_code(i));
		snprintf(v1, sizeof v1, "%ld", r->review_outcome[i]);
		csv_row(out, 3, "claims", key, v1);
	}
	sbuf_add(out, "\r\n");

	csv_row(out, 3, "section", "who", "cases");
	snprintf(v1, sizeof v1, "%ld", r->repeat_people);
	snprintf(v2, sizeof v2, "%ld", r->repeat_cases);
	csv_row(out, 3, "repeat", "(people)", v1);
	csv_row(out, 3, "repeat", "(cases)", v2);
	for (int i = 0; i < r->nrepeat; i++) {
		snprintf(v1, sizeof v1, "%ld", r->repeat[i].cases);
		csv_row(out, 3, "repeat", r->repeat[i].who, v1);
	}
	sbuf_add(out, "\r\n");
}

/* The overdue list, then the trend (the last block: no blank line after it). */
static void csv_late_trend(struct sbuf *out, const struct report *r)
{
	/* 第三十二、三十四条: substantiated findings by responsible department and staff */
	csv_row(out, 5, "section", "dept", "staff", "substantiated", "partly");
	for (int i = 0; i < r->nresp; i++) {
		char a1[24], a2[24];
		snprintf(a1, sizeof a1, "%ld", r->resp[i].substantiated);
		snprintf(a2, sizeof a2, "%ld", r->resp[i].partly);
		csv_row(out, 5, "responsible", r->resp[i].dept, r->resp[i].staff, a1, a2);
	}
	sbuf_add(out, "\r\n");

	csv_row(out, 7, "section", "number", "dept", "received", "due", "closed", "days_late");
	for (int k = 0; k < 5; k++)
		for (int i = 0; i < (k == 4 ? r->nrepeats : k == 3 ? r->nreturns :
				     k == 2 ? r->nlate_rectify : k ? r->nlate_feedback : r->nlate); i++) {
			const struct report_late *x = k == 4 ? &r->repeats[i] : k == 3 ? &r->returns[i] :
						      k == 2 ? &r->late_rectify[i] :
						      k ? &r->late_feedback[i] : &r->late[i];
			struct report_cells c;
			report_late_fill(x, "", "", &c);
			/* repeat_subject, 第三十五条(五): the subject's cases */
			if (k == 4)
				snprintf(c.cell[6], sizeof c.cell[6], "%d", x->cases);
			/* late: 第三十五条(一) the reply; late_feedback: (二) a department's */
			csv_row(out, 7, k == 4 ? "repeat_subject" : k == 3 ? "return_refused" :
				k == 2 ? "late_rectify" :
				k ? "late_feedback" :
				x->supervised ? "late_supervised" : "late", c.cell[1],
				x->dept, c.cell[3], c.cell[4], c.cell[5], c.cell[6]);
		}
	sbuf_add(out, "\r\n");

	csv_row(out, 6, "section", "period", "received", "closed", "closed_on_time",
		"overdue_at_end");
	for (int i = 0; i < r->ntrend; i++) {
		const struct report_trend *x = &r->trend[i];
		char pc[8], a1[16], a2[16], a3[16], a4[16];
		snprintf(a1, sizeof a1, "%ld", x->received);
		snprintf(a2, sizeof a2, "%ld", x->closed);
		snprintf(a3, sizeof a3, "%ld", x->closed_on_time);
		snprintf(a4, sizeof a4, "%ld", x->overdue_at_end);
		csv_row(out, 6, "trend", report_period_code(&x->period, pc), a1, a2, a3, a4);
	}
}

/* The late entries, then the chain head (the last block). */
static void csv_audit(struct sbuf *out, const struct report *r)
{
	char anchor[96];

	sbuf_add(out, "\r\n");
	csv_row(out, 6, "section", "number", "action", "actor", "at", "recorded");
	for (int i = 0; i < r->nlate_entries; i++) {
		const struct report_late_entry *x = &r->late_entries[i];
		csv_row(out, 6, "late_entry", x->number, x->action, x->actor, x->at, x->recorded);
	}
	sbuf_add(out, "\r\n");
	csv_row(out, 3, "section", "key", "value");
	csv_row(out, 3, "chain", "head", report_chain_anchor(r, anchor, sizeof anchor));
}

int report_render_csv(const struct report *r, struct sbuf *out, struct err *err)
{
	if (report_check(r, err))
		return err->code;
	sbuf_add(out, "\xef\xbb\xbf");
	csv_totals(out, r);
	csv_breakdown(out, "channel", &r->by_channel, r->totals.received);
	csv_breakdown(out, "kind", &r->by_kind, r->totals.received);
	csv_breakdown(out, "class", &r->by_class, r->totals.received);
	csv_breakdown(out, "category", &r->by_category, r->totals.received);
	csv_breakdown(out, "unit", &r->by_unit, r->totals.received);
	csv_depts(out, r);
	csv_outcomes(out, r);
	csv_late_trend(out, r);
	csv_audit(out, r);
	return 0;
}
