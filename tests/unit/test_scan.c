/*
 * The keyword matcher (src/core/rules_scan.c) on a small rules file: one-,
 * two- and three-character keywords, keywords sharing their first
 * characters, ASCII words and numbers, "a+b" within one sentence, requires
 * and unless, stray bytes, four-byte characters and folded text. Each case
 * names the rules that must fire and those that must not.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rules.h"
#include "core/util.h"

static const char rules_text[] =
	TESTUTIL_RULES_HEAD
	/* one character; two sharing the first; three sharing the first two */
	"[rule:one]\nkeywords = 脏\nweight = 1\ndept = NURSING\n"
	"[rule:two]\nkeywords = 护士\nweight = 1\ndept = NURSING\n"
	"[rule:two-b]\nkeywords = 护工\nweight = 1\ndept = NURSING\n"
	"[rule:three]\nkeywords = 护士长\nweight = 1\ndept = NURSING\n"
	"[rule:pair]\nkeywords = 护士+态度\nweight = 1\ndept = NURSING\n"
	"[rule:req]\nkeywords = 床单\nrequires = 没换\nunless = 已经\nweight = 1\ndept = NURSING\n"
	"[rule:word]\nkeywords = nurse\nweight = 1\ndept = NURSING\n"
	"[rule:num]\nkeywords = 110\nweight = 1\ndept = NURSING\n"
	"[rule:emoji]\nkeywords = 😡+差\nweight = 1\ndept = NURSING\n"
	"[rule:trad]\nkeywords = 医院\nweight = 1\ndept = NURSING\n"
	/* each keyword of a rule leads to it, the last as the first */
	"[rule:multi]\nkeywords = 被子, 枕头, 褥子\nweight = 1\ndept = NURSING\n";

struct scan_case {
	const char *text;
	const char *fire;           /* space-separated rules that must fire */
	const char *quiet;          /* and rules that must not */
};

static const struct scan_case cases[] = {
	{ "病房很脏", "one", "two three" },
	{ "护士和护工都不在", "two two-b", "three one" },
	{ "护士长说", "two three", "two-b" },
	{ "护士的态度", "two pair", "" },
	{ "护士来了。态度很差", "two", "pair" },        /* a+b in two sentences */
	{ "护士来了;态度", "two", "pair" },
	{ "护士来了\n态度", "two", "pair" },
	{ "护士3.5态度", "pair", "" },                  /* a decimal point is no break */
	{ "床单一直没换", "req", "" },
	{ "床单", "", "req" },                          /* requires missing */
	{ "床单没换，已经换了", "", "req" },            /* unless in the sentence */
	{ "床单没换。已经换了", "req", "" },            /* unless in the next one */
	{ "the nurses were rude", "word", "" },
	{ "a nursery", "", "word" },
	{ "NURSE", "word", "" },                        /* folded to lower case */
	{ "ｎｕｒｓｅ", "word", "" },                    /* full-width folded */
	{ "打了110", "num", "" },
	{ "花了1100元", "", "num" },
	{ "服务😡太差", "emoji", "" },
	{ "\xE4护士\xA0态度", "two pair", "" },         /* stray bytes pass alone */
	{ "護士態度", "two pair", "" },                 /* traditional folded */
	{ "醫院", "trad", "" },
	{ "被子", "multi", "" },
	{ "枕头", "multi", "" },
	{ "褥子", "multi", "one" },
	{ "护", "", "two two-b three" },                /* a keyword cut at the end */
	{ "", "", "one two word num" },
};

static bool fired(const struct rule_suggestion *s, const char *rule, size_t n)
{
	for (int i = 0; i < s->nreasons; i++)
		if (strlen(s->reasons[i].rule) == n && strncmp(s->reasons[i].rule, rule, n) == 0)
			return true;
	return false;
}

/* Each space-separated rule of list fires (want) or does not. */
static void check(const struct scan_case *c, const struct rule_suggestion *s, const char *list,
		  bool want)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, " ");
		if (n && fired(s, p, n) != want)
			fail_msg("'%s': rule %.*s %s", c->text, (int)n, p,
				 want ? "should fire" : "should not fire");
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void test_scan(void **state)
{
	char path[] = "/tmp/cdesk-scan-XXXXXX";
	int fd = mkstemp(path);
	struct ruleset *rs = NULL;
	struct err e = { 0 };
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(rules_text, f);
	fclose(f);
	if (rules_load(path, &rs, &e))
		fail_msg("%s", e.msg);
	unlink(path);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rule_input in = { 0 };
		struct rule_suggestion s;

		in.text = cases[i].text;
		in.channel = -1;
		rules_classify(rs, &in, &s);
		check(&cases[i], &s, cases[i].fire, true);
		check(&cases[i], &s, cases[i].quiet, false);
	}
	rules_free(rs);
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_scan))
