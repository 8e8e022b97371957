// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The identity map the stub copies through: every RAM byte at VA == PA,
 * Normal write-back, inner shareable. 4K granule: 1 GiB blocks at level 1,
 * 2 MiB blocks at level 2, 4 KiB pages at level 3 for whatever is left.
 */
#include <kreloc/kreloc.h>
#include "util.h"

#define DESC_VALID		UINT64_C(1)
#define DESC_TABLE		UINT64_C(3)	/* table, or page at level 3 */
#define DESC_BLOCK		UINT64_C(1)
#define DESC_TYPE_MASK		UINT64_C(3)
#define DESC_ATTR(idx)		((uint64_t)(idx) << 2)
#define DESC_AP1		(UINT64_C(1) << 6)	/* RES1 in EL2/EL3 */
#define DESC_SH_INNER		(UINT64_C(3) << 8)
#define DESC_AF			(UINT64_C(1) << 10)
#define DESC_UXN		(UINT64_C(1) << 54)	/* EL1&0: no EL0 exec */
#define DESC_ADDR_MASK		UINT64_C(0x0000fffffffff000)

#define GRANULE_SHIFT		12
#define LEVEL_BITS		9			/* 512 entries a table */
#define MIN_VA_BITS		32
#define MAX_VA_BITS		48

/* Bytes one entry at `level` covers: 512 GiB, 1 GiB, 2 MiB, 4 KiB. */
static unsigned level_shift(unsigned level)
{
	return GRANULE_SHIFT + LEVEL_BITS * (3 - level);
}

struct idmap_ctx {
	struct kreloc_idmap *map;
	const struct kreloc_allocator *alloc;
	uint64_t leaf_attrs;
};

static int idmap_new_table(struct idmap_ctx *ctx, struct kreloc_page *out)
{
	struct kreloc_idmap *map = ctx->map;

	if (map->nr_pages == KRELOC_IDMAP_MAX_PAGES) {
		return KRELOC_E_TT_PAGES;
	}
	if (ctx->alloc->alloc(ctx->alloc->ctx, map->granule, out)) {
		return KRELOC_E_NOMEM;
	}
	if (!out->va || !kreloc_is_aligned(out->pa, map->granule)) {
		return KRELOC_E_ALLOC_ALIGN;
	}
	__builtin_memset(out->va, 0, map->granule);
	map->pages[map->nr_pages++] = *out;
	return KRELOC_OK;
}

/* The host pointer of a table this map allocated. */
static uint64_t *idmap_table_va(const struct kreloc_idmap *map, kreloc_pa_t pa)
{
	size_t i;

	for (i = 0; i < map->nr_pages; i++) {
		if (map->pages[i].pa == pa) {
			return map->pages[i].va;
		}
	}
	return NULL;
}

/* Map [base, end) to itself in `table`, a table of `level`. */
static int idmap_map(struct idmap_ctx *ctx, uint64_t *table, unsigned level,
		     uint64_t base, uint64_t end)
{
	unsigned shift = level_shift(level);
	uint64_t size = UINT64_C(1) << shift;
	uint64_t addr, next, desc;
	struct kreloc_page child;
	uint64_t *child_va;
	int err;

	for (addr = base; addr < end; addr = next) {
		uint64_t *slot = &table[(addr >> shift) & ((1u << LEVEL_BITS) - 1)];

		next = (addr & ~(size - 1)) + size;
		if (next > end || next == 0) {
			next = end;
		}
		desc = *slot;
		if ((desc & DESC_TYPE_MASK) == DESC_BLOCK && level < 3) {
			continue;		/* a block already covers it all */
		}
		if (level == 3) {
			*slot = addr | ctx->leaf_attrs | DESC_TABLE;
			continue;
		}
		if (level >= 1 && next - addr == size && !(desc & DESC_VALID)) {
			*slot = addr | ctx->leaf_attrs | DESC_BLOCK;
			continue;
		}
		if (desc & DESC_VALID) {
			child_va = idmap_table_va(ctx->map, desc & DESC_ADDR_MASK);
		} else {
			err = idmap_new_table(ctx, &child);
			if (err) {
				return err;
			}
			*slot = child.pa | DESC_TABLE;
			child_va = child.va;
		}
		err = idmap_map(ctx, child_va, level + 1, addr, next);
		if (err) {
			return err;
		}
	}
	return KRELOC_OK;
}

int kreloc_idmap_build(struct kreloc_idmap *map,
		       const struct kreloc_range *ram, size_t nr_ram,
		       uint64_t format, const struct kreloc_allocator *alloc)
{
	struct idmap_ctx ctx = { .map = map, .alloc = alloc };
	struct kreloc_page root;
	uint64_t top = 0;
	unsigned va_bits, level;
	size_t i;
	int err;

	if (!map || (!ram && nr_ram) || !alloc || !alloc->alloc) {
		return KRELOC_E_INVAL;
	}
	if (format != KRELOC_TT_EL1 && format != KRELOC_TT_EL2) {
		return KRELOC_E_TT_FORMAT;
	}
	for (i = 0; i < nr_ram; i++) {
		if (!kreloc_is_aligned(ram[i].base | ram[i].size,
				       UINT64_C(1) << GRANULE_SHIFT)) {
			return KRELOC_E_ALIGN;
		}
		if (!kreloc_range_ok(ram[i].base, ram[i].size)) {
			return KRELOC_E_WRAP;
		}
		if (ram[i].base + ram[i].size > top) {
			top = ram[i].base + ram[i].size;
		}
	}

	/* Fewest VA bits that reach the top of RAM; the start level follows. */
	for (va_bits = MIN_VA_BITS; va_bits < MAX_VA_BITS; va_bits++) {
		if (top <= UINT64_C(1) << va_bits) {
			break;
		}
	}
	level = 0;	/* the deepest level whose one table spans va_bits */
	while (level < 3 && level_shift(level + 1) + LEVEL_BITS >= va_bits) {
		level++;
	}

	*map = (struct kreloc_idmap){
		.t0sz = 64 - va_bits,
		.granule = UINT64_C(1) << GRANULE_SHIFT,
		.format = format,
	};
	ctx.leaf_attrs = DESC_AF | DESC_SH_INNER | DESC_ATTR(KRELOC_ATTR_NORMAL);
	ctx.leaf_attrs |= format == KRELOC_TT_EL2 ? DESC_AP1 : DESC_UXN;

	err = idmap_new_table(&ctx, &root);
	if (err) {
		return err;
	}
	map->root = root.pa;
	for (i = 0; i < nr_ram; i++) {
		err = idmap_map(&ctx, root.va, level, ram[i].base,
				ram[i].base + ram[i].size);
		if (err) {
			return err;
		}
	}
	for (i = 0; i < map->nr_pages; i++) {
		kreloc_clean_to_poc(map->pages[i].va, map->granule);
	}
	return KRELOC_OK;
}
