// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/* libFuzzer target for the Image and DTB header parsers. */
#include <stdlib.h>
#include <string.h>
#include <kreloc/kreloc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kreloc_cpu cpu = { .mmfr0 = size ? data[0] : 0 };
	struct kreloc_image_info info;
	uint64_t dtb_size = 0;
	int e;

	cpu.mmfr0 = (cpu.mmfr0 & 7) | (uint64_t)(size > 1 ? data[1] : 0) << 20;
	e = kreloc_image_check(data, size, &cpu, &info);
	if (e < 0 || e >= KRELOC_E_NR) {
		abort();
	}
	if (!e) {
		if (info.image_size < size ||
		    (info.page_size && !kreloc_cpu_has_granule(&cpu, info.page_size))) {
			abort();
		}
		e = kreloc_image_check_place(&info, info.text_offset + (2u << 20));
		if (e) {
			abort();		/* base 2 MiB is always right */
		}
	}
	e = kreloc_dtb_check(data, size, &dtb_size);
	if (!e && (dtb_size > size || dtb_size > (2u << 20) || dtb_size < 40)) {
		abort();
	}
	return 0;
}
