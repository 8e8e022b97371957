/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/* The payload the test host relocates: payload_start[]..payload_end[]. */
	.section ".rodata.payload", "a"
	.balign	16
	.globl	payload_start
payload_start:
	.incbin	PAYLOAD_BIN
	.globl	payload_end
payload_end:
