/* The learned model beside the keyword rules: the rules keep the hard cases, the model decides the lead where they are weak or silent. */
#include "core/learn.h"
#include "rules_priv.h"

#include <libintl.h>
#include <stdio.h>

#define R_(s) dgettext("cdesk", s)

void rules_set_learner(struct ruleset *rs, const struct learn_model *(*get)(void *ctx),
		       void *ctx, const struct learn_model *direct)
{
	rs->learn_get = get;
	rs->learn_ctx = ctx;
	rs->learn_model = direct;
	rs->learn_asked = direct != NULL || get == NULL;
}

void rules_set_learn_fallback(struct ruleset *rs, int permille)
{
	rs->learn_fallback = permille;
}

int rules_learn_fallback(const struct ruleset *rs)
{
	return rs->learn_fallback > 0 ? rs->learn_fallback : LEARN_FALLBACK_DEFAULT;
}

/* The attached model, asking the loader once (the ruleset's cache is not
 * part of its value: a const ruleset may still load it). */
const struct learn_model *rules_learner(const struct ruleset *rs)
{
	struct ruleset *w = (struct ruleset *)rs;

	if (!rs->learn_asked) {
		w->learn_asked = true;
		w->learn_model = rs->learn_get ? rs->learn_get(rs->learn_ctx) : NULL;
	}
	return rs->learn_model;
}

static void reason(const struct ruleset *rs, struct rule_suggestion *out, const char *fmt,
		   const char *why,
		   const char *code, double prob)
{
	struct rule_reason *r;
	const struct department *d;

	/* as the other reasons: Chinese names when they speak Chinese */
	if (strcmp(R_("reasons-show:code"), "name") == 0 && (d = rules_dept_find(rs, code)))
		code = d->name_zh;
	if (out->nreasons >= RULES_MAX_REASONS)
		return;
	r = &out->reasons[out->nreasons++];
	snprintf(r->part, sizeof r->part, "dept");
	snprintf(r->rule, sizeof r->rule, "learned");
	snprintf(r->detail, sizeof r->detail, fmt, why, code, prob * 100);
}

/* No rule named a department: the model leads from the fallback threshold
 * (or the calibrated one when lower), the default office second. */
static void fallback(const struct ruleset *rs, const struct learn_model *m,
		     const struct learn_prediction *p, const char *code,
		     struct rule_suggestion *out)
{
	int need = rules_learn_fallback(rs);

	if (learn_model_confident(m) < need)
		need = learn_model_confident(m);
	if (p->prob * 1000 < need) {
		reason(rs, out, R_("%s → %s (learned, %.0f%%: unsure, the rules stand)"), p->why,
		       code, p->prob);
		return;
	}
	/* the default office is not kept beside it: no rule named it, and a
	 * second department would make this a multi-department case (its reply
	 * due in 10 working days, not 5) on no evidence */
	strlcpy_(out->depts[0], code, RULES_CODE_MAX);
	out->defaulted = false;
	reason(rs, out, R_("%s → %s (learned, %.0f%%: no rule named a department)"), p->why, code,
	       p->prob);
}

void learn_combine(const struct ruleset *rs, const struct learn_model *m,
		   const char *folded, const int *score, int strongest,
		   struct rule_suggestion *out)
{
	struct learn_prediction p;
	const char *code;
	int at = -1;

	learn_predict_folded(m, folded, strlen(folded), &p);
	if (p.cls < 0)
		return;
	code = learn_model_class(m, p.cls);
	if (!rules_dept_find(rs, code))
		return;                 /* a department rules.ini no longer has */
	for (int i = 0; i < out->ndepts; i++)
		if (strcmp(out->depts[i], code) == 0)
			at = i;
	if (at == 0) {
		reason(rs, out, R_("%s → %s (learned, %.0f%%: the rules agree)"), p.why, code, p.prob);
		return;
	}
	if (out->defaulted) {
		fallback(rs, m, &p, code, out);
		return;
	}
	if (learn_model_confident(m) > 1000) {
		reason(rs, out, R_("%s → %s (learned, %.0f%%: it did no better than the rules on "
				   "this office's cases, the rules stand)"), p.why, code, p.prob);
		return;
	}
	if (p.prob * 1000 < learn_model_confident(m)) {
		reason(rs, out, R_("%s → %s (learned, %.0f%%: unsure, the rules stand)"), p.why, code,
		       p.prob);
		return;
	}
	/* A rule named a lead: the model may only reorder the rules' own
	 * departments, never bring in one no rule saw. */
	if (!out->defaulted && at < 0) {
		reason(rs, out, R_("%s → %s (learned, %.0f%%: no rule names it, the rules stand)"),
		       p.why, code, p.prob);
		return;
	}
	if (!out->defaulted && strongest >= LEARN_STRONG_WEIGHT) {
		reason(rs, out, R_("%s → %s (learned, %.0f%%: a strong rule names the lead, it stands)"),
		       p.why, code, p.prob);
		return;
	}
	if (!out->defaulted && 100 * score[rules_dept_find(rs, code) - rs->depts] <
			       LEARN_CLOSE_SHARE * score[rules_dept_find(rs, out->depts[0]) - rs->depts]) {
		reason(rs, out,
		       R_("%s → %s (learned, %.0f%%: the rules' lead scores clearly more, it stands)"),
		       p.why, code, p.prob);
		return;
	}
	if (at > 0) {
		char keep[RULES_CODE_MAX];
		memcpy(keep, out->depts[at], RULES_CODE_MAX);
		memmove(out->depts[1], out->depts[0], (size_t)at * RULES_CODE_MAX);
		memcpy(out->depts[0], keep, RULES_CODE_MAX);
	} else {
		strlcpy_(out->depts[0], code, RULES_CODE_MAX);
	}
	out->defaulted = false;
	reason(rs, out, R_("%s → %s (learned, %.0f%%: leads)"), p.why, code, p.prob);
}

/* Lead first on ex with the rules alone (m NULL) or with m. */
static int lead_first(const struct ruleset *rs, const struct learn_model *m,
		      const struct learn_example *ex, int n)
{
	struct ruleset *w = (struct ruleset *)rs;
	const struct learn_model *(*get)(void *) = rs->learn_get;
	void *ctx = rs->learn_ctx;
	const struct learn_model *had = rs->learn_model;
	bool asked = rs->learn_asked;
	struct rule_suggestion s;
	int right = 0;

	w->learn_get = NULL;
	w->learn_model = m;
	w->learn_asked = true;
	for (int i = 0; i < n; i++) {
		struct rule_input in = { .text = ex[i].text, .demand = ex[i].demand, .channel = -1 };
		rules_classify(rs, &in, &s);
		right += strcmp(s.depts[0], ex[i].dept) == 0;
	}
	w->learn_get = get;
	w->learn_ctx = ctx;
	w->learn_model = had;
	w->learn_asked = asked;
	return right;
}

int learn_calibrate(const struct ruleset *rs, struct learn_model *m,
		    const struct learn_example *ex, int n, int *base)
{
	static const int steps[] = { 950, 900, 800, 700, 600, 500 };
	int best, pick = LEARN_NEVER;

	*base = lead_first(rs, NULL, ex, n);
	/* the model where no rule names a department is the floor: a threshold
	 * is taken only when it does better on the rules' own leads too */
	learn_model_set_confident(m, LEARN_NEVER);
	best = lead_first(rs, m, ex, n);
	/* from the most careful down; a lower one only when it does better */
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		int right;
		learn_model_set_confident(m, steps[i]);
		if ((right = lead_first(rs, m, ex, n)) > best) {
			best = right;
			pick = steps[i];
		}
	}
	learn_model_set_confident(m, pick);
	return best;
}
