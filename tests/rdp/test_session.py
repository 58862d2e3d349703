"""A person's session over RDP: typing and clicking reach the right app, the desktop follows
the client's size and monitors, and connections come and go while the apps live on."""
import json
import os
import re
import time

from rdp_harness import CAPTURE, PATTERN, SLOW, RdpServer, check, image_compare, run, typed_text
from harness import POINTER  # noqa: E402 (rdp_harness put tests/ on the path)


def window_box(s, title):
    m = s.wait_log(rf"window '{re.escape(title)}' \(.*\) mapped at (-?\d+),(-?\d+) (\d+)x(\d+)")
    return tuple(int(v) for v in m.groups())


def outputs(s):
    r = s.run([CAPTURE, "--list-outputs"])
    return re.findall(r"output (\S+) (\d+)x(\d+) at (-?\d+),(-?\d+)", r.stdout)


def wait_until(predicate, what, timeout=10):
    deadline = time.monotonic() + timeout * SLOW
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_typing_reaches_the_focused_app_and_clicks_move_focus():
    with RdpServer(output="1024x768") as s:
        a = s.pattern_client("--title", "left", "--size", "300x200", name="left")
        b = s.pattern_client("--title", "right", "--size", "300x200", name="right")
        b.wait_for(r"^keyboard_enter$")
        ax, ay, aw, ah = window_box(s, "left")
        ma, mb = a.mark(), b.mark()
        s.probe("wait-stable 300", "keys hello world", f"click {ax + aw // 2} {ay + ah // 2}", "sleep 200",
                "type Grüße, wrd! ✓", "sleep 300", size="1024x768")
        check(typed_text(b, mb).startswith("hello world"), f"right window saw {typed_text(b, mb)!r}")
        a.wait_for(r"^button 272 pressed$", since=ma)
        a.wait_for(r"^keyboard_enter$", since=ma)
        wait_until(lambda: "Grüße, wrd! ✓" in typed_text(a, ma), f"the typed text; left saw {typed_text(a, ma)!r}")
        check("G" not in typed_text(b, mb), "the unfocused window got keys")


def test_wheel_and_buttons_reach_the_app():
    with RdpServer(output="800x600") as s:
        c = s.pattern_client("--title", "wheel", "--size", "400x300", name="wheel")
        x, y, w, h = window_box(s, "wheel")
        mark = c.mark()
        s.probe(f"move {x + 20} {y + 30}", "wheel 1", "hwheel -1", f"click {x + 20} {y + 30} right", "sleep 300",
                size="800x600")
        c.wait_for(r"^pointer_enter 20(\.0+)? 30(\.0+)?$", since=mark)
        c.wait_for(r"^axis vertical -", since=mark)  # a notch up scrolls up: negative
        c.wait_for(r"^axis horizontal -", since=mark)
        c.wait_for(r"^button 273 pressed$", since=mark)


def test_nothing_is_sent_while_nothing_changes():
    with RdpServer(output="800x600") as s:
        s.pattern_client("--smooth", "--title", "still", name="still")
        # The first picture, then two seconds without a single update: wait-stable fails if
        # any frame arrives in that time, and the sleep step must see no frame either. (Counts
        # of two connections are not comparable: a first picture may come in one or two frames.)
        s.probe("wait-frames 1", "wait-stable 300", "wait-stable 2000", size="800x600", timeout=20)
        r = s.probe("wait-frames 1", "wait-stable 300", "sleep 2000", size="800x600", timeout=20)
        sleep = r.report["steps"][2]
        check(sleep["step"] == "sleep 2000" and sleep["frames"] == 0, f"an idle desktop sent frames: {sleep}")


def test_wrong_password_is_refused_and_logged():
    with RdpServer() as s:
        r = s.probe("wait-frames 1", password="not-the-password", expect_exit=2)
        check("could not connect" in r.stderr, repr(r))
        s.wait_log(r"login refused from 127\.0\.0\.1:\d+ \(user '[^']*', protocol NLA\): wrong user name or password")
        # The failure backs this user and address off for 1 s (the default); then the right
        # password works.
        s.wait_log(r"the next login of this user or from this address waits 1 s")
        time.sleep(1.2)
        s.probe("wait-frames 1")


def test_reconnect_shows_the_same_app():
    with RdpServer(output="800x600") as s:
        c = s.pattern_client("--smooth", "--title", "keep", "--size", "400x300", name="keep")
        pid = c.popen.pid
        first, second = s.path("first.png"), s.path("second.png")
        s.probe("wait-stable 500", f"screenshot {first}", "disconnect", size="800x600")
        s.wait_log(r"connection from 127\.0\.0\.1:\d+ ended")
        check(c.alive(), "the app died with the connection")
        s.probe("wait-stable 500", f"screenshot {second}", size="800x600")
        check(c.alive() and c.popen.pid == pid, "a different app after reconnecting")
        from rdp_harness import image_compare
        ok, out = image_compare(first, second, "--min-psnr", "35")
        check(ok, f"the desktop differs after reconnecting: {out}")


def test_two_viewers_at_once():
    with RdpServer(output="800x600") as s:
        c = s.pattern_client("--title", "shared", "--size", "400x300", name="shared")
        c.wait_for(r"^keyboard_enter$")
        viewer = s.spawn_probe("wait-frames 1", "wait-stdin", "wait-frames 1", codec="avc420",
                               extra=["--size", "800x600"], stdin=True)
        viewer.wait_for(r"step 1 .*: ok", timeout=30)
        mark = c.mark()
        # A second viewer types while the first is still connected and watching.
        s.probe("wait-frames 1", "keys abc", "sleep 300", codec="progressive", size="800x600")
        wait_until(lambda: typed_text(c, mark) == "abc", f"typed text; saw {typed_text(c, mark)!r}")
        # The first viewer still gets frames: the app changes (a new window) and it sees it.
        # (The probe reads nothing between steps, so the window opens once it waits again.)
        viewer.popen.stdin.write("go\n")
        viewer.popen.stdin.flush()
        viewer.wait_for(r"step 2 .*: ok", timeout=30)
        s.pattern_client("--title", "second", "--size", "200x100", name="second")
        viewer.wait_for(r"^done$", timeout=30)
        check(viewer.wait(30) == 0, "the first viewer failed")


def test_killing_the_client_mid_stream_leaves_the_session_running():
    with RdpServer(output="800x600", apps=["weston-simple-shm"]) as s:
        c = s.pattern_client("--title", "survivor", "--size", "200x100", name="survivor")
        r = s.probe("wait-frames 10", "kill", size="800x600", expect_exit=0)
        check(r.report.get("frames", 0) >= 10, f"frames {r.report.get('frames')}")
        s.wait_log(r"connection from 127\.0\.0\.1:\d+ ended")
        check(c.alive(), "the app died")
        s.probe("wait-frames 3", size="800x600")  # the desktop is still served


def go(viewer):
    """Lets a probe waiting in a wait-stdin step go on."""
    viewer.popen.stdin.write("go\n")
    viewer.popen.stdin.flush()


def screencopy_output(s, name, path):
    """The compositor's own picture of one output, as a PNG."""
    s.run([CAPTURE, "--output", name, "-o", path])
    return path


def crop(s, image, w, h, x, y):
    """The w x h rectangle at x, y of a PNG, as a PNG of its own."""
    out = s.path(f"crop-{w}x{h}+{x}+{y}-{time.monotonic_ns()}.png")
    s.run(["convert", image, "-crop", f"{w}x{h}+{x}+{y}", "+repage", out])
    return out


# AVC420 is lossy: the decoded picture must match the screencopy by PSNR, as in test_codecs.
LOSSY = ("--min-psnr", "35")


def compare_line(out):
    """wrd-imgcheck's summary line (differing pixels, PSNR) out of its output."""
    return next((l for l in out.splitlines() if l.startswith("compare ")), out.strip())


def test_client_resize_changes_the_output_mode():
    with RdpServer(output="800x600", apps=[f"{PATTERN} --smooth --size 600x400"]) as s:
        shot, copy, report = s.path("resized.png"), s.path("resized-screencopy.png"), s.path("resized.json")
        viewer = s.spawn_probe("wait-frames 1", "resize 1024x768", "wait-stable 500", f"screenshot {shot}",
                               "wait-stdin", codec="avc420", extra=["--size", "800x600", "--json", report],
                               stdin=True)
        viewer.wait_for(r"step 4 .*: ok", timeout=30 * SLOW)
        # Still connected and nothing changing: the compositor's picture of the resized output
        # is what the client shows.
        check(("HEADLESS-1", "1024", "768", "0", "0") in outputs(s), f"outputs {outputs(s)}")
        s.screencopy(copy)
        go(viewer)
        viewer.wait_for(r"^done$", timeout=30 * SLOW)
        check(viewer.wait(30 * SLOW) == 0, "probe failed")
        with open(report) as f:
            desktop = json.load(f)["desktop"]
        check(desktop == {"width": 1024, "height": 768}, f"desktop {desktop}")
        ok, out = image_compare(shot, copy, *LOSSY)
        print(f"resized: {compare_line(out)}")
        check(ok, f"the resized desktop differs from the screencopy of the 1024x768 output: {out}")


def test_two_monitor_layout_gets_one_output_and_surface_each():
    with RdpServer(output="800x600", apps=[f"{PATTERN} --smooth --size 600x400"]) as s:
        shot = s.path("two.png")
        viewer = s.spawn_probe("wait-stable 500", "wait-stdin", "wait-stable 500", f"screenshot {shot}", "wait-stdin",
                               codec="avc420", extra=["--monitors", "800x600+0+0;640x480+800+0"], stdin=True)
        viewer.wait_for(r"step 1 .*: ok", timeout=30 * SLOW)
        outs = outputs(s)
        check(len(outs) == 2 and any(o[1:3] == ("640", "480") and o[3:5] == ("800", "0") for o in outs),
              f"outputs {outs}")
        s.wait_log(r"graphics surfaces: HEADLESS-1 800x600\+0\+0 \(surface \d+\), \S+ 640x480\+800\+0 \(surface \d+\)")
        check(s.count_log(r"connection monitor layout: 800x600\+0\+0 \(primary\), 640x480\+800\+0") == 1,
              "layout not logged")
        # A second window on the second monitor (placed on the output under the pointer), so
        # each monitor shows a picture of its own.
        second = next(o[0] for o in outs if o[3:5] == ("800", "0"))
        s.run([POINTER, "at", "1120", "240"])
        s.pattern_client("--smooth", "--title", "right", "--size", "400x300", name="right")
        s.wait_log(rf"window 'right' \(.*\) mapped at .* on {re.escape(second)}\b")
        go(viewer)
        viewer.wait_for(r"step 4 .*: ok", timeout=30 * SLOW)
        # Each monitor's part of the client's desktop equals the screencopy of its output.
        for name, w, h, x, y in outs:
            copy = screencopy_output(s, name, s.path(f"two-{name}-screencopy.png"))
            part = crop(s, shot, w, h, x, y)
            ok, out = image_compare(part, copy, *LOSSY)
            print(f"{name}: {compare_line(out)}")
            check(ok, f"monitor {w}x{h}+{x}+{y} differs from the screencopy of {name}: {out}")
        go(viewer)
        check(viewer.wait(30 * SLOW) == 0, "probe failed")
        # The monitor made for this client goes with it.
        wait_until(lambda: len(outputs(s)) == 1, "the second output to go")

if __name__ == "__main__":
    run(globals())
