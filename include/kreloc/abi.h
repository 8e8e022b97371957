/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The contract between a host and the kreloc stub.
 *
 * The host copies the stub blob into a safe page and branches to its first
 * byte with x0 = physical address of a struct kreloc_args. Everything here
 * is shared by C and assembly: constants are plain integers, the structures
 * are C-only and reach the assembler as generated offsets
 * (<generated/kreloc-asm-offsets.h>).
 */
#ifndef KRELOC_ABI_H
#define KRELOC_ABI_H

#ifdef __ASSEMBLER__
#define KRELOC_U64(x)		x
#else
#define KRELOC_U64(x)		x##ULL
#endif

/*
 * "KRELOC" in the low six bytes, ABI version in the top two. Version 2
 * added uart_pa and uart_type (the status record moved); version 3 the
 * DIGEST entry, KRELOC_F_VERIFY and the status record's digest fields: a
 * stub refuses a block of another version as not its own.
 */
#define KRELOC_ARGS_MAGIC	KRELOC_U64(0x0003434f4c45524b)
#define KRELOC_ABI_VERSION	3

/*
 * Entry list: Linux's kexec format. Each 64-bit entry is a physical
 * address aligned to the list's page size, with flags in the low bits.
 */
#define KRELOC_ENTRY_DESTINATION	0x1	/* dest = addr */
#define KRELOC_ENTRY_INDIRECTION	0x2	/* ptr = addr (next list page) */
#define KRELOC_ENTRY_DONE		0x4	/* end of list */
#define KRELOC_ENTRY_SOURCE		0x8	/* copy page addr -> dest; dest += page */
/* kreloc's own, for what Linux's format cannot say; addr is 0 for both: */
#define KRELOC_ENTRY_ZERO		0x10	/* zero the page at dest; dest += page */
#define KRELOC_ENTRY_CLEAN		0x20	/* in place: clean it to PoC; dest += page */
#define KRELOC_ENTRY_PAGE_OPS		0x38	/* SOURCE | ZERO | CLEAN */
#define KRELOC_ENTRY_DIGEST		0x40	/* KRELOC_DIGEST_WORDS follow: see below */

#define KRELOC_ENTRY_DESTINATION_BIT	0
#define KRELOC_ENTRY_INDIRECTION_BIT	1
#define KRELOC_ENTRY_DONE_BIT		2
#define KRELOC_ENTRY_SOURCE_BIT		3
#define KRELOC_ENTRY_ZERO_BIT		4
#define KRELOC_ENTRY_CLEAN_BIT		5
#define KRELOC_ENTRY_DIGEST_BIT		6

/*
 * DIGEST: what the page ops since the previous DIGEST (or the list's
 * start) must place, checked before anything is placed (KRELOC_F_VERIFY).
 * The entry's bits 63:12 hold the number of the host's segment the pages
 * belong to (for the report); its low bits are DIGEST alone. The
 * KRELOC_DIGEST_WORDS entries that follow it, in the same list page, are
 * raw data that every walker skips:
 *
 *   word 0..3  SHA-256 of the pages' bytes as the destination will hold
 *              them (a SOURCE page's, zeroes for ZERO, the page in place
 *              for CLEAN), the 32 digest bytes in their usual order
 *   word 4     PA of the first page-check block (0: none). A block is
 *              one list page: KRELOC_DIGEST_CHECKS(page size) 32-bit
 *              checks, then in its last 8 bytes the PA of the next block
 *              (0 after the last). Check i belongs to page op i of the
 *              DIGEST: the sum modulo 2^32 of the page's little-endian
 *              32-bit words (0 for ZERO). The stub reads them only after
 *              a mismatch, to name the first page that differs: a single
 *              flipped bit always changes its page's sum.
 */
#define KRELOC_DIGEST_WORDS		5
#define KRELOC_DIGEST_SEG_SHIFT		12
#define KRELOC_DIGEST_CHECKS(ps)	((ps) / 4 - 2)

/*
 * Page-table formats (kreloc_args.tt_format). Descriptors differ between
 * the regimes with two privilege levels (EL1&0, and EL2&0 when
 * HCR_EL2.E2H = 1) and those with one (EL2 with E2H = 0, EL3): AP[1] and
 * the execute-never bits. The host builds for one of them; the stub refuses
 * tables built for the other.
 */
#define KRELOC_TT_EL1		1	/* EL1, or EL2 with E2H = 1 */
#define KRELOC_TT_EL2		2	/* EL2 with E2H = 0, or EL3 */

/*
 * The blob: the host copies it to a KRELOC_BLOB_SIZE region, 4 KiB
 * aligned, and branches to its first byte (a BTI landing pad). Entry code
 * fills the first 2 KiB, the vectors the second, routines the rest.
 */
#define KRELOC_BLOB_SIZE	0x2000
#define KRELOC_BLOB_ALIGN	0x1000

/*
 * Identity-map T0SZ the stub accepts: 48-bit descriptors without LPA2
 * (16), and no more than every granule allows without FEAT_TTST (39).
 */
#define KRELOC_T0SZ_MIN		16
#define KRELOC_T0SZ_MAX		39

/*
 * SCTLR_ELx as the stub leaves it for the next kernel (and while it runs
 * with the MMU off): every bit that is RES1 in some version of the
 * architecture set, EE (and E0E where it exists) as the host ran, all
 * else clear: MMU, caches, alignment checks, WXN, PAC, MTE, IESB, NMI
 * off. The EL1 layout is also SCTLR_EL2's when HCR_EL2.E2H = 1.
 */
#define KRELOC_SCTLR_EL1_OFF	KRELOC_U64(0x30d00980)	/* 29,28,23,22,20,11,8,7 */
#define KRELOC_SCTLR_EL2_OFF	KRELOC_U64(0x30c50830)	/* 29,28,23,22,18,16,11,5,4: E2H = 0, EL3 */
#define KRELOC_SCTLR_EE		KRELOC_U64(0x2000000)	/* bit 25: kept */
#define KRELOC_SCTLR_E0E	KRELOC_U64(0x1000000)	/* bit 24: kept, EL1 layout */

/* MAIR attribute indices the host's descriptors use; the stub sets MAIR. */
#define KRELOC_ATTR_NORMAL	0	/* 0xff: Normal, inner/outer WB RWA */
#define KRELOC_ATTR_DEVICE	1	/* 0x00: Device-nGnRnE */
#define KRELOC_MAIR_VALUE	KRELOC_U64(0x00ff)

/*
 * kreloc_args.flags; the stub refuses unknown ones.
 * FPSIMD: the copy may use FP/SIMD registers (half the instructions). The
 * stub clears its own EL's FP trap, and leaves it clear for the new
 * kernel; a higher EL's must already be clear.
 */
#define KRELOC_F_FPSIMD		KRELOC_U64(0x1)
#define KRELOC_F_FPSIMD_BIT	0
/*
 * VERIFY: after the MMU is on (or without a map, with it off) and before
 * the first destination write, hash every page op the list describes and
 * compare each DIGEST; page ops after the last DIGEST are a mismatch too.
 * On a mismatch the stub stops with KRELOC_STUB_ERR_DIGEST and nothing
 * placed. It uses the SHA-256 instructions where ID_AA64ISAR0_EL1.SHA2
 * says they exist, else a software SHA-256; both keep their state in
 * SIMD registers, so VERIFY needs FPSIMD. VERIFY_SOFT: the software path
 * even on a CPU with the instructions (to test or measure what a CPU
 * without them does).
 */
#define KRELOC_F_VERIFY		KRELOC_U64(0x2)
#define KRELOC_F_VERIFY_BIT	1
#define KRELOC_F_VERIFY_SOFT	KRELOC_U64(0x4)
#define KRELOC_F_VERIFY_SOFT_BIT 2
#define KRELOC_FLAGS_KNOWN	(KRELOC_F_FPSIMD | KRELOC_F_VERIFY | KRELOC_F_VERIFY_SOFT)

/*
 * kreloc_args.uart_type: the UART at uart_pa the stub prints its
 * breadcrumbs on (one line per phase, and why it stopped). The stub
 * only polls and writes the transmitter: the host or firmware has set
 * the UART up (baud rate, enabled). PL011: DR at +0, FR at +0x18, waits
 * while FR.TXFF (bit 5) is set; 32-bit accesses. 16550-compatible: THR
 * at +0, LSR at +(5 << shift), waits until LSR.THRE (bit 5) is set;
 * accesses of the width given, 1 or 4 bytes.
 */
#define KRELOC_UART_PL011	1
#define KRELOC_UART_16550	2
#define KRELOC_UART_SHIFT(n)	((n) << 4)	/* 16550: registers 1 << n apart, n = 0..3 */
#define KRELOC_UART_SHIFT_MAX	3
#define KRELOC_UART_WIDTH(w)	((w) << 8)	/* 16550: w = 1 or 4 bytes */

/* kreloc_status.phase: how far the stub got. */
#define KRELOC_PHASE_NONE	0	/* stub never wrote the record */
#define KRELOC_PHASE_ENTRY	1	/* arguments loaded into registers */
#define KRELOC_PHASE_MMU_ON	2	/* identity map live, caches on */
#define KRELOC_PHASE_COPY	3	/* walking the list, copying */
#define KRELOC_PHASE_CLEAN	4	/* copy done, last cleans completing */
#define KRELOC_PHASE_JUMP	5	/* MMU off: about to branch to the entry */
#define KRELOC_PHASE_FAULT	6	/* inside the exception handler */
#define KRELOC_PHASE_PARK	7	/* park entry: MMU off, waiting on the slot */
#define KRELOC_PHASE_VERIFY	8	/* KRELOC_F_VERIFY: hashing, before the copy */

/*
 * kreloc_status.ts[]: CNTVCT_EL0 when the stub got there, so a host or the
 * next kernel can see what relocation cost (CNTFRQ_EL0 ticks a second);
 * 0 where the stub never got (an empty list skips straight to COPY_DONE).
 */
#define KRELOC_TS_ENTRY		0	/* arguments read */
#define KRELOC_TS_MMU_ON	1	/* identity map live, or none to set up */
#define KRELOC_TS_COPY_DONE	2	/* last page copied */
#define KRELOC_TS_CLEAN_DONE	3	/* every clean complete (dsb) */
#define KRELOC_TS_JUMP		4	/* MMU off, about to branch */
#define KRELOC_TS_VERIFIED	5	/* KRELOC_F_VERIFY: every digest matched */
#define KRELOC_TS_NR		6

/* kreloc_status.error: why the stub stopped. 0 = it did not stop. */
#define KRELOC_STUB_OK			0
#define KRELOC_STUB_ERR_EXCEPTION	1	/* see esr, elr, far, vector */
#define KRELOC_STUB_ERR_FLAGS		2	/* unknown bit in args.flags */
#define KRELOC_STUB_ERR_PAGE_SIZE	3	/* list page size not 4K/16K/64K */
#define KRELOC_STUB_ERR_HEAD		4	/* head neither INDIRECTION nor DONE */
#define KRELOC_STUB_ERR_TT_FORMAT	5	/* tables built for another regime */
#define KRELOC_STUB_ERR_GRANULE		6	/* CPU lacks the tables' granule */
#define KRELOC_STUB_ERR_NO_DEST		7	/* SOURCE before any DESTINATION */
#define KRELOC_STUB_ERR_T0SZ		8	/* T0SZ outside 16..39 */
#define KRELOC_STUB_ERR_RME		9	/* EL3 with FEAT_RME: see README */
#define KRELOC_STUB_ERR_UART		10	/* unknown uart_type, or uart_pa over 48 bits */
#define KRELOC_STUB_ERR_DIGEST		11	/* KRELOC_F_VERIFY: see digest_seg, digest_page */
#define KRELOC_STUB_ERR_VERIFY_FPSIMD	12	/* KRELOC_F_VERIFY without KRELOC_F_FPSIMD */

/*
 * Parking secondary CPUs for the next kernel (spin-table, booting.rst).
 * A CPU other than the one that relocates branches to the blob at
 * KRELOC_PARK_OFFSET (a BTI landing pad) with x0 = PA of its release slot,
 * at the exception level the stub runs at, MMU off, or on with the blob
 * identity mapped. It masks DAIF, sets VBAR_ELx to the stub's vectors,
 * turns its MMU and caches off (SCTLR_ELx to the same known value as the
 * stub's), invalidates its TLB and I-cache, then waits (wfe) until the
 * slot, read from memory, is non-zero and branches there with x0..x3 = 0.
 *
 * The park area (kreloc_park_init()) holds KRELOC_PARK_CPUS_PER_PAGE CPUs
 * in each 4 KiB page. CPU i's slot is in page i / 16 at offset
 * (i % 16) * KRELOC_PARK_STRIDE; its record, a struct kreloc_status the
 * parked CPU writes with its MMU off (phase KRELOC_PHASE_PARK once
 * parked, KRELOC_PHASE_JUMP once released, or an exception), at slot +
 * KRELOC_PARK_RECORD. The slots and the records are 2 KiB apart, the
 * largest cache writeback granule there is (CTR_EL0.CWG): the next
 * kernel's cached write and clean of a slot never writes back a stale
 * copy of a record.
 */
#define KRELOC_PARK_OFFSET	0x1000	/* the park entry, in the blob */
#define KRELOC_PARK_PAGE	0x1000	/* the area's unit and alignment */
#define KRELOC_PARK_STRIDE	0x80	/* between slots, and between records */
#define KRELOC_PARK_RECORD	0x800	/* from a slot to its record */
#define KRELOC_PARK_CPUS_PER_PAGE	16
#define KRELOC_PARK_MAX_CPUS	256

#define KRELOC_DIGEST_NONE	KRELOC_U64(0xffffffffffffffff)

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * Written by the stub: at each phase boundary, and on a failure before it
 * branches to fail_addr or parks. 16-byte aligned. Each write is cleaned to the Point of
 * Coherency at once, so a reader with caches off sees it; a reader with
 * caches on invalidates the lines first.
 */
struct kreloc_status {
	uint64_t phase;		/* KRELOC_PHASE_*: the last one reached */
	uint64_t error;		/* KRELOC_STUB_* */
	uint64_t entry_el;	/* CurrentEL >> 2 at entry, | 0x10 if E2H */
	uint64_t fault_phase;	/* phase when the exception was taken */
	uint64_t vector;	/* offset of the vector taken (0x000..0x780) */
	uint64_t esr;		/* ESR_ELx of the exception */
	uint64_t elr;		/* ELR_ELx: the faulting instruction */
	uint64_t far;		/* FAR_ELx: the faulting address, if any */
	uint64_t ts[KRELOC_TS_NR]; /* CNTVCT_EL0 at each KRELOC_TS_* */
	/*
	 * KRELOC_STUB_ERR_DIGEST: the number in the failing DIGEST entry
	 * (KRELOC_DIGEST_NONE: page ops after the last DIGEST), and the
	 * destination PA of its first page whose check differs
	 * (KRELOC_DIGEST_NONE: every check agrees, so the digest words or
	 * the checks themselves were altered; or the pages no DIGEST covers:
	 * the first of them).
	 */
	uint64_t digest_seg;
	uint64_t digest_page;
};

/*
 * Read by the stub, all of it into registers before it writes a byte of a
 * destination. The stub survives a block inside a destination, but its
 * status record must then live elsewhere (status_pa): the host API keeps
 * every control page, this block included, out of the destinations.
 */
struct kreloc_args {
	uint64_t magic;		/* KRELOC_ARGS_MAGIC */
	uint64_t flags;		/* KRELOC_F_* */
	uint64_t list_head;	/* first entry: INDIRECTION|pa, or DONE */
	uint64_t list_page_size; /* 4096, 16384 or 65536 */
	uint64_t entry;		/* PA the stub branches to at the end */
	uint64_t x[4];		/* x0..x3 for the new kernel */
	uint64_t tt_root;	/* PA of the identity map; 0: copy MMU off */
	uint64_t tt_t0sz;	/* TCR T0SZ the identity map was built for */
	uint64_t tt_granule;	/* 4096, 16384 or 65536 */
	uint64_t tt_format;	/* KRELOC_TT_EL1 or KRELOC_TT_EL2 */
	uint64_t fail_addr;	/* PA to branch to on failure; 0: park */
	uint64_t status_pa;	/* PA of a struct kreloc_status; 0: none */
	uint64_t uart_pa;	/* PA of a UART for breadcrumbs; 0: silent */
	uint64_t uart_type;	/* KRELOC_UART_*: PL011, or 16550 | SHIFT | WIDTH */
	uint64_t reserved;	/* 0; keeps status 16-byte aligned */
	struct kreloc_status status; /* where status_pa normally points */
};

#endif /* __ASSEMBLER__ */
#endif /* KRELOC_ABI_H */
