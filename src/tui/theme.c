/* Colour roles: one table of colour pairs and one of monochrome attributes. */
#include "tui/screen.h"
#include "core/text.h"
#include "core/util.h"

#include <limits.h>
#include <stdlib.h>

struct role_style {
	short fg, bg;               /* -1: the terminal's default */
	attr_t color_attr;          /* added to the pair in colour */
	attr_t mono_attr;           /* used alone without colour */
};

static const struct role_style styles[ROLE__COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_BAR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_BANNER] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_TITLE] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_SELECTED] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[ROLE_OVERDUE] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_DUE_SOON] = { COLOR_YELLOW, -1, A_NORMAL, A_UNDERLINE },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_OK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[ROLE_FIELD_ACTIVE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_INVALID] = { COLOR_RED, -1, A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ROLE_DIM] = { COLOR_BLUE, -1, A_NORMAL, A_DIM },
	[ROLE_KEY] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD },
	[ROLE_HOLIDAY] = { COLOR_RED, -1, A_NORMAL, A_BOLD },
	[ROLE_WEEKEND] = { COLOR_BLUE, -1, A_NORMAL, A_DIM },
	[ROLE_MAKEUP] = { COLOR_GREEN, -1, A_BOLD, A_UNDERLINE },
	[ROLE_SUGGEST] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
};

static bool use_color;

void theme_init(bool color)
{
	use_color = color;
	if (!color)
		return;
	for (int r = 1; r < ROLE__COUNT; r++)
		init_pair((short)r, styles[r].fg, styles[r].bg);
}

attr_t theme_attr(enum role r)
{
	if (r < 0 || r >= ROLE__COUNT)
		r = ROLE_NORMAL;
	if (!use_color)
		return styles[r].mono_attr;
	if (r == ROLE_NORMAL)
		return A_NORMAL;
	return COLOR_PAIR(r) | styles[r].color_attr;
}

int tui_draw(WINDOW *w, int y, int x, const char *s, int width, bool pad, enum role r)
{
	char *safe;
	int cols;

	if (width <= 0)
		return 0;
	safe = text_fit(s ? s : "", width, pad);
	cols = text_width(safe);
	if (width >= 2) {
		/* cut text says so: it ends in "…" */
		char *all = text_fit(s ? s : "", INT_MAX / 4, false);
		if (text_width(all) > width) {
			char *head = text_fit(all, width - 1, false), *cut;
			int hw = text_width(head);
			cut = xasprintf("%s…%*s", head, pad ? width - 1 - hw : 0, "");
			free(head);
			free(safe);
			safe = cut;
			cols = text_width(safe);
		}
		free(all);
	}
	wattron(w, theme_attr(r));
	mvwaddstr(w, y, x, safe);
	wattroff(w, theme_attr(r));
	free(safe);
	return cols;
}
