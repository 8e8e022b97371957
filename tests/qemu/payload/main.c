// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The "next kernel" of the QEMU tests: checks that the stub entered it the
 * way the arm64 boot protocol says, and that every relocated byte is right.
 * Exit status 0 only if all of it holds.
 */
#include <kreloc/abi.h>
#include "baremetal/cpu.h"
#include "baremetal/semihost.h"
#include "../testinfo.h"

#define SCTLR_M		(1u << 0)
#define SCTLR_C		(1u << 2)
#define DAIF_ALL	(0xfu << 6)

uint64_t payload_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		      const uint64_t *image, uint64_t daif);
void payload_exit(uint64_t code, uint64_t unused);

static int fail(const char *what, uint64_t got, uint64_t want)
{
	out_str("payload: FAIL: ");
	out_str(what);
	out_str(": got ");
	out_hex(got);
	out_str(", want ");
	out_hex(want);
	out_str("\n");
	return 1;
}

uint64_t payload_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		      const uint64_t *image, uint64_t daif)
{
	const struct test_info *info = (const struct test_info *)x0;
	const struct kreloc_status *st;
	uint64_t sum, want, sctlr = read_sctlr();
	unsigned el = current_el(), i;
	int bad = 0;

	/* Before anything else: nothing below may run with the MMU on. */
	if (sctlr & (SCTLR_M | SCTLR_C)) {
		return fail("SCTLR M/C still set", sctlr, 0);
	}
	if (info->magic != TEST_INFO_MAGIC || info->self != x0) {
		return fail("x0 does not point at the test record", x0, 0);
	}
	st = (const struct kreloc_status *)info->status_pa;
	if (info->expect_fault) {
		out_str("payload: FAIL: booted, but the stub should have faulted\n");
		return 1;
	}
	bad |= el != info->el ? fail("exception level", el, info->el) : 0;
	/* the documented value: the host's own bits gone (it runs LE) */
	want = el == 1 || info->e2h ? KRELOC_SCTLR_EL1_OFF : KRELOC_SCTLR_EL2_OFF;
	bad |= sctlr != want ? fail("SCTLR (not the documented value)", sctlr, want) : 0;
	bad |= read_e2h() != info->e2h ? fail("HCR_EL2.E2H", read_e2h(), info->e2h) : 0;
	bad |= (daif & DAIF_ALL) != DAIF_ALL ? fail("DAIF not masked", daif, DAIF_ALL) : 0;
	bad |= x1 != info->x[1] ? fail("x1", x1, info->x[1]) : 0;
	bad |= x2 != info->x[2] ? fail("x2", x2, info->x[2]) : 0;
	bad |= x3 != info->x[3] ? fail("x3", x3, info->x[3]) : 0;
	bad |= st->phase != KRELOC_PHASE_JUMP ? fail("status phase", st->phase, KRELOC_PHASE_JUMP) : 0;
	bad |= st->error != KRELOC_STUB_OK ? fail("status error", st->error, 0) : 0;
	bad |= st->entry_el != (el | info->e2h << 4) ? fail("status entry_el", st->entry_el, el | info->e2h << 4) : 0;
	/* verified, after the map went live and before the copy was done */
	if (info->verify && (st->ts[KRELOC_TS_VERIFIED] < st->ts[KRELOC_TS_MMU_ON] ||
			     st->ts[KRELOC_TS_VERIFIED] > st->ts[KRELOC_TS_COPY_DONE])) {
		bad |= fail("status ts[VERIFIED]", st->ts[KRELOC_TS_VERIFIED], st->ts[KRELOC_TS_MMU_ON]);
	}
	if (!info->verify && st->ts[KRELOC_TS_VERIFIED]) {
		bad |= fail("status ts[VERIFIED] without VERIFY", st->ts[KRELOC_TS_VERIFIED], 0);
	}

	sum = test_checksum(TEST_CHECKSUM_SEED, image, info->image_size / 8);
	if (sum != info->checksum) {
		bad |= fail("checksum of the relocated image", sum, info->checksum);
	}
	if (bad) {
		return 1;
	}
	out_str("payload: running at EL");
	out_dec(el);
	out_str(el == 2 ? (info->e2h ? " (E2H=1)" : " (E2H=0)") : "");
	out_str(" at ");
	out_hex((uint64_t)(uintptr_t)image);
	out_str(", MMU off, DAIF masked, x0..x3 as asked\n");
	out_str("payload: ");
	out_dec(info->image_size);
	out_str(" bytes relocated, checksum ");
	out_hex(sum);
	out_str(" matches; stub status: phase JUMP, no error\n");
	out_str("payload: stub timestamps (CNTVCT) ");
	out_dec(info->t_enter);
	for (i = 0; i < KRELOC_TS_NR; i++) {
		out_str(" ");
		out_dec(st->ts[i]);
	}
	out_str("\n");
	if (info->resume) {	/* one trial of several: back to the host */
		out_str("payload: trial ok, back to the host\n");
		((void (*)(uint64_t))info->resume)(info->status_pa);
		return 1;	/* not reached */
	}
	out_str("payload: PASS\n");
	return 0;
}

void payload_exit(uint64_t code, uint64_t unused)
{
	(void)unused;
	sh_exit((unsigned)code);
}
