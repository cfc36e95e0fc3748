/* The learned model (core/learn.h) on a small fixture: training, prediction with its n-grams, the bytes round trip, refusals. */
#include "testutil.h"

#include "core/learn.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *text, *dept; } fixture[] = {
	{ "医生让我去院外药店买药", "ETHICS" }, { "大夫推荐药店，收回扣", "ETHICS" },
	{ "医生收红包，推荐外面药店", "ETHICS" }, { "主任收了红包才给做手术", "ETHICS" },
	{ "食堂饭菜太贵，统一供餐难吃", "LOGISTICS" }, { "病房不送饭，食堂太远", "LOGISTICS" },
	{ "停车场收费太贵，车位太少", "LOGISTICS" }, { "电梯坏了没人修，停车难", "LOGISTICS" },
	{ "护士打针打了五次才成功", "NURSING" }, { "护士态度差，输液没人管", "NURSING" },
	{ "夜班护士叫不应，输液回血", "NURSING" }, { "护士换药不洗手", "NURSING" },
};

static struct learn_model *train_fixture(void)
{
	struct learn_trainer *t = learn_trainer_new();
	struct learn_model *m = NULL;
	struct err err = { 0 };

	for (size_t i = 0; i < sizeof fixture / sizeof fixture[0]; i++)
		learn_trainer_add(t, fixture[i].text, NULL, fixture[i].dept);
	assert_int_equal(learn_trainer_count(t), 12);
	assert_int_equal(learn_train(t, &m, &err), 0);
	learn_trainer_free(t);
	return m;
}

static const char *predicted(const struct learn_model *m, const char *text, struct learn_prediction *p)
{
	learn_predict(m, text, NULL, p);
	assert_true(p->cls >= 0);
	return learn_model_class(m, p->cls);
}

static void test_train_predict(void **state)
{
	struct learn_model *m = train_fixture();
	struct learn_prediction p;

	(void)state;
	assert_int_equal(learn_model_classes(m), 3);
	assert_int_equal(learn_model_cases(m), 12);
	assert_true(learn_model_features(m) > 50);
	assert_string_equal(predicted(m, "医生推荐我去药店", &p), "ETHICS");
	assert_non_null(strstr(p.why, "药店"));
	assert_string_equal(predicted(m, "食堂的饭不好吃", &p), "LOGISTICS");
	assert_string_equal(predicted(m, "护士输液扎了好几针", &p), "NURSING");
	assert_true(p.prob > 0.34 && p.prob <= 1);
	learn_model_free(m);
}

static void test_bytes(void **state)
{
	struct learn_model *m = train_fixture(), *back = NULL;
	struct learn_prediction a, b;
	struct err err = { 0 };
	size_t len;
	unsigned char *blob = learn_model_save(m, &len);

	(void)state;
	assert_int_equal(learn_model_parse(blob, len, &back, &err), 0);
	predicted(m, "医生推荐我去药店", &a);
	predicted(back, "医生推荐我去药店", &b);
	assert_int_equal(a.cls, b.cls);
	assert_true(a.prob - b.prob < 1e-9 && b.prob - a.prob < 1e-9);
	assert_string_equal(a.why, b.why);
	learn_model_free(back);
	/* a cut blob or another file is refused, never read past its end */
	assert_int_equal(learn_model_parse(blob, len - 1, &back, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "damaged"));
	assert_int_equal(learn_model_parse("hello", 5, &back, &err), ERR_DATA);
	free(blob);
	learn_model_free(m);
}

static void test_refusals(void **state)
{
	struct learn_trainer *t = learn_trainer_new();
	struct learn_model *m = NULL;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(learn_train(t, &m, &err), ERR_USAGE);
	learn_trainer_add(t, "护士态度差", NULL, "NURSING");
	learn_trainer_add(t, "护士打针疼", NULL, "NURSING");
	assert_int_equal(learn_train(t, &m, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "same lead department"));
	assert_null(m);
	learn_trainer_free(t);
}

/* A model trained on eight cases of each of two texts: "甲乙丙丁的事情"
 * led by dept, "戊己庚辛的事情" by NURSING. */
static struct learn_model *two_text_model(const char *dept)
{
	struct learn_trainer *t = learn_trainer_new();
	struct learn_model *m = NULL;
	struct err err = { 0 };

	for (int k = 0; k < 8; k++) {
		learn_trainer_add(t, "甲乙丙丁的事情", NULL, dept);
		learn_trainer_add(t, "戊己庚辛的事情", NULL, "NURSING");
	}
	if (learn_train(t, &m, &err))
		fail_msg("learn_train: %s", err.msg);
	learn_trainer_free(t);
	return m;
}

/* Beside the rules: silent rules take the model's lead, the rules' hard
 * parts never move, and with no model nothing changes. */
static void test_combine(void **state)
{
	struct learn_model *m = two_text_model("LOGISTICS");
	struct ruleset *rs;
	struct rule_suggestion plain, with;
	struct rule_input in = { .channel = -1 };
	struct err err = { 0 };
	bool learned = false;

	(void)state;
	assert_int_equal(rules_load(SRC("data/rules.ini"), &rs, &err), 0);
	in.text = "甲乙丙丁又来了";
	rules_classify(rs, &in, &plain);
	assert_true(plain.defaulted);
	rules_set_learner(rs, NULL, NULL, m);
	rules_classify(rs, &in, &with);
	assert_string_equal(with.depts[0], "LOGISTICS");
	assert_false(with.defaulted);
	assert_int_equal(with.hclass, plain.hclass);
	assert_int_equal(with.flags, plain.flags);
	for (int i = 0; i < with.nreasons; i++)
		if (strcmp(with.reasons[i].rule, "learned") == 0) {
			learned = true;
			assert_non_null(strstr(with.reasons[i].detail, "→ LOGISTICS (learned"));
			assert_non_null(strstr(with.reasons[i].detail, "\"甲"));
		}
	assert_true(learned);
	/* a strong rule's lead stands whatever the model says */
	in.text = "甲乙丙丁，停车场收费太贵，车位太少";
	rules_set_learner(rs, NULL, NULL, NULL);
	rules_classify(rs, &in, &plain);
	rules_set_learner(rs, NULL, NULL, m);
	rules_classify(rs, &in, &with);
	assert_string_equal(with.depts[0], plain.depts[0]);
	/* the threshold from held-out cases: the model leads only where it did better */
	{
		struct learn_example wrong[] = { { "甲乙丙丁又来了", NULL, "NURSING" } };
		struct learn_example right[] = { { "甲乙丙丁又来了", NULL, "LOGISTICS" } };
		int base;
		/* the calibration alone: no fallback where no rule names a department */
		rules_set_learn_fallback(rs, LEARN_NEVER);
		rules_set_learner(rs, NULL, NULL, NULL);
		assert_int_equal(learn_calibrate(rs, m, wrong, 1, &base), 0);
		assert_int_equal(base, 0);
		assert_int_equal(learn_model_confident(m), LEARN_NEVER);
		rules_set_learner(rs, NULL, NULL, m);
		in.text = "甲乙丙丁又来了";
		rules_classify(rs, &in, &with);
		assert_true(with.defaulted);    /* never leads, only explains */
		rules_set_learner(rs, NULL, NULL, NULL);
		assert_int_equal(learn_calibrate(rs, m, right, 1, &base), 1);
		assert_int_equal(base, 0);
		assert_true(learn_model_confident(m) <= 950);
		/* the classify loader of the ruleset is left as it was */
		rules_classify(rs, &in, &plain);
		assert_true(plain.defaulted);
	}
	rules_free(rs);
	learn_model_free(m);
}

/* A suggestion's "learned" reason, or NULL. */
static const char *learned_reason(const struct rule_suggestion *s)
{
	for (int i = 0; i < s->nreasons; i++)
		if (strcmp(s->reasons[i].rule, "learned") == 0)
			return s->reasons[i].detail;
	return NULL;
}

static void assert_same_depts(const struct rule_suggestion *a, const struct rule_suggestion *b)
{
	assert_int_equal(a->ndepts, b->ndepts);
	for (int i = 0; i < a->ndepts; i++)
		assert_string_equal(a->depts[i], b->depts[i]);
	assert_int_equal(a->defaulted, b->defaulted);
}

/* Where no rule names a department the model leads from the fallback
 * threshold even when its calibration says never (as on the corpus), alone
 * (the default office is not kept beside it); a rule's lead keeps the calibration; below the
 * threshold, or with it off, nothing changes. */
static void test_fallback(void **state)
{
	struct learn_model *m = two_text_model("ETHICS");
	struct ruleset *rs;
	struct rule_suggestion plain, with;
	struct rule_input in = { .channel = -1 };
	struct learn_prediction p;
	struct err err = { 0 };
	const char *office, *why;
	int sure;

	(void)state;
	learn_model_set_confident(m, LEARN_NEVER);      /* no better than the rules */
	assert_int_equal(rules_load(SRC("data/rules.ini"), &rs, &err), 0);
	office = rules_default_dept(rs)->code;
	assert_int_equal(rules_learn_fallback(rs), LEARN_FALLBACK_DEFAULT);

	in.text = "甲乙丙丁又来了";
	rules_classify(rs, &in, &plain);
	assert_true(plain.defaulted);
	assert_string_equal(plain.depts[0], office);
	learn_predict(m, in.text, NULL, &p);
	sure = (int)(p.prob * 1000);
	assert_true(sure >= LEARN_FALLBACK_DEFAULT);
	rules_set_learner(rs, NULL, NULL, m);
	rules_classify(rs, &in, &with);
	assert_false(with.defaulted);
	assert_int_equal(plain.ndepts, 1);
	assert_int_equal(with.ndepts, 1);
	assert_string_equal(with.depts[0], "ETHICS");
	assert_int_equal(rules_reply_days(rs, with.hclass, with.ndepts),   /* not multi-department */
			 rules_reply_days(rs, plain.hclass, plain.ndepts));
	assert_int_equal(with.hclass, plain.hclass);
	assert_int_equal(with.flags, plain.flags);
	assert_non_null(why = learned_reason(&with));
	assert_non_null(strstr(why, "→ ETHICS (learned, "));
	assert_non_null(strstr(why, "%: no rule named a department)"));

	/* just above its probability: unsure, the rules stand; at it: it leads */
	rules_set_learn_fallback(rs, sure + 1);
	rules_classify(rs, &in, &with);
	assert_same_depts(&with, &plain);
	assert_non_null(strstr(learned_reason(&with), "unsure, the rules stand"));
	rules_set_learn_fallback(rs, sure);
	rules_classify(rs, &in, &with);
	assert_string_equal(with.depts[0], "ETHICS");
	/* off: the calibration alone, which says never */
	rules_set_learn_fallback(rs, LEARN_NEVER);
	rules_classify(rs, &in, &with);
	assert_same_depts(&with, &plain);
	/* off, but calibrated to lead from 50%: it leads as before */
	learn_model_set_confident(m, 500);
	rules_classify(rs, &in, &with);
	assert_string_equal(with.depts[0], "ETHICS");
	assert_int_equal(with.ndepts, 1);
	learn_model_set_confident(m, LEARN_NEVER);
	rules_set_learn_fallback(rs, 0);
	assert_int_equal(rules_learn_fallback(rs), LEARN_FALLBACK_DEFAULT);

	/* a rule names a department: the calibration (never) stands */
	in.text = "甲乙丙丁，护士态度差，输液没人管";
	rules_set_learner(rs, NULL, NULL, NULL);
	rules_classify(rs, &in, &plain);
	assert_false(plain.defaulted);
	assert_string_not_equal(plain.depts[0], "ETHICS");
	rules_set_learner(rs, NULL, NULL, m);
	rules_classify(rs, &in, &with);
	assert_same_depts(&with, &plain);
	assert_non_null(why = learned_reason(&with));
	assert_non_null(strstr(why, "→ ETHICS (learned"));
	assert_non_null(strstr(why, "the rules stand"));

	/* calibration: the fallback is its floor, a threshold only when it does
	 * better on the rules' own leads too */
	{
		struct learn_example ex[] = { { "甲乙丙丁又来了", NULL, "ETHICS" } };
		int base;
		rules_set_learner(rs, NULL, NULL, NULL);
		assert_int_equal(learn_calibrate(rs, m, ex, 1, &base), 1);
		assert_int_equal(base, 0);
		assert_int_equal(learn_model_confident(m), LEARN_NEVER);
	}
	rules_free(rs);
	learn_model_free(m);
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_train_predict),
	      cmocka_unit_test(test_bytes),
	      cmocka_unit_test(test_refusals),
	      cmocka_unit_test(test_combine),
	      cmocka_unit_test(test_fallback))
