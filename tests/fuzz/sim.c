// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/* The stub's list walk, in C, over the fake physical memory. */
#include <stdlib.h>
#include <string.h>
#include "../unit/fake.h"
#include "sim.h"

static unsigned char *at(kreloc_pa_t pa, uint64_t len)
{
	unsigned char *p = fake_va(pa);

	if (!p || !fake_va(pa + len - 1)) {
		abort();	/* the validator let the stub stray */
	}
	return p;
}

void sim_stub(const struct kreloc_args *a)
{
	uint64_t ps = a->list_page_size, entry = a->list_head;
	const uint64_t *ptr = NULL;
	kreloc_pa_t dest = 0;

	while (!(entry & KRELOC_ENTRY_DONE)) {
		kreloc_pa_t addr = entry & ~(ps - 1);

		if (entry & KRELOC_ENTRY_PAGE_OPS) {
			if (!dest) {
				abort();	/* the stub would stop here */
			}
			if (entry & KRELOC_ENTRY_SOURCE) {
				memmove(at(dest, ps), at(addr, ps), ps);
			} else if (entry & KRELOC_ENTRY_ZERO) {
				memset(at(dest, ps), 0, ps);
			}
			dest += ps;
		} else if (entry & KRELOC_ENTRY_INDIRECTION) {
			ptr = (const uint64_t *)at(addr, ps);
		} else if (entry & KRELOC_ENTRY_DESTINATION) {
			dest = addr;
		}
		if (!ptr) {
			abort();
		}
		entry = *ptr++;
	}
}
