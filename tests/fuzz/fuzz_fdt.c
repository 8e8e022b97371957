// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * libFuzzer target for fdt_edit() (examples/linux-kexec/fdt-edit.c), the
 * kexec module's /chosen rewriter, which takes DTBs nobody vouched for.
 *
 * The input is up to 8 edits, then a DTB: raw bytes, or a program for the
 * tests' own FDT writer (tests/unit/dtb.c: nodes, properties, NOPs,
 * reservations, header knobs), spoiled in one byte if asked. A model built
 * on the tests' own reader says what fdt_edit() must answer: the reader's
 * verdict on the header and the structure, then E_PATH for a bad edit path
 * or a set whose node and parent are both missing. For an accepted input
 * the output must read back as exactly the input's nodes and properties
 * minus those the edits name, each edit's value where it belongs (after
 * its node's properties, before its subnodes), new nodes at the end of
 * their parent; header, reservations and boot CPU kept, blocks packed,
 * zeroed padding, totalsize <= fdt_edit_bound(). Every buffer is exactly
 * as long as it is said to be, so ASan sees any access past it; a shorter
 * output buffer must give E_SPACE, and the output must not depend on what
 * the buffer held.
 */
#include <stdlib.h>
#include <string.h>
#include "../../examples/linux-kexec/fdt-edit.h"
#include "../unit/dtb.h"

struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned take(struct input *in, unsigned bytes)
{
	unsigned v = 0;

	while (bytes--) {
		v = v << 8 | (in->n ? (in->n--, *in->p++) : 0);
	}
	return v;
}

#define MAX_ED	8

/* Edit paths: mostly good ones, existing or not; the last four are bad. */
static const char *const paths[32] = {
	"/", "/chosen", "/chosen", "/chosen", "/cpus", "/cpus/cpu@0",
	"/cpus/cpu@1", "/a", "/a", "/a/b", "/b", "/chosen/a",
	"/memory@40000000", "/a/b/a", "/cpus/a", "/cpus/cpu@1/a",
	"/", "/chosen", "/cpus/cpu@0", "/a/b", "/b/a", "/a/a", "/cpus",
	"/chosen", "/b", "/a", "/chosen/a/b", "/memory@40000000/a",
	"/chosen/", "//", "chosen", "/a//b",
};

/* Property names, for the tree and for the edits. */
static const char *const names[16] = {
	"bootargs", "reg", "compatible", "linux,initrd-start", "rng-seed",
	"kaslr-seed", "a", "b", "seed", "device_type", "#address-cells",
	"", "bootargs", "a", "linux,elfcorehdr", "b",
};

/* Node names in a described tree; the last two are malformed. */
static const char *const comps[16] = {
	"chosen", "cpus", "cpu@0", "cpu@1", "a", "b", "memory@40000000",
	"chosen", "a", "b", "cpus", "cpu@0", "a", "b", "", "x/y",
};

/* --- the model ----------------------------------------------------------- */

struct xev {
	int kind;
	size_t path;			/* in arena */
	const char *name;
	const unsigned char *val;
	uint32_t len;
};

#define MAX_XEV		16384
#define ARENA		(2u << 20)

static struct xev xev[MAX_XEV];
static char arena[ARENA];

struct model {
	const struct fdt_edit *ed;
	size_t nr, nx, arena_len;
	unsigned char live[MAX_ED], seen[MAX_ED], set[MAX_ED];
	size_t open[DTB_MAX_DEPTH + 1];	/* path of each open node */
	int depth, full;
};

static size_t keep_path(struct model *m, const char *path)
{
	size_t n = strlen(path) + 1, at = m->arena_len;

	if (n > ARENA - at) {
		m->full = 1;
		return 0;
	}
	memcpy(arena + at, path, n);
	m->arena_len += n;
	return at;
}

static void add(struct model *m, int kind, size_t path, const char *name,
		const unsigned char *val, uint32_t len)
{
	if (m->nx == MAX_XEV) {
		m->full = 1;
		return;
	}
	xev[m->nx].kind = kind;
	xev[m->nx].path = path;
	xev[m->nx].name = name;
	xev[m->nx].val = val;
	xev[m->nx].len = len;
	m->nx++;
}

/* The edits' values for the node at path, once. */
static void pending(struct model *m, size_t path)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		if (m->live[i] && !m->set[i] &&
		    !strcmp(m->ed[i].node, arena + path)) {
			m->set[i] = 1;
			add(m, DTB_EV_PROP, path, m->ed[i].name, m->ed[i].value,
			    (uint32_t)m->ed[i].len);
		}
	}
}

/* Is path the parent of node ("/a" of "/a/b", "/" of "/a")? */
static int parent_of(const char *path, const char *node)
{
	const char *slash = strrchr(node, '/');
	size_t n = (size_t)(slash - node);

	if (!n) {
		return !strcmp(path, "/");
	}
	return strlen(path) == n && !strncmp(path, node, n);
}

static int model_fn(void *ctx, const struct dtb_event *ev)
{
	struct model *m = ctx;
	size_t i, j, path;

	if (ev->kind == DTB_EV_NODE) {
		if (m->depth) {
			pending(m, m->open[m->depth - 1]);
		}
		path = keep_path(m, ev->path);
		m->open[m->depth++] = path;
		for (i = 0; i < m->nr; i++) {
			m->seen[i] |= !strcmp(m->ed[i].node, ev->path);
		}
		add(m, DTB_EV_NODE, path, NULL, NULL, 0);
	} else if (ev->kind == DTB_EV_PROP) {
		for (i = 0; i < m->nr; i++) {
			if (!strcmp(m->ed[i].node, ev->path) &&
			    !strcmp(m->ed[i].name, ev->name)) {
				return 0;		/* an edit names it */
			}
		}
		add(m, DTB_EV_PROP, m->open[m->depth - 1], ev->name, ev->val,
		    ev->len);
	} else {
		path = m->open[m->depth - 1];
		pending(m, path);
		for (i = 0; i < m->nr; i++) {
			size_t child;

			if (!m->live[i] || m->seen[i] ||
			    !parent_of(arena + path, m->ed[i].node)) {
				continue;
			}
			for (j = 0; j < m->nr; j++) {
				m->seen[j] |= !strcmp(m->ed[j].node, m->ed[i].node);
			}
			child = keep_path(m, m->ed[i].node);
			add(m, DTB_EV_NODE, child, NULL, NULL, 0);
			pending(m, child);
			add(m, DTB_EV_NODE_END, child, NULL, NULL, 0);
		}
		add(m, DTB_EV_NODE_END, path, NULL, NULL, 0);
		m->depth--;
	}
	return 0;
}

/* "/" or "/a/b", under 256 characters, no empty component. */
static int good_path(const char *p)
{
	size_t n = strlen(p);

	return p[0] == '/' && n < 256 && !strstr(p, "//") &&
	       (n == 1 || p[n - 1] != '/');
}

/* What fdt_edit() must return; the expected output in xev[] if 0. */
static int model(struct model *m, const unsigned char *in, size_t len,
		 struct dtb_view *v)
{
	size_t i, j;
	int e = dtb_open(v, in, len);

	if (e) {
		return e;		/* DTB_E_* are FDT_EDIT_E_*'s numbers */
	}
	for (i = 0; i < m->nr; i++) {
		if (!good_path(m->ed[i].node)) {
			return FDT_EDIT_E_PATH;
		}
		m->live[i] = m->ed[i].len >= 0;
		for (j = i + 1; j < m->nr; j++) {
			if (!strcmp(m->ed[i].node, m->ed[j].node) &&
			    !strcmp(m->ed[i].name, m->ed[j].name)) {
				m->live[i] = 0;	/* the last edit wins */
			}
		}
	}
	e = dtb_walk(v, model_fn, m);
	if (e) {
		return e;
	}
	for (i = 0; i < m->nr; i++) {
		if (m->live[i] && !m->set[i]) {
			return FDT_EDIT_E_PATH;	/* no node, no parent */
		}
	}
	return 0;
}

struct cmp {
	size_t k, nx;
};

static int cmp_fn(void *ctx, const struct dtb_event *ev)
{
	struct cmp *c = ctx;
	const struct xev *x = &xev[c->k];

	if (c->k == c->nx || x->kind != ev->kind ||
	    strcmp(arena + x->path, ev->path)) {
		abort();
	}
	if (ev->kind == DTB_EV_PROP &&
	    (strcmp(x->name, ev->name) || x->len != ev->len ||
	     (x->len && memcmp(x->val, ev->val, x->len)))) {
		abort();
	}
	c->k++;
	return 0;
}

/* --- the input ----------------------------------------------------------- */

static unsigned char values[MAX_ED][72];

static size_t describe(struct input *in, unsigned char *out, size_t cap)
{
	static struct dtb d;
	unsigned char val[24];
	int depth = 1;
	unsigned op, k, n;

	dtb_init(&d);
	dtb_begin(&d, "");
	while (in->n) {
		op = take(in, 1);
		switch (op & 7) {
		case 0:
			if (depth < DTB_MAX_DEPTH + 2) {
				dtb_begin(&d, comps[take(in, 1) & 15]);
				depth++;
			}
			break;
		case 1:
			if (depth > 1) {
				dtb_end(&d);
				depth--;
			}
			break;
		case 5:
			dtb_tok(&d, DTB_NOP);
			break;
		case 6:
			if (d.nr_rsv < 8) {
				k = take(in, 2);
				dtb_rsv(&d, (uint64_t)k << 12, (uint64_t)take(in, 1) << 12);
			}
			break;
		case 7:
			k = take(in, 1);
			if ((op >> 3 & 3) == 0) {
				d.boot_cpuid = k;
			} else if ((op >> 3 & 3) == 1) {
				d.slack = k;
			} else if ((op >> 3 & 3) == 2) {
				d.version = 16 + k % 3;
			} else {
				dtb_string(&d, names[k & 15]);
			}
			break;
		default:
			k = take(in, 1);
			n = take(in, 1) % sizeof(val);
			for (op = 0; op < n; op++) {
				val[op] = (unsigned char)take(in, 1);
			}
			dtb_prop(&d, names[k & 15], val, n);
			break;
		}
	}
	while (depth--) {
		dtb_end(&d);
	}
	dtb_tok(&d, DTB_END);
	return dtb_finish(&d, out, cap);
}

/* A copy of p in an allocation of exactly n bytes. */
static unsigned char *exact(const void *p, size_t n)
{
	unsigned char *b = malloc(n ? n : 1);

	if (!b) {
		abort();
	}
	memcpy(b, p, n);
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char built[16384];
	struct input in = { data, size };
	struct fdt_edit ed[MAX_ED];
	struct model m;
	struct dtb_view iv, ov;
	struct cmp c;
	unsigned mode, spoil_at = 0, spoil = 0, shrink, i, k;
	const unsigned char *dtb;
	unsigned char *src, *out, *out2;
	size_t len, len2, bound, got = 0, got2 = 0;
	int want, e;

	mode = take(&in, 1);
	memset(ed, 0, sizeof(ed));
	memset(&m, 0, sizeof(m));
	m.ed = ed;
	m.nr = take(&in, 1) % (MAX_ED + 1);
	for (i = 0; i < m.nr; i++) {
		unsigned l;

		ed[i].node = paths[take(&in, 1) & 31];
		ed[i].name = names[take(&in, 1) & 15];
		l = take(&in, 1);
		ed[i].len = l >= 224 ? FDT_EDIT_DELETE : (int)(l % 72);
		for (k = 0; k < sizeof(values[i]); k++) {
			values[i][k] = (unsigned char)(i * 37 + k * 11 + l);
		}
		/* An empty value may be NULL. */
		ed[i].value = ed[i].len == 0 && (l / 72 & 1) ? NULL : values[i];
	}
	if (mode & 2) {
		spoil_at = take(&in, 2);
		spoil = take(&in, 1);
	}
	shrink = take(&in, 1);
	if (mode & 1) {
		dtb = in.p;
		len = in.n;
	} else {
		len = describe(&in, built, sizeof(built));
		if (!len) {
			return 0;
		}
		if (spoil) {
			built[spoil_at % len] ^= (unsigned char)spoil;
		}
		dtb = built;
	}
	src = exact(dtb, len);

	want = model(&m, src, len, &iv);
	if (m.full) {
		free(src);
		return 0;
	}
	/* fdt_edit_bound() reads only the header, and is 0 for a bad one. */
	bound = fdt_edit_bound(src, len, ed, m.nr);
	if (!bound != !!dtb_open(&ov, src, len)) {
		abort();
	}
	out = malloc(bound ? bound : 64);
	if (!out) {
		abort();
	}
	memset(out, 0xa5, bound ? bound : 64);
	e = fdt_edit(src, len, out, bound ? bound : 64, ed, m.nr, &got);
	if (e != want) {
		abort();
	}
	if (e) {
		free(out);
		free(src);
		return 0;
	}

	/* The output: header, layout, padding, then every event in order. */
	if (got > bound || got % 8 || dtb_open(&ov, out, got) ||
	    ov.total != got || dtb_be32(out + DTB_VERSION) != 17 ||
	    dtb_be32(out + DTB_LAST_COMP) != 16 ||
	    dtb_be32(out + DTB_BOOT_CPUID) != dtb_be32(src + DTB_BOOT_CPUID) ||
	    ov.rsv != DTB_HDR || ov.rsv_len != iv.rsv_len ||
	    memcmp(out + ov.rsv, src + iv.rsv, iv.rsv_len) ||
	    ov.st != ov.rsv + ov.rsv_len || ov.str != ov.st + ov.st_len ||
	    ov.str_len < iv.str_len ||
	    memcmp(out + ov.str, src + iv.str, iv.str_len) ||
	    got != ((ov.str + ov.str_len + 7) & ~(size_t)7)) {
		abort();
	}
	for (k = (unsigned)(ov.str + ov.str_len); k < got; k++) {
		if (out[k]) {
			abort();
		}
	}
	c.k = 0;
	c.nx = m.nx;
	if (dtb_walk(&ov, cmp_fn, &c) || c.k != m.nx) {
		abort();
	}
	if (dtb_props_first(&iv) && !dtb_props_first(&ov)) {
		abort();
	}

	/* Exactly got bytes, filled otherwise: the same output. */
	out2 = malloc(got);
	if (!out2) {
		abort();
	}
	memset(out2, 0x5a, got);
	if (fdt_edit(src, len, out2, got, ed, m.nr, &got2) || got2 != got ||
	    memcmp(out, out2, got)) {
		abort();
	}
	free(out2);
	/* Short of it: E_SPACE, and nothing written past the end (ASan). */
	len2 = (got - 1) * (shrink & 0x7f) / 0x7f;
	out2 = malloc(len2);
	if (out2 && fdt_edit(src, len, out2, len2, ed, m.nr, &got2) !=
		    FDT_EDIT_E_SPACE) {
		abort();
	}
	free(out2);
	free(out);
	free(src);
	return 0;
}
