/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The linked stub blob as data, for hosts that link kreloc in:
 * kreloc_blob_start[] .. kreloc_blob_end[] is what kreloc_install() copies.
 * KRELOC_STUB_BIN is the path of kreloc-stub.bin, given by the build.
 */
	.section ".rodata.kreloc_blob", "a"
	.balign	16
	.globl	kreloc_blob_start
	.type	kreloc_blob_start, %object
kreloc_blob_start:
	.incbin	KRELOC_STUB_BIN
	.globl	kreloc_blob_end
kreloc_blob_end:
	.size	kreloc_blob_start, kreloc_blob_end - kreloc_blob_start

#if defined(__linux__) && defined(__ELF__)
	.section ".note.GNU-stack", "", %progbits	/* no executable stack */
#endif
