# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# shellcheck shell=bash disable=SC2034,SC2154
# (the script that sources it sets $me and reads what this sets)
#
# qemu-options.sh: what the two QEMU examples share (linux-boot/
# boot-in-qemu.sh, linux-kexec/kexec-in-qemu.sh): their NAME=VALUE
# options, the checks of EL=, SMP=, MEM=, QEMU= and CPU=, and the file
# checks down to an arm64 Image's header. Source it after setting $me, the
# name each message starts with: a bad option gets one line on stderr and
# exit status 2 (die). The defaults are the caller's: set TIMEOUT, EL,
# SMP, MEM, QEMU and CPU before the checks.

die() {		# one line on stderr, exit 2
	echo "$me: $*" >&2
	exit 2
}

# options USAGE NAMES BUILD [NAME=VALUE...]: each of NAMES from the
# environment, then from the arguments (they win); $build, BUILD as an
# absolute path.
options() {
	local usage=$1 names=$2 n a
	shift 2
	[ $# -ge 1 ] || die "$usage"
	build=$1
	shift
	for n in $names; do
		printf -v "$n" %s "${!n:-}"
	done
	for a in "$@"; do
		n=${a%%=*}
		case " $names " in
		*" $n "*)
			[ "$n" != "$a" ] || die "$a: not NAME=VALUE; $usage"
			printf -v "$n" %s "${a#*=}" ;;
		*)	die "unknown option '$a'; known: $names" ;;
		esac
	done
	[ -d "$build" ] || die "BUILD=$build: no such directory; $usage"
	build=$(cd "$build" && pwd)
}

# timeout_option: TIMEOUT, 1 to 999999 seconds, made decimal.
timeout_option() {
	if ! [[ $TIMEOUT =~ ^[0-9]{1,6}$ ]] || [ $((10#$TIMEOUT)) = 0 ]; then
		die "TIMEOUT=$TIMEOUT: not a number of seconds; give 1 to 999999"
	fi
	TIMEOUT=$((10#$TIMEOUT))
}

# machine_options: EL, SMP, MEM, QEMU and CPU, checked. Sets $machine
# (-M), $at (the level in words), $vhe (1 for EL=2vhe, else 0), $mem (MEM
# in bytes), $v80 (the Armv8.0 cores) and $cpu (-cpu); SMP made decimal.
machine_options() {
	local int frac mult scale max_mem mem_syntax cpus vhe_cpus c probe
	case $EL in
	1)	machine=virt vhe=0 at="EL1" ;;
	2)	machine=virt,virtualization=on vhe=0 at="EL2 without VHE" ;;
	2vhe)	machine=virt,virtualization=on vhe=1 at="EL2 with VHE" ;;
	3)	die "EL=3: Linux does not run at EL3, the secure monitor's level (firmware's); give EL=1, 2 or 2vhe" ;;
	*)	die "EL=$EL: unknown exception level; give EL=1, 2 (EL2 without VHE) or 2vhe (EL2 with VHE)" ;;
	esac

	if ! [[ $SMP =~ ^[0-9]{1,4}$ ]] || [ $((10#$SMP)) -lt 1 ] || [ $((10#$SMP)) -gt 8 ]; then
		die "SMP=$SMP: not a CPU count; give 1 to 8 (QEMU virt with GICv2 has 8 at most)"
	fi
	SMP=$((10#$SMP))

	# MEM in QEMU's -m syntax, to bytes: a number (fraction allowed) of
	# MiB, or with a B, K, M, G or T suffix. It must come to whole MiB,
	# 255 GiB at most.
	mem_syntax="give QEMU's -m syntax: MiB (1536) or a K, M, G or T suffix (512M, 2G, 1.5G), whole MiB up to 255G"
	[[ $MEM =~ ^([0-9]{1,13})(\.([0-9]{1,6}))?([bBkKmMgGtT]?)$ ]] ||
		die "MEM=$MEM: not a size; $mem_syntax"
	int=$((10#${BASH_REMATCH[1]}))
	frac=${BASH_REMATCH[3]}
	case ${BASH_REMATCH[4]} in
	b|B)	mult=1 ;;
	k|K)	mult=1024 ;;
	''|m|M)	mult=$((1 << 20)) ;;
	g|G)	mult=$((1 << 30)) ;;
	t|T)	mult=$((1 << 40)) ;;
	esac
	max_mem=$((255 << 30))
	[ "$int" -le $((max_mem / mult)) ] || die "MEM=$MEM: more than QEMU virt's 255G; $mem_syntax"
	mem=$((int * mult))
	if [ -n "$frac" ]; then
		scale=$((10 ** ${#frac}))
		[ $(((10#$frac * mult) % scale)) = 0 ] ||
			die "MEM=$MEM: not a whole number of bytes; $mem_syntax"
		mem=$((mem + 10#$frac * mult / scale))
	fi
	[ "$mem" -gt 0 ] || die "MEM=$MEM: no RAM at all; $mem_syntax"
	[ $((mem % (1 << 20))) = 0 ] || die "MEM=$MEM: not a whole number of MiB; $mem_syntax"
	[ "$mem" -le "$max_mem" ] || die "MEM=$MEM: more than QEMU virt's 255G; $mem_syntax"

	command -v "$QEMU" >/dev/null 2>&1 ||
		die "QEMU=$QEMU: not found; install qemu-system-arm (make deps) or give QEMU=/path/to/qemu-system-aarch64"
	# The AArch64 models of this QEMU: -cpu help less the 32-bit ones.
	cpus=$("$QEMU" -cpu help 2>/dev/null | awk '/^  [a-z0-9]/ { print $1 }' |
		grep -Ev '^(arm[0-9]|cortex-a(7|8|9|15)$|cortex-[mr]|pxa|sa1|ti9)' | tr '\n' ' ')
	cpus=${cpus% }
	case " $cpus " in
	*" $CPU "*) ;;
	*)	die "CPU=$CPU: not an AArch64 CPU model of $QEMU; give one of: $cpus" ;;
	esac
	# Armv8.0 cores: no VHE, and (these four) no 16K granule.
	v80='cortex-a35 cortex-a53 cortex-a57 cortex-a72'
	if [ "$EL" = 2vhe ] && [[ " $v80 " = *" $CPU "* ]]; then
		vhe_cpus=" $cpus "
		for c in $v80; do
			vhe_cpus=${vhe_cpus/ $c / }
		done
		vhe_cpus=${vhe_cpus# }
		die "EL=2vhe: CPU=$CPU has no VHE (an Armv8.0 core); give EL=2, or a CPU with VHE: ${vhe_cpus% }"
	fi

	# -cpu max computes pointer authentication with QARMA5, slowly under
	# TCG; QEMU's own algorithm (pauth-impdef=on) boots Linux 4 times
	# faster. The probe dumps a DTB to a file of its own: QEMU replaces the
	# file it is given by renaming over it, which would turn /dev/null into
	# a file.
	cpu=$CPU
	probe=$(mktemp) || die "cannot create a temporary file"
	if [ "$CPU" = max ] && "$QEMU" -M "virt,dumpdtb=$probe" \
			-cpu max,pauth-impdef=on -nographic -nodefaults >/dev/null 2>&1; then
		cpu=max,pauth-impdef=on
	fi
	rm -f "$probe"
}

# readable NAME FILE: a readable regular file, or die naming the option.
readable() {
	[ -e "$2" ] || die "$1=$2: no such file"
	[ -f "$2" ] || die "$1=$2: not a regular file"
	[ -r "$2" ] || die "$1=$2: not readable"
}
bytes() {		# FILE OFFSET COUNT: the bytes as hex pairs, no spaces
	od -An -v -t x1 -j "$2" -N "$3" "$1" | tr -d ' \n'
}
le64() {		# FILE OFFSET: a little-endian u64, -1 if 2^63 or more
	local h i v=0
	h=$(bytes "$1" "$2" 8)
	[ ${#h} = 16 ] || { echo -1; return; }
	[ $((16#${h:14:2})) -lt 128 ] || { echo -1; return; }
	for ((i = 14; i >= 0; i -= 2)); do
		v=$(((v << 8) | 16#${h:i:2}))
	done
	echo "$v"
}

mib() { echo $((($1 + (1 << 20) - 1) >> 20)); }
size() {		# BYTES: in MiB, or KiB below 1 MiB, rounded up
	if [ "$1" -lt $((1 << 20)) ]; then
		echo "$((($1 + 1023) >> 10)) KiB"
	else
		echo "$(mib "$1") MiB"
	fi
}

# image_header NAME FILE SIZE: FILE (SIZE bytes) starts with an arm64
# Image header (booting.rst), or die naming the option: what the caller
# reads of the header (text_offset, image_size, flags) it checks itself.
image_header() {
	[ "$3" -ge 64 ] || die "$1=$2: $3 bytes, too short for an arm64 Image header; give an uncompressed arm64 Image"
	if [ "$(bytes "$2" 56 4)" != 41524d64 ]; then
		case $(bytes "$2" 0 8) in
		1f8b*)	die "$1=$2: gzip-compressed; give the uncompressed arm64 Image (zcat it first)" ;;
		4d5a????7a696d67) die "$1=$2: an EFI zboot image (compressed); give the uncompressed arm64 Image" ;;
		*)	die "$1=$2: not an arm64 Image (no ARM\\x64 magic at offset 56); give an uncompressed arm64 Linux Image" ;;
		esac
	fi
}
