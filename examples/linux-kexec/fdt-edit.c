// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * fdt_edit(): copy a flattened device tree, setting and deleting
 * properties on the way. The format (Devicetree Specification, chapter 5):
 * a 40-byte big-endian header, the memory reservation block, the
 * structure block (tokens, 4-byte aligned) and the strings block.
 *
 * The rewrite is one walk over the structure block. A property an edit
 * names is dropped where it stands; the edits' values are written after
 * the node's other properties, before its first subnode (libfdt, and so
 * Linux, stops looking for properties there), and a node that was never
 * seen is created before its parent's END_NODE. Strings are copied
 * unchanged, so every copied property keeps its name offset; new names
 * are appended.
 */
#include "fdt-edit.h"

#if defined(__KERNEL__)
#include <linux/string.h>
#elif __STDC_HOSTED__
#include <string.h>
#else
#include "../baremetal/libc.h"	/* no libc: e.g. tests/kexec/kexec-init */
#endif

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u
#define HDR_SIZE	40u
#define MAX_DEPTH	32
#define MAX_PATH	256
#define MAX_EDITS	64

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32_at(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Where the input's blocks are, once checked. */
struct fdt_in {
	const unsigned char *base;
	size_t total;
	size_t rsv, rsv_len;		/* reservation entries incl. 0,0 */
	size_t st, st_len;		/* structure block */
	size_t str, str_len;		/* strings block */
};

/* The output and the walk's state. */
struct fdt_out {
	unsigned char *base;
	size_t cap, pos;
	size_t str_len;			/* strings written so far */
	const struct fdt_edit *edits;
	size_t nr;
	unsigned char live[MAX_EDITS];	/* a set that no later edit overrides */
	unsigned char seen[MAX_EDITS];	/* the edit's node was entered */
	unsigned char set[MAX_EDITS];	/* its value was written */
	uint32_t nameoff[MAX_EDITS];
	char path[MAX_PATH];
	size_t plen[MAX_DEPTH + 1];	/* path length at each depth */
	int depth;
};

static int check_in(struct fdt_in *in, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	uint32_t version;
	size_t i;

	if (!buf || len < HDR_SIZE) {
		return FDT_EDIT_E_FORMAT;
	}
	if (get32(b) != FDT_MAGIC) {
		return FDT_EDIT_E_MAGIC;
	}
	in->base = b;
	in->total = get32(b + 4);
	in->st = get32(b + 8);
	in->str = get32(b + 12);
	in->rsv = get32(b + 16);
	version = get32(b + 20);
	in->str_len = get32(b + 32);
	in->st_len = version >= 17 ? get32(b + 36) : in->str - in->st;
	if (in->total < HDR_SIZE || in->total > len || version < 16 ||
	    in->rsv % 8 || in->st % 4 || in->rsv < HDR_SIZE ||
	    in->st > in->total || in->st_len > in->total - in->st ||
	    in->str > in->total || in->str_len > in->total - in->str ||
	    in->rsv > in->total) {
		return FDT_EDIT_E_FORMAT;
	}
	/* Reservation entries: 16-byte pairs up to one of size 0 and 0. */
	for (i = in->rsv;; i += 16) {
		uint32_t w[4];

		if (i + 16 > in->total) {
			return FDT_EDIT_E_FORMAT;
		}
		w[0] = get32(b + i);
		w[1] = get32(b + i + 4);
		w[2] = get32(b + i + 8);
		w[3] = get32(b + i + 12);
		if (!(w[0] | w[1] | w[2] | w[3])) {
			break;
		}
	}
	in->rsv_len = i + 16 - in->rsv;
	return FDT_EDIT_OK;
}

static int emit(struct fdt_out *o, const void *p, size_t n)
{
	if (n > o->cap - o->pos) {
		return FDT_EDIT_E_SPACE;
	}
	if (!n) {
		return FDT_EDIT_OK;	/* an empty property's value may be NULL */
	}
	memcpy(o->base + o->pos, p, n);
	o->pos += n;
	return FDT_EDIT_OK;
}

static int emit32(struct fdt_out *o, uint32_t v)
{
	unsigned char b[4];

	put32_at(b, v);
	return emit(o, b, 4);
}

static int pad4(struct fdt_out *o)
{
	static const unsigned char zero[4];

	return emit(o, zero, align4(o->pos) - o->pos);
}

/* A NUL-terminated string at off within [lo, hi), or NULL. */
static const char *string_at(const unsigned char *b, size_t off, size_t hi)
{
	size_t i;

	for (i = off; i < hi; i++) {
		if (!b[i]) {
			return (const char *)b + off;
		}
	}
	return NULL;
}

/* 1 if edit i applies to the node whose path is o->path. */
static int at_node(const struct fdt_out *o, size_t i)
{
	return strcmp(o->edits[i].node, o->path) == 0;
}

/* Length of the parent part of path ("/a/b" -> "/a"; "/a" -> "/"). */
static size_t parent_len(const char *path)
{
	size_t n = strlen(path);

	while (n > 0 && path[n - 1] != '/') {
		n--;
	}
	return n > 1 ? n - 1 : n;
}

static int emit_props(struct fdt_out *o, const char *node)
{
	size_t i;
	int e = FDT_EDIT_OK;

	for (i = 0; !e && i < o->nr; i++) {
		const struct fdt_edit *ed = &o->edits[i];

		if (o->set[i] || !o->live[i] || strcmp(ed->node, node)) {
			continue;
		}
		o->set[i] = 1;
		e = emit32(o, FDT_PROP);
		e = e ? e : emit32(o, (uint32_t)ed->len);
		e = e ? e : emit32(o, o->nameoff[i]);
		e = e ? e : emit(o, ed->value, (size_t)ed->len);
		e = e ? e : pad4(o);
	}
	return e;
}

/*
 * Before the END_NODE of the node at o->path: its own edits (if it had no
 * subnode to write them before), then every child an edit names that was
 * never entered.
 */
static int close_node(struct fdt_out *o)
{
	size_t i, j, pl = strlen(o->path);
	int e = emit_props(o, o->path);

	for (i = 0; !e && i < o->nr; i++) {
		const char *n = o->edits[i].node, *leaf;

		if (o->seen[i] || !o->live[i] || parent_len(n) != pl ||
		    strncmp(n, o->path, pl)) {
			continue;
		}
		leaf = n + pl + (pl > 1);
		for (j = i; j < o->nr; j++) {
			if (!strcmp(o->edits[j].node, n)) {
				o->seen[j] = 1;
			}
		}
		e = emit32(o, FDT_BEGIN_NODE);
		e = e ? e : emit(o, leaf, strlen(leaf) + 1);
		e = e ? e : pad4(o);
		e = e ? e : emit_props(o, n);
		e = e ? e : emit32(o, FDT_END_NODE);
	}
	return e;
}

static int enter_node(struct fdt_out *o, const char *name)
{
	size_t n = o->depth ? o->plen[o->depth] : 0, len = strlen(name);
	size_t i;

	if (o->depth >= MAX_DEPTH) {
		return FDT_EDIT_E_FORMAT;
	}
	if (o->depth == 0) {
		if (*name) {
			return FDT_EDIT_E_FORMAT;	/* the root has no name */
		}
		o->path[0] = '/';
		n = 1;
	} else {
		if (!len) {
			return FDT_EDIT_E_FORMAT;
		}
		/* A name with a '/' would pass for a deeper path. */
		for (i = 0; i < len; i++) {
			if (name[i] == '/') {
				return FDT_EDIT_E_FORMAT;
			}
		}
		if (n + (n > 1) + len >= MAX_PATH) {
			return FDT_EDIT_E_PATH;
		}
		if (n > 1) {
			o->path[n++] = '/';
		}
		memcpy(o->path + n, name, len);
		n += len;
	}
	o->path[n] = 0;
	o->depth++;
	o->plen[o->depth] = n;
	for (i = 0; i < o->nr; i++) {
		if (at_node(o, i)) {
			o->seen[i] = 1;
		}
	}
	return FDT_EDIT_OK;
}

static int walk(const struct fdt_in *in, struct fdt_out *o)
{
	const unsigned char *b = in->base;
	size_t p = in->st, end = in->st + in->st_len, i;
	int e = FDT_EDIT_OK, started = 0;

	while (!e) {
		uint32_t tok;

		if (p + 4 > end) {
			return FDT_EDIT_E_FORMAT;
		}
		tok = get32(b + p);
		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			const char *name = string_at(b, p, end);

			if (!name || (started && o->depth == 0)) {
				return FDT_EDIT_E_FORMAT;	/* two roots */
			}
			started = 1;
			/* A node's properties precede its subnodes. */
			e = o->depth ? emit_props(o, o->path) : FDT_EDIT_OK;
			e = e ? e : enter_node(o, name);
			e = e ? e : emit32(o, tok);
			e = e ? e : emit(o, name, strlen(name) + 1);
			e = e ? e : pad4(o);
			p = align4(p + strlen(name) + 1);
			break;
		}
		case FDT_END_NODE:
			if (o->depth == 0) {
				return FDT_EDIT_E_FORMAT;
			}
			e = close_node(o);
			e = e ? e : emit32(o, tok);
			o->depth--;
			if (o->depth) {
				o->path[o->plen[o->depth]] = 0;
			}
			break;
		case FDT_PROP: {
			uint32_t len, off;
			const char *name;
			int drop = 0;

			if (p + 8 > end || o->depth == 0) {
				return FDT_EDIT_E_FORMAT;
			}
			len = get32(b + p);
			off = get32(b + p + 4);
			if (len > end - p - 8 || off >= in->str_len) {
				return FDT_EDIT_E_FORMAT;
			}
			name = string_at(b, in->str + off, in->str + in->str_len);
			if (!name) {
				return FDT_EDIT_E_FORMAT;
			}
			for (i = 0; i < o->nr; i++) {
				drop |= at_node(o, i) && !strcmp(o->edits[i].name, name);
			}
			if (!drop) {
				e = emit(o, b + p - 4, 12 + (size_t)len);
				e = e ? e : pad4(o);
			}
			p = align4(p + 8 + len);
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			if (!started || o->depth) {
				return FDT_EDIT_E_FORMAT;
			}
			return emit32(o, tok);
		default:
			return FDT_EDIT_E_FORMAT;
		}
	}
	return e;
}

/*
 * "/" or "/a/b": a created node's name is what follows the last '/', so
 * an empty component would create a node without a name.
 */
static int path_ok(const char *path)
{
	size_t n = strlen(path), i;

	if (path[0] != '/' || n >= MAX_PATH || (n > 1 && path[n - 1] == '/')) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if (path[i] == '/' && path[i - 1] == '/') {
			return 0;
		}
	}
	return 1;
}

/* The offset of name in the input's strings block, or -1. */
static long find_string(const struct fdt_in *in, const char *name)
{
	size_t n = strlen(name) + 1, i;

	for (i = 0; i + n <= in->str_len; i++) {
		if (!memcmp(in->base + in->str + i, name, n)) {
			return (long)i;
		}
	}
	return -1;
}

size_t fdt_edit_bound(const void *in, size_t in_len,
		      const struct fdt_edit *edits, size_t nr_edits)
{
	struct fdt_in fi;
	size_t n, i;

	if (check_in(&fi, in, in_len) || (nr_edits && !edits)) {
		return 0;
	}
	n = HDR_SIZE + fi.rsv_len + fi.st_len + fi.str_len + 8;
	for (i = 0; i < nr_edits; i++) {
		size_t len = edits[i].len > 0 ? (size_t)edits[i].len : 0;

		if (!edits[i].name || !edits[i].node) {
			return 0;	/* fdt_edit() would refuse them */
		}

		n += 12 + align4(len) + strlen(edits[i].name) + 1;
		n += 12 + align4(strlen(edits[i].node) + 1);	/* a new node */
	}
	return (n + 7) & ~(size_t)7;
}

int fdt_edit(const void *in, size_t in_len, void *out, size_t out_len,
	     const struct fdt_edit *edits, size_t nr_edits, size_t *size)
{
	static const unsigned char zero[HDR_SIZE];
	struct fdt_in fi;
	struct fdt_out o;
	size_t i, st, str, extra;
	int e;

	if (!out || !size || (nr_edits && !edits) || nr_edits > MAX_EDITS ||
	    ((uintptr_t)out & 7)) {
		return FDT_EDIT_E_FORMAT;
	}
	e = check_in(&fi, in, in_len);
	if (e) {
		return e;
	}
	memset(&o, 0, sizeof(o));
	for (i = 0; i < nr_edits; i++) {
		const struct fdt_edit *ed = &edits[i];
		size_t j;

		if (!ed->node || !path_ok(ed->node) || !ed->name ||
		    ed->len < FDT_EDIT_DELETE || (ed->len > 0 && !ed->value)) {
			return FDT_EDIT_E_PATH;
		}
		/* The last edit of a property wins: one value, or none. */
		o.live[i] = ed->len >= 0;
		for (j = i + 1; o.live[i] && j < nr_edits; j++) {
			if (edits[j].node && edits[j].name &&
			    !strcmp(edits[j].node, ed->node) &&
			    !strcmp(edits[j].name, ed->name)) {
				o.live[i] = 0;
			}
		}
	}
	o.base = out;
	o.cap = out_len;
	o.edits = edits;
	o.nr = nr_edits;
	o.str_len = fi.str_len;

	/* Header (filled in last), then the reservation block as it was. */
	e = emit(&o, zero, HDR_SIZE);
	e = e ? e : emit(&o, fi.base + fi.rsv, fi.rsv_len);
	if (e) {
		return e;
	}
	/*
	 * The strings block will be the input's, then each name it lacks,
	 * so every name offset is known before the structure is written.
	 */
	extra = 0;
	for (i = 0; i < nr_edits; i++) {
		long at = find_string(&fi, edits[i].name);
		size_t j;

		for (j = 0; at < 0 && j < i; j++) {
			if (!strcmp(edits[j].name, edits[i].name)) {
				at = (long)o.nameoff[j];
			}
		}
		if (at < 0) {
			at = (long)(fi.str_len + extra);
			extra += strlen(edits[i].name) + 1;
		}
		o.nameoff[i] = (uint32_t)at;
	}
	st = o.pos;
	e = walk(&fi, &o);
	/* A set whose node was not created: its parent is missing too. */
	for (i = 0; !e && i < nr_edits; i++) {
		if (o.live[i] && !o.set[i]) {
			e = FDT_EDIT_E_PATH;
		}
	}
	str = o.pos;
	e = e ? e : emit(&o, fi.base + fi.str, fi.str_len);
	for (i = 0; !e && i < nr_edits; i++) {
		if (o.nameoff[i] == o.str_len) {	/* the first use of a new name */
			size_t n = strlen(edits[i].name) + 1;

			e = emit(&o, edits[i].name, n);
			o.str_len += n;
		}
	}
	if (e) {
		return e;
	}
	/* Zeroed: the padding is inside totalsize, handed to the next kernel. */
	e = emit(&o, zero, ((o.pos + 7) & ~(size_t)7) - o.pos);
	if (e) {
		return e;
	}
	put32_at(o.base + 0, FDT_MAGIC);
	put32_at(o.base + 4, (uint32_t)o.pos);
	put32_at(o.base + 8, (uint32_t)st);
	put32_at(o.base + 12, (uint32_t)str);
	put32_at(o.base + 16, HDR_SIZE);
	put32_at(o.base + 20, 17);
	put32_at(o.base + 24, 16);
	put32_at(o.base + 28, get32(fi.base + 28));	/* boot_cpuid_phys */
	put32_at(o.base + 32, (uint32_t)o.str_len);
	put32_at(o.base + 36, (uint32_t)(str - st));
	*size = o.pos;
	return FDT_EDIT_OK;
}
