/* `cdesk init`, `cdesk check` and `cdesk backup`: the database file itself. */
#include "cli/cli.h"
#include "session.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/store.h"
#include "core/users.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk init [--db PATH] [--json]";
	const char *pos[1];
	int npos, rc;
	struct err err = { 0 };
	struct case_ctx ctx = { 0 };
	struct store *st;
	char *path;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 0, &npos, usage)))
		return rc == 1 ? 0 : rc;
	path = config_db_path(c->app->cfg, c->app->db_opt);
	if ((rc = store_init(path, &st, &err))) {
		free(path);
		return cli_fail(&err);
	}
	/* The login that made the database is its first admin. */
	ctx.st = st;
	ctx.actor = c->app->actor;
	ctx.at = ctx.now = c->app->now;
	rc = users_bootstrap(&ctx, NULL, NULL, &err);
	store_close(st);
	if (rc) {
		free(path);
		return cli_fail(&err);
	}
	if (c->json) {
		json_t *o = json_pack("{s:s, s:i}", "path", path, "schema_version",
				      STORE_SCHEMA_VERSION);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else {
		printf("created %s (schema version %d, mode 0660); %s is its admin\n", path,
		       STORE_SCHEMA_VERSION, c->app->actor);
	}
	free(path);
	return 0;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk check [--db PATH] [--json]";
	const char *pos[1];
	int npos, rc;
	struct err err = { 0 };
	struct store *st;
	int64_t n = 0;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 0, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if ((rc = app_open_store(c->app, false, &st, &err)))
		return cli_fail(&err);
	rc = store_check(st, &n, &err);
	if (c->json) {
		json_t *o = json_pack("{s:b, s:I, s:s?}", "ok", rc == 0, "events_checked",
				      (json_int_t)n, "problem", rc ? err.msg : NULL);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else if (rc == 0) {
		printf("%s: integrity ok, %lld events, hash chain intact\n", store_path(st),
		       (long long)n);
	}
	store_close(st);
	if (rc)
		return cli_fail(&err);
	return 0;
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk backup FILE [--db PATH] [--json]";
	const char *pos[1];
	int rc;
	struct err err = { 0 };
	struct store *st;

	if ((rc = cli_parse_one(c, argc, argv, NULL, pos, usage, "where to? (a new file)")))
		return rc == 1 ? 0 : rc;
	if ((rc = session_open_for(c, CA_BACKUP, &st, &err)))
		return cli_fail(&err);
	rc = store_backup(st, pos[0], &err);
	store_close(st);
	if (rc)
		return cli_fail(&err);
	if (c->json) {
		json_t *o = json_pack("{s:s}", "backup", pos[0]);
		json_dumpf(o, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(o);
	} else {
		printf("backed up to %s\n", pos[0]);
	}
	return 0;
}
