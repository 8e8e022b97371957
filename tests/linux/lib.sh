# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# shellcheck shell=bash disable=SC2154,SC2034
# (the runner sets $build, $top, $work, $suite, $out, $rc, $started; it
# reads $initrd and $sum)
#
# lib.sh: what the real-kernel runners share (tests/linux/run-linux.sh,
# tests/kexec/run-kexec.sh). Source it after setting $suite (the name the
# runner prints), $top (the tree) and $work (a scratch folder under the
# build); it keeps $passed and $failed.

cache=${KRELOC_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/kreloc}
passed=0 failed=0

# kernels: $K4 and $K16, Debian's 6.1 (4K) and 6.12 (16K) Images, fetched
# into the cache when missing; KERNEL_4K= and KERNEL_16K= give local ones.
kernels() {
	K4=${KERNEL_4K:-$cache/Image-6.1-4k}
	K16=${KERNEL_16K:-$cache/Image-6.12-16k}
	if [ -z "${KERNEL_4K:-}${KERNEL_16K:-}" ] &&
			! "$top/scripts/fetch-kernels.sh" "$cache"; then
		echo "$suite: FAIL: could not fetch Debian's arm64 kernels into $cache."
		echo "$suite: give local Images instead: KERNEL_4K=/path/to/Image (4K pages)"
		echo "$suite: and KERNEL_16K=/path/to/Image (16K pages)."
		return 1
	fi
	if ! [ -s "$K4" ] || ! [ -s "$K16" ]; then
		echo "$suite: FAIL: no kernel Image at $K4 or $K16"
		return 1
	fi
}

# initramfs NAME FILLER_BYTES: an initramfs whose /init (tests/linux/init.c)
# checks its /filler; sets $initrd and $sum (for krelocsum= on the command
# line).
initramfs() {
	local dir=$work/$1-root
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$build/tests/linux/init" "$dir/init"
	sum=$("$build/native/mkfiller" "$2" 7 "$dir/filler") || exit 1
	(cd "$dir" && printf 'init\nfiller\n' | cpio -o -H newc --quiet) > "$work/$1.cpio"
	rm -rf "$dir"
	initrd=$work/$1.cpio
}

# check NAME RC WANT...: the last run exited RC ($rc) and each WANT is in
# its output ($out); a WANT written PREFIX|TEXT must be in a line that
# starts with "PREFIX| " (the kexec demo marks the old and new systems'
# lines so); one written !TEXT must be in none. Uses $started (SECONDS
# when the run began).
check() {
	local name=$1 want_rc=$2 w miss=
	shift 2
	[ "$rc" = "$want_rc" ] || miss=" exit $want_rc"
	for w in "$@"; do
		if [[ $w == !* ]]; then
			! grep -qF -- "${w#!}" <<<"$out"
		elif [[ $w == *\|* ]]; then
			grep "^${w%%|*}| " <<<"$out" | grep -qF -- "${w#*|}"
		else
			grep -qF -- "$w" <<<"$out"
		fi || miss="$miss '$w'"
	done
	if [ -z "$miss" ]; then
		passed=$((passed + 1))
		echo "PASS  $name ($((SECONDS - started)) s)"
	else
		failed=$((failed + 1))
		echo "FAIL  $name (exit $rc): missing (or, for !TEXT, present)$miss"
		tail -n 40 <<<"$out" | sed 's/^/      | /'
	fi
}
