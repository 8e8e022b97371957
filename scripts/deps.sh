#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# deps.sh: make sure every tool the build and the tests use is installed.
# On Debian as root, missing packages are installed with apt-get; anywhere
# else the exact command is printed and the script fails.
set -eu

# command -> Debian package
need='
cc				gcc
aarch64-linux-gnu-gcc		gcc-aarch64-linux-gnu
aarch64-linux-gnu-ld		binutils-aarch64-linux-gnu
qemu-system-aarch64		qemu-system-arm
clang				clang
ld.lld				lld
llvm-objcopy			llvm
timeout				coreutils
awk				gawk
python3				python3
fdtput				device-tree-compiler
cpio				cpio
dpkg-deb			dpkg
bc				bc
shellcheck			shellcheck
cppcheck			cppcheck
pkg-config			pkgconf
nm				binutils
'

# files -> Debian package: what no command shows
need_files='
/usr/include/cmocka.h				libcmocka-dev
/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a	libclang-rt-14-dev
'

missing=$({
	echo "$need" | while read -r cmd pkg; do
		[ -n "$cmd" ] || continue
		command -v "$cmd" >/dev/null 2>&1 || echo "$pkg"
	done
	echo "$need_files" | while read -r file pkg; do
		[ -n "$file" ] || continue
		# shellcheck disable=SC2086
		ls $file >/dev/null 2>&1 || echo "$pkg"
	done
} | sort -u | tr '\n' ' ')

[ -n "$missing" ] || exit 0

if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
	echo "deps: installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
	exit 0
fi
echo "deps: missing packages: $missing" >&2
echo "deps: install them with: sudo apt-get install $missing" >&2
exit 1
