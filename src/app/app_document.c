/* A case's registration form and reply letter, filled from data/templates/. */
#include "app/app.h"
#include "core/money.h"
#include "core/cases.h"
#include "core/privacy.h"
#include "core/report.h"
#include "core/store.h"
#include "core/template.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRINT_WIDTH 80

static char *short_time(struct cdatetime t, char buf[20])
{
	if (t.day == CDATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	datetime_format(t, buf);
	buf[16] = '\0';
	return buf;
}

static char *zh_date(cdate d, char buf[32])
{
	int y, m, dd;

	if (d == CDATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	date_to_ymd(d, &y, &m, &dd);
	snprintf(buf, 32, "%d年%d月%d日", y, m, dd);
	return buf;
}

/* The reply sent, else the newest approved draft; NULL when there is none. */
static const char *reply_of(const struct case_record *rec)
{
	if (rec->reply_text && *rec->reply_text)
		return rec->reply_text;
	for (int i = rec->ndrafts - 1; i >= 0; i--)
		if (rec->drafts[i].state == DRAFT_APPROVED)
			return rec->drafts[i].text;
	return NULL;
}

/* A masked field (core/privacy.h) as the Chinese form prints it. */
static const char *shown(const struct case_record *rec, const char *v)
{
	return rec->identity_masked && v && strcmp(v, case_identity_marker()) == 0 ? "（保密）" : v;
}

/* What the complainant may do instead, by the statutory reason of 第二十六条. */
static const char *reject_route(int reason)
{
	static const char *const route[REJECT__COUNT] = {
		"您已就该事项向人民法院起诉，请依照司法程序办理。",
		"该事项已由上级信访部门作出处理，请依照其处理意见办理。",
		"您反映的事项没有明确的投诉对象和具体事实；补充后可重新提出投诉。",
		"该事项属已依法立案侦查的治安或刑事案件，请向公安机关了解办理情况。",
		"该事项不属于投诉管理部门职权范围，请向有权处理的部门反映。",
	};

	return reason >= 0 && reason < REJECT__COUNT ? route[reason] : NULL;
}

static int fill(const struct app *a, const struct case_record *rec, const struct ruleset *rs,
		const char *path, const char *tpl, app_document_draw *draw, struct sbuf *out,
		struct err *err)
{
	char received[20], received_date[32], today[32], due[20], replied[20], visit[11];
	char reply_date[32], closed_date[32];
	char claim[32], group[16];
	struct sbuf depts = { 0 };
	const char *lead = "";
	const char *name = rec->anonymous ? "（匿名）" : shown(rec, rec->name);
	int rc;

	sbuf_addn(&depts, "", 0);
	for (int i = 0; i < rec->ndepts; i++) {
		const struct department *d = rules_dept_find(rs, rec->depts[i]);
		const char *n = d ? d->name_zh : rec->depts[i];
		if (i == 0)
			lead = n;
		sbuf_addf(&depts, "%s%s", i ? "、" : "", n);
	}
	if (rec->visit_date != CDATE_NONE)
		date_format(rec->visit_date, visit);
	else
		visit[0] = '\0';
	if (rec->claim_fen > 0)
		money_format_as(rec->claim_fen, MONEY_GROUPED, claim, sizeof claim);
	else
		claim[0] = '\0';
	snprintf(group, sizeof group, "%d", rec->group_size > 0 ? rec->group_size : 1);
	{
		const struct template_var vars[] = {
			{ "site", a->cfg->site_name },
			{ "today", zh_date(a->at.day, today) },
			{ "number", rec->number },
			{ "received", short_time(rec->received, received) },
			{ "received_date", zh_date(rec->received.day, received_date) },
			{ "channel", channel_label(rec->channel) },
			{ "kind", kind_label(rec->kind) },
			{ "class", class_label(rec->hclass) },
			{ "status", status_label(rec->status) },
			{ "name", name },
			{ "salutation", !rec->anonymous && !rec->identity_masked && rec->name &&
					*rec->name ? rec->name : "投诉人" },
			{ "phone", rec->anonymous ? NULL : shown(rec, rec->phone) },
			{ "relation", rec->relation },
			{ "address", rec->anonymous ? NULL : shown(rec, rec->address) },
			{ "representatives", shown(rec, rec->representatives) },
			{ "group_size", group },
			{ "patient_name", shown(rec, rec->patient_name) },
			{ "patient_record", shown(rec, rec->patient_record) },
			{ "visit_date", visit },
			{ "unit", rec->unit },
			{ "staff", rec->staff },
			{ "account", rec->text },
			{ "demand", rec->demand },
			{ "claim", claim },
			{ "depts", depts.s },
			{ "lead_dept", lead },
			{ "receiver", rec->receiver },
			{ "due", short_time(rec->due, due) },
			{ "reply", reply_of(rec) },
			{ "reply_method", rec->reply_method >= 0
				? reply_method_label((enum reply_method)rec->reply_method) : NULL },
			{ "replied_at", short_time(rec->replied_at, replied) },
			/* a letter is dated the day of its reply, not of its printing */
			{ "reply_date", rec->replied_at.day != CDATE_NONE ?
					zh_date(rec->replied_at.day, reply_date) : today },
			/* the notices of not accepting and of merging (第二十六条, 第十五条) */
			{ "closed_date", rec->closed_at.day != CDATE_NONE ?
					 zh_date(rec->closed_at.day, closed_date) : today },
			{ "reject_reason", rec->reject_reason >= 0 ?
				reject_reason_label((enum reject_reason)rec->reject_reason) : NULL },
			{ "reject_note", rec->reject_note },
			{ "reject_route", reject_route(rec->reject_reason) },
			{ "merged_into", rec->merged_into },
		};
		struct sbuf text = { 0 };
		rc = template_fill(path, tpl, vars, (int)(sizeof vars / sizeof vars[0]), PRINT_WIDTH,
				   draw ? &text : out, err);
		if (!rc && draw)
			rc = draw(a, vars, (int)(sizeof vars / sizeof vars[0]), text.s, out, err);
		sbuf_free(&text);
	}
	sbuf_free(&depts);
	return rc;
}

/*
 * The template of doc for rec ("" when rec's state has none: *err says why).
 * A notice is chosen by the case: not accepted, merged, or a medical
 * dispute's routes and rights (第二十三条: a claim flag, or a claim at all).
 */
static const char *doc_template(enum app_document doc, const struct case_record *rec,
				struct err *err)
{
	bool dispute = rec->claim_fen > 0 || (rec->flags & (FLAG_CLAIM | FLAG_LEGAL));

	if (doc == APP_DOC_FORM)
		return "registration-form.txt";
	if (doc == APP_DOC_LETTER) {
		if (reply_of(rec))
			return "reply-letter.txt";
		err_set(err, ERR_STATE, "%s has no reply yet: draft one and have it "
			"approved before printing the letter", rec->number);
		return "";
	}
	if (rec->status == STATUS_MERGED)
		return "merged-notice.txt";
	if (rec->status == STATUS_REJECTED)
		return "not-accepted-notice.txt";
	if (dispute)
		return "dispute-rights.txt";
	err_set(err, ERR_STATE, "%s is %s: a notice is for a case not accepted "
		"(cdesk reject) or merged (cdesk merge), or a medical dispute "
		"(a claim)", rec->number, status_code(rec->status));
	return "";
}

int app_case_document_draw(struct app *a, struct store *st, enum app_document doc,
			   const char *number, app_document_draw *draw, struct sbuf *out,
			   char *number_out, struct err *err)
{
	static const char *const how[] = { [APP_DOC_FORM] = "print form",
		[APP_DOC_LETTER] = "print letter", [APP_DOC_NOTICE] = "print notice" };
	struct ruleset *rs;
	struct store *own = NULL;
	struct case_record rec;
	struct calendar *cal;
	struct case_ctx ctx;
	char *path = NULL, *tpl = NULL;
	const char *name;
	int rc;

	if ((rc = app_rules(a, &rs, err)) || (rc = app_calendar(a, &cal, err)))
		return rc;
	if (!st && !(rc = app_open_store(a, false, &own, err)))
		st = own;
	memset(&rec, 0, sizeof rec);
	if (!rc)
		app_case_ctx(a, st, &ctx);
	/* The identity masked, or its disclosure recorded (core/privacy.h);
	 * a disclosure that cannot be recorded prints the masked form. */
	if (!rc && !(rc = case_get_view(&ctx, number, how[doc], &rec, NULL, err))) {
		if (number_out)
			snprintf(number_out, 32, "%s", rec.number);
		if (!*(name = doc_template(doc, &rec, err)))
			rc = err->code;
		if (!rc) {
			path = xasprintf("%s/templates/%s", a->cfg->data_dir, name);
			if (!(tpl = util_read_file(path, NULL)))
				rc = err_set(err, ERR_NOTFOUND, "%s: %s", path, err_errno_text(errno));
		}
		if (!rc)
			rc = fill(a, &rec, rs, path, tpl, draw, out, err);
		case_record_free(&rec);
	}
	store_close(own);
	free(path);
	free(tpl);
	return rc;
}

int app_case_document(struct app *a, struct store *st, enum app_document doc, const char *number,
		      struct sbuf *out, char *number_out, struct err *err)
{
	return app_case_document_draw(a, st, doc, number, NULL, out, number_out, err);
}
