/* The columns of a case row as one table: what case_from_row reads and what
 * cases_row_insert and cases_record_save write, each column's name, what it
 * holds and where it lives in struct case_record; and, read the same way, the
 * rows of its details (transfers, drafts, approvals, materials). */
#include "core/cases.h"
#include "core/util.h"
#include "cases_db.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum col_type {
	COL_INT64,      /* int64_t */
	COL_INT,        /* int */
	COL_COUNT,      /* int, written as 1 at the least (the group size) */
	COL_BOOL,       /* bool, 0 or 1 */
	COL_FLAGS,      /* unsigned, the enum case_flag bits */
	COL_BUF,        /* char[size] */
	COL_STR,        /* char *, malloc'd; "" and NULL both stored as NULL */
	COL_TIME,       /* struct cdatetime; unset stored as NULL */
	COL_DATE,       /* cdate as YYYY-MM-DD; CDATE_NONE stored as NULL */
	COL_TERM,       /* an int-sized enum stored as its code in vocab */
	COL_CODES,      /* char[size][RULES_CODE_MAX], the count at count_at, as "A,B" */
	COL_STATE,      /* an int-sized enum stored as names[i] (size names); 0 when unknown */
	COL_LEAD,       /* the first of the departments: written, never read back */
};

/* Which statements write a column (none: read only). */
enum {
	W_INTAKE = 1,   /* the new row only */
	W_STATE = 2,    /* the new row and every save */
};

struct case_column {
	const char *name;
	enum col_type type;
	size_t at;                  /* offsetof the field */
	size_t size;                /* COL_BUF: the field's size; COL_CODES: the most codes */
	size_t count_at;            /* COL_CODES: offsetof the count */
	const struct vocab *vocab;  /* COL_TERM */
	const char *const *names;   /* COL_STATE */
	int unknown;                /* COL_TERM: read for NULL or an unknown code; -1 (none)
				     * is also written as NULL */
	unsigned write;             /* W_INTAKE, W_STATE */
	bool when_paused;           /* written as NULL unless the case is paused */
	bool now;                   /* written as the time of the action, not the field */
	const char *read;           /* the expression read, when not c.NAME */
	const char *value;          /* the value written, when not ? */
};

/* A column n of type t in field f of struct s (a detail row's: read only). */
#define IN(s, n, t, f) { .name = n, .type = t, .at = offsetof(struct s, f) }
#define BUF_IN(s, n, f) { .name = n, .type = COL_BUF, .at = offsetof(struct s, f), \
			  .size = sizeof ((struct s *)0)->f }
#define STATE_IN(s, n, f, v) { .name = n, .type = COL_STATE, .at = offsetof(struct s, f), \
			       .names = v, .size = sizeof v / sizeof v[0] }
/* The case row's: a column n of type t in field f of struct case_record,
 * written by w (0: read only). */
#define AT(f) offsetof(struct case_record, f)
#define SIZE(f) sizeof ((struct case_record *)0)->f
#define COL(n, t, f, w) { .name = n, .type = t, .at = AT(f), .write = w }
#define BUF(n, f, w) { .name = n, .type = COL_BUF, .at = AT(f), .size = SIZE(f), .write = w }
/* A term of vocab_v; u read for NULL or an unknown code */
#define TERM(n, f, v, u, w) \
	{ .name = n, .type = COL_TERM, .at = AT(f), .vocab = &vocab_##v, .unknown = u, .write = w }
/* Up to max codes in field f, their count in field count */
#define CODES(n, f, count, max, w) { .name = n, .type = COL_CODES, .at = AT(f), .size = max, \
				     .count_at = AT(count), .write = w }

/* The enums stored through an int: the same size (not -fshort-enums). */
_Static_assert(sizeof (enum channel) == sizeof (int), "enum channel is an int");
_Static_assert(sizeof (enum case_kind) == sizeof (int), "enum case_kind is an int");
_Static_assert(sizeof (enum handling_class) == sizeof (int), "enum handling_class is an int");
_Static_assert(sizeof (enum case_status) == sizeof (int), "enum case_status is an int");
_Static_assert(sizeof (enum transfer_state) == sizeof (int), "enum transfer_state is an int");
_Static_assert(sizeof (enum draft_state) == sizeof (int), "enum draft_state is an int");

/* In the order they are read (cases_columns); the intake fields, then the state. */
static const struct case_column columns[] = {
	COL("id", COL_INT64, id, 0),
	BUF("number", number, W_INTAKE),
	COL("received", COL_TIME, received, W_INTAKE),
	TERM("channel", channel, channel, CHANNEL_VISIT, W_INTAKE),
	TERM("kind", kind, kind, KIND_COMPLAINT, W_INTAKE),
	COL("name", COL_STR, name, W_INTAKE),
	COL("phone", COL_STR, phone, W_INTAKE),
	COL("relation", COL_STR, relation, W_INTAKE),
	COL("address", COL_STR, address, W_INTAKE),
	COL("id_number", COL_STR, id_number, W_INTAKE),
	COL("anonymous", COL_BOOL, anonymous, W_INTAKE),
	COL("group_size", COL_COUNT, group_size, W_INTAKE),
	COL("representatives", COL_STR, representatives, W_INTAKE),
	COL("patient_name", COL_STR, patient_name, W_INTAKE),
	COL("patient_record", COL_STR, patient_record, W_INTAKE),
	COL("visit_date", COL_DATE, visit_date, W_INTAKE),
	COL("unit", COL_STR, unit, W_INTAKE),
	COL("staff", COL_STR, staff, W_INTAKE),
	COL("account", COL_STR, text, W_INTAKE),
	COL("demand", COL_STR, demand, W_INTAKE),
	COL("claim_fen", COL_INT64, claim_fen, W_INTAKE),
	COL("suggestion", COL_STR, suggestion, W_INTAKE),
	COL("override", COL_STR, override, W_INTAKE),
	BUF("override_by", override_by, W_INTAKE),
	BUF("receiver", receiver, W_INTAKE),
	COL("paid_fen", COL_INT64, paid_fen, W_STATE),
	CODES("categories", categories, ncategories, RULES_MAX_CATEGORIES, W_STATE),
	COL("dept", COL_LEAD, depts, W_STATE),
	CODES("depts", depts, ndepts, RULES_MAX_DEPTS, W_STATE),
	TERM("class", hclass, class, CLASS_GENERAL, W_STATE),
	COL("flags", COL_FLAGS, flags, W_STATE),
	COL("escalated", COL_BOOL, escalated, W_STATE),
	TERM("status", status, status, STATUS_REGISTERED, W_STATE),
	COL("round", COL_INT, round, W_STATE),
	COL("round_at", COL_TIME, round_at, W_STATE),
	COL("round_paused", COL_INT, round_paused, W_STATE),
	COL("due", COL_TIME, due, W_STATE),
	COL("due_met", COL_TIME, due_met, W_STATE),
	COL("reply_text", COL_STR, reply_text, W_STATE),
	TERM("reply_method", reply_method, reply_method, -1, W_STATE),
	COL("replied_at", COL_TIME, replied_at, W_STATE),
	TERM("satisfaction", satisfaction, satisfaction, -1, W_STATE),
	COL("callback_at", COL_TIME, callback_at, W_STATE),
	COL("callback_note", COL_STR, callback_note, W_STATE),
	TERM("finding", finding, finding, -1, W_STATE),
	COL("close_note", COL_STR, close_note, W_STATE),
	COL("close_unreasonable", COL_BOOL, close_unreasonable, W_STATE),
	COL("closed_at", COL_TIME, closed_at, W_STATE),
	TERM("reject_reason", reject_reason, reject_reason, -1, W_STATE),
	COL("reject_note", COL_STR, reject_note, W_STATE),
	/* stored as the id of the case, held as its number */
	{ .name = "merged_into", .type = COL_BUF, .at = AT(merged_into), .size = SIZE(merged_into),
	  .write = W_STATE,
	  .read = "(SELECT m.number FROM cases m WHERE m.id = c.merged_into)",
	  .value = "(SELECT id FROM cases WHERE number = ?)" },
	{ .name = "paused_from", .type = COL_TERM, .at = AT(paused_from), .vocab = &vocab_status,
	  .unknown = STATUS_REGISTERED, .write = W_STATE, .when_paused = true },
	COL("paused_at", COL_TIME, paused_at, W_STATE),
	COL("pause_reason", COL_STR, pause_reason, W_STATE),
	COL("paused_days", COL_INT, paused_days, W_STATE),
	COL("in_review", COL_BOOL, in_review, W_STATE),
	COL("review_at", COL_TIME, review_at, W_STATE),
	COL("review_reason", COL_STR, review_reason, W_STATE),
	COL("version", COL_INT64, version, 0),
	{ .name = "updated", .type = COL_TIME, .at = AT(updated), .write = W_STATE, .now = true },
};

/* ---- the statements ---- */

#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* The text of the three statements, made from the table on first use and
 * kept for the life of the process. */
static struct sbuf select_list, insert_sql, update_sql;
static int nread;

static void columns_sql(void)
{
	struct sbuf vals = { 0 }, uvals = { 0 };

	if (select_list.len)
		return;
	sbuf_add(&insert_sql, "INSERT INTO cases (year, seq");
	sbuf_add(&vals, ") VALUES (?, ?");
	for (size_t i = 0; i < NCOLUMNS; i++) {
		const struct case_column *c = &columns[i];
		const char *v = c->value ? c->value : "?";
		if (c->type != COL_LEAD) {
			sbuf_addf(&select_list, "%s%s%s", nread ? ", " : "", c->read ? "" : "c.",
				  c->read ? c->read : c->name);
			nread++;
		}
		if (c->write) {
			sbuf_addf(&insert_sql, ", %s", c->name);
			sbuf_addf(&vals, ", %s", v);
		}
		if (c->write & W_STATE) {
			sbuf_addf(&update_sql, "%s%s", update_sql.len ? ", " : "UPDATE cases SET (",
				  c->name);
			sbuf_addf(&uvals, "%s%s", uvals.len ? ", " : ") = (", v);
		}
	}
	sbuf_addf(&insert_sql, "%s)", vals.s);
	sbuf_addf(&update_sql, "%s), version = version + 1 WHERE id = ?", uvals.s);
	sbuf_free(&vals);
	sbuf_free(&uvals);
}

const char *cases_columns(void)
{
	columns_sql();
	return select_list.s;
}

int cases_ncolumns(void)
{
	columns_sql();
	return nread;
}

const char *cases_insert_sql(void)
{
	columns_sql();
	return insert_sql.s;
}

const char *cases_update_sql(void)
{
	columns_sql();
	return update_sql.s;
}

/* ---- reading ---- */

/* Splits "A,B,C" into up to max codes. */
static int split_codes(const char *list, char (*out)[RULES_CODE_MAX], int max)
{
	int n = 0;
	const char *p = list;

	while (p && *p && n < max) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0 && len < RULES_CODE_MAX) {
			memcpy(out[n], p, len);
			out[n++][len] = '\0';
		}
		p = e ? e + 1 : NULL;
	}
	return n;
}

static void column_read(sqlite3_stmt *s, int i, const struct case_column *c, char *f)
{
	const char *v = NULL;
	int64_t n64;
	int n;
	struct cdatetime t;
	struct err e;

	if (c->type >= COL_BUF)
		v = (const char *)sqlite3_column_text(s, i);
	switch (c->type) {
	case COL_INT64:
		n64 = sqlite3_column_int64(s, i);
		memcpy(f, &n64, sizeof n64);
		break;
	case COL_INT:
	case COL_COUNT:
		n = sqlite3_column_int(s, i);
		memcpy(f, &n, sizeof n);
		break;
	case COL_BOOL:
		*(bool *)(void *)f = sqlite3_column_int(s, i) != 0;
		break;
	case COL_FLAGS:
		*(unsigned *)(void *)f = (unsigned)sqlite3_column_int(s, i);
		break;
	case COL_BUF:
		snprintf(f, c->size, "%s", v ? v : "");
		break;
	case COL_STR:
		*(char **)(void *)f = v && *v ? xstrdup(v) : NULL;
		break;
	case COL_TIME:
		if (!v || !store_parse_time(v, &t))
			t = cases_no_time();
		memcpy(f, &t, sizeof t);
		break;
	case COL_DATE:
		if (!v || date_parse(v, (cdate *)(void *)f, &e))
			*(cdate *)(void *)f = CDATE_NONE;
		break;
	case COL_TERM:
		n = v ? vocab_parse(c->vocab, v) : -1;
		n = n < 0 ? c->unknown : n;
		memcpy(f, &n, sizeof n);
		break;
	case COL_CODES:
		n = split_codes(v, (char (*)[RULES_CODE_MAX])(void *)f, (int)c->size);
		memcpy(f - c->at + c->count_at, &n, sizeof n);
		break;
	case COL_STATE:
		n = 0;
		for (int k = 0; v && k < (int)c->size; k++)
			if (strcmp(c->names[k], v) == 0) {
				n = k;
				break;
			}
		memcpy(f, &n, sizeof n);
		break;
	case COL_LEAD:
		break;
	}
}

void case_from_row(sqlite3_stmt *s, struct case_record *r)
{
	int i = 0;

	memset(r, 0, sizeof *r);
	for (size_t k = 0; k < NCOLUMNS; k++)
		if (columns[k].type != COL_LEAD)
			column_read(s, i++, &columns[k], (char *)r + columns[k].at);
}

/* ---- writing ---- */

static void column_bind(sqlite3_stmt *s, int i, const struct case_column *c,
			const struct case_record *r, struct cdatetime now)
{
	const char *f = (const char *)r + c->at;
	char buf[RULES_MAX_DEPTS * RULES_CODE_MAX + RULES_MAX_CATEGORIES * RULES_CODE_MAX];
	int64_t n64;
	int n;

	switch (c->type) {
	case COL_INT64:
		memcpy(&n64, f, sizeof n64);
		sqlite3_bind_int64(s, i, n64);
		break;
	case COL_INT:
	case COL_COUNT:
		memcpy(&n, f, sizeof n);
		sqlite3_bind_int(s, i, c->type == COL_COUNT && n < 1 ? 1 : n);
		break;
	case COL_BOOL:
		sqlite3_bind_int(s, i, *(const bool *)(const void *)f);
		break;
	case COL_FLAGS:
		sqlite3_bind_int(s, i, (int)*(const unsigned *)(const void *)f);
		break;
	case COL_BUF:
		cases_bind_text(s, i, f);
		break;
	case COL_STR:
		cases_bind_text(s, i, *(char *const *)(const void *)f);
		break;
	case COL_TIME:
		cases_bind_time(s, i, c->now ? now : *(const struct cdatetime *)(const void *)f);
		break;
	case COL_DATE:
		n = *(const cdate *)(const void *)f;
		cases_bind_text(s, i, n != CDATE_NONE ? date_format(n, buf) : NULL);
		break;
	case COL_TERM:
		memcpy(&n, f, sizeof n);
		if ((n < 0 && c->unknown < 0) || (c->when_paused && r->status != STATUS_PAUSED))
			sqlite3_bind_null(s, i);
		else
			sqlite3_bind_text(s, i, vocab_code(c->vocab, n), -1, SQLITE_STATIC);
		break;
	case COL_CODES:
		memcpy(&n, f - c->at + c->count_at, sizeof n);
		cases_join_codes((char (*)[RULES_CODE_MAX])(void *)(char *)f, n, buf, sizeof buf);
		sqlite3_bind_text(s, i, buf, -1, SQLITE_TRANSIENT);
		break;
	case COL_LEAD:
		sqlite3_bind_text(s, i, r->ndepts ? r->depts[0] : "", -1, SQLITE_TRANSIENT);
		break;
	case COL_STATE:     /* in the detail rows only, written by their actions */
		break;
	}
}

int cases_bind_columns(sqlite3_stmt *s, int i, const struct case_record *r, bool all,
		       struct cdatetime now)
{
	for (size_t k = 0; k < NCOLUMNS; k++)
		if (columns[k].write & (all ? W_INTAKE | W_STATE : W_STATE))
			column_bind(s, i++, &columns[k], r, now);
	return i;
}

/* ---- the details ---- */

const char *const cases_transfer_states[] = { "open", "answered", "returned", "cancelled" };
const char *const cases_draft_states[] = { "pending", "approved", "refused", "superseded" };

static const struct case_column transfer_columns[] = {
	IN(case_transfer, "id", COL_INT64, id),
	IN(case_transfer, "round", COL_INT, round),
	BUF_IN(case_transfer, "dept", dept),
	IN(case_transfer, "lead", COL_BOOL, lead),
	STATE_IN(case_transfer, "state", state, cases_transfer_states),
	IN(case_transfer, "at", COL_TIME, at),
	IN(case_transfer, "due", COL_TIME, due),
	IN(case_transfer, "done_at", COL_TIME, done_at),
	BUF_IN(case_transfer, "by", by),
	BUF_IN(case_transfer, "done_by", done_by),
	IN(case_transfer, "feedback", COL_STR, feedback),
	IN(case_transfer, "reason", COL_STR, reason),
	IN(case_transfer, "paused_days", COL_INT, paused_days),
};

static const struct case_column draft_columns[] = {
	IN(case_draft, "id", COL_INT64, id),
	IN(case_draft, "round", COL_INT, round),
	IN(case_draft, "version", COL_INT, version),
	BUF_IN(case_draft, "author", author),
	IN(case_draft, "at", COL_TIME, at),
	STATE_IN(case_draft, "state", state, cases_draft_states),
	IN(case_draft, "text", COL_STR, text),
};

static const struct case_column approval_columns[] = {
	IN(case_approval, "step", COL_INT, step),
	BUF_IN(case_approval, "role", role),
	BUF_IN(case_approval, "actor", actor),
	IN(case_approval, "approved", COL_BOOL, approved),
	IN(case_approval, "at", COL_TIME, at),
	IN(case_approval, "note", COL_STR, note),
};

static const struct case_column material_columns[] = {
	IN(case_material, "id", COL_INT64, id),
	IN(case_material, "description", COL_STR, description),
	IN(case_material, "path", COL_STR, path),
	BUF_IN(case_material, "added_by", added_by),
	IN(case_material, "at", COL_TIME, at),
};

/* A detail table: its rows of one case (or draft) in order, each read into
 * an element of size bytes; the SELECT made on first use. */
struct cases_detail {
	const char *table, *key, *order;
	size_t size;
	int first_cap;
	const struct case_column *columns;
	size_t ncolumns;
	struct sbuf sql;
};

#define DETAIL(t, k, o, type, cap, cols) \
	{ t, k, o, sizeof (struct type), cap, cols, sizeof cols / sizeof cols[0], { 0 } }
struct cases_detail cases_transfers =
	DETAIL("transfers", "case_id", "id", case_transfer, 8, transfer_columns);
struct cases_detail cases_drafts =
	DETAIL("drafts", "case_id", "version", case_draft, 4, draft_columns);
struct cases_detail cases_approvals =
	DETAIL("approvals", "draft_id", "id", case_approval, 4, approval_columns);
struct cases_detail cases_materials =
	DETAIL("materials", "case_id", "id", case_material, 4, material_columns);

int cases_details_load(struct store *st, struct cases_detail *d, int64_t id, void *arrp, int *n,
		       struct err *err)
{
	sqlite3_stmt *s;
	char *arr;
	int rc, cap = 0;

	if (!d->sql.len) {
		for (size_t k = 0; k < d->ncolumns; k++)
			sbuf_addf(&d->sql, "%s%s", k ? ", " : "SELECT ", d->columns[k].name);
		sbuf_addf(&d->sql, " FROM %s WHERE %s = ? ORDER BY %s", d->table, d->key, d->order);
	}
	/* Kept prepared (store_stmt): a demo or an import loads cases by the thousand. */
	if ((rc = store_stmt(st, d->sql.s, &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	memcpy(&arr, arrp, sizeof arr);
	while (sqlite3_step(s) == SQLITE_ROW) {
		char *e;
		if (*n == cap) {
			cap = cap ? 2 * cap : d->first_cap;
			arr = xrealloc(arr, (size_t)cap * d->size);
		}
		e = arr + (size_t)(*n)++ * d->size;
		memset(e, 0, d->size);
		for (size_t k = 0; k < d->ncolumns; k++)
			column_read(s, (int)k, &d->columns[k], e + d->columns[k].at);
	}
	memcpy(arrp, &arr, sizeof arr);
	sqlite3_reset(s);
	return 0;
}
