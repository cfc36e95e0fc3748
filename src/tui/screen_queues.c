/* The queues screen (the default): SPEC §5's queues and one per department, sortable and filterable. */
#include "tui/caselist.h"
#include "tui/i18n.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct queue_def {
	enum case_queue q;
	char dept[RULES_CODE_MAX];
};

struct queues {
	struct queue_def *defs;
	int ndefs, cur;
	enum case_sort sort;
	bool desc;
	struct case_filter filter;
	char filter_text[128];
	char filter_value[RULES_NAME_MAX];
	struct caselist list;
	int64_t count;              /* the cases of the queue as filtered, -1 unknown */
};

static const struct binding queue_keys[] = {
	{ '\r', false, KM_TEXT, ACT_OPEN, N_("Open: the selected case"), true },
	{ KEY_RIGHT, true, KM_TEXT, ACT_NEXT_QUEUE, NULL, false },
	{ KEY_LEFT, true, KM_TEXT, ACT_PREV_QUEUE, NULL, false },
	{ ']', false, KM_LIST, ACT_NEXT_QUEUE, NULL, false },
	{ '[', false, KM_LIST, ACT_PREV_QUEUE, NULL, false },
	{ 'g', false, KM_LIST, ACT_CHOOSE, N_("Queue: choose from the list; ←/→ next and previous"), true },
	{ 's', false, KM_LIST, ACT_SORT, N_("Sort: due date, received, number; again reverses"), true },
	{ 'f', false, KM_LIST, ACT_FILTER, N_("Filter: by class, channel, kind, unit, department or flag"), true },
	{ KEY_F(7), true, KM_TEXT, ACT_REFRESH, N_("Reload the queue"), false },
};

static const char *queue_label(enum case_queue q)
{
	return (int)q >= 0 && q < QUEUE__COUNT ? _(case_queues[q].label) : "";
}

/* The queue's name; a department's by its short label when its name would
 * not fit in width columns ("Department: Pt. Rel.", never "…(Complain…"). */
static void def_label(struct tui *t, const struct queue_def *d, char *buf, size_t size,
		      int width)
{
	if (d->q == QUEUE_DEPT) {
		const char *name;
		snprintf(buf, size, "%s: ", queue_label(d->q));
		name = tui_dept_label_fit(t, d->dept, width - text_width(buf));
		/* still too wide: the heading's abbreviation too ("Dept.: Pt. Rel.") */
		if (text_width(buf) + text_width(name) > width)
			snprintf(buf, size, "%s: ", _("Dept."));
		snprintf(buf + strlen(buf), size - strlen(buf), "%s", name);
	} else
		snprintf(buf, size, "%s", queue_label(d->q));
}

static int fetch(void *arg, const char *cursor, int limit, struct case_page *page, struct err *err)
{
	struct screen *s = arg;
	struct queues *qs = s->data;
	const struct queue_def *d = &qs->defs[qs->cur];
	struct case_ctx ctx;

	tui_case_ctx(s->tui, &ctx);
	return case_list(&ctx, d->q, d->q == QUEUE_DEPT ? d->dept : NULL, &qs->filter, qs->sort,
			 qs->desc, 0, cursor, limit, page, err);
}

/* The cases of queue def as filtered (-1 when the count fails). */
static int64_t queue_count(struct screen *s, const struct queue_def *d)
{
	struct queues *qs = s->data;
	struct case_ctx ctx;
	struct err err = { 0 };
	int64_t n;

	tui_case_ctx(s->tui, &ctx);
	if (case_list_count(&ctx, d->q, d->q == QUEUE_DEPT ? d->dept : NULL, &qs->filter, 0, &n,
			    &err))
		return -1;
	return n;
}

/* Reads the queue again, the selected case kept when keep_sel (the same
 * queue refreshed); without it, from the first row. */
static void load_queue(struct screen *s, bool keep_sel)
{
	struct queues *qs = s->data;
	struct err err = { 0 };
	char keep[32] = "";
	const char *sel = keep_sel ? caselist_selected(&qs->list) : NULL;

	if (sel)
		snprintf(keep, sizeof keep, "%s", sel);
	qs->count = queue_count(s, &qs->defs[qs->cur]);
	if (caselist_reload(&qs->list, &err))
		tui_error(s->tui, "%s", err.msg);
	else if (keep[0])
		caselist_select(&qs->list, keep);
}

/* The screen's resume (back on top of the stack): the same queue again. */
static void reload(struct screen *s)
{
	load_queue(s, true);
}

/* Queue k from its first row (another queue, or the same one refiltered). */
static void show_queue(struct screen *s, int k)
{
	struct queues *qs = s->data;

	qs->cur = k;
	qs->list.sel = qs->list.top = 0;
	/* not the old queue's first case looked up in the new one */
	load_queue(s, false);
}

static void queues_free(struct screen *s)
{
	struct queues *qs = s->data;

	caselist_free(&qs->list);
	free(qs->defs);
}

static void queues_resize(struct screen *s)
{
	struct queues *qs = s->data;

	qs->list.height = s->rows - 3 > 1 ? s->rows - 3 : 1;
}

static const char *const sort_labels[] = {
	[SORT_DUE] = N_("due date"), [SORT_RECEIVED] = N_("received"), [SORT_NUMBER] = N_("number"),
};
#define NSORTS ((int)(sizeof sort_labels / sizeof sort_labels[0]))

static const char *sort_label(enum case_sort so)
{
	return (int)so >= 0 && (int)so < NSORTS ? _(sort_labels[so]) : "";
}

static void queues_draw(struct screen *s, WINDOW *w)
{
	struct queues *qs = s->data;
	char label[128], line[512];
	int x;

	char pos[48], head[32];
	int pw, room;

	/* where the selection is in the whole queue, at the right */
	if (qs->count >= 0)
		snprintf(pos, sizeof pos, " %d/%lld", qs->list.n ? qs->list.sel + 1 : 0,
			 (long long)qs->count);
	else
		snprintf(pos, sizeof pos, " %d/%d%s", qs->list.n ? qs->list.sel + 1 : 0,
			 qs->list.n, qs->list.more ? "+" : "");
	pw = text_width(pos);
	snprintf(head, sizeof head, "%s %d/%d", _("Queue"), qs->cur + 1, qs->ndefs);
	snprintf(line, sizeof line, "   %s: %s %s   %s: %s", _("sort"), sort_label(qs->sort),
		 qs->desc ? "↓" : "↑", _("filter"),
		 qs->filter_text[0] ? qs->filter_text : _("none"));
	/* the name has what the sort, the filter and the position leave, at
	 * most half the line */
	room = s->cols - 12 - 5 - text_width(line) - pw - 1;
	def_label(s->tui, &qs->defs[qs->cur], label, sizeof label,
		  room < s->cols / 2 ? room : s->cols / 2);
	x = tui_draw(w, 0, 0, head, 12, false, ROLE_DIM);
	x += tui_draw(w, 0, x, " ◀ ", 3, false, ROLE_DIM);
	x += tui_draw(w, 0, x, label, s->cols / 2, false, ROLE_TITLE);
	x += tui_draw(w, 0, x, " ▶", 2, false, ROLE_DIM);
	x += tui_draw(w, 0, x, line, s->cols - x - pw - 1, false, ROLE_DIM);
	tui_draw(w, 0, s->cols - pw, pos, pw, false, ROLE_TITLE);
	caselist_draw(&qs->list, w, 1, s->cols);
}

static void choose_filter(struct screen *s)
{
	struct queues *qs = s->data;
	struct tui *t = s->tui;
	const char *items[] = { _("No filter"), _("Handling class"), _("Channel"), _("Kind"),
				_("Subject unit"), _("Department"), _("Flag") };
	int k = tui_choose(t, _("Filter by"), items, 7, 0), v;
	const char *opts[128];
	int n = 0;

	if (k < 0)
		return;
	if (k == 0) {
		case_filter_init(&qs->filter);
		qs->filter_text[0] = '\0';
		return;
	}
	switch (k) {
	case 1:
		for (n = 0; n < CLASS__COUNT; n++)
			opts[n] = t->zh ? class_label(n) : class_code(n);
		break;
	case 2:
		for (n = 0; n < CHANNEL__COUNT; n++)
			opts[n] = t->zh ? channel_label(n) : channel_code(n);
		break;
	case 3:
		for (n = 0; n < KIND__COUNT; n++)
			opts[n] = t->zh ? kind_label(n) : kind_code(n);
		break;
	case 4:
		for (n = 0; n < rules_unit_count(t->rules) && n < 128; n++)
			opts[n] = rules_unit(t->rules, n);
		break;
	case 5:
		for (n = 0; n < rules_dept_count(t->rules) && n < 128; n++)
			opts[n] = tui_dept_label(t, rules_dept(t->rules, n)->code);
		break;
	case 6:
		for (n = 0; n < FLAG__COUNT; n++)
			opts[n] = t->zh ? flag_label(1u << n) : flag_code(1u << n);
		break;
	}
	v = tui_choose(t, items[k], opts, n, 0);
	if (v < 0)
		return;
	switch (k) {
	case 1: qs->filter.hclass = v; break;
	case 2: qs->filter.channel = v; break;
	case 3: qs->filter.kind = v; break;
	case 4:
		snprintf(qs->filter_value, sizeof qs->filter_value, "%s", rules_unit(t->rules, v));
		qs->filter.unit = qs->filter_value;
		break;
	case 5:
		snprintf(qs->filter_value, sizeof qs->filter_value, "%s",
			 rules_dept(t->rules, v)->code);
		qs->filter.dept = qs->filter_value;
		break;
	case 6: qs->filter.flags |= 1u << v; break;
	}
	{
		size_t len = strlen(qs->filter_text);
		/* a department by its short label: the line has the queue's name too */
		snprintf(qs->filter_text + len, sizeof qs->filter_text - len, "%s%s=%s",
			 len ? ", " : "", k == 5 ? _("Dept.") : items[k],
			 k == 5 ? tui_dept_label_fit(t, rules_dept(t->rules, v)->code, 0) : opts[v]);
	}
}

static int queues_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct queues *qs = s->data;
	const char *num;

	if (caselist_move(&qs->list, a, ev, 1))
		return SF_REDRAW;
	switch (a) {
	case ACT_OPEN: case ACT_CLICK_OPEN:
		num = caselist_selected(&qs->list);
		if (num)
			tui_push(s->tui, screen_case_new(s->tui, num));
		return SF_REDRAW;
	case ACT_NEXT_QUEUE:
		show_queue(s, (qs->cur + 1) % qs->ndefs);
		return SF_REDRAW;
	case ACT_PREV_QUEUE:
		show_queue(s, (qs->cur + qs->ndefs - 1) % qs->ndefs);
		return SF_REDRAW;
	case ACT_CHOOSE: {
		const char **items = xmalloc((size_t)qs->ndefs * sizeof *items);
		char (*labels)[128] = xmalloc((size_t)qs->ndefs * sizeof *labels);
		int k;
		for (int i = 0; i < qs->ndefs; i++) {
			int64_t n = queue_count(s, &qs->defs[i]);
			size_t len;
			def_label(s->tui, &qs->defs[i], labels[i], sizeof labels[i], INT_MAX);
			len = strlen(labels[i]);
			if (n >= 0)
				snprintf(labels[i] + len, sizeof labels[i] - len, " (%lld)", (long long)n);
			items[i] = labels[i];
		}
		k = tui_choose(s->tui, _("Queues"), items, qs->ndefs, qs->cur);
		free(items);
		free(labels);
		if (k >= 0)
			show_queue(s, k);
		return SF_REDRAW;
	}
	case ACT_SORT:
		if (qs->desc) {
			qs->desc = false;
			qs->sort = (qs->sort + 1) % NSORTS;
		} else {
			qs->desc = true;
		}
		reload(s);
		return SF_REDRAW;
	case ACT_FILTER:
		choose_filter(s);
		show_queue(s, qs->cur);
		return SF_REDRAW;
	case ACT_REFRESH:
		reload(s);
		return SF_UNHANDLED;
	default:
		return SF_UNHANDLED;
	}
}

/* The queues: the fixed ones, then one per department, then "all". */
static void queues_init(struct screen *s)
{
	struct queues *qs = s->data;
	struct tui *t = s->tui;
	int nd = rules_dept_count(t->rules);

	qs->defs = xcalloc((size_t)(QUEUE__COUNT + nd), sizeof *qs->defs);
	for (int q = 0; q < QUEUE__COUNT; q++)
		if (q != QUEUE_DEPT && q != QUEUE_ALL)
			qs->defs[qs->ndefs++].q = q;
	/* one queue per department, before "all" */
	for (int i = 0; i < nd; i++) {
		struct queue_def *d = &qs->defs[qs->ndefs++];
		d->q = QUEUE_DEPT;
		snprintf(d->dept, RULES_CODE_MAX, "%s", rules_dept(t->rules, i)->code);
	}
	qs->defs[qs->ndefs++].q = QUEUE_ALL;
	qs->sort = SORT_DUE;
	case_filter_init(&qs->filter);
	caselist_init(&qs->list, t, fetch, s);
	reload(s);
}

const struct screen_ops screen_queues_ops = {
	"queues", N_("Queues"), KM_LIST, queue_keys, SCREEN_N(queue_keys),
	queues_free, queues_resize, queues_draw, queues_key, NULL, NULL, reload,
	sizeof(struct queues), queues_init,
};
