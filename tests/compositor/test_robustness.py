"""Clients that die or misbehave never take the compositor or other apps down."""
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import BAD_CLIENT, Session, centered_origin, check, run  # noqa: E402


def test_killing_a_client_leaves_the_rest_running():
    with Session("--no-xwayland") as s:
        keep = s.pattern_client("--title", "keep", name="keep")
        doomed = s.pattern_client("--title", "doomed", "--size", "300x200", name="doomed")
        doomed.kill(signal.SIGKILL)
        doomed.wait()
        s.wait_log(r"client pid \d+ \(wrd-test-patter.*disconnected")
        check(s.alive(), "the compositor died with its client")
        # The survivor still gets input and is still on screen.
        mark = keep.mark()
        s.run(["wtype", "k"])
        keep.wait_for(r"^key \d+ pressed k$", since=mark)
        x, y = centered_origin(1920, 1080, 400, 300)
        r = s.capture("--check-pattern", f"{x},{y},400,300")
        check("pattern ok" in r.stdout, r.stdout)


def test_garbage_bytes_disconnect_only_that_client():
    with Session("--no-xwayland") as s:
        keep = s.pattern_client()
        r = s.run([BAD_CLIENT, "--mode", "garbage"])
        check("disconnected" in r.stdout, r.stdout)
        s.wait_log(r"protocol error from client pid \d+ \(wrd-test-bad-cl\): wl_display@1 code 0: invalid object")
        s.wait_log(r"client pid \d+ \(wrd-test-bad-cl.*disconnected")
        check(s.alive() and keep.alive(), "the compositor or the other client died")
        s.pattern_client("--title", "after")


def test_protocol_error_is_logged_and_disconnects():
    with Session("--no-xwayland") as s:
        keep = s.pattern_client()
        r = s.run([BAD_CLIENT, "--mode", "protocol-error"])
        check("disconnected" in r.stdout, r.stdout)
        s.wait_log(r"protocol error from client pid \d+ \(wrd-test-bad-cl\): wl_surface@\d+ code \d+: .*scale")
        check(s.alive() and keep.alive(), "the compositor or the other client died")
        s.pattern_client("--title", "after")


if __name__ == "__main__":
    run(globals())
