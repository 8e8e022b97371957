#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# fetch-kernels.sh CACHE: Debian's arm64 kernels as raw Images, into
# CACHE/Image-6.1-4k (the current 6.1 of linux-image-arm64) and
# CACHE/Image-6.12-16k (the newest 6.12 with 16K pages), from the
# -unsigned packages. Each Image's package and version go next to it, in
# CACHE/Image-*.pkg ("linux-image-6.1.0-N-arm64-unsigned 6.1.x-y"): what
# scripts/fetch-kheaders.sh matches. Kept across runs; fetched only when
# missing.
set -eu
cache=$1
[ -s "$cache/Image-6.1-4k" ] && [ -s "$cache/Image-6.12-16k" ] && exit 0

apt=$cache/apt
mkdir -p "$apt/lists/partial" "$apt/archives/partial"
set -- -o APT::Architecture=arm64 -o APT::Architectures=arm64 \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" \
	-o Dir::State::status=/dev/null -o Debug::NoLocking=1 \
	-o APT::Sandbox::User=root -q
apt-get "$@" update >/dev/null
meta=$(apt-cache "$@" depends linux-image-arm64 |
	awk '/Depends: linux-image-6\.1\./ { print $2; exit }')
pkg4k=$meta-unsigned
pkg16k=$(apt-cache "$@" search --names-only '^linux-image-6\.12\..*-arm64-16k-unsigned$' |
	awk '{ print $1 }' | sort -V | tail -n 1)
if [ "$pkg4k" = "-unsigned" ] || [ -z "$pkg16k" ]; then
	echo "fetch-kernels: no 6.1 or 6.12-16k arm64 kernel package found" >&2
	exit 1
fi
echo "fetch-kernels: $pkg4k $pkg16k"
(cd "$apt/archives" && apt-get "$@" download "$pkg4k" "$pkg16k" >/dev/null)
for p in "$pkg4k:Image-6.1-4k" "$pkg16k:Image-6.12-16k"; do
	deb=$(ls "$apt/archives/${p%%:*}"_*.deb)
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './boot/vmlinuz-*' > "$cache/${p#*:}.tmp"
	# shellcheck disable=SC2016	# ${...} is dpkg-deb's
	dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" > "$cache/${p#*:}.pkg"
	mv "$cache/${p#*:}.tmp" "$cache/${p#*:}"
	rm -f "$deb"
done
