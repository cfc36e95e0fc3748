/* SHA-256 (FIPS 180-4), for the hash chain of the event log. */
#ifndef CDESK_CORE_SHA256_H
#define CDESK_CORE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;           /* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finishes and writes the 32-byte digest. */
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* The digest of data as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char hex[65]);
/* With on, the portable rounds even where the processor's SHA extensions
 * would be used (the tests compare the two); off, the fastest again. */
void sha256_portable(bool on);

#endif
