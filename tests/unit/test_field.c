/* The intake fields: each row a field, a value as typed, and the one message every path gives for it. */
#include "testutil.h"

#include "core/field.h"
#include "core/money.h"

#include <string.h>

static struct ruleset *rules;
static struct calendar *cal;
static struct cdatetime now;

static int setup(void **state)
{
	struct err err = { 0 };

	(void)state;
	if (testutil_load_data(&rules, &cal))
		return -1;
	return datetime_parse("2026-07-03 10:00", &now, &err);
}

static int teardown(void **state)
{
	(void)state;
	testutil_free_data(rules, cal);
	return 0;
}

struct row {
	enum case_field f;
	const char *value;
	int code;                   /* 0: accepted */
	const char *msg;            /* the whole message when refused */
};

static const struct row rows[] = {
	/* empty is fine unless required */
	{ CF_NAME, "", 0, NULL },
	{ CF_PHONE, NULL, 0, NULL },
	{ CF_ACCOUNT, "", ERR_USAGE, "account: a value is required" },
	{ CF_CHANNEL, "", ERR_USAGE,
	  "channel: a value is required (one of: visit, phone, letter, web, authority)" },
	/* text: UTF-8, control characters, length */
	{ CF_NAME, "张三", 0, NULL },
	{ CF_NAME, "\xe5\xbc\xa0\xff", ERR_USAGE, "name: invalid UTF-8 at byte 4 (byte 0xff)" },
	{ CF_NAME, "张\x1b[31m三", ERR_USAGE,
	  "name: control character U+001B at character 2 is not allowed" },
	{ CF_NAME, "a\nb", ERR_USAGE, "name: control character U+000A at character 2 is not allowed" },
	{ CF_DEMAND, "道歉\n退费", 0, NULL },
	{ CF_STAFF, "\xe2\x80\xae" "evil", ERR_USAGE,
	  "staff: control character U+202E at character 1 is not allowed" },
	{ CF_PATIENT_NAME, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", ERR_USAGE,
	  "patient name: 101 characters, at most 100 allowed" },
	/* phone */
	{ CF_PHONE, "13800000000", 0, NULL },
	{ CF_PHONE, "010-6512 3456", 0, NULL },
	{ CF_PHONE, "+86 (10) 65123456", 0, NULL },
	{ CF_PHONE, "12345", 0, NULL },
	{ CF_PHONE, "123", ERR_USAGE, "phone: '123' has 3 digits; a phone number has 5 to 15" },
	{ CF_PHONE, "1234567890123456", ERR_USAGE,
	  "phone: '1234567890123456' has 16 digits; a phone number has 5 to 15" },
	{ CF_PHONE, "138abc00000", ERR_USAGE,
	  "phone: '138abc00000' may hold only digits, spaces and + - ( )" },
	{ CF_PHONE, "１３８００００００００", ERR_USAGE,
	  "phone: '１３８００００００００' may hold only digits, spaces and + - ( )" },
	{ CF_PHONE, "010-12345678转123", ERR_USAGE,
	  "phone: '010-12345678转123' may hold only digits, spaces and + - ( )" },
	/* ID number: GB 11643-1999 */
	{ CF_ID_NUMBER, "11010519491231002X", 0, NULL },
	{ CF_ID_NUMBER, "11010519491231002x", 0, NULL },
	{ CF_ID_NUMBER, "440300199003071234", 0, NULL },
	{ CF_ID_NUMBER, "320102200002290013", 0, NULL },          /* 29 February 2000 */
	{ CF_ID_NUMBER, "110105194912310021", ERR_USAGE,
	  "ID number: '110105194912310021' fails the check digit of GB 11643: a digit is mistyped" },
	{ CF_ID_NUMBER, "110105194902300012", ERR_USAGE,
	  "ID number: '110105194902300012' holds no possible birth date (characters 7 to 14)" },
	{ CF_ID_NUMBER, "110101209912310015", ERR_USAGE,
	  "ID number: '110101209912310015' holds no possible birth date (characters 7 to 14)" },
	{ CF_ID_NUMBER, "11010519491231002", ERR_USAGE,
	  "ID number: '11010519491231002' is not an ID number (18 characters: 17 digits and a "
	  "check digit, 0-9 or X)" },
	{ CF_ID_NUMBER, "1101051949123100X2", ERR_USAGE,
	  "ID number: '1101051949123100X2' is not an ID number (18 characters: 17 digits and a "
	  "check digit, 0-9 or X)" },
	{ CF_ID_NUMBER, "110105491231002", ERR_USAGE,
	  "ID number: '110105491231002' is a first-generation 15-digit number, withdrawn in "
	  "2013: give the 18-digit one (11010519491231002X)" },
	/* group size */
	{ CF_GROUP_SIZE, "1", 0, NULL },
	{ CF_GROUP_SIZE, "10000", 0, NULL },
	{ CF_GROUP_SIZE, "１２", 0, NULL },
	{ CF_GROUP_SIZE, "0", ERR_USAGE, "group size: '0' is not a number of people from 1 to 10000" },
	{ CF_GROUP_SIZE, "50000", ERR_USAGE,
	  "group size: '50000' is not a number of people from 1 to 10000" },
	{ CF_GROUP_SIZE, "-3", ERR_USAGE, "group size: '-3' is not a number of people from 1 to 10000" },
	{ CF_GROUP_SIZE, "3.5", ERR_USAGE,
	  "group size: '3.5' is not a number of people from 1 to 10000" },
	{ CF_GROUP_SIZE, "12345678901", ERR_USAGE,
	  "group size: '12345678901' is not a number of people from 1 to 10000" },
	/* dates */
	{ CF_VISIT_DATE, "2026-07-03", 0, NULL },
	{ CF_VISIT_DATE, "2026-07-04", ERR_USAGE,
	  "visit date: 2026-07-04 is in the future (today 2026-07-03)" },
	{ CF_VISIT_DATE, "2026-02-30", ERR_USAGE, "visit date: '2026-02-30': 2026-02 has 28 days" },
	{ CF_VISIT_DATE, "7/3/2026", ERR_USAGE,
	  "visit date: '7/3/2026': not a date (expected YYYY-MM-DD)" },
	{ CF_RECEIVED, "2026-07-03 09:59", 0, NULL },
	{ CF_RECEIVED, "2026-07-03 10:01", ERR_USAGE,
	  "received: 2026-07-03 10:01:00 is in the future (now 2026-07-03 10:00:00)" },
	/* money */
	{ CF_CLAIM, "12000", 0, NULL },
	{ CF_CLAIM, "1,500", 0, NULL },
	{ CF_CLAIM, "1.234", ERR_USAGE, "claim: '1.234' has more than two decimals (yuan.fen)" },
	{ CF_CLAIM, "-5", ERR_USAGE, "claim: '-5' is negative; an amount may not be negative" },
	{ CF_CLAIM, "12abc", ERR_USAGE,
	  "claim: '12abc' is not an amount in yuan (like 12000, 12,000 or 350.50)" },
	{ CF_CLAIM, "1,50", ERR_USAGE,
	  "claim: '1,50' has misplaced thousands separators (like 12,000.50)" },
	/* the subject unit and the vocabularies */
	{ CF_UNIT, "心内科", 0, NULL },
	{ CF_UNIT, "火星科", ERR_NOTFOUND,
	  "subject unit: unknown unit '火星科' (see the [units] of rules.ini)" },
	{ CF_CHANNEL, "来访", 0, NULL },
	{ CF_CHANNEL, "fax", ERR_USAGE,
	  "channel: unknown value 'fax' (one of: visit, phone, letter, web, authority)" },
	{ CF_KIND, "", 0, NULL },
	{ CF_CLASS, "urgent", ERR_USAGE,
	  "class: unknown value 'urgent' (one of: simple, general, important, emergency)" },
	/* what a message quotes is sanitised and cut */
	{ CF_PHONE, "\xe2\x80\xae" "123", ERR_USAGE,
	  "phone: control character U+202E at character 1 is not allowed" },
	{ CF_CLAIM, "12\x1b[2J", ERR_USAGE, "claim: control character U+001B at character 3 is not "
	  "allowed" },
	{ CF_CLAIM, "一万二千元整，另加误工费三千元，营养费两千元，交通费若干", ERR_USAGE,
	  "claim: '一万二千元整，另加误工费三千元，营养费两千元，交通费若干' is not an amount in yuan "
	  "(like 12000, 12,000 or 350.50)" },
	{ CF_PHONE, "1234567890 1234567890 1234567890", ERR_USAGE,
	  "phone: 32 characters, at most 30 allowed" },
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct err err = { 0 };
		int rc = case_field_check(r->f, r->value, rules, now, &err);
		if (rc != r->code || (r->msg && strcmp(err.msg, r->msg) != 0))
			fail_msg("row %zu (%s '%s'): got %d '%s', want %d '%s'", i,
				 case_fields[r->f].code, r->value ? r->value : "(null)", rc, err.msg,
				 r->code, r->msg ? r->msg : "");
	}
}

/* case_field_set stores what it accepts and leaves the input alone otherwise. */
static void test_set(void **state)
{
	struct case_input in;
	struct err err = { 0 };

	(void)state;
	case_input_init(&in);
	assert_int_equal(case_field_set(&in, CF_CLAIM, "12,000.5", rules, now, &err), 0);
	assert_int_equal(in.claim_fen, 1200050);
	assert_int_equal(case_field_set(&in, CF_GROUP_SIZE, "12", rules, now, &err), 0);
	assert_int_equal(in.group_size, 12);
	assert_int_equal(case_field_set(&in, CF_VISIT_DATE, "2026-07-01", rules, now, &err), 0);
	assert_string_equal(date_format(in.visit_date, (char[11]){ 0 }), "2026-07-01");
	assert_int_equal(case_field_set(&in, CF_CHANNEL, "来访", rules, now, &err), 0);
	assert_int_equal(in.channel, CHANNEL_VISIT);
	assert_int_equal(case_field_set(&in, CF_ACCOUNT, "护士态度差", rules, now, &err), 0);
	assert_string_equal(in.text, "护士态度差");
	assert_int_equal(case_field_set(&in, CF_CLAIM, "1.234", rules, now, &err), ERR_USAGE);
	assert_int_equal(in.claim_fen, 1200050);
	assert_int_equal(case_field_set(&in, CF_GROUP_SIZE, "50000", rules, now, &err), ERR_USAGE);
	assert_int_equal(in.group_size, 12);
	assert_int_equal(case_field_set(&in, CF_NAME, "", rules, now, &err), 0);
	assert_null(in.name);
	/* no rules: the unit is not looked up */
	assert_int_equal(case_field_set(&in, CF_UNIT, "火星科", NULL, now, &err), 0);
	/* no clock: nothing is in the future */
	assert_int_equal(case_field_check(CF_VISIT_DATE, "2099-01-01", rules,
					  (struct cdatetime){ CDATE_NONE, 0 }, &err), 0);
}

/* A parsed value gets the message of the same value typed. */
static void test_input_like_typed(void **state)
{
	struct case_input in;
	struct err typed = { 0 }, parsed = { 0 };

	(void)state;
	case_input_init(&in);
	in.group_size = 50000;
	assert_int_equal(case_field_check_input(&in, CF_GROUP_SIZE, rules, now, &parsed), ERR_USAGE);
	case_field_check(CF_GROUP_SIZE, "50000", rules, now, &typed);
	assert_string_equal(parsed.msg, typed.msg);
	in.claim_fen = -150;
	assert_int_equal(case_field_check_input(&in, CF_CLAIM, rules, now, &parsed), ERR_USAGE);
	case_field_check(CF_CLAIM, "-1.50", rules, now, &typed);
	assert_string_equal(parsed.msg, typed.msg);
	in.claim_fen = MONEY_MAX_FEN + 1;
	assert_int_equal(case_field_check_input(&in, CF_CLAIM, rules, now, &parsed), ERR_USAGE);
	assert_string_equal(parsed.msg, "claim: '10000000000000.01' is too large (at most "
			    "10,000,000,000,000.00 yuan)");
	assert_int_equal(date_parse("2026-07-04", &in.visit_date, &parsed), 0);
	assert_int_equal(case_field_check_input(&in, CF_VISIT_DATE, rules, now, &parsed), ERR_USAGE);
	case_field_check(CF_VISIT_DATE, "2026-07-04", rules, now, &typed);
	assert_string_equal(parsed.msg, typed.msg);
	in.channel = -1;
	assert_int_equal(case_field_check_input(&in, CF_CHANNEL, rules, now, &parsed), ERR_USAGE);
	case_field_check(CF_CHANNEL, "", rules, now, &typed);
	assert_string_equal(parsed.msg, typed.msg);
	in.kind = -1;
	in.group_size = 0;
	in.claim_fen = 0;
	assert_int_equal(case_field_check_input(&in, CF_KIND, rules, now, &parsed), 0);
	assert_int_equal(case_field_check_input(&in, CF_GROUP_SIZE, rules, now, &parsed), 0);
	assert_int_equal(case_field_check_input(&in, CF_CLAIM, rules, now, &parsed), 0);
}

/* The table: one row per field in enum order, names unique, found by each. */
static void test_table(void **state)
{
	(void)state;
	for (int f = 0; f < CF__COUNT; f++) {
		const struct case_field_def *d = &case_fields[f];
		assert_int_equal(d->field, f);
		assert_non_null(d->code);
		assert_non_null(d->column);
		assert_non_null(d->label);
		assert_true(d->max > 0);
		assert_int_equal(case_field_find(d->code), f);
		assert_int_equal(case_field_find(d->column), f);
		if (d->option)
			assert_int_equal(case_field_find(d->option), f);
	}
	assert_int_equal(case_field_find("account"), CF_ACCOUNT);
	assert_int_equal(case_field_find("text"), CF_ACCOUNT);
	assert_int_equal(case_field_find("id-number"), CF_ID_NUMBER);
	assert_int_equal(case_field_find("nosuch"), -1);
	assert_true(case_fields[CF_ACCOUNT].required && case_fields[CF_ACCOUNT].multiline);
	assert_true(case_fields[CF_CHANNEL].required);
	assert_false(case_fields[CF_NAME].required);
}

/* CSV import names the column itself and shows only the problem. */
static void test_problem(void **state)
{
	struct err err = { 0 };

	(void)state;
	case_field_check(CF_PHONE, "123", rules, now, &err);
	assert_string_equal(case_field_problem(CF_PHONE, err.msg),
			    "'123' has 3 digits; a phone number has 5 to 15");
	assert_string_equal(case_field_problem(CF_NAME, err.msg), err.msg);
}

TESTUTIL_MAIN(setup, teardown,
	      cmocka_unit_test(test_rows),
	      cmocka_unit_test(test_set),
	      cmocka_unit_test(test_input_like_typed),
	      cmocka_unit_test(test_table),
	      cmocka_unit_test(test_problem))
