/* Unit tests of the report: periods, the self-check, the text layout, CSV and JSON. */
#include "testutil.h"

#include "core/calendar.h"
#include "core/digest.h"
#include "core/progress.h"
#include "core/report.h"
#include "core/store.h"
#include "core/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_period_parse(void **state)
{
	static const struct {
		const char *s;
		int rc;
		int kind, year, num;
		const char *first, *last;
		const char *msg;
	} rows[] = {
		{ "2026Q3", 0, PERIOD_QUARTER, 2026, 3, "2026-07-01", "2026-09-30", NULL },
		{ "2026q1", 0, PERIOD_QUARTER, 2026, 1, "2026-01-01", "2026-03-31", NULL },
		{ "2024Q4", 0, PERIOD_QUARTER, 2024, 4, "2024-10-01", "2024-12-31", NULL },
		{ "2026-08", 0, PERIOD_MONTH, 2026, 8, "2026-08-01", "2026-08-31", NULL },
		{ "2024-02", 0, PERIOD_MONTH, 2024, 2, "2024-02-01", "2024-02-29", NULL },
		{ "2025-02", 0, PERIOD_MONTH, 2025, 2, "2025-02-01", "2025-02-28", NULL },
		{ "2026Q5", ERR_USAGE, 0, 0, 0, NULL, NULL, "2026Q5: quarter 5: a quarter is 1 to 4" },
		{ "2026Q0", ERR_USAGE, 0, 0, 0, NULL, NULL, "quarter 0" },
		{ "2026-13", ERR_USAGE, 0, 0, 0, NULL, NULL, "2026-13: month 13: a month is 1 to 12" },
		{ "2026-00", ERR_USAGE, 0, 0, 0, NULL, NULL, "month 0" },
		{ "1999Q4", ERR_USAGE, 0, 0, 0, NULL, NULL, "year 1999 is outside 2000..2099" },
		{ "26Q3", ERR_USAGE, 0, 0, 0, NULL, NULL, "expected a quarter like 2026Q3" },
		{ "2026-8", ERR_USAGE, 0, 0, 0, NULL, NULL, "'2026-8' is not a period" },
		{ "2026Q3x", ERR_USAGE, 0, 0, 0, NULL, NULL, "is not a period" },
		{ "", ERR_USAGE, 0, 0, 0, NULL, NULL, "is not a period" },
		{ "2026年Q3", ERR_USAGE, 0, 0, 0, NULL, NULL, "is not a period" },
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct report_period p = { PERIOD_MONTH, 1, 1, 7, 7 };
		struct err err = { 0 };
		char f[11], l[11];
		int rc = report_period_parse(rows[i].s, &p, &err);
		if (rc != rows[i].rc)
			fail_msg("%s: rc %d, expected %d (%s)", rows[i].s, rc, rows[i].rc, err.msg);
		if (rc) {
			if (!strstr(err.msg, rows[i].msg))
				fail_msg("%s: message '%s' lacks '%s'", rows[i].s, err.msg, rows[i].msg);
			/* a failed parse leaves the output alone */
			assert_int_equal(p.year, 1);
			assert_int_equal(p.first, 7);
			continue;
		}
		assert_int_equal(p.kind, rows[i].kind);
		assert_int_equal(p.year, rows[i].year);
		assert_int_equal(p.num, rows[i].num);
		assert_string_equal(date_format(p.first, f), rows[i].first);
		assert_string_equal(date_format(p.last, l), rows[i].last);
	}
}

static void test_period_shift(void **state)
{
	struct report_period p, q;
	char code[8], label[32];

	(void)state;
	assert_int_equal(report_period_parse("2026Q1", &p, NULL), 0);
	q = report_period_shift(&p, -1);
	assert_string_equal(report_period_code(&q, code), "2025Q4");
	q = report_period_shift(&p, -7);
	assert_string_equal(report_period_code(&q, code), "2024Q2");
	q = report_period_year_ago(&p);
	assert_string_equal(report_period_code(&q, code), "2025Q1");
	assert_string_equal(report_period_label(&p, label), "2026年第一季度");
	assert_int_equal(report_period_parse("2026-01", &p, NULL), 0);
	q = report_period_shift(&p, -1);
	assert_string_equal(report_period_code(&q, code), "2025-12");
	q = report_period_year_ago(&p);
	assert_string_equal(report_period_code(&q, code), "2025-01");
	assert_string_equal(report_period_label(&p, label), "2026年1月");
	q = report_period_shift(&p, 14);
	assert_string_equal(report_period_code(&q, code), "2027-03");
	{
		cdate d;
		date_from_ymd(2026, 8, 15, &d);
		q = report_period_of(PERIOD_QUARTER, d);
		assert_string_equal(report_period_code(&q, code), "2026Q3");
		q = report_period_of(PERIOD_MONTH, d);
		assert_string_equal(report_period_code(&q, code), "2026-08");
	}
}

/*
 * A consistent report of 10 cases: 1 not accepted, 1 merged, 8 accepted of
 * which 6 closed (4 on time), 2 open, 1 of them overdue, plus 1 older
 * overdue case; the lists below are worked out from those.
 */
static struct report *fixture(int nlate_extra)
{
	struct report *r = report_new();
	struct report_dept *d;

	strcpy(r->site, "示范医院 医患关系协调办公室");
	report_period_parse("2026Q3", &r->period, NULL);
	r->as_of = r->period.last;
	r->generated.day = r->period.last + 8;
	r->generated.sec = 9 * 3600;
	r->totals = (struct report_totals){ 10, 1, 1, 8, 6, 2, 4, 2 };
	r->prev = (struct report_totals){ 8, 0, 0, 8, 8, 0, 8, 0 };
	r->year_ago = (struct report_totals){ 5, 0, 1, 4, 4, 0, 3, 0 };
	r->have_prev = r->have_year_ago = true;
	report_breakdown_add(&r->by_channel, "visit", "来访", 4);
	report_breakdown_add(&r->by_channel, "phone", "来电", 5);
	report_breakdown_add(&r->by_channel, "letter", "来信", 1);
	report_breakdown_add(&r->by_kind, "complaint", "投诉", 9);
	report_breakdown_add(&r->by_kind, "consultation", "咨询", 1);
	report_breakdown_add(&r->by_class, "simple", "简单", 3);
	report_breakdown_add(&r->by_class, "general", "一般", 6);
	report_breakdown_add(&r->by_class, "important", "重要", 1);
	r->by_category.multi = true;
	report_breakdown_add(&r->by_category, "MEDICAL", "医疗质量", 6);
	report_breakdown_add(&r->by_category, "NURSING", "护理服务", 5);
	r->by_category.distinct = 10;
	report_breakdown_add(&r->by_unit, "", "心血管内科（一病区）", 5);
	report_breakdown_add(&r->by_unit, "", "急诊科", 3);
	report_breakdown_add(&r->by_unit, "", "未填写", 2);
	d = report_dept_add(r, "MEDICAL", "医务部");
	d->received = 6, d->closed = 4, d->closed_on_time = 3, d->overdue_now = 1;
	d->replied = 4, d->median_reply_days = 3.5, d->reopened = 1, d->callbacks = 4;
	d->satisfied = 3;
	d = report_dept_add(r, "NURSING", "护理部");
	d->received = 5, d->closed = 3, d->closed_on_time = 2, d->overdue_now = 2;
	d->replied = 3, d->median_reply_days = 4, d->callbacks = 2, d->satisfied = 2;
	r->depts_distinct = 10;
	r->findings[FINDING_SUBSTANTIATED] = 2;
	r->findings[FINDING_PARTLY] = 1;
	r->findings[FINDING_NOT] = 2;
	r->finding_none = 1;
	r->claims = 2, r->claims_over = 1;
	r->claim_threshold_fen = 1000000;
	r->claimed_fen = 1500000 + 20000, r->paid_fen = 300000;
	r->repeat_people = 1, r->repeat_cases = 2;
	strcpy(r->repeat[0].who, "张* 138****0001");
	r->repeat[0].cases = 2;
	r->nrepeat = 1;
	for (int i = 0; i < 3 + nlate_extra; i++) {
		struct report_late *l = report_late_add(r);
		snprintf(l->number, sizeof l->number, "TS2026-%05d", i + 1);
		strcpy(l->dept, i % 2 ? "护理部" : "医务部+1");
		l->received = r->period.first + i;
		l->due = l->received + 7;
		l->closed = i < 2 ? -1 : l->due + 3;
		l->days_late = i < 2 ? 20 : 2;
	}
	r->late_open = 2;
	r->late_closed = 1 + nlate_extra;
	for (int i = 0; i < REPORT_TREND; i++) {
		struct report_trend *t = &r->trend[i];
		t->period = report_period_shift(&r->period, i - (REPORT_TREND - 1));
		t->received = 5 + i;
		t->closed = 4 + i;
		t->closed_on_time = 3 + i;
	}
	r->trend[6].received = 8, r->trend[6].closed = 8, r->trend[6].closed_on_time = 8;
	r->trend[7].received = 10, r->trend[7].closed = 6, r->trend[7].closed_on_time = 4;
	r->trend[7].overdue_at_end = 2;
	r->trend[6].overdue_at_end = 0;
	r->ntrend = REPORT_TREND;
	/* the audit's items (report_audit.c): one late entry and the chain head */
	r->late_entries = xcalloc(1, sizeof *r->late_entries);
	r->nlate_entries = r->late_entries_cap = 1;
	strlcpy_(r->late_entries[0].number, "TS2026-00031", sizeof r->late_entries[0].number);
	strlcpy_(r->late_entries[0].action, "callback", sizeof r->late_entries[0].action);
	strlcpy_(r->late_entries[0].actor, "wangli", sizeof r->late_entries[0].actor);
	strlcpy_(r->late_entries[0].at, "2026-09-12 15:00:00", sizeof r->late_entries[0].at);
	strlcpy_(r->late_entries[0].recorded, "2026-09-15 09:20:41",
		 sizeof r->late_entries[0].recorded);
	r->chain_events = 1234;
	strlcpy_(r->chain_hash, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		 sizeof r->chain_hash);
	return r;
}

/* The hand-made report and a buffer to render it into, for a test's setup. */
struct render {
	struct report *r;
	struct sbuf out;
	struct err err;
};

static int render_new(void **state, int nlate_extra)
{
	struct render *fx = xcalloc(1, sizeof *fx);

	fx->r = fixture(nlate_extra);
	*state = fx;
	return 0;
}

static int rendered(void **state)
{
	return render_new(state, 0);
}

/* With 120 more late cases: the overdue list runs over pages. */
static int rendered_long(void **state)
{
	return render_new(state, 120);
}

static int render_free(void **state)
{
	struct render *fx = *state;

	sbuf_free(&fx->out);
	report_free(fx->r);
	free(fx);
	return 0;
}

static void test_check_passes(void **state)
{
	struct report *r = fixture(0);
	struct err err = { 0 };

	(void)state;
	if (report_check(r, &err))
		fail_msg("%s", err.msg);
	report_free(r);
}

/* Each broken rule is caught and named; nothing is rendered. */
static void test_check_fails(void **state)
{
	static const struct {
		int which;
		const char *msg;
	} rows[] = {
		{ 0, "channels add up to 11, not to the 10 received" },
		{ 1, "findings add up to 5, not to the 6 closed" },
		{ 2, "accepted 9 + not accepted 1 + merged 1 != received 10" },
		{ 3, "categories cover 9 distinct cases" },
		{ 4, "departments cover 11 distinct cases" },
		{ 5, "overdue list has 2 cases open at the end, totals say 3" },
		{ 6, "the trend's last period differs from the totals" },
		{ 7, "closed 6 + open 3 != accepted 8" },
		{ 8, "department NURSING: 4 closed on time, 3 closed" },
		{ 9, "subject units add up to 9" },
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct report *r = fixture(0);
		struct err err = { 0 };
		struct sbuf out = { 0 };
		struct report_layout lay = REPORT_LAYOUT_A4;

		switch (rows[i].which) {
		case 0: r->by_channel.rows[0].n++; break;
		case 1: r->finding_none = 0; break;
		case 2: r->totals.accepted = 9; break;
		case 3: r->by_category.distinct = 9; break;
		case 4: r->depts_distinct = 11; break;
		case 5: r->totals.overdue_at_end = 3; r->trend[7].overdue_at_end = 3; break;
		case 6: r->trend[7].received = 11; break;
		case 7: r->totals.open_at_end = 3; break;
		case 8: r->depts[1].closed_on_time = 4; break;
		case 9: r->by_unit.rows[2].n = 1; break;
		}
		assert_int_equal(report_check(r, &err), ERR_FAIL);
		if (!strstr(err.msg, rows[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, rows[i].msg);
		assert_non_null(strstr(err.msg, "was not printed"));
		assert_int_equal(report_render_text(r, &lay, &out, &err), ERR_FAIL);
		assert_int_equal(report_render_csv(r, &out, &err), ERR_FAIL);
		assert_int_equal(report_render_json(r, &out, &err), ERR_FAIL);
		assert_int_equal(report_render_screen(r, 80, true, &out, &err), ERR_FAIL);
		assert_null(out.s);
		report_free(r);
	}
}

/* Splits s into lines (modifies s); returns the count. */
static int split_lines(char *s, char **v, int max)
{
	int n = 0;

	for (char *p = s; *p && n < max;) {
		char *nl = strchr(p, '\n');
		v[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return n;
}

static int count_str(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void check_layout(const struct report_layout *lay, int nlate_extra)
{
	struct report *r = fixture(nlate_extra);
	struct sbuf out = { 0 };
	struct err err = { 0 };
	static char *v[20000];
	int n, pages, page_len = 0, page_no = 0;
	char want[64];

	if (report_render_text(r, lay, &out, &err))
		fail_msg("%s", err.msg);
	pages = count_str(out.s, "\f") + 1;
	assert_int_equal(count_str(out.s, "第 1 页 共 "), 1);
	snprintf(want, sizeof want, "第 %d 页 共 %d 页", pages, pages);
	assert_non_null(strstr(out.s, want));
	n = split_lines(out.s, v, 20000);
	for (int i = 0; i < n; i++) {
		char *line = v[i];
		if (line[0] == '\f') {
			assert_true(page_len <= lay->page_lines);
			if (page_len <= 4)
				fail_msg("page %d has no body (%d lines a page)", page_no,
					 lay->page_lines);
			page_len = 0;
			line++;
		}
		if (page_len == 0) {
			page_no++;
			snprintf(want, sizeof want, "第 %d 页 共 %d 页", page_no, pages);
			if (!strstr(line, want))
				fail_msg("page %d header '%s' lacks '%s'", page_no, line, want);
			assert_non_null(strstr(line, "示范医院"));
			assert_int_equal(text_width(line), lay->width);
		}
		page_len++;
		/* a continued note neither starts with closing punctuation nor
		 * splits a number */
		if (i > 0 && !strncmp(line, "    ", 4) && line[4] != ' ') {
			const char *prev = v[i - 1];
			size_t pl = strlen(prev);
			static const char *const closing[] = { "。", "，", "、", "；", "）", "：" };
			for (size_t k = 0; k < N_ROWS(closing); k++)
				if (!strncmp(line + 4, closing[k], strlen(closing[k])))
					fail_msg("line %d starts with %s: '%s'", i + 1, closing[k], line);
			if (pl && prev[pl - 1] >= '0' && prev[pl - 1] <= '9' && line[4] >= '0' &&
			    line[4] <= '9')
				fail_msg("a number split over lines %d and %d", i, i + 1);
		}
		if (text_width(line) > lay->width)
			fail_msg("line %d is %d columns: '%s'", i + 1, text_width(line), line);
		assert_true(text_utf8_valid(line, strlen(line)));
	}
	assert_true(page_len <= lay->page_lines);
	if (page_len <= 4)
		fail_msg("the last page has no body (%d lines a page)", lay->page_lines);
	assert_int_equal(page_no, pages);
	sbuf_free(&out);
	report_free(r);
}

static void test_text_layout_a4(void **state)
{
	struct report_layout lay = REPORT_LAYOUT_A4;

	(void)state;
	check_layout(&lay, 0);
	check_layout(&lay, 200);     /* the overdue list runs over several pages */
	for (lay.width = 72; lay.width <= 100; lay.width++)
		check_layout(&lay, 1);  /* every break position of the notes */
	lay.width = 80;
	for (lay.page_lines = 20; lay.page_lines <= 72; lay.page_lines++)
		check_layout(&lay, lay.page_lines % 7);  /* every page break position */
	lay.page_lines = 60;
	lay.page_lines = 20;
	check_layout(&lay, 0);
	lay.width = 72;
	check_layout(&lay, 30);
	lay.width = 132;
	lay.page_lines = 66;
	check_layout(&lay, 5);
}

/* A continued table repeats its title and column headings on the next page. */
static void test_text_continued_table(void **state)
{
	struct render *fx = *state;
	struct report *r = fx->r;
	struct report_layout lay = REPORT_LAYOUT_A4;

	assert_int_equal(report_render_text(r, &lay, &fx->out, &fx->err), 0);
	assert_true(count_str(fx->out.s, "十一、逾期通报名单（第三十五条）") >= 3);
	assert_int_equal(count_str(fx->out.s, "十二、近八个季度趋势"), 1);
	/* every entry printed exactly once */
	assert_int_equal(count_str(fx->out.s, "TS2026-00123"), 1);
	assert_int_equal(count_str(fx->out.s, "TS2026-00001"), 1);
}

/* Chinese and Latin labels end their column at the same display column. */
static void test_text_alignment(void **state)
{
	struct render *fx = *state;
	struct report *r = fx->r;
	struct report_layout lay = REPORT_LAYOUT_A4;
	static char *v[2000];
	int n, col = -1, seen = 0;

	strcpy(r->by_channel.rows[2].label, "Letter/信");
	assert_int_equal(report_render_text(r, &lay, &fx->out, &fx->err), 0);
	n = split_lines(fx->out.s, v, 2000);
	for (int i = 0; i < n; i++) {
		char *p = v[i];
		/* the channel rows: the count's last digit sits at one column */
		if (strncmp(p, "来访", 6) && strncmp(p, "来电", 6) && strncmp(p, "Letter/信", 10))
			continue;
		char *pct = strstr(p, "%");
		assert_non_null(pct);
		char save = pct[1];
		pct[1] = '\0';
		if (col < 0)
			col = text_width(p);
		assert_int_equal(text_width(p), col);
		pct[1] = save;
		seen++;
	}
	assert_int_equal(seen, 3);
}

static void test_golden_text(void **state)
{
	struct render *fx = *state;
	struct report *r = fx->r;
	struct report_layout lay = REPORT_LAYOUT_A4;
	size_t len;
	char *want = util_read_file(SRC("tests/unit/golden/report_a4.txt"), &len);

	assert_int_equal(report_render_text(r, &lay, &fx->out, &fx->err), 0);
	if (getenv("CDESK_UPDATE_GOLDEN")) {
		FILE *f = fopen(SRC("tests/unit/golden/report_a4.txt"), "w");
		fputs(fx->out.s, f);
		fclose(f);
	}
	assert_non_null(want);
	assert_string_equal(fx->out.s, want);
	free(want);
}

static void test_csv(void **state)
{
	struct render *fx = *state;
	struct report *r = fx->r;

	assert_int_equal(report_render_csv(r, &fx->out, &fx->err), 0);
	assert_memory_equal(fx->out.s, "\xef\xbb\xbf" "section,key,value\r\n", 21);
	assert_non_null(strstr(fx->out.s, "\r\ntotals,received,10,8,5\r\n"));
	assert_non_null(strstr(fx->out.s, "\r\nchannel,phone,来电,5,50.0\r\n"));
	assert_non_null(strstr(fx->out.s, "\r\ndept,MEDICAL,医务部,6,4,3,75.0,1,3.5,1,4,75.0\r\n"));
	assert_non_null(strstr(fx->out.s, "\r\nfinding,,未认定,1\r\n"));
	assert_non_null(strstr(fx->out.s, "\r\nclaims,claimed_yuan,15200.00\r\n"));
	assert_non_null(strstr(fx->out.s, "\r\nlate,TS2026-00001,医务部+1,2026-07-01,2026-07-08,,20\r\n"));
	assert_non_null(strstr(fx->out.s, "\r\ntrend,2026Q3,10,6,4,2"));
	sbuf_free(&fx->out);
	/* a label that a spreadsheet would take for a formula is defused */
	strcpy(r->by_unit.rows[0].label, "=HYPERLINK(\"x\")");
	assert_int_equal(report_render_csv(r, &fx->out, &fx->err), 0);
	assert_non_null(strstr(fx->out.s, "unit,,\"'=HYPERLINK(\"\"x\"\")\",5,50.0"));
}

static void test_json(void **state)
{
	struct render *fx = *state;
	struct report *r = fx->r;
	json_error_t jerr;
	json_t *o;

	assert_int_equal(report_render_json(r, &fx->out, &fx->err), 0);
	o = json_loads(fx->out.s, 0, &jerr);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "period")), "2026Q3");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "totals"),
							    "received")), 10);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "previous"),
							    "closed")), 8);
	{
		json_t *d = json_array_get(json_object_get(json_object_get(o, "by_dept"), "rows"),
					   1);
		assert_string_equal(json_string_value(json_object_get(d, "name")), "护理部");
		assert_int_equal(json_integer_value(json_object_get(d, "overdue_now")), 2);
		assert_true(json_real_value(json_object_get(d, "closed_on_time_percent")) == 66.7);
	}
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "findings"),
							    "none")), 1);
	assert_int_equal(json_array_size(json_object_get(json_object_get(o, "late"), "cases")),
			 3);
	assert_true(json_is_null(json_object_get(
		json_array_get(json_object_get(json_object_get(o, "late"), "cases"), 0),
		"closed")));
	assert_int_equal(json_array_size(json_object_get(o, "trend")), REPORT_TREND);
	json_decref(o);
}

static void test_screen_bars(void **state)
{
	struct render *fx = *state;
	struct report *r = fx->r;

	assert_int_equal(report_render_screen(r, 80, true, &fx->out, &fx->err), 0);
	assert_non_null(strstr(fx->out.s, "█"));
	assert_null(strstr(fx->out.s, "\f"));
	assert_null(strstr(fx->out.s, "第 1 页"));
	for (char *p = fx->out.s, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (text_width(p) > 80)
			fail_msg("screen line of %d columns: %s", text_width(p), p);
	}
	sbuf_free(&fx->out);
	assert_int_equal(report_render_screen(r, 80, false, &fx->out, &fx->err), 0);
	assert_null(strstr(fx->out.s, "█"));
	assert_non_null(strstr(fx->out.s, "#"));
	assert_true(text_utf8_valid(fx->out.s, fx->out.len));
}


/* ---- report_build on a database made with SQL ---- */

/*
 * Inserts a case from "column", "value" pairs ending with NULL; the
 * columns every row needs get plain defaults (round_at: the received time).
 * A value "NULL" is SQL NULL.
 */
static void add_case(sqlite3 *db, const char *number, const char *received, ...)
{
	static int seq;
	struct sbuf cols = { 0 }, vals = { 0 };
	const char *defaults[][2] = {
		{ "channel", "phone" }, { "kind", "complaint" }, { "account", "投诉内容" },
		{ "dept", "MEDICAL" }, { "depts", "MEDICAL" }, { "class", "general" },
		{ "receiver", "clerk" }, { "status", "routed" }, { "due", "2026-12-31 23:59:59" },
		{ "updated", "2026-10-01 00:00:00" }, { "round_at", NULL },
	};
	bool given[N_ROWS(defaults)] = { false };
	va_list ap;
	char *sql, *msg = NULL;

	sbuf_addf(&cols, "number, year, seq, received");
	sbuf_addf(&vals, "'%s', %.4s, %d, '%s'", number, received, ++seq, received);
	va_start(ap, received);
	for (const char *c; (c = va_arg(ap, const char *));) {
		const char *v = va_arg(ap, const char *);
		for (size_t i = 0; i < N_ROWS(defaults); i++)
			if (!strcmp(defaults[i][0], c))
				given[i] = true;
		sbuf_addf(&cols, ", %s", c);
		if (!strcmp(v, "NULL"))
			sbuf_add(&vals, ", NULL");
		else
			sbuf_addf(&vals, ", '%s'", v);
	}
	va_end(ap);
	for (size_t i = 0; i < N_ROWS(defaults); i++) {
		if (given[i])
			continue;
		sbuf_addf(&cols, ", %s", defaults[i][0]);
		sbuf_addf(&vals, ", '%s'", defaults[i][1] ? defaults[i][1] : received);
	}
	sql = xasprintf("INSERT INTO cases (%s) VALUES (%s)", cols.s, vals.s);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	free(sql);
	sbuf_free(&cols);
	sbuf_free(&vals);
}

static sqlite3 *fixture_db(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(store_schema_functions(db), SQLITE_OK);
	for (int v = 1; v <= STORE_SCHEMA_VERSION; v++)
		assert_int_equal(sqlite3_exec(db, store_schema_sql(v), NULL, NULL, NULL), SQLITE_OK);
	/* 2026Q3: every outcome; figures worked out by hand in test_build */
	add_case(db, "TS2026-00001", "2026-07-01 10:00:00", "unit", "心内科",
		 "categories", "MEDICAL", "phone", "13900000002", "name", "李四",
		 "due", "2026-07-08 23:59:59", "replied_at", "2026-07-06 10:00:00",
		 "due_met", "2026-07-06 10:00:00", "satisfaction", "satisfied",
		 "callback_at", "2026-07-07 09:00:00", "status", "closed",
		 "closed_at", "2026-07-07 10:00:00", "finding", "substantiated", NULL);
	add_case(db, "TS2026-00002", "2026-07-02 09:00:00", "channel", "visit",
		 "class", "important", "depts", "MEDICAL,NURSING", "unit", "急诊科",
		 "categories", "MEDICAL,NURSING", "due", "2026-07-16 23:59:59",
		 "replied_at", "2026-07-20 09:00:00", "due_met", "2026-07-20 09:00:00",
		 "satisfaction", "basic", "callback_at", "2026-07-21 09:00:00",
		 "status", "closed", "closed_at", "2026-07-21 10:00:00", "finding", "partly",
		 "claim_fen", "500000", "paid_fen", "100000", NULL);
	add_case(db, "TS2026-00003", "2026-08-03 09:00:00", "dept", "NURSING", "depts", "NURSING",
		 "unit", "心内科", "categories", "NURSING", "phone", "13800000001",
		 "name", "张三", "due", "2026-08-10 23:59:59", NULL);
	add_case(db, "TS2026-00004", "2026-08-05 09:00:00", "class", "simple", "dept", "OFFICE",
		 "depts", "OFFICE", "phone", "13800000001", "name", "张三",
		 "status", "rejected", "closed_at", "2026-08-06 09:00:00",
		 "due", "2026-08-05 23:59:59", NULL);
	add_case(db, "TS2026-00005", "2026-08-06 09:00:00", "dept", "NURSING", "depts", "NURSING",
		 "categories", "NURSING", "phone", "13800000001", "name", "张三",
		 "status", "merged", "closed_at", "2026-08-06 12:00:00", NULL);
	add_case(db, "TS2026-00006", "2026-09-01 09:00:00", "channel", "letter", "unit", "骨科",
		 "categories", "MEDICAL", "due", "2026-09-08 23:59:59",
		 "due_met", "2026-10-10 09:00:00", "status", "closed",
		 "closed_at", "2026-10-12 09:00:00", "finding", "not", "paid_fen", "50000", NULL);
	add_case(db, "TS2026-00007", "2026-09-10 09:00:00", "channel", "visit", "unit", "心内科",
		 "categories", "MEDICAL", "anonymous", "1", "phone", "13800000001",
		 "due", "2026-09-17 23:59:59", "status", "paused",
		 "paused_at", "2026-09-11 09:00:00", NULL);
	add_case(db, "TS2026-00008", "2026-09-28 10:00:00", "kind", "consultation",
		 "class", "simple", "dept", "OFFICE", "depts", "OFFICE",
		 "due", "2026-09-28 23:59:59", "status", "closed",
		 "closed_at", "2026-09-28 11:00:00", "finding", "not", NULL);
	add_case(db, "TS2026-00009", "2026-09-29 09:00:00", "channel", "web", "unit", "急诊科",
		 "categories", "MEDICAL", "due", "2026-10-12 23:59:59", NULL);
	add_case(db, "TS2026-00010", "2026-07-10 09:00:00", "channel", "authority", "unit", "骨科",
		 "categories", "MEDICAL,MEDICAL", "round", "2", "status", "registered",
		 "round_at", "2026-07-20 09:00:00", "due", "2026-08-20 23:59:59",
		 "satisfaction", "unsatisfied", "callback_at", "2026-07-20 09:00:00",
		 "claim_fen", "2000000", NULL);
	/* J's unsatisfied callback as its event records it (the reply of round 2
	 * would clear it from the row) */
	if (sqlite3_exec(db, "INSERT INTO events (case_id, round, actor, at, recorded, action, "
			 "before, after, hash) VALUES (10, 1, 'clerk', "
			 "'2026-07-20 09:00:00', '2026-07-20 09:00:00', 'callback', "
			 "'{\"satisfaction\":null}', '{\"callback\":\"unsatisfied\"}', '')",
			 NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("events: %s", sqlite3_errmsg(db));
	/* 2026Q2: one still overdue at the end of Q3, one closed late in Q3 */
	add_case(db, "TS2026-00011", "2026-06-10 09:00:00", "due", "2026-06-17 23:59:59", NULL);
	add_case(db, "TS2026-00012", "2026-06-25 09:00:00", "dept", "NURSING", "depts", "NURSING",
		 "due", "2026-07-02 23:59:59", "due_met", "2026-07-03 09:00:00",
		 "status", "closed", "closed_at", "2026-07-03 10:00:00", "finding", "not", NULL);
	/* 2025Q3: closed on time */
	add_case(db, "TS2025-00001", "2025-08-01 09:00:00", "due", "2025-08-08 23:59:59",
		 "status", "closed", "closed_at", "2025-08-05 10:00:00",
		 "due_met", "2025-08-05 10:00:00", "finding", "not", NULL);
	return db;
}

static const struct report_name dept_names[] = {
	{ "MEDICAL", "医务部" }, { "NURSING", "护理部" }, { "OFFICE", "办公室" },
};
static const struct report_name cat_names[] = {
	{ "MEDICAL", "医疗质量" }, { "NURSING", "护理服务" },
};

static struct report *build(sqlite3 *db, struct calendar *cal, const char *period,
			    const char *now)
{
	struct report_source src = { db, cal, dept_names, 3, cat_names, 2, 1000000, "示范医院",
				     { 0, 0 }, NULL, 0 };
	struct report_period p;
	struct report *r = NULL;
	struct err err = { 0 };

	assert_int_equal(datetime_parse(now, &src.now, NULL), 0);
	assert_int_equal(report_period_parse(period, &p, NULL), 0);
	if (report_build(&src, &p, &r, &err))
		fail_msg("report_build: %s", err.msg);
	if (report_check(r, &err))
		fail_msg("report_check: %s", err.msg);
	return r;
}

static long row_n(const struct report_breakdown *b, const char *label)
{
	for (int i = 0; i < b->nrows; i++)
		if (!strcmp(b->rows[i].label, label))
			return b->rows[i].n;
	return -1;
}

static const struct report_dept *dept(const struct report *r, const char *code)
{
	for (int i = 0; i < r->ndepts; i++)
		if (!strcmp(r->depts[i].code, code))
			return &r->depts[i];
	fail_msg("no department %s", code);
	return NULL;
}

static const struct report_late *late(const struct report *r, const char *number)
{
	for (int i = 0; i < r->nlate; i++)
		if (!strcmp(r->late[i].number, number))
			return &r->late[i];
	fail_msg("%s not in the overdue list", number);
	return NULL;
}

static void test_build(void **state)
{
	sqlite3 *db = fixture_db();
	struct calendar *cal;
	struct err err = { 0 };
	struct report *r;
	const struct report_dept *d;
	char buf[11];

	(void)state;
	if (calendar_load_dir(SRC("data/holidays"), &cal, &err))
		fail_msg("%s", err.msg);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	assert_false(r->partial);
	assert_string_equal(date_format(r->as_of, buf), "2026-09-30");
	/* totals: 10 received; D rejected, E merged; A, B, H closed (F only
	 * after the quarter); A and H on time; C, F, J and the Q2 case K
	 * overdue at the end (G paused, I not yet due) */
	assert_int_equal(r->totals.received, 10);
	assert_int_equal(r->totals.rejected, 1);
	assert_int_equal(r->totals.merged, 1);
	assert_int_equal(r->totals.accepted, 8);
	assert_int_equal(r->totals.closed, 3);
	assert_int_equal(r->totals.open_at_end, 5);
	assert_int_equal(r->totals.closed_on_time, 2);
	assert_int_equal(r->totals.overdue_at_end, 4);
	/* 2026Q2: K and L received, both open at its end, K overdue */
	assert_int_equal(r->prev.received, 2);
	assert_int_equal(r->prev.closed, 0);
	assert_int_equal(r->prev.open_at_end, 2);
	assert_int_equal(r->prev.overdue_at_end, 1);
	assert_int_equal(r->year_ago.received, 1);
	assert_int_equal(r->year_ago.closed_on_time, 1);
	assert_int_equal(r->trend[0].received, 0);
	assert_int_equal(r->trend[3].received, 1);      /* 2025Q3 */
	/* breakdowns */
	assert_int_equal(row_n(&r->by_channel, "来电"), 5);
	assert_int_equal(row_n(&r->by_channel, "来访"), 2);
	assert_int_equal(row_n(&r->by_channel, "来信"), 1);
	assert_int_equal(row_n(&r->by_channel, "上级转办"), 1);
	assert_int_equal(row_n(&r->by_kind, "咨询"), 1);
	assert_int_equal(row_n(&r->by_class, "简单"), 2);
	assert_int_equal(row_n(&r->by_class, "一般"), 7);
	assert_int_equal(row_n(&r->by_class, "重要"), 1);
	assert_int_equal(row_n(&r->by_category, "医疗质量"), 6);
	assert_int_equal(row_n(&r->by_category, "护理服务"), 3);
	assert_int_equal(row_n(&r->by_category, "（未分类）"), 2);
	assert_int_equal(r->by_category.distinct, 10);
	assert_string_equal(r->by_unit.rows[0].label, "心内科");
	assert_int_equal(r->by_unit.rows[0].n, 3);
	assert_string_equal(r->by_unit.rows[1].label, "急诊科");
	assert_int_equal(row_n(&r->by_unit, "骨科"), 2);
	assert_int_equal(row_n(&r->by_unit, "（未填写）"), 3);
	/* departments */
	d = dept(r, "MEDICAL");
	assert_string_equal(d->name, "医务部");
	assert_int_equal(d->received, 6);
	assert_int_equal(d->closed, 2);
	assert_int_equal(d->closed_on_time, 1);
	assert_int_equal(d->overdue_now, 3);
	assert_int_equal(d->reopened, 1);
	assert_int_equal(d->callbacks, 3);
	assert_int_equal(d->satisfied, 2);
	assert_int_equal(d->replied, 2);         /* J's reply was of round 1 */
	assert_true(d->median_reply_days == 7.5);
	d = dept(r, "NURSING");
	assert_int_equal(d->received, 3);
	assert_int_equal(d->closed, 1);
	assert_int_equal(d->closed_on_time, 0);
	assert_int_equal(d->overdue_now, 1);
	assert_true(d->median_reply_days == 12.0);
	d = dept(r, "OFFICE");
	assert_int_equal(d->received, 2);
	assert_int_equal(d->closed, 1);
	assert_int_equal(d->closed_on_time, 1);
	assert_true(d->median_reply_days == 0.0);
	assert_int_equal(r->depts_distinct, 10);
	/* findings, claims, repeat complainants (the anonymous G not counted) */
	assert_int_equal(r->findings[FINDING_SUBSTANTIATED], 1);
	assert_int_equal(r->findings[FINDING_PARTLY], 1);
	/* the consultation closed on the spot needs no finding: not 无效 (issue 11) */
	assert_int_equal(r->findings[FINDING_NOT], 0);
	assert_int_equal(r->finding_na, 1);
	assert_int_equal(r->finding_none, 0);
	assert_int_equal(r->claims, 2);
	assert_int_equal(r->claims_over, 1);
	assert_int_equal(r->claimed_fen, 2500000);
	assert_int_equal(r->paid_fen, 100000);
	assert_int_equal(r->repeat_people, 1);
	assert_int_equal(r->repeat_cases, 3);
	assert_string_equal(r->repeat[0].who, "张* 138****0001");
	/* the overdue list: working days counted on the 2026 calendar */
	assert_int_equal(r->nlate, 6);
	assert_int_equal(r->late_open, 4);
	assert_int_equal(r->late_closed, 2);
	assert_int_equal(late(r, "TS2026-00003")->days_late, 37);
	assert_int_equal(late(r, "TS2026-00006")->days_late, 16);
	assert_int_equal(late(r, "TS2026-00010")->days_late, 29);
	assert_int_equal(late(r, "TS2026-00011")->days_late, 74);
	assert_int_equal(late(r, "TS2026-00002")->days_late, 2);
	assert_string_equal(late(r, "TS2026-00002")->dept, "医务部+1");
	assert_int_equal(late(r, "TS2026-00012")->days_late, 1);
	assert_string_equal(date_format(late(r, "TS2026-00012")->closed, buf), "2026-07-03");
	assert_int_equal(late(r, "TS2026-00003")->closed, -1);
	report_free(r);

	/* Q2 on its own: K overdue by the 8 working days after 06-17 */
	r = build(db, cal, "2026Q2", "2026-10-20 10:00");
	assert_int_equal(r->totals.received, 2);
	assert_int_equal(r->totals.overdue_at_end, 1);
	assert_int_equal(late(r, "TS2026-00011")->days_late, 8);
	report_free(r);

	/* a month, and a period not yet over: as of today */
	r = build(db, cal, "2026-09", "2026-09-29 12:00");
	assert_true(r->partial);
	assert_string_equal(date_format(r->as_of, buf), "2026-09-29");
	assert_int_equal(r->totals.received, 4);        /* F, G, H and I */
	report_free(r);
	r = build(db, cal, "2026-08", "2026-10-20 10:00");
	assert_int_equal(r->totals.received, 3);
	assert_int_equal(r->totals.rejected, 1);
	assert_int_equal(r->totals.merged, 1);
	assert_string_equal(report_period_code(&r->trend[0].period, buf), "2026-01");
	report_free(r);

	{
		struct report_source src = { db, cal, NULL, 0, NULL, 0, 1000000, "", { 0, 0 }, NULL, 0 };
		struct report_period p;
		datetime_parse("2026-10-20 10:00", &src.now, NULL);
		report_period_parse("2026Q4", &p, NULL);
		src.now.day -= 30;
		assert_int_equal(report_build(&src, &p, &r, &err), ERR_USAGE);
		assert_non_null(strstr(err.msg, "2026Q4 has not begun"));
	}
	calendar_free(cal);
	sqlite3_close(db);
}

/* ---- every query of report_build a range over an index (issue 13) ---- */

struct traced {
	char *sql[64];
	int n;
};

static int trace_sql(unsigned type, void *arg, void *p, void *x)
{
	struct traced *t = arg;
	char *full;

	(void)x;
	if (type != SQLITE_TRACE_STMT || t->n == 64)
		return 0;
	full = sqlite3_expanded_sql(p);
	if (!full)
		return 0;
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->sql[i], full)) {
			sqlite3_free(full);
			return 0;
		}
	t->sql[t->n++] = full;
	return 0;
}

/* Whether an index is partial (holds only the rows of its WHERE clause). */
static bool partial_index(sqlite3 *db, const char *name)
{
	sqlite3_stmt *q;
	bool yes = false;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT sql LIKE '% WHERE %' FROM sqlite_master "
					    "WHERE type = 'index' AND name = ?1", -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		yes = sqlite3_column_int(q, 0) != 0;
	sqlite3_finalize(q);
	return yes;
}

/* Whether a plan's line reads a whole table or index of cases, events or
 * transfers (under any of the report's aliases), rather than a range; a
 * whole partial index (the open transfers) is a range of its own. */
static bool full_scan(sqlite3 *db, const char *detail)
{
	static const char *const names[] = { "cases", "c", "events", "e", "n", "d", "x",
					     "transfers", "t", "u" };
	const char *by = strstr(detail, " INDEX ");
	char name[32], index[64];
	bool base = false;

	if (strncmp(detail, "SCAN ", 5) || sscanf(detail + 5, "%31s", name) != 1)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		base = base || !strcmp(name, names[i]);
	return base && !(by && sscanf(by + 7, "%63s", index) == 1 && partial_index(db, index));
}

static void test_build_plans(void **state)
{
	sqlite3 *db = fixture_db();
	struct calendar *cal;
	struct err err = { 0 };
	struct traced t = { { 0 }, 0 };
	int checked = 0;

	(void)state;
	if (calendar_load_dir(SRC("data/holidays"), &cal, &err))
		fail_msg("%s", err.msg);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_sql, &t);
	report_free(build(db, cal, "2026Q3", "2026-10-20 10:00"));
	sqlite3_trace_v2(db, 0, NULL, NULL);
	for (int i = 0; i < t.n; i++) {
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s", t.sql[i]);
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(q, 3);
			if (full_scan(db, detail))
				fail_msg("the report reads a whole table: %s\n  in: %s", detail,
					 t.sql[i]);
		}
		sqlite3_finalize(q);
		free(sql);
		sqlite3_free(t.sql[i]);
		checked++;
	}
	/* the totals, breakdowns, late lists, accountability, audit … */
	assert_true(checked >= 10);
	calendar_free(cal);
	sqlite3_close(db);
}

static char *json_of(const struct report *r)
{
	struct sbuf b = { 0 };
	struct err err = { 0 };

	if (report_render_json(r, &b, &err))
		fail_msg("render: %s", err.msg);
	return b.s;
}

static long kept_rows(sqlite3 *db)
{
	sqlite3_stmt *q;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM report_totals", -1, &q,
					    NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* An event of TS2025-00001 whose "before" is before. */
static void kept_event(sqlite3 *db, const char *before)
{
	char *sql = xasprintf("INSERT INTO events (case_id, round, actor, at, recorded, action, "
			      "before, after, hash) SELECT id, 1, 'clerk', '2026-10-20 09:00:00', "
			      "'2026-10-20 09:00:00', 'note', '%s', '{}', '' FROM cases WHERE "
			      "number = 'TS2025-00001'", before);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
}

/* The lists of cases are written by report_json.c itself, not by jansson:
 * the text is what json_dumps gives of the same document, escapes and
 * all, and reads back to the same strings. */
static void test_json_lists_as_jansson(void **state)
{
	static const char odd[] = "引号\"反斜\\制表\t换行\n\001尾/";
	struct report *r = fixture(2);
	struct sbuf b = { 0 };
	struct err err = { 0 };
	json_t *o, *v;
	char *again;

	(void)state;
	strcpy(r->late[1].dept, odd);
	r->late[2].round = 2, r->late[2].supervised = true;
	r->late_feedback = xcalloc(2, sizeof *r->late_feedback);
	r->nlate_feedback = r->late_feedback_cap = 2;
	r->late_feedback[0] = r->late[0];
	r->late_feedback[1] = r->late[2];
	r->repeats = xcalloc(1, sizeof *r->repeats);
	r->nrepeats = r->repeats_cap = 1;
	r->repeats[0] = r->late[1];
	r->repeats[0].cases = 3;
	assert_int_equal(report_render_json(r, &b, &err), 0);
	o = json_loads(b.s, 0, NULL);
	assert_non_null(o);
	again = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(again);
	assert_int_equal(strlen(b.s), strlen(again) + 1);
	assert_memory_equal(b.s, again, strlen(again));
	assert_string_equal(b.s + strlen(again), "\n");
	v = json_object_get(json_array_get(json_object_get(json_object_get(o, "late"), "cases"),
					   1), "dept");
	assert_string_equal(json_string_value(v), odd);
	v = json_array_get(json_object_get(o, "repeat_subjects"), 0);
	assert_int_equal(json_integer_value(json_object_get(v, "cases")), 3);
	assert_true(json_is_null(json_object_get(v, "closed")));
	v = json_array_get(json_object_get(o, "late_feedback"), 1);
	assert_string_equal(json_string_value(json_object_get(v, "feedback")), "2026-07-13");
	assert_int_equal(json_array_size(json_object_get(o, "late_rectify")), 0);
	free(again);
	json_decref(o);
	free(b.s);
	report_free(r);
}

/* Schema 11: the totals of ended periods kept by a report, read by the next
 * one instead of every case; dropped by a change; recounted by check. */
static void test_totals_kept(void **state)
{
	sqlite3 *db = fixture_db();
	struct calendar *cal;
	struct err err = { 0 };
	struct traced t = { { 0 }, 0 };
	struct report *r;
	struct testutil_problems pr = { 0, "" };
	char *first, *again, *recount;
	long bad = -1;

	(void)state;
	if (calendar_load_dir(SRC("data/holidays"), &cal, &err))
		fail_msg("%s", err.msg);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	first = json_of(r);
	report_free(r);
	/* the trend's seven ended quarters before 2026Q3 (2025Q3 among them) */
	assert_int_equal(kept_rows(db), 7);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_sql, &t);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	sqlite3_trace_v2(db, 0, NULL, NULL);
	again = json_of(r);
	report_free(r);
	assert_string_equal(first, again);
	for (int i = 0; i < t.n; i++) {
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s", t.sql[i]);
		sqlite3_stmt *q;
		/* not every case received before the end: only the period's own */
		if (strstr(t.sql[i], "SELECT id, received, closed_at") && !strstr(t.sql[i], "UNION"))
			fail_msg("the report read every case: %s", t.sql[i]);
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		while (sqlite3_step(q) == SQLITE_ROW)
			if (full_scan(db, (const char *)sqlite3_column_text(q, 3)))
				fail_msg("the report reads a whole table: %s\n  in: %s",
					 (const char *)sqlite3_column_text(q, 3), t.sql[i]);
		sqlite3_finalize(q);
		free(sql);
		sqlite3_free(t.sql[i]);
	}
	assert_int_equal(report_totals_check(db, &bad, testutil_on_problem, &pr, &err), 0);
	assert_int_equal(bad, 0);

	/* TS2025-00001 (received 2025-08-01) closed late after all: the rows of
	 * the quarters that ended after its receipt go, the older three stay */
	assert_int_equal(sqlite3_exec(db, "UPDATE cases SET due = '2025-08-04 23:59:59' WHERE "
				      "number = 'TS2025-00001'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(kept_rows(db), 3);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	assert_int_equal(r->year_ago.closed, 1);
	assert_int_equal(r->year_ago.closed_on_time, 0);
	again = (free(again), json_of(r));
	report_free(r);
	assert_int_equal(kept_rows(db), 7);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM report_totals", NULL, NULL, NULL), SQLITE_OK);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	recount = json_of(r);
	report_free(r);
	assert_string_equal(again, recount);
	/* an event undoing something of that case drops them too */
	kept_event(db, "{\"status\":\"replied\"}");
	assert_int_equal(kept_rows(db), 3);

	/* check: a row changed behind cdesk's back, a row of no period */
	assert_int_equal(sqlite3_exec(db, "UPDATE report_totals SET closed = closed + 1 WHERE "
				      "period = '2025Q1'; INSERT INTO report_totals VALUES "
				      "('2025Q9', '', 0, 0, 0, 0, 0, 0)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(report_totals_check(db, &bad, testutil_on_problem, &pr, &err), 0);
	assert_int_equal(bad, 2);
	assert_int_equal(pr.n, 2);
	assert_non_null(strstr(pr.last, "2025Q9"));
	free(first);
	free(again);
	free(recount);
	calendar_free(cal);
	sqlite3_close(db);
}

/* Schema 13: a step writes every state column, changed or not: only a
 * changed value of a column the totals read drops the kept rows, and an
 * event only when its "before" names a field of the rebuilt history. */
static void test_totals_kept_unchanged(void **state)
{
	sqlite3 *db = fixture_db();
	struct calendar *cal;
	struct err err = { 0 };
	struct report *r;
	struct testutil_problems pr = { 0, "" };
	long bad = -1;

	(void)state;
	if (calendar_load_dir(SRC("data/holidays"), &cal, &err))
		fail_msg("%s", err.msg);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	report_free(r);
	assert_int_equal(kept_rows(db), 7);
	/* every counted column written with the value it has, as a note does */
	assert_int_equal(sqlite3_exec(db, "UPDATE cases SET received = received, closed_at = "
				      "closed_at, status = status, due = due, due_met = due_met, "
				      "paused_at = paused_at, round = round, round_at = round_at, "
				      "satisfaction = 'unsatisfied', version = version + 1",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(kept_rows(db), 7);
	kept_event(db, "{\"satisfaction\":\"satisfied\",\"note\":\"x\"}");
	assert_int_equal(kept_rows(db), 7);
	assert_int_equal(report_totals_check(db, &bad, testutil_on_problem, &pr, &err), 0);
	assert_int_equal(bad, 0);
	/* a NULL made a value counts as a change (IS NOT, not !=) */
	assert_int_equal(sqlite3_exec(db, "UPDATE cases SET paused_at = '2025-08-01 09:30:00' "
				      "WHERE number = 'TS2025-00001'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(kept_rows(db), 3);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	report_free(r);
	assert_int_equal(kept_rows(db), 7);
	kept_event(db, "{\"due_met\":null}");
	assert_int_equal(kept_rows(db), 3);
	calendar_free(cal);
	sqlite3_close(db);
}

static void test_digest(void **state)
{
	sqlite3 *db = fixture_db();
	struct calendar *cal;
	struct err err = { 0 };
	struct digest d;
	struct cdatetime now;
	static const struct {
		const char *dept, *number;
		bool overdue;
		int days;
	} want[] = {
		{ "MEDICAL", "TS2026-00011", true, -73 },
		{ "MEDICAL", "TS2026-00010", true, -28 },
		{ "MEDICAL", "TS2026-00014", false, 0 },
		{ "NURSING", "TS2026-00003", true, -36 },
		{ "NURSING", "TS2026-00014", false, 0 },
		{ "OFFICE", "TS2026-00013", false, 1 },
	};

	(void)state;
	assert_int_equal(calendar_load_dir(SRC("data/holidays"), &cal, &err), 0);
	add_case(db, "TS2026-00013", "2026-09-29 08:00:00", "dept", "OFFICE", "depts", "OFFICE",
		 "due", "2026-09-30 17:00:00", NULL);
	add_case(db, "TS2026-00014", "2026-09-29 08:30:00", "dept", "NURSING",
		 "depts", "NURSING,MEDICAL", "due", "2026-09-29 23:59:59", NULL);
	/* due on 10-08, after the holiday: not within one working day of 09-29 */
	add_case(db, "TS2026-00015", "2026-09-29 08:40:00", "due", "2026-10-08 23:59:59", NULL);
	/* met (replied, awaiting the callback): nothing to chase */
	add_case(db, "TS2026-00016", "2026-09-01 08:40:00", "due", "2026-09-08 23:59:59",
		 "due_met", "2026-09-07 10:00:00", "status", "replied", NULL);
	datetime_parse("2026-09-29 12:00", &now, NULL);
	assert_int_equal(digest_build(db, cal, now, NULL, &d, &err), 0);
	assert_int_equal(d.n, 6);
	for (int i = 0; i < d.n && i < 6; i++) {
		assert_string_equal(d.v[i].dept, want[i].dept);
		assert_string_equal(d.v[i].number, want[i].number);
		assert_int_equal(d.v[i].overdue, want[i].overdue);
		assert_int_equal(d.v[i].days, want[i].days);
	}
	assert_false(d.v[2].lead);
	assert_true(d.v[4].lead);
	digest_free(&d);
	assert_int_equal(digest_build(db, cal, now, "NURSING", &d, &err), 0);
	assert_int_equal(d.n, 2);
	digest_free(&d);
	/* on 09-30 the next working day is 10-08 (National Day) */
	datetime_parse("2026-09-30 09:00", &now, NULL);
	assert_int_equal(digest_build(db, cal, now, "MEDICAL", &d, &err), 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.v[3].number, "TS2026-00015");
	assert_int_equal(d.v[3].days, 1);
	assert_true(d.v[2].overdue);        /* TS2026-00014, due yesterday */
	digest_free(&d);
	calendar_free(cal);
	sqlite3_close(db);
}

/* What the progress listener was told of a report. */
struct heard {
	int notes, ends;
	long long last, total;
	bool rising, report_only;
};

static void hear(const char *what, long long done, long long total, void *arg)
{
	struct heard *h = arg;

	if (done < 0) {
		h->ends++;
		return;
	}
	h->rising = h->rising && done > h->last && done < total;
	h->report_only = h->report_only && !strcmp(what, "report");
	if (h->total && total != h->total)
		h->rising = false;
	h->notes++;
	h->last = done;
	h->total = total;
}

/* Adds n old closed cases (received in 2020, before any trend): they count
 * in no figure of 2026Q3, and the report still reads each. */
static void add_old_cases(sqlite3 *db, int n)
{
	char *sql = xasprintf(
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
		"INSERT INTO cases (number, year, seq, received, channel, kind, account, dept, "
		"depts, class, receiver, status, due, closed_at, round_at, updated) "
		"SELECT printf('TS2020-%%06d', i), 2020, i, '2020-03-01 09:00:00', 'phone', "
		"'complaint', 'x', 'MEDICAL', 'MEDICAL', 'general', 'clerk', 'closed', "
		"'2020-03-08 23:59:59', '2020-03-05 09:00:00', '2020-03-01 09:00:00', "
		"'2020-03-05 09:00:00' FROM k", n);

	if (sqlite3_exec(db, "DROP TRIGGER cases_fts_insert", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("old cases: %s", sqlite3_errmsg(db));
	free(sql);
}

/* A report over more than 100,000 cases tells its progress, rising to the
 * rows its scans read; one over 100,000 or fewer tells nothing (issue 10). */
static void test_build_progress(void **state)
{
	sqlite3 *db = fixture_db();
	struct calendar *cal;
	struct err err = { 0 };
	struct report *r;
	struct heard h = { 0, 0, 0, 0, true, true };
	/* the fixture: 13 cases received before 2026Q3's end, 10 in it */
	const long long before = 13, in = 10;

	(void)state;
	assert_int_equal(calendar_load_dir(SRC("data/holidays"), &cal, &err), 0);
	add_old_cases(db, 100000 - (int)before);
	progress_listen(hear, &h);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	assert_int_equal(h.notes, 0);       /* 100,000 cases: not over */
	assert_int_equal(h.ends, 0);
	assert_int_equal(r->totals.received, 10);
	report_free(r);

	add_case(db, "TS2019-00001", "2019-05-01 09:00:00", "status", "closed",
		 "closed_at", "2019-05-02 09:00:00", NULL);
	r = build(db, cal, "2026Q3", "2026-10-20 10:00");
	progress_listen(NULL, NULL);
	assert_true(h.notes >= 90);         /* every 1,024th of 100,011 rows */
	assert_int_equal(h.ends, 1);
	assert_true(h.rising);
	assert_true(h.report_only);
	assert_int_equal(h.total, before + 1 + 100000 - before + in);
	assert_true(h.last >= h.total - 1024);
	/* the figures are those without the old cases */
	assert_int_equal(r->totals.received, 10);
	report_free(r);
	calendar_free(cal);
	sqlite3_close(db);
}

/* A test of the rendering, on the report its setup made. */
#define RENDER_TEST(t, setup) cmocka_unit_test_setup_teardown(t, setup, render_free)

TESTUTIL_MAIN(testutil_setup_locale, NULL,
	      cmocka_unit_test(test_period_parse),
	      cmocka_unit_test(test_period_shift),
	      cmocka_unit_test(test_check_passes),
	      cmocka_unit_test(test_check_fails),
	      cmocka_unit_test(test_text_layout_a4),
	      RENDER_TEST(test_text_continued_table, rendered_long),
	      RENDER_TEST(test_text_alignment, rendered),
	      RENDER_TEST(test_golden_text, rendered),
	      RENDER_TEST(test_csv, rendered),
	      RENDER_TEST(test_json, rendered),
	      RENDER_TEST(test_screen_bars, rendered),
	      cmocka_unit_test(test_build),
	      cmocka_unit_test(test_build_progress),
	      cmocka_unit_test(test_build_plans),
	      cmocka_unit_test(test_totals_kept),
	      cmocka_unit_test(test_totals_kept_unchanged),
	      cmocka_unit_test(test_json_lists_as_jansson),
	      cmocka_unit_test(test_digest))
