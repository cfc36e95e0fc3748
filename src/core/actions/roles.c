/* The role matrix (SPEC §1, §9): who may do each action of the table and each other permission key; cases_permit applies it. */
#include "core/i18n.h"
#include "action.h"
#include "core/users.h"

#define R(r) (1u << (r))
#define CLERK R(USER_CLERK)
#define OFFICER R(USER_OFFICER)
#define HANDLER R(USER_HANDLER)
#define SUPERVISOR R(USER_SUPERVISOR)
#define ADMIN R(USER_ADMIN)
#define EVERYONE (CLERK | OFFICER | HANDLER | SUPERVISOR | ADMIN)

/*
 * The admin may do every step but the approvals: it can grant itself any
 * role anyway, so refusing it the steps would add friction and no safety,
 * while each step it takes is on the timeline under its login. Approvals
 * go by the chain's step alone ([approvers] in rules.ini).
 */
const struct role_grant case_role_matrix[CA__KEYS] = {
	[CA_TRANSFER] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_RETURN] = { HANDLER | ADMIN, false, USER_HANDLER, RL_DEPT_OPEN, NULL, NULL,
			"its own department's transfer" },
	[CA_FEEDBACK] = { HANDLER | ADMIN, false, USER_HANDLER, RL_DEPT_OPEN, NULL, NULL,
			  "its own department's transfer" },
	/* 第二十四条: the complaint office drafts simple replies, the
	 * department (with its functional office) general and important ones. */
	[CA_DRAFT] = { OFFICER | HANDLER | ADMIN, false, USER_HANDLER, RL_DEPT_DRAFT, NULL, NULL,
		       N_("a general or important case its department leads") },
	[CA_APPROVE] = { 0, true, 0, RL_NONE, NULL, NULL, NULL },
	[CA_REFUSE] = { 0, true, 0, RL_NONE, NULL, NULL, NULL },
	[CA_REPLY] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_CALLBACK] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_CLOSE] = { CLERK | OFFICER | ADMIN, false, USER_CLERK, RL_VALUE, "basis", "on-spot",
		       N_("resolved on the spot (--on-spot)") },
	[CA_REJECT] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_MERGE] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_PAUSE] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_RESUME] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_REOPEN] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_REVIEW] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_RECLASS] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_ATTACH] = { CLERK | OFFICER | ADMIN, false, USER_CLERK, RL_INTAKE, NULL, NULL,
			N_("at intake, before the case is routed") },
	[CA_NOTE] = { CLERK | OFFICER | ADMIN, false, USER_CLERK, RL_INTAKE, NULL, NULL,
		      N_("at intake, before the case is routed") },
	[CA_CONTACT] = { CLERK | OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_CORRECT] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_TELL] = { CLERK | OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_CONCLUDE] = { OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_RECTIFIED] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_SUPERVISE] = { OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_DISPUTE] = { OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_ACKNOWLEDGE] = { OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_ADD] = { CLERK | OFFICER | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_SHOW] = { EVERYONE, false, USER_HANDLER, RL_DEPT_CASE, NULL, NULL,
		      N_("a case transferred to its departments") },
	[CA_LIST] = { EVERYONE, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_SEARCH] = { EVERYONE, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_IMPORT] = { ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_EXPORT] = { OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_RECOMPUTE] = { ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_USER] = { ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_BACKUP] = { ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_REPORT] = { OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_PRINT] = { CLERK | OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	/* the office's head signs the report off (第二十九条's meeting rests on it) */
	[CA_ISSUE] = { SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
	[CA_RULES] = { OFFICER | SUPERVISOR | ADMIN, false, 0, RL_NONE, NULL, NULL, NULL },
};
