// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The park area: release slots and records for secondary CPUs that wait
 * in the blob's park entry for the next kernel (spin-table). The layout
 * is the ABI's (<kreloc/abi.h>): the park entry finds a CPU's record from
 * its slot's address alone.
 */
#include "util.h"
#include "internal.h"

_Static_assert(KRELOC_PARK_CPUS_PER_PAGE * KRELOC_PARK_STRIDE ==
	       KRELOC_PARK_RECORD, "slots fill the first half of a page");
_Static_assert(KRELOC_PARK_RECORD * 2 == KRELOC_PARK_PAGE,
	       "records fill the second half");
_Static_assert(sizeof(struct kreloc_status) <= KRELOC_PARK_STRIDE,
	       "a record fits its stride");
_Static_assert(KRELOC_PARK_STRIDE % 16 == 0, "records 16-byte aligned");

uint64_t kreloc_park_size(unsigned nr_cpus)
{
	return (uint64_t)(nr_cpus + KRELOC_PARK_CPUS_PER_PAGE - 1) /
	       KRELOC_PARK_CPUS_PER_PAGE * KRELOC_PARK_PAGE;
}

int kreloc_park_init(struct kreloc_park *park, const struct kreloc_page *area,
		     unsigned nr_cpus)
{
	uint64_t size;

	if (!park || !area || !area->va) {
		return KRELOC_E_INVAL;
	}
	if (!nr_cpus || nr_cpus > KRELOC_PARK_MAX_CPUS) {
		return KRELOC_E_PARK;
	}
	size = kreloc_park_size(nr_cpus);
	if (!kreloc_is_aligned(area->pa, KRELOC_PARK_PAGE)) {
		return KRELOC_E_ALIGN;
	}
	if (!kreloc_no_wrap(area->pa, size)) {
		return KRELOC_E_WRAP;
	}
	__builtin_memset(area->va, 0, size);
	kreloc_clean_to_poc(area->va, size);
	*park = (struct kreloc_park){
		.pa = area->pa, .va = area->va, .size = size,
		.nr_cpus = nr_cpus, .magic = KRELOC_PARK_MAGIC,
	};
	return KRELOC_OK;
}

static uint64_t slot_offset(unsigned cpu)
{
	return (uint64_t)(cpu / KRELOC_PARK_CPUS_PER_PAGE) * KRELOC_PARK_PAGE +
	       (cpu % KRELOC_PARK_CPUS_PER_PAGE) * KRELOC_PARK_STRIDE;
}

kreloc_pa_t kreloc_park_slot(const struct kreloc_park *park, unsigned cpu)
{
	if (!park || park->magic != KRELOC_PARK_MAGIC || cpu >= park->nr_cpus) {
		return 0;
	}
	return park->pa + slot_offset(cpu);
}

int kreloc_park_status(const struct kreloc_park *park, unsigned cpu,
		       struct kreloc_status *out)
{
	const volatile uint64_t *rec;
	uint64_t *dst = (uint64_t *)out;
	size_t i;

	if (!park || !out || park->magic != KRELOC_PARK_MAGIC ||
	    cpu >= park->nr_cpus) {
		return -1;
	}
	rec = (const volatile uint64_t *)((char *)park->va + slot_offset(cpu) +
					  KRELOC_PARK_RECORD);
	/* Written with the MMU off: drop whatever our caches hold of it. */
	kreloc_clean_to_poc((const void *)rec, sizeof(*out));
	for (i = 0; i < sizeof(*out) / 8; i++) {
		dst[i] = rec[i];
	}
	return (int)out->phase;
}
