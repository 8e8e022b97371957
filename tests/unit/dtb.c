// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * The tests' own FDT writer and reader (Devicetree Specification v0.4,
 * chapter 5). Nothing here is shared with fdt-edit.c: the reader keeps
 * the path as a list of component lengths and checks every read against
 * the block it belongs to.
 */
#include <string.h>
#include "dtb.h"

uint32_t dtb_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void dtb_put_be32(unsigned char *p, uint32_t v)
{
	int i;

	for (i = 3; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

/* --- writer ---------------------------------------------------------- */

void dtb_init(struct dtb *d)
{
	memset(d, 0, sizeof(*d));
	d->version = 17;
}

static void st_put(struct dtb *d, const void *p, size_t n)
{
	if (n > sizeof(d->st) - d->st_len) {
		d->overflow = 1;
		return;
	}
	memcpy(d->st + d->st_len, p, n);
	d->st_len += n;
}

static void st_align(struct dtb *d)
{
	static const unsigned char zero[3];

	st_put(d, zero, (4 - d->st_len % 4) % 4);
}

void dtb_tok(struct dtb *d, uint32_t tok)
{
	unsigned char b[4];

	dtb_put_be32(b, tok);
	st_put(d, b, 4);
}

void dtb_raw(struct dtb *d, const void *p, size_t n)
{
	st_put(d, p, n);
}

void dtb_begin(struct dtb *d, const char *name)
{
	dtb_tok(d, DTB_BEGIN_NODE);
	st_put(d, name, strlen(name) + 1);
	st_align(d);
}

void dtb_end(struct dtb *d)
{
	dtb_tok(d, DTB_END_NODE);
}

uint32_t dtb_string(struct dtb *d, const char *name)
{
	size_t n = strlen(name) + 1, at = 0;

	while (at < d->str_len) {		/* whole strings only */
		if (!strcmp(d->str + at, name)) {
			return (uint32_t)at;
		}
		at += strlen(d->str + at) + 1;
	}
	if (n > sizeof(d->str) - d->str_len) {
		d->overflow = 1;
		return 0;
	}
	memcpy(d->str + d->str_len, name, n);
	d->str_len += n;
	return (uint32_t)at;
}

void dtb_prop(struct dtb *d, const char *name, const void *val, uint32_t len)
{
	uint32_t off = dtb_string(d, name);

	dtb_tok(d, DTB_PROP);
	dtb_tok(d, len);
	dtb_tok(d, off);
	if (len) {
		st_put(d, val, len);
	}
	st_align(d);
}

void dtb_prop_str(struct dtb *d, const char *name, const char *s)
{
	dtb_prop(d, name, s, (uint32_t)strlen(s) + 1);
}

void dtb_prop_u32(struct dtb *d, const char *name, uint32_t v)
{
	unsigned char b[4];

	dtb_put_be32(b, v);
	dtb_prop(d, name, b, 4);
}

void dtb_rsv(struct dtb *d, uint64_t addr, uint64_t size)
{
	if (d->nr_rsv == (int)(sizeof(d->rsv) / sizeof(d->rsv[0]))) {
		d->overflow = 1;
		return;
	}
	d->rsv[d->nr_rsv][0] = addr;
	d->rsv[d->nr_rsv][1] = size;
	d->nr_rsv++;
}

size_t dtb_finish(const struct dtb *d, unsigned char *out, size_t cap)
{
	size_t rsv = DTB_HDR, st = rsv + 16 * ((size_t)d->nr_rsv + 1);
	size_t str = st + d->st_len, total = str + d->str_len + d->slack;
	int i;

	if (d->overflow || total > cap) {
		return 0;
	}
	memset(out, 0, total);
	dtb_put_be32(out, DTB_MAGIC);
	dtb_put_be32(out + DTB_TOTALSIZE, (uint32_t)total);
	dtb_put_be32(out + DTB_OFF_STRUCT, (uint32_t)st);
	dtb_put_be32(out + DTB_OFF_STRINGS, (uint32_t)str);
	dtb_put_be32(out + DTB_OFF_RSV, (uint32_t)rsv);
	dtb_put_be32(out + DTB_VERSION, d->version);
	dtb_put_be32(out + DTB_LAST_COMP, 16);
	dtb_put_be32(out + DTB_BOOT_CPUID, d->boot_cpuid);
	dtb_put_be32(out + DTB_SIZE_STRINGS, (uint32_t)d->str_len);
	dtb_put_be32(out + DTB_SIZE_STRUCT, (uint32_t)d->st_len);
	for (i = 0; i < d->nr_rsv; i++) {
		dtb_put_be32(out + rsv + 16 * i, (uint32_t)(d->rsv[i][0] >> 32));
		dtb_put_be32(out + rsv + 16 * i + 4, (uint32_t)d->rsv[i][0]);
		dtb_put_be32(out + rsv + 16 * i + 8, (uint32_t)(d->rsv[i][1] >> 32));
		dtb_put_be32(out + rsv + 16 * i + 12, (uint32_t)d->rsv[i][1]);
	}
	memcpy(out + st, d->st, d->st_len);
	memcpy(out + str, d->str, d->str_len);
	return total;
}

/* --- reader ---------------------------------------------------------- */

/* [off, off + n) lies within [0, total)? */
static int inside(size_t total, uint64_t off, uint64_t n)
{
	return off <= total && n <= total - off;
}

int dtb_open(struct dtb_view *v, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	uint32_t off_st, off_str;
	size_t at;

	memset(v, 0, sizeof(*v));
	if (len < DTB_HDR) {
		return DTB_E_FORMAT;
	}
	if (dtb_be32(b) != DTB_MAGIC) {
		return DTB_E_MAGIC;
	}
	v->b = b;
	v->total = dtb_be32(b + DTB_TOTALSIZE);
	v->version = dtb_be32(b + DTB_VERSION);
	v->rsv = dtb_be32(b + DTB_OFF_RSV);
	off_st = dtb_be32(b + DTB_OFF_STRUCT);
	off_str = dtb_be32(b + DTB_OFF_STRINGS);
	v->st = off_st;
	v->str = off_str;
	v->str_len = dtb_be32(b + DTB_SIZE_STRINGS);
	if (v->version >= 17) {
		v->st_len = dtb_be32(b + DTB_SIZE_STRUCT);
	} else if (off_str >= off_st) {
		v->st_len = off_str - off_st;	/* v16: no size_dt_struct */
	} else {
		return DTB_E_FORMAT;
	}
	if (v->total < DTB_HDR || v->total > len || v->version < 16 ||
	    v->rsv < DTB_HDR || v->rsv % 8 || v->st % 4 ||
	    !inside(v->total, v->st, v->st_len) ||
	    !inside(v->total, v->str, v->str_len)) {
		return DTB_E_FORMAT;
	}
	for (at = v->rsv;; at += 16) {
		static const unsigned char zero[16];

		if (!inside(v->total, at, 16)) {
			return DTB_E_FORMAT;
		}
		if (!memcmp(b + at, zero, 16)) {
			break;
		}
	}
	v->rsv_len = at + 16 - v->rsv;
	return DTB_OK;
}

int dtb_rsv_at(const struct dtb_view *v, int i, uint64_t *addr, uint64_t *size)
{
	const unsigned char *p = v->b + v->rsv + 16 * (size_t)i;

	if (16 * (size_t)i >= v->rsv_len) {
		return 0;
	}
	*addr = (uint64_t)dtb_be32(p) << 32 | dtb_be32(p + 4);
	*size = (uint64_t)dtb_be32(p + 8) << 32 | dtb_be32(p + 12);
	return (*addr | *size) != 0;
}

int dtb_walk(const struct dtb_view *v,
	     int (*fn)(void *ctx, const struct dtb_event *ev), void *ctx)
{
	const unsigned char *st = v->b + v->st;
	const char *strs = (const char *)v->b + v->str;
	size_t at = 0, comp[DTB_MAX_DEPTH + 1];
	char path[DTB_MAX_PATH + 1];
	struct dtb_event ev;
	int depth = 0, roots = 0, r;

	for (;;) {
		uint32_t tok;

		if (at > v->st_len || v->st_len - at < 4) {
			return DTB_E_FORMAT;		/* no END token */
		}
		tok = dtb_be32(st + at);
		at += 4;
		memset(&ev, 0, sizeof(ev));
		ev.path = path;
		if (tok == DTB_BEGIN_NODE) {
			const char *name = (const char *)st + at;
			const char *nul = memchr(name, 0, v->st_len - at);
			size_t n, plen;

			if (!nul || (roots && !depth) || depth == DTB_MAX_DEPTH) {
				return DTB_E_FORMAT;
			}
			n = (size_t)(nul - name);
			if (!depth && n) {
				return DTB_E_FORMAT;	/* the root's name is "" */
			}
			if (depth && (!n || memchr(name, '/', n))) {
				return DTB_E_FORMAT;
			}
			plen = depth ? comp[depth - 1] : 0;
			if (depth) {
				if (plen + (depth > 1) + n > DTB_MAX_PATH) {
					return DTB_E_LONG;
				}
				if (depth > 1) {
					path[plen++] = '/';
				}
				memcpy(path + plen, name, n);
				plen += n;
			} else {
				path[0] = '/';
				plen = 1;
			}
			path[plen] = 0;
			comp[depth++] = plen;
			roots = 1;
			at = (at + n + 1 + 3) & ~(size_t)3;
			ev.kind = DTB_EV_NODE;
		} else if (tok == DTB_END_NODE) {
			if (!depth) {
				return DTB_E_FORMAT;
			}
			ev.kind = DTB_EV_NODE_END;
			r = fn ? fn(ctx, &ev) : 0;
			if (r) {
				return r;
			}
			depth--;
			path[depth ? comp[depth - 1] : 0] = 0;
			continue;
		} else if (tok == DTB_PROP) {
			uint32_t len, off;

			if (!depth || v->st_len - at < 8) {
				return DTB_E_FORMAT;
			}
			len = dtb_be32(st + at);
			off = dtb_be32(st + at + 4);
			at += 8;
			if (len > v->st_len - at || off >= v->str_len ||
			    !memchr(strs + off, 0, v->str_len - off)) {
				return DTB_E_FORMAT;
			}
			ev.kind = DTB_EV_PROP;
			ev.name = strs + off;
			ev.val = st + at;
			ev.len = len;
			at = (at + len + 3) & ~(size_t)3;
		} else if (tok == DTB_NOP) {
			continue;
		} else if (tok == DTB_END) {
			return roots && !depth ? DTB_OK : DTB_E_FORMAT;
		} else {
			return DTB_E_FORMAT;
		}
		r = fn ? fn(ctx, &ev) : 0;
		if (r) {
			return r;
		}
	}
}

/* --- queries ----------------------------------------------------------- */

struct query {
	const char *path, *name;
	int in;				/* inside a node at path (the first) */
	int done;			/* that node has ended */
	int nodes, count;
	const unsigned char *val;
	uint32_t len;
	const char **names;
	int max, nr;
};

static int query_fn(void *ctx, const struct dtb_event *ev)
{
	struct query *q = ctx;
	int here = !strcmp(ev->path, q->path);

	if (ev->kind == DTB_EV_NODE && here) {
		q->nodes++;
		q->in = !q->done;
	} else if (ev->kind == DTB_EV_NODE_END && here) {
		q->in = 0;
		q->done = 1;
	} else if (ev->kind == DTB_EV_PROP && here) {
		if (q->name && !strcmp(ev->name, q->name)) {
			q->count++;
			if (q->in && !q->val) {
				q->val = ev->val;
				q->len = ev->len;
			}
		}
		if (q->in && q->nr < q->max) {
			q->names[q->nr++] = ev->name;
		}
	}
	return 0;
}

static int query(const struct dtb_view *v, struct query *q)
{
	return dtb_walk(v, query_fn, q);
}

int dtb_has_node(const struct dtb_view *v, const char *path)
{
	struct query q = { .path = path };

	return !query(v, &q) && q.nodes > 0;
}

const unsigned char *dtb_get(const struct dtb_view *v, const char *path,
			     const char *name, uint32_t *len)
{
	struct query q = { .path = path, .name = name };

	if (query(v, &q) || !q.val) {
		return NULL;
	}
	*len = q.len;
	return q.val;
}

int dtb_count(const struct dtb_view *v, const char *path, const char *name)
{
	struct query q = { .path = path, .name = name };

	return query(v, &q) ? -1 : q.count;
}

int dtb_names(const struct dtb_view *v, const char *path, const char **names,
	      int max)
{
	struct query q = { .path = path, .names = names, .max = max };

	return query(v, &q) ? -1 : q.nr;
}

struct order {
	int depth;
	unsigned char child[DTB_MAX_DEPTH + 1];
};

static int order_fn(void *ctx, const struct dtb_event *ev)
{
	struct order *o = ctx;

	if (ev->kind == DTB_EV_NODE) {
		o->child[o->depth] = 1;
		o->child[++o->depth] = 0;
	} else if (ev->kind == DTB_EV_NODE_END) {
		o->depth--;
	} else if (o->child[o->depth]) {
		return 1;			/* a property after a subnode */
	}
	return 0;
}

int dtb_props_first(const struct dtb_view *v)
{
	struct order o = { 0 };

	return dtb_walk(v, order_fn, &o) == 0;
}
