#!/usr/bin/env bash
# Sets up everything a fresh Debian 12 or 13 machine needs, builds WRD and runs every test:
# the normal build, then the ASan/UBSan build, each through ctest.
#   WRD_SKIP_SANITIZE=1   skip the sanitizer build (quicker local runs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "scripts/test.sh: run as root (the dev root needs mounts)" >&2; exit 1; }
    exec sudo --preserve-env=WRD_DEVROOT,WRD_DEBIAN_MIRROR,WRD_SKIP_SANITIZE,CI "$0" "$@"
fi

t0=$SECONDS
scripts/devroot.sh
scripts/in-devroot.sh scripts/build-and-test.sh "$@"
echo "scripts/test.sh: all done in $((SECONDS - t0)) s"
