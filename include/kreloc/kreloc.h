/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * kreloc host API: build what the stub needs in safe pages, then enter it.
 *
 * A host's steps, in order:
 *
 *   kreloc_list_init(), kreloc_list_add() per segment, kreloc_list_finish()
 *   kreloc_idmap_build()        optional: without it the stub copies MMU off
 *   kreloc_install()            blob + argument block, cleaned to PoC
 *   kreloc_enter()              the point of no return
 *
 * Every function is freestanding: no allocation (pages come from the
 * caller's allocator), no globals, no libc beyond memcpy/memset.
 * Physical addresses are kreloc_pa_t; pointers are host (virtual) addresses.
 * Functions return 0 or a KRELOC_E_* code; kreloc_strerror() names it.
 */
#ifndef KRELOC_KRELOC_H
#define KRELOC_KRELOC_H

#include <stddef.h>
#include <stdint.h>
#include <kreloc/abi.h>

typedef uint64_t kreloc_pa_t;

enum kreloc_error {
	KRELOC_OK = 0,
	KRELOC_E_INVAL,		/* a NULL pointer or an unknown option */
	KRELOC_E_PAGE_SIZE,	/* page or granule size not 4K, 16K or 64K */
	KRELOC_E_ALIGN,		/* address or length not page aligned */
	KRELOC_E_WRAP,		/* address + length wraps or passes 2^48 */
	KRELOC_E_NOMEM,		/* the caller's allocator returned no page */
	KRELOC_E_ALLOC_ALIGN,	/* ... or one not aligned to its size */
	KRELOC_E_TT_PAGES,	/* the map needs over KRELOC_IDMAP_MAX_PAGES */
	KRELOC_E_TT_FORMAT,	/* not KRELOC_TT_EL1 or KRELOC_TT_EL2 */
	KRELOC_E_LIST_DONE,	/* kreloc_list_add() after kreloc_list_finish() */
	KRELOC_E_STUB_PAGE,	/* stub page under 4 KiB or misaligned */
	KRELOC_E_NR
};

/* "KRELOC_E_ALIGN: address or length not page aligned" style text. */
const char *kreloc_strerror(int err);

/* A block of safe memory: never a destination, never read by a copy. */
struct kreloc_page {
	kreloc_pa_t pa;
	void *va;		/* where the host writes it */
};

/*
 * The caller's allocator: one block of `size` bytes (a power of two,
 * 4 KiB to 64 KiB), aligned to `size`, zeroed or not. Returns 0, or
 * nonzero when it has none left.
 */
struct kreloc_allocator {
	int (*alloc)(void *ctx, uint64_t size, struct kreloc_page *out);
	void *ctx;
};

/* --- the copy list ---------------------------------------------------- */

/* len bytes at physical src go to physical dest; both page aligned. */
struct kreloc_segment {
	kreloc_pa_t dest;
	kreloc_pa_t src;
	uint64_t len;		/* rounded up to whole pages */
};

/* A Linux-format kexec entry list under construction. */
struct kreloc_list {
	uint64_t head;		/* for kreloc_args.list_head */
	uint64_t page_size;
	size_t nr_pages;	/* list pages taken from the allocator */
	/* private */
	const struct kreloc_allocator *alloc;
	uint64_t *slot;		/* next free slot of the current page */
	uint64_t *last;		/* its last slot, kept for INDIRECTION */
	uint64_t *page;		/* start of the current page */
	kreloc_pa_t dest;	/* where the next SOURCE lands */
	int finished;
};

/*
 * Start an empty list of pages of page_size (4096, 16384 or 65536).
 * Errors: KRELOC_E_INVAL, KRELOC_E_PAGE_SIZE.
 */
int kreloc_list_init(struct kreloc_list *list, uint64_t page_size,
		     const struct kreloc_allocator *alloc);

/*
 * Append the pages of one segment. Consecutive segments whose
 * destinations follow each other share one DESTINATION entry, so a
 * scattered source costs one entry per page.
 * Errors: KRELOC_E_INVAL, KRELOC_E_LIST_DONE, KRELOC_E_ALIGN, KRELOC_E_WRAP,
 * KRELOC_E_NOMEM, KRELOC_E_ALLOC_ALIGN.
 */
int kreloc_list_add(struct kreloc_list *list,
		    const struct kreloc_segment *seg);

/*
 * Terminate the list and clean its pages to the Point of Coherency.
 * A list with no segment has head = DONE: the stub jumps at once.
 * Errors: KRELOC_E_INVAL, KRELOC_E_LIST_DONE.
 */
int kreloc_list_finish(struct kreloc_list *list);

/* --- the identity map -------------------------------------------------- */

struct kreloc_range {
	kreloc_pa_t base;
	uint64_t size;
};

#define KRELOC_IDMAP_MAX_PAGES	32

/* Tables the stub runs its copy through: every RAM byte mapped to itself. */
struct kreloc_idmap {
	kreloc_pa_t root;	/* for kreloc_args.tt_root */
	uint64_t t0sz;
	uint64_t granule;
	uint64_t format;	/* KRELOC_TT_EL1 or KRELOC_TT_EL2 */
	size_t nr_pages;
	struct kreloc_page pages[KRELOC_IDMAP_MAX_PAGES];
};

/*
 * Map each RAM range to itself as Normal write-back memory, with the 4K
 * granule (1 GiB and 2 MiB blocks where alignment allows, pages
 * elsewhere), in the descriptor format of the regime the stub will run
 * in (kreloc_current_tt_format() when that is the caller's own).
 * The tables are cleaned to the Point of Coherency.
 * Give only memory the CPU may touch speculatively: leave out no-map and
 * firmware-protected carve-outs, or a prefetch may raise an SError. At EL3
 * the map addresses the Secure PA space (NS = 0), as the MMU-off accesses
 * do; sources written through Non-secure mappings must be cleaned first.
 * Errors: KRELOC_E_INVAL, KRELOC_E_TT_FORMAT, KRELOC_E_ALIGN (ranges are
 * 4 KiB aligned), KRELOC_E_WRAP, KRELOC_E_NOMEM, KRELOC_E_ALLOC_ALIGN,
 * KRELOC_E_TT_PAGES.
 */
int kreloc_idmap_build(struct kreloc_idmap *map,
		       const struct kreloc_range *ram, size_t nr_ram,
		       uint64_t format, const struct kreloc_allocator *alloc);

/* The KRELOC_TT_* format of the regime the caller runs in. */
uint64_t kreloc_current_tt_format(void);

/* --- install and enter -------------------------------------------------- */

/* What the new kernel gets, and what happens if the stub must stop. */
struct kreloc_boot {
	kreloc_pa_t entry;	/* first instruction of the new kernel */
	uint64_t x[4];		/* its x0..x3 (Linux: DTB PA, 0, 0, 0) */
	kreloc_pa_t fail_addr;	/* entered with x0 = status on failure; 0 parks */
	kreloc_pa_t status_pa;	/* where the stub reports; 0: in args_page */
};

/* The stub blob, from kreloc-stub-blob.o. */
extern const unsigned char kreloc_blob_start[], kreloc_blob_end[];

/*
 * Copy the blob into stub_page (4 KiB, 4 KiB aligned), write the argument
 * block into args_page, clean both to the Point of Coherency and
 * invalidate the I-cache. map may be NULL: the stub then copies with the
 * MMU off, reading the sources from memory, so the caller must have
 * cleaned them to PoC (kreloc_clean_to_poc()).
 * Errors: KRELOC_E_INVAL, KRELOC_E_STUB_PAGE, KRELOC_E_ALIGN (entry or
 * fail_addr not 4-byte aligned, args page or status_pa not 16-byte aligned).
 */
int kreloc_install(const struct kreloc_page *stub_page,
		   const struct kreloc_page *args_page,
		   const struct kreloc_list *list,
		   const struct kreloc_idmap *map,
		   const struct kreloc_boot *boot);

/*
 * Branch to the installed stub. Interrupts and other CPUs are the
 * caller's business; with the MMU on, the stub page must be identity
 * mapped. Call it on the CPU that ran kreloc_install(): the I-cache
 * invalidation there was local to that CPU. Does not return.
 */
__attribute__((noreturn))
void kreloc_enter(kreloc_pa_t stub_pa, kreloc_pa_t args_pa);

/* Clean and invalidate [va, va + len) to the Point of Coherency. */
void kreloc_clean_to_poc(const void *va, size_t len);

#endif /* KRELOC_KRELOC_H */
