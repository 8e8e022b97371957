/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The one list of argument-block offsets the stub uses. asm-offsets.c turns
 * it into <generated/kreloc-asm-offsets.h> with the cross compiler;
 * abi-check.c includes that header and checks every value again.
 */
#ifndef KRELOC_ABI_OFFSETS_H
#define KRELOC_ABI_OFFSETS_H

#include <stddef.h>
#include <kreloc/abi.h>

/* X(name, offset or size) */
#define KRELOC_ABI_OFFSETS(X)						\
	X(ARGS_MAGIC,		offsetof(struct kreloc_args, magic))	\
	X(ARGS_FLAGS,		offsetof(struct kreloc_args, flags))	\
	X(ARGS_LIST_HEAD,	offsetof(struct kreloc_args, list_head)) \
	X(ARGS_PAGE_SIZE,	offsetof(struct kreloc_args, list_page_size)) \
	X(ARGS_ENTRY,		offsetof(struct kreloc_args, entry))	\
	X(ARGS_X0,		offsetof(struct kreloc_args, x[0]))	\
	X(ARGS_X2,		offsetof(struct kreloc_args, x[2]))	\
	X(ARGS_TT_ROOT,		offsetof(struct kreloc_args, tt_root))	\
	X(ARGS_TT_T0SZ,		offsetof(struct kreloc_args, tt_t0sz))	\
	X(ARGS_TT_GRANULE,	offsetof(struct kreloc_args, tt_granule)) \
	X(ARGS_TT_FORMAT,	offsetof(struct kreloc_args, tt_format)) \
	X(ARGS_FAIL_ADDR,	offsetof(struct kreloc_args, fail_addr)) \
	X(ARGS_STATUS_PA,	offsetof(struct kreloc_args, status_pa)) \
	X(ARGS_UART_PA,		offsetof(struct kreloc_args, uart_pa))	\
	X(ARGS_UART_TYPE,	offsetof(struct kreloc_args, uart_type)) \
	X(ARGS_SIZE,		sizeof(struct kreloc_args))		\
	X(STATUS_PHASE,		offsetof(struct kreloc_status, phase))	\
	X(STATUS_ERROR,		offsetof(struct kreloc_status, error))	\
	X(STATUS_ENTRY_EL,	offsetof(struct kreloc_status, entry_el)) \
	X(STATUS_FAULT_PHASE,	offsetof(struct kreloc_status, fault_phase)) \
	X(STATUS_VECTOR,	offsetof(struct kreloc_status, vector))	\
	X(STATUS_ESR,		offsetof(struct kreloc_status, esr))	\
	X(STATUS_ELR,		offsetof(struct kreloc_status, elr))	\
	X(STATUS_FAR,		offsetof(struct kreloc_status, far))	\
	X(STATUS_TS,		offsetof(struct kreloc_status, ts))	\
	X(STATUS_DIGEST_SEG,	offsetof(struct kreloc_status, digest_seg)) \
	X(STATUS_DIGEST_PAGE,	offsetof(struct kreloc_status, digest_page)) \
	X(STATUS_SIZE,		sizeof(struct kreloc_status))

#endif /* KRELOC_ABI_OFFSETS_H */
