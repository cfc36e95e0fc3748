/* The key table without a terminal: modes, screen keys before global ones, key names. */
#include "../unit/testutil.h"

#include <string.h>

#include "tui/screen.h"

static struct key_event ch(wint_t c)
{
	struct key_event ev = { c, false, -1, -1 };
	return ev;
}

static struct key_event fk(int k)
{
	struct key_event ev = { (wint_t)k, true, -1, -1 };
	return ev;
}

static void test_letters_are_commands_only_in_lists(void **state)
{
	struct screen list = { 0 }, form = { 0 };
	struct key_event q = ch('q'), n = ch('n'), slash = ch('/'), tab = ch('\t');
	struct key_event f10 = fk(KEY_F(10)), f2 = fk(KEY_F(2)), zh = ch(0x62a4); /* 护 */
	(void)state;
	list.mode = KM_LIST;
	form.mode = KM_TEXT;
	assert_int_equal(keys_lookup(&list, &q), ACT_QUIT);
	assert_int_equal(keys_lookup(&form, &q), ACT_NONE);
	assert_int_equal(keys_lookup(&list, &n), ACT_NEW);
	assert_int_equal(keys_lookup(&form, &n), ACT_NONE);
	assert_int_equal(keys_lookup(&list, &slash), ACT_SEARCH);
	assert_int_equal(keys_lookup(&list, &tab), ACT_QUEUES);
	assert_int_equal(keys_lookup(&form, &tab), ACT_NEXT_FIELD);
	assert_int_equal(keys_lookup(&list, &f10), ACT_QUIT);
	assert_int_equal(keys_lookup(&form, &f10), ACT_QUIT);
	assert_int_equal(keys_lookup(&form, &f2), ACT_NEW);
	assert_int_equal(keys_lookup(&form, &zh), ACT_NONE);
	assert_int_equal(keys_lookup(&list, &zh), ACT_NONE);
}

static void test_screen_keys_come_first(void **state)
{
	static const struct binding mine[] = {
		{ 'q', false, KM_LIST, ACT_SORT, NULL, true },
		{ KEY_F(10), true, KM_TEXT, ACT_SAVE, NULL, true },
	};
	struct screen s = { 0 };
	struct key_event q = ch('q'), f10 = fk(KEY_F(10)), f1 = fk(KEY_F(1));
	(void)state;
	s.mode = KM_LIST;
	s.keys = mine;
	s.nkeys = 2;
	assert_int_equal(keys_lookup(&s, &q), ACT_SORT);
	assert_int_equal(keys_lookup(&s, &f10), ACT_SAVE);
	assert_int_equal(keys_lookup(&s, &f1), ACT_HELP);
	/* in text mode the screen's list-only key does not apply, nor the global q */
	s.mode = KM_TEXT;
	assert_int_equal(keys_lookup(&s, &q), ACT_NONE);
}

static void test_every_global_action_has_help(void **state)
{
	(void)state;
	for (int i = 0; i < tui_global_key_count; i++)
		assert_true(strlen(keys_action_help(tui_global_keys[i].action)) > 0);
	assert_string_equal(keys_action_help(ACT_NONE), "");
}

static void test_key_names(void **state)
{
	struct binding b = { KEY_F(10), true, KM_TEXT, ACT_QUIT, NULL, true };
	char buf[32];
	(void)state;
	assert_string_equal(keys_name(&b, buf, sizeof buf), "F10");
	b = (struct binding){ 19, false, KM_TEXT, ACT_SAVE, NULL, true };
	assert_string_equal(keys_name(&b, buf, sizeof buf), "Ctrl-S");
	b = (struct binding){ 27, false, KM_TEXT, ACT_BACK, NULL, true };
	assert_string_equal(keys_name(&b, buf, sizeof buf), "Esc");
	b = (struct binding){ KEY_NPAGE, true, KM_TEXT, ACT_PGDN, NULL, true };
	assert_string_equal(keys_name(&b, buf, sizeof buf), "PgDn");
	b = (struct binding){ '?', false, KM_LIST, ACT_HELP, NULL, true };
	assert_string_equal(keys_name(&b, buf, sizeof buf), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters_are_commands_only_in_lists),
		cmocka_unit_test(test_screen_keys_come_first),
		cmocka_unit_test(test_every_global_action_has_help),
		cmocka_unit_test(test_key_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
