/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * What the test host tells the payload (the "next kernel") through x0:
 * what it must find when it runs. Lives in a safe 64 KiB block whose top
 * is the payload's stack.
 */
#ifndef TESTINFO_H
#define TESTINFO_H

#define TEST_INFO_MAGIC		0x4f464e4954534554ULL	/* "TESTINFO" */
#define TEST_INFO_SIZE		0x10000			/* record + stack */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct test_info {
	uint64_t magic;
	uint64_t self;		/* its own PA: what x0 must be */
	uint64_t x[4];		/* expected x0..x3 */
	uint64_t image_size;	/* bytes from the entry point to checksum */
	uint64_t checksum;	/* test_checksum() of the original image */
	uint64_t el;		/* expected CurrentEL.EL */
	uint64_t e2h;		/* expected HCR_EL2.E2H at EL2 */
	uint64_t status_pa;	/* the stub's status record */
	uint64_t expect_fault;	/* 1: the stub must not have booted us */
	uint64_t t_enter;	/* CNTVCT just before the host entered the stub */
	uint64_t verify;	/* KRELOC_F_VERIFY asked: TS_VERIFIED stamped */
	uint64_t resume;	/* nonzero: after every check held, branch
				   there with x0 = status_pa (case=overlap:
				   the host's next trial) instead of PASS */
};

/* FNV-1a over 64-bit words: order matters, so a swapped page shows. */
static inline uint64_t test_checksum(uint64_t h, const uint64_t *p, uint64_t n)
{
	while (n--) {
		h = (h ^ *p++) * 0x100000001b3ULL;
	}
	return h;
}

#define TEST_CHECKSUM_SEED	0xcbf29ce484222325ULL

#endif /* __ASSEMBLER__ */
#endif /* TESTINFO_H */
