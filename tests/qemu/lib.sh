# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# shellcheck shell=bash
# Sourced by the QEMU test runners: which QEMU, the exception levels, and
# how to boot the test host at one of them.
#
# QEMU=PATH selects the emulator (default: qemu-system-aarch64 on $PATH).
# It must be one command; a QEMU that needs extra options (e.g. -L for an
# unpacked one's data) goes behind a small wrapper script.

QEMU=${QEMU:-qemu-system-aarch64}
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "${0##*/}: QEMU=$QEMU: no such command (scripts/deps.sh installs qemu-system-arm)" >&2
	exit 2
fi

# name -> "machine cpu host-args"
declare -A EL=(
	[el1]="virt cortex-a72 el=1"
	[el2]="virt,virtualization=on cortex-a72 el=2"
	[el2vhe]="virt,virtualization=on max el=2 vhe=1"
	[el3]="virt,secure=on cortex-a53 el=3"
	# -cpu max has the 16K and 64K granules (and VHE, left off here)
	[el1max]="virt max el=1"
	[el2max]="virt,virtualization=on max el=2"
	[el3max]="virt,secure=on max el=3"
	# A64FX: 256-byte lines and DC ZVA blocks, so the generic copy and
	# clean paths run instead of the fused 64-byte ones
	[el1fx]="virt a64fx el=1"
	# Named server and v9 cores (QEMU 7.2 has the N1, 8.0 on the A710).
	# QEMU gives both EL2 (with VHE: ARMv8.1+) and EL3.
	[el1-n1]="virt neoverse-n1 el=1"
	[el2-n1]="virt,virtualization=on neoverse-n1 el=2"
	[el2vhe-n1]="virt,virtualization=on neoverse-n1 el=2 vhe=1"
	[el3-n1]="virt,secure=on neoverse-n1 el=3"
	[el1-a710]="virt cortex-a710 el=1"
	[el2-a710]="virt,virtualization=on cortex-a710 el=2"
	[el2vhe-a710]="virt,virtualization=on cortex-a710 el=2 vhe=1"
	[el3-a710]="virt,secure=on cortex-a710 el=3"
	# FEAT_RME (QEMU 8.0 on): the stub must refuse to run at EL3
	[el3rme]="virt,secure=on max,x-rme=on el=3"
)

# qemu_version: "7.2.22", "10.0.2", ...
qemu_version() {
	"$QEMU" --version | awk 'NR == 1 { print $4 }'
}

# qemu_has_cpu CPU[,PROPS]: does this QEMU model CPU (asks `-cpu help`
# once), and take PROPS (an instant start and quit with them)?
qemu_has_cpu() {
	if [ -z "${QEMU_CPUS:-}" ]; then
		QEMU_CPUS=" $("$QEMU" -cpu help | awk 'NR > 1 { printf "%s ", $1 }')"
	fi
	[[ $QEMU_CPUS == *" ${1%%,*} "* ]] || return 1
	[[ $1 != *,* ]] || echo quit | "$QEMU" -M virt,secure=on -cpu "$1" \
		-display none -nodefaults -S -monitor stdio >/dev/null 2>&1
}

# el_cpu EL: the CPU an exception-level case runs on
el_cpu() {
	local machine cpu
	read -r machine cpu _ <<<"${EL[$1]}"
	echo "$cpu"
}

# qemu_one_insn_per_tb: the option that makes each translation block one
# guest instruction (so -d cpu logs the registers before every one):
# `-accel tcg,one-insn-per-tb=on` since QEMU 8.1, `-singlestep` before
# (removed in 10.0). The binary is asked, not its version string: an
# instant start and quit with the option either works or is refused.
qemu_one_insn_per_tb() {
	if echo quit | "$QEMU" -M none -accel tcg,one-insn-per-tb=on \
			-display none -nodefaults -S -monitor stdio \
			>/dev/null 2>&1; then
		echo "-accel tcg,one-insn-per-tb=on"
	else
		echo "-singlestep"
	fi
}

# qemu_host BUILD EL "HOST ARGS" [QEMU ARGS...]: boot the test host at EL
# under a timeout of $TIMEOUT seconds; its output on stdout.
qemu_host() {
	local build=$1 el=$2 args=$3 machine cpu elargs
	shift 3
	read -r machine cpu elargs <<<"${EL[$el]}"
	args="$elargs $args"
	timeout "${TIMEOUT:-30}" "$QEMU" -M "$machine" -cpu "$cpu" \
		-m 1G -nographic -nodefaults -no-reboot \
		-semihosting-config "enable=on,target=native,arg=${args// /,arg=}" \
		-kernel "$build/tests/qemu/harness.elf" "$@" 2>&1
}
