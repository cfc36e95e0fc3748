/* Where finished text goes: a file written atomically, standard output, or the print command. */
#include "app/app.h"
#include "core/print.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int app_write_output(const char *path, const char *data, size_t len, struct err *err)
{
	char *tmp;
	FILE *f;
	int rc = 0;

	if (!path || !strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return err_set(err, ERR_FAIL, "writing standard output: %s", strerror(errno));
		return 0;
	}
	/* write beside the target, then rename: a reader never sees half a file */
	tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f) {
		rc = err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "%s: %s", path,
			     strerror(errno));
		free(tmp);
		return rc;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0)
		rc = err_set(err, ERR_FAIL, "%s: %s", path, strerror(errno));
	if (fclose(f) != 0 && !rc)
		rc = err_set(err, ERR_FAIL, "%s: %s", path, strerror(errno));
	if (!rc && rename(tmp, path) != 0)
		rc = err_set(err, ERR_FAIL, "%s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
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
