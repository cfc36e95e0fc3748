/*
 * The audit beyond the hash chain: cases against the replay of their
 * events, the full-text index against the cases, and the chain head with
 * its anchor (core/audit.h).
 */
#include "core/i18n.h"
#include "core/audit.h"
#include "core/cases.h"
#include "core/util.h"
#include "cases_db.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int audit_head(struct store *st, struct audit_head *h, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(h, 0, sizeof *h);
	memset(h->hash, '0', 64);
	if ((rc = cases_prepare(st, "SELECT (SELECT count(*) FROM events), lower(hex(hash)) FROM events "
				"ORDER BY id DESC LIMIT 1", &s, err)))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *hx = sqlite3_column_text(s, 1);
		h->count = sqlite3_column_int64(s, 0);
		snprintf(h->hash, sizeof h->hash, "%s", hx ? (const char *)hx : "");
	}
	sqlite3_finalize(s);
	return 0;
}

char *audit_head_format(const struct audit_head *h, char *buf, size_t size)
{
	snprintf(buf, size, "%" PRId64 ":%s", h->count, h->hash);
	return buf;
}

bool case_event_late(const struct store_event *ev)
{
	json_t *a;
	bool late;

	if (!ev->after || !strstr(ev->after, "\"entered_late\""))
		return false;
	a = json_loads(ev->after, 0, NULL);
	late = json_is_true(json_object_get(a, "entered_late"));
	json_decref(a);
	return late;
}

/* "rules.ini 5218f100297a, cn-2026.ini 6eec42f50721, …": the files of the
 * event's deadline_basis, each with the first 12 digits of its SHA-256;
 * NULL when the event computed no deadline. */
char *case_event_basis(const struct store_event *ev)
{
	json_t *a, *b, *hol, *v;
	const char *key;
	struct sbuf s = { 0 };

	if (!ev->after || !strstr(ev->after, "\"deadline_basis\""))
		return NULL;
	a = json_loads(ev->after, 0, NULL);
	b = json_object_get(a, "deadline_basis");
	if (json_is_string(v = json_object_get(b, "rules.ini")))
		sbuf_addf(&s, "rules.ini %.12s", json_string_value(v));
	hol = json_object_get(b, "holidays");
	json_object_foreach(hol, key, v)
		if (json_is_string(v))
			sbuf_addf(&s, "%s%s %.12s", s.len ? ", " : "", key, json_string_value(v));
	json_decref(a);
	return s.s;
}

/* ---- the replay ---- */

struct replay {
	sqlite3_stmt *ev;           /* case_id, id, after, action, at: in case order */
	bool ev_more;
	audit_problem_fn *fn;
	void *arg;
	long bad;
	bool v15;                   /* the fields' own times stored as "" (schema 15) */
};

static void problem(struct replay *rp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct replay *rp, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!rp->fn)
		return;
	/* SQLite's printf: a message of any length, never cut */
	va_start(ap, fmt);
	msg = sqlite3_vmprintf(R_(fmt), ap);     /* a msgid: make pot's -kproblem:2 */
	va_end(ap);
	rp->fn(msg ? msg : "out of memory", rp->arg);
	sqlite3_free(msg);
}

static void ev_next(struct replay *rp)
{
	rp->ev_more = sqlite3_step(rp->ev) == SQLITE_ROW;
}

/* Applies the events of case id over a blank record into *state; the
 * number of events applied. */
static int replay_case(struct replay *rp, int64_t id, const char *number, json_t *state)
{
	int n = 0;

	while (rp->ev_more && sqlite3_column_int64(rp->ev, 0) < id)
		ev_next(rp);        /* events of no case: the foreign key check names them */
	for (; rp->ev_more && sqlite3_column_int64(rp->ev, 0) == id; ev_next(rp), n++) {
		const char *after = (const char *)sqlite3_column_text(rp->ev, 2);
		char *full;
		json_error_t je;
		json_t *o;
		if (!after)
			continue;
		/* the fields as written (schema 15 stores their own time as "") */
		full = rp->v15 ? store_event_after_read((const char *)sqlite3_column_text(rp->ev, 4),
							after) : NULL;
		o = json_loads(full ? full : after, 0, &je);
		free(full);
		if (!o || !json_is_object(o)) {
			problem(rp, "case %s: event %lld: its fields are not a JSON object", number,
				(long long)sqlite3_column_int64(rp->ev, 1));
			json_decref(o);
			continue;
		}
		/* an add event leaves out the fields at their default */
		store_event_defaults((const char *)sqlite3_column_text(rp->ev, 3), o);
		json_object_update(state, o);
		json_decref(o);
	}
	return n;
}

/* The case's row against the replayed state, over the snapshot's keys. */
static void compare_case(struct replay *rp, const struct case_record *r, json_t *state)
{
	json_t *snap = cases_snapshot(r), *v;
	const char *key;
	struct sbuf fields = { 0 };
	int nbad = 0;

	json_object_foreach(snap, key, v) {
		json_t *w = json_object_get(state, key);
		if (!json_equal(v, w ? w : json_null()))
			sbuf_addf(&fields, "%s%s", nbad++ ? ", " : "", key);
	}
	if (nbad) {
		rp->bad++;
		/* two messages, not "is"/"are" as a word: a translation has no verb to fill in */
		if (nbad > 1)
			problem(rp, "case %s: %s are not what its events say (the cases table was "
				"changed outside cdesk)", r->number, fields.s);
		else
			problem(rp, "case %s: %s is not what its events say (the cases table was "
				"changed outside cdesk)", r->number, fields.s);
	}
	sbuf_free(&fields);
	json_decref(snap);
}

int audit_replay(struct store *st, long *cases, long *bad, audit_problem_fn *fn, void *arg,
		 struct err *err)
{
	struct replay rp = { NULL, false, fn, arg, 0, false };
	sqlite3_stmt *cs;
	long n = 0;
	char *sql;
	int rc;

	*cases = *bad = 0;
	rp.v15 = store_schema_version(st) >= 15;
	if ((rc = cases_prepare(st, "SELECT case_id, id, after, action, at FROM events WHERE case_id "
				"IS NOT NULL ORDER BY case_id, id", &rp.ev, err)))
		return rc;
	sql = xasprintf("SELECT %s FROM cases c ORDER BY c.id", cases_columns());
	rc = cases_prepare(st, sql, &cs, err);
	free(sql);
	if (rc) {
		sqlite3_finalize(rp.ev);
		return rc;
	}
	ev_next(&rp);
	while ((rc = sqlite3_step(cs)) == SQLITE_ROW) {
		struct case_record r;
		json_t *state = json_object();
		case_from_row(cs, &r);
		if (replay_case(&rp, r.id, r.number, state) == 0) {
			rp.bad++;
			problem(&rp, "case %s has no events (it was written outside cdesk)", r.number);
		} else {
			compare_case(&rp, &r, state);
		}
		json_decref(state);
		case_record_free(&r);
		n++;
	}
	sqlite3_finalize(cs);
	sqlite3_finalize(rp.ev);
	if (rc != SQLITE_DONE)
		return err_set(err, ERR_INTERNAL, "the replay of the events could not run");
	*cases = n;
	*bad = rp.bad;
	return 0;
}

/* ---- the full-text index ---- */

/*
 * Runs sql and counts each of its rows as one problem, which row describes;
 * 0, or an error naming what (its rows) when they cannot be read.
 */
static int problem_rows(struct store *st, const char *sql, const char *what,
			void (*row)(struct replay *rp, sqlite3_stmt *s), struct replay *rp,
			struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = cases_prepare(st, sql, &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rp->bad++;
		row(rp, s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return err_set(err, ERR_INTERNAL, "%s could not be read", what);
	return 0;
}

/*
 * The index is external content over the view cases_fts_text (schema 7):
 * its rows are read from the cases, so the index itself is what is checked.
 * Its docsize table has a row per case indexed: a case without one is
 * missing from it, one of no case was inserted by hand. FTS5's
 * integrity-check with rank 1 compares the index with the texts; when they
 * differ, the cases whose indexed trigrams are not those of their texts are
 * found through fts5vocab (that pass reads the whole index: only then). The
 * index keeps no positions (schema 15): a case's trigrams in it are each
 * one of its texts', folded as the index folds them, and as many as they
 * have distinct (store_fts.c).
 */
static const char fts_sql[] =
	"SELECT c.number, 1 FROM cases c WHERE NOT EXISTS (SELECT 1 FROM cases_fts_docsize d "
	"WHERE d.id = c.id) "
	"UNION ALL SELECT '#' || d.id, 2 FROM cases_fts_docsize d WHERE d.id NOT IN "
	"(SELECT id FROM cases)";

static const char fts_stale_sql[] =
	"WITH t AS MATERIALIZED (SELECT id, cdesk_fts_fold(account) AS a, cdesk_fts_fold(demand) "
	"AS d, cdesk_fts_fold(names) AS n, cdesk_fts_nterms(account, demand, names) AS k FROM "
	"cases_fts_text), "
	"i AS MATERIALIZED (SELECT DISTINCT doc, term FROM temp.cdesk_fts_instance), "
	"bad AS (SELECT i.doc FROM i JOIN t ON t.id = i.doc GROUP BY i.doc HAVING "
	"count(*) != max(t.k) OR max(instr(t.a, i.term) = 0 AND instr(t.d, i.term) = 0 AND "
	"instr(t.n, i.term) = 0) "
	"UNION SELECT t.id FROM t WHERE t.k > 0 AND t.id NOT IN (SELECT doc FROM i)) "
	"SELECT c.number, 0 FROM cases c WHERE c.id IN (SELECT doc FROM bad) ORDER BY c.id";

static void fts_row(struct replay *rp, sqlite3_stmt *s)
{
	const char *num = (const char *)sqlite3_column_text(s, 0);

	if (sqlite3_column_int(s, 1) == 2)
		problem(rp, "the full-text index has a row %s for no case", num + 1);
	else
		problem(rp, "case %s: %s", num, sqlite3_column_int(s, 1) ? R_("missing from the "
			"full-text index (search does not find it)") : R_("its full-text index row is "
			"not its text (search finds it by other words)"));
}

/* FTS5's own check of its index against the texts (read-only): true when
 * they match. */
static bool fts_consistent(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (cases_prepare(st, "INSERT INTO cases_fts (cases_fts, rank) VALUES "
			  "('integrity-check', 1)", &s, err))
		return false;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc != SQLITE_CORRUPT && rc != SQLITE_CORRUPT_VTAB;
}

int audit_fts(struct store *st, long *bad, audit_problem_fn *fn, void *arg, struct err *err)
{
	struct replay rp = { NULL, false, fn, arg, 0, false };
	int rc;

	*bad = 0;
	if ((rc = problem_rows(st, fts_sql, "the full-text index", fts_row, &rp, err)))
		return rc;
	if (!fts_consistent(st, err)) {
		if (err->code)
			return err->code;
		if (sqlite3_exec(store_db(st), "CREATE VIRTUAL TABLE IF NOT EXISTS "
				 "temp.cdesk_fts_instance USING fts5vocab(main, cases_fts, instance)",
				 NULL, NULL, NULL) != SQLITE_OK ||
		    (rc = problem_rows(st, fts_stale_sql, "the full-text index", fts_row, &rp,
				       err)))
			return rc ? rc : store_sql_error(st, "the full-text index", err);
		if (rp.bad == 0) {
			rp.bad++;
			problem(&rp, "the full-text index does not match the cases' texts (it "
				"was changed outside cdesk; restore from a backup)");
		}
	}
	*bad = rp.bad;
	return 0;
}

/* ---- the department and category rows (the queues) ---- */

/* The number of codes in a comma-separated list column. */
#define NCODES(col) "(length(" col ") - length(replace(" col ", ',', '')) + (" col " != ''))"
#define IN_LIST(col, code) "instr(',' || " col " || ',', ',' || " code " || ',') > 0"

static const char links_sql[] =
	"SELECT c.number, 'department' FROM cases c WHERE "
	"(SELECT count(*) FROM case_depts d WHERE d.case_id = c.id) != " NCODES("c.depts") " "
	"OR EXISTS (SELECT 1 FROM case_depts d WHERE d.case_id = c.id AND NOT ("
	IN_LIST("c.depts", "d.dept") " AND d.lead = (d.dept = c.dept))) "
	"UNION ALL SELECT c.number, 'category' FROM cases c WHERE "
	"(SELECT count(*) FROM case_categories k WHERE k.case_id = c.id) != "
	NCODES("c.categories") " OR EXISTS (SELECT 1 FROM case_categories k WHERE "
	"k.case_id = c.id AND NOT " IN_LIST("c.categories", "k.category") ")";

static void links_row(struct replay *rp, sqlite3_stmt *s)
{
	problem(rp, "case %s: its %s rows (the queues and report counts) are not its %s codes "
		"(changed outside cdesk)", (const char *)sqlite3_column_text(s, 0),
		(const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 1));
}

int audit_links(struct store *st, long *bad, audit_problem_fn *fn, void *arg, struct err *err)
{
	struct replay rp = { NULL, false, fn, arg, 0, false };
	int rc = problem_rows(st, links_sql, "the department rows", links_row, &rp, err);

	*bad = rc ? 0 : rp.bad;
	return rc;
}

/* ---- the anchor ---- */

int audit_anchor(struct store *st, const char *anchor, struct err *err)
{
	const char *colon = anchor ? strchr(anchor, ':') : NULL;
	char *end, want[65];
	sqlite3_stmt *s;
	long long n;
	size_t len;
	int rc;

	if (!colon || colon == anchor)
		goto usage;
	n = strtoll(anchor, &end, 10);
	len = strlen(colon + 1);
	if (end != colon || n < 1 || len < 12 || len > 64)
		goto usage;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)colon[1 + i]))
			goto usage;
	for (size_t i = 0; i <= len; i++)
		want[i] = (char)tolower((unsigned char)colon[1 + i]);
	if (!st)
		return 0;           /* the form only */
	if ((rc = cases_prepare(st, "SELECT lower(hex(hash)), (SELECT max(id) FROM events) FROM events "
				"WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, n);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		struct audit_head h;
		if ((rc = audit_head(st, &h, err)))
			return rc;
		return err_set(err, ERR_FAIL, "anchor %lld:%.12s…: the chain ends at event %lld, "
			       "before the anchor's event %lld: events were cut from its end",
			       n, want, (long long)h.count, n);
	}
	rc = strncmp((const char *)sqlite3_column_text(s, 0), want, len) != 0;
	if (rc)
		rc = err_set(err, ERR_FAIL, "anchor %lld:%.12s…: event %lld now has the hash "
			     "%.12s…: the chain was rewritten at or before event %lld", n, want, n,
			     (const char *)sqlite3_column_text(s, 0), n);
	sqlite3_finalize(s);
	return rc;
usage:
	return err_set(err, ERR_USAGE, "--anchor '%s': expected N:HASH, the event count and hash "
		       "a check or report printed (e.g. 1234:9f86d081884c…)", anchor ? anchor : "");
}
