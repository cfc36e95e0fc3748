/* Learning from the office: a linear model of the lead department (liblinear), and the overrides of the rules' suggestion. */
#ifndef CDESK_CORE_LEARN_H
#define CDESK_CORE_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/rules.h"

struct store;
struct learn_model;
struct learn_trainer;

/*
 * The features: character n-grams (1 to 3 characters) of the folded text
 * and demand (core/fold.h), within runs of letters, digits and CJK (a
 * punctuation mark or space ends a run), hashed into LEARN_HASH_BITS bits;
 * each text a binary vector of unit length. The model: L2-regularised
 * logistic regression (liblinear's L2R_LR, one against the rest), one
 * weight vector per department code.
 */
#define LEARN_HASH_BITS 18
#define LEARN_MIN_CASES_DEFAULT 200
/* Training reads at most the newest this many closed cases (memory and time
 * stay bounded on a large database; the office's recent routing counts most). */
#define LEARN_MAX_CASES 10000
/* Below this probability (permille) the model is unsure and the rules stand,
 * until learn_calibrate picks the model's own. */
#define LEARN_CONFIDENT_DEFAULT 700
/* learn_calibrate's answer when every threshold would lower the figure: the
 * model never leads, it only explains. */
#define LEARN_NEVER 1001
/* Where no rule names a department (the complaint office by default), the
 * model leads from this probability (permille) whatever the calibration
 * says, or from the calibrated threshold when that is lower; the default
 * office goes second in the set. Chosen on the corpus's tuning part alone
 * (bench_learn, five folds): see tests/data/README. */
#define LEARN_FALLBACK_DEFAULT 400
/* A lead named by a single rule of at least this weight is the rules'. */
#define LEARN_STRONG_WEIGHT 6
/* The rules are weak between two of their departments when the other scores
 * at least this share (percent) of the lead's score. */
#define LEARN_CLOSE_SHARE 75

struct learn_trainer *learn_trainer_new(void);
/* One example: the text (and demand, may be NULL) and its lead department code. */
void learn_trainer_add(struct learn_trainer *t, const char *text, const char *demand,
		       const char *dept);
int learn_trainer_count(const struct learn_trainer *t);
/* Trains; ERR_USAGE when there are no examples or only one department. */
int learn_train(struct learn_trainer *t, struct learn_model **out, struct err *err);
void learn_trainer_free(struct learn_trainer *t);

/* The model as bytes (learn_model_save, free() the result) and back. */
unsigned char *learn_model_save(const struct learn_model *m, size_t *len);
int learn_model_parse(const void *blob, size_t len, struct learn_model **out, struct err *err);
void learn_model_free(struct learn_model *m);
int learn_model_classes(const struct learn_model *m);
const char *learn_model_class(const struct learn_model *m, int i);
/* Distinct n-gram features with a weight. */
int learn_model_features(const struct learn_model *m);
/* The number of examples it was trained on. */
int learn_model_cases(const struct learn_model *m);
void learn_model_set_cases(struct learn_model *m, int n);
/* The probability (permille) from which the model leads where the rules are weak. */
int learn_model_confident(const struct learn_model *m);
void learn_model_set_confident(struct learn_model *m, int permille);

/* One closed case: its text, demand (may be NULL) and final lead. */
struct learn_example {
	const char *text, *demand, *dept;
};

/*
 * Picks m's threshold on n examples the model was not trained on: of 95%,
 * 90%, 80% … 50%, the one at which the rules with m put the lead first most
 * often, if that is more often than with m leading only where no rule names
 * a department (rules_learn_fallback; ties: the higher), else LEARN_NEVER;
 * and sets it. *base gets the rules' count alone; returns the count with
 * the threshold chosen.
 */
int learn_calibrate(const struct ruleset *rs, struct learn_model *m,
		    const struct learn_example *ex, int n, int *base);

struct learn_prediction {
	int cls;                    /* index of the most probable class, -1 none */
	double prob;                /* its probability */
	char why[160];              /* "\"药店\" +1.8, \"推荐\" +1.1" */
};

/* The model's lead for a text (and demand). */
void learn_predict(const struct learn_model *m, const char *text, const char *demand,
		   struct learn_prediction *p);
/* The same for text already folded as rules_classify folds text and demand
 * (text, then "\n" and the demand when there is one). */
void learn_predict_folded(const struct learn_model *m, const char *folded, size_t len,
			  struct learn_prediction *p);

/*
 * The model beside the rules (rules_classify calls it when a model is
 * attached): the rules keep the flags, class, kind, categories, claim and a
 * lead named by a rule of LEARN_STRONG_WEIGHT or more; when the rules are
 * silent (the default lead) or weak (the model's department is one of the
 * rules' own, scoring at least LEARN_CLOSE_SHARE percent of the lead's; score
 * is per department of rs; folded the input as learn_predict_folded takes it) and the model is at least learn_model_confident sure, it
 * puts its department first. Where the rules are silent it also leads from
 * rules_learn_fallback, the default office going second. Every change, and the model's view when the
 * rules stand, is one "dept"/"learned" reason.
 */
void learn_combine(const struct ruleset *rs, const struct learn_model *m,
		   const char *folded, const int *score, int strongest,
		   struct rule_suggestion *out);

/*
 * Attaches a model to a ruleset, lazily: get(ctx) is called on the first
 * rules_classify that needs it and its answer (NULL: no model) kept. A
 * model attached directly (get NULL) is used as is. The ruleset does not
 * own the model.
 */
void rules_set_learner(struct ruleset *rs, const struct learn_model *(*get)(void *ctx),
		       void *ctx, const struct learn_model *direct);

/*
 * The probability (permille, 1 to 1000; LEARN_NEVER: only the calibrated
 * threshold) from which an attached model leads where no rule names a
 * department; 0 restores LEARN_FALLBACK_DEFAULT. cdesk.ini [rules]
 * learn_fallback sets it (app_rules).
 */
void rules_set_learn_fallback(struct ruleset *rs, int permille);
int rules_learn_fallback(const struct ruleset *rs);

/* --- the database side (src/core/learn_store.c) --- */

/* The database's identity (meta 'identity', made by schema version 5). */
int learn_db_identity(struct store *st, char *buf, size_t size, struct err *err);
/*
 * Trains on the closed cases' final lead departments and stores the model,
 * marked with the database's identity. The newest fifth is first held out:
 * a model of the others sets the threshold on it (learn_calibrate); the model
 * stored is then trained on all. Refuses (ERR_USAGE, nothing stored) with
 * fewer closed cases than min_cases.
 */
struct learn_report {
	int cases, features;        /* trained on, and its n-gram features */
	int checked;                /* the newest closed cases held out to set the threshold */
	int rules_right, model_right;  /* lead first on them: rules alone, with the model */
	int confident;              /* the threshold chosen, permille (LEARN_NEVER: never leads) */
};
int learn_train_store(struct store *st, struct ruleset *rs, int min_cases, const char *actor,
		      const char *at, struct learn_report *rep, struct err *err);
/*
 * The latest stored model, or *out NULL when there is none or it was
 * trained on fewer than min_cases closed cases. A model whose identity is
 * another database's fails with ERR_DATA saying so.
 */
int learn_load(struct store *st, int min_cases, struct learn_model **out, struct err *err);

/* One change of the rules' suggestion (clerk at intake, officer later). */
struct learn_miss {
	char number[32];
	char at[24];
	char by[64];
	char action[24];            /* "add", "transfer", "reclass", "correct" … */
	char part[16];              /* "dept", "depts", "categories", "class", "flags", "kind" */
	char from[160], to[160];
	char closed[24];            /* when closed, "" while open */
	char rules[160];            /* the rules behind the suggested part, "a,b"; "" none */
};

/*
 * The recent changes of the suggestion, newest case first, at most limit
 * cases (0: 20), only of part when not NULL (learn_miss_part_valid); each
 * change calls fn. Read from the cases' suggestion and their append-only
 * timeline.
 */
int learn_misses(struct store *st, int limit, const char *part,
		 int (*fn)(const struct learn_miss *, void *), void *ctx, struct err *err);
/* The parts, "lead, co-depts, categories, class, flags, kind"; true when part is one. */
const char *learn_miss_parts(void);
bool learn_miss_part_valid(const char *part);

#endif
