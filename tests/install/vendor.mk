# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# A build of someone else's that vendors kreloc's sources through
# kreloc.mk and nothing else of kreloc's build: it compiles the library
# and the blob object with its own rule and links its host against them.
# run: make -f vendor.mk KRELOC_DIR=<kreloc tree> OUT=<dir> [CC=...]

CROSS_COMPILE ?= aarch64-linux-gnu-
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
KRELOC_O := $(OUT)/kreloc
include $(KRELOC_DIR)/kreloc.mk

OBJS := $(patsubst %.c,$(KRELOC_O)/%.o,$(KRELOC_SRCS) $(KRELOC_ARCH_SRCS))

$(OUT)/host.elf: $(OUT)/consumer.o $(OUT)/libc.o $(OBJS) $(KRELOC_BLOB_OBJ)
	$(CC) --sysroot=$(OUT)/none -nostdlib -static -o $@ $^

$(KRELOC_O)/%.o: $(KRELOC_DIR)/%.c $(KRELOC_GENERATED)
	@mkdir -p $(@D)
	$(CC) --sysroot=$(OUT)/none $(KRELOC_CPPFLAGS) $(KRELOC_CFLAGS) -O2 \
		-Wall -Wextra -Werror -c -o $@ $<

$(OUT)/%.o: $(KRELOC_DIR)/tests/install/%.c $(KRELOC_GENERATED)
	$(CC) --sysroot=$(OUT)/none $(KRELOC_CPPFLAGS) $(KRELOC_CFLAGS) -O2 \
		-Wall -Wextra -Werror -c -o $@ $<

$(OUT)/libc.o: $(KRELOC_DIR)/examples/baremetal/libc.c
	$(CC) --sysroot=$(OUT)/none $(KRELOC_CFLAGS) -O2 -Wall -Wextra -Werror \
		-fno-tree-loop-distribute-patterns -c -o $@ $<
