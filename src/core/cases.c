/* The typed calls of the case steps (over case_act, for C callers: the demo, tests), case_status_final, cases_permit, and recompute. */
#include "core/i18n.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/users.h"
#include "core/money.h"
#include "core/progress.h"
#include "core/util.h"
#include "actions/action.h"
#include "cases_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool case_status_final(enum case_status s)
{
	return s == STATUS_CLOSED || s == STATUS_REJECTED || s == STATUS_MERGED;
}

int cases_permit(const struct case_ctx *ctx, enum case_action a,
		 const struct case_record *rec, struct err *err)
{
	return cases_permit_action(ctx, a, rec, NULL, err);
}

/* A role in a refusal: its code under C, its name in the messages' language. */
static const char *role_word(int r)
{
	switch (r) {
	case USER_CLERK: return RC_("role", "clerk");
	case USER_OFFICER: return RC_("role", "officer");
	case USER_HANDLER: return RC_("role", "handler");
	case USER_SUPERVISOR: return RC_("role", "supervisor");
	case USER_ADMIN: return RC_("role", "admin");
	}
	return vocab_code(&vocab_user_role, r);
}

/* What was refused: a step by its timeline name ("transfer" → 交办), another
 * permission key by its word; the key itself under C. */
static const char *action_word(enum case_action a)
{
	static const char *const keys[] = { "add", "show", "list", "search", "import", "export",
		"recompute", "user", "backup", "report", "print", "issue", "rules" };
	const char *const words[] = { RC_("permission", "add"), RC_("permission", "show"),
		RC_("permission", "list"), RC_("permission", "search"),
		RC_("permission", "import"), RC_("permission", "export"),
		RC_("permission", "recompute"), RC_("permission", "user"),
		RC_("permission", "backup"), RC_("permission", "report"),
		RC_("permission", "print"), RC_("permission", "issue"),
		RC_("permission", "rules") };
	const struct case_action_def *d = case_action_get(a);
	const char *key = case_action_key(a), *t;

	if (d) {
		t = R_(d->timeline);
		return t != d->timeline ? t : key;
	}
	for (size_t i = 0; key && i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i], key) == 0)
			return words[i];
	return key;
}

/* "officer, admin, clerk (only resolved on the spot)": who may do a. */
static void who_may(const struct role_grant *g, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int r = 0; r < USER__COUNT; r++)
		if ((g->roles & (1u << r)) && !(g->limit != RL_NONE && g->limited_role == r))
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
						len ? R_(", ") : "", role_word(r));
	if (g->limit != RL_NONE && len < size)
		snprintf(buf + len, size - len, R_("%s%s (only %s)"), len ? R_(", ") : "",
			 role_word(g->limited_role), R_(g->why));
}

static int refuse(enum case_action a, const struct user *u, const char *why, struct err *err)
{
	char who[300];

	who_may(&case_role_matrix[a], who, sizeof who);
	return err_set(err, ERR_PERM, "%s: not allowed to %s (%s)%s%s; this is done by: %s",
		       action_word(a), u->login, role_word((int)u->role),
		       why ? R_(": ") : "", why ? why : "", who);
}

static bool any_transfer(const struct user *u, const struct case_record *r, bool open_now,
			 bool lead_now)
{
	for (int i = 0; i < r->ntransfers; i++) {
		const struct case_transfer *t = &r->transfers[i];
		if ((open_now || lead_now) && t->round != r->round)
			continue;
		if (open_now && t->state != TRANSFER_OPEN)
			continue;
		if (lead_now && (!t->lead || t->state == TRANSFER_RETURNED ||
				 t->state == TRANSFER_CANCELLED))
			continue;
		if (user_in_dept(u, t->dept))
			return true;
	}
	return false;
}

/* A department in a refusal: its code under C, its Chinese name when translated. */
static const char *dept_word(const struct case_ctx *ctx, const char *code)
{
	const struct department *d = ctx && ctx->rules && core_translated()
				     ? rules_dept_find(ctx->rules, code) : NULL;

	return d ? d->name_zh : code;
}

static void depts_of(const struct case_ctx *ctx, const struct user *u, char *buf, size_t size)
{
	size_t len = 0;

	if (!core_translated() || !ctx || !ctx->rules) {
		cases_join_codes((char (*)[RULES_CODE_MAX])u->depts, u->ndepts, buf, size);
		return;
	}
	buf[0] = '\0';
	for (int i = 0; i < u->ndepts && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "、" : "",
					dept_word(ctx, u->depts[i]));
}

/* The limit of a role allowed an action only in part (roles.c). */
static int permit_limited(const struct case_ctx *ctx, const struct user *u, enum case_action a,
			  const struct case_record *r, const struct action_args *args,
			  struct err *err)
{
	const struct role_grant *g = &case_role_matrix[a];
	const struct case_action_def *d = case_action_get(a);
	char why[300], depts[RULES_MAX_DEPTS * RULES_NAME_MAX];
	int i;

	depts_of(ctx, u, depts, sizeof depts);
	switch (g->limit) {
	case RL_VALUE:
		if (!args || !d || (i = case_action_param(d, g->param)) < 0)
			return 0;
		if (d->params[i].type == PT_CHOICE
		    ? strcmp(vocab_code(d->params[i].choices, args->v[i].choice < 0 ? 0 :
					args->v[i].choice), g->value) == 0
		    : args->v[i].text && strcmp(args->v[i].text, g->value) == 0)
			return 0;
		snprintf(why, sizeof why, R_("only %s"), g->why);
		return refuse(a, u, why, err);
	case RL_INTAKE:
		if (!r || (r->status == STATUS_REGISTERED && r->round == 1 && r->ntransfers == 0))
			return 0;
		return refuse(a, u, R_("a clerk may do this only at intake, before the case is routed"),
			      err);
	case RL_DEPT_OPEN:
		if (args && d && (i = case_action_param(d, "dept")) >= 0 && args->v[i].ncodes > 0) {
			if (user_in_dept(u, args->v[i].codes[0]))
				return 0;
			snprintf(why, sizeof why, R_("the transfer to %s is not for a handler of %s"),
				 dept_word(ctx, args->v[i].codes[0]), depts);
			return refuse(a, u, why, err);
		}
		if (!r || any_transfer(u, r, true, false))
			return 0;
		snprintf(why, sizeof why, R_("no open transfer of this case is to %s"), depts);
		return refuse(a, u, why, err);
	case RL_DEPT_DRAFT:
		if (!r || (r->hclass != CLASS_SIMPLE && any_transfer(u, r, false, true)))
			return 0;
		snprintf(why, sizeof why, r->hclass == CLASS_SIMPLE
			 ? R_("the complaint office drafts a simple case's reply (第二十四条)")
			 : R_("%s does not lead this case's round"), depts);
		return refuse(a, u, why, err);
	case RL_DEPT_CASE:
		if (!r || any_transfer(u, r, false, false))
			return 0;
		snprintf(why, sizeof why, R_("the case was never transferred to %s"), depts);
		return refuse(a, u, why, err);
	case RL_NONE:
		break;
	}
	return 0;
}

/* Whether u fills a step whose role is need ("supervisor", "handler:OFFICE"). */
static bool fills(const struct user *u, const char *need)
{
	const char *colon = strchr(need, ':');
	size_t n = colon ? (size_t)(colon - need) : strlen(need);
	const char *role = vocab_code(&vocab_user_role, (int)u->role);

	if (strlen(role) != n || strncmp(role, need, n) != 0)
		return false;
	return !colon || user_in_dept(u, colon + 1);
}

/* "a supervisor", "a handler of OFFICE" */
static const char *need_words(const char *need, char *buf, size_t size)
{
	const char *colon = strchr(need, ':');

	if (colon)
		snprintf(buf, size, "a %.*s of %s", (int)(colon - need), need, colon + 1);
	else
		snprintf(buf, size, "%s %s", strchr("aeiou", need[0]) ? "an" : "a", need);
	return buf;
}

/* Approve and refuse: the separation of duties along the chain (SPEC §9, 第二十四条). */
static int permit_approval(const struct case_ctx *ctx, const struct user *u, enum case_action a,
			   const struct case_record *r, struct err *err)
{
	const struct case_draft *d = r ? action_current_draft(r) : NULL;
	const char *const *steps;
	const char *step, *need;
	char words[80], mine[80];
	int nsteps, at = 0;

	nsteps = r ? rules_approval_chain(ctx->rules, r->hclass, &steps) : 0;
	if (!d || d->state != DRAFT_PENDING || nsteps <= 0) {
		/* Nothing to approve (the state refuses): any approver of the chain may ask. */
		for (int i = 0; i < nsteps; i++)
			if (fills(u, rules_approver(ctx->rules, steps[i])))
				return 0;
		if (!r || nsteps <= 0)
			return 0;
		return err_set(err, ERR_PERM, "%s: not allowed to %s (%s): no step of the %s "
			       "approval chain (%s…) is for a %s", action_word(a), u->login,
			       role_word((int)u->role), class_code(r->hclass),
			       steps[0], role_word((int)u->role));
	}
	for (int i = 0; i < d->napprovals; i++)
		at += d->approvals[i].approved;
	if (at >= nsteps)
		return 0;
	step = steps[at];
	need = rules_approver(ctx->rules, step);
	if (strcmp(d->author, u->login) == 0)
		return err_set(err, ERR_PERM, "%s: %s drafted version %d of the reply; its author "
			       "may not approve or send it back (step %d of %d, %s, needs %s "
			       "other than the author)", case_action_key(a), u->login, d->version,
			       at + 1, nsteps, step, need_words(need, words, sizeof words));
	for (int i = 0; i < d->napprovals; i++)
		if (d->approvals[i].approved && strcmp(d->approvals[i].actor, u->login) == 0)
			return err_set(err, ERR_PERM, "%s: %s already filled step %d (%s) of this "
				       "draft's chain; one login may not fill two steps (step %d, "
				       "%s, needs %s)", case_action_key(a), u->login,
				       d->approvals[i].step + 1, d->approvals[i].role, at + 1, step,
				       need_words(need, words, sizeof words));
	if (!fills(u, need))
		return err_set(err, ERR_PERM, "%s: step %d of %d of the %s approval chain, %s, needs "
			       "%s ([approvers] in rules.ini); %s is %s", case_action_key(a),
			       at + 1, nsteps, class_code(r->hclass), step,
			       need_words(need, words, sizeof words), u->login,
			       need_words(vocab_code(&vocab_user_role, (int)u->role), mine,
					  sizeof mine));
	return 0;
}

int cases_late_margin(const struct case_ctx *ctx)
{
	return ctx->late_margin > 0 ? ctx->late_margin : 10;
}

bool cases_late_entry(const struct case_ctx *ctx)
{
	int64_t ahead = (int64_t)(ctx->now.day - ctx->at.day) * 86400 + ctx->now.sec - ctx->at.sec;

	return ctx->at_fixed && ahead > (int64_t)cases_late_margin(ctx) * 60;
}

/* A step written with an --at well before now (a late entry) is for the
 * roles that answer for the record: admin and officer. */
static int permit_late(const struct case_ctx *ctx, const struct user *u, enum case_action a,
		       struct err *err)
{
	char at[20], now[20];

	if ((a >= CA__COUNT && a != CA_ADD) || !cases_late_entry(ctx) ||
	    u->role == USER_ADMIN || u->role == USER_OFFICER)
		return 0;
	return err_set(err, ERR_PERM, "%s: not allowed to %s (%s): --at %s is more than %d minutes "
		       "before now (%s), a late entry; late entries are made by: admin, officer",
		       action_word(a), u->login, role_word((int)u->role),
		       store_time(ctx->at, at), cases_late_margin(ctx), store_time(ctx->now, now));
}

int cases_permit_action(const struct case_ctx *ctx, enum case_action a,
			const struct case_record *rec, const struct action_args *args,
			struct err *err)
{
	const struct role_grant *g;
	struct user u;
	int rc;

	if ((int)a < 0 || a >= CA__KEYS)
		return err_set(err, ERR_INTERNAL, "no permission key %d", (int)a);
	if ((rc = users_actor(ctx, &u, err)))
		return rc;
	g = &case_role_matrix[a];
	if (!g->by_chain && !(g->roles & (1u << u.role)))
		return refuse(a, &u, NULL, err);
	if ((rc = permit_late(ctx, &u, a, err)))
		return rc;
	if (g->by_chain)
		return permit_approval(ctx, &u, a, rec, err);
	if (g->limit != RL_NONE && (int)u.role == g->limited_role)
		return permit_limited(ctx, &u, a, rec, args, err);
	return 0;
}

/* ---- the typed calls: each builds the values of its row and runs case_act ---- */

#define ACT(a, ...) case_act(ctx, a, number, 0, (const char *const[ACTION_MAX_PARAMS]){ __VA_ARGS__ }, NULL, err)

int case_transfer(const struct case_ctx *ctx, const char *number, const char *lead,
		  const char *const *co, int nco, const char *note, struct err *err)
{
	struct sbuf b = { 0 };
	int rc;

	for (int i = 0; i < nco; i++)
		sbuf_addf(&b, "%s%s", i ? "," : "", co[i] ? co[i] : "");
	rc = ACT(CA_TRANSFER, lead, b.s, note);
	sbuf_free(&b);
	return rc;
}

int case_return(const struct case_ctx *ctx, const char *number, const char *dept,
		const char *reason, struct err *err)
{
	return ACT(CA_RETURN, dept ? dept : "", reason);
}

int case_feedback(const struct case_ctx *ctx, const char *number, const char *dept,
		  const char *text, struct err *err)
{
	return ACT(CA_FEEDBACK, dept ? dept : "", text);
}

int case_draft(const struct case_ctx *ctx, const char *number, const char *text,
	       struct err *err)
{
	return ACT(CA_DRAFT, text);
}

int case_approve(const struct case_ctx *ctx, const char *number, bool refuse,
		 const char *note, struct err *err)
{
	return refuse ? ACT(CA_REFUSE, note) : ACT(CA_APPROVE, note);
}

int case_reply(const struct case_ctx *ctx, const char *number, enum reply_method method,
	       const char *text, struct err *err)
{
	return ACT(CA_REPLY, vocab_code(&vocab_reply_method, (int)method), text);
}

int case_callback(const struct case_ctx *ctx, const char *number, enum satisfaction s,
		  const char *note, struct err *err)
{
	return ACT(CA_CALLBACK, vocab_code(&vocab_satisfaction, (int)s), note);
}

int case_close(const struct case_ctx *ctx, const char *number, enum finding f,
	       enum close_basis basis, int64_t paid_fen, const char *note, struct err *err)
{
	char paid[MONEY_BUF];

	if (paid_fen < 0)
		return err_set(err, ERR_USAGE, "the amount paid may not be negative");
	return ACT(CA_CLOSE, vocab_code(&vocab_finding, (int)f),
		   vocab_code(&action_close_basis, (int)basis), money_format(paid_fen, paid, sizeof paid),
		   note);
}

int case_reject(const struct case_ctx *ctx, const char *number, enum reject_reason r,
		const char *note, struct err *err)
{
	return ACT(CA_REJECT, vocab_code(&vocab_reject_reason, (int)r), note);
}

int case_merge(const struct case_ctx *ctx, const char *number, const char *into,
	       const char *note, struct err *err)
{
	return ACT(CA_MERGE, into, note);
}

int case_pause(const struct case_ctx *ctx, const char *number, const char *reason,
	       struct err *err)
{
	return ACT(CA_PAUSE, reason);
}

int case_resume(const struct case_ctx *ctx, const char *number, const char *note,
		struct err *err)
{
	return ACT(CA_RESUME, note);
}

int case_reopen(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err)
{
	return ACT(CA_REOPEN, reason);
}

int case_review(const struct case_ctx *ctx, const char *number, const char *reason,
		struct err *err)
{
	return ACT(CA_REVIEW, reason);
}

int case_set_class(const struct case_ctx *ctx, const char *number, enum handling_class c,
		   const char *reason, struct err *err)
{
	return ACT(CA_RECLASS, vocab_code(&vocab_class, (int)c), reason);
}

int case_attach(const struct case_ctx *ctx, const char *number, const char *description,
		const char *path, struct err *err)
{
	return ACT(CA_ATTACH, description, path);
}

/* ---- recompute ---- */

/*
 * The working days the case's pauses of this round stood, counted again on
 * the calendar now in force (a holiday added inside a pause shortens it):
 * the round's total in r->round_paused (r->paused_days moves with it), and
 * each open transfer's, the pauses that ended after it was made. The pauses
 * are read from the timeline: each resume's day less its pause's.
 */
static int recount_pauses(const struct case_ctx *ctx, struct case_record *r, struct err *err)
{
	sqlite3_stmt *s;
	struct cdatetime from = cases_no_time(), at;
	int rc, total = 0;
	int *tdays = xcalloc((size_t)r->ntransfers + 1, sizeof *tdays);

	if ((rc = cases_prepare(ctx->st, "SELECT action, at FROM events WHERE case_id = ? AND "
				"action IN ('pause', 'resume') AND at >= ? ORDER BY id", &s, err))) {
		free(tdays);
		return rc;
	}
	sqlite3_bind_int64(s, 1, r->id);
	cases_bind_time(s, 2, r->round_at);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *what = (const char *)sqlite3_column_text(s, 0);
		if (datetime_parse((const char *)sqlite3_column_text(s, 1), &at, NULL))
			continue;
		if (!strcmp(what, "pause")) {
			from = at;
		} else if (cases_time_set(from)) {
			int d = calendar_working_days_between(ctx->cal, from.day, at.day);
			total += d;
			for (int i = 0; i < r->ntransfers; i++)
				if (datetime_cmp(r->transfers[i].at, at) < 0)
					tdays[i] += d;
			from = cases_no_time();
		}
	}
	sqlite3_finalize(s);
	r->paused_days += total - r->round_paused;
	r->round_paused = total;
	for (int i = 0; i < r->ntransfers; i++)
		if (r->transfers[i].round == r->round && r->transfers[i].state == TRANSFER_OPEN)
			r->transfers[i].paused_days = tdays[i];
	free(tdays);
	return 0;
}

int case_recompute(const struct case_ctx *ctx0, const char *number, bool *changed,
		   struct err *err)
{
	struct case_ctx cx, *ctx = &cx;
	struct action_step step = { 0 };
	struct case_record r, old;
	struct cdatetime due;
	json_t *moved;
	int rc, open, answered, live;

	if (changed)
		*changed = false;
	if ((rc = action_begin(ctx0, &cx, CA_RECOMPUTE, NULL, number, 0, &r, err)))
		return rc;
	if (case_status_final(r.status)) {
		case_record_free(&r);
		store_rollback(ctx->st);
		return 0;
	}
	action_copy_head(&old, &r);
	moved = json_array();
	if (r.status != STATUS_PAUSED && (rc = recount_pauses(ctx, &r, err))) {
		json_decref(moved);
		goto fail_head;
	}
	if (!cases_time_set(r.due_met)) {
		if ((rc = cases_reply_due(ctx, &r, &due, err)))
			goto fail;
		r.due = due;
	}
	action_round_counts(&r, &open, &answered, &live);
	for (int i = 0; i < r.ntransfers; i++) {
		struct case_transfer *t = &r.transfers[i];
		json_t *was;
		if (t->round != r.round || t->state != TRANSFER_OPEN)
			continue;
		if ((rc = rules_due_feedback(ctx->rules, ctx->cal, r.hclass, live > 0 ? live : 1,
					     t->at, &due, err)))
			goto fail;
		if (t->paused_days > 0)
			due.day = calendar_add_working_days(ctx->cal, due.day, t->paused_days);
		if (datetime_cmp(due, t->due) == 0)
			continue;
		was = cases_transfer_json(t);
		t->due = due;
		if ((rc = action_save_transfer_due(ctx, t, err))) {
			json_decref(was);
			goto fail;
		}
		{
			json_t *is = cases_transfer_json(t);
			json_array_append_new(moved, json_pack("{s:s, s:O, s:O}", "dept", t->dept,
							       "from", json_object_get(was, "due"),
							       "to", json_object_get(is, "due")));
			json_decref(is);
		}
		json_decref(was);
	}
	if (datetime_cmp(old.due, r.due) == 0 && json_array_size(moved) == 0) {
		json_decref(moved);
		case_record_free(&old);
		case_record_free(&r);
		store_rollback(ctx->st);
		return 0;
	}
	step.extra = json_pack("{s:o}", "transfers_moved", moved);
	rc = action_finish(ctx, &old, &r, "recompute", &step, err);
	if (rc == 0 && changed)
		*changed = true;
	case_record_free(&old);
	case_record_free(&r);
	return rc;
fail:
	json_decref(moved);
fail_head:
	case_record_free(&old);
	case_record_free(&r);
	store_rollback(ctx->st);
	return rc;
}

int cases_recompute_all(const struct case_ctx *ctx, int *checked, int *changed,
			struct err *err)
{
	return cases_recompute_each(ctx, checked, changed, NULL, NULL, err);
}

int cases_recompute_each(const struct case_ctx *ctx, int *checked, int *changed,
			 void (*refused)(void *arg, const char *number, const struct err *why),
			 void *arg, struct err *err)
{
	sqlite3_stmt *s;
	char (*numbers)[32] = NULL;
	int n = 0, cap = 0, rc;

	if (checked)
		*checked = 0;
	if (changed)
		*changed = 0;
	/* Collect first: each case is then its own transaction. */
	if ((rc = cases_prepare(ctx->st, "SELECT number FROM cases WHERE status NOT IN "
				"('closed', 'rejected', 'merged') ORDER BY id", &s, err)))
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			numbers = xrealloc(numbers, (size_t)cap * sizeof *numbers);
		}
		snprintf(numbers[n++], 32, "%s", (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	for (int i = 0; i < n; i++) {
		bool ch;
		progress_note("recompute", i, n);
		if ((rc = case_recompute(ctx, numbers[i], &ch, err))) {
			/* a refusal of this case's own (its dates, its state) is
			 * listed; the user's role or a failure stops all */
			if (!refused || (rc != ERR_USAGE && rc != ERR_STATE && rc != ERR_CONFLICT))
				break;
			refused(arg, numbers[i], err);  /* listed, and on to the next */
			memset(err, 0, sizeof *err);
			rc = 0;
			continue;
		}
		if (checked)
			(*checked)++;
		if (ch && changed)
			(*changed)++;
	}
	progress_end("recompute");
	free(numbers);
	return rc;
}

