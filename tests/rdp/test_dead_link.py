"""A viewer whose link dies (no FIN, no RST, nothing answers any more) is ended within a minute,
and the desktop stays. The test runs in a network namespace of its own (`unshare -n`), where it
can take the loopback interface down under an established connection: no FIN or RST ever
reaches wrd-rdp, and only its own writes can find out. On an idle desktop the first such write
is the 10 s heartbeat, whose retransmissions fail once the link is gone. (Packets that vanish
silently in a network further away are noticed by TCP_USER_TIMEOUT, 50 s after the first
unacknowledged write, or by keepalive on a connection with nothing to send; this test does not
reproduce that kind of loss.)"""
import fcntl
import os
import socket
import struct
import subprocess
import sys
import time

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def set_loopback(up):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
        flags = flags | IFF_UP if up else flags & ~IFF_UP
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags))


if os.environ.get("WRD_TEST_NETNS") != "1":
    # Our own network namespace: nothing outside it is touched, and its loopback is ours.
    r = subprocess.run(["unshare", "--net", "--", sys.executable, *sys.argv],
                       env=dict(os.environ, WRD_TEST_NETNS="1"))
    if r.returncode not in (0, 1, 77):
        print(f"skip: cannot make a network namespace (unshare exited {r.returncode})")
        sys.exit(77)
    sys.exit(r.returncode)

set_loopback(True)

from rdp_harness import SLOW, RdpServer, TestFailure, check, run  # noqa: E402


def test_a_viewer_whose_link_died_is_ended_within_a_minute():
    with RdpServer(apps=["sleep 100000"]) as s:
        viewer = s.spawn_probe("wait-frames 1", "sleep 600000", timeout=900)
        s.wait_log(r"127\.0\.0\.1:\d+: heartbeats every 10 s", timeout=20)
        s.wait_log(r"127\.0\.0\.1:\d+: graphics surfaces", timeout=20)
        time.sleep(1)
        set_loopback(False)  # the cable is cut: from now on nothing gets through
        t0 = time.monotonic()
        try:
            deadline = t0 + 90
            while time.monotonic() < deadline:
                if s.count_log(r"connection from 127\.0\.0\.1:\d+ ended"):
                    break
                time.sleep(0.5)
            took = time.monotonic() - t0
        finally:
            set_loopback(True)
        viewer.kill()
        check(s.count_log(r"connection from 127\.0\.0\.1:\d+ ended") == 1,
              f"the dead viewer was not ended within 90 s:\n{s.log()[-2000:]}")
        print(f"the dead viewer was ended {took:.1f} s after its link died")
        for line in s.log().splitlines()[-200:]:
            if "[rdp]" in line and ("disconnected" in line or "failed" in line):
                print("  " + line)
        check(took <= 65, f"ended only after {took:.1f} s")
        check(s.server.alive(), "wrd-server died")
        # The desktop is still there: a new viewer gets a picture.
        s.probe("wait-frames 1")


if __name__ == "__main__":
    run(globals())
