"""The desktop's cursor as the RDP client's own pointer (MS-RDPBCGR 2.2.9.1.1.4): an app's
cursor arrives as a pointer with its size, hotspot and exact pixels, a hidden cursor as the null
system pointer, the compositor's default cursor when the pointer leaves the app; the cursor
stays out of the decoded frames meanwhile; the desktop moving the pointer is sent as a
position, the client's own motion is not sent back; a new connection gets the cursor the
desktop shows now. The app is wrd-test-pattern with --cursor (16x16, hotspot 3,5, every pixel
opaque green but the top-left one, opaque red: tests/clients/pointer.hpp) or --hide-cursor."""
import json
import re
import struct
import subprocess
import zlib

from rdp_harness import IMGCHECK, RdpServer, check, run
from harness import POINTER  # noqa: E402 (rdp_harness put tests/ on the path)

SIZE = "800x600"
RED = (255, 0, 0, 255)
GREEN = (0, 255, 0, 255)


def window_box(s, title):
    m = s.wait_log(rf"window '{re.escape(title)}' \(.*\) mapped at (-?\d+),(-?\d+) (\d+)x(\d+)")
    return tuple(int(v) for v in m.groups())


def read_rgba_png(path):
    """(width, height, rows of (r, g, b, a)) of an 8-bit RGBA PNG, as wrd-probe's pointer-image
    writes it (the test tools' images have no alpha)."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    check(header is not None, f"{path} has no IHDR")
    width, height, depth, colour, _, _, interlace = header
    check((depth, colour, interlace) == (8, 6, 0), f"{path} is not 8-bit non-interlaced RGBA: {header}")
    raw = zlib.decompress(idat)
    stride, rows, prev = width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # PNG filters, section 9 of the PNG spec
            a = line[i - 4] if i >= 4 else 0
            b = prev[i]
            c = prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 4]) for i in range(0, stride, 4)])
        prev = line
    return width, height, rows


def step_detail(report, text):
    for s in report["steps"]:
        if s["step"] == text:
            return s["detail"]
    raise AssertionError(f"no step {text!r} in {report['steps']}")


def test_an_apps_cursor_is_the_clients_pointer_and_stays_out_of_frames():
    with RdpServer(output=SIZE) as s:
        s.pattern_client("--cursor", "--title", "cursor", "--size", "300x200", name="cursor")
        x, y, w, h = window_box(s, "cursor")
        inside, outside, shot = s.path("inside.png"), s.path("outside.png"), s.path("shot.png")
        # Bitmap updates are lossless: the window's pixels under the pointer must be exact.
        r = s.probe("wait-frames 1", f"move {x + 20} {y + 20}", "wait-pointer image", f"pointer-image {inside}",
                    "wait-stable 300", f"screenshot {shot}", "move 5 5", "wait-pointer image",
                    f"pointer-image {outside}", codec="bitmap", size=SIZE)
        ptr = r.report["pointer"]
        check(ptr["decode_errors"] == 0 and ptr["new"] + ptr["large"] >= 2, f"pointer updates {ptr}")
        detail = step_detail(r.report, f"pointer-image {inside}")
        check(detail.startswith("16x16 hotspot 3,5 (32 bpp)"), f"the app's pointer: {detail}")
        width, height, rows = read_rgba_png(inside)
        check((width, height) == (16, 16), f"pointer image {width}x{height}")
        want = [[RED if (px, py) == (0, 0) else GREEN for px in range(16)] for py in range(16)]
        wrong = [(px, py, rows[py][px]) for py in range(16) for px in range(16) if rows[py][px] != want[py][px]]
        check(not wrong, f"{len(wrong)} pointer pixel(s) differ from the app's cursor, first {wrong[:4]}")
        # The compositor leaves its cursor out of the frames while wrd-rdp draws it client-side:
        # around the pointer the picture is the window's own pattern.
        c = subprocess.run([IMGCHECK, shot, "--check-pattern", f"{x},{y},{w},{h}"], capture_output=True, text=True,
                           timeout=60)
        check(c.returncode == 0, f"the decoded window is not the app's pattern (cursor in the frame?): "
                                 f"{c.stdout}{c.stderr}")
        # Leaving the window: the compositor's default cursor, a different image, as a new pointer.
        width, height, rows = read_rgba_png(outside)
        last = r.report["pointer"]["last"]
        check((last["width"], last["height"]) == (width, height), f"report {last} vs image {width}x{height}")
        check((width, height, last["hotspot_x"], last["hotspot_y"]) != (16, 16, 3, 5),
              f"the pointer outside the window is still the app's: {last}")
        alphas = {px[3] for row in rows for px in row}
        check(0 in alphas and 255 in alphas, f"the default cursor should have clear and opaque pixels: {alphas}")
        check(r.report["pointer"]["shown"] == "image", f"shown {r.report['pointer']['shown']}")


def test_a_hidden_cursor_is_the_null_pointer():
    with RdpServer(output=SIZE) as s:
        s.pattern_client("--hide-cursor", "--title", "hidden", "--size", "300x200", name="hidden")
        x, y, w, h = window_box(s, "hidden")
        r = s.probe("wait-frames 1", f"move {x + 20} {y + 20}", "wait-pointer null", "move 5 5",
                    "wait-pointer image", codec="bitmap", size=SIZE)
        ptr = r.report["pointer"]
        check(ptr["system_null"] == 1, f"pointer updates {ptr}")
        # Out of the window the compositor's cursor shows again, a pointer this client never had.
        check(ptr["shown"] == "image" and ptr["new"] + ptr["large"] >= 1, f"pointer updates {ptr}")


def test_the_desktop_moving_the_pointer_is_sent_as_a_position():
    with RdpServer(output=SIZE) as s:
        report = s.path("moved.json")
        p = s.spawn_probe("wait-frames 1", "move 400 300", "sleep 300", "wait-pointer position", "sleep 500",
                          codec="bitmap", extra=["--size", SIZE, "--json", report])
        # The probe handles no events between steps, so whatever the server sends now is seen by
        # step 4, which starts counting as soon as step 3 is over.
        p.wait_for(r"^step 3 .*: ok", timeout=60)
        # A desktop-side virtual pointer (a drag in an app, a warp) moves it without the client.
        s.run([POINTER, "at", "123", "77"])
        p.wait_for(r"^done$", timeout=60)
        check(p.wait(30) == 0, f"probe exit {p.popen.returncode}")
        with open(report) as f:
            ptr = json.load(f)["pointer"]
        check(ptr["last_position"] == [123, 77], f"pointer updates {ptr}")


def test_the_clients_own_motion_is_not_sent_back():
    with RdpServer(output=SIZE) as s:
        targets = [((7 + i * 13) % 800, (5 + i * 9) % 600) for i in range(60)]
        moves = [step for x, y in targets for step in (f"move {x} {y}", "sleep 20")]
        r = s.probe("wait-frames 1", *moves, "sleep 500", codec="bitmap", size=SIZE)
        ptr = r.report["pointer"]
        # A Pointer Position Update moves the client's own mouse: echoing its motion (even one
        # pixel off) makes the pointer jump under the user's hand. (A position sent when the
        # session starts, where the desktop has its pointer, would be fine.)
        last = ptr["last_position"]
        echo = last is not None and any(abs(last[0] - x) <= 1 and abs(last[1] - y) <= 1 for x, y in targets)
        check(not echo, f"the server sent {ptr['position']} position(s), the last at {last}: an echo of the "
                        f"client's own motion")


def test_a_new_connection_gets_the_cursor_the_desktop_shows():
    with RdpServer(output=SIZE) as s:
        s.pattern_client("--cursor", "--title", "cursor", "--size", "300x200", name="cursor")
        x, y, w, h = window_box(s, "cursor")
        s.probe("wait-frames 1", f"move {x + 20} {y + 20}", "wait-pointer image", codec="bitmap", size=SIZE)
        # The pointer stays over the app; the next client must show the app's cursor, not its own
        # arrow, before anything moves.
        # It arrives with activation, before the first frame: no step waits for a later one.
        r = s.probe("wait-frames 1", "wait-stable 300", codec="bitmap", size=SIZE, timeout=10)
        pointer = r.report["pointer"]
        check(pointer["new"] + pointer["large"] + pointer["cached"] >= 1 and pointer["shown"] == "image",
              f"a new connection got no pointer for the app's cursor: {pointer}")
        last = pointer["last"]
        check((last["width"], last["height"], last["hotspot_x"], last["hotspot_y"]) == (16, 16, 3, 5),
              f"pointer {last}")


if __name__ == "__main__":
    run(globals())
