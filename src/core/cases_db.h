/* Private to the case store (cases*.c, and caseio.c and demo.c, which write case rows
 * in bulk): row loading and SQL helpers. */
#ifndef CDESK_CORE_CASES_DB_H
#define CDESK_CORE_CASES_DB_H

#include "core/cases.h"

#include <sqlite3.h>

/* The columns of a case row, in the order case_from_row reads them. */
#define CASE_COLUMNS \
	"c.id, c.number, c.received, c.channel, c.kind, c.name, c.phone, c.relation, " \
	"c.address, c.id_number, c.anonymous, c.group_size, c.representatives, " \
	"c.patient_name, c.patient_record, c.visit_date, c.unit, c.staff, c.account, " \
	"c.demand, c.claim_fen, c.paid_fen, c.categories, c.dept, c.depts, c.class, " \
	"c.flags, c.escalated, c.suggestion, c.override, c.override_by, c.receiver, " \
	"c.status, c.round, c.round_at, c.round_paused, c.due, c.due_met, c.reply_text, " \
	"c.reply_method, c.replied_at, c.satisfaction, c.callback_at, c.callback_note, " \
	"c.finding, c.close_note, c.close_unreasonable, c.closed_at, c.reject_reason, " \
	"c.reject_note, (SELECT m.number FROM cases m WHERE m.id = c.merged_into), " \
	"c.paused_from, c.paused_at, c.pause_reason, c.paused_days, c.in_review, " \
	"c.review_at, c.review_reason, c.version, c.updated"

/* Fills rec (zeroed first) from a row selected with CASE_COLUMNS. */
void case_from_row(sqlite3_stmt *s, struct case_record *rec);

int cases_prepare(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err);
void cases_bind_text(sqlite3_stmt *s, int i, const char *v);
/* NULL when t.day is CDATE_NONE. */
void cases_bind_time(sqlite3_stmt *s, int i, struct cdatetime t);

/* An unset date-time. */
struct cdatetime cases_no_time(void);
static inline int cases_time_set(struct cdatetime t)
{
	return t.day != CDATE_NONE;
}

#endif
