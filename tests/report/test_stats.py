#!/usr/bin/env python3
"""Statistics and report files against an independent computation.

Two data sets:
  A  rows written straight into a tally made by visionsort (edge cases a
     kiosk would not produce on demand: empty and missing sites, a keyword
     nobody was shown, a label full of CSV and HTML metacharacters, a yes
     card without a rank, sessions around midnight UTC);
  B  real export files written through the store API by make_export,
     imported with `visionsort import`, checked against the export files.
Every statistic is recomputed here (report_common.reference) and compared to
`tally --csv`, `tally --json`, every `--by`, and `report --csv [--excel]`.
"""

import os
import random
import shutil
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_common as rc  # noqa: E402

TRICKY = 'Kaffe & <b>"bullar"</b>, \'fika\'; =1+1'
KEYWORDS = [("trygghet", "Trygghet"), ("gronska", "Grönska och parker"),
            ("kultur", "Kultur, musik och teater"), ("tricky", TRICKY),
            ("utan-etikett", None), ("ensamhet", "Ensamhet"),
            ("hamn", "Hamn och logistik"), ("tomt", "Aldrig visad")]
SITES = ["Stadsbiblioteket", "Mirum, Norrköping", None, ""]
LANGS = ["sv", "en", "ar", None]
BANDS = ["-15", "16-25", "26-45", "46-65", "66-", None]
HOMES = ["city", "municipality", "visitor", None]


def build_dataset_a(path, sessions=600, seed=2035):
    """Fills a fresh tally; returns whether it has the profile columns."""
    rc.new_tally(path)
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    try:
        cols = rc.columns(con, "sessions")
        profile = "age_band" in cols and "residence" in cols
        import_id = rc.insert(con, "imports", {"file_name": "dataset-a", "kiosk_id": "k",
                                              "imported_at": "2035-05-01T00:00:00.000Z"})
        for kw, label in KEYWORDS:
            rc.insert(con, "keywords", {"keyword_id": kw, "label_sv": label,
                                        "set_id": "test", "set_version": "1"})
        shown = [kw for kw, _ in KEYWORDS if kw != "tomt"]
        for i in range(sessions):
            day = 1 + i % 3
            hour, minute = rnd.choice([(0, 5), (9, 30), (14, 0), (23, 55)])
            started = "2035-05-%02dT%02d:%02d:00.000Z" % (day, hour, minute)
            outcome = "abandoned" if rnd.random() < 0.12 else "completed"
            values = {"kiosk_id": "kiosk-%d" % (i % 3), "uuid": "uuid-%05d" % i,
                      "site": rnd.choice(SITES), "set_id": "test", "set_version": "1",
                      "language": rnd.choice(LANGS), "started_at": started,
                      "ended_at": started.replace(":00.000Z", ":45.000Z"),
                      "outcome": outcome, "import_id": import_id}
            if profile:
                values["age_band"] = rnd.choice(BANDS)
                values["residence"] = rnd.choice(HOMES)
            sid = rc.insert(con, "sessions", values)
            dealt = rnd.sample(shown, 5)
            piles = {"yes": 0, "no": 0, "neutral": 0}
            for pos, kw in enumerate(dealt):
                bias = 0.2 + 0.1 * shown.index(kw)
                roll = rnd.random()
                pile = "yes" if roll < bias else "neutral" if roll < bias + 0.15 else "no"
                if outcome == "abandoned" and pos >= 3:
                    pile = None
                rank = None
                if pile:
                    piles[pile] += 1
                    rank = piles[pile]
                if pile == "yes" and i == 7 and pos == 0:
                    rank = None  # a yes without a rank must not count in mean_rank
                rc.insert(con, "cards", {"session_id": sid, "keyword_id": kw, "pile": pile,
                                         "rank": rank, "deal_pos": pos})
        con.commit()
    finally:
        con.close()
    return profile


class StatsCase(unittest.TestCase):
    maxDiff = None

    def assert_rows(self, got, want, exact_text, what):
        """got: parsed CSV (strings) or JSON rows; want: reference rows."""
        self.assertEqual(len(got), len(want), "%s: row count" % what)
        for i, (g, w) in enumerate(zip(got, want)):
            where = "%s row %d (%s)" % (what, i + 1, w["keyword_id"])
            for key in ("segment", "keyword_id", "label"):
                if key in w:
                    self.assertEqual(g[key], w[key], where + " " + key)
            for key in ("shown", "yes", "no", "neutral"):
                self.assertEqual(int(g[key]), w[key], where + " " + key)
            for key in ("approval", "approval_low", "approval_high", "net", "mean_rank"):
                if exact_text:
                    # the CSV: exactly 4 decimals, empty when undefined
                    if w[key] is None:
                        self.assertEqual(g[key], "", where + " " + key)
                    else:
                        self.assertRegex(g[key], r"^-?\d\.\d{4}$|^\d+\.\d{4}$", where)
                        self.assertAlmostEqual(float(g[key]), w[key], delta=0.00005 + 1e-12,
                                               msg=where + " " + key)
                elif w[key] is None:
                    self.assertIsNone(g[key], where + " " + key)
                else:
                    # a JSON number; 0 and 1 may come without a fraction
                    self.assertIsInstance(g[key], (int, float))
                    self.assertNotIsInstance(g[key], bool)
                    self.assertAlmostEqual(g[key], w[key], delta=1e-12, msg=where + " " + key)


class DatasetA(StatsCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vs-report-")
        cls.db = os.path.join(cls.tmp, "tally.db")
        cls.profile = build_dataset_a(cls.db)
        cls.raw = rc.tally_rows(cls.db)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def tally(self, *args):
        r = rc.run_vs("tally", "--tally", self.db, *args, check=True)
        return r.stdout.decode("utf-8")

    def want(self, by=None, abandoned=False):
        return rc.reference(*self.raw, by=by, include_abandoned=abandoned)

    def segments(self):
        return [s for s in rc.SEGMENTS if self.profile or s not in ("age", "residence")]

    def test_csv_header_is_the_contract(self):
        self.assertEqual(self.tally("--csv").splitlines()[0], rc.HEADER)
        self.assertEqual(self.tally("--csv", "--by", "site").splitlines()[0],
                         "segment," + rc.HEADER)

    def test_csv_matches_reference(self):
        for abandoned in (False, True):
            args = ["--csv"] + (["--include-abandoned"] if abandoned else [])
            self.assert_rows(rc.parse_csv(self.tally(*args)), self.want(None, abandoned),
                             True, "tally %s" % " ".join(args))

    def test_json_matches_reference(self):
        for abandoned in (False, True):
            args = ["--json"] + (["--include-abandoned"] if abandoned else [])
            got = rc.parse_json(self.tally(*args))
            self.assertIsInstance(got, list)
            self.assert_rows(got, self.want(None, abandoned), False, "tally --json")
            self.assertTrue(all("segment" not in r for r in got))

    def test_every_segment_matches_reference_and_sums_to_total(self):
        total = {r["keyword_id"]: r for r in self.want()}
        for by in self.segments():
            for abandoned in (False, True):
                flags = ["--by", by] + (["--include-abandoned"] if abandoned else [])
                want = self.want(by, abandoned)
                self.assert_rows(rc.parse_csv(self.tally("--csv", *flags)), want, True,
                                 "tally --csv " + " ".join(flags))
                got = rc.parse_json(self.tally("--json", *flags))
                self.assert_rows(got, want, False, "tally --json " + " ".join(flags))
                # the segments add up to the whole, keyword by keyword
                whole = {r["keyword_id"]: r for r in self.want(None, abandoned)}
                for kw, w in whole.items():
                    for key in ("shown", "yes", "no", "neutral"):
                        part = sum(int(r[key]) for r in got if r["keyword_id"] == kw)
                        self.assertEqual(part, w[key], "%s %s %s" % (by, kw, key))
        self.assertTrue(total)

    def test_missing_values_are_labelled_not_given(self):
        segs = {r["segment"] for r in rc.parse_csv(self.tally("--csv", "--by", "site"))}
        self.assertIn(rc.NOT_GIVEN, segs)
        self.assertNotIn("", segs)
        days = {r["segment"] for r in rc.parse_csv(self.tally("--csv", "--by", "day"))}
        self.assertEqual(days, {"2035-05-01", "2035-05-02", "2035-05-03"})

    def test_profile_segments_without_columns_fail_clearly(self):
        if self.profile:
            self.skipTest("this tally has age_band and residence")
        r = rc.run_vs("tally", "--tally", self.db, "--csv", "--by", "age")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"age_band", r.stderr)

    def test_usage_errors(self):
        for args in (["--by", "colour"], ["--csv", "--json"], ["--show"],
                     ["--watch", self.tmp, "--csv"], ["--watch", self.tmp, "--show",
                                                      "--windowed", "10x10"]):
            r = rc.run_vs("tally", "--tally", self.db, *args)
            self.assertEqual(r.returncode, 2, "%s: %s" % (args, r.stderr))

    def test_report_csv_is_the_tally_csv(self):
        out = os.path.join(self.tmp, "plain.csv")
        rc.run_vs("report", "--tally", self.db, "--csv", out, check=True)
        with open(out, encoding="utf-8", newline="") as f:
            self.assertEqual(f.read(), self.tally("--csv"))
        out = os.path.join(self.tmp, "site.csv")
        rc.run_vs("report", "--tally", self.db, "--csv", out, "--by", "site", check=True)
        with open(out, encoding="utf-8", newline="") as f:
            self.assertEqual(f.read(), self.tally("--csv", "--by", "site"))

    def test_excel_csv(self):
        out = os.path.join(self.tmp, "excel.csv")
        by = "age" if self.profile else "site"
        rc.run_vs("report", "--tally", self.db, "--csv", out, "--excel", "--by", by,
                  check=True)
        with open(out, "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM")
        text = raw[3:].decode("utf-8")
        self.assertEqual(text.splitlines()[0], "segment;" + rc.HEADER.replace(",", ";"))
        rows = rc.parse_csv(text, sep=";")
        want = self.want(by)
        self.assertEqual(len(rows), len(want))
        for g, w in zip(rows, want):
            seg = w["segment"]
            if seg[0] in "=+-@":
                seg = "'" + seg  # Excel would run it as a formula
            self.assertEqual(g["segment"], seg)
            self.assertEqual(g["label"], ("'" + w["label"]) if w["label"][0] in "=+-@"
                             else w["label"])
            for key in ("approval", "approval_low", "approval_high", "net", "mean_rank"):
                if w[key] is None:
                    self.assertEqual(g[key], "")
                    continue
                self.assertRegex(g[key], r"^-?\d+,\d{4}$", "decimal comma")
                self.assertAlmostEqual(float(g[key].replace(",", ".")), w[key],
                                       delta=0.00005 + 1e-12)
        self.assertIn("Kaffe", text)
        if by == "age":
            self.assertIn("'-15;", text)

    def test_html_is_self_contained_and_escaped(self):
        out = os.path.join(self.tmp, "report.html")
        rc.run_vs("report", "--tally", self.db, "--html", out, check=True)
        with open(out, encoding="utf-8") as f:
            html = f.read()
        low = html.lower()
        for needle in ("http:", "https:", "src=", "<script", "<link", "url(", "@import",
                       "<iframe", "<object", "<embed"):
            self.assertNotIn(needle, low, "external reference or script: %s" % needle)
        self.assertNotIn(TRICKY, html, "a label went into the HTML unescaped")
        self.assertIn("Kaffe &amp; &lt;b&gt;&quot;bullar&quot;&lt;/b&gt;, &#39;fika&#39;", html)
        self.assertNotIn("<b>\"bullar", html)
        # a missing value reads "(inget svar)" in the Swedish report
        for text in ("Så läser du siffrorna", "How to read the numbers", "<svg",
                     "Stadsbiblioteket", "Mirum, Norrköping", "(inget svar)"):
            self.assertIn(text, html)
        self.assertEqual(html.count("<svg"), html.count("</svg>"))

    def test_png_chart(self):
        out = os.path.join(self.tmp, "chart.png")
        rc.run_vs("report", "--tally", self.db, "--png", out, check=True)
        with open(out, "rb") as f:
            head = f.read(24)
        self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(head[16:20], "big")
        height = int.from_bytes(head[20:24], "big")
        self.assertEqual(width, 1600)
        self.assertGreater(height, 300)
        os.makedirs(rc.OUTPUT, exist_ok=True)
        shutil.copy(out, os.path.join(rc.OUTPUT, "report-chart.png"))

    def test_report_refuses_a_missing_tally(self):
        missing = os.path.join(self.tmp, "missing.db")
        r = rc.run_vs("report", "--tally", missing, "--html", os.path.join(self.tmp, "x.html"))
        self.assertEqual(r.returncode, 1)
        self.assertFalse(os.path.exists(missing))


class DatasetB(StatsCase):
    """Real export files, three kiosks, one imported twice (duplicates)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vs-report-b-")
        cls.db = os.path.join(cls.tmp, "tally.db")
        cls.files = [rc.make_export(cls.tmp, "kiosk%d" % i, n, i + 1, site)
                     for i, (n, site) in enumerate([(120, "Stadsbiblioteket"), (80, "Mirum"),
                                                    (40, "")])]
        rc.new_tally(cls.db)
        for f in cls.files:
            rc.trust_export(cls.db, f)
        rc.run_vs("import", "--tally", cls.db, *cls.files, check=True)
        rc.run_vs("import", "--tally", cls.db, cls.files[0], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_against_the_export_files(self):
        raw = rc.export_rows(self.files)
        con = sqlite3.connect(self.db)
        profile = "age_band" in rc.columns(con, "sessions")
        con.close()
        for by in [None] + list(rc.SEGMENTS):
            if by in ("age", "residence") and not profile:
                continue
            args = ["--csv"] + (["--by", by] if by else [])
            got = rc.parse_csv(rc.run_vs("tally", "--tally", self.db, *args,
                                         check=True).stdout.decode())
            want = rc.reference(*raw, by=by)
            # keywords the tally knows but no file named (none here) would differ
            self.assert_rows(got, want, True, "exports " + " ".join(args))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
