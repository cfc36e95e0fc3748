/* The JSON input of `cdesk add`: the object, its keys, and each value as
 * the text a clerk would type (core/field_json.h). */
#include "core/field_json.h"
#include "core/text.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const case_json_extra[] = {
	"anonymous", "claim_fen", "depts", "categories", "flags", "no_flags", "material", NULL
};

int case_json_load(const char *text, size_t len, json_t **out, struct err *err)
{
	const char *nul = memchr(text, '\0', len), *key;
	json_error_t je;
	json_t *jin, *v;

	*out = NULL;
	if (nul)
		return err_set(err, ERR_USAGE, "JSON input: a NUL byte at byte %zu; a text may not "
			       "contain NUL bytes (nothing was added)", (size_t)(nul - text) + 1);
	jin = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!jin) {
		if (strstr(je.text, "\\u0000"))
			return err_set(err, ERR_USAGE, "JSON input, line %d: \\u0000 (a NUL "
				       "character) may not be in a text; nothing was added", je.line);
		return err_set(err, ERR_USAGE, "JSON input, line %d: %s", je.line, je.text);
	}
	if (!json_is_object(jin)) {
		json_decref(jin);
		return err_set(err, ERR_USAGE, "JSON input: expected an object");
	}
	json_object_foreach(jin, key, v) {
		const char *const *jk;
		int f = case_field_find(key);
		for (jk = case_json_extra; *jk && strcmp(*jk, key) != 0; jk++)
			;
		if (!*jk && (f < 0 || strcmp(case_fields[f].code, key) != 0)) {
			char *clean = text_sanitize(key);
			err_set(err, ERR_USAGE, "JSON input: unknown key \"%s\"", clean);
			free(clean);
			json_decref(jin);
			return ERR_USAGE;
		}
	}
	*out = jin;
	return 0;
}

/* Array-or-string JSON lists ("depts": ["A","B"] or "A,B") into a comma list. */
int case_json_list(json_t *in, const char *key, const char **out, char **hold,
		   struct err *err)
{
	json_t *v = in ? json_object_get(in, key) : NULL;
	struct sbuf b = { 0 };
	size_t i;
	json_t *e;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v))
		return err_set(err, ERR_USAGE, "JSON input: \"%s\" must be an array of strings", key);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			sbuf_free(&b);
			return err_set(err, ERR_USAGE, "JSON input: \"%s\" must be an array of strings",
				       key);
		}
		sbuf_addf(&b, "%s%s", i ? "," : "", json_string_value(e));
	}
	sbuf_addn(&b, "", 0);
	free(*hold);
	*hold = b.s;
	*out = *hold;
	return 0;
}

int case_json_field(json_t *v, enum case_field f, char *num, size_t size, const char **out,
		  struct err *err)
{
	const char *key = case_fields[f].code;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (json_is_integer(v) && (f == CF_GROUP_SIZE || f == CF_CLAIM)) {
		snprintf(num, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = num;
		return 0;
	}
	if (f == CF_CLAIM)
		return err_set(err, ERR_USAGE, "JSON input: \"claim\" must be a string of yuan "
			       "(\"350.50\") or a whole number of yuan (350), not a number with a "
			       "fraction (JSON keeps those as binary floating point)");
	if (f == CF_GROUP_SIZE)
		return err_set(err, ERR_USAGE, "JSON input: \"group_size\" must be a whole number");
	return err_set(err, ERR_USAGE, "JSON input: \"%s\" must be a string", key);
}

