/*
 * The corpus of real complaint texts (tests/data/corpus.tsv) and its figures,
 * shared by bench/bench_corpus.c and tests/unit/test_corpus.c so that the
 * benchmark and the floor count alike.
 *
 * Each row is split once, by a fixed seed, into the tuning part or the
 * held-back part: the FNV-1a hash of the text's bytes, held back when it is
 * 0 modulo 3. Nothing here prints a held-back text: only the tuning part's
 * misses can be listed (see tests/data/README).
 */
#ifndef CDESK_CORPUS_REAL_H
#define CDESK_CORPUS_REAL_H

#include <stdint.h>

#include "corpus_tsv.h"

#define REAL_FIELDS 7

struct real_row {
	int line;
	char *lead, *co, *hclass, *flags, *claim, *source, *text;
	int held;                   /* 1: the held-back part */
	unsigned want_flags;        /* enum case_flag bits of the flags column */
};

struct real_corpus {
	struct real_row *rows;
	int n;
	char *buf;
};

/* The part counts of one pass: index 0 tuning, 1 held back. */
struct real_figures {
	int texts, lead_first, lead_in_set, class_right;
	int flags_want, flags_found, flags_false;
	int claims, claims_read;
};

static uint32_t real_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int real_flag_bits(const char *list, unsigned *out)
{
	static const struct { const char *code; unsigned bit; } names[] = {
		{ "safety", FLAG_SAFETY }, { "claim", FLAG_CLAIM }, { "group", FLAG_GROUP },
		{ "media", FLAG_MEDIA }, { "legal", FLAG_LEGAL }, { "anonymous", FLAG_ANONYMOUS },
	};
	unsigned bits = 0;
	const char *p = list;

	if (strcmp(list, "-") == 0) {
		*out = 0;
		return 0;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		size_t i;

		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i].code) == len && strncmp(names[i].code, p, len) == 0)
				break;
		if (i == sizeof names / sizeof names[0])
			return -1;
		bits |= names[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	*out = bits;
	return 0;
}

static int real_row(void *arg, const char *path, int line, char **f)
{
	struct real_corpus *c = arg;
	struct real_row r = { line, f[0], f[1], f[2], f[3], f[4], f[5], f[6], 0, 0 };

	if (real_flag_bits(r.flags, &r.want_flags)) {
		fprintf(stderr, "%s:%d: flags: '%s' is not a list of flag codes\n", path, line,
			r.flags);
		return -1;
	}
	r.held = real_hash(r.text) % 3 == 0;
	c->rows = xrealloc(c->rows, sizeof *c->rows * (size_t)(c->n + 1));
	c->rows[c->n++] = r;
	return 0;
}

/* Loads the TSV; returns 0, or -1 with "path:line: what is wrong" on stderr. */
static int real_load(const char *path, struct real_corpus *c)
{
	memset(c, 0, sizeof *c);
	return corpus_tsv_load(path, REAL_FIELDS, &c->buf, real_row, c);
}

static void real_free(struct real_corpus *c)
{
	free(c->rows);
	free(c->buf);
}

static void real_input(const struct real_row *row, struct rule_input *in)
{
	corpus_text_input(row->text, in);
}

/* The text of row i of a struct real_corpus (for corpus_bench_rate). */
static inline const char *real_text(const void *corpus, int i)
{
	return ((const struct real_corpus *)corpus)->rows[i].text;
}

static int real_popcount(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/*
 * Scores one suggestion into f; returns 1 when lead, class and flags are all
 * right. why (when not NULL) receives what differed.
 */
static int real_score(const struct real_row *row, const struct rule_suggestion *s,
		      struct real_figures *f, char *why, size_t size)
{
	int lead = strcmp(s->depts[0], row->lead) == 0, in_set = 0;
	int cls = strcmp(class_code(s->hclass), row->hclass) == 0;
	unsigned got = s->flags, want = row->want_flags;
	long yuan = strcmp(row->claim, "-") ? strtol(row->claim, NULL, 10) : 0;

	for (int i = 0; i < s->ndepts; i++)
		if (strcmp(s->depts[i], row->lead) == 0)
			in_set = 1;
	f->texts++;
	f->lead_first += lead;
	f->lead_in_set += in_set;
	f->class_right += cls;
	f->flags_want += real_popcount(want);
	f->flags_found += real_popcount(want & got);
	f->flags_false += real_popcount(got & ~want);
	if (yuan > 0) {
		f->claims++;
		f->claims_read += s->claim_fen == (int64_t)yuan * 100;
	}
	if (lead && cls && got == want)
		return 1;
	if (why) {
		char g[128], w[128];

		flags_format(got, g, sizeof g);
		flags_format(want, w, sizeof w);
		snprintf(why, size, "line %d: got %s %s [%s], expected %s %s [%s]", row->line,
			 s->depts[0], class_code(s->hclass), g, row->lead, row->hclass, w);
	}
	return 0;
}

static inline double real_pct(int n, int d)
{
	return d ? 100.0 * n / d : 0.0;
}

static inline void real_print(const char *part, const struct real_figures *f)
{
	printf("%-9s %3d texts: lead first %5.1f%%, lead in set %5.1f%%, flags found %5.1f%% "
	       "(%d/%d), false flags %5.1f%% of texts (%d), class right %5.1f%%, claims read %d/%d\n",
	       part, f->texts, real_pct(f->lead_first, f->texts), real_pct(f->lead_in_set, f->texts),
	       real_pct(f->flags_found, f->flags_want), f->flags_found, f->flags_want,
	       real_pct(f->flags_false, f->texts), f->flags_false, real_pct(f->class_right, f->texts),
	       f->claims_read, f->claims);
}

#endif
