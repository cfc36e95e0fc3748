/*
 * The complaint corpus (tests/data/complaints.tsv) and how a classification
 * is scored against it; shared by tests/unit/test_rules.c and
 * bench/bench_rules.c so that the test and the benchmark count hits alike.
 */
#ifndef CDESK_RULES_CORPUS_H
#define CDESK_RULES_CORPUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "core/util.h"

struct corpus_row {
	int line;
	char *dept, *hclass, *flags, *kind, *text;
};

struct corpus {
	struct corpus_row *rows;
	int n;
	char *buf;
};

/* Loads the TSV; returns 0, or -1 with a message on stderr. */
static int corpus_load(const char *path, struct corpus *c)
{
	size_t len;
	char *p;
	int line = 0;

	memset(c, 0, sizeof *c);
	c->buf = util_read_file(path, &len);
	if (!c->buf) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	for (p = c->buf; *p;) {
		char *nl = strchr(p, '\n'), *f[5];
		int nf = 0;

		if (nl)
			*nl = '\0';
		line++;
		if (*p && *p != '#') {
			f[nf++] = p;
			for (char *q = p; *q && nf < 5; q++)
				if (*q == '\t') {
					*q = '\0';
					f[nf++] = q + 1;
				}
			if (nf != 5) {
				fprintf(stderr, "%s:%d: expected 5 tab-separated fields\n", path, line);
				return -1;
			}
			c->rows = xrealloc(c->rows, sizeof *c->rows * (size_t)(c->n + 1));
			c->rows[c->n++] = (struct corpus_row){ line, f[0], f[1], f[2], f[3], f[4] };
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
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
	memset(in, 0, sizeof *in);
	in->text = row->text;
	in->channel = -1;
}

#endif
