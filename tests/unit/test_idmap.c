// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The identity map, read back by an independent table walker that decodes
 * descriptors the way the architecture does: start level from T0SZ and
 * the granule, every valid entry followed to its leaf. Every RAM byte must
 * map to itself as Normal write-back, every device byte as Device, and
 * nothing else may be mapped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include <kreloc/kreloc.h>

struct leaf {
	uint64_t va, pa, size, desc;
};

struct walk {
	struct leaf *leaves;
	size_t n, cap;
	uint64_t granule;
	unsigned shift, bits;
};

/* Tables live at their host address: pa == va in these tests. */
static int table_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	(void)ctx;
	out->va = aligned_alloc(size, size);
	out->pa = (kreloc_pa_t)(uintptr_t)out->va;
	return out->va == NULL;
}

static const struct kreloc_host table_host = { table_alloc, NULL, NULL };

static void free_tables(struct kreloc_idmap *m)
{
	size_t i;

	for (i = 0; i < m->nr_pages; i++) {
		free(m->pages[i].va);
	}
}

static void walk_table(struct walk *w, const uint64_t *t, unsigned level,
		       uint64_t va, unsigned entries)
{
	unsigned s = w->shift + w->bits * (3 - level), i;

	for (i = 0; i < entries; i++) {
		uint64_t d = t[i], v = va + ((uint64_t)i << s);
		uint64_t out = d & 0x0000fffffffff000ull & ~((1ull << w->shift) - 1);

		if (!(d & 1)) {
			continue;
		}
		if (level == 3 || !(d & 2)) {
			/* blocks: 4K at L1/L2, 16K and 64K at L2 only */
			assert_true(level == 3 ? (d & 3) == 3 :
				    level >= (w->granule == 0x1000 ? 1u : 2u));
			if (w->n == w->cap) {
				w->cap = w->cap ? 2 * w->cap : 64;
				w->leaves = realloc(w->leaves, w->cap * sizeof(*w->leaves));
			}
			w->leaves[w->n++] = (struct leaf){ v, out & ~((1ull << s) - 1),
							   1ull << s, d };
			continue;
		}
		walk_table(w, (const uint64_t *)(uintptr_t)out, level + 1, v,
			   1u << w->bits);
	}
}

/* Decode the whole map into leaves, as a CPU would. */
static void walk_map(struct walk *w, const struct kreloc_idmap *m)
{
	unsigned va_bits = 64 - (unsigned)m->t0sz, levels, start;

	memset(w, 0, sizeof(*w));
	w->granule = m->granule;
	w->shift = m->granule == 0x1000 ? 12 : m->granule == 0x4000 ? 14 : 16;
	w->bits = w->shift - 3;
	levels = (va_bits - w->shift + w->bits - 1) / w->bits;
	start = 4 - levels;
	walk_table(w, (const uint64_t *)(uintptr_t)m->root, start, 0,
		   1u << (va_bits - (w->shift + w->bits * (3 - start))));
}

/* [va, va + size) lies in the union of the ranges (which may touch). */
static int covered(const struct kreloc_range *r, size_t n, uint64_t va,
		   uint64_t size)
{
	uint64_t p = va;
	size_t i;
	int grew = 1;

	while (p < va + size && grew) {
		grew = 0;
		for (i = 0; i < n; i++) {
			if (p >= r[i].base && p < r[i].base + r[i].size) {
				p = r[i].base + r[i].size;
				grew = 1;
			}
		}
	}
	return p >= va + size;
}

/* Does [va, va + size) share a byte with any of r[]? */
static int touches(const struct kreloc_range *r, size_t n, uint64_t va,
		   uint64_t size)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (r[i].size && r[i].base < va + size && va < r[i].base + r[i].size) {
			return 1;
		}
	}
	return 0;
}

/* Bytes in the union of ranges: sort a copy by base and merge. */
static int by_base(const void *a, const void *b)
{
	const struct kreloc_range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

static uint64_t union_bytes(const struct kreloc_range *r, size_t n)
{
	struct kreloc_range *c = malloc((n + 1) * sizeof(*c));
	uint64_t total = 0, end = 0;
	size_t i;

	if (n) {
		memcpy(c, r, n * sizeof(*c));
	}
	qsort(c, n, sizeof(*c), by_base);
	for (i = 0; i < n; i++) {
		uint64_t b = c[i].base > end ? c[i].base : end;
		uint64_t e = c[i].base + c[i].size;

		if (e > b) {
			total += e - b;
			end = e;
		}
	}
	free(c);
	return total;
}

/* Check map m against spec: identity, attributes, exact coverage. */
static void check_map(const struct kreloc_idmap *m,
		      const struct kreloc_idmap_spec *spec, uint64_t format)
{
	uint64_t ram = 0, dev = 0, exec = 0;
	struct walk w;
	size_t i;

	walk_map(&w, m);
	for (i = 0; i < w.n; i++) {
		const struct leaf *l = &w.leaves[i];
		unsigned attr = (l->desc >> 2) & 7;

		assert_int_equal(l->va, l->pa);			/* identity */
		assert_true(l->desc & (1ull << 10));		/* AF */
		assert_int_equal(!!(l->desc & (1ull << 6)), format == KRELOC_TT_EL2);
		assert_false(l->desc & (1ull << 7));		/* writable */
		if (attr == KRELOC_ATTR_NORMAL) {
			assert_true(covered(spec->ram, spec->nr_ram, l->va, l->size));
			assert_int_equal((l->desc >> 8) & 3, 3);	/* inner shareable */
			/*
			 * Code ranges run at the stub's EL (PXN off in the
			 * EL1&0 format, XN off in EL2/EL3's), never at EL0;
			 * all other RAM is execute-never. A leaf is one or
			 * the other, whole.
			 */
			if (covered(spec->code, spec->nr_code, l->va, l->size)) {
				assert_false(l->desc & (1ull << (format == KRELOC_TT_EL2 ? 54 : 53)));
				if (format == KRELOC_TT_EL1) {
					assert_true(l->desc & (1ull << 54));
				}
				exec += l->size;
			} else {
				assert_false(touches(spec->code, spec->nr_code, l->va, l->size));
				assert_true(l->desc & (1ull << 54));
				if (format == KRELOC_TT_EL1) {
					assert_true(l->desc & (1ull << 53));
				}
			}
			ram += l->size;
		} else {
			assert_int_equal(attr, KRELOC_ATTR_DEVICE);
			assert_true(covered(spec->device, spec->nr_device, l->va, l->size));
			assert_true(l->desc & (1ull << 54));	/* never executed */
			if (format == KRELOC_TT_EL1) {
				assert_true(l->desc & (1ull << 53));
			}
			dev += l->size;
		}
	}
	assert_int_equal(ram, union_bytes(spec->ram, spec->nr_ram));
	assert_int_equal(dev, union_bytes(spec->device, spec->nr_device));
	assert_int_equal(exec, union_bytes(spec->code, spec->nr_code));
	free(w.leaves);
}

static const uint64_t granules[] = { 0x1000, 0x4000, 0x10000 };

/* Build, count and walk: the count kreloc_idmap_pages() gave is exact. */
static void build_and_check(const struct kreloc_idmap_spec *spec,
			    const struct kreloc_cpu *cpu, struct kreloc_idmap *m)
{
	struct kreloc_error err;
	size_t pages;
	uint64_t g;

	assert_int_equal(kreloc_idmap_pages(spec, cpu, &pages, &g, &err), 0);
	assert_int_equal(kreloc_idmap_build(m, spec, cpu, &table_host, &err), 0);
	assert_int_equal(m->nr_pages, pages);
	assert_int_equal(m->granule, g);
	check_map(m, spec, cpu->tt_format);
}

static unsigned long seed;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static void random_layouts_every_granule(void **state)
{
	struct kreloc_cpu cpu = { .mmfr0 = 0x100005, .tt_format = KRELOC_TT_EL1 };
	unsigned round, g;

	(void)state;
	for (round = 0; round < 200; round++) {
		for (g = 0; g < 3; g++) {
			struct kreloc_range ram[6], dev[2];
			struct kreloc_range code[2];
			struct kreloc_idmap_spec spec = {
				.ram = ram, .nr_ram = 1 + rnd() % 6,
				.device = dev, .nr_device = rnd() % 3,
				.granule = granules[g],
				.code = code, .nr_code = rnd() % 3,
			};
			struct kreloc_idmap m;
			struct kreloc_error err;
			uint64_t gr = granules[g];
			size_t i, pages;

			for (i = 0; i < spec.nr_ram; i++) {
				/* big aligned chunks with ragged ends */
				ram[i].base = (rnd() % (1ull << 36)) & ~(gr - 1);
				ram[i].size = ((rnd() % (1ull << 33)) & ~(gr - 1)) + gr;
			}
			for (i = 0; i < spec.nr_code; i++) {
				/* a few granules somewhere inside one RAM range */
				const struct kreloc_range *r = &ram[rnd() % spec.nr_ram];
				uint64_t n = r->size / gr;

				code[i].size = gr * (1 + rnd() % (n < 4 ? n : 4));
				code[i].base = r->base + gr * (rnd() % (n - code[i].size / gr + 1));
			}
			for (i = 0; i < spec.nr_device; i++) {
				dev[i].base = (1ull << 37) + ((rnd() % (1ull << 30)) & ~(gr - 1)) +
					      i * (2ull << 30);
				dev[i].size = gr * (1 + rnd() % 16);
			}
			cpu.tt_format = rnd() & 1 ? KRELOC_TT_EL1 : KRELOC_TT_EL2;
			if (kreloc_idmap_pages(&spec, &cpu, &pages, NULL, &err) ==
			    KRELOC_E_TT_PAGES) {
				g--;		/* too ragged for 64 tables: redraw */
				continue;
			}
			build_and_check(&spec, &cpu, &m);
			free_tables(&m);
		}
	}
}

static void aligned_ram_takes_the_biggest_blocks(void **state)
{
	struct kreloc_cpu cpu = { .mmfr0 = 0x100005, .tt_format = KRELOC_TT_EL1 };
	struct kreloc_range ram = { 0x40000000, 0x40000000 };	/* 1 GiB at 1 GiB */
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .device = NULL, .nr_device = 0,
		.granule = 0x1000,
	};
	struct kreloc_idmap m;
	struct walk w;

	(void)state;
	build_and_check(&spec, &cpu, &m);
	assert_int_equal(m.nr_pages, 1);	/* one L1 block in the root */
	assert_int_equal(m.t0sz, 64 - 32);	/* the fewest bits, at least 32 */
	walk_map(&w, &m);
	assert_int_equal(w.n, 1);
	free(w.leaves);
	free_tables(&m);

	spec.granule = 0x10000;			/* 64K: two 512 MiB L2 blocks */
	build_and_check(&spec, &cpu, &m);
	walk_map(&w, &m);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.leaves[0].size, 512ull << 20);
	free(w.leaves);
	free_tables(&m);
}

static void high_ram_needs_more_va_bits(void **state)
{
	struct kreloc_cpu cpu = { .mmfr0 = 0x100005, .tt_format = KRELOC_TT_EL2 };
	struct kreloc_range ram = { 0x8000000000ull, 0x200000 };	/* at 512 GiB */
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .device = NULL, .nr_device = 0,
		.granule = 0x1000,
	};
	struct kreloc_idmap m;

	(void)state;
	build_and_check(&spec, &cpu, &m);
	assert_int_equal(m.t0sz, 64 - 40);
	assert_int_equal(m.start_level, 0);
	free_tables(&m);
}

static void granule_follows_the_cpu(void **state)
{
	struct kreloc_range ram = { 0x40000000, 0x2000000 };
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .device = NULL, .nr_device = 0,
		.granule = 0,
	};
	struct kreloc_cpu apple = { .mmfr0 = 0xf0100005, .tt_format = KRELOC_TT_EL1 };
	struct kreloc_cpu only64 = { .mmfr0 = 0xf0000005, .tt_format = KRELOC_TT_EL1 };
	struct kreloc_cpu none = { .mmfr0 = 0xff000005, .tt_format = KRELOC_TT_EL1 };
	struct kreloc_idmap m;
	size_t pages;
	uint64_t g;

	(void)state;
	build_and_check(&spec, &apple, &m);	/* no 4K: 16K, 32 MiB block */
	assert_int_equal(m.granule, 0x4000);
	assert_int_equal(m.nr_pages, 1);
	free_tables(&m);
	assert_int_equal(kreloc_idmap_pages(&spec, &only64, &pages, &g, NULL), 0);
	assert_int_equal(g, 0x10000);
	assert_int_equal(kreloc_idmap_pages(&spec, &none, &pages, &g, NULL), KRELOC_E_GRANULE);
	spec.granule = 0x1000;
	assert_int_equal(kreloc_idmap_pages(&spec, &apple, &pages, &g, NULL), KRELOC_E_GRANULE);
}

static void bad_ranges_are_refused(void **state)
{
	struct kreloc_cpu cpu = { .mmfr0 = 0x100002, .tt_format = KRELOC_TT_EL1 };	/* 40 bits */
	struct kreloc_range ram = { 0x40000000, 0x1000 }, dev = { 0x40000000, 0x1000 };
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .device = &dev, .nr_device = 1,
		.granule = 0x4000,
	};
	struct kreloc_error err;
	size_t pages;

	(void)state;
	assert_int_equal(kreloc_idmap_pages(&spec, &cpu, &pages, NULL, &err), KRELOC_E_ALIGN);
	assert_int_equal(err.addr, 0x40000000);
	spec.granule = 0x1000;
	assert_int_equal(kreloc_idmap_pages(&spec, &cpu, &pages, NULL, &err),
			 KRELOC_E_RANGE_OVERLAP);
	spec.nr_device = 0;
	ram.base = 1ull << 40;
	assert_int_equal(kreloc_idmap_pages(&spec, &cpu, &pages, NULL, &err), KRELOC_E_PA_RANGE);
	ram.base = 0xfffffffffffff000ull;
	ram.size = 0x2000;
	assert_int_equal(kreloc_idmap_pages(&spec, &cpu, &pages, NULL, &err), KRELOC_E_WRAP);
	spec.granule = 0x2000;
	assert_int_equal(kreloc_idmap_pages(&spec, &cpu, &pages, NULL, &err), KRELOC_E_PAGE_SIZE);
	cpu.tt_format = 7;
	spec.granule = 0x1000;
	ram = (struct kreloc_range){ 0x40000000, 0x1000 };
	assert_int_equal(kreloc_idmap_build(&(struct kreloc_idmap){ 0 }, &spec, &cpu,
					    &table_host, &err), KRELOC_E_TT_FORMAT);
}

static void too_many_tables_is_refused_before_allocating(void **state)
{
	struct kreloc_cpu cpu = { .mmfr0 = 0x100005, .tt_format = KRELOC_TT_EL1 };
	struct kreloc_range ram[70];
	struct kreloc_idmap_spec spec = {
		.ram = ram, .nr_ram = 70, .device = NULL, .nr_device = 0,
		.granule = 0x1000,
	};
	struct kreloc_idmap m;
	size_t i;

	(void)state;
	for (i = 0; i < 70; i++) {	/* one 4K page in each of 70 2 MiB blocks */
		ram[i] = (struct kreloc_range){ 0x40000000 + i * 0x400000, 0x1000 };
	}
	assert_int_equal(kreloc_idmap_build(&m, &spec, &cpu, &table_host, NULL),
			 KRELOC_E_TT_PAGES);
}

int run_idmap_tests(unsigned long s, int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_layouts_every_granule),
		cmocka_unit_test(aligned_ram_takes_the_biggest_blocks),
		cmocka_unit_test(high_ram_needs_more_va_bits),
		cmocka_unit_test(granule_follows_the_cpu),
		cmocka_unit_test(bad_ranges_are_refused),
		cmocka_unit_test(too_many_tables_is_refused_before_allocating),
	};

	seed = s ? s : 1;
	printf("idmap: random layouts from seed %lu (KRELOC_SEED=%lu replays)\n", s, s);
	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("idmap", tests, NULL, NULL);
}
