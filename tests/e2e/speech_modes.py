#!/usr/bin/env python3
"""End-to-end: `[speech] mode` in the kiosk's configuration, through SDL's disk audio driver.

  mode = on   every visit is read aloud from its first screen, asked or not: the language
              screen is said as it appears, "read everything to me" shows chosen, and the
              capture holds the sound; the attract screen, with nobody there, stays silent.
  mode = off  the kiosk never speaks: no "read everything to me", no speaker button in the
              sort scene, and a capture of silence (no sound device is even opened, so the
              disk driver writes nothing at all).

(mode = offer, the default, is e2e-speech's: silent until a visitor asks.)
Exit codes: 0 pass, 1 fail, 77 skip.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402
from speech import capture, rms, LOUD, SOUND_RMS, WINDOW  # noqa: E402

WIDTH, HEIGHT = 1920, 1080


def kiosk(binary, work, out_dir, mode):
    config = os.path.join(work, "kiosk.ini")
    with open(config, "w", encoding="utf-8") as f:
        f.write("[kiosk]\nlanguages = sv,sv-lattlast,en,ar,so\n[speech]\nmode = %s\n" % mode)
    cap = os.path.join(work, "capture.raw")
    kh = KioskHarness(binary, work, WIDTH, HEIGHT,
                      env={"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": cap},
                      kiosk_args=["--db", os.path.join(work, "k.db"), "--seed", "2",
                                  "--config", config, "--idle-seconds", "600"],
                      trace_copy=os.path.join(out_dir, "e2e-speech-mode-%s-trace.log" % mode))
    return kh, cap


def mode_on(binary, work, out_dir):
    kh, cap = kiosk(binary, work, out_dir, "on")
    with kh:
        inp = flow.Mouse(kh)
        kh.wait_scene("attract", timeout=30)
        time.sleep(1.0)
        expect(not kh.events_since("speech", 0), "the attract screen spoke to nobody", kh)
        mark = kh.mark()
        layout = flow.step(kh, inp, "button:start", flow.scene_is("language"), "language")
        ev = kh.wait_event("speech", after=mark, pred=lambda e: e.get("why") == "scene")
        expect(ev["id"] == "language.prompt" and "Välj språk" in ev["text"],
               "the language screen said %r" % ev.get("text"), kh)
        kh.settle()
        layout = kh.latest_layout()
        read = layout.require("button:read-aloud")
        expect(read.get("selected") is True,
               "\"read everything to me\" is not shown chosen: %s" % read, kh)
        time.sleep(0.5)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)
    s = capture(cap)
    level = rms(s, ev["frame"], ev["frame"] + int(WINDOW * ev["rate"]))
    expect(level >= SOUND_RMS, "no sound in the capture where the language screen was said "
           "(rms %.0f at frame %d)" % (level, ev["frame"]))
    log("  mode = on: the language screen said unasked (%r), heard" % ev["text"][:40])


def mode_off(binary, work, out_dir):
    kh, cap = kiosk(binary, work, out_dir, "off")
    with kh:
        inp = flow.Mouse(kh)
        kh.wait_scene("attract", timeout=30)
        layout = flow.step(kh, inp, "button:start", flow.scene_is("language"), "language")
        expect(layout.item("button:read-aloud") is None,
               "mode = off, yet the language screen offers \"read everything to me\"", kh)
        flow.step(kh, inp, "lang:sv", flow.scene_is("intro"), "intro")
        layout = flow.step(kh, inp, "button:start", flow.scene_is("sort"), "sort")
        kh.settle()
        layout = kh.latest_layout()
        found = [it["id"] for it in layout.items if it.get("role") == "speaker"]
        expect(not found, "mode = off, yet the sort scene has speaker buttons: %s" % found, kh)
        kh.key("Insert")  # the repeat key: nothing to repeat, nothing said
        time.sleep(0.5)
        expect(not kh.events_since("speech", 0), "mode = off, yet the kiosk spoke: %s"
               % kh.events_since("speech", 0), kh)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)
    s = capture(cap) if os.path.exists(cap) else []
    expect(max((abs(x) for x in s), default=0) <= LOUD, "mode = off, yet the capture holds sound")
    log("  mode = off: no read-aloud button, no speaker buttons, %d samples of capture"
        % len(s))


def main():
    binary, _, _, out_dir = e2e_paths()
    for run in (mode_on, mode_off):
        with tempfile.TemporaryDirectory(prefix="vs-modes-") as work:
            run(binary, work, out_dir)
    return 0


if __name__ == "__main__":
    run_test(main, "PASS: mode = on reads every visit aloud unasked; mode = off never speaks")
