"""Real Wayland and X11 apps map and show up in a capture."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import Session, check, grab, hex_rgb, run  # noqa: E402

BG = "#102030"


def centre_changes(session, timeout=15.0, size=40):
    """True once the centre of the output is no longer plain background."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        img = grab(session)
        box = (img.width // 2 - size // 2, img.height // 2 - size // 2, size, size)
        if img.count_not(hex_rgb(BG), box) > size * size // 4:
            return True
        time.sleep(0.2)
    return False


def test_empty_desktop_is_background():
    with Session("--no-xwayland", "--background", BG) as s:
        s.hide_cursor_from_frames()
        img = grab(s)
        check((img.width, img.height) == (1920, 1080), f"output is {img.width}x{img.height}")
        check(img.count_not(hex_rgb(BG)) == 0, "an empty desktop is not all background")


def test_weston_simple_shm_shows():
    with Session("--no-xwayland", "--background", BG) as s:
        s.spawn(["weston-simple-shm"])
        check(centre_changes(s), "weston-simple-shm never appeared in a capture")


def test_foot_shows():
    with Session("--no-xwayland", "--background", BG) as s:
        s.spawn(["foot", "--override", "colors.background=ffffff"])
        check(centre_changes(s), "foot never appeared in a capture")


def test_xwayland_xeyes_shows():
    with Session("--background", BG) as s:
        check("Starting Xwayland" not in s.log(), "XWayland started before any X11 client (it should be lazy)")
        s.spawn(["xeyes"])
        check(centre_changes(s, timeout=30), "xeyes (XWayland) never appeared in a capture")
        s.wait_log(r"XWayland is running")


if __name__ == "__main__":
    run(globals())
