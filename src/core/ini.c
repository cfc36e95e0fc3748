/*
 * INI files read in one pass into compact tables: the sections in file
 * order, each with its keys in file order, and a hash index over
 * "section:key", so that a lookup costs one probe where iniparser's
 * dictionary compared every key (the top of cdesk's start-up profile). The
 * values follow iniparser 4's rules, the format the site's files were
 * written for: names lower-cased, a value in "double" or 'single' quotes
 * taken as written, otherwise cut at ';' or '#' and trimmed. A byte-order
 * mark before the first line is skipped; a key written twice in a section
 * is refused with both lines.
 */
#include "core/i18n.h"
#include "core/ini.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R_(s) dgettext("cdesk", s)

struct ini_key {
	char *name;
	char *value;
	int line;
};

struct ini_sec {
	char *name;
	int line;           /* of its last [header] */
	struct ini_key *keys;   /* in file order */
	int nkeys, cap;
};

struct ini {
	char *path;
	char *text;         /* the file, cut in place: every name and value points into it */
	struct ini_sec *secs;   /* each name once, in order of first appearance */
	int nsecs, capsecs;
	int *order;         /* the [headers] in file order, as indexes into secs */
	int norder, caporder;
	/* Open addressing over (section, key) pairs, key -1 the section
	 * itself; sec1 is the section's index + 1, 0 an empty slot. The size
	 * is a power of two, at most half full. */
	struct slot { uint32_t hash; int sec1, key; } *slots;
	unsigned nslots, used;
	const struct ini_sec *last;     /* section(): the last one looked up */
};

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* FNV-1a over the section, a separator and the key. */
static uint32_t hash_of(const char *sec, const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)sec; *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ ':') * 16777619u;
	for (const unsigned char *p = (const unsigned char *)(key ? key : ""); *p; p++)
		h = (h ^ *p) * 16777619u;
	return key ? h : h ^ 0x9e3779b9u;
}

static const char *slot_key(const struct ini *ini, const struct slot *s)
{
	return s->key < 0 ? NULL : ini->secs[s->sec1 - 1].keys[s->key].name;
}

/* The slot of (sec, key) of hash h: a filled one that matches, or the empty one where it goes. */
static struct slot *probe_h(const struct ini *ini, const char *sec, const char *key, uint32_t h)
{
	for (unsigned i = h & (ini->nslots - 1);; i = (i + 1) & (ini->nslots - 1)) {
		struct slot *s = &ini->slots[i];
		const char *k;
		if (!s->sec1)
			return s;
		if (s->hash != h || strcmp(ini->secs[s->sec1 - 1].name, sec) != 0)
			continue;
		k = slot_key(ini, s);
		if (key ? k && strcmp(k, key) == 0 : !k)
			return s;
	}
}

static struct slot *probe(const struct ini *ini, const char *sec, const char *key)
{
	return probe_h(ini, sec, key, hash_of(sec, key));
}

static void insert(struct ini *ini, int sec, int key);

static void grow(struct ini *ini)
{
	struct slot *old = ini->slots;
	unsigned n = ini->nslots;

	ini->nslots = n ? n * 2 : 64;
	ini->slots = xcalloc(ini->nslots, sizeof *ini->slots);
	ini->used = 0;
	for (unsigned i = 0; i < n; i++)
		if (old[i].sec1)
			insert(ini, old[i].sec1 - 1, old[i].key);
	free(old);
}

/* Puts (sec, key) of hash h in its empty slot. */
static void insert_h(struct ini *ini, int sec, int key, uint32_t h)
{
	const char *name = key < 0 ? NULL : ini->secs[sec].keys[key].name;

	if ((ini->used + 1) * 2 > ini->nslots)
		grow(ini);
	*probe_h(ini, ini->secs[sec].name, name, h) = (struct slot){ h, sec + 1, key };
	ini->used++;
}

static void insert(struct ini *ini, int sec, int key)
{
	const char *name = key < 0 ? NULL : ini->secs[sec].keys[key].name;

	insert_h(ini, sec, key, hash_of(ini->secs[sec].name, name));
}

static const struct slot *find(const struct ini *ini, const char *sec, const char *key)
{
	const struct slot *s = ini->nslots ? probe(ini, sec, key) : NULL;

	return s && s->sec1 ? s : NULL;
}

static int section_at(struct ini *ini, char *name, int line)
{
	const struct slot *s = find(ini, name, NULL);
	int i;

	if (s) {
		i = s->sec1 - 1;
	} else {
		if (ini->nsecs == ini->capsecs) {
			ini->capsecs = ini->capsecs ? ini->capsecs * 2 : 16;
			ini->secs = xrealloc(ini->secs, sizeof *ini->secs * (size_t)ini->capsecs);
			ini->last = NULL;
		}
		i = ini->nsecs++;
		ini->secs[i] = (struct ini_sec){ .name = (char *)name };
		insert(ini, i, -1);
	}
	ini->secs[i].line = line;
	if (ini->norder == ini->caporder) {
		ini->caporder = ini->caporder ? ini->caporder * 2 : 16;
		ini->order = xrealloc(ini->order, sizeof *ini->order * (size_t)ini->caporder);
	}
	ini->order[ini->norder++] = i;
	return i;
}

/* The value as iniparser 4 reads it: "..." or '...' as written, else up to
 * ';' or '#', trimmed. Changes v in place. */
static char *value_of(char *v)
{
	char *close;

	v = trim(v);
	if ((*v == '"' || *v == '\'') && (close = strchr(v + 1, *v)) != NULL && close > v + 1) {
		*close = '\0';
		return v + 1;
	}
	v[strcspn(v, ";#")] = '\0';
	v = trim(v);
	if (strcmp(v, "\"\"") == 0 || strcmp(v, "''") == 0)
		*v = '\0';
	return v;
}

/* One key = value line of section sec; ERR_DATA for a key written twice. */
static int add_key(struct ini *ini, int sec, char *name, char *value, int line, struct err *err)
{
	struct ini_sec *s = &ini->secs[sec];
	/* hashed once: for the look-up of a duplicate and for the insert */
	uint32_t h = hash_of(s->name, name);
	const struct slot *dup = probe_h(ini, s->name, name, h);

	if (dup->sec1 && dup->key >= 0)
		return err_set(err, ERR_DATA, R_("%s:%d: [%s] %s: listed twice in [%s] (first at "
						 "line %d); remove one of the two lines"),
			       ini->path, line, s->name, name, s->name, s->keys[dup->key].line);
	if (s->nkeys == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->keys = xrealloc(s->keys, sizeof *s->keys * (size_t)s->cap);
	}
	s->keys[s->nkeys] = (struct ini_key){ name, value, line };
	insert_h(ini, sec, s->nkeys++, h);
	return 0;
}

static int syntax_error(const struct ini *ini, int line, const char *text, struct err *err)
{
	return err_set(err, ERR_DATA, "%s:%d: syntax error: '%.200s' is neither [section] nor "
		       "key = value", ini->path, line, text);
}

/* Reads text (NUL-terminated, modified) line by line into ini. */
static int parse(struct ini *ini, char *text, struct err *err)
{
	char *p = text;
	int lineno = 0, sec = -1, rc;

	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p) {
		char *nl = strchr(p, '\n'), *t;

		if (nl)
			*nl = '\0';
		t = trim(p);
		lineno++;
		if (*t == '\0' || *t == ';' || *t == '#') {
			/* comment or blank */
		} else if (*t == '[') {
			char *e = strrchr(t, ']');
			if (!e || e[1] != '\0')
				return syntax_error(ini, lineno, t, err);
			*e = '\0';
			t = trim(t + 1);
			lower(t);
			sec = section_at(ini, t, lineno);
		} else {
			char *eq = strchr(t, '='), *k;
			if (!eq || eq == t)
				return syntax_error(ini, lineno, t, err);
			*eq = '\0';
			k = trim(t);
			lower(k);
			if (sec < 0)
				return err_set(err, ERR_DATA, R_("%s:%d: %s: a key before any "
								 "section"), ini->path, lineno, k);
			if ((rc = add_key(ini, sec, k, value_of(eq + 1), lineno, err)))
				return rc;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

int ini_open(const char *path, struct ini **out, struct err *err)
{
	struct ini *ini;
	char *text;
	size_t len;
	int rc;

	text = util_read_file(path, &len);
	if (!text)
		return err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_DATA, "%s: %s", path,
			       err_errno_text(errno));
	if (strlen(text) != len) {
		free(text);
		return err_set(err, ERR_DATA, "%s: contains a NUL byte; not a text file", path);
	}
	ini = xcalloc(1, sizeof *ini);
	ini->path = xstrdup(path);
	ini->text = text;
	/* At most a section or a key a line: an index at most half full from
	 * the start is never grown (and rehashed) while the file is read. */
	{
		size_t lines = 1;
		for (const char *q = text; (q = strchr(q, '\n')); q++)
			lines++;
		ini->nslots = 64;
		while (ini->nslots < 2 * lines && ini->nslots < (1u << 24))
			ini->nslots *= 2;
		ini->slots = xcalloc(ini->nslots, sizeof *ini->slots);
	}
	rc = parse(ini, text, err);
	if (rc) {
		ini_close(ini);
		return rc;
	}
	*out = ini;
	return 0;
}

void ini_close(struct ini *ini)
{
	if (!ini)
		return;
	for (int i = 0; i < ini->nsecs; i++)
		free(ini->secs[i].keys);
	free(ini->text);
	free(ini->secs);
	free(ini->order);
	free(ini->slots);
	free(ini->path);
	free(ini);
}

const char *ini_path(const struct ini *ini)
{
	return ini->path;
}

/* Section and key names are looked up lower-cased, as they are stored. */
static const struct slot *lookup(const struct ini *ini, const char *section, const char *key)
{
	char sec[256], k[256];

	if (strlen(section) >= sizeof sec || (key && strlen(key) >= sizeof k))
		return NULL;
	strcpy(sec, section);
	lower(sec);
	if (key) {
		strcpy(k, key);
		lower(k);
	}
	return find(ini, sec, key ? k : NULL);
}

static const struct ini_sec *section(const struct ini *ini, const char *name);

/* A section of at most this many keys is searched key by key. */
#define INI_SCAN_KEYS 16

const char *ini_get(const struct ini *ini, const char *section_name, const char *key)
{
	const struct ini_sec *sec;
	const struct slot *s;

	/* The loaders read a section's keys one after another: the section
	 * found once (section() keeps it), its few keys compared in turn,
	 * cheaper than hashing "section:key" for each. Names are stored
	 * lower-cased; a key with a capital goes the hashed way. */
	if (key && (sec = section(ini, section_name)) && sec->nkeys <= INI_SCAN_KEYS) {
		bool plain = true;
		for (const char *p = key; *p && plain; p++)
			plain = !(*p >= 'A' && *p <= 'Z');
		if (plain) {
			for (int i = 0; i < sec->nkeys; i++)
				if (strcmp(sec->keys[i].name, key) == 0)
					return sec->keys[i].value;
			return NULL;
		}
	}
	s = lookup(ini, section_name, key);
	return s && s->key >= 0 ? ini->secs[s->sec1 - 1].keys[s->key].value : NULL;
}

int ini_section_count(const struct ini *ini)
{
	return ini->norder;
}

const char *ini_section_name(const struct ini *ini, int i)
{
	return i >= 0 && i < ini->norder ? ini->secs[ini->order[i]].name : NULL;
}

/* Callers walk one section's keys in a loop: the last section found is kept. */
static const struct ini_sec *section(const struct ini *ini, const char *name)
{
	struct ini *m = (struct ini *)ini;
	const struct slot *s;

	if (m->last && strcmp(m->last->name, name) == 0)
		return m->last;
	s = lookup(ini, name, NULL);
	return s ? (m->last = &ini->secs[s->sec1 - 1]) : NULL;
}

int ini_key_count(const struct ini *ini, const char *sec)
{
	const struct ini_sec *s = section(ini, sec);

	return s ? s->nkeys : 0;
}

const char *ini_key_name(const struct ini *ini, const char *sec, int k)
{
	const struct ini_sec *s = section(ini, sec);

	return s && k >= 0 && k < s->nkeys ? s->keys[k].name : NULL;
}

const char *ini_key_value(const struct ini *ini, const char *sec, int k)
{
	const struct ini_sec *s = section(ini, sec);

	return s && k >= 0 && k < s->nkeys ? s->keys[k].value : NULL;
}

int ini_line(const struct ini *ini, const char *section, const char *key)
{
	const struct slot *s = lookup(ini, section, key);
	const struct ini_sec *sec;

	if (!s)
		return 0;
	sec = &ini->secs[s->sec1 - 1];

	return s->key < 0 ? sec->line : sec->keys[s->key].line;
}

int ini_fail(const struct ini *ini, const char *section, const char *key, struct err *err,
	     const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	int line = ini_line(ini, section, key);

	if (!line && key)
		line = ini_line(ini, section, NULL);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, R_(fmt), ap);     /* a msgid: make pot's -kini_fail:5 */
	va_end(ap);
	if (key)
		return err_set(err, ERR_DATA, "%s:%d: [%s] %s: %s", ini->path, line, section, key, msg);
	return err_set(err, ERR_DATA, "%s:%d: [%s]: %s", ini->path, line, section, msg);
}

int ini_get_int(const struct ini *ini, const char *section, const char *key, long min,
		long max, long *out, struct err *err)
{
	const char *v = ini_get(ini, section, key);
	char *end;
	long n;

	if (!v)
		return ini_fail(ini, section, key, err, "missing");
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end)
		return ini_fail(ini, section, key, err, "'%s' is not a whole number", v);
	if (n < min || n > max)
		return ini_fail(ini, section, key, err, "%ld is out of range %ld..%ld", n, min, max);
	*out = n;
	return 0;
}
