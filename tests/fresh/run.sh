#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
# run.sh: make fresh-check. What a new user does on a fresh Debian 12
# machine: a minbase bookworm root from this machine's own apt sources, a
# clean clone of HEAD in it, and in it the README's two commands, `make demo`
# then `make check`, as root with a clean environment.
#
#   tests/fresh/run.sh [DIR]        DIR defaults to build/fresh
#
# The root is DIR/root, made anew every run and removed at the end
# (FRESH_KEEP=1 keeps it for a look inside); the logs stay in DIR.
# FRESH_TIMEOUT (s, default 3600) bounds each of the two commands.
# Needs root and CAP_SYS_ADMIN; the only host it talks to is the Debian
# mirror apt uses.
#
# Everything runs in a mount namespace of its own: the mounts made in the
# root are never seen by the machine, and vanish with the last process even
# if this script is killed with SIGKILL. The trap still unmounts them before
# anything is removed, and nothing is removed while anything is mounted below
# the root.
set -eu -o pipefail
# debootstrap and chroot live in sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

suite=bookworm
marker=.kreloc-fresh-root
step_timeout=${FRESH_TIMEOUT:-3600}

die2() {
	echo "fresh: $*" >&2
	exit 2
}

# --- preconditions: each a one-line error and exit 2 -------------------------

case $step_timeout in
'' | *[!0-9]* | 0) die2 "FRESH_TIMEOUT=$step_timeout: a number of seconds is expected" ;;
esac

[ "$(id -u)" = 0 ] ||
	die2 "needs root (debootstrap, chroot, mounts): run it as root, e.g. sudo make fresh-check"
capeff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
(((16#$capeff >> 21) & 1)) ||
	die2 "needs CAP_SYS_ADMIN to mount /proc, /sys and /dev in the root (in a container: --privileged or --cap-add SYS_ADMIN)"

if [ -z "${KRELOC_FRESH_NS:-}" ]; then
	unshare --mount --propagation private true 2>/dev/null ||
		die2 "cannot make a mount namespace (unshare --mount): CAP_SYS_ADMIN is not usable here"
	export KRELOC_FRESH_NS=1
	exec unshare --mount --propagation private -- "$BASH" "$0" "$@"
fi
unset KRELOC_FRESH_NS

if ! command -v debootstrap >/dev/null 2>&1; then
	[ -r /etc/debian_version ] ||
		die2 "debootstrap is missing: install it with: apt-get install debootstrap"
	echo "fresh: installing debootstrap"
	{ DEBIAN_FRONTEND=noninteractive apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends debootstrap; } >/dev/null ||
		die2 "could not install debootstrap: install it with: apt-get install debootstrap"
fi

# The machine's Debian entries: a deb822 stanza or a one-line entry whose
# suites are all bookworm, bookworm-<x> (updates, security, backports) or
# bookworm/updates; anything else (third-party repositories) is left out.
# debian_sources FILE text: those entries as they are written in FILE.
# debian_sources FILE mirror: the URIs of the entries for the suite itself.
debian_sources() {
	case $1 in
	*.sources)
		awk -v s="$suite" -v mode="$2" '
		function value(l) { sub(/^[^:]*:[ \t]*/, "", l); return l }
		BEGIN { RS = ""; re = "^" s "([-/][a-z]+)?$" }
		{
			n = split($0, line, "\n"); suites = ""; uris = ""; on = "yes"
			for (i = 1; i <= n; i++) {
				k = tolower(line[i])
				if (k ~ /^suites:/) suites = value(line[i])
				if (k ~ /^uris:/) uris = value(line[i])
				if (k ~ /^enabled:/) on = tolower(value(line[i]))
			}
			gsub(/^[ \t]+|[ \t]+$/, "", suites)
			m = split(suites, sv, /[ \t]+/); ok = m > 0 && on != "no"
			main = 0
			for (j = 1; j <= m; j++) {
				if (sv[j] !~ re) ok = 0
				if (sv[j] == s) main = 1
			}
			if (!ok) next
			if (mode == "text") printf "%s\n\n", $0
			else if (main) print uris
		}' "$1"
		;;
	*)
		awk -v s="$suite" -v mode="$2" '
		BEGIN { re = "^" s "([-/][a-z]+)?$" }
		/^[ \t]*deb(-src)?[ \t]/ {
			i = 2
			if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
			if ($(i + 1) !~ re) next
			if (mode == "text") print
			else if ($1 == "deb" && $(i + 1) == s) print $i
		}' "$1"
		;;
	esac
}

source_files=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources; do
	if [ -f "$f" ] && [ -n "$(debian_sources "$f" text)" ]; then
		source_files+=("$f")
	fi
done
mirror=
for f in "${source_files[@]}"; do
	for uri in $(debian_sources "$f" mirror); do
		case $uri in http://* | https://*)
			mirror=${uri%/}
			break 2
			;;
		esac
	done
done
[ -n "$mirror" ] ||
	die2 "no Debian $suite entry (http or https) in /etc/apt/sources.list or /etc/apt/sources.list.d: no mirror to build the root from"

# A proxy apt is configured with is how this machine reaches the mirror:
# debootstrap (wget) and apt in the root use it too.
apt_proxy=
for scheme in http https; do
	p=$(apt-config dump --format '%v%n' "Acquire::$scheme::Proxy" 2>/dev/null) || p=
	p=${p%%$'\n'*}
	if [ -n "$p" ] && [ "$p" != DIRECT ]; then
		export "${scheme}_proxy=$p"
		apt_proxy+="Acquire::$scheme::Proxy \"$p\";"$'\n'
	fi
done

wget -q -T 30 -t 2 -O /dev/null "$mirror/dists/$suite/InRelease" ||
	die2 "debootstrap cannot reach the Debian mirror $mirror ($mirror/dists/$suite/InRelease did not download)"

# --- the build directory and the root -----------------------------------------

dir=$(realpath -m -- "${1:-build/fresh}")
case $dir in
*[[:space:]\\]*) die2 "the build directory must not contain spaces or backslashes: $dir" ;;
/) die2 "the build directory cannot be /" ;;
esac
root=$dir/root
mkdir -p "$dir"
exec 9>"$dir/lock"
flock -n 9 || die2 "another fresh-check is running in $dir"

# Mount points at or below $1, the last mounted first.
mounts_below() {
	awk -v r="$1" '$5 == r || index($5, r "/") == 1 { print $5 }' \
		/proc/self/mountinfo | tac
}

unmount_below() {
	local m try
	for try in 1 2 3 4 5; do
		[ -n "$(mounts_below "$1")" ] || return 0
		while read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
		done < <(mounts_below "$1")
		[ "$try" = 1 ] || sleep 1
	done
	[ -z "$(mounts_below "$1")" ]
}

# What this run started that may still hold the root: the current step's
# session (run_step starts each step with setsid), and anything chrooted
# into the root.
step_sid=
inside_pids() {
	local p st r sid
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" != $$ ] || continue
		read -r st 2>/dev/null <"/proc/$p/stat" || continue
		st=${st##*) }
		read -r _ _ _ sid _ <<<"$st"
		r=$(readlink "/proc/$p/root" 2>/dev/null) || r=
		if { [ -n "$step_sid" ] && [ "$sid" = "$step_sid" ]; } ||
			[ "$r" = "$root" ] || [[ $r == "$root"/* ]]; then
			echo "$p"
		fi
	done
}

stop_inside() {
	local pids
	pids=$(inside_pids)
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086 # a list of pids
	kill -TERM $pids 2>/dev/null || true
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		pids=$(inside_pids)
		[ -n "$pids" ] || return 0
		sleep 1
	done
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null || true
	sleep 1
}

# Only a root this script made (it holds the marker) is ever removed, only
# after everything below it is unmounted, and only with --one-file-system.
remove_root() {
	[ -e "$root" ] || return 0
	if [ -L "$root" ] || [ ! -f "$root/$marker" ]; then
		echo "fresh: $root was not made by this script (no $marker): not removing it" >&2
		return 1
	fi
	if ! unmount_below "$root"; then
		echo "fresh: still mounted below $root, not removing it:" >&2
		mounts_below "$root" >&2
		return 1
	fi
	rm -rf --one-file-system -- "$root"
}

cleanup() {
	local rc=$?
	# Not to be interrupted half way: a second Ctrl-C waits for it.
	trap '' INT TERM HUP
	trap - EXIT
	stop_inside
	if ! unmount_below "$root"; then
		echo "fresh: could not unmount below $root:" >&2
		mounts_below "$root" >&2
		rc=1
	elif [ -z "${FRESH_KEEP:-}" ]; then
		remove_root || rc=1
	fi
	exit "$rc"
}

# run_step LOG CMD...: CMD in a session of its own, so that cleanup finds
# all it started; its output on stdout as it comes, and in LOG with the
# seconds since the step began.
run_step() {
	local log=$1 rc=0
	shift
	: >"$log"
	# shellcheck disable=SC2016 # expanded by that bash
	setsid bash -c '
		set -o pipefail
		log=$1; shift
		"$@" 2>&1 | while IFS= read -r l || [ -n "$l" ]; do
			printf "%s\n" "$l"
			printf "%5ds %s\n" "$SECONDS" "$l" >>"$log"
		done' run-step "$log" "$@" &
	step_sid=$!
	wait "$step_sid" || rc=$?
	step_sid=
	return "$rc"
}

remove_root || exit 2
rm -f "$dir"/*.log
mkdir "$root"
touch "$root/$marker"
trap cleanup EXIT
trap 'echo "fresh: hangup, cleaning up" >&2; exit 129' HUP
trap 'echo "fresh: interrupted, cleaning up" >&2; exit 130' INT
trap 'echo "fresh: terminated, cleaning up" >&2; exit 143' TERM

repo=$(git -c safe.directory='*' -C "$(dirname -- "$0")" rev-parse --show-toplevel)
head=$(git -c safe.directory="$repo" -C "$repo" rev-parse HEAD)
t_start=$(date +%s)
if [ -n "${FRESH_KEEP:-}" ]; then
	echo "fresh: FRESH_KEEP: the root stays in $root after the run"
fi

setup_failed() {
	echo "fresh: $*" >&2
	echo "fresh: 0 passed, 2 failed"
	exit 1
}

# --- 1. a minimal Debian ------------------------------------------------------

# A new user has git (they cloned the repository) and make (they type it);
# everything else is for scripts/deps.sh to install.
echo "fresh: debootstrap --variant=minbase $suite from $mirror"
t0=$(date +%s)
run_step "$dir/debootstrap.log" debootstrap --variant=minbase --include=git,make \
	"$suite" "$root" "$mirror" ||
	setup_failed "debootstrap failed, see $dir/debootstrap.log"
t_debootstrap=$(($(date +%s) - t0))
echo "fresh: debootstrap took $t_debootstrap s"

# apt in the root uses the machine's Debian entries, nothing else.
rm -f "$root/etc/apt/sources.list"
for f in "${source_files[@]}"; do
	{
		echo "# the Debian entries of the machine's $f (tests/fresh/run.sh)"
		debian_sources "$f" text
	} >"$root$f"
	# A keyring named by Signed-By that the root does not have yet.
	sed -n -e 's|^[Ss]igned-[Bb]y:[[:space:]]*\(/[^[:space:]]*\)[[:space:]]*$|\1|p' \
		-e 's|.*signed-by=\(/[^][:space:]]*\).*|\1|p' "$root$f" |
		while read -r k; do
			if [ ! -e "$root$k" ] && [ -f "$k" ]; then
				mkdir -p "$(dirname -- "$root$k")"
				cp -- "$k" "$root$k"
			fi
		done
done
if [ -n "$apt_proxy" ]; then
	printf '%s' "$apt_proxy" >"$root/etc/apt/apt.conf.d/01proxy"
fi
# Written, not through whatever /etc/resolv.conf in the root points to.
rm -f "$root/etc/resolv.conf"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# No daemon a package brings may start from inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# --- 2. a clean clone of HEAD -------------------------------------------------

clone=$root/root/kreloc
echo "fresh: cloning $repo at $head"
git -c safe.directory="$repo" -c safe.directory="$repo/.git" \
	clone --quiet --no-hardlinks --no-checkout -- "$repo" "$clone" ||
	setup_failed "git clone $repo failed"
# A detached HEAD is on no branch the clone fetched.
git -C "$clone" cat-file -e "$head^{commit}" 2>/dev/null ||
	git -C "$clone" fetch --quiet origin HEAD ||
	setup_failed "cannot fetch $head into the clone"
git -C "$clone" checkout --quiet --detach "$head" ||
	setup_failed "cannot check out $head"

# --- 3. /proc, /sys, /dev -----------------------------------------------------

mount -t proc -o nosuid,nodev,noexec fresh-proc "$root/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec fresh-sys "$root/sys"
# /dev is a tmpfs of its own with the usual nodes, never a bind mount of the
# machine's /dev: nothing done in or to the root can reach the real one.
mount -t tmpfs -o nosuid,noexec,mode=755,size=16m fresh-dev "$root/dev"
while read -r name major minor; do
	mknod -m 666 "$root/dev/$name" c "$major" "$minor"
done <<'EOF'
null 1 3
zero 1 5
full 1 7
random 1 8
urandom 1 9
tty 5 0
EOF
mkdir -m 755 "$root/dev/pts"
mkdir -m 1777 "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 fresh-devpts "$root/dev/pts"
mount -t tmpfs -o nosuid,nodev,mode=1777 fresh-shm "$root/dev/shm"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"

t_setup=$(($(date +%s) - t_start))
echo "fresh: the root is ready after $t_setup s"

# --- 4. the README's two commands ---------------------------------------------

user_env=(env -i -C /root/kreloc HOME=/root USER=root LOGNAME=root
	SHELL=/bin/bash TERM="${TERM:-dumb}" LANG=C.UTF-8
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)

passed=0 failed=0 times=()
for target in demo check; do
	echo "fresh: make $target"
	t0=$(date +%s)
	rc=0
	run_step "$dir/$target.log" timeout -k 30 "$step_timeout" \
		chroot "$root" "${user_env[@]}" make "$target" || rc=$?
	t=$(($(date +%s) - t0))
	times+=("make $target $t s")
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1))
		echo "fresh: make $target: ok, $t s"
	elif [ "$rc" = 124 ]; then
		failed=$((failed + 1))
		echo "fresh: make $target: FAILED, timed out after $t s (FRESH_TIMEOUT=$step_timeout)"
	else
		failed=$((failed + 1))
		echo "fresh: make $target: FAILED (exit $rc), $t s"
	fi
done

echo "fresh: debootstrap $t_debootstrap s, root ready after $t_setup s, ${times[0]}, ${times[1]}; logs in $dir"
# make check's own closing line, then ours.
line=$(sed -n 's/^ *[0-9]*s \([0-9][0-9]* passed, [0-9][0-9]* failed\)$/\1/p' \
	"$dir/check.log" | tail -n 1)
if [ -n "$line" ]; then
	echo "$line"
else
	echo "fresh: make check printed no closing line"
fi
echo "fresh: $passed passed, $failed failed"
[ "$failed" = 0 ]
