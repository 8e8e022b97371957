// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The copy list, in Linux's kexec format: pages of 64-bit entries, each a
 * page-aligned physical address with a flag in its low bits. The last slot
 * of a full page holds an INDIRECTION to the next page, so the stub walks
 * the list without knowing how long it is.
 */
#include <kreloc/kreloc.h>
#include "util.h"

int kreloc_list_init(struct kreloc_list *list, uint64_t page_size,
		     const struct kreloc_allocator *alloc)
{
	if (!list || !alloc || !alloc->alloc) {
		return KRELOC_E_INVAL;
	}
	if (!kreloc_is_page_size(page_size)) {
		return KRELOC_E_PAGE_SIZE;
	}
	*list = (struct kreloc_list){
		.head = KRELOC_ENTRY_DONE,	/* empty until the first add */
		.page_size = page_size,
		.alloc = alloc,
		.dest = UINT64_MAX,		/* no DESTINATION yet */
	};
	return KRELOC_OK;
}

/* Start a new list page; the previous one, if any, is complete. */
static int list_new_page(struct kreloc_list *list)
{
	struct kreloc_page page;

	if (list->alloc->alloc(list->alloc->ctx, list->page_size, &page)) {
		return KRELOC_E_NOMEM;
	}
	if (!page.va || !kreloc_is_aligned(page.pa, list->page_size)) {
		return KRELOC_E_ALLOC_ALIGN;
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

int kreloc_list_add(struct kreloc_list *list, const struct kreloc_segment *seg)
{
	uint64_t pages, i;
	int err;

	if (!list || !seg || !list->alloc) {
		return KRELOC_E_INVAL;
	}
	if (list->finished) {
		return KRELOC_E_LIST_DONE;
	}
	if (!kreloc_is_aligned(seg->dest, list->page_size) ||
	    !kreloc_is_aligned(seg->src, list->page_size)) {
		return KRELOC_E_ALIGN;
	}
	pages = seg->len / list->page_size +
		!kreloc_is_aligned(seg->len, list->page_size);
	if (seg->len > KRELOC_PA_LIMIT ||
	    !kreloc_range_ok(seg->dest, pages * list->page_size) ||
	    !kreloc_range_ok(seg->src, pages * list->page_size)) {
		return KRELOC_E_WRAP;
	}
	if (pages == 0) {
		return KRELOC_OK;
	}
	if (seg->dest != list->dest) {
		err = list_put(list, seg->dest | KRELOC_ENTRY_DESTINATION);
		if (err) {
			return err;
		}
	}
	for (i = 0; i < pages; i++) {
		err = list_put(list, (seg->src + i * list->page_size) |
					     KRELOC_ENTRY_SOURCE);
		if (err) {
			return err;
		}
	}
	list->dest = seg->dest + pages * list->page_size;
	return KRELOC_OK;
}

int kreloc_list_finish(struct kreloc_list *list)
{
	if (!list || !list->alloc) {
		return KRELOC_E_INVAL;
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
