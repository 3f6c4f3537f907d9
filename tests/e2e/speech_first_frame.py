#!/usr/bin/env python3
"""End-to-end: a visitor who touches the kiosk's very first frame is still heard.

The kiosk opens its voice (the sound device, the synthesiser) only after its first frame is on
screen, so that it appears sooner (docs/PERFORMANCE.md, "Cold start"). A finger that lands on
that frame must not find the kiosk without a voice:

  tap     the moment the attract screen appears: the language screen that answers offers
          "read everything to me" from its first layout on, and tapping it is heard;
  hold    the moment the attract screen appears, for 2.6 s: reading aloud is switched on and
          the language screen is announced and said, heard in the capture.

Both through --touch-from-stdin and SDL's disk audio driver, with `[speech] mode = offer` (the
default). Whether the finger came before the voice was open is taken from the frame log and
said; it depends on timing, the checks do not. Exit codes: 0 pass, 1 fail, 77 skip.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, e2e_paths  # noqa: E402
from flow import expect, log  # noqa: E402
from speech import capture, rms, SOUND_RMS, WINDOW  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
HOLD_S = 2.6  # the attract screen's hold is 2 s


def kiosk(binary, work, out_dir, name):
    config = os.path.join(work, "kiosk.ini")
    with open(config, "w", encoding="utf-8") as f:
        f.write("[kiosk]\nlanguages = sv,en\n[speech]\nmode = offer\n")
    cap = os.path.join(work, "capture.raw")
    frames = os.path.join(work, "frames.log")
    kh = KioskHarness(binary, work, WIDTH, HEIGHT, touch=True,
                      env={"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": cap},
                      kiosk_args=["--db", os.path.join(work, "k.db"), "--seed", "3",
                                  "--config", config, "--idle-seconds", "600",
                                  "--frame-log", frames],
                      trace_copy=os.path.join(out_dir, "e2e-speech-first-frame-%s-trace.log"
                                              % name))
    return kh, cap, frames


def before_voice(frames, sent):
    """Whether the finger (time.monotonic, the kiosk's clock too) came before the voice."""
    with open(frames) as f:
        for line in f:
            p = line.split()
            if p[:2] == ["phase", "voice"]:
                return sent * 1e6 < int(p[2])
    return None


def heard(cap, ev, what):
    level = rms(capture(cap), ev["frame"], ev["frame"] + int(WINDOW * ev["rate"]))
    expect(level >= SOUND_RMS, "%s: no sound in the capture where the trace says "
           "(rms %.0f at frame %d)" % (what, level, ev["frame"]))


def tap(binary, work, out_dir):
    kh, cap, frames = kiosk(binary, work, out_dir, "tap")
    with kh:
        first = kh.wait_scene("attract", timeout=30)
        sent = time.monotonic()
        kh.touch_tap(first.center("button:start"))
        language = kh.wait_scene("language", after=first.seq + 1)
        expect(language.item("button:read-aloud") is not None,
               "the language screen that answered a tap on the first frame does not offer "
               "\"read everything to me\"", kh)
        kh.settle()
        mark = kh.mark()
        kh.touch_tap(kh.latest_layout().center("button:read-aloud"))
        ev = kh.wait_event("speech", after=mark, pred=lambda e: e.get("why") == "mode")
        expect(ev["id"] == "speech.on", "\"read everything to me\" said %r" % ev["id"], kh)
        time.sleep(0.5)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)
    heard(cap, ev, "reading aloud switched on")
    log("  tap on the first frame (%s the voice was open): \"read everything to me\" "
        "offered, heard" % ("before" if before_voice(frames, sent) else "after"))


def hold(binary, work, out_dir):
    kh, cap, frames = kiosk(binary, work, out_dir, "hold")
    with kh:
        first = kh.wait_scene("attract", timeout=30)
        point = (WIDTH // 2, HEIGHT // 2)
        sent = time.monotonic()
        kh.touch_down(1, point)
        time.sleep(HOLD_S)
        kh.touch_up(1, point)
        kh.wait_scene("language", after=first.seq + 1)
        ev = kh.wait_event("speech", after=first.seq + 1, pred=lambda e: e.get("why") == "scene")
        expect(ev["id"] == "language.prompt" and "Uppläsning på" in ev["text"],
               "holding the first frame said %r, not the announced language screen"
               % ev.get("text"), kh)
        time.sleep(0.5)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)
    heard(cap, ev, "the language screen")
    log("  hold from the first frame (%s the voice was open): read aloud, heard"
        % ("before" if before_voice(frames, sent) else "after"))


def main():
    binary, _, _, out_dir = e2e_paths()
    for run in (tap, hold):
        with tempfile.TemporaryDirectory(prefix="vs-first-") as work:
            run(binary, work, out_dir)
    return 0


if __name__ == "__main__":
    run_test(main, "PASS: a touch on the first frame finds the voice: offered, and heard")
