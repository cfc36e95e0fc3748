/*
 * rules_classify's fast path (issue 12): no allocation for a text of
 * ordinary length (the per-text arrays live on its stack), the same answer
 * past the stack buffer (a text of 60 KB, a claim in it), a reason cut at a
 * character boundary as before, and the reasons' kept translations
 * following a change of language within one process.
 */
#include "testutil.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rules.h"
#include "core/text.h"
#include "core/util.h"

/*
 * Allocations counted while `counting`. Under AddressSanitizer its own
 * allocator calls a hook on every allocation; elsewhere this program's
 * malloc, calloc and realloc are glibc's behind a counter.
 */
static long allocs;
static bool counting;

#if defined(__SANITIZE_ADDRESS__)
int __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void *, size_t),
					      void (*on_free)(const volatile void *));

static void on_malloc(const volatile void *p, size_t n)
{
	(void)p;
	(void)n;
	allocs += counting;
}

static void on_free(const volatile void *p)
{
	(void)p;
}

static void count_allocs_start(void)
{
	if (!__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free))
		fail_msg("AddressSanitizer refused the allocation hooks");
}
#elif defined(__GLIBC__)
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

void *malloc(size_t n)
{
	allocs += counting;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	allocs += counting;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	allocs += counting;
	return __libc_realloc(p, n);
}

static void count_allocs_start(void)
{
}
#else
#error "test_classify_fast counts allocations through glibc or AddressSanitizer"
#endif

static struct ruleset *shipped;

static int setup(void **state)
{
	(void)state;
	return testutil_load_data(&shipped, NULL);
}

static int teardown(void **state)
{
	(void)state;
	rules_free(shipped);
	return 0;
}

static void classify(const struct ruleset *rs, const char *text, const char *demand,
		     struct rule_suggestion *s)
{
	struct rule_input in = { 0 };

	in.text = text;
	in.demand = demand;
	in.channel = -1;
	rules_classify(rs, &in, s);
}

/* Texts of every kind, with flags, a claim in the text and one in the demand. */
static void test_no_allocation(void **state)
{
	static const char *const texts[] = {
		"护士态度很差，打针的时候还骂人。",
		"医生收红包，要求退款5000元，否则找记者曝光。",
		"我想咨询一下住院押金怎么退。",
		"建议门诊多开几个挂号窗口。",
		"表扬心内科的王医生，认真负责。",
		"停车场收费太贵，保安态度恶劣，醉汉在急诊大厅闹事。",
		"Nurse was rude and the doctor asked for a red envelope.",
		"",
	};
	struct rule_suggestion s;

	(void)state;
	count_allocs_start();
	/* the first classification parses the keyword rules and opens the catalogue */
	classify(shipped, texts[0], NULL, &s);
	allocs = 0;
	counting = true;
	for (size_t i = 0; i < N_ROWS(texts); i++) {
		classify(shipped, texts[i], NULL, &s);
		classify(shipped, texts[i], "要求赔偿20000元并道歉", &s);
	}
	counting = false;
	assert_int_equal(allocs, 0);
}

/* A text past the stack buffer (and a claim read in it) gives the short text's answer. */
static void test_long_text(void **state)
{
	const char *head = "护士态度很差，", *tail = "要求赔偿5000元。";
	size_t filler = 20000, n = strlen(head) + 3 * filler + strlen(tail) + 1;
	char *text = malloc(n), *p = text;
	char *short_text = xasprintf("%s%s", head, tail);
	struct rule_suggestion a, b;

	(void)state;
	p += sprintf(p, "%s", head);
	for (size_t i = 0; i < filler; i++)
		p += sprintf(p, "的");
	sprintf(p, "%s", tail);
	classify(shipped, short_text, "我要投诉", &a);
	classify(shipped, text, "我要投诉", &b);
	assert_string_equal(a.depts[0], b.depts[0]);
	assert_int_equal(a.ndepts, b.ndepts);
	assert_int_equal(a.claim_fen, 500000);
	assert_int_equal(b.claim_fen, a.claim_fen);
	assert_int_equal((int)b.flags, (int)a.flags);
	assert_int_equal(a.nreasons, b.nreasons);
	for (int i = 0; i < a.nreasons; i++) {
		assert_string_equal(a.reasons[i].part, b.reasons[i].part);
		assert_string_equal(a.reasons[i].rule, b.reasons[i].rule);
		if (strcmp(a.reasons[i].part, "claim") != 0)  /* it quotes the text */
			assert_string_equal(a.reasons[i].detail, b.reasons[i].detail);
	}
	free(text);
	free(short_text);
}

/* Twelve keywords of ten characters all found: the reason is cut after a whole character, with "…". */
static void test_reason_cut(void **state)
{
	static const char rules_fmt[] =
		TESTUTIL_RULES_HEAD
		"[rule:long]\nkeywords = %s\nweight = 1\ndept = NURSING\n";
	static const char *const digits[] = { "一", "二", "三", "四", "五", "六",
					      "七", "八", "九", "十", "百", "千" };
	char path[] = "/tmp/cdesk-classify-fast-XXXXXX";
	char kws[1024] = "", text[1024] = "", words[1024] = "", full[1200], want[208];
	struct ruleset *rs = NULL;
	struct rule_suggestion s;
	struct err e = { 0 };
	const struct rule_reason *r = NULL;
	size_t room;
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	for (size_t i = 0; i < N_ROWS(digits); i++) {
		char kw[64] = "";
		for (int k = 0; k < 9; k++)
			strcat(kw, "护");
		strcat(kw, digits[i]);
		snprintf(kws + strlen(kws), sizeof kws - strlen(kws), "%s%s", i ? ", " : "", kw);
		snprintf(words + strlen(words), sizeof words - strlen(words), "%s%s", i ? ", " : "",
			 kw);
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s。", kw);
	}
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, rules_fmt, kws);
	fclose(f);
	if (rules_load(path, &rs, &e))
		fail_msg("%s", e.msg);
	unlink(path);
	classify(rs, text, NULL, &s);
	for (int i = 0; i < s.nreasons; i++)
		if (strcmp(s.reasons[i].rule, "long") == 0)
			r = &s.reasons[i];
	assert_non_null(r);
	snprintf(full, sizeof full, "%s → NURSING (weight 1)", words);
	assert_true(strlen(full) >= sizeof want);
	room = sizeof want - 1 - 3;
	while (room > 0 && ((unsigned char)full[room] & 0xC0) == 0x80)
		room--;
	memcpy(want, full, room);
	memcpy(want + room, "…", 4);
	assert_string_equal(r->detail, want);
	assert_true(text_utf8_valid(r->detail, strlen(r->detail)));
	rules_free(rs);
}

/* The reason of the nursing rule for a text, or "" . */
static const char *nursing_reason(struct rule_suggestion *s)
{
	classify(shipped, "护士态度很差，打针的时候还骂人。", NULL, s);
	for (int i = 0; i < s->nreasons; i++)
		if (strcmp(s->reasons[i].part, "dept") == 0)
			return s->reasons[i].detail;
	return "";
}

#ifdef __GLIBC__
extern int _nl_msg_cat_cntr;
#endif

/*
 * LANGUAGE changed at run time: glibc's own lookup keeps its answers until
 * told, by the counter the gettext manual says to bump ("Changing the
 * language at run time").
 */
static void set_language(const char *language)
{
	setenv("LANGUAGE", language, 1);
#ifdef __GLIBC__
	++_nl_msg_cat_cntr;
#endif
}

/* The kept translations follow setlocale and LANGUAGE within one process. */
static void test_language_change(void **state)
{
	char exe[PATH_MAX], *slash, dir[PATH_MAX + 16], mo[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct rule_suggestion s;
	const char *old_language = getenv("LANGUAGE");
	char *keep_language = old_language ? xstrdup(old_language) : NULL;

	(void)state;
#ifndef __GLIBC__
	skip();
#endif
	if (n <= 0)
		skip();
	exe[n] = '\0';
	/* build/tests/test_classify_fast → build/locale */
	if (!(slash = strrchr(exe, '/')))
		skip();
	*slash = '\0';
	if (!(slash = strrchr(exe, '/')))
		skip();
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/locale", exe);
	snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/cdesk.mo", dir);
	if (access(mo, R_OK) != 0 || !setlocale(LC_ALL, "C.UTF-8"))
		skip();
	bindtextdomain("cdesk", dir);
	unsetenv("LANGUAGE");
	assert_non_null(strstr(nursing_reason(&s), "→ NURSING (weight"));
	if (!setlocale(LC_MESSAGES, "zh_CN.UTF-8"))
		skip();
	assert_non_null(strstr(nursing_reason(&s), "护理部"));
	set_language("en");
	assert_non_null(strstr(nursing_reason(&s), "→ NURSING (weight"));
	set_language("zh_CN");
	assert_non_null(strstr(nursing_reason(&s), "护理部"));
	setlocale(LC_MESSAGES, "C.UTF-8");
	unsetenv("LANGUAGE");
	assert_non_null(strstr(nursing_reason(&s), "→ NURSING (weight"));
	if (keep_language)
		setenv("LANGUAGE", keep_language, 1);
	free(keep_language);
	setlocale(LC_ALL, "C");
}

TESTUTIL_MAIN(setup, teardown,
	      cmocka_unit_test(test_no_allocation),
	      cmocka_unit_test(test_long_text),
	      cmocka_unit_test(test_reason_cut),
	      cmocka_unit_test(test_language_change))
