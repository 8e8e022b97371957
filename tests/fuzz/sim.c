// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/* The stub's list walk, in C, over the fake physical memory. */
#include <stdlib.h>
#include <string.h>
#include "../unit/fake.h"
#include "sim.h"

/* The fake memory at [pa, pa + len), or NULL if it is not all there. */
static unsigned char *at(kreloc_pa_t pa, uint64_t len)
{
	unsigned char *p = fake_va(pa);

	return p && fake_va(pa + len - 1) ? p : NULL;
}

int sim_stub(const struct kreloc_args *a)
{
	uint64_t ps = a->list_page_size, entry = a->list_head;
	const uint64_t *ptr = NULL;
	kreloc_pa_t dest = 0;

	while (!(entry & KRELOC_ENTRY_DONE)) {
		kreloc_pa_t addr = entry & ~(ps - 1);
		unsigned char *to;
		const unsigned char *from;

		if (entry & KRELOC_ENTRY_PAGE_OPS) {
			if (!dest) {
				abort();	/* the stub would stop here */
			}
			to = at(dest, ps);
			from = at(addr, ps);
			if (!to || ((entry & KRELOC_ENTRY_SOURCE) && !from)) {
				return -1;	/* outside the fake memory */
			}
			if (entry & KRELOC_ENTRY_SOURCE) {
				memmove(to, from, ps);
			} else if (entry & KRELOC_ENTRY_ZERO) {
				memset(to, 0, ps);
			}
			dest += ps;
		} else if (entry & KRELOC_ENTRY_INDIRECTION) {
			ptr = (const uint64_t *)at(addr, ps);
			if (!ptr) {
				return -1;
			}
		} else if (entry & KRELOC_ENTRY_DESTINATION) {
			dest = addr;
		}
		if (!ptr) {
			abort();
		}
		entry = *ptr++;
	}
	return 0;
}
