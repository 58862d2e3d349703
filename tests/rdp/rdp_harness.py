"""RDP test harness: a real wrd-server (which starts a real wrd-compositor) on 127.0.0.1 with
an ephemeral port and its own HOME, driven by real RDP clients: our libfreerdp3 probe,
xfreerdp3 under Xvfb, rdesktop. Every wait is bounded; every process is killed at the end.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import (BUILD, CAPTURE, IMGCHECK, PATTERN, DEFAULT_TIMEOUT, Proc, TestFailure,  # noqa: E402,F401
                     check, run, sanitizer_env, stop_all, typed_text)

SERVER = os.path.join(BUILD, "rdp", "wrd-server")
RDP = os.path.join(BUILD, "rdp", "wrd-rdp")
COMPOSITOR = os.path.join(BUILD, "compositor", "wrd-compositor")
PROBE = os.path.join(BUILD, "tests", "probe", "wrd-probe")

# Sanitizer builds are several times slower; waits scale with them.
SLOW = 3.0 if os.environ.get("ASAN_OPTIONS") else 1.0


class ProbeResult:
    def __init__(self, returncode, report, stdout, stderr):
        self.returncode = returncode
        self.report = report
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        return f"probe exit {self.returncode}; stdout {self.stdout[-1500:]!r}; stderr {self.stderr[-2500:]!r}"


class RdpServer:
    """wrd-server with its compositor, in a private HOME and XDG_RUNTIME_DIR."""

    def __init__(self, *args, security="nla", codec="auto", output="1024x768", apps=(), config=None):
        self.tmp = tempfile.mkdtemp(prefix="wrd-rdp-test-")
        self.runtime = os.path.join(self.tmp, "run")
        os.mkdir(self.runtime, 0o700)
        self.config_dir = os.path.join(self.tmp, "config", "wrd")
        os.makedirs(self.config_dir)
        if config is not None:
            with open(os.path.join(self.config_dir, "wrd.toml"), "w") as f:
                f.write(config)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.tmp,
            "XDG_RUNTIME_DIR": self.runtime,
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "LANG": "C.UTF-8",
        }
        self.env.update(sanitizer_env())
        self.children = []
        argv = [SERVER, "--listen", "127.0.0.1:0", "--security", security, "--codec", codec,
                "--output", output, *args]
        # An app that stays put and shows nothing: the default terminal would add pixels.
        execs = list(apps) or ["sleep 100000"]
        for cmd in execs:
            argv += ["--exec", cmd]
        self.server = Proc(argv, self.env, name="wrd-server", log_dir=self.tmp)
        m = self.server.wait_for(r"^WRD_SERVER_ADDRESS=(.*):(\d+)$", timeout=DEFAULT_TIMEOUT * SLOW)
        self.host, self.port = m.group(1), int(m.group(2))
        self.fingerprint = self.server.wait_for(r"certificate SHA-256 fingerprint: (\S+)").group(1)
        self.wayland_display = self.server.wait_for(r"desktop: WAYLAND_DISPLAY=(\S+)").group(1)
        self.server.wait_for(r"^WRD_SERVER_READY=1$")
        self.client_env = dict(self.env, WAYLAND_DISPLAY=self.wayland_display)
        self.username = self.password = None
        creds = os.path.join(self.config_dir, "credentials")
        if os.path.exists(creds):
            with open(creds, "rb") as f:
                c = tomllib.load(f)
            self.username, self.password = c["username"], c["password"]

    # --- the server's log -------------------------------------------------------------
    def log(self):
        with open(self.server.stderr_path) as f:
            return f.read()

    def wait_log(self, pattern, timeout=DEFAULT_TIMEOUT):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout * SLOW
        while time.monotonic() < deadline:
            m = rx.search(self.log())
            if m:
                return m
            time.sleep(0.05)
        raise TestFailure(f"server log has no /{pattern}/ within {timeout}s; tail:\n{self.log()[-3000:]}")

    def count_log(self, pattern):
        return len(re.findall(pattern, self.log()))

    # --- desktop-side clients ---------------------------------------------------------
    def spawn(self, argv, name=None):
        p = Proc(argv, dict(self.client_env), name=name, log_dir=self.tmp)
        self.children.append(p)
        return p

    def run(self, argv, timeout=DEFAULT_TIMEOUT, check_status=True, input=None):
        try:
            r = subprocess.run(argv, env=self.client_env, capture_output=True, timeout=timeout * SLOW,
                               input=input, text=not isinstance(input, bytes))
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{argv} did not finish within {timeout}s")
        if check_status and r.returncode != 0:
            raise TestFailure(f"{argv} exited {r.returncode}: {r.stdout!s:.1500} {r.stderr!s:.1500}")
        return r

    def pattern_client(self, *args, name="pattern"):
        p = self.spawn([PATTERN, *args], name=name)
        p.wait_for(r"^ready$")
        return p

    def screencopy(self, path):
        """The compositor's own view of output 0, as a PNG, for comparing with a client's."""
        self.run([CAPTURE, "-o", path])
        return path

    # --- RDP clients ------------------------------------------------------------------
    def probe(self, *steps, codec="avc420", security=None, user=None, password=None, size=None,
              timeout=30, extra=(), expect_exit=0, port=None):
        report_path = os.path.join(self.tmp, f"probe-{time.monotonic_ns()}.json")
        argv = [PROBE, "--host", self.host, "--port", str(port or self.port), "--codec", codec,
                "--timeout", str(int(timeout * SLOW)), "--json", report_path]
        argv += ["--security", security or "any"]
        u = self.username if user is None else user
        p = self.password if password is None else password
        if u is not None:
            argv += ["--user", u]
        if p is not None:
            argv += ["--password", p]
        if size:
            argv += ["--size", size]
        argv += list(extra)
        for step in steps:
            argv += ["--step", step]
        try:
            r = subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=(timeout + 30) * SLOW)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"wrd-probe did not finish within {timeout + 30}s: {argv}")
        report = {}
        if os.path.exists(report_path):
            with open(report_path) as f:
                report = json.load(f)
        result = ProbeResult(r.returncode, report, r.stdout, r.stderr)
        if expect_exit is not None and r.returncode != expect_exit:
            raise TestFailure(f"wrd-probe exited {r.returncode}, expected {expect_exit}: {result!r}\n"
                              f"server log tail:\n{self.log()[-3000:]}")
        return result

    def spawn_probe(self, *steps, codec="avc420", timeout=60, extra=(), stdin=False):
        """A probe left running (for two viewers at once, or killing it mid-stream). With
        stdin=True its `wait-stdin` steps wait for a line written to p.popen.stdin."""
        argv = [PROBE, "--host", self.host, "--port", str(self.port), "--codec", codec, "--security", "any",
                "--timeout", str(int(timeout * SLOW)), "--user", self.username or "", "--password",
                self.password or "", *extra]
        for step in steps:
            argv += ["--step", step]
        p = Proc(argv, dict(self.env), name="wrd-probe", log_dir=self.tmp,
                 stdin=subprocess.PIPE if stdin else subprocess.DEVNULL)
        self.children.append(p)
        return p

    def raw_connection(self):
        return socket.create_connection((self.host, self.port), timeout=5)

    def path(self, name):
        return os.path.join(self.tmp, name)

    # --- shutting down ----------------------------------------------------------------
    def close(self):
        stop_all(self.children)
        if self.server.alive():
            self.server.popen.send_signal(signal.SIGINT)
            try:
                code = self.server.popen.wait(20 * SLOW)
            except subprocess.TimeoutExpired:
                self.server.kill(signal.SIGKILL)
                raise TestFailure("wrd-server did not exit on Ctrl-C within 20s")
            if code != 0:
                raise TestFailure(f"wrd-server ended with {code} after Ctrl-C; log tail:\n{self.log()[-3000:]}")
        # wrd-rdp, wrd-compositor and the apps all write to wrd-server's stderr: a sanitizer
        # report from any of them fails the test even when the process carried on.
        m = re.search(r"(ERROR: (Address|Leak)Sanitizer.*|runtime error:.*)", self.log())
        if m:
            raise TestFailure(f"sanitizer report in the server log: {m.group(1)}\n{self.log()[-6000:]}")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            sys.stdout.write(f"--- wrd-server log tail ---\n{self.log()[-6000:]}\n")
            for p in self.children:
                p.kill(signal.SIGKILL)
            self.server.kill(signal.SIGKILL)
            return False
        self.close()
        return False


def recv_up_to(sock, n):
    """Reads until `n` bytes came, the peer closed or the socket's timeout ran out."""
    data = b""
    try:
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


def image_compare(a, b, *args):
    """wrd-imgcheck A --compare B [args]; returns (ok, output)."""
    r = subprocess.run([IMGCHECK, a, "--compare", b, *args], capture_output=True, text=True, timeout=60)
    return r.returncode == 0, r.stdout + r.stderr
