/* cdesk import, export and demo: cases in and out as CSV and JSON, and the demo database. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/actions.h"
#include "core/caseio.h"
#include "core/cases.h"
#include "core/demo.h"
#include "core/privacy.h"
#include "core/progress.h"
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
#include <time.h>
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

static const char import_usage[] =
	"cdesk import FILE.csv [--encoding utf-8|gb18030] [--json]\n"
	"       cdesk import --full FILE (a full export, into a new or empty --db)";

/* A new database at --db for import --full, the importer its admin (as
 * 'cdesk init' makes one); *made tells the caller to remove it on failure. */
static int full_target(struct cli *c, struct session *ses, char **path, bool *made,
		       struct err *err)
{
	struct stat sb;
	int rc;

	*made = false;
	*path = config_db_path(c->app->cfg, c->app->db_opt);
	if (stat(*path, &sb) == 0 || errno != ENOENT)
		return session_open(c, ses, err);
	if ((rc = session_create(c, ses, *path, err)))
		return rc;
	*made = true;
	ses->ctx.now = ses->ctx.at = c->app->now;
	if ((rc = users_bootstrap(&ses->ctx, NULL, NULL, err))) {
		store_close(ses->st);
		ses->st = NULL;
	}
	return rc;
}

static int import_full(struct cli *c, const char *file)
{
	struct session ses = { 0 };
	struct caseio_result res;
	struct err err = { 0 };
	bool made = false;
	char *path = NULL;
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	int rc;

	if (!in) {
		err_set(&err, errno == ENOENT ? ERR_NOTFOUND : ERR_USAGE, "%s: %s", file,
			err_errno_text(errno));
		return cli_fail(&err);
	}
	if (!(rc = full_target(c, &ses, &path, &made, &err)))
		rc = caseio_import_full(&ses.ctx, in, strcmp(file, "-") == 0 ? "<stdin>" : file,
					&res, &err);
	if (in != stdin)
		fclose(in);
	store_close(ses.st);
	if (rc) {
		if (made)
			store_init_undo(path);
		free(path);
		return cli_fail(&err);
	}
	if (c->json) {
		json_t *o = json_pack("{s:s, s:i, s:i}", "db", path, "cases", res.imported, "rows",
				      res.rows);
		print_json(o);
		json_decref(o);
	} else {
		printf(_("restored %s: %d cases, %d rows in all; 'cdesk check' passed\n"), path,
		       res.imported, res.rows);
	}
	free(path);
	return 0;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	const char *enc = NULL, *full = NULL, *pos[1];
	const struct cli_opt opts[] = { { "encoding", true, &enc }, { "full", false, &full },
					{ NULL, false, NULL } };
	struct session ses;
	struct caseio_result res;
	struct import_report rep = { 0 };
	struct err err = { 0 };
	char *data;
	size_t len;
	int rc;

	if ((rc = cli_parse_one(c, argc, argv, opts, pos, import_usage, "which file? (a CSV file, or - for standard input)")))
		return rc == 1 ? 0 : rc;
	if (full)
		return enc ? cli_usage_error(import_usage, "--encoding: a full export is UTF-8 "
					     "JSON lines") : import_full(c, pos[0]);
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
			err_errno_text(errno));
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
			fprintf(stderr, _("cdesk: %s: … and %d more bad rows\n"), rep.file,
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
		printf(res.restored ? ngettext("restored %d case (%s … %s)\n",
					       "restored %d cases (%s … %s)\n",
					       (unsigned long)res.imported)
		       : ngettext("imported %d case (%s … %s)\n", "imported %d cases (%s … %s)\n",
				  (unsigned long)res.imported),
		       res.imported, res.first, res.last);
	return 0;
}

static const char export_usage[] =
	"cdesk export [--format csv|json] [--events] [--output FILE]\n"
	"       cdesk export --full [--output FILE] (every table, for import --full)";

/* A full export holds identities: standard output redirected to a file
 * makes that file the owner's only, as --output's is (mkstemp: 0600). */
static void private_stdout(void)
{
	struct stat sb;

	if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid())
		fchmod(STDOUT_FILENO, 0600);
}

/* export --full: every table, from one read transaction, to a file only
 * its owner may read. */
static int export_full(struct cli *c, bool other_options, const char *output)
{
	struct session ses;
	struct err err = { 0 };
	struct app_output o = { 0 };
	int rc;

	if (other_options)
		return cli_usage_error(export_usage, "--full: every table, as JSON lines; it takes "
				       "no --format or --events");
	if ((rc = session_open(c, &ses, &err)) ||
	    (rc = cases_permit(&ses.ctx, CA_EXPORT, NULL, &err)))
		return session_fail(&ses, &err);
	if ((rc = app_output_open(&o, output, &err)))
		return session_fail(&ses, &err);
	if (o.f == stdout)
		private_stdout();
	if (!(rc = store_exec(ses.st, "BEGIN", &err))) {
		rc = caseio_export_full(ses.st, o.f, &err);
		store_exec(ses.st, "COMMIT", &(struct err){ 0 });
	}
	if (app_output_close(&o, !rc, &err) && !rc)
		rc = err.code;
	if (rc)
		return session_fail(&ses, &err);
	store_close(ses.st);
	return 0;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	const char *format = "csv", *events = NULL, *output = NULL, *full = NULL, *pos[1];
	const struct cli_opt opts[] = { { "format", true, &format }, { "events", false, &events },
					{ "output", true, &output }, { "full", false, &full },
					{ NULL, false, NULL } };
	struct session ses;
	struct err err = { 0 };
	struct app_output o = { 0 };
	struct caseio_disclosure disc = { 0 };
	FILE *out = stdout;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos, export_usage)))
		return rc == 1 ? 0 : rc;
	if (full)
		return export_full(c, events || strcmp(format, "csv") != 0, output);
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
	/* A disclosure must be recorded: a database that cannot be written
	 * exports every protected identity masked. */
	if (store_is_readonly(ses.st)) {
		struct case_viewer v;
		case_viewer_get(&ses.ctx, &v);
		if (v.sees_identity)
			fprintf(stderr, _("cdesk: warning: the database is read-only, so viewing a "
				"protected identity cannot be recorded: they are exported masked\n"));
		ses.ctx.identity_roles = PRIVACY_NOBODY;
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
		rc = err_set(&err, ERR_INTERNAL, "export: %s", err_errno_text(errno));
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

/* The bar on a terminal's stderr (cli_progress.c). */
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
		store_init_undo(path);
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
		store_init_undo(path);
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
		printf(_("%s: %d demo cases — %d closed (%d late), %d not accepted, %d merged, "
		       "%d open (%d overdue, %d paused); %d reopened, %d reviewed, "
		       "%d multi-department; %" PRId64 " actions\n"), path, s.cases, s.closed, s.late,
		       s.rejected, s.merged, s.open, s.overdue, s.paused, s.reopened, s.reviewed,
		       s.multi_dept, s.actions);
	free(path);
	return 0;
}
