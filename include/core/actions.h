/*
 * The table of case actions (SPEC §2): one row per step of a case's life.
 * The CLI builds its commands, options and usage from these rows, the TUI
 * its action menu, prompts, timeline labels and help; case_act() runs every
 * one of them the same way. To add an action: one file under
 * src/core/actions/ defining its row, and one line in
 * include/core/action_list.h.
 */
#ifndef CDESK_CORE_ACTIONS_H
#define CDESK_CORE_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cases.h"
#include "core/err.h"
#include "core/vocab.h"

#include <jansson.h>

enum case_action {
#define CASE_ACTION(id, row) CA_##id,
#include "core/action_list.h"
#undef CASE_ACTION
	CA__COUNT,
	/* Permission keys of what is not a step of a case (cases_permit). */
	CA_ADD = CA__COUNT, CA_SHOW, CA_LIST, CA_SEARCH, CA_IMPORT, CA_EXPORT, CA_RECOMPUTE,
	CA_USER,        /* cdesk user add, role, disable */
	CA_BACKUP,      /* cdesk backup */
	CA_REPORT,      /* cdesk report, digest */
	CA_PRINT,       /* cdesk print: the registration form, the reply letter */
	CA_ISSUE,       /* cdesk report … --issue: a closed period's report kept as issued */
	CA_RULES,       /* cdesk rules learn, misses, model: learning from the office */
	CA__KEYS
};

enum param_type {
	PT_TEXT,        /* one line */
	PT_LONGTEXT,    /* several lines; "-" on the command line reads standard input */
	PT_DEPT,        /* a department, by code or Chinese name */
	PT_OPEN_DEPT,   /* a department holding an open transfer of the round */
	PT_DEPTS,       /* departments, "A,B" */
	PT_CHOICE,      /* one term of a vocabulary, by code or label */
	PT_MONEY,       /* yuan, "350.50" */
	PT_CASE,        /* another case's number */
};

/* Parameter flags. */
enum {
	PF_REQUIRED = 1 << 0,
	/* PT_CHOICE: on the command line each term but the first is its own flag
	 * (close --on-spot | --unreasonable), the first is the default. */
	PF_AS_FLAGS = 1 << 1,
	/* One of a set of optional fields: the TUI asks which one to change
	 * (correct), the command line takes any of them, at least one. */
	PF_PICK = 1 << 2,
	/* The event's note: case_act records this parameter's text as the
	 * step's note unless apply sets another. */
	PF_NOTE = 1 << 3,
};

struct action_param {
	const char *name;           /* --name on the command line, the key in JSON */
	enum param_type type;
	unsigned flags;             /* PF_* */
	int max;                    /* characters of a text; 0: CASE_NOTE_MAX */
	const char *prompt;         /* N_(): the TUI's question */
	const char *meta;           /* the usage's placeholder ("TEXT", "DEPT") */
	const struct vocab *choices;  /* PT_CHOICE */
	/* PF_PICK: where the field's current value is in struct case_record
	 * (offsetof a char * field, or of an int64_t of fen for PT_MONEY), for
	 * the TUI to show it for editing. */
	size_t rec_off;
};

#define ACTION_MAX_PARAMS 16

/* One parameter as the core understood it (case_act parses every value). */
struct action_value {
	const char *text;           /* as given; NULL when not given */
	int choice;                 /* PT_CHOICE: the term; -1 unset */
	int64_t fen;                /* PT_MONEY */
	char codes[RULES_MAX_DEPTS][RULES_CODE_MAX];    /* PT_DEPT, PT_OPEN_DEPT, PT_DEPTS */
	int ncodes;
};

struct action_args {
	struct action_value v[ACTION_MAX_PARAMS];
	int variant;                /* the row's variant (rows sharing one apply) */
};

/* What an action's apply() leaves for case_act to record. */
struct action_step {
	json_t *extra;              /* merged into the event's "after" (owned) */
	const char *note;           /* the event's note (preset: the PF_NOTE parameter's text) */
	const char *event;          /* the event's name when not the row's code ("refuse") */
	const char *done;           /* the CLI's "done" phrase when not the row's */
	bool links;                 /* departments or categories changed: rewrite their rows */
};

struct case_action_def {
	enum case_action id;
	const char *code;           /* the CLI command, the event name, the permission key */
	const char *label;          /* N_(): the TUI's menu entry */
	const char *timeline;       /* N_(): the name of its event on the timeline */
	const char *help;           /* N_(): one line for --help and the TUI's help */
	const char *done;           /* "transferred": the CLI's line after success */
	bool confirm;               /* consequential: the TUI confirms the last step */
	const struct action_param *params;
	int nparams;
	/*
	 * Whether rec's state allows the action: 0 or ERR_STATE with the reason.
	 * args is NULL when the TUI asks before any value is known (then: does
	 * any variant of the action apply).
	 */
	int (*allowed)(const struct case_record *rec, const struct action_args *args,
		       struct err *err);
	/* Checks of the values alone, before the case is loaded (may be NULL). */
	int (*check)(const struct case_ctx *ctx, const struct action_args *args, struct err *err);
	/*
	 * Changes rec (loaded with details, inside the write transaction, its
	 * state allowed) and writes its side rows (transfers, drafts …); the
	 * case row and the event are written by case_act. Fails with nothing
	 * kept: case_act rolls back.
	 */
	int (*apply)(const struct case_ctx *ctx, struct case_record *rec,
		     const struct action_args *args, struct action_step *step, struct err *err);
	/* Passed in args->variant: rows of one family share allowed and apply
	 * (approve 0 / refuse 1, feedback 0 / return 1, reopen 0 / review 1). */
	int variant;
};

/* The table, in the order menus show it. */
extern const struct case_action_def *const case_actions[CA__COUNT];

/* The row of an action; NULL when out of range. */
const struct case_action_def *case_action_get(enum case_action a);
/* The action of a code ("transfer"); -1 when none. */
int case_action_find(const char *code);
/* The index of a row's parameter by name; -1 when none. */
int case_action_param(const struct case_action_def *d, const char *name);

/*
 * Runs one action on the case number: the values (by parameter index,
 * NULL unset) are parsed and checked by their types, then, inside one write
 * transaction: the case is loaded, seen_version (when not 0) must still be
 * its version (else ERR_CONFLICT saying who changed it), cases_permit,
 * allowed, apply, the case row, one event, commit. "Now" (and "at", unless
 * ctx->at_fixed) is read from ctx->clock after the write lock is held. On any
 * failure nothing changes. When done is not NULL it gets the row's "done"
 * phrase (or the one apply chose).
 */
/*
 * The one place where a role may be refused an action (SPEC §9): a step of
 * the table or a permission key (CA_ADD, CA_SHOW …); rec is the case or
 * NULL. Returns 0 when allowed, else ERR_PERM with a message naming the
 * action and the roles that may (an unknown or disabled login: naming an
 * admin to ask). case_act asks it with the step's parsed values too.
 */
int cases_permit(const struct case_ctx *ctx, enum case_action a,
		 const struct case_record *rec, struct err *err);

/*
 * Parses and checks values (by parameter index, NULL unset) by the row's
 * types into args: required, sizes, control characters, vocabularies,
 * amounts, departments. ERR_USAGE or ERR_NOTFOUND naming the parameter.
 */
int case_action_parse(const struct case_ctx *ctx, const struct case_action_def *d,
		      const char *const values[ACTION_MAX_PARAMS], struct action_args *args,
		      struct err *err);

int case_act(const struct case_ctx *ctx, enum case_action a, const char *number,
	     int64_t seen_version, const char *const values[ACTION_MAX_PARAMS],
	     const char **done, struct err *err);

/*
 * Whether rec's state allows action a (args as in the row's allowed, may be
 * NULL): 0 or ERR_STATE with the reason the action itself would give.
 */
int case_allowed(const struct case_record *rec, enum case_action a, struct err *err);

/*
 * The role matrix (src/core/actions/roles.c), read by cases_permit: for
 * each action and permission key, the roles (bits 1 << enum user_role of
 * core/users.h) that may do it, and at most one role that may do it only
 * in part.
 */
enum role_limit {
	RL_NONE,
	RL_VALUE,       /* only with parameter param = value (close --on-spot) */
	RL_INTAKE,      /* only while the case is newly registered and unrouted */
	RL_DEPT_OPEN,   /* a handler: only its own department's open transfer */
	RL_DEPT_DRAFT,  /* a handler: a non-simple case its department leads this round */
	RL_DEPT_CASE,   /* a handler: only a case transferred to its departments */
};

struct role_grant {
	unsigned roles;             /* 1 << enum user_role */
	bool by_chain;              /* approvals: the role the chain's step names ([approvers]) */
	int limited_role;           /* the role the limit applies to (also in roles) */
	enum role_limit limit;
	const char *param, *value;  /* RL_VALUE */
	const char *why;            /* the limit in words, for refusals and the manual */
};

extern const struct role_grant case_role_matrix[CA__KEYS];

/* The permission key of a (the row's code, or "add", "show", "user" …); NULL out of range. */
const char *case_action_key(enum case_action a);
/* The action or permission key of a string; -1 when none. */
int case_action_key_find(const char *key);

/*
 * Whether the acting user may do a on rec, and its state allows it (the
 * TUI's menu: what the user's role and the state allow). 0, or ERR_PERM /
 * ERR_STATE with the reason.
 */
int case_offered(const struct case_ctx *ctx, const struct case_record *rec, enum case_action a,
		 struct err *err);

#endif
