"""wrd-server as a person starts it: banner, kept secrets, Ctrl-C; and bad input on its port."""
import os
import socket
import stat
import time
import tomllib

from rdp_harness import RdpServer, SLOW, check, recv_up_to, run

# An X.224 Connection Request (MS-RDPBCGR 2.2.1.1) whose RDP_NEG_REQ asks for standard RDP
# security only (requestedProtocols = PROTOCOL_RDP = 0).
RDP_ONLY_REQUEST = bytes.fromhex("030000130ee00000000000" "0100080000000000")


def connection_count(server):
    return server.count_log(r"connection from 127\.0\.0\.1:\d+: wrd-rdp pid")


def ended_count(server):
    return server.count_log(r"connection from 127\.0\.0\.1:\d+ ended")


def wait_ended(server, n, timeout=15):
    deadline = time.monotonic() + timeout * SLOW
    while ended_count(server) < n:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {n} ended connections; log:\n{server.log()[-3000:]}")
        time.sleep(0.05)


def test_banner_names_address_fingerprint_user_and_password_file():
    with RdpServer() as s:
        out = "\n".join(s.server.lines)
        check(f"WRD server listening on 127.0.0.1:{s.port}" in out, out)
        check(f"username: {s.username}" in out, out)
        check(f"password: in {s.config_dir}/credentials" in out, out)
        check(len(s.fingerprint.split(":")) == 32, f"fingerprint {s.fingerprint}")
        check(s.password and s.password not in out, "the password itself must not be printed")


def test_certificate_key_and_credentials_are_private_and_kept():
    with RdpServer() as s:
        for name in ("tls.crt", "tls.key", "credentials"):
            mode = stat.S_IMODE(os.stat(os.path.join(s.config_dir, name)).st_mode)
            check(mode == 0o600, f"{name} has mode {oct(mode)}")
        first = (s.fingerprint, s.password)
        config_dir = s.config_dir
        # A second server with the same HOME keeps the same identity and login.
        s2_env = dict(s.env)
        r = run_second_server(s2_env)
        check(r == first, f"a restart changed the identity or password: {first} vs {r}")
        check(os.path.isdir(config_dir), config_dir)


def run_second_server(env):
    import subprocess
    from rdp_harness import SERVER
    p = subprocess.Popen([SERVER, "--listen", "127.0.0.1:0", "--exec", "sleep 1000"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    fingerprint = None
    try:
        for line in p.stdout:
            if "fingerprint:" in line:
                fingerprint = line.split()[-1]
            if line.startswith("WRD_SERVER_READY"):
                break
    finally:
        p.send_signal(2)
        p.wait(20)
    with open(os.path.join(env["XDG_CONFIG_HOME"], "wrd", "credentials"), "rb") as f:
        password = tomllib.load(f)["password"]
    return fingerprint, password


def test_ctrl_c_stops_server_compositor_and_apps():
    s = RdpServer(apps=["sleep 100000"])
    pid_line = s.wait_log(r"compositor pid (\d+)")
    compositor_pid = int(pid_line.group(1))
    s.close()  # SIGINT; close() checks exit status 0
    check(not os.path.exists(f"/proc/{compositor_pid}") or open(f"/proc/{compositor_pid}/stat").read().split()[2] == "Z",
          "the compositor outlived wrd-server")


def test_garbage_bytes_end_only_that_connection():
    with RdpServer() as s:
        with s.raw_connection() as c:
            c.sendall(os.urandom(4096))
            # The server may wait for the rest of a "packet" the garbage announced; we hang up.
            c.settimeout(2 * SLOW)
            try:
                while c.recv(4096):
                    pass
            except (ConnectionResetError, socket.timeout):
                pass
        wait_ended(s, 1)
        check(s.server.alive(), "wrd-server died")
        # The port still serves: a fresh raw connection is accepted and handed to a new wrd-rdp.
        with s.raw_connection() as c:
            c.sendall(b"\x03\x00")
        wait_ended(s, 2)
        check(connection_count(s) == 2, s.log()[-2000:])


def test_truncated_handshake_ends_only_that_connection():
    with RdpServer() as s:
        c = s.raw_connection()
        c.sendall(RDP_ONLY_REQUEST[:7])  # half a connection request, then silence and close
        time.sleep(0.2)
        c.close()
        wait_ended(s, 1)
        s.wait_log(r"the connection failed during the handshake|the client disconnected")
        check(s.server.alive(), "wrd-server died")


# An X.224 Connection Request asking for TLS (PROTOCOL_SSL), MS-RDPBCGR 2.2.1.1.
TLS_REQUEST = bytes.fromhex("030000130ee00000000000" "0100080001000000")


def tls_handshake(server, version):
    """Negotiates TLS on the RDP port with exactly `version`; returns the version or None."""
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ctx.maximum_version = version
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # let the client offer old versions at all
    with server.raw_connection() as c:
        c.sendall(TLS_REQUEST)
        c.settimeout(10 * SLOW)
        confirm = c.recv(19)
        check(len(confirm) == 19 and confirm[11] == 0x02, f"no RDP_NEG_RSP: {confirm.hex()}")
        try:
            with ctx.wrap_socket(c) as t:
                return t.version()
        except (ssl.SSLError, ConnectionResetError, OSError):
            return None


def test_tls_below_1_2_is_refused():
    import ssl
    with RdpServer(security="tls") as s:
        check(tls_handshake(s, ssl.TLSVersion.TLSv1_2) == "TLSv1.2", "TLS 1.2 must work")
        check(tls_handshake(s, ssl.TLSVersion.TLSv1_3) == "TLSv1.3", "TLS 1.3 must work")
        check(tls_handshake(s, ssl.TLSVersion.TLSv1_1) is None, "TLS 1.1 was accepted")
        check(tls_handshake(s, ssl.TLSVersion.TLSv1) is None, "TLS 1.0 was accepted")
        check(s.server.alive(), "wrd-server died")


def test_standard_rdp_security_only_is_refused_with_a_clear_line():
    with RdpServer() as s:
        with s.raw_connection() as c:
            c.sendall(RDP_ONLY_REQUEST)
            c.settimeout(10 * SLOW)
            reply = recv_up_to(c, 19)
        # X.224 Connection Confirm carrying RDP_NEG_FAILURE (type 3), MS-RDPBCGR 2.2.1.2.2.
        check(len(reply) >= 19 and reply[11] == 0x03, f"reply {reply.hex()}")
        s.wait_log(r"login refused from 127\.0\.0\.1:\d+ \(user .*, protocol standard RDP security\): the client offered only standard RDP security; TLS or NLA is required")
        wait_ended(s, 1)


if __name__ == "__main__":
    run(globals())
