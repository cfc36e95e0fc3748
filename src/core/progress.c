/* The one listener of long work's progress (include/core/progress.h). */
#include "core/progress.h"

#include <stddef.h>

static progress_fn listener;
static void *listener_arg;

void progress_listen(progress_fn fn, void *arg)
{
	listener = fn;
	listener_arg = arg;
}

bool progress_listening(void)
{
	return listener != NULL;
}

void progress_note(const char *what, long long done, long long total)
{
	if (listener)
		listener(what, done, total, listener_arg);
}

void progress_end(const char *what)
{
	if (listener)
		listener(what, -1, 0, listener_arg);
}
