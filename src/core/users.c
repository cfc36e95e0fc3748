/* The staff of the database: who each Unix login is, its role and departments; every change an event. */
#include "core/actions.h"
#include "core/users.h"
#include "core/util.h"
#include "cases_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


bool user_in_dept(const struct user *u, const char *code)
{
	if (u->role != USER_HANDLER)
		return false;
	for (int i = 0; i < u->ndepts; i++)
		if (strcmp(u->depts[i], code) == 0)
			return true;
	return false;
}

static void split_depts(const char *csv, struct user *u)
{
	const char *p = csv;

	u->ndepts = 0;
	while (p && *p && u->ndepts < RULES_MAX_DEPTS) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n > 0 && n < RULES_CODE_MAX)
			snprintf(u->depts[u->ndepts++], RULES_CODE_MAX, "%.*s", (int)n, p);
		p = comma ? comma + 1 : NULL;
	}
}

static void from_row(sqlite3_stmt *s, struct user *u)
{
	const char *v;

	memset(u, 0, sizeof *u);
	snprintf(u->login, sizeof u->login, "%s", (const char *)sqlite3_column_text(s, 0));
	u->role = (enum user_role)vocab_parse(&vocab_user_role, (const char *)sqlite3_column_text(s, 1));
	if ((int)u->role < 0)
		u->role = USER_CLERK;   /* the CHECK constraint keeps other values out */
	split_depts((const char *)sqlite3_column_text(s, 2), u);
	if ((v = (const char *)sqlite3_column_text(s, 3)))
		snprintf(u->name, sizeof u->name, "%s", v);
	u->disabled = sqlite3_column_int(s, 4) != 0;
}

#define USER_COLUMNS "login, role, depts, name, disabled"

int users_get(struct store *st, const char *login, struct user *u, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	/* kept prepared (store_stmt): every action reads its actor */
	if ((rc = store_stmt(st, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", &s, err)))
		return rc;
	cases_bind_text(s, 1, login);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		from_row(s, u);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = err_set(err, ERR_NOTFOUND, "no user '%s' (see cdesk user list)", login);
	} else {
		rc = store_sql_error(st, "users", err);
	}
	sqlite3_reset(s);
	return rc;
}

int users_list(struct store *st, struct user **out, int *n, struct err *err)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	*out = NULL;
	*n = 0;
	if ((rc = cases_prepare(st, "SELECT " USER_COLUMNS " FROM users ORDER BY login", &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		from_row(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_sql_error(st, "users", err);
	}
	return 0;
}

/* "ask an administrator (wanghong, zhaoming)": the enabled admins, for refusals. */
static void admins(struct store *st, char *buf, size_t size)
{
	sqlite3_stmt *s;
	struct sbuf b = { 0 };

	buf[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), "SELECT login, name FROM users WHERE role = 'admin' "
			       "AND disabled = 0 ORDER BY login LIMIT 5", -1, &s, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 1);
		sbuf_addf(&b, "%s%s%s%s", b.len ? ", " : "", (const char *)sqlite3_column_text(s, 0),
			  name && *name ? " " : "", name && *name ? name : "");
	}
	sqlite3_finalize(s);
	snprintf(buf, size, "%s", b.s ? b.s : "");
	sbuf_free(&b);
}

int users_actor(const struct case_ctx *ctx, struct user *u, struct err *err)
{
	char who[400];
	struct err e = { 0 };
	int rc = users_get(ctx->st, ctx->actor, u, &e);

	if (rc && rc != ERR_NOTFOUND)
		return err_set(err, rc, "%s", e.msg);
	if (!rc && !u->disabled)
		return 0;
	admins(ctx->st, who, sizeof who);
	if (!who[0])
		return err_set(err, ERR_PERM, "%s: no user is registered in %s (a database made "
			       "before roles); its owner registers the first admin: cdesk user add "
			       "LOGIN --role admin", ctx->actor, store_path(ctx->st));
	if (rc)
		return err_set(err, ERR_PERM, "%s is not a registered user of this database; ask an "
			       "administrator (%s) to add you: cdesk user add %s --role ROLE",
			       ctx->actor, who, ctx->actor);
	return err_set(err, ERR_PERM, "%s is a disabled user of this database; ask an administrator "
		       "(%s) to enable you: cdesk user role %s --role ROLE", ctx->actor, who, ctx->actor);
}

json_t *users_to_json(const struct user *u)
{
	json_t *d = json_array();

	for (int i = 0; i < u->ndepts; i++)
		json_array_append_new(d, json_string(u->depts[i]));
	return json_pack("{s:s, s:s, s:o, s:s?, s:b}", "login", u->login, "role",
			 vocab_code(&vocab_user_role, (int)u->role), "depts", d, "name",
			 u->name[0] ? u->name : NULL, "disabled", u->disabled);
}

static int save(const struct case_ctx *ctx, const struct user *u, bool insert, struct err *err)
{
	char depts[RULES_MAX_DEPTS * RULES_CODE_MAX];
	sqlite3_stmt *s;
	int rc;

	cases_join_codes((char (*)[RULES_CODE_MAX])u->depts, u->ndepts, depts, sizeof depts);
	if ((rc = cases_prepare(ctx->st, insert
				? "INSERT INTO users (login, role, depts, name, disabled) VALUES (?, ?, ?, ?, ?)"
				: "UPDATE users SET role = ?2, depts = ?3, name = ?4, disabled = ?5 "
				  "WHERE login = ?1", &s, err)))
		return rc;
	cases_bind_text(s, 1, u->login);
	sqlite3_bind_text(s, 2, vocab_code(&vocab_user_role, (int)u->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, depts, -1, SQLITE_TRANSIENT);
	cases_bind_text(s, 4, u->name[0] ? u->name : NULL);
	sqlite3_bind_int(s, 5, u->disabled);
	return cases_step_done(ctx->st, s, "user", err);
}

/* The row and its database-level event, inside the caller's transaction. */
static int record(const struct case_ctx *ctx, const struct user *old, const struct user *u,
		  const char *action, struct err *err)
{
	json_t *b = old ? json_pack("{s:o}", "user", users_to_json(old)) : NULL;
	json_t *a = json_pack("{s:o}", "user", users_to_json(u));
	char *bs = b ? cases_json_dump(b) : NULL, *as = cases_json_dump(a);
	int rc = save(ctx, u, old == NULL, err);

	if (!rc)
		rc = store_event_append(ctx->st, &(struct store_event_in){
						.actor = ctx->actor, .at = ctx->at,
						.recorded = ctx->now, .action = action,
						.before = bs, .after = as }, NULL, err);
	free(bs);
	free(as);
	json_decref(b);
	json_decref(a);
	return rc;
}

/* ctx->actor may manage users (an enabled admin), or the refusal naming the action. */
static int need_admin(const struct case_ctx *ctx, struct err *err)
{
	return cases_permit(ctx, CA_USER, NULL, err);
}

static int check_login(const char *login, struct err *err)
{
	if (!login || !*login)
		return err_set(err, ERR_USAGE, "a login is required");
	if (strlen(login) >= USER_LOGIN_MAX)
		return err_set(err, ERR_USAGE, "login '%.20s…' is longer than %d bytes", login,
			       USER_LOGIN_MAX - 1);
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.' ||
		      (*p == '$' && !p[1])))
			return err_set(err, ERR_USAGE, "'%s' is not a Unix login name", login);
	return 0;
}

/* The role and departments into u: a handler needs departments, the others none. */
static int set_role(const struct case_ctx *ctx, struct user *u, enum user_role role,
		    const char *const *depts, int ndepts, struct err *err)
{
	int rc;

	if ((int)role < 0 || role >= USER__COUNT)
		return err_set(err, ERR_USAGE, "unknown role");
	if (role == USER_HANDLER && ndepts == 0)
		return err_set(err, ERR_USAGE, "a handler needs its department(s): --dept CODE");
	if (role != USER_HANDLER && ndepts > 0)
		return err_set(err, ERR_USAGE, "only a handler is bound to departments (--dept)");
	if (ndepts > RULES_MAX_DEPTS)
		return err_set(err, ERR_USAGE, "at most %d departments", RULES_MAX_DEPTS);
	u->role = role;
	u->ndepts = 0;
	for (int i = 0; i < ndepts; i++) {
		if (!ctx->rules)
			return err_set(err, ERR_USAGE, "no rules loaded to name departments");
		if ((rc = cases_dept_code(ctx, depts[i], u->depts[u->ndepts], err)))
			return rc;
		if (!user_in_dept(u, u->depts[u->ndepts]))
			u->ndepts++;
	}
	return 0;
}

static int add(const struct case_ctx *ctx, const char *login, enum user_role role,
	       const char *const *depts, int ndepts, const char *name, bool bootstrap,
	       struct err *err)
{
	struct user u = { 0 }, old;
	sqlite3_stmt *s;
	int rc, n = 0;

	if ((rc = check_login(login, err)))
		return rc;
	if (name && cases_check_text("name", name, CASE_SHORT_MAX, false, false, err))
		return ERR_USAGE;
	snprintf(u.login, sizeof u.login, "%s", login);
	if (name)
		snprintf(u.name, sizeof u.name, "%s", name);
	if ((rc = set_role(ctx, &u, role, depts, ndepts, err)))
		return rc;
	if ((rc = store_begin(ctx->st, err)))
		return rc;
	if (bootstrap) {
		if ((rc = cases_prepare(ctx->st, "SELECT count(*) FROM users", &s, err)))
			goto fail;
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		if (n > 0) {
			rc = err_set(err, ERR_CONFLICT, "%s already has users; an admin adds more "
				     "(cdesk user add)", store_path(ctx->st));
			goto fail;
		}
	} else if ((rc = need_admin(ctx, err))) {
		goto fail;
	}
	if (users_get(ctx->st, login, &old, NULL) == 0) {
		rc = err_set(err, ERR_CONFLICT, "%s is already a user (%s%s); change it with cdesk "
			     "user role", login, vocab_code(&vocab_user_role, (int)old.role),
			     old.disabled ? ", disabled" : "");
		goto fail;
	}
	if ((rc = record(ctx, NULL, &u, "user-add", err)))
		goto fail;
	return store_commit(ctx->st, err);
fail:
	store_rollback(ctx->st);
	return rc;
}

int users_add(const struct case_ctx *ctx, const char *login, enum user_role role,
	      const char *const *depts, int ndepts, const char *name, struct err *err)
{
	return add(ctx, login, role, depts, ndepts, name, false, err);
}

int users_bootstrap(const struct case_ctx *ctx, const char *login, const char *name,
		    struct err *err)
{
	return add(ctx, login ? login : ctx->actor, USER_ADMIN, NULL, 0, name, true, err);
}

/* Loads login for a change by an admin, inside a transaction the caller ends. */
static int change_begin(const struct case_ctx *ctx, const char *login, struct user *u,
			struct err *err)
{
	int rc;

	if ((rc = store_begin(ctx->st, err)))
		return rc;
	if ((rc = need_admin(ctx, err)) || (rc = users_get(ctx->st, login, u, err)))
		store_rollback(ctx->st);
	return rc;
}

/* The last enabled admin may not lock everybody out. */
static int keep_an_admin(const struct case_ctx *ctx, const struct user *old,
			 const struct user *u, struct err *err)
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (old->role != USER_ADMIN || old->disabled || (u->role == USER_ADMIN && !u->disabled))
		return 0;
	if ((rc = cases_prepare(ctx->st, "SELECT count(*) FROM users WHERE role = 'admin' AND "
				"disabled = 0", &s, err)))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (n <= 1)
		return err_set(err, ERR_CONFLICT, "%s is the last enabled admin; make another "
			       "admin first", old->login);
	return 0;
}

int users_set_role(const struct case_ctx *ctx, const char *login, enum user_role role,
		   const char *const *depts, int ndepts, struct err *err)
{
	struct user u, old;
	int rc;

	if ((rc = change_begin(ctx, login, &old, err)))
		return rc;
	u = old;
	u.disabled = false;     /* a new role enables a disabled login again */
	if ((rc = set_role(ctx, &u, role, depts, ndepts, err)) ||
	    (rc = keep_an_admin(ctx, &old, &u, err)) ||
	    (rc = record(ctx, &old, &u, "user-role", err))) {
		store_rollback(ctx->st);
		return rc;
	}
	return store_commit(ctx->st, err);
}

int users_disable(const struct case_ctx *ctx, const char *login, struct err *err)
{
	struct user u, old;
	int rc;

	if ((rc = change_begin(ctx, login, &old, err)))
		return rc;
	u = old;
	u.disabled = true;
	if (old.disabled)
		rc = err_set(err, ERR_STATE, "%s is already disabled", login);
	if (rc || (rc = keep_an_admin(ctx, &old, &u, err)) ||
	    (rc = record(ctx, &old, &u, "user-disable", err))) {
		store_rollback(ctx->st);
		return rc;
	}
	return store_commit(ctx->st, err);
}

int users_seed(const struct case_ctx *ctx, const char *login, enum user_role role,
	       const char *depts_csv, const char *name, struct err *err)
{
	struct user u = { 0 }, old;

	if (users_get(ctx->st, login, &old, NULL) == 0)
		return 0;
	snprintf(u.login, sizeof u.login, "%s", login);
	u.role = role;
	split_depts(depts_csv, &u);
	if (name)
		snprintf(u.name, sizeof u.name, "%s", name);
	return record(ctx, NULL, &u, "user-add", err);
}
