/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The library functions freestanding code here needs: kreloc's host code
 * (memcpy, memset), examples/linux-kexec/fdt-edit.c (the rest) when built
 * without a libc, as tests/kexec/kexec-init.c does.
 */
#ifndef BAREMETAL_LIBC_H
#define BAREMETAL_LIBC_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif /* BAREMETAL_LIBC_H */
