// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#include <kreloc/kreloc.h>

static const char *const kreloc_errors[KRELOC_E_NR] = {
	[KRELOC_OK] = "KRELOC_OK: success",
	[KRELOC_E_INVAL] = "KRELOC_E_INVAL: NULL pointer or unknown option",
	[KRELOC_E_PAGE_SIZE] = "KRELOC_E_PAGE_SIZE: page size is not 4K, 16K or 64K",
	[KRELOC_E_ALIGN] = "KRELOC_E_ALIGN: address or length not page aligned",
	[KRELOC_E_WRAP] = "KRELOC_E_WRAP: address + length wraps or passes 2^48",
	[KRELOC_E_NOMEM] = "KRELOC_E_NOMEM: the allocator returned no page",
	[KRELOC_E_ALLOC_ALIGN] = "KRELOC_E_ALLOC_ALIGN: the allocator returned a misaligned page",
	[KRELOC_E_TT_PAGES] = "KRELOC_E_TT_PAGES: identity map needs more table pages than KRELOC_IDMAP_MAX_PAGES",
	[KRELOC_E_TT_FORMAT] = "KRELOC_E_TT_FORMAT: table format is not KRELOC_TT_EL1 or KRELOC_TT_EL2",
	[KRELOC_E_LIST_DONE] = "KRELOC_E_LIST_DONE: list already finished",
	[KRELOC_E_STUB_PAGE] = "KRELOC_E_STUB_PAGE: stub page not a 4 KiB aligned page holding the blob",
};

const char *kreloc_strerror(int err)
{
	if (err < 0 || err >= KRELOC_E_NR || !kreloc_errors[err]) {
		return "unknown kreloc error";
	}
	return kreloc_errors[err];
}
