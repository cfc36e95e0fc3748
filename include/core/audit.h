/*
 * The audit of a database beyond its hash chain (store_check): every case's
 * fields against the replay of its events, the full-text index against the
 * cases, and the chain head (event count and last hash) that a report
 * prints and `cdesk check --anchor N:HASH` confirms later.
 */
#ifndef CDESK_CORE_AUDIT_H
#define CDESK_CORE_AUDIT_H

#include "core/err.h"
#include "core/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The end of the event chain: the number of events and the last one's hash
 * (64 zeros and count 0 for an empty log). */
struct audit_head {
	int64_t count;
	char hash[65];
};

int audit_head(struct store *st, struct audit_head *h, struct err *err);
/* "N:HASH" into buf (at least 88 bytes). */
char *audit_head_format(const struct audit_head *h, char *buf, size_t size);

/* Called with each problem found (a case whose fields differ from its
 * events, a missing or stale row of the full-text index). */
typedef void audit_problem_fn(const char *msg, void *arg);

/*
 * Replays each case's events (the add or import event's fields over a blank
 * record, each later event's "after" over the result: a key an event does
 * not name is unchanged) and compares the result with the case's row over
 * the keys of cases_snapshot. One pass over the cases and one over the
 * events, in case order: linear in the size of the log. *cases gets the
 * number of cases compared, *bad the number that differ (each reported to
 * fn, naming the case and the fields, never their values). ERR_INTERNAL
 * when the check could not run; 0 otherwise, whatever it found.
 */
int audit_replay(struct store *st, long *cases, long *bad, audit_problem_fn *fn, void *arg,
		 struct err *err);

/*
 * The full-text index (cases_fts) against the cases: a case without its
 * row, a row whose text is not the case's, a row of no case, and FTS5's own
 * integrity check of the index against its rows. *bad gets the count.
 */
int audit_fts(struct store *st, long *bad, audit_problem_fn *fn, void *arg, struct err *err);

/*
 * The rows of case_depts and case_categories (the department queues and the
 * report's counts) against each case's departments (lead first) and
 * categories. *bad gets the count.
 */
int audit_links(struct store *st, long *bad, audit_problem_fn *fn, void *arg, struct err *err);

/*
 * "N:HASH" (HASH the full 64 hex digits, or at least 12 of their start) is
 * still in the chain: event N exists and has that hash. ERR_USAGE for a
 * malformed anchor; ERR_FAIL naming what happened (the chain ends before
 * event N: events were cut from its end; event N has another hash: the
 * chain was rewritten). st NULL: checks the form only.
 */
int audit_anchor(struct store *st, const char *anchor, struct err *err);

/* The event is marked a late entry (cases_late_entry when it was written). */
bool case_event_late(const struct store_event *ev);
/* The rules and holiday files (with the start of their SHA-256) that
 * computed the event's deadlines, as one line of text; NULL when none
 * (free it). */
char *case_event_basis(const struct store_event *ev);

#endif
