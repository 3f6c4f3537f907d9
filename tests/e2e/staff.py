#!/usr/bin/env python3
"""End-to-end: staff empty the kiosk onto a "USB stick" behind the PIN.

A visitor completes a session; staff then hold the top-left corner for
three seconds (the hidden gesture), get the PIN pad, type a wrong PIN (the
menu stays shut), the right one (the staff menu opens), export to the one
drive the kiosk sees, and the export file is verified the way organizers
verify it: imported into a tally that trusts this kiosk's public key.
Closing the menu returns to the visitor's scene (the profile). Then
Ctrl+Alt+S opens the pad again, and "Avsluta kiosken", once confirmed, ends
the kiosk with exit code 3, the one the systemd unit does not restart.
Exit codes: 0 pass, 1 fail, 77 skip (no Xvfb/xdotool).
"""

import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_test, KioskHarness, need_x  # noqa: E402
import flow  # noqa: E402
from flow import Mouse, expect, log, scene_is, step  # noqa: E402

PIN = "4711"
HOLD_S = 3.4  # the kiosk opens the pad after 3 s held still on the corner
STAFF_QUIT = 3  # the exit status of "Avsluta kiosken" (RestartPreventExitStatus=3)


def run(binary, *args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


def write_config(binary, work):
    hashed = run(binary, "pin", stdin=PIN + "\n")
    expect(hashed.returncode == 0 and hashed.stdout.startswith("pin_hash = $argon2id$"),
           "visionsort pin failed: %r %r" % (hashed.stdout, hashed.stderr))
    path = os.path.join(work, "kiosk.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("[kiosk]\nsite = Stadsbiblioteket\nlabel = Kiosk 1\nlanguages = sv,en,ar\n\n"
                "[staff]\n" + hashed.stdout)
    return path


def sort_all_by_taps(kh, inp, layout):
    """Every dealt card into "yes" by tap-tap; returns the layout after."""
    for item in layout.cards():
        card = item["id"]
        step(kh, inp, card, lambda l, c=card: flow.selected(l, c), card + " selected")
        step(kh, inp, "zone:yes", lambda l, c=card: l.item(c).get("zone") == "yes",
             card + " in yes")
    return kh.latest_layout()


def press_digits(kh, inp, digits):
    for d in digits:
        inp.activate("button:digit-" + d)
        kh.settle()


def main():
    need_x()
    binary = os.environ["VISIONSORT"]
    work = tempfile.mkdtemp(prefix="vs-e2e-staff-")
    usb = os.path.join(work, "usb")
    os.mkdir(usb)
    db = os.path.join(work, "sessions.db")
    config = write_config(binary, work)
    trace_copy = os.path.join(os.environ.get("VS_BUILD_ROOT", work), "tests", "output",
                              "e2e-staff-trace.log")
    with KioskHarness(binary, work, kiosk_args=["--config", config, "--db", db, "--seed", "3"],
                      env={"VISIONSORT_DRIVES": usb}, trace_copy=trace_copy) as kh:
        kh.find_window()
        inp = Mouse(kh)
        layout = flow.visit_to_sort(kh, inp, "sv")
        sort_all_by_taps(kh, inp, layout)
        saved, _ = flow.done_to_profile(kh, inp)
        log("visitor saved session %s" % saved["session"])

        # The hidden gesture: a press held still on the top-left corner.
        mark = kh.mark()
        kh._xdotool(["mousemove", "--window", kh._window(), "8", "8", "mousedown", "1"])
        time.sleep(HOLD_S)
        kh._xdotool(["mouseup", "1"])
        pad = kh.wait_layout(scene_is("staff-pin"), timeout=5, after=mark,
                             what="the PIN pad after holding the corner")
        expect(pad.item("button:pin-ok") is not None and pad.item("button:digit-0"),
               "the PIN pad lacks its keys", kh)

        # A wrong PIN keeps the menu shut.
        press_digits(kh, inp, "1234")
        mark = kh.mark()
        inp.activate("button:pin-ok")
        time.sleep(1.5)  # argon2id takes a moment on purpose
        expect(all(l.scene != "staff" for l in kh.layouts(after=mark)),
               "a wrong PIN opened the staff menu", kh)

        # The right PIN opens it; the drive is offered.
        press_digits(kh, inp, PIN)
        menu = step(kh, inp, "button:pin-ok", scene_is("staff"), "the staff menu", timeout=10)
        drive = "drive:" + usb
        expect(menu.item(drive) is not None, "the staff menu does not offer %s" % usb, kh)
        expect(menu.item("button:exit") is not None, "the staff menu has no exit", kh)

        mark = kh.mark()
        inp.activate(drive)
        exported = kh.wait_event("exported", timeout=15, after=mark)
        path = exported.get("file", "")
        expect(exported.get("sessions") == 1 and os.path.dirname(path) == usb
               and os.path.exists(path),
               "the export should hold the 1 saved session in %s: %s" % (usb, exported), kh)
        expect(sorted(os.listdir(usb)) == [os.path.basename(path)],
               "the drive holds more than the export (a temp file left?): %s"
               % os.listdir(usb), kh)

        # Close: back to the visitor's profile scene, where staff came in;
        # then Ctrl+Alt+S opens the pad again; back in, exit (asked first).
        step(kh, inp, "button:close", scene_is("profile"), "the profile after closing the menu")
        mark = kh.mark()
        kh.key("ctrl+alt+s")
        kh.wait_layout(scene_is("staff-pin"), timeout=5, after=mark, what="pad after Ctrl+Alt+S")
        press_digits(kh, inp, PIN)
        step(kh, inp, "button:pin-ok", scene_is("staff"), "the staff menu again", timeout=10)
        step(kh, inp, "button:exit", scene_is("confirm"), "the question before exit")
        inp.activate("button:confirm")
        deadline = time.time() + 10
        while kh.proc.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        expect(kh.proc.poll() == STAFF_QUIT,
               "exit from the staff menu should end the kiosk with %d (which the systemd "
               "unit does not restart), got %r" % (STAFF_QUIT, kh.proc.poll()), kh)

    # The organizers' check: the file imports into a tally that trusts the key.
    key = run(binary, "export", "--print-public-key", "--db", db)
    hexkey = key.stdout.strip().split()[-1] if key.stdout.strip() else ""
    expect(key.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}", hexkey),
           "no public key printed: %r %r" % (key.stdout, key.stderr))
    same = run(binary, "kiosk", "--print-public-key", "--db", db)
    expect(same.returncode == 0 and same.stdout.strip() == hexkey,
           "kiosk --print-public-key should print the export's key %s: %r %r"
           % (hexkey, same.stdout, same.stderr))
    tally = os.path.join(work, "tally.db")
    trust = run(binary, "tally", "--tally", tally, "--trust", hexkey)
    expect(trust.returncode == 0, "trust failed: %r" % trust.stderr)
    imp = run(binary, "import", "--tally", tally, path)
    expect(imp.returncode == 0 and re.search(r"\b1 added", imp.stdout),
           "the staff export did not import as 1 session: %r %r" % (imp.stdout, imp.stderr))
    log("staff export %s verified and imported" % os.path.basename(path))
    return 0


if __name__ == "__main__":
    run_test(main)
