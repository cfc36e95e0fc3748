/* Intake drafts: one saved, unfinished intake form per user, as JSON. */
#include "core/store.h"
#include "store_priv.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define DRAFT_MAX_BYTES (1024 * 1024)

int store_draft_save(struct store *st, const char *user, const char *json,
		     struct cdatetime saved, struct err *err)
{
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
	bind_text(s, 1, user);
	bind_text(s, 2, store_time(saved, t));
	bind_text(s, 3, json);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
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
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "DELETE FROM intake_drafts WHERE user = ?", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_sql_error(st, "intake draft", err);
	bind_text(s, 1, user);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "intake draft", err);
}
