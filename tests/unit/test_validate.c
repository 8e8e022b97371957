// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * One test per rule of the plan checker: a good plan, then exactly one
 * thing broken, and the rule's own error with the offending address.
 * Remove a rule from src/validate.c and its test goes red. A refused plan
 * must leave the stub page and the argument block untouched.
 */
#include <string.h>
#include "fake.h"
#include "tests.h"

#define PS	0x1000ull
#define DEST	(FAKE_BASE + 0x400000)		/* 16 pages of image */
#define SRC	(FAKE_BASE + 0x100000)		/* scattered below */
#define NPAGES	16

struct plan {
	struct kreloc_segment seg[NPAGES + 4];
	size_t nr_seg;
	struct kreloc_list list;
	struct kreloc_idmap map;
	struct kreloc_range ram;
	struct kreloc_idmap_spec spec;
	struct kreloc_range code;	/* the stub's region, in spec */
	int no_code;			/* build the map with no code range */
	struct kreloc_page stub, args;
	struct kreloc_boot boot;
	struct kreloc_cpu cpu;
	int no_map;
	int verified;			/* kreloc_list_add_verified() */
	struct kreloc_error err;
};

static struct plan p;

/* A host whose physical page 0 is a list page pointing to itself. */
static uint64_t page_zero[512] = { KRELOC_ENTRY_INDIRECTION };

static void *zero_page_va(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return pa < PS ? (void *)page_zero : fake_va(pa);
}


static int setup(void **state)
{
	size_t i;

	(void)state;
	fake_init();
	memset(&p, 0, sizeof(p));
	for (i = 0; i < NPAGES; i++) {		/* sources in reverse order */
		p.seg[i] = (struct kreloc_segment){ DEST + i * PS,
			SRC + (NPAGES - 1 - i) * 2 * PS, PS, PS };
	}
	p.nr_seg = NPAGES;
	p.ram = (struct kreloc_range){ FAKE_BASE, FAKE_SIZE };
	p.spec = (struct kreloc_idmap_spec){
		.ram = &p.ram, .nr_ram = 1, .granule = 0x1000,
	};
	p.cpu = fake_cpu(5, 7, KRELOC_TT_EL1);
	p.boot = (struct kreloc_boot){ .entry = DEST, .x = { 0 } };
	return 0;
}

static int alloc_page(struct kreloc_page *pg)
{
	return fake_host.alloc(NULL, PS, pg);
}

static int alloc_stub(struct kreloc_page *pg)
{
	return fake_host.alloc(NULL, KRELOC_BLOB_SIZE, pg);
}

/* Build what the plan says; return kreloc_install()'s verdict. */
static int install(void)
{
	size_t i;

	if (!p.list.host) {
		assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
		for (i = 0; i < p.nr_seg; i++) {
			assert_int_equal(p.verified ?
				kreloc_list_add_verified(&p.list, &p.seg[i], NULL) :
				kreloc_list_add(&p.list, &p.seg[i]), 0);
		}
		assert_int_equal(kreloc_list_finish(&p.list), 0);
	}
	if (!p.stub.va) {
		assert_int_equal(alloc_stub(&p.stub), 0);
	}
	if (!p.no_map && !p.map.root) {
		/* the stub's region runs code (rounded out to whole pages) */
		p.code.base = p.stub.pa & ~0xfffull;
		p.code.size = (p.stub.pa + KRELOC_BLOB_SIZE + 0xfff) / 0x1000 *
			      0x1000 - p.code.base;
		p.spec.code = &p.code;
		p.spec.nr_code = !p.no_code;
		assert_int_equal(kreloc_idmap_build(&p.map, &p.spec, &p.cpu,
						    &fake_host, &p.err), 0);
	}
	if (!p.args.va) {
		assert_int_equal(alloc_page(&p.args), 0);
	}
	memset(p.stub.va, 0xab, KRELOC_BLOB_SIZE);
	memset(p.args.va, 0xab, sizeof(struct kreloc_args));
	return kreloc_install(&p.stub, &p.args, &p.list,
			      p.no_map ? NULL : &p.map, &p.boot, &p.cpu, &p.err);
}

/* The rule fired, with this address, and nothing was written. */
static void refused(int code, kreloc_pa_t addr)
{
	unsigned char untouched[sizeof(struct kreloc_args)];

	assert_int_equal(install(), code);
	assert_int_equal(p.err.code, code);
	assert_int_equal(p.err.addr, addr);
	memset(untouched, 0xab, sizeof(untouched));
	assert_memory_equal(p.stub.va, untouched, sizeof(untouched));
	assert_memory_equal(p.args.va, untouched, sizeof(untouched));
}

static void good_plan_installs(void **state)
{
	const struct kreloc_args *a;

	(void)state;
	assert_int_equal(install(), 0);
	a = p.args.va;
	assert_int_equal(a->magic, KRELOC_ARGS_MAGIC);
	assert_int_equal(a->list_head, p.list.head);
	assert_int_equal(a->entry, DEST);
	assert_int_equal(a->tt_root, p.map.root);
	assert_int_equal(a->status_pa, p.args.pa + offsetof(struct kreloc_args, status));
	assert_memory_equal(p.stub.va, kreloc_blob_start,
			    (size_t)kreloc_blob_size);
	p.no_map = 1;				/* and without a map */
	assert_int_equal(install(), 0);
}

static void rule_stub_page_aligned(void **state)
{
	(void)state;
	assert_int_equal(alloc_stub(&p.stub), 0);
	p.stub.pa += 0x800;
	refused(KRELOC_E_STUB_PAGE, p.stub.pa);
}

/* A map whose T0SZ the stub would refuse: too small, then too large. */
static void rule_t0sz(void **state)
{
	static const uint64_t bad[] = { KRELOC_T0SZ_MIN - 1, KRELOC_T0SZ_MAX + 1 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		memset(&p.map, 0, sizeof(p.map));
		assert_int_equal(kreloc_idmap_build(&p.map, &p.spec, &p.cpu,
						    &fake_host, &p.err), 0);
		p.map.t0sz = bad[i];
		refused(KRELOC_E_T0SZ, p.map.root);
		assert_int_equal(p.err.size, bad[i]);
	}
}

/* A map that makes no memory executable cannot run the stub. */
static void rule_stub_not_exec(void **state)
{
	(void)state;
	p.no_code = 1;
	assert_int_equal(alloc_stub(&p.stub), 0);
	refused(KRELOC_E_STUB_NOT_EXEC, p.stub.pa);
}

static void rule_entry_aligned(void **state)
{
	(void)state;
	p.boot.entry = DEST + 2;
	refused(KRELOC_E_ALIGN, DEST + 2);
}

static void rule_status_aligned(void **state)
{
	(void)state;
	assert_int_equal(alloc_page(&p.args), 0);
	p.boot.status_pa = FAKE_POOL + 0x8;
	refused(KRELOC_E_ALIGN, p.args.pa);
	assert_int_equal(p.err.other, FAKE_POOL + 0x8);
}

static void rule_pa_range(void **state)
{
	(void)state;
	p.cpu = fake_cpu(0, 7, KRELOC_TT_EL1);		/* 32-bit PAs */
	p.no_map = 1;
	p.seg[3].dest = 0x100000000ull;			/* 4 GiB */
	refused(KRELOC_E_PA_RANGE, 0x100000000ull);
}

static void rule_wrap(void **state)
{
	(void)state;
	p.boot.status_pa = 0xfffffffffffffff0ull;
	refused(KRELOC_E_WRAP, 0xfffffffffffffff0ull);
}

static void rule_dest_overlap(void **state)
{
	(void)state;
	p.seg[5].dest = DEST + 2 * PS;
	refused(KRELOC_E_DEST_OVERLAP, DEST + 2 * PS);
}

static void rule_src_clobbered(void **state)
{
	(void)state;
	/* page 9 reads what page 0's copy has already overwritten */
	p.seg[9].src = DEST;
	refused(KRELOC_E_SRC_CLOBBERED, DEST);
}

static void rule_source_read_before_overwrite_is_fine(void **state)
{
	(void)state;
	/* page 0 reads the page that page 9 only later overwrites */
	p.seg[0].src = DEST + 9 * PS;
	assert_int_equal(install(), 0);
}

static void rule_control_page_is_a_source(void **state)
{
	(void)state;
	assert_int_equal(alloc_page(&p.args), 0);
	p.seg[6].src = p.args.pa;	/* the allocator handed out a source */
	refused(KRELOC_E_CONTROL_IN_SRC, p.args.pa);
	assert_int_equal(p.err.other, p.args.pa);
}

static void rule_control_pages_apart(void **state)
{
	(void)state;
	assert_int_equal(alloc_stub(&p.stub), 0);
	p.boot.status_pa = p.stub.pa + 0x100;	/* the record over the stub */
	refused(KRELOC_E_CONTROL_OVERLAP, p.stub.pa);
	assert_int_equal(p.err.other, p.stub.pa + 0x100);
}

static void rule_list_page_apart_from_status(void **state)
{
	uint64_t *a = fake_va(FAKE_POOL + 0x100000);

	(void)state;
	a[0] = DEST | KRELOC_ENTRY_DESTINATION;
	a[1] = SRC | KRELOC_ENTRY_SOURCE;
	a[2] = KRELOC_ENTRY_DONE;
	assert_int_equal(kreloc_list_adopt(&p.list,
		(FAKE_POOL + 0x100000) | KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
	p.boot.status_pa = FAKE_POOL + 0x100000 + 0x100;	/* in the list page */
	refused(KRELOC_E_CONTROL_OVERLAP, FAKE_POOL + 0x100000);
}

/* Was this page among the last cleans? */
static int cleaned(const void *va)
{
	unsigned long i;

	for (i = 0; i < KRELOC_NATIVE_CLEANED && i < kreloc_native_cleans; i++) {
		if (kreloc_native_cleaned[i] == va) {
			return 1;
		}
	}
	return 0;
}

/*
 * An adopted list, two pages, with no map: the stub reads it with the MMU
 * off, so kreloc_install() cleans both pages to PoC (with a map it need
 * not: the stub reads it with its caches on).
 */
static void adopted_list_cleaned_without_map(void **state)
{
	const kreloc_pa_t l0 = FAKE_POOL + 0x100000, l1 = l0 + PS;
	uint64_t *a = fake_va(l0), *b = fake_va(l1);

	(void)state;
	a[0] = DEST | KRELOC_ENTRY_DESTINATION;
	a[1] = SRC | KRELOC_ENTRY_SOURCE;
	a[2] = l1 | KRELOC_ENTRY_INDIRECTION;
	b[0] = (SRC + 2 * PS) | KRELOC_ENTRY_SOURCE;
	b[1] = KRELOC_ENTRY_DONE;
	assert_int_equal(kreloc_list_adopt(&p.list,
		l0 | KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
	p.no_map = 1;
	kreloc_native_cleans = 0;
	assert_int_equal(install(), 0);
	assert_true(cleaned(a));
	assert_true(cleaned(b));
}

static void rule_args_in_dest(void **state)
{
	(void)state;
	p.args = (struct kreloc_page){ DEST + 4 * PS, fake_va(DEST + 4 * PS) };
	refused(KRELOC_E_CONTROL_IN_DEST, DEST + 4 * PS);
}

static void rule_stub_in_dest(void **state)
{
	(void)state;
	p.stub = (struct kreloc_page){ DEST + 3 * PS, fake_va(DEST + 3 * PS) };
	refused(KRELOC_E_CONTROL_IN_DEST, DEST + 3 * PS);
}

static void rule_status_in_dest(void **state)
{
	(void)state;
	p.boot.status_pa = DEST + 0x40;
	refused(KRELOC_E_CONTROL_IN_DEST, DEST + 0x40);
}

static void rule_list_page_in_dest(void **state)
{
	uint64_t *page = fake_va(DEST + 8 * PS);
	size_t i;

	(void)state;
	/* a foreign list whose one page lies in its own destination */
	page[0] = DEST | KRELOC_ENTRY_DESTINATION;
	for (i = 1; i < 10; i++) {
		page[i] = (SRC + i * PS) | KRELOC_ENTRY_SOURCE;
	}
	page[10] = KRELOC_ENTRY_DONE;
	assert_int_equal(kreloc_list_adopt(&p.list,
		(DEST + 8 * PS) | KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
	refused(KRELOC_E_CONTROL_IN_DEST, DEST + 8 * PS);
}

static void rule_table_in_dest(void **state)
{
	(void)state;
	fake.next = DEST + 6 * PS;	/* the allocator goes wrong */
	assert_int_equal(kreloc_idmap_build(&p.map, &p.spec, &p.cpu,
					    &fake_host, &p.err), 0);
	fake.next = FAKE_POOL;
	refused(KRELOC_E_CONTROL_IN_DEST, p.map.pages[0].pa);
}

static void rule_not_mapped_source(void **state)
{
	(void)state;
	p.ram = (struct kreloc_range){ FAKE_BASE + 0x200000,
				       FAKE_SIZE - 0x200000 };	/* no SRC */
	refused(KRELOC_E_NOT_MAPPED, SRC + (NPAGES - 1) * 2 * PS);
}

static void rule_not_mapped_list(void **state)
{
	(void)state;
	p.ram = (struct kreloc_range){ FAKE_BASE, FAKE_POOL - FAKE_BASE };
	p.no_code = 1;			/* the stub is not in RAM either */
	refused(KRELOC_E_NOT_MAPPED, FAKE_POOL);	/* the first list page */
}

static void rule_entry_in_a_destination(void **state)
{
	(void)state;
	p.boot.entry = DEST + NPAGES * PS;
	refused(KRELOC_E_ENTRY, DEST + NPAGES * PS);
}

static void rule_dtb_aligned(void **state)
{
	(void)state;
	p.boot.dtb = DEST + 0x2004;
	p.boot.dtb_size = 0x100;
	refused(KRELOC_E_DTB_ALIGN, DEST + 0x2004);
}

/* The 2 MiB around the DTB must be RAM of the map: here a hole in it. */
static void rule_dtb_region(void **state)
{
	const kreloc_pa_t dtb = DEST + 15 * PS, hole = DEST + 0x100000;
	const struct kreloc_range ram[2] = {
		{ FAKE_BASE, hole - FAKE_BASE },
		{ hole + 0x1000, FAKE_BASE + FAKE_SIZE - hole - 0x1000 },
	};

	(void)state;
	p.boot.dtb = dtb;
	p.boot.dtb_size = 0x100;
	assert_int_equal(install(), 0);		/* all RAM: fine */
	memset(&p.map, 0, sizeof(p.map));
	p.spec.ram = ram;
	p.spec.nr_ram = 2;
	refused(KRELOC_E_DTB_REGION, dtb);
	assert_int_equal(p.err.other, hole);
}

static void rule_dtb_size(void **state)
{
	(void)state;
	p.boot.dtb = FAKE_POOL + 0x100000;
	p.boot.dtb_size = 3ull << 20;
	refused(KRELOC_E_DTB_SIZE, FAKE_POOL + 0x100000);
	p.boot.dtb = DEST + 15 * PS;		/* runs past the image */
	p.boot.dtb_size = 2 * PS;
	refused(KRELOC_E_DTB_SIZE, DEST + 15 * PS);
}

static void rule_list_loop(void **state)
{
	uint64_t *a = fake_va(FAKE_POOL + 0x100000), *b = fake_va(FAKE_POOL + 0x101000);
	size_t i;

	(void)state;
	a[0] = DEST | KRELOC_ENTRY_DESTINATION;
	for (i = 1; i < 511; i++) {
		a[i] = 0;			/* ignored entries */
	}
	a[511] = (FAKE_POOL + 0x101000) | KRELOC_ENTRY_INDIRECTION;
	b[0] = (FAKE_POOL + 0x100000) | KRELOC_ENTRY_INDIRECTION;
	assert_int_equal(kreloc_list_adopt(&p.list,
		(FAKE_POOL + 0x100000) | KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
	p.boot.entry = 0;
	refused(KRELOC_E_LIST_LOOP, FAKE_POOL + 0x101000);
}

static void rule_list_end(void **state)
{
	uint64_t *a = fake_va(FAKE_POOL + 0x100000);
	size_t i;

	(void)state;
	for (i = 0; i < 512; i++) {
		a[i] = DEST | KRELOC_ENTRY_DESTINATION;	/* no DONE anywhere */
	}
	assert_int_equal(kreloc_list_adopt(&p.list,
		(FAKE_POOL + 0x100000) | KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
	refused(KRELOC_E_LIST_END, FAKE_POOL + 0x100000);
}

static void rule_list_entry(void **state)
{
	uint64_t *a = fake_va(FAKE_POOL + 0x100000);

	(void)state;
	assert_int_equal(kreloc_list_adopt(&p.list, SRC | KRELOC_ENTRY_SOURCE, PS,
					   &fake_host), 0);
	refused(KRELOC_E_LIST_ENTRY, SRC | KRELOC_ENTRY_SOURCE);
	a[0] = SRC | KRELOC_ENTRY_SOURCE;		/* before any DESTINATION */
	a[1] = KRELOC_ENTRY_DONE;
	assert_int_equal(kreloc_list_adopt(&p.list,
		(FAKE_POOL + 0x100000) | KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
	refused(KRELOC_E_LIST_ENTRY, SRC | KRELOC_ENTRY_SOURCE);
	a[0] = DEST | KRELOC_ENTRY_DESTINATION;
	a[1] = SRC | KRELOC_ENTRY_SOURCE | KRELOC_ENTRY_DONE;	/* two flags */
	refused(KRELOC_E_LIST_ENTRY, SRC | KRELOC_ENTRY_SOURCE | KRELOC_ENTRY_DONE);
	/* a head that is an INDIRECTION and a DIGEST: no page to read the
	 * DIGEST's words from yet (it read before page 0 once) */
	assert_int_equal(kreloc_list_adopt(&p.list, (FAKE_POOL + 0x100000) |
		KRELOC_ENTRY_INDIRECTION | KRELOC_ENTRY_DIGEST, PS, &fake_host), 0);
	refused(KRELOC_E_LIST_ENTRY, (FAKE_POOL + 0x100000) |
		KRELOC_ENTRY_INDIRECTION | KRELOC_ENTRY_DIGEST);
}

static void rule_list_loop_at_pa_zero(void **state)
{
	static struct kreloc_host zero_page_host;

	(void)state;
	/* a list page at physical 0 that points to itself, nothing else */
	zero_page_host = fake_host;
	zero_page_host.phys_to_virt = zero_page_va;
	p.no_map = 1;
	assert_int_equal(kreloc_list_adopt(&p.list, KRELOC_ENTRY_INDIRECTION,
					   PS, &zero_page_host), 0);
	refused(KRELOC_E_LIST_LOOP, 0);
}

static void rule_too_many_runs(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	for (i = 0; i < KRELOC_MAX_RUNS + 1; i++) {
		struct kreloc_segment s = { DEST + i * 2 * PS, SRC, PS, PS };

		assert_int_equal(kreloc_list_add(&p.list, &s), 0);
	}
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	refused(KRELOC_E_TOO_MANY_RUNS, DEST + KRELOC_MAX_RUNS * 2 * PS);
}

/*
 * n pages zeroed, every other one first: over KRELOC_MAX_RUNS pieces
 * written on the way, one run at the end (the validator checks the
 * written set a window at a time then). Then one more page op, src into
 * dest.
 */
static void scattered_then_joined(uint64_t n, kreloc_pa_t dest, kreloc_pa_t src)
{
	struct kreloc_segment s = { 0, src, PS, PS };
	uint64_t i;

	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	for (i = 0; i < n; i++) {
		struct kreloc_segment z = {
			DEST + (i < n / 2 ? 2 * i : 2 * (i - n / 2) + 1) * PS,
			0, 0, PS
		};

		assert_int_equal(kreloc_list_add(&p.list, &z), 0);
	}
	s.dest = dest;
	assert_int_equal(kreloc_list_add(&p.list, &s), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
}

static void rule_pieces_on_the_way_are_fine(void **state)
{
	(void)state;
	scattered_then_joined(4 * KRELOC_MAX_RUNS, DEST + 4 * KRELOC_MAX_RUNS * PS,
			      SRC);
	assert_int_equal(install(), 0);
}

static void rule_src_clobbered_among_pieces(void **state)
{
	(void)state;
	scattered_then_joined(4 * KRELOC_MAX_RUNS, DEST + 4 * KRELOC_MAX_RUNS * PS,
			      DEST + 6 * PS);
	refused(KRELOC_E_SRC_CLOBBERED, DEST + 6 * PS);
	assert_int_equal(p.err.other, DEST);
}

static void rule_dest_overlap_among_pieces(void **state)
{
	(void)state;
	scattered_then_joined(4 * KRELOC_MAX_RUNS, DEST + 9 * PS, SRC);
	refused(KRELOC_E_DEST_OVERLAP, DEST + 9 * PS);
}

static void rule_src_clobbered_in_a_later_window(void **state)
{
	(void)state;
	/* 9000 pages: past the validator's window of 8192 */
	scattered_then_joined(9000, DEST + 9000 * PS, DEST + 8500 * PS);
	refused(KRELOC_E_SRC_CLOBBERED, DEST + 8500 * PS);
	assert_int_equal(p.err.other, DEST);	/* the piece, whole */
	fake_teardown(NULL);
	setup(NULL);
	scattered_then_joined(9000, DEST + 9000 * PS, SRC);
	assert_int_equal(install(), 0);
}

/*
 * list->check_bits, the caller's memory for those windows: the same
 * verdicts and addresses as with the validator's own 1 KiB, whatever the
 * memory held before, whether it covers all 9000 pages in one pass (2
 * KiB), needs several (1 KiB + 8 bytes) or is too small to be used.
 */
static void rule_lent_check_bits_same_verdicts(void **state)
{
	static uint64_t bits[2048 / 8];
	static const size_t sizes[] = { 0, 8, 1024 + 8, sizeof(bits) };
	/* n pages as above, then one into page dest from page src (~0: SRC);
	 * the error, and the written piece it names (a page number) */
	static const struct { uint64_t n, dest, src; int e; uint64_t other; }
	cases[] = {
		{ 9000, 9000, 8500, KRELOC_E_SRC_CLOBBERED, 0 },
		{ 9000, 9000, ~0ull, 0, 0 },
		{ 9000, 8400, ~0ull, KRELOC_E_DEST_OVERLAP, 0 },
		{ 4 * KRELOC_MAX_RUNS, 9, ~0ull, KRELOC_E_DEST_OVERLAP, 0 },
		{ 4 * KRELOC_MAX_RUNS, 4 * KRELOC_MAX_RUNS, 6,
		  KRELOC_E_SRC_CLOBBERED, 0 },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			fake_teardown(NULL);
			setup(NULL);
			scattered_then_joined(cases[i].n, DEST + cases[i].dest * PS,
					      cases[i].src == ~0ull ? SRC :
					      DEST + cases[i].src * PS);
			__builtin_memset(bits, 0xa5, sizeof(bits));
			p.list.check_bits = sizes[k] ? bits : NULL;
			p.list.check_bits_size = sizes[k];
			assert_int_equal(install(), cases[i].e);
			/* used if over the validator's own 1 KiB, else not */
			assert_int_equal(bits[0] != 0xa5a5a5a5a5a5a5a5ull,
					 sizes[k] > 1024);
			if (cases[i].e) {
				assert_int_equal(p.err.addr, DEST + (cases[i].src ==
						 ~0ull ? cases[i].dest :
						 cases[i].src) * PS);
				assert_int_equal(p.err.other,
						 DEST + cases[i].other * PS);
			}
		}
	}
}

/*
 * Lent bits that hold something the plan reads, a list page or a source
 * page, would be zeroed under it: KRELOC_E_INVAL, the page's address in
 * err->addr, and the page as it was.
 */
static void rule_lent_check_bits_apart(void **state)
{
	static uint8_t before[PS];
	kreloc_pa_t page;
	int which;

	(void)state;
	for (which = 0; which < 2; which++) {
		fake_teardown(NULL);
		setup(NULL);
		scattered_then_joined(9000, DEST + 9000 * PS, SRC);
		page = which ? SRC : p.list.head & ~(PS - 1);
		__builtin_memcpy(before, fake_va(page), PS);
		p.list.check_bits = fake_va(page);
		p.list.check_bits_size = PS;
		refused(KRELOC_E_INVAL, page);
		assert_memory_equal(fake_va(page), before, PS);
	}
}

/*
 * Every page kreloc writes before kreloc_install() is a control page it
 * checks. The cases below come from an allocator that broke its promise
 * (a page in a destination or in source data): the plan must be refused,
 * because the page was written long before the stub runs.
 */

/* A host with the fuzz build's memory: 1 MiB, the pool from 0x800c0000. */
static void *small_va(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return pa < FAKE_BASE + 0x100000 ? fake_va(pa) : NULL;
}

static const struct kreloc_host small_host = { NULL, small_va, NULL };

/*
 * Issue 10, as fuzz_plan ran it (tests/fuzz/regress/plan/issue10-*):
 * 64 KiB list pages, no map, the pool's first page inside segment 1,
 * which stays in place. Segment 0 was refused for its partial page (its
 * source runs past the memory) after its list page was written at
 * 0x800c0000; the rolled-back list no longer reached that page, and the
 * plan was accepted with segment 1's data there overwritten by a list
 * entry. Now segment 0 is refused before anything is taken, segment 1's
 * own list page lands at 0x800c0000, in its destination, and is caught.
 */
static void issue10_refused_segment_left_a_written_page(void **state)
{
	static struct kreloc_host host;
	const uint64_t ps = 0x10000;
	struct kreloc_segment seg[5] = {
		{ 0x800a0000, 0x800a0000, 0x6dfc0, 0x70000 },
		{ 0x80060000, 0x80060000, 0x6dfc0, 0x70000 },
		{ 0x800a4000, 0x800a4000, 0x6dfc0, 0x70000 },
		{ 0x80000000, 0x80000000, 0, 0 },
		{ 0x80099000, 0x80099000, 0x6dfc0, 0x70000 },
	};
	static const int verdict[5] = { KRELOC_E_INVAL, 0, KRELOC_E_ALIGN, 0,
					 KRELOC_E_ALIGN };
	size_t i;

	(void)state;
	host = small_host;
	host.alloc = fake_host.alloc;
	fake.next = FAKE_BASE + 0xc0000;
	assert_int_equal(kreloc_list_init(&p.list, ps, &host), 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(kreloc_list_add(&p.list, &seg[i]), verdict[i]);
	}
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	p.no_map = 1;
	p.cpu = fake_cpu(3, 5, KRELOC_TT_EL1);
	p.boot.entry = 0x8007dfdc;
	refused(KRELOC_E_CONTROL_IN_DEST, 0x800c0000);
	assert_int_equal(p.err.other, 0x80060000);
}

/*
 * The same rule, by hand and small: a refused segment must not leave a
 * written page behind. Segment a is refused for its partial page, past
 * the end of memory (no host pointer); b stays in place on the pool's
 * first page.
 */
static void rule_refused_segment_leaves_no_written_page(void **state)
{
	struct kreloc_segment a = { DEST, FAKE_BASE + FAKE_SIZE - PS, PS + 8, 2 * PS };
	struct kreloc_segment b = { FAKE_POOL, FAKE_POOL, PS, PS };

	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &a), KRELOC_E_INVAL);
	assert_int_equal(kreloc_list_add(&p.list, &b), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	p.boot.entry = FAKE_POOL;
	refused(KRELOC_E_CONTROL_IN_DEST, FAKE_POOL);
}

/*
 * A bounce page is written when the list is built, so it may lie in no
 * destination, not even one written after the stub read it: here a page
 * left in place, whose data the bounce page had already replaced.
 */
static void rule_bounce_page_in_dest(void **state)
{
	struct kreloc_segment a = { DEST, SRC, 100, PS };
	struct kreloc_segment b = { FAKE_POOL, FAKE_POOL, PS, PS };

	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &a), 0);	/* bounce first */
	assert_int_equal(kreloc_list_add(&p.list, &b), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	refused(KRELOC_E_CONTROL_IN_DEST, FAKE_POOL);	/* the bounce page */
}

/* A bounce page the allocator took from another segment's source data. */
static void rule_bounce_page_is_a_source(void **state)
{
	struct kreloc_segment a = { DEST, SRC, 100, PS };
	struct kreloc_segment b = { DEST + PS, SRC + 0x10000, PS, PS };

	(void)state;
	fake.next = SRC + 0x10000;		/* the allocator goes wrong */
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &a), 0);
	fake.next = FAKE_POOL;
	assert_int_equal(kreloc_list_add(&p.list, &b), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	refused(KRELOC_E_CONTROL_IN_SRC, SRC + 0x10000);
}

/*
 * A page the allocator handed out twice, as a bounce page and then as the
 * second list page, which overwrote the bounce data. The first list page
 * names the bounce page, so only the list page check sees it.
 */
static void rule_bounce_page_apart_from_list_pages(void **state)
{
	struct kreloc_segment b = { DEST, SRC, 100, PS };
	struct kreloc_segment a = { DEST + PS, SRC + PS, 600 * PS, 600 * PS };

	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &b), 0);	/* bounce, page 1 */
	fake.next = FAKE_POOL;
	assert_int_equal(kreloc_list_add(&p.list, &a), 0);	/* page 2 */
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	assert_int_equal(p.list.nr_pages, 2);
	fake.next = FAKE_POOL + 0x10000;
	refused(KRELOC_E_CONTROL_OVERLAP, FAKE_POOL);
}

/*
 * The list must reach every page its builder took: a list an allocator
 * error spoiled is refused, and so is one whose pages were changed behind
 * the builder's back (a list page or a bounce page it no longer reaches).
 */
static void rule_list_reaches_every_page(void **state)
{
	struct kreloc_segment a = { DEST, SRC, 600 * PS, 600 * PS };
	struct kreloc_segment b = { DEST + 600 * PS, SRC, 100, PS };

	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &a), 0);
	fake.fail_after = 0;
	assert_int_equal(kreloc_list_add(&p.list, &a), KRELOC_E_NOMEM);
	fake.fail_after = -1;
	refused(KRELOC_E_LIST_PAGES, p.list.head);

	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &a), 0);	/* 2 pages */
	assert_int_equal(kreloc_list_add(&p.list, &b), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	assert_int_equal(p.list.nr_pages, 2);
	assert_int_equal(install(), 0);
	p.list.nr_pages = 3;			/* one the list lost */
	refused(KRELOC_E_LIST_PAGES, p.list.head);
	p.list.nr_pages = 2;
	p.list.bounce[p.list.nr_bounce++] = FAKE_POOL + 0x20000;
	refused(KRELOC_E_LIST_PAGES, FAKE_POOL + 0x20000);
}

static void rule_unfinished_list(void **state)
{
	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &p.seg[0]), 0);
	refused(KRELOC_E_INVAL, 0);
}

/* --- digests (KRELOC_F_VERIFY) ------------------------------------------ */

#define VERIFY	(KRELOC_F_VERIFY | KRELOC_F_FPSIMD)

/* The words of the plan's n-th DIGEST, in its list page. */
static uint64_t *digest_words(size_t n)
{
	uint64_t e = p.list.head, *w = NULL;

	while (!(e & KRELOC_ENTRY_DONE)) {
		if (e & KRELOC_ENTRY_INDIRECTION) {
			w = fake_va(e & ~(PS - 1));
		} else if (e & KRELOC_ENTRY_DIGEST) {
			if (!n--) {
				return w;
			}
			w += KRELOC_DIGEST_WORDS;
		}
		e = *w++;
	}
	fail();
	return NULL;
}

static void verified_plan_installs(void **state)
{
	(void)state;
	p.verified = 1;
	p.boot.flags = VERIFY;
	assert_int_equal(install(), 0);
	assert_int_equal(p.list.nr_check_pages, NPAGES);
	p.boot.flags = VERIFY | KRELOC_F_VERIFY_SOFT;
	assert_int_equal(install(), 0);
	p.boot.flags = 0;		/* digests skipped, not checked */
	assert_int_equal(install(), 0);
}

static void rule_verify_flags(void **state)
{
	(void)state;
	p.verified = 1;
	p.boot.flags = KRELOC_F_VERIFY;	/* the stub hashes in SIMD */
	refused(KRELOC_E_DIGEST, 0);
	p.boot.flags = KRELOC_F_VERIFY_SOFT | KRELOC_F_FPSIMD;
	refused(KRELOC_E_INVAL, 0);
}

/* With VERIFY every page op is covered by a DIGEST after it. */
static void rule_every_page_digested(void **state)
{
	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&p.list, &p.seg[0], NULL), 0);
	assert_int_equal(kreloc_list_add(&p.list, &p.seg[1]), 0);
	assert_int_equal(kreloc_list_add(&p.list, &p.seg[2]), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	p.boot.flags = KRELOC_F_FPSIMD;
	assert_int_equal(install(), 0);		/* fine without VERIFY */
	p.boot.flags = VERIFY;
	refused(KRELOC_E_DIGEST, p.seg[1].dest);
	assert_int_equal(p.err.size, 2 * PS);
}

/*
 * A foreign list's DIGEST: its words fit before DONE in the last slot; up
 * to the page's end, the walk then runs out (LIST_END); past it, refused.
 */
static void rule_digest_words_in_page(void **state)
{
	kreloc_pa_t lp = FAKE_POOL + 0x100000;
	uint64_t *w = fake_va(lp);
	size_t slots = PS / 8, at;
	static const int want[3] = { 0, KRELOC_E_LIST_END, KRELOC_E_DIGEST };

	(void)state;
	for (at = slots - 7; at <= slots - 5; at++) {
		memset(w, 0, PS);
		w[0] = DEST | KRELOC_ENTRY_DESTINATION;
		w[1] = SRC | KRELOC_ENTRY_SOURCE;
		w[at] = KRELOC_ENTRY_DIGEST;	/* then 5 words, then DONE */
		if (at + 6 < slots) {
			w[at + 6] = KRELOC_ENTRY_DONE;
		}
		p.list.host = NULL;
		assert_int_equal(kreloc_list_adopt(&p.list, lp |
			KRELOC_ENTRY_INDIRECTION, PS, &fake_host), 0);
		if (!want[at - (slots - 7)]) {
			assert_int_equal(install(), 0);
		} else {
			refused(want[at - (slots - 7)],
				at == slots - 6 ? lp : KRELOC_ENTRY_DIGEST);
		}
	}
	memset(w, 0, PS);
	w[0] = DEST | KRELOC_ENTRY_DESTINATION;
	w[1] = KRELOC_ENTRY_DIGEST | KRELOC_ENTRY_SOURCE;
	w[7] = KRELOC_ENTRY_DONE;
	refused(KRELOC_E_LIST_ENTRY, KRELOC_ENTRY_DIGEST | KRELOC_ENTRY_SOURCE);
}

/*
 * Page checks: the chain as long as the pages need, its blocks aligned;
 * kreloc's own list checked without VERIFY too (its blocks were written).
 */
static void rule_check_chain_shape(void **state)
{
	uint64_t *w, *block;
	kreloc_pa_t first;

	(void)state;
	p.verified = 1;
	p.boot.flags = VERIFY;
	assert_int_equal(install(), 0);
	w = digest_words(3);
	first = w[4];
	block = fake_va(first);
	block[PS / 8 - 1] = FAKE_POOL + 0x200000;	/* one block too many */
	refused(KRELOC_E_DIGEST, first);
	p.boot.flags = 0;
	refused(KRELOC_E_DIGEST, first);
	block[PS / 8 - 1] = 0;
	w[4] = first + 8;			/* misaligned */
	refused(KRELOC_E_DIGEST, first + 8);
	w[4] = 0;				/* none: fine for the stub, */
	refused(KRELOC_E_LIST_PAGES, p.list.head);	/* not for kreloc */
}

/* An adopted list's checks matter only to a verifying stub. */
static void adopted_checks_only_with_verify(void **state)
{
	uint64_t *w;

	(void)state;
	p.verified = 1;
	assert_int_equal(install(), 0);
	w = digest_words(0);
	w[4] = 0x123;				/* garbage */
	assert_int_equal(kreloc_list_adopt(&p.list, p.list.head, PS,
					   &fake_host), 0);
	assert_int_equal(install(), 0);
	p.boot.flags = VERIFY;
	refused(KRELOC_E_DIGEST, 0x123);
}

/*
 * A check block is a control page: in no destination, not outside the
 * map. Like a list page it is not checked against every source (a pass
 * over the list a block); the stub's digest catches that one.
 */
static void rule_check_block_placement(void **state)
{
	uint64_t *w;
	kreloc_pa_t first;

	(void)state;
	p.verified = 1;
	p.boot.flags = VERIFY;
	assert_int_equal(install(), 0);
	w = digest_words(5);
	first = w[4];
	w[4] = DEST + 9 * PS;			/* a destination page */
	refused(KRELOC_E_CONTROL_IN_DEST, DEST + 9 * PS);
	w[4] = FAKE_BASE + FAKE_SIZE;		/* outside the map's RAM */
	refused(KRELOC_E_NOT_MAPPED, FAKE_BASE + FAKE_SIZE);
	w[4] = p.list.head & ~(PS - 1);		/* its own list page */
	w[PS / 8 - 1 - (w - (uint64_t *)fake_va(w[4]))] = 0;
	refused(KRELOC_E_CONTROL_OVERLAP, p.list.head & ~(PS - 1));
	w[4] = p.args.pa;			/* the argument block */
	refused(KRELOC_E_CONTROL_OVERLAP, p.args.pa);
	w[4] = first;
	assert_int_equal(install(), 0);
}

/* A check block that is a bounce page, or a table page. */
static void rule_check_block_apart(void **state)
{
	struct kreloc_segment a = { DEST, SRC, 100, PS };
	struct kreloc_segment b = { DEST + PS, SRC + 2 * PS, PS, PS };
	uint64_t *w;

	(void)state;
	p.boot.flags = VERIFY;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&p.list, &a, NULL), 0);
	assert_int_equal(kreloc_list_add_verified(&p.list, &b, NULL), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	assert_int_equal(install(), 0);
	w = digest_words(1);
	w[4] = p.list.bounce[0];
	refused(KRELOC_E_CONTROL_OVERLAP, p.list.bounce[0]);
	w[4] = p.map.pages[p.map.nr_pages - 1].pa;
	if (((uint64_t *)fake_va(w[4]))[PS / 8 - 1] == 0) {
		refused(KRELOC_E_CONTROL_OVERLAP, w[4]);
	}
}

/* --- the UART for the stub's breadcrumbs -------------------------------- */

#define UART	0x09000000ull			/* below the fake RAM */

static const struct kreloc_range uart_dev = { UART, 0x1000 };

/* The UART's page a Device range of the map: installed, in the block. */
static void uart_installs(void **state)
{
	static const struct kreloc_uart good[] = {
		{ UART, KRELOC_UART_PL011 },
		{ UART + 0x100, KRELOC_UART_16550 | KRELOC_UART_SHIFT(2) |
				KRELOC_UART_WIDTH(4) },
		{ UART + 0x3, KRELOC_UART_16550 | KRELOC_UART_WIDTH(1) },
		{ UART + 0xf00, KRELOC_UART_16550 | KRELOC_UART_SHIFT(3) |
				 KRELOC_UART_WIDTH(1) },
	};
	const struct kreloc_args *a;
	size_t i;

	(void)state;
	p.spec.device = &uart_dev;
	p.spec.nr_device = 1;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		p.boot.uart = good[i];
		assert_int_equal(install(), 0);
		a = p.args.va;
		assert_int_equal(a->uart_pa, good[i].pa);
		assert_int_equal(a->uart_type, good[i].type);
	}
	p.boot.uart = (struct kreloc_uart){ 0, KRELOC_UART_PL011 };
	assert_int_equal(install(), 0);		/* off: no type either */
	assert_int_equal(((const struct kreloc_args *)p.args.va)->uart_type, 0);
}

/* With a map: the registers' page must be Device there, not RAM or a hole. */
static void rule_uart_device(void **state)
{
	(void)state;
	p.boot.uart = (struct kreloc_uart){ UART, KRELOC_UART_PL011 };
	refused(KRELOC_E_UART, UART);			/* not mapped */
	assert_int_equal(p.err.other, UART);
	p.boot.uart.pa = FAKE_POOL + 0x200000;		/* RAM */
	refused(KRELOC_E_UART, FAKE_POOL + 0x200000);
	/* a 16550 whose LSR lies in the next, unmapped page */
	memset(&p.map, 0, sizeof(p.map));
	p.spec.device = &uart_dev;
	p.spec.nr_device = 1;
	p.boot.uart = (struct kreloc_uart){ UART + 0xff0, KRELOC_UART_16550 |
		KRELOC_UART_SHIFT(2) | KRELOC_UART_WIDTH(4) };
	refused(KRELOC_E_UART, UART + 0xff0);
	assert_int_equal(p.err.other, UART + 0x1000);
}

/* Without a map: still in no destination and no control block. */
static void rule_uart_not_in_plan(void **state)
{
	(void)state;
	p.no_map = 1;
	p.boot.uart = (struct kreloc_uart){ DEST + 5 * PS, KRELOC_UART_PL011 };
	refused(KRELOC_E_UART, DEST + 5 * PS);
	assert_int_equal(p.err.other, DEST);
	assert_int_equal(alloc_stub(&p.stub), 0);
	p.boot.uart.pa = p.stub.pa + 0x1000;
	refused(KRELOC_E_UART, p.stub.pa + 0x1000);
	assert_int_equal(p.err.other, p.stub.pa);
	assert_int_equal(alloc_page(&p.args), 0);
	p.boot.uart.pa = p.args.pa;
	refused(KRELOC_E_UART, p.args.pa);
}

static void rule_uart_aligned(void **state)
{
	(void)state;
	p.spec.device = &uart_dev;
	p.spec.nr_device = 1;
	p.boot.uart = (struct kreloc_uart){ UART + 2, KRELOC_UART_PL011 };
	refused(KRELOC_E_ALIGN, UART + 2);
	p.boot.uart = (struct kreloc_uart){ UART + 1, KRELOC_UART_16550 |
		KRELOC_UART_SHIFT(2) | KRELOC_UART_WIDTH(4) };
	refused(KRELOC_E_ALIGN, UART + 1);
}

/* What the stub could not drive: it would refuse it (KRELOC_STUB_ERR_UART). */
static void rule_uart_type(void **state)
{
	static const uint64_t bad[] = {
		0, 3, KRELOC_UART_PL011 | KRELOC_UART_WIDTH(4),
		KRELOC_UART_16550,			/* no width */
		KRELOC_UART_16550 | KRELOC_UART_WIDTH(2),
		KRELOC_UART_16550 | KRELOC_UART_WIDTH(4),	/* LSR at +5 */
		KRELOC_UART_16550 | KRELOC_UART_SHIFT(1) | KRELOC_UART_WIDTH(4),
		KRELOC_UART_16550 | KRELOC_UART_WIDTH(1) | (1ull << 63),
	};
	size_t i;

	(void)state;
	p.spec.device = &uart_dev;
	p.spec.nr_device = 1;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p.boot.uart = (struct kreloc_uart){ UART, bad[i] };
		refused(KRELOC_E_INVAL, UART);
		assert_int_equal(p.err.size, bad[i]);
	}
}

static void rule_uart_pa_range(void **state)
{
	(void)state;
	p.no_map = 1;
	p.boot.uart = (struct kreloc_uart){ (1ull << 48) - 0x10,
					    KRELOC_UART_PL011 };
	refused(KRELOC_E_PA_RANGE, (1ull << 48) - 0x10);
	p.boot.uart.pa = ~0x3ull;			/* DR fits, FR wraps */
	refused(KRELOC_E_WRAP, ~0x3ull);
}

/* --- the park area: a control area like the others ----------------------- */

static struct kreloc_park park;

/* A park area for 4 CPUs, from the safe pool, given to the plan. */
static void plan_park(void)
{
	struct kreloc_page area;

	assert_int_equal(alloc_page(&area), 0);
	assert_int_equal(kreloc_park_init(&park, &area, 4), 0);
	p.boot.park = &park;
}

static void park_plan_installs(void **state)
{
	(void)state;
	plan_park();
	assert_int_equal(install(), 0);
	p.no_map = 1;
	assert_int_equal(install(), 0);
}

/* Not from kreloc_park_init(), or altered since. */
static void rule_park_set_up(void **state)
{
	(void)state;
	plan_park();
	park.magic = 0;
	refused(KRELOC_E_PARK, park.pa);
	plan_park();
	park.nr_cpus = KRELOC_PARK_MAX_CPUS + 1;
	refused(KRELOC_E_PARK, park.pa);
	plan_park();
	park.pa += 0x800;
	refused(KRELOC_E_PARK, park.pa);
}

/* The next kernel would overwrite the slots its CPUs wait on. */
static void rule_park_in_dest(void **state)
{
	(void)state;
	plan_park();
	p.seg[2].dest = park.pa;
	p.boot.entry = p.seg[0].dest;
	refused(KRELOC_E_CONTROL_IN_DEST, park.pa);
}

/* The allocator handed the park page out as a source page too. */
static void rule_park_is_a_source(void **state)
{
	(void)state;
	plan_park();
	p.seg[4].src = park.pa;
	refused(KRELOC_E_CONTROL_IN_SRC, park.pa);
	assert_int_equal(p.err.other, park.pa);
}

/* The park area over the argument block, the status record, the stub. */
static void rule_park_apart(void **state)
{
	(void)state;
	plan_park();
	assert_int_equal(alloc_page(&p.args), 0);
	park.pa = p.args.pa;
	refused(KRELOC_E_CONTROL_OVERLAP, park.pa);
	assert_int_equal(p.err.other, p.args.pa);
	p.boot.status_pa = park.pa + KRELOC_PARK_RECORD;
	assert_int_equal(alloc_page(&p.args), 0);
	refused(KRELOC_E_CONTROL_OVERLAP, park.pa + KRELOC_PARK_RECORD);
	assert_int_equal(p.err.other, park.pa);
	p.boot.status_pa = 0;
	assert_int_equal(alloc_stub(&p.stub), 0);
	park.pa = p.stub.pa + KRELOC_BLOB_SIZE - KRELOC_PARK_PAGE;
	refused(KRELOC_E_CONTROL_OVERLAP, p.stub.pa);
	assert_int_equal(p.err.other, park.pa);
}

/* With a map, the park area is in its RAM. */
static void rule_park_not_mapped(void **state)
{
	struct kreloc_range ram[2] = {
		{ FAKE_BASE, FAKE_POOL - FAKE_BASE },
		{ FAKE_POOL + PS, FAKE_BASE + FAKE_SIZE - FAKE_POOL - PS },
	};

	(void)state;
	plan_park();				/* the pool's first page */
	assert_int_equal(park.pa, FAKE_POOL);
	p.spec.ram = ram;
	p.spec.nr_ram = 2;
	refused(KRELOC_E_NOT_MAPPED, park.pa);
}

/* A list page over the park area (list pages are checked in pass 2). */
static void rule_park_apart_from_list_pages(void **state)
{
	(void)state;
	assert_int_equal(kreloc_list_init(&p.list, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&p.list, &p.seg[0]), 0);
	assert_int_equal(kreloc_list_finish(&p.list), 0);
	p.nr_seg = 1;
	park = (struct kreloc_park){ 0 };
	{
		struct kreloc_page area = {
			p.list.head & ~(PS - 1),
			fake_va(p.list.head & ~(PS - 1)),
		};
		uint64_t save[PS / 8];

		memcpy(save, area.va, PS);	/* init zeroes it */
		assert_int_equal(kreloc_park_init(&park, &area, 1), 0);
		memcpy(area.va, save, PS);
	}
	p.boot.park = &park;
	refused(KRELOC_E_CONTROL_OVERLAP, park.pa);
}

int run_validate_tests(int *total)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, fake_teardown)
	const struct CMUnitTest tests[] = {
		T(good_plan_installs),
		T(rule_stub_page_aligned),
		T(rule_t0sz),
		T(rule_stub_not_exec),
		T(adopted_list_cleaned_without_map),
		T(rule_entry_aligned),
		T(rule_status_aligned),
		T(rule_pa_range),
		T(rule_wrap),
		T(rule_dest_overlap),
		T(rule_src_clobbered),
		T(rule_source_read_before_overwrite_is_fine),
		T(rule_control_page_is_a_source),
		T(rule_control_pages_apart),
		T(rule_list_page_apart_from_status),
		T(rule_args_in_dest),
		T(rule_stub_in_dest),
		T(rule_status_in_dest),
		T(rule_list_page_in_dest),
		T(rule_table_in_dest),
		T(rule_not_mapped_source),
		T(rule_not_mapped_list),
		T(rule_entry_in_a_destination),
		T(rule_dtb_aligned),
		T(rule_dtb_size),
		T(rule_dtb_region),
		T(rule_list_loop),
		T(rule_list_end),
		T(rule_list_entry),
		T(rule_list_loop_at_pa_zero),
		T(rule_too_many_runs),
		T(rule_pieces_on_the_way_are_fine),
		T(rule_src_clobbered_among_pieces),
		T(rule_dest_overlap_among_pieces),
		T(rule_src_clobbered_in_a_later_window),
		T(rule_lent_check_bits_same_verdicts),
		T(rule_lent_check_bits_apart),
		T(rule_unfinished_list),
		T(issue10_refused_segment_left_a_written_page),
		T(rule_refused_segment_leaves_no_written_page),
		T(rule_bounce_page_in_dest),
		T(rule_bounce_page_is_a_source),
		T(rule_bounce_page_apart_from_list_pages),
		T(rule_list_reaches_every_page),
		T(uart_installs),
		T(rule_uart_device),
		T(rule_uart_not_in_plan),
		T(rule_uart_aligned),
		T(rule_uart_type),
		T(rule_uart_pa_range),
		T(park_plan_installs),
		T(rule_park_set_up),
		T(rule_park_in_dest),
		T(rule_park_is_a_source),
		T(rule_park_apart),
		T(rule_park_not_mapped),
		T(rule_park_apart_from_list_pages),
		T(verified_plan_installs),
		T(rule_verify_flags),
		T(rule_every_page_digested),
		T(rule_digest_words_in_page),
		T(rule_check_chain_shape),
		T(adopted_checks_only_with_verify),
		T(rule_check_block_placement),
		T(rule_check_block_apart),
	};
#undef T

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
