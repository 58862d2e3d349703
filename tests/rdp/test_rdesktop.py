"""rdesktop 1.9 under Xvfb against wrd-server: the bitmap-update path for clients without
RemoteFX or the graphics pipeline. rdesktop has no NTLM (NLA), so the server runs with TLS
security and checks the Client Info PDU's user name and password itself. The bitmap encoders
are lossless at the session's depth: at 32 bpp (RDP 6 planar) the client shows exactly the
compositor's screencopy, at 16 bpp (interleaved RLE, RGB565) exactly its 16-bit quantisation.
The noise pattern makes whole tiles incompressible, so uncompressed bitmaps are covered too."""
import subprocess

from rdp_harness import IMGCHECK, PATTERN, SLOW, Proc, RdpServer, TestFailure, check, run
from harness import Image  # noqa: E402 (rdp_harness puts tests/ on the path)
from test_xfreerdp import (SIZE, Xvfb, check_pattern_at, quantise_565, rgb565_bits, wait_for_picture, wait_for_window,
                           window_box)

USER, PASSWORD = "alice", "rdesktop-Secret-42"
CONFIG = f'[rdp]\nusername = "{USER}"\npassword = "{PASSWORD}"\n'
TITLE = "wrd-rdesktop"


def tls_server():
    return RdpServer(apps=[f"{PATTERN} --size 600x400"], output=SIZE, security="tls", config=CONFIG)


def rdesktop(s, x, depth, password=PASSWORD):
    argv = ["rdesktop", "-u", USER, "-p", password, "-g", SIZE, "-a", str(depth), "-T", TITLE,
            f"{s.host}:{s.port}"]
    # Its own HOME (s.env): no certificate store of the person running the tests. rdesktop has
    # no option to accept an unknown certificate; it asks on stdin, where we answer.
    p = Proc(argv, dict(s.env, **x.env), name="rdesktop", log_dir=s.tmp, stdin=subprocess.PIPE)
    s.children.append(p)
    p.popen.stdin.write("yes\n")
    p.popen.stdin.flush()
    return p


def hang_up(s, client):
    """rdesktop has no clean quit but closing its window; SIGTERM drops the TCP connection.
    The server must notice and end the connection with wrd-rdp exiting 0."""
    client.kill()
    try:
        client.popen.wait(10 * SLOW)
    except subprocess.TimeoutExpired:
        raise TestFailure("rdesktop did not exit on SIGTERM")
    m = s.wait_log(r"connection from 127\.0\.0\.1:\d+ ended \((.*)\)", timeout=15)
    check(m.group(1) == "wrd-rdp exit 0", f"the connection ended badly: {m.group(0)}")


def wait_log(s, client, pattern, timeout=30):
    """s.wait_log, but a connection FreeRDP dropped at rdesktop's MCS Erect Domain Request
    fails at once, saying why; a timeout says what rdesktop printed."""
    try:
        m = s.wait_log(rf"(?P<want>{pattern})|(?P<mcs>\[mcs_recv_erect_domain_request\].*)", timeout=timeout)
    except TestFailure as e:
        with open(client.stderr_path) as f:
            raise TestFailure(f"{e}\nrdesktop ({client.popen.poll()}): {client.lines[-10:]} {f.read()[-1500:]}")
    check(not m.group("mcs"), f"wrd-rdp dropped rdesktop's MCS Erect Domain Request: {m.group('mcs')} (rdesktop "
          "1.9 writes its two INTEGERs as 16-bit numbers, rdesktop issue #392; FreeRDP 3 servers refuse "
          "the PDU unless the server repairs it)")
    return m


def connect(s, x, depth):
    client = rdesktop(s, x, depth)
    wait_log(s, client, rf"user '{USER}' logged in")
    s.wait_log(rf"sending bitmap updates \({depth} bpp\)")
    wait_for_window(x, TITLE, f"{SIZE}+0+0")
    return client


def test_32_bpp_planar_bitmaps_are_exact():
    with tls_server() as s, Xvfb(*map(int, SIZE.split("x"))) as x:
        box = window_box(s, "wrd-test-pattern")
        client = connect(s, x, 32)
        reference = s.screencopy(s.path("32-screencopy.ppm"))
        shot, line = wait_for_picture(x, s, "rdesktop-32", reference, ["--exact"])
        print(f"32 bpp: {line}")
        r = subprocess.run([IMGCHECK, shot, "--check-pattern", ",".join(map(str, box))], capture_output=True,
                           text=True, timeout=60)
        check(r.returncode == 0, f"the pattern is not where the compositor put the window {box}: {r.stdout}")
        check(client.alive(), f"rdesktop exited early: {client.lines[-10:]}")
        hang_up(s, client)


def test_16_bpp_bitmaps_are_the_exact_rgb565_picture():
    # A 16-bit X screen: rdesktop 1.9 then shows the session's RGB565 pixels as they are. On a
    # 24-bit screen its 16-to-32 bpp translation swaps red and blue (rdesktop issue #213),
    # while xfreerdp3 shows the same bytes correctly.
    with tls_server() as s, Xvfb(*map(int, SIZE.split("x")), depth=16) as x:
        box = window_box(s, "wrd-test-pattern")
        client = connect(s, x, 16)
        reference = quantise_565(s.screencopy(s.path("16-screencopy.ppm")))
        shot, line = wait_for_picture(x, s, "rdesktop-16", reference, ["--exact"], prepare=quantise_565)
        print(f"16 bpp (RGB565 bits): {line}")
        # The window's pixels at their place, independent of the screencopy.
        check_pattern_at(Image(shot), box, rgb565_bits)
        check(client.alive(), f"rdesktop exited early: {client.lines[-10:]}")
        hang_up(s, client)


def test_wrong_password_is_refused():
    with tls_server() as s, Xvfb(*map(int, SIZE.split("x"))) as x:
        client = rdesktop(s, x, 32, password="not-" + PASSWORD)
        wait_log(s, client, rf"login refused from 127\.0\.0\.1:\d+ \(user '{USER}', protocol TLS\): wrong user name or password")
        s.wait_log(r"connection from 127\.0\.0\.1:\d+ ended \(wrd-rdp exit 0\)", timeout=15)
        check(s.count_log(r"logged in") == 0, "a wrong password logged in")
        check(s.count_log(r"sending bitmap updates") == 0, "frames went to a refused client")
        # The server hung up. rdesktop 1.9 does not notice a close during the capability
        # exchange (it spins with its socket in CLOSE-WAIT; xfreerdp3 exits), so stop it here.
        client.kill()
        client.wait(10 * SLOW)


if __name__ == "__main__":
    run(globals())
