/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * kreloc_stub: move a new kernel into place and enter it.
 *
 * Entered at offset 0 of the blob with x0 = PA of a struct kreloc_args, at
 * EL1, EL2 (E2H 0 or 1) or EL3, with the MMU off, or on with this page
 * identity mapped. No stack, no data: every variable lives in a register
 * (see the map in stub.h). The phases, in order:
 *
 *   1. entry    mask DAIF, find the regime, install our vectors, MMU off,
 *               read every argument, check them
 *   2. mmu_on   the host's identity map, caches on (skipped without one)
 *   3. copy     walk the kexec list; clean each page to PoC once written,
 *               or, with the MMU off, invalidate it before writing
 *   4. clean    wait for the last clean (dsb)
 *   5. jump     MMU and caches off, I-cache invalidated, x0..x3, branch
 *
 * A failure before the copy, or any exception, ends in kreloc_stop: the
 * status record says why, then fail_addr is entered or the CPU parks.
 */
#include "stub.h"

	.section ".kreloc.text", "ax"

	.globl	kreloc_stub
stub_func kreloc_stub
	/* --- 1. entry ------------------------------------------------- */
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
	ldr	status, [args, #KRELOC_OFF_ARGS_STATUS_PA]
	ldr	fail_addr, [args, #KRELOC_OFF_ARGS_FAIL_ADDR]
	ldr	entry, [args, #KRELOC_OFF_ARGS_ENTRY]
	ldp	kern_x0, kern_x1, [args, #KRELOC_OFF_ARGS_X0]
	ldp	kern_x2, kern_x3, [args, #KRELOC_OFF_ARGS_X2]
	ldr	page_size, [args, #KRELOC_OFF_ARGS_PAGE_SIZE]
	ldr	list_next, [args, #KRELOC_OFF_ARGS_LIST_HEAD]
	ldr	tt_root, [args, #KRELOC_OFF_ARGS_TT_ROOT]
	ldr	x13, [args, #KRELOC_OFF_ARGS_TT_T0SZ]
	and	x13, x13, #0x3f			/* a T0SZ, whatever the host sent */
	ldr	x7, [args, #KRELOC_OFF_ARGS_TT_GRANULE]
	ldr	x8, [args, #KRELOC_OFF_ARGS_TT_FORMAT]
	ldr	x9, [args, #KRELOC_OFF_ARGS_FLAGS]
	/* From here on the argument block is never read again. */

	cbz	status, 2f			/* start a fresh record */
	bl	status_uncache
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_PHASE]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_ENTRY_EL]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_VECTOR]
	stp	xzr, xzr, [status, #KRELOC_OFF_STATUS_ELR]
	orr	x1, cur_el, e2h, lsl #4
	str	x1, [status, #KRELOC_OFF_STATUS_ENTRY_EL]
2:	set_phase KRELOC_PHASE_ENTRY

	mov	x0, #KRELOC_STUB_ERR_FLAGS
	mov_imm64 x1, ~KRELOC_FLAGS_KNOWN
	tst	x9, x1
	b.ne	kreloc_stop
	mov	x0, #KRELOC_STUB_ERR_PAGE_SIZE	/* page_size in 4K/16K/64K */
	cmp	page_size, #0x1000
	mov	x2, #0x4000
	ccmp	page_size, x2, #4, ne		/* eq if either matched */
	b.eq	3f
	cmp	page_size, #0x10000
	b.ne	kreloc_stop
3:	neg	page_mask, page_size		/* ~(page_size - 1) */
	tbnz	list_next, #KRELOC_ENTRY_DONE_BIT, .Lcopy_done
	mov	x0, #KRELOC_STUB_ERR_HEAD
	tbz	list_next, #KRELOC_ENTRY_INDIRECTION_BIT, kreloc_stop

	/* --- 2. mmu_on: x13 = T0SZ, x7 = granule, x8 = format --------- */
	mov	tt_on, xzr
	mov	dest, xzr			/* no DESTINATION seen yet */
	cbz	tt_root, .Lcopy			/* no map: copy with MMU off */
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
	b.ne	4f
	ubfx	x3, x1, #MMFR0_TGRAN4_SHIFT, #4
	cmp	x3, #0xf
	b.eq	kreloc_stop
	mov	x4, #TCR_TG0_4K
	b	6f
4:	cmp	x7, #0x4000
	b.ne	5f
	ubfx	x3, x1, #MMFR0_TGRAN16_SHIFT, #4
	cbz	x3, kreloc_stop
	mov	x4, #TCR_TG0_16K
	b	6f
5:	cmp	x7, #0x10000
	b.ne	kreloc_stop
	ubfx	x3, x1, #MMFR0_TGRAN64_SHIFT, #4
	cmp	x3, #0xf
	b.eq	kreloc_stop
	mov	x4, #TCR_TG0_64K

6:	ubfx	x5, x1, #MMFR0_PARANGE_SHIFT, #4
	cmp	x5, #PARANGE_48BIT
	mov	x6, #PARANGE_48BIT
	csel	x5, x5, x6, ls			/* x5 = min(PARange, 48 bits) */
	mov	x1, #TCR_COMMON
	orr	x1, x1, x13			/* T0SZ */
	orr	x1, x1, x4, lsl #TCR_TG0_SHIFT
	cmp	x2, #KRELOC_TT_EL1
	b.ne	7f
	orr	x1, x1, #TCR_EPD1
	orr	x1, x1, #TCR_TG1_4K
	orr	x1, x1, x5, lsl #TCR_EL1_IPS_SHIFT
	b	8f
7:	mov	x6, #TCR_EL2_RES1
	orr	x1, x1, x6
	orr	x1, x1, x5, lsl #TCR_EL2_PS_SHIFT
8:	mov	x2, #KRELOC_MAIR_VALUE
	el_msr	mair, x2
	el_msr	tcr, x1
	el_msr	ttbr0, tt_root
	isb
	cmp	cur_el, #2			/* forget any old translation */
	b.eq	9f
	b.hi	10f
	tlbi	vmalle1
	b	11f
9:	tlbi	alle2
	b	11f
10:	tlbi	alle3
11:	dsb	nsh
	isb
	el_mrs	x1, sctlr
	mov	x2, #(SCTLR_M | SCTLR_C | SCTLR_I)
	orr	x1, x1, x2
	bic	x1, x1, #SCTLR_WXN		/* our writable pages run code */
	el_msr	sctlr, x1
	isb
	mov	tt_on, #1
	set_phase KRELOC_PHASE_MMU_ON

	/* --- 3. copy: the kexec list, Linux's format + ZERO, CLEAN ----- */
.Lcopy:
	mov	zva_size, xzr			/* DC ZVA needs the caches on */
	cbz	tt_on, 13f
	mrs	x0, dczid_el0
	tbnz	x0, #DCZID_DZP_BIT, 13f		/* prohibited (or trapped) */
	and	x0, x0, #0xf
	mov	zva_size, #4
	lsl	zva_size, zva_size, x0		/* zva_size = 4 << DCZID.BS */
13:	set_phase KRELOC_PHASE_COPY
.Lnext_entry:
	tbnz	list_next, #KRELOC_ENTRY_DONE_BIT, .Lcopy_done
	and	x1, list_next, page_mask	/* x1 = addr */
	tst	list_next, #KRELOC_ENTRY_PAGE_OPS
	b.eq	.Lnot_page			/* no SOURCE, ZERO or CLEAN */
	cbz	dest, .Lno_dest
	add	x0, dest, page_size		/* x0 = end of this dest page */
	cbnz	tt_on, .Lfill
	tbnz	list_next, #KRELOC_ENTRY_CLEAN_BIT, .Lclean_page
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
	tbz	list_next, #KRELOC_ENTRY_DESTINATION_BIT, .Lread_next
	mov	dest, x1			/* dest = addr */
.Lread_next:
	ldr	list_next, [ptr], #8		/* entry = *ptr++ */
	b	.Lnext_entry

.Lno_dest:					/* SOURCE before DESTINATION */
	bl	mmu_off
	mov	x0, #KRELOC_STUB_ERR_NO_DEST
	b	kreloc_stop

	/* --- 4. clean: every dc civac done before the MMU goes off ---- */
.Lcopy_done:
	set_phase KRELOC_PHASE_CLEAN
	dsb	sy

	/* --- 5. jump -------------------------------------------------- */
	bl	mmu_off
	ic	iallu				/* no stale instruction remains */
	dsb	nsh
	isb
	set_phase KRELOC_PHASE_JUMP
	dsb	sy
	mov	x0, kern_x0
	mov	x1, kern_x1
	mov	x2, kern_x2
	mov	x3, kern_x3
	br	entry
stub_endfunc kreloc_stub

/*
 * mmu_off: clear SCTLR_ELx.{M,C,I} of the current EL.
 * In: cur_el. Clobbers x1, x2, flags. Returns through x30.
 */
	.globl	mmu_off
	.hidden	mmu_off
stub_func mmu_off
	el_mrs	x1, sctlr
	mov	x2, #(SCTLR_M | SCTLR_C | SCTLR_I)
	bic	x1, x1, x2
	el_msr	sctlr, x1, isb			/* isb right before: Falkor E1041 */
	isb
	ret
stub_endfunc mmu_off

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
 * Records the error, then enters fail_addr with x0 = status record, or
 * parks the CPU. Never returns.
 */
	.globl	kreloc_stop
	.hidden	kreloc_stop
stub_func kreloc_stop
	cbz	status, 13f
	str	x0, [status, #KRELOC_OFF_STATUS_ERROR]
	add	x1, status, #KRELOC_OFF_STATUS_ERROR
	dc	civac, x1
	dsb	sy
13:	cbz	fail_addr, park
	mov	x0, status
	br	fail_addr
stub_endfunc kreloc_stop

	.globl	park
	.hidden	park
stub_func park
	wfe
	b	park
stub_endfunc park
