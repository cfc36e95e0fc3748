/*
 * The PDF calls of app/pdf.h, through the engine loaded on demand
 * (app/pdf_engine.h): cdesk-pdf.so and cairo, pango and fontconfig behind it
 * are mapped only by a command that draws a PDF.
 */
#include "app/pdf.h"
#include "app/pdf_engine.h"
#include "core/config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CDESK_LIBDIR
#define CDESK_LIBDIR "/usr/local/lib/cdesk"
#endif
#ifndef CDESK_VERSION
#define CDESK_VERSION "0.1.0"
#endif

#define ENGINE_FILE "cdesk-pdf.so"

#ifdef __SANITIZE_ADDRESS__
/* cairo 1.16 keeps 768 bytes of each PDF it finishes (in cairo_surface_finish,
 * writing the fonts); cairo has no frame pointers, so the two frames
 * LeakSanitizer records name only the library. Its hook for the program's own
 * suppressions, in the binary (LeakSanitizer looks it up there, not in a
 * library loaded later). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\n";
}
#endif

static const struct pdf_engine *engine;

void app_pdf_engine_use(const struct pdf_engine *e)
{
	engine = e;
}

/* dir/cdesk-pdf.so of the running binary's directory, in buf; false when
 * /proc/self/exe cannot be read. */
static bool beside_binary(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return false;
	*slash = '\0';
	return snprintf(buf, size, "%s/%s", exe, ENGINE_FILE) < (int)size;
}

/* The engine of the file at path; NULL with the reason in why. */
static const struct pdf_engine *open_engine(const char *path, char *why, size_t size)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const struct pdf_engine *(*entry)(void);
	const struct pdf_engine *e;

	if (!h) {
		/* dlerror names the file */
		snprintf(why, size, "cannot load %s", dlerror());
		return NULL;
	}
	/* POSIX's way from a data pointer to a function pointer */
	*(void **)&entry = dlsym(h, PDF_ENGINE_SYMBOL);
	e = entry ? entry() : NULL;
	if (!e) {
		snprintf(why, size, "%s: no %s", path, PDF_ENGINE_SYMBOL);
	} else if (e->abi != PDF_ENGINE_ABI || e->app_size != sizeof(struct app) ||
		   strcmp(e->version, CDESK_VERSION) != 0) {
		snprintf(why, size, "%s was built for cdesk %s (interface %d), this is cdesk %s "
			 "(interface %d); install both from the same build", path, e->version,
			 e->abi, CDESK_VERSION, PDF_ENGINE_ABI);
		e = NULL;
	}
	if (!e)
		dlclose(h);
	/* else kept loaded to the end: fonts_at_exit's handler lives in it */
	return e;
}

const struct pdf_engine *app_pdf_engine(struct err *err)
{
	char path[PATH_MAX], why[PATH_MAX + 256] = "", tried[2 * PATH_MAX + 512] = "";

	if (engine)
		return engine;
	/* Installed setgid, only the installed file: a copy of the binary
	 * beside a library of someone's own must not run it with the group. */
	if (!config_secure() && beside_binary(path, sizeof path)) {
		if ((engine = open_engine(path, why, sizeof why)))
			return engine;
		snprintf(tried, sizeof tried, "%s; ", why);
	}
	if ((engine = open_engine(CDESK_LIBDIR "/" ENGINE_FILE, why, sizeof why)))
		return engine;
	err_set(err, ERR_FAIL, "PDF support not installed: %s%s; print as text with [print] "
		"format = text in cdesk.ini, or --format text", tried, why);
	return NULL;
}

bool app_print_pdf(const struct app *a)
{
	return !a->cfg->print_format || strcmp(a->cfg->print_format, "text") != 0;
}

char *app_pdf_font_warning(const struct app *a)
{
	struct err err = { 0 };
	const struct pdf_engine *e = app_pdf_engine(&err);

	/* without the engine, the PDF call that follows says why */
	return e ? e->font_warning(a) : NULL;
}

int app_report_pdf(struct app *a, const struct report *r, struct sbuf *out, struct err *err)
{
	const struct pdf_engine *e = app_pdf_engine(err);

	return e ? e->report_pdf(a, r, out, err) : err->code;
}

int app_case_pdf(struct app *a, struct store *st, enum app_document doc, const char *number,
		 struct sbuf *out, char *number_out, struct err *err)
{
	const struct pdf_engine *e = app_pdf_engine(err);

	return e ? e->case_pdf(a, st, doc, number, out, number_out, err) : err->code;
}
