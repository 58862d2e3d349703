# Shared by devroot.sh and in-devroot.sh (sourced, not run).
WLR_PROTOCOLS_DIR=/usr/share/wrd/wlr-protocols

log() { echo "[devroot] $*" >&2; }
die() { echo "[devroot] error: $*" >&2; exit 1; }

devroot_dir() { echo "${WRD_DEVROOT:-/var/cache/wrd/devroot}"; }

devroot_packages() { sed -e 's/#.*//' "$here/devroot.packages" | tr -s ' \n' ' '; }

# The cache key: the package list and the version of the recipe that turns it into a root.
# Bump DEVROOT_RECIPE when devroot.sh changes what ends up in the root.
DEVROOT_RECIPE=3
devroot_hash() { { cat "$here/devroot.packages"; echo "recipe=$DEVROOT_RECIPE"; } | sha256sum | cut -c1-16; }

is_debian13_host() {
    [ -z "${WRD_FORCE_DEVROOT:-}" ] && grep -qs '^VERSION_CODENAME=trixie' /etc/os-release
}
