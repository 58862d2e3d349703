"""What the server sends when the client cannot take pictures: with output suppressed
(MS-RDPBCGR 2.2.11.3.1, a minimized client) nothing comes, and allowing it again brings the
whole current picture at once; with RDPGFX frame acknowledgements held back (MS-RDPEGFX
2.2.2.13) the server stops after its window of unacknowledged frames and, once they are
acknowledged, goes on with the newest picture instead of a backlog. An animating app
(weston-simple-shm) keeps the server busy; while the client is not taking pictures the test
swaps it for a still window, so the first picture afterwards can be compared with the
compositor's own screencopy. And the probe's input-to-pixel latency step, as a behaviour."""
import json
import re

from rdp_harness import SLOW, RdpServer, check, image_compare, run

SIZE = "800x600"
# wrd-rdp's default [graphics] max_frames_in_flight.
WINDOW = 3


def steps_of(report):
    return {s["step"]: s for s in report["steps"]}


def swap_animation_for_a_still_window(s, animation):
    """Stops the animating app and opens a still one; returns when the still one has drawn."""
    animation.kill()
    animation.wait(10 * SLOW)
    # Centred, 600x400 sits at even coordinates: at an odd offset AVC420's 4:2:0 chroma straddles
    # the pattern's edges and costs about 6 dB (33 instead of 39 measured here).
    s.pattern_client("--smooth", "--title", "still", "--size", "600x400", name="still")
    s.wait_log(r"window 'still' \(.*\) mapped at")


def run_until_paused(s, steps, name):
    """Runs the probe with `steps`, each `wait-stdin` in them a point where the test acts: a
    generator that yields the running probe at each such point (the next next() lets the probe
    go on) and finally its report."""
    report = s.path(f"{name}.json")
    p = s.spawn_probe(*steps, codec="avc420", extra=["--size", SIZE, "--json", report], stdin=True)
    for index, step in enumerate(steps, start=1):
        if step == "wait-stdin":
            p.wait_for(rf"^step {index - 1} .*: ok", timeout=60 * SLOW)
            yield p
            p.popen.stdin.write("go\n")
            p.popen.stdin.flush()
    p.wait_for(r"^done$", timeout=60 * SLOW)
    check(p.wait(30) == 0, f"probe exit {p.popen.returncode}")
    with open(report) as f:
        yield json.load(f)


def test_suppressed_output_sends_nothing_then_the_whole_picture():
    with RdpServer(output=SIZE) as s:
        animation = s.spawn(["weston-simple-shm"], name="simple-shm")
        shot, copy = s.path("resumed.png"), s.path("resumed-screencopy.png")
        steps = ["wait-frames 10", "suppress-output on",
                 "sleep 500",    # frames already encoded or on the wire may still come
                 "sleep 1000",   # then none while the app animates
                 "wait-stdin",   # the desktop changes while suppressed
                 "sleep 300",    # still none
                 "suppress-output off", "wait-frames 1", f"screenshot {shot}", "wait-stdin"]
        points = run_until_paused(s, steps, "suppress")
        next(points)
        swap_animation_for_a_still_window(s, animation)
        next(points)
        s.screencopy(copy)
        report = next(points)
        st = steps_of(report)
        check(st["wait-frames 10"]["frames"] >= 10, f"the animation gave {st['wait-frames 10']}")
        check(st["sleep 1000"]["frames"] == 0, f"frames came while output was suppressed: {st['sleep 1000']}")
        check(st["sleep 300"]["frames"] == 0, f"frames came while output was suppressed: {st['sleep 300']}")
        # The first picture after allowing output shows the desktop as it is now, not only what
        # changed after allowing: the still window came while suppressed.
        ok, out = image_compare(shot, copy, "--min-psnr", "35")
        check(ok, f"the first picture after allowing output differs from the screencopy: {out}")


def test_withheld_frame_acknowledgements_stop_the_server_after_its_window():
    with RdpServer(output=SIZE) as s:
        animation = s.spawn(["weston-simple-shm"], name="simple-shm")
        shot, copy = s.path("acked.png"), s.path("acked-screencopy.png")
        steps = ["wait-frames 10", "ack-frames off",
                 "sleep 1500",   # the frames of the window come, then the server waits
                 "sleep 1000",   # none
                 "wait-stdin",   # the desktop changes while the server waits
                 "sleep 300",    # still none
                 "ack-frames on", "wait-frames 1", f"screenshot {shot}", "wait-stdin"]
        points = run_until_paused(s, steps, "acks")
        next(points)
        swap_animation_for_a_still_window(s, animation)
        next(points)
        s.screencopy(copy)
        report = next(points)
        st = steps_of(report)
        check(st["wait-frames 10"]["frames"] >= 10, f"the animation gave {st['wait-frames 10']}")
        held = st["ack-frames off"]["frames"] + st["sleep 1500"]["frames"]
        check(1 <= held <= WINDOW, f"{held} frame(s) came with acknowledgements held back (window {WINDOW})")
        check(st["sleep 1000"]["frames"] == 0 and st["sleep 300"]["frames"] == 0,
              f"frames came beyond the window: {st['sleep 1000']} {st['sleep 300']}")
        # The server stopped with exactly its window unacknowledged: every acknowledgement it
        # lacked was one the probe held.
        acks = report["frame_acks"]
        check(acks["withheld"] == WINDOW and acks["pending"] == 0, f"frame acknowledgements {acks}")
        check(re.search(rf"^acknowledging frames; {WINDOW} held", st["ack-frames on"]["detail"]),
              st["ack-frames on"]["detail"])
        # Frames flow again, and the first one is the newest picture, not a stale one.
        ok, out = image_compare(shot, copy, "--min-psnr", "35")
        check(ok, f"the first picture after acknowledging differs from the screencopy: {out}")
        check(acks["sent"] > 10, f"frame acknowledgements {acks}")


def test_input_to_pixel_latency_is_measured():
    with RdpServer(output=SIZE, apps=["foot"]) as s:
        m = s.wait_log(r"window '.*' \(foot\) mapped at (-?\d+),(-?\d+) (\d+)x(\d+)")
        x, y, w, h = (int(v) for v in m.groups())
        # Each sample presses 'a' into the terminal and times the first frame that shows it.
        r = s.probe("wait-stable 1000", f"latency {x} {y} {w} {h} 5 key", codec="avc420", size=SIZE)
        lat = r.report["latency_ms"]
        check(len(lat["samples"]) == 5 and all(v > 0 for v in lat["samples"]), f"latency {lat}")
        check(lat["p50"] <= lat["p95"], f"latency {lat}")
        print(f"input to pixel: p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms")


if __name__ == "__main__":
    run(globals())
