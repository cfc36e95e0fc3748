/*
 * The progress bar of long commands, on standard error when it is a
 * terminal: "recompute  12,288 of 48,000  25%  6,100/s  0:06 left  [#####   ]".
 * Drawn at most ten times a second, and only once the command has run half a
 * second (a quick command prints nothing; $CDESK_PROGRESS_DELAY sets another
 * wait in seconds, 0 to draw at once, as the tests do); cleared when the work ends, so
 * the command's own output starts on a clean line.
 */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "core/progress.h"

#include "core/config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct bar {
	double start, last, delay;
	bool drawn;
	char what[32];
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 1234567 as "1,234,567" */
static void grouped(long long v, char *buf, size_t size)
{
	char raw[32];
	int n = snprintf(raw, sizeof raw, "%lld", v), o = 0;

	for (int i = 0; i < n && o + 2 < (int)size; i++) {
		if (i && raw[i - 1] != '-' && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

static void draw(struct bar *b, const char *what, long long done, long long total, double t)
{
	char d[32], tot[32], rate[32], line[256];
	double el = t - b->start, r = el > 0 ? (double)done / el : 0;
	int n;

	grouped(done, d, sizeof d);
	grouped((long long)r, rate, sizeof rate);
	if (total > 0) {
		int pct = (int)(done * 100 / total), fill = (int)(done * 20 / total);
		long long left = r > 0 ? (long long)((double)(total - done) / r) : 0;
		char hashes[21];
		for (int i = 0; i < 20; i++)
			hashes[i] = i < fill ? '#' : ' ';
		hashes[20] = '\0';
		grouped(total, tot, sizeof tot);
		n = snprintf(line, sizeof line, _("%s  %s of %s  %d%%  %s/s  %lld:%02lld left  [%s]"),
			     what, d, tot, pct, rate, left / 60, left % 60, hashes);
	} else {
		n = snprintf(line, sizeof line, _("%s  %s  %s/s  %.0f s"), what, d, rate, el);
	}
	(void)n;
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	b->drawn = true;
	b->last = t;
}

static void listen(const char *what, long long done, long long total, void *arg)
{
	struct bar *b = arg;
	double t = now_s();

	if (done < 0) {                 /* the end */
		if (b->drawn)
			fputs("\r\033[K", stderr);
		b->drawn = false;
		b->start = t;           /* the next work starts now */
		b->last = 0;
		return;
	}
	/* the last step draws nothing: the work is done and the bar would go at once */
	if (t - b->start < b->delay || t - b->last < 0.1 || (total > 0 && done >= total))
		return;
	draw(b, what, done, total, t);
}

void cli_progress_init(void)
{
	static struct bar b;

	/* a command is one piece of work: it began when the command did */
	b.start = now_s();
	b.delay = 0.5;
	if (!config_secure()) {
		const char *env = getenv("CDESK_PROGRESS_DELAY");
		char *end;
		double d = env && *env ? strtod(env, &end) : -1;

		if (env && *env && !*end && d >= 0 && d <= 3600)
			b.delay = d;
	}
	if (isatty(STDERR_FILENO))
		progress_listen(listen, &b);
}
