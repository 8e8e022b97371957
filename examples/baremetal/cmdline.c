// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#include "cmdline.h"
#include "semihost.h"

static char line[512];

int cmd_read(void)
{
	struct { char *buf; uint64_t len; } blk = { line, sizeof(line) - 1 };

	return semihost(SH_SYS_GET_CMDLINE, (uint64_t)(uintptr_t)&blk) == 0;
}

const char *cmd_get(const char *key)
{
	const char *p = line;

	while (*p) {
		const char *k = key, *q = p;

		while (*k && *q == *k) {
			q++;
			k++;
		}
		if (!*k && *q == '=') {
			return q + 1;
		}
		while (*p && *p != ' ') {	/* next word */
			p++;
		}
		while (*p == ' ') {
			p++;
		}
	}
	return 0;
}

uint64_t cmd_num(const char *s, const char **end)
{
	uint64_t v = 0, base = 10;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (; *s && *s != ' ' && *s != ':'; s++) {
		v = v * base + (uint64_t)(*s >= 'a' ? *s - 'a' + 10 : *s - '0');
	}
	if (end) {
		*end = s;
	}
	return v;
}

uint64_t cmd_u64(const char *key, uint64_t dflt)
{
	const char *v = cmd_get(key);

	return v ? cmd_num(v, 0) : dflt;
}

int cmd_is(const char *key, const char *word)
{
	const char *v = cmd_get(key);

	if (!v) {
		return 0;
	}
	while (*word && *v == *word) {
		v++;
		word++;
	}
	return !*word && (!*v || *v == ' ');
}
