/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * A small flattened-device-tree writer and reader for the tests of
 * examples/linux-kexec/fdt-edit.c, written apart from it so that each
 * checks the other: the writer builds inputs (well formed, or spoiled on
 * purpose), the reader walks the output with every offset checked.
 */
#ifndef TESTS_UNIT_DTB_H
#define TESTS_UNIT_DTB_H

#include <stddef.h>
#include <stdint.h>

#define DTB_MAGIC	0xd00dfeedu
#define DTB_BEGIN_NODE	1u
#define DTB_END_NODE	2u
#define DTB_PROP	3u
#define DTB_NOP		4u
#define DTB_END		9u
#define DTB_HDR		40u

/* Header fields, by byte offset. */
#define DTB_TOTALSIZE	4
#define DTB_OFF_STRUCT	8
#define DTB_OFF_STRINGS	12
#define DTB_OFF_RSV	16
#define DTB_VERSION	20
#define DTB_LAST_COMP	24
#define DTB_BOOT_CPUID	28
#define DTB_SIZE_STRINGS 32
#define DTB_SIZE_STRUCT	36

/* The limits fdt_edit() documents: nesting (root = 1) and path length. */
#define DTB_MAX_DEPTH	32
#define DTB_MAX_PATH	255

/* --- writer ---------------------------------------------------------- */

struct dtb {
	unsigned char st[8192];		/* structure block */
	size_t st_len;
	char str[4096];			/* strings block */
	size_t str_len;
	uint64_t rsv[8][2];		/* reservations (address, size) */
	int nr_rsv;
	uint32_t version;		/* 17 unless changed */
	uint32_t boot_cpuid;
	size_t slack;			/* zeroes after the strings, in totalsize */
	int overflow;			/* a block was full: dtb_finish() fails */
};

void dtb_init(struct dtb *d);
void dtb_tok(struct dtb *d, uint32_t tok);
/* Bytes into the structure block as they are: no padding, no NUL. */
void dtb_raw(struct dtb *d, const void *p, size_t n);
void dtb_begin(struct dtb *d, const char *name);
void dtb_end(struct dtb *d);
/* The offset of name in the strings block: an existing string, or added. */
uint32_t dtb_string(struct dtb *d, const char *name);
void dtb_prop(struct dtb *d, const char *name, const void *val, uint32_t len);
void dtb_prop_str(struct dtb *d, const char *name, const char *s);
void dtb_prop_u32(struct dtb *d, const char *name, uint32_t v);
void dtb_rsv(struct dtb *d, uint64_t addr, uint64_t size);
/*
 * Header, reservations, structure, strings, slack, in that order, into
 * out; returns the totalsize, or 0 if cap is too small or d overflowed.
 */
size_t dtb_finish(const struct dtb *d, unsigned char *out, size_t cap);

uint32_t dtb_be32(const unsigned char *p);
void dtb_put_be32(unsigned char *p, uint32_t v);

/* --- reader ---------------------------------------------------------- */

enum {
	DTB_OK = 0,
	DTB_E_MAGIC = -1,
	DTB_E_FORMAT = -2,
	DTB_E_LONG = -4,	/* a path over DTB_MAX_PATH characters */
};

struct dtb_view {
	const unsigned char *b;
	size_t total, rsv, rsv_len, st, st_len, str, str_len;
	uint32_t version;
};

/* Checks the header and the reservation block (only within len). */
int dtb_open(struct dtb_view *v, const void *buf, size_t len);

enum { DTB_EV_NODE, DTB_EV_PROP, DTB_EV_NODE_END };

struct dtb_event {
	int kind;
	const char *path;		/* of the node; "/" for the root */
	const char *name;		/* property */
	const unsigned char *val;
	uint32_t len;
};

/*
 * Walks the structure block, checking it, and calls fn for each node,
 * property and node end; stops at fn's first nonzero return and returns it.
 */
int dtb_walk(const struct dtb_view *v,
	     int (*fn)(void *ctx, const struct dtb_event *ev), void *ctx);

/* After a successful dtb_open(); a whole dtb_walk() must succeed too. */
int dtb_has_node(const struct dtb_view *v, const char *path);
/* The first property name of the first node at path, or NULL; its length. */
const unsigned char *dtb_get(const struct dtb_view *v, const char *path,
			     const char *name, uint32_t *len);
/* How many properties called name the nodes at path have. */
int dtb_count(const struct dtb_view *v, const char *path, const char *name);
/* The names of the first node's properties, in order; how many (<= max). */
int dtb_names(const struct dtb_view *v, const char *path, const char **names,
	      int max);
/*
 * 1 if the walk succeeds and every node's properties precede its subnodes,
 * as the specification wants (libfdt stops looking at the first subnode).
 */
int dtb_props_first(const struct dtb_view *v);
/* Reservation i (address, size); 0 if it is the terminator. */
int dtb_rsv_at(const struct dtb_view *v, int i, uint64_t *addr, uint64_t *size);

#endif /* TESTS_UNIT_DTB_H */
