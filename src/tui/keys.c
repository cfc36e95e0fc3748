/* The key table: keys to actions. The help screen and the key line are generated from it. */
#include "tui/screen.h"
#include "tui/i18n.h"
#include "tui/tui_internal.h"

#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

/*
 * Global keys, after a screen's own. KM_LIST rows apply only where letters
 * are commands; the first matching row wins, so a KM_LIST meaning of a key
 * (Tab: queues) comes before its KM_TEXT meaning (Tab: next field).
 */
const struct binding tui_global_keys[] = {
	{ KEY_F(1), true, KM_TEXT, ACT_HELP, NULL, true },
	{ '?', false, KM_LIST, ACT_HELP, NULL, false },
	{ KEY_F(2), true, KM_TEXT, ACT_NEW, NULL, true },
	{ 'n', false, KM_LIST, ACT_NEW, NULL, false },
	{ KEY_F(3), true, KM_TEXT, ACT_QUEUES, NULL, true },
	{ '\t', false, KM_LIST, ACT_QUEUES, NULL, false },
	{ KEY_F(4), true, KM_TEXT, ACT_SEARCH, NULL, true },
	{ '/', false, KM_LIST, ACT_SEARCH, NULL, false },
	{ KEY_F(5), true, KM_TEXT, ACT_REPORTS, NULL, true },
	{ 'r', false, KM_LIST, ACT_REPORTS, NULL, false },
	{ KEY_F(6), true, KM_TEXT, ACT_CALENDAR, NULL, false },
	{ 'c', false, KM_LIST, ACT_CALENDAR, NULL, false },
	{ KEY_F(12), true, KM_TEXT, ACT_ALERT, NULL, false },
	{ '!', false, KM_LIST, ACT_ALERT, NULL, false },
	{ KEY_F(10), true, KM_TEXT, ACT_QUIT, NULL, true },
	{ 'q', false, KM_LIST, ACT_QUIT, NULL, false },
	{ 27, false, KM_TEXT, ACT_BACK, NULL, false },
	{ CTRL('L'), false, KM_TEXT, ACT_REFRESH, NULL, false },
	{ CTRL('Z'), false, KM_TEXT, ACT_SUSPEND, NULL, false },
	{ CTRL('C'), false, KM_TEXT, ACT_INTERRUPT, NULL, false },
	{ KEY_UP, true, KM_TEXT, ACT_UP, NULL, false },
	{ 'k', false, KM_LIST, ACT_UP, NULL, false },
	{ KEY_DOWN, true, KM_TEXT, ACT_DOWN, NULL, false },
	{ 'j', false, KM_LIST, ACT_DOWN, NULL, false },
	{ KEY_LEFT, true, KM_TEXT, ACT_LEFT, NULL, false },
	{ KEY_RIGHT, true, KM_TEXT, ACT_RIGHT, NULL, false },
	{ KEY_PPAGE, true, KM_TEXT, ACT_PGUP, NULL, false },
	{ KEY_NPAGE, true, KM_TEXT, ACT_PGDN, NULL, false },
	{ KEY_HOME, true, KM_TEXT, ACT_HOME, NULL, false },
	{ KEY_END, true, KM_TEXT, ACT_END, NULL, false },
	{ '\t', false, KM_TEXT, ACT_NEXT_FIELD, NULL, false },
	{ KEY_BTAB, true, KM_TEXT, ACT_PREV_FIELD, NULL, false },
	{ '\r', false, KM_TEXT, ACT_OPEN, NULL, false },
	{ '\n', false, KM_TEXT, ACT_OPEN, NULL, false },
	{ KEY_ENTER, true, KM_TEXT, ACT_OPEN, NULL, false },
	{ CTRL('S'), false, KM_TEXT, ACT_SAVE, NULL, false },
	{ KEY_BACKSPACE, true, KM_TEXT, ACT_DELETE_BACK, NULL, false },
	{ 127, false, KM_TEXT, ACT_DELETE_BACK, NULL, false },
	{ CTRL('H'), false, KM_TEXT, ACT_DELETE_BACK, NULL, false },
	{ KEY_DC, true, KM_TEXT, ACT_DELETE, NULL, false },
	{ CTRL('K'), false, KM_TEXT, ACT_KILL_LINE, NULL, false },
	{ CTRL('U'), false, KM_TEXT, ACT_KILL_START, NULL, false },
	{ CTRL('A'), false, KM_TEXT, ACT_HOME, NULL, false },
	{ CTRL('E'), false, KM_TEXT, ACT_END, NULL, false },
};
const int tui_global_key_count = sizeof tui_global_keys / sizeof tui_global_keys[0];

static const char *const action_help[ACT__COUNT] = {
	[ACT_HELP] = N_("Help: the keys of this screen"),
	[ACT_NEW] = N_("New: a case on the intake form"),
	[ACT_QUEUES] = N_("Queues"),
	[ACT_SEARCH] = N_("Search: by number, phone, name or words"),
	[ACT_REPORTS] = N_("Reports"),
	[ACT_CALENDAR] = N_("Calendar: working days, holidays, make-up days"),
	[ACT_QUIT] = N_("Quit: asks when a form has unsaved input"),
	[ACT_BACK] = N_("Back"),
	[ACT_REFRESH] = N_("Redraw the screen"),
	[ACT_SUSPEND] = N_("Suspend: back to the shell (fg returns)"),
	[ACT_INTERRUPT] = N_("Quit, after asking"),
	[ACT_ALERT] = N_("Alert: open the case of the safety banner or the third dispatch"),
	[ACT_UP] = N_("Up"),
	[ACT_DOWN] = N_("Down"),
	[ACT_LEFT] = N_("Left"),
	[ACT_RIGHT] = N_("Right"),
	[ACT_PGUP] = N_("Page up"),
	[ACT_PGDN] = N_("Page down"),
	[ACT_HOME] = N_("First / start of line"),
	[ACT_END] = N_("Last / end of line"),
	[ACT_NEXT_FIELD] = N_("Next field"),
	[ACT_PREV_FIELD] = N_("Previous field"),
	[ACT_OPEN] = N_("Open / choose"),
	[ACT_CLICK] = N_("Select"),
	[ACT_CLICK_OPEN] = N_("Open"),
	[ACT_WHEEL_UP] = N_("Scroll up"),
	[ACT_WHEEL_DOWN] = N_("Scroll down"),
	[ACT_SORT] = N_("Sort"),
	[ACT_FILTER] = N_("Filter"),
	[ACT_NEXT_QUEUE] = N_("Next queue"),
	[ACT_PREV_QUEUE] = N_("Previous queue"),
	[ACT_SAVE] = N_("Save"),
	[ACT_CHOOSE] = N_("Choose from the list"),
	[ACT_DELETE_BACK] = N_("Delete the character before the cursor"),
	[ACT_DELETE] = N_("Delete the character under the cursor"),
	[ACT_KILL_LINE] = N_("Delete to the end of the line"),
	[ACT_KILL_START] = N_("Delete to the start of the line"),
	[ACT_NEWLINE] = N_("New line"),
	[ACT_TOGGLE] = N_("Toggle"),
	[ACT_MERGE] = N_("Merge into the possible duplicate"),
	[ACT_ACCEPT_SUGGESTION] = N_("Take the suggestion"),
	[ACT_PRINT] = N_("Print"),
	[ACT_CASE_ACTION] = N_("Act on the case"),
	[ACT_CASE_EDIT] = N_("Correct a registered field"),
	[ACT_PREV_MONTH] = N_("Previous month"),
	[ACT_NEXT_MONTH] = N_("Next month"),
	[ACT_PREV_YEAR] = N_("Previous year"),
	[ACT_NEXT_YEAR] = N_("Next year"),
	[ACT_TODAY] = N_("Today"),
	[ACT_COUNT_DAYS] = N_("Count N working days from the selected day"),
};

const char *keys_action_help(enum action a)
{
	if (a <= ACT_NONE || a >= ACT__COUNT || !action_help[a])
		return "";
	return action_help[a];
}

static enum action match(const struct binding *b, int n, enum key_mode mode,
			 const struct key_event *ev)
{
	for (int i = 0; i < n; i++) {
		if (b[i].mode == KM_LIST && mode != KM_LIST)
			continue;
		if (b[i].fkey == ev->fkey && b[i].key == ev->ch)
			return b[i].action;
	}
	return ACT_NONE;
}

enum action keys_lookup(const struct screen *s, const struct key_event *ev)
{
	enum key_mode mode = s ? s->mode : KM_LIST;
	enum action a = ACT_NONE;

	if (s && s->ops && s->ops->keys)
		a = match(s->ops->keys, s->ops->nkeys, mode, ev);
	if (a == ACT_NONE)
		a = match(tui_global_keys, tui_global_key_count, mode, ev);
	return a;
}

const char *keys_name(const struct binding *b, char *buf, size_t size)
{
	if (b->fkey) {
		if (b->key >= KEY_F(1) && b->key <= KEY_F(12)) {
			snprintf(buf, size, "F%d", (int)(b->key - KEY_F0));
			return buf;
		}
		switch (b->key) {
		case KEY_UP: snprintf(buf, size, "%s", "↑"); break;
		case KEY_DOWN: snprintf(buf, size, "%s", "↓"); break;
		case KEY_LEFT: snprintf(buf, size, "%s", "←"); break;
		case KEY_RIGHT: snprintf(buf, size, "%s", "→"); break;
		case KEY_PPAGE: snprintf(buf, size, "%s", "PgUp"); break;
		case KEY_NPAGE: snprintf(buf, size, "%s", "PgDn"); break;
		case KEY_HOME: snprintf(buf, size, "%s", "Home"); break;
		case KEY_END: snprintf(buf, size, "%s", "End"); break;
		case KEY_BTAB: snprintf(buf, size, "%s", "Shift-Tab"); break;
		case KEY_ENTER: snprintf(buf, size, "%s", "Enter"); break;
		case KEY_BACKSPACE: snprintf(buf, size, "%s", "Backspace"); break;
		case KEY_DC: snprintf(buf, size, "%s", "Delete"); break;
		default: snprintf(buf, size, "key %d", (int)b->key);
		}
		return buf;
	}
	switch (b->key) {
	case 27: snprintf(buf, size, "%s", "Esc"); break;
	case '\t': snprintf(buf, size, "%s", "Tab"); break;
	case '\r': case '\n': snprintf(buf, size, "%s", "Enter"); break;
	case ' ': snprintf(buf, size, "%s", "Space"); break;
	case 127: snprintf(buf, size, "%s", "Backspace"); break;
	default:
		if (b->key < 0x20)
			snprintf(buf, size, "Ctrl-%c", (char)(b->key + '@'));
		else if (b->key < 0x80)
			snprintf(buf, size, "%c", (char)b->key);
		else
			snprintf(buf, size, "U+%04X", (unsigned)b->key);
	}
	return buf;
}

/* The sequences terminals send that the terminfo entry in use may lack. */
static const struct {
	const char *seq;
	int key;
} escapes[] = {
	{ "[A", KEY_UP }, { "[B", KEY_DOWN }, { "[C", KEY_RIGHT }, { "[D", KEY_LEFT },
	{ "OA", KEY_UP }, { "OB", KEY_DOWN }, { "OC", KEY_RIGHT }, { "OD", KEY_LEFT },
	{ "[H", KEY_HOME }, { "OH", KEY_HOME }, { "[1~", KEY_HOME }, { "[7~", KEY_HOME },
	{ "[F", KEY_END }, { "OF", KEY_END }, { "[4~", KEY_END }, { "[8~", KEY_END },
	{ "[2~", KEY_IC }, { "[3~", KEY_DC }, { "[5~", KEY_PPAGE }, { "[6~", KEY_NPAGE },
	{ "[Z", KEY_BTAB },
	{ "OP", KEY_F(1) }, { "OQ", KEY_F(2) }, { "OR", KEY_F(3) }, { "OS", KEY_F(4) },
	{ "[11~", KEY_F(1) }, { "[12~", KEY_F(2) }, { "[13~", KEY_F(3) }, { "[14~", KEY_F(4) },
	{ "[15~", KEY_F(5) }, { "[17~", KEY_F(6) }, { "[18~", KEY_F(7) }, { "[19~", KEY_F(8) },
	{ "[20~", KEY_F(9) }, { "[21~", KEY_F(10) }, { "[23~", KEY_F(11) }, { "[24~", KEY_F(12) },
	{ "[[A", KEY_F(1) }, { "[[B", KEY_F(2) }, { "[[C", KEY_F(3) }, { "[[D", KEY_F(4) },
	{ "[[E", KEY_F(5) },
};

/*
 * An Esc curses did not make a key of: when the rest of a sequence came with
 * it (a key the terminfo entry lacks: Home and End as ESC [ 1 ~ under vt100,
 * vt100 F-keys), the sequence is read whole and is that key, or nothing when
 * unknown, never Esc plus letters. A lone Esc stays Esc.
 */
void keys_read_escape(WINDOW *body, struct tui *t, struct key_event *ev)
{
	char seq[16];
	size_t n = 0;
	wint_t c;
	int rc;

	wtimeout(body, 0);
	rc = wget_wch(body, &c);
	if (rc == ERR || rc == KEY_CODE_YES || (c != '[' && c != 'O')) {
		if (rc != ERR) {
			/* Esc, then a key of its own (Alt-x is not a command here) */
			struct key_event next = { c, rc == KEY_CODE_YES, -1, -1 };
			tui_unread(t, &next, true);
		}
		wtimeout(body, 1000);
		return;
	}
	seq[n++] = (char)c;
	/* parameters, then the final byte (0x40-0x7e); "[[A" is the Linux console's */
	while (n < sizeof seq - 1 && wget_wch(body, &c) != ERR) {
		seq[n++] = (char)c;
		if (c >= 0x40 && c <= 0x7e && !(n == 2 && seq[0] == '[' && c == '['))
			break;
	}
	seq[n] = '\0';
	wtimeout(body, 1000);
	for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++)
		if (strcmp(escapes[i].seq, seq) == 0) {
			ev->ch = (wint_t)escapes[i].key;
			ev->fkey = true;
			return;
		}
	ev->ch = 0;                 /* unknown: ignored whole */
	ev->fkey = true;
}
