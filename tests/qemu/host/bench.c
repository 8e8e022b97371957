// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * make bench: the baselines, timed over the same scattered pages the stub
 * then relocates. Under QEMU's -icount shift=4 one CNTVCT tick is one
 * instruction, so these are instruction counts.
 *
 * With sha=1 on the command line, also what kexec-tools' purgatory does to
 * check the same bytes before it boots: a plain C SHA-256 (the host
 * library's portable C path, src/sha256.c as libkreloc.a builds it for
 * bare metal: -O2, general registers only) over every page, with the MMU
 * and the caches off (the test host runs so with entry=nommu), one digest
 * over all of them as purgatory takes one over a segment. The library
 * would take the SHA-256 instructions where FP/SIMD is usable, so FP/SIMD
 * is trapped meanwhile (CPACR_EL1.FPEN = 0): the C path is all that can
 * run, as in a purgatory built with -mgeneral-regs-only. The stub's
 * verify pass (KRELOC_F_VERIFY) is timed by its own stamps on the same
 * pages.
 */
#include "baremetal/cmdline.h"
#include "baremetal/cpu.h"
#include "baremetal/semihost.h"
#include "harness.h"

void baseline_mmu_off(uint64_t dst, uint64_t src, uint64_t size, uint64_t line);
void baseline_copy_page(uint64_t dst, uint64_t src, uint64_t size,
			uint64_t line);

#define CPACR_FPEN	(3ull << 20)

/* SHA-256 of the pages, in C with the MMU off and FP/SIMD trapped. */
static void sha_baseline(const uint64_t *src_of, uint64_t npages,
			 uint64_t page)
{
	struct kreloc_sha256 ctx;
	uint8_t digest[KRELOC_SHA256_SIZE];
	uint64_t cpacr, i;

	if (current_el() != 1 || (read_sctlr() & 1)) {
		out_str("host: FAIL: bench sha=1 needs EL1 with the MMU off (el1 entry=nommu)\n");
		sh_exit(1);
	}
	cpacr = read_sysreg(cpacr_el1);
	write_sysreg(cpacr_el1, cpacr & ~CPACR_FPEN);
	__asm__ volatile("isb" : : : "memory");
	kreloc_sha256_init(&ctx);
	for (i = 0; i < npages; i++) {
		kreloc_sha256_update(&ctx, (const void *)(uintptr_t)src_of[i],
				     page);
	}
	kreloc_sha256_final(&ctx, digest);
	write_sysreg(cpacr_el1, cpacr);
	__asm__ volatile("isb" : : : "memory");
}

static uint64_t now(void)
{
	__asm__ volatile("isb" : : : "memory");
	return read_sysreg(cntvct_el0);
}

void harness_bench(const uint64_t *src_of, const uint64_t *kind_of,
		   uint64_t npages, uint64_t dest, uint64_t page)
{
	uint64_t line = 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t t0, t1, t2, t3, i;
	int sha = (int)cmd_u64("sha", 0);

	(void)kind_of;
	t0 = now();
	for (i = 0; i < npages; i++) {
		baseline_mmu_off(dest + i * page, src_of[i], page, line);
	}
	t1 = now();
	for (i = 0; i < npages; i++) {
		baseline_copy_page(dest + i * page, src_of[i], page, line);
	}
	__asm__ volatile("dsb sy" : : : "memory");
	t2 = now();
	if (sha) {
		sha_baseline(src_of, npages, page);
	}
	t3 = now();
	out_str("host: bench bytes=");
	out_dec(npages * page);
	out_str(" baseline_a=");
	out_dec(t1 - t0);
	out_str(" baseline_b=");
	out_dec(t2 - t1);
	if (sha) {
		out_str(" baseline_sha=");
		out_dec(t3 - t2);
	}
	out_str("\n");
}
