"""The kiosk as the benchmark sees it (kiosk_bench.py): one kiosk process
driven through --touch-from-stdin and read through --trace-layout, its
frame log (src/kiosk/app_frames.h), and the small statistics the table
quotes."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import Layout  # noqa: E402

SKIP = 77
SEED = 15


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def pct(values, p):
    """The p-th percentile (nearest rank) of values; None when empty."""
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, -(-len(v) * p // 100) - 1))
    return v[int(k)]


def median(values):
    return pct(values, 50)


# --------------------------------------------------------------------------
# A keyword set with enough cards for 100 dealt


def write_keywords(source, path, n):
    """The bundled sample set, its keywords repeated with a number until
    there are n (pictures kept), so that --cards n can deal n."""
    header, rows = [], []
    with open(source, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") or not rows and line.startswith("id\t"):
                if line.startswith("# set-id:"):
                    line = "# set-id: bench-%d" % n
                header.append(line)
            elif line.strip():
                rows.append(line.split("\t"))
    out = []
    i = 0
    while len(out) < n:
        base = rows[i % len(rows)]
        rnd = i // len(rows)
        if rnd == 0:
            out.append(base)
        else:
            out.append(["%s-%d" % (base[0], rnd + 1)] + ["%s %d" % (c, rnd + 1) for c in base[1:4]]
                       + base[4:])
        i += 1
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n")
        for r in out:
            f.write("\t".join(r) + "\n")


# --------------------------------------------------------------------------
# One kiosk process


class Kiosk:
    def __init__(self, binary, display, workdir, size, renderer, cards, keywords, db,
                 frame_log=None, env=None):
        self.size = size
        self.frame_log = frame_log
        cmd = [binary, "kiosk", "--windowed", "%dx%d" % size, "--trace-layout",
               "--touch-from-stdin", "--renderer", renderer, "--cards", str(cards),
               "--keywords", keywords, "--db", db, "--seed", str(SEED),
               "--idle-seconds", "3600"]
        if frame_log:
            cmd += ["--frame-log", frame_log]
        self.env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11",
                        XDG_DATA_HOME=os.path.join(workdir, "xdg"))
        self.env.pop("SDL_RENDER_DRIVER", None)
        self.env.update(env or {})
        self.lines = []  # (arrival time, parsed dict)
        self.cond = threading.Condition()
        self.stderr = open(os.path.join(workdir, "kiosk.stderr"), "ab")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=workdir, env=self.env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                     bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.proc.stdout:
            try:
                rec = json.loads(raw)
            except ValueError:
                continue
            with self.cond:
                self.lines.append((time.monotonic(), rec))
                self.cond.notify_all()
        with self.cond:
            self.lines.append((time.monotonic(), None))
            self.cond.notify_all()

    def wait(self, pred, timeout=60, after=0, what="a trace line"):
        deadline = time.monotonic() + timeout
        with self.cond:
            i = after
            while True:
                while i < len(self.lines):
                    t, rec = self.lines[i]
                    i += 1
                    if rec is None:
                        raise RuntimeError("kiosk exited while waiting for %s" % what)
                    if pred(rec):
                        return t, rec
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError("timed out waiting for %s" % what)
                self.cond.wait(left)

    def mark(self):
        with self.cond:
            return len(self.lines)

    def wait_scene(self, name, after=0, timeout=60):
        t, rec = self.wait(lambda r: r.get("scene") == name and "items" in r, timeout, after,
                           "scene " + name)
        return Layout(rec, 0)

    def wait_layout(self, pred, after, timeout=60, what="a layout"):
        t, rec = self.wait(lambda r: "items" in r and pred(Layout(r, 0)), timeout, after, what)
        return Layout(rec, 0)

    def latest(self):
        with self.cond:
            for _, rec in reversed(self.lines):
                if rec is not None and "items" in rec:
                    return Layout(rec, 0)
        raise RuntimeError("no layout yet")

    def settle(self, quiet=0.3, timeout=30):
        deadline = time.monotonic() + timeout
        with self.cond:
            while time.monotonic() < deadline:
                n = len(self.lines)
                self.cond.wait(quiet)
                if len(self.lines) == n:
                    return

    def touch(self, verb, x, y):
        self.proc.stdin.write("%s 1 %d %d\n" % (verb, int(x), int(y)))
        self.proc.stdin.flush()

    def tap(self, point, hold=0.03):
        self.touch("down", *point)
        time.sleep(hold)
        self.touch("up", *point)

    def step(self, item, until, what, timeout=60):
        self.settle(0.15)
        mark = self.mark()
        self.tap(self.latest().center(item))
        return self.wait_layout(until, mark, timeout, what)

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def pss_kb(self):
        """(ours, graphics) PSS in kB, by the name of each mapping."""
        ours = graphics = 0
        name = ""
        with open("/proc/%d/smaps" % self.proc.pid) as f:
            for line in f:
                head = line.split(None, 5)
                if len(head) >= 5 and "-" in head[0] and ":" not in head[0]:
                    name = head[5].strip() if len(head) > 5 else ""
                elif line.startswith("Pss:"):
                    kb = int(line.split()[1])
                    if graphics_mapping(name):
                        graphics += kb
                    else:
                        ours += kb
        return ours, graphics

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.reader.join(timeout=5)
        self.stderr.close()
        return self.proc.returncode


GRAPHICS = ("libSDL2-2.0", "libGL", "libEGL", "libgbm", "libglapi", "libgallium", "_dri.so",
            "libLLVM", "libdrm", "libX", "libxcb", "libxshmfence", "libwayland", "libvulkan",
            "libsensors", "libelf", "libedit", "libffi", "libtinfo", "libz3", "/dev/dri",
            "SYSV", "memfd:", "libxkbcommon", "libdecor", "libpciaccess")


def graphics_mapping(name):
    return any(g in name for g in GRAPHICS)


# --------------------------------------------------------------------------
# The frame log (src/kiosk/app_frames.h)


class Frames:
    def __init__(self, path):
        self.renderer, self.frames, self.stores = None, [], []
        with open(path) as f:
            for line in f:
                p = line.split()
                if not p:
                    continue
                if p[0] == "renderer":
                    self.renderer = p[1]
                elif p[0] == "frame":
                    wake, start, built, end, submit, present = (int(v) / 1000 for v in p[1:7])
                    self.frames.append(dict(wake=wake, start=start, built=built, end=end,
                                            submit=submit, present=present, scene=p[7],
                                            damage=int(p[8]), full=p[10] == "1",
                                            cpu=int(p[12]) / 1000))
                elif p[0] == "store":
                    self.stores.append(dict(kind=p[1], begun=int(p[2]) / 1000,
                                            done=int(p[3]) / 1000, ok=p[4] == "1"))

    def between(self, t0, t1):
        """Frames answering input taken in [t0, t1) (monotonic seconds)."""
        a, b = t0 * 1000, t1 * 1000
        return [f for f in self.frames if a <= f["wake"] < b]


def start_phases(path, spawned):
    """(exec to app_run, app_run to window and log ready, the first frame,
    the voice opened after it or None) in ms, from a kiosk's frame log and
    the time it was spawned."""
    ph, first = {}, None
    with open(path) as f:
        for line in f:
            p = line.split()
            if p and p[0] == "phase":
                ph[p[1]] = int(p[2]) / 1000
            elif p and p[0] == "frame" and first is None:
                first = int(p[4]) / 1000
    t0 = spawned * 1000
    if "started" not in ph or "window" not in ph or first is None:
        return None
    voice = ph["voice"] - first if "voice" in ph else None
    return (ph["started"] - t0, ph["window"] - ph["started"], first - ph["window"], voice)


def frame_ms(f):
    return f["end"] - f["wake"]


def draw_ms(f):
    """The app's own work for the frame: the scene's draw list, then the
    renderer's commands up to its flush (wall time)."""
    return (f["built"] - f["start"]) + f["submit"]


def cpu_ms(f):
    """The CPU time the loop's thread spent on the frame, present included
    (which is mostly waiting, and so not counted)."""
    return f["cpu"]
