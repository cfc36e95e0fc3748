/* The frame's own lines around the screen's body: the top line (site, user,
 * role, date, screen; the alerts' and calendar's notices), the status line,
 * the key line, and the notice that the window is too small (the frame:
 * src/tui/frame.c). */
#include "tui/tui.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

void tui_draw_top(struct tui *t, const struct screen *s)
{
	char date[16], left[512], banner[256] = "", notice[768];
	static const char *const wd_en[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const wd_zh[] = { "", "周一", "周二", "周三", "周四", "周五", "周六",
					     "周日" };
	int x, y = date_year(t->today), bw = 0;

	date_format(t->today, date);
	snprintf(left, sizeof left, " %s │ %s (%s) │ %s %s │ %s", t->app->cfg->site_name
		 ? t->app->cfg->site_name : "cdesk", t->app->actor, t->role ? _(t->role) : "-",
		 date, t->zh ? wd_zh[date_weekday(t->today)] : wd_en[date_weekday(t->today)],
		 s && s->ops->title ? _(s->ops->title) : "");
	if (!calendar_year_known(t->cal, y)) {
		snprintf(banner, sizeof banner,
			 _(" ! no %d holiday file: Mon-Fri only "), y);
	}
	/* the third dispatches come before the calendar's warning */
	tui_alerts_notice(t, notice, sizeof notice);
	snprintf(notice + strlen(notice), sizeof notice - strlen(notice), "%s", banner);
	if (notice[0]) {
		bw = text_width(notice);
		if (bw > t->cols / 2)
			bw = t->cols / 2;
	}
	x = tui_draw(stdscr, 0, 0, left, t->cols - bw, true, ROLE_BAR);
	if (bw)
		tui_draw(stdscr, 0, x, notice, t->cols - x, true, ROLE_BANNER);
}

/* "F2" → "F2/n": a function key's letter, or the screen's Ctrl key for it
 * where letters are typed ("F9/^P" on the form). */
static void add_letter(const struct screen *s, enum action a, char *name, size_t size)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct binding *b = pass ? tui_global_keys : s->ops->keys;
		int n = pass ? tui_global_key_count : s->ops->nkeys;
		for (int i = 0; b && i < n; i++) {
			size_t len = strlen(name);
			if (b[i].action != a || b[i].fkey)
				continue;
			if (b[i].key > ' ' && b[i].key < 0x7f && s->mode == KM_LIST) {
				snprintf(name + len, size - len, b[i].key == '/' ? ",%c" : "/%c",
					 (char)b[i].key);
				return;
			}
			if (b[i].key >= 1 && b[i].key <= 26 && b[i].key != '\t' && b[i].key != '\n' &&
			    b[i].key != '\r' && b[i].key != 8 && pass == 0) {
				snprintf(name + len, size - len, "/^%c", (char)(b[i].key + '@'));
				return;
			}
		}
	}
}

/* The key line: the screen's bar keys, then the global ones that apply. */
void tui_draw_keys(struct tui *t, const struct screen *s)
{
	int x = 0, y = t->rows - 1;
	char name[32];

	move(y, 0);
	attron(theme_attr(ROLE_BAR));
	for (int i = 0; i < t->cols; i++)
		addch(' ');
	attroff(theme_attr(ROLE_BAR));
	/* the screen's own keys, then Help and Quit, then the other global keys */
	for (int pass = 0; pass < 3; pass++) {
		const struct binding *b = pass ? tui_global_keys : s ? s->ops->keys : NULL;
		int n = pass ? tui_global_key_count : s ? s->ops->nkeys : 0;
		for (int i = 0; i < n && x < t->cols; i++) {
			const char *label;
			bool first = b[i].action == ACT_HELP || b[i].action == ACT_QUIT;
			if (!b[i].bar || (b[i].mode == KM_LIST && s && s->mode != KM_LIST))
				continue;
			if ((pass == 1 && !first) || (pass == 2 && first))
				continue;
			/* a global key the screen re-binds is not shown twice */
			if (pass && s && s->ops->keys) {
				bool shadowed = false;
				for (int k = 0; k < s->ops->nkeys; k++)
					if (s->ops->keys[k].key == b[i].key && s->ops->keys[k].fkey == b[i].fkey)
						shadowed = true;
				if (shadowed)
					continue;
			}
			label = b[i].help ? b[i].help : keys_action_help(b[i].action);
			keys_name(&b[i], name, sizeof name);
			if (s && b[i].fkey)
				add_letter(s, b[i].action, name, sizeof name);
			label = tui_short_label(_(label));
			/* a key whose label would be cut is left off whole ("F4,/ 搜…") */
			if (x + text_width(name) + 1 + text_width(label) > t->cols)
				break;
			x += tui_draw(stdscr, y, x, name, t->cols - x, false, ROLE_KEY);
			x += tui_draw(stdscr, y, x, " ", 1, false, ROLE_BAR);
			x += tui_draw(stdscr, y, x, label, t->cols - x, false, ROLE_BAR);
			x += tui_draw(stdscr, y, x, " ", t->cols - x, false, ROLE_BAR);
		}
	}
}

/* "Help: the keys of this screen" → "Help": the key line shows the part before ':'. */
const char *tui_short_label(const char *label)
{
	static char buf[128];
	const char *colon = strstr(label, ": ");
	const char *zh_colon = strstr(label, "：");
	const char *cut = colon;
	size_t n;

	if (zh_colon && (!cut || zh_colon < cut))
		cut = zh_colon;
	n = cut ? (size_t)(cut - label) : strlen(label);
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, label, n);
	buf[n] = '\0';
	return buf;
}

void tui_draw_status(struct tui *t)
{
	tui_draw(stdscr, t->rows - 2, 0, t->status, t->cols, true, t->status_role);
}

void tui_draw_too_small(struct tui *t)
{
	char msg[256];
	int y = t->rows / 2, w;

	erase();
	snprintf(msg, sizeof msg, _("Window too small: %dx%d, cdesk needs at least %dx%d."),
		 t->cols, t->rows, TUI_MIN_COLS, TUI_MIN_ROWS);
	w = text_width(msg);
	if (w > t->cols)
		y = 0;
	tui_draw(stdscr, y, w < t->cols ? (t->cols - w) / 2 : 0, msg, t->cols, false, ROLE_ERROR);
	snprintf(msg, sizeof msg, "%s", _("Enlarge the window to go on; nothing is lost."));
	w = text_width(msg);
	tui_draw(stdscr, y + 1 < t->rows ? y + 1 : y, w < t->cols ? (t->cols - w) / 2 : 0, msg,
		 t->cols, false, ROLE_NORMAL);
	curs_set(0);
	refresh();
}

