/* Long text in a multi-line editor box, or in the user's editor on a
 * private temporary file ([ui] editor): the limit is the core's, a longer
 * text is refused with a message and never cut. */
#include "tui/i18n.h"
#include "tui/lineedit.h"
#include "tui/tui_internal.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CTRL(c) ((c) & 0x1f)

struct tedit {
	const char *title;
	struct lineedit e;
	size_t max;
	int width, height;          /* of the text area */
	char msg[512];              /* a refusal, shown until the next key */
	bool changed;
};

static void tedit_overlay(struct tui *t, void *arg)
{
	struct tedit *te = arg;
	int h = t->body_rows, w = t->cols, y0 = 1, total, row, col;
	struct le_row *rows;
	char count[64], *hint;

	te->width = w - 4 > 10 ? w - 4 : 10;
	te->height = h - 3 > 1 ? h - 3 : 1;
	for (int y = 0; y < h; y++) {
		move(y0 + y, 0);
		clrtoeol();
		mvaddstr(y0 + y, 0, y == 0 ? "┌" : y == h - 1 ? "└" : "│");
		mvaddstr(y0 + y, w - 1, y == 0 ? "┐" : y == h - 1 ? "┘" : "│");
		if (y == 0 || y == h - 1)
			for (int x = 1; x < w - 1; x++)
				mvaddstr(y0 + y, x, "─");
	}
	{
		/* the prompt as the frame's title, without its colon ("Reply draft") */
		char title[256];
		size_t n = (size_t)snprintf(title, sizeof title, "%s", te->title);
		if (n >= sizeof title)
			n = sizeof title - 1;
		while (n && title[n - 1] == ' ')
			title[--n] = '\0';
		if (n && title[n - 1] == ':')
			title[--n] = '\0';
		else if (n >= 3 && !strcmp(title + n - 3, "："))
			title[n -= 3] = '\0';
		tui_draw(stdscr, y0, 2, title, w - 4, false, ROLE_TITLE);
	}
	total = le_wrap(&te->e, te->width, NULL, 0);
	rows = xmalloc((size_t)total * sizeof *rows);
	le_wrap(&te->e, te->width, rows, total);
	le_scroll_to_cursor(&te->e, te->width, te->height);
	for (int k = 0; k < te->height; k++) {
		size_t ri = te->e.scroll + (size_t)k;
		char *vis;
		if (ri >= (size_t)total)
			break;
		vis = wcs_to_utf8(te->e.buf + rows[ri].start, rows[ri].end - rows[ri].start);
		tui_draw(stdscr, y0 + 1 + k, 2, vis, te->width, false, ROLE_NORMAL);
		free(vis);
	}
	free(rows);
	snprintf(count, sizeof count, " %zu/%zu ", te->e.len, te->max);
	hint = te->msg[0] ? xstrdup(te->msg)
			  : xstrdup(_("Ctrl-S: done  Enter: new line  Ctrl-O: your editor  Esc: cancel"));
	tui_draw(stdscr, y0 + h - 2, 2, hint, w - 6 - text_width(count), false,
		 te->msg[0] ? ROLE_ERROR : ROLE_DIM);
	tui_draw(stdscr, y0 + h - 2, w - 2 - text_width(count), count, text_width(count), false,
		 te->e.len > te->max ? ROLE_ERROR : ROLE_DIM);
	free(hint);
	le_cursor_pos(&te->e, te->width, &row, &col);
	move(y0 + 1 + row - (int)te->e.scroll, 2 + col);
	curs_set(1);
	refresh();
}

/* The command [ui] editor names, or for "external" $VISUAL, $EDITOR, vi. */
static const char *editor_command(struct tui *t, bool asked)
{
	const char *c = t->app->cfg->editor;

	if (c && *c && strcmp(c, "external") != 0 && strcmp(c, "builtin") != 0)
		return c;
	if (!asked && !(c && strcmp(c, "external") == 0))
		return NULL;
	if ((c = getenv("VISUAL")) && *c)
		return c;
	if ((c = getenv("EDITOR")) && *c)
		return c;
	return "vi";
}

/*
 * Runs cmd on a 0600 temporary file holding the text; the text as saved
 * there replaces the editor's (one final newline dropped). False with the
 * reason in te->msg when the editor could not run.
 */
static bool run_external(struct tui *t, struct tedit *te, const char *cmd)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/cdesk-text-XXXXXX", dir && *dir ? dir : "/tmp");
	char *text = le_get(&te->e), *back, *script;
	size_t len = strlen(text);
	int fd = mkstemp(path), status = -1;
	bool ok = false;
	pid_t pid;

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		snprintf(te->msg, sizeof te->msg, _("The temporary file could not be written: %s"),
			 err_errno_text(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	script = xasprintf("%s \"$1\"", cmd);
	tui_leave_screen();
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	tui_enter_screen(t);
	free(script);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(te->msg, sizeof te->msg,
			 _("The editor '%s' failed (exit status %d); the text here is unchanged."), cmd,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		goto out;
	}
	back = util_read_file(path, &len);
	if (!back) {
		snprintf(te->msg, sizeof te->msg, _("The editor's file could not be read back."));
		goto out;
	}
	if (len && back[len - 1] == '\n')
		back[--len] = '\0';
	if (strcmp(back, text) != 0)
		te->changed = true;
	le_set(&te->e, back);
	free(back);
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	unlink(path);
	free(path);
	free(text);
	return ok;
}

/* Done: true when within the limit, else the refusal is shown. */
static bool may_finish(struct tedit *te)
{
	if (te->e.len <= te->max)
		return true;
	snprintf(te->msg, sizeof te->msg,
		 _("%zu characters; the limit is %zu. Shorten it (nothing was cut)."),
		 te->e.len, te->max);
	return false;
}

/* One key; 1: done, -1: cancelled, 0: go on. */
static int tedit_key(struct tui *t, struct tedit *te, const struct key_event *ev)
{
	struct screen probe = { 0 };
	enum action a;
	bool ch = false;

	probe.mode = KM_TEXT;
	a = keys_lookup(&probe, ev);
	te->msg[0] = '\0';
	if (!ev->fkey && ev->ch == CTRL('O')) {
		run_external(t, te, editor_command(t, true));
		return 0;
	}
	switch (a) {
	case ACT_SAVE: return may_finish(te) ? 1 : 0;
	case ACT_BACK: case ACT_QUIT:
		if (te->changed && !tui_confirm(t, _("Give up the text typed here?")))
			return 0;
		return -1;
	case ACT_OPEN: ch = le_insert(&te->e, L'\n'); break;
	case ACT_UP: le_up(&te->e, te->width); break;
	case ACT_DOWN: le_down(&te->e, te->width); break;
	case ACT_PGUP: for (int i = 0; i < te->height; i++) le_up(&te->e, te->width); break;
	case ACT_PGDN: for (int i = 0; i < te->height; i++) le_down(&te->e, te->width); break;
	case ACT_LEFT: le_left(&te->e); break;
	case ACT_RIGHT: le_right(&te->e); break;
	case ACT_HOME: le_home(&te->e); break;
	case ACT_END: le_end(&te->e); break;
	case ACT_DELETE_BACK: ch = le_backspace(&te->e); break;
	case ACT_DELETE: ch = le_delete(&te->e); break;
	case ACT_KILL_LINE: ch = le_kill_to_end(&te->e); break;
	case ACT_KILL_START: ch = le_kill_to_start(&te->e); break;
	case ACT_NONE:
		if (!ev->fkey)
			ch = le_insert(&te->e, (wchar_t)ev->ch);
		break;
	default: break;
	}
	if (ch)
		te->changed = true;
	return 0;
}

bool tui_edit_long(struct tui *t, const char *title, size_t max, char **text)
{
	struct tedit te = { title, { 0 }, max, 40, 10, "", false };
	const char *ext = editor_command(t, false);
	struct key_event ev;
	int done = 0;

	/* no limit in the editor itself: an overlong text is shown, and refused */
	le_init(&te.e, 0, true);
	le_set(&te.e, *text ? *text : "");
	if (ext && run_external(t, &te, ext) && te.e.len <= max)
		done = 1;
	else if (ext && !te.msg[0])
		may_finish(&te);
	while (!done) {
		if (!tui_modal_key(t, &ev, tedit_overlay, &te)) {
			done = -1;
			break;
		}
		done = tedit_key(t, &te, &ev);
		/* a paste: everything already typed, then one redraw */
		while (!done && tui_read_nowait(t, &ev)) {
			if (ev.fkey && ev.ch == KEY_RESIZE) {
				tui_unread(t, &ev, true);
				break;
			}
			done = tedit_key(t, &te, &ev);
		}
	}
	if (done > 0) {
		free(*text);
		*text = le_get(&te.e);
	}
	le_free(&te.e);
	return done > 0;
}
