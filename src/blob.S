/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The linked stub blob as data, for hosts that link kreloc in:
 * kreloc_blob_size bytes at kreloc_blob_start[] are what kreloc_install()
 * copies. The size is a word of its own, computed here by the assembler,
 * so that C never subtracts pointers to two different objects.
 * KRELOC_STUB_BIN is the path of kreloc-stub.bin, given by the build.
 */
	.section ".rodata.kreloc_blob", "a"
	.balign	8
	.globl	kreloc_blob_size
	.type	kreloc_blob_size, %object
kreloc_blob_size:
	.quad	kreloc_blob_end - kreloc_blob_start
	.size	kreloc_blob_size, 8

	.balign	16
	.globl	kreloc_blob_start
	.type	kreloc_blob_start, %object
kreloc_blob_start:
	.incbin	KRELOC_STUB_BIN
kreloc_blob_end:
	.size	kreloc_blob_start, kreloc_blob_end - kreloc_blob_start

#if defined(__linux__) && defined(__ELF__)
	.section ".note.GNU-stack", "", %progbits	/* no executable stack */
#endif
