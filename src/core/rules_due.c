/*
 * The deadlines of a class: reply and feedback days (or clock hours), and
 * the due dates they give from a received time on the working calendar.
 */
#include "rules_priv.h"
#include "core/calendar.h"

/* ---------- due dates ---------- */

static const struct class_cfg *class_of(const struct ruleset *rs, enum handling_class c)
{
	return (int)c >= 0 && c < CLASS__COUNT ? &rs->classes[c] : NULL;
}

int rules_reply_days(const struct ruleset *rs, enum handling_class c, int ndepts)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc)
		return -1;
	if (cc->hours)
		return -1;
	return ndepts > 1 ? cc->reply_days_multi : cc->reply_days;
}

int rules_feedback_days(const struct ruleset *rs, enum handling_class c, int ndepts)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc || cc->feedback_hours)
		return -1;
	return ndepts > 1 ? cc->feedback_days_multi : cc->feedback_days;
}

int rules_class_hours(const struct ruleset *rs, enum handling_class c)
{
	const struct class_cfg *cc = class_of(rs, c);

	return cc ? cc->hours : 0;
}

/*
 * days > 0: the end of the days-th working day after from's day.
 * days = 0: from's day when it is a working day and from is not after the
 * cutoff, else the next working day; due at its end.
 * hours > 0: from + hours, to the second.
 */
static int due_after(const struct ruleset *rs, const struct calendar *cal, struct cdatetime from,
		     int days, int hours, struct cdatetime *due, struct err *err)
{
	char buf[24];

	if (!calendar_in_range(from.day) || from.sec < 0 || from.sec >= 86400)
		return err_set(err, ERR_USAGE, "%s is outside the calendar's range %d-%d",
			       datetime_format(from, buf), CAL_FIRST_YEAR, CAL_LAST_YEAR);
	if (hours > 0) {
		*due = datetime_add_seconds(from, (int64_t)hours * 3600);
		return 0;
	}
	if (days > 0)
		due->day = calendar_add_working_days(cal, from.day, days);
	else
		due->day = calendar_add_working_days(cal, from.day, from.sec > rs->set.cutoff ? 1 : 0);
	due->sec = 86399;
	if (!calendar_in_range(due->day))
		return err_set(err, ERR_USAGE, "the due date of %s is past the calendar's range",
			       datetime_format(from, buf));
	return 0;
}

/* due_after in class c's days (-1: its hours), the reply hours or the feedback hours;
 * an unknown class is ERR_USAGE. */
static int class_due(const struct ruleset *rs, const struct calendar *cal, enum handling_class c,
		     struct cdatetime from, int days, bool feedback, struct cdatetime *due,
		     struct err *err)
{
	const struct class_cfg *cc = class_of(rs, c);

	if (!cc)
		return err_set(err, ERR_USAGE, "unknown handling class %d", (int)c);
	return due_after(rs, cal, from, days, feedback ? cc->feedback_hours : cc->hours, due, err);
}

int rules_due_reply(const struct ruleset *rs, const struct calendar *cal,
		    enum handling_class c, int ndepts, struct cdatetime received,
		    struct cdatetime *due, struct err *err)
{
	return class_due(rs, cal, c, received, rules_reply_days(rs, c, ndepts), false, due, err);
}

int rules_due_feedback(const struct ruleset *rs, const struct calendar *cal,
		       enum handling_class c, int ndepts, struct cdatetime transferred,
		       struct cdatetime *due, struct err *err)
{
	return class_due(rs, cal, c, transferred, rules_feedback_days(rs, c, ndepts), true, due,
			 err);
}

int rules_due_callback(const struct ruleset *rs, const struct calendar *cal,
		       struct cdatetime replied, struct cdatetime *due, struct err *err)
{
	if (rs->set.callback_days <= 0) {   /* the same working day */
		due->day = calendar_add_working_days(cal, replied.day, 0);
		due->sec = 86399;
		return calendar_in_range(due->day) ? 0 : err_set(err, ERR_USAGE, "out of range");
	}
	return due_after(rs, cal, replied, rs->set.callback_days, 0, due, err);
}

cdate rules_callback_late_before(const struct ruleset *rs, const struct calendar *cal,
				 cdate today)
{
	cdate r = today;

	/* late when the due day (reply day + callback_days) is before today */
	while (calendar_in_range(r - 1) &&
	       calendar_add_working_days(cal, r - 1, rs->set.callback_days) >= today)
		r--;
	return r;
}

int rules_due_review(const struct ruleset *rs, const struct calendar *cal,
		     struct cdatetime requested, struct cdatetime *due, struct err *err)
{
	return due_after(rs, cal, requested, rs->set.review_days, 0, due, err);
}
