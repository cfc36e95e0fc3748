/* SHA-256 through nettle (include/core/sha256.h says why). */
#include "core/sha256.h"

#include <stdio.h>

void sha256_init(struct sha256 *s)
{
	nettle_sha256_init(&s->ctx);
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	nettle_sha256_update(&s->ctx, n, data);
}

void sha256_final(struct sha256 *s, unsigned char out[32])
{
	nettle_sha256_digest(&s->ctx, SHA256_DIGEST_SIZE, out);
}

void sha256_hex(const void *data, size_t n, char hex[65])
{
	struct sha256 s;
	unsigned char d[32];

	sha256_init(&s);
	sha256_update(&s, data, n);
	sha256_final(&s, d);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}
