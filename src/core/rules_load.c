/*
 * Loading data/rules.ini: departments, units, categories, classes and
 * deadlines, approval chains and [approvers] at once, the keyword rules on
 * first use (rules_keywords), each checked as it is read (file:line:
 * [section] key: what is wrong); and freeing a ruleset.
 */
#include "rules_priv.h"
#include "core/users.h"
#include "core/ini.h"
#include "core/money.h"
#include "core/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- small helpers ---------- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/*
 * Splits a list at ',' (and '，' when folded) and '、' into trimmed items,
 * folded first when fold is true (keywords); returns the count. The items
 * point into one block with the array: free(*out) frees them all
 * (free_list does).
 */
static int split_list(const char *value, bool fold, char ***out)
{
	size_t len = strlen(value), cap = 1;
	char **items, *copy, *p;
	int n = 0;

	for (const char *q = value; *q; q++)
		/* a separator: ',', '、' (e3 80 81) or '，' (ef bc 8c, folded to ',') */
		cap += *q == ',' || (unsigned char)*q == 0xe3 || (unsigned char)*q == 0xef;
	items = xmalloc(cap * sizeof *items + len + 1);
	copy = p = (char *)(items + cap);
	if (fold)
		fold_text(value, len, copy);
	else
		memcpy(copy, value, len + 1);
	for (;;) {
		char *comma = strchr(p, ','), *dun = strstr(p, "\xe3\x80\x81");
		char *end = comma, *item;
		size_t skip = 1;

		if (dun && (!end || dun < end)) {
			end = dun;
			skip = 3;
		}
		if (end)
			*end = '\0';
		item = trim(p);
		items[n++] = item;
		if (!end)
			break;
		p = end + skip;
	}
	*out = items;
	return n;
}

/* Frees a list of split_list. */
static void free_list(char **items)
{
	free(items);
}

/* Frees a list of strings allocated one by one. */
static void free_strings(char **items, int n)
{
	for (int i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static void upper(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

static bool code_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static bool role_ok(const char *s)
{
	if (!islower((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static int dept_index(const struct ruleset *rs, const char *code)
{
	for (int i = 0; i < rs->ndepts; i++)
		if (strcasecmp(rs->depts[i].code, code) == 0)
			return i;
	return -1;
}


/* Checks one folded keyword (or keyword part) from a list. */
static int keyword_check(const struct ini *ini, const char *sec, const char *key, const char *kw,
			 struct err *err)
{
	if (!*kw)
		return ini_fail(ini, sec, key, err, "empty keyword (two commas in a row, or a "
				"trailing comma or '+')");
	if (strlen(kw) >= MAX_KEYWORD)
		return ini_fail(ini, sec, key, err, "keyword '%s' is longer than %d bytes", kw,
				MAX_KEYWORD - 1);
	if (!text_utf8_valid(kw, strlen(kw)))
		return ini_fail(ini, sec, key, err, "keyword is not valid UTF-8");
	for (const char *p = kw; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ini_fail(ini, sec, key, err, "keyword '%s' holds a control character",
					kw);
	return 0;
}

/* A list of plain keywords (no '+') into atoms. */
static int atom_list(struct ruleset *rs, const struct ini *ini, const char *sec, const char *key,
		     int **out, int *nout, struct err *err)
{
	const char *v = ini_get(ini, sec, key);
	char **items;
	int n, rc = 0;

	*out = NULL;
	*nout = 0;
	if (!v)
		return 0;
	n = split_list(v, true, &items);
	for (int i = 0; i < n && !rc; i++) {
		rc = keyword_check(ini, sec, key, items[i], err);
		if (!rc && strchr(items[i], '+'))
			rc = ini_fail(ini, sec, key, err, "'%s': '+' combinations belong in keywords",
				      items[i]);
	}
	if (!rc) {
		*out = xmalloc(sizeof **out * (size_t)n);
		for (int i = 0; i < n; i++)
			(*out)[i] = rules_atom_intern(rs, items[i]);
		*nout = n;
	}
	free_list(items);
	return rc;
}

/* ---------- freeing ---------- */

/* The parts of each rule; rs->nrules becomes 0. */
static void free_rules(struct ruleset *rs)
{
	for (int i = 0; i < rs->nrules; i++) {
		struct rule *r = &rs->rules[i];
		for (int t = 0; t < r->nterms; t++)
			free(r->terms[t].text);
		free(r->terms);
		free(r->requires);
		free(r->unless);
		free(r->not_accepted);
	}
	rs->nrules = 0;
}

void rules_free(struct ruleset *rs)
{
	if (!rs)
		return;
	free(rs->depts);
	free(rs->cats);
	free_strings(rs->units, rs->nunits);
	free_rules(rs);
	free(rs->rules);
	for (int i = 0; i < rs->natoms; i++)
		free(rs->atoms[i].s);
	free(rs->atoms);
	free(rs->atom_slots);
	free_list(rs->cues);
	free(rs->cue_atom);
	for (int c = 0; c < CLASS__COUNT; c++)
		free_list(rs->classes[c].approval);
	free_strings(rs->approver_step, rs->napprovers);
	free_strings(rs->approver_role, rs->napprovers);
	free(rs->atom_head);
	free(rs->atom_next);
	if (rs->ini)
		ini_close(rs->ini);
	free(rs);
}

/* ---------- loading ---------- */

/* Each section type and the keys it may hold. */
struct section_type {
	const char *prefix;         /* "rule:" or a whole name "settings" */
	bool whole;
	const char *const *keys;    /* NULL: any key (units) */
};

static const char *const settings_keys[] = { "default_dept", "default_category", "cutoff",
	"claim_threshold_yuan", "claim_cues", "claim_window", "co_dept_share", "duplicate_days",
	"review_days", "callback_days", "review_window_days", NULL };
static const char *const dept_keys[] = { "name_zh", "name_en", "short_zh", "short_en", NULL };
static const char *const cat_keys[] = { "name_zh", NULL };
static const char *const kind_keys[] = { "class", NULL };
static const char *const class_keys[] = { "reply_days", "reply_days_multi", "feedback_days",
	"feedback_days_multi", "hours", "feedback_hours", "approval", NULL };
static const char *const rule_keys[] = { "keywords", "requires", "unless", "weight",
	"category", "dept", "class", "flag", "kind", "channels", "not_accepted", NULL };

static const struct section_type section_types[] = {
	{ "settings", true, settings_keys },
	{ "units", true, NULL },
	{ "dept:", false, dept_keys },
	{ "category:", false, cat_keys },
	{ "kind:", false, kind_keys },
	{ "class:", false, class_keys },
	{ "rule:", false, rule_keys },
	{ "approvers", true, NULL },
};

static const struct section_type *section_type_of(const char *sec)
{
	for (size_t i = 0; i < sizeof section_types / sizeof section_types[0]; i++) {
		const struct section_type *t = &section_types[i];
		if (t->whole ? strcmp(sec, t->prefix) == 0
			     : strncmp(sec, t->prefix, strlen(t->prefix)) == 0)
			return t;
	}
	return NULL;
}

/* Unknown sections and keys, before anything else is read. */
static int check_layout(const struct ini *ini, struct err *err)
{
	for (int i = 0; i < ini_section_count(ini); i++) {
		const char *sec = ini_section_name(ini, i);
		const struct section_type *t = section_type_of(sec);

		if (!t)
			return ini_fail(ini, sec, NULL, err, "unknown section; expected [settings], "
					"[units], [dept:CODE], [category:CODE], [kind:KIND], "
					"[class:CLASS], [rule:NAME] or [approvers]");
		if (!t->whole && !sec[strlen(t->prefix)])
			return ini_fail(ini, sec, NULL, err, "the section needs a name after '%s'",
					t->prefix);
		if (!t->keys)
			continue;
		for (int k = 0; k < ini_key_count(ini, sec); k++) {
			const char *key = ini_key_name(ini, sec, k);
			bool known = false;
			for (int j = 0; t->keys[j]; j++)
				if (strcmp(t->keys[j], key) == 0)
					known = true;
			if (!known) {
				struct sbuf b = { 0 };
				for (int j = 0; t->keys[j]; j++)
					sbuf_addf(&b, "%s%s", j ? ", " : "", t->keys[j]);
				ini_fail(ini, sec, key, err, "unknown key (known: %s)", b.s);
				sbuf_free(&b);
				return ERR_DATA;
			}
		}
	}
	return 0;
}

static int need_name(const struct ini *ini, const char *sec, const char *key, char *dst,
		     size_t size, bool required, struct err *err)
{
	const char *v = ini_get(ini, sec, key);

	if (!v || !*v) {
		if (required)
			return ini_fail(ini, sec, key, err, v ? "empty" : "missing");
		dst[0] = '\0';
		return 0;
	}
	if (strlen(v) >= size)
		return ini_fail(ini, sec, key, err, "longer than %zu bytes", size - 1);
	if (text_check_field(key, v, 0, false, err))
		return ini_fail(ini, sec, key, err, "not valid UTF-8 text or holds control characters");
	strlcpy_(dst, v, size);
	return 0;
}

/* The code of a [dept:CODE] or [category:CODE] section: well formed, and
 * not taken by an earlier one. ERR_DATA otherwise. */
static int new_code(const struct ini *ini, const char *sec, const char *what, const char *code,
		    bool taken, struct err *err)
{
	if (!code_ok(code) || strlen(code) >= RULES_CODE_MAX)
		return ini_fail(ini, sec, NULL, err, "%s code '%s' must be 1-%d letters, digits, "
				"'_' or '-'", what, code, RULES_CODE_MAX - 1);
	if (taken)
		return ini_fail(ini, sec, NULL, err, "%s %s defined twice", what, code);
	return 0;
}

static int load_depts_cats(struct ruleset *rs, const struct ini *ini, struct err *err)
{
	for (int i = 0; i < ini_section_count(ini); i++) {
		const char *sec = ini_section_name(ini, i);
		const char *code;

		if (strncmp(sec, "dept:", 5) == 0) {
			struct department d = { 0 };
			code = sec + 5;
			if (new_code(ini, sec, "department", code, dept_index(rs, code) >= 0, err))
				return ERR_DATA;
			strlcpy_(d.code, code, sizeof d.code);
			upper(d.code);
			if (need_name(ini, sec, "name_zh", d.name_zh, sizeof d.name_zh, true, err) ||
			    need_name(ini, sec, "name_en", d.name_en, sizeof d.name_en, false, err) ||
			    need_name(ini, sec, "short_zh", d.short_zh, sizeof d.short_zh, false, err) ||
			    need_name(ini, sec, "short_en", d.short_en, sizeof d.short_en, false, err))
				return ERR_DATA;
			for (int j = 0; j < rs->ndepts; j++)
				if (strcmp(rs->depts[j].name_zh, d.name_zh) == 0)
					return ini_fail(ini, sec, "name_zh", err,
							"'%s' is already the name of %s", d.name_zh,
							rs->depts[j].code);
			rs->depts = xrealloc(rs->depts, sizeof *rs->depts * (size_t)(rs->ndepts + 1));
			rs->depts[rs->ndepts++] = d;
		} else if (strncmp(sec, "category:", 9) == 0) {
			struct category c = { 0 };
			code = sec + 9;
			if (new_code(ini, sec, "category", code, cat_index(rs, code) >= 0, err))
				return ERR_DATA;
			strlcpy_(c.code, code, sizeof c.code);
			if (need_name(ini, sec, "name_zh", c.name_zh, sizeof c.name_zh, true, err))
				return ERR_DATA;
			rs->cats = xrealloc(rs->cats, sizeof *rs->cats * (size_t)(rs->ncats + 1));
			rs->cats[rs->ncats++] = c;
		}
	}
	if (rs->ndepts == 0)
		return err_set(err, ERR_DATA, "%s: no [dept:CODE] section; at least one department "
			       "is needed", ini_path(ini));
	return 0;
}

static int load_units(struct ruleset *rs, const struct ini *ini, struct err *err)
{
	for (int k = 0; k < ini_key_count(ini, "units"); k++) {
		const char *key = ini_key_name(ini, "units", k);
		const char *v = ini_get(ini, "units", key);
		char **items;
		int n;

		if (!v)
			continue;
		n = split_list(v, false, &items);
		for (int i = 0; i < n; i++) {
			const char *u = items[i];
			int rc = 0;
			/* Units are stored as written, not folded: they are shown and stored. */
			if (!*u)
				rc = ini_fail(ini, "units", key, err, "empty unit name");
			else if (strlen(u) >= RULES_NAME_MAX)
				rc = ini_fail(ini, "units", key, err, "unit '%s' is longer than %d bytes",
					      u, RULES_NAME_MAX - 1);
			else if (rules_unit_valid(rs, u))
				rc = ini_fail(ini, "units", key, err, "unit '%s' listed twice", u);
			if (rc) {
				free_list(items);
				return rc;
			}
			rs->units = rules_grow(rs->units, rs->nunits, sizeof *rs->units);
			rs->units[rs->nunits++] = xstrdup(u);
		}
		free_list(items);
	}
	return 0;
}

static int get_int(const struct ini *ini, const char *sec, const char *key, long min, long max,
		   long dflt, bool required, int *out, struct err *err)
{
	long v = dflt;

	if (ini_get(ini, sec, key) || required) {
		if (ini_get_int(ini, sec, key, min, max, &v, err))
			return ERR_DATA;
	}
	*out = (int)v;
	return 0;
}

/* A setting's value, or NULL with "missing" in err. */
static const char *need_setting(const struct ini *ini, const char *sec, const char *key,
				struct err *err)
{
	const char *v = ini_get(ini, sec, key);

	if (!v)
		ini_fail(ini, sec, key, err, "missing");
	return v;
}

static int load_settings(struct ruleset *rs, const struct ini *ini, struct err *err)
{
	const char *sec = "settings", *v;
	struct err tmp = { 0 };
	long yuan;
	char **items;
	int n;

	if (!ini_line(ini, sec, NULL))
		return err_set(err, ERR_DATA, "%s: no [settings] section", ini_path(ini));
	if (!(v = need_setting(ini, sec, "default_dept", err)))
		return ERR_DATA;
	if ((rs->default_dept = dept_index(rs, v)) < 0)
		return ini_fail(ini, sec, "default_dept", err, "unknown department '%s'", v);
	if (!(v = need_setting(ini, sec, "default_category", err)))
		return ERR_DATA;
	if ((rs->default_cat = cat_index(rs, v)) < 0)
		return ini_fail(ini, sec, "default_category", err, "unknown category '%s'", v);
	if (!(v = need_setting(ini, sec, "cutoff", err)))
		return ERR_DATA;
	if (time_parse(v, &rs->set.cutoff, &tmp))
		return ini_fail(ini, sec, "cutoff", err, "%s", tmp.msg);
	if (ini_get_int(ini, sec, "claim_threshold_yuan", 1, 1000000000L, &yuan, err))
		return ERR_DATA;
	rs->set.claim_threshold_fen = (int64_t)yuan * 100;
	if (get_int(ini, sec, "claim_window", 1, 200, 16, false, &rs->claim_window, err) ||
	    get_int(ini, sec, "co_dept_share", 1, 100, 50, false, &rs->co_share, err) ||
	    get_int(ini, sec, "duplicate_days", 0, 3650, 30, true, &rs->set.duplicate_days, err) ||
	    get_int(ini, sec, "review_days", 1, 365, 10, true, &rs->set.review_days, err) ||
	    get_int(ini, sec, "callback_days", 0, 30, 1, false, &rs->set.callback_days, err) ||
	    get_int(ini, sec, "review_window_days", 1, 365, 30, false, &rs->set.review_window_days,
		    err))
		return ERR_DATA;
	v = ini_get(ini, sec, "claim_cues");
	if (v) {
		n = split_list(v, true, &items);
		for (int i = 0; i < n; i++)
			if (keyword_check(ini, sec, "claim_cues", items[i], err)) {
				free_list(items);
				return ERR_DATA;
			}
		rs->cues = items;
		rs->ncues = n;
	}
	return 0;
}

static int load_classes(struct ruleset *rs, const struct ini *ini, struct err *err)
{
	for (int i = 0; i < ini_section_count(ini); i++) {
		const char *sec = ini_section_name(ini, i);
		if (strncmp(sec, "class:", 6) == 0 && class_parse(sec + 6) < 0)
			return ini_fail(ini, sec, NULL, err, "unknown class '%s' (known: %s)", sec + 6,
					class_codes());
	}
	for (int c = 0; c < CLASS__COUNT; c++) {
		char sec[48];
		struct class_cfg *cc = &rs->classes[c];
		const char *v;
		bool days, hours;

		snprintf(sec, sizeof sec, "class:%s", class_code((enum handling_class)c));
		if (!ini_line(ini, sec, NULL))
			return err_set(err, ERR_DATA, "%s: no [%s] section: every class (%s) needs "
				       "its deadlines", ini_path(ini), sec, class_codes());
		days = ini_get(ini, sec, "reply_days") != NULL;
		hours = ini_get(ini, sec, "hours") != NULL;
		if (days == hours)
			return ini_fail(ini, sec, days ? "hours" : NULL, err, days
					? "give either reply_days or hours, not both"
					: "missing deadline: reply_days (working days) or hours");
		if (days) {
			if (get_int(ini, sec, "reply_days", 0, 60, 0, true, &cc->reply_days, err) ||
			    get_int(ini, sec, "reply_days_multi", 0, 60, cc->reply_days, false,
				    &cc->reply_days_multi, err))
				return ERR_DATA;
			if (!ini_get(ini, sec, "feedback_days"))
				return ini_fail(ini, sec, "feedback_days", err,
						"missing: the deadline of a department's feedback");
			if (get_int(ini, sec, "feedback_days", 0, 60, 0, true, &cc->feedback_days,
				    err) ||
			    get_int(ini, sec, "feedback_days_multi", 0, 60, cc->feedback_days, false,
				    &cc->feedback_days_multi, err))
				return ERR_DATA;
			if (ini_get(ini, sec, "feedback_hours"))
				return ini_fail(ini, sec, "feedback_hours", err,
						"only for a class counted in hours");
		} else {
			if (ini_get(ini, sec, "reply_days_multi") || ini_get(ini, sec, "feedback_days") ||
			    ini_get(ini, sec, "feedback_days_multi"))
				return ini_fail(ini, sec, "hours", err, "a class counted in hours takes "
						"feedback_hours, not *_days keys");
			if (get_int(ini, sec, "hours", 1, 240, 0, true, &cc->hours, err))
				return ERR_DATA;
			if (!ini_get(ini, sec, "feedback_hours"))
				return ini_fail(ini, sec, "feedback_hours", err,
						"missing: the deadline of a department's feedback");
			if (get_int(ini, sec, "feedback_hours", 1, 240, 0, true, &cc->feedback_hours,
				    err))
				return ERR_DATA;
		}
		v = ini_get(ini, sec, "approval");
		if (!v || !*v)
			return ini_fail(ini, sec, "approval", err, "missing: the approval chain, role "
					"names in order");
		cc->napproval = split_list(v, false, &cc->approval);
		for (int i = 0; i < cc->napproval; i++)
			if (!role_ok(cc->approval[i]))
				return ini_fail(ini, sec, "approval", err, "'%s' is not a role name "
						"(lower-case letters, digits, '_')", cc->approval[i]);
	}
	for (int k = 0; k < KIND__COUNT; k++)
		rs->kind_class[k] = -1;
	for (int i = 0; i < ini_section_count(ini); i++) {
		const char *sec = ini_section_name(ini, i), *v;
		int k, c;

		if (strncmp(sec, "kind:", 5) != 0)
			continue;
		k = kind_parse(sec + 5);
		if (k < 0)
			return ini_fail(ini, sec, NULL, err, "unknown kind '%s' (known: %s)", sec + 5,
					kind_codes());
		v = ini_get(ini, sec, "class");
		if (v) {
			c = class_parse(v);
			if (c < 0)
				return ini_fail(ini, sec, "class", err, "unknown class '%s' (known: %s)",
						v, class_codes());
			rs->kind_class[k] = c;
		}
	}
	return 0;
}

static int load_rule(struct ruleset *rs, const struct ini *ini, const char *sec, struct rule *r,
		     struct err *err)
{
	const char *name = sec + 5, *v;
	char **items;
	int n;

	if (strlen(name) >= sizeof r->name)
		return ini_fail(ini, sec, NULL, err, "rule name longer than %zu bytes",
				sizeof r->name - 1);
	strlcpy_(r->name, name, sizeof r->name);
	r->category = r->dept = r->hclass = r->kind = -1;

	v = ini_get(ini, sec, "keywords");
	if (!v || !*v)
		return ini_fail(ini, sec, "keywords", err, "missing: a rule needs keywords");
	n = split_list(v, true, &items);
	r->terms = xcalloc((size_t)n, sizeof *r->terms);
	for (int i = 0; i < n; i++) {
		char *p = items[i], *plus;
		struct term *t = &r->terms[r->nterms++];
		int np = 0;

		t->text = xstrdup(items[i]);
		for (int j = 0; j < MAX_PARTS; j++)
			t->atom[j] = -1;
		for (;;) {
			char *part;
			plus = strchr(p, '+');
			if (plus)
				*plus = '\0';
			part = trim(p);
			if (np == MAX_PARTS) {
				free_list(items);
				return ini_fail(ini, sec, "keywords", err, "'%s' combines more than %d "
						"words", t->text, MAX_PARTS);
			}
			if (keyword_check(ini, sec, "keywords", part, err)) {
				free_list(items);
				return ERR_DATA;
			}
			t->atom[np++] = rules_atom_intern(rs, part);
			if (!plus)
				break;
			p = plus + 1;
		}
	}
	free_list(items);
	if (atom_list(rs, ini, sec, "requires", &r->requires, &r->nrequires, err) ||
	    atom_list(rs, ini, sec, "unless", &r->unless, &r->nunless, err))
		return ERR_DATA;
	if (get_int(ini, sec, "weight", 1, 100, 1, false, &r->weight, err))
		return ERR_DATA;
	if ((v = ini_get(ini, sec, "category"))) {
		r->category = cat_index(rs, v);
		if (r->category < 0)
			return ini_fail(ini, sec, "category", err, "unknown category '%s'", v);
	}
	if ((v = ini_get(ini, sec, "dept"))) {
		r->dept = dept_index(rs, v);
		if (r->dept < 0)
			return ini_fail(ini, sec, "dept", err, "unknown department '%s'", v);
	}
	if ((v = ini_get(ini, sec, "class"))) {
		r->hclass = class_parse(v);
		if (r->hclass < 0)
			return ini_fail(ini, sec, "class", err, "unknown class '%s' (known: %s)", v,
					class_codes());
	}
	if ((v = ini_get(ini, sec, "kind"))) {
		r->kind = kind_parse(v);
		if (r->kind < 0)
			return ini_fail(ini, sec, "kind", err, "unknown kind '%s' (known: %s)", v,
					kind_codes());
	}
	if ((v = ini_get(ini, sec, "not_accepted")) && *v)
		r->not_accepted = xstrdup(v);
	if ((v = ini_get(ini, sec, "flag"))) {
		n = split_list(v, true, &items);
		for (int i = 0; i < n; i++) {
			unsigned f = flag_parse(items[i]);
			if (!f) {
				ini_fail(ini, sec, "flag", err, "unknown flag '%s' (known: safety, claim, "
					 "group, media, legal, anonymous)", items[i]);
				free_list(items);
				return ERR_DATA;
			}
			r->flags |= f;
		}
		free_list(items);
	}
	if ((v = ini_get(ini, sec, "channels"))) {
		n = split_list(v, true, &items);
		for (int i = 0; i < n; i++) {
			int ch = channel_parse(items[i]);
			if (ch < 0) {
				ini_fail(ini, sec, "channels", err, "unknown channel '%s' (known: %s)",
					 items[i], channel_codes());
				free_list(items);
				return ERR_DATA;
			}
			r->channels |= 1u << ch;
		}
		free_list(items);
	}
	if (r->dept < 0 && r->hclass < 0 && r->kind < 0 && !r->flags && !r->not_accepted)
		return ini_fail(ini, sec, NULL, err, "the rule does nothing: give it a dept, class, "
				"flag, kind or not_accepted");
	if (r->kind >= 0 && (r->dept >= 0 || r->hclass >= 0 || r->flags))
		return ini_fail(ini, sec, "kind", err, "a kind rule only votes for a kind; put "
				"departments, classes and flags in other rules");
	if (r->category >= 0 && r->dept < 0 && !r->flags)
		return ini_fail(ini, sec, "category", err, "a category needs a dept or a flag on the "
				"same rule");
	return 0;
}

static int load_rules(struct ruleset *rs, const struct ini *ini, struct err *err)
{
	for (int i = 0; i < ini_section_count(ini); i++) {
		const char *sec = ini_section_name(ini, i);
		struct rule *r;

		if (strncmp(sec, "rule:", 5) != 0)
			continue;
		for (int j = 0; j < rs->nrules; j++)
			if (strcmp(rs->rules[j].name, sec + 5) == 0)
				return ini_fail(ini, sec, NULL, err, "rule defined twice");
		rs->rules = rules_grow(rs->rules, rs->nrules, sizeof *rs->rules);
		r = &rs->rules[rs->nrules++];
		memset(r, 0, sizeof *r);
		if (load_rule(rs, ini, sec, r, err))
			return ERR_DATA;
	}
	return 0;
}

/* [approvers]: each chain step's role, "supervisor" or "handler:OFFICE" (core/users.h). */
static int load_approvers(struct ruleset *rs, const struct ini *ini, struct err *err)
{
	const char *sec = "approvers";

	for (int k = 0; k < ini_key_count(ini, sec); k++) {
		const char *step = ini_key_name(ini, sec, k), *v = ini_get(ini, sec, step);
		char role[RULES_CODE_MAX + 32];
		const char *colon;
		bool named = false;

		for (int c = 0; c < CLASS__COUNT; c++)
			for (int i = 0; i < rs->classes[c].napproval; i++)
				named = named || strcmp(rs->classes[c].approval[i], step) == 0;
		if (!named)
			return ini_fail(ini, sec, step, err, "no approval chain of a [class:…] names "
					"the step '%s'", step);
		if (!v || !*v)
			return ini_fail(ini, sec, step, err, "missing: the role of the step (%s, "
					"or handler:DEPT)", vocab_codes(&vocab_user_role, ", ", role,
									sizeof role));
		snprintf(role, sizeof role, "%s", v);
		if ((colon = strchr(v, ':')))
			role[colon - v] = '\0';
		if (vocab_parse(&vocab_user_role, role) < 0 || strcmp(role, vocab_code(
			    &vocab_user_role, vocab_parse(&vocab_user_role, role))) != 0)
			return ini_fail(ini, sec, step, err, "unknown role '%s' (known: clerk, "
					"officer, handler, supervisor, admin)", role);
		if (colon && (strcmp(role, "handler") != 0 || dept_index(rs, colon + 1) < 0))
			return ini_fail(ini, sec, step, err, strcmp(role, "handler") != 0
					? "only a handler names a department (handler:DEPT)"
					: "unknown department '%s'", colon + 1);
		rs->approver_step = xrealloc(rs->approver_step, sizeof(char *) *
					     (size_t)(rs->napprovers + 1));
		rs->approver_role = xrealloc(rs->approver_role, sizeof(char *) *
					     (size_t)(rs->napprovers + 1));
		rs->approver_step[rs->napprovers] = xstrdup(step);
		rs->approver_role[rs->napprovers] = xstrdup(v);
		if (colon)
			upper(rs->approver_role[rs->napprovers] + (colon - v) + 1);
		rs->napprovers++;
	}
	return 0;
}

/* The sections' loaders, in the order each may rely on the ones before;
 * load_rules waits for rules_keywords. */
static int (*const loaders[])(struct ruleset *rs, const struct ini *ini, struct err *err) = {
	load_depts_cats, load_units, load_settings, load_classes, load_approvers,
};

int rules_load(const char *path, struct ruleset **out, struct err *err)
{
	struct ini *ini;
	struct ruleset *rs;
	int rc;

	rc = ini_open(path, &ini, err);
	if (rc)
		return rc;
	rs = xcalloc(1, sizeof *rs);
	rs->ini = ini;
	rc = check_layout(ini, err);
	for (size_t i = 0; !rc && i < sizeof loaders / sizeof loaders[0]; i++)
		rc = loaders[i](rs, ini, err);
	if (rc) {
		rules_free(rs);
		return rc;
	}
	*out = rs;
	return 0;
}

int rules_keywords(const struct ruleset *crs, struct err *err)
{
	/* const for the callers, who only read: the parse is a cache */
	struct ruleset *rs = (struct ruleset *)crs;
	int rc;

	if (rs->kw_state == 0) {
		rs->kw_parses++;
		rc = load_rules(rs, rs->ini, &rs->kw_err);
		if (rc) {
			/* what rules_classify sees after a failure: no rules */
			free_rules(rs);
			rs->kw_state = -1;
		} else {
			rs->kw_state = 1;
		}
		rules_intern_cues(rs);
		rules_index_atoms(rs);
		ini_close(rs->ini);
		rs->ini = NULL;
	}
	if (rs->kw_state < 0) {
		if (err)
			*err = rs->kw_err;
		return rs->kw_err.code ? rs->kw_err.code : ERR_DATA;
	}
	return 0;
}
