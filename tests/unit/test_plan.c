// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * kreloc_list_plan(): segments whose sources overlap destinations. Each
 * plan is built, installed (the validator walks it) and, once accepted,
 * run through the C model of the stub (tests/fuzz/sim.c); every
 * destination must then hold exactly what its segment describes. Then the
 * validator's side: the cycle bounce page, each value read exactly once,
 * and an allocator page in a source or destination refused.
 */
#include <string.h>
#include "fake.h"
#include "tests.h"
#include "../fuzz/sim.c"

#define PS	0x1000ull
#define BASE	(FAKE_BASE + 0x200000)		/* the data, 1 MiB in */

static struct {
	struct kreloc_list list;
	struct kreloc_idmap map;
	struct kreloc_page stub, args;
	struct kreloc_error err;
	int planned;			/* kreloc_list_plan()'s verdict */
	kreloc_pa_t bad_alloc;		/* the first page handed out, if set */
} t;

static unsigned char before[FAKE_SIZE];

/* fake_host's allocator, but the first page may be one the test chose. */
static int test_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	if (t.bad_alloc) {
		out->pa = t.bad_alloc;
		out->va = fake_va(t.bad_alloc);
		t.bad_alloc = 0;
		return 0;
	}
	return fake_host.alloc(ctx, size, out);
}

static const struct kreloc_host test_host = {
	test_alloc, NULL, NULL,
};

static struct kreloc_host host;

static int setup(void **state)
{
	uint64_t i;

	(void)state;
	fake_init();
	memset(&t, 0, sizeof(t));
	host = test_host;
	host.phys_to_virt = fake_host.phys_to_virt;
	for (i = 0; i < FAKE_POOL - FAKE_BASE; i += 8) {
		memcpy(fake.mem + i, &i, 8);	/* every word different */
	}
	memcpy(before, fake.mem, FAKE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_fini();
	return 0;
}

/* Install what the list says with boot flags; kreloc_install()'s verdict. */
static int install_flags(kreloc_pa_t entry, uint64_t flags)
{
	struct kreloc_range ram = { FAKE_BASE, FAKE_SIZE }, code;
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .granule = 0x1000,
		.code = &code, .nr_code = 1,
	};
	struct kreloc_cpu cpu = fake_cpu(5, 7, KRELOC_TT_EL1);
	struct kreloc_boot boot = { .entry = entry, .flags = flags };

	assert_int_equal(fake_host.alloc(NULL, KRELOC_BLOB_SIZE, &t.stub), 0);
	assert_int_equal(fake_host.alloc(NULL, PS, &t.args), 0);
	code = (struct kreloc_range){ t.stub.pa, KRELOC_BLOB_SIZE };
	assert_int_equal(kreloc_idmap_build(&t.map, &spec, &cpu, &fake_host,
					    &t.err), 0);
	return kreloc_install(&t.stub, &t.args, &t.list, &t.map, &boot, &cpu,
			      &t.err);
}

static int install(kreloc_pa_t entry)
{
	return install_flags(entry, 0);
}

/* Run the installed plan through the stub model and check the image. */
static void image_right(const struct kreloc_segment *seg, size_t n)
{
	size_t i;

	assert_int_equal(sim_stub(t.args.va), 0);
	for (i = 0; i < n; i++) {
		uint64_t off = seg[i].dest - FAKE_BASE;

		assert_memory_equal(fake.mem + off,
				    before + (seg[i].src - FAKE_BASE),
				    seg[i].bufsz);
		for (off += seg[i].bufsz; off < seg[i].dest - FAKE_BASE +
					       seg[i].memsz; off++) {
			assert_int_equal(fake.mem[off], 0);
		}
	}
}

/* Plan, install, run: the whole path; returns kreloc_install()'s verdict. */
static int plan(const struct kreloc_segment *seg, size_t n)
{
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	t.planned = kreloc_list_plan(&t.list, seg, n);
	if (t.planned) {
		return t.planned;
	}
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	return install(seg[0].dest);
}

static void planned_right(const struct kreloc_segment *seg, size_t n,
			  size_t bounce, size_t copies)
{
	assert_int_equal(plan(seg, n), 0);
	image_right(seg, n);
	assert_int_equal(t.list.nr_cycle_bounce, bounce);
	assert_int_equal(t.list.nr_plan_copies, copies);
}

#define SEG(d, s, b, m)	(struct kreloc_segment){ BASE + (d) * PS, \
	BASE + (s) * PS, (b) * PS, (m) * PS }

static void shift_up_by_one(void **state)
{
	struct kreloc_segment s[] = { SEG(1, 0, 16, 16) };

	(void)state;
	planned_right(s, 1, 0, 16);
	/* a DESTINATION a page: 32 entries and DONE, one list page */
	assert_int_equal(t.list.nr_pages, 1);
}

static void shift_up_by_one_needs_the_planner(void **state)
{
	struct kreloc_segment s[] = { SEG(1, 0, 16, 16) };

	(void)state;
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_add(&t.list, &s[0]), 0);
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	assert_int_equal(install(s[0].dest), KRELOC_E_SRC_CLOBBERED);
}

static void shift_down_by_one(void **state)
{
	struct kreloc_segment s[] = { SEG(0, 1, 16, 16) };

	(void)state;
	planned_right(s, 1, 0, 16);
}

static void shift_by_k(void **state)
{
	static const unsigned k[] = { 2, 3, 5, 7, 15 };
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		struct kreloc_segment up[] = { SEG(20 + k[i], 20, 16, 16) };
		struct kreloc_segment down[] = { SEG(100, 100 + k[i], 16, 16) };

		setup(NULL);
		planned_right(up, 1, 0, 16);
		teardown(NULL);
		setup(NULL);
		planned_right(down, 1, 0, 16);
		teardown(NULL);
	}
	setup(NULL);
}

static void shift_beyond_the_segment(void **state)
{
	struct kreloc_segment s[] = { SEG(20, 0, 16, 16), SEG(40, 56, 8, 8) };

	(void)state;
	planned_right(s, 2, 0, 24);
}

static void swap_two_segments(void **state)
{
	struct kreloc_segment s[] = { SEG(8, 0, 8, 8), SEG(0, 8, 8, 8) };

	(void)state;
	planned_right(s, 2, 1, 24);	/* 8 cycles of 2: 3 copies each */
}

static void three_cycle(void **state)
{
	struct kreloc_segment s[] = {
		SEG(10, 0, 5, 5), SEG(20, 10, 5, 5), SEG(0, 20, 5, 5),
	};

	(void)state;
	planned_right(s, 3, 1, 20);	/* 5 cycles of 3: 4 copies each */
}

static void rotation_is_one_long_cycle(void **state)
{
	/* [0, 13) rotated up by 3: one cycle through all 13 pages */
	struct kreloc_segment s[] = { SEG(3, 0, 10, 10), SEG(0, 10, 3, 3) };

	(void)state;
	planned_right(s, 2, 1, 14);
}

static void rotation_of_long_cycles(void **state)
{
	/*
	 * 200 pages rotated by 3: one cycle of 200, written every third
	 * page first, so over KRELOC_MAX_RUNS pieces on the way (the
	 * validator checks such a list a window at a time); by 8: 8 cycles
	 * of 25.
	 */
	struct kreloc_segment s[] = { SEG(3, 0, 197, 197), SEG(0, 197, 3, 3) };
	struct kreloc_segment ok[] = { SEG(8, 0, 192, 192), SEG(0, 192, 8, 8) };

	(void)state;
	planned_right(s, 2, 1, 201);
	teardown(NULL);
	setup(NULL);
	planned_right(ok, 2, 1, 208);
}

static void unequal_parts_trading_places(void **state)
{
	/*
	 * 1 MiB split 127/129, the parts trading places: one cycle through
	 * all 256 pages, each write 127 pages from the last, so about 128
	 * pieces written half way (issue 15).
	 */
	struct kreloc_segment s[] = { SEG(0, 127, 129, 129),
				      SEG(129, 0, 127, 127) };

	(void)state;
	planned_right(s, 2, 1, 257);
}

static void three_unequal_parts_reversed(void **state)
{
	/* [A B C] -> [C B A], 50, 77 and 101 pages: B slides, A and C swap */
	struct kreloc_segment s[] = {
		SEG(0, 127, 101, 101), SEG(101, 50, 77, 77), SEG(178, 0, 50, 50),
	};

	(void)state;
	assert_int_equal(plan(s, 3), 0);
	image_right(s, 3);
	assert_int_equal(t.list.nr_cycle_bounce, 1);
}

static void many_pieces_over_several_windows(void **state)
{
	/*
	 * 40 MiB split 4999/5001 pages trading places: more pages than the
	 * validator's window (8192 of them), so its windows split the cycle.
	 */
	struct kreloc_segment s[] = { SEG(0, 4999, 5001, 5001),
				      SEG(5001, 0, 4999, 4999) };

	(void)state;
	planned_right(s, 2, 1, 10001);
}

static void neighbours_trading_places_a_page_off(void **state)
{
	/*
	 * A kernel loaded a page above where the initrd goes and the initrd
	 * two pages above where the kernel goes (make demo KERNEL_LOAD=
	 * INITRD_LOAD=, found by its test): no cycle, but chains that go
	 * back and forth between the two, 512 pieces written on the way.
	 */
	struct kreloc_segment s[] = { SEG(0, 1537, 256, 1024),
				      SEG(1536, 2, 256, 256) };

	(void)state;
	planned_right(s, 2, 0, 512);
}

static void interleaved(void **state)
{
	/*
	 * A slides up into B's place, B down into A's, C over both with a
	 * chain through a gap: chains and cycles in one plan.
	 */
	struct kreloc_segment s[] = {
		SEG(4, 0, 6, 6), SEG(0, 6, 4, 4), SEG(30, 10, 12, 12),
		SEG(12, 30, 3, 3),
	};

	(void)state;
	assert_int_equal(plan(s, 4), 0);
	image_right(s, 4);
	assert_true(t.list.nr_cycle_bounce <= 1);
}

static void partial_pages_and_zero_tails(void **state)
{
	struct kreloc_segment s[] = {
		{ BASE + PS, BASE, 5 * PS + 123, 8 * PS },	/* up, tail */
		{ BASE + 20 * PS, BASE + 24 * PS, 6 * PS - 8, 9 * PS },
		{ BASE + 40 * PS, BASE + 40 * PS, 3 * PS + 1, 4 * PS },
	};

	(void)state;
	assert_int_equal(plan(s, 3), 0);
	image_right(s, 3);
	assert_int_equal(t.list.nr_bounce, 3);	/* the partial pages */
	assert_int_equal(t.list.nr_cycle_bounce, 0);
}

static void zero_tail_over_a_source(void **state)
{
	/* B's zero tail lies on A's source: it must be zeroed after A read */
	struct kreloc_segment s[] = { SEG(40, 10, 4, 4), SEG(8, 0, 2, 6) };

	(void)state;
	planned_right(s, 2, 0, 6);
}

static void in_place_page_read_by_another(void **state)
{
	struct kreloc_segment s[] = { SEG(0, 0, 4, 4), SEG(10, 2, 2, 2) };

	(void)state;
	planned_right(s, 2, 0, 2);
}

static void refusals(void **state)
{
	struct kreloc_segment over[] = { SEG(0, 20, 4, 4), SEG(2, 30, 4, 4) };
	struct kreloc_segment shared[] = { SEG(0, 20, 4, 4), SEG(8, 22, 4, 4) };
	struct kreloc_segment bad = SEG(0, 20, 4, 2);

	(void)state;
	assert_int_equal(plan(over, 2), KRELOC_E_DEST_OVERLAP);
	assert_int_equal(t.list.nr_pages, 0);	/* nothing taken */
	assert_int_equal(plan(shared, 2), KRELOC_E_SRC_SHARED);
	assert_int_equal(plan(&bad, 1), KRELOC_E_INVAL);
	assert_int_equal(kreloc_list_plan(&t.list, NULL, 1), KRELOC_E_INVAL);
	assert_int_equal(kreloc_list_plan(&t.list, over,
					  KRELOC_PLAN_MAX_SEGS + 1),
			 KRELOC_E_INVAL);
	assert_int_equal(fake.allocs, 0);
}

static void bounce_page_in_a_destination(void **state)
{
	struct kreloc_segment s[] = {
		SEG(8, 0, 8, 8), SEG(0, 8, 8, 8), SEG(20, 20, 0, 4),
	};

	(void)state;
	t.bad_alloc = BASE + 23 * PS;	/* the first page: the bounce */
	assert_int_equal(plan(s, 3), KRELOC_E_CONTROL_IN_DEST);
	assert_int_equal(kreloc_list_finish(&t.list), KRELOC_E_CONTROL_IN_DEST);
	assert_int_equal(install(BASE), KRELOC_E_LIST_PAGES);
}

static void bounce_page_in_a_source(void **state)
{
	struct kreloc_segment s[] = {
		SEG(8, 0, 8, 8), SEG(0, 8, 8, 8), SEG(40, 30, 1, 1),
	};

	(void)state;
	t.bad_alloc = BASE + 30 * PS;
	assert_int_equal(plan(s, 3), KRELOC_E_CONTROL_IN_SRC);
}

/*
 * The validator alone, on lists that use a bounce page the way the
 * planner does (kreloc_list_add() per page op): W is a write of the
 * bounce page, R a read.
 */
static int bounce_list(const struct kreloc_segment *ops, size_t n,
		       kreloc_pa_t bounce)
{
	size_t i;

	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(kreloc_list_add(&t.list, &ops[i]), 0);
	}
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	t.list.nr_cycle_bounce = 1;
	t.list.cycle_bounce = bounce;
	return install(BASE);
}

#define BNC	(FAKE_POOL + 0x100000)		/* in the pool, unused */
#define OP(d, s)	(struct kreloc_segment){ d, s, PS, PS }

static void validator_bounce_good(void **state)
{
	struct kreloc_segment ops[] = {
		OP(BNC, BASE), OP(BASE, BASE + PS), OP(BASE + PS, BNC),
	};
	struct kreloc_segment want[] = { SEG(0, 1, 1, 1), SEG(1, 0, 1, 1) };

	(void)state;
	assert_int_equal(bounce_list(ops, 3, BNC), 0);
	image_right(want, 2);
}

static void validator_bounce_overwritten_unread(void **state)
{
	struct kreloc_segment ops[] = {
		OP(BNC, BASE), OP(BNC, BASE + 2 * PS), OP(BASE, BASE + PS),
		OP(BASE + PS, BNC),
	};

	(void)state;
	assert_int_equal(bounce_list(ops, 4, BNC), KRELOC_E_SRC_CLOBBERED);
	assert_int_equal(t.err.addr, BNC);
}

static void validator_bounce_read_twice(void **state)
{
	/* the second read: source data where the allocator put the page */
	struct kreloc_segment ops[] = {
		OP(BNC, BASE), OP(BASE, BASE + PS), OP(BASE + PS, BNC),
		OP(BASE + 8 * PS, BNC),
	};

	(void)state;
	assert_int_equal(bounce_list(ops, 4, BNC), KRELOC_E_CONTROL_IN_SRC);
}

static void validator_bounce_read_unwritten(void **state)
{
	struct kreloc_segment ops[] = { OP(BASE + 8 * PS, BNC) };

	(void)state;
	assert_int_equal(bounce_list(ops, 1, BNC), KRELOC_E_CONTROL_IN_SRC);
}

static void validator_bounce_in_a_destination(void **state)
{
	/* a write left unread at the end: a destination's page */
	struct kreloc_segment ops[] = {
		OP(BNC, BASE), OP(BASE, BASE + PS), OP(BASE + PS, BNC),
		OP(BNC, BASE + 9 * PS),
	};

	(void)state;
	assert_int_equal(bounce_list(ops, 4, BNC), KRELOC_E_CONTROL_IN_DEST);
}

static void validator_bounce_is_a_list_page(void **state)
{
	struct kreloc_segment ops[] = {
		OP(BNC, BASE), OP(BASE, BASE + PS), OP(BASE + PS, BNC),
	};

	(void)state;
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_add(&t.list, &ops[0]), 0);
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	t.list.nr_cycle_bounce = 1;
	t.list.cycle_bounce = t.list.head & ~(PS - 1);
	assert_int_equal(install(BASE), KRELOC_E_CONTROL_OVERLAP);
}

/*
 * Digests (issue 14) and plans: the planner writes none, so a planned
 * list with KRELOC_F_VERIFY is refused, and a verified segment cannot
 * follow a plan; the plan's segments are numbered as if added in turn.
 */
static void planned_list_not_verifiable(void **state)
{
	struct kreloc_segment s[] = { SEG(8, 0, 8, 8), SEG(0, 8, 8, 8) };
	struct kreloc_segment v = SEG(32, 40, 4, 4);

	(void)state;
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_plan(&t.list, s, 2), 0);
	assert_int_equal(t.list.nr_segments, 2);
	assert_int_equal(kreloc_list_add_verified(&t.list, &v, NULL),
			 KRELOC_E_DIGEST);
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	assert_int_equal(install_flags(s[0].dest, KRELOC_F_VERIFY |
				       KRELOC_F_FPSIMD), KRELOC_E_DIGEST);
	assert_int_equal(t.err.addr, t.list.cycle_bounce); /* first op: to it */
}

/* A verified segment, then a plan: the walkers skip the DIGEST's words. */
static void verified_segment_then_a_plan(void **state)
{
	struct kreloc_segment s[] = {
		SEG(40, 32, 8, 8), SEG(8, 0, 8, 8), SEG(0, 8, 8, 8),
	};

	(void)state;
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_add_verified(&t.list, &s[0], NULL), 0);
	assert_int_equal(kreloc_list_plan(&t.list, s + 1, 2), 0);
	assert_int_equal(t.list.nr_segments, 3);
	assert_int_equal(t.list.nr_cycle_bounce, 1);
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	assert_int_equal(install(s[0].dest), 0);
	image_right(s, 3);
}

/* kreloc_list_plan_verified(): plan, digest, install with VERIFY, run. */
static void verified_right(const struct kreloc_segment *seg, size_t n)
{
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_plan_verified(&t.list, seg, n), 0);
	assert_int_equal(t.list.nr_segments, n);
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	assert_int_equal(install_flags(seg[0].dest, KRELOC_F_VERIFY |
				       KRELOC_F_FPSIMD), 0);
	image_right(seg, n);
}

static void verified_plans(void **state)
{
	struct kreloc_segment up[] = { SEG(1, 0, 16, 16) };
	struct kreloc_segment down[] = { SEG(0, 3, 16, 16) };
	struct kreloc_segment cycle[] = {
		SEG(0, 4, 4, 4), SEG(4, 8, 4, 4), SEG(8, 0, 4, 4),
	};
	struct kreloc_segment tails[] = {
		{ BASE, BASE + PS, 5 * PS + 24, 8 * PS },	/* a zero tail */
		SEG(20, 30, 3, 3), SEG(30, 20, 3, 3),		/* a swap */
	};

	(void)state;
	verified_right(up, 1);
	teardown(NULL);
	setup(NULL);
	verified_right(down, 1);
	teardown(NULL);
	setup(NULL);
	verified_right(cycle, 3);
	assert_int_equal(t.list.nr_cycle_bounce, 1);
	teardown(NULL);
	setup(NULL);
	verified_right(tails, 3);
}

/*
 * A bit flipped in a source after the plan: the verify pass stops with
 * the page op that reads it, and nothing is written. In a swap of pages
 * 0..7 and 8..15, page 11 goes to page 3; page 3, the lowest of its
 * cycle, to the bounce page first.
 */
static void verified_plan_flip(kreloc_pa_t flip, int to_bounce)
{
	struct kreloc_segment s[] = { SEG(8, 0, 8, 8), SEG(0, 8, 8, 8) };
	const struct kreloc_args *a;
	const struct kreloc_status *st;

	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_add(&t.list, &(struct kreloc_segment)
					 SEG(40, 48, 0, 1)), 0);
	assert_int_equal(kreloc_list_plan_verified(&t.list, s, 2),
			 KRELOC_E_DIGEST);	/* after a plain segment */
	assert_int_equal(kreloc_list_init(&t.list, PS, &host), 0);
	assert_int_equal(kreloc_list_add_verified(&t.list, &(struct
					kreloc_segment)SEG(40, 48, 2, 2), NULL), 0);
	assert_int_equal(kreloc_list_plan_verified(&t.list, s, 2), 0);
	assert_int_equal(kreloc_list_finish(&t.list), 0);
	assert_int_equal(install_flags(s[0].dest, KRELOC_F_VERIFY |
				       KRELOC_F_FPSIMD), 0);
	fake.mem[flip - FAKE_BASE + 100] ^= 4;
	memcpy(before, fake.mem, FAKE_SIZE);
	a = t.args.va;
	assert_int_equal(sim_stub(a), 1);
	st = (const struct kreloc_status *)fake_va(a->status_pa);
	assert_int_equal(st->error, KRELOC_STUB_ERR_DIGEST);
	assert_int_equal(st->digest_seg, 1);	/* the plan's first segment */
	assert_int_equal(st->digest_page, to_bounce ? t.list.cycle_bounce :
			 BASE + 3 * PS);
	assert_memory_equal(fake.mem + (BASE - FAKE_BASE),
			    before + (BASE - FAKE_BASE), 64 * PS);
}

static void verified_plan_flip_source(void **state)
{
	(void)state;
	verified_plan_flip(BASE + 11 * PS, 0);
}

static void verified_plan_flip_first_of_cycle(void **state)
{
	(void)state;
	verified_plan_flip(BASE + 3 * PS, 1);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int run_plan_tests(int *total)
{
	static const struct CMUnitTest tests[] = {
		T(shift_up_by_one),
		T(shift_up_by_one_needs_the_planner),
		T(shift_down_by_one),
		T(shift_by_k),
		T(shift_beyond_the_segment),
		T(swap_two_segments),
		T(three_cycle),
		T(rotation_is_one_long_cycle),
		T(rotation_of_long_cycles),
		T(unequal_parts_trading_places),
		T(three_unequal_parts_reversed),
		T(many_pieces_over_several_windows),
		T(neighbours_trading_places_a_page_off),
		T(interleaved),
		T(partial_pages_and_zero_tails),
		T(zero_tail_over_a_source),
		T(in_place_page_read_by_another),
		T(refusals),
		T(bounce_page_in_a_destination),
		T(bounce_page_in_a_source),
		T(validator_bounce_good),
		T(validator_bounce_overwritten_unread),
		T(validator_bounce_read_twice),
		T(validator_bounce_read_unwritten),
		T(validator_bounce_in_a_destination),
		T(validator_bounce_is_a_list_page),
		T(planned_list_not_verifiable),
		T(verified_segment_then_a_plan),
		T(verified_plans),
		T(verified_plan_flip_source),
		T(verified_plan_flip_first_of_cycle),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
