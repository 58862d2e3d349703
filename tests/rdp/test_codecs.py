"""Each codec path end to end: wrd-server with a known picture, our libfreerdp3 probe decoding
it, compared with the compositor's own screencopy taken while the probe is connected (so the
cursor is left out of both). Lossless paths must match exactly, lossy ones by PSNR."""
import json

from rdp_harness import PATTERN, RdpServer, check, image_compare, run

SIZE = "800x600"

# (probe --codec, server --codec, the codec the probe must have received, comparison)
CASES = [
    ("avc420", "auto", "gfx-avc420", ["--min-psnr", "35"]),
    ("progressive", "auto", "gfx-progressive", ["--min-psnr", "35"]),
    ("progressive", "rfx", "gfx-rfx", ["--min-psnr", "35"]),
    ("rfx", "auto", "rfx", ["--min-psnr", "35"]),
    ("bitmap", "auto", "planar", ["--exact"]),
]


def probe_and_screencopy(s, probe_codec, name):
    """Runs the probe until its picture is stable, screencopies the desktop meanwhile and
    returns (probe png, screencopy png, probe report)."""
    shot = s.path(f"{name}-probe.png")
    copy = s.path(f"{name}-screencopy.png")
    report = s.path(f"{name}.json")
    p = s.spawn_probe("wait-stable 700", f"screenshot {shot}", "wait-stdin", "disconnect", codec=probe_codec,
                      extra=["--size", SIZE, "--json", report], stdin=True)
    p.wait_for(r"step 2 .*: ok", timeout=60)
    s.screencopy(copy)
    p.popen.stdin.write("go\n")
    p.popen.stdin.flush()
    p.wait_for(r"^done$", timeout=30)
    check(p.wait(30) == 0, f"probe exit {p.popen.returncode}")
    with open(report) as f:
        return shot, copy, json.load(f)


def test_every_codec_shows_the_desktop():
    for probe_codec, server_codec, expect, compare in CASES:
        with RdpServer(apps=[f"{PATTERN} --smooth --size 600x400"], output=SIZE, codec=server_codec) as s:
            name = f"{probe_codec}-{server_codec}"
            shot, copy, report = probe_and_screencopy(s, probe_codec, name)
            codecs = report.get("codecs", {})
            check(expect in codecs and codecs[expect]["commands"] > 0,
                  f"{name}: expected {expect}, the probe saw {codecs}")
            ok, out = image_compare(shot, copy, *compare)
            print(f"{name}: {out.strip().splitlines()[1] if len(out.splitlines()) > 1 else out.strip()}")
            check(ok, f"{name}: the decoded desktop differs from the screencopy: {out}")


if __name__ == "__main__":
    run(globals())
