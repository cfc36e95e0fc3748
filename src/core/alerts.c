/* The alerts the complaint office sees at once: safety risks and third dispatches not acknowledged (core/alerts.h). */
#include "core/alerts.h"
#include "core/store.h"
#include "core/users.h"
#include "core/vocab.h"
#include "cases_db.h"

#include <stdio.h>
#include <string.h>

/* Repeated from src/core/cases_query.c: the final states. */
#define OPEN_COND "c.status NOT IN ('closed', 'rejected', 'merged')"

/*
 * A safety risk is acknowledged once for good; a dispatch of round three or
 * later is acknowledged by an acknowledgement after the reopen that started
 * it (a case escalated without a reopen event, as restored from a CSV, by
 * any acknowledgement of its escalation).
 */
#define SAFETY_PENDING \
	"((c.flags & 1) != 0 AND NOT EXISTS (SELECT 1 FROM events a WHERE a.case_id = c.id " \
	"AND a.action = 'acknowledge' AND json_extract(a.after, '$.safety') = 1))"
#define ESCALATION_PENDING \
	"(c.escalated = 1 AND NOT EXISTS (SELECT 1 FROM events a WHERE a.case_id = c.id " \
	"AND a.action = 'acknowledge' AND json_extract(a.after, '$.escalated') = 1 AND a.id > " \
	"coalesce((SELECT max(r.id) FROM events r WHERE r.case_id = c.id AND " \
	"r.action = 'reopen'), 0)))"

int case_alerts_pending(struct store *st, struct case_alerts *out, struct err *err)
{
	static const char sql[] =
		"SELECT 0, c.id, c.number, c.round FROM cases c WHERE " OPEN_COND " AND "
		SAFETY_PENDING " UNION ALL "
		"SELECT 1, c.id, c.number, c.round FROM cases c WHERE " OPEN_COND " AND "
		ESCALATION_PENDING " ORDER BY 1, 3";
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = cases_prepare(st, sql, &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_alert *a;
		if (out->n == ALERTS_MAX) {
			out->more++;
			continue;
		}
		a = &out->items[out->n++];
		a->kind = sqlite3_column_int(s, 0) ? ALERT_ESCALATED : ALERT_SAFETY;
		a->id = sqlite3_column_int64(s, 1);
		snprintf(a->number, sizeof a->number, "%s", (const char *)sqlite3_column_text(s, 2));
		a->round = sqlite3_column_int(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "reading the alerts", err);
	return 0;
}

int case_alert_of(struct store *st, int64_t id, bool *safety, bool *escalated,
		  struct err *err)
{
	static const char sql[] = "SELECT " SAFETY_PENDING ", " ESCALATION_PENDING
		" FROM cases c WHERE c.id = ?1";
	sqlite3_stmt *s;
	int rc;

	/* kept prepared (store_stmt): each load of a case with an alert asks */
	if ((rc = store_stmt(st, sql, &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (safety)
			*safety = sqlite3_column_int(s, 0) != 0;
		if (escalated)
			*escalated = sqlite3_column_int(s, 1) != 0;
	}
	rc = rc == SQLITE_ROW ? 0 : store_sql_error(st, "reading the case's alerts", err);
	sqlite3_reset(s);
	return rc;
}

bool case_alerts_role_sees(int role)
{
	return role == USER_OFFICER || role == USER_SUPERVISOR || role == USER_ADMIN;
}
