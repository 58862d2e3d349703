"""wrd_session_v1: cursor image, hotspot, visibility and position; virtual outputs."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import SESSION_PROBE, Session, centered_origin, check, grab, hex_rgb, run  # noqa: E402

BG = "#102030"


def test_cursor_image_follows_the_client_cursor():
    with Session("--no-xwayland", "--background", BG) as s:
        probe = s.spawn([SESSION_PROBE, "cursor", "--timeout-ms", "20000"], name="probe")
        # Over the empty desktop: the compositor's default arrow.
        probe.wait_for(r"^image \d+ \d+ \d+ \d+ \d+ ")
        c = s.pattern_client("--cursor")
        x, y = centered_origin(1920, 1080, 400, 300)
        mark = probe.mark()
        s.pointer_to(x + 50, y + 60)
        c.wait_for(r"^pointer_enter ")
        # 16x16, hotspot (3,5), red top-left pixel, green elsewhere (tests/clients).
        probe.wait_for(r"(?i)^image 16 16 3 5 \d+ ffff0000 ff00ff00$", since=mark)
        probe.wait_for(rf"^position {x + 50}(\.0)? {y + 60}(\.0)?$", since=mark)


def test_hidden_cursor_is_reported():
    with Session("--no-xwayland") as s:
        probe = s.spawn([SESSION_PROBE, "cursor", "--timeout-ms", "20000"], name="probe")
        probe.wait_for(r"^image ")
        s.pattern_client("--hide-cursor")
        x, y = centered_origin(1920, 1080, 400, 300)
        mark = probe.mark()
        s.pointer_to(x + 20, y + 20)
        probe.wait_for(r"^hidden$", since=mark)


def test_cursor_leaves_frames_while_a_front_end_draws_it():
    with Session("--no-xwayland", "--background", BG) as s:
        s.pointer_to(100, 100)
        img = grab(s)
        check(img.count_not(hex_rgb(BG), (96, 96, 40, 40)) > 0, "the composited cursor is missing from the frame")
        probe = s.spawn([SESSION_PROBE, "cursor", "--no-composite", "--timeout-ms", "20000"], name="probe")
        probe.wait_for(r"^position ")
        s.pointer_to(100, 100)
        img = grab(s)
        check(img.count_not(hex_rgb(BG), (96, 96, 40, 40)) == 0, "the cursor is still drawn into frames")
        probe.kill()
        probe.wait()
        s.pointer_to(100, 100)
        img = grab(s)
        check(img.count_not(hex_rgb(BG), (96, 96, 40, 40)) > 0, "the cursor did not come back when the probe left")


def test_virtual_output_appears_in_wl_output_and_captures():
    with Session("--no-xwayland", "--background", BG) as s:
        s.hide_cursor_from_frames()
        probe = s.spawn([SESSION_PROBE, "create-output", "1024", "768", "1920", "0"], name="probe",
                        stdin=subprocess.PIPE)
        m = probe.wait_for(r"^created (\S+)$")
        name = m.group(1)
        probe.wait_for(rf"^wl_output {name}$")
        r = s.capture("--list-outputs")
        check(f"{name} 1024x768 at 1920,0" in r.stdout, r.stdout)
        img = grab(s, "--output", name)
        check((img.width, img.height) == (1024, 768), f"capture of {name} is {img.width}x{img.height}")
        check(img.count_not(hex_rgb(BG)) == 0, "the new output does not show the desktop background")
        # A window opened with the pointer there lands on it.
        s.pointer_to(1920 + 512, 384)
        s.pattern_client("--size", "200x100")
        x, y = centered_origin(1024, 768, 200, 100)
        r = s.capture("--output", name, "--check-pattern", f"{x},{y},200,100")
        check("pattern ok" in r.stdout, r.stdout)
        # Closing the object removes the output; the window is rescued onto the first output.
        probe.popen.stdin.close()
        probe.wait_for(r"^destroyed$")
        s.wait_log(rf"output {name} removed")
        r = s.capture("--list-outputs")
        check(name not in r.stdout, r.stdout)
        s.wait_log(r"moved to HEADLESS-1")


def test_bad_virtual_output_size_is_a_protocol_error():
    with Session("--no-xwayland") as s:
        r = s.run([SESSION_PROBE, "create-output", "0", "768", "0", "0", "--hold-ms", "100"], check=False)
        check(r.returncode != 0, f"a 0-wide output was accepted: {r.stdout}")
        s.wait_log(r"protocol error from client .*out of range")
        check(s.alive(), "the compositor died")


if __name__ == "__main__":
    run(globals())
