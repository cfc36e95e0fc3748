/* iniparser behind a small interface that remembers where each key was written. */
#include "core/ini.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <iniparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ini_pos {
	char *section;
	char *key;          /* NULL for the section header itself */
	int line;
};

struct ini {
	char *path;
	dictionary *dict;
	struct ini_pos *pos;
	int npos;
	char **sections;    /* in file order */
	int nsections;
};

static char last_error[512];

static int capture_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	return 0;
}

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

static void add_pos(struct ini *ini, const char *sec, const char *key, int line)
{
	ini->pos = xrealloc(ini->pos, sizeof *ini->pos * (size_t)(ini->npos + 1));
	ini->pos[ini->npos].section = xstrdup(sec);
	ini->pos[ini->npos].key = key ? xstrdup(key) : NULL;
	ini->pos[ini->npos].line = line;
	ini->npos++;
}

/* Records line numbers, and finds the first syntax error as a line number
 * (iniparser reports one but only to its callback). Returns that line or 0. */
static int index_lines(struct ini *ini, const char *text, char *bad, size_t badsize)
{
	char sec[256] = "";
	const char *p = text;
	int lineno = 0, badline = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n), *t = trim(line);

		lineno++;
		if (*t == '\0' || *t == ';' || *t == '#') {
			/* comment or blank */
		} else if (*t == '[') {
			char *e = strrchr(t, ']');
			if (!e || e[1] != '\0') {
				if (!badline) {
					badline = lineno;
					snprintf(bad, badsize, "%s", t);
				}
			} else {
				*e = '\0';
				snprintf(sec, sizeof sec, "%s", trim(t + 1));
				lower(sec);
				add_pos(ini, sec, NULL, lineno);
				ini->sections = xrealloc(ini->sections,
							 sizeof *ini->sections * (size_t)(ini->nsections + 1));
				ini->sections[ini->nsections++] = xstrdup(sec);
			}
		} else {
			char *eq = strchr(t, '=');
			if (!eq || eq == t) {
				if (!badline) {
					badline = lineno;
					snprintf(bad, badsize, "%s", t);
				}
			} else {
				*eq = '\0';
				char *k = trim(t);
				lower(k);
				add_pos(ini, sec, k, lineno);
			}
		}
		free(line);
		p = nl ? nl + 1 : p + n;
	}
	return badline;
}

int ini_open(const char *path, struct ini **out, struct err *err)
{
	struct ini *ini;
	char *text, bad[200] = "";
	size_t len;
	int badline;

	text = util_read_file(path, &len);
	if (!text)
		return err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_DATA, "%s: %s", path,
			       strerror(errno));
	if (strlen(text) != len) {
		free(text);
		return err_set(err, ERR_DATA, "%s: contains a NUL byte; not a text file", path);
	}
	ini = xcalloc(1, sizeof *ini);
	ini->path = xstrdup(path);
	badline = index_lines(ini, text, bad, sizeof bad);
	free(text);
	if (badline) {
		err_set(err, ERR_DATA, "%s:%d: syntax error: '%s' is neither [section] nor key = value",
			path, badline, bad);
		ini_close(ini);
		return ERR_DATA;
	}
	last_error[0] = '\0';
	iniparser_set_error_callback(capture_error);
	ini->dict = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!ini->dict) {
		/* iniparser says "syntax error in FILE (LINE):\n-> TEXT". */
		const char *lp = strstr(last_error, " (");
		int line = lp ? atoi(lp + 2) : 0;
		char *nl = strchr(last_error, '\n');
		if (nl)
			*nl = '\0';
		if (line > 0)
			err_set(err, ERR_DATA, "%s:%d: syntax error", path, line);
		else
			err_set(err, ERR_DATA, "%s: cannot be parsed: %s", path,
				last_error[0] ? last_error : "iniparser failed");
		ini_close(ini);
		return ERR_DATA;
	}
	*out = ini;
	return 0;
}

void ini_close(struct ini *ini)
{
	if (!ini)
		return;
	if (ini->dict)
		iniparser_freedict(ini->dict);
	for (int i = 0; i < ini->npos; i++) {
		free(ini->pos[i].section);
		free(ini->pos[i].key);
	}
	for (int i = 0; i < ini->nsections; i++)
		free(ini->sections[i]);
	free(ini->sections);
	free(ini->pos);
	free(ini->path);
	free(ini);
}

const char *ini_path(const struct ini *ini)
{
	return ini->path;
}

const char *ini_get(const struct ini *ini, const char *section, const char *key)
{
	char full[512];

	snprintf(full, sizeof full, "%s:%s", section, key);
	lower(full);
	return iniparser_getstring(ini->dict, full, NULL);
}

int ini_section_count(const struct ini *ini)
{
	return ini->nsections;
}

const char *ini_section_name(const struct ini *ini, int i)
{
	return i >= 0 && i < ini->nsections ? ini->sections[i] : NULL;
}

int ini_key_count(const struct ini *ini, const char *section)
{
	int n = 0;

	for (int i = 0; i < ini->npos; i++)
		if (ini->pos[i].key && strcmp(ini->pos[i].section, section) == 0)
			n++;
	return n;
}

const char *ini_key_name(const struct ini *ini, const char *section, int k)
{
	for (int i = 0; i < ini->npos; i++)
		if (ini->pos[i].key && strcmp(ini->pos[i].section, section) == 0 && k-- == 0)
			return ini->pos[i].key;
	return NULL;
}

int ini_line(const struct ini *ini, const char *section, const char *key)
{
	int line = 0;

	/* The last occurrence wins, as in iniparser. */
	for (int i = 0; i < ini->npos; i++) {
		const struct ini_pos *p = &ini->pos[i];
		if (strcmp(p->section, section) != 0)
			continue;
		if (key ? (p->key && strcmp(p->key, key) == 0) : !p->key)
			line = p->line;
	}
	return line;
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
	vsnprintf(msg, sizeof msg, fmt, ap);
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
