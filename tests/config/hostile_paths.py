#!/usr/bin/env python3
"""Every input path as hostile, through the command line: a FIFO, /dev/zero (directly,
through a symlink, or named in a configuration) and an oversized file given as keyword
set, configuration, language file (also one inside the language folder), kiosk key to
trust or export file. Each is refused at once with exit 1 and one line naming the file;
none blocks (every run has a short timeout) or reads without bound.
Run by meson (suite 'config') or by hand: `python3 tests/config/hostile_paths.py`.
"""

import os
import shutil
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import vstest  # noqa: E402
from vstest import LANG_DIR, SAMPLE  # noqa: E402

# A blocked open or an endless read shows as a timeout, well within the test's own.
RUN_TIMEOUT = 10
HUGE = 16 * 1024 * 1024 + 1  # one byte over what any input text may hold


class HostilePaths(vstest.BinaryTestCase):

    TMP_PREFIX = "vs-hostile-"

    def run_vs(self, *args):
        try:
            return super().run_vs(*args, stdin=subprocess.DEVNULL, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("visionsort %s still running after %d s" % (" ".join(args), RUN_TIMEOUT))

    def path(self, name):
        return os.path.join(self.tmp, name)

    def fifo(self, name):
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        os.mkfifo(self.path(name))
        return self.path(name)

    def huge(self, name):
        with open(self.path(name), "wb") as f:
            f.truncate(HUGE)  # sparse
        return self.path(name)

    def zero_link(self, name):
        os.symlink("/dev/zero", self.path(name))
        return self.path(name)

    def assert_refused(self, r, path, why, stream="stdout"):
        out = getattr(r, stream)
        show = "\n  exit %d\n  stdout: %r\n  stderr: %r" % (r.returncode, r.stdout, r.stderr)
        self.assertEqual(r.returncode, 1, show)
        lines = [l for l in out.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, show)
        self.assertIn(path + ": cannot read: ", lines[0], show)
        self.assertIn(why, lines[0], show)

    def test_keyword_set(self):
        for path, why in ((self.fifo("set.tsv"), "a named pipe, not a file"),
                          ("/dev/zero", "a device, not a file"),
                          (self.zero_link("zero.tsv"), "a device, not a file"),
                          (self.huge("huge.tsv"), "larger than 16 MB")):
            with self.subTest(path=path):
                self.assert_refused(self.run_vs("check", path), path, why)

    def test_configuration(self):
        for path, why in ((self.fifo("kiosk.ini"), "a named pipe, not a file"),
                          (self.zero_link("zero.ini"), "a device, not a file"),
                          (self.huge("huge.ini"), "larger than 16 MB")):
            with self.subTest(path=path):
                self.assert_refused(self.run_vs("check", path), path, why)

    def test_keyword_set_named_in_a_configuration(self):
        self.fifo("pipe.tsv")
        for target, why in (("/dev/zero", "a device, not a file"),
                            (self.path("pipe.tsv"), "a named pipe, not a file")):
            with self.subTest(target=target):
                ini = self.path("kiosk.ini")
                with open(ini, "w") as f:
                    f.write("[kiosk]\nkeywords = %s\n" % target)
                self.assert_refused(self.run_vs("check", ini), target, why)

    def test_language_file_and_one_inside_the_folder(self):
        lang = self.path("lang")
        shutil.copytree(LANG_DIR, lang)
        # the language file itself, in a folder of good ones
        for path, why in ((self.fifo("lang/fi.ini"), "a named pipe, not a file"),
                          (self.zero_link("lang/da.ini"), "a device, not a file"),
                          (self.huge("lang/nb.ini"), "larger than 16 MB")):
            with self.subTest(path=path):
                self.assert_refused(self.run_vs("check", path), path, why)
            os.unlink(path)
        # the file checked is fine, but a FIFO lies in the folder it is read with
        self.fifo("lang/fi.ini")
        self.assert_refused(self.run_vs("check", os.path.join(lang, "en.ini")),
                            os.path.join(lang, "fi.ini"), "a named pipe, not a file")
        os.unlink(os.path.join(lang, "fi.ini"))
        os.symlink("/dev/zero", os.path.join(lang, "fi.ini"))
        self.assert_refused(self.run_vs("check", os.path.join(lang, "en.ini")),
                            os.path.join(lang, "fi.ini"), "a device, not a file")

    def test_key_to_trust(self):
        tally = self.path("tally.db")
        for path, why in ((self.fifo("kiosk.pub"), "a named pipe, not a file"),
                          (self.zero_link("zero.pub"), "a device, not a file"),
                          (self.huge("huge.pub"), "larger than")):
            with self.subTest(path=path):
                r = self.run_vs("tally", "--tally", tally, "--trust", path)
                self.assert_refused(r, path, why, stream="stderr")
        self.assertFalse(os.path.exists(tally))

    def test_export_file(self):
        tally = self.path("tally.db")
        for path, why in ((self.fifo("export.sqlite"), "a named pipe, not a file"),
                          ("/dev/zero", "a device, not a file"),
                          (self.zero_link("zero.sqlite"), "a device, not a file")):
            with self.subTest(path=path):
                r = self.run_vs("import", "--tally", tally, path)
                self.assert_refused(r, path, why, stream="stderr")

    def test_session_log_key_file(self):
        # the kiosk's own signing key beside its log, replaced by a FIFO
        sys.path.insert(0, os.path.join(HERE, "..", "durability"))
        import logfixture as lf
        log = self.path("sessions.db")
        lf.make_log(log, sessions=2, seed=1)
        os.unlink(log + ".key")
        os.mkfifo(log + ".key", 0o600)
        os.mkdir(self.path("usb"))
        r = self.run_vs("export", "--db", log, "--out", self.path("usb"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(log + ".key: ", r.stderr)
        self.assertIn("a named pipe, not a file", r.stderr)
        self.assertEqual(os.listdir(self.path("usb")), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
