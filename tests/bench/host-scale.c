// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * How the host side scales: list + identity map + the whole validation
 * (kreloc_install) for images of 256 MiB, 1 GiB and 4 GiB in scattered
 * 4 KiB pages, timed natively (best of five, after a warm-up run). Physical addresses are made up: sources
 * shuffled over 8 GiB, one contiguous destination; only list and table
 * pages are real memory (pa == host pointer).
 *
 * Then the same for in-place plans through kreloc_list_plan(): one
 * segment shifted up by one page over itself (chains: a DESTINATION a
 * page), two halves trading places (cycles of two through the bounce
 * page), a rotation by one page (one cycle through every page) and two
 * parts of n/2 - 1 and n/2 + 1 pages trading places (two cycles that
 * write every other page: the validator's written set in pieces).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <kreloc/kreloc.h>

#define PS	4096ull
#define SRC	(1ull << 44)
#define DEST	(1ull << 43)

static void **pages;
static size_t nr_pages, cap_pages;

static int heap_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	(void)ctx;
	out->va = aligned_alloc(size, size);
	out->pa = (kreloc_pa_t)(uintptr_t)out->va;
	if (nr_pages == cap_pages) {
		cap_pages = cap_pages ? 2 * cap_pages : 1024;
		pages = realloc(pages, cap_pages * sizeof(*pages));
	}
	pages[nr_pages++] = out->va;
	return out->va == NULL;
}

static void *identity(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static const struct kreloc_host host = { heap_alloc, identity, NULL };

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);	/* CPU time: not others' load */
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

enum { SCATTERED, SHIFT, SWAP, ROTATE, UNEQUAL, UNEQUAL_STACK };
static size_t last_list_pages, last_bounce;

/* The segments of an in-place plan of n pages. */
static size_t overlapping(int kind, uint64_t n, struct kreloc_segment *seg)
{
	if (kind == SHIFT) {
		seg[0] = (struct kreloc_segment){ DEST, DEST - PS, n * PS, n * PS };
		return 1;
	}
	if (kind == SWAP || kind == UNEQUAL || kind == UNEQUAL_STACK) {
		/* UNEQUAL: n/2 - 1 and n/2 + 1 pages, two cycles of n/2 that
		 * write every other page of the area on their way */
		uint64_t a = kind == SWAP ? n / 2 : n / 2 - 1;

		seg[0] = (struct kreloc_segment){ DEST, DEST + (n - a) * PS,
						  a * PS, a * PS };
		seg[1] = (struct kreloc_segment){ DEST + a * PS, DEST,
						  (n - a) * PS, (n - a) * PS };
		return 2;
	}
	seg[0] = (struct kreloc_segment){ DEST + PS, DEST, (n - 1) * PS,
					  (n - 1) * PS };
	seg[1] = (struct kreloc_segment){ DEST, DEST + (n - 1) * PS, PS, PS };
	return 2;
}

/* Plan n pages (kind); the time it took, or a negative on error. */
static double plan(uint64_t n, uint64_t *order, int kind)
{
	struct kreloc_segment seg[2];
	static struct kreloc_list list;
	static struct kreloc_idmap map;
	struct kreloc_range ram = { 0, 1ull << 47 };
	struct kreloc_range code;
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .granule = 0x10000,
		.code = &code, .nr_code = 1,
	};
	struct kreloc_cpu cpu = { .mmfr0 = 0x100005, .tt_format = KRELOC_TT_EL1 };
	struct kreloc_boot boot = { .entry = DEST };
	struct kreloc_page stub, args;
	struct kreloc_error err;
	double t0, t1;
	uint64_t i;
	int e;

	heap_alloc(NULL, KRELOC_BLOB_SIZE, &stub);
	heap_alloc(NULL, PS, &args);
	code = (struct kreloc_range){ stub.pa & ~0xffffull, 0x10000 };
	t0 = seconds();
	e = kreloc_list_init(&list, PS, &host);
	if (!e && kind == UNEQUAL) {	/* lend a bit a page of the span */
		list.check_bits = calloc(n / 64 + 1, 8);
		list.check_bits_size = (n / 64 + 1) * 8;
	}
	if (!e && kind != SCATTERED) {
		e = kreloc_list_plan(&list, seg, overlapping(kind, n, seg));
	}
	for (i = 0; !e && kind == SCATTERED && i < n; i++) {
		struct kreloc_segment s = { DEST + i * PS, SRC + order[i] * PS, PS, PS };

		e = kreloc_list_add(&list, &s);
	}
	if (!e) {
		e = kreloc_list_finish(&list);
	}
	if (!e) {
		e = kreloc_idmap_build(&map, &spec, &cpu, &host, &err);
	}
	if (!e) {
		e = kreloc_install(&stub, &args, &list, &map, &boot, &cpu, &err);
	}
	t1 = seconds();
	if (e) {
		fprintf(stderr, "host-scale: %s at %#llx\n", kreloc_strerror(e),
			(unsigned long long)err.addr);
		return -1;
	}
	free(list.check_bits);
	last_list_pages = list.nr_pages;
	last_bounce = list.nr_cycle_bounce;
	while (nr_pages) {
		free(pages[--nr_pages]);
	}
	return t1 - t0;
}

static const uint64_t mib[] = { 256, 1024, 4096 };

/* Best of five for each size, then the growth and the 1 GiB budget. */
static int scale(uint64_t *order, int kind)
{
	double t[3], best;
	int run, fails = 0;
	uint64_t k;

	for (k = 0; k < 3; k++) {
		for (best = 1e9, run = 0; run < 5; run++) {	/* best of five */
			double s = plan(mib[k] << 8, order, kind);

			if (s < 0) {
				return 1;
			}
			best = s < best ? s : best;
		}
		t[k] = best;
		printf("  %5llu MiB (%8llu pages): %7.1f ms", (unsigned long long)mib[k],
		       (unsigned long long)(mib[k] << 8), t[k] * 1e3);
		if (kind != SCATTERED) {
			printf(", %zu list pages, %zu bounce page%s",
			       last_list_pages, last_bounce,
			       last_bounce == 1 ? "" : "s");
		}
		printf("\n");
	}
	for (k = 1; k < 3; k++) {
		double n0 = (double)(mib[k - 1] << 8), n1 = (double)(mib[k] << 8);
		double bound = n1 * log(n1) / (n0 * log(n0));

		printf("  growth %llu -> %llu MiB: x%.2f (n log n allows x%.2f) %s\n",
		       (unsigned long long)mib[k - 1], (unsigned long long)mib[k],
		       t[k] / t[k - 1], bound, kind == UNEQUAL_STACK ? "(not judged)" :
		       t[k] / t[k - 1] <= bound ? "ok" : "MISSED");
		fails += t[k] / t[k - 1] > bound;
	}
	printf("  1 GiB in %.1f ms (target 100 ms) %s\n", t[1] * 1e3,
	       kind == UNEQUAL_STACK ? "(not judged)" : t[1] <= 0.1 ? "ok" : "MISSED");
	fails += t[1] > 0.1;
	return kind == UNEQUAL_STACK ? 0 : fails;	/* judged: see main() */
}

int main(void)
{
	uint64_t *order, max = 4096ull << 8, i, k;
	int fails = 0;

	order = malloc(2 * max * sizeof(*order));	/* a shuffle of 8 GiB */
	for (i = 0; i < 2 * max; i++) {
		order[i] = i;
	}
	srand(1);
	for (i = 2 * max - 1; i > 0; i--) {
		uint64_t j = ((uint64_t)rand() << 31 ^ (uint64_t)rand()) % (i + 1);

		k = order[i];
		order[i] = order[j];
		order[j] = k;
	}
	printf("host-scale: list + identity map + validation, scattered 4K pages\n");
	if (plan(max, order, SCATTERED) < 0) {	/* warm up: the heap at its largest */
		return 1;
	}
	fails += scale(order, SCATTERED);
	printf("host-scale: in place (kreloc_list_plan), shifted up by one page\n");
	fails += scale(order, SHIFT);
	printf("host-scale: in place, two halves trading places\n");
	fails += scale(order, SWAP);
	printf("host-scale: in place, rotated by one page (one cycle)\n");
	fails += scale(order, ROTATE);
	printf("host-scale: in place, parts of n/2 - 1 and n/2 + 1 pages trading places,\n"
	       "  list->check_bits lent (n / 8 bytes)\n");
	fails += scale(order, UNEQUAL);
	/* Without the bits, 1 KiB on the stack: a pass over the list per
	 * 32 MiB of span, quadratic by design, so only shown. */
	printf("host-scale: the same, no check_bits (a pass per 32 MiB: shown, not judged)\n");
	scale(order, UNEQUAL_STACK);
	return fails != 0;
}
