#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# boot-in-qemu.sh BUILD [NAME=VALUE...]: boot a Linux Image through kreloc
# in qemu-system-aarch64 -M virt, with the example bootloader next to this
# script (BUILD/linux-boot.elf, from `make linux-tools`). `make demo` runs
# it; so do the real-kernel tests (tests/linux/run-linux.sh).
#
# Options, as NAME=VALUE arguments or from the environment (arguments win;
# an empty value means the default):
#   KERNEL=Image   an uncompressed arm64 Linux Image
#   LINUX=debian   instead of KERNEL=: Debian's 6.1 arm64 Image, fetched on
#                  first use into KRELOC_CACHE (~/.cache/kreloc)
#   INITRD=file    the initramfs (default: a cpio archive holding only
#                  INIT=program as /init; INIT defaults to the checking init
#                  `make linux-tools` builds, BUILD/tests/linux/init)
#   DTB=file       the device tree to start from (default: QEMU's own for
#                  these options, -M dumpdtb); /chosen gets bootargs and
#                  linux,initrd-start/end. Its /memory is left alone: it
#                  should say what MEM says
#   APPEND=words   more kernel command line, after
#                  "console=ttyAMA0 earlycon panic=-1"
#   EL=1|2|2vhe    the exception level Linux starts at (default 2; 2vhe is
#                  EL2 with HCR_EL2.E2H set, for a CPU with VHE)
#   CPU=model      an AArch64 CPU model of QEMU's -cpu help (default max,
#                  run with pauth-impdef=on where QEMU has it: 4x faster)
#   SMP=1..8       CPUs (default 1; QEMU virt's GICv2 takes 8 at most)
#   ENABLE=psci|spin-table  how Linux starts its secondary CPUs (default
#                  psci: QEMU's PSCI, the secondaries off until then).
#                  spin-table: the bootloader parks them in kreloc's park
#                  entry, and the DTB (edited with fdtput) says
#                  enable-method = "spin-table" and cpu-release-addr = the
#                  CPU's kreloc slot in each /cpus/cpu@N, and reserves the
#                  park area and the stub (/reserved-memory/kreloc-park)
#   MEM=size       RAM, in QEMU's -m syntax: 2G, 512M, 1536 (MiB), 1.5G;
#                  suffixes K, M, G, T, either case (default 2G)
#   VERIFY=0|1|soft  1: the bootloader puts each file's SHA-256 into the
#                  plan (kreloc_list_add_verified()) and the stub checks
#                  them before it moves a byte (KRELOC_F_VERIFY, with
#                  FPSIMD), with the CPU's SHA-256 instructions where it has
#                  them; soft: with the stub's software SHA-256
#                  (KRELOC_F_VERIFY_SOFT). The stub's breadcrumbs go to the
#                  console, and the bootloader says what its own hashing
#                  cost (default 0: no verification)
#   CORRUPT=[NAME:]N  with VERIFY=1 or soft: once the plan is made, flip
#                  bit 0 of byte N (decimal or 0x-hex) of the initrd, or of
#                  the kernel or dtb if NAME says so (kernel:, initrd:,
#                  dtb:; the dtb as /chosen was filled in), where the stub
#                  reads it (in place too). The stub must refuse: the
#                  bootloader reports the file and its page, and the
#                  kernel is not entered (exit 7)
#   KERNEL_LOAD=address  where QEMU loads the kernel Image (its staging
#                  copy), decimal or 0x-hex, 4 KiB aligned, from 0x40800000
#                  (above the bootloader) to below the staging copies
#                  placed at the top, and apart from INITRD_LOAD=: e.g. 1
#                  MiB above or below where it must run, overlapping its
#                  own destination, or where the initrd must go (with
#                  KERNEL_LOAD= or INITRD_LOAD= it runs at 0x40a00000 +
#                  text_offset, 2 MiB above the usual, so that below is
#                  possible). The bootloader then plans the moves with
#                  kreloc_list_plan() (in place: every source page read
#                  before it is overwritten, at most one bounce page, for
#                  cycles) and prints the bounce pages it used. Default: a
#                  staging copy apart from every destination
#   INITRD_LOAD=address  the same for the initramfs: e.g. where the kernel
#                  must run, with KERNEL_LOAD= where the initrd must go:
#                  the two trade places, their pages form cycles (with an
#                  initrd of a page or more), and the plan needs its bounce
#                  page (a page or two off, no cycle: long chains that
#                  go back and forth between the two)
#   QEMU=binary    default qemu-system-aarch64
#   TIMEOUT=secs   stop QEMU after this long: a hang detector (default 300)
# A bad option gets one line on stderr, saying what is wrong and what is
# accepted, and exit status 2. Otherwise the exit status is QEMU's: 0 when
# Linux powers off or reboots, 1 when it panicked, the bootloader's 2 to 5
# when it refuses (see boot.c), 7 when the stub found a file altered
# after planning (VERIFY=) and refused it, 124 when TIMEOUT ran out.
#
# Where everything goes (QEMU virt, RAM from 0x40000000), computed from the
# sizes and MEM, never at fixed addresses:
#   0x40000000   QEMU's own DTB for an ELF -kernel (unused)
#   0x40200000   the bootloader, up to 0x40800000 (baremetal.lds)
#   0x40800000   the kernel: this 2 MiB-aligned base + text_offset, then
#                image_size bytes (its BSS included) kept free (with
#                KERNEL_LOAD= or INITRD_LOAD=: 0x40a00000)
#   next 2 MiB   the DTB's destination, alone in its 2 MiB (booting.rst:
#                8-byte aligned, at most 2 MiB)
#   next page    the initrd's destination (what /chosen says)
#   ...          free
#   below the    the staging copies QEMU loads (-device loader): kernel,
#   top of RAM   initrd (each where KERNEL_LOAD= or INITRD_LOAD= says, if
#                given), DTB, then the bootloader's pool of safe pages
#                (copy list, identity map, stub, argument block)
#   top of RAM   with ENABLE=spin-table: the park area (the release slots)
#                and the stub's 8 KiB, reserved for the parked CPUs
# Staging copies and destinations never overlap (but with KERNEL_LOAD= or
# INITRD_LOAD=);
# kreloc moves each file from one to the other. A RAM too small for all of it is refused before
# QEMU starts, with the MEM= that would do: for an uncompressed initramfs
# that includes the room Linux needs to unpack it (a tmpfs of at most half
# the RAM it has left).
set -u
me=demo		# what its messages start with (die: qemu-options.sh)
# shellcheck source=../qemu-options.sh
source "$(dirname "$0")/../qemu-options.sh"

usage="usage: $0 BUILD [KERNEL=Image|LINUX=debian] [INITRD= INIT= DTB= APPEND= EL=1|2|2vhe CPU= SMP= ENABLE=psci|spin-table MEM= VERIFY=0|1|soft CORRUPT=[NAME:]N KERNEL_LOAD=address INITRD_LOAD=address QEMU= TIMEOUT=]"
options "$usage" "KERNEL LINUX INITRD INIT DTB APPEND EL CPU SMP ENABLE MEM VERIFY CORRUPT KERNEL_LOAD INITRD_LOAD QEMU TIMEOUT" "$@"
top=$(cd "$(dirname "$0")/../.." && pwd)
elf=$build/linux-boot.elf
[ -r "$elf" ] || die "no bootloader at $elf: run make O=$build linux-tools"

QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-300}
EL=${EL:-2}
CPU=${CPU:-max}
SMP=${SMP:-1}
MEM=${MEM:-2G}
ENABLE=${ENABLE:-psci}
VERIFY=${VERIFY:-0}

# --- options ------------------------------------------------------------

timeout_option
machine_options		# EL SMP MEM QEMU CPU: sets machine, at, vhe, mem, cpu

case $ENABLE in
psci|spin-table) ;;
*)	die "ENABLE=$ENABLE: unknown; give psci or spin-table" ;;
esac

case $VERIFY in
0|1|soft) ;;
*)	die "VERIFY=$VERIFY: unknown; give 0 (no verification), 1 (SHA-256, with the CPU's instructions where it has them) or soft (the stub's software SHA-256)" ;;
esac
# CORRUPT=[NAME:]N: which file and byte; N's range is checked once the
# sizes are known (corrupt_limit).
corrupt_name='' corrupt_off=''
if [ -n "$CORRUPT" ]; then
	corrupt_syntax="give [kernel:|initrd:|dtb:]N, N a byte offset (decimal or 0x-hex), e.g. CORRUPT=4096 or CORRUPT=kernel:0x200"
	[[ $CORRUPT =~ ^((kernel|initrd|dtb):)?(0x[0-9a-fA-F]{1,15}|[0-9]{1,18})$ ]] ||
		die "CORRUPT=$CORRUPT: not a byte offset; $corrupt_syntax"
	corrupt_name=${BASH_REMATCH[2]:-initrd}
	corrupt_off=${BASH_REMATCH[3]}
	if [[ $corrupt_off == 0x* ]]; then
		corrupt_off=$((corrupt_off))
	else
		corrupt_off=$((10#$corrupt_off))
	fi
	[ "$VERIFY" != 0 ] ||
		die "CORRUPT=$CORRUPT needs VERIFY=1 or VERIFY=soft: without verification the altered $corrupt_name would be booted"
fi
# corrupt_limit NAME SIZE: CORRUPT's byte lies inside NAME's SIZE bytes.
corrupt_limit() {
	if [ "$corrupt_name" = "$1" ] && [ "$corrupt_off" -ge "$2" ]; then
		die "CORRUPT=$CORRUPT: byte $corrupt_off is past the end of the $1 ($2 bytes); give 0 to $(($2 - 1))"
	fi
}

# load_at NAME EXAMPLE: NAME=address (KERNEL_LOAD, INITRD_LOAD), its
# syntax and alignment, into ${NAME,,}_at (empty if not given), decimal;
# its range once the sizes are known (load_range).
load_at() {
	local v=${!1} addr syntax="give a 4 KiB-aligned address, decimal or 0x-hex, e.g. $1=$2"
	[ -n "$v" ] || { printf -v "${1,,}_at" %s ''; return; }
	[[ $v =~ ^(0x[0-9a-fA-F]{1,15}|[0-9]{1,18})$ ]] ||
		die "$1=$v: not an address; $syntax"
	if [[ $v == 0x* ]]; then
		addr=$((v))
	else
		addr=$((10#$v))
	fi
	[ $((addr % 4096)) = 0 ] || die "$1=$v: not 4 KiB aligned; $syntax"
	printf -v "${1,,}_at" %s "$addr"
}
load_at KERNEL_LOAD "0x40900000 (the kernel 1 MiB below where it runs)"
load_at INITRD_LOAD "0x40a00000 (the initrd where a kernel with text_offset 0 runs)"

case $LINUX in
'') [ -n "$KERNEL" ] || die "no kernel: give KERNEL=/path/to/Image or LINUX=debian" ;;
debian) [ -z "$KERNEL" ] || die "KERNEL= and LINUX=debian both given; give one of them" ;;
*)	die "LINUX=$LINUX: unknown; give LINUX=debian (Debian's 6.1 arm64 kernel) or KERNEL=/path/to/Image" ;;
esac
[ -z "$KERNEL" ] || readable KERNEL "$KERNEL"
[ -z "$INITRD" ] || readable INITRD "$INITRD"
[ -z "$DTB" ] || readable DTB "$DTB"
if [ -n "$INITRD" ]; then
	[ -s "$INITRD" ] || die "INITRD=$INITRD: empty; give a cpio archive (newc), or no INITRD= for the bundled one"
else
	INIT=${INIT:-$build/tests/linux/init}
	readable INIT "$INIT"
	command -v cpio >/dev/null 2>&1 || die "no cpio to pack INIT=$INIT: install cpio (make deps), or give INITRD="
fi
if [ -n "$DTB" ]; then
	[ "$(bytes "$DTB" 0 4)" = d00dfeed ] ||
		die "DTB=$DTB: not a flattened device tree (no 0xd00dfeed magic); give a .dtb made by dtc or QEMU's -M dumpdtb"
fi
command -v fdtput >/dev/null 2>&1 || die "no fdtput to fill in /chosen: install device-tree-compiler (make deps)"

if [ "$LINUX" = debian ]; then
	cache=${KRELOC_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/kreloc}
	KERNEL=$cache/Image-6.1-4k
	if ! [ -s "$KERNEL" ] && ! "$top/scripts/fetch-kernels.sh" "$cache" >&2; then
		echo "$me: could not fetch Debian's arm64 kernel into $cache; give KERNEL=/path/to/Image" >&2
		exit 1
	fi
fi

# --- the kernel's header (booting.rst) ------------------------------------

ksize=$(stat -L -c %s "$KERNEL")
image_header KERNEL "$KERNEL" "$ksize"
text_offset=$(le64 "$KERNEL" 8)
image_size=$(le64 "$KERNEL" 16)
if [ "$image_size" = 0 ]; then		# before 3.17: as kreloc_image_check()
	text_offset=$((0x80000))
	image_size=$ksize
fi
if [ "$image_size" -lt "$ksize" ] || [ "$image_size" -gt $((1 << 32)) ] ||
	[ "$text_offset" -lt 0 ] || [ "$text_offset" -ge $((1 << 32)) ] ||
	[ $((text_offset % 4096)) != 0 ]; then
	die "KERNEL=$KERNEL: its header is inconsistent (text_offset $text_offset, image_size $image_size, file $ksize bytes); give a sound arm64 Image"
fi

# --- placement -----------------------------------------------------------

PAGE=4096
SZ_2M=$((2 << 20))
RAM_BASE=$((0x40000000))
KERNEL_BASE=$((0x40800000))	# the first 2 MiB above the bootloader
# KERNEL_LOAD= or INITRD_LOAD=: the kernel runs 2 MiB higher, so that a
# file may be loaded below its destination too (from KERNEL_BASE on).
kernel_base=$KERNEL_BASE
[ -z "$kernel_load_at$initrd_load_at" ] || kernel_base=$((KERNEL_BASE + SZ_2M))
up() { echo $((($1 + $2 - 1) / $2 * $2)); }
hex() { printf 0x%x "$1"; }
opt() { echo "${1//,/,,}"; }	# a file name in a QEMU option: commas doubled

work=$(mktemp -d "$build/boot-in-qemu.XXXXXX") || die "cannot write in $build"
trap 'rm -rf "$work"' EXIT

if [ -z "$INITRD" ]; then
	if ! { mkdir "$work/root" && cp "$INIT" "$work/root/init" &&
		chmod 755 "$work/root/init" &&
		(cd "$work/root" && echo init | cpio -o -H newc --quiet) > "$work/initrd.cpio"; }; then
		die "cannot pack INIT=$INIT into an initramfs"
	fi
	INITRD=$work/initrd.cpio
fi
rsize=$(stat -L -c %s "$INITRD")
corrupt_limit kernel "$ksize"
corrupt_limit initrd "$rsize"

kernel_dest=$((kernel_base + text_offset))
dtb_dest=$(up $((kernel_dest + image_size)) $SZ_2M)
initrd_dest=$((dtb_dest + SZ_2M))
low_end=$((initrd_dest + $(up "$rsize" $PAGE)))

# The DTB: this board's, or the one given, with /chosen filled in.
dtb=$work/board.dtb
if [ -n "$DTB" ]; then
	cp "$DTB" "$dtb"
else
	err=$("$QEMU" -M "$machine,dumpdtb=$(opt "$dtb")" -cpu "$cpu" -smp "$SMP" \
		-m "$((mem >> 20))M" -nographic -nodefaults 2>&1 >/dev/null)
	[ -s "$dtb" ] || die "$QEMU made no device tree for EL=$EL CPU=$CPU SMP=$SMP MEM=$MEM: $(head -n 1 <<<"$err")"
fi
initrd_end=$((initrd_dest + rsize))
ram_end=$((RAM_BASE + mem))

# spin-table: the stub's 8 KiB at the top of RAM, the park area below it
# (16 slots a 4 KiB page, 128 bytes apart: include/kreloc/abi.h), both
# reserved, and each CPU's cpu-release-addr its slot.
room_end=$ram_end
smp_args=
if [ "$ENABLE" = spin-table ]; then
	stub_base=$((ram_end - 8192))
	park_base=$((stub_base - ((SMP + 15) / 16) * PAGE))
	room_end=$park_base
	smp_args=" smp=$SMP park=$(hex "$park_base") stub=$(hex "$stub_base")"
	# cells N VALUE: VALUE as N 32-bit cells (cpu-release-addr: 2)
	cells() {
		if [ "$1" = 1 ]; then
			printf '%x' "$2"
		else
			printf '%x %x' $(($2 >> 32)) $(($2 & 0xffffffff))
		fi
	}
	# Linux takes /reserved-memory only with the root's cells (else it
	# ignores the node: the next kernel would overwrite the parked CPUs).
	ac=$(fdtget "$dtb" / '#address-cells' 2>/dev/null) || ac=2
	sc=$(fdtget "$dtb" / '#size-cells' 2>/dev/null) || sc=1
	if [[ ! $ac$sc =~ ^[12][12]$ ]]; then
		die "DTB${DTB:+=$DTB}: #address-cells $ac, #size-cells $sc at the root; give a DTB with 1 or 2 of each"
	fi
	if [ "$ac" = 1 ] && [ "$ram_end" -gt $((1 << 32)) ]; then
		die "DTB${DTB:+=$DTB}: one address cell cannot reserve the park area at $(hex "$park_base"); give MEM= that ends below 4 GiB"
	fi
	if rac=$(fdtget "$dtb" /reserved-memory '#address-cells' 2>/dev/null) &&
		[ "$rac $(fdtget "$dtb" /reserved-memory '#size-cells' 2>/dev/null)" != "$ac $sc" ]; then
		die "DTB${DTB:+=$DTB}: /reserved-memory has other #address-cells or #size-cells than the root, and Linux would ignore it; give a DTB where they agree"
	fi
	# shellcheck disable=SC2046 # cells: one or two words on purpose
	err=$( { if [ -z "${rac:-}" ]; then
			fdtput -c -p "$dtb" /reserved-memory &&
			fdtput -t x "$dtb" /reserved-memory '#address-cells' "$ac" &&
			fdtput -t x "$dtb" /reserved-memory '#size-cells' "$sc" &&
			fdtput "$dtb" /reserved-memory ranges
		fi &&
		fdtput -c "$dtb" /reserved-memory/kreloc-park &&
		fdtput -t x "$dtb" /reserved-memory/kreloc-park reg \
			$(cells "$ac" "$park_base") $(cells "$sc" $((ram_end - park_base))) &&
		for ((i = 0; i < SMP; i++)); do
			slot=$((park_base + (i / 16) * PAGE + (i % 16) * 128))
			fdtput -t s "$dtb" "/cpus/cpu@$i" enable-method spin-table &&
			fdtput -t x "$dtb" "/cpus/cpu@$i" cpu-release-addr $(cells 2 "$slot") ||
			exit 1
		done; } 2>&1) ||
		die "DTB${DTB:+=$DTB}: fdtput cannot write spin-table into /cpus/cpu@N and /reserved-memory: $(head -n 1 <<<"$err")"
fi
err=$( { fdtput -p -t s "$dtb" /chosen bootargs \
		"console=ttyAMA0 earlycon panic=-1${APPEND:+ $APPEND}" &&
	fdtput -t x "$dtb" /chosen linux,initrd-start \
		"$(printf %x $((initrd_dest >> 32)))" "$(printf %x $((initrd_dest & 0xffffffff)))" &&
	fdtput -t x "$dtb" /chosen linux,initrd-end \
		"$(printf %x $((initrd_end >> 32)))" "$(printf %x $((initrd_end & 0xffffffff)))"; } 2>&1) ||
	die "DTB${DTB:+=$DTB}: fdtput cannot fill in /chosen: $(head -n 1 <<<"$err")"
dsize=$(stat -c %s "$dtb")
[ "$dsize" -le "$SZ_2M" ] ||
	die "DTB${DTB:+=$DTB}: $dsize bytes with /chosen filled in; booting.rst allows 2 MiB at most"
corrupt_limit dtb "$dsize"

# The pool: the copy list (one 8-byte entry per page, 511 a list page;
# planned in place up to 3 a page, a two-page cycle taking 3 copies with a
# DESTINATION each, and with VERIFY= 1.5 page checks of 4 bytes: room for
# 4 entries a page), 3 bounce pages (and the one for cycles), the identity
# map (KRELOC_IDMAP_MAX_PAGES at most), the stub and its argument block.
pages=$((($(up "$image_size" $PAGE) + $(up "$rsize" $PAGE) + $(up "$dsize" $PAGE)) / PAGE))
per_page=1
[ -z "$kernel_load_at$initrd_load_at" ] || per_page=4
pool_size=$(up $(((pages * per_page / 511 + 2 + 3 + 64 + 2) * PAGE)) $((64 << 10)))

# Staging copies, from the top of RAM (or the park area) down: the pool,
# the DTB, the initrd and the kernel, but those given an address.
pool_base=$((room_end - pool_size))
dtb_load=$((pool_base - $(up "$dsize" $PAGE)))
staging_low=$dtb_load staging_what="the DTB's staging copy"
if [ -z "$initrd_load_at" ]; then
	initrd_load=$((staging_low - $(up "$rsize" $PAGE)))
	staging_low=$initrd_load staging_what="the initrd's staging copy"
fi
if [ -z "$kernel_load_at" ]; then
	kernel_load=$((staging_low - $(up "$ksize" $PAGE)))
	staging_low=$kernel_load staging_what="the kernel's staging copy"
fi
place_need=$((low_end - RAM_BASE + ram_end - staging_low))
# Linux unpacks an uncompressed initramfs (cpio "070701"/"070702") into a
# tmpfs, mounted early, of at most half the RAM it then has: less its
# image, the initrd, its page structs (1/64) and the CMA area, which it
# hands out only later (Debian's kernels reserve 64 MiB), with 16 MiB to
# spare. Measured with Debian's 6.1 and a 160 MiB initramfs: 545 MiB
# fail, 640 MiB boot; this asks for 602 MiB.
linux_need=0
case $(bytes "$INITRD" 0 6) in
303730373031|303730373032)
	linux_need=$(((image_size + 3 * rsize + (80 << 20)) * 64 / 63)) ;;
esac
if [ "$mem" -lt "$place_need" ] || [ "$mem" -lt "$linux_need" ]; then
	if [ "$place_need" -ge "$linux_need" ]; then
		die "MEM=$MEM ($((mem >> 20)) MiB) is too small: the bootloader, the kernel (image_size $(size "$image_size")), the initrd ($(size "$rsize")), the DTB, their staging copies and the safe pages need MEM=$(mib "$place_need")M or more"
	fi
	die "MEM=$MEM ($((mem >> 20)) MiB) is too small: Linux unpacks the initramfs ($(size "$rsize")) into a tmpfs of at most half the RAM left beside its image ($(size "$image_size")), the initrd and its CMA area (64 MiB); give MEM=$(mib "$linux_need")M or more"
fi

# KERNEL_LOAD= and INITRD_LOAD=: above the bootloader, below the staging
# copies placed above, apart from each other; over any destination is
# fine (the bootloader plans it in place).
# load_range NAME FILE SIZE: ${NAME,,}_at, if given, is where FILE's SIZE
# bytes fit; then ${FILE}_load is that.
load_range() {
	local var=${1,,}_at addr
	addr=${!var}
	[ -n "$addr" ] || return 0
	if [ "$addr" -lt "$KERNEL_BASE" ] || [ $((addr + $3)) -gt "$staging_low" ]; then
		die "$1=${!1}: the $2 ($3 bytes) would not fit between the bootloader's end at $(hex "$KERNEL_BASE") and $staging_what at $(hex "$staging_low"); give $(hex "$KERNEL_BASE") to $(hex $(((staging_low - $3) / PAGE * PAGE))) (the kernel runs at $(hex "$kernel_dest"), the initrd goes to $(hex "$initrd_dest"))"
	fi
	printf -v "$2_load" %s "$addr"
}
load_range KERNEL_LOAD kernel "$ksize"
load_range INITRD_LOAD initrd "$rsize"
if [ -n "$kernel_load_at" ] && [ -n "$initrd_load_at" ] &&
	[ "$kernel_load" -lt $((initrd_load + rsize)) ] &&
	[ "$initrd_load" -lt $((kernel_load + ksize)) ]; then
	# shellcheck disable=SC2153 # INITRD_LOAD, KERNEL_LOAD: set by options
	die "INITRD_LOAD=$INITRD_LOAD: the initrd ($rsize bytes, to $(hex $((initrd_load + rsize)))) would overlap the kernel loaded at KERNEL_LOAD=$KERNEL_LOAD ($ksize bytes, to $(hex $((kernel_load + ksize)))); give addresses where the two are apart"
fi

args="kernel=$(hex "$kernel_load"):$ksize:$(hex "$kernel_base")"
args="$args initrd=$(hex "$initrd_load"):$rsize:$(hex "$initrd_dest")"
args="$args dtb=$(hex "$dtb_load"):$dsize:$(hex "$dtb_dest")"
args="$args mem=$mem pool=$(hex "$pool_base"):$(hex "$pool_size") vhe=$vhe$smp_args"
args="$args verify=$VERIFY${CORRUPT:+ corrupt=$corrupt_name:$corrupt_off}"

echo "$me: booting $KERNEL at $at on $CPU, $SMP CPU(s) ($ENABLE), $((mem >> 20)) MiB;" \
	"initrd $rsize bytes at $(hex "$initrd_dest"), DTB at $(hex "$dtb_dest")"
# --foreground: QEMU keeps the terminal (Ctrl-A X) when there is one.
timeout --foreground "$TIMEOUT" "$QEMU" -M "$machine" -cpu "$cpu" -smp "$SMP" \
	-m "$((mem >> 20))M" -nographic -nodefaults -serial stdio -no-reboot \
	-semihosting-config "enable=on,target=native,arg=${args// /,arg=}" \
	-kernel "$elf" \
	-device "loader,file=$(opt "$KERNEL"),addr=$(hex "$kernel_load"),force-raw=on" \
	-device "loader,file=$(opt "$INITRD"),addr=$(hex "$initrd_load"),force-raw=on" \
	-device "loader,file=$(opt "$dtb"),addr=$(hex "$dtb_load"),force-raw=on" \
	2>&1 | tee "$work/console"
rc=${PIPESTATUS[0]}
case $rc in
0)	if grep -q "Kernel panic - not syncing" "$work/console"; then
		echo "$me: Linux panicked (above), and QEMU stopped with it" >&2
		rc=1
	fi ;;
[2-6])	echo "$me: the bootloader stopped (exit $rc): $(sed -n 's/^boot: //p' "$work/console" | tail -n 1 | tr -d '\r')" >&2 ;;
7)	echo "$me: the stub refused: $(sed -n 's/^boot: the stub refused to boot: //p' "$work/console" | head -n 1 | tr -d '\r')" >&2 ;;
124)	echo "$me: QEMU still running after ${TIMEOUT}s: stopped (a hang? TIMEOUT= to wait longer)" >&2 ;;
*)	echo "$me: QEMU exit $rc" >&2 ;;
esac
exit "$rc"
