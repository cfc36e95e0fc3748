/*
 * `cdesk import --full FILE`: a full export (caseio_full.c describes the
 * file) back into an empty database, in one transaction: every table as it
 * was, checked line by line, against the file's own SHA-256 and counts,
 * and then as `cdesk check` checks a database. Anything wrong and nothing
 * is kept.
 */
#include "core/actions.h"
#include "core/i18n.h"
#include "core/caseio.h"
#include "core/cases.h"
#include "core/sha256.h"
#include "core/store.h"
#include "core/util.h"
#include "core/progress.h"
#include "caseio_full.h"
#include "report_closes.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

struct reader {
	FILE *in;
	const char *name;
	char *line;
	size_t cap, len;            /* the line's buffer, the line's length */
	long lineno;
	struct sha256 sum;
};

/* The next line as JSON (NULL at the end of the file or on a bad line,
 * err set for the latter). */
static json_t *next_line(struct reader *r, bool hash, struct err *err)
{
	ssize_t n = getline(&r->line, &r->cap, r->in);
	json_error_t je;
	json_t *j;

	if (n < 0) {
		if (ferror(r->in))
			err_set(err, ERR_FAIL, "%s: cannot read: %s", r->name, err_errno_text(errno));
		return NULL;
	}
	r->lineno++;
	r->len = (size_t)n;
	if (hash)
		sha256_update(&r->sum, r->line, (size_t)n);
	/* JSON_ALLOW_NUL: a text is restored as it was stored, whatever it holds. */
	j = json_loadb(r->line, (size_t)n, JSON_ALLOW_NUL, &je);
	if (!j)
		err_set(err, ERR_DATA, "%s:%ld: not a line of a full export (%s)", r->name,
			r->lineno, je.text);
	return j;
}

static int bad(struct reader *r, const char *what, struct err *err)
{
	/* what is a msgid (N_() at the callers) */
	return err_set(err, ERR_DATA, "%s:%ld: %s", r->name, r->lineno, R_(what));
}

static int unhex(const char *h, unsigned char **out, size_t *n)
{
	size_t len = strlen(h);

	if (len % 2)
		return -1;
	*out = xmalloc(len / 2 + 1);
	for (size_t i = 0; i < len / 2; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return free(*out), -1;
		(*out)[i] = (unsigned char)v;
	}
	*n = len / 2;
	return 0;
}

static int bind_cell(sqlite3_stmt *s, int i, json_t *v)
{
	unsigned char *b;
	const char *h;
	size_t n;

	switch (json_typeof(v)) {
	case JSON_INTEGER:
		return sqlite3_bind_int64(s, i, json_integer_value(v));
	case JSON_REAL:
		return sqlite3_bind_double(s, i, json_real_value(v));
	case JSON_STRING:
		return sqlite3_bind_text(s, i, json_string_value(v), (int)json_string_length(v),
					 SQLITE_TRANSIENT);
	case JSON_NULL:
		return sqlite3_bind_null(s, i);
	case JSON_OBJECT:
		if ((h = json_string_value(json_object_get(v, "blob"))) && unhex(h, &b, &n) == 0)
			return sqlite3_bind_blob(s, i, b, (int)n, free);
		if ((h = json_string_value(json_object_get(v, "text_hex"))) &&
		    unhex(h, &b, &n) == 0)
			return sqlite3_bind_text(s, i, (char *)b, (int)n, free);
		return SQLITE_MISMATCH;
	default:
		return SQLITE_MISMATCH;
	}
}

/* A row SQLite refused: the file's fault (a key twice, a value its column
 * does not take) is ERR_DATA naming the line; the rest is the store's. */
static int step_error(struct store *st, struct reader *r, const char *table, struct err *err)
{
	int code = sqlite3_errcode(store_db(st)) & 0xff;

	if (code == SQLITE_CONSTRAINT || code == SQLITE_MISMATCH || code == SQLITE_TOOBIG)
		return err_set(err, ERR_DATA, "%s:%ld: table %s: %s", r->name, r->lineno, table,
			       err_sqlite_db(store_db(st)));
	store_sql_error(st, "import", err);
	return err_prefix(err, "%s:%ld: table %s: ", r->name, r->lineno, table);
}

/* One table: its header line (already read) and its rows. */
static int import_table(struct store *st, struct reader *r, json_t *head, long long *rows,
			struct err *err)
{
	const char *table = json_string_value(json_object_get(head, "table"));
	json_t *cols = json_object_get(head, "columns"), *want;
	json_int_t n = json_integer_value(json_object_get(head, "rows"));
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	char *qt, *list, *sql, *marks;
	size_t ncols = json_array_size(cols);
	int rc = 0;
	const char *first = json_string_value(json_array_get(cols, 0));
	bool virt = first && strcmp(first, "rowid") == 0;

	if (!table || !json_is_array(cols) || !json_is_integer(json_object_get(head, "rows")) ||
	    n < 0)
		return bad(r, N_("expected a table's header ({\"table\": …, \"columns\": […], "
			   "\"rows\": N})"), err);
	want = caseio_full_columns(db, table, virt);
	if (!json_equal(want, cols)) {
		json_decref(want);
		return err_set(err, ERR_DATA, "%s:%ld: table %s: its columns are not those of this "
			       "database's schema", r->name, r->lineno, table);
	}
	json_decref(want);
	qt = caseio_full_quoted(table);
	list = caseio_full_column_list(cols);
	marks = xmalloc(ncols * 2 + 1);
	for (size_t i = 0; i < ncols; i++)
		memcpy(marks + 2 * i, ",?", 2);
	marks[ncols * 2] = '\0';
	sql = xasprintf("INSERT INTO %s (%s) VALUES (%s)", qt, list, marks + (ncols ? 1 : 0));
	free(marks);
	free(list);
	free(qt);
	rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return store_sql_error(st, "import", err);
	for (json_int_t k = 0; !rc && k < n; k++) {
		json_t *row = next_line(r, true, err);
		progress_note(table, k + 1, n);
		if (!row) {
			rc = err->code ? err->code : bad(r, N_("the file ends inside a table"), err);
			break;
		}
		if (!json_is_array(row) || json_array_size(row) != ncols) {
			rc = bad(r, N_("a row does not have its table's columns"), err);
		} else {
			sqlite3_reset(s);
			for (size_t i = 0; !rc && i < ncols; i++)
				if (bind_cell(s, (int)i + 1, json_array_get(row, i)) != SQLITE_OK)
					rc = bad(r, N_("a value is neither a number, a text, null nor "
						 "a {\"blob\": hex}"), err);
			if (!rc && sqlite3_step(s) != SQLITE_DONE)
				rc = step_error(st, r, table, err);
		}
		json_decref(row);
	}
	progress_end(table);
	sqlite3_finalize(s);
	*rows += n;
	return rc;
}

/* The target holds no case: only what `cdesk init` made. */
static int check_empty(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	long long n = -1;

	if (sqlite3_prepare_v2(store_db(st), "SELECT (SELECT count(*) FROM cases) + "
			       "(SELECT count(*) FROM events WHERE case_id IS NOT NULL)", -1, &s,
			       NULL) != SQLITE_OK)
		return store_sql_error(st, "import", err);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (n != 0)
		return err_set(err, ERR_CONFLICT, "%s already holds cases; import --full restores "
			       "into an empty database only (give --db a new file, or one just "
			       "made by 'cdesk init')", store_path(st));
	return 0;
}

struct saved { char **sql; int n; };

/* Drops every trigger, keeping its CREATE statement: the rows come in as
 * they were, the search index with them, and the triggers that keep the
 * event log append-only would refuse the removal of init's event. */
static int drop_triggers(struct store *st, struct saved *t, struct err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT name, sql FROM sqlite_master WHERE type = "
			       "'trigger' ORDER BY rowid", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "import", err);
	while (sqlite3_step(s) == SQLITE_ROW) {
		t->sql = xrealloc(t->sql, (size_t)(t->n + 2) * sizeof *t->sql);
		t->sql[t->n++] = xstrdup((const char *)sqlite3_column_text(s, 1));
		t->sql[t->n++] = caseio_full_quoted((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	for (int i = 1; !rc && i < t->n; i += 2) {
		char *sql = xasprintf("DROP TRIGGER %s", t->sql[i]);
		rc = store_exec(st, sql, err);
		free(sql);
	}
	return rc;
}

static int restore_triggers(struct store *st, struct saved *t, struct err *err)
{
	int rc = 0;

	for (int i = 0; !rc && i < t->n; i += 2)
		rc = store_exec(st, t->sql[i], err);
	return rc;
}

/* Empties every table a full export holds (init's rows). */
static int clear_tables(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), caseio_full_tables_sql, -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "import", err);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		char *q = caseio_full_quoted((const char *)sqlite3_column_text(s, 0));
		char *sql = xasprintf("DELETE FROM %s", q);
		rc = store_exec(st, sql, err);
		free(sql);
		free(q);
	}
	sqlite3_finalize(s);
	/* the report's kept totals (schema 11) and close events (schema 16)
	 * are not in the file: the target's own would describe cases it no
	 * longer holds; the close events are made again from the events */
	if (!rc)
		rc = store_exec(st, "DELETE FROM report_totals; DELETE FROM report_closes", err);
	return rc;
}

static int check_header(struct store *st, struct reader *r, json_t *h, struct err *err)
{
	json_int_t v = json_integer_value(json_object_get(h, "schema_version"));
	const char *what = json_string_value(json_object_get(h, "cdesk"));

	if (!what || strcmp(what, "full export") != 0)
		return err_set(err, ERR_DATA, "%s is not a full export of cdesk (its first line "
			       "is not {\"cdesk\": \"full export\", …}); make one with 'cdesk "
			       "export --full'", r->name);
	if (json_integer_value(json_object_get(h, "format")) != FULL_FORMAT)
		return err_set(err, ERR_DATA, "%s: format %lld is not %d, the one this cdesk reads",
			       r->name, (long long)json_integer_value(json_object_get(h, "format")),
			       FULL_FORMAT);
	if (v != store_schema_version(st))
		return err_set(err, ERR_DATA, "%s holds a database of schema version %lld, this "
			       "one is at %d: restore it with the cdesk of that version, which "
			       "upgrades it when it opens it", r->name, (long long)v,
			       store_schema_version(st));
	return 0;
}

static int check_end(struct reader *r, json_t *end, int tables, long long rows,
		     struct err *err)
{
	unsigned char sum[32];
	char hex[65];
	const char *want = json_string_value(json_object_get(end, "sha256"));
	json_t *extra;

	sha256_final(&r->sum, sum);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	if (json_integer_value(json_object_get(end, "tables")) != tables ||
	    json_integer_value(json_object_get(end, "rows")) != rows)
		return bad(r, N_("the counts of the last line do not match the file"), err);
	if (!want || strcmp(want, hex) != 0)
		return bad(r, N_("the file's SHA-256 does not match its last line: it was changed "
			   "or damaged after it was written"), err);
	if ((extra = next_line(r, false, err)) || err->code) {
		json_decref(extra);
		return err->code ? err->code : bad(r, N_("lines after the end of the export"), err);
	}
	return 0;
}

static int import_body(const struct case_ctx *ctx, struct reader *r, struct caseio_result *res,
		       struct err *err)
{
	long long rows = 0;
	int tables = 0, rc = 0;
	json_t *j;

	for (;;) {
		if (!(j = next_line(r, false, err))) {
			if (!err->code)
				bad(r, N_("the file ends before its last line ({\"end\": true, …}): "
				    "it is truncated"), err);
			return err->code;
		}
		if (json_is_true(json_object_get(j, "end")))
			break;
		sha256_update(&r->sum, r->line, r->len);
		rc = import_table(ctx->st, r, j, &rows, err);
		json_decref(j);
		if (rc)
			return rc;
		tables++;
	}
	rc = check_end(r, j, tables, rows, err);
	json_decref(j);
	res->rows = (int)rows;
	if (!rc) {
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(store_db(ctx->st), "SELECT count(*) FROM cases", -1, &s,
				       NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
			res->imported = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return rc;
}

int caseio_import_full(const struct case_ctx *ctx, FILE *in, const char *name,
		       struct caseio_result *res, struct err *err)
{
	struct reader r = { .in = in, .name = name };
	struct saved trig = { 0 };
	json_t *h;
	int rc;

	memset(res, 0, sizeof *res);
	sha256_init(&r.sum);
	if ((rc = cases_permit(ctx, CA_IMPORT, NULL, err)))
		return rc;
	if (!(h = next_line(&r, true, err))) {
		free(r.line);
		return err->code ? err->code : err_set(err, ERR_DATA, "%s is empty", name);
	}
	rc = check_header(ctx->st, &r, h, err);
	json_decref(h);
	/* One big transaction: its pages stay in memory (as a bulk import's). */
	sqlite3_exec(store_db(ctx->st), "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY",
		     NULL, NULL, NULL);
	if (rc || (rc = store_begin(ctx->st, err))) {
		free(r.line);
		return rc;
	}
	if (!(rc = check_empty(ctx->st, err)) &&
	    !(rc = store_exec(ctx->st, "PRAGMA defer_foreign_keys = ON", err)) &&
	    !(rc = drop_triggers(ctx->st, &trig, err)) && !(rc = clear_tables(ctx->st, err)) &&
	    !(rc = import_body(ctx, &r, res, err)) &&
	    !(rc = store_events_compact(ctx->st, err)) &&
	    !(rc = store_exec(ctx->st, REPORT_CLOSES_FILL, err)) &&
	    !(rc = restore_triggers(ctx->st, &trig, err)))
		rc = store_check(ctx->st, NULL, err);
	if (!rc)
		rc = store_commit(ctx->st, err);
	else
		store_rollback(ctx->st);
	for (int i = 0; i < trig.n; i++)
		free(trig.sql[i]);
	free(trig.sql);
	free(r.line);
	if (!rc)
		res->restored = true;
	return rc;
}
