/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/* The two library functions kreloc's host code needs, for bare metal. */
#ifndef BAREMETAL_LIBC_H
#define BAREMETAL_LIBC_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif /* BAREMETAL_LIBC_H */
