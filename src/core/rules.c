/*
 * The rule module: loads data/rules.ini (departments, units, categories,
 * keyword rules, classes and deadlines), classifies a complaint text and
 * computes its due dates. Every number and word comes from the file.
 *
 * This file holds the ruleset's accessors; rules_load.c reads the file,
 * rules_classify.c and rules_claim.c classify a text, rules_due.c computes
 * the deadlines, and rules_priv.h is what they share.
 */
#include "rules_priv.h"

#include <string.h>
#include <strings.h>

/* ---------- accessors ---------- */

int rules_dept_count(const struct ruleset *rs)
{
	return rs->ndepts;
}

const struct department *rules_dept(const struct ruleset *rs, int i)
{
	return i >= 0 && i < rs->ndepts ? &rs->depts[i] : NULL;
}

const struct department *rules_dept_find(const struct ruleset *rs, const char *code_or_name)
{
	for (int i = 0; i < rs->ndepts; i++)
		if (strcasecmp(rs->depts[i].code, code_or_name) == 0 ||
		    strcmp(rs->depts[i].name_zh, code_or_name) == 0)
			return &rs->depts[i];
	return NULL;
}

const struct department *rules_default_dept(const struct ruleset *rs)
{
	return &rs->depts[rs->default_dept];
}

int rules_category_count(const struct ruleset *rs)
{
	return rs->ncats;
}

const struct category *rules_category(const struct ruleset *rs, int i)
{
	return i >= 0 && i < rs->ncats ? &rs->cats[i] : NULL;
}

const struct category *rules_category_find(const struct ruleset *rs, const char *code)
{
	int i = cat_index(rs, code);

	return i >= 0 ? &rs->cats[i] : NULL;
}

int rules_unit_count(const struct ruleset *rs)
{
	return rs->nunits;
}

const char *rules_unit(const struct ruleset *rs, int i)
{
	return i >= 0 && i < rs->nunits ? rs->units[i] : NULL;
}

bool rules_unit_valid(const struct ruleset *rs, const char *unit)
{
	for (int i = 0; i < rs->nunits; i++)
		if (strcmp(rs->units[i], unit) == 0)
			return true;
	return false;
}

const struct rules_settings *rules_settings(const struct ruleset *rs)
{
	return &rs->set;
}

int rules_keyword_parses(const struct ruleset *rs)
{
	return rs->kw_parses;
}

int rules_rule_count(const struct ruleset *rs)
{
	rules_keywords(rs, NULL);
	return rs->nrules;
}

const char *rules_rule_name(const struct ruleset *rs, int i)
{
	rules_keywords(rs, NULL);
	return i >= 0 && i < rs->nrules ? rs->rules[i].name : NULL;
}

int rules_approval_chain(const struct ruleset *rs, enum handling_class c,
			 const char *const **steps)
{
	if ((int)c < 0 || c >= CLASS__COUNT) {
		*steps = NULL;
		return 0;
	}
	*steps = (const char *const *)rs->classes[c].approval;
	return rs->classes[c].napproval;
}

const char *rules_approver(const struct ruleset *rs, const char *step)
{
	for (int i = 0; i < rs->napprovers; i++)
		if (strcmp(rs->approver_step[i], step) == 0)
			return rs->approver_role[i];
	return "supervisor";
}
