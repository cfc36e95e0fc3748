/*
 * The figures of the real-complaint corpus (tests/data/corpus.tsv) for its
 * tuning part and its held-back part, and the classification throughput.
 * Usage: bench_corpus [RULES.ini [CORPUS.tsv]] [-v]
 * -v lists the misses of the tuning part; held-back texts are never printed.
 */
#include "../tests/unit/corpus_real.h"

int main(int argc, char **argv)
{
	const char *corpus_path = "tests/data/corpus.tsv";
	bool verbose;
	struct ruleset *rs = corpus_bench_rules(argc, argv, &corpus_path, &verbose);
	struct real_corpus c;
	struct real_figures f[2] = { { 0 }, { 0 } };
	struct rule_suggestion s;
	struct rule_input in;
	long texts;
	double t;
	char why[512];

	if (!rs)
		return 1;
	if (real_load(corpus_path, &c) || c.n == 0) {
		rules_free(rs);
		return 1;
	}
	for (int i = 0; i < c.n; i++) {
		const struct real_row *r = &c.rows[i];

		real_input(r, &in);
		rules_classify(rs, &in, &s);
		if (!real_score(r, &s, &f[r->held], why, sizeof why) && verbose && !r->held)
			printf("miss %s\n     %s\n", why, r->text);
	}
	printf("corpus %s: %d real texts, %d rules\n", corpus_path, c.n, rules_rule_count(rs));
	real_print("tuning", &f[0]);
	real_print("held-back", &f[1]);
	corpus_bench_rate(rs, &c, c.n, real_text, &texts, &t);
	printf("classify real texts: %.0f texts/s (one core, no model)\n", texts / t);
	real_free(&c);
	rules_free(rs);
	return 0;
}
