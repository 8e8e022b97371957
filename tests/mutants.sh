#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# mutants.sh WORK_DIR: prove the QEMU matrix can fail. Each mutant is the
# stub with one observable step broken; it is built from a copy of the
# tree and must turn the matrix red. A mutation that no longer applies
# (the stub changed under it) fails too, so this list cannot rot quietly.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)

# name | sed script applied to asm/stub.S
MUTANTS=(
	'no-mmu-off-before-jump|/^\.Lcopy_done:/,/br\tentry/ s/^\tbl\tmmu_off.*/\tnop/'
	'entry-read-after-copy|/^\.Lcopy_done:/a\	ldr	entry, [args, #KRELOC_OFF_ARGS_ENTRY]'
	'one-page-too-few|/^\.Lread_next:/,/^\tb\t\.Lnext_entry/ s/^\tb\t\.Lnext_entry.*/\tldr\tx0, [ptr]\n\ttbnz\tx0, #KRELOC_ENTRY_DONE_BIT, .Lcopy_done\n&/'
	'no-daif-mask|s/^\tmsr\tdaifset, #0xf.*/\tnop/'
	'no-own-vectors|s/^\tel_msr\tvbar, x1.*/\tnop/'
	'x1-x2-swapped|s/^\tmov\tx1, kern_x1$/\tmov\tx1, kern_x2/'
	'short-page-copy|s/^\tcmp\tx1, x0$/\tsub\tx2, x0, #64\n\tcmp\tx1, x2/'
	'no-page-mask|s/^\tand\tx1, list_next, page_mask.*/\tmov\tx1, list_next/'
)

passed=0 failed=0
for m in "${MUTANTS[@]}"; do
	name=${m%%|*}
	script=${m#*|}
	dir=$work/$name
	rm -rf "$dir" && mkdir -p "$dir/tree"
	(cd "$top" && cp -r Makefile asm include linker scripts src tests "$dir/tree/")
	sed -i "$script" "$dir/tree/asm/stub.S"
	if cmp -s "$top/asm/stub.S" "$dir/tree/asm/stub.S"; then
		echo "FAIL  mutant $name: the mutation no longer applies to asm/stub.S"
		failed=$((failed + 1))
		continue
	fi
	if ! make -C "$dir/tree" --no-print-directory O="$dir/build" all \
			>"$dir/build.log" 2>&1; then
		echo "FAIL  mutant $name: does not build (see $dir/build.log)"
		failed=$((failed + 1))
		continue
	fi
	TIMEOUT=5 "$top/tests/qemu/run-matrix.sh" "$dir/build" >"$dir/run.log" 2>&1
	result=$(tail -n 1 "$dir/run.log")
	red=${result#*passed, }
	red=${red%% failed*}
	if [ "${red:-0}" -gt 0 ]; then
		echo "PASS  mutant $name: caught ($result)"
		passed=$((passed + 1))
	else
		echo "FAIL  mutant $name: the matrix stayed green ($result)"
		failed=$((failed + 1))
	fi
done
echo "mutants: $passed passed, $failed failed"
[ "$failed" = 0 ]
