#!/usr/bin/env python3
"""End-to-end: a screenshot of every scene, in every language, at three sizes.

For each size (720x1280 portrait, 1920x1080, 3840x2160) and language (sv,
en, ar) one kiosk runs in a window that fills an Xvfb screen of that size,
and a visitor walks it by clicks (tap-tap for the cards):

    attract, language, intro, sort (mid-sort: cards in the deck and in
    every pile; then after a tap on the disabled Done, sort-left; and the
    question before starting over, confirm), idle, profile (an age band
    and a residence chosen), thanks,
    and in Swedish (staff's language) the PIN pad, the staff menu and the
    question before ending the kiosk

Each is saved as $VS_BUILD_ROOT/tests/output/scenes/<W>x<H>/<lang>-<scene>.png,
plus <lang>-sort-large.png (larger text on) at 1920x1080 for sv and ar.
Every run starts from a copy of one session log holding two completed sessions
with every keyword, and a configuration that compares from two earlier
visits on, so that the thanks scene shows its comparisons.
The screenshots are for people to look at; what the test itself asserts,
for every layout line of every run, comes from the trace:

  - every item lies inside the window, with a positive size;
  - no two cards overlap; no two buttons overlap (a button that covers the
    whole window, such as attract's start, is exempt);
  - every scene has button:larger-text;
  - Arabic is mirrored: zone:yes on the right half (where the piles stand
    side by side), and the zones and buttons of the sort scene are the
    English ones reflected; button:done is in the lower quarter (reach).
Softer findings (small touch targets, a card sticking out of its pile) are
printed as "note:" lines. Exit codes: 0 pass, 1 fail, 77 skip.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, HarnessError, KioskHarness, card_id, keyword_of, e2e_paths  # noqa: E402
from pipeline import TestFailure  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402

SIZES = ((720, 1280), (1920, 1080), (3840, 2160))
# VS_SHOT_SIZES="1920x1080,1080x1920,1280x720" shoots other sizes (by hand,
# when looking at a layout change); idle waits scale with the pixel count.
if os.environ.get("VS_SHOT_SIZES"):
    SIZES = tuple(tuple(int(v) for v in s.split("x"))
                  for s in os.environ["VS_SHOT_SIZES"].split(","))
LARGE_TEXT = {((1920, 1080), "sv"), ((1920, 1080), "ar"), ((1080, 1920), "sv")}
# --idle-seconds per size: longer than the slowest gap between two inputs
# (a 4K screenshot while three 4K kiosks animate), short enough to wait for.
IDLE = {(720, 1280): 8, (1920, 1080): 10, (3840, 2160): 25}
for _size in SIZES:
    IDLE.setdefault(_size, 8 if _size[0] * _size[1] <= 1280 * 720 else 12)
SEED = 21
PIN = "2035"
MIN_TARGET_PX = 35   # 9 mm on the default 24" 1920x1080 screen (the issue)
PROFILE = ("46-65", "municipality")
# Mid-sort: how many cards go to each pile before the screenshot (the rest
# stay in the deck), then after the idle scene the rest go to yes and no.
MID = (("yes", 4), ("no", 2), ("neutral", 2))


def overlap(a, b):
    return (min(a["x"] + a["w"], b["x"] + b["w"]) > max(a["x"], b["x"])
            and min(a["y"] + a["h"], b["y"] + b["h"]) > max(a["y"], b["y"]))


def contains(outer, inner):
    return (outer["x"] <= inner["x"] and outer["y"] <= inner["y"]
            and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
            and inner["y"] + inner["h"] <= outer["y"] + outer["h"])


def check_geometry(layout, where):
    """([problems], [notes]) for one layout line."""
    problems, notes = [], []
    W, H = layout.w, layout.h
    for it in layout.items:
        x, y, w, h = it.get("x"), it.get("y"), it.get("w"), it.get("h")
        if not (w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= W and y + h <= H):
            problems.append("%s: %s outside the %dx%d window (x=%s y=%s w=%s h=%s)"
                            % (where, it.get("id"), W, H, x, y, w, h))
    cards = layout.cards()
    for i, a in enumerate(cards):
        for b in cards[i + 1:]:
            if overlap(a, b):
                problems.append("%s: cards %s and %s overlap (%s / %s)"
                                % (where, a["id"], b["id"], rect(a), rect(b)))
    full = lambda it: (it["x"], it["y"], it["w"], it["h"]) == (0, 0, W, H)  # noqa: E731
    buttons = [it for it in layout.items if it.get("role") == "button" and not full(it)]
    for i, a in enumerate(buttons):
        for b in buttons[i + 1:]:
            if overlap(a, b):
                problems.append("%s: buttons %s and %s overlap (%s / %s)"
                                % (where, a["id"], b["id"], rect(a), rect(b)))
    if layout.item(flow.TEXT_TOGGLE) is None:
        problems.append("%s: no %s" % (where, flow.TEXT_TOGGLE))
    for it in layout.items:
        if it.get("role") == "button" and min(it["w"], it["h"]) < MIN_TARGET_PX:
            notes.append("%s: touch target %s is %dx%d px (< %d px)"
                         % (where, it["id"], it["w"], it["h"], MIN_TARGET_PX))
    for c in cards:
        z = layout.item("zone:" + c.get("zone", ""))
        if z is not None and not contains(z, c):
            notes.append("%s: %s sticks out of zone:%s (%s in %s)"
                         % (where, c["id"], c["zone"], rect(c), rect(z)))
    return problems, notes


def rect(it):
    return "%d,%d %dx%d" % (it["x"], it["y"], it["w"], it["h"])


def seed_log(binary, work, out_dir):
    """A session log with two completed sessions holding every keyword, so
    that the thanks scene has figures to compare with ("2 of 2 earlier
    visitors here also chose this word"), and a configuration with the staff
    PIN that compares from two earlier visits on. Returns the folder."""
    folder = os.path.join(work, "seed")
    os.makedirs(folder)
    db = os.path.join(folder, "sessions.db")
    hashed = subprocess.run([binary, "pin"], input=PIN + "\n", capture_output=True,
                            text=True, timeout=60)
    expect(hashed.returncode == 0, "visionsort pin failed: %r" % hashed.stderr)
    with open(os.path.join(folder, "kiosk.ini"), "w", encoding="utf-8") as f:
        f.write("[kiosk]\ncompare_min_sessions = 2\n[staff]\n" + hashed.stdout)
    kh = KioskHarness(binary, folder, 1920, 1080,
                      kiosk_args=["--db", db, "--seed", "1", "--cards", "100",
                                  "--idle-seconds", "3600"],
                      trace_copy=os.path.join(out_dir, "scenes", "trace-seed.log"))
    with kh:
        kh.wait_scene("attract", timeout=60)
        mouse = flow.Mouse(kh)
        for visit in range(2):
            flow.to_language(kh, mouse)
            flow.to_intro(kh, mouse, "sv")
            layout = flow.step(kh, mouse, "button:start", flow.scene_is("sort"),
                               "the seed deal")
            for i, cid in enumerate(layout.card_ids()):
                zone = ZONES_SEED[(i + visit) % len(ZONES_SEED)]
                kh.settle()
                now = kh.latest_layout()
                mark = kh.mark()
                kh.drag(now.center(cid), flow.free_point(now, zone))
                kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone,
                               timeout=10, after=mark, what="seed: %s into %s" % (cid, zone))
            mark = kh.mark()
            flow.step(kh, mouse, "button:done", flow.scene_is("profile"), "seed: profile")
            kh.wait_event("session-saved", timeout=10, after=mark)
            flow.profile_to_thanks(kh, mouse, "button:skip")
            flow.thanks_to_attract(kh, mouse)
        expect(kh.stop(check=True) == 0, "seed kiosk: exit code %s" % kh.exit_code, kh)
    log("seed log: two sessions with all %d keywords" % len(layout.card_ids()))
    return folder


ATTRACT_FILLS_S = 1.5

# The seed session's piles: yes twice as often, so that the thanks figures vary.
ZONES_SEED = ("yes", "no", "yes", "neutral")


class Run:
    """One kiosk at one size in one language: its screenshots and layouts."""

    def __init__(self, binary, work, out_dir, size, lang, seed_dir):
        self.size, self.lang = size, lang
        self.tag = "%dx%d/%s" % (size[0], size[1], lang)
        self.shot_dir = os.path.join(out_dir, "scenes", "%dx%d" % size)
        self.work = os.path.join(work, "%dx%d-%s" % (size[0], size[1], lang))
        shutil.copytree(seed_dir, self.work,
                        ignore=shutil.ignore_patterns("*.log", "*.stderr", "*.lock", "xdg-data"))
        os.makedirs(os.path.join(self.work, "usb-stick"))
        self.kh = KioskHarness(
            binary, self.work, size[0], size[1],
            kiosk_args=["--db", os.path.join(self.work, "sessions.db"), "--seed", str(SEED),
                        "--idle-seconds", str(IDLE[size]),
                        "--config", os.path.join(self.work, "kiosk.ini")],
            env={"VISIONSORT_DRIVES": os.path.join(self.work, "usb-stick")},
            trace_copy=os.path.join(out_dir, "scenes", "trace-%dx%d-%s.log"
                                    % (size[0], size[1], lang)))
        self.shots = []
        self.sort_layout = None
        self.error = None
        self.seconds = None

    def shot(self, scene, want=None):
        kh = self.kh
        kh.settle()
        if scene == "attract":
            # its cards slide in during the scene's first 1.3 s (scene_attract.c)
            time.sleep(ATTRACT_FILLS_S)
        latest = kh.latest_layout()
        want = want or scene.split("-")[0]
        expect(latest.scene == want, "%s: about to shoot %s but the scene is %s"
               % (self.tag, scene, latest.scene), kh)
        path = os.path.join(self.shot_dir, "%s-%s.png" % (self.lang, scene))
        kh.screenshot(path)
        self.shots.append(path)

    def place(self, mouse, kid, zone):
        kh = self.kh
        cid = card_id(kid)
        layout = flow.step(kh, mouse, cid, lambda l: flow.selected(l, cid),
                           "%s: %s selected" % (self.tag, cid))
        point = flow.free_point(layout, zone)
        mark = kh.mark()
        mouse.tap(point)
        kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone,
                       timeout=flow.STEP_TIMEOUT, after=mark,
                       what="%s: %s tapped into %s" % (self.tag, cid, zone))

    def toggle_text(self, mouse, on):
        return flow.step(self.kh, mouse, flow.TEXT_TOGGLE,
                         lambda l: flow.selected(l, flow.TEXT_TOGGLE) == on,
                         "%s: larger text %s" % (self.tag, "on" if on else "off"))

    def walk(self):
        kh = self.kh
        start = time.monotonic()
        with kh:
            kh.wait_scene("attract", timeout=60)
            kh.find_window()
            mouse = flow.Mouse(kh)
            kh.park_pointer()
            self.shot("attract")
            flow.to_language(kh, mouse)
            kh.park_pointer()
            self.shot("language")
            flow.to_intro(kh, mouse, self.lang)
            kh.park_pointer()
            self.shot("intro")
            layout = flow.to_sort(kh, mouse)
            deck = [keyword_of(c) for c in layout.card_ids()]
            queue = list(deck)
            for zone, n in MID:
                for _ in range(n):
                    self.place(mouse, queue.pop(0), zone)
            kh.park_pointer()
            kh.settle()
            self.sort_layout = kh.latest_layout()
            self.shot("sort")
            if (self.size, self.lang) in LARGE_TEXT:
                self.toggle_text(mouse, True)
                kh.park_pointer()
                self.shot("sort-large")
                self.toggle_text(mouse, False)
            # A tap on the disabled Done: how many cards are left.
            flow.step(kh, mouse, "button:done",
                      lambda l: l.item("message:cards-left") is not None,
                      "%s: the cards left after a tap on Done" % self.tag)
            kh.park_pointer()
            self.shot("sort-left")
            flow.step(kh, mouse, "button:start-over", flow.scene_is("confirm"),
                      "%s: the question before starting over" % self.tag)
            kh.park_pointer()
            self.shot("confirm")
            flow.step(kh, mouse, "button:cancel", flow.scene_is("sort"),
                      "%s: back to the piles" % self.tag)
            mark = kh.mark()
            kh.wait_scene("idle", timeout=IDLE[self.size] + 30, after=mark)
            self.shot("idle")
            mark = kh.mark()  # the sort lines before idle (a message ending) do not count
            kh.click(kh.latest_layout().w // 2, kh.latest_layout().h // 2)
            kh.wait_scene("sort", timeout=flow.STEP_TIMEOUT, after=mark)
            for i, kid in enumerate(queue):
                self.place(mouse, kid, ("yes", "no")[i % 2])
            flow.done_to_profile(kh, mouse)
            flow.choose_profile(kh, mouse, *PROFILE)
            kh.park_pointer()
            self.shot("profile")
            flow.profile_to_thanks(kh, mouse)
            kh.park_pointer()
            self.shot("thanks")
            if self.lang == "sv":
                self.staff(mouse)
            code = kh.stop(check=True)
            expect(code == 0, "%s: exit code %s after SIGTERM" % (self.tag, code), kh)
        self.seconds = time.monotonic() - start

    def staff(self, mouse):
        """The PIN pad with two digits typed, the menu, the question before
        exit; then back to the visitor's thanks scene."""
        kh = self.kh
        mark = kh.mark()
        kh.key("ctrl+alt+s")
        kh.wait_layout(flow.scene_is("staff-pin"), timeout=flow.STEP_TIMEOUT, after=mark,
                       what="%s: the PIN pad" % self.tag)
        for d in PIN[:2]:
            mouse.activate("button:digit-" + d)
            kh.settle()
        kh.park_pointer()
        self.shot("staff-pin", "staff-pin")
        for d in PIN[2:]:
            mouse.activate("button:digit-" + d)
            kh.settle()
        flow.step(kh, mouse, "button:pin-ok", flow.scene_is("staff"),
                  "%s: the staff menu" % self.tag)
        kh.park_pointer()
        self.shot("staff")
        flow.step(kh, mouse, "button:exit", flow.scene_is("confirm"),
                  "%s: the question before exit" % self.tag)
        kh.park_pointer()
        self.shot("confirm-exit")
        flow.step(kh, mouse, "button:cancel", flow.scene_is("staff"), "%s: no" % self.tag)
        flow.step(kh, mouse, "button:close", flow.scene_is("thanks"),
                  "%s: the visitor's thanks again" % self.tag)

    def run(self):
        try:
            self.walk()
        except (TestFailure, HarnessError) as e:  # reported by the main thread
            self.error = e
        except Exception:  # a bug in the test itself: show where
            self.error = traceback.format_exc()

    def layouts(self):
        return self.kh.layouts()


def check_mirrored(runs):
    """Arabic's sort scene is the English one reflected, at every size."""
    problems = []
    by = {(r.size, r.lang): r for r in runs}
    for size in SIZES:
        ar, en = by.get((size, "ar")), by.get((size, "en"))
        if not (ar and en and ar.sort_layout and en.sort_layout):
            continue
        a, e = ar.sort_layout, en.sort_layout
        W = a.w
        yes, done = a.require("zone:yes"), a.require("button:done")
        # Where the piles are stacked, each the full width, the mirror check
        # below is what shows right to left.
        side_by_side = yes["w"] < W / 2
        if side_by_side and not yes["x"] + yes["w"] / 2 > W / 2:
            problems.append("%dx%d ar: zone:yes is not on the right half: %s"
                            % (size + (rect(yes),)))
        # Done is within reach: in the bar at the bottom (docs/reach.md); its
        # side is the mirror of English's, checked below with the rest.
        if not done["y"] >= a.h * 3 / 4:
            problems.append("%dx%d ar: button:done is not in the lower quarter: %s"
                            % (size + (rect(done),)))
        for it in e.items:
            if it.get("role") == "card":
                continue
            m = a.item(it["id"])
            if m is None:
                problems.append("%dx%d: %s in en but not in ar" % (size + (it["id"],)))
                continue
            want = (W - it["x"] - it["w"], it["y"], it["w"], it["h"])
            got = (m["x"], m["y"], m["w"], m["h"])
            if any(abs(p - q) > 1 for p, q in zip(want, got)):
                problems.append("%dx%d: ar %s at %s, expected en's mirrored %s"
                                % (size + (it["id"], got, want)))
    return problems


def main():
    binary, _, _, out_dir = e2e_paths()
    serial = os.environ.get("VS_E2E_SERIAL") == "1"
    flow.STEP_TIMEOUT = 60
    runs = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vs-e2e-shots-") as work:
        seed_dir = seed_log(binary, work, out_dir)
        for size in SIZES:
            batch = [Run(binary, work, out_dir, size, lang, seed_dir) for lang in flow.LANGS]
            runs += batch
            # The three languages of one size run side by side, each on its
            # own X server; the sizes one after the other, to bound the load.
            if serial:
                for r in batch:
                    r.run()
            else:
                threads = [threading.Thread(target=r.run, name=r.tag) for r in batch]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            for r in batch:
                log("%s: %s (%s)" % (r.tag, "ok" if r.error is None else "FAILED",
                                     "%.0f s, %d screenshots" % (r.seconds, len(r.shots))
                                     if r.seconds else "-"))
    failed = [r for r in runs if r.error is not None]
    problems, notes, seen = [], [], set()
    for r in runs:
        for layout in r.layouts():
            where = "%s %s" % (r.tag, layout.scene)
            p, n = check_geometry(layout, where)
            for msg in p:
                if msg not in seen:
                    seen.add(msg)
                    problems.append(msg + " (trace line %d)" % layout.seq)
            for msg in n:
                if msg not in seen:
                    seen.add(msg)
                    notes.append(msg)
    problems += check_mirrored(runs)
    for n in notes:
        log("note: " + n)
    log("%d screenshots in %s, %.0f s"
        % (sum(len(r.shots) for r in runs), os.path.join(out_dir, "scenes"),
           time.monotonic() - started))
    if failed:
        for r in failed:
            print("FAIL: %s: %s" % (r.tag, r.error), flush=True)
    if problems:
        print("FAIL: layout problems (%d):\n  %s" % (len(problems), "\n  ".join(problems)),
              flush=True)
    if failed or problems:
        return 1
    print("PASS: e2e screenshots")
    return 0


if __name__ == "__main__":
    run_test(main)
