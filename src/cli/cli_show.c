/* `cdesk show`, `list` and `search`: a case, a queue, a search. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/audit.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/field.h"
#include "core/money.h"
#include "core/privacy.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "core/vocab.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Under a step that computed deadlines, the files that did (SHA-256), when
 * they differ from the ones named last. */
static void print_basis(const struct store_event *ev, char **last)
{
	char *b = case_event_basis(ev);

	if (b && (!*last || strcmp(b, *last) != 0)) {
		printf("    deadlines by %s\n", b);
		free(*last);
		*last = b;
	} else {
		free(b);
	}
}

/* The timeline: when, who, which step, what it changed (status, due) and its note. */
static void print_timeline(struct session *s, const struct case_record *r)
{
	char *basis = NULL;
	struct store_event *evs;
	struct err err = { 0 };
	int n;

	if (case_events(s->st, r, &evs, &n, &err) == 0) {
		printf("timeline\n");
		for (int i = 0; i < n; i++) {
			char *note = evs[i].note ? text_fit(evs[i].note, 40, false) : NULL;
			char change[160] = "";
			json_t *b = evs[i].before ? json_loads(evs[i].before, 0, NULL) : NULL;
			json_t *a = evs[i].after ? json_loads(evs[i].after, 0, NULL) : NULL;
			json_t *sb = json_object_get(b, "status"), *sa = json_object_get(a, "status");
			json_t *db = json_object_get(b, "due"), *da = json_object_get(a, "due");
			if (json_is_string(sb) && json_is_string(sa))
				snprintf(change, sizeof change, "%s → %s", json_string_value(sb),
					 json_string_value(sa));
			if (json_is_string(db) && json_is_string(da)) {
				size_t len = strlen(change);
				snprintf(change + len, sizeof change - len, "%sdue %s → %s",
					 len ? ", " : "", json_string_value(db), json_string_value(da));
			}
			printf("  %s  %-10s %-10s %s%s%s", evs[i].at, evs[i].actor, evs[i].action,
			       change, note && change[0] ? "  " : "", note ? note : "");
			if (case_event_late(&evs[i]))
				printf("%sentered late (recorded %s)", change[0] || note ? "  " : "",
				       evs[i].recorded);
			putchar('\n');
			print_basis(&evs[i], &basis);
			json_decref(a);
			json_decref(b);
			free(note);
		}
		store_events_free(evs, n);
	}
	free(basis);
}

/* The reply deadline as of --at: days left, days overdue, met on time or late. */
static void print_due(struct session *s, const struct case_record *r)
{
	const char *label = r->in_review ? "review due" : "due";
	char t1[20], t2[20];

	fmt_time(r->due, t1);
	if (r->due_met.day != CDATE_NONE) {
		int late = calendar_working_days_between(s->ctx.cal, r->due.day, r->due_met.day);
		fmt_time(r->due_met, t2);
		if (datetime_cmp(r->due_met, r->due) > 0)
			printf("%-12s %s (met late %s, %d working days late, 逾期 %d 个工作日)\n",
			       label, t1, t2, late, late);
		else
			printf("%-12s %s (met %s)\n", label, t1, t2);
		return;
	}
	int left = case_days_left(s->ctx.cal, r, s->ctx.at.day);
	if (left < 0)
		printf("%-12s %s (%d working days overdue, 逾期 %d 个工作日)\n", label, t1, -left,
		       -left);
	else if (datetime_cmp(r->due, s->ctx.at) < 0)
		printf("%-12s %s (overdue today, 今日已逾期)\n", label, t1);
	else
		printf("%-12s %s (%d working days left)\n", label, t1, left);
}

/* ", N working days late" for a transfer whose feedback is, or came, after its deadline. */
static const char *transfer_late(struct session *s, const struct case_record *r,
				 const struct case_transfer *t)
{
	static char buf[96];
	struct cdatetime end = t->state == TRANSFER_OPEN ? s->ctx.at : t->done_at;
	int late;

	buf[0] = '\0';
	if (t->state == TRANSFER_CANCELLED || (t->state == TRANSFER_OPEN &&
	    (t->round != r->round || case_status_final(r->status))) ||
	    end.day == CDATE_NONE || datetime_cmp(end, t->due) <= 0)
		return buf;
	late = calendar_working_days_between(s->ctx.cal, t->due.day, end.day);
	snprintf(buf, sizeof buf, ", %s %d working days late (逾期 %d 个工作日)",
		 t->state == TRANSFER_OPEN ? "feedback" : "answered", late, late);
	return buf;
}

static void print_case_text(struct session *s, const struct case_record *r)
{
	char t1[20], flags[160];

	printf("%s  %s %s  round %d%s\n", r->number, status_code(r->status),
	       status_label(r->status), r->round, r->escalated ? "  ESCALATED" : "");
	fmt_time(r->received, t1);
	printf("%-12s %s  %s %s  %s %s\n", "received", t1, channel_code(r->channel),
	       channel_label(r->channel), kind_code(r->kind), kind_label(r->kind));
	put_clean("receiver", r->receiver);
	put_clean("name", r->name);
	put_clean("phone", r->phone);
	put_clean("relation", r->relation);
	put_clean("address", r->address);
	put_clean("id number", r->id_number);
	if (r->anonymous)
		printf("%-12s yes\n", "anonymous");
	if (r->group_size > 1)
		printf("%-12s %d\n", "group size", r->group_size);
	put_clean("represent.", r->representatives);
	put_clean("patient", r->patient_name);
	put_clean("record no.", r->patient_record);
	if (r->visit_date != CDATE_NONE)
		printf("%-12s %s\n", "visit date", date_format(r->visit_date, t1));
	put_clean("unit", r->unit);
	put_clean("staff", r->staff);
	put_clean("account", r->text);
	put_clean("demand", r->demand);
	if (r->claim_fen) {
		char y[MONEY_BUF];
		printf("%-12s %s yuan\n", "claim", money_format(r->claim_fen, y, sizeof y));
	}
	printf("%-12s %s %s\n", "class", class_code(r->hclass), class_label(r->hclass));
	printf("%-12s", "depts");
	for (int i = 0; i < r->ndepts; i++)
		printf(" %s%s", r->depts[i], i == 0 ? " (lead)" : "");
	if (r->ndepts == 0)
		printf(" - (no department holds it: the complaint office's to route)");
	printf("\n");
	if (r->ncategories) {
		printf("%-12s", "categories");
		for (int i = 0; i < r->ncategories; i++)
			printf(" %s", r->categories[i]);
		printf("\n");
	}
	if (r->flags)
		printf("%-12s %s\n", "flags", flags_format(r->flags, flags, sizeof flags));
	if (r->override)
		printf("%-12s %s (by %s)\n", "override", r->override, r->override_by);
	print_due(s, r);
	if (r->status == STATUS_PAUSED) {
		fmt_time(r->paused_at, t1);
		printf("%-12s since %s, from %s\n", "paused", t1, status_code(r->paused_from));
		put_clean("because", r->pause_reason);
	}
	if (r->paused_days)
		printf("%-12s %d working days\n", "paused", r->paused_days);
	for (int i = 0; i < r->ntransfers; i++) {
		const struct case_transfer *t = &r->transfers[i];
		fmt_day(t->due, t1);
		printf("%-12s round %d %s%s %s, due %s%s\n", i == 0 ? "transfers" : "", t->round,
		       t->dept, t->lead ? " (lead)" : "", transfer_state_code(t->state), t1,
		       transfer_late(s, r, t));
		put_clean("  feedback", t->feedback);
		put_clean("  reason", t->reason);
	}
	for (int i = 0; i < r->ndrafts; i++) {
		const struct case_draft *d = &r->drafts[i];
		static const char *const states[] = { "pending", "approved", "refused", "superseded" };
		printf("%-12s v%d by %s, %s, %d approval(s)\n", i == 0 ? "drafts" : "", d->version,
		       d->author, states[d->state], d->napprovals);
	}
	put_clean("reply", r->reply_text);
	if (r->reply_method >= 0)
		printf("%-12s %s\n", "reply by", reply_method_code(r->reply_method));
	if (r->satisfaction >= 0)
		printf("%-12s %s %s\n", "callback", satisfaction_code(r->satisfaction),
		       satisfaction_label(r->satisfaction));
	if (r->finding >= 0)
		printf("%-12s %s %s\n", "finding", finding_code(r->finding), finding_label(r->finding));
	if (r->reject_reason >= 0)
		printf("%-12s %s %s\n", "not accepted", reject_reason_code(r->reject_reason),
		       reject_reason_label(r->reject_reason));
	if (r->merged_into[0])
		printf("%-12s %s\n", "merged into", r->merged_into);
	for (int i = 0; i < r->nmaterials; i++) {
		char *d = text_sanitize(r->materials[i].description);
		printf("%-12s %s%s%s\n", i == 0 ? "materials" : "", d,
		       r->materials[i].path ? " — " : "", r->materials[i].path ? r->materials[i].path : "");
		free(d);
	}
	print_timeline(s, r);
}

/* ---- show, list, search ---- */

int cmd_show(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk show NUMBER [--json]";
	const char *pos[1];
	int rc;
	struct err err = { 0 };
	struct session s;
	struct case_record r;
	enum case_view view;

	if ((rc = cli_parse_one(c, argc, argv, NULL, pos, usage, "which case? (a case number like TS2026-00042)")))
		return rc == 1 ? 0 : rc;
	if ((rc = session_open(c, &s, &err)))
		return session_fail(&s, &err);
	/* Loads, asks CA_SHOW, and masks the identity or records its disclosure. */
	if ((rc = case_get_view(&s.ctx, pos[0], "show", &r, &view, &err)))
		return session_fail(&s, &err);
	if (view == VIEW_UNRECORDED)
		fprintf(stderr, _("cdesk: warning: %s: identity not shown: its disclosure could not "
			"be recorded: %s\n"), r.number, err.msg);
	if (c->json) {
		json_t *o = case_json_full(&s, &r);
		print_json(o);
		json_decref(o);
	} else {
		print_case_text(&s, &r);
	}
	case_record_free(&r);
	store_close(s.st);
	return 0;
}

/* Under a list row: the callback late as of --at (policy 12 (三)). */
static void print_late_callback(struct session *s, const struct case_record *r)
{
	struct cdatetime due;
	char d[20];

	if (r->status != STATUS_REPLIED || r->satisfaction >= 0 || r->anonymous ||
	    r->replied_at.day == CDATE_NONE ||
	    rules_due_callback(s->ctx.rules, s->ctx.cal, r->replied_at, &due, NULL) ||
	    datetime_cmp(due, s->ctx.at) >= 0)
		return;
	fmt_day(due, d);
	printf("               callback late 回访逾期: due %s, %d working days\n", d,
	       -calendar_days_left(s->ctx.cal, s->ctx.at.day, due.day));
}

/* Under a list row: the departments whose feedback of the case's round is late as of --at. */
static void print_late_feedback(struct session *s, const struct case_record *r)
{
	sqlite3_stmt *q;
	char now[20], due[20];
	bool first = true;

	if (case_status_final(r->status) || r->status == STATUS_PAUSED ||
	    sqlite3_prepare_v2(store_db(s->st), "SELECT dept, due FROM transfers WHERE case_id = ? "
			       "AND round = ? AND state = 'open' AND due < ? ORDER BY lead DESC, id",
			       -1, &q, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(q, 1, r->id);
	sqlite3_bind_int(q, 2, r->round);
	sqlite3_bind_text(q, 3, datetime_format(s->ctx.at, now), -1, SQLITE_TRANSIENT);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *dept = (const char *)sqlite3_column_text(q, 0);
		const char *d = (const char *)sqlite3_column_text(q, 1);
		struct cdatetime t;
		if (!dept || !d || datetime_parse(d, &t, NULL))
			continue;
		fmt_day(t, due);
		printf("%s%s (due %s, %d working days)", first ? "               feedback late 反馈逾期: "
		       : ", ", dept, due, -calendar_days_left(s->ctx.cal, s->ctx.at.day, t.day));
		first = false;
	}
	if (!first)
		printf("\n");
	sqlite3_finalize(q);
	print_late_callback(s, r);
}

static void print_page(struct cli *c, struct session *s, struct case_page *p)
{
	if (c->json) {
		json_t *a = json_array();
		for (int i = 0; i < p->n; i++) {
			json_t *o = case_to_json(&p->items[i], false);
			json_object_set_new(o, "days_left", json_integer(
				case_days_left(s->ctx.cal, &p->items[i], s->ctx.at.day)));
			json_array_append_new(a, o);
		}
		print_json(a);
		json_decref(a);
	} else {
		for (int i = 0; i < p->n; i++) {
			const struct case_record *r = &p->items[i];
			char due[20], *who, *what;
			fmt_day(r->due, due);
			who = text_fit(r->name ? r->name : (r->anonymous ? "(匿名)" : "-"), 10, true);
			what = text_fit(r->text ? r->text : "", 30, false);
			printf("%-14s %-10s %-9s %-10s %s %4d  %s %s\n", r->number,
			       status_code(r->status), class_code(r->hclass),
			       r->ndepts ? r->depts[0] : "-", due,
			       r->due_met.day != CDATE_NONE || case_status_final(r->status) ? 0 :
			       case_days_left(s->ctx.cal, r, s->ctx.at.day), who, what);
			free(who);
			free(what);
			print_late_feedback(s, r);
		}
	}
	if (p->more)
		fprintf(stderr, "next-cursor: %s\n", p->cursor);
}

static int parse_limit(const char *s, int *limit, struct err *err)
{
	char *end;
	long v;

	if (!s)
		return 0;
	v = strtol(s, &end, 10);
	if (*end || end == s || v < 1 || v > 1000)
		return err_set(err, ERR_USAGE, "--limit: '%s' is not a number from 1 to 1000", s);
	*limit = (int)v;
	return 0;
}

int cmd_list(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"cdesk list QUEUE [--sort due|received|number] [--desc] [--limit N] "
		"[--cursor C] [--dept D] [--unit U] [--class C] [--channel CH] [--kind K] "
		"[--status S] [--from DATE] [--to DATE] [--soon N] [--json]";
	const char *sort = NULL, *desc = NULL, *limit_s = NULL, *cursor = NULL, *dept = NULL,
		   *unit = NULL, *hclass = NULL, *channel = NULL, *kind = NULL, *status = NULL,
		   *from = NULL, *to = NULL, *soon = NULL;
	const struct cli_opt opts[] = {
		{ "sort", true, &sort }, { "desc", false, &desc }, { "limit", true, &limit_s },
		{ "cursor", true, &cursor }, { "dept", true, &dept }, { "unit", true, &unit },
		{ "class", true, &hclass }, { "channel", true, &channel }, { "kind", true, &kind },
		{ "status", true, &status }, { "from", true, &from }, { "to", true, &to },
		{ "soon", true, &soon }, { NULL, false, NULL }
	};
	const char *pos[1];
	int rc, q, limit = 50, soon_days = 2;
	enum case_sort so = SORT_DUE;
	struct case_filter f;
	struct case_page page;
	struct err err = { 0 };
	struct session s;
	char qdept[RULES_CODE_MAX] = "";

	if ((rc = cli_parse_one(c, argc, argv, opts, pos, usage, "which queue? (%s)", case_queue_codes())))
		return rc == 1 ? 0 : rc;
	if ((q = case_queue_parse(pos[0], qdept)) < 0)
		return cli_usage_error(usage, "unknown queue '%s' (%s)", pos[0], case_queue_codes());
	case_filter_init(&f);
	if (sort) {
		if (!strcmp(sort, "due")) so = SORT_DUE;
		else if (!strcmp(sort, "received")) so = SORT_RECEIVED;
		else if (!strcmp(sort, "number")) so = SORT_NUMBER;
		else return cli_usage_error(usage, "--sort: '%s' is not due, received or number", sort);
	} else if (q == QUEUE_ALL || q == QUEUE_CLOSED) {
		so = SORT_NUMBER;
		desc = "1";
	}
	if (parse_limit(limit_s, &limit, &err))
		return cli_usage_error(usage, "%s", err.msg);
	if (soon) {
		char *end;
		long v = strtol(soon, &end, 10);
		if (*end || end == soon || v < 1 || v > 60)
			return cli_usage_error(usage, "--soon: '%s' is not a number from 1 to 60", soon);
		soon_days = (int)v;
	}
	if (hclass && (f.hclass = class_parse(hclass)) < 0)
		return cli_usage_error(usage, "--class: unknown class '%s' (%s)", hclass, class_codes());
	if (channel && (f.channel = channel_parse(channel)) < 0)
		return cli_usage_error(usage, "--channel: unknown channel '%s' (%s)", channel,
				       channel_codes());
	if (kind && (f.kind = kind_parse(kind)) < 0)
		return cli_usage_error(usage, "--kind: unknown kind '%s' (%s)", kind, kind_codes());
	if (status && (f.status = status_parse(status)) < 0)
		return cli_usage_error(usage, "--status: unknown status '%s' (%s)", status,
				       status_codes());
	if (from && date_parse(from, &f.from, &err))
		return cli_usage_error(usage, "--from: %s", err.msg);
	if (to && date_parse(to, &f.to, &err))
		return cli_usage_error(usage, "--to: %s", err.msg);
	if ((rc = session_open(c, &s, &err)))
		return session_fail(&s, &err);
	if (dept) {
		const struct department *d = rules_dept_find(s.ctx.rules, dept);
		if (!d) {
			err_set(&err, ERR_NOTFOUND, "--dept: unknown department '%s'", dept);
			return session_fail(&s, &err);
		}
		f.dept = d->code;
	}
	f.unit = unit;
	if ((rc = case_list(&s.ctx, (enum case_queue)q, qdept, &f, so, desc != NULL, soon_days,
			    cursor, limit, &page, &err)))
		return session_fail(&s, &err);
	print_page(c, &s, &page);
	case_page_free(&page);
	store_close(s.st);
	return 0;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk search TEXT [--limit N] [--cursor C] [--json]";
	const char *limit_s = NULL, *cursor = NULL;
	const struct cli_opt opts[] = {
		{ "limit", true, &limit_s }, { "cursor", true, &cursor }, { NULL, false, NULL }
	};
	const char *pos[1];
	int rc, limit = 50;
	struct err err = { 0 };
	struct session s;
	struct case_page page;

	if ((rc = cli_parse_one(c, argc, argv, opts, pos, usage, "search for what? (a case number, phone, name or words)")))
		return rc == 1 ? 0 : rc;
	if (parse_limit(limit_s, &limit, &err))
		return cli_usage_error(usage, "%s", err.msg);
	if ((rc = session_open(c, &s, &err)))
		return session_fail(&s, &err);
	if ((rc = case_search(&s.ctx, pos[0], cursor, limit, &page, &err)))
		return session_fail(&s, &err);
	print_page(c, &s, &page);
	case_page_free(&page);
	store_close(s.st);
	return 0;
}
