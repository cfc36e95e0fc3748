/* The learned model in the database (table learn_models, schema 5) and the office's changes of the rules' suggestion, read from the timeline. */
#include "core/learn.h"
#include "core/store.h"
#include "core/util.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prep(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err)
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, s, NULL) != SQLITE_OK)
		return store_sql_error(st, "learned model", err);
	return 0;
}

int learn_db_identity(struct store *st, char *buf, size_t size, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = prep(st, "SELECT value FROM meta WHERE key = 'identity'", &s, err)))
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? err_set(err, ERR_DATA, "the database has no identity "
						 "(meta 'identity'); open it with this cdesk to migrate it")
				       : store_sql_error(st, "learned model", err);
	}
	sqlite3_finalize(s);
	return rc;
}

/* A model of ex[from, to); NULL with err set when it cannot be trained. */
static struct learn_model *train_range(const struct learn_example *ex, int from, int to,
				       struct err *err)
{
	struct learn_trainer *t = learn_trainer_new();
	struct learn_model *m = NULL;

	for (int i = from; i < to; i++)
		learn_trainer_add(t, ex[i].text, ex[i].demand, ex[i].dept);
	if (learn_train(t, &m, err))
		m = NULL;
	learn_trainer_free(t);
	return m;
}

/* The newest closed cases (at most LEARN_MAX_CASES), newest first. */
static int closed_cases(struct store *st, struct learn_example **out, int *n, struct err *err)
{
	sqlite3_stmt *s;
	struct learn_example *ex = NULL;
	int rc, cap = 0;

	*n = 0;
	if ((rc = prep(st, "SELECT account, demand, dept FROM cases WHERE status = 'closed' "
		       "ORDER BY id DESC LIMIT ?", &s, err)))
		return rc;
	sqlite3_bind_int(s, 1, LEARN_MAX_CASES);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(s, 1);
		if (*n == cap)
			ex = xrealloc(ex, (size_t)(cap = cap ? 2 * cap : 256) * sizeof *ex);
		ex[*n].text = xstrdup((const char *)sqlite3_column_text(s, 0));
		ex[*n].demand = d ? xstrdup(d) : NULL;
		ex[*n].dept = xstrdup((const char *)sqlite3_column_text(s, 2));
		(*n)++;
	}
	sqlite3_finalize(s);
	*out = ex;
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "learned model", err);
}

static void free_examples(struct learn_example *ex, int n)
{
	for (int i = 0; i < n; i++) {
		free((char *)ex[i].text);
		free((char *)ex[i].demand);
		free((char *)ex[i].dept);
	}
	free(ex);
}

static int store_model(struct store *st, const struct learn_model *m, const char *ident,
		       const char *actor, const char *at, struct err *err)
{
	struct sbuf classes = { 0 };
	sqlite3_stmt *s;
	unsigned char *blob;
	size_t len;
	int rc;

	for (int i = 0; i < learn_model_classes(m); i++)
		sbuf_addf(&classes, "%s%s", i ? "," : "", learn_model_class(m, i));
	blob = learn_model_save(m, &len);
	rc = prep(st, "INSERT INTO learn_models (trained, by, db_identity, cases, classes, features, "
		  "model) VALUES (?, ?, ?, ?, ?, ?, ?)", &s, err);
	if (!rc) {
		sqlite3_bind_text(s, 1, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, actor ? actor : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, ident, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 4, learn_model_cases(m));
		sqlite3_bind_text(s, 5, classes.s, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 6, learn_model_features(m));
		sqlite3_bind_blob(s, 7, blob, (int)len, SQLITE_TRANSIENT);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sql_error(st, "learned model", err);
		sqlite3_finalize(s);
	}
	free(blob);
	sbuf_free(&classes);
	return rc;
}

int learn_train_store(struct store *st, struct ruleset *rs, int min_cases, const char *actor,
		      const char *at, struct learn_report *rep, struct err *err)
{
	struct learn_example *ex = NULL;
	struct learn_model *m = NULL;
	char ident[80];
	int rc, n;

	memset(rep, 0, sizeof *rep);
	if ((rc = learn_db_identity(st, ident, sizeof ident, err)) ||
	    (rc = closed_cases(st, &ex, &n, err))) {
		free(ex);
		return rc;
	}
	rep->cases = n;
	if (n < min_cases) {
		free_examples(ex, n);
		return err_set(err, ERR_USAGE, "%d closed cases, fewer than the %d the model needs "
			       "(cdesk.ini [rules] learn_min_cases); nothing learned", n, min_cases);
	}
	/* the newest fifth sets the threshold, on a model of the others */
	rep->checked = n / 5;
	rep->confident = LEARN_NEVER;
	if (rep->checked > 0 && (m = train_range(ex, rep->checked, n, err))) {
		rep->model_right = learn_calibrate(rs, m, ex, rep->checked, &rep->rules_right);
		rep->confident = learn_model_confident(m);
		learn_model_free(m);
	}
	if (!(m = train_range(ex, 0, n, err))) {
		free_examples(ex, n);
		return err->code ? err->code : ERR_FAIL;
	}
	learn_model_set_confident(m, rep->confident);
	rep->features = learn_model_features(m);
	rc = store_model(st, m, ident, actor, at, err);
	learn_model_free(m);
	free_examples(ex, n);
	return rc;
}

int learn_load(struct store *st, int min_cases, struct learn_model **out, struct err *err)
{
	sqlite3_stmt *s;
	char ident[80];
	int rc;

	*out = NULL;
	if (store_schema_version(st) < 5)
		return 0;
	if ((rc = learn_db_identity(st, ident, sizeof ident, err)))
		return rc;
	if ((rc = prep(st, "SELECT db_identity, cases, model, trained FROM learn_models "
		       "ORDER BY id DESC LIMIT 1", &s, err)))
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		rc = 0;
	} else if (rc != SQLITE_ROW) {
		rc = store_sql_error(st, "learned model", err);
	} else if (strcmp((const char *)sqlite3_column_text(s, 0), ident) != 0) {
		rc = err_set(err, ERR_DATA, "the learned model (trained %s) was trained on another "
			     "database, not on %s; it is not used here (run 'cdesk rules learn' on "
			     "this database)", (const char *)sqlite3_column_text(s, 3),
			     store_path(st));
	} else if (sqlite3_column_int(s, 1) >= min_cases) {
		rc = learn_model_parse(sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2),
				       out, err);
	} else {
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/* --- misses --- */

/* A part's value as one string: arrays joined by commas. */
static void value_str(json_t *v, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (json_is_string(v)) {
		snprintf(buf, size, "%s", json_string_value(v));
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			if (json_is_string(e) && len < size)
				len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "",
							json_string_value(e));
	}
}

enum { P_LEAD, P_CO, P_CATEGORIES, P_CLASS, P_FLAGS, P_KIND, P__COUNT };
static const char *const part_names[P__COUNT] = { "lead", "co-depts", "categories", "class",
						  "flags", "kind" };

/* The parts of a suggestion or an event's after; a part absent stays as it was. */
static void parts_of(json_t *o, char cur[P__COUNT][160], bool have[P__COUNT])
{
	json_t *d = json_object_get(o, "depts");
	const char *keys[P__COUNT] = { NULL, NULL, "categories", "class", "flags", "kind" };

	memset(have, 0, P__COUNT * sizeof *have);
	if (json_is_array(d)) {
		json_t *rest = json_array();
		for (size_t i = 1; i < json_array_size(d); i++)
			json_array_append(rest, json_array_get(d, i));
		value_str(json_array_get(d, 0), cur[P_LEAD], 160);
		value_str(rest, cur[P_CO], 160);
		json_decref(rest);
		have[P_LEAD] = have[P_CO] = true;
	}
	for (int p = P_CATEGORIES; p < P__COUNT; p++) {
		json_t *v = json_object_get(o, keys[p]);
		if (v) {
			value_str(v, cur[p], 160);
			have[p] = true;
		}
	}
}

/* The [rule:…] names of the suggestion's reasons for a part ("dept" for the
 * departments), leaving out the module's own steps. */
static void part_rules(json_t *sugg, const char *part, char *buf, size_t size)
{
	json_t *r, *a = json_object_get(sugg, "reasons");
	size_t i, len = 0;

	buf[0] = '\0';
	json_array_foreach(a, i, r) {
		const char *p = json_string_value(json_object_get(r, "part"));
		const char *n = json_string_value(json_object_get(r, "rule"));
		if (!p || !n || strncmp(p, part, strlen(part)) || !strcmp(n, "share") ||
		    !strcmp(n, "default") || !strcmp(n, "learned") || !strcmp(n, "score") ||
		    !strcmp(n, "input") || !strcmp(n, "threshold") || strstr(buf, n))
			continue;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", n);
	}
}

const char *learn_miss_parts(void)
{
	return "lead, co-depts, categories, class, flags, kind";
}

bool learn_miss_part_valid(const char *part)
{
	for (int p = 0; p < P__COUNT; p++)
		if (strcmp(part, part_names[p]) == 0)
			return true;
	return false;
}

static int case_misses(struct store *st, sqlite3_stmt *s, int64_t id, const char *number,
		       const char *sugg, const char *closed, const char *only,
		       int (*fn)(const struct learn_miss *, void *), void *ctx, int *found,
		       struct err *err)
{
	char cur[P__COUNT][160], now[P__COUNT][160], why[P__COUNT][160];
	static const char *const reason_part[P__COUNT] = { "dept", "dept", "category", "class",
							   "flag", "kind" };
	bool have[P__COUNT];
	json_t *sj = json_loads(sugg, 0, NULL);
	int rc = 0, step = SQLITE_DONE;

	*found = 0;
	if (!sj)
		return 0;
	parts_of(sj, cur, have);
	for (int p = 0; p < P__COUNT; p++)
		part_rules(sj, reason_part[p], why[p], sizeof why[p]);
	json_decref(sj);
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *after = (const char *)sqlite3_column_text(s, 3);
		json_t *a = after ? json_loads(after, 0, NULL) : NULL;
		if (!a)
			continue;
		parts_of(a, now, have);
		json_decref(a);
		for (int p = 0; p < P__COUNT && !rc; p++) {
			struct learn_miss m = { 0 };
			if (!have[p] || strcmp(now[p], cur[p]) == 0)
				continue;
			if (only && strcmp(only, part_names[p])) {
				snprintf(cur[p], sizeof cur[p], "%s", now[p]);
				continue;
			}
			snprintf(m.number, sizeof m.number, "%s", number);
			snprintf(m.action, sizeof m.action, "%s", (const char *)sqlite3_column_text(s, 0));
			snprintf(m.by, sizeof m.by, "%s", (const char *)sqlite3_column_text(s, 1));
			snprintf(m.at, sizeof m.at, "%s", (const char *)sqlite3_column_text(s, 2));
			snprintf(m.part, sizeof m.part, "%s", part_names[p]);
			snprintf(m.from, sizeof m.from, "%s", cur[p]);
			snprintf(m.to, sizeof m.to, "%s", now[p]);
			snprintf(m.closed, sizeof m.closed, "%s", closed ? closed : "");
			snprintf(m.rules, sizeof m.rules, "%s", why[p]);
			snprintf(cur[p], sizeof cur[p], "%s", now[p]);
			(*found)++;
			rc = fn(&m, ctx);
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_sql_error(st, "events", err);
	return rc;
}

int learn_misses(struct store *st, int limit, const char *part,
		 int (*fn)(const struct learn_miss *, void *), void *ctx, struct err *err)
{
	sqlite3_stmt *s, *ev;
	int rc, cases = 0, step = SQLITE_DONE;

	if (limit <= 0)
		limit = 20;
	if ((rc = prep(st, "SELECT action, actor, at, after FROM events WHERE case_id = ? "
		       "ORDER BY id", &ev, err)))
		return rc;
	if ((rc = prep(st, "SELECT id, number, suggestion, closed_at FROM cases "
		       "WHERE suggestion IS NOT NULL ORDER BY id DESC", &s, err))) {
		sqlite3_finalize(ev);
		return rc;
	}
	while (!rc && cases < limit && (step = sqlite3_step(s)) == SQLITE_ROW) {
		int found = 0;
		rc = case_misses(st, ev, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
				 (const char *)sqlite3_column_text(s, 2),
				 (const char *)sqlite3_column_text(s, 3), part, fn, ctx, &found, err);
		if (found)
			cases++;
	}
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = store_sql_error(st, "cases", err);
	sqlite3_finalize(s);
	sqlite3_finalize(ev);
	return rc;
}
