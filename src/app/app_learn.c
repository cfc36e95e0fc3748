/* The learned model of the configured database, loaded on the first classification. */
#include "app/app.h"
#include "core/config.h"
#include "core/learn.h"
#include "core/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int app_learn_min_cases(const struct app *a, int *out, struct err *err)
{
	const char *s = a->cfg && a->cfg->learn_min_cases ? a->cfg->learn_min_cases : "";
	char *end;
	long v;

	*out = LEARN_MIN_CASES_DEFAULT;
	if (!*s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > 100000000)
		return err_set(err, ERR_DATA, "%s: [rules] learn_min_cases: '%s' is not a number "
			       "of cases (1 or more)", a->cfg->path ? a->cfg->path : "cdesk.ini", s);
	*out = (int)v;
	return 0;
}

int app_learn_fallback(const struct app *a, int *out, struct err *err)
{
	const char *s = a->cfg && a->cfg->learn_fallback ? a->cfg->learn_fallback : "";
	char *end;
	long v;

	*out = LEARN_FALLBACK_DEFAULT;
	if (!*s)
		return 0;
	if (strcmp(s, "off") == 0) {
		*out = LEARN_NEVER;
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end == '%')
		end++;
	if (errno || *end || end == s || v < 1 || v > 100)
		return err_set(err, ERR_DATA, "%s: [rules] learn_fallback: '%s' is not a percent "
			       "(1 to 100) or off", a->cfg->path ? a->cfg->path : "cdesk.ini", s);
	*out = (int)v * 10;
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
