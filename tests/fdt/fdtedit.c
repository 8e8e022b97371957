// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * fdtedit IN OUT EDIT...: fdt_edit() (examples/linux-kexec/fdt-edit.c) on
 * a file, for tests/fdt/run-fdt.sh. Each EDIT is -s NODE NAME STRING (a
 * string property), -x NODE NAME HEX (bytes, two digits each) or -d NODE
 * NAME (delete). Exits 0, or 1 with fdt_edit()'s error on stderr and OUT
 * not written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../examples/linux-kexec/fdt-edit.h"

#define MAX_EDITS	32

static int usage(void)
{
	fprintf(stderr, "usage: fdtedit IN OUT [-s NODE NAME STRING | "
		"-x NODE NAME HEX | -d NODE NAME]...\n");
	return 2;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		return NULL;
	}
	do {
		unsigned char *nb;

		cap = cap ? 2 * cap : 1 << 16;
		nb = realloc(b, cap);
		if (!nb) {
			free(b);
			fclose(f);
			return NULL;
		}
		b = nb;
		n = fread(b + *len, 1, cap - *len, f);
		*len += n;
	} while (*len == cap);
	fclose(f);
	return b;
}

/* "00ff..." into bytes; their number, or -1. */
static int hex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = strlen(s), i;

	if (n % 2 || n / 2 > cap) {
		return -1;
	}
	for (i = 0; i < n / 2; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1) {
			return -1;
		}
		out[i] = (unsigned char)v;
	}
	return (int)(n / 2);
}

int main(int argc, char **argv)
{
	static unsigned char vals[MAX_EDITS][512];
	struct fdt_edit ed[MAX_EDITS];
	size_t nr = 0, len, bound, size;
	unsigned char *in, *out;
	FILE *f;
	int i, e;

	if (argc < 3) {
		return usage();
	}
	for (i = 3; i < argc; nr++) {
		int need = !strcmp(argv[i], "-d") ? 3 : 4;

		if (nr == MAX_EDITS || i + need > argc) {
			return usage();
		}
		ed[nr].node = argv[i + 1];
		ed[nr].name = argv[i + 2];
		ed[nr].value = vals[nr];
		if (!strcmp(argv[i], "-d")) {
			ed[nr].len = FDT_EDIT_DELETE;
		} else if (!strcmp(argv[i], "-s")) {
			ed[nr].value = argv[i + 3];
			ed[nr].len = (int)strlen(argv[i + 3]) + 1;
		} else if (!strcmp(argv[i], "-x")) {
			ed[nr].len = hex(argv[i + 3], vals[nr], sizeof(vals[nr]));
			if (ed[nr].len < 0) {
				return usage();
			}
		} else {
			return usage();
		}
		i += need;
	}
	in = read_file(argv[1], &len);
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	bound = fdt_edit_bound(in, len, ed, nr);
	out = malloc(bound ? bound : 1);
	if (!out) {
		return 1;
	}
	e = fdt_edit(in, len, out, bound, ed, nr, &size);
	if (e) {
		fprintf(stderr, "fdtedit: %s: fdt_edit error %d\n", argv[1], e);
		return 1;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, size, f) != size || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	free(out);
	free(in);
	return 0;
}
