/*
 * The migrations' own SQL functions (schema.c, issue 13): the hashes into
 * 32-byte BLOBs (schema 6) and the whole-case events rewritten into the
 * newer stored forms (6, 10, 12), each rewrite verified against the hash.
 */
#include "core/i18n.h"
#include "core/store.h"
#include "store_priv.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fn_unhex(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const char *t = (const char *)sqlite3_value_text(v[0]);
	unsigned char d[32];

	(void)argc;
	if (sqlite3_value_type(v[0]) == SQLITE_TEXT && store_unhex(t, strlen(t), d))
		sqlite3_result_blob(c, d, sizeof d, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(c, v[0]);
}

/* An older file's add event without its nulls, when that keeps its hash:
 * its canonical form is then the very text it had (schema 6). */
static void fn_compact(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const char *action = (const char *)sqlite3_value_text(v[0]);
	const char *after = (const char *)sqlite3_value_text(v[1]);
	char *stripped = sqlite3_value_type(v[1]) == SQLITE_TEXT
		? store_form_strip(action, after, FORM_V6) : NULL, *canon;

	(void)argc;
	canon = stripped ? store_form_canonical(action, stripped, FORM_V6) : NULL;
	if (canon && strcmp(canon, after) == 0)
		sqlite3_result_text(c, stripped, -1, free);
	else {
		sqlite3_result_value(c, v[1]);
		free(stripped);
	}
	free(canon);
}

static void text_copy(sqlite3_value *v, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_value_text(v);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* A hash value as hex (a BLOB as stored since schema 6); zeros for NULL,
 * the link of the first event. */
static void value_hex(sqlite3_value *v, char hex[65])
{
	const unsigned char *p = sqlite3_value_blob(v);
	int n = sqlite3_value_bytes(v);

	if (sqlite3_value_type(v) == SQLITE_NULL) {
		memset(hex, '0', 64);
		hex[64] = '\0';
		return;
	}
	if (n > 32)
		n = 32;
	for (int k = 0; k < n; k++)
		snprintf(hex + 2 * k, 3, "%02x", p[k]);
	hex[p ? 2 * n : 0] = '\0';
}

/* The event of the row cdesk_compactNN is given: id, case_id, round, actor,
 * at, recorded, action, before, after, note, the hash of the event before
 * it, its hash. after stays the caller's. */
static void event_of(sqlite3_value **v, struct store_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = sqlite3_value_int64(v[0]);
	ev->case_id = sqlite3_value_type(v[1]) == SQLITE_NULL ? 0 : sqlite3_value_int64(v[1]);
	ev->round = sqlite3_value_int(v[2]);
	text_copy(v[3], ev->actor, sizeof ev->actor);
	text_copy(v[4], ev->at, sizeof ev->at);
	text_copy(v[5], ev->recorded, sizeof ev->recorded);
	text_copy(v[6], ev->action, sizeof ev->action);
	ev->before = (char *)sqlite3_value_text(v[7]);
	ev->note = (char *)sqlite3_value_text(v[9]);
	value_hex(v[10], ev->prev_hash);
	value_hex(v[11], ev->hash);
}

/* The text the stored hash of ev is over at form: its canonical form or its
 * text as stored (malloc'd); NULL when neither (changed outside cdesk). */
static char *hashed_text(const struct store_event *ev, int form)
{
	char *canon = store_form_canonical(ev->action, ev->after, form), hex[65];

	if (canon) {
		store_form_hash(ev, canon, hex);
		if (strcmp(hex, ev->hash) == 0)
			return canon;
		free(canon);
	}
	store_form_hash(ev, ev->after, hex);
	return strcmp(hex, ev->hash) == 0 ? xstrdup(ev->after) : NULL;
}

/* full, the text a hash is over, as stored at form to: without its nulls
 * and defaults when its canonical form at to gives full back; else full. */
static char *stored_form(const char *action, char *full, int to)
{
	char *stripped = store_form_strip(action, full, to), *canon;

	if (!stripped)
		return full;
	canon = store_form_canonical(action, stripped, to);
	if (strcmp(canon ? canon : stripped, full) == 0) {
		free(canon);
		free(full);
		return stripped;
	}
	free(canon);
	free(stripped);
	return full;
}

/*
 * Schema 10 and 12: a whole-case event as stored at the form before
 * (schema 6 to 9: an absent field null; 10 to 11: an absent field of
 * defaults_v10 at its default) into the form of the version (10:
 * defaults_v10 at their default; 12: defaults_v12 and derived_v12 too).
 * The text its hash is over (its canonical form as the form before reads
 * it, or the stored text itself: an older cdesk's, or one edited by hand
 * with its hash made anew) is stored without its nulls and defaults when
 * the canonical form of that is the same text, else as it is. An event
 * whose hash matches neither is left as it is (cdesk check names it).
 * Then the rewritten event must verify at the new form as cdesk check
 * verifies it, or the migration fails, naming the event, and is rolled
 * back.
 */
static void compact_row(sqlite3_context *c, int argc, sqlite3_value **v, int from, int to)
{
	struct store_event ev;
	char *full, *out;

	if (argc != 12 || sqlite3_value_type(v[8]) != SQLITE_TEXT ||
	    !store_event_whole((const char *)sqlite3_value_text(v[6]))) {
		sqlite3_result_value(c, v[argc > 8 ? 8 : 0]);
		return;
	}
	event_of(v, &ev);
	ev.after = (char *)sqlite3_value_text(v[8]);
	if (!(full = hashed_text(&ev, from))) {
		sqlite3_result_value(c, v[8]);
		return;
	}
	out = stored_form(ev.action, full, to);
	ev.after = out;
	if (!store_form_hash_ok(&ev, to)) {
		char *msg = xasprintf(R_("event %lld (%s, %s): its hash would not match its "
					 "contents after the rewrite into the new form; nothing "
					 "was changed"), (long long)ev.id, ev.action, ev.at);
		sqlite3_result_error(c, msg, -1);
		free(msg);
		free(out);
		return;
	}
	sqlite3_result_text(c, out, -1, free);
}

static void fn_compact10(sqlite3_context *c, int argc, sqlite3_value **v)
{
	compact_row(c, argc, v, FORM_V6, FORM_V10);
}

static void fn_compact12(sqlite3_context *c, int argc, sqlite3_value **v)
{
	compact_row(c, argc, v, FORM_V10, FORM_V12);
}

int store_schema_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
	int rc = sqlite3_create_function(db, "cdesk_unhex", 1, flags, NULL, fn_unhex, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cdesk_compact", 2, flags, NULL, fn_compact, NULL,
					     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cdesk_compact10", 12, flags, NULL, fn_compact10,
					     NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cdesk_compact12", 12, flags, NULL, fn_compact12,
					     NULL, NULL);
	/* schema 15 stores the events' own times as "" (cdesk_event_stored) */
	if (rc == SQLITE_OK)
		rc = store_event_functions(db);
	return rc;
}
