"""Pre-login limits from the attacker's side: floods of idle and stalled connections, a
handshake that stops after TLS, wrong passwords in a row; a real client from another address
must still get in, and everything must be given back afterwards. Loopback only, bounded."""
import os
import re
import select
import socket
import ssl
import threading
import time

from rdp_harness import SLOW, RdpServer, TestFailure, check, run

# X.224 Connection Request asking for TLS (MS-RDPBCGR 2.2.1.1).
TLS_REQUEST = bytes.fromhex("030000130ee00000000000" "0100080001000000")

LIMITS = """
[server]
handshake_timeout_s = 4
login_timeout_s = 8
login_backoff_s = {backoff}
login_backoff_max_s = 4
"""


class Relay:
    """A TCP relay that connects onwards from another local address, so that a real client
    (which cannot pick its source address) reaches the server from `source`."""

    def __init__(self, target, source="127.0.0.2", lifetime=60):
        self.target, self.source = target, source
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.deadline = time.monotonic() + lifetime * SLOW
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.listener.settimeout(1)
        while time.monotonic() < self.deadline:
            try:
                client, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            threading.Thread(target=self._pump, args=(client,), daemon=True).start()

    def _pump(self, client):
        upstream = socket.socket()
        upstream.bind((self.source, 0))
        try:
            upstream.connect(self.target)
        except OSError:
            client.close()
            return
        pair = {client: upstream, upstream: client}
        try:
            while time.monotonic() < self.deadline:
                readable, _, _ = select.select(list(pair), [], [], 1)
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    pair[s].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def close(self):
        self.deadline = 0
        self.listener.close()


def server_pid(s):
    return s.server.popen.pid


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rdp_children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        if ppid == pid and comm == "wrd-rdp":
            out.append(int(entry))
    return out


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout * SLOW
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TestFailure(f"{what} within {timeout}s")


def connect_from(s, source):
    c = socket.socket()
    c.bind((source, 0))
    c.settimeout(5 * SLOW)
    c.connect((s.host, s.port))
    return c


def test_a_flood_of_idle_and_stalled_connections_does_not_lock_out_a_real_user():
    with RdpServer(config=LIMITS.format(backoff=0)) as s:
        pid = server_pid(s)
        fds_before, children_before = fd_count(pid), len(rdp_children(pid))
        held = []
        try:
            for _ in range(200):
                held.append(connect_from(s, "127.0.0.1"))
            for _ in range(50):
                c = connect_from(s, "127.0.0.1")
                c.sendall(TLS_REQUEST[:7])  # half a Connection Request, then silence
                held.append(c)
            # At most 5 of them wait to log in at once (server.max_unauthenticated_per_source).
            check(len(rdp_children(pid)) <= children_before + 5, f"{len(rdp_children(pid))} wrd-rdp children")
            s.wait_log(r"connection from 127\.0\.0\.1:\d+ refused before login: already 5 connections from this "
                       r"address waiting to log in")
            # None of them reached the desktop: the compositor saw no new client, keyboard or pointer.
            for what in ("virtual keyboard added", "virtual pointer added", r"client pid \d+ \(wrd-rdp\)"):
                check(s.count_log(what) == 0, f"an unauthenticated connection reached the desktop: {what}")
            # A real client from another address logs in and sees the desktop within 5 s.
            relay = Relay((s.host, s.port))
            t0 = time.monotonic()
            r = s.probe("wait-frames 1", port=relay.port, timeout=10)
            took = time.monotonic() - t0
            relay.close()
            check(r.returncode == 0, repr(r))
            print(f"real client from 127.0.0.2 logged in and saw a frame in {took:.2f} s under the flood")
            check(took < 5 * SLOW, f"the real client took {took:.2f} s")
            check(re.search(r"127\.0\.0\.2:\d+: user '[^']+' logged in", s.log()), s.log()[-2000:])
            # The admitted idle ones are closed at the handshake deadline (4 s).
            s.wait_log(r"closing it: no security negotiated within 4 s", timeout=15)
        finally:
            for c in held:
                c.close()
        # Everything given back: no wrd-rdp left, the server's descriptors as before.
        wait_until(lambda: len(rdp_children(pid)) == children_before, 20, "the wrd-rdp children did not end")
        wait_until(lambda: fd_count(pid) <= fds_before, 10,
                   f"the server's fd count did not come back to {fds_before} (now {fd_count(pid)})")
        print(f"server fds {fds_before} before, {fd_count(pid)} after; wrd-rdp children {children_before} after")


def test_wrd_rdp_listen_holds_the_same_limits():
    """`wrd-rdp --listen` against the same desktop: the supervisor is the same."""
    from rdp_harness import RDP, Proc
    with RdpServer() as s:
        config = os.path.join(s.tmp, "listen.toml")
        with open(config, "w") as f:
            f.write(LIMITS.format(backoff=0))
        rdp = Proc([RDP, "--listen", "127.0.0.1:0", "--config", config, "--config-dir", s.config_dir],
                   dict(s.client_env), name="wrd-rdp-listen", log_dir=s.tmp)
        s.children.append(rdp)
        port = int(rdp.wait_for(r"^WRD_RDP_LISTENING=.*:(\d+)$").group(1))
        listener_pid = rdp.popen.pid
        fds_before = fd_count(listener_pid)
        held = []
        try:
            for _ in range(20):
                c = socket.socket()
                c.settimeout(5 * SLOW)
                c.connect(("127.0.0.1", port))
                held.append(c)
            wait_until(lambda: len(rdp_children(listener_pid)) == 5, 10, "5 connections were not held")
            time.sleep(0.5)
            check(len(rdp_children(listener_pid)) == 5, f"{len(rdp_children(listener_pid))} children")
            relay = Relay(("127.0.0.1", port))
            r = s.probe("wait-frames 1", port=relay.port, timeout=10)
            relay.close()
            check(r.returncode == 0, repr(r))
            wait_until(lambda: "closing it: no security negotiated within 4 s" in open(rdp.stderr_path).read(), 15,
                       "the held connections were not closed at the handshake deadline")
        finally:
            for c in held:
                c.close()
        wait_until(lambda: not rdp_children(listener_pid), 20, "the forked connections did not end")
        wait_until(lambda: fd_count(listener_pid) <= fds_before, 10, "the listener's fds did not come back")


def test_a_handshake_that_stops_after_tls_is_closed_at_the_login_deadline():
    with RdpServer(security="tls", config=LIMITS.format(backoff=0)) as s:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with s.raw_connection() as c:
            c.sendall(TLS_REQUEST)
            c.settimeout(10 * SLOW)
            check(len(c.recv(19)) == 19, "no Connection Confirm")
            t = ctx.wrap_socket(c)
            t0 = time.monotonic()
            t.settimeout(20 * SLOW)
            try:
                data = t.recv(1)  # we send nothing more: the server must hang up on us
            except (ssl.SSLError, OSError):
                data = b""
            took = time.monotonic() - t0
            check(data == b"", f"got {data!r}")
        s.wait_log(r"closing it: no login within 8 s")
        check(3 <= took <= 10 * SLOW, f"closed after {took:.1f} s, expected the login deadline (8 s after accept)")


def test_wrong_passwords_back_off_per_source_and_per_user():
    with RdpServer(security="tls", config=LIMITS.format(backoff=1)) as s:
        checked = refused_at_accept = 0
        t0 = time.monotonic()
        # 20 tries, one every 0.4 s: about 8 s of a client guessing as fast as it is let.
        for i in range(20):
            r = s.probe("wait-frames 1", security="tls", password=f"wrong-{i}", expect_exit=None, timeout=10)
            check(r.returncode != 0, "a wrong password got in")
            time.sleep(max(0.0, t0 + 0.4 * (i + 1) - time.monotonic()))
        took = time.monotonic() - t0
        checked = s.count_log(r"login refused from 127\.0\.0\.1:\d+ \(user '[^']*', protocol TLS\): wrong user name")
        refused_at_accept = s.count_log(r"refused before login: failed logins from this address")
        refused_at_accept += s.count_log(r"\((\d+) more refused since the last line\)")
        print(f"20 wrong passwords in {took:.1f} s: {checked} checked, the rest refused at once while backing off")
        # Back-to-back tries: 1, 2, 4, 4 ... s apart, so only a few are ever checked.
        check(checked <= 6, f"{checked} wrong passwords were checked")
        for wait in (1, 2, 4):
            check(f"waits {wait} s" in s.log(), f"no {wait} s backoff in the log")
        # The user backs off too: right after a checked failure, the right password from another
        # address waits as well.
        time.sleep(4.5)
        s.probe("wait-frames 1", security="tls", password="wrong-again", expect_exit=None, timeout=10)
        s.wait_log(r"user 'root' from 127\.0\.0\.1: the next login .* waits 4 s.*\n(.*\n)*.*wrong-again|"
                   r"login refused from 127\.0\.0\.1:\d+ \(user '[^']*', protocol TLS\): wrong user name",
                   timeout=5)
        relay = Relay((s.host, s.port))
        r = s.probe("wait-frames 1", security="tls", port=relay.port, expect_exit=None, timeout=10)
        check(r.returncode != 0, "the backed-off user got in from another address at once")
        s.wait_log(r"login refused from 127\.0\.0\.2:\d+ \(user '[^']*', protocol TLS\): too many failed logins; "
                   r"try again in \d+ s")
        # Once the wait is over, the right password works, and clears the backoff.
        time.sleep(4.5)
        r = s.probe("wait-frames 1", security="tls", port=relay.port, timeout=10)
        relay.close()
        check(r.returncode == 0, repr(r))


def test_logged_in_sessions_have_their_own_limit():
    with RdpServer(config="[server]\nmax_sessions = 1\n") as s:
        first = s.spawn_probe("wait-frames 1", "wait-stdin", "wait-frames 1", stdin=True)
        first.wait_for(r"step 1 .*: ok", timeout=20 * SLOW)
        r = s.probe("wait-frames 1", "sleep 2000", expect_exit=None, timeout=10)
        check(r.returncode != 0, "a second session got in past max_sessions = 1")
        s.wait_log(r"login refused from 127\.0\.0\.1:\d+ \(user '[^']+', protocol NLA \(CredSSP over TLS\)\): the server has as many "
                   r"sessions as it allows")
        check(s.count_log("virtual keyboard added") == 1, "the refused second session reached the desktop")
        # The first session is untouched: a new window still reaches it as frames.
        s.pattern_client("--size", "200x200", name="after")
        first.popen.stdin.write("go\n")
        first.popen.stdin.flush()
        first.wait_for(r"^done$", timeout=20 * SLOW)


def test_a_client_that_takes_heartbeats_gets_them():
    with RdpServer() as s:
        s.probe("wait-frames 1")
        s.wait_log(r"127\.0\.0\.1:\d+: heartbeats every 10 s")


def test_accepted_sockets_have_tcp_keepalive():
    with RdpServer() as s:
        c = s.raw_connection()
        try:
            s.wait_log(r"connection from 127\.0\.0\.1:\d+: wrd-rdp pid")
            port = c.getsockname()[1]
            # /proc/net/tcp: the server side's remote port is ours; "tr" 2 is a keepalive timer.
            found = None
            with open("/proc/net/tcp") as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    remote_port = int(fields[2].split(":")[1], 16)
                    if remote_port == port and fields[3] == "01":
                        found = fields[5].split(":")[0]
            check(found == "02", f"the server's socket has timer kind {found}, not a keepalive")
        finally:
            c.close()


if __name__ == "__main__":
    run(globals())
