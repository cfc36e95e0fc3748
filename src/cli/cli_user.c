/* `cdesk user add | list | role | disable`: the staff of the database and their roles (SPEC §9). */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/store.h"
#include "core/users.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"cdesk user add LOGIN --role ROLE [--dept CODE …] [--name 姓名]\n"
	"       cdesk user list [--json]\n"
	"       cdesk user role LOGIN ROLE [--dept CODE …]\n"
	"       cdesk user disable LOGIN\n"
	"  ROLE: clerk, officer, handler (with --dept), supervisor, admin";

struct user_session {
	struct store *st;
	struct case_ctx ctx;
};

static int open_session(struct cli *c, struct user_session *s, struct err *err)
{
	struct ruleset *rules;
	struct calendar *cal;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = app_rules(c->app, &rules, err)) || (rc = app_calendar(c->app, &cal, err)) ||
	    (rc = app_open_store(c->app, false, &s->st, err)))
		return rc;
	app_case_ctx(c->app, s->st, &s->ctx);
	return 0;
}

/* Whether the database has no user and the caller owns its file (or is root). */
static bool may_bootstrap(struct store *st)
{
	struct user *all;
	struct stat sb;
	struct err err = { 0 };
	int n;

	if (users_list(st, &all, &n, &err))
		return false;
	free(all);
	if (n > 0 || stat(store_path(st), &sb) != 0)
		return false;
	return getuid() == 0 || sb.st_uid == getuid();
}


/* A role as a listing shows it: its code under C, its Chinese name otherwise. */
static const char *role_word(enum user_role r)
{
	return cli_zh() ? vocab_label(&vocab_user_role, (int)r) : vocab_code(&vocab_user_role, (int)r);
}

/* A department by its Chinese name under a Chinese locale, else its code. */
static const char *dept_word(const struct ruleset *rs, const char *code)
{
	const struct department *d = cli_zh() && rs ? rules_dept_find(rs, code) : NULL;

	return d ? (d->short_zh[0] ? d->short_zh : d->name_zh) : code;
}

static int list(struct cli *c, struct user_session *s, struct err *err)
{
	struct user *all;
	int n, rc;

	if ((rc = cases_permit(&s->ctx, CA_LIST, NULL, err)) || (rc = users_list(s->st, &all, &n, err)))
		return rc;
	if (c->json) {
		json_t *a = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(a, users_to_json(&all[i]));
		json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(a);
	} else {
		for (int i = 0; i < n; i++) {
			char depts[RULES_MAX_DEPTS * RULES_CODE_MAX] = "";
			for (int k = 0; k < all[i].ndepts; k++)
				snprintf(depts + strlen(depts), sizeof depts - strlen(depts), "%s%s",
					 k ? (cli_zh() ? "、" : ",") : "",
					 dept_word(s->ctx.rules, all[i].depts[k]));
			printf("%-16s ", all[i].login);
			cli_put_label(role_word(all[i].role), cli_zh() ? 14 : 10);
			cli_put_label(depts[0] ? depts : "-", 16);
			printf("%s%s\n", all[i].name,
			       all[i].disabled ? _(" (disabled)") : "");
		}
	}
	free(all);
	return 0;
}

static int parse_role(const char *s, enum user_role *out)
{
	char codes[128];
	int r = s ? vocab_parse(&vocab_user_role, s) : -1;

	if (r < 0)
		return cli_usage_error(usage, s ? N_("%s: unknown role (one of: %s)")
				       : N_("%s: missing role (one of: %s)"), s ? s : "--role",
				       vocab_codes(&vocab_user_role, ", ", codes, sizeof codes));
	*out = (enum user_role)r;
	return 0;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	const char *role = NULL, *name = NULL, *pos[3], *depts[RULES_MAX_DEPTS + 1];
	const struct cli_opt opts[] = {
		{ "role", true, &role }, { "name", true, &name }, { NULL, false, NULL },
	};
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	int nargs = 0, ndepts = 0, npos, rc;
	struct user_session s;
	struct err err = { 0 };
	enum user_role r = USER_CLERK;

	/* --dept may be repeated, or hold "A,B": collected here. */
	for (int i = 0; i < argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--dept") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--dept=", 7) == 0)
			v = argv[i] + 7;
		else {
			args[nargs++] = argv[i];
			continue;
		}
		for (char *p = (char *)v, *comma; p && *p && ndepts <= RULES_MAX_DEPTS; p = comma) {
			if ((comma = strchr(p, ',')))
				*comma++ = '\0';
			if (*p)
				depts[ndepts++] = p;
		}
	}
	rc = cli_parse(c, nargs, args, opts, pos, 3, &npos, usage);
	free(args);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error(usage, "which of add, list, role, disable?");
	if (ndepts > RULES_MAX_DEPTS)
		return cli_usage_error(usage, "at most %d departments", RULES_MAX_DEPTS);
	if (strcmp(pos[0], "list") == 0) {
		if (npos != 1)
			return cli_usage_error(usage, "list takes no argument");
	} else if (strcmp(pos[0], "add") == 0) {
		if (npos != 2)
			return cli_usage_error(usage, "add: which login?");
		if ((rc = parse_role(role, &r)))
			return rc;
	} else if (strcmp(pos[0], "role") == 0) {
		if (npos != 3)
			return cli_usage_error(usage, "role: LOGIN ROLE");
		if ((rc = parse_role(pos[2], &r)))
			return rc;
	} else if (strcmp(pos[0], "disable") == 0) {
		if (npos != 2)
			return cli_usage_error(usage, "disable: which login?");
	} else {
		return cli_usage_error(usage, "unknown user command '%s'", pos[0]);
	}
	if ((rc = open_session(c, &s, &err))) {
		store_close(s.st);
		return cli_fail(&err);
	}
	if (strcmp(pos[0], "list") == 0)
		rc = list(c, &s, &err);
	else if (strcmp(pos[0], "add") == 0 && r == USER_ADMIN && ndepts == 0 &&
		 may_bootstrap(s.st))
		rc = users_bootstrap(&s.ctx, pos[1], name, &err);
	else if (strcmp(pos[0], "add") == 0)
		rc = users_add(&s.ctx, pos[1], r, depts, ndepts, name, &err);
	else if (strcmp(pos[0], "role") == 0)
		rc = users_set_role(&s.ctx, pos[1], r, depts, ndepts, &err);
	else
		rc = users_disable(&s.ctx, pos[1], &err);
	if (!rc && strcmp(pos[0], "list") != 0) {
		struct user u;
		if (users_get(s.st, pos[1], &u, &err) == 0) {
			if (c->json) {
				json_t *o = users_to_json(&u);
				json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
				fputc('\n', stdout);
				json_decref(o);
			} else {
				printf(_("%s: %s%s\n"), u.login, role_word(u.role),
				       u.disabled ? _(" (disabled)") : "");
			}
		}
	}
	store_close(s.st);
	return rc ? cli_fail(&err) : 0;
}
