#!/usr/bin/env python3
"""`visionsort pin` and `visionsort check` for kiosk configurations and language files.

What site staff and translators rely on: a PIN typed once becomes a line to paste into
[staff], the shipped example configuration and language files pass `check`, and a broken
file is refused with exit 1 and one `FILE:LINE: message` per problem on stdout.
Run by meson (suite 'config') or by hand: `python3 tests/config/config_cli.py [-k name]`.
"""

import os
import re
import shutil
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import vstest  # noqa: E402
from vstest import LANG_DIR, SAMPLE, SOURCE_ROOT  # noqa: E402
EXAMPLE = os.path.join(SOURCE_ROOT, "data", "kiosk.example.ini")

HASH_LINE = re.compile(r"^pin_hash = \$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]+\$"
                       r"[A-Za-z0-9+/]+\n$")


class ConfigCliTest(vstest.BinaryTestCase):

    TMP_PREFIX = "vs-config-"

    def run_vs(self, *args, stdin=""):
        return super().run_vs(*args, input=stdin)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def config(self, body):
        """A configuration next to a copy of the sample keywords."""
        shutil.copy(SAMPLE, os.path.join(self.tmp, "keywords.tsv"))
        return self.write("kiosk.ini", "[kiosk]\nkeywords = keywords.tsv\n" + body)

    def assert_problems(self, r, path, lines):
        """Exit 1, and exactly one stdout line per expected line number, naming the file."""
        self.assertEqual(r.returncode, 1, self.show(r))
        got = r.stdout.splitlines()
        self.assertEqual(len(got), len(lines), self.show(r))
        for line, text in zip(lines, got):
            self.assertTrue(text.startswith("%s:%d: " % (path, line)), self.show(r))

    # ---- visionsort pin ----

    def test_pin_prints_a_line_for_staff(self):
        r = self.run_vs("pin", stdin="2035\n")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertRegex(r.stdout, HASH_LINE, self.show(r))
        # the PIN itself is never printed
        self.assertNotIn("2035", r.stdout.split("$")[-1] + r.stderr, self.show(r))
        # pasted into [staff], it passes check
        path = self.config("[staff]\n" + r.stdout)
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 0, self.show(r))

    def test_pin_hashes_differ_each_time(self):
        a = self.run_vs("pin", stdin="123456")
        b = self.run_vs("pin", stdin="123456")
        self.assertEqual((a.returncode, b.returncode), (0, 0), self.show(a) + self.show(b))
        self.assertNotEqual(a.stdout, b.stdout)

    def test_pin_refuses_what_is_not_a_pin(self):
        for pin in ("", "123\n", "12a4\n", "1234567890123\n", "12 34\n"):
            with self.subTest(pin=pin):
                r = self.run_vs("pin", stdin=pin)
                self.assertEqual(r.returncode, 1, self.show(r))
                self.assertEqual(r.stdout, "", self.show(r))
                self.assertRegex(r.stderr, r"^visionsort pin: ", self.show(r))

    def test_pin_usage(self):
        r = self.run_vs("pin", "2035")
        self.assertEqual(r.returncode, 2, self.show(r))
        self.assertEqual(r.stdout, "", self.show(r))
        r = self.run_vs("pin", "--help")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertIn("pin_hash", r.stdout)

    # ---- visionsort check on configurations ----

    def test_example_config_passes(self):
        r = self.run_vs("check", EXAMPLE)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(r.stdout, 'ok: config, site "Stadsbiblioteket Norrköping", '
                                   'languages sv,en,ar\n', self.show(r))

    def test_config_without_keys_uses_defaults(self):
        r = self.run_vs("check", self.write("empty.ini", "; all defaults\n"))
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(r.stdout, 'ok: config, site "", languages sv,en,ar\n', self.show(r))

    def test_broken_config_names_every_problem(self):
        path = self.config("cards = 40\n"                  # line 3
                           "idle_seconds = soon\n"         # line 4
                           "colour = blue\n"               # line 5
                           "[staff]\n"
                           "pin_hash = 2035\n"             # line 7
                           "[settings]\n")                 # line 8
        self.assert_problems(self.run_vs("check", path), path, [3, 4, 5, 7, 8])

    def test_compare_min_sessions_checked(self):
        r = self.run_vs("check", self.config("compare_min_sessions = 25\n"))
        self.assertEqual(r.returncode, 0, self.show(r))
        path = self.config("compare_min_sessions = 1\n")    # line 3
        r = self.run_vs("check", path)
        self.assert_problems(r, path, [3])
        self.assertIn("compare_min_sessions is \"1\"; write a whole number from 2 to 100000",
                      r.stdout, self.show(r))

    def test_config_checked_against_language_files_and_keywords(self):
        path = self.config("languages = sv,en,fr\n"        # line 3
                           "[text.sv]\nsort.titel = Ny fråga\n"   # line 5
                           "[text.en]\nsort.titel = New question\n"  # line 7
                           "[text.fr]\nsort.titel = Question\n")     # line 9
        self.assert_problems(self.run_vs("check", path), path, [3, 5, 7, 9, 3])

    def test_config_notes_every_missing_label_per_language(self):
        # the sample set with two labels emptied: en of line 10, so of line 12
        with open(SAMPLE, encoding="utf-8") as f:
            rows = f.read().split("\n")
        header = next(i for i, r in enumerate(rows) if r.startswith("id\t"))
        cols = rows[header].split("\t")
        for line, lang in ((10, "en"), (12, "so")):
            cells = rows[line - 1].split("\t")
            cells[cols.index(lang)] = ""
            rows[line - 1] = "\t".join(cells)
        keywords = self.write("gaps.tsv", "\n".join(rows))
        ids = [rows[n - 1].split("\t")[0] for n in (10, 12)]
        path = self.write("kiosk.ini", "[kiosk]\nkeywords = gaps.tsv\n"
                                       "languages = sv,sv-lattlast,en,ar,so\n")
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(r.stdout.splitlines(), [
            'ok: config, site "", languages sv,sv-lattlast,en,ar,so',
            'note: %s:10: the en label of "%s" is empty; it shows in Swedish' % (keywords, ids[0]),
            'note: %s/so.ini: its texts are a draft no fluent speaker has read yet (reviewed = '
            'no); have one read them all, then write reviewed = yes' % LANG_DIR,
            'note: %s:12: the so label of "%s" is empty; it shows in Swedish' % (keywords, ids[1]),
            'note: %s/so.ini: no voice and no recordings: visitors in so hear nothing and see '
            'no speaker buttons (docs/speech.md)' % LANG_DIR,
        ], self.show(r))

    def test_config_with_missing_keywords_file(self):
        path = self.write("kiosk.ini", "[kiosk]\nkeywords = nowhere.tsv\n")
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertIn("nowhere.tsv: cannot open", r.stdout, self.show(r))

    def test_unreadable_ini(self):
        r = self.run_vs("check", os.path.join(self.tmp, "missing.ini"))
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertIn("missing.ini: cannot open", r.stdout, self.show(r))

    # ---- visionsort check on language files ----

    def test_bundled_language_files_pass(self):
        for code, name, direction in (("sv", "Svenska", "left to right"),
                                      ("en", "English", "left to right"),
                                      ("ar", "العربية", "right to left"),
                                      ("so", "Soomaali", "left to right"),
                                      ("sv-lattlast", "Lättläst svenska", "left to right")):
            with self.subTest(code=code):
                path = os.path.join(LANG_DIR, code + ".ini")
                r = self.run_vs("check", path)
                self.assertEqual(r.returncode, 0, self.show(r))
                # Somali is a machine-drafted translation no fluent speaker has read yet, has
                # no voice and, bundled, no recordings: check says both
                silent = ('note: %s: its texts are a draft no fluent speaker has read yet '
                          '(reviewed = no); have one read them all, then write reviewed = yes\n'
                          'note: %s: no voice and no recordings: visitors in so hear nothing '
                          'and see no speaker buttons (docs/speech.md)\n' % (path, path)
                          if code == "so" else "")
                m = re.fullmatch(r'ok: language %s "%s", %s, (\d+) of (\d+) texts\n%s'
                                 % (code, name, direction, re.escape(silent)), r.stdout)
                self.assertTrue(m, self.show(r))
                self.assertEqual(m.group(1), m.group(2), self.show(r))

    def copy_lang(self):
        lang = os.path.join(self.tmp, "lang")
        shutil.copytree(LANG_DIR, lang)
        return lang

    def test_new_language_with_gaps_passes_with_notes(self):
        lang = self.copy_lang()
        path = self.write("lang/so.ini", "[language]\ncode = so\nname = Soomaali\n"
                                         "[text]\nsort.done = Dhammaad\n")
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 0, self.show(r))
        out = r.stdout.splitlines()
        self.assertRegex(out[0], r'^ok: language so "Soomaali", left to right, 1 of \d+ texts$')
        self.assertTrue(len(out) > 10, self.show(r))
        self.assertTrue(all(l.startswith("note: %s: no text for " % path) for l in out[1:-1]),
                        self.show(r))
        self.assertTrue(out[-1].startswith("note: %s: no voice and no recordings" % path),
                        self.show(r))
        self.assertTrue(os.path.isdir(lang))

    def test_broken_language_file_names_every_problem(self):
        self.copy_lang()
        path = self.write("lang/so.ini", "[language]\ncode = so\nname = Soomaali\n"
                                         "direction = sideways\n"            # line 4
                                         "[text]\nsort.dnoe = Dhammaad\n"     # line 6
                                         "sort.progress = {placed} ka mid ah\n")  # line 7
        self.assert_problems(self.run_vs("check", path), path, [4, 6, 7])

    def test_language_file_without_swedish_beside_it(self):
        path = self.write("alone/so.ini", "[language]\ncode = so\nname = Soomaali\n")
        r = self.run_vs("check", path)
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertIn("there is no sv.ini", r.stdout, self.show(r))


if __name__ == "__main__":
    unittest.main(verbosity=2)
