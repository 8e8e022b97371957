# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# Sourced by the QEMU test runners: the exception levels, and how to boot
# the test host at one of them.

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
)

# qemu_host BUILD EL "HOST ARGS" [QEMU ARGS...]: boot the test host at EL
# under a timeout of $TIMEOUT seconds; its output on stdout.
qemu_host() {
	local build=$1 el=$2 args=$3 machine cpu elargs
	shift 3
	read -r machine cpu elargs <<<"${EL[$el]}"
	args="$elargs $args"
	timeout "${TIMEOUT:-30}" qemu-system-aarch64 -M "$machine" -cpu "$cpu" \
		-m 1G -nographic -nodefaults -no-reboot \
		-semihosting-config "enable=on,target=native,arg=${args// /,arg=}" \
		-kernel "$build/tests/qemu/harness.elf" "$@" 2>&1
}
