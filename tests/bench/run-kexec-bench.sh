#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-kexec-bench.sh BUILD: kexec through kreloc's module beside Linux's
# own kexec, in instructions, in the same QEMU configuration: Debian's 6.1
# kexecs into 6.1 at EL1 (cortex-a72, -smp 2, MEM, default 2G) with a next
# initramfs of the checking /init (tests/linux/init.c) and a filler of
# FILLER_MIB (default 100) MiB, once with VIA=linux (kexec_load, then
# reboot(LINUX_REBOOT_CMD_KEXEC)) and once with VIA=kreloc (insmod
# kreloc_kexec.ko, then 1 > /sys/kernel/kreloc/exec), each run through
# examples/linux-kexec/kexec-in-qemu.sh under -icount shift=0 with the
# plugin tests/bench/kexec-count.c (BUILD/native/kexec-count-apiN.so, the
# one this QEMU loads). What it reports:
#   relocation  instructions from the last one the old kernel runs (the
#               last at an address with bit 63 set) to the new kernel's
#               first, on the CPU that runs them (the plugin's definition;
#               Linux's include the 6 of kexec-init's purgatory, which
#               kexec_load needs to pass the DTB)
#   trigger to entry  all CPUs' instructions from the old init's trigger
#               mark (kexec_trigger_mark(), right before the system call)
#               to the new kernel's first instruction: the shutdown and
#               the relocation
#   end to end  all CPUs' instructions from the trigger mark to the new
#               /init's first instruction
#   memory      what the load takes beyond the segments: the old init's
#               MemFree plus the pages on the per-CPU lists, before the
#               load less after it, less the segments' page-rounded sizes
#               (Linux's include the purgatory page kexec_load needs). It
#               is the kernel's view, give or take the pages the load's
#               own page tables and slabs take: tens of KiB.
# The counts are QEMU TCG instruction counts, not times. QEMU= (one
# command), TIMEOUT= (seconds per run, default 600), MEM= and FILLER_MIB=
# as above. Exit status 0 when both runs reach the new /init and the
# relocation ratio meets its target (<= 0.5).
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
demo=$top/examples/linux-kexec/kexec-in-qemu.sh
cache=${KRELOC_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/kreloc}
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-600}
MEM=${MEM:-2G}
FILLER_MIB=${FILLER_MIB:-100}
work=$build/kexec-bench
me=kexec-bench

die() {
	echo "$me: $*"
	exit 1
}

# --- what the runs need ------------------------------------------------------

command -v "$QEMU" >/dev/null 2>&1 || die "QEMU=$QEMU: no such command"
version=$("$QEMU" --version | awk 'NR == 1 { print $4 }')
# QEMU up to 8.2 loads plugins of API 0 to 1, 9.0 on of API 2 and up.
api=2
[ "${version%%.*}" -ge 9 ] 2>/dev/null || api=1
plugin=$build/native/kexec-count-api$api.so
for f in "$plugin" "$build/tests/kexec/kexec-init" "$build/tests/linux/init" \
		"$build/native/mkfiller" "$build/linux-kexec/kreloc_kexec.ko"; do
	[ -e "$f" ] || die "no $f: run make O=$build bench-kexec"
done
if ! "$top/scripts/fetch-kernels.sh" "$cache"; then
	die "could not fetch Debian's arm64 kernels into $cache"
fi
kernel=$cache/Image-6.1-4k

nm=${NM:-}
if [ -z "$nm" ]; then
	for nm in aarch64-linux-gnu-nm llvm-nm nm; do
		command -v "$nm" >/dev/null 2>&1 && break
	done
fi
symbol() {	# ELF NAME: its address, 0x...
	local a
	a=$("$nm" "$1" | awk -v s="$2" '$3 == s { print $1; exit }')
	[ -n "$a" ] || die "no symbol $2 in $1"
	echo "0x$a"
}
trigger=$(symbol "$build/tests/kexec/kexec-init" kexec_trigger_mark)
init=$(symbol "$build/tests/linux/init" _start)

# The next initramfs, as tests/linux/run-linux.sh makes it: /init, /filler.
rm -rf "$work"
{ mkdir -p "$work/next-root" && cp "$build/tests/linux/init" "$work/next-root/init"; } ||
	die "cannot write in $work"
sum=$("$build/native/mkfiller" $((FILLER_MIB << 20)) 7 "$work/next-root/filler") ||
	die "mkfiller failed"
(cd "$work/next-root" && printf 'init\nfiller\n' | cpio -o -H newc --quiet) \
	>"$work/next.cpio" || die "cannot pack the next initramfs"
rm -rf "$work/next-root"
initrd=$work/next.cpio

# --- the runs ------------------------------------------------------------------

page() { echo $((($1 + 4095) / 4096 * 4096)); }
ksize=$(stat -L -c %s "$kernel")
rsize=$(stat -c %s "$initrd")
declare -A R
fails=0

# run VIA: sets R[VIA_reloc], R[VIA_shutdown], R[VIA_e2e], R[VIA_mem] (KiB),
# R[VIA_wall]; exits on a failed run
run() {
	local via=$1 log=$work/$1.log out=$work/$1.out t0 t1 line dtb before after extra
	t0=$(date +%s.%N)
	"$demo" "$build" VIA="$via" KERNEL="$kernel" OLD="$kernel" INITRD="$initrd" \
		APPEND="krelocsum=$sum" EL=1 CPU=cortex-a72 SMP=2 MEM="$MEM" \
		QEMU="$QEMU" TIMEOUT="$TIMEOUT" \
		QEMU_ARGS="-icount shift=0,align=off,sleep=off -plugin $plugin,trigger=$trigger,init=$init -d plugin -D $log" \
		>"$out" 2>&1 </dev/null
	local rc=$?
	t1=$(date +%s.%N)
	R[${via}_wall]=$(echo "$t1 - $t0" | bc -l | xargs printf %.0f)
	if [ "$rc" != 0 ]; then
		echo "$me: VIA=$via: the kexec failed (exit $rc); its last lines:"
		tail -n 15 "$out" | sed 's/^/      | /'
		exit 1
	fi
	line=$(grep -m 1 '^kexec-count: relocation ' "$log")
	[[ $line =~ relocation\ ([0-9]+)\ insns ]] ||
		die "VIA=$via: no relocation count in $log"
	R[${via}_reloc]=${BASH_REMATCH[1]}
	line=$(grep -m 1 '^kexec-count: end-to-end ' "$log")
	[[ $line =~ end-to-end\ ([0-9]+)\ insns.*trigger\ at\ count\ ([0-9]+).*entry\ at\ count\ ([0-9]+) ]] ||
		die "VIA=$via: no end-to-end count in $log"
	R[${via}_e2e]=${BASH_REMATCH[1]}
	R[${via}_shutdown]=$((BASH_REMATCH[3] - BASH_REMATCH[2]))

	# Memory: free (MemFree + per-CPU list pages, 4K) before less after.
	before=$(grep -m 1 'kexec-init: MemFree before the load:' "$out")
	after=$(grep -m 1 'kexec-init: MemFree after the load:' "$out")
	[[ $before =~ :\ ([0-9]+)\ kB,\ ([0-9]+)\ pages ]] || die "VIA=$via: no MemFree before the load"
	before=$((BASH_REMATCH[1] + 4 * BASH_REMATCH[2]))
	[[ $after =~ :\ ([0-9]+)\ kB,\ ([0-9]+)\ pages ]] || die "VIA=$via: no MemFree after the load"
	after=$((BASH_REMATCH[1] + 4 * BASH_REMATCH[2]))
	if [ "$via" = linux ]; then
		line=$(grep -m 1 'kexec-init: kexec_load: ' "$out")
		[[ $line =~ DTB\ 0x[0-9a-f]+\ \(([0-9]+)\ bytes\) ]] ||
			die "VIA=linux: no kexec_load line with the DTB's size"
		dtb=${BASH_REMATCH[1]}
		extra=4096		# the purgatory
	else
		line=$(grep -m 1 'kreloc_kexec: armed:' "$out")
		[[ $line =~ dtb\ at\ 0x[0-9a-f]+\ \(([0-9]+) ]] ||
			die "VIA=kreloc: no 'armed:' line with the DTB's size"
		dtb=${BASH_REMATCH[1]}
		extra=0
	fi
	R[${via}_seg]=$((($(page "$ksize") + $(page "$rsize") + $(page "$dtb") + extra) / 1024))
	R[${via}_mem]=$((before - after - R[${via}_seg]))
}

echo "$me: Debian 6.1 -> 6.1 at EL1, cortex-a72, 2 CPUs, $MEM; next initrd $rsize bytes ($FILLER_MIB MiB filler)"
run linux
run kreloc

ratio() { echo "$1 / $2" | bc -l | xargs printf %.3f; }
row() {		# NAME KRELOC LINUX [RATIO]
	printf '%-52s %12s %12s %7s\n' "$1" "$2" "$3" "${4:-}"
}
echo "$me: QEMU $version TCG, -icount shift=0: instruction counts; ($(nproc) cores, $(uname -m) host)"
echo
row "" kreloc linux ratio
row "relocation: last old-kernel instr to new entry" "${R[kreloc_reloc]}" "${R[linux_reloc]}" \
	"$(ratio "${R[kreloc_reloc]}" "${R[linux_reloc]}")"
row "trigger to new entry (all CPUs)" "${R[kreloc_shutdown]}" "${R[linux_shutdown]}" \
	"$(ratio "${R[kreloc_shutdown]}" "${R[linux_shutdown]}")"
row "end to end: trigger to the new /init (all CPUs)" "${R[kreloc_e2e]}" "${R[linux_e2e]}" \
	"$(ratio "${R[kreloc_e2e]}" "${R[linux_e2e]}")"
row "segments, page-rounded (KiB)" "${R[kreloc_seg]}" "${R[linux_seg]}"
row "memory beyond the segments (KiB)" "${R[kreloc_mem]}" "${R[linux_mem]}"
row "QEMU wall time, whole run (s)" "${R[kreloc_wall]}" "${R[linux_wall]}"
echo
r=$(ratio "${R[kreloc_reloc]}" "${R[linux_reloc]}")
if [ "$(echo "$r <= 0.5" | bc -l)" = 1 ]; then
	printf '  %-58s %s <= 0.5  ok\n' "kexec relocation <= 0.5 x Linux's" "$r"
else
	printf '  %-58s %s >  0.5  MISSED\n' "kexec relocation <= 0.5 x Linux's" "$r"
	fails=1
fi
echo
echo "kexec relocation: kreloc ${R[kreloc_reloc]} instr, linux ${R[linux_reloc]} instr, ratio $r"
echo "kexec end-to-end: kreloc ${R[kreloc_e2e]} instr, linux ${R[linux_e2e]} instr, ratio $(ratio "${R[kreloc_e2e]}" "${R[linux_e2e]}")"
echo "kexec memory beyond the segments: kreloc ${R[kreloc_mem]} KiB, linux ${R[linux_mem]} KiB"
[ "$fails" = 0 ]
