#!/usr/bin/env python3
"""A tally politicians can trust, through the command line (issues 15, 18).

One generated data set, real signed exports: four kiosks at four sites, two
of them with fewer than five sessions (small groups), planted misuse at the
biggest (two sessions too fast, two with every card in one pile, one
identical repeat two minutes after its original), and a fifth kiosk on a
newer version of the keyword set that renames a keyword. Checked:

  - small groups are hidden in `tally --by`, `--json`, the HTML report, with
    a note; the totals still count them;
  - flagged sessions are left out, counted apart and named, included with
    --include-flagged, judged again when the rules in --config change;
  - each keyword set version keeps its own labels and counts; --set picks;
  - importing in another order gives byte-identical output, rank intervals
    included, and so does running the same command twice;
  - the kept sums rebuilt from the raw rows give byte-identical CSV, JSON
    and table output for every segment;
  - a signed file no kiosk could have written is refused in one line that
    names it.

Sessions are written into kiosk logs with plain SQL (as tests/durability's
logfixture does), so every pile, time and answer is known here; the
expected figures are computed from those rows, not by the code under test.
"""

import os
import shutil
import sqlite3
import sys
import tempfile
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "durability"))
import logfixture as lf  # noqa: E402
import report_common as rc  # noqa: E402

SET = "fixture-set"
KEYWORDS = ["k%02d" % i for i in range(1, 13)]
T0 = 2061619200000  # 2035-05-01T00:00:00Z
PILES = ("yes", "no", "neutral")


class Kiosk:
    """A kiosk log made by visionsort, filled with sessions chosen here."""

    def __init__(self, work, name, site, version="3", label_k01="Nyckelord 1"):
        self.path = os.path.join(work, name + ".db")
        open(self.path, "wb").close()
        self.key = lf.public_key(self.path)
        self.site, self.version = site, version
        self.sessions = []  # (uuid, outcome, started, ended, [(kw, pile, rank)])
        db = sqlite3.connect(self.path)
        db.execute("INSERT OR IGNORE INTO keyword_sets VALUES (?, ?, ?, ?)",
                   (SET, version, len(KEYWORDS), "2035-01-01T00:00:00.000Z"))
        for i, kw in enumerate(KEYWORDS):
            label = label_k01 if kw == "k01" else "Nyckelord %d" % (i + 1)
            db.execute("INSERT INTO keywords VALUES (?, ?, ?, 'sv', ?)",
                       (SET, version, kw, label))
        db.commit()
        db.close()
        self.usb = os.path.join(work, "usb-" + name)
        os.makedirs(self.usb)

    def add(self, n, start, seconds=45, piles=None, dealt=None, outcome="completed"):
        """n sessions a minute apart; piles: one pile per card (else mixed)."""
        db = sqlite3.connect(self.path)
        kiosk_id = db.execute("SELECT value FROM meta WHERE key = 'kiosk_id'").fetchone()[0]
        for i in range(n):
            number = len(self.sessions)
            uuid = "%08x-0000-4000-8000-%012x" % (zlib.crc32(self.path.encode()), number)
            cards_ids = dealt or [KEYWORDS[(number + c) % 12] for c in range(6)]
            chosen = piles or [PILES[(number + c) % 3] for c in range(len(cards_ids))]
            ranks, cards = {}, []
            for kw, p in zip(cards_ids, chosen):
                ranks[p] = ranks.get(p, 0) + 1
                cards.append((kw, p, ranks[p]))
            started = start + i * 60000
            cur = db.execute(
                "INSERT INTO sessions(uuid, kiosk_id, site, set_id, set_version, language, "
                "started_at, ended_at, outcome) VALUES (?, ?, ?, ?, ?, 'sv', ?, ?, ?)",
                (uuid, kiosk_id, self.site, SET, self.version, lf.iso(started),
                 lf.iso(started + seconds * 1000), outcome))
            for pos, (kw, p, rank) in enumerate(cards):
                db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, ?)",
                           (cur.lastrowid, kw, pos, p, rank))
            self.sessions.append((uuid, outcome, cards))
        db.commit()
        db.close()

    def export(self):
        r = lf.run("export", "--db", self.path, "--out", self.usb, "--all")
        if r.returncode != 0:
            raise AssertionError("export: %s" % r.stderr)
        files = sorted(os.listdir(self.usb))
        return os.path.join(self.usb, files[-1])


def tally(path, *args, check=True):
    r = rc.run_vs("tally", "--tally", path, *args)
    if check and r.returncode != 0:
        raise AssertionError("tally %s: %s" % (args, r.stderr.decode()))
    return r


class Trust(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="vs-trust-")
        big = Kiosk(cls.work, "big", "Stadsbiblioteket")
        big.add(60, T0)
        # planted: too fast (6 cards in 3 s), every card in one pile, a repeat
        big.add(2, T0 + 5 * 3600000, seconds=3)
        big.add(1, T0 + 6 * 3600000, piles=["no"] * 6)
        big.add(1, T0 + 6 * 3600000 + 300000, piles=["yes"] * 6)
        same = ["k03", "k05", "k07", "k09", "k11", "k01"]
        answers = ["yes", "no", "yes", "neutral", "no", "yes"]
        big.add(1, T0 + 7 * 3600000, dealt=same, piles=answers)
        big.add(1, T0 + 7 * 3600000 + 120000, dealt=same, piles=answers)
        # 60, 61 too fast; 62, 63 one pile; 64 the original, 65 its repeat
        cls.planted = {big.sessions[i][0] for i in (60, 61, 62, 63, 65)}
        mid = Kiosk(cls.work, "mid", "Mellan")
        mid.add(12, T0 + 86400000)
        small = Kiosk(cls.work, "small", "Liten plats")
        small.add(3, T0 + 2 * 86400000)
        tiny = Kiosk(cls.work, "tiny", "Pytte")
        tiny.add(4, T0 + 3 * 86400000)
        newer = Kiosk(cls.work, "newer", "Stadsbiblioteket", version="4",
                      label_k01="Nyckelord ett")
        newer.add(8, T0 + 4 * 86400000)
        cls.kiosks = [big, mid, small, tiny, newer]
        cls.files = [k.export() for k in cls.kiosks]
        cls.db = os.path.join(cls.work, "tally.db")
        cls.other = os.path.join(cls.work, "other.db")
        for path, files in ((cls.db, cls.files), (cls.other, cls.files[::-1])):
            for k in cls.kiosks:
                tally(path, "--trust", k.key)
            r = rc.run_vs("import", "--tally", path, *files)
            if r.returncode != 0:
                raise AssertionError("import: %s" % r.stderr.decode())
            cls.import_out = r.stdout.decode()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    # -- reference figures from the rows written above ----------------------

    def reference(self, by=None, flagged=False, version="3"):
        sessions, cards, labels = {}, [], {}
        for k in self.kiosks:
            if k.version != version:
                continue
            for uuid, outcome, cs in k.sessions:
                if uuid in self.planted and not flagged:
                    continue
                sessions[uuid] = {"outcome": outcome, "site": k.site, "language": "sv",
                                  "age_band": None, "residence": None,
                                  "started_at": "2035-05-01"}
                cards.extend((uuid, kw, p, r) for kw, p, r in cs)
        for kw in KEYWORDS:
            labels[kw] = ("Nyckelord ett" if version == "4" else "Nyckelord 1") \
                if kw == "k01" else "Nyckelord %d" % int(kw[1:])
        return rc.reference(sessions, cards, labels, by=by)

    def rows(self, *args, path=None):
        r = tally(path or self.db, "--csv", *args)
        return rc.parse_csv(r.stdout.decode()), r.stderr.decode()

    def assert_figures(self, got, want):
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertEqual(g["keyword_id"], w["keyword_id"])
            self.assertEqual(g["label"], w["label"])
            for key in ("shown", "yes", "no", "neutral"):
                self.assertEqual(int(g[key]), w[key], "%s %s" % (w["keyword_id"], key))
            if "segment" in w:
                self.assertEqual(g["segment"], w["segment"])

    # -- small groups ---------------------------------------------------------

    def test_small_groups_hidden_with_a_note(self):
        got, err = self.rows("--by", "site")
        segs = {r["segment"] for r in got}
        self.assertEqual(segs, {"Stadsbiblioteket", "Mellan"})
        self.assertIn("2 groups with fewer than 5 sessions hidden", err)
        want = [w for w in self.reference(by="site") if w["segment"] in segs]
        self.assert_figures(got, want)
        data = rc.parse_json(tally(self.db, "--json", "--by", "site").stdout.decode())
        self.assertEqual({r["segment"] for r in data}, segs)

    def test_totals_count_the_hidden_groups(self):
        got, _ = self.rows()
        self.assert_figures(got, self.reference())
        # 60 plain sessions and the original of the repeat, and every
        # session of the small kiosks, six cards each
        total = sum(int(r["shown"]) for r in got)
        self.assertEqual(total, 6 * (61 + 12 + 3 + 4))

    def test_report_hides_them_too(self):
        html_path = os.path.join(self.work, "r.html")
        rc.run_vs("report", "--tally", self.db, "--html", html_path, check=True)
        with open(html_path, encoding="utf-8") as f:
            html = f.read()
        self.assertNotIn("Liten plats", html)
        self.assertNotIn("Pytte", html)
        self.assertIn("Mellan", html)
        self.assertIn("2 grupper med färre än 5 sessioner visas inte", html)
        # the method section, in both languages, with the rules applied
        for text in ("Vad siffrorna kan och inte kan säga",
                     "What the figures can and cannot claim",
                     "snabbare än 1,0 sekunder per kort", "10 minutes earlier"):
            self.assertIn(text, html)

    def test_limit_from_the_config_never_below_three(self):
        cfg = os.path.join(self.work, "tally.ini")
        with open(cfg, "w") as f:
            f.write("[tally]\nmin_group_sessions = 4\n")
        got, err = self.rows("--by", "site", "--config", cfg)
        # Liten (3) alone is under 4, so the smallest other (Pytte) goes too
        self.assertEqual({r["segment"] for r in got}, {"Stadsbiblioteket", "Mellan"})
        self.assertIn("and 1 more so that it cannot be worked out", err)
        with open(cfg, "w") as f:
            f.write("[tally]\nmin_group_sessions = 2\n")
        r = tally(self.db, "--csv", "--config", cfg, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("tally.ini:2: min_group_sessions", r.stderr.decode())

    # -- misuse ----------------------------------------------------------------

    def test_flagged_left_out_counted_and_included_on_request(self):
        got, err = self.rows()
        self.assert_figures(got, self.reference())
        self.assertIn("5 sessions flagged as misuse or noise (2 too fast, 2 all in one pile, "
                      "1 repeats) are left out", err)
        got, err = self.rows("--include-flagged")
        self.assert_figures(got, self.reference(flagged=True))
        self.assertIn("are counted (--include-flagged)", err)
        self.assertIn("(5 flagged as misuse or noise", self.import_out)

    def test_other_rules_judge_every_session_again(self):
        copy = os.path.join(self.work, "rules.db")
        shutil.copy(self.db, copy)
        cfg = os.path.join(self.work, "lenient.ini")
        with open(cfg, "w") as f:
            f.write("[tally]\nmin_seconds_per_card = 0\n")
        r = rc.run_vs("import", "--tally", copy, "--config", cfg, self.files[0])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("every session judged again", r.stdout.decode())
        _, err = self.rows(path=copy)
        self.assertIn("3 sessions flagged as misuse or noise (0 too fast", err)

    # -- keyword set versions -------------------------------------------------

    def test_each_version_keeps_its_labels_and_counts(self):
        got, err = self.rows()
        self.assertIn("keyword set fixture-set, version 3", err)
        self.assertIn("not in these figures: keyword set fixture-set, version 4 (8 sessions)",
                      err)
        self.assertIn("Nyckelord 1", {r["label"] for r in got})
        got, err = self.rows("--set", "fixture-set@4")
        self.assert_figures(got, self.reference(version="4"))
        self.assertIn("Nyckelord ett", {r["label"] for r in got})
        self.assertIn("keyword set fixture-set, version 4", err)
        r = tally(self.db, "--csv", "--set", "nosuch", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no keyword set nosuch", r.stderr.decode())

    # -- the same figures whatever the order, run or rebuild -------------------

    def outputs(self, path):
        out = {}
        for args in (["--csv"], ["--json"], []):
            for by in [None, "site", "day", "language", "channel"]:
                extra = ["--by", by] if by else []
                for more in ([], ["--include-flagged"], ["--include-abandoned"],
                             ["--set", "fixture-set@4"]):
                    key = " ".join(args + extra + more)
                    out[key] = tally(path, *(args + extra + more)).stdout
        return out

    def test_order_and_reruns_change_nothing(self):
        first = self.outputs(self.db)
        self.assertEqual(first, self.outputs(self.db))
        self.assertEqual(first, self.outputs(self.other))
        data = rc.parse_json(first["--json"].decode())
        self.assertTrue(all(r["tier"] >= 1 and r["rank_low"] <= r["rank_high"] for r in data))

    def test_rebuilt_sums_give_the_same_bytes(self):
        copy = os.path.join(self.work, "rebuild.db")
        shutil.copy(self.db, copy)
        before = self.outputs(copy)
        r = tally(copy, "--rebuild-aggregates")
        self.assertIn("summed again", r.stdout.decode())
        self.assertEqual(before, self.outputs(copy))

    # -- plausibility ----------------------------------------------------------

    def test_a_file_no_kiosk_writes_is_refused_by_name(self):
        odd = Kiosk(self.work, "odd", "Udda")
        odd.add(1, T0, dealt=["x%02d" % i for i in range(40)])
        path = odd.export()
        copy = os.path.join(self.work, "odd.db")
        shutil.copy(self.db, copy)
        tally(copy, "--trust", odd.key)
        r = rc.run_vs("import", "--tally", copy, path)
        self.assertEqual(r.returncode, 1)
        lines = r.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("visionsort: %s: rejected: session " % path),
                        lines[0])
        self.assertIn("a kiosk deals at most 36", lines[0])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
