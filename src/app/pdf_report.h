/* Shared by the report's PDF (pdf_report.c) and its charts (pdf_chart.c). */
#ifndef CDESK_APP_PDF_REPORT_H
#define CDESK_APP_PDF_REPORT_H

#include <stddef.h>

#include "core/report.h"
#include "pdf_priv.h"

/* num/den in percent rounded to 0.1 as the JSON form is; -1 when den is 0. */
double pdf_pct_value(long num, long den);
/* "85.7%", or "-" when den is 0. */
void pdf_fmt_pct(long num, long den, char *buf, size_t size);

/* Charts, at p->y, which moves under them (a new page first when they do not fit). */
/* A breakdown as horizontal bars, one a row, its count at the end. */
void pdf_chart_bars(struct pdf *p, const struct report_breakdown *bd);
/* Per department: on-time and satisfaction rates as bars, 0–100%, with the
 * target (percent) drawn as a line. */
void pdf_chart_depts(struct pdf *p, const struct report *r, double target);
/* The trend: received and closed on time per period, bars with labelled axes. */
void pdf_chart_trend(struct pdf *p, const struct report *r);

#endif
