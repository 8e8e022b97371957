/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
#ifndef KRELOC_UTIL_H
#define KRELOC_UTIL_H

#include <kreloc/kreloc.h>

/*
 * kreloc needs memcpy and memset, nothing else, from the environment;
 * __builtin_ spelling keeps it free of libc headers.
 */

/* Addresses the stub's descriptors can hold: 48 bits. */
#define KRELOC_PA_LIMIT		(UINT64_C(1) << 48)

static inline int kreloc_is_page_size(uint64_t size)
{
	return size == 0x1000 || size == 0x4000 || size == 0x10000;
}

static inline int kreloc_is_aligned(uint64_t x, uint64_t align)
{
	return (x & (align - 1)) == 0;
}

/* base + size does not wrap around 2^64. */
static inline int kreloc_no_wrap(uint64_t base, uint64_t size)
{
	return size == 0 || size - 1 <= UINT64_MAX - base;
}

/* [a, a + as) and [b, b + bs) share a byte. */
static inline int kreloc_overlaps(uint64_t a, uint64_t as, uint64_t b,
				  uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* Record a failure for the caller and return its code. */
static inline int kreloc_fail(struct kreloc_error *err, int code,
			      kreloc_pa_t addr, kreloc_pa_t other,
			      uint64_t size)
{
	if (err) {
		*err = (struct kreloc_error){ code, addr, other, size };
	}
	return code;
}

#endif /* KRELOC_UTIL_H */
