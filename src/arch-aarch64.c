// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The host operations that touch an AArch64 CPU: cache maintenance by VA,
 * which translation regime we are in, whether SHA-256 may use the CPU's
 * instructions, and the branch into the stub.
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

/*
 * FP/SIMD is not trapped at the exception level we run at: CPACR_EL1.FPEN
 * (at EL2 with E2H = 1, CPTR_EL2 in that layout) lets this EL through, or
 * CPTR_ELx.TFP is clear. A trap set by a higher EL is that EL's to handle
 * (a hypervisor switching FP state lazily): not visible from here.
 */
static int fpsimd_usable(void)
{
	uint64_t el, reg;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	switch ((el >> 2) & 3) {
	case 1:
		__asm__ volatile("mrs %0, cpacr_el1" : "=r"(reg));
		return (reg >> 20) & 1;		/* FPEN 0b01, 0b11 */
	case 2:
		__asm__ volatile("mrs %0, cptr_el2" : "=r"(reg));
		if (kreloc_current_tt_format() == KRELOC_TT_EL1) {
			return (reg >> 20) & 1;	/* E2H = 1: FPEN */
		}
		return !((reg >> 10) & 1);	/* TFP */
	case 3:
		__asm__ volatile("mrs %0, cptr_el3" : "=r"(reg));
		return !((reg >> 10) & 1);	/* TFP */
	default:
		return 0;
	}
}

/*
 * The one place that picks SHA-256's path: the instructions if
 * ID_AA64ISAR0_EL1.SHA2 (bits 15:12) is nonzero, FP/SIMD is not trapped
 * here, and sha256-ce.c was built with SIMD allowed (it declines
 * otherwise); else sha256.c's C.
 */
int kreloc_arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	uint64_t isar0;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	if (!((isar0 >> 12) & 0xf) || !fpsimd_usable()) {
		return 0;
	}
	return kreloc_sha256_ce_blocks(h, p, n);
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
