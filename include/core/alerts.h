/*
 * What the complaint office must see at once (第二十一条, policy 12): open
 * cases carrying the medical-safety flag that nobody has acknowledged, and
 * third (or later) dispatches not acknowledged since that dispatch. Both are
 * read from the database, so an acknowledgement (cdesk acknowledge) clears
 * them in every terminal.
 */
#ifndef CDESK_CORE_ALERTS_H
#define CDESK_CORE_ALERTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct store;

enum alert_kind {
	ALERT_SAFETY,               /* a medical-safety risk not yet acknowledged */
	ALERT_ESCALATED,            /* a third dispatch not yet acknowledged */
};

struct case_alert {
	enum alert_kind kind;
	int64_t id;                 /* the case's id */
	char number[32];
	int round;                  /* the dispatch round */
};

#define ALERTS_MAX 16

struct case_alerts {
	struct case_alert items[ALERTS_MAX];    /* safety first, each kind by number */
	int n;
	int more;                   /* pending ones beyond ALERTS_MAX */
};

/* The pending alerts of the whole database. ERR_INTERNAL on an SQL failure. */
int case_alerts_pending(struct store *st, struct case_alerts *out, struct err *err);

/* What case id has pending: its safety flag, its escalation (either may be NULL). */
int case_alert_of(struct store *st, int64_t id, bool *safety, bool *escalated,
		  struct err *err);

/* Whether a role code ("officer" …) is shown the alerts: the office and its leadership. */
bool case_alerts_role_sees(int role);

#endif
