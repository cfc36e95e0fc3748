/* `cdesk report … --issue` and the copy of an issued period (src/cli/cli_issue.c). */
#ifndef CDESK_CLI_ISSUE_H
#define CDESK_CLI_ISSUE_H

#include <stdbool.h>

#include "cli/cli.h"
#include "core/report.h"
#include "core/store.h"
#include "core/util.h"

/*
 * With issue, keeps r (a closed period's report) as issued: its text, CSV
 * and JSON (ERR_USAGE before the period's end, ERR_PERM without the right
 * to issue, ERR_CONFLICT when issued already). Then, issued now or before,
 * appends to out the issued copy in format with the corrections since
 * issue, and sets *handled; a period never issued leaves out and *handled
 * alone.
 */
int cli_report_issued(struct cli *c, struct store *st, const struct report_period *p,
		      const struct report *r, const char *format, bool issue, struct sbuf *out,
		      bool *handled, struct err *err);

#endif
