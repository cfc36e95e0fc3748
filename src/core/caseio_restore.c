/* CSV restore of a full export: each case as it was, its number kept gapless,
 * one "import" event carrying it; merges resolved once every row is in. */
#include "core/i18n.h"
#include "core/caseio.h"
#include "core/text.h"
#include "core/util.h"
#include "caseio_priv.h"
#include "cases_db.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool parse_number(const char *s, int *year, int *seq)
{
	const char *dash = strrchr(s, '-');
	char *end;
	long y, q;

	if (!dash || dash - s < 4)
		return false;
	for (const char *p = dash - 4; p < dash; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	y = strtol(dash - 4, &end, 10);
	if (end != dash || !isdigit((unsigned char)dash[1]))
		return false;
	q = strtol(dash + 1, &end, 10);
	if (*end || q < 1 || q > 99999999 || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return false;
	*year = (int)y;
	*seq = (int)q;
	return true;
}

/* The row's column of codes as codes of rules.ini, appended at out; at least one when
 * required. */
static void restore_code_list(const struct case_ctx *ctx, struct row *w,
			      const struct caseio_codes *cc, bool required,
			      char (*out)[RULES_CODE_MAX], int *nout)
{
	const char *parts[RULES_MAX_DEPTS > RULES_MAX_CATEGORIES ? RULES_MAX_DEPTS
								  : RULES_MAX_CATEGORIES];
	char *pstore = NULL;
	int n;

	n = caseio_split(caseio_field(w, cc->col), parts, cc->max, &pstore);
	if (n < 0)
		caseio_error(w, cc->col, "too many %s", cc->many);
	else if (n == 0 && required)
		caseio_error(w, cc->col, "at least one %s is required", cc->one);
	for (int i = 0; i < n; i++) {
		const char *code = cc->code_of(ctx->rules, parts[i]);
		if (!code)
			caseio_error(w, cc->col, "unknown %s '%.40s'", cc->one, parts[i]);
		else
			snprintf(out[(*nout)++], RULES_CODE_MAX, "%s", code);
	}
	free(pstore);
}

/* The departments and categories of the row, as codes of rules.ini. */
static void restore_codes(const struct case_ctx *ctx, struct row *w, struct case_record *r)
{
	restore_code_list(ctx, w, &caseio_depts, true, r->depts, &r->ndepts);
	restore_code_list(ctx, w, &caseio_categories, false, r->categories, &r->ncategories);
}

/* The intake columns of the row, as exported. */
static void restore_intake(const struct case_ctx *ctx, struct row *w, struct case_record *r)
{
	r->channel = (enum channel)caseio_vocab(w, C_CHANNEL, channel_parse, channel_codes(), true);
	r->kind = (enum case_kind)caseio_vocab(w, C_KIND, kind_parse, kind_codes(), true);
	r->name = (char *)caseio_text(w, C_NAME, CASE_SHORT_MAX, false);
	r->phone = (char *)caseio_text(w, C_PHONE, 30, false);
	r->relation = (char *)caseio_text(w, C_RELATION, CASE_SHORT_MAX, false);
	r->address = (char *)caseio_text(w, C_ADDRESS, CASE_NOTE_MAX, false);
	r->id_number = (char *)caseio_text(w, C_ID_NUMBER, CASE_SHORT_MAX, false);
	r->anonymous = caseio_bool(w, C_ANONYMOUS);
	r->group_size = caseio_int(w, C_GROUP_SIZE, 1, 100000, 1);
	r->representatives = (char *)caseio_text(w, C_REPRESENTATIVES, CASE_NOTE_MAX, true);
	r->patient_name = (char *)caseio_text(w, C_PATIENT_NAME, CASE_SHORT_MAX, false);
	r->patient_record = (char *)caseio_text(w, C_PATIENT_RECORD, CASE_SHORT_MAX, false);
	r->visit_date = CDATE_NONE;
	if (*caseio_field(w, C_VISIT_DATE)) {
		struct err e = { 0 };
		if (date_parse(caseio_field(w, C_VISIT_DATE), &r->visit_date, &e))
			caseio_error(w, C_VISIT_DATE, "%s", e.msg);
	}
	r->unit = (char *)caseio_text(w, C_UNIT, CASE_SHORT_MAX, false);
	if (r->unit && !rules_unit_valid(ctx->rules, r->unit))
		caseio_error(w, C_UNIT, "unknown subject unit '%.40s'", r->unit);
	r->staff = (char *)caseio_text(w, C_STAFF, CASE_SHORT_MAX, false);
	r->text = (char *)caseio_text(w, C_ACCOUNT, CASE_TEXT_MAX, true);
	if (!*caseio_field(w, C_ACCOUNT))
		caseio_error(w, C_ACCOUNT, "the account is required");
	r->demand = (char *)caseio_text(w, C_DEMAND, CASE_NOTE_MAX, true);
	r->claim_fen = caseio_money(w, C_CLAIM);
	r->paid_fen = caseio_money(w, C_PAID);
	r->hclass = (enum handling_class)caseio_vocab(w, C_CLASS, class_parse, class_codes(), true);
	restore_codes(ctx, w, r);
	r->flags = caseio_flags(w, C_FLAGS);
	if (r->anonymous)
		r->flags |= FLAG_ANONYMOUS;
}

/* The state columns of the row, as exported. */
static void restore_state(struct row *w, struct case_record *r)
{
	snprintf(r->receiver, sizeof r->receiver, "%s", caseio_field(w, C_RECEIVER));
	if (!r->receiver[0] ||
	    text_check_field("receiver", r->receiver, 60, false, &(struct err){ 0 }))
		caseio_error(w, C_RECEIVER, "a first receiver (a login) is required");
	r->status = (enum case_status)caseio_vocab(w, C_STATUS, status_parse, status_codes(), true);
	r->round = caseio_int(w, C_ROUND, 1, 1000, 1);
	r->round_at = caseio_time(w, C_ROUND_AT, false);
	if (r->round_at.day == CDATE_NONE)
		r->round_at = r->received;
	r->round_paused = caseio_int(w, C_ROUND_PAUSED, 0, 100000, 0);
	r->due = caseio_time(w, C_DUE, true);
	r->due_met = caseio_time(w, C_DUE_MET, false);
	r->escalated = caseio_bool(w, C_ESCALATED);
	r->reply_method = caseio_vocab(w, C_REPLY_METHOD, reply_method_parse, reply_method_codes(),
				       false);
	r->replied_at = caseio_time(w, C_REPLIED_AT, false);
	r->reply_text = (char *)caseio_text(w, C_REPLY_TEXT, CASE_TEXT_MAX, true);
	r->satisfaction = caseio_vocab(w, C_SATISFACTION, satisfaction_parse, satisfaction_codes(),
				       false);
	r->callback_at = caseio_time(w, C_CALLBACK_AT, false);
	r->callback_note = (char *)caseio_text(w, C_CALLBACK_NOTE, CASE_NOTE_MAX, true);
	r->finding = caseio_vocab(w, C_FINDING, finding_parse, finding_codes(), false);
	r->close_note = (char *)caseio_text(w, C_CLOSE_NOTE, CASE_NOTE_MAX, true);
	r->close_unreasonable = caseio_bool(w, C_CLOSE_UNREASONABLE);
	r->closed_at = caseio_time(w, C_CLOSED_AT, false);
	r->reject_reason = caseio_vocab(w, C_REJECT_REASON, reject_reason_parse,
					reject_reason_codes(), false);
	r->reject_note = (char *)caseio_text(w, C_REJECT_NOTE, CASE_NOTE_MAX, true);
	snprintf(r->merged_into, sizeof r->merged_into, "%s", caseio_field(w, C_MERGED_INTO));
	r->paused_from = STATUS_REGISTERED;
	if (*caseio_field(w, C_PAUSED_FROM))
		r->paused_from = (enum case_status)caseio_vocab(w, C_PAUSED_FROM, status_parse,
								status_codes(), false);
	r->paused_at = caseio_time(w, C_PAUSED_AT, false);
	r->pause_reason = (char *)caseio_text(w, C_PAUSE_REASON, CASE_NOTE_MAX, true);
	r->paused_days = caseio_int(w, C_PAUSED_DAYS, 0, 100000, 0);
	r->in_review = caseio_bool(w, C_IN_REVIEW);
	r->review_at = caseio_time(w, C_REVIEW_AT, false);
	r->review_reason = (char *)caseio_text(w, C_REVIEW_REASON, CASE_NOTE_MAX, true);
}

/* What the store itself would never have written. */
static void restore_check(const struct case_ctx *ctx, struct row *w, const struct case_record *r)
{
	if ((int)r->status >= 0 && r->status == STATUS_MERGED && !r->merged_into[0])
		caseio_error(w, C_MERGED_INTO, "a merged case needs the number it was merged into");
	if ((int)r->status >= 0 && r->status != STATUS_MERGED && r->merged_into[0])
		caseio_error(w, C_MERGED_INTO, "only a merged case may name one");
	if ((int)r->status >= 0 && r->status == STATUS_REJECTED && r->reject_reason < 0)
		caseio_error(w, C_REJECT_REASON, "a case not accepted needs its reason");
	if ((int)r->status >= 0 && case_status_final(r->status) && r->closed_at.day == CDATE_NONE)
		caseio_error(w, C_CLOSED_AT, "a %s case needs the time it was closed",
			     status_code(r->status));
	if (r->received.day != CDATE_NONE && datetime_cmp(r->received, ctx->now) > 0)
		caseio_error(w, C_RECEIVED, "received time is in the future");
}

/* Gapless numbers: this one must be the next of its year, and is taken.
 * A number out of turn is a problem of the row (0 returned). */
static int restore_number(const struct case_ctx *ctx, struct row *w, const char *number,
			  int year, int seq, struct err *err)
{
	struct store *st = ctx->st;
	int rc, last = 0, taken;
	sqlite3_stmt *s;

	if ((rc = caseio_prep(st, "SELECT (SELECT last FROM case_seq WHERE year = ?1), "
			      "(SELECT count(*) FROM cases WHERE number = ?2)", &s, err)))
		return rc;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, number, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		last = sqlite3_column_int(s, 0);
		if (sqlite3_column_int(s, 1)) {
			sqlite3_finalize(s);
			caseio_error(w, C_NUMBER, "%s is already in the database", number);
			return 0;
		}
	}
	sqlite3_finalize(s);
	if (seq != last + 1) {
		caseio_error(w, C_NUMBER, "%s is not the next number of %d (that is %05d): "
			     "numbers must stay gapless, so restore a whole export, in order, into "
			     "an empty database", number, year, last + 1);
		return 0;
	}
	if ((rc = cases_number_next(ctx, year, &taken, NULL, 0, err)))
		return rc;
	if (taken != seq)
		return err_set(err, ERR_INTERNAL, "%s: case_seq gave %d", number, taken);
	return 0;
}

/* A merged case, to be pointed at the case it names once every row is in. */
static void restore_note_merge(struct importer *im, struct row *w, const struct case_record *r)
{
	if (im->nmerges == im->capmerges) {
		im->capmerges = im->capmerges ? im->capmerges * 2 : 64;
		im->merges = xrealloc(im->merges, (size_t)im->capmerges * sizeof *im->merges);
	}
	im->merges[im->nmerges].id = r->id;
	snprintf(im->merges[im->nmerges].into, sizeof im->merges[0].into, "%s", r->merged_into);
	im->merges[im->nmerges].line = w->rec->line;
	im->merges[im->nmerges].field = w->map[C_MERGED_INTO];
	im->nmerges++;
}

/* Writes the case with its number and its "import" event. */
static int restore_write(struct importer *im, struct row *w, struct case_record *r,
			 const char *number, int seq, struct err *err)
{
	const struct case_ctx *ctx = im->ctx;
	json_t *o;
	char *after, note[64];
	int rc;

	snprintf(r->number, sizeof r->number, "%s", number);
	if ((rc = cases_row_insert(ctx, r, seq, err)))
		return rc;
	if (r->merged_into[0])
		restore_note_merge(im, w, r);
	o = case_to_json(r, false);
	after = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(note, sizeof note, "restored from CSV line %ld", w->rec->line);
	json_decref(o);
	rc = store_event_append(ctx->st, &(struct store_event_in){
					.case_id = r->id, .round = r->round,
					.actor = ctx->actor, .at = ctx->at, .recorded = ctx->now,
					.action = "import", .after = after, .note = note }, NULL, err);
	free(after);
	return rc;
}

/*
 * A case exactly as exported: validated like the store validates, written
 * with its number (which must be the next of its year, so numbers stay
 * gapless), its departments and categories, and one "import" event that
 * carries the whole case, chained like every other event.
 */
int caseio_import_restore(struct importer *im, struct row *w, struct err *err)
{
	const struct case_ctx *ctx = im->ctx;
	struct case_record r = { 0 };
	char number[32];
	int year = 0, seq = 0, rc;

	snprintf(number, sizeof number, "%s", caseio_field(w, C_NUMBER));
	if (!parse_number(number, &year, &seq))
		caseio_error(w, C_NUMBER, "'%.40s' is not a case number like TS2026-00042", number);
	r.received = caseio_time(w, C_RECEIVED, true);
	if (r.received.day != CDATE_NONE && year && date_year(r.received.day) != year)
		caseio_error(w, C_NUMBER, "%s belongs to %d but the case was received in %d",
			     number, year, date_year(r.received.day));
	restore_intake(ctx, w, &r);
	restore_state(w, &r);
	restore_check(ctx, w, &r);
	if (w->bad)
		return 0;
	if ((rc = restore_number(ctx, w, number, year, seq, err)) || w->bad)
		return rc;
	if ((rc = restore_write(im, w, &r, number, seq, err)))
		return rc;
	caseio_note_number(im, number);
	return 0;
}

int caseio_resolve_merges(struct importer *im, struct err *err)
{
	struct store *st = im->ctx->st;

	for (int i = 0; i < im->nmerges; i++) {
		struct pending_merge *m = &im->merges[i];
		sqlite3_stmt *s;
		int rc;

		if ((rc = caseio_prep(st, "UPDATE cases SET merged_into = (SELECT id FROM cases "
				      "WHERE number = ?1) WHERE id = ?2 RETURNING merged_into",
					&s, err)))
			return rc;
		sqlite3_bind_text(s, 1, m->into, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, m->id);
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW) {
			sqlite3_finalize(s);
			return store_sql_error(st, "merged case", err);
		}
		if (sqlite3_column_type(s, 0) == SQLITE_NULL) {
			char msg[300];
			snprintf(msg, sizeof msg, R_("line %ld, field '%s': no case %s in the file or "
						     "the database"), m->line, csv_header_name(im->rd, m->field), m->into);
			im->res->bad++;
			if (im->on_error)
				im->on_error(msg, im->arg);
		}
		sqlite3_finalize(s);
	}
	return 0;
}
