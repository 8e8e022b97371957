#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-all.sh O: every test suite against the builds `make check` made in
# O/gcc and O/llvm. Each suite ends with "name: N passed, N failed"; the
# last line here adds them up.
set -u
O=$1
cd "$(dirname "$0")/.." || exit 2
total_pass=0 total_fail=0 broken=0

suite() {
	local log line p f
	log=$(mktemp)
	"$@" 2>&1 | tee "$log"
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		echo "run-all: $1 printed no result line"
		broken=$((broken + 1))
		return
	fi
	p=${line#*: }; p=${p%% passed*}
	f=${line#*passed, }; f=${f%% failed*}
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

suite tests/lint/run-lint.sh "$O/gcc"
suite tests/install/run-install.sh "$O/gcc"
suite "$O/gcc/native/unit-tests"
suite tests/unit/target/run.sh "$O/gcc"
suite tests/unit/sha256sum.sh "$O/gcc"
suite tests/unit/target/run.sh "$O/llvm"
suite tests/fdt/run-fdt.sh "$O/gcc"
suite tests/qemu/run-matrix.sh "$O/gcc" "$O/llvm"
suite tests/oracle/run-oracle.sh "$O/gcc"
suite tests/linux/run-demo.sh "$O/gcc"
suite tests/linux/run-linux.sh "$O/gcc"
suite tests/kexec/run-kexec.sh "$O/gcc"
suite tests/bench/run-bench.sh "$O/gcc"
suite tests/fuzz/run-fuzz.sh "$O/gcc/fuzz"
MUTANTS_SAMPLE=${MUTANTS_SAMPLE:-8} suite tests/mutants.sh "$O/mutants"

total_fail=$((total_fail + broken))
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
