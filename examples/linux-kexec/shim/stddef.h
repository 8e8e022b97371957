/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * <stddef.h> for kreloc's headers inside a Linux module (the kernel builds
 * with -nostdinc): the kernel's own definitions, so that a file including
 * both kreloc's and the kernel's headers sees one of each. See Kbuild.
 */
#ifndef KRELOC_SHIM_STDDEF_H
#define KRELOC_SHIM_STDDEF_H

#include <linux/stddef.h>	/* NULL, offsetof */
#include <linux/types.h>	/* size_t, ptrdiff_t */

#endif
