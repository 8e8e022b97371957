// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/* arm64 Image and device-tree header checks. */
#include <string.h>
#include "fake.h"
#include "tests.h"

static void put_le(unsigned char *p, uint64_t v, unsigned n)
{
	while (n--) {
		*p++ = (unsigned char)v;
		v >>= 8;
	}
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A 4K-page, little-endian Image header of a 40 MiB kernel. */
static void make_image(unsigned char *h, uint64_t flags)
{
	memset(h, 0, 64);
	put_le(h + 8, 0, 8);			/* text_offset */
	put_le(h + 16, 40ull << 20, 8);		/* image_size */
	put_le(h + 24, flags, 8);
	put_le(h + 56, 0x644d5241, 4);
}

static void image_header(void **state)
{
	struct kreloc_cpu all = fake_cpu(5, 7, KRELOC_TT_EL1);
	struct kreloc_cpu apple = fake_cpu(5, 2, KRELOC_TT_EL1);	/* 16K only */
	struct kreloc_image_info info;
	unsigned char h[64];

	(void)state;
	make_image(h, 0x2 | 0x8);		/* 4K pages, anywhere */
	assert_int_equal(kreloc_image_check(h, 64, &all, &info), 0);
	assert_int_equal(info.page_size, 0x1000);
	assert_int_equal(info.image_size, 40ull << 20);
	assert_true(info.anywhere);
	assert_int_equal(kreloc_image_check(h, 64, &apple, &info), KRELOC_E_IMAGE_PAGE);
	make_image(h, 0x4);			/* 16K pages */
	assert_int_equal(kreloc_image_check(h, 64, &apple, &info), 0);
	assert_int_equal(info.page_size, 0x4000);
	make_image(h, 0x6);			/* 64K pages */
	assert_int_equal(kreloc_image_check(h, 64, &apple, &info), KRELOC_E_IMAGE_PAGE);
	make_image(h, 0x1);
	assert_int_equal(kreloc_image_check(h, 64, &all, &info), KRELOC_E_IMAGE_ENDIAN);
	make_image(h, 0);
	h[56] ^= 1;
	assert_int_equal(kreloc_image_check(h, 64, &all, &info), KRELOC_E_IMAGE_MAGIC);
	assert_int_equal(kreloc_image_check(h, 63, &all, &info), KRELOC_E_INVAL);
	make_image(h, 0);
	assert_int_equal(kreloc_image_check(h, 41 << 20, &all, &info), KRELOC_E_IMAGE_SIZE);
	put_le(h + 8, 0x80800, 8);
	assert_int_equal(kreloc_image_check(h, 64, &all, &info), KRELOC_E_IMAGE_PLACE);
	put_le(h + 16, 0, 8);			/* pre-3.17: size 0, offset 0x80000 */
	assert_int_equal(kreloc_image_check(h, 4096, &all, &info), 0);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.image_size, 4096);
}

static void image_placement(void **state)
{
	struct kreloc_image_info info = { .text_offset = 0x80000, .image_size = 1 << 20 };

	(void)state;
	assert_int_equal(kreloc_image_check_place(&info, 0x40280000), 0);
	assert_int_equal(kreloc_image_check_place(&info, 0x40200000), KRELOC_E_IMAGE_PLACE);
	assert_int_equal(kreloc_image_check_place(&info, 0x40000), KRELOC_E_WRAP);
	info.text_offset = 0;
	assert_int_equal(kreloc_image_check_place(&info, 0x40200000), 0);
	assert_int_equal(kreloc_image_check_place(&info, 0x40201000), KRELOC_E_IMAGE_PLACE);
}

static void dtb_header(void **state)
{
	static unsigned char d[4096];
	uint64_t size = 0;

	(void)state;
	put_be32(d, 0xd00dfeed);
	put_be32(d + 4, 2000);
	assert_int_equal(kreloc_dtb_check(d, sizeof(d), &size), 0);
	assert_int_equal(size, 2000);
	assert_int_equal(kreloc_dtb_check(d, 1999, &size), KRELOC_E_DTB_HEADER);
	assert_int_equal(kreloc_dtb_check(d, 39, &size), KRELOC_E_INVAL);
	put_be32(d + 4, 39);
	assert_int_equal(kreloc_dtb_check(d, sizeof(d), &size), KRELOC_E_DTB_HEADER);
	put_be32(d + 4, 0x300000);
	assert_int_equal(kreloc_dtb_check(d, 0x400000, &size), KRELOC_E_DTB_SIZE);
	put_be32(d, 0xedfe0dd0);		/* byte-swapped */
	assert_int_equal(kreloc_dtb_check(d, sizeof(d), &size), KRELOC_E_DTB_MAGIC);
}

static void every_error_has_a_name(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < KRELOC_E_NR; e++) {
		assert_string_not_equal(kreloc_strerror(e), "unknown kreloc error");
	}
	assert_string_equal(kreloc_strerror(KRELOC_E_NR), "unknown kreloc error");
	assert_string_equal(kreloc_strerror(-1), "unknown kreloc error");
}

int run_image_tests(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(image_header),
		cmocka_unit_test(image_placement),
		cmocka_unit_test(dtb_header),
		cmocka_unit_test(every_error_has_a_name),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
