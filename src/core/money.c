/* Money in fen: the one parser of yuan as typed and the formatters; integers only. */
#include "core/money.h"
#include "core/fold.h"
#include "core/text.h"
#include "core/util.h"

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Messages follow the messages locale through the "cdesk" domain, like the
 * rules' reasons (English when nothing binds it). */
#define R_(s) dgettext("cdesk", s)

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int money_parse(const char *text, int64_t *fen, struct err *err)
{
	size_t len = strlen(text), nint = 0, nfrac = 0, group = 0;
	char *f = xmalloc(len + 1), *p, *end, *run, q[200];
	bool grouped = false, bad_group = false;
	int64_t yuan = 0, cents = 0;
	int rc = 0;

	fold_text(text, len, f);
	for (p = f; *p == ' ' || *p == '\t'; p++)
		;
	for (end = p + strlen(p); end > p && (end[-1] == ' ' || end[-1] == '\t');)
		*--end = '\0';
	text_excerpt(text, 40, q, sizeof q);
	if (*p == '-' && (is_digit(p[1]) || p[1] == '.')) {
		rc = err_set(err, ERR_USAGE, R_("'%s' is negative; an amount may not be negative"), q);
		goto out;
	}
	/* The integer part: digits, maybe grouped by commas; leading zeros skipped. */
	for (run = p; is_digit(*p) || (*p == ',' && p > run); p++) {
		if (*p == ',') {
			bad_group |= grouped ? group != 3 : group > 3;
			grouped = true;
			group = 0;
			continue;
		}
		group++;
		if (nint == 0 && *p == '0')
			continue;
		if (++nint <= 15)
			yuan = yuan * 10 + (*p - '0');
	}
	bad_group |= grouped && group != 3;
	if (*p == '.' && p > run && is_digit(p[1]))
		for (p++; is_digit(*p); p++, nfrac++)
			if (nfrac < 2)
				cents = cents * 10 + (*p - '0');
	if (nfrac == 1)
		cents *= 10;
	if (p == run || *p != '\0') {
		rc = err_set(err, ERR_USAGE, R_("'%s' is not an amount in yuan (like 12000, 12,000 or "
					       "350.50)"), q);
		goto out;
	}
	if (bad_group) {
		rc = err_set(err, ERR_USAGE, R_("'%s' has misplaced thousands separators (like "
					       "12,000.50)"), q);
		goto out;
	}
	if (nfrac > 2) {
		rc = err_set(err, ERR_USAGE, R_("'%s' has more than two decimals (yuan.fen)"), q);
		goto out;
	}
	/* 15 digits of yuan stay far below INT64_MAX fen; MONEY_MAX_FEN has 14. */
	if (nint > 15 || yuan * 100 + cents > MONEY_MAX_FEN) {
		char max[MONEY_BUF];
		money_format_as(MONEY_MAX_FEN, MONEY_GROUPED, max, sizeof max);
		rc = err_set(err, ERR_USAGE, R_("'%s' is too large (at most %s yuan)"), q, max);
		goto out;
	}
	*fen = yuan * 100 + cents;
out:
	free(f);
	return rc;
}

char *money_format_as(int64_t fen, enum money_style style, char *buf, size_t size)
{
	char digits[24], out[MONEY_BUF];
	/* the magnitude without overflow, INT64_MIN included */
	uint64_t a = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
	int n, k = 0;

	n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(a / 100));
	if (fen < 0)
		out[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (style == MONEY_GROUPED && i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	if (style == MONEY_SHORT && a % 100 == 0)
		out[k] = '\0';
	else
		snprintf(out + k, sizeof out - (size_t)k, ".%02u", (unsigned)(a % 100));
	if (size)
		snprintf(buf, size, "%s", out);
	return buf;
}

char *money_format(int64_t fen, char *buf, size_t size)
{
	return money_format_as(fen, MONEY_PLAIN, buf, size);
}
