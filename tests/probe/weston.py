"""Weston's RDP backend as a server for wrd-probe, until wrd-server can stand in.

Weston 14 serves RDP with surface bits only (RemoteFX, NSCodec or uncompressed; no graphics
pipeline and no display control channel) and creates the seat of a peer when the peer
connects, so Wayland clients that need a seat must start after the probe has connected:
the probe's `wait-stdin` step holds the run until the test has started them.
"""
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import BUILD, DEFAULT_TIMEOUT, Proc, TestFailure, check, sanitizer_env, stop_all  # noqa: E402

PROBE = os.path.join(BUILD, "tests", "probe", "wrd-probe")
SKIP = 77  # ctest's SKIP_RETURN_CODE for this suite


def rdp_backend_present():
    return shutil.which("weston") and glob.glob("/usr/lib/*/libweston-*/rdp-backend.so")


def free_port():
    """A port nobody listens on right now (the kernel picked it for us)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProbeRun:
    """A finished wrd-probe run: exit code, output lines and the JSON report (if any)."""

    def __init__(self, code, stdout, stderr, report_path, seconds):
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.report = None
        if os.path.exists(report_path):
            with open(report_path) as f:
                self.report = json.load(f)

    def describe(self):
        return f"exit {self.code} after {self.seconds:.1f}s\nstdout:\n{self.stdout}\nstderr:\n{self.stderr[-3000:]}"


class Weston:
    """weston --backend=rdp on a free port of 127.0.0.1 with a fresh self-signed certificate."""

    def __init__(self, *args):
        self.tmp = tempfile.mkdtemp(prefix="wrd-probe-test-")
        self.runtime = os.path.join(self.tmp, "run")
        os.mkdir(self.runtime, 0o700)
        self.cert, self.key = self._make_certificate()
        self.port = free_port()
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp, "LANG": "C.UTF-8",
                    "XDG_RUNTIME_DIR": self.runtime, "XDG_CONFIG_HOME": os.path.join(self.tmp, "config")}
        self.env.update(sanitizer_env())
        self.log_path = os.path.join(self.tmp, "weston.log")
        self._log = open(self.log_path, "w")
        self.children = []
        self.runs = 0
        self.weston = subprocess.Popen(
            ["weston", "--backend=rdp", f"--rdp-tls-cert={self.cert}", f"--rdp-tls-key={self.key}",
             f"--port={self.port}", "--address=127.0.0.1", "--socket=wl-probe", "--idle-time=0", *args],
            env=self.env, stdout=self._log, stderr=self._log, start_new_session=True)
        self.client_env = dict(self.env, WAYLAND_DISPLAY="wl-probe")
        self._wait_listening()

    def _make_certificate(self):
        # Debian's 3.15 ships winpr-makecert3; the 3.33 backport names it winpr-makecert.
        makecert = shutil.which("winpr-makecert3") or "winpr-makecert"
        subprocess.run([makecert, "-rdp", "-silent", "-path", self.tmp, "-n", "weston"],
                       check=True, capture_output=True, timeout=DEFAULT_TIMEOUT)
        return os.path.join(self.tmp, "weston.crt"), os.path.join(self.tmp, "weston.key")

    def _wait_listening(self):
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        while time.monotonic() < deadline:
            check(self.weston.poll() is None, f"weston exited ({self.weston.returncode}):\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise TestFailure(f"weston did not listen on port {self.port}:\n{self.log()}")

    def fingerprint(self):
        """The certificate's SHA-256 fingerprint as FreeRDP writes it: aa:bb:..."""
        with open(self.cert) as f:
            # winpr-makecert ends the file with a NUL byte.
            der = ssl.PEM_cert_to_DER_cert(f.read().rstrip("\0\n") + "\n")
        return ":".join(f"{b:02x}" for b in hashlib.sha256(der).digest())

    def log(self):
        self._log.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def alive(self):
        return self.weston.poll() is None

    def client(self, argv, name=None):
        p = Proc(argv, self.client_env, name=name, log_dir=self.tmp)
        self.children.append(p)
        return p

    def probe_args(self, *args, steps=(), port=None, timeout=10):
        self.runs += 1
        report = os.path.join(self.tmp, f"report-{self.runs}.json")
        argv = [PROBE, "--port", str(port or self.port), "--timeout", str(timeout), "--json", report, *args]
        for s in steps:
            argv += ["--step", s]
        return argv, report

    def probe(self, *args, steps=(), port=None, timeout=10, limit=60):
        """Runs wrd-probe to its end (at most `limit` seconds) and returns a ProbeRun."""
        argv, report = self.probe_args(*args, steps=steps, port=port, timeout=timeout)
        t0 = time.monotonic()
        try:
            r = subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"wrd-probe hung: no exit within {limit}s ({argv})")
        return ProbeRun(r.returncode, r.stdout, r.stderr, report, time.monotonic() - t0)

    def probe_live(self, *args, steps=(), timeout=10):
        """Starts wrd-probe with a pipe on stdin (for wait-stdin steps); returns (Proc, report)."""
        argv, report = self.probe_args(*args, steps=steps, timeout=timeout)
        p = Proc(argv, self.env, name="wrd-probe", stdin=subprocess.PIPE, log_dir=self.tmp)
        self.children.append(p)
        return p, report

    def close(self):
        stop_all(self.children)
        if self.alive():
            os.killpg(self.weston.pid, signal.SIGTERM)
            try:
                self.weston.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.weston.pid, signal.SIGKILL)
                self.weston.wait(5)
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            sys.stdout.write(f"--- weston log tail ---\n{self.log()[-3000:]}\n")
        self.close()
        if exc_type is None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return False


def release(probe):
    """Lets a probe waiting in wait-stdin go on."""
    probe.popen.stdin.write("go\n")
    probe.popen.stdin.flush()


def finish(probe, report, limit=60):
    """Waits for a live probe's exit; returns a ProbeRun."""
    t0 = time.monotonic()
    code = probe.wait(limit)
    probe._thread.join(5)
    with open(probe.stderr_path) as f:
        err = f.read()
    return ProbeRun(code, "\n".join(probe.lines), err, report, time.monotonic() - t0)
