"""Reading the kiosk's `--trace-layout` lines: what the e2e tests know of the screen.

Every coordinate a test touches is one the kiosk itself reported in these
lines (one JSON object per line on stdout), so the tests never guess where
things are. `Layout` wraps one layout line; `TraceReader` is the part of
KioskHarness (harness.py) that collects the lines from the kiosk's stdout on
a thread of its own and waits for the one a test needs.
"""

import json
import os
import subprocess
import time


class HarnessError(AssertionError):
    """A test failure; the message carries the kiosk's recent output."""


# --------------------------------------------------------------------------
# Layout lines


class Layout:
    """One `{"scene":...,"items":[...]}` trace line, with lookups by id.

    Unknown items and keys are kept but never required, so the kiosk may add
    scenes, buttons and fields without breaking the tests.
    """

    def __init__(self, record, seq):
        self.record = record
        self.seq = seq  # position in the trace, for "newer than" checks
        self.t = record.get("t")
        self.scene = record.get("scene")
        self.w = record.get("w")
        self.h = record.get("h")
        self.items = record.get("items", [])
        self._by_id = {it.get("id"): it for it in self.items}

    def item(self, item_id):
        """The item with this id, or None."""
        return self._by_id.get(item_id)

    def require(self, item_id):
        it = self.item(item_id)
        if it is None:
            raise HarnessError("layout line %d has no item %r; ids: %s"
                               % (self.seq, item_id, sorted(self._by_id)))
        return it

    def cards(self):
        """All card items, in trace order."""
        return [it for it in self.items if it.get("role") == "card"]

    def card_ids(self):
        return [it["id"] for it in self.cards()]

    def pile(self, zone):
        """Card ids in `zone`, ordered by rank (the deck in trace order)."""
        cards = [it for it in self.cards() if it.get("zone") == zone]
        if zone != "deck":
            cards.sort(key=lambda it: it.get("rank", 0))
        return [it["id"] for it in cards]

    def placement(self):
        """{card id: (zone, rank or None)} for every card."""
        return {it["id"]: (it.get("zone"), it.get("rank"))
                for it in self.cards()}

    def done_enabled(self):
        return bool(self.require("button:done").get("enabled"))

    def rect(self, item_id):
        it = self.require(item_id)
        return it["x"], it["y"], it["w"], it["h"]

    def point_in(self, item_id, fx=0.5, fy=0.5):
        """A point inside an item at fractions (fx, fy) of its size."""
        x, y, w, h = self.rect(item_id)
        return int(x + w * fx), int(y + h * fy)

    def center(self, item_id):
        return self.point_in(item_id, 0.5, 0.5)


def card_id(keyword_id):
    return "card:" + keyword_id


def keyword_of(card_item_id):
    return card_item_id.split(":", 1)[1]


def summarize(line, limit=600):
    """One trace line made readable: a layout as its piles, anything else raw."""
    try:
        rec = json.loads(line)
    except ValueError:
        rec = None
    if not isinstance(rec, dict) or "items" not in rec:
        return line if len(line) <= limit else line[:limit] + "...(%d chars)" % len(line)
    layout = Layout(rec, -1)
    parts = ["t=%s scene=%s %sx%s" % (layout.t, layout.scene, layout.w, layout.h)]
    for zone in ("deck", "yes", "no", "neutral"):
        ids = [keyword_of(c) for c in layout.pile(zone)]
        if ids:
            parts.append("%s[%s]" % (zone, ",".join(ids)))
    done = layout.item("button:done")
    if done is not None:
        parts.append("done=%s" % ("on" if done.get("enabled") else "off"))
    others = [it.get("id") for it in layout.items
              if it.get("role") not in ("card", "zone") and it.get("id") != "button:done"]
    if others:
        parts.append("other=%s" % ",".join(map(str, others)))
    return " ".join(parts)


class TraceReader:
    """The trace half of KioskHarness: expects the harness's proc, _lines,
    _cond, _eof, bad_lines, trace_copy, command/binary, exit_code,
    stderr_text() and diagnostics()."""

    # -- trace -------------------------------------------------------------

    def _read_stdout(self):
        for raw in self.proc.stdout:
            raw = raw.rstrip("\n")
            try:
                rec = json.loads(raw)
                if not isinstance(rec, dict):
                    raise ValueError("not an object")
            except ValueError:
                rec = None
                self.bad_lines.append(raw)
            with self._cond:
                self._lines.append((len(self._lines), raw, rec))
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def mark(self):
        """The trace position now; pass as `after` to wait for newer lines."""
        with self._cond:
            return len(self._lines)

    def _wait_record(self, pred, timeout, after, what):
        """The first parsed line at or after `after` for which pred holds."""
        deadline = time.monotonic() + timeout
        seq = after
        with self._cond:
            while True:
                while seq < len(self._lines):
                    _, _, rec = self._lines[seq]
                    seq += 1
                    if rec is not None:
                        hit = pred(rec, seq - 1)
                        if hit is not None and hit is not False:
                            return hit
                left = deadline - time.monotonic()
                if self._eof or left <= 0:
                    break
                self._cond.wait(left)
        if self._eof:
            try:
                code = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = "unknown: stdout closed, still running"
            raise HarnessError("kiosk exited (code %s) while waiting for %s"
                               % (code, what) + self.diagnostics())
        raise HarnessError("timed out after %.1f s waiting for %s"
                           % (timeout, what) + self.diagnostics())

    def wait_layout(self, pred=lambda layout: True, timeout=10.0, after=None,
                    what="a layout line"):
        """The first layout line (newer than `after`) for which pred holds."""
        after = 0 if after is None else after

        def match(rec, seq):
            if "items" not in rec:
                return None
            layout = Layout(rec, seq)
            return layout if pred(layout) else None
        return self._wait_record(match, timeout, after, what)

    def wait_scene(self, name, timeout=20.0, after=None):
        return self.wait_layout(lambda l: l.scene == name, timeout, after,
                                what="scene %r" % name)

    def wait_event(self, name, timeout=10.0, after=None, pred=lambda ev: True):
        """The first `{"event": name, ...}` line newer than `after`."""
        after = 0 if after is None else after

        def match(rec, seq):
            return rec if rec.get("event") == name and pred(rec) else None
        return self._wait_record(match, timeout, after, what="event %r" % name)

    def events_since(self, name, after):
        with self._cond:
            return [rec for _, _, rec in self._lines[after:]
                    if rec is not None and rec.get("event") == name]

    def latest_layout(self):
        """The newest layout line seen so far (the screen as it is now)."""
        with self._cond:
            for seq in range(len(self._lines) - 1, -1, -1):
                rec = self._lines[seq][2]
                if rec is not None and "items" in rec:
                    return Layout(rec, seq)
        raise HarnessError("no layout line yet" + self.diagnostics())

    def layouts(self, after=0):
        """Every layout line from trace position `after` on, oldest first."""
        with self._cond:
            return [Layout(rec, seq) for seq, _, rec in self._lines[after:]
                    if rec is not None and "items" in rec]

    def settle(self, quiet=0.15, timeout=5.0):
        """Wait until no trace line has arrived for `quiet` seconds.

        The next gesture must aim at where things are, not where they were a
        frame ago, should the kiosk ever re-flow in more than one step.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline:
                n = len(self._lines)
                self._cond.wait(quiet)
                if len(self._lines) == n:
                    return
        raise HarnessError("trace never went quiet" + self.diagnostics())

    def _save_trace(self):
        if not self.trace_copy:
            return
        os.makedirs(os.path.dirname(os.path.abspath(self.trace_copy)), exist_ok=True)
        with open(self.trace_copy, "w", encoding="utf-8") as f:
            f.write("# %s\n" % " ".join(getattr(self, "command", [self.binary])))
            f.write("# exit code %s\n" % self.exit_code)
            for line in self.trace_lines():
                f.write(line + "\n")
            f.write("# stderr:\n")
            for line in self.stderr_text().splitlines():
                f.write("# " + line + "\n")

    def trace_lines(self):
        with self._cond:
            return [raw for _, raw, _ in self._lines]
