/* supervise: a case redispatched is supervised (督办, policy 12): the supervisor is named and sees it in the supervised queue. */
#include "action.h"
#include "core/users.h"

enum { P_BY, P_NOTE };

static const struct action_param params[] = {
	[P_BY] = PARAM_TEXT("by", PF_REQUIRED, USER_LOGIN_MAX - 1, N_("Supervisor (督办人) login:"),
			    "LOGIN"),
	[P_NOTE] = PARAM_NOTE,
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return action_require(err, r, r->status != STATUS_PAUSED, "the case is paused; resume "
			      "it first");
}

/* The supervisor is a registered, enabled supervisor of this database. */
static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	struct user u;
	int rc;

	(void)r;
	if ((rc = users_get(ctx->st, TEXT(a, P_BY), &u, err)))
		return rc;
	if (u.disabled || u.role != USER_SUPERVISOR)
		return err_set(err, ERR_USAGE, "--by %s: a supervisor (督办) is an enabled user of "
			       "role supervisor, not %s%s", u.login, vocab_code(&vocab_user_role, (int)u.role),
			       u.disabled ? " (disabled)" : "");
	step->extra = json_pack("{s:s}", "supervisor", u.login);
	return 0;
}

const struct case_action_def action_supervise = {
	CA_SUPERVISE, "supervise", N_("Name the supervisor (督办)"), N_("supervised"),
	N_("name the supervisor of a case (督办), who sees it in the supervised queue"),
	N_("supervisor named"), false, PARAMS(params), allowed, NULL, apply, 0,
};
