/*
 * The learned model (core/learn.h) against the rules alone: on the real
 * corpus (trained on the tuning part only, scored on the held-back part),
 * and on a demo database (trained on its older closed cases, scored on the
 * newer ones) at growing training sizes; then classification throughput
 * with a model attached.
 * Usage: bench_learn [RULES.ini [CORPUS.tsv [DEMO.db]]]
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/unit/corpus_real.h"
#include "core/learn.h"
#include "core/rules.h"
#include "bench.h"

/* A model of ex[from, to); NULL when they hold one department. */
static struct learn_model *train_range(const struct learn_example *ex, int from, int to)
{
	struct learn_trainer *t = learn_trainer_new();
	struct learn_model *m = NULL;
	struct err err = { 0 };

	for (int i = from; i < to; i++)
		learn_trainer_add(t, ex[i].text, ex[i].demand, ex[i].dept);
	if (learn_train(t, &m, &err))
		m = NULL;
	learn_trainer_free(t);
	return m;
}

/* As cdesk rules learn does: the last fifth of ex[0, k) sets the threshold
 * on a model of the rest, then the model of all k keeps it. */
static struct learn_model *train_calibrated(const struct ruleset *rs,
					    const struct learn_example *ex, int k)
{
	struct learn_model *m = train_range(ex, 0, k - k / 5), *all;
	int base, conf = LEARN_NEVER;

	if (m && k / 5 > 0) {
		learn_calibrate(rs, m, ex + (k - k / 5), k / 5, &base);
		conf = learn_model_confident(m);
	}
	learn_model_free(m);
	if ((all = train_range(ex, 0, k)))
		learn_model_set_confident(all, conf);
	return all;
}

/* The corpus's first k tuning rows, calibrated within them. */
static struct learn_model *train_corpus(const struct ruleset *rs, const struct real_corpus *c,
					int k)
{
	struct learn_example *ex = calloc((size_t)c->n, sizeof *ex);
	struct learn_model *m;
	int n = 0;

	for (int i = 0; i < c->n && n < k; i++)
		if (!c->rows[i].held)
			ex[n++] = (struct learn_example){ c->rows[i].text, NULL, c->rows[i].lead };
	/* a probe: NULL when the texts hold one department */
	m = train_range(ex, 0, n);
	if (m) {
		learn_model_free(m);
		m = train_calibrated(rs, ex, n);
	}
	free(ex);
	return m;
}

/* Texts where the model led because no rule named a department (*led, the
 * held-back part only) and how many of them it led wrongly. */
static int fallback_led, fallback_wrong;

static void score_corpus(struct ruleset *rs, const struct real_corpus *c, struct real_figures f[2])
{
	struct rule_suggestion s;
	struct rule_input in;

	memset(f, 0, 2 * sizeof *f);
	fallback_led = fallback_wrong = 0;
	for (int i = 0; i < c->n; i++) {
		real_input(&c->rows[i], &in);
		rules_classify(rs, &in, &s);
		real_score(&c->rows[i], &s, &f[c->rows[i].held], NULL, 0);
		for (int r = 0; c->rows[i].held && r < s.nreasons; r++)
			if (strstr(s.reasons[r].detail, ": no rule named a department)")) {
				fallback_led++;
				fallback_wrong += strcmp(s.depts[0], c->rows[i].lead) != 0;
			}
	}
}

static const char *conf_str(const struct learn_model *m)
{
	static char buf[16];

	if (learn_model_confident(m) > 1000)
		return "never";
	snprintf(buf, sizeof buf, "%d%%", learn_model_confident(m) / 10);
	return buf;
}

static int model_alone(const struct learn_model *m, const struct real_corpus *c)
{
	struct learn_prediction p;
	int right = 0;

	for (int i = 0; i < c->n; i++)
		if (c->rows[i].held) {
			learn_predict(m, c->rows[i].text, NULL, &p);
			right += p.cls >= 0 && strcmp(learn_model_class(m, p.cls), c->rows[i].lead) == 0;
		}
	return right;
}

/* The held-back figure with the model consulted only where no rule names a
 * department (the rules' default, which the corpus never labels): lead first
 * and in set over the held-back part; *none counts those texts, *right those
 * the model routes right. Where a rule names a lead, the rules stand. */
static void fallback_only(struct ruleset *rs, const struct learn_model *m,
			  const struct real_corpus *c, int *first, int *inset, int *none, int *right)
{
	struct learn_prediction p;
	struct rule_suggestion s;
	struct rule_input in;

	*first = *inset = *none = *right = 0;
	for (int i = 0; i < c->n; i++) {
		const struct real_row *r = &c->rows[i];
		if (!r->held)
			continue;
		real_input(r, &in);
		rules_classify(rs, &in, &s);
		if (s.defaulted) {
			bool ok;
			learn_predict(m, r->text, NULL, &p);
			ok = p.cls >= 0 && strcmp(learn_model_class(m, p.cls), r->lead) == 0;
			(*none)++;
			*right += ok;
			*first += ok;
			*inset += ok;
			continue;
		}
		*first += strcmp(s.depts[0], r->lead) == 0;
		for (int d = 0; d < s.ndepts; d++)
			if (strcmp(s.depts[d], r->lead) == 0) {
				(*inset)++;
				break;
			}
	}
}

static int demo_load(const char *path, struct learn_example **out)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int n = 0, cap = 0;

	*out = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT account, coalesce(demand, ''), dept FROM cases "
			       "WHERE status = 'closed' ORDER BY id", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_learn: %s: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap)
			*out = realloc(*out, (size_t)(cap = cap ? 2 * cap : 256) * sizeof **out);
		(*out)[n] = (struct learn_example){ strdup((const char *)sqlite3_column_text(s, 0)),
			strdup((const char *)sqlite3_column_text(s, 1)),
			strdup((const char *)sqlite3_column_text(s, 2)) };
		n++;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* Classifies e (into *in and *s); true when the lead is e's department. */
static bool lead_right(struct ruleset *rs, const struct learn_example *e, struct rule_input *in,
		       struct rule_suggestion *s)
{
	in->text = e->text;
	in->demand = e->demand;
	rules_classify(rs, in, s);
	return strcmp(s->depts[0], e->dept) == 0;
}

/* Lead first on the newest fifth, rules alone and with a model of the first k. */
static void bench_demo(struct ruleset *rs, const char *path)
{
	static const int sizes[] = { 25, 50, 100, 200, 400, 800, 1600 };
	struct learn_example *d;
	int n = demo_load(path, &d), test0, base = 0;
	struct rule_suggestion s;
	struct rule_input in = { .channel = -1 };
	struct learn_prediction p;

	if (n < 50) {
		printf("demo %s: %d closed cases, too few to measure\n", path, n < 0 ? 0 : n);
		return;
	}
	test0 = n - n / 5;
	rules_set_learner(rs, NULL, NULL, NULL);
	for (int i = test0; i < n; i++)
		base += lead_right(rs, &d[i], &in, &s);
	printf("demo %s: %d closed cases; scored on the newest %d: rules alone lead first %.1f%%\n",
	       path, n, n - test0, real_pct(base, n - test0));
	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0] && sizes[z] <= test0; z++) {
		struct learn_model *m = train_calibrated(rs, d, sizes[z]);
		int right = 0, alone = 0, changed = 0, worse = 0;
		if (m) {
			rules_set_learner(rs, NULL, NULL, m);
			for (int i = test0; i < n; i++) {
				right += lead_right(rs, &d[i], &in, &s);
				learn_predict(m, in.text, in.demand, &p);
				alone += p.cls >= 0 && strcmp(learn_model_class(m, p.cls), d[i].dept) == 0;
				for (int r = 0; r < s.nreasons; r++)
					if (strcmp(s.reasons[r].rule, "learned") == 0 &&
					    (strstr(s.reasons[r].detail, ": leads)") ||
					     strstr(s.reasons[r].detail, ": no rule named a department)"))) {
						changed++;
						worse += strcmp(s.depts[0], d[i].dept) != 0;
						if (getenv("BENCH_LEARN_V") && strcmp(s.depts[0], d[i].dept))
							printf("    worse: %s | %s | want %s\n", in.text,
							       s.reasons[r].detail, d[i].dept);
					}
			}
			printf("  trained on %4d: with the model lead first %.1f%% (model alone %.1f%%; "
			       "leads from %s: led %d, wrongly %d)\n", sizes[z],
			       real_pct(right, n - test0), real_pct(alone, n - test0), conf_str(m),
			       changed, worse);
			rules_set_learner(rs, NULL, NULL, NULL);
			learn_model_free(m);
		}
	}
	for (int i = 0; i < n; i++)
		free((char *)d[i].text), free((char *)d[i].demand), free((char *)d[i].dept);
	free(d);
}

/* Texts classified a second, over the corpus again and again for a second. */
/* CPU seconds of this process: the rate of one core whatever else the machine runs. */
static double cpu_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double classify_rate(struct ruleset *rs, const struct real_corpus *c)
{
	struct rule_suggestion s;
	struct rule_input in;
	long texts = 0;
	double t0 = cpu_now_s(), t;

	do {
		for (int i = 0; i < c->n; i++) {
			real_input(&c->rows[i], &in);
			rules_classify(rs, &in, &s);
		}
		texts += c->n;
		t = cpu_now_s() - t0;
	} while (t < 1.0);
	return texts / t;
}

/*
 * The fallback threshold chosen on the tuning part alone: five folds of the
 * tuning rows, a model of four predicting the fifth. The rules were tuned on
 * these texts, so hardly any falls to the default office; every tuning text
 * stands in for one no rule routes: at each threshold, how many the model
 * would route right from it, and how many whose lead is the default office
 * it would take away (below the threshold the default office stays).
 */
static void fallback_folds(struct ruleset *rs, const struct real_corpus *c)
{
	static const int steps[] = { 200, 250, 300, 350, 400, 500, 600, 700, 800, 900 };
	enum { NSTEPS = sizeof steps / sizeof steps[0] };
	const char *office = rules_default_dept(rs)->code;
	struct learn_example *ex = calloc((size_t)c->n, sizeof *ex);
	int right[NSTEPS] = { 0 }, led[NSTEPS] = { 0 }, lost[NSTEPS] = { 0 };
	int texts = 0, alone = 0, pick = NSTEPS - 1;

	for (int f = 0; f < 5; f++) {
		struct learn_model *m;
		int n = 0, k = 0;
		for (int i = 0; i < c->n; i++)
			if (!c->rows[i].held && k++ % 5 != f)
				ex[n++] = (struct learn_example){ c->rows[i].text, NULL, c->rows[i].lead };
		if (!(m = train_range(ex, 0, n)))
			continue;
		k = 0;
		for (int i = 0; i < c->n; i++) {
			const struct real_row *r = &c->rows[i];
			struct learn_prediction p;
			bool ok, is_office = strcmp(office, r->lead) == 0;
			if (r->held || k++ % 5 != f)
				continue;
			texts++;
			alone += is_office;
			learn_predict(m, r->text, NULL, &p);
			ok = p.cls >= 0 && strcmp(learn_model_class(m, p.cls), r->lead) == 0;
			for (int z = 0; z < NSTEPS; z++)
				if (p.prob * 1000 >= steps[z]) {
					led[z]++;
					right[z] += ok;
					lost[z] += !ok && is_office;
				} else {
					right[z] += is_office;
				}
		}
		learn_model_free(m);
	}
	free(ex);
	printf("corpus, tuning part in five folds (%d texts, as if no rule routed them): the default "
	       "office alone right on %d; the model leading from\n", texts, alone);
	/* the band from one step to the next: right more often than wrong? */
	for (int z = 0; z < NSTEPS; z++) {
		int band = led[z] - (z + 1 < NSTEPS ? led[z + 1] : 0);
		int band_right = right[z] - (z + 1 < NSTEPS ? right[z + 1] : 0) -
				 (lost[z] - (z + 1 < NSTEPS ? lost[z + 1] : 0));
		printf("  %d%%: leads on %d, lead first %d (%.1f%%), the office's own lost %d; "
		       "from %d%% to the next step right on %d of %d\n", steps[z] / 10, led[z], right[z],
		       real_pct(right[z], texts), lost[z], steps[z] / 10, band_right, band);
	}
	/* the lowest step from which every band is right more often than wrong */
	for (int z = NSTEPS - 1; z >= 0; z--) {
		int band = led[z] - (z + 1 < NSTEPS ? led[z + 1] : 0);
		int band_right = right[z] - (z + 1 < NSTEPS ? right[z + 1] : 0) -
				 (lost[z] - (z + 1 < NSTEPS ? lost[z + 1] : 0));
		if (band > 0 && 2 * band_right <= band)
			break;
		pick = z;
	}
	printf("  every band right more often than wrong from %d%%\n", steps[pick] / 10);
}

int main(int argc, char **argv)
{
	const char *rules_path = argc > 1 ? argv[1] : "data/rules.ini";
	const char *corpus_path = argc > 2 ? argv[2] : "tests/data/corpus.tsv";
	const char *demo_path = argc > 3 ? argv[3] : NULL;
	static const int sizes[] = { 25, 50, 100, 1000000 };
	struct ruleset *rs;
	struct real_corpus c;
	struct real_figures f[2];
	struct learn_model *m;
	struct err err = { 0 };
	int ntune = 0, nheld = 0;

	if (rules_load(rules_path, &rs, &err)) {
		fprintf(stderr, "bench_learn: %s\n", err.msg);
		return 1;
	}
	if (real_load(corpus_path, &c) || c.n == 0) {
		rules_free(rs);
		return 1;
	}
	for (int i = 0; i < c.n; i++)
		c.rows[i].held ? nheld++ : ntune++;
	score_corpus(rs, &c, f);
	printf("classify real texts: %.0f texts/s (one core, no model)\n", classify_rate(rs, &c));
	printf("corpus, rules alone:\n");
	real_print("tuning", &f[0]);
	real_print("held-back", &f[1]);
	fallback_folds(rs, &c);
	if (getenv("BENCH_LEARN_FALLBACK"))     /* permille, to measure another threshold */
		rules_set_learn_fallback(rs, atoi(getenv("BENCH_LEARN_FALLBACK")));
	printf("corpus, the model where no rule names a department leads from %d%%\n",
	       rules_learn_fallback(rs) / 10);
	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
		int k = sizes[z] < ntune ? sizes[z] : ntune;
		if (!(m = train_corpus(rs, &c, k)))
			continue;
		rules_set_learner(rs, NULL, NULL, m);
		score_corpus(rs, &c, f);
		printf("corpus, model of %d tuning texts: held-back lead first %.1f%%, in set %.1f%% "
		       "(model alone %.1f%%; leads from %s; where no rule names a department led "
		       "%d, wrongly %d)\n", k, real_pct(f[1].lead_first, f[1].texts),
		       real_pct(f[1].lead_in_set, f[1].texts), real_pct(model_alone(m, &c), nheld),
		       conf_str(m), fallback_led, fallback_wrong);
		if (k == ntune) {
			printf("corpus, with the model of all %d tuning texts:\n", k);
			real_print("tuning", &f[0]);
			real_print("held-back", &f[1]);
			printf("classify real texts: %.0f texts/s (one core, with a model of %d "
			       "features)\n", classify_rate(rs, &c), learn_model_features(m));
		}
		rules_set_learner(rs, NULL, NULL, NULL);
		{
			int first, inset, none, right;
			fallback_only(rs, m, &c, &first, &inset, &none, &right);
			printf("corpus, model of %d tuning texts only where no rule names a department: "
			       "held-back lead first %.1f%%, in set %.1f%% (%d held-back texts no rule "
			       "routes, the model right on %d)\n", k, real_pct(first, nheld),
			       real_pct(inset, nheld), none, right);
		}
		learn_model_free(m);
		if (k == ntune)
			break;
	}
	if (demo_path)
		bench_demo(rs, demo_path);
	real_free(&c);
	rules_free(rs);
	return 0;
}
