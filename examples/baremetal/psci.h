/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * PSCI CPU_ON for the bare-metal programs that start secondary CPUs (the
 * example bootloader, the test host). On QEMU virt the conduit is hvc
 * from EL1 and smc from EL2, which QEMU answers itself when it emulates
 * no EL3; an EL3 program is the firmware and has no one to ask.
 */
#ifndef BAREMETAL_PSCI_H
#define BAREMETAL_PSCI_H

#include <stdint.h>
#include "cpu.h"

#define PSCI_CPU_ON	0xc4000003ull	/* SMC64 CPU_ON */

/* Start CPU mpidr at entry (MMU off) with x0 = ctx; PSCI's return code. */
static inline int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = ctx;

	if (current_el() == 1) {
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				 "x11", "x12", "x13", "x14", "x15", "x16",
				 "x17", "memory");
	} else {
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				 "x11", "x12", "x13", "x14", "x15", "x16",
				 "x17", "memory");
	}
	return (int64_t)x0;
}

#endif /* BAREMETAL_PSCI_H */
