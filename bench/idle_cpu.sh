#!/usr/bin/env bash
# Compositor CPU while the desktop is idle, and while one small app animates for contrast.
# For each scenario: start wrd-compositor at 1920x1080@60 (pixman), start the apps, let
# them settle, then read the compositor's counters before and after a window of N seconds:
#   cpu      utime+stime from /proc/PID/stat (clock ticks, so 10 ms resolution)
#   run      summed sum_exec_runtime from /proc/PID/task/*/schedstat (ns resolution)
#   wakeups  voluntary context switches of all its threads (each one is a sleep that
#            ended), from /proc/PID/task/*/status
#   frames   in "+capture" scenarios a screencopy client keeps copy_with_damage pending,
#            as the RDP server will; this counts the frames it was handed in the window
# Usage: bench/idle_cpu.sh [SECONDS]   (default 10; WRD_BUILD_DIR selects the build)
# Prints one "idle:" line per scenario; run.sh reads them.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${1:-10}
settle=2
need_build
hz=$(getconf CLK_TCK)

# "utime+stime ticks, run ns, voluntary switches, involuntary switches" of process $1.
sample() {
    local pid=$1 stat ticks run=0 vol=0 invol=0 t
    stat=$(cat "/proc/$pid/stat") || die "compositor $pid is gone"
    # Fields after the ")" that ends the command name: utime is the 12th, stime the 13th.
    ticks=$(awk '{print $12 + $13}' <<< "${stat##*) }")
    for t in /proc/"$pid"/task/*; do
        [ -r "$t/schedstat" ] && run=$((run + $(cut -d' ' -f1 "$t/schedstat")))
        vol=$((vol + $(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status")))
        invol=$((invol + $(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status")))
    done
    echo "$ticks $run $vol $invol"
}

captures() { cat "$bench_tmp"/app*.out | grep -c '^capture' || true; }

# measure NAME: samples the running compositor over $seconds and prints the figures.
measure() {
    local name=$1 a b c0 c1
    c0=$(captures)
    read -ra a <<< "$(sample "$comp_pid")"
    sleep "$seconds"
    kill -0 "$comp_pid" 2>/dev/null || { show_compositor_log; die "$name: wrd-compositor exited during the measurement"; }
    read -ra b <<< "$(sample "$comp_pid")"
    c1=$(captures)
    awk -v name="$name" -v s="$seconds" -v hz="$hz" -v frames=$((c1 - c0)) \
        -v dt=$((b[0] - a[0])) -v dr=$((b[1] - a[1])) -v dv=$((b[2] - a[2])) -v di=$((b[3] - a[3])) 'BEGIN {
        cpu_ms = dt * 1000 / hz; run_ms = dr / 1e6
        printf "idle: scenario=%s seconds=%d cpu_ms=%.0f cpu_pct=%.2f run_ms=%.1f run_pct=%.3f wakeups=%d wakeups_per_s=%.1f involuntary=%d captured_frames=%s\n",
            name, s, cpu_ms, cpu_ms / (s * 10), run_ms, run_ms / (s * 10), dv, dv / s, di, name ~ /capture/ ? frames : "-" }'
}

# scenario NAME "CMD ARGS" ["CMD ARGS"...]: fresh compositor, start each app (word-split,
# so no quoting inside), wait for our own clients' first frame, settle, measure, tear down.
scenario() {
    local name=$1 app pids=() i=0 _; shift
    start_compositor 1920x1080@60
    rm -f "$bench_tmp"/app*.out "$bench_tmp"/app*.err
    for app in "$@"; do
        i=$((i + 1))
        # shellcheck disable=SC2086 # word splitting is the point
        $app > "$bench_tmp/app$i.out" 2> "$bench_tmp/app$i.err" &
        pids+=($!)
        if [[ $app == "$static_bin"* ]]; then
            for _ in $(seq 50); do grep -q '^ready' "$bench_tmp/app$i.out" && break; sleep 0.1; done
            grep -q '^ready' "$bench_tmp/app$i.out" || { cat "$bench_tmp/app$i.err" >&2; show_compositor_log; die "$name: no first frame in 5 s"; }
        fi
    done
    sleep "$settle"
    for i in "${!pids[@]}"; do
        kill -0 "${pids[$i]}" 2>/dev/null ||
            { cat "$bench_tmp/app$((i + 1)).err" >&2; show_compositor_log; die "$name: '${*:$((i + 1)):1}' exited during settling"; }
    done
    measure "$name"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    stop_compositor
}

echo "compositor CPU over ${seconds} s per scenario at 1920x1080@60, pixman, ${settle} s settling first"
scenario static-window "$static_bin"
scenario static-window+capture "$static_bin --capture"
if command -v foot >/dev/null; then
    # An idle shell prompt; foot's cursor does not blink unless told to.
    scenario foot "foot -o cursor.blink=no"
else
    echo "idle: scenario=foot skipped (foot is not installed)"
fi
if command -v weston-simple-shm >/dev/null; then
    scenario simple-shm-animating weston-simple-shm
    # Capture client first: a window stacked over simple-shm would hide it, and wlroots
    # sends no frame callbacks to hidden surfaces, so the animation would stop.
    scenario simple-shm-animating+capture "$static_bin --capture" weston-simple-shm
else
    echo "idle: scenario=simple-shm-animating skipped (weston-simple-shm is not installed)"
fi
