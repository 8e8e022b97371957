// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * Host unit tests, built natively under ASan and UBSan. KRELOC_SEED=N
 * replays the random identity-map layouts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "tests.h"

int main(void)
{
	const char *s = getenv("KRELOC_SEED");
	unsigned long seed = s ? strtoul(s, NULL, 0) : (unsigned long)time(NULL);
	int failed = 0, total = 0;

	failed += run_list_tests(&total);
	failed += run_idmap_tests(seed, &total);
	failed += run_validate_tests(&total);
	failed += run_image_tests(&total);
	failed += run_fdt_edit_tests(&total);
	failed += run_park_tests(&total);
	failed += run_sha256_tests(&total);
	failed += run_digest_tests(&total);
	failed += run_plan_tests(&total);
	printf("unit: %d passed, %d failed\n", total - failed, failed);
	return failed != 0;
}
