#!/usr/bin/env bash
# Builds (or reuses) the Debian 13 dev root that every build and test runs in.
#   WRD_DEVROOT        where the root lives (default /var/cache/wrd/devroot)
#   WRD_DEBIAN_MIRROR  Debian archive URI (default: the one this machine's apt uses)
# On a Debian 13 host it installs the packages natively instead.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/devroot-common.sh
. "$here/devroot-common.sh"

packages=$(devroot_packages)

# The wlr protocol XML files are not in libwlroots-0.18-dev, and virtual-keyboard-v1 is in no
# -dev package; Debian ships them inside two Rust crate packages. We take only their .debs and
# copy the XML out (pulling them in would add ~150 packages).
protocol_debs="librust-wayland-protocols-wlr-dev librust-wayland-protocols-misc-dev"
install_wlr_protocols() {  # $1 = root ("" for the host)
    local root=$1 tmp
    tmp=$(mktemp -d)
    # shellcheck disable=SC2086
    (cd "$tmp" && if [ -n "$root" ]; then
        chroot "$root" sh -c "cd /tmp && apt-get download -q $protocol_debs" >/dev/null &&
            mv "$root"/tmp/librust-wayland-protocols-*.deb .
     else
        apt-get download -q $protocol_debs >/dev/null
     fi)
    for deb in "$tmp"/librust-wayland-protocols-*.deb; do dpkg-deb -x "$deb" "$tmp/x"; done
    mkdir -p "$root$WLR_PROTOCOLS_DIR"
    find "$tmp/x" \( -path '*wlr-protocols/unstable/*.xml' -o -name 'virtual-keyboard-unstable-v1.xml' \) \
        -exec cp {} "$root$WLR_PROTOCOLS_DIR/" \;
    rm -rf "$tmp"
    [ -f "$root$WLR_PROTOCOLS_DIR/wlr-screencopy-unstable-v1.xml" ] &&
        [ -f "$root$WLR_PROTOCOLS_DIR/virtual-keyboard-unstable-v1.xml" ] ||
        die "the protocol XML files were not found in $protocol_debs"
}

# The pin must have taken: a root with Debian 13's own FreeRDP 3.15 lacks server-side fixes.
check_freerdp_version() {  # $1 = root ("" for the host)
    local v
    v=$(chroot "${1:-/}" dpkg-query -W -f '${Version}' libfreerdp-server3-3 2>/dev/null) ||
        die "libfreerdp-server3-3 is not installed"
    dpkg --compare-versions "$v" ge 3.33 ||
        die "FreeRDP $v was installed, not 3.33 from trixie-backports (see scripts/devroot.pin)"
}

native_setup() {
    local stamp=/var/lib/wrd-devroot.hash
    [ "$(cat "$stamp" 2>/dev/null)" = "$(devroot_hash)" ] && { log "Debian 13 host: packages up to date"; return; }
    log "Debian 13 host: installing the build and test packages natively"
    # FreeRDP and WinPR come from trixie-backports (3.33); everything else stays trixie.
    local mirror
    mirror=$(mirror_uri)
    echo "deb $mirror trixie-backports main" >/etc/apt/sources.list.d/wrd-trixie-backports.list
    cp "$here/devroot.pin" /etc/apt/preferences.d/wrd-freerdp-backports
    apt-get update -q || die "apt-get update failed: is the Debian archive reachable?"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages ||
        die "apt-get install failed (see above)"
    check_freerdp_version ""
    install_wlr_protocols ""
    devroot_hash >"$stamp"
}

mirror_uri() {  # the Debian archive this machine's apt already uses, unless overridden
    if [ -n "${WRD_DEBIAN_MIRROR:-}" ]; then echo "$WRD_DEBIAN_MIRROR"; return; fi
    local uri
    # deb822 "URIs:" lines or one-line "deb [options] URI suite" entries; not the security archive.
    uri=$(grep -hs -E '^(URIs:|deb[[:space:]])' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
              /etc/apt/sources.list 2>/dev/null |
          sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{print $1}' |
          grep -v security | grep -E '^(https?|file)://' | head -n1)
    [ -n "$uri" ] || die "no Debian archive found in /etc/apt sources; set WRD_DEBIAN_MIRROR"
    echo "$uri"
}

check_archive() {  # fail fast with one clear line instead of a mmdebstrap trace
    local mirror=$1 tmp
    tmp=$(mktemp)
    if ! timeout 60 /usr/lib/apt/apt-helper download-file "$mirror/dists/trixie/InRelease" "$tmp" >/dev/null 2>&1; then
        rm -f "$tmp"
        die "the Debian archive is unreachable ($mirror/dists/trixie): check the network or set WRD_DEBIAN_MIRROR"
    fi
    rm -f "$tmp"
}

check_disk() {
    local dir=$1 need_kb=$((4 * 1024 * 1024)) avail
    mkdir -p "$dir"
    avail=$(df -Pk "$dir" | awk 'NR==2{print $4}')
    [ "$avail" -ge "$need_kb" ] ||
        die "not enough disk under $dir: $((avail / 1024)) MiB free, about 4096 MiB needed"
}

build_root() {
    local target=$1 mirror security tmp
    # Cheap local checks first, the network last, so each failure is named precisely.
    command -v mmdebstrap >/dev/null || {
        command -v apt-get >/dev/null || die "mmdebstrap is not installed and there is no apt-get to install it"
        log "installing mmdebstrap"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap; } >/dev/null ||
            die "mmdebstrap is not installed and apt-get could not install it"
    }
    check_disk "$(dirname "$target")"
    mirror=$(mirror_uri)
    security=${WRD_DEBIAN_SECURITY_MIRROR:-${mirror%/debian}/debian-security}
    check_archive "$mirror"
    tmp="$target.new"
    rm -rf "$tmp"
    log "building the Debian 13 dev root in $target (about 2 minutes)"
    # shellcheck disable=SC2086
    if ! mmdebstrap --variant=apt --components=main --verbose \
            --include="$(echo $packages | tr ' ' ',')" \
            --setup-hook="mkdir -p \"\$1/etc/apt/preferences.d\" && cp '$here/devroot.pin' \"\$1/etc/apt/preferences.d/wrd-freerdp-backports\"" \
            --customize-hook='echo "wrd-devroot" > "$1/etc/debian_chroot"' \
            trixie "$tmp" \
            "deb $mirror trixie main" "deb $mirror trixie-updates main" \
            "deb $mirror trixie-backports main" \
            "deb $security trixie-security main" 2>&1 | progress_filter; then
        rm -rf "$tmp"
        check_disk "$(dirname "$target")"
        die "mmdebstrap failed (see the lines above)"
    fi
    chroot "$tmp" apt-get update -q >/dev/null
    check_freerdp_version "$tmp"
    install_wlr_protocols "$tmp"
    rm -rf "$target"
    mv "$tmp" "$target"
    devroot_hash >"$target/.wrd-devroot.hash"
}

# mmdebstrap --verbose is long; keep its step lines and package progress, drop the rest.
progress_filter() {
    awk '/^I: / { print; fflush(); next }
         /^(Unpacking|Setting up) / { n++; if (n % 50 == 0) { print "   ... " n " package steps"; fflush() } next }
         /^(E:|dpkg: error|mmdebstrap: error)/ || (/^W:/ && !/mmdebstrap.apt.conf/) { print; fflush() }'
}

main() {
    [ "$(id -u)" -eq 0 ] || die "must run as root (it builds a chroot and mounts into it); try: sudo $0"
    if is_debian13_host; then native_setup; return; fi
    local root
    root=$(devroot_dir)
    if [ "$(cat "$root/.wrd-devroot.hash" 2>/dev/null)" = "$(devroot_hash)" ]; then
        log "dev root up to date: $root"
        return
    fi
    local t0=$SECONDS
    build_root "$root"
    log "dev root ready in $((SECONDS - t0)) s: $root"
}

main "$@"
