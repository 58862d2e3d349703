"""Resizing through wlr-output-management changes the mode; a maximized window follows."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import Session, check, run  # noqa: E402


def test_wlr_randr_custom_mode_resizes_output_and_maximized_window():
    with Session("--no-xwayland", "--output", "1920x1080") as s:
        s.hide_cursor_from_frames()
        c = s.pattern_client("--maximize")
        c.wait_for(r"^configure 1920 1080 maximized")
        c.wait_for(r"^size 1920 1080$")
        r = s.run(["wlr-randr"])
        check("HEADLESS-1" in r.stdout, r.stdout)
        mark = c.mark()
        s.run(["wlr-randr", "--output", "HEADLESS-1", "--custom-mode", "1280x720"])
        c.wait_for(r"^configure 1280 720 maximized", since=mark)
        c.wait_for(r"^size 1280 720$", since=mark)
        r = s.capture("--list-outputs")
        check("HEADLESS-1 1280x720 at 0,0" in r.stdout, r.stdout)
        r = s.capture("--check-pattern", "0,0,1280,720")
        check("pattern ok" in r.stdout, r.stdout)
        s.wait_log(r"output HEADLESS-1 configured: 1280x720")


def test_a_shrinking_output_keeps_windows_on_it():
    with Session("--no-xwayland", "--output", "1000x800") as s:
        c = s.pattern_client("--size", "600x400", "--title", "kept")
        x, y, w, h = s.window_box("kept")
        check((x, y) == (200, 200), f"placed at {x},{y}")
        s.run(["wlr-randr", "--output", "HEADLESS-1", "--custom-mode", "640x480"])
        s.wait_log(r"window 'kept' kept inside HEADLESS-1: moved to 40,80")
        s.hide_cursor_from_frames()
        r = s.capture("--check-pattern", "40,80,600,400")
        check("pattern ok" in r.stdout, r.stdout)
        c.kill()


def pattern_at(session, box):
    r = session.capture("--check-pattern", ",".join(map(str, box)), check=False)
    return "pattern ok" in r.stdout


def test_windows_go_back_where_they_were_when_the_output_grows_back():
    # A small remote client (Remmina at 644x480) came and went: the windows it squeezed
    # inside return to their places and sizes, except one the user moved meanwhile.
    with Session("--no-xwayland", "--output", "1600x900") as s:
        s.hide_cursor_from_frames()
        clients, boxes = {}, {}
        for name, size, extra in (("A", "300x200", []), ("B", "300x200", []), ("C", "650x490", []),
                                  ("D", "200x150", ["--move-on-press"])):
            clients[name] = s.pattern_client("--title", name, "--size", size, *extra, name=name)
            boxes[name] = s.window_box(name)
        for name, box in boxes.items():
            check(pattern_at(s, box), f"{name} is not fully shown at {box} to begin with")
        marks = {name: c.mark() for name, c in clients.items()}
        s.run(["wlr-randr", "--output", "HEADLESS-1", "--custom-mode", "644x480"])
        small = {}
        for name in boxes:
            m = s.wait_log(rf"window '{name}' (?:kept inside HEADLESS-1: moved to|was off every output: "
                           rf"moved to HEADLESS-1 at) (\d+),(\d+)")
            small[name] = (int(m.group(1)), int(m.group(2)))
        # C is larger than the small output: it shrank to it.
        clients["C"].wait_for(r"^size 644 480$", since=marks["C"])
        for name, (x, y) in small.items():
            w, h = (644, 480) if name == "C" else boxes[name][2:]
            check(x + w <= 644 and y + h <= 480, f"{name} at {x},{y} {w}x{h} is not inside the small output")
        d = (*small["D"], *boxes["D"][2:])
        check(pattern_at(s, d), f"D (on top) is not at {d}")
        # The user drags D elsewhere while the output is small (to the top, clear of where the
        # others were): that place is D's from now on.
        dx, dy = 180, 15 - d[1]
        s.pointer("at", d[0] + 50, d[1] + 50, "press", "left", "wait", 200, "move", dx, dy, "release", "left")
        clients["D"].wait_for(r"^move_requested$", since=marks["D"])
        moved = (d[0] + dx, d[1] + dy, d[2], d[3])
        for name in ("A", "B", "C"):
            x, y, w, h = boxes[name]
            check(moved[0] + moved[2] <= x or x + w <= moved[0] or moved[1] + moved[3] <= y or y + h <= moved[1],
                  f"the test moves D to {moved}, over {name}'s old place {boxes[name]}")
        check(pattern_at(s, moved), f"D did not follow the pointer to {moved}")

        s.run(["wlr-randr", "--output", "HEADLESS-1", "--custom-mode", "1600x900"])
        for name in ("A", "B", "C"):
            x, y, w, h = boxes[name]
            s.wait_log(rf"window '{name}' back at {x},{y} {w}x{h} on HEADLESS-1")
        clients["C"].wait_for(rf"^size {boxes['C'][2]} {boxes['C'][3]}$", since=marks["C"] + 1)
        check(not re.search(r"window 'D' back at", s.log()), "D, which the user moved, was moved back")
        for name in ("A", "B", "C"):
            check(pattern_at(s, boxes[name]), f"{name} is not back at {boxes[name]}")
        check(pattern_at(s, moved), f"D left the place the user gave it, {moved}")


def test_scale_and_position_through_wlr_randr():
    with Session("--no-xwayland", "--output", "1920x1080", "--output", "1024x768") as s:
        s.run(["wlr-randr", "--output", "HEADLESS-2", "--pos", "0,1080", "--scale", "2"])
        r = s.capture("--list-outputs")
        check("HEADLESS-2 1024x768 at 0,1080" in r.stdout, r.stdout)
        r = s.run(["wlr-randr"])
        check("Scale: 2.0" in r.stdout.split("HEADLESS-2")[1], r.stdout)


def test_refresh_and_scale_from_the_command_line():
    with Session("--no-xwayland", "--output", "1600x900@30:1.5") as s:
        r = s.run(["wlr-randr"])
        check("1600x900 px, 30.000000 Hz" in r.stdout and "Scale: 1.5" in r.stdout, r.stdout)
        r = s.capture("--list-outputs")
        check("HEADLESS-1 1600x900 at 0,0" in r.stdout, r.stdout)


if __name__ == "__main__":
    run(globals())
