"""wrd-probe against Weston's RDP backend: TLS, decoding, input, clipboard, failures.

Weston 14 offers surface bits only (RemoteFX, NSCodec, uncompressed), so these tests cover the
probe's non-GFX paths; GFX waits for wrd-server. Weston bugs worked around (see weston.py):
clients need the peer's seat, so they start after the probe's wait-clipboard step; Weston
14.0.2 crashes when a peer that owns the Wayland selection disconnects, so the one test where
the probe sets the clipboard gets a Weston of its own and does not check Weston's survival.
"""
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from weston import SKIP, Weston, finish, free_port, rdp_backend_present, release  # noqa: E402
from harness import typed_text as harness_typed_text  # noqa: E402
from harness import IMGCHECK, PATTERN, check, run  # noqa: E402

SIZE = (1024, 768)


def imgcheck(*args):
    return subprocess.run([IMGCHECK, *args], capture_output=True, text=True, timeout=60)


def typed_text(client, since=0):
    return harness_typed_text(client, since)


def gradient(w, h):
    """Rows of (r, g, b): a picture with no two neighbours alike in at least one channel."""
    return [[((x * 7 + y) & 0xff, (y * 5) & 0xff, (x * 3 + y * 11) & 0xff) for x in range(w)] for y in range(h)]


def write_bmp(path, rows):
    """A 24-bit bottom-up BMP, as image/bmp on a Wayland clipboard carries it."""
    h, w = len(rows), len(rows[0])
    stride = (w * 3 + 3) & ~3
    pixels = b"".join(bytes(c for px in row for c in (px[2], px[1], px[0])).ljust(stride, b"\0") for row in reversed(rows))
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    with open(path, "wb") as f:
        f.write(b"BM" + struct.pack("<IHHI", 14 + len(info) + len(pixels), 0, 0, 14 + len(info)) + info + pixels)


def write_ppm(path, rows):
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (len(rows[0]), len(rows)) + bytes(c for row in rows for px in row for c in px))


def write_png(path, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes(c for px in row for c in px) for row in rows)
    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def start_with_client(w, probe_args, steps, client_argv):
    """Runs the probe up to its first wait-stdin (after wait-clipboard: the seat exists), starts
    the client, waits for it to be ready and lets the probe go on. Returns (probe, report, client)."""
    p, report = w.probe_live(*probe_args, steps=["wait-clipboard", "wait-stdin", *steps])
    p.wait_for(r"^step 1 'wait-clipboard': ok")
    client = w.client(client_argv, name="client")
    return p, report, client


def test_tls_raw_pixels_input_and_clipboard_from_wayland():
    with Weston() as w:
        shot = os.path.join(w.tmp, "raw.png")
        got = os.path.join(w.tmp, "got.txt")
        p, report, c = start_with_client(
            w, ["--security", "tls", "--codec", "raw", "--size", "x".join(map(str, SIZE))],
            ["wait-stable 300", f"screenshot {shot}", "keys Hello, wrd!\\n", "click 100 50", "click 200 60 right",
             "wheel 2", "hwheel -1", f"clipboard-get-text {got}", "type é"],
            [PATTERN, "--fullscreen", "--hide-cursor", "--copy-text", "from wayland"])
        c.wait_for(r"^copied$")
        release(p)
        r = finish(p, report)
        check(r.code == 0, r.describe())
        check(r.report["connected"] and r.report["security"] == "tls", r.report)
        check(r.report["certificate"]["fingerprint"] == w.fingerprint(), f"{r.report['certificate']} vs {w.fingerprint()}")
        check(set(r.report["codecs"]) == {"none"} and r.report["codecs"]["none"]["bytes"] > 0, r.report["codecs"])
        check(r.report["frames"] > 0 and r.report["bytes_received"] > 0, r.report)
        # Uncompressed surface bits are lossless: the screenshot is the client's pattern, exactly.
        out = imgcheck(shot, "--check-pattern", f"0,0,{SIZE[0]},{SIZE[1]}")
        check(out.returncode == 0, out.stdout + out.stderr)
        c.wait_for(r"^axis horizontal ")
        # Enter's text is "\r", which the line reader takes for a line end: look for its key.
        check(typed_text(c) == "Hello, wrd!", f"the client saw {typed_text(c)!r}")
        check(any(l.startswith("key 28 pressed") for l in c.lines), "no Enter")
        for line in ("button 272 pressed", "button 273 released", "axis vertical"):
            check(any(l.startswith(line) for l in c.lines), f"no '{line}' in {c.lines}")
        with open(got) as f:
            check(f.read() == "from wayland", "clipboard text differs")
        check(r.report["clipboard"]["text_received"] == "from wayland", r.report["clipboard"])
        check(w.alive(), "weston died")


def test_rfx_and_nsc_decode_close_to_the_lossless_picture():
    # Weston's own desktop: smooth enough for NSCodec's chroma subsampling, which turns the
    # noise-like test pattern to mush. The panel's clock may tick between runs: left out.
    below_panel = f"0,40,{SIZE[0]},{SIZE[1] - 40}"
    with Weston() as w:
        shots = {codec: os.path.join(w.tmp, f"{codec}.png") for codec in ("raw", "rfx", "nsc")}
        for codec, shot in shots.items():
            r = w.probe("--codec", codec, steps=["wait-frames 1", "wait-stable 300", f"screenshot {shot}"])
            check(r.code == 0, r.describe())
            check(set(r.report["codecs"]) == {"none" if codec == "raw" else codec}, f"{codec}: {r.report['codecs']}")
            check(r.report["decode_ms"]["total"] > 0, r.report["decode_ms"])
        for codec in ("rfx", "nsc"):
            close = imgcheck(shots["raw"], "--compare", shots[codec], "--region", below_panel, "--min-psnr", "30")
            check(close.returncode == 0, f"{codec}: {close.stdout}")
            # Both are lossy here: the exact comparison really compares.
            exact = imgcheck(shots["raw"], "--compare", shots[codec], "--region", below_panel, "--exact")
            check(exact.returncode == 1 and "pixels differ" in exact.stdout, f"{codec}: {exact.stdout}")


def test_frames_and_fps_from_an_animating_client():
    with Weston() as w:
        w.client(["weston-simple-shm"], name="simple-shm")
        r = w.probe("--codec", "rfx", steps=["wait-frames 30"])
        check(r.code == 0, r.describe())
        check(r.report["frames"] >= 30 and r.report["fps"] > 5, r.report)
        check(r.report["codecs"]["rfx"]["commands"] >= 30, r.report["codecs"])


def test_latency_of_typing_into_weston_terminal():
    with Weston() as w:
        p, report, term = start_with_client(
            w, ["--codec", "raw"], ["wait-stable 1000", f"latency 0 40 {SIZE[0]} {SIZE[1] - 40} 5 key"],
            ["weston-terminal"])
        release(p)
        r = finish(p, report)
        check(r.code == 0, r.describe())
        lat = r.report["latency_ms"]
        check(len(lat["samples"]) == 5 and all(0 < s < 10000 for s in lat["samples"]), lat)
        check(lat["p50"] <= lat["p95"], lat)


def test_clipboard_to_wayland():
    with Weston("--logger-scopes=log,rdp-backend-clipboard") as w:
        png = os.path.join(w.tmp, "offer.png")
        write_png(png, gradient(33, 17))
        p, report = w.probe_live("--codec", "raw", steps=["wait-clipboard", "clipboard-set-text from rdp",
                                                          "wait-stdin", f"clipboard-set-file-image {png}"])
        # Weston's own clipboard keeper reads every new selection: the text made it across.
        deadline = time.monotonic() + 10
        while "write completed (8 bytes)" not in w.log():
            check(time.monotonic() < deadline, f"weston never read the text:\n{w.log()[-2000:]}")
            time.sleep(0.1)
        release(p)
        r = finish(p, report)
        check(r.code == 0, r.describe())
        check(r.report["clipboard"]["requests_served"] >= 1, r.report["clipboard"])
        check(r.report["clipboard"]["image_offered"] == "33x17", r.report["clipboard"])
        check(re.search(r'mine_type:"image/bmp"', w.log()), "weston did not take our CF_DIB as image/bmp")


def test_clipboard_image_from_wayland():
    with Weston() as w:
        rows = gradient(37, 23)
        bmp, want, got = (os.path.join(w.tmp, n) for n in ("copy.bmp", "want.ppm", "got.png"))
        write_bmp(bmp, rows)
        write_ppm(want, rows)
        p, report, c = start_with_client(w, ["--codec", "raw"], [f"clipboard-get-image {got}"],
                                         [PATTERN, "--fullscreen", "--copy-file", bmp, "--copy-mime", "image/bmp"])
        c.wait_for(r"^copied$")
        release(p)
        r = finish(p, report)
        check(r.code == 0, r.describe())
        check(r.report["clipboard"]["image_received"] == "37x23 via CF_DIB", r.report["clipboard"])
        same = imgcheck(want, "--compare", got, "--exact")
        check(same.returncode == 0, same.stdout + same.stderr)


def test_refused_connections_exit_2_quickly():
    with Weston() as w:
        r = w.probe(port=free_port(), steps=["wait-frames 1"], limit=20)
        check(r.code == 2 and r.seconds < 8, r.describe())
        check("could not connect to 127.0.0.1:" in r.stderr and "ERRCONNECT_" in r.stderr, r.stderr)
        check(r.report["connected"] is False and r.report["errors"], r.report)
        # Weston has no NLA.
        r = w.probe("--security", "nla", "--user", "u", "--password", "p", steps=["wait-frames 1"], limit=20)
        check(r.code == 2 and "could not connect" in r.stderr, r.describe())
        check(w.alive(), "weston died")


def test_weston_drops_a_client_without_surface_commands():
    # The bitmap mode turns surface commands off; Weston checks them only after the connection
    # is up, and then closes it: the first step fails.
    with Weston() as w:
        r = w.probe("--codec", "bitmap", steps=["wait-frames 1"], limit=20)
        check(r.code == 1 and "step 1 'wait-frames 1' failed: the connection ended" in r.stderr, r.describe())
        check("client doesn't support required SurfaceCommands" in w.log(), w.log()[-2000:])


def test_bad_arguments_exit_3():
    with Weston() as w:
        for args in (["--step", "frobnicate"], ["--codec", "h265"], ["--step", "resize 1281x720"], ["--size", "0x0"]):
            r = w.probe(*args)
            check(r.code == 3 and r.report is None, f"{args}: {r.describe()}")


def test_a_missing_display_channel_fails_the_resize_step():
    with Weston() as w:
        r = w.probe(steps=["wait-frames 1", "resize 800x600", "wait-frames 1"], timeout=20, limit=40)
        check(r.code == 1, r.describe())
        line = [l for l in r.stderr.splitlines() if l.startswith("wrd-probe:")]
        check(len(line) == 1 and "step 2 'resize 800x600' failed" in line[0] and "display control channel" in line[0],
              r.stderr)
        # The channel gets a few seconds after connecting, not the whole --timeout.
        check(r.seconds < 12, r.describe())
        check([s["ok"] for s in r.report["steps"]] == [True, False], r.report["steps"])


def test_a_server_that_goes_away_ends_the_run_with_exit_1():
    with Weston() as w:
        w.client(["weston-simple-shm"], name="simple-shm")
        p, report = w.probe_live("--codec", "rfx", steps=["wait-frames 1", "wait-frames 1000000"], timeout=60)
        p.wait_for(r"^step 1 'wait-frames 1': ok")
        os.killpg(w.weston.pid, signal.SIGKILL)
        r = finish(p, report, limit=15)
        check(r.code == 1 and "step 2 'wait-frames 1000000' failed: the connection ended" in r.stderr, r.describe())


def test_kill_leaves_without_a_disconnect_and_the_server_carries_on():
    with Weston() as w:
        # Weston's helpers bind each new seat; one that vanishes first kills them (and Weston):
        # give them a moment before leaving.
        r = w.probe(steps=["wait-stable 500", "kill", "wait-frames 1"])
        check(r.code == 0 and "exiting without a disconnect" in r.stdout, r.describe())
        check([s["step"] for s in r.report["steps"]] == ["wait-stable 500", "kill"], r.report["steps"])
        r = w.probe(steps=["wait-stable 500", "disconnect"])
        check(r.code == 0 and w.alive(), r.describe())


def test_two_monitors():
    with Weston() as w:
        r = w.probe("--codec", "raw", "--monitors", "800x600+0+0;640x480+800+0", steps=["wait-frames 1"])
        check(r.code == 0, r.describe())
        check(r.report["desktop"] == {"width": 1440, "height": 600}, r.report["desktop"])


if __name__ == "__main__":
    if not rdp_backend_present():
        print("weston or its rdp-backend.so is missing: skipped")
        sys.exit(SKIP)
    run(globals())
