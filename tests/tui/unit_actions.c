/* The action table as the interface shows it: every row has its menu entry, timeline name,
 * help line and prompts, in English and in the zh_CN catalog. */
#include "../unit/testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/actions.h"
#include "tui/i18n.h"

static bool filled(const char *s)
{
	return s && *s;
}

static void test_every_row_is_complete(void **state)
{
	(void)state;
	for (int a = 0; a < CA__COUNT; a++) {
		const struct case_action_def *d = case_action_get(a);
		assert_non_null(d);
		assert_int_equal(d->id, a);
		if (!filled(d->code) || !filled(d->label) || !filled(d->timeline) ||
		    !filled(d->help) || !filled(d->done) || !d->allowed || !d->apply)
			fail_msg("row %d (%s) lacks a code, label, timeline name, help, done "
				 "phrase, allowed or apply", a, d->code ? d->code : "?");
		assert_int_equal(case_action_find(d->code), a);
		assert_true(d->nparams <= ACTION_MAX_PARAMS);
		for (int i = 0, notes = 0; i < d->nparams; i++) {
			const struct action_param *p = &d->params[i];
			/* one parameter at most is the event's note, and a --note always is */
			notes += (p->flags & PF_NOTE) != 0;
			if (notes > 1 || (strcmp(p->name, "note") == 0 && !(p->flags & PF_NOTE)))
				fail_msg("%s --%s: a row's note is one PF_NOTE parameter", d->code,
					 p->name);
			assert_true(filled(p->name));
			assert_int_equal(case_action_param(d, p->name), i);
			if (p->type == PT_CHOICE)
				assert_non_null(p->choices);
			/* Only the reply's text (the approved draft by default) is not asked. */
			if (!p->prompt && !(a == CA_REPLY && strcmp(p->name, "text") == 0))
				fail_msg("%s --%s has no prompt for the interface", d->code, p->name);
			if ((p->flags & PF_REQUIRED) && !p->prompt)
				fail_msg("%s --%s is required but never asked", d->code, p->name);
		}
	}
	assert_null(case_action_get(CA__COUNT));
	assert_int_equal(case_action_find("fly"), -1);
}

/* A string of the table has its Chinese in the catalog. */
static void translated(const char *what, const char *code, const char *s)
{
	const char *t = gettext(s);
	if (t == s || strcmp(t, s) == 0)
		fail_msg("%s of %s has no zh_CN translation: \"%s\"", what, code, s);
}

static void test_every_row_is_translated(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "zh_CN.UTF-8"))
		skip();
	setenv("CDESK_LOCALEDIR", CDESK_SRCDIR "/" CDESK_BUILD "/locale", 1);
	i18n_init("zh_CN");
	for (int a = 0; a < CA__COUNT; a++) {
		const struct case_action_def *d = case_action_get(a);
		translated("the menu entry", d->code, d->label);
		translated("the timeline name", d->code, d->timeline);
		translated("the help", d->code, d->help);
		for (int i = 0; i < d->nparams; i++)
			if (d->params[i].prompt)
				translated("a prompt", d->code, d->params[i].prompt);
	}
	setlocale(LC_ALL, "C");
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_every_row_is_complete),
	      cmocka_unit_test(test_every_row_is_translated))
