/* Private to the CSV import and export (caseio*.c): the columns, a CSV row's
 * values read with their checks, the importer's state. */
#ifndef CDESK_CORE_CASEIO_PRIV_H
#define CDESK_CORE_CASEIO_PRIV_H

#include "core/caseio.h"
#include "core/csv.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum col {
	C_NUMBER, C_RECEIVED, C_CHANNEL, C_KIND, C_NAME, C_PHONE, C_RELATION, C_ADDRESS,
	C_ID_NUMBER, C_ANONYMOUS, C_GROUP_SIZE, C_REPRESENTATIVES, C_PATIENT_NAME,
	C_PATIENT_RECORD, C_VISIT_DATE, C_UNIT, C_STAFF, C_ACCOUNT, C_DEMAND, C_CLAIM, C_CLASS,
	C_DEPTS, C_CATEGORIES, C_FLAGS, C_MATERIALS,
	/* state, as exported */
	C_RECEIVER, C_STATUS, C_ROUND, C_ROUND_AT, C_ROUND_PAUSED, C_DUE, C_DUE_MET, C_ESCALATED,
	C_REPLY_METHOD, C_REPLIED_AT, C_REPLY_TEXT, C_SATISFACTION, C_CALLBACK_AT,
	C_CALLBACK_NOTE, C_FINDING, C_PAID, C_CLOSE_NOTE, C_CLOSE_UNREASONABLE, C_CLOSED_AT,
	C_REJECT_REASON, C_REJECT_NOTE, C_MERGED_INTO, C_PAUSED_FROM, C_PAUSED_AT, C_PAUSE_REASON,
	C_PAUSED_DAYS, C_IN_REVIEW, C_REVIEW_AT, C_REVIEW_REASON,
	C__COUNT
};

struct caseio_column {
	const char *name, *zh;
	bool intake;                /* an intake column (new complaints take only these) */
};

/* Indexed by enum col; names in English and Chinese, as a header may give them. */
extern const struct caseio_column caseio_columns[C__COUNT];

/* One CSV row being read: each problem found goes to on_error and counts in bad. */
struct row {
	const struct csv_reader *rd;
	const struct csv_record *rec;
	const int *map;             /* column id → field index, -1 absent */
	void (*on_error)(const char *, void *);
	void *arg;
	int bad;                    /* problems found in this row */
};

/* The row's text in column c, "" when the file has no such column. */
const char *caseio_field(const struct row *w, int c);
/* Reports a problem of the row, "line N, field 'F': …" (or "line N: …" when c
 * is -1 or the file has no column c), and counts it. */
void caseio_error(struct row *w, int c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An optional text field: NULL when empty; checked for control characters
 * and size so the message names the column. */
const char *caseio_text(struct row *w, int c, size_t max, bool multiline);
/* Yes or no (1/0, yes/no, 是/否); empty is no. */
bool caseio_bool(struct row *w, int c);
/* A whole number from min to max; dflt when empty or wrong. */
int caseio_int(struct row *w, int c, int min, int max, int dflt);
/* Yuan as money_parse reads them into fen; 0 when empty. */
int64_t caseio_money(struct row *w, int c);
/* A date and time; day CDATE_NONE when empty (a problem when required) or wrong. */
struct cdatetime caseio_time(struct row *w, int c, bool required);
/* A code of a vocabulary through parse; -1 when empty (a problem when
 * required) or unknown. codes lists them for the message. */
int caseio_vocab(struct row *w, int c, int (*parse)(const char *), const char *codes,
		 bool required);
/* Splits "A;B" (also ',' '、' '；') into at most max trimmed parts in out,
 * pointing into a copy kept in *store (freed by the caller); -1 when there
 * are more than max. */
int caseio_split(const char *v, const char **out, int max, char **store);
/* A column of codes of rules.ini (departments, categories): where it is, how many it
 * takes, its words for one and for many, and the code of a code or name (NULL when
 * rules.ini has none such). */
struct caseio_codes {
	int col;
	int max;
	const char *one, *many;
	const char *(*code_of)(const struct ruleset *rs, const char *code_or_name);
};
extern const struct caseio_codes caseio_depts, caseio_categories;
/* The flags named in column c ("safety;claim"). */
unsigned caseio_flags(struct row *w, int c);

/* Prepares sql; a failure is the store's "database" error. */
int caseio_prep(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err);

struct importer {
	const struct case_ctx *ctx;
	struct csv_reader *rd;
	int map[C__COUNT];
	bool restore;
	struct caseio_result *res;
	void (*on_error)(const char *, void *);
	void *arg;
	/* restore: merges resolved after every row is in */
	struct pending_merge { int64_t id; char into[32]; long line; int field; } *merges;
	int nmerges, capmerges;
};

/* Keeps number as the first (if none yet) and the last case written. */
void caseio_note_number(struct importer *im, const char *number);

/* One data row of a file of new complaints (caseio_import.c), or of a full
 * export restored (caseio_restore.c): problems of the row go to
 * caseio_error and return 0; a failure of the database returns its code. */
int caseio_import_intake(struct importer *im, struct row *w, struct err *err);
int caseio_import_restore(struct importer *im, struct row *w, struct err *err);
/* Points each restored merged case at the case it names, once every row is in. */
int caseio_resolve_merges(struct importer *im, struct err *err);

#endif
