#!/usr/bin/env python3
"""End-to-end RDP benchmark: wrd-server (per codec) and Weston's RDP backend, driven by wrd-probe
on 127.0.0.1 at 1920x1080. Prints figures; never fails on a slow result.

Run inside the dev root:  scripts/in-devroot.sh bench/rdp/rdp_bench.py [--quick]
(WRD_BUILD_DIR or --build-dir selects the build; default build/.)

One probe connection per configuration runs four phases, with the desktop's apps started and
stopped between them while the probe holds in `wait-stdin`:
  idle       foot at a shell prompt, nothing changing          bytes/s
  typing     `latency ... key` samples (key press -> pixel change seen by the probe), then
             typing into foot at 10 keys/s                      latency p50/p95, bytes/s
  scrolling  a second foot printing `seq` in a loop            bytes/s, frames/s
  animation  wrd-bench-rdp-animation: a full-screen picture panning every frame at 60 Hz
                                                                frames/s, server CPU, bytes/s,
                                                                RSS at the end
Each window's figures come from samples taken when the probe reports the step that opens and
the step that closes it:
  frames/s   the probe's own frame count ("N in all" of its wait-frames steps);
  bytes/s    tcp_info.bytes_received of the probe's socket (sock_diag netlink), so the
             connection's set-up and first full frame do not count;
  CPU        utime+stime from /proc/PID/stat of wrd-rdp + wrd-compositor (Weston: the weston
             process, which composites and encodes), over the window;
  RSS        VmRSS and VmHWM from /proc/PID/status after the animation window.
Also printed: the front end's CPU per thread name over the animation window, and wrd-rdp's own
periodic stats lines from then on (damage->written latency, encode ms/frame, dropped frames).
Exit status 1 only when a configuration could not be measured (a crash, a hang, a step that
failed), never for a slow figure.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WIDTH, HEIGHT = 1920, 1080
# Weston's panel and its clock sit at the top: latency looks below them, on both servers.
PANEL = 40
CLK_TCK = os.sysconf("SC_CLK_TCK")
SPACE_SCANCODE = 0x39  # `keys` takes no lone space: it is typed with `key`

# name, wrd-server --codec, wrd-probe --codec, the report's codec that should carry the frames
WRD_CONFIGS = [
    ("avc420", "avc420", "avc420", "gfx-avc420"),
    ("progressive", "progressive", "progressive", "gfx-progressive"),
    ("rfx-gfx", "rfx", "progressive", "gfx-rfx"),
    ("rfx-bits", "auto", "rfx", "rfx"),
    ("bitmap", "auto", "bitmap", "planar"),
]
WESTON = ("weston-rfx", None, "rfx", "rfx")

TYPED = "the quick brown fox jumps over the lazy dog 0123456789 "


class BenchError(Exception):
    pass


class OutOfTime(BaseException):
    """--limit passed: not an Exception, so no per-configuration handler swallows it."""


# --- measuring ------------------------------------------------------------------------

def cpu_ticks(pid):
    """utime+stime of every thread of `pid`, in clock ticks; None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the ")" that ends the name: state is field 3, utime 14 and stime 15 (1-based).
    return int(fields[11]) + int(fields[12])


def memory_kib(pid):
    """(VmRSS, VmHWM) of `pid` in KiB, or (None, None)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out.get("VmRSS"), out.get("VmHWM")


def thread_ticks(pid):
    """{tid: (thread name, utime+stime ticks)} of every thread of `pid` now."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                head, _, rest = f.read().rpartition(")")
        except OSError:
            continue  # the thread ended meanwhile
        fields = rest.split()
        out[tid] = (head.partition("(")[2], int(fields[11]) + int(fields[12]))
    return out


NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY = 4, 20
NLM_F_REQUEST, NLM_F_DUMP, NLMSG_ERROR, NLMSG_DONE = 1, 0x300, 2, 3
INET_DIAG_INFO, TCP_ESTABLISHED = 2, 1
INET_DIAG_MSG_SIZE = 72
TCPI_BYTES_RECEIVED_OFFSET = 128  # struct tcp_info: after tcpi_bytes_acked (Linux >= 4.1)


def tcp_bytes_received(server_port):
    """Bytes received so far by the established IPv4 TCP sockets whose peer port is
    `server_port`: the RDP client's side of its connection (sock_diag, as `ss -ti` reads it)."""
    req = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 1 << (INET_DIAG_INFO - 1), 0,
                      1 << TCP_ESTABLISHED) + bytes(48)
    total = 0
    with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_SOCK_DIAG) as s:
        s.settimeout(2)
        s.send(struct.pack("=IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + req)
        while True:
            data = s.recv(1 << 16)
            off = 0
            while off + 16 <= len(data):
                length, kind = struct.unpack_from("=IH", data, off)
                if kind == NLMSG_DONE:
                    return total
                if kind == NLMSG_ERROR:
                    raise BenchError("sock_diag netlink query failed")
                msg = data[off + 16:off + length]
                _, dport = struct.unpack_from(">HH", msg, 4)
                at = INET_DIAG_MSG_SIZE
                while dport == server_port and at + 4 <= len(msg):
                    rta_len, rta_type = struct.unpack_from("=HH", msg, at)
                    if rta_len < 4:
                        break
                    if rta_type == INET_DIAG_INFO and rta_len - 4 >= TCPI_BYTES_RECEIVED_OFFSET + 8:
                        total += struct.unpack_from("=Q", msg, at + 4 + TCPI_BYTES_RECEIVED_OFFSET)[0]
                    at += (rta_len + 3) & ~3
                off += (length + 3) & ~3
            if not data:
                return total


class Sample:
    """The counters a window is measured between, read at one moment."""

    def __init__(self, pids, port, probe_pid):
        self.t = time.monotonic()
        self.cpu = {name: cpu_ticks(pid) for name, pid in pids.items()}
        # Threads of the front end (wrd-rdp or weston): which stage the CPU goes to.
        self.threads = thread_ticks(next(iter(pids.values())))
        self.probe_cpu = cpu_ticks(probe_pid)
        self.rx = tcp_bytes_received(port)


def window(a, b):
    """Figures between two samples: seconds, CPU ms per process, bytes received."""
    dt = b.t - a.t
    cpu = {}
    for name in a.cpu:
        if a.cpu[name] is None or b.cpu[name] is None:
            raise BenchError(f"{name} exited during the measurement")
        cpu[name] = (b.cpu[name] - a.cpu[name]) * 1000.0 / CLK_TCK
    probe = None if a.probe_cpu is None or b.probe_cpu is None else (b.probe_cpu - a.probe_cpu) * 1000.0 / CLK_TCK
    threads, counts = {}, {}
    for tid, (name, ticks) in b.threads.items():
        spent = ticks - a.threads.get(tid, (name, 0))[1]
        threads[name] = threads.get(name, 0.0) + spent * 1000.0 / CLK_TCK
        counts[name] = counts.get(name, 0) + 1
    return {"seconds": dt, "cpu_ms": cpu, "server_cpu_ms": sum(cpu.values()), "probe_cpu_ms": probe,
            "thread_cpu_ms": threads, "thread_counts": counts,
            "bytes": b.rx - a.rx, "bytes_per_s": (b.rx - a.rx) / dt if dt > 0 else 0.0}


# --- the probe's run ------------------------------------------------------------------

class Plan:
    """The probe's steps, with names for the steps whose completion opens or closes a window."""

    def __init__(self):
        self.steps = []
        self.marks = {}

    def add(self, step, mark=None):
        self.steps.append(step)
        if mark:
            self.marks[mark] = len(self.steps)  # the probe numbers steps from 1

    def mark_last(self, mark):
        self.marks[mark] = len(self.steps)


def make_plan(d):
    p = Plan()
    p.add("wait-frames 1", "connected")
    p.add("wait-stdin")                         # the idle terminal starts
    p.add("wait-frames 1")
    p.add(f"wait-stable {d['settle_ms']}", "idle0")
    p.add(f"sleep {d['idle_ms']}", "idle1")
    p.add(f"latency 0 {PANEL} {WIDTH} {HEIGHT - PANEL} {d['latency_samples']} key", "typing0")
    for ch in TYPED[:d["typed_keys"]]:
        p.add(f"key {SPACE_SCANCODE}" if ch == " " else f"keys {ch}")
        p.add("sleep 100")
    p.mark_last("typing1")
    p.add("wait-stdin")                         # the scrolling terminal starts
    p.add("wait-frames 10", "scroll0")
    p.add(f"sleep {d['scroll_ms']}")
    p.add("wait-frames 1", "scroll1")
    p.add("wait-stdin")                         # scrolling stops, the animation starts
    p.add("wait-frames 20", "anim0")
    p.add(f"sleep {d['anim_ms']}")
    p.add("wait-frames 1", "anim1")
    p.add("wait-stdin")                         # RSS is read; then the probe disconnects
    return p


def frames_in_all(detail):
    m = re.search(r"(\d+) in all", detail)
    return int(m.group(1)) if m else None


class ProbeRun:
    """A live wrd-probe following a Plan; the caller acts between its steps."""

    def __init__(self, harness, argv, env, log_dir):
        self.harness = harness
        self.proc = harness.Proc(argv, env, name="wrd-probe", log_dir=log_dir, stdin=subprocess.PIPE)

    def wait_step(self, n, timeout):
        m = self.proc.wait_for(rf"^step {n} '.*': ok \((.*)\)$", timeout=timeout)
        return m.group(1)

    def release(self):
        self.proc.popen.stdin.write("go\n")
        self.proc.popen.stdin.flush()

    def stderr_tail(self, n=1500):
        try:
            with open(self.proc.stderr_path, errors="replace") as f:
                return f.read()[-n:]
        except OSError:
            return ""


# --- the two servers ------------------------------------------------------------------

class WrdTarget:
    """wrd-server with the codec under test; its wrd-rdp and wrd-compositor are measured."""

    def __init__(self, rdp_harness, server_codec):
        self.h = rdp_harness
        self.server = rdp_harness.RdpServer(codec=server_codec, output=f"{WIDTH}x{HEIGHT}")
        self.host, self.port, self.tmp = self.server.host, self.server.port, self.server.tmp
        self.env = self.server.env
        m = self.server.wait_log(r"compositor pid (\d+) on WAYLAND_DISPLAY", timeout=10)
        self.compositor_pid = int(m.group(1))
        self.pids = None

    def probe_args(self):
        return ["--security", "any", "--user", self.server.username or "", "--password", self.server.password or ""]

    def on_connected(self):
        m = self.server.wait_log(r"connection from \S+: wrd-rdp pid (\d+)", timeout=10)
        self.pids = {"wrd-rdp": int(m.group(1)), "wrd-compositor": self.compositor_pid}

    def spawn(self, argv, name):
        return self.server.spawn(argv, name=name)

    def log_offset(self):
        return len(self.server.log())

    def encoder_stats(self, since):
        """wrd-rdp's periodic stats lines (every 10 s, and once more as the session ends) logged
        after log offset `since`, once the session has ended, as dicts of their figures."""
        try:
            self.server.wait_log(r"connection from \S+ ended", timeout=5)
        except self.h.TestFailure:
            pass
        rx = re.compile(r"frames sent \((?P<fps>[\d.]+)/s\), (?P<kib>[\d.]+) KiB/s"
                        r"(?:, (?:capture|damage)\S+ p50 (?P<p50>[\d.]+) ms p95 (?P<p95>[\d.]+) ms)?; captured (?P<captured>\d+), "
                        r"dropped (?P<dropped>\d+), unchanged (?P<unchanged>\d+), encode (?P<encode>[\d.]+) ms/frame")
        return [m.groupdict() for m in rx.finditer(self.server.log()[since:])]

    def log_tail(self):
        return self.server.log()[-2500:]

    def log_problems(self):
        return [l for l in self.server.log().splitlines() if re.search(r" (warning|error|critical) \[", l)]

    def close(self):
        self.server.close()


class WestonTarget:
    """weston --backend=rdp at 1920x1080 (TLS; surface bits only)."""

    def __init__(self, weston_mod):
        self.w = weston_mod.Weston(f"--width={WIDTH}", f"--height={HEIGHT}")
        self.host, self.port, self.tmp, self.env = "127.0.0.1", self.w.port, self.w.tmp, self.w.env
        self.pids = None

    def probe_args(self):
        return ["--security", "tls"]

    def on_connected(self):
        self.pids = {"weston": self.w.weston.pid}

    def spawn(self, argv, name):
        return self.w.client(argv, name=name)

    def log_offset(self):
        return 0

    def encoder_stats(self, since):
        return []

    def log_tail(self):
        return self.w.log()[-2500:]

    def log_problems(self):
        return [l for l in self.w.log().splitlines() if re.search(r"\b(error|failed|crash)", l, re.I)]

    def close(self):
        self.w.close()
        shutil.rmtree(self.w.tmp, ignore_errors=True)


# --- one configuration ----------------------------------------------------------------

FOOT_IDLE = ["foot", "-o", "cursor.blink=no", "--maximized"]
FOOT_SCROLL = ["foot", "-o", "cursor.blink=no", "--maximized", "sh", "-c", "while :; do seq 1 1000000; done"]


def app_rate(proc, t0, t1):
    """Frames/s the animation client itself committed between monotonic times t0 and t1."""
    points = []
    for line in proc.lines:
        m = re.match(r"^frames (\d+) ([\d.]+)$", line)
        if m:
            points.append((float(m.group(2)), int(m.group(1))))
    before = [p for p in points if p[0] <= t0]
    after = [p for p in points if p[0] >= t1]
    a = before[-1] if before else (points[0] if points else None)
    b = after[0] if after else (points[-1] if points else None)
    if not a or not b or b[0] <= a[0]:
        return None
    return (b[1] - a[1]) / (b[0] - a[0])


def run_config(mods, target_factory, config, d, build):
    name, _, probe_codec, expected = config
    result = {"name": name, "probe_codec": probe_codec, "expected_codec": expected}
    t_start = time.monotonic()
    try:
        target = target_factory()
    except Exception as e:  # a server that does not start is a finding too
        result["error"] = f"the server did not start: {type(e).__name__}: {e}"
        result["wall_s"] = time.monotonic() - t_start
        return result
    probe = None
    apps = {}
    try:
        plan = make_plan(d)
        report_path = os.path.join(target.tmp, f"probe-{name}.json")
        argv = [os.path.join(build, "tests", "probe", "wrd-probe"), "--host", target.host, "--port", str(target.port),
                "--codec", probe_codec, "--size", f"{WIDTH}x{HEIGHT}", "--timeout", str(d["step_timeout"]),
                "--json", report_path, *target.probe_args()]
        for s in plan.steps:
            argv += ["--step", s]
        probe = ProbeRun(mods["harness"], argv, target.env, target.tmp)
        step_t = d["step_timeout"] + 10
        mk = plan.marks

        probe.wait_step(mk["connected"], step_t)
        target.on_connected()
        meter = lambda: Sample(target.pids, target.port, probe.proc.popen.pid)  # noqa: E731

        apps["foot"] = target.spawn(FOOT_IDLE, "foot-idle")
        probe.release()
        probe.wait_step(mk["idle0"], step_t)
        a = meter()
        probe.wait_step(mk["idle1"], step_t)
        result["idle"] = window(a, meter())
        # The typing window opens when the latency samples (typed too) are done.
        probe.wait_step(mk["typing0"], step_t * 2)
        a = meter()
        probe.wait_step(mk["typing1"], step_t)
        result["typing"] = window(a, meter())

        apps["scroll"] = target.spawn(FOOT_SCROLL, "foot-scroll")
        probe.release()
        d0 = probe.wait_step(mk["scroll0"], step_t)
        a = meter()
        d1 = probe.wait_step(mk["scroll1"], step_t)
        w = window(a, meter())
        w["frames"] = (frames_in_all(d1) or 0) - (frames_in_all(d0) or 0)
        result["scroll"] = w
        apps.pop("scroll").kill()

        anim = apps["anim"] = target.spawn([os.path.join(build, "bench", "rdp", "wrd-bench-rdp-animation")], "animation")
        ready = anim.wait_for(r"^ready (\d+)x(\d+) (\w+)$", timeout=15)
        result["anim_window"] = f"{ready.group(1)}x{ready.group(2)} {ready.group(3)}"
        probe.release()
        d0 = probe.wait_step(mk["anim0"], step_t)
        a = meter()
        log_at = target.log_offset()
        d1 = probe.wait_step(mk["anim1"], step_t)
        b = meter()
        w = window(a, b)
        w["frames"] = (frames_in_all(d1) or 0) - (frames_in_all(d0) or 0)
        w["app_fps"] = app_rate(anim, a.t, b.t)
        w["memory_kib"] = {n: memory_kib(pid) for n, pid in target.pids.items()}
        result["anim"] = w
        probe.release()

        code = probe.proc.wait(step_t)
        if code != 0:
            raise BenchError(f"wrd-probe exited {code}: {probe.stderr_tail()}")
        with open(report_path) as f:
            report = json.load(f)
        result["report"] = {k: report.get(k) for k in ("codecs", "bytes_received", "duration_s", "fps", "latency_ms",
                                                       "decode_ms", "frames", "security")}
        result["encoder_stats"] = target.encoder_stats(log_at)
    except Exception as e:  # one configuration's failure is a finding; the others still run
        result["error"] = f"{type(e).__name__}: {e}"
        if probe is not None:
            result["error"] += f"\n  probe stderr: {probe.stderr_tail(800)}"
        result["error"] += f"\n  server log tail:\n{target.log_tail()}"
    finally:
        try:
            result["log_problems"] = target.log_problems()
        except OSError:
            pass
        for p in apps.values():
            p.kill()
        if probe is not None and probe.proc.alive():
            probe.proc.kill(signal.SIGKILL)
        try:
            target.close()
        except Exception as e:  # e.g. wrd-server did not exit cleanly: report, go on
            result.setdefault("error", "")
            result["error"] += f"\nclosing the server: {type(e).__name__}: {e}"
    result["wall_s"] = time.monotonic() - t_start
    return result


# --- printing -------------------------------------------------------------------------

def fmt(v, spec=".1f", none="-"):
    return none if v is None else format(v, spec)


def mbit(bps):
    return bps * 8 / 1e6


def kib(bps):
    return bps / 1024


def codec_seen(r):
    codecs = (r.get("report") or {}).get("codecs") or {}
    if not codecs:
        return "-"
    main = max(codecs.items(), key=lambda kv: kv[1].get("bytes", 0))[0]
    return main if main == r["expected_codec"] else f"{main}(!)"


def anim_figures(r):
    a = r.get("anim")
    if not a:
        return None
    fps = a["frames"] / a["seconds"] if a["seconds"] > 0 else 0
    cpu_pct = a["server_cpu_ms"] / (a["seconds"] * 10)
    per_frame = a["server_cpu_ms"] / a["frames"] if a["frames"] else None
    rss = sum(m[0] or 0 for m in a["memory_kib"].values()) / 1024
    hwm = sum(m[1] or 0 for m in a["memory_kib"].values()) / 1024
    return {"fps": fps, "cpu_pct": cpu_pct, "cpu_per_frame": per_frame, "mbit": mbit(a["bytes_per_s"]),
            "rss": rss, "hwm": hwm, "app_fps": a.get("app_fps")}


def print_tables(results, d):
    ok = [r for r in results if "anim" in r]
    print()
    print(f"== RDP end to end: {WIDTH}x{HEIGHT}, wrd-probe on 127.0.0.1, {os.cpu_count()} cores, "
          f"{os.uname().release}; windows: idle {d['idle_ms'] / 1000:g} s, typing {d['typed_keys'] / 10:g} s, "
          f"scrolling {d['scroll_ms'] / 1000:g} s, animation {d['anim_ms'] / 1000:g} s ==")
    # Server, probe and apps share the machine; anything else running skews every figure.
    print(f"1-minute load average: {d['load_before']:.2f} before the run, {os.getloadavg()[0]:.2f} after it "
          f"(other work on the machine lowers every figure)")
    print("full-screen animation (wrd-bench-rdp-animation, every pixel changes each frame):")
    print(f"  {'config':<12} {'codec':<16} {'app fps':>7} {'fps':>6} {'Mbit/s':>7} {'srv CPU%':>8} {'ms/frame':>8} "
          f"{'probe%':>6}  {'server RSS / HWM MiB (per process)'}")
    for r in ok:
        a, f = r.get("anim"), anim_figures(r)
        if not f:
            continue
        mem = ", ".join(f"{n} {fmt(m[0] and m[0] / 1024, '.0f')}/{fmt(m[1] and m[1] / 1024, '.0f')}"
                        for n, m in a["memory_kib"].items())
        cpu = " + ".join(f"{fmt(v / (a['seconds'] * 10), '.0f')}" for v in a["cpu_ms"].values())
        probe = fmt(a["probe_cpu_ms"] and a["probe_cpu_ms"] / (a["seconds"] * 10), ".0f")
        print(f"  {r['name']:<12} {codec_seen(r):<16} {fmt(f['app_fps']):>7} {f['fps']:>6.1f} {f['mbit']:>7.1f} "
              f"{f['cpu_pct']:>8.0f} {fmt(f['cpu_per_frame']):>8}  {probe:>5}  {mem}  (CPU% {cpu})")
    print("  (app fps: frames the client committed; fps: frames the probe received; srv CPU%: wrd-rdp +")
    print("   wrd-compositor, or weston, in % of one core; ms/frame: server CPU per delivered frame)")
    print("  front-end threads, % of one core over the animation window (NAME xN: N threads of that name,")
    print("  summed; threads inherit their creator's name, so codec worker threads count as wrd-encoder):")
    for r in ok:
        a = r["anim"]
        busy = sorted(((ms, n) for n, ms in a.get("thread_cpu_ms", {}).items() if ms > 0), reverse=True)
        print(f"    {r['name']:<12} " + ", ".join(f"{n} x{a['thread_counts'][n]} {ms / (a['seconds'] * 10):.0f}"
                                               for ms, n in busy[:6]))
    enc = [r for r in ok if r.get("encoder_stats")]
    if enc:
        print("  wrd-rdp's own stats lines logged during/after the animation window (each covers up to 10 s,")
        print("  the first may include the end of the scrolling phase):")
        for r in enc:
            for s in r["encoder_stats"]:
                lat = f", damage->written p50 {s['p50']} p95 {s['p95']} ms" if s.get("p50") else ""
                print(f"    {r['name']:<12} sent {s['fps']}/s, {float(s['kib']) / 1024:.1f} MiB/s{lat}, captured "
                      f"{s['captured']}, dropped {s['dropped']}, unchanged {s['unchanged']}, encode {s['encode']} ms/frame")
    print("input latency, key press -> pixels changed at the probe (ms; server, app and client together):")
    print(f"  {'config':<12} {'p50':>7} {'p95':>7} {'n':>3}   samples")
    for r in ok:
        lat = (r.get("report") or {}).get("latency_ms") or {}
        samples = lat.get("samples") or []
        print(f"  {r['name']:<12} {fmt(lat.get('p50')):>7} {fmt(lat.get('p95')):>7} {len(samples):>3}   "
              + " ".join(f"{s:.0f}" for s in samples))
    print("bytes received by the probe (idle in B/s, the rest in KiB/s) and frames/s while scrolling:")
    print(f"  {'config':<12} {'idle B/s':>8} {'typing':>8} {'scroll':>8} {'scr fps':>7} {'anim':>9}   whole run (report)")
    for r in ok:
        rep = r.get("report") or {}
        whole = (f"{kib(rep['bytes_received'] / rep['duration_s']):.0f} KiB/s over {rep['duration_s']:.1f} s"
                 if rep.get("duration_s") else "-")
        sc = r.get("scroll")
        print(f"  {r['name']:<12} {fmt(r.get('idle') and r['idle']['bytes_per_s'], '.0f'):>8} "
              f"{fmt(r.get('typing') and kib(r['typing']['bytes_per_s'])):>8} "
              f"{fmt(sc and kib(sc['bytes_per_s'])):>8} {fmt(sc and sc['frames'] / sc['seconds']):>7} "
              f"{fmt(r.get('anim') and kib(r['anim']['bytes_per_s']), '.0f'):>9}   {whole}")
    print_ratios(ok)
    for r in results:
        problems = r.get("log_problems") or []
        if problems:
            print(f"server log of {r['name']}: {len(problems)} warning/error line(s), e.g.:")
            for line in problems[:4]:
                print(f"    {line[:220]}")
        if "error" in r:
            print(f"!! {r['name']}: {r['error']}")
        if "skipped" in r:
            print(f"(skipped {r['name']}: {r['skipped']})")


def print_ratios(ok):
    weston = next((r for r in ok if r["name"] == WESTON[0] and anim_figures(r)), None)
    if not weston:
        print("WRD/Weston ratios: no Weston run")
        return
    wf = anim_figures(weston)

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    def rate(r, key):
        return r.get(key) and r[key]["bytes_per_s"]

    def lat(r):
        return ((r.get("report") or {}).get("latency_ms") or {}).get("p50")

    print(f"WRD / Weston ({WESTON[0]}) ratios (>1: WRD has more; for fps that is better, for the rest worse):")
    print(f"  {'config':<12} {'fps':>6} {'CPU/fr':>6} {'B/s anim':>8} {'idle':>6} {'typing':>6} {'scroll':>6} "
          f"{'lat p50':>7} {'RSS':>6} {'HWM':>6}")
    for r in ok:
        f = anim_figures(r)
        if r is weston or not f:
            continue
        cols = [ratio(f["fps"], wf["fps"]), ratio(f["cpu_per_frame"], wf["cpu_per_frame"]),
                ratio(f["mbit"], wf["mbit"]), ratio(rate(r, "idle"), rate(weston, "idle")),
                ratio(rate(r, "typing"), rate(weston, "typing")), ratio(rate(r, "scroll"), rate(weston, "scroll")),
                ratio(lat(r), lat(weston)), ratio(f["rss"], wf["rss"]), ratio(f["hwm"], wf["hwm"])]
        widths = [6, 6, 8, 6, 6, 6, 7, 6, 6]
        print(f"  {r['name']:<12} " + " ".join(f"{fmt(c, '.2f'):>{w}}" for c, w in zip(cols, widths)))
    print("  (RSS/HWM: wrd-rdp + wrd-compositor against weston; idle ratios of near-zero rates mean little)")


# --- main -----------------------------------------------------------------------------

def durations(quick):
    if quick:
        return {"settle_ms": 600, "idle_ms": 1500, "latency_samples": 5, "typed_keys": 15, "scroll_ms": 2000,
                "anim_ms": 3000, "step_timeout": 20}
    return {"settle_ms": 1000, "idle_ms": 4000, "latency_samples": 15, "typed_keys": 40, "scroll_ms": 5000,
            "anim_ms": 6000, "step_timeout": 20}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="short windows, avc420/progressive/Weston only (~1 min)")
    ap.add_argument("--configs", help="comma-separated subset of: " + ", ".join(c[0] for c in WRD_CONFIGS + [WESTON]))
    ap.add_argument("--build-dir", help="the build to use (default $WRD_BUILD_DIR or build/)")
    ap.add_argument("--json", help="also write every figure to this file")
    ap.add_argument("--limit", type=int, default=600, help="give up after this many seconds (default 600)")
    args = ap.parse_args()

    build = os.path.abspath(args.build_dir or os.environ.get("WRD_BUILD_DIR") or os.path.join(REPO, "build"))
    os.environ["WRD_BUILD_DIR"] = build  # the harness reads it when imported
    for sub in ("tests", os.path.join("tests", "rdp"), os.path.join("tests", "probe")):
        sys.path.insert(0, os.path.join(REPO, sub))
    import harness  # noqa: E402
    import rdp_harness  # noqa: E402
    import weston as weston_mod  # noqa: E402
    mods = {"harness": harness}

    need = [os.path.join(build, p) for p in ("rdp/wrd-server", "rdp/wrd-rdp", "compositor/wrd-compositor",
                                               "tests/probe/wrd-probe", "bench/rdp/wrd-bench-rdp-animation")]
    missing = [p for p in need if not os.access(p, os.X_OK)]
    if missing:
        sys.exit(f"rdp_bench.py: missing {', '.join(missing)}: build first (targets wrd_server wrd_rdp_main "
                 f"compositor probe bench_rdp_animation) or set WRD_BUILD_DIR")
    if not subprocess.run(["sh", "-c", "command -v foot"], capture_output=True).returncode == 0:
        sys.exit("rdp_bench.py: foot is not installed (the terminal workloads need it)")

    configs = WRD_CONFIGS + [WESTON]
    if args.quick:
        configs = [c for c in configs if c[0] in ("avc420", "progressive", WESTON[0])]
    if args.configs:
        wanted = args.configs.split(",")
        unknown = set(wanted) - {c[0] for c in WRD_CONFIGS + [WESTON]}
        if unknown:
            sys.exit(f"rdp_bench.py: unknown config(s) {', '.join(sorted(unknown))}")
        configs = [c for c in WRD_CONFIGS + [WESTON] if c[0] in wanted]
    d = durations(args.quick)
    d["load_before"] = os.getloadavg()[0]

    def on_alarm(*_):
        raise OutOfTime(f"the benchmark ran past --limit {args.limit} s")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.limit)

    results = []
    t0 = time.monotonic()
    try:
        run_all(configs, results, mods, rdp_harness, weston_mod, d, build)
    except OutOfTime as e:
        results.append({"name": "(limit)", "error": str(e)})
    signal.alarm(0)
    print_tables(results, d)
    print(f"(total {time.monotonic() - t0:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"durations": d, "results": results}, f, indent=1)
    return 1 if any("error" in r for r in results) else 0


def run_all(configs, results, mods, rdp_harness, weston_mod, d, build):
    for config in configs:
        if config is WESTON:
            if not weston_mod.rdp_backend_present():
                results.append({"name": WESTON[0], "skipped": "weston or its rdp-backend.so is not installed"})
                continue
            factory = lambda: WestonTarget(weston_mod)  # noqa: E731
        else:
            factory = lambda c=config: WrdTarget(rdp_harness, c[1])  # noqa: E731
        print(f"rdp_bench: {config[0]} (probe --codec {config[2]}) ...", flush=True)
        r = run_config(mods, factory, config, d, build)
        print(f"rdp_bench: {config[0]} done in {r['wall_s']:.1f} s{' with an error' if 'error' in r else ''}",
              flush=True)
        results.append(r)


if __name__ == "__main__":
    sys.exit(main())
