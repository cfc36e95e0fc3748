/* Allocation that never returns NULL, and small string helpers. */
#ifndef CDESK_CORE_UTIL_H
#define CDESK_CORE_UTIL_H

#include <stddef.h>

/* Out of memory calls the fatal hook (the TUI installs one that restores the
 * terminal first), then exits with status 70. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh allocation. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before exit on a fatal error; NULL restores nothing. */
void util_set_fatal_hook(void (*hook)(void));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy_(char *dst, const char *src, size_t size);

/* Reads a whole file into a NUL-terminated allocation; NULL and errno on failure. */
char *util_read_file(const char *path, size_t *len);

/* A growable string buffer. */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sbuf_add(struct sbuf *b, const char *s);
void sbuf_addn(struct sbuf *b, const char *s, size_t n);
void sbuf_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_free(struct sbuf *b);

#endif
