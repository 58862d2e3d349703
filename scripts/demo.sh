#!/usr/bin/env bash
# Sets up the dev root, builds WRD and runs the main job: wrd-server on 127.0.0.1:3389 serving a
# headless Wayland desktop (a terminal and a demo app) over RDP, until Ctrl-C. It prints the
# address, the certificate fingerprint, the user name and where the password is.
#   WRD_DEMO_LISTEN  address to listen on (default 127.0.0.1:3389)
#   WRD_DEMO_EXEC    command to start in the session (default: foot and weston-simple-shm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "scripts/demo.sh: run as root (the dev root needs mounts)" >&2; exit 1; }
    exec sudo --preserve-env=WRD_DEVROOT,WRD_DEBIAN_MIRROR,WRD_DEMO_EXEC,WRD_DEMO_LISTEN "$0" "$@"
fi

scripts/devroot.sh
scripts/in-devroot.sh bash -c 'cmake -S . -B build -G Ninja >/dev/null && cmake --build build'

runtime=/tmp/wrd-demo-run
mkdir -p "$runtime" && chmod 700 "$runtime"
exec scripts/in-devroot.sh env XDG_RUNTIME_DIR="$runtime" WRD_DEMO_EXEC="${WRD_DEMO_EXEC:-}" \
    WRD_DEMO_LISTEN="${WRD_DEMO_LISTEN:-127.0.0.1:3389}" bash -c '
    set -euo pipefail
    apps=(--exec "foot" --exec "weston-simple-shm")
    [ -n "$WRD_DEMO_EXEC" ] && apps=(--exec "$WRD_DEMO_EXEC")
    cat <<MSG

  Starting wrd-server. Connect with any RDP client, for example:
    xfreerdp3 /v:${WRD_DEMO_LISTEN%:*}:${WRD_DEMO_LISTEN##*:} /u:USER /p:PASSWORD /cert:ignore
  (USER and the password file are printed below). Ctrl-C stops the server and the desktop.

MSG
    exec build/rdp/wrd-server --listen "$WRD_DEMO_LISTEN" "${apps[@]}" "$@"
' demo "$@"
