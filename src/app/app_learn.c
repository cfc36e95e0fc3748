/* The learned model of the configured database, loaded on the first classification. */
#include "app/app.h"
#include "core/config.h"
#include "core/learn.h"
#include "core/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether s is a whole number from 1 to max, unit (if any) after it; if so,
 * it is put in *out. */
static bool whole_number(const char *s, const char *unit, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*unit && strcmp(end, unit) == 0)
		end += strlen(unit);
	if (errno || *end || end == s || v < 1 || v > max)
		return false;
	*out = (int)v;
	return true;
}

static const char *config_path(const struct app *a)
{
	return a->cfg->path ? a->cfg->path : "cdesk.ini";
}

int app_learn_min_cases(const struct app *a, int *out, struct err *err)
{
	const char *s = a->cfg && a->cfg->learn_min_cases ? a->cfg->learn_min_cases : "";

	*out = LEARN_MIN_CASES_DEFAULT;
	if (!*s || whole_number(s, "", 100000000, out))
		return 0;
	return err_set(err, ERR_DATA, "%s: [rules] learn_min_cases: '%s' is not a number "
		       "of cases (1 or more)", config_path(a), s);
}

int app_learn_fallback(const struct app *a, int *out, struct err *err)
{
	const char *s = a->cfg && a->cfg->learn_fallback ? a->cfg->learn_fallback : "";

	*out = LEARN_FALLBACK_DEFAULT;
	if (!*s)
		return 0;
	if (strcmp(s, "off") == 0) {
		*out = LEARN_NEVER;
		return 0;
	}
	if (!whole_number(s, "%", 100, out))
		return err_set(err, ERR_DATA, "%s: [rules] learn_fallback: '%s' is not a percent "
			       "(1 to 100) or off", config_path(a), s);
	*out *= 10;
	return 0;
}

const struct learn_model *app_learn_get(void *ctx)
{
	struct app *a = ctx;
	struct store *st;
	struct err err = { 0 };
	int min, fallback;

	if (a->learn)
		return a->learn;
	if (app_learn_min_cases(a, &min, &err) || app_learn_fallback(a, &fallback, &err)) {
		snprintf(a->learn_warning, sizeof a->learn_warning, "%.300s", err.msg);
		return NULL;
	}
	/* The command's own store when it has one open (add: one open, not two);
	 * no database (classify on a desk without one): the rules alone. */
	if (a->store)
		st = a->store;
	else if (app_open_store(a, false, &st, &err))
		return NULL;
	if (learn_load(st, min, &a->learn, &err))
		snprintf(a->learn_warning, sizeof a->learn_warning, "%.300s", err.msg);
	if (st != a->store)
		store_close(st);
	return a->learn;
}

void app_use_store(struct app *a, struct store *st)
{
	a->store = st;
}
