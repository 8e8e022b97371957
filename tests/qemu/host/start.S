/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * Test host entry, at whatever EL QEMU started us in, MMU off.
 * harness_failed is the fail_addr the host gives the stub: it comes back
 * here with the MMU off, x0 = status record, and a stack we must rebuild.
 */
	.section ".text.start", "ax"
	.globl	_start
	.type	_start, %function
_start:
	msr	daifset, #0xf
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	harness_main
3:	b	3b
	.size	_start, . - _start

	.globl	harness_failed
	.type	harness_failed, %function
harness_failed:
	ldr	x1, =__stack_top
	mov	sp, x1
	bl	harness_stub_failed
4:	b	4b
	.size	harness_failed, . - harness_failed

	.section ".rodata.payload", "a"
	.balign	16
	.globl	payload_start
payload_start:
	.incbin	PAYLOAD_BIN
	.globl	payload_end
payload_end:
