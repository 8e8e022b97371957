// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * kexec-count: a QEMU TCG plugin (qemu-system-aarch64 -plugin FILE,ARG=...
 * -d plugin -D LOG) that counts the instructions a kexec takes, for
 * tests/bench/run-kexec-bench.sh.
 *
 * Counting: every translation block gets an execution callback that adds
 * its instruction count to its vCPU's count and to the global one (the
 * sum over all vCPUs). A block stopped part-way (an exception, an I/O
 * access replayed under -icount) is still counted whole: the counts are
 * exact only where nothing faults, as in the relocation code itself.
 * Under -icount QEMU runs the vCPUs one at a time, so the global count
 * at an event is exact too.
 *
 * Events, one line each through qemu_plugin_outs ("-d plugin" shows them;
 * "-D FILE" puts them in FILE), all starting "kexec-count: ":
 *   from     the first execution of PC from=ADDR, on the vCPU that ran it
 *   trigger  the first execution of PC trigger=ADDR (the old userspace's
 *            marker function, right before the kexec system call)
 *   entry    the new kernel's first instruction: the first block, after
 *            the start (below), that begins at a page-aligned PC with
 *            bit 63 clear whose page holds an arm64 Image header (the
 *            little-endian magic 0x644d5241 at byte 56, read through
 *            the host address of that page), or that begins at PC
 *            to=ADDR (for a payload that is no Image; ADDR must start a
 *            block, as a branch target does)
 *   relocation  with the entry: the instructions from the start to the
 *            entry, on that vCPU and on all. The start is from=ADDR's
 *            first instruction when given (counted with it); otherwise
 *            the last instruction that vCPU ran at a virtual address
 *            with bit 63 set (the old kernel's; both Linux's relocation
 *            code and kreloc's stub run at physical addresses, which
 *            have it clear), counted without it. Either way the entry's
 *            own first instruction is not counted.
 *   init     the first execution of PC init=ADDR after the entry (the
 *            new system's /init), and with it
 *   end-to-end  the instructions of all vCPUs from the trigger (counted)
 *            to that instruction (not counted)
 *   total    at exit, each vCPU's count and the sum
 * Without from=, an entry counts only on a vCPU that has run a kernel
 * address (so the first boot of the old kernel is not one), and only
 * after the trigger when trigger= is given.
 *
 * QEMU's plugin header is not installed with Debian's QEMU, so the few
 * declarations used are written out below. They are an ABI: the names,
 * signatures and enum values are those of include/qemu/qemu-plugin.h,
 * the same in QEMU 7.2 (plugin API 1) and 10.0 (API 4). Only the API
 * version a plugin declares differs: 7.2 loads plugins of API 0 to 1,
 * 10.0 of API 2 to 4, so the plugin is built once per QEMU, with
 * -DKC_API=1 (QEMU up to 8.2) or -DKC_API=2 (9.0 on).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KC_API
#error "build with -DKC_API=1 (QEMU up to 8.2) or -DKC_API=2 (QEMU 9.0 on)"
#endif

/* --- QEMU's plugin ABI: the part this plugin uses -------------------------- */

#define KC_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS = 0,
};

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_outs(const char *string);

KC_EXPORT extern int qemu_plugin_version;
KC_EXPORT int qemu_plugin_version = KC_API;
KC_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
				  int argc, char **argv);

/* --- state ------------------------------------------------------------------ */

#define MAX_VCPUS	256
#define HIGH_VA		(UINT64_C(1) << 63)
#define PAGE_4K		UINT64_C(4096)
#define IMAGE_MAGIC	UINT32_C(0x644d5241)	/* "ARM\x64" */
#define IMAGE_MAGIC_AT	56

enum { M_FROM, M_TRIGGER, M_INIT, M_TO, M_NR };
static const char *const marker_name[M_NR] = { "from", "trigger", "init", "to" };

/* A translated block: what its execution callback needs. */
struct block {
	uint64_t pc;
	uint32_t n;		/* instructions */
	uint8_t high;		/* bit 63 of the PC set */
	uint8_t entry;		/* a new kernel's entry, if the start was seen */
	uint8_t at_start;	/* markers (1 << M_*) at its first instruction */
};

/* A marker inside a block: its index there. */
struct marker_insn {
	uint32_t k;
	uint8_t which;
};

struct vcpu {
	uint64_t count;		/* instructions this vCPU ran */
	uint64_t tb_count;	/* its count before the current block */
	uint64_t tb_total;	/* the global count before the current block */
	uint64_t high_pc;	/* its last block at a kernel address */
	uint64_t high_count;	/* its count after that block */
	uint64_t high_total;	/* the global count after that block */
	bool ran_high;
	bool from_seen;
	uint64_t from_count, from_total;
};

static struct vcpu vcpus[MAX_VCPUS];
static uint64_t total;			/* every vCPU's instructions */
static unsigned int nr_vcpus;		/* highest index seen + 1 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t marker_pc[M_NR];
static bool marker_set[M_NR];
static bool marker_seen[M_NR];
static uint64_t trigger_total;
static bool entry_seen;
static uint64_t entry_total;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	qemu_plugin_outs(line);
}

static struct vcpu *vcpu_of(unsigned int index)
{
	if (index >= MAX_VCPUS) {
		index = MAX_VCPUS - 1;
	}
	if (index >= __atomic_load_n(&nr_vcpus, __ATOMIC_RELAXED)) {
		__atomic_store_n(&nr_vcpus, index + 1, __ATOMIC_RELAXED);
	}
	return &vcpus[index];
}

/* --- events ------------------------------------------------------------------ */

/* Marker WHICH reached on vCPU INDEX: COUNT and TOTAL before its instruction. */
static void marker(unsigned int index, struct vcpu *v, int which, uint64_t pc,
		   uint64_t count, uint64_t all)
{
	pthread_mutex_lock(&lock);
	if (marker_seen[which] || (which == M_TRIGGER && entry_seen) ||
	    (which == M_INIT && !entry_seen)) {
		pthread_mutex_unlock(&lock);
		return;
	}
	marker_seen[which] = true;
	say("kexec-count: %s 0x%" PRIx64 " on cpu %u at count %" PRIu64
	    " (all cpus %" PRIu64 ")\n", marker_name[which], pc, index, count, all);
	if (which == M_FROM) {
		v->from_seen = true;
		v->from_count = count;
		v->from_total = all;
	} else if (which == M_TRIGGER) {
		trigger_total = all;
	} else if (marker_seen[M_TRIGGER]) {
		say("kexec-count: end-to-end %" PRIu64 " insns (all cpus, trigger"
		    " at count %" PRIu64 ", init 0x%" PRIx64 " at count %" PRIu64
		    ", new kernel entry at count %" PRIu64 ")\n",
		    all - trigger_total, trigger_total, pc, all, entry_total);
	} else {
		say("kexec-count: end-to-end unknown: init reached, no trigger"
		    " seen\n");
	}
	pthread_mutex_unlock(&lock);
}

/* Does this block start the new kernel? */
static void maybe_entry(unsigned int index, struct vcpu *v, const struct block *b)
{
	uint64_t start, start_all;
	const char *how;

	if (__atomic_load_n(&entry_seen, __ATOMIC_RELAXED)) {
		return;
	}
	if (marker_set[M_FROM]) {
		if (!v->from_seen) {
			return;
		}
		start = v->from_count;
		start_all = v->from_total;
		how = "from";
	} else {
		if (!v->ran_high || (marker_set[M_TRIGGER] &&
				     !__atomic_load_n(&marker_seen[M_TRIGGER],
						      __ATOMIC_RELAXED))) {
			return;
		}
		start = v->high_count;
		start_all = v->high_total;
		how = "last kernel VA";
	}
	pthread_mutex_lock(&lock);
	if (!entry_seen) {
		entry_seen = true;
		entry_total = v->tb_total;
		say("kexec-count: entry 0x%" PRIx64 " on cpu %u at count %" PRIu64
		    " (all cpus %" PRIu64 ")\n", b->pc, index, v->tb_count,
		    v->tb_total);
		say("kexec-count: relocation %" PRIu64 " insns on cpu %u, %" PRIu64
		    " on all cpus (%s 0x%" PRIx64 " at count %" PRIu64
		    ", entry 0x%" PRIx64 " at count %" PRIu64 ")\n",
		    v->tb_count - start, index, v->tb_total - start_all, how,
		    marker_set[M_FROM] ? marker_pc[M_FROM] : v->high_pc, start,
		    b->pc, v->tb_count);
	}
	pthread_mutex_unlock(&lock);
}

/* --- callbacks ------------------------------------------------------------------ */

static void block_exec(unsigned int index, void *udata)
{
	const struct block *b = udata;
	struct vcpu *v = vcpu_of(index);
	int m;

	v->tb_count = v->count;
	v->tb_total = __atomic_fetch_add(&total, b->n, __ATOMIC_RELAXED);
	v->count += b->n;
	if (b->high) {
		v->ran_high = true;
		v->high_pc = b->pc;
		v->high_count = v->count;
		v->high_total = v->tb_total + b->n;
		return;
	}
	for (m = 0; b->at_start && m < M_TO; m++) {
		if (b->at_start & (1u << m)) {
			marker(index, v, m, b->pc, v->tb_count, v->tb_total);
		}
	}
	if (b->entry) {
		maybe_entry(index, v, b);
	}
}

/* Runs after its block's callback, which set tb_count and tb_total. */
static void marker_exec(unsigned int index, void *udata)
{
	const struct marker_insn *mi = udata;
	struct vcpu *v = vcpu_of(index);

	marker(index, v, mi->which, marker_pc[mi->which], v->tb_count + mi->k,
	       v->tb_total + mi->k);
}

static bool image_page(const struct qemu_plugin_insn *insn, uint64_t pc)
{
	const uint8_t *p;
	uint32_t magic;

	if (pc % PAGE_4K || (pc & HIGH_VA)) {
		return false;
	}
	p = qemu_plugin_insn_haddr(insn);
	if (!p) {
		return false;		/* not RAM */
	}
	/* The host address of the page's first byte: byte 56 is in that page. */
	memcpy(&magic, p + IMAGE_MAGIC_AT, sizeof(magic));
	return magic == IMAGE_MAGIC;	/* x86-64 and arm64 hosts: little-endian */
}

static void block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), k;
	struct block *b = calloc(1, sizeof(*b));
	int m;

	(void)id;
	if (!b || !n) {
		free(b);
		return;
	}
	b->pc = qemu_plugin_tb_vaddr(tb);
	b->n = (uint32_t)n;
	b->high = !!(b->pc & HIGH_VA);
	if (!b->high) {
		struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);

		b->entry = image_page(first, b->pc) ||
			   (marker_set[M_TO] && b->pc == marker_pc[M_TO]);
		for (k = 0; k < n; k++) {
			struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, k);
			uint64_t pc = qemu_plugin_insn_vaddr(insn);

			for (m = 0; m < M_NR; m++) {
				struct marker_insn *mi;

				if (!marker_set[m] || pc != marker_pc[m] || m == M_TO) {
					continue;
				}
				if (k == 0) {
					b->at_start |= (uint8_t)(1u << m);
					continue;
				}
				mi = malloc(sizeof(*mi));
				if (!mi) {
					continue;
				}
				mi->k = (uint32_t)k;
				mi->which = (uint8_t)m;
				qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
					QEMU_PLUGIN_CB_NO_REGS, mi);
			}
		}
	}
	qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec, QEMU_PLUGIN_CB_NO_REGS, b);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	unsigned int i;

	(void)id;
	(void)udata;
	for (i = 0; i < nr_vcpus; i++) {
		say("kexec-count: total cpu %u %" PRIu64 " insns\n", i, vcpus[i].count);
	}
	say("kexec-count: total %" PRIu64 " insns%s%s\n", total,
	    entry_seen ? "" : " (no new kernel entry seen)",
	    marker_set[M_INIT] && !marker_seen[M_INIT] ? " (init not reached)" : "");
}

/* --- arguments ---------------------------------------------------------------- */

static int parse(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *end;
	int m;

	for (m = 0; eq && m < M_NR; m++) {
		if ((size_t)(eq - arg) == strlen(marker_name[m]) &&
		    !strncmp(arg, marker_name[m], (size_t)(eq - arg))) {
			marker_pc[m] = strtoull(eq + 1, &end, 0);
			if (end == eq + 1 || *end) {
				break;
			}
			marker_set[m] = true;
			return 0;
		}
	}
	fprintf(stderr, "kexec-count: bad argument '%s'; known: from=ADDR,"
		" trigger=ADDR, init=ADDR, to=ADDR (C numbers: 0x... for hex)\n", arg);
	return -1;
}

KC_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
				  int argc, char **argv)
{
	int i;

	if (!info->system_emulation || strcmp(info->target_name, "aarch64")) {
		fprintf(stderr, "kexec-count: for qemu-system-aarch64 only\n");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (parse(argv[i])) {
			return -1;
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
