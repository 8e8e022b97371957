// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include "fake.h"

struct fake fake;

void fake_init(void)
{
	if (!fake.mem) {
		fake.mem = aligned_alloc(0x10000, FAKE_SIZE);
	}
	memset(fake.mem, 0, FAKE_SIZE);
	fake.next = FAKE_POOL;
	fake.fail_after = -1;
	fake.allocs = 0;
}

void fake_fini(void)
{
	free(fake.mem);
	fake.mem = NULL;
}

int fake_setup(void **state)
{
	(void)state;
	fake_init();
	return 0;
}

int fake_teardown(void **state)
{
	(void)state;
	fake_fini();
	return 0;
}

void *fake_va(kreloc_pa_t pa)
{
	if (pa < FAKE_BASE || pa >= FAKE_BASE + FAKE_SIZE) {
		return NULL;
	}
	return fake.mem + (pa - FAKE_BASE);
}

static int fake_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	(void)ctx;
	if (fake.fail_after == 0) {
		return -1;
	}
	if (fake.fail_after > 0) {
		fake.fail_after--;
	}
	fake.next = (fake.next + size - 1) & ~(size - 1);
	if (fake.next + size > FAKE_BASE + FAKE_SIZE) {
		return -1;
	}
	out->pa = fake.next;
	out->va = fake_va(fake.next);
	fake.next += size;
	fake.allocs++;
	return 0;
}

static void *fake_phys_to_virt(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return fake_va(pa);
}

const struct kreloc_host fake_host = { fake_alloc, fake_phys_to_virt, NULL };

struct kreloc_cpu fake_cpu(unsigned parange, unsigned granules,
			   uint64_t tt_format)
{
	struct kreloc_cpu cpu = { .ctr = 0x8444c004ull, .tt_format = tt_format };

	cpu.mmfr0 = parange;
	cpu.mmfr0 |= (uint64_t)(granules & 1 ? 0x0 : 0xf) << 28;
	cpu.mmfr0 |= (uint64_t)(granules & 4 ? 0x0 : 0xf) << 24;
	cpu.mmfr0 |= (uint64_t)(granules & 2 ? 0x1 : 0x0) << 20;
	return cpu;
}
