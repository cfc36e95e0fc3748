/* Money in fen: each row a text as typed and the fen or the message; then the formats. */
#include "testutil.h"

#include "core/money.h"

#include <string.h>

struct row {
	const char *text;
	int64_t fen;                /* when msg is NULL */
	const char *msg;            /* the message when refused */
};

static const struct row rows[] = {
	{ "0", 0, NULL },
	{ "12000", 1200000, NULL },
	{ "12000.5", 1200050, NULL },
	{ "350.50", 35050, NULL },
	{ "0.05", 5, NULL },
	{ "007", 700, NULL },
	{ "  12000  ", 1200000, NULL },
	/* thousands separators: exactly three digits after every comma */
	{ "1,500", 150000, NULL },
	{ "12,000.50", 1200050, NULL },
	{ "1,234,567.89", 123456789, NULL },
	{ "1,50", 0, "'1,50' has misplaced thousands separators (like 12,000.50)" },
	{ "15,00", 0, "'15,00' has misplaced thousands separators (like 12,000.50)" },
	{ "1500,", 0, "'1500,' has misplaced thousands separators (like 12,000.50)" },
	{ "1234,567", 0, "'1234,567' has misplaced thousands separators (like 12,000.50)" },
	{ "1,,500", 0, "'1,,500' has misplaced thousands separators (like 12,000.50)" },
	{ ",500", 0, "',500' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	/* full-width forms of a Chinese input method, folded as the rules fold them */
	{ "１２０００", 1200000, NULL },
	{ "１２，０００．５", 1200050, NULL },
	{ "\xe3\x80\x80" "500", 50000, NULL },
	/* refused */
	{ "1.234", 0, "'1.234' has more than two decimals (yuan.fen)" },
	{ "12.345", 0, "'12.345' has more than two decimals (yuan.fen)" },
	{ "-5", 0, "'-5' is negative; an amount may not be negative" },
	{ "-0.50", 0, "'-0.50' is negative; an amount may not be negative" },
	{ "－5", 0, "'－5' is negative; an amount may not be negative" },
	{ "+5", 0, "'+5' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "", 0, "'' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "12abc", 0, "'12abc' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "12000元", 0, "'12000元' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "¥300", 0, "'¥300' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "12 000", 0, "'12 000' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "12.", 0, "'12.' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ ".5", 0, "'.5' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "1.2.3", 0, "'1.2.3' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "1e5", 0, "'1e5' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "二万", 0, "'二万' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ "1\x1b[2J", 0, "'1\\x1b[2J' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	/* the bound, and far beyond it without overflow */
	{ "10000000000000", INT64_C(1000000000000000), NULL },
	{ "10,000,000,000,000.00", INT64_C(1000000000000000), NULL },
	{ "10000000000000.01", 0,
	  "'10000000000000.01' is too large (at most 10,000,000,000,000.00 yuan)" },
	{ "92233720368547758.08", 0,
	  "'92233720368547758.08' is too large (at most 10,000,000,000,000.00 yuan)" },
	{ "99999999999999999999999999999999", 0,
	  "'99999999999999999999999999999999' is too large (at most 10,000,000,000,000.00 yuan)" },
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct err err = { 0 };
		int64_t fen = -1;
		int rc = money_parse(r->text, &fen, &err);
		if (r->msg) {
			if (rc != ERR_USAGE || strcmp(err.msg, r->msg) != 0 || fen != -1)
				fail_msg("row %zu '%s': got %d '%s' (fen %lld), want '%s'", i, r->text,
					 rc, err.msg, (long long)fen, r->msg);
		} else if (rc != 0 || fen != r->fen) {
			fail_msg("row %zu '%s': got %d '%s' fen %lld, want fen %lld", i, r->text, rc,
				 err.msg, (long long)fen, (long long)r->fen);
		}
	}
}

/* Every format reads back as the amount it shows. */
static void test_format(void **state)
{
	static const struct {
		int64_t fen;
		const char *plain, *shrt, *grouped;
	} f[] = {
		{ 0, "0.00", "0", "0.00" },
		{ 5, "0.05", "0.05", "0.05" },
		{ 1200050, "12000.50", "12000.50", "12,000.50" },
		{ 1000000, "10000.00", "10000", "10,000.00" },
		{ 123456789, "1234567.89", "1234567.89", "1,234,567.89" },
		{ -150, "-1.50", "-1.50", "-1.50" },
		{ INT64_MIN, "-92233720368547758.08", "-92233720368547758.08",
		  "-92,233,720,368,547,758.08" },
	};
	char buf[MONEY_BUF];

	(void)state;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		int64_t back = -1;
		struct err err = { 0 };
		assert_string_equal(money_format(f[i].fen, buf, sizeof buf), f[i].plain);
		assert_string_equal(money_format_as(f[i].fen, MONEY_SHORT, buf, sizeof buf), f[i].shrt);
		assert_string_equal(money_format_as(f[i].fen, MONEY_GROUPED, buf, sizeof buf),
				    f[i].grouped);
		if (f[i].fen >= 0 && f[i].fen <= MONEY_MAX_FEN) {
			assert_int_equal(money_parse(money_format(f[i].fen, buf, sizeof buf), &back,
						     &err), 0);
			assert_int_equal(back, f[i].fen);
			assert_int_equal(money_parse(money_format_as(f[i].fen, MONEY_GROUPED, buf,
								     sizeof buf), &back, &err), 0);
			assert_int_equal(back, f[i].fen);
		}
	}
	/* a short buffer is cut, never overrun */
	assert_string_equal(money_format(1200050, buf, 5), "1200");
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_parse),
	      cmocka_unit_test(test_format))
