/* The case commands: add, show, list, search and one command for each step of a case's life. */
#include "cli/cli.h"
#include "core/actions.h"
#include "core/cases.h"
#include "core/field.h"
#include "core/money.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "core/vocab.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared ---- */

/* The store plus rules and calendar, as every case command needs them. */
struct session {
	struct store *st;
	struct case_ctx ctx;
};

static int session_open(struct cli *c, struct session *s, struct err *err)
{
	struct ruleset *rules;
	struct calendar *cal;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = app_rules(c->app, &rules, err)) || (rc = app_calendar(c->app, &cal, err)))
		return rc;
	if ((rc = app_open_store(c->app, false, &s->st, err)))
		return rc;
	app_case_ctx(c->app, s->st, &s->ctx);
	return 0;
}

static int session_fail(struct session *s, const struct err *err)
{
	store_close(s->st);
	s->st = NULL;
	return cli_fail(err);
}

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

/* Reads all of stdin (for "--text -" and JSON input); NULL on error. */
static char *read_stdin(void)
{
	struct sbuf b = { 0 };
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		sbuf_addn(&b, buf, n);
		if (b.len > 4 * 1024 * 1024)
			break;
	}
	if (ferror(stdin)) {
		sbuf_free(&b);
		return NULL;
	}
	if (!b.s)
		sbuf_addn(&b, "", 0);
	return b.s;
}

/* A value given as "-" is read from stdin (once); the result is owned by *hold. */
static const char *maybe_stdin(const char *v, char **hold)
{
	if (!v || strcmp(v, "-") != 0)
		return v;
	if (!*hold) {
		*hold = read_stdin();
		if (*hold) {
			size_t n = strlen(*hold);
			while (n && ((*hold)[n - 1] == '\n' || (*hold)[n - 1] == '\r'))
				(*hold)[--n] = '\0';
		}
	}
	return *hold;
}

/* "A,B , C" (or full-width "，") into up to max trimmed parts pointing into a
 * copy kept in *hold; -1 when there are more. */
static int split_list(const char *s, const char **out, int max, char **hold)
{
	static const char wide[] = "，";
	int n = 0;
	char *p;

	*hold = xstrdup(s);
	p = *hold;
	while (p) {
		char *comma = strchr(p, ','), *w = strstr(p, wide), *e, *next = NULL, *t = p;
		if (w && (!comma || w < comma)) {
			*w = '\0';
			next = w + strlen(wide);
		} else if (comma) {
			*comma = '\0';
			next = comma + 1;
		}
		while (*t == ' ')
			t++;
		for (e = t + strlen(t); e > t && e[-1] == ' ';)
			*--e = '\0';
		if (*t) {
			if (n == max)
				return -1;
			out[n++] = t;
		}
		p = next;
	}
	return n;
}

static const char *transfer_state_code(enum transfer_state s)
{
	static const char *const names[] = { "open", "answered", "returned", "cancelled" };
	return (int)s >= 0 && s <= TRANSFER_CANCELLED ? names[s] : "?";
}

/* Prints s sanitised (no escape sequence reaches the terminal). */
static void put_clean(const char *label, const char *s)
{
	char *clean;

	if (!s || !*s)
		return;
	clean = text_sanitize(s);
	printf("%-12s %s\n", label, clean);
	free(clean);
}

static void fmt_time(struct cdatetime t, char buf[20])
{
	if (t.day == CDATE_NONE)
		snprintf(buf, 20, "-");
	else
		datetime_format(t, buf);
}

static void fmt_day(struct cdatetime t, char buf[20])
{
	if (t.day == CDATE_NONE)
		snprintf(buf, 20, "-");
	else
		date_format(t.day, buf);
}

static json_t *case_json_full(struct session *s, const struct case_record *r)
{
	json_t *o = case_to_json(r, true), *a = json_array();
	struct store_event *evs;
	struct err err = { 0 };
	int n;

	if (case_events(s->st, r, &evs, &n, &err) == 0) {
		for (int i = 0; i < n; i++)
			json_array_append_new(a, case_event_to_json(&evs[i]));
		store_events_free(evs, n);
	}
	json_object_set_new(o, "days_left", json_integer(case_days_left(s->ctx.cal, r,
									   s->ctx.at.day)));
	json_object_set_new(o, "events", a);
	return o;
}

static void print_case_text(struct session *s, const struct case_record *r)
{
	char t1[20], t2[20], flags[160];
	struct store_event *evs;
	struct err err = { 0 };
	int n;

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
	fmt_time(r->due, t1);
	if (r->due_met.day != CDATE_NONE) {
		fmt_time(r->due_met, t2);
		printf("%-12s %s (met %s)\n", r->in_review ? "review due" : "due", t1, t2);
	} else {
		printf("%-12s %s (%d working days left)\n", r->in_review ? "review due" : "due", t1,
		       case_days_left(s->ctx.cal, r, s->ctx.at.day));
	}
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
		printf("%-12s round %d %s%s %s, due %s\n", i == 0 ? "transfers" : "", t->round,
		       t->dept, t->lead ? " (lead)" : "", transfer_state_code(t->state), t1);
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
			printf("  %s  %-10s %-10s %s%s%s\n", evs[i].at, evs[i].actor, evs[i].action,
			       change, note && change[0] ? "  " : "", note ? note : "");
			json_decref(a);
			json_decref(b);
			free(note);
		}
		store_events_free(evs, n);
	}
}

/* Prints the case after an action: its JSON under --json, else one line. */
static int print_after(struct cli *c, struct session *s, const char *number, const char *what)
{
	struct case_record r;
	struct err err = { 0 };
	char due[20];

	if (case_get(s->st, number, true, &r, &err))
		return session_fail(s, &err);
	if (c->json) {
		json_t *o = case_json_full(s, &r);
		print_json(o);
		json_decref(o);
	} else {
		fmt_day(r.due, due);
		printf("%s: %s, %s, round %d, due %s\n", r.number, what, status_code(r.status),
		       r.round, due);
	}
	if (r.due.day != CDATE_NONE)
		cli_warn_calendar(c, c->app->at.day, r.due.day);
	case_record_free(&r);
	store_close(s->st);
	return 0;
}

/* ---- add ---- */

static const char add_usage[] =
	"cdesk add --channel CH --text TEXT [--name N] [--phone P] [--kind K] [--relation R] "
	"[--address A] [--id-number ID] [--anonymous] [--group-size N] [--representatives R] "
	"[--patient NAME] [--record NO] [--visit-date DATE] [--unit U] [--staff S] "
	"[--demand D] [--claim YUAN] [--class C] [--depts A,B] [--categories A,B] "
	"[--flags F,G] [--no-flags F] [--material DESC[=PATH]] [--json-in | -] "
	"[--at DATETIME] [--json]";

/* Array-or-string JSON lists ("depts": ["A","B"] or "A,B") into a comma list. */
static int jlist(json_t *in, const char *key, const char **out, char **hold, struct err *err)
{
	json_t *v = in ? json_object_get(in, key) : NULL;
	struct sbuf b = { 0 };
	size_t i;
	json_t *e;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v))
		return err_set(err, ERR_USAGE, "JSON input: \"%s\" must be an array of strings", key);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			sbuf_free(&b);
			return err_set(err, ERR_USAGE, "JSON input: \"%s\" must be an array of strings",
				       key);
		}
		sbuf_addf(&b, "%s%s", i ? "," : "", json_string_value(e));
	}
	sbuf_addn(&b, "", 0);
	free(*hold);
	*hold = b.s;
	*out = *hold;
	return 0;
}

/*
 * A field's JSON value as the text a clerk would type, so that it meets the
 * same check (case_field_set): a string as it is; an integer, for the group
 * size and the claim (whole yuan), in decimal into num. A JSON real is
 * refused for the claim: jansson holds it in binary floating point, and
 * 12.345 would be rounded without a word.
 */
static int jfield(json_t *v, enum case_field f, char *num, size_t size, const char **out,
		  struct err *err)
{
	const char *key = case_fields[f].code;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (json_is_integer(v) && (f == CF_GROUP_SIZE || f == CF_CLAIM)) {
		snprintf(num, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = num;
		return 0;
	}
	if (f == CF_CLAIM)
		return err_set(err, ERR_USAGE, "JSON input: \"claim\" must be a string of yuan "
			       "(\"350.50\") or a whole number of yuan (350), not a number with a "
			       "fraction (JSON keeps those as binary floating point)");
	if (f == CF_GROUP_SIZE)
		return err_set(err, ERR_USAGE, "JSON input: \"group_size\" must be a whole number");
	return err_set(err, ERR_USAGE, "JSON input: \"%s\" must be a string", key);
}

/* JSON keys that are not fields of the table (core/field.h). */
static const char *const add_json_extra[] = {
	"anonymous", "claim_fen", "depts", "categories", "flags", "no_flags", "material", NULL
};

int cmd_add(struct cli *c, int argc, char **argv)
{
	const char *fv[CF__COUNT] = { 0 }, *anon = NULL, *depts = NULL, *cats = NULL,
		   *flags = NULL, *noflags = NULL, *material = NULL, *json_in = NULL;
	struct cli_opt opts[CF__COUNT + 8];
	const char *pos[1];
	int npos, rc, k, n = 0;
	struct err err = { 0 };
	struct session s;
	struct case_input in;
	struct case_record out;
	struct ruleset *rules;
	json_t *jin = NULL, *v;
	char *hold_text = NULL, *hold_depts = NULL, *hold_cats = NULL, *hold_flags = NULL,
	     *hold_noflags = NULL, *hold_jd = NULL, *hold_jc = NULL, *hold_jf = NULL,
	     *hold_jn = NULL, *raw = NULL, nums[CF__COUNT][MONEY_BUF];

	/* The fields' options come from the field table, the rest are add's own. */
	for (int f = 0; f < CF__COUNT; f++)
		if (case_fields[f].option)
			opts[n++] = (struct cli_opt){ case_fields[f].option, true, &fv[f] };
	opts[n++] = (struct cli_opt){ "anonymous", false, &anon };
	opts[n++] = (struct cli_opt){ "depts", true, &depts };
	opts[n++] = (struct cli_opt){ "categories", true, &cats };
	opts[n++] = (struct cli_opt){ "flags", true, &flags };
	opts[n++] = (struct cli_opt){ "no-flags", true, &noflags };
	opts[n++] = (struct cli_opt){ "material", true, &material };
	opts[n++] = (struct cli_opt){ "json-in", false, &json_in };
	opts[n] = (struct cli_opt){ NULL, false, NULL };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, add_usage)))
		return rc == 1 ? 0 : rc;
	if (npos == 1 && strcmp(pos[0], "-") != 0)
		return cli_usage_error(add_usage, "unexpected argument '%s'", pos[0]);
	case_input_init(&in);
	if (json_in || npos == 1) {
		json_error_t je;
		const char *key;
		if (fv[CF_ACCOUNT] && strcmp(fv[CF_ACCOUNT], "-") == 0)
			return cli_usage_error(add_usage, "--text - and JSON input both want stdin");
		if (!(raw = read_stdin()))
			return cli_usage_error(NULL, "cannot read stdin: %s", strerror(errno));
		jin = json_loads(raw, JSON_REJECT_DUPLICATES, &je);
		free(raw);
		if (!jin || !json_is_object(jin)) {
			rc = jin ? cli_usage_error(NULL, "JSON input: expected an object")
				 : cli_usage_error(NULL, "JSON input, line %d: %s", je.line, je.text);
			json_decref(jin);
			return rc;
		}
		json_object_foreach(jin, key, v) {
			const char *const *jk;
			int f = case_field_find(key);
			for (jk = add_json_extra; *jk && strcmp(*jk, key) != 0; jk++)
				;
			if (!*jk && (f < 0 || strcmp(case_fields[f].code, key) != 0)) {
				char *clean = text_sanitize(key);
				rc = cli_usage_error(NULL, "JSON input: unknown key \"%s\"", clean);
				free(clean);
				json_decref(jin);
				return rc;
			}
		}
		/* Options given on the command line win over the JSON. */
		for (int f = 0; f < CF__COUNT; f++)
			if (!fv[f] && (rc = jfield(json_object_get(jin, case_fields[f].code),
						   (enum case_field)f, nums[f], sizeof nums[f], &fv[f],
						   &err)))
				goto usage;
		if (!material && (v = json_object_get(jin, "material")) && !json_is_null(v)) {
			if (!json_is_string(v)) {
				rc = err_set(&err, ERR_USAGE, "JSON input: \"material\" must be a string");
				goto usage;
			}
			material = json_string_value(v);
		}
		if (!depts && (rc = jlist(jin, "depts", &depts, &hold_jd, &err)))
			goto usage;
		if (!cats && (rc = jlist(jin, "categories", &cats, &hold_jc, &err)))
			goto usage;
		if (!flags && (rc = jlist(jin, "flags", &flags, &hold_jf, &err)))
			goto usage;
		if (!noflags && (rc = jlist(jin, "no_flags", &noflags, &hold_jn, &err)))
			goto usage;
		if (!anon && (v = json_object_get(jin, "anonymous"))) {
			if (!json_is_boolean(v)) {
				rc = err_set(&err, ERR_USAGE, "JSON input: \"anonymous\" must be true or false");
				goto usage;
			}
			anon = json_is_true(v) ? "1" : NULL;
		}
		if (!fv[CF_CLAIM] && (v = json_object_get(jin, "claim_fen"))) {
			/* fen as the yuan they are, through the same check */
			if (!json_is_integer(v)) {
				rc = err_set(&err, ERR_USAGE, "JSON input: \"claim_fen\" must be an integer");
				goto usage;
			}
			fv[CF_CLAIM] = money_format(json_integer_value(v), nums[CF_CLAIM],
						    sizeof nums[CF_CLAIM]);
		}
	}
	fv[CF_ACCOUNT] = maybe_stdin(fv[CF_ACCOUNT], &hold_text);
	/* Every field through the one check of core/field.h, in the table's order. */
	if ((rc = app_rules(c->app, &rules, &err))) {
		rc = cli_fail(&err);
		goto done;
	}
	for (int f = 0; f < CF__COUNT; f++)
		if ((rc = case_field_set(&in, (enum case_field)f, fv[f], rules, c->app->now, &err))) {
			rc = cli_fail(&err);
			goto done;
		}
	if (depts && (in.ndepts = split_list(depts, in.depts, RULES_MAX_DEPTS, &hold_depts)) < 0) {
		rc = err_set(&err, ERR_USAGE, "--depts: at most %d departments", RULES_MAX_DEPTS);
		goto usage;
	}
	if (cats && (in.ncategories = split_list(cats, in.categories, RULES_MAX_CATEGORIES,
						 &hold_cats)) < 0) {
		rc = err_set(&err, ERR_USAGE, "--categories: at most %d", RULES_MAX_CATEGORIES);
		goto usage;
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *list = pass ? noflags : flags, *parts[FLAG__COUNT + 2];
		char **hold = pass ? &hold_noflags : &hold_flags;
		int nparts;
		if (!list)
			continue;
		nparts = split_list(list, parts, FLAG__COUNT + 2, hold);
		for (k = 0; k < nparts; k++) {
			unsigned bit = flag_parse(parts[k]);
			if (!bit) {
				rc = err_set(&err, ERR_USAGE, "--%s: unknown flag '%s' (safety, claim, "
					     "group, media, legal, anonymous)", pass ? "no-flags" : "flags",
					     parts[k]);
				goto usage;
			}
			if (pass)
				in.flags_clear |= bit;
			else
				in.flags_set |= bit;
		}
	}
	in.anonymous = anon != NULL;
	if (material)
		in.materials[in.nmaterials++] = material;

	if ((rc = session_open(c, &s, &err))) {
		rc = session_fail(&s, &err);
		goto done;
	}
	if ((rc = case_add(&s.ctx, &in, &out, &err))) {
		rc = session_fail(&s, &err);
		goto done;
	}
	if (c->json) {
		struct case_record full;
		if (case_get(s.st, out.number, true, &full, &err) == 0) {
			json_t *o = case_json_full(&s, &full);
			print_json(o);
			json_decref(o);
			case_record_free(&full);
		}
	} else {
		char due[20], f[160];
		fmt_time(out.due, due);
		printf("%s\n", out.number);
		printf("class %s, dept %s", class_code(out.hclass), out.ndepts ? out.depts[0] : "-");
		for (k = 1; k < out.ndepts; k++)
			printf("+%s", out.depts[k]);
		printf(", due %s%s%s\n", due, out.flags ? ", flags " : "",
		       out.flags ? flags_format(out.flags, f, sizeof f) : "");
	}
	cli_warn_calendar(c, out.received.day, out.due.day);
	case_record_free(&out);
	store_close(s.st);
	rc = 0;
	goto done;
usage:
	rc = cli_usage_error(NULL, "%s", err.msg);
done:
	json_decref(jin);
	free(hold_text); free(hold_depts); free(hold_cats); free(hold_flags); free(hold_noflags);
	free(hold_jd); free(hold_jc); free(hold_jf); free(hold_jn);
	return rc;
}

/* ---- show, list, search ---- */

int cmd_show(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk show NUMBER [--json]";
	const char *pos[1];
	int npos, rc;
	struct err err = { 0 };
	struct session s;
	struct case_record r;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 1, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(usage, "which case? (a case number like TS2026-00042)");
	if ((rc = session_open(c, &s, &err)))
		return session_fail(&s, &err);
	if ((rc = case_get(s.st, pos[0], true, &r, &err)))
		return session_fail(&s, &err);
	if ((rc = cases_permit(&s.ctx, "show", &r, &err))) {
		case_record_free(&r);
		return session_fail(&s, &err);
	}
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
	int npos, rc, q, limit = 50, soon_days = 2;
	enum case_sort so = SORT_DUE;
	struct case_filter f;
	struct case_page page;
	struct err err = { 0 };
	struct session s;
	char qdept[RULES_CODE_MAX] = "";

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(usage, "which queue? (%s)", case_queue_codes());
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
	int npos, rc, limit = 50;
	struct err err = { 0 };
	struct session s;
	struct case_page page;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(usage, "search for what? (a case number, phone, name or words)");
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

/* ---- the steps ---- */

/* Parses "NUMBER" plus opts; opens the session. Returns 0, or an exit status
 * (already reported) in *status with false. */
static bool step_begin(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
		       const char *usage, const char **number, struct session *s, int *status)
{
	const char *pos[1];
	int npos, rc;
	struct err err = { 0 };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage))) {
		*status = rc == 1 ? 0 : rc;
		return false;
	}
	if (npos != 1) {
		*status = cli_usage_error(usage, "which case? (a case number like TS2026-00042)");
		return false;
	}
	*number = pos[0];
	if (session_open(c, s, &err)) {
		*status = session_fail(s, &err);
		return false;
	}
	return true;
}

/* Finishes a step: reports the core's failure or prints the case. */
static int step_end(struct cli *c, struct session *s, const char *number, int rc,
		    const struct err *err, const char *what)
{
	if (rc)
		return session_fail(s, err);
	return print_after(c, s, number, what);
}

/* ---- every action of the table (core/actions.h), one generic command ---- */

/* The usage line of an action, built from its parameters. */
static void act_usage(const struct case_action_def *d, struct sbuf *b)
{
	char codes[256];

	sbuf_addf(b, "cdesk %s NUMBER", d->code);
	for (int i = 0; i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		bool opt = !(p->flags & PF_REQUIRED);
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS)) {
			sbuf_addf(b, " [");
			for (int k = 1; k < p->choices->n; k++)
				sbuf_addf(b, "%s--%s", k > 1 ? " | " : "", p->choices->terms[k].code);
			sbuf_addf(b, "]");
			continue;
		}
		sbuf_addf(b, " %s--%s", opt ? "[" : "", p->name);
		if (p->type == PT_CHOICE)
			sbuf_addf(b, " %s", vocab_codes(p->choices, "|", codes, sizeof codes));
		else if (p->type != PT_FLAG)
			sbuf_addf(b, " %s", p->meta ? p->meta : "TEXT");
		if (opt)
			sbuf_addf(b, "]");
	}
	sbuf_addf(b, " [--if-version N] [--at DATETIME] [--json]");
}

int cli_act(struct cli *c, int action, int argc, char **argv)
{
	const struct case_action_def *d = case_action_get(action);
	const char *raw[ACTION_MAX_PARAMS] = { 0 }, *flag[ACTION_MAX_PARAMS][8] = { { 0 } };
	const char *version = NULL, *number, *done = NULL;
	struct cli_opt opts[ACTION_MAX_PARAMS * 2 + 2];
	struct sbuf usage = { 0 };
	struct session s;
	struct err err = { 0 };
	int n = 0, status, rc;
	long long seen = 0;
	char *hold = NULL;

	act_usage(d, &usage);
	for (int i = 0; i < d->nparams; i++) {
		const struct action_param *p = &d->params[i];
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS)) {
			for (int k = 1; k < p->choices->n && k < 8; k++)
				opts[n++] = (struct cli_opt){ p->choices->terms[k].code, false,
							      &flag[i][k] };
			continue;
		}
		opts[n++] = (struct cli_opt){ p->name, p->type != PT_FLAG, &raw[i] };
	}
	opts[n++] = (struct cli_opt){ "if-version", true, &version };
	opts[n] = (struct cli_opt){ NULL, false, NULL };
	if (!step_begin(c, argc, argv, opts, usage.s, &number, &s, &status)) {
		sbuf_free(&usage);
		return status;
	}
	rc = 0;
	for (int i = 0; i < d->nparams && !rc; i++) {
		const struct action_param *p = &d->params[i];
		if (p->type == PT_CHOICE && (p->flags & PF_AS_FLAGS))
			for (int k = 1; k < p->choices->n && k < 8 && !rc; k++) {
				if (!flag[i][k])
					continue;
				if (raw[i])
					rc = cli_usage_error(usage.s, "--%s and --%s exclude each other",
							     raw[i], p->choices->terms[k].code);
				raw[i] = p->choices->terms[k].code;
			}
		else if ((p->flags & PF_REQUIRED) && (!raw[i] || !*raw[i]))
			rc = cli_usage_error(usage.s, "--%s is required", p->name);
		else if (p->type == PT_LONGTEXT)
			raw[i] = maybe_stdin(raw[i], &hold);
	}
	if (!rc && version) {
		char *end;
		seen = strtoll(version, &end, 10);
		if (*end || seen <= 0)
			rc = cli_usage_error(usage.s, "--if-version: '%s' is not a version number "
					     "(see show --json)", version);
	}
	if (rc) {
		free(hold);
		sbuf_free(&usage);
		store_close(s.st);
		return rc;
	}
	rc = case_act(&s.ctx, action, number, (int64_t)seen, raw, &done, &err);
	free(hold);
	sbuf_free(&usage);
	return step_end(c, &s, number, rc, &err, done);
}

int cmd_recompute(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "cdesk recompute [NUMBER] [--at DATETIME] [--json]";
	const char *pos[1];
	int npos, rc, checked = 0, changed = 0;
	bool ch = false;
	struct err err = { 0 };
	struct session s;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 1, &npos, usage)))
		return rc == 1 ? 0 : rc;
	if ((rc = session_open(c, &s, &err)))
		return session_fail(&s, &err);
	cli_warn_calendar(c, c->app->at.day, c->app->at.day);
	if (npos == 1) {
		checked = 1;
		rc = case_recompute(&s.ctx, pos[0], &ch, &err);
		changed = ch;
	} else {
		rc = cases_recompute_all(&s.ctx, &checked, &changed, &err);
	}
	if (rc)
		return session_fail(&s, &err);
	if (c->json) {
		json_t *o = json_pack("{s:i, s:i}", "checked", checked, "changed", changed);
		print_json(o);
		json_decref(o);
	} else {
		printf("%d open case(s) checked, %d with deadlines moved\n", checked, changed);
	}
	store_close(s.st);
	return 0;
}
