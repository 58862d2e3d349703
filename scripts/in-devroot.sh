#!/usr/bin/env bash
# Runs a command inside the Debian 13 dev root: private mount namespace, the repo at the same
# path, the host's network namespace (so 127.0.0.1 works). On a Debian 13 host it runs natively.
# Usage: scripts/in-devroot.sh CMD [ARGS...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/devroot-common.sh
. "$here/devroot-common.sh"

[ $# -gt 0 ] || die "usage: $0 CMD [ARGS...]"
if is_debian13_host; then exec "$@"; fi
[ "$(id -u)" -eq 0 ] || die "must run as root (it mounts into the dev root); try: sudo $0 $*"

root=$(devroot_dir)
[ "$(cat "$root/.wrd-devroot.hash" 2>/dev/null)" = "$(devroot_hash)" ] ||
    die "the dev root at $root is missing or out of date: run scripts/devroot.sh first"

repo=$(cd "$here/.." && pwd)
cwd=$(pwd)
# Pass the project's own settings through; everything else starts clean.
envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
      "TERM=${TERM:-dumb}" LANG=C.UTF-8)
while IFS= read -r name; do envs+=("$name=${!name}"); done < <(compgen -e | grep -E '^(WRD_|CI$|CTEST_|ASAN_|UBSAN_)' || true)

# The inner script runs in the new mount namespace; mounts vanish with it.
# shellcheck disable=SC2016
exec unshare -m --propagation private -- bash -euc '
    root=$1 repo=$2 cwd=$3 nenv=$4; shift 4
    envs=("${@:1:$nenv}"); shift "$nenv"
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount --bind /tmp "$root/tmp"
    mount --bind /dev/shm "$root/dev/shm"
    mkdir -p "$root$repo"
    mount --bind "$repo" "$root$repo"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    cd "$root$cwd" 2>/dev/null || cd "$root$repo"
    inner=$(pwd); inner=${inner#"$root"}
    exec chroot "$root" /usr/bin/env -i -C "${inner:-/}" "${envs[@]}" "$@"
' bash "$root" "$repo" "$cwd" "${#envs[@]}" "${envs[@]}" "$@"
