// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * SHA-256 blocks with the Armv8 SHA-256 instructions (FEAT_SHA256).
 *
 * They live in SIMD registers, so this file does something only where
 * the compiler may use FP/SIMD: kreloc.mk's KRELOC_SIMD_CFLAGS (the
 * library's flags without -mgeneral-regs-only). Built with KRELOC_CFLAGS,
 * as a Linux module must be (kernel-mode SIMD needs kernel_neon_begin()),
 * it declines every call and the C path in sha256.c runs. Whether the CPU
 * and the exception level allow it is decided in arch-aarch64.c, the one
 * caller.
 */
#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

/*
 * Four rounds: wk = K + W, then abcd/efgh advance (sha256h2 needs abcd as
 * it was, kept in v7). The scheduled variant also computes the next four
 * words of the schedule into m0 from m0..m3 (the sixteen before them).
 */
#define ROUNDS4(m0)							\
	"ld1	{v6.4s}, [%[kp]], #16\n\t"	/* K[i..i+3] */		\
	"add	v6.4s, v6.4s, " m0 ".4s\n\t"	/* + W[i..i+3] */	\
	"mov	v7.16b, v0.16b\n\t"					\
	"sha256h	q0, q1, v6.4s\n\t"				\
	"sha256h2	q1, q7, v6.4s\n\t"
#define ROUNDS4_SCHED(m0, m1, m2, m3)					\
	"ld1	{v6.4s}, [%[kp]], #16\n\t"				\
	"add	v6.4s, v6.4s, " m0 ".4s\n\t"				\
	"sha256su0	" m0 ".4s, " m1 ".4s\n\t"			\
	"mov	v7.16b, v0.16b\n\t"					\
	"sha256h	q0, q1, v6.4s\n\t"				\
	"sha256h2	q1, q7, v6.4s\n\t"				\
	"sha256su1	" m0 ".4s, " m2 ".4s, " m3 ".4s\n\t"

int kreloc_sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	const uint32_t *kp;

	/*
	 * v0 abcd, v1 efgh, v2-v5 the schedule, v6 K + W, v7 abcd before
	 * the round, v16/v17 the state at the block's start. v8-v15, whose
	 * low halves a callee must keep, are left alone.
	 */
	__asm__ volatile(
		".arch_extension sha2\n\t"
		"ld1	{v0.4s, v1.4s}, [%[h]]\n"
		"1:\n\t"
		"mov	%[kp], %[k]\n\t"
		"ld1	{v2.16b, v3.16b, v4.16b, v5.16b}, [%[p]], #64\n\t"
		"rev32	v2.16b, v2.16b\n\t"	/* big-endian words */
		"rev32	v3.16b, v3.16b\n\t"
		"rev32	v4.16b, v4.16b\n\t"
		"rev32	v5.16b, v5.16b\n\t"
		"mov	v16.16b, v0.16b\n\t"
		"mov	v17.16b, v1.16b\n\t"
		ROUNDS4_SCHED("v2", "v3", "v4", "v5")
		ROUNDS4_SCHED("v3", "v4", "v5", "v2")
		ROUNDS4_SCHED("v4", "v5", "v2", "v3")
		ROUNDS4_SCHED("v5", "v2", "v3", "v4")
		ROUNDS4_SCHED("v2", "v3", "v4", "v5")
		ROUNDS4_SCHED("v3", "v4", "v5", "v2")
		ROUNDS4_SCHED("v4", "v5", "v2", "v3")
		ROUNDS4_SCHED("v5", "v2", "v3", "v4")
		ROUNDS4_SCHED("v2", "v3", "v4", "v5")
		ROUNDS4_SCHED("v3", "v4", "v5", "v2")
		ROUNDS4_SCHED("v4", "v5", "v2", "v3")
		ROUNDS4_SCHED("v5", "v2", "v3", "v4")
		ROUNDS4("v2")
		ROUNDS4("v3")
		ROUNDS4("v4")
		ROUNDS4("v5")
		"add	v0.4s, v0.4s, v16.4s\n\t"
		"add	v1.4s, v1.4s, v17.4s\n\t"
		"subs	%[n], %[n], #1\n\t"
		"b.ne	1b\n\t"
		"st1	{v0.4s, v1.4s}, [%[h]]"
		: [p] "+r"(p), [n] "+r"(n), [kp] "=&r"(kp)
		: [h] "r"(h), [k] "r"(kreloc_sha256_k)
		: "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v16", "v17",
		  "cc", "memory");
	return 1;
}

#else

int kreloc_sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	(void)h;
	(void)p;
	(void)n;
	return 0;		/* built without FP/SIMD: the C path */
}

#endif
