#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-linux.sh BUILD: real Debian kernels booted through kreloc.
#
# Each case runs the demo, examples/linux-boot/boot-in-qemu.sh (what
# `make demo` runs), with an initramfs of this suite: its /init checks the
# filler file's checksum (krelocsum= on the command line) and prints a
# marker. A case passes when the marker and the kernel's own lines (the
# exception level, the CPUs) appear. KERNEL_4K= and KERNEL_16K= use local
# Images instead of Debian's; TIMEOUT= (seconds per boot) and QEMU= go to
# the demo. LINUX_ALL=1 adds the one boot make check leaves out (below).
#
# VERIFY= and CORRUPT= (issue 14): one boot of each kind runs with the
# stub's check of every segment's SHA-256 first, and two plans have one
# bit flipped after planning, at a random byte (SEED= to replay; printed):
# the stub must refuse with the file and its page named, and Linux must
# never start.
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
demo=$top/examples/linux-boot/boot-in-qemu.sh
work=$build/linux
mkdir -p "$work"
TIMEOUT=${TIMEOUT:-300}
suite=linux
# shellcheck source=tests/linux/lib.sh
source "$top/tests/linux/lib.sh"

# boot KERNEL INITRD SUM OPTION...: the demo's output in $out, status in $rc
boot() {
	local kernel=$1 rd=$2 s=$3
	shift 3
	started=$SECONDS
	out=$("$demo" "$build" KERNEL="$kernel" INITRD="$rd" APPEND="krelocsum=$s" \
		TIMEOUT="$TIMEOUT" "$@" 2>&1 </dev/null)
	rc=$?
}

# LINUX_ALL=1: also the boot that repeats another's park path (the 6.1
# spin-table boot at EL2 with VHE, 50 s here): 15 cases instead of 14.
all=${LINUX_ALL:-0}
if [ "$all" = 1 ]; then
	boots=15
else
	boots=14
	echo "linux: 14 of 15 cases (LINUX_ALL=1 or make check-full: all 15)"
fi
if ! kernels; then
	echo "linux: 0 passed, $boots failed"
	exit 1
fi
initramfs small $((1 << 20)); small=$initrd small_sum=$sum
initramfs big $((100 << 20)); big=$initrd big_sum=$sum
marker="kreloc-init: reached userspace"
intact() { printf 'initramfs filler of 0x%016x bytes intact' "$1"; }

boot "$K4" "$big" "$big_sum" EL=1 CPU=cortex-a72
check "6.1 (4K) at EL1, cortex-a72, 100 MiB initramfs" 0 "$marker" \
	"CPU: All CPU(s) started at EL1" "$(intact $((100 << 20)))"

boot "$K4" "$small" "$small_sum" EL=2 CPU=cortex-a72 SMP=2 VERIFY=1
check "6.1 (4K) at EL2 without VHE, cortex-a72, -smp 2, VERIFY=1" 0 "$marker" \
	"CPU: All CPU(s) started at EL2" "SMP: Total of 2 processors activated" \
	"boot: digest for segment 0 (kernel)" "boot: digest for segment 1 (initrd)" \
	"boot: digest for segment 2 (dtb)" "boot: entering the stub (verify)" \
	"kreloc: verify 3 digests ok"

# KERNEL_LOAD= (issue 15): the kernel loaded 1 MiB below where it runs
# (the demo then puts it at 0x40a00000), overlapping its own destination:
# the bootloader plans it in place with kreloc_list_plan(), no bounce
# page for a shift.
boot "$K4" "$small" "$small_sum" EL=2 CPU=cortex-a72 KERNEL_LOAD=0x40900000
check "6.1 (4K) at EL2 without VHE, loaded 1 MiB below its destination" 0 \
	"$marker" "CPU: All CPU(s) started at EL2" \
	"boot: in place: a file is loaded over a destination" \
	"bounce pages: 0 for cycles" "boot: kernel loaded at 0x40900000" \
	"placed at 0x40a00000"

# KERNEL_LOAD= and INITRD_LOAD= (issue 15): the kernel loaded where the
# initrd must go, the initrd where the kernel must run, both addresses
# from the Image's header as the demo places them with either knob (the
# kernel at 0x40a00000 + text_offset, the DTB in the first 2 MiB after
# image_size, the initrd 2 MiB above it): each page of the initrd, loaded
# where a kernel page goes, and the kernel page loaded where that initrd
# page goes form a two-page cycle, which the planner breaks with its one
# bounce page. With VERIFY=1: the plan's one digest covers the bounce
# copies too.
u64() { od -An -v -t u8 --endian=little -j "$2" -N 8 "$1" | tr -d ' '; }
text_offset=$(u64 "$K4" 8) image_size=$(u64 "$K4" 16)
if [ "$image_size" = 0 ]; then		# before 3.17, as the demo reads it
	text_offset=$((0x80000)) image_size=$(stat -c %s "$K4")
fi
kdest=$((0x40a00000 + text_offset))
rdest=$(( (kdest + image_size + (2 << 20) - 1) / (2 << 20) * (2 << 20) + (2 << 20) ))
boot "$K4" "$small" "$small_sum" EL=1 CPU=cortex-a72 VERIFY=1 \
	KERNEL_LOAD="$rdest" INITRD_LOAD="$kdest"
check "6.1 (4K) at EL1, kernel and initrd loaded where the other goes (cycles), VERIFY=1" 0 \
	"$marker" "CPU: All CPU(s) started at EL1" \
	"boot: in place: a file is loaded over a destination" \
	"bounce pages: 1 for cycles (at " "kreloc: verify 1 digests ok" \
	"$(printf 'boot: kernel loaded at 0x%x (%s bytes), placed at 0x%x' \
		"$rdest" "$(stat -c %s "$K4")" "$kdest")" \
	"$(printf 'boot: initrd loaded at 0x%x (%s bytes), placed at 0x%x' \
		"$kdest" "$(stat -c %s "$small")" "$rdest")"

# spin-table: the bootloader parks CPUs 1-3 in kreloc's park entry (CPU 1
# with its MMU on), the DTB names their slots; the new kernel releases
# them. QEMU's PSCI would refuse to start a CPU that is already on, so
# all four up means spin-table did it.
parked="boot: 3 secondary CPU(s) parked for spin-table (CPU 1 with its MMU on)"
boot "$K16" "$small" "$small_sum" EL=2vhe CPU=max SMP=4 ENABLE=spin-table
check "6.12 (16K) at EL2 with VHE, -cpu max, -smp 4 spin-table" 0 "$marker" \
	"CPU: All CPU(s) started at EL2" "boot: EL2 (VHE)" "kernel pages 16K" \
	"$parked" "SMP: Total of 4 processors activated"

boot "$K4" "$small" "$small_sum" EL=1 CPU=cortex-a72 SMP=4 ENABLE=spin-table
check "6.1 (4K) at EL1, cortex-a72, -smp 4 spin-table" 0 "$marker" \
	"CPU: All CPU(s) started at EL1" "$parked" \
	"SMP: Total of 4 processors activated"

boot "$K4" "$small" "$small_sum" EL=2 CPU=cortex-a72 SMP=4 ENABLE=spin-table
check "6.1 (4K) at EL2 without VHE, cortex-a72, -smp 4 spin-table" 0 "$marker" \
	"CPU: All CPU(s) started at EL2" "boot: EL2 (no VHE)" "$parked" \
	"SMP: Total of 4 processors activated"

# The same park path as the 6.12 boot above (EL2 with VHE, -cpu max, 3
# CPUs parked), with the other kernel: LINUX_ALL=1 (make check-full) only.
if [ "$all" = 1 ]; then
	boot "$K4" "$small" "$small_sum" EL=2vhe CPU=max SMP=4 ENABLE=spin-table
	check "6.1 (4K) at EL2 with VHE, -cpu max, -smp 4 spin-table" 0 "$marker" \
		"CPU: All CPU(s) started at EL2" "boot: EL2 (VHE)" "$parked" \
		"SMP: Total of 4 processors activated"
fi

boot "$K16" "$small" "$small_sum" EL=1 CPU=max SMP=2
check "6.12 (16K) at EL1, -cpu max, -smp 2" 0 "$marker" \
	"CPU: All CPU(s) started at EL1" "SMP: Total of 2 processors activated"

boot "$K16" "$small" "$small_sum" EL=1 CPU=cortex-a72
check "6.12 (16K) refused on cortex-a72 (no 16K granule)" 3 \
	"boot: kernel refused: KRELOC_E_IMAGE_PAGE"

# CORRUPT=: a bit flipped after planning, at a random byte of the initrd
# (EL1, the SHA-256 instructions) and of the kernel (EL2 with VHE, the
# stub's software SHA-256). The stub refuses before it moves a byte: the
# bootloader names the file, the page's destination and its offset in the
# file, and Linux never starts.
SEED=${SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
echo "linux: CORRUPT offsets from SEED=$SEED"
# rand N: $r, 0 to N - 1 (in this shell: a subshell's RANDOM is reseeded)
rand() { r=$(( ((RANDOM << 30) | (RANDOM << 15) | RANDOM) % $1 )); }
# corrupted NAME FILE_SIZE WHAT OPTION...: boot with CORRUPT=NAME:<random>,
# expect the refusal of that byte's 4 KiB page
corrupted() {
	local what=$1 size=$2 name=$3 off dest page
	shift 3
	rand "$size"
	off=$r
	boot "$K4" "$small" "$small_sum" VERIFY=1 CORRUPT="$what:$off" "$@"
	dest=$(sed -n "s/^boot: $what loaded at .*, placed at \(0x[0-9a-f]*\).*/\1/p" <<<"$out")
	page=$((off / 4096 * 4096))
	check "$name, byte $off (seed $SEED)" 7 \
		"boot: corrupt: flipped bit 0 of byte $off of the $what" \
		"the $what (segment " "is not what was planned" \
		"$(printf 'first at the page for 0x%x (offset 0x%x of the %s)' \
			$((${dest:-0} + page)) "$page" "$what")" \
		"demo: the stub refused: the $what" \
		"every destination byte is as it was" "!Booting Linux" "!$marker"
}
corrupted initrd "$(stat -c %s "$small")" \
	"6.1 (4K) at EL1, cortex-a72, CORRUPT=initrd: refused" EL=1 CPU=cortex-a72
corrupted kernel "$(stat -c %s "$K4")" \
	"6.1 (4K) at EL2 with VHE, -cpu max, VERIFY=soft, CORRUPT=kernel: refused" \
	EL=2vhe CPU=max VERIFY=soft

# The demo places a 160 MiB initramfs by its size, in 2 GiB given as QEMU
# writes it.
initramfs huge $((160 << 20)); huge=$initrd huge_sum=$sum
boot "$K4" "$huge" "$huge_sum" MEM=2G
check "6.1 (4K) at EL2, 160 MiB initramfs placed by the demo, MEM=2G" 0 \
	"$marker" "$(intact $((160 << 20)))" "2048 MiB"
rm -f "$huge"

# A 1-byte initrd is placed and moved like any other; Linux then has no
# root and panics, which the demo reports.
printf x >"$work/one-byte"
boot "$K4" "$work/one-byte" "" MEM=512M
check "6.1 (4K) with a 1-byte initrd: placed, then Linux panics" 1 \
	"boot: initrd loaded at" "(1 bytes), placed at" \
	"Initramfs unpacking failed" "demo: Linux panicked"

# The least RAM the demo accepts for the 100 MiB initramfs is enough for
# Linux to unpack it.
need=$("$demo" "$build" KERNEL="$K4" INITRD="$big" MEM=64M 2>&1 >/dev/null |
	sed -n 's/.*give MEM=\([0-9]*\)M or more$/\1/p')
boot "$K4" "$big" "$big_sum" MEM="${need:-0}M"
check "6.1 (4K), 100 MiB initramfs, MEM=${need:-?}M: the least the demo takes" 0 \
	"$marker" "$(intact $((100 << 20)))"

echo "linux: $passed passed, $failed failed"
[ "$failed" = 0 ]
