/* Allocation that never returns NULL, and small string helpers. */
#ifndef CDESK_CORE_UTIL_H
#define CDESK_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>

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

/* FNV-1a of s, at most its first max bytes (SIZE_MAX: all of it). */
uint32_t util_hash(const char *s, size_t max);

/* An open-addressing index over a caller's array of items: a slot holds an
 * item's hash and its index + 1 (0: free). The caller probes from
 * hindex_first(x, hash) by hindex_next until a free slot, comparing hashes
 * before keys, and puts a new item in the free slot it stopped at. */
struct hindex_slot {
	uint32_t hash;
	int item;
};
struct hindex {
	struct hindex_slot *v;
	int size;                   /* a power of two, more than twice the items */
};
/* Room for one item more than the n in x (the first table holds first
 * slots); growing puts the items back in their order, so a probe meets the
 * items of one hash in the order they were added. */
void hindex_reserve(struct hindex *x, int n, int first);
static inline int hindex_first(const struct hindex *x, uint32_t hash)
{
	return (int)(hash & (uint32_t)(x->size - 1));
}
static inline int hindex_next(const struct hindex *x, int i)
{
	return (i + 1) & (x->size - 1);
}
void hindex_free(struct hindex *x);

#endif
