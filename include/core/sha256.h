/* SHA-256 (FIPS 180-4), for the hash chain of the event log: nettle's
 * (Debian's nettle-dev), which uses the processor's SHA instructions where
 * it has them (its "fat" build chooses at run time). */
#ifndef CDESK_CORE_SHA256_H
#define CDESK_CORE_SHA256_H

#include <stddef.h>

#include <nettle/sha2.h>

/* nettle names its functions nettle_sha256_*, with sha256_init and
 * sha256_update as macros for them; cdesk's own of those names take a
 * struct sha256. */
#undef sha256_init
#undef sha256_update

struct sha256 {
	struct sha256_ctx ctx;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finishes and writes the 32-byte digest. */
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* The digest of data as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char hex[65]);

#endif
