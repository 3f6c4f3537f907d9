#!/usr/bin/env python3
"""End-to-end: the sort scene with its pictograms and speaker buttons, in the languages
that read differently: Svenska, lättläst, العربية and Soomaali.

One kiosk per language (sound through SDL's disk driver, so that speech is available),
configured with the languages sv, sv-lattlast, en, ar, so; the visitor walks to the sort
scene by clicks and puts three cards in the piles. The screenshot goes to
$VS_BUILD_ROOT/tests/output/speech/<lang>-sort.png at 1920x1080, and lättläst once more in
portrait to sv-lattlast-sort-1080x1920.png (and the language screen, with its "read
everything to me", to language.png), for people to look at. The deal holds Ostlänken, whose
Arabic label has brackets, to see them mirrored. Asserted from the trace:

  - sv, sv-lattlast, ar (each has an espeak-ng voice): a speaker button on every card, on the
    question and on each pile, each inside what it reads and at least 9 mm (35 px) wide;
    a tap on a card's speaker reads that card (a "speech" line naming keyword.<id>), and a
    drag that starts on it moves the card instead;
  - so (no voice, no recording): no speaker button at all: the controls are hidden, not
    broken.

In lättläst a deck card is picked up before the screenshot: every deck card shows its simpler
description under its label, and the header says what to do with the card picked up.

Exit codes: 0 pass, 1 fail, 77 skip.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
MIN_TARGET_PX = 35
SEED = "3"  # deals ostlanken: "القطار السريع (أوستلينكن)"
LANGS = ("sv", "sv-lattlast", "ar", "so")
SPEAKS = {"sv": True, "sv-lattlast": True, "ar": True, "so": False}


def inside(inner, outer):
    return (inner["x"] >= outer["x"] and inner["y"] >= outer["y"]
            and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
            and inner["y"] + inner["h"] <= outer["y"] + outer["h"])


def speakers(layout):
    return {it["id"][len("speak:"):]: it for it in layout.items if it.get("role") == "speaker"}


def check_speakers(kh, layout, lang):
    found = speakers(layout)
    if not SPEAKS[lang]:
        expect(not found, "%s has no voice, yet the sort scene shows speaker buttons: %s"
               % (lang, sorted(found)), kh)
        return
    want = layout.card_ids() + ["zone:yes", "zone:no", "zone:neutral", "question"]
    missing = [w for w in want if w not in found]
    expect(not missing, "%s: no speaker button on %s" % (lang, missing), kh)
    for target, sp in found.items():
        expect(sp["w"] >= MIN_TARGET_PX and sp["h"] >= MIN_TARGET_PX,
               "%s: the speaker on %s is %dx%d, below 9 mm" % (lang, target, sp["w"], sp["h"]),
               kh)
        if target != "question":
            expect(inside(sp, layout.require(target)),
                   "%s: the speaker of %s lies outside it" % (lang, target), kh)


def shoot(binary, work, out_dir, lang, width=WIDTH, height=HEIGHT):
    config = os.path.join(work, "kiosk.ini")
    with open(config, "w", encoding="utf-8") as f:
        f.write("[kiosk]\nlanguages = sv,sv-lattlast,en,ar,so\n")
    env = {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": os.path.join(work, "capture.raw")}
    kh = KioskHarness(binary, work, width, height, env=env,
                      kiosk_args=["--db", os.path.join(work, "k.db"), "--seed", SEED,
                                  "--config", config, "--idle-seconds", "600"],
                      trace_copy=os.path.join(out_dir, "trace-%s.log" % lang))
    with kh:
        inp = flow.Mouse(kh)
        kh.wait_scene("attract", timeout=30)
        layout = flow.step(kh, inp, "button:start", flow.scene_is("language"), "language")
        expect(layout.item("button:read-aloud") is not None,
               "the language screen offers no \"read everything to me\"", kh)
        if lang == LANGS[0]:
            kh.park_pointer()
            kh.settle()
            kh.screenshot(os.path.join(out_dir, "language.png"))
        layout = flow.step(kh, inp, "lang:" + lang, flow.scene_is("intro"), "intro")
        layout = flow.step(kh, inp, "button:start", flow.scene_is("sort"), "sort")
        expect("card:ostlanken" in layout.card_ids(), "the deal lacks ostlanken: %s"
               % layout.card_ids(), kh)
        for n, zone in enumerate(("yes", "no", "neutral")):
            cid = layout.pile("deck")[0]
            flow.step(kh, inp, cid, lambda l, c=cid: flow.selected(l, c), "%s selected" % cid)
            layout = flow.step(kh, inp, "zone:" + zone,
                               lambda l, c=cid, z=zone: l.require(c)["zone"] == z,
                               "%s on %s" % (cid, zone))
        kh.settle()
        layout = kh.latest_layout()
        check_speakers(kh, layout, lang)
        if SPEAKS[lang]:
            cid = layout.pile("yes")[0]
            mark = kh.mark()
            kh.click(*layout.center("speak:" + cid))
            ev = kh.wait_event("speech", after=mark, pred=lambda e: e.get("why") == "tap")
            expect(ev["id"] == "keyword." + keyword_of(cid) and ev["lang"] == lang,
                   "the speaker on %s said %s in %s" % (cid, ev["id"], ev["lang"]), kh)
            kh.settle()
            expect(kh.latest_layout().require(cid)["zone"] == "yes",
                   "a tap on the speaker moved the card", kh)
            # a drag that starts on a card's picture (its speaker button) moves the card
            layout = kh.latest_layout()
            cid = layout.pile("deck")[0]
            mark = kh.mark()
            kh.drag(layout.center("speak:" + cid), layout.center("zone:no"))
            moved = kh.wait_layout(lambda l, c=cid: l.require(c)["zone"] == "no", after=mark,
                                   what="%s dragged by its picture onto no" % cid)
            expect(not [e for e in kh.events_since("speech", mark) if e.get("why") == "tap"],
                   "a drag from the picture read the card aloud", kh)
            layout = moved
        if lang == "sv-lattlast":
            # a card picked up: the header says what to do with it
            cid = layout.pile("deck")[0]
            flow.step(kh, inp, cid, lambda l, c=cid: flow.selected(l, c), "%s selected" % cid)
        kh.park_pointer()
        time.sleep(0.3)
        size = "" if (width, height) == (WIDTH, HEIGHT) else "-%dx%d" % (width, height)
        path = kh.screenshot(os.path.join(out_dir, "%s-sort%s.png" % (lang, size)))
        n = len(speakers(layout))
        log("  %s %dx%d: %d speaker buttons%s" % (lang, width, height, n,
                                                 ", screenshot " + path if path else ""))


def main():
    binary, _, _, out_dir = e2e_paths("speech")
    for lang in LANGS:
        with tempfile.TemporaryDirectory(prefix="vs-shots-") as work:
            shoot(binary, work, out_dir, lang)
    with tempfile.TemporaryDirectory(prefix="vs-shots-") as work:
        shoot(binary, work, out_dir, "sv-lattlast", HEIGHT, WIDTH)
    return 0


if __name__ == "__main__":
    run_test(main, "PASS: speaker buttons where a voice speaks, none in Somali; screenshots")
