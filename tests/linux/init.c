// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The initramfs's /init for the real-kernel tests: a static, libc-free
 * AArch64 Linux program. It checks that the filler file the initramfs
 * carries arrived intact (its FNV-1a sum against krelocsum= on the kernel
 * command line, which reaches init as an environment variable), prints a
 * marker line, and powers the machine off.
 */
#include "user.h"

#define SYS_openat	56
#define SYS_read	63
#define AT_FDCWD	(-100)

static u64 parse_hex(const char *s)
{
	u64 v = 0;

	if (s[0] == '0' && s[1] == 'x') {
		s += 2;
	}
	for (; *s; s++) {
		v = v * 16 + (u64)(*s >= 'a' ? *s - 'a' + 10 : *s - '0');
	}
	return v;
}

static unsigned char buf[1 << 16];

void init_main(long argc, char **argv, char **envp)
{
	u64 want = 0, sum = 0xcbf29ce484222325ull, total = 0;
	long fd, n, i;
	int have = 0;

	(void)argc;
	(void)argv;
	for (; *envp; envp++) {
		const char *e = *envp, *k = "krelocsum=";

		for (i = 0; k[i] && e[i] == k[i]; i++) {
		}
		if (!k[i]) {
			want = parse_hex(e + i);
			have = 1;
		}
	}
	fd = sys(SYS_openat, AT_FDCWD, (long)"/filler", 0, 0);
	if (have && fd >= 0) {
		while ((n = sys(SYS_read, fd, (long)buf, sizeof(buf), 0)) > 0) {
			for (i = 0; i < n; i++) {
				sum = (sum ^ buf[i]) * 0x100000001b3ull;
			}
			total += (u64)n;
		}
		if (sum != want) {
			say("kreloc-init: FAIL: initramfs filler checksum ");
			hex(sum);
			say(", want ");
			hex(want);
			say("\n");
			power_off();
		}
	}
	say("kreloc-init: reached userspace");
	if (have) {
		say(", initramfs filler of ");
		hex(total);
		say(" bytes intact");
	}
	say("\n");
	power_off();
}
