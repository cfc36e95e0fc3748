/* cdesk import, export and demo: cases in and out as CSV and JSON, and the demo database. */
#include "cli/cli.h"
#include "session.h"
#include "core/progress.h"
#include "core/actions.h"
#include "core/caseio.h"
#include "core/cases.h"
#include "core/demo.h"
#include "core/privacy.h"
#include "core/users.h"
#include "core/store.h"
#include "core/util.h"

#include <errno.h>
#include <jansson.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct import_report {
	const char *file;
	int shown;
};

static void import_error(const char *msg, void *arg)
{
	struct import_report *r = arg;

	/* Every bad row is reported; past a thousand, the count says the rest. */
	if (r->shown++ < 1000)
		fprintf(stderr, "cdesk: %s: %s\n", r->file, msg);
}

static const char import_usage[] = "cdesk import FILE.csv [--encoding utf-8|gb18030] [--json]";

int cmd_import(struct cli *c, int argc, char **argv)
{
	const char *enc = NULL, *pos[1];
	const struct cli_opt opts[] = { { "encoding", true, &enc }, { NULL, false, NULL } };
	struct session ses;
	struct caseio_result res;
	struct import_report rep = { 0 };
	struct err err = { 0 };
	char *data;
	size_t len;
	int rc;

	if ((rc = cli_parse_one(c, argc, argv, opts, pos, import_usage, "which file? (a CSV file, or - for standard input)")))
		return rc == 1 ? 0 : rc;
	if (strcmp(pos[0], "-") == 0) {
		struct sbuf b = { 0 };
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
			sbuf_addn(&b, buf, n);
		data = b.s ? b.s : xstrdup("");
		len = b.len;
	} else if (!(data = util_read_file(pos[0], &len))) {
		err_set(&err, errno == ENOENT ? ERR_NOTFOUND : ERR_USAGE, "%s: %s", pos[0],
			strerror(errno));
		return cli_fail(&err);
	}
	if ((rc = session_open(c, &ses, &err))) {
		free(data);
		return cli_fail(&err);
	}
	rep.file = strcmp(pos[0], "-") == 0 ? "<stdin>" : pos[0];
	rc = caseio_import_csv(&ses.ctx, data, len, enc, import_error, &rep, &res, &err);
	free(data);
	store_close(ses.st);
	if (rc) {
		if (rep.shown > 1000)
			fprintf(stderr, "cdesk: %s: … and %d more bad rows\n", rep.file,
				rep.shown - 1000);
		fprintf(stderr, "cdesk: %s: %s\n", rep.file, err.msg);
		return err.code ? err.code : rc;
	}
	if (c->json) {
		json_t *o = json_pack("{s:i, s:b, s:s, s:s}", "imported", res.imported, "restored",
				      res.restored, "first", res.first, "last", res.last);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	}
	else
		printf("%s %d case%s (%s … %s)\n", res.restored ? "restored" : "imported",
		       res.imported, res.imported == 1 ? "" : "s", res.first, res.last);
	return 0;
}

static const char export_usage[] =
	"cdesk export [--format csv|json] [--events] [--output FILE]";

int cmd_export(struct cli *c, int argc, char **argv)
{
	const char *format = "csv", *events = NULL, *output = NULL, *pos[1];
	const struct cli_opt opts[] = { { "format", true, &format }, { "events", false, &events },
					{ "output", true, &output }, { NULL, false, NULL } };
	struct session ses;
	struct err err = { 0 };
	struct app_output o = { 0 };
	struct caseio_disclosure disc = { 0 };
	FILE *out = stdout;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos, export_usage)))
		return rc == 1 ? 0 : rc;
	if (c->json)
		format = "json";
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(export_usage, "--format: '%s' is not csv or json", format);
	if ((rc = session_open(c, &ses, &err)) ||
	    (rc = cases_permit(&ses.ctx, CA_EXPORT, NULL, &err)))
		return session_fail(&ses, &err);
	if (output) {
		/* A private file beside the target, renamed: never half a file,
		 * never through a planted link (app_output_open). */
		if (app_output_open(&o, output, &err))
			goto done;
		out = o.f;
	}
	/* One read transaction: the export is a consistent snapshot. */
	if ((rc = store_exec(ses.st, "BEGIN", &err)))
		goto done;
	/* As the user may see it: protected identities masked, or marked and
	 * their disclosure recorded (core/privacy.h). */
	rc = caseio_export_as(&ses.ctx, strcmp(format, "json") == 0
			      ? (events ? CASEIO_JSON_EVENTS : CASEIO_JSON)
			      : (events ? CASEIO_CSV_EVENTS : CASEIO_CSV), out, &disc, &err);
	store_exec(ses.st, "COMMIT", &(struct err){ 0 });
	if (!rc && disc.n)
		rc = case_identity_viewed_bulk(&ses.ctx, "export",
					       (const char *const *)disc.numbers, disc.n, &err);
	caseio_disclosure_free(&disc);
	if (!rc && fflush(out) != 0)
		rc = err_set(&err, ERR_INTERNAL, "export: %s", strerror(errno));
done:
	if (o.f) {
		if (app_output_close(&o, !rc, &err) && !rc)
			rc = err.code;
	} else if (output && !rc) {
		rc = err.code;
	}
	store_close(ses.st);
	if (rc || err.code)
		return cli_fail(&err);
	return 0;
}

static void demo_progress(int done, int total, void *arg)
{
	(void)arg;
	progress_note("demo", done, total);
}

static const char demo_usage[] =
	"cdesk demo [--cases N] [--seed S] [--from YYYY-MM-DD] [--fast-history] (creates the --db file)";

int cmd_demo(struct cli *c, int argc, char **argv)
{
	const char *ncases = NULL, *seed = NULL, *from = NULL, *fast = NULL, *pos[1];
	const struct cli_opt opts[] = { { "cases", true, &ncases }, { "seed", true, &seed },
					{ "from", true, &from }, { "fast-history", false, &fast },
					{ NULL, false, NULL } };
	struct demo_options o = { 0 };
	struct demo_stats s;
	struct session ses;
	struct err err = { 0 };
	char *path = NULL, *end;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos, demo_usage)))
		return rc == 1 ? 0 : rc;
	o.ncases = 3000;
	if (ncases) {
		long n = strtol(ncases, &end, 10);
		if (*end || end == ncases || n < 1 || n > 10000000)
			return cli_usage_error(demo_usage, "--cases: '%s' is not a number from 1 to "
					       "10000000", ncases);
		o.ncases = (int)n;
	}
	o.seed = 1;
	if (seed) {
		unsigned long long v;
		errno = 0;
		v = strtoull(seed, &end, 10);
		if (*end || end == seed || errno || seed[0] == '-')
			return cli_usage_error(demo_usage, "--seed: '%s' is not a whole number", seed);
		o.seed = (uint64_t)v;
	}
	date_from_ymd(2024, 1, 1, &o.first);
	if (from && date_parse(from, &o.first, &err))
		return cli_usage_error(demo_usage, "--from: %s", err.msg);
	/* "Today" is --at when given: the same seed and --at give the same
	 * database on any day. */
	o.now = c->app->at;
	if (o.first > o.now.day)
		return cli_usage_error(demo_usage, "--from is after today");
	path = config_db_path(c->app->cfg, c->app->db_opt);
	if ((rc = session_create(c, &ses, path, &err))) {
		free(path);
		return cli_fail(&err);
	}
	/* The login that made the demo database is its admin. */
	ses.ctx.now = ses.ctx.at = o.now;   /* the same seed and --at, the same database */
	if ((rc = users_bootstrap(&ses.ctx, NULL, NULL, &err))) {
		store_close(ses.st);
		unlink(path);
		free(path);
		return cli_fail(&err);
	}
	o.prefix = ses.ctx.prefix;
	o.batch = 2000;
	/* Above 20,000 cases (or asked), cases whose plain life ended before
	 * now are written in their final state directly: minutes, not hours,
	 * for a million. */
	o.fast_before = fast || o.ncases > 20000 ? o.now.day + 1 : INT32_MIN;
	o.progress = demo_progress;
	rc = demo_build(ses.st, ses.ctx.rules, ses.ctx.cal, &o, &s, &err);
	progress_end("demo");
	store_close(ses.st);
	if (rc) {
		/* A half-built demo is of no use: remove it. */
		char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
		unlink(path);
		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
		free(path);
		return cli_fail(&err);
	}
	if (c->json) {
		json_t *j = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
				      "s:i, s:I}", "db", path, "cases", s.cases, "closed", s.closed,
				      "rejected", s.rejected, "merged", s.merged, "open", s.open,
				      "overdue", s.overdue, "paused", s.paused, "reopened", s.reopened,
				      "reviewed", s.reviewed, "multi_dept", s.multi_dept, "late", s.late,
				      "returned", s.returned, "actions", (json_int_t)s.actions);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	}
	else
		printf("%s: %d demo cases — %d closed (%d late), %d not accepted, %d merged, "
		       "%d open (%d overdue, %d paused); %d reopened, %d reviewed, "
		       "%d multi-department; %" PRId64 " actions\n", path, s.cases, s.closed, s.late,
		       s.rejected, s.merged, s.open, s.overdue, s.paused, s.reopened, s.reviewed,
		       s.multi_dept, s.actions);
	free(path);
	return 0;
}
