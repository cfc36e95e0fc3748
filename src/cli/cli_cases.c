/* The steps of a case as commands: one generic command for every action of the table (core/actions.h), and recompute. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/field.h"
#include "core/money.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "core/vocab.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- the steps ---- */

/* Parses "NUMBER" plus opts; opens the session. Returns 0, or an exit status
 * (already reported) in *status with false. */
static bool step_begin(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
		       const char *usage, const char **number, struct session *s, int *status)
{
	const char *pos[1];
	int npos, rc;
	struct err err = { 0 };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage))) {
		*status = rc == 1 ? 0 : rc;
		return false;
	}
	if (npos != 1) {
		*status = cli_usage_error(usage, "which case? (a case number like TS2026-00042)");
		return false;
	}
	*number = pos[0];
	if (session_open(c, s, &err)) {
		*status = session_fail(s, &err);
		return false;
	}
	return true;
}

/* Finishes a step: reports the core's failure or prints the case. */
static int step_end(struct cli *c, struct session *s, const char *number, int rc,
		    const struct err *err, const char *what)
{
	if (rc)
		return session_fail(s, err);
	return print_after(c, s, number, what);
}

/* ---- every action of the table (core/actions.h), one generic command ---- */

/* The usage line of an action, built from its parameters. */
static void act_usage(const struct case_action_def *d, struct sbuf *b)
{
	char codes[256];

	sbuf_addf(b, "cdesk %s NUMBER", d->code);
	for (int i = 0; i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		bool opt = !(p->flags & PF_REQUIRED);
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS)) {
			sbuf_addf(b, " [");
			for (int k = 1; k < p->choices->n; k++)
				sbuf_addf(b, "%s--%s", k > 1 ? " | " : "", p->choices->terms[k].code);
			sbuf_addf(b, "]");
			continue;
		}
		sbuf_addf(b, " %s--%s", opt ? "[" : "", p->name);
		if (p->type == PT_CHOICE)
			sbuf_addf(b, " %s", vocab_codes(p->choices, "|", codes, sizeof codes));
		else
			sbuf_addf(b, " %s", p->meta ? p->meta : "TEXT");
		if (opt)
			sbuf_addf(b, "]");
	}
	sbuf_addf(b, " [--if-version N] [--at DATETIME] [--json]");
}

int cli_act(struct cli *c, int action, int argc, char **argv)
{
	const struct case_action_def *d = case_action_get(action);
	const char *raw[ACTION_MAX_PARAMS] = { 0 }, *flag[ACTION_MAX_PARAMS][8] = { { 0 } };
	const char *version = NULL, *number, *done = NULL;
	struct cli_opt opts[ACTION_MAX_PARAMS * 2 + 2];
	struct sbuf usage = { 0 };
	struct session s;
	struct err err = { 0 };
	int n = 0, status, rc;
	long long seen = 0;
	char *hold = NULL;

	act_usage(d, &usage);
	for (int i = 0; i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS)) {
			for (int k = 1; k < p->choices->n && k < 8; k++)
				opts[n++] = (struct cli_opt){ p->choices->terms[k].code, false,
							      &flag[i][k] };
			continue;
		}
		opts[n++] = (struct cli_opt){ p->name, true, &raw[i] };
	}
	opts[n++] = (struct cli_opt){ "if-version", true, &version };
	opts[n] = (struct cli_opt){ NULL, false, NULL };
	if (!step_begin(c, argc, argv, opts, usage.s, &number, &s, &status)) {
		sbuf_free(&usage);
		return status;
	}
	rc = 0;
	for (int i = 0; i < d->nparams && !rc; i++) {
		const struct action_param *p = &d->params[i];
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS))
			for (int k = 1; k < p->choices->n && k < 8 && !rc; k++) {
				if (!flag[i][k])
					continue;
				if (raw[i])
					rc = cli_usage_error(usage.s, "--%s and --%s exclude each other",
							     raw[i], p->choices->terms[k].code);
				raw[i] = p->choices->terms[k].code;
			}
		else if ((p->flags & PF_REQUIRED) && (!raw[i] || !*raw[i]))
			rc = cli_usage_error(usage.s, "--%s is required", p->name);
		else if (p->type == PT_LONGTEXT)
			raw[i] = maybe_stdin(raw[i], &hold);
	}
	if (!rc && version) {
		char *end;
		seen = strtoll(version, &end, 10);
		if (*end || seen <= 0)
			rc = cli_usage_error(usage.s, "--if-version: '%s' is not a version number "
					     "(see show --json)", version);
	}
	if (rc) {
		free(hold);
		sbuf_free(&usage);
		store_close(s.st);
		return rc;
	}
	rc = case_act(&s.ctx, action, number, (int64_t)seen, raw, &done, &err);
	free(hold);
	sbuf_free(&usage);
	return step_end(c, &s, number, rc, &err, done);
}

/* The cases recompute may not touch, listed after the others are done. */
struct refusals {
	struct sbuf text;
	json_t *list;
	int n;
};

static void refused(void *arg, const char *number, const struct err *why)
{
	struct refusals *f = arg;

	f->n++;
	/* the message names the case already, mostly */
	if (strncmp(why->msg, number, strlen(number)))
		sbuf_addf(&f->text, "  %s: %s\n", number, why->msg);
	else
		sbuf_addf(&f->text, "  %s\n", why->msg);
	json_array_append_new(f->list, json_pack("{s:s,s:s}", "number", number, "why", why->msg));
}

int cmd_recompute(struct cli *c, int argc, char **argv)
{
	struct refusals f = { { 0 }, NULL, 0 };
	static const char usage[] = "cdesk recompute [NUMBER] [--at DATETIME] [--json]";
	const char *pos[1];
	int npos, rc, checked = 0, changed = 0;
	bool ch = false;
	struct err err = { 0 };
	struct session s;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 1, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if ((rc = session_open(c, &s, &err)))
		return session_fail(&s, &err);
	cli_warn_calendar(c, c->app->at.day, c->app->at.day);
	if (npos == 1) {
		checked = 1;
		rc = case_recompute(&s.ctx, pos[0], &ch, &err);
		changed = ch;
	} else {
		f.list = json_array();
		rc = cases_recompute_each(&s.ctx, &checked, &changed, refused, &f, &err);
	}
	if (rc) {
		json_decref(f.list);
		sbuf_free(&f.text);
		return session_fail(&s, &err);
	}
	if (c->json) {
		json_t *o = json_pack("{s:i, s:i}", "checked", checked, "changed", changed);
		if (f.list)
			json_object_set_new(o, "not_recomputed", f.list);
		print_json(o);
		json_decref(o);
	} else {
		json_decref(f.list);
		printf(_("%d open case(s) checked, %d with deadlines moved\n"), checked, changed);
		if (f.n)
			printf(_("%d not recomputed:\n%s"), f.n, f.text.s);
	}
	sbuf_free(&f.text);
	store_close(s.st);
	return f.n ? ERR_STATE : 0;
}
