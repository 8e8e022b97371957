#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# mutants.sh WORK_DIR: prove the tests can fail. Each mutant is the
# stub with one step broken; it is built from a copy of the tree and the
# suite named must go red for it. A mutation that no longer applies
# (the stub changed under it) fails too, so this list cannot rot quietly.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)

# name | the suite that must catch it | what it must say | sed script |
# the file it edits (default asm/stub.S). "matrix" = the QEMU boots (any
# red case will do); "oracle" = the cache-maintenance oracle, whose verdict
# must contain the text given.
MUTANTS=(
	'no-mmu-off-before-jump|matrix||/^\.Lcopy_done:/,/br\tentry/ s/^\tbl\tmmu_off.*/\tnop/'
	'entry-read-after-copy|matrix||/^\.Lcopy_done:/a\	ldr	entry, [args, #KRELOC_OFF_ARGS_ENTRY]'
	'one-page-too-few|matrix||/^\.Lread_next:/,/^\tbr\twalker/ s/^\tbr\twalker.*/\tldr\tx0, [ptr]\n\ttbnz\tx0, #KRELOC_ENTRY_DONE_BIT, .Lcopy_done\n&/'
	'simd-short-copy|matrix||s/^\tldp\tq22, q23, \[x1\], #32/\tadd\tx1, x1, #32/'
	'no-daif-mask|matrix||s/^\tmsr\tdaifset, #0xf.*/\tnop/'
	'no-own-vectors|matrix||s/^\tel_msr\tvbar, x1.*/\tnop/'
	'x1-x2-swapped|matrix||s/^\tmov\tx1, kern_x1$/\tmov\tx1, kern_x2/'
	'short-page-copy|matrix||/stp\tx8, x9, \[dest\], #16/{n;s/^\tcmp\tdest, x0$/\tsub\tx2, x0, #64\n\tcmp\tdest, x2/}'
	'no-page-mask|matrix||s/^\tand\tx1, list_next, page_mask.*/\tmov\tx1, list_next/'
	'clean-skips-a-line|oracle|is never cleaned to PoC|s/^\tdc\tcivac, x5$/\tnop/'
	'clean-to-pou|oracle|cleaned only to PoU|s/^\tdc\tcivac, x2$/\tdc\tcvau, x2/'
	'clean-before-write|oracle|before its last write|s/^\tstp\tq0, q1, \[x2, #256\]!/\tadd\tx6, x2, #256\n\tdc\tcivac, x6\n&/; s/^\tdc\tcivac, x2$/\tnop/'
	'generic-clean-skips-a-line|oracle|is never cleaned to PoC|s/^\tsub\tx2, x0, page_size\t.*/&\n\tadd\tx2, x2, line_size/'
	'mmu-off-before-dsb|oracle|no dsb after the last clean|/stamp\tKRELOC_TS_COPY_DONE/,/bl\tmmu_off/ s/^\tdsb\tsy.*/\tnop/'
	'ivac-with-caches-on|oracle|dc ivac with the caches on|s/^\tcbnz\ttt_on, \.Lfill/\tnop/'
	'no-tlbi|oracle|no TLB invalidation|s/^\([0-9]*:\)\{0,1\}\ttlbi\t.*/\1\tnop/'
	'no-tlbi-after-mmu-off|oracle|no TLB invalidation of this regime after|/^stub_func forget/,/^stub_endfunc forget/ s/^\tbl\ttlb_flush$/\tnop/'
	'no-isb-after-mmu-on|oracle|with no isb in between|/^stub_func mmu_on/,/^stub_endfunc mmu_on/ {/^\tel_msr\tsctlr, x1$/{n;s/^\tisb$/\tnop/}}'
	'dsb-ish-before-mmu-off|oracle|that reaches the whole system|/stamp\tKRELOC_TS_COPY_DONE/,/bl\tmmu_off/ s/^\tdsb\tsy/\tdsb\tish/'
	'sctlr-keeps-host-bits|matrix||s/^\tand\tx1, x1, #SCTLR_KEEP$/\tnop/'
	'no-bti-pad|matrix||s/^\tbti\tjc.*/\tnop/'
	'no-forget-before-fail|oracle|before fail_addr|/^stub_func kreloc_stop/,/^stub_endfunc kreloc_stop/ s/^\tbl\tforget.*/\tnop/'
	'no-ic-iallu|oracle|no ic iallu|s/^\tic\tiallu.*/\tnop/'
	'uart-copy-line-skipped|matrix||s/^\tbl\tuart_copied.*/\tnop/'
	'uart-counts-other-entries|matrix||/^stub_func uart_copied/,/^stub_endfunc uart_copied/ s/^\tcinc\tx4, x4, ne/\tcinc\tx4, x4, eq/'
	'copy-before-verify|oracle|before the verify pass began|/^\.Lverify:/,/^\tbl\tverify/ s/^\tbl\tverify.*/\tnop/; /^\.Lcopy_done:/a\	bl	verify'
	'copy-reads-digest-words|matrix||s/^\ttbnz\tlist_next, #KRELOC_ENTRY_DIGEST_BIT, \.Lskip_digest$/\tnop/'
	'verify-ignores-mismatch|matrix||s/^\tcbnz\tx0, \.Lv_mismatch$/\tnop/|asm/verify.S'
	'verify-names-next-page|matrix||/^\.Lr_entry:/,/^\.Lr_not_page:/ s/^\tmov\tx7, dest\t.*/\tadd\tx7, dest, page_size/|asm/verify.S'
	'park-mmu-stays-on|matrix||/^stub_func kreloc_park/,/^stub_endfunc kreloc_park/ s/^\tbl\tmmu_off.*/\tnop/|asm/park.S'
	'park-slot-read-cached|oracle|reads the slot|/^stub_func kreloc_park/,/^stub_endfunc kreloc_park/ {s/^\tbl\tmmu_off.*/\tnop/; s/^\.Lpark_release:$/&\n\tbl\tmmu_off/}|asm/park.S'
	'park-no-dsb-before-mmu-off|oracle|with no dsb sy before it|/^stub_func kreloc_park/,/^\tbl\tmmu_off/ s/^\tdsb\tsy.*/\tnop/|asm/park.S'
	'park-no-forget|oracle|no ic iallu after|/^stub_func kreloc_park/,/^stub_endfunc kreloc_park/ s/^\tbl\tforget.*/\tnop/|asm/park.S'
)

# The working tree as it is (Makefile, kreloc.mk, VERSION, asm, examples,
# ...), without build products and without the directory we work in.
copy_tree() {
	local f
	for f in "$top"/*; do
		[ "${f##*/}" = build ] && continue
		[[ $work/ == "$f"/* ]] && continue
		cp -r "$f" "$1/"
	done
}

# The QEMU runners below use $QEMU (tests/qemu/lib.sh), as this run does.
echo "mutants: ${QEMU:-qemu-system-aarch64} $("${QEMU:-qemu-system-aarch64}" --version | awk 'NR == 1 { print $4 }')"

# MUTANTS_ONLY="NAME ..." runs just those (one mutant's suite, while
# working on it).
if [ -n "${MUTANTS_ONLY:-}" ]; then
	mapfile -t MUTANTS < <(printf '%s\n' "${MUTANTS[@]}" |
		grep -E "^(${MUTANTS_ONLY// /|})\|")
	echo "mutants: only ${#MUTANTS[@]}: $MUTANTS_ONLY"
fi

# MUTANTS_SAMPLE=N runs N of them, drawn with MUTANTS_SEED (printed, so a
# red sample can be replayed); make check samples, make mutants runs all.
all=${#MUTANTS[@]}
sample=${MUTANTS_SAMPLE:-0}
if [ "$sample" -gt 0 ] && [ "$sample" -lt "$all" ]; then
	seed=${MUTANTS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
	mapfile -t MUTANTS < <(printf '%s\n' "${MUTANTS[@]}" |
		shuf -n "$sample" --random-source=<(yes "$seed"))
	echo "mutants: $sample of $all, MUTANTS_SEED=$seed (make mutants runs all $all)"
fi
passed=0 failed=0
for m in "${MUTANTS[@]}"; do
	IFS='|' read -r name suite expect script file <<<"$m"
	file=${file:-asm/stub.S}
	dir=$work/$name
	rm -rf "$dir" && mkdir -p "$dir/tree"
	copy_tree "$dir/tree"
	sed -i "$script" "$dir/tree/$file"
	if cmp -s "$top/$file" "$dir/tree/$file"; then
		echo "FAIL  mutant $name: the mutation no longer applies to $file"
		failed=$((failed + 1))
		continue
	fi
	if ! make -C "$dir/tree" --no-print-directory O="$dir/build" all \
			>"$dir/build.log" 2>&1; then
		echo "FAIL  mutant $name: does not build (see $dir/build.log)"
		failed=$((failed + 1))
		continue
	fi
	if [ "$suite" = matrix ]; then
		QUICK=1 TIMEOUT=5 "$top/tests/qemu/run-matrix.sh" "$dir/build" \
			>"$dir/run.log" 2>&1
	else
		ORACLE_ELS="el1 el1fx" "$top/tests/oracle/run-oracle.sh" "$dir/build" >"$dir/run.log" 2>&1
	fi
	result=$(tail -n 1 "$dir/run.log")
	red=${result#*passed, }
	red=${red%% failed*}
	said=$(grep -m1 -F "$expect" "$dir/run.log" | sed 's/^ *//')
	if [ "${red:-0}" -gt 0 ] && [ -n "$said" ]; then
		echo "PASS  mutant $name: caught by the $suite ($result)"
		[ "$suite" = oracle ] && echo "      $said"
		passed=$((passed + 1))
	elif [ "${red:-0}" -gt 0 ]; then
		echo "FAIL  mutant $name: the $suite failed, but never said '$expect'"
		failed=$((failed + 1))
	else
		echo "FAIL  mutant $name: the $suite stayed green ($result)"
		failed=$((failed + 1))
	fi
done
echo "mutants: $passed passed, $failed failed"
[ "$failed" = 0 ]
