/* CSV import (new complaints, or a full export restored) and CSV/JSON export of cases and events. */
#include "core/caseio.h"
#include "core/csv.h"
#include "core/field.h"
#include "core/money.h"
#include "core/text.h"
#include "core/util.h"
#include "cases_db.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

enum col {
	C_NUMBER, C_RECEIVED, C_CHANNEL, C_KIND, C_NAME, C_PHONE, C_RELATION, C_ADDRESS,
	C_ID_NUMBER, C_ANONYMOUS, C_GROUP_SIZE, C_REPRESENTATIVES, C_PATIENT_NAME,
	C_PATIENT_RECORD, C_VISIT_DATE, C_UNIT, C_STAFF, C_ACCOUNT, C_DEMAND, C_CLAIM, C_CLASS,
	C_DEPTS, C_CATEGORIES, C_FLAGS, C_MATERIALS,
	/* state, as exported */
	C_RECEIVER, C_STATUS, C_ROUND, C_ROUND_AT, C_ROUND_PAUSED, C_DUE, C_DUE_MET, C_ESCALATED,
	C_REPLY_METHOD, C_REPLIED_AT, C_REPLY_TEXT, C_SATISFACTION, C_CALLBACK_AT,
	C_CALLBACK_NOTE, C_FINDING, C_PAID, C_CLOSE_NOTE, C_CLOSE_UNREASONABLE, C_CLOSED_AT,
	C_REJECT_REASON, C_REJECT_NOTE, C_MERGED_INTO, C_PAUSED_FROM, C_PAUSED_AT, C_PAUSE_REASON,
	C_PAUSED_DAYS, C_IN_REVIEW, C_REVIEW_AT, C_REVIEW_REASON,
	C__COUNT
};

static const struct {
	const char *name, *zh;
	bool intake;
} columns[C__COUNT] = {
	[C_NUMBER] = { "number", "编号", false },
	[C_RECEIVED] = { "received", "受理时间", true },
	[C_CHANNEL] = { "channel", "渠道", true },
	[C_KIND] = { "kind", "类型", true },
	[C_NAME] = { "name", "投诉人", true },
	[C_PHONE] = { "phone", "电话", true },
	[C_RELATION] = { "relation", "与患者关系", true },
	[C_ADDRESS] = { "address", "地址", true },
	[C_ID_NUMBER] = { "id_number", "身份证号", true },
	[C_ANONYMOUS] = { "anonymous", "匿名", true },
	[C_GROUP_SIZE] = { "group_size", "人数", true },
	[C_REPRESENTATIVES] = { "representatives", "代表", true },
	[C_PATIENT_NAME] = { "patient_name", "患者姓名", true },
	[C_PATIENT_RECORD] = { "patient_record", "病历号", true },
	[C_VISIT_DATE] = { "visit_date", "就诊日期", true },
	[C_UNIT] = { "unit", "被投诉科室", true },
	[C_STAFF] = { "staff", "涉及人员", true },
	[C_ACCOUNT] = { "account", "投诉内容", true },
	[C_DEMAND] = { "demand", "诉求", true },
	[C_CLAIM] = { "claim", "索赔金额", true },
	[C_CLASS] = { "class", "处理级别", true },
	[C_DEPTS] = { "depts", "处理部门", true },
	[C_CATEGORIES] = { "categories", "类别", true },
	[C_FLAGS] = { "flags", "标记", true },
	[C_MATERIALS] = { "materials", "材料", true },
	[C_RECEIVER] = { "receiver", "首诉接待人", false },
	[C_STATUS] = { "status", "状态", false },
	[C_ROUND] = { "round", "派单轮次", false },
	[C_ROUND_AT] = { "round_at", "本轮开始", false },
	[C_ROUND_PAUSED] = { "round_paused", "本轮暂停天数", false },
	[C_DUE] = { "due", "办结期限", false },
	[C_DUE_MET] = { "due_met", "按期办结时间", false },
	[C_ESCALATED] = { "escalated", "已上报", false },
	[C_REPLY_METHOD] = { "reply_method", "答复方式", false },
	[C_REPLIED_AT] = { "replied_at", "答复时间", false },
	[C_REPLY_TEXT] = { "reply_text", "答复内容", false },
	[C_SATISFACTION] = { "satisfaction", "回访结果", false },
	[C_CALLBACK_AT] = { "callback_at", "回访时间", false },
	[C_CALLBACK_NOTE] = { "callback_note", "回访说明", false },
	[C_FINDING] = { "finding", "投诉认定", false },
	[C_PAID] = { "paid", "赔付金额", false },
	[C_CLOSE_NOTE] = { "close_note", "办结说明", false },
	[C_CLOSE_UNREASONABLE] = { "close_unreasonable", "无理诉求办结", false },
	[C_CLOSED_AT] = { "closed_at", "办结时间", false },
	[C_REJECT_REASON] = { "reject_reason", "不予受理理由", false },
	[C_REJECT_NOTE] = { "reject_note", "不予受理说明", false },
	[C_MERGED_INTO] = { "merged_into", "合并至", false },
	[C_PAUSED_FROM] = { "paused_from", "暂停前状态", false },
	[C_PAUSED_AT] = { "paused_at", "暂停时间", false },
	[C_PAUSE_REASON] = { "pause_reason", "暂停原因", false },
	[C_PAUSED_DAYS] = { "paused_days", "暂停天数", false },
	[C_IN_REVIEW] = { "in_review", "复核中", false },
	[C_REVIEW_AT] = { "review_at", "复核申请时间", false },
	[C_REVIEW_REASON] = { "review_reason", "复核理由", false },
};

int caseio_column_count(void)
{
	return C__COUNT;
}

const char *caseio_column_name(int i)
{
	return i >= 0 && i < C__COUNT ? columns[i].name : NULL;
}

const char *caseio_column_zh(int i)
{
	return i >= 0 && i < C__COUNT ? columns[i].zh : NULL;
}

bool caseio_column_intake(int i)
{
	return i >= 0 && i < C__COUNT && columns[i].intake;
}

/* ---- formatting values ---- */

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

/* ---- parsing values ---- */

struct row {
	const struct csv_reader *rd;
	const struct csv_record *rec;
	const int *map;             /* column id → field index, -1 absent */
	void (*on_error)(const char *, void *);
	void *arg;
	int bad;                    /* problems found in this row */
};

static const char *field(const struct row *w, int c)
{
	int i = w->map[c];

	return i >= 0 ? w->rec->fields[i] : "";
}

static void row_error(struct row *w, int c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void row_error(struct row *w, int c, const char *fmt, ...)
{
	char what[900], msg[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (c >= 0 && w->map[c] >= 0)
		snprintf(msg, sizeof msg, "line %ld, field '%s': %s", w->rec->line,
			 csv_header_name(w->rd, w->map[c]), what);
	else
		snprintf(msg, sizeof msg, "line %ld: %s", w->rec->line, what);
	w->bad++;
	if (w->on_error)
		w->on_error(msg, w->arg);
}

/* An optional text field: NULL when empty; checked for control characters
 * and size so the message names the column. */
static const char *text_of(struct row *w, int c, size_t max, bool multiline)
{
	const char *v = field(w, c);
	struct err e = { 0 };

	if (!*v)
		return NULL;
	if (text_check_field(columns[c].name, v, max, multiline, &e)) {
		const char *colon = strstr(e.msg, ": ");
		row_error(w, c, "%s", colon ? colon + 2 : e.msg);
		return NULL;
	}
	return v;
}

static bool bool_of(struct row *w, int c)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "是", "Y" };
	static const char *const no[] = { "", "0", "no", "n", "false", "否", "N" };
	const char *v = field(w, c);

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(v, yes[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(v, no[i]) == 0)
			return false;
	row_error(w, c, "'%.60s' is not yes or no (1/0, yes/no, 是/否)", v);
	return false;
}

static int int_of(struct row *w, int c, int min, int max, int dflt)
{
	const char *v = field(w, c);
	char *end;
	long n;

	if (!*v)
		return dflt;
	n = strtol(v, &end, 10);
	if (*end || end == v || n < min || n > max) {
		row_error(w, c, "'%.60s' is not a whole number from %d to %d", v, min, max);
		return dflt;
	}
	return (int)n;
}

/* Yuan as money_parse reads them into fen; 0 when empty. */
static int64_t money_of(struct row *w, int c)
{
	const char *v = field(w, c);
	struct err e = { 0 };
	int64_t fen = 0;

	if (*v && money_parse(v, &fen, &e))
		row_error(w, c, "%s", e.msg);
	return fen;
}

static struct cdatetime time_of(struct row *w, int c, bool required)
{
	const char *v = field(w, c);
	struct cdatetime t = { CDATE_NONE, 0 };
	struct err e = { 0 };

	if (!*v) {
		if (required)
			row_error(w, c, "a date and time is required");
		return t;
	}
	if (datetime_parse(v, &t, &e)) {
		row_error(w, c, "%s", e.msg);
		t.day = CDATE_NONE;
		t.sec = 0;
	}
	return t;
}

static int vocab_of(struct row *w, int c, int (*parse)(const char *), const char *codes,
		    bool required)
{
	const char *v = field(w, c);
	int x;

	if (!*v) {
		if (required)
			row_error(w, c, "required (one of: %s)", codes);
		return -1;
	}
	x = parse(v);
	if (x < 0)
		row_error(w, c, "unknown value '%.60s' (one of: %s)", v, codes);
	return x;
}

/* Splits "A;B" (also ',' '、' '；') into at most max trimmed parts in out,
 * pointing into a copy kept in *store. */
static int split_list(const char *v, const char **out, int max, char **store)
{
	char *s = xstrdup(v), *p = s;
	int n = 0;

	*store = s;
	while (*p) {
		char *start = p, *end;
		size_t sep = 0;
		while (*p) {
			if (*p == ';' || *p == ',') {
				sep = 1;
				break;
			}
			if (strncmp(p, "、", 3) == 0 || strncmp(p, "；", 3) == 0 || strncmp(p, "，", 3) == 0) {
				sep = 3;
				break;
			}
			p++;
		}
		end = p;
		if (sep) {
			*p = '\0';
			p += sep;
		}
		while (*start == ' ')
			start++;
		while (end > start && end[-1] == ' ')
			*--end = '\0';
		if (*start) {
			if (n == max)
				return -1;
			out[n++] = start;
		}
	}
	return n;
}

static unsigned flags_of(struct row *w, int c)
{
	const char *parts[16];
	char *store;
	unsigned flags = 0;
	int n = split_list(field(w, c), parts, (int)(sizeof parts / sizeof parts[0]), &store);

	if (n < 0)
		row_error(w, c, "too many flags");
	for (int i = 0; i < n; i++) {
		unsigned f = flag_parse(parts[i]);
		if (!f) {
			row_error(w, c, "unknown flag '%.40s' (safety, claim, group, media, legal, "
				  "anonymous)", parts[i]);
			continue;
		}
		flags |= f;
	}
	free(store);
	return flags;
}

/* ---- import ---- */

static int prep(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err)
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, s, NULL) != SQLITE_OK) {
		*s = NULL;
		return store_sql_error(st, "database", err);
	}
	return 0;
}

struct importer {
	const struct case_ctx *ctx;
	struct csv_reader *rd;
	int map[C__COUNT];
	bool restore;
	struct caseio_result *res;
	void (*on_error)(const char *, void *);
	void *arg;
	/* restore: merges resolved after every row is in */
	struct pending_merge { int64_t id; char into[32]; long line; int field; } *merges;
	int nmerges, capmerges;
};

static int map_header(struct importer *im, struct err *err)
{
	int n = csv_header_count(im->rd);

	for (int c = 0; c < C__COUNT; c++)
		im->map[c] = -1;
	for (int i = 0; i < n; i++) {
		const char *h = csv_header_name(im->rd, i);
		int found = -1;
		for (int c = 0; c < C__COUNT && found < 0; c++)
			if (strcasecmp(h, columns[c].name) == 0 || strcmp(h, columns[c].zh) == 0)
				found = c;
		if (found < 0) {
			char *clean = text_sanitize(h);
			err_set(err, ERR_DATA, "line 1, field '%s': unknown column (see 'man cdesk', "
				"IMPORT: number, received, channel, kind, name, phone, … account, demand, "
				"claim …)", clean);
			free(clean);
			return ERR_DATA;
		}
		if (im->map[found] >= 0)
			return err_set(err, ERR_DATA, "line 1, field '%s': column %s given twice", h,
				       columns[found].name);
		im->map[found] = i;
	}
	im->restore = im->map[C_STATUS] >= 0;
	if (!im->restore) {
		for (int c = 0; c < C__COUNT; c++)
			if (im->map[c] >= 0 && !columns[c].intake)
				return err_set(err, ERR_DATA,
					       "line 1, field '%s': a state column needs a status column "
					       "too (new complaints take only the intake columns; cdesk "
					       "gives the numbers)", csv_header_name(im->rd, im->map[c]));
	} else {
		static const int need[] = { C_NUMBER, C_RECEIVED, C_CHANNEL, C_KIND, C_ACCOUNT,
					    C_CLASS, C_DEPTS, C_RECEIVER, C_ROUND, C_DUE };
		for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
			if (im->map[need[k]] < 0)
				return err_set(err, ERR_DATA, "line 1: a file with a status column "
					       "restores exported cases and needs the column '%s'",
					       columns[need[k]].name);
	}
	if (im->map[C_CHANNEL] < 0)
		return err_set(err, ERR_DATA, "line 1: the column 'channel' (渠道) is required");
	if (im->map[C_ACCOUNT] < 0)
		return err_set(err, ERR_DATA, "line 1: the column 'account' (投诉内容) is required");
	return 0;
}

static void note_number(struct importer *im, const char *number)
{
	if (!im->res->first[0])
		snprintf(im->res->first, sizeof im->res->first, "%s", number);
	snprintf(im->res->last, sizeof im->res->last, "%s", number);
}

/* The column of a field, or -1 when the file has none. */
static int field_column(const struct row *w, enum case_field f)
{
	for (int c = 0; c < C__COUNT; c++)
		if (columns[c].intake && strcmp(columns[c].name, case_fields[f].column) == 0)
			return w->map[c] >= 0 ? c : -1;
	return -1;
}

/*
 * A new complaint through case_add, exactly as `cdesk add` registers it:
 * every field of the table (core/field.h) through case_field_set, so a bad
 * value gets the message the form and `cdesk add` give, the column named
 * as the file names it. "Now" is the import's time (--at).
 */
static int import_intake(struct importer *im, struct row *w, struct err *err)
{
	struct case_input in;
	struct case_record out = { 0 };
	struct case_ctx ctx = *im->ctx;
	char *dstore = NULL, *cstore = NULL, *mstore = NULL;
	const char *mats[8];
	int rc = 0, n;

	case_input_init(&in);
	for (int f = 0; f < CF__COUNT; f++) {
		int c = field_column(w, (enum case_field)f);
		struct err e = { 0 };
		if (case_field_set(&in, (enum case_field)f, c >= 0 ? field(w, c) : NULL,
				   im->ctx->rules, im->ctx->at, &e))
			row_error(w, c, "%s", c >= 0 ? case_field_problem((enum case_field)f, e.msg)
						     : e.msg);
	}
	in.anonymous = bool_of(w, C_ANONYMOUS);
	n = split_list(field(w, C_DEPTS), in.depts, RULES_MAX_DEPTS, &dstore);
	if (n < 0)
		row_error(w, C_DEPTS, "more than %d departments", RULES_MAX_DEPTS);
	else
		in.ndepts = n;
	for (int i = 0; i < in.ndepts; i++)
		if (!rules_dept_find(im->ctx->rules, in.depts[i]))
			row_error(w, C_DEPTS, "unknown department '%.40s'", in.depts[i]);
	n = split_list(field(w, C_CATEGORIES), in.categories, RULES_MAX_CATEGORIES, &cstore);
	if (n < 0)
		row_error(w, C_CATEGORIES, "more than %d categories", RULES_MAX_CATEGORIES);
	else
		in.ncategories = n;
	for (int i = 0; i < in.ncategories; i++)
		if (!rules_category_find(im->ctx->rules, in.categories[i]))
			row_error(w, C_CATEGORIES, "unknown category '%.40s'", in.categories[i]);
	in.flags_set = flags_of(w, C_FLAGS);
	n = split_list(field(w, C_MATERIALS), mats, 8, &mstore);
	if (n < 0)
		row_error(w, C_MATERIALS, "more than 8 materials");
	for (int i = 0; i < n; i++)
		in.materials[in.nmaterials++] = mats[i];
	if (in.received.day != CDATE_NONE)
		ctx.at = in.received;
	if (!w->bad) {
		struct err e = { 0 };
		/* The store names the field in its own words ("phone: …"). */
		rc = case_add(&ctx, &in, &out, &e);
		if (rc == ERR_USAGE || rc == ERR_NOTFOUND || rc == ERR_DATA) {
			/* A field's message names a column of ours: say it as the file does. */
			int col = -1;
			const char *what = e.msg;
			for (int f = 0; f < CF__COUNT && col < 0; f++) {
				const char *p = case_field_problem((enum case_field)f, e.msg);
				if (p != e.msg && (col = field_column(w, (enum case_field)f)) >= 0)
					what = p;
			}
			row_error(w, col, "%s", what);
			rc = 0;
		} else if (rc) {
			*err = e;
		} else {
			note_number(im, out.number);
		}
		case_record_free(&out);
	}
	free(dstore);
	free(cstore);
	free(mstore);
	return rc;
}

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

/*
 * A case exactly as exported: validated like the store validates, written
 * with its number (which must be the next of its year, so numbers stay
 * gapless), its departments and categories, and one "import" event that
 * carries the whole case, chained like every other event.
 */
static int import_restore(struct importer *im, struct row *w, struct err *err)
{
	const struct case_ctx *ctx = im->ctx;
	struct store *st = ctx->st;
	struct case_record r = { 0 };
	const char *parts[RULES_MAX_DEPTS];
	char *pstore = NULL, number[32];
	int year = 0, seq = 0, n, rc = 0, last = 0, taken;
	sqlite3_stmt *s;

	snprintf(number, sizeof number, "%s", field(w, C_NUMBER));
	if (!parse_number(number, &year, &seq))
		row_error(w, C_NUMBER, "'%.40s' is not a case number like TS2026-00042", number);
	r.received = time_of(w, C_RECEIVED, true);
	if (r.received.day != CDATE_NONE && year && date_year(r.received.day) != year)
		row_error(w, C_NUMBER, "%s belongs to %d but the case was received in %d", number,
			  year, date_year(r.received.day));
	r.channel = (enum channel)vocab_of(w, C_CHANNEL, channel_parse, channel_codes(), true);
	r.kind = (enum case_kind)vocab_of(w, C_KIND, kind_parse, kind_codes(), true);
	r.name = (char *)text_of(w, C_NAME, CASE_SHORT_MAX, false);
	r.phone = (char *)text_of(w, C_PHONE, 30, false);
	r.relation = (char *)text_of(w, C_RELATION, CASE_SHORT_MAX, false);
	r.address = (char *)text_of(w, C_ADDRESS, CASE_NOTE_MAX, false);
	r.id_number = (char *)text_of(w, C_ID_NUMBER, CASE_SHORT_MAX, false);
	r.anonymous = bool_of(w, C_ANONYMOUS);
	r.group_size = int_of(w, C_GROUP_SIZE, 1, 100000, 1);
	r.representatives = (char *)text_of(w, C_REPRESENTATIVES, CASE_NOTE_MAX, true);
	r.patient_name = (char *)text_of(w, C_PATIENT_NAME, CASE_SHORT_MAX, false);
	r.patient_record = (char *)text_of(w, C_PATIENT_RECORD, CASE_SHORT_MAX, false);
	r.visit_date = CDATE_NONE;
	if (*field(w, C_VISIT_DATE)) {
		struct err e = { 0 };
		if (date_parse(field(w, C_VISIT_DATE), &r.visit_date, &e))
			row_error(w, C_VISIT_DATE, "%s", e.msg);
	}
	r.unit = (char *)text_of(w, C_UNIT, CASE_SHORT_MAX, false);
	if (r.unit && !rules_unit_valid(ctx->rules, r.unit))
		row_error(w, C_UNIT, "unknown subject unit '%.40s'", r.unit);
	r.staff = (char *)text_of(w, C_STAFF, CASE_SHORT_MAX, false);
	r.text = (char *)text_of(w, C_ACCOUNT, CASE_TEXT_MAX, true);
	if (!*field(w, C_ACCOUNT))
		row_error(w, C_ACCOUNT, "the account is required");
	r.demand = (char *)text_of(w, C_DEMAND, CASE_NOTE_MAX, true);
	r.claim_fen = money_of(w, C_CLAIM);
	r.paid_fen = money_of(w, C_PAID);
	r.hclass = (enum handling_class)vocab_of(w, C_CLASS, class_parse, class_codes(), true);
	n = split_list(field(w, C_DEPTS), parts, RULES_MAX_DEPTS, &pstore);
	if (n <= 0)
		row_error(w, C_DEPTS, n < 0 ? "too many departments" : "at least one department is required");
	for (int i = 0; i < n; i++) {
		const struct department *d = rules_dept_find(ctx->rules, parts[i]);
		if (!d)
			row_error(w, C_DEPTS, "unknown department '%.40s'", parts[i]);
		else
			snprintf(r.depts[r.ndepts++], RULES_CODE_MAX, "%s", d->code);
	}
	free(pstore);
	n = split_list(field(w, C_CATEGORIES), parts, RULES_MAX_CATEGORIES, &pstore);
	if (n < 0)
		row_error(w, C_CATEGORIES, "too many categories");
	for (int i = 0; i < n; i++) {
		const struct category *c = rules_category_find(ctx->rules, parts[i]);
		if (!c)
			row_error(w, C_CATEGORIES, "unknown category '%.40s'", parts[i]);
		else
			snprintf(r.categories[r.ncategories++], RULES_CODE_MAX, "%s", c->code);
	}
	free(pstore);
	r.flags = flags_of(w, C_FLAGS);
	if (r.anonymous)
		r.flags |= FLAG_ANONYMOUS;
	snprintf(r.receiver, sizeof r.receiver, "%s", field(w, C_RECEIVER));
	if (!r.receiver[0] || text_check_field("receiver", r.receiver, 60, false, &(struct err){ 0 }))
		row_error(w, C_RECEIVER, "a first receiver (a login) is required");
	r.status = (enum case_status)vocab_of(w, C_STATUS, status_parse, status_codes(), true);
	r.round = int_of(w, C_ROUND, 1, 1000, 1);
	r.round_at = time_of(w, C_ROUND_AT, false);
	if (r.round_at.day == CDATE_NONE)
		r.round_at = r.received;
	r.round_paused = int_of(w, C_ROUND_PAUSED, 0, 100000, 0);
	r.due = time_of(w, C_DUE, true);
	r.due_met = time_of(w, C_DUE_MET, false);
	r.escalated = bool_of(w, C_ESCALATED);
	r.reply_method = vocab_of(w, C_REPLY_METHOD, reply_method_parse, reply_method_codes(), false);
	r.replied_at = time_of(w, C_REPLIED_AT, false);
	r.reply_text = (char *)text_of(w, C_REPLY_TEXT, CASE_TEXT_MAX, true);
	r.satisfaction = vocab_of(w, C_SATISFACTION, satisfaction_parse, satisfaction_codes(), false);
	r.callback_at = time_of(w, C_CALLBACK_AT, false);
	r.callback_note = (char *)text_of(w, C_CALLBACK_NOTE, CASE_NOTE_MAX, true);
	r.finding = vocab_of(w, C_FINDING, finding_parse, finding_codes(), false);
	r.close_note = (char *)text_of(w, C_CLOSE_NOTE, CASE_NOTE_MAX, true);
	r.close_unreasonable = bool_of(w, C_CLOSE_UNREASONABLE);
	r.closed_at = time_of(w, C_CLOSED_AT, false);
	r.reject_reason = vocab_of(w, C_REJECT_REASON, reject_reason_parse, reject_reason_codes(),
				   false);
	r.reject_note = (char *)text_of(w, C_REJECT_NOTE, CASE_NOTE_MAX, true);
	snprintf(r.merged_into, sizeof r.merged_into, "%s", field(w, C_MERGED_INTO));
	r.paused_from = STATUS_REGISTERED;
	if (*field(w, C_PAUSED_FROM))
		r.paused_from = (enum case_status)vocab_of(w, C_PAUSED_FROM, status_parse,
							   status_codes(), false);
	r.paused_at = time_of(w, C_PAUSED_AT, false);
	r.pause_reason = (char *)text_of(w, C_PAUSE_REASON, CASE_NOTE_MAX, true);
	r.paused_days = int_of(w, C_PAUSED_DAYS, 0, 100000, 0);
	r.in_review = bool_of(w, C_IN_REVIEW);
	r.review_at = time_of(w, C_REVIEW_AT, false);
	r.review_reason = (char *)text_of(w, C_REVIEW_REASON, CASE_NOTE_MAX, true);
	/* What the store itself would never have written. */
	if ((int)r.status >= 0 && r.status == STATUS_MERGED && !r.merged_into[0])
		row_error(w, C_MERGED_INTO, "a merged case needs the number it was merged into");
	if ((int)r.status >= 0 && r.status != STATUS_MERGED && r.merged_into[0])
		row_error(w, C_MERGED_INTO, "only a merged case may name one");
	if ((int)r.status >= 0 && r.status == STATUS_REJECTED && r.reject_reason < 0)
		row_error(w, C_REJECT_REASON, "a case not accepted needs its reason");
	if ((int)r.status >= 0 && case_status_final(r.status) && r.closed_at.day == CDATE_NONE)
		row_error(w, C_CLOSED_AT, "a %s case needs the time it was closed", status_code(r.status));
	if (r.received.day != CDATE_NONE && datetime_cmp(r.received, ctx->now) > 0)
		row_error(w, C_RECEIVED, "received time is in the future");
	if (w->bad)
		return 0;

	/* Gapless numbers: this one must be the next of its year. */
	if ((rc = prep(st, "SELECT (SELECT last FROM case_seq WHERE year = ?1), "
				"(SELECT count(*) FROM cases WHERE number = ?2)", &s, err)))
		return rc;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, number, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		last = sqlite3_column_int(s, 0);
		if (sqlite3_column_int(s, 1)) {
			sqlite3_finalize(s);
			row_error(w, C_NUMBER, "%s is already in the database", number);
			return 0;
		}
	}
	sqlite3_finalize(s);
	if (seq != last + 1) {
		row_error(w, C_NUMBER, "%s is not the next number of %d (that is %05d): numbers "
			  "must stay gapless, so restore a whole export, in order, into an empty "
			  "database", number, year, last + 1);
		return 0;
	}
	if ((rc = cases_number_next(ctx, year, &taken, NULL, 0, err)))
		return rc;
	if (taken != seq)
		return err_set(err, ERR_INTERNAL, "%s: case_seq gave %d", number, taken);

	snprintf(r.number, sizeof r.number, "%s", number);
	if ((rc = cases_row_insert(ctx, &r, seq, err)))
		return rc;
	if (r.merged_into[0]) {
		if (im->nmerges == im->capmerges) {
			im->capmerges = im->capmerges ? im->capmerges * 2 : 64;
			im->merges = xrealloc(im->merges, (size_t)im->capmerges * sizeof *im->merges);
		}
		im->merges[im->nmerges].id = r.id;
		snprintf(im->merges[im->nmerges].into, sizeof im->merges[0].into, "%s", r.merged_into);
		im->merges[im->nmerges].line = w->rec->line;
		im->merges[im->nmerges].field = w->map[C_MERGED_INTO];
		im->nmerges++;
	}
	{
		json_t *o = case_to_json(&r, false);
		char *after = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		char note[64];
		snprintf(note, sizeof note, "restored from CSV line %ld", w->rec->line);
		json_decref(o);
		rc = store_event_append(st, r.id, r.round, ctx->actor, ctx->at, ctx->now, "import",
					NULL, after, note, NULL, err);
		free(after);
		if (rc)
			return rc;
	}
	note_number(im, number);
	return 0;
}

static int resolve_merges(struct importer *im, struct err *err)
{
	struct store *st = im->ctx->st;

	for (int i = 0; i < im->nmerges; i++) {
		struct pending_merge *m = &im->merges[i];
		sqlite3_stmt *s;
		int rc;

		if ((rc = prep(st, "UPDATE cases SET merged_into = (SELECT id FROM cases "
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
			snprintf(msg, sizeof msg, "line %ld, field '%s': no case %s in the file or the "
				 "database", m->line, csv_header_name(im->rd, m->field), m->into);
			im->res->bad++;
			if (im->on_error)
				im->on_error(msg, im->arg);
		}
		sqlite3_finalize(s);
	}
	return 0;
}

int caseio_import_csv(const struct case_ctx *ctx, const char *data, size_t len,
		      const char *encoding, void (*on_error)(const char *msg, void *arg),
		      void *arg, struct caseio_result *res, struct err *err)
{
	struct importer im = { 0 };
	struct csv_record rec;
	bool eof;
	int rc;

	memset(res, 0, sizeof *res);
	im.ctx = ctx;
	im.res = res;
	im.on_error = on_error;
	im.arg = arg;
	if ((rc = cases_permit(ctx, "import", NULL, err)))
		return rc;
	if ((rc = csv_reader_new(data, len, encoding, &im.rd, err)))
		return rc;
	if ((rc = csv_read_header(im.rd, err)) || (rc = map_header(&im, err))) {
		csv_reader_free(im.rd);
		return rc;
	}
	res->restored = im.restore;
	if ((rc = store_bulk_begin(ctx->st, err))) {
		csv_reader_free(im.rd);
		return rc;
	}
	for (;;) {
		struct err e = { 0 };
		struct row w = { 0 };

		rc = csv_next(im.rd, &rec, &eof, &e);
		if (!rc && eof)
			break;
		res->rows++;
		if (rc) {
			res->bad++;
			if (on_error)
				on_error(e.msg, arg);
			rc = 0;
			continue;
		}
		w.rd = im.rd;
		w.rec = &rec;
		w.map = im.map;
		w.on_error = on_error;
		w.arg = arg;
		rc = im.restore ? import_restore(&im, &w, err) : import_intake(&im, &w, err);
		if (rc) {
			err_prefix(err, "line %ld: ", rec.line);
			break;
		}
		if (w.bad)
			res->bad++;
		else
			res->imported++;
	}
	if (!rc && im.restore)
		rc = resolve_merges(&im, err);
	if (!rc && res->bad) {
		rc = err_set(err, ERR_DATA, "%d of %d row%s refused; nothing imported", res->bad,
			     res->rows, res->rows == 1 ? "" : "s");
	} else if (!rc && res->rows == 0) {
		rc = err_set(err, ERR_DATA, "no rows after the header; nothing imported");
	}
	if (rc) {
		store_bulk_rollback(ctx->st);
		res->imported = 0;
		res->first[0] = res->last[0] = '\0';
	} else {
		rc = store_bulk_commit(ctx->st, err);
	}
	free(im.merges);
	csv_reader_free(im.rd);
	return rc;
}

/* ---- export ---- */

static int each_case(struct store *st, bool details,
		     int (*fn)(struct store *, struct case_record *, void *, struct err *),
		     void *arg, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = prep(st, "SELECT id FROM cases ORDER BY year, seq", &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_record r;
		if ((rc = case_get_id(st, sqlite3_column_int64(s, 0), details, &r, err))) {
			sqlite3_finalize(s);
			return rc;
		}
		rc = fn(st, &r, arg, err);
		case_record_free(&r);
		if (rc) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	sqlite3_finalize(s);
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
	csv_write_record(&b, vals, C__COUNT);
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
		names[c] = columns[c].name;
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
	if ((rc = prep(st, "SELECT e.id, coalesce(c.number, ''), e.round, e.actor, e.at, "
				"e.recorded, e.action, e.before, e.after, e.note, e.prev_hash, "
				"e.hash FROM events e LEFT JOIN cases c ON c.id = e.case_id "
				"ORDER BY e.id", &s, err))) {
		sbuf_free(&b);
		return rc;
	}
	assert(sqlite3_column_count(s) == NCOLS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v[NCOLS];
		for (int i = 0; i < NCOLS; i++) {
			v[i] = (const char *)sqlite3_column_text(s, i);
			if (!v[i])
				v[i] = "";
		}
		csv_write_record(&b, v, NCOLS);
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
