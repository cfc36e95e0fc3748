/*
 * `cdesk export --full` and `cdesk import --full`: every table of the
 * database as JSON lines, so that a restore loses nothing (the cases, the
 * timelines with their hash chain, transfers, drafts, approvals, materials,
 * intake drafts, users, the sequence numbers and the search index).
 *
 * The file (format version 1):
 *   line 1   {"cdesk":"full export","warning":"…identities…","format":1,
 *             "schema_version":4,"application_id":…}
 *   then for each table, by name: {"table":"cases","columns":[…],"rows":N}
 *            and N lines, one JSON array a row, in rowid (or key) order;
 *            an integer, real, text or null as itself, a BLOB as
 *            {"blob":"hex"}, a text that is not UTF-8 as {"text_hex":"hex"}
 *   last     {"end":true,"tables":T,"rows":R,"sha256":"…"}, the SHA-256
 *            of every byte before that line.
 * Nothing in it depends on when or where it was written, so the export of
 * a restored database is byte for byte the file it was restored from.
 */
#include "core/actions.h"
#include "core/caseio.h"
#include "core/cases.h"
#include "core/sha256.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "core/progress.h"
#include "caseio_full.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char caseio_full_warning[] =
	"contains identities: the names, phone numbers, ID numbers and accounts of "
	"complainants and patients, and the staff; keep it as the database is kept "
	"(mode 0600, never by mail)";

/* The tables a full export holds: real and virtual ones by name, not
 * SQLite's own (but its AUTOINCREMENT counters) nor a virtual table's
 * shadow tables, nor the report's kept totals (report_totals, made again
 * by the next report) and close events (report_closes, made again from the
 * events by the import). */
const char caseio_full_tables_sql[] =
	"SELECT name, type = 'virtual' FROM pragma_table_list "
	"WHERE schema = 'main' AND type IN ('table', 'virtual') "
	"AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = 'sqlite_sequence') "
	"AND name NOT IN ('report_totals', 'report_closes') ORDER BY name";

struct writer {
	FILE *out;
	struct sha256 sum;
	long long rows;
	int tables;
};

static int put_line(struct writer *w, json_t *j, struct err *err)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int rc = 0;

	json_decref(j);
	if (!s)
		return err_set(err, ERR_INTERNAL, "export: out of memory");
	sha256_update(&w->sum, s, strlen(s));
	sha256_update(&w->sum, "\n", 1);
	if (fputs(s, w->out) == EOF || fputc('\n', w->out) == EOF)
		rc = err_set(err, ERR_FAIL, "export: cannot write: %s", err_errno_text(errno));
	free(s);
	return rc;
}

static char *hex(const unsigned char *p, int n)
{
	char *s = xmalloc((size_t)n * 2 + 1);

	for (int i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

static json_t *cell(sqlite3_stmt *s, int i)
{
	int n = sqlite3_column_bytes(s, i);
	const char *t;
	json_t *j;
	char *h;

	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(s, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(s, i));
	case SQLITE_NULL:
		return json_null();
	case SQLITE_TEXT:
		t = (const char *)sqlite3_column_text(s, i);
		if ((j = json_stringn(t, (size_t)n)))
			return j;
		h = hex((const unsigned char *)t, n);
		j = json_pack("{s:s}", "text_hex", h);
		free(h);
		return j;
	default:
		h = hex(sqlite3_column_blob(s, i), n);
		j = json_pack("{s:s}", "blob", h);
		free(h);
		return j;
	}
}

char *caseio_full_quoted(const char *name)
{
	struct sbuf b = { 0 };

	sbuf_add(&b, "\"");
	for (const char *p = name; *p; p++)
		sbuf_add(&b, *p == '"' ? "\"\"" : (char[]){ *p, '\0' });
	sbuf_add(&b, "\"");
	return b.s;
}

/* The columns of table (with rowid first for a virtual table, whose rowid
 * is the row's identity: the case id for the search index). */
json_t *caseio_full_columns(sqlite3 *db, const char *table, bool virt)
{
	json_t *a = json_array();
	sqlite3_stmt *s;

	if (virt)
		json_array_append_new(a, json_string("rowid"));
	if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?)", -1, &s, NULL) !=
	    SQLITE_OK)
		return a;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(s, 0)));
	sqlite3_finalize(s);
	return a;
}

char *caseio_full_column_list(json_t *cols)
{
	struct sbuf b = { 0 };
	size_t i;
	json_t *c;

	json_array_foreach(cols, i, c) {
		char *q = caseio_full_quoted(json_string_value(c));
		if (i)
			sbuf_add(&b, ", ");
		sbuf_add(&b, q);
		free(q);
	}
	return b.s ? b.s : xstrdup("");
}

static long long count_rows(sqlite3 *db, const char *qt)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", qt);
	sqlite3_stmt *s;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	free(sql);
	return n;
}

/* The columns of table as the export reads them: each as stored, or as
 * the store reads it (store_export_column: the events' recorded time). */
static char *export_list(const char *table, json_t *cols)
{
	struct sbuf b = { 0 };
	size_t i;
	json_t *c;

	json_array_foreach(cols, i, c) {
		const char *expr = store_export_column(table, json_string_value(c));
		char *q = caseio_full_quoted(json_string_value(c));
		if (i)
			sbuf_add(&b, ", ");
		sbuf_add(&b, expr ? expr : q);
		free(q);
	}
	return b.s ? b.s : xstrdup("");
}

static int export_table(struct store *st, struct writer *w, const char *table, bool virt,
			struct err *err)
{
	sqlite3 *db = store_db(st);
	json_t *cols = caseio_full_columns(db, table, virt);
	char *qt = caseio_full_quoted(table), *list = export_list(table, cols), *sql;
	long long n = count_rows(db, qt), got = 0;
	sqlite3_stmt *s = NULL;
	int rc, ncols = (int)json_array_size(cols);

	/* Rowid order; a WITHOUT ROWID table is read in its key's order. */
	sql = xasprintf("SELECT %s FROM %s ORDER BY rowid", list, qt);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		free(sql);
		sql = xasprintf("SELECT %s FROM %s", list, qt);
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
			s = NULL;
	}
	free(sql);
	free(list);
	free(qt);
	if (!s || n < 0) {
		json_decref(cols);
		sqlite3_finalize(s);
		return store_sql_error(st, "export", err);
	}
	rc = put_line(w, json_pack("{s:s, s:o, s:I}", "table", table, "columns", cols, "rows",
				   (json_int_t)n), err);
	while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *row = json_array();
		for (int i = 0; i < ncols; i++)
			json_array_append_new(row, cell(s, i));
		rc = put_line(w, row, err);
		got++;
		progress_note(table, got, n);
	}
	progress_end(table);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc && !err->code)
		rc = store_sql_error(st, "export", err);
	if (!rc && got != n)
		rc = err_set(err, ERR_INTERNAL, "export: table %s changed while it was read", table);
	w->rows += got;
	w->tables++;
	return rc;
}

int caseio_export_full(struct store *st, FILE *out, struct err *err)
{
	struct writer w = { .out = out };
	unsigned char sum[32];
	sqlite3_stmt *s;
	char *h;
	int rc;

	sha256_init(&w.sum);
	rc = put_line(&w, json_pack("{s:s, s:s, s:i, s:i, s:i}", "cdesk", "full export",
				    "warning", caseio_full_warning, "format", FULL_FORMAT,
				    "schema_version", store_schema_version(st), "application_id",
				    STORE_APPLICATION_ID), err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(store_db(st), caseio_full_tables_sql, -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "export", err);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		char *name = xstrdup((const char *)sqlite3_column_text(s, 0));
		rc = export_table(st, &w, name, sqlite3_column_int(s, 1) != 0, err);
		free(name);
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	sha256_final(&w.sum, sum);
	h = hex(sum, 32);
	rc = put_line(&w, json_pack("{s:b, s:i, s:I, s:s}", "end", 1, "tables", w.tables, "rows",
				    (json_int_t)w.rows, "sha256", h), err);
	free(h);
	return rc;
}
