// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * A host outside kreloc's tree, built only from what `make install` put
 * in place and `pkg-config --cflags --libs kreloc` says: it must compile
 * and link (every API function and the blob resolved from libkreloc.a).
 * It is linked, not run; the QEMU suites run the same library. memcpy and
 * memset come from examples/baremetal/libc.c, copied beside it.
 */
#include <kreloc/kreloc.h>

_Static_assert(KRELOC_VERSION_MAJOR >= 0 && KRELOC_VERSION_MINOR >= 0,
	       "kreloc/version.h is installed with the headers");

void _start(void);

static int alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	(void)ctx;
	(void)size;
	(void)out;
	return KRELOC_E_NOMEM;
}

static void *to_va(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static const struct kreloc_host host = { alloc, to_va, NULL };

void _start(void)
{
	static struct kreloc_list list;
	static struct kreloc_idmap map;
	struct kreloc_page page = { 0, 0 };
	struct kreloc_boot boot = { 0 };
	struct kreloc_cpu cpu;
	int e;

	kreloc_cpu_read(&cpu);
	e = kreloc_list_init(&list, 4096, &host);
	if (!e) {
		e = kreloc_list_finish(&list);
	}
	if (!e) {
		e = kreloc_install(&page, &page, &list, &map, &boot, &cpu, 0);
	}
	if (!e && kreloc_strerror(e)) {
		kreloc_enter(page.pa, page.pa);
	}
	for (;;) {
	}
}
