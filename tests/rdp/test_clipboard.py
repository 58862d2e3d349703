"""The clipboard between an RDP client (our probe's cliprdr) and the desktop (wl-copy and
wl-paste through data-control): text, images, and a 10 MB paste."""
import os
import subprocess
import time

from rdp_harness import SLOW, RdpServer, check, image_compare, run


def wl_copy(s, data, mime=None):
    """wl-copy stays behind serving the selection; it must not hold our pipes."""
    argv = ["wl-copy"] + (["--type", mime] if mime else [])
    subprocess.run(argv, env=s.client_env, input=data, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=30 * SLOW, check=True)


def wl_paste(s, mime=None):
    argv = ["wl-paste", "--no-newline"] + (["--type", mime] if mime else [])
    r = subprocess.run(argv, env=s.client_env, capture_output=True, timeout=30 * SLOW)
    return r.returncode, r.stdout


def wait_paste(s, expected, mime=None, timeout=20):
    deadline = time.monotonic() + timeout * SLOW
    got = None
    while time.monotonic() < deadline:
        rc, got = wl_paste(s, mime)
        if rc == 0 and got == expected:
            return
        time.sleep(0.1)
    raise AssertionError(f"wl-paste gave {got[:200]!r}..., expected {expected[:200]!r}...")


def release(viewer):
    viewer.popen.stdin.write("go\n")
    viewer.popen.stdin.flush()
    viewer.wait_for(r"^done$", timeout=30)


def test_text_from_the_client_pastes_on_the_desktop():
    with RdpServer() as s:
        text = "Grüße from RDP ✓ line1\nline2"
        v = s.spawn_probe("wait-clipboard", f"clipboard-set-text {text.replace(chr(10), chr(92) + 'n')}", "wait-stdin",
                          stdin=True)
        v.wait_for(r"step 2 .*: ok", timeout=30)
        wait_paste(s, text.encode())
        release(v)


def test_text_from_the_desktop_pastes_in_the_client():
    with RdpServer() as s:
        wl_copy(s, "from Wayland: ünïcödé\n2nd line".encode())
        out = s.path("text.txt")
        s.probe("wait-clipboard", f"clipboard-get-text {out}")
        with open(out, encoding="utf-8") as f:
            got = f.read()
        check(got == "from Wayland: ünïcödé\n2nd line", f"the client got {got!r}")


def test_images_both_ways():
    with RdpServer(output="640x480") as s:
        # A real picture to copy: the desktop's own screencopy.
        source = s.screencopy(s.path("source.png"))
        with open(source, "rb") as f:
            png = f.read()
        wl_copy(s, png, "image/png")
        got = s.path("from-desktop.png")
        s.probe("wait-clipboard", f"clipboard-get-image {got}")
        ok, out = image_compare(got, source, "--exact")
        check(ok, f"desktop → client image differs: {out}")

        v = s.spawn_probe("wait-clipboard", f"clipboard-set-file-image {source}", "wait-stdin", stdin=True)
        v.wait_for(r"step 2 .*: ok", timeout=30)
        deadline = time.monotonic() + 20 * SLOW
        pasted = s.path("from-client.png")
        while True:
            rc, data = wl_paste(s, "image/png")
            if rc == 0 and data.startswith(b"\x89PNG"):
                break
            check(time.monotonic() < deadline, "no image/png on the desktop")
            time.sleep(0.1)
        with open(pasted, "wb") as f:
            f.write(data)
        ok, out = image_compare(pasted, source, "--exact")
        check(ok, f"client → desktop image differs: {out}")
        release(v)


def test_a_ten_megabyte_paste():
    with RdpServer() as s:
        line = "0123456789abcdefghijklmnopqrstuvwxyz ÄÖÜ wrd clipboard\n"
        big = (line * (10 * 1024 * 1024 // len(line.encode()) + 1)).encode()
        check(len(big) >= 10 * 1024 * 1024, "test data too small")
        wl_copy(s, big)
        out = s.path("big.txt")
        r = s.probe("wait-clipboard", f"clipboard-get-text {out}", timeout=60)
        with open(out, "rb") as f:
            got = f.read()
        # Windows text has CR LF line ends (MS-RDPECLIP CF_UNICODETEXT); LF on the desktop.
        got = got.replace(b"\r\n", b"\n")
        check(got == big, f"got {len(got)} bytes, expected {len(big)}")
        print(f"10 MB paste: {[st['ms'] for st in r.report['steps']][1]:.0f} ms")


if __name__ == "__main__":
    run(globals())
