#!/usr/bin/env python3
"""`visionsort check` on keyword sets as spreadsheets save them.

The sample set as LibreOffice saved it (tests/model/data, made by
tools/make-keyword-fixtures.sh): every form passes with the sample's count and
languages and a line naming the form read; the tab-separated UTF-8 original, the
format's own form, still prints its one line. A cell the spreadsheet made a date
of is warned about with its line; a broken CSV gets one line per problem.
Run by meson (suite 'cli') or by hand: `python3 tests/cli/check_forms.py [-k name]`.
"""

import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import vstest  # noqa: E402
from vstest import SAMPLE, SOURCE_ROOT  # noqa: E402
FIXTURES = os.path.join(SOURCE_ROOT, "tests", "model", "data")
OK_LINE = "ok: 36 keywords, languages: sv,en,ar,so"

# Each file LibreOffice saved, and the line naming what check read (None: nothing more).
SAVED = {
    "sample-excel-csv-utf8.csv": "read: comma-separated, UTF-8",
    "sample-swedish.csv": "read: semicolon-separated, UTF-8",
    "sample-tab.tsv": None,
    "sample-unicode-text.txt": "read: tab-separated, UTF-16 little-endian",
    "sample-unicode-text-be.txt": "read: tab-separated, UTF-16 big-endian",
}


class CheckFormsTest(vstest.BinaryTestCase):

    TMP_PREFIX = "vs-forms-"

    def check(self, path):
        r = self.run_vs("check", path)
        return r, r.stdout.splitlines()

    def test_each_saved_form_passes_and_is_named(self):
        self.assertEqual(sorted(SAVED),
                         sorted(f for f in os.listdir(FIXTURES) if f != "sample-date-mangled.csv"))
        for name, form in SAVED.items():
            with self.subTest(file=name):
                r, out = self.check(os.path.join(FIXTURES, name))
                self.assertEqual(r.returncode, 0, self.show(r))
                self.assertEqual(out, [OK_LINE] + ([form] if form else []), self.show(r))
                self.assertEqual(r.stderr, "", self.show(r))

    def test_the_original_prints_what_the_saved_forms_print(self):
        r, out = self.check(SAMPLE)
        self.assertEqual((r.returncode, out), (0, [OK_LINE]), self.show(r))

    def test_a_configuration_takes_a_saved_form_as_its_keywords(self):
        shutil.copy(os.path.join(FIXTURES, "sample-swedish.csv"), self.tmp)
        path = os.path.join(self.tmp, "kiosk.ini")
        with open(path, "w", encoding="utf-8") as f:
            f.write("[kiosk]\nkeywords = sample-swedish.csv\n")
        r, out = self.check(path)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(out, ['ok: config, site "", languages sv,en,ar'], self.show(r))

    def test_a_date_made_by_the_spreadsheet_is_warned_about(self):
        path = os.path.join(FIXTURES, "sample-date-mangled.csv")
        r, out = self.check(path)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(out[:2], ["ok: 37 keywords, languages: sv,en,ar,so",
                                   "read: comma-separated, UTF-8"], self.show(r))
        self.assertEqual(len(out), 3, self.show(r))
        self.assertRegex(out[2], r"^%s:46: warning: the en label \"\d\d/\d\d/\d\d\" looks like "
                         r"a date; .*Text" % path.replace("\\", "\\\\"), self.show(r))

    def broken(self, name, change):
        with open(os.path.join(FIXTURES, name), "rb") as f:
            data = change(f.read())
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_a_broken_csv_gets_one_line_per_problem(self):
        # A stray quote in one row, and one row saved with commas in a semicolon file
        def change(data):
            rows = data.split(b"\n")
            rows[11] = rows[11].replace(b";Segregation;", b";\"Segregation;")
            rows[12] = rows[12].replace(b";", b",")
            return b"\n".join(rows)
        path = self.broken("sample-swedish.csv", change)
        r, out = self.check(path)
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertEqual(len(out), 2, self.show(r))
        self.assertRegex(out[0], r"^%s:12: column B starts with a double quote but has no "
                         r"closing quote" % path, self.show(r))
        self.assertRegex(out[1], r"^%s:13: the row is one cell separated by commas, but the "
                         r"header row by semicolons" % path, self.show(r))

    def test_excel_csv_without_its_quotes_closed_is_one_line(self):
        path = self.broken("sample-excel-csv-utf8.csv", lambda d: d.replace(
            b'"Kunskapsstad",', b'"Kunskapsstad,', 1))
        r, out = self.check(path)
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertEqual(len(out), 1, self.show(r))
        self.assertRegex(out[0], r"^%s:10: column B (starts with|has text after its closing) "
                         r"double quote" % path, self.show(r))


if __name__ == "__main__":
    sys.exit(vstest.main())
