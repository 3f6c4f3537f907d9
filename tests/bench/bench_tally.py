#!/usr/bin/env python3
"""Benchmark: the tally at scale (issue 15), printed as one table.

    bench_tally.py MAKE_EXPORTS BENCH_BULK

Sizes and repeats come from the environment, so CI can run it tiny:
  VS_BENCH_SESSIONS  sessions imported and reported over (default 1000000),
                     in VS_BENCH_FILES export files (default 10: ten kiosks)
  VS_BENCH_EXPORT    sessions in the log whose export is timed (default
                     100000, at most VS_BENCH_SESSIONS)
  VS_BENCH_RUNS      runs of each tally and report command (default 7)
  VS_BENCH_IMPORTS   runs of the import and of the bulk insert (default 3)
  VS_BENCH_DIR       where the generated files are kept between runs
                     (default BUILD/bench-data); they are made once per size

Every import goes into a fresh tally that trusts the ten kiosks; beside it,
in the same run and alternating with it, bench_bulk inserts the same rows
into a fresh tally with plain SQLite (the floor). Times are wall-clock of the
whole process, as an organizer waits for it.

Last, the live view (`tally --watch DIR --show`, 1920x1080 on a private
Xvfb) over that tally: VS_BENCH_DROPS files of 200 sessions each from new
kiosks are dropped into its folder one by one, each timed from its rename
to the view's "imported" line and to the window showing the new figures
(the screen read back until it differs). Skipped without Xvfb.

Nothing is asserted: the figures go to docs/PERFORMANCE.md.
"""

import ctypes
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from vstest import BINARY, BUILD_ROOT, SAMPLE as KEYWORDS  # noqa: E402


def env_int(name, default):
    return int(os.environ.get(name) or default)


def run(*args, timeout=7200):
    r = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s: %s" % (" ".join(map(str, args)),
                                           r.stderr.decode("utf-8", "replace")))
    return r.stdout.decode("utf-8", "replace")


def timed(*args):
    t = time.monotonic()
    run(*args)
    return time.monotonic() - t


def percentile(values, p):
    """Nearest rank: with few runs, p99 is the slowest one."""
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def generate(tools, where, files, per_file, export_n, seed=2035):
    """Export files (made once per size and kept) and a log to export."""
    stamp = os.path.join(where, "done")
    if os.path.exists(stamp):
        with open(stamp) as f:
            return f.read().split("\n")[0].split("\t")
    shutil.rmtree(where, ignore_errors=True)
    os.makedirs(where)
    t = time.monotonic()
    out = run(tools[0], os.path.join(where, "kiosks"), KEYWORDS, files, per_file, seed)
    paths = out.split()
    gen = time.monotonic() - t
    run(tools[0], "--no-export", os.path.join(where, "export-log"), KEYWORDS, 1, export_n,
        seed + 1)
    print("generated %d files of %d sessions in %.1f s" % (files, per_file, gen), flush=True)
    with open(stamp, "w") as f:
        f.write("\t".join(paths) + "\n")
    return paths


def trusted_tally(path, files):
    if os.path.exists(path):
        os.remove(path)
    trust(path, files)


def trust(path, files):
    for f in files:
        con = sqlite3.connect("file:%s?mode=ro" % f, uri=True)
        key = con.execute("SELECT value FROM manifest WHERE key = 'public_key'").fetchone()[0]
        con.close()
        run(BINARY, "tally", "--tally", path, "--trust", key)


def cleanup(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


# --------------------------------------------------------------------------
# The live view


class XImage(ctypes.Structure):
    """The head of Xlib's XImage, up to its destroy function."""
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int),
                ("xoffset", ctypes.c_int), ("format", ctypes.c_int),
                ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
                ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
                ("red_mask", ctypes.c_ulong), ("green_mask", ctypes.c_ulong),
                ("blue_mask", ctypes.c_ulong), ("obdata", ctypes.c_void_p),
                ("create_image", ctypes.c_void_p),
                ("destroy_image", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p))]


class Screen:
    """The X screen read back with XGetImage (a few ms on Xvfb, where
    ImageMagick's `import`, a process per look, takes a tenth of a second:
    too coarse to time a refresh by)."""

    def __init__(self, display):
        self.x = ctypes.CDLL("libX11.so.6")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XGetImage.restype = ctypes.POINTER(XImage)
        self.x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.dpy = self.x.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError("cannot open display %s" % display)
        self.root = self.x.XDefaultRootWindow(self.dpy)
        self.black = b""

    def look(self, w, h):
        """The screen's w x h top left as bytes, or None while it is all
        black (nothing drawn yet). Compared whole, not hashed: a hash of
        8 MB takes longer than reading it back."""
        img = self.x.XGetImage(self.dpy, self.root, 0, 0, w, h, 0xFFFFFFFF, 2)  # ZPixmap
        if not img:
            raise RuntimeError("XGetImage failed")
        n = img.contents.bytes_per_line * h
        data = ctypes.string_at(img.contents.data, n)
        img.contents.destroy_image(ctypes.cast(img, ctypes.c_void_p))
        if len(self.black) != n:
            self.black = bytes(n)
        return None if data == self.black else data

    def close(self):
        self.x.XCloseDisplay(self.dpy)


def wait_until(pred, timeout, step=0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return None


def live_refresh(tools, tally, work, drops, size=(1920, 1080)):
    """Per file dropped: (rename to 'imported' line, rename to the screen
    changed, the look's own duration), in ms; and the start's (to the
    'watching' line, to the first picture). None without Xvfb."""
    sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "e2e"))
    from harness import XvfbServer, missing_tools
    if missing_tools(("Xvfb",)):
        return None
    kiosks = os.path.join(work, "live-kiosks")
    new = run(tools[0], kiosks, KEYWORDS, drops, 200, 9015).split()
    trust(tally, new)
    folder = os.path.join(work, "drop")
    os.makedirs(folder)
    xvfb = XvfbServer(size[0], size[1], os.path.join(work, "xvfb.log"))
    display = xvfb.start()
    screen = None
    lines, cond = [], threading.Condition()
    env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
    t_spawn = time.monotonic()
    proc = subprocess.Popen([BINARY, "tally", "--tally", tally, "--watch", folder, "--show",
                             "--windowed", "%dx%d" % size], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def read():
        for line in proc.stdout:
            with cond:
                lines.append((time.monotonic(), line))
                cond.notify_all()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def line_with(text, after, timeout=300):
        with cond:
            ok = cond.wait_for(lambda: any(text in l for _, l in lines[after:])
                               or proc.poll() is not None, timeout)
            for t, l in lines[after:]:
                if text in l:
                    return t
        raise SystemExit("FAIL: the live view printed no '%s' (%s)" % (text, ok))

    results, start = [], None
    try:
        t_watching = line_with("watching", 0)
        screen = Screen(display)
        first = wait_until(lambda: screen.look(*size), 300)
        t_first = time.monotonic()
        start = ((t_watching - t_spawn) * 1000, (t_first - t_spawn) * 1000)
        if first is None:
            raise SystemExit("FAIL: the live view drew nothing")
        for path in new:
            # still for a second: nothing left to draw from before
            before = screen.look(*size)
            stable = time.monotonic()
            while time.monotonic() - stable < 1.0:
                d = screen.look(*size)
                if d != before:
                    before, stable = d, time.monotonic()
                time.sleep(0.05)
            with cond:
                mark = len(lines)
            name = os.path.basename(path)
            shutil.copyfile(path, os.path.join(folder, "." + name + ".part"))
            looks = []
            t_land = time.monotonic()
            os.rename(os.path.join(folder, "." + name + ".part"), os.path.join(folder, name))
            while True:
                t0 = time.monotonic()
                d = screen.look(*size)
                t1 = time.monotonic()
                looks.append(t1 - t0)
                if d != before:
                    break
                if t1 - t_land > 120:
                    raise SystemExit("FAIL: the live view did not change after %s" % name)
                time.sleep(0.002)
            t_imported = line_with("imported " + name, mark)
            # the look that saw the change ended after it: an upper bound,
            # late by at most one look
            results.append(((t_imported - t_land) * 1000, (t1 - t_land) * 1000,
                            percentile(looks, 50) * 1000))
    finally:
        if screen:
            screen.close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        reader.join(timeout=5)
        xvfb.stop()
    return results, start


def main():
    tools = sys.argv[1:3]
    n = env_int("VS_BENCH_SESSIONS", 1000000)
    files = env_int("VS_BENCH_FILES", 10)
    per_file = max(1, n // files)
    n = per_file * files
    export_n = min(env_int("VS_BENCH_EXPORT", 100000), n)
    runs = env_int("VS_BENCH_RUNS", 7)
    drops = env_int("VS_BENCH_DROPS", 5)
    imports = env_int("VS_BENCH_IMPORTS", 3)
    base = os.environ.get("VS_BENCH_DIR") or os.path.join(BUILD_ROOT, "bench-data")
    where = os.path.join(base, "%d-%d-%d" % (files, per_file, export_n))
    paths = generate(tools, where, files, per_file, export_n)
    size = sum(os.path.getsize(p) for p in paths)
    rows = []

    # export: the whole `visionsort export --all` process, as staff wait for it
    log = os.path.join(where, "export-log", "kiosk-00.sqlite")
    with tempfile.TemporaryDirectory(prefix="vs-bench-usb-", dir=base) as usb:
        times = []
        for _ in range(max(1, imports)):
            times.append(timed(BINARY, "export", "--db", log, "--out", usb, "--all"))
            for name in os.listdir(usb):
                os.remove(os.path.join(usb, name))
        rows.append(("export --all", export_n, times, None, None))

    work = tempfile.mkdtemp(prefix="vs-bench-", dir=base)
    try:
        tally = os.path.join(work, "tally.db")
        floor = os.path.join(work, "bulk.db")
        imp, bulk = [], []
        for _ in range(imports):
            cleanup(floor)
            bulk.append(timed(tools[1], floor, *paths))
            cleanup(tally)
            trusted_tally(tally, paths)
            imp.append(timed(BINARY, "import", "--tally", tally, *paths))
        cleanup(floor)
        ratio = "%.2fx" % (percentile(bulk, 50) / percentile(imp, 50))
        rows.append(("plain SQLite bulk insert (floor)", n, bulk, None, None))
        rows.append(("import", n, imp, ">= 0.5x floor", ratio))
        commands = [
            ("tally --csv", ["tally", "--tally", tally, "--csv"], "<= 1 s"),
            ("tally --csv --by site", ["tally", "--tally", tally, "--csv", "--by", "site"],
             "<= 1 s"),
            ("tally --csv --by day", ["tally", "--tally", tally, "--csv", "--by", "day"], None),
            ("report --html", ["report", "--tally", tally, "--html",
                               os.path.join(work, "r.html")], "<= 3 s"),
            ("report --png", ["report", "--tally", tally, "--png",
                              os.path.join(work, "r.png")], None),
        ]
        for name, args, target in commands:
            times = [timed(BINARY, *args) for _ in range(runs)]
            rows.append((name, n, times, target, None))
        live = live_refresh(tools, tally, work, drops)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print("machine: %s, %d cores, %s; load average %s" % (
        platform.machine(), os.cpu_count() or 0, platform.platform(),
        " ".join("%.1f" % x for x in os.getloadavg())))
    print("data: %d export files, %.0f MB in all; runs: %d (import %d)"
          % (files, size / 1e6, runs, imports))
    print()
    print("| operation | sessions | runs | median | p99 | target | vs floor |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    for name, count, times, target, ratio in rows:
        print("| %s | %s | %d | %.2f s | %.2f s | %s | %s |" % (
            name, "{:,}".format(count), len(times), percentile(times, 50),
            percentile(times, 99), target or "", ratio or ""))
    print()
    if live is None:
        print("live view: skipped (no Xvfb)")
    else:
        res, (watching, first) = live
        print("live view over %s sessions, 1920x1080: started in %.0f ms, first picture at "
              "%.0f ms" % ("{:,}".format(n), watching, first))
        print()
        print("| a file of 200 sessions dropped (%d) | median | max |" % len(res))
        print("| --- | ---: | ---: |")
        for i, what in ((0, "to its 'imported' line"), (1, "to the window changed")):
            v = [r[i] for r in res]
            print("| %s | %.0f ms | %.0f ms |" % (what, percentile(v, 50), max(v)))
        print("| one look at the screen (the resolution) | %.0f ms | |"
              % percentile([r[2] for r in res], 50))
    return 0


if __name__ == "__main__":
    sys.exit(main())
