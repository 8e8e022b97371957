// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * sha256-segment FILE PAGE_SIZE EXTRA: FILE as a segment (bufsz its size,
 * memsz that rounded up to PAGE_SIZE plus EXTRA zero pages) through
 * kreloc_list_add_verified() in fake memory; prints the DIGEST's SHA-256
 * in sha256sum's format, and kreloc_sha256() of FILE alone on a second
 * line. tests/unit/sha256sum.sh compares both with sha256sum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake.h"

static void print(const uint8_t *d, const char *what)
{
	int i;

	for (i = 0; i < 32; i++) {
		printf("%02x", d[i]);
	}
	printf("  %s\n", what);
}

int main(int argc, char **argv)
{
	struct kreloc_segment s = { .src = FAKE_BASE };
	struct kreloc_list l;
	uint64_t ps, *w, e;
	uint8_t digest[32];
	FILE *f;
	long len;

	if (argc != 4) {
		fprintf(stderr, "usage: %s FILE PAGE_SIZE EXTRA_PAGES\n", argv[0]);
		return 2;
	}
	fake_init();
	ps = strtoull(argv[2], NULL, 0);
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) ||
	    (uint64_t)len + 32 * ps > FAKE_POOL - FAKE_BASE ||
	    fread(fake.mem, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "%s: cannot read it into %llu MiB\n", argv[1],
			(FAKE_POOL - FAKE_BASE) >> 20);
		return 2;
	}
	fclose(f);
	s.bufsz = (uint64_t)len;
	s.memsz = (s.bufsz + ps - 1) / ps * ps + strtoull(argv[3], NULL, 0) * ps;
	s.dest = FAKE_BASE + ((s.memsz + 2 * ps - 1) / ps) * ps;	/* apart */
	s.dest = s.dest > FAKE_POOL - s.memsz ? s.src : s.dest;	/* or in place */
	if (kreloc_list_init(&l, ps, &fake_host) ||
	    kreloc_list_add_verified(&l, &s, NULL) || kreloc_list_finish(&l)) {
		fprintf(stderr, "list refused\n");
		return 1;
	}
	for (e = l.head, w = NULL; !(e & KRELOC_ENTRY_DIGEST); e = *w++) {
		if (e & KRELOC_ENTRY_DONE) {
			return 1;
		}
		if (e & KRELOC_ENTRY_INDIRECTION) {
			w = fake_va(e & ~(ps - 1));
		}
	}
	print((const uint8_t *)w, "segment");
	kreloc_sha256(fake.mem, (size_t)len, digest);
	print(digest, "file");
	fake_fini();
	return 0;
}
