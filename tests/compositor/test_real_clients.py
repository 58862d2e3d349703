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


GTK_ENV = {"GDK_BACKEND": "wayland", "GSK_RENDERER": "cairo", "GTK_A11Y": "none", "NO_AT_BRIDGE": "1"}


def magenta_ish(img, box):
    """Pixels in box that are the magenta background, or it under a translucent shadow."""
    x0, y0, w, h = box
    n = 0
    for y in range(y0, y0 + h):
        for x in range(x0, x0 + w):
            r, g, b = img.pixel(x, y)
            n += r > g + 60 and b > g + 60
    return n


def test_gtk3_demo_larger_than_the_output_fits_with_its_title_bar_on_screen():
    # gtk3-demo opens at 800x647 (window geometry) with 26x23 px of shadow around it; on a
    # 644x480 output it must shrink to the output and sit exactly on it, title bar at the top.
    with Session("--no-xwayland", "--output", "644x480", "--background", "#ff00ff", "--log-level", "debug") as s:
        s.hide_cursor_from_frames()
        s.spawn(["gtk3-demo"], env=GTK_ENV)
        s.wait_log(r"window '[^']*' \(gtk3-demo\) is \d+x\d+, larger than HEADLESS-1: asked for 644x480", timeout=30)
        # Its first frame, at its own size, covered the whole output whatever its offset.
        s.wait_log(r"window '[^']*' \(gtk3-demo\) is now 644x480")
        deadline = time.monotonic() + 15
        while True:
            img = grab(s)
            # The window's right and bottom edges are on the output's: no background or
            # shadow shows there. (Its top corners are rounded, so the strips stop short.)
            right, bottom = magenta_ish(img, (634, 20, 10, 460)), magenta_ish(img, (0, 470, 644, 10))
            top = magenta_ish(img, (20, 0, 604, 10))
            if right == bottom == top == 0:
                break
            check(time.monotonic() < deadline,
                  f"the window does not sit on the output: background or shadow in the right ({right}), "
                  f"bottom ({bottom}) or top ({top}) edge strips")
            time.sleep(0.3)


def pixels_changed(a, b, box):
    x0, y0, w, h = box
    return sum(a.pixel(x, y) != b.pixel(x, y) for y in range(y0, y0 + h) for x in range(x0, x0 + w))


def test_gtk4_header_bar_menu_opens():
    # Every GNOME app's main menu is a GtkPopoverMenu from a header bar button: an xdg_popup
    # with a grab, a reactive positioner and GTK4's own window geometry (shadows).
    with Session("--no-xwayland", "--output", "1280x800", "--background", BG, "--log-level", "debug") as s:
        s.hide_cursor_from_frames()
        s.spawn(["gtk4-demo"], env=GTK_ENV)
        x, y, w, h = s.window_box("GTK Demo")
        # gtk4-demo's menu button (36x34 at 631,6 of its 800x600 window) is the header bar's
        # last before the three window buttons.
        bx, by = x + w - 151, y + 23
        below = (bx - 100, by + 40, 200, 80)  # where its menu opens
        deadline = time.monotonic() + 15
        before = grab(s)
        while before.count_not(hex_rgb(BG), (x, y, w, 40)) < w * 40 // 2:
            check(time.monotonic() < deadline, "gtk4-demo's header bar never appeared")
            time.sleep(0.2)
            before = grab(s)
        time.sleep(0.5)  # let it finish its first frames
        before = grab(s)
        s.pointer("at", bx, by, "click", "left")
        m = s.wait_log(r"popup mapped at (-?\d+),(-?\d+) (\d+)x(\d+)")
        px, py, pw, ph = map(int, m.groups())
        check(0 <= px and px + pw <= 1280 and by < py < by + 60 and py + ph <= 800,
              f"the menu at {px},{py} {pw}x{ph} is not below its button at {bx},{by}, on the output")
        deadline = time.monotonic() + 10
        while True:
            changed = pixels_changed(before, grab(s), below)
            if changed > below[2] * below[3] // 4:
                break
            check(time.monotonic() < deadline, f"the menu never showed below its button ({changed} pixels changed)")
            time.sleep(0.2)


if __name__ == "__main__":
    run(globals())
