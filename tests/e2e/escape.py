#!/usr/bin/env python3
"""End-to-end: a visitor cannot leave the kiosk; SIGTERM ends it cleanly.

On the attract scene and mid-sort (one card placed), each of these must
leave the kiosk running, its window there, its trace going, the sort
untouched and a tap still answered:

    Escape, Ctrl+Q, Alt+F4, Alt+Tab,     keys
    Ctrl+W (xdotool, window focused)
    focus loss                           another window takes the focus
                                         (what Alt+Tab does under a WM)
    window close                         WM_DELETE_WINDOW (tests/tools/xpoke.c)
    focus loss in the middle of a drag   the gesture ends, no card is lost

Then SIGTERM: exit code 0, and the started session is stored as abandoned
with its one card. Usage: escape.py PATH-TO-vs-xpoke. Exit codes: 0 pass,
1 fail, 77 skip (no Xvfb/xdotool).
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, keyword_of, e2e_paths  # noqa: E402
import flow  # noqa: E402
from flow import expect, log  # noqa: E402

WIDTH, HEIGHT = 1280, 720


def xpoke(kh, tool, *args):
    r = subprocess.run([tool] + [str(a) for a in args], env=kh.env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    expect(r.returncode == 0, "%s %s failed (%d): %s%s" % (
        os.path.basename(tool), " ".join(map(str, args)), r.returncode, r.stderr.strip(),
        r.stdout.strip()), kh)


def still_there(kh, what, scene, placement=None):
    """After an escape attempt: alive, window mapped at full size, same
    scene (and cards), and a tap on larger-text still toggles it."""
    time.sleep(0.6)  # give a wrongly handled quit its chance to happen
    expect(kh.proc.poll() is None, "%s ended the kiosk (exit code %s)"
           % (what, kh.proc.returncode), kh)
    geo = kh.window_geometry(kh.window)
    expect(geo is not None and geo[2:] == (WIDTH, HEIGHT),
           "after %s the window is %s, expected %dx%d" % (what, geo, WIDTH, HEIGHT), kh)
    vis = kh._xdotool_lines(["search", "--onlyvisible", "--pid", str(kh.proc.pid)])
    expect(str(kh.window) in vis, "after %s the window is no longer visible (ids %s)"
           % (what, vis), kh)
    kh.settle()
    layout = kh.latest_layout()
    expect(layout.scene == scene, "after %s the scene is %s, expected %s"
           % (what, layout.scene, scene), kh)
    if placement is not None:
        expect(layout.placement() == placement, "after %s the cards moved: %s, expected %s"
               % (what, layout.placement(), placement), kh)
    was = flow.selected(layout, flow.TEXT_TOGGLE)
    mark = kh.mark()
    kh.click(*layout.center(flow.TEXT_TOGGLE))
    kh.wait_layout(lambda l: flow.selected(l, flow.TEXT_TOGGLE) != was, timeout=5, after=mark,
                   what="larger-text toggled by a tap after %s" % what)
    # and back, so that every attempt starts from the same screen
    kh.settle()
    mark = kh.mark()
    kh.click(*kh.latest_layout().center(flow.TEXT_TOGGLE))
    kh.wait_layout(lambda l: flow.selected(l, flow.TEXT_TOGGLE) == was, timeout=5, after=mark,
                   what="larger-text toggled back after %s" % what)
    kh.settle()


def keys_reach_kiosk(kh):
    """Tab must move the focus: proof that the keys below reach the kiosk."""
    kh.focus_window()
    kh.settle()
    before = flow.focused(kh.latest_layout())
    mark = kh.mark()
    kh.key("Tab")
    kh.wait_layout(lambda l: flow.focused(l) not in (None, before), timeout=5, after=mark,
                   what="Tab to move the focus (are keys reaching the kiosk?)")


def attempts(kh, tool, scene, placement=None):
    for keys in ("Escape", "ctrl+q", "alt+F4", "alt+Tab", "ctrl+w"):
        keys_reach_kiosk(kh)
        kh.key(keys)
        still_there(kh, "key %s on %s" % (keys, scene), scene, placement)
        log("  %s: key %s -> still running" % (scene, keys))
    if tool:
        xpoke(kh, tool, "steal-focus", 500)
        still_there(kh, "focus loss on %s" % scene, scene, placement)
        log("  %s: focus taken by another window -> still running" % scene)
        xpoke(kh, tool, "close", kh.window)
        still_there(kh, "WM_DELETE_WINDOW on %s" % scene, scene, placement)
        log("  %s: WM_DELETE_WINDOW -> still running" % scene)
        # twice, in a row: a second close request is no different
        xpoke(kh, tool, "close", kh.window)
        xpoke(kh, tool, "close", kh.window)
        still_there(kh, "two more WM_DELETE_WINDOW on %s" % scene, scene, placement)


def focus_loss_mid_drag(kh, tool, dealt):
    """Hold a card mid-drag, lose the focus, let go: no card lost or doubled,
    and the next drag works."""
    kh.settle()
    layout = kh.latest_layout()
    cid = layout.pile("deck")[0]
    mark = kh.mark()
    kh.press_and_move(layout.center(cid), layout.center("zone:neutral"))
    xpoke(kh, tool, "steal-focus", 300)
    kh.release()
    time.sleep(0.5)
    kh.settle()
    after = kh.latest_layout()
    flow.check_pile_consistency(after, dealt, "focus lost mid-drag")
    log("  focus lost mid-drag of %s: it ended in %s (%d lines)"
        % (cid, after.item(cid).get("zone"), len(kh.trace_lines()) - mark))
    return after


def run(binary, work, out_dir, tool):
    db = os.path.join(work, "sessions.db")
    kh = KioskHarness(binary, work, WIDTH, HEIGHT,
                      kiosk_args=["--db", db, "--seed", "3", "--idle-seconds", "3600"],
                      trace_copy=os.path.join(out_dir, "e2e-escape-trace.log"))
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        log("attract:")
        attempts(kh, tool, "attract")

        flow.to_language(kh, mouse)
        flow.to_intro(kh, mouse, "en")
        layout = flow.to_sort(kh, mouse)
        dealt = [keyword_of(c) for c in layout.card_ids()]
        cid = layout.card_ids()[0]
        mark = kh.mark()
        kh.drag(layout.center(cid), layout.center("zone:yes"))
        kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == "yes", timeout=5,
                       after=mark, what="%s in yes" % cid)
        kh.settle()
        placement = kh.latest_layout().placement()
        log("sort, %s placed:" % cid)
        attempts(kh, tool, "sort", placement)
        if tool:
            layout = focus_loss_mid_drag(kh, tool, dealt)
            still_there(kh, "focus loss mid-drag", "sort", layout.placement())
        placed = sum(1 for c in kh.latest_layout().cards() if c.get("zone") != "deck")
        final = flow.final_of(kh.latest_layout())

        mark = kh.mark()
        code = kh.stop(check=True)
        expect(code == 0, "exit code %s after SIGTERM, expected 0" % code, kh)
        ab = kh.events_since("session-abandoned", mark)
        expect(len(ab) == 1 and ab[0].get("placed") == placed,
               "SIGTERM mid-sort should print one session-abandoned with placed=%d: %s"
               % (placed, ab), kh)
    flow.check_stored(db, ab[0]["session"], "abandoned", "en", final)
    log("SIGTERM: exit 0, session %s stored as abandoned with %d placed"
        % (ab[0]["session"], placed))


def main():
    tool = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
    if tool is None:
        print("note: no vs-xpoke (libX11 headers missing at build time): window close and "
              "focus loss are not tested")
    binary, _, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-e2e-escape-") as work:
        run(binary, work, out_dir, tool)
    print("PASS: e2e escape")
    return 0


if __name__ == "__main__":
    run_test(main)
