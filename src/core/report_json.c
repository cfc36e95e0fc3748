/* The report as one JSON object (jansson): amounts in fen, percentages as numbers. */
#include "core/report.h"
#include "report_priv.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static json_t *json_pct(long num, long den)
{
	if (den <= 0)
		return json_null();
	return json_real((double)(long)(1000.0 * (double)num / (double)den + 0.5) / 10.0);
}

static json_t *json_totals(const struct report_totals *t)
{
	json_t *o = json_object();

	for (size_t i = 0; i < REPORT_NTOTALS; i++)
		json_object_set_new(o, report_totals_fields[i].name,
				    json_integer(report_totals_get(t, i)));
	return o;
}

static json_t *json_breakdown(const struct report_breakdown *bd)
{
	json_t *o = json_object(), *rows = json_array();

	for (int i = 0; i < bd->nrows; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "code", json_string(bd->rows[i].code));
		json_object_set_new(x, "label", json_string(bd->rows[i].label));
		json_object_set_new(x, "cases", json_integer(bd->rows[i].n));
		json_array_append_new(rows, x);
	}
	json_object_set_new(o, "multi", json_boolean(bd->multi));
	json_object_set_new(o, "distinct",
			    json_integer(bd->multi ? bd->distinct : report_row_sum(bd)));
	json_object_set_new(o, "rows", rows);
	return o;
}

/*
 * The four lists of cases (the late replies, the late feedback and
 * rectifications, the repeated subjects: 100,000 rows and more in a quarter
 * of a million-case file) are written directly, not as jansson objects: in
 * the tree they are a marker string, replaced in json_dumps's text by the
 * list as json_dumps would write it (JSON_INDENT(2), UTF-8 as it is, the
 * same escapes).
 */
enum list_kind { LIST_LATE, LIST_FEEDBACK, LIST_RECTIFY, LIST_REPEAT, LIST__COUNT };
static const char *const list_marker[LIST__COUNT] = { "\001late", "\001feedback",
						      "\001rectify", "\001repeat" };
/* the key whose value each marker is */
static const char *const list_key[LIST__COUNT] = { "cases", "late_feedback", "late_rectify",
						   "repeat_subjects" };
static const char *const list_done_key[LIST__COUNT] = { "closed", "feedback", "rectified",
						        "closed" };

static void write_str(struct sbuf *b, const char *s)
{
	const char *run = s;

	sbuf_add(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" :
				  c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r" :
				  c == '\t' ? "\\t" : NULL;
		if (!esc && c >= 0x20)
			continue;
		sbuf_addn(b, run, (size_t)(s - run));
		if (esc)
			sbuf_add(b, esc);
		else
			sbuf_addf(b, "\\u%04X", c);
		run = s + 1;
	}
	sbuf_addn(b, run, (size_t)(s - run));
	sbuf_add(b, "\"");
}

/* A new line indented depth levels (two spaces each), after a comma unless
 * first. By hand: a printf per member was a sixth of a million-case
 * report's JSON (100,000 rows of its lists, 7 members each). */
static void write_line(struct sbuf *b, int depth, bool first)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)(depth > 0 ? depth : 0) * 2;

	if (!first)
		sbuf_addn(b, ",", 1);
	sbuf_addn(b, "\n", 1);
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		sbuf_addn(b, spaces, sizeof spaces - 1);
	sbuf_addn(b, spaces, n);
}

static void write_key(struct sbuf *b, int depth, const char *key, bool first)
{
	write_line(b, depth, first);
	sbuf_addn(b, "\"", 1);
	sbuf_add(b, key);
	sbuf_addn(b, "\": ", 3);
}

static void write_int(struct sbuf *b, int v)
{
	char buf[16], *e = buf + sizeof buf, *p = e;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	do
		*--p = (char)('0' + u % 10u);
	while (u /= 10u);
	if (v < 0)
		*--p = '-';
	sbuf_addn(b, p, (size_t)(e - p));
}

/* A day, or null when none (a case still open: closed -1) */
static void write_day(struct sbuf *b, int depth, const char *key, cdate d, bool none)
{
	char buf[11];

	write_key(b, depth, key, false);
	if (none)
		sbuf_add(b, "null");
	else
		write_str(b, date_format(d, buf));
}

/* The list k of r as an array whose line is indented depth levels. */
static void write_list(struct sbuf *b, const struct report *r, enum list_kind k, int depth)
{
	const struct report_late *v = k == LIST_LATE ? r->late : k == LIST_FEEDBACK ?
				      r->late_feedback : k == LIST_RECTIFY ? r->late_rectify :
				      r->repeats;
	int n = k == LIST_LATE ? r->nlate : k == LIST_FEEDBACK ? r->nlate_feedback :
		k == LIST_RECTIFY ? r->nlate_rectify : r->nrepeats;
	int d = depth + 2;

	if (!n) {
		sbuf_add(b, "[]");
		return;
	}
	sbuf_add(b, "[");
	for (int i = 0; i < n; i++) {
		const struct report_late *x = &v[i];
		write_line(b, depth + 1, !i);
		sbuf_addn(b, "{", 1);
		write_key(b, d, "number", true);
		write_str(b, x->number);
		if (k == LIST_LATE) {
			write_key(b, d, "round", false);
			write_int(b, x->round);
			write_key(b, d, "supervised", false);
			sbuf_add(b, x->supervised ? "true" : "false");
		}
		write_key(b, d, "dept", false);
		write_str(b, x->dept);
		write_day(b, d, "received", x->received, false);
		write_day(b, d, "due", x->due, false);
		write_day(b, d, list_done_key[k], x->closed, x->closed < 0);
		write_key(b, d, "days_late", false);
		write_int(b, x->days_late);
		if (k == LIST_REPEAT) {
			write_key(b, d, "cases", false);
			write_int(b, x->cases);
		}
		write_line(b, depth + 1, true);
		sbuf_addn(b, "}", 1);
	}
	write_line(b, depth, true);
	sbuf_addn(b, "]", 1);
}

/*
 * text, json_dumps's, into out with each list's marker replaced by the
 * list. A marker is taken only as the whole value of its own key,
 * `"late_rectify": "\u0001rectify"`: inside an encoded string every quote
 * is escaped, so a name that holds the marker byte or a whole marker (a
 * complainant, a department) never matches and is copied as it is.
 */
static void splice_lists(struct sbuf *out, const char *text, const struct report *r)
{
	char pat[LIST__COUNT][48];
	const char *p = text;

	for (int k = 0; k < LIST__COUNT; k++)
		snprintf(pat[k], sizeof pat[k], "\"%s\": \"\\u0001%s\"", list_key[k],
			 list_marker[k] + 1);
	for (;;) {
		const char *m = NULL;
		int k = -1;
		for (int i = 0; i < LIST__COUNT; i++) {
			const char *at = strstr(p, pat[i]);
			if (at && (!m || at < m))
				m = at, k = i;
		}
		if (!m) {
			sbuf_add(out, p);
			return;
		}
		/* up to the value's opening quote: the key, its colon and space */
		size_t key_len = strlen(list_key[k]) + 4;
		sbuf_addn(out, p, (size_t)(m - p) + key_len);
		/* the list's depth: the indent of its key's line */
		const char *line = m;
		while (line > text && line[-1] != '\n')
			line--;
		write_list(out, r, (enum list_kind)k, (int)(strspn(line, " ") / 2));
		p = m + strlen(pat[k]);
	}
}

/* 第三十二、三十四条: substantiated findings by responsible department and staff. */
static void json_responsible(json_t *o, const struct report *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->nresp; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I}", "dept", r->resp[i].dept,
			"staff", r->resp[i].staff, "substantiated",
			(json_int_t)r->resp[i].substantiated, "partly", (json_int_t)r->resp[i].partly));
	json_object_set_new(o, "responsible", a);
}

/* The trend, the late entries and the chain head at the foot. */
static void json_tail(json_t *o, const struct report *r)
{
	json_t *a;
	char buf[32];

	a = json_array();
	for (int i = 0; i < r->ntrend; i++) {
		const struct report_trend *x = &r->trend[i];
		json_array_append_new(a, json_pack("{s:s,s:I,s:I,s:I,s:I}",
			"period", report_period_code(&x->period, buf),
			"received", (json_int_t)x->received, "closed", (json_int_t)x->closed,
			"closed_on_time", (json_int_t)x->closed_on_time,
			"overdue_at_end", (json_int_t)x->overdue_at_end));
	}
	json_object_set_new(o, "trend", a);
	a = json_array();
	for (int i = 0; i < r->nlate_entries; i++) {
		const struct report_late_entry *x = &r->late_entries[i];
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s}", "number", x->number,
			"action", x->action, "actor", x->actor, "at", x->at,
			"recorded", x->recorded));
	}
	json_object_set_new(o, "late_entries", a);
	{
		char anchor[96];
		json_object_set_new(o, "chain_head", json_pack("{s:I,s:s,s:s}", "events",
			(json_int_t)r->chain_events, "hash", r->chain_hash,
			"anchor", report_chain_anchor(r, anchor, sizeof anchor)));
	}
}

int report_render_json(const struct report *r, struct sbuf *out, struct err *err)
{
	json_t *o, *a;
	char buf[32], f[11], l[11];
	char *s;

	if (report_check(r, err))
		return err->code;
	o = json_object();
	json_object_set_new(o, "site", json_string(r->site));
	json_object_set_new(o, "period", json_string(report_period_code(&r->period, buf)));
	json_object_set_new(o, "kind", json_string(r->period.kind == PERIOD_QUARTER ? "quarter"
										   : "month"));
	json_object_set_new(o, "first", json_string(date_format(r->period.first, f)));
	json_object_set_new(o, "last", json_string(date_format(r->period.last, l)));
	json_object_set_new(o, "as_of", json_string(date_format(r->as_of, buf)));
	json_object_set_new(o, "partial", json_boolean(r->partial));
	json_object_set_new(o, "generated", json_string(datetime_format(r->generated, buf)));
	json_object_set_new(o, "calendar_known", json_boolean(r->calendar_known));
	json_object_set_new(o, "totals", json_totals(&r->totals));
	json_object_set_new(o, "previous", r->have_prev ? json_totals(&r->prev) : json_null());
	json_object_set_new(o, "year_ago", r->have_year_ago ? json_totals(&r->year_ago)
							    : json_null());
	json_object_set_new(o, "closed_on_time_percent",
			    json_pct(r->totals.closed_on_time, r->totals.closed));
	json_object_set_new(o, "by_channel", json_breakdown(&r->by_channel));
	json_object_set_new(o, "by_kind", json_breakdown(&r->by_kind));
	json_object_set_new(o, "by_class", json_breakdown(&r->by_class));
	json_object_set_new(o, "by_category", json_breakdown(&r->by_category));
	json_object_set_new(o, "by_unit", json_breakdown(&r->by_unit));

	a = json_array();
	for (int i = 0; i < r->ndepts; i++) {
		const struct report_dept *x = &r->depts[i];
		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I,s:I,s:o,s:I,s:I,s:o,s:I,s:I,s:I,s:o}",
			"code", x->code, "name", x->name, "received", (json_int_t)x->received,
			"closed", (json_int_t)x->closed, "closed_on_time", (json_int_t)x->closed_on_time,
			"closed_on_time_percent", json_pct(x->closed_on_time, x->closed),
			"overdue_now", (json_int_t)x->overdue_now, "replied", (json_int_t)x->replied,
			"median_reply_days", x->median_reply_days >= 0
					     ? json_real(x->median_reply_days) : json_null(),
			"reopened", (json_int_t)x->reopened, "callbacks", (json_int_t)x->callbacks,
			"satisfied", (json_int_t)x->satisfied,
			"satisfaction_percent", json_pct(x->satisfied, x->callbacks)));
	}
	json_object_set_new(o, "by_dept", json_pack("{s:I,s:o}", "distinct",
						    (json_int_t)r->depts_distinct, "rows", a));

	{
		json_t *fd = json_object();
		for (int i = 0; i < FINDING__COUNT; i++)
			json_object_set_new(fd, finding_code((enum finding)i),
					    json_integer(r->findings[i]));
		json_object_set_new(fd, "none", json_integer(r->finding_none));
		json_object_set_new(fd, "not_applicable", json_integer(r->finding_na));
		json_object_set_new(o, "findings", fd);
	}
	json_object_set_new(o, "claims",
			    json_pack("{s:I,s:I,s:I,s:I,s:I}", "claims", (json_int_t)r->claims,
				      "over_threshold", (json_int_t)r->claims_over,
				      "threshold_fen", (json_int_t)r->claim_threshold_fen,
				      "claimed_fen", (json_int_t)r->claimed_fen,
				      "paid_fen", (json_int_t)r->paid_fen));
	json_object_set_new(json_object_get(o, "claims"), "disputes_by_stage",
		json_pack("{s:I,s:I,s:I,s:I,s:I}",
			  "claims-centre", (json_int_t)r->dispute_stage[0],
			  "appraisal", (json_int_t)r->dispute_stage[1],
			  "mediation", (json_int_t)r->dispute_stage[2],
			  "litigation", (json_int_t)r->dispute_stage[3],
			  "settlement", (json_int_t)r->dispute_stage[4]));
	a = json_array();
	for (int i = 0; i < r->nrepeat; i++)
		json_array_append_new(a, json_pack("{s:s,s:I}", "who", r->repeat[i].who, "cases",
						   (json_int_t)r->repeat[i].cases));
	json_object_set_new(o, "repeat", json_pack("{s:I,s:I,s:o}", "people",
						   (json_int_t)r->repeat_people, "cases",
						   (json_int_t)r->repeat_cases, "top", a));
	a = json_string(list_marker[LIST_LATE]);
	json_object_set_new(o, "late", json_pack("{s:I,s:I,s:o}", "closed_late",
						 (json_int_t)r->late_closed, "open_overdue",
						 (json_int_t)r->late_open, "cases", a));
	json_object_set_new(o, "late_feedback", json_string(list_marker[LIST_FEEDBACK]));
	json_object_set_new(o, "late_rectify", json_string(list_marker[LIST_RECTIFY]));
	json_object_set_new(o, "repeat_subjects", json_string(list_marker[LIST_REPEAT]));
	a = json_object();
	for (int i = 0; i < 3; i++)
		json_object_set_new(a, report_review_code(i), json_integer(r->review_outcome[i]));
	json_object_set_new(o, "reviews", a);
	json_responsible(o, r);
	json_tail(o, r);

	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return err_set(err, ERR_INTERNAL, "the report could not be written as JSON");
	splice_lists(out, s, r);
	sbuf_add(out, "\n");
	free(s);
	return 0;
}
