/* Issued reports: kept as issued in the database, and the corrections since (issue 11). */
#include "core/report_issue.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char create_sql[] =
	"CREATE TABLE IF NOT EXISTS report_issues (\n"
	"  period TEXT PRIMARY KEY,          -- 2026Q3, 2026-08\n"
	"  issued_at TEXT NOT NULL,\n"
	"  issued_by TEXT NOT NULL,\n"
	"  text TEXT NOT NULL, csv TEXT NOT NULL, json TEXT NOT NULL\n"
	")";

static int sql_err(sqlite3 *db, const char *what, struct err *err)
{
	return err_set(err, ERR_INTERNAL, "%s: %s", what, err_sqlite_db(db));
}

int report_issue_save(sqlite3 *db, const char *period, const char *by, const char *at,
		      const char *text, const char *csv, const char *json, struct err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return sql_err(db, "issuing the report", err);
	if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO report_issues (period, issued_at, issued_by, text, "
			       "csv, json) VALUES (?, ?, ?, ?, ?, ?)", -1, &q, NULL) != SQLITE_OK) {
		rc = sql_err(db, "issuing the report", err);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	sqlite3_bind_text(q, 1, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, csv, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, json, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return err_set(err, ERR_CONFLICT, "the report of %s was issued already; it is kept "
			       "as issued, and later changes print as corrections", period);
	}
	if (rc != SQLITE_DONE || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = sql_err(db, "issuing the report", err);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return 0;
}

static char *dup_col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);

	return xstrdup(s ? s : "");
}

int report_issue_load(sqlite3 *db, const char *period, struct report_issued *out,
		      struct err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	rc = sqlite3_prepare_v2(db, "SELECT issued_at, issued_by, text, csv, json FROM "
				"report_issues WHERE period = ?", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		/* never issued anything: the table is made by the first issue */
		if (strstr(sqlite3_errmsg(db), "no such table"))
			return err_set(err, ERR_NOTFOUND, "%s was never issued", period);
		return sql_err(db, "reading the issued report", err);
	}
	sqlite3_bind_text(q, 1, period, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(out->period, sizeof out->period, "%s", period);
		snprintf(out->issued_at, sizeof out->issued_at, "%s",
			 (const char *)sqlite3_column_text(q, 0));
		snprintf(out->issued_by, sizeof out->issued_by, "%s",
			 (const char *)sqlite3_column_text(q, 1));
		out->text = dup_col(q, 2);
		out->csv = dup_col(q, 3);
		out->json = dup_col(q, 4);
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(err, ERR_NOTFOUND, "%s was never issued", period);
	return sql_err(db, "reading the issued report", err);
}

void report_issued_free(struct report_issued *r)
{
	free(r->text);
	free(r->csv);
	free(r->json);
	memset(r, 0, sizeof *r);
}

/* The CSV's lines, CR and the byte-order mark stripped; the report's own
 * as_of and generated rows left out (they say when, not what). */
static int split_rows(const char *csv, char ***out)
{
	char *copy = xstrdup(csv), *save = NULL, *line;
	char **v = NULL;
	int n = 0;

	if (!strncmp(copy, "\xef\xbb\xbf", 3))
		memmove(copy, copy + 3, strlen(copy + 3) + 1);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || !strncmp(line, "report,as_of,", 13) ||
		    !strncmp(line, "report,generated,", 17))
			continue;
		v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = xstrdup(line);
	}
	free(copy);
	*out = v;
	return n;
}

static bool has(char **v, int n, const char *s, bool *used)
{
	for (int i = 0; i < n; i++)
		if (!used[i] && !strcmp(v[i], s)) {
			used[i] = true;
			return true;
		}
	return false;
}

int report_corrections(const char *issued_csv, const char *now_csv, struct sbuf *was,
		       struct sbuf *now)
{
	char **a, **b;
	int na = split_rows(issued_csv, &a), nb = split_rows(now_csv, &b), changed = 0;
	bool *ua = xcalloc((size_t)na + 1, sizeof *ua), *ub = xcalloc((size_t)nb + 1, sizeof *ub);

	for (int i = 0; i < nb; i++)
		ub[i] = has(a, na, b[i], ua);
	for (int i = 0; i < na; i++)
		if (!ua[i]) {
			sbuf_addf(was, "%s\n", a[i]);
			changed++;
		}
	for (int i = 0; i < nb; i++)
		if (!ub[i]) {
			sbuf_addf(now, "%s\n", b[i]);
			changed++;
		}
	for (int i = 0; i < na; i++)
		free(a[i]);
	for (int i = 0; i < nb; i++)
		free(b[i]);
	free(a);
	free(b);
	free(ua);
	free(ub);
	return changed;
}
