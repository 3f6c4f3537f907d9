#!/usr/bin/env python3
"""`visionsort check` names every text no bundled font can draw.

An emoji or a word in a script the kiosk has no font for (Tigrinya's Ge'ez) would
reach visitors as empty boxes: check reports each such label, description or
language text as one `FILE:LINE:` line naming the language and every character
(U+XXXX and the character), and fails. Format characters (ZWSP, ZWNJ, ZWJ, a
BOM) draw as nothing and are never reported. The bundled sample set, language
files and a configuration offering them stay clean.
Run by meson (suite 'cli') or by hand: `python3 tests/cli/check_glyphs.py [-k name]`.
"""

import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import vstest  # noqa: E402
from vstest import LANG_DIR, SAMPLE  # noqa: E402

# Lines 1-3 metadata, 4 the header, then one keyword a line.
GLYPH_SET = (
    "# visionsort keyword set\n"
    "# set-id: glyphs\n"
    "# version: 1\n"
    "id\tsv\ten\tti\tdescription:sv-lattlast\n"
    "glad\tGlad \U0001F600\tHappy \U0001F600\U0001F44D\t\t\n"                # 5: emoji
    "fred\tFred\tPeace\t\u1230\u120b\u121d\t\n"                              # 6: Tigrinya
    "trygghet\tTrygg\u200bhet\tSafe\u200cty\t\tTrygg\u200d\ufeffhet.\n"      # 7: format
    "vanlig\tVanlig\tNormal\t\tEn vanlig stad \u2764.\n"                     # 8: description
    "datum\tDatum\t01/02/35\t\t\n"                                           # 9: a date
)


def boxes(name, line, what, chars):
    """The line check prints for a text with characters no bundled font draws."""
    listed = ", ".join("U+%04X %s" % (ord(c), c) for c in chars)
    return ("%s:%d: %s has characters no bundled font can draw, which visitors would see as "
            "empty boxes: %s; remove them, or ask the developers for a font that has them"
            % (name, line, what, listed))


class CheckGlyphsTest(vstest.BinaryTestCase):

    TMP_PREFIX = "vs-glyphs-"

    def check(self, path):
        r = self.run_vs("check", path)
        return r, r.stdout.splitlines()

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_labels_that_would_show_boxes_fail_each_on_its_line(self):
        path = self.write("glyphs.tsv", GLYPH_SET)
        r, out = self.check(path)
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertEqual(r.stderr, "", self.show(r))
        self.assertEqual(out, [
            boxes(path, 5, 'the sv label of "glad"', "\U0001F600"),
            boxes(path, 5, 'the en label of "glad"', "\U0001F600\U0001F44D"),
            boxes(path, 6, 'the ti label of "fred"', "\u1230\u120b\u121d"),
            boxes(path, 8, 'the sv-lattlast description of "vanlig"', "\u2764"),
            # the set's warnings come along, in the order of the file
            '%s:9: warning: the en label "01/02/35" looks like a date; if a spreadsheet '
            "changed the text typed, set the column's type to Text and type it again" % path,
        ], self.show(r))

    def test_format_characters_alone_leave_the_set_clean(self):
        path = self.write("format.tsv", GLYPH_SET.split("glad")[0]
                          + "trygghet\tTrygg\u200bhet\tSafe\u200cty\t\tTrygg\u200d\ufeffhet.\n"
                          + "vanlig\tVanlig\tNormal\t\t\n")
        r, out = self.check(path)
        self.assertEqual((r.returncode, out[:1]),
                         (0, ["ok: 2 keywords, languages: sv,en,ti"]), self.show(r))
        self.assertNotIn("U+", r.stdout, self.show(r))

    def test_the_sample_set_checks_clean(self):
        r, out = self.check(SAMPLE)
        self.assertEqual((r.returncode, out), (0, ["ok: 36 keywords, languages: sv,en,ar,so"]),
                         self.show(r))

    def copy_languages(self):
        lang = os.path.join(self.tmp, "lang")
        shutil.copytree(LANG_DIR, lang)
        return lang

    def test_a_language_file_names_its_texts_that_would_show_boxes(self):
        lang = self.copy_languages()
        path = os.path.join(lang, "en.ini")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        name = next(i for i, l in enumerate(lines) if l.startswith("name ="))
        touch = next(i for i, l in enumerate(lines) if l.startswith("attract.touch ="))
        lines[name] = "name = English \u2728"
        # a text over two lines: the second line is the one named
        lines[touch] = "attract.touch = Touch the screen\n  to start \U0001F446\u200d"
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        r, out = self.check(path)
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertEqual(out, [
            boxes(path, name + 1, "the language's name", "\u2728"),
            boxes(path, touch + 2, "the text attract.touch", "\U0001F446"),
        ], self.show(r))

    def test_the_bundled_language_files_check_clean(self):
        for code in ("sv", "en", "ar", "so", "sv-lattlast"):
            with self.subTest(language=code):
                r, out = self.check(os.path.join(LANG_DIR, code + ".ini"))
                self.assertEqual(r.returncode, 0, self.show(r))
                self.assertTrue(out[0].startswith("ok: language %s " % code), self.show(r))

    def test_a_configuration_names_its_wording_and_the_labels_it_offers(self):
        keywords = self.write("glyphs.tsv", GLYPH_SET)
        path = self.write("kiosk.ini", "[kiosk]\nkeywords = glyphs.tsv\nlanguages = sv,en\n"
                          "cards = 4\n"
                          "[text.sv]\nattract.touch = Tryck \U0001F449\n"
                          "[text.en]\nattract.touch = Touch the screen\n")
        r, out = self.check(path)
        self.assertEqual(r.returncode, 1, self.show(r))
        # Tigrinya is not offered here: its labels reach no visitor
        self.assertEqual(out, [
            boxes(path, 6, "the sv text attract.touch", "\U0001F449"),
            boxes(keywords, 5, 'the sv label of "glad"', "\U0001F600"),
            boxes(keywords, 5, 'the en label of "glad"', "\U0001F600\U0001F44D"),
        ], self.show(r))

    def test_a_configuration_of_the_bundled_files_checks_clean(self):
        path = self.write("kiosk.ini", "[kiosk]\nlanguages = sv,en,ar,so,sv-lattlast\n")
        r, out = self.check(path)
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(out[0], 'ok: config, site "", languages sv,en,ar,so,sv-lattlast',
                         self.show(r))


if __name__ == "__main__":
    sys.exit(vstest.main())
