/* Unit tests of the text module: UTF-8 validation, field checks, display width. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

static void test_utf8_valid(void **state)
{
	static const struct { const char *s; int ok; } rows[] = {
		{ "", 1 }, { "abc", 1 }, { "护士态度差", 1 }, { "繁體字", 1 }, { "😀", 1 },
		{ "\xff", 0 }, { "\xc0\xaf", 0 },            /* overlong '/' */
		{ "\xed\xa0\x80", 0 },                        /* surrogate */
		{ "\xe6\x8a", 0 },                            /* truncated 护 */
		{ "\xf4\x90\x80\x80", 0 },                    /* above U+10FFFF */
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(text_utf8_valid(rows[i].s, strlen(rows[i].s)), rows[i].ok);
}

static void test_check_field(void **state)
{
	struct err err = { 0 };
	(void)state;
	assert_int_equal(text_check_field("text", "患者说:\n护士态度差", 0, true, &err), 0);
	assert_refused(text_check_field("name", "张三\n", 0, false, &err), ERR_USAGE, err, "name");
	assert_refused(text_check_field("text", "a\x1b[31mred", 0, true, &err), ERR_USAGE, err, "U+001B");
	assert_refused(text_check_field("text", "ok\xff", 0, true, &err), ERR_USAGE, err, "invalid UTF-8");
	assert_refused(text_check_field("name", "张三丰", 2, false, &err), ERR_USAGE, err, "at most 2");
	assert_int_equal(text_check_field("name", "张三", 2, false, &err), 0);
}

static void test_width_and_fit(void **state)
{
	char *s;
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("心内科"), 6);
	assert_int_equal(text_width("A护士"), 5);
	assert_int_equal(text_width("\x1b"), 4);   /* shown as \x1b */
	s = text_fit("心内科门诊", 5, false);       /* never half a character */
	assert_string_equal(s, "心内");
	free(s);
	s = text_fit("心内科", 7, true);
	assert_string_equal(s, "心内科 ");
	free(s);
	s = text_fit("a\x1b[2Jb", 20, false);
	assert_string_equal(s, "a\\x1b[2Jb");
	free(s);
	s = text_sanitize("x\xffy\n");
	assert_string_equal(s, "x\\xffy\\n");
	free(s);
	assert_int_equal(text_chars("护士ab"), 4);
}

/* ASCII copied in runs (text.c): a run is cut where the columns end, and
 * flushed before an escape or a wide character, in order. */
static void test_fit_runs(void **state)
{
	static const struct {
		const char *in;
		int cols;
		const char *out;
		size_t bytes;           /* of in, taken (text_fit_bytes) */
	} cases[] = {
		{ "ab\x1b" "cd", 4, "ab", 2 },                 /* the escape does not fit */
		{ "ab\x1b" "cdef", 8, "ab\\x1bcd", 5 },       /* cut in the run after it */
		{ "ab心cd", 4, "ab心", 5 },
		{ "ab心cd", 3, "ab", 2 },                       /* never half a character */
		{ "ab心cd", 5, "ab心c", 6 },
		{ "\x1b" "\x1b" "z", 9, "\\x1b\\x1bz", 3 },
		{ "plain ascii", 5, "plain", 5 },
		{ "", 3, "", 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = text_fit(cases[i].in, cases[i].cols, false);
		assert_string_equal(s, cases[i].out);
		assert_int_equal(text_fit_bytes(cases[i].in, cases[i].cols), cases[i].bytes);
		free(s);
	}
	assert_int_equal(text_width("ab\x1b" "cd心"), 10);
}

/* text_fit_append: what text_fit gives, after what out held, and its width. */
static void test_fit_append(void **state)
{
	static const struct { const char *in; int cols; } cases[] = {
		{ "ab\x1b" "cdef", 8 }, { "ab心cd", 3 }, { "心内科门诊", 5 }, { "plain", 9 },
		{ "x\xffy\n", 20 }, { "", 3 }, { "护士", 0 },
	};
	struct sbuf b = { 0 };
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = text_fit(cases[i].in, cases[i].cols, false);
		sbuf_free(&b);
		sbuf_add(&b, "前|");
		assert_int_equal(text_fit_append(&b, cases[i].in, cases[i].cols), text_width(s));
		assert_string_equal(b.s + strlen("前|"), s);
		assert_memory_equal(b.s, "前|", strlen("前|"));
		free(s);
	}
	sbuf_free(&b);
	/* into an empty buffer: a string, even of nothing */
	assert_int_equal(text_fit_append(&b, "", 4), 0);
	assert_non_null(b.s);
	assert_string_equal(b.s, "");
	sbuf_free(&b);
}

/* util_hash is FNV-1a (its published value of "a"), cut at max bytes; a
 * hindex finds every item after growing from 4 slots to 4096, and its probe
 * meets the items of one hash in the order they were added. */
static void test_hindex(void **state)
{
	struct hindex x = { 0 };
	uint32_t hashes[1500];
	int i, n = 0;
	(void)state;

	assert_int_equal(util_hash("a", SIZE_MAX), 0xe40c292cu);
	assert_int_equal(util_hash("ab", 1), util_hash("a", SIZE_MAX));
	for (int k = 0; k < 1500; k++) {
		/* every tenth item shares hash 7 */
		hashes[k] = k % 10 == 0 ? 7u : util_hash((const char *)&k, sizeof k);
		hindex_reserve(&x, n, 4);
		for (i = hindex_first(&x, hashes[k]); x.v[i].item; i = hindex_next(&x, i))
			;
		x.v[i] = (struct hindex_slot){ hashes[k], ++n };
	}
	assert_true(x.size >= 2 * 1500);
	for (int k = 0; k < 1500; k++) {
		for (i = hindex_first(&x, hashes[k]); x.v[i].item != k + 1; i = hindex_next(&x, i))
			assert_int_not_equal(x.v[i].item, 0);
	}
	/* the items of hash 7: 0, 10, 20 … in that order */
	n = 0;
	for (i = hindex_first(&x, 7u); x.v[i].item; i = hindex_next(&x, i))
		if (x.v[i].hash == 7u) {
			assert_int_equal(x.v[i].item - 1, n * 10);
			n++;
		}
	assert_int_equal(n, 150);
	hindex_free(&x);
}

TESTUTIL_MAIN(testutil_setup_locale, NULL,
	      cmocka_unit_test(test_utf8_valid),
	      cmocka_unit_test(test_check_field),
	      cmocka_unit_test(test_width_and_fit),
	      cmocka_unit_test(test_fit_runs),
	      cmocka_unit_test(test_fit_append),
	      cmocka_unit_test(test_hindex))
