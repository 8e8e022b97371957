// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The host operations that touch an AArch64 CPU: cache maintenance by VA,
 * which translation regime we are in, and the branch into the stub.
 */
#include <kreloc/kreloc.h>
#include "internal.h"

void kreloc_clean_to_poc(const void *va, size_t len)
{
	uint64_t ctr, line;
	uintptr_t p, end = (uintptr_t)va + len;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = UINT64_C(4) << ((ctr >> 16) & 0xf);	/* DminLine */
	for (p = (uintptr_t)va & ~(line - 1); p < end; p += line) {
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	}
	__asm__ volatile("dsb sy" : : : "memory");
}

void kreloc_arch_sync_icache(void)
{
	__asm__ volatile("ic iallu\n\tdsb nsh\n\tisb" : : : "memory");
}

void kreloc_cpu_read(struct kreloc_cpu *cpu)
{
	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(cpu->mmfr0));
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(cpu->ctr));
	cpu->tt_format = kreloc_current_tt_format();
}

uint64_t kreloc_current_tt_format(void)
{
	uint64_t el, hcr;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	el = (el >> 2) & 3;
	if (el == 1) {
		return KRELOC_TT_EL1;
	}
	if (el == 2) {
		__asm__ volatile("mrs %0, hcr_el2" : "=r"(hcr));
		if (hcr & (UINT64_C(1) << 34)) {	/* E2H: EL2&0 regime */
			return KRELOC_TT_EL1;
		}
	}
	return KRELOC_TT_EL2;
}

void kreloc_enter(kreloc_pa_t stub_pa, kreloc_pa_t args_pa)
{
	register uint64_t x0 __asm__("x0") = args_pa;

	__asm__ volatile("dsb sy\n\tisb\n\tbr %1"
			 : : "r"(x0), "r"(stub_pa) : "memory");
	__builtin_unreachable();
}
