/* The staff registered in the database (SPEC §9): each Unix login's role and, for handlers, departments. */
#ifndef CDESK_CORE_USERS_H
#define CDESK_CORE_USERS_H

#include <stdbool.h>

#include <jansson.h>

#include "core/cases.h"
#include "core/err.h"
#include "core/rules.h"
#include "core/vocab.h"

enum user_role { USER_CLERK, USER_OFFICER, USER_HANDLER, USER_SUPERVISOR, USER_ADMIN,
		 USER__COUNT };

/* "clerk", "officer", "handler", "supervisor", "admin" with their Chinese names. */
extern const struct vocab vocab_user_role;

#define USER_LOGIN_MAX 64

struct user {
	char login[USER_LOGIN_MAX];
	enum user_role role;
	char depts[RULES_MAX_DEPTS][RULES_CODE_MAX];   /* a handler's departments */
	int ndepts;
	char name[128];             /* 姓名; may be empty */
	bool disabled;
};

/* Whether u is a handler bound to department code. */
bool user_in_dept(const struct user *u, const char *code);

/*
 * The registered user login: 0, ERR_NOTFOUND when none (the message names
 * the login), ERR_INTERNAL on an SQL failure.
 */
int users_get(struct store *st, const char *login, struct user *u, struct err *err);

/*
 * The acting user (ctx->actor), enabled: 0, else ERR_PERM "login is not a
 * registered user (disabled) of this database; ask an administrator (…) to
 * add you: cdesk user add LOGIN --role ROLE", naming the enabled admins.
 */
int users_actor(const struct case_ctx *ctx, struct user *u, struct err *err);

/* Every user, by login; *out to free(). */
int users_list(struct store *st, struct user **out, int *n, struct err *err);

/*
 * The changes, each refused with ERR_PERM unless ctx->actor is an enabled
 * admin, each one database-level event (case_id NULL, "user-add",
 * "user-role", "user-disable") in its own transaction. depts are codes or
 * names of ctx->rules' departments (required for a handler, refused for
 * the others); name may be NULL.
 */
int users_add(const struct case_ctx *ctx, const char *login, enum user_role role,
	      const char *const *depts, int ndepts, const char *name, struct err *err);
int users_set_role(const struct case_ctx *ctx, const char *login, enum user_role role,
		   const char *const *depts, int ndepts, struct err *err);
int users_disable(const struct case_ctx *ctx, const char *login, struct err *err);

/*
 * Makes login (NULL: ctx->actor) the first admin of a database that has no
 * user yet (`cdesk init`, `cdesk demo`, or an older database after its
 * migration, by the file's owner): ERR_CONFLICT when a user exists. The
 * caller decides who may; ctx->rules may be NULL.
 */
int users_bootstrap(const struct case_ctx *ctx, const char *login, const char *name,
		    struct err *err);

/* Registers a user with no permission asked, inside the caller's
 * transaction (the demo generator, test fixtures), with its "user-add"
 * event by ctx->actor. depts_csv: "MEDICAL,NURSING" or NULL. An existing
 * login is left as it is. */
int users_seed(const struct case_ctx *ctx, const char *login, enum user_role role,
	       const char *depts_csv, const char *name, struct err *err);

/* A user as JSON (user list --json, the user events): login, role, depts, name, disabled. */
json_t *users_to_json(const struct user *u);
#endif
