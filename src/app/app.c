/* The shared context: configuration, actor and clock, the lazily loaded calendar and rules, the store. */
#include "app/app.h"
#include "core/cases.h"
#include "core/i18n.h"
#include "core/learn.h"
#include "core/store.h"
#include "core/util.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The acting user is the real uid's login: never $USER, $LOGNAME or an
 * option, which anyone can set to another's name. */
static int set_actor(struct app *a, struct err *err)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwuid(getuid());
	if (!pw || !pw->pw_name || !*pw->pw_name)
		return err_set(err, ERR_PERM, "uid %ld has no entry in the user database%s%s; "
			       "cdesk records every step under a login name and will not act "
			       "for an unnamed uid", (long)getuid(), errno ? ": " : "",
			       errno ? err_errno_text(errno) : "");
	if (strlen(pw->pw_name) >= sizeof a->actor)
		return err_set(err, ERR_PERM, "the login name of uid %ld is longer than %zu bytes",
			       (long)getuid(), sizeof a->actor - 1);
	snprintf(a->actor, sizeof a->actor, "%s", pw->pw_name);
	return 0;
}

int app_init(struct app *a, const char *config_opt, const char *db_opt, struct err *err)
{
	memset(a, 0, sizeof *a);
	a->config_opt = config_opt;
	a->db_opt = db_opt;
	a->data_dir = config_default_data_dir();
	if (config_load(config_opt, a->data_dir, &a->cfg, err)) {
		free(a->data_dir);
		a->data_dir = NULL;
		return err->code;
	}
	if (set_actor(a, err)) {
		app_free(a);
		return err->code;
	}
	a->now = app_clock();
	a->at = a->now;
	return 0;
}

void app_free(struct app *a)
{
	if (a->rules)
		rules_free(a->rules);
	learn_model_free(a->learn);
	if (a->cal)
		calendar_free(a->cal);
	config_free(a->cfg);
	free(a->data_dir);
	free(a->basis);
	memset(a, 0, sizeof *a);
}

struct cdatetime app_clock(void)
{
	return datetime_from_unix((int64_t)time(NULL));
}

void app_set_now(struct app *a, struct cdatetime t)
{
	a->now = t;
	if (!a->at_set)
		a->at = t;
}

int app_calendar(struct app *a, struct calendar **out, struct err *err)
{
	if (!a->cal) {
		char *dir = xasprintf("%s/holidays", a->cfg->data_dir);
		int rc = calendar_load_dir(dir, &a->cal, err);
		free(dir);
		if (rc)
			return rc;
	}
	*out = a->cal;
	return 0;
}

int app_rules(struct app *a, struct ruleset **out, struct err *err)
{
	if (!a->rules) {
		char *path = xasprintf("%s/rules.ini", a->cfg->data_dir);
		int rc = rules_load(path, &a->rules, err), fallback;
		struct err ferr = { 0 };
		free(path);
		if (rc)
			return rc;
		rules_set_learner(a->rules, app_learn_get, a, NULL);
		/* a bad value: app_learn_get warns and uses no model */
		if (app_learn_fallback(a, &fallback, &ferr) == 0)
			rules_set_learn_fallback(a->rules, fallback);
	}
	*out = a->rules;
	return 0;
}

char *app_calendar_warning(const struct app *a, cdate from, cdate to)
{
	struct sbuf b = { 0 };
	int ya, yb;

	if (!a->cal || calendar_span_known(a->cal, from, to))
		return NULL;
	ya = date_year(from < to ? from : to);
	yb = date_year(from < to ? to : from);
	for (int y = ya; y <= yb; y++)
		if (!calendar_year_known(a->cal, y))
			sbuf_addf(&b, R_("warning: no holiday calendar for %d (data/holidays/cn-%d.ini); "
				  "counting Monday-Friday only\n"), y, y);
	return b.s;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return strcmp(a, b) == 0 || (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
				     sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

int app_db_path(struct app *a, char **out, struct err *err)
{
	char *path = config_db_path(a->cfg, a->db_opt);
	bool same = true;

	if (config_secure() && a->db_opt && *a->db_opt) {
		app_priv_raise();
		same = same_file(a->db_opt, path);
		app_priv_lower();
	}
	if (!same) {
		err_set(err, ERR_PERM, "--db %s: refused: an installed cdesk (setgid) opens only "
			"its own database, %s", a->db_opt, path);
		free(path);
		return ERR_PERM;
	}
	*out = path;
	return 0;
}

static const char *group_name(gid_t g)
{
	struct group *gr = getgrgid(g);

	return gr ? gr->gr_name : "cdesk";
}

/*
 * Installed setgid, a staff user's process must find the database, its -wal
 * and its -shm made already and not its own: SQLite creates a missing -wal
 * or -shm as the connecting process's user, who could then write forged
 * frames into it. Root's SQLite gives a file it creates the database's
 * owner, so root is not held to this.
 */
static int check_installed_files(const char *path, struct err *err)
{
	static const char *const sfx[] = { "-wal", "-shm" };
	struct stat db, sb;

	if (getuid() == 0 || lstat(path, &db) != 0)
		return 0;       /* store_open says what is missing */
	if (db.st_uid == getuid())
		return err_set(err, ERR_PERM, "%s belongs to you, so it is not protected from "
			       "edits outside cdesk; it must belong to root, group %s, mode 0660 "
			       "(make install-server; see the README, shared server)", path,
			       group_name(app_priv_group()));
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		char *f = xasprintf("%s%s", path, sfx[i]);
		int rc = 0;
		if (lstat(f, &sb) != 0)
			rc = err_set(err, ERR_PERM, "%s is missing; it is made by root, never by a "
				     "staff user's cdesk (it would be theirs): run 'cdesk check' once "
				     "as root", f);
		else if (!S_ISREG(sb.st_mode) || sb.st_uid != db.st_uid)
			rc = err_set(err, ERR_PERM, "%s is not a file of the database's owner "
				     "(uid %ld); make install-server puts it right", f,
				     (long)db.st_uid);
		free(f);
		if (rc)
			return rc;
	}
	return 0;
}

/* False when path exists and it or its directory cannot be written (with
 * the effective ids, as SQLite will try). */
static bool writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool w;

	if (slash)
		slash[slash == dir] = '\0';
	w = faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0 || errno == ENOENT;
	if (w)
		w = faccessat(AT_FDCWD, slash ? dir : ".", W_OK, AT_EACCESS) == 0;
	free(dir);
	return w;
}

int app_open_store(struct app *a, bool create, struct store **st, struct err *err)
{
	char *path;
	int rc;

	if ((rc = app_db_path(a, &path, err)))
		return rc;
	/* The database's group, only for the time it takes SQLite to open the
	 * database, its -wal and its -shm (store_open reads them): the open
	 * descriptors then serve the whole run. */
	app_priv_raise();
	rc = config_secure() ? check_installed_files(path, err) : 0;
	if (!rc && !create && a->read_only && !writable(path))
		rc = store_open_readonly(path, st, err);
	else if (!rc)
		rc = store_open(path, create, st, err);
	app_priv_lower();
	free(path);
	return rc;
}

static const char *deadline_basis_of(void *arg)
{
	return app_deadline_basis(arg);
}

void app_case_ctx(struct app *a, struct store *st, struct case_ctx *ctx)
{
	assert(a->rules && a->cal);
	memset(ctx, 0, sizeof *ctx);
	ctx->st = st;
	ctx->rules = a->rules;
	ctx->cal = a->cal;
	ctx->actor = a->actor;
	ctx->at = a->at;
	ctx->now = a->now;
	ctx->prefix = a->cfg->case_prefix && *a->cfg->case_prefix ? a->cfg->case_prefix : "TS";
	/* A step reads the clock again once it holds the write lock. */
	ctx->clock = app_clock;
	ctx->at_fixed = a->at_set;
	ctx->late_margin = a->cfg->late_margin;
	/* the files' hashes are read only by an event that records them */
	ctx->deadline_basis_get = deadline_basis_of;
	ctx->deadline_basis_arg = a;
	ctx->identity_roles = a->cfg->identity_mask;
}
