/* Where finished text goes: a file written atomically, standard output, or the print command. */
#include "app/app.h"
#include "core/print.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int app_output_open(struct app_output *o, const char *path, struct err *err)
{
	int fd, e, rc;

	memset(o, 0, sizeof *o);
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	o->path = path;
	/* The user's own rights for the whole file: with the installed group a
	 * rename could replace a file only that group may write (the database
	 * itself), and the file would carry the group. app_priv_init has
	 * lowered it already; this only makes sure. */
	app_priv_lower();
	/* Beside the target, so the rename is atomic and a reader never sees
	 * half a file. The name is not guessable and O_EXCL never follows a
	 * symlink (POSIX), so a link planted under the name of the temporary
	 * file cannot make cdesk write through it. */
	o->tmp = xasprintf("%s.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		e = errno;
		rc = err_set(err, e == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "%s: %s", path,
			     err_errno_text(e));
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return rc;
	}
	if (!(o->f = fdopen(fd, "wb"))) {
		e = errno;
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return err_set(err, ERR_FAIL, "%s: %s", path, err_errno_text(e));
	}
	return 0;
}

int app_output_close(struct app_output *o, bool keep, struct err *err)
{
	int rc = 0;

	if (!o->f)
		return 0;
	if (o->f == stdout) {
		o->f = NULL;
		if (keep && fflush(stdout) != 0)
			return err_set(err, ERR_FAIL, "writing standard output: %s", err_errno_text(errno));
		return 0;
	}
	if (keep && (ferror(o->f) || fflush(o->f) != 0))
		rc = err_set(err, ERR_FAIL, "%s: %s", o->path, err_errno_text(errno));
	if (fclose(o->f) != 0 && keep && !rc)
		rc = err_set(err, ERR_FAIL, "%s: %s", o->path, err_errno_text(errno));
	/* rename replaces a symlink at the target itself, never what it names */
	if (keep && !rc && rename(o->tmp, o->path) != 0)
		rc = err_set(err, ERR_FAIL, "%s: %s", o->path, err_errno_text(errno));
	if (!keep || rc)
		unlink(o->tmp);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return rc;
}

int app_write_output(const char *path, const char *data, size_t len, struct err *err)
{
	struct app_output o;
	bool ok;
	int rc;

	if ((rc = app_output_open(&o, path, err)))
		return rc;
	ok = fwrite(data, 1, len, o.f) == len;
	if (!ok && o.f == stdout) {
		app_output_close(&o, false, err);
		return err_set(err, ERR_FAIL, "writing standard output: %s", err_errno_text(errno));
	}
	if (!ok) {
		rc = err_set(err, ERR_FAIL, "%s: %s", path, err_errno_text(errno));
		app_output_close(&o, false, err);
		return rc;
	}
	return app_output_close(&o, true, err);
}

const char *app_print_command(const struct app *a)
{
	return a->cfg->print_cmd && *a->cfg->print_cmd ? a->cfg->print_cmd : "lp";
}

int app_print(struct app *a, const char *data, size_t len, struct err *err)
{
	/* The command runs as the user: exec'd with the real gid as effective
	 * gid, its saved set-group-ID is the user's too, so it cannot take the
	 * installed group back (a $PATH of the user's could name any "lp"). */
	app_priv_lower();
	return print_pipe(app_print_command(a), data, len, a->quiet_print, err);
}
