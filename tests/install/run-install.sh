#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-install.sh BUILD: kreloc installed like a library. `make install`
# into a DESTDIR puts exactly the documented files in place; pkg-config
# finds them; a host outside the tree compiles and links against them
# with each toolchain, through pkg-config alone; another project's build
# vendors the sources through kreloc.mk; the version agrees everywhere;
# `make uninstall` removes exactly what was installed.
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest=$work/dest prefix=/usr/local
passed=0 failed=0

result() {	# NAME OK [DETAIL]
	if [ "$2" = 0 ]; then
		passed=$((passed + 1)); echo "PASS  $1"
	else
		failed=$((failed + 1)); echo "FAIL  $1${3:+: $3}"
	fi
}

# Something of another package's, which uninstall must leave alone.
mkdir -p "$dest$prefix/lib/pkgconfig"
echo other > "$dest$prefix/lib/pkgconfig/other.pc"

make -s -C "$top" O="$build" DESTDIR="$dest" PREFIX="$prefix" install >/dev/null
result "make install DESTDIR" $?

want="include/kreloc/abi.h
include/kreloc/kreloc.h
include/kreloc/version.h
lib/kreloc/kreloc-blob.o
lib/libkreloc.a
lib/pkgconfig/kreloc.pc
lib/pkgconfig/other.pc
share/kreloc/kreloc-stub.bin"
got=$(cd "$dest$prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
[ "$got" = "$want" ]
result "installs exactly the headers, libkreloc.a, the blob, its object and kreloc.pc" $? \
	"$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"

export PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_PATH=$dest$prefix/lib/pkgconfig
version=$(cat "$top/VERSION")
pc_version=$(pkg-config --modversion kreloc 2>&1)
# shellcheck disable=SC2046 # the flags are words by design
macro=$(printf '#include <kreloc/kreloc.h>\nKRELOC_VERSION\n' |
	aarch64-linux-gnu-gcc -E -P -ffreestanding --sysroot="$work/none" \
		$(pkg-config --cflags kreloc) - 2>&1 | tail -n 1)
readme=$(grep -c "^This is kreloc $version\b" "$top/README.md")
[ "$pc_version" = "$version" ] && [ "$macro" = "\"$version\"" ] && [ "$readme" = 1 ]
result "VERSION, kreloc.pc, KRELOC_VERSION and the README agree on $version" $? \
	"kreloc.pc '$pc_version', KRELOC_VERSION $macro, README lines $readme"

blob=$(pkg-config --variable=blob kreloc)
cmp -s "$blob" "$build/kreloc-stub.bin"
result "pkg-config's blob variable names the installed blob" $? "$blob"

# The consumer: a copy outside the tree, pkg-config's flags and nothing else.
cp "$top/tests/install/consumer.c" "$top/examples/baremetal/libc.c" \
	"$top/examples/baremetal/libc.h" "$work/"
for cc in "aarch64-linux-gnu-gcc" "clang --target=aarch64-none-elf -fuse-ld=lld"; do
	# shellcheck disable=SC2046,SC2086 # the flags are words by design
	out=$(cd "$work" && $cc --sysroot="$work/none" -std=c11 -O2 -Wall -Wextra \
		-Werror -ffreestanding -nostdlib -static -o consumer consumer.c libc.c \
		$(pkg-config --cflags --libs kreloc) 2>&1) &&
		nm "$work/consumer" | grep -q ' T kreloc_install$' &&
		nm "$work/consumer" | grep -q ' kreloc_blob_start$'
	result "a host outside the tree links through pkg-config (${cc%% *})" $? "$out"
	rm -f "$work/consumer"
done

# Vendored: another project's Makefile builds kreloc from kreloc.mk alone.
mkdir -p "$work/vendor"
out=$(make -s -C "$work/vendor" -f "$top/tests/install/vendor.mk" \
	KRELOC_DIR="$top" OUT="$work/vendor" 2>&1) &&
	nm "$work/vendor/host.elf" | grep -q ' T kreloc_install$' &&
	cmp -s "$work/vendor/kreloc/kreloc-stub.bin" "$build/kreloc-stub.bin"
result "another build vendors the sources through kreloc.mk (same blob)" $? "$out"

make -s -C "$top" O="$build" DESTDIR="$dest" PREFIX="$prefix" uninstall >/dev/null
left=$(cd "$dest$prefix" && find . -type f -o -type d -name kreloc | LC_ALL=C sort | tr '\n' ' ')
[ "$left" = "./lib/pkgconfig/other.pc " ]
result "make uninstall removes exactly what it installed" $? "left: $left"

echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
