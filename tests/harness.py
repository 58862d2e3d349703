"""Test harness: a real headless wrd-compositor per test, real clients, bounded waits.

Each test file defines functions named test_*; run() executes them in order and prints
'N passed, M failed'. Every wait has a timeout, every process is killed at the end.
"""
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

BUILD = os.environ.get("WRD_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "build"))
COMPOSITOR = os.path.join(BUILD, "compositor", "wrd-compositor")
PATTERN = os.path.join(BUILD, "tests", "clients", "wrd-test-pattern")
BAD_CLIENT = os.path.join(BUILD, "tests", "clients", "wrd-test-bad-client")
CAPTURE = os.path.join(BUILD, "tests", "tools", "wrd-capture")
IMGCHECK = os.path.join(BUILD, "tests", "tools", "wrd-imgcheck")
SESSION_PROBE = os.path.join(BUILD, "tests", "tools", "wrd-session-probe")
POINTER = os.path.join(BUILD, "tests", "tools", "wrd-pointer")

DEFAULT_TIMEOUT = 15.0


def sanitizer_env():
    """The sanitizer settings of the test run, for every process a test starts."""
    return {k: os.environ[k] for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS") if k in os.environ}


class TestFailure(AssertionError):
    pass


SKIP = 77  # ctest's SKIP_RETURN_CODE for every suite (tests/CMakeLists.txt)


class TestSkipped(Exception):
    """A test that cannot run here (a missing tool, another OS); the reason is printed."""


def skip(reason):
    raise TestSkipped(reason)


def check(condition, message):
    if not condition:
        raise TestFailure(message)


class Proc:
    """A child process whose stdout lines are collected by a reader thread."""

    def __init__(self, argv, env, name=None, stdin=subprocess.DEVNULL, log_dir=None):
        self.name = name or os.path.basename(argv[0])
        self.argv = argv
        err = open(os.path.join(log_dir, f"{self.name}.{os.getpid()}.{id(self)}.err"), "w") if log_dir else subprocess.DEVNULL
        self.stderr_path = err.name if log_dir else None
        self.popen = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=err, stdin=stdin,
                                      text=True, bufsize=1, start_new_session=True)
        self.lines = []
        self._queue = queue.Queue()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        for line in self.popen.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern, timeout=DEFAULT_TIMEOUT, since=0):
        """Returns the first match of regex `pattern` in a line at index >= since."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            while seen < len(self.lines):
                m = rx.search(self.lines[seen])
                seen += 1
                if m:
                    return m
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TestFailure(f"{self.name}: no line matching /{pattern}/ within {timeout}s; got {self.lines[-15:]}")
            try:
                item = self._queue.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                continue
            if item is None and seen >= len(self.lines):
                raise TestFailure(f"{self.name} exited ({self.popen.poll()}) before a line matching /{pattern}/; "
                                  f"got {self.lines[-15:]}{self._stderr_tail()}")

    def mark(self):
        """Index to pass as `since` so wait_for only looks at lines after now."""
        return len(self.lines)

    def _stderr_tail(self):
        if not self.stderr_path:
            return ""
        with open(self.stderr_path) as f:
            return "; stderr: " + f.read()[-800:]

    def alive(self):
        return self.popen.poll() is None

    def wait(self, timeout=DEFAULT_TIMEOUT):
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{self.name} did not exit within {timeout}s")

    def kill(self, sig=signal.SIGTERM):
        if self.alive():
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass


def stop_all(procs):
    """SIGTERM to every process group, then SIGKILL to any still there after 5 s."""
    for p in procs:
        p.kill()
    for p in procs:
        try:
            p.popen.wait(5)
        except subprocess.TimeoutExpired:
            p.kill(signal.SIGKILL)


class Session:
    """A headless wrd-compositor with its own runtime dir, and the clients started in it."""

    def __init__(self, *args, check_exit=True):
        self.tmp = tempfile.mkdtemp(prefix="wrd-test-")
        self.runtime = os.path.join(self.tmp, "run")
        os.mkdir(self.runtime, 0o700)
        self.log_path = os.path.join(self.tmp, "compositor.log")
        self.check_exit = check_exit
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.tmp,
            "XDG_RUNTIME_DIR": self.runtime,
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "LANG": "C.UTF-8",
        }
        self.env.update(sanitizer_env())
        self.children = []
        self._log = open(self.log_path, "w")
        self.compositor = subprocess.Popen([COMPOSITOR, *args], env=self.env, stdout=subprocess.PIPE,
                                           stderr=self._log, text=True, start_new_session=True)
        self.client_env = dict(self.env)
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        while True:
            line = self.compositor.stdout.readline()
            if not line:
                raise TestFailure(f"wrd-compositor exited ({self.compositor.wait()}) before it was ready:\n{self.log()}")
            key, _, value = line.strip().partition("=")
            if key in ("WAYLAND_DISPLAY", "DISPLAY"):
                self.client_env[key] = value
            if key == "WRD_COMPOSITOR_READY":
                break
            if time.monotonic() > deadline:
                raise TestFailure("wrd-compositor did not print its display in time")

    def log(self):
        self._log.flush()
        with open(self.log_path) as f:
            return f.read()

    def wait_log(self, pattern, timeout=DEFAULT_TIMEOUT):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = rx.search(self.log())
            if m:
                return m
            time.sleep(0.05)
        raise TestFailure(f"compositor log has no /{pattern}/ within {timeout}s; tail:\n{self.log()[-2000:]}")

    def alive(self):
        return self.compositor.poll() is None

    def window_box(self, title):
        """(x, y, w, h) where the compositor placed the window titled `title` when it mapped."""
        m = self.wait_log(rf"window '{re.escape(title)}' \(.*\) mapped at (-?\d+),(-?\d+) (\d+)x(\d+)")
        return tuple(int(v) for v in m.groups())

    def spawn(self, argv, name=None, env=None, stdin=subprocess.DEVNULL):
        e = dict(self.client_env)
        if env:
            e.update(env)
        p = Proc(argv, e, name=name, stdin=stdin, log_dir=self.tmp)
        self.children.append(p)
        return p

    def run(self, argv, timeout=DEFAULT_TIMEOUT, input=None, env=None, check=True, capture=True):
        """Runs a command to completion. capture=False for commands that leave a daemon
        behind (wl-copy): the daemon would hold captured pipes open."""
        e = dict(self.client_env)
        if env:
            e.update(env)
        out = subprocess.PIPE if capture else subprocess.DEVNULL
        try:
            r = subprocess.run(argv, env=e, stdout=out, stderr=out, timeout=timeout,
                               input=input, text=not isinstance(input, bytes))
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{argv} did not finish within {timeout}s")
        if check and r.returncode != 0:
            raise TestFailure(f"{argv} exited {r.returncode}: {r.stdout!s:.2000} {r.stderr!s:.2000}")
        return r

    def capture(self, *args, check=True):
        return self.run([CAPTURE, *args], check=check)

    def pattern_client(self, *args, name="pattern"):
        p = self.spawn([PATTERN, *args], name=name)
        p.wait_for(r"^ready$")
        return p

    def hide_cursor_from_frames(self):
        """Keeps the pointer out of captures, as a front end drawing it client-side does."""
        probe = self.spawn([SESSION_PROBE, "cursor", "--no-composite"], name="no-cursor")
        probe.wait_for(r"^position ")
        self.run([CAPTURE])  # a roundtrip through the compositor after the request
        return probe

    def pointer_to(self, x, y):
        """Puts the pointer at layout (x, y) through a virtual pointer."""
        self.pointer("at", x, y)

    def click(self, button="left"):
        self.run(["wlrctl", "pointer", "click", button])

    def pointer(self, *steps):
        """Runs wrd-pointer steps: at X Y, move DX DY, press/release/click BTN, wait MS."""
        self.run([POINTER, *map(str, steps)])

    def close(self):
        stop_all(self.children)
        code = None
        if self.alive():
            self.compositor.send_signal(signal.SIGTERM)
            try:
                code = self.compositor.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.compositor.pid, signal.SIGKILL)
                raise TestFailure("wrd-compositor did not exit on SIGTERM within 10s")
        else:
            code = self.compositor.returncode
        self._log.close()
        if self.check_exit and code not in (0,):
            raise TestFailure(f"wrd-compositor ended with status {code}; log tail:\n{self.log_tail()}")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self):
        with open(self.log_path) as f:
            return f.read()[-3000:]

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            sys.stdout.write(f"--- compositor log tail ---\n{self.log_tail()}\n")
            for p in self.children:
                p.kill(signal.SIGKILL)
            if self.alive():
                os.killpg(self.compositor.pid, signal.SIGKILL)
            return False
        self.close()
        return False


def typed_text(client, since):
    """The text of every key press a pattern client reported after line `since`."""
    out = []
    for line in client.lines[since:]:
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0] == "key" and parts[2] == "pressed" and parts[3] != "-":
            out.append(parts[3])
    return "".join(out)


def centered_origin(output_w, output_h, w, h):
    """Where the desktop places a new window on an empty output."""
    return (output_w - w) // 2, (output_h - h) // 2


def run(module_globals):
    tests = [(n, f) for n, f in module_globals.items() if n.startswith("test_") and callable(f)]
    only = sys.argv[1:]
    passed = failed = skipped = 0
    for name, fn in tests:
        if only and name not in only:
            continue
        t0 = time.monotonic()
        try:
            fn()
        except TestSkipped as e:
            skipped += 1
            print(f"skip {name}: {e}")
        except Exception:  # a failing test must not stop the others
            failed += 1
            print(f"FAIL {name} ({time.monotonic() - t0:.1f}s)")
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print(f"ok   {name} ({time.monotonic() - t0:.1f}s)")
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    # A failure fails the suite; otherwise a suite that could not run all its tests is
    # reported to ctest as skipped, not as passed.
    if failed:
        sys.exit(1)
    if skipped:
        sys.exit(SKIP)
    sys.exit(0 if passed else 1)


class Image:
    """An RGB image read from a binary PPM (what wrd-capture -o x.ppm writes)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        fields = []
        pos = 0
        while len(fields) < 4:
            while data[pos:pos + 1].isspace():
                pos += 1
            if data[pos:pos + 1] == b"#":
                pos = data.index(b"\n", pos) + 1
                continue
            end = pos
            while not data[end:end + 1].isspace():
                end += 1
            fields.append(data[pos:end])
            pos = end
        check(fields[0] == b"P6" and fields[3] == b"255", f"{path} is not an 8-bit P6 PPM")
        self.width, self.height = int(fields[1]), int(fields[2])
        self.pixels = data[pos + 1:]

    def pixel(self, x, y):
        i = (y * self.width + x) * 3
        return tuple(self.pixels[i:i + 3])

    def count_not(self, colour, box=None):
        """Pixels in box (x, y, w, h; default all) that differ from colour (r, g, b)."""
        x0, y0, w, h = box or (0, 0, self.width, self.height)
        n = 0
        for y in range(y0, y0 + h):
            row = self.pixels[(y * self.width + x0) * 3:(y * self.width + x0 + w) * 3]
            target = bytes(colour) * w
            if row != target:
                n += sum(1 for i in range(0, len(row), 3) if row[i:i + 3] != target[i:i + 3])
        return n


def grab(session, *args):
    """Captures an output to PPM and returns it as an Image."""
    path = os.path.join(session.tmp, f"capture-{time.monotonic_ns()}.ppm")
    session.capture(*args, "-o", path)
    return Image(path)


def hex_rgb(text):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))
