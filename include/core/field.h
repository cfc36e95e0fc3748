/* The intake fields of a case: one table and one check of a field's value as typed, for every way in. */
#ifndef CDESK_CORE_FIELD_H
#define CDESK_CORE_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/cases.h"
#include "core/date.h"
#include "core/err.h"
#include "core/rules.h"

/*
 * The fields a clerk types at intake, in the order of the form. The intake
 * form, `cdesk add` (options and JSON), CSV import and case_add check them
 * with case_field_check, so a bad value gets the same message on every path.
 */
enum case_field {
	CF_RECEIVED,        /* when the complaint came in: "2026-07-03 09:15" */
	CF_CHANNEL,         /* channel code or label: "visit", "来访" */
	CF_KIND,            /* kind code or label; empty: the rules' suggestion */
	CF_NAME,
	CF_PHONE,
	CF_RELATION,
	CF_ADDRESS,
	CF_ID_NUMBER,
	CF_GROUP_SIZE,
	CF_REPRESENTATIVES,
	CF_PATIENT_NAME,
	CF_PATIENT_RECORD,
	CF_VISIT_DATE,
	CF_UNIT,
	CF_STAFF,
	CF_ACCOUNT,         /* the account in the complainant's words ("text") */
	CF_DEMAND,
	CF_CLAIM,
	CF_CLASS,           /* handling class code or label; empty: suggested */
	CF__COUNT
};

/* How a field's text is checked. */
enum case_field_kind {
	FK_TEXT,            /* any text: UTF-8, no control characters, at most max characters */
	FK_PHONE,           /* digits 0-9, spaces and + - ( ); 5 to 15 digits */
	FK_ID_NUMBER,       /* a resident ID number of GB 11643-1999 (see case_field_check) */
	FK_COUNT,           /* a whole number of people, 1 to CASE_GROUP_MAX */
	FK_DATE,            /* YYYY-MM-DD, not after today */
	FK_DATETIME,        /* YYYY-MM-DD[ HH:MM[:SS]], not after now */
	FK_MONEY,           /* yuan as money_parse reads them */
	FK_UNIT,            /* a subject unit of rules.ini */
	FK_CHOICE           /* a code or Chinese label of a vocabulary (channel, kind, class) */
};

/* The largest group complaint taken (人数). */
#define CASE_GROUP_MAX 10000

struct case_field_def {
	enum case_field field;
	const char *code;       /* JSON key (`cdesk add -`, case_to_json): "id_number" */
	const char *option;     /* `cdesk add` option without "--": "id-number"; NULL: none */
	const char *column;     /* CSV column of import and export: "id_number", "account" */
	const char *label;      /* English, untranslated (a msgid): names the field in messages */
	enum case_field_kind kind;
	size_t max;             /* characters */
	bool multiline;         /* newlines and tabs allowed */
	bool required;          /* an empty value is refused */
};

/* The table, indexed by enum case_field. */
extern const struct case_field_def case_fields[CF__COUNT];

/* The field whose code, option or CSV column is name; -1 when none. */
int case_field_find(const char *name);

/* The field's label as messages show it: translated through the "cdesk"
 * text domain when a catalog is bound, else the English of the table. */
const char *case_field_label(enum case_field f);

/*
 * Checks one field's text as typed (a single new value, so a correction of
 * a registered case can use it too). An empty or NULL value is fine unless
 * the field is required. Returns 0, or ERR_USAGE (ERR_NOTFOUND for a subject
 * unit rules does not know) with one message naming the field and the value:
 * "phone: '123' has 3 digits; a phone number has 5 to 15". The rules:
 *   - every field: valid UTF-8, no control characters (newline and tab only
 *     in a multiline field), at most max characters (text_check_field);
 *   - FK_PHONE: only 0-9, spaces and + - ( ), and 5 to 15 digits;
 *   - FK_ID_NUMBER: the 18-character number of GB 11643-1999: 17 digits and
 *     the check digit of ISO 7064 MOD 11-2 (0-9 or X, x taken for X), with a
 *     real birth date from 1900 on and not after today in characters 7-14.
 *     The 15-digit first-generation number (withdrawn in 2013) is refused,
 *     the message giving its 18-digit form;
 *   - FK_COUNT: digits (full-width ones too), 1 to CASE_GROUP_MAX;
 *   - FK_DATE, FK_DATETIME: date_parse / datetime_parse, and not after now
 *     (the visit date not after now's day);
 *   - FK_MONEY: money_parse;
 *   - FK_UNIT: known to rules (rules_unit_valid); not checked when rules is NULL;
 *   - FK_CHOICE: a code or label of its vocabulary.
 * now is the real time, for the checks against the future; with
 * now.day == CDATE_NONE they are skipped.
 */
int case_field_check(enum case_field f, const char *value, const struct ruleset *rules,
		     struct cdatetime now, struct err *err);

/*
 * Checks value as case_field_check does and stores it into in: strings by
 * pointer (value must outlive in), numbers, dates and codes parsed. An empty
 * or NULL value leaves in as it was. Fails like case_field_check, in unchanged.
 */
int case_field_set(struct case_input *in, enum case_field f, const char *value,
		   const struct ruleset *rules, struct cdatetime now, struct err *err);

/*
 * Checks field f of an input already parsed (what case_add receives from
 * its callers), with the message case_field_check gives for the same value
 * typed: a group size of 50000 says what "50000" says.
 */
int case_field_check_input(const struct case_input *in, enum case_field f,
			   const struct ruleset *rules, struct cdatetime now, struct err *err);

/*
 * The problem in a message of these checks without the field's name in
 * front ("'123' has 3 digits; …" of "phone: '123' has 3 digits; …"), for
 * a caller that names the field itself (CSV import names the column).
 */
const char *case_field_problem(enum case_field f, const char *msg);

#endif
