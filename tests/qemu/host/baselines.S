/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The methods kreloc replaces, for `make bench` only, one page per call:
 *
 * baseline_mmu_off(dst, src, size, line): the pre-seed MMU-off method:
 *	invalidate the destination lines to PoC, dsb, then a 64-byte
 *	ldp/stp copy loop.
 * baseline_copy_page(dst, src, size, line): the seed's successor's loop
 *	shape: a copy_page-style 64-byte GPR ldp/stp loop, then a separate
 *	per-line dc civac pass (the dsb comes once, after the last page).
 */
	.text

	.macro copy64 dst, src, end
1:	ldp	x4, x5, [\src], #16
	ldp	x6, x7, [\src], #16
	ldp	x8, x9, [\src], #16
	ldp	x10, x11, [\src], #16
	stp	x4, x5, [\dst], #16
	stp	x6, x7, [\dst], #16
	stp	x8, x9, [\dst], #16
	stp	x10, x11, [\dst], #16
	cmp	\dst, \end
	b.lo	1b
	.endm

	.globl	baseline_mmu_off
	.type	baseline_mmu_off, %function
baseline_mmu_off:
	add	x12, x0, x2			/* end of the destination page */
	mov	x13, x0
2:	dc	ivac, x13
	add	x13, x13, x3
	cmp	x13, x12
	b.lo	2b
	dsb	sy
	copy64	x0, x1, x12
	ret
	.size	baseline_mmu_off, . - baseline_mmu_off

	.globl	baseline_copy_page
	.type	baseline_copy_page, %function
baseline_copy_page:
	add	x12, x0, x2
	mov	x13, x0
	copy64	x0, x1, x12
3:	dc	civac, x13
	add	x13, x13, x3
	cmp	x13, x12
	b.lo	3b
	ret
	.size	baseline_copy_page, . - baseline_copy_page
