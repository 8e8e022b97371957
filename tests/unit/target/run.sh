#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run.sh O [QEMU]: O/sha256-target.elf, the SHA-256 instruction path
# against the C path, at EL1, EL2 without and with VHE, and EL3, on
# -cpu max (FEAT_SHA256) and cortex-a57 (also has it; no VHE, so EL2
# runs nVHE only). One line per case, then "sha256-target: N passed,
# N failed".
set -u
O=$1
QEMU=${2:-${QEMU:-qemu-system-aarch64}}
elf=$O/sha256-target.elf
passed=0 failed=0
run() {	# run NAME MACHINE CPU
	local log rc
	log=$(timeout 60 "$QEMU" -M "$2" -cpu "$3" -m 512 -nographic -nodefaults \
		-serial none -monitor none -semihosting -no-reboot \
		-kernel "$elf" 2>&1)
	rc=$?
	if [ "$rc" = 0 ] && grep -q '^sha256-target: [0-9]* passed, 0 failed$' <<<"$log"; then
		passed=$((passed + 1))
		echo "PASS  $1: $(grep -o 'EL[0-9].*' <<<"$log" | head -n 1), $(grep -o '[0-9]* passed' <<<"$log")"
	else
		failed=$((failed + 1))
		echo "FAIL  $1"
		tail -n 20 <<<"$log" | while IFS= read -r l; do echo "      | $l"; done
	fi
}
run "EL1 max" virt max
run "EL2 max" virt,virtualization=on max
run "EL3 max" virt,secure=on,virtualization=on max
run "EL1 cortex-a57" virt cortex-a57
run "EL2 cortex-a57" virt,virtualization=on cortex-a57
echo "sha256-target: $passed passed, $failed failed"
[ "$failed" = 0 ]
