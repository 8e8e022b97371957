#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-all.sh O: every test suite against the builds `make check` made in
# O/gcc and O/llvm. Each suite ends with "name: N passed, N failed"; the
# last line here adds them up, and "run-all: SUITE took N s" follows each.
#
# CHECK_JOBS=N runs N suites at a time (default 2, or 1 on a 1-core
# machine): QEMU's TCG and the fuzzers are CPU-bound, one core each, so
# more than the cores only shares them. With N > 1 a suite's output is
# shown as a whole when it ends (the longest suites start first); with
# CHECK_JOBS=1 it streams, one suite after the other.
set -u
O=$1
cd "$(dirname "$0")/.." || exit 2
total_pass=0 total_fail=0 broken=0

# The suites, the longest first. One entry's suites run one after the
# other: linux, kexec and sha256sum all fetch the kernels into the same
# cache.
ENTRIES=("mutants" "linux kexec sha256sum" "fuzz" "oracle" "matrix" "lint"
	"demo" "bench" "unit" "target-gcc target-llvm" "install" "fdt")

# cmd SUITE: its command line, in $cmd
cmd() {
	case $1 in
	lint)		cmd=(tests/lint/run-lint.sh "$O/gcc") ;;
	install)	cmd=(tests/install/run-install.sh "$O/gcc") ;;
	unit)		cmd=("$O/gcc/native/unit-tests") ;;
	target-gcc)	cmd=(tests/unit/target/run.sh "$O/gcc") ;;
	target-llvm)	cmd=(tests/unit/target/run.sh "$O/llvm") ;;
	sha256sum)	cmd=(tests/unit/sha256sum.sh "$O/gcc") ;;
	fdt)		cmd=(tests/fdt/run-fdt.sh "$O/gcc") ;;
	matrix)		cmd=(tests/qemu/run-matrix.sh "$O/gcc" "$O/llvm") ;;
	oracle)		cmd=(tests/oracle/run-oracle.sh "$O/gcc") ;;
	demo)		cmd=(tests/linux/run-demo.sh "$O/gcc") ;;
	linux)		cmd=(tests/linux/run-linux.sh "$O/gcc") ;;
	kexec)		cmd=(tests/kexec/run-kexec.sh "$O/gcc") ;;
	bench)		cmd=(tests/bench/run-bench.sh "$O/gcc") ;;
	fuzz)		cmd=(tests/fuzz/run-fuzz.sh "$O/gcc/fuzz") ;;
	mutants)	cmd=(tests/mutants.sh "$O/mutants") ;;
	esac
}

# count SUITE LOG: add the suite's closing line to the totals
count() {
	local line p f
	line=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$2" | tail -n 1)
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

# make check runs 8 mutants (make mutants, MUTANTS_SAMPLE=all: every one)
export MUTANTS_SAMPLE=${MUTANTS_SAMPLE:-8}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

jobs=${CHECK_JOBS:-$(n=$(nproc 2>/dev/null || echo 1); [ "$n" -ge 2 ] && echo 2 || echo 1)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "run-all: CHECK_JOBS=$jobs: give a number of suites, 1 or more"; exit 2; }

if [ "$jobs" = 1 ]; then
	for entry in "${ENTRIES[@]}"; do
		for s in $entry; do
			cmd "$s"
			start=$SECONDS
			"${cmd[@]}" 2>&1 </dev/null | tee "$tmp/$s.log"
			echo "run-all: ${cmd[0]} took $((SECONDS - start)) s"
			count "${cmd[0]}" "$tmp/$s.log"
		done
	done
else
	# Inside a parallel run the mutants run one at a time (they would run
	# two at a time on their own, make mutants).
	export MUTANTS_JOBS=${MUTANTS_JOBS:-1}
	echo "run-all: $jobs suites at a time (CHECK_JOBS=1: one after the other); each suite's output when it ends"
	declare -A running=()		# pid -> entry
	# entry_run ENTRY: its suites one after the other, each into
	# $tmp/SUITE.log, its seconds into $tmp/SUITE.took
	entry_run() {
		local s start
		for s in $1; do
			cmd "$s"
			start=$SECONDS
			"${cmd[@]}" >"$tmp/$s.log" 2>&1 </dev/null
			echo $((SECONDS - start)) >"$tmp/$s.took"
		done
	}
	entry_done() {
		local s
		for s in $1; do
			cmd "$s"
			cat "$tmp/$s.log"
			echo "run-all: ${cmd[0]} took $(cat "$tmp/$s.took" 2>/dev/null || echo '?') s"
			count "${cmd[0]}" "$tmp/$s.log"
		done
	}
	next=0
	while [ "$next" -lt "${#ENTRIES[@]}" ] || [ "${#running[@]}" -gt 0 ]; do
		while [ "$next" -lt "${#ENTRIES[@]}" ] && [ "${#running[@]}" -lt "$jobs" ]; do
			entry_run "${ENTRIES[$next]}" &
			running[$!]=${ENTRIES[$next]}
			echo "run-all: started ${ENTRIES[$next]// / then }"
			next=$((next + 1))
		done
		wait -n -p pid
		entry_done "${running[$pid]}"
		unset "running[$pid]"
	done
fi

total_fail=$((total_fail + broken))
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
