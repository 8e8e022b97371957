# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# kreloc. The usual knobs: CROSS_COMPILE (aarch64-linux-gnu-), LLVM=1 for
# clang + ld.lld + llvm-objcopy, O= build directory (build), V=1 for the
# full commands.
#
#   make            the blob, its embedding object, libkreloc.a, the tests
#   make demo       boot the bundled payload through the stub in QEMU
#   make check      every test, with both toolchains

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
BARE	:= -ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only \
	   -mstrict-align -fno-stack-protector -fno-asynchronous-unwind-tables \
	   -fno-unwind-tables $(GCC_ONLY)
INC	:= -Iinclude -I$(O)/include
CFLAGS	:= -std=c11 -O2 -g $(WARN) $(BARE) $(INC) -MMD -MP
ASFLAGS	:= $(WARN) $(INC) -MMD -MP

# --- the stub blob ----------------------------------------------------------

OFFSETS	:= $(O)/include/generated/kreloc-asm-offsets.h
STUB_OBJS := $(O)/asm/stub.o $(O)/asm/vectors.o

$(O)/src/asm-offsets.s: src/asm-offsets.c src/abi-offsets.h include/kreloc/abi.h $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) -std=c11 $(WARN) $(BARE) $(INC) -S -o $@ $<

$(OFFSETS): $(O)/src/asm-offsets.s scripts/gen-asm-offsets.sh
	@mkdir -p $(@D)
	$(quiet) GEN $@
	$(Q)scripts/gen-asm-offsets.sh $< $@

$(O)/asm/%.o: asm/%.S $(OFFSETS) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) AS $@
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<

$(O)/kreloc-stub.elf: $(STUB_OBJS) linker/kreloc-stub.lds scripts/check-stub-relocs.sh
	$(quiet) LD $@
	$(Q)scripts/check-stub-relocs.sh $(READELF) $(STUB_OBJS)
	$(Q)$(LD) -pie --no-dynamic-linker -z norelro --orphan-handling=error \
		--fatal-warnings -T linker/kreloc-stub.lds -o $@ $(STUB_OBJS)
	$(Q)if $(READELF) -rW $@ | grep -q R_AARCH64; then \
		echo "kreloc: $@ has dynamic relocations" >&2; rm -f $@; exit 1; fi

$(O)/kreloc-stub.bin: $(O)/kreloc-stub.elf
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary -j .text $< $@

# --- the host library (freestanding, for AArch64 hosts) ---------------------

LIB_SRCS := src/list.c src/idmap.c src/validate.c src/install.c src/image.c \
	    src/cpu.c src/strerror.c \
	    src/arch-aarch64.c src/abi-check.c
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o) $(O)/src/blob.o

$(O)/src/%.o: src/%.c $(OFFSETS) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(O)/src/blob.o: src/blob.S $(O)/kreloc-stub.bin $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) AS $@
	$(Q)$(CC) $(ASFLAGS) -DKRELOC_STUB_BIN='"$(O)/kreloc-stub.bin"' -c -o $@ $<

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

$(O)/$(T)/host/%.o: $(T)/host/%.c $(OFFSETS) $(MAKEDEPS)
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

# --- real kernels: the example bootloader, the initramfs's init ------------

EX := examples/linux-boot
EXAMPLE_OBJS := $(BM_OBJS) $(O)/$(EX)/boot.o

$(O)/$(EX)/%.o: $(EX)/%.c $(OFFSETS) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BM_CFLAGS) -fno-pie -c -o $@ $<

$(O)/linux-boot.elf: $(EXAMPLE_OBJS) $(O)/libkreloc.a $(BM_LDS)
	$(quiet) LD $@
	$(Q)$(LD) -static $(NORWX) -T $(BM_LDS) -o $@ \
		$(EXAMPLE_OBJS) $(O)/libkreloc.a

# /init: a static AArch64 Linux program, no libc.
$(O)/tests/linux/init: tests/linux/init.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) -std=c11 -O2 $(WARN) -ffreestanding -fno-builtin -nostdlib \
		-fno-pie -fno-stack-protector -mgeneral-regs-only -c -o $@.o $<
	$(Q)$(LD) -static -e _start -o $@ $@.o

$(O)/native/mkfiller: tests/linux/mkfiller.c $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -o $@ $<

linux-tools: $(O)/linux-boot.elf $(O)/tests/linux/init $(O)/native/mkfiller

# --- native builds: host unit tests (ASan + UBSan) and fuzzers ---------------

HOSTCC	?= cc
NATIVE	:= $(O)/native
SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
NATIVE_CFLAGS := -std=c11 -O1 -g $(WARN) $(INC) -Isrc -MMD -MP
NATIVE_LIB := src/list.c src/idmap.c src/validate.c src/install.c \
	      src/image.c src/cpu.c src/strerror.c src/arch-native.c \
	      src/abi-check.c
UNIT_SRCS := $(wildcard tests/unit/*.c)

$(NATIVE)/%.o: %.c $(OFFSETS) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) $(NATIVE_CFLAGS) $(SAN) -c -o $@ $<

$(NATIVE)/src/blob.o: src/blob.S $(O)/kreloc-stub.bin $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTAS $@
	$(Q)$(HOSTCC) -DKRELOC_STUB_BIN='"$(O)/kreloc-stub.bin"' -c -o $@ $<

NATIVE_OBJS := $(NATIVE_LIB:%.c=$(NATIVE)/%.o) $(NATIVE)/src/blob.o

$(NATIVE)/unit-tests: $(UNIT_SRCS:%.c=$(NATIVE)/%.o) $(NATIVE_OBJS)
	$(quiet) HOSTLD $@
	$(Q)$(HOSTCC) $(SAN) -o $@ $^ -lcmocka

unit: $(NATIVE)/unit-tests
	$(Q)$(NATIVE)/unit-tests

# libFuzzer needs clang. A small fake memory keeps each run quick.
FUZZCC	:= clang
FUZZ	:= $(O)/fuzz
FUZZ_CFLAGS := -std=c11 -O1 -g $(WARN) $(INC) -Isrc -DFAKE_SIZE='(1ull << 20)' \
	       -fsanitize=fuzzer-no-link,address,undefined \
	       -fno-sanitize-recover=all
FUZZ_LIB := $(NATIVE_LIB:%.c=$(FUZZ)/%.o) $(NATIVE)/src/blob.o \
	    $(FUZZ)/tests/unit/fake.o $(FUZZ)/tests/fuzz/sim.o
FUZZERS	:= $(FUZZ)/fuzz_plan $(FUZZ)/fuzz_headers

$(FUZZ)/%.o: %.c $(OFFSETS) $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) FUZZCC $@
	$(Q)$(FUZZCC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ)/fuzz_%: $(FUZZ)/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(quiet) FUZZLD $@
	$(Q)$(FUZZCC) -fsanitize=fuzzer,address,undefined -o $@ $^

fuzzers: $(FUZZERS)

# A long run of every fuzzer: FUZZ_SECONDS each (default 300).
fuzz: deps $(FUZZERS)
	$(Q)tests/fuzz/run-fuzz.sh $(FUZZ) $${FUZZ_SECONDS:-300}

# make bench: instruction counts under QEMU, and the host side's scaling.
$(O)/native/host-scale: tests/bench/host-scale.c $(NATIVE_LIB) $(NATIVE)/src/blob.o $(MAKEDEPS)
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) $(INC) -Isrc -o $@ \
		tests/bench/host-scale.c $(NATIVE_LIB) $(NATIVE)/src/blob.o -lm

bench: deps all $(O)/native/host-scale
	$(Q)$(O)/native/host-scale
	$(Q)tests/bench/run-bench.sh $(O)

# --- top-level targets --------------------------------------------------------

all: $(O)/kreloc-stub.bin $(O)/libkreloc.a $(O)/$(T)/harness.elf
	@printf '  %-7s %s: %s bytes\n' BLOB $(O)/kreloc-stub.bin \
		$$(wc -c < $(O)/kreloc-stub.bin)

deps:
	@scripts/deps.sh

# The whole matrix, once per toolchain, one closing line for all of it.
check: deps
	$(Q)$(MAKE) --no-print-directory O=$(O)/gcc LLVM= all linux-tools \
		$(O)/gcc/native/unit-tests $(O)/gcc/fuzz/fuzz_plan \
		$(O)/gcc/fuzz/fuzz_headers
	$(Q)$(MAKE) --no-print-directory O=$(O)/llvm LLVM=1 all
	$(Q)tests/run-all.sh $(O)

# make demo: the bundled payload. make demo KERNEL=Image [INITRD= DTB=
# APPEND= EL=1|2|2vhe|3 CPU= SMP= MEM=] or LINUX=debian: a real kernel.
demo: deps
	$(Q)$(MAKE) --no-print-directory all linux-tools
ifneq ($(KERNEL)$(LINUX),)
	$(Q)KERNEL='$(KERNEL)' LINUX='$(LINUX)' INITRD='$(INITRD)' DTB='$(DTB)' \
		APPEND='$(APPEND)' EL='$(EL)' CPU='$(CPU)' SMP='$(SMP)' MEM='$(MEM)' \
		tests/linux/run-linux.sh --demo $(O)
else
	$(Q)tests/qemu/run-matrix.sh --demo $(O)
endif

clean:
	rm -rf $(O)

.PHONY: all deps check demo clean unit fuzz fuzzers linux-tools bench
-include $(shell find $(O) -name '*.d' 2>/dev/null)
