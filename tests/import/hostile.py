#!/usr/bin/env python3
"""Importing hostile export files (issue 5, docs/export-format.md).

One real export (made by the binary from a fixture log) is imported into a
tally that trusts its kiosk; then copies of it, damaged or forged in every
way listed below, are imported into the same tally. Each must either be
rejected, with exactly one line on stderr naming the file, and leave every
table of the tally unchanged but its audit log, which gains exactly one
"rejected" line naming the file, and its CSV unchanged; or (only where the content
is truly unchanged: a flip in free space, a VACUUM) be accepted as nothing
but duplicates, again with an unchanged CSV.

  valid, duplicate, not an export (text, empty, a log, a tally), truncated at
  many lengths, a few hundred seeded bit flips, re-signed with another key
  (three ways), content changed (with and without a new checksum), unsigned,
  wrong version, a trigger / a view / an extra table / a view in a table's
  place, WAL mode, values of the wrong type, VACUUM (accepted).

The canonical content and signed message are recomputed here in Python from
the format document, and signatures made with libsodium through ctypes, so
the C code is checked against an independent reading of the format.
"""

import collections
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "durability"))
import logfixture as lf  # noqa: E402

FLIPS = int(os.environ.get("VS_HOSTILE_FLIPS", "300"))
SEED = 2035


class HostileImports(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="vs-hostile-")
        cls.tmp = cls._tmp.name
        cls.log = os.path.join(cls.tmp, "kiosk.db")
        cls.key = lf.make_log(cls.log, sessions=24, seed=7)
        usb = os.path.join(cls.tmp, "usb")
        os.mkdir(usb)
        r = lf.run("export", "--db", cls.log, "--out", usb)
        assert r.returncode == 0, r.stderr
        cls.good = os.path.join(usb, os.listdir(usb)[0])
        with open(cls.good, "rb") as f:
            cls.good_bytes = f.read()
        cls.tally = lf.new_tally(os.path.join(cls.tmp, "tally.db"), cls.key)
        r = lf.run("import", "--tally", cls.tally, cls.good)
        assert r.returncode == 0 and "24 added" in r.stdout, (r.stdout, r.stderr)
        cls.csv = lf.tally_csv(cls.tally)
        cls.sodium = lf.Sodium()
        cls.reasons = collections.Counter()

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    # -- helpers -------------------------------------------------------------

    def copy(self, name, data=None):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(self.good_bytes if data is None else data)
        return path

    def edit(self, name, *sql):
        """A copy of the good export changed with plain SQLite."""
        path = self.copy(name)
        db = sqlite3.connect(path)
        for s in sql:
            db.execute(s)
        db.commit()
        db.close()
        return path

    def resign(self, path, sk, pk_hex=None, rehash=True):
        """Recomputes content_sha256 (if rehash) and signs the manifest with sk."""
        db = sqlite3.connect(path)
        if pk_hex:
            db.execute("UPDATE manifest SET value = ? WHERE key = 'public_key'", (pk_hex,))
        if rehash:
            db.execute("UPDATE manifest SET value = ? WHERE key = 'content_sha256'",
                       (lf.content_sha256(db),))
        sig = self.sodium.sign(lf.signed_message(db), sk)
        db.execute("UPDATE manifest SET value = ? WHERE key = 'signature'", (sig.hex(),))
        db.commit()
        db.close()

    def tally_state(self):
        """Every table of the tally but its audit log, row for row; and the
        audit log's entries."""
        con = sqlite3.connect("file:%s?mode=ro" % self.tally, uri=True)
        try:
            names = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            tables = {n: con.execute("SELECT * FROM %s" % n).fetchall()
                      for n in names if n != "audit"}
            audit = con.execute("SELECT event, subject, detail FROM audit ORDER BY id").fetchall()
        finally:
            con.close()
        return tables, audit

    def assert_rejected(self, path, *words):
        before, audit_before = self.tally_state()
        r = lf.run("import", "--tally", self.tally, path)
        err = lf.lines(r.stderr)
        what = "%s: exit %d, stdout %r, stderr %r" % (os.path.basename(path), r.returncode,
                                                      r.stdout, err)
        self.assertEqual(r.returncode, 1, what)
        self.assertEqual(r.stdout, "", what)
        self.assertEqual(len(err), 1, what)
        self.assertTrue(err[0].startswith("visionsort: %s: " % path), what)
        for w in words:
            self.assertIn(w, err[0], what)
        after, audit_after = self.tally_state()
        self.assertEqual(after, before, "tally changed: " + what)
        self.assertEqual(audit_after[:-1], audit_before, "audit log rewritten: " + what)
        self.assertEqual(audit_after[-1][:2], ("rejected", os.path.basename(path)), what)
        self.assertEqual(lf.tally_csv(self.tally), self.csv, "CSV changed: " + what)
        reason = err[0].split(": ", 2)[2].split(" — ")[0]
        self.reasons[reason.split(" (")[0]] += 1
        return err[0]

    def assert_duplicates_only(self, path):
        r = lf.run("import", "--tally", self.tally, path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("0 added, 24 duplicates", r.stdout)
        self.assertEqual(lf.tally_csv(self.tally), self.csv)

    # -- the cases -----------------------------------------------------------

    def test_valid_file_imports_again_as_duplicates(self):
        self.assert_duplicates_only(self.good)
        # and into a fresh tally in full, with the same CSV
        fresh = lf.new_tally(os.path.join(self.tmp, "fresh.db"), self.key)
        r = lf.run("import", "--tally", fresh, self.good)
        self.assertIn("24 added, 0 duplicates", r.stdout)
        self.assertEqual(lf.tally_csv(fresh), self.csv)

    def test_checksum_matches_independent_reading(self):
        db = sqlite3.connect(self.good)
        manifest = dict(db.execute("SELECT key, value FROM manifest"))
        self.assertEqual(manifest["content_sha256"], lf.content_sha256(db))
        self.assertEqual(manifest["public_key"], self.key)
        db.close()

    def test_not_exports(self):
        self.assert_rejected(self.copy("notes.txt", b"keyword,yes\nk1,3\n" * 20),
                             "not a visionsort export file")
        self.assert_rejected(self.copy("empty.sqlite", b""), "truncated")
        self.assert_rejected(self.log, "not a visionsort export file")
        self.assert_rejected(self.tally, "not a visionsort export file")
        self.assert_rejected(os.path.join(self.tmp, "missing.sqlite"), "cannot read")

    def test_truncated_at_many_lengths(self):
        n = len(self.good_bytes)
        lengths = sorted({1, 15, 16, 50, 99, 100, 101, 512, 1024, 4095, 4096, 4097, 8192,
                          n // 3, n // 2, n - 4096, n - 4095, n - 100, n - 1})
        rnd = random.Random(SEED)
        lengths += sorted(rnd.randrange(1, n) for _ in range(20))
        for i, length in enumerate(lengths):
            with self.subTest(length=length):
                self.assert_rejected(self.copy("cut-%d.sqlite" % i, self.good_bytes[:length]))

    def test_bit_flips(self):
        rnd = random.Random(SEED)
        n = len(self.good_bytes)
        outcomes = collections.Counter()
        fresh_checked = 0
        for i in range(FLIPS):
            pos, bit = rnd.randrange(n), 1 << rnd.randrange(8)
            data = bytearray(self.good_bytes)
            data[pos] ^= bit
            path = self.copy("flip.sqlite", bytes(data))
            before, audit_before = self.tally_state()
            r = lf.run("import", "--tally", self.tally, path)
            what = "flip %d at byte %d bit %d: %r %r" % (i, pos, bit, r.stdout, r.stderr)
            if r.returncode == 0:
                # only a flip that changed no content may pass, as duplicates
                self.assertIn("0 added, 24 duplicates", r.stdout, what)
                self.assertEqual(lf.tally_csv(self.tally), self.csv, what)
                outcomes["accepted (content unchanged)"] += 1
                if fresh_checked < 5:
                    fresh_checked += 1
                    fresh = os.path.join(self.tmp, "flip-fresh-%d.db" % i)
                    lf.new_tally(fresh, self.key)
                    r2 = lf.run("import", "--tally", fresh, path)
                    self.assertIn("24 added", r2.stdout, what)
                    self.assertEqual(lf.tally_csv(fresh), self.csv, what)
                continue
            err = lf.lines(r.stderr)
            self.assertEqual(r.returncode, 1, what)
            self.assertEqual(len(err), 1, what)
            after, audit_after = self.tally_state()
            self.assertEqual(after, before, what)
            self.assertEqual(audit_after[:-1], audit_before, what)
            self.assertEqual(audit_after[-1][0], "rejected", what)
            self.assertEqual(lf.tally_csv(self.tally), self.csv, what)
            reason = err[0].split(": ", 2)[2].split(" — ")[0].split(" (")[0]
            outcomes["rejected: " + reason] += 1
        print("\n%d bit flips over %d bytes:" % (FLIPS, n), file=sys.stderr)
        for k, v in outcomes.most_common():
            print("  %4d  %s" % (v, k), file=sys.stderr)

    def test_resigned_with_another_key(self):
        pk, sk = self.sodium.keypair()
        # the kiosk's public key left in place, another key's signature
        path = self.copy("resigned-a.sqlite")
        self.resign(path, sk)
        self.assert_rejected(path, "wrong signature")
        # consistently another key: a kiosk nobody trusted
        path = self.copy("resigned-b.sqlite")
        self.resign(path, sk, pk_hex=pk.hex())
        self.assert_rejected(path, "unknown kiosk key")
        # content changed too, by the holder of a key nobody trusted
        path = self.edit("resigned-c.sqlite", "UPDATE cards SET pile = 'yes' WHERE pile = 'no'")
        self.resign(path, sk, pk_hex=pk.hex())
        self.assert_rejected(path, "unknown kiosk key")

    def test_content_changed(self):
        path = self.edit("changed-a.sqlite",
                         "UPDATE cards SET pile = 'no' WHERE pile = 'yes' AND rowid % 3 = 0")
        self.assert_rejected(path, "content was changed")
        path = self.edit("changed-b.sqlite", "DELETE FROM cards WHERE rowid = 5")
        self.assert_rejected(path, "content was changed")
        # the checksum recomputed as well, but no key to sign it with
        path = self.edit("changed-c.sqlite", "UPDATE sessions SET site = 'Elsewhere'")
        db = sqlite3.connect(path)
        db.execute("UPDATE manifest SET value = ? WHERE key = 'content_sha256'",
                   (lf.content_sha256(db),))
        db.commit()
        db.close()
        self.assert_rejected(path, "wrong signature")
        # a manifest entry changed: the signature covers it
        path = self.edit("changed-d.sqlite", "UPDATE manifest SET value = 'Elsewhere' "
                         "WHERE key = 'site'")
        self.assert_rejected(path, "wrong signature")
        # the signature's hex in capitals is another spelling: refused
        path = self.edit("changed-e.sqlite", "UPDATE manifest SET value = upper(value) "
                         "WHERE key = 'signature'")
        self.assert_rejected(path, "wrong signature")

    def test_unsigned(self):
        self.assert_rejected(self.edit("unsigned-a.sqlite",
                                       "DELETE FROM manifest WHERE key = 'signature'"),
                             "not signed")
        self.assert_rejected(self.edit("unsigned-b.sqlite",
                                       "UPDATE manifest SET value = '' WHERE key = 'signature'"),
                             "not signed")

    def test_wrong_version(self):
        self.assert_rejected(self.edit("v1.sqlite", "PRAGMA user_version = 1"),
                             "unsupported export format 1", "export again")
        self.assert_rejected(self.edit("v4.sqlite", "PRAGMA user_version = 4"),
                             "unsupported export format 4", "update visionsort")

    def test_schema_additions(self):
        self.assert_rejected(self.edit(
            "trigger.sqlite", "CREATE TRIGGER t AFTER INSERT ON sessions BEGIN "
            "DELETE FROM cards; END"), "corrupt", "trigger")
        self.assert_rejected(self.edit("view.sqlite", "CREATE VIEW v AS SELECT * FROM cards"),
                             "corrupt", "view")
        self.assert_rejected(self.edit("table.sqlite", "CREATE TABLE extra(x)"), "corrupt")
        self.assert_rejected(self.edit("index.sqlite", "CREATE INDEX i ON cards(pile)"),
                             "corrupt")
        # a view in place of a table, with the same rows
        self.assert_rejected(self.edit(
            "swap.sqlite", "CREATE TABLE cards2 AS SELECT * FROM cards", "DROP TABLE cards",
            "CREATE VIEW cards AS SELECT * FROM cards2"), "corrupt")

    def test_journal_mode_and_types(self):
        path = self.copy("wal.sqlite")
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode = WAL").fetchall()
        db.close()
        self.assert_rejected(path, "corrupt")
        self.assert_rejected(self.edit("real.sqlite",
                                       "UPDATE cards SET rank = 1.5 WHERE rank = 1"),
                             "corrupt")
        self.assert_rejected(self.edit("blob.sqlite",
                                       "UPDATE sessions SET site = x'00ff' WHERE rowid = 1"),
                             "corrupt")

    def test_vacuumed_file_is_the_same_content(self):
        path = self.copy("vacuum.sqlite")
        db = sqlite3.connect(path)
        db.execute("VACUUM")
        db.close()
        self.assertNotEqual(lf.sha256_file(path), lf.sha256_file(self.good))
        self.assert_duplicates_only(path)


def main():
    if not os.access(lf.BINARY, os.X_OK):
        print("FAIL: no visionsort binary at %s" % lf.BINARY)
        return 1
    t0 = time.monotonic()
    result = unittest.main(argv=[sys.argv[0]] + sys.argv[1:], exit=False, verbosity=2).result
    print("\nrejection reasons seen (outside the bit flips):")
    for k, v in HostileImports.reasons.most_common():
        print("  %4d  %s" % (v, k))
    print("%.1f s" % (time.monotonic() - t0))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
