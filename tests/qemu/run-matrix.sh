#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-matrix.sh BUILD_DIR...   the QEMU matrix, once per build directory
# run-matrix.sh --demo BUILD   one verbose boot, for `make demo`
#
# Each case boots tests/qemu's host program in qemu-system-aarch64 at the
# exception level it names; the host relocates the payload through the
# stub and the payload checks what it finds. SEED=N replays a run. QEMU's
# serial port goes to the output too: with uart=pl011 the stub's
# breadcrumbs must be there, line for line (uart_want), and without it
# the stub must print nothing.
set -u

TIMEOUT=${TIMEOUT:-30}		# a hang detector, not a performance target
SEED=${SEED:-$(( $(date +%s) % 100000 ))}

source "$(dirname "$0")/lib.sh"
ELS="el1 el2 el2vhe el3"

cases() {
	local el entry copy page
	for el in $ELS; do
		for entry in mmu nommu; do
			for copy in mmu nommu; do
				echo "$el entry=$entry copy=$copy page=4096 case=normal"
			done
		done
		for page in 16384 65536; do
			echo "$el entry=mmu copy=mmu page=$page case=normal"
		done
		echo "$el entry=nommu copy=nommu page=65536 case=normal"
		echo "$el entry=mmu copy=mmu page=4096 case=fault"
	done
	echo "el1 entry=mmu copy=mmu page=4096 case=empty"
	echo "el2vhe entry=nommu copy=nommu page=4096 case=empty"
	echo "el1 entry=mmu copy=mmu page=4096 case=args-in-dest"
	echo "el2 entry=nommu copy=nommu page=16384 case=args-in-dest"
	echo "el3 entry=mmu copy=nommu page=4096 case=args-in-dest"
	for el in el1max el2max el2vhe el3max; do
		for g in 16384 65536; do
			echo "$el entry=mmu copy=mmu page=4096 granule=$g case=normal"
		done
		echo "$el entry=nommu copy=mmu page=16384 granule=16384 case=zero"
	done
	for el in $ELS; do
		echo "$el entry=mmu copy=mmu page=4096 case=zero"
		echo "$el entry=nommu copy=nommu page=4096 case=zero"
		echo "$el entry=mmu copy=mmu page=65536 case=inplace"
	done
	echo "el1max entry=mmu copy=mmu page=65536 granule=65536 case=zero"
	for c in "mmu 4096 normal" "mmu 4096 zero" "nommu 65536 inplace"; do
		read -r entry page kind <<<"$c"
		echo "el1fx entry=$entry copy=mmu page=$page simd=1 case=$kind"
	done
	for el in $ELS; do			# FP/SIMD copy, the host allowing it
		echo "$el entry=mmu copy=mmu page=4096 simd=1 case=normal"
		echo "$el entry=nommu copy=mmu page=16384 simd=1 case=zero"
	done
	echo "el2 entry=nommu copy=nommu page=4096 case=inplace"
	# EL3 on a CPU with FEAT_RME: refused before anything is written.
	echo "el3rme entry=nommu copy=mmu page=4096 case=reject reject=rme"
	echo "el3rme entry=nommu copy=nommu page=4096 case=reject reject=rme"
	# A list handed over as someone else's (kreloc_list_adopt), for the
	# MMU-off fallback, which reads it from memory: kreloc_install cleans it.
	for el in $ELS; do
		echo "$el entry=mmu copy=nommu page=4096 adopt=1 case=normal"
	done
	# A host whose code runs in guarded pages (FEAT_BTI, -cpu max)
	# enters by br: the stub's first instruction must be a landing pad.
	for el in el1max el2max el2vhe el3max; do
		echo "$el entry=mmu copy=mmu page=4096 bti=1 case=normal"
	done
	# Neoverse N1 (v8.2) and Cortex-A710 (v9.0), at every EL QEMU gives
	# them: the MMU-on SIMD copy, the MMU-off fallback, and zero-fill
	# through a 16K-granule map. Skipped where the QEMU lacks the model.
	for el in el1-n1 el2-n1 el2vhe-n1 el3-n1 el1-a710 el2-a710 el2vhe-a710 el3-a710; do
		echo "$el entry=mmu copy=mmu page=4096 simd=1 case=normal"
		echo "$el entry=nommu copy=nommu page=4096 case=normal"
		echo "$el entry=mmu copy=mmu page=16384 granule=16384 case=zero"
	done
	# KRELOC_F_VERIFY: random plans of verified segments (copied, in
	# place, zero-tailed), corrupted one bit at a time, flips= trials in
	# one boot, each refused with its segment and page, then booted as
	# built: the SHA-256 instructions and the software path, with the
	# map and in the MMU-off fallback, at every EL.
	for el in $ELS; do
		for v in 1 soft; do
			echo "$el entry=mmu copy=mmu page=4096 verify=$v case=verify"
			echo "$el entry=nommu copy=nommu page=4096 verify=$v case=verify"
		done
	done
	echo "el1max entry=mmu copy=mmu page=16384 granule=16384 verify=1 case=verify"
	echo "el2vhe entry=nommu copy=mmu page=65536 size=1048576 verify=soft case=verify"
	# one segment of 1536 pages: its page checks take two blocks
	echo "el2 entry=mmu copy=mmu page=4096 size=6291456 segs=1 verify=1 flips=8 case=verify"
	echo "el1 entry=mmu copy=mmu page=4096 uart=pl011 verify=1 flips=2 case=verify"
	echo "el3 entry=nommu copy=nommu page=4096 uart=pl011 verify=soft flips=2 case=verify"
	# In place (issue 15): the payload loaded overlapping its own
	# destination, planned by kreloc_list_plan(): trials= plans in one
	# boot (default 4), rotating through a shift up, a shift down and a
	# cycle of parts trading places (one bounce page), each booted and
	# checked, the last booting for good. The first entry into the stub
	# is as entry= says, the others with the MMU off (the stub left it
	# so), a verified plan's corruption trials (below) included.
	for el in $ELS; do
		echo "$el entry=mmu copy=mmu page=4096 case=overlap"
		echo "$el entry=nommu copy=nommu page=4096 case=overlap"
	done
	echo "el1max entry=nommu copy=mmu page=16384 granule=16384 case=overlap"
	echo "el2 entry=mmu copy=nommu page=65536 case=overlap"
	echo "el1fx entry=mmu copy=mmu page=4096 simd=1 trials=3 case=overlap"
	echo "el3 entry=mmu copy=mmu page=4096 uart=pl011 case=overlap"
	echo "el2vhe entry=nommu copy=nommu page=4096 uart=pl011 trials=3 case=overlap"
	# kreloc_list_plan_verified(): one DIGEST in the plan's order, and
	# before each plan flips= (6) corruption trials, each refused with
	# the DIGEST's number and the page op's destination, nothing written
	echo "el2 entry=mmu copy=mmu page=4096 uart=pl011 verify=1 case=overlap"
	echo "el3 entry=nommu copy=nommu page=4096 verify=soft trials=3 case=overlap"
	echo "el1 entry=mmu copy=nommu page=65536 verify=1 case=overlap"
	echo "el2vhe entry=nommu copy=mmu page=16384 verify=soft case=overlap"
	for r in flags page-size head tt-format granule no-dest t0sz t0sz-low verify-fpsimd; do
		echo "el1 entry=mmu copy=mmu page=4096 case=reject reject=$r"
		echo "el3 entry=nommu copy=mmu page=4096 case=reject reject=$r"
	done
	# Breadcrumbs on virt's PL011 (mapped Device), each line checked: at
	# every EL with the MMU on and off, and on the data abort.
	for el in $ELS; do
		echo "$el entry=mmu copy=mmu page=4096 uart=pl011 case=normal"
		echo "$el entry=nommu copy=nommu page=4096 uart=pl011 case=normal"
		echo "$el entry=mmu copy=mmu page=4096 uart=pl011 case=fault"
	done
	echo "el2vhe entry=nommu copy=mmu page=16384 uart=pl011 case=zero"
	echo "el1 entry=mmu copy=mmu page=4096 uart=pl011 case=empty"
	echo "el3 entry=mmu copy=mmu page=4096 uart=pl011 case=reject reject=no-dest"
	echo "el1 entry=mmu copy=mmu page=4096 uart=pl011 case=reject reject=granule"
	# a UART type the stub cannot drive: refused, and not a byte printed
	echo "el2 entry=nommu copy=mmu page=4096 uart=pl011 case=reject reject=uart"
	# A 16550 (QEMU's pci-serial: registers a byte apart, 1-byte
	# accesses), reached through the PCI I/O window
	echo "el1 entry=mmu copy=mmu page=4096 uart=16550 case=normal"
	echo "el2 entry=nommu copy=nommu page=4096 uart=16550 case=normal"
	echo "el2vhe entry=mmu copy=mmu page=4096 uart=16550 case=fault"
	echo "el3 entry=mmu copy=nommu page=4096 uart=16550 case=normal"
	# A second CPU through the park entry (-smp 2, PSCI from EL1 or EL2;
	# QEMU has no PSCI for an EL3 host), entered with its own MMU on and
	# off, woken with its slot 0, then released through it.
	for el in el1 el2 el2vhe el1fx; do
		echo "$el entry=mmu copy=mmu page=4096 case=park"
		echo "$el entry=nommu copy=mmu page=4096 case=park"
	done
	# ...and released into an undefined instruction in the blob: the
	# exception must be in its record.
	for el in el1 el2 el2vhe; do
		echo "$el entry=mmu copy=mmu page=4096 case=park-fault"
	done
}

# uart_want EL ARGS: the lines the stub must print on the UART, in order,
# from what the host said in $out (plan, page count, the status record
# fail_addr got). Nothing without uart=, or for a UART it refuses.
uart_want() {
	local el=$1 args=$2 machine cpu elargs n stop pages entry
	local phase error fphase vector esr elr far
	[[ $args == *uart=* && $args != *reject=uart* ]] || return 0
	read -r machine cpu elargs <<<"${EL[$el]}"
	n=${elargs#el=}
	n=${n%% *}
	[[ $elargs == *vhe=1* ]] && n="${n}h vhe" || n="${n}h"
	echo "kreloc: entry EL$n"
	uart_el=$n uart_again=
	# case=verify: an entry per corruption trial, refused, then the
	# boot; case=overlap: one per plan (trial), each after its own
	# corruption trials (verify=), in the order the host said them
	if [[ $args == *case=verify* || $args == *case=overlap* ]]; then
		local kind a b plan=()
		while read -r kind a b; do
			if [ "$kind" = refused ]; then
				uart_run "$args" refused "$a" "$b"
				continue
			fi
			[ ${#plan[@]} = 0 ] || uart_run "$args" "${plan[@]}"
			plan=(plan "$a" "$b")
		done < <(sed -n -e 's/^host: corruption [0-9]*: refused: error 11, digest_seg \(0x[0-9a-f]*\), digest_page \(0x[0-9a-f]*\),.*/refused \1 \2/p' \
				-e 's/^host: overlap trial [0-9]*\/[0-9]*: .* \([0-9]*\) page ops, entry \(0x[0-9a-f]*\)$/plan \1 \2/p' <<<"$out")
		if [[ $args == *case=overlap* ]]; then
			[ ${#plan[@]} = 0 ] || uart_run "$args" "${plan[@]}"
			return 0
		fi
		[ -z "$uart_again" ] || echo "kreloc: entry EL$n"
		uart_mmu_line "$args"
		[[ $out =~ host:\ verify:\ ([0-9]+)\ segments ]] &&
			echo "kreloc: verify ${BASH_REMATCH[1]} digests ok"
	fi
	stop=$(grep -m1 '^host: stub stopped:' <<<"$out")
	if [ -n "$stop" ] && [[ $args != *case=verify* ]]; then
		read -r _ _ _ _ phase _ error _ fphase _ vector _ esr _ elr _ far <<<"$stop"
		if [ "$phase" = 3 ] || [ "$fphase" = 3 ]; then
			uart_mmu_line "$args"
		fi
		[ "$error" = 1 ] &&
			echo "kreloc: exception in phase $fphase vector $vector esr $esr elr $elr far $far"
		echo "kreloc: stop: error $error in phase $phase"
		return 0
	fi
	pages=0
	if [[ $args != *case=empty* ]]; then
		[[ $args == *case=verify* ]] || uart_mmu_line "$args"
		[[ $out =~ \;\ ([0-9]+)\ scattered\ pages ]] && pages=${BASH_REMATCH[1]}
	fi
	echo "kreloc: copy $pages pages"
	[[ $out =~ host:\ plan\ .*\ entry=(0x[0-9a-f]+) ]] && entry=${BASH_REMATCH[1]}
	echo "kreloc: jump ${entry:-?}"
}

# uart_run ARGS refused SEG PAGE | ARGS plan OPS ENTRY: what one entry
# into the stub prints after its entry line (printed here but for the
# first): a corruption trial refused, or an overlap plan copied
uart_run() {
	[ -z "$uart_again" ] || echo "kreloc: entry EL$uart_el"
	uart_again=1
	uart_mmu_line "$1"
	if [ "$2" = plan ]; then
		[[ $1 == *verify=* ]] && echo "kreloc: verify 1 digests ok"
		echo "kreloc: copy $3 pages"	# bounce copies included
		echo "kreloc: jump $4"
		return 0
	fi
	if [ "$3" = 0xffffffffffffffff ]; then
		echo "kreloc: no digest for the pages at page $4"
	elif [ "$4" = 0xffffffffffffffff ]; then
		echo "kreloc: digest mismatch in segment $(($3))"
	else
		echo "kreloc: digest mismatch in segment $(($3)) at page $4"
	fi
	echo "kreloc: stop: error 11 in phase 8"
}

uart_mmu_line() {
	[[ $1 == *copy=mmu* ]] && echo "kreloc: mmu on" || echo "kreloc: mmu off (no map)"
}

# run_case BUILD SEED EL ARGS... ; output in $out, status in $rc. The
# serial port in the output: the PL011's, or a 16550's for uart=16550.
run_case() {
	local build=$1 seed=$2 el=$3 serial=(-serial stdio) smp=()
	shift 3
	[[ $* == *uart=16550* ]] && serial=(-chardev "stdio,id=u16550"
		-device "pci-serial,chardev=u16550,addr=02.0")
	[[ $* == *case=park* ]] && smp=(-smp 2)	# a second CPU to park
	out=$(set -o pipefail
	      qemu_host "$build" "$el" "$* seed=$seed" "${serial[@]}" "${smp[@]}" \
		</dev/null | tr -d '\r')
	rc=$?
}

if [ "${1:-}" = "--demo" ]; then
	build=$2
	echo "demo: booting the payload through kreloc at EL2 with VHE, host MMU on, breadcrumbs on the PL011 (seed $SEED)"
	run_case "$build" "$SEED" el2vhe entry=mmu copy=mmu page=4096 uart=pl011 case=normal demo=1
	echo "$out"
	grep -q '^payload: PASS' <<<"$out" && [ $rc = 0 ] && exit 0
	echo "demo: FAILED (exit $rc)"
	exit 1
fi

# FAILFAST=1 stops at the first failing case (the mutants need one).
# QUICK=1: the cases the mutants need, where a broken stub may hang in
# every one of them (not the named-core ones, "elN-core": no new paths).
# ONLY=REGEX: just the cases it matches (while working on some).
filter() {
	if [ -n "${ONLY:-}" ]; then
		grep -E -- "$ONLY"
	elif [ "${QUICK:-0}" = 1 ]; then
		grep -E 'page=4096 .*case=(normal|fault|args-in-dest)$|^el1 .*case=park$|^el1 entry=mmu .*verify=1 case=verify$' |
			grep -vE 'granule|^el[0-9a-z]+-'
	else
		cat
	fi
}

echo "qemu matrix: seed $SEED (SEED=$SEED $0 $* replays it); $QEMU $(qemu_version)"
# corruptions WHAT N: the host's "host: WHAT: N of N corruptions refused
# (100%)" line, after N refusals (host: corruption K: refused); else the
# case fails (rc 3)
corruptions() {
	local refused
	refused=$(grep -c '^host: corruption [0-9]*: refused: ' <<<"$out")
	grep -q "^host: $1: $2 of $2 corruptions refused (100%)" <<<"$out" &&
		[ "$refused" = "$2" ] && return 0
	[ "$rc" = 0 ] || return 1
	out+=$'\n'"matrix: FAIL: want \"host: $1: $2 of $2 corruptions refused (100%)\" after $2 refusals, got $refused"
	rc=3
	return 1
}

# tally "N WHAT, N WHAT, ...": add to the overlap corruptions by kind
declare -A TALLY
TALLY_ORDER=()
tally() {
	local part k
	local -a parts
	IFS=, read -ra parts <<<"$1"
	for part in "${parts[@]}"; do
		part=${part# }
		k=${part#* }
		[ -n "${TALLY[$k]+set}" ] || TALLY_ORDER+=("$k")
		TALLY[$k]=$(( ${TALLY[$k]:-0} + ${part%% *} ))
	done
}

passed=0 failed=0 skipped=0 n=0 flips=0 oflips=0
for build in "$@"; do
	tc=$(basename "$build")
	while read -r el args; do
		n=$((n + 1))
		seed=$((SEED + n))
		cpu=$(el_cpu "$el")
		if ! qemu_has_cpu "$cpu"; then
			skipped=$((skipped + 1))
			echo "SKIP  $tc $el $args (QEMU $(qemu_version) has no $cpu)"
			continue
		fi
		run_case "$build" "$seed" "$el" "$args"
		want='^payload: PASS'
		[[ $args == *case=fault* ]] && want='^host: PASS: data abort'
		[[ $args == *case=reject* ]] && want='^host: PASS: stub refused'
		[[ $args == *case=park ]] && want='^park: PASS'
		[[ $args == *case=park-fault ]] && want='^host: PASS: park fault'
		# case=verify: every trial refused, then the boot
		case_flips=0 case_oflips=0 case_tally=""
		if [[ $args == *case=verify* ]]; then
			n_flips=24
			[[ $args =~ flips=([0-9]+) ]] && n_flips=${BASH_REMATCH[1]}
			corruptions verify "$n_flips" && case_flips=$n_flips
		fi
		# case=overlap: every trial but the last checked and passed;
		# with verify=, flips= corruption trials before each refused
		if [[ $args == *case=overlap* ]]; then
			trials=4
			[[ $args =~ trials=([0-9]+) ]] && trials=${BASH_REMATCH[1]}
			if [ "$(grep -c '^host: overlap trial [0-9]*: image right$' <<<"$out")" != $((trials - 1)) ] &&
			   [ "$rc" = 0 ]; then
				out+=$'\n'"matrix: FAIL: want $((trials - 1)) trials checked before the last"
				rc=3
			fi
			n_flips=6
			[[ $args =~ flips=([0-9]+) ]] && n_flips=${BASH_REMATCH[1]}
			if [[ $args == *verify=* ]] &&
			   corruptions "overlap verify" $((trials * n_flips)); then
				case_oflips=$((trials * n_flips))
				case_tally=$(sed -n 's/^host: overlap verify: .* nothing written: //p' <<<"$out")
			fi
		fi
		crumbs=$(uart_want "$el" "$args")
		if [ "$(grep '^kreloc: ' <<<"$out")" != "$crumbs" ]; then
			out+=$'\n'"matrix: FAIL: the UART lines differ; want:"$'\n'"$crumbs"
			[ "$rc" = 0 ] && rc=3
		fi
		if [ $rc = 0 ] && grep -q "$want" <<<"$out"; then
			passed=$((passed + 1))
			flips=$((flips + case_flips))
			oflips=$((oflips + case_oflips))
			[ -z "$case_tally" ] || tally "$case_tally"
			echo "PASS  $tc $el $args"
		else
			failed=$((failed + 1))
			why="exit $rc"
			[ $rc = 124 ] && why="timeout after ${TIMEOUT}s: hang"
			echo "FAIL  $tc $el $args seed=$seed ($why)"
			printf '%s\n' "$out" | sed 's/^/      | /'
			[ "${FAILFAST:-0}" = 1 ] && break 2
		fi
	done < <(cases | filter)
done
[ "${FAILFAST:-0}" = 1 ] && [ "$failed" -gt 0 ] &&
	echo "qemu matrix: FAILFAST=1: stopped at the first failure"
# A skipped case is neither passed nor failed; the count is only shown
# when there is one.
skips=""
[ "$skipped" = 0 ] || skips=", $skipped skipped"
[ "$flips" = 0 ] ||
	echo "qemu: verify: $flips corruptions, in the case=verify boots that passed: every one refused with its segment and page (100%)"
if [ "$oflips" != 0 ]; then
	kinds=""
	for k in "${TALLY_ORDER[@]}"; do
		kinds+="${kinds:+, }${TALLY[$k]} $k"
	done
	echo "qemu: overlap verify: $oflips corruptions, in the case=overlap verify= boots that passed: every one refused with the plan's DIGEST number and page, nothing written (100%): $kinds"
fi
echo "qemu: $passed passed, $failed failed$skips"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
