/* `cdesk report quarterly|monthly PERIOD`: the summary as text, CSV or JSON, to a file or the printer. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "app/pdf.h"
#include "session.h"
#include "cli_issue.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/digest.h"
#include "core/text.h"
#include "core/report.h"
#include "core/store.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char report_usage[] =
	"cdesk report (quarterly 2026Q3 | monthly 2026-08) [--format text|csv|json|pdf] "
	"[--output FILE] [--print] [--issue]";

int cmd_report(struct cli *c, int argc, char **argv)
{
	const char *format = NULL, *output = NULL, *print = NULL, *issue = NULL;
	bool issued = false;
	const struct cli_opt opts[] = {
		{ "format", true, &format },
		{ "output", true, &output },
		{ "print", false, &print },
		{ "issue", false, &issue },
		{ NULL, false, NULL },
	};
	const char *pos[2];
	int npos, rc;
	struct report_period p;
	struct report *r = NULL;
	struct store *st = NULL;
	struct sbuf out = { 0 };
	struct err err = { 0 };
	enum period_kind want;

	rc = cli_parse(c, argc, argv, opts, pos, 2, &npos, report_usage);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 2)
		return cli_usage_error(report_usage, npos ? N_("missing the period") :
				       N_("missing 'quarterly' or 'monthly' and the period"));
	if (!strcmp(pos[0], "quarterly"))
		want = PERIOD_QUARTER;
	else if (!strcmp(pos[0], "monthly"))
		want = PERIOD_MONTH;
	else
		return cli_usage_error(report_usage, "unknown report '%s' (quarterly or monthly)",
				       pos[0]);
	/* printed: [print] format (pdf by default) unless --format says */
	if (!format)
		format = c->json ? "json" : print && app_print_pdf(c->app) ? "pdf" : "text";
	if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json") &&
	    strcmp(format, "pdf"))
		return cli_usage_error(report_usage, "--format: '%s' is not text, csv, json or pdf",
				       format);
	if (print && strcmp(format, "text") && strcmp(format, "pdf"))
		return cli_usage_error(report_usage, "--print prints the text or pdf format, not %s",
				       format);
	if (print && output)
		return cli_usage_error(report_usage, "--print and --output exclude each other");
	if (!strcmp(format, "pdf") && !print && (!output || !strcmp(output, "-")) &&
	    isatty(STDOUT_FILENO))
		return cli_usage_error(report_usage, "--format pdf: a PDF is not shown on a "
				       "terminal; use --output FILE or --print");
	if (report_period_parse(pos[1], &p, &err))
		return cli_usage_error(report_usage, "%s", err.msg);
	if (p.kind != want)
		return cli_usage_error(report_usage, p.kind == PERIOD_QUARTER
				       ? N_("%s is a quarter; use 'cdesk report %s %s'")
				       : N_("%s is a month; use 'cdesk report %s %s'"), pos[1],
				       p.kind == PERIOD_QUARTER ? "quarterly" : "monthly", pos[1]);

	if ((rc = session_open_for(c, CA_REPORT, &st, &err)) ||
	    (rc = app_report_build(c->app, st, &p, &r, &err)) ||
	    (rc = cli_report_issued(c, st, &p, r, format, issue != NULL, &out, &issued, &err))) {
		store_close(st);
		report_free(r);
		sbuf_free(&out);
		return cli_fail(&err);
	}
	store_close(st);
	cli_warn_calendar(c, report_period_shift(&p, 1 - REPORT_TREND).first, r->as_of);
	if (issued) {
		rc = 0;     /* the issued copy, with its corrections */
	} else if (!strcmp(format, "text")) {
		struct report_layout lay = REPORT_LAYOUT_A4;
		rc = report_render_text(r, &lay, &out, &err);
	} else if (!strcmp(format, "pdf")) {
		cli_warn_font(c);
		rc = app_report_pdf(c->app, r, &out, &err);
	} else if (!strcmp(format, "csv")) {
		rc = report_render_csv(r, &out, &err);
	} else {
		rc = report_render_json(r, &out, &err);
	}
	if (!rc) {
		if (print)
			rc = app_print(c->app, out.s, out.len, &err);
		else
			rc = app_write_output(output, out.s, out.len, &err);
	}
	if (!rc && print) {
		char code[8];
		fprintf(stderr, _("cdesk: report %s sent to '%s'\n"), report_period_code(&p, code),
			app_print_command(c->app));
	}
	report_free(r);
	sbuf_free(&out);
	return rc ? cli_fail(&err) : 0;
}

static const char digest_usage[] = "cdesk digest [--dept CODE] [--json]";

static const char *dept_name(const struct ruleset *rs, const char *code)
{
	const struct department *d = rules_dept_find(rs, code);

	return d ? d->name_zh : code;
}

static void digest_line(struct sbuf *b, const struct digest_item *it)
{
	char due[20], when[64], *unit;
	int cls = class_parse(it->hclass), st = status_parse(it->status);

	datetime_format(it->due, due);
	due[16] = '\0';
	if (it->overdue && it->days < 0)
		snprintf(when, sizeof when, "逾期 %d 个工作日", -it->days);
	else if (it->overdue)
		snprintf(when, sizeof when, "今日已逾期");
	else if (it->days == 0)
		snprintf(when, sizeof when, "今日到期");
	else
		snprintf(when, sizeof when, "%d 个工作日后到期", it->days);
	unit = text_fit(it->unit, 16, false);
	sbuf_addf(b, "  %-14s %s%s %s  %s  %s  %s%s%s\n", it->number,
		  it->safety ? "【医疗安全】" : "",
		  it->feedback ? "反馈期限" : it->callback ? "回访期限" : "期限", due, when,
		  st >= 0 ? status_label((enum case_status)st) : it->status,
		  cls >= 0 ? class_label((enum handling_class)cls) : it->hclass,
		  *unit ? "  " : "", unit);
	free(unit);
}

int cmd_digest(struct cli *c, int argc, char **argv)
{
	const char *dept = NULL;
	const struct cli_opt opts[] = { { "dept", true, &dept }, { NULL, false, NULL } };
	const char *pos[1];
	int npos, rc;
	struct err err = { 0 };
	struct calendar *cal;
	struct ruleset *rs;
	struct store *st;
	struct digest d;
	const struct department *only = NULL;
	struct sbuf b = { 0 };
	char now[20], horizon[11];

	rc = cli_parse(c, argc, argv, opts, pos, 0, &npos, digest_usage);
	if (rc)
		return rc == 1 ? 0 : rc;
	if ((rc = app_calendar(c->app, &cal, &err)) || (rc = app_rules(c->app, &rs, &err)))
		return cli_fail(&err);
	if (dept && !(only = rules_dept_find(rs, dept))) {
		err_set(&err, ERR_NOTFOUND, "--dept: no department '%s' in rules.ini", dept);
		return cli_fail(&err);
	}
	if ((rc = session_open_for(c, CA_REPORT, &st, &err)))
		return cli_fail(&err);
	rc = digest_build_office(store_db(st), cal, rs, c->app->at, only ? only->code : NULL,
				 rules_default_dept(rs) ? rules_default_dept(rs)->code : NULL, &d, &err);
	store_close(st);
	if (rc)
		return cli_fail(&err);
	cli_warn_calendar(c, c->app->at.day, d.horizon);
	datetime_format(c->app->at, now);
	now[16] = '\0';
	date_format(d.horizon, horizon);
	if (c->json) {
		json_t *o = json_object(), *a = json_array();
		char buf[20];
		json_object_set_new(o, "now", json_string(now));
		json_object_set_new(o, "horizon", json_string(horizon));
		for (int i = 0; i < d.n; i++) {
			const struct digest_item *it = &d.v[i];
			json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:b,s:s,s:b,s:s,s:b,s:i,s:s,s:s,s:s}",
				"dept", it->dept, "dept_name", dept_name(rs, it->dept),
				"number", it->number, "lead", it->lead,
				"clock", it->feedback ? "feedback" : it->callback ? "callback" : "reply",
				"safety", it->safety, "due", datetime_format(it->due, buf), "overdue", it->overdue,
				"working_days", it->days, "status", it->status, "class", it->hclass,
				"unit", it->unit));
		}
		json_object_set_new(o, "cases", a);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
		json_decref(o);
		digest_free(&d);
		return 0;
	}
	sbuf_addf(&b, "%s — 投诉办理提醒 %s（到期截至 %s）\n", c->app->cfg->site_name ? c->app->cfg->site_name : "",
		  now, horizon);
	for (int i = 0; i < d.n;) {
		int j = i, nover = 0, nsoon = 0;
		while (j < d.n && !strcmp(d.v[j].dept, d.v[i].dept)) {
			/* cases, not clocks: a case late in reply and feedback counts once */
			bool seen = false;
			for (int k = i; k < j && !seen; k++)
				seen = d.v[k].overdue == d.v[j].overdue &&
				       !strcmp(d.v[k].number, d.v[j].number);
			if (!seen && d.v[j].overdue)
				nover++;
			else if (!seen)
				nsoon++;
			j++;
		}
		sbuf_addf(&b, "\n== %s（%s）：逾期 %d 件，一个工作日内到期 %d 件 ==\n",
			  dept_name(rs, d.v[i].dept), d.v[i].dept, nover, nsoon);
		if (nover)
			sbuf_add(&b, "逾期：\n");
		for (int k = i; k < j; k++)
			if (d.v[k].overdue)
				digest_line(&b, &d.v[k]);
		if (nsoon)
			sbuf_add(&b, "一个工作日内到期：\n");
		for (int k = i; k < j; k++)
			if (!d.v[k].overdue)
				digest_line(&b, &d.v[k]);
		i = j;
	}
	if (d.n == 0)
		sbuf_addf(&b, "\n%s%s无逾期，也无一个工作日内到期的投诉。\n",
			  only ? only->name_zh : "", only ? "：" : "");
	fputs(b.s, stdout);
	sbuf_free(&b);
	digest_free(&d);
	return 0;
}
