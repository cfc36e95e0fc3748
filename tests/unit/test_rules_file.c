/* The rule module on small rule files written by the test: ties, malformed
 * files (refused with file:line), the keyword rules parsed on first use (the
 * default rules: tests/unit/test_rules.c). */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rules.h"
#include "core/util.h"

/* ---------- ties, on a small file ---------- */

static const char *base_lines[] = {
	"[settings]",                                   /* 1 */
	"default_dept = COMPLAINT",                     /* 2 */
	"default_category = other",                     /* 3 */
	"cutoff = 17:30",                               /* 4 */
	"claim_threshold_yuan = 10000",                 /* 5 */
	"duplicate_days = 30",                          /* 6 */
	"review_days = 10",                             /* 7 */
	"[dept:complaint]",                             /* 8 */
	"name_zh = 投诉科",                             /* 9 */
	"[dept:nursing]",                               /* 10 */
	"name_zh = 护理部",                             /* 11 */
	"[dept:billing]",                               /* 12 */
	"name_zh = 稽核科",                             /* 13 */
	"[category:other]",                             /* 14 */
	"name_zh = 其他",                               /* 15 */
	"[class:simple]",                               /* 16 */
	"reply_days = 0",                               /* 17 */
	"feedback_days = 0",                            /* 18 */
	"approval = office_head",                       /* 19 */
	"[class:general]",                              /* 20 */
	"reply_days = 5",                               /* 21 */
	"reply_days_multi = 10",                        /* 22 */
	"feedback_days = 3",                            /* 23 */
	"approval = office_proofread, supervisor",      /* 24 */
	"[class:important]",                            /* 25 */
	"reply_days = 10",                              /* 26 */
	"feedback_days = 7",                            /* 27 */
	"approval = office_proofread, hospital_office, supervisor", /* 28 */
	"[class:emergency]",                            /* 29 */
	"hours = 2",                                    /* 30 */
	"feedback_hours = 2",                           /* 31 */
	"approval = office_head",                       /* 32 */
	"[rule:nurse]",                                 /* 33 */
	"keywords = 护士",                              /* 34 */
	"weight = 3",                                   /* 35 */
	"dept = NURSING",                               /* 36 */
};
#define NBASE ((int)N_ROWS(base_lines))

/* Writes the base file with line `line` replaced by repl (NULL: kept), then extra. */
static char *write_rules(int line, const char *repl, const char *extra)
{
	char *path = xstrdup("/tmp/cdesk-rules-XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (int i = 0; i < NBASE; i++)
		fprintf(f, "%s\n", i + 1 == line ? repl : base_lines[i]);
	if (extra)
		fputs(extra, f);
	fclose(f);
	return path;
}

static struct ruleset *load_small(const char *extra)
{
	struct ruleset *r = NULL;
	struct err e = { 0 };
	char *path = write_rules(0, NULL, extra);

	if (rules_load(path, &r, &e))
		fail_msg("%s", e.msg);
	unlink(path);
	free(path);
	return r;
}

static void test_ties(void **state)
{
	struct ruleset *r;
	struct rule_input in = { 0 };
	struct rule_suggestion s;

	(void)state;
	in.channel = -1;
	/* Equal scores, equal strongest rules: the department listed first leads. */
	r = load_small("[rule:fee]\nkeywords = 收费\nweight = 3\ndept = BILLING\n");
	in.text = "护士收费";
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "NURSING");
	assert_int_equal(s.ndepts, 2);
	assert_string_equal(s.depts[1], "BILLING");
	assert_true(testutil_fired(&s, "tie"));
	in.text = "收费护士";     /* order in the text does not matter */
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "NURSING");
	rules_free(r);

	/* Equal scores: the stronger single rule wins (4 > 3). */
	r = load_small("[rule:fee]\nkeywords = 收费\nweight = 4\ndept = BILLING\n"
		       "[rule:attitude]\nkeywords = 态度\nweight = 1\ndept = NURSING\n");
	in.text = "护士态度和收费";
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "BILLING");
	assert_string_equal(s.depts[1], "NURSING");
	rules_free(r);

	/* Below the co-department share: one department only. */
	r = load_small("[rule:fee]\nkeywords = 收费\nweight = 1\ndept = BILLING\n");
	in.text = "护士收费";
	rules_classify(r, &in, &s);
	assert_int_equal(s.ndepts, 1);
	assert_string_equal(s.depts[0], "NURSING");
	rules_free(r);

	/* requires / unless / a+b combinations, sentence by sentence. */
	r = load_small("[rule:fee]\nkeywords = 收费+贵\nunless = 停车\nweight = 5\ndept = BILLING\n");
	in.text = "收费太贵";
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "BILLING");
	in.text = "收费。太贵";
	rules_classify(r, &in, &s);
	assert_true(s.defaulted);
	in.text = "停车收费太贵";
	rules_classify(r, &in, &s);
	assert_true(s.defaulted);
	rules_free(r);

	/* A rule limited to channels fires only for cases from them. */
	r = load_small("[rule:phone]\nkeywords = 收费\nchannels = phone, 来信\nweight = 5\n"
		       "dept = BILLING\n");
	in.text = "收费";
	in.channel = CHANNEL_VISIT;
	rules_classify(r, &in, &s);
	assert_true(s.defaulted);
	in.channel = -1;
	rules_classify(r, &in, &s);
	assert_true(s.defaulted);
	in.channel = CHANNEL_PHONE;
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "BILLING");
	in.channel = CHANNEL_LETTER;
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "BILLING");
	rules_free(r);
}

/* A not-accepted suggestion: the first rule in file order that fires with a
 * reason gives it, with the words it matched; none fires, none is given. */
static void test_not_accepted(void **state)
{
	struct ruleset *r;
	struct rule_input in = { .channel = -1 };
	struct rule_suggestion s;
	int n = 0;

	(void)state;
	r = load_small("[rule:court]\nkeywords = 起诉\nnot_accepted = in court\n"
		       "[rule:police]\nkeywords = 报警\nnot_accepted = with the police\n");
	in.text = "我报警了，也起诉了";
	rules_classify(r, &in, &s);
	assert_string_equal(s.not_accepted, "in court");
	for (int i = 0; i < s.nreasons; i++)
		if (!strcmp(s.reasons[i].part, "accept")) {
			assert_string_equal(s.reasons[i].rule, "court");
			assert_non_null(strstr(s.reasons[i].detail, "起诉 → "));
			assert_non_null(strstr(s.reasons[i].detail, "in court"));
			n++;
		}
	assert_int_equal(n, 1);
	in.text = "我报警了";
	rules_classify(r, &in, &s);
	assert_string_equal(s.not_accepted, "with the police");
	assert_true(testutil_fired(&s, "police"));
	in.text = "护士态度差";
	rules_classify(r, &in, &s);
	assert_string_equal(s.not_accepted, "");
	assert_false(testutil_fired(&s, "court"));
	rules_free(r);
}

/* ---------- malformed files ---------- */

struct bad_case {
	int line;               /* base line replaced (0: none) */
	const char *repl;
	const char *extra;      /* appended */
	const char *want;       /* after "path" in the message */
	bool lazy;              /* a keyword rule's: rules_keywords reports it, not rules_load */
};

static const struct bad_case bad_cases[] = {
	{ 35, "weight = abc", NULL, ":35: [rule:nurse] weight: 'abc' is not a whole number", true },
	{ 35, "weight = 0", NULL, ":35: [rule:nurse] weight: 0 is out of range", true },
	{ 35, "weight 3", NULL, ":35: syntax error", false },
	{ 36, "dept = NOSUCH", NULL, ":36: [rule:nurse] dept: unknown department 'NOSUCH'", true },
	{ 0, NULL, "category = nosuch\n", ":37: [rule:nurse] category: unknown category", true },
	{ 0, NULL, "colour = red\n", ":37: [rule:nurse] colour: unknown key", false },
	{ 0, NULL, "flag = famous\n", ":37: [rule:nurse] flag: unknown flag 'famous'", true },
	{ 0, NULL, "class = urgent\n", ":37: [rule:nurse] class: unknown class 'urgent'", true },
	{ 0, NULL, "kind = gossip\n", ":37: [rule:nurse] kind: unknown kind 'gossip'", true },
	{ 0, NULL, "channels = pigeon\n", ":37: [rule:nurse] channels: unknown channel", true },
	{ 34, "keywords = 护士,,态度", NULL, ":34: [rule:nurse] keywords: empty keyword", true },
	{ 34, "keywords = a+b+c+d", NULL, ":34: [rule:nurse] keywords: 'a+b+c+d' combines more", true },
	{ 34, "; no keywords", NULL, ":33: [rule:nurse] keywords: missing", true },
	{ 0, NULL, "[rule:noop]\nkeywords = x\n", ":37: [rule:noop]: the rule does nothing", true },
	{ 0, NULL, "[rule:nurse]\n", ":37: [rule:nurse]: rule defined twice", true },
	{ 0, NULL, "[colour]\n", ":37: [colour]: unknown section", false },
	{ 0, NULL, "[rule:]\n", ":37: [rule:]: the section needs a name", false },
	{ 4, "cutoff = 25:00", NULL, ":4: [settings] cutoff:", false },
	{ 4, "cutoff = soon", NULL, ":4: [settings] cutoff:", false },
	{ 2, "default_dept = NOSUCH", NULL, ":2: [settings] default_dept: unknown department", false },
	{ 5, "claim_threshold_yuan = -5", NULL, ":5: [settings] claim_threshold_yuan: -5 is out", false },
	{ 5, "claim_threshold_yuan = 1万", NULL, ":5: [settings] claim_threshold_yuan: '1万' is", false },
	{ 7, "; no review", NULL, ":1: [settings] review_days: missing", false },
	{ 21, "; no reply days", NULL, ":20: [class:general]: missing deadline", false },
	{ 23, "; no feedback", NULL, ":20: [class:general] feedback_days: missing", false },
	{ 21, "reply_days = 100", NULL, ":21: [class:general] reply_days: 100 is out of range", false },
	{ 30, "reply_days = 1\nhours = 2", NULL, ":31: [class:emergency] hours: give either", false },
	{ 29, "[class:urgent]", NULL, ":29: [class:urgent]: unknown class 'urgent'", false },
	{ 19, "approval = Office Head", NULL, ":19: [class:simple] approval: 'Office Head' is not", false },
	{ 32, "approval =", NULL, ":32: [class:emergency] approval: missing", false },
	{ 13, "name_zh = 护理部", NULL, ":13: [dept:billing] name_zh: '护理部' is already", false },
	{ 12, "[dept:bad code]", NULL, ":12: [dept:bad code]: department code 'bad code'", false },
	{ 0, NULL, "[kind:rumour]\n", ":37: [kind:rumour]: unknown kind 'rumour'", false },
	{ 0, NULL, "[category:x]\n", ":37: [category:x] name_zh: missing", false },
	{ 0, NULL, "[approvers]\nnosuch = officer\n", ":38: [approvers] nosuch: no approval chain", false },
	{ 0, NULL, "[approvers]\noffice_head = boss\n", ":38: [approvers] office_head: unknown role 'boss'", false },
	{ 0, NULL, "[approvers]\nhospital_office = handler:NOSUCH\n",
	  ":38: [approvers] hospital_office: unknown department 'NOSUCH'", false },
	{ 0, NULL, "[approvers]\nsupervisor = officer:NURSING\n",
	  ":38: [approvers] supervisor: only a handler names a department", false },
};

static void test_malformed(void **state)
{
	struct ruleset *sentinel = (struct ruleset *)&sentinel, *out;
	struct err e;

	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_cases); i++) {
		const struct bad_case *b = &bad_cases[i];
		char *path = write_rules(b->line, b->repl, b->extra), *want;
		int rc;

		memset(&e, 0, sizeof e);
		out = sentinel;
		rc = rules_load(path, &out, &e);
		want = xasprintf("%s%s", path, b->want);
		if (b->lazy) {
			/* loads (list, show and search need no keyword rule), then the
			 * first classifying call says what is wrong, and every later one */
			if (rc != 0 || out == sentinel)
				fail_msg("case %zu: rules_load rc %d '%s', expected 0", i, rc, e.msg);
			assert_int_equal(rules_keyword_parses(out), 0);
			assert_true(rules_dept_count(out) > 0);
			for (int k = 0; k < 2; k++) {
				memset(&e, 0, sizeof e);
				rc = rules_keywords(out, &e);
				if (rc != ERR_DATA || strncmp(e.msg, want, strlen(want)) != 0)
					fail_msg("case %zu, call %d: rc %d, message '%s', expected "
						 "'%s…'", i, k + 1, rc, e.msg, want);
			}
			assert_int_equal(rules_keyword_parses(out), 1);
			rules_free(out);
		} else if (rc != ERR_DATA || out != sentinel ||
			   strncmp(e.msg, want, strlen(want)) != 0) {
			fail_msg("case %zu: rc %d, message '%s', expected '%s…'", i, rc, e.msg, want);
		}
		free(want);
		unlink(path);
		free(path);
	}
	/* A missing file. */
	out = sentinel;
	assert_int_equal(rules_load("/nonexistent/rules.ini", &out, &e), ERR_NOTFOUND);
	assert_ptr_equal(out, sentinel);
	/* The base itself loads. */
	out = load_small(NULL);
	assert_int_equal(rules_rule_count(out), 1);
	rules_free(out);
}

/* The keyword rules: parsed on the first classifying call, once. */
static void test_lazy_keywords(void **state)
{
	struct ruleset *r = load_small(NULL);
	struct rule_input in = { .text = "护士态度很差", .channel = -1 };
	struct rule_suggestion s;
	struct err e = { 0 };
	char *path;

	(void)state;
	/* what every command reads: no keyword rule parsed for it */
	assert_int_equal(rules_keyword_parses(r), 0);
	assert_non_null(rules_dept_find(r, "NURSING"));
	assert_int_equal(rules_settings(r)->review_days, 10);
	assert_int_equal(rules_keyword_parses(r), 0);
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "NURSING");
	assert_false(s.defaulted);
	assert_int_equal(rules_keyword_parses(r), 1);
	rules_classify(r, &in, &s);
	assert_string_equal(s.depts[0], "NURSING");
	assert_int_equal(rules_keywords(r, &e), 0);
	assert_int_equal(rules_rule_count(r), 1);
	assert_int_equal(rules_keyword_parses(r), 1);
	rules_free(r);
	/* a broken rule: the catalog loads, the first use reports it; a
	 * classification without a caller who asked sees no rule at all */
	path = write_rules(36, "dept = NOSUCH", NULL);
	assert_int_equal(rules_load(path, &r, &e), 0);
	rules_classify(r, &in, &s);
	assert_true(s.defaulted);
	assert_int_equal(rules_keyword_parses(r), 1);
	assert_int_equal(rules_keywords(r, &e), ERR_DATA);
	assert_non_null(strstr(e.msg, ":36: [rule:nurse] dept: unknown department 'NOSUCH'"));
	assert_int_equal(rules_rule_count(r), 0);
	assert_int_equal(rules_keyword_parses(r), 1);
	rules_free(r);
	unlink(path);
	free(path);
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_ties),
	      cmocka_unit_test(test_not_accepted),
	      cmocka_unit_test(test_malformed),
	      cmocka_unit_test(test_lazy_keywords))
