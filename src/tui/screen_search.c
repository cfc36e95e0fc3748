/* Search: by case number, phone, name, and the full text of the account (Chinese substrings too). */
#include "tui/caselist.h"
#include "tui/i18n.h"
#include "tui/lineedit.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct search {
	struct lineedit q;
	char *query;                /* the query the list shows */
	struct caselist list;
	int rows, cols;
	bool searched;
};

static const struct binding search_keys[] = {
	{ '\r', false, KM_TEXT, ACT_OPEN, N_("Search, or open the selected case"), true },
};

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
	return case_search(&ctx, se->query, cursor, limit, page, err);
}

static void search_free(struct screen *s)
{
	struct search *se = s->data;

	le_free(&se->q);
	caselist_free(&se->list);
	free(se->query);
	free(se);
}

static void search_resize(struct screen *s, int rows, int cols)
{
	struct search *se = s->data;

	se->rows = rows;
	se->cols = cols;
}

static void search_draw(struct screen *s, WINDOW *w)
{
	struct search *se = s->data;
	int lw = label_width();
	size_t end;
	char *vis;

	tui_draw(w, 0, 0, _("Search:"), lw, false, ROLE_TITLE);
	le_view(&se->q, se->cols - lw - 1);
	end = le_visible_end(&se->q, se->cols - lw - 1);
	vis = wcs_to_utf8(se->q.buf + se->q.scroll, end - se->q.scroll);
	tui_draw(w, 0, lw, vis, se->cols - lw - 1, true, ROLE_FIELD_ACTIVE);
	free(vis);
	tui_draw(w, 1, 0, _("Case number, phone digits, a name, or words of the account; Enter searches."),
		 se->cols, false, ROLE_DIM);
	if (se->searched)
		caselist_draw(&se->list, w, 2, se->cols);
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

static const struct screen_ops se_ops = {
	"search", N_("Search"), KM_TEXT, search_keys, SCREEN_N(search_keys),
	search_free, search_resize, search_draw, search_key, NULL, search_cursor, search_resume,
};

struct screen *screen_search_new(struct tui *t)
{
	struct search *se = xcalloc(1, sizeof *se);
	struct screen *s = screen_alloc(t, &se_ops, se);

	le_init(&se->q, 200, false);
	se->list.fetch = fetch;
	se->list.arg = s;
	se->list.tui = t;
	return s;
}
