"""The floating desktop: placement, stacking, maximize/fullscreen, minimize, move/resize, popups."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import Session, centered_origin, check, grab, hex_rgb, run  # noqa: E402

def pattern_at(session, x, y, w, h, output=None):
    args = ["--check-pattern", f"{x},{y},{w},{h}"] + (["--output", output] if output else [])
    r = session.capture(*args, check=False)
    return r.returncode == 0 and "pattern ok" in r.stdout


def test_maximize_and_fullscreen_fill_the_output():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        m = s.pattern_client("--maximize", name="max")
        m.wait_for(r"^configure 1920 1080 maximized")
        m.wait_for(r"^size 1920 1080$")
        check(pattern_at(s, 0, 0, 1920, 1080), "the maximized window does not fill the output")
        f = s.pattern_client("--fullscreen", name="full")
        f.wait_for(r"^configure 1920 1080 fullscreen")
        check(pattern_at(s, 0, 0, 1920, 1080), "the fullscreen window does not fill the output")


def overlap(a, b):
    ox = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    oy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(ox, 0) * max(oy, 0)


def test_a_new_window_does_not_cover_earlier_ones():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        s.pattern_client("--title", "A", name="A")
        s.pattern_client("--title", "B", name="B")
        s.pattern_client("--title", "C", "--size", "600x200", name="C")
        a, b, c = s.window_box("A"), s.window_box("B"), s.window_box("C")
        check(a[:2] == centered_origin(1920, 1080, 400, 300), f"the first window is not centred: {a}")
        check(overlap(a, b) == 0 and overlap(a, c) == 0 and overlap(b, c) == 0, f"windows overlap: {a} {b} {c}")
        for name, box in (("A", a), ("B", b), ("C", c)):
            check(pattern_at(s, *box), f"{name} is not fully shown at {box}")


def test_a_window_with_client_side_shadows_is_shown_at_its_geometry():
    # Toolkits draw shadows around the window and leave them out of the window geometry: the
    # geometry, not the buffer, goes where the window is placed.
    with Session("--no-xwayland", "--output", "1000x800") as s:
        s.hide_cursor_from_frames()
        s.pattern_client("--title", "shadowed", "--size", "400x300", "--csd-margin", "24")
        box = s.window_box("shadowed")
        check(box == (300, 250, 400, 300), f"placed at {box}")
        r = s.capture("--check-pattern", "300,250,400,300", check=False)
        check("pattern ok" in r.stdout, f"the window geometry is not where the window was placed: {r.stdout}")


def test_a_window_larger_than_the_output_shrinks_to_fit():
    with Session("--no-xwayland", "--output", "644x480") as s:
        s.hide_cursor_from_frames()
        c = s.pattern_client("--title", "big", "--size", "800x647", "--csd-margin", "20")
        c.wait_for(r"^configure 644 480")
        c.wait_for(r"^size 644 480$")
        s.wait_log(r"window 'big' \(\) is 800x647, larger than HEADLESS-1: asked for 644x480")
        check(pattern_at(s, 0, 0, 644, 480), "the shrunk window does not fill the output")


def test_a_window_that_cannot_shrink_keeps_its_title_bar_on_screen():
    # Its minimum is larger than the output: asked for no less than it, it goes to the top-left
    # corner, so its top edge (where a title bar is) and its left part are on screen.
    with Session("--no-xwayland", "--output", "644x480") as s:
        s.hide_cursor_from_frames()
        c = s.pattern_client("--title", "stiff", "--size", "800x647", "--min-size", "700x400", "--csd-margin", "20")
        c.wait_for(r"^configure 700 480")
        c.wait_for(r"^size 700 480$")
        check(s.window_box("stiff")[:2] == (0, 0), f"placed at {s.window_box('stiff')}")
        check(pattern_at(s, 0, 0, 644, 480), "the window's top-left part is not what the output shows")


def test_when_windows_must_overlap_the_newest_is_on_top():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        s.pattern_client("--title", "A", "--size", "1200x800", name="A")
        s.pattern_client("--title", "B", "--size", "1200x800", name="B")
        a, b = s.window_box("A"), s.window_box("B")
        check(overlap(a, b) > 0, f"two 1200x800 windows cannot both fit on 1920x1080: {a} {b}")
        check(overlap(a, b) < 1200 * 800, "B was put exactly over A")
        check(pattern_at(s, *b), "the newest window is not on top")
        check(not pattern_at(s, *a), "the older window is not partly covered")


def test_click_raises_and_focuses():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        a = s.pattern_client("--title", "A", "--size", "1200x800", name="A")
        s.pattern_client("--title", "B", "--size", "1200x800", name="B")
        ax, ay, aw, ah = s.window_box("A")
        bx, by, bw, bh = s.window_box("B")
        check(not pattern_at(s, ax, ay, aw, ah), "A should start partly covered by B")
        # A point of A that B does not cover.
        px = ax + 5 if not (bx <= ax + 5 < bx + bw) else ax + aw - 5
        py = ay + 5 if not (by <= ay + 5 < by + bh) else ay + ah - 5
        mark = a.mark()
        s.pointer("at", px, py, "click", "left")
        a.wait_for(r"^configure \d+ \d+ activated$", since=mark)
        check(pattern_at(s, ax, ay, aw, ah), "A was not raised by the click")


def test_minimized_window_comes_back_with_alt_tab():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        b = s.pattern_client("--title", "B", name="B")
        a = s.pattern_client("--title", "A", "--minimize-after-ms", "300", name="A")
        mark_b = b.mark()  # B has lost focus to A by now; the next enter is focus coming back
        box_a, box_b = s.window_box("A"), s.window_box("B")
        a.wait_for(r"^minimize_requested$")
        a.wait_for(r"^keyboard_leave$")
        b.wait_for(r"^keyboard_enter$", since=mark_b)
        check(not pattern_at(s, *box_a), "the minimized window is still shown")
        check(pattern_at(s, *box_b), "the other window is not shown")
        mark = a.mark()
        s.run(["wtype", "-M", "alt", "-k", "Tab", "-m", "alt"])
        a.wait_for(r"^keyboard_enter$", since=mark)
        check(pattern_at(s, *box_a), "Alt+Tab did not bring the minimized window back")


def test_client_requested_move_follows_the_pointer():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        c = s.pattern_client("--move-on-press")
        x, y = centered_origin(1920, 1080, 400, 300)
        # A hand rests a moment after pressing; the client's move request needs that time.
        s.pointer("at", x + 50, y + 50, "press", "left", "wait", 200, "move", 100, 80, "move", 20, 10, "release", "left")
        c.wait_for(r"^move_requested$")
        check(pattern_at(s, x + 120, y + 90, 400, 300), "the window did not move with the pointer")


def test_client_requested_resize_follows_the_pointer():
    with Session("--no-xwayland") as s:
        c = s.pattern_client("--resize-on-press")
        x, y = centered_origin(1920, 1080, 400, 300)
        s.pointer("at", x + 390, y + 290, "press", "left", "wait", 200, "move", 100, 50, "release", "left")
        c.wait_for(r"^resize_requested$")
        c.wait_for(r"^configure 500 350")
        c.wait_for(r"^size 500 350$")


def test_popup_is_kept_on_the_output():
    with Session("--no-xwayland") as s:
        # A wide window near the right edge; the popup would cross it unless constrained.
        c = s.pattern_client("--size", "1800x300", "--popup", "1790,10,300,200")
        m = c.wait_for(r"^popup_configure (-?\d+) (-?\d+) (\d+) (\d+)$")
        px, py, pw, ph = map(int, m.groups())
        wx, wy = centered_origin(1920, 1080, 1800, 300)
        check(0 <= wx + px and wx + px + pw <= 1920, f"popup x {wx + px}..{wx + px + pw} leaves the output")
        check(0 <= wy + py and wy + py + ph <= 1080, f"popup y {wy + py}..{wy + py + ph} leaves the output")


def test_popup_of_a_window_with_shadows_is_kept_exactly_on_the_output():
    # The window's shadow is no part of the output's edge: a popup too tall to go below its
    # anchor or above it slides up until its bottom is the output's bottom, not 30 px short.
    with Session("--no-xwayland", "--output", "1000x500") as s:
        c = s.pattern_client("--size", "800x300", "--csd-margin", "30", "--popup", "10,150,300,300")
        check(s.window_box("wrd-test-pattern") == (100, 100, 800, 300), f"placed at {s.window_box('wrd-test-pattern')}")
        m = c.wait_for(r"^popup_configure (-?\d+) (-?\d+) (\d+) (\d+)$")
        check(tuple(map(int, m.groups())) == (10, 100, 300, 300),
              f"popup at {m.group(0)}, expected 10 100 300 300 (its bottom on the output's)")


def test_a_repositioned_popup_is_kept_on_the_output():
    # GTK4 moves its popovers with xdg_popup.reposition; the new place is constrained as the
    # first was: below its anchor it would cross the bottom edge, so it flips above.
    with Session("--no-xwayland", "--output", "1000x500") as s:
        c = s.pattern_client("--size", "800x300", "--popup", "10,10,300,150", "--reposition-popup", "10,290")
        c.wait_for(r"^popup_configure 10 10 300 150$")
        # The client repositions at once, so its answer may already be in: look after it.
        c.wait_for(r"^popup_repositioned 1$")
        after = c.lines.index("popup_repositioned 1") + 1
        m = c.wait_for(r"^popup_configure (-?\d+) (-?\d+) (\d+) (\d+)$", since=after)
        check(tuple(map(int, m.groups())) == (10, 141, 300, 150),
              f"repositioned popup at {m.group(0)}, expected 10 141 300 150 (flipped above its anchor)")


def test_taskbar_protocol_lists_minimizes_restores_and_closes():
    """wlr-foreign-toplevel-management, driven by wlrctl as a taskbar would."""
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        s.pattern_client("--title", "B", name="B")
        a = s.pattern_client("--title", "A", "--app-id", "wrd.a", name="A")
        box_a = s.window_box("A")
        listed = s.run(["wlrctl", "toplevel", "list"]).stdout.splitlines()
        check(sorted(listed) == [": B", "wrd.a: A"], f"taskbar sees {listed}")
        mark = a.mark()
        s.run(["wlrctl", "toplevel", "minimize", "title:A"])
        a.wait_for(r"^keyboard_leave$", since=mark)
        check(not pattern_at(s, *box_a), "minimized from the taskbar but still shown")
        mark = a.mark()
        s.run(["wlrctl", "toplevel", "focus", "title:A"])
        a.wait_for(r"^keyboard_enter$", since=mark)
        check(pattern_at(s, *box_a), "activated from the taskbar but not shown")
        s.run(["wlrctl", "toplevel", "close", "app_id:wrd.a"])
        a.wait_for(r"^closed$")


def test_alt_f4_closes_the_focused_window():
    with Session("--no-xwayland") as s:
        c = s.pattern_client()
        c.wait_for(r"^keyboard_enter$")
        s.run(["wtype", "-M", "alt", "-k", "F4", "-m", "alt"])
        c.wait_for(r"^closed$")
        check(c.wait() == 0, "the client did not exit after close")


def test_layer_shell_background_surface():
    with Session("--no-xwayland", "--background", "#102030") as s:
        s.hide_cursor_from_frames()
        s.spawn(["swaybg", "--color", "#ff8000"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            img = grab(s)
            if img.count_not(hex_rgb("#ff8000")) == 0:
                break
            time.sleep(0.1)
        check(img.count_not(hex_rgb("#ff8000")) == 0, "swaybg's layer-shell background is not shown")
        # Windows stay above the background layer.
        s.pattern_client()
        x, y = centered_origin(1920, 1080, 400, 300)
        check(pattern_at(s, x, y, 400, 300), "a window is not drawn above the layer-shell background")


if __name__ == "__main__":
    run(globals())
