/* `cdesk add`: a case registered from options or JSON on standard input. */
#include "cli/cli.h"
#include "session.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/field.h"
#include "core/field_json.h"
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


/* ---- add ---- */

static const char add_usage[] =
	"cdesk add --channel CH --text TEXT [--name N] [--phone P] [--kind K] [--relation R] "
	"[--address A] [--id-number ID] [--anonymous] [--group-size N] [--representatives R] "
	"[--patient NAME] [--record NO] [--visit-date DATE] [--unit U] [--staff S] "
	"[--demand D] [--claim YUAN] [--class C] [--depts A,B] [--categories A,B] "
	"[--flags F,G] [--no-flags F] [--material DESC[=PATH]] [--json-in | -] "
	"[--at DATETIME] [--json]";

/* What `cdesk add` was given, from options and JSON alike, before the checks. */
struct add_args {
	const char *fv[CF__COUNT];  /* each field's text, as case_field_set reads it */
	const char *anon, *depts, *cats, *flags, *noflags, *material, *json_in;
	bool stdin_json;            /* "-": the JSON on stdin */
	char nums[CF__COUNT][MONEY_BUF];        /* JSON numbers as text */
	char *hold_text, *hold_depts, *hold_cats, *hold_flags, *hold_noflags, *hold_jd,
	     *hold_jc, *hold_jf, *hold_jn;      /* owned copies the pointers above may use */
};

static void add_args_free(struct add_args *a)
{
	free(a->hold_text); free(a->hold_depts); free(a->hold_cats); free(a->hold_flags);
	free(a->hold_noflags); free(a->hold_jd); free(a->hold_jc); free(a->hold_jf);
	free(a->hold_jn);
}

/* The command line into a; returns 0, 1 after --help, or ERR_USAGE (printed). */
static int add_options(struct cli *c, int argc, char **argv, struct add_args *a)
{
	struct cli_opt opts[CF__COUNT + 8];
	const char *pos[1];
	int npos, rc, n = 0;

	/* The fields' options come from the field table, the rest are add's own. */
	for (int f = 0; f < CF__COUNT; f++)
		if (case_fields[f].option)
			opts[n++] = (struct cli_opt){ case_fields[f].option, true, &a->fv[f] };
	opts[n++] = (struct cli_opt){ "anonymous", false, &a->anon };
	opts[n++] = (struct cli_opt){ "depts", true, &a->depts };
	opts[n++] = (struct cli_opt){ "categories", true, &a->cats };
	opts[n++] = (struct cli_opt){ "flags", true, &a->flags };
	opts[n++] = (struct cli_opt){ "no-flags", true, &a->noflags };
	opts[n++] = (struct cli_opt){ "material", true, &a->material };
	opts[n++] = (struct cli_opt){ "json-in", false, &a->json_in };
	opts[n] = (struct cli_opt){ NULL, false, NULL };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, add_usage)))
		return rc;
	if (npos == 1 && strcmp(pos[0], "-") != 0)
		return cli_usage_error(add_usage, "unexpected argument '%s'", pos[0]);
	a->stdin_json = npos == 1;
	return 0;
}

/* The JSON object on stdin, every key a field or one of case_json_extra
 * (case_json_load); returns 0, or ERR_USAGE (printed). */
static int add_json_read(const struct add_args *a, json_t **out)
{
	struct err err = { 0 };
	char *raw;
	int rc;

	if (a->fv[CF_ACCOUNT] && strcmp(a->fv[CF_ACCOUNT], "-") == 0)
		return cli_usage_error(add_usage, "--text - and JSON input both want stdin");
	raw = read_stdin();
	rc = case_json_load(raw, strlen(raw), out, &err);
	free(raw);
	return rc ? cli_usage_error(NULL, "%s", err.msg) : 0;
}

/* The JSON's values into a where the command line gave none (options win);
 * the strings stay jin's. Returns 0, or ERR_USAGE with err set. */
static int add_json_values(json_t *jin, struct add_args *a, struct err *err)
{
	json_t *v;
	int rc;

	for (int f = 0; f < CF__COUNT; f++)
		if (!a->fv[f] && (rc = case_json_field(json_object_get(jin, case_fields[f].code),
					      (enum case_field)f, a->nums[f], sizeof a->nums[f],
					      &a->fv[f], err)))
			return rc;
	if (!a->material && (v = json_object_get(jin, "material")) && !json_is_null(v)) {
		if (!json_is_string(v))
			return err_set(err, ERR_USAGE, "JSON input: \"material\" must be a string");
		a->material = json_string_value(v);
	}
	if ((!a->depts && (rc = case_json_list(jin, "depts", &a->depts, &a->hold_jd, err))) ||
	    (!a->cats && (rc = case_json_list(jin, "categories", &a->cats, &a->hold_jc, err))) ||
	    (!a->flags && (rc = case_json_list(jin, "flags", &a->flags, &a->hold_jf, err))) ||
	    (!a->noflags && (rc = case_json_list(jin, "no_flags", &a->noflags, &a->hold_jn, err))))
		return rc;
	if (!a->anon && (v = json_object_get(jin, "anonymous"))) {
		if (!json_is_boolean(v))
			return err_set(err, ERR_USAGE, "JSON input: \"anonymous\" must be true or false");
		a->anon = json_is_true(v) ? "1" : NULL;
	}
	if (!a->fv[CF_CLAIM] && (v = json_object_get(jin, "claim_fen"))) {
		/* fen as the yuan they are, through the same check */
		if (!json_is_integer(v))
			return err_set(err, ERR_USAGE, "JSON input: \"claim_fen\" must be an integer");
		a->fv[CF_CLAIM] = money_format(json_integer_value(v), a->nums[CF_CLAIM],
					       sizeof a->nums[CF_CLAIM]);
	}
	return 0;
}

/* The lists and switches (departments, categories, flags, anonymous, the
 * material) into in; returns 0, or ERR_USAGE with err set. */
static int add_lists(struct add_args *a, struct case_input *in, struct err *err)
{
	if (a->depts &&
	    (in->ndepts = text_split_list(a->depts, in->depts, RULES_MAX_DEPTS, &a->hold_depts)) < 0)
		return err_set(err, ERR_USAGE, "--depts: at most %d departments", RULES_MAX_DEPTS);
	if (a->cats && (in->ncategories = text_split_list(a->cats, in->categories, RULES_MAX_CATEGORIES,
						     &a->hold_cats)) < 0)
		return err_set(err, ERR_USAGE, "--categories: at most %d", RULES_MAX_CATEGORIES);
	for (int pass = 0; pass < 2; pass++) {
		const char *list = pass ? a->noflags : a->flags, *parts[FLAG__COUNT + 2];
		char **hold = pass ? &a->hold_noflags : &a->hold_flags;
		int nparts;
		if (!list)
			continue;
		nparts = text_split_list(list, parts, FLAG__COUNT + 2, hold);
		for (int k = 0; k < nparts; k++) {
			unsigned bit = flag_parse(parts[k]);
			if (!bit)
				return err_set(err, ERR_USAGE, "--%s: unknown flag '%s' (safety, claim, "
					       "group, media, legal, anonymous)",
					       pass ? "no-flags" : "flags", parts[k]);
			if (pass)
				in->flags_clear |= bit;
			else
				in->flags_set |= bit;
		}
	}
	in->anonymous = a->anon != NULL;
	if (a->material)
		in->materials[in->nmaterials++] = a->material;
	return 0;
}

/* Registers the case and prints its number, class, departments, due date
 * and flags (or the case as JSON); returns the exit status. */
static int add_run(struct cli *c, const struct case_input *in, struct err *err)
{
	struct session s;
	struct case_record out;
	int rc;

	if (session_open(c, &s, err))
		return session_fail(&s, err);
	/* the learned model is read through this connection: the database opened once */
	app_use_store(c->app, s.st);
	rc = case_add(&s.ctx, in, &out, err);
	app_use_store(c->app, NULL);
	if (rc)
		return session_fail(&s, err);
	if (c->json) {
		struct case_record full;
		if (case_get(s.st, out.number, true, &full, err) == 0) {
			json_t *o = case_json_full(&s, &full);
			print_json(o);
			json_decref(o);
			case_record_free(&full);
		}
	} else {
		char due[20], f[160];
		fmt_time(out.due, due);
		printf("%s\n", out.number);
		printf("class %s, dept %s", class_code(out.hclass), out.ndepts ? out.depts[0] : "-");
		for (int k = 1; k < out.ndepts; k++)
			printf("+%s", out.depts[k]);
		printf(", due %s%s%s\n", due, out.flags ? ", flags " : "",
		       out.flags ? flags_format(out.flags, f, sizeof f) : "");
	}
	cli_warn_calendar(c, out.received.day, out.due.day);
	case_record_free(&out);
	store_close(s.st);
	return 0;
}

int cmd_add(struct cli *c, int argc, char **argv)
{
	struct add_args a = { 0 };
	struct err err = { 0 };
	struct case_input in;
	struct ruleset *rules;
	json_t *jin = NULL;         /* outlives the run: the fields may be its strings */
	int rc;

	if ((rc = add_options(c, argc, argv, &a)))
		return rc == 1 ? 0 : rc;
	case_input_init(&in);
	if (a.json_in || a.stdin_json) {
		if ((rc = add_json_read(&a, &jin)))
			return rc;
		if ((rc = add_json_values(jin, &a, &err)))
			goto usage;
	}
	a.fv[CF_ACCOUNT] = maybe_stdin(a.fv[CF_ACCOUNT], &a.hold_text);
	/* Every field through the one check of core/field.h, in the table's order. */
	if ((rc = app_rules(c->app, &rules, &err))) {
		rc = cli_fail(&err);
		goto done;
	}
	for (int f = 0; f < CF__COUNT; f++)
		if ((rc = case_field_set(&in, (enum case_field)f, a.fv[f], rules, c->app->now,
					 &err))) {
			rc = cli_fail(&err);
			goto done;
		}
	if ((rc = add_lists(&a, &in, &err)))
		goto usage;
	rc = add_run(c, &in, &err);
	goto done;
usage:
	rc = cli_usage_error(NULL, "%s", err.msg);
done:
	json_decref(jin);
	add_args_free(&a);
	return rc;
}
