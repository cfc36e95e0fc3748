/* libFuzzer harness for the JSON input of `cdesk add`: any bytes through
 * case_json_load (core/field_json.h), then every field's value through
 * case_json_field and case_field_set with data/rules.ini, and the lists
 * through case_json_list. It must never crash or read out of bounds; a
 * refusal always has a message. Run from the repository top. */
#include "core/field.h"
#include "core/field_json.h"
#include "core/money.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const lists[] = { "depts", "categories", "flags", "no_flags" };
	struct cdatetime now = { 20637, 36000 };       /* 2026-07-03 10:00 */
	struct err err = { 0 };
	json_t *j;

	if (!rs && rules_load("data/rules.ini", &rs, &err))
		abort();
	if (case_json_load((const char *)data, size, &j, &err)) {
		if (!err.msg[0] || j)
			abort();
		return 0;
	}
	for (int f = 0; f < CF__COUNT; f++) {
		struct case_input in = { .channel = -1, .kind = -1, .hclass = -1,
					 .received = { CDATE_NONE, 0 }, .visit_date = CDATE_NONE };
		char num[MONEY_BUF];
		const char *v = NULL;
		err.msg[0] = '\0';
		if (case_json_field(json_object_get(j, case_fields[f].code), (enum case_field)f,
				    num, sizeof num, &v, &err)) {
			if (!err.msg[0])
				abort();
			continue;
		}
		if (v && case_field_set(&in, (enum case_field)f, v, rs, now, &err) && !err.msg[0])
			abort();
	}
	for (int i = 0; i < 4; i++) {
		const char *out = NULL;
		char *hold = NULL;
		if (case_json_list(j, lists[i], &out, &hold, &err) == 0 && out && !memchr(out, 0, 1))
			(void)strlen(out);
		free(hold);
	}
	json_decref(j);
	return 0;
}
