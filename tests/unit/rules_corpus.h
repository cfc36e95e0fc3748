/*
 * The complaint corpus (tests/data/complaints.tsv) and how a classification
 * is scored against it; shared by tests/unit/test_rules.c and
 * bench/bench_rules.c so that the test and the benchmark count hits alike.
 */
#ifndef CDESK_RULES_CORPUS_H
#define CDESK_RULES_CORPUS_H

#include "corpus_tsv.h"

struct corpus_row {
	int line;
	char *dept, *hclass, *flags, *kind, *text;
};

struct corpus {
	struct corpus_row *rows;
	int n;
	char *buf;
};

static int corpus_row(void *arg, const char *path, int line, char **f)
{
	struct corpus *c = arg;

	(void)path;
	c->rows = xrealloc(c->rows, sizeof *c->rows * (size_t)(c->n + 1));
	c->rows[c->n++] = (struct corpus_row){ line, f[0], f[1], f[2], f[3], f[4] };
	return 0;
}

/* Loads the TSV; returns 0, or -1 with a message on stderr. */
static int corpus_load(const char *path, struct corpus *c)
{
	memset(c, 0, sizeof *c);
	return corpus_tsv_load(path, 5, &c->buf, corpus_row, c);
}

static void corpus_free(struct corpus *c)
{
	free(c->rows);
	free(c->buf);
}

/*
 * A hit: the lead department, the class, the kind and the set of flags are
 * all as expected. why (when not NULL) receives what differed.
 */
static int corpus_hit(const struct corpus_row *row, const struct rule_suggestion *s, char *why,
		      size_t size)
{
	char flags[128];

	flags_format(s->flags, flags, sizeof flags);
	if (!flags[0])
		strcpy(flags, "-");
	if (strcmp(s->depts[0], row->dept) == 0 && strcmp(class_code(s->hclass), row->hclass) == 0
	    && strcmp(kind_code(s->kind), row->kind) == 0 && strcmp(flags, row->flags) == 0)
		return 1;
	if (why)
		snprintf(why, size, "line %d: got %s %s %s %s, expected %s %s %s %s", row->line,
			 s->depts[0], class_code(s->hclass), flags, kind_code(s->kind), row->dept,
			 row->hclass, row->flags, row->kind);
	return 0;
}

static void corpus_input(const struct corpus_row *row, struct rule_input *in)
{
	corpus_text_input(row->text, in);
}

/* The text of row i of a struct corpus (for corpus_bench_rate). */
static inline const char *corpus_text(const void *corpus, int i)
{
	return ((const struct corpus *)corpus)->rows[i].text;
}

#endif
