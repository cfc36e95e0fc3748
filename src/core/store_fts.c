/*
 * The full-text index's own SQL functions (schema 15, issue 13). The index
 * keeps no positions (detail=none): it finds the cases that hold every
 * trigram of a query, and cdesk_fts_has keeps those whose text holds the
 * query as the phrase query of a full index matched it, by the index's own
 * tokenizer: the query's trigrams one after another in a column's.
 * cdesk_fts_fold and cdesk_fts_nterms let cdesk check name a case whose
 * index row is not its text, where it compared positions before.
 */
#include "core/store.h"
#include "store_priv.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* The trigram tokenizer of this connection's FTS5, made once. */
struct fts_tok {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

/* A text as the tokenizer folds it: its first trigram, then the last
 * character of each next one (each is the next character folded); empty
 * for a text of fewer than three characters, which has no trigram. */
struct fold {
	struct sbuf s;
	long n;                     /* trigrams */
};

static int fold_token(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	struct fold *f = ctx;
	int k = len;

	(void)flags;
	(void)start;
	(void)end;
	if (f->n++ == 0) {
		sbuf_addn(&f->s, tok, (size_t)len);
		return SQLITE_OK;
	}
	while (k > 0 && ((unsigned char)tok[k - 1] & 0xc0) == 0x80)
		k--;
	if (k > 0)
		k--;
	sbuf_addn(&f->s, tok + k, (size_t)(len - k));
	return SQLITE_OK;
}

static int fold_text(struct fts_tok *t, const char *text, int len, struct fold *f)
{
	memset(f, 0, sizeof *f);
	sbuf_add(&f->s, "");
	return t->api.xTokenize(t->tok, f, FTS5_TOKENIZE_DOCUMENT, text, len, fold_token);
}

/* A value's text (its bytes read after it: in that order, as SQLite asks). */
static const char *value_text(sqlite3_value *v, int *len)
{
	const char *s = (const char *)sqlite3_value_text(v);

	*len = sqlite3_value_bytes(v);
	return s ? s : "";
}

static int fold_value(struct fts_tok *t, sqlite3_value *v, struct fold *f)
{
	int len;
	const char *s = value_text(v, &len);

	return fold_text(t, s, len, f);
}

static void fold_free(void *p)
{
	struct fold *f = p;

	free(f->s.s);
	free(f);
}

/* b holds a (bytes; both UTF-8, so a match starts at a character). */
static bool contains(const struct sbuf *b, const struct sbuf *a)
{
	for (size_t i = 0; i + a->len <= b->len; i++)
		if (b->s[i] == a->s[0] && memcmp(b->s + i, a->s, a->len) == 0)
			return true;
	return false;
}

/* cdesk_fts_has(query, account, demand, names): 1 when one of the texts
 * (a NULL one is not looked in) holds the query's trigrams in a row. */
static void fn_has(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct fts_tok *t = sqlite3_user_data(c);
	struct fold *q = sqlite3_get_auxdata(c, 0);

	if (!q) {
		q = xcalloc(1, sizeof *q);
		if (fold_value(t, v[0], q) != SQLITE_OK) {
			fold_free(q);
			sqlite3_result_error(c, "cdesk_fts_has: the query cannot be tokenized", -1);
			return;
		}
		sqlite3_set_auxdata(c, 0, q, fold_free);
		if (!(q = sqlite3_get_auxdata(c, 0))) {
			sqlite3_result_error_nomem(c);
			return;
		}
	}
	for (int i = 1; i < argc; i++) {
		struct fold f;
		bool hit;
		if (sqlite3_value_type(v[i]) == SQLITE_NULL)
			continue;
		if (fold_value(t, v[i], &f) != SQLITE_OK) {
			free(f.s.s);
			sqlite3_result_error(c, "cdesk_fts_has: a text cannot be tokenized", -1);
			return;
		}
		hit = q->n > 0 && f.n >= q->n && contains(&f.s, &q->s);
		free(f.s.s);
		if (hit) {
			sqlite3_result_int(c, 1);
			return;
		}
	}
	sqlite3_result_int(c, 0);
}

/* cdesk_fts_fold(text): the text as the index folds it ('' under three characters). */
static void fn_fold(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct fold f;

	(void)argc;
	if (fold_value(sqlite3_user_data(c), v[0], &f) != SQLITE_OK) {
		free(f.s.s);
		sqlite3_result_error(c, "cdesk_fts_fold: the text cannot be tokenized", -1);
		return;
	}
	sqlite3_result_text(c, f.s.s, (int)f.s.len, free);
}

/* The distinct trigrams of a case's texts, gathered for counting. */
struct terms {
	char **v;
	size_t n, cap;
};

static int term_token(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	struct terms *t = ctx;

	(void)flags;
	(void)start;
	(void)end;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n++] = xstrndup(tok, (size_t)len);
	return SQLITE_OK;
}

static int term_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* cdesk_fts_nterms(account, demand, names): how many distinct trigrams
 * the index holds for a case of these texts. */
static void fn_nterms(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct fts_tok *tk = sqlite3_user_data(c);
	struct terms t = { 0 };
	long n = 0;
	int rc = SQLITE_OK;

	for (int i = 0; i < argc && rc == SQLITE_OK; i++)
		if (sqlite3_value_type(v[i]) != SQLITE_NULL) {
			int len;
			const char *s = value_text(v[i], &len);
			rc = tk->api.xTokenize(tk->tok, &t, FTS5_TOKENIZE_DOCUMENT, s, len,
					       term_token);
		}
	if (t.n)
		qsort(t.v, t.n, sizeof *t.v, term_cmp);
	for (size_t i = 0; i < t.n; i++)
		n += i == 0 || strcmp(t.v[i], t.v[i - 1]) != 0;
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i]);
	free(t.v);
	if (rc != SQLITE_OK)
		sqlite3_result_error(c, "cdesk_fts_nterms: a text cannot be tokenized", -1);
	else
		sqlite3_result_int64(c, n);
}

static void tok_free(void *p)
{
	struct fts_tok *t = p;

	if (t->tok)
		t->api.xDelete(t->tok);
	free(t);
}

/* FTS5's API of db, as its documentation gives it: SELECT fts5(?1) with a pointer. */
static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int store_fts_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
	fts5_api *api = fts5_of(db);
	struct fts_tok *t;
	void *ud = NULL;
	int rc;

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	t = xcalloc(1, sizeof *t);
	if ((rc = api->xFindTokenizer(api, "trigram", &ud, &t->api)) != SQLITE_OK ||
	    (rc = t->api.xCreate(ud, NULL, 0, &t->tok)) != SQLITE_OK) {
		tok_free(t);
		return rc;
	}
	/* the three share t, which cdesk_fts_nterms owns: SQLite frees it
	 * with that function (at close, or at once if it is not made) */
	rc = sqlite3_create_function_v2(db, "cdesk_fts_nterms", -1, flags, t, fn_nterms, NULL,
					NULL, tok_free);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db, "cdesk_fts_has", -1, flags, t, fn_has, NULL,
						NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db, "cdesk_fts_fold", 1, flags, t, fn_fold, NULL,
						NULL, NULL);
	return rc;
}
