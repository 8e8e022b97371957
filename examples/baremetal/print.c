// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * Output for the test programs, through semihosting SYS_WRITE0. Lines are
 * gathered in a stack buffer per call so no data section is needed (the
 * payload has none).
 */
#include "semihost.h"

static void out_chars(const char *s, unsigned n)
{
	char buf[72];
	unsigned i = 0;

	while (n--) {
		buf[i++] = *s++;
		if (i == sizeof(buf) - 1 || n == 0) {
			buf[i] = 0;
			semihost(SH_SYS_WRITE0, (uint64_t)(uintptr_t)buf);
			i = 0;
		}
	}
}

void out_str(const char *s)
{
	unsigned n = 0;

	while (s[n]) {
		n++;
	}
	out_chars(s, n);
}

void out_dec(uint64_t v)
{
	char buf[24];
	unsigned i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_chars(buf + i, sizeof(buf) - i);
}

void out_hex(uint64_t v)
{
	char buf[18];
	unsigned i = sizeof(buf);

	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	out_chars(buf + i, sizeof(buf) - i);
}
