/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * <stdint.h> for kreloc's headers inside a Linux module: the kernel's
 * types, not GCC's. GCC's uint64_t is unsigned long on AArch64 Linux, the
 * kernel's (<linux/types.h>) unsigned long long; both in one file do not
 * compile. See Kbuild.
 */
#ifndef KRELOC_SHIM_STDINT_H
#define KRELOC_SHIM_STDINT_H

#include <linux/types.h>	/* [u]int{8,16,32,64}_t, uintptr_t */

typedef long intptr_t;

/* Constants, as C's <stdint.h> has them: usable in #if. */
#define INT8_MIN	(-128)
#define INT8_MAX	127
#define UINT8_MAX	255
#define INT16_MIN	(-32767 - 1)
#define INT16_MAX	32767
#define UINT16_MAX	65535
#define INT32_MIN	(-2147483647 - 1)
#define INT32_MAX	2147483647
#define UINT32_MAX	4294967295U
#define INT64_MIN	(-9223372036854775807LL - 1)
#define INT64_MAX	9223372036854775807LL
#define UINT64_MAX	18446744073709551615ULL

/* the kernel's u32 is unsigned int, its u64 unsigned long long */
#define INT8_C(c)	c
#define UINT8_C(c)	c
#define INT16_C(c)	c
#define UINT16_C(c)	c
#define INT32_C(c)	c
#define UINT32_C(c)	c ## U
#define INT64_C(c)	c ## LL
#define UINT64_C(c)	c ## ULL

#endif
