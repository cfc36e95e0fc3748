/* Unit tests of the migrations that rewrite stored events (issue 13): every
 * event's hash verifies after the rewrite as it did before, or the
 * migration is refused. */
#include "testutil.h"

#include "core/sha256.h"
#include "core/store.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TESTUTIL_TMPDIR_GROUP("store-migrate")

static struct cdatetime at(int y, int m, int d, int hh, int mm)
{
	struct cdatetime t;
	date_from_ymd(y, m, d, &t.day);
	t.sec = hh * 3600 + mm * 60;
	return t;
}

static void append(struct store *st, const char *action, const char *before, const char *after)
{
	struct err err = { 0 };

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_event_append(st, &(struct store_event_in){
						    .round = 1, .actor = "clerk",
						    .at = at(2026, 7, 3, 9, 0),
						    .recorded = at(2026, 7, 3, 9, 1), .action = action,
						    .before = before, .after = after }, NULL, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
}

/* The event hash over the text as given (store_events.c's length-prefixed
 * fields), as an older cdesk or a hand edit that recomputed it would give. */
static void field(struct sha256 *h, const char *s)
{
	char n[24];

	if (!s) {
		sha256_update(h, "-\n", 2);
		return;
	}
	snprintf(n, sizeof n, "%zu:", strlen(s));
	sha256_update(h, n, strlen(n));
	sha256_update(h, s, strlen(s));
	sha256_update(h, "\n", 1);
}

static void raw_hash(const char *prev, int64_t id, const char *action, const char *after,
		     unsigned char d[32])
{
	struct sha256 h;
	char num[64];

	sha256_init(&h);
	field(&h, "cdesk-event-v1");
	field(&h, prev);
	snprintf(num, sizeof num, "%lld 0 1", (long long)id);
	field(&h, num);
	field(&h, "clerk");
	field(&h, "2026-07-03 09:00:00");
	field(&h, "2026-07-03 09:01:00");
	field(&h, action);
	field(&h, NULL);
	field(&h, after);
	field(&h, NULL);
	sha256_final(&h, d);
}

/* The hash of the last of the n events of st: the chain head. */
static void chain_head(struct store *st, int n, char head[65])
{
	struct store_event *evs;
	struct err err = { 0 };
	int nev;

	assert_int_equal(store_check(st, NULL, &err), 0);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, n);
	memcpy(head, evs[n - 1].hash, 65);
	store_events_free(evs, nev);
}

/* path opened by this cdesk: migrated to the newest schema, checked, its n
 * events listed into *evs with the chain head it had before. */
static struct store *open_migrated(const char *path, int n, const char *head,
				   struct store_event **evs)
{
	struct store *st;
	struct err err = { 0 };
	int nev;

	assert_int_equal(store_open(path, false, &st, &err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	if (store_check(st, NULL, &err) != 0)
		fail_msg("check after the migration: %s", err.msg);
	assert_int_equal(store_events_list(st, 0, evs, &nev, &err), 0);
	assert_int_equal(nev, n);
	assert_string_equal((*evs)[n - 1].hash, head);
	return st;
}

/* An add event whose hash is over its text as stored, not over the
 * canonical form that text would have (it lacks most of the case's fields,
 * which the canonical form puts back): cdesk check accepts it at schema 11
 * by its stored text. The migrations must keep it verifiable, and the
 * chain head with it; the add events cdesk wrote are still compacted. */
static void test_raw_hashed_add_kept(void **state)
{
	char *path = xasprintf("%s/raw11.db", tmpdir), head[65], *sql;
	static const char odd[] = "{\"channel\":\"phone\",\"kind\":\"complaint\","
		"\"number\":\"TS2026-00009\",\"text\":\"改过的\"}";
	struct store *st;
	struct store_event *evs;
	struct err err = { 0 };
	unsigned char d[32];
	char hexd[65];
	int nev;
	(void)state;

	st = testutil_store_at(path, 11);
	append(st, "add", NULL, "{\"channel\":\"phone\",\"class\":\"general\",\"kind\":\"complaint\","
	       "\"number\":\"TS2026-00001\",\"status\":\"registered\",\"text\":\"护士态度不好\"}");
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, 1);
	raw_hash(evs[0].hash, 2, "add", odd, d);
	store_events_free(evs, nev);
	for (int i = 0; i < 32; i++)
		snprintf(hexd + 2 * i, 3, "%02x", d[i]);
	sql = xasprintf("INSERT INTO events (id, case_id, round, actor, at, recorded, action, "
			"before, after, note, hash) VALUES (2, NULL, 1, 'clerk', "
			"'2026-07-03 09:00:00', '2026-07-03 09:01:00', 'add', NULL, '%s', NULL, "
			"X'%s')", odd, hexd);
	assert_int_equal(store_exec(st, sql, &err), 0);
	free(sql);
	append(st, "note", NULL, "{\"x\":1}");
	chain_head(st, 3, head);
	store_close(st);

	/* opened by this cdesk: migrated to the newest schema */
	st = open_migrated(path, 3, head, &evs);
	assert_string_equal(evs[1].after, odd);
	/* the add event cdesk wrote lost its fields at the value of most cases */
	assert_null(strstr(evs[0].after, "\"status\""));
	assert_null(strstr(evs[0].after, "\"class\""));
	store_events_free(evs, 3);
	store_close(st);
	free(path);
}

/* A raw event inserted at id with its hash over its text as given (an
 * older cdesk's, or another program's). */
static void insert_raw(struct store *st, int64_t id, const char *prev_hex, const char *action,
		       const char *after)
{
	struct err err = { 0 };
	unsigned char d[32];
	char hexd[65], *sql;

	raw_hash(prev_hex, id, action, after, d);
	for (int i = 0; i < 32; i++)
		snprintf(hexd + 2 * i, 3, "%02x", d[i]);
	sql = sqlite3_mprintf("INSERT INTO events (id, case_id, round, actor, at, recorded, "
			      "action, before, after, note, hash) VALUES (%lld, NULL, 1, 'clerk', "
			      "'2026-07-03 09:00:00', '2026-07-03 09:01:00', %Q, NULL, %Q, NULL, "
			      "X'%s')", (long long)id, action, after, hexd);
	assert_int_equal(store_exec(st, sql, &err), 0);
	sqlite3_free(sql);
}

static char *stored_after(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	char *t = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT after, recorded FROM events "
					    "WHERE id = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	t = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return t;
}

/* Schema 15 stores an event's fields that hold its own effective time as
 * "": the migration of a schema-14 file keeps every hash and the head, and
 * the texts come back byte for byte, those cdesk never wrote too (a time
 * already "", a text that begins with a space: kept after one space). A
 * stored "" put back as another time is found by check. */
static void test_own_times_stored_empty(void **state)
{
	char *path = xasprintf("%s/times14.db", tmpdir), head[65], *t;
	static const char reply[] = "{\"due_met\":\"2026-07-03 09:00:00\",\"replied_at\":"
		"\"2026-07-03 09:00:00\",\"reply_text\":\"已答复 \\\"replied_at\\\":\\\"2026-07-03 "
		"09:00:00\\\"\",\"status\":\"replied\",\"transfer\":{\"closed_at\":"
		"\"2026-07-03 09:00:00\"}}";
	static const char empty[] = "{\"closed_at\":\"\",\"status\":\"closed\"}";
	static const char spaced[] = " {\"closed_at\":\"2026-07-03 09:00:00\"}";
	const char *texts[] = { reply, empty, spaced };
	struct store *st;
	struct store_event *evs;
	struct err err = { 0 };
	int nev;
	(void)state;

	st = testutil_store_at(path, 14);
	append(st, "reply", NULL, reply);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	insert_raw(st, 2, evs[0].hash, "close", empty);
	store_events_free(evs, nev);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	insert_raw(st, 3, evs[1].hash, "note", spaced);
	store_events_free(evs, nev);
	chain_head(st, 3, head);
	store_close(st);

	st = open_migrated(path, 3, head, &evs);
	for (int i = 0; i < 3; i++)
		assert_string_equal(evs[i].after, texts[i]);
	store_events_free(evs, 3);
	/* the top-level times only: not the account's words, not a nested object's */
	t = stored_after(st, 1);
	assert_string_equal(t, "{\"due_met\":\"\",\"replied_at\":\"\",\"reply_text\":\"已答复 "
			    "\\\"replied_at\\\":\\\"2026-07-03 09:00:00\\\"\",\"status\":\"replied\","
			    "\"transfer\":{\"closed_at\":\"2026-07-03 09:00:00\"}}");
	free(t);
	t = stored_after(st, 2);
	assert_string_equal(t, " {\"closed_at\":\"\",\"status\":\"closed\"}");
	free(t);
	t = stored_after(st, 3);
	assert_string_equal(t, "  {\"closed_at\":\"2026-07-03 09:00:00\"}");
	free(t);
	/* a new event in the new form: checked, and its own time given back */
	append(st, "close", NULL, "{\"closed_at\":\"2026-07-03 09:00:00\",\"status\":\"closed\"}");
	t = stored_after(st, 4);
	assert_string_equal(t, "{\"closed_at\":\"\",\"status\":\"closed\"}");
	free(t);
	assert_int_equal(store_check(st, NULL, &err), 0);
	assert_int_equal(store_exec(st, "DROP TRIGGER events_no_update; UPDATE events SET after = "
				    "'{\"closed_at\":\"2026-07-03 09:05:00\",\"status\":\"closed\"}' "
				    "WHERE id = 4", &err), 0);
	assert_int_equal(store_check(st, NULL, &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "event 4 "));
	store_close(st);
	free(path);
}

TESTUTIL_MAIN(setup_dir, teardown_dir,
	      cmocka_unit_test(test_raw_hashed_add_kept),
	      cmocka_unit_test(test_own_times_stored_empty))
