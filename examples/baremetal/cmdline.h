/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * The bare-metal hosts' parameters: QEMU's -semihosting-config arg=...,
 * read with SYS_GET_CMDLINE as "key=value key=value ...".
 */
#ifndef TEST_CMDLINE_H
#define TEST_CMDLINE_H

#include <stdint.h>

/* Read the command line once; 0 if QEMU gave none. */
int cmd_read(void);

/* The value of key=, or NULL. It runs to the next space. */
const char *cmd_get(const char *key);

/* A number at s, decimal or 0x-hex; *end (if given) just past it. */
uint64_t cmd_num(const char *s, const char **end);

/* key='s number, or dflt when key is absent. */
uint64_t cmd_u64(const char *key, uint64_t dflt);

/* key='s value is exactly word. */
int cmd_is(const char *key, const char *word);

#endif /* TEST_CMDLINE_H */
