#!/usr/bin/env python3
"""No file missed, none replayed (issue 18): the export chain through the command line.

A kiosk writes six exports (export format 3: each numbered, each naming the previous one's
identity and time). They are dated 1, 5, 12, 19, 26 March and 2 April 2035 (re-signed with
the kiosk's own key, the links made again, as the kiosk would have written them on those
days). The tally imports them out of order with export 4 missing, and `tally --imports`
says so, with the days its sessions ended; the HTML report says the same in Swedish. Then:
export 4 arrives and the chain is whole; an old file imported again changes nothing; a
kiosk log restored from a backup writes a second, different export 4, which is reported;
a new key for the same kiosk is a stranger until trusted as its successor; a kiosk
re-installed (new log, new key) is registered as its predecessor's successor; format 2
files still import.
"""

import hashlib
import os
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "durability"))
import logfixture as lf  # noqa: E402

DAYS = ["2035-03-01", "2035-03-05", "2035-03-12", "2035-03-19", "2035-03-26", "2035-04-02"]


def manifest(path):
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT key, value FROM manifest"))
    finally:
        db.close()


class Chain(unittest.TestCase):

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="vs-chain-")
        self.tmp = self._tmp.name
        self.log = os.path.join(self.tmp, "kiosk.db")
        self.key = lf.make_log(self.log, sessions=3, seed=1)
        self.usb = os.path.join(self.tmp, "usb")
        os.mkdir(self.usb)
        self.tally = os.path.join(self.tmp, "tally.db")
        self.sodium = lf.Sodium()

    def tearDown(self):
        self._tmp.cleanup()

    def export(self, log=None):
        r = lf.run("export", "--db", log or self.log, "--out", self.usb)
        self.assertEqual(r.returncode, 0, r.stderr)
        return os.path.join(self.usb, r.stdout.split(" exported to ")[1].strip())

    def six_exports(self):
        files = []
        for i in range(6):
            if i:
                lf.add_sessions(self.log, 2, seed=10 + i)
            files.append(self.export())
        return files

    def redate(self, files, sk):
        """Each export as written on DAYS[i]: created_at, the link to the one before
        (its time and identity) and the signature made again with the kiosk's key."""
        previous_sha = previous_at = ""
        for i, path in enumerate(files):
            at = DAYS[i] + "T09:00:00.000Z"
            db = sqlite3.connect(path)
            db.execute("UPDATE manifest SET value = ? WHERE key = 'created_at'", (at,))
            db.execute("UPDATE manifest SET value = ? WHERE key = 'previous_export_sha256'",
                       (previous_sha,))
            db.execute("UPDATE manifest SET value = ? WHERE key = "
                       "'previous_export_created_at'", (previous_at,))
            msg = lf.signed_message(db)
            db.execute("UPDATE manifest SET value = ? WHERE key = 'signature'",
                       (self.sodium.sign(msg, sk).hex(),))
            db.commit()
            db.close()
            previous_sha, previous_at = hashlib.sha256(msg).hexdigest(), at

    def trust(self, *args):
        r = lf.run("tally", "--tally", self.tally, "--trust", *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def imp(self, path):
        r = lf.run("import", "--tally", self.tally, path)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def chain_lines(self):
        r = lf.run("tally", "--tally", self.tally, "--imports")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.split("\nexports by kiosk:\n")
        self.assertEqual(len(out), 2, r.stdout)
        return lf.lines(out[1])

    def test_each_export_numbered_and_linked(self):
        files = self.six_exports()
        kept = [manifest(f) for f in files]
        self.assertEqual([m["export_seq"] for m in kept], ["1", "2", "3", "4", "5", "6"])
        self.assertEqual(kept[0]["previous_export_sha256"], "")
        for before, after in zip(kept, kept[1:]):
            self.assertEqual(after["previous_export_created_at"], before["created_at"])
            db = sqlite3.connect(files[kept.index(before)])
            identity = hashlib.sha256(lf.signed_message(db)).hexdigest()
            db.close()
            self.assertEqual(after["previous_export_sha256"], identity)

    def test_out_of_order_with_one_missing(self):
        files = self.six_exports()
        self.redate(files, lf.read_secret_key(self.log))
        self.trust(self.key, "--site", "Stadsbiblioteket")
        for i in (5, 1, 4, 0, 2):  # export 4 (files[3]) never arrives
            self.imp(files[i])
        self.assertEqual(self.chain_lines(), [
            "Stadsbiblioteket: export 4 of 6 missing — sessions from 12 to 19 March not "
            "counted"])
        # the report says it too, in Swedish, before any figure
        html = os.path.join(self.tmp, "report.html")
        r = lf.run("report", "--tally", self.tally, "--html", html)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(html, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("Stadsbiblioteket: export 4 av 6 saknas — sessioner från 12 till 19 mars "
                      "är inte räknade", text)
        self.assertLess(text.index("export 4 av 6 saknas"), text.index("Rangordning"))
        # the missing file comes: the chain is whole
        self.imp(files[3])
        self.assertEqual(self.chain_lines(),
                         ["Stadsbiblioteket: all 6 exports counted, none missing"])
        # an old file again: its sessions are duplicates, the chain unchanged
        self.assertIn("0 added", self.imp(files[2]))
        self.assertEqual(self.chain_lines(),
                         ["Stadsbiblioteket: all 6 exports counted, none missing"])

    def test_missing_first_and_a_run(self):
        files = self.six_exports()
        self.redate(files, lf.read_secret_key(self.log))
        self.trust(self.key, "--site", "Mirum")
        for i in (1, 5):
            self.imp(files[i])
        self.assertEqual(self.chain_lines(), [
            "Mirum: export 1 of 6 missing — sessions until 1 March not counted",
            "Mirum: exports 3 to 5 of 6 missing — sessions from 5 to 26 March not counted"])

    def test_log_restored_from_backup_writes_export_4_twice(self):
        files = [self.export()]
        lf.add_sessions(self.log, 2, seed=21)
        files.append(self.export())
        lf.add_sessions(self.log, 2, seed=22)
        files.append(self.export())
        backup = os.path.join(self.tmp, "backup.db")
        lf.copy_log(self.log, backup)
        lf.add_sessions(self.log, 2, seed=23)
        files.append(self.export())  # export 4
        # the disk fails; the kiosk comes back with yesterday's log and key
        lf.copy_log(backup, self.log)
        lf.add_sessions(self.log, 1, seed=24)
        again = self.export()  # a different export 4
        self.assertEqual(manifest(again)["export_seq"], "4")
        self.trust(self.key, "--site", "Torget")
        for f in files + [again]:
            self.imp(f)
        self.assertEqual(self.chain_lines(), [
            "Torget: export 4 came as two different files — check the kiosk's exports (was "
            "its log restored from a backup?)"])

    def test_new_key_is_a_stranger_until_trusted_as_successor(self):
        self.trust(self.key, "--site", "Stadsbiblioteket")
        self.imp(self.export())
        # the key is lost; the kiosk makes a new one, same log, same kiosk id
        os.unlink(self.log + ".key")
        r = lf.run("export", "--db", self.log, "--new-key")
        self.assertEqual(r.returncode, 0, r.stderr)
        new = lf.public_key(self.log)
        lf.add_sessions(self.log, 2, seed=31)
        second = self.export()
        # trusted without saying whose it is, it may not speak for that kiosk
        self.trust(new)
        r = lf.run("import", "--tally", self.tally, second)
        self.assertEqual(r.returncode, 1)
        err = lf.lines(r.stderr)
        self.assertEqual(len(err), 1, err)
        self.assertIn("--successor-of " + self.key, err[0])
        # as the old key's successor it continues the kiosk, and its site
        r = self.trust(new, "--successor-of", self.key)
        self.assertIn("successor of " + self.key, r.stdout)
        self.assertIn("2 added", self.imp(second))
        self.assertEqual(self.chain_lines(),
                         ["Stadsbiblioteket: all 2 exports counted, none missing"])
        r = lf.run("tally", "--tally", self.tally, "--kiosks")
        line = [l for l in lf.lines(r.stdout) if l.startswith(new)][0]
        self.assertIn("site Stadsbiblioteket", line)
        self.assertIn("successor of " + self.key[:16], line)

    def test_reinstalled_kiosk_continues_as_successor(self):
        self.trust(self.key, "--site", "Stadsbiblioteket")
        first = self.export()
        self.imp(first)
        old_kiosk = manifest(first)["kiosk_id"]
        # a new disk: a new log, a new kiosk id and key
        log2 = os.path.join(self.tmp, "reinstalled.db")
        key2 = lf.make_log(log2, sessions=2, seed=41)
        self.trust(key2, "--successor-of", self.key)
        self.imp(self.export(log2))
        lines = self.chain_lines()
        self.assertIn("Stadsbiblioteket (took over from kiosk %s): export 1 counted, none "
                      "missing" % old_kiosk[:8], lines)
        self.assertIn("Stadsbiblioteket: export 1 counted, none missing", lines)

    def test_trusting_again_keeps_the_kiosk(self):
        self.trust(self.key, "--site", "Torget")
        self.imp(self.export())
        r = self.trust(self.key, "--site", "Stora torget")
        self.assertIn("trusted again", r.stdout)
        r = lf.run("tally", "--tally", self.tally, "--kiosks")
        self.assertNotIn("(no file yet)", r.stdout)
        self.assertIn("site Stora torget", r.stdout)

    def test_audit_listings(self):
        """`export --audit` on the kiosk's log and `tally --audit` on the tally: one timed
        line per event."""
        first = self.export()
        self.trust(self.key, "--site", "Torget")
        self.imp(first)
        r = lf.run("export", "--db", self.log, "--audit")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = lf.lines(r.stdout)
        self.assertRegex(lines[-1], r"^\d{4}-\d\d-\d\dT[0-9:.]+Z  export  +export 1: 3 "
                         r"sessions, visionsort-[0-9a-f]{8}-\d{8}T\d{6}Z\.sqlite$")
        r = lf.run("tally", "--tally", self.tally, "--audit")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = lf.lines(r.stdout)
        self.assertEqual(len(lines), 2, r.stdout)
        self.assertRegex(lines[0], r"Z  trusted  +kiosk key %s  trusted, site Torget$"
                         % self.key[:16])
        self.assertRegex(lines[1], r"Z  imported  +%s  kiosk [0-9a-f]{8}, export 1, 3 added, "
                         r"0 duplicates, sha256 [0-9a-f]{16}$" % os.path.basename(first))
        r = lf.run("export", "--db", self.log, "--audit", "--new-key")
        self.assertEqual(r.returncode, 2)

    def test_format_2_still_imports(self):
        path = self.export()
        db = sqlite3.connect(path)
        db.execute("DELETE FROM manifest WHERE key IN ('export_seq', 'previous_export_sha256', "
                   "'previous_export_created_at')")
        db.execute("UPDATE manifest SET value = '2' WHERE key = 'format_version'")
        db.execute("PRAGMA user_version = 2")
        sig = self.sodium.sign(lf.signed_message(db), lf.read_secret_key(self.log))
        db.execute("UPDATE manifest SET value = ? WHERE key = 'signature'", (sig.hex(),))
        db.commit()
        db.execute("VACUUM")
        db.close()
        self.trust(self.key)
        self.assertIn("3 added", self.imp(path))
        r = lf.run("tally", "--tally", self.tally, "--imports")
        self.assertNotIn("exports by kiosk", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
