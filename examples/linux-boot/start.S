/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * Entry of the example bootloader, at the EL QEMU starts it in, MMU off.
 * boot_failed is the fail_addr it gives the stub.
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
2:	bl	boot_main
3:	b	3b
	.size	_start, . - _start

	.globl	boot_failed
	.type	boot_failed, %function
boot_failed:
	ldr	x1, =__stack_top
	mov	sp, x1
	bl	boot_stub_failed
4:	b	4b
	.size	boot_failed, . - boot_failed
