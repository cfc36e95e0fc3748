/*
 * The PDF engine (src/app/pdf*.c over cairo, pango and fontconfig) is a
 * shared object of its own, cdesk-pdf.so, loaded with dlopen the first time a
 * PDF is drawn (src/app/pdf_load.c): a command that prints no PDF never maps
 * the two dozen libraries behind cairo and pango. Its one exported symbol,
 * cdesk_pdf_engine, returns this table; the calls of app/pdf.h go through it.
 */
#ifndef CDESK_APP_PDF_ENGINE_H
#define CDESK_APP_PDF_ENGINE_H

#include <stddef.h>

#include "app/app.h"
#include "core/err.h"
#include "core/util.h"

struct report;
struct store;

/* Changes whenever the table or a structure it passes changes. */
#define PDF_ENGINE_ABI 1

struct pdf_engine {
	int abi;                    /* PDF_ENGINE_ABI of the engine's build */
	const char *version;        /* CDESK_VERSION of the engine's build */
	size_t app_size;            /* sizeof (struct app) in the engine's build */
	char *(*font_warning)(const struct app *a);
	int (*report_pdf)(struct app *a, const struct report *r, struct sbuf *out,
			  struct err *err);
	int (*case_pdf)(struct app *a, struct store *st, enum app_document doc,
			const char *number, struct sbuf *out, char *number_out, struct err *err);
};

/* The engine's entry point, the one symbol cdesk-pdf.so exports. */
#define PDF_ENGINE_SYMBOL "cdesk_pdf_engine"
const struct pdf_engine *cdesk_pdf_engine(void);

/*
 * The engine in use from now on, instead of loading cdesk-pdf.so (a test
 * linking the engine's objects statically passes cdesk_pdf_engine()).
 */
void app_pdf_engine_use(const struct pdf_engine *e);

/*
 * The engine, loaded on first use: cdesk-pdf.so beside the running binary
 * (the build tree), else the installed CDESK_LIBDIR/cdesk-pdf.so; installed
 * setgid, only the latter. NULL with ERR_FAIL "PDF support not installed: …"
 * naming the files tried and dlopen's reason, or saying that the engine was
 * built for another cdesk.
 */
const struct pdf_engine *app_pdf_engine(struct err *err);

#endif
