#!/usr/bin/env bash
# Sets up the dev root, builds WRD and runs the main job: a headless wrd-compositor with a
# terminal and a demo app, until Ctrl-C. It prints how to attach Wayland tools to it and
# saves a screenshot so you can see the desktop.
#   WRD_DEMO_EXEC   extra command to start in the session (default: foot and weston-simple-shm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "scripts/demo.sh: run as root (the dev root needs mounts)" >&2; exit 1; }
    exec sudo --preserve-env=WRD_DEVROOT,WRD_DEBIAN_MIRROR,WRD_DEMO_EXEC "$0" "$@"
fi

scripts/devroot.sh
scripts/in-devroot.sh bash -c 'cmake -S . -B build -G Ninja >/dev/null && cmake --build build'

runtime=/tmp/wrd-demo-run
mkdir -p "$runtime" && chmod 700 "$runtime"
shot=/tmp/wrd-demo.png
exec scripts/in-devroot.sh env XDG_RUNTIME_DIR="$runtime" WRD_DEMO_EXEC="${WRD_DEMO_EXEC:-}" bash -c '
    set -euo pipefail
    apps=(--exec "foot" --exec "weston-simple-shm")
    [ -n "$WRD_DEMO_EXEC" ] && apps=(--exec "$WRD_DEMO_EXEC")
    coproc COMP { exec build/compositor/wrd-compositor --socket wrd-demo "${apps[@]}" "$@"; }
    trap "kill $COMP_PID 2>/dev/null; wait $COMP_PID 2>/dev/null" EXIT INT TERM
    while read -r line <&"${COMP[0]}"; do
        case $line in DISPLAY=*) x11=${line#DISPLAY=} ;; WRD_COMPOSITOR_READY=1) break ;; esac
    done
    sleep 2
    WAYLAND_DISPLAY=wrd-demo grim '"$shot"' || true
    cat <<MSG

  wrd-compositor is running headless (Wayland: wrd-demo, X11: ${x11:-none}).
  A screenshot of the desktop: '"$shot"'
  Attach any Wayland tool from the dev root, for example:
    scripts/in-devroot.sh env XDG_RUNTIME_DIR='"$runtime"' WAYLAND_DISPLAY=wrd-demo grim /tmp/now.png
    scripts/in-devroot.sh env XDG_RUNTIME_DIR='"$runtime"' WAYLAND_DISPLAY=wrd-demo wtype "hello"
  The RDP front end (wrd-rdp / wrd-server) that serves this desktop comes next.
  Ctrl-C stops it.

MSG
    wait $COMP_PID
' demo "$@"
