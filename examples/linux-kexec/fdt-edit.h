/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * A flattened device tree rewriter: copies a DTB while setting or deleting
 * properties of named nodes (and adding a missing node under an existing
 * parent). One pass over the input, no allocation, every offset checked,
 * so it can take a DTB nobody vouched for. Freestanding: builds in the
 * kernel module and natively for its tests.
 */
#ifndef KRELOC_FDT_EDIT_H
#define KRELOC_FDT_EDIT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

struct fdt_edit {
	const char *node;	/* full path: "/chosen", "/cpus/cpu@1" */
	const char *name;	/* property name */
	const void *value;	/* len bytes, already big-endian */
	int len;		/* FDT_EDIT_DELETE: remove the property */
};

#define FDT_EDIT_DELETE		(-1)

enum fdt_edit_result {
	FDT_EDIT_OK = 0,
	FDT_EDIT_E_MAGIC = -1,	/* not a DTB (magic 0xd00dfeed) */
	FDT_EDIT_E_FORMAT = -2,	/* a header field, token or string is bad */
	FDT_EDIT_E_SPACE = -3,	/* the output buffer is too small */
	FDT_EDIT_E_PATH = -4,	/* an edit's node and its parent are missing,
				   or a path is not canonical or too long */
};

/*
 * Write into out (out_len bytes, 8-byte aligned) the DTB `in` (in_len
 * bytes readable) with the edits applied; *size gets its totalsize.
 * Properties are set in the order given and replace any of the same name
 * (of several edits of one property, the last wins); a node an edit names
 * that does not exist is created at the end of its parent. The memory
 * reservation block is kept, the version is 17.
 * Returns FDT_EDIT_OK or a negative FDT_EDIT_E_*; out is then undefined.
 */
int fdt_edit(const void *in, size_t in_len, void *out, size_t out_len,
	     const struct fdt_edit *edits, size_t nr_edits, size_t *size);

/*
 * Bytes fdt_edit() can need for `in` and these edits: an upper bound;
 * 0 if `in` is no DTB or an edit lacks its node or name.
 */
size_t fdt_edit_bound(const void *in, size_t in_len,
		      const struct fdt_edit *edits, size_t nr_edits);

#endif /* KRELOC_FDT_EDIT_H */
