#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-fuzz.sh FUZZ_DIR [SECONDS]: run each fuzzer. Without SECONDS, a
# bounded number of runs (what make check does); with it, that long each.
# Corpora stay in FUZZ_DIR/corpus-NAME, crashes in FUZZ_DIR/crash-*.
set -u
dir=$1
seconds=${2:-}
SEED=${SEED:-$(( $(date +%s) % 100000 + 1 ))}
declare -A RUNS=([fuzz_plan]=15000 [fuzz_headers]=200000)

echo "fuzz: seed $SEED (SEED=$SEED $0 $* replays it)"
passed=0 failed=0
for name in fuzz_plan fuzz_headers; do
	mkdir -p "$dir/corpus-$name"
	if [ -n "$seconds" ]; then
		limit=-max_total_time=$seconds
	else
		limit=-runs=${RUNS[$name]}
	fi
	if "$dir/$name" "$limit" -seed="$SEED" -max_len=4096 \
			-artifact_prefix="$dir/crash-$name-" \
			"$dir/corpus-$name" >"$dir/$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS  $name: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$dir/$name.log")"
	else
		failed=$((failed + 1))
		echo "FAIL  $name (seed $SEED): see $dir/$name.log"
		tail -n 30 "$dir/$name.log" | sed 's/^/      | /'
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
