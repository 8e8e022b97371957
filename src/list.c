// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The copy list, in Linux's kexec format: pages of 64-bit entries, each a
 * page-aligned physical address with a flag in its low bits. The last slot
 * of a full page holds an INDIRECTION to the next page, so the stub walks
 * the list without knowing how long it is. kreloc adds ZERO (a page of
 * zeroes, no source) and CLEAN (a page already in place).
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
	}
	return KRELOC_OK;
}

int kreloc_list_add(struct kreloc_list *list, const struct kreloc_segment *seg)
{
	const void *partial = NULL;
	uint64_t ps;
	int err;

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
		partial = list->host->phys_to_virt(list->host->ctx,
				seg->src + (seg->bufsz & ~(ps - 1)));
		if (!partial) {
			return KRELOC_E_INVAL;
		}
	}
	/*
	 * Nothing taken, nothing written so far. From here on pages are
	 * written as they come; an allocator failure cannot be rolled back
	 * without dropping written pages from the plan, so it spoils the list.
	 */
	err = list_add_pages(list, seg, partial);
	if (err) {
		list->spoiled = err;
	}
	return err;
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
