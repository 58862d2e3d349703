"""Screencopy of the output shows the pattern client pixel for pixel where it should be."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import (IMGCHECK, Session, centered_origin, check, run)  # noqa: E402


def test_pattern_exact_in_our_capture_and_grim():
    with Session("--no-xwayland", "--output", "1920x1080") as s:
        s.hide_cursor_from_frames()
        s.pattern_client("--size", "400x300")
        x, y = centered_origin(1920, 1080, 400, 300)
        r = s.capture("--check-pattern", f"{x},{y},400,300")
        check("pattern ok" in r.stdout, r.stdout)
        png = os.path.join(s.tmp, "grim.png")
        s.run(["grim", png])
        r = s.run([IMGCHECK, png, "--check-pattern", f"{x},{y},400,300"])
        check("pattern ok" in r.stdout, r.stdout)
        # Off by one pixel must not pass: the check really compares.
        r = s.capture("--check-pattern", f"{x + 1},{y},400,300", check=False)
        check(r.returncode != 0, "a shifted pattern check passed")


def test_pattern_on_a_second_output_at_its_place():
    with Session("--no-xwayland", "--output", "1280x720@30", "--output", "800x600") as s:
        # The pointer starts on the first output; put it on the second so the window opens there.
        s.hide_cursor_from_frames()
        s.pointer_to(1280 + 400, 300)
        s.pattern_client("--size", "200x100")
        r = s.capture("--list-outputs")
        check("HEADLESS-2 800x600 at 1280,0" in r.stdout, r.stdout)
        x, y = centered_origin(800, 600, 200, 100)
        r = s.capture("--output", "HEADLESS-2", "--check-pattern", f"{x},{y},200,100")
        check("pattern ok" in r.stdout, r.stdout)


if __name__ == "__main__":
    run(globals())
