// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * An example bootloader that boots Linux through kreloc, the way an
 * integrator would: the kernel Image, initramfs and DTB were loaded
 * wherever there was room (here by QEMU's -device loader); it checks their
 * headers, places the Image as booting.rst says (a 2 MiB-aligned base +
 * text_offset, image_size free), the initrd where the DTB's /chosen says
 * and the DTB after the kernel, builds and validates the plan, and enters
 * the stub. Nothing is moved by hand: kreloc does all of it.
 *
 * Its command line (QEMU -semihosting-config arg=...):
 *   kernel=LOAD:SIZE initrd=LOAD:SIZE:DEST dtb=LOAD:SIZE mem=BYTES [vhe=1]
 */
#include <kreloc/kreloc.h>
#include "baremetal/cmdline.h"
#include "baremetal/cpu.h"
#include "baremetal/libc.h"
#include "baremetal/semihost.h"

#define RAM_BASE	0x40000000ull		/* QEMU virt */
#define KERNEL_BASE	0x40800000ull		/* above this program */
#define ALIGN_2M	0x200000ull
#define PAGE		0x1000ull

struct blob {
	kreloc_pa_t load, size, dest;
};

static struct {
	struct blob kernel, initrd, dtb;
	uint64_t mem, vhe;
	kreloc_pa_t pool;		/* bump allocator for safe pages */
} cfg;

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

/* key=LOAD:SIZE[:DEST] */
static struct blob blob_arg(const char *key)
{
	const char *v = cmd_get(key);
	struct blob b = { 0, 0, 0 };

	if (!v) {
		stop("missing argument", 0, 2);
	}
	b.load = cmd_num(v, &v);
	b.size = *v == ':' ? cmd_num(v + 1, &v) : 0;
	b.dest = *v == ':' ? cmd_num(v + 1, &v) : 0;
	return b;
}

static void parse_cmdline(void)
{
	if (!cmd_read()) {
		stop("no command line", 0, 2);
	}
	cfg.kernel = blob_arg("kernel");
	cfg.initrd = blob_arg("initrd");
	cfg.dtb = blob_arg("dtb");
	cfg.mem = cmd_u64("mem", 0x40000000);
	cfg.vhe = cmd_u64("vhe", 0);
}

/* Safe pages: from the top of RAM down, far from everything loaded. */
static int pool_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	(void)ctx;
	cfg.pool = (cfg.pool - size) & ~(size - 1);
	out->pa = cfg.pool;
	out->va = (void *)cfg.pool;
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
	struct kreloc_idmap_spec spec = { &ram, 1, &uart, 1, 0 };
	struct kreloc_segment seg[3];
	struct kreloc_page stub, args;
	struct kreloc_boot boot;
	struct kreloc_error err = { 0 };
	struct kreloc_cpu cpu;
	uint64_t dtb_size;
	int e, i;

	parse_cmdline();
	ram = (struct kreloc_range){ RAM_BASE, cfg.mem };
	cfg.pool = RAM_BASE + cfg.mem;
	if (cfg.vhe) {
		__asm__ volatile("mrs x0, hcr_el2\n\torr x0, x0, #(1 << 34)\n\t"
				 "msr hcr_el2, x0\n\tisb" : : : "x0", "memory");
	}
	kreloc_cpu_read(&cpu);

	/* Headers first: a kernel this CPU cannot run is refused here. */
	e = kreloc_image_check((void *)cfg.kernel.load, cfg.kernel.size, &cpu, &img);
	if (e) {
		stop("kernel refused", e, 3);
	}
	e = kreloc_dtb_check((void *)cfg.dtb.load, cfg.dtb.size, &dtb_size);
	if (e) {
		stop("DTB refused", e, 3);
	}

	/* Placement, per booting.rst. */
	cfg.kernel.dest = KERNEL_BASE + img.text_offset;
	e = kreloc_image_check_place(&img, cfg.kernel.dest);
	if (e) {
		stop("kernel placement", e, 3);
	}
	cfg.dtb.dest = align_up(cfg.kernel.dest + img.image_size, ALIGN_2M);
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
	e = kreloc_idmap_build(&map, &spec, &cpu, &host, &err);
	if (e) {
		stop("identity map", e, 4);
	}
	pool_alloc(0, PAGE, &stub);
	pool_alloc(0, PAGE, &args);
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
