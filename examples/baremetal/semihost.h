/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * Arm semihosting, enough to print, read QEMU's -semihosting-config arg=
 * and exit with a status. Works with the MMU on or off.
 */
#ifndef SEMIHOST_H
#define SEMIHOST_H

#include <stdint.h>

#define SH_SYS_WRITE0		0x04
#define SH_SYS_GET_CMDLINE	0x15
#define SH_SYS_EXIT		0x18
#define SH_APP_EXIT		0x20026		/* ADP_Stopped_ApplicationExit */

static inline uint64_t semihost(uint64_t op, uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = arg;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

__attribute__((noreturn))
static inline void sh_exit(unsigned code)
{
	uint64_t block[2] = { SH_APP_EXIT, code };

	for (;;) {
		semihost(SH_SYS_EXIT, (uint64_t)(uintptr_t)block);
	}
}

/* Tiny formatted output: strings, decimal and hex numbers. */
void out_str(const char *s);
void out_dec(uint64_t v);
void out_hex(uint64_t v);

#endif /* SEMIHOST_H */
