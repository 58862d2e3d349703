"""wrd-probe against servers that misbehave before any RDP happens: every wait is bounded,
every failure is one line naming the cause, and the exit code says connect (2) from step (1).
The servers here are plain sockets: nothing real can be made to misbehave on cue."""
import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from weston import PROBE  # noqa: E402
from harness import check, run, sanitizer_env  # noqa: E402


class FakeServer:
    """Listens on 127.0.0.1 and treats each connection with `behaviour(sock)`."""

    def __init__(self, behaviour):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.behaviour = behaviour
        self.held = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            self.behaviour(conn)

    def close(self):
        self.sock.close()
        for c in self.held:
            c.close()


def probe(port, *args):
    home = tempfile.mkdtemp(prefix="wrd-probe-home-")
    atexit.register(shutil.rmtree, home, True)
    report = os.path.join(home, "report.json")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, **sanitizer_env()}
    t0 = time.monotonic()
    r = subprocess.run([PROBE, "--port", str(port), "--json", report, *args], env=env, capture_output=True,
                       text=True, timeout=60)
    return r, time.monotonic() - t0, report


def error_lines(r):
    return [l for l in r.stderr.splitlines() if l.startswith("wrd-probe:")]


def test_a_silent_server_times_out_the_connect():
    s = FakeServer(lambda conn: None)  # accepts, never answers
    try:
        r, seconds, report = probe(s.port, "--timeout", "2", "--step", "wait-frames 1")
        check(r.returncode == 2 and 1.5 < seconds < 6, f"{r.returncode} after {seconds:.1f}s: {r.stderr}")
        lines = error_lines(r)
        check(len(lines) == 1 and "within 2 s" in lines[0] and "ERRCONNECT_" in lines[0], r.stderr)
        check(os.path.exists(report), "no report")
    finally:
        s.close()


def test_a_server_that_hangs_up_at_once():
    s = FakeServer(lambda conn: conn.close())
    try:
        r, seconds, _ = probe(s.port, "--timeout", "10", "--step", "wait-frames 1")
        check(r.returncode == 2 and seconds < 5, f"{r.returncode} after {seconds:.1f}s: {r.stderr}")
        check(len(error_lines(r)) == 1, r.stderr)
    finally:
        s.close()


def test_a_server_that_talks_nonsense():
    s = FakeServer(lambda conn: conn.sendall(b"\x03\x00\x00\x0bHELLO WORLD" * 50))
    try:
        r, seconds, _ = probe(s.port, "--timeout", "10", "--step", "wait-frames 1")
        check(r.returncode == 2 and seconds < 8, f"{r.returncode} after {seconds:.1f}s: {r.stderr}")
        check(len(error_lines(r)) == 1, r.stderr)
    finally:
        s.close()


if __name__ == "__main__":
    run(globals())
