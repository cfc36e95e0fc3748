/* The line editor without a terminal: wide characters, cursor moves, scrolling, wrapping. */
#include "../unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "tui/lineedit.h"

/* Most tests start from an empty single-line editor with no limit. */
static int edit_new(void **state)
{
	struct lineedit *e = malloc(sizeof *e);

	if (!e)
		return -1;
	le_init(e, 0, false);
	*state = e;
	return 0;
}

static int edit_free(void **state)
{
	le_free(*state);
	free(*state);
	return 0;
}

static void expect_text(const struct lineedit *e, const char *want)
{
	char *s = le_get(e);
	assert_string_equal(s, want);
	free(s);
}

static void test_insert_chinese(void **state)
{
	struct lineedit *e = *state;
	le_set(e, "义勇军");
	assert_int_equal(e->len, 3);
	assert_int_equal(e->cur, 3);
	assert_int_equal(le_width(e, 0, e->len), 6);
	le_left(e);
	assert_true(le_insert(e, L'A'));
	expect_text(e, "义勇A军");
	le_home(e);
	assert_true(le_insert(e, 0x4e2d)); /* 中 */
	expect_text(e, "中义勇A军");
	assert_int_equal(e->cur, 1);
	le_end(e);
	assert_int_equal(e->cur, 5);
}

static void test_delete_by_character(void **state)
{
	struct lineedit *e = *state;
	le_set(e, "护士ab态度");
	assert_true(le_backspace(e));
	expect_text(e, "护士ab态");
	le_home(e);
	assert_false(le_backspace(e));
	assert_true(le_delete(e));
	expect_text(e, "士ab态");
	le_right(e);
	le_right(e);
	assert_true(le_kill_to_end(e));
	expect_text(e, "士a");
	le_end(e);
	assert_false(le_delete(e));
}

/* Ctrl-U: from the start of the cursor's line to the cursor, in a field
 * and in a multiline text (the line before stays). */
static void test_kill_to_start(void **state)
{
	struct lineedit *e = *state, m;
	le_set(e, "护士态度");
	assert_true(le_kill_to_start(e));
	expect_text(e, "");
	assert_false(le_kill_to_start(e));
	le_set(e, "护士ab态度");
	le_home(e);
	le_right(e);
	le_right(e);
	assert_true(le_kill_to_start(e));
	expect_text(e, "ab态度");
	assert_int_equal(e->cur, 0);
	le_init(&m, 0, true);
	le_set(&m, "第一行\n第二行");
	le_left(&m);
	assert_true(le_kill_to_start(&m));
	assert_int_equal(m.len, 5);
	assert_int_equal(m.cur, 4);
	le_end(&m);
	le_insert(&m, L'!');
	{
		char *t = wcs_to_utf8(m.buf, m.len);
		assert_string_equal(t, "第一行\n行!");
		free(t);
	}
	le_free(&m);
}

static void test_refuses_controls(void **state)
{
	struct lineedit *e = *state;
	assert_false(le_insert(e, 0x1b));
	assert_false(le_insert(e, L'\n'));
	assert_false(le_insert(e, 0x202e));
	assert_false(le_insert(e, 0x9b));
	assert_int_equal(le_insert_utf8(e, "a\x1b[31mb"), 6);
	expect_text(e, "a[31mb");
}

static void test_max_chars(void **state)
{
	struct lineedit e;
	(void)state;
	le_init(&e, 4, false);
	assert_int_equal(le_insert_utf8(&e, "一二三四五"), 4);
	expect_text(&e, "一二三四");
	assert_false(le_insert(&e, L'x'));
	le_free(&e);
}

static void test_invalid_utf8(void **state)
{
	struct lineedit *e = *state;
	char *s;
	le_set(e, "a\xff\xe4\xb8zb");
	s = le_get(e);
	assert_true(text_utf8_valid(s, strlen(s)));
	assert_string_equal(s, "a\xef\xbf\xbd\xef\xbf\xbdzb");
	free(s);
}

static void test_scroll_keeps_cursor_visible(void **state)
{
	struct lineedit *e = *state;
	int col;
	le_set(e, "一二三四五六七八九十"); /* 20 columns */
	col = le_view(e, 10);
	/* cursor at the end needs one column: 9 columns of text fit = 4 chars */
	assert_int_equal(e->scroll, 6);
	assert_int_equal(col, 8);
	assert_true(col < 10);
	assert_int_equal(le_visible_end(e, 10), 10);
	le_home(e);
	col = le_view(e, 10);
	assert_int_equal(e->scroll, 0);
	assert_int_equal(col, 0);
	assert_int_equal(le_visible_end(e, 10), 5);
	/* odd width: a wide char never straddles the edge */
	assert_int_equal(le_visible_end(e, 9), 4);
	for (int i = 0; i < 7; i++)
		le_right(e);
	col = le_view(e, 9);
	assert_true(col + 2 <= 9);
	assert_true(e->scroll > 0);
}

static void test_scroll_back_after_delete(void **state)
{
	struct lineedit *e = *state;
	le_set(e, "abcdefghijklmnop");
	le_view(e, 8);
	assert_true(e->scroll > 0);
	for (int i = 0; i < 12; i++)
		le_backspace(e);
	le_view(e, 8);
	assert_int_equal(e->scroll, 0);
}

static void test_wrap_multiline(void **state)
{
	struct lineedit e;
	struct le_row rows[8];
	int n, row, col;
	(void)state;
	le_init(&e, 0, true);
	le_set(&e, "护士态度很差ab\n多收费");
	/* width 7: "护士态" is 6 columns, "度" would make 8 */
	n = le_wrap(&e, 7, rows, 8);
	assert_int_equal(n, 4);
	assert_int_equal(rows[0].start, 0);
	assert_int_equal(rows[0].end, 3);
	assert_int_equal(rows[1].start, 3);
	assert_int_equal(rows[1].end, 7);     /* "度很差a" is exactly 7 */
	assert_int_equal(rows[2].start, 7);
	assert_int_equal(rows[2].end, 8);
	assert_int_equal(rows[3].start, 9);
	assert_int_equal(rows[3].end, 12);
	le_cursor_pos(&e, 7, &row, &col);
	assert_int_equal(row, 3);
	assert_int_equal(col, 6);
	assert_true(le_up(&e, 7));
	le_cursor_pos(&e, 7, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(e.cur, 8);   /* end of "b": nearest column */
	assert_int_equal(col, 1);
	assert_true(le_up(&e, 7));
	le_cursor_pos(&e, 7, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);     /* column 1 is inside "度": never mid-character */
	assert_int_equal(e.cur, 3);
	assert_true(le_up(&e, 7));
	assert_false(le_up(&e, 7));
	le_end(&e);  /* Home/End work on the logical line */
	assert_int_equal(e.cur, 8);
	assert_true(le_insert(&e, L'\n'));
	le_home(&e);
	assert_int_equal(e.cur, 9);
	le_scroll_to_cursor(&e, 7, 2);
	le_cursor_pos(&e, 7, &row, &col);
	assert_true((size_t)row >= e.scroll && (size_t)row < e.scroll + 2);
	le_free(&e);
}

static void test_utf8_roundtrip(void **state)
{
	const char *s = "TS2026-00042 张三 📋 ✓";
	wchar_t w[64];
	size_t n;
	char *back;
	(void)state;
	n = utf8_to_wcs(s, w, 64);
	back = wcs_to_utf8(w, n);
	assert_string_equal(back, s);
	free(back);
}

/* A test that starts from edit_new's editor. */
#define EDIT_TEST(t) cmocka_unit_test_setup_teardown(t, edit_new, edit_free)

TESTUTIL_MAIN(testutil_setup_locale, NULL,
	      EDIT_TEST(test_insert_chinese),
	      EDIT_TEST(test_delete_by_character),
	      EDIT_TEST(test_kill_to_start),
	      EDIT_TEST(test_refuses_controls),
	      cmocka_unit_test(test_max_chars),
	      EDIT_TEST(test_invalid_utf8),
	      EDIT_TEST(test_scroll_keeps_cursor_visible),
	      EDIT_TEST(test_scroll_back_after_delete),
	      cmocka_unit_test(test_wrap_multiline),
	      cmocka_unit_test(test_utf8_roundtrip))
