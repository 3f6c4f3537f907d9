#!/usr/bin/env python3
"""The kiosk benchmark: the real kiosk, its real loop and scenes, driven by
synthetic touches, measured against floors taken in the same run.

    meson test -C build --benchmark --suite bench -v      (the full run)
    python3 tests/bench/kiosk_bench.py [--runs 3] [--sizes 1920x1080,3840x2160]
        [--cards 12,36,100] [--renderers software,opengl] [--out FILE]

For each renderer that starts here and each size, on a private Xvfb:

- cold start: the kiosk from exec to its first layout line, beside a bare
  SDL program (tests/bench/sdl_floor.c: window + renderer + first present)
  on the same renderer, alternately;
- attract and still-sort: the kiosk's CPU over 10 s (all its threads,
  /proc/PID/stat) and the frames it drew;
- PSS showing the sort scene, split by mapping name (/proc/PID/smaps) into
  the graphics stack (SDL, X11/xcb, Mesa/LLVM, DRM, the window's shared
  framebuffer) and the rest (ours: our code, SQLite, fonts, the heap);
- drags: a card dragged in many small motion steps over the piles and
  dropped, with 12, 36 and 100 cards dealt; each frame from the input it
  answers to its end on screen (the kiosk's --frame-log), beside the empty
  frame (clear + present of a same-size window on the same renderer,
  sdl_floor) measured on the same display just before; and the draw work
  alone (the scene's draw list, then the renderer's commands up to its
  flush: the app's own CPU per frame);
- stores: every journal write after a drop and every save at Done, with
  the longest frame drawn while one ran (the visitor keeps tapping the
  profile scene during the save), also with every fsync slowed by 50 ms
  (tools/faultshim FAULT_DELAY_MS, as on an SD card).

Medians and p99 pool every run. Nothing here asserts a time: --check-shape
(the CI test, with --tiny) only checks that the table came out whole.
Exit codes: 0 done, 1 failed, 77 skipped (no Xvfb).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import XvfbServer, missing_tools  # noqa: E402
import bench_table  # noqa: E402
from bench_kiosk import (SKIP, Frames, Kiosk, cpu_ms, draw_ms, frame_ms,  # noqa: E402
                         log, start_phases, write_keywords)

# Long enough for a resetting Xvfb to have made its keymap again (0.4 s was,
# here, on a busy host).
SETTLE_S = 0.5


# --------------------------------------------------------------------------
# Measurements


class Bench:
    def __init__(self, args, binary, floor_bin, faultshim, work):
        self.a = args
        self.binary, self.floor_bin, self.faultshim = binary, floor_bin, faultshim
        self.work = work
        self.rows = []
        self.keywords = {}
        src = os.path.join(os.environ.get("VS_SOURCE_ROOT", "."), "data",
                           "norrkoping-2035-sample.tsv")
        for n in args.cards:
            path = os.path.join(work, "keywords-%d.tsv" % n)
            write_keywords(src, path, max(n, 36))
            self.keywords[n] = path
        self.results = {}
        self.auto = None

    def res(self, key):
        return self.results.setdefault(key, {})

    # -- floors ---------------------------------------------------------------

    def floor_frames(self, display, renderer, size, n):
        env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
        env.pop("SDL_RENDER_DRIVER", None)
        r = subprocess.run([self.floor_bin, renderer, str(size[0]), str(size[1]), str(n)],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=600)
        if r.returncode != 0:
            raise RuntimeError("sdl_floor %s: %s" % (renderer, r.stderr.strip()))
        lines = r.stdout.split()
        ms = [int(v) / 1000 for v in lines[2:]]
        return ms[min(3, len(ms) // 10):]  # the first frames warm caches up

    def floor_start(self, display, renderer, size):
        env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
        env.pop("SDL_RENDER_DRIVER", None)
        t0 = time.monotonic()
        p = subprocess.Popen([self.floor_bin, renderer, str(size[0]), str(size[1]), "0"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
        line = p.stdout.readline()
        t = time.monotonic() - t0
        p.wait(timeout=60)
        if not line.startswith("ready"):
            raise RuntimeError("sdl_floor %s did not start" % renderer)
        return t * 1000, line.split()[1]

    # -- one kiosk's visit ---------------------------------------------------

    def run_kiosk(self, display, renderer, size, cards, run, idle, slow=False):
        tag = "%s-%dx%d-%d-%d%s" % (renderer, size[0], size[1], cards, run, "-slow" if slow else "")
        wd = os.path.join(self.work, tag)
        os.makedirs(wd)
        db = os.path.join(wd, "sessions.db")
        flog = os.path.join(wd, "frames.log")
        env = None
        if slow:
            # after any preload already there (a sanitizer build's runtime), and
            # ASan told not to insist on coming first, as tests/durability does
            preload = os.environ.get("LD_PRELOAD")
            env = {"LD_PRELOAD": self.faultshim + (":" + preload if preload else ""),
                   "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "")
                   + ":verify_asan_link_order=0",
                   "FAULT_DELAY_MS": str(self.a.slow_ms)}
        k = Kiosk(self.binary, display, wd, size, renderer, cards, self.keywords[cards], db,
                  flog, env)
        marks = dict(drags=[], drops=[], pss=None, attract=None, still=None, done=[])
        try:
            k.wait_scene("attract", timeout=120)
            if idle:
                marks["attract"] = self.idle_cpu(k)
            for session in range(self.a.sessions if not slow else self.a.slow_sessions):
                layout = self.to_sort(k, session)
                if idle and session == 0:
                    marks["still"] = self.idle_cpu(k)
                    marks["pss"] = k.pss_kb()
                if session == 0 and not slow:
                    marks["floor"] = self.floor_frames(display, renderer, size,
                                                       self.a.floor_frames)
                    k.settle(0.5)
                self.sort_all(k, marks, drags=self.a.drags if not slow else 0)
                self.done_and_profile(k, marks)
        finally:
            code = k.stop()
        if code != 0:
            raise RuntimeError("%s: kiosk exit code %s (see %s)" % (tag, code, wd))
        fr = Frames(flog)
        return fr, marks

    def idle_cpu(self, k):
        k.settle(1.0)
        time.sleep(1.0)
        t0, c0 = time.monotonic(), k.cpu_seconds()
        time.sleep(self.a.idle_seconds)
        t1, c1 = time.monotonic(), k.cpu_seconds()
        return (t0, t1, (c1 - c0) / (t1 - t0))

    def to_sort(self, k, session):
        layout = k.latest()
        if layout.scene != "attract":
            layout = k.wait_scene("attract", after=0)
        k.step("button:start", lambda l: l.scene == "language", "language")
        k.step("lang:sv", lambda l: l.scene == "intro", "intro")
        return k.step("button:start", lambda l: l.scene == "sort", "sort")

    def drag(self, k, cid, zone, marks):
        """A drag in many steps over the other piles, then a drop in zone."""
        layout = k.latest()
        x0, y0 = layout.center(cid)
        targets = [self.free_point(layout, z) for z in ("neutral", "no", "yes", zone)]
        path = [(x0, y0)]
        for t in targets:
            path.append(t)
        steps = self.a.drag_steps
        per = max(1, steps // (len(path) - 1))
        mark = k.mark()
        t_down = time.monotonic()
        k.touch("down", x0, y0)
        for (ax, ay), (bx, by) in zip(path, path[1:]):
            for i in range(1, per + 1):
                time.sleep(self.a.step_ms / 1000)
                k.touch("move", ax + (bx - ax) * i / per, ay + (by - ay) * i / per)
        time.sleep(self.a.step_ms / 1000)
        t_up = time.monotonic()
        k.touch("up", *targets[-1])
        k.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone, mark, 120,
                      "%s dropped in %s" % (cid, zone))
        marks["drags"].append((t_down, t_up))
        marks["drops"].append((t_up, time.monotonic()))

    @staticmethod
    def free_point(layout, zone):
        z = layout.require("zone:" + zone)
        cards = layout.cards()
        for fy in (0.95, 0.85, 0.75, 0.6, 0.5, 0.4, 0.3, 0.2):
            for fx in (0.9, 0.5, 0.1, 0.7, 0.3):
                p = (int(z["x"] + z["w"] * fx), int(z["y"] + z["h"] * fy))
                if not any(c["x"] <= p[0] < c["x"] + c["w"] and c["y"] <= p[1] < c["y"] + c["h"]
                           for c in cards):
                    return p
        return (z["x"] + z["w"] // 2, z["y"] + z["h"] - 2)

    def sort_all(self, k, marks, drags):
        zones = ("yes", "no", "neutral")
        i = 0
        while True:
            k.settle(0.1)
            layout = k.latest()
            deck = layout.pile("deck")
            if not deck:
                return
            cid, zone = deck[0], zones[i % 3]
            if i < drags:
                self.drag(k, cid, zone, marks)
            else:  # the rest tap-tap, quickly: only the stores count here
                mark = k.mark()
                k.tap(layout.center(cid))
                sel = k.wait_layout(lambda l: (l.item(cid) or {}).get("selected"), mark, 120,
                                    "%s selected" % cid)
                mark = k.mark()
                k.tap(self.free_point(sel, zone))
                k.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone, mark, 120,
                              "%s tapped into %s" % (cid, zone))
            i += 1

    def done_and_profile(self, k, marks):
        k.settle(0.1)
        mark = k.mark()
        t_done = time.monotonic()
        k.tap(k.latest().center("button:done"))
        layout = k.wait_scene("profile", after=mark)
        # The visitor answers at once, while the save is still being written:
        # these frames are drawn during the commit.
        ages = [it["id"] for it in layout.items if it["id"].startswith("age:")]
        for i in range(self.a.profile_taps):
            k.tap(layout.center(ages[i % len(ages)]), hold=0.01)
            time.sleep(0.02)
        k.wait(lambda r: r.get("event") == "session-saved", 120, mark, "session-saved")
        marks["done"].append(t_done)
        k.step("button:skip", lambda l: l.scene == "thanks", "thanks")
        k.step("button:restart", lambda l: l.scene == "attract", "attract")

    # -- cold start ---------------------------------------------------------

    def cold_starts(self, display, renderer, size, tag, settle=0.0):
        """Kiosk and floor started in turn; settle (s) before each start lets a
        resetting X server finish its reset, so neither waits for it."""
        wd = os.path.join(self.work, "start-%s-%s-%dx%d" % (tag, renderer, size[0], size[1]))
        os.makedirs(wd)
        db = os.path.join(wd, "sessions.db")
        kiosk, floor, phases = [], [], []
        flog = os.path.join(wd, "frames.log")
        for i in range(self.a.starts + 1):
            time.sleep(settle)
            f, name = self.floor_start(display, renderer, size)
            time.sleep(settle)
            k = Kiosk(self.binary, display, wd, size, renderer, 12, self.keywords[self.a.cards[0]],
                      db, flog)
            t, _ = k.wait(lambda r: "items" in r, 120, 0, "the first layout")
            code = k.stop()
            if code != 0:
                raise RuntimeError("cold start: kiosk exit code %s" % code)
            if i > 0:  # the first made the log and the key: not a cold start
                kiosk.append((t - k.started) * 1000)
                floor.append(f)
                phases.append(start_phases(flog, k.started))
        return kiosk, floor, name, phases

    # -- the whole run --------------------------------------------------------

    def run(self):
        for size in self.a.sizes:
            xs = XvfbServer(size[0], size[1], os.path.join(self.work, "xvfb-%dx%d.log" % size))
            # The cold starts again on a server that does not reset between
            # clients, as a real display: there the next client does not
            # wait for the server's reset, and the ratio is the stricter.
            kept = XvfbServer(size[0], size[1],
                              os.path.join(self.work, "xvfb-kept-%dx%d.log" % size), reset=False)
            display = xs.start()
            try:
                kept_display = kept.start()
                if self.auto is None:
                    self.auto = self.auto_choice(display, size)
                for renderer in self.a.renderers:
                    self.one_renderer(display, kept_display, renderer, size)
            finally:
                kept.stop()
                xs.stop()

    def auto_choice(self, display, size):
        """What --renderer auto (the default) picks on this display, and why."""
        wd = os.path.join(self.work, "auto")
        os.makedirs(wd)
        flog = os.path.join(wd, "frames.log")
        k = Kiosk(self.binary, display, wd, size, "auto", 12, self.keywords[self.a.cards[0]],
                  os.path.join(wd, "sessions.db"), flog)
        k.wait(lambda r: "items" in r, 120, 0, "the first layout")
        k.stop()
        with open(flog) as f:
            p = f.readline().split(None, 4)
        return "%s%s" % (p[1], "" if p[4].strip() == "-" else " (%s)" % p[4].strip())

    def one_renderer(self, display, kept_display, renderer, size):
        try:
            _, name = self.floor_start(display, renderer, size)
        except RuntimeError as e:
            log("%s does not run here: %s" % (renderer, e))
            return
        if name != renderer:
            log("%s asked, SDL gave %s: skipped" % (renderer, name))
            return
        log("%s %dx%d: cold starts" % (renderer, size[0], size[1]))
        r = self.res((renderer, size))
        # The resetting server's wait is 15-35 ms of a start here and varies
        # from run to run; the third pass measures the starts without it.
        for key, disp, settle in (("start_kept", kept_display, 0.0), ("start", display, 0.0),
                                  ("start_settled", display, SETTLE_S)):
            kiosk, floor, _, phases = self.cold_starts(disp, renderer, size, key, settle)
            r[key] = (kiosk, floor, [p for p in phases if p])
        for cards in self.a.cards:
            for run in range(self.a.runs):
                log("%s %dx%d: %d cards, run %d" % (renderer, size[0], size[1], cards, run + 1))
                fr, marks = self.run_kiosk(display, renderer, size, cards, run,
                                           idle=cards == self.a.cards[0])
                self.collect(r, cards, fr, marks)
        if size == self.a.sizes[0]:
            for run in range(self.a.runs):
                log("%s %dx%d: stores with fsync +%d ms, run %d"
                    % (renderer, size[0], size[1], self.a.slow_ms, run + 1))
                fr, marks = self.run_kiosk(display, renderer, size, self.a.cards[0], run,
                                           idle=False, slow=True)
                self.collect(r, "slow", fr, marks)

    def collect(self, r, cards, fr, marks):
        c = r.setdefault(cards, dict(drag=[], draw=[], floor=[], drop=[], stores=[],
                                     during=[], attract=[], still=[], pss=[], renderer=None))
        c["renderer"] = fr.renderer
        for t0, t1 in marks["drags"]:
            fs = fr.between(t0, t1)
            c["drag"] += [frame_ms(f) for f in fs]
            c["draw"] += [draw_ms(f) for f in fs]
            c.setdefault("cpu", []).extend(cpu_ms(f) for f in fs)
            c.setdefault("present", []).extend((frame_ms(f), f["present"]) for f in fs)
        for t0, t1 in marks["drops"]:
            fs = fr.between(t0, t1)
            if fs:
                c["drop"].append(frame_ms(fs[0]))
        prev = None
        for f in fr.frames:  # the first frame of each scene: a full redraw
            if prev is not None and f["scene"] != prev:
                c.setdefault("change", []).append(frame_ms(f))
            prev = f["scene"]
        c["floor"] += marks.get("floor") or []
        c["stores"] += fr.stores
        # The profile scene's answers drawn while no store ran: the same
        # frames as those during a slowed save, for comparing the two.
        busy = [(s["begun"], s["done"]) for s in fr.stores]
        c.setdefault("answers", []).extend(
            frame_ms(f) for f in fr.frames
            if f["scene"] == "profile" and not f["full"]
            and not any(f["wake"] < e and f["end"] > b for b, e in busy))
        for s in fr.stores:
            hit = [frame_ms(f) for f in fr.frames
                   if f["wake"] < s["done"] and f["end"] > s["begun"]]
            c["during"] += hit
            c.setdefault("during_frames", []).extend(
                f for f in fr.frames if f["wake"] < s["done"] and f["end"] > s["begun"])
        for name in ("attract", "still"):
            m = marks[name]
            if m:
                t0, t1, cpu = m
                n = len([f for f in fr.frames if t0 * 1000 <= f["start"] < t1 * 1000])
                c[name].append((cpu * 100, n / (t1 - t0)))
        if marks["pss"]:
            c["pss"].append(marks["pss"])

    # -- the table --------------------------------------------------------------

    def table(self):
        return bench_table.table(self.results, self.a)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1920x1080,3840x2160")
    p.add_argument("--cards", default="12,36,100")
    p.add_argument("--renderers", help="default software,opengl (software with --tiny)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sessions", type=int, default=1, help="visits per kiosk run")
    p.add_argument("--slow-sessions", type=int, default=4)
    p.add_argument("--slow-ms", type=int, default=50)
    p.add_argument("--drags", type=int, default=4, help="cards dragged per visit")
    p.add_argument("--drag-steps", type=int, default=120)
    p.add_argument("--step-ms", type=float, default=8.0)
    p.add_argument("--profile-taps", type=int, default=12)
    p.add_argument("--idle-seconds", type=float, default=10.0)
    p.add_argument("--floor-frames", type=int, default=120)
    p.add_argument("--starts", type=int, default=15)
    p.add_argument("--tiny", action="store_true",
                   help="a few seconds at 640x480, software only (CI)")
    p.add_argument("--check-shape", action="store_true")
    p.add_argument("--out", help="also write the table to this file")
    p.add_argument("--keep", metavar="DIR",
                   help="work in DIR (emptied first) and keep the logs there")
    a = p.parse_args(argv)
    if a.tiny:
        a.sizes, a.cards = "640x480", "12"
        a.renderers = a.renderers or "software"
        a.runs, a.slow_sessions, a.drags, a.drag_steps = 1, 1, 2, 12
        a.profile_taps, a.idle_seconds, a.floor_frames, a.starts = 3, 1.0, 10, 1
    a.sizes = [tuple(int(v) for v in s.split("x")) for s in a.sizes.split(",")]
    a.cards = [int(v) for v in a.cards.split(",")]
    a.renderers = (a.renderers or "software,opengl").split(",")
    return a


def measure(args, binary, floor_bin, faultshim, work):
    b = Bench(args, binary, floor_bin, faultshim, work)
    b.run()
    return "renderer auto (the default) picks here: %s\n" % b.auto + bench_table.render_table(b.table())


def main(argv):
    args = parse_args(argv)
    missing = missing_tools()
    if missing:
        print("SKIP: not installed: %s" % ", ".join(missing))
        return SKIP
    build = os.environ.get("VS_BUILD_ROOT", "build")
    binary = os.environ.get("VISIONSORT", os.path.join(build, "visionsort"))
    floor_bin = os.environ.get("VS_SDL_FLOOR", os.path.join(build, "tests", "bench", "sdl_floor"))
    faultshim = os.environ.get("VS_FAULTSHIM",
                               os.path.join(build, "tests", "durability", "libfaultshim.so"))
    binary, floor_bin, faultshim = (os.path.abspath(p) for p in (binary, floor_bin, faultshim))
    started = time.monotonic()
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        os.makedirs(args.keep)
        text = measure(args, binary, floor_bin, faultshim, os.path.abspath(args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="vs-bench-") as work:
            text = measure(args, binary, floor_bin, faultshim, work)
    head = ("kiosk benchmark: %s, %d CPUs, load %.1f; %d run(s); %.0f s\n"
            % (os.uname().release, os.cpu_count(), os.getloadavg()[0], args.runs,
               time.monotonic() - started))
    print(head + text, flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(head + text + "\n")
    if args.check_shape:
        problems = bench_table.check_shape(text, args)
        if problems:
            print("FAIL: the table is not whole:\n  " + "\n  ".join(problems))
            return 1
        print("PASS: the kiosk benchmark's table has every row")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
