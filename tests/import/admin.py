#!/usr/bin/env python3
"""The command line of trust and the log's staff actions (no X needed):

  visionsort export --print-public-key | --new-key | --purge-exported-older-than DAYS
  visionsort tally --trust KEYFILE|HEX [--site NAME] | --kiosks | --imports
  visionsort import --accept-unknown

Exit codes, one line per outcome, and that refused commands change nothing.
"""

import os
import re
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "durability"))
import logfixture as lf  # noqa: E402


class Admin(unittest.TestCase):

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="vs-admin-")
        self.tmp = self._tmp.name
        self.log = os.path.join(self.tmp, "sessions.db")
        self.key = lf.make_log(self.log, sessions=6, seed=3)
        self.usb = os.path.join(self.tmp, "usb")
        os.mkdir(self.usb)
        self.tally = os.path.join(self.tmp, "tally.db")

    def tearDown(self):
        self._tmp.cleanup()

    def export(self, *extra):
        r = lf.run("export", "--db", self.log, "--out", self.usb, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return os.path.join(self.usb, r.stdout.split(" exported to ")[1].strip())

    def test_print_public_key_is_the_bare_key_and_stable(self):
        r = lf.run("export", "--db", self.log, "--print-public-key")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^[0-9a-f]{64}\n$")
        self.assertEqual(r.stdout.strip(), self.key)
        self.assertEqual(oct(os.stat(self.log + ".key").st_mode & 0o777), "0o600")

    def test_new_key_only_when_the_old_one_is_lost(self):
        r = lf.run("export", "--db", self.log, "--new-key")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(lf.lines(r.stderr)), 1, r.stderr)
        os.unlink(self.log + ".key")
        r = lf.run("export", "--db", self.log, "--out", self.usb)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--new-key", r.stderr)
        self.assertEqual(os.listdir(self.usb), [])
        r = lf.run("export", "--db", self.log, "--new-key")
        self.assertEqual(r.returncode, 0, r.stderr)
        new = re.search(r"[0-9a-f]{64}", r.stdout).group(0)
        self.assertNotEqual(new, self.key)
        self.assertEqual(lf.public_key(self.log), new)

    def test_purge_deletes_only_old_exported_sessions(self):
        self.export()
        lf.add_sessions(self.log, 4, seed=9)  # never exported
        db = sqlite3.connect(self.log)
        db.execute("UPDATE sessions SET ended_at = '2020-01-01T00:00:00.000Z'")
        db.commit()
        db.close()
        r = lf.run("export", "--db", self.log, "--purge-exported-older-than", "30")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(lf.lines(r.stdout), ["6 exported sessions older than 30 days "
                                              "deleted from %s" % self.log])
        left = lf.log_sessions(self.log)
        self.assertEqual(len(left), 4)
        self.assertTrue(all(e is None for _, e in left.values()))
        self.assertEqual(lf.integrity(self.log), "ok")
        for bad in ("-1", "x", "36501"):
            r = lf.run("export", "--db", self.log, "--purge-exported-older-than", bad)
            self.assertEqual(r.returncode, 2, bad)
        r = lf.run("export", "--db", self.log, "--purge-exported-older-than", "1",
                   "--out", self.usb)
        self.assertEqual(r.returncode, 2)

    def test_trust_from_a_key_file_and_listings(self):
        pub = os.path.join(self.tmp, "kiosk.pub")
        with open(pub, "w") as f:
            f.write(self.key.upper() + "\n")
        r = lf.run("tally", "--tally", self.tally, "--trust", pub, "--site", "Torget")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(lf.lines(r.stdout), ["trusted kiosk key %s for site Torget" % self.key])
        r = lf.run("tally", "--tally", self.tally, "--kiosks")
        self.assertIn(self.key, r.stdout)
        self.assertIn("Torget", r.stdout)
        r = lf.run("tally", "--tally", self.tally, "--imports")
        self.assertEqual(lf.lines(r.stdout), ["nothing imported yet"])
        f = self.export()
        r = lf.run("import", "--tally", self.tally, f)
        self.assertIn("6 added, 0 duplicates", r.stdout)
        r = lf.run("tally", "--tally", self.tally, "--imports")
        line = lf.lines(r.stdout)
        # one line per file, then what the tally holds of each kiosk's exports
        self.assertEqual(len(line), 3, r.stdout)
        self.assertIn("imported", line[0])
        self.assertIn(os.path.basename(f), line[0])
        self.assertIn("6 added, 0 duplicates", line[0])
        self.assertEqual(line[1:], ["exports by kiosk:",
                                    "Torget: export 1 counted, none missing"])

    def test_secret_key_file_is_refused(self):
        r = lf.run("tally", "--tally", self.tally, "--trust", self.log + ".key")
        self.assertEqual(r.returncode, 1)
        self.assertIn("secret key", r.stderr)
        self.assertFalse(os.path.exists(self.tally))
        r = lf.run("tally", "--tally", self.tally, "--trust", "abc")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(lf.lines(r.stderr)), 1)
        r = lf.run("tally", "--tally", self.tally, "--imports")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no tally here", r.stderr)

    def test_accept_unknown_quarantines(self):
        f = self.export()
        r = lf.run("import", "--tally", self.tally, f)  # makes the tally; trusts no key
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(lf.lines(r.stderr)), 1)
        self.assertIn("unknown kiosk key", r.stderr)
        self.assertIn("--trust " + self.key, r.stderr)
        before = lf.tally_csv(self.tally)
        r = lf.run("import", "--tally", self.tally, "--accept-unknown", f)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("quarantined", r.stdout)
        self.assertEqual(lf.tally_csv(self.tally), before)
        r = lf.run("tally", "--tally", self.tally, "--imports")
        self.assertIn("quarantined", r.stdout)
        self.assertIn("unknown kiosk key " + self.key, r.stdout)


if __name__ == "__main__":
    if not os.access(lf.BINARY, os.X_OK):
        print("FAIL: no visionsort binary at %s" % lf.BINARY)
        sys.exit(1)
    sys.exit(0 if unittest.main(exit=False, verbosity=2).result.wasSuccessful() else 1)
