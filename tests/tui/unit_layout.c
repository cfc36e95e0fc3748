/* Layout without a terminal: columns of mixed Chinese and Latin text line up, cuts at display width. */
#include "../unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "tui/layout.h"

static void test_columns_share_spare(void **state)
{
	struct column c[3] = { { "a", 10, 0, false, 0 }, { "b", 5, 1, false, 0 },
			       { "c", 5, 3, false, 0 } };
	(void)state;
	assert_int_equal(layout_columns(c, 3, 40), 40);
	assert_int_equal(c[0].width, 10);
	assert_int_equal(c[1].width + c[2].width + 2 + 10, 40);
	assert_true(c[2].width > c[1].width);
	/* too narrow: minimums kept */
	assert_int_equal(layout_columns(c, 3, 10), 22);
	assert_int_equal(c[1].width, 5);
}

static void test_rows_line_up(void **state)
{
	struct column c[3] = { { "no", 12, 0, false, 0 }, { "name", 7, 0, false, 0 },
			       { "days", 4, 0, true, 0 } };
	const char *r1[] = { "TS2026-00001", "张三丰", "3" };
	const char *r2[] = { "TS2026-00002", "Li Lei", "-12" };
	const char *r3[] = { "TS2026-00003", "欧阳娜娜娜娜", "0" };   /* 12 cols, cut to 7 */
	char *a, *b, *d;
	(void)state;
	layout_columns(c, 3, 0);
	a = layout_row(c, 3, r1);
	b = layout_row(c, 3, r2);
	d = layout_row(c, 3, r3);
	assert_int_equal(text_width(a), 12 + 1 + 7 + 1 + 4);
	assert_int_equal(text_width(b), text_width(a));
	assert_int_equal(text_width(d), text_width(a));
	assert_string_equal(a, "TS2026-00001 张三丰  " "   3");
	assert_string_equal(b, "TS2026-00002 Li Lei  " " -12");
	/* 7 columns hold three wide characters and the "…" that says the name was
	 * cut, never half a character */
	assert_string_equal(d, "TS2026-00003 欧阳娜…" "    0");
	free(a);
	free(b);
	free(d);
}

static void test_escape_in_cells(void **state)
{
	struct column c[1] = { { "x", 10, 0, false, 0 } };
	const char *r[] = { "\x1b[2Jboom" };
	char *a;
	(void)state;
	layout_columns(c, 1, 0);
	a = layout_row(c, 1, r);
	assert_null(strchr(a, 0x1b));
	assert_int_equal(text_width(a), 10);
	assert_string_equal(a, "\\x1b[2Jbo…");
	free(a);
}

static void test_ellipsize(void **state)
{
	char *a = layout_ellipsize("心内科护士站", 7);
	char *b = layout_ellipsize("心内科", 7);
	char *d = layout_fit_right("12", 5);
	(void)state;
	assert_string_equal(a, "心内科…");
	assert_true(text_width(a) <= 7);
	assert_string_equal(b, "心内科");
	assert_string_equal(d, "   12");
	free(a);
	free(b);
	free(d);
}

/* A text, a width, and its lines (NULL after the last). */
static const struct wrap_case {
	const char *text;
	int width;
	const char *want[5];
} wrap_cases[] = {
	{ "护士态度很差ab\n多收费", 7, { "护士态", "度很差a", "b", "多收费" } },
	/* Latin words stay whole when a space allows it; Chinese breaks anywhere */
	{ "dept: 护士 → NURSING (weight 5)", 14, { "dept: 护士 → ", "NURSING ", "(weight 5)" } },
	{ "abcdefghijklmnop", 6, { "abcdef", "ghijkl", "mnop" } },
	{ "", 7, { "" } },
	/* no line begins with a closing mark (，。”）…) nor ends with an
	 * opening one (“（《): the character before goes down with it */
	{ "态度很不耐烦，说“这是规定，跟我说", 12, { "态度很不耐", "烦，说“这是", "规定，跟我说" } },
	{ "都没扎进去。”家属很气愤", 10, { "都没扎进", "去。”家属", "很气愤" } },
	{ "我说都没扎进。”家属", 14, { "我说都没扎", "进。”家属" } },
	{ "护士说“这是规定”", 8, { "护士说", "“这是规", "定”" } },
	/* a run of marks longer than half the line breaks anyway */
	{ "，，，，，，，，", 4, { "，，", "，，", "，，", "，，" } },
};

static void test_wrap(void **state)
{
	(void)state;
	for (size_t k = 0; k < N_ROWS(wrap_cases); k++) {
		const struct wrap_case *c = &wrap_cases[k];
		char *lines[8];
		int n = layout_wrap(c->text, c->width, lines, 8), want = 0;

		while (c->want[want])
			want++;
		assert_int_equal(n, want);
		for (int i = 0; i < n; i++) {
			assert_string_equal(lines[i], c->want[i]);
			free(lines[i]);
		}
	}
}

TESTUTIL_MAIN(testutil_setup_locale, NULL,
	      cmocka_unit_test(test_columns_share_spare),
	      cmocka_unit_test(test_rows_line_up),
	      cmocka_unit_test(test_escape_in_cells),
	      cmocka_unit_test(test_ellipsize),
	      cmocka_unit_test(test_wrap))
