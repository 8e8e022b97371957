// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * An example bootloader that boots Linux through kreloc, the way an
 * integrator would: the kernel Image, initramfs and DTB were loaded
 * wherever there was room (here by QEMU's -device loader), and their final
 * places were chosen by whoever prepared the DTB (here boot-in-qemu.sh,
 * next to this file). It checks the headers and every address against
 * the RAM, itself and booting.rst, builds and validates the plan, and
 * enters the stub. Nothing is moved by hand: kreloc does all of it.
 *
 * Its command line (QEMU -semihosting-config arg=...), numbers decimal or
 * 0x-hex:
 *   kernel=LOAD:SIZE:BASE  the Image; it goes to BASE + text_offset, BASE
 *                          2 MiB aligned, image_size bytes kept for it
 *   initrd=LOAD:SIZE:DEST  the initramfs; DEST is what the DTB's /chosen
 *                          linux,initrd-start says
 *   dtb=LOAD:SIZE:DEST     the device tree; the kernel gets DEST in x0
 *   mem=BYTES              RAM, from 0x40000000 (QEMU virt)
 *   pool=BASE:SIZE         free RAM for the safe pages: the list, the
 *                          identity map, the stub and its argument block
 *   [vhe=1]                at EL2, set HCR_EL2.E2H before anything else
 * Exit status: 2 a bad argument or placement, 3 a header refused, 4 the
 * plan refused, 5 the stub stopped; on success the kernel runs.
 */
#include <kreloc/kreloc.h>
#include "baremetal/cmdline.h"
#include "baremetal/cpu.h"
#include "baremetal/libc.h"
#include "baremetal/semihost.h"

#define RAM_BASE	0x40000000ull		/* QEMU virt */
#define PAGE		0x1000ull
#define GIB		0x40000000ull
#define INITRD_WINDOW	(32 * GIB)		/* booting.rst */

struct blob {
	kreloc_pa_t load, size, dest;
};

static struct {
	struct blob kernel, initrd, dtb;
	uint64_t mem, vhe;
	kreloc_pa_t pool_base, pool_size;
	kreloc_pa_t pool;		/* bump allocator, top down */
} cfg;

extern char __image_start[], __image_end[];	/* baremetal.lds */

void bare_main(void);
void bare_failed(void);
void bare_stub_failed(const struct kreloc_status *st);

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

__attribute__((noreturn))
static void stop(const char *what, int err, unsigned code)
{
	out_str("boot: ");
	out_str(what);
	if (err) {
		out_str(": ");
		out_str(kreloc_strerror(err));
	}
	out_str("\n");
	sh_exit(code);
}

/* key=A:B[:C] */
static struct blob blob_arg(const char *key, int want_dest)
{
	const char *v = cmd_get(key);
	struct blob b = { 0, 0, 0 };

	if (!v) {
		out_str("boot: missing argument ");
		out_str(key);
		stop("=", 0, 2);
	}
	b.load = cmd_num(v, &v);
	b.size = *v == ':' ? cmd_num(v + 1, &v) : 0;
	if (want_dest && *v != ':') {
		out_str("boot: ");
		out_str(key);
		stop("= needs LOAD:SIZE:DEST", 0, 2);
	}
	b.dest = *v == ':' ? cmd_num(v + 1, &v) : 0;
	return b;
}

static void parse_cmdline(void)
{
	struct blob pool;

	if (!cmd_read()) {
		stop("no command line", 0, 2);
	}
	cfg.kernel = blob_arg("kernel", 1);
	cfg.initrd = blob_arg("initrd", 1);
	cfg.dtb = blob_arg("dtb", 1);
	pool = blob_arg("pool", 0);
	cfg.pool_base = pool.load;
	cfg.pool_size = pool.size;
	cfg.pool = cfg.pool_base + cfg.pool_size;
	cfg.mem = cmd_u64("mem", 0);
	cfg.vhe = cmd_u64("vhe", 0);
}

/* --- placement checks: each names the rule and the addresses ----------- */

static int overlap(kreloc_pa_t a, uint64_t as, kreloc_pa_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

__attribute__((noreturn))
static void bad(const char *what, const char *rule, kreloc_pa_t a,
		uint64_t size)
{
	out_str("boot: bad placement: ");
	out_str(what);
	out_str(" ");
	out_str(rule);
	out_str(" (");
	out_hex(a);
	out_str(", ");
	out_dec(size);
	out_str(" bytes)\n");
	sh_exit(2);
}

/* [a, a + size) in RAM and clear of this program. */
static void check_range(const char *what, kreloc_pa_t a, uint64_t size)
{
	kreloc_pa_t prog = (kreloc_pa_t)(uintptr_t)__image_start;
	uint64_t prog_size = (uintptr_t)__image_end - (uintptr_t)__image_start;

	if (a < RAM_BASE || size > cfg.mem || a - RAM_BASE > cfg.mem - size) {
		bad(what, "outside RAM", a, size);
	}
	if (overlap(a, size, prog, prog_size)) {
		bad(what, "over this bootloader", a, size);
	}
}

static const char *const name[3] = { "kernel", "initrd", "dtb" };

static struct blob *blobs(int i)
{
	return i == 0 ? &cfg.kernel : i == 1 ? &cfg.initrd : &cfg.dtb;
}

/* Before any header is read: what QEMU loaded, and the pool. */
static void check_loads(void)
{
	struct blob *b, *o;
	int i, j;

	if (!cfg.mem || cfg.mem % 0x10000 || cfg.mem > 255 * GIB) {
		bad("mem=", "is not a multiple of 64 KiB up to 255 GiB",
		    RAM_BASE, cfg.mem);
	}
	for (i = 0; i < 3; i++) {
		b = blobs(i);
		if (!b->size) {
			bad(name[i], "is empty", b->load, 0);
		}
		check_range(name[i], b->load, b->size);
		for (j = 0; j < i; j++) {
			o = blobs(j);
			if (overlap(b->load, b->size, o->load, o->size)) {
				bad(name[i], "is loaded over another file",
				    b->load, b->size);
			}
		}
	}
	if (cfg.pool_base % PAGE || cfg.pool_size % PAGE || !cfg.pool_size) {
		bad("pool", "is not whole pages", cfg.pool_base, cfg.pool_size);
	}
	check_range("pool", cfg.pool_base, cfg.pool_size);
	for (i = 0; i < 3; i++) {
		b = blobs(i);
		if (overlap(cfg.pool_base, cfg.pool_size, b->load, b->size)) {
			bad("pool", "overlaps a loaded file",
			    cfg.pool_base, cfg.pool_size);
		}
	}
}

/* The destinations, once the headers gave their sizes. */
static void check_dests(const struct kreloc_image_info *img, uint64_t dtb_size)
{
	uint64_t size[3] = { img->image_size, cfg.initrd.size, dtb_size };
	uint64_t kernel_end, initrd_end, lo, hi;
	int i;

	for (i = 0; i < 3; i++) {
		const struct blob *b = blobs(i);

		check_range(name[i], b->dest, size[i]);
		if (overlap(cfg.pool_base, cfg.pool_size, b->dest, size[i])) {
			bad(name[i], "is placed over the pool",
			    b->dest, size[i]);
		}
	}
	/*
	 * booting.rst: the initrd lies within one 1 GiB-aligned window of at
	 * most 32 GiB that also covers the kernel Image. Overlaps between
	 * destinations, and sources overwritten before they are read, are
	 * kreloc_install()'s to find.
	 */
	kernel_end = cfg.kernel.dest + img->image_size;
	initrd_end = cfg.initrd.dest + cfg.initrd.size;
	lo = cfg.kernel.dest;
	if (cfg.initrd.dest < lo) {
		lo = cfg.initrd.dest;
	}
	hi = kernel_end > initrd_end ? kernel_end : initrd_end;
	if (hi - (lo & ~(GIB - 1)) > INITRD_WINDOW) {
		bad("initrd", "is not within 32 GiB of the kernel's 1 GiB",
		    cfg.initrd.dest, cfg.initrd.size);
	}
}

/* Safe pages: from the top of the pool down; none past its base. */
static int pool_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	kreloc_pa_t pa = (cfg.pool - size) & ~(size - 1);

	(void)ctx;
	if (size > cfg.pool - cfg.pool_base || pa < cfg.pool_base) {
		return KRELOC_E_NOMEM;
	}
	cfg.pool = pa;
	out->pa = pa;
	out->va = (void *)pa;
	return 0;
}

static void *identity(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return (void *)pa;
}

static const struct kreloc_host host = { pool_alloc, identity, 0 };

static void show(const char *name, const struct blob *b)
{
	out_str("boot: ");
	out_str(name);
	out_str(" loaded at ");
	out_hex(b->load);
	out_str(" (");
	out_dec(b->size);
	out_str(" bytes), placed at ");
	out_hex(b->dest);
	out_str("\n");
}

void bare_main(void)
{
	static struct kreloc_list list;
	static struct kreloc_idmap map;
	struct kreloc_image_info img;
	struct kreloc_range ram, uart = { 0x09000000, 0x10000 };
	struct kreloc_range code;
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .device = &uart, .nr_device = 1,
		.code = &code, .nr_code = 1,	/* the stub's region */
	};
	struct kreloc_segment seg[3];
	struct kreloc_page stub, args;
	struct kreloc_boot boot;
	struct kreloc_error err = { 0 };
	struct kreloc_cpu cpu;
	uint64_t dtb_size;
	int e, i;

	parse_cmdline();
	check_loads();
	ram = (struct kreloc_range){ RAM_BASE, cfg.mem };
	if (cfg.vhe) {
		/* ID_AA64MMFR1_EL1.VH, bits [11:8] */
		if (current_el() != 2 ||
		    !((read_sysreg(id_aa64mmfr1_el1) >> 8) & 0xf)) {
			stop("vhe=1 needs EL2 and a CPU with VHE", 0, 2);
		}
		__asm__ volatile("mrs x0, hcr_el2\n\torr x0, x0, #(1 << 34)\n\t"
				 "msr hcr_el2, x0\n\tisb" : : : "x0", "memory");
	}
	kreloc_cpu_read(&cpu);

	/* Headers first: a kernel this CPU cannot run is refused here. */
	e = kreloc_image_check((void *)cfg.kernel.load, cfg.kernel.size, &cpu,
			       &img);
	if (e) {
		stop("kernel refused", e, 3);
	}
	e = kreloc_dtb_check((void *)cfg.dtb.load, cfg.dtb.size, &dtb_size);
	if (e) {
		stop("DTB refused", e, 3);
	}

	/* Placement, per booting.rst: a 2 MiB-aligned base + text_offset. */
	e = kreloc_image_check_place(&img, cfg.kernel.dest + img.text_offset);
	if (e) {
		stop("kernel placement", e, 2);
	}
	cfg.kernel.dest += img.text_offset;
	check_dests(&img, dtb_size);
	cfg.dtb.size = dtb_size;

	seg[0] = (struct kreloc_segment){ cfg.kernel.dest, cfg.kernel.load,
		cfg.kernel.size, align_up(img.image_size, PAGE) };
	seg[1] = (struct kreloc_segment){ cfg.initrd.dest, cfg.initrd.load,
		cfg.initrd.size, align_up(cfg.initrd.size, PAGE) };
	seg[2] = (struct kreloc_segment){ cfg.dtb.dest, cfg.dtb.load,
		cfg.dtb.size, align_up(cfg.dtb.size, PAGE) };

	e = kreloc_list_init(&list, PAGE, &host);
	for (i = 0; !e && i < 3; i++) {
		e = kreloc_list_add(&list, &seg[i]);
	}
	if (!e) {
		e = kreloc_list_finish(&list);
	}
	if (e) {
		stop("list", e, 4);
	}
	if (pool_alloc(0, KRELOC_BLOB_SIZE, &stub) ||
	    pool_alloc(0, PAGE, &args)) {
		stop("stub pages", KRELOC_E_NOMEM, 4);
	}
	code = (struct kreloc_range){ stub.pa, KRELOC_BLOB_SIZE };
	e = kreloc_idmap_build(&map, &spec, &cpu, &host, &err);
	if (e) {
		stop("identity map", e, 4);
	}
	boot = (struct kreloc_boot){
		.entry = cfg.kernel.dest,
		.x = { cfg.dtb.dest, 0, 0, 0 },
		.dtb = cfg.dtb.dest,
		.dtb_size = cfg.dtb.size,
		.fail_addr = (kreloc_pa_t)(uintptr_t)bare_failed,
	};
	e = kreloc_install(&stub, &args, &list, &map, &boot, &cpu, &err);
	if (e) {
		out_str("boot: at ");
		out_hex(err.addr);
		out_str(" / ");
		out_hex(err.other);
		out_str("\n");
		stop("plan refused", e, 4);
	}

	show("kernel", &cfg.kernel);
	show("initrd", &cfg.initrd);
	show("dtb", &cfg.dtb);
	out_str("boot: EL");
	out_dec(current_el());
	out_str(current_el() == 2 ? (read_e2h() ? " (VHE)" : " (no VHE)") : "");
	out_str(", kernel pages ");
	out_dec(img.page_size >> 10);
	out_str("K; ");
	out_dec(list.nr_pages);
	out_str(" list page(s), ");
	out_dec(map.granule >> 10);
	out_str("K-granule identity map in ");
	out_dec(map.nr_pages);
	out_str(" table page(s); entering the stub\n");
	kreloc_enter(stub.pa, args.pa);
}

void bare_stub_failed(const struct kreloc_status *st)
{
	out_str("boot: the stub stopped: phase ");
	out_dec(st->phase);
	out_str(" error ");
	out_dec(st->error);
	out_str(" esr ");
	out_hex(st->esr);
	out_str(" far ");
	out_hex(st->far);
	out_str("\n");
	sh_exit(5);
}
