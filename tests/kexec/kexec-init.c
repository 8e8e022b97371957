// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * /init of the OLD system in the kexec tests: a static, libc-free AArch64
 * Linux program. It loads the next kernel and triggers the kexec, either
 * through kreloc's module or through Linux's own kexec, and prints one
 * line per step. The next system's /init is tests/linux/init.c.
 *
 * What it reads (examples/linux-kexec/kexec-in-qemu.sh packs them):
 *   /next/Image      the next kernel (an uncompressed arm64 Image)
 *   /next/initrd     its initramfs (optional)
 *   /next/cmdline    its command line (one line)
 *   /kreloc_kexec.ko the module, for kexec=kreloc
 * and, from the kernel command line (they reach init as environment
 * variables; Debian's 6.1 keeps any parameter starting with "kexec" to
 * itself):
 *   via=kreloc       load the module with kernel=, initrd=, cmdline=, then
 *                    write 1 to /sys/kernel/kreloc/exec (the default)
 *   via=linux        Linux's own kexec: kexec_file_load (syscall 294) where
 *                    the kernel has it; where it does not (ENOSYS: Debian's
 *                    arm64 kernels are built without CONFIG_KEXEC_FILE),
 *                    kexec_load (syscall 104) with the segments built here
 *                    as kexec-tools would: the Image, the DTB (the running
 *                    one, /sys/firmware/fdt, with /chosen updated), the
 *                    initrd, and a 6-instruction purgatory that enters the
 *                    Image with x0 = the DTB. Then reboot(LINUX_REBOOT_CMD_KEXEC).
 *   modparams=P      more module parameters, e.g. uart=pl011,0x9000000
 *   refuse=PATH      first try a load with kernel=PATH, which must fail;
 *                    then show the system is still usable (a file read, no
 *                    kexec armed) before the real load.
 * Right before the trigger it prints the virtual counter (CNTVCT_EL0,
 * readable at EL0 under Linux). Any unexpected failure prints
 * "kexec-init: FAIL: ..." and powers the machine off.
 */
#include "../linux/user.h"
#include "baremetal/libc.h"
#include "linux-kexec/fdt-edit.h"

typedef unsigned int u32;
typedef unsigned char u8;

#define SYS_mount	40
#define SYS_openat	56
#define SYS_close	57
#define SYS_lseek	62
#define SYS_read	63
#define SYS_kexec_load	104
#define SYS_delete_module 106
#define SYS_mmap	222
#define SYS_finit_module 273
#define SYS_getrandom	278
#define SYS_kexec_file_load 294
#define AT_FDCWD	(-100)
#define O_WRONLY	1
#define O_NONBLOCK	04000
#define SEEK_END	2
#define PROT_READ	1
#define MAP_PRIVATE	2
#define ENOENT		2
#define ENOSYS		38
#define GRND_INSECURE	4
#define AT_PAGESZ	6

#define REBOOT_KEXEC	0x45584543

#define SZ_2M		(2ul << 20)
#define FDT_MAX		(2ul << 20)	/* booting.rst: the DTB is at most 2 MiB */
#define CMDLINE_MAX	2048		/* arm64's COMMAND_LINE_SIZE */

static u64 page_size = 4096;	/* the kernel's, from the auxiliary vector */

static void dec(u64 v)
{
	char b[21];
	int i = 20;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	say(b + i);
}

/* "kexec-init: FAIL: WHAT[ (errno N)]", then power off. */
static __attribute__((noreturn)) void fail(const char *what, long err)
{
	say("kexec-init: FAIL: ");
	say(what);
	if (err < 0) {
		say(" (errno ");
		dec((u64)-err);
		say(")");
	}
	say("\n");
	power_off();
}

/* S starts with P. */
static int prefix(const char *s, const char *p)
{
	while (*p && *s == *p) {
		s++;
		p++;
	}
	return !*p;
}

/* The value of "NAME=" in the environment, or 0. */
static const char *env(char **envp, const char *name)
{
	for (; *envp; envp++) {
		const char *e = *envp;
		long i;

		for (i = 0; name[i] && e[i] == name[i]; i++) {
		}
		if (!name[i] && e[i] == '=') {
			return e + i + 1;
		}
	}
	return 0;
}

static u64 counter(void)
{
	u64 v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static u64 counter_freq(void)
{
	u64 v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static long open_read(const char *path)
{
	return sys(SYS_openat, AT_FDCWD, (long)path, 0, 0);
}

/* Read PATH whole into BUF (at most MAX bytes); its length, or -errno. */
static long slurp(const char *path, void *buf, u64 max)
{
	long fd = open_read(path), n, got = 0;

	if (fd < 0) {
		return fd;
	}
	while ((u64)got < max &&
	       (n = sys(SYS_read, fd, (long)buf + got, (long)(max - (u64)got), 0)) > 0) {
		got += n;
	}
	if ((u64)got == max && sys(SYS_read, fd, (long)&n, 1, 0) > 0) {
		got = -27;	/* EFBIG */
	}
	sys(SYS_close, fd, 0, 0, 0);
	return got;
}

/* The decimal number at S, after any spaces. */
static u64 number_at(const char *s)
{
	u64 v = 0;

	while (*s == ' ') {
		s++;
	}
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (u64)(*s++ - '0');
	}
	return v;
}

/*
 * For tests/bench/run-kexec-bench.sh: "kexec-init: MemFree WHEN: N kB,
 * P pages on per-CPU lists" (free pages MemFree does not count), the
 * per-CPU counters folded first (/proc/sys/vm/stat_refresh).
 */
/* Free memory in KiB (MemFree plus the per-CPU lists), printed. */
static u64 say_memfree(const char *when)
{
	static char buf[16384];
	long fd = sys(SYS_openat, AT_FDCWD, (long)"/proc/sys/vm/stat_refresh", O_WRONLY, 0);
	u64 i, free = 0, pcp = 0;

	for (i = 0; i < sizeof(buf); i += 4096) {
		buf[i] = 0;		/* its pages in before counting */
	}
	if (fd >= 0) {
		sys(SYS_write, fd, (long)"1", 1, 0);
		sys(SYS_close, fd, 0, 0, 0);
	}
	fd = slurp("/proc/zoneinfo", buf, sizeof(buf) - 1);
	buf[fd > 0 ? fd : 0] = 0;
	for (i = 0; buf[i]; i++) {
		if (prefix(buf + i, "count:")) {
			pcp += number_at(buf + i + 6);
		}
	}
	fd = slurp("/proc/meminfo", buf, sizeof(buf) - 1);
	buf[fd > 0 ? fd : 0] = 0;
	for (i = 0; buf[i]; i++) {
		if (prefix(buf + i, "MemFree:")) {
			free = number_at(buf + i + 8);
		}
	}
	say("kexec-init: MemFree ");
	say(when);
	say(": ");
	dec(free);
	say(" kB, ");
	dec(pcp);
	say(" pages on per-CPU lists\n");
	return free + pcp * (page_size >> 10);
}

/* A file mapped read-only: its bytes, its size. */
struct file {
	const u8 *p;
	u64 size;
	long fd;
};

static int map(const char *path, struct file *f)
{
	long end;

	f->fd = open_read(path);
	if (f->fd < 0) {
		return (int)f->fd;
	}
	end = sys(SYS_lseek, f->fd, 0, SEEK_END, 0);
	if (end <= 0) {
		return end < 0 ? (int)end : -22;
	}
	f->size = (u64)end;
	f->p = (const u8 *)sys6(SYS_mmap, 0, end, PROT_READ, MAP_PRIVATE, f->fd, 0);
	if ((long)f->p < 0 && (long)f->p > -4096) {
		return (int)(long)f->p;
	}
	return 0;
}

static u64 le64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static u64 up(u64 v, u64 a)
{
	return (v + a - 1) / a * a;
}

/* --- the next kernel's command line ------------------------------------ */

static char cmdline[CMDLINE_MAX];

static void read_cmdline(void)
{
	long n = slurp("/next/cmdline", cmdline, sizeof(cmdline) - 1), i;

	if (n < 0) {
		fail("cannot read /next/cmdline", n);
	}
	while (n > 0 && (cmdline[n - 1] == '\n' || cmdline[n - 1] == ' ')) {
		n--;
	}
	cmdline[n] = 0;
	for (i = 0; i < n; i++) {
		if (cmdline[i] == '\n') {
			fail("/next/cmdline holds more than one line", 0);
		}
	}
	say("kexec-init: next command line: ");
	say(cmdline);
	say("\n");
}

/* --- kreloc's module ------------------------------------------------------ */

static char params[CMDLINE_MAX + 256];
static const char *modparams = "";	/* modparams=: more module parameters */

/* finit_module with kernel=KERNEL and the rest; 0 or -errno. */
static long module_load(const char *kernel, int have_initrd)
{
	char *p = params;
	long fd, rc, i;
	const char *parts[] = { "kernel=", kernel,
		have_initrd ? " initrd=/next/initrd" : "", " cmdline=\"", cmdline, "\"",
		*modparams ? " " : "", modparams };

	for (i = 0; i < (long)(sizeof(parts) / sizeof(parts[0])); i++) {
		long n = len(parts[i]);

		if (p + n >= params + sizeof(params)) {
			fail("the module's parameters are too long", 0);
		}
		memcpy(p, parts[i], (size_t)n);
		p += n;
	}
	*p = 0;
	say("kexec-init: loading kreloc_kexec.ko ");
	say(params);
	say("\n");
	fd = open_read("/kreloc_kexec.ko");
	if (fd < 0) {
		fail("cannot open /kreloc_kexec.ko", fd);
	}
	rc = sys(SYS_finit_module, fd, (long)params, 0, 0);
	sys(SYS_close, fd, 0, 0, 0);
	return rc;
}

/*
 * rmmod disarms and frees: arm, unload, and the trigger file must be gone
 * and the memory back (within 1 MiB: slabs and page tables move a little).
 */
static void disarm_check(int have_initrd)
{
	u64 before = say_memfree("before arming"), after;
	long rc = module_load("/next/Image", have_initrd), fd;

	if (rc < 0) {
		fail("kreloc_kexec.ko refused to load", rc);
	}
	fd = open_read("/sys/kernel/kreloc/exec");
	if (fd == -ENOENT) {
		fail("armed, but /sys/kernel/kreloc/exec is not there", fd);
	}
	rc = sys(SYS_delete_module, (long)"kreloc_kexec", O_NONBLOCK, 0, 0);
	if (rc < 0) {
		fail("rmmod kreloc_kexec failed", rc);
	}
	fd = open_read("/sys/kernel/kreloc/exec");
	if (fd != -ENOENT) {
		fail("after rmmod, /sys/kernel/kreloc/exec is still there", fd);
	}
	after = say_memfree("after rmmod");
	if (after + 1024 < before) {
		fail("rmmod did not give the plan's memory back (see MemFree)", 0);
	}
	say("kexec-init: armed, then rmmod disarmed it and gave the memory back\n");
}

/* tests/bench/kexec-count.c's trigger=ADDR: called right before the trigger. */
void kexec_trigger_mark(void);
__attribute__((noinline)) void kexec_trigger_mark(void)
{
	__asm__ volatile("" : : : "memory");
}

static __attribute__((noreturn)) void module_trigger(void)
{
	long fd = sys(SYS_openat, AT_FDCWD, (long)"/sys/kernel/kreloc/exec", O_WRONLY, 0);
	u64 t;

	if (fd < 0) {
		fail("cannot open /sys/kernel/kreloc/exec", fd);
	}
	say("kexec-init: triggering: 1 > /sys/kernel/kreloc/exec\n");
	t = counter();
	say("kexec-init: trigger at cntvct ");
	hex(t);
	say("\n");
	kexec_trigger_mark();
	fail("the write to /sys/kernel/kreloc/exec returned",
	     sys(SYS_write, fd, (long)"1", 1, 0));
}

/* --- Linux's own kexec ---------------------------------------------------- */

/*
 * The running system's DTB with /chosen updated, as kexec-tools and
 * kexec_file do: bootargs, linux,initrd-start/-end, a fresh kaslr-seed;
 * rng-seed and the crash-kernel properties dropped. fdt_edit() is the
 * module's own DTB rewriter, so both paths hand over the same tree.
 */
static u8 fdt_old[FDT_MAX];
static u8 fdt_new[FDT_MAX + 4096] __attribute__((aligned(8)));

static void put_be64(u8 *p, u64 v)
{
	put_be32(p, (u32)(v >> 32));
	put_be32(p + 4, (u32)v);
}

/* Build fdt_new from fdt_old (N bytes); its size. */
static u64 fdt_update(long n, u64 initrd, u64 initrd_size)
{
	u8 start[8], end[8], seed[8];
	int have_seed = sys(SYS_getrandom, (long)seed, 8, GRND_INSECURE, 0) == 8;
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, (int)len(cmdline) + 1 },
		{ "/chosen", "linux,initrd-start", start,
		  initrd_size ? 8 : FDT_EDIT_DELETE },
		{ "/chosen", "linux,initrd-end", end, initrd_size ? 8 : FDT_EDIT_DELETE },
		{ "/chosen", "kaslr-seed", seed, have_seed ? 8 : FDT_EDIT_DELETE },
		{ "/chosen", "rng-seed", 0, FDT_EDIT_DELETE },
		{ "/chosen", "linux,elfcorehdr", 0, FDT_EDIT_DELETE },
		{ "/chosen", "linux,usable-memory-range", 0, FDT_EDIT_DELETE },
	};
	size_t size;
	int e;

	put_be64(start, initrd);
	put_be64(end, initrd + initrd_size);
	e = fdt_edit(fdt_old, (size_t)(n > 0 ? n : 0), fdt_new, sizeof(fdt_new),
		     ed, sizeof(ed) / sizeof(ed[0]), &size);
	if (e) {
		fail("/sys/firmware/fdt: fdt_edit() refused it", e);
	}
	if (size > FDT_MAX) {
		fail("the next DTB is over 2 MiB", (long)size);
	}
	return size;
}

static u64 parse_hex(const char *s, const char **end)
{
	u64 v = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			v = v * 16 + (u64)(*s - '0');
		} else if (*s >= 'a' && *s <= 'f') {
			v = v * 16 + (u64)(*s - 'a' + 10);
		} else {
			break;
		}
	}
	*end = s;
	return v;
}

static char iomem[1 << 16];

/*
 * The first top-level "System RAM" range of /proc/iomem that holds SIZE
 * bytes from its first 2 MiB boundary: that boundary, or 0.
 */
static u64 ram_for(u64 size)
{
	long n = slurp("/proc/iomem", iomem, sizeof(iomem) - 1);
	const char *s = iomem, *e;

	if (n <= 0) {
		fail("cannot read /proc/iomem", n);
	}
	iomem[n] = 0;
	while (*s) {
		u64 start = parse_hex(s, &e), last, base;
		const char *line = s;

		while (*s && *s != '\n') {
			s++;
		}
		if (*s) {
			s++;
		}
		if (*e != '-') {
			continue;	/* an indented (nested) entry */
		}
		last = parse_hex(e + 1, &e);
		if (e[0] != ' ' || e[1] != ':' || e[2] != ' ') {
			continue;
		}
		if (line[0] == ' ' || !prefix(e + 3, "System RAM") ||
		    (e[13] != '\n' && e[13] != 0)) {
			continue;
		}
		base = up(start, SZ_2M);
		if (base > start && base - start > last - start) {
			continue;
		}
		if (base + size - 1 >= base && base + size - 1 <= last) {
			return base;
		}
	}
	return 0;
}

struct segment {
	const void *buf;
	u64 bufsz;
	u64 mem;
	u64 memsz;
};


/* kexec_file_load where the kernel has it; -ENOSYS where it does not. */
static long linux_file_load(const char *kernel, int have_initrd)
{
	long kfd = open_read(kernel), ifd = -1, rc;

	if (kfd < 0) {
		fail("cannot open the next kernel", kfd);
	}
	if (have_initrd && (ifd = open_read("/next/initrd")) < 0) {
		fail("cannot open /next/initrd", ifd);
	}
	rc = sys6(SYS_kexec_file_load, kfd, ifd, len(cmdline) + 1, (long)cmdline,
		  have_initrd ? 0 : 4 /* KEXEC_FILE_NO_INITRAMFS */, 0);
	sys(SYS_close, kfd, 0, 0, 0);
	if (ifd >= 0) {
		sys(SYS_close, ifd, 0, 0, 0);
	}
	return rc;
}

/*
 * kexec_load, segments as kexec-tools places them on arm64: the Image at
 * the first 2 MiB boundary of RAM + text_offset, image_size bytes kept
 * free; the DTB at the next 2 MiB boundary; the initrd on the next page;
 * the purgatory on the page after it. 0 or -errno.
 */
static long linux_load(const char *kernel, int have_initrd)
{
	static const u32 purgatory[6] = {
		0x580000c0,	/* ldr x0, dtb (+24) */
		0xaa1f03e1,	/* mov x1, xzr */
		0xaa1f03e2,	/* mov x2, xzr */
		0xaa1f03e3,	/* mov x3, xzr */
		0x58000084,	/* ldr x4, entry (+32) */
		0xd61f0080,	/* br x4 */
	};
	static u64 purg[512];
	struct segment seg[4];
	struct file img, rd = { 0, 0, -1 };
	u64 text_offset, image_size, fdt_size, base, kernel_at, dtb_at, rd_at,
	    purg_at, end;
	long rc, fdt_len;

	rc = map(kernel, &img);
	if (rc < 0) {
		fail("cannot map the next kernel", rc);
	}
	if (img.size < 64 || le64(img.p + 56) % (1ull << 32) != 0x644d5241) {
		fail("the next kernel is not an arm64 Image (no ARM\\x64 magic)", 0);
	}
	text_offset = le64(img.p + 8);
	image_size = le64(img.p + 16);
	if (!image_size) {			/* before 3.17 */
		text_offset = 0x80000;
		image_size = up(img.size, page_size) + SZ_2M;
	}
	if (image_size < img.size || text_offset % page_size || text_offset >= SZ_2M * 512) {
		fail("the next kernel's header is inconsistent", 0);
	}
	if (have_initrd && (rc = map("/next/initrd", &rd)) < 0) {
		fail("cannot map /next/initrd", rc);
	}
	fdt_len = slurp("/sys/firmware/fdt", fdt_old, sizeof(fdt_old));
	if (fdt_len < 0) {
		fail("cannot read /sys/firmware/fdt", fdt_len);
	}

	/* The DTB's size hardly changes; allow it 2 MiB. */
	end = up(text_offset + image_size, SZ_2M) + SZ_2M +
	      up(rd.size, page_size) + page_size;
	base = ram_for(end);
	if (!base) {
		fail("no System RAM range in /proc/iomem holds the next kernel, DTB and initrd", 0);
	}
	kernel_at = base + text_offset;
	dtb_at = up(kernel_at + image_size, SZ_2M);
	rd_at = dtb_at + SZ_2M;
	purg_at = rd_at + up(rd.size, page_size);
	fdt_size = fdt_update(fdt_len, rd_at, rd.size);
	memcpy(purg, purgatory, sizeof(purgatory));
	purg[3] = dtb_at;
	purg[4] = kernel_at;

	seg[0] = (struct segment){ img.p, img.size, kernel_at, up(img.size, page_size) };
	seg[1] = (struct segment){ fdt_new, fdt_size, dtb_at, up(fdt_size, page_size) };
	seg[2] = (struct segment){ purg, sizeof(purg), purg_at, up(sizeof(purg), page_size) };
	seg[3] = (struct segment){ rd.p, rd.size, rd_at, up(rd.size, page_size) };
	say("kexec-init: kexec_load: kernel ");
	hex(kernel_at);
	say(" (");
	dec(img.size);
	say(" bytes), DTB ");
	hex(dtb_at);
	say(" (");
	dec(fdt_size);
	say(" bytes), initrd ");
	hex(rd_at);
	say(" (");
	dec(rd.size);
	say(" bytes), purgatory ");
	hex(purg_at);
	say("\n");
	return sys(SYS_kexec_load, (long)purg_at, have_initrd ? 4 : 3, (long)seg, 0);
}

/* Linux's kexec, file-based where the kernel has it; 0 or -errno. */
static long linux_any_load(const char *kernel, int have_initrd)
{
	static int no_file_load;
	long rc;

	say("kexec-init: loading ");
	say(kernel);
	say(" through Linux's kexec\n");
	if (!no_file_load) {
		rc = linux_file_load(kernel, have_initrd);
		if (rc != -ENOSYS) {
			if (!rc) {
				say("kexec-init: kexec_file_load: loaded\n");
			}
			return rc;
		}
		say("kexec-init: kexec_file_load: not in this kernel (ENOSYS), using kexec_load\n");
		no_file_load = 1;
	}
	return linux_load(kernel, have_initrd);
}

static __attribute__((noreturn)) void linux_trigger(void)
{
	u64 t;

	say("kexec-init: triggering: reboot(LINUX_REBOOT_CMD_KEXEC)\n");
	t = counter();
	say("kexec-init: trigger at cntvct ");
	hex(t);
	say("\n");
	kexec_trigger_mark();
	fail("reboot(LINUX_REBOOT_CMD_KEXEC) returned",
	     sys(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_KEXEC, 0));
}

/* --- the steps ------------------------------------------------------------ */

void init_main(long argc, char **argv, char **envp)
{
	const char *how = env(envp, "via"), *refuse = env(envp, "refuse");
	const char *extra = env(envp, "modparams");
	char **p;
	int kreloc, have_initrd;
	long rc, fd;

	(void)argc;
	(void)argv;
	for (p = envp; *p; p++) {
	}
	for (p++; p[0]; p += 2) {		/* the auxiliary vector */
		if ((long)p[0] == AT_PAGESZ) {
			page_size = (u64)p[1];
		}
	}
	if (!how) {
		how = "kreloc";
	}
	if (strcmp(how, "kreloc") && strcmp(how, "linux")) {
		fail("via= must be kreloc or linux", 0);
	}
	kreloc = !strcmp(how, "kreloc");
	if (extra) {
		modparams = extra;
	}
	say("kexec-init: old system up, kexec through ");
	say(kreloc ? "kreloc's module" : "Linux's own kexec");
	say(", counter at ");
	dec(counter_freq());
	say(" Hz\n");

	rc = sys6(SYS_mount, (long)"sysfs", (long)"/sys", (long)"sysfs", 0, 0, 0);
	if (rc < 0) {
		fail("cannot mount sysfs at /sys", rc);
	}
	rc = sys6(SYS_mount, (long)"proc", (long)"/proc", (long)"proc", 0, 0, 0);
	if (rc < 0) {
		fail("cannot mount proc at /proc", rc);
	}
	read_cmdline();
	fd = open_read("/next/initrd");
	have_initrd = fd >= 0;
	if (fd >= 0) {
		sys(SYS_close, fd, 0, 0, 0);
	}

	if (refuse) {
		rc = kreloc ? module_load(refuse, have_initrd) : linux_any_load(refuse, have_initrd);
		if (rc >= 0) {
			fail("the load that had to fail went through", 0);
		}
		say("kexec-init: refused as expected (errno ");
		dec((u64)-rc);
		say(")\n");
		/* Still usable: a file reads, and nothing is armed. */
		rc = slurp("/next/cmdline", iomem, sizeof(iomem));
		if (rc < 0) {
			fail("after the refusal, /next/cmdline cannot be read", rc);
		}
		fd = open_read(kreloc ? "/sys/kernel/kreloc/exec" : "/sys/kernel/kexec_loaded");
		if (kreloc && fd != -ENOENT) {
			fail("after the refusal, /sys/kernel/kreloc/exec is there", fd);
		}
		if (!kreloc && (fd < 0 || sys(SYS_read, fd, (long)iomem, 1, 0) != 1 ||
				iomem[0] != '0')) {
			fail("after the refusal, /sys/kernel/kexec_loaded does not say 0", fd);
		}
		say("kexec-init: still usable after the refusal: read ");
		dec((u64)rc);
		say(" bytes of /next/cmdline, nothing armed\n");
		if (kreloc) {
			disarm_check(have_initrd);
		}
	}

	say_memfree("before the load");
	rc = kreloc ? module_load("/next/Image", have_initrd) :
		      linux_any_load("/next/Image", have_initrd);
	if (rc < 0) {
		fail(kreloc ? "kreloc_kexec.ko refused to load" : "Linux's kexec refused the load", rc);
	}
	say_memfree("after the load");
	say("kexec-init: armed\n");
	if (kreloc) {
		module_trigger();
	}
	linux_trigger();
}
