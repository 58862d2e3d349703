"""The login matrix, from the attacker's side: in every security mode and through both entry
points, a connection reaches the desktop only after its credentials were checked.

Entry points: wrd-server (with the compositor it starts itself) and `wrd-rdp --listen`
serving a wrd-compositor started here. Modes: `--security nla` (CredSSP only) and
`--security tls` (TLS only; the Client Info user and password are checked). Clients: wrd-probe
--security nla|tls, xfreerdp3 /sec:nla|tls|rdp (under Xvfb, clipboard off: no FUSE mount to
hang at exit, PITFALLS.md) and rdesktop 1.9. Credentials: right, wrong password, unknown user
(with the right password), empty user and password. Extra cells: a raw X.224 request for
RDSTLS only, and a zero-hash NTLM attacker (wrd-probe with libwrd-zero-ntlm-hash.so preloaded:
its NTLMv2 hash is 16 zero bytes, whatever the password).

A cell passes when
- right credentials over an allowed protocol: the probe saw a frame (exit 0 after
  `wait-frames 1`), or the server log shows that client's connection activated and sending,
  and the Xvfb screen shows the desktop's background;
- anything else: the client got no desktop; every connection it made has exactly one
  `login refused from IP:PORT (user 'U', protocol P): REASON` warning naming the user tried,
  also where the client itself gave up before sending any credentials; no
  connection of the cell logged in, activated or connected to Wayland; the compositor's log
  (debug level: it names every Wayland client) has no new client, virtual keyboard or
  pointer, or output change (data-control and every other protocol need a client); wlr-randr
  says the same before and after. Every connection's wrd-rdp exits 0.
Cells run one after another per server, so every connection in the log between a cell's
start and end is that cell's (the supervisor's `connection from IP:PORT: wrd-rdp pid N` line
names it). Failed logins do not back off (see CONFIG), so cells do not disturb each other.
A failing cell does not stop the others; the test fails with all of them, and prints the
matrix at the end either way (one line per cell; `x2`: the client connected twice, as
FreeRDP's clients do after some failures).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import time

from rdp_harness import BUILD, PROBE, RDP, SLOW, Proc, RdpServer, TestFailure, check, recv_up_to, run
from harness import Image, Session, skip  # noqa: E402 (rdp_harness puts tests/ on the path)
from test_xfreerdp import BACKGROUND, Xvfb

ZERO_HASH = os.path.join(BUILD, "tests", "tools", "libwrd-zero-ntlm-hash.so")
USER, PASSWORD = "alice", "Matrix-Secret-42"
# No backoff after failed logins, and no cap on new connections per second from 127.0.0.1
# (cells follow each other within a fraction of a second): neither is what is tested here,
# and either would refuse a cell's connection before login instead of at its login.
CONFIG = (f'[rdp]\nusername = "{USER}"\npassword = "{PASSWORD}"\n\n'
          "[server]\nlogin_backoff_s = 0\nmax_new_per_source_per_second = 1000\n")
WIDTH, HEIGHT = 1024, 768
SIZE = f"{WIDTH}x{HEIGHT}"  # the desktop's own size: a client that gets in changes no output

CREDENTIALS = {
    "right": (USER, PASSWORD),
    "wrong password": (USER, "not-" + PASSWORD),
    "unknown user": ("mallory", PASSWORD),
    "empty": ("", ""),
}
CREDENTIALS_USERS = tuple(u for u, _ in CREDENTIALS.values())
CLIENTS = ("probe nla", "probe tls", "xfreerdp /sec:nla", "xfreerdp /sec:tls", "xfreerdp /sec:rdp", "rdesktop")

NLA = "NLA (CredSSP over TLS)"
WRONG = "wrong user name or password"
NO_CREDENTIALS = "no user name or password given"
NEEDS_NLA = "this server requires NLA"
TLS_ONLY = "this server takes TLS logins only"
RDP_ONLY = "the client offered only standard RDP security; TLS or NLA is required"
SHORT = {WRONG: "wrong user/password", NO_CREDENTIALS: "no user/password", NEEDS_NLA: "NLA required",
         TLS_ONLY: "TLS only", RDP_ONLY: "TLS or NLA required"}  # for the table

# Connections the client itself abandons before it has sent any credentials still get their
# one `login refused` line (the server cannot check a login it never saw, but the log must show
# the attempt). Measured with FreeRDP 3.33 clients:
# - an NLA-only client against a TLS server: the server selects TLS (the client offered TLS
#   besides CredSSP), the client drops the connection at its own negotiation check;
# - an NLA client with no credentials: WinPR's NTLM client has nothing to authenticate with
#   and hangs up during CredSSP (wrd-probe then tries a second time);
# - rdesktop 1.9 against an NLA server: its CredSSP is Kerberos only, it gives up and
#   reconnects asking for TLS only, which is refused.
NLA_INCOMPLETE = "NLA did not complete: the client sent no credentials or gave up"
TLS_INCOMPLETE = "the TLS handshake did not complete (a client that insists on NLA ends here)"
SHORT.update({NLA_INCOMPLETE: "NLA not completed", TLS_INCOMPLETE: "TLS not completed"})
GAVE_UP = "gave up"


class Expect:
    """What a cell must show: `security` (the protocol a successful login logs) or the allowed
    refusals (user, protocol, reason) of its connections; `gave_up`: connections may end
    without a refusal (see GAVE_UP); `must_refuse`: at least one connection is refused."""

    def __init__(self, security=None, refusals=(), gave_up=False, must_refuse=True):
        self.security = security
        self.refusals = list(refusals)
        self.gave_up = gave_up
        self.must_refuse = must_refuse and not security


def expectation(mode, client, creds):
    user, _ = CREDENTIALS[creds]
    right = creds == "right"
    if client in ("probe nla", "xfreerdp /sec:nla"):
        if mode == "tls":
            return Expect(refusals=[(user, "TLS", TLS_INCOMPLETE)])
        if right:
            return Expect(security=NLA)
        if creds == "empty":
            return Expect(refusals=[(user, "NLA", NLA_INCOMPLETE), (user, "NLA", WRONG)])
        return Expect(refusals=[(user, "NLA", WRONG)])
    if client == "xfreerdp /sec:rdp":
        return Expect(refusals=[(user, "standard RDP security", RDP_ONLY)])
    # TLS clients: wrd-probe, xfreerdp3 and rdesktop (which tries Kerberos CredSSP first
    # where the server offers NLA) name the user in the X.224 cookie (mstshash).
    if mode == "nla":
        allowed = [(user, "TLS", NEEDS_NLA)]
        if client == "rdesktop":
            allowed.append((user, "NLA", NLA_INCOMPLETE))
        return Expect(refusals=allowed)
    if right:
        return Expect(security="TLS")
    return Expect(refusals=[(user, "TLS", NO_CREDENTIALS if creds == "empty" else WRONG)])


# --- the two entry points ---------------------------------------------------------------------

class LogFile:
    """A log file read from a byte offset on: a cell reads only what it added."""

    def __init__(self, path, only=None):
        self.path, self.only = path, only

    def mark(self):
        return os.path.getsize(self.path)

    def since(self, mark):
        with open(self.path, "rb") as f:
            f.seek(mark)
            text = f.read().decode(errors="replace")
        if self.only:
            text = "\n".join(line for line in text.splitlines() if self.only in line)
        return text


class WrdServer:
    """wrd-server with its compositor; the compositor and every wrd-rdp log into its stderr.
    At debug level the compositor names every Wayland client that connects."""

    entry = "wrd-server"

    def __init__(self, mode):
        self.mode = mode
        self.server = RdpServer("--log-level", "debug", security=mode, config=CONFIG, output=SIZE)
        self.host, self.port, self.tmp = self.server.host, self.server.port, self.server.tmp
        self.env = self.server.env  # private HOME: no known hosts or certificates of ours
        self.desktop_env = self.server.client_env
        self.log = LogFile(self.server.server.stderr_path)
        self.compositor_log = LogFile(self.server.server.stderr_path, only="[compositor]")

    def close(self):
        self.server.close()

    def kill(self):
        self.server.__exit__(TestFailure, None, None)


class WrdRdpListen:
    """`wrd-rdp --listen 127.0.0.1:0` serving a wrd-compositor started here (debug log: it
    names every Wayland client that connects)."""

    entry = "wrd-rdp --listen"

    def __init__(self, mode):
        self.mode = mode
        self.session = Session("--log-level", "debug", "--output", SIZE)
        self.tmp = self.session.tmp
        config_dir = os.path.join(self.tmp, "wrd")
        os.makedirs(config_dir)
        config = os.path.join(self.tmp, "wrd.toml")
        with open(config, "w") as f:
            f.write(CONFIG)
        self.env = dict(self.session.env)
        self.desktop_env = self.session.client_env
        try:
            self.rdp = Proc([RDP, "--listen", "127.0.0.1:0", "--config", config, "--config-dir", config_dir,
                             "--security", mode], dict(self.session.client_env), name="wrd-rdp", log_dir=self.tmp)
            m = self.rdp.wait_for(r"^WRD_RDP_LISTENING=(.*):(\d+)$", timeout=15 * SLOW)
        except BaseException:
            self.session.__exit__(TestFailure, None, None)
            raise
        self.host, self.port = m.group(1), int(m.group(2))
        self.log = LogFile(self.rdp.stderr_path)
        self.compositor_log = LogFile(self.session.log_path)

    def close(self):
        self.rdp.popen.send_signal(signal.SIGTERM)
        try:
            code = self.rdp.popen.wait(20 * SLOW)
        except subprocess.TimeoutExpired:
            self.rdp.kill(signal.SIGKILL)
            raise TestFailure("wrd-rdp --listen did not exit on SIGTERM within 20s")
        log = self.log.since(0)
        m = re.search(r"(ERROR: (Address|Leak)Sanitizer.*|runtime error:.*)", log)
        check(not m, f"sanitizer report in wrd-rdp's log: {m and m.group(1)}\n{log[-4000:]}")
        check(code == 0, f"wrd-rdp --listen ended with {code}; log tail:\n{log[-3000:]}")
        self.session.close()

    def kill(self):
        self.rdp.kill(signal.SIGKILL)
        self.session.__exit__(TestFailure, None, None)


# --- one cell -----------------------------------------------------------------------------------

class Connection:
    def __init__(self, peer, pid, log):
        self.peer, self.pid = peer, pid
        p = re.escape(peer)
        self.refusals = re.findall(rf"warning \[rdp\] login refused from {p} \(user '(.*?)', protocol (.*?)\): (.*)$",
                                   log, re.M)
        self.security = re.findall(rf"\[rdp\] {p}: security: (.*)$", log, re.M)
        self.logged_in = re.findall(rf"\[rdp\] {p}: user '(.*?)' logged in \((.*)\)$", log, re.M)
        self.activated = re.search(rf"\[rdp\] {p}: activated", log) is not None
        self.sending = re.search(rf"\[rdp\] {p}: sending ", log) is not None
        self.gave_up = re.search(rf"\[rdp\] {p}: the connection failed during the handshake$", log, re.M) is not None
        m = re.search(rf"connection from {p} ended \((.*)\)", log)
        self.ended = m.group(1) if m else None

    def desktop(self):
        return bool(self.logged_in) or self.activated or self.sending

    def describe(self):
        if self.desktop():
            return f"desktop ({', '.join(self.security) or '?'})"
        if len(self.refusals) == 1:
            user, protocol, reason = self.refusals[0]
            return f"refused '{user}' {protocol}: {SHORT.get(reason, reason)}"
        if self.refusals:
            return f"{len(self.refusals)} refusal lines"
        return GAVE_UP if self.gave_up else "ended without a refusal"


def summary(conns):
    """The connections' outcomes in order, repeats folded ("gave up x2")."""
    parts = []
    for c in conns:
        d = c.describe()
        if parts and parts[-1][0] == d:
            parts[-1][1] += 1
        else:
            parts.append([d, 1])
    return "; ".join(d if n == 1 else f"{d} x{n}" for d, n in parts) or "no connection"


def connections(log):
    out = []
    for peer, pid in re.findall(r"connection from (\S+:\d+): wrd-rdp pid (\d+)", log):
        out.append(Connection(peer, int(pid), log))
    return out


def wlr_randr(fe):
    r = subprocess.run(["wlr-randr"], env=fe.desktop_env, capture_output=True, text=True, timeout=15 * SLOW)
    check(r.returncode == 0, f"wlr-randr failed: {r.stderr}")
    return r.stdout


def fuse_connections():
    try:
        return set(os.listdir("/sys/fs/fuse/connections"))
    except OSError:
        return set()


def stop(proc, fuse_before, sig=signal.SIGTERM, grace=5):
    """Ends a client still running (its whole process group); if it hangs in its own FUSE
    mount (PITFALLS.md: xfreerdp3 with a clipboard), aborts the FUSE connections made
    since it started."""
    if not proc.alive():
        return proc.popen.returncode
    proc.kill(sig)
    try:
        return proc.popen.wait(grace * SLOW)
    except subprocess.TimeoutExpired:
        pass
    proc.kill(signal.SIGKILL)
    try:
        return proc.popen.wait(5)
    except subprocess.TimeoutExpired:
        for c in fuse_connections() - fuse_before:
            try:
                with open(f"/sys/fs/fuse/connections/{c}/abort", "w") as f:
                    f.write("1")
            except OSError:
                pass
        return proc.popen.wait(10)


def start_client(fe, x, client, user, password, preload=None):
    env = dict(fe.env)
    if client.startswith("probe"):
        argv = [PROBE, "--host", fe.host, "--port", str(fe.port), "--security", client.split()[1], "--user", user,
                "--password", password, "--size", SIZE, "--timeout", str(int(10 * SLOW)), "--step", "wait-frames 1"]
        if preload:
            env["LD_PRELOAD"] = preload
            if "ASAN_OPTIONS" in env:  # the preloaded library comes before ASan's runtime
                env["ASAN_OPTIONS"] += ":verify_asan_link_order=0"
        return Proc(argv, env, name="wrd-probe", log_dir=fe.tmp)
    env.update(x.env)
    if client.startswith("xfreerdp"):
        # No stdin: with empty credentials it would ask for them there.
        argv = ["xfreerdp3", f"/v:{fe.host}:{fe.port}", f"/u:{user}", f"/p:{password}", "/cert:ignore",
                client.split()[1], f"/size:{SIZE}", "-clipboard", "/log-level:WARN"]
        return Proc(argv, env, name="xfreerdp3", log_dir=fe.tmp)
    # rdesktop asks about the unknown certificate on stdin (and segfaults without an answer).
    p = Proc(["rdesktop", "-u", user, "-p", password, "-g", SIZE, "-T", "wrd-matrix", f"{fe.host}:{fe.port}"], env,
             name="rdesktop", log_dir=fe.tmp, stdin=subprocess.PIPE)
    p.popen.stdin.write("yes\n")
    p.popen.stdin.flush()
    return p


def client_output(proc):
    out = " | ".join(proc.lines[-4:])
    if proc.stderr_path:
        with open(proc.stderr_path, errors="replace") as f:
            err = f.read().strip().splitlines()
        out += " | stderr: " + " | ".join(err[-3:])
    return out[-800:]


def wait_until(condition, timeout, step=0.05):
    deadline = time.monotonic() + timeout * SLOW
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def shows_desktop(x, path):
    """The X screen (the client's window) shows the desktop's background somewhere central."""
    x.screenshot(path)
    img = Image(path)
    px = img.pixel(img.width // 2, img.height // 2)
    return max(abs(a - b) for a, b in zip(px, BACKGROUND)) <= 12


class Cell:
    def __init__(self, fe, client, creds, expect):
        self.fe, self.client, self.creds, self.expect = fe, client, creds, expect
        self.problems = []
        self.outcome = "?"
        self.seconds = 0.0

    def fail(self, text):
        self.problems.append(text)

    def row(self):
        status = "ok" if not self.problems else "FAIL"
        return (self.fe.entry, self.fe.mode, self.client, self.creds, self.outcome, status, f"{self.seconds:.1f}")


def run_client_cell(fe, x, client, creds, expect, preload=None, user=None, password=None):
    cell = Cell(fe, client, creds, expect)
    t0 = time.monotonic()
    if user is None:
        user, password = CREDENTIALS[creds]
    randr_before = wlr_randr(fe)
    mark, cmark = fe.log.mark(), fe.compositor_log.mark()
    fuse_before = fuse_connections()
    proc = start_client(fe, x, client, user, password, preload)
    try:
        if expect.security:
            drive_success(cell, fe, x, proc, mark, fuse_before)
        else:
            drive_refusal(cell, fe, proc, mark, fuse_before)
    finally:
        stop(proc, fuse_before, signal.SIGKILL)
    if not wait_until(lambda: all(c.ended for c in connections(fe.log.since(mark))), 15):
        cell.fail("a connection did not end: " + "; ".join(c.peer for c in connections(fe.log.since(mark))
                                                          if not c.ended))
    segment = fe.log.since(mark)
    conns = connections(segment)
    judge(cell, conns, segment, fe.compositor_log.since(cmark), proc.popen.returncode,
          lambda: fe.compositor_log.since(cmark))
    if not expect.security:
        randr_after = wlr_randr(fe)
        if randr_after != randr_before:
            cell.fail(f"the outputs changed: before {randr_before!r}, after {randr_after!r}")
    cell.seconds = time.monotonic() - t0
    if cell.problems:
        cell.problems.append(f"client: {client_output(proc)}")
        cell.problems.append("server log of the cell:\n    " + "\n    ".join(
            ln for ln in segment.splitlines() if "dli_fname" not in ln)[-4000:])
    return cell


def drive_success(cell, fe, x, proc, mark, fuse_before):
    if cell.client.startswith("probe"):
        try:
            code = proc.popen.wait(40 * SLOW)
        except subprocess.TimeoutExpired:
            code = None
        if code != 0:
            cell.fail(f"wrd-probe exited {code}, expected 0 after a frame")
        return
    # xfreerdp3 / rdesktop: the server streams to the connection, the X screen shows it.
    streaming = wait_until(lambda: [c for c in connections(fe.log.since(mark)) if c.sending] or not proc.alive(), 30)
    if not isinstance(streaming, list):
        cell.fail(f"no connection of {cell.client} reached streaming (client exit {proc.popen.poll()})")
        return
    shot = os.path.join(fe.tmp, f"matrix-{time.monotonic_ns()}.ppm")
    if not wait_until(lambda: shows_desktop(x, shot), 15, step=0.2):
        cell.fail("the X screen does not show the desktop's background")
    if not proc.alive():
        cell.fail(f"{cell.client} exited ({proc.popen.returncode}) while connected")
    stop(proc, fuse_before)


def drive_refusal(cell, fe, proc, mark, fuse_before):
    """Until the client has exited; a client that lingers after every connection of it ended
    (rdesktop spins after the server hung up during its capability exchange) is stopped."""
    deadline = time.monotonic() + 20 * SLOW
    quiet_since = None
    while time.monotonic() < deadline:
        conns = connections(fe.log.since(mark))
        if not proc.alive():
            return
        if any(c.desktop() for c in conns):
            break  # judged below
        if conns and all(c.ended for c in conns):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 0.7 * SLOW:
                break
        else:
            quiet_since = None
        time.sleep(0.05)
    stop(proc, fuse_before)


def judge(cell, conns, segment, compositor_segment, client_exit, compositor_log=None):
    """Checks a cell's connections (its part of the server's log) and the compositor's part
    of its log against the cell's expectation; `client_exit`: the client's exit status."""
    e = cell.expect
    if not conns:
        cell.fail("no connection reached the server")
    cell.outcome = summary(conns)
    for c in conns:
        if c.ended != "wrd-rdp exit 0":
            cell.fail(f"{c.peer}: its wrd-rdp ended with {c.ended}")
    if e.security:
        desktops = [c for c in conns if c.desktop()]
        if len(desktops) != 1:
            cell.fail(f"{len(desktops)} connections reached the desktop, expected 1")
        for c in desktops:
            if c.security != [e.security]:
                cell.fail(f"{c.peer}: security {c.security}, expected [{e.security!r}]")
            if c.logged_in != [(USER, e.security)]:
                cell.fail(f"{c.peer}: logged in {c.logged_in}, expected user '{USER}' over {e.security}")
            if not (c.activated and c.sending):
                cell.fail(f"{c.peer}: not activated and sending")
            if c.refusals:
                cell.fail(f"{c.peer}: refused as well: {c.refusals}")
        # The same look at the compositor's log that finds nothing for a refused connection
        # finds this one: its wrd-rdp process came and went as a Wayland client with a virtual
        # keyboard (waited for, so that no line of it falls into the next cell).
        for c in desktops:
            gone = rf"client pid {c.pid} \(.*\) disconnected(.|\n)*virtual keyboard removed"
            if not wait_until(lambda: re.search(gone, compositor_log()), 10):
                cell.fail(f"the compositor's log does not show {c.peer}'s wrd-rdp (pid {c.pid}) as a client that "
                          f"left with its virtual keyboard")
        if cell.client.startswith("xfreerdp") or cell.client == "rdesktop":
            cell.outcome = f"desktop ({e.security}), streaming, seen on the X screen" if not cell.problems \
                else cell.outcome
        return
    # Refused: nothing of the connection reached the desktop.
    if client_exit == 0:
        cell.fail(f"{cell.client} exited 0 without credentials that should work")
    refused = 0
    for c in conns:
        if c.desktop():
            cell.fail(f"{c.peer} reached the desktop: logged in {c.logged_in}, activated {c.activated}, "
                      f"sending {c.sending}")
        if len(c.refusals) > 1:
            cell.fail(f"{c.peer}: {len(c.refusals)} refusal lines, expected one: {c.refusals}")
        elif len(c.refusals) == 1:
            refused += 1
            if e.refusals and tuple(c.refusals[0]) not in e.refusals:
                cell.fail(f"{c.peer}: refused as {c.refusals[0]}, expected one of {e.refusals}")
            elif not e.refusals and c.refusals[0][0] not in CREDENTIALS_USERS + ("",):
                cell.fail(f"{c.peer}: refused naming user '{c.refusals[0][0]}'")
        elif not (e.gave_up and c.gave_up and not c.security):
            cell.fail(f"{c.peer}: no `login refused` line ({c.describe()}; ended {c.ended})")
    if e.must_refuse and not refused:
        cell.fail("no connection was refused")
    if re.search(r"\[wayland\] connected to the compositor", segment):
        cell.fail("a refused connection connected to the compositor")
    for line in compositor_segment.splitlines():
        if "(wlr-randr)" in line:
            continue  # our own before/after look at the outputs
        if re.search(r"client pid \d+|virtual keyboard|virtual pointer|virtual output|output \S+ (configured|disabled|"
                     r"removed)|output \S+: \d+x\d+", line):
            cell.fail(f"the desktop changed during a refused cell: {line}")


def raw_rdstls_cell(fe):
    """An X.224 Connection Request (MS-RDPBCGR 2.2.1.1) with a cookie naming 'eve' whose
    RDP_NEG_REQ asks for RDSTLS only (requestedProtocols = PROTOCOL_RDSTLS = 0x4)."""
    cell = Cell(fe, "raw X.224 RDSTLS only", "cookie 'eve'", Expect())
    t0 = time.monotonic()
    randr_before = wlr_randr(fe)
    mark, cmark = fe.log.mark(), fe.compositor_log.mark()
    cookie = b"Cookie: mstshash=eve\r\n"
    neg_req = bytes.fromhex("0100080004000000")
    x224 = bytes([6 + len(cookie) + len(neg_req), 0xE0, 0, 0, 0, 0, 0]) + cookie + neg_req
    request = bytes([3, 0]) + (4 + len(x224)).to_bytes(2, "big") + x224
    with socket.create_connection((fe.host, fe.port), timeout=5) as c:
        peer = "%s:%d" % c.getsockname()[:2]
        c.sendall(request)
        c.settimeout(10 * SLOW)
        reply = recv_up_to(c, 19)
    # X.224 Connection Confirm carrying RDP_NEG_FAILURE (type 3), MS-RDPBCGR 2.2.1.2.2.
    if not (len(reply) >= 19 and reply[11] == 0x03):
        cell.fail(f"no RDP_NEG_FAILURE: reply {reply.hex()}")
    else:
        code = int.from_bytes(reply[15:19], "little")
        cell.outcome = f"RDP_NEG_FAILURE {code:#x}, "
    wait_until(lambda: all(x.ended for x in connections(fe.log.since(mark))), 15)
    segment = fe.log.since(mark)
    conns = connections(segment)
    ours = [x for x in conns if x.peer == peer]
    reason = NEEDS_NLA if fe.mode == "nla" else TLS_ONLY
    cell.expect = Expect(refusals=[("eve", "RDSTLS", reason)])
    if len(ours) != 1:
        cell.fail(f"the server logged {len(ours)} connections from {peer}: {[x.peer for x in conns]}")

    outcome = cell.outcome
    judge(cell, ours, segment, fe.compositor_log.since(cmark), None)
    cell.outcome = outcome + cell.outcome
    if wlr_randr(fe) != randr_before:
        cell.fail("the outputs changed")
    cell.seconds = time.monotonic() - t0
    if cell.problems:
        cell.problems.append("server log of the cell:\n    " + "\n    ".join(segment.splitlines())[-3000:])
    return cell


# --- the matrix ----------------------------------------------------------------------------------

ROWS = []  # every cell run, for the table printed at the end


def run_matrix(front_end_class, mode):
    check(os.path.exists(ZERO_HASH), f"{ZERO_HASH} is not built")
    for tool in ("xfreerdp3", "rdesktop", "Xvfb", "wlr-randr", "import"):
        if not shutil.which(tool):
            skip(f"{tool} is not installed")
    cells = []
    fe = front_end_class(mode)
    ok = False
    try:
        with Xvfb(WIDTH, HEIGHT) as x:
            for client in CLIENTS:
                for creds in CREDENTIALS:
                    cells.append(run_client_cell(fe, x, client, creds, expectation(mode, client, creds)))
            cells.append(raw_rdstls_cell(fe))
            if mode == "nla":
                # The zero-hash attacker, as an unknown user and as our user: both refused. The
                # second one also shows that the preload works: without it, that probe (right
                # password) gets in.
                for user, password, label in (("intruder", "whatever", "'intruder', any password"),
                                              (USER, PASSWORD, f"'{USER}', right password")):
                    cells.append(run_client_cell(fe, x, "probe nla + zero NTLM hash", label,
                                                 Expect(refusals=[(user, "NLA", WRONG)]), preload=ZERO_HASH,
                                                 user=user, password=password))
        ok = True
    finally:
        ROWS.extend(c.row() for c in cells)
        if ok:
            fe.close()
        else:
            fe.kill()
    failed = [c for c in cells if c.problems]
    if failed:
        raise TestFailure(f"{len(failed)} of {len(cells)} cells failed ({fe.entry}, --security {mode}):\n" + "\n".join(
            f"- {c.client} / {c.creds}:\n  " + "\n  ".join(c.problems) for c in failed))


def print_table(rows):
    header = ("entry", "mode", "client", "credentials", "outcome", "result", "s")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(v)[:widths[i]].ljust(widths[i]) for i, v in enumerate(r)).rstrip())


def test_wrd_server_nla():
    run_matrix(WrdServer, "nla")


def test_wrd_server_tls():
    run_matrix(WrdServer, "tls")


def test_wrd_rdp_listen_nla():
    run_matrix(WrdRdpListen, "nla")


def test_wrd_rdp_listen_tls():
    run_matrix(WrdRdpListen, "tls")


if __name__ == "__main__":
    try:
        run(globals())
    finally:
        print_table(ROWS)
