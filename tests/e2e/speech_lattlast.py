#!/usr/bin/env python3
"""End-to-end: lättläst read aloud, by keyboard, through SDL's disk audio driver.

A card's simpler description (the keyword set's description:sv-lattlast) is said after its
label where the visitor asks what the card is: the focus landing on it, its speaker button.
What confirms an action names the card and goes on as one sentence, with no description
wedged in: "Kunskapsstad är valt. Välj en hög.", "Kunskapsstad: Passar Norrköping 2035,
plats 1 av 1." Each of those is checked in the trace's speech line and, at the frame it
names, in the capture (sound, not silence).

Exit codes: 0 pass, 1 fail, 77 skip.
"""

import configparser
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402
from speech import Listener, capture, rms, LOUD, SOUND_RMS, WINDOW  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
LANG = "sv-lattlast"


def descriptions(source):
    """{keyword id: (Swedish label, lättläst description)} from the sample set."""
    path = os.path.join(source, "data", "norrkoping-2035-sample.tsv")
    with open(path, encoding="utf-8") as f:
        rows = [r.rstrip("\n").split("\t") for r in f if r.strip() and not r.startswith("#")]
    head = rows[0]
    sv, desc = head.index("sv"), head.index("description:" + LANG)
    return {r[0]: (r[sv], r[desc]) for r in rows[1:]}


def lattlast_text(source, key):
    ini = configparser.ConfigParser(interpolation=None, comment_prefixes=(";",))
    ini.read(os.path.join(source, "data", "lang", LANG + ".ini"), encoding="utf-8")
    return " ".join(ini["text"][key].split())


def run(binary, source, work, out_dir):
    cap = os.path.join(work, "capture.raw")
    config = os.path.join(work, "kiosk.ini")
    with open(config, "w", encoding="utf-8") as f:
        f.write("[kiosk]\nlanguages = sv,sv-lattlast,en,ar,so\n")
    kh = KioskHarness(binary, work, WIDTH, HEIGHT,
                      env={"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": cap},
                      kiosk_args=["--db", os.path.join(work, "k.db"), "--seed", "3",
                                  "--cards", "4", "--config", config,
                                  "--idle-seconds", "600"],
                      trace_copy=os.path.join(out_dir, "e2e-speech-lattlast-trace.log"))
    said = descriptions(source)
    with kh:
        ears = Listener(kh)
        kh.wait_scene("attract", timeout=30)
        kh.focus_window()
        mark = kh.mark()
        kh.key("Return")
        kh.wait_scene("language", after=mark)
        ears.activate("button:read-aloud", "mode", "speech.on")
        ears.reading = True
        ears.activate("lang:" + LANG, "scene", "intro.title", until=flow.scene_is("intro"))
        layout = ears.activate("button:start", "scene", "sort.title",
                               until=flow.scene_is("sort"))[1]
        cid = layout.pile("deck")[0]
        label, desc = said[keyword_of(cid)]
        text_id = "keyword." + keyword_of(cid)

        # the focus on the card: its label, then its description, then its place
        ears.focus(cid)
        ev = ears.heard[-1][0]
        expect(ev["why"] == "focus" and ev["lang"] == LANG, "focus on %s: %s" % (cid, ev), kh)
        expect(ev["text"].startswith("%s. %s " % (label, desc)),
               "the focus on %s said %r, not its label and then its description %r"
               % (cid, ev["text"], desc), kh)

        # picked up: "<label> är valt. Välj en hög." as one sentence
        picked = "%s %s" % (label, lattlast_text(source, "speech.picked"))
        ev, _ = ears.activate(cid, "pick", text_id,
                              until=lambda l: flow.selected(l, cid))
        expect(ev["text"] == picked, "picking %s up said %r, not %r" % (cid, ev["text"], picked),
               kh)

        # dropped: "<label>: <pile>, plats 1 av 1."
        ev, layout = ears.activate("zone:yes", "drop", text_id,
                                   until=lambda l: l.require(cid)["zone"] == "yes")
        pile = lattlast_text(source, "sort.pile.yes")
        dropped = "%s: %s, plats 1 av 1." % (label, pile)
        expect(ev["text"] == dropped, "dropping %s said %r, not %r" % (cid, ev["text"], dropped),
               kh)

        # its speaker button: the label, then the description
        kh.settle()
        layout = kh.latest_layout()
        mark = kh.mark()
        kh.click(*layout.center("speak:" + cid))
        ev = ears.hear(mark, "the speaker on " + cid, "tap", text_id)
        expect(ev["text"] == "%s %s" % (label, desc),
               "the speaker on %s said %r, not its label and then its description"
               % (cid, ev["text"]), kh)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)

    s = capture(cap)
    first = min(ev["frame"] for ev, _ in ears.heard)
    expect(max((abs(x) for x in s[:first]), default=0) <= LOUD,
           "sound before reading aloud was switched on")
    for ev, what in ears.heard:
        a = ev["frame"]
        level = rms(s, a, a + int(WINDOW * ev["rate"]))
        expect(level >= SOUND_RMS, "%s: no sound at frame %d (rms %.0f): %r"
               % (what, a, level, ev["text"]))
    log("  %d texts heard in lättläst; the description after the label on focus and tap, "
        "not in the pick-up or the drop" % len(ears.heard))
    return 0


def main():
    binary, source, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-lattlast-") as work:
        return run(binary, source, work, out_dir)


if __name__ == "__main__":
    run_test(main, "PASS: lättläst descriptions said after the label, kept out of confirmations")
