#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-demo.sh BUILD: what `make demo` does with what a user gives it, fast
# (no real kernel; tests/linux/run-linux.sh boots those).
#
#  - every bad option: exit 2, one line on stderr naming the option and
#    what is accepted, nothing on stdout, no shell error text;
#  - odd sizes and options that are fine: the demo script places a fake
#    arm64 Image (its first instructions exit QEMU with status 42 through
#    semihosting), the example bootloader accepts the plan and the stub
#    jumps to the Image; the RAM the script says is needed is exactly
#    enough;
#  - VERIFY= and CORRUPT=: the fake Image runs after the stub checked
#    every file's SHA-256; a bit flipped after planning (kernel, initrd,
#    dtb; a source page or a bounce page; at each EL) is refused, with the
#    file and the page named, and the fake Image never runs;
#  - the example bootloader's own checks, with addresses given by hand.
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
demo=$top/examples/linux-boot/boot-in-qemu.sh
QEMU=${QEMU:-qemu-system-aarch64}
export QEMU
work=$(mktemp -d "$build/run-demo.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL  $1: $2"
	sed 's/^/      | /' "$work/out" "$work/err" | tail -n 20
}

# Text no user should ever see from the script.
shell_noise='unbound variable|value too great|syntax error|command not found|integer expression|bad substitution|invalid arithmetic|: line [0-9]+:'

# bad NAME WANT ARGS...: exit 2, stdout empty, stderr one line with WANT.
bad() {
	local name=$1 want=$2
	shift 2
	"$demo" "$build" TIMEOUT=20 "$@" >"$work/out" 2>"$work/err" </dev/null
	local rc=$? lines
	lines=$(wc -l <"$work/err")
	if grep -Eq "$shell_noise" "$work/out" "$work/err"; then
		fail "$name" "shell error text"
	elif [ $rc != 2 ]; then
		fail "$name" "exit $rc, want 2"
	elif [ -s "$work/out" ] || [ "$lines" != 1 ]; then
		fail "$name" "want one line on stderr and none on stdout"
	elif ! grep -qF -- "$want" "$work/err"; then
		fail "$name" "no '$want'"
	else
		pass "$name: $(cat "$work/err")"
	fi
}

# demo_wants WANT... -- ARGS...: run the demo with ARGS; rc = its exit
# code, miss = the WANTs seen in neither output, noise = shell error text.
demo_wants() {
	local w wants=()
	while [ "$1" != -- ]; do
		wants+=("$1")
		shift
	done
	shift
	"$demo" "$build" TIMEOUT=60 "$@" >"$work/out" 2>"$work/err" </dev/null
	rc=$? miss='' noise=''
	for w in "${wants[@]}"; do
		grep -qF -- "$w" "$work/out" "$work/err" || miss="$miss '$w'"
	done
	grep -Eq "$shell_noise" "$work/out" "$work/err" && noise=1
}

# exited NAME RC: after demo_wants, 0 if the demo exited RC with each
# WANT seen and no shell error text; otherwise NAME fails, and 1.
exited() {
	if [ -n "$noise" ]; then
		fail "$1" "shell error text"
	elif [ "$rc" != "$2" ] || [ -n "$miss" ]; then
		fail "$1" "exit $rc (want $2)${miss:+, missing$miss}"
	else
		return 0
	fi
	return 1
}

# good NAME WANT... -- ARGS...: exit 42 (the fake Image ran), each WANT seen.
good() {
	local name=$1 rc miss noise
	shift
	demo_wants "$@"
	exited "$name" 42 && pass "$name"
}

# fake_image FILE TEXT_OFFSET IMAGE_SIZE FILE_SIZE: an arm64 Image header
# (4K pages) whose code exits QEMU with 42 (semihosting SYS_EXIT).
le32() {
	printf %b "$(printf '\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"
}
le64() { le32 $(($1 & 0xffffffff)); le32 $(($1 >> 32)); }
fake_image() {
	{
		le32 0x14000010; le32 0		# b +64
		le64 "$2"; le64 "$3"; le64 2	# text_offset, image_size, flags
		le64 0; le64 0; le64 0
		le32 0x644d5241; le32 0		# "ARM\x64"
		le32 0xd2800300			# movz x0, #0x18 (SYS_EXIT)
		le32 0x10000061			# adr x1, +12
		le32 0xd45e0000			# hlt #0xf000
		le32 0x14000000			# b .
		le64 0x20026; le64 42		# ApplicationExit, status 42
	} >"$1"
	truncate -s "$4" "$1"
}

k=$work/Image
fake_image "$k" 0 $((4 << 20)) 4096
fake_image "$work/Image-48M" 0 $((48 << 20)) 65536
fake_image "$work/Image-odd" $((0x80000)) $((3 << 20 | 123)) 12345
fake_image "$work/Image-1M" 0 $((4 << 20)) $((1 << 20))
head -c 5000 /dev/zero >"$work/text"
printf 'not a kernel\n' >"$work/notes.txt"
gzip -c "$k" >"$work/Image.gz"
: >"$work/empty"
head -c 1 /dev/urandom >"$work/rd1"
head -c 4096 /dev/urandom >"$work/rd4096"
head -c 4097 /dev/urandom >"$work/rd4097"
head -c $((5 << 20 | 1)) /dev/urandom >"$work/rd5M+1"
{ printf 070701; head -c $((40 << 20)) /dev/urandom; } >"$work/rd40M.cpio"

echo "== bad options"
bad "EL=4" "EL=4: unknown exception level; give EL=1, 2" KERNEL="$k" EL=4
bad "EL=3 with a Linux kernel" "EL=3: Linux does not run at EL3" KERNEL="$k" EL=3
bad "SMP=abc" "SMP=abc: not a CPU count; give 1 to 8" KERNEL="$k" SMP=abc
bad "SMP=0" "SMP=0: not a CPU count; give 1 to 8" KERNEL="$k" SMP=0
bad "SMP=9" "SMP=9: not a CPU count; give 1 to 8" KERNEL="$k" SMP=9
bad "SMP=-1" "SMP=-1: not a CPU count" KERNEL="$k" SMP=-1
bad "ENABLE=acpi" "ENABLE=acpi: unknown; give psci or spin-table" KERNEL="$k" ENABLE=acpi
bad "MEM=2X" "MEM=2X: not a size; give QEMU's -m syntax" KERNEL="$k" MEM=2X
bad "MEM=0" "MEM=0: no RAM at all" KERNEL="$k" MEM=0
bad "MEM=0G" "MEM=0G: no RAM at all" KERNEL="$k" MEM=0G
bad "MEM=1.5K" "MEM=1.5K: not a whole number of MiB" KERNEL="$k" MEM=1.5K
bad "MEM=256G" "MEM=256G: more than QEMU virt's 255G" KERNEL="$k" MEM=256G
bad "MEM=-1G" "MEM=-1G: not a size" KERNEL="$k" MEM=-1G
bad "MEM=08 (not octal)" "MEM=08 (8 MiB) is too small" KERNEL="$k" MEM=08
bad "KERNEL missing" "KERNEL=$work/nonesuch: no such file" KERNEL="$work/nonesuch"
bad "INITRD missing" "INITRD=$work/nonesuch: no such file" KERNEL="$k" INITRD="$work/nonesuch"
bad "DTB missing" "DTB=$work/nonesuch: no such file" KERNEL="$k" DTB="$work/nonesuch"
bad "KERNEL a directory" "KERNEL=$work: not a regular file" KERNEL="$work"
bad "KERNEL not an Image" "not an arm64 Image (no ARM\\x64 magic at offset 56)" KERNEL="$work/text"
bad "KERNEL too short" "too short for an arm64 Image header" KERNEL="$work/notes.txt"
bad "KERNEL gzip-compressed" "gzip-compressed; give the uncompressed arm64 Image" KERNEL="$work/Image.gz"
bad "INITRD empty" "INITRD=$work/empty: empty" KERNEL="$k" INITRD="$work/empty"
bad "DTB not a device tree" "not a flattened device tree" KERNEL="$k" DTB="$work/notes.txt"
bad "RAM too small for kernel + initrd" "MEM=48M (48 MiB) is too small" \
	KERNEL="$work/Image-48M" INITRD="$work/rd5M+1" MEM=48M
bad "RAM too small to unpack the initramfs" \
	"MEM=128M (128 MiB) is too small: Linux unpacks the initramfs (41 MiB)" \
	KERNEL="$k" INITRD="$work/rd40M.cpio" MEM=128M
bad "CPU unknown" "CPU=nonesuch: not an AArch64 CPU model" KERNEL="$k" CPU=nonesuch
bad "CPU 32-bit" "CPU=cortex-a15: not an AArch64 CPU model" KERNEL="$k" CPU=cortex-a15
bad "EL=2vhe on a CPU without VHE" "EL=2vhe: CPU=cortex-a72 has no VHE" \
	KERNEL="$k" EL=2vhe CPU=cortex-a72
bad "no kernel" "no kernel: give KERNEL=/path/to/Image or LINUX=debian"
bad "LINUX=ubuntu" "LINUX=ubuntu: unknown; give LINUX=debian" LINUX=ubuntu
bad "KERNEL and LINUX" "KERNEL= and LINUX=debian both given" KERNEL="$k" LINUX=debian
bad "unknown option" "unknown option 'FOO=1'" KERNEL="$k" FOO=1
bad "TIMEOUT=soon" "TIMEOUT=soon: not a number of seconds" KERNEL="$k" TIMEOUT=soon
bad "QEMU missing" "QEMU=$work/nonesuch: not found" KERNEL="$k" QEMU="$work/nonesuch"
bad "KERNEL_LOAD=abc" "KERNEL_LOAD=abc: not an address; give a 4 KiB-aligned address" \
	KERNEL="$k" KERNEL_LOAD=abc
bad "KERNEL_LOAD=-1" "KERNEL_LOAD=-1: not an address" KERNEL="$k" KERNEL_LOAD=-1
bad "KERNEL_LOAD off the page" "KERNEL_LOAD=0x40900800: not 4 KiB aligned" \
	KERNEL="$k" KERNEL_LOAD=0x40900800
bad "KERNEL_LOAD over the bootloader" \
	"KERNEL_LOAD=0x40200000: the kernel (4096 bytes) would not fit between the bootloader's end at 0x40800000" \
	KERNEL="$k" KERNEL_LOAD=0x40200000 MEM=128M
bad "KERNEL_LOAD past the RAM" "KERNEL_LOAD=8589934592: the kernel (4096 bytes) would not fit" \
	KERNEL="$k" KERNEL_LOAD=8589934592 MEM=128M
bad "INITRD_LOAD=abc" "INITRD_LOAD=abc: not an address; give a 4 KiB-aligned address" \
	KERNEL="$k" INITRD_LOAD=abc
bad "INITRD_LOAD=0x" "INITRD_LOAD=0x: not an address" KERNEL="$k" INITRD_LOAD=0x
bad "INITRD_LOAD off the page" "INITRD_LOAD=0x40a00800: not 4 KiB aligned" \
	KERNEL="$k" INITRD_LOAD=0x40a00800
bad "INITRD_LOAD over the bootloader" \
	"INITRD_LOAD=0x40200000: the initrd (4097 bytes) would not fit between the bootloader's end at 0x40800000 and the kernel's staging copy at" \
	KERNEL="$k" INITRD="$work/rd4097" INITRD_LOAD=0x40200000 MEM=128M
bad "INITRD_LOAD over the staging copies at the top" \
	"INITRD_LOAD=0x47ff0000: the initrd (4097 bytes) would not fit" \
	KERNEL="$k" INITRD="$work/rd4097" INITRD_LOAD=0x47ff0000 MEM=128M
bad "INITRD_LOAD past the RAM" "INITRD_LOAD=8589934592: the initrd (4097 bytes) would not fit" \
	KERNEL="$k" INITRD="$work/rd4097" INITRD_LOAD=8589934592 MEM=128M
bad "INITRD_LOAD over the kernel's KERNEL_LOAD" \
	"INITRD_LOAD=0x41000000: the initrd (4097 bytes, to 0x41001001) would overlap the kernel loaded at KERNEL_LOAD=0x41001000" \
	KERNEL="$k" INITRD="$work/rd4097" KERNEL_LOAD=0x41001000 INITRD_LOAD=0x41000000 MEM=128M
bad "KERNEL_LOAD over the DTB's staging copy, with INITRD_LOAD" \
	"KERNEL_LOAD=0x47ff0000: the kernel (4096 bytes) would not fit between the bootloader's end at 0x40800000 and the DTB's staging copy at" \
	KERNEL="$k" KERNEL_LOAD=0x47ff0000 INITRD_LOAD=0x41000000 MEM=128M
bad "VERIFY=2" "VERIFY=2: unknown; give 0 (no verification), 1" KERNEL="$k" VERIFY=2
bad "VERIFY=yes" "VERIFY=yes: unknown; give 0" KERNEL="$k" VERIFY=yes
bad "CORRUPT=abc" "CORRUPT=abc: not a byte offset; give [kernel:|initrd:|dtb:]N" \
	KERNEL="$k" VERIFY=1 CORRUPT=abc
bad "CORRUPT=-1" "CORRUPT=-1: not a byte offset" KERNEL="$k" VERIFY=1 CORRUPT=-1
bad "CORRUPT=0x" "CORRUPT=0x: not a byte offset" KERNEL="$k" VERIFY=1 CORRUPT=0x
bad "CORRUPT=stack:8" "CORRUPT=stack:8: not a byte offset" KERNEL="$k" VERIFY=1 CORRUPT=stack:8
bad "CORRUPT= without VERIFY" "CORRUPT=12 needs VERIFY=1 or VERIFY=soft" KERNEL="$k" CORRUPT=12
bad "CORRUPT= with VERIFY=0" "CORRUPT=initrd:12 needs VERIFY=1 or VERIFY=soft" \
	KERNEL="$k" VERIFY=0 CORRUPT=initrd:12
bad "CORRUPT= one past the initrd" \
	"CORRUPT=4097: byte 4097 is past the end of the initrd (4097 bytes); give 0 to 4096" \
	KERNEL="$k" INITRD="$work/rd4097" VERIFY=1 CORRUPT=4097
bad "CORRUPT= past the kernel" "byte 4096 is past the end of the kernel (4096 bytes)" \
	KERNEL="$k" VERIFY=1 CORRUPT=kernel:0x1000
bad "CORRUPT= past the dtb" "CORRUPT=dtb:0x200000: byte 2097152 is past the end of the dtb" \
	KERNEL="$k" VERIFY=soft CORRUPT=dtb:0x200000

echo "== sizes and options that are fine (a fake Image exits 42)"
good "MEM=2g" "2048 MiB" -- KERNEL="$k" MEM=2g
good "MEM=1536 (MiB)" "1536 MiB" -- KERNEL="$k" MEM=1536
good "MEM=1.5G" "1536 MiB" -- KERNEL="$k" MEM=1.5G
good "MEM=262144k" "256 MiB" -- KERNEL="$k" MEM=262144k
good "MEM=134217728B" "128 MiB" -- KERNEL="$k" MEM=134217728B
good "MEM=5G: staging above 4 GiB" "5120 MiB" "boot: kernel loaded at 0x1" -- \
	KERNEL="$k" MEM=5G
good "initrd of 1 byte" "initrd loaded at" "(1 bytes)" -- KERNEL="$k" INITRD="$work/rd1" MEM=64M
good "initrd of one page" "(4096 bytes)" -- KERNEL="$k" INITRD="$work/rd4096" MEM=64M
good "initrd of a page + 1" "(4097 bytes)" -- KERNEL="$k" INITRD="$work/rd4097" MEM=64M
good "text_offset 0x80000, image_size not whole pages" "placed at 0x40880000" -- \
	KERNEL="$work/Image-odd" INITRD="$work/rd4097" MEM=64M
good "EL=1, SMP=8" "EL1," -- KERNEL="$k" EL=1 SMP=8 MEM=128M
good "EL=2vhe on max" "EL2 (VHE)" -- KERNEL="$k" EL=2vhe MEM=128M
"$QEMU" -M virt,dumpdtb="$work/rm11.dtb" -cpu max -smp 2 -m 128M -nographic \
	-nodefaults >/dev/null 2>&1
fdtput -c "$work/rm11.dtb" /reserved-memory &&
	fdtput -t x "$work/rm11.dtb" /reserved-memory '#address-cells' 1 &&
	fdtput -t x "$work/rm11.dtb" /reserved-memory '#size-cells' 1
bad "ENABLE=spin-table, /reserved-memory with other cells than the root" \
	"/reserved-memory has other #address-cells or #size-cells than the root" \
	KERNEL="$k" EL=1 SMP=2 ENABLE=spin-table MEM=128M DTB="$work/rm11.dtb"
good "SMP=4 ENABLE=spin-table: 3 CPUs parked" \
	"boot: 3 secondary CPU(s) parked for spin-table" -- \
	KERNEL="$k" EL=1 SMP=4 ENABLE=spin-table MEM=128M
good "EL=2 on cortex-a53" "EL2 (no VHE)" -- KERNEL="$k" EL=2 CPU=cortex-a53 MEM=128M
"$QEMU" -M virt,dumpdtb="$work/given.dtb" -cpu max -m 64M -nographic -nodefaults \
	>/dev/null 2>&1
good "DTB= given" "boot: dtb loaded at" -- KERNEL="$k" DTB="$work/given.dtb" MEM=128M

echo "== VERIFY= and CORRUPT= (the fake Image exits 42 only if the stub lets it)"
# refused NAME WANT... -- ARGS...: the stub refuses (exit 7) with each WANT
# in the output, the demo's last line on stderr says why, the fake Image
# never ran.
refused() {
	local name=$1 rc miss noise
	shift
	demo_wants "$@"
	if ! exited "$name" 7; then
		return
	elif [ "$(wc -l <"$work/err")" != 1 ] ||
		! grep -q '^demo: the stub refused: ' "$work/err"; then
		fail "$name" "want one line on stderr, 'demo: the stub refused: ...'"
	else
		pass "$name: $(cat "$work/err")"
	fi
}
good "VERIFY=1 at EL2: every digest matched, the Image ran" \
	"boot: digest for segment 1 (initrd), 2 page(s): SHA-256 " \
	"boot: entering the stub (verify)" "kreloc: verify 3 digests ok" -- \
	KERNEL="$k" INITRD="$work/rd4097" VERIFY=1 MEM=128M
good "VERIFY=soft at EL1 on cortex-a53, SMP=2 spin-table" \
	"boot: entering the stub (verify with its software SHA-256)" "kreloc: verify 3 digests ok" -- \
	KERNEL="$k" INITRD="$work/rd4097" VERIFY=soft EL=1 CPU=cortex-a53 SMP=2 \
	ENABLE=spin-table MEM=128M
# KERNEL_LOAD=: the kernel loaded over a destination, planned in place
# by kreloc_list_plan(): in its own zero tail (image_size 4 MiB), and a
# page below its own start (text_offset 0x80000), verified.
good "KERNEL_LOAD in the kernel's own BSS: in place" \
	"boot: in place: a file is loaded over a destination" \
	"bounce pages: 0 for cycles" "boot: kernel loaded at 0x40b00000" \
	"placed at 0x40a00000" -- KERNEL="$k" KERNEL_LOAD=0x40b00000 MEM=128M
good "KERNEL_LOAD a page below its destination, VERIFY=1: in place" \
	"boot: in place: a file is loaded over a destination" \
	"boot: digest for segment 0 (the plan: kernel, initrd, dtb)" \
	"kreloc: verify 1 digests ok" "boot: kernel loaded at 0x40a7f000" \
	"placed at 0x40a80000" -- KERNEL="$work/Image-odd" KERNEL_LOAD=0x40a7f000 \
	VERIFY=1 MEM=128M
# KERNEL_LOAD= and INITRD_LOAD= trading places: the kernel (with
# KERNEL_LOAD= at 0x40a00000, its DTB at 0x40e00000, the initrd at
# 0x41000000) loaded where the initrd goes and the initrd where the
# kernel goes: its one page and the initrd's first form a cycle, broken
# with the plan's bounce page; apart from every destination, no plan.
good "KERNEL_LOAD and INITRD_LOAD trading places, EL1: a cycle, the bounce page" \
	"boot: in place: a file is loaded over a destination" \
	"bounce pages: 1 for cycles (at " \
	"boot: kernel loaded at 0x41000000 (4096 bytes), placed at 0x40a00000" \
	"boot: initrd loaded at 0x40a00000 (5242881 bytes), placed at 0x41000000" -- \
	KERNEL="$k" INITRD="$work/rd5M+1" KERNEL_LOAD=0x41000000 INITRD_LOAD=0x40a00000 \
	EL=1 MEM=128M
# The two trading places a page or two off: no cycle, but chains that go
# back and forth between them, over 64 pieces written on the way (the
# validator refused it with KRELOC_E_TOO_MANY_RUNS until it counted only
# the final destinations).
good "KERNEL_LOAD and INITRD_LOAD a page off each other's destinations: long chains" \
	"boot: in place: a file is loaded over a destination" \
	"bounce pages: 0 for cycles" \
	"boot: 4 KiB of check bits lent to kreloc_install(), a bit a page from 0x40a00000 to 0x41501000" \
	"boot: kernel loaded at 0x41001000 (1048576 bytes), placed at 0x40a00000" \
	"boot: initrd loaded at 0x40a02000 (5242881 bytes), placed at 0x41000000" -- \
	KERNEL="$work/Image-1M" INITRD="$work/rd5M+1" KERNEL_LOAD=0x41001000 \
	INITRD_LOAD=0x40a02000 MEM=128M
good "INITRD_LOAD apart from every destination" \
	"boot: initrd loaded at 0x44000000 (5242881 bytes), placed at 0x41000000" -- \
	KERNEL="$k" INITRD="$work/rd5M+1" INITRD_LOAD=0x44000000 MEM=128M
# CORRUPT= in place: the stub names the page op's destination under the
# plan's one digest, and the bootloader the file. A 48 MiB Image of 16
# pages and the initrd trading places: 16 cycles. The initrd's sixth page
# goes through the bounce page, and the page checks say whose it was;
# the kernel's sixth page goes straight to its destination; a kernel
# loaded where it runs is read in place.
p48=(KERNEL="$work/Image-48M" INITRD="$work/rd5M+1" KERNEL_LOAD=0x43c00000 INITRD_LOAD=0x40a00000)
refused "in place, CORRUPT=initrd: a page through the cycle bounce page, EL2 with VHE" \
	"(its loaded copy, which goes through the cycle bounce page)" \
	"demo: the stub refused: the initrd is not what was planned: the SHA-256 of the in-place plan (segment 0" \
	"(the cycle bounce page, which carries the initrd's page at offset 0x5000 from its loaded copy at 0x40a05000 to 0x43c05000)" \
	"every destination byte is as it was" -- \
	"${p48[@]}" VERIFY=1 CORRUPT=initrd:0x5007 EL=2vhe MEM=128M
refused "in place, CORRUPT=kernel: its page of a cycle, EL1" \
	"(its loaded copy), after planning" \
	"demo: the stub refused: the kernel is not what was planned" \
	"first at the page for 0x40a05000 (offset 0x5000 of the kernel)" \
	"every destination byte is as it was" -- \
	"${p48[@]}" VERIFY=1 CORRUPT=kernel:0x5007 EL=1 MEM=128M
refused "in place, CORRUPT=kernel: loaded where it runs, EL2" \
	"(its loaded copy, in place: the page is its destination)" \
	"demo: the stub refused: the kernel is not what was planned" \
	"first at the page for 0x40a00000 (offset 0x0 of the kernel)" \
	"every destination byte is as it was" -- \
	KERNEL="$k" KERNEL_LOAD=0x40a00000 VERIFY=1 CORRUPT=kernel:0x44 MEM=128M
# rd5M+1: 1281 pages, the last one partial (a bounce page)
refused "CORRUPT=4096: the initrd's second page, EL2" \
	"the initrd (segment 1) is not what was planned" "(offset 0x1000 of the initrd)" \
	"every destination byte is as it was" \
	"(its loaded copy)" -- KERNEL="$k" INITRD="$work/rd5M+1" VERIFY=1 CORRUPT=4096 MEM=128M
refused "CORRUPT= the initrd's last byte, in its bounce page, EL1" \
	"(offset 0x500000 of the initrd)" "(the bounce page of its partial last page)" -- \
	KERNEL="$k" INITRD="$work/rd5M+1" VERIFY=1 EL=1 CORRUPT=$((5 << 20)) MEM=128M
refused "CORRUPT=kernel:0x40, EL2 with VHE, software SHA-256" \
	"the kernel (segment 0) is not what was planned" "(offset 0x0 of the kernel)" -- \
	KERNEL="$k" VERIFY=soft EL=2vhe CORRUPT=kernel:0x40 MEM=128M
refused "CORRUPT=dtb:0x1234, EL2, SMP=2 spin-table" \
	"the dtb (segment 2) is not what was planned" "(offset 0x1000 of the dtb)" -- \
	KERNEL="$k" VERIFY=1 CORRUPT=dtb:0x1234 SMP=2 ENABLE=spin-table MEM=128M

# least_mem WHAT VERB PROBE_MEM [MARKER] -- OPTS...: with MEM=PROBE_MEM the
# demo names the least MEM for OPTS ("VERB MEM=NM or more"); exactly that
# boots (showing MARKER too, if given), 1 MiB less is refused.
least_mem() {
	local what=$1 verb=$2 probe=$3 need
	local wants=()
	shift 3
	while [ "$1" != -- ]; do
		wants+=("$1")
		shift
	done
	shift
	"$demo" "$build" "$@" MEM="$probe" 2>"$work/err" >/dev/null
	need=$(sed -n "s/.*$verb MEM=\([0-9]*\)M or more\$/\1/p" "$work/err")
	if [ -z "$need" ]; then
		failed=$((failed + 1))
		echo "FAIL  the script names the MEM $what needs: $(cat "$work/err")"
		return
	fi
	good "MEM=${need}M, the least it asked for $what" "${need} MiB" \
		"${wants[@]}" -- "$@" MEM="${need}M"
	bad "MEM=$((need - 1))M for $what, 1 MiB short" \
		"$verb MEM=${need}M or more" "$@" MEM=$((need - 1))M
}

# The MEM the script asks for is exactly enough, for its placement and for
# Linux to unpack an initramfs: it boots; 1 MiB less is refused.
least_mem "a 48 MiB Image and a 5 MiB + 1 initrd" need 48M "(5242881 bytes)" -- \
	KERNEL="$work/Image-48M" INITRD="$work/rd5M+1"
least_mem "a 40 MiB initramfs" give 128M -- KERNEL="$k" INITRD="$work/rd40M.cpio"

echo "== the example bootloader's own checks (addresses by hand, 128 MiB)"
"$QEMU" -M virt,virtualization=on,dumpdtb="$work/board.dtb" -cpu max -m 128M \
	-nographic -nodefaults >/dev/null 2>&1
dtb_size=$(stat -c %s "$work/board.dtb")
# loader NAME RC WANT CPU VHE KERNEL=L:S:D INITRD=L:S:D DTB=L:S:D POOL=B:S
#	[MORE]: MORE, more words for the bootloader (smp=2 gives QEMU -smp 2)
loader() {
	local name=$1 want_rc=$2 want=$3 cpu=$4 vhe=$5 kl ik dl rc
	kl=${6%%:*} ik=${7%%:*} dl=${8%%:*}
	local args="kernel=$6 initrd=$7 dtb=$8 pool=$9 mem=$((128 << 20)) vhe=$vhe${10:+ ${10}}"
	timeout 30 "$QEMU" -M virt,virtualization=on -cpu "$cpu" -m 128M -smp 2 \
		-nographic -nodefaults -serial stdio -no-reboot \
		-semihosting-config "enable=on,target=native,arg=${args// /,arg=}" \
		-kernel "$build/linux-boot.elf" \
		-device "loader,file=$k,addr=$kl,force-raw=on" \
		-device "loader,file=$work/rd4097,addr=$ik,force-raw=on" \
		-device "loader,file=$work/board.dtb,addr=$dl,force-raw=on" \
		>"$work/out" 2>&1 </dev/null
	rc=$?
	: >"$work/err"
	if [ $rc = "$want_rc" ] && grep -qF -- "$want" "$work/out"; then
		pass "$name: $(grep -F -- "$want" "$work/out")"
	else
		fail "$name" "exit $rc (want $want_rc), '$want'"
	fi
}
K=0x47000000:4096 I=0x47100000:4097 D=0x47200000:$((dtb_size)) P=0x47f00000:0x100000
loader "a sound plan runs" 42 "entering the stub" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 $P
loader "initrd placed past the end of RAM" 2 "bad placement: initrd outside RAM" max 0 \
	$K:0x40800000 $I:0x47fff000 $D:0x41000000 $P
loader "kernel placed over the bootloader" 2 "bad placement: kernel over this bootloader" max 0 \
	$K:0x40200000 $I:0x41200000 $D:0x41000000 $P
loader "kernel base not 2 MiB aligned" 2 "kernel placement: KRELOC_E_IMAGE_PLACE" max 0 \
	$K:0x40900000 $I:0x41200000 $D:0x41000000 $P
loader "pool over a loaded file" 2 "bad placement: pool overlaps a loaded file" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 0x47100000:0x100000
loader "DTB placed over the pool" 2 "bad placement: dtb is placed over the pool" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x47f00000 $P
loader "initrd placed in the kernel's BSS" 4 "KRELOC_E_DEST_OVERLAP" max 0 \
	$K:0x40800000 $I:0x40a00000 $D:0x41000000 $P
# (refused with KRELOC_E_SRC_CLOBBERED before issue 15: now planned)
loader "initrd loaded where the kernel goes: planned in place" 42 \
	"boot: in place: a file is loaded over a destination" max 0 \
	$K:0x40800000 0x40900000:4097:0x41200000 $D:0x41000000 $P
loader "a pool too small" 4 "KRELOC_E_NOMEM" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 0x47f00000:0x2000
loader "vhe=1 on a CPU without VHE" 2 "vhe=1 needs EL2 and a CPU with VHE" cortex-a72 1 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 $P
S="smp=2 stub=0x47ffe000"
loader "park area over the pool" 2 "bad placement: park overlaps the pool" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 $P "$S park=0x47f00000"
loader "park area over the stub" 2 "bad placement: park overlaps the stub" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 0x47e00000:0x100000 "$S park=0x47ffe000"
loader "park area not page aligned" 2 "bad placement: park is missing or not page aligned" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 0x47e00000:0x100000 "$S park=0x47ffd800"
loader "park area where the initrd goes" 4 "KRELOC_E_CONTROL_IN_DEST" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 0x47e00000:0x100000 "$S park=0x41200000"
loader "spin-table: both CPUs parked, then the stub" 42 "boot: 1 secondary CPU(s) parked" max 0 \
	$K:0x40800000 $I:0x41200000 $D:0x41000000 0x47e00000:0x100000 "$S park=0x47ffd000"

echo "demo: $passed passed, $failed failed"
[ "$failed" = 0 ]
