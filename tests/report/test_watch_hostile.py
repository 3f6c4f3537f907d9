#!/usr/bin/env python3
"""The watcher (`visionsort tally --watch DIR`) in a hostile folder, with real files:

  - a file named `rejected` where its folder should be: refused at start, one line;
  - `rejected` replaced by a file while it runs, then a junk export dropped: the junk is
    left where it is with one "stuck" line, and the watcher does not spin (CPU measured);
  - a symlink planted as `rejected/NAME.reason` (pointing at a victim file, or at the
    tally): never written through; the junk goes in under a free name;
  - `rejected` itself a symlink to another folder: refused at start;
  - the watched folder (a share) vanishing while it runs: no spinning;
and in every one of these states SIGTERM ends it within a second, with exit 0.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report_common as rc  # noqa: E402
from test_live import Watcher, drop, wait_for  # noqa: E402

sys.path.insert(0, os.path.join(rc.SOURCE_ROOT, "tests", "e2e"))
from harness import XvfbServer, missing_tools  # noqa: E402

STOP_WITHIN = 1.0  # seconds from SIGTERM to exit
IDLE_CPU = 0.3  # CPU seconds the watcher may use in 2 s of waiting (a spin uses ~2)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class HostileFolder(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vs-watch-")
        self.folder = os.path.join(self.tmp, "drop")
        os.mkdir(self.folder)
        self.db = os.path.join(self.tmp, "tally.db")
        rc.new_tally(self.db)
        self.junk = os.path.join(self.tmp, "junk.sqlite")
        with open(self.junk, "wb") as f:
            f.write(os.urandom(4096))
        self.watcher = None

    def tearDown(self):
        if self.watcher and self.watcher.proc.poll() is None:
            self.watcher.proc.kill()
            self.watcher.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, *args):
        self.watcher = Watcher(self.db, self.folder, args, log_dir=self.tmp)
        self.assertTrue(wait_for(lambda: "watching" in self.watcher.text()[0], 5),
                        self.watcher.describe())

    def assert_quiet(self):
        """Waiting costs next to no CPU: nothing spins."""
        before = cpu_seconds(self.watcher.proc.pid)
        time.sleep(2)
        used = cpu_seconds(self.watcher.proc.pid) - before
        self.assertLess(used, IDLE_CPU, "%.2f CPU seconds in 2 s of waiting%s"
                        % (used, self.watcher.describe()))

    def assert_stops(self):
        """SIGTERM ends it within a second, exit 0."""
        t0 = time.monotonic()
        self.watcher.proc.send_signal(signal.SIGTERM)
        try:
            self.watcher.proc.wait(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            self.fail("still running %.1f s after SIGTERM%s"
                      % (STOP_WITHIN, self.watcher.describe()))
        print("stopped %.3f s after SIGTERM" % (time.monotonic() - t0))
        code = self.watcher.stop()
        self.assertEqual(code, 0, self.watcher.describe())

    def test_file_named_rejected_refused_at_start(self):
        open(os.path.join(self.folder, "rejected"), "w").close()
        r = rc.run_vs("tally", "--tally", self.db, "--watch", self.folder, timeout=10)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 1, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("rejected: cannot create folder: a file of that name is in the way", err)

    def test_rejected_folder_as_symlink_refused_at_start(self):
        elsewhere = os.path.join(self.tmp, "elsewhere")
        os.mkdir(elsewhere)
        os.symlink(elsewhere, os.path.join(self.folder, "rejected"))
        r = rc.run_vs("tally", "--tally", self.db, "--watch", self.folder, timeout=10)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 1, err)
        self.assertIn("rejected: not a folder of its own", err)
        self.assertEqual(os.listdir(elsewhere), [])

    def test_rejected_turned_into_a_file_while_running(self):
        self.start()
        rejected = os.path.join(self.folder, "rejected")
        os.rmdir(rejected)
        open(rejected, "w").close()
        name = drop(self.junk, self.folder)
        self.assertTrue(wait_for(lambda: "stuck %s" % name in self.watcher.text()[0], 5),
                        self.watcher.describe())
        self.assertTrue(os.path.exists(os.path.join(self.folder, name)))
        self.assert_quiet()
        out = self.watcher.text()[0]
        self.assertEqual(out.count("stuck %s" % name), 1, out)
        self.assert_stops()

    def test_planted_reason_symlink_is_not_written_through(self):
        self.start()
        victim = os.path.join(self.tmp, "victim.txt")
        with open(victim, "w") as f:
            f.write("precious\n")
        rejected = os.path.join(self.folder, "rejected")
        os.symlink(victim, os.path.join(rejected, "evil.sqlite.reason"))
        os.symlink(self.db, os.path.join(rejected, "evil-2.sqlite.reason"))
        tally_before = sha256(self.db)
        shutil.copyfile(self.junk, os.path.join(self.folder, "evil.sqlite"))
        filed = os.path.join(rejected, "evil-3.sqlite")
        self.assertTrue(wait_for(lambda: os.path.exists(filed + ".reason"), 5),
                        self.watcher.describe())
        self.assertTrue(os.path.exists(filed))
        with open(victim) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertEqual(sha256(self.db), tally_before)
        for planted, target in (("evil.sqlite.reason", victim),
                                ("evil-2.sqlite.reason", self.db)):
            path = os.path.join(rejected, planted)
            self.assertTrue(os.path.islink(path), planted)
            self.assertEqual(os.readlink(path), target)
        with open(filed + ".reason") as f:
            self.assertIn("not a visionsort export file", f.read())
        self.assert_stops()

    def test_vanished_share(self):
        self.start()
        shutil.rmtree(self.folder)
        self.assert_quiet()
        self.assertIsNone(self.watcher.proc.poll(), self.watcher.describe())
        # the share comes back, without the watcher's folders: they are made again
        os.mkdir(self.folder)
        name = drop(self.junk, self.folder)
        self.assertTrue(wait_for(lambda: os.path.exists(
            os.path.join(self.folder, "rejected", name + ".reason")), 5),
            self.watcher.describe())
        self.assert_quiet()
        self.assert_stops()

    def test_rejected_swapped_for_a_symlink_while_running(self):
        self.start()
        elsewhere = os.path.join(self.tmp, "elsewhere")
        os.mkdir(elsewhere)
        rejected = os.path.join(self.folder, "rejected")
        os.rmdir(rejected)
        os.symlink(elsewhere, rejected)
        name = drop(self.junk, self.folder)
        self.assertTrue(wait_for(lambda: "stuck %s" % name in self.watcher.text()[0], 5),
                        self.watcher.describe())
        self.assertEqual(os.listdir(elsewhere), [])
        self.assertTrue(os.path.exists(os.path.join(self.folder, name)))
        self.assert_quiet()
        self.assert_stops()

    def test_stops_at_once_when_idle_and_after_work(self):
        self.start()
        self.assert_stops()
        self.start()
        for i in range(20):
            shutil.copyfile(self.junk, os.path.join(self.folder, "junk%02d.sqlite" % i))
        self.assertTrue(wait_for(lambda: "junk19.sqlite" in self.watcher.text()[0], 10),
                        self.watcher.describe())
        self.assert_stops()


@unittest.skipIf(missing_tools(("Xvfb",)), "needs Xvfb")
class HostileFolderWindow(HostileFolder):
    """The same with the live window: SIGTERM ends it within a second too."""

    def start(self, *args):
        if not hasattr(self, "xvfb"):
            self.xvfb = XvfbServer(640, 480, os.path.join(self.tmp, "xvfb.log"))
            self.addCleanup(self.xvfb.stop)
            self.env = dict(os.environ, DISPLAY=self.xvfb.start(), SDL_VIDEODRIVER="x11")
        self.watcher = Watcher(self.db, self.folder, ("--show", "--windowed", "640x480") + args,
                               env=self.env, log_dir=self.tmp)
        self.assertTrue(wait_for(lambda: "watching" in self.watcher.text()[0], 10),
                        self.watcher.describe())

    # refused before any window opens: the headless cases say it all
    test_file_named_rejected_refused_at_start = None
    test_rejected_folder_as_symlink_refused_at_start = None


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
