#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# fetch-kheaders.sh CACHE: what an out-of-tree module for the cached 6.1
# Image (CACHE/Image-6.1-4k, from scripts/fetch-kernels.sh) builds against,
# unpacked into CACHE/kheaders-6.1.0-N/: Debian's linux-headers-6.1.0-N-arm64
# and linux-headers-6.1.0-N-common, and linux-kbuild-6.1 for this machine's
# own architecture (fixdep, modpost, genksyms run here), all of the Image's
# exact version. Prints the directory to give `make -C`. Kept across runs;
# fetched only when missing.
set -eu
cache=$1
image=$cache/Image-6.1-4k
me=fetch-kheaders

[ -s "$image" ] || "$(dirname "$0")/fetch-kernels.sh" "$cache" >&2

# The Image's ABI (6.1.0-N) and package version: from the record
# fetch-kernels.sh keeps next to it, or else from the Image's banner,
# "Linux version 6.1.0-N-arm64 (...) #1 SMP Debian VERSION (date)".
if [ -s "$image.pkg" ]; then
	read -r pkg ver <"$image.pkg"
	abi=${pkg#linux-image-}
	abi=${abi%-arm64-unsigned}
else
	banner=$(strings "$image" | sed -n \
		's/^Linux version \(6\.1\.0-[0-9][0-9]*\)-arm64 .* Debian \([^ ][^ ]*\) .*/\1 \2/p' | head -n 1)
	abi=${banner% *}
	ver=${banner#* }
fi
case $abi in
6.1.0-[0-9]*) ;;
*)	echo "$me: cannot tell the version of $image" >&2
	exit 1 ;;
esac

root=$cache/kheaders-$abi
kdir=$root/usr/src/linux-headers-$abi-arm64
if [ -f "$kdir/Makefile" ] && [ "$(cat "$root/version" 2>/dev/null)" = "$ver" ]; then
	echo "$kdir"
	exit 0
fi

host=$(dpkg --print-architecture)
pkgs="linux-headers-$abi-arm64 linux-headers-$abi-common"
echo "$me: $pkgs (arm64) and linux-kbuild-6.1 ($host), $ver" >&2

# apt_opts ARCH DIR: apt's options for ARCH's lists, kept in DIR: those of
# fetch-kernels.sh, with an empty status file of our own (a sandbox's
# /dev/null may be a plain file that others write to)
apt_opts() {
	mkdir -p "$2/lists/partial" "$2/archives/partial"
	: >"$2/status.empty"
	opts="-o APT::Architecture=$1 -o APT::Architectures=$1 \
		-o Dir::State::Lists=$2/lists -o Dir::Cache=$2 \
		-o Dir::State::status=$2/status.empty -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root -q"
}

tmp=$(mktemp -d "$cache/kheaders.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# fetch ARCH DIR PACKAGE...: download each PACKAGE at $ver into $tmp
fetch() {
	apt_opts "$1" "$2"
	shift 2
	# shellcheck disable=SC2086	# $opts: one word per option
	apt-get $opts update >/dev/null
	for p in "$@"; do
		# (apt-cache show succeeds, silent, for a version it lacks)
		# shellcheck disable=SC2086
		if [ -z "$(apt-cache $opts show "$p=$ver" 2>/dev/null)" ]; then
			echo "$me: $p $ver (the version of $image) is no longer in the archive" >&2
			exit 1
		fi
		shift
		set -- "$@" "$p=$ver"
	done
	# shellcheck disable=SC2086
	(cd "$tmp" && apt-get $opts download "$@" >/dev/null)
}
# shellcheck disable=SC2086	# $pkgs: the two package names
fetch arm64 "$cache/apt" $pkgs
fetch "$host" "$cache/apt-$host" linux-kbuild-6.1

for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root"
done
# lib/modules/*/{build,source} point at the machine's /usr/src: not ours
rm -rf "$tmp/root/lib"

# The arm64 Makefile includes the common one from /usr/src: point it at the
# common tree next to it instead, wherever this tree is.
mk=$tmp/root/usr/src/linux-headers-$abi-arm64/Makefile
if [ "$(cat "$mk")" != "include /usr/src/linux-headers-$abi-common/Makefile" ]; then
	echo "$me: unexpected $mk:" >&2
	cat "$mk" >&2
	exit 1
fi
# shellcheck disable=SC2016	# $(...) is make's
printf 'include $(dir $(lastword $(MAKEFILE_LIST)))../linux-headers-%s-common/Makefile\n' \
	"$abi" >"$mk"

# scripts and tools are relative links into linux-kbuild-6.1: they must
# resolve inside this tree (not to a linux-kbuild installed on the machine),
# and its programs must run here.
top=$(readlink -f "$tmp/root")
for d in "linux-headers-$abi-arm64" "linux-headers-$abi-common"; do
	for t in scripts tools; do
		case $(readlink -f "$tmp/root/usr/src/$d/$t") in
		"$top"/usr/lib/linux-kbuild-6.1/"$t") ;;
		*)	echo "$me: $d/$t does not resolve into linux-kbuild-6.1" >&2
			exit 1 ;;
		esac
	done
	for t in scripts/mod/modpost scripts/genksyms/genksyms scripts/basic/fixdep; do
		prog=$tmp/root/usr/src/$d/$t
		[ -x "$prog" ] || { echo "$me: no $d/$t" >&2; exit 1; }
	done
done
# fixdep without arguments prints its usage: 126 or 127 if it cannot run
rc=0
"$prog" >/dev/null 2>&1 || rc=$?
if [ "$rc" -ge 126 ]; then
	echo "$me: linux-kbuild-6.1's programs do not run on $host ($prog: $rc)" >&2
	exit 1
fi
echo "$ver" >"$tmp/root/version"

rm -rf "$root.old"
[ ! -e "$root" ] || mv "$root" "$root.old"
# -T: never into a tree another run has just put in place
if ! mv -T "$tmp/root" "$root" 2>/dev/null && ! [ -f "$kdir/Makefile" ]; then
	echo "$me: cannot move the headers to $root" >&2
	exit 1
fi
rm -rf "$root.old"
echo "$kdir"
