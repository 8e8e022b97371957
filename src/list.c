// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The copy list, in Linux's kexec format: pages of 64-bit entries, each a
 * page-aligned physical address with a flag in its low bits. The last slot
 * of a full page holds an INDIRECTION to the next page, so the stub walks
 * the list without knowing how long it is. kreloc adds ZERO (a page of
 * zeroes, no source), CLEAN (a page already in place) and DIGEST (a
 * segment's SHA-256 and page checks, for KRELOC_F_VERIFY).
 *
 * Every page taken from the allocator is written at once, long before the
 * stub runs; it must stay in the plan so that kreloc_install() checks it
 * (a written page the plan no longer reaches could sit in a destination
 * or in source data, unseen). So a segment is refused before anything is
 * taken, or, if the allocator fails midway, the list is spoiled.
 */
#include "util.h"

static int list_init(struct kreloc_list *list, uint64_t head,
		     uint64_t page_size, const struct kreloc_host *host,
		     int finished)
{
	if (!list || !host || !host->alloc) {
		return KRELOC_E_INVAL;
	}
	if (!kreloc_is_page_size(page_size)) {
		return KRELOC_E_PAGE_SIZE;
	}
	*list = (struct kreloc_list){
		.head = head,
		.page_size = page_size,
		.host = host,
		.dest = UINT64_MAX,		/* no DESTINATION yet */
		.finished = finished,
	};
	return KRELOC_OK;
}

int kreloc_list_init(struct kreloc_list *list, uint64_t page_size,
		     const struct kreloc_host *host)
{
	return list_init(list, KRELOC_ENTRY_DONE, page_size, host, 0);
}

int kreloc_list_adopt(struct kreloc_list *list, uint64_t head,
		      uint64_t page_size, const struct kreloc_host *host)
{
	if (host && !host->phys_to_virt) {
		return KRELOC_E_INVAL;	/* kreloc_install() must walk it */
	}
	int e = list_init(list, head, page_size, host, 1);

	if (!e) {
		list->adopted = 1;
	}
	return e;
}

/* A page from the host's allocator, checked. */
static int list_alloc(const struct kreloc_list *list, struct kreloc_page *page)
{
	if (list->host->alloc(list->host->ctx, list->page_size, page)) {
		return KRELOC_E_NOMEM;
	}
	if (!page->va || !kreloc_is_aligned(page->pa, list->page_size)) {
		return KRELOC_E_ALLOC_ALIGN;
	}
	return KRELOC_OK;
}

/* Start a new list page; the previous one, if any, is complete. */
static int list_new_page(struct kreloc_list *list)
{
	struct kreloc_page page;
	int err = list_alloc(list, &page);

	if (err) {
		return err;
	}
	if (list->page) {
		*list->slot = page.pa | KRELOC_ENTRY_INDIRECTION;
		kreloc_clean_to_poc(list->page, list->page_size);
	} else {
		list->head = page.pa | KRELOC_ENTRY_INDIRECTION;
	}
	list->page = page.va;
	list->slot = page.va;
	list->last = list->page + list->page_size / sizeof(uint64_t) - 1;
	list->nr_pages++;
	return KRELOC_OK;
}

/* Append one entry, keeping the last slot of each page for the link. */
static int list_put(struct kreloc_list *list, uint64_t entry)
{
	int err;

	if (!list->page || list->slot == list->last) {
		err = list_new_page(list);
		if (err) {
			return err;
		}
	}
	*list->slot++ = entry;
	return KRELOC_OK;
}

/* One page op at dest: DESTINATION first unless dest follows on. */
static int list_page_op(struct kreloc_list *list, kreloc_pa_t dest,
			uint64_t entry)
{
	int err = KRELOC_OK;

	if (dest != list->dest) {
		err = list_put(list, dest | KRELOC_ENTRY_DESTINATION);
	}
	if (!err) {
		err = list_put(list, entry);
	}
	list->dest = dest + list->page_size;
	return err;
}

/* A page of data shorter than the page: copy it, zero the rest. */
static int list_bounce(struct kreloc_list *list, const void *from,
		       uint64_t len, uint64_t *entry)
{
	struct kreloc_page page;
	int err = list_alloc(list, &page);

	if (err) {
		return err;
	}
	list->bounce[list->nr_bounce++] = page.pa;	/* room checked */
	__builtin_memcpy(page.va, from, len);
	__builtin_memset((char *)page.va + len, 0, list->page_size - len);
	kreloc_clean_to_poc(page.va, list->page_size);
	*entry = page.pa | KRELOC_ENTRY_SOURCE;
	return KRELOC_OK;
}

/* Only the allocator can fail here: the arguments were checked. */
static int list_add_pages(struct kreloc_list *list,
			  const struct kreloc_segment *seg, const void *partial)
{
	uint64_t off, ps = list->page_size, entry;
	int err;

	for (off = 0; off < seg->memsz; off += ps) {
		if (off >= seg->bufsz) {
			entry = KRELOC_ENTRY_ZERO;
		} else if (seg->bufsz - off < ps) {
			err = list_bounce(list, partial, seg->bufsz - off,
					  &entry);
			if (err) {
				return err;
			}
		} else if (seg->src == seg->dest) {
			entry = KRELOC_ENTRY_CLEAN;	/* already in place */
		} else {
			entry = (seg->src + off) | KRELOC_ENTRY_SOURCE;
		}
		err = list_page_op(list, seg->dest + off, entry);
		if (err) {
			return err;
		}
		list->undigested++;
	}
	return KRELOC_OK;
}

/*
 * Everything kreloc_list_add() refuses, before anything is taken or
 * written; *partial gets the partial page's data, if there is one.
 */
static int list_check_segment(const struct kreloc_list *list,
			      const struct kreloc_segment *seg,
			      const void **partial)
{
	uint64_t ps;

	*partial = NULL;
	if (!list || !seg || !list->host) {
		return KRELOC_E_INVAL;
	}
	if (list->spoiled) {
		return list->spoiled;
	}
	if (list->finished) {
		return KRELOC_E_LIST_DONE;
	}
	ps = list->page_size;
	if (seg->memsz < seg->bufsz ||
	    (seg->bufsz % ps && !list->host->phys_to_virt)) {
		return KRELOC_E_INVAL;
	}
	if (!kreloc_is_aligned(seg->dest | seg->src | seg->memsz, ps)) {
		return KRELOC_E_ALIGN;
	}
	if (!kreloc_no_wrap(seg->dest, seg->memsz) ||
	    !kreloc_no_wrap(seg->src, seg->bufsz)) {
		return KRELOC_E_WRAP;
	}
	if (seg->bufsz % ps) {		/* the one page that needs a bounce */
		if (list->nr_bounce == KRELOC_MAX_BOUNCE) {
			return KRELOC_E_TOO_MANY_BOUNCE;
		}
		*partial = list->host->phys_to_virt(list->host->ctx,
				seg->src + (seg->bufsz & ~(ps - 1)));
		if (!*partial) {
			return KRELOC_E_INVAL;
		}
	}
	return KRELOC_OK;
}

/*
 * From here on pages are written as they come; an allocator failure
 * cannot be rolled back without dropping written pages from the plan,
 * so it spoils the list.
 */
static int list_spoil(struct kreloc_list *list, int err)
{
	if (err) {
		list->spoiled = err;
	}
	return err;
}

int kreloc_list_add(struct kreloc_list *list, const struct kreloc_segment *seg)
{
	const void *partial;
	int err = list_check_segment(list, seg, &partial);

	if (err) {
		return err;
	}
	err = list_spoil(list, list_add_pages(list, seg, partial));
	if (!err) {
		list->nr_segments++;
	}
	return err;
}

/* --- verified segments ---------------------------------------------------- */

/* Bytes of data of the segment's page at off (0 for a ZERO page). */
static uint64_t page_data(const struct kreloc_list *list,
			  const struct kreloc_segment *seg, uint64_t off)
{
	uint64_t left = off < seg->bufsz ? seg->bufsz - off : 0;

	return left < list->page_size ? left : list->page_size;
}

/* The host's pointer to the segment's data at off (bufsz > off). */
static const uint8_t *page_src(const struct kreloc_list *list,
			       const struct kreloc_segment *seg, uint64_t off)
{
	return list->host->phys_to_virt(list->host->ctx, seg->src + off);
}

/*
 * The page check (<kreloc/abi.h>): the sum of the page's little-endian
 * 32-bit words, of len bytes of data and zeroes after them.
 */
static uint32_t page_check(const uint8_t *p, uint64_t len)
{
	uint32_t sum = 0;
	uint64_t i = 0;

	if (!((uintptr_t)p & 3)) {
		const uint32_t *w = (const uint32_t *)(const void *)p;

		for (; i + 4 <= len; i += 4) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			sum += __builtin_bswap32(w[i / 4]);
#else
			sum += w[i / 4];
#endif
		}
	}
	for (; i < len; i++) {		/* unaligned, or the partial word */
		sum += (uint32_t)p[i] << (8 * (i & 3));
	}
	return sum;
}

/* The SHA-256 of the memsz bytes the segment places. */
static void segment_digest(const struct kreloc_list *list,
			   const struct kreloc_segment *seg,
			   uint8_t out[KRELOC_SHA256_SIZE])
{
	static const uint8_t zeroes[256];
	struct kreloc_sha256 ctx;
	uint64_t off, len;

	kreloc_sha256_init(&ctx);
	for (off = 0; off < seg->bufsz; off += len) {
		len = page_data(list, seg, off);
		kreloc_sha256_update(&ctx, page_src(list, seg, off), len);
	}
	for (off = seg->bufsz; off < seg->memsz; off += len) {
		len = seg->memsz - off < sizeof(zeroes) ? seg->memsz - off :
			sizeof(zeroes);
		kreloc_sha256_update(&ctx, zeroes, len);
	}
	kreloc_sha256_final(&ctx, out);
}

/*
 * The segment's page checks, KRELOC_DIGEST_CHECKS a block, each block
 * linked from the last 8 bytes of the one before; *first gets the first
 * block's PA (0 for a segment without pages). Only the allocator fails.
 */
static int list_checks(struct kreloc_list *list,
		       const struct kreloc_segment *seg, kreloc_pa_t *first)
{
	uint64_t ps = list->page_size, per = KRELOC_DIGEST_CHECKS(ps);
	uint64_t off = 0, i, len;
	uint32_t *block = NULL;
	uint64_t *link = first;
	struct kreloc_page page;
	int err;

	*first = 0;
	while (off < seg->memsz) {
		err = list_alloc(list, &page);
		if (err) {
			return err;
		}
		list->nr_check_pages++;
		*link = page.pa;		/* the block before, or *first */
		if (block) {
			kreloc_clean_to_poc(block, ps);
		}
		block = page.va;
		__builtin_memset(block, 0, ps);
		for (i = 0; i < per && off < seg->memsz; i++, off += ps) {
			len = page_data(list, seg, off);
			block[i] = len ? page_check(page_src(list, seg, off),
						    len) : 0;
		}
		link = (uint64_t *)(void *)((uint8_t *)block + ps - 8);
	}
	if (block) {
		kreloc_clean_to_poc(block, ps);	/* its link stays 0 */
	}
	return KRELOC_OK;
}

/* The DIGEST entry and its words, all in one list page. */
static int list_digest(struct kreloc_list *list, const uint8_t *digest,
		       kreloc_pa_t checks)
{
	uint64_t words[KRELOC_DIGEST_WORDS];
	unsigned i;
	int err;

	if (list->page && list->last - list->slot <= KRELOC_DIGEST_WORDS) {
		err = list_new_page(list);	/* links from the next slot */
		if (err) {
			return err;
		}
	}
	err = list_put(list, (uint64_t)list->nr_segments <<
				     KRELOC_DIGEST_SEG_SHIFT |
			     KRELOC_ENTRY_DIGEST);
	if (err) {
		return err;
	}
	__builtin_memcpy(words, digest, KRELOC_SHA256_SIZE);
	words[4] = checks;
	for (i = 0; i < KRELOC_DIGEST_WORDS; i++) {
		*list->slot++ = words[i];	/* room made above */
	}
	return KRELOC_OK;
}

int kreloc_list_add_verified(struct kreloc_list *list,
			     const struct kreloc_segment *seg,
			     const uint8_t *digest)
{
	uint8_t own[KRELOC_SHA256_SIZE];
	const void *partial;
	kreloc_pa_t checks;
	uint64_t off;
	int err = list_check_segment(list, seg, &partial);

	if (err) {
		return err;
	}
	if (!list->host->phys_to_virt) {
		return KRELOC_E_INVAL;
	}
	if (list->undigested) {
		return KRELOC_E_DIGEST;	/* they would be hashed as ours */
	}
	for (off = 0; off < seg->bufsz; off += list->page_size) {
		if (!page_src(list, seg, off)) {
			return KRELOC_E_INVAL;
		}
	}
	/* Read the data before any page is written: an allocator that hands
	 * out a page of it then shows as a mismatch at the stub. */
	if (!digest) {
		segment_digest(list, seg, own);
		digest = own;
	}
	err = list_add_pages(list, seg, partial);
	if (!err) {
		err = list_checks(list, seg, &checks);
	}
	if (!err) {
		err = list_digest(list, digest, checks);
	}
	if (list_spoil(list, err)) {
		return err;
	}
	list->undigested = 0;
	list->nr_segments++;
	return KRELOC_OK;
}

int kreloc_list_finish(struct kreloc_list *list)
{
	if (!list || !list->host) {
		return KRELOC_E_INVAL;
	}
	if (list->spoiled) {
		return list->spoiled;
	}
	if (list->finished) {
		return KRELOC_E_LIST_DONE;
	}
	list->finished = 1;
	if (!list->page) {
		return KRELOC_OK;	/* head stays DONE */
	}
	/* The slot kept for the link takes DONE if the page is full. */
	*list->slot = KRELOC_ENTRY_DONE;
	kreloc_clean_to_poc(list->page, list->page_size);
	return KRELOC_OK;
}
