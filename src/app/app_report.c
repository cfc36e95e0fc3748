/* The report source of both interfaces: the database, the calendar and the names of rules.ini. */
#include "app/app.h"
#include "core/report.h"
#include "core/store.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Department and category names, from rules.ini. */
struct names {
	struct report_name *depts, *cats;
	int ndepts, ncats;
};

static void names_load(const struct ruleset *rs, struct names *n)
{
	n->ndepts = rules_dept_count(rs);
	n->depts = xcalloc((size_t)n->ndepts + 1, sizeof *n->depts);
	for (int i = 0; i < n->ndepts; i++) {
		n->depts[i].code = rules_dept(rs, i)->code;
		n->depts[i].name = rules_dept(rs, i)->name_zh;
	}
	n->ncats = rules_category_count(rs);
	n->cats = xcalloc((size_t)n->ncats + 1, sizeof *n->cats);
	for (int i = 0; i < n->ncats; i++) {
		n->cats[i].code = rules_category(rs, i)->code;
		n->cats[i].name = rules_category(rs, i)->name_zh;
	}
}

int app_report_build(struct app *a, struct store *st, const struct report_period *p,
		     struct report **out, struct err *err)
{
	struct calendar *cal;
	struct ruleset *rs;
	struct store *own = NULL;
	struct names n = { 0 };
	struct report_source src;
	int rc;

	if ((rc = app_calendar(a, &cal, err)) || (rc = app_rules(a, &rs, err)))
		return rc;
	if (!st) {
		if ((rc = app_open_store(a, false, &own, err)))
			return rc;
		st = own;
	}
	names_load(rs, &n);
	memset(&src, 0, sizeof src);
	src.db = store_db(st);
	src.cal = cal;
	src.depts = n.depts;
	src.ndepts = n.ndepts;
	src.categories = n.cats;
	src.ncategories = n.ncats;
	src.claim_threshold_fen = rules_settings(rs)->claim_threshold_fen;
	src.office = rules_default_dept(rs) ? rules_default_dept(rs)->code : NULL;
	src.site = a->cfg->site_name ? a->cfg->site_name : "";
	src.now = a->at;
	src.repeat_unit = a->cfg->repeat_unit ? atoi(a->cfg->repeat_unit) : 0;
	rc = report_build(&src, p, out, err);
	free(n.depts);
	free(n.cats);
	store_close(own);
	return rc;
}
