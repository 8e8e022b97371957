// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * Compiled to assembly only (-S): each value leaves a "->NAME VALUE" line
 * that scripts/gen-asm-offsets.sh turns into a #define for the stub.
 */
#include "abi-offsets.h"

#define KRELOC_EMIT(name, value) \
	__asm__ volatile("\n.ascii \"->KRELOC_OFF_" #name " %0\"" : : "i"(value));

void kreloc_asm_offsets(void);

void kreloc_asm_offsets(void)
{
	KRELOC_ABI_OFFSETS(KRELOC_EMIT)
}
