#!/usr/bin/env bash
# Runs every benchmark in bench/ against the build in build/ (or $WRD_BUILD_DIR) and ends
# with a summary table. Run it inside the dev root: scripts/in-devroot.sh bench/run.sh
#   WRD_BENCH_FRAMES   measured frames per latency run (default 300)
#   WRD_BENCH_SECONDS  length of each CPU measurement (default 10)
# Figures only: nothing here fails on a slow result.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

frames=${WRD_BENCH_FRAMES:-300}
seconds=${WRD_BENCH_SECONDS:-10}
need_build
results=$bench_tmp/results
: > "$results"

# The headless output paces frames with a timer of 1000/Hz ms (whole ms), so 60 Hz and
# 240 Hz show how much of the latency is that wait; a 25 ms gap between frames lets the
# timer expire first and leaves only render + read-back.
latency_runs=("rect 60 0" "rect 240 0" "rect 60 25" "full 60 0" "full 240 0" "full 60 25")
for run in "${latency_runs[@]}"; do
    read -r damage hz gap <<< "$run"
    start_compositor "1920x1080@$hz"
    # One failed run is reported and the rest still run.
    if ! "$latency_bin" --frames "$frames" --damage "$damage" --gap-ms "$gap" | tee -a "$results"; then
        show_compositor_log
        echo "summary: hz=$hz damage=$damage gap_ms=$gap failed" >> "$results"
    fi
    stop_compositor
    echo
done

"$bench_dir/idle_cpu.sh" "$seconds" | tee -a "$results" || echo "idle_cpu.sh failed (see above)" >&2
"$bench_dir/rdp/rdp_bench.py" --build-dir "$build_dir" || echo "rdp/rdp_bench.py failed (see above)" >&2
"$bench_dir/rdp/preauth_bench.py" --build-dir "$build_dir" || echo "rdp/preauth_bench.py failed (see above)" >&2

machine="$(nproc) cores, $(uname -r)"
echo
echo "== summary: 1920x1080, pixman renderer, $machine =="
echo "capture latency, client commit -> screencopy ready, $frames frames (ms):"
awk '/^summary:/ {
        delete v
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (!hdr++) printf "  %-6s %4s %4s %7s %7s %7s %7s %7s %9s %8s %9s %6s\n", "damage", "Hz", "gap", "p50", "p95",
            "p99", "mean", "max", "->output", "->ready", "interval", "stale"
        if ("failed" in v) { printf "  %-6s %4s %4s   failed (see its output above)\n", v["damage"], v["hz"], v["gap_ms"]; next }
        printf "  %-6s %4s %4s %7s %7s %7s %7s %7s %9s %8s %9s %6s\n", v["damage"], v["hz"], v["gap_ms"], v["p50"], v["p95"],
            v["p99"], v["mean"], v["max"], v["to_output_p50"], v["to_ready_p50"], v["interval_p50"], v["stale"]
    }' "$results"
echo "  (p50s of: ->output commit to output commit = pacing wait + render; ->ready read-back + delivery;"
echo "   interval between copied output commits. stale: captures that lacked their commit)"
echo "compositor CPU over $seconds s (cpu: utime+stime; run: schedstat; frames: handed to a waiting screencopy client):"
awk '/^idle:/ {
        delete v
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (!hdr++) printf "  %-30s %7s %7s %8s %10s %8s\n", "scenario", "cpu ms", "% core", "run ms", "wakeups/s", "frames"
        if ("cpu_ms" in v) printf "  %-30s %7s %7s %8s %10s %8s\n", v["scenario"], v["cpu_ms"], v["cpu_pct"], v["run_ms"],
            v["wakeups_per_s"], v["captured_frames"]
        else printf "  %-30s skipped\n", v["scenario"]
    }' "$results"
