/* `cdesk print form|letter NUMBER`: the registration form and the reply letter, to the printer or a file. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "app/pdf.h"
#include "session.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/store.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char print_usage[] =
	"cdesk print (form | letter | notice) NUMBER [--format text|pdf] [--output FILE]";

/* --format, else: printed, [print] format; to a file, pdf for a name ending
 * in .pdf, text otherwise. */
static bool want_pdf(const struct cli *c, const char *format, const char *output)
{
	size_t n = output ? strlen(output) : 0;

	if (format)
		return !strcmp(format, "pdf");
	if (output)
		return n > 4 && !strcasecmp(output + n - 4, ".pdf");
	return app_print_pdf(c->app);
}

int cmd_print(struct cli *c, int argc, char **argv)
{
	const char *output = NULL, *format = NULL;
	const struct cli_opt opts[] = { { "output", true, &output }, { "format", true, &format },
					{ NULL, false, NULL } };
	const char *pos[2];
	int npos, rc;
	struct err err = { 0 };
	struct sbuf out = { 0 };
	char number[32];
	bool letter;
	enum app_document doc;
	struct store *st = NULL;

	rc = cli_parse(c, argc, argv, opts, pos, 2, &npos, print_usage);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 2)
		return cli_usage_error(print_usage, npos ? N_("missing the case number")
				       : N_("missing 'form' or 'letter' and the case number"));
	if (strcmp(pos[0], "form") && strcmp(pos[0], "letter") && strcmp(pos[0], "notice"))
		return cli_usage_error(print_usage, "unknown document '%s' (form, letter or notice)",
				       pos[0]);
	if (format && strcmp(format, "text") && strcmp(format, "pdf"))
		return cli_usage_error(print_usage, "--format: '%s' is not text or pdf", format);
	letter = !strcmp(pos[0], "letter");
	/* the notice of not accepting or merging (第二十六条, 第十五条) */
	doc = letter ? APP_DOC_LETTER : !strcmp(pos[0], "notice") ? APP_DOC_NOTICE : APP_DOC_FORM;
	if (output && !strcmp(output, "-") && want_pdf(c, format, output) &&
	    isatty(STDOUT_FILENO))
		return cli_usage_error(print_usage, "--format pdf: a PDF is not shown on a "
				       "terminal; use --output FILE");
	if ((rc = session_open_for(c, CA_PRINT, &st, &err)))
		return cli_fail(&err);
	if (want_pdf(c, format, output)) {
		cli_warn_font(c);
		rc = app_case_pdf(c->app, st, doc, pos[1], &out, number, &err);
	} else
		rc = app_case_document(c->app, st, doc, pos[1], &out, number, &err);
	if (!rc) {
		if (output)
			rc = app_write_output(output, out.s, out.len, &err);
		else if (!(rc = app_print(c->app, out.s, out.len, &err)))
			fprintf(stderr, letter ? _("cdesk: reply letter of %s sent to '%s'\n")
				: doc == APP_DOC_NOTICE ? _("cdesk: notice of %s sent to '%s'\n")
				: _("cdesk: registration form of %s sent to '%s'\n"), number,
				app_print_command(c->app));
	}
	sbuf_free(&out);
	store_close(st);
	return rc ? cli_fail(&err) : 0;
}
