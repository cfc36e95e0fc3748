/*
 * Loading a new file (`cdesk demo`): what the rows imply is built once,
 * after the rows, instead of row by row.
 *
 * Why: at a million cases (six million events) each case's INSERT kept
 * nineteen secondary indexes of cases, transfers and events up to date (a
 * partial index reading each event's JSON), fired the report totals'
 * triggers and fsync'd each batch into the WAL, which a checkpoint then
 * copied again. CREATE INDEX over the loaded rows sorts once.
 *
 * What is set aside (store_load_begin, outside a transaction):
 * - the secondary indexes no action looks a case's rows up by: every
 *   index that is not UNIQUE and whose first column is not case_id or
 *   draft_id (the actions of the walked cases read a case's transfers,
 *   events, departments, materials and drafts by those);
 * - the triggers that keep derived data: the full-text index of the cases
 *   (every case loaded is indexed at the end by the insert trigger's own
 *   statement, as store_bulk.c does per transaction) and the report's kept
 *   totals (a cache whose rows the triggers only delete: it is emptied at
 *   the end, and the next report counts its periods again) and its close
 *   events (report_closes, made again from the events at the end);
 * - syncing and the WAL: synchronous OFF, the rollback journal in memory.
 *   A load that fails is removed by its caller.
 * Until store_load_finish commits, meta holds ('loading', 'demo'): a load
 * killed on the way (SIGKILL, a power cut) leaves a file without its
 * full-text index, which store_open and store_open_readonly then refuse
 * by name instead of opening it as a database with cases that no search
 * finds.
 * store_load_finish, outside a transaction, makes all of it again in one
 * transaction (the indexes and triggers from their own SQL, in their
 * order), then puts the file back in WAL mode with syncing FULL. A trigger of another shape than cdesk's
 * full-text one stays in place (the bulk transactions defer it as before).
 */
#include "report_closes.h"
#include "store_priv.h"
#include "core/progress.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LOAD_INDEX, LOAD_TRIGGER };

static const char load_list_sql[] =
	"SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
	"((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND "
	"(instr(sql, 'cases_fts') > 0 OR instr(sql, 'report_totals') > 0 OR\n"
	"instr(sql, 'INSERT INTO report_closes') > 0))) ORDER BY rowid";

static void load_forget(struct store *st)
{
	store_aside_free(&st->load);
	st->loading = false;
}

/* The index's first column is one a case's rows are looked up by. */
static bool lookup_index(struct store *st, const char *name)
{
	sqlite3_stmt *s;
	bool yes = false;

	if (sqlite3_prepare_v2(st->db, "SELECT name FROM pragma_index_info(?) WHERE seqno = 0",
			       -1, &s, NULL) != SQLITE_OK)
		return true;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(s, 0);
		yes = col && (strcmp(col, "case_id") == 0 || strcmp(col, "draft_id") == 0);
	}
	sqlite3_finalize(s);
	return yes;
}

static bool is_fts_insert(const char *sql)
{
	return strstr(sql, "cases_fts") && strstr(sql, " AFTER INSERT ON cases ");
}

/* What to set aside, into st->load; false when it cannot be read. */
static bool load_read(struct store *st)
{
	sqlite3_stmt *s;
	bool fts_ok = true;

	if (sqlite3_prepare_v2(st->db, load_list_sql, -1, &s, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const char *sql = (const char *)sqlite3_column_text(s, 2);
		bool index = strcmp(type, "index") == 0;
		if (index && lookup_index(st, name))
			continue;
		if (!index && is_fts_insert(sql) && !st->load.batch &&
		    !(st->load.batch = store_bulk_fts_statement(sql, "new.id > (SELECT coalesce("
							      "max(id), 0) FROM temp.cdesk_load)")))
			fts_ok = false;
		store_aside_add(&st->load, index ? LOAD_INDEX : LOAD_TRIGGER, name, sql);
	}
	sqlite3_finalize(s);
	if (!fts_ok) {
		/* the full-text triggers stay: keep only the indexes and the
		 * report totals' triggers */
		int k = 0;
		for (int i = 0; i < st->load.n; i++) {
			if (st->load.v[i].kind == LOAD_TRIGGER && strstr(st->load.v[i].sql, "cases_fts")) {
				free(st->load.v[i].name);
				free(st->load.v[i].sql);
			} else {
				st->load.v[k++] = st->load.v[i];
			}
		}
		st->load.n = k;
	}
	return true;
}

int store_load_begin(struct store *st, struct err *err)
{
	char *sql;
	int rc = 0;

	if (st->loading || st->bulk || st->in_tx)
		return err_set(err, ERR_INTERNAL, "load: already in a transaction");
	if ((rc = store_exec_retry(st, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY",
				   err)))
		return rc;
	if (!load_read(st))
		return store_sql_error(st, "database", err);
	if ((rc = store_exec(st, "BEGIN IMMEDIATE; CREATE TEMP TABLE IF NOT EXISTS cdesk_load "
			     "(id INTEGER); DELETE FROM temp.cdesk_load; INSERT INTO temp.cdesk_load "
			     "SELECT max(id) FROM main.cases; INSERT OR REPLACE INTO main.meta VALUES "
			     "('loading', 'demo')", err)))
		goto failed;
	for (int i = 0; !rc && i < st->load.n; i++) {
		sql = xasprintf("DROP %s main.\"%s\"", st->load.v[i].kind == LOAD_INDEX ? "INDEX"
				: "TRIGGER", st->load.v[i].name);
		rc = store_exec(st, sql, err);
		free(sql);
	}
	if (!rc && (rc = store_exec(st, "COMMIT", err)) == 0) {
		st->loading = true;
		return 0;
	}
failed:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	load_forget(st);
	return rc;
}

int store_load_finish(struct store *st, struct err *err)
{
	bool totals = false, closes = false;
	int rc, steps = 0, done = 0;

	if (!st->loading)
		return 0;
	if ((rc = store_exec(st, "BEGIN IMMEDIATE", err)))
		return rc;
	/* its own bar: at a million cases this takes half a minute after the
	 * rows' bar has reached its end */
	for (int i = 0; i < st->load.n; i++)
		steps += st->load.v[i].kind == LOAD_INDEX;
	steps += st->load.batch != NULL;
	progress_end("load");
	for (int i = 0; !rc && i < st->load.n; i++)
		if (st->load.v[i].kind == LOAD_INDEX) {
			progress_note("indexes", done++, steps);
			rc = store_exec(st, st->load.v[i].sql, err);
		}
	if (!rc && st->load.batch) {
		progress_note("indexes", done++, steps);
		if (sqlite3_exec(st->db, st->load.batch, NULL, NULL, NULL) != SQLITE_OK)
			rc = store_sql_error(st, "full-text index", err);
	}
	progress_note("indexes", done, steps);
	for (int i = 0; !rc && i < st->load.n; i++)
		if (st->load.v[i].kind == LOAD_TRIGGER) {
			totals = totals || strstr(st->load.v[i].sql, "report_totals");
			closes = closes || strstr(st->load.v[i].sql, "INSERT INTO report_closes");
			rc = store_exec(st, st->load.v[i].sql, err);
		}
	/* the report's close events, in one statement instead of a trigger a
	 * close (the 100,000-case demo took 16.9 s of CPU with it, 14.9 s
	 * before schema 16) */
	if (!rc && closes)
		rc = store_exec(st, "DELETE FROM main.report_closes;\n" REPORT_CLOSES_FILL, err);
	if (!rc && totals)
		rc = store_exec(st, "DELETE FROM main.report_totals", err);
	if (!rc)
		rc = store_exec(st, "DELETE FROM main.meta WHERE key = 'loading'", err);
	if (!rc)
		rc = store_exec(st, "COMMIT", err);
	if (rc) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	load_forget(st);
	sqlite3_exec(st->db, "DROP TABLE IF EXISTS temp.cdesk_load", NULL, NULL, NULL);
	return store_exec_retry(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", err);
}

void store_load_abandon(struct store *st)
{
	if (st)
		load_forget(st);
}
