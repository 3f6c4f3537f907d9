#!/usr/bin/env python3
"""End-to-end: the idle timeout (--idle-seconds 3).

1. Sort scene, two cards placed, then no input: scene "idle" with a
   full-screen button:continue. A tap returns to the sort scene with the
   cards where they were.
2. No input again: idle, and when its countdown (min(15 s, idle-seconds))
   ends, a session-abandoned line with placed=2, scene attract, and the log
   holds the session as abandoned with exactly those two cards placed.
3. Idle on the language scene (nothing started): back to attract, no
   session stored.

Exit codes: 0 pass, 1 fail, 77 skip (no Xvfb/xdotool).
"""

import os
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
IDLE = 3            # --idle-seconds
COUNTDOWN = min(15, IDLE)
SLACK = 2.5         # seconds a timer may be late under a loaded test machine


def run(binary, work, out_dir):
    db = os.path.join(work, "sessions.db")
    kh = KioskHarness(binary, work, WIDTH, HEIGHT,
                      kiosk_args=["--db", db, "--seed", "5", "--idle-seconds", str(IDLE)],
                      trace_copy=os.path.join(out_dir, "e2e-idle-trace.log"))
    with kh:
        kh.wait_layout(timeout=30, what="the first layout line")
        kh.find_window()
        mouse = flow.Mouse(kh)
        layout = flow.visit_to_sort(kh, mouse, "sv")

        # Two cards placed by drags, quickly (each input restarts the timer).
        cards = layout.card_ids()
        for cid, zone in ((cards[0], "yes"), (cards[1], "no")):
            kh.settle()
            layout = kh.latest_layout()
            mark = kh.mark()
            kh.drag(layout.center(cid), layout.center("zone:" + zone))
            kh.wait_layout(lambda l, c=cid, z=zone: (l.item(c) or {}).get("zone") == z,
                           timeout=5, after=mark, what="%s in %s" % (cid, zone))
        kh.settle()
        sorted_layout = kh.latest_layout()
        last_input = sorted_layout.t  # the kiosk's own clock (ms), as the trace shows it
        placement = sorted_layout.placement()
        log("placed %s in yes and %s in no; waiting for idle" % (cards[0], cards[1]))

        # 1. idle, then a tap: back to sort, nothing changed.
        mark = kh.mark()
        layout = kh.wait_scene("idle", timeout=IDLE + 10, after=mark)
        waited = (layout.t - last_input) / 1000.0
        expect(IDLE - 0.3 <= waited <= IDLE + SLACK,
               "idle came %.1f s (trace t) after the last input, expected about %d s"
               % (waited, IDLE), kh)
        cont = layout.require("button:continue")
        expect((cont["x"], cont["y"], cont["w"], cont["h"]) == (0, 0, layout.w, layout.h),
               "button:continue should cover the whole screen: %s" % cont, kh)
        expect(layout.item(flow.TEXT_TOGGLE) is not None, "idle scene without %s"
               % flow.TEXT_TOGGLE, kh)
        kh.settle()
        kh.screenshot(os.path.join(out_dir, "e2e-idle.png"))
        mark = kh.mark()
        kh.click(layout.w // 2, layout.h // 3)
        back = kh.wait_scene("sort", timeout=5, after=mark)
        expect(back.placement() == placement,
               "the cards moved while idle: before %s, after %s" % (placement, back.placement()),
               kh)
        expect(not kh.events_since("session-abandoned", 0), "a session was abandoned although "
               "the visitor came back", kh)
        last_input = back.t
        log("idle after %.1f s; a tap brought the sort scene back, cards intact" % waited)

        # 2. idle again, and its countdown runs out.
        mark = kh.mark()
        idle = kh.wait_scene("idle", timeout=IDLE + 10, after=mark)
        waited = (idle.t - last_input) / 1000.0
        expect(IDLE - 0.3 <= waited <= IDLE + SLACK,
               "second idle came %.1f s (trace t) after the last input, expected about %d s"
               % (waited, IDLE), kh)
        ab = kh.wait_event("session-abandoned", timeout=COUNTDOWN + 10, after=mark)
        attract = kh.wait_scene("attract", timeout=5, after=mark)
        counted = (attract.t - idle.t) / 1000.0
        expect(COUNTDOWN - 0.3 <= counted <= COUNTDOWN + SLACK,
               "idle -> attract took %.1f s (trace t), expected the %d s countdown"
               % (counted, COUNTDOWN), kh)
        expect(ab.get("placed") == 2 and re.fullmatch(flow.UUID_RE, str(ab.get("session"))),
               "session-abandoned should carry placed=2 and a UUID: %s" % ab, kh)
        log("countdown %.1f s, then %s" % (counted, ab))

        # 3. idle on the language scene: back to attract, nothing stored.
        kh.settle()
        mark = kh.mark()
        flow.to_language(kh, mouse)
        kh.wait_scene("idle", timeout=IDLE + 10, after=mark)
        kh.wait_scene("attract", timeout=COUNTDOWN + 10, after=mark)
        extra = kh.events_since("session-abandoned", mark) + kh.events_since("session-saved", mark)
        expect(not extra, "idle on the language scene stored a session: %s" % extra, kh)
        log("idle on the language scene: back to attract, nothing stored")

        code = kh.stop(check=True)
        expect(code == 0, "exit code %s after SIGTERM, expected 0" % code, kh)
        late = kh.events_since("session-abandoned", mark)
        expect(not late, "SIGTERM on the attract scene stored a session: %s" % late)

    final = {keyword_of(c): (z, r) for c, (z, r) in placement.items()}
    flow.check_stored(db, ab["session"], "abandoned", "sv", final)
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        rows = con.execute("SELECT uuid, outcome FROM sessions").fetchall()
    finally:
        con.close()
    expect(rows == [(ab["session"], "abandoned")],
           "the log should hold exactly the one abandoned session: %s" % rows)
    log("log: session %s abandoned with %s placed" % (
        ab["session"], sorted(k for k, (z, _) in final.items() if z != "deck")))


def main():
    binary, _, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-e2e-idle-") as work:
        run(binary, work, out_dir)
    print("PASS: e2e idle")
    return 0


if __name__ == "__main__":
    run_test(main)
