/* The alerts on every screen: the banner of unacknowledged medical-safety risks (第二十一条) and the top line's third dispatches (policy 12). */
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/tui_internal.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

static bool opened(const struct tui *t, const char *number)
{
	for (int i = 0; i < t->nopened; i++)
		if (strcmp(t->opened[i], number) == 0)
			return true;
	return false;
}

/* Whether alert a is to be shown: a safety risk until acknowledged, a
 * third dispatch until acknowledged or opened on this terminal. */
static bool shown(const struct tui *t, const struct case_alert *a)
{
	return a->kind == ALERT_SAFETY || !opened(t, a->number);
}

bool tui_alerts_refresh(struct tui *t)
{
	struct err err = { 0 };
	int before = t->alert_rows;

	if (!t->sees_alerts || !t->store ||
	    case_alerts_pending(t->store, &t->alerts, &err))
		memset(&t->alerts, 0, sizeof t->alerts);
	t->alert_rows = t->alerts.n && t->alerts.items[0].kind == ALERT_SAFETY ? 1 : 0;
	return t->alert_rows != before;
}

/* The numbers of the alerts of kind k still shown, ", " between, "+N" for the unlisted. */
static int numbers(const struct tui *t, enum alert_kind k, char *buf, size_t size)
{
	size_t len = 0;
	int n = 0;

	buf[0] = '\0';
	for (int i = 0; i < t->alerts.n; i++) {
		const struct case_alert *a = &t->alerts.items[i];
		if (a->kind != k || !shown(t, a))
			continue;
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", n ? ", " : "",
					a->number);
		n++;
	}
	if (t->alerts.more && len < size)
		snprintf(buf + len, size - len, " +%d", t->alerts.more);
	return n;
}

void tui_alerts_draw(struct tui *t)
{
	char nums[ALERTS_MAX * 34 + 16], line[1024];

	if (!t->alert_rows || !numbers(t, ALERT_SAFETY, nums, sizeof nums))
		return;
	snprintf(line, sizeof line, _(" ! Medical-safety risk not acknowledged: %s "
				      "— F12 or ! opens it, a acknowledges "), nums);
	/* a narrow terminal: the shorter wordings, never the hint cut mid-word */
	if (text_width(line) > t->cols)
		snprintf(line, sizeof line, _(" ! Medical-safety risk not acknowledged: %s "
					      "— F12 or ! opens it "), nums);
	if (text_width(line) > t->cols)
		snprintf(line, sizeof line, _(" ! Safety risk: %s (F12) "), nums);
	move(1, 0);
	clrtoeol();
	tui_draw(stdscr, 1, 0, line, t->cols, true, ROLE_BANNER);
}

void tui_alerts_notice(struct tui *t, char *buf, size_t size)
{
	char nums[ALERTS_MAX * 34 + 16];

	buf[0] = '\0';
	if (numbers(t, ALERT_ESCALATED, nums, sizeof nums))
		snprintf(buf, size, _(" Third dispatch: %s (F12) "), nums);
}

const char *tui_alerts_jump(struct tui *t)
{
	for (int i = 0; i < t->alerts.n; i++)
		if (shown(t, &t->alerts.items[i]))
			return t->alerts.items[i].number;
	return NULL;
}

void tui_alert_opened(struct tui *t, const char *number)
{
	if (opened(t, number))
		return;
	if (t->nopened == ALERTS_MAX) {
		memmove(t->opened, t->opened + 1, sizeof t->opened - sizeof t->opened[0]);
		t->nopened--;
	}
	snprintf(t->opened[t->nopened++], sizeof t->opened[0], "%s", number);
}
