/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * kreloc_stub: move a new kernel into place and enter it.
 *
 * Entered at offset 0 of the blob with x0 = PA of a struct kreloc_args, at
 * EL1, EL2 (E2H 0 or 1) or EL3, with the MMU off, or on with this page
 * identity mapped. No stack, no data: every variable lives in a register
 * (see the map in stub.h). The phases, in order:
 *
 *   1. entry    mask DAIF, find the regime, install our vectors, MMU off
 *               (SCTLR to a known value), read every argument, check them
 *               (check_args)
 *   2. mmu_on   the host's identity map, caches on (skipped without one)
 *      verify   KRELOC_F_VERIFY: hash every page op, compare each DIGEST
 *               (verify.S); a mismatch stops here, nothing written
 *   3. copy     walk the kexec list; clean each page to PoC once written,
 *               or, with the MMU off, invalidate it before writing
 *   4. clean    wait for the last clean (dsb)
 *   5. jump     MMU and caches off, TLB and I-cache invalidated, x0..x3,
 *               branch
 *
 * A failure before the copy, or any exception, ends in kreloc_stop: the
 * status record says why, then fail_addr is entered or the CPU parks.
 *
 * With a UART in the block, each phase also prints a line on it (the
 * uart_* routines; one cbz a phase when there is none):
 *
 *   kreloc: entry EL2h vhe       entry: the EL, t/h (SP_EL0 or SP_ELx),
 *                                " vhe" when HCR_EL2.E2H is set
 *   kreloc: mmu on               or "mmu off", copying without a map
 *   kreloc: verify 3 digests ok  KRELOC_F_VERIFY, or (then the stop line)
 *   kreloc: digest mismatch in segment 2 at page 0x40123000
 *   kreloc: copy 123 pages       once the copy is done: the pages placed
 *   kreloc: jump 0x40200000      MMU off, about to enter the kernel
 *
 * and, on the way out through kreloc_stop, the error and the phase, after
 * the exception (vector, ESR, ELR, FAR) if one was taken.
 *
 * Layout (linker/kreloc-stub.lds): this section at offset 0, the vectors
 * at 0x800, the routines (.kreloc.text.tail) after them.
 */
#include "stub.h"

	.section ".kreloc.text", "ax"

	.globl	kreloc_stub
stub_func kreloc_stub
	/* --- 1. entry ------------------------------------------------- */
	bti	jc				/* a host may br or blr here */
	msr	daifset, #0xf			/* no interrupt may reach us */
	mrs	x1, CurrentEL
	ubfx	cur_el, x1, #2, #2		/* cur_el = CurrentEL.EL */
	mov	e2h, xzr
	cmp	cur_el, #2
	b.ne	1f
	mrs	x1, hcr_el2
	ubfx	e2h, x1, #HCR_EL2_E2H_BIT, #1	/* e2h = HCR_EL2.E2H */
1:	mov	phase, #KRELOC_PHASE_NONE
	mov	status, xzr			/* until read: a fault parks */
	mov	fail_addr, xzr
	mov	uart, xzr			/* until checked: silent */
	adr	x1, kreloc_vectors
	el_msr	vbar, x1
	isb
	mov	args, x0
	bl	mmu_off				/* the block need not be mapped */

	mrs	x1, ctr_el0
	ubfx	x1, x1, #CTR_DMINLINE_SHIFT, #4
	mov	line_size, #4
	lsl	line_size, line_size, x1	/* line_size = 4 << DminLine */

	ldr	x1, [args, #KRELOC_OFF_ARGS_MAGIC]
	mov_imm64 x2, KRELOC_ARGS_MAGIC
	cmp	x1, x2
	b.ne	park				/* not ours: trust nothing in it */
	/* Pairs of adjacent fields (src/abi-check.c checks they are). */
	ldp	fail_addr, status, [args, #KRELOC_OFF_ARGS_FAIL_ADDR]
	ldr	entry, [args, #KRELOC_OFF_ARGS_ENTRY]
	ldp	kern_x0, kern_x1, [args, #KRELOC_OFF_ARGS_X0]
	ldp	kern_x2, kern_x3, [args, #KRELOC_OFF_ARGS_X2]
	ldp	list_next, page_size, [args, #KRELOC_OFF_ARGS_LIST_HEAD]
	ldp	tt_root, x6, [args, #KRELOC_OFF_ARGS_TT_ROOT]	/* x6 = T0SZ */
	ldp	x7, x8, [args, #KRELOC_OFF_ARGS_TT_GRANULE]	/* and format */
	ldp	x4, x5, [args, #KRELOC_OFF_ARGS_UART_PA]	/* and its type */
	ldr	flags, [args, #KRELOC_OFF_ARGS_FLAGS]	/* the last read */
	/* From here on the argument block is never read again. */

	cbz	status, 2f			/* start a fresh record */
	bl	status_uncache
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_PHASE]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_ENTRY_EL]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_VECTOR]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_ELR]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_TS]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_TS + 16]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_TS + 32]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_DIGEST_SEG]
	orr	x1, cur_el, e2h, lsl #4
	str	x1, [status, #KRELOC_OFF_STATUS_ENTRY_EL]
2:	set_phase KRELOC_PHASE_ENTRY
	stamp	KRELOC_TS_ENTRY
	cbz	x4, .Lsilent			/* no UART */
	bl	uart_entry			/* "kreloc: entry EL2h" */
.Lsilent:
	bl	check_args			/* returns only if all is well */
	tbnz	list_next, #KRELOC_ENTRY_DONE_BIT, .Lempty_list

	/* --- 2. mmu_on: x6 = T0SZ, x7 = granule, x8 = format ---------- */
	mov	tt_on, #COPY_MMU_OFF
	mov	dest, xzr			/* no DESTINATION seen yet */
	cbz	tt_root, .Lno_map		/* no map: copy with MMU off */
	bl	mmu_on
	mov	tt_on, #COPY_GENERIC
	set_phase KRELOC_PHASE_MMU_ON
.Lno_map:
	stamp	KRELOC_TS_MMU_ON
	cbz	uart, .Lverify
	bl	uart_mmu			/* "kreloc: mmu on" */
.Lverify:
	tbz	flags, #KRELOC_F_VERIFY_BIT, .Lcopy
	bl	verify				/* returns if every digest matched */

	/*
	 * --- 3. copy: the kexec list, Linux's format + ZERO, CLEAN -----
	 * .Lnext_entry handles every entry, in every mode. With the caches
	 * on and 64-byte lines, a DESTINATION switches to a walker whose
	 * SOURCE path copies and cleans in one loop (SIMD if the host
	 * allows it); anything else it hands back to .Lnext_entry.
	 */
.Lcopy:
	mov	zva_size, xzr			/* DC ZVA needs the caches on */
	cbz	tt_on, 13f
	mrs	x0, dczid_el0
	tbnz	x0, #DCZID_DZP_BIT, 19f		/* prohibited (or trapped) */
	and	x0, x0, #0xf
	mov	zva_size, #4
	lsl	zva_size, zva_size, x0		/* zva_size = 4 << DCZID.BS */
19:	cmp	line_size, #64
	b.ne	13f
	mov	tt_on, #COPY_GPR64
	tbz	flags, #KRELOC_F_FPSIMD_BIT, 13f
	bl	fpsimd_on
	mov	tt_on, #COPY_SIMD64
13:	cbz	uart, .Lcopy_start
	mov	x30, list_next			/* the head, for uart_copied */
.Lcopy_start:
	adr	walker, .Lnext_entry
	set_phase KRELOC_PHASE_COPY
	br	walker

.Lnext_entry:
	tbnz	list_next, #KRELOC_ENTRY_DONE_BIT, .Lcopy_done
	and	x1, list_next, page_mask	/* x1 = addr */
	tst	list_next, #KRELOC_ENTRY_PAGE_OPS
	b.eq	.Lnot_page			/* no SOURCE, ZERO or CLEAN */
	cbz	dest, .Lno_dest
	add	x0, dest, page_size		/* x0 = end of this dest page */
	cbnz	tt_on, .Lfill
	tst	list_next, #(KRELOC_ENTRY_SOURCE | KRELOC_ENTRY_ZERO)
	b.eq	.Lclean_page			/* CLEAN alone: as .Lfill decides */
	mov	x2, dest			/* MMU off: drop stale lines first */
	dcache_range ivac, x2, x0
	dsb	sy
.Lfill:
	tbnz	list_next, #KRELOC_ENTRY_SOURCE_BIT, 12f
	tbnz	list_next, #KRELOC_ENTRY_ZERO_BIT, .Lzero_page
	b	.Lclean_page			/* CLEAN: already in place */
12:	ldp	x2, x3, [x1], #16		/* copy one page, 64 bytes a turn */
	ldp	x4, x5, [x1], #16
	ldp	x6, x7, [x1], #16
	ldp	x8, x9, [x1], #16
	stp	x2, x3, [dest], #16
	stp	x4, x5, [dest], #16
	stp	x6, x7, [dest], #16
	stp	x8, x9, [dest], #16
	cmp	dest, x0
	b.lo	12b
	b	.Lpage_done
.Lzero_page:
	cbz	zva_size, 14f
	cmp	zva_size, line_size
	b.ne	15f
16:	dc	zva, dest			/* block = line: zero and clean */
	dc	civac, dest			/* in one pass, two at a turn */
	add	dest, dest, zva_size
	dc	zva, dest
	dc	civac, dest
	add	dest, dest, zva_size
	cmp	dest, x0
	b.lo	16b
	b	.Lread_next
15:	dc	zva, dest			/* a whole block at a time */
	add	dest, dest, zva_size
	cmp	dest, x0
	b.lo	15b
	b	.Lpage_done
14:	stp	xzr, xzr, [dest], #16		/* MMU off, or no DC ZVA */
	stp	xzr, xzr, [dest], #16
	stp	xzr, xzr, [dest], #16
	stp	xzr, xzr, [dest], #16
	cmp	dest, x0
	b.lo	14b
.Lpage_done:
	cbz	tt_on, .Lread_next		/* MMU off: already in memory */
.Lclean_page:
	sub	x2, x0, page_size		/* clean the page to PoC */
	dcache_range civac, x2, x0
	mov	dest, x0			/* dest += page */
	b	.Lread_next
.Lnot_page:
	tbz	list_next, #KRELOC_ENTRY_INDIRECTION_BIT, .Lnot_indirection
	mov	ptr, x1				/* ptr = next list page */
	b	.Lread_next
.Lnot_indirection:
	tbnz	list_next, #KRELOC_ENTRY_DIGEST_BIT, .Lskip_digest
	tbz	list_next, #KRELOC_ENTRY_DESTINATION_BIT, .Lread_next
	mov	dest, x1			/* dest = addr */
	cmp	tt_on, #COPY_GPR64		/* from now on, the fast walker */
	b.lo	.Lread_next
	adr	walker, .Lwalk_gpr64
	b.eq	.Lread_next
	adr	walker, .Lwalk_simd64
.Lread_next:
	ldr	list_next, [ptr], #8		/* entry = *ptr++ */
	sub	x5, dest, #64			/* for a fast walker */
	br	walker

/*
 * The fast walkers: caches on, 64-byte lines, dest set. Each line is
 * cleaned right after its last store; the store pointers trail one turn
 * behind so that a pre-indexed store moves each one on for free. While
 * they run, x5 stands for dest - 64 and dest itself is stale: every way
 * out goes through .Lfast_exit, every way in through .Lread_next.
 */
.Lwalk_simd64:
	sub	x1, list_next, #KRELOC_ENTRY_SOURCE
	bics	xzr, x1, page_mask		/* SOURCE alone, or not ours */
	b.ne	.Lfast_exit
	add	x0, x1, page_size		/* x0 = end of the source page */
	sub	x2, x5, #192			/* lines 0..3 of the last block */
	sub	x3, x5, #128
	sub	x4, x5, #64
17:	ldp	q0, q1, [x1], #32		/* 256 bytes a turn */
	ldp	q2, q3, [x1], #32
	ldp	q4, q5, [x1], #32
	ldp	q6, q7, [x1], #32
	ldp	q16, q17, [x1], #32
	ldp	q18, q19, [x1], #32
	ldp	q20, q21, [x1], #32
	ldp	q22, q23, [x1], #32
	stp	q0, q1, [x2, #256]!
	stp	q2, q3, [x2, #32]
	stp	q4, q5, [x3, #256]!
	stp	q6, q7, [x3, #32]
	stp	q16, q17, [x4, #256]!
	stp	q18, q19, [x4, #32]
	stp	q20, q21, [x5, #256]!
	stp	q22, q23, [x5, #32]
	dc	civac, x2
	dc	civac, x3
	dc	civac, x4
	dc	civac, x5
	cmp	x1, x0
	b.lo	17b
	ldr	list_next, [ptr], #8
	b	.Lwalk_simd64

.Lwalk_gpr64:
	sub	x1, list_next, #KRELOC_ENTRY_SOURCE
	bics	xzr, x1, page_mask		/* SOURCE alone, or not ours */
	b.ne	.Lfast_exit
	add	x0, x1, page_size
18:	ldp	x2, x3, [x1], #16		/* one line a turn */
	ldp	x4, x6, [x1], #16
	ldp	x7, x8, [x1], #16
	ldp	x9, x10, [x1], #16		/* list_next is free till the ldr */
	stp	x2, x3, [x5, #64]!
	stp	x4, x6, [x5, #16]
	stp	x7, x8, [x5, #32]
	stp	x9, x10, [x5, #48]
	dc	civac, x5
	cmp	x1, x0
	b.lo	18b
	ldr	list_next, [ptr], #8
	b	.Lwalk_gpr64

.Lfast_exit:
	add	dest, x5, #64			/* dest is true again */
	b	.Lnext_entry

.Lempty_list:					/* nothing to copy */
	mov	x30, list_next			/* the head, DONE, for uart_copied */
	b	.Lcopy_done

.Lskip_digest:					/* its payload is data, not entries */
	add	ptr, ptr, #(KRELOC_DIGEST_WORDS * 8)
	b	.Lread_next

.Lno_dest:					/* SOURCE before DESTINATION */
	bl	mmu_off
	mov	x0, #KRELOC_STUB_ERR_NO_DEST
	b	kreloc_stop

	/* --- 4. clean: every dc civac done before the MMU goes off ---- */
.Lcopy_done:
	set_phase KRELOC_PHASE_CLEAN
	stamp	KRELOC_TS_COPY_DONE
	cbz	uart, .Lcounted
	mov	x0, x30				/* the head, from .Lcopy_start */
	bl	uart_copied			/* "kreloc: copy 123 pages" */
.Lcounted:
	dsb	sy
	stamp	KRELOC_TS_CLEAN_DONE
	dsb	sy				/* ...and the stamp's own clean */

	/* --- 5. jump -------------------------------------------------- */
	bl	mmu_off
	bl	forget				/* no stale TLB entry or instruction */
	cbz	uart, .Ljump
	bl	uart_jump			/* "kreloc: jump 0x40200000" */
.Ljump:
	set_phase KRELOC_PHASE_JUMP
	stamp	KRELOC_TS_JUMP
	dsb	sy
	mov	x0, kern_x0
	mov	x1, kern_x1
	mov	x2, kern_x2
	mov	x3, kern_x3
	br	entry
stub_endfunc kreloc_stub

	.section ".kreloc.text.tail", "ax"

/*
 * check_args: refuse what the stub cannot do, before anything is written.
 * In: flags, page_size, list_next, x6 = T0SZ, cur_el. Out: page_mask;
 * FP/SIMD on at our EL for KRELOC_F_VERIFY. Clobbers x0-x2, x9, flags.
 * Returns, or goes to kreloc_stop.
 */
stub_func check_args
	mov	x0, #KRELOC_STUB_ERR_FLAGS
	mov_imm64 x1, ~KRELOC_FLAGS_KNOWN
	tst	flags, x1
	b.ne	kreloc_stop
	mov	x0, #KRELOC_STUB_ERR_PAGE_SIZE	/* page_size in 4K/16K/64K */
	cmp	page_size, #0x1000
	mov	x2, #0x4000
	ccmp	page_size, x2, #4, ne		/* eq if either matched */
	b.eq	1f
	cmp	page_size, #0x10000
	b.ne	kreloc_stop
1:	neg	page_mask, page_size		/* ~(page_size - 1) */
	tbz	flags, #KRELOC_F_VERIFY_BIT, 4f
	mov	x0, #KRELOC_STUB_ERR_VERIFY_FPSIMD	/* its hash state is SIMD */
	tbz	flags, #KRELOC_F_FPSIMD_BIT, kreloc_stop
	mov	x9, x30
	bl	fpsimd_on
	mov	x30, x9
4:	mov	x0, #KRELOC_STUB_ERR_HEAD
	tst	list_next, #(KRELOC_ENTRY_DONE | KRELOC_ENTRY_INDIRECTION)
	b.eq	kreloc_stop
	/*
	 * With FEAT_RME, EL3's MMU-off accesses go to the Root PA space and
	 * its cache maintenance misses the Non-secure lines of the same PA:
	 * neither path could move a Non-secure kernel.
	 */
	mov	x0, #KRELOC_STUB_ERR_RME
	cmp	cur_el, #3
	b.ne	2f
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #PFR0_RME_SHIFT, #4
	cbnz	x1, kreloc_stop
2:	cbz	tt_root, 3f			/* no map: T0SZ unused */
	mov	x0, #KRELOC_STUB_ERR_T0SZ	/* out of range: IMPDEF walks */
	sub	x1, x6, #KRELOC_T0SZ_MIN
	cmp	x1, #(KRELOC_T0SZ_MAX - KRELOC_T0SZ_MIN)
	b.hi	kreloc_stop
3:	ret
stub_endfunc check_args

/*
 * mmu_on: the host's identity map live, caches on.
 * In: tt_root, x6 = T0SZ, x7 = granule, x8 = format, cur_el, e2h; the
 * MMU off (SCTLR at its known value). Clobbers x0-x5, x9, flags; keeps
 * x30 in x9. Returns, or goes to kreloc_stop.
 */
stub_func mmu_on
	mov	x9, x30
	mov	x0, #KRELOC_STUB_ERR_TT_FORMAT
	cmp	cur_el, #1			/* EL1 and EL2&0 share a format */
	ccmp	e2h, #1, #4, ne			/* eq: EL1, or E2H set */
	cset	x2, ne
	add	x2, x2, #KRELOC_TT_EL1		/* x2 = the format we need */
	cmp	x8, x2
	b.ne	kreloc_stop

	mov	x0, #KRELOC_STUB_ERR_GRANULE
	mrs	x1, id_aa64mmfr0_el1
	cmp	x7, #0x1000
	b.ne	1f
	ubfx	x3, x1, #MMFR0_TGRAN4_SHIFT, #4
	cmp	x3, #0xf
	b.eq	kreloc_stop
	mov	x4, #TCR_TG0_4K
	b	3f
1:	cmp	x7, #0x4000
	b.ne	2f
	ubfx	x3, x1, #MMFR0_TGRAN16_SHIFT, #4
	cbz	x3, kreloc_stop
	mov	x4, #TCR_TG0_16K
	b	3f
2:	cmp	x7, #0x10000
	b.ne	kreloc_stop
	ubfx	x3, x1, #MMFR0_TGRAN64_SHIFT, #4
	cmp	x3, #0xf
	b.eq	kreloc_stop
	mov	x4, #TCR_TG0_64K

	/*
	 * TCR is written whole, so none of the host's fields (HA/HD, TBI,
	 * HPD, DS, EPD) survive. x5 = min(PARange, 48 bits).
	 */
3:	ubfx	x5, x1, #MMFR0_PARANGE_SHIFT, #4
	cmp	x5, #PARANGE_48BIT
	mov	x3, #PARANGE_48BIT
	csel	x5, x5, x3, ls
	mov	x1, #TCR_COMMON
	orr	x1, x1, x6			/* T0SZ */
	orr	x1, x1, x4, lsl #TCR_TG0_SHIFT
	cmp	x2, #KRELOC_TT_EL1
	b.ne	4f
	orr	x1, x1, #TCR_EPD1
	orr	x1, x1, #TCR_TG1_4K
	orr	x1, x1, x5, lsl #TCR_EL1_IPS_SHIFT
	b	5f
4:	mov	x3, #TCR_EL2_RES1
	orr	x1, x1, x3
	orr	x1, x1, x5, lsl #TCR_EL2_PS_SHIFT
5:	mov	x2, #KRELOC_MAIR_VALUE
	el_msr	mair, x2
	el_msr	tcr, x1
	el_msr	ttbr0, tt_root
	bl	tcr2_clear
	isb
	bl	tlb_flush			/* forget any old translation */
	el_mrs	x1, sctlr			/* known value, WXN clear */
	mov	x2, #(SCTLR_M | SCTLR_C | SCTLR_I)
	orr	x1, x1, x2
	el_msr	sctlr, x1
	isb
	ret	x9
stub_endfunc mmu_on

/*
 * tcr2_clear: TCR2_ELx = 0 where FEAT_TCR2 has one (EL1, EL2 with or
 * without E2H; EL3 keeps those controls in TCR_EL3, written whole). A
 * host with stage-1 permission indirection (TCR2.PIE, Linux 6.6+) would
 * otherwise reinterpret our descriptors through its PIR: our RAM would
 * be read-only and the first copy store would fault. HCRX_EL2 needs no
 * care: it only touches EL1&0, and only through TCR2_EL1 (and SCTLR2),
 * which this leaves at 0. In: cur_el. Clobbers x1, flags. The caller
 * synchronises (isb).
 */
stub_func tcr2_clear
	mrs	x1, id_aa64mmfr3_el1
	ubfx	x1, x1, #MMFR3_TCRX_SHIFT, #4
	cbz	x1, 2f				/* no TCR2 */
	cmp	cur_el, #2
	b.hi	2f
	b.eq	1f
	msr	tcr2_el1, xzr
	b	2f
1:	msr	tcr2_el2, xzr			/* the EL2 name, E2H or not */
2:	ret
stub_endfunc tcr2_clear

/*
 * tlb_flush: invalidate the current regime's TLB, all of it, and wait.
 * dsb ish rather than nsh: under a hypervisor that sets HCR_EL2.FB, an
 * EL1 tlbi is broadcast. In: cur_el. Clobbers flags.
 */
stub_func tlb_flush
	cmp	cur_el, #2
	b.eq	1f
	b.hi	2f
	tlbi	vmalle1
	b	3f
1:	tlbi	alle2				/* EL2 and EL2&0 */
	b	3f
2:	tlbi	alle3
3:	dsb	ish
	isb
	ret
stub_endfunc tlb_flush

/*
 * forget: with the MMU off, before leaving the stub for the kernel or for
 * fail_addr: the stub's global identity entries out of the TLB (a next
 * MMU-on without its own tlbi would find them), then every instruction
 * fetched so far out of the I-cache. Clobbers x1, x9, flags.
 */
	.globl	forget
	.hidden	forget
stub_func forget
	mov	x9, x30
	bl	tlb_flush
	ic	iallu				/* no stale instruction remains */
	dsb	ish
	isb
	ret	x9
stub_endfunc forget

/*
 * mmu_off: SCTLR_ELx = its known MMU-off value (KRELOC_SCTLR_EL1_OFF or
 * KRELOC_SCTLR_EL2_OFF, with EE/E0E as the host ran): MMU and caches off,
 * and none of the host's other controls (alignment checks, WXN, PAC, BTI
 * and MTE modes, NMI) left for the stub or the next kernel.
 * In: cur_el, e2h. Clobbers x1, x2, flags. Returns through x30.
 */
	.globl	mmu_off
	.hidden	mmu_off
stub_func mmu_off
	el_mrs	x1, sctlr
	and	x1, x1, #SCTLR_KEEP
	cmp	cur_el, #1
	ccmp	e2h, #1, #4, ne			/* eq: the EL1 layout */
	b.ne	1f
	movz	x2, #(KRELOC_SCTLR_EL1_OFF & 0xffff)
	movk	x2, #(KRELOC_SCTLR_EL1_OFF >> 16), lsl #16
	b	2f
1:	bic	x1, x1, #KRELOC_SCTLR_E0E	/* no E0E in this layout */
	movz	x2, #(KRELOC_SCTLR_EL2_OFF & 0xffff)
	movk	x2, #(KRELOC_SCTLR_EL2_OFF >> 16), lsl #16
2:	orr	x1, x1, x2
	el_msr	sctlr, x1, isb			/* isb right before: Falkor E1041 */
	isb
	ret
stub_endfunc mmu_off

/*
 * fpsimd_on: stop FP/SIMD from trapping at our own EL (CPACR_EL1.FPEN,
 * which is CPTR_EL2 under E2H; else CPTR_EL2/EL3.TFP). A higher EL's
 * trap is the host's to clear: it asked for SIMD with KRELOC_F_FPSIMD.
 * Clobbers x0, flags.
 */
	.globl	fpsimd_on
	.hidden	fpsimd_on
stub_func fpsimd_on
	cmp	cur_el, #2
	b.hi	2f
	b.lo	1f
	cbnz	e2h, 1f
	mrs	x0, cptr_el2
	bic	x0, x0, #CPTR_TFP
	msr	cptr_el2, x0
	b	3f
1:	mrs	x0, cpacr_el1
	orr	x0, x0, #CPACR_FPEN
	msr	cpacr_el1, x0
	b	3f
2:	mrs	x0, cptr_el3
	bic	x0, x0, #CPTR_TFP
	msr	cptr_el3, x0
3:	isb
	ret
stub_endfunc fpsimd_on

/*
 * status_uncache: clean and invalidate the status record to PoC, so that
 * the MMU-off stores that follow cannot be overwritten by a dirty line the
 * host left behind. In: status, line_size. Clobbers x1, x2, flags.
 */
	.globl	status_uncache
	.hidden	status_uncache
stub_func status_uncache
	sub	x1, line_size, #1
	bic	x1, status, x1
	add	x2, status, #KRELOC_OFF_STATUS_SIZE
	dcache_range civac, x1, x2
	dsb	sy
	ret
stub_endfunc status_uncache

/*
 * kreloc_stop: give up, with the MMU off. In: x0 = KRELOC_STUB_ERR_*.
 * Records the error, prints it ("kreloc: stop: error 7 in phase 3"),
 * then enters fail_addr with x0 = status record, or parks the CPU.
 * Never returns.
 */
	.globl	kreloc_stop
	.hidden	kreloc_stop
stub_func kreloc_stop
	mov	x6, x0
	cbz	status, 13f
	bl	status_uncache			/* no write-back may undo it */
	str	x6, [status, #KRELOC_OFF_STATUS_ERROR]
	dsb	sy
13:	cbz	uart, 14f
	mov	x4, x6
	adr	x0, .Lstr_stop
	bl	uart_printf
	mov	x4, phase
	adr	x0, .Lstr_stop_phase
	bl	uart_printf
14:	cbz	fail_addr, park
	bl	forget				/* as for the kernel */
	mov	x0, status
	br	fail_addr
stub_endfunc kreloc_stop

	.globl	park
	.hidden	park
stub_func park
	wfe
	b	park
stub_endfunc park

/*
 * The breadcrumbs. Each uart_* routine runs only with a UART (the caller's
 * cbz), uses no memory but its strings (in this section: the blob has no
 * data) and the UART's registers, and returns through x30.
 */

/*
 * uart_entry: take the UART the host named, if the stub can drive it,
 * then print "kreloc: entry EL<n><t|h>[ vhe]". In: x4 = uart_pa
 * (nonzero), x5 = uart_type, cur_el, e2h. Out: uart. Clobbers x0-x5, x9,
 * flags. Returns, or goes to kreloc_stop (KRELOC_STUB_ERR_UART) silent.
 */
	.if	KRELOC_UART_SHIFT(1) != 0x10 || KRELOC_UART_WIDTH(4) != 0x400
	.error	"uart_entry: the uart_type layout changed"
	.endif
stub_func uart_entry
	mov	x0, #KRELOC_STUB_ERR_UART
	lsr	x1, x4, #UART_PA_BITS
	cbnz	x1, kreloc_stop			/* beyond our descriptors */
	cmp	x5, #KRELOC_UART_PL011
	b.eq	2f				/* a PL011: the PA is all */
	/*
	 * 16550: 1-byte accesses at any shift, 4-byte ones with registers
	 * at least 4 bytes apart (else LSR would be misaligned).
	 */
	bic	x1, x5, #KRELOC_UART_SHIFT(KRELOC_UART_SHIFT_MAX)
	cmp	x1, #(KRELOC_UART_16550 | KRELOC_UART_WIDTH(1))
	b.eq	1f
	cmp	x1, #(KRELOC_UART_16550 | KRELOC_UART_WIDTH(4))
	b.ne	kreloc_stop
	cmp	x5, #(KRELOC_UART_16550 | KRELOC_UART_SHIFT(2) | KRELOC_UART_WIDTH(4))
	b.lo	kreloc_stop			/* shift under 2 */
	orr	x4, x4, #(1 << UART_W32_BIT)
1:	ubfx	x1, x5, #4, #2			/* shift */
	mov	x2, #UART_16550_LSR
	lsl	x2, x2, x1			/* LSR offset = 5 << shift */
	orr	x4, x4, x2, lsl #UART_LSR_LSB
	orr	x4, x4, #(1 << UART_16550_BIT)
2:	mov	uart, x4
	mov	x9, x30
	mov	x4, cur_el
	adr	x0, .Lstr_entry
	bl	uart_printf
	mrs	x1, spsel
	adr	x0, .Lstr_sp_elx		/* "h" */
	add	x2, x0, #2			/* "t" */
	cmp	x1, #0
	csel	x0, x2, x0, eq
	bl	uart_printf
	adr	x0, .Lstr_vhe			/* " vhe\r\n" */
	add	x2, x0, #4			/* "\r\n" */
	cmp	e2h, #0
	csel	x0, x2, x0, eq
	mov	x30, x9
	b	uart_printf
stub_endfunc uart_entry

/* uart_mmu: "kreloc: mmu on", or "mmu off" (no map). In: tt_on. */
stub_func uart_mmu
	adr	x0, .Lstr_mmu_on
	adr	x1, .Lstr_mmu_off
	cmp	tt_on, #COPY_MMU_OFF
	csel	x0, x1, x0, eq
	b	uart_printf
stub_endfunc uart_mmu

/*
 * uart_copied: "kreloc: copy N pages", N the page ops (SOURCE, ZERO,
 * CLEAN) of the list, walked again from its head: counting them during
 * the copy would cost an instruction a page with no UART too. The list
 * pages are control pages, in no destination. In: x0 = the list head
 * (INDIRECTION, or DONE: nothing to copy), page_mask. Clobbers x0-x5,
 * flags.
 */
stub_func uart_copied
	mov	x4, xzr				/* pages */
	mov	x1, x0				/* entry = head */
1:	tbnz	x1, #KRELOC_ENTRY_DONE_BIT, 3f
	tst	x1, #KRELOC_ENTRY_PAGE_OPS
	cinc	x4, x4, ne
	b.ne	2f				/* a page op, as the copy reads it */
	tbz	x1, #KRELOC_ENTRY_INDIRECTION_BIT, 4f
	and	x2, x1, page_mask		/* ptr = next list page */
	b	2f
4:	tbz	x1, #KRELOC_ENTRY_DIGEST_BIT, 2f
	add	x2, x2, #(KRELOC_DIGEST_WORDS * 8)	/* its payload is data */
2:	ldr	x1, [x2], #8			/* entry = *ptr++ */
	b	1b
3:	adr	x0, .Lstr_copy
	b	uart_printf
stub_endfunc uart_copied

/* uart_jump: "kreloc: jump 0x<entry>". In: entry. */
stub_func uart_jump
	mov	x4, entry
	adr	x0, .Lstr_jump
	b	uart_printf
stub_endfunc uart_jump

/*
 * uart_printf: print the NUL-terminated string at x0; a UART_FMT_HEX byte
 * in it prints x4 in hex, UART_FMT_DEC in decimal (x4 < 10^16), with no
 * leading zeros: one number a call. Decimal goes through BCD, one digit a
 * nibble, then out as hex. In: x0, x4, uart (nonzero). Out: x0 just past
 * the string's NUL (the next string, if they follow each other).
 * Clobbers x1-x5, flags.
 */
	.globl	uart_printf
	.hidden	uart_printf
stub_func uart_printf
	mov	x5, xzr				/* bits of x4 left to print */
.Lpf_next:
	cbnz	x5, .Lpf_digit
	ldrb	w1, [x0], #1			/* c = *s++ */
	cbz	w1, .Lpf_end
	cmp	w1, #UART_FMT_DEC
	b.hi	.Lpf_put			/* a plain character */
	b.eq	.Lpf_dec
	orr	x5, x4, #1			/* hex: 4 * significant digits */
	clz	x5, x5
	bic	x5, x5, #3
	mov	x1, #64
	sub	x5, x1, x5
	b	.Lpf_digit
.Lpf_dec:
	mov	x2, xzr				/* x2 = x4 in BCD */
1:	mov	x3, #10
	udiv	x1, x4, x3
	msub	x3, x1, x3, x4			/* x3 = x4 % 10 */
	lsl	x3, x3, x5
	orr	x2, x2, x3
	add	x5, x5, #4
	mov	x4, x1				/* x4 /= 10 */
	cbnz	x4, 1b
	mov	x4, x2
.Lpf_digit:
	sub	x5, x5, #4
	lsr	x1, x4, x5
	and	x1, x1, #0xf
	cmp	x1, #10
	add	x2, x1, #('a' - 10)
	add	x1, x1, #'0'
	csel	x1, x2, x1, hs
.Lpf_put:
	uart_putc
	b	.Lpf_next
.Lpf_end:
	ret
stub_endfunc uart_printf

/* Strings for uart_printf: \1 prints x4 in hex, \2 in decimal. */
.Lstr_entry:		.asciz	"kreloc: entry EL\2"
.Lstr_sp_elx:		.asciz	"h"		/* "t" follows: uart_entry */
			.asciz	"t"
.Lstr_vhe:		.asciz	" vhe\r\n"	/* "\r\n" at +4: uart_entry */
.Lstr_mmu_on:		.asciz	"kreloc: mmu on\r\n"
.Lstr_mmu_off:		.asciz	"kreloc: mmu off (no map)\r\n"
.Lstr_copy:		.asciz	"kreloc: copy \2 pages\r\n"
.Lstr_jump:		.asciz	"kreloc: jump 0x\1\r\n"
.Lstr_stop:		.asciz	"kreloc: stop: error \2"
.Lstr_stop_phase:	.asciz	" in phase \2\r\n"
	.globl	uart_str_fault
	.hidden	uart_str_fault
uart_str_fault:		.asciz	"kreloc: exception in phase \2"
	.globl	uart_str_fault_hex
	.hidden	uart_str_fault_hex
uart_str_fault_hex:	.ascii	" vector 0x\1\0 esr 0x\1\0 elr 0x\1\0 far 0x\1\r\n\0"
	.balign	4
