// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The plan checker: everything the stub will do, decided before the point
 * of no return. It walks the entry list exactly as the stub will (so a
 * list adopted from elsewhere is held to the same rules as one kreloc
 * built) and checks each rule of the contract with its own error.
 *
 * Every page kreloc wrote before this point is a control page: the stub
 * page, the argument block and status record, the table pages, and, for a
 * list kreloc built, every list page and bounce page it took from the
 * allocator (it checks that the list still reaches all of them). A page
 * written at plan time that lies in a destination or in source data would
 * change the image without the stub doing anything wrong.
 *
 * DIGEST entries (KRELOC_F_VERIFY) are walked as the stub walks them: the
 * entry, then KRELOC_DIGEST_WORDS words of data, never entries. Their
 * page-check blocks are control pages too.
 */
#include "util.h"
#include "internal.h"

#define DTB_MAX		(UINT64_C(2) << 20)	/* booting.rst: 2 MiB, and the
						   region mapped around it */

struct run {
	kreloc_pa_t base, end;
};

struct checker {
	const struct kreloc_list *list;
	kreloc_pa_t stub, args, status;		/* control blocks */
	kreloc_pa_t park;			/* park area, park_size bytes */
	uint64_t park_size;			/* 0: none */
	const struct kreloc_idmap *map;
	const struct kreloc_host *host;
	struct kreloc_error *err;
	uint64_t pa_limit;
	struct run runs[KRELOC_MAX_RUNS];	/* destinations so far */
	size_t nr_runs;
	struct kreloc_leaf leaf;		/* last lookup, cached */
	int have_leaf;
	size_t list_pages;			/* pass 2: list pages seen */
	unsigned bounce_reads[KRELOC_MAX_BOUNCE]; /* SOURCEs naming each */
	int verify;				/* KRELOC_F_VERIFY */
	int chains;				/* check the page-check blocks */
	uint64_t undigested;			/* page ops since a DIGEST */
	kreloc_pa_t first_undigested;		/* ... the first one's dest */
	size_t check_pages;			/* pass 2: check blocks seen */
	int cycle_full;		/* the cycle bounce page holds an unread value */
	size_t cycle_uses;	/* ... values written to it */
	/*
	 * When the destinations written so far do not fit in runs[] (a cycle
	 * whose writes jump around), the written set is checked a window of
	 * win_pages pages at a time instead (check_windows()): then runs[]
	 * holds the final destinations and each page op's verdict is known
	 * by its index in the list.
	 */
	int windowed;
	uint64_t op_index;		/* page ops walked so far */
	uint64_t stop_at;		/* a window pass walks this many */
	uint64_t clob_at, dest_at;	/* the first page op whose source was
					   written, whose destination was */
	kreloc_pa_t clob_other, dest_other;	/* ... the written piece */
	kreloc_pa_t win_base, win_end;	/* the window's pages */
	kreloc_pa_t win_next;		/* the lowest destination above it */
	uint64_t *win_bits;		/* a bit a page: written */
	uint64_t win_pages;		/* ... this many bits */
	uint64_t *lent;			/* list->check_bits, if they are used */
	size_t lent_words;		/* ... this many words of them */
	int lent_check;			/* pass 1: check them apart */
};

/* 1 KiB of bits on the stack, unless the caller lent more
 * (list->check_bits); the fuzzer's build makes it 1 to walk many windows */
#ifndef KRELOC_CHECK_WINDOW_WORDS
#define KRELOC_CHECK_WINDOW_WORDS	128
#endif
#define WIN_WORDS	KRELOC_CHECK_WINDOW_WORDS
#define NO_OP		UINT64_MAX

/*
 * The bits a caller lent (list->check_bits) are zeroed and written while
 * the list is read again: they must hold nothing the plan reads (a list
 * page, a check block, a source or a page in place, a table page). Is
 * the host's pointer to [pa, pa + size), if it has one, apart from them?
 */
static int lent_apart(struct checker *c, kreloc_pa_t pa, const void *va,
		      uint64_t size)
{
	uintptr_t lo = (uintptr_t)c->lent, hi = lo + c->lent_words * 8;
	uintptr_t v;

	if (!c->lent_check) {
		return KRELOC_OK;
	}
	v = (uintptr_t)(va ? va : c->host->phys_to_virt(c->host->ctx, pa));
	if (v && v < hi && lo < v + size) {
		return kreloc_fail(c->err, KRELOC_E_INVAL, pa,
				   (kreloc_pa_t)lo, size);
	}
	return KRELOC_OK;
}

/* Where in the runs is [pa, pa + size)? The run index, or -1. */
static int runs_overlap(const struct checker *c, kreloc_pa_t pa, uint64_t size)
{
	size_t i;

	for (i = 0; i < c->nr_runs; i++) {
		if (kreloc_overlaps(pa, size, c->runs[i].base,
				    c->runs[i].end - c->runs[i].base)) {
			return (int)i;
		}
	}
	return -1;
}

#define NO_ADDR		UINT64_MAX

/*
 * The first address of [pa, pa + size) that c->map does not map as Normal
 * RAM (executable too, if exec), or NO_ADDR. The last leaf looked up is
 * kept, since the checks walk mostly upwards.
 */
static kreloc_pa_t unmapped(struct checker *c, kreloc_pa_t pa, uint64_t size,
			    int exec)
{
	kreloc_pa_t p;

	for (p = pa; p < pa + size; p = c->leaf.end) {
		if (!c->have_leaf || p < c->leaf.base || p >= c->leaf.end) {
			c->have_leaf = kreloc_idmap_lookup(c->map, p, &c->leaf);
		}
		if (!c->have_leaf || c->leaf.attr != KRELOC_ATTR_NORMAL ||
		    (exec && !c->leaf.exec)) {
			return p;
		}
	}
	return NO_ADDR;
}

/* [pa, pa + size) is inside the CPU's PA range, and mapped if it must be. */
static int check_reach(struct checker *c, kreloc_pa_t pa, uint64_t size,
		       int must_map)
{
	kreloc_pa_t p;

	if (!kreloc_no_wrap(pa, size)) {
		return kreloc_fail(c->err, KRELOC_E_WRAP, pa, 0, size);
	}
	if (pa + size > c->pa_limit) {
		return kreloc_fail(c->err, KRELOC_E_PA_RANGE, pa, c->pa_limit,
				   size);
	}
	if (must_map && c->map && (p = unmapped(c, pa, size, 0)) != NO_ADDR) {
		return kreloc_fail(c->err, KRELOC_E_NOT_MAPPED, p, pa, size);
	}
	return KRELOC_OK;
}

/* With a map, the stub runs from it: its whole region must be executable. */
static int check_stub_exec(struct checker *c, kreloc_pa_t stub)
{
	kreloc_pa_t p;

	if (c->map && (p = unmapped(c, stub, KRELOC_BLOB_SIZE, 1)) != NO_ADDR) {
		return kreloc_fail(c->err, KRELOC_E_STUB_NOT_EXEC, stub, p,
				   KRELOC_BLOB_SIZE);
	}
	return KRELOC_OK;
}

/*
 * booting.rst: Linux maps the DTB with cacheable blocks of up to 2 MiB, so
 * the whole 2 MiB-aligned region around it must be RAM that may be mapped
 * so. With a map, that means all of it Normal RAM of the map (a device
 * range or a hole there would be mapped cacheable by the new kernel).
 */
static int check_dtb_region(struct checker *c, kreloc_pa_t dtb)
{
	kreloc_pa_t p;

	if (c->map && (p = unmapped(c, dtb & ~(DTB_MAX - 1), DTB_MAX, 0)) !=
		      NO_ADDR) {
		return kreloc_fail(c->err, KRELOC_E_DTB_REGION, dtb, p,
				   DTB_MAX);
	}
	return KRELOC_OK;
}

/*
 * A source page the host's allocator also handed out as a control page
 * has been overwritten already. Checked against the stub, argument block,
 * status record, park area, tables and the list page being read; not
 * against every
 * other list page, which would cost a pass over the list per page.
 */
static int check_src_not_control(const struct checker *c, kreloc_pa_t src,
				 kreloc_pa_t list_page)
{
	uint64_t ps = c->list->page_size;
	kreloc_pa_t hit = 0;
	size_t i;

	if (kreloc_overlaps(src, ps, c->stub, KRELOC_BLOB_SIZE)) {
		hit = c->stub;
	} else if (kreloc_overlaps(src, ps, c->args, sizeof(struct kreloc_args))) {
		hit = c->args;
	} else if (kreloc_overlaps(src, ps, c->status,
				   sizeof(struct kreloc_status))) {
		hit = c->status;
	} else if (kreloc_overlaps(src, ps, c->park, c->park_size)) {
		hit = c->park;
	} else if (kreloc_overlaps(src, ps, list_page, ps)) {
		hit = list_page;
	}
	for (i = 0; !hit && c->map && i < c->map->nr_pages; i++) {
		if (kreloc_overlaps(src, ps, c->map->pages[i].pa,
				    c->map->granule)) {
			hit = c->map->pages[i].pa;
		}
	}
	return hit ? kreloc_fail(c->err, KRELOC_E_CONTROL_IN_SRC, src, hit, ps)
		   : KRELOC_OK;
}

/*
 * A bounce page is the source of exactly one page op, its own. Named
 * twice, the other source was overwritten when the bounce page was
 * written (both are page aligned: overlap means equal).
 */
static int check_src_bounce(struct checker *c, kreloc_pa_t src)
{
	size_t i;

	for (i = 0; i < c->list->nr_bounce; i++) {
		if (src == c->list->bounce[i] && c->bounce_reads[i]++) {
			return kreloc_fail(c->err, KRELOC_E_CONTROL_IN_SRC, src,
					   c->list->bounce[i], c->list->page_size);
		}
	}
	return KRELOC_OK;
}

/* A list page shares no byte with a bounce page. */
static int check_list_page_bounce(const struct checker *c, kreloc_pa_t pa)
{
	uint64_t ps = c->list->page_size;
	size_t i;

	for (i = 0; i < c->list->nr_bounce; i++) {
		if (kreloc_overlaps(pa, ps, c->list->bounce[i], ps)) {
			return kreloc_fail(c->err, KRELOC_E_CONTROL_OVERLAP, pa,
					   c->list->bounce[i], ps);
		}
	}
	if (c->list->nr_cycle_bounce &&
	    kreloc_overlaps(pa, ps, c->list->cycle_bounce, ps)) {
		return kreloc_fail(c->err, KRELOC_E_CONTROL_OVERLAP, pa,
				   c->list->cycle_bounce, ps);
	}
	return KRELOC_OK;
}

/*
 * The control blocks must not share bytes: the stub page, the argument
 * block, the status record (which may sit inside the argument block: that
 * is where kreloc_install() puts it by default), the park area, each table
 * page, and (pass 2) each list page. skip: the index of the block being
 * checked in that order (tables from CONTROL_TABLES), or -1.
 */
#define CONTROL_FIXED	4
#define CONTROL_STATUS	2
#define CONTROL_PARK	3
static int check_control_apart(const struct checker *c, kreloc_pa_t pa,
			       uint64_t size, int skip)
{
	const struct kreloc_range fixed[] = {
		{ c->stub, KRELOC_BLOB_SIZE },
		{ c->args, sizeof(struct kreloc_args) },
		{ c->status, sizeof(struct kreloc_status) },
		{ c->park, c->park_size },
	};
	size_t i;

	for (i = 0; i < CONTROL_FIXED; i++) {
		if ((int)i != skip &&
		    kreloc_overlaps(pa, size, fixed[i].base, fixed[i].size)) {
			return kreloc_fail(c->err, KRELOC_E_CONTROL_OVERLAP, pa,
					   fixed[i].base, size);
		}
	}
	for (i = 0; c->map && i < c->map->nr_pages; i++) {
		if ((int)i + CONTROL_FIXED != skip &&
		    kreloc_overlaps(pa, size, c->map->pages[i].pa,
				    c->map->granule)) {
			return kreloc_fail(c->err, KRELOC_E_CONTROL_OVERLAP, pa,
					   c->map->pages[i].pa, size);
		}
	}
	return KRELOC_OK;
}

/*
 * dest joins the runs: it extends one at either end (chains go down as
 * well as up), and two runs it joins become one.
 */
static int run_add(struct checker *c, kreloc_pa_t dest, uint64_t ps)
{
	size_t i, j;

	for (i = c->nr_runs; i-- > 0;) {	/* the last one first */
		if (c->runs[i].end == dest) {
			c->runs[i].end += ps;
			break;
		}
		if (c->runs[i].base == dest + ps) {
			c->runs[i].base = dest;
			break;
		}
	}
	if (i == (size_t)-1) {		/* none to grow */
		if (c->nr_runs == KRELOC_MAX_RUNS) {
			return kreloc_fail(c->err, KRELOC_E_TOO_MANY_RUNS, dest,
					   0, ps);
		}
		c->runs[c->nr_runs++] = (struct run){ dest, dest + ps };
		return KRELOC_OK;
	}
	for (j = 0; j < c->nr_runs; j++) {
		if (j != i && (c->runs[j].base == c->runs[i].end ||
			       c->runs[j].end == c->runs[i].base)) {
			if (c->runs[j].base < c->runs[i].base) {
				c->runs[i].base = c->runs[j].base;
			} else {
				c->runs[i].end = c->runs[j].end;
			}
			c->runs[j] = c->runs[--c->nr_runs];
			break;
		}
	}
	return KRELOC_OK;
}

/*
 * Was the source of the current page op written before it? In windowed
 * mode the windows found the first page op for which it was.
 */
static int check_src_written(struct checker *c, kreloc_pa_t src)
{
	int i;

	if (c->windowed) {
		if (c->op_index - 1 == c->clob_at) {
			return kreloc_fail(c->err, KRELOC_E_SRC_CLOBBERED, src,
					   c->clob_other, c->list->page_size);
		}
		return KRELOC_OK;
	}
	i = runs_overlap(c, src, c->list->page_size);
	if (i >= 0) {
		return kreloc_fail(c->err, KRELOC_E_SRC_CLOBBERED, src,
				   c->runs[i].base, c->list->page_size);
	}
	return KRELOC_OK;
}

/*
 * The cycle bounce page of kreloc_list_plan(): written by the stub, then
 * read, again and again. Each value written to it must be read exactly
 * once before the next is written: a write over an unread value loses a
 * page (KRELOC_E_SRC_CLOBBERED), a read of no value reads source data the
 * allocator's page sat on (KRELOC_E_CONTROL_IN_SRC). A destination the
 * page sits in shows up as a write too many. 1 if the op touches it.
 */
static int check_cycle_bounce(struct checker *c, uint64_t entry,
			      kreloc_pa_t src, kreloc_pa_t dest,
			      kreloc_pa_t list_page, int *e)
{
	kreloc_pa_t b = c->list->cycle_bounce;
	uint64_t ps = c->list->page_size;
	int reads = (entry & KRELOC_ENTRY_SOURCE) && src == b;

	*e = KRELOC_OK;
	if (!c->list->nr_cycle_bounce || (!reads && dest != b)) {
		return 0;
	}
	if (reads) {
		if (!c->cycle_full || dest == b) {
			*e = kreloc_fail(c->err, KRELOC_E_CONTROL_IN_SRC, src, b,
					 ps);
			return 1;
		}
		c->cycle_full = 0;
		return 0;	/* dest: checked as any other */
	}
	if (c->cycle_full) {
		*e = kreloc_fail(c->err, KRELOC_E_SRC_CLOBBERED, b, dest, ps);
		return 1;
	}
	c->cycle_full = 1;
	c->cycle_uses++;
	if (entry & KRELOC_ENTRY_SOURCE) {	/* what it reads is a source */
		*e = check_reach(c, src, ps, 1);
		if (!*e) {
			*e = check_src_written(c, src);
		}
		if (!*e) {
			*e = check_src_not_control(c, src, list_page);
		}
		if (!*e) {
			*e = check_src_bounce(c, src);
		}
	}
	if (!*e) {
		*e = check_reach(c, dest, ps, 1);
	}
	return 1;
}

/* One page op of the list: a source page (or none) into dest. */
static int check_page_op(struct checker *c, uint64_t entry, kreloc_pa_t src,
			 kreloc_pa_t dest, kreloc_pa_t list_page)
{
	uint64_t ps = c->list->page_size;
	int e, i, from_bounce;

	if (check_cycle_bounce(c, entry, src, dest, list_page, &e)) {
		return e;			/* a write of the bounce page */
	}
	from_bounce = c->list->nr_cycle_bounce &&
		      (entry & KRELOC_ENTRY_SOURCE) &&
		      src == c->list->cycle_bounce;
	e = check_reach(c, dest, ps, 1);
	if (!e && (entry & KRELOC_ENTRY_SOURCE) && !from_bounce) {
		e = check_reach(c, src, ps, 1);
		if (!e) {
			e = check_src_written(c, src);
		}
		if (!e) {
			e = check_src_not_control(c, src, list_page);
		}
		if (!e) {
			e = check_src_bounce(c, src);
		}
		if (!e) {
			e = lent_apart(c, src, 0, ps);
		}
	}
	if (!e && (entry & KRELOC_ENTRY_CLEAN)) {
		e = lent_apart(c, dest, 0, ps);	/* its data is its source */
	}
	if (e) {
		return e;
	}
	if (c->windowed) {
		return c->op_index - 1 == c->dest_at ?
		       kreloc_fail(c->err, KRELOC_E_DEST_OVERLAP, dest,
				   c->dest_other, ps) : KRELOC_OK;
	}
	i = runs_overlap(c, dest, ps);
	if (i >= 0) {
		return kreloc_fail(c->err, KRELOC_E_DEST_OVERLAP, dest,
				   c->runs[i].base, ps);
	}
	return run_add(c, dest, ps);
}

/* A control block: in reach, mapped if the stub uses it with the MMU on,
 * and in no destination. */
static int check_control(struct checker *c, kreloc_pa_t pa, uint64_t size,
			 int must_map)
{
	int e = check_reach(c, pa, size, must_map);
	int i;

	if (e) {
		return e;
	}
	i = runs_overlap(c, pa, size);
	if (i >= 0) {
		return kreloc_fail(c->err, KRELOC_E_CONTROL_IN_DEST, pa,
				   c->runs[i].base, size);
	}
	return KRELOC_OK;
}

/* The words of a DIGEST entry, in the page p at slot i. */
struct digest_words {
	uint64_t entry;
	kreloc_pa_t checks;		/* word 4: the first check block */
};

/*
 * A DIGEST's page checks: ceil(page ops / KRELOC_DIGEST_CHECKS) blocks,
 * each aligned to the list page size, linked through their last 8 bytes,
 * the last link 0 (so no loop), or none at all (word 4 = 0). Pass 1
 * checks the chain's shape and reach, pass 2 each block as a control
 * page, apart from the list page holding the DIGEST (list_page).
 */
static int check_chain(struct checker *c, const struct digest_words *d,
		       kreloc_pa_t list_page, int pages_only)
{
	uint64_t ps = c->list->page_size;
	uint64_t n = (c->undigested + KRELOC_DIGEST_CHECKS(ps) - 1) /
		     KRELOC_DIGEST_CHECKS(ps);
	kreloc_pa_t block = d->checks;
	const uint64_t *v;
	int e;

	if (!block) {
		return KRELOC_OK;		/* no checks given */
	}
	for (; n; n--) {
		if (!block || !kreloc_is_aligned(block, ps)) {
			return kreloc_fail(c->err, KRELOC_E_DIGEST, block,
					   list_page, ps);
		}
		if (pages_only) {
			c->check_pages++;
			e = check_control(c, block, ps, 1);
			if (!e) {
				e = check_control_apart(c, block, ps, -1);
			}
			if (!e) {
				e = check_list_page_bounce(c, block);
			}
			if (!e && block == list_page) {
				e = kreloc_fail(c->err, KRELOC_E_CONTROL_OVERLAP,
						block, list_page, ps);
			}
		} else {
			e = check_reach(c, block, ps, 1);
		}
		if (e) {
			return e;
		}
		v = c->host->phys_to_virt(c->host->ctx, block);
		if (!v) {
			return kreloc_fail(c->err, KRELOC_E_INVAL, block, 0, 0);
		}
		e = lent_apart(c, block, v, ps);
		if (e) {
			return e;
		}
		block = v[ps / 8 - 1];
	}
	if (block || !d->checks) {		/* longer than its pages */
		return kreloc_fail(c->err, KRELOC_E_DIGEST, d->checks,
				   list_page, ps);
	}
	return KRELOC_OK;
}

/*
 * A DIGEST entry at slot i - 1 of the list page p (at list_page): its
 * words inside the page; its checks; it covers the page ops since the
 * last one.
 */
static int check_digest(struct checker *c, const uint64_t *p, uint64_t i,
			kreloc_pa_t list_page, int pages_only)
{
	uint64_t slots = c->list->page_size / 8;
	struct digest_words d;
	int e = KRELOC_OK;

	if ((p[i - 1] & ((UINT64_C(1) << KRELOC_DIGEST_SEG_SHIFT) - 1)) !=
	    KRELOC_ENTRY_DIGEST) {
		return kreloc_fail(c->err, KRELOC_E_LIST_ENTRY, p[i - 1],
				   list_page, 0);
	}
	if (i + KRELOC_DIGEST_WORDS > slots) {
		return kreloc_fail(c->err, KRELOC_E_DIGEST, p[i - 1],
				   list_page, slots - i);
	}
	d.entry = p[i - 1];
	d.checks = p[i + 4];
	if (c->chains) {
		e = check_chain(c, &d, list_page, pages_only);
	}
	c->undigested = 0;
	return e;
}

/* The bit of page pa in the window, which holds it. */
static int win_bit(const struct checker *c, kreloc_pa_t pa, uint64_t set)
{
	uint64_t n = (pa - c->win_base) / c->list->page_size;
	uint64_t *w = &c->win_bits[n / 64], b = UINT64_C(1) << (n % 64);
	int was = !!(*w & b);

	*w |= set ? b : 0;
	return was;
}

/* The first page of the written piece of the window that holds pa. */
static kreloc_pa_t win_piece(const struct checker *c, kreloc_pa_t pa)
{
	while (pa > c->win_base && win_bit(c, pa - c->list->page_size, 0)) {
		pa -= c->list->page_size;
	}
	return pa;
}

/*
 * A page op in a window pass: what check_page_op() checks against the
 * written set, for the pages of the window, by the op's index.
 */
static void window_op(struct checker *c, uint64_t entry, kreloc_pa_t src,
		      kreloc_pa_t dest)
{
	kreloc_pa_t b = c->list->cycle_bounce;
	int cb = !!c->list->nr_cycle_bounce;
	int reads = (entry & KRELOC_ENTRY_SOURCE) && !(cb && src == b);
	uint64_t op = c->op_index - 1;

	if (cb && (entry & KRELOC_ENTRY_SOURCE) && src == b && dest == b) {
		return;			/* refused by pass 1 all the same */
	}
	if (reads && src >= c->win_base && src < c->win_end &&
	    win_bit(c, src, 0) && op < c->clob_at) {
		c->clob_at = op;
		c->clob_other = win_piece(c, src);
	}
	if (cb && dest == b) {
		return;			/* the bounce page: no destination */
	}
	if (dest >= c->win_base && dest < c->win_end) {
		if (win_bit(c, dest, 1) && op < c->dest_at) {
			c->dest_at = op;
			c->dest_other = win_piece(c, dest);
		}
	} else if (dest >= c->win_end && dest < c->win_next) {
		c->win_next = dest;
	}
}

/*
 * A window pass: the first stop_at page ops, which pass 1 walked and
 * found well formed, so only what each entry means matters here.
 */
static void window_walk(struct checker *c)
{
	uint64_t ps = c->list->page_size, entry = c->list->head;
	const uint64_t *p = NULL;
	kreloc_pa_t dest = 0;

	for (c->op_index = 0; c->op_index < c->stop_at; entry = *p++) {
		if (entry & KRELOC_ENTRY_DIGEST) {
			p += KRELOC_DIGEST_WORDS;
		} else if (entry & KRELOC_ENTRY_PAGE_OPS) {
			c->op_index++;
			window_op(c, entry, entry & ~(ps - 1), dest);
			dest += ps;
		} else if (entry & KRELOC_ENTRY_INDIRECTION) {
			p = c->host->phys_to_virt(c->host->ctx,
						  entry & ~(ps - 1));
		} else if (entry & KRELOC_ENTRY_DESTINATION) {
			dest = entry & ~(ps - 1);
		}
	}
}

/*
 * Walk the list as the stub does. Pass 1 (pages_only = 0) checks every
 * page op and collects the destinations; pass 2 (pages_only = 1) checks
 * the list pages themselves against all of them.
 */
static int walk_list(struct checker *c, int pages_only)
{
	const struct kreloc_list *l = c->list;
	uint64_t ps = l->page_size, entry = l->head, slots = ps / 8;
	kreloc_pa_t dest = 0, page = 0, tortoise = UINT64_MAX;	/* no page */
	const uint64_t *p = NULL;
	uint64_t lam = 0, power = 1, i = slots;
	int e = KRELOC_OK;

	if (entry & KRELOC_ENTRY_DONE) {
		return KRELOC_OK;
	}
	if ((entry & (ps - 1)) != KRELOC_ENTRY_INDIRECTION) {
		return kreloc_fail(c->err, KRELOC_E_LIST_ENTRY, entry, 0, 0);
	}
	c->undigested = 0;
	c->op_index = 0;
	for (;;) {
		kreloc_pa_t addr = entry & ~(ps - 1);
		uint64_t flags = entry & (ps - 1);

		/* the stub's paths would differ (a DIGEST's number aside) */
		if (!(entry & KRELOC_ENTRY_DIGEST) && (flags & (flags - 1))) {
			return kreloc_fail(c->err, KRELOC_E_LIST_ENTRY, entry,
					   page, 0);
		}
		if (entry & KRELOC_ENTRY_DIGEST) {
			e = check_digest(c, p, i, page, pages_only);
			if (e) {
				return e;
			}
			i += KRELOC_DIGEST_WORDS;	/* data, not entries */
		} else if (entry & KRELOC_ENTRY_DONE) {
			if (c->verify && c->undigested) {
				return kreloc_fail(c->err, KRELOC_E_DIGEST,
						   c->first_undigested, 0,
						   c->undigested * ps);
			}
			return KRELOC_OK;
		} else if (entry & KRELOC_ENTRY_PAGE_OPS) {
			if (!dest) {		/* the stub would stop here */
				return kreloc_fail(c->err, KRELOC_E_LIST_ENTRY,
						   entry, page, 0);
			}
			c->op_index++;
			if (!pages_only) {
				e = check_page_op(c, entry, addr, dest, page);
				if (e) {
					return e;
				}
			}
			if (!c->undigested++) {
				c->first_undigested = dest;
			}
			dest += ps;
		} else if (entry & KRELOC_ENTRY_INDIRECTION) {
			/* Brent: a page seen twice means a loop. */
			if (addr == tortoise) {
				return kreloc_fail(c->err, KRELOC_E_LIST_LOOP,
						   addr, page, 0);
			}
			if (lam == power) {
				tortoise = addr;
				power *= 2;
				lam = 0;
			}
			lam++;
			if (pages_only) {	/* a list page is a control page */
				c->list_pages++;
				e = check_control(c, addr, ps, 1);
				if (!e) {
					e = check_control_apart(c, addr, ps, -1);
				}
				if (!e) {
					e = check_list_page_bounce(c, addr);
				}
			} else {
				e = check_reach(c, addr, ps, 1);
			}
			if (e) {
				return e;
			}
			p = c->host->phys_to_virt(c->host->ctx, addr);
			if (!p) {
				return kreloc_fail(c->err, KRELOC_E_INVAL, addr,
						   0, 0);
			}
			e = lent_apart(c, addr, p, ps);
			if (e) {
				return e;
			}
			page = addr;
			i = 0;
		} else if (entry & KRELOC_ENTRY_DESTINATION) {
			dest = addr;
		}
		if (i == slots) {		/* read past the page */
			return kreloc_fail(c->err, KRELOC_E_LIST_END, page, 0,
					   ps);
		}
		entry = p[i++];
	}
}

/* The window's written pages join the final destinations in runs[]. */
static int window_runs(struct checker *c)
{
	uint64_t ps = c->list->page_size, n, m;
	kreloc_pa_t base;
	struct run *last;

	for (n = 0; n < c->win_pages; n = m) {
		if (!(c->win_bits[n / 64] >> (n % 64))) {
			m = (n / 64 + 1) * 64;		/* none left in the word */
			continue;
		}
		if (!(c->win_bits[n / 64] & (UINT64_C(1) << (n % 64)))) {
			m = n + 1;
			continue;
		}
		for (m = n + 1; m < c->win_pages &&
		     (c->win_bits[m / 64] & (UINT64_C(1) << (m % 64))); m++) {
		}
		base = c->win_base + n * ps;
		last = c->nr_runs ? &c->runs[c->nr_runs - 1] : NULL;
		if (last && last->end == base) {
			last->end = base + (m - n) * ps;
		} else if (c->nr_runs == KRELOC_MAX_RUNS) {
			return kreloc_fail(c->err, KRELOC_E_TOO_MANY_RUNS, base,
					   0, ps);
		} else {
			c->runs[c->nr_runs++] =
				(struct run){ base, base + (m - n) * ps };
		}
	}
	return KRELOC_OK;
}

/*
 * A window's written piece may go on below its base: where does the
 * piece holding pa, as page op `at` finds it, start? The windows below,
 * walked up to that page op, until one shows a gap (errors only).
 */
static kreloc_pa_t piece_start(struct checker *c, kreloc_pa_t pa,
			       uint64_t at, uint64_t span, size_t words)
{
	uint64_t ps = c->list->page_size, stop_at = c->stop_at;

	c->stop_at = at;
	while (pa >= ps) {
		c->win_end = pa;
		c->win_base = pa > span ? pa - span : 0;
		__builtin_memset(c->win_bits, 0, words * 8);
		window_walk(c);
		if (!win_bit(c, pa - ps, 0)) {
			break;
		}
		pa = win_piece(c, pa - ps);
		if (pa != c->win_base) {
			break;
		}
	}
	c->stop_at = stop_at;
	return pa;
}

/*
 * The written set a window at a time, for a list whose destinations
 * written so far came apart into more than KRELOC_MAX_RUNS pieces on the
 * way (a cycle of kreloc_list_plan() writes every k-th page of an area
 * first). Every page is written once, so a source is clobbered iff a
 * page op before it wrote that page: a pass over the list per window of
 * win_pages pages, from the lowest destination up, finds the first such
 * page op (and the first destination written twice) among the pages of
 * the window, and adds the window's destinations to runs[], where only
 * the final pieces count against KRELOC_MAX_RUNS. A pass starts where the
 * last found the next destination: at most pieces + pages / win_pages
 * passes. Pass 1 has walked the first stop_at page ops already.
 */
__attribute__((__noinline__))
static int check_windows(struct checker *c)
{
	uint64_t stack[WIN_WORDS], *bits = c->lent ? c->lent : stack;
	size_t words = c->lent ? c->lent_words : WIN_WORDS;
	uint64_t span;
	int e;

	c->win_pages = (uint64_t)words * 64;
	span = c->win_pages * c->list->page_size;
	c->win_bits = bits;
	c->clob_at = c->dest_at = NO_OP;
	c->nr_runs = 0;
	c->win_base = c->win_end = 0;		/* no window: find the first */
	for (;;) {
		__builtin_memset(bits, 0, words * 8);
		c->win_next = UINT64_MAX;
		window_walk(c);
		e = c->win_end > c->win_base ? window_runs(c) : KRELOC_OK;
		if (e || c->win_next == UINT64_MAX) {
			break;
		}
		c->win_base = c->win_next;
		c->win_end = c->win_base <= UINT64_MAX - span ?
			     c->win_base + span : UINT64_MAX;
	}
	if (!e && c->clob_at != NO_OP) {
		c->clob_other = piece_start(c, c->clob_other, c->clob_at,
					    span, words);
	}
	if (!e && c->dest_at != NO_OP) {
		c->dest_other = piece_start(c, c->dest_other, c->dest_at,
					    span, words);
	}
	c->win_bits = NULL;
	return e;
}

/*
 * Pass 1 again, the written set checked by windows (check_windows()), if
 * the list breaks no other rule (one that does is refused for it: which
 * error comes first in the list matters less than that each refusal is
 * a real one). Final pieces past KRELOC_MAX_RUNS are refused first, then
 * the first source clobbered or destination written twice, in order.
 */
static int walk_windowed(struct checker *c)
{
	int e;

	const struct kreloc_list *l = c->list;
	size_t i, all = c->pa_limit / l->page_size / 64;

	/* the caller's bits, if more than ours: fewer passes */
	c->lent_words = l->check_bits_size / 8 < all ?
			l->check_bits_size / 8 : all;	/* every page there is */
	c->lent = l->check_bits && c->lent_words > WIN_WORDS ?
		  l->check_bits : NULL;
	c->lent_check = !!c->lent;
	e = KRELOC_OK;
	for (i = 0; !e && c->map && i < c->map->nr_pages; i++) {
		e = lent_apart(c, c->map->pages[i].pa, c->map->pages[i].va,
			       c->map->granule);
	}
	for (i = 0; !e && i < l->nr_bounce; i++) {
		e = lent_apart(c, l->bounce[i], 0, l->page_size);
	}
	if (!e && l->nr_cycle_bounce) {
		e = lent_apart(c, l->cycle_bounce, 0, l->page_size);
	}
	if (!e && c->park_size) {
		e = lent_apart(c, c->park, 0, c->park_size);
	}
	c->windowed = 1;
	c->clob_at = c->dest_at = NO_OP;
	__builtin_memset(c->bounce_reads, 0, sizeof(c->bounce_reads));
	c->cycle_full = 0;
	c->cycle_uses = 0;
	if (!e) {
		e = walk_list(c, 0);	/* all but the written set */
	}
	c->lent_check = 0;
	if (e) {
		return e;
	}
	c->stop_at = c->op_index;		/* all of them */
	e = check_windows(c);
	if (e || (c->clob_at == NO_OP && c->dest_at == NO_OP)) {
		return e;
	}
	__builtin_memset(c->bounce_reads, 0, sizeof(c->bounce_reads));
	c->cycle_full = 0;
	c->cycle_uses = 0;
	return walk_list(c, 0);		/* the first error in order */
}

/*
 * A list kreloc built reaches every page it took from the allocator: as
 * many list pages as it counted, each bounce page as the source of a page
 * op. Then each bounce page is a control page in no destination (one
 * written after the bounce page was read would still have been changed
 * when the bounce page was written: an in-place page, for one).
 */
static int check_builder_pages(struct checker *c)
{
	const struct kreloc_list *l = c->list;
	size_t i;
	int e;

	if (l->nr_pages && c->list_pages != l->nr_pages) {
		return kreloc_fail(c->err, KRELOC_E_LIST_PAGES, l->head, 0,
				   l->nr_pages);
	}
	if (!l->adopted && c->check_pages != l->nr_check_pages) {
		return kreloc_fail(c->err, KRELOC_E_LIST_PAGES, l->head, 0,
				   l->nr_check_pages);
	}
	for (i = 0; i < l->nr_bounce; i++) {
		if (!c->bounce_reads[i]) {
			return kreloc_fail(c->err, KRELOC_E_LIST_PAGES,
					   l->bounce[i], 0, l->page_size);
		}
		e = check_control(c, l->bounce[i], l->page_size, 1);
		if (e) {
			return e;
		}
	}
	if (!l->nr_cycle_bounce) {
		return KRELOC_OK;
	}
	/* The cycle bounce page: a value left unread was a destination's. */
	if (c->cycle_full) {
		return kreloc_fail(c->err, KRELOC_E_CONTROL_IN_DEST,
				   l->cycle_bounce, l->cycle_bounce,
				   l->page_size);
	}
	for (i = 0; i < l->nr_bounce; i++) {
		if (l->bounce[i] == l->cycle_bounce) {
			return kreloc_fail(c->err, KRELOC_E_CONTROL_OVERLAP,
					   l->cycle_bounce, l->bounce[i],
					   l->page_size);
		}
	}
	e = check_control(c, l->cycle_bounce, l->page_size, 1);
	if (!e) {
		e = check_control_apart(c, l->cycle_bounce, l->page_size, -1);
	}
	return e;
}

/*
 * The UART the stub prints on. With the MMU on the stub reaches it through
 * the map, so the 4 KiB page of its registers must be Device memory there
 * (neither RAM nor unmapped, and the map then keeps RAM apart from it);
 * without a map only what the plan knows is checked: no destination or
 * control block shares a byte with its registers.
 */
static int check_uart(struct checker *c, const struct kreloc_uart *u)
{
	const kreloc_pa_t ctl[3] = { c->stub, c->args, c->status };
	const uint64_t ctl_size[3] = { KRELOC_BLOB_SIZE,
				       sizeof(struct kreloc_args),
				       sizeof(struct kreloc_status) };
	uint64_t shift = (u->type >> 4) & KRELOC_UART_SHIFT_MAX;
	uint64_t base = u->type & ~(uint64_t)KRELOC_UART_SHIFT(KRELOC_UART_SHIFT_MAX);
	uint64_t span, align, end;
	struct kreloc_leaf leaf;
	kreloc_pa_t p;
	size_t i;
	int run;

	if (!u->pa) {
		return KRELOC_OK;
	}
	if (u->type == KRELOC_UART_PL011) {
		span = 0x18 + 4;		/* DR .. FR, 32-bit accesses */
		align = 4;
	} else if (base == (KRELOC_UART_16550 | KRELOC_UART_WIDTH(1))) {
		span = (UINT64_C(5) << shift) + 1;	/* THR .. LSR */
		align = 1;
	} else if (base == (KRELOC_UART_16550 | KRELOC_UART_WIDTH(4)) &&
		   shift >= 2) {
		span = (UINT64_C(5) << shift) + 4;
		align = 4;
	} else {
		return kreloc_fail(c->err, KRELOC_E_INVAL, u->pa, 0, u->type);
	}
	if (!kreloc_is_aligned(u->pa, align)) {
		return kreloc_fail(c->err, KRELOC_E_ALIGN, u->pa, 0, align);
	}
	if (!kreloc_no_wrap(u->pa, span)) {
		return kreloc_fail(c->err, KRELOC_E_WRAP, u->pa, 0, span);
	}
	if (u->pa + span > c->pa_limit) {
		return kreloc_fail(c->err, KRELOC_E_PA_RANGE, u->pa,
				   c->pa_limit, span);
	}
	end = (u->pa + span + 0xfff) & ~UINT64_C(0xfff);
	for (p = u->pa & ~UINT64_C(0xfff); c->map && p < end; p = leaf.end) {
		if (!kreloc_idmap_lookup(c->map, p, &leaf) ||
		    leaf.attr != KRELOC_ATTR_DEVICE) {
			return kreloc_fail(c->err, KRELOC_E_UART, u->pa, p,
					   span);
		}
	}
	run = runs_overlap(c, u->pa, span);
	if (run >= 0) {
		return kreloc_fail(c->err, KRELOC_E_UART, u->pa,
				   c->runs[run].base, span);
	}
	for (i = 0; i < 3; i++) {
		if (kreloc_overlaps(u->pa, span, ctl[i], ctl_size[i])) {
			return kreloc_fail(c->err, KRELOC_E_UART, u->pa, ctl[i],
					   span);
		}
	}
	for (i = 0; c->map && i < c->map->nr_pages; i++) {
		if (kreloc_overlaps(u->pa, span, c->map->pages[i].pa,
				    c->map->granule)) {
			return kreloc_fail(c->err, KRELOC_E_UART, u->pa,
					   c->map->pages[i].pa, span);
		}
	}
	return KRELOC_OK;
}

/* Inside one destination run, all of it. */
static int in_one_run(const struct checker *c, kreloc_pa_t pa, uint64_t size)
{
	size_t i;

	for (i = 0; i < c->nr_runs; i++) {
		if (pa >= c->runs[i].base && size <= c->runs[i].end - pa &&
		    pa < c->runs[i].end) {
			return 1;
		}
	}
	return 0;
}

int kreloc_validate(const struct kreloc_page *stub_page,
		    const struct kreloc_page *args_page,
		    const struct kreloc_list *list,
		    const struct kreloc_idmap *map,
		    const struct kreloc_boot *boot,
		    const struct kreloc_cpu *cpu, struct kreloc_error *err)
{
	struct checker c = { .list = list, .map = map, .err = err };
	kreloc_pa_t status;
	size_t i;
	int e;

	if (!stub_page || !args_page || !list || !boot || !cpu ||
	    !stub_page->va || !args_page->va || !list->host ||
	    (!(list->head & KRELOC_ENTRY_DONE) && !list->host->phys_to_virt) ||
	    (list->page && !list->finished && !list->spoiled) ||
	    list->nr_bounce > KRELOC_MAX_BOUNCE || list->nr_cycle_bounce > 1 ||
	    (list->nr_cycle_bounce &&
	     !kreloc_is_aligned(list->cycle_bounce, list->page_size)) ||
	    (boot && (boot->flags & ~KRELOC_FLAGS_KNOWN))) {
		return kreloc_fail(err, KRELOC_E_INVAL, 0, 0, 0);
	}
	if ((boot->flags & KRELOC_F_VERIFY_SOFT) &&
	    !(boot->flags & KRELOC_F_VERIFY)) {
		return kreloc_fail(err, KRELOC_E_INVAL, 0, 0, boot->flags);
	}
	if (list->spoiled) {		/* pages were written, then dropped */
		return kreloc_fail(err, KRELOC_E_LIST_PAGES, list->head, 0,
				   list->nr_pages);
	}
	/* The stub hashes with SIMD registers: it refuses VERIFY alone. */
	if ((boot->flags & KRELOC_F_VERIFY) &&
	    !(boot->flags & KRELOC_F_FPSIMD)) {
		return kreloc_fail(err, KRELOC_E_DIGEST, 0, 0, boot->flags);
	}
	c.verify = !!(boot->flags & KRELOC_F_VERIFY);
	/* A list kreloc built wrote its blocks; an adopted one's are read
	 * only by a verifying stub. */
	c.chains = c.verify || !list->adopted;
	c.host = list->host;
	c.pa_limit = UINT64_C(1) << kreloc_cpu_pa_bits(cpu);
	status = boot->status_pa ? boot->status_pa :
		 args_page->pa + offsetof(struct kreloc_args, status);
	c.stub = stub_page->pa;
	c.args = args_page->pa;
	c.status = status;
	if (boot->park) {
		const struct kreloc_park *park = boot->park;

		if (park->magic != KRELOC_PARK_MAGIC || !park->nr_cpus ||
		    park->nr_cpus > KRELOC_PARK_MAX_CPUS ||
		    park->size != kreloc_park_size(park->nr_cpus) ||
		    !kreloc_is_aligned(park->pa, KRELOC_PARK_PAGE)) {
			return kreloc_fail(err, KRELOC_E_PARK, park->pa, 0,
					   park->size);
		}
		c.park = park->pa;
		c.park_size = park->size;
	}

	if (!kreloc_is_aligned(stub_page->pa, KRELOC_BLOB_ALIGN)) {
		return kreloc_fail(err, KRELOC_E_STUB_PAGE, stub_page->pa, 0,
				   KRELOC_BLOB_ALIGN);
	}
	/* Instructions are 4 bytes; the stub reads and writes with ldp/stp. */
	if (!kreloc_is_aligned(boot->entry, 4) ||
	    !kreloc_is_aligned(boot->fail_addr, 4)) {
		return kreloc_fail(err, KRELOC_E_ALIGN, boot->entry,
				   boot->fail_addr, 4);
	}
	/* Out of range, walks are IMPLEMENTATION DEFINED; the stub refuses. */
	if (map && (map->t0sz < KRELOC_T0SZ_MIN ||
		    map->t0sz > KRELOC_T0SZ_MAX)) {
		return kreloc_fail(err, KRELOC_E_T0SZ, map->root, 0,
				   map->t0sz);
	}
	if (!kreloc_is_aligned(args_page->pa | status, 16)) {
		return kreloc_fail(err, KRELOC_E_ALIGN, args_page->pa, status,
				   16);
	}

	e = walk_list(&c, 0);
	if (e == KRELOC_E_TOO_MANY_RUNS) {	/* on the way, maybe not at last */
		e = walk_windowed(&c);
	}
	if (!e) {
		e = walk_list(&c, 1);
	}
	if (!e) {
		e = check_builder_pages(&c);
	}
	if (!e) {
		e = check_control(&c, stub_page->pa, KRELOC_BLOB_SIZE, 1);
	}
	if (!e) {
		e = check_control(&c, args_page->pa, sizeof(struct kreloc_args),
				  0);
	}
	if (!e) {
		e = check_control(&c, status, sizeof(struct kreloc_status), 1);
	}
	if (!e && c.park_size) {
		e = check_control(&c, c.park, c.park_size, 1);
	}
	for (i = 0; !e && map && i < map->nr_pages; i++) {
		e = check_control(&c, map->pages[i].pa, map->granule, 0);
	}
	if (!e) {
		e = check_control_apart(&c, stub_page->pa, KRELOC_BLOB_SIZE, 0);
	}
	if (!e && (status < args_page->pa ||
		   status >= args_page->pa + sizeof(struct kreloc_args))) {
		e = check_control_apart(&c, status, sizeof(struct kreloc_status),
					CONTROL_STATUS);
	}
	if (!e && c.park_size) {
		e = check_control_apart(&c, c.park, c.park_size, CONTROL_PARK);
	}
	for (i = 0; !e && map && i < map->nr_pages; i++) {
		e = check_control_apart(&c, map->pages[i].pa, map->granule,
					(int)i + CONTROL_FIXED);
	}
	if (!e) {
		e = check_stub_exec(&c, stub_page->pa);
	}
	if (!e) {
		e = check_uart(&c, &boot->uart);
	}
	if (e) {
		return e;
	}
	if (!in_one_run(&c, boot->entry, 4)) {
		return kreloc_fail(err, KRELOC_E_ENTRY, boot->entry, 0, 4);
	}
	if (boot->dtb) {
		if (!kreloc_is_aligned(boot->dtb, 8)) {
			return kreloc_fail(err, KRELOC_E_DTB_ALIGN, boot->dtb,
					   0, boot->dtb_size);
		}
		if (!boot->dtb_size || boot->dtb_size > DTB_MAX ||
		    (runs_overlap(&c, boot->dtb, boot->dtb_size) >= 0 &&
		     !in_one_run(&c, boot->dtb, boot->dtb_size))) {
			return kreloc_fail(err, KRELOC_E_DTB_SIZE, boot->dtb,
					   0, boot->dtb_size);
		}
		e = check_dtb_region(&c, boot->dtb);
	}
	return e;
}
