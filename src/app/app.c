/* The shared context: configuration, actor and clock, the lazily loaded calendar and rules, the store. */
#include "app/app.h"
#include "core/cases.h"
#include "core/store.h"
#include "core/util.h"

#include <assert.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void set_actor(struct app *a)
{
	struct passwd *pw = getpwuid(getuid());
	const char *name = pw ? pw->pw_name : getenv("USER");

	snprintf(a->actor, sizeof a->actor, "%s", name && *name ? name : "unknown");
}

int app_init(struct app *a, const char *config_opt, const char *db_opt, struct err *err)
{
	memset(a, 0, sizeof *a);
	a->config_opt = config_opt;
	a->db_opt = db_opt;
	a->data_dir = config_default_data_dir();
	if (config_load(config_opt, a->data_dir, &a->cfg, err)) {
		free(a->data_dir);
		a->data_dir = NULL;
		return err->code;
	}
	a->now = app_clock();
	a->at = a->now;
	set_actor(a);
	return 0;
}

void app_free(struct app *a)
{
	if (a->rules)
		rules_free(a->rules);
	if (a->cal)
		calendar_free(a->cal);
	config_free(a->cfg);
	free(a->data_dir);
	memset(a, 0, sizeof *a);
}

struct cdatetime app_clock(void)
{
	return datetime_from_unix((int64_t)time(NULL));
}

void app_set_now(struct app *a, struct cdatetime t)
{
	a->now = t;
	if (!a->at_set)
		a->at = t;
}

int app_calendar(struct app *a, struct calendar **out, struct err *err)
{
	if (!a->cal) {
		char *dir = xasprintf("%s/holidays", a->cfg->data_dir);
		int rc = calendar_load_dir(dir, &a->cal, err);
		free(dir);
		if (rc)
			return rc;
	}
	*out = a->cal;
	return 0;
}

int app_rules(struct app *a, struct ruleset **out, struct err *err)
{
	if (!a->rules) {
		char *path = xasprintf("%s/rules.ini", a->cfg->data_dir);
		int rc = rules_load(path, &a->rules, err);
		free(path);
		if (rc)
			return rc;
	}
	*out = a->rules;
	return 0;
}

char *app_calendar_warning(const struct app *a, cdate from, cdate to)
{
	struct sbuf b = { 0 };
	int ya, yb;

	if (!a->cal || calendar_span_known(a->cal, from, to))
		return NULL;
	ya = date_year(from < to ? from : to);
	yb = date_year(from < to ? to : from);
	for (int y = ya; y <= yb; y++)
		if (!calendar_year_known(a->cal, y))
			sbuf_addf(&b, "warning: no holiday calendar for %d (data/holidays/cn-%d.ini); "
				  "counting Monday-Friday only\n", y, y);
	return b.s;
}

int app_open_store(struct app *a, bool create, struct store **st, struct err *err)
{
	char *path = config_db_path(a->cfg, a->db_opt);
	int rc = store_open(path, create, st, err);

	free(path);
	return rc;
}

void app_case_ctx(struct app *a, struct store *st, struct case_ctx *ctx)
{
	assert(a->rules && a->cal);
	memset(ctx, 0, sizeof *ctx);
	ctx->st = st;
	ctx->rules = a->rules;
	ctx->cal = a->cal;
	ctx->actor = a->actor;
	ctx->at = a->at;
	ctx->now = a->now;
	ctx->prefix = a->cfg->case_prefix && *a->cfg->case_prefix ? a->cfg->case_prefix : "TS";
	/* A step reads the clock again once it holds the write lock. */
	ctx->clock = app_clock;
	ctx->at_fixed = a->at_set;
}
