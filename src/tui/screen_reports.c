/* The reports screen: the quarterly or monthly summary with bar charts; export and print with one key. */
#include "tui/tui_internal.h"
#include "tui/i18n.h"
#include "app/pdf.h"
#include "core/report.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rep_screen {
	struct report_period period;
	struct report *r;           /* NULL when it could not be built */
	char error[1024];           /* why not, or the failed check */
	char **lines;               /* the rendered screen text */
	int nlines;
	int top;                    /* first line shown */
	int width;                  /* the width the lines were rendered for */
	bool utf8;
};

static const struct binding rep_keys[] = {
	{ '<', false, KM_LIST, ACT_LEFT, N_("Previous: the period before"), false },
	{ '>', false, KM_LIST, ACT_RIGHT, N_("Next: the period after"), false },
	{ KEY_LEFT, true, KM_LIST, ACT_LEFT, N_("Previous: the period before"), true },
	{ KEY_RIGHT, true, KM_LIST, ACT_RIGHT, N_("Next: the period after"), true },
	{ 'm', false, KM_LIST, ACT_TOGGLE, N_("Quarter/month: switch between them"), true },
	{ 'g', false, KM_LIST, ACT_CHOOSE, N_("Go to: a period such as 2026Q3 or 2026-08"), true },
	{ 'p', false, KM_LIST, ACT_PRINT, N_("Print: the report as A4 PDF ([print] format), to the print command"),
	  true },
	{ 'e', false, KM_LIST, ACT_SAVE, N_("Export: CSV, JSON, A4 text or A4 PDF to a file"), true },
	{ ' ', false, KM_LIST, ACT_PGDN, N_("Page down"), false },
	{ 'b', false, KM_LIST, ACT_PGUP, N_("Page up"), false },
};

/* Block characters only when the terminal's locale is UTF-8: the environment
 * decides, not the C.UTF-8 that cdesk may have set for its own width tables. */
static bool env_utf8(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		char low[128];
		size_t k = 0;
		if (!v || !*v)
			continue;
		for (; v[k] && k < sizeof low - 1; k++)
			low[k] = (char)tolower((unsigned char)v[k]);
		low[k] = '\0';
		return strstr(low, "utf-8") || strstr(low, "utf8");
	}
	return false;
}

static void lines_clear(struct rep_screen *rs)
{
	for (int i = 0; i < rs->nlines; i++)
		free(rs->lines[i]);
	free(rs->lines);
	rs->lines = NULL;
	rs->nlines = 0;
}

/* Splits the screen rendering of the report into lines for the current width. */
static void render(struct rep_screen *rs)
{
	struct sbuf out = { 0 };
	struct err err = { 0 };
	int cap = 0;

	lines_clear(rs);
	if (!rs->r)
		return;
	if (report_render_screen(rs->r, rs->width > 60 ? rs->width - 1 : 60, rs->utf8, &out, &err)) {
		snprintf(rs->error, sizeof rs->error, "%s", err.msg);
		return;
	}
	for (char *p = out.s; p && *p;) {
		char *nl = strchr(p, '\n');
		if (rs->nlines == cap) {
			cap = cap ? cap * 2 : 128;
			rs->lines = xrealloc(rs->lines, (size_t)cap * sizeof *rs->lines);
		}
		rs->lines[rs->nlines++] = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		p = nl ? nl + 1 : NULL;
	}
	sbuf_free(&out);
}

/* Builds the report again; also the screen's resume. */
static void load(struct screen *s)
{
	struct rep_screen *rs = s->data;
	struct tui *t = s->tui;
	struct err err = { 0 };

	report_free(rs->r);
	rs->r = NULL;
	rs->error[0] = '\0';
	rs->top = 0;
	if (!t->store) {
		snprintf(rs->error, sizeof rs->error, "%s", _("No database is open."));
		lines_clear(rs);
		return;
	}
	/* as of the app's time, which follows the clock (tui_refresh_clock) */
	tui_busy(t, _("Counting the report…"));
	if (app_report_build(t->app, t->store, &rs->period, &rs->r, &err))
		snprintf(rs->error, sizeof rs->error, "%s", err.msg);
	else if (report_check(rs->r, &err))
		snprintf(rs->error, sizeof rs->error, "%s", err.msg);
	render(rs);
}

static void rep_free(struct screen *s)
{
	struct rep_screen *rs = s->data;

	lines_clear(rs);
	report_free(rs->r);
}

static void rep_resize(struct screen *s)
{
	struct rep_screen *rs = s->data;

	if (s->cols != rs->width) {
		rs->width = s->cols;
		render(rs);
	}
	if (rs->top > rs->nlines - 1)
		rs->top = rs->nlines > 0 ? rs->nlines - 1 : 0;
}

static bool is_heading(const char *line)
{
	static const char *const nums[] = { "一、", "二、", "三、", "四、", "五、", "六、",
					    "七、", "八、", "九、", "十、", "十一、", "十二、" };

	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (!strncmp(line, nums[i], strlen(nums[i])))
			return true;
	return false;
}

static void rep_draw(struct screen *s, WINDOW *w)
{
	struct rep_screen *rs = s->data;
	char code[8], label[32], head[256];
	int body = s->rows - 1;

	report_period_code(&rs->period, code);
	report_period_label(&rs->period, label);
	snprintf(head, sizeof head, _("Report %s (%s)"), code, label);
	tui_draw(w, 0, 0, head, s->cols, true, ROLE_TITLE);
	if (rs->error[0] && !rs->nlines) {
		tui_draw(w, 2, 1, rs->error, s->cols - 2, false, ROLE_ERROR);
		return;
	}
	for (int i = 0; i < body && rs->top + i < rs->nlines; i++) {
		const char *line = rs->lines[rs->top + i];
		enum role r = ROLE_NORMAL;
		if (is_heading(line))
			r = ROLE_TITLE;
		else if (!strncmp(line, "注：", strlen("注：")) || !strncmp(line, "    ", 4))
			r = ROLE_DIM;
		tui_draw(w, 1 + i, 0, line, s->cols, false, r);
	}
	if (rs->error[0])
		tui_draw(w, s->rows - 1, 0, rs->error, s->cols, true, ROLE_ERROR);
}

/* Parses what the user typed at "go to": a quarter or a month. */
static bool go_to(struct screen *s)
{
	struct rep_screen *rs = s->data;
	char buf[32];
	struct report_period p;
	struct err err = { 0 };

	report_period_code(&rs->period, buf);
	if (!tui_prompt(s->tui, _("Period (2026Q3 or 2026-08): "), buf, sizeof buf))
		return false;
	if (report_period_parse(buf, &p, &err)) {
		tui_error(s->tui, "%s", err.msg);
		return false;
	}
	rs->period = p;
	return true;
}

static void do_print(struct screen *s)
{
	struct rep_screen *rs = s->data;
	struct report_layout lay = REPORT_LAYOUT_A4;
	struct sbuf out = { 0 };
	struct err err = { 0 };
	char code[8];

	if (!rs->r) {
		tui_error(s->tui, "%s", rs->error);
		return;
	}
	report_period_code(&rs->period, code);
	{
		/* paper is spent only when the clerk says so */
		char q[512];
		snprintf(q, sizeof q, _("Print report %s with '%s'?"), code,
			 app_print_command(s->tui->app));
		if (!tui_confirm(s->tui, q)) {
			tui_info(s->tui, "%s", _("Not printed."));
			return;
		}
		/* the PDF and the print command take a while: say so meanwhile */
		snprintf(q, sizeof q, _("Printing report %s…"), code);
		tui_busy(s->tui, q);
	}
	if ((app_print_pdf(s->tui->app) ? app_report_pdf(s->tui->app, rs->r, &out, &err)
					: report_render_text(rs->r, &lay, &out, &err)) ||
	    app_print(s->tui->app, out.s, out.len, &err))
		tui_error(s->tui, "%s", err.msg);
	else
		tui_info(s->tui, _("Report %s sent to '%s'."), code,
			 app_print_command(s->tui->app));
	sbuf_free(&out);
}

static void do_export(struct screen *s)
{
	struct rep_screen *rs = s->data;
	static const char *const formats[] = { "CSV", "JSON", N_("Text (A4)"), N_("PDF (A4)") };
	const char *items[4] = { formats[0], formats[1], _(formats[2]), _(formats[3]) };
	static const char *const ext[] = { "csv", "json", "txt", "pdf" };
	struct sbuf out = { 0 };
	struct err err = { 0 };
	char code[8], path[512];
	int f, rc;

	if (!rs->r) {
		tui_error(s->tui, "%s", rs->error);
		return;
	}
	f = tui_choose(s->tui, _("Export as"), items, 4, 0);
	if (f < 0)
		return;
	report_period_code(&rs->period, code);
	/* the home directory, not wherever the terminal happened to start */
	snprintf(path, sizeof path, "%s%scdesk-report-%s.%s", getenv("HOME") ? getenv("HOME") : "",
		 getenv("HOME") ? "/" : "", code, ext[f]);
	if (!tui_prompt(s->tui, _("Save to: "), path, sizeof path) || !path[0])
		return;
	if (access(path, F_OK) == 0) {
		/* an existing file is replaced only when the clerk says so */
		char q[700];
		snprintf(q, sizeof q, _("%s exists. Replace it?"), path);
		if (!tui_confirm(s->tui, q)) {
			tui_info(s->tui, "%s", _("Not exported; the file is unchanged."));
			return;
		}
	}
	{
		char busy[700];
		snprintf(busy, sizeof busy, _("Writing report %s to %s…"), code, path);
		tui_busy(s->tui, busy);
	}
	if (f == 0)
		rc = report_render_csv(rs->r, &out, &err);
	else if (f == 1)
		rc = report_render_json(rs->r, &out, &err);
	else if (f == 3)
		rc = app_report_pdf(s->tui->app, rs->r, &out, &err);
	else {
		struct report_layout lay = REPORT_LAYOUT_A4;
		rc = report_render_text(rs->r, &lay, &out, &err);
	}
	if (!rc)
		rc = app_write_output(path, out.s, out.len, &err);
	if (rc)
		tui_error(s->tui, "%s", err.msg);
	else
		tui_info(s->tui, _("Report %s written to %s."), code, path);
	sbuf_free(&out);
}

static int rep_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct rep_screen *rs = s->data;
	int page = s->rows > 2 ? s->rows - 2 : 1;
	int last = rs->nlines - (s->rows - 1);

	(void)ev;
	if (last < 0)
		last = 0;
	switch (a) {
	case ACT_UP:
	case ACT_WHEEL_UP:
		rs->top = rs->top > 0 ? rs->top - 1 : 0;
		return SF_REDRAW;
	case ACT_DOWN:
	case ACT_WHEEL_DOWN:
		rs->top = rs->top < last ? rs->top + 1 : last;
		return SF_REDRAW;
	case ACT_PGUP:
		rs->top = rs->top > page ? rs->top - page : 0;
		return SF_REDRAW;
	case ACT_PGDN:
		rs->top = rs->top + page < last ? rs->top + page : last;
		return SF_REDRAW;
	case ACT_HOME:
		rs->top = 0;
		return SF_REDRAW;
	case ACT_END:
		rs->top = last;
		return SF_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT: {
		struct report_period p = report_period_shift(&rs->period, a == ACT_LEFT ? -1 : 1);
		if (p.first > s->tui->today) {
			tui_error(s->tui, "%s", _("That period has not begun yet."));
			return SF_REDRAW;
		}
		rs->period = p;
		load(s);
		return SF_REDRAW;
	}
	case ACT_TOGGLE: {
		/* the quarter of the month shown, or the last month of the quarter shown */
		cdate d = rs->period.kind == PERIOD_QUARTER ? rs->period.last : rs->period.first;
		rs->period = report_period_of(rs->period.kind == PERIOD_QUARTER ? PERIOD_MONTH
										  : PERIOD_QUARTER, d);
		if (rs->period.first > s->tui->today)
			rs->period = report_period_of(rs->period.kind, s->tui->today);
		load(s);
		return SF_REDRAW;
	}
	case ACT_CHOOSE:
		if (go_to(s))
			load(s);
		return SF_REDRAW;
	case ACT_PRINT:
		do_print(s);
		return SF_REDRAW;
	case ACT_SAVE:
		do_export(s);
		return SF_REDRAW;
	case ACT_REFRESH:
		load(s);
		return SF_REDRAW | SF_UNHANDLED;
	case ACT_BACK:
		return SF_POP;
	default:
		return SF_UNHANDLED;
	}
}

/* The last complete quarter: what the quarterly meeting looks at. */
static void rep_init(struct screen *s)
{
	struct rep_screen *rs = s->data;
	struct report_period cur = report_period_of(PERIOD_QUARTER, s->tui->today);

	rs->period = report_period_shift(&cur, -1);
	rs->utf8 = env_utf8();
	rs->width = s->cols > 0 ? s->cols : 80;
	load(s);
}

const struct screen_ops screen_reports_ops = {
	"reports", N_("Reports"), KM_LIST, rep_keys, SCREEN_N(rep_keys),
	rep_free, rep_resize, rep_draw, rep_key, NULL, NULL, load, sizeof(struct rep_screen),
	rep_init,
};
