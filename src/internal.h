/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/* Shared between the host API's files, not part of the API. */
#ifndef KRELOC_INTERNAL_H
#define KRELOC_INTERNAL_H

#include <kreloc/kreloc.h>

/* The block or page mapping one address in a map built by kreloc. */
struct kreloc_leaf {
	kreloc_pa_t base, end;
	unsigned attr;		/* KRELOC_ATTR_* */
	int exec;		/* the stub's EL may run code from it */
};

/* struct kreloc_park.magic once kreloc_park_init() set it up: "KRELPARK" */
#define KRELOC_PARK_MAGIC	UINT64_C(0x4b5241504c45524b)

/* 1 and *leaf filled if map maps pa, else 0. */
int kreloc_idmap_lookup(const struct kreloc_idmap *map, kreloc_pa_t pa,
			struct kreloc_leaf *leaf);

/* Check the whole plan; 0 or the first rule broken, detailed in *err. */
int kreloc_validate(const struct kreloc_page *stub_page,
		    const struct kreloc_page *args_page,
		    const struct kreloc_list *list,
		    const struct kreloc_idmap *map,
		    const struct kreloc_boot *boot,
		    const struct kreloc_cpu *cpu, struct kreloc_error *err);

/* Invalidate the whole local instruction cache, with the barriers. */
void kreloc_arch_sync_icache(void);

/* FIPS 180-4's 64 round constants (sha256.c). */
extern const uint32_t kreloc_sha256_k[64];

/*
 * n >= 1 SHA-256 blocks into h with the CPU's instructions, if this build,
 * this CPU and this exception level allow them: 1 if done, 0 if the
 * caller must use C (arch-aarch64.c decides, arch-native.c declines).
 */
int kreloc_arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n);

/* sha256-ce.c: the instructions themselves; 0 if built without SIMD. */
int kreloc_sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t n);

/* arch-native.c (tests): how many cleans, and the last VAs cleaned. */
#define KRELOC_NATIVE_CLEANED	64
extern unsigned long kreloc_native_cleans;
extern const void *kreloc_native_cleaned[KRELOC_NATIVE_CLEANED];

#endif /* KRELOC_INTERNAL_H */
