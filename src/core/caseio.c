/* CSV import and export: the columns, a row's values read and checked, and
 * the import as a whole (the header, the rows in one transaction). A row of
 * new complaints is registered in caseio_import.c, a row of a full export
 * restored in caseio_restore.c; export is caseio_export.c. */
#include "core/i18n.h"
#include "core/actions.h"
#include "core/caseio.h"
#include "core/privacy.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/text.h"
#include "core/util.h"
#include "core/progress.h"
#include "caseio_priv.h"
#include "cases_db.h"

#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

const struct caseio_column caseio_columns[C__COUNT] = {
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

/* ---- a row's values ---- */

const char *caseio_field(const struct row *w, int c)
{
	int i = w->map[c];

	/* A cell the export wrote as "'=…" for spreadsheets is "=…". */
	return i >= 0 ? csv_cell_value(w->rec->fields[i]) : "";
}

void caseio_error(struct row *w, int c, const char *fmt, ...)
{
	char what[900], msg[1200];
	va_list ap;

	/* fmt is a msgid (make pot's -kcaseio_error:3) */
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, R_(fmt), ap);
	va_end(ap);
	if (c >= 0 && w->map[c] >= 0)
		snprintf(msg, sizeof msg, R_("line %ld, field '%s': %s"), w->rec->line,
			 csv_header_name(w->rd, w->map[c]), what);
	else
		snprintf(msg, sizeof msg, R_("line %ld: %s"), w->rec->line, what);
	w->bad++;
	if (w->on_error)
		w->on_error(msg, w->arg);
}

const char *caseio_text(struct row *w, int c, size_t max, bool multiline)
{
	const char *v = caseio_field(w, c);
	struct err e = { 0 };

	if (!*v)
		return NULL;
	if (text_check_field(caseio_columns[c].name, v, max, multiline, &e)) {
		/* without text_check_field's "NAME: " (R_("%s: %s"), "：" in Chinese) */
		char pre[128];
		size_t n = (size_t)snprintf(pre, sizeof pre, R_("%s: %s"), caseio_columns[c].name, "");
		caseio_error(w, c, "%s", strncmp(e.msg, pre, n) == 0 ? e.msg + n : e.msg);
		return NULL;
	}
	if (case_identity_is_marker(v)) {
		caseio_error(w, c, PRIVACY_MARKER_REFUSED, v);
		return NULL;
	}
	return v;
}

bool caseio_bool(struct row *w, int c)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "是", "Y" };
	static const char *const no[] = { "", "0", "no", "n", "false", "否", "N" };
	const char *v = caseio_field(w, c);

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(v, yes[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(v, no[i]) == 0)
			return false;
	caseio_error(w, c, "'%.60s' is not yes or no (1/0, yes/no, 是/否)", v);
	return false;
}

int caseio_int(struct row *w, int c, int min, int max, int dflt)
{
	const char *v = caseio_field(w, c);
	char *end;
	long n;

	if (!*v)
		return dflt;
	n = strtol(v, &end, 10);
	if (*end || end == v || n < min || n > max) {
		caseio_error(w, c, "'%.60s' is not a whole number from %d to %d", v, min, max);
		return dflt;
	}
	return (int)n;
}

int64_t caseio_money(struct row *w, int c)
{
	const char *v = caseio_field(w, c);
	struct err e = { 0 };
	int64_t fen = 0;

	if (*v && money_parse(v, &fen, &e))
		caseio_error(w, c, "%s", e.msg);
	return fen;
}

struct cdatetime caseio_time(struct row *w, int c, bool required)
{
	const char *v = caseio_field(w, c);
	struct cdatetime t = { CDATE_NONE, 0 };
	struct err e = { 0 };

	if (!*v) {
		if (required)
			caseio_error(w, c, "a date and time is required");
		return t;
	}
	if (datetime_parse(v, &t, &e)) {
		caseio_error(w, c, "%s", e.msg);
		t.day = CDATE_NONE;
		t.sec = 0;
	}
	return t;
}

int caseio_vocab(struct row *w, int c, int (*parse)(const char *), const char *codes,
		 bool required)
{
	const char *v = caseio_field(w, c);
	int x;

	if (!*v) {
		if (required)
			caseio_error(w, c, "required (one of: %s)", codes);
		return -1;
	}
	x = parse(v);
	if (x < 0)
		caseio_error(w, c, "unknown value '%.60s' (one of: %s)", v, codes);
	return x;
}

int caseio_split(const char *v, const char **out, int max, char **store)
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

unsigned caseio_flags(struct row *w, int c)
{
	const char *parts[16];
	char *store;
	unsigned flags = 0;
	int n = caseio_split(caseio_field(w, c), parts, (int)(sizeof parts / sizeof parts[0]),
			     &store);

	if (n < 0)
		caseio_error(w, c, "too many flags");
	for (int i = 0; i < n; i++) {
		unsigned f = flag_parse(parts[i]);
		if (!f) {
			caseio_error(w, c, "unknown flag '%.40s' (safety, claim, group, media, "
				     "legal, anonymous)", parts[i]);
			continue;
		}
		flags |= f;
	}
	free(store);
	return flags;
}

/* ---- the header, and the import as a whole ---- */

static const char *dept_code(const struct ruleset *rs, const char *v)
{
	const struct department *d = rules_dept_find(rs, v);
	return d ? d->code : NULL;
}

static const char *category_code(const struct ruleset *rs, const char *v)
{
	const struct category *c = rules_category_find(rs, v);
	return c ? c->code : NULL;
}

const struct caseio_codes caseio_depts = {
	C_DEPTS, RULES_MAX_DEPTS, "department", "departments", dept_code
};
const struct caseio_codes caseio_categories = {
	C_CATEGORIES, RULES_MAX_CATEGORIES, "category", "categories", category_code
};

int caseio_prep(struct store *st, const char *sql, sqlite3_stmt **s, struct err *err)
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, s, NULL) != SQLITE_OK) {
		*s = NULL;
		return store_sql_error(st, "database", err);
	}
	return 0;
}

static int map_header(struct importer *im, struct err *err)
{
	int n = csv_header_count(im->rd);

	for (int c = 0; c < C__COUNT; c++)
		im->map[c] = -1;
	for (int i = 0; i < n; i++) {
		const char *h = csv_header_name(im->rd, i);
		int found = -1;
		for (int c = 0; c < C__COUNT && found < 0; c++)
			if (strcasecmp(h, caseio_columns[c].name) == 0 ||
			    strcmp(h, caseio_columns[c].zh) == 0)
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
				       caseio_columns[found].name);
		im->map[found] = i;
	}
	im->restore = im->map[C_STATUS] >= 0;
	if (!im->restore) {
		for (int c = 0; c < C__COUNT; c++)
			if (im->map[c] >= 0 && !caseio_columns[c].intake)
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
					       caseio_columns[need[k]].name);
	}
	if (im->map[C_CHANNEL] < 0)
		return err_set(err, ERR_DATA, "line 1: the column 'channel' (渠道) is required");
	if (im->map[C_ACCOUNT] < 0)
		return err_set(err, ERR_DATA, "line 1: the column 'account' (投诉内容) is required");
	return 0;
}

void caseio_note_number(struct importer *im, const char *number)
{
	if (!im->res->first[0])
		snprintf(im->res->first, sizeof im->res->first, "%s", number);
	snprintf(im->res->last, sizeof im->res->last, "%s", number);
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
	if ((rc = cases_permit(ctx, CA_IMPORT, NULL, err)))
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
		progress_note("import", res->rows, 0);
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
		rc = im.restore ? caseio_import_restore(&im, &w, err)
				 : caseio_import_intake(&im, &w, err);
		if (rc) {
			err_prefix(err, "line %ld: ", rec.line);
			break;
		}
		if (w.bad)
			res->bad++;
		else
			res->imported++;
	}
	progress_end("import");
	if (!rc && im.restore)
		rc = caseio_resolve_merges(&im, err);
	if (!rc && res->bad) {
		rc = err_set(err, ERR_DATA, dngettext("cdesk", "%d of %d row refused; nothing imported",
						      "%d of %d rows refused; nothing imported",
						      (unsigned long)res->rows), res->bad, res->rows);
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
