# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# kreloc. The usual knobs: CROSS_COMPILE (aarch64-linux-gnu-), LLVM=1 for
# clang + ld.lld + llvm-objcopy, O= build directory (build), V=1 for the
# full commands.
#
#   make            the blob, its embedding object, libkreloc.a, the tests
#   make demo       boot the bundled payload through the stub in QEMU
#   make check      every test, with both toolchains
#   make help       every target and knob

.DEFAULT_GOAL := all
O ?= build
V ?= 0
CROSS_COMPILE ?= aarch64-linux-gnu-

# Everything built for AArch64 is freestanding: it is compiled against an
# empty sysroot, so a target libc's headers that happen to be installed
# (libc6-dev-arm64-cross) can never be picked up by accident.
NO_SYSROOT := --sysroot=$(O)/empty-sysroot

ifeq ($(LLVM),1)
CC	:= clang --target=aarch64-none-elf $(NO_SYSROOT)
LD	:= ld.lld
AR	:= llvm-ar
OBJCOPY	:= llvm-objcopy
READELF	:= llvm-readelf
NORWX	:=
else
CC	:= $(CROSS_COMPILE)gcc $(NO_SYSROOT)
LD	:= $(CROSS_COMPILE)ld
AR	:= $(CROSS_COMPILE)ar
OBJCOPY	:= $(CROSS_COMPILE)objcopy
READELF	:= $(CROSS_COMPILE)readelf
NORWX	:= --no-warn-rwx-segments
GCC_ONLY := -fno-tree-loop-distribute-patterns
endif

ifeq ($(V),1)
Q :=
quiet := @:
else
Q := @
quiet := @printf '  %-7s %s\n'
endif

# Every file the build reads: objects are rebuilt when these change.
MAKEDEPS := Makefile

WARN	:= -Wall -Wextra -Werror
# Target C: the flags kreloc.mk gives the library, for every AArch64 program.
BARE	= $(KRELOC_CFLAGS) -nostdlib $(GCC_ONLY)
INC	:= -Iinclude -I$(O)/include
CFLAGS	= -O2 -g $(WARN) $(BARE) $(INC) -MMD -MP
ASFLAGS	:= $(WARN) $(INC) -MMD -MP

# --- the stub blob and the host library (kreloc.mk) --------------------------
# kreloc.mk lists the sources and makes the generated headers and the blob;
# drop-in builds elsewhere use the same fragment.

KRELOC_DIR := .
KRELOC_O := $(O)
KRELOC_CC = $(CC)
KRELOC_LD = $(LD)
KRELOC_OBJCOPY = $(OBJCOPY)
KRELOC_READELF = $(READELF)
KRELOC_EXTRA_CFLAGS = $(WARN)
KRELOC_EXTRA_ASFLAGS = $(WARN)
KRELOC_Q = $(Q)
KRELOC_SAY = $(quiet)
KRELOC_DEPS = kreloc.mk $(MAKEDEPS)
include kreloc.mk

GENERATED := $(KRELOC_GENERATED)
LIB_SRCS := $(KRELOC_SRCS) $(KRELOC_ARCH_SRCS)
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o) $(KRELOC_BLOB_OBJ)

$(O)/src/%.o: src/%.c $(GENERATED) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# SHA-256 with the CPU's instructions, for hosts that enable FP/SIMD
# (arch-aarch64.c checks at run time; the rest of the library stays
# general-purpose registers only).
$(O)/src/sha256-ce.o: BARE = $(KRELOC_SIMD_CFLAGS) -nostdlib $(GCC_ONLY)

$(O)/libkreloc.a: $(LIB_OBJS)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# --- bare-metal programs for QEMU virt -------------------------------------
# examples/baremetal: the runtime the test host and the example bootloader
# share (entry, semihosting, command line, memcpy/memset, link script).

BM := examples/baremetal
BM_OBJS := $(O)/$(BM)/start.o $(O)/$(BM)/print.o $(O)/$(BM)/cmdline.o \
	   $(O)/$(BM)/libc.o
BM_LDS := $(BM)/baremetal.lds
BM_CFLAGS := $(CFLAGS) -Iexamples

$(O)/$(BM)/%.o: $(BM)/%.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fno-pie -c -o $@ $<
$(O)/$(BM)/%.o: $(BM)/%.S $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) AS $@
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<

T := tests/qemu
PAYLOAD_OBJS := $(O)/$(T)/payload/start.o $(O)/$(T)/payload/main.o \
		$(O)/$(T)/payload/print.o
HARNESS_OBJS := $(BM_OBJS) $(O)/$(T)/host/payload.o $(O)/$(T)/host/main.o \
		$(O)/$(T)/host/bench.o $(O)/$(T)/host/baselines.o \
		$(O)/$(T)/host/mmu.o

# The payload is position independent, so it gets its own print.o.
$(O)/$(T)/payload/%.o: $(T)/payload/%.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fpie -fvisibility=hidden -c -o $@ $<
$(O)/$(T)/payload/print.o: $(BM)/print.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fpie -fvisibility=hidden -c -o $@ $<
$(O)/$(T)/payload/%.o: $(T)/payload/%.S $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) AS $@
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<

$(O)/$(T)/payload.elf: $(PAYLOAD_OBJS) $(T)/payload/payload.lds
	$(quiet) LD $@
	$(Q)$(LD) -pie --no-dynamic-linker -z norelro $(NORWX) \
		-T $(T)/payload/payload.lds -o $@ $(PAYLOAD_OBJS)

$(O)/$(T)/payload.bin: $(O)/$(T)/payload.elf
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary -j .text $< $@

$(O)/$(T)/host/%.o: $(T)/host/%.c $(GENERATED) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fno-pie -c -o $@ $<
$(O)/$(T)/host/baselines.o: $(T)/host/baselines.S $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) AS $@
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<
$(O)/$(T)/host/payload.o: $(T)/host/payload.S $(O)/$(T)/payload.bin $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) AS $@
	$(Q)$(CC) $(ASFLAGS) -DPAYLOAD_BIN='"$(O)/$(T)/payload.bin"' -c -o $@ $<

$(O)/$(T)/harness.elf: $(HARNESS_OBJS) $(O)/libkreloc.a $(BM_LDS)
	$(quiet) LD $@
	$(Q)$(LD) -static $(NORWX) -T $(BM_LDS) -o $@ \
		$(HARNESS_OBJS) $(O)/libkreloc.a

# The SHA-256 instruction path, which native tests cannot run: checked
# against the C path in QEMU at each EL (tests/unit/target/run.sh).
SHA_TARGET_OBJS := $(BM_OBJS) $(O)/tests/unit/target/sha256-target.o
$(O)/tests/unit/target/%.o: tests/unit/target/%.c $(GENERATED) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fno-pie -c -o $@ $<
$(O)/sha256-target.elf: $(SHA_TARGET_OBJS) $(O)/libkreloc.a $(BM_LDS)
	$(quiet) LD $@
	$(Q)$(LD) -static $(NORWX) -T $(BM_LDS) -o $@ \
		$(SHA_TARGET_OBJS) $(O)/libkreloc.a

unit-target: $(O)/sha256-target.elf
	$(Q)tests/unit/target/run.sh $(O)

# --- real kernels: the example bootloader, the initramfs's init ------------

EX := examples/linux-boot
EXAMPLE_OBJS := $(BM_OBJS) $(O)/$(EX)/boot.o

$(O)/$(EX)/%.o: $(EX)/%.c $(GENERATED) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fno-pie -c -o $@ $<

$(O)/linux-boot.elf: $(EXAMPLE_OBJS) $(O)/libkreloc.a $(BM_LDS)
	$(quiet) LD $@
	$(Q)$(LD) -static $(NORWX) -T $(BM_LDS) -o $@ \
		$(EXAMPLE_OBJS) $(O)/libkreloc.a

# The tests' /init programs: static AArch64 Linux programs, no libc.
# kexec-init edits the DTB with the module's fdt-edit.c, on the bare-metal
# runtime's string functions.
LINUX_INITS := $(O)/tests/linux/init $(O)/tests/kexec/kexec-init
INIT_CFLAGS := -std=c11 -O2 $(WARN) -ffreestanding -fno-builtin -nostdlib \
	       -fno-pie -fno-stack-protector -mgeneral-regs-only -Iexamples
define init_prog
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)set -e; objs=; for f in $(1); do o=$@-$${f##*/}.o; \
		$(CC) $(INIT_CFLAGS) -c -o $$o $$f; objs="$$objs $$o"; done; \
	$(LD) -static -e _start -o $@ $$objs
endef
$(O)/tests/linux/init: tests/linux/init.c tests/linux/user.h $(MAKEDEPS)
	$(call init_prog,$<)
$(O)/tests/kexec/kexec-init: tests/kexec/kexec-init.c tests/linux/user.h \
		examples/linux-kexec/fdt-edit.c examples/linux-kexec/fdt-edit.h \
		examples/baremetal/libc.c examples/baremetal/libc.h $(MAKEDEPS)
	$(call init_prog,$< examples/linux-kexec/fdt-edit.c examples/baremetal/libc.c)

$(O)/native/mkfiller: tests/linux/mkfiller.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -o $@ $<

linux-tools: $(O)/linux-boot.elf $(LINUX_INITS) $(O)/native/mkfiller

# --- native builds: host unit tests (ASan + UBSan) and fuzzers ---------------

HOSTCC	?= cc
NATIVE	:= $(O)/native
SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
NATIVE_CFLAGS := -std=c11 -O1 -g $(WARN) $(INC) -Isrc -MMD -MP
NATIVE_LIB := $(KRELOC_SRCS) src/arch-native.c
UNIT_SRCS := $(filter-out tests/unit/sha256-segment.c,$(wildcard tests/unit/*.c))

$(NATIVE)/%.o: %.c $(GENERATED) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) $(NATIVE_CFLAGS) $(SAN) -c -o $@ $<

$(NATIVE)/src/blob.o: src/blob.S $(O)/kreloc-stub.bin $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTAS $@
	$(Q)$(HOSTCC) -DKRELOC_STUB_BIN='"$(O)/kreloc-stub.bin"' -c -o $@ $<

NATIVE_OBJS := $(NATIVE_LIB:%.c=$(NATIVE)/%.o) $(NATIVE)/src/blob.o
# the kexec module's DTB rewriter, tested natively too
FDT_EDIT := examples/linux-kexec/fdt-edit.c

$(NATIVE)/unit-tests: $(UNIT_SRCS:%.c=$(NATIVE)/%.o) $(NATIVE_OBJS) \
		$(NATIVE)/$(FDT_EDIT:.c=.o)
	$(quiet) HOSTLD $@
	$(Q)$(HOSTCC) $(SAN) -o $@ $^ -lcmocka

unit: $(NATIVE)/unit-tests
	$(Q)$(NATIVE)/unit-tests

# kreloc's SHA-256 of real segments against sha256sum (tests/unit/sha256sum.sh)
$(NATIVE)/sha256-segment: $(NATIVE)/tests/unit/sha256-segment.o \
		$(NATIVE)/tests/unit/fake.o $(NATIVE_OBJS)
	$(quiet) HOSTLD $@
	$(Q)$(HOSTCC) $(SAN) -o $@ $^

unit-sha256sum: $(NATIVE)/sha256-segment $(O)/kreloc-stub.bin
	$(Q)tests/unit/sha256sum.sh $(O)

# tests/fdt/run-fdt.sh's fdt_edit() on a file
$(NATIVE)/fdtedit: $(NATIVE)/tests/fdt/fdtedit.o $(NATIVE)/$(FDT_EDIT:.c=.o)
	$(quiet) HOSTLD $@
	$(Q)$(HOSTCC) $(SAN) -o $@ $^

# libFuzzer needs clang. A small fake memory keeps each run quick.
FUZZCC	:= clang
FUZZ	:= $(O)/fuzz
FUZZ_CFLAGS := -std=c11 -O1 -g $(WARN) $(INC) -Isrc -DFAKE_SIZE='(1ull << 20)' \
	       -DKRELOC_CHECK_WINDOW_WORDS=1 \
	       -fsanitize=fuzzer-no-link,address,undefined \
	       -fno-sanitize-recover=all
FUZZ_LIB := $(NATIVE_LIB:%.c=$(FUZZ)/%.o) $(NATIVE)/src/blob.o \
	    $(FUZZ)/tests/unit/fake.o $(FUZZ)/tests/fuzz/sim.o
FUZZERS	:= $(FUZZ)/fuzz_plan $(FUZZ)/fuzz_headers $(FUZZ)/fuzz_fdt

$(FUZZ)/%.o: %.c $(GENERATED) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) FUZZCC $@
	$(Q)$(FUZZCC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ)/fuzz_%: $(FUZZ)/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(quiet) FUZZLD $@
	$(Q)$(FUZZCC) -fsanitize=fuzzer,address,undefined -o $@ $^

# fuzz_fdt: the kexec module's DTB rewriter, read back by the unit tests' reader
$(FUZZ)/fuzz_fdt: $(FUZZ)/$(FDT_EDIT:.c=.o) $(FUZZ)/tests/unit/dtb.o

# SHA-256's rounds teach the fuzzer nothing (every input runs them all
# alike), yet traced and sanitized they made fuzz_plan 30 times slower;
# the unit tests run them under ASan and UBSan.
$(FUZZ)/src/sha256.o: FUZZ_CFLAGS := $(filter-out -O1 \
	-fsanitize=%,$(FUZZ_CFLAGS)) -O2

fuzzers: $(FUZZERS)

# Keep the objects: the fuzzers relink without a full rebuild.
.SECONDARY: $(FUZZ_LIB) $(FUZZERS:$(FUZZ)/%=$(FUZZ)/tests/fuzz/%.o)

# A long run of every fuzzer: FUZZ_SECONDS each (default 300), from the
# in-tree corpus (tests/fuzz/corpus); what they learn is merged back into
# it, minimized, for a developer to commit.
fuzz: deps $(FUZZERS)
	$(Q)tests/fuzz/run-fuzz.sh --merge $(FUZZ) $${FUZZ_SECONDS:-300}

# Every mutant (make check runs a sample of them; MUTANTS_SEED= replays one).
mutants: deps
	$(Q)tests/mutants.sh $(O)/mutants

# make bench: instruction counts under QEMU, and the host side's scaling.
$(O)/native/host-scale: tests/bench/host-scale.c $(NATIVE_LIB) $(NATIVE)/src/blob.o $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) $(INC) -Isrc -o $@ \
		tests/bench/host-scale.c $(NATIVE_LIB) $(NATIVE)/src/blob.o -lm

# kexec-count, the QEMU plugin that counts a kexec's instructions: one per
# plugin API (QEMU up to 8.2 loads API 1, 9.0 on API 2 and up);
# run-kexec-bench.sh takes the one its QEMU loads.
KEXEC_COUNT := $(NATIVE)/kexec-count-api1.so $(NATIVE)/kexec-count-api2.so
$(NATIVE)/kexec-count-api%.so: tests/bench/kexec-count.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -fPIC -shared -fvisibility=hidden \
		-DKC_API=$* -o $@ $< -lpthread

# The in-place rows slide a 64 MiB image here (make check's run of
# run-bench.sh, 16 MiB: the same counts per MiB, a quarter of the time).
INPLACE_MIB ?= 64
bench: deps all linux-tools module $(O)/native/host-scale $(KEXEC_COUNT)
	$(Q)$(O)/native/host-scale
	$(Q)INPLACE_MIB=$(INPLACE_MIB) tests/bench/run-bench.sh $(O)
	$(Q)tests/bench/run-kexec-bench.sh $(O)

# --- the Linux module host: examples/linux-kexec ------------------------------
# kreloc_kexec.ko for Debian's arm64 6.1 kernel, the one the tests boot:
# Kbuild against its headers (scripts/fetch-kheaders.sh, into the kernel
# cache the tests use), with the GCC the kernel was built with. Kbuild 6.1
# writes objects next to their sources, so it runs in $(KX_O), which holds
# links to the module's files and to kreloc's (kreloc/, for the Kbuild's
# `include $(src)/kreloc/kreloc.mk`, whose rules Kbuild sees too: they find
# the generated files made here up to date); nothing is written in the
# tree. The outer command line (O=, LLVM=1, ...) is not the kernel's.

KX := examples/linux-kexec
KX_O := $(O)/linux-kexec
KRELOC_TOP := $(CURDIR)

module: MAKEOVERRIDES :=
module: $(KRELOC_GENERATED) $(KRELOC_BLOB_BIN)
	$(Q)set -e; mkdir -p $(KX_O)/kreloc/src; \
	for f in $(abspath $(wildcard $(KX)/*.[ch]) $(KX)/Kbuild $(KX)/shim); do \
		n=$${f##*/}; [ "$$n" != kreloc_kexec.c ] || n=kreloc_kexec_main.c; \
		ln -sfn "$$f" $(KX_O)/"$$n"; \
	done; \
	for f in VERSION kreloc.mk include asm linker scripts $(wildcard src/*); do \
		ln -sfn $(KRELOC_TOP)/"$$f" $(KX_O)/kreloc/"$$f"; \
	done; \
	find -L $(KX_O) $(KX_O)/kreloc/src -maxdepth 1 -type l -delete
	$(Q)kdir=$$(scripts/fetch-kheaders.sh \
		"$${KRELOC_CACHE:-$${XDG_CACHE_HOME:-$${HOME:-.}/.cache}/kreloc}") && \
	$(MAKE) --no-print-directory -C "$$kdir" M=$(abspath $(KX_O)) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS_COMPILE) O= LLVM= V=$(V) W=1 \
		KRELOC_O=$(abspath $(O)) modules

.PHONY: module

# --- top-level targets --------------------------------------------------------

all: $(O)/kreloc-stub.bin $(O)/libkreloc.a $(O)/$(T)/harness.elf \
	$(O)/sha256-target.elf
	@printf '  %-7s %s: %s bytes\n' BLOB $(O)/kreloc-stub.bin \
		$$(wc -c < $(O)/kreloc-stub.bin)

deps:
	@scripts/deps.sh

# The whole matrix, once per toolchain, one closing line for all of it.
check: deps
	$(Q)$(MAKE) --no-print-directory O=$(O)/gcc LLVM= all linux-tools module \
		$(O)/gcc/native/unit-tests $(O)/gcc/native/sha256-segment \
		$(O)/gcc/fuzz/fuzz_plan \
		$(O)/gcc/fuzz/fuzz_headers $(O)/gcc/fuzz/fuzz_fdt \
		$(O)/gcc/native/fdtedit
	$(Q)$(MAKE) --no-print-directory O=$(O)/llvm LLVM=1 all
	$(Q)tests/run-all.sh $(O)

# make check leaving nothing out: every mutant (check samples 8) and the
# real-kernel boot check leaves out (LINUX_ALL=1).
check-full:
	$(Q)$(MAKE) --no-print-directory check MUTANTS_SAMPLE=all LINUX_ALL=1

# The README's two commands in a fresh Debian bookworm root (needs root).
fresh-check:
	$(Q)tests/fresh/run.sh $(O)/fresh

# make demo: the bundled payload. make demo KERNEL=Image [INITRD= INIT= DTB=
# APPEND= EL=1|2|2vhe CPU= SMP= ENABLE=psci|spin-table MEM= VERIFY=0|1|soft
# CORRUPT=[NAME:]N KERNEL_LOAD=address INITRD_LOAD=address TIMEOUT=] or
# LINUX=debian: a real kernel, through examples/linux-boot/boot-in-qemu.sh
# (options: its header).
demo: deps
	$(Q)$(MAKE) --no-print-directory all linux-tools
ifneq ($(KERNEL)$(LINUX),)
	$(Q)examples/linux-boot/boot-in-qemu.sh $(O) $(foreach v,KERNEL LINUX \
		INITRD INIT DTB APPEND EL CPU SMP ENABLE MEM VERIFY CORRUPT KERNEL_LOAD \
		INITRD_LOAD QEMU TIMEOUT,'$(v)=$(subst ','\'',$($(v)))')
else
	$(Q)tests/qemu/run-matrix.sh --demo $(O)
endif

# make kexec-demo [KERNEL= INITRD= APPEND= OLD= VIA=kreloc|linux REFUSE= UART=pl011
# EL=1|2|2vhe CPU= SMP= MEM= TIMEOUT=]: a running Debian 6.1 kexecs into
# KERNEL (default: the same 6.1) in QEMU, through kreloc's module or
# Linux's own kexec (examples/linux-kexec/kexec-in-qemu.sh; options: its
# header). make kexec-tests: the kexec cases of tests/kexec/run-kexec.sh.
KEXEC_NEEDS = linux-tools $(if $(filter linux,$(VIA)),,module)
kexec-demo: deps
	$(Q)$(MAKE) --no-print-directory $(KEXEC_NEEDS)
	$(Q)examples/linux-kexec/kexec-in-qemu.sh $(O) $(foreach v,KERNEL INITRD \
		APPEND OLD VIA REFUSE UART EL CPU SMP MEM QEMU TIMEOUT,'$(v)=$(subst ','\'',$($(v)))')

kexec-tests: deps
	$(Q)$(MAKE) --no-print-directory $(KEXEC_NEEDS)
	$(Q)VIA='$(VIA)' tests/kexec/run-kexec.sh $(O)

# --- make install: headers, libkreloc.a, the blob, kreloc.pc -----------------
# GNU conventions: PREFIX, DESTDIR and the directory variables below.

PREFIX	?= /usr/local
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR	?= $(PREFIX)/lib
DATADIR	?= $(PREFIX)/share
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL	?= install

HEADERS	:= $(wildcard include/kreloc/*.h) $(KRELOC_VERSION_H)
# what is installed, as "source destination-directory destination-name"
INSTALLED := \
	$(foreach h,$(HEADERS),$(h):$(INCLUDEDIR)/kreloc:$(notdir $(h))) \
	$(O)/libkreloc.a:$(LIBDIR):libkreloc.a \
	$(KRELOC_BLOB_OBJ):$(LIBDIR)/kreloc:kreloc-blob.o \
	$(KRELOC_BLOB_BIN):$(DATADIR)/kreloc:kreloc-stub.bin \
	$(O)/kreloc.pc:$(PKGCONFIGDIR):kreloc.pc
# directories that only kreloc's files live in
OWN_DIRS := $(INCLUDEDIR)/kreloc $(LIBDIR)/kreloc $(DATADIR)/kreloc

$(O)/kreloc.pc: kreloc.pc.in VERSION $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) GEN $@
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@DATADIR@|$(DATADIR)|' \
		-e 's|@VERSION@|$(KRELOC_VERSION)|' $< > $@.tmp && mv $@.tmp $@

# The .pc file records PREFIX: remake it whenever the directories change.
$(O)/kreloc.pc: FORCE

install: $(foreach f,$(INSTALLED),$(word 1,$(subst :, ,$(f))))
	$(Q)set -e; for f in $(INSTALLED); do \
		src=$${f%%:*}; rest=$${f#*:}; dir=$${rest%%:*}; \
		printf '  %-7s %s\n' INSTALL "$(DESTDIR)$$dir/$${rest#*:}"; \
		$(INSTALL) -d "$(DESTDIR)$$dir"; \
		$(INSTALL) -m 644 "$$src" "$(DESTDIR)$$dir/$${rest#*:}"; \
	done

uninstall:
	$(Q)for f in $(INSTALLED); do \
		rest=$${f#*:}; \
		rm -f "$(DESTDIR)$${rest%%:*}/$${rest#*:}"; \
	done
	$(Q)for d in $(OWN_DIRS); do \
		[ ! -d "$(DESTDIR)$$d" ] || rmdir "$(DESTDIR)$$d" 2>/dev/null || \
			echo "uninstall: $(DESTDIR)$$d holds files kreloc did not install" >&2; \
	done

help:
	@echo 'kreloc $(KRELOC_VERSION). Targets:'
	@echo '  all           - the blob, libkreloc.a and the QEMU test host (default)'
	@echo '  demo          - build everything, boot the test payload through the stub'
	@echo '                  in QEMU; with KERNEL= or LINUX=debian, a real kernel:'
	@echo '                  KERNEL=Image INITRD= DTB= APPEND= EL=1|2|2vhe CPU= SMP= MEM='
	@echo '                  ENABLE=psci|spin-table (SMP>1: secondaries parked in kreloc)'
	@echo '                  VERIFY=1|soft (the stub checks SHA-256s first) CORRUPT=[NAME:]N'
	@echo '                  KERNEL_LOAD=address INITRD_LOAD=address (loaded over a'
	@echo '                  destination, or where the other goes: planned in place)'
	@echo '  kexec-demo    - a running Linux in QEMU kexecs into a next kernel through'
	@echo '                  kreloc'"'"'s module (VIA=linux: Linux'"'"'s own kexec):'
	@echo '                  KERNEL= INITRD= APPEND= OLD= EL=1|2|2vhe CPU= SMP= MEM='
	@echo '  check         - every test, with the GNU and the LLVM toolchain (a sample'
	@echo '                  of the mutants, MUTANTS_SEED= replays it; 14 of 15 real-kernel'
	@echo '                  boots); CHECK_JOBS=N suites at a time (default 2; 1 streams)'
	@echo '  check-full    - check with every mutant and every boot (MUTANTS_SAMPLE=all'
	@echo '                  LINUX_ALL=1, each also for check)'
	@echo '  fresh-check   - the README'"'"'s two commands in a new Debian root'
	@echo '  bench         - the stub against the methods it replaces, and a kexec'
	@echo '                  through the module against Linux'"'"'s own (instructions)'
	@echo '  fuzz          - the libFuzzer targets, FUZZ_SECONDS each (default 300)'
	@echo '  mutants       - every broken stub the tests must catch (check runs 8),'
	@echo '                  MUTANTS_JOBS=N at a time (default 2)'
	@echo '  module        - examples/linux-kexec'"'"'s kreloc_kexec.ko, for Debian'"'"'s arm64 6.1'
	@echo '  install       - headers, libkreloc.a, the blob and kreloc.pc'
	@echo '  uninstall     - remove exactly what install put in place'
	@echo '  clean         - remove the build directory'
	@echo '  deps          - install the tools the build and tests use (scripts/deps.sh)'
	@echo '  unit fuzzers linux-tools kexec-tests - parts of check, on their own'
	@echo 'Knobs:'
	@echo '  O=dir         - build directory (default: build)'
	@echo '  V=1           - show full commands'
	@echo '  LLVM=1        - clang, ld.lld and llvm-objcopy instead of GCC'
	@echo '  CROSS_COMPILE - GCC tool prefix (default: aarch64-linux-gnu-)'
	@echo '  QEMU=         - the qemu-system-aarch64 the tests run'
	@echo '  PREFIX= DESTDIR= INCLUDEDIR= LIBDIR= DATADIR= PKGCONFIGDIR= - for install'
	@echo 'Vendoring the sources instead of linking libkreloc.a: kreloc.mk.'

# For scripts: print-VAR prints a make variable as the build uses it.
print-%:
	@echo '$($*)'

clean:
	rm -rf $(O)

.PHONY: all deps check check-full demo kexec-demo kexec-tests clean unit unit-target unit-sha256sum fuzz fuzzers mutants linux-tools bench \
	install uninstall help fresh-check FORCE
FORCE:
# (not inside make fresh-check's Debian root, whose etc/*.d are folders)
-include $(shell find $(O) -path $(O)/fresh -prune -o -name '*.d' -type f -print 2>/dev/null)
