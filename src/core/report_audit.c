/*
 * The report's audit items: the steps entered late within the period (their
 * own section) and the event chain's head at the foot, which a later
 * `cdesk check --anchor N:HASH` confirms.
 */
#include "core/report.h"
#include "core/util.h"
#include "report_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The late entries carry "entered_late":true in their compact, key-sorted
 * "after"; the instr() only spares json_extract the other events. Both
 * terms are the WHERE clause of the partial index events_late (schema
 * version 6), by recorded. */
static const char late_sql[] =
	"SELECT coalesce(c.number, ''), e.action, e.actor, e.at, e.recorded FROM events e "
	"LEFT JOIN cases c ON c.id = e.case_id WHERE e.recorded >= ?1 AND e.recorded < ?2 AND "
	"instr(e.after, '\"entered_late\":true') > 0 AND json_extract(e.after, '$.entered_late') = 1 "
	"ORDER BY e.id";

static void copy_col(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	strlcpy_(dst, t ? (const char *)t : "", size);
}

int report_audit(sqlite3 *db, struct report *r, struct err *err)
{
	sqlite3_stmt *s;
	char first[20], end[20];
	int rc;

	snprintf(first, sizeof first, "%s 00:00:00", date_format(r->period.first, end));
	date_format(r->period.last + 1, end);
	strlcpy_(end + 10, " 00:00:00", sizeof end - 10);
	if (sqlite3_prepare_v2(db, late_sql, -1, &s, NULL) != SQLITE_OK)
		return err_set(err, ERR_INTERNAL, "late entries: %s", err_sqlite_db(db));
	sqlite3_bind_text(s, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, end, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_late_entry *l;
		r->late_entries = report_grow(r->late_entries, r->nlate_entries,
					      &r->late_entries_cap, 16, sizeof *r->late_entries);
		l = memset(&r->late_entries[r->nlate_entries++], 0, sizeof *l);
		copy_col(s, 0, l->number, sizeof l->number);
		copy_col(s, 1, l->action, sizeof l->action);
		copy_col(s, 2, l->actor, sizeof l->actor);
		copy_col(s, 3, l->at, sizeof l->at);
		copy_col(s, 4, l->recorded, sizeof l->recorded);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return err_set(err, ERR_INTERNAL, "late entries: %s", err_sqlite_db(db));
	memset(r->chain_hash, '0', 64);
	r->chain_hash[64] = '\0';
	r->chain_events = 0;
	/* The events are append-only and numbered from 1 without gaps (an
	 * anchor's N is the id `check --anchor` looks up), so the newest one's id
	 * is their count, read without counting millions of rows. */
	if (sqlite3_prepare_v2(db, "SELECT id, lower(hex(hash)) FROM events WHERE id = "
			       "(SELECT max(id) FROM events)", -1, &s, NULL) != SQLITE_OK)
		return err_set(err, ERR_INTERNAL, "chain head: %s", err_sqlite_db(db));
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->chain_events = sqlite3_column_int64(s, 0);
		copy_col(s, 1, r->chain_hash, sizeof r->chain_hash);
	}
	sqlite3_finalize(s);
	return 0;
}

char *report_chain_anchor(const struct report *r, char *buf, size_t size)
{
	snprintf(buf, size, "%" PRId64 ":%s", r->chain_events, r->chain_hash);
	return buf;
}
