/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The stub's exception vectors. Nothing should trap while the stub runs;
 * if something does (a source outside the identity map, a bad list
 * pointer), the exception is written to the status record and the stub
 * stops instead of running on into whatever the old vectors point at.
 */
#include "stub.h"

	.section ".kreloc.vectors", "ax"
	.balign	2048				/* VBAR_ELx[10:0] are RES0 */
	.globl	kreloc_vectors
	.hidden	kreloc_vectors
stub_func kreloc_vectors
	/* 16 entries of 0x80 bytes: current EL SP0, SPx, lower EL 64/32. */
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	.balign	0x80
	mov	x0, #(\n * 0x80)		/* which vector */
	b	kreloc_fault
	.endr
stub_endfunc kreloc_vectors

	.section ".kreloc.text", "ax"

/*
 * kreloc_fault: in x0 = vector offset. Records ESR, ELR, FAR and the phase
 * with the MMU off, then stops. Uses only x0-x7, x30: the long-lived
 * registers (status, fail_addr, cur_el, phase) are intact.
 */
stub_func kreloc_fault
	cmp	phase, #KRELOC_PHASE_FAULT
	b.eq	park				/* faulted while reporting */
	mov	x6, phase			/* where we were */
	mov	x7, x0
	mov	phase, #KRELOC_PHASE_FAULT
	el_mrs	x3, esr
	el_mrs	x4, elr
	el_mrs	x5, far
	bl	mmu_off
	cbz	status, 1f
	sub	x1, line_size, #1		/* drop cached copies, then */
	bic	x1, status, x1			/* write with caches off */
	add	x2, status, #KRELOC_OFF_STATUS_SIZE
	dcache_range civac, x1, x2
	dsb	sy
	str	phase, [status, #KRELOC_OFF_STATUS_PHASE]
	stp	x6, x7, [status, #KRELOC_OFF_STATUS_FAULT_PHASE]
	stp	x3, x4, [status, #KRELOC_OFF_STATUS_ESR]
	str	x5, [status, #KRELOC_OFF_STATUS_FAR]
	dsb	sy
1:	mov	x0, #KRELOC_STUB_ERR_EXCEPTION
	b	kreloc_stop
stub_endfunc kreloc_fault
