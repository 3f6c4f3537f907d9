"""The pipeline test's kiosk half: SESSIONS visits on the real kiosk under
Xvfb, each sorted by mouse to a plan (a model of the piles), every drop
checked against the layout trace, and the results the tally must show.

visitor.py drives its visits with the same plan and drops.
"""

import os
import re
import time
import zlib

from harness import HarnessError, KioskHarness, card_id, keyword_of
from flow import Mouse, profile_to_thanks, thanks_to_attract, visit_to_sort
from pipeline_common import (DEAL, HEIGHT, PILE_SIZES, SEED, SESSIONS, WIDTH, ZONES, TestFailure,
                             check, log)

# --------------------------------------------------------------------------
# What a session should look like: a model of the piles


class Piles:
    """The test's own model of where every dealt card is, in rank order."""

    def __init__(self, dealt):
        self.dealt = list(dealt)
        self.piles = {z: [] for z in ZONES}

    def zone_of(self, kid):
        for z, ids in self.piles.items():
            if kid in ids:
                return z
        return "deck"

    def move(self, kid, zone, before=None):
        """Remove kid from its pile; insert before `before` or at the end."""
        old = self.zone_of(kid)
        if old != "deck":
            self.piles[old].remove(kid)
        ids = self.piles[zone]
        ids.insert(ids.index(before) if before else len(ids), kid)

    def all_placed(self):
        return all(self.zone_of(k) != "deck" for k in self.dealt)

    def expected(self):
        """{card id: (zone, rank)}, as the layout trace must report it."""
        out = {card_id(k): ("deck", None) for k in self.dealt}
        for z, ids in self.piles.items():
            for rank, k in enumerate(ids, 1):
                out[card_id(k)] = (z, rank)
        return out

    def final(self):
        """{keyword id: (zone, rank)} at Done."""
        return {keyword_of(c): zr for c, zr in self.expected().items()}


def plan_session(index, dealt):
    """The steps of one session, deterministic from the dealt keyword ids.

    Returns [(keyword id, zone, before keyword id or None)]. Cards are placed
    round-robin over the three piles, each at the bottom of its pile, so the
    yes pile's rank order is the plan's order. Then a few extra gestures move
    already placed cards, each session exercising a different kind.
    """
    order = sorted(dealt, key=lambda k: zlib.crc32(("%d:%s" % (index, k)).encode()))
    n_yes, n_no = PILE_SIZES[index % len(PILE_SIZES)]
    target = {"yes": order[:n_yes], "no": order[n_yes:n_yes + n_no],
              "neutral": order[n_yes + n_no:]}
    steps = []
    queues = {z: list(ids) for z, ids in target.items()}
    while any(queues.values()):
        for z in ZONES:
            if queues[z]:
                steps.append((queues[z].pop(0), z, None))

    yes, no, neutral = target["yes"], target["no"], target["neutral"]
    extra = []
    if index == 0:
        # Reorder inside yes: the last one jumps above the first.
        extra.append((yes[-1], "yes", yes[0]))
        # Re-drag a placed card to another pile: yes -> bottom of no.
        extra.append((yes[1], "no", None))
    elif index == 1:
        # From no into the middle of yes, above the card now ranked 2.
        extra.append((no[0], "yes", yes[1]))
        # Down inside yes: the top card to the bottom.
        extra.append((yes[0], "yes", None))
    elif index == 2:
        # neutral -> above the top of no.
        extra.append((neutral[-1], "no", no[0]))
    else:
        # yes -> neutral; then reorder yes upwards by one.
        extra.append((yes[2], "neutral", None))
        extra.append((yes[-1], "yes", yes[-2]))
    # The extra gestures are done while two cards are still in the deck, so
    # that Done must stay disabled through them; those two must not be cards
    # the extra gestures move or aim at.
    involved = {k for kid, _, before in extra for k in (kid, before) if k}
    tail = [s for s in steps if s[0] not in involved][-2:]
    head = [s for s in steps if s not in tail]
    return head + extra + tail


# --------------------------------------------------------------------------
# Driving the kiosk


def drop_point(layout, piles, kid, zone, before):
    """Where to release `kid` so that it lands where the model says.

    The contract: a card dropped on a zone is inserted at the position under
    the pointer. The upper quarter of a card means "before it". The bottom
    of the yes pile is the lower quarter of its last card; the bottom of the
    other piles is the far corner of the zone, below and right of every card,
    as a visitor dropping into the empty part of a pile would do.
    """
    if before:
        return layout.point_in(card_id(before), 0.5, 0.25)
    others = [k for k in piles.piles[zone] if k != kid]
    if not others:
        return layout.center("zone:" + zone)
    if zone == "yes":
        return layout.point_in(card_id(others[-1]), 0.5, 0.75)
    x, y, w, h = layout.rect("zone:" + zone)
    return x + w - 12, y + h - 12


def describe_mismatch(layout, want):
    got = layout.placement()
    lines = []
    for cid in sorted(set(want) | set(got)):
        if want.get(cid) != got.get(cid):
            lines.append("  %s: expected %s, got %s" % (cid, want.get(cid), got.get(cid)))
    return "\n".join(lines) or "  (placement matches; button:done differs)"


def wait_for_placement(kh, piles, after, what):
    """The first layout line after `after` that shows the model's placement
    (zones and ranks of every card) and the right Done state."""
    want = piles.expected()
    want_done = piles.all_placed()

    def matches(layout):
        return (layout.scene == "sort" and layout.placement() == want
                and layout.done_enabled() == want_done)
    try:
        return kh.wait_layout(matches, timeout=10, after=after, what=what)
    except HarnessError as e:
        latest = kh.latest_layout()
        raise TestFailure("%s\nexpected vs latest layout (line %d), done enabled: "
                          "expected %s, got %s:\n%s\n%s"
                          % (what, latest.seq, want_done,
                             (latest.item("button:done") or {}).get("enabled"),
                             describe_mismatch(latest, want), e)) from None


def reach_sort_scene(kh, after=0):
    """The first sort layout: attract -> language (Swedish) -> intro -> sort,
    each by a click on the button the trace names."""
    return visit_to_sort(kh, Mouse(kh), "sv", after=after)


def check_sort_layout(layout, keyword_ids):
    """Shape of a fresh deal: the window's size, three zones, Done disabled,
    DEAL cards from the keyword set, all in the deck."""
    check((layout.w, layout.h) == (WIDTH, HEIGHT),
          "layout size %sx%s, expected %dx%d" % (layout.w, layout.h, WIDTH, HEIGHT))
    for z in ZONES:
        zone = layout.require("zone:" + z)
        check(zone.get("role") == "zone", "zone:%s has role %r" % (z, zone.get("role")))
    done = layout.require("button:done")
    check(done.get("role") == "button" and done.get("enabled") is False,
          "button:done of a fresh deal must be a disabled button: %s" % done)
    cards = layout.cards()
    check(len(cards) == DEAL, "dealt %d cards, expected %d" % (len(cards), DEAL))
    ids = [keyword_of(c["id"]) for c in cards]
    check(len(set(ids)) == len(ids), "a card dealt twice in one session: %s" % ids)
    unknown = set(ids) - set(keyword_ids)
    check(not unknown, "dealt keywords not in the sample set: %s" % sorted(unknown))
    for c in cards:
        check(c.get("zone") == "deck" and "rank" not in c,
              "fresh deal card not in the deck (or with a rank): %s" % c)
        check(0 <= c["x"] and c["x"] + c["w"] <= WIDTH and 0 <= c["y"]
              and c["y"] + c["h"] <= HEIGHT, "card outside the window: %s" % c)
    return ids


def drag_holding(kh, start, end, hold=0.4):
    """A drag that pauses before letting go: the contract says no layout
    line while a card is held, whatever the pointer passes over (only
    drop-target events, which say where it would land)."""
    mark = kh.mark()
    kh.press_and_move(start, end)
    time.sleep(hold)
    during = [l for l in kh.trace_lines()[mark:] if '"drop-target"' not in l]
    kh.release()
    check(not during, "layout lines while a card was held (the contract: none during a "
          "drag):\n" + "\n".join(during))


def check_disabled_done_does_nothing(kh, layout):
    """A tap on the disabled Done button must not store anything."""
    mark = kh.mark()
    kh.click(*layout.center("button:done"))
    time.sleep(0.5)
    saved = kh.events_since("session-saved", mark)
    check(not saved, "tapping the disabled Done stored a session: %s" % saved)


def run_session(kh, index, layout, shots):
    """Sort one deal per the plan; returns the final {keyword: (zone, rank)}."""
    dealt = [keyword_of(c) for c in layout.card_ids()]
    piles = Piles(dealt)
    steps = plan_session(index, dealt)
    for n, (kid, zone, before) in enumerate(steps, 1):
        kh.settle()
        layout = kh.latest_layout()
        start = layout.center(card_id(kid))
        end = drop_point(layout, piles, kid, zone, before)
        was = piles.zone_of(kid)
        piles.move(kid, zone, before)
        mark = kh.mark()
        if n == 1:
            drag_holding(kh, start, end)
        else:
            kh.drag(start, end)
        what = ("session %d step %d: %s from %s to %s%s (drop at %s)"
                % (index + 1, n, kid, was, zone,
                   " above " + before if before else " at the bottom", end))
        layout = wait_for_placement(kh, piles, mark, what)
        check(layout.pile("yes") == [card_id(k) for k in piles.piles["yes"]],
              "%s: yes pile order %s" % (what, layout.pile("yes")))
        if n == len(steps) // 2 and shots.get("mid"):
            kh.park_pointer()
            kh.settle()
            kh.screenshot(shots["mid"])
            log("  screenshot %s" % shots["mid"])
        if index == 0 and n == len(steps) - 1:
            check(not layout.done_enabled(), "Done enabled with a card still in the deck")
            check_disabled_done_does_nothing(kh, layout)
    check(layout.done_enabled(), "Done not enabled after every card was placed")
    if shots.get("end"):
        kh.park_pointer()
        kh.settle()
        kh.screenshot(shots["end"])
        log("  screenshot %s" % shots["end"])
    return piles.final(), layout


def finish_session(kh, layout, last=False):
    """Tap Done, skip the profile, restart on the thanks scene and walk the
    next visitor to a fresh deal (unless `last`: then stop on attract,
    where SIGTERM has no session to store).
    Returns (session-saved event, the next deal's layout or None)."""
    kh.settle()
    mark = kh.mark()
    kh.click(*layout.center("button:done"))
    saved = kh.wait_event("session-saved", timeout=15, after=mark)
    check(saved.get("placed") == DEAL,
          "session-saved placed=%s, expected %d: %s" % (saved.get("placed"), DEAL, saved))
    check(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                       str(saved.get("session"))),
          "session-saved without a UUID: %s" % saved)
    mouse = Mouse(kh)
    kh.wait_scene("profile", timeout=15, after=mark)
    profile_to_thanks(kh, mouse, "button:skip")
    thanks_to_attract(kh, mouse)
    if last:
        return saved, None

    def fresh_deal(l):
        return (l.scene == "sort" and len(l.cards()) == DEAL
                and all(c.get("zone") == "deck" for c in l.cards()))
    nxt = reach_sort_scene(kh, after=mark)
    check(fresh_deal(nxt), "the next visit did not start with a fresh deal: %s" % nxt.record)
    return saved, nxt


def run_kiosk(binary, work, keyword_ids, shots, trace_copy):
    """All kiosk sessions; returns ([{keyword: (zone, rank)}], [dealt ids])."""
    db = os.path.join(work, "kiosk", "sessions.db")
    os.makedirs(os.path.dirname(db))
    args = ["--db", db, "--seed", str(SEED), "--idle-seconds", "3600"]
    results, deals, uuids = [], [], []
    kh = KioskHarness(binary, work, WIDTH, HEIGHT, kiosk_args=args, trace_copy=trace_copy)
    with kh:
        layout = reach_sort_scene(kh)
        kh.find_window()
        log("kiosk up on %s, window %s" % (kh.xserver.display, kh.window))
        for i in range(SESSIONS):
            dealt = check_sort_layout(layout, keyword_ids)
            deals.append(dealt)
            # Mid-sort screenshot in the first session, all-placed in the last.
            session_shots = {"mid": shots["mid"]} if i == 0 else {}
            if i == SESSIONS - 1:
                session_shots["end"] = shots["end"]
            final, layout = run_session(kh, i, layout, session_shots)
            saved, layout = finish_session(kh, layout, last=(i == SESSIONS - 1))
            check(saved["session"] not in uuids, "session UUID reused: %s" % saved)
            uuids.append(saved["session"])
            results.append(final)
            log("session %d saved: %s, yes order %s" % (
                i + 1, saved["session"],
                [k for k, (z, r) in sorted(final.items(), key=lambda kv: kv[1][1] or 0)
                 if z == "yes"]))
        check(not kh.bad_lines, "stdout lines that are not JSON objects: %s"
              % kh.bad_lines[:5])
        code = kh.stop(check=True)
        check(code == 0, "kiosk exit code after SIGTERM: %s, expected 0%s"
              % (code, kh.diagnostics()))
    return db, results, deals
