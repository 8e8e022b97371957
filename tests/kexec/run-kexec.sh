#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-kexec.sh BUILD: a running Debian 6.1 kexecs into a next kernel.
#
# Each case runs examples/linux-kexec/kexec-in-qemu.sh (what `make
# kexec-demo` runs): QEMU boots 6.1, whose /init loads the next kernel and
# an initramfs whose /init checks its filler file (tests/linux/init.c), and
# triggers the kexec. A case passes when the new kernel's own lines (its
# exception level, its CPUs) and the new init's marker appear after the
# trigger. VIA=kreloc (default) goes through kreloc's module
# (BUILD/linux-kexec/kreloc_kexec.ko, from `make module`); VIA=linux
# through Linux's own kexec, where the refusal case is skipped: Linux's
# kexec_load takes the segments it is given without reading the Image.
# KERNEL_4K= and KERNEL_16K= use local Images instead of Debian's.
# Through kreloc the stub also prints its breadcrumbs on the PL011 (the
# module's uart=), each run's entry line naming its level. TIMEOUT=
# (seconds per boot) and QEMU= go to the demo.
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
demo=$top/examples/linux-kexec/kexec-in-qemu.sh
work=$build/kexec
mkdir -p "$work"
suite=kexec
# shellcheck source=tests/linux/lib.sh
source "$top/tests/linux/lib.sh"
TIMEOUT=${TIMEOUT:-120}
VIA=${VIA:-kreloc}
case $VIA in
kreloc|linux) ;;
*)	echo "kexec: VIA=$VIA: give VIA=kreloc or VIA=linux"; exit 2 ;;
esac

# run OPTION...: the demo's output in $out, status in $rc
run() {
	started=$SECONDS
	out=$("$demo" "$build" OLD="$K4" VIA="$VIA" TIMEOUT="$TIMEOUT" MEM=1G \
		"$@" 2>&1 </dev/null)
	rc=$?
}

skipped=0

if ! kernels; then
	echo "kexec: 0 passed, 4 failed"
	exit 1
fi
marker="kreloc-init: reached userspace"
echo "kexec: through $VIA"

# Through kreloc, the stub's breadcrumbs on the console's PL011 too (the
# module's uart=): crumbs ENTRY gives the lines each run must show.
uart=()
[ "$VIA" != kreloc ] || uart=(UART=pl011)
crumbs() {
	[ "$VIA" = kreloc ] || return 0
	printf '%s\n' "old|kreloc: entry $1" "old|kreloc: mmu on" \
		"old|kreloc: copy " "old|kreloc: jump 0x"
}

# The refusal shares the EL1 boot: a 16K Image on cortex-a72 first.
if [ "$VIA" = kreloc ]; then
	run KERNEL="$K4" EL=1 CPU=cortex-a72 SMP=2 REFUSE="$K16" "${uart[@]}"
	check "refused: 6.12 (16K) on cortex-a72, the old system still usable; rmmod disarms" 0 \
		"old|kreloc_kexec: refused:" "old|KRELOC_E_IMAGE_PAGE" \
		"old|kexec-init: refused as expected" \
		"old|kexec-init: still usable after the refusal" \
		"old|kexec-init: armed, then rmmod disarmed it and gave the memory back" \
		"old|kreloc_kexec: disarmed"
else
	run KERNEL="$K4" EL=1 CPU=cortex-a72 SMP=2
	skipped=$((skipped + 1))
	echo "SKIP  refused: 6.12 (16K) on cortex-a72 (VIA=linux: kexec_load does not read the Image)"
fi
mapfile -t want < <(crumbs EL1h)
check "6.1 -> 6.1 at EL1, cortex-a72, -smp 2" 0 "new|$marker" \
	"new|CPU: All CPU(s) started at EL1" "new|SMP: Total of 2 processors activated" \
	"${want[@]}"

run KERNEL="$K4" EL=2 CPU=cortex-a72 "${uart[@]}"
mapfile -t want < <(crumbs EL2h)
check "6.1 -> 6.1 at EL2 without VHE, cortex-a72" 0 "new|$marker" \
	"old|kvm [1]: Hyp mode initialized" \
	"new|CPU: All CPU(s) started at EL2" "new|kvm [1]: Hyp mode initialized" \
	"${want[@]}"

run KERNEL="$K16" EL=2vhe CPU=max "${uart[@]}"
mapfile -t want < <(crumbs "EL2h vhe")
check "6.1 -> 6.12 (16K) at EL2 with VHE, -cpu max" 0 "new|$marker" \
	"old|kvm [1]: VHE mode initialized" \
	"new|CPU: All CPU(s) started at EL2" "new|kvm [1]: VHE mode initialized" \
	"${want[@]}"

if [ "$skipped" = 0 ]; then
	echo "kexec: $passed passed, $failed failed"
else
	echo "kexec: $passed passed, $failed failed, $skipped skipped"
fi
[ "$failed" = 0 ]
