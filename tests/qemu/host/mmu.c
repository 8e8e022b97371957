// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * Turn on the test host's own MMU through an identity map, as a kernel or
 * bootloader would be running when it calls kreloc: the "host enters the
 * stub with the MMU on" cases.
 */
#include <kreloc/kreloc.h>
#include "baremetal/cpu.h"
#include "harness.h"

#define TCR_WALK_WBWA_INNER	((1u << 8) | (1u << 10) | (3u << 12))
#define TCR_EPD1		(1u << 23)
#define TCR_EL2_RES1		((1u << 31) | (1u << 23))
#define SCTLR_MCI		((1u << 0) | (1u << 2) | (1u << 12))

void harness_mmu_on(const struct kreloc_idmap *map)
{
	uint64_t pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t tcr = map->t0sz | TCR_WALK_WBWA_INNER;	/* TG0 = 4K */

	if (pa_range > 5) {
		pa_range = 5;
	}
	if (map->format == KRELOC_TT_EL1) {
		tcr |= TCR_EPD1 | pa_range << 32;
	} else {
		tcr |= TCR_EL2_RES1 | pa_range << 16;
	}
	switch (current_el()) {
	case 1:
		write_sysreg(mair_el1, KRELOC_MAIR_VALUE);
		write_sysreg(tcr_el1, tcr);
		write_sysreg(ttbr0_el1, map->root);
		__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb");
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_MCI);
		break;
	case 2:
		write_sysreg(mair_el2, KRELOC_MAIR_VALUE);
		write_sysreg(tcr_el2, tcr);
		write_sysreg(ttbr0_el2, map->root);
		__asm__ volatile("isb; tlbi alle2; dsb nsh; isb");
		write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | SCTLR_MCI);
		break;
	default:
		write_sysreg(mair_el3, KRELOC_MAIR_VALUE);
		write_sysreg(tcr_el3, tcr);
		write_sysreg(ttbr0_el3, map->root);
		__asm__ volatile("isb; tlbi alle3; dsb nsh; isb");
		write_sysreg(sctlr_el3, read_sysreg(sctlr_el3) | SCTLR_MCI);
		break;
	}
	__asm__ volatile("isb" : : : "memory");
}

/*
 * Leave SCTLR bits of our own that a real host may have on (stack
 * alignment checks, implicit error synchronisation): the stub must hand
 * the payload its documented value without them.
 */
void harness_dirty_sctlr(void)
{
	const uint64_t bits = (1u << 3) | (1u << 21);	/* SA, IESB */

	switch (current_el()) {
	case 1:
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | bits);
		break;
	case 2:
		write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | bits);
		break;
	default:
		write_sysreg(sctlr_el3, read_sysreg(sctlr_el3) | bits);
		break;
	}
	__asm__ volatile("isb" : : : "memory");
}

/* The block or page descriptor that maps pa in a 4K-granule map. */
static uint64_t *leaf_of(const struct kreloc_idmap *map, uint64_t pa)
{
	uint64_t *table = (uint64_t *)map->root;
	unsigned level = map->t0sz <= 24 ? 0 : map->t0sz <= 33 ? 1 : 2;

	for (;; level++) {
		uint64_t *d = &table[(pa >> (39 - 9 * level)) & 511];

		if (level == 3 || (*d & 3) != 3) {
			return d;
		}
		table = (uint64_t *)(*d & 0x0000fffffffff000ull);
	}
}

/*
 * Enter the stub as a host whose code runs in guarded pages would: the
 * stub's descriptor in our own map gets GP (bit 50, FEAT_BTI), then a br.
 * The stub's first instruction must be a landing pad, or the CPU takes a
 * Branch Target exception to vectors we do not have. Nothing between the
 * store and the br branches indirectly: the store, the TLB told, the br
 * are one asm block per regime.
 */
#define ENTER_GUARDED(tlbi)						\
	__asm__ volatile("str %1, [%2]\n\tdsb ishst\n\ttlbi " tlbi "\n\t"	\
			 "dsb ish\n\tisb\n\tbr %3"				\
			 : : "r"(x0), "r"(v), "r"(d), "r"(stub_pa) : "memory")

__attribute__((noreturn))
void harness_enter_guarded(const struct kreloc_idmap *map, uint64_t stub_pa,
			   uint64_t args_pa)
{
	uint64_t *d = leaf_of(map, stub_pa);	/* calls before x0 is set: */
	uint64_t v = *d | (1ull << 50);
	register uint64_t x0 __asm__("x0") = args_pa;	/* one may clobber it */

	switch (current_el()) {
	case 1:
		ENTER_GUARDED("vmalle1");
		break;
	case 2:
		ENTER_GUARDED("alle2");
		break;
	default:
		ENTER_GUARDED("alle3");
		break;
	}
	__builtin_unreachable();
}

void harness_set_e2h(void)
{
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | (1ull << 34));
	__asm__ volatile("isb" : : : "memory");
}

