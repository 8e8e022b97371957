/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/* System registers of the current exception level, for the test programs. */
#ifndef TEST_CPU_H
#define TEST_CPU_H

#include <stdint.h>

#define read_sysreg(name) ({ uint64_t v_; \
	__asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define write_sysreg(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline unsigned current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

static inline uint64_t read_sctlr(void)
{
	switch (current_el()) {
	case 1:
		return read_sysreg(sctlr_el1);
	case 2:
		return read_sysreg(sctlr_el2);
	default:
		return read_sysreg(sctlr_el3);
	}
}

static inline uint64_t read_e2h(void)
{
	return current_el() == 2 ? (read_sysreg(hcr_el2) >> 34) & 1 : 0;
}

#endif /* TEST_CPU_H */
