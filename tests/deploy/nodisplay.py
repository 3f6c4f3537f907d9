#!/usr/bin/env python3
"""The kiosk with no display to draw on fails at once, in one line.

A kiosk started by a service manager before (or without) its compositor must
not run invisibly on SDL's offscreen driver: it exits non-zero within a few
seconds with one line on stderr saying what is missing, so the unit restarts
it and the journal says why. SDL's offscreen driver is used only when asked
for by name (SDL_VIDEODRIVER), as tests and diagnosis do.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

BINARY = os.environ["VISIONSORT"]
LIMIT_S = 5.0  # "within a few seconds"


class NoDisplay(unittest.TestCase):

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="vs-nodisplay-")
        self.tmp = self._tmp.name
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER",
                                 "XDG_RUNTIME_DIR")}
        self.env["XDG_DATA_HOME"] = os.path.join(self.tmp, "xdg-data")

    def tearDown(self):
        self._tmp.cleanup()

    def kiosk(self, env):
        t0 = time.monotonic()
        try:
            r = subprocess.run([BINARY, "kiosk", "--trace-layout"], env=env, cwd=self.tmp,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=30)
        except subprocess.TimeoutExpired:
            self.fail("the kiosk was still running after 30 s with no display")
        return r, time.monotonic() - t0

    def assert_one_line_failure(self, r, took, *words):
        shown = "\n  exit %s after %.1f s\n  stdout: %r\n  stderr: %r" % (
            r.returncode, took, r.stdout[:300], r.stderr)
        self.assertNotEqual(r.returncode, 0, "exited 0 with no display" + shown)
        self.assertLess(took, LIMIT_S, "took too long to give up" + shown)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, "want exactly one line on stderr" + shown)
        self.assertTrue(lines[0].startswith("visionsort: "), shown)
        for w in words:
            self.assertIn(w, lines[0], shown)
        self.assertEqual(r.stdout, "", "nothing may be drawn (traced) without a display" + shown)

    def test_nothing_named(self):
        r, took = self.kiosk(self.env)
        self.assert_one_line_failure(r, took, "display", "WAYLAND_DISPLAY", "DISPLAY", "cage")

    def test_named_but_absent(self):
        runtime = os.path.join(self.tmp, "runtime")
        os.mkdir(runtime, 0o700)
        env = dict(self.env, XDG_RUNTIME_DIR=runtime, WAYLAND_DISPLAY="wayland-vs-absent",
                   DISPLAY=":239")
        r, took = self.kiosk(env)
        self.assert_one_line_failure(r, took, "wayland-vs-absent", ":239")

    def test_wayland_without_runtime_dir(self):
        # libwayland would look for the socket in an unset XDG_RUNTIME_DIR.
        r, took = self.kiosk(dict(self.env, WAYLAND_DISPLAY="wayland-0"))
        self.assert_one_line_failure(r, took, "XDG_RUNTIME_DIR")

    def test_offscreen_only_when_asked_by_name(self):
        env = dict(self.env, SDL_VIDEODRIVER="offscreen")
        p = subprocess.Popen([BINARY, "kiosk", "--trace-layout", "--windowed", "800x600"],
                             env=env, cwd=self.tmp, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            first = p.stdout.readline()
        finally:
            p.send_signal(signal.SIGTERM)
            out, err = p.communicate(timeout=30)
        self.assertIn('"scene":"attract"', first,
                      "asked for offscreen by name, the kiosk should run: %r %r" % (first, err))
        self.assertEqual(p.returncode, 0, "SIGTERM should end it cleanly: %r" % err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
