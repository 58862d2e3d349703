"""Clipboard through wlr-data-control (how the front end will copy and paste) both ways,
against a normal app using wl_data_device: text and an image, plus primary selection."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import Session, check, run  # noqa: E402


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def make_png(session):
    """A real PNG: a screenshot of the desktop."""
    path = os.path.join(session.tmp, "picture.png")
    session.run(["grim", path])
    with open(path, "rb") as f:
        return path, f.read()


def test_text_from_app_to_data_control():
    with Session("--no-xwayland") as s:
        text = "copied in the app: grüße ✓"
        c = s.pattern_client("--copy-text", text)
        c.wait_for(r"^copied$")
        r = s.run(["wl-paste", "--no-newline"])
        check(r.stdout == text, f"wl-paste got {r.stdout!r}")
        r = s.run(["wl-paste", "--list-types"])
        check("text/plain;charset=utf-8" in r.stdout.split(), r.stdout)


def test_text_from_data_control_to_app():
    with Session("--no-xwayland") as s:
        c = s.pattern_client("--watch-selection")
        c.wait_for(r"^keyboard_enter$")
        mark = c.mark()
        s.run(["wl-copy", "pasted into the app\nsecond line"], capture=False)
        c.wait_for(r"^selection .*text/plain", since=mark)
        c.wait_for(r"^selection_text pasted into the app\\nsecond line$", since=mark)


def test_image_from_app_to_data_control():
    with Session("--no-xwayland") as s:
        path, data = make_png(s)
        c = s.pattern_client("--copy-file", path, "--copy-mime", "image/png")
        c.wait_for(r"^copied$")
        r = s.run(["wl-paste", "--type", "image/png"], input=b"")
        check(r.stdout == data, f"wl-paste returned {len(r.stdout)} bytes, expected the {len(data)}-byte PNG")


def test_image_from_data_control_to_app():
    with Session("--no-xwayland") as s:
        path, data = make_png(s)
        c = s.pattern_client("--watch-selection")
        c.wait_for(r"^keyboard_enter$")
        mark = c.mark()
        with open(path, "rb") as f:
            s.run(["wl-copy", "--type", "image/png"], input=f.read(), capture=False)
        m = c.wait_for(r"^selection_data image/png (\d+) ([0-9a-f]{16})$", since=mark)
        check(int(m.group(1)) == len(data) and m.group(2) == fnv1a64(data),
              f"the app received {m.group(1)} bytes hashing {m.group(2)}, sent {len(data)} bytes {fnv1a64(data)}")


def test_large_text_both_ways():
    with Session("--no-xwayland") as s:
        big = "".join(f"line {i:07d} of a large paste\n" for i in range(150000))  # ~4.6 MB
        s.run(["wl-copy"], input=big.encode(), capture=False)
        r = s.run(["wl-paste", "--no-newline"], timeout=30)
        check(r.stdout == big, f"a {len(big)}-byte paste came back as {len(r.stdout)} bytes")


def test_primary_selection_through_data_control():
    with Session("--no-xwayland") as s:
        s.pattern_client()  # the selection needs a focused client to exist for
        s.run(["wl-copy", "--primary", "middle-click text"], capture=False)
        r = s.run(["wl-paste", "--primary", "--no-newline"])
        check(r.stdout == "middle-click text", f"got {r.stdout!r}")


if __name__ == "__main__":
    run(globals())
