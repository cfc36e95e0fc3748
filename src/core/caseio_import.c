/* CSV import of new complaints: each row registered through case_add, exactly
 * as `cdesk add` registers it. */
#include "core/caseio.h"
#include "core/field.h"
#include "caseio_priv.h"

#include <stdlib.h>
#include <string.h>

/* The column of a field, or -1 when the file has none. */
static int field_column(const struct row *w, enum case_field f)
{
	for (int c = 0; c < C__COUNT; c++)
		if (caseio_columns[c].intake &&
		    strcmp(caseio_columns[c].name, case_fields[f].column) == 0)
			return w->map[c] >= 0 ? c : -1;
	return -1;
}

/*
 * Splits the row's column of codes into at most cc->max parts at out (pointing into
 * *store), each a problem unless rules.ini knows it. Returns the count, or -1 (a
 * problem) when there are more.
 */
static int import_codes(const struct ruleset *rs, struct row *w, const struct caseio_codes *cc,
			const char **out, char **store)
{
	int n = caseio_split(caseio_field(w, cc->col), out, cc->max, store);

	if (n < 0)
		caseio_error(w, cc->col, "more than %d %s", cc->max, cc->many);
	for (int i = 0; i < n; i++)
		if (!cc->code_of(rs, out[i]))
			caseio_error(w, cc->col, "unknown %s '%.40s'", cc->one, out[i]);
	return n;
}

/*
 * A new complaint through case_add, exactly as `cdesk add` registers it:
 * every field of the table (core/field.h) through case_field_set, so a bad
 * value gets the message the form and `cdesk add` give, the column named
 * as the file names it. "Now" is the import's time (--at).
 */
int caseio_import_intake(struct importer *im, struct row *w, struct err *err)
{
	struct case_input in;
	struct case_record out = { 0 };
	struct case_ctx ctx = *im->ctx;
	char *dstore = NULL, *cstore = NULL, *mstore = NULL;
	const char *mats[CASE_MATERIALS_MAX];
	int rc = 0, n;

	case_input_init(&in);
	for (int f = 0; f < CF__COUNT; f++) {
		int c = field_column(w, (enum case_field)f);
		struct err e = { 0 };
		if (case_field_set(&in, (enum case_field)f, c >= 0 ? caseio_field(w, c) : NULL,
				   im->ctx->rules, im->ctx->at, &e))
			caseio_error(w, c, "%s",
				     c >= 0 ? case_field_problem((enum case_field)f, e.msg) : e.msg);
	}
	in.anonymous = caseio_bool(w, C_ANONYMOUS);
	if ((n = import_codes(im->ctx->rules, w, &caseio_depts, in.depts, &dstore)) >= 0)
		in.ndepts = n;
	if ((n = import_codes(im->ctx->rules, w, &caseio_categories, in.categories, &cstore)) >= 0)
		in.ncategories = n;
	in.flags_set = caseio_flags(w, C_FLAGS);
	n = caseio_split(caseio_field(w, C_MATERIALS), mats, CASE_MATERIALS_MAX, &mstore);
	if (n < 0)
		caseio_error(w, C_MATERIALS, "more than %d materials", CASE_MATERIALS_MAX);
	for (int i = 0; i < n; i++)
		in.materials[in.nmaterials++] = mats[i];
	if (in.received.day != CDATE_NONE)
		ctx.at = in.received;
	if (!w->bad) {
		struct err e = { 0 };
		/* The store names the field in its own words ("phone: …"). */
		rc = case_add(&ctx, &in, &out, &e);
		if (rc == ERR_USAGE || rc == ERR_NOTFOUND || rc == ERR_DATA) {
			/* A field's message names a column of ours: say it as the file does. */
			int col = -1;
			const char *what = e.msg;
			for (int f = 0; f < CF__COUNT && col < 0; f++) {
				const char *p = case_field_problem((enum case_field)f, e.msg);
				if (p != e.msg && (col = field_column(w, (enum case_field)f)) >= 0)
					what = p;
			}
			caseio_error(w, col, "%s", what);
			rc = 0;
		} else if (rc) {
			*err = e;
		} else {
			caseio_note_number(im, out.number);
		}
		case_record_free(&out);
	}
	free(dstore);
	free(cstore);
	free(mstore);
	return rc;
}
