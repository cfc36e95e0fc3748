/* The JSON input of `cdesk add` (an object of the fields of core/field.h),
 * read in the core so that every caller and the fuzz target meet one
 * parser. */
#ifndef CDESK_CORE_FIELD_JSON_H
#define CDESK_CORE_FIELD_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"
#include "core/field.h"

/* JSON keys that are not fields of the table (core/field.h); NULL-ended. */
extern const char *const case_json_extra[];

/*
 * Parses text[0..len) as the JSON input of add: one object, every key a
 * field's code or one of case_json_extra, no key twice, no NUL byte (raw
 * or \u0000). *out is the object (json_decref it); ERR_USAGE with "JSON
 * input…: what is wrong" otherwise.
 */
int case_json_load(const char *text, size_t len, json_t **out, struct err *err);

/*
 * A field's JSON value as the text a clerk would type, so that it meets the
 * same check (case_field_set): a string as it is; an integer, for the group
 * size and the claim (whole yuan), in decimal into num. A JSON real is
 * refused for the claim: jansson holds it in binary floating point, and
 * 12.345 would be rounded without a word. null or absent leaves *out.
 */
int case_json_field(json_t *v, enum case_field f, char *num, size_t size, const char **out,
		    struct err *err);

/* Array-or-string JSON lists ("depts": ["A","B"] or "A,B") into a comma
 * list: *out is in's string or *hold, a fresh one (freed first). */
int case_json_list(json_t *in, const char *key, const char **out, char **hold,
		   struct err *err);

#endif
