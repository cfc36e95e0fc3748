/* Unit tests of the store: opening and refusing files, migrations, the event chain, backup, intake drafts, SHA-256. */
#include "testutil.h"

#include "core/sha256.h"
#include "core/store.h"
#include "core/util.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

TESTUTIL_TMPDIR_GROUP("store")

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static struct cdatetime at(int y, int m, int d, int hh, int mm)
{
	struct cdatetime t;
	date_from_ymd(y, m, d, &t.day);
	t.sec = hh * 3600 + mm * 60;
	return t;
}

/* The digests of the standard vectors, and of 'a' repeated n times (hashlib's). */
static void sha256_check_vectors(char *million)
{
	static const struct { size_t n; const char *hex; } pads[] = {
		/* the padding on each side of a block's last 8 bytes */
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
		{ 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
	};
	char hex[65];

	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	for (size_t i = 0; i < sizeof pads / sizeof pads[0]; i++) {
		sha256_hex(million, pads[i].n, hex);
		assert_string_equal(hex, pads[i].hex);
	}
}

/* data hashed in pieces of the lengths the generator gives. */
static void sha256_pieces(const unsigned char *data, size_t n, unsigned seed,
			  unsigned char out[32])
{
	struct sha256 h;

	sha256_init(&h);
	for (size_t at = 0; at < n;) {
		size_t k;
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % 150;
		if (k > n - at)
			k = n - at;
		sha256_update(&h, data + at, k);
		at += k;
	}
	sha256_final(&h, out);
}

static void test_sha256_vectors(void **state)
{
	static char million[1000000];
	static unsigned char data[5000];
	unsigned char whole[32], pieces[32];
	(void)state;

	sha256_check_vectors(million);
	/* and the same digest of data fed at once and in uneven pieces */
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + i / 13);
	for (unsigned seed = 1; seed <= 40; seed++) {
		size_t n = seed * 123 % sizeof data;
		struct sha256 h;
		sha256_init(&h);
		sha256_update(&h, data, n);
		sha256_final(&h, whole);
		sha256_pieces(data, n, seed, pieces);
		assert_memory_equal(whole, pieces, sizeof whole);
	}
}

static void test_open_memory(void **state)
{
	struct store *st;
	struct err err = { 0 };
	(void)state;

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(testutil_count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(testutil_count(st, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(testutil_count(st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM meta WHERE value = 'cdesk'"), 1);
	store_close(st);
	assert_int_equal(store_open(":memory:", false, &st, &err), ERR_USAGE);
}

static void test_init_mode_and_refusals(void **state)
{
	char *path = tmp_path("init.db");
	struct store *st;
	struct err err = { 0 };
	struct stat sb;
	mode_t old = umask(022);
	(void)state;

	assert_int_equal(store_init(path, &st, &err), 0);
	umask(old);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	{
		sqlite3_stmt *s;
		sqlite3_prepare_v2(store_db(st), "PRAGMA journal_mode", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
	}
	store_close(st);
	/* init never overwrites */
	assert_refused(store_init(path, NULL, &err), ERR_CONFLICT, err, "already exists");
	/* and a normal open works */
	assert_int_equal(store_open(path, false, &st, &err), 0);
	store_close(st);
	free(path);
}

static void test_refuse_missing_and_foreign(void **state)
{
	char *missing = tmp_path("missing.db"), *text = tmp_path("text.db"),
	     *other = tmp_path("other.db"), *empty = tmp_path("empty.db");
	struct store *st;
	struct err err = { 0 };
	sqlite3 *db;
	FILE *f;
	(void)state;

	assert_refused(store_open(missing, false, &st, &err), ERR_NOTFOUND, err, "cdesk init");
	assert_int_equal(access(missing, F_OK), -1);       /* not created */

	f = fopen(text, "w");
	fputs("this is not a database, just some text that is long enough to matter\n", f);
	fclose(f);
	assert_refused(store_open(text, false, &st, &err), ERR_DATA, err, "not a cdesk database");

	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_refused(store_open(other, false, &st, &err), ERR_DATA, err, "another program");
	/* create = true does not adopt a foreign file either */
	assert_int_equal(store_open(other, true, &st, &err), ERR_DATA);

	f = fopen(empty, "w");
	fclose(f);
	assert_refused(store_open(empty, false, &st, &err), ERR_DATA, err, "empty");
	free(missing);
	free(text);
	free(other);
	free(empty);
}

static void test_refuse_newer(void **state)
{
	char *path = tmp_path("newer.db");
	struct store *st;
	struct err err = { 0 };
	(void)state;

	assert_int_equal(store_init(path, &st, &err), 0);
	assert_int_equal(store_exec(st, "PRAGMA user_version = 99", &err), 0);
	store_close(st);
	assert_refused(store_open(path, false, &st, &err), ERR_DATA, err, "newer");
	assert_non_null(strstr(err.msg, "99"));
	free(path);
}

static void test_migration_forward(void **state)
{
	char *path = tmp_path("v1.db");
	/* A database as version 1 of cdesk left it, with an event in it. */
	struct store *st = testutil_store_at(path, 1);
	struct err err = { 0 };
	(void)state;

	assert_int_equal(testutil_count(st, "PRAGMA user_version"), 1);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM sqlite_master WHERE name = 'intake_drafts'"), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_event_append(st, &(struct store_event_in){
						    .actor = "admin", .at = at(2026, 1, 5, 9, 0),
						    .recorded = at(2026, 1, 5, 9, 0), .action = "note",
						    .after = "{\"x\":1}", .note = "kept" }, NULL, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);

	/* Opening migrates it forward and keeps what was there. */
	assert_int_equal(store_open(path, false, &st, &err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(testutil_count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM sqlite_master WHERE name = 'intake_drafts'"), 1);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events"), 1);
	assert_int_equal(store_check(st, NULL, &err), 0);
	/* Migrating backwards is refused. */
	assert_int_equal(store_migrate(st, 1, &err), ERR_DATA);
	store_close(st);
	free(path);
}

static void append(struct store *st, int64_t case_id, const char *action, const char *after)
{
	struct err err = { 0 };

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_event_append(st, &(struct store_event_in){
						    .case_id = case_id, .round = 1, .actor = "clerk",
						    .at = at(2026, 7, 3, 9, 0),
						    .recorded = at(2026, 7, 3, 9, 1), .action = action,
						    .before = "{\"a\":1}", .after = after }, NULL, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
}

/* Version 5 to the newest: the report's indexes (version 8) are made on open, over the events
 * already there (issue 13). */
static void test_migration_report_indexes(void **state)
{
	char *path = tmp_path("v5.db");
	struct store *st = testutil_store_at(path, 5);
	struct err err = { 0 };
	(void)state;

	assert_int_equal(testutil_count(st, "SELECT count(*) FROM sqlite_master WHERE name = "
				       "'cases_report'"), 1);
	append(st, 0, "close", "{\"finding\":\"not\",\"rectify_due\":\"2026-08-01\"}");
	append(st, 0, "note", "{\"entered_late\":true}");
	append(st, 0, "close", "{\"finding\":\"not\"}");
	store_close(st);

	assert_int_equal(store_open(path, false, &st, &err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM sqlite_master WHERE name = "
				       "'cases_report'"), 0);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM sqlite_master WHERE type = "
				       "'index' AND name IN ('cases_totals', 'cases_period', "
				       "'transfers_done', 'transfers_owed', 'events_close', "
				       "'events_rectify', 'events_rectified', 'events_conclude', "
				       "'events_dispute', 'events_supervise', 'events_round_met', "
				       "'events_late')"), 12);
	/* the partial indexes hold the events that were there before */
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events INDEXED BY events_close "
				       "WHERE action = 'close' AND at >= '2026'"), 2);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events INDEXED BY events_rectify "
				       "WHERE action = 'close' AND json_extract(after, "
				       "'$.rectify_due') IS NOT NULL AND at >= '2026'"), 1);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events INDEXED BY events_late "
				       "WHERE instr(after, '\"entered_late\":true') > 0 AND "
				       "json_extract(after, '$.entered_late') = 1 AND recorded >= '2026'"),
			 1);
	/* schema 16: these close events name no case (case_id 0 is stored as
	 * NULL): no report counts them, report_closes holds none */
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events WHERE action = 'close' "
				       "AND case_id IS NULL"), 2);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM report_closes"), 0);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events"), 3);
	assert_int_equal(store_check(st, NULL, &err), 0);
	store_close(st);
	free(path);
}

/* store_stmt: one statement per SQL text, handed back reset and unbound,
 * still usable after a rollback that caught it half-stepped. */
static void test_stmt_cache(void **state)
{
	struct store *st;
	struct err err = { 0 };
	sqlite3_stmt *a, *b, *c;
	char sql[64];
	(void)state;

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	assert_int_equal(store_stmt(st, "SELECT ?1 + 1", &a, &err), 0);
	snprintf(sql, sizeof sql, "SELECT ?1 + %d", 1);
	assert_int_equal(store_stmt(st, sql, &b, &err), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(store_stmt(st, "SELECT ?1 + 2", &c, &err), 0);
	assert_ptr_not_equal(a, c);

	sqlite3_bind_int(a, 1, 41);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 42);
	/* Left half-stepped: the next caller gets it reset, with no bindings. */
	assert_int_equal(store_stmt(st, "SELECT ?1 + 1", &a, &err), 0);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(a, 0), SQLITE_NULL);
	sqlite3_reset(a);

	/* A rollback with a statement half-stepped: the event is gone, the
	 * chain starts again from the first event. */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_event_append(st, &(struct store_event_in){
						    .actor = "clerk", .at = at(2026, 7, 3, 9, 0),
						    .recorded = at(2026, 7, 3, 9, 1), .action = "gone",
						    .after = "{}" }, NULL, &err), 0);
	assert_int_equal(store_stmt(st, "SELECT id FROM events", &b, &err), 0);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	store_rollback(st);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events"), 0);
	append(st, 0, "one", "{}");
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events WHERE id = 1 AND action = 'one'"), 1);
	assert_int_equal(store_check(st, NULL, &err), 0);

	assert_int_equal(store_stmt(st, "SELECT nonsense FROM nowhere", &c, &err), ERR_INTERNAL);
	assert_null(c);
	assert_non_null(strstr(err.msg, "no such table"));
	store_close(st);
}

static void test_event_chain(void **state)
{
	struct store *st;
	struct err err = { 0 };
	struct store_event *evs;
	int64_t n;
	int nev;
	char *msg = NULL;
	(void)state;

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	append(st, 0, "one", "{\"b\":1}");
	append(st, 0, "two", "{\"b\":2}");
	append(st, 0, "three", "{\"b\":3}");
	assert_int_equal(store_check(st, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, 3);
	assert_string_equal(evs[0].prev_hash,
			    "0000000000000000000000000000000000000000000000000000000000000000");
	assert_string_equal(evs[1].prev_hash, evs[0].hash);
	assert_string_equal(evs[2].prev_hash, evs[1].hash);
	assert_string_equal(evs[2].action, "three");
	assert_string_equal(evs[2].after, "{\"b\":3}");
	store_events_free(evs, nev);

	/* The database itself refuses changes to events. */
	assert_int_not_equal(sqlite3_exec(store_db(st), "UPDATE events SET note = 'x' WHERE id = 2",
					  NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(store_db(st), "DELETE FROM events WHERE id = 3", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events"), 3);

	/* Someone with the sqlite3 shell drops the trigger and edits event 2. */
	assert_int_equal(store_exec(st, "DROP TRIGGER events_no_update; "
				    "UPDATE events SET after = '{\"b\":20}' WHERE id = 2", &err), 0);
	assert_refused(store_check(st, &n, &err), ERR_FAIL, err, "event 2 ");
	assert_non_null(strstr(err.msg, "does not match"));
	assert_int_equal(n, 1);
	store_close(st);
}

/* An `add` event is stored without its null fields, and hashed over its
 * canonical form: the whole object with the nulls, which is the text
 * stored before schema 6, so that the hash does not depend on storage. */
static const char add_full[] =
		"{\"address\":null,\"anonymous\":false,\"callback_at\":null,"
		"\"callback_note\":null,\"categories\":null,\"channel\":null,"
		"\"claim_fen\":null,\"class\":null,\"close_note\":null,"
		"\"close_unreasonable\":null,\"closed_at\":null,\"demand\":null,"
		"\"dept\":null,\"depts\":[\"NURSING\"],\"due\":null,\"due_met\":null,"
		"\"due_time\":null,\"escalated\":null,\"finding\":null,\"flags\":null,"
		"\"group_size\":null,\"id_number\":null,\"in_review\":null,"
		"\"kind\":null,\"merged_into\":null,\"name\":\"张三\","
		"\"number\":\"TS2026-00001\",\"override\":null,\"override_by\":null,"
		"\"paid_fen\":null,\"patient_name\":null,\"patient_record\":null,"
		"\"pause_reason\":null,\"paused\":null,\"paused_at\":null,"
		"\"paused_days\":null,\"paused_from\":null,\"phone\":null,"
		"\"received\":null,\"receiver\":null,\"reject_note\":null,"
		"\"reject_reason\":null,\"relation\":null,\"replied_at\":null,"
		"\"reply_method\":null,\"reply_text\":null,\"representatives\":null,"
		"\"review_at\":null,\"review_reason\":null,\"round\":1,"
		"\"round_at\":null,\"round_paused_days\":null,\"satisfaction\":null,"
		"\"staff\":null,\"status\":\"registered\",\"suggestion\":{},"
		"\"text\":\"护士态度不好\",\"unit\":null,\"visit_date\":null}";

static void test_event_add_without_nulls(void **state)
{
	struct store *st;
	struct err err = { 0 };
	struct store_event *evs, full = { 0 };
	char hex[65];
	int nev;
	(void)state;

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	append(st, 0, "add", add_full);
	append(st, 0, "note", "{\"x\":null}");
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, 2);
	assert_null(strstr(evs[0].after, "\"address\""));
	assert_null(strstr(evs[0].after, "\"visit_date\""));
	/* a null in a field with a default (here unlike a real case) is kept:
	 * absent, the field is at its default */
	assert_non_null(strstr(evs[0].after, "\"paused\":null"));
	assert_non_null(strstr(evs[0].after, "\"name\":\"张三\""));
	assert_true(strlen(evs[0].after) < strlen(add_full) / 2);
	/* nor its fields at their default (schema 10): false, round 1 */
	assert_null(strstr(evs[0].after, "\"anonymous\""));
	assert_null(strstr(evs[0].after, "\"round\""));
	{
		json_t *o = json_loads(evs[0].after, 0, NULL);
		store_event_defaults("add", o);
		assert_true(json_is_false(json_object_get(o, "anonymous")));
		assert_int_equal(json_integer_value(json_object_get(o, "round")), 1);
		assert_null(json_object_get(o, "address"));
		json_decref(o);
	}
	/* other events keep their nulls (a null there is a change to null) */
	assert_string_equal(evs[1].after, "{\"x\":null}");
	full = evs[0];
	full.after = (char *)add_full;
	store_event_hash(&full, hex);
	assert_string_equal(hex, evs[0].hash);
	store_events_free(evs, nev);

	/* the demo's direct path writes no suggestion: the same */
	json_t *o = json_loads(add_full, 0, NULL);
	char *nosugg;
	json_object_del(o, "suggestion");
	nosugg = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	append(st, 0, "add", nosugg);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, 3);
	assert_null(strstr(evs[2].after, "\"address\""));
	full = evs[2];
	full.after = nosugg;
	store_event_hash(&full, hex);
	assert_string_equal(hex, evs[2].hash);
	store_events_free(evs, nev);
	free(nosugg);
	assert_int_equal(store_check(st, NULL, &err), 0);

	/* a field taken out of the stored add event is found */
	assert_int_equal(store_exec(st, "DROP TRIGGER events_no_update; UPDATE events SET "
				    "after = json_remove(after, '$.name') WHERE id = 1", &err), 0);
	assert_refused(store_check(st, NULL, &err), ERR_FAIL, err, "event 1 ");
	store_close(st);
}

/* A new database holding a chain of n events. */
static struct store *chain_of(int n)
{
	struct store *st;
	struct err err = { 0 };

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	for (int i = 0; i < n; i++)
		append(st, 0, "step", "{}");
	return st;
}

/* The check of a chain of n events that sql changed refuses with "event <bad> ". */
static void assert_tampered(int n, const char *sql, const char *bad)
{
	struct store *st = chain_of(n);
	struct err err = { 0 };

	assert_int_equal(store_exec(st, sql, &err), 0);
	assert_refused(store_check(st, NULL, &err), ERR_FAIL, err, bad);
	store_close(st);
}

/* add_full as a case is registered: class, kind, status and flags at the
 * values of most cases, the lead department, due time and round start
 * derived from the departments, due day and receipt; due_time as given. */
static char *add_typical(const char *due_time)
{
	json_t *o = json_loads(add_full, 0, NULL);
	char *s;

	json_object_set_new(o, "class", json_string("general"));
	json_object_set_new(o, "kind", json_string("complaint"));
	json_object_set_new(o, "flags", json_array());
	json_object_set_new(o, "dept", json_string("NURSING"));
	json_object_set_new(o, "due", json_string("2026-07-10"));
	json_object_set_new(o, "due_time", due_time ? json_string(due_time) : json_null());
	json_object_set_new(o, "received", json_string("2026-07-03 09:00:00"));
	json_object_set_new(o, "round_at", json_string("2026-07-03 09:00:00"));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

/* Schema 12: those fields are left out of the stored add event and put
 * back for its hash; a file of schema 10 is rewritten into that form with
 * every hash as it was, a null where the derived value would be read kept. */
static void test_event_add_v12(void **state)
{
	char *path = tmp_path("v10.db"), *typical = add_typical("2026-07-10 23:59:59");
	char *nodue = add_typical(NULL), *odd = add_typical("2026-07-10 12:00:00");
	char hashes[3][65];
	struct store *st;
	struct store_event *evs;
	struct err err = { 0 };
	int nev;
	(void)state;

	st = testutil_store_at(path, 10);
	append(st, 0, "add", typical);
	append(st, 0, "add", nodue);
	append(st, 0, "add", odd);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events WHERE "
				       "instr(after, '\"status\":\"registered\"') > 0"), 3);
	assert_int_equal(store_check(st, NULL, &err), 0);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, 3);
	for (int i = 0; i < 3; i++)
		memcpy(hashes[i], evs[i].hash, sizeof hashes[i]);
	store_events_free(evs, nev);
	store_close(st);

	assert_int_equal(store_open(path, false, &st, &err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_check(st, NULL, &err), 0);
	assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
	assert_int_equal(nev, 3);
	for (int i = 0; i < 3; i++)
		assert_string_equal(evs[i].hash, hashes[i]);
	for (int i = 0; i < 3; i++) {
		const char *gone[] = { "\"class\"", "\"kind\"", "\"status\"", "\"flags\"",
				       "\"dept\"", "\"round_at\"" };
		for (size_t k = 0; k < sizeof gone / sizeof *gone; k++)
			assert_null(strstr(evs[i].after, gone[k]));
	}
	assert_null(strstr(evs[0].after, "\"due_time\""));
	/* absent, it would read as the end of the due day */
	assert_non_null(strstr(evs[1].after, "\"due_time\":null"));
	assert_non_null(strstr(evs[2].after, "\"due_time\":\"2026-07-10 12:00:00\""));
	{
		json_t *o = json_loads(evs[0].after, 0, NULL);
		store_event_defaults("add", o);
		assert_string_equal(json_string_value(json_object_get(o, "due_time")),
				    "2026-07-10 23:59:59");
		assert_string_equal(json_string_value(json_object_get(o, "dept")), "NURSING");
		assert_string_equal(json_string_value(json_object_get(o, "status")), "registered");
		assert_true(json_is_array(json_object_get(o, "flags")));
		json_decref(o);
	}
	store_events_free(evs, nev);

	/* written at schema 12: the same stored text, the same hash */
	append(st, 0, "add", typical);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events a, events b WHERE "
				       "a.id = 1 AND b.id = 4 AND a.after = b.after"), 1);
	assert_int_equal(store_check(st, NULL, &err), 0);
	/* a derived field changed outside cdesk is found */
	assert_int_equal(store_exec(st, "DROP TRIGGER events_no_update; UPDATE events SET "
				    "after = json_set(after, '$.received', '2026-07-03 10:00:00') "
				    "WHERE id = 4", &err), 0);
	assert_refused(store_check(st, NULL, &err), ERR_FAIL, err, "event 4 ");
	store_close(st);
	free(typical);
	free(nodue);
	free(odd);
	free(path);
}

static void test_event_chain_deleted(void **state)
{
	struct store *st;
	struct err err = { 0 };
	(void)state;

	assert_tampered(5, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 3",
			"event 4 ");
	/* A rewritten hash that hides an edit still breaks the next link. */
	assert_tampered(3, "DROP TRIGGER events_no_update; "
			"UPDATE events SET note = 'forged', hash = 'ab' WHERE id = 1", "event 1 ");

	/* The events keep no link column (schema 9): an edit whose hash is
	 * recomputed right, over the true link, still breaks the next event's
	 * hash, which is over the hash the edit replaced. */
	st = chain_of(3);
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM pragma_table_info('events') "
				       "WHERE name = 'prev_hash'"), 0);
	{
		struct store_event *evs;
		int nev;
		char hex[65], *sql;

		assert_int_equal(store_events_list(st, 0, &evs, &nev, &err), 0);
		assert_int_equal(nev, 3);
		assert_string_equal(evs[1].prev_hash, evs[0].hash);
		free(evs[1].note);
		evs[1].note = xstrdup("forged");
		store_event_hash(&evs[1], hex);
		sql = xasprintf("DROP TRIGGER events_no_update; UPDATE events SET note = 'forged', "
				"hash = X'%s' WHERE id = 2", hex);
		assert_int_equal(store_exec(st, sql, &err), 0);
		free(sql);
		store_events_free(evs, nev);
	}
	assert_refused(store_check(st, NULL, &err), ERR_FAIL, err, "event 3 ");
	assert_non_null(strstr(err.msg, "the event before it"));
	store_close(st);
}

/* Two new stores in memory: one given the events as text, one as objects. */
static void two_stores(struct store **text, struct store **obj)
{
	struct err err = { 0 };

	assert_int_equal(store_open(":memory:", true, text, &err), 0);
	assert_int_equal(store_open(":memory:", true, obj, &err), 0);
}

/* The n events of the two stores are the same, action, text and hash;
 * the object store's list into *objs (store_events_free(*objs, n)). */
static void same_events(struct store *text, struct store *obj, int n, struct store_event **objs)
{
	struct store_event *ea, *eb;
	struct err err = { 0 };
	int na, nb;

	assert_int_equal(store_events_list(text, 0, &ea, &na, &err), 0);
	assert_int_equal(store_events_list(obj, 0, &eb, &nb, &err), 0);
	assert_int_equal(na, n);
	assert_int_equal(nb, n);
	for (int i = 0; i < n; i++)
		if (strcmp(ea[i].action, eb[i].action) != 0 || strcmp(ea[i].after, eb[i].after) != 0 ||
		    strcmp(ea[i].hash, eb[i].hash) != 0)
			fail_msg("event %d: text %s %s (%s), object %s %s (%s)", i + 1, ea[i].action,
				 ea[i].after, ea[i].hash, eb[i].action, eb[i].after, eb[i].hash);
	store_events_free(ea, na);
	*objs = eb;
}

/* An event given as an object (after_obj) is stored and
 * hashed as its compact, key-sorted dump given as text: each whole-case
 * form above (nulls, defaults, derived fields, nothing to take out) and
 * other events; the object itself is left as it was. */
static void test_event_append_json(void **state)
{
	char *typical = add_typical("2026-07-10 23:59:59"), *nodue = add_typical(NULL);
	char *odd = add_typical("2026-07-10 12:00:00");
	const char *const afters[][2] = {
		{ "add", add_full }, { "add", NULL /* typical */ }, { "add", NULL /* nodue */ },
		{ "add", NULL /* odd */ }, { "add", "{\"number\":\"TS2026-00002\"}" },
		{ "import", add_full }, { "note", "{\"x\":null}" }, { "add", "[1,null]" },
		{ "transfer", "{\"status\":\"routed\",\"due_time\":null}" },
	};
	const int n = (int)(sizeof afters / sizeof afters[0]);
	struct store *text, *obj;
	struct store_event *eb;
	struct err err = { 0 };
	(void)state;

	two_stores(&text, &obj);
	for (int i = 0; i < n; i++) {
		const char *after = afters[i][1] ? afters[i][1] : i == 1 ? typical : i == 2 ? nodue
				    : odd;
		json_t *o = json_loads(after, JSON_DECODE_ANY, NULL), *copy = json_deep_copy(o);
		char *dumped = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		struct store_event_in ev = {
			.round = 1, .actor = "clerk", .at = at(2026, 7, 3, 9, 0),
			.recorded = at(2026, 7, 3, 9, 1), .action = afters[i][0],
			.before = "{\"a\":1}", .after = dumped, .note = "n",
		};
		assert_non_null(dumped);
		assert_int_equal(store_begin(text, &err), 0);
		assert_int_equal(store_event_append(text, &ev, NULL, &err), 0);
		assert_int_equal(store_commit(text, &err), 0);
		assert_int_equal(store_begin(obj, &err), 0);
		ev.after = NULL;
		ev.after_obj = o;
		assert_int_equal(store_event_append(obj, &ev, NULL, &err), 0);
		assert_int_equal(store_commit(obj, &err), 0);
		assert_true(json_equal(o, copy));
		json_decref(o);
		json_decref(copy);
		free(dumped);
	}
	same_events(text, obj, n, &eb);
	/* the add events were stripped (the comparison is not of two copies
	 * of the text given) */
	assert_true(strlen(eb[0].after) < strlen(add_full) / 2);
	assert_null(strstr(eb[1].after, "\"round_at\""));
	store_events_free(eb, n);
	assert_int_equal(store_check(obj, NULL, &err), 0);
	store_close(text);
	store_close(obj);
	free(typical);
	free(nodue);
	free(odd);
}

/* One of the values a whole-case field may hold: each default (false, 0, 1,
 * the codes, []), the values derived fields are read from and made into, a
 * near miss of each, null, and an array holding one. */
static json_t *random_value(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	switch (*seed >> 16 & 15) {
	case 0: return json_null();
	case 1: return json_false();
	case 2: return json_true();
	case 3: return json_integer(0);
	case 4: return json_integer(1);
	case 5: return json_string("general");
	case 6: return json_string("registered");
	case 7: return json_array();
	case 8: return json_pack("[s]", "NURSING");
	case 9: return json_string("NURSING");
	case 10: return json_string("2026-07-10");
	case 11: return json_string("2026-07-10 23:59:59");
	case 12: return json_real(1.0);
	case 13: return json_string("complaint");
	case 14: return json_string("");
	default: return json_pack("[n]");
	}
}

/* Whole-case events made of random fields with defaults, the fields their
 * derived ones are read from and others: the object and its dump given as
 * text store the same text under the same hash, and the chain verifies. */
static void test_event_append_json_random(void **state)
{
	static const char *const keys[] = {
		"anonymous", "claim_fen", "class", "flags", "kind", "status", "dept", "depts", "due",
		"due_time", "received", "round_at", "round", "group_size", "paused", "name",
		"suggestion",
	};
	const int n = 1500;
	unsigned seed = 7;
	struct store *text, *obj;
	struct store_event *eb;
	struct err err = { 0 };
	(void)state;

	two_stores(&text, &obj);
	assert_int_equal(store_bulk_begin(text, &err), 0);
	assert_int_equal(store_bulk_begin(obj, &err), 0);
	for (int i = 0; i < n; i++) {
		json_t *o = json_object();
		const char *action = i % 5 ? "add" : "import";
		char *dumped;
		seed = seed * 1103515245u + 12345u;
		for (unsigned k = 0, nk = seed >> 16 & 15; k < nk; k++) {
			seed = seed * 1103515245u + 12345u;
			json_object_set_new(o, keys[(seed >> 16) % N_ROWS(keys)], random_value(&seed));
		}
		dumped = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		assert_non_null(dumped);
		struct store_event_in ev = { .round = 1, .actor = "clerk",
					     .at = at(2026, 7, 3, 9, 0),
					     .recorded = at(2026, 7, 3, 9, 1), .action = action,
					     .after = dumped };
		assert_int_equal(store_event_append(text, &ev, NULL, &err), 0);
		ev.after = NULL;
		ev.after_obj = o;
		assert_int_equal(store_event_append(obj, &ev, NULL, &err), 0);
		json_decref(o);
		free(dumped);
	}
	assert_int_equal(store_bulk_commit(text, &err), 0);
	assert_int_equal(store_bulk_commit(obj, &err), 0);
	same_events(text, obj, n, &eb);
	store_events_free(eb, n);
	assert_int_equal(store_check(text, NULL, &err), 0);
	assert_int_equal(store_check(obj, NULL, &err), 0);
	store_close(text);
	store_close(obj);
}

static void test_backup(void **state)
{
	char *src = tmp_path("live.db"), *dst = tmp_path("copy.db");
	struct store *st, *copy;
	struct err err = { 0 };
	struct stat sb;
	(void)state;

	assert_int_equal(store_init(src, &st, &err), 0);
	append(st, 0, "one", "{}");
	append(st, 0, "two", "{}");
	assert_int_equal(store_backup(st, dst, &err), 0);
	assert_int_equal(stat(dst, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	assert_int_equal(store_backup(st, dst, &err), ERR_CONFLICT);
	store_close(st);
	assert_int_equal(store_open(dst, false, &copy, &err), 0);
	assert_int_equal(testutil_count(copy, "SELECT count(*) FROM events"), 2);
	assert_int_equal(store_check(copy, NULL, &err), 0);
	store_close(copy);
	free(src);
	free(dst);
}

static void test_intake_drafts(void **state)
{
	struct store *st;
	struct err err = { 0 };
	struct cdatetime saved;
	char *json;
	(void)state;

	assert_int_equal(store_open(":memory:", true, &st, &err), 0);
	assert_int_equal(store_draft_load(st, "alice", &json, &saved, &err), ERR_NOTFOUND);
	assert_null(json);
	assert_int_equal(store_draft_save(st, "alice", "{\"name\":\"张三\"}", at(2026, 7, 3, 9, 5),
					  &err), 0);
	assert_int_equal(store_draft_save(st, "alice", "{\"name\":\"张三丰\"}", at(2026, 7, 3, 9, 6),
					  &err), 0);
	assert_int_equal(store_draft_save(st, "bob", "{}", at(2026, 7, 3, 9, 7), &err), 0);
	assert_int_equal(store_draft_load(st, "alice", &json, &saved, &err), 0);
	assert_string_equal(json, "{\"name\":\"张三丰\"}");
	assert_int_equal(saved.sec, 9 * 3600 + 6 * 60);
	free(json);
	assert_int_equal(store_draft_save(st, "alice", "\xff\xfe", at(2026, 7, 3, 9, 8), &err),
			 ERR_USAGE);
	assert_int_equal(store_draft_delete(st, "alice", &err), 0);
	assert_int_equal(store_draft_load(st, "alice", &json, &saved, &err), ERR_NOTFOUND);
	assert_int_equal(store_draft_load(st, "bob", &json, NULL, &err), 0);
	free(json);
	assert_int_equal(store_draft_delete(st, "nobody", &err), 0);
	/* intake drafts are not audit events */
	assert_int_equal(testutil_count(st, "SELECT count(*) FROM events"), 0);
	store_close(st);
}

static void test_schema_scripts(void **state)
{
	(void)state;
	assert_null(store_schema_sql(0));
	assert_null(store_schema_sql(STORE_SCHEMA_VERSION + 1));
	for (int v = 1; v <= STORE_SCHEMA_VERSION; v++)
		assert_non_null(store_schema_sql(v));
}

/* The scripts run one after another on a bare connection given only the
 * functions store_schema_functions registers, as the report's fixtures and
 * bench_report build their files. */
static void test_schema_scripts_run(void **state)
{
	sqlite3 *db;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(store_schema_functions(db), SQLITE_OK);
	for (int v = 1; v <= STORE_SCHEMA_VERSION; v++) {
		char *msg = NULL;
		if (sqlite3_exec(db, store_schema_sql(v), NULL, NULL, &msg) != SQLITE_OK)
			fail_msg("schema %d: %s", v, msg ? msg : "?");
	}
	sqlite3_close(db);
}

TESTUTIL_MAIN(setup_dir, teardown_dir,
	      cmocka_unit_test(test_sha256_vectors),
	      cmocka_unit_test(test_schema_scripts),
	      cmocka_unit_test(test_schema_scripts_run),
	      cmocka_unit_test(test_open_memory),
	      cmocka_unit_test(test_init_mode_and_refusals),
	      cmocka_unit_test(test_refuse_missing_and_foreign),
	      cmocka_unit_test(test_refuse_newer),
	      cmocka_unit_test(test_migration_forward),
	      cmocka_unit_test(test_migration_report_indexes),
	      cmocka_unit_test(test_stmt_cache),
	      cmocka_unit_test(test_event_chain),
	      cmocka_unit_test(test_event_chain_deleted),
	      cmocka_unit_test(test_event_add_without_nulls),
	      cmocka_unit_test(test_event_add_v12),
	      cmocka_unit_test(test_event_append_json),
	      cmocka_unit_test(test_event_append_json_random),
	      cmocka_unit_test(test_backup),
	      cmocka_unit_test(test_intake_drafts))
