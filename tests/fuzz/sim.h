/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
#ifndef TESTS_FUZZ_SIM_H
#define TESTS_FUZZ_SIM_H

#include <kreloc/kreloc.h>

/*
 * Do in fake memory what the stub would do with an argument block that
 * kreloc_install() accepted: walk the list, copy, zero, leave in place.
 * Returns 0, or -1 as soon as the stub would touch memory outside the
 * fake physical memory (what was done up to there stays done). With an
 * identity map that is a validator hole; without one kreloc knows no RAM
 * and checks addresses against the CPU's PA range only.
 * With KRELOC_F_VERIFY the verify pass comes first; on a mismatch it
 * writes the status record at status_pa (phase, error
 * KRELOC_STUB_ERR_DIGEST, digest_seg, digest_page), nothing else, and
 * returns 1.
 */
int sim_stub(const struct kreloc_args *args);

#endif /* TESTS_FUZZ_SIM_H */
