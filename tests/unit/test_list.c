// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/* The entry list builder: what the stub will read, entry by entry. */
#include <string.h>
#include "fake.h"
#include "tests.h"

#define PS 0x1000ull

/* Flatten the list into an array of its non-link entries, like the stub. */
static size_t walk(const struct kreloc_list *l, uint64_t *out, size_t max)
{
	uint64_t e = l->head, *p = NULL;
	size_t n = 0;

	while (!(e & KRELOC_ENTRY_DONE)) {
		if (e & KRELOC_ENTRY_INDIRECTION) {
			p = fake_va(e & ~(l->page_size - 1));
			assert_non_null(p);
		} else if (e & KRELOC_ENTRY_DIGEST) {
			p += KRELOC_DIGEST_WORDS;	/* test_digest.c's */
		} else {
			assert_true(n < max);
			out[n++] = e;
		}
		e = *p++;
	}
	return n;
}

static void empty_list_is_done(void **state)
{
	struct kreloc_list l;

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(l.head, KRELOC_ENTRY_DONE);
	assert_int_equal(l.nr_pages, 0);
	assert_int_equal(fake.allocs, 0);
	assert_int_equal(kreloc_list_finish(&l), KRELOC_E_LIST_DONE);
}

static void contiguous_dest_shares_one_destination(void **state)
{
	struct kreloc_segment a = { FAKE_BASE + 0x100000, FAKE_BASE + 0x9000, PS, PS };
	struct kreloc_segment b = { FAKE_BASE + 0x101000, FAKE_BASE + 0x3000, PS, PS };
	struct kreloc_list l;
	uint64_t e[8];

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&l, &a), 0);
	assert_int_equal(kreloc_list_add(&l, &b), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_true(l.head & KRELOC_ENTRY_INDIRECTION);
	assert_int_equal(walk(&l, e, 8), 3);
	assert_int_equal(e[0], a.dest | KRELOC_ENTRY_DESTINATION);
	assert_int_equal(e[1], a.src | KRELOC_ENTRY_SOURCE);
	assert_int_equal(e[2], b.src | KRELOC_ENTRY_SOURCE);
}

static void long_list_chains_pages(void **state)
{
	static uint64_t e[1200];
	struct kreloc_segment s = { FAKE_BASE, FAKE_BASE + 0x2000000, 1100 * PS, 1100 * PS };
	struct kreloc_list l;
	size_t i;

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&l, &s), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(l.nr_pages, 3);	/* 511 + 511 + rest */
	assert_int_equal(walk(&l, e, 1200), 1101);
	for (i = 0; i < 1100; i++) {
		assert_int_equal(e[i + 1], (s.src + i * PS) | KRELOC_ENTRY_SOURCE);
	}
}

static void partial_page_bounces_and_tail_is_zero(void **state)
{
	kreloc_pa_t src = FAKE_BASE + 0x10000;
	struct kreloc_segment s = { FAKE_BASE + 0x200000, src, PS + 100, 4 * PS };
	struct kreloc_list l;
	unsigned char *bounce;
	uint64_t e[8];

	(void)state;
	memset(fake_va(src), 0xee, 2 * PS);
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&l, &s), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, e, 8), 5);
	assert_int_equal(e[1], src | KRELOC_ENTRY_SOURCE);
	assert_true(e[2] & KRELOC_ENTRY_SOURCE);
	bounce = fake_va(e[2] & ~(PS - 1));
	assert_true(bounce >= fake.mem + (FAKE_POOL - FAKE_BASE));	/* a safe page */
	assert_int_equal(bounce[99], 0xee);
	assert_int_equal(bounce[100], 0);
	assert_int_equal(bounce[PS - 1], 0);
	assert_int_equal(e[3], KRELOC_ENTRY_ZERO);
	assert_int_equal(e[4], KRELOC_ENTRY_ZERO);
}

static void in_place_pages_are_clean_entries(void **state)
{
	struct kreloc_segment s = { FAKE_BASE + 0x40000, FAKE_BASE + 0x40000, 2 * PS, 2 * PS };
	struct kreloc_list l;
	uint64_t e[4];

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&l, &s), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, e, 4), 3);
	assert_int_equal(e[1], KRELOC_ENTRY_CLEAN);
	assert_int_equal(e[2], KRELOC_ENTRY_CLEAN);
}

static void bad_segments_are_refused(void **state)
{
	struct kreloc_list l;
	struct kreloc_segment s;

	(void)state;
	assert_int_equal(kreloc_list_init(&l, 0x2000, &fake_host), KRELOC_E_PAGE_SIZE);
	assert_int_equal(kreloc_list_init(&l, PS, NULL), KRELOC_E_INVAL);
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	s = (struct kreloc_segment){ FAKE_BASE + 8, FAKE_BASE, PS, PS };
	assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_ALIGN);
	s = (struct kreloc_segment){ FAKE_BASE, FAKE_BASE + PS, PS, PS + 8 };
	assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_ALIGN);
	s = (struct kreloc_segment){ FAKE_BASE, FAKE_BASE + PS, 2 * PS, PS };
	assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_INVAL);
	s = (struct kreloc_segment){ 0xfffffffffffff000ull, FAKE_BASE, PS, 2 * PS };
	assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_WRAP);
	assert_int_equal(fake.allocs, 0);		/* nothing taken */
	assert_int_equal(kreloc_list_finish(&l), 0);
	s = (struct kreloc_segment){ FAKE_BASE, FAKE_BASE + PS, PS, PS };
	assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_LIST_DONE);
}

/*
 * An allocator failure midway comes after pages of the segment were
 * written; dropping them from the list would hide those writes from
 * kreloc_install(), so the list is spoiled, for good.
 */
static void allocation_failure_spoils_the_list(void **state)
{
	struct kreloc_segment a = { FAKE_BASE, FAKE_BASE + 0x2000000, 10 * PS, 10 * PS };
	struct kreloc_segment big = { FAKE_BASE + 0x100000, FAKE_BASE + 0x3000000,
				      600 * PS, 600 * PS };
	struct kreloc_list l;

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add(&l, &a), 0);
	fake.fail_after = 0;			/* the second page fails */
	assert_int_equal(kreloc_list_add(&l, &big), KRELOC_E_NOMEM);
	fake.fail_after = -1;
	assert_int_equal(kreloc_list_add(&l, &a), KRELOC_E_NOMEM);
	assert_int_equal(kreloc_list_finish(&l), KRELOC_E_NOMEM);
	assert_int_equal(l.nr_pages, 1);	/* still counted, still reached */
}

/* A host whose memory has no pointer above `limit`. */
static kreloc_pa_t va_limit;

static void *limited_va(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return pa < va_limit ? fake_va(pa) : NULL;
}

/*
 * Refused segments take and write nothing, including the one refused for
 * its partial page, which used to be found only after its first list
 * entries were written (issue 10).
 */
static void refused_segment_takes_nothing(void **state)
{
	struct kreloc_host h = { fake_host.alloc, limited_va, NULL };
	struct kreloc_segment s = { FAKE_BASE, FAKE_BASE + 0x10000, 2 * PS + 8, 3 * PS };
	struct kreloc_list l;
	uint64_t e[8];

	(void)state;
	va_limit = FAKE_BASE + 0x12000;		/* the partial page has none */
	assert_int_equal(kreloc_list_init(&l, PS, &h), 0);
	assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_INVAL);
	assert_int_equal(fake.allocs, 0);
	assert_int_equal(l.nr_pages, 0);
	assert_int_equal(l.nr_bounce, 0);
	va_limit = FAKE_BASE + FAKE_SIZE;
	assert_int_equal(kreloc_list_add(&l, &s), 0);	/* the list is fine */
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, e, 8), 4);
	assert_int_equal(l.nr_bounce, 1);
	assert_int_equal(e[3], l.bounce[0] | KRELOC_ENTRY_SOURCE);
}

static void too_many_bounce_pages(void **state)
{
	struct kreloc_list l;
	size_t i;

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	for (i = 0; i <= KRELOC_MAX_BOUNCE; i++) {
		struct kreloc_segment s = { FAKE_BASE + i * 2 * PS, FAKE_BASE + 0x2000000,
					    8, PS };
		unsigned allocs = fake.allocs;

		if (i < KRELOC_MAX_BOUNCE) {
			assert_int_equal(kreloc_list_add(&l, &s), 0);
			continue;
		}
		assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_TOO_MANY_BOUNCE);
		assert_int_equal(fake.allocs, allocs);		/* nothing taken */
	}
	assert_int_equal(l.nr_bounce, KRELOC_MAX_BOUNCE);
	assert_int_equal(kreloc_list_finish(&l), 0);	/* still usable */
}

static void adopt_needs_phys_to_virt(void **state)
{
	struct kreloc_host h = { fake_host.alloc, NULL, NULL };
	struct kreloc_list l;

	(void)state;
	assert_int_equal(kreloc_list_adopt(&l, KRELOC_ENTRY_DONE, PS, &h), KRELOC_E_INVAL);
	assert_int_equal(kreloc_list_adopt(&l, KRELOC_ENTRY_DONE, PS, &fake_host), 0);
	assert_int_equal(l.head, KRELOC_ENTRY_DONE);
}

int run_list_tests(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_list_is_done, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(contiguous_dest_shares_one_destination, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(long_list_chains_pages, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(partial_page_bounces_and_tail_is_zero, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(in_place_pages_are_clean_entries, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(bad_segments_are_refused, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(allocation_failure_spoils_the_list, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(refused_segment_takes_nothing, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(too_many_bounce_pages, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(adopt_needs_phys_to_virt, fake_setup, fake_teardown),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
