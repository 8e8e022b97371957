/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * verify: KRELOC_F_VERIFY, the pass before the copy. Walks the list once
 * and hashes, with SHA-256, what each page op will place: a SOURCE page,
 * a page of zeroes for ZERO (nothing read), the page in place for CLEAN.
 * Each DIGEST entry closes the hash of the page ops since the one before
 * (the list's start) and compares it with its four payload words.
 *
 * All matched: stamp KRELOC_TS_VERIFIED and return; nothing was written
 * but the status record. A mismatch, or page ops after the last DIGEST:
 * locate the first differing page through the DIGEST's page checks
 * (word 4: a chain of blocks of 32-bit sums), then MMU off, digest_seg
 * and digest_page into the status record, KRELOC_STUB_ERR_DIGEST through
 * kreloc_stop. fail_addr finds every destination byte as it was.
 *
 * Two engines hash one 64-byte block, the message in v4-v7 as big-endian
 * words already swapped, the state H0..H7 in v0.4s:v1.4s:
 *   sha256_ce    the SHA-256 instructions (ID_AA64ISAR0_EL1.SHA2), K in
 *                v16-v31 for the whole pass
 *   sha256_soft  no instructions, or KRELOC_F_VERIFY_SOFT: the state in
 *                eight GPRs, the 16-word schedule window in v4-v7 (four
 *                words at a time, in SIMD), K read from this text
 * The pass needs more GPRs than the stub has scratch, so it parks the
 * registers it borrows (x30, flags, entry, kern_x0..3) and its own
 * bookmarks in v10-v15, which neither engine touches. Registers the
 * exception handler and kreloc_stop rely on (status, fail_addr, uart,
 * phase, cur_el, e2h, line_size) stay where they are.
 *
 * With the MMU off (no map), the same code runs on Device accesses:
 * slowly, and a CLEAN page is first cleaned to PoC as the copy would,
 * so memory holds what the destination will.
 */
#include "stub.h"

	.arch_extension sha2

/* The walker's own registers, besides the stub's list_next, ptr, dest. */
vblk		.req	x24	/* next block to hash (borrowed: kern_x0) */
vend		.req	x25	/* end of that page, or bytes left (kern_x1) */
vlen		.req	x26	/* bytes hashed since the last DIGEST (kern_x2) */
vhash		.req	x27	/* the engine: sha256_ce or sha256_soft (kern_x3) */

/*
 * Where the borrowed registers and the bookmarks wait (64-bit lanes):
 *   v10  x30, flags        v11  entry, kern_x0     v12  kern_x1, kern_x2
 *   v13  kern_x3, head     v14  seg_entry, seg_ptr v15  seg_dest, digests
 * seg_*: the entry, list slot and dest right after the last DIGEST (the
 * list's head at first), where a re-walk of the current segment starts.
 */

#define ID_ISAR0_SHA2_SHIFT	12	/* ID_AA64ISAR0_EL1.SHA2 */
#define SHA_BLOCK		64
#define SHA_PAD_BIT		0x80000000	/* the 1 bit after the message */

	.if	KRELOC_OFF_STATUS_DIGEST_PAGE != KRELOC_OFF_STATUS_DIGEST_SEG + 8
	.error	"verify: digest_seg and digest_page are written as a pair"
	.endif

	.section ".kreloc.text", "ax"

/*
 * verify: In: list_next (the head), page_mask, page_size, tt_on, dest = 0,
 * flags, FP/SIMD on (check_args). Out: the same, list_next the head
 * again, dest = 0. Clobbers x0-x9, x14, v0-v31, flags. Returns if every
 * digest matched, else goes to kreloc_stop.
 */
	.globl	verify
	.hidden	verify
stub_func verify
	mov	v10.d[0], x30
	mov	v10.d[1], flags
	mov	v11.d[0], entry
	mov	v11.d[1], kern_x0
	mov	v12.d[0], kern_x1
	mov	v12.d[1], kern_x2
	mov	v13.d[0], kern_x3
	mov	v13.d[1], list_next		/* the head, for the copy */
	set_phase KRELOC_PHASE_VERIFY

	adr	vhash, sha256_soft
	tbnz	flags, #KRELOC_F_VERIFY_SOFT_BIT, 1f
	mrs	x0, id_aa64isar0_el1
	ubfx	x0, x0, #ID_ISAR0_SHA2_SHIFT, #4
	cbz	x0, 1f				/* no SHA-256 instructions */
	adr	vhash, sha256_ce
	adr	x0, sha256_k
	ld1	{v16.4s-v19.4s}, [x0], #64	/* K stays in v16-v31 */
	ld1	{v20.4s-v23.4s}, [x0], #64
	ld1	{v24.4s-v27.4s}, [x0], #64
	ld1	{v28.4s-v31.4s}, [x0]
1:	mov	v15.d[1], xzr			/* digests matched */
	b	.Lv_segment			/* bookmark the head */

.Lv_entry:
	tbnz	list_next, #KRELOC_ENTRY_DONE_BIT, .Lv_done
	and	x1, list_next, page_mask	/* x1 = addr */
	tst	list_next, #KRELOC_ENTRY_PAGE_OPS
	b.eq	.Lv_not_page
	cbz	dest, .Lv_no_dest
	tbnz	list_next, #KRELOC_ENTRY_SOURCE_BIT, .Lv_mem
	tbnz	list_next, #KRELOC_ENTRY_ZERO_BIT, .Lv_zero
	mov	x1, dest			/* CLEAN: the page in place */
	cbnz	tt_on, .Lv_mem
	add	x0, dest, page_size		/* MMU off: what the cache holds */
	dcache_range civac, x1, x0		/* to memory, as the copy would */
	dsb	sy
	mov	x1, dest
.Lv_mem:
	mov	vblk, x1
	add	vend, x1, page_size
1:	ld1	{v4.16b-v7.16b}, [vblk], #64	/* the next block */
	rev32	v4.16b, v4.16b			/* big-endian words */
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	blr	vhash
	cmp	vblk, vend
	b.lo	1b
	b	.Lv_paged
.Lv_zero:					/* zeroes: nothing to read */
	mov	vend, page_size
2:	movi	v4.16b, #0
	movi	v5.16b, #0
	movi	v6.16b, #0
	movi	v7.16b, #0
	blr	vhash
	subs	vend, vend, #SHA_BLOCK
	b.ne	2b
.Lv_paged:
	add	dest, dest, page_size		/* dest += page */
	add	vlen, vlen, page_size
	b	.Lv_read

.Lv_not_page:					/* the copy's order: see stub.S */
	tbz	list_next, #KRELOC_ENTRY_INDIRECTION_BIT, 3f
	mov	ptr, x1				/* ptr = next list page */
	b	.Lv_read
3:	tbnz	list_next, #KRELOC_ENTRY_DIGEST_BIT, .Lv_digest
	tbz	list_next, #KRELOC_ENTRY_DESTINATION_BIT, .Lv_read
	mov	dest, x1			/* dest = addr */
.Lv_read:
	ldr	list_next, [ptr], #8		/* entry = *ptr++ */
	b	.Lv_entry

	/* The pages are whole blocks: the padding is one block of its own. */
.Lv_digest:
	movi	v4.16b, #0
	movi	v5.16b, #0
	movi	v6.16b, #0
	movi	v7.16b, #0
	mov	w0, #SHA_PAD_BIT
	mov	v4.s[0], w0
	lsl	x0, vlen, #3			/* the length in bits */
	mov	v7.s[3], w0
	lsr	x0, x0, #32
	mov	v7.s[2], w0
	blr	vhash
	ld1	{v4.16b, v5.16b}, [ptr]		/* words 0..3: the digest */
	rev32	v4.16b, v4.16b
	rev32	v5.16b, v5.16b
	eor	v4.16b, v4.16b, v0.16b
	eor	v5.16b, v5.16b, v1.16b
	orr	v4.16b, v4.16b, v5.16b
	mov	x0, v4.d[0]
	mov	x1, v4.d[1]
	orr	x0, x0, x1
	cbnz	x0, .Lv_mismatch
	mov	x0, v15.d[1]
	add	x0, x0, #1
	mov	v15.d[1], x0			/* digests++ */
	add	ptr, ptr, #(KRELOC_DIGEST_WORDS * 8)	/* past the payload */
	ldr	list_next, [ptr], #8
.Lv_segment:					/* a new segment starts here */
	mov	v14.d[0], list_next
	mov	v14.d[1], ptr
	mov	v15.d[0], dest
	adr	x0, sha256_h0
	ld1	{v0.4s, v1.4s}, [x0]		/* H0..H7 */
	mov	vlen, xzr
	b	.Lv_entry

.Lv_done:
	cbnz	vlen, .Lv_uncovered		/* page ops no DIGEST covers */
	stamp	KRELOC_TS_VERIFIED
	cbz	uart, 4f
	mov	x4, v15.d[1]
	adr	x0, .Lstr_verified
	bl	uart_printf			/* "kreloc: verify 3 digests ok" */
4:	mov	x30, v10.d[0]
	mov	flags, v10.d[1]
	mov	entry, v11.d[0]
	mov	kern_x0, v11.d[1]
	mov	kern_x1, v12.d[0]
	mov	kern_x2, v12.d[1]
	mov	kern_x3, v13.d[0]
	mov	list_next, v13.d[1]		/* the copy starts at the head */
	mov	dest, xzr
	ret

.Lv_no_dest:					/* as the copy would refuse it */
	bl	mmu_off
	mov	x0, #KRELOC_STUB_ERR_NO_DEST
	b	kreloc_stop
stub_endfunc verify

/*
 * sha256_ce: one block with the SHA-256 instructions. In: v0:v1 state,
 * v4-v7 the message, v16-v31 K. Out: v0:v1. Clobbers v2-v9 (the
 * message too: the schedule is computed in place).
 */
.macro ce_quad k, w0, w1, w2, w3, sched
	add	v3.4s, \w0\().4s, \k\().4s	/* W + K, four rounds' worth */
	.if	\sched
	sha256su0 \w0\().4s, \w1\().4s		/* W[t+16..t+19] for later */
	sha256su1 \w0\().4s, \w2\().4s, \w3\().4s
	.endif
	mov	v2.16b, v0.16b			/* sha256h2 wants the old ABCD */
	sha256h	q0, q1, v3.4s
	sha256h2 q1, q2, v3.4s
.endm

stub_func sha256_ce
	mov	v8.16b, v0.16b
	mov	v9.16b, v1.16b
	ce_quad	v16, v4, v5, v6, v7, 1
	ce_quad	v17, v5, v6, v7, v4, 1
	ce_quad	v18, v6, v7, v4, v5, 1
	ce_quad	v19, v7, v4, v5, v6, 1
	ce_quad	v20, v4, v5, v6, v7, 1
	ce_quad	v21, v5, v6, v7, v4, 1
	ce_quad	v22, v6, v7, v4, v5, 1
	ce_quad	v23, v7, v4, v5, v6, 1
	ce_quad	v24, v4, v5, v6, v7, 1
	ce_quad	v25, v5, v6, v7, v4, 1
	ce_quad	v26, v6, v7, v4, v5, 1
	ce_quad	v27, v7, v4, v5, v6, 1
	ce_quad	v28, v4, v5, v6, v7, 0
	ce_quad	v29, v5, v6, v7, v4, 0
	ce_quad	v30, v6, v7, v4, v5, 0
	ce_quad	v31, v7, v4, v5, v6, 0
	add	v0.4s, v0.4s, v8.4s
	add	v1.4s, v1.4s, v9.4s
	ret
stub_endfunc sha256_ce

	.section ".kreloc.text.tail", "ax"

/*
 * The mismatch: x6 = digest_seg, x7 = digest_page once found. Re-walk
 * the segment from its bookmark, page op i against check i of the chain
 * (x9 = the block, x23 = i in it, x3 = checks a block): the first page
 * whose sum differs is the one. Every list walker in the stub reads the
 * entries in the same order of precedence as the copy.
 */
.Lv_mismatch:
	lsr	x6, list_next, #KRELOC_DIGEST_SEG_SHIFT	/* the segment */
	mov	x7, #KRELOC_DIGEST_NONE
	ldr	x9, [ptr, #32]			/* word 4: the first check block */
	cbz	x9, .Lv_report			/* none: say so */
	mov	x8, xzr				/* compare the checks */
	b	.Lr_start
.Lv_uncovered:
	mov	x6, #KRELOC_DIGEST_NONE
	mov	x8, #1				/* the first page op is the answer */
.Lr_start:
	mov	list_next, v14.d[0]		/* back to the bookmark */
	mov	ptr, v14.d[1]
	mov	dest, v15.d[0]
	mov	x7, #KRELOC_DIGEST_NONE
	mov	x23, xzr
	lsr	x3, page_size, #2
	sub	x3, x3, #2			/* KRELOC_DIGEST_CHECKS(page_size) */
.Lr_entry:
	tbnz	list_next, #KRELOC_ENTRY_DONE_BIT, .Lv_report
	and	x1, list_next, page_mask
	tst	list_next, #KRELOC_ENTRY_PAGE_OPS
	b.eq	.Lr_not_page
	mov	x7, dest			/* if it differs, this page */
	cbnz	x8, .Lv_report
	mov	w4, wzr				/* ZERO: its sum is 0 */
	tbnz	list_next, #KRELOC_ENTRY_SOURCE_BIT, 1f
	tbnz	list_next, #KRELOC_ENTRY_ZERO_BIT, 3f
	mov	x1, dest			/* CLEAN (to PoC already, MMU off) */
1:	add	vend, x1, page_size
	movi	v8.16b, #0
2:	ld1	{v4.4s-v7.4s}, [x1], #64	/* sum of little-endian words */
	add	v4.4s, v4.4s, v5.4s
	add	v6.4s, v6.4s, v7.4s
	add	v8.4s, v8.4s, v4.4s
	add	v8.4s, v8.4s, v6.4s
	cmp	x1, vend
	b.lo	2b
	addv	s8, v8.4s
	fmov	w4, s8
3:	ldr	w5, [x9, x23, lsl #2]		/* check i */
	cmp	w4, w5
	b.ne	.Lv_report			/* x7: the first page that differs */
	mov	x7, #KRELOC_DIGEST_NONE
	add	dest, dest, page_size
	add	x23, x23, #1
	cmp	x23, x3
	b.lo	.Lr_read
	sub	x0, page_size, #8
	ldr	x9, [x9, x0]			/* the next block */
	mov	x23, xzr
	cbz	x9, .Lv_report			/* no more checks: none differed */
	b	.Lr_read
.Lr_not_page:
	tbz	list_next, #KRELOC_ENTRY_INDIRECTION_BIT, 4f
	mov	ptr, x1
	b	.Lr_read
4:	tbnz	list_next, #KRELOC_ENTRY_DIGEST_BIT, .Lv_report	/* all agree */
	tbz	list_next, #KRELOC_ENTRY_DESTINATION_BIT, .Lr_read
	mov	dest, x1
.Lr_read:
	ldr	list_next, [ptr], #8
	b	.Lr_entry

/* x6 = digest_seg, x7 = digest_page: record, print, stop. */
.Lv_report:
	bl	mmu_off
	cbz	status, 5f
	bl	status_uncache			/* then write with caches off */
	stp	x6, x7, [status, #KRELOC_OFF_STATUS_DIGEST_SEG]
	dsb	sy
5:	cbz	uart, 6f
	mov	x4, x6
	adr	x0, .Lstr_mismatch		/* "...in segment 2" */
	adr	x1, .Lstr_uncovered		/* or "no digest for the pages" */
	cmn	x6, #1
	csel	x0, x1, x0, eq
	bl	uart_printf
	mov	x4, x7
	adr	x0, .Lstr_at_page		/* " at page 0x40123000" */
	adr	x1, .Lstr_crlf			/* or nothing: checks all agree */
	cmn	x7, #1
	csel	x0, x1, x0, eq
	bl	uart_printf
6:	mov	x0, #KRELOC_STUB_ERR_DIGEST
	b	kreloc_stop

/*
 * sha256_soft: one block without the SHA-256 instructions. In: v0:v1
 * state, v4-v7 the message. Out: v0:v1. Clobbers x0-x9, x14, x19, x23,
 * v2-v7 (the schedule is computed in place), v16-v20. a..h live in w0-w7, renamed each round instead of
 * moved (eight rounds a turn, eight turns); w8, w9, w14 are temporaries,
 * x19 walks K, x23 counts.
 */

/* vsigma d, x, r1, r2, s: d = ror(x, r1) ^ ror(x, r2) ^ (x >> s) per lane. Clobbers v19. */
.macro vsigma d, x, r1, r2, s
	ushr	\d\().4s, \x\().4s, #\r1
	sli	\d\().4s, \x\().4s, #(32 - \r1)
	ushr	v19.4s, \x\().4s, #\r2
	sli	v19.4s, \x\().4s, #(32 - \r2)
	eor	\d\().16b, \d\().16b, v19.16b
	ushr	v19.4s, \x\().4s, #\s
	eor	\d\().16b, \d\().16b, v19.16b
.endm

/*
 * soft_sched w0, w1, w2, w3: the window W[t..t+15] = w0:w1:w2:w3; w0 =
 * W[t+16..t+19] = σ1(W[t+14..t+17]) + W[t+9..t+12] + σ0(W[t+1..t+4]) +
 * W[t..t+3], the σ1 half of it twice: W[t+18..19] need W[t+16..17].
 * In: v20 = 0. Clobbers v16-v19.
 */
.macro soft_sched w0, w1, w2, w3
	ext	v16.16b, \w0\().16b, \w1\().16b, #4	/* W[t+1..t+4] */
	vsigma	v17, v16, 7, 18, 3
	add	v17.4s, v17.4s, \w0\().4s
	ext	v16.16b, \w2\().16b, \w3\().16b, #4	/* W[t+9..t+12] */
	add	v17.4s, v17.4s, v16.4s
	ext	v16.16b, \w3\().16b, v20.16b, #8	/* W[t+14], W[t+15], 0, 0 */
	vsigma	v18, v16, 17, 19, 10
	add	v17.4s, v17.4s, v18.4s			/* W[t+16], W[t+17] done */
	ext	v16.16b, v20.16b, v17.16b, #8		/* 0, 0, W[t+16], W[t+17] */
	vsigma	v18, v16, 17, 19, 10
	add	\w0\().4s, v17.4s, v18.4s
.endm

/* soft_round a..h, lane: one round, W[t] + K[t] in v2.s[lane]. */
.macro soft_round a, b, c, d, e, f, g, h, lane
	mov	w9, v2.s[\lane]
	add	\h, \h, w9			/* h + K[t] + W[t] */
	ror	w8, \e, #6
	eor	w8, w8, \e, ror #11
	eor	w8, w8, \e, ror #25		/* Σ1(e) */
	add	\h, \h, w8
	and	w8, \e, \f
	bic	w14, \g, \e
	add	\h, \h, w8
	add	\h, \h, w14			/* + Ch(e, f, g): T1 */
	add	\d, \d, \h			/* the new e: d + T1 */
	ror	w8, \a, #2
	eor	w8, w8, \a, ror #13
	eor	w8, w8, \a, ror #22		/* Σ0(a) */
	add	\h, \h, w8
	eor	w8, \a, \b
	and	w8, w8, \c
	and	w14, \a, \b
	eor	w8, w8, w14			/* Maj(a, b, c) */
	add	\h, \h, w8			/* the new a: T1 + T2 */
.endm

stub_func sha256_soft
	mov	w0, v0.s[0]
	mov	w1, v0.s[1]
	mov	w2, v0.s[2]
	mov	w3, v0.s[3]
	mov	w4, v1.s[0]
	mov	w5, v1.s[1]
	mov	w6, v1.s[2]
	mov	w7, v1.s[3]
	adr	x19, sha256_k
	mov	x23, #8
	movi	v20.16b, #0
1:	ld1	{v3.4s}, [x19], #16
	add	v2.4s, v4.4s, v3.4s
	soft_sched v4, v5, v6, v7
	soft_round w0, w1, w2, w3, w4, w5, w6, w7, 0
	soft_round w7, w0, w1, w2, w3, w4, w5, w6, 1
	soft_round w6, w7, w0, w1, w2, w3, w4, w5, 2
	soft_round w5, w6, w7, w0, w1, w2, w3, w4, 3
	ld1	{v3.4s}, [x19], #16
	add	v2.4s, v5.4s, v3.4s
	soft_sched v5, v6, v7, v4
	soft_round w4, w5, w6, w7, w0, w1, w2, w3, 0
	soft_round w3, w4, w5, w6, w7, w0, w1, w2, 1
	soft_round w2, w3, w4, w5, w6, w7, w0, w1, 2
	soft_round w1, w2, w3, w4, w5, w6, w7, w0, 3
	mov	v16.16b, v4.16b			/* the window is v6:v7:v4:v5 */
	mov	v4.16b, v6.16b
	mov	v6.16b, v16.16b
	mov	v16.16b, v5.16b
	mov	v5.16b, v7.16b
	mov	v7.16b, v16.16b
	subs	x23, x23, #1
	b.ne	1b
	mov	v2.s[0], w0
	mov	v2.s[1], w1
	mov	v2.s[2], w2
	mov	v2.s[3], w3
	mov	v3.s[0], w4
	mov	v3.s[1], w5
	mov	v3.s[2], w6
	mov	v3.s[3], w7
	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	ret
stub_endfunc sha256_soft

/* Strings for uart_printf (\1 hex, \2 decimal), then the constants. */
.Lstr_verified:		.asciz	"kreloc: verify \2 digests ok\r\n"
.Lstr_mismatch:		.asciz	"kreloc: digest mismatch in segment \2"
.Lstr_uncovered:	.asciz	"kreloc: no digest for the pages"
.Lstr_at_page:		.ascii	" at page 0x\1"
.Lstr_crlf:		.asciz	"\r\n"

	.balign	16
/* FIPS 180-4 4.2.2: the first 32 bits of the cube roots' fractions of the first 64 primes */
sha256_k:
	.word	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
	.word	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
	.word	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
	.word	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
	.word	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
	.word	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
	.word	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
	.word	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
	.word	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
	.word	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
	.word	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
	.word	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
	.word	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
	.word	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
	.word	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
	.word	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
	.size	sha256_k, . - sha256_k
/* FIPS 180-4 5.3.3: the first 32 bits of the square roots' fractions of the first 8 primes */
sha256_h0:
	.word	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
	.word	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	.size	sha256_h0, . - sha256_h0
