/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * What the tests' /init programs share (tests/linux/init.c, the new
 * system's; tests/kexec/kexec-init.c, the old one's): static, libc-free
 * AArch64 Linux programs, so system calls by hand, output by hand, and the
 * way out.
 */
#ifndef KRELOC_TESTS_USER_H
#define KRELOC_TESTS_USER_H

typedef unsigned long u64;

#define SYS_write	64
#define SYS_reboot	142
#define REBOOT_MAGIC1	0xfee1dead
#define REBOOT_MAGIC2	672274793
#define REBOOT_POWER_OFF 0x4321fedc

/* System call n with up to six arguments: x8 = n, x0..x5, svc #0. */
static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0" : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

static inline long sys(long n, long a, long b, long c, long d)
{
	return sys6(n, a, b, c, d, 0, 0);
}

static inline long len(const char *s)
{
	long n = 0;

	while (s[n]) {
		n++;
	}
	return n;
}

static inline void say(const char *s)
{
	sys(SYS_write, 1, (long)s, len(s), 0);
}

/* v as 0x and 16 hex digits. */
static inline void hex(u64 v)
{
	char b[19] = "0x";
	int i;

	for (i = 0; i < 16; i++) {
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	}
	b[18] = 0;
	say(b);
}

static inline __attribute__((noreturn)) void power_off(void)
{
	sys(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWER_OFF, 0);
	for (;;) {
	}
}

/*
 * The program's entry: the kernel starts it with sp -> argc, argv[], NULL,
 * envp[], NULL, the auxiliary vector; _start passes argc, argv and envp
 * to init_main(), which each program defines and which never returns.
 */
void init_main(long argc, char **argv, char **envp);
__asm__(".globl _start\n"
	"_start:\n"
	"	ldr	x0, [sp]\n"
	"	add	x1, sp, #8\n"
	"	add	x2, x1, x0, lsl #3\n"
	"	add	x2, x2, #8\n"
	"	bl	init_main\n"
	"	b	.\n");

#endif /* KRELOC_TESTS_USER_H */
