// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * mkfiller SIZE SEED FILE: SIZE bytes of seeded noise for the initramfs,
 * and their FNV-1a sum on stdout (what the test init must compute).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 16];
	uint64_t size, state, sum = 0xcbf29ce484222325ull, done = 0;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: mkfiller SIZE SEED FILE\n");
		return 2;
	}
	size = strtoull(argv[1], NULL, 0);
	state = strtoull(argv[2], NULL, 0);
	f = fopen(argv[3], "wb");
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	while (done < size) {
		size_t n = size - done < sizeof(buf) ? (size_t)(size - done) : sizeof(buf);
		size_t i;

		for (i = 0; i < n; i++) {
			uint64_t z;

			if (i % 8 == 0) {	/* splitmix64, 8 bytes at a time */
				z = (state += 0x9e3779b97f4a7c15ull);
				z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
				z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
				memcpy(&buf[i], &(uint64_t){ z ^ (z >> 31) }, 8);
			}
			sum = (sum ^ buf[i]) * 0x100000001b3ull;
		}
		if (fwrite(buf, 1, n, f) != n) {
			perror(argv[3]);
			return 1;
		}
		done += n;
	}
	if (fclose(f)) {
		perror(argv[3]);
		return 1;
	}
	printf("0x%016llx\n", (unsigned long long)sum);
	return 0;
}
