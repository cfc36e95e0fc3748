/* `cdesk init`, `cdesk check` and `cdesk backup`: the database file itself. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/actions.h"
#include "core/audit.h"
#include "core/cases.h"
#include "core/report.h"
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
		/* a database without its admin is no database: none is left */
		store_init_undo(path);
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
		printf(_("created %s (schema version %d, mode 0660); %s is its admin\n"), path,
		       STORE_SCHEMA_VERSION, c->app->actor);
	}
	free(path);
	return 0;
}

/* The problems of a check: printed to stderr (the first 20) or kept for --json. */
struct check_out {
	json_t *list;               /* --json: the messages */
	long n;
};

static void check_problem(const char *msg, void *arg)
{
	struct check_out *o = arg;

	if (o->list)
		json_array_append_new(o->list, json_string(msg));
	else if (o->n < 20)
		fprintf(stderr, "cdesk: %s\n", msg);
	o->n++;
}

/* The checks beyond the chain: cases against their events, the full-text
 * index, the anchor. 0 or ERR_INTERNAL; o->n counts what was found. */
static int check_audit(struct store *st, const char *anchor, struct check_out *o, long *cases,
		       struct err *err)
{
	struct err e = { 0 };
	long bad = 0;
	int rc;

	if ((rc = audit_replay(st, cases, &bad, check_problem, o, err)) ||
	    (rc = audit_fts(st, &bad, check_problem, o, err)) ||
	    (rc = audit_links(st, &bad, check_problem, o, err)) ||
	    (rc = report_totals_check(store_db(st), &bad, check_problem, o, err)) ||
	    (rc = report_closes_check(store_db(st), &bad, check_problem, o, err)))
		return rc;
	if (anchor && (rc = audit_anchor(st, anchor, &e))) {
		if (rc != ERR_FAIL) {
			*err = e;
			return rc;
		}
		check_problem(e.msg, o);
	}
	return 0;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk check [--anchor N:HASH] [--db PATH] [--json]";
	const char *pos[1], *anchor = NULL;
	const struct cli_opt opts[] = { { "anchor", true, &anchor }, { NULL, false, NULL } };
	int npos, rc, chain;
	struct err err = { 0 }, cerr = { 0 };
	struct check_out out = { NULL, 0 };
	struct audit_head head;
	struct store *st;
	char hb[96];
	int64_t n = 0;
	long cases = 0;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if (anchor && (rc = audit_anchor(NULL, anchor, &err)) == ERR_USAGE)
		return cli_fail(&err);
	if ((rc = app_open_store(c->app, false, &st, &err)))
		return cli_fail(&err);
	if (c->json)
		out.list = json_array();
	chain = store_check(st, &n, &cerr);
	if (chain == ERR_FAIL)
		check_problem(cerr.msg, &out);
	if ((chain && chain != ERR_FAIL) || (rc = check_audit(st, anchor, &out, &cases, &err)) ||
	    (rc = audit_head(st, &head, &err))) {
		json_decref(out.list);
		store_close(st);
		return cli_fail(chain && chain != ERR_FAIL ? &cerr : &err);
	}
	audit_head_format(&head, hb, sizeof hb);
	if (c->json) {
		json_t *o = json_pack("{s:b, s:I, s:I, s:{s:I, s:s, s:s}, s:s?, s:o}", "ok",
				      out.n == 0, "events_checked", (json_int_t)n, "cases_checked",
				      (json_int_t)cases, "head", "events", (json_int_t)head.count,
				      "hash", head.hash, "anchor", hb, "anchor_checked", anchor,
				      "problems", out.list);
		if (out.n)
			json_object_set_new(o, "problem", json_copy(json_array_get(out.list, 0)));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else if (out.n == 0) {
		printf(_("%s: integrity ok, %lld events, hash chain intact\n"), store_path(st),
		       (long long)n);
		printf(_("%ld cases match the replay of their events; the full-text index and the "
		       "department rows match\n"), cases);
		if (anchor)
			printf(_("anchor %s is in the chain\n"), anchor);
		printf(_("chain head: %s\n"), hb);
	} else {
		if (out.n > 20)
			fprintf(stderr, _("cdesk: … and %ld more\n"), out.n - 20);
		fprintf(stderr, ngettext("cdesk: %s: check failed: %ld problem (chain head now %s)\n",
					 "cdesk: %s: check failed: %ld problems (chain head now %s)\n",
					 (unsigned long)out.n), store_path(st), out.n, hb);
	}
	store_close(st);
	return out.n ? ERR_FAIL : 0;
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
		printf(_("backed up to %s\n"), pos[0]);
	}
	return 0;
}
