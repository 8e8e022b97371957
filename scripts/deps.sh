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

# files -> Debian package: what no command shows (Pod::Usage: the kernel's
# kernel-doc, which `make module` runs through W=1; perl-base lacks it)
need_files='
/usr/include/cmocka.h				libcmocka-dev
/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a	libclang-rt-14-dev
/usr/share/perl/*/Pod/Usage.pm			perl
'

missing=$({
	echo "$need" | while read -r cmd pkg; do
		[ -n "$cmd" ] || continue
		# the tests run $QEMU when it is set (tests/qemu/lib.sh)
		[ "$cmd" = qemu-system-aarch64 ] && cmd=${QEMU:-$cmd}
		command -v "$cmd" >/dev/null 2>&1 || echo "$pkg"
	done
	echo "$need_files" | while read -r file pkg; do
		[ -n "$file" ] || continue
		# shellcheck disable=SC2086
		ls $file >/dev/null 2>&1 || echo "$pkg"
	done
} | sort -u | tr '\n' ' ')

[ -n "$missing" ] || exit 0

# QEMU: Debian bookworm's own is 7.2, its backports have 10.0 (newer CPU
# models: the matrix's Cortex-A710 cases run only there), and that is the
# one installed where it can be: on bookworm, from the same mirror as the
# machine's Debian source. Everywhere else, or if the mirror has no
# backports, the distribution's QEMU; the suites pass on 7.2 and 10.0.
#
# A QEMU that is already installed, whatever its version, is left alone:
# like every other line of $need, it is installed when missing and never
# upgraded. It may be the QEMU its owner runs machines with, and a test run
# should not change it under them; the suites pass on both versions, and
# the cases an older QEMU cannot run are reported as skipped.
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || codename=
backports=
[ "$codename" = bookworm ] && backports=$codename-backports
backports_source=/etc/apt/sources.list.d/kreloc-$backports.sources

# apt's sources: "RELEASE URI" for each suite apt has fetched
apt_suites() {
	# shellcheck disable=SC2016	# $(...) here is apt's format, not the shell's
	apt-get indextargets --format '$(RELEASE) $(REPO_URI)' \
		'Identifier: Packages' 'Target-Of: deb' 2>/dev/null | sort -u
}

# mirror: the URI apt fetches $codename itself from, whether the machine's
# sources are deb822 or one-line; empty if apt has not fetched it
mirror() {
	apt_suites | awk -v r="$codename" '$1 == r { sub("/$", "", $2); print $2; exit }'
}

# qemu_from_backports: install qemu-system-arm from $backports, adding
# that suite (from the Debian mirror) if apt lacks it. Fails, leaving the
# apt sources as they were, if the mirror has no backports.
qemu_from_backports() {
	added=
	if ! apt_suites | grep -q "^$backports "; then
		uri=$(mirror)
		[ -n "$uri" ] || return 1
		keyring=/usr/share/keyrings/debian-archive-keyring.gpg
		{
			echo "# added by kreloc's scripts/deps.sh: QEMU 10 for $codename"
			echo "Types: deb"
			echo "URIs: $uri"
			echo "Suites: $backports"
			echo "Components: main"
			[ ! -r "$keyring" ] || echo "Signed-By: $keyring"
		} >"$backports_source"
		added=$backports_source
		apt-get update -q >/dev/null 2>&1 || true
	fi
	if apt-cache madison qemu-system-arm 2>/dev/null | grep -q " $backports/" &&
			apt-get install -y -q --no-install-recommends \
				-t "$backports" qemu-system-arm >/dev/null; then
		return 0
	fi
	[ -z "$added" ] || rm -f "$added"
	return 1
}

if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
	echo "deps: installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	rest=
	for pkg in $missing; do
		if [ "$pkg" = qemu-system-arm ] && [ -n "$backports" ]; then
			if qemu_from_backports; then
				echo "deps: qemu-system-arm from $backports"
				continue
			fi
			echo "deps: no $backports on the Debian mirror (${uri:-unknown}); qemu-system-arm from $codename"
		fi
		rest="$rest $pkg"
	done
	# shellcheck disable=SC2086
	[ -z "$rest" ] || apt-get install -y -q --no-install-recommends $rest >/dev/null
	exit 0
fi
echo "deps: missing packages: $missing" >&2
echo "deps: install them with: sudo apt-get install $missing" >&2
case " $missing " in
*" qemu-system-arm "*)
	[ -n "$backports" ] || exit 1
	echo "deps: or take QEMU 10 from $backports (what CI runs) instead of $codename's 7.2:" >&2
	if ! apt_suites | grep -q "^$backports "; then
		uri=$(mirror)
		echo "deps:   echo 'deb ${uri:-http://deb.debian.org/debian} $backports main' | sudo tee /etc/apt/sources.list.d/$backports.list" >&2
		echo "deps:   sudo apt-get update" >&2
	fi
	echo "deps:   sudo apt-get install -t $backports qemu-system-arm" >&2
esac
exit 1
