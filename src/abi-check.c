// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The stub reads the argument block through generated offsets. Check them
 * here again, with whichever compiler builds the host code: a host whose
 * layout differs from the stub's fails to build instead of booting wrong.
 */
#include <generated/kreloc-asm-offsets.h>
#include "abi-offsets.h"

#define KRELOC_CHECK(name, value) \
	_Static_assert(KRELOC_OFF_##name == (value), "stale KRELOC_OFF_" #name);

KRELOC_ABI_OFFSETS(KRELOC_CHECK)

_Static_assert(sizeof(struct kreloc_args) % 8 == 0, "u64 fields only");
_Static_assert(sizeof(struct kreloc_status) % 8 == 0, "u64 fields only");
_Static_assert(offsetof(struct kreloc_args, status) % 16 == 0,
	       "the stub stores the record with stp");

/* The stub loads these pairs with one ldp each. */
#define KRELOC_PAIR(a, b)						\
	_Static_assert(offsetof(struct kreloc_args, b) ==		\
		       offsetof(struct kreloc_args, a) + 8,		\
		       "the stub reads " #a " and " #b " with one ldp");
KRELOC_PAIR(fail_addr, status_pa)
KRELOC_PAIR(list_head, list_page_size)
KRELOC_PAIR(tt_root, tt_t0sz)
KRELOC_PAIR(tt_granule, tt_format)
KRELOC_PAIR(uart_pa, uart_type)
