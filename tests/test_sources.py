"""Source rules: wlroots' C headers only through the choke-point header."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CHOKE_POINT = "compositor/src/wlr.hpp"


def source_files():
    out = subprocess.run(["git", "-C", ROOT, "ls-files", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [f for f in out if re.search(r"\.(c|cc|cpp|h|hpp)$", f)]


def test_wlr_headers_only_in_choke_point():
    files = source_files()
    check(CHOKE_POINT in files, f"{CHOKE_POINT} is missing")
    strays = []
    for f in files:
        if f == CHOKE_POINT:
            continue
        with open(os.path.join(ROOT, f), errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if re.match(r"\s*#\s*include\s*[<\"]wlr/", line):
                    strays.append(f"{f}:{n}")
    check(not strays, "wlroots headers included outside " + CHOKE_POINT + ": " + ", ".join(strays))


# FreeRDP/WinPR and FFmpeg are reached through one header per component (STYLE.md); tests
# may use FreeRDP's decoders directly.
FREERDP_CHOKE_POINTS = {"rdp/src/freerdp.hpp", "encoder/src/freerdp_codecs.hpp", "tests/probe/freerdp.hpp"}
LIBAV_CHOKE_POINTS = {"encoder/src/av.hpp"}


def strays(pattern, allowed, allowed_prefix):
    found = []
    for f in source_files():
        if f in allowed or f.startswith(allowed_prefix):
            continue
        with open(os.path.join(ROOT, f), errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if re.match(pattern, line):
                    found.append(f"{f}:{n}")
    return found


def test_freerdp_headers_only_in_choke_points():
    found = strays(r"\s*#\s*include\s*[<\"](freerdp|winpr)/", FREERDP_CHOKE_POINTS, "tests/unit/")
    check(not found, "FreeRDP/WinPR headers outside their choke points: " + ", ".join(found))


def test_libav_headers_only_in_choke_point():
    found = strays(r"\s*#\s*include\s*[<\"]libav", LIBAV_CHOKE_POINTS, "tests/unit/")
    check(not found, "FFmpeg headers outside encoder/src/av.hpp: " + ", ".join(found))


def test_the_check_itself_finds_a_stray():
    # Guard against a check that cannot fail: the pattern must match a real include line.
    check(re.match(r"\s*#\s*include\s*[<\"]wlr/", "#include <wlr/types/wlr_seat.h>"), "pattern broken")
    check(re.match(r"\s*#\s*include\s*[<\"](freerdp|winpr)/", "#include <freerdp/peer.h>"), "pattern broken")


if __name__ == "__main__":
    run(globals())
