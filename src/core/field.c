/* The intake fields: their table and the one check of a value as typed, shared by every way a case comes in. */
#include "core/field.h"
#include "core/privacy.h"
#include "core/fold.h"
#include "core/money.h"
#include "core/text.h"
#include "core/util.h"
#include "core/vocab.h"

#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Messages follow the messages locale through the "cdesk" domain, like the
 * rules' reasons (English when nothing binds it); labels are marked N_ and
 * translated when shown. */
#define R_(s) dgettext("cdesk", s)
#define N_(s) (s)

/* Each row: field, code, option, CSV column, label, kind, max, multiline, required. */
const struct case_field_def case_fields[CF__COUNT] = {
	[CF_RECEIVED] = { CF_RECEIVED, "received", NULL, "received", N_("received"),
			  FK_DATETIME, 40, false, false },
	[CF_CHANNEL] = { CF_CHANNEL, "channel", "channel", "channel", N_("channel"),
			 FK_CHOICE, 40, false, true },
	[CF_KIND] = { CF_KIND, "kind", "kind", "kind", N_("kind"), FK_CHOICE, 40, false, false },
	[CF_NAME] = { CF_NAME, "name", "name", "name", N_("name"), FK_TEXT, CASE_SHORT_MAX,
		      false, false },
	[CF_PHONE] = { CF_PHONE, "phone", "phone", "phone", N_("phone"), FK_PHONE, 30, false,
		       false },
	[CF_RELATION] = { CF_RELATION, "relation", "relation", "relation", N_("relation"), FK_TEXT,
			  CASE_SHORT_MAX, false, false },
	[CF_ADDRESS] = { CF_ADDRESS, "address", "address", "address", N_("address"), FK_TEXT,
			 CASE_NOTE_MAX, false, false },
	[CF_ID_NUMBER] = { CF_ID_NUMBER, "id_number", "id-number", "id_number", N_("ID number"),
			   FK_ID_NUMBER, 40, false, false },
	[CF_GROUP_SIZE] = { CF_GROUP_SIZE, "group_size", "group-size", "group_size",
			    N_("group size"), FK_COUNT, 20, false, false },
	[CF_REPRESENTATIVES] = { CF_REPRESENTATIVES, "representatives", "representatives",
				 "representatives", N_("representatives"), FK_TEXT, CASE_NOTE_MAX,
				 true, false },
	[CF_PATIENT_NAME] = { CF_PATIENT_NAME, "patient_name", "patient", "patient_name",
			      N_("patient name"), FK_TEXT, CASE_SHORT_MAX, false, false },
	[CF_PATIENT_RECORD] = { CF_PATIENT_RECORD, "patient_record", "record", "patient_record",
				N_("patient record"), FK_TEXT, CASE_SHORT_MAX, false, false },
	[CF_VISIT_DATE] = { CF_VISIT_DATE, "visit_date", "visit-date", "visit_date",
			    N_("visit date"), FK_DATE, 40, false, false },
	[CF_UNIT] = { CF_UNIT, "unit", "unit", "unit", N_("subject unit"), FK_UNIT, CASE_SHORT_MAX,
		      false, false },
	[CF_STAFF] = { CF_STAFF, "staff", "staff", "staff", N_("staff"), FK_TEXT, CASE_SHORT_MAX,
		       false, false },
	[CF_ACCOUNT] = { CF_ACCOUNT, "text", "text", "account", N_("account"), FK_TEXT,
			 CASE_TEXT_MAX, true, true },
	[CF_DEMAND] = { CF_DEMAND, "demand", "demand", "demand", N_("demand"), FK_TEXT,
			CASE_NOTE_MAX, true, false },
	[CF_CLAIM] = { CF_CLAIM, "claim", "claim", "claim", N_("claim"), FK_MONEY, 40, false,
		       false },
	[CF_CLASS] = { CF_CLASS, "class", "class", "class", N_("class"), FK_CHOICE, 40, false,
		       false },
};

int case_field_find(const char *name)
{
	for (int f = 0; name && f < CF__COUNT; f++) {
		const struct case_field_def *d = &case_fields[f];
		if (strcmp(name, d->code) == 0 || strcmp(name, d->column) == 0 ||
		    (d->option && strcmp(name, d->option) == 0))
			return f;
	}
	return -1;
}

const char *case_field_label(enum case_field f)
{
	return R_(case_fields[f].label);
}

static int fail(struct err *err, int code, enum case_field f, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The one shape of every message: "label: what is wrong". */
static int fail(struct err *err, int code, enum case_field f, const char *fmt, ...)
{
	char what[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return err_set(err, code, R_("%s: %s"), case_field_label(f), what);
}

const char *case_field_problem(enum case_field f, const char *msg)
{
	char prefix[128];
	size_t n = (size_t)snprintf(prefix, sizeof prefix, R_("%s: %s"), case_field_label(f), "");

	return strncmp(msg, prefix, n) == 0 ? msg + n : msg;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int check_phone(const char *v, struct err *err)
{
	char q[200];
	int digits = 0;

	text_excerpt(v, 40, q, sizeof q);
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+-() ", *p))
			return fail(err, ERR_USAGE, CF_PHONE,
				    R_("'%s' may hold only digits, spaces and + - ( )"), q);
	}
	if (digits < 5 || digits > 15)
		return fail(err, ERR_USAGE, CF_PHONE,
			    R_("'%s' has %d digits; a phone number has 5 to 15"), q, digits);
	return 0;
}

/* The check character of the first 17 digits (ISO 7064 MOD 11-2). */
static char id_check_char(const char *id17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (id17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

static int check_id_number(const char *v, struct cdatetime now, struct err *err)
{
	size_t n = strlen(v);
	char q[200];
	int y, m, d;
	cdate birth;

	text_excerpt(v, 40, q, sizeof q);
	if (n == 15 && all_digits(v, 15)) {
		char id18[19];
		memcpy(id18, v, 6);
		memcpy(id18 + 6, "19", 2);
		memcpy(id18 + 8, v + 6, 9);
		id18[17] = id_check_char(id18);
		id18[18] = '\0';
		return fail(err, ERR_USAGE, CF_ID_NUMBER,
			    R_("'%s' is a first-generation 15-digit number, withdrawn in 2013: "
			       "give the 18-digit one (%s)"), q, id18);
	}
	if (n != 18 || !all_digits(v, 17) ||
	    !((v[17] >= '0' && v[17] <= '9') || v[17] == 'X' || v[17] == 'x'))
		return fail(err, ERR_USAGE, CF_ID_NUMBER,
			    R_("'%s' is not an ID number (18 characters: 17 digits and a check "
			       "digit, 0-9 or X)"), q);
	y = (v[6] - '0') * 1000 + (v[7] - '0') * 100 + (v[8] - '0') * 10 + (v[9] - '0');
	m = (v[10] - '0') * 10 + (v[11] - '0');
	d = (v[12] - '0') * 10 + (v[13] - '0');
	if (date_from_ymd(y, m, d, &birth) || (now.day != CDATE_NONE && birth > now.day))
		return fail(err, ERR_USAGE, CF_ID_NUMBER,
			    R_("'%s' holds no possible birth date (characters 7 to 14)"), q);
	if (id_check_char(v) != (v[17] == 'x' ? 'X' : v[17]))
		return fail(err, ERR_USAGE, CF_ID_NUMBER,
			    R_("'%s' fails the check digit of GB 11643: a digit is mistyped"), q);
	return 0;
}

/* A whole number of people: digits only (full-width ones folded). */
static int parse_count(const char *v, int *out, struct err *err)
{
	size_t len = strlen(v), k = 0;
	char *f = xmalloc(len + 1), *p, q[200];
	long n = 0;

	fold_text(v, len, f);
	for (p = f; *p == ' '; p++)
		;
	for (; *p >= '0' && *p <= '9' && k < 7; p++, k++)
		n = n * 10 + (*p - '0');
	while (*p == ' ')
		p++;
	if (k == 0 || *p || n < 1 || n > CASE_GROUP_MAX) {
		free(f);
		text_excerpt(v, 40, q, sizeof q);
		return fail(err, ERR_USAGE, CF_GROUP_SIZE,
			    R_("'%s' is not a number of people from 1 to %d"), q, CASE_GROUP_MAX);
	}
	free(f);
	*out = (int)n;
	return 0;
}

static int parse_date(const char *v, cdate *out, struct cdatetime now, struct err *err)
{
	struct err e = { 0 };
	char d[11], t[11];

	if (date_parse(v, out, &e))
		return fail(err, ERR_USAGE, CF_VISIT_DATE, "%s", e.msg);
	if (now.day != CDATE_NONE && *out > now.day)
		return fail(err, ERR_USAGE, CF_VISIT_DATE, R_("%s is in the future (today %s)"),
			    date_format(*out, d), date_format(now.day, t));
	return 0;
}

static int parse_datetime(const char *v, struct cdatetime *out, struct cdatetime now,
			  struct err *err)
{
	struct err e = { 0 };
	char a[20], b[20];

	if (datetime_parse(v, out, &e))
		return fail(err, ERR_USAGE, CF_RECEIVED, "%s", e.msg);
	if (now.day != CDATE_NONE && datetime_cmp(*out, now) > 0)
		return fail(err, ERR_USAGE, CF_RECEIVED, R_("%s is in the future (now %s)"),
			    datetime_format(*out, a), datetime_format(now, b));
	return 0;
}

static int parse_money(const char *v, int64_t *fen, struct err *err)
{
	struct err e = { 0 };

	if (money_parse(v, fen, &e))
		return fail(err, e.code, CF_CLAIM, "%s", e.msg);
	return 0;
}

/* A vocabulary's code or label into its index. */
static int parse_choice(enum case_field f, const char *v, int *out, struct err *err)
{
	int (*parse)(const char *) = f == CF_CHANNEL ? channel_parse
				   : f == CF_KIND ? kind_parse : class_parse;
	const char *codes = f == CF_CHANNEL ? channel_codes()
			  : f == CF_KIND ? kind_codes() : class_codes();
	int x = parse(v);
	char q[200];

	if (x < 0) {
		text_excerpt(v, 40, q, sizeof q);
		return fail(err, ERR_USAGE, f, R_("unknown value '%s' (one of: %s)"), q, codes);
	}
	*out = x;
	return 0;
}

/* Where an input keeps a string field's text; NULL for the other fields. */
static const char **input_slot(struct case_input *in, enum case_field f)
{
	switch (f) {
	case CF_NAME: return &in->name;
	case CF_PHONE: return &in->phone;
	case CF_RELATION: return &in->relation;
	case CF_ADDRESS: return &in->address;
	case CF_ID_NUMBER: return &in->id_number;
	case CF_REPRESENTATIVES: return &in->representatives;
	case CF_PATIENT_NAME: return &in->patient_name;
	case CF_PATIENT_RECORD: return &in->patient_record;
	case CF_UNIT: return &in->unit;
	case CF_STAFF: return &in->staff;
	case CF_ACCOUNT: return &in->text;
	case CF_DEMAND: return &in->demand;
	default: return NULL;
	}
}

/* Checks v (non-empty) and parses it into in when in is not NULL. */
static int check_value(enum case_field f, const char *v, const struct ruleset *rules,
		       struct cdatetime now, struct case_input *in, struct err *err)
{
	const struct case_field_def *d = &case_fields[f];
	struct case_input val = { 0 };  /* parsed into; copied to in only when v is good */
	const char **slot;
	int rc = 0;

	if (text_check_field(case_field_label(f), v, d->max, d->multiline, err))
		return ERR_USAGE;
	if (case_identity_is_marker(v))
		return fail(err, ERR_USAGE, f, R_("'%s' is the mask of a protected identity, not "
						  "its value (a file exported by a role that may "
						  "not see it: export it as an officer or "
						  "supervisor)"), v);
	if (in)
		val = *in;
	switch (d->kind) {
	case FK_TEXT:
		break;
	case FK_PHONE:
		rc = check_phone(v, err);
		break;
	case FK_ID_NUMBER:
		rc = check_id_number(v, now, err);
		break;
	case FK_UNIT:
		if (rules && !rules_unit_valid(rules, v)) {
			char q[200];
			text_excerpt(v, 40, q, sizeof q);
			return fail(err, ERR_NOTFOUND, f, R_("unknown unit '%s' (see the [units] of "
							    "rules.ini)"), q);
		}
		break;
	case FK_COUNT:
		rc = parse_count(v, &val.group_size, err);
		break;
	case FK_DATE:
		rc = parse_date(v, &val.visit_date, now, err);
		break;
	case FK_DATETIME:
		rc = parse_datetime(v, &val.received, now, err);
		break;
	case FK_MONEY:
		rc = parse_money(v, &val.claim_fen, err);
		break;
	case FK_CHOICE:
		rc = parse_choice(f, v, f == CF_CHANNEL ? &val.channel
				  : f == CF_KIND ? &val.kind : &val.hclass, err);
		break;
	}
	if (rc || !in)
		return rc;
	if ((slot = input_slot(&val, f)))
		*slot = v;
	*in = val;
	return 0;
}

static int check_empty(enum case_field f, struct err *err)
{
	if (!case_fields[f].required)
		return 0;
	if (f == CF_CHANNEL)
		return fail(err, ERR_USAGE, f, R_("a value is required (one of: %s)"), channel_codes());
	return fail(err, ERR_USAGE, f, "%s", R_("a value is required"));
}

int case_field_check(enum case_field f, const char *value, const struct ruleset *rules,
		     struct cdatetime now, struct err *err)
{
	if (!value || !*value)
		return check_empty(f, err);
	return check_value(f, value, rules, now, NULL, err);
}

int case_field_set(struct case_input *in, enum case_field f, const char *value,
		   const struct ruleset *rules, struct cdatetime now, struct err *err)
{
	struct case_input tmp = *in;
	int rc;

	if (!value || !*value)
		return check_empty(f, err);
	if ((rc = check_value(f, value, rules, now, &tmp, err)))
		return rc;
	*in = tmp;
	return 0;
}

/* The text of an input's string field, or NULL for the others. */
static const char *input_text(const struct case_input *in, enum case_field f)
{
	/* input_slot only finds the member here; nothing is written */
	const char **slot = input_slot((struct case_input *)in, f);

	return slot ? *slot : NULL;
}

int case_field_check_input(const struct case_input *in, enum case_field f,
			   const struct ruleset *rules, struct cdatetime now, struct err *err)
{
	char buf[MONEY_BUF + 24];
	int v, count;

	/* Values already parsed are checked as their typed form would be. */
	switch (f) {
	case CF_RECEIVED:
		if (in->received.day == CDATE_NONE)
			return 0;
		return case_field_check(f, datetime_format(in->received, buf), rules, now, err);
	case CF_CHANNEL: case CF_KIND: case CF_CLASS:
		v = f == CF_CHANNEL ? in->channel : f == CF_KIND ? in->kind : in->hclass;
		count = f == CF_CHANNEL ? CHANNEL__COUNT : f == CF_KIND ? KIND__COUNT : CLASS__COUNT;
		if (v >= 0 && v < count)
			return 0;
		if (v == -1)
			return check_empty(f, err);
		snprintf(buf, sizeof buf, "%d", v);
		return case_field_check(f, buf, rules, now, err);
	case CF_GROUP_SIZE:
		if (in->group_size == 0)
			return 0;
		snprintf(buf, sizeof buf, "%d", in->group_size);
		return case_field_check(f, buf, rules, now, err);
	case CF_VISIT_DATE:
		if (in->visit_date == CDATE_NONE)
			return 0;
		return case_field_check(f, date_format(in->visit_date, buf), rules, now, err);
	case CF_CLAIM:
		if (in->claim_fen == 0)
			return 0;
		return case_field_check(f, money_format(in->claim_fen, buf, sizeof buf), rules, now,
					err);
	default:
		return case_field_check(f, input_text(in, f), rules, now, err);
	}
}
