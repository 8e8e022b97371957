/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * A fake physical memory for native tests: FAKE_SIZE bytes of host memory
 * standing for physical addresses [FAKE_BASE, FAKE_BASE + FAKE_SIZE). The
 * top quarter is the allocator's "safe" pool; the rest is for segments.
 */
#ifndef TESTS_UNIT_FAKE_H
#define TESTS_UNIT_FAKE_H

#include <kreloc/kreloc.h>

#define FAKE_BASE	0x80000000ull
#ifndef FAKE_SIZE
#define FAKE_SIZE	(64ull << 20)
#endif
#define FAKE_POOL	(FAKE_BASE + FAKE_SIZE * 3 / 4)

struct fake {
	unsigned char *mem;
	kreloc_pa_t next;	/* bump allocator, grows up from FAKE_POOL */
	int fail_after;		/* allocations left before NOMEM; -1: never */
	unsigned allocs;
};

extern struct fake fake;
extern const struct kreloc_host fake_host;

/* fake_init() (re)starts with zeroed memory; fake_fini() frees it. */
void fake_init(void);
void fake_fini(void);
/* The same as cmocka setup and teardown functions. */
int fake_setup(void **state);
int fake_teardown(void **state);
void *fake_va(kreloc_pa_t pa);
/* A CPU: PARange code, and which granules (bitmask of 4K=1, 16K=2, 64K=4). */
struct kreloc_cpu fake_cpu(unsigned parange, unsigned granules,
			   uint64_t tt_format);

#endif /* TESTS_UNIT_FAKE_H */
