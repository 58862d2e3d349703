"""Start-up choices and failures: renderer, config, session end, idle behaviour."""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import COMPOSITOR, Session, check, grab, hex_rgb, run, sanitizer_env  # noqa: E402


def run_compositor(*args, env=None, timeout=20):
    runtime = tempfile.mkdtemp(prefix="wrd-test-run-")
    os.chmod(runtime, 0o700)
    e = {"PATH": os.environ["PATH"], "XDG_RUNTIME_DIR": runtime, "HOME": runtime, **sanitizer_env()}
    if env:
        e.update(env)
    return subprocess.run([COMPOSITOR, *args], env=e, capture_output=True, text=True, timeout=timeout)


def test_gpu_renderer_without_render_node_fails_with_one_clear_line():
    if os.path.isdir("/dev/dri") and any(n.startswith("renderD") for n in os.listdir("/dev/dri")):
        print("this machine has a render node; testing against an empty WRD_DRI_DIR instead")
    empty = tempfile.mkdtemp()
    for name in ("vulkan", "gles2"):
        r = run_compositor("--renderer", name, "--no-xwayland", env={"WRD_DRI_DIR": empty})
        check(r.returncode == 1, f"--renderer {name} exited {r.returncode}")
        errors = [l for l in r.stderr.splitlines() if " error " in l]
        check(len(errors) == 1 and "needs a DRM render node" in errors[0], f"stderr: {r.stderr}")


def test_auto_renderer_falls_back_to_pixman():
    empty = tempfile.mkdtemp()
    with Session("--no-xwayland", "--renderer", "auto") as s:
        s.wait_log(r"renderer: (pixman|vulkan|gles2)")
    # A render node that is not a GPU (a plain file here) must not stop the session.
    fake = tempfile.mkdtemp()
    open(os.path.join(fake, "renderD128"), "w").close()
    r = run_compositor("--no-xwayland", "--exec", "true", "--exit-with-session", env={"WRD_DRI_DIR": fake})
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr[-2000:]}")
    check("vulkan renderer failed on" in r.stderr and "renderer: pixman" in r.stderr, r.stderr[-2000:])
    r = run_compositor("--no-xwayland", "--exec", "true", "--exit-with-session", env={"WRD_DRI_DIR": empty})
    check("no DRM render node: using the pixman renderer" in r.stderr, r.stderr[-2000:])


def test_bad_config_is_one_clear_error():
    d = tempfile.mkdtemp()
    cases = {
        "renderer = 'metal'\n": "renderer must be auto, pixman, vulkan or gles2",
        "[[outputs]]\nwidth = 0\n": "output size must be 1..8192",
        "background = 'blue'\n": "expected #RRGGBB",
        "exit_with_session = 'yes'\n": "exit_with_session has the wrong type",
        "renderer = \n": "compositor.toml:1",
    }
    for text, expected in cases.items():
        path = os.path.join(d, "compositor.toml")
        with open(path, "w") as f:
            f.write(text)
        r = run_compositor("--config", path)
        check(r.returncode == 2, f"{text!r}: exit {r.returncode}")
        check(expected in r.stderr and r.stderr.count("\n") == 1, f"{text!r}: stderr {r.stderr!r}")
    r = run_compositor("--config", os.path.join(d, "missing.toml"))
    check(r.returncode == 2 and "does not exist" in r.stderr, r.stderr)
    r = run_compositor("--output", "1920by1080")
    check(r.returncode == 2 and "WIDTHxHEIGHT" in r.stderr, r.stderr)


def test_config_file_sets_outputs_background_and_autostart():
    d = tempfile.mkdtemp()
    path = os.path.join(d, "compositor.toml")
    with open(path, "w") as f:
        f.write('background = "#336699"\nxwayland = false\ncolour = "typo"\n'
                'autostart = ["touch $HOME/autostart-ran"]\n'
                '[[outputs]]\nwidth = 800\nheight = 600\n'
                '[[outputs]]\nwidth = 640\nheight = 480\nrefresh = 30.0\nscale = 2.0\nx = 0\ny = 600\n')
    with Session("--config", path, "--exec", "touch $HOME/exec-ran") as s:
        s.wait_log(r"unknown key 'colour' ignored")
        s.wait_log(r"config: renderer=auto outputs=\[800x600@60\.00:1\.00, 640x480@30\.00:2\.00 at 0,600\] "
                   r"background=#336699 xwayland=false autostart=2 command\(s\)")
        s.hide_cursor_from_frames()
        r = s.capture("--list-outputs")
        check("HEADLESS-1 800x600 at 0,0" in r.stdout and "HEADLESS-2 640x480 at 0,600" in r.stdout, r.stdout)
        randr = s.run(["wlr-randr"]).stdout.split("HEADLESS-2")[1]
        check("30.000000 Hz" in randr and "Scale: 2.0" in randr, randr)
        img = grab(s)
        check(img.count_not(hex_rgb("#336699")) == 0, "background colour from config not shown")
        for marker in ("autostart-ran", "exec-ran"):
            deadline = time.monotonic() + 10
            while not os.path.exists(os.path.join(s.tmp, marker)) and time.monotonic() < deadline:
                time.sleep(0.1)
            check(os.path.exists(os.path.join(s.tmp, marker)), f"{marker}: the command did not run")


def test_missing_runtime_dir_is_one_clear_error():
    for value in ("", None):
        env = {"PATH": os.environ["PATH"], **sanitizer_env()}
        if value is not None:
            env["XDG_RUNTIME_DIR"] = value
        r = subprocess.run([COMPOSITOR, "--no-xwayland"], env=env, capture_output=True, text=True, timeout=20)
        errors = [l for l in r.stderr.splitlines() if " error " in l]
        check(r.returncode == 1 and len(errors) == 1 and "XDG_RUNTIME_DIR is not set" in errors[0],
              f"XDG_RUNTIME_DIR={value!r}: exit {r.returncode}, {r.stderr[-800:]}")


def test_exit_with_session_ends_with_the_first_app():
    # The other app is ended with the session (it would otherwise hold our pipes open).
    r = run_compositor("--no-xwayland", "--exec", "sleep 1; exit 3", "--exec", "sleep 60", "--exit-with-session")
    check(r.returncode == 3, f"exit {r.returncode}: {r.stderr[-1500:]}")
    check("shutting down (--exit-with-session)" in r.stderr, r.stderr[-1500:])
    check("ending 1 remaining app(s)" in r.stderr, r.stderr[-1500:])
    r = run_compositor("--no-xwayland", "--exit-with-session")
    check(r.returncode == 2 and "needs at least one --exec" in r.stderr, r.stderr)


def test_idle_compositor_does_not_wake_up():
    """No busy loop: with a static window and no input, the compositor sleeps."""
    with Session("--no-xwayland") as s:
        s.pattern_client()
        time.sleep(1.0)
        pid = s.compositor.pid

        def switches():
            with open(f"/proc/{pid}/status") as f:
                return sum(int(l.split()[1]) for l in f if "ctxt_switches" in l)
        before = switches()
        time.sleep(3.0)
        woke = switches() - before
        check(woke <= 6, f"idle compositor woke {woke} times in 3 s")


if __name__ == "__main__":
    run(globals())
