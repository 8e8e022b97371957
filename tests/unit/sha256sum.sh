#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# sha256sum.sh O: kreloc's SHA-256 against sha256sum on real segments:
# Debian's arm64 kernel Images the Linux tests boot (fetched into their
# cache if missing, as tests/linux/lib.sh does), an initramfs-sized cpio
# and the stub blob, each as a verified segment of 4K, 16K and 64K pages
# (its partial page bounced, then zero pages), the DIGEST's SHA-256
# compared with sha256sum of the file padded with the same zeroes; and
# kreloc_sha256() of the file alone with sha256sum of the file.
set -u
O=$1
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cache=${KRELOC_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/kreloc}
tool=$O/native/sha256-segment
work=$O/sha256sum
passed=0 failed=0
mkdir -p "$work"

files=("$O/kreloc-stub.bin")
if "$top/scripts/fetch-kernels.sh" "$cache" >/dev/null 2>&1; then
	files+=("$cache/Image-6.1-4k" "$cache/Image-6.12-16k")
else
	echo "FAIL  could not fetch Debian's kernels into $cache"
	failed=$((failed + 1))
fi
# an initrd's worth of cpio: odd-sized files, so the archive is too
mkdir -p "$work/root"
head -c 3000001 /dev/urandom > "$work/root/a"
printf 'init\n' > "$work/root/b"
(cd "$work/root" && printf 'a\nb\n' | cpio -o -H newc --quiet) > "$work/initrd.cpio"
files+=("$work/initrd.cpio")

for f in "${files[@]}"; do
	size=$(stat -c %s "$f")
	for ps in 4096 16384 65536; do
		extra=3
		padded=$(( (size + ps - 1) / ps * ps + extra * ps ))
		want_seg=$( { cat "$f"; head -c $((padded - size)) /dev/zero; } |
			    sha256sum | cut -d' ' -f1)
		want_file=$(sha256sum < "$f" | cut -d' ' -f1)
		got=$("$tool" "$f" "$ps" "$extra") || got=
		if [ "$(sed -n 's/  segment$//p' <<<"$got")" = "$want_seg" ] &&
		   [ "$(sed -n 's/  file$//p' <<<"$got")" = "$want_file" ]; then
			passed=$((passed + 1))
			echo "PASS  ${f##*/} ($size bytes), ${ps}-byte pages: $want_seg"
		else
			failed=$((failed + 1))
			echo "FAIL  ${f##*/}, ${ps}-byte pages: want $want_seg, $want_file; got"
			printf '      | %s\n' "${got:-(nothing)}"
		fi
	done
done
rm -rf "$work"
echo "sha256sum: $passed passed, $failed failed"
[ "$failed" = 0 ]
