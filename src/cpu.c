// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/* What ID_AA64MMFR0_EL1 says about physical addresses and granules. */
#include <kreloc/kreloc.h>

unsigned kreloc_cpu_pa_bits(const struct kreloc_cpu *cpu)
{
	/* PARange: 32, 36, 40, 42, 44, 48 bits; 52 is beyond our tables. */
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48 };
	unsigned parange = cpu->mmfr0 & 0xf;

	return parange < sizeof(bits) ? bits[parange] : 48;
}

int kreloc_cpu_has_granule(const struct kreloc_cpu *cpu, uint64_t size)
{
	unsigned tgran4 = (cpu->mmfr0 >> 28) & 0xf;
	unsigned tgran64 = (cpu->mmfr0 >> 24) & 0xf;
	unsigned tgran16 = (cpu->mmfr0 >> 20) & 0xf;

	switch (size) {
	case 0x1000:
		return tgran4 != 0xf;	/* 0 or 1: yes (1: 52-bit too) */
	case 0x4000:
		return tgran16 != 0;	/* 0 means no */
	case 0x10000:
		return tgran64 != 0xf;
	default:
		return 0;
	}
}
