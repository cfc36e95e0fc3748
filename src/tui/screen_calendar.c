/* The calendar screen: a month of working days, holidays and make-up days, and N working days from a date. */
#include "tui/tui_internal.h"
#include "tui/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cal_screen {
	cdate sel;                  /* the selected day */
	int count;                  /* N of "N working days from the selected day" */
};

static const struct binding cal_keys[] = {
	{ KEY_PPAGE, true, KM_TEXT, ACT_PREV_MONTH, NULL, true },
	{ KEY_NPAGE, true, KM_TEXT, ACT_NEXT_MONTH, NULL, true },
	{ '<', false, KM_LIST, ACT_PREV_MONTH, NULL, false },
	{ '>', false, KM_LIST, ACT_NEXT_MONTH, NULL, false },
	{ '[', false, KM_LIST, ACT_PREV_YEAR, NULL, false },
	{ ']', false, KM_LIST, ACT_NEXT_YEAR, NULL, false },
	{ 't', false, KM_LIST, ACT_TODAY, NULL, true },
	{ '\r', false, KM_TEXT, ACT_COUNT_DAYS, NULL, true },
	{ '\n', false, KM_TEXT, ACT_COUNT_DAYS, NULL, false },
	{ '+', false, KM_LIST, ACT_COUNT_DAYS, NULL, false },
};

static const char *kind_name(enum day_kind k)
{
	static const char *const names[] = {
		[DAY_WORKDAY] = N_("working day"), [DAY_WEEKEND] = N_("weekend"),
		[DAY_HOLIDAY] = N_("public holiday"), [DAY_MAKEUP] = N_("make-up working day"),
	};

	return (int)k >= 0 && (size_t)k < sizeof names / sizeof names[0] ? _(names[k]) : "";
}

/* Whether every year from a to b (either order) has a holiday file. */
static bool span_known(const struct calendar *cal, cdate a, cdate b)
{
	int ya = date_year(a < b ? a : b), yb = date_year(a < b ? b : a);

	for (int y = ya; y <= yb; y++)
		if (!calendar_year_known(cal, y))
			return false;
	return true;
}

static void cal_draw(struct screen *s, WINDOW *w)
{
	bool unknown;
	struct cal_screen *c = s->data;
	struct calendar *cal = s->tui->cal;
	static const char *const wd[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
					  N_("Sat"), N_("Sun") };
	int y, m, d, ndays, row, px = 40, line;
	cdate first;
	char buf[256], date[16];
	const char *name;

	date_to_ymd(c->sel, &y, &m, &d);
	date_from_ymd(y, m, 1, &first);
	ndays = date_days_in_month(y, m);
	snprintf(buf, sizeof buf, _("%d-%02d  (PgUp/PgDn: month, [ ]: year, t: today)"), y, m);
	tui_draw(w, 0, 1, buf, s->cols - 2, false, ROLE_TITLE);
	if (!calendar_year_known(cal, y)) {
		snprintf(buf, sizeof buf,
			 _("No holiday file for %d: Monday-Friday only (data/holidays/cn-%d.ini)."), y,
			 y);
		tui_draw(w, 1, 1, buf, s->cols - 2, false, ROLE_BANNER);
	}
	for (int i = 0; i < 7; i++)
		tui_draw(w, 2, 1 + i * 5, _(wd[i]), 4, true, i >= 5 ? ROLE_WEEKEND : ROLE_TITLE);
	row = 3;
	for (int day = 1; day <= ndays; day++) {
		cdate dd = first + day - 1;
		int col = date_weekday(dd) - 1;
		enum day_kind k = calendar_day_kind(cal, dd);
		enum role r = k == DAY_HOLIDAY ? ROLE_HOLIDAY : k == DAY_WEEKEND ? ROLE_WEEKEND
			      : k == DAY_MAKEUP ? ROLE_MAKEUP : ROLE_NORMAL;
		/* the marker keeps the meaning without colour */
		const char *mark = k == DAY_HOLIDAY ? "*" : k == DAY_MAKEUP ? "+"
				   : k == DAY_WEEKEND ? "." : " ";
		if (dd == c->sel)
			r = ROLE_SELECTED;
		snprintf(buf, sizeof buf, dd == s->tui->today ? "[%2d%s" : " %2d%s", day, mark);
		tui_draw(w, row, 1 + col * 5, buf, 4, false, r);
		if (col == 6)
			row++;
	}
	row += 2;
	tui_draw(w, row, 1, _("*  public holiday   +  make-up working day (调休)"), px - 2, false,
		 ROLE_DIM);
	tui_draw(w, row + 1, 1, _(".  weekend          [  today"), px - 2, false, ROLE_DIM);

	/* the side panel: the selected day and counts from it, worked out on the spot */
	line = 2;
	unknown = false;
	date_format(c->sel, date);
	name = calendar_day_name(cal, c->sel);
	snprintf(buf, sizeof buf, "%s %s: %s%s%s%s", date, _(wd[date_weekday(c->sel) - 1]),
		 kind_name(calendar_day_kind(cal, c->sel)), name ? " (" : "", name ? name : "",
		 name ? ")" : "");
	tui_draw(w, line++, px, buf, s->cols - px - 1, false, ROLE_TITLE);
	line++;
	tui_draw(w, line++, px, _("Working days from this day (the day itself not counted):"),
		 s->cols - px - 1, false, ROLE_NORMAL);
	{
		int ns[] = { 1, 3, 5, 7, 10, 15, 20 };
		for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
			cdate due = calendar_add_working_days(cal, c->sel, ns[i]);
			char dd[16];
			date_format(due, dd);
			bool guess = !span_known(cal, c->sel, due);
			snprintf(buf, sizeof buf, _("  %2d working days → %s %s"), ns[i], dd,
				 _(wd[date_weekday(due) - 1]));
			if (guess)
				strlcpy_(buf + strlen(buf), " !", sizeof buf - strlen(buf));
			unknown |= guess;
			tui_draw(w, line++, px, buf, s->cols - px - 1, false,
				 guess ? ROLE_BANNER : ROLE_NORMAL);
		}
	}
	line++;
	if (c->count) {
		cdate due = calendar_add_working_days(cal, c->sel, c->count);
		char dd[16];
		date_format(due, dd);
		bool guess = !span_known(cal, c->sel, due);
		snprintf(buf, sizeof buf, _("%d working days from %s: %s %s"), c->count, date, dd,
			 _(wd[date_weekday(due) - 1]));
		if (guess)
			strlcpy_(buf + strlen(buf), " !", sizeof buf - strlen(buf));
		unknown |= guess;
		tui_draw(w, line++, px, buf, s->cols - px - 1, false, guess ? ROLE_BANNER : ROLE_OK);
	}
	if (unknown)
		/* as the command line says it (cdesk calendar add) */
		tui_draw(w, line++, px,
			 _("! a year here has no holiday file: Mon-Fri counted"),
			 s->cols - px - 1, false, ROLE_BANNER);
	tui_draw(w, line, px, _("Enter: count any number of working days"), s->cols - px - 1,
		 false, ROLE_DIM);
}

static void shift_month(struct cal_screen *c, int delta)
{
	int y, m, d, dim;

	date_to_ymd(c->sel, &y, &m, &d);
	m += delta;
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	if (y < CAL_FIRST_YEAR || y > CAL_LAST_YEAR)
		return;
	dim = date_days_in_month(y, m);
	date_from_ymd(y, m, d > dim ? dim : d, &c->sel);
}

static int cal_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct cal_screen *c = s->data;
	char buf[32] = "";

	switch (a) {
	case ACT_LEFT: c->sel--; break;
	case ACT_RIGHT: c->sel++; break;
	case ACT_UP: case ACT_WHEEL_UP: c->sel -= 7; break;
	case ACT_DOWN: case ACT_WHEEL_DOWN: c->sel += 7; break;
	case ACT_PREV_MONTH: shift_month(c, -1); break;
	case ACT_NEXT_MONTH: shift_month(c, 1); break;
	case ACT_PREV_YEAR: shift_month(c, -12); break;
	case ACT_NEXT_YEAR: shift_month(c, 12); break;
	case ACT_TODAY: case ACT_HOME: c->sel = s->tui->today; break;
	case ACT_CLICK: case ACT_CLICK_OPEN: {
		int y, m, d;
		cdate first;
		if (ev->y < 3 || ev->x < 1 || ev->x >= 36)
			return SF_NONE;
		date_to_ymd(c->sel, &y, &m, &d);
		date_from_ymd(y, m, 1, &first);
		int idx = (ev->y - 3) * 7 + (ev->x - 1) / 5 - (date_weekday(first) - 1);
		if (idx >= 0 && idx < date_days_in_month(y, m))
			c->sel = first + idx;
		break;
	}
	case ACT_COUNT_DAYS:
		if (c->count)
			snprintf(buf, sizeof buf, "%d", c->count);
		if (tui_prompt(s->tui, _("Working days from the selected day (may be negative):"),
			       buf, sizeof buf)) {
			char *end;
			long n = strtol(buf, &end, 10);
			if (!*buf || *end || n < -3650 || n > 3650) {
				tui_error(s->tui, _("'%s' is not a number of working days (-3650..3650)."),
					  buf);
			} else {
				c->count = (int)n;
			}
		}
		break;
	case ACT_OPEN: return SF_NONE;
	default: return SF_UNHANDLED;
	}
	if (!calendar_in_range(c->sel))
		c->sel = s->tui->today;
	return SF_REDRAW;
}

static void cal_init(struct screen *s)
{
	struct cal_screen *c = s->data;

	c->sel = s->tui->today;
}

const struct screen_ops screen_calendar_ops = {
	"calendar", N_("Calendar"), KM_LIST, cal_keys, SCREEN_N(cal_keys),
	NULL, NULL, cal_draw, cal_key, NULL, NULL, NULL, sizeof(struct cal_screen), cal_init,
};
