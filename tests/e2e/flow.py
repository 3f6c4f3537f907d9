"""A visitor's way through the kiosk's scenes, for the end-to-end tests.

    attract -> language -> intro -> sort -> (Done) profile -> thanks -> attract

Each step is "activate an item, wait for the layout line that shows the
result". How an item is activated is the input's business, so one walk
serves every input a visitor may use:

    Mouse(kh)     xdotool clicks and drags
    Touch(kh)     finger events through the kiosk's --touch-from-stdin hook
    Keyboard(kh)  Tab / Shift+Tab to the item (each focus move checked
                  against the trace's "focused"), then Return or space

Everything here raises HarnessError (an AssertionError) on a failure, with
the kiosk's recent trace and stderr in the message.
"""

import re
import sqlite3

from harness import HarnessError, keyword_of

DEAL = 12
ZONES = ("yes", "no", "neutral")
LANGS = ("sv", "en", "ar")
TEXT_TOGGLE = "button:larger-text"
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
AGES = ("-15", "16-25", "26-45", "46-65", "66-")
RESIDENCES = ("city", "municipality", "visitor")


def fail(message, kh=None):
    raise HarnessError(message + (kh.diagnostics() if kh is not None else ""))


def expect(cond, message, kh=None):
    if not cond:
        fail(message, kh)


def log(message):
    print(message, flush=True)


# --------------------------------------------------------------------------
# Reading a layout


def focused(layout):
    """The id of the item with "focused": true, or None."""
    ids = [it["id"] for it in layout.items if it.get("focused")]
    return ids[0] if ids else None


def selected(layout, item_id):
    it = layout.item(item_id)
    return bool(it and it.get("selected"))


def tab_order(layout):
    """The documented Tab order: cards, then zones, then buttons, each in
    trace order, skipping items with "enabled": false."""
    return [it["id"] for role in ("card", "zone", "button") for it in layout.items
            if it.get("role") == role and it.get("enabled") is not False]


def center_of(it):
    return it["x"] + it["w"] // 2, it["y"] + it["h"] // 2


def inside(point, it):
    x, y = point
    return it["x"] <= x < it["x"] + it["w"] and it["y"] <= y < it["y"] + it["h"]


def free_point(layout, zone):
    """A point in zone:<zone> that lies on no card (a tap there means the
    pile itself, not a card in it), near the zone's bottom when possible."""
    z = layout.require("zone:" + zone)
    cards = layout.cards()
    for fy in (0.95, 0.85, 0.75, 0.6, 0.5, 0.4, 0.3):
        for fx in (0.9, 0.5, 0.1, 0.7, 0.3):
            p = (int(z["x"] + z["w"] * fx), int(z["y"] + z["h"] * fy))
            if not any(inside(p, c) for c in cards):
                return p
    fail("zone:%s has no point free of cards: %s" % (zone, z))


def check_pile_consistency(layout, dealt, what):
    """Every dealt card exactly once; in each pile the ranks are 1..n."""
    ids = layout.card_ids()
    want = sorted("card:" + k for k in dealt)
    expect(sorted(ids) == want, "%s: cards on screen %s, dealt %s (lost or doubled)"
           % (what, sorted(ids), want))
    for z in ZONES:
        ranks = sorted(c.get("rank") for c in layout.cards() if c.get("zone") == z)
        expect(ranks == list(range(1, len(ranks) + 1)),
               "%s: ranks in %s are %s, expected 1..%d" % (what, z, ranks, len(ranks)))
    for c in layout.cards():
        expect(c.get("zone") in ("deck",) + ZONES, "%s: card in no known zone: %s"
               % (what, c))


def is_fresh_deal(layout, deal=DEAL):
    return (layout.scene == "sort" and len(layout.cards()) == deal
            and all(c.get("zone") == "deck" for c in layout.cards()))


# --------------------------------------------------------------------------
# Inputs


class Mouse:
    name = "mouse"

    def __init__(self, kh):
        self.kh = kh

    def prepare(self, item_id):
        pass

    def activate(self, item_id):
        self.kh.click(*self.kh.latest_layout().center(item_id))

    def tap(self, point):
        self.kh.click(*point)

    def drag(self, start, end):
        self.kh.drag(start, end)


class Touch:
    name = "touch"

    def __init__(self, kh, finger=1):
        self.kh = kh
        self.finger = finger

    def prepare(self, item_id):
        pass

    def activate(self, item_id):
        self.tap(self.kh.latest_layout().center(item_id))

    def tap(self, point):
        self.kh.touch_tap(point, self.finger)

    def drag(self, start, end):
        self.kh.touch_drag(start, end, self.finger)


class Keyboard:
    """Focus by Tab / Shift+Tab (whichever is shorter), activate by a key.

    Every key press is checked: the next layout line must show the focus on
    the item the documented Tab order predicts.
    """
    name = "keyboard"

    def __init__(self, kh, activate_key="Return"):
        self.kh = kh
        self.activate_key = activate_key
        self.presses = 0

    def press_expecting(self, key, expected, why=""):
        """Press `key`; the next layout line must focus `expected`."""
        kh = self.kh
        before = focused(kh.latest_layout())
        mark = kh.mark()
        kh.key(key)
        self.presses += 1
        try:
            return kh.wait_layout(lambda l: focused(l) == expected, timeout=5, after=mark,
                                  what="focus on %s after %s%s" % (expected, key, why))
        except HarnessError as e:
            now = focused(kh.latest_layout())
            raise HarnessError("key %s with focus on %s: expected focus on %s, the trace "
                               "shows %s%s\n%s" % (key, before, expected, now, why, e)) from None

    def prepare(self, item_id):
        kh = self.kh
        for _ in range(200):
            kh.settle()
            layout = kh.latest_layout()
            cur = focused(layout)
            if cur == item_id:
                return layout
            order = tab_order(layout)
            expect(item_id in order, "%s is not in the Tab order %s" % (item_id, order), kh)
            n = len(order)
            target = order.index(item_id)
            if cur in order:
                i = order.index(cur)
                fwd, back = (target - i) % n, (i - target) % n
                nxt_f, nxt_b = order[(i + 1) % n], order[(i - 1) % n]
            else:  # nothing focused yet: Tab goes to the first, Shift+Tab to the last
                fwd, back = target + 1, n - target
                nxt_f, nxt_b = order[0], order[-1]
            if fwd <= back:
                self.press_expecting("Tab", nxt_f, " (Tab order %s)" % order)
            else:
                self.press_expecting("shift+Tab", nxt_b, " (Tab order %s)" % order)
        fail("focus never reached %s" % item_id, kh)

    def activate(self, item_id, key=None):
        self.kh.key(key or self.activate_key)
        self.presses += 1


# --------------------------------------------------------------------------
# Steps


# How long a step may take to show its result; tests that load the machine
# (several 4K kiosks at once) raise it.
STEP_TIMEOUT = 15


def step(kh, inp, item_id, until, what, timeout=None):
    """Activate item_id with inp; the first layout line after it for which
    `until` holds."""
    timeout = STEP_TIMEOUT if timeout is None else timeout
    kh.settle()
    inp.prepare(item_id)
    kh.settle()
    layout = kh.latest_layout()
    layout.require(item_id)
    mark = kh.mark()
    inp.activate(item_id)
    return kh.wait_layout(until, timeout=timeout, after=mark, what=what)


def scene_is(name):
    return lambda l: l.scene == name


def expect_scene_items(kh, layout, ids):
    missing = [i for i in ids if layout.item(i) is None]
    expect(not missing, "scene %s lacks %s; items: %s"
           % (layout.scene, missing, [it.get("id") for it in layout.items]), kh)


def to_language(kh, inp):
    """attract -> language (tap "start", which covers the attract screen)."""
    layout = kh.latest_layout()
    expect(layout.scene == "attract", "expected scene attract, latest is %s" % layout.scene, kh)
    expect_scene_items(kh, layout, ["button:start", TEXT_TOGGLE])
    layout = step(kh, inp, "button:start", scene_is("language"), "scene language after start")
    expect_scene_items(kh, layout, ["lang:" + c for c in LANGS] + [TEXT_TOGGLE])
    return layout


def to_intro(kh, inp, lang):
    layout = step(kh, inp, "lang:" + lang, scene_is("intro"), "scene intro after lang:" + lang)
    expect_scene_items(kh, layout, ["button:start", TEXT_TOGGLE])
    return layout


def to_sort(kh, inp, deal=DEAL):
    layout = step(kh, inp, "button:start", scene_is("sort"), "scene sort after intro's start")
    expect(is_fresh_deal(layout, deal), "sort did not start with %d cards in the deck: %s"
           % (deal, layout.record), kh)
    expect_scene_items(kh, layout, ["zone:" + z for z in ZONES] + ["button:done", TEXT_TOGGLE])
    expect(not layout.done_enabled(), "button:done enabled on a fresh deal", kh)
    return layout


def visit_to_sort(kh, inp, lang, after=0):
    """From the attract scene (waited for after trace position `after`) to
    a fresh deal in the sort scene, in `lang`."""
    kh.wait_scene("attract", timeout=30, after=after)
    to_language(kh, inp)
    to_intro(kh, inp, lang)
    return to_sort(kh, inp)


def done_to_profile(kh, inp, deal=DEAL):
    """Done on a fully sorted deal: (session-saved event, profile layout)."""
    kh.settle()
    mark = kh.mark()
    layout = step(kh, inp, "button:done", scene_is("profile"), "scene profile after Done")
    saved = kh.wait_event("session-saved", timeout=10, after=mark)
    expect(saved.get("placed") == deal and re.fullmatch(UUID_RE, str(saved.get("session"))),
           "session-saved should carry placed=%d and a UUID: %s" % (deal, saved), kh)
    expect_scene_items(kh, layout, ["age:" + a for a in AGES]
                       + ["residence:" + r for r in RESIDENCES]
                       + ["button:skip", "button:done", TEXT_TOGGLE])
    for a in AGES:
        expect(layout.item("age:" + a).get("selected") is False,
               "age:%s selected on a fresh profile scene" % a, kh)
    return saved, layout


def choose_profile(kh, inp, age, residence):
    """Choose one age band and one residence; returns the layout showing both."""
    step(kh, inp, "age:" + age, lambda l: selected(l, "age:" + age),
         "age:%s selected" % age)
    layout = step(kh, inp, "residence:" + residence,
                  lambda l: selected(l, "residence:" + residence),
                  "residence:%s selected" % residence)
    expect(selected(layout, "age:" + age), "age:%s lost its selection" % age, kh)
    others = [it["id"] for it in layout.items if it.get("selected")
              and it["id"] not in ("age:" + age, "residence:" + residence)]
    expect(not others, "more than one answer selected: %s" % others, kh)
    return layout


def profile_to_thanks(kh, inp, button="button:done"):
    layout = step(kh, inp, button, scene_is("thanks"), "scene thanks after " + button)
    expect_scene_items(kh, layout, ["button:restart", TEXT_TOGGLE])
    return layout


def thanks_to_attract(kh, inp):
    return step(kh, inp, "button:restart", scene_is("attract"), "scene attract after restart")


# --------------------------------------------------------------------------
# The session log, read directly (the schema of docs/export-format.md)


def session_rows(db, uuid):
    """(session row as a dict, {keyword: (pile, rank)}) for one UUID."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        con.row_factory = sqlite3.Row
        row = con.execute("SELECT * FROM sessions WHERE uuid = ?", (uuid,)).fetchone()
        if row is None:
            all_rows = con.execute("SELECT uuid, outcome FROM sessions").fetchall()
            fail("no session %s in %s; sessions: %s" % (uuid, db, [tuple(r) for r in all_rows]))
        cards = {r["keyword_id"]: (r["pile"], r["rank"]) for r in con.execute(
            "SELECT keyword_id, pile, rank FROM cards WHERE session_id = ?", (row["id"],))}
        return dict(row), cards
    finally:
        con.close()


def check_stored(db, uuid, outcome, language, final, age=None, residence=None):
    """The log holds the session as the visitor left it: outcome, language,
    profile, and every card's pile and rank (final: {keyword: (zone, rank)},
    "deck" meaning not placed)."""
    row, cards = session_rows(db, uuid)
    problems = []
    for col, want in (("outcome", outcome), ("language", language), ("age_band", age),
                      ("residence", residence)):
        if row.get(col) != want:
            problems.append("sessions.%s = %r, expected %r" % (col, row.get(col), want))
    want_cards = {k: (None, None) if z == "deck" else (z, r) for k, (z, r) in final.items()}
    if cards != want_cards:
        for k in sorted(set(cards) | set(want_cards)):
            if cards.get(k) != want_cards.get(k):
                problems.append("cards[%s] = %s, expected %s"
                                % (k, cards.get(k), want_cards.get(k)))
    expect(not problems, "session %s in %s differs from what the visitor did:\n  %s"
           % (uuid, db, "\n  ".join(problems)))
    return row


def final_of(layout):
    """{keyword: (zone, rank or None)} from a sort layout."""
    return {keyword_of(c["id"]): (c.get("zone"), c.get("rank")) for c in layout.cards()}
