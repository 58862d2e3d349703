#!/usr/bin/env python3
"""What a connection costs before it logs in, and what a crowd of them costs the server.

Prints, for wrd-server on 127.0.0.1 (figures only, nothing asserted):
  - the RSS of one wrd-rdp that finished TLS and waits for its login (goal: <= 15 MB), and of
    one that is logged in and streaming, for comparison;
  - wrd-server's RSS and CPU while 100 connections sit in their TLS handshake at once (the
    limits are raised for this run so that all 100 are served, not refused).
Run inside the dev root: scripts/in-devroot.sh bench/rdp/preauth_bench.py [--build-dir build]
"""
import argparse
import os
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "rdp"))

TLS_REQUEST = bytes.fromhex("030000130ee00000000000" "0100080001000000")
CROWD = 100


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def private_kib(pid):
    """USS: the pages only this process has (what one more connection really costs)."""
    total = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rdp_children(server_pid):
    from test_limits import rdp_children as children
    return children(server_pid)


def tls_waiting(host, port):
    """A connection that negotiated TLS and then says nothing more (it waits to log in)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    c = socket.create_connection((host, port), timeout=10)
    c.sendall(TLS_REQUEST)
    c.recv(19)
    return ctx.wrap_socket(c)


def wait_children(pid, n, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = rdp_children(pid)
        if len(kids) >= n:
            return kids
        time.sleep(0.1)
    return rdp_children(pid)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.environ.get("WRD_BUILD_DIR", "build"))
    args = ap.parse_args()
    os.environ["WRD_BUILD_DIR"] = os.path.abspath(args.build_dir)
    from rdp_harness import RdpServer

    config = f"[server]\nmax_unauthenticated = {CROWD + 10}\nmax_unauthenticated_per_source = {CROWD + 10}\n" \
             f"max_new_per_source_per_second = {CROWD * 10}\nlogin_timeout_s = 120\nhandshake_timeout_s = 60\n"
    with RdpServer(security="tls", config=config) as s:
        pid = s.server.popen.pid
        one = tls_waiting(s.host, s.port)
        kids = wait_children(pid, 1)
        time.sleep(1.0)
        preauth = [rss_kib(k) for k in kids]
        preauth_private = [private_kib(k) for k in kids]
        one.close()
        streaming = s.spawn_probe("wait-frames 1", "sleep 3000")
        time.sleep(2.0)
        kids = rdp_children(pid)
        logged_in = [rss_kib(k) for k in kids]
        logged_in_private = [private_kib(k) for k in kids]
        streaming.kill()
        time.sleep(1.0)

        base_rss, t0, c0 = rss_kib(pid), time.monotonic(), cpu_ticks(pid)
        crowd = []
        for _ in range(CROWD):
            crowd.append(tls_waiting(s.host, s.port))
        kids = wait_children(pid, CROWD)
        t1, c1 = time.monotonic(), cpu_ticks(pid)
        crowd_rss = rss_kib(pid)
        child_rss = sorted(rss_kib(k) for k in kids)
        hz = os.sysconf("SC_CLK_TCK")
        for c in crowd:
            c.close()
        print("== pre-login cost (wrd-server, TLS mode, 2 cores) ==")
        if preauth:
            print(f"  one wrd-rdp waiting to log in: RSS {preauth[0] / 1024:.1f} MiB, "
                  f"private {preauth_private[0] / 1024:.1f} MiB")
        if logged_in:
            print(f"  one wrd-rdp logged in and streaming: RSS {max(logged_in) / 1024:.1f} MiB, "
                  f"private {max(logged_in_private) / 1024:.1f} MiB")
        print(f"  {len(kids)} connections in TLS at once: wrd-server RSS {base_rss / 1024:.1f} -> {crowd_rss / 1024:.1f} MiB, "
              f"CPU {(c1 - c0) / hz * 1000:.0f} ms over {t1 - t0:.1f} s to accept them; "
              f"each wrd-rdp RSS median {child_rss[len(child_rss) // 2] / 1024:.1f} MiB" if child_rss else "")
        print(f"summary: preauth_rss_mib={preauth[0] / 1024 if preauth else 0:.1f} "
              f"preauth_private_mib={preauth_private[0] / 1024 if preauth else 0:.1f} "
              f"streaming_rss_mib={max(logged_in) / 1024 if logged_in else 0:.1f} crowd={len(kids)} "
              f"server_rss_mib={crowd_rss / 1024:.1f} server_cpu_ms={(c1 - c0) / hz * 1000:.0f}")


if __name__ == "__main__":
    main()
