/* The case list widget: keyset-paginated rows with due-date colours and a marker column. */
#include "tui/caselist.h"
#include "tui/i18n.h"
#include "tui/layout.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_row(struct caselist *l, const struct case_record *r)
{
	struct caselist_row *row;
	char when[20];

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->rows = xrealloc(l->rows, (size_t)l->cap * sizeof *l->rows);
	}
	row = &l->rows[l->n++];
	memset(row, 0, sizeof *row);
	snprintf(row->number, sizeof row->number, "%s", r->number);
	datetime_format(r->received, when);
	snprintf(row->received, sizeof row->received, "%.16s", when);
	if (r->anonymous && !r->name)
		snprintf(row->name, sizeof row->name, "%s", _("(anonymous)"));
	else
		snprintf(row->name, sizeof row->name, "%s", r->name ? r->name : "");
	snprintf(row->unit, sizeof row->unit, "%s", r->unit ? r->unit : "");
	snprintf(row->dept, sizeof row->dept, "%s", r->ndepts ? r->depts[0] : "");
	row->hclass = r->hclass;
	row->status = r->status;
	row->final = case_status_final(r->status);
	row->paused = r->status == STATUS_PAUSED;
	row->has_due = r->due.day != CDATE_NONE && r->due_met.day == CDATE_NONE;
	row->days = row->has_due ? case_days_left(l->tui->cal, r, l->tui->today) : 0;
}

static int fetch_page(struct caselist *l, struct err *err)
{
	struct case_page page = { 0 };
	int rc = l->fetch(l->arg, l->cursor[0] ? l->cursor : NULL, CASELIST_PAGE, &page, err);

	if (rc)
		return rc;
	for (int i = 0; i < page.n; i++)
		add_row(l, &page.items[i]);
	l->more = page.more && page.cursor[0];
	snprintf(l->cursor, sizeof l->cursor, "%s", page.cursor);
	case_page_free(&page);
	return 0;
}

int caselist_reload(struct caselist *l, struct err *err)
{
	l->n = 0;
	l->cursor[0] = '\0';
	l->more = false;
	if (fetch_page(l, err))
		return err->code;
	/* down to the selected row: back from a case opened deep in the queue
	 * (after End), the selection stays on it */
	caselist_ensure(l, l->sel);
	if (l->sel >= l->n)
		l->sel = l->n ? l->n - 1 : 0;
	if (l->top > l->sel)
		l->top = l->sel;
	return 0;
}

void caselist_ensure(struct caselist *l, int want)
{
	struct err err = { 0 };

	while (want >= l->n && l->more && l->n < CASELIST_MAX) {
		if (fetch_page(l, &err)) {
			tui_error(l->tui, "%s", err.msg);
			l->more = false;
		}
	}
	if (want >= l->n && l->n >= CASELIST_MAX && l->more)
		tui_info(l->tui, _("Only the first %d rows are kept; narrow the queue with f (filter)."),
			 CASELIST_MAX);
}

void caselist_init(struct caselist *l, struct tui *t, caselist_fetch fetch, void *arg)
{
	memset(l, 0, sizeof *l);
	l->tui = t;
	l->fetch = fetch;
	l->arg = arg;
}

void caselist_free(struct caselist *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = l->cap = 0;
}

enum { COL_MARK, COL_NUMBER, COL_RECEIVED, COL_NAME, COL_UNIT, COL_DEPT, COL_CLASS, COL_STATUS,
       COL_DAYS, NCOLS };

static void columns(struct column *c, int cols, bool zh, int number_w, int dept_w)
{
	static const struct column base[NCOLS] = {
		{ "", 1, 0, false, 0 },
		{ N_("Case"), 12, 0, false, 0 },
		{ N_("Received"), 10, 0, false, 0 },
		{ N_("Complainant"), 8, 2, false, 0 },
		{ N_("Unit"), 6, 2, false, 0 },
		{ N_("Department"), 6, 1, false, 0 },
		{ N_("Class"), 4, 0, false, 0 },
		{ N_("Status"), 6, 0, false, 0 },
		{ N_("Work days"), 8, 0, true, 0 },
	};
	memcpy(c, base, sizeof base);
	/* a year past 99,999 cases has six-digit numbers: never cut a number */
	if (number_w > c[COL_NUMBER].min)
		c[COL_NUMBER].min = number_w;
	for (int i = 1; i < NCOLS; i++) {
		int w = text_width(_(c[i].title));
		if (w > c[i].min && i != COL_NAME && i != COL_UNIT && i != COL_DEPT &&
		    i != COL_DAYS)
			c[i].min = w;
	}
	/* class and status fit their longest value in the interface language */
	for (int k = 0; k < CLASS__COUNT; k++) {
		int w = text_width(zh ? class_label(k) : class_code(k));
		if (w > c[COL_CLASS].min)
			c[COL_CLASS].min = w;
	}
	for (int k = 0; k < STATUS__COUNT; k++) {
		int w = text_width(zh ? status_label(k) : status_code(k));
		if (w > c[COL_STATUS].min)
			c[COL_STATUS].min = w;
	}
	/* the department column holds every short label when the row has room
	 * (Med. Aff, never Medica…): what is over the width comes off it */
	if (dept_w > c[COL_DEPT].min) {
		int used = NCOLS - 1, room;
		for (int i = 0; i < NCOLS; i++)
			used += c[i].min;
		room = c[COL_DEPT].min + cols - used;
		c[COL_DEPT].min = dept_w < room ? dept_w : room > c[COL_DEPT].min ? room
											: c[COL_DEPT].min;
	}
	layout_columns(c, NCOLS, cols);
}

static void days_text(const struct caselist_row *r, char *buf, size_t size, enum role *role,
		      const char **mark)
{
	*role = ROLE_NORMAL;
	*mark = " ";
	buf[0] = '\0';
	if (r->final || !r->has_due)
		return;
	if (r->paused) {
		snprintf(buf, size, "%s", _("paused"));
		*mark = "=";
		return;
	}
	if (r->days < 0) {
		snprintf(buf, size, _("%d late"), -r->days);
		*role = ROLE_OVERDUE;
		*mark = "!";
	} else if (r->days == 0) {
		snprintf(buf, size, "%s", _("today"));
		*role = ROLE_DUE_SOON;
		*mark = "~";
	} else if (r->days <= 1) {
		snprintf(buf, size, _("%d left"), r->days);
		*role = ROLE_DUE_SOON;
		*mark = "~";
	} else {
		snprintf(buf, size, _("%d left"), r->days);
	}
}

void caselist_draw(struct caselist *l, WINDOW *w, int y, int cols)
{
	struct column c[NCOLS];
	const char *cells[NCOLS];
	char *line;
	int rows = getmaxy(w) - y - 1;

	l->height = rows > 1 ? rows : 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + l->height)
		l->top = l->sel - l->height + 1;
	/* the last page full, not one row above a blank screen */
	if (l->top > 0 && l->top + l->height > l->n)
		l->top = l->n > l->height ? l->n - l->height : 0;
	int number_w = 0;
	for (size_t i = 0; i < (size_t)l->n; i++) {
		int nw = text_width(l->rows[i].number);
		if (nw > number_w)
			number_w = nw;
	}
	columns(c, cols, l->tui->zh, number_w, tui_dept_short_width(l->tui));
	for (int i = 0; i < NCOLS; i++) {
		/* a heading its column cannot hold gives way to its abbreviation */
		static const char *const shorter[NCOLS] = {
			[COL_NAME] = N_("Compl."), [COL_UNIT] = N_("Unit"), [COL_DEPT] = N_("Dept."),
			[COL_RECEIVED] = N_("Recv."), [COL_DAYS] = N_("Days"),
		};
		cells[i] = c[i].title[0] ? _(c[i].title) : "";
		if (shorter[i] && text_width(cells[i]) > c[i].width)
			cells[i] = _(shorter[i]);
	}
	line = layout_row(c, NCOLS, cells);
	tui_draw(w, y, 0, line, cols, true, ROLE_TITLE);
	free(line);
	if (l->n == 0) {
		tui_draw(w, y + 2, 2, _("No cases here."), cols - 4, false, ROLE_DIM);
		return;
	}
	for (int i = 0; i < l->height && l->top + i < l->n; i++) {
		const struct caselist_row *r = &l->rows[l->top + i];
		char days[32], recv[20];
		enum role role;
		const char *mark;

		days_text(r, days, sizeof days, &role, &mark);
		cells[COL_MARK] = mark;
		cells[COL_NUMBER] = r->number;
		/* a narrow column shows the date alone, not a cut time */
		snprintf(recv, sizeof recv, "%.*s", c[COL_RECEIVED].width < 16 ? 10 : 16,
			 r->received);
		cells[COL_RECEIVED] = recv;
		cells[COL_NAME] = r->name;
		cells[COL_UNIT] = r->unit;
		cells[COL_DEPT] = r->dept[0] ? tui_dept_label_fit(l->tui, r->dept,
								  c[COL_DEPT].width) : "";
		cells[COL_CLASS] = l->tui->zh ? class_label(r->hclass) : class_code(r->hclass);
		cells[COL_STATUS] = l->tui->zh ? status_label(r->status) : status_code(r->status);
		cells[COL_DAYS] = days;
		line = layout_row(c, NCOLS, cells);
		tui_draw(w, y + 1 + i, 0, line, cols, true,
			 l->top + i == l->sel ? ROLE_SELECTED : role);
		free(line);
	}
	if (l->more && l->top + l->height >= l->n)
		tui_draw(w, getmaxy(w) - 1, cols - 12, _("(more…)"), 12, false, ROLE_DIM);
}

bool caselist_move(struct caselist *l, enum action a, const struct key_event *ev, int y0)
{
	int page = l->height > 1 ? l->height - 1 : 1;

	switch (a) {
	case ACT_UP: l->sel--; break;
	case ACT_DOWN: caselist_ensure(l, l->sel + 1); l->sel++; break;
	case ACT_PGUP: l->sel -= page; l->top -= page; break;
	case ACT_PGDN:
		caselist_ensure(l, l->sel + page + l->height);
		l->sel += page;
		l->top += page;
		break;
	case ACT_HOME: l->sel = 0; l->top = 0; break;
	case ACT_END:
		/* at most 20 pages a press, so End stays quick on a huge queue */
		caselist_ensure(l, l->n + 20 * CASELIST_PAGE - 1);
		l->sel = l->n - 1;
		if (l->more)
			tui_info(l->tui, _("%d cases loaded so far; End loads more."), l->n);
		break;
	case ACT_WHEEL_UP: l->top -= 3; l->sel -= 3; break;
	case ACT_WHEEL_DOWN:
		caselist_ensure(l, l->top + l->height + 3);
		l->top += 3;
		l->sel += 3;
		break;
	case ACT_CLICK: case ACT_CLICK_OPEN: {
		int row = ev->y - y0 - 1;
		if (row < 0 || l->top + row >= l->n)
			return a == ACT_CLICK;
		l->sel = l->top + row;
		return a == ACT_CLICK;
	}
	default:
		return false;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->n - l->height)
		l->top = l->n - l->height;
	if (l->top < 0)
		l->top = 0;
	if (l->sel >= l->n - 5)
		caselist_ensure(l, l->sel + l->height);
	return true;
}

const char *caselist_selected(const struct caselist *l)
{
	return l->n && l->sel >= 0 && l->sel < l->n ? l->rows[l->sel].number : NULL;
}

void caselist_select(struct caselist *l, const char *number)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].number, number) == 0) {
			l->sel = i;
			return;
		}
}
