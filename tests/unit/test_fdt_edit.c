// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * fdt_edit() (examples/linux-kexec/fdt-edit.c, the kexec module's /chosen
 * rewriter). Inputs come from the tests' own writer and outputs are read
 * back with its own reader (dtb.c), never with fdt-edit's code. Every
 * input sits at the end of an allocation of exactly in_len bytes, so ASan
 * catches a read past it, and every output buffer is followed by a canary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../examples/linux-kexec/fdt-edit.h"
#include "dtb.h"
#include "tests.h"

#define CANARY		64
#define FILL		0xa5

static const unsigned char seed8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const unsigned char core16[16] = { 0, 0, 0, 0, 0x48, 0, 0, 0,
					   0, 0, 0, 0, 0, 0, 0x10, 0 };
static const unsigned char mem16[16] = { 0, 0, 0, 0, 0x40, 0, 0, 0,
					 0, 0, 0, 0, 0x08, 0, 0, 0 };
static const unsigned char start8[8] = { 0, 0, 0, 0, 0x48, 0x10, 0, 0 };
static const unsigned char end8[8] = { 0, 0, 0, 0, 0x48, 0x23, 0x45, 0x67 };
static const char cmdline[] = "console=ttyAMA0 earlycon root=/dev/vda rw";
static unsigned char rng64[64];

/* Big-endian cells, as fdt_edit() wants its values. */
static const unsigned char two[4] = { 0, 0, 0, 2 };
static const unsigned char four[4] = { 0, 0, 0, 4 };

/*
 * The tree most tests edit: /chosen as a bootloader leaves it, two CPUs
 * (unit addresses), memory; two reservations, boot CPU 1, and "rng-seed"
 * in the strings block with no property using it. nops: NOP tokens here
 * and there.
 */
static size_t base_tree(unsigned char *out, size_t cap, int nops)
{
	static struct dtb d;

	dtb_init(&d);
	d.boot_cpuid = 1;
	dtb_rsv(&d, 0x48000000, 0x1000);
	dtb_rsv(&d, 0x49000000, 0x20000);
	dtb_string(&d, "rng-seed");
	if (nops) {
		dtb_tok(&d, DTB_NOP);
	}
	dtb_begin(&d, "");
	dtb_prop_u32(&d, "#address-cells", 2);
	dtb_prop_u32(&d, "#size-cells", 2);
	dtb_prop_str(&d, "model", "kreloc,test");
	if (nops) {
		dtb_tok(&d, DTB_NOP);
	}
	dtb_begin(&d, "chosen");
	dtb_prop_str(&d, "bootargs", "console=ttyAMA0");
	dtb_prop(&d, "kaslr-seed", seed8, 8);
	if (nops) {
		dtb_tok(&d, DTB_NOP);
		dtb_tok(&d, DTB_NOP);
	}
	dtb_prop(&d, "linux,elfcorehdr", core16, 16);
	dtb_end(&d);
	dtb_begin(&d, "cpus");
	dtb_prop_u32(&d, "#address-cells", 1);
	dtb_prop_u32(&d, "#size-cells", 0);
	dtb_begin(&d, "cpu@0");
	dtb_prop_str(&d, "device_type", "cpu");
	dtb_prop_u32(&d, "reg", 0);
	dtb_end(&d);
	dtb_begin(&d, "cpu@1");
	dtb_prop_str(&d, "device_type", "cpu");
	dtb_prop_u32(&d, "reg", 1);
	dtb_prop_str(&d, "enable-method", "psci");
	dtb_end(&d);
	dtb_end(&d);
	if (nops) {
		dtb_tok(&d, DTB_NOP);
	}
	dtb_begin(&d, "memory@40000000");
	dtb_prop_str(&d, "device_type", "memory");
	dtb_prop(&d, "reg", mem16, 16);
	dtb_end(&d);
	dtb_end(&d);
	if (nops) {
		dtb_tok(&d, DTB_NOP);
	}
	dtb_tok(&d, DTB_END);
	return dtb_finish(&d, out, cap);
}

/* A copy of p in an allocation of exactly len bytes. */
static unsigned char *exact(const void *p, size_t len)
{
	unsigned char *b = malloc(len ? len : 1);

	assert_non_null(b);
	memcpy(b, p, len);
	return b;
}

/* [from, to) of b all equal to v? */
static int all(const unsigned char *b, size_t from, size_t to, unsigned v)
{
	while (from < to) {
		if (b[from++] != v) {
			return 0;
		}
	}
	return 1;
}

struct result {
	int e;
	unsigned char *out;		/* size bytes, when e == 0 */
	size_t size, bound;
	struct dtb_view v;
};

/*
 * fdt_edit() into a buffer of fdt_edit_bound() bytes plus a canary. Of
 * every output: the header, the block layout, the reservations and the
 * boot CPU as the input's, zeroed padding, the same bytes whatever the
 * buffer held, properties before subnodes if the input had them; one
 * byte less is E_SPACE, writing nothing past the end.
 */
static int edit(const unsigned char *in, size_t len, const struct fdt_edit *ed,
		size_t nr, struct result *r)
{
	unsigned char *src = exact(in, len), *again;
	size_t cap, size2 = 0, i;
	struct dtb_view iv;
	uint64_t a, s, a2, s2;

	memset(r, 0, sizeof(*r));
	r->bound = fdt_edit_bound(src, len, ed, nr);
	cap = r->bound ? r->bound : 4096;
	r->out = malloc(cap + CANARY);
	assert_non_null(r->out);
	memset(r->out, FILL, cap + CANARY);
	r->e = fdt_edit(src, len, r->out, cap, ed, nr, &r->size);
	assert_true(all(r->out, cap, cap + CANARY, FILL));
	if (r->e) {
		/* The bound is enough whenever the header is good. */
		assert_int_not_equal(r->e, FDT_EDIT_E_SPACE);
		free(src);
		return r->e;
	}
	assert_int_not_equal(r->bound, 0);
	assert_true(r->size <= r->bound);
	assert_int_equal(r->size % 8, 0);
	assert_int_equal(dtb_open(&r->v, r->out, r->size), DTB_OK);
	assert_int_equal(r->v.total, r->size);
	assert_int_equal(dtb_walk(&r->v, NULL, NULL), DTB_OK);
	assert_int_equal(dtb_be32(r->out + DTB_VERSION), 17);
	assert_int_equal(dtb_be32(r->out + DTB_LAST_COMP), 16);
	/* Header, reservations, structure, strings, at most 7 zeroes. */
	assert_int_equal(r->v.rsv, DTB_HDR);
	assert_int_equal(r->v.st, DTB_HDR + r->v.rsv_len);
	assert_int_equal(r->v.str, r->v.st + r->v.st_len);
	assert_int_equal(r->size, (r->v.str + r->v.str_len + 7) & ~(size_t)7);
	assert_true(all(r->out, r->v.str + r->v.str_len, r->size, 0));

	assert_int_equal(dtb_open(&iv, src, len), DTB_OK);
	assert_int_equal(dtb_be32(r->out + DTB_BOOT_CPUID),
			 dtb_be32(src + DTB_BOOT_CPUID));
	assert_int_equal(r->v.rsv_len, iv.rsv_len);
	for (i = 0; dtb_rsv_at(&iv, (int)i, &a, &s); i++) {
		assert_true(dtb_rsv_at(&r->v, (int)i, &a2, &s2));
		assert_true(a == a2 && s == s2);
	}
	if (dtb_props_first(&iv)) {
		assert_true(dtb_props_first(&r->v));
	}

	/* Nothing of the buffer's old contents shows through. */
	again = malloc(cap);
	assert_non_null(again);
	memset(again, 0, cap);
	assert_int_equal(fdt_edit(src, len, again, cap, ed, nr, &size2), 0);
	assert_int_equal(size2, r->size);
	assert_memory_equal(again, r->out, r->size);

	/* One byte short: refused, and nothing written past the end. */
	memset(again, FILL, cap);
	assert_int_equal(fdt_edit(src, len, again, r->size - 1, ed, nr, &size2),
			 FDT_EDIT_E_SPACE);
	assert_true(all(again, r->size - 1, cap, FILL));
	free(again);
	free(src);
	return 0;
}

static void done(struct result *r)
{
	free(r->out);
	r->out = NULL;
}

/* The value of path's name in r's output, which must be exactly val. */
static void assert_prop(const struct result *r, const char *path,
			const char *name, const void *val, uint32_t len)
{
	uint32_t got = 0;
	const unsigned char *p = dtb_get(&r->v, path, name, &got);

	if (!p) {
		fail_msg("%s: no %s", path, name);
	}
	assert_int_equal(got, len);
	if (len) {
		assert_memory_equal(p, val, len);
	}
	assert_int_equal(dtb_count(&r->v, path, name), 1);
}

static void assert_no_prop(const struct result *r, const char *path,
			   const char *name)
{
	assert_int_equal(dtb_count(&r->v, path, name), 0);
}

/*
 * Everything of the input the edits do not name comes through unchanged
 * and in order: the nodes, and each property with its value. Nodes the
 * edits created are left out of the output's list.
 */
struct ev {
	int kind;
	char path[64], name[40];
	uint32_t len;
	unsigned char val[64];
};

struct evs {
	const struct dtb_view *in;	/* when listing an output */
	const struct fdt_edit *ed;
	size_t nr;
	int n;
	struct ev e[64];
};

static int list_fn(void *ctx, const struct dtb_event *ev)
{
	struct evs *l = ctx;
	struct ev *e = &l->e[l->n];
	size_t i;

	if (l->in && !dtb_has_node(l->in, ev->path)) {
		return 0;			/* a created node */
	}
	for (i = 0; ev->kind == DTB_EV_PROP && i < l->nr; i++) {
		if (!strcmp(l->ed[i].node, ev->path) &&
		    !strcmp(l->ed[i].name, ev->name)) {
			return 0;
		}
	}
	assert_true(l->n < 64 && strlen(ev->path) < sizeof(e->path));
	memset(e, 0, sizeof(*e));
	e->kind = ev->kind;
	strcpy(e->path, ev->path);
	if (ev->kind == DTB_EV_PROP) {
		assert_true(strlen(ev->name) < sizeof(e->name) &&
			    ev->len <= sizeof(e->val));
		strcpy(e->name, ev->name);
		e->len = ev->len;
		memcpy(e->val, ev->val, ev->len);
	}
	l->n++;
	return 0;
}

static void assert_kept(const unsigned char *in, size_t len,
			const struct result *r, const struct fdt_edit *ed,
			size_t nr)
{
	static struct evs a, b;
	struct dtb_view iv;
	int i;

	assert_int_equal(dtb_open(&iv, in, len), DTB_OK);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.ed = b.ed = ed;
	a.nr = b.nr = nr;
	b.in = &iv;
	assert_int_equal(dtb_walk(&iv, list_fn, &a), 0);
	assert_int_equal(dtb_walk(&r->v, list_fn, &b), 0);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		assert_memory_equal(&a.e[i], &b.e[i], sizeof(a.e[i]));
	}
}

/* The paths of the output's nodes, in order, joined by spaces. */
static int nodes_fn(void *ctx, const struct dtb_event *ev)
{
	char *s = ctx;

	if (ev->kind == DTB_EV_NODE) {
		assert_true(strlen(s) + strlen(ev->path) + 2 < 512);
		strcat(s, *s ? " " : "");
		strcat(s, ev->path);
	}
	return 0;
}

static void assert_nodes(const struct result *r, const char *want)
{
	char s[512] = "";

	assert_int_equal(dtb_walk(&r->v, nodes_fn, s), 0);
	assert_string_equal(s, want);
}

static void assert_names(const struct result *r, const char *path,
			 const char *const *want, int n)
{
	const char *got[16];
	int i;

	assert_int_equal(dtb_names(&r->v, path, got, 16), n);
	for (i = 0; i < n; i++) {
		assert_string_equal(got[i], want[i]);
	}
}

static unsigned char din[16384];
static size_t in_len;

static void set_new_property(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "linux,initrd-start", start8, 8 },
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 1, &r), 0);
	assert_prop(&r, "/chosen", "linux,initrd-start", start8, 8);
	assert_prop(&r, "/chosen", "bootargs", "console=ttyAMA0", 16);
	assert_kept(din, in_len, &r, ed, 1);
	done(&r);
}

static void replace_property(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/chosen", "kaslr-seed", four, 4 },	/* shorter */
	};
	struct result r;
	struct dtb_view iv;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 2, &r), 0);
	assert_prop(&r, "/chosen", "bootargs", cmdline, sizeof(cmdline));
	assert_prop(&r, "/chosen", "kaslr-seed", four, 4);
	assert_kept(din, in_len, &r, ed, 2);
	/* Both names were there: the strings block is the input's. */
	assert_int_equal(dtb_open(&iv, din, in_len), 0);
	assert_int_equal(r.v.str_len, iv.str_len);
	assert_memory_equal(r.out + r.v.str, din + iv.str, iv.str_len);
	done(&r);
}

static void delete_property(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "linux,elfcorehdr", NULL, FDT_EDIT_DELETE },
		{ "/chosen", "linux,usable-memory-range", NULL, FDT_EDIT_DELETE },
		{ "/cpus/cpu@0", "reg", NULL, FDT_EDIT_DELETE },
		{ "/nosuch", "reg", NULL, FDT_EDIT_DELETE },
		{ "/nosuch/either", "reg", NULL, FDT_EDIT_DELETE },
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 5, &r), 0);
	assert_no_prop(&r, "/chosen", "linux,elfcorehdr");
	assert_no_prop(&r, "/chosen", "linux,usable-memory-range");
	assert_no_prop(&r, "/cpus/cpu@0", "reg");
	assert_prop(&r, "/cpus/cpu@1", "reg", (const unsigned char[4]){ 0, 0, 0, 1 }, 4);
	/* Deleting from a missing node creates nothing. */
	assert_nodes(&r, "/ /chosen /cpus /cpus/cpu@0 /cpus/cpu@1 /memory@40000000");
	assert_kept(din, in_len, &r, ed, 5);
	/* 12 + 16 and 12 + 4 bytes of structure fewer. */
	assert_int_equal(r.v.st_len + 44, dtb_be32(din + DTB_SIZE_STRUCT));
	done(&r);
}

static void edits_keep_order(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "rng-seed", rng64, 64 },
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/chosen", "linux,initrd-start", start8, 8 },
		{ "/chosen", "linux,initrd-end", end8, 8 },
	};
	static const char *const want[] = {
		"kaslr-seed", "linux,elfcorehdr", "rng-seed", "bootargs",
		"linux,initrd-start", "linux,initrd-end",
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 4, &r), 0);
	assert_names(&r, "/chosen", want, 6);
	assert_prop(&r, "/chosen", "rng-seed", rng64, 64);
	assert_prop(&r, "/chosen", "bootargs", cmdline, sizeof(cmdline));
	assert_prop(&r, "/chosen", "linux,initrd-start", start8, 8);
	assert_prop(&r, "/chosen", "linux,initrd-end", end8, 8);
	assert_kept(din, in_len, &r, ed, 4);
	done(&r);
}

/* What kreloc_kexec.c's make_dtb() asks for, with and without an initrd. */
static void kexec_edits(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/chosen", "linux,initrd-start", start8, 8 },
		{ "/chosen", "linux,initrd-end", end8, 8 },
		{ "/chosen", "kaslr-seed", seed8, 8 },
		{ "/chosen", "rng-seed", rng64, 64 },
		{ "/chosen", "linux,elfcorehdr", NULL, FDT_EDIT_DELETE },
		{ "/chosen", "linux,usable-memory-range", NULL, FDT_EDIT_DELETE },
	};
	struct fdt_edit no_rd[7];
	static const char *const want[] = {
		"bootargs", "linux,initrd-start", "linux,initrd-end",
		"kaslr-seed", "rng-seed",
	};
	static const char *const want2[] = { "bootargs", "kaslr-seed", "rng-seed" };
	struct result r, r2;

	(void)state;
	in_len = base_tree(din, sizeof(din), 1);
	assert_int_equal(edit(din, in_len, ed, 7, &r), 0);
	assert_names(&r, "/chosen", want, 5);
	assert_prop(&r, "/chosen", "bootargs", cmdline, sizeof(cmdline));
	assert_prop(&r, "/chosen", "linux,initrd-start", start8, 8);
	assert_prop(&r, "/chosen", "linux,initrd-end", end8, 8);
	assert_prop(&r, "/chosen", "kaslr-seed", seed8, 8);
	assert_prop(&r, "/chosen", "rng-seed", rng64, 64);
	assert_kept(din, in_len, &r, ed, 7);

	/* No initrd, no cmdline= (the DTB's bootargs stay): its output again. */
	memcpy(no_rd, ed, sizeof(ed));
	no_rd[1].len = no_rd[2].len = FDT_EDIT_DELETE;
	assert_int_equal(edit(r.out, r.size, no_rd + 1, 6, &r2), 0);
	assert_names(&r2, "/chosen", want2, 3);
	assert_prop(&r2, "/chosen", "bootargs", cmdline, sizeof(cmdline));
	assert_no_prop(&r2, "/chosen", "linux,initrd-start");
	assert_no_prop(&r2, "/chosen", "linux,initrd-end");
	done(&r2);
	done(&r);
}

static void create_node(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/reserved-memory", "#address-cells", two, 4 },
		{ "/cpus/cpu@2", "device_type", "cpu", 4 },
		{ "/reserved-memory", "ranges", NULL, 0 },
		{ "/cpus/cpu@2", "reg", two, 4 },
		{ "/cpus", "kreloc,x", NULL, FDT_EDIT_DELETE },
	};
	static const char *const rm[] = { "#address-cells", "ranges" };
	static const char *const cpu[] = { "device_type", "reg" };
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 5, &r), 0);
	assert_nodes(&r, "/ /chosen /cpus /cpus/cpu@0 /cpus/cpu@1 /cpus/cpu@2 "
		     "/memory@40000000 /reserved-memory");
	assert_names(&r, "/reserved-memory", rm, 2);
	assert_names(&r, "/cpus/cpu@2", cpu, 2);
	assert_prop(&r, "/cpus/cpu@2", "reg", two, 4);
	assert_prop(&r, "/reserved-memory", "ranges", NULL, 0);
	assert_kept(din, in_len, &r, ed, 5);
	done(&r);
}

/* A DTB without /chosen: the kexec edits make one. */
static void create_chosen(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/chosen", "linux,elfcorehdr", NULL, FDT_EDIT_DELETE },
		{ "/chosen", "kaslr-seed", seed8, 8 },
	};
	struct dtb d;
	struct result r;

	(void)state;
	dtb_init(&d);
	dtb_begin(&d, "");
	dtb_prop_str(&d, "compatible", "linux,dummy-virt");
	dtb_end(&d);
	dtb_tok(&d, DTB_END);
	in_len = dtb_finish(&d, din, sizeof(din));
	assert_int_equal(edit(din, in_len, ed, 3, &r), 0);
	assert_nodes(&r, "/ /chosen");
	assert_prop(&r, "/chosen", "bootargs", cmdline, sizeof(cmdline));
	assert_prop(&r, "/chosen", "kaslr-seed", seed8, 8);
	assert_kept(din, in_len, &r, ed, 3);
	done(&r);
}

/*
 * A node whose parent is missing is not created (nor a chain of them):
 * the edit is refused, never dropped.
 */
static void missing_parent(void **state)
{
	const struct fdt_edit orphan[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/a/b", "x", "1", 2 },
	};
	const struct fdt_edit chain[] = {
		{ "/a", "x", "1", 2 },
		{ "/a/b", "y", "2", 2 },
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, orphan, 2, &r), FDT_EDIT_E_PATH);
	done(&r);
	assert_int_equal(edit(din, in_len, chain, 2, &r), FDT_EDIT_E_PATH);
	done(&r);
	assert_int_equal(edit(din, in_len, chain, 1, &r), 0);
	assert_prop(&r, "/a", "x", "1", 2);
	done(&r);
}

/*
 * Properties precede subnodes (libfdt, and so Linux, stops looking for a
 * node's properties at its first subnode): an edit of a node with
 * children lands before them.
 */
static void props_before_subnodes(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/", "kreloc,root", "r", 2 },
		{ "/cpus", "#size-cells", two, 4 },
		{ "/cpus", "kreloc,cpus", "c", 2 },
	};
	static const char *const root[] = {
		"#address-cells", "#size-cells", "model", "kreloc,root",
	};
	static const char *const cpus[] = {
		"#address-cells", "#size-cells", "kreloc,cpus",
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 3, &r), 0);
	assert_true(dtb_props_first(&r.v));
	assert_names(&r, "/", root, 4);
	assert_names(&r, "/cpus", cpus, 3);
	assert_prop(&r, "/cpus", "#size-cells", two, 4);
	assert_kept(din, in_len, &r, ed, 3);
	done(&r);
}

static void unit_addresses(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/cpus/cpu@1", "enable-method", NULL, FDT_EDIT_DELETE },
		{ "/cpus/cpu@1", "status", "okay", 5 },
		{ "/memory@40000000", "reg", core16, 16 },
		{ "/cpus/cpu", "status", "fail", 5 },	/* no unit address */
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 4, &r), 0);
	assert_no_prop(&r, "/cpus/cpu@1", "enable-method");
	assert_prop(&r, "/cpus/cpu@1", "status", "okay", 5);
	assert_no_prop(&r, "/cpus/cpu@0", "status");
	assert_prop(&r, "/memory@40000000", "reg", core16, 16);
	assert_prop(&r, "/cpus/cpu", "status", "fail", 5);
	assert_nodes(&r, "/ /chosen /cpus /cpus/cpu@0 /cpus/cpu@1 /cpus/cpu "
		     "/memory@40000000");
	assert_kept(din, in_len, &r, ed, 4);
	done(&r);
}

/*
 * Names in the strings block are used again (a whole string, one no
 * property used, the tail of another); new ones are added once, even
 * when two edits share one.
 */
static void strings_reuse(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "rng-seed", rng64, 32 },
		{ "/chosen", "reg", four, 4 },
		{ "/chosen", "seed", two, 4 },		/* another name's tail */
		{ "/chosen", "kreloc,a", "a", 2 },
		{ "/cpus/cpu@0", "kreloc,shared", "0", 2 },
		{ "/cpus/cpu@1", "kreloc,shared", "1", 2 },
		{ "/cpus/cpu@1", "kreloc,a", "b", 2 },
	};
	static const char added[] = "kreloc,a\0kreloc,shared";
	struct result r;
	struct dtb_view iv;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(dtb_open(&iv, din, in_len), 0);
	assert_int_equal(edit(din, in_len, ed, 7, &r), 0);
	assert_int_equal(r.v.str_len, iv.str_len + sizeof(added));
	assert_memory_equal(r.out + r.v.str, din + iv.str, iv.str_len);
	assert_memory_equal(r.out + r.v.str + iv.str_len, added, sizeof(added));
	assert_prop(&r, "/chosen", "rng-seed", rng64, 32);
	assert_prop(&r, "/chosen", "reg", four, 4);
	assert_prop(&r, "/chosen", "seed", two, 4);
	assert_prop(&r, "/chosen", "kreloc,a", "a", 2);
	assert_prop(&r, "/cpus/cpu@0", "kreloc,shared", "0", 2);
	assert_prop(&r, "/cpus/cpu@1", "kreloc,shared", "1", 2);
	assert_prop(&r, "/cpus/cpu@1", "kreloc,a", "b", 2);
	assert_kept(din, in_len, &r, ed, 7);
	done(&r);
}

/* No edits: the same blocks, NOPs dropped, the DTB's slack too. */
static void copy_drops_nops(void **state)
{
	static unsigned char ref[16384];
	size_t ref_len = base_tree(ref, sizeof(ref), 0);
	struct dtb_view rv;
	struct result r;

	(void)state;
	assert_int_equal(dtb_open(&rv, ref, ref_len), 0);
	assert_int_equal(edit(ref, ref_len, NULL, 0, &r), 0);
	assert_int_equal(r.v.st_len, rv.st_len);
	assert_memory_equal(r.out + DTB_HDR, ref + DTB_HDR,
			    rv.rsv_len + rv.st_len + rv.str_len);
	done(&r);

	in_len = base_tree(din, sizeof(din), 1);
	assert_int_equal(dtb_be32(din + DTB_SIZE_STRUCT), rv.st_len + 6 * 4);
	assert_int_equal(edit(din, in_len, NULL, 0, &r), 0);
	assert_int_equal(r.v.st_len, rv.st_len);
	assert_int_equal(r.v.str_len, rv.str_len);
	assert_memory_equal(r.out + DTB_HDR, ref + DTB_HDR,
			    rv.rsv_len + rv.st_len + rv.str_len);
	done(&r);
}

static void header_kept(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
	};
	struct dtb d;
	struct result r;
	uint64_t a, s;

	(void)state;
	dtb_init(&d);
	d.boot_cpuid = 3;
	d.slack = 1 << 13;			/* QEMU pads its DTBs */
	dtb_rsv(&d, 0x80000000, 0x10000);
	dtb_rsv(&d, 0x1ull << 40, 0x123456789ull);
	dtb_rsv(&d, 0x1000, 0x1000);
	dtb_begin(&d, "");
	dtb_begin(&d, "chosen");
	dtb_end(&d);
	dtb_end(&d);
	dtb_tok(&d, DTB_END);
	in_len = dtb_finish(&d, din, sizeof(din));
	assert_int_equal(edit(din, in_len, ed, 1, &r), 0);
	assert_true(r.size < 1024);
	assert_int_equal(dtb_be32(r.out + DTB_BOOT_CPUID), 3);
	assert_true(dtb_rsv_at(&r.v, 1, &a, &s));
	assert_true(a == 0x1ull << 40 && s == 0x123456789ull);
	assert_false(dtb_rsv_at(&r.v, 3, &a, &s));
	done(&r);

	/* No reservations at all; version 16 (no size_dt_struct). */
	dtb_init(&d);
	d.version = 16;
	dtb_begin(&d, "");
	dtb_prop_str(&d, "model", "v16");
	dtb_end(&d);
	dtb_tok(&d, DTB_END);
	in_len = dtb_finish(&d, din, sizeof(din));
	dtb_put_be32(din + DTB_SIZE_STRUCT, 0xffffffff);	/* not read */
	assert_int_equal(edit(din, in_len, NULL, 0, &r), 0);
	assert_int_equal(r.v.rsv_len, 16);
	assert_int_equal(r.v.st_len, dtb_be32(din + DTB_OFF_STRINGS) -
			 dtb_be32(din + DTB_OFF_STRUCT));	/* v16's length */
	done(&r);
}

/* A property with no value (a flag): value may be NULL. */
static void empty_value(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "kreloc,flag", NULL, 0 },
		{ "/chosen", "bootargs", "", 0 },
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 2, &r), 0);
	assert_prop(&r, "/chosen", "kreloc,flag", NULL, 0);
	assert_prop(&r, "/chosen", "bootargs", NULL, 0);
	done(&r);
}

/* Of several edits of one property, the last decides. */
static void last_edit_wins(void **state)
{
	const struct fdt_edit twice[] = {
		{ "/chosen", "bootargs", "a", 2 },
		{ "/chosen", "bootargs", "bb", 3 },
	};
	const struct fdt_edit set_del[] = {
		{ "/chosen", "bootargs", "a", 2 },
		{ "/chosen", "bootargs", NULL, FDT_EDIT_DELETE },
		{ "/new", "x", "x", 2 },
		{ "/new", "x", NULL, FDT_EDIT_DELETE },
	};
	const struct fdt_edit del_set[] = {
		{ "/chosen", "kaslr-seed", NULL, FDT_EDIT_DELETE },
		{ "/chosen", "kaslr-seed", four, 4 },
	};
	struct result r;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, twice, 2, &r), 0);
	assert_prop(&r, "/chosen", "bootargs", "bb", 3);
	done(&r);
	assert_int_equal(edit(din, in_len, set_del, 4, &r), 0);
	assert_no_prop(&r, "/chosen", "bootargs");
	assert_false(dtb_has_node(&r.v, "/new"));
	done(&r);
	assert_int_equal(edit(din, in_len, del_set, 2, &r), 0);
	assert_prop(&r, "/chosen", "kaslr-seed", four, 4);
	done(&r);
}

static void bad_edits(void **state)
{
	static const char *const paths[] = {
		"", "chosen", "/chosen/", "//", "//chosen", "/cpus//cpu@0",
	};
	struct fdt_edit ed = { "/chosen", "bootargs", "x", 2 };
	unsigned char *out = malloc(4096 + 8);
	size_t size, i;

	(void)state;
	assert_non_null(out);
	in_len = base_tree(din, sizeof(din), 0);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ed.node = paths[i];
		if (fdt_edit(din, in_len, out, 4096, &ed, 1, &size) !=
		    FDT_EDIT_E_PATH) {
			fail_msg("node \"%s\" accepted", paths[i]);
		}
	}
	ed.node = NULL;
	assert_int_equal(fdt_edit(din, in_len, out, 4096, &ed, 1, &size), FDT_EDIT_E_PATH);
	assert_int_equal(fdt_edit_bound(din, in_len, &ed, 1), 0);
	ed.node = "/chosen";
	ed.name = NULL;
	assert_int_equal(fdt_edit(din, in_len, out, 4096, &ed, 1, &size), FDT_EDIT_E_PATH);
	assert_int_equal(fdt_edit_bound(din, in_len, &ed, 1), 0);
	assert_int_equal(fdt_edit_bound(din, in_len, NULL, 1), 0);
	ed.name = "bootargs";
	ed.len = -2;
	assert_int_equal(fdt_edit(din, in_len, out, 4096, &ed, 1, &size), FDT_EDIT_E_PATH);
	ed.len = 1;
	ed.value = NULL;
	assert_int_equal(fdt_edit(din, in_len, out, 4096, &ed, 1, &size), FDT_EDIT_E_PATH);
	ed.value = "x";
	/* The output must be 8-byte aligned; size and out are needed. */
	assert_int_equal(fdt_edit(din, in_len, out + 4, 4096, &ed, 1, &size),
			 FDT_EDIT_E_FORMAT);
	assert_int_equal(fdt_edit(din, in_len, out, 4096, &ed, 1, NULL),
			 FDT_EDIT_E_FORMAT);
	assert_int_equal(fdt_edit(din, in_len, NULL, 4096, &ed, 1, &size),
			 FDT_EDIT_E_FORMAT);
	assert_int_equal(fdt_edit(din, in_len, out, 4096, NULL, 1, &size),
			 FDT_EDIT_E_FORMAT);
	assert_int_equal(fdt_edit(din, in_len, out, 4096, &ed, 1, &size), 0);
	free(out);
}

/* A chain of nodes called name (depth of them, at most 1 + 31). */
static size_t chain(unsigned char *out, size_t cap, int depth, const char *name)
{
	static struct dtb d;
	int i;

	dtb_init(&d);
	dtb_begin(&d, "");
	for (i = 1; i < depth; i++) {
		dtb_begin(&d, name);
	}
	for (i = 0; i < depth; i++) {
		dtb_end(&d);
	}
	dtb_tok(&d, DTB_END);
	return dtb_finish(&d, out, cap);
}

/* Paths of 255 characters are fine, 256 are not; 32 levels, not 33. */
static void limits(void **state)
{
	char name[300], path[300];
	struct fdt_edit ed = { path, "x", "x", 2 };
	struct result r;

	(void)state;
	memset(name, 'n', sizeof(name));
	name[254] = 0;				/* "/" + 254 */
	in_len = chain(din, sizeof(din), 2, name);
	assert_int_equal(edit(din, in_len, NULL, 0, &r), 0);
	done(&r);
	name[254] = 'n';
	name[255] = 0;
	in_len = chain(din, sizeof(din), 2, name);
	assert_int_equal(edit(din, in_len, NULL, 0, &r), FDT_EDIT_E_PATH);
	done(&r);
	name[255] = 'n';
	name[126] = 0;				/* "/" + 126 + "/" + 126 */
	in_len = chain(din, sizeof(din), 3, name);
	assert_int_equal(edit(din, in_len, NULL, 0, &r), 0);
	done(&r);
	name[126] = 'n';
	name[127] = 0;
	in_len = chain(din, sizeof(din), 3, name);
	assert_int_equal(edit(din, in_len, NULL, 0, &r), FDT_EDIT_E_PATH);
	done(&r);

	in_len = chain(din, sizeof(din), 32, "n");
	assert_int_equal(edit(din, in_len, NULL, 0, &r), 0);
	done(&r);
	in_len = chain(din, sizeof(din), 33, "n");
	assert_int_equal(edit(din, in_len, NULL, 0, &r), FDT_EDIT_E_FORMAT);
	done(&r);

	/* An edit's path: a new node of 254 characters under the root. */
	in_len = base_tree(din, sizeof(din), 0);
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	path[255] = 0;
	assert_int_equal(edit(din, in_len, &ed, 1, &r), 0);
	assert_prop(&r, path, "x", "x", 2);
	done(&r);
	path[255] = 'p';
	path[256] = 0;
	assert_int_equal(edit(din, in_len, &ed, 1, &r), FDT_EDIT_E_PATH);
	done(&r);
}

/* Every length short of the output: refused, nothing written past it. */
static void out_of_space(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/chosen", "rng-seed", rng64, 64 },
		{ "/chosen", "kreloc,new", "n", 2 },
		{ "/reserved-memory", "ranges", NULL, 0 },
	};
	struct result r;
	unsigned char *buf;
	size_t n, size;

	(void)state;
	in_len = base_tree(din, sizeof(din), 0);
	assert_int_equal(edit(din, in_len, ed, 4, &r), 0);
	buf = malloc(r.size + CANARY);
	assert_non_null(buf);
	for (n = 0; n < r.size; n++) {
		memset(buf, FILL, r.size + CANARY);
		assert_int_equal(fdt_edit(din, in_len, buf, n, ed, 4, &size),
				 FDT_EDIT_E_SPACE);
		if (!all(buf, n, r.size + CANARY, FILL)) {
			fail_msg("out_len %zu: written past it", n);
		}
	}
	free(buf);
	done(&r);
}

/* --- malformed inputs ---------------------------------------------------- */

/*
 * Each spoils the input (din, in_len) in one way: make() builds it, or
 * the base tree gets header field off set to v (rel: plus in_len, or plus
 * the field's own value).
 */
enum { ABS, LEN, OWN };

struct bad {
	const char *what;
	int want;
	void (*make)(void);
	int off, rel;
	uint32_t v;
};

#define MADE(what, want, make)	{ what, want, make, 0, ABS, 0 }

static void h_short(void)
{
	base_tree(din, sizeof(din), 0);
	in_len = 39;
}

static void h_empty(void)
{
	in_len = 0;
}

static void h_len_short(void)
{
	in_len = base_tree(din, sizeof(din), 0) - 1;
}

static void h_rsv_unended(void)
{
	in_len = base_tree(din, sizeof(din), 0);
	dtb_put_be32(din + DTB_OFF_RSV, (uint32_t)(in_len - 8) & ~7u);
}

static void h_v16_back(void)
{
	in_len = base_tree(din, sizeof(din), 0);
	dtb_put_be32(din + DTB_VERSION, 16);
	/* Strings before the structure: v16's structure size is negative. */
	dtb_put_be32(din + DTB_OFF_STRINGS, dtb_be32(din + DTB_OFF_STRUCT) - 4);
}

/* The token cases: a structure block written token by token. */
static struct dtb tk;

static void tokens_done(void)
{
	in_len = dtb_finish(&tk, din, sizeof(din));
	assert_int_not_equal(in_len, 0);
}

static void root_open(void)
{
	dtb_init(&tk);
	dtb_begin(&tk, "");
}

static void t_name_unended(void)
{
	root_open();
	dtb_tok(&tk, DTB_BEGIN_NODE);
	dtb_raw(&tk, "abcd", 4);		/* the block's end, no NUL */
	tokens_done();
}
static void t_name_past_block(void)
{
	root_open();
	dtb_begin(&tk, "abcdefg");
	dtb_end(&tk);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	dtb_string(&tk, "x");
	tokens_done();
	/* The block ends inside the name; its NUL lies beyond. */
	dtb_put_be32(din + DTB_SIZE_STRUCT, 4 + 4 + 4 + 4);
}
static void t_prop_past(void)
{
	root_open();
	dtb_tok(&tk, DTB_PROP);
	dtb_tok(&tk, 100);
	dtb_tok(&tk, dtb_string(&tk, "x"));
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_prop_cut(void)
{
	root_open();
	dtb_tok(&tk, DTB_PROP);
	dtb_tok(&tk, 0);
	tokens_done();
}
static void t_nameoff(void)
{
	root_open();
	dtb_tok(&tk, DTB_PROP);
	dtb_tok(&tk, 0);
	dtb_tok(&tk, 2);			/* == size_dt_strings */
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	dtb_string(&tk, "x");
	tokens_done();
}
static void t_name_no_nul(void)
{
	root_open();
	dtb_prop(&tk, "xyz", NULL, 0);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
	/* The strings block ends before the name's NUL (and so does the DTB). */
	dtb_put_be32(din + DTB_SIZE_STRINGS, 3);
	in_len--;
	dtb_put_be32(din + DTB_TOTALSIZE, (uint32_t)in_len);
}
static void t_end_node_first(void)
{
	dtb_init(&tk);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_no_end(void)
{
	root_open();
	dtb_end(&tk);
	tokens_done();
}
static void t_end_inside(void)
{
	root_open();
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_end_alone(void)
{
	dtb_init(&tk);
	dtb_tok(&tk, DTB_NOP);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_two_roots(void)
{
	root_open();
	dtb_end(&tk);
	dtb_begin(&tk, "");
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_prop_outside(void)
{
	dtb_init(&tk);
	dtb_prop(&tk, "x", "x", 2);
	dtb_begin(&tk, "");
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_prop_after(void)
{
	root_open();
	dtb_end(&tk);
	dtb_prop(&tk, "x", "x", 2);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_token(void)
{
	root_open();
	dtb_tok(&tk, 5);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_token_zero(void)
{
	root_open();
	dtb_tok(&tk, 0);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_root_named(void)
{
	dtb_init(&tk);
	dtb_begin(&tk, "root");
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_child_unnamed(void)
{
	root_open();
	dtb_begin(&tk, "");
	dtb_end(&tk);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_child_slash(void)
{
	root_open();
	dtb_begin(&tk, "cpus/cpu@0");
	dtb_end(&tk);
	dtb_end(&tk);
	dtb_tok(&tk, DTB_END);
	tokens_done();
}
static void t_empty_block(void)
{
	dtb_init(&tk);
	tokens_done();
}

static const struct bad bad_inputs[] = {
	MADE("header cut short (39 bytes)", FDT_EDIT_E_FORMAT, h_short),
	MADE("no bytes", FDT_EDIT_E_FORMAT, h_empty),
	MADE("in_len one short of totalsize", FDT_EDIT_E_FORMAT, h_len_short),
	MADE("reservations without their 0, 0", FDT_EDIT_E_FORMAT, h_rsv_unended),
	MADE("version 16, strings before the structure", FDT_EDIT_E_FORMAT, h_v16_back),
	{ "byte-swapped magic", FDT_EDIT_E_MAGIC, NULL, 0, ABS, 0xedfe0dd0 },
	{ "totalsize > in_len", FDT_EDIT_E_FORMAT, NULL, DTB_TOTALSIZE, LEN, 1 },
	{ "totalsize < the header", FDT_EDIT_E_FORMAT, NULL, DTB_TOTALSIZE, ABS, 39 },
	{ "version 15", FDT_EDIT_E_FORMAT, NULL, DTB_VERSION, ABS, 15 },
	{ "off_mem_rsvmap not 8-aligned", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_RSV, ABS, 44 },
	{ "off_mem_rsvmap in the header", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_RSV, ABS, 32 },
	{ "off_mem_rsvmap at totalsize", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_RSV, LEN, 0 },
	{ "off_mem_rsvmap near 4 GiB", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_RSV, ABS, 0xfffffff8 },
	{ "off_dt_struct past totalsize", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_STRUCT, LEN, 4 },
	{ "off_dt_struct not 4-aligned", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_STRUCT, OWN, 2 },
	{ "size_dt_struct past totalsize", FDT_EDIT_E_FORMAT, NULL, DTB_SIZE_STRUCT, LEN, 0 },
	{ "size_dt_struct near 4 GiB", FDT_EDIT_E_FORMAT, NULL, DTB_SIZE_STRUCT, ABS, 0xfffffffc },
	{ "off_dt_strings past totalsize", FDT_EDIT_E_FORMAT, NULL, DTB_OFF_STRINGS, LEN, 1 },
	{ "size_dt_strings one past totalsize", FDT_EDIT_E_FORMAT, NULL, DTB_SIZE_STRINGS, OWN, 1 },
	{ "size_dt_strings near 4 GiB", FDT_EDIT_E_FORMAT, NULL, DTB_SIZE_STRINGS, ABS, 0xffffffff },
	MADE("node name running to the end of the DTB", FDT_EDIT_E_FORMAT, t_name_unended),
	MADE("node name running past its block", FDT_EDIT_E_FORMAT, t_name_past_block),
	MADE("property length past the block", FDT_EDIT_E_FORMAT, t_prop_past),
	MADE("property header cut short", FDT_EDIT_E_FORMAT, t_prop_cut),
	MADE("nameoff == size_dt_strings", FDT_EDIT_E_FORMAT, t_nameoff),
	MADE("property name without its NUL", FDT_EDIT_E_FORMAT, t_name_no_nul),
	MADE("END_NODE at depth 0", FDT_EDIT_E_FORMAT, t_end_node_first),
	MADE("no FDT_END", FDT_EDIT_E_FORMAT, t_no_end),
	MADE("FDT_END inside the root", FDT_EDIT_E_FORMAT, t_end_inside),
	MADE("FDT_END and no root", FDT_EDIT_E_FORMAT, t_end_alone),
	MADE("two roots", FDT_EDIT_E_FORMAT, t_two_roots),
	MADE("a property before the root", FDT_EDIT_E_FORMAT, t_prop_outside),
	MADE("a property after the root", FDT_EDIT_E_FORMAT, t_prop_after),
	MADE("token 5", FDT_EDIT_E_FORMAT, t_token),
	MADE("token 0", FDT_EDIT_E_FORMAT, t_token_zero),
	MADE("a root with a name", FDT_EDIT_E_FORMAT, t_root_named),
	MADE("a subnode without a name", FDT_EDIT_E_FORMAT, t_child_unnamed),
	MADE("a subnode name with a '/'", FDT_EDIT_E_FORMAT, t_child_slash),
	MADE("an empty structure block", FDT_EDIT_E_FORMAT, t_empty_block),
};

/* Refused with the right error, with no edits and with the kexec ones. */
static void malformed(void **state)
{
	const struct fdt_edit ed[] = {
		{ "/chosen", "bootargs", cmdline, sizeof(cmdline) },
		{ "/chosen", "linux,elfcorehdr", NULL, FDT_EDIT_DELETE },
		{ "/cpus/cpu@0/x", "y", NULL, FDT_EDIT_DELETE },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		for (k = 0; k < 2; k++) {
			struct result r;
			int e;

			if (bad_inputs[i].make) {
				bad_inputs[i].make();
			} else {
				const struct bad *x = &bad_inputs[i];
				uint32_t v = x->v;

				in_len = base_tree(din, sizeof(din), 0);
				v += x->rel == LEN ? (uint32_t)in_len :
				     x->rel == OWN ? dtb_be32(din + x->off) : 0;
				dtb_put_be32(din + x->off, v);
			}
			e = edit(din, in_len, k ? ed : NULL, k ? 3 : 0, &r);
			done(&r);
			if (e != bad_inputs[i].want) {
				fail_msg("%s: %d, want %d", bad_inputs[i].what, e,
					 bad_inputs[i].want);
			}
			/* The reader agrees (and so is no copy of the code). */
			{
				struct dtb_view v;
				int d = dtb_open(&v, din, in_len);

				d = d ? d : dtb_walk(&v, NULL, NULL);
				if (d != e) {
					fail_msg("%s: the tests' reader says %d",
						 bad_inputs[i].what, d);
				}
			}
		}
	}
	/* A NULL input is no DTB either. */
	assert_int_equal(fdt_edit_bound(NULL, 0, NULL, 0), 0);
}

int run_fdt_edit_tests(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_new_property),
		cmocka_unit_test(replace_property),
		cmocka_unit_test(delete_property),
		cmocka_unit_test(edits_keep_order),
		cmocka_unit_test(kexec_edits),
		cmocka_unit_test(create_node),
		cmocka_unit_test(create_chosen),
		cmocka_unit_test(missing_parent),
		cmocka_unit_test(props_before_subnodes),
		cmocka_unit_test(unit_addresses),
		cmocka_unit_test(strings_reuse),
		cmocka_unit_test(copy_drops_nops),
		cmocka_unit_test(header_kept),
		cmocka_unit_test(empty_value),
		cmocka_unit_test(last_edit_wins),
		cmocka_unit_test(bad_edits),
		cmocka_unit_test(limits),
		cmocka_unit_test(out_of_space),
		cmocka_unit_test(malformed),
	};
	size_t i;

	for (i = 0; i < sizeof(rng64); i++) {
		rng64[i] = (unsigned char)(i * 37 + 11);
	}
	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("fdt_edit", tests, NULL, NULL);
}
