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
	if (!err) {
		list->undigested++;	/* until a DIGEST covers it */
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
	}
	return KRELOC_OK;
}

/* The state every adding call checks first. */
static int list_check_open(const struct kreloc_list *list)
{
	if (list->spoiled) {
		return list->spoiled;
	}
	return list->finished ? KRELOC_E_LIST_DONE : KRELOC_OK;
}

/*
 * What kreloc_list_add(), kreloc_list_add_verified() and
 * kreloc_list_plan() refuse in a segment before taking or writing
 * anything; *partial: the partial last page's data, if any.
 */
static int list_check_seg(const struct kreloc_list *list,
			  const struct kreloc_segment *seg, const void **partial)
{
	uint64_t ps = list->page_size;

	*partial = NULL;
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
		*partial = list->host->phys_to_virt(list->host->ctx,
				seg->src + (seg->bufsz & ~(ps - 1)));
		if (!*partial) {
			return KRELOC_E_INVAL;
		}
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
	int err;

	*partial = NULL;
	if (!list || !seg || !list->host) {
		return KRELOC_E_INVAL;
	}
	err = list_check_open(list);
	if (!err) {
		err = list_check_seg(list, seg, partial);
	}
	if (!err && *partial && list->nr_bounce == KRELOC_MAX_BOUNCE) {
		err = KRELOC_E_TOO_MANY_BOUNCE;
	}
	return err;
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
 * Take the next block of page checks: link it from *link (the block
 * before, or the DIGEST's first), close the block before. Only the
 * allocator fails.
 */
static int check_block_next(struct kreloc_list *list, uint32_t **block,
			    uint64_t **link)
{
	uint64_t ps = list->page_size;
	struct kreloc_page page;
	int err = list_alloc(list, &page);

	if (err) {
		return err;
	}
	list->nr_check_pages++;
	**link = page.pa;
	if (*block) {
		kreloc_clean_to_poc(*block, ps);
	}
	*block = page.va;
	__builtin_memset(*block, 0, ps);
	*link = (uint64_t *)(void *)((uint8_t *)*block + ps - 8);
	return KRELOC_OK;
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
	int err;

	*first = 0;
	while (off < seg->memsz) {
		err = check_block_next(list, &block, &link);
		if (err) {
			return err;
		}
		for (i = 0; i < per && off < seg->memsz; i++, off += ps) {
			len = page_data(list, seg, off);
			block[i] = len ? page_check(page_src(list, seg, off),
						    len) : 0;
		}
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

/*
 * Before a verified segment (or plan) takes anything: the host can read
 * every source page, and no plain page ops wait for a DIGEST (they would
 * be hashed as these segments').
 */
static int verified_ready(const struct kreloc_list *list,
			  const struct kreloc_segment *segs, size_t nr)
{
	uint64_t off;
	size_t i;

	if (!list->host->phys_to_virt) {
		return KRELOC_E_INVAL;
	}
	if (list->undigested) {
		return KRELOC_E_DIGEST;
	}
	for (i = 0; i < nr; i++) {
		for (off = 0; off < segs[i].bufsz; off += list->page_size) {
			if (!page_src(list, &segs[i], off)) {
				return KRELOC_E_INVAL;
			}
		}
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
	int err = list_check_segment(list, seg, &partial);

	if (!err) {
		err = verified_ready(list, seg, 1);
	}
	if (err) {
		return err;
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

/*
 * The planner for overlapping segments. The pages that are copied (full
 * pages of data whose source is not their destination) form a partial
 * map: destination page x takes the value of page src(x). A page is read
 * by at most one copy (sources may not overlap) and written by at most
 * one (destinations may not), so the pages form chains and cycles. A page
 * may be written only after its reader ran: a chain is emitted from its
 * end, the page nothing reads, back to its start, the page nothing writes;
 * a cycle needs one page of room, the bounce page. Everything else reads
 * nothing while the stub runs and goes last.
 */
struct piece {
	kreloc_pa_t dest, src;
	uint64_t len;			/* full pages, src != dest */
};

#define PLAN_STACK	(2 * KRELOC_PLAN_MAX_SEGS + 2)

struct planner {
	struct kreloc_list *list;
	const struct kreloc_segment *segs;
	size_t nr_segs;
	struct piece by_dest[KRELOC_PLAN_MAX_SEGS];	/* sorted by dest */
	const struct piece *by_src[KRELOC_PLAN_MAX_SEGS]; /* ... by src */
	size_t n;
	struct span {
		kreloc_pa_t pa;
		uint64_t len;
	} stack[PLAN_STACK];		/* chains still to follow */
};

/* The first index whose key is above x, keys sorted ascending. */
static size_t plan_upper(const struct planner *pl, kreloc_pa_t x, int by_src)
{
	size_t lo = 0, hi = pl->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		kreloc_pa_t key = by_src ? pl->by_src[mid]->src :
				  pl->by_dest[mid].dest;

		if (key <= x) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* The copy that writes page x, or NULL. */
static const struct piece *plan_writer(const struct planner *pl, kreloc_pa_t x)
{
	size_t i = plan_upper(pl, x, 0);
	const struct piece *p = i ? &pl->by_dest[i - 1] : NULL;

	return p && x - p->dest < p->len ? p : NULL;
}

/* The copy that reads page x, or NULL. */
static const struct piece *plan_reader(const struct planner *pl, kreloc_pa_t x)
{
	size_t i = plan_upper(pl, x, 1);
	const struct piece *p = i ? pl->by_src[i - 1] : NULL;

	return p && x - p->src < p->len ? p : NULL;
}

/* The first destination (by_src = 0) or source start above x, or limit. */
static kreloc_pa_t plan_next(const struct planner *pl, kreloc_pa_t x,
			     int by_src, kreloc_pa_t limit)
{
	size_t i = plan_upper(pl, x, by_src);
	kreloc_pa_t next;

	if (i == pl->n) {
		return limit;
	}
	next = by_src ? pl->by_src[i]->src : pl->by_dest[i].dest;
	return next < limit ? next : limit;
}

static int plan_op(struct kreloc_list *list, kreloc_pa_t dest, kreloc_pa_t src)
{
	list->nr_plan_copies++;
	return list_page_op(list, dest, src | KRELOC_ENTRY_SOURCE);
}

/* Push the parts of [pa, pa + len) that copies write. */
static int plan_push_written(struct planner *pl, size_t *top, kreloc_pa_t pa,
			     uint64_t len)
{
	kreloc_pa_t end = pa + len, y = pa, stop;
	const struct piece *q;

	while (y < end) {
		q = plan_writer(pl, y);
		if (!q) {
			y = plan_next(pl, y, 0, end);
			continue;
		}
		stop = q->dest + q->len < end ? q->dest + q->len : end;
		/*
		 * A piece boundary inside a stretch splits it; each splits
		 * one stretch once (every page is on one chain, once), so
		 * the stack never holds more than the boundaries, plus one.
		 */
		if (*top == PLAN_STACK) {
			return KRELOC_E_INVAL;
		}
		pl->stack[(*top)++] = (struct span){ y, stop - y };
		y = stop;
	}
	return KRELOC_OK;
}

/*
 * The chains from [pa, pa + len), pages nothing reads, all in one copy:
 * each stretch ascending (one DESTINATION), then the stretch it read from.
 */
static int plan_chains(struct planner *pl, kreloc_pa_t pa, uint64_t len)
{
	uint64_t ps = pl->list->page_size, off;
	size_t top = 0;
	int err;

	pl->stack[top++] = (struct span){ pa, len };
	while (top) {
		kreloc_pa_t a = pl->stack[--top].pa;
		uint64_t w = pl->stack[top].len;
		const struct piece *p = plan_writer(pl, a);
		kreloc_pa_t s = p->src + (a - p->dest);

		for (off = 0; off < w; off += ps) {
			err = plan_op(pl->list, a + off, s + off);
			if (err) {
				return err;
			}
		}
		err = plan_push_written(pl, &top, s, w);
		if (err) {
			return err;
		}
	}
	return KRELOC_OK;
}

/*
 * x is on a cycle and its lowest page: walk both ways around it until
 * one way ends (a chain), finds a lower page, or comes back to x.
 */
static int plan_cycle_lowest(const struct planner *pl, kreloc_pa_t x)
{
	kreloc_pa_t f = x, b = x;
	const struct piece *p;

	for (;;) {
		p = plan_reader(pl, f);		/* forward: who reads f */
		if (!p) {
			return 0;
		}
		f = p->dest + (f - p->src);
		if (f <= x) {
			return f == x;
		}
		p = plan_writer(pl, b);		/* backward: where b comes from */
		if (!p) {
			return 0;
		}
		b = p->src + (b - p->dest);
		if (b <= x) {
			return b == x;
		}
	}
}

/* The bounce page for cycles: taken once, in no segment's pages. */
static int plan_bounce(struct planner *pl)
{
	struct kreloc_list *list = pl->list;
	uint64_t ps = list->page_size;
	struct kreloc_page page;
	size_t i;
	int err;

	if (list->nr_cycle_bounce) {
		return KRELOC_OK;
	}
	err = list_alloc(list, &page);
	if (err) {
		return err;
	}
	list->cycle_bounce = page.pa;
	list->nr_cycle_bounce = 1;
	/* zeroes until the stub writes it: what a verify pass hashes */
	__builtin_memset(page.va, 0, ps);
	kreloc_clean_to_poc(page.va, ps);
	for (i = 0; i < pl->nr_segs; i++) {
		const struct kreloc_segment *sg = &pl->segs[i];

		if (kreloc_overlaps(page.pa, ps, sg->dest, sg->memsz)) {
			return KRELOC_E_CONTROL_IN_DEST;
		}
		if (kreloc_overlaps(page.pa, ps, sg->src, sg->bufsz)) {
			return KRELOC_E_CONTROL_IN_SRC;
		}
	}
	return KRELOC_OK;
}

/* The cycle through x, its lowest page: x to the bounce page, the rest
 * moved along, the bounce page into the page that read x. */
static int plan_cycle(struct planner *pl, kreloc_pa_t x)
{
	struct kreloc_list *list = pl->list;
	kreloc_pa_t c = x, s;
	const struct piece *p;
	int err = plan_bounce(pl);

	if (!err) {
		err = plan_op(list, list->cycle_bounce, x);
	}
	while (!err) {
		p = plan_writer(pl, c);
		s = p->src + (c - p->dest);
		if (s == x) {
			return plan_op(list, c, list->cycle_bounce);
		}
		err = plan_op(list, c, s);
		c = s;
	}
	return err;
}

/* The pages that read nothing while the stub runs, segment by segment. */
static int plan_rest(struct planner *pl, const void *const *partial)
{
	struct kreloc_list *list = pl->list;
	uint64_t ps = list->page_size, off, entry;
	size_t i;
	int err;

	for (i = 0; i < pl->nr_segs; i++) {
		const struct kreloc_segment *sg = &pl->segs[i];

		for (off = 0; off < sg->memsz; off += ps) {
			if (off >= sg->bufsz) {
				entry = KRELOC_ENTRY_ZERO;
			} else if (sg->bufsz - off < ps) {
				err = list_bounce(list, partial[i],
						  sg->bufsz - off, &entry);
				if (err) {
					return err;
				}
			} else if (sg->src == sg->dest) {
				entry = KRELOC_ENTRY_CLEAN;
			} else {
				continue;		/* copied */
			}
			err = list_page_op(list, sg->dest + off, entry);
			if (err) {
				return err;
			}
		}
	}
	return KRELOC_OK;
}

/* Chains from every page nothing reads, then every cycle, then the rest. */
static int plan_emit(struct planner *pl, const void *const *partial)
{
	uint64_t ps = pl->list->page_size;
	kreloc_pa_t x, end, y;
	size_t i;
	int err = KRELOC_OK;

	for (i = 0; !err && i < pl->n; i++) {
		const struct piece *p = &pl->by_dest[i];

		for (x = p->dest, end = p->dest + p->len; !err && x < end;
		     x = y) {
			const struct piece *r = plan_reader(pl, x);

			if (r) {
				y = r->src + r->len < end ? r->src + r->len : end;
				continue;
			}
			y = plan_next(pl, x, 1, end);
			err = plan_chains(pl, x, y - x);
		}
	}
	for (i = 0; !err && i < pl->n; i++) {
		const struct piece *p = &pl->by_dest[i];

		for (x = p->dest; !err && x < p->dest + p->len; x += ps) {
			if (plan_reader(pl, x) && plan_cycle_lowest(pl, x)) {
				err = plan_cycle(pl, x);
			}
		}
	}
	return err ? err : plan_rest(pl, partial);
}

/* Checks before anything is written; fills pl's copies, sorted twice. */
static int plan_check(struct planner *pl, const void **partial)
{
	struct kreloc_list *list = pl->list;
	uint64_t ps = list->page_size;
	size_t i, j, nr_partial = 0;
	int err;

	for (i = 0; i < pl->nr_segs; i++) {
		const struct kreloc_segment *sg = &pl->segs[i];
		uint64_t full = sg->bufsz & ~(ps - 1);

		err = list_check_seg(list, sg, &partial[i]);
		if (err) {
			return err;
		}
		nr_partial += partial[i] != NULL;
		for (j = 0; j < i; j++) {
			if (kreloc_overlaps(sg->dest, sg->memsz,
					    pl->segs[j].dest, pl->segs[j].memsz)) {
				return KRELOC_E_DEST_OVERLAP;
			}
		}
		if (!full || sg->src == sg->dest) {
			continue;
		}
		/* insertion by dest: at most KRELOC_PLAN_MAX_SEGS */
		for (j = pl->n; j && pl->by_dest[j - 1].dest > sg->dest; j--) {
			pl->by_dest[j] = pl->by_dest[j - 1];
		}
		pl->by_dest[j] = (struct piece){ sg->dest, sg->src, full };
		pl->n++;
	}
	if (nr_partial > KRELOC_MAX_BOUNCE - list->nr_bounce) {
		return KRELOC_E_TOO_MANY_BOUNCE;
	}
	for (i = 0; i < pl->n; i++) {
		const struct piece *p = &pl->by_dest[i];

		for (j = i; j && pl->by_src[j - 1]->src > p->src; j--) {
			pl->by_src[j] = pl->by_src[j - 1];
		}
		pl->by_src[j] = p;
		if (j && kreloc_overlaps(p->src, p->len, pl->by_src[j - 1]->src,
					 pl->by_src[j - 1]->len)) {
			return KRELOC_E_SRC_SHARED;
		}
		if (j < i && kreloc_overlaps(p->src, p->len,
					     pl->by_src[j + 1]->src,
					     pl->by_src[j + 1]->len)) {
			return KRELOC_E_SRC_SHARED;
		}
	}
	return KRELOC_OK;
}

/* Everything kreloc_list_plan() refuses before writing anything. */
static int plan_args(const struct kreloc_list *list,
		     const struct kreloc_segment *segs, size_t nr)
{
	if (!list || (!segs && nr) || !list->host) {
		return KRELOC_E_INVAL;
	}
	return nr > KRELOC_PLAN_MAX_SEGS ? KRELOC_E_INVAL :
					   list_check_open(list);
}

/* The plan, segment numbers aside; a failure after a write spoils it. */
static int plan_run(struct kreloc_list *list,
		    const struct kreloc_segment *segs, size_t nr)
{
	struct planner pl;
	const void *partial[KRELOC_PLAN_MAX_SEGS];
	int err;

	__builtin_memset(&pl, 0, sizeof(pl));
	pl.list = list;
	pl.segs = segs;
	pl.nr_segs = nr;
	err = plan_check(&pl, partial);
	if (err) {
		return err;
	}
	/* From here on pages are written: a failure spoils the list. */
	return list_spoil(list, plan_emit(&pl, partial));
}

int kreloc_list_plan(struct kreloc_list *list,
		     const struct kreloc_segment *segs, size_t nr)
{
	int err = plan_args(list, segs, nr);

	if (!err) {
		err = plan_run(list, segs, nr);
	}
	if (!err) {
		list->nr_segments += nr;	/* numbered as if added in turn */
	}
	return err;
}

/*
 * The n page ops a plan wrote, from slot p on (NULL: the list's first),
 * the first landing at dest unless a DESTINATION says otherwise: hashed
 * in list order as the stub's verify pass reads them (every source as
 * it is before the copy, zeroes for ZERO), their checks in blocks from
 * the allocator (*first: the first block's PA). Only the allocator
 * fails, or phys_to_virt without a pointer for a page.
 */
static int plan_digest(struct kreloc_list *list, const uint64_t *p,
		       kreloc_pa_t dest, uint64_t n, uint8_t *digest,
		       kreloc_pa_t *first)
{
	static const uint8_t zeroes[256];
	const struct kreloc_host *h = list->host;
	uint64_t ps = list->page_size, per = KRELOC_DIGEST_CHECKS(ps);
	uint64_t i = per, off;
	uint64_t *link = first;
	uint32_t *block = NULL;
	struct kreloc_sha256 ctx;
	int err;

	*first = 0;
	kreloc_sha256_init(&ctx);
	if (!p && n) {
		p = h->phys_to_virt(h->ctx, list->head & ~(ps - 1));
	}
	while (n) {
		uint64_t e = *p++;
		const uint8_t *data = NULL;

		if (e & KRELOC_ENTRY_INDIRECTION) {
			p = h->phys_to_virt(h->ctx, e & ~(ps - 1));
			if (!p) {
				return KRELOC_E_INVAL;
			}
			continue;
		}
		if (e & KRELOC_ENTRY_DESTINATION) {
			dest = e & ~(ps - 1);
			continue;
		}
		if (!(e & KRELOC_ENTRY_PAGE_OPS)) {
			continue;
		}
		if (!(e & KRELOC_ENTRY_ZERO)) {
			data = h->phys_to_virt(h->ctx, e & KRELOC_ENTRY_SOURCE ?
					       e & ~(ps - 1) : dest);
			if (!data) {
				return KRELOC_E_INVAL;
			}
			kreloc_sha256_update(&ctx, data, ps);
		}
		for (off = 0; !data && off < ps; off += sizeof(zeroes)) {
			kreloc_sha256_update(&ctx, zeroes, sizeof(zeroes));
		}
		if (i == per) {			/* a new block of checks */
			err = check_block_next(list, &block, &link);
			if (err) {
				return err;
			}
			i = 0;
		}
		block[i++] = data ? page_check(data, ps) : 0;
		dest += ps;
		n--;
	}
	if (block) {
		kreloc_clean_to_poc(block, ps);	/* its link stays 0 */
	}
	kreloc_sha256_final(&ctx, digest);
	return KRELOC_OK;
}

int kreloc_list_plan_verified(struct kreloc_list *list,
			      const struct kreloc_segment *segs, size_t nr)
{
	uint8_t digest[KRELOC_SHA256_SIZE];
	const uint64_t *from;
	kreloc_pa_t dest, checks;
	int err = plan_args(list, segs, nr);

	if (!err) {
		err = verified_ready(list, segs, nr);
	}
	if (err) {
		return err;
	}
	from = list->page ? list->slot : NULL;
	dest = list->dest;
	err = plan_run(list, segs, nr);
	if (err) {
		return err;
	}
	err = plan_digest(list, from, dest, list->undigested, digest, &checks);
	if (!err) {
		err = list_digest(list, digest, checks);
	}
	if (list_spoil(list, err)) {
		return err;
	}
	list->undigested = 0;
	list->nr_segments += nr;
	return KRELOC_OK;
}
