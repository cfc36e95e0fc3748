/* Search the way people quote things (SPEC §5's search widened): a case
 * number as 983, 00983 or 2026-00983; a phone with spaces or dashes; a
 * representative's name, a record number, the text of department feedback;
 * on top of case_search's numbers, names, phones and full text. */
#include "core/cases.h"
#include "cases_db.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The digits of q when it is digits with spaces, dashes, dots or a '+'. */
static bool digits_of(const char *q, char *out, size_t size)
{
	size_t n = 0;

	for (const char *p = q; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= size)
				return false;
			out[n++] = *p;
		} else if (!strchr(" -+.", *p)) {
			return false;
		}
	}
	out[n] = '\0';
	return n > 0;
}

/* "983", "00983" (a sequence) or "2026-00983" (a year and one): *year 0 when none. */
static bool number_parts(const char *q, int *year, long *seq)
{
	const char *dash = strchr(q, '-');
	char *end;

	*year = 0;
	if (dash) {
		long y = strtol(q, &end, 10);
		if (end != dash || dash - q != 4 || y < 1900 || y > 9999)
			return false;
		*year = (int)y;
		q = dash + 1;
	}
	if (!*q || strlen(q) > 7)
		return false;
	for (const char *p = q; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	*seq = strtol(q, NULL, 10);
	return *seq > 0;
}

/* Numbers of the cases an SQL (one text parameter) finds, appended to nums. */
static int collect(struct store *st, const char *sql, const char *arg, char (**nums)[32],
		   int *n, int max, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(st, sql, &s, err)))
		return rc;
	if (arg)
		cases_bind_text(s, 1, arg);
	while (*n < max && sqlite3_step(s) == SQLITE_ROW) {
		const char *num = (const char *)sqlite3_column_text(s, 0);
		*nums = xrealloc(*nums, (size_t)(*n + 1) * sizeof **nums);
		snprintf((*nums)[(*n)++], 32, "%s", num ? num : "");
	}
	sqlite3_finalize(s);
	return 0;
}

static bool in_page(const struct case_page *p, const char *number)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->items[i].number, number) == 0)
			return true;
	return false;
}

static int by_id_desc(const void *a, const void *b)
{
	const struct case_record *x = a, *y = b;

	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

int case_find(const struct case_ctx *ctx, const char *query, int limit, struct case_page *out,
	      struct err *err)
{
	char digits[64], (*nums)[32] = NULL, *pat;
	int n = 0, year, rc;
	long seq;

	if ((rc = case_search(ctx, query, NULL, limit, out, err)))
		return rc;
	while (*query == ' ' || *query == '\t')
		query++;
	if (number_parts(query, &year, &seq)) {
		/* the number as quoted: its sequence in any year, or in the year named */
		char *sql = year
			? xasprintf("SELECT number FROM cases WHERE number LIKE '%%%d-%%' AND "
				    "CAST(substr(number, instr(number, '-') + 1) AS INTEGER) = %ld "
				    "ORDER BY id DESC", year, seq)
			: xasprintf("SELECT number FROM cases WHERE "
				    "CAST(substr(number, instr(number, '-') + 1) AS INTEGER) = %ld "
				    "ORDER BY id DESC", seq);
		rc = collect(ctx->st, sql, NULL, &nums, &n, limit, err);
		free(sql);
	}
	if (!rc && digits_of(query, digits, sizeof digits) && strlen(digits) >= 4) {
		/* a phone as written on a form: compared by its digits */
		char *p = xasprintf("%%%s%%", digits);
		rc = collect(ctx->st, "SELECT number FROM cases WHERE replace(replace(replace("
			     "coalesce(phone, ''), ' ', ''), '-', ''), '+', '') LIKE ?1 "
			     "ORDER BY id DESC", p, &nums, &n, limit, err);
		free(p);
	}
	if (!rc && text_chars(query) >= 2) {
		/* what case_search does not look in: representatives, the record
		 * number, the departments' written feedback */
		pat = cases_like_pattern(query);
		rc = collect(ctx->st, "SELECT number FROM cases WHERE representatives LIKE ?1 "
			     "ESCAPE '\\' OR patient_record LIKE ?1 ESCAPE '\\' OR id IN (SELECT "
			     "case_id FROM transfers WHERE feedback LIKE ?1 ESCAPE '\\') "
			     "ORDER BY id DESC", pat, &nums, &n, limit, err);
		free(pat);
	}
	/* each extra hit fetched as a number search is, so that who may see
	 * which case is decided where case_search decides it */
	for (int i = 0; !rc && i < n && out->n < limit; i++) {
		struct case_page one = { 0 };
		struct err e2 = { 0 };
		if (in_page(out, nums[i]) || case_search(ctx, nums[i], NULL, 1, &one, &e2) ||
		    one.n != 1) {
			case_page_free(&one);
			continue;
		}
		out->items = xrealloc(out->items, (size_t)(out->n + 1) * sizeof *out->items);
		out->items[out->n++] = one.items[0];
		one.n = 0;
		case_page_free(&one);
	}
	free(nums);
	if (rc) {
		case_page_free(out);
		return rc;
	}
	qsort(out->items, (size_t)out->n, sizeof *out->items, by_id_desc);
	/* one page, complete: no cursor */
	out->more = false;
	out->cursor[0] = '\0';
	return 0;
}
