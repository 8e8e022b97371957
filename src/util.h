/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
#ifndef KRELOC_UTIL_H
#define KRELOC_UTIL_H

#include <stdint.h>

/*
 * kreloc needs memcpy and memset, nothing else, from the environment;
 * __builtin_ spelling keeps it free of libc headers.
 */

/* Addresses the stub can hold in a descriptor: 48 bits. */
#define KRELOC_PA_LIMIT		(UINT64_C(1) << 48)

static inline int kreloc_is_page_size(uint64_t size)
{
	return size == 0x1000 || size == 0x4000 || size == 0x10000;
}

static inline int kreloc_is_aligned(uint64_t x, uint64_t align)
{
	return (x & (align - 1)) == 0;
}

/* base + size stays below KRELOC_PA_LIMIT without wrapping. */
static inline int kreloc_range_ok(uint64_t base, uint64_t size)
{
	return base < KRELOC_PA_LIMIT && size <= KRELOC_PA_LIMIT - base;
}

#endif /* KRELOC_UTIL_H */
