/* What the case commands share: the session (store and case context), reading standard input, printing a case. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- shared ---- */


/* The rules and calendar, then the store: the one at --db, or a new one at
 * init_path (store_init) when that is given. */
static int session_begin(struct cli *c, struct session *s, const char *init_path,
			 struct err *err)
{
	struct ruleset *rules;
	struct calendar *cal;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = app_rules(c->app, &rules, err)) || (rc = app_calendar(c->app, &cal, err)))
		return rc;
	rc = init_path ? store_init(init_path, &s->st, err)
		       : app_open_store(c->app, false, &s->st, err);
	if (rc)
		return rc;
	app_case_ctx(c->app, s->st, &s->ctx);
	return 0;
}

int session_open(struct cli *c, struct session *s, struct err *err)
{
	return session_begin(c, s, NULL, err);
}

int session_create(struct cli *c, struct session *s, const char *path, struct err *err)
{
	return session_begin(c, s, path, err);
}

int session_open_for(struct cli *c, enum case_action a, struct store **st, struct err *err)
{
	int rc;

	*st = NULL;
	if ((rc = app_open_store(c->app, false, st, err)) ||
	    (rc = cases_permit(&(struct case_ctx){ .st = *st, .actor = c->app->actor }, a, NULL,
			       err))) {
		store_close(*st);
		*st = NULL;
	}
	return rc;
}

int session_fail(struct session *s, const struct err *err)
{
	store_close(s->st);
	s->st = NULL;
	return cli_fail(err);
}

void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

/* Standard input is read whole, up to this much: a text is at most 20,000
 * characters, and a JSON case or a --lines list of texts far less than this. */
#define STDIN_MAX_BYTES (4 * 1024 * 1024)

/* Reads all of stdin (for "--text -", JSON input and classify). Never
 * returns NULL: input that cannot be read, is over STDIN_MAX_BYTES or holds
 * a NUL byte is refused, with a message naming what is wrong, and exit 2,
 * before anything is changed. */
char *read_stdin(void)
{
	struct sbuf b = { 0 };
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		sbuf_addn(&b, buf, n);
		if (b.len > STDIN_MAX_BYTES) {
			fprintf(stderr, _("cdesk: standard input: more than %d MiB; the input may "
				"be at most %d MiB (nothing was changed)\n"),
				STDIN_MAX_BYTES >> 20, STDIN_MAX_BYTES >> 20);
			exit(ERR_USAGE);
		}
	}
	if (ferror(stdin)) {
		fprintf(stderr, _("cdesk: cannot read standard input: %s (nothing was changed)\n"),
			err_errno_text(errno));
		exit(ERR_USAGE);
	}
	if (!b.s)
		sbuf_addn(&b, "", 0);
	/* A NUL byte would cut the text short without a word: refuse it. */
	if (memchr(b.s, '\0', b.len)) {
		fprintf(stderr, _("cdesk: standard input: a NUL byte at byte %zu; a text may not "
			"contain NUL bytes (nothing was changed)\n"),
			(size_t)((char *)memchr(b.s, '\0', b.len) - b.s) + 1);
		exit(ERR_USAGE);
	}
	return b.s;
}

/* A value given as "-" is read from stdin (once); the result is owned by *hold. */
const char *maybe_stdin(const char *v, char **hold)
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

const char *transfer_state_code(enum transfer_state s)
{
	static const char *const names[] = { "open", "answered", "returned", "cancelled" };
	return (int)s >= 0 && s <= TRANSFER_CANCELLED ? names[s] : "?";
}

void fmt_time(struct cdatetime t, char buf[20])
{
	if (t.day == CDATE_NONE)
		snprintf(buf, 20, "-");
	else
		datetime_format(t, buf);
}

void fmt_day(struct cdatetime t, char buf[20])
{
	if (t.day == CDATE_NONE)
		snprintf(buf, 20, "-");
	else
		date_format(t.day, buf);
}

json_t *case_json_full(struct session *s, const struct case_record *r)
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


/* Prints the case after an action: its JSON under --json, else one line. */
int print_after(struct cli *c, struct session *s, const char *number, const char *what)
{
	struct case_record r;
	struct err err = { 0 };
	char due[20];

	if (case_get(s->st, number, true, &r, &err))
		return session_fail(s, &err);
	if (c->json) {
		json_t *o;
		/* The case as this user may see it (core/privacy.h). */
		if (case_identity_view(&s->ctx, &r, "--json after a step", &err) == VIEW_UNRECORDED)
			fprintf(stderr, _("cdesk: warning: %s: identity not shown: its disclosure "
				"could not be recorded: %s\n"), r.number, err.msg);
		o = case_json_full(s, &r);
		print_json(o);
		json_decref(o);
	} else {
		fmt_day(r.due, due);
		printf(_("%s: %s, %s, round %d, due %s\n"), r.number, _(what),
		       cli_zh() ? status_label(r.status) : status_code(r.status), r.round, due);
	}
	if (r.due.day != CDATE_NONE)
		cli_warn_calendar(c, c->app->at.day, r.due.day);
	case_record_free(&r);
	store_close(s->st);
	return 0;
}
