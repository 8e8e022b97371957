// SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
/*
 * libFuzzer target for the list builder, the identity-map builder and the
 * plan validator. The input describes a plan: segments, page and granule
 * sizes, the CPU, entry, DTB, control pages (some deliberately inside
 * destinations), or a raw foreign list. Whatever kreloc_install() accepts
 * is then run through a C model of the stub, and the result must be
 * exactly the image the segments describe, with every control page
 * intact: a validator hole shows up as a wrong image or a crash.
 *
 * The fake allocator hands out the top quarter of memory (the pool).
 * Sources always lie below it, as the allocator contract says (kreloc
 * cannot check every list page against every source). Destinations, and
 * so in-place data, stay below it too unless flags bit 5 is set: then the
 * allocator breaks its promise on purpose, list, bounce and table pages
 * land in destinations, and kreloc_install() must refuse every plan in
 * which that changes the image (issue 10).
 *
 * Flags bit 6 makes the segments overlap, and gives them all at once to
 * kreloc_list_plan(): each shifts its own pages by any number of pages,
 * either way, reads where the one before it writes, closes a cycle
 * through earlier ones, trades places with one, trades places with the
 * one before as two unequal parts of up to 1024 pages (one long cycle
 * whose writes come apart into many pieces), or has a source of its own
 * or in place. Whatever the planner accepts must, like any plan,
 * come out of the stub model as the exact image, with at most one
 * bounce page for the cycles. With bit 7 too, through
 * kreloc_list_plan_verified(): one DIGEST, numbered 0, for all of the
 * plan's page ops, in the plan's order (the flips below then test it).
 *
 * A trailer byte, read after everything else (so inputs from before it
 * decode as they did), may make the plan park secondary CPUs: a park area
 * from the allocator, or one gone astray into the data area (where a
 * destination or a source may cover it), which an accepted plan must
 * leave exactly as kreloc_park_init() made it.
 *
 * Digests (issue 14): bit 1 of a segment's in-place byte makes it a
 * verified segment (kreloc_list_add_verified()); a second trailer byte,
 * read after the park byte, asks for KRELOC_F_VERIFY (bit 0, bit 1
 * VERIFY_SOFT too) and, with bit 2, flips one bit of one page the verify
 * pass hashes (a source page, a bounce page with its zero tail, a page in
 * place) after kreloc_install() accepted the plan: the model must then
 * stop with KRELOC_STUB_ERR_DIGEST, the right segment and page, and
 * nothing else written; without the flip it must verify and boot.
 *
 * A last trailer byte lends kreloc_install() list->check_bits of 1, 3 or
 * 9 words, filled with garbage. This build gives the validator one word
 * of its own (KRELOC_CHECK_WINDOW_WORDS): a plan whose writes come apart
 * is checked 64 pages a window, or with the lent words fewer windows,
 * and the verdict must not change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../unit/fake.h"
#include "sim.h"

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--) {
		v = v << 8 | (in->n ? (in->n--, *in->p++) : 0);
	}
	return v;
}

static int kreloc_is_ps(uint64_t ps)
{
	return ps == 0x1000 || ps == 0x4000 || ps == 0x10000;
}

#define DATA_PAGES	((FAKE_POOL - FAKE_BASE) / 0x1000)	/* over 112 */

/*
 * Steering. Pages the allocator handed out that lie in a destination of a
 * segment in the plan, in place or copied, its partial page or not, are
 * where issue 10 lived. Counted here, in branches of their own, such
 * plans are coverage whatever the library decides, so the corpus keeps
 * them and mutates from them. Counted apart once kreloc_install() has
 * accepted the plan: a correct validator refuses nearly all of those, a
 * broken one rewards the fuzzer for plans one bit from a wrong image (a
 * copied destination over a bounce page is harmless, an in-place one is
 * not).
 */
static volatile unsigned steer_in_place, steer_copied, steer_tail;
static volatile unsigned steer_ok_in_place, steer_ok_copied, steer_ok_tail;
static volatile unsigned steer_flips, steer_flip_bounce, steer_flip_clean;

/* What the verify pass reads for each page op of an accepted list. */
struct hashed {
	kreloc_pa_t read;	/* the page hashed: source, or dest in place */
	kreloc_pa_t dest;
	uint64_t seg;		/* its DIGEST's number; NONE after the last */
	int bounce;
};

/* The page ops a DIGEST covers, in list order; at most max. */
static size_t hashed_pages(const struct kreloc_list *l, struct hashed *h,
			   size_t max)
{
	uint64_t ps = l->page_size, e = l->head;
	const uint64_t *p = NULL;
	kreloc_pa_t dest = 0;
	size_t n = 0, group = 0, i, j;

	while (!(e & KRELOC_ENTRY_DONE)) {
		if (e & KRELOC_ENTRY_INDIRECTION) {
			p = fake_va(e & ~(ps - 1));
		} else if (e & KRELOC_ENTRY_DIGEST) {
			for (; group < n; group++) {
				h[group].seg = e >> KRELOC_DIGEST_SEG_SHIFT;
			}
			p += KRELOC_DIGEST_WORDS;
		} else if (e & KRELOC_ENTRY_DESTINATION) {
			dest = e & ~(ps - 1);
		} else if (e & (KRELOC_ENTRY_SOURCE | KRELOC_ENTRY_CLEAN)) {
			if (n == max) {
				abort();
			}
			h[n].read = e & KRELOC_ENTRY_SOURCE ? e & ~(ps - 1) : dest;
			h[n].dest = dest;
			h[n].seg = KRELOC_DIGEST_NONE;
			h[n].bounce = 0;
			for (j = 0; j < l->nr_bounce; j++) {
				h[n].bounce |= h[n].read == l->bounce[j];
			}
			n++;
			dest += ps;
		} else if (e & KRELOC_ENTRY_ZERO) {
			dest += ps;
		}
		e = *p++;
	}
	for (i = group; i < n; i++) {
		h[i].seg = KRELOC_DIGEST_NONE;
	}
	return n;
}

static void steer(const struct kreloc_segment *seg, size_t nseg, uint64_t ps,
		  int accepted)
{
	kreloc_pa_t p;
	size_t i;

	for (p = FAKE_POOL; p < fake.next; p += 0x1000) {
		for (i = 0; i < nseg; i++) {
			if (!seg[i].memsz || p < seg[i].dest ||
			    p - seg[i].dest >= seg[i].memsz) {
				continue;
			}
			if (accepted) {
				if (seg[i].src == seg[i].dest) {
					steer_ok_in_place++;
				} else {
					steer_ok_copied++;
				}
				if (p - seg[i].dest >=
				    (seg[i].bufsz & ~(ps - 1))) {
					steer_ok_tail++;
				}
			} else if (seg[i].src == seg[i].dest) {
				steer_in_place++;
			} else {
				steer_copied++;
			}
			if (!accepted &&
			    p - seg[i].dest >= (seg[i].bufsz & ~(ps - 1))) {
				steer_tail++;	/* the bounced or zeroed pages */
			}
		}
	}
}

/* x pages into [0, n) pages, either way round. */
static uint64_t wrap_pages(int64_t x, uint64_t n)
{
	return (uint64_t)((x % (int64_t)n + (int64_t)n) % (int64_t)n);
}

/*
 * Overlapping segments (flags bit 6), in whole pages of ps over the data
 * area: sources below the pool, destinations too unless the allocator
 * breaks its promise. Page-aligned, so most reach the planner's order.
 */
static void overlapping(struct input *in, struct kreloc_segment *seg,
			uint64_t nseg, uint64_t ps, int astray)
{
	uint64_t n = (FAKE_POOL - FAKE_BASE) / ps, i, j, kind, len, d, sp;
	uint64_t tot, a;
	int64_t shift;

	for (i = 0; i < nseg; i++) {
		kind = take(in, 1);
		shift = (int8_t)take(in, 1);
		len = take(in, 1) % 16;
		d = take(in, 2) % n;
		j = i ? (kind >> 3) % i : 0;
		switch (kind & 7) {
		case 0:				/* a shift of its own */
		case 6:
			sp = wrap_pages((int64_t)d + shift, n);
			break;
		case 1:				/* reads what i - 1 writes */
			sp = i ? wrap_pages((int64_t)(seg[i - 1].dest -
					     FAKE_BASE) / (int64_t)ps + shift, n)
			       : d;
			break;
		case 2:				/* closes a cycle through j */
			sp = i ? (seg[i - 1].dest - FAKE_BASE) / ps : d;
			d = i ? (seg[j].src - FAKE_BASE) / ps : d;
			len = i ? seg[i - 1].memsz / ps : len;
			break;
		case 3:				/* trades places with j */
			sp = i ? (seg[j].dest - FAKE_BASE) / ps : d;
			d = i ? (seg[j].src - FAKE_BASE) / ps : d;
			len = i ? seg[j].memsz / ps : len;
			break;
		case 4:				/* in place */
			sp = d;
			break;
		case 5:				/* unequal parts trade places */
			if (!i) {
				sp = d;
				break;
			}
			/*
			 * [d, d + a) and [d + a, d + tot) swap: i - 1 takes
			 * the first part up, i the second down; one long
			 * cycle whose writes jump around (issue 15).
			 */
			tot = 2 + take(in, 2) % (n < 1024 ? n - 1 : 1023);
			a = 1 + (uint64_t)(shift & 0x7f) * (tot - 1) / 128;
			if (d + tot > n) {
				d = n - tot;
			}
			seg[i - 1].dest = FAKE_BASE + (d + tot - a) * ps;
			seg[i - 1].src = FAKE_BASE + d * ps;
			seg[i - 1].memsz = seg[i - 1].bufsz = a * ps;
			sp = d + a;
			len = tot - a;
			break;
		default:			/* anywhere */
			sp = take(in, 2) % n;
			break;
		}
		if (len > n) {
			len = n;
		}
		if (sp + len > n) {		/* sources below the pool */
			sp = n - len;
		}
		if (!astray && d + len > n) {
			d = n - len;
		}
		seg[i].dest = FAKE_BASE + d * ps;
		seg[i].src = FAKE_BASE + sp * ps;
		seg[i].memsz = len * ps;
		seg[i].bufsz = take(in, 1) & 1 ? seg[i].memsz :
			       take(in, 3) % (seg[i].memsz + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t sizes[] = { 0x1000, 0x4000, 0x10000, 0x2000 };
	static const uint64_t granules[] = { 0, 0x1000, 0x4000, 0x10000 };
	struct input in = { data, size };
	struct kreloc_segment seg[8];
	struct kreloc_list list;
	struct kreloc_idmap map;
	struct kreloc_range ram = { FAKE_BASE, FAKE_SIZE };
	struct kreloc_range code;
	struct kreloc_idmap_spec spec = {
		.ram = &ram, .nr_ram = 1, .code = &code, .nr_code = 1,
	};
	struct kreloc_page stub, args, area;
	struct kreloc_park park;
	struct kreloc_boot boot = { 0 };
	struct kreloc_cpu cpu;
	struct kreloc_error err;
	static unsigned char before[FAKE_SIZE], want[FAKE_SIZE], planned[FAKE_SIZE];
	static int patterned;
	struct kreloc_args args_copy;
	uint64_t ps, mode, flags, nseg, i, park_how, verify_how = 0, lend;
	static uint64_t lent[9];
	uint64_t segno[8], how, j;
	static struct hashed hashed[8 * 8 * 16 + 64];
	size_t nhashed = 0, flip = 0;
	kreloc_pa_t flip_pa = 0;
	uint64_t flip_bit = 0;
	unsigned park_cpus;
	kreloc_pa_t first_dest = 0;	/* for a second chance */
	unsigned allocs;
	int e, e2, use_map;

	fake_init();
	mode = take(&in, 1);
	ps = sizes[mode & 3];
	cpu = fake_cpu(2 + (mode >> 2 & 3), 1 + (mode >> 4 & 7) % 7,
		       mode & 0x80 ? KRELOC_TT_EL2 : KRELOC_TT_EL1);
	flags = take(&in, 1);
	use_map = !(flags & 1);
	spec.granule = granules[flags >> 1 & 3];
	if (flags & 8) {		/* a hole in the map */
		ram.size = FAKE_SIZE / 2;
	}
	if (!patterned) {		/* every data word different, pool 0 */
		for (i = 0; i < FAKE_POOL - FAKE_BASE; i += 8) {
			memcpy(before + i, &i, 8);
		}
		patterned = 1;
	}
	memcpy(fake.mem, before, FAKE_SIZE);

	nseg = take(&in, 1) % 8;
	if (flags & 0x10) {		/* a foreign list, straight from input */
		kreloc_pa_t lp = FAKE_BASE + FAKE_SIZE - ps;	/* top of the pool */
		uint64_t *w = fake_va(lp), n = take(&in, 2) % (ps / 8);

		for (i = 0; i < n; i++) {
			w[i] = take(&in, 8);
			if (!first_dest &&
			    (w[i] & (ps - 1)) == KRELOC_ENTRY_DESTINATION) {
				first_dest = w[i] & ~(ps - 1);
			}
		}
		e = kreloc_list_adopt(&list, lp | KRELOC_ENTRY_INDIRECTION, ps,
				      &fake_host);
		nseg = 0;
	} else if ((flags & 0x40) && kreloc_is_ps(ps)) {
		e = kreloc_list_init(&list, ps, &fake_host);
		overlapping(&in, seg, nseg, ps, !!(flags & 0x20));
		allocs = fake.allocs;
		e2 = e ? e : flags & 0x80 ?
			kreloc_list_plan_verified(&list, seg, nseg) :
			kreloc_list_plan(&list, seg, nseg);
		if (e2 && e2 != KRELOC_E_NOMEM && e2 != KRELOC_E_ALLOC_ALIGN &&
		    e2 != KRELOC_E_CONTROL_IN_DEST &&
		    e2 != KRELOC_E_CONTROL_IN_SRC && fake.allocs != allocs) {
			fprintf(stderr, "plan refused (%d) after taking pages\n",
				e2);
			abort();	/* refused before anything is taken */
		}
		if (list.nr_cycle_bounce > 1) {
			abort();	/* one bounce page for every cycle */
		}
		if (e2) {
			return 0;
		}
		for (i = 0; i < nseg; i++) {
			if (!first_dest && seg[i].memsz) {
				first_dest = seg[i].dest;
			}
			segno[i] = 0;	/* one DIGEST, the first's number */
		}
		e = kreloc_list_finish(&list);
	} else {
		e = kreloc_list_init(&list, ps, &fake_host);
		for (i = 0; !e && i < nseg; i++) {
			seg[i].dest = FAKE_BASE + take(&in, 2) % DATA_PAGES * 0x1000;
			/* sources in the data area: the allocator owns the pool */
			seg[i].src = FAKE_BASE + take(&in, 2) % (DATA_PAGES - 112) * 0x1000;
			seg[i].memsz = take(&in, 1) % 8 * ps;
			seg[i].bufsz = take(&in, 3) % (seg[i].memsz + 1);
			if (!(flags & 0x20) &&
			    seg[i].dest + seg[i].memsz > FAKE_POOL) {
				/* the allocator keeps its promise: no
				 * destination in its pool (same alignment) */
				seg[i].dest = FAKE_POOL - seg[i].memsz -
					      (seg[i].dest & (ps - 1));
			}
			how = take(&in, 1);
			if (how & 1) {
				seg[i].src = seg[i].dest;
			}
			allocs = fake.allocs;
			segno[i] = list.nr_segments;
			e2 = how & 2 ? kreloc_list_add_verified(&list, &seg[i],
								NULL) :
				       kreloc_list_add(&list, &seg[i]);
			if (e2 && e2 != KRELOC_E_NOMEM &&
			    e2 != KRELOC_E_ALLOC_ALIGN && fake.allocs != allocs) {
				fprintf(stderr, "segment %d refused (%d) after "
					"taking pages\n", (int)i, e2);
				abort();	/* kreloc_list_add()'s rule */
			}
			if (e2) {
				seg[i].memsz = 0;	/* refused: not in the image */
			} else if (!first_dest && seg[i].memsz) {
				first_dest = seg[i].dest;
			}
		}
		nseg = i;			/* the ones built */
		if (!e) {
			e = kreloc_list_finish(&list);
		}
	}
	if (!e && (fake_host.alloc(NULL, KRELOC_BLOB_SIZE, &stub) ||
		   fake_host.alloc(NULL, 0x1000, &args))) {
		return 0;			/* the pool ran dry */
	}
	code = (struct kreloc_range){ stub.pa, KRELOC_BLOB_SIZE };
	if (!e && use_map) {
		e = kreloc_idmap_build(&map, &spec, &cpu, &fake_host, &err);
	}
	steer(seg, nseg, ps, 0);
	if (!e) {
		if (take(&in, 1) & 1) {		/* control pages gone astray */
			args.pa = FAKE_BASE + take(&in, 2) % DATA_PAGES * 0x1000;
			args.va = fake_va(args.pa);
		}
		boot.entry = FAKE_BASE + take(&in, 3) % (FAKE_POOL - FAKE_BASE) / 4 * 4;
		if (take(&in, 1) & 1) {
			boot.dtb = FAKE_BASE + take(&in, 3) % (FAKE_POOL - FAKE_BASE);
			boot.dtb_size = take(&in, 3);
		}
		park_how = take(&in, 1);	/* after all the rest: a trailer */
		if (park_how & 1) {		/* secondaries parked */
			park_cpus = park_how & 2 ? 17 : 2;
			if (park_how & 4) {	/* astray: in the data area */
				area.pa = FAKE_BASE + take(&in, 2) %
					  (DATA_PAGES - 1) * 0x1000;
				area.va = fake_va(area.pa);
			} else if (fake_host.alloc(NULL,
						   kreloc_park_size(park_cpus),
						   &area)) {
				return 0;
			}
			if (kreloc_park_init(&park, &area, park_cpus)) {
				abort();	/* a sound area, 2 or 17 CPUs */
			}
			boot.park = &park;
		}
		verify_how = take(&in, 1);	/* a second trailer */
		if (verify_how & 1) {
			boot.flags |= KRELOC_F_VERIFY | KRELOC_F_FPSIMD;
			boot.flags |= verify_how & 2 ? KRELOC_F_VERIFY_SOFT : 0;
		}
		flip = take(&in, 2);
		flip_bit = take(&in, 3);
		lend = take(&in, 1) % 4;	/* list->check_bits: 0 to 9 words */
		if (lend) {
			list.check_bits = lent;
			list.check_bits_size = (lend == 1 ? 1 : lend == 2 ? 3 :
						9) * 8;
			memset(lent, 0xa5, sizeof(lent));	/* not cleared */
		}
		e = kreloc_install(&stub, &args, &list, use_map ? &map : NULL,
				   &boot, &cpu, &err);
		if ((e == KRELOC_E_ENTRY || e == KRELOC_E_DTB_ALIGN ||
		     e == KRELOC_E_DTB_SIZE || e == KRELOC_E_DTB_REGION) &&
		    first_dest) {
			/*
			 * The validator checks these last: the rest of the
			 * plan passed. A random entry seldom hits a small
			 * destination, so give the plan a second chance
			 * with the first destination as entry and no DTB,
			 * and more plans reach the stub model.
			 */
			boot.entry = first_dest;
			boot.dtb = boot.dtb_size = 0;
			e = kreloc_install(&stub, &args, &list,
					   use_map ? &map : NULL, &boot, &cpu,
					   &err);
		}
	}
	if ((flags & 0x40) && !(flags & 0x30) &&
	    (e == KRELOC_E_SRC_CLOBBERED || e == KRELOC_E_DEST_OVERLAP ||
	     e == KRELOC_E_TOO_MANY_RUNS ||	/* at most 8 pieces at last */
	     (e == KRELOC_E_CONTROL_IN_SRC && list.nr_cycle_bounce &&
	      err.other == list.cycle_bounce))) {
		fprintf(stderr, "the planner's order refused: %s at %#lx "
			"(%#lx), page size %#lx\n", kreloc_strerror(e),
			(unsigned long)err.addr, (unsigned long)err.other,
			(unsigned long)ps);
		for (i = 0; i < nseg; i++) {
			fprintf(stderr, "seg %d: dest %#lx src %#lx bufsz %#lx "
				"memsz %#lx\n", (int)i,
				(unsigned long)seg[i].dest,
				(unsigned long)seg[i].src,
				(unsigned long)seg[i].bufsz,
				(unsigned long)seg[i].memsz);
		}
		abort();	/* kreloc_list_plan() accepted an unsafe order */
	}
	if (e) {
		if (e <= KRELOC_OK || e >= KRELOC_E_NR) {
			fprintf(stderr, "unknown error %d\n", e);
			abort();		/* every error is a known one */
		}
		return 0;
	}

	steer(seg, nseg, ps, 1);
	/* Accepted: what the image must look like after the stub ran. */
	memcpy(want, fake.mem, FAKE_SIZE);
	for (i = 0; i < nseg; i++) {
		uint64_t off = seg[i].dest - FAKE_BASE;

		if (!seg[i].memsz) {
			continue;
		}
		memcpy(want + off, before + (seg[i].src - FAKE_BASE), seg[i].bufsz);
		memset(want + off + seg[i].bufsz, 0, seg[i].memsz - seg[i].bufsz);
	}
	memcpy(&args_copy, args.va, sizeof(args_copy));
	if (boot.flags & KRELOC_F_VERIFY) {
		nhashed = hashed_pages(&list, hashed,
				       sizeof(hashed) / sizeof(hashed[0]));
	}
	if ((verify_how & 4) && nhashed && !list.adopted) {
		/* one bit of one page the verify pass reads */
		const struct hashed *h = &hashed[flip % nhashed];

		flip_pa = h->read;
		fake.mem[flip_pa - FAKE_BASE + flip_bit % (ps * 8) / 8] ^=
			(unsigned char)(1u << (flip_bit % 8));
		steer_flips++;
		steer_flip_bounce += h->bounce;
		steer_flip_clean += h->read == h->dest;
	}
	memcpy(planned, fake.mem, FAKE_SIZE);
	e = sim_stub(args.va);
	if (flip_pa) {
		const struct kreloc_status *st = fake_va(args_copy.status_pa);
		uint64_t soff = args_copy.status_pa - FAKE_BASE;

		/* the first page op reading the flipped page names both */
		for (i = 0; i < nhashed && hashed[i].read != flip_pa; i++) {
		}
		/* its number counts the segments the list took, from 0 */
		for (j = 0; j < nseg; j++) {
			if (seg[j].memsz && hashed[i].dest >= seg[j].dest &&
			    hashed[i].dest - seg[j].dest < seg[j].memsz &&
			    hashed[i].seg != segno[j]) {
				fprintf(stderr, "DIGEST %#lx for segment %lu "
					"(number %lu)\n",
					(unsigned long)hashed[i].seg,
					(unsigned long)j,
					(unsigned long)segno[j]);
				abort();
			}
		}
		if (e != 1 || st->error != KRELOC_STUB_ERR_DIGEST ||
		    st->digest_seg != hashed[i].seg ||
		    st->digest_page != hashed[i].dest) {
			fprintf(stderr, "flip in %#lx: sim %d, error %lu, seg "
				"%#lx page %#lx; want seg %#lx page %#lx\n",
				(unsigned long)flip_pa, e,
				(unsigned long)st->error,
				(unsigned long)st->digest_seg,
				(unsigned long)st->digest_page,
				(unsigned long)hashed[i].seg,
				(unsigned long)hashed[i].dest);
			abort();	/* a flip missed or misreported */
		}
		if (memcmp(fake.mem, planned, soff) ||
		    memcmp(fake.mem + soff + sizeof(*st), planned + soff +
			   sizeof(*st), FAKE_SIZE - soff - sizeof(*st))) {
			fprintf(stderr, "refused, yet memory changed\n");
			abort();	/* the stub wrote before verifying */
		}
		return 0;
	}
	if (e == 1 && list.adopted) {
		return 0;		/* a foreign list's digests: garbage */
	}
	if (e) {
		if (use_map || e == 1) {
			fprintf(stderr, "sim: %d\n", e);
			abort();	/* strayed, or a sound plan failed */
		}
		return 0;		/* no map: kreloc knows no RAM */
	}

	for (i = 0; i < nseg; i++) {
		uint64_t off = seg[i].dest - FAKE_BASE;

		if (seg[i].memsz && memcmp(fake.mem + off, want + off, seg[i].memsz)) {
			uint64_t j;

			for (j = 0; j < nseg; j++) {
				fprintf(stderr, "seg %d: dest %#lx src %#lx bufsz %#lx memsz %#lx\n",
					(int)j, (unsigned long)seg[j].dest, (unsigned long)seg[j].src,
					(unsigned long)seg[j].bufsz, (unsigned long)seg[j].memsz);
			}
			for (j = 0; j < seg[i].memsz; j++) {
				if (fake.mem[off + j] != want[off + j]) {
					fprintf(stderr, "segment %d differs at +%#lx\n", (int)i, (unsigned long)j);
					break;
				}
			}
			abort();		/* an accepted plan booted wrong */
		}
	}
	if (memcmp(args.va, &args_copy, sizeof(args_copy)) ||
	    memcmp(stub.va, kreloc_blob_start,
		   (size_t)kreloc_blob_size)) {
		abort();			/* a control page was overwritten */
	}
	if (boot.park && memcmp(fake.mem + (park.pa - FAKE_BASE),
				planned + (park.pa - FAKE_BASE), park.size)) {
		fprintf(stderr, "park area %#lx overwritten\n",
			(unsigned long)park.pa);
		abort();		/* the parked CPUs' slots are gone */
	}
	for (i = 0; use_map && i < map.nr_pages; i++) {
		uint64_t off = map.pages[i].pa - FAKE_BASE;

		if (memcmp(fake.mem + off, planned + off, map.granule)) {
			fprintf(stderr, "table page %#lx overwritten\n",
				(unsigned long)map.pages[i].pa);
			abort();		/* the stub ran on those tables */
		}
	}
	return 0;
}
