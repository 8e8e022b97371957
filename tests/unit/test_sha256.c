// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * SHA-256 (src/sha256.c): the FIPS 180-4 examples, the lengths around the
 * padding's edges, and every way of splitting a message across updates.
 * The instruction path is checked against this one on the target
 * (tests/unit/target), and both against sha256sum of real files
 * (tests/unit/sha256sum.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"

static void hex(const char *s, uint8_t out[32])
{
	unsigned i, b;

	for (i = 0; i < 32; i++) {
		assert_int_equal(sscanf(s + 2 * i, "%2x", &b), 1);
		out[i] = (uint8_t)b;
	}
}

static void expect(const void *msg, size_t len, const char *digest)
{
	uint8_t want[32], got[32];

	hex(digest, want);
	kreloc_sha256(msg, len, got);
	assert_memory_equal(got, want, 32);
}

/* FIPS 180-4's examples (NIST's SHA256.pdf): one block, two blocks. */
static void fips_examples(void **state)
{
	(void)state;
	expect("abc", 3,
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	expect("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	expect("", 0,
	       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* One million 'a's, in uneven pieces. */
static void million_a(void **state)
{
	static char a[1000000];
	struct kreloc_sha256 ctx;
	uint8_t want[32], got[32];
	size_t off, n;

	(void)state;
	memset(a, 'a', sizeof(a));
	hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    want);
	kreloc_sha256(a, sizeof(a), got);
	assert_memory_equal(got, want, 32);
	kreloc_sha256_init(&ctx);
	for (off = 0; off < sizeof(a); off += n) {
		n = (off * 7 + 13) % 1000;
		n = n < sizeof(a) - off ? n : sizeof(a) - off;
		kreloc_sha256_update(&ctx, a + off, n);
	}
	kreloc_sha256_final(&ctx, got);
	assert_memory_equal(got, want, 32);
}

/*
 * Lengths where the padding changes shape (55: length fits the block,
 * 56: it needs another; 63, 64, 65 around the block), and others: the
 * one-shot digest against two updates split at every offset, and against
 * byte-by-byte updates. Digests known from sha256sum for the edges.
 */
static void edges_and_splits(void **state)
{
	static const struct {
		size_t len;
		const char *digest;
	} known[] = {	/* bytes i * 7 + 1, from sha256sum */
		{ 55, "16fa57a0a3423a715d594516339f36189d6b5f93754a9714fef202616a9fabfe" },
		{ 56, "c37b44e5f1b18554b36966f4f8e08bfbf3164c4b6c10374d12d89850892073c5" },
		{ 63, "bbba992d2c85af960fb2987a1fd05e0aa82a3db3c740dd8982a9e273b75e36a3" },
		{ 64, "66bd4633ed6f71c4ecfa4763bf7ba1c8ec7612de9aa6c0578a7b675207c71e0b" },
		{ 65, "9f7dc47107b750a1f3d35db5d9547f24ef40da5b731b9540d4f43710a154f6c9" },
	};
	uint8_t msg[200], one[32], got[32];
	struct kreloc_sha256 ctx;
	size_t len, cut, i;

	(void)state;
	for (i = 0; i < sizeof(msg); i++) {
		msg[i] = (uint8_t)(i * 7 + 1);
	}
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		expect(msg, known[i].len, known[i].digest);
	}
	for (len = 0; len < sizeof(msg); len++) {
		kreloc_sha256(msg, len, one);
		for (cut = 0; cut <= len; cut++) {
			kreloc_sha256_init(&ctx);
			kreloc_sha256_update(&ctx, msg, cut);
			kreloc_sha256_update(&ctx, msg + cut, len - cut);
			kreloc_sha256_final(&ctx, got);
			assert_memory_equal(got, one, 32);
		}
		kreloc_sha256_init(&ctx);
		for (i = 0; i < len; i++) {
			kreloc_sha256_update(&ctx, msg + i, 1);
		}
		kreloc_sha256_final(&ctx, got);
		assert_memory_equal(got, one, 32);
	}
}

int run_sha256_tests(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_examples),
		cmocka_unit_test(million_a),
		cmocka_unit_test(edges_and_splits),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
