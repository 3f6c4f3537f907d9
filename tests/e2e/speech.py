#!/usr/bin/env python3
"""End-to-end: a whole visit with the eyes closed, by keyboard alone, read aloud.

The kiosk runs with SDL's disk audio driver, which writes everything the speaker would
play to a file in real time (SDL_AUDIODRIVER=disk). The visit:

  attract (Enter) -> language: "read everything to me" switched on, Svenska chosen ->
  intro, left alone until the idle warning, which is spoken; Enter continues ->
  sort: a mistake or two (Enter on a pile with no card, Back with nothing to put down),
  every card picked up and dropped on a pile, one put down again with Back, the yes pile
  reordered, the repeat key, the keypad's + twice (3 dB louder each) and an arrow on the
  keypad -> Done -> profile (an answer chosen) -> thanks -> attract; staff raise the volume
  by one step in the staff menu (a spoken sample); then the next visitor holds the attract
  screen for two seconds, which switches reading aloud on, announced by voice, at the
  staff's volume: 3 dB above the first visitor's start, none of the first visitor's steps.

After every key the test waits for the "speech" trace line it must cause (the scene, the
focus move, the pick-up, the drop, the error), then checks in the capture that sound starts
at the frame the line names. Before reading aloud was switched on, the capture is silent.
The session must be stored as completed, as sorted. Exit codes: 0 pass, 1 fail, 77 skip.
"""

import array
import math
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, HarnessError, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, focused, log  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
SEED = 5
CARDS = 8
IDLE_SECONDS = 20
HEAR = 0.3        # s the test lets each text sound before the next key interrupts it
WINDOW = 0.25     # s of the capture from a text's frame on that must hold speech
LOUD = 300        # a sample above this is sound; the device's silence is exactly 0
SOUND_PEAK = 2000 # speech at -6 dB peaks far above this within a quarter second
SOUND_RMS = 150   # ... and is not a click: a quiet "S" first still averages above this


def speech_id(item_id):
    """The text id the kiosk names when the focus lands on item_id."""
    if item_id.startswith("card:"):
        return "keyword." + keyword_of(item_id)
    if item_id.startswith("zone:"):
        return "sort.pile." + item_id.split(":", 1)[1]
    if item_id.startswith("lang:"):
        return "language.name"
    return item_id


class Listener:
    """Presses keys one at a time and waits, after each, for what it must make the kiosk say."""

    def __init__(self, kh):
        self.kh = kh
        self.heard = []   # (speech event, what caused it)
        self.reading = False

    def hear(self, mark, what, why, text_id=None, says=None, timeout=10):
        """The speech line after trace position mark with why (and text_id), checked."""
        kh = self.kh
        ev = kh.wait_event("speech", timeout=timeout, after=mark,
                           pred=lambda e: e.get("why") == why
                           and (text_id is None or e.get("id") == text_id))
        for key in ("t", "why", "id", "lang", "text", "source", "frame", "rate"):
            expect(key in ev, "%s: the speech line lacks %r: %s" % (what, key, ev), kh)
        for part in says or ():
            expect(part in ev["text"], "%s: expected %r in what was said: %r"
                   % (what, part, ev["text"]), kh)
        self.heard.append((ev, what))
        time.sleep(HEAR)
        return ev

    def press(self, key, what, why, text_id=None, says=None):
        mark = self.kh.mark()
        self.kh.key(key)
        return self.hear(mark, what, why, text_id, says)

    def focus(self, item_id):
        """Tab or Shift+Tab to item_id; each focus move is said when reading aloud."""
        kh = self.kh
        for _ in range(60):
            kh.settle()
            layout = kh.latest_layout()
            cur = focused(layout)
            if cur == item_id:
                return layout
            order = flow.tab_order(layout)
            expect(item_id in order, "%s is not in the Tab order %s" % (item_id, order), kh)
            n, target = len(order), order.index(item_id)
            if cur in order:
                i = order.index(cur)
                fwd, back = (target - i) % n, (i - target) % n
                nxt = order[(i + 1) % n] if fwd <= back else order[(i - 1) % n]
            else:
                fwd, back = target + 1, n - target
                nxt = order[0] if fwd <= back else order[-1]
            key = "Tab" if fwd <= back else "shift+Tab"
            mark = kh.mark()
            kh.key(key)
            kh.wait_layout(lambda l: focused(l) == nxt, timeout=5, after=mark,
                           what="focus on %s after %s" % (nxt, key))
            if self.reading:
                self.hear(mark, "focus on " + nxt, "focus", speech_id(nxt))
            else:
                time.sleep(0.2)
                expect(not kh.events_since("speech", mark),
                       "speech before reading aloud was switched on: %s"
                       % kh.events_since("speech", mark), kh)
        flow.fail("focus never reached %s" % item_id, kh)

    def activate(self, item_id, why, text_id=None, says=None, until=None):
        """Focus item_id, press Enter, hear why; returns (event, layout until holds)."""
        self.focus(item_id)
        mark = self.kh.mark()
        self.kh.key("Return")
        ev = self.hear(mark, "Enter on " + item_id, why, text_id, says)
        layout = (self.kh.wait_layout(until, timeout=10, after=mark, what="after Enter on "
                                      + item_id) if until else self.kh.latest_layout())
        return ev, layout


def place_text(layout, cid):
    """What the kiosk says of a card's place: "Ska prägla Norrköping 2035, plats 2 av 5"."""
    zone = layout.require(cid)["zone"]
    count = len(layout.pile(zone))
    return "plats %d av %d" % (layout.require(cid)["rank"], count)


def sort_with_eyes_closed(kh, ears):
    layout = kh.latest_layout()
    dealt = layout.card_ids()
    expect(len(dealt) == CARDS, "dealt %d cards, not %d" % (len(dealt), CARDS), kh)

    # mistakes first: a pile with no card chosen, and Back with nothing to put down
    ears.activate("zone:yes", "error", "speech.no_card", ["Välj ett kort först"])
    ears.press("Delete", "Back with no card", "error", "speech.cannot_back")

    # the keypad: 6 is an arrow (NumLock or not), and its move is said like any other
    ears.focus(dealt[0])
    mark = kh.mark()
    kh.key("KP_6")
    after = kh.wait_layout(lambda l: focused(l) not in (None, dealt[0]), timeout=5,
                           after=mark, what="the keypad's 6 to move the focus")
    ears.hear(mark, "keypad 6", "focus", speech_id(focused(after)))

    # a card picked up and put down again with Back
    ears.activate(dealt[1], "pick", speech_id(dealt[1]), ["vald"])
    ears.press("Delete", "Back with a card picked up", "put-down", speech_id(dealt[1]),
               ["ligger kvar"])

    piles = ("yes", "no", "neutral")
    for n, cid in enumerate(dealt):
        zone = piles[n % 3] if n < len(dealt) - 2 else "yes"
        ears.activate(cid, "pick", speech_id(cid), ["vald"],
                      until=lambda l, c=cid: flow.selected(l, c))
        last = n == len(dealt) - 1
        says = ["Alla kort ligger i en hög"] if last else []
        ev, layout = ears.activate("zone:" + zone, "drop", speech_id(cid), says,
                                   until=lambda l, c=cid, z=zone: l.require(c)["zone"] == z)
        expect(place_text(layout, cid) in ev["text"],
               "the drop of %s said %r, not its place %r" % (cid, ev["text"],
                                                            place_text(layout, cid)), kh)
        label = ev["text"].split(":")[0]
        expect(label and ev["text"].startswith(label + ":"),
               "the drop should start with the card's label and a colon: %r" % ev["text"], kh)
    expect(layout.done_enabled(), "Done not enabled with every card placed", kh)

    # reorder the yes pile: its last card goes before its first
    yes = layout.pile("yes")
    expect(len(yes) >= 2, "the yes pile should hold at least two cards: %s" % yes, kh)
    ears.activate(yes[-1], "pick", speech_id(yes[-1]), ["vald"])
    ev, layout = ears.activate(yes[0], "drop", speech_id(yes[-1]), ["plats 1 av %d" % len(yes)],
                               until=lambda l: l.pile("yes")[0] == yes[-1])
    log("  sorted with the eyes closed; last drop said %r" % ev["text"])

    # repeat, then the keypad's + repeats it 3 dB louder, and - takes it back
    repeated = ears.press("Insert", "the repeat key", "repeat", ev["id"])
    expect(repeated["text"] == ev["text"], "repeat said %r, not %r" % (repeated["text"],
                                                                       ev["text"]), kh)
    louder = ears.press("KP_Add", "the keypad's +", "repeat", ev["id"])
    time.sleep(0.5)
    ears.press("KP_Add", "the keypad's + again", "repeat", ev["id"])
    return layout, (repeated, louder)


def capture(path):
    samples = array.array("h")
    with open(path, "rb") as f:
        samples.frombytes(f.read())
    if sys.byteorder != "little":
        samples.byteswap()  # written in the machine's order; read in it too
    return samples


def rms(s, a, b):
    b = min(b, len(s))
    if b <= a:
        return 0.0
    return math.sqrt(sum(x * x for x in s[a:b]) / (b - a))


def db_between(s, a, b, seconds=0.25):
    """How much louder the sound from frame b is than the same sound from frame a."""
    rate = 48000
    n = int(seconds * rate)
    return 20 * math.log10(rms(s, b, b + n) / rms(s, a, a + n))


def check_capture(kh, path, heard, loudness, silent_until, announced):
    s = capture(path)
    rate = heard[0][0]["rate"]
    expect(len(s) > rate, "the capture holds %d samples only" % len(s))
    first = min(ev["frame"] for ev, _ in heard)
    loud_before = max((abs(x) for x in s[:min(first, silent_until)]), default=0)
    expect(loud_before <= LOUD, "the kiosk made sound (peak %d) before reading aloud was "
           "switched on" % loud_before)
    quiet, least = [], (float("inf"), float("inf"))
    for ev, what in heard:
        a = ev["frame"]
        b = a + int(WINDOW * rate)
        level, peak = rms(s, a, b), max((abs(x) for x in s[a:b]), default=0)
        least = (min(least[0], level), min(least[1], peak))
        if level < SOUND_RMS or peak < SOUND_PEAK:
            quiet.append("%s: %r at frame %d, rms %.0f, peak %d"
                         % (what, ev["text"][:40], a, level, peak))
    expect(not quiet, "no sound in the capture where the trace says speech began:\n  "
           + "\n  ".join(quiet))
    repeated, louder = loudness
    n = int(0.25 * rate)
    db = 20 * math.log10(rms(s, louder["frame"], louder["frame"] + n)
                         / rms(s, repeated["frame"], repeated["frame"] + n))
    log("  keypad +: %.1f dB louder" % db)
    expect(abs(db - 3) < 0.6, "the keypad's + made it %.1f dB louder, not 3" % db)
    first, second = announced
    db = db_between(s, first["frame"], second["frame"])
    log("  the next visitor starts %.1f dB above the first (staff: one step up)" % db)
    expect(abs(db - 3) < 0.6, "the next visitor's \"Uppläsning på\" is %.1f dB above the first's, "
           "not 3 (staff's step; a visitor's own steps end with the visit)" % db)
    log("  capture: %.1f s, sound at every one of %d spoken texts (the quietest start: rms "
        "%.0f, peak %d; silence is 0)" % (len(s) / rate, len(heard), least[0], least[1]))


def run(binary, work, out_dir):
    db = os.path.join(work, "sessions.db")
    cap = os.path.join(work, "capture.raw")
    env = {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": cap}
    # the example configuration: its staff PIN is 2035
    config = os.path.join(os.environ.get("VS_SOURCE_ROOT", "."), "data", "kiosk.example.ini")
    kh = KioskHarness(binary, work, WIDTH, HEIGHT, env=env,
                      kiosk_args=["--db", db, "--seed", str(SEED), "--cards", str(CARDS),
                                  "--idle-seconds", str(IDLE_SECONDS), "--config", config],
                      trace_copy=os.path.join(out_dir, "e2e-speech-trace.log"))
    with kh:
        ears = Listener(kh)
        kh.wait_scene("attract", timeout=30)
        kh.focus_window()
        mark = kh.mark()
        kh.key("Return")  # nothing focused: the whole-screen start button
        kh.wait_scene("language", after=mark)
        time.sleep(0.5)
        expect(not kh.events_since("speech", 0), "the kiosk spoke before it was asked", kh)

        # "read everything to me", then Svenska; from here on everything is said
        ears.focus("button:read-aloud")
        silent_until = None
        ev, _ = ears.activate("button:read-aloud", "mode", "speech.on", ["Uppläsning på"])
        silent_until = ev["frame"]
        first_on = ev
        ears.reading = True
        ears.activate("lang:sv", "scene", "intro.title", until=flow.scene_is("intro"))

        # the idle warning is said; Enter (touch anywhere) continues
        mark = kh.mark()
        ears.hear(mark, "the idle warning", "scene", "idle.title", ["Är du kvar"],
                  timeout=IDLE_SECONDS + 15)
        ears.press("Return", "Enter on the idle warning", "scene", "intro.title")

        ears.activate("button:start", "scene", "sort.title", ["Du har %d kort" % CARDS],
                      until=flow.scene_is("sort"))
        layout, loudness = sort_with_eyes_closed(kh, ears)
        final = flow.final_of(layout)

        mark = kh.mark()
        ears.activate("button:done", "scene", "profile.title", until=flow.scene_is("profile"))
        saved = kh.wait_event("session-saved", after=mark)
        ears.activate("age:46-65", "choose", "age:46-65", ["vald"],
                      until=lambda l: flow.selected(l, "age:46-65"))
        ears.activate("button:done", "scene", "thanks.title", until=flow.scene_is("thanks"))
        mark = kh.mark()
        ears.focus("button:restart")
        kh.key("Return")
        kh.wait_scene("attract", after=mark)

        # staff: one step louder for every visitor from now on, with a spoken sample
        ears.reading = False
        mark = kh.mark()
        kh.key("ctrl+alt+s")
        kh.wait_scene("staff-pin", after=mark)
        kh.key("2", "0", "3", "5")
        mouse = flow.Mouse(kh)
        flow.step(kh, mouse, "button:pin-ok", flow.scene_is("staff"), "the staff menu")
        menu = kh.wait_layout(lambda l: l.scene == "staff" and l.item("button:volume-up"),
                              what="the staff menu's volume buttons")
        mark = kh.mark()
        kh.click(*menu.center("button:volume-up"))
        ears.hear(mark, "staff's louder", "volume", "staff.volume_test")
        flow.step(kh, mouse, "button:close", flow.scene_is("attract"), "attract after staff")
        # the next visitor holds the screen for two seconds: reading aloud, announced
        kh.settle()
        mark = kh.mark()
        wid = kh._window()
        kh._xdotool(["mousemove", "--window", wid, str(WIDTH // 2), str(HEIGHT // 2),
                     "mousedown", "1", "sleep", "2.6", "mouseup", "1"])
        kh.wait_scene("language", after=mark)
        second_on = ears.hear(mark, "the attract screen held", "scene", "language.prompt",
                              ["Uppläsning på", "Välj språk", "Choose a language"])
        time.sleep(0.5)
        kh.stop()
    expect(kh.exit_code == 0, "the kiosk exited with %s" % kh.exit_code)
    flow.check_stored(db, saved["session"], "completed", "sv", final, age="46-65")
    check_capture(kh, cap, ears.heard, loudness, silent_until, (first_on, second_on))
    whys = {}
    for ev, _ in ears.heard:
        whys[ev["why"]] = whys.get(ev["why"], 0) + 1
    log("  spoken: %s" % ", ".join("%s %d" % kv for kv in sorted(whys.items())))
    return 0


def main():
    binary, _, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-speech-") as work:
        return run(binary, work, out_dir)


if __name__ == "__main__":
    run_test(main, "PASS: a whole visit by keyboard, every scene, focus move and drop heard")
