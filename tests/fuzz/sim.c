// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The stub's list walk, in C, over the fake physical memory: with
 * KRELOC_F_VERIFY first the verify pass (<kreloc/abi.h>, DIGEST), then
 * the copy.
 */
#include <stdlib.h>
#include <string.h>
#include "../unit/fake.h"
#include "sim.h"

/* The fake memory at [pa, pa + len), or NULL if it is not all there. */
static unsigned char *at(kreloc_pa_t pa, uint64_t len)
{
	unsigned char *p = fake_va(pa);

	return p && fake_va(pa + len - 1) ? p : NULL;
}

/* The page check of <kreloc/abi.h>: its little-endian words summed. */
static uint32_t check_of(const unsigned char *page, uint64_t ps)
{
	uint32_t sum = 0, w;
	uint64_t i;

	for (i = 0; page && i < ps; i += 4) {
		w = (uint32_t)page[i] | (uint32_t)page[i + 1] << 8 |
		    (uint32_t)page[i + 2] << 16 | (uint32_t)page[i + 3] << 24;
		sum += w;
	}
	return sum;
}

/* The pages of one DIGEST: their destinations and checks. */
struct group {
	kreloc_pa_t *dest;
	uint32_t *check;
	size_t n, cap;
};

static void group_add(struct group *g, kreloc_pa_t dest, uint32_t check)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->dest = realloc(g->dest, g->cap * sizeof(*g->dest));
		g->check = realloc(g->check, g->cap * sizeof(*g->check));
		if (!g->dest || !g->check) {
			abort();
		}
	}
	g->dest[g->n] = dest;
	g->check[g->n++] = check;
}

/*
 * After a mismatch: the first page whose check differs from the host's,
 * following the chain from word 4; KRELOC_DIGEST_NONE if every check
 * agrees (or the chain ends first). -1 if the chain leaves the memory.
 */
static int locate(const struct group *g, kreloc_pa_t block, uint64_t ps,
		  uint64_t *page)
{
	uint64_t per = KRELOC_DIGEST_CHECKS(ps), i;
	const uint32_t *b = NULL;

	*page = KRELOC_DIGEST_NONE;
	for (i = 0; i < g->n; i++) {
		if (i % per == 0) {
			if (i) {
				block = ((const uint64_t *)b)[ps / 8 - 1];
			}
			if (!block) {
				return 0;
			}
			b = (const uint32_t *)at(block, ps);
			if (!b) {
				return -1;
			}
		}
		if (b[i % per] != g->check[i]) {	/* little-endian host */
			*page = g->dest[i];
			return 0;
		}
	}
	return 0;
}

static void report(const struct kreloc_args *a, uint64_t seg, uint64_t page)
{
	struct kreloc_status *st = (struct kreloc_status *)at(a->status_pa,
							       sizeof(*st));

	if (!st) {
		abort();	/* kreloc_install() checked it */
	}
	st->phase = KRELOC_PHASE_VERIFY;
	st->error = KRELOC_STUB_ERR_DIGEST;
	st->digest_seg = seg;
	st->digest_page = page;
}

/*
 * The verify pass: hash the pages each DIGEST covers as the destination
 * will hold them, compare. 0: all match; 1: stopped (status written);
 * -1: outside the fake memory. Nothing is written but the status.
 */
static int verify(const struct kreloc_args *a)
{
	static const unsigned char zero[0x10000];
	uint64_t ps = a->list_page_size, entry = a->list_head;
	const uint64_t *ptr = NULL;
	kreloc_pa_t dest = 0;
	struct group g = { 0 };
	struct kreloc_sha256 ctx;
	uint8_t digest[32];
	uint64_t page;
	int ret = 0;

	kreloc_sha256_init(&ctx);
	while (!(entry & KRELOC_ENTRY_DONE)) {
		kreloc_pa_t addr = entry & ~(ps - 1);
		const unsigned char *from = NULL;

		if (entry & KRELOC_ENTRY_DIGEST) {
			kreloc_sha256_final(&ctx, digest);
			if (memcmp(digest, ptr, 32)) {
				if (locate(&g, ptr[4], ps, &page)) {
					ret = -1;
					goto out;
				}
				report(a, entry >> KRELOC_DIGEST_SEG_SHIFT, page);
				ret = 1;
				goto out;
			}
			kreloc_sha256_init(&ctx);
			g.n = 0;
			ptr += KRELOC_DIGEST_WORDS;
		} else if (entry & KRELOC_ENTRY_PAGE_OPS) {
			if (entry & KRELOC_ENTRY_SOURCE) {
				from = at(addr, ps);
			} else if (entry & KRELOC_ENTRY_CLEAN) {
				from = at(dest, ps);
			} else {
				from = zero;
			}
			if (!from) {
				ret = -1;
				goto out;
			}
			kreloc_sha256_update(&ctx, from, ps);
			group_add(&g, dest, entry & KRELOC_ENTRY_ZERO ? 0 :
					    check_of(from, ps));
			dest += ps;
		} else if (entry & KRELOC_ENTRY_INDIRECTION) {
			ptr = (const uint64_t *)at(addr, ps);
			if (!ptr) {
				ret = -1;
				goto out;
			}
		} else if (entry & KRELOC_ENTRY_DESTINATION) {
			dest = addr;
		}
		entry = *ptr++;
	}
	if (g.n) {		/* page ops after the last DIGEST */
		report(a, KRELOC_DIGEST_NONE, g.dest[0]);
		ret = 1;
	}
out:
	free(g.dest);
	free(g.check);
	return ret;
}

int sim_stub(const struct kreloc_args *a)
{
	uint64_t ps = a->list_page_size, entry = a->list_head;
	const uint64_t *ptr = NULL;
	kreloc_pa_t dest = 0;
	int v;

	if (a->flags & KRELOC_F_VERIFY) {
		v = verify(a);
		if (v) {
			return v;
		}
	}
	while (!(entry & KRELOC_ENTRY_DONE)) {
		kreloc_pa_t addr = entry & ~(ps - 1);
		unsigned char *to;
		const unsigned char *from;

		if (entry & KRELOC_ENTRY_DIGEST) {
			ptr += KRELOC_DIGEST_WORDS;	/* data, not entries */
		} else if (entry & KRELOC_ENTRY_PAGE_OPS) {
			if (!dest) {
				abort();	/* the stub would stop here */
			}
			to = at(dest, ps);
			from = at(addr, ps);
			if (!to || ((entry & KRELOC_ENTRY_SOURCE) && !from)) {
				return -1;	/* outside the fake memory */
			}
			if (entry & KRELOC_ENTRY_SOURCE) {
				memmove(to, from, ps);
			} else if (entry & KRELOC_ENTRY_ZERO) {
				memset(to, 0, ps);
			}
			dest += ps;
		} else if (entry & KRELOC_ENTRY_INDIRECTION) {
			ptr = (const uint64_t *)at(addr, ps);
			if (!ptr) {
				return -1;
			}
		} else if (entry & KRELOC_ENTRY_DESTINATION) {
			dest = addr;
		}
		if (!ptr) {
			abort();
		}
		entry = *ptr++;
	}
	return 0;
}
