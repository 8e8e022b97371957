// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * kreloc_kexec: kexec from a running Linux through kreloc, as a module.
 *
 *   insmod kreloc_kexec.ko kernel=PATH [initrd=PATH] [dtb=PATH] [cmdline="..."]
 *   echo 1 > /sys/kernel/kreloc/exec
 *
 * Loading does all the work and all the checks; nothing is armed unless
 * every one passes, and a refusal fails the insmod with one line naming
 * the reason. The steps, in order:
 *
 *   1. policy    CAP_SYS_BOOT and no kexec lockdown
 *   2. headers   the Image's and the DTB's (this CPU can run the kernel)
 *   3. place     kernel, DTB and initrd in System RAM, per booting.rst
 *   4. DTB       the given one or the running system's, with /chosen
 *                updated (bootargs, initrd, fresh seeds)
 *   5. read      each file into pages that are no destination
 *   6. plan      kreloc's list, identity map(s) and kreloc_install()
 *
 * The trigger then takes the secondary CPUs down through PSCI
 * (remove_cpu), shuts the system down in order with kernel_restart(), and
 * from a restart handler of the highest priority, which runs after the
 * shutdown on the last CPU with interrupts off, enters the stub:
 *
 *   EL1, or EL2 with VHE   with the MMU on, TTBR0 = kreloc's identity map
 *   EL2 without VHE        through Linux's hyp stub (HVC_SOFT_RESTART),
 *                          which enters it at EL2 with the MMU off
 *
 * Whether the hyp stub owns EL2 can only be known after the shutdown
 * (KVM gives EL2 back to it then), so with EL2 present both plans are
 * made and checked at load, and the trigger picks one.
 */
#define pr_fmt(fmt) "kreloc_kexec: " fmt

#include <linux/capability.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/kernel_read_file.h>
#include <linux/kobject.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/reboot.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include <kreloc/kreloc.h>
#include "fdt-edit.h"

static char *kernel;
static char *initrd;
static char *dtb;
static char *cmdline;
module_param(kernel, charp, 0);
MODULE_PARM_DESC(kernel, "path of the arm64 Image to boot (required)");
module_param(initrd, charp, 0);
MODULE_PARM_DESC(initrd, "path of the initramfs");
module_param(dtb, charp, 0);
MODULE_PARM_DESC(dtb, "path of the DTB (default: /sys/firmware/fdt)");
module_param(cmdline, charp, 0);
MODULE_PARM_DESC(cmdline, "the new kernel's command line (default: the DTB's)");
static char *uart;
module_param(uart, charp, 0);
MODULE_PARM_DESC(uart, "the stub's breadcrumbs: pl011,PA or 16550,PA[,SHIFT[,WIDTH]]");

#define MAX_RAM		64		/* System RAM ranges we keep */
#define READ_CHUNK	(2UL << 20)	/* file bytes per kernel_read_file() */
#define DTB_MAX		(2UL << 20)	/* booting.rst's limit */
#define SZ_2M_		(2ULL << 20)
#define WINDOW_ALIGN	(1ULL << 30)	/* booting.rst: the initrd's window */
#define WINDOW_SIZE	(32ULL << 30)
#define RNG_SEED_BYTES	64

enum { SEG_KERNEL, SEG_DTB, SEG_INITRD, NR_SEGS };

/* One segment: where it goes and the pages that hold it meanwhile. */
struct seg {
	u64 dest;
	u64 size;		/* bytes of data */
	u64 memsz;		/* bytes the destination spans */
	struct page **pages;	/* size / PAGE_SIZE rounded up */
	size_t nr_pages;
};

/* A plan for one exception level: its own map and argument block. */
struct variant {
	int used;
	int el2_soft_restart;	/* entered through the hyp stub */
	struct kreloc_idmap map;
	struct kreloc_page args;
};

/* A block the planner took from the buddy allocator. */
struct block {
	struct page *page;
	unsigned int order;
};

static struct plan {
	struct kreloc_uart uart;	/* { 0 }: no breadcrumbs */
	struct kreloc_range ram[MAX_RAM];
	size_t nr_ram;
	struct seg seg[NR_SEGS];
	struct kreloc_cpu cpu;
	struct kreloc_list list;
	struct kreloc_page stub;
	struct variant v[2];		/* [0]: MMU on here; [1]: EL2, no VHE */
	struct block *blocks;		/* list, table, stub and args pages */
	size_t nr_blocks, cap_blocks;
	struct list_head rejects;	/* pages that fell in a destination */
	int armed;
	int triggered;
} plan;

/* --- memory: pages that are no destination -------------------------- */

static int in_dest(u64 pa, u64 len)
{
	int i;

	for (i = 0; i < NR_SEGS; i++) {
		const struct seg *s = &plan.seg[i];

		if (s->memsz && pa < s->dest + s->memsz && s->dest < pa + len)
			return 1;
	}
	return 0;
}

/*
 * A block of 2^order pages outside every destination. Blocks that land
 * in one are kept aside until planning ends, so the allocator cannot hand
 * them out again; their number is bounded by the destinations' size.
 */
static struct page *take_block(unsigned int order)
{
	for (;;) {
		struct page *pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL,
					      order);

		if (!pg)
			return NULL;
		if (!in_dest(page_to_phys(pg), PAGE_SIZE << order))
			return pg;
		set_page_private(pg, order);
		list_add(&pg->lru, &plan.rejects);
	}
}

static void free_rejects(void)
{
	struct page *pg, *tmp;

	list_for_each_entry_safe(pg, tmp, &plan.rejects, lru) {
		list_del(&pg->lru);
		__free_pages(pg, page_private(pg));
	}
}

/* kreloc's allocator: list, bounce and table pages, and our own. */
static int host_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	unsigned int order = size > PAGE_SIZE ? ilog2(size >> PAGE_SHIFT) : 0;
	struct page *pg;

	if (plan.nr_blocks == plan.cap_blocks) {
		size_t cap = plan.cap_blocks ? 2 * plan.cap_blocks : 64;
		struct block *b = krealloc_array(plan.blocks, cap, sizeof(*b),
						 GFP_KERNEL);

		if (!b)
			return -ENOMEM;
		plan.blocks = b;
		plan.cap_blocks = cap;
	}
	pg = take_block(order);
	if (!pg)
		return -ENOMEM;
	plan.blocks[plan.nr_blocks++] = (struct block){ pg, order };
	out->pa = page_to_phys(pg);
	out->va = page_address(pg);
	return 0;
}

static void *host_phys_to_virt(void *ctx, kreloc_pa_t pa)
{
	return phys_to_virt(pa);
}

static const struct kreloc_host host = {
	.alloc = host_alloc,
	.phys_to_virt = host_phys_to_virt,
};

static void free_plan(void)
{
	size_t i, j;

	free_rejects();
	for (i = 0; i < NR_SEGS; i++) {
		struct seg *s = &plan.seg[i];

		for (j = 0; s->pages && j < s->nr_pages; j++)
			if (s->pages[j])
				__free_page(s->pages[j]);
		kvfree(s->pages);
	}
	for (i = 0; i < plan.nr_blocks; i++)
		__free_pages(plan.blocks[i].page, plan.blocks[i].order);
	kfree(plan.blocks);
	memset(&plan, 0, sizeof(plan));
}

/* --- errors ------------------------------------------------------------ */

/* One line naming kreloc's reason; the errno insmod reports. */
static int refuse(const char *what, int e, const struct kreloc_error *err)
{
	if (err && (err->addr || err->other))
		pr_err("refused: %s: %s (at 0x%llx, 0x%llx)\n", what,
		       kreloc_strerror(e), (unsigned long long)err->addr,
		       (unsigned long long)err->other);
	else
		pr_err("refused: %s: %s\n", what, kreloc_strerror(e));
	switch (e) {
	case KRELOC_E_NOMEM:
		return -ENOMEM;
	case KRELOC_E_IMAGE_MAGIC:
	case KRELOC_E_IMAGE_ENDIAN:
	case KRELOC_E_IMAGE_PAGE:
	case KRELOC_E_IMAGE_SIZE:
	case KRELOC_E_IMAGE_PLACE:
	case KRELOC_E_DTB_MAGIC:
	case KRELOC_E_DTB_HEADER:
		return -ENOEXEC;
	case KRELOC_E_DTB_SIZE:
		return -EFBIG;
	default:
		return -EINVAL;
	}
}

/* --- files ------------------------------------------------------------- */

/* The file's size and its first len bytes (fewer if it is shorter). */
static int file_head(const char *path, enum kernel_read_file_id id,
		     void *head, size_t len, size_t *size)
{
	ssize_t n = kernel_read_file_from_path_initns(path, 0, &head, len,
						      size, id);

	if (n < 0) {
		pr_err("refused: cannot read %s: error %zd\n", path, n);
		return (int)n;
	}
	if (!*size) {
		pr_err("refused: %s is empty\n", path);
		return -ENOEXEC;
	}
	return 0;
}

/* Source pages for s, each outside every destination. */
static int seg_pages(struct seg *s)
{
	size_t i;

	s->nr_pages = DIV_ROUND_UP(s->size, PAGE_SIZE);
	s->pages = kvcalloc(s->nr_pages, sizeof(*s->pages), GFP_KERNEL);
	if (!s->pages)
		return -ENOMEM;
	for (i = 0; i < s->nr_pages; i++) {
		s->pages[i] = take_block(0);
		if (!s->pages[i])
			return -ENOMEM;
	}
	return 0;
}

/* Copy len bytes of buf to s's pages from byte off. */
static void seg_fill(struct seg *s, u64 off, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len) {
		size_t in = off % PAGE_SIZE, n = min_t(size_t, len, PAGE_SIZE - in);

		memcpy(page_address(s->pages[off / PAGE_SIZE]) + in, p, n);
		p += n;
		off += n;
		len -= n;
	}
}

/* The whole file into s's pages, a chunk at a time; the tail zeroed. */
static int seg_read(struct seg *s, const char *path, enum kernel_read_file_id id)
{
	void *chunk = vmalloc(READ_CHUNK);
	u64 off;
	int ret = 0;

	if (!chunk)
		return -ENOMEM;
	for (off = 0; off < s->size; off += READ_CHUNK) {
		size_t want = min_t(u64, READ_CHUNK, s->size - off), now = 0;
		ssize_t n = kernel_read_file_from_path_initns(path, off, &chunk,
							      want, &now, id);

		if (n < 0 || (size_t)n != want || now != s->size) {
			pr_err("refused: %s changed or failed while read (error %zd)\n",
			       path, n < 0 ? n : (ssize_t)-EIO);
			ret = n < 0 ? (int)n : -EIO;
			break;
		}
		seg_fill(s, off, chunk, want);
	}
	vfree(chunk);
	if (!ret && s->size % PAGE_SIZE)
		memset(page_address(s->pages[s->nr_pages - 1]) + s->size % PAGE_SIZE,
		       0, PAGE_SIZE - s->size % PAGE_SIZE);
	return ret;
}

/* --- placement --------------------------------------------------------- */

static int add_ram(struct resource *res, void *arg)
{
	u64 start = ALIGN(res->start, PAGE_SIZE);
	u64 end = ALIGN_DOWN(res->end + 1, PAGE_SIZE);

	if (end <= start)
		return 0;
	if (plan.nr_ram == MAX_RAM) {
		pr_warn("over %d System RAM ranges; the rest is left out\n",
			MAX_RAM);
		return 1;
	}
	plan.ram[plan.nr_ram++] = (struct kreloc_range){ start, end - start };
	return 0;
}

/* The lowest a >= from, aligned to align, with [a, a + size) in one range. */
static int fit(u64 from, u64 size, u64 align, u64 *out)
{
	size_t i;

	for (i = 0; i < plan.nr_ram; i++) {
		const struct kreloc_range *r = &plan.ram[i];
		u64 a = ALIGN(max(from, r->base), align);

		if (a >= r->base && a + size >= a && a + size <= r->base + r->size) {
			*out = a;
			return 0;
		}
	}
	return -ENOSPC;
}

/*
 * booting.rst: the kernel at a 2 MiB-aligned base + text_offset with
 * image_size free (as low as RAM allows, which also serves kernels
 * without the "anywhere" flag); the DTB in a 2 MiB region of its own;
 * the initrd in the 1 GiB-aligned window of up to 32 GiB that holds the
 * kernel.
 */
static int place(const struct kreloc_image_info *img)
{
	struct seg *k = &plan.seg[SEG_KERNEL], *d = &plan.seg[SEG_DTB];
	struct seg *r = &plan.seg[SEG_INITRD];
	u64 base, window;

	if (fit(0, img->text_offset + img->image_size, SZ_2M_, &base))
		goto full;
	k->dest = base + img->text_offset;
	k->memsz = ALIGN(img->image_size, PAGE_SIZE);
	if (fit(k->dest + k->memsz, SZ_2M_, SZ_2M_, &d->dest))
		goto full;
	d->memsz = ALIGN(d->size, PAGE_SIZE);
	if (!r->size)
		return 0;
	r->memsz = ALIGN(r->size, PAGE_SIZE);
	window = ALIGN_DOWN(base, WINDOW_ALIGN);
	if (fit(d->dest + SZ_2M_, r->memsz, PAGE_SIZE, &r->dest) ||
	    r->dest + r->memsz > window + WINDOW_SIZE)
		goto full;
	return 0;
full:
	pr_err("refused: no room in System RAM for kernel (%llu bytes), DTB and initrd (%llu bytes)\n",
	       (unsigned long long)img->image_size, (unsigned long long)r->size);
	return -ENOSPC;
}

/* --- the DTB ----------------------------------------------------------- */

/*
 * The DTB to hand over: /chosen with the command line, the initrd's
 * range and fresh seeds, and without the crash-kernel properties a
 * previous kexec may have left. Into *out (kvmalloc), its size in *size.
 */
static int make_dtb(const void *in, size_t in_len, void **out, size_t *size)
{
	__be64 start = cpu_to_be64(plan.seg[SEG_INITRD].dest);
	__be64 end = cpu_to_be64(plan.seg[SEG_INITRD].dest +
				 plan.seg[SEG_INITRD].size);
	__be64 kaslr_seed;
	u8 rng_seed[RNG_SEED_BYTES];
	int has_initrd = plan.seg[SEG_INITRD].size != 0;
	struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline,
		  cmdline ? (int)strlen(cmdline) + 1 : FDT_EDIT_DELETE },
		{ "/chosen", "linux,initrd-start", &start,
		  has_initrd ? 8 : FDT_EDIT_DELETE },
		{ "/chosen", "linux,initrd-end", &end,
		  has_initrd ? 8 : FDT_EDIT_DELETE },
		{ "/chosen", "kaslr-seed", &kaslr_seed, 8 },
		{ "/chosen", "rng-seed", rng_seed, RNG_SEED_BYTES },
		{ "/chosen", "linux,elfcorehdr", NULL, FDT_EDIT_DELETE },
		{ "/chosen", "linux,usable-memory-range", NULL, FDT_EDIT_DELETE },
	};
	/* Without cmdline=, keep the DTB's own bootargs: drop the edit. */
	const struct fdt_edit *edits = cmdline ? ed : ed + 1;
	size_t nr = ARRAY_SIZE(ed) - !cmdline, cap;
	int e;

	get_random_bytes(&kaslr_seed, sizeof(kaslr_seed));
	get_random_bytes(rng_seed, sizeof(rng_seed));
	cap = fdt_edit_bound(in, in_len, edits, nr);
	if (!cap)
		return refuse("dtb", KRELOC_E_DTB_HEADER, NULL);
	*out = kvmalloc(cap, GFP_KERNEL);
	if (!*out)
		return -ENOMEM;
	e = fdt_edit(in, in_len, *out, cap, edits, nr, size);
	memzero_explicit(rng_seed, sizeof(rng_seed));
	if (e) {
		pr_err("refused: dtb: cannot update /chosen (fdt_edit error %d)\n", e);
		kvfree(*out);
		*out = NULL;
		return -ENOEXEC;
	}
	if (*size > DTB_MAX)
		return refuse("dtb", KRELOC_E_DTB_SIZE, NULL);
	return 0;
}

/* --- the plan ----------------------------------------------------------- */

static int build_list(void)
{
	int i, e = kreloc_list_init(&plan.list, PAGE_SIZE, &host);

	/* One entry per source page: they are scattered, the
	 * destinations are not, so each segment keeps one DESTINATION. */
	for (i = 0; !e && i < NR_SEGS; i++) {
		struct seg *s = &plan.seg[i];
		size_t p;

		for (p = 0; !e && p < s->nr_pages; p++) {
			struct kreloc_segment ks = {
				.dest = s->dest + p * PAGE_SIZE,
				.src = page_to_phys(s->pages[p]),
				.bufsz = PAGE_SIZE,
				/* the last page carries the zero tail */
				.memsz = p + 1 < s->nr_pages ? PAGE_SIZE :
					 s->memsz - p * PAGE_SIZE,
			};

			e = kreloc_list_add(&plan.list, &ks);
		}
	}
	if (!e)
		e = kreloc_list_finish(&plan.list);
	return e ? refuse("list", e, NULL) : 0;
}

/* Map, argument block and kreloc_install() for one exception level. */
static int build_variant(struct variant *v, uint64_t tt_format)
{
	struct kreloc_range code = { plan.stub.pa, KRELOC_BLOB_SIZE };
	struct kreloc_range dev = { ALIGN_DOWN(plan.uart.pa, PAGE_SIZE), PAGE_SIZE };
	struct kreloc_idmap_spec spec = {
		.ram = plan.ram, .nr_ram = plan.nr_ram,
		.device = &dev, .nr_device = plan.uart.pa ? 1 : 0,
		.granule = PAGE_SIZE,	/* the ranges are page aligned */
		.code = &code, .nr_code = 1,
	};
	struct kreloc_cpu cpu = plan.cpu;
	const struct seg *d = &plan.seg[SEG_DTB];
	struct kreloc_boot boot = {
		.entry = plan.seg[SEG_KERNEL].dest,
		.x = { d->dest, 0, 0, 0 },
		.dtb = d->dest,
		.dtb_size = d->size,
		.fail_addr = 0,		/* nothing to return to: park */
		.flags = KRELOC_F_FPSIMD,
		.uart = plan.uart,
	};
	struct kreloc_error err = { 0 };
	int e;

	cpu.tt_format = tt_format;
	e = kreloc_idmap_build(&v->map, &spec, &cpu, &host, &err);
	if (e)
		return refuse("identity map", e, &err);
	if (host_alloc(NULL, PAGE_SIZE, &v->args))
		return -ENOMEM;
	e = kreloc_install(&plan.stub, &v->args, &plan.list, &v->map, &boot,
			   &cpu, &err);
	if (e)
		return refuse("plan", e, &err);
	v->used = 1;
	return 0;
}

/*
 * uart=pl011,PA or uart=16550,PA[,SHIFT[,WIDTH]]: the UART the running
 * system's console is on, say; it stays enabled through the shutdown.
 * kreloc_install() checks the rest (alignment, not RAM, not in the plan).
 */
static int parse_uart(void)
{
	unsigned long long pa;
	unsigned int shift = 0, width = 1;
	char type[8];
	int n;

	if (!uart)
		return 0;
	n = sscanf(uart, "%7[^,],%llx,%u,%u", type, &pa, &shift, &width);
	if (n == 2 && !strcmp(type, "pl011")) {
		plan.uart = (struct kreloc_uart){ pa, KRELOC_UART_PL011 };
	} else if (n >= 2 && !strcmp(type, "16550") &&
		   shift <= KRELOC_UART_SHIFT_MAX && (width == 1 || width == 4)) {
		plan.uart = (struct kreloc_uart){ pa, KRELOC_UART_16550 |
			KRELOC_UART_SHIFT(shift) | KRELOC_UART_WIDTH(width) };
	} else {
		pr_err("refused: uart=%s: give pl011,PA or 16550,PA[,SHIFT(0-3)[,WIDTH(1|4)]]\n",
		       uart);
		return -EINVAL;
	}
	if (!pa) {
		pr_err("refused: uart=%s: no address\n", uart);
		return -EINVAL;
	}
	return 0;
}

static int el2_present(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);

	return ((pfr0 >> 8) & 0xf) != 0;	/* ID_AA64PFR0_EL1.EL2 */
}

static int current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

/*
 * Ask EL2 a call Linux's hyp stub does not know: the stub answers
 * HVC_STUB_ERR; KVM, or a hypervisor that is not ours, answers otherwise.
 */
static u64 hyp_stub_probe(void)
{
	register u64 x0 __asm__("x0") = HVC_STUB_HCALL_NR;

	asm volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5",
		     "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
		     "x15", "x16", "x17", "memory");
	return x0;
}

static int load(void)
{
	struct seg *k = &plan.seg[SEG_KERNEL], *d = &plan.seg[SEG_DTB];
	struct seg *r = &plan.seg[SEG_INITRD];
	const char *dtb_path = dtb ? dtb : "/sys/firmware/fdt";
	struct kreloc_image_info img;
	u8 head[64];
	size_t size;
	void *in = NULL, *out = NULL;
	ssize_t n;
	int e;

	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	e = security_locked_down(LOCKDOWN_KEXEC);
	if (e) {
		pr_err("refused: the kernel is locked down against kexec\n");
		return e;
	}
	if (!kernel) {
		pr_err("refused: kernel=PATH is required\n");
		return -EINVAL;
	}
	e = parse_uart();
	if (e)
		return e;
	kreloc_cpu_read(&plan.cpu);

	/* 2. headers: the Image's from its first 64 bytes, sizes */
	e = file_head(kernel, READING_KEXEC_IMAGE, head, sizeof(head), &size);
	if (e)
		return e;
	k->size = size;
	/* image_check reads the 64-byte header; len is the file's size */
	e = size < sizeof(head) ? KRELOC_E_INVAL :
	    kreloc_image_check(head, size, &plan.cpu, &img);
	if (e)
		return refuse("kernel", e, NULL);
	if (initrd) {
		e = file_head(initrd, READING_KEXEC_INITRAMFS, head, 1, &size);
		if (e)
			return e;
		r->size = size;
	}
	n = kernel_read_file_from_path_initns(dtb_path, 0, &in, DTB_MAX, NULL,
					      READING_UNKNOWN);
	if (n < 0) {
		pr_err("refused: cannot read %s: error %zd\n", dtb_path, n);
		return (int)n;
	}
	e = kreloc_dtb_check(in, n, NULL);
	if (e) {
		vfree(in);
		return refuse("dtb", e, NULL);
	}

	/* 3. place, with the DTB's final size (it does not depend on
	 * where things go), then 4. the DTB with the real addresses */
	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
			    0, -1, NULL, add_ram);
	e = make_dtb(in, n, &out, &size);
	if (!e) {
		kvfree(out);
		d->size = size;
		e = place(&img);
	}
	if (!e) {
		e = kreloc_image_check_place(&img, k->dest);
		e = e ? refuse("kernel", e, NULL) : 0;
	}
	e = e ? e : make_dtb(in, n, &out, &size);
	vfree(in);
	if (e)
		return e;

	/* 5. read: every source page outside every destination */
	e = seg_pages(k);
	e = e ? e : seg_pages(d);
	e = e ? e : seg_pages(r);
	e = e ? e : seg_read(k, kernel, READING_KEXEC_IMAGE);
	e = e ? e : (initrd ? seg_read(r, initrd, READING_KEXEC_INITRAMFS) : 0);
	if (!e)
		seg_fill(d, 0, out, d->size);
	kvfree(out);
	if (e == -ENOMEM)
		pr_err("refused: out of memory for the source pages\n");
	if (e)
		return e;
	if (d->size % PAGE_SIZE)
		memset(page_address(d->pages[d->nr_pages - 1]) + d->size % PAGE_SIZE,
		       0, PAGE_SIZE - d->size % PAGE_SIZE);

	/* 6. plan: list, stub, and a map per level the stub may run at */
	e = build_list();
	if (e)
		return e;
	if (host_alloc(NULL, KRELOC_BLOB_SIZE, &plan.stub))
		return refuse("stub", KRELOC_E_NOMEM, NULL);
	e = build_variant(&plan.v[0], kreloc_current_tt_format());
	if (!e && current_el() == 1 && el2_present()) {
		plan.v[1].el2_soft_restart = 1;
		e = build_variant(&plan.v[1], KRELOC_TT_EL2);
	}
	free_rejects();
	return e;
}

/* --- the trigger -------------------------------------------------------- */

/*
 * Switch TTBR0 to the map (with MAIR and TCR to match) and branch, with
 * x0 = the argument block. Nothing between the MAIR write and the branch
 * touches memory: the kernel's own mappings may use other indices.
 */
static void __noreturn branch_mmu_on(u64 mair, u64 tcr, u64 root, u64 stub,
				     u64 args)
{
	register u64 x0 __asm__("x0") = args;

	asm volatile("msr mair_el1, %1\n\t"
		     "msr tcr_el1, %2\n\t"
		     "msr ttbr0_el1, %3\n\t"
		     "isb\n\t"
		     "tlbi vmalle1\n\t"
		     "dsb nsh\n\t"
		     "isb\n\t"
		     "br %4"
		     : : "r"(x0), "r"(mair), "r"(tcr), "r"(root), "r"(stub)
		     : "memory");
	unreachable();
}

/* MMU on: TTBR0 = kreloc's identity map (the _el1 names reach EL2 under VHE). */
static void __noreturn enter_mmu_on(const struct variant *v)
{
	static const u64 tg0[] = { [0] = 0, [2] = 2, [4] = 1 }; /* 4K 16K 64K */
	u64 tcr = read_sysreg(tcr_el1), mair = read_sysreg(mair_el1);

	/* T0SZ[5:0], EPD0[7], IRGN0[9:8], ORGN0[11:10], SH0[13:12], TG0[15:14] */
	tcr &= ~0xffbfULL;
	tcr |= v->map.t0sz | 1ULL << 8 | 1ULL << 10 | 3ULL << 12 |
	       tg0[ilog2(v->map.granule) - 12] << 14;
	mair = (mair & ~0xffffULL) | KRELOC_MAIR_VALUE;	/* our indices 0, 1 */
	branch_mmu_on(mair, tcr, v->map.root, plan.stub.pa, v->args.pa);
}

/* MMU off, at EL2: Linux's hyp stub branches to x1 with x0..x2 = x2..x4. */
static void el2_soft_restart(const struct variant *v)
{
	u64 stub = plan.stub.pa, args = v->args.pa;
	register u64 x0 __asm__("x0") = HVC_SOFT_RESTART;
	register u64 x1 __asm__("x1") = stub;
	register u64 x2 __asm__("x2") = args;
	register u64 x3 __asm__("x3") = 0;
	register u64 x4 __asm__("x4") = 0;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
		     : : "memory");
}

/*
 * The last thing the old system runs: after the shutdown, on the last
 * CPU, with interrupts off. Returning lets the next handler (PSCI)
 * reset the machine.
 */
static int restart_handler(struct notifier_block *nb, unsigned long mode,
			   void *cmd)
{
	const struct variant *v = &plan.v[0];

	if (!READ_ONCE(plan.triggered))
		return NOTIFY_DONE;
	if (plan.v[1].used && hyp_stub_probe() == HVC_STUB_ERR)
		v = &plan.v[1];
	pr_info("entering the stub at 0x%llx, %s\n",
		(unsigned long long)plan.stub.pa,
		v->el2_soft_restart ? "at EL2 through the hyp stub, MMU off" :
		current_el() == 2 ? "at EL2 (VHE), MMU on" : "at EL1, MMU on");
	/* kreloc_install() invalidated the I-cache of another CPU, maybe */
	asm volatile("ic iallu\n\tdsb nsh\n\tisb" : : : "memory");
	if (v->el2_soft_restart) {
		el2_soft_restart(v);
		pr_emerg("the hyp stub refused the soft restart\n");
		return NOTIFY_DONE;
	}
	enter_mmu_on(v);
}

static struct notifier_block restart_nb = {
	.notifier_call = restart_handler,
	.priority = 255,	/* before every handler that resets */
};

/* Every other CPU down through PSCI, so the new kernel can start them. */
static int secondaries_down(void)
{
	unsigned int cpu, keep = cpumask_first(cpu_online_mask);
	int e;

	for_each_online_cpu(cpu) {
		if (cpu == keep)
			continue;
		e = remove_cpu(cpu);
		if (e) {
			pr_err("CPU %u would not go down (%d); not booting\n", cpu, e);
			for_each_present_cpu(cpu)
				if (!cpu_online(cpu))
					add_cpu(cpu);
			return e;
		}
	}
	return 0;
}

static ssize_t exec_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	bool go;
	int e;

	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	e = security_locked_down(LOCKDOWN_KEXEC);
	if (e)
		return e;
	if (kstrtobool(buf, &go))
		return -EINVAL;
	if (!go)
		return count;
	pr_info("exec: taking the other CPUs down\n");
	e = secondaries_down();
	if (e)
		return e;
	pr_info("exec: shutting down, then kreloc\n");
	WRITE_ONCE(plan.triggered, 1);
	kernel_restart(NULL);		/* does not return */
	return count;
}

static struct kobj_attribute exec_attr = __ATTR(exec, 0200, NULL, exec_store);
static struct kobject *kreloc_kobj;

static int __init kreloc_kexec_init(void)
{
	const struct seg *s = plan.seg;
	int e;

	INIT_LIST_HEAD(&plan.rejects);
	e = load();

	if (!e) {
		kreloc_kobj = kobject_create_and_add("kreloc", kernel_kobj);
		e = kreloc_kobj ? sysfs_create_file(kreloc_kobj, &exec_attr.attr) :
				  -ENOMEM;
	}
	e = e ? e : register_restart_handler(&restart_nb);
	if (e) {
		kobject_put(kreloc_kobj);
		free_plan();
		return e;
	}
	pr_info("armed: kernel at 0x%llx (%llu bytes), dtb at 0x%llx (%llu), initrd at 0x%llx (%llu); stub at 0x%llx; %zu list page(s), %zu table page(s)%s\n",
		s[SEG_KERNEL].dest, s[SEG_KERNEL].size, s[SEG_DTB].dest,
		s[SEG_DTB].size, s[SEG_INITRD].dest, s[SEG_INITRD].size,
		plan.stub.pa, plan.list.nr_pages, plan.v[0].map.nr_pages,
		plan.v[1].used ? ", and a plan for EL2 through the hyp stub" : "");
	if (plan.uart.pa)
		pr_info("the stub reports on the UART at 0x%llx\n", plan.uart.pa);
	plan.armed = 1;
	return 0;
}

static void __exit kreloc_kexec_exit(void)
{
	unregister_restart_handler(&restart_nb);
	kobject_put(kreloc_kobj);
	free_plan();
	pr_info("disarmed\n");
}

module_init(kreloc_kexec_init);
module_exit(kreloc_kexec_exit);
MODULE_DESCRIPTION("kexec through kreloc's relocation stub");
MODULE_LICENSE("Dual BSD/GPL");
