/* Issued reports (issue 11): a closed period's report is kept as issued; later edits print as corrections. */
#include "cli_issue.h"
#include "cli/i18n.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/report_issue.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int render(const struct report *r, const char *format, struct sbuf *out, struct err *err)
{
	struct report_layout lay = REPORT_LAYOUT_A4;

	if (!strcmp(format, "text"))
		return report_render_text(r, &lay, out, err);
	if (!strcmp(format, "csv"))
		return report_render_csv(r, out, err);
	return report_render_json(r, out, err);
}

static int issue_now(struct cli *c, struct store *st, const struct report_period *p,
		     const struct report *r, const char *code, struct err *err)
{
	struct sbuf t = { 0 }, v = { 0 }, j = { 0 };
	char at[20], day[11];
	int rc;

	if (c->app->at.day <= p->last)
		return err_set(err, ERR_USAGE, "%s has not ended (its last day is %s): only a "
			       "closed period's report is issued", code, date_format(p->last, day));
	if ((rc = cases_permit(&(struct case_ctx){ .st = st, .actor = c->app->actor }, CA_ISSUE,
			       NULL, err)))
		return rc;
	if (!(rc = render(r, "text", &t, err)) && !(rc = render(r, "csv", &v, err)) &&
	    !(rc = render(r, "json", &j, err)))
		rc = report_issue_save(store_db(st), code, c->app->actor,
				       datetime_format(c->app->at, at), t.s, v.s, j.s, err);
	sbuf_free(&t);
	sbuf_free(&v);
	sbuf_free(&j);
	if (!rc)
		fprintf(stderr, _("cdesk: report %s issued by %s at %s; it is kept as issued\n"), code,
			c->app->actor, at);
	return rc;
}

/* A CSV field: quoted, quotes doubled. */
static void csv_field(struct sbuf *out, const char *s)
{
	sbuf_add(out, "\"");
	for (; *s; s++)
		sbuf_addf(out, "%s", *s == '"' ? "\"\"" : (char[2]){ *s, 0 });
	sbuf_add(out, "\"");
}

static void csv_lines(struct sbuf *out, const char *which, const char *lines)
{
	const char *p = lines;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char *line = xasprintf("%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
		sbuf_addf(out, "correction,%s,", which);
		csv_field(out, line);
		sbuf_add(out, "\r\n");
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

static json_t *json_lines(const char *lines)
{
	json_t *a = json_array();
	const char *p = lines;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		json_array_append_new(a, json_stringn(p, nl ? (size_t)(nl - p) : strlen(p)));
		p = nl ? nl + 1 : NULL;
	}
	return a;
}

static void text_lines(struct sbuf *out, const char *lines)
{
	const char *p = lines;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		sbuf_addf(out, "  %.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
		p = nl ? nl + 1 : NULL;
	}
}

/* The issued copy in format, then what changed since (the CSV's rows, as issued and now). */
static void copy_out(const struct report_issued *is, const char *format, int changed,
		     const struct sbuf *was, const struct sbuf *now, struct sbuf *out)
{
	if (!strcmp(format, "json")) {
		json_t *o = json_loads(is->json, 0, NULL);
		char *s;
		if (!o)
			o = json_object();
		json_object_set_new(o, "issued", json_pack("{s:s,s:s}", "at", is->issued_at,
							     "by", is->issued_by));
		json_object_set_new(o, "corrections", json_pack("{s:o,s:o}", "issued",
			json_lines(was->s), "now", json_lines(now->s)));
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		sbuf_addf(out, "%s\n", s);
		free(s);
		json_decref(o);
		return;
	}
	if (!strcmp(format, "csv")) {
		sbuf_add(out, is->csv);
		sbuf_add(out, "\r\nsection,issued_or_now,row\r\n");
		csv_lines(out, "issued", was->s);
		csv_lines(out, "now", now->s);
		return;
	}
	sbuf_add(out, is->text);
	if (!changed)
		return;
	sbuf_addf(out, "\f签发后更正（corrections since issue）\n"
		  "本报告于 %s 由 %s 签发，以上为签发时的原文；其后的更改不改动原文，列于此处。\n"
		  "签发时：\n", is->issued_at, is->issued_by);
	text_lines(out, was->s);
	sbuf_add(out, "现在：\n");
	text_lines(out, now->s);
}

int cli_report_issued(struct cli *c, struct store *st, const struct report_period *p,
		      const struct report *r, const char *format, bool issue, struct sbuf *out,
		      bool *handled, struct err *err)
{
	struct report_issued is;
	struct sbuf csv = { 0 }, was = { 0 }, now = { 0 };
	char code[8];
	int rc, changed;

	*handled = false;
	report_period_code(p, code);
	if (issue && (rc = issue_now(c, st, p, r, code, err)))
		return rc;
	rc = report_issue_load(store_db(st), code, &is, err);
	if (rc == ERR_NOTFOUND) {
		memset(err, 0, sizeof *err);
		return 0;
	}
	if (rc)
		return rc;
	if ((rc = render(r, "csv", &csv, err))) {
		report_issued_free(&is);
		return rc;
	}
	sbuf_addn(&was, "", 0);
	sbuf_addn(&now, "", 0);
	changed = report_corrections(is.csv, csv.s, &was, &now);
	copy_out(&is, format, changed, &was, &now, out);
	if (changed)
		fprintf(stderr, _("cdesk: %s was issued %s; %d rows changed since (the corrections "
			"follow the issued copy)\n"), code, is.issued_at, changed);
	*handled = true;
	report_issued_free(&is);
	sbuf_free(&csv);
	sbuf_free(&was);
	sbuf_free(&now);
	return 0;
}
