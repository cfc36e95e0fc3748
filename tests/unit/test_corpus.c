/*
 * The real-complaint corpus (tests/data/corpus.tsv): the figures of its
 * tuning part and of its held-back part held at what the rules reached, so a
 * rule change that loses ground on real texts fails here. bench_corpus
 * (make bench) prints the same figures; tests/data/README says how the
 * held-back part is kept honest.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/rules.h"
#include "corpus_real.h"

/*
 * Floors in permille, per part (tuning, held back), at the figures reached
 * with the rules of this commit (bench_corpus, 721 texts: 470 tuning, 251 held
 * back; 98 rules tuned on the tuning part's misses only):
 *   tuning:    lead first 88.9%, in set 95.1%, flags found 85.8%, false flags 5.1% of texts, class 85.7%
 *   held back: lead first 70.9%, in set 84.5%, flags found 68.3%, false flags 10.0% of texts, class 71.7%
 * (the 95 rules before on the same 721 texts: 87.9 / 94.0 / 84.0 / 8.1 / 84.0
 * and 68.5 / 84.1 / 68.0 / 10.0 / 71.3; at 636 texts 92.7 / 97.3 / 87.2 / 7.8 /
 * 86.6 and 70.0 / 84.1 / 67.0 / 10.6 / 71.8. The tuning floors, and the
 * held-back class floor (718 -> 717), are below those of 636 texts: the corpus
 * grew by parts/p8.tsv, which the rules had never seen (its 61 tuning texts
 * scored 55.7% lead first, its 24 held-back ones 54.2%, before the rules were
 * changed). tests/data/README has them all.)
 */
struct floors {
	int lead_first, lead_in_set, flags_found, false_flags_max, class_right;
};
static const struct floors floor_of[2] = {
	{ 889, 951, 857, 51, 857 },
	{ 709, 844, 683, 99, 717 },
};
#define CORPUS_MIN_ROWS 720

static int permille(int n, int d)
{
	return d ? (int)(1000LL * n / d) : 0;
}

static void test_real_corpus(void **state)
{
	struct ruleset *rs;
	struct real_corpus c;
	struct real_figures f[2] = { { 0 }, { 0 } };
	struct err e = { 0 };
	struct rule_suggestion s;
	struct rule_input in;

	(void)state;
	assert_int_equal(rules_load(SRC("data/rules.ini"), &rs, &e), 0);
	assert_int_equal(real_load(SRC("tests/data/corpus.tsv"), &c), 0);
	assert_true(c.n >= CORPUS_MIN_ROWS);
	for (int i = 0; i < c.n; i++) {
		real_input(&c.rows[i], &in);
		rules_classify(rs, &in, &s);
		real_score(&c.rows[i], &s, &f[c.rows[i].held], NULL, 0);
	}
	for (int p = 0; p < 2; p++) {
		const struct real_figures *g = &f[p];
		const struct floors *fl = &floor_of[p];

		print_message("# %s: %d texts, lead first %d‰, in set %d‰, flags found %d‰, false "
			      "flags %d‰ of texts, class right %d‰\n", p ? "held back" : "tuning",
			      g->texts, permille(g->lead_first, g->texts),
			      permille(g->lead_in_set, g->texts),
			      permille(g->flags_found, g->flags_want),
			      permille(g->flags_false, g->texts), permille(g->class_right, g->texts));
		assert_true(g->texts > 0);
		assert_true(permille(g->lead_first, g->texts) >= fl->lead_first);
		assert_true(permille(g->lead_in_set, g->texts) >= fl->lead_in_set);
		assert_true(permille(g->flags_found, g->flags_want) >= fl->flags_found);
		assert_true(permille(g->flags_false, g->texts) <= fl->false_flags_max);
		assert_true(permille(g->class_right, g->texts) >= fl->class_right);
	}
	real_free(&c);
	rules_free(rs);
}

/* The split is by the text alone: the same text always falls in the same part. */
static void test_split_fixed(void **state)
{
	(void)state;
	assert_int_equal(real_hash(""), 2166136261u);
	assert_int_equal(real_hash("a"), 0xe40c292cu);
}

/* A malformed row is refused with its line. */
static void test_bad_rows(void **state)
{
	char path[] = "/tmp/cdesk-corpus-XXXXXX";
	int fd = mkstemp(path);
	struct real_corpus c;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# header\nNURSING\t-\tgeneral\tbogus\t-\thttp://x\t护士态度差\n", f);
	fclose(f);
	assert_int_equal(real_load(path, &c), -1);
	real_free(&c);
	f = fopen(path, "w");
	fputs("NURSING\t-\tgeneral\n", f);
	fclose(f);
	assert_int_equal(real_load(path, &c), -1);
	real_free(&c);
	unlink(path);
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_real_corpus),
	      cmocka_unit_test(test_split_fixed),
	      cmocka_unit_test(test_bad_rows))
