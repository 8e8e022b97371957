/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The few host operations that touch the CPU. arch-aarch64.c implements
 * them; everything else in src/ is portable C.
 */
#ifndef KRELOC_ARCH_H
#define KRELOC_ARCH_H

#include <stddef.h>

/* Invalidate the whole local instruction cache, with the barriers. */
void kreloc_arch_sync_icache(void);

#endif /* KRELOC_ARCH_H */
