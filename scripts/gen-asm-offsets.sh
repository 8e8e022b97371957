#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# gen-asm-offsets.sh IN.s OUT.h: turn the "->NAME VALUE" markers that
# asm-offsets.c leaves in its assembly into #defines. OUT.h is rewritten
# only when it changes, so objects that include it are not rebuilt needlessly.
set -eu
in=$1 out=$2
tmp=$out.tmp
{
	echo '/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */'
	echo '/* Generated from src/asm-offsets.c by scripts/gen-asm-offsets.sh. Do not edit. */'
	echo '#ifndef KRELOC_GENERATED_ASM_OFFSETS_H'
	echo '#define KRELOC_GENERATED_ASM_OFFSETS_H'
	sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"->\([A-Z0-9_]*\) [#$]*\([0-9][0-9]*\)".*/#define \1 \2/p' "$in"
	echo '#endif /* KRELOC_GENERATED_ASM_OFFSETS_H */'
} > "$tmp"
n=$(grep -c '^#define KRELOC_' "$tmp" || true)
if [ "$n" -lt 2 ]; then
	echo "gen-asm-offsets: no offsets found in $in" >&2
	rm -f "$tmp"
	exit 1
fi
if cmp -s "$tmp" "$out"; then rm -f "$tmp"; else mv "$tmp" "$out"; fi
