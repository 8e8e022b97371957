# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# kreloc.mk: kreloc's sources for a build that vendors them (a kernel
# module, U-Boot, TF-A, a bootloader of your own) instead of linking
# libkreloc.a. kreloc's own Makefile uses it too, so the lists here are
# the only ones.
#
# Before including it, set:
#   KRELOC_DIR      where kreloc's tree is (default: this file's folder)
#   KRELOC_O        where generated files go (default: $(KRELOC_DIR)/build)
#   KRELOC_CC       the AArch64 C compiler, as you call it (default: $(CC))
#   KRELOC_LD, KRELOC_OBJCOPY, KRELOC_READELF   (defaults: $(LD), $(OBJCOPY),
#                   $(READELF) or $(CROSS_COMPILE)readelf)
#
# It gives you:
#   KRELOC_SRCS        the host library's C sources, relative to KRELOC_DIR
#   KRELOC_ARCH_SRCS   the few CPU operations for AArch64 hosts (a native
#                      test build takes src/arch-native.c instead)
#   KRELOC_STUB_SRCS   the stub's assembly, relative to KRELOC_DIR
#   KRELOC_CPPFLAGS    include paths the sources need
#   KRELOC_CFLAGS      flags the library must be built with: freestanding,
#                      no FP/SIMD in host code, no unaligned accesses
#   KRELOC_SIMD_CFLAGS the same with FP/SIMD, for src/sha256-ce.c alone if
#                      your host runs with FP/SIMD enabled (optional)
#   KRELOC_GENERATED   headers to build before any kreloc object
#   KRELOC_BLOB_BIN    the stub blob (one 4 KiB page of position-independent
#                      code), and KRELOC_BLOB_OBJ, an object embedding it as
#                      kreloc_blob_start[] / kreloc_blob_size
# and the rules that make KRELOC_GENERATED, KRELOC_BLOB_BIN and
# KRELOC_BLOB_OBJ. Compile KRELOC_SRCS and KRELOC_ARCH_SRCS with your own
# rule and $(KRELOC_CPPFLAGS) $(KRELOC_CFLAGS); supply memcpy and memset.
#
# A Linux module's Kbuild file, for one (examples/linux-kexec/Kbuild is a
# complete one: the kernel's -nostdinc needs stddef.h/stdint.h shims):
#   include $(src)/kreloc/kreloc.mk
#   obj-m := mymod.o
#   mymod-y := main.o $(KRELOC_SRCS:%.c=kreloc/%.o) ... kreloc/src/blob.o

# Worked out now, while this file is the last one read (a deferred ?=
# would see whichever makefile was read last when a recipe runs).
ifeq ($(origin KRELOC_DIR),undefined)
KRELOC_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
endif
# Including this file must not change the includer's default goal.
kreloc_default_goal := $(.DEFAULT_GOAL)
KRELOC_O ?= $(KRELOC_DIR)/build
KRELOC_CC ?= $(CC)
KRELOC_LD ?= $(LD)
KRELOC_OBJCOPY ?= $(OBJCOPY)
KRELOC_READELF ?= $(if $(READELF),$(READELF),$(CROSS_COMPILE)readelf)

KRELOC_VERSION := $(strip $(file < $(KRELOC_DIR)/VERSION))

KRELOC_SRCS := src/list.c src/idmap.c src/validate.c src/install.c \
	       src/image.c src/cpu.c src/strerror.c src/abi-check.c \
	       src/park.c src/sha256.c
KRELOC_ARCH_SRCS := src/arch-aarch64.c src/sha256-ce.c
KRELOC_STUB_SRCS := asm/stub.S asm/vectors.S asm/park.S asm/verify.S

KRELOC_CPPFLAGS := -I$(KRELOC_DIR)/include -I$(KRELOC_O)/include
KRELOC_CFLAGS := -std=c11 -ffreestanding -fno-builtin -mgeneral-regs-only \
		 -mstrict-align -fno-stack-protector \
		 -fno-asynchronous-unwind-tables -fno-unwind-tables
# src/sha256-ce.c only, where the host runs with FP/SIMD usable (a
# bootloader that enabled it): SHA-256 with the CPU's instructions, picked
# at run time. Built with KRELOC_CFLAGS, as a Linux module must, it is
# left out and the C path runs.
KRELOC_SIMD_CFLAGS := $(filter-out -mgeneral-regs-only,$(KRELOC_CFLAGS))

KRELOC_OFFSETS := $(KRELOC_O)/include/generated/kreloc-asm-offsets.h
KRELOC_VERSION_H := $(KRELOC_O)/include/kreloc/version.h
KRELOC_GENERATED := $(KRELOC_OFFSETS) $(KRELOC_VERSION_H)
KRELOC_STUB_OBJS := $(KRELOC_STUB_SRCS:%.S=$(KRELOC_O)/%.o)
KRELOC_BLOB_ELF := $(KRELOC_O)/kreloc-stub.elf
KRELOC_BLOB_BIN := $(KRELOC_O)/kreloc-stub.bin
KRELOC_BLOB_OBJ := $(KRELOC_O)/src/blob.o

# Quiet by default, like the rest of the build; KRELOC_Q= shows commands.
KRELOC_Q ?= @
KRELOC_SAY ?= @printf '  %-7s %s\n'

# What makes each generated file, besides its sources.
KRELOC_DEPS ?= $(KRELOC_DIR)/kreloc.mk

# The stub reads the argument block through offsets generated from C.
$(KRELOC_O)/src/asm-offsets.s: $(KRELOC_DIR)/src/asm-offsets.c \
		$(KRELOC_DIR)/src/abi-offsets.h $(KRELOC_DIR)/include/kreloc/abi.h \
		$(KRELOC_DEPS)
	@mkdir -p $(@D)
	$(KRELOC_SAY) CC $@
	$(KRELOC_Q)$(KRELOC_CC) $(KRELOC_CPPFLAGS) $(KRELOC_CFLAGS) \
		$(KRELOC_EXTRA_CFLAGS) -S -o $@ $<

$(KRELOC_OFFSETS): $(KRELOC_O)/src/asm-offsets.s \
		$(KRELOC_DIR)/scripts/gen-asm-offsets.sh
	@mkdir -p $(@D)
	$(KRELOC_SAY) GEN $@
	$(KRELOC_Q)$(KRELOC_DIR)/scripts/gen-asm-offsets.sh $< $@

# KRELOC_VERSION and its parts, from the one VERSION file.
$(KRELOC_VERSION_H): $(KRELOC_DIR)/VERSION $(KRELOC_DIR)/scripts/gen-version.sh
	@mkdir -p $(@D)
	$(KRELOC_SAY) GEN $@
	$(KRELOC_Q)$(KRELOC_DIR)/scripts/gen-version.sh $< $@

$(KRELOC_O)/asm/%.o: $(KRELOC_DIR)/asm/%.S $(KRELOC_OFFSETS) $(KRELOC_DEPS)
	@mkdir -p $(@D)
	$(KRELOC_SAY) AS $@
	$(KRELOC_Q)$(KRELOC_CC) $(KRELOC_CPPFLAGS) $(KRELOC_EXTRA_ASFLAGS) \
		-MMD -MP -c -o $@ $<

# -pie makes an absolute reference a link error instead of a silent 0;
# the link script refuses GOT, PLT, data and bss, and checks the size.
$(KRELOC_BLOB_ELF): $(KRELOC_STUB_OBJS) $(KRELOC_DIR)/linker/kreloc-stub.lds \
		$(KRELOC_DIR)/scripts/check-stub-relocs.sh
	$(KRELOC_SAY) LD $@
	$(KRELOC_Q)$(KRELOC_DIR)/scripts/check-stub-relocs.sh $(KRELOC_READELF) \
		$(KRELOC_STUB_OBJS)
	$(KRELOC_Q)$(KRELOC_LD) -pie --no-dynamic-linker -z norelro \
		--orphan-handling=error --fatal-warnings \
		-T $(KRELOC_DIR)/linker/kreloc-stub.lds -o $@ $(KRELOC_STUB_OBJS)
	$(KRELOC_Q)if $(KRELOC_READELF) -rW $@ | grep -q R_AARCH64; then \
		echo "kreloc: $@ has dynamic relocations" >&2; rm -f $@; exit 1; fi

$(KRELOC_BLOB_BIN): $(KRELOC_BLOB_ELF)
	$(KRELOC_SAY) OBJCOPY $@
	$(KRELOC_Q)$(KRELOC_OBJCOPY) -O binary -j .text $< $@

$(KRELOC_BLOB_OBJ): $(KRELOC_DIR)/src/blob.S $(KRELOC_BLOB_BIN) $(KRELOC_DEPS)
	@mkdir -p $(@D)
	$(KRELOC_SAY) AS $@
	$(KRELOC_Q)$(KRELOC_CC) $(KRELOC_EXTRA_ASFLAGS) \
		-DKRELOC_STUB_BIN='"$(KRELOC_BLOB_BIN)"' -c -o $@ $<

.DEFAULT_GOAL := $(kreloc_default_goal)
