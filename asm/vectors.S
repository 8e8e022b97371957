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

	.section ".kreloc.text.tail", "ax"

/*
 * kreloc_fault: in x0 = vector offset. Records ESR, ELR, FAR and the phase
 * with the MMU off, prints them on the UART if there is one, then stops.
 * Uses only x0-x7, x30: the long-lived registers (status, fail_addr,
 * cur_el, phase, uart) are intact while the stub runs, and only then are
 * they used.
 */
stub_func kreloc_fault
	/*
	 * VBAR still points here after the branch to the kernel or to
	 * fail_addr. An exception there must not trust our registers: only
	 * one taken inside this page is the stub's own.
	 */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.eq	2f
	b.hi	3f
	mrs	x4, elr_el1
	b	4f
2:	mrs	x4, elr_el2
	b	4f
3:	mrs	x4, elr_el3
4:	adr	x1, kreloc_stub
	sub	x1, x4, x1
	cmp	x1, #KRELOC_BLOB_SIZE
	b.hs	park				/* not ours: touch nothing */
	cmp	phase, #KRELOC_PHASE_FAULT
	b.ne	5f
	/*
	 * Faulted while reporting: if the UART is what faults, the rest
	 * of the report can still go out without it; the status record
	 * holds the first exception. Else park.
	 */
	cbz	uart, park
	mov	uart, xzr
	mov	x0, #KRELOC_STUB_ERR_EXCEPTION
	b	kreloc_stop
5:	mov	x6, phase			/* where we were */
	mov	x7, x0
	mov	phase, #KRELOC_PHASE_FAULT
	el_mrs	x3, esr
	el_mrs	x5, far
	dsb	sy				/* cleans done, as before the kernel */
	bl	mmu_off
	cbz	status, 1f
	bl	status_uncache			/* then write with caches off */
	str	phase, [status, #KRELOC_OFF_STATUS_PHASE]
	stp	x6, x7, [status, #KRELOC_OFF_STATUS_FAULT_PHASE]
	stp	x3, x4, [status, #KRELOC_OFF_STATUS_ESR]
	str	x5, [status, #KRELOC_OFF_STATUS_FAR]
	dsb	sy
1:	cbz	uart, 6f
	/* "kreloc: exception in phase 3 vector 0x200 esr 0x... elr ... far ..." */
	mov	x4, x6
	adr	x0, uart_str_fault
	bl	uart_printf
	adr	x0, uart_str_fault_hex		/* four strings, one a value */
	mov	x4, x7
	bl	uart_printf
	el_mrs	x4, esr				/* still the exception's */
	bl	uart_printf
	el_mrs	x4, elr
	bl	uart_printf
	el_mrs	x4, far
	bl	uart_printf
6:	mov	x0, #KRELOC_STUB_ERR_EXCEPTION
	b	kreloc_stop
stub_endfunc kreloc_fault
