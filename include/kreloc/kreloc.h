/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * kreloc host API: build what the stub needs in safe pages, check the
 * whole plan, then enter the stub.
 *
 * A host's steps, in order:
 *
 *   kreloc_cpu_read()             what this CPU supports
 *   kreloc_image_check(), kreloc_dtb_check()   optional header checks
 *   kreloc_list_init(), kreloc_list_add() per segment (or
 *                                 kreloc_list_plan() for all of them, when
 *                                 sources overlap destinations;
 *                                 kreloc_list_plan_verified() for
 *                                 KRELOC_F_VERIFY),
 *                                 kreloc_list_finish()
 *                                 (or kreloc_list_adopt() a ready-made list)
 *   kreloc_idmap_pages(), kreloc_idmap_build()
 *                                 optional: without it the stub copies MMU off
 *   kreloc_park_init()            optional: slots for secondary CPUs
 *   kreloc_install()              validates everything, then writes the blob
 *                                 and the argument block; nothing is written
 *                                 to either if a rule is broken
 *   secondaries to kreloc_park_entry(), kreloc_park_status() until parked
 *   kreloc_enter()                the point of no return
 *
 * Every function is freestanding: no allocation (pages come from the
 * caller), no globals, no libc beyond memcpy/memset. Physical addresses
 * are kreloc_pa_t; pointers are host (virtual) addresses. Functions return
 * 0 or a KRELOC_E_* code; kreloc_strerror() names it, and where a function
 * takes a struct kreloc_error the offending addresses are in it.
 */
#ifndef KRELOC_KRELOC_H
#define KRELOC_KRELOC_H

#include <stddef.h>
#include <stdint.h>
#include <kreloc/abi.h>
#include <kreloc/version.h>

typedef uint64_t kreloc_pa_t;

enum kreloc_error_code {
	KRELOC_OK = 0,
	/* arguments */
	KRELOC_E_INVAL,		/* a NULL pointer or an unknown option */
	KRELOC_E_PAGE_SIZE,	/* page or granule size not 4K, 16K or 64K */
	KRELOC_E_ALIGN,		/* address or size not aligned as required */
	KRELOC_E_WRAP,		/* address + size wraps around */
	KRELOC_E_PA_RANGE,	/* address beyond the CPU's physical range */
	KRELOC_E_GRANULE,	/* the CPU does not support that granule */
	KRELOC_E_NOMEM,		/* the caller's allocator returned no page */
	KRELOC_E_ALLOC_ALIGN,	/* ... or one not aligned to its size */
	KRELOC_E_TT_PAGES,	/* the map needs over KRELOC_IDMAP_MAX_PAGES */
	KRELOC_E_TT_FORMAT,	/* not KRELOC_TT_EL1 or KRELOC_TT_EL2 */
	KRELOC_E_RANGE_OVERLAP,	/* a device range overlaps RAM, or code
				   lies outside it */
	KRELOC_E_LIST_DONE,	/* kreloc_list_add() after kreloc_list_finish() */
	KRELOC_E_TOO_MANY_BOUNCE, /* over KRELOC_MAX_BOUNCE partial pages */
	KRELOC_E_STUB_PAGE,	/* stub region not KRELOC_BLOB_ALIGN aligned */
	/* the plan: kreloc_install() checks each before writing anything */
	KRELOC_E_DEST_OVERLAP,	/* two destinations overlap */
	KRELOC_E_CONTROL_IN_DEST, /* a control page lies in a destination */
	KRELOC_E_SRC_CLOBBERED,	/* a source is overwritten before it is read */
	KRELOC_E_CONTROL_IN_SRC, /* a control page is also a source page */
	KRELOC_E_CONTROL_OVERLAP, /* two control pages share bytes */
	KRELOC_E_NOT_MAPPED,	/* an address the stub touches with the MMU
				   on is outside the identity map's RAM */
	KRELOC_E_ENTRY,		/* entry point outside every destination */
	KRELOC_E_DTB_ALIGN,	/* DTB not 8-byte aligned */
	KRELOC_E_DTB_SIZE,	/* DTB over 2 MiB, or past its destination */
	KRELOC_E_LIST_LOOP,	/* the list's INDIRECTIONs form a loop */
	KRELOC_E_LIST_END,	/* a list page runs out without DONE */
	KRELOC_E_LIST_ENTRY,	/* bad head, page op before DESTINATION, two flags */
	KRELOC_E_TOO_MANY_RUNS,	/* destinations in over KRELOC_MAX_RUNS pieces */
	KRELOC_E_LIST_PAGES,	/* a page the list builder wrote is not in the
				   plan: the list was spoiled or altered */
	KRELOC_E_T0SZ,		/* map's T0SZ outside KRELOC_T0SZ_MIN..MAX */
	KRELOC_E_DTB_REGION,	/* DTB's 2 MiB region not all RAM of the map */
	KRELOC_E_STUB_NOT_EXEC,	/* the map does not let the stub run: code */
	/* headers */
	KRELOC_E_IMAGE_MAGIC,	/* not an arm64 Image (magic 0x644d5241) */
	KRELOC_E_IMAGE_ENDIAN,	/* big-endian kernel */
	KRELOC_E_IMAGE_PAGE,	/* kernel page size the CPU does not support */
	KRELOC_E_IMAGE_SIZE,	/* image_size smaller than the file, or huge */
	KRELOC_E_IMAGE_PLACE,	/* not at a 2 MiB-aligned base + text_offset */
	KRELOC_E_DTB_MAGIC,	/* not a flattened device tree (0xd00dfeed) */
	KRELOC_E_DTB_HEADER,	/* totalsize below the header or over the buffer */
	/* the plan again (appended, so the codes above keep their numbers) */
	KRELOC_E_UART,		/* the UART is not Device memory of the map,
				   or lies in a destination or control block */
	/* parking secondary CPUs */
	KRELOC_E_PARK,		/* park area not set up by kreloc_park_init(),
				   or nr_cpus outside 1..KRELOC_PARK_MAX_CPUS */
	/* integrity (KRELOC_F_VERIFY) */
	KRELOC_E_DIGEST,	/* VERIFY: a page op no DIGEST covers, DIGEST
				   words past their list page, page checks
				   not a chain of control pages; or VERIFY
				   without FPSIMD */
	/* overlapping plans */
	KRELOC_E_SRC_SHARED,	/* kreloc_list_plan(): two segments copy from
				   the same source bytes */
	KRELOC_E_NR
};

/* The error's name and meaning, e.g. "KRELOC_E_ALIGN: ...". */
const char *kreloc_strerror(int err);

/* Where a check failed: the rule and the addresses that broke it. */
struct kreloc_error {
	int code;		/* KRELOC_E_* */
	kreloc_pa_t addr;	/* the offending address */
	kreloc_pa_t other;	/* what it collides with, if anything */
	uint64_t size;
};

/* --- what the host provides -------------------------------------------- */

/* A block of safe memory: never a destination, never read by a copy. */
struct kreloc_page {
	kreloc_pa_t pa;
	void *va;		/* where the host writes it */
};

/*
 * The caller's services. alloc: one block of `size` bytes (a power of two,
 * 4 KiB to 64 KiB) aligned to `size`, from memory that no destination
 * covers and that holds no source data (in-place segments included: their
 * data is their source); never the same block twice; 0 on success.
 * kreloc writes every block it takes at once (list, bounce and table
 * pages), long before the stub runs, so a block that breaks this rule
 * changes the image: kreloc_install() checks each of them as a control
 * page and refuses such a plan (see there for what it can check).
 * phys_to_virt: a pointer through which the host can read and write
 * physical address pa (for bounce pages and adopted lists).
 */
struct kreloc_host {
	int (*alloc)(void *ctx, uint64_t size, struct kreloc_page *out);
	void *(*phys_to_virt)(void *ctx, kreloc_pa_t pa);
	void *ctx;
};

/* The CPU facts the plan depends on. */
struct kreloc_cpu {
	uint64_t mmfr0;		/* ID_AA64MMFR0_EL1: PA range, granules */
	uint64_t ctr;		/* CTR_EL0: D-cache line */
	uint64_t tt_format;	/* KRELOC_TT_* of the regime the stub runs in */
};

/* Fill *cpu from the running CPU (AArch64 hosts). */
void kreloc_cpu_read(struct kreloc_cpu *cpu);

/* Bits of physical address the CPU implements (32 to 48). */
unsigned kreloc_cpu_pa_bits(const struct kreloc_cpu *cpu);

/* Nonzero if the CPU supports translation granule `size`. */
int kreloc_cpu_has_granule(const struct kreloc_cpu *cpu, uint64_t size);

/* --- the copy list ------------------------------------------------------- */

/*
 * memsz bytes at physical dest: the first bufsz come from physical src,
 * the rest are zero. dest and src are page aligned; a partial last page of
 * data goes through a bounce page, the zero tail through ZERO entries;
 * where src == dest the pages stay in place and are only cleaned.
 */
struct kreloc_segment {
	kreloc_pa_t dest;
	kreloc_pa_t src;
	uint64_t bufsz;
	uint64_t memsz;
};

/* Most segments with a partial last page (one bounce page each) a list
 * can hold. */
#define KRELOC_MAX_BOUNCE	64

/* A kexec entry list (Linux's format, plus ZERO and CLEAN entries). */
struct kreloc_list {
	uint64_t head;		/* for kreloc_args.list_head */
	uint64_t page_size;
	size_t nr_pages;	/* list pages taken from the allocator */
	size_t nr_bounce;	/* bounce pages taken from the allocator */
	kreloc_pa_t bounce[KRELOC_MAX_BOUNCE];	/* ... and where they are */
	size_t nr_segments;	/* segments added: the next one's number */
	size_t nr_check_pages;	/* page-check blocks taken (DIGEST word 4) */
	size_t nr_cycle_bounce;	/* kreloc_list_plan(): 0, or 1 if a cycle
				   of pages needed the stub-time bounce */
	kreloc_pa_t cycle_bounce;	/* ... and where it is */
	size_t nr_plan_copies;	/* kreloc_list_plan(): SOURCE entries it
				   emitted, bounce copies included */
	/*
	 * Optional, the caller's to set after kreloc_list_init(): memory
	 * kreloc_install() may use while it checks this list, a bit per
	 * page. Only a list whose written pages come apart into more than
	 * KRELOC_MAX_RUNS pieces on the way needs it (see there); without
	 * it, such a list costs a pass over the list per 8192 pages of
	 * destinations (1 KiB of bits on the stack), with it a pass per
	 * check_bits_size * 8 pages: span / page_size / 8 bytes make it
	 * one (32 KiB for 1 GiB of 4 KiB pages); 1 KiB or less is not used.
	 * Its contents on entry do not matter; nothing is kept in it after
	 * kreloc_install(). It is written while the list is read, so it
	 * must hold nothing the plan reads: a list page, a check block, a
	 * source, a page in place, a bounce, table or park page
	 * (KRELOC_E_INVAL, err->addr that page, before anything is
	 * written; compared through phys_to_virt).
	 */
	uint64_t *check_bits;
	size_t check_bits_size;	/* in bytes */
	/* private */
	const struct kreloc_host *host;
	uint64_t *slot;		/* next free slot of the current page */
	uint64_t *last;		/* its last slot, kept for INDIRECTION */
	uint64_t *page;		/* start of the current page */
	kreloc_pa_t dest;	/* where the next page op lands */
	uint64_t undigested;	/* page ops since the last DIGEST */
	int finished;
	int spoiled;		/* the allocator error that spoiled it, or 0 */
	int adopted;		/* kreloc_list_adopt(): pages of someone else's */
};

/*
 * Start an empty list of pages of page_size (4096, 16384 or 65536).
 * Errors: KRELOC_E_INVAL, KRELOC_E_PAGE_SIZE.
 */
int kreloc_list_init(struct kreloc_list *list, uint64_t page_size,
		     const struct kreloc_host *host);

/*
 * Append one segment. Segments whose destinations follow each other share
 * one DESTINATION entry, so scattered sources cost one entry per page.
 *
 * The rule: every page the list takes from the allocator and writes stays
 * part of the plan, so kreloc_install() checks it: list pages are reached
 * through INDIRECTION entries, bounce pages through their SOURCE entry and
 * bounce[]. Nothing is taken or written for a segment that is refused:
 * KRELOC_E_INVAL (memsz < bufsz; a bounce page is needed and there is no
 * phys_to_virt, or it has no pointer for the partial page's source),
 * KRELOC_E_LIST_DONE, KRELOC_E_ALIGN, KRELOC_E_WRAP and
 * KRELOC_E_TOO_MANY_BOUNCE leave the list exactly as it was. An allocator
 * error midway, KRELOC_E_NOMEM or KRELOC_E_ALLOC_ALIGN, comes after pages
 * of this segment were written; a list without them would hide those
 * writes from the checks, so the list is spoiled instead: every later
 * kreloc_list_add() and kreloc_list_finish() returns the same error and
 * kreloc_install() refuses it (KRELOC_E_LIST_PAGES). Start again with a
 * new list; the pages taken are the caller's to reuse.
 */
int kreloc_list_add(struct kreloc_list *list,
		    const struct kreloc_segment *seg);

/* Most segments kreloc_list_plan() takes at once. */
#define KRELOC_PLAN_MAX_SEGS	16

/*
 * Append nr segments whose sources may overlap any destination, theirs
 * or another's (a kernel loaded where it must run, shifted by some pages;
 * segments trading places), in an order in which the stub reads every
 * source page before anything overwrites it. All segments at once: the
 * order is global (a page of one segment may have to move between two
 * pages of another), which kreloc_list_add(), one segment at a time,
 * cannot see.
 *
 * The order: chains of pages first, each from the page nothing reads back
 * to the page nothing writes, a stretch of pages that moves together as
 * one run (a shift up by k pages goes down k pages at a time, a shift down
 * up); then the cycles of pages (segments that trade places), each
 * broken with the stub-time bounce page: its first page copied there, the
 * rest moved along, the bounce page copied into the last. One bounce page
 * for the whole plan, from the allocator, only if there is a cycle (a
 * control page, like every page kreloc takes: kreloc_install() checks it
 * is in no destination and no source, and that the stub reads each value
 * written to it exactly once). Last, the pages that read nothing while
 * the stub runs: zero tails, partial last pages (bounced at plan time, as
 * kreloc_list_add() does) and pages already in place (CLEAN).
 *
 * Cost: a run of pages costs one DESTINATION entry, so a shift by k pages
 * costs one extra entry per k pages (a shift by one page: two entries a
 * page, twice the list pages of a disjoint copy); a cycle of L pages
 * costs L + 1 copies and up to 2 (L + 1) entries. No memory beyond the
 * list and bounce pages: the planner follows chains and cycles through
 * the segments (a binary search per page), and finds each cycle once by
 * its lowest page (walking both ways around it: O(n log n) steps for n
 * pages in cycles).
 *
 * Errors: those of kreloc_list_add() (checked for every segment before
 * anything is taken or written), KRELOC_E_INVAL (nr over
 * KRELOC_PLAN_MAX_SEGS), KRELOC_E_DEST_OVERLAP (two destinations
 * overlap), KRELOC_E_SRC_SHARED (two copied segments' sources overlap);
 * later, a spoiled list's KRELOC_E_NOMEM or KRELOC_E_ALLOC_ALIGN, or
 * KRELOC_E_CONTROL_IN_DEST / KRELOC_E_CONTROL_IN_SRC when the allocator
 * handed out a bounce page in a segment's destination or source (the
 * list is spoiled: start again).
 */
int kreloc_list_plan(struct kreloc_list *list,
		     const struct kreloc_segment *segs, size_t nr);

/*
 * kreloc_list_plan(), then one DIGEST entry for all of its page ops (for
 * KRELOC_F_VERIFY; see kreloc_list_add_verified() for the rules it
 * shares: it must follow a verified segment or the list's start, and it
 * needs phys_to_virt for every source page). The stub's verify pass
 * hashes page ops in list order, each source as it is before anything
 * is copied, so the digest is computed here, after the plan is written,
 * over the same: the plan's order, not the destinations'. Every source
 * page is read once that way (the planner reads each before it is
 * overwritten), and a cycle's copy out of the bounce page hashes the
 * zeroes the planner left there. The DIGEST is numbered with the first
 * planned segment's number; on a mismatch the stub names the page op's
 * destination (for a cycle's first page, the bounce page).
 * Errors: those of kreloc_list_plan(), KRELOC_E_DIGEST, KRELOC_E_INVAL
 * (no phys_to_virt, or no pointer for a source page), before anything is
 * written; later, the allocator's, which spoil the list.
 */
int kreloc_list_plan_verified(struct kreloc_list *list,
			      const struct kreloc_segment *segs, size_t nr);

/*
 * kreloc_list_add(), then a DIGEST entry for the segment (<kreloc/abi.h>):
 * its SHA-256 over the memsz bytes the destination will hold (bufsz of
 * data, then zeroes), and its page checks, in blocks taken from the
 * allocator like list pages. digest: the caller's SHA-256 of those bytes
 * if it has one, NULL to compute it here; the page checks are always
 * computed here, reading every source page through phys_to_virt. With
 * KRELOC_F_VERIFY the stub checks it all before it writes a destination.
 *
 * The DIGEST entry names the segment by its number, list->nr_segments
 * before the call: every segment added so far counts, plain or verified,
 * from 0. It covers the page ops since the previous DIGEST, so it must
 * follow a verified segment or the list's start: after a plain segment
 * with pages, KRELOC_E_DIGEST (its pages would be hashed as this one's).
 * Plain segments after the last verified one are fine without
 * KRELOC_F_VERIFY; with it kreloc_install() refuses them.
 *
 * The digest is computed before anything is written, the checks after
 * the page ops; the DIGEST entry and its KRELOC_DIGEST_WORDS words go in
 * one list page (a new one if they do not fit before the last slot).
 * Errors: those of kreloc_list_add(), KRELOC_E_DIGEST (above), and
 * KRELOC_E_INVAL without phys_to_virt or when it has no pointer for a
 * source page; all of them leave the list as it was, except the
 * allocator's, which spoil it as they do in kreloc_list_add().
 */
int kreloc_list_add_verified(struct kreloc_list *list,
			     const struct kreloc_segment *seg,
			     const uint8_t *digest);

/* SHA-256 (FIPS 180-4), as the stub computes it for KRELOC_F_VERIFY. */
#define KRELOC_SHA256_SIZE	32
struct kreloc_sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];	/* a partial block */
};
void kreloc_sha256_init(struct kreloc_sha256 *ctx);
void kreloc_sha256_update(struct kreloc_sha256 *ctx, const void *data,
			  size_t len);
void kreloc_sha256_final(struct kreloc_sha256 *ctx,
			 uint8_t out[KRELOC_SHA256_SIZE]);
void kreloc_sha256(const void *data, size_t len,
		   uint8_t out[KRELOC_SHA256_SIZE]);

/*
 * Terminate the list and clean its pages to the Point of Coherency.
 * A list with no segment has head = DONE: the stub jumps at once.
 * Errors: KRELOC_E_INVAL, KRELOC_E_LIST_DONE, and a spoiled list's
 * KRELOC_E_NOMEM or KRELOC_E_ALLOC_ALIGN.
 */
int kreloc_list_finish(struct kreloc_list *list);

/*
 * Take a list someone else built (e.g. a kernel's kimage): head is its
 * first entry, its pages are page_size. Nothing is written; kreloc_install()
 * walks and checks it. Errors: KRELOC_E_INVAL, KRELOC_E_PAGE_SIZE.
 */
int kreloc_list_adopt(struct kreloc_list *list, uint64_t head,
		      uint64_t page_size, const struct kreloc_host *host);

/* --- the identity map ----------------------------------------------------- */

struct kreloc_range {
	kreloc_pa_t base;
	uint64_t size;
};

#define KRELOC_IDMAP_MAX_PAGES	64

/* What to map. ranges may be unsorted, adjacent or overlapping. */
struct kreloc_idmap_spec {
	const struct kreloc_range *ram;		/* Normal write-back */
	size_t nr_ram;
	const struct kreloc_range *device;	/* Device-nGnRnE, never executed */
	size_t nr_device;
	uint64_t granule;	/* 4096, 16384, 65536; 0: the CPU's choice */
	/*
	 * Inside RAM: what the stub's EL may execute, i.e. the stub's
	 * KRELOC_BLOB_SIZE region. All other RAM is execute-never, so the
	 * CPU never fetches from a destination; kreloc_install() refuses a
	 * map that cannot run the stub (KRELOC_E_STUB_NOT_EXEC).
	 */
	const struct kreloc_range *code;
	size_t nr_code;
};

/* Tables the stub runs its copy through: every RAM byte mapped to itself. */
struct kreloc_idmap {
	kreloc_pa_t root;	/* for kreloc_args.tt_root */
	uint64_t t0sz;
	uint64_t granule;
	uint64_t format;	/* KRELOC_TT_EL1 or KRELOC_TT_EL2 */
	unsigned start_level;
	size_t nr_pages;
	struct kreloc_page pages[KRELOC_IDMAP_MAX_PAGES];
};

/*
 * How many table pages kreloc_idmap_build() will take for spec on cpu,
 * into *pages, and the granule it will use (0 in the spec picks 4K, else
 * 16K, else 64K, whichever the CPU has first). Ranges must be aligned to
 * that granule and end within the CPU's PA range; RAM and device ranges
 * must not overlap. Code ranges may have any alignment: they are rounded
 * out to the granule, and must then lie inside RAM.
 * Errors: KRELOC_E_INVAL, KRELOC_E_PAGE_SIZE, KRELOC_E_GRANULE,
 * KRELOC_E_ALIGN, KRELOC_E_WRAP, KRELOC_E_PA_RANGE, KRELOC_E_RANGE_OVERLAP,
 * KRELOC_E_TT_PAGES; the range concerned is in *err.
 */
int kreloc_idmap_pages(const struct kreloc_idmap_spec *spec,
		       const struct kreloc_cpu *cpu, size_t *pages,
		       uint64_t *granule, struct kreloc_error *err);

/*
 * Build the map, in the descriptor format of cpu->tt_format, with the
 * fewest levels that reach the top of the given ranges and the largest
 * blocks alignment allows; clean the tables to PoC. Exactly the pages
 * kreloc_idmap_pages() announced are taken from the allocator.
 * Give only memory the CPU may touch speculatively: leave out no-map and
 * firmware-protected carve-outs. At EL3 the map addresses the Secure PA
 * space (NS = 0), as the MMU-off accesses do.
 * Errors: those of kreloc_idmap_pages(), KRELOC_E_TT_FORMAT,
 * KRELOC_E_NOMEM, KRELOC_E_ALLOC_ALIGN.
 */
int kreloc_idmap_build(struct kreloc_idmap *map,
		       const struct kreloc_idmap_spec *spec,
		       const struct kreloc_cpu *cpu,
		       const struct kreloc_host *host, struct kreloc_error *err);

/* The KRELOC_TT_* format of the regime the caller runs in. */
uint64_t kreloc_current_tt_format(void);

/* --- headers ---------------------------------------------------------------- */

/* What an arm64 Image header says (Documentation/arch/arm64/booting.rst). */
struct kreloc_image_info {
	uint64_t text_offset;	/* from a 2 MiB-aligned base */
	uint64_t image_size;	/* bytes from the load address to keep free */
	uint64_t page_size;	/* kernel's page size; 0 if unspecified */
	int anywhere;		/* base may be anywhere in RAM */
};

/*
 * Check the first len bytes of a kernel Image: magic, little-endian,
 * a page size the CPU supports, image_size at least len.
 * Errors: KRELOC_E_INVAL (len under 64), KRELOC_E_IMAGE_MAGIC,
 * KRELOC_E_IMAGE_ENDIAN, KRELOC_E_IMAGE_PAGE, KRELOC_E_IMAGE_SIZE.
 */
int kreloc_image_check(const void *image, size_t len,
		       const struct kreloc_cpu *cpu,
		       struct kreloc_image_info *info);

/*
 * Check that the Image may be loaded at physical address load: a 2 MiB-
 * aligned base plus text_offset. Errors: KRELOC_E_IMAGE_PLACE, KRELOC_E_WRAP.
 */
int kreloc_image_check_place(const struct kreloc_image_info *info,
			     kreloc_pa_t load);

/*
 * Check a flattened device tree of len bytes: magic, totalsize within len
 * and at most 2 MiB. *size gets totalsize.
 * Errors: KRELOC_E_INVAL, KRELOC_E_DTB_MAGIC, KRELOC_E_DTB_HEADER,
 * KRELOC_E_DTB_SIZE.
 */
int kreloc_dtb_check(const void *dtb, size_t len, uint64_t *size);

/* --- parking secondary CPUs (spin-table) ------------------------------------- */

/*
 * The release slots and records of up to KRELOC_PARK_MAX_CPUS parked CPUs,
 * in kreloc_park_size() bytes of safe memory (layout: <kreloc/abi.h>).
 * The next kernel releases CPU i by writing its entry point to
 * kreloc_park_slot(park, i): the DTB's cpu-release-addr for that CPU, with
 * enable-method = "spin-table". The area and the stub's region stay in use
 * until then: the DTB must keep the next kernel off them (/memreserve/ or
 * /reserved-memory).
 */
struct kreloc_park {
	kreloc_pa_t pa;		/* the area, KRELOC_PARK_PAGE aligned */
	void *va;
	uint64_t size;		/* kreloc_park_size(nr_cpus) */
	unsigned nr_cpus;
	uint64_t magic;		/* set by kreloc_park_init() */
};

/* Bytes of park area for nr_cpus CPUs: whole KRELOC_PARK_PAGE units. */
uint64_t kreloc_park_size(unsigned nr_cpus);

/*
 * Set up park over area (kreloc_park_size(nr_cpus) bytes, KRELOC_PARK_PAGE
 * aligned): every slot 0, every record zeroed, all of it cleaned to the
 * Point of Coherency (the parked CPUs read it with their MMU off).
 * Hand it to kreloc_install() in kreloc_boot.park, which checks it as a
 * control area: in no destination, no source, apart from every other
 * control page, in the identity map's RAM if there is one.
 * Errors: KRELOC_E_INVAL (NULL), KRELOC_E_PARK (nr_cpus 0 or over
 * KRELOC_PARK_MAX_CPUS), KRELOC_E_ALIGN, KRELOC_E_WRAP.
 */
int kreloc_park_init(struct kreloc_park *park, const struct kreloc_page *area,
		     unsigned nr_cpus);

/* PA of CPU cpu's release slot (its cpu-release-addr); 0 if cpu >= nr_cpus. */
kreloc_pa_t kreloc_park_slot(const struct kreloc_park *park, unsigned cpu);

/* Where a secondary enters the installed stub at stub_pa to park. */
static inline kreloc_pa_t kreloc_park_entry(kreloc_pa_t stub_pa)
{
	return stub_pa + KRELOC_PARK_OFFSET;
}

/*
 * Copy CPU cpu's record (written by the parked CPU with its MMU off) into
 * *out, its lines invalidated first; returns its phase: 0 until the CPU
 * reaches the park entry, KRELOC_PHASE_PARK while it waits,
 * KRELOC_PHASE_JUMP once released, KRELOC_PHASE_FAULT after an exception
 * (the details in *out, complete once out->error is set: it is written
 * last). -1 if cpu >= nr_cpus.
 */
int kreloc_park_status(const struct kreloc_park *park, unsigned cpu,
		       struct kreloc_status *out);

/* --- install and enter ------------------------------------------------------ */

/*
 * A UART the stub prints its progress on, one line a phase (README, "UART
 * breadcrumbs"): the host or firmware has set it up; the stub only waits
 * for room and writes characters. pa = 0: the stub prints nothing.
 * type: KRELOC_UART_PL011, or KRELOC_UART_16550 | KRELOC_UART_SHIFT(n)
 * (n = 0..3) | KRELOC_UART_WIDTH(w) (w = 1, or 4 with n >= 2).
 */
struct kreloc_uart {
	kreloc_pa_t pa;
	uint64_t type;
};

/* What the new kernel gets, and what happens if the stub must stop. */
struct kreloc_boot {
	kreloc_pa_t entry;	/* first instruction of the new kernel */
	uint64_t x[4];		/* its x0..x3 (Linux: DTB PA, 0, 0, 0) */
	kreloc_pa_t dtb;	/* DTB's final PA, 0: none (checked if set) */
	uint64_t dtb_size;	/* its totalsize */
	kreloc_pa_t fail_addr;	/* entered with x0 = status on failure; 0 parks */
	kreloc_pa_t status_pa;	/* where the stub reports; 0: in args_page */
	uint64_t flags;		/* KRELOC_F_*, e.g. KRELOC_F_FPSIMD */
	struct kreloc_uart uart; /* breadcrumbs; { 0 }: none */
	const struct kreloc_park *park;	/* secondaries' slots; NULL: none */
};

/* The stub blob, from src/blob.o: kreloc_blob_size bytes. */
extern const unsigned char kreloc_blob_start[];
extern const uint64_t kreloc_blob_size;

/*
 * Most separate destination ranges kreloc_install() takes: the final
 * ones, once every page op has written. On the way the written pages may
 * come apart into more pieces (a cycle of kreloc_list_plan() writes every
 * k-th page of an area first); the validator then checks the order a
 * window of destinations at a time, a pass over the list per window (see
 * kreloc_list.check_bits), with the same verdicts.
 */
#define KRELOC_MAX_RUNS		64

/*
 * Check the whole plan, then copy the blob into stub_page (a region of
 * KRELOC_BLOB_SIZE bytes, KRELOC_BLOB_ALIGN aligned), write the argument block into args_page, clean both to the
 * Point of Coherency and invalidate the I-cache. map may be NULL: the stub
 * then copies with the MMU off, reading the sources from memory, so the
 * caller must have cleaned them to PoC (kreloc_clean_to_poc()); the pages
 * of an adopted list (kreloc_list_adopt()) this call cleans itself.
 *
 * The rules, each with its own error and the addresses in *err:
 * KRELOC_E_INVAL, KRELOC_E_STUB_PAGE, KRELOC_E_ALIGN (entry, fail_addr,
 * args, status), KRELOC_E_T0SZ (the map's), KRELOC_E_PA_RANGE, KRELOC_E_LIST_LOOP, KRELOC_E_LIST_END,
 * KRELOC_E_LIST_ENTRY, KRELOC_E_TOO_MANY_RUNS, KRELOC_E_DEST_OVERLAP,
 * KRELOC_E_SRC_CLOBBERED, KRELOC_E_CONTROL_IN_DEST (stub, args, status,
 * list, bounce and table pages), KRELOC_E_CONTROL_IN_SRC (stub, args,
 * status, tables, bounce pages, or the list page that names the source),
 * KRELOC_E_CONTROL_OVERLAP (stub, args, status, tables, list and bounce
 * pages), KRELOC_E_LIST_PAGES (a list kreloc built does not reach every
 * list and bounce page it took: spoiled by an allocator error, or altered),
 * KRELOC_E_NOT_MAPPED (sources, destinations, list
 * pages, status record, stub: all must be in the map's RAM),
 * KRELOC_E_ENTRY, KRELOC_E_DTB_ALIGN, KRELOC_E_DTB_SIZE, KRELOC_E_DTB_REGION
 * (with a map: the 2 MiB-aligned region around the DTB must be its RAM),
 * KRELOC_E_PARK (boot->park not from kreloc_park_init()); digests:
 * KRELOC_E_INVAL (KRELOC_F_VERIFY_SOFT without KRELOC_F_VERIFY),
 * KRELOC_E_DIGEST (KRELOC_F_VERIFY without KRELOC_F_FPSIMD, since the stub
 * hashes in SIMD registers; with VERIFY, a page op no later DIGEST covers:
 * err->addr its destination, err->size the bytes uncovered; always, a
 * DIGEST whose words run past its list page; a page-check chain not
 * exactly ceil(page ops / KRELOC_DIGEST_CHECKS) blocks aligned to the
 * list page size and ending in 0 (word 4 = 0, no checks, is allowed)).
 * Page-check blocks are control pages, checked as list pages are, for a
 * list kreloc built always (it wrote them) and for an adopted one with
 * VERIFY: KRELOC_E_CONTROL_IN_DEST, KRELOC_E_CONTROL_IN_SRC,
 * KRELOC_E_CONTROL_OVERLAP (the fixed control blocks, tables, bounce
 * pages, the list page holding the DIGEST), KRELOC_E_NOT_MAPPED, and
 * KRELOC_E_LIST_PAGES if the list no longer reaches every block its
 * builder took (list->nr_check_pages). For boot->uart:
 * KRELOC_E_INVAL (a type the stub cannot drive), KRELOC_E_ALIGN (pa not
 * aligned to its accesses), KRELOC_E_WRAP, KRELOC_E_PA_RANGE,
 * KRELOC_E_UART (with a map, the 4 KiB page of its registers is not all
 * Device memory of the map; with or without, it shares a byte with a
 * destination, the stub, the argument block, the status record or a
 * table page). A park area is
 * a control area: KRELOC_E_CONTROL_IN_DEST, KRELOC_E_CONTROL_IN_SRC,
 * KRELOC_E_CONTROL_OVERLAP and KRELOC_E_NOT_MAPPED name its base in
 * err->addr (or err->other) when it breaks one.
 * Every page kreloc wrote before this call (list, bounce, table pages) is
 * a control page here, so an allocator that handed out a page in a
 * destination or in an in-place segment's data is caught. What is not
 * checked: a list page that is the source of an entry in another list
 * page (a pass over the list per list page), a list page in the
 * source of a partial page that was bounced (the list keeps no sources),
 * a check block against the sources (a pass over the list per block: as
 * for list pages), against list pages other than its DIGEST's and against
 * other DIGESTs' blocks: there the allocator's promise, no source data,
 * never the same block twice, is all there is. (With KRELOC_F_VERIFY a
 * check block written over a source still cannot boot: the digest was
 * taken before the block was written, so the stub refuses.)
 * On any error nothing has been written.
 */
int kreloc_install(const struct kreloc_page *stub_page,
		   const struct kreloc_page *args_page,
		   const struct kreloc_list *list,
		   const struct kreloc_idmap *map,
		   const struct kreloc_boot *boot,
		   const struct kreloc_cpu *cpu, struct kreloc_error *err);

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
