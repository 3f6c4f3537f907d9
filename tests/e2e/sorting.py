#!/usr/bin/env python3
"""End-to-end: sorting a visitor can predict, by real X input.

    sorting.py drop      a card held over a pile shows where it will land
                         (a drop-target line: pile, rank and the gap drawn);
                         let go, it lands exactly there; three cards dropped
                         at the same low point keep the order they were
                         dropped in
    sorting.py deck      deck cards keep their places while others leave;
                         a card put back returns to its own place
    sorting.py done      (portrait) a tap on the disabled Done says how many
                         cards are left; once all are placed the deck says
                         so and Done is enabled; Done and the progress lie in
                         the lower part of the screen
    sorting.py language  the language changed while sorting, and back on the
                         language scene, keep every card where it was; start
                         over asks first, "no" keeps the piles, "yes" stores
                         the visit as abandoned in the language shown
    sorting.py taptap    a card picked up by a tap lights up the piles it may
                         go to, and can be put back in the deck

Exit codes: 0 pass, 1 fail, 77 skip (no Xvfb/xdotool).
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log, scene_is, step  # noqa: E402

ZONES = flow.ZONES


def start(binary, work, out_dir, name, width=1920, height=1080, seed=8):
    db = os.path.join(work, "sessions.db")
    kh = KioskHarness(binary, work, width, height,
                      kiosk_args=["--db", db, "--seed", str(seed), "--idle-seconds", "3600"],
                      trace_copy=os.path.join(out_dir, "e2e-sorting-%s-trace.log" % name))
    return db, kh


def rect(it):
    return (it["x"], it["y"], it["w"], it["h"])


def place(kh, cid, zone):
    """Drag a card into a zone's free area; the layout that shows it there."""
    kh.settle()
    layout = kh.latest_layout()
    mark = kh.mark()
    kh.drag(layout.center(cid), flow.free_point(layout, zone))
    return kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone, timeout=10,
                          after=mark, what="%s dragged into %s" % (cid, zone))


def hold(kh, cid, point):
    """Pick up cid, move it to point and hold it there: the last drop-target
    line, which says where a drop would put it now."""
    kh.settle()
    layout = kh.latest_layout()
    mark = kh.mark()
    kh.press_and_move(layout.center(cid), point, steps=12)
    kh.wait_event("drop-target", timeout=5, after=mark)
    time.sleep(0.3)
    targets = kh.events_since("drop-target", mark)
    layouts = [l for l in kh.trace_lines()[mark:] if '"drop-target"' not in l]
    expect(not layouts, "layout lines while %s was held:\n%s" % (cid, "\n".join(layouts)), kh)
    return targets[-1]


def let_go(kh, cid, target, what):
    """Release; the card must land where target said, in the gap it showed."""
    mark = kh.mark()
    kh.release()
    zone, rank = target["zone"], target.get("rank")
    layout = kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone
                            and (zone == "deck" or l.item(cid).get("rank") == rank),
                            timeout=10, after=mark,
                            what="%s: %s at %s rank %s, as shown" % (what, cid, zone, rank))
    gap = (target["x"], target["y"], target["w"], target["h"])
    expect(rect(layout.require(cid)) == gap,
           "%s: %s landed at %s, the gap was drawn at %s" % (what, cid,
                                                            rect(layout.require(cid)), gap), kh)
    return layout


# --------------------------------------------------------------------------


def run_drop(binary, work, out_dir):
    db, kh = start(binary, work, out_dir, "drop")
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        layout = flow.visit_to_sort(kh, flow.Mouse(kh), "sv")
        deck = layout.card_ids()
        for cid in deck[:4]:
            layout = place(kh, cid, "yes")
        yes = layout.pile("yes")
        # On the upper left of the second card: before it, rank 2.
        target = hold(kh, deck[4], layout.point_in(yes[1], 0.25, 0.25))
        expect(target.get("zone") == "yes" and target.get("rank") == 2,
               "held on the upper left of rank 2, the kiosk shows %s" % target, kh)
        layout = let_go(kh, deck[4], target, "before rank 2")
        yes = layout.pile("yes")
        # On the lower right of the (new) third card: after it, rank 4.
        target = hold(kh, deck[5], layout.point_in(yes[2], 0.75, 0.75))
        expect(target.get("zone") == "yes" and target.get("rank") == 4,
               "held on the lower right of rank 3, the kiosk shows %s" % target, kh)
        layout = let_go(kh, deck[5], target, "after rank 3")
        log("drop: before rank 2 and after rank 3, each where the gap was shown")

        # Three cards at the same low point: each at the end, in order.
        order = []
        for cid in deck[6:9]:
            kh.settle()
            layout = kh.latest_layout()
            n = len(layout.pile("yes"))
            x, y, w, h = layout.rect("zone:yes")
            target = hold(kh, cid, (x + w - 6, y + h - 6))
            expect(target.get("rank") == n + 1,
                   "held at the bottom of yes (%d cards), the kiosk shows %s" % (n, target), kh)
            layout = let_go(kh, cid, target, "the low point")
            order.append(cid)
        got = layout.pile("yes")[-3:]
        expect(got == order, "three cards dropped at the same low point: dropped %s, the "
               "pile ends %s" % (order, got), kh)
        log("drop: three cards at the same low point kept their order: %s"
            % [keyword_of(c) for c in got])

        # Letting go off every pile: it goes back, as shown (zone null).
        kh.settle()
        layout = kh.latest_layout()
        cid = layout.pile("yes")[0]
        before = layout.placement()
        target = hold(kh, cid, (layout.w // 2, 3))
        expect(target.get("zone") is None, "held on the header, the kiosk shows %s" % target,
               kh)
        mark = kh.mark()
        kh.release()
        time.sleep(0.5)
        kh.settle()
        expect(kh.latest_layout().placement() == before,
               "let go on the header, the piles changed", kh)
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


def run_deck(binary, work, out_dir):
    db, kh = start(binary, work, out_dir, "deck")
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        fresh = flow.visit_to_sort(kh, flow.Mouse(kh), "sv")
        places = {c["id"]: rect(c) for c in fresh.cards()}
        deck = fresh.card_ids()
        moved = [deck[0], deck[3], deck[5], deck[len(deck) - 1]]
        for cid, zone in zip(moved, ("yes", "no", "neutral", "yes")):
            layout = place(kh, cid, zone)
            for c in layout.cards():
                if c["zone"] == "deck":
                    expect(rect(c) == places[c["id"]],
                           "%s moved in the deck from %s to %s when %s left"
                           % (c["id"], places[c["id"]], rect(c), cid), kh)
        # Back to the deck: to its own place, shown there while held.
        cid = moved[1]
        target = hold(kh, cid, flow.free_point(kh.latest_layout(), "deck"))
        expect(target.get("zone") == "deck", "held on the deck, the kiosk shows %s" % target,
               kh)
        layout = let_go(kh, cid, target, "back to the deck")
        for c in layout.cards():
            if c["zone"] == "deck":
                expect(rect(c) == places[c["id"]], "%s is at %s in the deck, dealt at %s"
                       % (c["id"], rect(c), places[c["id"]]), kh)
        log("deck: %d cards left and one came back; every deck card kept its place"
            % len(moved))
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


def run_done(binary, work, out_dir):
    db, kh = start(binary, work, out_dir, "done", 1080, 1920)
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        layout = flow.visit_to_sort(kh, mouse, "en")
        for name in ("button:done", "button:start-over", "button:language", flow.TEXT_TOGGLE):
            it = layout.require(name)
            expect(it["y"] >= layout.h * 0.75, "%s is at y=%d, not in the lower part of the "
                   "%dx%d screen" % (name, it["y"], layout.w, layout.h), kh)
        deck = layout.card_ids()
        for i, cid in enumerate(deck[:-3]):
            layout = place(kh, cid, ZONES[i % 3])
        kh.settle()
        mark = kh.mark()
        kh.click(*layout.center("button:done"))
        shown = kh.wait_layout(lambda l: l.item("message:cards-left") is not None, timeout=5,
                               after=mark, what="message:cards-left after a tap on Done")
        msg = shown.require("message:cards-left")
        expect((msg.get("count"), msg.get("total"), msg.get("role")) == (3, len(deck), "text"),
               "a tap on the disabled Done with 3 cards left says %s" % msg, kh)
        expect(not shown.done_enabled() and not kh.events_since("session-saved", mark),
               "the tap on the disabled Done did more than answer", kh)
        log("done: a tap on the disabled Done says %d of %d left" % (msg["count"],
                                                                     msg["total"]))
        for cid in deck[-3:]:
            layout = place(kh, cid, "yes")
            expect(layout.item("message:cards-left") is None,
                   "the cards-left message stays after a card landed", kh)
        kh.settle()
        layout = kh.latest_layout()
        expect(layout.done_enabled(), "Done not enabled with every card placed", kh)
        expect(layout.item("message:all-sorted") is not None,
               "the empty deck does not say that all are sorted", kh)
        kh.park_pointer()
        kh.settle()
        kh.screenshot(os.path.join(out_dir, "e2e-sorting-done.png"))
        flow.done_to_profile(kh, mouse)
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


def run_language(binary, work, out_dir):
    db, kh = start(binary, work, out_dir, "language", 1280, 720)
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        layout = flow.visit_to_sort(kh, mouse, "sv")
        deck = layout.card_ids()
        for cid, zone in zip(deck[:5], ("yes", "no", "yes", "neutral", "yes")):
            layout = place(kh, cid, zone)
        kh.settle()
        placed = kh.latest_layout().placement()

        step(kh, mouse, "button:language", scene_is("language"), "language from sort")
        back = step(kh, mouse, "button:back", scene_is("sort"), "sort after back")
        expect(back.placement() == placed, "back from the language scene changed the piles: "
               "%s, before %s" % (back.placement(), placed), kh)
        step(kh, mouse, "button:language", scene_is("language"), "language from sort again")
        mirrored = step(kh, mouse, "lang:ar", scene_is("sort"), "sort in Arabic")
        expect(mirrored.placement() == placed, "changing the language changed the piles: %s, "
               "before %s" % (mirrored.placement(), placed), kh)
        # The piles stand where they stood, mirrored: the page reads right to left.
        for z in ZONES + ("deck",):
            sv, ar = back.require("zone:" + z), mirrored.require("zone:" + z)
            want = (back.w - sv["x"] - sv["w"], sv["y"], sv["w"], sv["h"])
            expect(all(abs(p - q) <= 1 for p, q in zip(rect(ar), want)),
                   "zone:%s in Arabic at %s, the Swedish one mirrored is %s"
                   % (z, rect(ar), want), kh)
        log("language: back, and a change to Arabic, kept %d cards where they were"
            % sum(1 for z, _ in placed.values() if z != "deck"))

        ask = step(kh, mouse, "button:start-over", scene_is("confirm"), "the question")
        expect(ask.item("button:confirm") and ask.item("button:cancel"),
               "the start-over question lacks its buttons", kh)
        again = step(kh, mouse, "button:cancel", scene_is("sort"), "sort after no")
        expect(again.placement() == placed, "no changed the piles", kh)
        step(kh, mouse, "button:start-over", scene_is("confirm"), "the question again")
        mark = kh.mark()
        step(kh, mouse, "button:confirm", scene_is("attract"), "attract after yes")
        ev = kh.wait_event("session-abandoned", timeout=5, after=mark)
        expect(ev.get("placed") == 5, "start over stored %s, expected 5 placed" % ev, kh)
        row, cards = flow.session_rows(db, ev["session"])
        expect(row["outcome"] == "abandoned" and row["language"] == "ar",
               "start over stored %s in %s, expected abandoned in ar"
               % (row["outcome"], row["language"]), kh)
        log("language: start over asked first; yes stored the visit as abandoned, in ar")
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


def run_taptap(binary, work, out_dir):
    db, kh = start(binary, work, out_dir, "taptap")
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        fresh = flow.visit_to_sort(kh, mouse, "sv")
        for z in ZONES + ("deck",):
            expect(not fresh.require("zone:" + z).get("target"),
                   "zone:%s is a target with nothing picked up" % z, kh)
        cid = fresh.card_ids()[2]
        home = rect(fresh.require(cid))
        picked = step(kh, mouse, cid, lambda l: flow.selected(l, cid), "%s picked up" % cid)
        for z in ZONES:
            expect(picked.require("zone:" + z).get("target") is True,
                   "zone:%s does not light up for a card from the deck" % z, kh)
        expect(not picked.require("zone:deck").get("target"),
               "the deck lights up for a card already in it", kh)
        mark = kh.mark()
        mouse.tap(flow.free_point(picked, "no"))
        layout = kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == "no", timeout=10,
                                after=mark, what="%s tapped into no" % cid)
        expect(not any(layout.require("zone:" + z).get("target") for z in ZONES + ("deck",)),
               "piles still lit after the card was placed", kh)
        picked = step(kh, mouse, cid, lambda l: flow.selected(l, cid), "%s picked up again"
                      % cid)
        expect(picked.require("zone:deck").get("target") is True,
               "the deck does not light up for a card in a pile", kh)
        mark = kh.mark()
        mouse.tap(flow.free_point(picked, "deck"))
        layout = kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == "deck",
                                timeout=10, after=mark, what="%s tapped back to the deck" % cid)
        expect(rect(layout.require(cid)) == home, "%s came back to the deck at %s, dealt at %s"
               % (cid, rect(layout.require(cid)), home), kh)
        log("taptap: the piles lit up; the card went to no and back to its place in the deck")
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


PARTS = {"drop": run_drop, "deck": run_deck, "done": run_done, "language": run_language,
         "taptap": run_taptap}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in PARTS:
        print("usage: sorting.py %s" % "|".join(PARTS), file=sys.stderr)
        return 2
    binary, _, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-e2e-sorting-") as work:
        PARTS[sys.argv[1]](binary, work, out_dir)
    print("PASS: e2e sorting %s" % sys.argv[1])
    return 0


if __name__ == "__main__":
    run_test(main)
