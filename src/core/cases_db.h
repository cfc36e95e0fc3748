/* Private to the case store (cases*.c, case_*.c, and caseio_restore.c and demo_fast.c, which write
 * case rows in bulk): row loading and writing, SQL helpers. */
#ifndef CDESK_CORE_CASES_DB_H
#define CDESK_CORE_CASES_DB_H

#include "core/cases.h"

#include <sqlite3.h>

/* The columns of a case row (src/core/case_columns.c, one table for reading
 * and writing): the select list "c.id, c.number, …" (with merged_into as the
 * number of the case), and how many columns it has; made once, never freed. */
const char *cases_columns(void);
int cases_ncolumns(void);
/* Fills rec (zeroed first) from a row selected with cases_columns() first. */
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
/* The statements that write a case row, made from the same table: the
 * INSERT of a new row (year, seq, then every column but id and version, as
 * cases_bind_columns binds them with all), and the UPDATE of its state
 * (cases_bind_columns without all, then the id; version + 1). */
const char *cases_insert_sql(void);
const char *cases_update_sql(void);
/* Binds r's columns from parameter i on: all of them or the state only (what
 * an action changes), updated as now, merged_into by the number of the case;
 * returns the next parameter's index. */
int cases_bind_columns(sqlite3_stmt *s, int i, const struct case_record *r, bool all,
		       struct cdatetime now);
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
/* The detail tables of a case, read with the same column table as the case
 * (src/core/case_columns.c): its transfers by id, its drafts by version, a
 * draft's approvals (by the draft's id), its materials by id. */
struct cases_detail;
extern struct cases_detail cases_transfers, cases_drafts, cases_approvals, cases_materials;
/* Appends the rows of d whose key is id to the array whose pointer is at
 * arrp (a struct case_transfer ** for cases_transfers …; *n elements),
 * growing it by doubling; 0, or the store's error when the SELECT does not
 * prepare. */
int cases_details_load(struct store *st, struct cases_detail *d, int64_t id, void *arrp, int *n,
		       struct err *err);
json_t *cases_transfer_json(const struct case_transfer *t);

#endif
