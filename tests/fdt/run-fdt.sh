#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
#
# run-fdt.sh BUILD: fdt_edit() (examples/linux-kexec/fdt-edit.c, through
# BUILD/native/fdtedit) on the DTB QEMU's virt board hands a kernel
# (-M virt,dumpdtb, cortex-a72), held to the device-tree compiler's tools:
# fdtput making the same edits gives the same tree (dtc -s), fdtget (libfdt,
# as Linux reads a DTB) finds every value set, the deleted ones are gone,
# dtc takes the output, and the header keeps what it must.
set -u
build=$(cd "${1:-/nonexistent}" 2>/dev/null && pwd) ||
	{ echo "usage: $0 BUILD"; exit 2; }
QEMU=${QEMU:-qemu-system-aarch64}
tool=$build/native/fdtedit
work=$(mktemp -d "$build/run-fdt.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL  $1${2:+: $2}"
	[ -s "$work/err" ] && sed 's/^/      | /' "$work/err" | tail -n 20
}

# be32 FILE OFFSET: a header field.
be32() { od -An -tu4 --endian=big -j "$2" -N 4 "$1" | tr -d ' '; }
# spaced HEX: "0011" -> "00 11", as fdtput -t bx wants it.
spaced() { sed 's/../& /g; s/ $//' <<<"$1"; }

dtb=$work/virt.dtb
if ! "$QEMU" -M virt,dumpdtb="$dtb" -cpu cortex-a72 -nodefaults \
		>/dev/null 2>"$work/err" || [ ! -s "$dtb" ]; then
	fail "QEMU dumps the virt board's DTB"
	echo "fdt: $passed passed, $failed failed"
	exit 1
fi

# same NAME OUT REF: the two trees are equal, once sorted.
same() {
	dtc -q -s -I dtb -O dts -o "$work/out.dts" "$2" 2>"$work/err" &&
		dtc -q -s -I dtb -O dts -o "$work/ref.dts" "$3" 2>>"$work/err"
	if ! diff -u "$work/ref.dts" "$work/out.dts" >"$work/err" 2>&1; then
		fail "$1" "not what fdtput makes of it"
	else
		pass "$1: as fdtput makes it"
	fi
}

# got NAME DTB NODE PROP REF: fdtget reads the same bytes in DTB as in REF.
got() {
	local a b
	a=$(fdtget -t bx "$2" "$3" "$4" 2>"$work/err")
	b=$(fdtget -t bx "$5" "$3" "$4" 2>>"$work/err")
	if [ -z "$a" ] || [ "$a" != "$b" ]; then
		fail "$1" "fdtget $3 $4: '$a', want '$b'"
		return 1
	fi
}

# 1. What the kexec module does to /chosen: new, replaced (a longer
# rng-seed), deleted (present and absent) properties.
cmdline="console=ttyAMA0 earlycon root=/dev/vda rw kreloc=1"
start=0000000048100000 end=0000000049234567 kaslr=0123456789abcdef
rng=$(for i in $(seq 1 64); do printf "%02x" "$i"; done)
"$tool" "$dtb" "$work/out.dtb" -s /chosen bootargs "$cmdline" \
	-x /chosen linux,initrd-start $start -x /chosen linux,initrd-end $end \
	-x /chosen kaslr-seed $kaslr -x /chosen rng-seed "$rng" \
	-d /chosen linux,elfcorehdr -d /chosen stdout-path 2>"$work/err" ||
	fail "fdtedit, the kexec edits"
cp "$dtb" "$work/ref.dtb"
fdtput -t s "$work/ref.dtb" /chosen bootargs "$cmdline"
for p in linux,initrd-start:$start linux,initrd-end:$end kaslr-seed:$kaslr \
	 rng-seed:$rng; do
	# shellcheck disable=SC2046	# one argument per byte
	fdtput -t bx "$work/ref.dtb" /chosen "${p%%:*}" $(spaced "${p#*:}")
done
fdtput -d "$work/ref.dtb" /chosen stdout-path
same "the kexec edits of /chosen" "$work/out.dtb" "$work/ref.dtb"
ok=1
for p in bootargs linux,initrd-start linux,initrd-end kaslr-seed rng-seed; do
	got "fdtget reads /chosen" "$work/out.dtb" /chosen "$p" "$work/ref.dtb" ||
		{ ok=; break; }
done
if [ -n "$ok" ] && [ "$(fdtget -t s "$work/out.dtb" /chosen bootargs)" = "$cmdline" ]; then
	if fdtget "$work/out.dtb" /chosen stdout-path >/dev/null 2>&1; then
		fail "fdtget reads /chosen" "stdout-path is still there"
	else
		pass "fdtget reads /chosen: each value set, stdout-path gone"
	fi
elif [ -n "$ok" ]; then
	fail "fdtget reads /chosen" "bootargs is not '$cmdline'"
fi

# The header: a DTB dtc takes, totalsize the file's (8-aligned, not
# QEMU's 1 MiB of slack), the reservations and the boot CPU as they were.
size=$(stat -c %s "$work/out.dtb")
if ! dtc -q -I dtb -O dtb -o /dev/null "$work/out.dtb" 2>"$work/err"; then
	fail "dtc reads the output"
elif [ "$(be32 "$work/out.dtb" 4)" != "$size" ] || [ $((size % 8)) != 0 ] ||
     [ "$size" -ge "$(stat -c %s "$dtb")" ]; then
	fail "header" "totalsize $(be32 "$work/out.dtb" 4), file $size"
elif [ "$(be32 "$work/out.dtb" 28)" != "$(be32 "$dtb" 28)" ] ||
     [ "$(fdtdump "$work/out.dtb" 2>/dev/null | grep -c memreserve)" != \
       "$(fdtdump "$dtb" 2>/dev/null | grep -c memreserve)" ]; then
	fail "header" "boot_cpuid_phys or the reservations changed"
else
	pass "header: dtc reads it, totalsize $size, boot CPU and reservations kept"
fi

# 2. Nodes with subnodes (their new properties must come before the
# subnodes, or libfdt, and Linux, does not see them) and new nodes.
"$tool" "$dtb" "$work/out2.dtb" -s / kreloc,root yes \
	-x /cpus kreloc,cpus 00000001 -d /cpus/cpu@0 compatible \
	-x /reserved-memory '#address-cells' 00000002 \
	-x /reserved-memory ranges '' -s /cpus/cpu@1 status okay \
	2>"$work/err" || fail "fdtedit, nodes with subnodes and new ones"
cp "$dtb" "$work/ref2.dtb"
fdtput -t s "$work/ref2.dtb" / kreloc,root yes
fdtput -t x "$work/ref2.dtb" /cpus kreloc,cpus 1
fdtput -d "$work/ref2.dtb" /cpus/cpu@0 compatible
fdtput -c "$work/ref2.dtb" /reserved-memory /cpus/cpu@1
fdtput -t x "$work/ref2.dtb" /reserved-memory '#address-cells' 2
fdtput -t x "$work/ref2.dtb" /reserved-memory ranges
fdtput -t s "$work/ref2.dtb" /cpus/cpu@1 status okay
same "edits of / and /cpus, a new /reserved-memory and /cpus/cpu@1" \
	"$work/out2.dtb" "$work/ref2.dtb"
if got "fdtget reads / and /cpus" "$work/out2.dtb" / kreloc,root "$work/ref2.dtb" &&
   got "fdtget reads / and /cpus" "$work/out2.dtb" /cpus kreloc,cpus "$work/ref2.dtb"; then
	pass "fdtget reads the new properties of / and /cpus (before their subnodes)"
fi

# 3. A node whose parent is missing too: refused, nothing written.
if "$tool" "$dtb" "$work/out3.dtb" -s /nosuch/node x y 2>"$work/err"; then
	fail "/nosuch/node" "accepted"
elif ! grep -q 'error -4' "$work/err" || [ -e "$work/out3.dtb" ]; then
	fail "/nosuch/node" "not refused with FDT_EDIT_E_PATH"
else
	pass "/nosuch/node: refused (FDT_EDIT_E_PATH), no output"
fi

echo "fdt: $passed passed, $failed failed"
[ "$failed" = 0 ]
