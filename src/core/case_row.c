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

/* Every column but id and version (1), bound below in this order: the
 * intake fields, then the state. */
static const char row_sql[] =
	"INSERT INTO cases (number, year, seq, received, channel, kind, name, phone, relation, "
	"address, id_number, anonymous, group_size, representatives, patient_name, "
	"patient_record, visit_date, unit, staff, account, demand, claim_fen, suggestion, "
	"override, override_by, receiver, " CASE_STATE_COLUMNS ") VALUES ("
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	CASE_STATE_VALUES ")";

int cases_bind_state(sqlite3_stmt *s, int i, struct case_record *r, struct cdatetime now)
{
	char depts[RULES_MAX_DEPTS * RULES_CODE_MAX], cats[RULES_MAX_CATEGORIES * RULES_CODE_MAX];

	cases_join_codes(r->depts, r->ndepts, depts, sizeof depts);
	cases_join_codes(r->categories, r->ncategories, cats, sizeof cats);
	sqlite3_bind_int64(s, i++, r->paid_fen);
	sqlite3_bind_text(s, i++, cats, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, i++, r->ndepts ? r->depts[0] : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, i++, depts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, i++, class_code(r->hclass), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, i++, (int)r->flags);
	sqlite3_bind_int(s, i++, r->escalated);
	sqlite3_bind_text(s, i++, status_code(r->status), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, i++, r->round);
	cases_bind_time(s, i++, r->round_at);
	sqlite3_bind_int(s, i++, r->round_paused);
	cases_bind_time(s, i++, r->due);
	cases_bind_time(s, i++, r->due_met);
	cases_bind_text(s, i++, r->reply_text);
	cases_bind_text(s, i++, r->reply_method >= 0 ? reply_method_code(r->reply_method) : NULL);
	cases_bind_time(s, i++, r->replied_at);
	cases_bind_text(s, i++, r->satisfaction >= 0 ? satisfaction_code(r->satisfaction) : NULL);
	cases_bind_time(s, i++, r->callback_at);
	cases_bind_text(s, i++, r->callback_note);
	cases_bind_text(s, i++, r->finding >= 0 ? finding_code(r->finding) : NULL);
	cases_bind_text(s, i++, r->close_note);
	sqlite3_bind_int(s, i++, r->close_unreasonable);
	cases_bind_time(s, i++, r->closed_at);
	cases_bind_text(s, i++, r->reject_reason >= 0 ? reject_reason_code(r->reject_reason) : NULL);
	cases_bind_text(s, i++, r->reject_note);
	cases_bind_text(s, i++, r->merged_into);
	cases_bind_text(s, i++, r->status == STATUS_PAUSED ? status_code(r->paused_from) : NULL);
	cases_bind_time(s, i++, r->paused_at);
	cases_bind_text(s, i++, r->pause_reason);
	sqlite3_bind_int(s, i++, r->paused_days);
	sqlite3_bind_int(s, i++, r->in_review);
	cases_bind_time(s, i++, r->review_at);
	cases_bind_text(s, i++, r->review_reason);
	cases_bind_time(s, i++, now);
	return i;
}

int cases_row_insert(const struct case_ctx *ctx, struct case_record *r, int seq,
		     struct err *err)
{
	char vd[11];
	sqlite3_stmt *s;
	int rc, i = 1;

	if ((rc = store_stmt(ctx->st, row_sql, &s, err)))
		return rc;
	sqlite3_bind_text(s, i++, r->number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, i++, date_year(r->received.day));
	sqlite3_bind_int(s, i++, seq);
	cases_bind_time(s, i++, r->received);
	sqlite3_bind_text(s, i++, channel_code(r->channel), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, kind_code(r->kind), -1, SQLITE_STATIC);
	cases_bind_text(s, i++, r->name);
	cases_bind_text(s, i++, r->phone);
	cases_bind_text(s, i++, r->relation);
	cases_bind_text(s, i++, r->address);
	cases_bind_text(s, i++, r->id_number);
	sqlite3_bind_int(s, i++, r->anonymous);
	sqlite3_bind_int(s, i++, r->group_size > 1 ? r->group_size : 1);
	cases_bind_text(s, i++, r->representatives);
	cases_bind_text(s, i++, r->patient_name);
	cases_bind_text(s, i++, r->patient_record);
	cases_bind_text(s, i++, r->visit_date != CDATE_NONE ? date_format(r->visit_date, vd) : NULL);
	cases_bind_text(s, i++, r->unit);
	cases_bind_text(s, i++, r->staff);
	cases_bind_text(s, i++, r->text);
	cases_bind_text(s, i++, r->demand);
	sqlite3_bind_int64(s, i++, r->claim_fen);
	cases_bind_text(s, i++, r->suggestion);
	cases_bind_text(s, i++, r->override);
	cases_bind_text(s, i++, r->override_by);
	cases_bind_text(s, i++, r->receiver);
	i = cases_bind_state(s, i, r, ctx->now);
	assert(i - 1 == sqlite3_bind_parameter_count(s));
	if ((rc = cases_stmt_run(ctx->st, s, "new case", err)))
		return rc;
	r->id = sqlite3_last_insert_rowid(store_db(ctx->st));
	return cases_links_insert(ctx->st, r, err);
}
