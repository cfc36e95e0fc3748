/*
 * The totals of completed periods, kept in report_totals (schema 11): a
 * report whose other periods (the trend, the previous period, the same one
 * a year before) are all kept reads only its own period's cases; one that
 * misses any counts every period in one scan, as before, and keeps those
 * that have ended. The schema's triggers drop a period's row in the same
 * transaction as any change that could alter it; cdesk check recounts every
 * row (report_totals_check).
 */
#include "core/i18n.h"
#include "core/report.h"
#include "report_pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A period that ended before the report's day: its totals no longer move. */
static bool completed(const struct span *s)
{
	return s->as_of == s->period.last;
}

bool report_cache_load(sqlite3 *db, struct span *s)
{
	static const char sql[] =
		"SELECT received, rejected, merged, closed, closed_on_time, overdue_at_end "
		"FROM report_totals WHERE period = ?1 AND ends = ?2";
	struct report_totals *t = &s->t;
	sqlite3_stmt *q;
	char code[8];
	bool found = false;

	if (!completed(s) || sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(q, 1, report_period_code(&s->period, code), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, s->end, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		memset(t, 0, sizeof *t);
		t->received = (long)sqlite3_column_int64(q, 0);
		t->rejected = (long)sqlite3_column_int64(q, 1);
		t->merged = (long)sqlite3_column_int64(q, 2);
		t->closed = (long)sqlite3_column_int64(q, 3);
		t->closed_on_time = (long)sqlite3_column_int64(q, 4);
		t->overdue_at_end = (long)sqlite3_column_int64(q, 5);
		t->accepted = t->received - t->rejected - t->merged;
		t->open_at_end = t->accepted - t->closed;
		found = true;
	}
	sqlite3_finalize(q);
	return found;
}

bool report_cache_save(sqlite3 *db, const struct span *s)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO report_totals (period, ends, received, rejected, merged, "
		"closed, closed_on_time, overdue_at_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	const struct report_totals *t = &s->t;
	sqlite3_stmt *q;
	char code[8];
	int rc;

	if (!completed(s))
		return true;
	/* A read-only file, or an older schema: nothing is kept. Nor outside the
	 * report's read transaction: a write there begins one, which waits for
	 * the busy budget while another process holds the write lock. */
	if (sqlite3_db_readonly(db, "main") != 0 || sqlite3_txn_state(db, "main") == SQLITE_TXN_NONE ||
	    sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(q, 1, report_period_code(&s->period, code), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, s->end, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, t->received);
	sqlite3_bind_int64(q, 4, t->rejected);
	sqlite3_bind_int64(q, 5, t->merged);
	sqlite3_bind_int64(q, 6, t->closed);
	sqlite3_bind_int64(q, 7, t->closed_on_time);
	sqlite3_bind_int64(q, 8, t->overdue_at_end);
	/* In the read transaction the write never waits: SQLite calls no busy
	 * handler to make a read transaction a write one. Another process
	 * holding the write lock gives SQLITE_BUSY at once, one that committed
	 * since the report began SQLITE_BUSY_SNAPSHOT: not kept, the report
	 * prints the same. */
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE;
}

/* A kept row: its period and its figures as stored. */
struct kept {
	char code[16];
	struct span s;
	bool bad_code;
};

static int kept_read(sqlite3 *db, struct kept **out, int *n, struct err *err)
{
	sqlite3_stmt *q;
	struct kept *v = NULL;
	int cap = 0, rc;

	*n = 0;
	if (sqlite3_prepare_v2(db, "SELECT period, ends, received, rejected, merged, closed, "
			       "closed_on_time, overdue_at_end FROM report_totals ORDER BY period",
			       -1, &q, NULL) != SQLITE_OK)
		return sql_fail(db, "reading the kept report totals", err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *code = col_text(q, 0), *ends = col_text(q, 1);
		struct report_period p;
		struct kept *k;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		k = &v[(*n)++];
		memset(k, 0, sizeof *k);
		snprintf(k->code, sizeof k->code, "%s", code ? code : "");
		if (report_period_parse(code, &p, NULL)) {
			k->bad_code = true;
			continue;
		}
		report_span_init(&k->s, &p, p.last + 1);
		k->bad_code = !ends || strcmp(ends, k->s.end) != 0;
		k->s.t.received = (long)sqlite3_column_int64(q, 2);
		k->s.t.rejected = (long)sqlite3_column_int64(q, 3);
		k->s.t.merged = (long)sqlite3_column_int64(q, 4);
		k->s.t.closed = (long)sqlite3_column_int64(q, 5);
		k->s.t.closed_on_time = (long)sqlite3_column_int64(q, 6);
		k->s.t.overdue_at_end = (long)sqlite3_column_int64(q, 7);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(v);
		return sql_fail(db, "reading the kept report totals", err);
	}
	*out = v;
	return 0;
}

static bool same_totals(const struct report_totals *a, const struct report_totals *b)
{
	return a->received == b->received && a->rejected == b->rejected &&
	       a->merged == b->merged && a->closed == b->closed &&
	       a->closed_on_time == b->closed_on_time && a->overdue_at_end == b->overdue_at_end;
}

int report_totals_check(sqlite3 *db, long *bad, void (*fn)(const char *msg, void *arg),
			void *arg, struct err *err)
{
	struct kept *v = NULL;
	struct span *spans;
	int n = 0, ns = 0, rc;

	*bad = 0;
	if ((rc = kept_read(db, &v, &n, err)))
		return rc;
	spans = xcalloc((size_t)n + 1, sizeof *spans);
	for (int i = 0; i < n; i++)
		if (!v[i].bad_code)
			spans[ns++] = v[i].s;
	if (ns && (rc = report_recount(db, spans, ns, err))) {
		free(spans);
		free(v);
		return rc;
	}
	for (int i = 0, k = 0; i < n; i++) {
		const struct report_totals *t = &v[i].s.t, *c;
		char *msg;
		if (v[i].bad_code) {
			msg = sqlite3_mprintf(R_("the report's kept totals have a row '%s' for no "
						 "period (changed outside cdesk)"), v[i].code);
		} else if (c = &spans[k++].t, !same_totals(t, c)) {
			msg = sqlite3_mprintf(R_("the report's kept totals of %s are not a recount "
						 "(received %ld, closed %ld, on time %ld, overdue %ld; "
						 "recounted %ld, %ld, %ld, %ld): changed outside cdesk"),
					      v[i].code, t->received, t->closed, t->closed_on_time,
					      t->overdue_at_end, c->received, c->closed,
					      c->closed_on_time, c->overdue_at_end);
		} else {
			continue;
		}
		(*bad)++;
		if (fn)
			fn(msg ? msg : "out of memory", arg);
		sqlite3_free(msg);
	}
	free(spans);
	free(v);
	return 0;
}
