/* Unit tests of the report's rendering: periods, the self-check, the text layout,
 * CSV, JSON and the screen (report_build: tests/unit/test_report_build.c). */
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

/* A test of the rendering, on the report its setup made. */
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
	r->late[0].days_late = -120;        /* integers written by hand: a sign, 3 digits */
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


/* A name that begins with the lists' marker byte (\001, written \u0001) or
 * is a whole marker is data, not a list: the lists after it are still
 * written and the name reads back as it was. */
static void test_json_marker_in_data(void **state)
{
	static const char *const names[] = { "\001", "\001late", "\001feedback\001repeat" };
	struct report *r = fixture(2);
	struct sbuf b = { 0 };
	struct err err = { 0 };
	json_t *o, *top;

	(void)state;
	for (size_t i = 0; i < N_ROWS(names); i++) {
		snprintf(r->repeat[i].who, sizeof r->repeat[i].who, "%s", names[i]);
		r->repeat[i].cases = 2;
	}
	r->nrepeat = (int)N_ROWS(names);
	strcpy(r->late[0].dept, "\001late");
	assert_int_equal(report_render_json(r, &b, &err), 0);
	o = json_loads(b.s, 0, NULL);
	assert_non_null(o);
	top = json_object_get(json_object_get(o, "repeat"), "top");
	for (size_t i = 0; i < N_ROWS(names); i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(top, i),
								      "who")), names[i]);
	assert_true(json_is_array(json_object_get(json_object_get(o, "late"), "cases")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(o, "late"), "cases")),
			 (size_t)r->nlate);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(
		json_object_get(o, "late"), "cases"), 0), "dept")), "\001late");
	assert_true(json_is_array(json_object_get(o, "late_feedback")));
	assert_true(json_is_array(json_object_get(o, "late_rectify")));
	assert_true(json_is_array(json_object_get(o, "repeat_subjects")));
	assert_null(strstr(b.s, "\"\\u0001late\"\n"));
	json_decref(o);
	free(b.s);
	report_free(r);
}


#define RENDER_TEST(t, setup) cmocka_unit_test_setup_teardown(t, setup, render_free)

TESTUTIL_MAIN(testutil_setup_locale, NULL,
	      cmocka_unit_test(test_json_lists_as_jansson),
	      cmocka_unit_test(test_json_marker_in_data),
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
	      RENDER_TEST(test_screen_bars, rendered))
