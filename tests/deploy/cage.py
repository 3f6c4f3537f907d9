#!/usr/bin/env python3
"""The installed kiosk under headless cage, the way its systemd unit runs it.

This build is installed with DESTDIR; the account comes from the installed
sysusers.d file (systemd-sysusers); the command line and environment are the
installed visionsort.service's ExecStart= and Environment=, run as that
account with what its login session would give it (a private
XDG_RUNTIME_DIR, the state directory). What differs from a kiosk, and why:

  - paths under the prefix are read under DESTDIR, and %S (/var/lib) is a
    temporary folder, so nothing outside the test is touched;
  - WLR_BACKENDS=headless and WLR_RENDERER=pixman: no screen or GPU here;
  - --trace-layout is added, to read the size the kiosk laid out for;
  - kiosk.ini gets the group the installed tmpfiles.d line would give it.

Checked: a screenshot (grim) is not blank and has the layout's size; the
kiosk draws with SDL's own Wayland driver (no X11 window on cage's
Xwayland); it still runs after 10 s; SIGTERM ends it with status 0 through
visionsort-cage; a SIGKILL gives a status the unit restarts after, and the
kiosk is back at the attract screen within seconds; a client's status 3
(staff's exit) comes out of visionsort-cage as 3; with
VISIONSORT_CAGE_ARGS=-r (DEPLOY.md's portrait) the first frame is upright.

Exit codes: 0 pass, 1 fail, 77 skip (not root, or cage, grim or Xwayland
missing; the reason is printed).
"""

import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
from harness import run_test  # noqa: E402
from flow import expect, log  # noqa: E402

SKIP = 77
ACCOUNT = "visionsort"
RUN_S = 10.0
# The sanitizers' settings of an ASan build go on to the kiosk, nothing else
# of the test's environment. Not the software renderer that build's other
# tests use (SDL has no window framebuffer on Wayland): so leaks are not
# looked for here, where Mesa's would be reported (tools/setup.sh).
PASSED_THROUGH = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")
# wlroots 0.15's screencopy on the headless backend sometimes returns a
# black first capture of an output that shows a client; a screen that stays
# blank this long after the first frame is a real failure. CI once saw 4
# blank captures in 4 s, with an ASan build on a loaded machine.
SHOT_TRIES = 10


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def skip_reason():
    if os.geteuid() != 0:
        return ("needs root, to create the kiosk's account and run cage as it "
                "(cage refuses to run as root); CI runs the tests as root")
    for tool in ("cage", "grim", "Xwayland", "setpriv", "systemd-sysusers", "meson"):
        if shutil.which(tool) is None:
            return "%s is not installed (tools/debian-packages.txt [test]/[run])" % tool
    return None


def unit_values(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith(("#", ";", "[")):
                k, v = line.split("=", 1)
                values.setdefault(k, []).append(v)
    return values


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    expect(head[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def colours(path):
    r = sh(["identify", "-format", "%k", path])
    return int(r.stdout) if r.returncode == 0 and r.stdout.strip().isdigit() else None


class Installed:
    """This build, installed with DESTDIR into a temporary folder."""

    def __init__(self, work):
        self.dest = os.path.join(work, "dest")
        build = os.environ["VS_BUILD_ROOT"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("MESON")}
        r = sh(["meson", "install", "-C", build, "--no-rebuild", "--destdir", self.dest],
               env=env)
        expect(r.returncode == 0, "meson install failed: %s %s" % (r.stdout[-800:], r.stderr))
        units = [os.path.join(d, f) for d, _, fs in os.walk(self.dest) for f in fs
                 if f == "visionsort.service"]
        expect(len(units) == 1, "installed units: %s" % units)
        self.unit = units[0]
        # DESTDIR/PREFIX/lib/systemd/system/visionsort.service
        self.prefix = os.path.dirname(self.unit)[len(self.dest):-len("/lib/systemd/system")]
        self.values = unit_values(self.unit)

    def path(self, p):
        """An absolute path of the unit, as DESTDIR holds it."""
        return self.dest + p if p.startswith(self.prefix + "/") else p


class Session:
    """What the unit's login session gives the account: a runtime folder,
    the state folder, a clean environment."""

    def __init__(self, work, inst):
        self.inst = inst
        self.pw = pwd.getpwnam(ACCOUNT)
        self.runtime = os.path.join(work, "runtime")
        self.state_root = os.path.join(work, "state")  # what %S stands for
        state = os.path.join(self.state_root, "visionsort")
        for d, mode in ((self.runtime, 0o700), (self.state_root, 0o755), (state, 0o700)):
            os.makedirs(d, exist_ok=True)
            os.chown(d, self.pw.pw_uid, self.pw.pw_gid)
            os.chmod(d, mode)
        self.env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": self.pw.pw_dir, "USER": ACCOUNT, "LOGNAME": ACCOUNT,
            "SHELL": self.pw.pw_shell, "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": self.runtime, "STATE_DIRECTORY": state,
        }
        for assignment in inst.values.get("Environment", []):
            for item in shlex.split(assignment):
                k, v = item.split("=", 1)
                self.env[k] = v
        self.env.update(WLR_BACKENDS="headless", WLR_RENDERER="pixman")
        for k in PASSED_THROUGH:
            if k in os.environ:
                self.env[k] = os.environ[k]
        if "ASAN_OPTIONS" in self.env:
            self.env["ASAN_OPTIONS"] += ":detect_leaks=0"
        self.runs = []

    def unit_argv(self):
        argv = shlex.split(self.inst.values["ExecStart"][0])
        argv = [self.inst.path(a.replace("%S", self.state_root)) for a in argv]
        return argv + ["--trace-layout"]

    def start(self, argv, name):
        cmd = ["setpriv", "--reuid=%d" % self.pw.pw_uid, "--regid=%d" % self.pw.pw_gid,
               "--init-groups", "env", "-i"] + ["%s=%s" % kv for kv in self.env.items()] + argv
        err = open(os.path.join(os.path.dirname(self.runtime), name + ".stderr"), "wb")
        # Its own process group, so that a failed test leaves nothing behind.
        run = Run(subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=err, text=True, bufsize=1, start_new_session=True),
                  err.name)
        self.runs.append(run)
        return run

    def end_all(self):
        for run in self.runs:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(run.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    run.proc.wait(timeout=5)
                    break
                except subprocess.TimeoutExpired:
                    continue


class Run:
    """One visionsort-cage process and the trace lines it prints."""

    def __init__(self, proc, stderr_path):
        self.proc = proc
        self.stderr_path = stderr_path
        self.t0 = time.monotonic()
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.monotonic(), line))
                self.cond.notify_all()

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-2500:]

    def first_layout(self, timeout=40):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, line in self.lines:
                    if '"scene"' in line:
                        return t, line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    break
                self.cond.wait(min(left, 0.5))
        raise AssertionError("no layout line from the kiosk under cage (exit %s)\n%s"
                             % (self.proc.poll(), self.stderr()))

    def wait(self, timeout=30):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("visionsort-cage did not end in %d s\n%s"
                                 % (timeout, self.stderr()))


def kiosk_pid(binary):
    """The kiosk process running binary, as the account; None if none."""
    uid = pwd.getpwnam(ACCOUNT).pw_uid
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat("/proc/" + pid).st_uid != uid:
                continue
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].decode() == binary:
            return int(pid)
    return None


def x11_windows(session, pid):
    """Window names on cage's Xwayland, seen by the account; None if unknown."""
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            env = dict(e.split(b"=", 1) for e in f.read().split(b"\0") if b"=" in e)
    except OSError:
        return None
    display = env.get(b"DISPLAY", b"").decode()
    if not display or shutil.which("xwininfo") is None:
        return None
    r = sh(["setpriv", "--reuid=%d" % session.pw.pw_uid, "--regid=%d" % session.pw.pw_gid,
            "--init-groups", "env", "-i", "DISPLAY=" + display, "xwininfo", "-root", "-tree"])
    return r.stdout if r.returncode == 0 else None


def main():
    reason = skip_reason()
    if reason:
        print("SKIP: " + reason)
        return SKIP
    work = tempfile.mkdtemp(prefix="vs-cage-")
    os.chmod(work, 0o755)  # the account reads the install and its folders here
    inst = Installed(work)
    r = sh(["systemd-sysusers", inst.path(inst.prefix + "/lib/sysusers.d/visionsort.conf")])
    expect(r.returncode == 0, "systemd-sysusers: %s" % r.stderr)
    session = Session(work, inst)
    try:
        return check(inst, session, work)
    finally:
        session.end_all()


def check(inst, session, work):
    argv = session.unit_argv()
    binary = argv[1]
    config = argv[argv.index("--config") + 1]
    os.chown(config, 0, session.pw.pw_gid)  # as tmpfiles.d/visionsort.conf does
    log("unit command: %s" % " ".join(argv))

    # 1. It starts, fills the output from its first frame, and keeps running.
    run = session.start(argv, "kiosk")
    t_first, line = run.first_layout()
    m = re.search(r'"scene":"(\w+)","w":(\d+),"h":(\d+)', line)
    expect(m and m.group(1) == "attract", "the first layout is not attract: %s" % line[:200])
    traced = (int(m.group(2)), int(m.group(3)))
    log("first frame after %.1f s: %s %dx%d" % (t_first - run.t0, m.group(1), *traced))
    shot = os.path.join(os.environ.get("VS_BUILD_ROOT", work), "tests", "output",
                        "deploy-cage.png")
    os.makedirs(os.path.dirname(shot), exist_ok=True)
    sockets = [f for f in os.listdir(session.runtime) if re.fullmatch(r"wayland-\d+", f)]
    expect(sockets, "cage made no Wayland socket in %s" % session.runtime)
    for tries in range(1, SHOT_TRIES + 1):
        time.sleep(1.0)
        r = sh(["grim", shot], env=dict(os.environ, XDG_RUNTIME_DIR=session.runtime,
                                        WAYLAND_DISPLAY=sockets[0]))
        expect(r.returncode == 0, "grim failed: %s" % r.stderr)
        n = colours(shot)
        if n is None or n > 16:
            break
    output = png_size(shot)
    log("screenshot %s: %dx%d, %s colours (capture %d of at most %d, %.1f s after the "
        "first frame)" % (shot, output[0], output[1], n, tries, SHOT_TRIES,
                          time.monotonic() - t_first))
    expect(traced == output, "the kiosk laid out %dx%d on a %dx%d output" % (traced + output))
    if n is not None and n <= 16:
        pid = kiosk_pid(binary)
        raise AssertionError(
            "the screen is blank (%s colours) %d s after the first frame: %s\n"
            "kiosk: %s; X11 windows on cage's Xwayland: %s\nvisionsort-cage's stderr:\n%s"
            % (n, SHOT_TRIES, shot, "pid %s" % pid if pid else "not running",
               x11_windows(session, pid) if pid else None, run.stderr()))
    layouts = [l for _, l in run.lines if '"scene"' in l]
    sizes = set(re.findall(r'"w":(\d+),"h":(\d+)', " ".join(l[:120] for l in layouts)))
    expect(sizes == {tuple(map(str, output))}, "a frame at another size: %s" % sizes)
    pid = kiosk_pid(binary)
    expect(pid is not None, "no kiosk process of %s runs as %s" % (binary, ACCOUNT))
    windows = x11_windows(session, pid)
    if windows is None:
        log("note: could not list Xwayland's windows; the native-Wayland check is left out")
    else:
        expect('"visionsort"' not in windows,
               "the kiosk drew through Xwayland, not SDL's Wayland driver:\n%s" % windows)
    time.sleep(max(0.0, RUN_S - (time.monotonic() - run.t0)))
    expect(run.proc.poll() is None and kiosk_pid(binary) == pid,
           "the kiosk did not last %.0f s under cage:\n%s" % (RUN_S, run.stderr()))
    log("still running after %.0f s" % RUN_S)
    # The kiosk skips the locale's compose table (data/compose, XCOMPOSEFILE);
    # xkbcommon under Wayland must find that file readable and not complain.
    expect("xkbcommon" not in run.stderr(),
           "xkbcommon complained under cage:\n%s" % run.stderr())

    # 2. systemctl stop: SIGTERM ends the kiosk cleanly, status 0 comes out.
    os.kill(pid, signal.SIGTERM)
    status = run.wait()
    expect(status == 0, "after SIGTERM visionsort-cage exited %s, not 0\n%s"
           % (status, run.stderr()))

    # 3. A crash: a status Restart=always restarts after; back at attract.
    restart_s = float(inst.values.get("RestartSec", ["0"])[0].rstrip("s"))
    run = session.start(argv, "kiosk-2")
    run.first_layout()
    pid = kiosk_pid(binary)
    os.kill(pid, signal.SIGKILL)
    t_kill = time.monotonic()
    status = run.wait()
    prevent = inst.values["RestartPreventExitStatus"][0].split()
    expect(status != 0 and str(status) not in prevent,
           "a killed kiosk gave status %s, which the unit would not restart after" % status)
    time.sleep(restart_s)  # RestartSec=, as systemd waits
    run = session.start(argv, "kiosk-3")
    t_back, line = run.first_layout()
    expect('"scene":"attract"' in line, "after the restart: %s" % line[:200])
    log("killed (status %d): back at attract %.1f s later (RestartSec=%g)"
        % (status, t_back - t_kill, restart_s))
    expect(t_back - t_kill < 20, "the kiosk took %.1f s to come back" % (t_back - t_kill))
    os.kill(kiosk_pid(binary), signal.SIGTERM)
    run.wait()

    # 4. Portrait, as DEPLOY.md turns the screen: the first frame is upright.
    session.env["VISIONSORT_CAGE_ARGS"] = "-r"
    run = session.start(argv, "kiosk-portrait")
    _, line = run.first_layout()
    m = re.search(r'"w":(\d+),"h":(\d+)', line)
    expect(m and (int(m.group(1)), int(m.group(2))) == (output[1], output[0]),
           "with VISIONSORT_CAGE_ARGS=-r the first frame is %s, not %dx%d"
           % (m and m.group(0), output[1], output[0]))
    log("portrait (VISIONSORT_CAGE_ARGS=-r): first frame %sx%s" % m.groups())
    os.kill(kiosk_pid(binary), signal.SIGTERM)
    run.wait()
    del session.env["VISIONSORT_CAGE_ARGS"]

    # 5. Staff's exit (status 3) comes out of visionsort-cage as 3: the unit
    # does not restart after it.
    wrapper = argv[0]
    run = session.start([wrapper, "/bin/sh", "-c", "exit 3"], "staff-exit")
    status = run.wait()
    expect(str(status) in prevent, "a client's status 3 came out of %s as %s\n%s"
           % (wrapper, status, run.stderr()))
    log("a client's status 3 comes out as %d (RestartPreventExitStatus=%s)"
        % (status, " ".join(prevent)))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_test(main, passed="PASS: the installed kiosk runs under cage as its unit says")
