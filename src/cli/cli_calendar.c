/* `cdesk due` and `cdesk calendar`: working-day arithmetic and the month view on the command line. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "core/vocab.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char due_usage[] =
	"cdesk due [DATE] (--days N | --class CLASS [--time HH:MM] [--depts N]) [--json]";
static const char calendar_usage[] = "cdesk calendar YYYY-MM [--json]";

static const char *const weekday_names[8] = { "", "Monday", "Tuesday", "Wednesday",
					      "Thursday", "Friday", "Saturday", "Sunday" };

/* Day w (1 = Monday) of the week by name: English under C, else translated. */
static const char *weekday_word(int w)
{
	const char *const words[8] = { "", C_("weekday", "Monday"), C_("weekday", "Tuesday"),
		C_("weekday", "Wednesday"), C_("weekday", "Thursday"), C_("weekday", "Friday"),
		C_("weekday", "Saturday"), C_("weekday", "Sunday") };

	return w >= 1 && w <= 7 ? words[w] : "";
}

/* The same, short: "Mon" under C (the first three letters), "周一" in Chinese. */
static const char *weekday_short(int w, char buf[8])
{
	const char *const words[8] = { "", C_("weekday", "Mon"), C_("weekday", "Tue"),
		C_("weekday", "Wed"), C_("weekday", "Thu"), C_("weekday", "Fri"),
		C_("weekday", "Sat"), C_("weekday", "Sun") };

	snprintf(buf, 8, "%.3s", w >= 1 && w <= 7 ? weekday_names[w] : "");
	return cli_zh() && w >= 1 && w <= 7 ? words[w] : buf;
}

static const char *day_kind_code(enum day_kind k)
{
	switch (k) {
	case DAY_WORKDAY: return "workday";
	case DAY_WEEKEND: return "weekend";
	case DAY_HOLIDAY: return "holiday";
	case DAY_MAKEUP: return "makeup";
	}
	return "?";
}

/* Adds each "、"-separated part of name to acc unless it is there already. */
static void merge_names(struct sbuf *acc, const char *name)
{
	static const char sep[] = "、";

	for (const char *p = name; p && *p;) {
		const char *e = strstr(p, sep);
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool have = false;

		for (const char *q = acc->s; q && *q;) {
			const char *qe = strstr(q, sep);
			size_t qn = qe ? (size_t)(qe - q) : strlen(q);
			if (qn == n && strncmp(q, p, n) == 0)
				have = true;
			q = qe ? qe + strlen(sep) : NULL;
		}
		if (!have) {
			if (acc->len)
				sbuf_add(acc, sep);
			sbuf_addn(acc, p, n);
		}
		p = e ? e + strlen(sep) : NULL;
	}
}

/*
 * Calls fn for each run of consecutive holidays and for each make-up day in
 * [a, b], with the run's names merged. At most max calls; returns the number
 * of runs found (which may exceed max).
 */
typedef void (*run_fn)(void *ctx, cdate from, cdate to, enum day_kind kind, const char *names);

static int each_run(const struct calendar *cal, cdate a, cdate b, int max, run_fn fn, void *ctx)
{
	int nruns = 0;

	for (cdate d = a; d <= b; d++) {
		enum day_kind k = calendar_day_kind(cal, d);
		struct sbuf names = { 0 };
		cdate end = d;

		if (k != DAY_HOLIDAY && k != DAY_MAKEUP)
			continue;
		sbuf_addn(&names, "", 0);
		merge_names(&names, calendar_day_name(cal, d));
		if (k == DAY_HOLIDAY)
			while (end < b && calendar_day_kind(cal, end + 1) == DAY_HOLIDAY) {
				end++;
				merge_names(&names, calendar_day_name(cal, end));
			}
		if (nruns++ < max)
			fn(ctx, d, end, k, names.s);
		sbuf_free(&names);
		d = end;
	}
	return nruns;
}

/* ---- cdesk due ---- */

struct due_opts {
	bool by_class;
	int days;                   /* --days */
	enum handling_class hclass; /* --class */
	int ndepts;
	bool time_set;
	int32_t time;
	bool warned[CAL_LAST_YEAR - CAL_FIRST_YEAR + 1];
};

struct due_answer {
	struct cdatetime from;
	struct cdatetime due;
	int days;                   /* working days counted; 0 same day; -1 hours */
	bool has_time;              /* the due time matters (emergency class) */
	bool from_time;             /* a time of receipt was given */
};

static int parse_int(const char *opt, const char *v, long min, long max, long *out,
		     struct err *err)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end)
		return err_set(err, ERR_USAGE, "%s: '%s' is not a whole number", opt, v);
	if (n < min || n > max)
		return err_set(err, ERR_USAGE, "%s: %ld is out of range %ld..%ld", opt, n, min, max);
	*out = n;
	return 0;
}

static int check_range(cdate d, const char *text, struct err *err)
{
	if (!calendar_in_range(d))
		return err_set(err, ERR_USAGE, "'%s': outside the calendar's years %d-%d", text,
			       CAL_FIRST_YEAR, CAL_LAST_YEAR);
	return 0;
}

/* True when add(from, n) = due was not clamped at an end of the calendar. */
static bool reached(const struct calendar *cal, cdate from, int n, cdate due)
{
	if (!calendar_in_range(due))
		return false;
	if (n > 0)
		return calendar_working_days_between(cal, from, due) == n;
	if (n < 0)
		return calendar_working_days_between(cal, due, from) ==
		       -n - 1 + (calendar_is_working_day(cal, from) ? 1 : 0);
	return calendar_is_working_day(cal, due);
}

static int compute_due(struct cli *c, struct due_opts *o, const char *text,
		       struct due_answer *ans, struct err *err)
{
	struct calendar *cal;
	int rc;

	if ((rc = app_calendar(c->app, &cal, err)))
		return rc;
	memset(ans, 0, sizeof *ans);
	if (!o->by_class) {
		if (date_parse(text, &ans->from.day, err) || check_range(ans->from.day, text, err))
			return ERR_USAGE;
		ans->due.day = calendar_add_working_days(cal, ans->from.day, o->days);
		ans->due.sec = 86399;
		ans->days = o->days;
		if (!reached(cal, ans->from.day, o->days, ans->due.day))
			return err_set(err, ERR_USAGE,
				       "'%s' %+d working days lies outside the calendar's years %d-%d",
				       text, o->days, CAL_FIRST_YEAR, CAL_LAST_YEAR);
	} else {
		struct ruleset *rs;

		if (datetime_parse(text, &ans->from, err) || check_range(ans->from.day, text, err))
			return ERR_USAGE;
		if (o->time_set) {
			if (strlen(text) > 10)
				return err_set(err, ERR_USAGE,
					       "'%s' has a time and --time was given; give one", text);
			ans->from.sec = o->time;
		}
		ans->from_time = o->time_set || strlen(text) > 10;
		if ((rc = app_rules(c->app, &rs, err)))
			return rc;
		if ((rc = rules_due_reply(rs, cal, o->hclass, o->ndepts, ans->from, &ans->due, err)))
			return rc;
		ans->days = rules_reply_days(rs, o->hclass, o->ndepts);
		ans->has_time = ans->days < 0;
	}
	/* The fallback warning, once a year for the whole run. */
	for (int y = date_year(ans->from.day < ans->due.day ? ans->from.day : ans->due.day),
		 ye = date_year(ans->from.day < ans->due.day ? ans->due.day : ans->from.day);
	     y <= ye; y++) {
		cdate jan1;
		if (y < CAL_FIRST_YEAR || y > CAL_LAST_YEAR || o->warned[y - CAL_FIRST_YEAR] ||
		    calendar_year_known(cal, y) || date_from_ymd(y, 1, 1, &jan1))
			continue;
		o->warned[y - CAL_FIRST_YEAR] = true;
		cli_warn_calendar(c, jan1, jan1);
	}
	return 0;
}

static void format_due(const struct due_answer *a, char *buf)
{
	if (a->has_time) {
		datetime_format(a->due, buf);
		buf[16] = '\0';                 /* "YYYY-MM-DD HH:MM" */
	} else {
		date_format(a->due.day, buf);
	}
}

struct run_ctx {
	json_t *arr;                /* JSON, or NULL for text */
};

static void print_run(void *vctx, cdate from, cdate to, enum day_kind kind, const char *names)
{
	struct run_ctx *ctx = vctx;
	char a[11], b[11];

	date_format(from, a);
	date_format(to, b);
	if (ctx->arr) {
		json_array_append_new(ctx->arr,
				      json_pack("{s:s, s:s, s:s, s:s}", "kind", day_kind_code(kind),
						"from", a, "to", b, "name", names));
		return;
	}
	if (kind == DAY_MAKEUP)
		printf(_("  worked  %s %-9s make-up working day (%s)\n"), a,
		       weekday_word(date_weekday(from)), names);
	else if (from == to)
		printf(_("  off     %s %-9s %s\n"), a, weekday_word(date_weekday(from)), names);
	else
		printf(_("  off     %s..%s  %s (%d days)\n"), a, b, names, (int)(to - from + 1));
}

#define DUE_MAX_RUNS 12

static json_t *answer_json(struct cli *c, const struct due_opts *o, const struct due_answer *a,
			   bool detail)
{
	char from[20], due[20], due_at[20];
	json_t *j;

	format_due(a, due);
	datetime_format(a->due, due_at);
	if (o->by_class) {
		datetime_format(a->from, from);
		j = json_pack("{s:s, s:s, s:i}", "received", from, "class", class_code(o->hclass),
			      "depts", o->ndepts);
		if (a->days >= 0)
			json_object_set_new(j, "days", json_integer(a->days));
		else
			json_object_set_new(j, "hours", json_integer(
				((int64_t)(a->due.day - a->from.day) * 86400 + a->due.sec -
				 a->from.sec) / 3600));
	} else {
		date_format(a->from.day, from);
		j = json_pack("{s:s, s:i}", "from", from, "days", a->days);
	}
	json_object_set_new(j, "due", json_string(due));
	json_object_set_new(j, "due_at", json_string(due_at));
	json_object_set_new(j, "weekday", json_integer(date_weekday(a->due.day)));
	json_object_set_new(j, "calendar_known",
			    json_boolean(calendar_span_known(c->app->cal, a->from.day, a->due.day)));
	if (detail) {
		struct run_ctx ctx = { json_array() };
		cdate lo = a->from.day < a->due.day ? a->from.day + 1 : a->due.day;
		cdate hi = a->from.day < a->due.day ? a->due.day : a->from.day;

		each_run(c->app->cal, lo, hi, 1000, print_run, &ctx);
		json_object_set_new(j, "days_off_and_makeup", ctx.arr);
	}
	return j;
}

static void print_answer(struct cli *c, const struct due_opts *o, const struct due_answer *a)
{
	char due[20], from[20];
	struct run_ctx ctx = { NULL };
	cdate lo, hi;
	int n;

	format_due(a, due);
	printf("%s\n", due);
	if (o->by_class) {
		char cls[96];
		/* "general class (一般)" as ever under C; "处理类别 一般" in Chinese */
		if (cli_zh())
			snprintf(cls, sizeof cls, C_("due", "class %s"), class_label(o->hclass));
		else
			snprintf(cls, sizeof cls, "%s class (%s)", class_code(o->hclass),
				 class_label(o->hclass));
		datetime_format(a->from, from);
		from[a->from_time ? 16 : 10] = '\0';
		if (a->days < 0)
			printf(_("%s: due %s, received %s\n"), cls, due, from);
		else if (a->days == 0)
			printf(_("%s: due the day of receipt, or the next working day when received "
				 "after the day cutoff or on a day off (received %s %s)\n"),
			       cls, weekday_word(date_weekday(a->from.day)), from);
		else
			printf(ngettext("%s, %d department: %d working days after %s %s\n",
					"%s, %d departments: %d working days after %s %s\n",
					(unsigned long)o->ndepts),
			       cls, o->ndepts, a->days, weekday_word(date_weekday(a->from.day)), from);
	} else {
		date_format(a->from.day, from);
		unsigned long nd = (unsigned long)abs(a->days);

		printf(a->days < 0
		       ? ngettext("%s %s: %d working day before %s %s (that day not counted)\n",
				  "%s %s: %d working days before %s %s (that day not counted)\n", nd)
		       : ngettext("%s %s: %d working day after %s %s (that day not counted)\n",
				  "%s %s: %d working days after %s %s (that day not counted)\n", nd),
		       weekday_word(date_weekday(a->due.day)), due, abs(a->days),
		       weekday_word(date_weekday(a->from.day)), from);
	}
	lo = a->from.day < a->due.day ? a->from.day + 1 : a->due.day;
	hi = a->from.day < a->due.day ? a->due.day : a->from.day;
	n = each_run(c->app->cal, lo, hi, DUE_MAX_RUNS, print_run, &ctx);
	if (n > DUE_MAX_RUNS)
		printf(_("  … and %d more\n"), n - DUE_MAX_RUNS);
	if (!calendar_span_known(c->app->cal, a->from.day, a->due.day))
		fputs(_("note: a year of this span has no holiday file; Monday-Friday counted there\n"),
		      stdout);
}

static void print_json(json_t *j, bool compact)
{
	json_dumpf(j, stdout, JSON_PRESERVE_ORDER | (compact ? JSON_COMPACT : JSON_INDENT(2)));
	putchar('\n');
	json_decref(j);
}

static int due_stdin(struct cli *c, struct due_opts *o)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = 0;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		struct err err = { 0 };
		struct due_answer a;
		char *s = line;

		lineno++;
		while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ' ||
				   s[len - 1] == '\t'))
			s[--len] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			continue;
		if (!text_utf8_valid(s, strlen(s))) {
			err_set(&err, ERR_USAGE, "not valid UTF-8");
			rc = ERR_USAGE;
		} else {
			rc = compute_due(c, o, s, &a, &err);
		}
		if (rc) {
			char *safe = text_sanitize(err.msg);
			fprintf(stderr, _("cdesk: standard input, line %d: %s\n"), lineno, safe);
			free(safe);
			break;
		}
		if (c->json) {
			print_json(answer_json(c, o, &a, false), true);
		} else {
			char due[20];
			format_due(&a, due);
			printf("%s\n", due);
		}
		fflush(stdout);
	}
	free(line);
	return rc;
}

int cmd_due(struct cli *c, int argc, char **argv)
{
	const char *days = NULL, *cls = NULL, *tm = NULL, *depts = NULL, *pos[1];
	const struct cli_opt opts[] = {
		{ "days", true, &days }, { "class", true, &cls }, { "time", true, &tm },
		{ "depts", true, &depts }, { NULL, false, NULL },
	};
	struct due_opts *o;
	struct err err = { 0 };
	int npos, rc;
	long n;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos, due_usage)))
		return rc == 1 ? 0 : rc;
	if (!days && !cls)
		return cli_usage_error(due_usage, "give --days N or --class CLASS");
	if (days && cls)
		return cli_usage_error(due_usage, "--days and --class exclude each other");
	if (!cls && (tm || depts))
		return cli_usage_error(due_usage, "%s applies only with --class",
				       tm ? "--time" : "--depts");
	o = xcalloc(1, sizeof *o);
	o->ndepts = 1;
	if (days) {
		if (parse_int("--days", days, -10000, 10000, &n, &err))
			goto usage;
		o->days = (int)n;
	} else {
		int k = class_parse(cls);
		if (k < 0) {
			char *safe = text_sanitize(cls);
			rc = cli_usage_error(due_usage,
					     "--class: unknown class '%s' (simple, general, important, "
					     "emergency)", safe);
			free(safe);
			free(o);
			return rc;
		}
		o->by_class = true;
		o->hclass = (enum handling_class)k;
		if (depts) {
			if (parse_int("--depts", depts, 1, RULES_MAX_DEPTS, &n, &err))
				goto usage;
			o->ndepts = (int)n;
		}
		if (tm) {
			if (time_parse(tm, &o->time, &err)) {
				err_prefix(&err, "--time: ");
				goto usage;
			}
			o->time_set = true;
		}
	}
	if (npos == 0 || strcmp(pos[0], "-") == 0) {
		rc = due_stdin(c, o);
	} else {
		struct due_answer a;

		rc = compute_due(c, o, pos[0], &a, &err);
		if (rc) {
			char *safe = text_sanitize(err.msg);
			fprintf(stderr, "cdesk: %s\n", safe);
			free(safe);
		} else if (c->json) {
			print_json(answer_json(c, o, &a, true), false);
		} else {
			print_answer(c, o, &a);
		}
	}
	free(o);
	return rc;
usage:
	free(o);
	{
		char *safe = text_sanitize(err.msg);
		rc = cli_usage_error(due_usage, "%s", safe);
		free(safe);
	}
	return rc;
}

/* ---- cdesk calendar ---- */

static int parse_month(const char *s, int *y, int *m, struct err *err)
{
	char buf[16];
	cdate d;

	if (strlen(s) != 7 || s[4] != '-')
		return err_set(err, ERR_USAGE, "'%s': not a month (expected YYYY-MM)", s);
	snprintf(buf, sizeof buf, "%s-01", s);
	if (date_parse(buf, &d, err)) {
		if (s[5] >= '0' && s[5] <= '9' && s[6] >= '0' && s[6] <= '9' &&
		    strspn(s, "0123456789") == 4)
			return err_set(err, ERR_USAGE, "'%s': there is no month %.2s", s, s + 5);
		return err_set(err, ERR_USAGE, "'%s': not a month (expected YYYY-MM)", s);
	}
	if (!calendar_in_range(d))
		return err_set(err, ERR_USAGE, "'%s': outside the calendar's years %d-%d", s,
			       CAL_FIRST_YEAR, CAL_LAST_YEAR);
	date_to_ymd(d, y, m, NULL);
	return 0;
}

static const char *const month_names[13] = { "", "January", "February", "March", "April",
					      "May", "June", "July", "August", "September",
					      "October", "November", "December" };

#define CELL_COLS 6

/* Appends s padded to CELL_COLS display columns. */
static void add_cell(struct sbuf *row, const char *s)
{
	char *cell = text_fit(s, CELL_COLS, true);

	sbuf_add(row, cell);
	free(cell);
}

static void print_row(struct sbuf *row)
{
	while (row->len && row->s[row->len - 1] == ' ')
		row->s[--row->len] = '\0';
	printf("%s\n", row->s);
	row->len = 0;
	row->s[0] = '\0';
}

struct list_ctx {
	enum day_kind kind;         /* the kind this pass lists */
	int n;
};

static void print_month_list(void *vctx, cdate from, cdate to, enum day_kind kind,
			     const char *names)
{
	struct list_ctx *ctx = vctx;
	char a[11], b[11];

	if (kind != ctx->kind)
		return;
	if (ctx->n++ == 0)
		fputs(kind == DAY_HOLIDAY ? _("Holidays (休):\n") : _("Make-up working days (班):\n"),
		      stdout);
	char span[64], w1[8], w2[8];

	date_format(from, a);
	date_format(to, b);
	if (from == to)
		snprintf(span, sizeof span, "%s %s", a, weekday_short(date_weekday(from), w1));
	else
		snprintf(span, sizeof span, "%s %s .. %s %s", a, weekday_short(date_weekday(from), w1),
			 b, weekday_short(date_weekday(to), w2));
	printf("  ");
	cli_put_label(span, cli_zh() ? 34 : 32);    /* "%-32s " by display width */
	if (from == to)
		printf(" %s\n", names);
	else
		printf(_(" %s (%d days)\n"), names, (int)(to - from + 1));
}

static void month_text(const struct calendar *cal, int y, int m, cdate first, cdate last)
{
	struct sbuf row = { 0 };
	int lead = date_weekday(first) - 1, offdays = 0;
	struct list_ctx hol = { DAY_HOLIDAY, 0 }, mk = { DAY_MAKEUP, 0 };

	sbuf_addn(&row, "", 0);
	if (cli_zh())
		printf(_("%04d-%02d  %d-%d\n"), y, m, y, m);
	else
		printf("%04d-%02d  %s %d  (%d年%d月)\n", y, m, month_names[m], y, y, m);
	for (int w = 1; w <= 7; w++) {
		char h[16], wb[8];
		snprintf(h, sizeof h, cli_zh() ? "  %s" : "%4s", weekday_short(w, wb));
		add_cell(&row, h);
	}
	print_row(&row);
	for (int i = 0; i < lead; i++)
		add_cell(&row, "");
	for (cdate d = first; d <= last; d++) {
		enum day_kind k = calendar_day_kind(cal, d);
		char cell[16];
		int dd;

		date_to_ymd(d, NULL, NULL, &dd);
		snprintf(cell, sizeof cell, "%4d%s", dd,
			 k == DAY_HOLIDAY ? "休" : k == DAY_MAKEUP ? "班" : "");
		add_cell(&row, cell);
		if (!calendar_is_working_day(cal, d))
			offdays++;
		if (date_weekday(d) == 7 || d == last)
			print_row(&row);
	}
	sbuf_free(&row);
	fputs(_("\n休 holiday (day off)   班 make-up working day (调休)   "
		"unmarked: Mon-Fri working, Sat-Sun off\n"), stdout);
	if (each_run(cal, first, last, 1000, print_month_list, &hol) == 0)
		fputs(_("No holidays or make-up working days this month.\n"), stdout);
	each_run(cal, first, last, 1000, print_month_list, &mk);
	printf(_("%d working days, %d days off.\n"),
	       calendar_working_days_between(cal, first - 1, last), offdays);
	if (!calendar_year_known(cal, y))
		printf(_("Note: no holiday file for %d (holidays/cn-%d.ini): Monday-Friday only.\n"),
		       y, y);
}

static void month_json(const struct calendar *cal, int y, int m, cdate first, cdate last)
{
	char ym[8], ds[11];
	json_t *days = json_array(), *j;

	snprintf(ym, sizeof ym, "%04d-%02d", y, m);
	for (cdate d = first; d <= last; d++) {
		const char *name = calendar_day_name(cal, d);
		json_t *o = json_pack("{s:s, s:i, s:s, s:b}", "date", date_format(d, ds), "weekday",
				      date_weekday(d), "kind", day_kind_code(calendar_day_kind(cal, d)),
				      "working", calendar_is_working_day(cal, d));
		json_object_set_new(o, "name", name ? json_string(name) : json_null());
		json_array_append_new(days, o);
	}
	j = json_pack("{s:s, s:b, s:i, s:o}", "month", ym, "calendar_known",
		      calendar_year_known(cal, y), "working_days",
		      calendar_working_days_between(cal, first - 1, last), "days", days);
	print_json(j, false);
}

int cmd_calendar(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	struct calendar *cal;
	struct err err = { 0 };
	int rc, y, m;
	cdate first, last;

	if ((rc = cli_parse_one(c, argc, argv, NULL, pos, calendar_usage, "which month? give YYYY-MM")))
		return rc == 1 ? 0 : rc;
	if (parse_month(pos[0], &y, &m, &err)) {
		char *safe = text_sanitize(err.msg);
		rc = cli_usage_error(calendar_usage, "%s", safe);
		free(safe);
		return rc;
	}
	if ((rc = app_calendar(c->app, &cal, &err)))
		return cli_fail(&err);
	date_from_ymd(y, m, 1, &first);
	date_from_ymd(y, m, date_days_in_month(y, m), &last);
	cli_warn_calendar(c, first, last);
	if (c->json)
		month_json(cal, y, m, first, last);
	else
		month_text(cal, y, m, first, last);
	return 0;
}
