#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# check-stub-relocs.sh READELF OBJ... : the stub's objects may carry only
# PC-relative relocations, which the link resolves for good. Anything
# absolute or GOT-based would need fixing up wherever the blob is copied.
set -eu
readelf=$1
shift
bad=$("$readelf" -rW "$@" | awk '
	$3 ~ /^R_AARCH64_/ && $3 !~ /^R_AARCH64_(JUMP26|CALL26|CONDBR19|TSTBR14|ADR_PREL_LO21)$/ { print }')
if [ -n "$bad" ]; then
	echo "kreloc: relocations the stub blob cannot carry:" >&2
	echo "$bad" >&2
	exit 1
fi
