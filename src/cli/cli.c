/* Option parsing and error reporting shared by every command. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "app/pdf.h"
#include "core/util.h"
#include "core/progress.h"
#include "core/text.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage_verror(const char *usage, const char *fmt, va_list ap)
{
	/* fmt is a msgid: make pot extracts cli_usage_error's second and
	 * cli_parse_one's seventh argument */
	fputs("cdesk: ", stderr);
	vfprintf(stderr, _(fmt), ap);
	fputc('\n', stderr);
	if (usage)
		fprintf(stderr, _("usage: %s\n"), usage);
	return ERR_USAGE;
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = usage_verror(usage, fmt, ap);
	va_end(ap);
	return rc;
}

static bool translated;

void cli_i18n_init(void)
{
	setlocale(LC_MESSAGES, "");
	app_i18n_bind();
	/* the catalog's header answers for "" only when a catalog is in use
	 * (a variable, so that xgettext does not take "" for a message) */
	const char *header = "";
	translated = *gettext(header) != '\0';
}

bool cli_zh(void)
{
	return translated;
}

const char *cli_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = gettext(ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}

void cli_put_label(const char *label, int cols)
{
	int w = text_width(label);

	fputs(label, stdout);
	for (; w < cols; w++)
		putchar(' ');
	putchar(' ');
}

void cli_put_cell(const char *s, int cols)
{
	char *f = text_fit(s ? s : "", cols, true);

	fputs(f, stdout);
	free(f);
}

int cli_fail(const struct err *err)
{
	progress_end("");           /* the message on a line of its own */
	fprintf(stderr, "cdesk: %s\n", err->msg[0] ? err->msg : _("failed"));
	return err->code ? err->code : ERR_FAIL;
}

static int set_at(struct cli *c, const char *v, const char *usage)
{
	struct err err = { 0 };

	if (datetime_parse(v, &c->app->at, &err))
		return cli_usage_error(usage, "--at: %s", err.msg);
	c->app->at_set = true;
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
	      const char **pos, int maxpos, int *npos, const char *usage)
{
	bool only_pos = false;

	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name, *eq, *val = NULL;
		size_t nlen;
		const struct cli_opt *o = NULL;

		if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
			if (*npos >= maxpos)
				return cli_usage_error(usage, "unexpected argument '%s'", a);
			pos[(*npos)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (a[1] != '-')
			return cli_usage_error(usage, "unknown option '%s'", a);
		name = a + 2;
		eq = strchr(name, '=');
		nlen = eq ? (size_t)(eq - name) : strlen(name);
		if (eq)
			val = eq + 1;
#define IS(s) (nlen == strlen(s) && strncmp(name, s, nlen) == 0)
		if (IS("help")) {
			cli_print_help(argv[0], usage, opts);
			return 1;
		}
		if (IS("json")) {
			c->json = true;
			continue;
		}
		if (IS("at") || IS("db")) {
			bool at = IS("at");
			if (!val) {
				if (i + 1 >= argc)
					return cli_usage_error(usage, "option '--%s' needs a value",
							       at ? "at" : "db");
				val = argv[++i];
			}
			if (at) {
				if (set_at(c, val, usage))
					return ERR_USAGE;
			} else {
				c->app->db_opt = val;
			}
			continue;
		}
		for (int k = 0; opts && opts[k].name; k++)
			if (IS(opts[k].name))
				o = &opts[k];
#undef IS
		if (!o)
			return cli_usage_error(usage, "unknown option '--%.*s'", (int)nlen, name);
		if (o->has_arg) {
			if (!val) {
				if (i + 1 >= argc)
					return cli_usage_error(usage, "option '--%s' needs a value",
							       o->name);
				val = argv[++i];
			}
			*o->value = val;
		} else {
			if (val)
				return cli_usage_error(usage, "option '--%s' takes no value", o->name);
			*o->value = "1";
		}
	}
	return 0;
}

void cli_warn_calendar(struct cli *c, cdate a, cdate b)
{
	char *w = app_calendar_warning(c->app, a, b);

	/* one "cdesk: warning: …" line a year */
	for (const char *line = w; line && *line;) {
		size_t n = strcspn(line, "\n");
		fprintf(stderr, "cdesk: %.*s\n", (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(w);
}

int cli_parse_one(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
		  const char **arg, const char *usage, const char *missing, ...)
{
	va_list ap;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, arg, 1, &npos, usage)) || npos == 1)
		return rc;
	va_start(ap, missing);
	rc = usage_verror(usage, missing, ap);
	va_end(ap);
	return rc;
}

void cli_warn_font(struct cli *c)
{
	char *w = app_pdf_font_warning(c->app);

	if (w)
		fprintf(stderr, "cdesk: %s\n", w);
	free(w);
}
