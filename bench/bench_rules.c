/*
 * Classification throughput over the complaint corpus, and the corpus hit
 * rate. Usage: bench_rules [RULES.ini [CORPUS.tsv]] [-v] (-v lists misses).
 */
#include "../tests/unit/rules_corpus.h"

int main(int argc, char **argv)
{
	const char *corpus_path = "tests/data/complaints.tsv";
	bool verbose;
	struct ruleset *rs = corpus_bench_rules(argc, argv, &corpus_path, &verbose);
	struct corpus c;
	struct rule_suggestion s;
	struct rule_input in;
	int hits = 0;
	long texts;
	size_t bytes = 0;
	double t;
	char why[512];

	if (!rs)
		return 1;
	if (corpus_load(corpus_path, &c) || c.n == 0) {
		rules_free(rs);
		return 1;
	}
	for (int i = 0; i < c.n; i++) {
		corpus_input(&c.rows[i], &in);
		rules_classify(rs, &in, &s);
		if (corpus_hit(&c.rows[i], &s, why, sizeof why))
			hits++;
		else if (verbose)
			printf("miss %s\n     %s\n", why, c.rows[i].text);
		bytes += strlen(c.rows[i].text);
	}
	printf("rules: %d rules, corpus %d texts, hit rate %d/%d = %.1f%%\n", rules_rule_count(rs),
	       c.n, hits, c.n, 100.0 * hits / c.n);
	corpus_bench_rate(rs, &c, c.n, corpus_text, &texts, &t);
	printf("classify: %.0f texts/s (%.1f MB/s of text, %.1f us per text, one core)\n",
	       texts / t, (double)bytes * (double)(texts / c.n) / t / 1e6, t / (double)texts * 1e6);
	corpus_free(&c);
	rules_free(rs);
	return 0;
}
