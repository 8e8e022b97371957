// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The last host steps: check the plan, put the blob and the argument block
 * in their safe pages, make both visible to a CPU whose MMU and caches are
 * off, enter.
 */
#include "util.h"
#include "internal.h"

/*
 * With no map the stub reads the list with its MMU off: an adopted list
 * (a kernel's kimage, written with its caches on) may still be dirty in
 * them. Clean every page of it; kreloc_validate() walked it already, so
 * it ends, and every page is the host's to reach.
 */
static void clean_adopted(const struct kreloc_list *list)
{
	uint64_t entry = list->head, *p = NULL;
	uint64_t mask = ~(list->page_size - 1);

	while (!(entry & KRELOC_ENTRY_DONE)) {
		if (!p || (entry & KRELOC_ENTRY_INDIRECTION)) {
			p = list->host->phys_to_virt(list->host->ctx,
						     entry & mask);
			kreloc_clean_to_poc(p, list->page_size);
		} else if (entry & KRELOC_ENTRY_DIGEST) {
			p += KRELOC_DIGEST_WORDS;	/* data, not entries */
		}
		entry = *p++;
	}
}

int kreloc_install(const struct kreloc_page *stub_page,
		   const struct kreloc_page *args_page,
		   const struct kreloc_list *list,
		   const struct kreloc_idmap *map,
		   const struct kreloc_boot *boot,
		   const struct kreloc_cpu *cpu, struct kreloc_error *err)
{
	size_t blob_size = (size_t)kreloc_blob_size;
	struct kreloc_args *args;
	int e;

	if (blob_size > KRELOC_BLOB_SIZE) {
		return kreloc_fail(err, KRELOC_E_STUB_PAGE, 0, 0, blob_size);
	}
	e = kreloc_validate(stub_page, args_page, list, map, boot, cpu, err);
	if (e) {
		return e;		/* nothing written */
	}

	__builtin_memcpy(stub_page->va, kreloc_blob_start, blob_size);
	args = args_page->va;
	*args = (struct kreloc_args){
		.magic = KRELOC_ARGS_MAGIC,
		.flags = boot->flags,
		.list_head = list->head,
		.list_page_size = list->page_size,
		.entry = boot->entry,
		.x = { boot->x[0], boot->x[1], boot->x[2], boot->x[3] },
		.fail_addr = boot->fail_addr,
		.status_pa = boot->status_pa ? boot->status_pa :
			     args_page->pa + offsetof(struct kreloc_args, status),
		.uart_pa = boot->uart.pa,
		.uart_type = boot->uart.pa ? boot->uart.type : 0,
	};
	if (map) {
		args->tt_root = map->root;
		args->tt_t0sz = map->t0sz;
		args->tt_granule = map->granule;
		args->tt_format = map->format;
	}

	if (!map && list->adopted) {
		clean_adopted(list);
	}
	/* The stub reads both with its MMU off, and runs the first. */
	kreloc_clean_to_poc(stub_page->va, blob_size);
	kreloc_clean_to_poc(args, sizeof(*args));
	kreloc_arch_sync_icache();
	if (err) {
		*err = (struct kreloc_error){ 0 };
	}
	return KRELOC_OK;
}
