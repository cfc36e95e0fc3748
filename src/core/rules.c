/*
 * The rule module: loads data/rules.ini (departments, units, categories,
 * keyword rules, classes and deadlines), classifies a complaint text and
 * computes its due dates. Every number and word comes from the file.
 */
#include "core/rules.h"
#include "core/users.h"
#include "core/fold.h"
#include "core/ini.h"
#include "core/money.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 3             /* "a+b+c" */
#define MAX_KEYWORD 96          /* bytes of one folded keyword */
#define MAX_SENTENCES 64        /* sentence masks are 64-bit; later ones share the last bit */

struct term {
	int atom[MAX_PARTS];        /* indexes into ruleset.atoms; -1 past the last part */
	char *text;                 /* as shown in reasons: "护士+态度" (folded) */
};

struct rule {
	char name[48];
	struct term *terms;
	int nterms;
	int *requires;              /* atoms; one must stand in the same sentence */
	int nrequires;
	int *unless;                /* atoms; none may stand in the same sentence */
	int nunless;
	int weight;
	int category;               /* index or -1 */
	int dept;                   /* index or -1 */
	int hclass;                 /* enum handling_class or -1 */
	unsigned flags;
	int kind;                   /* enum case_kind or -1 */
	unsigned channels;          /* bit per enum channel; 0 = any */
};

struct atom {
	char *s;
	size_t len;
	bool ascii;                 /* matches only at an ASCII word start */
	bool digits;                /* all digits: also needs a word end */
	unsigned first;             /* hash of its first character, see FIRST_HASH */
};

/* Atoms whose first character is absent from a text are not searched for. */
#define FIRST_BITS 4096
#define FIRST_HASH(b0, b1, b2) ((((unsigned)(b0) << 6) ^ ((unsigned)(b1) << 3) ^ (unsigned)(b2)) \
				% FIRST_BITS)

struct class_cfg {
	int reply_days, reply_days_multi;
	int feedback_days, feedback_days_multi;
	int hours, feedback_hours;  /* > 0: counted in clock hours */
	char **approval;
	int napproval;
};

struct ruleset {
	struct department *depts;
	int ndepts;
	struct category *cats;
	int ncats;
	char **units;
	int nunits;
	struct rule *rules;
	int nrules;
	struct atom *atoms;
	int natoms;
	char **cues;                /* folded claim cues */
	int ncues;
	int default_dept, default_cat;
	int32_t cutoff;
	int64_t threshold_fen;
	int claim_window;
	int co_share;
	int duplicate_days, review_days;
	struct class_cfg classes[CLASS__COUNT];
	int kind_class[KIND__COUNT];   /* -1: no class of its own */
	char **approver_step, **approver_role;  /* [approvers]: step = role */
	int napprovers;
};

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

static char *fold_dup(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);

	fold_text(s, n, out);
	return out;
}

/*
 * Splits a list at ',' (and '，' when folded) and '、' into trimmed items,
 * folded first when fold is true (keywords); returns the count.
 */
static int split_list(const char *value, bool fold, char ***out)
{
	char *copy = fold ? fold_dup(value) : xstrdup(value), *p = copy;
	char **items = NULL;
	int n = 0;

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
		items = xrealloc(items, sizeof *items * (size_t)(n + 1));
		items[n++] = xstrdup(item);
		if (!end)
			break;
		p = end + skip;
	}
	free(copy);
	*out = items;
	return n;
}

static void free_list(char **items, int n)
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

static int cat_index(const struct ruleset *rs, const char *code)
{
	for (int i = 0; i < rs->ncats; i++)
		if (strcasecmp(rs->cats[i].code, code) == 0)
			return i;
	return -1;
}

/* FIRST_HASH of the UTF-8 character at s (its lead byte and up to two more). */
static unsigned first_hash(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80)
		return FIRST_HASH(p[0], 0, 0);
	if (p[1] == 0 || p[0] < 0xE0)
		return FIRST_HASH(p[0], p[1], 0);
	return FIRST_HASH(p[0], p[1], p[2]);
}

static int atom_intern(struct ruleset *rs, const char *s)
{
	bool ascii = true, digits = true;

	for (int i = 0; i < rs->natoms; i++)
		if (strcmp(rs->atoms[i].s, s) == 0)
			return i;
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			ascii = false;
		if (!isdigit((unsigned char)*p))
			digits = false;
	}
	rs->atoms = xrealloc(rs->atoms, sizeof *rs->atoms * (size_t)(rs->natoms + 1));
	rs->atoms[rs->natoms] = (struct atom){ xstrdup(s), strlen(s), ascii, digits,
					       first_hash(s) };
	return rs->natoms++;
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
			(*out)[i] = atom_intern(rs, items[i]);
		*nout = n;
	}
	free_list(items, n);
	return rc;
}

/* ---------- freeing ---------- */

void rules_free(struct ruleset *rs)
{
	if (!rs)
		return;
	free(rs->depts);
	free(rs->cats);
	free_list(rs->units, rs->nunits);
	for (int i = 0; i < rs->nrules; i++) {
		struct rule *r = &rs->rules[i];
		for (int t = 0; t < r->nterms; t++)
			free(r->terms[t].text);
		free(r->terms);
		free(r->requires);
		free(r->unless);
	}
	free(rs->rules);
	for (int i = 0; i < rs->natoms; i++)
		free(rs->atoms[i].s);
	free(rs->atoms);
	free_list(rs->cues, rs->ncues);
	for (int c = 0; c < CLASS__COUNT; c++)
		free_list(rs->classes[c].approval, rs->classes[c].napproval);
	free_list(rs->approver_step, rs->napprovers);
	free_list(rs->approver_role, rs->napprovers);
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
	"review_days", NULL };
static const char *const dept_keys[] = { "name_zh", "name_en", NULL };
static const char *const cat_keys[] = { "name_zh", NULL };
static const char *const kind_keys[] = { "class", NULL };
static const char *const class_keys[] = { "reply_days", "reply_days_multi", "feedback_days",
	"feedback_days_multi", "hours", "feedback_hours", "approval", NULL };
static const char *const rule_keys[] = { "keywords", "requires", "unless", "weight",
	"category", "dept", "class", "flag", "kind", "channels", NULL };

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
			    need_name(ini, sec, "name_en", d.name_en, sizeof d.name_en, false, err))
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
				free_list(items, n);
				return rc;
			}
			rs->units = xrealloc(rs->units, sizeof *rs->units * (size_t)(rs->nunits + 1));
			rs->units[rs->nunits++] = xstrdup(u);
		}
		free_list(items, n);
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
	if (time_parse(v, &rs->cutoff, &tmp))
		return ini_fail(ini, sec, "cutoff", err, "%s", tmp.msg);
	if (ini_get_int(ini, sec, "claim_threshold_yuan", 1, 1000000000L, &yuan, err))
		return ERR_DATA;
	rs->threshold_fen = (int64_t)yuan * 100;
	if (get_int(ini, sec, "claim_window", 1, 200, 16, false, &rs->claim_window, err) ||
	    get_int(ini, sec, "co_dept_share", 1, 100, 50, false, &rs->co_share, err) ||
	    get_int(ini, sec, "duplicate_days", 0, 3650, 30, true, &rs->duplicate_days, err) ||
	    get_int(ini, sec, "review_days", 1, 365, 10, true, &rs->review_days, err))
		return ERR_DATA;
	v = ini_get(ini, sec, "claim_cues");
	if (v) {
		n = split_list(v, true, &items);
		for (int i = 0; i < n; i++)
			if (keyword_check(ini, sec, "claim_cues", items[i], err)) {
				free_list(items, n);
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
				free_list(items, n);
				return ini_fail(ini, sec, "keywords", err, "'%s' combines more than %d "
						"words", t->text, MAX_PARTS);
			}
			if (keyword_check(ini, sec, "keywords", part, err)) {
				free_list(items, n);
				return ERR_DATA;
			}
			t->atom[np++] = atom_intern(rs, part);
			if (!plus)
				break;
			p = plus + 1;
		}
	}
	free_list(items, n);
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
	if ((v = ini_get(ini, sec, "flag"))) {
		n = split_list(v, true, &items);
		for (int i = 0; i < n; i++) {
			unsigned f = flag_parse(items[i]);
			if (!f) {
				ini_fail(ini, sec, "flag", err, "unknown flag '%s' (known: safety, claim, "
					 "group, media, legal, anonymous)", items[i]);
				free_list(items, n);
				return ERR_DATA;
			}
			r->flags |= f;
		}
		free_list(items, n);
	}
	if ((v = ini_get(ini, sec, "channels"))) {
		n = split_list(v, true, &items);
		for (int i = 0; i < n; i++) {
			int ch = channel_parse(items[i]);
			if (ch < 0) {
				ini_fail(ini, sec, "channels", err, "unknown channel '%s' (known: %s)",
					 items[i], channel_codes());
				free_list(items, n);
				return ERR_DATA;
			}
			r->channels |= 1u << ch;
		}
		free_list(items, n);
	}
	if (r->dept < 0 && r->hclass < 0 && r->kind < 0 && !r->flags)
		return ini_fail(ini, sec, NULL, err, "the rule does nothing: give it a dept, class, "
				"flag or kind");
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
		rs->rules = xrealloc(rs->rules, sizeof *rs->rules * (size_t)(rs->nrules + 1));
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

int rules_load(const char *path, struct ruleset **out, struct err *err)
{
	struct ini *ini;
	struct ruleset *rs;
	int rc;

	rc = ini_open(path, &ini, err);
	if (rc)
		return rc;
	rs = xcalloc(1, sizeof *rs);
	rc = check_layout(ini, err);
	if (!rc)
		rc = load_depts_cats(rs, ini, err);
	if (!rc)
		rc = load_units(rs, ini, err);
	if (!rc)
		rc = load_settings(rs, ini, err);
	if (!rc)
		rc = load_classes(rs, ini, err);
	if (!rc)
		rc = load_rules(rs, ini, err);
	if (!rc)
		rc = load_approvers(rs, ini, err);
	ini_close(ini);
	if (rc) {
		rules_free(rs);
		return rc;
	}
	*out = rs;
	return 0;
}

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

int64_t rules_claim_threshold_fen(const struct ruleset *rs)
{
	return rs->threshold_fen;
}

int rules_duplicate_days(const struct ruleset *rs)
{
	return rs->duplicate_days;
}

int32_t rules_cutoff(const struct ruleset *rs)
{
	return rs->cutoff;
}

int rules_review_days(const struct ruleset *rs)
{
	return rs->review_days;
}

int rules_rule_count(const struct ruleset *rs)
{
	return rs->nrules;
}

const char *rules_rule_name(const struct ruleset *rs, int i)
{
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

/* ---------- classification ---------- */

/*
 * Appends s to a fixed buffer; what does not fit is cut at a character
 * boundary and marked with "…", so no UTF-8 sequence is ever split.
 */
static void add_text(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf), n = strlen(s), room;

	if (len + n < size) {
		memcpy(buf + len, s, n + 1);
		return;
	}
	if (len + 3 >= size || (len >= 3 && strcmp(buf + len - 3, "…") == 0))
		return;
	room = size - 1 - len - 3;          /* keep 3 bytes for "…" */
	while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
		room--;
	memcpy(buf + len, s, room);
	memcpy(buf + len + room, "…", 4);
}

/*
 * The reasons are English by default (the msgids) and translated through the
 * "cdesk" text domain, named explicitly so the core needs no textdomain()
 * call; a program that never binds the domain or sets a locale gets English.
 */
#define R_(s) dgettext("cdesk", s)

/*
 * True when the reasons speak Chinese: they then name departments,
 * categories, kinds, classes and flags by their Chinese names, not codes.
 */
static bool reasons_zh(void)
{
	/* Translators: "name" to name departments, categories, kinds, classes
	   and flags by the Chinese names from the rules file and vocabulary;
	   anything else keeps the English codes. */
	return strcmp(R_("reasons-show:code"), "name") == 0;
}

/* A department as the reasons name it: "NURSING" or "护理部". */
static const char *dept_shown(const struct ruleset *rs, int d, bool zh)
{
	return zh ? rs->depts[d].name_zh : rs->depts[d].code;
}

/* "CODE (名称)" in English, "名称" in Chinese. */
static const char *code_name(const char *code, const char *name_zh, bool zh,
			     char *buf, size_t size)
{
	if (zh)
		return name_zh;
	snprintf(buf, size, "%s (%s)", code, name_zh);
	return buf;
}

static struct rule_reason *add_reason(struct rule_suggestion *out, const char *part,
				      const char *rule)
{
	struct rule_reason *r;

	if (out->nreasons >= RULES_MAX_REASONS)
		return NULL;
	r = &out->reasons[out->nreasons++];
	strlcpy_(r->part, part, sizeof r->part);
	strlcpy_(r->rule, rule, sizeof r->rule);
	r->detail[0] = '\0';
	return r;
}

static void reason_f(struct rule_suggestion *out, const char *part, const char *rule,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void reason_f(struct rule_suggestion *out, const char *part, const char *rule,
		     const char *fmt, ...)
{
	struct rule_reason *r = add_reason(out, part, rule);
	char buf[1024];
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	add_text(r->detail, sizeof r->detail, buf);
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Sentence breaks: 。！？； (folded to !?;), ., !, ?, ;, and line ends. */
static size_t sentence_break(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c == '\n' || c == '!' || c == '?' || c == ';')
		return 1;
	if (c == '.' && !(i > 0 && isdigit((unsigned char)s[i - 1]) &&
			  isdigit((unsigned char)s[i + 1])))
		return 1;
	if (c == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82)
		return 3;
	return 0;
}

/*
 * An ASCII keyword ends at a word end or before a common inflection
 * ("nurse" matches "nurses", "sue" matches "sued", not "nursery").
 */
static bool english_end(const char *p)
{
	static const char *const suffixes[] = { "s", "es", "d", "ed", "ing", "er", "ers", NULL };

	if (!isalnum((unsigned char)*p))
		return true;
	for (int i = 0; suffixes[i]; i++) {
		size_t n = strlen(suffixes[i]);
		if (strncmp(p, suffixes[i], n) == 0 && !isalnum((unsigned char)p[n]))
			return true;
	}
	return false;
}

struct scan {
	const char *s;              /* folded text */
	size_t len;
	uint8_t *sent;              /* sentence number of each byte */
	uint64_t *mask;             /* per atom: sentences it stands in */
};

static void scan_atoms(const struct ruleset *rs, struct scan *sc)
{
	uint64_t present[FIRST_BITS / 64] = { 0 };

	for (size_t i = 0; i < sc->len; i++) {
		unsigned char c = (unsigned char)sc->s[i];
		if ((c & 0xC0) == 0x80)
			continue;           /* continuation byte */
		unsigned h = first_hash(sc->s + i);
		present[h / 64] |= (uint64_t)1 << (h % 64);
	}
	for (int a = 0; a < rs->natoms; a++) {
		const struct atom *at = &rs->atoms[a];
		const char *p = sc->s;
		uint64_t m = 0;

		sc->mask[a] = 0;
		if (!(present[at->first / 64] & ((uint64_t)1 << (at->first % 64))))
			continue;
		while ((p = strstr(p, at->s)) != NULL) {
			size_t off = (size_t)(p - sc->s);
			bool ok = true;
			if (at->ascii && off > 0 && isalnum((unsigned char)p[-1]))
				ok = false;
			if (at->digits && isdigit((unsigned char)p[at->len]))
				ok = false;
			if (at->ascii && !at->digits && !english_end(p + at->len))
				ok = false;
			if (ok)
				m |= (uint64_t)1 << sc->sent[off];
			p += 1;
		}
		sc->mask[a] = m;
	}
}

static uint64_t atoms_mask(const struct scan *sc, const int *atoms, int n)
{
	uint64_t m = 0;

	for (int i = 0; i < n; i++)
		m |= sc->mask[atoms[i]];
	return m;
}

static uint64_t term_mask(const struct scan *sc, const struct term *t)
{
	uint64_t m = ~(uint64_t)0;

	for (int j = 0; j < MAX_PARTS && t->atom[j] >= 0; j++)
		m &= sc->mask[t->atom[j]];
	return m;
}

/* The sentences where rule r fires (0: it does not). */
static uint64_t rule_fires(const struct ruleset *rs, const struct rule *r, const struct scan *sc,
			   int channel)
{
	uint64_t hits = 0;

	(void)rs;
	if (r->channels && (channel < 0 || !(r->channels & (1u << channel))))
		return 0;
	for (int t = 0; t < r->nterms; t++)
		hits |= term_mask(sc, &r->terms[t]);
	if (hits && r->nrequires)
		hits &= atoms_mask(sc, r->requires, r->nrequires);
	if (hits && r->nunless)
		hits &= ~atoms_mask(sc, r->unless, r->nunless);
	return hits;
}

/* "护士, 态度" — the keywords of r that matched in the sentences of hits. */
static void matched_words(const struct ruleset *rs, const struct rule *r, const struct scan *sc,
			  uint64_t hits, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int t = 0; t < r->nterms; t++)
		if (term_mask(sc, &r->terms[t]) & hits) {
			if (buf[0])
				add_text(buf, size, ", ");
			add_text(buf, size, r->terms[t].text);
		}
	for (int i = 0; i < r->nrequires; i++)
		if (sc->mask[r->requires[i]] & hits) {
			add_text(buf, size, ", ");
			add_text(buf, size, rs->atoms[r->requires[i]].s);
		}
}

/* ---------- amounts ---------- */

static size_t utf8_next(const char *s, size_t i, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Digit value of a Chinese numeral character, or -1. 几 counts as 0 ("十几万"). */
static int cn_digit(uint32_t cp)
{
	static const uint32_t d[] = { 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
				      0x4E03, 0x516B, 0x4E5D };   /* 零一二三四五六七八九 */
	for (int i = 0; i < 10; i++)
		if (cp == d[i])
			return i;
	if (cp == 0x3007)           /* 〇 */
		return 0;
	if (cp == 0x4E24)           /* 两 */
		return 2;
	if (cp == 0x51E0)           /* 几 */
		return 0;
	return -1;
}

static long cn_unit(uint32_t cp)
{
	switch (cp) {
	case 0x5341: return 10;         /* 十 */
	case 0x767E: return 100;        /* 百 */
	case 0x5343: return 1000;       /* 千 */
	case 0x4E07: return 10000;      /* 万 */
	case 0x4EBF: return 100000000;  /* 亿 */
	default: return 0;
	}
}

struct cps {
	uint32_t *cp;
	size_t *off;                /* byte offset of each code point; off[n] = length */
	size_t n;
};

static bool cp_at(const struct cps *c, size_t i, uint32_t cp)
{
	return i < c->n && c->cp[i] == cp;
}

/* An ASCII word at i ("yuan", "rmb"); returns its length in code points or 0. */
static size_t word_at(const struct cps *c, size_t i, const char *w)
{
	size_t k = 0;

	for (; w[k]; k++)
		if (i + k >= c->n || c->cp[i + k] != (unsigned char)w[k])
			return 0;
	if (i + k < c->n && c->cp[i + k] < 0x80 && isalpha((int)c->cp[i + k]))
		return 0;
	return k;
}

static bool currency_unit(const struct cps *c, size_t *i)
{
	size_t k;

	while (*i < c->n && c->cp[*i] == ' ')
		(*i)++;
	if (cp_at(c, *i, 0x591A) || cp_at(c, *i, 0x4F59))   /* 多, 余: 一万多元 */
		if (cp_at(c, *i + 1, 0x5143) || cp_at(c, *i + 1, 0x5757))
			(*i)++;
	if (cp_at(c, *i, 0x5143) || cp_at(c, *i, 0x5757) || cp_at(c, *i, 0x5706)) { /* 元块圆 */
		(*i)++;
		return true;
	}
	if ((k = word_at(c, *i, "yuan")) || (k = word_at(c, *i, "rmb"))) {
		*i += k;
		return true;
	}
	return false;
}

/* An Arabic amount at i: "12000元", "1.5万", "12,000 yuan", "¥3000", "15w".
 * Integers only: the integer part, the decimals as a numerator over 10^fd. */
static bool arabic_amount(const struct cps *c, size_t i, int64_t *fen, size_t *end)
{
	int64_t ip = 0, fnum = 0, pow10 = 1, mult = 1, rest_yuan = 0;
	bool frac = false, prefix = false, unit = false;
	size_t j = i, k;

	if (i > 0 && (c->cp[i - 1] == 0xA5 || c->cp[i - 1] == 0xFFE5))
		prefix = true;
	else if (i >= 3 && word_at(c, i - 3, "rmb") == 3)
		prefix = true;
	else if (i >= 4 && c->cp[i - 1] == ' ' && word_at(c, i - 4, "rmb") == 3)
		prefix = true;
	if (i > 0 && c->cp[i - 1] < 0x80 && (isalnum((int)c->cp[i - 1]) || c->cp[i - 1] == '.'))
		return false;
	for (; j < c->n; j++) {
		uint32_t ch = c->cp[j];
		if (ch >= '0' && ch <= '9') {
			if (frac) {
				if (pow10 < INT64_C(1000000000)) {   /* nine decimals are plenty */
					fnum = fnum * 10 + (ch - '0');
					pow10 *= 10;
				}
			} else {
				ip = ip * 10 + (ch - '0');
			}
		} else if (ch == ',' && !frac && j + 3 < c->n && is_digit(c->cp[j + 1]) &&
			   is_digit(c->cp[j + 2]) && is_digit(c->cp[j + 3])) {
			continue;
		} else if (ch == '.' && !frac && j + 1 < c->n && c->cp[j + 1] >= '0' &&
			   c->cp[j + 1] <= '9') {
			frac = true;
		} else {
			break;
		}
		if (ip > INT64_C(1000000000000))
			return false;
	}
	if (cp_at(c, j, 0x4E07) || ((k = word_at(c, j, "w")) != 0)) {   /* 万, w */
		mult = 10000;
		j++;
		unit = true;
		/* "2万5" = 25000, "2万5千" = 25000, "2万500" = 20500. */
		if (j < c->n && is_digit(c->cp[j]) && !frac) {
			int64_t rest = 0;
			size_t digits = 0;
			while (j + digits < c->n && is_digit(c->cp[j + digits]) && digits < 4)
				rest = rest * 10 + (c->cp[j + digits++] - '0');
			if (cp_at(c, j + digits, 0x5343)) {              /* 千 */
				rest_yuan = rest * 1000;
				j += digits + 1;
			} else if (j + digits < c->n && is_digit(c->cp[j + digits])) {
				/* more than four digits after 万: not one amount */
			} else {
				rest_yuan = digits == 1 ? rest * 1000 : rest;
				j += digits;
			}
		}
	} else if (cp_at(c, j, 0x5343) || word_at(c, j, "k")) {          /* 千, k */
		mult = 1000;
		j++;
	}
	if (currency_unit(c, &j))
		unit = true;
	if (!unit && !prefix)
		return false;
	/* the decimals rounded half up to the fen */
	*fen = ip * 100 * mult + (fnum * 100 * mult * 2 + pow10) / (2 * pow10) + rest_yuan * 100;
	*end = j;
	return *fen > 0;
}

/* A Chinese-numeral amount at i: "一万元", "十五万", "五千块", "一万二". */
static bool chinese_amount(const struct cps *c, size_t i, int64_t *fen, size_t *end)
{
	int64_t total = 0, section = 0, number = 0;
	long last_unit = 1;
	bool prev_unit = false, wan = false;
	size_t j = i;

	if (cn_digit(c->cp[i]) <= 0 && c->cp[i] != 0x5341)   /* starts with 1-9 or 十 */
		return false;
	if (i > 0 && (cn_digit(c->cp[i - 1]) >= 0 || cn_unit(c->cp[i - 1])))
		return false;
	for (; j < c->n; j++) {
		int d = cn_digit(c->cp[j]);
		long u = cn_unit(c->cp[j]);
		if (d >= 0) {
			number = d;
			prev_unit = false;
		} else if (u == 10000 || u == 100000000) {
			section += number;
			total += (section ? section : 1) * u;
			section = number = 0;
			last_unit = u;
			prev_unit = true;
			wan = true;
		} else if (u) {
			section += (number ? number : (u == 10 ? 1 : 0)) * u;
			number = 0;
			last_unit = u;
			prev_unit = true;
		} else {
			break;
		}
	}
	if (number) {
		/* "一万二" = 12000, "两千五" = 2500: a digit right after a unit. */
		if (j >= 2 && cn_unit(c->cp[j - 2]) && !prev_unit && last_unit >= 100)
			number *= last_unit / 10;
		section += number;
	}
	total += section;
	*end = j;
	if (!currency_unit(c, end) && !(wan && !(cp_at(c, j, 0x4E2A) || cp_at(c, j, 0x4EBA) ||
						  cp_at(c, j, 0x6B21))))   /* 个, 人, 次 */
		return false;
	*fen = total * 100;
	return total > 0;
}

static bool cue_near(const struct ruleset *rs, const struct cps *c, const char *s, size_t start,
		     size_t end)
{
	size_t from = start > (size_t)rs->claim_window ? start - (size_t)rs->claim_window : 0;
	size_t to = end + 6 < c->n ? end + 6 : c->n;
	size_t b0 = c->off[from], b1 = c->off[to];

	/* A cue ending before the amount, or starting shortly after it. */
	for (int q = 0; q < rs->ncues; q++) {
		const char *p = s + b0;
		size_t ql = strlen(rs->cues[q]);
		while ((p = strstr(p, rs->cues[q])) != NULL && (size_t)(p - s) <= b1) {
			size_t at = (size_t)(p - s);
			if (at + ql <= c->off[start] || at >= c->off[end])
				return true;
			p++;
		}
	}
	return false;
}

/*
 * The largest amount in s that reads as a claim (a cue near it, or anywhere
 * when need_cue is false); 0 when none. Copies its text into what.
 */
static int64_t find_claim(const struct ruleset *rs, const char *s, bool need_cue, char *what,
			  size_t wsize)
{
	struct cps c;
	size_t len = strlen(s), i = 0;
	int64_t best = 0;

	c.cp = xmalloc(sizeof *c.cp * (len + 1));
	c.off = xmalloc(sizeof *c.off * (len + 1));
	c.n = 0;
	while (i < len) {
		c.off[c.n] = i;
		i += utf8_next(s, i, &c.cp[c.n]);
		c.n++;
	}
	c.off[c.n] = len;
	for (i = 0; i < c.n; i++) {
		int64_t fen = 0;
		size_t end = i;
		bool found;

		if (c.cp[i] >= '0' && c.cp[i] <= '9')
			found = arabic_amount(&c, i, &fen, &end);
		else
			found = chinese_amount(&c, i, &fen, &end);
		if (!found)
			continue;
		if ((!need_cue || cue_near(rs, &c, s, i, end)) && fen > best) {
			size_t from = i > 6 ? i - 6 : 0, n = c.off[end] - c.off[from];
			best = fen;
			if (n >= wsize)
				n = 0;
			memcpy(what, s + c.off[from], n);
			what[n] = '\0';
		}
		i = end > i ? end - 1 : i;
	}
	free(c.cp);
	free(c.off);
	return best;
}

static void format_yuan(int64_t fen, char *buf, size_t size)
{
	money_format_as(fen, MONEY_SHORT, buf, size);
}

/* Severity order for raising the class: simple < general < important < emergency. */
static int class_rank(int c)
{
	switch (c) {
	case CLASS_SIMPLE: return 0;
	case CLASS_GENERAL: return 1;
	case CLASS_IMPORTANT: return 2;
	case CLASS_EMERGENCY: return 3;
	default: return -1;
	}
}

void rules_classify(const struct ruleset *rs, const struct rule_input *in,
		    struct rule_suggestion *out)
{
	struct scan sc;
	struct sbuf raw = { 0 };
	char *folded, words[400], buf[64], nbuf[RULES_CODE_MAX + 160];
	bool zh = reasons_zh();
	int *score = xcalloc((size_t)rs->ndepts, sizeof *score);
	int *strongest = xcalloc((size_t)rs->ndepts, sizeof *strongest);
	int *catscore = xcalloc((size_t)rs->ncats, sizeof *catscore);
	int *catorder = xcalloc((size_t)rs->ncats, sizeof *catorder);
	int kindscore[KIND__COUNT] = { 0 }, kindrule[KIND__COUNT];
	int ncatorder = 0, hclass = -1, classrule = -1, lead = -1;
	uint64_t *fired = xcalloc((size_t)rs->nrules + 1, sizeof *fired);
	uint8_t nsent = 0;
	int64_t text_claim, demand_claim;
	char claim_what[128] = "", demand_what[128] = "";

	memset(out, 0, sizeof *out);
	for (int k = 0; k < KIND__COUNT; k++)
		kindrule[k] = -1;

	sbuf_add(&raw, in->text ? in->text : "");
	if (in->demand && *in->demand) {
		sbuf_add(&raw, "\n");
		sbuf_add(&raw, in->demand);
	}
	folded = xmalloc(raw.len + 2);
	sc.len = fold_text(raw.s ? raw.s : "", raw.len, folded);
	folded[sc.len + 1] = '\0';  /* sentence_break may look one byte past the end */
	sc.s = folded;
	sc.sent = xmalloc(sc.len + 1);
	for (size_t i = 0; i < sc.len;) {
		size_t b = sentence_break(folded, i);
		if (b) {
			for (size_t k = 0; k < b; k++)
				sc.sent[i + k] = nsent;
			if (nsent < MAX_SENTENCES - 1)
				nsent++;
			i += b;
		} else {
			sc.sent[i++] = nsent;
		}
	}
	sc.sent[sc.len] = nsent;
	sc.mask = xcalloc((size_t)rs->natoms + 1, sizeof *sc.mask);
	scan_atoms(rs, &sc);

	/* Which rules fire, and what they add up to. */
	for (int i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		fired[i] = rule_fires(rs, r, &sc, in->channel);
		if (!fired[i])
			continue;
		if (r->dept >= 0) {
			score[r->dept] += r->weight;
			if (r->weight > strongest[r->dept])
				strongest[r->dept] = r->weight;
		}
		if (r->category >= 0) {
			if (!catscore[r->category])
				catorder[ncatorder++] = r->category;
			catscore[r->category] += r->weight;
		}
		if (r->kind >= 0) {
			kindscore[r->kind] += r->weight;
			if (kindrule[r->kind] < 0)
				kindrule[r->kind] = i;
		}
		if (r->hclass >= 0 && class_rank(r->hclass) > class_rank(hclass)) {
			hclass = r->hclass;
			classrule = i;
		}
		out->flags |= r->flags;
	}

	/* Kind: the highest total; a tie with complaint, or nothing, is a complaint. */
	out->kind = KIND_COMPLAINT;
	for (int k = 0; k < KIND__COUNT; k++)
		if (kindscore[k] > kindscore[out->kind])
			out->kind = (enum case_kind)k;
	if (kindrule[out->kind] >= 0 && kindscore[out->kind] > 0) {
		struct sbuf b = { 0 };
		for (int i = 0; i < rs->nrules; i++)
			if (fired[i] && rs->rules[i].kind == (int)out->kind) {
				matched_words(rs, &rs->rules[i], &sc, fired[i], words, sizeof words);
				sbuf_addf(&b, "%s%s", b.len ? ", " : "", words);
			}
		reason_f(out, "kind", rs->rules[kindrule[out->kind]].name, R_("%s → %s (score %d)"),
			 b.s, zh ? kind_label(out->kind) : kind_code(out->kind),
			 kindscore[out->kind]);
		sbuf_free(&b);
	} else {
		reason_f(out, "kind", "default", R_("no kind cue outweighs a complaint → complaint"));
	}

	/*
	 * Departments: the lead has the highest score; a tie goes to the one with
	 * the strongest single rule, then to the one listed first.
	 */
	for (int d = 0; d < rs->ndepts; d++)
		if (score[d] > 0 && (lead < 0 || score[d] > score[lead] ||
				     (score[d] == score[lead] && strongest[d] > strongest[lead])))
			lead = d;
	if (lead < 0) {
		out->defaulted = true;
		strlcpy_(out->depts[0], rs->depts[rs->default_dept].code, RULES_CODE_MAX);
		out->ndepts = 1;
		reason_f(out, "dept", "default", R_("no rule names a department → %s by default"),
			 code_name(rs->depts[rs->default_dept].code,
				   rs->depts[rs->default_dept].name_zh, zh, nbuf, sizeof nbuf));
	} else {
		strlcpy_(out->depts[0], rs->depts[lead].code, RULES_CODE_MAX);
		out->ndepts = 1;
		for (int i = 0; i < rs->nrules; i++) {
			const struct rule *r = &rs->rules[i];
			if (!fired[i] || r->dept < 0)
				continue;
			matched_words(rs, r, &sc, fired[i], words, sizeof words);
			reason_f(out, "dept", r->name, R_("%s → %s (weight %d)"), words,
				 dept_shown(rs, r->dept, zh), r->weight);
		}
		for (int d = 0; d < rs->ndepts; d++) {
			if (d == lead || score[d] != score[lead])
				continue;
			if (strongest[d] < strongest[lead])
				reason_f(out, "dept", "tie", R_("%s and %s both score %d: %s has the "
								"stronger single rule (%d > %d)"),
					 dept_shown(rs, lead, zh), dept_shown(rs, d, zh), score[d],
					 dept_shown(rs, lead, zh), strongest[lead], strongest[d]);
			else
				reason_f(out, "dept", "tie", R_("%s and %s both score %d with rules "
								"of weight %d: %s is listed first in the "
								"rules file"),
					 dept_shown(rs, lead, zh), dept_shown(rs, d, zh), score[d],
					 strongest[d], dept_shown(rs, lead, zh));
		}
		/* Co-departments in descending score, then file order. */
		for (int pass = score[lead]; pass > 0 && out->ndepts < RULES_MAX_DEPTS; pass--)
			for (int d = 0; d < rs->ndepts && out->ndepts < RULES_MAX_DEPTS; d++) {
				if (d == lead || score[d] != pass ||
				    score[d] * 100 < score[lead] * rs->co_share)
					continue;
				strlcpy_(out->depts[out->ndepts++], rs->depts[d].code, RULES_CODE_MAX);
				reason_f(out, "dept", "share", R_("%s scores %d, at least %d%% of the "
								 "lead %s's %d → co-department"),
					 dept_shown(rs, d, zh), score[d], rs->co_share,
					 dept_shown(rs, lead, zh), score[lead]);
			}
		if (out->ndepts > 1)
			reason_f(out, "dept", "share", R_("%d departments → a multi-department case"),
				 out->ndepts);
	}

	/* Categories by score, then first appearance. */
	for (int n = 0; n < ncatorder && out->ncategories < RULES_MAX_CATEGORIES; n++) {
		int best = -1;
		for (int k = 0; k < ncatorder; k++) {
			int c = catorder[k];
			if (catscore[c] > 0 && (best < 0 || catscore[c] > catscore[best]))
				best = c;
		}
		if (best < 0)
			break;
		strlcpy_(out->categories[out->ncategories++], rs->cats[best].code, RULES_CODE_MAX);
		reason_f(out, "category", "score", R_("%s: score %d"),
			 code_name(rs->cats[best].code, rs->cats[best].name_zh, zh, nbuf, sizeof nbuf),
			 catscore[best]);
		catscore[best] = 0;
	}
	if (out->ncategories == 0) {
		strlcpy_(out->categories[0], rs->cats[rs->default_cat].code, RULES_CODE_MAX);
		out->ncategories = 1;
		reason_f(out, "category", "default", R_("no rule names a category → %s"),
			 code_name(rs->cats[rs->default_cat].code, rs->cats[rs->default_cat].name_zh,
				   zh, nbuf, sizeof nbuf));
	}

	/* Class: the highest a rule raises it to; else the kind's own; else general. */
	if (hclass >= 0) {
		matched_words(rs, &rs->rules[classrule], &sc, fired[classrule], words, sizeof words);
		out->hclass = (enum handling_class)hclass;
		reason_f(out, "class", rs->rules[classrule].name, R_("%s → %s"), words,
			 zh ? class_label(out->hclass) : class_code(out->hclass));
	} else if (rs->kind_class[out->kind] >= 0) {
		out->hclass = (enum handling_class)rs->kind_class[out->kind];
		reason_f(out, "class", "kind", R_("a %s is %s ([kind:%s])"),
			 zh ? kind_label(out->kind) : kind_code(out->kind),
			 zh ? class_label(out->hclass) : class_code(out->hclass),
			 kind_code(out->kind));
	} else {
		out->hclass = CLASS_GENERAL;
		reason_f(out, "class", "default", R_("no rule sets a class → general (the clerk "
							"makes it simple when settled on the spot)"));
	}

	/* Flags from rules, then from the fields. */
	for (int i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		if (!fired[i] || !r->flags)
			continue;
		matched_words(rs, r, &sc, fired[i], words, sizeof words);
		for (unsigned f = 1; f < (1u << FLAG__COUNT); f <<= 1)
			if (r->flags & f) {
				snprintf(buf, sizeof buf, "flag:%s", flag_code(f));
				reason_f(out, buf, r->name, R_("%s → %s"), words,
					 zh ? flag_label(f) : flag_code(f));
			}
	}
	if (in->group_size > 1) {
		out->flags |= FLAG_GROUP;
		reason_f(out, "flag:group", "input", R_("%d complainants → group"),
			 in->group_size);
	}
	if (in->anonymous) {
		out->flags |= FLAG_ANONYMOUS;
		reason_f(out, "flag:anonymous", "input", R_("no name given → anonymous"));
	}
	text_claim = find_claim(rs, in->text ? folded : "", true, claim_what, sizeof claim_what);
	demand_claim = 0;
	if (in->demand && *in->demand) {
		char *fd = fold_dup(in->demand);
		demand_claim = find_claim(rs, fd, false, demand_what, sizeof demand_what);
		free(fd);
	}
	if (in->claim_fen > 0) {
		out->claim_fen = in->claim_fen;
		format_yuan(out->claim_fen, buf, sizeof buf);
		reason_f(out, "claim", "input", R_("claim of %s yuan as entered"), buf);
	} else if (text_claim > 0 || demand_claim > 0) {
		bool dem = demand_claim >= text_claim;
		out->claim_fen = dem ? demand_claim : text_claim;
		format_yuan(out->claim_fen, buf, sizeof buf);
		reason_f(out, "claim", "text", R_("'%s' → %s yuan"), dem ? demand_what : claim_what, buf);
	}
	if (out->claim_fen > 0) {
		char th[32];
		format_yuan(rs->threshold_fen, th, sizeof th);
		format_yuan(out->claim_fen, buf, sizeof buf);
		if (out->claim_fen >= rs->threshold_fen) {
			out->flags |= FLAG_CLAIM;
			reason_f(out, "flag:claim", "threshold", R_("%s yuan ≥ %s → report to the "
								    "claims centre"), buf, th);
		}
	}

	free(fired);
	free(sc.mask);
	free(sc.sent);
	free(folded);
	sbuf_free(&raw);
	free(score);
	free(strongest);
	free(catscore);
	free(catorder);
}

/* ---------- due dates ---------- */

static const struct class_cfg *class_of(const struct ruleset *rs, enum handling_class c)
{
	return (int)c >= 0 && c < CLASS__COUNT ? &rs->classes[c] : NULL;
}

int rules_reply_days(const struct ruleset *rs, enum handling_class c, int ndepts)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc)
		return -1;
	if (cc->hours)
		return -1;
	return ndepts > 1 ? cc->reply_days_multi : cc->reply_days;
}

int rules_feedback_days(const struct ruleset *rs, enum handling_class c, int ndepts)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc || cc->feedback_hours)
		return -1;
	return ndepts > 1 ? cc->feedback_days_multi : cc->feedback_days;
}

int rules_class_hours(const struct ruleset *rs, enum handling_class c)
{
	const struct class_cfg *cc = class_of(rs, c);

	return cc ? cc->hours : 0;
}

/*
 * days > 0: the end of the days-th working day after from's day.
 * days = 0: from's day when it is a working day and from is not after the
 * cutoff, else the next working day; due at its end.
 * hours > 0: from + hours, to the second.
 */
static int due_after(const struct ruleset *rs, const struct calendar *cal, struct cdatetime from,
		     int days, int hours, struct cdatetime *due, struct err *err)
{
	char buf[24];

	if (!calendar_in_range(from.day) || from.sec < 0 || from.sec >= 86400)
		return err_set(err, ERR_USAGE, "%s is outside the calendar's range %d-%d",
			       datetime_format(from, buf), CAL_FIRST_YEAR, CAL_LAST_YEAR);
	if (hours > 0) {
		*due = datetime_add_seconds(from, (int64_t)hours * 3600);
		return 0;
	}
	if (days > 0)
		due->day = calendar_add_working_days(cal, from.day, days);
	else
		due->day = calendar_add_working_days(cal, from.day, from.sec > rs->cutoff ? 1 : 0);
	due->sec = 86399;
	if (!calendar_in_range(due->day))
		return err_set(err, ERR_USAGE, "the due date of %s is past the calendar's range",
			       datetime_format(from, buf));
	return 0;
}

int rules_due_reply(const struct ruleset *rs, const struct calendar *cal,
		    enum handling_class c, int ndepts, struct cdatetime received,
		    struct cdatetime *due, struct err *err)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc)
		return err_set(err, ERR_USAGE, "unknown handling class %d", (int)c);
	return due_after(rs, cal, received, rules_reply_days(rs, c, ndepts), cc->hours, due, err);
}

int rules_due_feedback(const struct ruleset *rs, const struct calendar *cal,
		       enum handling_class c, int ndepts, struct cdatetime transferred,
		       struct cdatetime *due, struct err *err)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc)
		return err_set(err, ERR_USAGE, "unknown handling class %d", (int)c);
	return due_after(rs, cal, transferred, rules_feedback_days(rs, c, ndepts),
			 cc->feedback_hours, due, err);
}

int rules_due_review(const struct ruleset *rs, const struct calendar *cal,
		     struct cdatetime requested, struct cdatetime *due, struct err *err)
{
	return due_after(rs, cal, requested, rs->review_days, 0, due, err);
}
