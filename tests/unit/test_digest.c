// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * kreloc_list_add_verified(): the DIGEST entry, its words and its page
 * checks, worked out here independently of src/list.c from the bytes the
 * destination must hold.
 */
#include <stdlib.h>
#include <string.h>
#include "fake.h"
#include "tests.h"

#define PS	0x1000ull
#define PER	KRELOC_DIGEST_CHECKS(PS)	/* checks a block */

/* One DIGEST found in a list: where, and its words. */
struct found {
	uint64_t entry;
	uint64_t words[KRELOC_DIGEST_WORDS];
	const uint64_t *slot;		/* the entry's slot */
	size_t page_ops;		/* page ops before it, since the last */
};

/* Walk as the stub does; the page ops in ops[], the DIGESTs in d[]. */
static size_t walk(const struct kreloc_list *l, uint64_t *ops, size_t max_ops,
		   size_t *nops, struct found *d, size_t max_d)
{
	uint64_t e = l->head, *p = NULL;
	size_t n = 0, since = 0;

	*nops = 0;
	while (!(e & KRELOC_ENTRY_DONE)) {
		if (e & KRELOC_ENTRY_INDIRECTION) {
			p = fake_va(e & ~(l->page_size - 1));
			assert_non_null(p);
		} else if (e & KRELOC_ENTRY_DIGEST) {
			assert_true(n < max_d);
			d[n].entry = e;
			d[n].slot = p - 1;
			memcpy(d[n].words, p, sizeof(d[n].words));
			d[n++].page_ops = since;
			since = 0;
			p += KRELOC_DIGEST_WORDS;
		} else if (e & KRELOC_ENTRY_PAGE_OPS) {
			assert_true(*nops < max_ops);
			ops[(*nops)++] = e;
			since++;
		}
		e = *p++;
	}
	return n;
}

/* The check of a page as <kreloc/abi.h> defines it. */
static uint32_t check_of(const unsigned char *b)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < PS; i += 4) {
		sum += (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 |
		       (uint32_t)b[i + 2] << 16 | (uint32_t)b[i + 3] << 24;
	}
	return sum;
}

/* The bytes seg places, in a buffer of memsz bytes. */
static unsigned char *image_of(const struct kreloc_segment *s)
{
	unsigned char *img = calloc(1, s->memsz + 1);

	assert_non_null(img);
	memcpy(img, fake_va(s->src), s->bufsz);
	return img;
}

/* DIGEST d says what seg places: digest, and one check a page. */
static void digest_matches(const struct found *d,
			   const struct kreloc_segment *s, size_t number)
{
	unsigned char *img = image_of(s);
	uint8_t want[32];
	const uint32_t *block = NULL;
	kreloc_pa_t pa = d->words[4];
	size_t i, pages = s->memsz / PS;

	assert_int_equal(d->entry, (uint64_t)number << KRELOC_DIGEST_SEG_SHIFT |
				   KRELOC_ENTRY_DIGEST);
	assert_int_equal(d->page_ops, pages);
	kreloc_sha256(img, s->memsz, want);
	assert_memory_equal(d->words, want, 32);
	if (!pages) {
		assert_int_equal(pa, 0);
	}
	for (i = 0; i < pages; i++) {
		if (i % PER == 0) {
			if (i) {
				pa = *(const uint64_t *)((const char *)block +
							 PS - 8);
			}
			assert_true(pa >= FAKE_POOL);	/* from the allocator */
			block = fake_va(pa);
			assert_non_null(block);
		}
		assert_int_equal(block[i % PER], check_of(img + i * PS));
	}
	if (block) {		/* the last link is 0 */
		assert_int_equal(*(const uint64_t *)((const char *)block +
						      PS - 8), 0);
	}
	free(img);
}

static void fill(kreloc_pa_t pa, size_t len, unsigned seed)
{
	unsigned char *b = fake_va(pa);
	size_t i;

	for (i = 0; i < len; i++) {
		b[i] = (unsigned char)(i * 131 + seed + (i >> 12));
	}
}

/* Source pages, a bounced partial page, a zero tail: one DIGEST. */
static void verified_segment_layout(void **state)
{
	struct kreloc_segment s = { FAKE_BASE + 0x800000, FAKE_BASE + 0x10000,
				    3 * PS + 123, 6 * PS };
	struct kreloc_list l;
	struct found d[2];
	uint64_t ops[8];
	size_t nops;

	(void)state;
	fill(s.src, 4 * PS, 1);
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, ops, 8, &nops, d, 2), 1);
	assert_int_equal(nops, 6);
	assert_int_equal(ops[3], l.bounce[0] | KRELOC_ENTRY_SOURCE);
	assert_int_equal(ops[4], KRELOC_ENTRY_ZERO);
	digest_matches(&d[0], &s, 0);
	assert_int_equal(l.nr_segments, 1);
	assert_int_equal(l.nr_check_pages, 1);
	assert_int_equal(l.nr_pages, 1);
}

/* In place: the digest and the checks are of the pages where they are. */
static void verified_in_place(void **state)
{
	struct kreloc_segment s = { FAKE_BASE + 0x40000, FAKE_BASE + 0x40000,
				    2 * PS, 3 * PS };
	struct kreloc_list l;
	struct found d[1];
	uint64_t ops[4];
	size_t nops;

	(void)state;
	fill(s.src, 2 * PS, 7);
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, ops, 4, &nops, d, 1), 1);
	assert_int_equal(ops[0], KRELOC_ENTRY_CLEAN);
	digest_matches(&d[0], &s, 0);
}

/* The caller's digest is taken as it is; the checks are computed. */
static void caller_digest_is_kept(void **state)
{
	struct kreloc_segment s = { FAKE_BASE + 0x800000, FAKE_BASE + 0x10000,
				    PS, PS };
	uint8_t mine[32];
	struct kreloc_list l;
	struct found d[1];
	uint64_t ops[4];
	size_t nops;
	const uint32_t *block;

	(void)state;
	fill(s.src, PS, 3);
	memset(mine, 0x5a, sizeof(mine));
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &s, mine), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, ops, 4, &nops, d, 1), 1);
	assert_memory_equal(d[0].words, mine, 32);
	block = fake_va(d[0].words[4]);
	assert_int_equal(block[0], check_of(fake_va(s.src)));
}

/*
 * Numbers count every segment added, plain or verified. A plain segment
 * with pages must not come before a verified one (its pages would be
 * hashed as the verified one's): refused, nothing taken.
 */
static void segments_are_numbered(void **state)
{
	struct kreloc_segment a = { FAKE_BASE + 0x800000, FAKE_BASE + 0x10000, PS, PS };
	struct kreloc_segment empty = { FAKE_BASE + 0x900000, FAKE_BASE, 0, 0 };
	struct kreloc_segment c = { FAKE_BASE + 0xa00000, FAKE_BASE + 0x20000, 2 * PS, 2 * PS };
	struct kreloc_segment plain = { FAKE_BASE + 0xb00000, FAKE_BASE + 0x30000, PS, PS };
	struct kreloc_segment e = { FAKE_BASE + 0xc00000, FAKE_BASE + 0x40000, PS, PS };
	struct kreloc_list l;
	struct found d[4];
	uint64_t ops[8];
	size_t nops;
	unsigned allocs;

	(void)state;
	fill(FAKE_BASE, 0x50000, 9);
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &a, NULL), 0);	/* 0 */
	assert_int_equal(kreloc_list_add(&l, &empty), 0);		/* 1 */
	assert_int_equal(kreloc_list_add_verified(&l, &empty, NULL), 0); /* 2 */
	assert_int_equal(kreloc_list_add_verified(&l, &c, NULL), 0);	/* 3 */
	assert_int_equal(kreloc_list_add(&l, &plain), 0);		/* 4 */
	allocs = fake.allocs;
	assert_int_equal(kreloc_list_add_verified(&l, &e, NULL), KRELOC_E_DIGEST);
	assert_int_equal(fake.allocs, allocs);
	assert_int_equal(l.nr_segments, 5);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, ops, 8, &nops, d, 4), 3);
	digest_matches(&d[0], &a, 0);
	digest_matches(&d[1], &empty, 2);
	digest_matches(&d[2], &c, 3);
	assert_int_equal(nops, 4);		/* the plain one after them */
}

/*
 * The entry and its words share a list page, before its last slot: with
 * six slots left they fit; with five a new page starts, linked from the
 * first free slot.
 */
static void digest_at_page_end(void **state)
{
	const size_t usable = PS / 8 - 1;
	size_t pages;

	(void)state;
	for (pages = usable - 8; pages <= usable - 5; pages++) {
		/* DESTINATION + pages SOURCEs, then 6 slots wanted */
		struct kreloc_segment s = { FAKE_BASE + 0x800000,
					    FAKE_BASE + 0x10000,
					    pages * PS, pages * PS };
		size_t left = usable - 1 - pages, nops;
		struct kreloc_list l;
		static uint64_t ops[600];
		struct found d[1];
		const uint64_t *first;

		fake_init();
		assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
		assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), 0);
		assert_int_equal(kreloc_list_finish(&l), 0);
		assert_int_equal(walk(&l, ops, 600, &nops, d, 1), 1);
		digest_matches(&d[0], &s, 0);
		first = fake_va(l.head & ~(PS - 1));
		if (left >= 1 + KRELOC_DIGEST_WORDS) {
			assert_int_equal(l.nr_pages, 1);
			assert_ptr_equal(d[0].slot, first + 1 + pages);
			/* DONE right after the words, at most in the last slot */
			assert_int_equal(first[1 + pages + 1 + KRELOC_DIGEST_WORDS],
					 KRELOC_ENTRY_DONE);
		} else {
			assert_int_equal(l.nr_pages, 2);
			assert_int_equal(first[1 + pages] & (PS - 1),
					 KRELOC_ENTRY_INDIRECTION);
			assert_ptr_equal(d[0].slot,
					 (const uint64_t *)fake_va(first[1 + pages] &
								   ~(PS - 1)));
		}
	}
}

/* A segment of over KRELOC_DIGEST_CHECKS pages: a chain of blocks. */
static void checks_chain_over_blocks(void **state)
{
	const size_t pages = 2 * PER + 5;
	struct kreloc_segment s = { FAKE_BASE + 0x1000000, FAKE_BASE + 0x10000,
				    pages * PS - 4, pages * PS };
	struct kreloc_list l;
	struct found d[1];
	static uint64_t ops[2 * PER + 8];
	size_t nops;

	(void)state;
	fill(s.src, pages * PS, 5);
	assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), 0);
	assert_int_equal(kreloc_list_finish(&l), 0);
	assert_int_equal(walk(&l, ops, 2 * PER + 8, &nops, d, 1), 1);
	assert_int_equal(nops, pages);
	assert_int_equal(l.nr_check_pages, 3);
	digest_matches(&d[0], &s, 0);
}

/* Refused before anything is taken: no pointer for a source page. */
static kreloc_pa_t hole;

static void *holed_va(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return pa == hole ? NULL : fake_va(pa);
}

static void refused_before_writing(void **state)
{
	struct kreloc_host none = { fake_host.alloc, NULL, NULL };
	struct kreloc_host holed = { fake_host.alloc, holed_va, NULL };
	struct kreloc_segment s = { FAKE_BASE + 0x800000, FAKE_BASE + 0x10000,
				    4 * PS, 4 * PS };
	struct kreloc_list l;

	(void)state;
	assert_int_equal(kreloc_list_init(&l, PS, &none), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), KRELOC_E_INVAL);
	hole = s.src + 2 * PS;		/* a whole page in the middle */
	assert_int_equal(kreloc_list_init(&l, PS, &holed), 0);
	assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), KRELOC_E_INVAL);
	assert_int_equal(fake.allocs, 0);
	assert_int_equal(l.nr_segments, 0);
	hole = 0;
	assert_int_equal(kreloc_list_add_verified(&l, &s, NULL), 0);
	assert_int_equal(l.nr_segments, 1);
}

/*
 * The allocator failing for a check block, or for the list page the
 * DIGEST moves to, comes after the page ops were written: spoiled.
 */
static void allocation_failure_spoils(void **state)
{
	struct kreloc_segment s = { FAKE_BASE + 0x800000, FAKE_BASE + 0x10000,
				    4 * PS, 4 * PS };
	struct kreloc_segment full = { FAKE_BASE + 0x800000, FAKE_BASE + 0x10000,
				       (PS / 8 - 1 - 1 - 3) * PS,
				       (PS / 8 - 1 - 1 - 3) * PS };
	struct kreloc_list l;
	int fail;

	(void)state;
	for (fail = 1; fail <= 2; fail++) {
		fake_init();
		assert_int_equal(kreloc_list_init(&l, PS, &fake_host), 0);
		fake.fail_after = fail;	/* the list page, the check block */
		assert_int_equal(kreloc_list_add_verified(&l, fail == 1 ? &s :
							  &full, NULL),
				 KRELOC_E_NOMEM);
		fake.fail_after = -1;
		assert_int_equal(kreloc_list_add(&l, &s), KRELOC_E_NOMEM);
		assert_int_equal(kreloc_list_add_verified(&l, &s, NULL),
				 KRELOC_E_NOMEM);
		assert_int_equal(kreloc_list_finish(&l), KRELOC_E_NOMEM);
		assert_int_equal(l.nr_segments, 0);
	}
}

int run_digest_tests(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(verified_segment_layout, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(verified_in_place, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(caller_digest_is_kept, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(segments_are_numbered, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(digest_at_page_end, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(checks_chain_over_blocks, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(refused_before_writing, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(allocation_failure_spoils, fake_setup, fake_teardown),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
