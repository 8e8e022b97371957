#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-fuzz.sh [--merge] FUZZ_DIR [SECONDS]: each fuzzer first replays its
# in-tree inputs, the seed corpus tests/fuzz/corpus/NAME and the named
# regressions tests/fuzz/corpus/regress/NAME (inputs that once found a
# bug), then fuzzes starting from the seed corpus. The regressions are not
# fuzzing seeds: the corpus holds only what fuzzing learned by itself, so
# how fast it finds a known bug stays a measure of the fuzzing.
#
# Without SECONDS (make check): a bounded number of runs from a fresh work
# corpus, so that SEED=N replays a run exactly. With SECONDS (make fuzz):
# that long each, the work corpus FUZZ_DIR/corpus-NAME kept between runs.
# --merge then minimizes the in-tree corpus and the work corpus together
# into a fresh directory (libFuzzer -merge=1) and puts the result in place
# of tests/fuzz/corpus/NAME, for a developer to commit. Crashes go to
# FUZZ_DIR/crash-NAME-*, logs to FUZZ_DIR/NAME.log.
set -u
merge=
if [ "${1:-}" = --merge ]; then
	merge=1
	shift
fi
dir=$1
seconds=${2:-}
here=$(cd "$(dirname "$0")" && pwd) || exit 1
SEED=${SEED:-$(( $(date +%s) % 100000 + 1 ))}
# make check's bound, per fuzzer. plan: a fresh run from the in-tree
# corpus found issue 10 again on the old code in 10k to 390k runs (mean
# 140k, median 72k, 15 seeds; corpus/README.md), and the replay of
# corpus/regress finds it at once. Since plans carry verified segments
# (SHA-256 of every page, three times a run) it runs at about 1k runs/s
# on one loaded core here, not 7k: 100k runs, about 100 s, is what
# make check can afford; `make fuzz` (FUZZ_SECONDS) is the long run.
# headers: about 1 s. fdt: 60k runs, 7 to 10 s (the replay alone catches
# all but one of the bugs fdt-edit.c had, fuzzing that one within 4.1k
# runs; corpus/README.md).
# FUZZ_RUNS_PLAN / FUZZ_RUNS_HEADERS / FUZZ_RUNS_FDT override.
declare -A RUNS=([plan]=${FUZZ_RUNS_PLAN:-100000} [headers]=${FUZZ_RUNS_HEADERS:-1000000}
	[fdt]=${FUZZ_RUNS_FDT:-60000})
OPTS=(-max_len=4096 -timeout=20 -print_final_stats=1)

echo "fuzz: seed $SEED (SEED=$SEED $0 ${merge:+--merge }$* replays it)"
passed=0 failed=0
result() {	# result PASS|FAIL TEXT [LOG]
	if [ "$1" = PASS ]; then
		passed=$((passed + 1))
		echo "PASS  $2"
	else
		failed=$((failed + 1))
		echo "FAIL  $2"
		[ -n "${3:-}" ] && tail -n 30 "$3" | sed 's/^/      | /'
	fi
}

for name in plan headers fdt; do
	bin=$dir/fuzz_$name
	corpus=$here/corpus/$name
	regress=$here/corpus/regress/$name
	log=$dir/fuzz_$name.log
	mkdir -p "$corpus"
	replay=("$corpus")
	[ -d "$regress" ] && replay+=("$regress")

	# 1. Replay: every in-tree input, named, once.
	mapfile -t inputs < <(find "${replay[@]}" -type f | sort)
	if [ "${#inputs[@]}" = 0 ]; then
		result PASS "fuzz_$name replay: no in-tree inputs"
	elif "$bin" "${OPTS[@]}" "${inputs[@]}" >"$dir/fuzz_$name-replay.log" 2>&1; then
		result PASS "fuzz_$name replay: ${#inputs[@]} in-tree inputs"
	else
		bad=$(grep '^Running: ' "$dir/fuzz_$name-replay.log" | tail -n 1)
		result FAIL "fuzz_$name replay: ${bad#Running: }" \
			"$dir/fuzz_$name-replay.log"
		continue
	fi

	# 2. Fuzz, starting from them; new inputs go to the work corpus.
	if [ -n "$seconds" ]; then
		work=$dir/corpus-$name
		limit=-max_total_time=$seconds
	else
		work=$dir/check-corpus-$name
		rm -rf "$work"
		limit=-runs=${RUNS[$name]}
	fi
	mkdir -p "$work"
	if "$bin" "${OPTS[@]}" "$limit" -seed="$SEED" \
			-artifact_prefix="$dir/crash-fuzz_$name-" \
			"$work" "$corpus" >"$log" 2>&1; then
		result PASS "fuzz_$name: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log")"
	else
		result FAIL "fuzz_$name (seed $SEED): see $log" "$log"
	fi

	# 3. make fuzz: minimize what is known into the in-tree corpus.
	[ -n "$merge" ] || continue
	fresh=$dir/merge-$name
	rm -rf "$fresh"
	mkdir -p "$fresh"
	before=$(find "$corpus" -type f | wc -l)
	if "$bin" "${OPTS[@]}" -merge=1 "$fresh" "$corpus" "$work" \
			>"$dir/fuzz_$name-merge.log" 2>&1 &&
	   [ -n "$(ls -A "$fresh")" ]; then
		find "$corpus" -type f -delete
		cp "$fresh"/* "$corpus"/
		result PASS "fuzz_$name merge: $corpus: $before -> $(find "$corpus" -type f | wc -l) inputs (git add it)"
	else
		result FAIL "fuzz_$name merge" "$dir/fuzz_$name-merge.log"
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
