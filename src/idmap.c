// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The identity map the stub copies through: every RAM byte at VA == PA,
 * Normal write-back, inner shareable, execute-never but for the code
 * ranges (the stub's region), which the stub's EL may run; device ranges
 * Device-nGnRnE and execute-never. Nothing else may be fetched from, so
 * the I-side cannot speculate into destinations. Any granule: 4K (1 GiB and 2 MiB blocks), 16K (32 MiB
 * blocks), 64K (512 MiB blocks); pages wherever alignment allows nothing
 * bigger.
 *
 * Two passes over the same walk of merged ranges: kreloc_idmap_pages()
 * counts the tables, kreloc_idmap_build() writes them, so the count given
 * to the caller beforehand is exact.
 */
#include "util.h"
#include "internal.h"

#define DESC_VALID		UINT64_C(1)
#define DESC_TABLE		UINT64_C(3)	/* table, or page at level 3 */
#define DESC_BLOCK		UINT64_C(1)
#define DESC_TYPE_MASK		UINT64_C(3)
#define DESC_ATTR(idx)		((uint64_t)(idx) << 2)
#define DESC_AP1		(UINT64_C(1) << 6)	/* RES1 in EL2/EL3 */
#define DESC_SH_INNER		(UINT64_C(3) << 8)
#define DESC_AF			(UINT64_C(1) << 10)
#define DESC_PXN		(UINT64_C(1) << 53)	/* EL1&0 format */
#define DESC_UXN		(UINT64_C(1) << 54)	/* EL1&0 format */
#define DESC_XN			(UINT64_C(1) << 54)	/* EL2/EL3 format */
#define DESC_ADDR_MASK		UINT64_C(0x0000fffffffff000)

#define MIN_VA_BITS		32	/* start levels: 4K L1, 16K/64K L2 */

/* One granule's geometry. */
struct geometry {
	unsigned shift;		/* log2(granule) */
	unsigned bits;		/* log2(entries per table) */
	unsigned block_min;	/* shallowest level with blocks */
	unsigned start;		/* level of the root table */
	unsigned va_bits;
};

static unsigned level_shift(const struct geometry *g, unsigned level)
{
	return g->shift + g->bits * (3 - level);
}

/* --- ranges, merged and in address order ------------------------------ */

enum run_kind { RUN_RAM, RUN_DEVICE, RUN_CODE, RUN_KINDS };

struct run {
	uint64_t base, end;
	enum run_kind kind;
};

/* r[i] rounded out to `align` (a power of two; 1: as it is). */
static uint64_t range_base(const struct kreloc_range *r, uint64_t align)
{
	return r->base & ~(align - 1);
}

static uint64_t range_end(const struct kreloc_range *r, uint64_t align)
{
	return (r->base + r->size + align - 1) & ~(align - 1);
}

/* The merged run of r[], rounded out to align, that starts lowest at or
 * above `from`. */
static int next_run_of(const struct kreloc_range *r, size_t n, uint64_t align,
		       uint64_t from, struct run *out)
{
	uint64_t base = 0, end;
	size_t i;
	int found = 0, grew;

	for (i = 0; i < n; i++) {
		uint64_t rb = range_base(&r[i], align);
		uint64_t b = rb > from ? rb : from;

		if (r[i].size && range_end(&r[i], align) > from &&
		    (!found || b < base)) {
			base = b;
			found = 1;
		}
	}
	if (!found) {
		return 0;
	}
	end = base;
	do {				/* swallow overlapping and adjacent */
		grew = 0;
		for (i = 0; i < n; i++) {
			uint64_t e = range_end(&r[i], align);

			if (r[i].size && range_base(&r[i], align) <= end &&
			    e > end) {
				end = e;
				grew = 1;
			}
		}
	} while (grew);
	out->base = base;
	out->end = end;
	return 1;
}

/*
 * The next run of RAM, device or code memory at or above `from`. Code,
 * rounded out to the granule, lies inside RAM (checked) and wins there: a
 * RAM run stops where code starts, and picks up again after it.
 */
static int next_run(const struct kreloc_idmap_spec *spec, uint64_t granule,
		    uint64_t from, struct run *out)
{
	struct run ram, dev, code;
	int has_ram = next_run_of(spec->ram, spec->nr_ram, 1, from, &ram);
	int has_dev = next_run_of(spec->device, spec->nr_device, 1, from, &dev);
	int has_code = next_run_of(spec->code, spec->nr_code, granule, from,
				   &code);

	if (has_dev && (!has_ram || dev.base < ram.base)) {
		*out = dev;
		out->kind = RUN_DEVICE;
		return 1;
	}
	if (has_code && (!has_ram || code.base <= ram.base)) {
		*out = code;
		out->kind = RUN_CODE;
		return 1;
	}
	*out = ram;
	out->kind = RUN_RAM;
	if (has_code && code.base < ram.end) {
		out->end = code.base;
	}
	return has_ram;
}

/* Every byte of [base, end) in one of the ranges r[]. */
static int in_ranges(const struct kreloc_range *r, size_t n, uint64_t base,
		     uint64_t end)
{
	struct run run;

	return next_run_of(r, n, 1, base, &run) && run.base == base &&
	       run.end >= end;
}

static int check_ranges(const struct kreloc_range *r, size_t n, uint64_t align,
			uint64_t limit, struct kreloc_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!kreloc_no_wrap(r[i].base, r[i].size)) {
			return kreloc_fail(err, KRELOC_E_WRAP, r[i].base, 0,
					   r[i].size);
		}
		if (!kreloc_is_aligned(r[i].base | r[i].size, align)) {
			return kreloc_fail(err, KRELOC_E_ALIGN, r[i].base, 0,
					   r[i].size);
		}
		if (r[i].base + r[i].size > limit) {
			return kreloc_fail(err, KRELOC_E_PA_RANGE, r[i].base,
					   limit, r[i].size);
		}
	}
	return KRELOC_OK;
}

/* Check the spec, pick the granule, lay out the levels. */
static int idmap_plan(const struct kreloc_idmap_spec *spec,
		      const struct kreloc_cpu *cpu, struct geometry *g,
		      struct kreloc_error *err)
{
	static const uint64_t prefer[] = { 0x1000, 0x4000, 0x10000 };
	uint64_t granule = spec->granule, limit, top = 0;
	struct run run;
	size_t i, j;
	int e;

	if ((!spec->ram && spec->nr_ram) || (!spec->device && spec->nr_device) ||
	    (!spec->code && spec->nr_code)) {
		return kreloc_fail(err, KRELOC_E_INVAL, 0, 0, 0);
	}
	for (i = 0; !granule && i < 3; i++) {
		if (kreloc_cpu_has_granule(cpu, prefer[i])) {
			granule = prefer[i];
		}
	}
	if (!kreloc_is_page_size(granule)) {
		return kreloc_fail(err, granule ? KRELOC_E_PAGE_SIZE :
				   KRELOC_E_GRANULE, 0, 0, granule);
	}
	if (!kreloc_cpu_has_granule(cpu, granule)) {
		return kreloc_fail(err, KRELOC_E_GRANULE, 0, 0, granule);
	}
	limit = UINT64_C(1) << kreloc_cpu_pa_bits(cpu);
	e = check_ranges(spec->ram, spec->nr_ram, granule, limit, err);
	if (!e) {
		e = check_ranges(spec->device, spec->nr_device, granule, limit,
				 err);
	}
	if (!e) {			/* any alignment: rounded out */
		e = check_ranges(spec->code, spec->nr_code, 1, limit, err);
	}
	if (e) {
		return e;
	}
	for (i = 0; i < spec->nr_code; i++) {
		if (spec->code[i].size &&
		    !in_ranges(spec->ram, spec->nr_ram,
			       range_base(&spec->code[i], granule),
			       range_end(&spec->code[i], granule))) {
			return kreloc_fail(err, KRELOC_E_RANGE_OVERLAP,
					   spec->code[i].base, 0,
					   spec->code[i].size);
		}
	}
	for (i = 0; i < spec->nr_ram; i++) {
		for (j = 0; j < spec->nr_device; j++) {
			if (kreloc_overlaps(spec->ram[i].base, spec->ram[i].size,
					    spec->device[j].base,
					    spec->device[j].size)) {
				return kreloc_fail(err, KRELOC_E_RANGE_OVERLAP,
						   spec->ram[i].base,
						   spec->device[j].base,
						   spec->ram[i].size);
			}
		}
	}
	for (e = next_run(spec, granule, 0, &run); e;
	     e = next_run(spec, granule, run.end, &run)) {
		top = run.end;
	}

	*g = (struct geometry){ .va_bits = MIN_VA_BITS };
	while (g->va_bits < 48 && top > UINT64_C(1) << g->va_bits) {
		g->va_bits++;
	}
	for (g->shift = 12; (UINT64_C(1) << g->shift) < granule; g->shift++) {
	}
	g->bits = g->shift - 3;
	g->block_min = granule == 0x1000 ? 1 : 2;
	while (g->start < 3 &&
	       level_shift(g, g->start + 1) + g->bits >= g->va_bits) {
		g->start++;
	}
	return KRELOC_OK;
}

/* Can [base, end) take a block or page at `level` for region `r`? */
static int region_full(const struct geometry *g, unsigned level, uint64_t r,
		       const struct run *run)
{
	unsigned s = level_shift(g, level);
	uint64_t lo = r << s, hi = (r + 1) << s;

	return (level == 3 || level >= g->block_min) && run->base <= lo &&
	       hi <= run->end;
}

/* Tables the map needs: a region of a level needs one below it unless one
 * entry maps it whole. */
static size_t idmap_count(const struct kreloc_idmap_spec *spec,
			  const struct geometry *g)
{
	uint64_t granule = UINT64_C(1) << g->shift;
	size_t n = 1;		/* the root */
	struct run run;
	unsigned level;
	int more;

	for (level = g->start; level < 3; level++) {
		unsigned s = level_shift(g, level);
		uint64_t prev = 0, r, first, last;
		int counted = 0;

		for (more = next_run(spec, granule, 0, &run); more;
		     more = next_run(spec, granule, run.end, &run)) {
			first = run.base >> s;
			last = (run.end - 1) >> s;
			for (r = first; r <= last; r++) {
				if (region_full(g, level, r, &run)) {
					r = last > r + 1 ? last - 1 : r;
					continue;	/* inner regions are full */
				}
				if (!counted || r != prev) {
					n++;
				}
				prev = r;
				counted = 1;
			}
		}
	}
	return n;
}

/* Check and lay out the map; its table count in *pages. */
static int idmap_prepare(const struct kreloc_idmap_spec *spec,
			 const struct kreloc_cpu *cpu, struct geometry *g,
			 size_t *pages, struct kreloc_error *err)
{
	int e = idmap_plan(spec, cpu, g, err);

	if (e) {
		return e;
	}
	*pages = idmap_count(spec, g);
	if (*pages > KRELOC_IDMAP_MAX_PAGES) {
		return kreloc_fail(err, KRELOC_E_TT_PAGES, 0, 0, *pages);
	}
	return KRELOC_OK;
}

int kreloc_idmap_pages(const struct kreloc_idmap_spec *spec,
		       const struct kreloc_cpu *cpu, size_t *pages,
		       uint64_t *granule, struct kreloc_error *err)
{
	struct geometry g;
	int e;

	if (!spec || !cpu || !pages) {
		return kreloc_fail(err, KRELOC_E_INVAL, 0, 0, 0);
	}
	e = idmap_prepare(spec, cpu, &g, pages, err);
	if (!e && granule) {
		*granule = UINT64_C(1) << g.shift;
	}
	return e;
}

/* --- writing the tables ---------------------------------------------------- */

struct idmap_ctx {
	struct kreloc_idmap *map;
	const struct kreloc_host *host;
	struct geometry g;
	uint64_t attrs[RUN_KINDS];	/* leaf attributes of each kind */
};

static int idmap_new_table(struct idmap_ctx *ctx, struct kreloc_page *out)
{
	struct kreloc_idmap *map = ctx->map;

	if (map->nr_pages == KRELOC_IDMAP_MAX_PAGES) {
		return KRELOC_E_TT_PAGES;
	}
	if (ctx->host->alloc(ctx->host->ctx, map->granule, out)) {
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

/* Map run's [base, end) to itself in `table`, a table of `level`. */
static int idmap_map(struct idmap_ctx *ctx, uint64_t *table, unsigned level,
		     const struct run *run, uint64_t base, uint64_t end)
{
	unsigned s = level_shift(&ctx->g, level);
	uint64_t addr, next, mask = (UINT64_C(1) << ctx->g.bits) - 1;
	struct kreloc_page child;
	uint64_t *child_va;
	int err;

	for (addr = base; addr < end; addr = next) {
		uint64_t *slot = &table[(addr >> s) & mask];

		next = ((addr >> s) + 1) << s;
		if (next > end) {
			next = end;
		}
		if (region_full(&ctx->g, level, addr >> s, run)) {
			*slot = addr | ctx->attrs[run->kind] |
				(level == 3 ? DESC_TABLE : DESC_BLOCK);
			continue;
		}
		if (*slot & DESC_VALID) {
			child_va = idmap_table_va(ctx->map, *slot & DESC_ADDR_MASK);
		} else {
			err = idmap_new_table(ctx, &child);
			if (err) {
				return err;
			}
			*slot = child.pa | DESC_TABLE;
			child_va = child.va;
		}
		err = idmap_map(ctx, child_va, level + 1, run, addr, next);
		if (err) {
			return err;
		}
	}
	return KRELOC_OK;
}

int kreloc_idmap_build(struct kreloc_idmap *map,
		       const struct kreloc_idmap_spec *spec,
		       const struct kreloc_cpu *cpu,
		       const struct kreloc_host *host, struct kreloc_error *err)
{
	struct idmap_ctx ctx = { .map = map, .host = host };
	uint64_t fmt_ram, fmt_dev, fmt_code, normal;
	struct kreloc_page root;
	struct run run;
	size_t i, need;
	int e, more;

	if (!map || !spec || !cpu || !host || !host->alloc) {
		return kreloc_fail(err, KRELOC_E_INVAL, 0, 0, 0);
	}
	if (cpu->tt_format != KRELOC_TT_EL1 && cpu->tt_format != KRELOC_TT_EL2) {
		return kreloc_fail(err, KRELOC_E_TT_FORMAT, 0, 0, cpu->tt_format);
	}
	e = idmap_prepare(spec, cpu, &ctx.g, &need, err);
	if (e) {
		return e;
	}
	*map = (struct kreloc_idmap){
		.t0sz = 64 - ctx.g.va_bits,
		.granule = UINT64_C(1) << ctx.g.shift,
		.format = cpu->tt_format,
		.start_level = ctx.g.start,
	};
	if (cpu->tt_format == KRELOC_TT_EL2) {	/* one privilege level */
		fmt_code = DESC_AP1;
		fmt_ram = fmt_dev = DESC_AP1 | DESC_XN;
	} else {				/* EL1&0 or EL2&0 */
		fmt_code = DESC_UXN;
		fmt_ram = fmt_dev = DESC_UXN | DESC_PXN;
	}
	normal = DESC_AF | DESC_SH_INNER | DESC_ATTR(KRELOC_ATTR_NORMAL);
	ctx.attrs[RUN_RAM] = normal | fmt_ram;
	ctx.attrs[RUN_CODE] = normal | fmt_code;
	ctx.attrs[RUN_DEVICE] = DESC_AF | DESC_ATTR(KRELOC_ATTR_DEVICE) |
				fmt_dev;

	e = idmap_new_table(&ctx, &root);
	for (more = !e && next_run(spec, map->granule, 0, &run); more;
	     more = next_run(spec, map->granule, run.end, &run)) {
		e = idmap_map(&ctx, root.va, ctx.g.start, &run, run.base,
			      run.end);
		if (e) {
			break;
		}
	}
	if (e) {
		return kreloc_fail(err, e, 0, 0, map->nr_pages);
	}
	map->root = root.pa;
	for (i = 0; i < map->nr_pages; i++) {
		kreloc_clean_to_poc(map->pages[i].va, map->granule);
	}
	return KRELOC_OK;
}

/* --- reading them back -------------------------------------------------------- */

int kreloc_idmap_lookup(const struct kreloc_idmap *map, kreloc_pa_t pa,
			struct kreloc_leaf *leaf)
{
	struct geometry g = { .shift = 12 };
	const uint64_t *table;
	unsigned level;

	while ((UINT64_C(1) << g.shift) < map->granule) {
		g.shift++;
	}
	g.bits = g.shift - 3;
	if (pa >> (64 - map->t0sz)) {
		return 0;			/* beyond the map's VA range */
	}
	table = idmap_table_va(map, map->root);
	for (level = map->start_level; table && level <= 3; level++) {
		unsigned s = level_shift(&g, level);
		uint64_t desc = table[(pa >> s) & ((UINT64_C(1) << g.bits) - 1)];

		if (!(desc & DESC_VALID)) {
			return 0;
		}
		if (level == 3 || (desc & DESC_TYPE_MASK) == DESC_BLOCK) {
			leaf->base = pa >> s << s;
			leaf->end = leaf->base + (UINT64_C(1) << s);
			leaf->attr = (desc >> 2) & 7;
			leaf->exec = !(desc & (map->format == KRELOC_TT_EL2 ?
					       DESC_XN : DESC_PXN));
			return 1;
		}
		table = idmap_table_va(map, desc & DESC_ADDR_MASK);
	}
	return 0;
}
