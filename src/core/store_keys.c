/*
 * Short keys in stored events (schema 14, issue 13): the JSON objects of an
 * event's before and after are stored with the keys of keys_v14 as their
 * short codes, and read back with the long keys, into the very text cdesk
 * wrote, which is what the hash is over and what every reader gets.
 *
 * The codes begin with a capital letter, which no key cdesk writes does, so
 * that a text holding one is a stored short form. The keys that SQL reads
 * from an event (json_extract in the queries and indexes: due_met, round,
 * finding, reply_method, rectify_due, entered_late, deadline_basis, …) are
 * not in the table and stay as they are, and so does everything under
 * them: a key's value is shortened too only when the key is in the table.
 * The table is frozen: a key added later is stored as it is.
 */
#include "core/store.h"
#include "store_priv.h"
#include "core/util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *code;
} keys_v14[] = {
	{ "address", "A" }, { "anonymous", "B" }, { "approval", "C" },
	{ "approval_steps", "D" }, { "approved", "E" }, { "basis", "F" },
	{ "callback_at", "G" }, { "callback_note", "H" }, { "categories", "I" },
	{ "channel", "J" }, { "claim_fen", "K" }, { "class", "L" }, { "close_note", "M" },
	{ "close_unreasonable", "N" }, { "closed_at", "O" }, { "defaulted", "P" },
	{ "demand", "Q" }, { "dept", "R" }, { "depts", "S" }, { "detail", "T" },
	{ "done_at", "U" }, { "done_by", "V" }, { "draft", "W" }, { "due", "X" },
	{ "feedback", "Y" }, { "flags", "Z" }, { "group_size", "Aa" }, { "id_number", "Ab" },
	{ "in_review", "Ac" }, { "kind", "Ad" }, { "lead", "Ae" }, { "materials", "Af" },
	{ "merged_into", "Ag" }, { "name", "Ah" }, { "number", "Ai" }, { "override", "Aj" },
	{ "override_by", "Ak" }, { "paid_fen", "Al" }, { "part", "Am" },
	{ "patient_name", "An" }, { "patient_record", "Ao" }, { "pause_reason", "Ap" },
	{ "paused", "Aq" }, { "paused_at", "Ar" }, { "paused_days", "As" },
	{ "paused_from", "At" }, { "paused_working_days", "Au" }, { "phone", "Av" },
	{ "reason", "Aw" }, { "reasons", "Ax" }, { "received", "Ay" }, { "receiver", "Az" },
	{ "reject_note", "Ba" }, { "reject_reason", "Bb" }, { "relation", "Bc" },
	{ "replied_at", "Bd" }, { "reply_text", "Be" }, { "representatives", "Bf" },
	{ "review_at", "Bg" }, { "review_reason", "Bh" }, { "role", "Bi" },
	{ "round_at", "Bj" }, { "round_paused_days", "Bk" }, { "rule", "Bl" },
	{ "satisfaction", "Bm" }, { "staff", "Bn" }, { "state", "Bo" }, { "status", "Bp" },
	{ "step", "Bq" }, { "suggestion", "Br" }, { "text", "Bs" }, { "transfer", "Bt" },
	{ "transfers", "Bu" }, { "unit", "Bv" }, { "version", "Bw" }, { "visit_date", "Bx" },
	{ "user", "By" }, { "login", "Bz" }, { "disabled", "Ca" },
};

enum { NKEYS = sizeof keys_v14 / sizeof *keys_v14 };

static const char *lookup(const char *key, bool to_short)
{
	if (!key[0] || (to_short ? !(key[0] >= 'a' && key[0] <= 'z')
				 : !(key[0] >= 'A' && key[0] <= 'Z')))
		return NULL;
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(key, to_short ? keys_v14[i].key : keys_v14[i].code) == 0)
			return to_short ? keys_v14[i].code : keys_v14[i].key;
	return NULL;
}

static json_t *convert(json_t *v, bool to_short, int *n);

/* The values of an array: objects and arrays in it converted. */
static json_t *convert_array(json_t *a, bool to_short, int *n)
{
	json_t *out = json_array(), *e;
	size_t i;

	json_array_foreach(a, i, e)
		json_array_append_new(out, json_is_object(e) || json_is_array(e)
				      ? convert(e, to_short, n) : json_incref(e));
	return out;
}

/* v with the keys of the table converted, in the same order (a new
 * reference); *n counts the keys converted, or is set to -1 for ever when
 * two keys become one (a code beside the key it stands for). */
static json_t *convert(json_t *v, bool to_short, int *n)
{
	json_t *out, *e;
	const char *key, *other;

	if (json_is_array(v))
		return convert_array(v, to_short, n);
	if (!json_is_object(v))
		return json_incref(v);
	out = json_object();
	json_object_foreach(v, key, e) {
		other = lookup(key, to_short);
		if (json_object_get(out, other ? other : key))
			*n = -1;
		if (other) {
			if (*n >= 0)
				(*n)++;
			json_object_set_new(out, other, json_is_object(e) || json_is_array(e)
					    ? convert(e, to_short, n) : json_incref(e));
		} else {
			json_object_set(out, key, e);
		}
	}
	return out;
}

/* text with its keys converted (malloc'd); NULL when it is not a JSON
 * object or has no key of the table. */
static char *convert_text(const char *text, bool to_short)
{
	json_t *o, *c;
	char *s;
	int n = 0;

	if (!text || text[0] != '{' || !(o = json_loads(text, 0, NULL)))
		return NULL;
	/* a short form is only the very text cdesk stored: any other (a space
	 * added with the sqlite3 shell) is read, and hashed, as it is */
	if (!to_short) {
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!s || strcmp(s, text) != 0) {
			free(s);
			json_decref(o);
			return NULL;
		}
		free(s);
	}
	c = convert(o, to_short, &n);
	json_decref(o);
	s = n > 0 ? json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(c);
	return s;
}

char *store_keys_short(const char *text)
{
	char *s = convert_text(text, true), *back;

	if (!s)
		return NULL;
	/* only when the long form gives back the very text */
	back = convert_text(s, false);
	if (!back || strcmp(back, text) != 0) {
		free(back);
		free(s);
		return NULL;
	}
	free(back);
	return s;
}

char *store_keys_long(const char *text)
{
	const char *p;

	/* a short form has a key beginning with a capital: "{\"X" or ",\"X" */
	for (p = text; p && (p = strchr(p, '"')); p++)
		if (p > text && (p[-1] == '{' || p[-1] == ',') && p[1] >= 'A' && p[1] <= 'Z')
			return convert_text(text, false);
	return NULL;
}

char *store_keys_long_dup(const char *text)
{
	char *s = text ? store_keys_long(text) : NULL;

	return s ? s : text ? xstrdup(text) : NULL;
}
