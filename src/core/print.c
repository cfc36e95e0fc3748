/* The print path: the configured command (default lp) reads the text on its standard input. */
#include "core/print.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Starts cmd with popen; when quiet its standard output is /dev/null. Ours is
 * redirected only while popen forks, so nothing of ours is lost. */
static FILE *start(const char *cmd, bool quiet)
{
	int saved = -1, null;
	FILE *p;

	if (quiet && (null = open("/dev/null", O_WRONLY)) >= 0) {
		saved = dup(1);
		if (saved >= 0)
			dup2(null, 1);
		close(null);
	}
	p = popen(cmd, "w");
	if (saved >= 0) {
		int e = errno;
		dup2(saved, 1);
		close(saved);
		errno = e;
	}
	return p;
}

int print_pipe(const char *cmd, const char *data, size_t len, bool quiet, struct err *err)
{
	struct sigaction ign, old;
	FILE *p;
	size_t put;
	int status, werr = 0;

	if (!cmd || !*cmd)
		return err_set(err, ERR_USAGE, "no print command configured ([print] command in "
			       "cdesk.ini)");
	/* A command that exits without reading must not kill us with SIGPIPE. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fflush(NULL);
	p = start(cmd, quiet);
	if (!p) {
		sigaction(SIGPIPE, &old, NULL);
		return err_set(err, ERR_FAIL, "print command '%s' could not be started: %s", cmd,
			       err_errno_text(errno));
	}
	put = fwrite(data, 1, len, p);
	if (put != len || fflush(p) != 0)
		werr = errno ? errno : EPIPE;
	status = pclose(p);
	sigaction(SIGPIPE, &old, NULL);
	if (status == -1)
		return err_set(err, ERR_FAIL, "print command '%s': %s", cmd, err_errno_text(errno));
	if (WIFSIGNALED(status))
		return err_set(err, ERR_FAIL, "print command '%s' was killed by signal %d", cmd,
			       WTERMSIG(status));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return err_set(err, ERR_NOTFOUND, "print command '%s' was not found (exit status "
			       "127); set [print] command in cdesk.ini", cmd);
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return err_set(err, ERR_FAIL, "print command '%s' failed with exit status %d; "
			       "nothing may have been printed", cmd, WEXITSTATUS(status));
	if (werr)
		return err_set(err, ERR_FAIL, "print command '%s' stopped reading after %zu of "
			       "%zu bytes", cmd, put, len);
	return 0;
}
