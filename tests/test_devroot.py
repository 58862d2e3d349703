"""scripts/devroot.sh fails with one clear line, not a trace, for each set-up problem.

These run the real script in devroot mode (WRD_FORCE_DEVROOT=1) with a root it would have to
build, so it reaches its checks; a stand-in mmdebstrap fails the test if it is ever run.
Nothing is downloaded: the one archive used is a closed port on 127.0.0.1."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, skip  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SCRIPT = os.path.join(ROOT, "scripts", "devroot.sh")


def tool_dir(with_mmdebstrap):
    """A PATH with the shell tools the script needs, a stand-in mmdebstrap, and no apt-get."""
    d = tempfile.mkdtemp(prefix="wrd-devroot-path-")
    os.chmod(d, 0o755)  # the not-root test runs the script as nobody
    for tool in ("bash", "sh", "id", "grep", "sed", "tr", "cat", "sha256sum", "cut", "dirname", "mkdir",
                 "df", "awk", "mktemp", "rm", "timeout", "mv", "find", "cp", "sort", "head", "env", "readlink"):
        path = shutil.which(tool)
        if path:
            os.symlink(path, os.path.join(d, tool))
    if with_mmdebstrap:
        with open(os.path.join(d, "mmdebstrap"), "w") as f:
            f.write("#!/bin/sh\necho 'the stand-in mmdebstrap ran: a check was skipped' >&2\nexit 99\n")
        os.chmod(os.path.join(d, "mmdebstrap"), 0o755)
    return d


def devroot(env_extra, path, prefix=()):
    env = {"PATH": path, "WRD_FORCE_DEVROOT": "1", "WRD_DEVROOT": tempfile.mkdtemp() + "/root"}
    env.update(env_extra)
    # apt-helper lives outside PATH; the script calls it by its full path.
    return subprocess.run([*prefix, "bash", SCRIPT], env=env, capture_output=True, text=True, timeout=120)


def one_clear_error(r, expected):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(r.returncode != 0, f"exit 0: {r.stderr}")
    check(lines and "error:" in lines[-1] and expected in lines[-1], f"last line is not the error: {r.stderr!r}")
    check(not any(w in r.stderr for w in ("Traceback", "line ", "unbound variable", "command not found")),
          f"a trace leaked: {r.stderr!r}")


def test_not_root():
    path = tool_dir(True)
    r = devroot({}, path, prefix=(shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups"))
    one_clear_error(r, "must run as root")


def test_no_mmdebstrap_and_no_apt():
    one_clear_error(devroot({}, tool_dir(False)), "mmdebstrap is not installed and there is no apt-get")


def test_disk_full():
    # A private mount namespace for an 8 MiB tmpfs; the script needs about 4 GiB.
    tiny = tempfile.mkdtemp(prefix="wrd-tiny-")
    path = tool_dir(True)
    env = {"PATH": path, "WRD_FORCE_DEVROOT": "1", "WRD_DEVROOT": tiny + "/root"}
    # No mount(8) in a minimal root: the child mounts through libc, then becomes the script.
    mount_then_exec = (
        "import ctypes, os, sys\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        f"if libc.mount(b'tmpfs', {tiny.encode()!r}, b'tmpfs', 0, b'size=8m') != 0:\n"
        "    sys.exit('mount failed: ' + os.strerror(ctypes.get_errno()))\n"
        f"os.execvp('bash', ['bash', {SCRIPT!r}])\n")
    r = subprocess.run([shutil.which("unshare"), "-m", "--propagation", "unchanged", sys.executable, "-c",
                        mount_then_exec], env=env, capture_output=True, text=True, timeout=60)
    one_clear_error(r, "not enough disk")


def test_archive_unreachable():
    r = devroot({"WRD_DEBIAN_MIRROR": "http://127.0.0.1:9/debian"}, tool_dir(True))
    one_clear_error(r, "the Debian archive is unreachable")


def test_in_devroot_runs_natively_on_debian_13():
    # The tests themselves run inside the Debian 13 root, which is what a Debian 13 host is:
    # there in-devroot.sh must just run the command, without root or mounts.
    try:
        with open("/etc/os-release") as f:
            codename = next((l.strip().partition("=")[2].strip('"') for l in f if l.startswith("VERSION_CODENAME=")), "")
    except OSError as e:
        skip(f"cannot tell the OS (/etc/os-release: {e.strerror}); the native path runs on Debian 13 only")
    if codename != "trixie":
        skip(f"not on Debian 13 (VERSION_CODENAME={codename or 'unset'}): in-devroot.sh takes its dev-root path here")
    setpriv = shutil.which("setpriv")
    if not setpriv:
        skip("no setpriv to run in-devroot.sh as an unprivileged user")
    if os.geteuid() != 0:
        skip("not root: setpriv cannot switch to the unprivileged user nobody")
    as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    script = os.path.join(ROOT, "scripts", "in-devroot.sh")
    if subprocess.run([*as_nobody, "test", "-r", script], timeout=30).returncode != 0:
        skip(f"user nobody cannot read {script} (a private checkout)")
    r = subprocess.run([*as_nobody, "bash", script, "sh", "-c", "echo native $(id -u)"],
                       env={"PATH": os.environ["PATH"]}, capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and r.stdout.strip() == "native 65534", f"{r.returncode}: {r.stdout!r} {r.stderr!r}")


if __name__ == "__main__":
    run(globals())
