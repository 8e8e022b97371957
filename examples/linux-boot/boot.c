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
 *   [smp=N park=PA stub=PA] spin-table: N CPUs (2..8), the park area for
 *                          their release slots at PA (kreloc_park_size(N)
 *                          bytes) and the stub's region at PA, both as the
 *                          DTB's cpu-release-addr and /reserved-memory say
 *                          (boot-in-qemu.sh ENABLE=spin-table writes them)
 *   [verify=0|1|soft]      1: each file goes into the plan with its SHA-256
 *                          (kreloc_list_add_verified()), and the stub checks
 *                          them all before it moves a byte (KRELOC_F_VERIFY,
 *                          with FPSIMD), with the CPU's SHA-256 instructions
 *                          where it has them; soft: with its software
 *                          SHA-256 (KRELOC_F_VERIFY_SOFT). Either prints the
 *                          stub's breadcrumbs on the PL011
 *   [corrupt=NAME:OFFSET]  with verify: once the plan is installed, flip bit
 *                          0 of byte OFFSET of the kernel, initrd or dtb,
 *                          where the stub will read it (its loaded copy,
 *                          which in place may be its destination, or the
 *                          bounce page that holds a partial last page):
 *                          a stray write after planning. The stub must
 *                          refuse, and this program reports it (exit 7)
 *                          once it has checked that no destination, loaded
 *                          copy or bounce page changed but for that bit
 * A file may be loaded where it overlaps a destination, its own or
 * another's (boot-in-qemu.sh KERNEL_LOAD= and INITRD_LOAD=: the kernel 1
 * MiB above or below where it must run, or kernel and initrd each loaded
 * where the other must go): then the three go to kreloc_list_plan() (with
 * verify=, kreloc_list_plan_verified()) instead of kreloc_list_add(), which
 * orders the copies so that every source page is read before anything
 * overwrites it, with at most one bounce page for cycles; this program
 * says so and prints the bounce pages used. With such a plan one digest
 * covers all three files in the plan's order, and on a refusal the stub
 * names the page op's destination, not a file: this program names the
 * file whose destination holds it, or for the cycle bounce page the file
 * whose page went through it (the one the page checks say differs).
 * Exit status: 2 a bad argument or placement, 3 a header refused, 4 the
 * plan refused, 5 the stub stopped, 6 a secondary CPU did not park, 7 the
 * stub found a file that is not what was planned (verify=) and moved
 * nothing; on success the kernel runs.
 *
 * With smp=N, after kreloc_install() the secondary CPUs are started with
 * PSCI CPU_ON (QEMU virt's PSCI: hvc from EL1, smc from EL2, where QEMU
 * has no EL3 and answers it itself; at EL3 the bootloader would be the
 * firmware, and QEMU starts every CPU at once: not supported here), each
 * into secondary_entry below, which enters kreloc's park entry with x0 =
 * its slot: CPU 1 with its MMU on, through kreloc's identity map (that is
 * what a kernel would do), the others with it off. The boot CPU waits
 * until each has reported itself parked (kreloc_park_status()), then
 * enters the stub. The next kernel releases them through spin-table.
 */
#include <kreloc/kreloc.h>
#include "baremetal/cmdline.h"
#include "baremetal/cpu.h"
#include "baremetal/libc.h"
#include "baremetal/psci.h"
#include "baremetal/semihost.h"

#define RAM_BASE	0x40000000ull		/* QEMU virt */
#define PAGE		0x1000ull
#define GIB		0x40000000ull
#define INITRD_WINDOW	(32 * GIB)		/* booting.rst */
#define MAX_CPUS	8			/* QEMU virt with GICv2 */
#define STACK		0x1000			/* a secondary's, until it parks */
#define HCR_EL2_E2H	(1ull << 34)

struct blob {
	kreloc_pa_t load, size, dest;
};

static struct {
	struct blob kernel, initrd, dtb;
	uint64_t mem, vhe;
	kreloc_pa_t pool_base, pool_size;
	kreloc_pa_t pool;		/* bump allocator, top down */
	uint64_t smp;			/* CPUs, 1: no secondaries */
	kreloc_pa_t park_pa, stub_pa;	/* with smp > 1: where they go */
	unsigned verify;		/* VERIFY_* */
	int corrupt;			/* blob to corrupt, -1: none */
	uint64_t corrupt_off;		/* ... at this byte */
	int inplace;			/* a load overlaps a destination */
} cfg;

enum { VERIFY_OFF, VERIFY_ON, VERIFY_SOFT };

/*
 * The plan's segments, in the order they were added: kernel, initrd, dtb
 * (the numbers the DIGEST entries carry). Read again on a refusal, when
 * the stub comes back through bare_failed.
 */
static struct kreloc_segment seg[3];

/* The plan, read again on a refusal (its page checks, its bounce pages). */
static struct kreloc_list copy_list;

/*
 * With corrupt=: a sum of the words of every destination, loaded copy and
 * bounce page before the bit was flipped, and the flipped byte as it was
 * left for the stub.
 */
static uint64_t plan_sum_before;
static volatile uint8_t *flipped;
static uint8_t flipped_value;

/* Shared with the secondaries, which read them with their MMU off. */
static struct kreloc_idmap map;
static struct kreloc_park park;
static struct kreloc_page stub;

void secondary_main(uint64_t cpu);
uint8_t secondary_stacks[MAX_CPUS][STACK] __attribute__((aligned(16)));
/* SCTLR as each secondary enters the park entry, cleaned to PoC for us */
static uint64_t secondary_sctlr[MAX_CPUS] __attribute__((aligned(64)));

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

static const char *const name[3] = { "kernel", "initrd", "dtb" };

/* corrupt=NAME:OFFSET */
static void corrupt_arg(void)
{
	const char *v = cmd_get("corrupt"), *n, *end;
	int i;

	cfg.corrupt = -1;
	if (!v) {
		return;
	}
	for (i = 0; i < 3; i++) {
		for (n = name[i], end = v; *n && *end == *n; n++, end++) {
		}
		if (!*n && *end == ':') {
			break;
		}
	}
	if (i == 3 || end[1] < '0' || end[1] > '9') {
		stop("corrupt= needs NAME:OFFSET, NAME kernel, initrd or dtb",
		     0, 2);
	}
	cfg.corrupt = i;
	cfg.corrupt_off = cmd_num(end + 1, 0);
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
	cfg.smp = cmd_u64("smp", 1);
	cfg.park_pa = cmd_u64("park", 0);
	cfg.stub_pa = cmd_u64("stub", 0);
	if (cmd_is("verify", "1")) {
		cfg.verify = VERIFY_ON;
	} else if (cmd_is("verify", "soft")) {
		cfg.verify = VERIFY_SOFT;
	} else if (cmd_get("verify") && !cmd_is("verify", "0")) {
		stop("verify= takes 0, 1 or soft", 0, 2);
	}
	corrupt_arg();
	if (cfg.corrupt >= 0 && !cfg.verify) {
		stop("corrupt= needs verify=1 or verify=soft", 0, 2);
	}
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

static struct blob *blobs(int i)
{
	return i == 0 ? &cfg.kernel : i == 1 ? &cfg.initrd : &cfg.dtb;
}

/* The park area and the stub's region: RAM of their own. */
static void check_smp(void)
{
	const struct kreloc_range r[2] = {
		{ cfg.park_pa, kreloc_park_size((unsigned)cfg.smp) },
		{ cfg.stub_pa, KRELOC_BLOB_SIZE },
	};
	static const char *const what[2] = { "park", "stub" };
	int i, j;

	if (cfg.smp > MAX_CPUS) {
		bad("smp=", "is more than QEMU virt's 8 CPUs", 0, cfg.smp);
	}
	if (current_el() == 3) {
		bad("smp=", "needs EL1 or EL2 (QEMU's PSCI)", 0, cfg.smp);
	}
	for (i = 0; i < 2; i++) {
		if (!r[i].base || r[i].base % PAGE) {
			bad(what[i], "is missing or not page aligned", r[i].base,
			    r[i].size);
		}
		check_range(what[i], r[i].base, r[i].size);
		for (j = 0; j < 3; j++) {
			if (overlap(r[i].base, r[i].size, blobs(j)->load,
				    blobs(j)->size)) {
				bad(what[i], "overlaps a loaded file",
				    r[i].base, r[i].size);
			}
		}
		if (overlap(r[i].base, r[i].size, cfg.pool_base,
			    cfg.pool_size)) {
			bad(what[i], "overlaps the pool", r[i].base, r[i].size);
		}
	}
	if (overlap(r[0].base, r[0].size, r[1].base, r[1].size)) {
		bad("park", "overlaps the stub", r[0].base, r[0].size);
	}
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
	if (cfg.smp > 1) {
		check_smp();
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

/*
 * A plan in place may scatter its writes (a cycle writes every k-th page
 * first); kreloc_install() then checks its order a window of pages per
 * pass over the list, unless lent a bit per page of the destinations'
 * span: one pass. From what the pool has left once everything else is
 * taken; if it has not enough, no loan (more passes, the same verdict).
 */
static void lend_check_bits(void)
{
	kreloc_pa_t lo = ~(kreloc_pa_t)0, hi = 0;
	uint64_t bytes, size = PAGE;
	struct kreloc_page bits;
	int i;

	for (i = 0; i < 3; i++) {
		if (seg[i].memsz) {
			lo = seg[i].dest < lo ? seg[i].dest : lo;
			hi = seg[i].dest + seg[i].memsz > hi ?
			     seg[i].dest + seg[i].memsz : hi;
		}
	}
	bytes = ((hi - lo + PAGE - 1) / PAGE + 63) / 64 * 8;
	while (size < bytes) {
		size <<= 1;
	}
	if (lo < hi && !pool_alloc(0, size, &bits)) {
		copy_list.check_bits = bits.va;
		copy_list.check_bits_size = size;
		out_str("boot: ");
		out_dec(size >> 10);
		out_str(" KiB of check bits lent to kreloc_install(), a bit a page from ");
		out_hex(lo);
		out_str(" to ");
		out_hex(hi);
		out_str("\n");
	}
}

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

/* --- secondary CPUs: started by PSCI, parked in the stub ------------------ */

/*
 * PSCI CPU_ON's way in: x0 = the CPU's index (the context id), MMU off,
 * at the EL the boot CPU runs at; a stack of its own, then C.
 */
__asm__(".pushsection .text\n"
	"	.globl	secondary_entry\n"
	"	.type	secondary_entry, %function\n"
	"secondary_entry:\n"
	"	msr	daifset, #0xf\n"
	"	ldr	x1, =secondary_stacks\n"
	"	add	x2, x0, #1\n"
	"	lsl	x2, x2, #12\n"			/* STACK */
	"	add	sp, x1, x2\n"
	"	bl	secondary_main\n"
	"1:	b	1b\n"
	"	.size	secondary_entry, . - secondary_entry\n"
	"	.popsection");
void secondary_entry(void);

#define TCR_WALK_WBWA_INNER	((1u << 8) | (1u << 10) | (3u << 12))
#define TCR_EPD1		(1u << 23)
#define TCR_EL2_RES1		((1u << 31) | (1u << 23))
#define SCTLR_MCI		((1u << 0) | (1u << 2) | (1u << 12))

#define MMU_ON(el, tlbi)						\
	do {								\
		write_sysreg(mair_##el, KRELOC_MAIR_VALUE);		\
		write_sysreg(tcr_##el, tcr);				\
		write_sysreg(ttbr0_##el, map.root);			\
		__asm__ volatile("isb\n\ttlbi " tlbi "\n\tdsb nsh\n\tisb"); \
		write_sysreg(sctlr_##el, read_sysreg(sctlr_##el) | SCTLR_MCI); \
	} while (0)

/*
 * This CPU's MMU and caches on, through kreloc's identity map (4K
 * granule; RAM, the UART, and this program and the stub executable): as
 * a kernel that parks its CPUs would still have its own on.
 */
static void secondary_mmu_on(void)
{
	uint64_t pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t tcr = map.t0sz | TCR_WALK_WBWA_INNER;	/* TG0 = 4K */

	if (pa_range > 5) {
		pa_range = 5;
	}
	if (map.format == KRELOC_TT_EL1) {
		tcr |= TCR_EPD1 | pa_range << 32;
	} else {
		tcr |= TCR_EL2_RES1 | pa_range << 16;
	}
	if (current_el() == 1) {
		MMU_ON(el1, "vmalle1");
	} else {
		MMU_ON(el2, "alle2");
	}
	__asm__ volatile("isb" : : : "memory");
}

void secondary_main(uint64_t cpu)
{
	uint64_t slot = kreloc_park_slot(&park, (unsigned)cpu);
	uint64_t entry = kreloc_park_entry(stub.pa);

	if (cfg.vhe) {				/* the boot CPU's regime */
		write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_EL2_E2H);
		__asm__ volatile("isb" : : : "memory");
	}
	/* No instruction of ours from before kreloc_install() wrote the stub. */
	__asm__ volatile("ic iallu\n\tdsb nsh\n\tisb" : : : "memory");
	if (cpu == 1 && map.granule == PAGE) {
		secondary_mmu_on();
	}
	secondary_sctlr[cpu] = read_sctlr();
	kreloc_clean_to_poc(&secondary_sctlr[cpu], 8);
	{	/* set last: a call may clobber a register variable */
		register uint64_t x0 __asm__("x0") = slot;

		__asm__ volatile("br %1" : : "r"(x0), "r"(entry) : "memory");
	}
	__builtin_unreachable();
}

/* Start CPUs 1..smp-1 into the park entry; wait until each is parked. */
static void park_secondaries(void)
{
	struct kreloc_status st;
	uint64_t cpu, spins;
	int64_t ret;
	int phase;

	for (cpu = 1; cpu < cfg.smp; cpu++) {
		ret = psci_cpu_on(cpu, (uint64_t)(uintptr_t)secondary_entry,
				  cpu);		/* QEMU virt: MPIDR Aff0 = cpu */
		if (ret) {
			out_str("boot: PSCI CPU_ON ");
			out_dec(cpu);
			out_str(" returned ");
			out_hex((uint64_t)ret);
			out_str("\n");
			sh_exit(6);
		}
		for (spins = 0;; spins++) {
			phase = kreloc_park_status(&park, (unsigned)cpu, &st);
			if (phase == KRELOC_PHASE_PARK) {
				break;
			}
			if (phase == KRELOC_PHASE_FAULT || spins == 100000000) {
				out_str("boot: CPU ");
				out_dec(cpu);
				out_str(" did not park: phase ");
				out_dec((uint64_t)phase);
				out_str(" esr ");
				out_hex(st.esr);
				out_str(" elr ");
				out_hex(st.elr);
				out_str("\n");
				sh_exit(6);
			}
		}
	}
	out_str("boot: ");
	out_dec(cfg.smp - 1);
	out_str(" secondary CPU(s) parked for spin-table");
	out_str(secondary_sctlr[1] & 1 ? " (CPU 1 with its MMU on)" :
					 " (all with the MMU off)");
	out_str(", release slots from ");
	out_hex(kreloc_park_slot(&park, 0));
	out_str("\n");
}

/* --- verify= and corrupt=: the plan's list, read as the stub reads it --- */

static uint64_t ticks(void)
{
	__asm__ volatile("isb" : : : "memory");
	return read_sysreg(cntvct_el0);
}

static uint64_t ms(uint64_t t)
{
	return t * 1000 / read_sysreg(cntfrq_el0);
}

/* One walk over a kexec list (<kreloc/abi.h>), entry by entry. */
struct walk {
	const uint64_t *p;	/* the next entry */
	uint64_t e;		/* the current one */
	kreloc_pa_t dest;	/* where the current page op lands */
};

/*
 * Step to the next DIGEST or page op (following INDIRECTION and
 * DESTINATION, skipping a DIGEST's words); 0 at DONE. w->e says which.
 */
static int walk_next(struct walk *w)
{
	if (w->e & KRELOC_ENTRY_PAGE_OPS) {
		w->dest += PAGE;
	}
	for (;;) {
		uint64_t e = w->p ? *w->p++ : w->e;
		kreloc_pa_t pa = e & ~(PAGE - 1);

		w->e = e;
		if (e & KRELOC_ENTRY_DONE) {
			return 0;
		} else if (e & KRELOC_ENTRY_INDIRECTION) {
			w->p = (const uint64_t *)(uintptr_t)pa;
		} else if (e & KRELOC_ENTRY_DESTINATION) {
			w->dest = pa;
		} else if (e & KRELOC_ENTRY_DIGEST) {
			w->p += KRELOC_DIGEST_WORDS;
			return 1;
		} else if (e & KRELOC_ENTRY_PAGE_OPS) {
			return 1;
		}
	}
}

static struct walk walk_start(const struct kreloc_list *list)
{
	return (struct walk){ 0, list->head, 0 };
}

/*
 * The 64-bit words of [pa, pa + size), each mixed with its index and the
 * range's number, added up: read with the MMU off, as the stub leaves
 * memory.
 */
static uint64_t range_sum(kreloc_pa_t pa, uint64_t size, uint64_t nr)
{
	const volatile uint64_t *p = (const volatile uint64_t *)(uintptr_t)pa;
	uint64_t sum = 0, i;

	for (i = 0; i < (size + 7) / 8; i++) {
		sum += p[i] ^ (i + (nr << 40));
	}
	return sum;
}

/*
 * What a refusing stub must leave as it was: every destination, every
 * loaded copy (in place the two overlap: then some words count twice),
 * the bounce pages of partial last pages and the cycle bounce page.
 */
static uint64_t plan_sum(void)
{
	uint64_t sum = 0, i;
	int j;

	for (j = 0; j < 3; j++) {
		sum += range_sum(seg[j].dest, seg[j].memsz, (uint64_t)j);
		sum += range_sum(seg[j].src, seg[j].bufsz, (uint64_t)j + 3);
	}
	for (i = 0; i < copy_list.nr_bounce; i++) {
		sum += range_sum(copy_list.bounce[i], PAGE, i + 6);
	}
	if (copy_list.nr_cycle_bounce) {
		sum += range_sum(copy_list.cycle_bounce, PAGE, 6 + KRELOC_MAX_BOUNCE);
	}
	return sum;
}

/* The digests in the plan: a line each, as the stub will check them. */
static void show_digests(const struct kreloc_list *list)
{
	struct walk w = walk_start(list);
	uint64_t pages = 0, seg_nr;
	char hex[2 * KRELOC_SHA256_SIZE + 1];
	const uint8_t *d;
	int i;

	while (walk_next(&w)) {
		if (!(w.e & KRELOC_ENTRY_DIGEST)) {
			pages++;
			continue;
		}
		seg_nr = w.e >> KRELOC_DIGEST_SEG_SHIFT;
		d = (const uint8_t *)(w.p - KRELOC_DIGEST_WORDS);
		out_str("boot: digest for segment ");
		out_dec(seg_nr);
		out_str(cfg.inplace ? " (the plan: kernel, initrd, dtb)" :
			seg_nr < 3 ? " (" : "");
		out_str(!cfg.inplace && seg_nr < 3 ? name[seg_nr] : "");
		out_str(!cfg.inplace && seg_nr < 3 ? ")" : "");
		out_str(", ");
		out_dec(pages);
		out_str(" page(s): SHA-256 ");
		for (i = 0; i < KRELOC_SHA256_SIZE; i++) {
			hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
			hex[2 * i + 1] = "0123456789abcdef"[d[i] & 0xf];
		}
		hex[2 * KRELOC_SHA256_SIZE] = 0;
		out_str(hex);
		out_str("\n");
		pages = 0;
	}
}

/*
 * corrupt=: flip bit 0 of byte off of blob i where the stub will read it,
 * after the plan was built and installed (a stray write, a device still
 * doing DMA): the page op that lands on its destination page names the
 * page the stub reads, the file's own or a bounce page. In place, its own
 * may be its destination (CLEAN), and the cycle bounce page holds nothing
 * yet: the stub reads that page from its loaded copy, before it goes
 * through there. A snapshot of what the stub must leave alone first.
 */
static void corrupt(int i, uint64_t off)
{
	struct walk w = walk_start(&copy_list);
	kreloc_pa_t at = seg[i].dest + off, page = at & ~(PAGE - 1);
	kreloc_pa_t loaded = seg[i].src + (page - seg[i].dest), src;
	const char *where;

	while (walk_next(&w)) {
		if ((w.e & KRELOC_ENTRY_PAGE_OPS) && w.dest == page) {
			break;
		}
	}
	src = w.e & ~(PAGE - 1);
	if (w.e & KRELOC_ENTRY_CLEAN) {
		src = page;
		where = " (its loaded copy, in place: the page is its destination)";
	} else if (!(w.e & KRELOC_ENTRY_SOURCE)) {
		stop("corrupt=: no page of the plan holds that byte", 0, 2);
	} else if (copy_list.nr_cycle_bounce && src == copy_list.cycle_bounce) {
		src = loaded;
		where = " (its loaded copy, which goes through the cycle bounce page)";
	} else {
		where = src == loaded ? " (its loaded copy)" :
			" (the bounce page of its partial last page)";
	}
	plan_sum_before = plan_sum();
	flipped = (volatile uint8_t *)(uintptr_t)(src + at - page);
	*flipped ^= 1;
	flipped_value = *flipped;
	kreloc_clean_to_poc((const void *)flipped, 1);
	out_str("boot: corrupt: flipped bit 0 of byte ");
	out_dec(off);
	out_str(" of the ");
	out_str(name[i]);
	out_str(" at ");
	out_hex((uint64_t)(uintptr_t)flipped);
	out_str(where);
	out_str(", after planning\n");
}

void bare_main(void)
{
	struct kreloc_image_info img;
	struct kreloc_range ram, uart = { 0x09000000, 0x10000 };
	struct kreloc_range code[2];
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .device = &uart, .nr_device = 1,
		.code = code, .nr_code = 1,	/* the stub's region */
	};
	struct kreloc_page args, area;
	struct kreloc_boot boot;
	struct kreloc_error err = { 0 };
	struct kreloc_cpu cpu;
	uint64_t dtb_size, t0, bytes;
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

	if (cfg.corrupt >= 0 && cfg.corrupt_off >= blobs(cfg.corrupt)->size) {
		out_str("boot: corrupt=: byte ");
		out_dec(cfg.corrupt_off);
		out_str(" is past the ");
		out_str(name[cfg.corrupt]);
		stop("'s end", 0, 2);
	}

	/* A file loaded over a destination: the planner orders the moves. */
	for (i = 0; i < 9; i++) {
		cfg.inplace |= overlap(seg[i / 3].src, seg[i / 3].bufsz,
				       seg[i % 3].dest, seg[i % 3].memsz);
	}

	/* verify=: each segment with its SHA-256, computed here */
	t0 = ticks();
	e = kreloc_list_init(&copy_list, PAGE, &host);
	if (!e && cfg.inplace) {
		e = cfg.verify ? kreloc_list_plan_verified(&copy_list, seg, 3) :
				 kreloc_list_plan(&copy_list, seg, 3);
	}
	for (i = 0; !e && !cfg.inplace && i < 3; i++) {
		e = cfg.verify ? kreloc_list_add_verified(&copy_list, &seg[i], 0) :
				 kreloc_list_add(&copy_list, &seg[i]);
	}
	if (!e) {
		e = kreloc_list_finish(&copy_list);
	}
	if (e) {
		stop("list", e, 4);
	}
	if (cfg.inplace) {
		out_str("boot: in place: a file is loaded over a destination; "
			"kreloc_list_plan() ordered ");
		out_dec(copy_list.nr_plan_copies);
		out_str(" page copies in ");
		out_dec(copy_list.nr_pages);
		out_str(" list page(s); bounce pages: ");
		out_dec(copy_list.nr_cycle_bounce);
		out_str(" for cycles");
		if (copy_list.nr_cycle_bounce) {
			out_str(" (at ");
			out_hex(copy_list.cycle_bounce);
			out_str(")");
		}
		out_str(", ");
		out_dec(copy_list.nr_bounce);
		out_str(" for partial last pages\n");
	}
	if (cfg.verify) {
		bytes = seg[0].memsz + seg[1].memsz + seg[2].memsz;
		out_str("boot: SHA-256 and page checks of ");
		out_dec(bytes >> 10);
		out_str(" KiB by the host library, MMU off: ");
		out_dec(ms(ticks() - t0));
		out_str(" ms; the stub verifies with ");
		/* ID_AA64ISAR0_EL1.SHA2, bits [15:12] */
		out_str(cfg.verify == VERIFY_SOFT ? "its software SHA-256\n" :
			(read_sysreg(id_aa64isar0_el1) >> 12) & 0xf ?
			"the SHA-256 instructions\n" :
			"its software SHA-256 (this CPU has no SHA-256 instructions)\n");
		show_digests(&copy_list);
	}
	if (cfg.smp > 1) {		/* where the DTB says, and reserves */
		stub = (struct kreloc_page){ cfg.stub_pa,
					     (void *)(uintptr_t)cfg.stub_pa };
		area = (struct kreloc_page){ cfg.park_pa,
					     (void *)(uintptr_t)cfg.park_pa };
		e = kreloc_park_init(&park, &area, (unsigned)cfg.smp);
		if (e) {
			stop("park area", e, 4);
		}
		/* the parked CPU that comes with its MMU on runs us first */
		code[1] = (struct kreloc_range){
			(kreloc_pa_t)(uintptr_t)__image_start,
			(uintptr_t)__image_end - (uintptr_t)__image_start };
		spec.nr_code = 2;
	} else if (pool_alloc(0, KRELOC_BLOB_SIZE, &stub)) {
		stop("stub pages", KRELOC_E_NOMEM, 4);
	}
	if (pool_alloc(0, PAGE, &args)) {
		stop("stub pages", KRELOC_E_NOMEM, 4);
	}
	code[0] = (struct kreloc_range){ stub.pa, KRELOC_BLOB_SIZE };
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
		.park = cfg.smp > 1 ? &park : 0,
	};
	if (cfg.verify) {		/* and the stub says how it went */
		boot.flags = KRELOC_F_FPSIMD | KRELOC_F_VERIFY |
			     (cfg.verify == VERIFY_SOFT ? KRELOC_F_VERIFY_SOFT : 0);
		boot.uart = (struct kreloc_uart){ uart.base, KRELOC_UART_PL011 };
	}
	if (cfg.inplace) {
		lend_check_bits();
	}
	e = kreloc_install(&stub, &args, &copy_list, &map, &boot, &cpu, &err);
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
	out_dec(copy_list.nr_pages);
	out_str(" list page(s), ");
	out_dec(map.granule >> 10);
	out_str("K-granule identity map in ");
	out_dec(map.nr_pages);
	out_str(" table page(s)\n");
	if (cfg.smp > 1) {
		park_secondaries();
	}
	if (cfg.corrupt >= 0) {
		corrupt(cfg.corrupt, cfg.corrupt_off);
	}
	out_str(cfg.verify == VERIFY_SOFT ?
		"boot: entering the stub (verify with its software SHA-256)\n" :
		cfg.verify ? "boot: entering the stub (verify)\n" :
		"boot: entering the stub\n");
	kreloc_enter(stub.pa, args.pa);
}

/* The file whose destination (loaded = 0) or loaded copy holds pa, or -1. */
static int file_at(kreloc_pa_t pa, int loaded)
{
	int j;

	for (j = 0; j < 3; j++) {
		kreloc_pa_t base = loaded ? seg[j].src : seg[j].dest;

		if (pa >= base && pa - base < (loaded ? seg[j].bufsz :
						     seg[j].memsz)) {
			return j;
		}
	}
	return -1;
}

/* A page's check (<kreloc/abi.h>): its little-endian 32-bit words added. */
static uint32_t page_check(kreloc_pa_t pa)
{
	const volatile uint32_t *p = (const volatile uint32_t *)(uintptr_t)pa;
	uint32_t sum = 0;
	uint64_t i;

	for (i = 0; i < PAGE / 4; i++) {
		sum += p[i];
	}
	return sum;
}

/*
 * The page read by the first page op that lands at `at` and whose page
 * check differs, compared as the stub compares them after a mismatch; 0
 * if none does. In place: the loaded page that went through the cycle
 * bounce page (one for every cycle of the plan), where the stub's report
 * names only the bounce page. A DIGEST follows the page ops it covers:
 * each group is walked twice, to its DIGEST for the checks, then again.
 */
static kreloc_pa_t differing_source(kreloc_pa_t at)
{
	struct walk w = walk_start(&copy_list), op = w;
	const uint32_t *check;
	uint64_t left;			/* checks left in this block */
	kreloc_pa_t src;

	while (walk_next(&w)) {
		if (!(w.e & KRELOC_ENTRY_DIGEST)) {
			continue;
		}
		check = (const uint32_t *)(uintptr_t)w.p[-1];	/* word 4 */
		left = KRELOC_DIGEST_CHECKS(PAGE);
		while (check && walk_next(&op) &&
		       !(op.e & KRELOC_ENTRY_DIGEST)) {
			if (!left) {		/* the next block's PA follows */
				check = (const uint32_t *)(uintptr_t)
					*(const uint64_t *)check;
				left = KRELOC_DIGEST_CHECKS(PAGE);
			}
			src = op.e & KRELOC_ENTRY_SOURCE ? op.e & ~(PAGE - 1) :
							   op.dest;
			if (op.dest == at && !(op.e & KRELOC_ENTRY_ZERO) &&
			    page_check(src) != *check) {
				return src;
			}
			check++;
			left--;
		}
		op = w;
	}
	return 0;
}

/*
 * KRELOC_STUB_ERR_DIGEST: nothing was moved, this program is intact. Name
 * the file, the page, and where in the file it is. The DIGEST's segment
 * number says which file, but in place one digest covers all three
 * (numbered with the kernel's): then the destination that holds the page
 * says it, and for the cycle bounce page, no file's, the page checks say
 * whose page went through it.
 */
static void digest_refused(const struct kreloc_status *st)
{
	uint64_t nr = st->digest_seg, page = st->digest_page, spent;
	int i = nr < 3 ? (int)nr : -1;
	int bounce = copy_list.nr_cycle_bounce && page == copy_list.cycle_bounce;
	kreloc_pa_t via = 0;		/* the loaded page that went through it */

	spent = st->ts[KRELOC_TS_MMU_ON] ? ms(ticks() - st->ts[KRELOC_TS_MMU_ON]) : 0;
	out_str("boot: the stub refused to boot: ");
	if (nr == KRELOC_DIGEST_NONE) {
		out_str("pages no digest covers, the first to land at ");
		out_hex(page);
		out_str("\n");
		sh_exit(7);
	}
	if (cfg.inplace) {
		via = bounce ? differing_source(page) : 0;
		i = via ? file_at(via, 1) : file_at(page, 0);
	}
	if (i >= 0) {
		out_str("the ");
		out_str(name[i]);
	}
	if (!cfg.inplace) {
		out_str(i >= 0 ? " (segment " : "segment ");
		out_dec(nr);
		out_str(i >= 0 ? ")" : "");
		out_str(" is not what was planned: its SHA-256 differs");
	} else {
		out_str(i >= 0 ? " is not what was planned: the SHA-256 of the "
				 "in-place plan (segment " :
				 "the in-place plan (segment ");
		out_dec(nr);
		out_str(i >= 0 ? ": kernel, initrd and dtb) differs" :
			": kernel, initrd and dtb) is not what was planned: "
			"its SHA-256 differs");
	}
	if (page == KRELOC_DIGEST_NONE) {
		out_str(", and every page check agrees (the digest or the checks were altered)");
	} else {
		out_str(", first at the page for ");
		out_hex(page);
		if (via && i >= 0) {
			out_str(" (the cycle bounce page, which carries the ");
			out_str(name[i]);
			out_str("'s page at offset ");
			out_hex(via - seg[i].src);
			out_str(" from its loaded copy at ");
			out_hex(via);
			out_str(" to ");
			out_hex(seg[i].dest + (via - seg[i].src));
			out_str(")");
		} else if (i >= 0 && page >= seg[i].dest &&
			   page - seg[i].dest < seg[i].memsz) {
			out_str(" (offset ");
			out_hex(page - seg[i].dest);
			out_str(" of the ");
			out_str(name[i]);
			out_str(")");
		} else {
			out_str(bounce ? " (the cycle bounce page)" :
				cfg.inplace ? " (in no destination!)" :
				" (outside that segment!)");
		}
	}
	out_str("\nboot: the kernel was not entered (");
	out_dec(spent);
	out_str(" ms from the stub's MMU on to this report)");
	if (cfg.corrupt >= 0) {		/* then we know what they held */
		if (*flipped != flipped_value) {
			out_str("\nboot: but the stub wrote the flipped byte\n");
			sh_exit(5);
		}
		*flipped ^= 1;
		if (plan_sum() != plan_sum_before) {
			out_str("\nboot: but the stub wrote to a destination, a loaded copy or a bounce page first\n");
			sh_exit(5);
		}
		out_str("; every destination byte is as it was, and every byte of the loaded copies and bounce pages but the flipped bit");
	}
	out_str("\n");
	sh_exit(7);
}

void bare_stub_failed(const struct kreloc_status *st)
{
	if (st->error == KRELOC_STUB_ERR_DIGEST) {
		digest_refused(st);
	}
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
