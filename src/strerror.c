// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#include <kreloc/kreloc.h>

#define E(code, text) [code] = #code ": " text

static const char *const kreloc_errors[KRELOC_E_NR] = {
	E(KRELOC_OK, "success"),
	E(KRELOC_E_INVAL, "NULL pointer, missing host service or unknown option"),
	E(KRELOC_E_PAGE_SIZE, "page or granule size is not 4K, 16K or 64K"),
	E(KRELOC_E_ALIGN, "address or size not aligned as required"),
	E(KRELOC_E_WRAP, "address + size wraps around"),
	E(KRELOC_E_PA_RANGE, "address beyond the CPU's physical address range"),
	E(KRELOC_E_GRANULE, "the CPU does not support that translation granule"),
	E(KRELOC_E_NOMEM, "the allocator returned no page"),
	E(KRELOC_E_ALLOC_ALIGN, "the allocator returned a misaligned page"),
	E(KRELOC_E_TT_PAGES, "identity map needs more than KRELOC_IDMAP_MAX_PAGES tables"),
	E(KRELOC_E_TT_FORMAT, "table format is not KRELOC_TT_EL1 or KRELOC_TT_EL2"),
	E(KRELOC_E_RANGE_OVERLAP, "a device range overlaps RAM, or a code range is not inside it"),
	E(KRELOC_E_LIST_DONE, "list already finished"),
	E(KRELOC_E_TOO_MANY_BOUNCE, "more than KRELOC_MAX_BOUNCE segments end in a partial page"),
	E(KRELOC_E_STUB_PAGE, "stub region not 4 KiB aligned, or blob over KRELOC_BLOB_SIZE"),
	E(KRELOC_E_DEST_OVERLAP, "two destinations overlap"),
	E(KRELOC_E_CONTROL_IN_DEST, "a control page (stub, args, status, list, bounce, table, park area) lies in a destination"),
	E(KRELOC_E_SRC_CLOBBERED, "a source page is overwritten by an earlier copy before it is read"),
	E(KRELOC_E_CONTROL_IN_SRC, "a control page (stub, args, status, table, list, bounce, park area) is also a source page"),
	E(KRELOC_E_CONTROL_OVERLAP, "two control pages (stub, args, status, table, list, bounce, park area) share bytes"),
	E(KRELOC_E_NOT_MAPPED, "address used with the MMU on is outside the identity map's RAM"),
	E(KRELOC_E_ENTRY, "entry point outside every destination"),
	E(KRELOC_E_DTB_ALIGN, "DTB not 8-byte aligned"),
	E(KRELOC_E_DTB_SIZE, "DTB over 2 MiB, empty, or past the end of its destination"),
	E(KRELOC_E_LIST_LOOP, "the list's INDIRECTION entries form a loop"),
	E(KRELOC_E_LIST_END, "a list page runs out without DONE or INDIRECTION"),
	E(KRELOC_E_LIST_ENTRY, "a list entry the stub would refuse: bad head, a page before any DESTINATION, two flags at once"),
	E(KRELOC_E_TOO_MANY_RUNS, "destinations in more than KRELOC_MAX_RUNS separate ranges"),
	E(KRELOC_E_STUB_NOT_EXEC, "the identity map does not make the stub's region executable (kreloc_idmap_spec.code)"),
	E(KRELOC_E_DTB_REGION, "the DTB's 2 MiB-aligned region is not all RAM of the identity map (Linux maps it cacheable)"),
	E(KRELOC_E_T0SZ, "identity map's T0SZ outside 16..39"),
	E(KRELOC_E_LIST_PAGES, "the list does not reach every page its builder wrote: spoiled by an allocator error, or altered"),
	E(KRELOC_E_IMAGE_MAGIC, "not an arm64 Image: no 0x644d5241 magic"),
	E(KRELOC_E_IMAGE_ENDIAN, "big-endian kernel Image"),
	E(KRELOC_E_IMAGE_PAGE, "kernel page size not supported by this CPU"),
	E(KRELOC_E_IMAGE_SIZE, "Image image_size smaller than the file or implausible"),
	E(KRELOC_E_IMAGE_PLACE, "Image not at a 2 MiB-aligned base + text_offset"),
	E(KRELOC_E_DTB_MAGIC, "not a flattened device tree: no 0xd00dfeed magic"),
	E(KRELOC_E_DTB_HEADER, "DTB totalsize below its header or beyond the buffer"),
	E(KRELOC_E_UART, "the UART's page is not Device memory of the identity map, or lies in a destination or control block"),
	E(KRELOC_E_PARK, "park area not set up by kreloc_park_init(), or nr_cpus outside 1..KRELOC_PARK_MAX_CPUS"),
	E(KRELOC_E_DIGEST, "digests: a page no DIGEST covers, DIGEST words past their list page, bad page checks, or VERIFY without FPSIMD"),
	E(KRELOC_E_SRC_SHARED, "two segments given to kreloc_list_plan() copy from the same source bytes"),
};

const char *kreloc_strerror(int err)
{
	if (err < 0 || err >= KRELOC_E_NR || !kreloc_errors[err]) {
		return "unknown kreloc error";
	}
	return kreloc_errors[err];
}
