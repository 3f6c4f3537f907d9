#!/usr/bin/env python3
"""End-to-end: the ways back and out of a visit, by real X input.

    wayback.py back      back on the language and intro scenes; nothing is
                         stored on the way
    wayback.py staff     the staff menu opened mid-sort pauses the visit:
                         closing it (and staff walking away from the PIN
                         pad) returns to the piles as they were, in the
                         visitor's language, and the visit ends as
                         completed, never abandoned; ending the kiosk asks
                         first
    wayback.py thanks    the thanks scene shows the visitor's own top three
                         and, under each, how many earlier visitors chose it
                         too, only when at least compare_min_sessions were
                         shown it (a five-keyword set, so words repeat)

Everything is read from the layout trace. Exit codes: 0 pass, 1 fail,
77 skip (no Xvfb/xdotool).
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, card_id, keyword_of, e2e_paths, locate  # noqa: E402
import flow  # noqa: E402
from flow import expect, log, scene_is, step  # noqa: E402

PIN = "4711"
STAFF_QUIT = 3  # the exit status of "Avsluta kiosken" (tests/e2e/staff.py)


def kiosk(binary, work, out_dir, name, args, width=1920, height=1080, env=None):
    db = os.path.join(work, "sessions.db")
    return db, KioskHarness(binary, work, width, height,
                            kiosk_args=["--db", db] + args, env=env,
                            trace_copy=os.path.join(out_dir, "e2e-wayback-%s-trace.log"
                                                    % name))


def place(kh, cid, zone):
    """Drag a card into a zone's free area; the layout that shows it there."""
    kh.settle()
    layout = kh.latest_layout()
    mark = kh.mark()
    kh.drag(layout.center(cid), flow.free_point(layout, zone))
    return kh.wait_layout(lambda l: (l.item(cid) or {}).get("zone") == zone, timeout=10,
                          after=mark, what="%s dragged into %s" % (cid, zone))


def write_config(binary, work, body=""):
    hashed = subprocess.run([binary, "pin"], input=PIN + "\n", capture_output=True, text=True,
                            timeout=60)
    expect(hashed.returncode == 0, "visionsort pin failed: %r" % hashed.stderr)
    path = os.path.join(work, "kiosk.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("[kiosk]\n" + body + "\n[staff]\n" + hashed.stdout)
    return path


# --------------------------------------------------------------------------


def run_back(binary, work, out_dir):
    db, kh = kiosk(binary, work, out_dir, "back", ["--seed", "4", "--idle-seconds", "3600"])
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        lang = flow.to_language(kh, mouse)
        expect(lang.item("button:back") is not None, "the language scene has no button:back",
               kh)
        step(kh, mouse, "button:back", scene_is("attract"), "attract after back on language")
        flow.to_language(kh, mouse)
        intro = flow.to_intro(kh, mouse, "en")
        expect(intro.item("button:back") is not None, "the intro scene has no button:back", kh)
        step(kh, mouse, "button:back", scene_is("language"), "language after back on intro")
        flow.to_intro(kh, mouse, "sv")
        layout = flow.to_sort(kh, mouse)
        # The back buttons and the toggle share the bottom row: no overlap, in reach.
        for scene in kh.layouts():
            back = scene.item("button:back")
            if back is None:
                continue
            expect(back["y"] + back["h"] > scene.h * 0.75,
                   "%s: button:back is not in the lower part of the screen: %s"
                   % (scene.scene, back), kh)
        events = kh.events_since("session-abandoned", 0) + kh.events_since("session-saved", 0)
        expect(not events, "going back stored a session: %s" % events, kh)
        log("back: language -> attract, intro -> language, then a fresh deal of %d cards"
            % len(layout.cards()))
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


# --------------------------------------------------------------------------


def enter_pin(kh, mouse):
    for d in PIN:
        mouse.activate("button:digit-" + d)
        kh.settle()
    return step(kh, mouse, "button:pin-ok", scene_is("staff"), "the staff menu", timeout=15)


def run_staff(binary, work, out_dir):
    usb = os.path.join(work, "usb")
    os.mkdir(usb)
    config = write_config(binary, work)
    idle = 8
    db, kh = kiosk(binary, work, out_dir, "staff",
                   ["--config", config, "--seed", "6", "--idle-seconds", str(idle)],
                   env={"VISIONSORT_DRIVES": usb})
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        layout = flow.visit_to_sort(kh, mouse, "ar")
        cards = layout.card_ids()
        for cid, zone in ((cards[0], "yes"), (cards[1], "no"), (cards[2], "yes")):
            place(kh, cid, zone)
        kh.settle()
        before = kh.latest_layout()

        # Ctrl+Alt+S mid-sort: PIN, menu, close -> the same piles, in Arabic.
        mark = kh.mark()
        kh.key("ctrl+alt+s")
        kh.wait_layout(scene_is("staff-pin"), timeout=5, after=mark, what="the PIN pad")
        menu = enter_pin(kh, mouse)
        for it in ("button:close", "button:exit", "drive:" + usb):
            expect(menu.item(it) is not None, "the staff menu lacks %s" % it, kh)
        mark = kh.mark()
        back = step(kh, mouse, "button:close", scene_is("sort"), "the visit after the menu")
        expect(back.placement() == before.placement(),
               "the piles changed while staff had the menu: before %s, after %s"
               % (before.placement(), back.placement()), kh)
        # Arabic is mirrored: the zones sit where they sat before staff came.
        for z in flow.ZONES:
            expect(back.rect("zone:" + z) == before.rect("zone:" + z),
                   "zone:%s at %s after the menu, %s before (not the visitor's language?)"
                   % (z, back.rect("zone:" + z), before.rect("zone:" + z)), kh)
        expect(not kh.events_since("session-abandoned", 0),
               "the staff menu stored the visit as abandoned", kh)
        log("staff: the menu mid-sort returned to the visit, %d cards placed, in Arabic"
            % sum(1 for c in back.cards() if c["zone"] != "deck"))

        # Staff who walk away from the PIN pad: the visit comes back.
        mark = kh.mark()
        kh.key("ctrl+alt+s")
        kh.wait_layout(scene_is("staff-pin"), timeout=5, after=mark, what="the PIN pad again")
        mark = kh.mark()
        again = kh.wait_scene("sort", timeout=idle + 10, after=mark)
        expect(again.placement() == before.placement(),
               "the piles changed after staff walked away from the pad", kh)
        expect(not kh.events_since("session-abandoned", 0),
               "staff walking away stored the visit as abandoned", kh)
        log("staff: walked away from the PIN pad, the visit is back")

        # The visitor finishes: stored as completed, in Arabic.
        for cid in cards[3:]:
            place(kh, cid, "no")
        saved, _ = flow.done_to_profile(kh, mouse)
        row, _ = flow.session_rows(db, saved["session"])
        expect(row["outcome"] == "completed" and row["language"] == "ar",
               "the paused visit was stored as %s in %s, expected completed in ar"
               % (row["outcome"], row["language"]), kh)

        # Ending the kiosk asks first; "no" returns to the menu.
        mark = kh.mark()
        kh.key("ctrl+alt+s")
        kh.wait_layout(scene_is("staff-pin"), timeout=5, after=mark, what="the PIN pad")
        menu = enter_pin(kh, mouse)
        close, leave = menu.rect("button:close"), menu.rect("button:exit")
        expect(close[2] * close[3] >= leave[2] * leave[3],
               "button:close (%s) should be the main action, larger than exit (%s)"
               % (close, leave), kh)
        ask = step(kh, mouse, "button:exit", scene_is("confirm"), "the question before exit")
        expect(ask.item("button:confirm") and ask.item("button:cancel"),
               "the question lacks its buttons", kh)
        step(kh, mouse, "button:cancel", scene_is("staff"), "the menu after no")
        expect(kh.proc.poll() is None, "the kiosk ended on no", kh)
        step(kh, mouse, "button:exit", scene_is("confirm"), "the question again")
        mouse.activate("button:confirm")
        deadline = time.time() + 10
        while kh.proc.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        expect(kh.proc.poll() == STAFF_QUIT, "yes should end the kiosk with %d (staff's "
               "end), got %r" % (STAFF_QUIT, kh.proc.poll()), kh)
        log("staff: exit asked first; no kept the kiosk running, yes ended it")


# --------------------------------------------------------------------------


def small_keyword_set(work):
    """The sample's header and first five keywords, under a set id of its own:
    with four cards dealt from five, words come back visit after visit."""
    _, source, _ = locate()
    with open(os.path.join(source, "data", "norrkoping-2035-sample.tsv"),
              encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = [l for l in lines if l.startswith("#")]
    head = ["# set-id: e2e-thanks" if l.startswith("# set-id:") else l for l in head]
    body = [l for l in lines if not l.startswith("#") and l.strip()]
    path = os.path.join(work, "five.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head + body[:6]) + "\n")
    return path


def sort_visit(kh, mouse, zones):
    """One visit from attract: cards placed into zones[i] in deal order, then
    Done and the profile skipped. Returns ({keyword: zone}, the yes order)."""
    flow.to_language(kh, mouse)
    flow.to_intro(kh, mouse, "en")
    layout = flow.to_sort(kh, mouse, deal=4)
    got = {}
    yes = []
    for i, cid in enumerate(layout.card_ids()):
        zone = zones[i % len(zones)]
        place(kh, cid, zone)
        got[keyword_of(cid)] = zone
        if zone == "yes":
            yes.append(keyword_of(cid))
    flow.done_to_profile(kh, mouse, deal=4)
    thanks = flow.profile_to_thanks(kh, mouse, "button:skip")
    return got, yes, thanks


def run_thanks(binary, work, out_dir):
    minimum = 3
    config = write_config(binary, work, "compare_min_sessions = %d\n" % minimum)
    keywords = small_keyword_set(work)
    db, kh = kiosk(binary, work, out_dir, "thanks",
                   ["--config", config, "--keywords", keywords, "--cards", "4", "--seed", "2",
                    "--idle-seconds", "3600"])
    history = []
    with kh:
        kh.wait_scene("attract", timeout=30)
        kh.find_window()
        mouse = flow.Mouse(kh)
        plans = [("yes", "no"), ("no", "yes"), ("yes", "yes", "no"), ("yes", "neutral"),
                 ("yes",)]
        for n, zones in enumerate(plans):
            got, yes, thanks = sort_visit(kh, mouse, zones)
            top = yes[:3]
            shown = [(keyword_of(c["id"]), c.get("rank")) for c in thanks.cards()]
            expect(shown == [(k, r) for r, k in enumerate(top, 1)],
                   "visit %d: the thanks scene shows %s, the visitor's top three are %s"
                   % (n + 1, shown, top), kh)
            for c in thanks.cards():
                expect(c.get("zone") == "yes" and c.get("enabled") is False,
                       "visit %d: %s on thanks should be a yes card that cannot be moved"
                       % (n + 1, c), kh)
            for k in top:
                earlier = [h for h in history if k in h]
                agree = sum(1 for h in earlier if h[k] == "yes")
                item = thanks.item("others:" + k)
                if len(earlier) >= minimum and agree > 0:
                    expect(item is not None and (item.get("count"), item.get("total"))
                           == (agree, len(earlier)),
                           "visit %d: %s was shown to %d earlier visitors, %d chose it; "
                           "the thanks scene shows %s" % (n + 1, k, len(earlier), agree, item),
                           kh)
                    expect(item.get("role") == "text", "%s should be text" % item, kh)
                else:
                    expect(item is None, "visit %d: %s compared though only %d earlier "
                           "visitors (minimum %d, %d agreed): %s"
                           % (n + 1, k, len(earlier), minimum, agree, item), kh)
            compared = [k for k in top if thanks.item("others:" + k)]
            log("visit %d: top %s, compared %s" % (n + 1, top, compared))
            history.append(got)
            if n == len(plans) - 1:
                expect(compared, "the last visit should have a word to compare with "
                       "(the test's plan is wrong)", kh)
                kh.park_pointer()
                kh.settle()
                kh.screenshot(os.path.join(out_dir, "e2e-wayback-thanks.png"))
            flow.thanks_to_attract(kh, mouse)
        expect(kh.stop(check=True) == 0, "exit code %s" % kh.exit_code, kh)


PARTS = {"back": run_back, "staff": run_staff, "thanks": run_thanks}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in PARTS:
        print("usage: wayback.py %s" % "|".join(PARTS), file=sys.stderr)
        return 2
    binary, _, _, out_dir = e2e_paths()
    with tempfile.TemporaryDirectory(prefix="vs-e2e-wayback-") as work:
        PARTS[sys.argv[1]](binary, work, out_dir)
    print("PASS: e2e wayback %s" % sys.argv[1])
    return 0


if __name__ == "__main__":
    run_test(main)
