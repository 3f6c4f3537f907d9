#!/usr/bin/env python3
"""`visionsort check` on speech: recordings that cannot be played are problems (exit 1,
one line naming the file, after the FILE:LINE of a language file's [audio] or a keyword set's
audio:CODE cell that names it); a recording named after no text, and for a language without a
voice each text nobody recorded, are notes after the ok line.

The recordings are written by the test into a data folder of its own (VISIONSORT_DATADIR),
beside the bundled language files. Run by meson (suite 'cli') or by hand:
`python3 tests/cli/check_speech.py [-k name]`.
"""

import os
import shutil
import struct
import sys
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import vstest  # noqa: E402
from vstest import SOURCE_ROOT  # noqa: E402


def write_wav(path, seconds=0.3, rate=16000):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        n = int(seconds * rate)
        w.writeframes(b"".join(struct.pack("<h", 8000 if (i // 20) % 2 else -8000)
                               for i in range(n)))


class SpeechData(vstest.BinaryTestCase):
    """A data folder of the test's own, beside the bundled language files."""

    TMP_PREFIX = "vs-check-speech-"

    def setUp(self):
        super().setUp()
        self.data = self.tmp
        shutil.copytree(os.path.join(SOURCE_ROOT, "data"), os.path.join(self.data, "data"))
        # check holds every text against the bundled fonts
        os.symlink(os.path.join(SOURCE_ROOT, "fonts"), os.path.join(self.data, "fonts"))
        self.speech = os.path.join(self.data, "assets", "speech")
        self.env["VISIONSORT_DATADIR"] = self.data

    def check(self, *rel):
        r = self.run_vs("check", os.path.join(self.data, *rel))
        return r, r.stdout.splitlines()


class CheckSpeechTest(SpeechData):

    def test_an_unreadable_recording_is_a_problem_naming_the_file(self):
        write_wav(os.path.join(self.speech, "so", "sort.done.wav"))
        bad = os.path.join(self.speech, "so", "keyword.trygghet.ogg")
        with open(bad, "wb") as f:
            f.write(b"not a recording at all")
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertEqual(len(out), 1, self.show(r))
        self.assertTrue(out[0].startswith(bad + ": "), self.show(r))
        # a configuration offering so finds it too
        with open(os.path.join(self.data, "kiosk.ini"), "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages = sv,so\n")
        r, out = self.check("kiosk.ini")
        self.assertEqual(r.returncode, 1, self.show(r))
        self.assertTrue(any(line.startswith(bad + ": ") for line in out), self.show(r))
        # unless speech is switched off there
        with open(os.path.join(self.data, "kiosk.ini"), "a", encoding="utf-8") as f:
            f.write("[speech]\nmode = off\n")
        r, out = self.check("kiosk.ini")
        self.assertEqual(r.returncode, 0, self.show(r))

    def test_a_language_without_a_voice_lists_what_nobody_recorded(self):
        write_wav(os.path.join(self.speech, "so", "sort.done.wav"))
        write_wav(os.path.join(self.speech, "so", "sort.dnoe.wav"))  # a typo
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertTrue(out[0].startswith("ok: language so"), self.show(r))
        notes = out[1:]
        self.assertTrue(all(n.startswith("note: ") for n in notes), self.show(r))
        typo = [n for n in notes if "sort.dnoe.wav" in n]
        self.assertEqual(len(typo), 1, self.show(r))
        self.assertIn('no text has the id "sort.dnoe"', typo[0])
        missing = [n for n in notes if "no recording" in n]
        self.assertTrue(any('"sort.title"' in n for n in missing), self.show(r))
        self.assertFalse(any('"sort.done"' in n for n in missing), self.show(r))
        self.assertFalse(any('"staff.' in n for n in missing), "staff texts are read, not heard")
        # with the keyword set a configuration names, the keywords' labels too
        with open(os.path.join(self.data, "kiosk.ini"), "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages = sv,so\n")
        r, out = self.check("kiosk.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertTrue(any('"keyword.trygghet"' in n for n in out), self.show(r))

    def test_a_language_with_a_voice_needs_no_recordings(self):
        r, out = self.check("data", "lang", "sv.ini")
        self.assertEqual((r.returncode, len(out)), (0, 1), self.show(r))
        write_wav(os.path.join(self.speech, "sv", "sort.done.wav"))
        r, out = self.check("data", "lang", "sv.ini")
        self.assertEqual((r.returncode, len(out)), (0, 1), self.show(r))

    def test_so_without_recordings_says_it_is_silent(self):
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertEqual(len(out), 3, self.show(r))
        self.assertIn("no voice and no recordings", out[2])


class CheckDraftTest(SpeechData):
    """A machine-drafted language file ([language] reviewed = no) is reported as one."""

    def test_the_somali_draft_is_reported_until_reviewed(self):
        so = os.path.join(self.data, "data", "lang", "so.ini")
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        draft = [n for n in out if "draft no fluent speaker has read" in n]
        self.assertEqual(draft, ["note: %s: its texts are a draft no fluent speaker has read "
                                 "yet (reviewed = no); have one read them all, then write "
                                 "reviewed = yes" % so], self.show(r))
        # a configuration offering Somali says so too; one that does not, not
        with open(os.path.join(self.data, "kiosk.ini"), "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages = sv,so\n")
        r, out = self.check("kiosk.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertTrue(any("so.ini: its texts are a draft" in n for n in out), self.show(r))
        with open(os.path.join(self.data, "kiosk.ini"), "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages = sv,en\n")
        r, out = self.check("kiosk.ini")
        self.assertFalse(any("a draft" in n for n in out), self.show(r))
        # once read and marked, the note is gone
        with open(so, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("\nreviewed = no\n", text)
        with open(so, "w", encoding="utf-8") as f:
            f.write(text.replace("\nreviewed = no\n", "\nreviewed = yes\n"))
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        self.assertFalse(any("a draft" in n for n in out), self.show(r))


class CheckNamedSpeechTest(SpeechData):
    """Recordings a language file ([audio]) or a keyword set (audio:CODE) names by path."""

    def name_in_so_ini(self, text_id, path):
        with open(os.path.join(self.data, "data", "lang", "so.ini"), "a", encoding="utf-8") as f:
            f.write("\n[audio]\n%s = %s\n" % (text_id, path))
        with open(os.path.join(self.data, "data", "lang", "so.ini"), encoding="utf-8") as f:
            return sum(1 for _ in f)  # the line naming it is the last

    def test_a_named_recording_missing_is_a_problem_at_its_line(self):
        line = self.name_in_so_ini("sort.done", "inspelat/dhammee.ogg")
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 1, self.show(r))
        ini = os.path.join(self.data, "data", "lang", "so.ini")
        missing = os.path.join(self.data, "assets", "inspelat", "dhammee.ogg")
        self.assertEqual(len(out), 1, self.show(r))
        self.assertTrue(out[0].startswith("%s:%d: %s: " % (ini, line, missing)), self.show(r))

    def test_a_named_recording_is_the_text_spoken(self):
        write_wav(os.path.join(self.data, "assets", "inspelat", "dhammee.wav"))
        self.name_in_so_ini("sort.done", "inspelat/dhammee.wav")
        r, out = self.check("data", "lang", "so.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        # so has speech now: no "no voice and no recordings", and sort.done is not missing
        self.assertFalse(any("no voice and no recordings" in n for n in out), self.show(r))
        missing = [n for n in out if "no recording" in n]
        self.assertTrue(any('"sort.title"' in n for n in missing), self.show(r))
        self.assertFalse(any('"sort.done"' in n for n in missing), self.show(r))

    def keyword_set(self, cell):
        """The sample set with an audio:so column naming cell for its first keyword."""
        with open(os.path.join(SOURCE_ROOT, "data", "norrkoping-2035-sample.tsv"),
                  encoding="utf-8") as f:
            rows = f.read().split("\n")
        head = next(i for i, row in enumerate(rows) if row.startswith("id\t"))
        rows[head] += "\taudio:so"
        rows[head + 1] += "\t" + cell
        path = os.path.join(self.data, "set.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(rows))
        return path, head + 2, rows[head + 1].split("\t")[0]

    def test_a_keyword_set_names_recordings_of_its_labels(self):
        path, line, kw = self.keyword_set("inspelat/forsta.ogg")
        r, out = self.check("set.tsv")
        self.assertEqual(r.returncode, 1, self.show(r))
        missing = os.path.join(self.data, "assets", "inspelat", "forsta.ogg")
        self.assertEqual(len(out), 1, self.show(r))
        self.assertTrue(out[0].startswith("%s:%d: %s: " % (path, line, missing)), self.show(r))
        # recorded, the set passes, and a kiosk offering so hears that label
        write_wav(os.path.join(self.data, "assets", "inspelat", "forsta.wav"))
        path, line, kw = self.keyword_set("inspelat/forsta.wav")
        r, out = self.check("set.tsv")
        self.assertEqual(r.returncode, 0, self.show(r))
        with open(os.path.join(self.data, "kiosk.ini"), "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages = sv,so\nkeywords = %s\n" % path)
        r, out = self.check("kiosk.ini")
        self.assertEqual(r.returncode, 0, self.show(r))
        missing = [n for n in out if "no recording" in n]
        self.assertFalse(any('"keyword.%s"' % kw in n for n in missing), self.show(r))
        self.assertTrue(any('"keyword.trygghet"' in n for n in missing), self.show(r))


if __name__ == "__main__":
    sys.exit(vstest.main())
