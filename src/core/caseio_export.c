/* CSV and JSON export of the cases, and CSV export of the events. */
#include "core/caseio.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/privacy.h"
#include "core/util.h"
#include "core/progress.h"
#include "caseio_priv.h"
#include "cases_db.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const char *fmt_time(struct cdatetime t, char *buf)
{
	return t.day == CDATE_NONE ? "" : store_time(t, buf);
}

static const char *fmt_money(int64_t fen, char *buf, size_t size)
{
	return fen == 0 ? "" : money_format(fen, buf, size);
}

static const char *fmt_bool(bool b)
{
	return b ? "1" : "0";
}

static void join(char (*codes)[RULES_CODE_MAX], int n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len + 1 < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ";" : "", codes[i]);
}

/* The value of column c for r; buf (at least 512 bytes) may hold it. */
static const char *value_of(const struct case_record *r, int c, char *buf, size_t size)
{
#define STR(x) ((x) ? (x) : "")
	switch (c) {
	case C_NUMBER: return r->number;
	case C_RECEIVED: return fmt_time(r->received, buf);
	case C_CHANNEL: return channel_code(r->channel);
	case C_KIND: return kind_code(r->kind);
	case C_NAME: return STR(r->name);
	case C_PHONE: return STR(r->phone);
	case C_RELATION: return STR(r->relation);
	case C_ADDRESS: return STR(r->address);
	case C_ID_NUMBER: return STR(r->id_number);
	case C_ANONYMOUS: return fmt_bool(r->anonymous);
	case C_GROUP_SIZE: snprintf(buf, size, "%d", r->group_size > 0 ? r->group_size : 1); return buf;
	case C_REPRESENTATIVES: return STR(r->representatives);
	case C_PATIENT_NAME: return STR(r->patient_name);
	case C_PATIENT_RECORD: return STR(r->patient_record);
	case C_VISIT_DATE: return r->visit_date == CDATE_NONE ? "" : date_format(r->visit_date, buf);
	case C_UNIT: return STR(r->unit);
	case C_STAFF: return STR(r->staff);
	case C_ACCOUNT: return STR(r->text);
	case C_DEMAND: return STR(r->demand);
	case C_CLAIM: return fmt_money(r->claim_fen, buf, size);
	case C_CLASS: return class_code(r->hclass);
	case C_DEPTS: join((char (*)[RULES_CODE_MAX])r->depts, r->ndepts, buf, size); return buf;
	case C_CATEGORIES:
		join((char (*)[RULES_CODE_MAX])r->categories, r->ncategories, buf, size);
		return buf;
	case C_FLAGS: {
		char *p;
		flags_format(r->flags, buf, size);
		for (p = buf; *p; p++)
			if (*p == ',')
				*p = ';';
		return buf;
	}
	case C_MATERIALS: return "";
	case C_RECEIVER: return r->receiver;
	case C_STATUS: return status_code(r->status);
	case C_ROUND: snprintf(buf, size, "%d", r->round); return buf;
	case C_ROUND_AT: return fmt_time(r->round_at, buf);
	case C_ROUND_PAUSED: snprintf(buf, size, "%d", r->round_paused); return buf;
	case C_DUE: return fmt_time(r->due, buf);
	case C_DUE_MET: return fmt_time(r->due_met, buf);
	case C_ESCALATED: return fmt_bool(r->escalated);
	case C_REPLY_METHOD: return r->reply_method >= 0 ? reply_method_code(r->reply_method) : "";
	case C_REPLIED_AT: return fmt_time(r->replied_at, buf);
	case C_REPLY_TEXT: return STR(r->reply_text);
	case C_SATISFACTION: return r->satisfaction >= 0 ? satisfaction_code(r->satisfaction) : "";
	case C_CALLBACK_AT: return fmt_time(r->callback_at, buf);
	case C_CALLBACK_NOTE: return STR(r->callback_note);
	case C_FINDING: return r->finding >= 0 ? finding_code(r->finding) : "";
	case C_PAID: return fmt_money(r->paid_fen, buf, size);
	case C_CLOSE_NOTE: return STR(r->close_note);
	case C_CLOSE_UNREASONABLE: return fmt_bool(r->close_unreasonable);
	case C_CLOSED_AT: return fmt_time(r->closed_at, buf);
	case C_REJECT_REASON: return r->reject_reason >= 0 ? reject_reason_code(r->reject_reason) : "";
	case C_REJECT_NOTE: return STR(r->reject_note);
	case C_MERGED_INTO: return r->merged_into;
	case C_PAUSED_FROM: return r->status == STATUS_PAUSED ? status_code(r->paused_from) : "";
	case C_PAUSED_AT: return fmt_time(r->paused_at, buf);
	case C_PAUSE_REASON: return STR(r->pause_reason);
	case C_PAUSED_DAYS: snprintf(buf, size, "%d", r->paused_days); return buf;
	case C_IN_REVIEW: return fmt_bool(r->in_review);
	case C_REVIEW_AT: return fmt_time(r->review_at, buf);
	case C_REVIEW_REASON: return STR(r->review_reason);
	}
	return "";
#undef STR
}

/* The viewer of an export made by the caseio_export_*_as calls (NULL: the
 * raw data, for cdesk's own use): its protected identities are masked or,
 * when it may see them, their cases are counted as disclosed. */
static struct export_privacy {
	struct case_viewer v;
} *privacy;

static void privacy_apply(struct case_record *r)
{
	if (privacy && !case_viewer_sees(&privacy->v, r))
		case_identity_mask(r);
}

static int each_case(struct store *st, bool details,
		     int (*fn)(struct store *, struct case_record *, void *, struct err *),
		     void *arg, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = caseio_prep(st, "SELECT id FROM cases ORDER BY year, seq", &s, err)))
		return rc;
	for (long long done = 1; (rc = sqlite3_step(s)) == SQLITE_ROW; done++) {
		struct case_record r;
		progress_note("export", done, 0);
		if ((rc = case_get_id(st, sqlite3_column_int64(s, 0), details, &r, err))) {
			sqlite3_finalize(s);
			return rc;
		}
		privacy_apply(&r);
		rc = fn(st, &r, arg, err);
		case_record_free(&r);
		if (rc) {
			sqlite3_finalize(s);
			progress_end("export");
			return rc;
		}
	}
	sqlite3_finalize(s);
	progress_end("export");
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "export", err);
	return 0;
}

static int write_out(FILE *out, struct sbuf *b, struct err *err)
{
	if (b->len && fwrite(b->s, 1, b->len, out) != b->len)
		return err_set(err, ERR_INTERNAL, "export: write failed");
	b->len = 0;
	return 0;
}

static int csv_case(struct store *st, struct case_record *r, void *arg, struct err *err)
{
	FILE *out = arg;
	const char *vals[C__COUNT];
	char bufs[C__COUNT][512];
	struct sbuf b = { 0 };
	int rc;

	(void)st;
	for (int c = 0; c < C__COUNT; c++)
		vals[c] = value_of(r, c, bufs[c], sizeof bufs[c]);
	csv_write_cells(&b, vals, C__COUNT);
	rc = write_out(out, &b, err);
	sbuf_free(&b);
	return rc;
}

int caseio_export_csv(struct store *st, FILE *out, struct err *err)
{
	const char *names[C__COUNT];
	struct sbuf b = { 0 };
	int rc;

	for (int c = 0; c < C__COUNT; c++)
		names[c] = caseio_columns[c].name;
	/* No C_MATERIALS in a restore: documents keep their own table. */
	csv_write_record(&b, names, C__COUNT);
	rc = write_out(out, &b, err);
	sbuf_free(&b);
	if (rc)
		return rc;
	return each_case(st, false, csv_case, out, err);
}

int caseio_export_events_csv(struct store *st, FILE *out, struct err *err)
{
	static const char *const names[] = { "id", "case", "round", "actor", "at", "recorded",
					     "action", "before", "after", "note", "prev_hash",
					     "hash" };
	enum { NCOLS = sizeof names / sizeof names[0] };
	sqlite3_stmt *s;
	struct sbuf b = { 0 };
	int rc;

	csv_write_record(&b, names, NCOLS);
	if ((rc = caseio_prep(st, "SELECT e.id, coalesce(c.number, ''), e.round, e.actor, e.at, "
			      STORE_RECORDED("e") ", e.action, e.before, cdesk_event_after(e.at, e.after), e.note, "
			      /* the link: the hash of the event before (not stored) */
			      "lower(hex(lag(e.hash, 1, zeroblob(32)) OVER (ORDER BY e.id))), "
				"lower(hex(e.hash)), coalesce(" PRIVACY_PROTECTED_SQL ", 0), e.case_id FROM events e "
				"LEFT JOIN cases c ON c.id = e.case_id ORDER BY e.id", &s, err))) {
		sbuf_free(&b);
		return rc;
	}
	assert(sqlite3_column_count(s) == NCOLS + 2);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v[NCOLS];
		struct store_event ev = { 0 };
		for (int i = 0; i < NCOLS; i++) {
			v[i] = (const char *)sqlite3_column_text(s, i);
			if (!v[i])
				v[i] = "";
		}
		if (privacy && !privacy->v.sees_identity && sqlite3_column_int(s, NCOLS)) {
			/* before, after and note as case_events shows them to this viewer */
			struct case_record r = { .id = sqlite3_column_int64(s, NCOLS + 1),
						 .identity_masked = true,
						 .identity_masked_patient = true };
			ev.before = xstrdup(v[7]);
			ev.after = xstrdup(v[8]);
			ev.note = xstrdup(v[9]);
			case_events_mask(st, &r, &ev, 1);
			v[7] = ev.before;
			v[8] = ev.after;
			v[9] = ev.note;
		}
		csv_write_cells(&b, v, NCOLS);
		free(ev.before);
		free(ev.after);
		free(ev.note);
		if (b.len > 65536 && (rc = write_out(out, &b, err)))
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		rc = write_out(out, &b, err);
	else if (rc == SQLITE_ROW || rc > 0)
		rc = rc == ERR_INTERNAL ? rc : store_sql_error(st, "export events", err);
	sbuf_free(&b);
	return rc;
}

struct json_state {
	FILE *out;
	bool events;
	bool first;
};

static int json_case(struct store *st, struct case_record *r, void *arg, struct err *err)
{
	struct json_state *js = arg;
	json_t *o = case_to_json(r, true);
	char *s;

	if (js->events) {
		struct store_event *evs;
		int n, rc;
		json_t *a = json_array();
		if ((rc = case_events(st, r, &evs, &n, err))) {
			json_decref(a);
			json_decref(o);
			return rc;
		}
		for (int i = 0; i < n; i++)
			json_array_append_new(a, case_event_to_json(&evs[i]));
		store_events_free(evs, n);
		json_object_set_new(o, "events", a);
	}
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return err_set(err, ERR_INTERNAL, "export: JSON encoding failed");
	if (fprintf(js->out, "%s%s", js->first ? "[\n" : ",\n", s) < 0) {
		free(s);
		return err_set(err, ERR_INTERNAL, "export: write failed");
	}
	js->first = false;
	free(s);
	return 0;
}

int caseio_export_json(struct store *st, FILE *out, bool events, struct err *err)
{
	struct json_state js = { out, events, true };
	int rc = each_case(st, true, json_case, &js, err);

	if (rc)
		return rc;
	fputs(js.first ? "[]\n" : "\n]\n", out);
	return 0;
}

/* ---- as a user sees it (SPEC §9) ---- */

void caseio_disclosure_free(struct caseio_disclosure *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->numbers[i]);
	free(d->numbers);
	memset(d, 0, sizeof *d);
}

/* The numbers of the protected cases, when the viewer sees their identity. */
static int disclosed(struct store *st, struct caseio_disclosure *d, struct err *err)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	memset(d, 0, sizeof *d);
	if (!privacy->v.sees_identity)
		return 0;
	if ((rc = caseio_prep(st, "SELECT number FROM cases c WHERE " PRIVACY_PROTECTED_SQL
			      " ORDER BY year, seq", &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (d->n == cap) {
			cap = cap ? cap * 2 : 16;
			d->numbers = xrealloc(d->numbers, (size_t)cap * sizeof *d->numbers);
		}
		d->numbers[d->n++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		caseio_disclosure_free(d);
		return store_sql_error(st, "export", err);
	}
	return 0;
}

int caseio_export_as(const struct case_ctx *ctx, enum caseio_format format, FILE *out,
		     struct caseio_disclosure *d, struct err *err)
{
	struct export_privacy p;
	int rc;

	case_viewer_get(ctx, &p.v);
	privacy = &p;
	if (!(rc = disclosed(ctx->st, d, err))) {
		/* The first line says what the file holds (cdesk import skips it). */
		if (d->n && format != CASEIO_JSON &&
		    fprintf(out, "# CONFIDENTIAL: holds the protected identity of %d complainant%s "
			    "(举报人 / anonymous, policy 12 item 10), exported by %s; keep it "
			    "private, do not forward\n", d->n, d->n == 1 ? "" : "s",
			    ctx->actor) < 0)
			rc = err_set(err, ERR_INTERNAL, "export: write failed");
		else if (format == CASEIO_JSON || format == CASEIO_JSON_EVENTS)
			rc = caseio_export_json(ctx->st, out, format == CASEIO_JSON_EVENTS, err);
		else if (format == CASEIO_CSV_EVENTS)
			rc = caseio_export_events_csv(ctx->st, out, err);
		else
			rc = caseio_export_csv(ctx->st, out, err);
		if (rc)
			caseio_disclosure_free(d);
	}
	privacy = NULL;
	return rc;
}
