// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The park area's host API: where each CPU's slot and record are (the
 * layout the park entry in the blob relies on), what kreloc_park_init()
 * refuses, and that it leaves the area zeroed and cleaned.
 */
#include <string.h>
#include "fake.h"
#include "tests.h"

#define BTI_JC	0xd50324dfu		/* the park entry's landing pad */

static void area_of(struct kreloc_page *pg, uint64_t size)
{
	assert_int_equal(fake_host.alloc(NULL, size, pg), 0);
}

static void park_size_is_whole_pages(void **state)
{
	(void)state;
	assert_int_equal(kreloc_park_size(1), KRELOC_PARK_PAGE);
	assert_int_equal(kreloc_park_size(16), KRELOC_PARK_PAGE);
	assert_int_equal(kreloc_park_size(17), 2 * KRELOC_PARK_PAGE);
	assert_int_equal(kreloc_park_size(KRELOC_PARK_MAX_CPUS),
			 KRELOC_PARK_MAX_CPUS / 16 * KRELOC_PARK_PAGE);
}

/* 16 slots a page, 128 bytes apart; records 2 KiB after their slots. */
static void park_slot_addresses(void **state)
{
	struct kreloc_park park;
	struct kreloc_page pg;
	unsigned i;

	(void)state;
	area_of(&pg, 0x10000);
	assert_int_equal(kreloc_park_init(&park, &pg, KRELOC_PARK_MAX_CPUS), 0);
	assert_int_equal(park.size, 0x10000);
	assert_int_equal(kreloc_park_slot(&park, 0), pg.pa);
	assert_int_equal(kreloc_park_slot(&park, 1), pg.pa + 0x80);
	assert_int_equal(kreloc_park_slot(&park, 15), pg.pa + 0x780);
	assert_int_equal(kreloc_park_slot(&park, 16), pg.pa + 0x1000);
	assert_int_equal(kreloc_park_slot(&park, 255), pg.pa + 0xf780);
	assert_int_equal(kreloc_park_slot(&park, 256), 0);
	for (i = 0; i < KRELOC_PARK_MAX_CPUS; i++) {
		kreloc_pa_t s = kreloc_park_slot(&park, i);

		/* slot and record in the same page, apart by a CWG */
		assert_int_equal(s % 8, 0);
		assert_int_equal((s + KRELOC_PARK_RECORD) / KRELOC_PARK_PAGE,
				 s / KRELOC_PARK_PAGE);
		assert_true(s % KRELOC_PARK_PAGE < KRELOC_PARK_RECORD);
	}
	park.magic = 0;
	assert_int_equal(kreloc_park_slot(&park, 0), 0);
	assert_int_equal(kreloc_park_slot(NULL, 0), 0);
}

static void park_init_refuses(void **state)
{
	struct kreloc_park park;
	struct kreloc_page pg, none = { 0x1000, NULL };

	(void)state;
	area_of(&pg, 0x1000);
	assert_int_equal(kreloc_park_init(NULL, &pg, 1), KRELOC_E_INVAL);
	assert_int_equal(kreloc_park_init(&park, NULL, 1), KRELOC_E_INVAL);
	assert_int_equal(kreloc_park_init(&park, &none, 1), KRELOC_E_INVAL);
	assert_int_equal(kreloc_park_init(&park, &pg, 0), KRELOC_E_PARK);
	assert_int_equal(kreloc_park_init(&park, &pg,
					  KRELOC_PARK_MAX_CPUS + 1),
			 KRELOC_E_PARK);
	pg.pa += 0x80;
	assert_int_equal(kreloc_park_init(&park, &pg, 1), KRELOC_E_ALIGN);
	pg.pa = 0xfffffffffffff000ull;
	assert_int_equal(kreloc_park_init(&park, &pg, 17), KRELOC_E_WRAP);
	assert_int_equal(strncmp(kreloc_strerror(KRELOC_E_PARK),
				 "KRELOC_E_PARK: ", 15), 0);
}

/* Zeroed, all of it, and cleaned to PoC for the MMU-off readers. */
static void park_init_zeroes_and_cleans(void **state)
{
	struct kreloc_park park;
	struct kreloc_page pg;
	unsigned long cleans;
	unsigned char zero[0x2000] = { 0 };

	(void)state;
	area_of(&pg, 0x2000);
	memset(pg.va, 0x5a, 0x2000);
	cleans = kreloc_native_cleans;
	assert_int_equal(kreloc_park_init(&park, &pg, 20), 0);
	assert_memory_equal(pg.va, zero, 0x2000);
	assert_int_equal(kreloc_native_cleans, cleans + 1);
	assert_ptr_equal(kreloc_native_cleaned[cleans % KRELOC_NATIVE_CLEANED],
			 pg.va);
}

/* What a parked CPU wrote, read back with its lines invalidated first. */
static void park_status_reads_the_record(void **state)
{
	struct kreloc_park park;
	struct kreloc_page pg;
	struct kreloc_status st, *rec;
	unsigned long cleans;

	(void)state;
	area_of(&pg, 0x1000);
	assert_int_equal(kreloc_park_init(&park, &pg, 3), 0);
	assert_int_equal(kreloc_park_status(&park, 2, &st), KRELOC_PHASE_NONE);
	rec = (struct kreloc_status *)((char *)pg.va + 2 * KRELOC_PARK_STRIDE +
				       KRELOC_PARK_RECORD);
	rec->phase = KRELOC_PHASE_FAULT;
	rec->esr = 0x96000000;
	cleans = kreloc_native_cleans;
	assert_int_equal(kreloc_park_status(&park, 2, &st), KRELOC_PHASE_FAULT);
	assert_int_equal(kreloc_native_cleans, cleans + 1);
	assert_ptr_equal(kreloc_native_cleaned[cleans % KRELOC_NATIVE_CLEANED],
			 rec);
	assert_int_equal(st.esr, 0x96000000);
	assert_int_equal(kreloc_park_status(&park, 3, &st), -1);
	assert_int_equal(kreloc_park_status(&park, 0, NULL), -1);
}

/* The ABI's offset is where the blob's park entry is. */
static void park_entry_in_blob(void **state)
{
	uint32_t insn;

	(void)state;
	assert_int_equal(kreloc_park_entry(0x40000000), 0x40000000 +
			 KRELOC_PARK_OFFSET);
	assert_true(kreloc_blob_size > KRELOC_PARK_OFFSET);
	memcpy(&insn, kreloc_blob_start + KRELOC_PARK_OFFSET, 4);
	assert_int_equal(insn, BTI_JC);
}

int run_park_tests(int *total)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)
	const struct CMUnitTest tests[] = {
		T(park_size_is_whole_pages),
		T(park_slot_addresses),
		T(park_init_refuses),
		T(park_init_zeroes_and_cleans),
		T(park_status_reads_the_record),
		T(park_entry_in_blob),
	};
#undef T

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("park", tests, NULL, NULL);
}
