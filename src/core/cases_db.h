/* Private to the case store (cases*.c, case_*.c, and caseio_restore.c and demo_fast.c, which write
 * case rows in bulk): row loading and writing, SQL helpers. */
#ifndef CDESK_CORE_CASES_DB_H
#define CDESK_CORE_CASES_DB_H

#include "core/cases.h"

#include <sqlite3.h>

/* The columns of a case row, in the order case_from_row reads them. */
#define CASE_COLUMNS \
	"c.id, c.number, c.received, c.channel, c.kind, c.name, c.phone, c.relation, " \
	"c.address, c.id_number, c.anonymous, c.group_size, c.representatives, " \
	"c.patient_name, c.patient_record, c.visit_date, c.unit, c.staff, c.account, " \
	"c.demand, c.claim_fen, c.paid_fen, c.categories, c.dept, c.depts, c.class, " \
	"c.flags, c.escalated, c.suggestion, c.override, c.override_by, c.receiver, " \
	"c.status, c.round, c.round_at, c.round_paused, c.due, c.due_met, c.reply_text, " \
	"c.reply_method, c.replied_at, c.satisfaction, c.callback_at, c.callback_note, " \
	"c.finding, c.close_note, c.close_unreasonable, c.closed_at, c.reject_reason, " \
	"c.reject_note, (SELECT m.number FROM cases m WHERE m.id = c.merged_into), " \
	"c.paused_from, c.paused_at, c.pause_reason, c.paused_days, c.in_review, " \
	"c.review_at, c.review_reason, c.version, c.updated"

/* Fills rec (zeroed first) from a row selected with CASE_COLUMNS. */
void case_from_row(sqlite3_stmt *s, struct case_record *rec);

int cases_prepare(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err);
void cases_bind_text(sqlite3_stmt *s, int i, const char *v);
/* NULL when t.day is CDATE_NONE. */
void cases_bind_time(sqlite3_stmt *s, int i, struct cdatetime t);

/* An unset date-time. */
struct cdatetime cases_no_time(void);
static inline int cases_time_set(struct cdatetime t)
{
	return t.day != CDATE_NONE;
}

/* Runs a prepared statement expecting no rows, then finalizes it. */
int cases_step_done(struct store *st, sqlite3_stmt *s, const char *what, struct err *err);
/* Runs a statement of store_stmt expecting no rows, then resets it (kept for the next use). */
int cases_stmt_run(struct store *st, sqlite3_stmt *s, const char *what, struct err *err);

/*
 * New cases (case_row.c): case_add, the restore of an export and the demo's
 * direct path all write their cases with these, so that a case row looks the
 * same whichever way it came in.
 */
/* A record with every "unset" sentinel in place: no times and no visit
 * date (CDATE_NONE), no reply method, satisfaction, finding or reject
 * reason (-1); one complainant, registered, round 1, version 1. */
void cases_record_init(struct case_record *r);
/* Takes the next gapless number of year (case_seq, inside the caller's
 * transaction) into *seq, and when number is not NULL formats it with
 * ctx->prefix ("TS2026-00042") into number[size]. ERR_INTERNAL on SQL failure. */
int cases_number_next(const struct case_ctx *ctx, int year, int *seq, char *number,
		      size_t size, struct err *err);
/* "%q%" with '%', '_' and the backslash escaped, for LIKE ?1 ESCAPE '\\' (malloc'd). */
char *cases_like_pattern(const char *q);
/* The columns of a case's state: what an action changes, written by both
 * cases_row_insert and cases_record_save in this order (cases_bind_state),
 * and their placeholders (merged_into by the number of the case). */
#define CASE_STATE_COLUMNS \
	"paid_fen, categories, dept, depts, class, flags, escalated, status, round, round_at, " \
	"round_paused, due, due_met, reply_text, reply_method, replied_at, satisfaction, " \
	"callback_at, callback_note, finding, close_note, close_unreasonable, closed_at, " \
	"reject_reason, reject_note, merged_into, paused_from, paused_at, pause_reason, " \
	"paused_days, in_review, review_at, review_reason, updated"
#define CASE_STATE_VALUES \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " \
	"(SELECT id FROM cases WHERE number = ?), ?, ?, ?, ?, ?, ?, ?, ?"
/* Binds r's state (CASE_STATE_COLUMNS, updated: now) from parameter i on;
 * returns the next parameter's index. */
int cases_bind_state(sqlite3_stmt *s, int i, struct case_record *r, struct cdatetime now);
/* The intake fields of r (name … demand, the visit date) as typed, borrowed
 * from in: r is never freed with them in. */
void cases_borrow_intake(const struct case_input *in, struct case_record *r);
/* Inserts r as a new case row numbered r->number, seq seq of the year of
 * r->received, with every column from r (NULL for empty strings and unset
 * times; merged_into the case numbered r->merged_into when it is already in)
 * but version (1) and updated (ctx->now), then its case_depts and
 * case_categories rows; sets r->id. One statement, prepared once per store
 * (store_stmt). ERR_INTERNAL on SQL failure (a number already taken). */
int cases_row_insert(const struct case_ctx *ctx, struct case_record *r, int seq,
		     struct err *err);
/* Inserts r's rows in case_depts and case_categories (r->id set). */
int cases_links_insert(struct store *st, const struct case_record *r, struct err *err);
/* "A,B,C" from n codes into buf. */
void cases_join_codes(char (*codes)[RULES_CODE_MAX], int n, char *buf, size_t size);
/* Writes the mutable columns of r (not the intake fields). */
int cases_record_save(const struct case_ctx *ctx, struct case_record *r, struct err *err);
/* Replaces the case's rows in case_depts and case_categories. */
int cases_save_links(const struct case_ctx *ctx, const struct case_record *r, struct err *err);
/* Appends the event of an action: the fields changed between old (NULL for
 * a new case) and new, plus extra merged into "after" (owned). */
int cases_record_event(const struct case_ctx *ctx, const struct case_record *old,
		       const struct case_record *new, const char *action, json_t *extra,
		       const char *note, struct err *err);
/* The fields an event's before/after hold: the case as JSON (case_to_json
 * without details) less version, updated and suggestion. The audit's replay
 * (audit.c) compares a case with its events over exactly these keys. */
json_t *cases_snapshot(const struct case_record *r);
/* Compact JSON with sorted keys (never NULL). */
char *cases_json_dump(json_t *o);
/* A text field: required, size, control characters, valid UTF-8. */
int cases_check_text(const char *field, const char *s, size_t max, bool multiline,
		     bool required, struct err *err);
/* ctx->at not after ctx->now. */
int cases_check_at(const struct case_ctx *ctx, struct err *err);
/* A department by code or Chinese name into its code; ERR_NOTFOUND. */
int cases_dept_code(const struct case_ctx *ctx, const char *s, char *code, struct err *err);
/* The reply (or review) due of the current round. */
int cases_reply_due(const struct case_ctx *ctx, const struct case_record *r,
		    struct cdatetime *due, struct err *err);
int cases_insert_material(const struct case_ctx *ctx, int64_t case_id, const char *desc,
			  const char *path, struct err *err);
/* The stored names of enum transfer_state and enum draft_state. */
extern const char *const cases_transfer_states[];
extern const char *const cases_draft_states[];
json_t *cases_transfer_json(const struct case_transfer *t);

#endif
