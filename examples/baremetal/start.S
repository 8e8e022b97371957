/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * Entry of the bare-metal hosts (the test host, the example bootloader),
 * at whatever EL QEMU starts them in, MMU off: a stack, a zeroed bss,
 * then bare_main(). bare_failed is the fail_addr they give the stub: it
 * comes back with the MMU off, x0 = status record, and a stack to rebuild
 * before bare_stub_failed(x0).
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
2:	bl	bare_main
3:	b	3b
	.size	_start, . - _start

	.globl	bare_failed
	.type	bare_failed, %function
bare_failed:
	ldr	x1, =__stack_top
	mov	sp, x1
	bl	bare_stub_failed
4:	b	4b
	.size	bare_failed, . - bare_failed
