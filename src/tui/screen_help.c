/* The help screen, generated from the key table so that it never disagrees with it. */
#include "tui/tui_internal.h"
#include "tui/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct help_line {
	char keys[96];
	enum action action;
	const char *help;           /* untranslated */
};

struct help {
	const char *about_title;
	struct help_line *lines;
	int n, top, rows;
};

static void add_binding(struct help *h, const struct binding *b)
{
	char name[32];
	const char *help = b->help ? b->help : keys_action_help(b->action);

	if (!*help || b->action == ACT_NONE)
		return;
	keys_name(b, name, sizeof name);
	for (int i = 0; i < h->n; i++) {
		if (h->lines[i].action == b->action && strcmp(h->lines[i].help, help) == 0) {
			if (!strstr(h->lines[i].keys, name)) {
				size_t len = strlen(h->lines[i].keys);
				snprintf(h->lines[i].keys + len, sizeof h->lines[i].keys - len, ", %s",
					 name);
			}
			return;
		}
	}
	h->lines = xrealloc(h->lines, (size_t)(h->n + 1) * sizeof *h->lines);
	snprintf(h->lines[h->n].keys, sizeof h->lines[h->n].keys, "%s", name);
	h->lines[h->n].action = b->action;
	h->lines[h->n].help = help;
	h->n++;
}

/* Enter is one key however the terminal sends it (CR, LF, KEY_ENTER). */
static bool same_key(const struct binding *a, const struct binding *b)
{
	bool ea = (!a->fkey && (a->key == '\r' || a->key == '\n')) || (a->fkey && a->key == KEY_ENTER);
	bool eb = (!b->fkey && (b->key == '\r' || b->key == '\n')) || (b->fkey && b->key == KEY_ENTER);

	return (ea && eb) || (a->key == b->key && a->fkey == b->fkey);
}

/* The actions of a text field. */
static bool editing(enum action a)
{
	return a == ACT_DELETE_BACK || a == ACT_DELETE || a == ACT_KILL_LINE || a == ACT_KILL_START ||
	       a == ACT_SAVE ||
	       a == ACT_NEXT_FIELD || a == ACT_PREV_FIELD;
}

/* A line no binding makes: the mouse, the pick lists, the form, long text. */
static void add_extra(struct help *h, const char *keys, const char *help)
{
	h->lines = xrealloc(h->lines, (size_t)(h->n + 1) * sizeof *h->lines);
	snprintf(h->lines[h->n].keys, sizeof h->lines[h->n].keys, "%s", keys);
	h->lines[h->n].action = ACT_NONE;
	h->lines[h->n].help = help;
	h->n++;
}

/* What holds on every screen beyond its key table. */
static const struct {
	const char *keys, *help;
} extras[] = {
	{ "", N_("— everywhere —") },
	{ N_("Mouse"), N_("Click selects, double-click opens, the wheel scrolls") },
	{ N_("Pick lists"), N_("A digit picks that item (ten or more: the number, then Enter)") },
	{ "", N_("Typing narrows it: words or pinyin initials (sfc → 收费处); Esc clears") },
	{ N_("The form"), N_("Enter: next field or a choice's list; Space toggles or opens the list") },
	{ "", N_("* marks a required field; Enter on the 更多 row shows the rest") },
	{ N_("Long text"), N_("Enter: new line; Ctrl-S: done; Ctrl-O: your editor; Esc: cancel") },
	{ "q", N_("Back on an inner screen; on the first screen it quits") },
	{ "Ctrl-Z / Ctrl-C", N_("Suspend to the shell (fg returns) / quit after asking") },
};

static void help_free(struct screen *s)
{
	struct help *h = s->data;

	free(h->lines);
}

static void help_resize(struct screen *s)
{
	struct help *h = s->data;
	int rows = s->rows;

	h->rows = rows;
	if (h->top > h->n + 3 - rows)
		h->top = h->n + 3 - rows > 0 ? h->n + 3 - rows : 0;
}

static void help_draw(struct screen *s, WINDOW *w)
{
	struct help *h = s->data;
	int cols = getmaxx(w);
	char *title = xasprintf(_("Keys of the screen \"%s\" (generated from the key table)"),
				h->about_title);

	tui_draw(w, 0, 1, title, cols - 2, false, ROLE_TITLE);
	free(title);
	for (int i = 0; i + 2 < h->rows && h->top + i < h->n; i++) {
		const struct help_line *l = &h->lines[h->top + i];
		tui_draw(w, 2 + i, 2, l->action == ACT_NONE && l->keys[0] ? _(l->keys) : l->keys, 24,
			 true, ROLE_KEY);
		tui_draw(w, 2 + i, 28, _(l->help), cols - 29, false, ROLE_NORMAL);
	}
}

static int help_key(struct screen *s, enum action a, const struct key_event *ev)
{
	struct help *h = s->data;
	int page = h->rows - 3 > 1 ? h->rows - 3 : 1, max = h->n + 2 - h->rows;

	(void)ev;
	if (max < 0)
		max = 0;
	switch (a) {
	case ACT_UP: case ACT_WHEEL_UP: h->top = h->top > 0 ? h->top - 1 : 0; break;
	case ACT_DOWN: case ACT_WHEEL_DOWN: h->top = h->top < max ? h->top + 1 : max; break;
	case ACT_PGUP: h->top = h->top > page ? h->top - page : 0; break;
	case ACT_PGDN: h->top = h->top + page < max ? h->top + page : max; break;
	case ACT_HOME: h->top = 0; break;
	case ACT_END: h->top = max; break;
	case ACT_HELP: case ACT_OPEN: return SF_POP;
	default: return SF_UNHANDLED;
	}
	return SF_REDRAW;
}

static const struct screen_ops h_ops = {
	"help", N_("Help"), KM_LIST, NULL, 0,
	help_free, help_resize, help_draw, help_key, NULL, NULL, NULL, sizeof(struct help), NULL,
};

struct screen *screen_help_new(struct tui *t, const struct screen *about)
{
	struct screen *s = screen_new(t, &h_ops);
	struct help *h = s->data;
	enum key_mode mode = about ? about->mode : KM_LIST;

	h->about_title = about && about->ops->title ? _(about->ops->title) : "";
	if (about && about->ops->keys)
		for (int i = 0; i < about->ops->nkeys; i++)
			if (!(about->ops->keys[i].mode == KM_LIST && mode != KM_LIST))
				add_binding(h, &about->ops->keys[i]);
	for (int i = 0; i < tui_global_key_count; i++) {
		const struct binding *b = &tui_global_keys[i];
		bool shadowed = false;
		if (b->mode == KM_LIST && mode != KM_LIST)
			continue;
		/* where letters are commands there is no text to edit */
		if (mode == KM_LIST && editing(b->action))
			continue;
		/* the first row of a key wins: a later one never applies */
		for (int k = 0; k < i; k++)
			if (same_key(&tui_global_keys[k], b) &&
			    !(tui_global_keys[k].mode == KM_LIST && mode != KM_LIST))
				shadowed = true;
		/* a key the screen binds itself never reaches the global table */
		for (int k = 0; about && about->ops->keys && k < about->ops->nkeys; k++)
			if (same_key(&about->ops->keys[k], b) &&
			    !(about->ops->keys[k].mode == KM_LIST && mode != KM_LIST))
				shadowed = true;
		/* q quits only from the first screen: said once, below */
		if (!b->fkey && b->key == 'q')
			continue;
		if (!shadowed)
			add_binding(h, b);
	}
	for (size_t i = 0; i < sizeof extras / sizeof extras[0]; i++)
		add_extra(h, extras[i].keys, extras[i].help);
	return s;
}
