/*
 * The event log: each event's hash over its fields and the hash before it,
 * the one writer that numbers, chains and inserts events, the list of a
 * case's events, and store_check (integrity, foreign keys, the whole chain).
 */
#include "core/i18n.h"
#include "core/store.h"
#include "store_priv.h"
#include "core/sha256.h"
#include "core/util.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length-prefixed fields, so that no two different events serialise alike. */
static void hash_field(struct sha256 *h, const char *s)
{
	char n[24];
	size_t len;
	int k;

	if (!s) {
		sha256_update(h, "-\n", 2);
		return;
	}
	len = strlen(s);
	/* "%zu:" by hand (ten snprintf calls an event) */
	k = (int)sizeof n;
	n[--k] = ':';
	do {
		n[--k] = (char)('0' + len % 10);
		len /= 10;
	} while (len);
	sha256_update(h, n + k, sizeof n - (size_t)k);
	len = strlen(s);
	sha256_update(h, s, len);
	sha256_update(h, "\n", 1);
}

/*
 * The whole-case events: `add` (and a CSV restore's `import`) hold the
 * whole case, and store it without its null fields (the replay takes an
 * absent field as null). Their hash is over a canonical form that does not
 * depend on that: the stored object with each field of the version-1 case
 * snapshot it lacks put back as null, keys sorted, compact, which is the
 * text cdesk stored before schema version 6. The list is frozen: a field
 * added to the case later is hashed as it is stored, so that no event's
 * hash changes when the snapshot grows. It holds the fields every such
 * event has: not "suggestion", which the demo's direct path leaves out
 * (and which is never null where it is).
 */
static const char *const snapshot_v1[] = {
	"address", "anonymous", "callback_at", "callback_note", "categories", "channel",
	"claim_fen", "class", "close_note", "close_unreasonable", "closed_at", "demand",
	"dept", "depts", "due", "due_met", "due_time", "escalated", "finding", "flags",
	"group_size", "id_number", "in_review", "kind", "merged_into", "name", "number",
	"override", "override_by", "paid_fen", "patient_name", "patient_record",
	"pause_reason", "paused", "paused_at", "paused_days", "paused_from", "phone",
	"received", "receiver", "reject_note", "reject_reason", "relation", "replied_at",
	"reply_method", "reply_text", "representatives", "review_at", "review_reason",
	"round", "round_at", "round_paused_days", "satisfaction", "staff", "status",
	"text", "unit", "visit_date",
};

/*
 * Schema 15: the times an event's fields hold that are its own effective
 * time (a reply's replied_at and due_met, a close's closed_at, an add's
 * received: 470,000 of the 590,000 events of the 100,000-case demo) are
 * stored as "" (19 bytes less each). The fields are those of at_keys at the
 * top level of the object; the list is frozen. cdesk never writes "" for a
 * time, so the stored form gives the text back byte for byte; a text that
 * already holds "" in one of them, or that begins with a space (neither
 * cdesk's), is stored as it is after one space, which the reader takes off.
 * The hash is over the text given back, as before.
 */
static const char *const at_keys[] = {
	"callback_at", "closed_at", "due_met", "paused_at", "received", "replied_at",
	"review_at", "round_at",
};

static bool at_key(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof at_keys / sizeof *at_keys; i++)
		if (strlen(at_keys[i]) == n && memcmp(at_keys[i], k, n) == 0)
			return true;
	return false;
}

/* An effective time as cdesk writes them, nothing a JSON string would escape. */
static bool plain_time(const char *at)
{
	if (!*at)
		return false;
	for (const char *p = at; *p; p++)
		if (!strchr("0123456789-: ", *p))
			return false;
	return true;
}

/* t with the value of each top-level field of at_keys that is the string
 * from made the string to; NULL when there is none. */
static char *swap_times(const char *t, const char *from, const char *to)
{
	size_t fl = strlen(from), done = 0;
	struct sbuf b = { 0 };
	int depth = 0;

	for (size_t i = 0; t[i]; i++) {
		size_t j = i + 1, v;
		if (t[i] == '{' || t[i] == '[') {
			depth++;
			continue;
		}
		if (t[i] == '}' || t[i] == ']') {
			depth--;
			continue;
		}
		if (t[i] != '"')
			continue;
		while (t[j] && t[j] != '"')
			j += t[j] == '\\' && t[j + 1] ? 2 : 1;
		if (!t[j])
			break;
		/* a key of the top-level object, its value the string from */
		v = j + 3;
		if (depth == 1 && i > 0 && (t[i - 1] == '{' || t[i - 1] == ',') && t[j + 1] == ':' &&
		    t[j + 2] == '"' && at_key(t + i + 1, j - i - 1) && strncmp(t + v, from, fl) == 0 &&
		    t[v + fl] == '"' && (t[v + fl + 1] == ',' || t[v + fl + 1] == '}')) {
			if (!b.s) {
				/* room for the usual few, made once (check reads 590,000) */
				b.cap = strlen(t) + 8 * strlen(to) + 1;
				b.s = xmalloc(b.cap);
			}
			sbuf_addn(&b, t + done, v - done);
			sbuf_add(&b, to);
			done = v + fl;
			j = v + fl;
		}
		i = j;
	}
	if (!b.s)
		return NULL;
	sbuf_add(&b, t + done);
	return b.s;
}

/* The fields text as stored at schema 15 for an event of effective time
 * at (malloc'd); NULL when it is stored as it is. */
static char *times_stored(const char *at, const char *text)
{
	char *x = NULL;

	if (!text)
		return NULL;
	if (text[0] == ' ' || (plain_time(at) && (x = swap_times(text, "", at)))) {
		free(x);
		return xasprintf(" %s", text);
	}
	return plain_time(at) ? swap_times(text, at, "") : NULL;
}

/* The fields text a stored one gives back (malloc'd); NULL when it is itself. */
static char *times_read(const char *at, const char *stored)
{
	if (!stored)
		return NULL;
	if (stored[0] == ' ')
		return xstrdup(stored + 1);
	return plain_time(at) && strstr(stored, "\":\"\"") ? swap_times(stored, "", at) : NULL;
}

char *store_event_after_read(const char *at, const char *stored)
{
	return times_read(at, stored);
}

static void fn_after(sqlite3_context *c, int argc, sqlite3_value **v, bool store)
{
	const char *at = (const char *)sqlite3_value_text(v[0]);
	const char *t = (const char *)sqlite3_value_text(v[1]);
	char *x;

	(void)argc;
	if (sqlite3_value_type(v[1]) != SQLITE_TEXT ||
	    !(x = store ? times_stored(at ? at : "", t) : times_read(at ? at : "", t)))
		sqlite3_result_value(c, v[1]);
	else
		sqlite3_result_text(c, x, -1, free);
}

static void fn_after_read(sqlite3_context *c, int argc, sqlite3_value **v)
{
	fn_after(c, argc, v, false);
}

static void fn_after_stored(sqlite3_context *c, int argc, sqlite3_value **v)
{
	fn_after(c, argc, v, true);
}

int store_event_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
	int rc = sqlite3_create_function(db, "cdesk_event_after", 2, flags, NULL, fn_after_read,
					 NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cdesk_event_stored", 2, flags, NULL,
					     fn_after_stored, NULL, NULL);
	return rc;
}

const char *store_export_column(const char *table, const char *column)
{
	if (strcmp(table, "events") != 0)
		return NULL;
	if (strcmp(column, "recorded") == 0)
		return STORE_RECORDED("\"events\"");
	return strcmp(column, "after") == 0 ? "cdesk_event_after(\"at\", \"after\")" : NULL;
}

bool store_event_whole(const char *action)
{
	return action && (strcmp(action, "add") == 0 || strcmp(action, "import") == 0);
}

static char *dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(o);
	return s;
}

/*
 * The forms a whole-case event is stored in, each read back into the same
 * canonical text: FORM_V6 (schema 6 to 9) leaves out the nulls, an absent
 * field of snapshot_v1 is null; FORM_V10 also the fields of defaults_v10 at
 * their default; FORM_V12 also those of defaults_v12 and the fields derived
 * from another (derived_v12). A null in a field with a default is kept in
 * the stored text (an absent one is the default). The lists are frozen.
 */

/* Schema 10: false, 0, round and group size 1. All are in snapshot_v1. */
static const struct {
	const char *key;
	int value;                  /* -1: false; else that integer */
} defaults_v10[] = {
	{ "anonymous", -1 }, { "claim_fen", 0 }, { "close_unreasonable", -1 },
	{ "escalated", -1 }, { "group_size", 1 }, { "in_review", -1 }, { "paid_fen", 0 },
	{ "paused", -1 }, { "paused_days", 0 }, { "round", 1 }, { "round_paused_days", 0 },
};

/* Schema 12: the values most cases are registered with, as JSON. */
static const struct {
	const char *key, *json;
} defaults_v12[] = {
	{ "class", "\"general\"" }, { "flags", "[]" }, { "kind", "\"complaint\"" },
	{ "status", "\"registered\"" },
};

/* Schema 12: a field at the value derived from another field of the same
 * event: the due time the end of the due day, the round begun at receipt,
 * the lead department the first of the departments. */
static const struct {
	const char *key, *from, *suffix;
	bool first;                 /* the first element of the array from */
} derived_v12[] = {
	{ "dept", "depts", NULL, true }, { "due_time", "due", " 23:59:59", false },
	{ "round_at", "received", "", false },
};

/* The three lists' keys (each in one list) sorted, each with its list and
 * place: default_of is asked of every field of every add event, twice, and
 * went through the lists one strcmp a key (2% of cdesk demo, perf record). */
enum { IN_V10, IN_V12, IN_DERIVED };
struct default_key {
	const char *key;
	int list, i;
};
#define NDEFAULT_KEYS (sizeof defaults_v10 / sizeof *defaults_v10 + \
		       sizeof defaults_v12 / sizeof *defaults_v12 + \
		       sizeof derived_v12 / sizeof *derived_v12)
static struct default_key default_keys[NDEFAULT_KEYS];
static size_t ndefault_keys;

static int default_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct default_key *)a)->key, ((const struct default_key *)b)->key);
}

static const struct default_key *default_key_find(const char *key)
{
	struct default_key k = { key, 0, 0 };

	if (!ndefault_keys) {
		size_t n = 0;
		for (size_t i = 0; i < sizeof defaults_v10 / sizeof *defaults_v10; i++)
			default_keys[n++] = (struct default_key){ defaults_v10[i].key, IN_V10, (int)i };
		for (size_t i = 0; i < sizeof defaults_v12 / sizeof *defaults_v12; i++)
			default_keys[n++] = (struct default_key){ defaults_v12[i].key, IN_V12, (int)i };
		for (size_t i = 0; i < sizeof derived_v12 / sizeof *derived_v12; i++)
			default_keys[n++] = (struct default_key){ derived_v12[i].key, IN_DERIVED,
								  (int)i };
		qsort(default_keys, n, sizeof *default_keys, default_key_cmp);
		ndefault_keys = n;
	}
	return bsearch(&k, default_keys, ndefault_keys, sizeof *default_keys, default_key_cmp);
}

/* The default of key at form in the event o (a new reference); NULL when it
 * has none, or when the field it derives from is absent or not text (the
 * field is then null when absent). */
static json_t *default_of(const char *key, const json_t *o, int form)
{
	const struct default_key *k = default_key_find(key);
	json_t *from;

	if (!k || form < (k->list == IN_V10 ? FORM_V10 : FORM_V12))
		return NULL;
	if (k->list == IN_V10)
		return defaults_v10[k->i].value < 0 ? json_false()
			: json_integer(defaults_v10[k->i].value);
	if (k->list == IN_V12)
		return json_loads(defaults_v12[k->i].json, JSON_DECODE_ANY, NULL);
	from = json_object_get(o, derived_v12[k->i].from);
	if (derived_v12[k->i].first)
		from = json_is_array(from) ? json_array_get(from, 0) : NULL;
	if (!json_is_string(from))
		return NULL;
	if (!derived_v12[k->i].suffix)
		return json_incref(from);
	{
		char *t = xasprintf("%s%s", json_string_value(from), derived_v12[k->i].suffix);
		json_t *v = json_string(t);
		free(t);
		return v;
	}
}

static void put_defaults(json_t *o, int form)
{
	json_t *src = json_copy(o), *d;

	for (size_t i = 0; i < sizeof snapshot_v1 / sizeof *snapshot_v1; i++)
		if (!json_object_get(o, snapshot_v1[i]) && (d = default_of(snapshot_v1[i], src, form)))
			json_object_set_new(o, snapshot_v1[i], d);
	json_decref(src);
}

void store_event_defaults(const char *action, json_t *o)
{
	if (store_event_whole(action) && json_is_object(o))
		put_defaults(o, FORM_V12);
}

/* strip_kept's work on o, the parsed text (consumed): NULL when nothing is
 * taken out. src holds the fields the derived ones are read from (o as it
 * came, not changed here). */
static char *strip_object(json_t *o, const json_t *src, int form, json_t **kept)
{
	json_t *v, *d;
	const char *key;
	void *tmp;
	bool out = false;
	char *s;

	json_object_foreach_safe(o, tmp, key, v) {
		d = default_of(key, src, form);
		if (d ? json_equal(v, d) : json_is_null(v)) {
			json_object_del(o, key);
			out = true;
		}
		json_decref(d);
	}
	if (!out) {
		json_decref(o);
		return NULL;
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	if (kept && s)
		*kept = o;
	else
		json_decref(o);
	return s;
}

/* The fields as stored at form: without the nulls and the fields at their
 * default, whose nulls stay. NULL when nothing is taken out; else, with
 * kept, *kept holds the object the text is the dump of (the writer reads
 * its canonical form from it, not from the text again). */
static char *strip_kept(const char *action, const char *after, int form, json_t **kept)
{
	json_t *o, *src;
	char *s;

	if (kept)
		*kept = NULL;
	if (!store_event_whole(action) || !after ||
	    (form < FORM_V10 && !strstr(after, "null")) || !(o = json_loads(after, 0, NULL)))
		return NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	src = json_copy(o);
	s = strip_object(o, src, form, kept);
	json_decref(src);
	return s;
}

char *store_form_strip(const char *action, const char *after, int form)
{
	return strip_kept(action, after, form, NULL);
}

char *store_event_strip(const char *action, const char *after)
{
	return store_form_strip(action, after, FORM_V12);
}

/* canonical's last step: the fields of snapshot_v1 that o (the object of
 * the stored text after, consumed) lacks put back. */
static char *canonical_fill(json_t *o, const char *after, int form)
{
	json_t *src = json_copy(o), *d;
	bool added = false;
	char *s;

	for (size_t i = 0; i < sizeof snapshot_v1 / sizeof *snapshot_v1; i++)
		if (!json_object_get(o, snapshot_v1[i])) {
			d = default_of(snapshot_v1[i], src, form);
			json_object_set_new(o, snapshot_v1[i], d ? d : json_null());
			added = true;
		}
	json_decref(src);
	if (!added) {
		json_decref(o);
		return NULL;
	}
	if ((s = dump(o)) && strcmp(s, after) == 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* Each null of o is of a field with a default (else the text is hashed as
 * it is stored). */
static bool nulls_have_defaults(json_t *o, int form)
{
	const char *key;
	json_t *v, *d;

	json_object_foreach(o, key, v) {
		if (!json_is_null(v))
			continue;
		if (!(d = default_of(key, o, form)))
			return false;
		json_decref(d);
	}
	return true;
}

/* The canonical text of a whole-case event's fields stored at form; NULL
 * when it is the stored text itself (another event, one that holds a null
 * where an absent field would be null: stored before schema 6 as it was,
 * or a text not as cdesk writes it). */
char *store_form_canonical(const char *action, const char *after, int form)
{
	json_t *o;
	char *s;

	if (!store_event_whole(action) || !after || !(o = json_loads(after, 0, NULL)))
		return NULL;
	if (!json_is_object(o) || !nulls_have_defaults(o, form))
		goto same;
	/* only the text cdesk writes has a canonical form: any other (a
	 * space added with the sqlite3 shell) is hashed as it is */
	if (!(s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) || strcmp(s, after) != 0) {
		free(s);
		goto same;
	}
	free(s);
	return canonical_fill(o, after, form);
same:
	json_decref(o);
	return NULL;
}

/* The form the events of a file at schema version are stored in. */
static int form_of(int version)
{
	return version >= 12 ? FORM_V12 : FORM_V10;
}

void store_form_hash(const struct store_event *ev, const char *after, char hex[65])
{
	struct sha256 h;
	unsigned char d[32];
	char num[64];

	sha256_init(&h);
	hash_field(&h, "cdesk-event-v1");
	hash_field(&h, ev->prev_hash);
	snprintf(num, sizeof num, "%lld %lld %d", (long long)ev->id, (long long)ev->case_id,
		 ev->round);
	hash_field(&h, num);
	hash_field(&h, ev->actor);
	hash_field(&h, ev->at);
	hash_field(&h, ev->recorded);
	hash_field(&h, ev->action);
	hash_field(&h, ev->before);
	hash_field(&h, after);
	hash_field(&h, ev->note);
	sha256_final(&h, d);
	/* not snprintf: 32 calls of it per event were 2% of cdesk demo */
	for (size_t i = 0; i < sizeof d; i++) {
		hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
	}
	hex[64] = '\0';
}

static void event_hash_at(const struct store_event *ev, int form, char hex[65])
{
	char *canon = store_form_canonical(ev->action, ev->after, form);

	store_form_hash(ev, canon ? canon : ev->after, hex);
	free(canon);
}

void store_event_hash(const struct store_event *ev, char hex[65])
{
	char *canon = store_form_canonical(ev->action, ev->after, FORM_V12);

	store_form_hash(ev, canon ? canon : ev->after, hex);
	free(canon);
}

/* The event's hash is right: over its canonical form, or over its text as
 * stored (a whole-case event of an older cdesk whose fields were not those
 * of the frozen list: kept as it was, see store_event_strip). */
bool store_form_hash_ok(const struct store_event *ev, int form)
{
	char *canon = store_form_canonical(ev->action, ev->after, form), hex[65];
	bool ok;

	store_form_hash(ev, canon ? canon : ev->after, hex);
	ok = strcmp(hex, ev->hash) == 0;
	if (!ok && canon) {
		store_form_hash(ev, ev->after, hex);
		ok = strcmp(hex, ev->hash) == 0;
	}
	free(canon);
	return ok;
}

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* ---- the hashes as stored: 32-byte BLOBs, hex in struct store_event ---- */

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* 64 hex digits into 32 bytes; false for anything else. */
bool store_unhex(const char *hex, size_t len, unsigned char d[32])
{
	if (len != 64)
		return false;
	for (size_t i = 0; i < 32; i++) {
		int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		d[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

static void bind_hash(sqlite3_stmt *s, int i, const char *hex)
{
	unsigned char d[32];

	if (store_unhex(hex, strlen(hex), d))
		sqlite3_bind_blob(s, i, d, sizeof d, SQLITE_TRANSIENT);
	else
		bind_text(s, i, hex);
}

/* A hash column as hex, as lower(hex(x)) gives it (at most 32 bytes: a
 * value changed with the sqlite3 shell shows as something else). */
static void col_hex(sqlite3_stmt *s, int i, char hex[65])
{
	const unsigned char *p = sqlite3_column_blob(s, i);
	int n = sqlite3_column_bytes(s, i);

	if (n > 32)
		n = 32;
	for (int k = 0; k < n; k++) {
		hex[2 * k] = "0123456789abcdef"[p[k] >> 4];
		hex[2 * k + 1] = "0123456789abcdef"[p[k] & 15];
	}
	hex[p ? 2 * n : 0] = '\0';
}

static const char event_last_sql[] = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1";
static const char event_insert_sql[] =
	"INSERT INTO events (id, case_id, round, actor, at, recorded, action, before, after, "
	"note, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* A file not yet at schema version 9 (only written to before its
 * migration, as the tests of the migrations do) still has the link column. */
static const char event_insert_v8_sql[] =
	"INSERT INTO events (id, case_id, round, actor, at, recorded, action, before, after, "
	"note, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* The one writer of the event log: every event of every path (the actions,
 * an import or restore, the demo's direct path) is numbered, chained and
 * inserted here. */
int store_event_append(struct store *st, const struct store_event_in *in, int64_t *ev_id,
		       struct err *err)
{
	const char *after = in->after;
	const json_t *after_obj = in->after_obj;
	struct store_event ev = { 0 };
	json_t *kept = NULL;
	char *stripped = NULL, *text = NULL, *stored = NULL;
	sqlite3_stmt *s;
	int rc, i = 1;

	if (st->bulk && st->last_event_id > 0) {
		/* this bulk transaction wrote the last event (st->last_event_id
		 * is 0 again after any rollback, see store.c) */
		ev.id = st->last_event_id + 1;
		memcpy(ev.prev_hash, st->last_event_hash, sizeof ev.prev_hash);
	} else {
		if ((rc = store_stmt(st, event_last_sql, &s, err)))
			return rc;
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			ev.id = sqlite3_column_int64(s, 0) + 1;
			col_hex(s, 1, ev.prev_hash);
		} else if (rc == SQLITE_DONE) {
			ev.id = 1;
			memcpy(ev.prev_hash, zero_hash, sizeof ev.prev_hash);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_sql_error(st, "event log", err);
	}
	ev.case_id = in->case_id;
	ev.round = in->round;
	snprintf(ev.actor, sizeof ev.actor, "%s", in->actor ? in->actor : "unknown");
	store_time(in->at, ev.at);
	store_time(in->recorded, ev.recorded);
	snprintf(ev.action, sizeof ev.action, "%s", in->action);
	ev.before = (char *)in->before;
	if (after_obj) {
		/* what strip_kept does to the dump of after_obj, on after_obj
		 * itself: the text is not parsed back (a copy is stripped, the
		 * derived fields read from after_obj) */
		if (store_event_whole(in->action) && json_is_object(after_obj))
			stripped = strip_object(json_copy((json_t *)after_obj), after_obj,
						form_of(st->version), &kept);
		if (!(after = stripped) && !(after = text = dump(json_incref((json_t *)after_obj))))
			return err_set(err, ERR_INTERNAL, "event log: the event could not be "
				       "written as JSON");
	} else if ((stripped = strip_kept(in->action, after, form_of(st->version), &kept))) {
		after = stripped;
	}
	ev.after = (char *)after;
	ev.note = (char *)in->note;
	/* the canonical form of the text just dumped from kept, read from kept
	 * (what canonical() would parse it into; the dump is cdesk's own) */
	if (kept && nulls_have_defaults(kept, form_of(st->version))) {
		char *canon = canonical_fill(kept, after, form_of(st->version));
		store_form_hash(&ev, canon ? canon : after, ev.hash);
		free(canon);
	} else {
		json_decref(kept);
		event_hash_at(&ev, form_of(st->version), ev.hash);
	}
	if ((rc = store_stmt(st, st->version >= 9 ? event_insert_sql : event_insert_v8_sql, &s,
			     err))) {
		free(stripped);
		free(text);
		return rc;
	}
	sqlite3_bind_int64(s, i++, ev.id);
	if (in->case_id > 0)
		sqlite3_bind_int64(s, i++, in->case_id);
	else
		sqlite3_bind_null(s, i++);
	sqlite3_bind_int(s, i++, in->round);
	bind_text(s, i++, ev.actor);
	bind_text(s, i++, ev.at);
	/* the fields' own effective times stored as "" (schema 15) */
	if (st->version >= 15 && (stored = times_stored(ev.at, after)))
		after = stored;
	/* recorded at its effective time: stored empty (schema 15) */
	bind_text(s, i++, st->version >= 15 && strcmp(ev.recorded, ev.at) == 0 ? "" : ev.recorded);
	bind_text(s, i++, ev.action);
	bind_text(s, i++, in->before);
	bind_text(s, i++, after);
	bind_text(s, i++, in->note);
	bind_hash(s, i++, ev.hash);
	if (st->version < 9)
		bind_hash(s, i++, ev.prev_hash);
	assert(i - 1 == sqlite3_bind_parameter_count(s));
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(stripped);
	free(text);
	free(stored);
	if (rc != SQLITE_DONE) {
		st->last_event_id = 0;
		return store_sql_error(st, "event log", err);
	}
	if (st->bulk) {
		st->last_event_id = ev.id;
		memcpy(st->last_event_hash, ev.hash, sizeof st->last_event_hash);
	}
	if (ev_id)
		*ev_id = ev.id;
	return 0;
}

static void col_copy(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* The link is the hash of the event before (schema version 9 stores no
 * link column): a lookup by rowid. store_check reads the events in order
 * and keeps the previous hash itself (EVENT_COLUMNS_CHAIN). */
#define EVENT_COLUMNS_CHAIN "e.id, coalesce(e.case_id, 0), e.round, e.actor, e.at, " \
	STORE_RECORDED("e") ", e.action, e.before, e.after, e.note, NULL, e.hash"
#define EVENT_COLUMNS "e.id, coalesce(e.case_id, 0), e.round, e.actor, e.at, " \
	STORE_RECORDED("e") ", e.action, e.before, e.after, e.note, coalesce((SELECT p.hash " \
	"FROM events p WHERE " \
	"p.id < e.id ORDER BY p.id DESC LIMIT 1), zeroblob(32)), e.hash"

/* v15: the file stores the fields' own times as "" (schema 15). */
static void event_from_row(sqlite3_stmt *s, struct store_event *ev, bool v15)
{
	char *x;

	ev->id = sqlite3_column_int64(s, 0);
	ev->case_id = sqlite3_column_int64(s, 1);
	ev->round = sqlite3_column_int(s, 2);
	col_copy(s, 3, ev->actor, sizeof ev->actor);
	col_copy(s, 4, ev->at, sizeof ev->at);
	col_copy(s, 5, ev->recorded, sizeof ev->recorded);
	col_copy(s, 6, ev->action, sizeof ev->action);
	ev->before = col_dup(s, 7);
	ev->after = col_dup(s, 8);
	if (v15 && (x = times_read(ev->at, ev->after))) {
		free(ev->after);
		ev->after = x;
	}
	ev->note = col_dup(s, 9);
	col_hex(s, 10, ev->prev_hash);
	col_hex(s, 11, ev->hash);
}

static void event_free(struct store_event *ev)
{
	free(ev->before);
	free(ev->after);
	free(ev->note);
	ev->before = ev->after = ev->note = NULL;
}

int store_events_list(struct store *st, int64_t case_id, struct store_event **out, int *n,
		      struct err *err)
{
	sqlite3_stmt *s;
	struct store_event *evs = NULL;
	int cap = 0, cnt = 0, rc;
	const char *sql = case_id > 0
		? "SELECT " EVENT_COLUMNS " FROM events e WHERE e.case_id = ? ORDER BY e.id"
		: "SELECT " EVENT_COLUMNS " FROM events e WHERE e.case_id IS NULL ORDER BY e.id";

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "event log", err);
	if (case_id > 0)
		sqlite3_bind_int64(s, 1, case_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			evs = xrealloc(evs, (size_t)cap * sizeof *evs);
		}
		memset(&evs[cnt], 0, sizeof evs[cnt]);
		event_from_row(s, &evs[cnt++], st->version >= 15);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_events_free(evs, cnt);
		return store_sql_error(st, "event log", err);
	}
	*out = evs;
	*n = cnt;
	return 0;
}

void store_events_free(struct store_event *evs, int n)
{
	for (int i = 0; i < n; i++)
		event_free(&evs[i]);
	free(evs);
}

int store_check(struct store *st, int64_t *events_checked, struct err *err)
{
	sqlite3_stmt *s;
	char prev[65];
	int64_t count = 0, last_id = 0;
	int rc;

	if (events_checked)
		*events_checked = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "integrity check", err);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (!r || strcmp(r, "ok") != 0) {
			err_set(err, ERR_FAIL, "%s: integrity check: %s", st->path, r ? r : "?");
			sqlite3_finalize(s);
			return ERR_FAIL;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "integrity check", err);
	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "foreign key check", err);
	if (sqlite3_step(s) == SQLITE_ROW) {
		err_set(err, ERR_FAIL, "%s: table %s row %lld refers to a missing %s row", st->path,
			(const char *)sqlite3_column_text(s, 0),
			(long long)sqlite3_column_int64(s, 1), (const char *)sqlite3_column_text(s, 2));
		sqlite3_finalize(s);
		return ERR_FAIL;
	}
	sqlite3_finalize(s);

	if (sqlite3_prepare_v2(st->db,
			       "SELECT " EVENT_COLUMNS_CHAIN ", (SELECT number FROM cases c WHERE "
			       "c.id = e.case_id) FROM events e ORDER BY e.id", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "event chain", err);
	memcpy(prev, zero_hash, sizeof prev);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_event ev = { 0 };
		const char *what = NULL;
		const unsigned char *num = sqlite3_column_text(s, 12);

		event_from_row(s, &ev, st->version >= 15);
		/* its link: the hash of the event read before it */
		memcpy(ev.prev_hash, prev, sizeof prev);
		if (ev.id != last_id + 1)
			what = R_("events are missing before it (the chain has a gap)");
		else if (!store_form_hash_ok(&ev, form_of(st->version)))
			what = last_id > 0 ? R_("its hash does not match its contents and the hash of "
						"the event before it (it was changed outside cdesk, or "
						"the event before it was)")
			       : R_("its hash does not match its contents (it was changed outside "
				    "cdesk)");
		if (what) {
			err_set(err, ERR_FAIL, "event %lld (case %s, %s, %s): %s", (long long)ev.id,
				num ? (const char *)num : "-", ev.action, ev.at, what);
			event_free(&ev);
			sqlite3_finalize(s);
			if (events_checked)
				*events_checked = count;
			return ERR_FAIL;
		}
		memcpy(prev, ev.hash, sizeof prev);
		last_id = ev.id;
		count++;
		event_free(&ev);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "event chain", err);
	if (events_checked)
		*events_checked = count;
	return 0;
}
