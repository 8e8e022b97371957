/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
#ifndef TESTS_UNIT_TESTS_H
#define TESTS_UNIT_TESTS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "internal.h"	/* kreloc_native_cleans, _cleaned */

/* Each adds its number of tests to *total and returns how many failed. */
int run_list_tests(int *total);
int run_idmap_tests(unsigned long seed, int *total);
int run_validate_tests(int *total);
int run_image_tests(int *total);
int run_fdt_edit_tests(int *total);
int run_park_tests(int *total);
int run_sha256_tests(int *total);
int run_digest_tests(int *total);
int run_plan_tests(int *total);

#endif /* TESTS_UNIT_TESTS_H */
