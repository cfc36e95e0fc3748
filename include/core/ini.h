/* INI files read once into tables indexed by section and key, with their line numbers. */
#ifndef CDESK_CORE_INI_H
#define CDESK_CORE_INI_H

#include "core/err.h"

struct ini;

/*
 * Loads path. A syntax error fails with ERR_DATA and "path:line: syntax
 * error: <the line>"; a key written twice in one section (a repeated
 * [section] continues it) with both line numbers; a key before any
 * [section] too; a missing file with ERR_NOTFOUND. Section and key names
 * are lower-cased; values follow iniparser 4 ("quoted" as written, else cut
 * at ';' or '#' and trimmed). A UTF-8 byte-order mark at the start is skipped.
 */
int ini_open(const char *path, struct ini **out, struct err *err);
void ini_close(struct ini *ini);

const char *ini_path(const struct ini *ini);
/* The value of [section] key, or NULL when absent. */
const char *ini_get(const struct ini *ini, const char *section, const char *key);

int ini_section_count(const struct ini *ini);
/* Sections in file order. */
const char *ini_section_name(const struct ini *ini, int i);
/* Number of keys in section and the i-th key's name (without "section:"), in file order. */
int ini_key_count(const struct ini *ini, const char *section);
const char *ini_key_name(const struct ini *ini, const char *section, int i);
/* The i-th key's value. */
const char *ini_key_value(const struct ini *ini, const char *section, int i);

/* The line of [section] key (or of the last [section] header when key is NULL); 0 if unknown. */
int ini_line(const struct ini *ini, const char *section, const char *key);

/* Sets err to ERR_DATA, "path:line: [section] key: <message>"; returns ERR_DATA. */
int ini_fail(const struct ini *ini, const char *section, const char *key, struct err *err,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Parsers for values that fail through ini_fail with a clear message. */
int ini_get_int(const struct ini *ini, const char *section, const char *key, long min,
		long max, long *out, struct err *err);

#endif
