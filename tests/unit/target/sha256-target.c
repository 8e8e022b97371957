// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The SHA-256 instruction path (src/sha256-ce.c), which the native unit
 * tests cannot run: a bare-metal program for QEMU virt at any EL. It
 * hashes the same messages with FP/SIMD trapped at its EL (so
 * arch-aarch64.c must pick the C path) and untrapped (the instructions,
 * where ID_AA64ISAR0_EL1.SHA2 says so), every length 0..300 and a few
 * large ones, split at odd offsets, and checks both against each other
 * and against the FIPS 180-4 "abc" digest. Prints
 * "sha256-target: N passed, N failed" and exits with semihosting.
 */
#include <kreloc/kreloc.h>
#include "baremetal/semihost.h"
#include "baremetal/libc.h"

void bare_main(void);
void bare_stub_failed(uint64_t status);

static uint8_t msg[70000];

static unsigned current_el(void)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	return (el >> 2) & 3;
}

/* Trap FP/SIMD at this EL (on = 0) or let it through (on = 1). */
static void fpsimd(int on)
{
	uint64_t r, hcr;

	switch (current_el()) {
	case 1:
		__asm__ volatile("mrs %0, cpacr_el1" : "=r"(r));
		r = on ? r | (UINT64_C(3) << 20) : r & ~(UINT64_C(3) << 20);
		__asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(r));
		break;
	case 2:
		__asm__ volatile("mrs %0, hcr_el2" : "=r"(hcr));
		__asm__ volatile("mrs %0, cptr_el2" : "=r"(r));
		if (hcr & (UINT64_C(1) << 34)) {	/* E2H: FPEN */
			r = on ? r | (UINT64_C(3) << 20) :
				 r & ~(UINT64_C(3) << 20);
		} else {				/* TFP */
			r = on ? r & ~(UINT64_C(1) << 10) :
				 r | (UINT64_C(1) << 10);
		}
		__asm__ volatile("msr cptr_el2, %0\n\tisb" : : "r"(r));
		break;
	default:
		__asm__ volatile("mrs %0, cptr_el3" : "=r"(r));
		r = on ? r & ~(UINT64_C(1) << 10) : r | (UINT64_C(1) << 10);
		__asm__ volatile("msr cptr_el3, %0\n\tisb" : : "r"(r));
		break;
	}
}

/* Hash msg[0..len) in pieces of step bytes. */
static void hash(size_t len, size_t step, uint8_t out[32])
{
	struct kreloc_sha256 ctx;
	size_t off, n;

	kreloc_sha256_init(&ctx);
	for (off = 0; off < len; off += n) {
		n = len - off < step ? len - off : step;
		kreloc_sha256_update(&ctx, msg + off, n);
	}
	kreloc_sha256_final(&ctx, out);
}

static unsigned passed, failed;

static void check(int ok, const char *what, uint64_t n)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	out_str("FAIL ");
	out_str(what);
	out_str(" ");
	out_dec(n);
	out_str("\n");
}

void bare_main(void)
{
	static const uint8_t abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	static const size_t big[] = { 4096, 4096 * 3 + 17, 65536, 70000 };
	uint8_t c[32], ce[32];
	uint64_t isar0, x = 0x9e3779b97f4a7c15ull;
	size_t i;

	for (i = 0; i < sizeof(msg); i++) {	/* xorshift: any bytes */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		msg[i] = (uint8_t)x;
	}
	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	out_str("sha256-target: EL");
	out_dec(current_el());
	out_str(", ID_AA64ISAR0_EL1.SHA2 = ");
	out_dec((isar0 >> 12) & 0xf);
	out_str("\n");

	fpsimd(1);
	kreloc_sha256("abc", 3, ce);
	check(!memcmp(ce, abc, 32), "abc, FP/SIMD on", 3);
	for (i = 0; i <= 300 + sizeof(big) / sizeof(big[0]); i++) {
		size_t len = i <= 300 ? i : big[i - 301];

		fpsimd(0);	/* a SIMD instruction now would trap */
		hash(len, len, c);
		fpsimd(1);
		hash(len, len, ce);
		check(!memcmp(c, ce, 32), "C and instructions, length", len);
		hash(len, 37, ce);	/* partial blocks in between */
		check(!memcmp(c, ce, 32), "in 37-byte pieces, length", len);
	}
	out_str("sha256-target: ");
	out_dec(passed);
	out_str(" passed, ");
	out_dec(failed);
	out_str(" failed\n");
	sh_exit(failed != 0);
}

void bare_stub_failed(uint64_t status)
{
	(void)status;
	sh_exit(2);
}
