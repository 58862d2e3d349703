"""Pointer constraints and relative motion, layer-shell panels, idle inhibition: what games,
remote viewers, taskbars and video players ask of the compositor, driven by our pattern client."""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import SESSION_PROBE, Session, centered_origin, check, run  # noqa: E402

# Where the first 400x300 window opens on the 1920x1080 output.
WX, WY = centered_origin(1920, 1080, 400, 300)


def pattern_at(session, x, y, w, h):
    r = session.capture("--check-pattern", f"{x},{y},{w},{h}", check=False)
    return r.returncode == 0 and "pattern ok" in r.stdout


def motions(client, since):
    """The (x, y) of every 'motion X Y' line the client printed from index `since` on."""
    found = (re.match(r"^motion (-?\d+) (-?\d+)$", line) for line in client.lines[since:])
    return [(int(m[1]), int(m[2])) for m in found if m]


def wait_for_file(path, timeout):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    return os.path.exists(path)


def shown_within(session, box, timeout=5.0):
    """The pattern fills `box` in a capture within `timeout`: for a window the compositor
    re-arranges, whose new buffer may land just after the line that says it was sent."""
    deadline = time.monotonic() + timeout
    while not pattern_at(session, *box):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def focused_client_entered_at(s, *args, at=(200, 150)):
    """A pattern client with `args` that has keyboard focus (constraints are only granted to
    the focused window), entered by the pointer at window point `at`."""
    s.pointer("at", 5, 5)  # off where the window opens, so the enter comes when we say
    c = s.pattern_client(*args)
    c.wait_for(r"^keyboard_enter$")
    s.pointer("at", WX + at[0], WY + at[1])
    c.wait_for(rf"^pointer_enter {at[0]} {at[1]}$")
    return c


def test_locked_pointer_stays_put_and_reports_relative_motion():
    with Session("--no-xwayland") as s:
        c = focused_client_entered_at(s, "--lock-pointer")
        c.wait_for(r"^pointer_locked$")
        probe = s.spawn([SESSION_PROBE, "cursor"], name="probe")
        probe.wait_for(rf"^position {WX + 200}\.0 {WY + 150}\.0$")
        locked, probe_mark = c.mark(), probe.mark()
        s.pointer("move", 30, 20)
        c.wait_for(r"^relative 30 20$", since=locked)
        moved = [p for p in motions(c, locked) if p != (200, 150)]
        check(not moved, f"the locked pointer moved on the window: {moved}")
        # Without the lock the next move is the first the cursor makes; had the locked move
        # moved it, the probe would have reported that position first.
        c.kill()
        s.wait_log(rf"client pid {c.popen.pid} .*disconnected")
        s.pointer("move", 1, 1)
        m = probe.wait_for(r"^position ", since=probe_mark)
        check(m.string == f"position {WX + 201}.0 {WY + 151}.0",
              f"the cursor moved while locked: the probe saw '{m.string}' first")


def test_confined_pointer_stays_on_the_window():
    with Session("--no-xwayland") as s:
        c = focused_client_entered_at(s, "--confine-pointer")
        c.wait_for(r"^pointer_confined$")
        confined = c.mark()
        # Far past the right edge, then down, to have a motion line that comes after the push.
        s.pointer("move", 2000, 0, "move", 0, 10)
        c.wait_for(r"^relative 2000 0$", since=confined)
        m = c.wait_for(r"^motion (-?\d+) 160$", since=confined)
        check(int(m[1]) >= 390, f"the confined pointer did not follow the push to the edge: {m.string}")
        outside = [p for p in motions(c, confined) if not (0 <= p[0] <= 399 and 0 <= p[1] <= 299)]
        check(not outside, f"the confined pointer left the window: {outside}")
        check("pointer_leave" not in c.lines[confined:], "the confined pointer left the window's surface")


def test_relative_motion_reaches_an_unfocused_window_whose_lock_waits_for_focus():
    """A background window may not take the pointer; its relative pointer still gets
    relative motion. Clicking it gives it focus, and the lock it asked for takes hold."""
    with Session("--no-xwayland") as s:
        s.pointer("at", 5, 5)
        a = s.pattern_client("--lock-pointer", "--title", "A", name="A")
        s.pattern_client("--title", "B", name="B")
        a.wait_for(r"^keyboard_leave$")
        ax, ay, _, _ = s.window_box("A")
        s.pointer("at", ax + 100, ay + 100)
        a.wait_for(r"^pointer_enter 100 100$")
        mark = a.mark()
        s.pointer("move", 7, 3)
        a.wait_for(r"^relative 7 3$", since=mark)
        a.wait_for(r"^motion 107 103$", since=mark)
        s.pointer("click", "left")
        a.wait_for(r"^pointer_locked$", since=mark)
        # Had the lock taken hold before the click, it would show before the focus did.
        lines = a.lines
        locked_after_focus = lines.index("pointer_locked") > lines.index("keyboard_enter", mark)
        check(lines.count("pointer_locked") == 1 and locked_after_focus,
              f"a window without keyboard focus locked the pointer: {lines[-12:]}")


def test_top_panel_reserves_its_edge_until_it_goes():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        panel = s.pattern_client("--panel", "top,40", name="panel")
        panel.wait_for(r"^layer_configure 1920 40$")
        w = s.pattern_client("--maximize", name="max")
        w.wait_for(r"^configure 1920 1040 maximized")
        w.wait_for(r"^size 1920 1040$")
        check(pattern_at(s, 0, 0, 1920, 40), "the panel is not shown along the top edge")
        check(pattern_at(s, 0, 40, 1920, 1040), "the maximized window does not fill the rest below the panel")
        mark = w.mark()
        panel.kill()
        w.wait_for(r"^configure 1920 1080 maximized", since=mark)
        w.wait_for(r"^size 1920 1080$", since=mark)
        check(shown_within(s, (0, 0, 1920, 1080)), "the maximized window did not take the panel's place")


def test_bottom_panel_reserves_its_edge():
    with Session("--no-xwayland") as s:
        s.hide_cursor_from_frames()
        s.pattern_client("--panel", "bottom,30", name="panel").wait_for(r"^layer_configure 1920 30$")
        w = s.pattern_client("--maximize", name="max")
        w.wait_for(r"^configure 1920 1050 maximized")
        w.wait_for(r"^size 1920 1050$")
        check(pattern_at(s, 0, 1050, 1920, 30), "the panel is not shown along the bottom edge")
        check(pattern_at(s, 0, 0, 1920, 1050), "the maximized window does not fill the rest above the panel")


def test_idle_inhibitor_holds_off_idle_until_its_client_goes():
    with Session("--no-xwayland") as s:
        c = s.pattern_client("--inhibit-idle")
        c.wait_for(r"^idle_inhibited$")
        idle = os.path.join(s.tmp, "idle")
        s.spawn(["swayidle", "-w", "timeout", "1", f"touch {idle}"])
        check(not wait_for_file(idle, 3), "the session went idle while a window inhibited it")
        c.kill()
        check(wait_for_file(idle, 10), "the session did not go idle after the inhibiting window went")


def test_lock_waits_for_the_pointer_to_be_on_the_window():
    """Keyboard focus alone does not grant a lock: the pointer must be on the window."""
    with Session("--no-xwayland") as s:
        s.pointer("at", 5, 5)
        a = s.pattern_client("--lock-pointer", "--title", "A", name="A")
        b = s.pattern_client("--title", "B", name="B")
        bx, by, _, _ = s.window_box("B")
        s.pointer("at", bx + 50, by + 50)
        b.wait_for(r"^pointer_enter 50 50$")
        mark = a.mark()
        s.run(["wtype", "-M", "alt", "-k", "Tab", "-m", "alt"])  # A gets the keyboard
        a.wait_for(r"^keyboard_enter$", since=mark)
        probe = s.spawn([SESSION_PROBE, "cursor"], name="probe")
        probe.wait_for(rf"^position {bx + 50}\.0 {by + 50}\.0$")
        pmark = probe.mark()
        s.pointer("move", 40, 0)
        probe.wait_for(rf"^position {bx + 90}\.0 {by + 50}\.0$", since=pmark)
        check("pointer_locked" not in a.lines, "A locked the pointer while it was over B")
        ax, ay, _, _ = s.window_box("A")
        s.pointer("at", ax + 20, ay + 20)
        a.wait_for(r"^pointer_locked$", since=mark)


def test_absolute_motion_while_locked_reports_the_devices_own_steps():
    """An absolute device (an RDP client's mouse) moving A -> B while locked gives relative
    motion B - A, not the distance from the frozen cursor."""
    with Session("--no-xwayland") as s:
        c = focused_client_entered_at(s, "--lock-pointer")
        c.wait_for(r"^pointer_locked$")
        mark = c.mark()
        s.pointer("abs", WX + 250, WY + 170, "abs", WX + 260, WY + 175)
        c.wait_for(r"^relative 10 5$", since=mark)


def test_minimized_window_does_not_hold_off_idle():
    with Session("--no-xwayland") as s:
        c = s.pattern_client("--inhibit-idle", "--minimize-after-ms", "200")
        c.wait_for(r"^idle_inhibited$")
        c.wait_for(r"^minimize_requested$")
        idle = os.path.join(s.tmp, "idle")
        s.spawn(["swayidle", "-w", "timeout", "1", f"touch {idle}"])
        check(wait_for_file(idle, 10), "a minimized window kept the session from going idle")
        mark = c.mark()
        s.run(["wtype", "-M", "alt", "-k", "Tab", "-m", "alt"])  # restore it: inhibits again
        c.wait_for(r"^keyboard_enter$", since=mark)
        os.unlink(idle)
        check(not wait_for_file(idle, 3), "the restored window did not hold off idle again")


if __name__ == "__main__":
    run(globals())
