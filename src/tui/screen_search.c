/* Search: by case number however quoted, phone, names, record number, the full text of the account and of feedback (Chinese substrings too); each hit says what matched. */
#include "tui/caselist.h"
#include "tui/i18n.h"
#include "tui/lineedit.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct search {
	struct lineedit q;
	char *query;                /* the query the list shows */
	struct caselist list;
	bool searched;
	struct { char number[32], text[160]; } *why;   /* what each hit matched */
	int nwhy;
};

static const struct binding search_keys[] = {
	{ '\r', false, KM_TEXT, ACT_OPEN, N_("Search, or open the selected case"), true },
};

/* A field that holds the query: compared as typed, and by digits alone for
 * a phone or a number written with spaces or dashes. */
static bool holds(const char *field, const char *q, const char *qdigits)
{
	char d[64];
	size_t n = 0;

	if (!field || !*field)
		return false;
	if (strstr(field, q))
		return true;
	if (strlen(qdigits) < 3)
		return false;
	for (const char *p = field; *p && n + 1 < sizeof d; p++)
		if (isdigit((unsigned char)*p))
			d[n++] = *p;
	d[n] = '\0';
	return strstr(d, qdigits) != NULL;
}

/* What of case r the query matched, in words ("phone", "representatives" …). */
static void why(const struct case_record *r, const char *q, char *buf, size_t size)
{
	char qd[64];
	size_t n = 0, len = 0;
	const struct { const char *label, *value; } fields[] = {
		{ N_("case number"), r->number }, { N_("phone"), r->phone },
		{ N_("complainant"), r->name }, { N_("patient"), r->patient_name },
		{ N_("representatives"), r->representatives },
		{ N_("record no."), r->patient_record }, { N_("account"), r->text },
		{ N_("demand"), r->demand },
	};

	for (const char *p = q; *p && n + 1 < sizeof qd; p++)
		if (isdigit((unsigned char)*p))
			qd[n++] = *p;
	qd[n] = '\0';
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof fields / sizeof fields[0] && len < size; i++)
		if (holds(fields[i].value, q, i == 0 || i == 1 ? qd : ""))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? _(", ") : "",
						 _(fields[i].label));
	if (!buf[0])
		snprintf(buf, size, "%s", _("department feedback"));
}

static void remember_why(struct search *se, const struct case_page *page)
{
	free(se->why);
	se->why = xcalloc((size_t)page->n + 1, sizeof *se->why);
	se->nwhy = page->n;
	for (int i = 0; i < page->n; i++) {
		snprintf(se->why[i].number, sizeof se->why[i].number, "%s", page->items[i].number);
		why(&page->items[i], se->query, se->why[i].text, sizeof se->why[i].text);
	}
}

static int label_width(void)
{
	return text_width(_("Search:")) + 1;
}

static int fetch(void *arg, const char *cursor, int limit, struct case_page *page, struct err *err)
{
	struct screen *s = arg;
	struct search *se = s->data;
	struct case_ctx ctx;

	tui_case_ctx(s->tui, &ctx);
	if (cursor && *cursor) {
		/* case_find gives one page, complete */
		memset(page, 0, sizeof *page);
		return 0;
	}
	if (case_find(&ctx, se->query, limit, page, err))
		return err->code ? err->code : 1;
	remember_why(se, page);
	return 0;
}

static void search_free(struct screen *s)
{
	struct search *se = s->data;

	le_free(&se->q);
	caselist_free(&se->list);
	free(se->query);
	free(se->why);
}

static void search_draw(struct screen *s, WINDOW *w)
{
	struct search *se = s->data;
	int lw = label_width();
	size_t end;
	char *vis;

	tui_draw(w, 0, 0, _("Search:"), lw, false, ROLE_TITLE);
	le_view(&se->q, s->cols - lw - 1);
	end = le_visible_end(&se->q, s->cols - lw - 1);
	vis = wcs_to_utf8(se->q.buf + se->q.scroll, end - se->q.scroll);
	tui_draw(w, 0, lw, vis, s->cols - lw - 1, true, ROLE_FIELD_ACTIVE);
	free(vis);
	{
		/* after a search: what the selected hit matched */
		const char *sel = se->searched ? caselist_selected(&se->list) : NULL;
		const char *m = NULL;
		for (int i = 0; sel && i < se->nwhy; i++)
			if (strcmp(se->why[i].number, sel) == 0)
				m = se->why[i].text;
		if (m) {
			char *line = xasprintf(_("%s matched: %s"), sel, m);
			tui_draw(w, 1, 0, line, s->cols, false, ROLE_SUGGEST);
			free(line);
		} else {
			tui_draw(w, 1, 0, _("983 / 2026-00983, a phone, a name, a record no., words of the account or feedback; Enter."),
				 s->cols, false, ROLE_DIM);
		}
	}
	if (se->searched)
		caselist_draw(&se->list, w, 2, s->cols);
}

static bool search_cursor(const struct screen *s, int *y, int *x)
{
	const struct search *se = s->data;

	*y = 0;
	*x = label_width() + le_width(&se->q, se->q.scroll, se->q.cur);
	return true;
}

static int search_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct search *se = s->data;
	struct err err = { 0 };
	char *q;

	if (se->searched && a != ACT_LEFT && a != ACT_RIGHT && a != ACT_HOME && a != ACT_END &&
	    caselist_move(&se->list, a, ev, 2))
		return SF_REDRAW;
	switch (a) {
	case ACT_OPEN: case ACT_CLICK_OPEN:
		q = le_get(&se->q);
		if (a == ACT_OPEN && (!se->query || strcmp(q, se->query) != 0)) {
			free(se->query);
			se->query = q;
			se->list.sel = se->list.top = 0;
			tui_busy(s->tui, _("Searching…"));
			se->searched = caselist_reload(&se->list, &err) == 0;
			if (!se->searched)
				tui_error(s->tui, "%s", err.msg);
			else if (se->list.n == 0)
				tui_info(s->tui, "%s", _("Nothing found."));
		} else {
			const char *num = caselist_selected(&se->list);
			free(q);
			if (num)
				tui_push(s->tui, screen_case_new(s->tui, num));
		}
		return SF_REDRAW;
	case ACT_LEFT: le_left(&se->q); return SF_REDRAW;
	case ACT_RIGHT: le_right(&se->q); return SF_REDRAW;
	case ACT_HOME: le_home(&se->q); return SF_REDRAW;
	case ACT_END: le_end(&se->q); return SF_REDRAW;
	case ACT_DELETE_BACK: le_backspace(&se->q); return SF_REDRAW;
	case ACT_DELETE: le_delete(&se->q); return SF_REDRAW;
	case ACT_KILL_LINE: le_kill_to_end(&se->q); return SF_REDRAW;
	case ACT_KILL_START: le_kill_to_start(&se->q); return SF_REDRAW;
	case ACT_NONE:
		if (!ev->fkey)
			le_insert(&se->q, (wchar_t)ev->ch);
		return SF_REDRAW;
	default:
		return SF_UNHANDLED;
	}
}

static void search_resume(struct screen *s)
{
	struct search *se = s->data;
	struct err err = { 0 };

	if (se->searched && caselist_reload(&se->list, &err))
		tui_error(s->tui, "%s", err.msg);
}

static void search_init(struct screen *s)
{
	struct search *se = s->data;

	le_init(&se->q, 200, false);
	caselist_init(&se->list, s->tui, fetch, s);
}

const struct screen_ops screen_search_ops = {
	"search", N_("Search"), KM_TEXT, search_keys, SCREEN_N(search_keys),
	search_free, NULL, search_draw, search_key, NULL, search_cursor, search_resume,
	sizeof(struct search), search_init,
};
