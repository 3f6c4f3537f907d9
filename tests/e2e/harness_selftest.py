#!/usr/bin/env python3
"""The e2e harness's own X server handling, which every e2e test stands on.

1. Six XvfbServers started at the same moment (as side-by-side tests do)
   get six different displays, each answering a client.
2. A kiosk that cannot open the test's display on its first start (a stand-in
   that says what the real kiosk says, then runs the real one) is started
   once more, with a note, and its window is found.
3. A kiosk that can never open a display fails with the harness's message,
   after exactly that one retry, and the message describes the X server.

Exit codes: 0 pass, 1 fail, 77 skip (no Xvfb/xdotool).
"""

import os
import stat
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import HarnessError, KioskHarness, need_x, run_test  # noqa: E402
from harness_x import XvfbServer  # noqa: E402
from flow import expect, log  # noqa: E402

SAYS = ("visionsort: cannot open the display SDL_VIDEODRIVER=x11 (x11 not available) "
        "— is cage or a desktop session running?")


def servers_at_once(work, n=6):
    servers = [XvfbServer(320, 240, os.path.join(work, "xvfb-%d.log" % i)) for i in range(n)]
    errors = []

    def start(s):
        try:
            s.start()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        expect(not errors, "servers failed to start: %s" % errors)
        displays = [s.display for s in servers]
        expect(len(set(displays)) == n, "%d servers started at once share displays: %s"
               % (n, displays))
        expect(all(XvfbServer.answers(d) for d in displays),
               "a server does not answer a client: %s" % displays)
        log("%d servers started at once: %s" % (n, " ".join(displays)))
    finally:
        for s in servers:
            s.stop()


def stand_in(work, name, body):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def fails_once(binary, work):
    marker = os.path.join(work, "failed-once")
    kiosk = stand_in(work, "kiosk-fails-once",
                     'if [ ! -e "%s" ]; then : >"%s"; echo "%s" >&2; exit 1; fi\n'
                     'exec "%s" "$@"\n' % (marker, marker, SAYS, binary))
    with KioskHarness(kiosk, work, 640, 480, kiosk_args=["--db", os.path.join(work, "s.db")]) \
            as kh:
        wid = kh.find_window()
        expect(wid, "no window after the retry")
        first = open(kh.stderr_path + ".first", encoding="utf-8").read()
        expect(SAYS in first, "the first attempt's stderr was not kept: %r" % first)
    log("a kiosk refused its display once: started again, window %s found" % wid)


def never_opens(work):
    count = os.path.join(work, "starts")
    kiosk = stand_in(work, "kiosk-never", 'echo x >>"%s"; echo "%s" >&2; exit 1\n'
                     % (count, SAYS))
    try:
        with KioskHarness(kiosk, work, 640, 480) as kh:
            kh.find_window(timeout=10)
    except HarnessError as e:
        text = str(e)
        expect("before showing a window" in text and "--- Xvfb :" in text,
               "the failure does not name the X server: %s" % text)
        starts = len(open(count, encoding="utf-8").read().split())
        expect(starts == 2, "the kiosk was started %d times, not twice" % starts)
        log("a kiosk that never opens a display failed after one retry")
        return
    raise AssertionError("a kiosk that never opened a display passed find_window")


def main():
    need_x()
    binary = os.environ["VISIONSORT"]
    servers_at_once(tempfile.mkdtemp(prefix="vs-harness-x-"))
    fails_once(binary, tempfile.mkdtemp(prefix="vs-harness-once-"))
    never_opens(tempfile.mkdtemp(prefix="vs-harness-never-"))
    return 0


if __name__ == "__main__":
    run_test(main, passed="PASS: the harness's X servers are private, a refused display retried once")
