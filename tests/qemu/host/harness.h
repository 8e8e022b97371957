/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
#ifndef HARNESS_H
#define HARNESS_H

#include <kreloc/kreloc.h>
#include "baremetal/libc.h"

void harness_mmu_on(const struct kreloc_idmap *map);
void harness_set_e2h(void);
void harness_dirty_sctlr(void);
__attribute__((noreturn))
void harness_enter_guarded(const struct kreloc_idmap *map, uint64_t stub_pa,
			   uint64_t args_pa);

/* Time the baseline copy loops over the image's pages, print the counts. */
void harness_bench(const uint64_t *src_of, const uint64_t *kind_of,
		   uint64_t npages, uint64_t dest, uint64_t page);

#endif /* HARNESS_H */
