# shellcheck shell=bash
# Shared helpers for the bench scripts: find the build, start and stop a private
# wrd-compositor. Sourced, not run. Every compositor gets its own XDG_RUNTIME_DIR and a
# wrd-bench-N socket so parallel test runs on the same machine cannot collide.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$bench_dir/.." && pwd)
build_dir=${WRD_BUILD_DIR:-$repo_dir/build}

die() { echo "${0##*/}: $*" >&2; exit 1; }

need_build() {
    compositor_bin=$build_dir/compositor/wrd-compositor
    latency_bin=$build_dir/bench/wrd-bench-capture-latency
    static_bin=$build_dir/bench/wrd-bench-static-window
    for f in "$compositor_bin" "$latency_bin" "$static_bin"; do
        [ -x "$f" ] || die "$f is missing: build first (cmake -S . -B build -G Ninja && ninja -C build) or set WRD_BUILD_DIR"
    done
}

bench_tmp=$(mktemp -d /tmp/wrd-bench.XXXXXX)
chmod 700 "$bench_tmp"
comp_pid=
bench_cleanup() {
    stop_compositor
    rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT
# Let Ctrl-C and kill run the EXIT trap too, so no compositor outlives us.
trap 'exit 130' INT TERM

# start_compositor OUTPUT_SPEC: sets comp_pid and exports WAYLAND_DISPLAY and
# XDG_RUNTIME_DIR for the clients that follow. Its log goes to $bench_tmp/compositor.log.
start_compositor() {
    local spec=$1
    local socket="wrd-bench-$$-${RANDOM}"
    export XDG_RUNTIME_DIR=$bench_tmp/run
    mkdir -p "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    : > "$bench_tmp/compositor.out"
    "$compositor_bin" --output "$spec" --socket "$socket" --no-xwayland --renderer pixman \
        > "$bench_tmp/compositor.out" 2> "$bench_tmp/compositor.log" &
    comp_pid=$!
    # It prints WAYLAND_DISPLAY=NAME once the socket is up; give it 10 s.
    local _
    for _ in $(seq 100); do
        grep -q '^WAYLAND_DISPLAY=' "$bench_tmp/compositor.out" && break
        kill -0 "$comp_pid" 2>/dev/null || { cat "$bench_tmp/compositor.log" >&2; die "wrd-compositor exited at start-up"; }
        sleep 0.1
    done
    grep -q '^WAYLAND_DISPLAY=' "$bench_tmp/compositor.out" || die "wrd-compositor did not become ready in 10 s"
    export WAYLAND_DISPLAY=$socket
}

stop_compositor() {
    [ -n "$comp_pid" ] || return 0
    kill "$comp_pid" 2>/dev/null || true
    # A compositor that ignores SIGTERM for 5 s is a finding, not a reason to hang.
    local _
    for _ in $(seq 50); do kill -0 "$comp_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$comp_pid" 2>/dev/null; then
        echo "${0##*/}: wrd-compositor ignored SIGTERM for 5 s: killing it" >&2
        kill -KILL "$comp_pid" 2>/dev/null || true
    fi
    wait "$comp_pid" 2>/dev/null || true
    comp_pid=
}

# Last lines of the compositor's log, for when a client run fails.
show_compositor_log() {
    echo "--- last lines of the wrd-compositor log:" >&2
    tail -n 20 "$bench_tmp/compositor.log" >&2 || true
}
