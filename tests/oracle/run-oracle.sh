#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-oracle.sh BUILD_DIR: run the stub under QEMU's instruction trace at
# every exception level, for the MMU-on copy and the MMU-off fallback, with
# 4K and 64K list pages, and let oracle.py check its cache maintenance;
# KRELOC_F_VERIFY's pass before the copy, and a refusal; and a second
# CPU's way through the park entry, entered with its MMU on and off (not
# at EL3: QEMU has no PSCI for an EL3 host).
# Traces are kept (in BUILD_DIR/oracle) only for failing cases.
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)
export TIMEOUT=${TIMEOUT:-60}
SEED=${SEED:-$(( $(date +%s) % 100000 ))}
out=$build/oracle
mkdir -p "$out"

source "$here/../qemu/lib.sh"

# One instruction per translation block, so that -d cpu logs the
# registers before every instruction (the option's name depends on the QEMU)
read -r -a one_insn <<<"$(qemu_one_insn_per_tb)"

echo "oracle: seed $SEED (SEED=$SEED $0 $* replays it); $QEMU $(qemu_version), ${one_insn[*]}"
passed=0 failed=0 n=0
# next_case: a seed of its own for the next case, and a stub address from
# it (the trace filter follows the stub).
next_case() {
	n=$((n + 1))
	seed=$((SEED + n))
	stub=$(( 0x7e000000 + (seed % 2048) * 8192 ))
}

# trace NAME EL ARGS WANT [QEMU ARGS...]: run the host under the trace,
# the oracle on it; the host's output must hold WANT.
trace() {
	local name=$1 el=$2 args=$3 want=$4 rc verdict
	shift 4
	qemu_host "$build" "$el" "$args" "$@" \
		"${one_insn[@]}" -d in_asm,cpu,nochain -D "$out/$name.trace" \
		-dfilter "$stub+0x2000" >"$out/$name.out"
	rc=$?
	verdict=$(python3 "$here/oracle.py" "$out/$name.out" "$out/$name.trace")
	if [ $rc = 0 ] && grep -q "$want" "$out/$name.out" &&
			[[ $verdict == "oracle: ok"* ]]; then
		passed=$((passed + 1))
		echo "PASS  $el $args: ${verdict#oracle: ok: }"
		rm -f "$out/$name.trace"
	else
		failed=$((failed + 1))
		echo "FAIL  $el $args (exit $rc)"
		echo "      $verdict"
		sed 's/^/      | /' "$out/$name.out"
		echo "      trace kept: $out/$name.trace"
	fi
}

for el in ${ORACLE_ELS:-el1 el2 el2vhe el3 el1fx}; do
	for copy in mmu nommu; do
		# 4K pages with the host's MMU on, 64K with it off: both
		# entries; zero-fill (DC ZVA or stores, and a bounce page)
		# and pages left in place (CLEAN), so every loop is traced.
		# The 4K runs copy with SIMD and print breadcrumbs on the
		# UART (its stores allowed as Device writes), the 64K ones
		# copy with GPRs, silent.
		for pc in "4096 32768 mmu zero 1 pl011" "65536 65536 nommu inplace 0 none"; do
			read -r page size entry kind simd uart <<<"$pc"
			next_case
			trace "$el-copy_$copy-page_$page" "$el" \
				"entry=$entry copy=$copy page=$page size=$size case=$kind simd=$simd uart=$uart seed=$seed stub=$stub" \
				'^payload: PASS'
		done
	done
	# The ways out through fail_addr: an argument refused once the map
	# is live, and a data abort in the copy (printed on the UART).
	for kind in "reject reject=no-dest|^host: PASS: stub refused" \
		    "fault uart=pl011|^host: PASS: data abort"; do
		next_case
		trace "$el-${kind%%[ |]*}" "$el" \
			"entry=mmu copy=mmu page=4096 case=${kind%|*} seed=$seed stub=$stub" \
			"${kind#*|}"
	done
	# KRELOC_F_VERIFY (SHA-256 instructions: a software pass would
	# make the trace huge): verified then copied with the map; and a
	# corrupted plan refused in the MMU-off fallback, nothing written.
	for kind in "copy=mmu flips=0|^payload: PASS" \
		    "copy=nommu flips=1 boot=0|^host: PASS: verify refused"; do
		next_case
		trace "$el-verify-${kind%% *}" "$el" \
			"entry=mmu ${kind%|*} page=4096 size=32768 case=verify verify=1 seed=$seed stub=$stub" \
			"${kind#*|}"
	done
	[ "$el" = el3 ] && continue
	for entry in mmu nommu; do
		next_case
		trace "$el-park-$entry" "$el" \
			"entry=$entry copy=mmu page=4096 case=park seed=$seed stub=$stub" \
			'^park: PASS' -smp 2
	done
done
echo "oracle: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
