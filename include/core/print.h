/* Sending text to the printer: the print command of cdesk.ini, run through the shell. */
#ifndef CDESK_CORE_PRINT_H
#define CDESK_CORE_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/*
 * Runs cmd with /bin/sh -c and writes data[0..len) to its standard input.
 * Returns 0 when the command read it and exited with status 0. Fails with
 * ERR_NOTFOUND when the shell could not find the command (status 127),
 * ERR_FAIL naming the command and its exit status or signal otherwise, and
 * ERR_USAGE for an empty command. The command's own messages go to the
 * caller's standard error; its standard output goes to the caller's too, or
 * to /dev/null when quiet (the TUI: "request id is …" must not land on the
 * screen).
 */
int print_pipe(const char *cmd, const char *data, size_t len, bool quiet, struct err *err);

#endif
