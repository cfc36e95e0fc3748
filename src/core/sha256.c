/* SHA-256 as FIPS 180-4 describes it: small, no dependency, enough for an audit chain. */
#include "core/sha256.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* x86-64's SHA extensions (SHA-NI), where the processor has them: the
 * event chain hashes every event, and cdesk check the whole log again.
 * The portable rounds below stay the reference (and the other machines'). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
};

static uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

#ifdef SHA256_X86
/* n blocks of p into h with the SHA extensions: four rounds an instruction
 * pair, the message schedule four words at a time (sha256msg1/msg2). */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_x86(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i st0, st1, tmp, w[16], m, save0, save1;

	tmp = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
	st1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);             /* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1B);             /* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);             /* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);          /* CDGH */
	for (; n > 0; n--, p += 64) {
		save0 = st0;
		save1 = st1;
		for (int i = 0; i < 16; i++) {
			if (i < 4) {
				w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)
									(p + 16 * i)), bswap);
			} else {
				tmp = _mm_sha256msg1_epu32(w[i - 4], w[i - 3]);
				tmp = _mm_add_epi32(tmp, _mm_alignr_epi8(w[i - 1], w[i - 2], 4));
				w[i] = _mm_sha256msg2_epu32(tmp, w[i - 1]);
			}
			m = _mm_add_epi32(w[i], _mm_loadu_si128((const __m128i *)(const void *)
								&K[4 * i]));
			st1 = _mm_sha256rnds2_epu32(st1, st0, m);
			st0 = _mm_sha256rnds2_epu32(st0, st1, _mm_shuffle_epi32(m, 0x0E));
		}
		st0 = _mm_add_epi32(st0, save0);
		st1 = _mm_add_epi32(st1, save1);
	}
	tmp = _mm_shuffle_epi32(st0, 0x1B);             /* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);             /* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);          /* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);             /* HGFE */
	_mm_storeu_si128((__m128i *)(void *)&h[0], st0);
	_mm_storeu_si128((__m128i *)(void *)&h[4], st1);
}

/* The processor has SHA, SSE4.1 and SSSE3 (CPUID leaves 7 and 1). */
static bool have_x86(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) || !(c & (1u << 9)))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}
#endif

static int use_x86 = -1;        /* -1: not asked yet */

void sha256_portable(bool on)
{
#ifdef SHA256_X86
	use_x86 = on ? 0 : have_x86();
#else
	(void)on;
#endif
}

/* n whole blocks of p. */
static void blocks(struct sha256 *s, const unsigned char *p, size_t n)
{
#ifdef SHA256_X86
	if (use_x86 < 0)
		use_x86 = have_x86();
	if (use_x86) {
		blocks_x86(s->h, p, n);
		return;
	}
#endif
	for (; n > 0; n--, p += 64)
		block(s, p);
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, h0, sizeof h0);
	s->len = 0;
	s->nbuf = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->len += n;
	if (s->nbuf > 0) {
		size_t k = 64 - s->nbuf < n ? 64 - s->nbuf : n;
		memcpy(s->buf + s->nbuf, p, k);
		s->nbuf += k;
		p += k;
		n -= k;
		if (s->nbuf < 64)
			return;
		blocks(s, s->buf, 1);
		s->nbuf = 0;
	}
	/* whole blocks straight from the input, not through buf */
	if (n >= 64) {
		blocks(s, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	if (n > 0)
		memcpy(s->buf, p, n);
	s->nbuf = n;
}

void sha256_final(struct sha256 *s, unsigned char out[32])
{
	uint64_t bits = s->len * 8;
	/* 0x80, zeros up to 56 bytes mod 64, the length: one update, not one
	 * a byte (up to 63 calls an event hash, 1% of cdesk demo) */
	unsigned char pad[72] = { 0x80 };
	size_t n = (s->nbuf < 56 ? 56 : 120) - s->nbuf;

	for (int i = 0; i < 8; i++)
		pad[n + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(s, pad, n + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
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
