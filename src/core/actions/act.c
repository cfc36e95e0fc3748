/* case_act: every action of the table run the same way — values parsed by type, then begin → permission → allowed → apply → event → commit. */
#include "core/i18n.h"
#include "action.h"
#include "core/money.h"
#include "core/text.h"
#include "core/users.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct case_action_def *case_action_get(enum case_action a)
{
	return (int)a >= 0 && a < CA__COUNT ? case_actions[a] : NULL;
}

int case_action_find(const char *code)
{
	for (int i = 0; code && i < CA__COUNT; i++)
		if (strcmp(case_actions[i]->code, code) == 0)
			return i;
	return -1;
}

/* The permission keys after the rows of the table (core/actions.h). */
static const char *const keys[CA__KEYS - CA__COUNT] = { "add", "show", "list", "search",
	"import", "export", "recompute", "user", "backup", "report", "print", "issue",
	"rules" };

const char *case_action_key(enum case_action a)
{
	if ((int)a < 0 || a >= CA__KEYS)
		return NULL;
	return a < CA__COUNT ? case_actions[a]->code : keys[a - CA__COUNT];
}

int case_action_key_find(const char *key)
{
	for (int i = 0; key && i < CA__KEYS; i++)
		if (strcmp(case_action_key(i), key) == 0)
			return i;
	return -1;
}

int case_action_param(const struct case_action_def *d, const char *name)
{
	for (int i = 0; name && i < d->nparams; i++)
		if (strcmp(d->params[i].name, name) == 0)
			return i;
	return -1;
}

/* An amount in yuan (money_parse), the message naming the parameter. */
static int parse_yuan(const char *what, const char *s, int64_t *fen, struct err *err)
{
	int rc = money_parse(s, fen, err);

	if (rc) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		err_set(err, rc, "%s: %s", what, msg);
	}
	return rc;
}

/* "A,B , C" (or full-width "，") into codes; ERR_USAGE past the maximum. */
static int parse_depts(const struct case_ctx *ctx, const char *name, const char *s,
		       struct action_value *v, struct err *err)
{
	const char *parts[RULES_MAX_DEPTS];
	char *hold = NULL;
	int n = text_split_list(s, parts, RULES_MAX_DEPTS, &hold), rc = 0;

	v->ncodes = 0;
	if (n < 0)
		rc = err_set(err, ERR_USAGE, "%s: at most %d departments", name, RULES_MAX_DEPTS);
	for (int i = 0; i < n && !rc; i++) {
		if ((rc = cases_dept_code(ctx, parts[i], v->codes[v->ncodes], err)))
			break;
		for (int k = 0; k < v->ncodes && !rc; k++)
			if (strcmp(v->codes[k], v->codes[v->ncodes]) == 0)
				rc = err_set(err, ERR_USAGE, "department %s is named twice",
					     v->codes[k]);
		if (!rc)
			v->ncodes++;
	}
	free(hold);
	return rc;
}

static int parse_value(const struct case_ctx *ctx, const struct action_param *p,
		       const char *s, struct action_value *v, struct err *err)
{
	char codes[256];

	v->text = s;
	switch (p->type) {
	case PT_TEXT:
	case PT_LONGTEXT:
	case PT_CASE:
		return cases_check_text(p->name, s, p->max ? (size_t)p->max : CASE_NOTE_MAX,
					p->type == PT_LONGTEXT, false, err) ? ERR_USAGE : 0;
	case PT_DEPT:
	case PT_OPEN_DEPT:
		v->ncodes = 1;
		return cases_dept_code(ctx, s, v->codes[0], err);
	case PT_DEPTS:
		return parse_depts(ctx, p->name, s, v, err);
	case PT_CHOICE:
		if ((v->choice = vocab_parse(p->choices, s)) < 0) {
			char *clean = text_sanitize(s);
			int rc = err_set(err, ERR_USAGE, "%s: unknown value '%s' (one of: %s)", p->name,
					 clean, vocab_codes(p->choices, ", ", codes, sizeof codes));
			free(clean);
			return rc;
		}
		return 0;
	case PT_MONEY:
		return parse_yuan(p->name, s, &v->fen, err);
	}
	return err_set(err, ERR_FAIL, "%s: unknown parameter type", p->name);
}

int case_action_parse(const struct case_ctx *ctx, const struct case_action_def *d,
		      const char *const values[ACTION_MAX_PARAMS], struct action_args *args,
		      struct err *err)
{
	int rc, picked = 0, picks = 0;

	memset(args, 0, sizeof *args);
	args->variant = d->variant;
	for (int i = 0; i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		const char *s = values ? values[i] : NULL;
		args->v[i].choice = -1;
		if (p->flags & PF_PICK)
			picks++;
		/* An empty text is not given, but for a field being cleared. */
		if (s && !*s && !(p->flags & PF_PICK))
			s = NULL;
		if (!s)
			continue;
		if (p->flags & PF_PICK)
			picked++;
		if ((rc = parse_value(ctx, p, s, &args->v[i], err)))
			return rc;
	}
	for (int i = 0; i < d->nparams; i++)
		if ((d->params[i].flags & PF_REQUIRED) && !args->v[i].text)
			return err_set(err, ERR_USAGE, "%s: --%s is required", d->code,
				       d->params[i].name);
	if (picks && !picked)
		return err_set(err, ERR_USAGE, "%s: name at least one field to change", d->code);
	return d->check ? d->check(ctx, args, err) : 0;
}

void action_copy_head(struct case_record *dst, const struct case_record *src)
{
	*dst = *src;
	dst->transfers = NULL;
	dst->ntransfers = 0;
	dst->drafts = NULL;
	dst->ndrafts = 0;
	dst->materials = NULL;
	dst->nmaterials = 0;
#define DUP(f) dst->f = src->f ? xstrdup(src->f) : NULL
	DUP(name); DUP(phone); DUP(relation); DUP(address); DUP(id_number);
	DUP(representatives); DUP(patient_name); DUP(patient_record); DUP(unit); DUP(staff);
	DUP(text); DUP(demand); DUP(suggestion); DUP(override); DUP(reply_text);
	DUP(callback_note); DUP(close_note); DUP(reject_note); DUP(pause_reason); DUP(review_reason);
#undef DUP
}

/* An event's step in a message: its code under C, its timeline name when
 * the messages are translated ("note" → 备注). */
static const char *event_word(const char *code)
{
	const struct case_action_def *d = case_action_get(case_action_find(code));
	const char *t;

	if (!code || !core_translated())
		return code;
	if (d && (t = R_(d->timeline)) != d->timeline)
		return t;
	return strcmp(code, "add") == 0 ? R_("registered") : code;
}

/* Refuses a version other than the one the user saw, naming the last step. */
static int check_version(const struct case_ctx *ctx, const struct case_record *r,
			 int64_t seen, struct err *err)
{
	sqlite3_stmt *s;
	char what[160] = "";
	int rc;

	if (seen == 0 || seen == r->version)
		return 0;
	if ((rc = cases_prepare(ctx->st, "SELECT action, actor, at FROM events WHERE case_id = ? "
				"ORDER BY id DESC LIMIT 1", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(what, sizeof what, R_("; last step: %s by %s at %s"),
			 event_word((const char *)sqlite3_column_text(s, 0)),
			 (const char *)sqlite3_column_text(s, 1),
			 (const char *)sqlite3_column_text(s, 2));
	sqlite3_finalize(s);
	return err_set(err, ERR_CONFLICT, "%s was changed by someone else since you saw it "
		       "(version %lld, now %lld%s); look at it again", r->number, (long long)seen,
		       (long long)r->version, what);
}

/* A timeline runs forwards: a step may not be dated before the last. */
static int check_after_last(const struct case_ctx *ctx, const struct case_record *r,
			    struct err *err)
{
	sqlite3_stmt *s;
	char a[20];
	int rc;

	/* kept prepared (store_stmt): every action asks */
	if ((rc = store_stmt(ctx->st, "SELECT at, action FROM events WHERE case_id = ? "
			     /* a view is not a step of the case */
			     "AND action != 'identity-view' ORDER BY at DESC LIMIT 1", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(s, 0), store_time(ctx->at, a)) > 0)
		rc = err_set(err, ERR_USAGE, "%s: --at %s is before the case's last step (%s, %s)",
			     r->number, a, (const char *)sqlite3_column_text(s, 0),
			     event_word((const char *)sqlite3_column_text(s, 1)));
	sqlite3_reset(s);
	return rc;
}

int action_begin(const struct case_ctx *ctx, struct case_ctx *c, enum case_action a,
		 const struct action_args *args, const char *number, int64_t seen_version,
		 struct case_record *r, struct err *err)
{
	char t1[20], t2[20];
	int rc;

	memset(r, 0, sizeof *r);
	*c = *ctx;
	if (!number || !*number)
		return err_set(err, ERR_USAGE, "a case number is required");
	if ((rc = store_begin(c->st, err)))
		return rc;
	/* The time of the action is read once the lock is held. */
	if (c->clock) {
		c->now = c->clock();
		if (!c->at_fixed)
			c->at = c->now;
	}
	if ((rc = cases_check_at(c, err)) || (rc = case_get(c->st, number, true, r, err)) ||
	    (rc = check_version(c, r, seen_version, err)) ||
	    (rc = cases_permit_action(c, a, r, args, err)))
		goto fail;
	if (datetime_cmp(c->at, r->received) < 0) {
		rc = err_set(err, ERR_USAGE, "%s: --at %s is before the case was received (%s)",
			     r->number, store_time(c->at, t1), store_time(r->received, t2));
		goto fail;
	}
	if ((rc = check_after_last(c, r, err)))
		goto fail;
	return 0;
fail:
	case_record_free(r);
	store_rollback(c->st);
	return rc;
}

int action_finish(const struct case_ctx *ctx, const struct case_record *old,
		  struct case_record *r, const char *event, struct action_step *step,
		  struct err *err)
{
	struct case_record fresh;
	json_t *extra = step->extra;
	int rc;

	step->extra = NULL;
	if ((rc = cases_record_save(ctx, r, err)) ||
	    (step->links && (rc = cases_save_links(ctx, r, err))) ||
	    (rc = case_get_id(ctx->st, r->id, false, &fresh, err))) {
		json_decref(extra);
		goto fail;
	}
	rc = cases_record_event(ctx, old, &fresh, event, extra, step->note, err);
	case_record_free(&fresh);
	if (rc)
		goto fail;
	return store_commit(ctx->st, err);
fail:
	store_rollback(ctx->st);
	return rc;
}

int case_act(const struct case_ctx *ctx, enum case_action a, const char *number,
	     int64_t seen_version, const char *const values[ACTION_MAX_PARAMS],
	     const char **done, struct err *err)
{
	const struct case_action_def *d = case_action_get(a);
	struct action_args args;
	struct action_step step = { 0 };
	struct case_record r, old;
	struct case_ctx c;
	int rc;

	if (!d)
		return err_set(err, ERR_USAGE, "unknown action %d", (int)a);
	if ((rc = case_action_parse(ctx, d, values, &args, err)))
		return rc;
	if ((rc = action_begin(ctx, &c, a, &args, number, seen_version, &r, err)))
		return rc;
	if ((rc = d->allowed(&r, &args, err))) {
		case_record_free(&r);
		store_rollback(c.st);
		return rc;
	}
	action_copy_head(&old, &r);
	for (int i = 0; i < d->nparams; i++)
		if (d->params[i].flags & PF_NOTE)
			step.note = args.v[i].text;
	if ((rc = d->apply(&c, &r, &args, &step, err))) {
		json_decref(step.extra);
		store_rollback(c.st);
	} else {
		rc = action_finish(&c, &old, &r, step.event ? step.event : d->code, &step, err);
	}
	if (!rc && done)
		*done = step.done ? step.done : d->done;
	case_record_free(&old);
	case_record_free(&r);
	return rc;
}

int case_allowed(const struct case_record *rec, enum case_action a, struct err *err)
{
	const struct case_action_def *d = case_action_get(a);

	if (!d)
		return err_set(err, ERR_USAGE, "unknown action %d", (int)a);
	return d->allowed(rec, NULL, err);
}

int case_offered(const struct case_ctx *ctx, const struct case_record *rec, enum case_action a,
		 struct err *err)
{
	const struct case_action_def *d = case_action_get(a);
	const struct role_grant *g = &case_role_matrix[a];
	struct action_args args;
	struct user u;
	int rc, i;

	if (!d)
		return err_set(err, ERR_USAGE, "unknown action %d", (int)a);
	if ((rc = cases_permit_action(ctx, a, rec, NULL, err)) || (rc = d->allowed(rec, NULL, err)))
		return rc;
	/* A role allowed one variant only: does the state allow that one? */
	if (g->limit != RL_VALUE || users_actor(ctx, &u, NULL) || (int)u.role != g->limited_role ||
	    (i = case_action_param(d, g->param)) < 0)
		return 0;
	memset(&args, 0, sizeof args);
	for (int k = 0; k < d->nparams; k++)
		args.v[k].choice = -1;
	args.v[i].text = g->value;
	if (d->params[i].type == PT_CHOICE)
		args.v[i].choice = vocab_parse(d->params[i].choices, g->value);
	return d->allowed(rec, &args, err);
}
