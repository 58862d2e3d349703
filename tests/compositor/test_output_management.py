"""Resizing through wlr-output-management changes the mode; a maximized window follows."""
import os
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
