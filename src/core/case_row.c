/* Writing a new case: its gapless number, its row with every column, its department and category rows. */
#include "core/cases.h"
#include "cases_db.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void cases_record_init(struct case_record *r)
{
	struct cdatetime none = cases_no_time();

	memset(r, 0, sizeof *r);
	r->received = r->round_at = r->due = r->due_met = none;
	r->replied_at = r->callback_at = r->closed_at = none;
	r->paused_at = r->review_at = r->updated = none;
	r->visit_date = CDATE_NONE;
	r->channel = CHANNEL_VISIT;
	r->kind = KIND_COMPLAINT;
	r->hclass = CLASS_GENERAL;
	r->group_size = 1;
	r->status = r->paused_from = STATUS_REGISTERED;
	r->round = 1;
	r->reply_method = r->satisfaction = r->finding = r->reject_reason = -1;
	r->version = 1;
}

int cases_stmt_run(struct store *st, sqlite3_stmt *s, const char *what, struct err *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sql_error(st, what, err);

	sqlite3_reset(s);
	return rc;
}

static const char number_sql[] =
	"INSERT INTO case_seq (year, last) VALUES (?, 1) "
	"ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last";

int cases_number_next(const struct case_ctx *ctx, int year, int *seq, char *number,
		      size_t size, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_stmt(ctx->st, number_sql, &s, err)))
		return rc;
	sqlite3_bind_int(s, 1, year);
	/* RETURNING: the row is written by this first step. */
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = store_sql_error(ctx->st, "case number", err);
		sqlite3_reset(s);
		return rc;
	}
	*seq = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (number)
		snprintf(number, size, "%s%d-%05d", ctx->prefix ? ctx->prefix : "TS", year, *seq);
	return 0;
}

static const char dept_sql[] =
	"INSERT OR IGNORE INTO case_depts (dept, case_id, lead) VALUES (?, ?, ?)";
static const char category_sql[] =
	"INSERT OR IGNORE INTO case_categories (category, case_id) VALUES (?, ?)";

/* Inserts a link row (code, case id[, lead]) for each of n codes; the first is the lead. */
static int links_insert(struct store *st, const char *sql, const char (*codes)[RULES_CODE_MAX],
			int n, sqlite3_int64 id, bool with_lead, const char *what, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	for (int i = 0; i < n; i++) {
		if ((rc = store_stmt(st, sql, &s, err)))
			return rc;
		sqlite3_bind_text(s, 1, codes[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, id);
		if (with_lead)
			sqlite3_bind_int(s, 3, i == 0);
		if ((rc = cases_stmt_run(st, s, what, err)))
			return rc;
	}
	return 0;
}

int cases_links_insert(struct store *st, const struct case_record *r, struct err *err)
{
	int rc = links_insert(st, dept_sql, r->depts, r->ndepts, r->id, true, "departments", err);

	return rc ? rc : links_insert(st, category_sql, r->categories, r->ncategories, r->id,
				      false, "categories", err);
}

int cases_row_insert(const struct case_ctx *ctx, struct case_record *r, int seq,
		     struct err *err)
{
	sqlite3_stmt *s;
	int rc, i = 1;

	if ((rc = store_stmt(ctx->st, cases_insert_sql(), &s, err)))
		return rc;
	sqlite3_bind_int(s, i++, date_year(r->received.day));
	sqlite3_bind_int(s, i++, seq);
	i = cases_bind_columns(s, i, r, true, ctx->now);
	assert(i - 1 == sqlite3_bind_parameter_count(s));
	if ((rc = cases_stmt_run(ctx->st, s, "new case", err)))
		return rc;
	r->id = sqlite3_last_insert_rowid(store_db(ctx->st));
	return cases_links_insert(ctx->st, r, err);
}
