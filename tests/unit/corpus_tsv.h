/*
 * What the two classification corpora share (tests/unit/rules_corpus.h for
 * tests/data/complaints.tsv, tests/unit/corpus_real.h for tests/data/corpus.tsv):
 * reading a TSV of a fixed number of fields, the classifier's input for a
 * text, and for the benchmarks (bench/bench_rules.c, bench/bench_corpus.c)
 * their command line and the throughput loop.
 */
#ifndef CDESK_CORPUS_TSV_H
#define CDESK_CORPUS_TSV_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rules.h"
#include "core/util.h"

/*
 * Reads path into *buf (the caller frees it) and calls row(arg, line, f) for
 * each line neither empty nor a comment, split at its tabs into exactly nf
 * fields (at most 16). Returns 0, or -1 with "path:line: what is wrong" on
 * stderr (row returns -1 having said why).
 */
static int corpus_tsv_load(const char *path, int nf, char **buf,
			   int (*row)(void *arg, const char *path, int line, char **f), void *arg)
{
	size_t len;
	char *p;
	int line = 0;

	*buf = util_read_file(path, &len);
	if (!*buf) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	for (p = *buf; *p;) {
		char *nl = strchr(p, '\n'), *f[16];
		int n = 0;

		if (nl)
			*nl = '\0';
		line++;
		if (*p && *p != '#') {
			f[n++] = p;
			for (char *q = p; *q && n < nf; q++)
				if (*q == '\t') {
					*q = '\0';
					f[n++] = q + 1;
				}
			if (n != nf || strchr(f[nf - 1], '\t')) {
				fprintf(stderr, "%s:%d: expected %d tab-separated fields\n", path, line,
					nf);
				return -1;
			}
			if (row(arg, path, line, f))
				return -1;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* The classifier's input for a corpus text: the text alone, no channel. */
static inline void corpus_text_input(const char *text, struct rule_input *in)
{
	memset(in, 0, sizeof *in);
	in->text = text;
	in->channel = -1;
}

/*
 * A benchmark's command line, [RULES.ini [CORPUS.tsv]] [-v]: the rules loaded
 * (data/rules.ini when not given), *corpus_path replaced when given, *verbose
 * set by -v; NULL, having said why on stderr, when the rules are refused.
 */
static inline struct ruleset *corpus_bench_rules(int argc, char **argv, const char **corpus_path,
						 bool *verbose)
{
	const char *rules_path = "data/rules.ini";
	struct ruleset *rs;
	struct err err = { 0 };
	int npos = 0;

	*verbose = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			*verbose = true;
		else if (npos++ == 0)
			rules_path = argv[i];
		else
			*corpus_path = argv[i];
	}
	if (rules_load(rules_path, &rs, &err)) {
		fprintf(stderr, "%s: %s\n", argv[0], err.msg);
		return NULL;
	}
	return rs;
}

static inline double corpus_now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Classifies the n texts text(corpus, i) over and over for at least a second;
 * the texts classified in *texts and the seconds taken in *secs.
 */
static inline void corpus_bench_rate(const struct ruleset *rs, const void *corpus, int n,
				     const char *(*text)(const void *corpus, int i), long *texts,
				     double *secs)
{
	struct rule_suggestion s;
	struct rule_input in;
	double t0 = corpus_now_sec();

	*texts = 0;
	do {
		for (int i = 0; i < n; i++) {
			corpus_text_input(text(corpus, i), &in);
			rules_classify(rs, &in, &s);
		}
		*texts += n;
		*secs = corpus_now_sec() - t0;
	} while (*secs < 1.0);
}

#endif
