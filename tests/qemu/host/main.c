// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The test host: a small bootloader that relocates the payload through
 * kreloc. It scatters the payload's pages over RAM in a seeded random
 * order, builds the list and the identity map with the host API, and
 * enters the stub. What to test comes from QEMU's semihosting command
 * line, e.g. "el=2 vhe=1 entry=mmu copy=mmu page=4096 case=normal seed=7".
 *
 * case=park (QEMU -smp 2) tests the park entry instead: CPU 1 is started
 * through PSCI and enters it (its own MMU on with entry=mmu), CPU 0 waits
 * for its record to say parked, sends it wakeups with its slot still 0,
 * then releases it through the slot as a next kernel would; CPU 1 lands
 * in park_released, which checks the state the park entry left and ends
 * the run. CPU 0 never enters the stub, so a trace of the stub's page
 * holds the park path alone. case=park-fault releases it to a UDF in the
 * blob's padding before the park entry instead: the exception must land
 * in CPU 1's record, through the stub's vectors.
 */
#include <kreloc/kreloc.h>
#include "baremetal/cmdline.h"
#include "baremetal/cpu.h"
#include "baremetal/psci.h"
#include "baremetal/semihost.h"
#include "../testinfo.h"
#include "harness.h"

#define RAM_BASE	0x40000000ull		/* QEMU virt */
#define RAM_END		0x80000000ull		/* the runner gives -m 1G */
#define POOL_BASE	0x41000000ull		/* above us and QEMU's DTB */
#define POOL_PAGES	((RAM_END - POOL_BASE) >> 12)
#define BLOCK_2M	0x200000ull
#define VIRT_UART	0x09000000ull		/* QEMU virt's PL011 */
/*
 * A 16550 on virt: QEMU's pci-serial at 00:02.0 (the runner adds it),
 * its I/O BAR placed at 0x1000 of the PCI I/O window, which virt maps
 * at VIRT_PCIE_PIO; config space through the ECAM above 256 GiB.
 */
#define VIRT_PCIE_PIO	0x3eff0000ull
#define VIRT_PCIE_ECAM	0x4010000000ull
#define PCI_SERIAL_DEV	2
#define PCI_SERIAL_IO	0x1000
#define PCI_SERIAL_ID	0x00021b36u		/* Red Hat, QEMU PCI 16550 */

#define VERIFY_SEGS	8		/* case=verify: segments at most */

enum test_case { CASE_NORMAL, CASE_EMPTY, CASE_ARGS_IN_DEST, CASE_FAULT,
		 CASE_REJECT, CASE_ZERO, CASE_INPLACE, CASE_PARK,
		 CASE_PARK_FAULT, CASE_VERIFY, CASE_OVERLAP };

/*
 * CASE_REJECT: spoil one argument after kreloc_install() (as a buggy host
 * could), and expect the stub to refuse it with its error code before it
 * writes a byte of the destination.
 */
static const struct {
	const char *name;
	uint64_t error;
} rejects[] = {
	{ "flags", KRELOC_STUB_ERR_FLAGS },
	{ "page-size", KRELOC_STUB_ERR_PAGE_SIZE },
	{ "head", KRELOC_STUB_ERR_HEAD },
	{ "tt-format", KRELOC_STUB_ERR_TT_FORMAT },
	{ "granule", KRELOC_STUB_ERR_GRANULE },
	{ "no-dest", KRELOC_STUB_ERR_NO_DEST },
	{ "t0sz", KRELOC_STUB_ERR_T0SZ },	/* above the range */
	{ "t0sz-low", KRELOC_STUB_ERR_T0SZ },	/* below it */
	{ "rme", KRELOC_STUB_ERR_RME },		/* nothing spoiled: the CPU */
	{ "uart", KRELOC_STUB_ERR_UART },	/* 4-byte accesses, shift 0 */
	{ "verify-fpsimd", KRELOC_STUB_ERR_VERIFY_FPSIMD },
};

static struct {
	unsigned el, vhe, entry_mmu, copy_mmu, demo, simd, bench;
	unsigned bti;			/* enter through a guarded page (br) */
	unsigned adopt;			/* install the list as an adopted one */
	enum { UART_NONE, UART_PL011, UART_16550 } uart; /* breadcrumbs */
	uint64_t zero_pages;
	uint64_t page, seed, size, granule;
	enum test_case kind;
	uint64_t stub_pa;		/* 0: anywhere; else where the stub goes */
	uint64_t bad_src;		/* CASE_FAULT: the unmapped source */
	unsigned reject;		/* CASE_REJECT: index in rejects[] */
	uint64_t dest, dest_size;
	unsigned verify;		/* 1: KRELOC_F_VERIFY, 2: and VERIFY_SOFT */
	uint64_t flips;			/* CASE_VERIFY: corruption trials */
	unsigned boot;			/* CASE_VERIFY: then boot (0: stop) */
	uint64_t segs;			/* CASE_VERIFY: at most this many */
	uint64_t stub, args;		/* CASE_VERIFY: where to enter again */
	uint64_t trials;		/* CASE_OVERLAP: plans in one boot */
	unsigned fixed;			/* CASE_OVERLAP: make bench's plans */
} cfg;

static uint8_t pool_used[POOL_PAGES / 8];
static uint64_t rng_state;

extern const unsigned char payload_start[], payload_end[];
extern char __data_start[], __image_end[];
void bare_main(void);
void bare_failed(void);
void bare_stub_failed(const struct kreloc_status *st);

__attribute__((noreturn))
static void die(const char *what, uint64_t detail)
{
	out_str("host: FAIL: ");
	out_str(what);
	out_str(" ");
	out_hex(detail);
	out_str("\n");
	sh_exit(2);
}

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* --- a random-placement page pool over RAM ---------------------------- */

static int pool_test_and_set(uint64_t base, uint64_t size, int set)
{
	uint64_t i, first = (base - POOL_BASE) >> 12, n = size >> 12;

	for (i = first; i < first + n; i++) {
		if (!set && (pool_used[i / 8] & (1u << (i % 8)))) {
			return 0;
		}
		if (set) {
			pool_used[i / 8] |= (uint8_t)(1u << (i % 8));
		}
	}
	return 1;
}

static uint64_t pool_alloc(uint64_t size, uint64_t align)
{
	uint64_t slots = (RAM_END - POOL_BASE) / align, base, tries;

	for (tries = 0; tries < 100000; tries++) {
		base = POOL_BASE + rng() % slots * align;
		if (base + size <= RAM_END && pool_test_and_set(base, size, 0)) {
			pool_test_and_set(base, size, 1);
			return base;
		}
	}
	die("pool exhausted, size", size);
}

static int kreloc_pool_alloc(void *ctx, uint64_t size, struct kreloc_page *out)
{
	(void)ctx;
	out->pa = pool_alloc(size, size);
	out->va = (void *)out->pa;
	return 0;
}

static void *identity(void *ctx, kreloc_pa_t pa)
{
	(void)ctx;
	return (void *)pa;
}

static const struct kreloc_host pool_host = { kreloc_pool_alloc, identity, 0 };

/* --- command line ------------------------------------------------------ */

static void parse_cmdline(void)
{
	static const char *const kinds[] = {
		[CASE_NORMAL] = "normal", [CASE_EMPTY] = "empty",
		[CASE_ARGS_IN_DEST] = "args-in-dest", [CASE_FAULT] = "fault",
		[CASE_REJECT] = "reject", [CASE_ZERO] = "zero",
		[CASE_INPLACE] = "inplace", [CASE_PARK] = "park",
		[CASE_PARK_FAULT] = "park-fault", [CASE_VERIFY] = "verify",
		[CASE_OVERLAP] = "overlap",
	};
	unsigned i;

	if (!cmd_read()) {
		die("no semihosting command line", 0);
	}
	cfg.el = (unsigned)cmd_u64("el", 1);
	cfg.vhe = (unsigned)cmd_u64("vhe", 0);
	cfg.entry_mmu = !cmd_is("entry", "nommu");
	cfg.copy_mmu = !cmd_is("copy", "nommu");
	cfg.page = cmd_u64("page", 4096);
	cfg.size = cmd_u64("size", 256 * 1024);
	cfg.seed = cmd_u64("seed", 0);
	cfg.bench = (unsigned)cmd_u64("bench", 0);
	cfg.zero_pages = cmd_u64("zeropages", 4);
	cfg.simd = (unsigned)cmd_u64("simd", 0);
	/* verify=1: KRELOC_F_VERIFY; verify=soft: and KRELOC_F_VERIFY_SOFT */
	cfg.verify = cmd_is("verify", "soft") ? 2 : cmd_is("verify", "1") ? 1 : 0;
	cfg.boot = (unsigned)cmd_u64("boot", 1);
	cfg.segs = cmd_u64("segs", VERIFY_SEGS);
	if (cfg.segs < 1 || cfg.segs > VERIFY_SEGS) {
		die("segs= outside 1..8", cfg.segs);
	}
	cfg.fixed = (unsigned)cmd_u64("fixed", 0);
	cfg.trials = cmd_u64("trials", cfg.fixed ? 5 : 4);
	if (cfg.fixed && cfg.trials > 5) {
		die("fixed=1 has 5 plans, trials=", cfg.trials);
	}
	if (!cfg.trials) {
		die("trials= must be 1 or more", cfg.trials);
	}
	cfg.bti = (unsigned)cmd_u64("bti", 0);
	cfg.adopt = (unsigned)cmd_u64("adopt", 0);
	cfg.uart = cmd_is("uart", "pl011") ? UART_PL011 :
		   cmd_is("uart", "16550") ? UART_16550 : UART_NONE;
	if (cfg.bti && (!cfg.entry_mmu || !(read_sysreg(id_aa64pfr1_el1) & 0xf))) {
		die("bti=1 needs entry=mmu and a CPU with FEAT_BTI", cfg.bti);
	}
	cfg.granule = cmd_u64("granule", 0);
	cfg.stub_pa = cmd_u64("stub", 0);
	cfg.demo = (unsigned)cmd_u64("demo", 0);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (cmd_is("case", kinds[i])) {
			cfg.kind = (enum test_case)i;
		}
	}
	/* corruption trials: in the boot; case=overlap: before each plan */
	cfg.flips = cmd_u64("flips", cfg.kind == CASE_OVERLAP ? 6 : 24);
	for (i = 0; i < sizeof(rejects) / sizeof(rejects[0]); i++) {
		if (cmd_is("reject", rejects[i].name)) {
			cfg.reject = i;
		}
	}
}

/* --- case=park: CPU 1 through the park entry -------------------------- */

#define PARK_STACK	0x2000

static struct kreloc_idmap host_map;
static struct kreloc_park park;
static uint64_t park_stub;
uint8_t park_stack[PARK_STACK] __attribute__((aligned(16)));
void park_secondary(void);
void park_check(uint64_t x_or, uint64_t daif);

/* PSCI's way in for CPU 1, and where its slot sends it: a stack, then C.
 * park_released records x0 | x1 | x2 | x3 and DAIF before it uses any. */
__asm__(".pushsection .text\n"
	"	.globl	park_cpu_on\n"
	"	.type	park_cpu_on, %function\n"
	"park_cpu_on:\n"
	"	ldr	x1, =park_stack + 0x2000\n"	/* PARK_STACK */
	"	mov	sp, x1\n"
	"	bl	park_secondary\n"
	"1:	b	1b\n"
	"	.size	park_cpu_on, . - park_cpu_on\n"
	"	.globl	park_released\n"
	"	.type	park_released, %function\n"
	"park_released:\n"
	"	orr	x4, x0, x1\n"
	"	orr	x4, x4, x2\n"
	"	orr	x4, x4, x3\n"
	"	mrs	x1, daif\n"
	"	ldr	x2, =park_stack + 0x2000\n"
	"	mov	sp, x2\n"
	"	mov	x0, x4\n"
	"	bl	park_check\n"
	"2:	b	2b\n"
	"	.size	park_released, . - park_released\n"
	"	.popsection");
void park_cpu_on(void);
void park_released(void);

/*
 * CPU 1, fresh from PSCI: as a kernel parking its CPUs would be, in the
 * boot CPU's regime, its MMU on (entry=mmu), SCTLR bits of its own and
 * DAIF unmasked; then into the park entry with x0 = its slot.
 */
void park_secondary(void)
{
	uint64_t slot = kreloc_park_slot(&park, 1);

	if (cfg.vhe) {
		harness_set_e2h();
	}
	if (cfg.entry_mmu) {
		harness_mmu_on(&host_map);
	}
	harness_dirty_sctlr();
	__asm__ volatile("msr daifclr, #0xf\n\tic iallu\n\tdsb nsh\n\tisb"
			 : : : "memory");
	{	/* set last: a call may clobber a register variable */
		register uint64_t x0 __asm__("x0") = slot;

		__asm__ volatile("br %1" : : "r"(x0),
				 "r"(kreloc_park_entry(park_stub)) : "memory");
	}
	__builtin_unreachable();
}

/* CPU 1, released: what booting.rst and the park contract promise. */
void park_check(uint64_t x_or, uint64_t daif)
{
	const struct kreloc_status *rec = (const void *)(uintptr_t)
		(kreloc_park_slot(&park, 1) + KRELOC_PARK_RECORD);
	uint64_t sctlr = read_sctlr(), el = current_el(), e2h = read_e2h();
	uint64_t want = el == 1 || e2h ? KRELOC_SCTLR_EL1_OFF :
					 KRELOC_SCTLR_EL2_OFF;
	uint64_t vbar = el == 1 ? read_sysreg(vbar_el1) : read_sysreg(vbar_el2);
	int bad = 0;

	out_str("park: CPU 1 released at EL");
	out_dec(el);
	out_str(e2h ? " (E2H=1)" : "");
	out_str(", SCTLR ");
	out_hex(sctlr);
	out_str("\n");
	if (x_or) {
		out_str("park: FAIL: x0..x3 not all 0\n");
		bad = 1;
	}
	if (daif != 0x3c0) {
		out_str("park: FAIL: DAIF not masked: ");
		out_hex(daif);
		out_str("\n");
		bad = 1;
	}
	if (el != cfg.el || e2h != cfg.vhe) {
		out_str("park: FAIL: another EL or regime than the boot CPU's\n");
		bad = 1;
	}
	if (sctlr != want) {
		out_str("park: FAIL: SCTLR is not the documented value ");
		out_hex(want);
		out_str("\n");
		bad = 1;
	}
	if (vbar != park_stub + 0x800) {
		out_str("park: FAIL: VBAR is not the stub's vectors\n");
		bad = 1;
	}
	if (rec->phase != KRELOC_PHASE_JUMP || rec->error ||
	    rec->entry_el != (el | e2h << 4)) {	/* read from memory: MMU off */
		out_str("park: FAIL: record phase ");
		out_dec(rec->phase);
		out_str(" error ");
		out_dec(rec->error);
		out_str(" entry_el ");
		out_hex(rec->entry_el);
		out_str("\n");
		bad = 1;
	}
	if (!bad) {
		out_str("park: PASS: released through the slot, MMU off, DAIF masked, x0..x3 = 0\n");
	}
	sh_exit(bad);
}

#define PARK_UDF	(KRELOC_PARK_OFFSET - 0x10)	/* padding: udf #0 */

/*
 * case=park-fault: release CPU 1 into the zeros before the park entry, an
 * undefined instruction inside the blob. Its record must then say what
 * happened: the exception, taken from the current EL (vector 0x200), on
 * the way out of the park (fault phase JUMP), at that address.
 */
__attribute__((noreturn))
static void park_fault(void)
{
	volatile uint64_t *slot = (volatile uint64_t *)(uintptr_t)
		kreloc_park_slot(&park, 1);
	uint64_t target = park_stub + PARK_UDF, spins;
	struct kreloc_status st;

	if (*(const uint32_t *)(uintptr_t)target) {
		die("no udf in the blob's padding at", target);
	}
	*slot = target;
	kreloc_clean_to_poc((const void *)slot, 8);
	__asm__ volatile("sev" : : : "memory");
	/* The record is complete once its error is set: the fault handler
	 * writes phase, ESR, ELR and FAR first, kreloc_stop the error last. */
	for (spins = 0; kreloc_park_status(&park, 1, &st) !=
			KRELOC_PHASE_FAULT || !st.error; spins++) {
		if (spins == 10000000) {
			die("no fault recorded; phase", st.phase);
		}
	}
	out_str("host: CPU 1's record: error ");
	out_dec(st.error);
	out_str(" fault_phase ");
	out_dec(st.fault_phase);
	out_str(" vector ");
	out_hex(st.vector);
	out_str(" esr ");
	out_hex(st.esr);
	out_str(" elr ");
	out_hex(st.elr);
	out_str("\n");
	if (st.error == KRELOC_STUB_ERR_EXCEPTION &&
	    st.fault_phase == KRELOC_PHASE_JUMP && st.vector == 0x200 &&
	    st.esr >> 26 == 0 && st.elr == target) {
		out_str("host: PASS: park fault recorded in CPU 1's record\n");
		sh_exit(0);
	}
	out_str("host: FAIL: park fault\n");
	sh_exit(1);
}

/*
 * CPU 0: start CPU 1, wait for it to park, wake it with its slot still 0
 * (it must go back to sleep), then release it as a next kernel would:
 * the entry point in the slot, cleaned to PoC, sev.
 */
__attribute__((noreturn))
static void park_run(void)
{
	volatile uint64_t *slot = (volatile uint64_t *)(uintptr_t)
		kreloc_park_slot(&park, 1);
	struct kreloc_status st;
	uint64_t spins;
	int64_t ret;
	int i;

	/* read by CPU 1 with its MMU off */
	kreloc_clean_to_poc(__data_start,
			    (uintptr_t)__image_end - (uintptr_t)__data_start);
	ret = psci_cpu_on(1, (uint64_t)(uintptr_t)park_cpu_on, 0);
	if (ret) {
		die("PSCI CPU_ON returned", (uint64_t)ret);
	}
	for (spins = 0; kreloc_park_status(&park, 1, &st) != KRELOC_PHASE_PARK;
	     spins++) {
		if (st.phase == KRELOC_PHASE_FAULT || spins == 10000000) {
			out_str("host: CPU 1 did not park: phase ");
			out_dec(st.phase);
			out_str(" esr ");
			out_hex(st.esr);
			out_str(" elr ");
			out_hex(st.elr);
			out_str("\n");
			sh_exit(2);
		}
	}
	out_str("host: CPU 1 parked\n");
	for (i = 0; i < 3; i++) {	/* spurious wakeups */
		__asm__ volatile("sev" : : : "memory");
		for (spins = 0; spins < 200; spins++) {
			__asm__ volatile("" : : : "memory");
		}
	}
	if (kreloc_park_status(&park, 1, &st) != KRELOC_PHASE_PARK) {
		out_str("host: FAIL: CPU 1 left the park on a wakeup, phase ");
		out_dec(st.phase);
		out_str("\n");
		sh_exit(1);
	}
	if (cfg.kind == CASE_PARK_FAULT) {
		park_fault();
	}
	*slot = (uint64_t)(uintptr_t)park_released;
	kreloc_clean_to_poc((const void *)slot, 8);
	__asm__ volatile("sev" : : : "memory");
	for (;;) {			/* CPU 1 ends the run */
		__asm__ volatile("wfe" : : : "memory");
	}
}

/* --- the test ----------------------------------------------------------- */

/*
 * Make QEMU's pci-serial answer at VIRT_PCIE_PIO + PCI_SERIAL_IO: its I/O
 * BAR there, I/O decoding on. Run with the MMU off (Device accesses). The
 * 16550 is as reset left it, which transmits: the stub needs no more.
 */
static uint64_t pci_serial_setup(void)
{
	volatile uint32_t *cfg_space = (volatile uint32_t *)(VIRT_PCIE_ECAM +
						(PCI_SERIAL_DEV << 15));

	if (cfg_space[0] != PCI_SERIAL_ID) {
		die("no pci-serial at 00:02.0, id", cfg_space[0]);
	}
	cfg_space[4] = PCI_SERIAL_IO;		/* BAR0, an I/O BAR */
	cfg_space[1] |= 1;			/* command: I/O space */
	return VIRT_PCIE_PIO + PCI_SERIAL_IO;
}

/*
 * The list as the stub walks it: each entry in turn, INDIRECTION followed
 * and DIGEST words skipped; op is where the page op just returned lands.
 */
struct walk {
	const struct kreloc_list *list;
	uint64_t *p;			/* the next slot */
	uint64_t dest, op;
};

static int is_digest(uint64_t e)
{
	return (e & ((1ull << KRELOC_DIGEST_SEG_SHIFT) - 1)) ==
	       KRELOC_ENTRY_DIGEST;
}

static void walk_start(struct walk *w, const struct kreloc_list *list)
{
	w->list = list;
	w->p = (uint64_t *)(list->head & ~(list->page_size - 1));
	w->dest = 0;
	w->op = 0;
}

/* The next entry's slot (never an INDIRECTION), or 0 at DONE. */
static uint64_t *walk_next(struct walk *w)
{
	uint64_t ps = w->list->page_size;

	for (;;) {
		uint64_t *slot = w->p, e = *slot;

		if (is_digest(e)) {
			w->p += 1 + KRELOC_DIGEST_WORDS;  /* data, not entries */
			return slot;
		}
		if (e & KRELOC_ENTRY_DONE) {
			return 0;
		}
		w->p++;
		if (e & KRELOC_ENTRY_INDIRECTION) {
			w->p = (uint64_t *)(e & ~(ps - 1));
			continue;
		}
		if (e & KRELOC_ENTRY_DESTINATION) {
			w->dest = e & ~(ps - 1);
		} else if (e & KRELOC_ENTRY_PAGE_OPS) {
			w->op = w->dest;
			w->dest += ps;
		}
		return slot;
	}
}

/* Replace the SOURCE entry for `from` with one for `to`. */
static void swap_source(const struct kreloc_list *list, uint64_t from,
			uint64_t to)
{
	struct walk w;
	uint64_t *slot;

	walk_start(&w, list);
	while ((slot = walk_next(&w)) && *slot != (from | KRELOC_ENTRY_SOURCE)) {
	}
	if (!slot) {
		die("no SOURCE entry for", from);
	}
	*slot = to | KRELOC_ENTRY_SOURCE;
	kreloc_clean_to_poc(slot, 8);
}

static void spoil_args(struct kreloc_args *a, const struct kreloc_list *list)
{
	uint64_t *first = (uint64_t *)(list->head & ~0xfffull);

	switch (rejects[cfg.reject].error) {
	case KRELOC_STUB_ERR_FLAGS:
		a->flags = 1ull << 63;
		break;
	case KRELOC_STUB_ERR_PAGE_SIZE:
		a->list_page_size = 8192;
		break;
	case KRELOC_STUB_ERR_HEAD:
		a->list_head = (list->head & ~0xfffull) | KRELOC_ENTRY_SOURCE;
		break;
	case KRELOC_STUB_ERR_TT_FORMAT:
		a->tt_format = a->tt_format == KRELOC_TT_EL1 ? KRELOC_TT_EL2 :
							      KRELOC_TT_EL1;
		break;
	case KRELOC_STUB_ERR_GRANULE:	/* cortex-a53/a72 have no 16K */
		a->tt_granule = 0x4000;
		break;
	case KRELOC_STUB_ERR_T0SZ:	/* was masked to 6 bits once */
		a->tt_t0sz = rejects[cfg.reject].name[4] ? KRELOC_T0SZ_MIN - 1 :
			     KRELOC_T0SZ_MAX + 1;
		break;
	case KRELOC_STUB_ERR_UART:	/* LSR at +5 would be misaligned */
		a->uart_pa = VIRT_UART;
		a->uart_type = KRELOC_UART_16550 | KRELOC_UART_WIDTH(4);
		break;
	case KRELOC_STUB_ERR_VERIFY_FPSIMD:	/* the hash lives in SIMD */
		a->flags = KRELOC_F_VERIFY;
		break;
	case KRELOC_STUB_ERR_NO_DEST:	/* drop the DESTINATION entry */
		first[0] = 0;
		kreloc_clean_to_poc(first, 8);
		break;
	}
	kreloc_clean_to_poc(a, sizeof(*a));
}

/* Page i of the image: where its bytes are now, and what kind it is. */
enum page_kind { PAGE_COPY, PAGE_PARTIAL, PAGE_ZERO, PAGE_INPLACE };

#define PARTIAL_TAIL	136	/* bytes the bounce page must zero */

/* --- corruption trials: the stub must refuse what it hashes, altered ---- */

/*
 * One trial: a bit flipped in a page the stub reads to hash, or in a
 * DIGEST's digest words (the DIGEST's number, no page: every check
 * agrees), or the last DIGEST taken out, its entry and words left as
 * entries that do nothing (0): its pages are then covered by none (no
 * number, the first of them), or a page bit with the DIGEST's check
 * chain (word 4) set to 0 (the number, no page). Then into the stub,
 * which must come back to fail_addr with KRELOC_STUB_ERR_DIGEST, the
 * number and page wanted, and every byte of the ranges kept (ct_keep())
 * as it was, the flipped bit put back first. case=verify picks among its
 * segments' pages (verify_flip()), case=overlap verify= among a plan's
 * page ops (overlap_flip()); the rest is here.
 */
enum ct_kind { CT_PAGE, CT_DIGEST, CT_CUT, CT_CHECKLESS };

#define CT_KEEP		4	/* ranges that must not change, at most */

static struct {
	uint64_t nr;			/* trials so far in this boot */
	int armed;			/* one applied, not yet checked */
	enum ct_kind kind;
	uint64_t at, bit;		/* the flipped bit */
	uint64_t want_seg, want_page;
	const char *what;
	uint64_t *cut, saved[1 + KRELOC_DIGEST_WORDS];	/* a DIGEST taken out */
	uint64_t *chain, chain_saved;	/* a word 4 set to 0: no checks */
	uint64_t snap, snap_size, snap_used;	/* the copies of keep[] */
	uint64_t nr_keep;
	struct {
		uint64_t pa, size, copy;
	} keep[CT_KEEP];
} ct;

/* The list slot of the list's DIGEST entry d (from 0, in list order). */
static uint64_t *digest_slot(const struct kreloc_list *list, uint64_t d)
{
	struct walk w;
	uint64_t *slot;

	walk_start(&w, list);
	while ((slot = walk_next(&w))) {
		if (is_digest(*slot) && !d--) {
			return slot;
		}
	}
	die("no such DIGEST entry, list head", list->head);
}

/* No ranges kept; room: bytes of copies at most (taken from the pool once). */
static void ct_keep_none(uint64_t room)
{
	if (!ct.snap) {
		ct.snap = pool_alloc(room, cfg.page);
		ct.snap_size = room;
	}
	ct.nr_keep = 0;
	ct.snap_used = 0;
}

/* [pa, pa + size) must be as it is now after every refusal. */
static void ct_keep(uint64_t pa, uint64_t size)
{
	uint64_t copy = ct.snap + ct.snap_used;

	if (ct.nr_keep == CT_KEEP || size > ct.snap_size - ct.snap_used) {
		die("no room to keep a copy of", pa);
	}
	ct.keep[ct.nr_keep].pa = pa;
	ct.keep[ct.nr_keep].size = size;
	ct.keep[ct.nr_keep++].copy = copy;
	ct.snap_used += size;
	memcpy((void *)copy, (const void *)pa, size);
	kreloc_clean_to_poc((void *)copy, size);	/* read MMU off */
}

/* What the next trial alters; CT_PAGE and CT_CHECKLESS then ct_page(). */
static enum ct_kind ct_draw(void)
{
	uint64_t k = rng() % 10;

	ct.cut = 0;
	ct.chain = 0;
	ct.kind = k < 3 ? (enum ct_kind)(k + 1) : CT_PAGE;
	return ct.kind;
}

/* A bit of the digest words of the DIGEST at slot, numbered number. */
static void ct_digest(uint64_t *slot, uint64_t number)
{
	ct.at = (uint64_t)(uintptr_t)(slot + 1) + rng() % KRELOC_SHA256_SIZE;
	ct.want_seg = number;
	ct.want_page = KRELOC_DIGEST_NONE;
	ct.what = "digest word";
}

/* The last DIGEST (at slot) taken out; first_page: its first page op's. */
static void ct_cut(uint64_t *slot, uint64_t first_page)
{
	ct.cut = slot;
	memcpy(ct.saved, slot, sizeof(ct.saved));
	memset(slot, 0, sizeof(ct.saved));
	kreloc_clean_to_poc(slot, sizeof(ct.saved));
	ct.at = (uint64_t)(uintptr_t)slot;
	ct.want_seg = KRELOC_DIGEST_NONE;
	ct.want_page = first_page;
	ct.what = "DIGEST taken out";
}

/*
 * A bit of the byte at `at`, which the stub reads for the page op that
 * lands at page, covered by the DIGEST at slot numbered number; for
 * CT_CHECKLESS with that DIGEST's check chain cut.
 */
static void ct_page(uint64_t at, uint64_t *slot, uint64_t number,
		    uint64_t page, const char *what)
{
	ct.at = at;
	ct.want_seg = number;
	ct.want_page = page;
	ct.what = what;
	if (ct.kind == CT_CHECKLESS) {
		ct.chain = slot + 5;
		ct.chain_saved = *ct.chain;
		*ct.chain = 0;
		kreloc_clean_to_poc(ct.chain, 8);
		ct.want_page = KRELOC_DIGEST_NONE;
	}
}

/* Alter it and say so: "... of <where> <n>, want ...". */
static void ct_apply(const char *where, uint64_t n)
{
	ct.bit = rng() % 8;
	if (!ct.cut) {
		*(volatile uint8_t *)ct.at ^= (uint8_t)(1u << ct.bit);
		kreloc_clean_to_poc((void *)ct.at, 1);
	}
	out_str("host: corruption ");
	out_dec(ct.nr + 1);
	out_str(": ");
	if (!ct.cut) {
		out_str("bit ");
		out_dec(ct.bit);
		out_str(" of ");
	}
	out_hex(ct.at);
	out_str(", ");
	out_str(ct.what);
	out_str(" of ");
	out_str(where);
	out_str(" ");
	out_dec(n);
	out_str(ct.chain ? ", check chain cut" : "");
	out_str(", want digest_seg ");
	out_hex(ct.want_seg);
	out_str(" digest_page ");
	out_hex(ct.want_page);
	out_str("\n");
	ct.armed = 1;
	/* all of it read with the MMU off after the stub comes back */
	kreloc_clean_to_poc(__data_start,
			    (uintptr_t)__image_end - (uintptr_t)__data_start);
}

/* "host: <pre>corruption N<what>error E, digest_seg S, digest_page P" */
static void ct_said(const char *pre, const char *what,
		    const struct kreloc_status *st)
{
	out_str("host: ");
	out_str(pre);
	out_str("corruption ");
	out_dec(ct.nr + 1);
	out_str(what);
	out_str("error ");
	out_dec(st->error);
	out_str(", digest_seg ");
	out_hex(st->digest_seg);
	out_str(", digest_page ");
	out_hex(st->digest_page);
}

/* fail_addr after a trial: undo it; the stub must have refused just so. */
static void ct_check(const struct kreloc_status *st)
{
	uint64_t k, i = 0, n = 0, changed = 0;

	ct.armed = 0;
	if (ct.chain) {
		*ct.chain = ct.chain_saved;
		kreloc_clean_to_poc(ct.chain, 8);
	}
	if (ct.cut) {
		memcpy(ct.cut, ct.saved, sizeof(ct.saved));
		kreloc_clean_to_poc(ct.cut, sizeof(ct.saved));
	} else {
		*(volatile uint8_t *)ct.at ^= (uint8_t)(1u << ct.bit);
		kreloc_clean_to_poc((void *)ct.at, 1);
	}
	for (k = 0; k < ct.nr_keep && i == n; k++) {
		const uint64_t *m = (const uint64_t *)ct.keep[k].pa;
		const uint64_t *c = (const uint64_t *)ct.keep[k].copy;

		n = ct.keep[k].size / 8;
		for (i = 0; i < n && m[i] == c[i]; i++) {
		}
		changed = ct.keep[k].pa + i * 8;
	}
	if (st->error != KRELOC_STUB_ERR_DIGEST ||
	    st->phase != KRELOC_PHASE_VERIFY ||
	    st->digest_seg != ct.want_seg || st->digest_page != ct.want_page ||
	    st->ts[KRELOC_TS_VERIFIED] || i != n) {
		ct_said("FAIL: ", ": ", st);
		out_str(", phase ");
		out_dec(st->phase);
		out_str(i != n ? "; memory written at " : "; ts ");
		out_hex(i != n ? changed : st->ts[KRELOC_TS_VERIFIED]);
		out_str("; want digest_seg ");
		out_hex(ct.want_seg);
		out_str(" digest_page ");
		out_hex(ct.want_page);
		out_str(" (seed ");
		out_dec(cfg.seed);
		out_str(")\n");
		sh_exit(1);
	}
	ct_said("", ": refused: ", st);
	out_str(", nothing written\n");
	ct.nr++;
}

/* --- case=verify: corrupt what the stub hashes; it must refuse ---------- */

/*
 * The image as a few verified segments of random lengths and kinds: copied
 * (SOURCE pages), in place (CLEAN) and with a zero tail (SOURCE pages,
 * a bounce page, ZERO pages). Then cfg.flips corruption trials (above),
 * the bits flipped in a random source, bounce or in-place page each; the
 * destination must stay as it was. Then the plan as built must boot.
 */
enum seg_kind { SEG_COPY, SEG_INPLACE, SEG_PARTIAL };

static struct {
	uint64_t nr;
	struct vseg {
		uint64_t first, pages, src, bufsz, bounce;
		enum seg_kind kind;
	} seg[VERIFY_SEGS];
	struct kreloc_list *list;
} vt;

static int verify_build(struct kreloc_list *list, uint64_t npages,
			uint64_t dest, uint64_t payload_size,
			unsigned char *scratch, uint64_t *sum)
{
	uint64_t i = 0, j, w, ps = cfg.page;
	uint64_t most = 2 * npages / cfg.segs + 1;
	int e = 0;

	vt.list = list;
	while (!e && i < npages) {
		struct vseg *v = &vt.seg[vt.nr];
		struct kreloc_segment seg;
		uint64_t nb = list->nr_bounce;

		v->first = i;
		v->pages = vt.nr == cfg.segs - 1 ? npages - i : 1 + rng() % most;
		if (vt.nr == 0 && v->pages * ps < payload_size) {
			v->pages = (payload_size + ps - 1) / ps;
		}
		if (v->pages > npages - i) {
			v->pages = npages - i;
		}
		v->kind = vt.nr == 0 ? SEG_COPY : (enum seg_kind)(rng() % 3);
		v->src = v->kind == SEG_INPLACE ? dest + i * ps :
			 pool_alloc(v->pages * ps, ps);
		v->bufsz = v->pages * ps;
		if (v->kind == SEG_PARTIAL) {	/* at least one byte of data */
			v->bufsz = 8 * (1 + rng() % (v->pages * ps / 8 - 1));
		}
		for (j = 0; j < v->pages; j++, i++) {
			uint64_t *page = (uint64_t *)(v->src + j * ps), off;

			for (w = 0; w < ps / 8; w++) {
				page[w] = rng();
			}
			for (off = i * ps; off < payload_size && off < (i + 1) * ps; off++) {
				((unsigned char *)page)[off - i * ps] = payload_start[off];
			}
			kreloc_clean_to_poc(page, ps);
			memcpy(scratch, page, ps);	/* what dest must hold */
			if (v->bufsz < (j + 1) * ps) {
				off = v->bufsz > j * ps ? v->bufsz - j * ps : 0;
				memset(scratch + off, 0, ps - off);
			}
			*sum = test_checksum(*sum, (uint64_t *)scratch, ps / 8);
		}
		seg = (struct kreloc_segment){ dest + v->first * ps, v->src,
					       v->bufsz, v->pages * ps };
		e = kreloc_list_add_verified(list, &seg, 0);
		v->bounce = list->nr_bounce > nb ? list->bounce[nb] : 0;
		vt.nr++;
	}
	return e;
}

/* A random page the stub reads to hash, or a DIGEST: alter it. */
static void verify_flip(void)
{
	uint64_t ps = cfg.page, s = 0, at = 0, page = 0, j, off;
	const char *what = 0;

	switch (ct_draw()) {
	case CT_DIGEST:
		s = rng() % vt.nr;
		ct_digest(digest_slot(vt.list, s), s);
		break;
	case CT_CUT:
		s = vt.nr - 1;
		ct_cut(digest_slot(vt.list, s), cfg.dest + vt.seg[s].first * ps);
		break;
	default:
		while (!at) {
			const struct vseg *v = &vt.seg[s = rng() % vt.nr];

			j = rng() % v->pages;
			off = rng() % ps;
			page = cfg.dest + (v->first + j) * ps;
			if (v->kind == SEG_INPLACE) {
				at = page + off;
				what = "in-place page";
			} else if ((j + 1) * ps <= v->bufsz) {
				at = v->src + j * ps + off;
				what = "source page";
			} else if (j * ps < v->bufsz && v->bounce) {
				if (rng() & 1) {  /* half of them in its zero tail */
					off = v->bufsz % ps +
					      off % (ps - v->bufsz % ps);
				}
				at = v->bounce + off;
				what = "bounce page";
			}		/* else a ZERO page: nothing to flip */
		}
		ct_page(at, digest_slot(vt.list, s), s, page, what);
	}
	ct_apply("segment", s);
}

/* The next trial, or the plan as built: into the stub again. */
__attribute__((noreturn))
static void verify_next(void)
{
	if (ct.nr < cfg.flips) {
		verify_flip();
	} else {
		out_str("host: verify: ");
		out_dec(ct.nr);
		out_str(" of ");
		out_dec(cfg.flips);
		out_str(" corruptions refused (100%), segment and page right, "
			"destination untouched; ");
		if (!cfg.boot) {	/* a trace of the refusals alone */
			out_str("no boot\nhost: PASS: verify refused\n");
			sh_exit(0);
		}
		out_str("now the plan as built\n");
	}
	kreloc_enter(cfg.stub, cfg.args);
	__builtin_unreachable();
}

static void report(const char *what, int e, const struct kreloc_error *err);

/* --- case=overlap: in place, through kreloc_list_plan() ---------------- */

/*
 * The image loaded where it overlaps its own destination, planned by
 * kreloc_list_plan(): shifted up (sources below their destinations, the
 * copy top down), shifted down (bottom up), or cut into parts that trade
 * places (a rotation of the parts: every page in a cycle, broken with
 * the one bounce page). Trials rotate through the three kinds (the first
 * by the seed); a shift is cut into 1 to 3 segments and may end in a
 * zero tail. Each trial boots the payload, which checks the image's
 * checksum and, but for the last, branches back to the host
 * (test_info.resume): the host compares the destination byte for byte
 * with what the segments describe, then plans the next trial into the
 * same place. Every entry into the stub after the first starts with the
 * MMU off (the stub left it so, on the way to the payload or back to
 * fail_addr); the stub's map and argument pages are reused. With
 * verify=, kreloc_list_plan_verified(): one DIGEST for the plan, checked
 * by the stub before it copies, numbered 0, 1 or 2 (the plan follows as
 * many empty segments, which count), and before each plan's good run
 * flips= corruption trials (6 by default; see overlap_flip()). With
 * fixed=1 (make bench) the trials are fixed plans instead, the first
 * copying from a disjoint area: see overlap_fixed().
 */
#define OVERLAP_SEGS	4
#define OVERLAP_SLIDE	8	/* a shift moves this many pages at most */

enum overlap_kind { OVERLAP_UP, OVERLAP_DOWN, OVERLAP_CYCLE, OVERLAP_APART };
static const char *const overlap_names[] = { "shift up", "shift down",
					     "cycle", "disjoint" };

/*
 * What a corruption trial alters (overlap_flip()): the page a page op of
 * the plan reads, by the op's class, or a DIGEST (ct_draw()).
 */
enum overlap_class {
	OC_INPLACE,		/* a source in the destination: read, then
				   overwritten later in the plan */
	OC_OUTSIDE,		/* a source outside it (a shift's edge) */
	OC_CYCLE_FIRST,		/* a cycle's first page, copied to the bounce
				   page: named by the bounce page */
	OC_CYCLE,		/* a cycle's other pages */
	OC_CYCLE_BOUNCE,	/* the bounce page a cycle's last copy reads
				   (zeroes while the stub verifies) */
	OC_BOUNCE,		/* a partial last page's plan-time bounce */
	OC_PAGES,		/* (page classes above; ZERO reads nothing,
				   and these plans have no page in place) */
	OC_DIGEST = OC_PAGES, OC_CUT, OC_CHECKLESS, OC_NR
};
static const char *const oc_names[] = {
	"in-place source", "outside source", "cycle's first page",
	"cycle source", "cycle bounce page", "partial-page bounce",
	"digest word", "DIGEST taken out", "no page checks",
};

static struct {
	uint64_t trial;
	uint64_t window, window_size;	/* every source and destination */
	uint64_t apart;			/* fixed=1: a disjoint source area */
	uint64_t expect;		/* what the destination must hold */
	uint64_t npages, payload_size;
	enum overlap_kind kind;
	uint64_t by;			/* shift: pages; cycle: parts */
	struct kreloc_segment seg[OVERLAP_SEGS];
	uint64_t nr;
	struct kreloc_list list, *lp;	/* lp: this trial's */
	struct kreloc_page stub, args;
	struct kreloc_boot boot;
	struct kreloc_cpu cpu;
	struct test_info *info;
	const struct kreloc_idmap *map;
	uint64_t lead;			/* verify=: empty segments before */
	uint64_t flip;			/* this plan's corruption trials */
	uint64_t pick;			/* the next page class, round robin */
	uint64_t ops[OC_PAGES];		/* this plan's page ops by class */
	uint64_t tally[OC_NR];		/* the trials by what they altered */
} ot;

/*
 * Half the time a zero tail for segment s, up to two pages and a word
 * (a partial page, maybe ZERO pages), if the payload stays in its data.
 */
static uint64_t overlap_bufsz(uint64_t dest, const struct kreloc_segment *s)
{
	uint64_t off = s->dest - dest, min = 8;
	uint64_t tail = 8 * (1 + rng() % (2 * cfg.page / 8));

	if (off < ot.payload_size) {
		min = (ot.payload_size - off + 7) & ~7ull;
	}
	if (rng() % 2 || tail >= s->memsz || s->memsz - tail < min) {
		return s->memsz;
	}
	return s->memsz - tail;
}

/* Cut n pages at the page counts in cut[0..k-2] (ascending, nonzero). */
static void overlap_cuts(uint64_t n, uint64_t k, uint64_t *start)
{
	uint64_t i, j;

	start[0] = 0;
	for (i = 1; i < k; i++) {
		start[i] = 1 + rng() % (n - 1);
		for (j = i; j > 1 && start[j - 1] > start[j]; j--) {
			uint64_t t = start[j];

			start[j] = start[j - 1];
			start[j - 1] = t;
		}
	}
	start[k] = n;
}

/*
 * fixed=1 (make bench): the same plans in every run, trial by trial, no
 * zero tail: the image copied in from a disjoint area (what the others
 * cost against), slid up by one page (the copy top down), slid down by
 * one page (bottom up), two halves trading places (n/2 cycles of two
 * pages, each through the bounce page), the first page and the rest
 * trading places (a rotation by one page: one cycle through every page).
 * Returns the number of segments.
 */
static uint64_t overlap_fixed(uint64_t dest)
{
	uint64_t ps = cfg.page, n = ot.npages, a;

	if (n < 2) {
		die("fixed=1: 2 pages at least, pages", n);
	}
	ot.by = 1;
	ot.seg[0] = (struct kreloc_segment){ dest, 0, n * ps, n * ps };
	switch (ot.trial) {
	case 0:
		ot.kind = OVERLAP_APART;
		ot.seg[0].src = ot.apart;
		return 1;
	case 1:
		ot.kind = OVERLAP_UP;
		ot.seg[0].src = dest - ps;
		return 1;
	case 2:
		ot.kind = OVERLAP_DOWN;
		ot.seg[0].src = dest + ps;
		return 1;
	default:
		ot.kind = OVERLAP_CYCLE;
		ot.by = 2;
		a = ot.trial == 3 ? n / 2 : 1;
		ot.seg[0] = (struct kreloc_segment){ dest, dest + (n - a) * ps,
						     a * ps, a * ps };
		ot.seg[1] = (struct kreloc_segment){ dest + a * ps, dest,
						     (n - a) * ps, (n - a) * ps };
		return 2;
	}
}

/* A random plan: a shift by 1 to 8 pages or a cycle, in 1 to 4 segments. */
static uint64_t overlap_random(uint64_t dest)
{
	uint64_t ps = cfg.page, n = ot.npages, k, i;
	uint64_t start[OVERLAP_SEGS + 1], order[OVERLAP_SEGS], at;

	ot.kind = (enum overlap_kind)((ot.trial + cfg.seed) % 3);
	k = 1 + rng() % (ot.kind == OVERLAP_CYCLE ? OVERLAP_SEGS - 1 : 3);
	if (ot.kind == OVERLAP_CYCLE) {
		k++;				/* two parts at least */
	}
	if (k > n) {
		k = n;
	}
	if (ot.kind == OVERLAP_CYCLE && k < 2) {
		die("case=overlap: a cycle needs two pages or more, pages", n);
	}
	do {				/* distinct cuts: no empty segment */
		overlap_cuts(n, k, start);
		for (i = 0; i < k && start[i] < start[i + 1]; i++) {
		}
	} while (i < k);
	ot.by = ot.kind == OVERLAP_CYCLE ? k : 1 + rng() % OVERLAP_SLIDE;
	for (i = 0; i < k; i++) {
		ot.seg[i].dest = dest + start[i] * ps;
		ot.seg[i].memsz = (start[i + 1] - start[i]) * ps;
		ot.seg[i].bufsz = ot.seg[i].memsz;
	}
	if (ot.kind == OVERLAP_CYCLE) {
		/* loaded in the parts' order rotated by r: none in place */
		uint64_t r = 1 + rng() % (k - 1);

		for (i = 0; i < k; i++) {
			order[i] = (i + r) % k;
		}
		for (i = 0, at = dest; i < k; i++) {
			ot.seg[order[i]].src = at;
			at += ot.seg[order[i]].memsz;
		}
	} else {
		for (i = 0; i < k; i++) {
			ot.seg[i].src = ot.kind == OVERLAP_UP ?
					ot.seg[i].dest - ot.by * ps :
					ot.seg[i].dest + ot.by * ps;
		}
		ot.seg[k - 1].bufsz = overlap_bufsz(dest, &ot.seg[k - 1]);
	}
	return k;
}

/* This trial's segments, the expected image and the loaded one; the plan. */
static int overlap_build(struct kreloc_list *list, uint64_t dest,
			 uint64_t *sum)
{
	uint64_t ps = cfg.page, n = ot.npages, k, i, w, off;
	uint64_t *e = (uint64_t *)ot.expect;
	int err;

	k = ot.nr = cfg.fixed ? overlap_fixed(dest) : overlap_random(dest);
	/* The image: the payload, then noise; zeroes past each bufsz. */
	for (w = 0; w < n * ps / 8; w++) {
		e[w] = rng();
	}
	memcpy(e, payload_start, ot.payload_size);
	for (i = 0; i < k; i++) {
		off = ot.seg[i].dest - dest;
		memset((unsigned char *)e + off + ot.seg[i].bufsz, 0,
		       ot.seg[i].memsz - ot.seg[i].bufsz);
	}
	/* Loaded: poison all round, each segment's data at its source. */
	memset((void *)ot.window, 0x5a, ot.window_size);
	for (i = 0; i < k; i++) {
		memcpy((void *)ot.seg[i].src,
		       (unsigned char *)e + (ot.seg[i].dest - dest),
		       ot.seg[i].bufsz);
	}
	kreloc_clean_to_poc((void *)ot.window, ot.window_size);
	if (ot.kind == OVERLAP_APART) {
		kreloc_clean_to_poc((void *)ot.apart, n * ps);
	}
	kreloc_clean_to_poc(e, n * ps);
	*sum = test_checksum(TEST_CHECKSUM_SEED, e, n * ps / 8);
	ot.lp = list;
	ot.lead = cfg.verify ? rng() % 3 : 0;
	for (i = 0, err = 0; i < ot.lead && !err; i++) {
		/* no page ops, but counted: the plan's DIGEST is numbered */
		err = kreloc_list_add(list, &(struct kreloc_segment){
				      ot.window, 0, 0, 0 });
	}
	if (!err) {
		err = cfg.verify ? kreloc_list_plan_verified(list, ot.seg, k) :
				   kreloc_list_plan(list, ot.seg, k);
	}
	if (!err && list->nr_cycle_bounce != (ot.kind == OVERLAP_CYCLE)) {
		die("bounce pages, want 1 for a cycle, 0 for a shift",
		    list->nr_cycle_bounce);
	}
	return err;
}

/* Page ops in the list (SOURCE, ZERO, CLEAN): the bounce copies count. */
static uint64_t overlap_ops(uint64_t *from_bounce)
{
	const struct kreloc_list *l = ot.lp;
	uint64_t n = 0, *slot;
	struct walk w;

	*from_bounce = 0;
	walk_start(&w, l);
	while ((slot = walk_next(&w))) {
		if (*slot & KRELOC_ENTRY_PAGE_OPS) {
			n++;
			*from_bounce += l->nr_cycle_bounce &&
					*slot == (l->cycle_bounce |
						  KRELOC_ENTRY_SOURCE);
		}
	}
	return n;
}

/* For the matrix (uart_want counts the page ops): what this trial does. */
static void overlap_report(void)
{
	const struct kreloc_list *l = ot.lp;
	uint64_t i, cycles, ops = overlap_ops(&cycles);

	out_str("host: overlap trial ");
	out_dec(ot.trial + 1);
	out_str("/");
	out_dec(cfg.trials);
	out_str(": ");
	out_str(overlap_names[ot.kind]);
	if (ot.kind != OVERLAP_APART) {
		out_str(ot.kind == OVERLAP_CYCLE ? " of " : " by ");
		out_dec(ot.by);
		out_str(ot.kind == OVERLAP_CYCLE ? " parts" : " page(s)");
	}
	for (i = 0; i < ot.nr; i++) {
		out_str(i ? ", " : ": ");
		out_hex(ot.seg[i].src);
		out_str("->");
		out_hex(ot.seg[i].dest);
		out_str("+");
		out_hex(ot.seg[i].bufsz);
		out_str("/");
		out_hex(ot.seg[i].memsz);
	}
	if (cfg.verify) {
		out_str(" after ");
		out_dec(ot.lead);
		out_str(" empty segment(s), DIGEST ");
		out_dec(ot.lead);
	}
	out_str("; ");
	out_dec(l->nr_plan_copies);
	out_str(" copies, ");
	out_dec(cycles);
	out_str(" cycle(s) through bounce page ");
	out_hex(l->nr_cycle_bounce ? l->cycle_bounce : 0);
	out_str("; list ");
	out_dec(l->nr_pages);
	out_str(" page(s), ");
	out_dec(ops);
	out_str(" page ops, entry ");
	out_hex(ot.boot.entry);
	out_str("\n");
}

/* The test record for this trial: resume unless it is the last. */
static void overlap_info(uint64_t sum)
{
	ot.info->checksum = sum;
	ot.info->resume = ot.trial + 1 < cfg.trials ?
			  (uint64_t)(uintptr_t)bare_failed : 0;
	kreloc_clean_to_poc(ot.info, sizeof(*ot.info));
}

/*
 * The class of the page op at w's last slot (e); in_cycle: between a
 * copy to the cycle bounce page and the copy out of it. OC_PAGES for a
 * ZERO or CLEAN page (none here: the plans leave no page in place).
 */
static enum overlap_class overlap_class(const struct walk *w, uint64_t e,
					int *in_cycle)
{
	const struct kreloc_list *l = ot.lp;
	uint64_t src = e & ~(l->page_size - 1), i;

	if (!(e & KRELOC_ENTRY_SOURCE)) {
		return OC_PAGES;
	}
	if (l->nr_cycle_bounce && src == l->cycle_bounce) {
		*in_cycle = 0;
		return OC_CYCLE_BOUNCE;
	}
	for (i = 0; i < l->nr_bounce; i++) {
		if (src == l->bounce[i]) {
			return OC_BOUNCE;
		}
	}
	if (l->nr_cycle_bounce && w->op == l->cycle_bounce) {
		*in_cycle = 1;
		return OC_CYCLE_FIRST;
	}
	if (*in_cycle) {
		return OC_CYCLE;
	}
	return src - cfg.dest < cfg.dest_size ? OC_INPLACE : OC_OUTSIDE;
}

/*
 * The plan's page op number nth of class c, in list order: its slot, w
 * left on it (w->op: its destination). c = OC_PAGES: count them all by
 * class in ot.ops[] instead, and return 0.
 */
static uint64_t *overlap_op(struct walk *w, enum overlap_class c, uint64_t nth)
{
	enum overlap_class k;
	uint64_t *slot;
	int in_cycle = 0;

	if (c == OC_PAGES) {
		memset(ot.ops, 0, sizeof(ot.ops));
	}
	walk_start(w, ot.lp);
	while ((slot = walk_next(w))) {
		if (!(*slot & KRELOC_ENTRY_PAGE_OPS) ||
		    (k = overlap_class(w, *slot, &in_cycle)) == OC_PAGES) {
			continue;
		}
		if (c == OC_PAGES) {
			ot.ops[k]++;
		} else if (k == c && !nth--) {
			return slot;
		}
	}
	if (c != OC_PAGES) {
		die("no such page op of class", c);
	}
	return 0;
}

/*
 * For the SOURCE entry e, of class c: the page the stub reads (returned)
 * and the one it must name (*page), the destination of the first page op
 * in list order that reads it (the cycle bounce page is read by every
 * cycle's last copy). For a page of the image the segments must say the
 * same (a cycle's first page: the bounce page instead): the planner's
 * list is not taken on trust.
 */
static uint64_t overlap_named(uint64_t e, enum overlap_class c,
			      uint64_t *page)
{
	uint64_t src = e & ~(cfg.page - 1), i, *slot, found = 0;
	struct walk w;

	walk_start(&w, ot.lp);
	while ((slot = walk_next(&w)) && *slot != e) {
	}
	*page = w.op;
	if (c == OC_BOUNCE || c == OC_CYCLE_BOUNCE) {
		return src;
	}
	for (i = 0; i < ot.nr; i++) {
		const struct kreloc_segment *sg = &ot.seg[i];

		if (src - sg->src < (sg->bufsz & ~(cfg.page - 1))) {
			found = c == OC_CYCLE_FIRST ? ot.lp->cycle_bounce :
				sg->dest + (src - sg->src);
		}
	}
	if (found != *page) {
		die("the plan copies elsewhere than its segments say, page", src);
	}
	return src;
}

/*
 * This plan's next trial: its DIGEST, or a page a page op reads, of the
 * next class in turn[] the plan has (shifts: an in-place source every
 * other time; cycles: their pages and the bounce page).
 */
static void overlap_flip(void)
{
	static const enum overlap_class turn[] = {
		OC_INPLACE, OC_CYCLE_FIRST, OC_OUTSIDE, OC_CYCLE,
		OC_INPLACE, OC_CYCLE_BOUNCE, OC_BOUNCE, OC_CYCLE,
	};
	const uint64_t nr_turn = sizeof(turn) / sizeof(turn[0]);
	uint64_t *slot = digest_slot(ot.lp, 0), *op, src, page, n;
	enum overlap_class c;
	struct walk w;

	switch (ct_draw()) {
	case CT_DIGEST:
		ct_digest(slot, ot.lead);
		c = OC_DIGEST;
		break;
	case CT_CUT:	/* the plan's first page op */
		walk_start(&w, ot.lp);
		while ((op = walk_next(&w)) && !(*op & KRELOC_ENTRY_PAGE_OPS)) {
		}
		ct_cut(slot, w.op);
		c = OC_CUT;
		break;
	default:
		overlap_op(&w, OC_PAGES, 0);
		for (n = 0; n <= nr_turn; n++) {	/* each class once */
			c = turn[ot.pick++ % nr_turn];
			if (ot.ops[c]) {
				break;
			}
		}
		if (n > nr_turn) {
			die("a plan without a page op that reads, trial", ot.trial);
		}
		op = overlap_op(&w, c, rng() % ot.ops[c]);
		src = overlap_named(*op, c, &page);
		ct_page(src + rng() % cfg.page, slot, ot.lead, page,
			oc_names[c]);
		c = ct.kind == CT_CHECKLESS ? OC_CHECKLESS : c;
	}
	ot.tally[c]++;
	ct_apply("plan", ot.trial + 1);
}

/*
 * verify=: before this plan's good run, flips= corruption trials; what
 * the stub could write must stay as it is now: the window (every source
 * and destination) and the bounce pages.
 */
static void overlap_corrupt(void)
{
	uint64_t i;

	ot.flip = 0;
	if (!cfg.verify || !cfg.flips) {
		return;
	}
	ct_keep_none(ot.window_size + 2 * cfg.page);
	ct_keep(ot.window, ot.window_size);
	for (i = 0; i < ot.lp->nr_bounce; i++) {
		ct_keep(ot.lp->bounce[i], cfg.page);
	}
	if (ot.lp->nr_cycle_bounce) {
		ct_keep(ot.lp->cycle_bounce, cfg.page);
	}
	overlap_flip();
}

/* A trial refused (ct_check()): the next one, or the plan as built. */
__attribute__((noreturn))
static void overlap_again(void)
{
	uint64_t c;

	if (++ot.flip < cfg.flips) {
		overlap_flip();
	} else {
		out_str("host: overlap trial ");
		out_dec(ot.trial + 1);
		out_str(": ");
		out_dec(ot.flip);
		out_str(" corruptions refused; now the plan as built\n");
	}
	if (ot.flip == cfg.flips && ot.trial + 1 == cfg.trials) {
		out_str("host: overlap verify: ");
		out_dec(ct.nr);
		out_str(" of ");
		out_dec(cfg.flips * cfg.trials);
		out_str(" corruptions refused (100%), DIGEST number and page "
			"right, nothing written:");
		for (c = 0; c < OC_NR; c++) {
			out_str(c ? ", " : " ");
			out_dec(ot.tally[c]);
			out_str(" ");
			out_str(oc_names[c]);
		}
		out_str("\n");
	}
	kreloc_clean_to_poc(__data_start,
			    (uintptr_t)__image_end - (uintptr_t)__data_start);
	kreloc_enter(ot.stub.pa, ot.args.pa);
	__builtin_unreachable();
}

/* The payload came back: check the image byte for byte, plan the next. */
__attribute__((noreturn))
static void overlap_next(void)
{
	const unsigned char *d = (const unsigned char *)cfg.dest;
	const unsigned char *e = (const unsigned char *)ot.expect;
	struct kreloc_error err;
	uint64_t i, sum = 0;
	int r;

	for (i = 0; i < cfg.dest_size && d[i] == e[i]; i++) {
	}
	if (i != cfg.dest_size) {
		out_str("host: FAIL: overlap trial ");
		out_dec(ot.trial + 1);
		out_str(": the destination differs at ");
		out_hex(cfg.dest + i);
		out_str(" (seed ");
		out_dec(cfg.seed);
		out_str(")\n");
		sh_exit(1);
	}
	out_str("host: overlap trial ");
	out_dec(ot.trial + 1);
	out_str(": image right\n");
	ot.trial++;
	r = kreloc_list_init(&ot.list, cfg.page, &pool_host);
	if (!r) {
		r = overlap_build(&ot.list, cfg.dest, &sum);
	}
	if (!r) {
		r = kreloc_list_finish(&ot.list);
	}
	if (r) {
		report("overlap list", r, 0);
	}
	r = kreloc_install(&ot.stub, &ot.args, &ot.list, ot.map, &ot.boot,
			   &ot.cpu, &err);
	if (r) {
		report("overlap install", r, &err);
	}
	overlap_info(sum);
	overlap_report();
	overlap_corrupt();
	kreloc_clean_to_poc(__data_start,
			    (uintptr_t)__image_end - (uintptr_t)__data_start);
	kreloc_enter(ot.stub.pa, ot.args.pa);
	__builtin_unreachable();
}

static void report(const char *what, int e, const struct kreloc_error *err)
{
	out_str("host: ");
	out_str(what);
	out_str(": ");
	out_str(kreloc_strerror(e));
	if (err) {
		out_str(" at ");
		out_hex(err->addr);
		out_str(" / ");
		out_hex(err->other);
	}
	out_str("\n");
	sh_exit(2);
}

void bare_main(void)
{
	static struct kreloc_idmap stub_map;
	static unsigned char scratch[0x10000];
	/* static: read again after fail_addr, which reuses this stack */
	static struct kreloc_list list;
	struct kreloc_range ram[2] = { { RAM_BASE, RAM_END - RAM_BASE } };
	struct kreloc_range uart[2] = { { VIRT_UART, 0x10000 },
					{ VIRT_PCIE_PIO, 0x10000 } };
	struct kreloc_range stub_code;
	/* our own map: all RAM runs code, ours and (for a moment) the stub's */
	struct kreloc_idmap_spec spec = {
		.ram = ram, .nr_ram = 1, .device = uart, .nr_device = 2,
		.granule = 0x1000, .code = ram, .nr_code = 1,
	};
	struct kreloc_page stub, args, area;
	struct kreloc_error err;
	struct kreloc_boot boot;
	struct kreloc_cpu cpu;
	struct test_info *info;
	uint64_t payload_size = (uintptr_t)payload_end - (uintptr_t)payload_start;
	uint64_t npages, dest, i, hole = 0, sum = TEST_CHECKSUM_SEED;
	uint64_t *src_of, *kind_of;
	size_t tables;
	int e;

	parse_cmdline();
	rng_state = cfg.seed;
	out_str("host: seed ");
	out_dec(cfg.seed);
	out_str("\n");
	if (current_el() != cfg.el) {
		die("QEMU started the host at the wrong EL", current_el());
	}
	if (cfg.vhe) {
		harness_set_e2h();
	}
	if (cfg.uart == UART_16550) {
		uart[1].base = pci_serial_setup();
		uart[1].size = 0x1000;
	}
	if (cfg.stub_pa) {	/* the tracing tests log just this page */
		pool_test_and_set(cfg.stub_pa, KRELOC_BLOB_SIZE, 1);
	}
	kreloc_cpu_read(&cpu);
	if (cfg.entry_mmu) {
		e = kreloc_idmap_build(&host_map, &spec, &cpu, &pool_host, &err);
		if (e) {
			report("host map", e, &err);
		}
		harness_mmu_on(&host_map);
	}

	npages = (cfg.size + cfg.page - 1) / cfg.page;
	if (npages * cfg.page < payload_size) {
		npages = (payload_size + cfg.page - 1) / cfg.page;
	}
	if (cfg.kind == CASE_ZERO) {
		npages += cfg.zero_pages;
	} else if (cfg.kind == CASE_INPLACE) {
		npages += 4;
	}
	info = (struct test_info *)pool_alloc(TEST_INFO_SIZE, TEST_INFO_SIZE);
	if (cfg.kind == CASE_OVERLAP) {	/* sources slide around dest */
		ot.window_size = (npages + 2 * OVERLAP_SLIDE) * cfg.page;
		ot.window = pool_alloc(ot.window_size, cfg.page);
		dest = ot.window + OVERLAP_SLIDE * cfg.page;
		ot.expect = pool_alloc(npages * cfg.page, cfg.page);
		ot.npages = npages;
		ot.payload_size = payload_size;
		if (cfg.fixed) {
			ot.apart = pool_alloc(npages * cfg.page, cfg.page);
		}
	} else {
		dest = pool_alloc(npages * cfg.page, cfg.page);
	}
	src_of = (uint64_t *)pool_alloc((npages * 16 + 0xfff) & ~0xfffull, 4096);
	kind_of = src_of + npages;
	if (cfg.kind == CASE_FAULT) {
		hole = pool_alloc(BLOCK_2M, BLOCK_2M);	/* left out of the map */
		ram[0].size = hole - RAM_BASE;
		ram[1] = (struct kreloc_range){ hole + BLOCK_2M, RAM_END - hole - BLOCK_2M };
		spec.nr_ram = 2;
	}
	memset((void *)dest, 0x5a, npages * cfg.page);	/* poison */

	/*
	 * The image: the payload's code, then seeded noise, page by page.
	 * CASE_ZERO ends the data one partial page early and adds zero
	 * pages; CASE_INPLACE and CASE_EMPTY leave pages at their
	 * destination.
	 */
	for (i = 0; cfg.kind != CASE_VERIFY && cfg.kind != CASE_OVERLAP &&
		    i < npages; i++) {
		uint64_t *page, w, off, at = dest + i * cfg.page;
		uint64_t data_pages = cfg.kind == CASE_ZERO ? npages - cfg.zero_pages : npages;

		kind_of[i] = i >= data_pages ? PAGE_ZERO :
			     i == data_pages - 1 && cfg.kind == CASE_ZERO ? PAGE_PARTIAL :
			     cfg.kind == CASE_EMPTY ? PAGE_INPLACE :
			     cfg.kind == CASE_INPLACE && i % 3 == 1 ? PAGE_INPLACE :
			     PAGE_COPY;
		if (kind_of[i] == PAGE_ZERO) {
			memset(scratch, 0, cfg.page);
			sum = test_checksum(sum, (uint64_t *)scratch, cfg.page / 8);
			continue;
		}
		src_of[i] = kind_of[i] == PAGE_INPLACE ? at :
			    pool_alloc(cfg.page, cfg.page);
		page = (uint64_t *)src_of[i];
		for (w = 0; w < cfg.page / 8; w++) {	/* bench: cheap noise */
			page[w] = cfg.bench ? (at + w * 8) * 0x9e3779b97f4a7c15ull : rng();
		}
		for (off = i * cfg.page; off < payload_size && off < (i + 1) * cfg.page; off++) {
			((unsigned char *)page)[off - i * cfg.page] = payload_start[off];
		}
		memcpy(scratch, page, cfg.page);
		if (kind_of[i] == PAGE_PARTIAL) {	/* what dest must hold */
			memset(scratch + cfg.page - PARTIAL_TAIL, 0, PARTIAL_TAIL);
		}
		sum = test_checksum(sum, (uint64_t *)scratch, cfg.page / 8);
	}
	e = kreloc_list_init(&list, cfg.page, &pool_host);
	if (!e && cfg.kind == CASE_VERIFY) {
		e = verify_build(&list, npages, dest, payload_size, scratch, &sum);
		out_str("host: verify: ");
		out_dec(vt.nr);
		out_str(" segments, ");
		out_dec(cfg.flips);
		out_str(" corruption trials\n");
	}
	if (!e && cfg.kind == CASE_OVERLAP) {
		e = overlap_build(&list, dest, &sum);
	}
	for (i = 0; !e && cfg.kind != CASE_VERIFY && cfg.kind != CASE_OVERLAP &&
		    i < npages; i++) {
		struct kreloc_segment seg = { dest + i * cfg.page, src_of[i],
					      cfg.page, cfg.page };

		if (kind_of[i] == PAGE_PARTIAL) {
			seg.bufsz -= PARTIAL_TAIL;
		} else if (kind_of[i] == PAGE_ZERO) {
			seg.src = 0;
			seg.bufsz = 0;
		}
		/* verify= (make bench): a digest for each scattered page */
		e = cfg.verify ? kreloc_list_add_verified(&list, &seg, 0) :
				 kreloc_list_add(&list, &seg);
		if (!cfg.copy_mmu && kind_of[i] != PAGE_ZERO) {
			kreloc_clean_to_poc((void *)src_of[i], cfg.page);
		}
	}
	if (!e) {
		e = kreloc_list_finish(&list);
	}
	if (e) {
		report("list", e, 0);
	}
	stub.pa = cfg.stub_pa ? cfg.stub_pa :
		  pool_alloc(KRELOC_BLOB_SIZE, KRELOC_BLOB_ALIGN);
	stub.va = (void *)stub.pa;
	args.pa = pool_alloc(4096, 4096);
	args.va = (void *)args.pa;

	if (cfg.copy_mmu) {
		/* the stub's map: only the stub's region runs code */
		stub_code = (struct kreloc_range){ stub.pa, KRELOC_BLOB_SIZE };
		spec.code = &stub_code;
		spec.granule = cfg.granule;	/* 0: the CPU's choice */
		e = kreloc_idmap_pages(&spec, &cpu, &tables, 0, &err);
		if (!e) {
			e = kreloc_idmap_build(&stub_map, &spec, &cpu, &pool_host, &err);
		}
		if (e) {
			report("stub map", e, &err);
		}
		if (tables != stub_map.nr_pages) {
			die("kreloc_idmap_pages() announced another count", tables);
		}
	}

	*info = (struct test_info){
		.magic = TEST_INFO_MAGIC,
		.self = (uint64_t)(uintptr_t)info,
		.x = { (uint64_t)(uintptr_t)info, rng(), rng(), rng() },
		.image_size = npages * cfg.page,
		.checksum = sum,
		.el = cfg.el,
		.e2h = read_e2h(),
		.status_pa = (uint64_t)(uintptr_t)info + 0x100,
		.expect_fault = cfg.kind == CASE_FAULT,
		.verify = cfg.verify,
	};
	boot = (struct kreloc_boot){
		.entry = dest,
		.x = { info->x[0], info->x[1], info->x[2], info->x[3] },
		.fail_addr = (uint64_t)(uintptr_t)bare_failed,
		.status_pa = info->status_pa,
		.flags = cfg.simd ? KRELOC_F_FPSIMD : 0,
	};
	if (cfg.verify) {	/* the hash state is SIMD: FPSIMD too */
		boot.flags |= KRELOC_F_VERIFY | KRELOC_F_FPSIMD |
			      (cfg.verify == 2 ? KRELOC_F_VERIFY_SOFT : 0);
	}
	/* Either is mapped Device in both maps: spec.device. */
	if (cfg.uart == UART_PL011) {
		boot.uart = (struct kreloc_uart){ VIRT_UART, KRELOC_UART_PL011 };
	} else if (cfg.uart == UART_16550) {
		boot.uart = (struct kreloc_uart){ uart[1].base,
			KRELOC_UART_16550 | KRELOC_UART_SHIFT(0) |
			KRELOC_UART_WIDTH(1) };
	}
	if (cfg.kind == CASE_PARK || cfg.kind == CASE_PARK_FAULT) {
		area.pa = pool_alloc(KRELOC_PARK_PAGE, KRELOC_PARK_PAGE);
		area.va = (void *)area.pa;
		e = kreloc_park_init(&park, &area, 2);
		if (e) {
			report("park", e, 0);
		}
		boot.park = &park;
		park_stub = stub.pa;
	}
	if (cfg.adopt) {	/* hand it over as a foreign list, e.g. a kimage */
		e = kreloc_list_adopt(&list, list.head, list.page_size,
				      &pool_host);
		if (e) {
			report("adopt", e, 0);
		}
	}
	e = kreloc_install(&stub, &args, &list, cfg.copy_mmu ? &stub_map : 0,
			   &boot, &cpu, &err);
	if (e) {
		report("install", e, &err);
	}
	cfg.dest = dest;
	cfg.dest_size = npages * cfg.page;
	cfg.stub = stub.pa;
	cfg.args = args.pa;
	if (cfg.kind == CASE_OVERLAP) {	/* for the trials after this one */
		ot.stub = stub;
		ot.args = args;
		ot.boot = boot;
		ot.cpu = cpu;
		ot.map = cfg.copy_mmu ? &stub_map : 0;
		ot.info = info;
		overlap_info(sum);
	}
	if (cfg.kind == CASE_VERIFY) {	/* what the destination holds now */
		ct_keep_none(cfg.dest_size);
		ct_keep(dest, cfg.dest_size);
	}

	/*
	 * Below the host API, straight at the stub's ABI: what a buggy or
	 * foreign host could hand it.
	 */
	if (cfg.kind == CASE_REJECT) {
		spoil_args(args.va, &list);
	} else if (cfg.kind == CASE_FAULT) {
		/* The validator refuses an unmapped source: swap one in. */
		i = rng() % npages;
		cfg.bad_src = hole + (rng() % (BLOCK_2M / cfg.page)) * cfg.page;
		memcpy((void *)cfg.bad_src, (void *)src_of[i], cfg.page);
		swap_source(&list, src_of[i], cfg.bad_src);
	} else if (cfg.kind == CASE_EMPTY) {
		((struct kreloc_args *)args.va)->list_head = KRELOC_ENTRY_DONE;
		kreloc_clean_to_poc(args.va, sizeof(struct kreloc_args));
	} else if (cfg.kind == CASE_ARGS_IN_DEST) {
		uint64_t moved = dest + npages / 2 * cfg.page;

		memcpy((void *)moved, args.va, sizeof(struct kreloc_args));
		kreloc_clean_to_poc((void *)moved, sizeof(struct kreloc_args));
		args.pa = moved;	/* overwritten by the copy */
	}

	if (cfg.bench) {
		harness_bench(src_of, kind_of, npages, dest, cfg.page);
		memset((void *)dest, 0x5a, npages * cfg.page);	/* poison again */
	}

	/* Read with the MMU off: by the payload, and by us on a failure. */
	kreloc_clean_to_poc(info, TEST_INFO_SIZE);
	kreloc_clean_to_poc(__data_start,
			    (uintptr_t)__image_end - (uintptr_t)__data_start);

	out_str("host: EL");
	out_dec(current_el());
	out_str(current_el() == 2 ? (read_e2h() ? " (E2H=1)" : " (E2H=0)") : "");
	out_str(cfg.entry_mmu ? ", MMU on" : ", MMU off");
	out_str("; ");
	out_dec(npages);
	out_str(" scattered pages of ");
	out_dec(cfg.page);
	out_str(" bytes -> ");
	out_hex(dest);
	out_str("; list ");
	out_dec(list.nr_pages);
	out_str(" page(s); ");
	if (cfg.copy_mmu) {
		out_str("copy through a ");
		out_dec(stub_map.granule >> 10);
		out_str("K-granule identity map of ");
		out_dec(stub_map.nr_pages);
		out_str(" table page(s)\n");
	} else {
		out_str("copy with the MMU off\n");
	}
	if (cfg.kind == CASE_OVERLAP) {
		overlap_report();
	}
	if (cfg.kind == CASE_PARK || cfg.kind == CASE_PARK_FAULT) {
		/* for tools: what CPU 1 will do */
		out_str("host: plan stub=");
		out_hex(stub.pa);
		out_str(" status=");
		out_hex(kreloc_park_slot(&park, 1) + KRELOC_PARK_RECORD);
		out_str(" status_size=");
		out_hex(sizeof(struct kreloc_status));
		out_str(" dest=0x0 size=0x0 entry=");
		out_hex((uint64_t)(uintptr_t)park_released);
		out_str(" fail=0x0 x0=0x0 x1=0x0 x2=0x0 x3=0x0 ctr=");
		out_hex(read_sysreg(ctr_el0));
		out_str(" dczid=");
		out_hex(read_sysreg(dczid_el0));
		out_str(" park=1 slot=");
		out_hex(kreloc_park_slot(&park, 1));
		out_str("\n");
		park_run();
	}
	/* One line for tools: what the stub was asked to do. */
	out_str("host: plan stub=");
	out_hex(stub.pa);
	out_str(" args=");
	out_hex(args.pa);
	out_str(" status=");
	out_hex(boot.status_pa);
	out_str(" status_size=");
	out_hex(sizeof(struct kreloc_status));
	out_str(" dest=");
	out_hex(dest);
	out_str(" size=");
	out_hex(npages * cfg.page);
	out_str(" entry=");
	out_hex(boot.entry);
	out_str(" fail=");
	out_hex(boot.fail_addr);
	out_str(" uart=");
	out_hex(boot.uart.pa);
	out_str(" verify=");
	out_dec(cfg.verify);
	for (i = 0; i < 4; i++) {
		out_str(i == 0 ? " x0=" : i == 1 ? " x1=" : i == 2 ? " x2=" : " x3=");
		out_hex(boot.x[i]);
	}
	out_str(" ctr=");
	out_hex(read_sysreg(ctr_el0));
	out_str(" dczid=");
	out_hex(read_sysreg(dczid_el0));
	out_str("\n");
	if (cfg.kind == CASE_VERIFY && cfg.flips) {
		verify_flip();
	}
	if (cfg.kind == CASE_OVERLAP) {
		overlap_corrupt();
	}
	out_str("host: entering the stub at ");
	out_hex(stub.pa);
	out_str(", argument block at ");
	out_hex(args.pa);
	out_str("\n");
	/*
	 * Unmask DAIF (no interrupt source is set up here): the payload's
	 * check that DAIF is masked then proves the stub masked it.
	 */
	__asm__ volatile("msr daifclr, #0xf" : : : "memory");
	__asm__ volatile("isb" : : : "memory");
	harness_dirty_sctlr();
	info->t_enter = read_sysreg(cntvct_el0);	/* for make bench */
	kreloc_clean_to_poc(&info->t_enter, 8);
	if (cfg.bti) {
		harness_enter_guarded(&host_map, stub.pa, args.pa);
	}
	kreloc_enter(stub.pa, args.pa);
}

/* fail_addr: the stub stopped. Entered with the MMU off, a fresh stack. */
void bare_stub_failed(const struct kreloc_status *st)
{
	uint64_t ec = st->esr >> 26;

	if (cfg.kind == CASE_OVERLAP && ct.armed) {
		ct_check(st);	/* a trial of this plan's: refused, or FAIL */
		overlap_again();
	}
	if (cfg.kind == CASE_OVERLAP && st->error == KRELOC_STUB_OK &&
	    st->phase == KRELOC_PHASE_JUMP) {	/* the payload came back */
		overlap_next();
	}
	out_str("host: stub stopped: phase ");
	out_dec(st->phase);
	out_str(" error ");
	out_dec(st->error);
	out_str(" fault_phase ");
	out_dec(st->fault_phase);
	out_str(" vector ");
	out_hex(st->vector);
	out_str(" esr ");
	out_hex(st->esr);
	out_str(" elr ");
	out_hex(st->elr);
	out_str(" far ");
	out_hex(st->far);
	out_str("\n");
	if (cfg.kind == CASE_VERIFY && st->error == KRELOC_STUB_ERR_DIGEST) {
		ct_check(st);
		verify_next();
	}
	if (cfg.kind == CASE_REJECT) {
		const unsigned char *d = (const unsigned char *)cfg.dest;
		uint64_t i, want = rejects[cfg.reject].error;
		uint64_t phase = want == KRELOC_STUB_ERR_NO_DEST ?
				 KRELOC_PHASE_COPY : KRELOC_PHASE_ENTRY;

		for (i = 0; i < cfg.dest_size && d[i] == 0x5a; i++) {
		}
		if (st->error == want && st->phase == phase &&
		    i == cfg.dest_size) {
			out_str("host: PASS: stub refused ");
			out_str(rejects[cfg.reject].name);
			out_str(" with error ");
			out_dec(want);
			out_str(", destination untouched\n");
			sh_exit(0);
		}
		out_str("host: want error ");
		out_dec(want);
		out_str(" in phase ");
		out_dec(phase);
		out_str(i == cfg.dest_size ? "\n" : "; the destination was written\n");
	}
	if (cfg.kind == CASE_FAULT && st->error == KRELOC_STUB_ERR_EXCEPTION &&
	    st->phase == KRELOC_PHASE_FAULT &&
	    st->fault_phase == KRELOC_PHASE_COPY && ec == 0x25 &&
	    st->far >= cfg.bad_src && st->far < cfg.bad_src + cfg.page) {
		out_str("host: PASS: data abort on the unmapped source recorded\n");
		sh_exit(0);
	}
	out_str("host: FAIL: the stub stopped (seed ");
	out_dec(cfg.seed);
	out_str(")\n");
	sh_exit(1);
}
