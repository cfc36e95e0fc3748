/* cdesk rules learn | misses | model: the office's decisions as training data, and the changes of the rules' suggestion. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/actions.h"
#include "core/learn.h"
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
	int min, rc;

	if ((rc = app_learn_min_cases(c->app, &min, &err)))
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
		printf(_("; the model did no better, so it never leads (its reasons are shown)\n"));
	return 0;
}

struct miss_out {
	bool json;
	json_t *a;
};

static int print_miss(const struct learn_miss *m, void *ctx)
{
	struct miss_out *o = ctx;

	if (o->json) {
		json_array_append_new(o->a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}",
			"number", m->number, "at", m->at, "part", m->part, "from", m->from,
			"to", m->to, "by", m->by, "action", m->action,
			"closed", *m->closed ? m->closed : NULL, "rules", m->rules));
	} else {
		char *from = text_sanitize(*m->from ? m->from : "-");
		char *to = text_sanitize(*m->to ? m->to : "-");
		printf("%-13s %.16s  %-10s %s → %s  by %s (%s)%s%s%s\n", m->number, m->at, m->part,
		       from, to, m->by, m->action, *m->rules ? "  [rules: " : "", m->rules,
		       *m->rules ? "]" : "");
		free(from);
		free(to);
	}
	return 0;
}

static int do_misses(struct cli *c, struct store *st, const char *limit, const char *part)
{
	struct miss_out o = { c->json, c->json ? json_array() : NULL };
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
