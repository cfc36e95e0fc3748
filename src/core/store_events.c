/*
 * The event log: each event's hash over its fields and the hash before it,
 * the one writer that numbers, chains and inserts events, the list of a
 * case's events, and store_check (integrity, foreign keys, the whole chain).
 */
#include "core/i18n.h"
#include "core/store.h"
#include "store_priv.h"
#include "core/sha256.h"
#include "core/util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length-prefixed fields, so that no two different events serialise alike. */
static void hash_field(struct sha256 *h, const char *s)
{
	char n[24];

	if (!s) {
		sha256_update(h, "-\n", 2);
		return;
	}
	snprintf(n, sizeof n, "%zu:", strlen(s));
	sha256_update(h, n, strlen(n));
	sha256_update(h, s, strlen(s));
	sha256_update(h, "\n", 1);
}

void store_event_hash(const struct store_event *ev, char hex[65])
{
	struct sha256 h;
	unsigned char d[32];
	char num[64];

	sha256_init(&h);
	hash_field(&h, "cdesk-event-v1");
	hash_field(&h, ev->prev_hash);
	snprintf(num, sizeof num, "%lld %lld %d", (long long)ev->id, (long long)ev->case_id,
		 ev->round);
	hash_field(&h, num);
	hash_field(&h, ev->actor);
	hash_field(&h, ev->at);
	hash_field(&h, ev->recorded);
	hash_field(&h, ev->action);
	hash_field(&h, ev->before);
	hash_field(&h, ev->after);
	hash_field(&h, ev->note);
	sha256_final(&h, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char event_last_sql[] = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1";
static const char event_insert_sql[] =
	"INSERT INTO events (id, case_id, round, actor, at, recorded, action, before, after, "
	"note, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* The one writer of the event log: every event of every path (the actions,
 * an import or restore, the demo's direct path) is numbered, chained and
 * inserted here. */
int store_event_append(struct store *st, int64_t case_id, int round, const char *actor,
		       struct cdatetime at, struct cdatetime recorded, const char *action,
		       const char *before, const char *after, const char *note,
		       int64_t *ev_id, struct err *err)
{
	struct store_event ev = { 0 };
	sqlite3_stmt *s;
	int rc, i = 1;

	if ((rc = store_stmt(st, event_last_sql, &s, err)))
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ev.id = sqlite3_column_int64(s, 0) + 1;
		snprintf(ev.prev_hash, sizeof ev.prev_hash, "%s",
			 (const char *)sqlite3_column_text(s, 1));
	} else if (rc == SQLITE_DONE) {
		ev.id = 1;
		memcpy(ev.prev_hash, zero_hash, sizeof ev.prev_hash);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_error(st, "event log", err);
	ev.case_id = case_id;
	ev.round = round;
	snprintf(ev.actor, sizeof ev.actor, "%s", actor ? actor : "unknown");
	store_time(at, ev.at);
	store_time(recorded, ev.recorded);
	snprintf(ev.action, sizeof ev.action, "%s", action);
	ev.before = (char *)before;
	ev.after = (char *)after;
	ev.note = (char *)note;
	store_event_hash(&ev, ev.hash);
	if ((rc = store_stmt(st, event_insert_sql, &s, err)))
		return rc;
	sqlite3_bind_int64(s, i++, ev.id);
	if (case_id > 0)
		sqlite3_bind_int64(s, i++, case_id);
	else
		sqlite3_bind_null(s, i++);
	sqlite3_bind_int(s, i++, round);
	bind_text(s, i++, ev.actor);
	bind_text(s, i++, ev.at);
	bind_text(s, i++, ev.recorded);
	bind_text(s, i++, ev.action);
	bind_text(s, i++, before);
	bind_text(s, i++, after);
	bind_text(s, i++, note);
	bind_text(s, i++, ev.prev_hash);
	bind_text(s, i++, ev.hash);
	assert(i - 1 == sqlite3_bind_parameter_count(s));
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "event log", err);
	if (ev_id)
		*ev_id = ev.id;
	return 0;
}


static void col_copy(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

#define EVENT_COLUMNS "id, coalesce(case_id, 0), round, actor, at, recorded, action, " \
	"before, after, note, prev_hash, hash"

static void event_from_row(sqlite3_stmt *s, struct store_event *ev)
{
	ev->id = sqlite3_column_int64(s, 0);
	ev->case_id = sqlite3_column_int64(s, 1);
	ev->round = sqlite3_column_int(s, 2);
	col_copy(s, 3, ev->actor, sizeof ev->actor);
	col_copy(s, 4, ev->at, sizeof ev->at);
	col_copy(s, 5, ev->recorded, sizeof ev->recorded);
	col_copy(s, 6, ev->action, sizeof ev->action);
	ev->before = col_dup(s, 7);
	ev->after = col_dup(s, 8);
	ev->note = col_dup(s, 9);
	col_copy(s, 10, ev->prev_hash, sizeof ev->prev_hash);
	col_copy(s, 11, ev->hash, sizeof ev->hash);
}

static void event_free(struct store_event *ev)
{
	free(ev->before);
	free(ev->after);
	free(ev->note);
	ev->before = ev->after = ev->note = NULL;
}

int store_events_list(struct store *st, int64_t case_id, struct store_event **out, int *n,
		      struct err *err)
{
	sqlite3_stmt *s;
	struct store_event *evs = NULL;
	int cap = 0, cnt = 0, rc;
	const char *sql = case_id > 0
		? "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ? ORDER BY id"
		: "SELECT " EVENT_COLUMNS " FROM events WHERE case_id IS NULL ORDER BY id";

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "event log", err);
	if (case_id > 0)
		sqlite3_bind_int64(s, 1, case_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			evs = xrealloc(evs, (size_t)cap * sizeof *evs);
		}
		memset(&evs[cnt], 0, sizeof evs[cnt]);
		event_from_row(s, &evs[cnt++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_events_free(evs, cnt);
		return store_sql_error(st, "event log", err);
	}
	*out = evs;
	*n = cnt;
	return 0;
}

void store_events_free(struct store_event *evs, int n)
{
	for (int i = 0; i < n; i++)
		event_free(&evs[i]);
	free(evs);
}

int store_check(struct store *st, int64_t *events_checked, struct err *err)
{
	sqlite3_stmt *s;
	char prev[65], hex[65];
	int64_t count = 0, last_id = 0;
	int rc;

	if (events_checked)
		*events_checked = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "integrity check", err);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (!r || strcmp(r, "ok") != 0) {
			err_set(err, ERR_FAIL, "%s: integrity check: %s", st->path, r ? r : "?");
			sqlite3_finalize(s);
			return ERR_FAIL;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "integrity check", err);
	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "foreign key check", err);
	if (sqlite3_step(s) == SQLITE_ROW) {
		err_set(err, ERR_FAIL, "%s: table %s row %lld refers to a missing %s row", st->path,
			(const char *)sqlite3_column_text(s, 0),
			(long long)sqlite3_column_int64(s, 1), (const char *)sqlite3_column_text(s, 2));
		sqlite3_finalize(s);
		return ERR_FAIL;
	}
	sqlite3_finalize(s);

	if (sqlite3_prepare_v2(st->db,
			       "SELECT " EVENT_COLUMNS ", (SELECT number FROM cases c WHERE "
			       "c.id = e.case_id) FROM events e ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "event chain", err);
	memcpy(prev, zero_hash, sizeof prev);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_event ev = { 0 };
		const char *what = NULL;
		const unsigned char *num = sqlite3_column_text(s, 12);

		event_from_row(s, &ev);
		if (ev.id != last_id + 1)
			what = R_("events are missing before it (the chain has a gap)");
		else if (strcmp(ev.prev_hash, prev) != 0)
			what = R_("its link to the previous event is broken (an event before it was "
				  "changed or removed)");
		else {
			store_event_hash(&ev, hex);
			if (strcmp(hex, ev.hash) != 0)
				what = R_("its hash does not match its contents (it was changed "
					  "outside cdesk)");
		}
		if (what) {
			err_set(err, ERR_FAIL, "event %lld (case %s, %s, %s): %s", (long long)ev.id,
				num ? (const char *)num : "-", ev.action, ev.at, what);
			event_free(&ev);
			sqlite3_finalize(s);
			if (events_checked)
				*events_checked = count;
			return ERR_FAIL;
		}
		memcpy(prev, ev.hash, sizeof prev);
		last_id = ev.id;
		count++;
		event_free(&ev);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "event chain", err);
	if (events_checked)
		*events_checked = count;
	return 0;
}
