"""xfreerdp3 (FreeRDP 3.15's X11 client) under Xvfb against wrd-server: each codec path the
client or the server picks ends as the same picture in the client's window as in the
compositor's own screencopy, with the known colours at their known places; the client then
hangs up and the server's connection ends cleanly.

Also the home of Xvfb and the root-window screenshots, which test_rdesktop.py shares."""
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time

from rdp_harness import IMGCHECK, PATTERN, SLOW, Proc, RdpServer, TestFailure, check, run
from harness import Image  # noqa: E402 (rdp_harness puts tests/ on the path)

WIDTH, HEIGHT = 800, 600
SIZE = f"{WIDTH}x{HEIGHT}"
# The compositor's background (wrd-compositor's default) and the picture of
# `wrd-test-pattern --smooth`: tests/common/pattern.hpp smooth_pixel.
BACKGROUND = (0x30, 0x36, 0x40)
PALETTE = (0x3465a4, 0xf57900, 0x73d216, 0xcc0000, 0xedd400, 0x75507b, 0xeeeeec, 0x2e3436)

# Byte tables keeping each channel's RGB565 bits (in the high bits): two images cut this way
# are equal exactly when their 16-bit pixels are.
Q5 = bytes((v >> 3) << 3 for v in range(256))
Q6 = bytes((v >> 2) << 2 for v in range(256))
# FreeRDP 3.15 widens RGB565 to 8 bits per channel as c*8 + c/4 (red, blue) and c*4 + c/8
# (green) (libfreerdp/codec/color.c FreeRDPSplitColor), which for green is not always a value
# whose top 6 bits are c: so xfreerdp3's 16 bpp picture is compared with the screencopy's
# RGB565 bits widened the same way.
W5 = bytes(min(((v >> 3) << 3) + (v >> 3) // 4, 255) for v in range(256))
W6 = bytes(min(((v >> 2) << 2) + (v >> 2) // 8, 255) for v in range(256))


class Xvfb:
    """A virtual X server WxH at `depth` on a free display number from 100 up, local
    connections only; stopped on close() even when a test failed."""

    def __init__(self, width, height, depth=24):
        self.tmp = tempfile.mkdtemp(prefix="wrd-xvfb-")
        self.proc = None
        for number in range(100, 200):
            if os.path.exists(f"/tmp/.X{number}-lock") or os.path.exists(f"/tmp/.X11-unix/X{number}"):
                continue
            if self._start(number, width, height, depth):
                break
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise TestFailure("no free X display number in 100..199")
        self.env = {"DISPLAY": self.display}

    def _start(self, number, width, height, depth):
        """Xvfb writes the display number and a newline to -displayfd once it accepts clients;
        if the number was taken meanwhile it exits instead. The pipe stays open until the
        newline: Xvfb dies if its second write fails."""
        read_end, write_end = os.pipe()
        with open(os.path.join(self.tmp, f"Xvfb-{number}.log"), "w") as log:
            proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x{depth}", "-nolisten",
                                     "tcp", "-displayfd", str(write_end)], pass_fds=(write_end,), stdout=log,
                                    stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        os.close(write_end)
        said = b""
        deadline = time.monotonic() + 15 * SLOW
        try:
            while not said.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(read_end, 16) if ready else b""
                if not chunk:
                    break  # Xvfb exited, or the time is up
                said += chunk
        finally:
            os.close(read_end)
        said = said.decode().strip()
        if said == str(number):
            self.proc, self.display = proc, f":{number}"
            return True
        self._stop(proc)
        return False

    @staticmethod
    def _stop(proc):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)

    def screenshot(self, path):
        """The root window as an 8-bit PPM (what an X client drew)."""
        r = subprocess.run(["import", "-window", "root", "-depth", "8", path], env=dict(os.environ, **self.env),
                           capture_output=True, text=True, timeout=30 * SLOW)
        check(r.returncode == 0, f"import -window root failed: {r.stderr}")
        return path

    def windows(self):
        """xwininfo's lines for the root's children: name, geometry."""
        r = subprocess.run(["xwininfo", "-root", "-children"], env=dict(os.environ, **self.env), capture_output=True,
                           text=True, timeout=15 * SLOW)
        return r.stdout

    def close(self):
        if self.proc:
            self._stop(self.proc)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def compare(shot, reference, *how):
    """wrd-imgcheck SHOT --compare REFERENCE HOW...: (passed, the 'compare ...' result line, output)."""
    r = subprocess.run([IMGCHECK, shot, "--compare", reference, *how], capture_output=True, text=True,
                       timeout=60 * SLOW)
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("compare ") and "at" in ln), r.stdout.strip())
    return r.returncode == 0, line, r.stdout + r.stderr


def wait_for_picture(x, s, name, reference, how, prepare=None, timeout=20):
    """Screenshots the X display until it matches `reference` and is the same in two
    screenshots in a row (the client has drawn every frame it was sent, refinements too) or
    the time is up; returns (the compared image's path, result line). `prepare` maps a
    screenshot's path to the path of the image to compare (e.g. cut to RGB565)."""
    deadline = time.monotonic() + timeout * SLOW
    previous = None
    n = 0
    while True:
        shot = x.screenshot(s.path(f"{name}-x11-{n}.ppm"))
        with open(shot, "rb") as f:
            pixels = f.read()
        compared = prepare(shot) if prepare else shot
        ok, line, out = compare(compared, reference, *how)
        if ok and pixels == previous:
            return compared, line
        if time.monotonic() > deadline:
            raise TestFailure(f"{name}: the client's picture did not settle on the screencopy within {timeout}s; "
                              f"last: {out}")
        previous = pixels
        n += 1
        time.sleep(0.3)


def window_box(s, title):
    m = s.wait_log(rf"window '{re.escape(title)}' \(.*\) mapped at (-?\d+),(-?\d+) (\d+)x(\d+)")
    return tuple(int(v) for v in m.groups())


def wait_for_window(x, title_start, geometry, timeout=15):
    """Waits until a top-level window whose title starts with `title_start` has `geometry`."""
    rx = re.compile(rf'"{re.escape(title_start)}[^"]*".*?(\d+x\d+\+-?\d+\+-?\d+)')
    deadline = time.monotonic() + timeout * SLOW
    while True:
        listing = x.windows()
        m = rx.search(listing)
        if m and m.group(1) == geometry:
            return
        if time.monotonic() > deadline:
            raise TestFailure(f"no window '{title_start}...' at {geometry} within {timeout}s: {listing}")
        time.sleep(0.1)


def smooth_pixel(x, y):
    """tests/common/pattern.hpp smooth_pixel, as (r, g, b)."""
    bx, by, lx, ly = x // 64, y // 64, x % 64, y % 64
    if (bx + by) % 2 == 0 and 20 <= ly < 44 and 6 <= lx < 58 and (lx // 3) % 3 != 2 and (ly // 4) % 2 == 0:
        return (0x10, 0x10, 0x10)
    base = PALETTE[(bx + 3 * by) % 8]

    def channel(shift, add):
        return min(((base >> shift) & 0xFF) * 3 // 4 + add, 255)

    return (channel(16, lx), channel(8, ly), channel(0, (lx + ly) // 2))


def pattern_pixel(x, y):
    """tests/common/pattern.hpp pattern_pixel, as (r, g, b)."""
    m = 0xFFFFFFFF
    h = ((x * 0x9E3779B1) & m) ^ (((y + 0x7F4A7C15) * 0x85EBCA77) & m)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & m
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & m
    h ^= h >> 16
    return ((h >> 16) & 0xFF, (h >> 8) & 0xFF, h & 0xFF)


def rgb565_bits(rgb):
    """A colour cut to its RGB565 bits, kept in the high bits (what quantise_565 makes)."""
    r, g, b = rgb
    return (Q5[r], Q6[g], Q5[b])


def freerdp_565(rgb):
    """A colour as xfreerdp3 shows it in a 16 bpp session (what as_freerdp_565 makes)."""
    r, g, b = rgb
    return (W5[r], W6[g], W5[b])


def cut_channels(src, dst, red_blue, green):
    img = Image(src)
    px = bytearray(img.pixels)
    px[0::3] = bytes(px[0::3]).translate(red_blue)
    px[1::3] = bytes(px[1::3]).translate(green)
    px[2::3] = bytes(px[2::3]).translate(red_blue)
    with open(dst, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (img.width, img.height) + bytes(px))
    return dst


def as_freerdp_565(src):
    """Writes SRC-freerdp565.ppm: `src` as xfreerdp3 shows it after a 16 bpp session."""
    return cut_channels(src, src.removesuffix(".ppm") + "-freerdp565.ppm", W5, W6)


def quantise_565(src, dst=None):
    """Writes `src` (8-bit PPM) with every channel cut to its RGB565 bits to `dst` (default
    SRC-565.ppm); returns dst."""
    return cut_channels(src, dst or src.removesuffix(".ppm") + "-565.ppm", Q5, Q6)


def check_pattern_at(image, box, seen_as, step=(13, 7)):
    """The noise pattern at points of the window `box` (x, y, w, h), each pixel as
    `seen_as` maps it (the session's colour depth and the client's widening)."""
    wx, wy, ww, wh = box
    for y in range(0, wh, step[1]):
        for x in range(0, ww, step[0]):
            got = image.pixel(wx + x, wy + y)
            want = seen_as(pattern_pixel(x, y))
            check(got == want, f"desktop {wx + x},{wy + y} is {got}, expected {want}")


def check_known_colours(image, box, tolerance):
    """Every 64x64 block of the smooth picture inside the window `box` shows its own colour at
    two points away from edges and strokes, and the desktop's corners show the background;
    returns the largest difference seen."""
    wx, wy, ww, wh = box
    samples = [((cx, cy), BACKGROUND) for cx in (4, image.width - 5) for cy in (4, image.height - 5)]
    for by in range(wh // 64):
        for bx in range(ww // 64):
            for lx, ly in ((32, 10), (12, 54)):
                x, y = bx * 64 + lx, by * 64 + ly
                samples.append(((wx + x, wy + y), smooth_pixel(x, y)))
    worst = 0
    for (x, y), want in samples:
        got = image.pixel(x, y)
        diff = max(abs(a - b) for a, b in zip(got, want))
        check(diff <= tolerance, f"pixel {x},{y} is {got}, expected about {want} (off by {diff} > {tolerance})")
        worst = max(worst, diff)
    return worst


def xfreerdp(s, x, *options):
    argv = ["xfreerdp3", f"/v:{s.host}:{s.port}", f"/u:{s.username}", f"/p:{s.password}", "/cert:ignore",
            f"/size:{SIZE}", "/log-level:WARN", *options]
    # Its own HOME (s.env), so it keeps no known-hosts or config of the person running the tests.
    p = Proc(argv, dict(s.env, **x.env), name="xfreerdp3", log_dir=s.tmp)
    s.children.append(p)
    return p


def hang_up(s, client):
    """Ctrl-C-like stop of the client: it says goodbye; the server's connection must end with
    wrd-rdp exiting 0 (a sanitizer report would make it non-zero)."""
    client.popen.send_signal(signal.SIGTERM)
    try:
        client.popen.wait(15 * SLOW)
    except subprocess.TimeoutExpired:
        raise TestFailure("xfreerdp3 did not exit within 15s of SIGTERM")
    m = s.wait_log(r"connection from 127\.0\.0\.1:\d+ ended \((.*)\)", timeout=15)
    check(m.group(1) == "wrd-rdp exit 0", f"the connection ended badly: {m.group(0)}")


def show_codec(name, server_codec, options, expect_log, min_psnr, colour_tolerance):
    """One run: the smooth picture in a 600x400 window on an 800x600 desktop, seen through
    xfreerdp3 with `options`; the server must log `expect_log`."""
    with RdpServer(apps=[f"{PATTERN} --smooth --size 600x400"], output=SIZE, codec=server_codec) as s, \
            Xvfb(WIDTH, HEIGHT) as x:
        box = window_box(s, "wrd-test-pattern")
        client = xfreerdp(s, x, *options)
        s.wait_log(re.escape(expect_log), timeout=30)
        # The client's window fills the X screen, so root coordinates are desktop coordinates.
        wait_for_window(x, "FreeRDP: ", f"{SIZE}+0+0")
        # Taken while the client is connected: the cursor is then the client's, not in frames.
        reference = s.screencopy(s.path(f"{name}-screencopy.ppm"))
        shot, line = wait_for_picture(x, s, name, reference, ["--min-psnr", str(min_psnr)])
        worst = check_known_colours(Image(shot), box, colour_tolerance)
        print(f"{name}: {line}; known colours within {worst}")
        check(client.alive(), f"xfreerdp3 exited early ({client.popen.returncode})")
        hang_up(s, client)


def test_avc420_chosen_by_the_client():
    show_codec("avc420", "auto", ["/gfx:AVC420"], "sending AVC420 on the graphics pipeline", 35, 24)


def test_remotefx_surface_bits_without_the_graphics_pipeline():
    # xfreerdp3 3.15's /rfx turns the graphics pipeline off: RemoteFX in surface bits commands.
    show_codec("rfx-surface-bits", "auto", ["/rfx"], "sending RemoteFX surface bits (32 bpp)", 35, 16)


def test_progressive_forced_by_the_server():
    show_codec("progressive", "progressive", [], "sending RemoteFX progressive on the graphics pipeline", 35, 16)


def test_remotefx_on_the_graphics_pipeline_forced_by_the_server():
    show_codec("gfx-rfx", "rfx", ["/gfx"], "sending RemoteFX (graphics pipeline) on the graphics pipeline", 35, 16)


def test_16_bpp_bitmaps_forced_by_the_server():
    # The noise pattern: the interleaved RLE gains nothing on it, so most tiles go uncompressed.
    # Lossless at 16 bpp: the client shows exactly the screencopy's RGB565 bits, widened.
    with RdpServer(apps=[f"{PATTERN} --size 600x400"], output=SIZE, codec="bitmap") as s, Xvfb(WIDTH, HEIGHT) as x:
        box = window_box(s, "wrd-test-pattern")
        client = xfreerdp(s, x, "/bpp:16")
        s.wait_log(re.escape("sending bitmap updates (16 bpp)"), timeout=30)
        wait_for_window(x, "FreeRDP: ", f"{SIZE}+0+0")
        reference = as_freerdp_565(s.screencopy(s.path("bitmap16-screencopy.ppm")))
        shot, line = wait_for_picture(x, s, "bitmap16", reference, ["--exact"])
        check_pattern_at(Image(shot), box, freerdp_565)
        print(f"bitmap16 (RGB565 widened as xfreerdp3 does): {line}")
        hang_up(s, client)


if __name__ == "__main__":
    run(globals())
