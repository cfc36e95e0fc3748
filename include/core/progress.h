/* How far long work is: demo, import, export, recompute, backup and big reports tell it; the command line draws a bar. */
#ifndef CDESK_CORE_PROGRESS_H
#define CDESK_CORE_PROGRESS_H

#include <stdbool.h>

/*
 * The listener gets what is being done ("recompute", "import" …), how many
 * of how many (total 0: not known), and its argument. The command line
 * listens when its standard error is a terminal; the TUI and tests do not,
 * and then progress_note costs a comparison.
 */
typedef void (*progress_fn)(const char *what, long long done, long long total, void *arg);

void progress_listen(progress_fn fn, void *arg);

/* Whether anyone listens: work that costs something only to tell its
 * progress (a count before a scan) skips it when nobody does. */
bool progress_listening(void);

/* Long loops call it as they go, as often as they like: the listener
 * decides when to draw (the command line: ten times a second). */
void progress_note(const char *what, long long done, long long total);

/* The work is over (also after a failure): the listener clears its line. */
void progress_end(const char *what);

#endif
