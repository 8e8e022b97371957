// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * Header checks for what a host usually boots: an arm64 Image
 * (Documentation/arch/arm64/booting.rst) and a flattened device tree.
 * Byte by byte, so any alignment and host endianness will do.
 */
#include "util.h"

#define IMAGE_MAGIC		0x644d5241u	/* "ARM\x64" at offset 56 */
#define IMAGE_HEADER		64
#define IMAGE_FLAG_BE		(UINT64_C(1) << 0)
#define IMAGE_PAGE_SHIFT	1		/* 2 bits: 0 any, 1 4K, 2 16K, 3 64K */
#define IMAGE_FLAG_ANYWHERE	(UINT64_C(1) << 3)
#define IMAGE_LEGACY_OFFSET	0x80000		/* before 3.17: image_size 0 */
#define IMAGE_MAX_SIZE		(UINT64_C(1) << 32)
#define BASE_ALIGN		(UINT64_C(2) << 20)

#define FDT_MAGIC		0xd00dfeedu
#define FDT_HEADER		40
#define FDT_MAX			(UINT64_C(2) << 20)

static uint64_t get_le(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	while (n--) {
		v = v << 8 | p[n];
	}
	return v;
}

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int kreloc_image_check(const void *image, size_t len,
		       const struct kreloc_cpu *cpu,
		       struct kreloc_image_info *info)
{
	const unsigned char *h = image;
	uint64_t flags, page;

	if (!image || !cpu || !info || len < IMAGE_HEADER) {
		return KRELOC_E_INVAL;
	}
	if (get_le(h + 56, 4) != IMAGE_MAGIC) {
		return KRELOC_E_IMAGE_MAGIC;
	}
	flags = get_le(h + 24, 8);
	if (flags & IMAGE_FLAG_BE) {
		return KRELOC_E_IMAGE_ENDIAN;
	}
	page = (flags >> IMAGE_PAGE_SHIFT) & 3;
	page = page ? UINT64_C(0x400) << (2 * page) : 0;	/* 4K 16K 64K */
	if (page && !kreloc_cpu_has_granule(cpu, page)) {
		return KRELOC_E_IMAGE_PAGE;
	}
	*info = (struct kreloc_image_info){
		.text_offset = get_le(h + 8, 8),
		.image_size = get_le(h + 16, 8),
		.page_size = page,
		.anywhere = !!(flags & IMAGE_FLAG_ANYWHERE),
	};
	if (!info->image_size) {		/* pre-3.17 kernel */
		info->text_offset = IMAGE_LEGACY_OFFSET;
		info->image_size = len;
	}
	if (info->image_size < len || info->image_size > IMAGE_MAX_SIZE ||
	    info->text_offset >= IMAGE_MAX_SIZE) {
		return KRELOC_E_IMAGE_SIZE;
	}
	if (!kreloc_is_aligned(info->text_offset, 0x1000)) {
		return KRELOC_E_IMAGE_PLACE;
	}
	return KRELOC_OK;
}

int kreloc_image_check_place(const struct kreloc_image_info *info,
			     kreloc_pa_t load)
{
	if (!info) {
		return KRELOC_E_INVAL;
	}
	if (load < info->text_offset ||
	    !kreloc_no_wrap(load, info->image_size)) {
		return KRELOC_E_WRAP;
	}
	if (!kreloc_is_aligned(load - info->text_offset, BASE_ALIGN)) {
		return KRELOC_E_IMAGE_PLACE;
	}
	return KRELOC_OK;
}

int kreloc_dtb_check(const void *dtb, size_t len, uint64_t *size)
{
	const unsigned char *h = dtb;
	uint32_t total;

	if (!dtb || len < FDT_HEADER) {
		return KRELOC_E_INVAL;
	}
	if (get_be32(h) != FDT_MAGIC) {
		return KRELOC_E_DTB_MAGIC;
	}
	total = get_be32(h + 4);
	if (total < FDT_HEADER || total > len) {
		return KRELOC_E_DTB_HEADER;
	}
	if (total > FDT_MAX) {
		return KRELOC_E_DTB_SIZE;
	}
	if (size) {
		*size = total;
	}
	return KRELOC_OK;
}
