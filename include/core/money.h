/* Money: amounts in fen (1/100 yuan) as int64_t, parsed from what a clerk types and formatted back. */
#ifndef CDESK_CORE_MONEY_H
#define CDESK_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The largest amount taken: 10,000,000,000,000.00 yuan (nobody claims more). */
#define MONEY_MAX_FEN INT64_C(1000000000000000)

/* Enough for any int64_t amount in any style, "-92,233,720,368,547,758.08". */
#define MONEY_BUF 32

/*
 * Yuan as typed into fen: "12000", "12000.5", "350.50", "12,000.50". The one
 * rule, for the form, `cdesk add` (options and JSON), CSV import and
 * `cdesk classify`:
 *   - the text is folded as the rules module folds it (fold_text), so
 *     full-width digits and marks typed with a Chinese input method count as
 *     their ASCII forms ("１２，０００．５" is 12,000.50 yuan);
 *   - spaces around the amount are ignored, none inside it;
 *   - digits, optionally grouped by thousands with commas: every comma is
 *     followed by exactly three digits and the first group has one to three
 *     ("1,500" and "12,000.50"; "1,50", "15,00" and "1500," are refused);
 *   - then optionally a point and one or two decimals ("12000.5" is 12000.50);
 * and nothing else: no sign (a negative amount is refused as such), no
 * currency ("元", "¥"), no third decimal (no rounding), nothing above
 * MONEY_MAX_FEN. On failure returns ERR_USAGE with a message naming the text
 * ("'1.234' has more than two decimals (yuan.fen)") and leaves *fen alone.
 */
int money_parse(const char *text, int64_t *fen, struct err *err);

enum money_style {
	MONEY_PLAIN,        /* "12000.50", "12000.00": what money_parse reads back (CSV, JSON) */
	MONEY_SHORT,        /* "12000.50", "12000": no ".00" on whole yuan (reasons, messages) */
	MONEY_GROUPED       /* "12,000.50", "12,000.00": thousands separated (printed reports, forms) */
};

/* fen as yuan in style, into buf (MONEY_BUF bytes are always enough;
 * truncated to size otherwise); negative amounts get a leading '-'. Returns buf. */
char *money_format_as(int64_t fen, enum money_style style, char *buf, size_t size);

/* money_format_as(fen, MONEY_PLAIN, buf, size). */
char *money_format(int64_t fen, char *buf, size_t size);

#endif
