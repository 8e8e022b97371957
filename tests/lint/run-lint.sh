#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-lint.sh BUILD: the analysers people run on a project like this one.
# It runs shellcheck on every shell script, cppcheck on the C that runs on a host
# (src/, examples/, the test programs); and a check that target code
# really is built against an empty sysroot (a target libc's headers that
# happen to be installed must not be found). A finding is fixed, or
# suppressed in place with a one-line reason.
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
passed=0 failed=0

result() {	# NAME OK OUTPUT
	if [ "$2" = 0 ]; then
		passed=$((passed + 1)); echo "PASS  $1"
	else
		failed=$((failed + 1)); echo "FAIL  $1"
		printf '%s\n' "$3" | sed 's/^/      | /'
	fi
}

# Every shell script: by name, or by its #! line.
scripts=()
while IFS= read -r f; do
	case $f in
	*.sh) scripts+=("$f") ;;
	*) head -n 1 "$f" | grep -qE '^#!.*/(env )?(ba)?sh' && scripts+=("$f") ;;
	esac
done < <(git ls-files 2>/dev/null || find . -path ./build -prune -o -type f -print)
out=$(shellcheck -x "${scripts[@]}" 2>&1)
result "shellcheck: ${#scripts[@]} scripts" $? "$out"

out=$(cppcheck -q --error-exitcode=1 --inline-suppr --std=c11 \
	--enable=warning,performance,portability \
	-Iinclude -I"$build/include" -Iexamples -Isrc \
	src examples tests/qemu tests/linux tests/kexec tests/install 2>&1)
result "cppcheck: src/, examples/, the test programs" $? "$out"

# The guard that keeps target code freestanding: with the compiler as the
# build calls it, a hosted header must not be found.
for tc in "" 1; do
	cc=$(make -s --no-print-directory O="$build" LLVM="$tc" print-CC)
	root=$(sed -n 's/.*--sysroot=\([^ ]*\).*/\1/p' <<<"$cc")
	found=no
	out=$(printf '#include <stdio.h>\n' | $cc -x c -fsyntax-only - 2>&1) &&
		found=yes
	[ $found = no ] && [ -n "$root" ] && [ -z "$(ls -A "$root" 2>/dev/null)" ]
	result "target compiler has an empty sysroot, finds no libc: $cc" $? \
		"${out:-stdio.h was found}"
done

echo "lint: $passed passed, $failed failed"
[ "$failed" = 0 ]
