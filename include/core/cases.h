/* The life of a case (SPEC §2): registration, routing, feedback, reply, callback, closure — each a transaction and an event. */
#ifndef CDESK_CORE_CASES_H
#define CDESK_CORE_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/vocab.h"

#include <jansson.h>

struct case_record;

/* An unset date (cdate) or date-time (.day) in a record. */
#define CDATE_NONE INT32_MIN

/* Size limits on text fields, in characters (checked with text_check_field). */
#define CASE_TEXT_MAX 20000     /* account, feedback, drafts, replies */
#define CASE_NOTE_MAX 2000      /* reasons, notes, demand, address, representatives */
/* Documents received at intake, at most. */
#define CASE_MATERIALS_MAX 8
#define CASE_SHORT_MAX 100      /* names, phone, relation, record numbers, unit, staff */

/* Who acts, when, and with which rules: passed to every call below. */
struct case_ctx {
	struct store *st;
	const struct ruleset *rules;
	const struct calendar *cal;
	const char *actor;          /* the Unix login, recorded on every event */
	struct cdatetime at;        /* effective time of the action (--at) */
	struct cdatetime now;       /* the real time; an action may not be dated after it */
	const char *prefix;         /* case number prefix, "TS" */
	/* The roles (1 << enum user_role) that see a protected complainant's
	 * identity ([privacy] identity_roles; core/privacy.h); 0: officer and
	 * supervisor. */
	unsigned identity_roles;
	/* The real clock, read by case_act once the write lock is held (a wait
	 * for the lock never dates an action before the last one); NULL: keep
	 * now and at as given. */
	struct cdatetime (*clock)(void);
	bool at_fixed;              /* at was given (--at): the clock does not move it */
	int late_margin;            /* minutes: an --at further before now is a late
				     * entry (admin and officer only); 0: 10 */
	const char *deadline_basis; /* JSON: the SHA-256 of the rules and holiday
				     * files, recorded on an event that computes
				     * deadlines; NULL: see deadline_basis_get */
	/* When deadline_basis is NULL: called for it the first time an event
	 * records it (so that a command moving no deadline never reads the
	 * files); NULL, or returning NULL: not recorded. */
	const char *(*deadline_basis_get)(void *arg);
	void *deadline_basis_arg;
};

/* The step is a late entry: --at given, more than ctx->late_margin minutes
 * before the real time. Its event is marked "entered_late" (SPEC §9). */
bool cases_late_entry(const struct case_ctx *ctx);
int cases_late_margin(const struct case_ctx *ctx);


/* A transfer to one department within one dispatch round. */
enum transfer_state { TRANSFER_OPEN, TRANSFER_ANSWERED, TRANSFER_RETURNED, TRANSFER_CANCELLED };

struct case_transfer {
	int64_t id;
	int round;
	char dept[RULES_CODE_MAX];
	bool lead;                  /* the lead department (牵头) of its round */
	enum transfer_state state;
	struct cdatetime at;        /* when transferred */
	struct cdatetime due;       /* its own feedback deadline */
	struct cdatetime done_at;   /* feedback or return time; .day CDATE_NONE while open */
	char by[64];                /* who transferred */
	char done_by[64];           /* who answered or returned */
	char *feedback;             /* the department's written result (书面反馈) */
	char *reason;               /* the return's reason (第二十二条), or the cancellation's */
	int paused_days;            /* working days its deadline was moved by pauses */
};

enum draft_state { DRAFT_PENDING, DRAFT_APPROVED, DRAFT_REFUSED, DRAFT_SUPERSEDED };

struct case_approval {
	int step;                   /* 0-based index in the class's chain */
	char role[32];              /* the chain step's role, from rules.ini */
	char actor[64];
	bool approved;              /* false: refused (sent back) */
	struct cdatetime at;
	char *note;
};

struct case_draft {
	int64_t id;
	int round;
	int version;                /* 1, 2, … within the case */
	char author[64];
	struct cdatetime at;
	enum draft_state state;
	char *text;
	struct case_approval *approvals;
	int napprovals;
};

struct case_material {
	int64_t id;
	char *description;
	char *path;                 /* optional; NULL */
	char added_by[64];
	struct cdatetime at;
};

/* A case as stored (SPEC §4). Strings are NULL when empty. */
struct case_record {
	int64_t id;
	char number[32];            /* "TS2026-00042" */
	struct cdatetime received;
	enum channel channel;
	enum case_kind kind;
	/* complainant */
	char *name, *phone, *relation, *address, *id_number;
	bool anonymous;
	int group_size;             /* 1 for one complainant */
	char *representatives;      /* of a group complaint */
	/* patient */
	char *patient_name, *patient_record;
	cdate visit_date;           /* CDATE_NONE when unknown */
	/* what it is about */
	char *unit;                 /* subject unit (被投诉科室) */
	char *staff;                /* staff named */
	char *text;                 /* the account in the complainant's words */
	char *demand;               /* 诉求 */
	int64_t claim_fen;          /* claimed; 0 none */
	int64_t paid_fen;           /* paid at closure; 0 none */
	/* classification: the values in force (suggestion or override) */
	char categories[RULES_MAX_CATEGORIES][RULES_CODE_MAX];
	int ncategories;
	char depts[RULES_MAX_DEPTS][RULES_CODE_MAX];   /* depts[0] is the lead */
	int ndepts;
	enum handling_class hclass;
	unsigned flags;             /* enum case_flag bits */
	bool escalated;             /* third dispatch round: leadership informed */
	/* Read with the details (case_get's details): alert_read says alert_pending
	 * is known, alert_pending that a safety risk or a third dispatch waits for
	 * its acknowledgement (core/alerts.h case_alert_of). */
	bool alert_read, alert_pending;
	char *suggestion;           /* the rule suggestion at intake, JSON (with reasons) */
	char *override;             /* JSON of the fields the clerk overrode, or NULL */
	char override_by[64];
	char receiver[64];          /* first receiver (首诉负责), for the whole life */
	/* state */
	enum case_status status;
	int round;                  /* dispatch round, 1 first */
	struct cdatetime round_at;  /* when this round began: receipt, reopening or review */
	int round_paused;           /* working days paused within this round */
	struct cdatetime due;       /* reply due of the current round (or review due) */
	struct cdatetime due_met;   /* when that deadline was met; .day CDATE_NONE while running */
	/* reply, callback, closure */
	char *reply_text;
	int reply_method;           /* enum reply_method, -1 none */
	struct cdatetime replied_at;
	int satisfaction;           /* enum satisfaction of this round's callback, -1 none */
	struct cdatetime callback_at;
	char *callback_note;
	int finding;                /* enum finding, -1 none */
	char *close_note;
	bool close_unreasonable;    /* closed after a written reply to unreasonable demands */
	struct cdatetime closed_at; /* closure, rejection or merge time */
	int reject_reason;          /* enum reject_reason, -1 none */
	char *reject_note;
	char merged_into[32];       /* number of the case this one was merged into, or "" */
	/* pause */
	enum case_status paused_from; /* the status to resume to */
	struct cdatetime paused_at;
	char *pause_reason;
	int paused_days;            /* working days paused so far, all rounds */
	/* review (复核) */
	bool in_review;
	struct cdatetime review_at;
	char *review_reason;
	int64_t version;            /* bumped by every change: a screen can tell it is stale */
	/* The identity was replaced by the marker for this viewer
	 * (case_identity_mask, core/privacy.h); the patient's too. */
	bool identity_masked, identity_masked_patient;
	struct cdatetime updated;
	/* details, filled by case_get only */
	struct case_transfer *transfers;   /* all rounds, in order */
	int ntransfers;
	struct case_draft *drafts;
	int ndrafts;
	struct case_material *materials;
	int nmaterials;
};

/* Frees the strings and arrays of rec (not rec itself) and zeroes it. */
void case_record_free(struct case_record *rec);
/* True for closed, rejected and merged cases. */
bool case_status_final(enum case_status s);

/* What the clerk typed at intake. Strings may be NULL. */
struct case_input {
	int channel;                /* enum channel; required */
	int kind;                   /* enum case_kind; -1: the rules' suggestion */
	struct cdatetime received;  /* .day CDATE_NONE: ctx->at */
	const char *name, *phone, *relation, *address, *id_number;
	bool anonymous;
	int group_size;             /* 0 or 1: one complainant; at most CASE_GROUP_MAX */
	const char *representatives;
	const char *patient_name, *patient_record;
	cdate visit_date;           /* CDATE_NONE: unknown; may not be after receipt */
	const char *unit;           /* must be a unit of rules.ini when given */
	const char *staff;
	const char *text;           /* required */
	const char *demand;
	int64_t claim_fen;          /* 0 none; negative or above MONEY_MAX_FEN refused */
	/* Overrides of the rule suggestion (recorded with the actor as author). */
	int hclass;                 /* enum handling_class; -1: suggested */
	const char *depts[RULES_MAX_DEPTS];     /* codes or Chinese names; [0] lead */
	int ndepts;                 /* 0: suggested */
	const char *categories[RULES_MAX_CATEGORIES];
	int ncategories;            /* 0: suggested */
	unsigned flags_set;         /* flags added to the suggestion */
	unsigned flags_clear;       /* suggested flags the clerk removed */
	const char *materials[CASE_MATERIALS_MAX];  /* documents received, "desc" or "desc=path" */
	int nmaterials;
};

/* A case_input with every "unset" sentinel in place. */
void case_input_init(struct case_input *in);

/*
 * Registers a case: validates every field with case_field_check_input
 * (core/field.h: the messages the form, `cdesk add` and CSV import give;
 * ERR_USAGE, ERR_NOTFOUND for an unknown unit), then what no one field
 * says (a name or phone unless anonymous, a visit after receipt, unknown or
 * repeated departments and categories),
 * runs rules_classify, applies the overrides, computes the reply due date
 * (rules_due_reply), allocates the next gapless number of the received year
 * inside one BEGIN IMMEDIATE transaction and records an "add" event.
 * Status: registered, round 1, receiver ctx->actor. On success out (may be
 * NULL) holds the new case (without details). Nothing is written on failure.
 */
int case_add(const struct case_ctx *ctx, const struct case_input *in, struct case_record *out,
	     struct err *err);

/*
 * Loads a case by number ("TS2026-00042"; case-insensitive prefix) with its
 * transfers, drafts and materials when details is true. ERR_NOTFOUND when
 * there is no such case, ERR_USAGE when number is malformed.
 */
int case_get(struct store *st, const char *number, bool details, struct case_record *out,
	     struct err *err);
/* The same by row id. */
int case_get_id(struct store *st, int64_t id, bool details, struct case_record *out,
		struct err *err);

/* The case's timeline (store_events_list on its id). */
int case_events(struct store *st, const struct case_record *rec, struct store_event **out,
		int *n, struct err *err);

/*
 * Queues (SPEC §5). "Open" means not closed, rejected or merged. Due
 * comparisons use ctx->at as now.
 */
enum case_queue {
	QUEUE_NEW,          /* "new": registered, awaiting routing */
	QUEUE_MINE,         /* "mine": open, first received by ctx->actor */
	QUEUE_DUE_TODAY,    /* "due-today": open, not paused, due later today */
	QUEUE_DUE_SOON,     /* "due-soon": open, not paused, due after today within soon_days working days */
	QUEUE_OVERDUE,      /* "overdue": open, not paused, reply due before now and not met, or a
			     * department's feedback of its round past its own deadline */
	QUEUE_FEEDBACK,     /* "feedback": routed, awaiting department feedback */
	QUEUE_APPROVAL,     /* "approval": a drafted reply awaits approval */
	QUEUE_CALLBACK,     /* "callback": replied, no callback result yet */
	QUEUE_REOPENED,     /* "reopened": open, dispatch round 2 or later, or in review */
	QUEUE_CLOSED,       /* "closed-recent": closed, rejected or merged in the last 30 days */
	QUEUE_RECTIFY,      /* "rectify-late": closed, its rectification (整改) past due, not done */
	QUEUE_SUPERVISED,   /* "supervised": open, ctx->actor named its supervisor (督办) last */
	QUEUE_ESCALATED,    /* "escalated": open, third dispatch or later: leadership's */
	QUEUE_DEPT,         /* "dept:CODE": open, the department among its departments */
	QUEUE_ALL,          /* "all": every case */
	QUEUE__COUNT
};

/* What a queue's condition is compared with, bound to its '?' in order. */
enum case_queue_param {
	QP_NONE,
	QP_ACTOR,                   /* ctx->actor */
	QP_NOW,                     /* ctx->at */
	QP_TODAY_END,               /* 23:59:59 of ctx->at's day */
	QP_SOON_END,                /* 23:59:59 of soon_days working days after it */
	QP_MONTH_AGO,               /* 00:00 thirty days before it */
	QP_DEPT,                    /* the department of QUEUE_DEPT */
	QP_CALLBACK_LATE            /* 00:00 of the first reply day whose callback is not late */
};

/* The queues, one row each in enum order: the one list of them. */
struct case_queue_def {
	const char *code;           /* "due-today": the CLI's name and JSON's */
	const char *label;          /* N_(): the TUI's name */
	const char *cond;           /* SQL over "cases c"; NULL for every case */
	enum case_queue_param params[3];
	/* The index the condition searches when sorted by due (NULL: none,
	 * the sort's own index serves); forced with INDEXED BY where the
	 * planner would take a wider one. */
	const char *index;
	bool force_index;
};
extern const struct case_queue_def case_queues[QUEUE__COUNT];

/* "overdue" → QUEUE_OVERDUE; "dept:MEDICAL" → QUEUE_DEPT with the code in
 * dept (at least RULES_CODE_MAX bytes). -1 when unknown. */
int case_queue_parse(const char *s, char *dept);
const char *case_queue_code(enum case_queue q);
/* "new, mine, due-today, …, dept:CODE, all" for messages. */
const char *case_queue_codes(void);

enum case_sort { SORT_DUE, SORT_RECEIVED, SORT_NUMBER };

/* Narrows a queue; unset members (NULL, -1, 0) do not filter. */
struct case_filter {
	const char *dept;           /* among the case's departments */
	const char *unit;
	int hclass, channel, kind, status;
	unsigned flags;             /* all of these flags set */
	cdate from, to;             /* received day in [from, to]; CDATE_NONE: open-ended */
};
void case_filter_init(struct case_filter *f);

/* One page of a queue or a search. */
struct case_page {
	struct case_record *items;  /* without details */
	int n;
	bool more;                  /* another page follows */
	char cursor[96];            /* pass back to get the next page; "" at the end */
};
void case_page_free(struct case_page *p);

/*
 * One page of a queue with keyset pagination: cursor NULL or "" for the
 * first page, else the previous page's cursor. Sorted by sort then id,
 * descending when desc. limit 1..1000. Every queue and sort is served by an
 * index, so a page costs the same at a million cases. ERR_USAGE for a
 * malformed cursor or limit, ERR_NOTFOUND for an unknown department.
 * soon_days: the window of QUEUE_DUE_SOON (working days; 0 means 2).
 */
int case_list(const struct case_ctx *ctx, enum case_queue q, const char *dept,
	      const struct case_filter *f, enum case_sort sort, bool desc, int soon_days,
	      const char *cursor, int limit, struct case_page *out, struct err *err);
/* How many cases case_list would list in all (for "12/340" and the queue
 * picker's counts). */
int case_list_count(const struct case_ctx *ctx, enum case_queue q, const char *dept,
		    const struct case_filter *f, int soon_days, int64_t *count, struct err *err);

/*
 * Search (SPEC §5): a case number gives that case; a string of digits
 * matches phones by substring; other text matches the account, demand and
 * the complainant's and patient's names — FTS5 trigram for three or more
 * characters, a LIKE scan for one or two. Newest first, keyset paginated
 * like case_list. ERR_USAGE for an empty or invalid query.
 */
int case_search(const struct case_ctx *ctx, const char *query, const char *cursor, int limit,
		struct case_page *out, struct err *err);
/*
 * case_search widened to the ways people quote things (src/core/cases_find.c):
 * 983, 00983 or 2026-00983 for TS2026-00983; a phone with spaces or dashes;
 * a representative's name, a record number, the text of department feedback.
 * One page of at most limit cases, newest first (no cursor); each extra hit
 * is fetched through case_search by its number, so it shows only what a
 * number search would.
 */
int case_find(const struct case_ctx *ctx, const char *query, int limit, struct case_page *out,
	      struct err *err);

/* Working days from ctx->at's day to the case's due day: >0 left, 0 due
 * today, <0 overdue (calendar_days_left). 0 when no due date. */
int case_days_left(const struct calendar *cal, const struct case_record *rec, cdate today);

/*
 * The actions. Each one: checks cases_permit, validates its input
 * (ERR_USAGE naming the problem), loads the case (ERR_NOTFOUND), refuses
 * what the case's state forbids with ERR_STATE and a message saying why
 * ("TS2026-00042 is closed; reopen it first"), then changes the case and
 * appends one event with the changed fields before and after, all in one
 * transaction: on any failure nothing changes. ctx->at may not be after
 * ctx->now, nor before the case was received.
 */


/*
 * Routes the case (转交办, 第十九、二十条) in its current round: lead (may
 * be NULL to add only co-departments to an existing lead) and co[0..nco).
 * Each transfer gets its own feedback deadline (rules_due_feedback). A
 * department already holding an open or answered transfer of this round is
 * refused (ERR_CONFLICT). The case's departments become this round's, and
 * when their number changes the reply due is recomputed (unless met).
 * Allowed while registered, routed or with feedback.
 */
int case_transfer(const struct case_ctx *ctx, const char *number, const char *lead,
		  const char *const *co, int nco, const char *note, struct err *err);

/* A department sends its open transfer back with a written reason (第二十二条).
 * With no open or answered transfer left the case is registered again. */
int case_return(const struct case_ctx *ctx, const char *number, const char *dept,
		const char *reason, struct err *err);

/* A department's written result (书面反馈) on its open transfer. When no
 * transfer of the round is still open the case has status feedback. */
int case_feedback(const struct case_ctx *ctx, const char *number, const char *dept,
		  const char *text, struct err *err);

/*
 * A reply draft (new version; earlier pending or approved drafts are
 * superseded). Allowed with feedback in, after a refused or superseded
 * draft, and on a registered simple case (the office answers itself);
 * refused while transfers are open.
 */
int case_draft(const struct case_ctx *ctx, const char *number, const char *text,
	       struct err *err);

/*
 * The next step of the class's approval chain (rules_approval_chain) on the
 * current draft; after the last step the case is approved. refuse sends the
 * draft back (note required) and the case returns to drafting.
 */
int case_approve(const struct case_ctx *ctx, const char *number, bool refuse,
		 const char *note, struct err *err);

/* The reply sent (第二十四条): method and text (NULL: the approved draft).
 * Requires an approved draft; meets the reply deadline. */
int case_reply(const struct case_ctx *ctx, const char *number, enum reply_method method,
	       const char *text, struct err *err);

/*
 * The callback (回访) after a reply. satisfied / basic leave the case ready
 * to close; unsatisfied reopens it as the next dispatch round (二次派单) with
 * a fresh reply deadline, status registered; the third round sets escalated.
 */
int case_callback(const struct case_ctx *ctx, const char *number, enum satisfaction s,
		  const char *note, struct err *err);

enum close_basis {
	CLOSE_SATISFIED,    /* after a satisfied or basically satisfied callback */
	CLOSE_ON_SPOT,      /* resolved on the spot at registration (round 1, registered) */
	CLOSE_UNREASONABLE  /* a written (letter) reply was given to unreasonable demands */
};

/* Closes (第二十五条) with a finding. paid_fen: compensation paid (0 none,
 * negative refused). */
int case_close(const struct case_ctx *ctx, const char *number, enum finding f,
	       enum close_basis basis, int64_t paid_fen, const char *note, struct err *err);

/* Not accepted (不予受理, 第二十六条) with a reason; open transfers are
 * cancelled. Allowed before a reply was drafted. */
int case_reject(const struct case_ctx *ctx, const char *number, enum reject_reason r,
		const char *note, struct err *err);

/* Merges a duplicate (第十五条第五项) into another case, which must not be
 * merged or rejected itself. Open transfers are cancelled. */
int case_merge(const struct case_ctx *ctx, const char *number, const char *into,
	       const char *note, struct err *err);

/* Stops the clock while the office waits on the complainant (reason
 * required). Refused on final or paused cases. */
int case_pause(const struct case_ctx *ctx, const char *number, const char *reason,
	       struct err *err);
/* Restarts it: the working days paused are added to every running deadline
 * (the reply due, open transfers' feedback dues); met deadlines do not move. */
int case_resume(const struct case_ctx *ctx, const char *number, const char *note,
		struct err *err);

/* Reopens a closed or rejected case as the next dispatch round with a fresh
 * reply deadline (reason required); the third round sets escalated. */
int case_reopen(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err);

/* A review (复核) requested on a closed or rejected case: the case is open
 * again (registered, in review) with the review deadline (rules_due_review). */
int case_review(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err);

/* The last day a review (复核) of rec may be asked: rules.ini
 * review_window_days after the reply, else after the decision that closed it
 * (not accepted); CDATE_NONE when the case has neither. case_review refuses
 * one asked later, and the demo asks none later. */
cdate case_review_last_day(const struct ruleset *rules, const struct case_record *rec);

/* Changes the handling class; the running reply deadline is recomputed (an
 * event), a met deadline is never moved. */
int case_set_class(const struct case_ctx *ctx, const char *number, enum handling_class c,
		   const char *reason, struct err *err);

/*
 * Recomputes the running deadlines of one case by the rules and calendar of
 * ctx (SPEC §3.2: after next year's holiday notice arrives, or rules.ini
 * changed): the reply (or review) due of the current round and each open
 * transfer's feedback due, each moved on by the working days paused. A met
 * deadline never moves. When anything changes it is one "recompute" event
 * (before and after); *changed (may be NULL) says whether it did. Final
 * cases are left alone (not an error).
 */
int case_recompute(const struct case_ctx *ctx, const char *number, bool *changed,
		   struct err *err);
/* case_recompute on every open case, one transaction each; counts in
 * *checked and *changed (may be NULL). Stops at the first failure. */
int cases_recompute_all(const struct case_ctx *ctx, int *checked, int *changed,
			struct err *err);
/*
 * The same, going on past the cases it may not recompute (a time before
 * their receipt or last step, a refusal): each is passed to refused(arg,
 * number, why) and skipped; only an internal failure stops it.
 */
int cases_recompute_each(const struct case_ctx *ctx, int *checked, int *changed,
			 void (*refused)(void *arg, const char *number, const struct err *why),
			 void *arg, struct err *err);

/* Adds a document kept on file (第三十条) by description and optional path. */
int case_attach(const struct case_ctx *ctx, const char *number, const char *description,
		const char *path, struct err *err);

/* The case as a JSON object (what `show --json` prints): number, status,
 * class, dept, depts, due (YYYY-MM-DD), round, flags (array of codes,
 * "escalated" included), every §4 field, and with details transfers,
 * drafts, materials; the caller adds "events" (store_event_to_json).
 * Returns a new reference. */
json_t *case_to_json(const struct case_record *rec, bool details);
/* The n codes (departments, categories) as a JSON array of strings. */
json_t *cases_codes_json(const char (*codes)[RULES_CODE_MAX], int n);
/* Why the rules suggested what they did: [{part, rule, detail} …], as the
 * add event and `cdesk classify --json` keep it. Returns a new reference. */
json_t *case_reasons_json(const struct rule_suggestion *s);
/* One event as a JSON object (before/after parsed back into objects). */
json_t *case_event_to_json(const struct store_event *ev);

#endif
