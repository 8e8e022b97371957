// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The CPU operations for a build that runs on the development machine
 * (unit tests, fuzzers): the same host API, with cache maintenance that
 * only counts and a CPU that is whatever the test says.
 */
#include <stdlib.h>
#include "internal.h"

unsigned long kreloc_native_cleans;	/* calls, for tests that care */
const void *kreloc_native_cleaned[KRELOC_NATIVE_CLEANED];	/* the last */

void kreloc_clean_to_poc(const void *va, size_t len)
{
	(void)len;
	kreloc_native_cleaned[kreloc_native_cleans++ % KRELOC_NATIVE_CLEANED] =
		va;
}

void kreloc_arch_sync_icache(void)
{
}

int kreloc_arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	(void)h;
	(void)p;
	(void)n;
	return 0;			/* the portable C, always */
}

uint64_t kreloc_current_tt_format(void)
{
	return KRELOC_TT_EL1;
}

/* A CPU with every granule and 48-bit physical addresses. */
void kreloc_cpu_read(struct kreloc_cpu *cpu)
{
	cpu->mmfr0 = 0x0000000000100005ull;	/* TGran16 = 1, PARange = 5 */
	cpu->ctr = 0x8444c004ull;		/* 64-byte lines */
	cpu->tt_format = KRELOC_TT_EL1;
}

void kreloc_enter(kreloc_pa_t stub_pa, kreloc_pa_t args_pa)
{
	(void)stub_pa;
	(void)args_pa;
	abort();			/* nothing to branch to here */
}
