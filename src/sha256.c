// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * SHA-256 (FIPS 180-4), the digest the stub checks with KRELOC_F_VERIFY.
 * Portable C, byte by byte for the big-endian words (the library builds
 * with -mstrict-align); kreloc_arch_sha256_blocks() may take the blocks
 * instead where the CPU has the SHA-256 instructions and the build lets
 * kreloc use them.
 */
#include "util.h"
#include "internal.h"

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes. Shared with the instruction path. */
const uint32_t kreloc_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#define BSIG0(x)	(ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define BSIG1(x)	(ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define SSIG0(x)	(ror(x, 7) ^ ror(x, 18) ^ (x) >> 3)
#define SSIG1(x)	(ror(x, 17) ^ ror(x, 19) ^ (x) >> 10)

/* FIPS 180-4 6.2.2 for n 64-byte blocks; the schedule kept 16 words deep. */
static void blocks_c(uint32_t h[8], const uint8_t *p, size_t n)
{
	uint32_t w[16], s[8], t1, t2;
	unsigned i;

	for (; n--; p += 64) {
		for (i = 0; i < 8; i++) {
			s[i] = h[i];
		}
		for (i = 0; i < 64; i++) {
			if (i < 16) {
				w[i] = load_be32(p + 4 * i);
			} else {
				w[i & 15] += SSIG0(w[(i + 1) & 15]) +
					     SSIG1(w[(i + 14) & 15]) +
					     w[(i + 9) & 15];
			}
			t1 = s[7] + BSIG1(s[4]) + ((s[4] & s[5]) ^ (~s[4] & s[6])) +
			     kreloc_sha256_k[i] + w[i & 15];
			t2 = BSIG0(s[0]) +
			     ((s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]));
			s[7] = s[6];
			s[6] = s[5];
			s[5] = s[4];
			s[4] = s[3] + t1;
			s[3] = s[2];
			s[2] = s[1];
			s[1] = s[0];
			s[0] = t1 + t2;
		}
		for (i = 0; i < 8; i++) {
			h[i] += s[i];
		}
	}
}

static void blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	if (n && !kreloc_arch_sha256_blocks(h, p, n)) {
		blocks_c(h, p, n);
	}
}

void kreloc_sha256_init(struct kreloc_sha256 *ctx)
{
	/* FIPS 180-4 5.3.3: square roots of the first 8 primes. */
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	__builtin_memcpy(ctx->h, iv, sizeof(iv));
	ctx->len = 0;
}

void kreloc_sha256_update(struct kreloc_sha256 *ctx, const void *data,
			  size_t len)
{
	const uint8_t *p = data;
	size_t used = ctx->len % 64, take;

	if (!len) {
		return;			/* data may be NULL */
	}
	ctx->len += len;
	if (used) {			/* top up the partial block first */
		take = 64 - used < len ? 64 - used : len;
		__builtin_memcpy(ctx->buf + used, p, take);
		p += take;
		len -= take;
		if (used + take < 64) {
			return;
		}
		blocks(ctx->h, ctx->buf, 1);
	}
	blocks(ctx->h, p, len / 64);
	p += len & ~(size_t)63;
	if (len % 64) {
		__builtin_memcpy(ctx->buf, p, len % 64);
	}
}

void kreloc_sha256_final(struct kreloc_sha256 *ctx,
			 uint8_t out[KRELOC_SHA256_SIZE])
{
	uint64_t bits = ctx->len * 8;
	size_t used = ctx->len % 64;
	unsigned i;

	/* 5.1.1: a 1 bit, zeroes, the length in bits in the last 8 bytes. */
	ctx->buf[used++] = 0x80;
	if (used > 56) {
		__builtin_memset(ctx->buf + used, 0, 64 - used);
		blocks(ctx->h, ctx->buf, 1);
		used = 0;
	}
	__builtin_memset(ctx->buf + used, 0, 56 - used);
	store_be32(ctx->buf + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->buf + 60, (uint32_t)bits);
	blocks(ctx->h, ctx->buf, 1);
	for (i = 0; i < 8; i++) {
		store_be32(out + 4 * i, ctx->h[i]);
	}
	__builtin_memset(ctx, 0, sizeof(*ctx));	/* no state left behind */
}

void kreloc_sha256(const void *data, size_t len,
		   uint8_t out[KRELOC_SHA256_SIZE])
{
	struct kreloc_sha256 ctx;

	kreloc_sha256_init(&ctx);
	kreloc_sha256_update(&ctx, data, len);
	kreloc_sha256_final(&ctx, out);
}
