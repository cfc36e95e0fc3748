/*
 * Bulk writing's full-text deferral: inside one bulk transaction the
 * triggers that keep the FTS index of the cases are set aside and the new
 * cases are indexed by one statement before the commit.
 *
 * Why: FTS5 flushes its pending terms at every statement savepoint, so a
 * trigger-fed index written one case at a time gets one segment per case
 * and merges them again and again: the INSERT of a case was a third of
 * `cdesk demo`'s time (perf record, 30,000 cases). Indexing the batch's
 * cases by one INSERT ... SELECT writes the same documents in a few
 * segments.
 *
 * How: at the bulk's start, the triggers on cases that write cases_fts are
 * read from sqlite_master and dropped (inside the transaction: a rollback
 * brings them back, and no other connection ever sees the file without
 * them); TEMP triggers note the ids of the cases inserted, and do the
 * update and delete triggers' work for the cases indexed before the bulk
 * began. Before the commit, the insert trigger's own statement is run once
 * over the noted cases (its VALUES (new.x, ...) as SELECT new.x, ... FROM
 * cases AS new), then the triggers are created again from their SQL. A
 * trigger of another shape than cdesk's leaves the deferral off: the
 * triggers then stay and index each case as before.
 */
#include "store_priv.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char fts_triggers_sql[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases' "
	"AND instr(sql, 'cases_fts') > 0 ORDER BY name";

static const char bulk_temp_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS cdesk_bulk_new (id INTEGER PRIMARY KEY);"
	"DELETE FROM temp.cdesk_bulk_new;"
	"CREATE TEMP TRIGGER cdesk_bulk_insert AFTER INSERT ON main.cases BEGIN "
	"INSERT OR IGNORE INTO cdesk_bulk_new (id) VALUES (new.id); END;";

struct aside *store_aside_add(struct set_aside *a, int kind, const char *name, const char *sql)
{
	struct aside *x;

	a->v = xrealloc(a->v, (size_t)(a->n + 1) * sizeof *a->v);
	x = &a->v[a->n++];
	x->kind = kind;
	x->name = xstrdup(name);
	x->sql = xstrdup(sql);
	x->guard = NULL;
	return x;
}

void store_aside_free(struct set_aside *a)
{
	for (int i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].sql);
		free(a->v[i].guard);
	}
	free(a->v);
	free(a->batch);
	memset(a, 0, sizeof *a);
}

static void fts_forget(struct store *st)
{
	store_aside_free(&st->fts);
	st->fts_deferred = false;
}

/* A case-insensitive search for word in s, as a whole word. */
static const char *find_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = s; *p; p++) {
		if (strncasecmp(p, word, n) != 0)
			continue;
		if ((p == s || strchr(" \t\n(", p[-1])) && (!p[n] || strchr(" \t\n;(", p[n])))
			return p;
	}
	return NULL;
}

char *store_bulk_fts_statement(const char *trigger, const char *where)
{
	const char *begin = find_word(trigger, "BEGIN"), *end = NULL, *values, *close, *word;

	if (!begin)
		return NULL;
	begin += strlen("BEGIN");
	for (const char *p = find_word(begin, "END"); p; p = find_word(p + 3, "END"))
		end = p;
	/* the last ';' before END ends the one statement */
	while (end && end > begin && end[-1] != ';')
		end--;
	if (!end || end == begin)
		return NULL;
	end--;
	if (memchr(begin, ';', (size_t)(end - begin)) || !(values = find_word(begin, "VALUES")) ||
	    values > end)
		return NULL;
	close = end;
	while (close > values && *close != ')')
		close--;
	word = values;
	values += strlen("VALUES");
	while (*values == ' ' || *values == '\t' || *values == '\n')
		values++;
	if (*values != '(' || close <= values)
		return NULL;
	return xasprintf("%.*s SELECT %.*s FROM main.cases AS new WHERE %s ORDER BY new.id",
			 (int)(word - begin), begin, (int)(close - values - 1), values + 1, where);
}

/* The TEMP copy of an update or delete trigger, for the cases indexed
 * before the bulk began; NULL when it already has a WHEN. */
static char *guarded_trigger(const char *name, const char *sql)
{
	const char *on = find_word(sql, "ON"), *begin = on ? find_word(on, "BEGIN") : NULL;
	const char *head = find_word(sql, "TRIGGER");

	if (!head || !begin || find_word(sql, "WHEN") || !(head = strstr(head, name)))
		return NULL;
	head += strlen(name);
	return xasprintf("CREATE TEMP TRIGGER cdesk_bulk_%s%.*s WHEN old.id NOT IN "
			 "(SELECT id FROM temp.cdesk_bulk_new) %s", name, (int)(begin - head),
			 head, begin);
}

/* Reads the FTS triggers; true when they can be deferred (one insert
 * trigger of cdesk's shape, the others update or delete). */
static bool fts_read(struct store *st)
{
	sqlite3_stmt *s;
	int ninsert = 0;

	if (sqlite3_prepare_v2(st->db, fts_triggers_sql, -1, &s, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *sql = (const char *)sqlite3_column_text(s, 1);
		struct aside *x;
		if (!name || !sql)
			continue;
		x = store_aside_add(&st->fts, 0, name, sql);
		if (find_word(sql, "INSERT") && find_word(sql, "INSERT") < find_word(sql, "ON")) {
			ninsert++;
			free(st->fts.batch);
			st->fts.batch = store_bulk_fts_statement(sql, "new.id IN (SELECT id FROM "
								 "temp.cdesk_bulk_new)");
		} else if (!(x->guard = guarded_trigger(name, sql))) {
			ninsert = -100;
		}
	}
	sqlite3_finalize(s);
	return ninsert == 1 && st->fts.batch;
}

void store_bulk_fts_defer(struct store *st)
{
	bool ok;

	fts_forget(st);
	if (!fts_read(st)) {
		fts_forget(st);
		return;
	}
	ok = sqlite3_exec(st->db, "SAVEPOINT cdesk_bulk_fts", NULL, NULL, NULL) == SQLITE_OK;
	if (ok)
		ok = sqlite3_exec(st->db, bulk_temp_sql, NULL, NULL, NULL) == SQLITE_OK;
	for (int i = 0; ok && i < st->fts.n; i++) {
		char *drop = xasprintf("DROP TRIGGER main.\"%s\"", st->fts.v[i].name);
		ok = sqlite3_exec(st->db, drop, NULL, NULL, NULL) == SQLITE_OK &&
		     (!st->fts.v[i].guard ||
		      sqlite3_exec(st->db, st->fts.v[i].guard, NULL, NULL, NULL) == SQLITE_OK);
		free(drop);
	}
	if (!ok) {
		/* the triggers stay as they were: each case indexed as it comes */
		sqlite3_exec(st->db, "ROLLBACK TO cdesk_bulk_fts; RELEASE cdesk_bulk_fts", NULL,
			     NULL, NULL);
		fts_forget(st);
		return;
	}
	sqlite3_exec(st->db, "RELEASE cdesk_bulk_fts", NULL, NULL, NULL);
	st->fts_deferred = true;
}

/* Drops the TEMP triggers (their names are cdesk's own). */
static void temp_drop(struct store *st)
{
	sqlite3_exec(st->db, "DROP TRIGGER IF EXISTS temp.cdesk_bulk_insert", NULL, NULL, NULL);
	for (int i = 0; i < st->fts.n; i++)
		if (st->fts.v[i].guard) {
			char *drop = xasprintf("DROP TRIGGER IF EXISTS temp.\"cdesk_bulk_%s\"",
					       st->fts.v[i].name);
			sqlite3_exec(st->db, drop, NULL, NULL, NULL);
			free(drop);
		}
	sqlite3_exec(st->db, "DELETE FROM temp.cdesk_bulk_new", NULL, NULL, NULL);
}

int store_bulk_fts_finish(struct store *st, struct err *err)
{
	int rc = 0;

	if (!st->fts_deferred)
		return 0;
	if (sqlite3_exec(st->db, st->fts.batch, NULL, NULL, NULL) != SQLITE_OK)
		rc = store_sql_error(st, "full-text index", err);
	temp_drop(st);
	for (int i = 0; !rc && i < st->fts.n; i++)
		if (sqlite3_exec(st->db, st->fts.v[i].sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = store_sql_error(st, "full-text index", err);
	fts_forget(st);
	return rc;
}

void store_bulk_fts_abandon(struct store *st)
{
	if (st->fts_deferred)
		temp_drop(st);
	fts_forget(st);
}
