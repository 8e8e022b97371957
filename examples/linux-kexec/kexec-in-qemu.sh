#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# kexec-in-qemu.sh BUILD [NAME=VALUE...]: a running Linux kexecs into a
# next kernel, in qemu-system-aarch64 -M virt. QEMU boots the OLD kernel
# with an initramfs whose /init (tests/kexec/kexec-init.c) loads the next
# kernel and initramfs, through kreloc's module (BUILD/linux-kexec/
# kreloc_kexec.ko, from `make module`) or through Linux's own kexec, and
# triggers it. `make kexec-demo` runs it; so do the kexec tests
# (tests/kexec/run-kexec.sh).
#
# Options, as NAME=VALUE arguments or from the environment (arguments win;
# an empty value means the default):
#   KERNEL=Image   the next kernel, an uncompressed arm64 Image (default:
#                  Debian's 6.1, fetched on first use into KRELOC_CACHE,
#                  ~/.cache/kreloc)
#   INITRD=file    the next kernel's initramfs (default: a cpio archive with
#                  the checking init of `make linux-tools`, BUILD/tests/
#                  linux/init, and a 1 MiB filler file whose sum goes on
#                  the command line as krelocsum=)
#   APPEND=words   more of the next kernel's command line, after
#                  "console=ttyAMA0 earlycon panic=-1"
#   OLD=Image      the running kernel (default: Debian's 6.1, as KERNEL)
#   VIA=kreloc|linux  kexec through kreloc's module (default), or through
#                  Linux's own kexec (kexec_file_load, or kexec_load where
#                  the kernel lacks it, as Debian's arm64 kernels do)
#   REFUSE=Image   first try to load this kernel instead, a load that must
#                  be refused, and show the old system still usable
#   UART=pl011|none  VIA=kreloc: the stub prints its breadcrumbs on QEMU
#                  virt's PL011 (0x09000000, the console), "kreloc: ..."
#                  lines between the two systems (default none)
#   EL=1|2|2vhe    the exception level both kernels run at (default 2;
#                  2 is EL2 without VHE, kvm-arm.mode=nvhe on a CPU with
#                  VHE; 2vhe is EL2 with VHE)
#   CPU=model      an AArch64 CPU model of QEMU's -cpu help (default max,
#                  run with pauth-impdef=on where QEMU has it)
#   SMP=1..8       CPUs (default 1; QEMU virt's GICv2 takes 8 at most)
#   MEM=size       RAM, in QEMU's -m syntax: 2G, 512M, 1536 (MiB), 1.5G;
#                  suffixes K, M, G, T, either case (default 2G)
#   QEMU=binary    default qemu-system-aarch64
#   TIMEOUT=secs   stop QEMU after this long: a hang detector (default 300)
#   QEMU_ARGS=words  more QEMU options for the run, split at spaces (e.g.
#                  "-icount shift=0 -plugin P.so -d plugin -D LOG", as
#                  tests/bench/run-kexec-bench.sh gives)
# A bad option gets one line on stderr, saying what is wrong and what is
# accepted, and exit status 2. The serial console streams as it comes,
# each line marked "old| " (the running system, up to its last line) or
# "new| " (from the next kernel's first line). Exit status 0 when the next
# system's init printed "kreloc-init: reached userspace" after the old
# one's trigger and QEMU stopped cleanly; otherwise one line on stderr
# saying what went wrong, and 1 (a failure or panic), 3 (the old system's
# load was refused) or 124 (TIMEOUT ran out).
set -u
me=kexec-demo	# what its messages start with (die: qemu-options.sh)
# shellcheck source=../qemu-options.sh
source "$(dirname "$0")/../qemu-options.sh"

usage="usage: $0 BUILD [KERNEL= INITRD= APPEND= OLD= VIA=kreloc|linux REFUSE= UART=pl011|none EL=1|2|2vhe CPU= SMP= MEM= QEMU= TIMEOUT= QEMU_ARGS=]"
options "$usage" "KERNEL INITRD APPEND OLD VIA REFUSE UART EL CPU SMP MEM QEMU TIMEOUT QEMU_ARGS" "$@"
top=$(cd "$(dirname "$0")/../.." && pwd)
kinit=$build/tests/kexec/kexec-init
[ -r "$kinit" ] || die "no kexec-init at $kinit: run make O=$build linux-tools"

QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-300}
VIA=${VIA:-kreloc}
EL=${EL:-2}
CPU=${CPU:-max}
SMP=${SMP:-1}
MEM=${MEM:-2G}

# --- options ------------------------------------------------------------

timeout_option

case $VIA in
kreloc)	module=$build/linux-kexec/kreloc_kexec.ko
	[ -r "$module" ] || die "VIA=kreloc: no module at $module: run make O=$build module, or give VIA=linux" ;;
linux)	module= ;;
*)	die "VIA=$VIA: unknown; give VIA=kreloc (kreloc's module) or VIA=linux (Linux's own kexec)" ;;
esac

# UART=pl011: the module's uart= parameter, QEMU virt's PL011
modparams=
case ${UART:-none} in
none)	;;
pl011)	[ "$VIA" = kreloc ] || die "UART=pl011: the breadcrumbs are kreloc's stub's; give VIA=kreloc"
	modparams=" modparams=uart=pl011,0x9000000" ;;
*)	die "UART=$UART: unknown; give UART=pl011 (QEMU virt's console UART) or UART=none" ;;
esac

machine_options		# EL SMP MEM QEMU CPU: sets machine, at, mem, v80, cpu
# EL=2 is EL2 without VHE: on a CPU with VHE both kernels are told so
nvhe=
[ "$EL" != 2 ] || nvhe=" kvm-arm.mode=nvhe"

# --- the files ----------------------------------------------------------

# image NAME FILE: an uncompressed arm64 Image that runs on CPU, or die;
# sets image_size.
image() {
	local size flags page
	readable "$1" "$2"
	size=$(stat -L -c %s "$2")
	image_header "$1" "$2" "$size"
	image_size=$(le64 "$2" 16)
	flags=$(le64 "$2" 24)
	[ "$image_size" != 0 ] || image_size=$((size + (2 << 20)))	# before 3.17
	if [ "$image_size" -lt "$size" ] || [ "$image_size" -gt $((1 << 32)) ] ||
		[ "$flags" -lt 0 ] || [ $((flags & 1)) = 1 ]; then
		die "$1=$2: its header is inconsistent or big-endian (image_size $image_size, flags $flags, file $size bytes); give a sound little-endian arm64 Image"
	fi
	page=$(((flags >> 1) & 3))
	if [ "$page" = 2 ] && [[ " $v80 " = *" $CPU "* ]]; then
		die "$1=$2: built for 16K pages, which CPU=$CPU does not have; give a CPU with the 16K granule (e.g. CPU=max) or a 4K/64K Image"
	fi
}

cache=${KRELOC_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/kreloc}
if [ -z "$KERNEL" ] || [ -z "$OLD" ]; then
	if ! [ -s "$cache/Image-6.1-4k" ] && ! "$top/scripts/fetch-kernels.sh" "$cache" >&2; then
		echo "$me: could not fetch Debian's arm64 kernel into $cache; give KERNEL= and OLD=" >&2
		exit 1
	fi
	KERNEL=${KERNEL:-$cache/Image-6.1-4k}
	OLD=${OLD:-$cache/Image-6.1-4k}
fi
image OLD "$OLD"
old_image_size=$image_size
image KERNEL "$KERNEL"
next_image_size=$image_size
[ -z "$REFUSE" ] || readable REFUSE "$REFUSE"
if [ -n "$INITRD" ]; then
	readable INITRD "$INITRD"
	[ -s "$INITRD" ] || die "INITRD=$INITRD: empty; give a cpio archive (newc), or no INITRD= for the bundled one"
else
	for f in "$build/tests/linux/init" "$build/native/mkfiller"; do
		[ -x "$f" ] || die "no $f for the default INITRD: run make O=$build linux-tools"
	done
fi
command -v cpio >/dev/null 2>&1 || die "no cpio to pack the initramfs: install cpio (make deps)"

case $APPEND in
*$'\n'*) die "APPEND: holds a newline; give one line of kernel parameters" ;;
*'"'*)	[ "$VIA" = linux ] ||
		die "APPEND=$APPEND: a double quote cannot reach the module (its cmdline= parameter is quoted); drop it, or give VIA=linux" ;;
esac

# --- the old system's initramfs -----------------------------------------

work=$(mktemp -d "$build/kexec-in-qemu.XXXXXX") || die "cannot write in $build"
trap 'rm -rf "$work"' EXIT
unpack() {		# WHICH BYTES LINE: why an initramfs did not unpack
	local err=${3#*failed: }
	case $err in
	*"write error"*) echo "the $1 kernel ran out of room unpacking its initramfs ($(size "$2"): $err); give more MEM" ;;
	*) echo "the $1 kernel could not unpack its initramfs ($(size "$2"): $err); is it a cpio archive?" ;;
	esac
}

root=$work/root
mkdir -p "$root/next" "$root/sys" "$root/proc" || die "cannot write in $work"
next_cmdline="console=ttyAMA0 earlycon panic=-1$nvhe"
if [ -z "$INITRD" ]; then
	{ mkdir "$work/next-root" && cp "$build/tests/linux/init" "$work/next-root/init"; } ||
		die "cannot write in $work"
	sum=$("$build/native/mkfiller" $((1 << 20)) 7 "$work/next-root/filler") ||
		die "mkfiller failed"
	(cd "$work/next-root" && printf 'init\nfiller\n' | cpio -o -H newc --quiet) \
		>"$work/next-initrd.cpio" || die "cannot pack the next initramfs"
	INITRD=$work/next-initrd.cpio
	next_cmdline="$next_cmdline krelocsum=$sum"
fi
next_cmdline="$next_cmdline${APPEND:+ $APPEND}"
# arm64's COMMAND_LINE_SIZE, with its NUL
[ ${#next_cmdline} -lt 2048 ] ||
	die "APPEND: the next command line would be ${#next_cmdline} bytes; Linux on arm64 takes 2047 at most"
rsize=$(stat -L -c %s "$INITRD")

{ cp "$kinit" "$root/init" && chmod 755 "$root/init" &&
	ln -s "$(realpath "$KERNEL")" "$root/next/Image" &&
	ln -s "$(realpath "$INITRD")" "$root/next/initrd" &&
	printf '%s\n' "$next_cmdline" >"$root/next/cmdline"; } || die "cannot write in $work"
[ -z "$REFUSE" ] || ln -s "$(realpath "$REFUSE")" "$root/next/refuse"
[ -z "$module" ] || ln -s "$module" "$root/kreloc_kexec.ko"
# the small files first: if the unpacking fails, /init still says so
(cd "$root" && find . -mindepth 1 -not -name Image -not -name initrd -not -name refuse &&
	find next -mindepth 1 \( -name Image -o -name initrd -o -name refuse \)) |
	(cd "$root" && cpio -o -H newc -L --quiet) >"$work/old.cpio" ||
	die "cannot pack the old system's initramfs"
osize=$(stat -c %s "$work/old.cpio")

# --- RAM ------------------------------------------------------------------
# The old system: its kernel, the initramfs QEMU loads (below at most
# RAM/2 or 128 MiB, its own place, as QEMU's loader does) and the tmpfs
# Linux unpacks it into (at most half the RAM left beside the kernel, the
# initramfs and the 64 MiB CMA area Debian's kernels reserve); once it is
# unpacked, the load copies the next kernel and initrd again, at most
# twice (a read buffer and the pages kexec moves from). The next system:
# the same for its own initramfs, as boot-in-qemu.sh computes it.
old_need=$(((old_image_size + 3 * osize + (80 << 20)) * 64 / 63))
qemu_need=$(((mem / 2 < (128 << 20) ? mem / 2 : 128 << 20) + osize + (4 << 20)))
next_need=$(((next_image_size + (80 << 20)) * 64 / 63))
case $(bytes "$INITRD" 0 6) in
303730373031|303730373032)
	next_need=$(((next_image_size + 3 * rsize + (80 << 20)) * 64 / 63)) ;;
esac
if [ "$mem" -lt "$old_need" ] || [ "$mem" -lt "$qemu_need" ] || [ "$mem" -lt "$next_need" ]; then
	need=$old_need
	[ "$qemu_need" -le "$need" ] || need=$qemu_need
	[ "$next_need" -le "$need" ] || need=$next_need
	die "MEM=$MEM ($((mem >> 20)) MiB) is too small: the old system unpacks its initramfs ($(size "$osize"): the next kernel and initrd) and copies them again to load them, and the next one unpacks its initrd ($(size "$rsize")); give MEM=$(mib "$need")M or more"
fi

# --- the run ----------------------------------------------------------------

old_cmdline="console=ttyAMA0 earlycon panic=-1$nvhe via=$VIA${REFUSE:+ refuse=/next/refuse}$modparams"
echo "$me: old system: $OLD at $at on $CPU, $SMP CPU(s), $((mem >> 20)) MiB, initramfs $(size "$osize")"
how="kreloc's module"
[ "$VIA" = kreloc ] || how="Linux's own kexec"
echo "$me: kexec through $how into $KERNEL, initrd $rsize bytes${REFUSE:+, after a refused load of $REFUSE}"
echo "$me: next command line: $next_cmdline"
marker="kreloc-init: reached userspace"
read -ra extra <<<"$QEMU_ARGS"
started=$SECONDS
# The console, line by line: "old| " up to the next kernel's first line
# after the trigger, "new| " from there on.
timeout --foreground "$TIMEOUT" "$QEMU" -M "$machine" -cpu "$cpu" -smp "$SMP" \
	-m "$((mem >> 20))M" -nographic -nodefaults -serial stdio -no-reboot \
	-kernel "$OLD" -initrd "$work/old.cpio" -append "$old_cmdline" \
	"${extra[@]}" 2>&1 </dev/null |
{
	phase=old triggered=
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		case $line in
		*"kexec-init: trigger at cntvct"*) triggered=1 ;;
		*"Booting Linux on physical CPU"*) [ -z "$triggered" ] || phase=new ;;
		esac
		printf '%s| %s\n' "$phase" "$line"
	done
} | tee "$work/console"
rc=${PIPESTATUS[0]}
took=$((SECONDS - started))

# --- the verdict --------------------------------------------------------------

con=$work/console
first() { grep -m 1 -E "$1" "$con" | cut -c 6-; }	# the first line matching, unmarked
if grep -q "^new| .*$marker" "$con" && [ "$rc" = 0 ] &&
		! grep -q "Kernel panic - not syncing" "$con"; then
	echo "$me: the new system reached userspace after the kexec (${took}s)"
	exit 0
fi
code=1
if line=$(first '^old\| .*Initramfs unpacking failed') && [ -n "$line" ]; then
	why=$(unpack old "$osize" "$line")
elif line=$(first '^old\| .*kexec-init: FAIL: ') && [ -n "$line" ]; then
	why="the old system failed: ${line#*FAIL: }"
	case $line in
	*refused*)
		code=3
		r=$(first '^old\| .*kreloc_kexec: refused:')
		[ -z "$r" ] || why="$why; ${r#*] }" ;;
	esac
elif line=$(first '^old\| .*Kernel panic - not syncing') && [ -n "$line" ]; then
	why="the old kernel panicked: ${line#*not syncing: }"
elif ! grep -q '^old| .*kexec-init: trigger at cntvct' "$con"; then
	why="the old system never triggered the kexec"
elif ! grep -q '^new| ' "$con"; then
	why="no sign of the new kernel after the trigger"
elif line=$(first '^new\| .*Initramfs unpacking failed') && [ -n "$line" ]; then
	why=$(unpack new "$rsize" "$line")
elif line=$(first '^new\| .*Kernel panic - not syncing') && [ -n "$line" ]; then
	why="the new kernel panicked: ${line#*not syncing: }"
elif line=$(first '^new\| .*kreloc-init: FAIL') && [ -n "$line" ]; then
	why="the new system's init failed: ${line#*FAIL: }"
elif ! grep -q "^new| .*$marker" "$con"; then
	why="the new kernel never reached userspace"
else
	why="QEMU exit $rc after the new system's marker"
fi
case $rc in
0)	;;
124)	why="QEMU still running after ${TIMEOUT}s, stopped (TIMEOUT= to wait longer): $why"
	code=124 ;;
*)	why="$why (QEMU exit $rc)" ;;
esac
echo "$me: $why" >&2
exit "$code"
