"""wrd-rdp serving a compositor that has no wrd_session_v1 (sway, headless): the cursor stays
in the frames, one output; also wrd-rdp's own --listen mode and --wayland-fd."""
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import tomllib

from rdp_harness import PATTERN, PROBE, RDP, SLOW, Proc, TestFailure, check, image_compare, run, sanitizer_env

SWAY_CONFIG = """
output HEADLESS-1 resolution 800x600 position 0 0 bg #204060 solid_color
default_border none
"""


class Sway:
    """A headless sway (pixman) with its own runtime dir."""

    def __init__(self):
        if not shutil.which("sway"):
            raise SystemExit(77)
        self.tmp = tempfile.mkdtemp(prefix="wrd-sway-")
        self.runtime = os.path.join(self.tmp, "run")
        os.mkdir(self.runtime, 0o700)
        config = os.path.join(self.tmp, "sway.conf")
        with open(config, "w") as f:
            f.write(SWAY_CONFIG)
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp, "XDG_RUNTIME_DIR": self.runtime,
                    "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"), "WLR_BACKENDS": "headless",
                    "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1", "LANG": "C.UTF-8"}
        self.env.update(sanitizer_env())
        self.log = open(os.path.join(self.tmp, "sway.log"), "w")
        self.proc = subprocess.Popen(["sway", "-c", config, "--unsupported-gpu"], env=self.env,
                                     stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 15 * SLOW
        self.display = None
        while time.monotonic() < deadline and not self.display:
            for name in os.listdir(self.runtime):
                if re.fullmatch(r"wayland-\d+", name):
                    self.display = name
            time.sleep(0.05)
        if not self.display:
            raise TestFailure("sway did not make a Wayland socket")
        self.client_env = dict(self.env, WAYLAND_DISPLAY=self.display)

    def close(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_rdp(sway, extra_argv=()):
    config_dir = os.path.join(sway.tmp, "wrd")
    p = Proc([RDP, "--listen", "127.0.0.1:0", "--config-dir", config_dir, *extra_argv], dict(sway.client_env),
             name="wrd-rdp", log_dir=sway.tmp)
    port = p.wait_for(r"^WRD_RDP_LISTENING=.*:(\d+)$", timeout=15 * SLOW).group(1)
    return p.popen, port, config_dir


def probe(port, config_dir, *steps, codec="bitmap"):
    with open(os.path.join(config_dir, "credentials"), "rb") as f:
        creds = tomllib.load(f)
    argv = [PROBE, "--port", port, "--user", creds["username"], "--password", creds["password"], "--codec", codec,
            "--size", "800x600", "--timeout", str(int(20 * SLOW))]
    for s in steps:
        argv += ["--step", s]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60 * SLOW)
    check(r.returncode == 0, f"probe exit {r.returncode}: {r.stdout[-1000:]} {r.stderr[-2000:]}")
    return r


def spawn_probe(sway, port, config_dir, *steps, codec="bitmap"):
    with open(os.path.join(config_dir, "credentials"), "rb") as f:
        creds = tomllib.load(f)
    argv = [PROBE, "--port", port, "--user", creds["username"], "--password", creds["password"], "--codec", codec,
            "--size", "800x600", "--timeout", str(int(20 * SLOW))]
    for s in steps:
        argv += ["--step", s]
    return Proc(argv, dict(sway.env), name="wrd-probe", log_dir=sway.tmp, stdin=subprocess.PIPE)


def wait_for_window(sway):
    deadline = time.monotonic() + 10 * SLOW
    while time.monotonic() < deadline:
        r = subprocess.run(["swaymsg", "-t", "get_tree"], env=sway.client_env, capture_output=True, text=True)
        if '"app_id": "wrd-test-pattern"' in r.stdout or "wrd-test-pattern" in r.stdout:
            return
        time.sleep(0.1)
    raise TestFailure("the pattern window did not appear in sway")


def test_sway_without_session_protocol_keeps_the_cursor_in_frames():
    sway = Sway()
    rdp = None
    try:
        client = Proc([PATTERN, "--smooth"], dict(sway.client_env), name="pattern", log_dir=sway.tmp)
        client.wait_for(r"^ready$")
        rdp, port, config_dir = start_rdp(sway)
        shot = os.path.join(sway.tmp, "sway.png")
        mark = client.mark()
        viewer = spawn_probe(sway, port, config_dir, "wait-stable 500", "move 400 300", "wait-stable 500",
                             f"screenshot {shot}", "wait-stdin", "keys hi", "sleep 300")
        viewer.wait_for(r"step 4 .*: ok", timeout=30 * SLOW)
        # Without wrd_session_v1 wrd-rdp asks screencopy for the cursor in the frames: the RDP
        # picture equals sway's screenshot with the cursor (grim -c), taken while connected
        # (sway hides the cursor once the virtual pointer is gone).
        with_cursor = os.path.join(sway.tmp, "grim-c.png")
        subprocess.run(["grim", "-c", with_cursor], env=sway.client_env, check=True, timeout=10)
        viewer.popen.stdin.write("go\n")
        viewer.popen.stdin.flush()
        viewer.wait_for(r"^done$", timeout=30 * SLOW)
        client.wait_for(r"^key \d+ pressed h$", since=mark)
        with open(rdp_log(sway)) as f:
            log = f.read()
        check("no wrd_session_v1" in log, "wrd-rdp did not say it falls back")
        ok, out = image_compare(shot, with_cursor, "--exact")
        check(ok, f"the decoded desktop differs from sway's screenshot with the cursor: {out}")
        # The cursor's white outline: the smooth picture has no pure white anywhere.
        txt = subprocess.run(["convert", shot, "-crop", "24x24+400+300", "txt:"], capture_output=True, text=True,
                             timeout=30).stdout
        check(txt.count("#FFFFFF") >= 5, "no cursor drawn at the pointer in the RDP picture")
        client.kill()
    finally:
        if rdp:
            rdp.send_signal(signal.SIGTERM)
            rdp.wait(10)
        sway.close()


def rdp_log(sway):
    for name in os.listdir(sway.tmp):
        if name.startswith("wrd-rdp") and name.endswith(".err"):
            return os.path.join(sway.tmp, name)
    raise TestFailure("no wrd-rdp log")


def test_wayland_fd_hands_over_a_connected_socket():
    """--socket-fd + --wayland-fd: both connections handed over, as the login service will."""
    sway = Sway()
    rdp = None
    try:
        config_dir = os.path.join(sway.tmp, "wrd")
        os.makedirs(config_dir)
        with open(os.path.join(config_dir, "credentials"), "w") as f:
            f.write('username = "viewer"\npassword = "handed-over"\n')
        listener = socket.create_server(("127.0.0.1", 0))
        port = str(listener.getsockname()[1])
        viewer = spawn_probe(sway, port, config_dir, "wait-frames 1")
        listener.settimeout(15 * SLOW)
        client, _ = listener.accept()
        wl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        wl.connect(os.path.join(sway.runtime, sway.display))
        # Only the handed fds may reach sway: an empty runtime dir of its own and a display
        # name that names nothing, so a wrd-rdp ignoring them finds no compositor at all.
        lonely = os.path.join(sway.tmp, "rdp-run")
        os.makedirs(lonely, 0o700, exist_ok=True)
        env = dict(sway.env, XDG_RUNTIME_DIR=lonely, WAYLAND_DISPLAY="wayland-nowhere")
        env.pop("WAYLAND_SOCKET", None)
        err = open(os.path.join(sway.tmp, "wrd-rdp.err"), "w")
        rdp = subprocess.Popen([RDP, "--socket-fd", str(client.fileno()), "--wayland-fd", str(wl.fileno()),
                                "--config-dir", config_dir], env=env, stdout=subprocess.DEVNULL, stderr=err,
                               pass_fds=(client.fileno(), wl.fileno()), start_new_session=True)
        client.close()
        wl.close()
        listener.close()
        viewer.wait_for(r"^done$", timeout=30 * SLOW)
    finally:
        if rdp:
            rdp.send_signal(signal.SIGTERM)
            rdp.wait(10)
        sway.close()


def test_wayland_fd_with_listen_is_refused_with_a_clear_line():
    """One Wayland connection cannot serve the many connections a listener forks."""
    sway = Sway()
    try:
        r = subprocess.run([RDP, "--listen", "127.0.0.1:0", "--wayland-fd", "0"], env=dict(sway.client_env),
                           capture_output=True, text=True, timeout=15 * SLOW)
        check(r.returncode != 0, f"wrd-rdp accepted --wayland-fd with --listen: {r.stdout} {r.stderr}")
        check("--wayland-fd serves one connection" in r.stderr + r.stdout, r.stderr + r.stdout)
    finally:
        sway.close()


if __name__ == "__main__":
    run(globals())
