/*
 * correct: a registered field corrected (a misheard phone number, the
 * patient's record number found later, the account completed). The case
 * is never edited in place without this event: it keeps each field before
 * and after, with the reason and who corrected it.
 */
#include "action.h"
#include "core/field.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_NAME, P_PHONE, P_RELATION, P_ADDRESS, P_ID, P_PATIENT, P_RECORD, P_UNIT, P_STAFF,
       P_TEXT, P_DEMAND, P_CLAIM, P_REASON };

/* The intake field of each parameter (core/field.h checks its value) and its column. */
static const enum case_field fields[P_REASON] = {
	CF_NAME, CF_PHONE, CF_RELATION, CF_ADDRESS, CF_ID_NUMBER, CF_PATIENT_NAME,
	CF_PATIENT_RECORD, CF_UNIT, CF_STAFF, CF_ACCOUNT, CF_DEMAND, CF_CLAIM,
};

static const char *const columns[P_REASON] = {
	"name", "phone", "relation", "address", "id_number", "patient_name", "patient_record",
	"unit", "staff", "account", "demand", "claim_fen",
};

#define FIELD(name, type, max, prompt, member) \
	{ name, type, PF_PICK, max, prompt, type == PT_MONEY ? "YUAN" : "TEXT", NULL, \
	  offsetof(struct case_record, member) }

/* The fields as registered, in the order of columns[]. */
static const struct action_param params[] = {
	FIELD("name", PT_TEXT, CASE_SHORT_MAX, N_("Complainant"), name),
	FIELD("phone", PT_TEXT, 30, N_("Phone"), phone),
	FIELD("relation", PT_TEXT, CASE_SHORT_MAX, N_("Relation to the patient"), relation),
	FIELD("address", PT_TEXT, CASE_NOTE_MAX, N_("Address"), address),
	FIELD("id-number", PT_TEXT, CASE_SHORT_MAX, N_("ID number"), id_number),
	FIELD("patient", PT_TEXT, CASE_SHORT_MAX, N_("Patient"), patient_name),
	FIELD("record", PT_TEXT, CASE_SHORT_MAX, N_("Medical record number"), patient_record),
	FIELD("unit", PT_TEXT, CASE_SHORT_MAX, N_("Subject unit"), unit),
	FIELD("staff", PT_TEXT, CASE_SHORT_MAX, N_("Staff named"), staff),
	FIELD("text", PT_LONGTEXT, CASE_TEXT_MAX, N_("Account"), text),
	FIELD("demand", PT_LONGTEXT, CASE_NOTE_MAX, N_("Demand"), demand),
	FIELD("claim", PT_MONEY, 0, N_("Claim, yuan"), claim_fen),
	PARAM_REASON(N_("Why is it corrected?")),
};

static int allowed(const struct case_record *r, const struct action_args *a, struct err *err)
{
	(void)a;
	return r->status == STATUS_MERGED ? action_refuse_merged(err, r, "correct that case") : 0;
}

static int check(const struct case_ctx *ctx, const struct action_args *a, struct err *err)
{
	int rc;

	/* The same check as at intake, one field at a time (the account stays required). */
	for (int i = 0; i < P_REASON; i++)
		if (GIVEN(a, i) && (rc = case_field_check(fields[i], TEXT(a, i), ctx->rules, ctx->now,
							  err)))
			return rc;
	if (GIVEN(a, P_TEXT) && !*TEXT(a, P_TEXT))
		return err_set(err, ERR_USAGE, "correct: the account (text) may not be emptied");
	return 0;
}

static int apply(const struct case_ctx *ctx, struct case_record *r, const struct action_args *a,
		 struct action_step *step, struct err *err)
{
	int changed = 0, rc;

	(void)step;
	for (int i = 0; i < P_REASON; i++) {
		const struct action_param *p = &params[i];
		char sql[96];
		sqlite3_stmt *s;
		if (!GIVEN(a, i))
			continue;
		snprintf(sql, sizeof sql, "UPDATE cases SET %s = ? WHERE id = ?", columns[i]);
		if ((rc = cases_prepare(ctx->st, sql, &s, err)))
			return rc;
		if (p->type == PT_MONEY) {
			int64_t *fen = (int64_t *)((char *)r + p->rec_off);
			changed += *fen != a->v[i].fen;
			*fen = a->v[i].fen;
			sqlite3_bind_int64(s, 1, *fen);
		} else {
			char **field = (char **)((char *)r + p->rec_off);
			const char *was = *field ? *field : "";
			changed += strcmp(was, TEXT(a, i)) != 0;
			action_set_str(field, TEXT(a, i));
			cases_bind_text(s, 1, *field);
		}
		sqlite3_bind_int64(s, 2, r->id);
		if ((rc = cases_step_done(ctx->st, s, "correction", err)))
			return rc;
	}
	if (!changed)
		return err_set(err, ERR_USAGE, "%s: the values given are the ones on file; nothing "
			       "to correct", r->number);
	return 0;
}

const struct case_action_def action_correct = {
	CA_CORRECT, "correct", N_("Correct a registered field"), N_("corrected"),
	N_("correct a registered field, with the reason (kept before and after)"), N_("corrected"),
	true, PARAMS(params), allowed, check, apply, 0,
};
