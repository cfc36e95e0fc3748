/* The rule module: classification of a complaint and its due dates, from data/rules.ini. */
#ifndef CDESK_CORE_RULES_H
#define CDESK_CORE_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/vocab.h"

#define RULES_CODE_MAX 24       /* department / category / unit code, bytes incl. NUL */
#define RULES_NAME_MAX 64
#define RULES_MAX_DEPTS 8       /* departments on one suggestion */
#define RULES_MAX_CATEGORIES 8
#define RULES_MAX_REASONS 48

struct ruleset;

struct department {
	char code[RULES_CODE_MAX];      /* "MEDICAL" */
	char name_zh[RULES_NAME_MAX];   /* "医务部" */
	char name_en[RULES_NAME_MAX];   /* "Medical Affairs" */
	/* what a narrow column shows instead of a cut name; "" when none */
	char short_zh[RULES_NAME_MAX];  /* "投诉科" for "医患关系协调办公室(投诉科)" */
	char short_en[RULES_NAME_MAX];  /* "Med. Aff" */
};

struct category {
	char code[RULES_CODE_MAX];
	char name_zh[RULES_NAME_MAX];
};

/* What is known of a case so far; any field may be empty or zero. */
struct rule_input {
	const char *text;           /* the account in the complainant's words */
	const char *demand;         /* what they ask for (诉求) */
	const char *unit;           /* subject unit, if chosen */
	int64_t claim_fen;          /* claimed amount typed by the clerk; 0 = none */
	int group_size;             /* number of complainants; 0 or 1 = one */
	int channel;                /* enum channel, or -1 unknown */
	bool anonymous;
};

/* One line of "why": which rule, which keywords, what it decided. */
struct rule_reason {
	char part[24];              /* "dept", "category", "class", "kind", "flag:media" … */
	char rule[48];              /* the [rule:…] section name, or "default", "threshold" */
	char detail[208];           /* e.g. "护士, 态度 → NURSING (weight 3)" */
};

struct rule_suggestion {
	enum case_kind kind;
	char categories[RULES_MAX_CATEGORIES][RULES_CODE_MAX];
	int ncategories;
	char depts[RULES_MAX_DEPTS][RULES_CODE_MAX];   /* depts[0] is the lead department */
	int ndepts;
	enum handling_class hclass;
	unsigned flags;             /* enum case_flag bits */
	int64_t claim_fen;          /* the claim typed, or one read from the text */
	bool defaulted;             /* no rule matched: the complaint office by default */
	/*
	 * A rule's not_accepted reason (第二十六条: already in court, a police
	 * case …): the office may decline the complaint. Only a suggestion,
	 * which the officer confirms; "" when none. Points into the ruleset.
	 */
	const char *not_accepted;
	struct rule_reason reasons[RULES_MAX_REASONS];
	int nreasons;
};

/*
 * Loads a rules file. Fails with ERR_DATA and "path:line: [section] key:
 * what is wrong" on the first problem; *out is then untouched.
 */
int rules_load(const char *path, struct ruleset **out, struct err *err);
void rules_free(struct ruleset *rs);

/*
 * The keyword rules ([rule:NAME] sections: keywords, requires, unless …)
 * are parsed on first use, not by rules_load: list, show and search never
 * classify, so they do not pay for them. rules_keywords parses them once
 * and returns 0, or ERR_DATA with "path:line: [rule:NAME] key: what is
 * wrong"; every later call returns the same. A command that classifies
 * calls it first so that a broken rule is reported (rules_classify,
 * rules_rule_count and rules_rule_name parse on their own too, but cannot
 * say what failed: they then see no rules). The file's layout (unknown
 * sections and keys) is still checked by rules_load.
 */
int rules_keywords(const struct ruleset *rs, struct err *err);
/* How many times rs parsed its keyword rules: 0 or 1 (for the tests). */
int rules_keyword_parses(const struct ruleset *rs);

int rules_dept_count(const struct ruleset *rs);
const struct department *rules_dept(const struct ruleset *rs, int i);
/* By code (case-insensitive) or Chinese name; NULL when unknown. */
const struct department *rules_dept_find(const struct ruleset *rs, const char *code_or_name);
/* The department that handles what no rule claims (the complaint office). */
const struct department *rules_default_dept(const struct ruleset *rs);

int rules_category_count(const struct ruleset *rs);
const struct category *rules_category(const struct ruleset *rs, int i);
const struct category *rules_category_find(const struct ruleset *rs, const char *code);

/* Subject units (被投诉科室), in file order. */
int rules_unit_count(const struct ruleset *rs);
const char *rules_unit(const struct ruleset *rs, int i);
bool rules_unit_valid(const struct ruleset *rs, const char *unit);

/* The [settings] other modules read. */
struct rules_settings {
	int64_t claim_threshold_fen;
	int duplicate_days;
	/* The day cutoff in seconds since midnight (a same-day case received
	 * later is due the next working day). */
	int32_t cutoff;
	int review_days;            /* working days for a review (复核) */
	/* Working days after the reply the callback is due (policy 12 (三)); default 1. */
	int callback_days;
	/* Days after the reply within which a review may be asked; default 30. */
	int review_window_days;
};
const struct rules_settings *rules_settings(const struct ruleset *rs);
/* Number of [rule:…] sections loaded, and the i-th one's name (file order). */
int rules_rule_count(const struct ruleset *rs);
const char *rules_rule_name(const struct ruleset *rs, int i);

/*
 * The approval chain of a class: role names in order ("office_head",
 * "supervisor", …), as configured. Returns the number of steps.
 */
int rules_approval_chain(const struct ruleset *rs, enum handling_class c,
			 const char *const **steps);
/*
 * The role that fills a chain step, from [approvers] ("supervisor", or
 * "handler:OFFICE" for a handler of that department); "supervisor" for a
 * step the section does not name.
 */
const char *rules_approver(const struct ruleset *rs, const char *step);

/* Classifies; never fails (no match gives the default department and says so). */
void rules_classify(const struct ruleset *rs, const struct rule_input *in,
		    struct rule_suggestion *out);

/*
 * Due dates (SPEC §3.2), counted as the Civil Code counts. All numbers come
 * from rules.ini. Each returns 0, or ERR_USAGE when the input is out of the
 * calendar's range. *due is the end of the due day (23:59:59) for day-based
 * deadlines and an exact time for the emergency class.
 *
 * reply:    the answer to the complainant, by class and number of departments.
 * feedback: a department's written feedback on a transfer, by class and
 *           number of departments, counted from the transfer time.
 * review:   a review (复核) counted from its request.
 */
int rules_due_reply(const struct ruleset *rs, const struct calendar *cal,
		    enum handling_class c, int ndepts, struct cdatetime received,
		    struct cdatetime *due, struct err *err);
int rules_due_feedback(const struct ruleset *rs, const struct calendar *cal,
		       enum handling_class c, int ndepts, struct cdatetime transferred,
		       struct cdatetime *due, struct err *err);
int rules_due_review(const struct ruleset *rs, const struct calendar *cal,
		     struct cdatetime requested, struct cdatetime *due, struct err *err);
/* The callback's deadline: the end of the callback_days-th working day after the reply. */
int rules_due_callback(const struct ruleset *rs, const struct calendar *cal,
		       struct cdatetime replied, struct cdatetime *due, struct err *err);
/* The first reply day whose callback is not late on today: a reply before it is. */
cdate rules_callback_late_before(const struct ruleset *rs, const struct calendar *cal,
				 cdate today);
/* The working-day count behind rules_due_reply (0 for same-day, -1 for hour-based). */
int rules_reply_days(const struct ruleset *rs, enum handling_class c, int ndepts);
/* The same for rules_due_feedback. */
int rules_feedback_days(const struct ruleset *rs, enum handling_class c, int ndepts);
/* Clock hours of an hour-based class (emergency), else 0. */
int rules_class_hours(const struct ruleset *rs, enum handling_class c);

#endif
