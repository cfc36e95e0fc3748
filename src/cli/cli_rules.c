/* cdesk classify: the rule module's suggestion for a text, with its reasons. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/field.h"
#include "core/money.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char classify_usage[] =
	"cdesk classify [--json] [--amount YUAN] [--group N] [--channel CHANNEL] "
	"[--demand TEXT] [--anonymous] [TEXT…] (no TEXT: standard input)";

#define MAX_TEXT_CHARS 20000

static char *read_stdin(void)
{
	struct sbuf b = { 0 };
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		sbuf_addn(&b, chunk, n);
	if (!b.s)
		sbuf_addn(&b, "", 0);
	if (memchr(b.s, '\0', b.len)) {
		fprintf(stderr, _("cdesk: standard input: a NUL byte at byte %zu; a text may not "
			"contain NUL bytes\n"), (size_t)((char *)memchr(b.s, '\0', b.len) - b.s) + 1);
		exit(ERR_USAGE);
	}
	return b.s;
}

static const char *dept_name(const struct ruleset *rs, const char *code)
{
	const struct department *d = rules_dept_find(rs, code);

	return d ? d->name_zh : "?";
}

static const char *cat_name(const struct ruleset *rs, const char *code)
{
	const struct category *c = rules_category_find(rs, code);

	return c ? c->name_zh : "?";
}

static json_t *to_json(const struct ruleset *rs, const struct rule_suggestion *s,
		       const char *due, int days, const char *received)
{
	json_t *j = json_object(), *a;
	const char *const *steps;
	int nsteps;

	json_object_set_new(j, "kind", json_string(kind_code(s->kind)));
	json_object_set_new(j, "categories", cases_codes_json(s->categories, s->ncategories));
	json_object_set_new(j, "dept", json_string(s->depts[0]));
	json_object_set_new(j, "depts", cases_codes_json(s->depts, s->ndepts));
	a = json_array();
	for (int i = 0; i < s->ndepts; i++)
		json_array_append_new(a, json_string(dept_name(rs, s->depts[i])));
	json_object_set_new(j, "dept_names", a);
	json_object_set_new(j, "defaulted", json_boolean(s->defaulted));
	json_object_set_new(j, "class", json_string(class_code(s->hclass)));
	a = json_array();
	for (unsigned f = 1; f < (1u << FLAG__COUNT); f <<= 1)
		if (s->flags & f)
			json_array_append_new(a, json_string(flag_code(f)));
	json_object_set_new(j, "flags", a);
	json_object_set_new(j, "claim_fen", json_integer(s->claim_fen));
	json_object_set_new(j, "received", json_string(received));
	json_object_set_new(j, "reply_due", json_string(due));
	if (days >= 0)
		json_object_set_new(j, "reply_days", json_integer(days));
	else
		json_object_set_new(j, "reply_hours",
				    json_integer(rules_class_hours(rs, s->hclass)));
	nsteps = rules_approval_chain(rs, s->hclass, &steps);
	a = json_array();
	for (int i = 0; i < nsteps; i++)
		json_array_append_new(a, json_string(steps[i]));
	json_object_set_new(j, "approval", a);
	json_object_set_new(j, "reasons", case_reasons_json(s));
	return j;
}

static void print_text(const struct ruleset *rs, const struct rule_suggestion *s,
		       const char *due, int days, const char *received)
{
	char buf[256];
	const char *const *steps;
	int nsteps;

	printf("kind:        %s %s\n", kind_code(s->kind), kind_label(s->kind));
	printf("categories:  ");
	for (int i = 0; i < s->ncategories; i++)
		printf("%s%s %s", i ? ", " : "", s->categories[i], cat_name(rs, s->categories[i]));
	printf("\nlead:        %s %s%s\n", s->depts[0], dept_name(rs, s->depts[0]),
	       s->defaulted ? " (default: no rule names a department)" : "");
	if (s->ndepts > 1) {
		printf("co-depts:    ");
		for (int i = 1; i < s->ndepts; i++)
			printf("%s%s %s", i > 1 ? ", " : "", s->depts[i], dept_name(rs, s->depts[i]));
		printf(" (multi-department case)\n");
	}
	printf("class:       %s %s\n", class_code(s->hclass), class_label(s->hclass));
	printf("flags:       ");
	if (!s->flags)
		printf("none");
	for (unsigned f = 1, n = 0; f < (1u << FLAG__COUNT); f <<= 1)
		if (s->flags & f)
			printf("%s%s %s", n++ ? ", " : "", flag_code(f), flag_label(f));
	printf("\n");
	if (s->claim_fen > 0) {
		char th[32];
		money_format_as(s->claim_fen, MONEY_SHORT, buf, sizeof buf);
		money_format_as(rules_claim_threshold_fen(rs), MONEY_SHORT, th, sizeof th);
		printf("claim:       %s yuan (threshold %s)\n", buf, th);
	}
	if (days > 0)
		printf("reply due:   %s (%d working days after %s)\n", due, days, received);
	else if (days == 0)
		printf("reply due:   %s (same day; received %s)\n", due, received);
	else
		printf("reply due:   %s (%d hours after %s)\n", due, rules_class_hours(rs, s->hclass),
		       received);
	nsteps = rules_approval_chain(rs, s->hclass, &steps);
	printf("approval:    ");
	for (int i = 0; i < nsteps; i++)
		printf("%s%s", i ? " → " : "", steps[i]);
	printf("\nreasons:\n");
	for (int i = 0; i < s->nreasons; i++) {
		char *d = text_sanitize(s->reasons[i].detail);
		printf("  %-15s %-24s %s\n", s->reasons[i].part, s->reasons[i].rule, d);
		free(d);
	}
}

int cmd_classify(struct cli *c, int argc, char **argv)
{
	const char *amount = NULL, *group = NULL, *channel = NULL, *demand = NULL, *anon = NULL;
	const char *claim = NULL;
	const struct cli_opt opts[] = {
		{ "amount", true, &amount }, { "claim", true, &claim },
		{ "group", true, &group }, { "channel", true, &channel },
		{ "demand", true, &demand }, { "anonymous", false, &anon },
		{ NULL, false, NULL },
	};
	const char *pos[64];
	int npos, rc, days;
	struct ruleset *rs;
	struct calendar *cal;
	struct rule_input in = { 0 };
	struct case_input ci;
	struct rule_suggestion s;
	struct cdatetime due;
	struct err err = { 0 };
	struct sbuf text = { 0 };
	char due_s[24], recv_s[24];

	rc = cli_parse(c, argc, argv, opts, pos, 64, &npos, classify_usage);
	if (rc)
		return rc == 1 ? 0 : rc;
	in.channel = -1;
	if (amount && claim)
		return cli_usage_error(classify_usage, "give --amount or --claim, not both");
	if (claim)
		amount = claim;
	/* the claim and group size as `cdesk add` takes them (core/field.h) */
	case_input_init(&ci);
	if ((amount && case_field_set(&ci, CF_CLAIM, amount, NULL, c->app->now, &err)) ||
	    (group && case_field_set(&ci, CF_GROUP_SIZE, group, NULL, c->app->now, &err)))
		return cli_usage_error(classify_usage, "%s", err.msg);
	in.claim_fen = ci.claim_fen;
	in.group_size = ci.group_size;
	if (channel) {
		in.channel = channel_parse(channel);
		if (in.channel < 0)
			return cli_usage_error(classify_usage, "--channel: unknown channel '%s' "
					       "(known: %s)", channel, channel_codes());
	}
	in.anonymous = anon != NULL;
	if (npos == 0 || (npos == 1 && strcmp(pos[0], "-") == 0)) {
		char *t = read_stdin();
		/* Text pasted from Windows: CR LF is a line end, not a control character. */
		for (char *p = t, *q = t;; p++) {
			if (!(p[0] == '\r' && p[1] == '\n'))
				*q++ = *p;
			if (!*p)
				break;
		}
		sbuf_add(&text, t);
		free(t);
	} else {
		for (int i = 0; i < npos; i++) {
			if (i)
				sbuf_add(&text, " ");
			sbuf_add(&text, pos[i]);
		}
	}
	if (!text.s)
		sbuf_addn(&text, "", 0);
	/* Trailing newlines from stdin are not part of the text. */
	while (text.len && (text.s[text.len - 1] == '\n' || text.s[text.len - 1] == '\r'))
		text.s[--text.len] = '\0';
	if (strlen(text.s) != text.len) {
		sbuf_free(&text);
		return cli_usage_error(classify_usage, "the text holds a NUL byte");
	}
	if (text_check_field("text", text.s, MAX_TEXT_CHARS, true, &err) ||
	    (demand && text_check_field("--demand", demand, MAX_TEXT_CHARS, true, &err))) {
		sbuf_free(&text);
		return cli_fail(&err);
	}
	if (!*text.s && !(demand && *demand)) {
		sbuf_free(&text);
		return cli_usage_error(classify_usage, "no text to classify");
	}
	if ((rc = app_rules(c->app, &rs, &err)) || (rc = rules_keywords(rs, &err)) ||
	    (rc = app_calendar(c->app, &cal, &err))) {
		sbuf_free(&text);
		return cli_fail(&err);
	}
	in.text = text.s;
	in.demand = demand;
	rules_classify(rs, &in, &s);
	if (*c->app->learn_warning)
		fprintf(stderr, _("cdesk: warning: %s\n"), c->app->learn_warning);
	rc = rules_due_reply(rs, cal, s.hclass, s.ndepts, c->app->at, &due, &err);
	if (rc) {
		sbuf_free(&text);
		return cli_fail(&err);
	}
	days = rules_reply_days(rs, s.hclass, s.ndepts);
	datetime_format(due, due_s);
	datetime_format(c->app->at, recv_s);
	cli_warn_calendar(c, c->app->at.day, due.day);
	if (c->json) {
		json_t *j = to_json(rs, &s, due_s, days, recv_s);
		json_dumpf(j, stdout, JSON_PRESERVE_ORDER | JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(j);
	} else {
		print_text(rs, &s, due_s, days, recv_s);
	}
	sbuf_free(&text);
	return 0;
}
