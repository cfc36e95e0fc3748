/* Intake drafts: the saved, unfinished intake forms of each user (one per form started), as JSON. */
#include "core/store.h"
#include "store_priv.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define DRAFT_MAX_BYTES (1024 * 1024)

/* The row's key of a user's draft slot: "login", or "login#N". */
static char *slot_key(const char *user, int slot)
{
	return slot > 0 ? xasprintf("%s#%d", user, slot) : xstrdup(user);
}

int store_draft_save(struct store *st, const char *user, const char *json,
		     struct cdatetime saved, struct err *err)
{
	return store_draft_save_slot(st, user, 0, json, saved, err);
}

int store_draft_save_slot(struct store *st, const char *user, int slot, const char *json,
			  struct cdatetime saved, struct err *err)
{
	char *key;
	sqlite3_stmt *s;
	char t[20];
	size_t len = strlen(json);
	int rc;

	if (len > DRAFT_MAX_BYTES)
		return err_set(err, ERR_USAGE, "intake draft: %zu bytes is more than the limit of "
			       "%d", len, DRAFT_MAX_BYTES);
	if (!text_utf8_valid(json, len))
		return err_set(err, ERR_USAGE, "intake draft: not valid UTF-8");
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO intake_drafts (user, saved, data) "
			       "VALUES (?, ?, ?)", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "intake draft", err);
	key = slot_key(user, slot);
	bind_text(s, 1, key);
	bind_text(s, 2, store_time(saved, t));
	bind_text(s, 3, json);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(key);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "intake draft", err);
}

int store_draft_load(struct store *st, const char *user, char **json, struct cdatetime *saved,
		     struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*json = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT saved, data FROM intake_drafts WHERE user = ?", -1,
			       &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "intake draft", err);
	bind_text(s, 1, user);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (saved && !store_parse_time((const char *)sqlite3_column_text(s, 0), saved))
			memset(saved, 0, sizeof *saved);
		*json = col_dup(s, 1);
		sqlite3_finalize(s);
		return 0;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return err_set(err, ERR_NOTFOUND, "no intake draft for %s", user);
	return store_sql_error(st, "intake draft", err);
}

int store_draft_delete(struct store *st, const char *user, struct err *err)
{
	return store_draft_delete_slot(st, user, 0, err);
}

int store_draft_delete_slot(struct store *st, const char *user, int slot, struct err *err)
{
	sqlite3_stmt *s;
	char *key;
	int rc;

	if (sqlite3_prepare_v2(st->db, "DELETE FROM intake_drafts WHERE user = ?", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_sql_error(st, "intake draft", err);
	key = slot_key(user, slot);
	bind_text(s, 1, key);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(key);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "intake draft", err);
}

int store_drafts_list(struct store *st, const char *user, struct store_draft **out, int *n,
		      struct err *err)
{
	sqlite3_stmt *s;
	size_t ulen = strlen(user);
	int rc, cap = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT user, saved, data FROM intake_drafts WHERE user = ?1 "
			       "OR substr(user, 1, length(?1) + 1) = ?1 || '#' "
			       "ORDER BY saved DESC, user", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "intake draft", err);
	bind_text(s, 1, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		struct store_draft *d;
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		d = &(*out)[(*n)++];
		d->slot = strlen(key) > ulen + 1 ? atoi(key + ulen + 1) : 0;
		if (!store_parse_time((const char *)sqlite3_column_text(s, 1), &d->saved))
			memset(&d->saved, 0, sizeof d->saved);
		d->json = col_dup(s, 2);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_drafts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_sql_error(st, "intake draft", err);
	}
	return 0;
}

void store_drafts_free(struct store_draft *d, int n)
{
	for (int i = 0; i < n; i++)
		free(d[i].json);
	free(d);
}
