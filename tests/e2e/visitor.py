#!/usr/bin/env python3
"""End-to-end: one whole visit to the kiosk with one kind of input.

    visitor.py mouse      drags with the mouse (xdotool)
    visitor.py keyboard   the keyboard alone: Tab, Shift+Tab, arrows, Return, space
    visitor.py taptap     clicks only: tap a card, then tap a pile or a card
    visitor.py touch      finger events through --touch-from-stdin, with two
                          fingers at once on the sort scene

The visit: attract -> language (English) -> intro -> sort (every card placed,
the "yes" pile reordered) -> Done -> profile (an age band and a residence) ->
thanks -> restart -> attract. Then the session log must hold the session as
completed, in English, with the profile and every card's pile and rank as
the trace showed them. Exit codes: 0 pass, 1 fail, 77 skip (no Xvfb/xdotool).
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, HarnessError, KioskHarness, card_id, keyword_of, e2e_paths  # noqa: E402
from pipeline import (Piles, drop_point, plan_session,  # noqa: E402
                      run_session, wait_for_placement)
import flow  # noqa: E402
from flow import expect, focused, log, selected  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
SEED = 11
LANG = "en"
# A different profile answer per input, so a mix-up between tests shows.
PROFILE = {"mouse": ("26-45", "municipality"), "keyboard": ("66-", "city"),
           "taptap": ("16-25", "visitor"), "touch": ("-15", "city")}


# --------------------------------------------------------------------------
# Sorting, one way per input


def sort_by_plan(kh, layout, mover, index=0):
    """Place every card per pipeline.plan_session (round-robin over the
    piles, then a reorder inside "yes" and a move to another pile, with two
    cards still in the deck). mover(layout, piles, kid, zone, before) does
    the gestures and returns the trace mark taken just before the one that
    places the card. Returns the last layout."""
    dealt = [keyword_of(c) for c in layout.card_ids()]
    piles = Piles(dealt)
    steps = plan_session(index, dealt)
    for n, (kid, zone, before) in enumerate(steps, 1):
        kh.settle()
        layout = kh.latest_layout()
        was = piles.zone_of(kid)
        mark = mover(layout, piles, kid, zone, before)
        piles.move(kid, zone, before)
        what = ("step %d: %s from %s to %s%s" % (n, kid, was, zone,
                                                 " above " + before if before else " at the end"))
        layout = wait_for_placement(kh, piles, mark, what)
        expect(not any(c.get("selected") for c in layout.cards()),
               "%s: a card is still selected after the move" % what, kh)
    expect(layout.done_enabled(), "Done not enabled after every card was placed", kh)
    flow.check_pile_consistency(layout, dealt, "after sorting")
    return layout


def select_card(kh, inp, kid):
    """First half of tap-tap: the card becomes the (only) selected one."""
    cid = card_id(kid)
    layout = flow.step(kh, inp, cid, lambda l: selected(l, cid), "%s selected" % cid)
    others = [c["id"] for c in layout.cards() if c.get("selected") and c["id"] != cid]
    expect(not others, "tapping %s left other cards selected: %s" % (cid, others), kh)
    return layout


def taptap_mover(kh):
    inp = flow.Mouse(kh)

    def move(layout, piles, kid, zone, before):
        layout = select_card(kh, inp, kid)
        point = (layout.center(card_id(before)) if before
                 else flow.free_point(layout, zone))
        mark = kh.mark()
        inp.tap(point)
        return mark
    return move


def keyboard_mover(kh, inp):
    def move(layout, piles, kid, zone, before):
        select_card(kh, inp, kid)
        target = card_id(before) if before else "zone:" + zone
        inp.prepare(target)
        mark = kh.mark()
        inp.activate(target, key="space")
        return mark
    return move


def touch_mover(kh):
    count = [0]

    def move(layout, piles, kid, zone, before):
        count[0] += 1
        finger = 1 if count[0] % 2 else 7  # any finger id is a pointer of its own
        start = layout.center(card_id(kid))
        end = drop_point(layout, piles, kid, zone, before)
        mark = kh.mark()
        kh.touch_drag(start, end, finger=finger)
        return mark
    return move


# --------------------------------------------------------------------------
# Keyboard extras: arrows


def arrow_target(layout, cur_id, key):
    """The item an arrow must reach when one lies exactly in line (same row
    for Left/Right, same column for Up/Down): the nearest such. None when
    nothing is in line (then only the direction is checked)."""
    cur = layout.require(cur_id)
    cx, cy = flow.center_of(cur)
    best = None
    for it in layout.items:
        if it["id"] == cur_id or it.get("enabled") is False or it.get("role") == "speaker":
            continue  # speaker buttons are no focus stops
        x, y = flow.center_of(it)
        dx, dy = x - cx, y - cy
        along = {"Left": -dx, "Right": dx, "Up": -dy, "Down": dy}[key]
        side = abs(dy) if key in ("Left", "Right") else abs(dx)
        if along > 0 and side <= 2 and (best is None or along < best[0]):
            best = (along, it["id"])
    return best[1] if best else None


def press_arrow(kh, inp, key):
    layout = kh.latest_layout()
    cur = focused(layout)
    want = arrow_target(layout, cur, key)
    if want is not None:
        return inp.press_expecting(key, want, " (arrow from %s)" % cur)
    mark = kh.mark()
    kh.key(key)
    after = kh.wait_layout(lambda l: focused(l) != cur, timeout=5, after=mark,
                           what="focus to move from %s on %s" % (cur, key))
    cx, cy = flow.center_of(layout.require(cur))
    nx, ny = flow.center_of(after.require(focused(after)))
    ok = {"Left": nx < cx, "Right": nx > cx, "Up": ny < cy, "Down": ny > cy}[key]
    expect(ok, "%s moved the focus from %s to %s, the wrong way" % (key, cur, focused(after)), kh)
    return after


def keyboard_arrows_in_deck(kh, inp, layout):
    """On a fresh deal: Tab to the first card, then Right, Down, Left, Up
    walk the deck's grid."""
    first = flow.tab_order(layout)[0]
    inp.prepare(first)
    start = focused(kh.latest_layout())
    for key in ("Right", "Down", "Left", "Up"):
        press_arrow(kh, inp, key)
    log("  arrows in the deck: Right, Down, Left, Up from %s back to %s"
        % (start, focused(kh.latest_layout())))


def keyboard_fill_pile(kh, inp, layout, zone="no", source="neutral"):
    """Enter on a focused pile puts the selected card at the end of that
    pile, however full it is: move every card of `source` into `zone`, one
    by one (Enter on the card, Tab to the pile, Enter)."""
    for cid in layout.pile(source):
        select_card(kh, inp, keyword_of(cid))
        inp.prepare("zone:" + zone)
        before = kh.latest_layout()
        want = before.pile(zone) + [cid]
        mark = kh.mark()
        inp.activate("zone:" + zone)
        try:
            layout = kh.wait_layout(lambda l: l.pile(zone) == want, timeout=5, after=mark,
                                    what="%s at the end of %s" % (cid, zone))
        except HarnessError as e:
            got = kh.latest_layout()
            raise HarnessError("Enter on the focused zone:%s with %s selected: expected it "
                               "at the end of the pile %s, the trace shows %s in %s: %s"
                               % (zone, cid, want, got.pile(zone), (got.item(cid) or {}).get(
                                   "zone"), e)) from None
    log("  keyboard: %s filled to %d cards, each placed at its end"
        % (zone, len(layout.pile(zone))))
    return layout


# --------------------------------------------------------------------------
# Touch extras: two fingers


def two_fingers(kh, layout):
    """Two fingers drag two cards at once: the second drag must be refused
    (or handled), never lose or double a card. Done with all cards placed."""
    dealt = [keyword_of(c) for c in layout.card_ids()]
    before = flow.final_of(layout)
    yes = layout.pile("yes")
    no = layout.pile("no")
    expect(yes and no, "two_fingers needs cards in yes and no", kh)
    a, b = yes[0], no[0]

    # 1. Finger 1 drags a (yes -> neutral); meanwhile finger 2 puts down on b,
    #    drags it to yes and lifts; then finger 1 lifts. Only a may move.
    kh.settle()
    mark = kh.mark()
    a0, b0 = layout.center(a), layout.center(b)
    a1 = flow.free_point(layout, "neutral")
    b1 = flow.free_point(layout, "yes")
    mid = ((a0[0] + a1[0]) // 2, (a0[1] + a1[1]) // 2)
    kh.touch_down(1, a0)
    kh.touch_move(1, a0, mid)
    kh.touch_down(2, b0)
    kh.touch_move(2, b0, b1)
    kh.touch_up(2, b1)
    time.sleep(0.2)
    during = [l for l in kh.trace_lines()[mark:] if '"drop-target"' not in l]
    kh.touch_move(1, mid, a1)
    kh.touch_up(1, a1)
    expect(not during, "layout lines while finger 1 was still dragging (finger 2 acted?):\n"
           + "\n".join(during), kh)
    want = dict(before)
    want[keyword_of(a)] = ("neutral", len(layout.pile("neutral")) + 1)
    for kid, (z, r) in before.items():  # the cards under a in yes move up one
        if z == "yes" and r > 1:
            want[kid] = ("yes", r - 1)
    got = kh.wait_layout(lambda l: flow.final_of(l) != before, timeout=10, after=mark,
                         what="finger 1's drop of %s" % a)
    kh.settle()
    got = kh.latest_layout()
    flow.check_pile_consistency(got, dealt, "two fingers, case 1")
    diff = {k: (want.get(k), v) for k, v in flow.final_of(got).items() if want.get(k) != v}
    expect(not diff, "two fingers: finger 1 moved %s to neutral while finger 2 dragged %s to "
           "yes; expected only finger 1's move. Differences (expected, got): %s" % (a, b, diff),
           kh)
    log("  two fingers: the second finger's drag was ignored; %s -> neutral" % keyword_of(a))

    # 2. Finger 3 starts dragging b (no -> yes); finger 4 puts down on another
    #    card and is still moving when finger 3 lifts, then lifts on a pile.
    #    Refused or handled, the state must stay whole.
    layout = got
    c = layout.pile("neutral")[0]
    before = flow.final_of(layout)
    b0, c0 = layout.center(b), layout.center(c)
    b1 = flow.free_point(layout, "yes")
    c1 = flow.free_point(layout, "no")
    mark = kh.mark()
    kh.touch_down(3, b0)
    kh.touch_move(3, b0, b1)
    kh.touch_down(4, c0)
    kh.touch_move(4, c0, ((c0[0] + c1[0]) // 2, (c0[1] + c1[1]) // 2), steps=4)
    kh.touch_up(3, b1)
    kh.touch_move(4, ((c0[0] + c1[0]) // 2, (c0[1] + c1[1]) // 2), c1, steps=4)
    kh.touch_up(4, c1)
    kh.wait_layout(lambda l: flow.final_of(l) != before, timeout=10, after=mark,
                   what="finger 3's drop of %s" % b)
    kh.settle()
    got = kh.latest_layout()
    flow.check_pile_consistency(got, dealt, "two fingers, case 2")
    fin = flow.final_of(got)
    expect(fin[keyword_of(b)][0] == "yes", "finger 3 dragged %s to yes; it is in %s"
           % (b, fin[keyword_of(b)]), kh)
    log("  two fingers, overlapping the other way: %s -> yes; finger 4's card %s is in %s "
        "(%s)" % (keyword_of(b), keyword_of(c), fin[keyword_of(c)][0],
                  "ignored" if fin[keyword_of(c)][0] == "neutral" else "handled as a drag"))
    expect(got.done_enabled(), "Done disabled after the two-finger moves", kh)
    return got


# --------------------------------------------------------------------------


def linked(binary, name):
    """Whether the program names a library with `name` as one it needs to
    start (readelf, from binutils, which the compiler brings)."""
    r = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True)
    return any("NEEDED" in line and name in line for line in r.stdout.splitlines())


def mapped(kh, name):
    """Whether a library whose file name has `name` is in the kiosk's memory."""
    with open("/proc/%d/maps" % kh.proc.pid) as f:
        return name in f.read()


def run(mode, binary, work, out_dir):
    db = os.path.join(work, "sessions.db")
    args = ["--db", db, "--seed", str(SEED), "--idle-seconds", "3600"]
    kh = KioskHarness(binary, work, WIDTH, HEIGHT, kiosk_args=args, touch=(mode == "touch"),
                      trace_copy=os.path.join(out_dir, "e2e-visitor-%s-trace.log" % mode))
    age, residence = PROFILE[mode]
    with kh:
        kh.wait_layout(timeout=30, what="the first layout line")
        kh.find_window()
        # SDL2_image and its ten libraries cost the cold start 3-4 ms: they
        # are opened after the first frame, which has no picture.
        expect(not linked(binary, "libSDL2_image"), "the kiosk links SDL2_image: it is "
               "loaded before the first frame", kh)
        if mode == "keyboard":
            inp = flow.Keyboard(kh)
            kh.focus_window()
        elif mode == "touch":
            inp = flow.Touch(kh)
        else:
            inp = flow.Mouse(kh)

        if mode == "keyboard":
            # attract: Tab focuses "start"; language: Right goes from sv to en.
            flow.expect(focused(kh.latest_layout()) is None, "focus on attract before any key")
            flow.to_language(kh, inp)
            inp.prepare("lang:sv")
            press_arrow(kh, inp, "Right")
            expect(focused(kh.latest_layout()) == "lang:en",
                   "Right from lang:sv should focus lang:en", kh)
            flow.to_intro(kh, inp, LANG)
            inp.activate_key = "space"
            layout = flow.to_sort(kh, inp)
            inp.activate_key = "Return"
            expect(focused(layout) is None, "a fresh sort scene starts with focus on %s"
                   % focused(layout), kh)
            keyboard_arrows_in_deck(kh, inp, layout)
        else:
            layout = flow.visit_to_sort(kh, inp, LANG)
        log("%s: sort scene with %s" % (mode, layout.card_ids()))
        expect(mapped(kh, "libSDL2_image"), "the cards' pictures, but no SDL2_image loaded", kh)

        if mode == "mouse":
            _, layout = run_session(kh, 0, layout, {})
        elif mode == "taptap":
            layout = sort_by_plan(kh, layout, taptap_mover(kh))
        elif mode == "keyboard":
            layout = sort_by_plan(kh, layout, keyboard_mover(kh, inp))
            layout = keyboard_fill_pile(kh, inp, layout)
        else:
            layout = sort_by_plan(kh, layout, touch_mover(kh))
            layout = two_fingers(kh, layout)
        kh.settle()
        layout = kh.latest_layout()
        final = flow.final_of(layout)
        log("%s: sorted; yes %s, no %s, neutral %s" % (
            mode, layout.pile("yes"), layout.pile("no"), layout.pile("neutral")))

        saved, _ = flow.done_to_profile(kh, inp)
        flow.choose_profile(kh, inp, age, residence)
        flow.profile_to_thanks(kh, inp)
        layout = flow.thanks_to_attract(kh, inp)
        expect(not flow.selected(layout, flow.TEXT_TOGGLE), "larger text on for the next visitor")
        expect(not kh.bad_lines, "stdout lines that are not JSON: %s" % kh.bad_lines[:5])
        if mode == "keyboard":
            log("keyboard: %d key presses, no pointer" % inp.presses)
        code = kh.stop(check=True)
        expect(code == 0, "exit code %s after SIGTERM, expected 0" % code, kh)
        abandoned = kh.events_since("session-abandoned", 0)
        expect(not abandoned, "a session was abandoned on the way: %s" % abandoned)
    row = flow.check_stored(db, saved["session"], "completed", LANG, final, age, residence)
    log("%s: session %s stored: outcome %s, language %s, age %s, residence %s, %d cards"
        % (mode, saved["session"], row["outcome"], row["language"], row["age_band"],
           row["residence"], len(final)))


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in PROFILE:
        print("usage: visitor.py mouse|keyboard|taptap|touch", file=sys.stderr)
        return 2
    mode = sys.argv[1]
    binary, _, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-e2e-%s-" % mode) as work:
        run(mode, binary, work, out_dir)
    print("PASS: e2e visitor by %s" % mode)
    return 0


if __name__ == "__main__":
    run_test(main)
