/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
#ifndef TESTS_FUZZ_SIM_H
#define TESTS_FUZZ_SIM_H

#include <kreloc/kreloc.h>

/*
 * Do in fake memory what the stub would do with an argument block that
 * kreloc_install() accepted: walk the list, copy, zero, leave in place.
 * Aborts if the stub would touch memory outside the fake physical memory.
 */
void sim_stub(const struct kreloc_args *args);

#endif /* TESTS_FUZZ_SIM_H */
