/* libFuzzer harness for the intake fields: any bytes as the value of every
 * field of core/field.h (the rules of data/rules.ini for the unit), and as an
 * amount for money_parse. It must never crash or read out of bounds; a value
 * refused has a message naming its field; an amount taken formats back to
 * the same fen. Run from the repository top. */
#include "core/field.h"
#include "core/money.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = xstrndup((const char *)data, size), buf[MONEY_BUF];
	struct cdatetime now = { 20637, 36000 };       /* 2026-07-03 10:00 */
	struct err err = { 0 };
	int64_t fen = -1, back = -1;

	if (!rs && rules_load("data/rules.ini", &rs, &err))
		abort();
	for (int f = 0; f < CF__COUNT; f++) {
		/* case_input_init lives with case_add, which needs the store */
		struct case_input in = { .channel = -1, .kind = -1, .hclass = -1,
					 .received = { CDATE_NONE, 0 }, .visit_date = CDATE_NONE };
		if (case_field_set(&in, (enum case_field)f, v, rs, now, &err) &&
		    case_field_problem((enum case_field)f, err.msg) == err.msg)
			abort();
	}
	if (money_parse(v, &fen, &err) == 0) {
		if (fen < 0 || fen > MONEY_MAX_FEN)
			abort();
		if (money_parse(money_format(fen, buf, sizeof buf), &back, &err) || back != fen)
			abort();
		if (money_parse(money_format_as(fen, MONEY_GROUPED, buf, sizeof buf), &back, &err) ||
		    back != fen)
			abort();
	}
	free(v);
	return 0;
}
