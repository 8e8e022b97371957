/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The payload's entry: what the stub branches to. Position independent:
 * it runs wherever the host relocated it. x0 points at the test_info
 * record, whose 64 KiB block also holds our stack.
 */
#include "../testinfo.h"

	.section ".text.start", "ax"
	.globl	_start
	.type	_start, %function
_start:
	mrs	x5, daif			/* as the stub left them */
	mov	x6, #TEST_INFO_SIZE
	add	x6, x0, x6
	mov	sp, x6				/* stack = top of the info block */
	adr	x4, _start			/* where we were relocated to */
	bl	payload_main			/* (x0..x3, image, daif) */
	bl	payload_exit			/* semihosting exit(x0) */
	.size	_start, . - _start
