/* Private to the actions under src/core/actions/: the rows, and the helpers several steps share. */
#ifndef CDESK_CORE_ACTIONS_ACTION_H
#define CDESK_CORE_ACTIONS_ACTION_H

#include "core/actions.h"
#include "core/cases.h"
#include "../cases_db.h"

#include <jansson.h>

/* Marks a string for translation; the TUI translates it when shown (make pot). */
#define N_(s) (s)

/* Shorthands for a row's parameter list. */
#define PARAMS(a) (a), (int)(sizeof(a) / sizeof((a)[0]))
/* The bases of a closure, satisfied / on-spot / unreasonable (enum close_basis). */
extern const struct vocab action_close_basis;

/* Parameters most rows have. */
#define PARAM_NOTE { "note", PT_LONGTEXT, PF_NOTE, CASE_NOTE_MAX, N_("Note (optional):"), "TEXT", NULL, 0 }
#define PARAM_TEXT(name, flags, max, prompt, meta) \
	{ name, PT_LONGTEXT, flags, max, prompt, meta, NULL, 0 }
#define PARAM_REASON(prompt) PARAM_TEXT("reason", PF_REQUIRED | PF_NOTE, CASE_NOTE_MAX, prompt, "TEXT")
#define PARAM_CHOICE(name, vocab, prompt) \
	{ name, PT_CHOICE, PF_REQUIRED, 0, prompt, NULL, vocab, 0 }

/* allowed() of the rows that any state allows, and of those any active
 * (not final, not paused) state allows. */
int action_any_state(const struct case_record *r, const struct action_args *a, struct err *err);
int action_active(const struct case_record *r, const struct action_args *a, struct err *err);

/* The value of parameter i: given or not, and its text. */
#define GIVEN(args, i) ((args) && (args)->v[i].text != NULL)
#define TEXT(args, i) ((args)->v[i].text)

/* An ERR_STATE refusal: "TS2026-00042 (closed): why". */
int action_refuse(struct err *err, const struct case_record *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* For an active case: 0 when ok, else the refusal fmt; a final or paused case
 * is refused as such first. */
int action_require(struct err *err, const struct case_record *r, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Registered, routed or with feedback in: the round's routing is still open. */
bool action_routing_open(const struct case_record *r);
/* The refusal of a merged case: "merged into X; " and what to do instead. */
int action_refuse_merged(struct err *err, const struct case_record *r, const char *instead);
/* A new reply: the callback and its satisfaction are not yet made. */
void action_forget_callback(struct case_record *r);
/* A refusal for a final or paused case; 0 when the case is active. */
int action_refuse_inactive(struct err *err, const struct case_record *r);

/* Transfers of the current round that are open / answered / either. */
void action_round_counts(const struct case_record *r, int *open, int *answered, int *live);
/* The routing status that the round's transfers imply. */
enum case_status action_routing_status(const struct case_record *r);
/* The pending or approved draft, or NULL. */
struct case_draft *action_current_draft(const struct case_record *r);

/* Replaces a string field with a copy of v (NULL for empty). */
void action_set_str(char **field, const char *v);
/* Sets the case's departments to the round's live transfers (lead first),
 * recomputing a running reply due when their number changed. */
int action_sync_depts(const struct case_ctx *ctx, struct case_record *r, struct err *err);
/* Closes a transfer as answered, returned or cancelled. */
int action_close_transfer(const struct case_ctx *ctx, struct case_transfer *t,
			  enum transfer_state state, const char *feedback, const char *reason,
			  struct err *err);
/* Cancels every open transfer of the round (reject, merge). */
int action_cancel_open_transfers(const struct case_ctx *ctx, struct case_record *r,
				 const char *why, struct err *err);
/* Starts the next dispatch round (二次派单) from ctx->at. */
int action_next_round(const struct case_ctx *ctx, struct case_record *r, bool review,
		      struct err *err);
/* Writes a transfer's due and paused days (resume, recompute). */
int action_save_transfer_due(const struct case_ctx *ctx, const struct case_transfer *t,
			     struct err *err);
/* Meets the running deadline at ctx->at (a met one stays). */
void action_meet_due(const struct case_ctx *ctx, struct case_record *r);

/*
 * The frame of every write to a case (case_act, recompute): takes the
 * write lock, reads the clock, loads the case with details, checks the
 * version seen, the time and the permission. On failure nothing is held.
 * ctx_out is ctx with the time read after the lock.
 */
int action_begin(const struct case_ctx *ctx, struct case_ctx *ctx_out, enum case_action a,
		 const struct action_args *args, const char *number, int64_t seen_version,
		 struct case_record *r, struct err *err);

/*
 * The one place where a role may be refused (SPEC §9), for an action or a
 * permission key: the acting user registered and enabled, the role matrix
 * (roles.c), a handler's departments, and for approvals the chain's step:
 * the role [approvers] names for it, never the draft's author, never a
 * login that filled an earlier step. args are the parsed values (NULL:
 * may any variant be done). 0, else ERR_PERM naming the action and who may.
 */
int cases_permit_action(const struct case_ctx *ctx, enum case_action a,
			const struct case_record *rec, const struct action_args *args,
			struct err *err);
/* Saves r (and its links or intake fields), records the event against old,
 * commits; on failure rolls back. Takes ownership of step->extra. */
int action_finish(const struct case_ctx *ctx, const struct case_record *old,
		  struct case_record *r, const char *event, struct action_step *step,
		  struct err *err);
/* The scalar state of a record, duplicated for the "before" of an event. */
void action_copy_head(struct case_record *dst, const struct case_record *src);

/*
 * Prepares sql, an INSERT of a row of r's in a side table (transfers,
 * drafts) whose first two parameters are the case's id and dispatch round,
 * and binds those two.
 */
static inline int action_prepare_row(const struct case_ctx *ctx, const struct case_record *r,
				     const char *sql, sqlite3_stmt **s, struct err *err)
{
	/* kept prepared (store_stmt): run it with cases_stmt_run */
	int rc = store_stmt(ctx->st, sql, s, err);

	if (!rc) {
		sqlite3_bind_int64(*s, 1, r->id);
		sqlite3_bind_int(*s, 2, r->round);
	}
	return rc;
}

#endif
