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


/* A term as the plain output shows it: "code label" under C, the label
 * alone when the messages are Chinese. */
static const char *term(const char *code, const char *label, char *buf, size_t size)
{
	if (cli_zh())
		return label;
	snprintf(buf, size, "%s %s", code, label);
	return buf;
}

/* The code under C, the Chinese label otherwise (a status in a sentence). */
static const char *word(const char *code, const char *label)
{
	return cli_zh() ? label : code;
}

/* A department by its code, or by its Chinese name when the messages are Chinese. */
static const char *dept_word(struct session *s, const char *code)
{
	const struct department *d = cli_zh() ? rules_dept_find(s->ctx.rules, code) : NULL;

	return d ? d->name_zh : code;
}

static const char *category_word(struct session *s, const char *code)
{
	const struct category *c = cli_zh() ? rules_category_find(s->ctx.rules, code) : NULL;

	return c && c->name_zh[0] ? c->name_zh : code;
}

/* "label value" with the value sanitised; nothing when empty. */
static void put_field(const char *label, const char *v)
{
	char *clean;

	if (!v || !*v)
		return;
	clean = text_sanitize(v);
	cli_put_label(label, 12);
	printf("%s\n", clean);
	free(clean);
}

/* A timeline event's name: its code under C, else its label in the interface language. */
static const char *event_word(const char *action)
{
	/* events that are not rows of the action table (the TUI's words) */
	static const struct { const char *code, *label; } others[] = {
		{ "add", N_("registered") }, { "merged-in", N_("duplicate merged in") },
		{ "recompute", N_("due recomputed") }, { "identity-view", N_("identity viewed") },
	};
	const struct case_action_def *d;

	if (!cli_zh())
		return action;
	if ((d = case_action_get(case_action_find(action))))
		return _(d->timeline);
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (strcmp(others[i].code, action) == 0)
			return _(others[i].label);
	return action;
}

/* A status of an event's before or after, as a word. */
static const char *status_word(const char *code)
{
	int st = status_parse(code);

	return st >= 0 ? word(code, status_label(st)) : code;
}

/* Under a step that computed deadlines, the files that did (SHA-256), when
 * they differ from the ones named last. */
static void print_basis(const struct store_event *ev, char **last)
{
	char *b = case_event_basis(ev);

	if (b && (!*last || strcmp(b, *last) != 0)) {
		printf(_("    deadlines by %s\n"), b);
		free(*last);
		*last = b;
	} else {
		free(b);
	}
}

/* One event: when, who, which step, what it changed (status, due) and its note. */
static void print_event(const struct store_event *ev)
{
	char *note = ev->note ? text_fit(ev->note, 40, false) : NULL;
	char change[200] = "";
	json_t *b = ev->before ? json_loads(ev->before, 0, NULL) : NULL;
	json_t *a = ev->after ? json_loads(ev->after, 0, NULL) : NULL;
	json_t *sb = json_object_get(b, "status"), *sa = json_object_get(a, "status");
	json_t *db = json_object_get(b, "due"), *da = json_object_get(a, "due");

	if (json_is_string(sb) && json_is_string(sa))
		snprintf(change, sizeof change, "%s → %s", status_word(json_string_value(sb)),
			 status_word(json_string_value(sa)));
	if (json_is_string(db) && json_is_string(da)) {
		size_t len = strlen(change);
		snprintf(change + len, sizeof change - len, _("%sdue %s → %s"),
			 len ? _(", ") : "", json_string_value(db), json_string_value(da));
	}
	printf("  %s  %-10s ", ev->at, ev->actor);
	cli_put_label(event_word(ev->action), 10);
	printf("%s%s%s", change, note && change[0] ? "  " : "", note ? note : "");
	if (case_event_late(ev))
		printf(_("%sentered late (recorded %s)"), change[0] || note ? "  " : "",
		       ev->recorded);
	putchar('\n');
	json_decref(a);
	json_decref(b);
	free(note);
}

static void print_timeline(struct session *s, const struct case_record *r)
{
	char *basis = NULL;
	struct store_event *evs;
	struct err err = { 0 };
	int n;

	if (case_events(s->st, r, &evs, &n, &err) == 0) {
		printf("%s\n", C_("show", "timeline"));
		for (int i = 0; i < n; i++) {
			print_event(&evs[i]);
			print_basis(&evs[i], &basis);
		}
		store_events_free(evs, n);
	}
	free(basis);
}

/* The reply deadline as of --at: days left, days overdue, met on time or late. */
static void print_due(struct session *s, const struct case_record *r)
{
	const char *label = r->in_review ? C_("show", "review due") : C_("show", "due");
	bool zh = cli_zh();
	char t1[20], t2[20];

	fmt_time(r->due, t1);
	cli_put_label(label, 12);
	if (r->due_met.day != CDATE_NONE) {
		int late = calendar_working_days_between(s->ctx.cal, r->due.day, r->due_met.day);
		fmt_time(r->due_met, t2);
		if (datetime_cmp(r->due_met, r->due) > 0 && zh)
			printf(_("%s (met late %s, %d working days late)\n"), t1, t2, late);
		else if (datetime_cmp(r->due_met, r->due) > 0)
			printf("%s (met late %s, %d working days late, 逾期 %d 个工作日)\n",
			       t1, t2, late, late);
		else
			printf(_("%s (met %s)\n"), t1, t2);
		return;
	}
	int left = case_days_left(s->ctx.cal, r, s->ctx.at.day);
	if (left < 0 && zh)
		printf(_("%s (%d working days overdue)\n"), t1, -left);
	else if (left < 0)
		printf("%s (%d working days overdue, 逾期 %d 个工作日)\n", t1, -left, -left);
	else if (datetime_cmp(r->due, s->ctx.at) < 0)
		printf(zh ? _("%s (overdue today)\n") : "%s (overdue today, 今日已逾期)\n", t1);
	else
		printf(_("%s (%d working days left)\n"), t1, left);
}

/* ", N working days late" for a transfer whose feedback is, or came, after its deadline. */
static const char *transfer_late(struct session *s, const struct case_record *r,
				 const struct case_transfer *t)
{
	static char buf[128];
	struct cdatetime end = t->state == TRANSFER_OPEN ? s->ctx.at : t->done_at;
	int late;

	buf[0] = '\0';
	if (t->state == TRANSFER_CANCELLED || (t->state == TRANSFER_OPEN &&
	    (t->round != r->round || case_status_final(r->status))) ||
	    end.day == CDATE_NONE || datetime_cmp(end, t->due) <= 0)
		return buf;
	late = calendar_working_days_between(s->ctx.cal, t->due.day, end.day);
	if (cli_zh())
		snprintf(buf, sizeof buf, t->state == TRANSFER_OPEN ?
			 _(", feedback %d working days late") : _(", answered %d working days late"),
			 late);
	else
		snprintf(buf, sizeof buf, ", %s %d working days late (逾期 %d 个工作日)",
			 t->state == TRANSFER_OPEN ? "feedback" : "answered", late, late);
	return buf;
}

/* Who complained and about whom: the complainant, the patient, the unit. */
static void print_people(const struct case_record *r)
{
	char t1[20];

	put_field(C_("show", "receiver"), r->receiver);
	put_field(C_("show", "name"), r->name);
	put_field(C_("show", "phone"), r->phone);
	put_field(C_("show", "relation"), r->relation);
	put_field(C_("show", "address"), r->address);
	put_field(C_("show", "id number"), r->id_number);
	if (r->anonymous)
		put_field(C_("show", "anonymous"), C_("show", "yes"));
	if (r->group_size > 1) {
		cli_put_label(C_("show", "group size"), 12);
		printf("%d\n", r->group_size);
	}
	put_field(C_("show", "represent."), r->representatives);
	put_field(C_("show", "patient"), r->patient_name);
	put_field(C_("show", "record no."), r->patient_record);
	if (r->visit_date != CDATE_NONE)
		put_field(C_("show", "visit date"), date_format(r->visit_date, t1));
	put_field(C_("show", "unit"), r->unit);
	put_field(C_("show", "staff"), r->staff);
	put_field(C_("show", "account"), r->text);
	put_field(C_("show", "demand"), r->demand);
}

/* A list of codes ("NURSING,BILLING" or a JSON array) by their Chinese names. */
static void add_codes(struct sbuf *b, struct session *s, const char *key, json_t *v)
{
	char *hold = NULL;
	const char *items[32];
	int n = 0;

	if (json_is_string(v))
		n = text_split_list(json_string_value(v), items, 32, &hold);
	for (size_t i = 0; json_is_array(v) && i < json_array_size(v) && n < 32; i++)
		if (json_is_string(json_array_get(v, i)))
			items[n++] = json_string_value(json_array_get(v, i));
	for (int i = 0; i < n; i++) {
		unsigned f = flag_parse(items[i]);
		sbuf_add(b, i ? "、" : "");
		sbuf_add(b, !strcmp(key, "flags") && f ? flag_label(f) : !strcmp(key, "categories")
			 ? category_word(s, items[i]) : dept_word(s, items[i]));
	}
	free(hold);
}

/* What the clerk changed of the suggestion ({"class":"emergency", …}) in
 * words: "处理类别 应急（医疗安全）"; NULL when it is not such an object. */
static char *override_words(struct session *s, const char *override)
{
	json_t *o = json_loads(override, 0, NULL), *v;
	struct sbuf b = { 0 };
	const char *key;
	int k;

	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	sbuf_addn(&b, "", 0);
	json_object_foreach(o, key, v) {
		const char *str = json_string_value(v);
		if (!strcmp(key, "class_why")) {
			if (str && flag_parse(str))
				sbuf_addf(&b, "（%s）", flag_label(flag_parse(str)));
			continue;
		}
		sbuf_add(&b, b.len ? "；" : "");
		if (!strcmp(key, "kind") && str && (k = kind_parse(str)) >= 0)
			sbuf_addf(&b, "%s %s", C_("suggestion part", "kind"), kind_label(k));
		else if (!strcmp(key, "class") && str && (k = class_parse(str)) >= 0)
			sbuf_addf(&b, "%s %s", C_("show", "class"), class_label(k));
		else if (!strcmp(key, "depts") || !strcmp(key, "categories") || !strcmp(key, "flags")) {
			sbuf_addf(&b, "%s ", !strcmp(key, "depts") ? C_("show", "depts") :
				  !strcmp(key, "flags") ? C_("show", "flags") : C_("show", "categories"));
			add_codes(&b, s, key, v);
		} else {
			char *raw = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			sbuf_addf(&b, "%s %s", key, raw ? raw : "");
			free(raw);
		}
	}
	json_decref(o);
	return b.s;
}

/* The handling: class, departments, categories, flags, the override. */
static void print_handling(struct session *s, const struct case_record *r)
{
	char tb[96], flags[160];

	if (r->claim_fen) {
		char y[MONEY_BUF];
		cli_put_label(C_("show", "claim"), 12);
		printf(_("%s yuan\n"), money_format(r->claim_fen, y, sizeof y));
	}
	cli_put_label(C_("show", "class"), 12);
	printf("%s\n", term(class_code(r->hclass), class_label(r->hclass), tb, sizeof tb));
	cli_put_label(C_("show", "depts"), 11);     /* each department after a space */
	for (int i = 0; i < r->ndepts; i++)
		printf(" %s%s", dept_word(s, r->depts[i]), i == 0 ? _(" (lead)") : "");
	if (r->ndepts == 0)
		printf("%s", _(" - (no department holds it: the complaint office's to route)"));
	printf("\n");
	if (r->ncategories) {
		cli_put_label(C_("show", "categories"), 12);
		for (int i = 0; i < r->ncategories; i++)
			printf("%s%s", i ? (cli_zh() ? "、" : " ") : "", category_word(s, r->categories[i]));
		printf("\n");
	}
	if (r->flags && cli_zh()) {
		cli_put_label(C_("show", "flags"), 12);
		for (unsigned b = 1, k = 0; b < (1u << FLAG__COUNT); b <<= 1)
			if (r->flags & b)
				printf("%s%s", k++ ? "、" : "", flag_label(b));
		printf("\n");
	} else if (r->flags) {
		printf("%-12s %s\n", "flags", flags_format(r->flags, flags, sizeof flags));
	}
	if (r->override) {
		char *words = cli_zh() ? override_words(s, r->override) : NULL;
		cli_put_label(C_("show", "override"), 12);
		printf(_("%s (by %s)\n"), words ? words : r->override, r->override_by);
		free(words);
	}
}

/* Transfers and their feedback, reply drafts. */
static void print_rounds(struct session *s, const struct case_record *r)
{
	/* the drafts' states, as the TUI words them */
	static const char *const states[] = { N_("pending"), N_("approved"), N_("sent back"),
					      N_("superseded") };
	static const char *const codes[] = { "pending", "approved", "refused", "superseded" };
	char t1[20];

	for (int i = 0; i < r->ntransfers; i++) {
		const struct case_transfer *t = &r->transfers[i];
		const char *st = transfer_state_code(t->state);
		fmt_day(t->due, t1);
		cli_put_label(i == 0 ? C_("show", "transfers") : "", 12);
		printf(_("round %d %s%s %s, due %s%s\n"), t->round, dept_word(s, t->dept),
		       t->lead ? _(" (lead)") : "", cli_zh() ? _(st) : st, t1, transfer_late(s, r, t));
		put_field(_("  feedback"), t->feedback);
		put_field(_("  reason"), t->reason);
	}
	for (int i = 0; i < r->ndrafts; i++) {
		const struct case_draft *d = &r->drafts[i];
		cli_put_label(i == 0 ? C_("show", "drafts") : "", 12);
		printf(_("v%d by %s, %s, %d approval(s)\n"), d->version, d->author,
		       cli_zh() ? _(states[d->state]) : codes[d->state], d->napprovals);
	}
}

/* How it ended: the reply, the callback, the finding; its materials. */
static void print_outcome(const struct case_record *r)
{
	char tb[96];

	put_field(C_("show", "reply"), r->reply_text);
	if (r->reply_method >= 0)
		put_field(C_("show", "reply by"), word(reply_method_code(r->reply_method),
					      reply_method_label(r->reply_method)));
	if (r->satisfaction >= 0)
		put_field(C_("show", "callback"), term(satisfaction_code(r->satisfaction),
					      satisfaction_label(r->satisfaction), tb, sizeof tb));
	if (r->finding >= 0)
		put_field(C_("show", "finding"), term(finding_code(r->finding), finding_label(r->finding),
					     tb, sizeof tb));
	if (r->reject_reason >= 0)
		put_field(C_("show", "not accepted"), term(reject_reason_code(r->reject_reason),
						  reject_reason_label(r->reject_reason), tb, sizeof tb));
	put_field(C_("show", "merged into"), r->merged_into);
	for (int i = 0; i < r->nmaterials; i++) {
		char *d = text_sanitize(r->materials[i].description);
		cli_put_label(i == 0 ? C_("show", "materials") : "", 12);
		printf("%s%s%s\n", d, r->materials[i].path ? " — " : "",
		       r->materials[i].path ? r->materials[i].path : "");
		free(d);
	}
}

static void print_case_text(struct session *s, const struct case_record *r)
{
	char t1[20], tb[96], tc[96], tk[96];

	printf(_("%s  %s  round %d%s\n"), r->number,
	       term(status_code(r->status), status_label(r->status), tb, sizeof tb), r->round,
	       r->escalated ? _("  ESCALATED") : "");
	fmt_time(r->received, t1);
	cli_put_label(C_("show", "received"), 12);
	printf("%s  %s  %s\n", t1,
	       term(channel_code(r->channel), channel_label(r->channel), tc, sizeof tc),
	       term(kind_code(r->kind), kind_label(r->kind), tk, sizeof tk));
	print_people(r);
	print_handling(s, r);
	print_due(s, r);
	if (r->status == STATUS_PAUSED) {
		fmt_time(r->paused_at, t1);
		cli_put_label(C_("show", "paused"), 12);
		printf(_("since %s, from %s\n"), t1,
		       word(status_code(r->paused_from), status_label(r->paused_from)));
		put_field(C_("show", "because"), r->pause_reason);
	}
	if (r->paused_days) {
		cli_put_label(C_("show", "paused"), 12);
		printf(_("%d working days\n"), r->paused_days);
	}
	print_rounds(s, r);
	print_outcome(r);
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
	printf(cli_zh() ? _("               callback late: due %s, %d working days\n") :
	       "               callback late 回访逾期: due %s, %d working days\n", d,
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
		if (first)
			printf("%s", cli_zh() ? _("               feedback late: ") :
			       "               feedback late 反馈逾期: ");
		printf(_("%s%s (due %s, %d working days)"), first ? "" : _(", "),
		       dept_word(s, dept), due, -calendar_days_left(s->ctx.cal, s->ctx.at.day, t.day));
		first = false;
	}
	if (!first)
		printf("\n");
	sqlite3_finalize(q);
	print_late_callback(s, r);
}

/* The columns of a list under a Chinese locale (LANG=C prints codes and no
 * header, as scripts have always read it): widths in display columns. */
enum { COL_NUMBER = 14, COL_STATUS = 8, COL_CLASS = 6, COL_DEPT = 10 };

/* A department's name as a narrow column shows it. */
static const char *dept_short(struct session *s, const char *code)
{
	const struct department *d = rules_dept_find(s->ctx.rules, code);

	return !d ? code : d->short_zh[0] ? d->short_zh : d->name_zh;
}

static void print_header_zh(void)
{
	cli_put_label(C_("list", "number"), COL_NUMBER);
	cli_put_label(C_("list", "status"), COL_STATUS);
	cli_put_label(C_("list", "class"), COL_CLASS);
	cli_put_label(C_("list", "lead dept"), COL_DEPT);
	cli_put_label(C_("list", "due"), 10);
	cli_put_cell(C_("list", "left"), 4);
	printf("  ");
	cli_put_label(C_("list", "complainant"), 10);
	printf("%s\n", C_("list", "account"));
}

static void print_row_zh(struct session *s, const struct case_record *r, const char *due,
			 int left, const char *who, const char *what)
{
	cli_put_label(r->number, COL_NUMBER);
	cli_put_label(status_label(r->status), COL_STATUS);
	cli_put_label(class_label(r->hclass), COL_CLASS);
	cli_put_cell(r->ndepts ? dept_short(s, r->depts[0]) : "-", COL_DEPT);
	printf(" %s %4d  %s %s\n", due, left, who, what);
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
		if (cli_zh() && p->n > 0)
			print_header_zh();
		for (int i = 0; i < p->n; i++) {
			const struct case_record *r = &p->items[i];
			char due[20], *who, *what;
			fmt_day(r->due, due);
			who = text_fit(r->name ? r->name : (r->anonymous ? "(匿名)" : "-"), 10, true);
			what = text_fit(r->text ? r->text : "", 30, false);
			int left = r->due_met.day != CDATE_NONE || case_status_final(r->status) ? 0 :
				   case_days_left(s->ctx.cal, r, s->ctx.at.day);
			if (cli_zh())
				print_row_zh(s, r, due, left, who, what);
			else
				printf("%-14s %-10s %-9s %-10s %s %4d  %s %s\n", r->number,
				       status_code(r->status), class_code(r->hclass),
				       r->ndepts ? r->depts[0] : "-", due, left, who, what);
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
