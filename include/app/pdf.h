/* A4 PDF documents drawn with cairo and pango: the report, the registration form, the reply letter. */
#ifndef CDESK_APP_PDF_H
#define CDESK_APP_PDF_H

#include <stdbool.h>

#include "app/app.h"
#include "core/util.h"

struct report;

/* True when printing sends PDF: [print] format = pdf (the default). */
bool app_print_pdf(const struct app *a);
/* NULL when fontconfig has [print] font; else a fresh line saying which font
 * the PDF is set in instead, for standard error. */
char *app_pdf_font_warning(const struct app *a);

/*
 * Appends to out the report r as an A4 portrait PDF: the site and the title
 * in every page's header, "第 n 页 共 m 页" in the footer, the tables of the
 * text report (no row split across pages, the header repeated on a new page)
 * and the charts: the trend, channels and categories as bars, the
 * departments' on-time and satisfaction rates against [report]
 * target_on_time. The font is [print] font through fontconfig. Runs
 * report_check first and fails with its ERR_FAIL (nothing appended); ERR_FAIL
 * when cairo fails.
 */
int app_report_pdf(struct app *a, const struct report *r, struct sbuf *out, struct err *err);

/*
 * Appends to out the document doc of case number as an A4 PDF: the
 * registration form with a box for each field, the account wrapped in its
 * box, the first receiver and the signature and date lines; the letter under
 * the letterhead of cdesk.ini ([print] letterhead, letterhead_note), dated
 * with the reply, with room for the seal. Fails as app_case_document does.
 */
int app_case_pdf(struct app *a, struct store *st, enum app_document doc, const char *number,
		 struct sbuf *out, char *number_out, struct err *err);

#endif
