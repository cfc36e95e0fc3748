/* cdesk classify: the rule module's suggestion for a text, with its reasons. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
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
	"[--demand TEXT] [--anonymous] [--lines] [TEXT…] (no TEXT: standard input)";

#define MAX_TEXT_CHARS 20000

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

/* A line's label: "kind:" padded as ever under C, its translation otherwise. */
static void label(const char *word)
{
	cli_put_label(word, 12);
}

/* "code name" under C; the Chinese name alone under a Chinese locale. */
static void put_term(const char *sep, const char *code, const char *name)
{
	if (cli_zh())
		printf("%s%s", sep[0] ? "、" : "", name);
	else
		printf("%s%s %s", sep, code, name);
}

/* An approval step of [class:*] approval, named when it is one of the
 * shipped data/rules.ini's; any other step by its code. */
static const char *step_word(const char *step)
{
	static const struct { const char *code, *label; } steps[] = {
		{ "office_head", N_("the complaint office head's review") },
		{ "office_proofread", N_("the complaint office's proofreading") },
		{ "hospital_office", N_("the hospital office's check") },
		{ "supervisor", N_("the hospital leader's signature") },
	};

	for (size_t i = 0; cli_zh() && i < sizeof steps / sizeof steps[0]; i++)
		if (strcmp(steps[i].code, step) == 0)
			return _(steps[i].label);
	return step;
}

/* The part a reason explains ("dept", "flag:claim"), in words under a
 * Chinese locale (as the TUI's panel words it). */
static const char *part_word(const char *part, char *buf, size_t size)
{
	unsigned flag;

	if (!cli_zh())
		return part;
	if (strcmp(part, "kind") == 0)
		return C_("reason part", "kind");
	if (strcmp(part, "dept") == 0)
		return C_("reason part", "dept");
	if (strcmp(part, "category") == 0)
		return C_("reason part", "category");
	if (strcmp(part, "class") == 0)
		return C_("reason part", "class");
	if (strcmp(part, "claim") == 0)
		return C_("reason part", "claim");
	if (strncmp(part, "flag:", 5) == 0 && (flag = flag_parse(part + 5)) != 0) {
		snprintf(buf, size, "%s:%s", C_("reason part", "flag"), flag_label(flag));
		return buf;
	}
	return part;
}

static void print_text(const struct ruleset *rs, const struct rule_suggestion *s,
		       const char *due, int days, const char *received)
{
	char buf[256];
	const char *const *steps;
	int nsteps;

	label(C_("classify", "kind:"));
	put_term("", kind_code(s->kind), kind_label(s->kind));
	printf("\n");
	label(C_("classify", "categories:"));
	for (int i = 0; i < s->ncategories; i++)
		put_term(i ? ", " : "", s->categories[i], cat_name(rs, s->categories[i]));
	printf("\n");
	label(C_("classify", "lead:"));
	put_term("", s->depts[0], dept_name(rs, s->depts[0]));
	printf("%s\n", s->defaulted ? _(" (default: no rule names a department)") : "");
	if (s->ndepts > 1) {
		label(C_("classify", "co-depts:"));
		for (int i = 1; i < s->ndepts; i++)
			put_term(i > 1 ? ", " : "", s->depts[i], dept_name(rs, s->depts[i]));
		printf("%s\n", _(" (multi-department case)"));
	}
	label(C_("classify", "class:"));
	put_term("", class_code(s->hclass), class_label(s->hclass));
	printf("\n");
	label(C_("classify", "flags:"));
	if (!s->flags)
		printf("%s", C_("flags", "none"));
	for (unsigned f = 1, n = 0; f < (1u << FLAG__COUNT); f <<= 1)
		if (s->flags & f)
			put_term(n++ ? ", " : "", flag_code(f), flag_label(f));
	printf("\n");
	if (s->claim_fen > 0) {
		char th[32];
		money_format_as(s->claim_fen, MONEY_SHORT, buf, sizeof buf);
		money_format_as(rules_settings(rs)->claim_threshold_fen, MONEY_SHORT, th, sizeof th);
		label(C_("classify", "claim:"));
		printf(_("%s yuan (threshold %s)\n"), buf, th);
	}
	label(C_("classify", "reply due:"));
	if (days > 0)
		printf(_("%s (%d working days after %s)\n"), due, days, received);
	else if (days == 0)
		printf(_("%s (same day; received %s)\n"), due, received);
	else
		printf(_("%s (%d hours after %s)\n"), due, rules_class_hours(rs, s->hclass), received);
	nsteps = rules_approval_chain(rs, s->hclass, &steps);
	label(C_("classify", "approval:"));
	for (int i = 0; i < nsteps; i++)
		printf("%s%s", i ? " → " : "", step_word(steps[i]));
	printf("\n%s\n", C_("classify", "reasons:"));
	for (int i = 0; i < s->nreasons; i++) {
		char *d = text_sanitize(s->reasons[i].detail);
		printf("  ");
		cli_put_label(part_word(s->reasons[i].part, buf, sizeof buf), 15);
		printf("%-24s %s\n", s->reasons[i].rule, d);
		free(d);
	}
}

/* The text to classify: the words on the command line, else standard input
 * (CR LF as a line end; trailing line ends are not part of the text). */
static void classify_text(int npos, const char **pos, struct sbuf *text)
{
	if (npos == 0 || (npos == 1 && strcmp(pos[0], "-") == 0)) {
		char *t = read_stdin();
		/* Text pasted from Windows: CR LF is a line end, not a control character. */
		for (char *p = t, *q = t;; p++) {
			if (!(p[0] == '\r' && p[1] == '\n'))
				*q++ = *p;
			if (!*p)
				break;
		}
		sbuf_add(text, t);
		free(t);
	} else {
		for (int i = 0; i < npos; i++) {
			if (i)
				sbuf_add(text, " ");
			sbuf_add(text, pos[i]);
		}
	}
	if (!text->s)
		sbuf_addn(text, "", 0);
	while (text->len && (text->s[text->len - 1] == '\n' || text->s[text->len - 1] == '\r'))
		text->s[--text->len] = '\0';
}

/* Classifies one text and prints the suggestion; LINE > 0 in --lines mode
 * (the JSON object says which line it answers; the text blocks are headed
 * by it). FIRST: the first text classified, which prints the warnings. */
static int classify_one(struct cli *c, struct ruleset *rs, struct calendar *cal,
			struct rule_input *in, const char *text, int line, bool first)
{
	struct rule_suggestion s;
	struct cdatetime due;
	struct err err = { 0 };
	char due_s[24], recv_s[24];
	int days;

	in->text = text;
	rules_classify(rs, in, &s);
	/* the learned model is read by the first classification */
	if (first && *c->app->learn_warning)
		fprintf(stderr, _("cdesk: warning: %s\n"), c->app->learn_warning);
	if (rules_due_reply(rs, cal, s.hclass, s.ndepts, c->app->at, &due, &err))
		return cli_fail(&err);
	days = rules_reply_days(rs, s.hclass, s.ndepts);
	datetime_format(due, due_s);
	datetime_format(c->app->at, recv_s);
	if (first)
		cli_warn_calendar(c, c->app->at.day, due.day);
	if (c->json) {
		json_t *j = to_json(rs, &s, due_s, days, recv_s);
		if (line > 0) {
			json_t *o = json_pack("{s:i}", "line", line);
			json_object_update(o, j);
			json_dumpf(o, stdout, JSON_PRESERVE_ORDER | JSON_COMPACT);
			json_decref(o);
		} else {
			json_dumpf(j, stdout, JSON_PRESERVE_ORDER | JSON_INDENT(2));
		}
		fputc('\n', stdout);
		json_decref(j);
	} else {
		if (line > 0)
			printf(_("%s-- line %d --\n"), first ? "" : "\n", line);
		print_text(rs, &s, due_s, days, recv_s);
	}
	return 0;
}

/* --lines: every non-blank line of standard input is a text of its own. All
 * lines are checked before any is classified, so a bad line gives one
 * message naming it and no output at all. */
static int classify_lines(struct cli *c, struct ruleset *rs, struct calendar *cal,
			  struct rule_input *in)
{
	char *all = read_stdin(), **line = NULL;
	struct err err = { 0 };
	size_t n = 0, cap = 0;
	int rc = 0;

	for (char *p = all; *p;) {
		size_t len = strcspn(p, "\n");
		char *next = p + len + (p[len] == '\n');

		p[len] = '\0';
		if (len && p[len - 1] == '\r')
			p[len - 1] = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			line = xrealloc(line, cap * sizeof *line);
		}
		line[n++] = p;
		p = next;
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (text_check_field("text", line[i], MAX_TEXT_CHARS, true, &err)) {
			err_prefix(&err, "standard input, line %zu: ", i + 1);
			rc = cli_fail(&err);
		}
	for (size_t i = 0, done = 0; i < n && !rc; i++)
		if (line[i][strspn(line[i], " \t")])
			rc = classify_one(c, rs, cal, in, line[i], (int)i + 1, done++ == 0);
	free(line);
	free(all);
	return rc;
}

int cmd_classify(struct cli *c, int argc, char **argv)
{
	const char *amount = NULL, *group = NULL, *channel = NULL, *demand = NULL, *anon = NULL;
	const char *claim = NULL, *lines = NULL;
	const struct cli_opt opts[] = {
		{ "amount", true, &amount }, { "claim", true, &claim },
		{ "group", true, &group }, { "channel", true, &channel },
		{ "demand", true, &demand }, { "anonymous", false, &anon },
		{ "lines", false, &lines },
		{ NULL, false, NULL },
	};
	const char *pos[64];
	int npos, rc;
	struct ruleset *rs;
	struct calendar *cal;
	struct rule_input in = { 0 };
	struct case_input ci;
	struct err err = { 0 };
	struct sbuf text = { 0 };

	rc = cli_parse(c, argc, argv, opts, pos, 64, &npos, classify_usage);
	if (rc)
		return rc == 1 ? 0 : rc;
	in.channel = -1;
	if (amount && claim)
		return cli_usage_error(classify_usage, "give --amount or --claim, not both");
	if (lines && npos)
		return cli_usage_error(classify_usage, "--lines reads standard input: give no TEXT");
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
	in.demand = demand;
	if (demand && text_check_field("--demand", demand, MAX_TEXT_CHARS, true, &err))
		return cli_fail(&err);
	if (!lines) {
		classify_text(npos, pos, &text);
		if (text_check_field("text", text.s, MAX_TEXT_CHARS, true, &err)) {
			sbuf_free(&text);
			return cli_fail(&err);
		}
		if (!*text.s && !(demand && *demand)) {
			sbuf_free(&text);
			return cli_usage_error(classify_usage, "no text to classify");
		}
	}
	if ((rc = app_rules(c->app, &rs, &err)) || (rc = rules_keywords(rs, &err)) ||
	    (rc = app_calendar(c->app, &cal, &err))) {
		sbuf_free(&text);
		return cli_fail(&err);
	}
	rc = lines ? classify_lines(c, rs, cal, &in) : classify_one(c, rs, cal, &in, text.s, 0, true);
	sbuf_free(&text);
	return rc;
}
