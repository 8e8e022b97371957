#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-linux.sh BUILD          real Debian kernels booted through kreloc
# run-linux.sh --demo BUILD   one boot for `make demo KERNEL=... | LINUX=debian`
#
# The example bootloader (examples/linux-boot) gets the Image, an
# initramfs and a DTB made for the exact QEMU options, each at a load
# address of QEMU's -device loader, and boots them through the stub. A case
# passes when the init prints its marker (after checking the initramfs
# filler's checksum) and the kernel reports the expected exception level.
# KERNEL_4K= and KERNEL_16K= use local Images instead of Debian's.
set -u
demo=0
[ "${1:-}" = "--demo" ] && { demo=1; shift; }
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 [--demo] BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${KRELOC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kreloc}
work=$build/linux
mkdir -p "$work"
TIMEOUT=${TIMEOUT:-300}
MEM_MB=2048

# Where QEMU loads things, and where the initrd goes (the DTB says so).
KERNEL_LOAD=0x50000000
INITRD_LOAD=0x58000000
DTB_LOAD=0x5f000000
INITRD_DEST=0x48000000

# initramfs NAME FILLER_BYTES: /init + /filler; sets $initrd and $sum
initramfs() {
	local dir=$work/$1-root
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$build/tests/linux/init" "$dir/init"
	sum=$("$build/native/mkfiller" "$2" 7 "$dir/filler") || exit 1
	(cd "$dir" && printf 'init\nfiller\n' | cpio -o -H newc --quiet) > "$work/$1.cpio"
	initrd=$work/$1.cpio
}

# boot NAME KERNEL INITRD SUM MACHINE CPU SMP VHE [APPEND [DTB]]: output in $out
boot() {
	local name=$1 kernel=$2 rd=$3 s=$4 machine=$5 cpu=$6 smp=$7 vhe=$8
	local append=${9:-} dtb_in=${10:-} dtb=$work/$1.dtb
	local rd_size kernel_size dtb_size
	rd_size=$(stat -c %s "$rd")
	kernel_size=$(stat -c %s "$kernel")
	if [ -n "$dtb_in" ]; then
		cp "$dtb_in" "$dtb"
	else
		qemu-system-aarch64 -M "$machine,dumpdtb=$dtb" -cpu "$cpu" \
			-smp "$smp" -m "$MEM_MB" -nographic -nodefaults >/dev/null 2>&1
	fi
	fdtput -t s "$dtb" /chosen bootargs \
		"console=ttyAMA0 panic=-1 ${s:+krelocsum=$s }$append" &&
	fdtput -t x "$dtb" /chosen linux,initrd-start "$INITRD_DEST" &&
	fdtput -t x "$dtb" /chosen linux,initrd-end \
		"$(printf 0x%x $((INITRD_DEST + rd_size)))" || exit 1
	dtb_size=$(stat -c %s "$dtb")
	local args="kernel=$KERNEL_LOAD:$kernel_size initrd=$INITRD_LOAD:$rd_size:$INITRD_DEST"
	args="$args dtb=$DTB_LOAD:$dtb_size mem=$((MEM_MB << 20)) vhe=$vhe"
	out=$(timeout "$TIMEOUT" qemu-system-aarch64 -M "$machine" -cpu "$cpu" \
		-smp "$smp" -m "$MEM_MB" -nographic -nodefaults -serial stdio \
		-no-reboot \
		-semihosting-config "enable=on,target=native,arg=${args// /,arg=}" \
		-kernel "$build/linux-boot.elf" \
		-device "loader,file=$kernel,addr=$KERNEL_LOAD,force-raw=on" \
		-device "loader,file=$rd,addr=$INITRD_LOAD,force-raw=on" \
		-device "loader,file=$dtb,addr=$DTB_LOAD,force-raw=on" 2>&1)
	rc=$?
}

machine_for() {		# EL -> QEMU machine; sets $machine $vhe
	vhe=0
	case $1 in
	1) machine=virt ;;
	2) machine=virt,virtualization=on ;;
	2vhe) machine=virt,virtualization=on; vhe=1 ;;
	3) machine=virt,secure=on ;;
	*) echo "EL must be 1, 2, 2vhe or 3"; exit 2 ;;
	esac
}

kernels() {
	K4=${KERNEL_4K:-$cache/Image-6.1-4k}
	K16=${KERNEL_16K:-$cache/Image-6.12-16k}
	if [ -z "${KERNEL_4K:-}${KERNEL_16K:-}" ] &&
			! "$top/scripts/fetch-kernels.sh" "$cache"; then
		echo "linux: FAIL: could not fetch Debian's arm64 kernels into $cache."
		echo "linux: give local Images instead: KERNEL_4K=/path/to/Image (4K pages)"
		echo "linux: and KERNEL_16K=/path/to/Image (16K pages)."
		return 1
	fi
	[ -s "$K4" ] && [ -s "$K16" ] || {
		echo "linux: FAIL: no kernel Image at $K4 or $K16"
		return 1
	}
}

if [ $demo = 1 ]; then
	EL=${EL:-2}
	machine_for "$EL"
	CPU=${CPU:-max}
	if [ "${LINUX:-}" = debian ]; then
		kernels || exit 1
		KERNEL=$K4
	fi
	[ -n "${KERNEL:-}" ] || { echo "demo: KERNEL=path or LINUX=debian"; exit 2; }
	[ -n "${MEM:-}" ] && MEM_MB=$MEM
	s=
	if [ -n "${INITRD:-}" ]; then
		initrd=$INITRD
	else
		initramfs demo $((1 << 20))
		s=$sum
	fi
	echo "demo: booting $KERNEL at EL$EL on $CPU, ${SMP:-1} CPU(s), ${MEM_MB} MiB"
	boot demo "$KERNEL" "$initrd" "$s" "$machine" "$CPU" "${SMP:-1}" "$vhe" \
		"${APPEND:-}" "${DTB:-}"
	echo "$out"
	[ $rc = 0 ] || echo "demo: QEMU exit $rc"
	exit $rc
fi

passed=0 failed=0
check() {	# NAME RC WANT...: exit code RC, every WANT in $out
	local name=$1 want_rc=$2 w miss=
	shift 2
	[ "$rc" = "$want_rc" ] || miss=" exit $want_rc"
	for w in "$@"; do
		grep -qF -- "$w" <<<"$out" || miss="$miss '$w'"
	done
	if [ -z "$miss" ]; then
		passed=$((passed + 1))
		echo "PASS  $name"
	else
		failed=$((failed + 1))
		echo "FAIL  $name (exit $rc): missing$miss"
		tail -n 40 <<<"$out" | sed 's/^/      | /'
	fi
}

if ! kernels; then
	echo "linux: 0 passed, 5 failed"
	exit 1
fi
initramfs small $((1 << 20)); small=$initrd small_sum=$sum
initramfs big $((100 << 20)); big=$initrd big_sum=$sum
marker="kreloc-init: reached userspace"

boot 61-el1-big "$K4" "$big" "$big_sum" virt cortex-a72 1 0
check "6.1 (4K) at EL1, cortex-a72, 100 MiB initramfs" 0 "$marker" \
	"CPU: All CPU(s) started at EL1" "initramfs filler of 0x0000000006400000 bytes intact"

boot 61-el2 "$K4" "$small" "$small_sum" virt,virtualization=on cortex-a72 2 0
check "6.1 (4K) at EL2 without VHE, cortex-a72, -smp 2" 0 "$marker" \
	"CPU: All CPU(s) started at EL2" "SMP: Total of 2 processors activated"

boot 612-el2vhe "$K16" "$small" "$small_sum" virt,virtualization=on max 1 1
check "6.12 (16K) at EL2 with VHE, -cpu max" 0 "$marker" \
	"CPU: All CPU(s) started at EL2" "boot: EL2 (VHE)" "kernel pages 16K"

boot 612-el1-smp "$K16" "$small" "$small_sum" virt max 2 0
check "6.12 (16K) at EL1, -cpu max, -smp 2" 0 "$marker" \
	"CPU: All CPU(s) started at EL1" "SMP: Total of 2 processors activated"

boot 612-on-a72 "$K16" "$small" "$small_sum" virt cortex-a72 1 0
check "6.12 (16K) refused on cortex-a72 (no 16K granule)" 3 \
	"boot: kernel refused: KRELOC_E_IMAGE_PAGE"

echo "linux: $passed passed, $failed failed"
[ "$failed" = 0 ]
