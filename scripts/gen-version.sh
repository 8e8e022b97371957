#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# gen-version.sh VERSION OUT.h: the version macros, from the one VERSION
# file that kreloc.pc and the README also follow. OUT.h is rewritten only
# when it changes.
set -eu
in=$1 out=$2
v=$(cat "$in")
case $v in
[0-9]*.[0-9]*.[0-9]*) ;;
*) echo "gen-version: $in must hold MAJOR.MINOR.PATCH, not '$v'" >&2; exit 1 ;;
esac
major=${v%%.*} rest=${v#*.}
minor=${rest%%.*} patch=${rest#*.}
for n in "$major" "$minor" "$patch"; do
	case $n in
	''|*[!0-9]*) echo "gen-version: '$v' is not MAJOR.MINOR.PATCH" >&2; exit 1 ;;
	esac
done
tmp=$out.tmp
cat > "$tmp" <<EOT
/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/* Generated from VERSION by scripts/gen-version.sh. Do not edit. */
#ifndef KRELOC_VERSION_H
#define KRELOC_VERSION_H

#define KRELOC_VERSION		"$v"
#define KRELOC_VERSION_MAJOR	$major
#define KRELOC_VERSION_MINOR	$minor
#define KRELOC_VERSION_PATCH	$patch

#endif /* KRELOC_VERSION_H */
EOT
if cmp -s "$tmp" "$out"; then rm -f "$tmp"; else mv "$tmp" "$out"; fi
