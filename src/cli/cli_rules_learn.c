/* cdesk rules learn | misses | model: the office's decisions as training data, and the changes of the rules' suggestion. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/actions.h"
#include "core/learn.h"
#include "core/rules.h"
#include "core/vocab.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_usage[] =
	"cdesk rules learn [--json] | rules misses [--limit N] [--part PART] [--json] | "
	"rules model [--json]";

static int do_learn(struct cli *c, struct store *st, struct ruleset *rs)
{
	struct err err = { 0 };
	struct learn_report r;
	char at[20];
	int min, fallback, rc;

	if ((rc = app_learn_min_cases(c->app, &min, &err)) ||
	    (rc = app_learn_fallback(c->app, &fallback, &err)))
		return cli_fail(&err);
	datetime_format(c->app->at, at);
	if ((rc = store_begin(st, &err)))
		return cli_fail(&err);
	if ((rc = learn_train_store(st, rs, min, c->app->actor, at, &r, &err))) {
		store_rollback(st);
		return cli_fail(&err);
	}
	if ((rc = store_commit(st, &err)))
		return cli_fail(&err);
	if (c->json) {
		json_t *o = json_pack("{s:i, s:i, s:i, s:s, s:i, s:i, s:i, s:b}", "cases", r.cases,
				      "features", r.features, "min_cases", min, "trained", at,
				      "checked", r.checked, "rules_right", r.rules_right,
				      "model_right", r.model_right, "leads", r.confident <= 1000);
		if (r.confident <= 1000)
			json_object_set_new(o, "confident", json_real(r.confident / 1000.0));
		print_json(o);
		json_decref(o);
		return 0;
	}
	printf(_("learned the lead department from %d closed cases (%d n-gram features)\n"),
	       r.cases, r.features);
	printf(_("on the newest %d, held out: the rules alone put the office's lead first %d times"),
	       r.checked, r.rules_right);
	if (r.confident <= 1000)
		printf(_(", with the model %d; it leads where the rules are weak when %d%% sure\n"),
		       r.model_right, r.confident / 10);
	else
		printf(_("; the model did no better, so it leads only where no rule names a "
			 "department (its reasons are shown)\n"));
	return 0;
}

struct miss_out {
	bool json;
	json_t *a;
	const struct ruleset *rules;
};

/* The part of a suggestion a clerk changed, in words under a Chinese locale. */
static const char *miss_part(const char *part)
{
	static const char *const parts[] = { "lead", "co-depts", "categories", "class", "flags",
					     "kind" };
	const char *const words[] = { C_("suggestion part", "lead"),
		C_("suggestion part", "co-depts"), C_("suggestion part", "categories"),
		C_("suggestion part", "class"), C_("suggestion part", "flags"),
		C_("suggestion part", "kind") };

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (strcmp(part, parts[i]) == 0)
			return words[i];
	return part;
}

/* The step that changed it ("add", "transfer", "reclass"), by its Chinese name. */
static const char *miss_action(const char *action)
{
	const struct case_action_def *d = case_action_get(case_action_find(action));

	if (d)
		return _(d->timeline);
	return strcmp(action, "add") == 0 ? _("registered") : action;
}

/* A value of the part ("general", "NURSING,BILLING", "claim,media"), sanitised;
 * under a Chinese locale each code by its Chinese name. */
static char *miss_value(const struct ruleset *rs, const char *part, const char *v)
{
	struct sbuf b = { 0 };
	char *hold = NULL, *out;
	const char *items[32];
	int n;

	if (!cli_zh() || !rs || strcmp(v, "-") == 0 ||
	    (n = text_split_list(v, items, 32, &hold)) <= 0) {
		free(hold);
		return text_sanitize(v);
	}
	sbuf_addn(&b, "", 0);
	for (int i = 0; i < n; i++) {
		const struct department *d = rules_dept_find(rs, items[i]);
		const struct category *c = rules_category_find(rs, items[i]);
		const char *w = items[i];
		int k;
		if (!strcmp(part, "class") && (k = class_parse(w)) >= 0)
			w = class_label(k);
		else if (!strcmp(part, "kind") && (k = kind_parse(w)) >= 0)
			w = kind_label(k);
		else if (!strcmp(part, "flags") && flag_parse(w))
			w = flag_label(flag_parse(w));
		else if (!strcmp(part, "categories") && c && c->name_zh[0])
			w = c->name_zh;
		else if (d)
			w = d->name_zh;
		sbuf_add(&b, i ? "、" : "");
		sbuf_add(&b, w);
	}
	free(hold);
	out = text_sanitize(b.s);
	sbuf_free(&b);
	return out;
}

static int print_miss(const struct learn_miss *m, void *ctx)
{
	struct miss_out *o = ctx;

	if (o->json) {
		json_array_append_new(o->a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}",
			"number", m->number, "at", m->at, "part", m->part, "from", m->from,
			"to", m->to, "by", m->by, "action", m->action,
			"closed", *m->closed ? m->closed : NULL, "rules", m->rules));
	} else {
		char *from = miss_value(o->rules, m->part, *m->from ? m->from : "-");
		char *to = miss_value(o->rules, m->part, *m->to ? m->to : "-");
		if (!cli_zh()) {
			printf("%-13s %.16s  %-10s %s → %s  by %s (%s)%s%s%s\n", m->number, m->at,
			       m->part, from, to, m->by, m->action, *m->rules ? "  [rules: " : "",
			       m->rules, *m->rules ? "]" : "");
		} else {
			printf("%-13s %.16s  ", m->number, m->at);
			cli_put_label(miss_part(m->part), 10);
			printf(_("%s → %s  by %s (%s)"), from, to, m->by, miss_action(m->action));
			if (*m->rules)
				printf(_("  [rules: %s]"), m->rules);
			putchar('\n');
		}
		free(from);
		free(to);
	}
	return 0;
}

static int do_misses(struct cli *c, struct store *st, const char *limit, const char *part)
{
	struct miss_out o = { c->json, c->json ? json_array() : NULL, NULL };
	struct ruleset *rs;
	struct err err = { 0 };
	long n = 20;

	if (limit) {
		char *end;
		n = strtol(limit, &end, 10);
		if (*end || end == limit || n < 1 || n > 100000) {
			json_decref(o.a);
			return cli_usage_error(rules_usage, "--limit: '%s' is not a count of cases "
					       "(1 to 100000)", limit);
		}
	}
	if (part && !learn_miss_part_valid(part)) {
		json_decref(o.a);
		return cli_usage_error(rules_usage, "--part: unknown part '%s' (one of: %s)", part,
				       learn_miss_parts());
	}
	if (!c->json && cli_zh() && app_rules(c->app, &rs, &err) == 0)
		o.rules = rs;
	if (learn_misses(st, (int)n, part, print_miss, &o, &err)) {
		json_decref(o.a);
		return cli_fail(&err);
	}
	if (o.json) {
		print_json(o.a);
		json_decref(o.a);
	}
	return 0;
}

static int do_model(struct cli *c, struct store *st)
{
	struct learn_model *m = NULL;
	struct err err = { 0 };
	int min, rc;

	if ((rc = app_learn_min_cases(c->app, &min, &err)) || (rc = learn_load(st, 1, &m, &err)))
		return cli_fail(&err);
	if (c->json) {
		json_t *o = json_pack("{s:b, s:i}", "model", m != NULL, "min_cases", min);
		if (m) {
			json_object_set_new(o, "cases", json_integer(learn_model_cases(m)));
			json_object_set_new(o, "features", json_integer(learn_model_features(m)));
			json_object_set_new(o, "used", json_boolean(learn_model_cases(m) >= min));
		}
		print_json(o);
		json_decref(o);
	} else if (!m) {
		printf(_("no learned model: classification uses the rules alone ('cdesk rules learn' "
		       "trains one)\n"));
	} else {
		printf("learned model: %d closed cases, %d departments, %d n-gram features; %s\n",
		       learn_model_cases(m), learn_model_classes(m), learn_model_features(m),
		       learn_model_cases(m) >= min ? _("in use") :
		       _("not used: fewer cases than [rules] learn_min_cases"));
	}
	learn_model_free(m);
	return 0;
}

int cmd_rules(struct cli *c, int argc, char **argv)
{
	const char *limit = NULL, *part = NULL;
	const struct cli_opt opts[] = { { "limit", true, &limit }, { "part", true, &part },
					{ NULL, false, NULL } };
	const char *pos[2];
	int npos, rc;
	struct err err = { 0 };
	struct ruleset *rs;
	struct store *st;

	rc = cli_parse(c, argc, argv, opts, pos, 2, &npos, rules_usage);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || (strcmp(pos[0], "learn") && strcmp(pos[0], "misses") &&
			  strcmp(pos[0], "model")))
		return cli_usage_error(rules_usage, "which of learn, misses, model?");
	if ((limit || part) && strcmp(pos[0], "misses"))
		return cli_usage_error(rules_usage, "--%s is an option of rules misses",
				       limit ? "limit" : "part");
	if ((rc = app_rules(c->app, &rs, &err)) ||
	    (strcmp(pos[0], "learn") == 0 && (rc = rules_keywords(rs, &err))))
		return cli_fail(&err);
	if ((rc = session_open_for(c, CA_RULES, &st, &err)))
		return cli_fail(&err);
	if (strcmp(pos[0], "learn") == 0)
		rc = do_learn(c, st, rs);
	else if (strcmp(pos[0], "misses") == 0)
		rc = do_misses(c, st, limit, part);
	else
		rc = do_model(c, st);
	store_close(st);
	return rc;
}
