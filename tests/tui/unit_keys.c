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

/* A key, and the action it has where letters are commands and where they are text. */
static const struct mode_case {
	wint_t key;
	bool fkey;
	enum action in_list, in_text;
} mode_cases[] = {
	{ 'q', false, ACT_QUIT, ACT_NONE },
	{ 'n', false, ACT_NEW, ACT_NONE },
	{ '/', false, ACT_SEARCH, ACT_NONE },
	{ '\t', false, ACT_QUEUES, ACT_NEXT_FIELD },
	{ KEY_F(10), true, ACT_QUIT, ACT_QUIT },
	{ KEY_F(2), true, ACT_NEW, ACT_NEW },
	{ 0x62a4, false, ACT_NONE, ACT_NONE },   /* 护 */
};

static void test_letters_are_commands_only_in_lists(void **state)
{
	struct screen list = { 0 }, form = { 0 };
	(void)state;
	list.mode = KM_LIST;
	form.mode = KM_TEXT;
	for (size_t i = 0; i < N_ROWS(mode_cases); i++) {
		const struct mode_case *c = &mode_cases[i];
		struct key_event ev = c->fkey ? fk((int)c->key) : ch(c->key);
		assert_int_equal(keys_lookup(&list, &ev), c->in_list);
		assert_int_equal(keys_lookup(&form, &ev), c->in_text);
	}
}

static void test_screen_keys_come_first(void **state)
{
	static const struct binding mine[] = {
		{ 'q', false, KM_LIST, ACT_SORT, NULL, true },
		{ KEY_F(10), true, KM_TEXT, ACT_SAVE, NULL, true },
	};
	static const struct screen_ops ops = { "test", NULL, KM_LIST, mine, 2, NULL, NULL, NULL,
					       NULL, NULL, NULL, NULL, 0, NULL };
	struct screen s = { 0 };
	struct key_event q = ch('q'), f10 = fk(KEY_F(10)), f1 = fk(KEY_F(1));
	(void)state;
	s.mode = KM_LIST;
	s.ops = &ops;
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

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_letters_are_commands_only_in_lists),
	      cmocka_unit_test(test_screen_keys_come_first),
	      cmocka_unit_test(test_every_global_action_has_help),
	      cmocka_unit_test(test_key_names))
